/* event.c - the event log of a step, values and bindings as the log and
** the trace show them, and the names of the public enums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "term.h"
#include "value.h"

struct sim_event *event_append(struct sim *s, struct sched *sc, enum sim_event_type type,
                               uint64_t tick, uint32_t pid)
{
	struct sim_event e;
	memset(&e, 0, sizeof e);
	e.type = type;
	e.tick = tick;
	e.pid = pid;
	e.sched = -1;
	e.from_sched = -1;
	bool ok = sc ? VEC_PUSH(sc->ev, sc->nev, sc->evcap, e) : VEC_PUSH(s->ev, s->nev, s->evcap, e);
	if (!ok)
		engine_oom();
	return sc ? &sc->ev[sc->nev - 1] : &s->ev[s->nev - 1];
}

void event_message(struct sim_event *e, const struct sim *s, const struct msg *m)
{
	e->msg_id = m->id;
	if (m->kind == MSG_USER) {
		e->value = m->value;
	} else {
		e->tag = m->kind == MSG_EXIT ? "EXIT" : "DOWN";
		e->name = atom_name(&s->scn->atoms, m->name);
		e->reason = atom_name(&s->scn->atoms, m->reason);
	}
}

void sim_event_message(const struct sim_event *e, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	if (e->value) {
		term_print(e->value, buf, size);
	} else if (e->tag) {
		snprintf(buf, size, "[\"%s\",\"%s\",\"%s\"]", e->tag, e->name ? e->name : "",
		         e->reason ? e->reason : "");
	}
}

/* {=== values and bindings (format 1.1) ===} */

struct pid_style {
	const struct sim *s;
	enum sim_value_style st;
};

/* A pid as <0.7.0> NAME, or as the JSON string of that. */
static void put_pid(struct term_writer *w, uint32_t pid, const void *ctx)
{
	const struct pid_style *ps = ctx;
	const char *name = atom_name(&ps->s->scn->atoms, pt_name(ps->s, pid, ATOM_NONE));
	char head[24], small[128];
	int n = snprintf(head, sizeof head, "<0.%u.0>%s", pid, *name ? " " : "");
	if (ps->st == SIM_VALUE_TEXT) {
		term_wr_put(w, head, (size_t)n);
		term_wr_put(w, name, strlen(name));
		return;
	}
	size_t len = (size_t)n + strlen(name);
	char *both = len < sizeof small ? small : malloc(len + 1);
	if (!both) {
		term_wr_string(w, head, (size_t)n);   /* out of memory: the pid alone */
		return;
	}
	memcpy(both, head, (size_t)n);
	memcpy(both + n, name, len - (size_t)n);
	term_wr_string(w, both, len);
	if (both != small)
		free(both);
}

static void value_text(const struct sim *s, const struct term *t, enum sim_value_style st,
                       char *buf, size_t size)
{
	struct pid_style ps = {s, st};
	term_print_with(t, buf, size, put_pid, &ps);
}

void sim_value_text(const sim *s, const void *value, enum sim_value_style st, char *buf,
                    size_t size)
{
	value_text(s, value, st, buf, size);
}

void sim_event_value(const sim *s, const struct sim_event *e, enum sim_value_style st,
                     char *buf, size_t size)
{
	if (e->value && size)
		value_text(s, e->value, st, buf, size);
	else
		sim_event_message(e, buf, size);
}

/* Sets bit k of *mask for the k-th "$" string of pattern t that bound a
** variable: v->bound[base..] point into the pattern at the names they
** bound. */
static void mark_fresh(const struct term *t, const struct pvars *v, uint32_t base,
                       uint32_t *k, uint64_t *mask)
{
	enum term_type ty = term_type(t);
	if (ty == TERM_STRING) {
		size_t len;
		const char *str = term_get_string(t, &len);
		if (len < 2 || str[0] != '$' || str[1] == '$')
			return;
		for (uint32_t j = base; j < v->nbound && *k < 64; j++)
			if (v->bound[j].name == str + 1)
				*mask |= UINT64_C(1) << *k;
		(*k)++;
		return;
	}
	const struct term *end, *e = term_items(t, &end);
	if (ty != TERM_ARRAY && ty != TERM_OBJECT)
		return;
	for (; e < end; e = term_next(e)) {
		if (ty == TERM_OBJECT) {
			const char *key;
			size_t kl;
			e = term_member(e, &key, &kl);
		}
		mark_fresh(e, v, base, k, mask);
	}
}

