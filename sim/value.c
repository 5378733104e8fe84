/*
** value.c - format 1.1 values at run time (see value.h): the heap,
** variables, expressions, conditions and patterns that bind.
*/
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

/* {=== the heap ===} */

#define BLOCK_BYTES (64u << 10)

struct vblock {
	struct vblock *next;
	size_t used, cap;
	unsigned char data[];
};

struct vheap {
	atomic_uint refs;
	pthread_mutex_t lock;
	struct vblock *blocks;     /* newest first */
	size_t bytes;
};

struct vheap *vheap_create(void)
{
	struct vheap *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	atomic_init(&h->refs, 1);
	if (pthread_mutex_init(&h->lock, NULL) != 0) {
		free(h);
		return NULL;
	}
	return h;
}

struct vheap *vheap_ref(struct vheap *h)
{
	if (h)
		atomic_fetch_add(&h->refs, 1);
	return h;
}

void vheap_unref(struct vheap *h)
{
	if (!h || atomic_fetch_sub(&h->refs, 1) != 1)
		return;
	for (struct vblock *b = h->blocks, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	pthread_mutex_destroy(&h->lock);
	free(h);
}

size_t vheap_memory(const struct vheap *h)
{
	return h ? h->bytes : 0;
}

/* A copy of the n bytes at src in s's heap (aborts on ENOMEM). */
static const struct term *heap_copy(struct sim *s, const unsigned char *src, size_t n)
{
	struct vheap *h = s->heap;
	pthread_mutex_lock(&h->lock);
	struct vblock *b = h->blocks;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > BLOCK_BYTES ? n : BLOCK_BYTES;
		b = malloc(sizeof *b + cap);
		if (!b) {
			pthread_mutex_unlock(&h->lock);
			engine_oom();
		}
		b->used = 0;
		b->cap = cap;
		b->next = h->blocks;
		h->blocks = b;
		h->bytes += sizeof *b + cap;
	}
	unsigned char *dst = b->data + b->used;
	b->used += n;
	pthread_mutex_unlock(&h->lock);
	memcpy(dst, src, n);
	return (const struct term *)dst;
}

/* The term built in tb, kept in the heap and counted on c's process;
** NULL with c->error when the process made too much or memory ran out. */
static const struct term *keep(struct vctx *c, struct term_buf *tb)
{
	const struct term *t = NULL;
	struct pvars *v = pvars_get(c->p);
	if (tb->oom || v->bytes + tb->n > VALUE_PROC_BYTES) {
		c->error = ATOM_SYSTEM_LIMIT;
	} else {
		v->bytes += tb->n;
		/* the run's own count (not the archive's copies of a state,
		** which depend on the page size) */
		atomic_fetch_add_explicit(&c->s->heap_made, tb->n, memory_order_relaxed);
		t = heap_copy(c->s, tb->p, tb->n);
	}
	free(tb->p);
	*tb = (struct term_buf){0};
	return t;
}

/* {=== variables ===} */

struct pvars *pvars_of(struct proc *p)
{
	struct proc_ties *t = proc_ties(p);
	if (!t->vars && !(t->vars = calloc(1, sizeof *t->vars)))
		engine_oom();
	return t->vars;
}

void pvars_free(struct pvars *v)
{
	if (!v)
		return;
	free(v->state);
	free(v->bound);
	free(v->scopes);
	free(v);
}

#define DUP_ARR(d, s, n, bytes) vec_dup((void **)&(d), (s), (n), sizeof *(s), (bytes))

struct pvars *pvars_clone(const struct pvars *v, size_t *bytes)
{
	struct pvars *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	*d = *v;
	d->state = NULL;
	d->bound = NULL;
	d->scopes = NULL;
	*bytes += sizeof *d;
	if (!DUP_ARR(d->state, v->state, v->nstate, bytes) ||
	    !DUP_ARR(d->bound, v->bound, v->nbound, bytes) ||
	    !DUP_ARR(d->scopes, v->scopes, v->nscopes, bytes)) {
		pvars_free(d);
		return NULL;
	}
	d->capstate = v->nstate;
	d->capbound = v->nbound;
	d->capscopes = v->nscopes;
	return d;
}

