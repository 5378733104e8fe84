/*
** scenario_vars.c - `check` of variable reads (format 1.1): a "$name" that
** nothing can ever give a value is reported where it is written.
**
** A read of NAME is known when NAME is predefined (self, sender, parent),
** bound by an enclosing scope (the pattern of the receive case whose
** `when` or `do` holds the read; the `var` of an enclosing foreach), or a
** variable of the program's state: a key of the `state` of any entry or
** template that runs this program, or the `var` of any `set` in it (a set
** further down counts: whether it runs first is the run's business).
** Any other read would crash with ["unbound",NAME] each time it runs, so
** it is an error at LINE:COL, with the nearest known name as a hint.
**
** The check walks the tree after the loader's own walk and skips whatever
** is malformed (that walk reported it).  Names live in one hash table per
** program whose counts say how many scopes bind each name now, so a read
** costs one lookup whatever the nesting.
*/
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

#define GLOBAL (UINT32_MAX / 2)    /* the count of a program-wide name */

struct vname {
	const char *s;             /* NULL: an empty slot */
	uint32_t len;
	uint32_t count;            /* how many scopes bind it now */
};

struct vcheck {
	struct scn_loader *L;
	struct vname *slots;       /* open addressing, cap a power of two */
	size_t cap, used;
	struct vname *stack;       /* scoped names, innermost last */
	size_t n, stackcap;
};

/* A program and an entry or template that runs it. */
struct use {
	const cJSON *prog, *spec;
};

/* {=== names ===} */

static uint32_t hash(const char *s, uint32_t len)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static bool grow_table(struct vcheck *V)
{
	size_t cap = V->cap ? V->cap * 2 : 64;
	struct vname *t = calloc(cap, sizeof *t);
	if (!t) {
		V->L->oom = true;
		return false;
	}
	for (size_t i = 0; i < V->cap; i++) {
		if (!V->slots[i].s)
			continue;
		size_t j = hash(V->slots[i].s, V->slots[i].len) & (cap - 1);
		while (t[j].s)
			j = (j + 1) & (cap - 1);
		t[j] = V->slots[i];
	}
	free(V->slots);
	V->slots = t;
	V->cap = cap;
	return true;
}

/* The entry of the name (len bytes at s), added when absent; NULL on
** ENOMEM.  Valid until the next call. */
static struct vname *entry(struct vcheck *V, const char *s, uint32_t len)
{
	if ((V->used + 1) * 2 > V->cap && !grow_table(V))
		return NULL;
	size_t j = hash(s, len) & (V->cap - 1);
	for (; V->slots[j].s; j = (j + 1) & (V->cap - 1))
		if (V->slots[j].len == len && memcmp(V->slots[j].s, s, len) == 0)
			return &V->slots[j];
	V->used++;
	V->slots[j] = (struct vname){s, len, 0};
	return &V->slots[j];
}

static bool known(struct vcheck *V, const char *s, uint32_t len)
{
	const struct vname *v = entry(V, s, len);
	return !v || v->count > 0;   /* out of memory: no verdict */
}

static void define(struct vcheck *V, const char *s, size_t len)
{
	struct vname *v = entry(V, s, (uint32_t)len);
	if (v)
		v->count = GLOBAL;
}

static void bind(struct vcheck *V, const char *s, uint32_t len)
{
	struct vname *st = scn_grow(V->L, V->stack, &V->stackcap, V->n + 1, sizeof *st);
	struct vname *v = st ? entry(V, s, len) : NULL;
	if (!v)
		return;
	V->stack = st;
	V->stack[V->n++] = (struct vname){s, len, 0};
	v->count++;
}

/* Forgets the names bound since the stack had `mark` of them. */
static void unbind(struct vcheck *V, size_t mark)
{
	for (; V->n > mark; V->n--) {
		struct vname *v = entry(V, V->stack[V->n - 1].s, V->stack[V->n - 1].len);
		if (v && v->count)
			v->count--;
	}
}

/* {=== reports ===} */