void event_bindings(struct sim_event *e, const struct proc *p, uint32_t base,
                    const struct recv_case *rc)
{
	const struct pvars *v = p->ties ? p->ties->vars : NULL;
	if (!rc->binds || !rc->match || !v || v->nbound <= base)
		return;
	uint32_t k = 0;
	uint64_t mask = 0;
	mark_fresh(rc->match, v, base, &k, &mask);
	e->pattern = rc->match;
	e->fresh = mask;
}

/* Writes the bindings of pattern `pat` matched against `val` (NULL: a
** part the value lacks) to w; *k counts the "$" strings seen. */
struct bind_out {
	struct term_writer w;
	struct pid_style ps;
	uint64_t fresh;
	uint32_t k;
	size_t n;
};

static void put_binding(struct bind_out *o, const char *name, size_t len, const struct term *val)
{
	char value[256];
	value_text(o->ps.s, val, o->ps.st, value, sizeof value);
	bool text = o->ps.st == SIM_VALUE_TEXT;
	if (o->n++)
		term_wr_put(&o->w, text ? ", " : ",", text ? 2 : 1);
	if (text)
		term_wr_put(&o->w, name, len);
	else
		term_wr_string(&o->w, name, len);
	term_wr_put(&o->w, text ? " = " : ":", text ? 3 : 1);
	size_t vlen = strlen(value);
	term_wr_put(&o->w, value, vlen);
	if (vlen + 1 >= sizeof value)
		o->w.full = true;   /* the value was cut: so is the whole */
}

static const struct term *member_of(const struct term *val, const char *key, size_t kl)
{
	const struct term *end, *m = val && term_type(val) == TERM_OBJECT ? term_items(val, &end)
	                                                                 : NULL;
	for (; m && m < end; m = term_next(m)) {
		const char *mk;
		size_t ml;
		m = term_member(m, &mk, &ml);
		if (ml == kl && memcmp(mk, key, kl) == 0)
			return m;
	}
	return NULL;
}

static void walk_bindings(struct bind_out *o, const struct term *pat, const struct term *val)
{
	enum term_type ty = term_type(pat);
	if (ty == TERM_STRING) {
		size_t len;
		const char *str = term_get_string(pat, &len);
		if (len < 2 || str[0] != '$' || str[1] == '$')
			return;
		if (o->k < 64 && (o->fresh >> o->k & 1) && val)
			put_binding(o, str + 1, len - 1, val);
		o->k++;
		return;
	}
	const struct term *pe, *ve = NULL, *p = term_items(pat, &pe), *v = NULL;
	if (ty != TERM_ARRAY && ty != TERM_OBJECT)
		return;
	if (ty == TERM_ARRAY && val && term_type(val) == TERM_ARRAY)
		v = term_items(val, &ve);
	for (; p < pe; p = term_next(p)) {
		const struct term *x = NULL;
		if (ty == TERM_OBJECT) {
			const char *key;
			size_t kl;
			p = term_member(p, &key, &kl);
			x = member_of(val, key, kl);
		} else if (v && v < ve) {
			x = v;
			v = term_next(v);
		}
		walk_bindings(o, p, x);
	}
}