size_t pvars_memory(const struct pvars *v)
{
	return v ? sizeof *v + v->capstate * sizeof *v->state + v->capbound * sizeof *v->bound +
	           v->capscopes * sizeof *v->scopes : 0;
}

/* Names are short: compared inline, without a call (the hot path). */
static inline bool same_name(const char *a, const char *b, uint32_t len)
{
	if (a == b)
		return true;
	for (uint32_t i = 0; i < len; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static inline struct binding *find(struct binding *b, uint32_t n, const char *name, uint32_t len)
{
	for (uint32_t i = n; i-- > 0;)
		if (b[i].len == len && same_name(b[i].name, name, len))
			return &b[i];
	return NULL;
}

void value_set(struct proc *p, const char *name, uint32_t len, const struct term *val,
               uint64_t tick)
{
	struct pvars *v = pvars_get(p);
	struct binding *b = find(v->state, v->nstate, name, len);
	if (b) {
		b->val = val;
		b->tick = tick;
		return;
	}
	struct binding nb = {name, len, val, tick};
	if (!VEC_PUSH(v->state, v->nstate, v->capstate, nb))
		engine_oom();
}

void pvars_start(struct proc *p, const struct term *state)
{
	const struct term *end, *m = term_items(state, &end);
	while (m < end) {
		const char *k;
		size_t kl;
		const struct term *val = term_member(m, &k, &kl);
		value_set(p, k, (uint32_t)kl, val, VALUE_INITIAL);
		m = term_next(val);
	}
}

/* Drops the scopes whose frames are gone. */
static inline void prune(struct proc *p, struct pvars *v)
{
	while (v->nscopes) {
		const struct vscope *sc = &v->scopes[v->nscopes - 1];
		if (sc->depth <= p->depth && proc_frames(p)[sc->depth - 1].ops == sc->ops)
			return;
		v->nbound = sc->base;
		v->nscopes--;
	}
}

static inline void bind(struct pvars *v, const char *name, uint32_t len, const struct term *val)
{
	struct binding b = {name, len, val, 0};
	if (!VEC_PUSH(v->bound, v->nbound, v->capbound, b))
		engine_oom();
}

uint32_t value_mark(struct proc *p)
{
	struct pvars *v = pvars_get(p);
	prune(p, v);
	return v->nbound;
}

void value_unbind(struct proc *p, uint32_t base)
{
	pvars_get(p)->nbound = base;
}

void value_scope(struct proc *p, uint32_t base)
{
	struct pvars *v = pvars_get(p);
	struct vscope sc = {p->depth, proc_top(p)->ops, base, NULL, NULL};
	if (!VEC_PUSH(v->scopes, v->nscopes, v->capscopes, sc))
		engine_oom();
}

void value_foreach_start(struct proc *p, const struct op *op, const struct term *list)
{
	uint32_t base = value_mark(p);
	const struct term *end, *first = term_items(list, &end);
	proc_top(p)->pc++;
	proc_push_frame(p, &op->u.each.body, term_count(list) - 1);
	struct pvars *v = pvars_get(p);
	bind(v, op->u.each.var, op->u.each.len, first);
	struct vscope sc = {p->depth, proc_top(p)->ops, base, term_next(first), end};
	if (!VEC_PUSH(v->scopes, v->nscopes, v->capscopes, sc))
		engine_oom();
}

void exec_foreach_next(struct proc *p)
{
	struct pvars *v = pvars_get(p);
	prune(p, v);
	BEAMSIM_ASSERT(v->nscopes > 0 && v->scopes[v->nscopes - 1].cur);
	struct vscope *sc = &v->scopes[v->nscopes - 1];
	v->nbound = sc->base + 1;
	v->bound[sc->base].val = sc->cur;
	sc->cur = term_next(sc->cur);
}

/* A pid as a term in the heap (NULL with c->error on a limit). */
static const struct term *pid_term(struct vctx *c, uint32_t pid)
{
	struct term_buf tb = {0};
	term_put_pid(&tb, pid);
	return keep(c, &tb);
}

/* The reason ["unbound","NAME"] (interned by the loader for every name
** the file reads; badarg if it somehow is not). */
static atom_t unbound(struct vctx *c, const char *name, uint32_t len)
{
	char buf[160];
	int n = snprintf(buf, sizeof buf, "[\"unbound\",\"%.*s\"]", (int)len, name);
	atom_t a = n > 0 && (size_t)n < sizeof buf ? atom_find(&c->s->scn->atoms, buf) : UINT32_MAX;
	return a == UINT32_MAX ? ATOM_BADARG : a;
}

/* The pid a read-only variable holds: $self always, $sender and $parent
** once they hold one; 0 for any other name or an unset one. */
static inline uint32_t predefined_pid(const struct proc *p, const char *name, uint32_t len)
{
	if (name[0] != 's' && name[0] != 'p')
		return 0;
	if (len == 4 && memcmp(name, "self", 4) == 0)
		return p->pid;
	if (len == 6 && memcmp(name, "sender", 6) == 0)
		return p->last_sender;
	if (len == 6 && memcmp(name, "parent", 6) == 0)
		return p->parent;
	return 0;
}

/* The value of a variable bound now: a pattern's or a foreach's (the
** innermost first), else a state variable; NULL when neither. */
static inline const struct term *bound_value(struct proc *p, const char *name, uint32_t len)
{
	struct pvars *v = pvars_get(p);
	prune(p, v);
	const struct binding *b = find(v->bound, v->nbound, name, len);
	if (!b)
		b = find(v->state, v->nstate, name, len);
	return b ? b->val : NULL;
}

/* A variable not bound by the scenario: $self, $sender, $parent, else
** NULL with c->error (kept out of line: the hot path is bound_value). */
static __attribute__((noinline)) const struct term *lookup_predefined(struct vctx *c,
                                                                     const char *name,
                                                                     uint32_t len)
{
	struct proc *p = c->p;
	struct pvars *v = pvars_get(p);
	uint32_t pid = predefined_pid(p, name, len);
	if (pid == p->pid) {
		if (!v->self)
			v->self = pid_term(c, p->pid);
		return v->self;
	}
	if (pid)
		return pid_term(c, pid);
	c->error = unbound(c, name, len);
	return NULL;
}

/* The variable's value; NULL (c->error) when unbound. */
static inline const struct term *lookup(struct vctx *c, const char *name, uint32_t len)
{
	const struct term *t = bound_value(c->p, name, len);
	return t ? t : lookup_predefined(c, name, len);
}

/* {=== building values ===} */

static bool build(struct vctx *c, struct term_buf *tb, const struct term *t)
{
	enum term_type ty = term_type(t);
	if (ty == TERM_STRING) {
		size_t len;
		const char *s = term_get_string(t, &len);
		if (len >= 2 && s[0] == '$' && s[1] == '$') {
			term_put_string(tb, s + 1, len - 1);
		} else if (len >= 2 && s[0] == '$') {
			const struct term *val = lookup(c, s + 1, (uint32_t)len - 1);
			if (!val)
				return false;
			term_put_term(tb, val);
		} else {
			term_put_term(tb, t);
		}
		return true;
	}
	const struct term *end, *e = term_items(t, &end);
	if ((ty != TERM_ARRAY && ty != TERM_OBJECT) || e == end) {
		term_put_term(tb, t);
		return true;
	}
	size_t opened = term_open(tb, ty == TERM_OBJECT);
	for (; e < end; e = term_next(e)) {
		if (ty == TERM_OBJECT) {
			const char *k;
			size_t kl;
			e = term_member(e, &k, &kl);
			term_put_key(tb, k, kl);
		}
		if (!build(c, tb, e))
			return false;
	}
	term_close(tb, opened);
	return true;
}

static const struct term *number(struct vctx *c, double d)
{
	struct term_buf tb = {0};
	int64_t i = (int64_t)d;
	if (d == (double)i && fabs(d) <= TERM_INT_MAX) {
		term_put_int(&tb, i);
	} else {
		char text[40];
		int n = snprintf(text, sizeof text, "%.17g", d);
		if (!isfinite(d)) {
			c->error = c->s->scn->atom_badarith;
			return NULL;
		}
		term_put_number(&tb, d, text, (size_t)n);
	}
	return keep(c, &tb);
}

/* add sub mul div */
static const struct term *arith(struct vctx *c, int kind, const struct term *a,
                                const struct term *b)
{
	int64_t x, y;
	c->error = c->s->scn->atom_badarith;
	if (term_type(a) != TERM_NUMBER || term_type(b) != TERM_NUMBER)
		return NULL;
	bool ints = term_get_int(a, &x) && term_get_int(b, &y);
	if (kind == EX_DIV) {
		if (!ints || y == 0)
			return NULL;
		return number(c, (double)(x / y));
	}
	double r, p = term_get_number(a), q = term_get_number(b);
	r = kind == EX_ADD ? p + q : kind == EX_SUB ? p - q : p * q;
	if (ints && fabs(r) > TERM_INT_MAX)
		return NULL;
	return number(c, r);
}

/* append remove: a new list */
static const struct term *list_op(struct vctx *c, int kind, const struct term *list,
                                  const struct term *x)
{
	if (term_type(list) != TERM_ARRAY) {
		c->error = ATOM_BADARG;
		return NULL;
	}
	struct term_buf tb = {0};
	size_t opened = term_open(&tb, false);
	bool removed = kind != EX_REMOVE;
	const struct term *end, *e = term_items(list, &end);
	for (; e < end; e = term_next(e)) {
		if (!removed && term_compare(e, x) == 0)
			removed = true;
		else
			term_put_term(&tb, e);
	}
	if (kind == EX_APPEND)
		term_put_term(&tb, x);
	term_close(&tb, opened);
	return keep(c, &tb);
}

static const struct term *nth(struct vctx *c, const struct term *list, const struct term *i)
{
	int64_t k;
	c->error = ATOM_BADARG;
	if (term_type(list) != TERM_ARRAY || !term_get_int(i, &k) || k < 1)
		return NULL;
	const struct term *end, *e = term_items(list, &end);
	for (; e < end && k > 1; k--)
		e = term_next(e);
	return e < end ? e : NULL;
}

static const struct term *boolean(struct vctx *c, bool b)
{
	static const unsigned char words[2] = {TERM_WORD_FALSE, TERM_WORD_TRUE};
	(void)c;
	return (const struct term *)&words[b];
}

/* Out of line, so that value_eval's fast path needs no frame. */
static __attribute__((noinline)) const struct term *eval(struct vctx *c, const struct expr *e);

/* The fast path: the variable bound last, by a pattern or foreach whose
** block is still running (a relay forwarding "$msg"), found without
** eval's frame; anything else is eval's. */
const struct term *value_eval(struct vctx *c, const struct expr *e)
{
	struct proc *p = c->p;
	const struct pvars *v = p->ties ? p->ties->vars : NULL;
	if (e->kind == EX_VAR && v && v->nbound && v->nscopes) {
		const struct vscope *sc = &v->scopes[v->nscopes - 1];
		const struct binding *b = &v->bound[v->nbound - 1];
		if (sc->depth <= p->depth && proc_frames(p)[sc->depth - 1].ops == sc->ops &&
		    b->len == e->n && same_name(b->name, e->u.name, e->n))
			return b->val;
	}
	return eval(c, e);
}

static const struct term *eval(struct vctx *c, const struct expr *e)
{
	switch (e->kind) {
	case EX_CONST:
		return e->u.t;
	case EX_VAR:
		return lookup(c, e->u.name, e->n);
	case EX_BUILD: {
		struct term_buf tb = {0};
		if (!build(c, &tb, e->u.t)) {
			free(tb.p);
			return NULL;
		}
		return keep(c, &tb);
	}
	case EX_LEN: {
		const struct term *l = value_eval(c, &e->u.args[0]);
		if (!l)
			return NULL;
		if (term_type(l) != TERM_ARRAY) {
			c->error = ATOM_BADARG;
			return NULL;
		}
		return number(c, term_count(l));
	}
	default:
		break;
	}
	if (e->kind >= EX_EQ) {
		int r = value_cond(c, e);
		return r < 0 ? NULL : boolean(c, r);
	}
	const struct term *a = value_eval(c, &e->u.args[0]);
	const struct term *b = a ? value_eval(c, &e->u.args[1]) : NULL;
	if (!b)
		return NULL;
	switch (e->kind) {
	case EX_APPEND: case EX_REMOVE: return list_op(c, e->kind, a, b);
	case EX_NTH: return nth(c, a, b);
	default: return arith(c, e->kind, a, b);
	}
}

int value_cond(struct vctx *c, const struct expr *e)
{
	if (e->kind == EX_NOT) {
		int r = value_cond(c, &e->u.args[0]);
		return r < 0 ? r : !r;
	}
	if (e->kind == EX_AND || e->kind == EX_OR) {
		for (uint32_t i = 0; i < e->n; i++) {
			int r = value_cond(c, &e->u.args[i]);
			if (r < 0 || r == (e->kind == EX_OR))
				return r;
		}
		return e->kind == EX_AND;
	}
	if (e->kind < EX_EQ) {   /* a value: true or false */
		const struct term *t = value_eval(c, e);
		if (!t)
			return -1;
		if (term_type(t) == TERM_TRUE || term_type(t) == TERM_FALSE)
			return term_type(t) == TERM_TRUE;
		c->error = ATOM_BADARG;
		return -1;
	}
	const struct term *a = value_eval(c, &e->u.args[0]);
	const struct term *b = a ? value_eval(c, &e->u.args[1]) : NULL;
	if (!b)
		return -1;
	if (e->kind == EX_MEMBER) {
		if (term_type(b) != TERM_ARRAY) {
			c->error = ATOM_BADARG;
			return -1;
		}
		const struct term *end, *x = term_items(b, &end);
		for (; x < end; x = term_next(x))
			if (term_compare(a, x) == 0)
				return 1;
		return 0;
	}
	int k = term_compare(a, b);
	switch (e->kind) {
	case EX_EQ: return k == 0;
	case EX_NE: return k != 0;
	case EX_LT: return k < 0;
	case EX_LE: return k <= 0;
	case EX_GT: return k > 0;
	default: return k >= 0;
	}
}

bool value_count(struct vctx *c, const struct expr *e, uint64_t max, uint64_t *out)
{
	const struct term *t = value_eval(c, e);
	int64_t k;
	if (!t)
		return false;
	if (!term_get_int(t, &k) || k < 0 || (uint64_t)k > max) {
		c->error = ATOM_BADARG;
		return false;
	}
	*out = (uint64_t)k;
	return true;
}

bool value_pid(struct vctx *c, const struct expr *e, uint32_t *out)
{
	const struct term *t = value_eval(c, e);
	if (!t)
		return false;
	if (term_type(t) != TERM_PID) {
		c->error = ATOM_BADARG;
		return false;
	}
	*out = term_get_pid(t);
	return true;
}

bool value_reason(struct vctx *c, const struct expr *e, atom_t *out)
{
	const struct term *t = value_eval(c, e);
	if (!t)
		return false;
	char buf[256];
	size_t len = 0;
	const char *s = term_type(t) == TERM_STRING ? term_get_string(t, &len) : NULL;
	atom_t a = UINT32_MAX;
	if (s && len && len < sizeof buf && !memchr(s, '\0', len)) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		a = atom_find(&c->s->scn->atoms, buf);
	}
	if (a == UINT32_MAX) {
		c->error = ATOM_BADARG;
		return false;
	}
	*out = a;
	return true;
}

/* {=== patterns ===} */

static bool same_string(const struct term *t, const char *s, size_t len)
{
	size_t tl;
	const char *ts = term_type(t) == TERM_STRING ? term_get_string(t, &tl) : NULL;
	return ts && tl == len && memcmp(ts, s, len) == 0;
}

static bool vmatch(struct vctx *c, const struct term *pat, const struct term *val);

/* "$NAME" against val, after value_mark: equal to NAME's value when NAME
** is bound now, else NAME is bound to val. */
static inline __attribute__((always_inline)) bool match_var(struct vctx *c, const char *name,
                                                            uint32_t len, const struct term *val)
{
	struct pvars *v = pvars_get(c->p);
	const struct binding *b = find(v->bound, v->nbound, name, len);
	if (!b)
		b = find(v->state, v->nstate, name, len);
	if (b)
		return term_compare(b->val, val) == 0;
	uint32_t pid = predefined_pid(c->p, name, len);
	if (pid)   /* $self, $sender, $parent are bound, as Self in Erlang */
		return term_type(val) == TERM_PID && term_get_pid(val) == pid;
	bind(v, name, len, val);
	return true;
}

static inline bool match_string(struct vctx *c, const struct term *pat, const struct term *val)
{
	size_t len;
	const char *s = term_get_string(pat, &len);
	if (len == 1 && s[0] == '_')
		return true;
	if (len >= 2 && s[0] == '$' && s[1] == '$')
		return same_string(val, s + 1, len - 1);
	if (len >= 2 && s[0] == '$')
		return match_var(c, s + 1, (uint32_t)len - 1, val);
	if (term_type(val) == TERM_PID) {   /* a name in a system message */
		atom_t a = pt_name(c->s, term_get_pid(val), ATOM_NONE);
		const char *n = atom_name(&c->s->scn->atoms, a);
		return strlen(n) == len && memcmp(n, s, len) == 0;
	}
	return same_string(val, s, len);
}

static bool vmatch(struct vctx *c, const struct term *pat, const struct term *val)
{
	enum term_type ty = term_type(pat);
	if (ty == TERM_STRING)
		return match_string(c, pat, val);
	if (ty != term_type(val))
		return false;
	const struct term *pe, *ve, *p = term_items(pat, &pe), *v = term_items(val, &ve);
	switch (ty) {
	case TERM_NUMBER:
		return term_get_number(pat) == term_get_number(val);
	case TERM_PID:
		return term_get_pid(pat) == term_get_pid(val);
	case TERM_ARRAY:
		for (; p < pe && v < ve; p = term_next(p), v = term_next(v))
			if (!vmatch(c, p, v))
				return false;
		return p == pe && v == ve;
	case TERM_OBJECT:
		for (; p < pe; p = term_next(p)) {
			const char *k;
			size_t kl;
			p = term_member(p, &k, &kl);
			const struct term *x = NULL;
			for (const struct term *m = v; m < ve && !x; m = term_next(m)) {
				const char *mk;
				size_t ml;
				m = term_member(m, &mk, &ml);
				if (ml == kl && memcmp(mk, k, kl) == 0)
					x = m;
			}
			if (!x || !vmatch(c, p, x))
				return false;
		}
		return true;
	default:
		return true;   /* null, false, true */
	}
}

/* An EXIT or DOWN message as the term [TAG, PID, REASON]. */
static void system_term(struct vctx *c, const struct msg *m, struct term_buf *tb)
{
	const struct atom_table *at = &c->s->scn->atoms;
	const char *tag = atom_name(at, m->kind == MSG_EXIT ? ATOM_EXIT_TAG : ATOM_DOWN_TAG);
	const char *reason = atom_name(at, m->reason);
	size_t opened = term_open(tb, false);
	term_put_string(tb, tag, strlen(tag));
	term_put_pid(tb, m->from);
	term_put_string(tb, reason, strlen(reason));
	term_close(tb, opened);
}

/* Bindings into the scratch term tb move to its copy in the heap. */
static bool rebase(struct vctx *c, struct term_buf *tb, uint32_t base)
{
	struct pvars *v = pvars_get(c->p);
	const unsigned char *lo = tb->p, *hi = tb->p + tb->n;
	bool any = false;
	for (uint32_t i = base; i < v->nbound; i++)
		any |= (const unsigned char *)v->bound[i].val >= lo &&
		       (const unsigned char *)v->bound[i].val < hi;
	if (!any) {
		free(tb->p);
		return true;
	}
	unsigned char *old = tb->p;
	struct term_buf copy = *tb;
	copy.p = malloc(tb->n ? tb->n : 1);
	if (!copy.p)
		engine_oom();
	memcpy(copy.p, old, tb->n);
	const unsigned char *kept = (const unsigned char *)keep(c, &copy);
	if (kept)
		for (uint32_t i = base; i < v->nbound; i++) {
			const unsigned char *x = (const unsigned char *)v->bound[i].val;
			if (x >= lo && x < hi)
				v->bound[i].val = (const struct term *)(kept + (x - old));
		}
	free(old);
	return kept != NULL;
}

bool value_match(struct vctx *c, const struct recv_case *rc, const struct msg *m, uint32_t base)
{
	bool ok;
	if (rc->var && !rc->when && m->kind == MSG_USER)   /* "$X" alone: binds nothing when false */
		return match_var(c, rc->var, rc->varlen, m->value);
	if (!rc->match) {
		ok = true;
	} else if (!rc->binds) {
		ok = m->kind == MSG_USER ? term_match(rc->match, m->value)
		     : term_match_system(c->s->scn, rc->match,
		                         m->kind == MSG_EXIT ? ATOM_EXIT_TAG : ATOM_DOWN_TAG, m->name,
		                         m->reason);
	} else if (m->kind == MSG_USER) {
		ok = rc->var ? match_var(c, rc->var, rc->varlen, m->value) : vmatch(c, rc->match, m->value);
	} else {
		struct term_buf tb = {0};
		system_term(c, m, &tb);
		ok = !tb.oom && vmatch(c, rc->match, (const struct term *)tb.p);
		if (!tb.oom && ok)
			ok = rebase(c, &tb, base);
		else
			free(tb.p);
	}
	if (ok && rc->when)
		ok = value_cond(c, rc->when) == 1;   /* an error in a guard: the guard fails */
	if (!ok)
		value_unbind(c->p, base);
	return ok;
}

/* {=== the state as one term ===} */

const struct term *value_state(struct sim *s, struct proc *p)
{
	struct pvars *v = p->ties ? p->ties->vars : NULL;
	if (!v)
		return NULL;
	struct term_buf tb = {0};
	size_t opened = term_open(&tb, true);
	for (uint32_t i = 0; i < v->nstate; i++) {
		term_put_key(&tb, v->state[i].name, v->state[i].len);
		term_put_term(&tb, v->state[i].val);
	}
	term_close(&tb, opened);
	const struct term *t = tb.oom ? NULL : heap_copy(s, tb.p, tb.n);
	free(tb.p);
	return t;
}

/* {=== views ===} */

bool sim_scenario_has_values(const sim_scenario *s)
{
	return s->values;
}

char *sim_proc_variables(const sim *s, uint32_t pid)
{
	const struct proc *p = proc_get(s, pid);
	struct proc_rec r;
	const struct term *state = NULL;
	struct term_buf tb = {0};
	if (!p && !pt_archived(s, pid, &r))
		return NULL;
	if (p && p->ties && p->ties->vars) {
		const struct pvars *v = p->ties->vars;
		size_t opened = term_open(&tb, true);
		for (uint32_t i = 0; i < v->nstate; i++) {
			term_put_key(&tb, v->state[i].name, v->state[i].len);
			term_put_term(&tb, v->state[i].val);
		}
		term_close(&tb, opened);
		state = (const struct term *)tb.p;
	} else if (!p) {
		state = r.state;
	}
	size_t cap = state && !tb.oom ? 8 * term_size(state) + 64 : 3;
	char *out = malloc(cap);
	/* pids carry their names: grow until the whole object fits */
	while (out && state && !tb.oom) {
		sim_value_text(s, state, SIM_VALUE_JSON, out, cap);
		if (strlen(out) + 1 < cap)
			break;
		char *bigger = cap < SIZE_MAX / 2 ? realloc(out, cap * 2) : NULL;
		if (!bigger)
			free(out);
		out = bigger;
		cap *= 2;
	}
	if (out && (!state || tb.oom))
		memcpy(out, "{}", 3);
	free(tb.p);
	return out;
}