/* The names visible now, as C strings for scn_hint (malloc'd, *buf holds
** them); NULL when there are none or on ENOMEM. */
static const char **visible(struct vcheck *V, size_t *n, char **buf)
{
	size_t bytes = 0, k = 0;
	for (size_t i = 0; i < V->cap; i++)
		if (V->slots[i].s && V->slots[i].count && V->slots[i].len <= SCN_SHOW_MAX)
			bytes += V->slots[i].len + 1, k++;
	const char **c = k ? malloc(k * sizeof *c) : NULL;
	char *b = k ? malloc(bytes) : NULL;
	*n = 0;
	*buf = b;
	if (!c || !b) {
		free(c);
		return NULL;
	}
	for (size_t i = 0; i < V->cap; i++) {
		const struct vname *v = &V->slots[i];
		if (!v->s || !v->count || v->len > SCN_SHOW_MAX)
			continue;
		memcpy(b, v->s, v->len);
		b[v->len] = '\0';
		c[(*n)++] = b;
		b += v->len + 1;
	}
	return c;
}

static void report(struct vcheck *V, const char *s, uint32_t len, size_t offset)
{
	struct scn_loader *L = V->L;
	if (scn_err_skip(L))
		return;
	char name[SCN_SHOW_MAX + 1], hint[SCN_SHOW_MAX + 24];
	snprintf(name, sizeof name, "%.*s", (int)(len < SCN_SHOW_MAX ? len : SCN_SHOW_MAX), s);
	char *buf;
	size_t n;
	const char **cands = visible(V, &n, &buf);
	scn_hint(L, name, cands, n, hint, sizeof hint);
	free(cands);
	free(buf);
	uint32_t line, col;
	scn_json_linecol(L, offset, &line, &col);
	if (hint[0])
		scn_err_line(L, offset, "%s:%u:%u: error: unknown variable '%s'%s", L->label, line, col,
		             scn_show(L, name), hint);
	else
		scn_err_line(L, offset, "%s:%u:%u: error: unknown variable '%s': no state, set, "
		             "pattern or foreach gives it a value", L->label, line, col,
		             scn_show(L, name));
}

/* A "$name" string (not "$$..."): *name and *len say which. */
static bool var_name(const char *s, size_t len, const char **name, uint32_t *nlen)
{
	if (len < 2 || s[0] != '$' || s[1] == '$')
		return false;
	*name = s + 1;
	*nlen = (uint32_t)(len - 1);
	return true;
}

/* {=== strings inside message and match values (terms) ===} */

/* The offsets of the strings that are values (not keys) in the JSON text
** of one value, in the order the term holds them. */
struct tscan {
	const char *t;
	size_t i, len;
	int depth;
	bool done;
};