size_t sim_event_bindings(const sim *s, const struct sim_event *e, enum sim_value_style st,
                          char *buf, size_t size)
{
	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (e->type != SIM_EV_RECEIVE || !e->pattern || size < 5)
		return 0;
	struct bind_out o = {{buf, size, 0, false, NULL, NULL}, {s, st}, e->fresh, 0, 0};
	struct term_buf tb = {0};
	const struct term *val = e->value;
	if (!val) {   /* ["EXIT"|"DOWN", PID, REASON] as the match saw it */
		size_t opened = term_open(&tb, false);
		term_put_string(&tb, e->tag ? e->tag : "", e->tag ? strlen(e->tag) : 0);
		term_put_pid(&tb, e->other);
		term_put_string(&tb, e->reason ? e->reason : "", e->reason ? strlen(e->reason) : 0);
		term_close(&tb, opened);
		val = tb.oom ? NULL : (const struct term *)tb.p;
	}
	if (st == SIM_VALUE_JSON)
		term_wr_put(&o.w, "{", 1);
	if (val)
		walk_bindings(&o, e->pattern, val);
	if (st == SIM_VALUE_JSON)
		term_wr_put(&o.w, "}", 1);
	free(tb.p);
	if (o.n == 0)
		buf[0] = '\0';   /* nothing bound (past the 64th "$" string) */
	else if (o.w.full)
		memcpy(buf + size - 4, "...", 4);
	else
		buf[o.w.n] = '\0';
	return o.n;
}

void sim_set_event_mask(sim *s, uint32_t mask)
{
	s->event_mask = mask;
}

const struct sim_event *sim_events(const sim *s, size_t *n)
{
	*n = s->nev;
	return s->ev;
}

#define NAME_OF(table, i) \
	((size_t)(i) < sizeof table / sizeof table[0] && table[i] ? table[i] : "?")

const char *sim_event_type_name(enum sim_event_type t)
{
	static const char *const names[SIM_EV_TYPE_COUNT] = {
		[SIM_EV_SPAWN] = "spawn", [SIM_EV_RUN] = "run", [SIM_EV_SEND] = "send",
		[SIM_EV_DELIVER] = "deliver", [SIM_EV_DROP] = "drop", [SIM_EV_RECEIVE] = "receive",
		[SIM_EV_TIMEOUT] = "timeout", [SIM_EV_EXIT] = "exit", [SIM_EV_CRASH] = "crash",
		[SIM_EV_SIGNAL] = "signal", [SIM_EV_KILL] = "kill", [SIM_EV_LINK] = "link",
		[SIM_EV_UNLINK] = "unlink", [SIM_EV_MONITOR] = "monitor", [SIM_EV_RESTART] = "restart",
		[SIM_EV_SUP_GIVEUP] = "give_up", [SIM_EV_STEAL] = "steal", [SIM_EV_DIRTY] = "dirty",
		[SIM_EV_NOTE] = "note", [SIM_EV_LIMIT] = "limit", [SIM_EV_SET] = "set",
	};
	return NAME_OF(names, t);
}

const char *sim_run_stop_name(enum sim_run_stop w)
{
	static const char *const names[] = {
		[SIM_STOP_PREEMPTED] = "preempted", [SIM_STOP_WAITING] = "waiting",
		[SIM_STOP_SLEEPING] = "sleeping", [SIM_STOP_DIRTY] = "dirty",
		[SIM_STOP_EXITED] = "exited", [SIM_STOP_RUN_END] = "run_end",
		[SIM_STOP_DONE] = "done",
	};
	return NAME_OF(names, w);
}

const char *sim_signal_effect_name(enum sim_signal_effect e)
{
	static const char *const names[] = {
		[SIM_SIG_IGNORED] = "ignored", [SIM_SIG_TRAPPED] = "trapped", [SIM_SIG_KILLED] = "killed",
	};
	return NAME_OF(names, e);
}

const char *sim_proc_state_name(enum sim_proc_state st)
{
	static const char *const names[SIM_PROC_STATE_COUNT] = {
		[SIM_PROC_RUNNABLE] = "runnable", [SIM_PROC_RUNNING] = "running",
		[SIM_PROC_WAITING] = "waiting", [SIM_PROC_SLEEPING] = "sleeping",
		[SIM_PROC_DIRTY] = "dirty", [SIM_PROC_EXITED] = "exited",
	};
	return NAME_OF(names, st);
}

const char *sim_end_name(enum sim_end e)
{
	static const char *const names[] = {
		[SIM_END_NONE] = "running", [SIM_END_ALL_EXITED] = "all_exited",
		[SIM_END_DEADLOCK] = "deadlock", [SIM_END_LIMIT] = "limit",
		[SIM_END_INTERRUPTED] = "interrupted", [SIM_END_MEMORY_LIMIT] = "memory_limit",
	};
	return NAME_OF(names, e);
}