static size_t tscan_next(struct tscan *sc)
{
	while (!sc->done && sc->i < sc->len) {
		char c = sc->t[sc->i];
		if (c == '"') {
			size_t start = sc->i++;
			while (sc->i < sc->len && sc->t[sc->i] != '"')
				sc->i += sc->t[sc->i] == '\\' ? 2 : 1;
			size_t j = ++sc->i;
			while (j < sc->len && strchr(" \t\r\n", sc->t[j]))
				j++;
			if (j < sc->len && sc->t[j] == ':')
				continue;   /* a key */
			sc->done = sc->depth == 0;
			return start;
		}
		if (c == '[' || c == '{')
			sc->depth++;
		else if ((c == ']' || c == '}') && --sc->depth <= 0)
			sc->done = true;
		else if (sc->depth == 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n')
			sc->done = true;   /* a number or a word: no string */
		sc->i++;
	}
	return SIZE_MAX;
}

/* Calls fn on every "$name" string of term t (sc: their offsets). */
typedef void name_fn(struct vcheck *V, const char *name, uint32_t len, size_t offset);

static void term_vars(struct vcheck *V, const struct term *t, struct tscan *sc, size_t at,
                      name_fn *fn)
{
	enum term_type ty = term_type(t);
	if (ty == TERM_STRING) {
		size_t len, off = tscan_next(sc);
		const char *s = term_get_string(t, &len), *name;
		uint32_t nlen;
		if (var_name(s, len, &name, &nlen))
			fn(V, name, nlen, off == SIZE_MAX ? at : off);
		return;
	}
	if (ty != TERM_ARRAY && ty != TERM_OBJECT)
		return;
	const struct term *end, *e = term_items(t, &end);
	for (; e < end; e = term_next(e)) {
		if (ty == TERM_OBJECT) {
			const char *k;
			size_t kl;
			e = term_member(e, &k, &kl);
		}
		term_vars(V, e, sc, at, fn);
	}
}

static void read_one(struct vcheck *V, const char *name, uint32_t len, size_t offset)
{
	if (!known(V, name, len))
		report(V, name, len, offset);
}

/* A pattern: a "$X" already known is compared (a read that is fine), any
** other is bound for the case. */
static void bind_one(struct vcheck *V, const char *name, uint32_t len, size_t offset)
{
	(void)offset;
	if (!known(V, name, len))
		bind(V, name, len);
}

static void raw_vars(struct vcheck *V, const cJSON *v, name_fn *fn)
{
	const struct term *t = scn_json_term(V->L, v);
	size_t at = scn_json_offset(V->L, v);
	struct tscan sc = {V->L->text, at, V->L->len, 0, false};
	if (t)
		term_vars(V, t, &sc, at, fn);
}

/* Every read in a value or an expression (strings at any depth; keys of
** objects are not read). */
static void reads(struct vcheck *V, const cJSON *v)
{
	const char *name;
	uint32_t len;
	if (!v)
		return;
	if (cJSON_IsRaw(v))
		raw_vars(V, v, read_one);
	else if (cJSON_IsString(v) && var_name(v->valuestring, strlen(v->valuestring), &name, &len))
		read_one(V, name, len, scn_json_offset(V->L, v));
	else if (cJSON_IsArray(v) || cJSON_IsObject(v))
		for (const cJSON *c = v->child; c; c = c->next)
			reads(V, c);
}

/* {=== programs ===} */

static bool is_op(const cJSON *op, const char *kind)
{
	const cJSON *k = scn_field(op, "op");
	return cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0;
}

/* Every `set` of the ops (at any depth) defines its var. */
static void sets(struct vcheck *V, const cJSON *ops)
{
	static const char *const bodies[] = {"do", "then", "else"};
	if (!cJSON_IsArray(ops))
		return;
	for (const cJSON *op = ops->child; op; op = op->next) {
		const cJSON *var = scn_field(op, "var");
		if (is_op(op, "set") && cJSON_IsString(var))
			define(V, var->valuestring, strlen(var->valuestring));
		for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++)
			sets(V, scn_field(op, bodies[i]));
		const cJSON *cases = scn_field(op, "cases"), *after = scn_field(op, "after");
		for (const cJSON *c = cJSON_IsArray(cases) ? cases->child : NULL; c; c = c->next)
			sets(V, scn_field(c, "do"));
		sets(V, scn_field(after, "do"));
	}
}

static void check_ops(struct vcheck *V, const cJSON *ops);

static void check_receive(struct vcheck *V, const cJSON *op)
{
	const cJSON *cases = scn_field(op, "cases"), *after = scn_field(op, "after");
	for (const cJSON *c = cJSON_IsArray(cases) ? cases->child : NULL; c; c = c->next) {
		size_t mark = V->n;
		const cJSON *match = scn_field(c, "match");
		if (cJSON_IsRaw(match))
			raw_vars(V, match, bind_one);
		reads(V, scn_field(c, "when"));
		check_ops(V, scn_field(c, "do"));
		unbind(V, mark);
	}
	check_ops(V, scn_field(after, "do"));
}

static void check_op(struct vcheck *V, const cJSON *op)
{
	static const char *const read_keys[] = {"reductions", "ticks", "times", "reason", "to",
	                                        "message", "cond", "in"};
	if (!cJSON_IsObject(op) || is_op(op, "spawn") || is_op(op, "trap_exit"))
		return;
	for (size_t i = 0; i < sizeof read_keys / sizeof *read_keys; i++)
		reads(V, scn_field(op, read_keys[i]));
	if (is_op(op, "set"))
		reads(V, scn_field(op, "value"));
	if (is_op(op, "receive"))
		check_receive(V, op);
	check_ops(V, scn_field(op, "then"));
	check_ops(V, scn_field(op, "else"));
	size_t mark = V->n;
	const cJSON *var = scn_field(op, "var");
	if (is_op(op, "foreach") && cJSON_IsString(var))
		bind(V, var->valuestring, (uint32_t)strlen(var->valuestring));
	check_ops(V, scn_field(op, "do"));
	unbind(V, mark);
}

static void check_ops(struct vcheck *V, const cJSON *ops)
{
	if (cJSON_IsArray(ops))
		for (const cJSON *op = ops->child; op; op = op->next)
			check_op(V, op);
}

/* {=== entries and templates ===} */

/* The program an entry or template runs: its own, or the one its template
** chain leads to; NULL for a supervisor or something malformed. */
static const cJSON *program_of(const cJSON *templates, const cJSON *v)
{
	for (int depth = 0; cJSON_IsObject(v) && depth <= SCN_MAX_TEMPLATE_DEPTH; depth++) {
		const cJSON *prog = scn_field(v, "program"), *t = scn_field(v, "template");
		if (prog)
			return cJSON_IsArray(prog) ? prog : NULL;
		if (scn_field(v, "supervisor") || !cJSON_IsString(t))
			return NULL;
		v = scn_field(templates, t->valuestring);
	}
	return NULL;
}

struct uses {
	struct use *u;
	size_t n, cap;
};

/* Records the program of entry v and of its supervisor's children. */
static void collect(struct vcheck *V, struct uses *us, const cJSON *templates, const cJSON *v)
{
	if (!cJSON_IsObject(v))
		return;
	const cJSON *prog = program_of(templates, v);
	if (prog) {
		struct use *u = scn_grow(V->L, us->u, &us->cap, us->n + 1, sizeof *u);
		if (!u)
			return;
		us->u = u;
		us->u[us->n++] = (struct use){prog, v};
	}
	const cJSON *sup = scn_field(v, "supervisor");
	const cJSON *children = cJSON_IsObject(sup) ? scn_field(sup, "children") : NULL;
	for (const cJSON *c = cJSON_IsArray(children) ? children->child : NULL; c; c = c->next)
		collect(V, us, templates, c);
}

static int by_program(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct use *)a)->prog;
	uintptr_t y = (uintptr_t)((const struct use *)b)->prog;
	return x < y ? -1 : x > y;
}

/* Checks one program, run by the n entries and templates at u. */
static void check_program(struct vcheck *V, const struct use *u, size_t n)
{
	static const char *const predefined[] = {"self", "sender", "parent"};
	free(V->slots);   /* a table per program: its size follows the program */
	V->slots = NULL;
	V->cap = V->used = V->n = 0;
	for (size_t i = 0; i < sizeof predefined / sizeof *predefined; i++)
		define(V, predefined[i], strlen(predefined[i]));
	for (size_t i = 0; i < n; i++) {
		const cJSON *state = scn_field(u[i].spec, "state");
		for (const cJSON *c = cJSON_IsObject(state) ? state->child : NULL; c; c = c->next)
			define(V, c->string, strlen(c->string));
	}
	sets(V, u->prog);
	check_ops(V, u->prog);
}

void scn_check_vars(struct scn_loader *L, const cJSON *root)
{
	struct vcheck V = {.L = L};
	struct uses us = {0};
	const cJSON *templates = scn_field(root, "templates");
	const cJSON *procs = scn_field(root, "processes"), *timeline = scn_field(root, "timeline");
	for (const cJSON *c = cJSON_IsArray(procs) ? procs->child : NULL; c; c = c->next)
		collect(&V, &us, templates, c);
	for (const cJSON *c = cJSON_IsObject(templates) ? templates->child : NULL; c; c = c->next)
		collect(&V, &us, templates, c);
	for (const cJSON *c = cJSON_IsArray(timeline) ? timeline->child : NULL; c; c = c->next)
		collect(&V, &us, templates, scn_field(c, "process"));
	if (us.n)
		qsort(us.u, us.n, sizeof *us.u, by_program);
	for (size_t i = 0, j; i < us.n && !L->oom; i = j) {
		for (j = i + 1; j < us.n && us.u[j].prog == us.u[i].prog; j++)
			;
		check_program(&V, &us.u[i], j - i);
	}
	free(us.u);
	free(V.slots);
	free(V.stack);
}
