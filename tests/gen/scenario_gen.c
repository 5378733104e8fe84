/*
** scenario_gen.c - random valid scenarios (see scenario_gen.h).
**
** The scenario is built as a cJSON tree and printed.  Targets are chosen
** last: while the tree is built every `to` is a placeholder string kept in
** a fix-up list, and every name the file can create (process entries,
** supervisor children, timeline spawns, spawn ops) goes into a pool; then
** each placeholder gets a name from the pool (or self/parent/sender), so
** a target may name a process defined later in the file.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "scenario_gen.h"

uint64_t gen_next(struct gen_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t gen_range(struct gen_rng *r, uint64_t lo, uint64_t hi)
{
	return lo + gen_next(r) % (hi - lo + 1);
}

#define MAX_NAMES 512
#define MAX_FIXUPS 1024
#define MAX_TEMPLATES 4

struct gen {
	struct gen_rng r;
	uint32_t id;                     /* next name number */
	char *all[MAX_NAMES];            /* every name a target may use */
	uint32_t nall;
	char *stat[MAX_NAMES];           /* names the file starts itself (for `links`) */
	uint32_t nstat;
	cJSON *fix[MAX_FIXUPS];          /* op targets: any name, self, parent, sender */
	uint32_t nfix;
	cJSON *tlfix[MAX_FIXUPS];        /* timeline targets: a name */
	uint32_t ntlfix;
	uint32_t ntemplates;
	uint32_t ops;                    /* ops generated so far (size bound) */
	uint64_t until;
	unsigned flags;                  /* GEN_* */
	bool oom;
};

static bool chance(struct gen *g, unsigned percent)
{
	return gen_range(&g->r, 0, 99) < percent;
}

static uint64_t rnd(struct gen *g, uint64_t lo, uint64_t hi)
{
	return gen_range(&g->r, lo, hi);
}

static void add_name(struct gen *g, const char *name, bool is_static)
{
	for (uint32_t i = 0; i < g->nall; i++)
		if (strcmp(g->all[i], name) == 0)
			return;
	if (g->nall >= MAX_NAMES)
		return;
	char *a = strdup(name);
	if (!a) {
		g->oom = true;
		return;
	}
	g->all[g->nall++] = a;
	if (is_static && g->nstat < MAX_NAMES)
		g->stat[g->nstat++] = a;
}

/* Registers NAME, or NAME_1..NAME_count when counted. */
static void add_names(struct gen *g, const char *base, uint64_t count, bool counted, bool is_static)
{
	if (!counted) {
		add_name(g, base, is_static);
		return;
	}
	char buf[64];
	for (uint64_t i = 1; i <= count; i++) {
		snprintf(buf, sizeof buf, "%s_%u", base, (unsigned)i);
		add_name(g, buf, is_static);
	}
}

static void fresh(struct gen *g, char *buf, size_t size, char prefix)
{
	snprintf(buf, size, "%c%u", prefix, (unsigned)g->id++);
}

static cJSON *target(struct gen *g, bool timeline)
{
	cJSON *t = cJSON_CreateString("?");
	if (timeline) {
		if (g->ntlfix < MAX_FIXUPS)
			g->tlfix[g->ntlfix++] = t;
	} else if (g->nfix < MAX_FIXUPS) {
		g->fix[g->nfix++] = t;
	}
	return t;
}

static const char *const reasons[] = {"boom", "badarith", "badmatch", "kill", "shutdown", "normal"};

static cJSON *message(struct gen *g)
{
	switch (rnd(g, 0, 9)) {
	case 0: return cJSON_CreateString("ping");
	case 1: return cJSON_CreateString("stop");
	case 2: return cJSON_CreateNumber((double)rnd(g, 0, 3));
	case 3: return cJSON_CreateNull();
	case 4: return cJSON_CreateBool(chance(g, 50));
	case 5: {
		cJSON *a = cJSON_CreateArray();
		cJSON_AddItemToArray(a, cJSON_CreateString(chance(g, 50) ? "ping" : "job"));
		cJSON_AddItemToArray(a, cJSON_CreateNumber((double)rnd(g, 0, 3)));
		return a;
	}
	case 6: {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "k", (double)rnd(g, 0, 2));
		if (chance(g, 50))
			cJSON_AddBoolToObject(o, "z", true);
		return o;
	}
	case 7: {
		cJSON *a = cJSON_CreateArray();
		cJSON_AddItemToArray(a, cJSON_CreateString("EXIT"));
		cJSON_AddItemToArray(a, cJSON_CreateString("fake"));
		cJSON_AddItemToArray(a, cJSON_CreateString("boom"));
		return a;
	}
	default: return cJSON_CreateString("pong");
	}
}

static cJSON *pattern(struct gen *g)
{
	switch (rnd(g, 0, 11)) {
	case 0: case 1: return cJSON_CreateString("_");
	case 2: return cJSON_CreateString("ping");
	case 3: return cJSON_CreateString("stop");
	case 4: return cJSON_CreateNumber((double)rnd(g, 0, 3));
	case 5: {
		cJSON *a = cJSON_CreateArray();
		cJSON_AddItemToArray(a, cJSON_CreateString(chance(g, 50) ? "ping" : "job"));
		cJSON_AddItemToArray(a, cJSON_CreateString("_"));
		return a;
	}
	case 6: {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "k", "_");
		return o;
	}
	case 7: case 8: {
		cJSON *a = cJSON_CreateArray();
		cJSON_AddItemToArray(a, cJSON_CreateString(chance(g, 70) ? "EXIT" : "DOWN"));
		cJSON_AddItemToArray(a, cJSON_CreateString("_"));
		cJSON_AddItemToArray(a, cJSON_CreateString(chance(g, 70) ? "_" : reasons[rnd(g, 0, 5)]));
		return a;
	}
	case 9: return cJSON_CreateNull();
	default: return cJSON_CreateString("pong");
	}
}

static cJSON *program(struct gen *g, int depth, bool allow_spawn, bool in_forever);

static cJSON *op_obj(const char *name)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "op", name);
	return o;
}

static cJSON *gen_op(struct gen *g, int depth, bool allow_spawn, bool in_forever)
{
	g->ops++;
	for (;;) {
		switch (rnd(g, 0, 15)) {
		case 0: case 1: {
			cJSON *o = op_obj("work");
			cJSON_AddNumberToObject(o, "reductions", (double)rnd(g, 1, 40));
			return o;
		}
		case 2: {
			cJSON *o = op_obj("native");
			cJSON_AddNumberToObject(o, "reductions", (double)rnd(g, 1, 30));
			if (chance(g, 60))
				cJSON_AddBoolToObject(o, "dirty", chance(g, 70));
			return o;
		}
		case 3: case 4: {
			cJSON *o = op_obj("send");
			cJSON_AddItemToObject(o, "to", target(g, false));
			cJSON_AddItemToObject(o, "message", message(g));
			return o;
		}
		case 5: case 6: {
			cJSON *o = op_obj("receive");
			if (chance(g, 75)) {
				cJSON *cases = cJSON_AddArrayToObject(o, "cases");
				uint64_t n = rnd(g, 1, 3);
				for (uint64_t i = 0; i < n; i++) {
					cJSON *c = cJSON_CreateObject();
					cJSON_AddItemToObject(c, "match", pattern(g));
					if (depth < 3 && chance(g, 40))
						cJSON_AddItemToObject(c, "do", program(g, depth + 1, allow_spawn, in_forever));
					cJSON_AddItemToArray(cases, c);
				}
			}
			if (chance(g, 50)) {
				cJSON *a = cJSON_AddObjectToObject(o, "after");
				/* GEN_ORACLE: no `after 0` (the same draws, so a seed
				** without one keeps its scenario).  On OTP 25 the noproc
				** DOWN of a monitor of a process that no longer exists
				** reaches the mailbox only when the monitoring process is
				** next scheduled out, so a poll just after the monitor
				** times out; beamsim has it there at the next boundary
				** (how-beam-schedules.md, Monitors; seed 1198). */
				unsigned zero = (g->flags & GEN_ORACLE) ? 1 : 0;
				cJSON_AddNumberToObject(a, "ticks", (double)(chance(g, 15) ? zero : rnd(g, 1, 60)));
				if (depth < 3 && chance(g, 50))
					cJSON_AddItemToObject(a, "do", program(g, depth + 1, allow_spawn, in_forever));
			}
			return o;
		}
		case 7: {
			if (!allow_spawn || in_forever || g->ntemplates == 0)
				continue;
			cJSON *o = op_obj("spawn");
			char t[16], as[16];
			snprintf(t, sizeof t, "t%u", (unsigned)rnd(g, 0, g->ntemplates - 1));
			cJSON_AddStringToObject(o, "template", t);
			bool counted = chance(g, 30);
			uint64_t count = counted ? rnd(g, 1, 3) : 1;
			if (chance(g, 85)) {
				fresh(g, as, sizeof as, 's');
				cJSON_AddStringToObject(o, "as", as);
				add_names(g, as, count, counted, false);
			} else {
				add_names(g, t, count, counted, false);
			}
			if (counted)
				cJSON_AddNumberToObject(o, "count", (double)count);
			if (chance(g, 50))
				cJSON_AddBoolToObject(o, "link", chance(g, 70));
			if (chance(g, 50))
				cJSON_AddBoolToObject(o, "monitor", chance(g, 70));
			return o;
		}
		case 8: {
			static const char *const peer_ops[] = {"link", "link", "unlink", "monitor", "monitor"};
			cJSON *o = op_obj(peer_ops[rnd(g, 0, 4)]);
			cJSON_AddItemToObject(o, "to", target(g, false));
			return o;
		}
		case 9: {
			cJSON *o = op_obj("trap_exit");
			if (chance(g, 70))
				cJSON_AddBoolToObject(o, "value", chance(g, 60));
			return o;
		}
		case 10: {
			cJSON *o = op_obj("sleep");
			cJSON_AddNumberToObject(o, "ticks", (double)rnd(g, 0, 50));
			return o;
		}
		case 11: {
			cJSON *o = op_obj("crash");
			if (chance(g, 80))
				cJSON_AddStringToObject(o, "reason", reasons[rnd(g, 0, 5)]);
			return o;
		}
		case 12: case 13: {
			cJSON *o = op_obj("exit");
			if (chance(g, 55))
				cJSON_AddItemToObject(o, "to", target(g, false));
			if (chance(g, 85))
				cJSON_AddStringToObject(o, "reason", reasons[rnd(g, 0, 5)]);
			return o;
		}
		default: {
			if (depth >= 3)
				continue;
			cJSON *o = op_obj("loop");
			bool forever = chance(g, 30);
			if (forever)
				cJSON_AddStringToObject(o, "times", "forever");
			else
				cJSON_AddNumberToObject(o, "times", (double)rnd(g, 1, 4));
			cJSON_AddItemToObject(o, "do", program(g, depth + 1, allow_spawn, in_forever || forever));
			return o;
		}
		}
	}
}

static cJSON *program(struct gen *g, int depth, bool allow_spawn, bool in_forever)
{
	cJSON *a = cJSON_CreateArray();
	uint64_t n = g->ops > 150 ? 1 : rnd(g, 1, depth == 0 ? 6 : 3);
	for (uint64_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, gen_op(g, depth, allow_spawn, in_forever));
	return a;
}

static const char *const priorities[] = {"max", "high", "normal", "low"};
static const char *const strategies[] = {"one_for_one", "one_for_all", "rest_for_one"};
static const char *const restarts[] = {"permanent", "transient", "temporary"};

/* Common optional keys of a process entry. */
static void entry_options(struct gen *g, cJSON *e)
{
	if (chance(g, 25))
		cJSON_AddStringToObject(e, "priority", priorities[rnd(g, 0, 3)]);
	if (chance(g, 30))
		cJSON_AddNumberToObject(e, "scheduler", (double)rnd(g, 1, 8));
	if (chance(g, 20))
		cJSON_AddBoolToObject(e, "trap_exit", chance(g, 70));
}

/* A child program that tends to end abnormally, so supervisors restart. */
static cJSON *child_program(struct gen *g)
{
	cJSON *p = program(g, 0, true, false);
	if (chance(g, 60)) {
		cJSON *o = op_obj("work");
		cJSON_AddNumberToObject(o, "reductions", (double)rnd(g, 1, 60));
		cJSON_AddItemToArray(p, o);
		o = op_obj("crash");
		cJSON_AddStringToObject(o, "reason", reasons[rnd(g, 0, 4)]);
		cJSON_AddItemToArray(p, o);
	}
	return p;
}

/* A child that traps exits and cleans up when its supervisor stops it:
** whatever it does first, it then waits for ["EXIT", _, "shutdown"],
** works a little and exits (OTP: terminate/2 of a trapping worker). */
static cJSON *cleanup_program(struct gen *g)
{
	cJSON *p = program(g, 0, true, false);
	cJSON *r = op_obj("receive");
	cJSON *cases = cJSON_AddArrayToObject(r, "cases");
	cJSON *c = cJSON_CreateObject();
	cJSON *m = cJSON_AddArrayToObject(c, "match");
	cJSON_AddItemToArray(m, cJSON_CreateString("EXIT"));
	cJSON_AddItemToArray(m, cJSON_CreateString("_"));
	cJSON_AddItemToArray(m, cJSON_CreateString("shutdown"));
	cJSON *d = cJSON_AddArrayToObject(c, "do");
	cJSON *w = op_obj("work");
	cJSON_AddNumberToObject(w, "reductions", (double)rnd(g, 1, 30));
	cJSON_AddItemToArray(d, w);
	cJSON *x = op_obj("exit");
	cJSON_AddStringToObject(x, "reason", chance(g, 50) ? "shutdown" : "normal");
	cJSON_AddItemToArray(d, x);
	cJSON_AddItemToArray(cases, c);
	cJSON_AddItemToArray(p, r);
	return p;
}

/* The child spec's `shutdown`: brutal_kill, ticks or infinity.
** GEN_ORACLE: a child supervisor's ticks are 100 more (the same draws).
** beamsim stops each child in a few ticks (the signal, then the DOWN at
** a boundary), the BEAM in microseconds: with a few ticks a child
** supervisor's time ran out in beamsim while it stopped a child that had
** already exited on the BEAM (seed 403: g5, "shutdown": 1, `killed` vs
** `shutdown`); 100 ticks are past what stopping a generated subtree
** costs in beamsim when nobody cleans up, and a child that cleans up or
** waits for its own 5000 ticks still outlasts it on both. */
static void child_shutdown(struct gen *g, cJSON *c, bool sup)
{
	switch (rnd(g, 0, 3)) {
	case 0: cJSON_AddStringToObject(c, "shutdown", "brutal_kill"); break;
	case 1: cJSON_AddStringToObject(c, "shutdown", "infinity"); break;
	default: {
		uint64_t t = rnd(g, 0, 80);
		if (sup && (g->flags & GEN_ORACLE))
			t += 100;
		cJSON_AddNumberToObject(c, "shutdown", (double)t);
		break;
	}
	}
}

static cJSON *supervisor(struct gen *g, int depth)
{
	cJSON *s = cJSON_CreateObject();
	if (chance(g, 85))
		cJSON_AddStringToObject(s, "strategy", strategies[rnd(g, 0, 2)]);
	if (chance(g, 80))
		cJSON_AddNumberToObject(s, "intensity", (double)rnd(g, 0, 4));
	if (chance(g, 80))
		cJSON_AddNumberToObject(s, "period", (double)rnd(g, 1, 3000));
	cJSON *ch = cJSON_AddArrayToObject(s, "children");
	uint64_t n = rnd(g, 1, 4);
	for (uint64_t i = 0; i < n; i++) {
		cJSON *c = cJSON_CreateObject();
		char name[16];
		bool nested = depth < 2 && chance(g, 20);
		fresh(g, name, sizeof name, nested ? 'g' : 'c');
		cJSON_AddStringToObject(c, "name", name);
		bool counted = !nested && chance(g, 20);
		uint64_t count = counted ? rnd(g, 1, 3) : 1;
		if (counted)
			cJSON_AddNumberToObject(c, "count", (double)count);
		add_names(g, name, count, counted, !(g->flags & GEN_ORACLE));
		if (chance(g, 85))
			cJSON_AddStringToObject(c, "restart", restarts[rnd(g, 0, 2)]);
		bool cleanup = false;
		if (nested) {
			cJSON_AddItemToObject(c, "supervisor", supervisor(g, depth + 1));
		} else if ((g->flags & GEN_SHUTDOWN) && chance(g, 25)) {
			cleanup = true;
			cJSON_AddItemToObject(c, "program", cleanup_program(g));
		} else if (g->ntemplates && chance(g, 15)) {
			char t[16];
			snprintf(t, sizeof t, "t%u", (unsigned)rnd(g, 0, g->ntemplates - 1));
			cJSON_AddStringToObject(c, "template", t);
		} else {
			cJSON_AddItemToObject(c, "program", child_program(g));
		}
		entry_options(g, c);
		if (cleanup) {
			cJSON_DeleteItemFromObject(c, "trap_exit");
			cJSON_AddBoolToObject(c, "trap_exit", true);
		}
		if ((g->flags & GEN_SHUTDOWN) && chance(g, 30))
			child_shutdown(g, c, nested);
		cJSON_AddItemToArray(ch, c);
	}
	return s;
}

static cJSON *config(struct gen *g)
{
	static const char *const balance[] = {"steal", "none", "shared"};
	static const uint64_t slices[] = {1, 2, 3, 5, 7, 10, 20, 50, 4000};
	cJSON *c = cJSON_CreateObject();
	uint64_t scheds = rnd(g, 1, 8);
	if (chance(g, 90))
		cJSON_AddNumberToObject(c, "schedulers", (double)scheds);
	if (chance(g, 90))
		cJSON_AddNumberToObject(c, "slice", (double)slices[rnd(g, 0, 8)]);
	if (chance(g, 80))
		cJSON_AddStringToObject(c, "preemption", chance(g, 80) ? "reductions" : "cooperative");
	if (chance(g, 85))
		cJSON_AddStringToObject(c, "balance", balance[rnd(g, 0, 2)]);
	if (chance(g, 60))
		cJSON_AddNumberToObject(c, "dirty_schedulers", (double)rnd(g, 1, 8));
	cJSON_AddNumberToObject(c, "seed", (double)rnd(g, 0, 1000));
	cJSON_AddNumberToObject(c, "until", (double)g->until);
	return c;
}

static cJSON *timeline(struct gen *g)
{
	cJSON *tl = cJSON_CreateArray();
	uint64_t n = rnd(g, 0, 4);
	for (uint64_t i = 0; i < n; i++) {
		cJSON *ev = cJSON_CreateObject();
		cJSON_AddNumberToObject(ev, "at", (double)rnd(g, 0, g->until));
		cJSON *d = cJSON_AddObjectToObject(ev, "do");
		switch (rnd(g, 0, 2)) {
		case 0:
			cJSON_AddStringToObject(d, "op", "send");
			cJSON_AddItemToObject(d, "to", target(g, true));
			cJSON_AddItemToObject(d, "message", message(g));
			break;
		case 1:
			cJSON_AddStringToObject(d, "op", "exit");
			cJSON_AddItemToObject(d, "to", target(g, true));
			if (chance(g, 85))
				cJSON_AddStringToObject(d, "reason", reasons[rnd(g, 0, 5)]);
			break;
		default: {
			cJSON_AddStringToObject(d, "op", "spawn");
			char name[16];
			if (g->ntemplates && chance(g, 40)) {
				char t[16];
				snprintf(t, sizeof t, "t%u", (unsigned)rnd(g, 0, g->ntemplates - 1));
				cJSON_AddStringToObject(d, "template", t);
				fresh(g, name, sizeof name, 'v');
				cJSON_AddStringToObject(d, "as", name);
				bool counted = chance(g, 40);
				uint64_t count = counted ? rnd(g, 1, 3) : 1;
				if (counted)
					cJSON_AddNumberToObject(d, "count", (double)count);
				add_names(g, name, count, counted, false);
			} else {
				cJSON *p = cJSON_AddObjectToObject(d, "process");
				fresh(g, name, sizeof name, 'v');
				cJSON_AddStringToObject(p, "name", name);
				add_names(g, name, 1, false, true);
				entry_options(g, p);
				cJSON_AddItemToObject(p, "program", program(g, 0, true, false));
			}
			break;
		}
		}
		cJSON_AddItemToArray(tl, ev);
	}
	return tl;
}

static void fix_targets(struct gen *g)
{
	for (uint32_t i = 0; i < g->nfix; i++) {
		const char *name;
		uint64_t k = rnd(g, 0, 99);
		if (k < 12 || g->nall == 0)
			name = "self";
		else if (k < 20)
			name = "parent";
		else if (k < 27)
			name = "sender";
		else
			name = g->all[rnd(g, 0, g->nall - 1)];
		if (!cJSON_SetValuestring(g->fix[i], name))
			g->oom = true;
	}
	for (uint32_t i = 0; i < g->ntlfix; i++)
		if (!cJSON_SetValuestring(g->tlfix[i], g->all[rnd(g, 0, g->nall - 1)]))
			g->oom = true;
}

/* {=== GEN_VALUES: format 1.1 scenarios (issue 15) ===}
**
** Written as text (the shapes are fixed; only numbers, names and the
** choice of steps are random).  Servers s0.. loop around one receive;
** clients c0.. run a random sequence of steps against random servers. */

struct vtext {
	char *p;
	size_t n, cap;
	bool oom;
};

static void vput(struct vtext *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void vput(struct vtext *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || t->oom)
		return;
	if (t->n + (size_t)n + 1 > t->cap) {
		size_t cap = (t->cap ? t->cap * 2 : 4096) + (size_t)n;
		char *p = realloc(t->p, cap);
		if (!p) {
			t->oom = true;
			return;
		}
		t->p = p;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->p + t->n, t->cap - t->n, fmt, ap);
	va_end(ap);
	t->n += (size_t)n;
}

#define SET(var, value) "{\"op\":\"set\",\"var\":\"" var "\",\"value\":" value "}"

/* The receive cases of a server (state n, items, members, hits, rejected). */
static const char *const server_cases[] = {
	"{\"match\":[\"inc\",\"$d\"],\"when\":{\"and\":[{\"ge\":[\"$d\",0]},{\"lt\":[\"$n\",1000]}]},"
	"\"do\":[" SET("n", "{\"add\":[\"$n\",\"$d\"]}") "]}",
	"{\"match\":[\"inc\",\"_\"],\"do\":[" SET("rejected", "{\"add\":[\"$rejected\",1]}") "]}",
	"{\"match\":[\"get\",\"$from\"],\"do\":[{\"op\":\"send\",\"to\":\"$from\",\"message\":[\"val\",\"$n\"]}]}",
	"{\"match\":[\"join\",\"$from\"],\"when\":{\"not\":{\"member\":[\"$from\",\"$members\"]}},\"do\":["
	"{\"op\":\"monitor\",\"to\":\"$from\"}," SET("members", "{\"append\":[\"$members\",\"$from\"]}") "]}",
	"{\"match\":[\"say\",\"$x\"],\"do\":[{\"op\":\"foreach\",\"var\":\"m\",\"in\":\"$members\",\"do\":["
	"{\"op\":\"if\",\"cond\":{\"ne\":[\"$m\",\"$sender\"]},\"then\":["
	"{\"op\":\"send\",\"to\":\"$m\",\"message\":[\"said\",\"$x\",\"$sender\"]}]}]}]}",
	"{\"match\":[\"DOWN\",\"$p\",\"_\"],\"when\":{\"member\":[\"$p\",\"$members\"]},\"do\":["
	SET("members", "{\"remove\":[\"$members\",\"$p\"]}") "]}",
	"{\"match\":[\"div\",\"$x\"],\"do\":[" SET("n", "{\"div\":[\"$n\",\"$x\"]}") "]}",
	"{\"match\":[\"nth\",\"$i\",\"$from\"],\"do\":[" SET("got", "{\"nth\":[\"$items\",\"$i\"]}") ","
	"{\"op\":\"send\",\"to\":\"$from\",\"message\":[\"item\",\"$got\"]}]}",
	"{\"match\":[\"same\",\"$n\"],\"do\":[" SET("hits", "{\"add\":[\"$hits\",1]}") "]}",
	"{\"match\":[\"push\",\"$x\"],\"do\":[" SET("items", "{\"append\":[\"$items\",\"$x\"]}") "]}",
	"{\"match\":[\"count\",\"$from\"],\"do\":[" SET("k", "{\"len\":\"$items\"}") ","
	"{\"op\":\"send\",\"to\":\"$from\",\"message\":[\"len\",\"$k\",\"$$k\"]}]}",
	"{\"match\":\"ping\",\"do\":[{\"op\":\"send\",\"to\":\"$sender\",\"message\":\"pong\"}]}",
	"{\"match\":\"stop\",\"do\":[{\"op\":\"exit\",\"reason\":\"normal\"}]}",
};

/* A server never stops by itself: the run ends when the clients are done
** and every server waits (a deadlock end).  A server that stopped after an
** idle time would race with the clients' own timers (hundreds of ticks
** each, which the oracle's variants scale together and cannot tell
** apart). */
static void values_server(struct gen *g, struct vtext *t, unsigned i, bool child)
{
	vput(t, "{\"name\":\"s%u\",%s\"state\":{\"n\":%u,\"items\":[%u,%u],\"members\":[],\"hits\":0,"
	     "\"rejected\":0},\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":["
	     "{\"op\":\"receive\",\"cases\":[", i, child ? "\"restart\":\"transient\"," : "",
	     (unsigned)rnd(g, 0, 5), (unsigned)rnd(g, 0, 9), (unsigned)rnd(g, 0, 9));
	size_t n = sizeof server_cases / sizeof *server_cases;
	size_t first = chance(g, 30) ? 1 : 0;   /* sometimes no guarded inc: all rejected */
	for (size_t k = first; k < n; k++)
		vput(t, "%s%s", k > first ? "," : "", server_cases[k]);
	vput(t, "]}]}]}");
}

/* "after" of a client's receive: long enough for a reply in every
** timing variant; a late reply stays in the mailbox. */
static void values_receive(struct gen *g, struct vtext *t, const char *cases)
{
	unsigned after = (unsigned)rnd(g, 80, 160);
	vput(t, "{\"op\":\"receive\",\"cases\":[%s],\"after\":{\"ticks\":%u}}", cases, after);
}

/* One step of a client; *sleeps grows by the ticks it sleeps (a loop's
** body counted 3 times, the most `$reps` can be). */
static void values_step(struct gen *g, struct vtext *t, unsigned nserv, unsigned depth,
                        unsigned *sleeps)
{
	char s[16];
	snprintf(s, sizeof s, "s%u", (unsigned)rnd(g, 0, nserv - 1));
	switch (rnd(g, 0, 17)) {
	case 0: case 1:
		vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"inc\",%d]}", s, (int)rnd(g, 0, 6) - 1);
		break;
	case 2: case 3:
		vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"get\",\"$self\"]},", s);
		values_receive(g, t, "{\"match\":[\"val\",\"$v\"],\"do\":[" SET("got",
		               "{\"append\":[\"$got\",\"$v\"]}") "]}");
		break;
	case 4:
		vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"join\",\"$self\"]}", s);
		break;
	case 5:
		vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"say\",%u]},", s, (unsigned)rnd(g, 0, 9));
		values_receive(g, t, "{\"match\":[\"said\",\"$x\",\"$from\"],\"when\":{\"ne\":[\"$from\",\"$self\"]},"
		               "\"do\":[" SET("seen", "{\"add\":[\"$seen\",1]}") "]}");
		break;
	case 6:
		vput(t, "{\"op\":\"foreach\",\"var\":\"i\",\"in\":[%u,%u,\"$seen\"],\"do\":["
		     "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"inc\",\"$i\"]}]}",
		     (unsigned)rnd(g, 0, 3), (unsigned)rnd(g, 0, 3), s);
		break;
	case 7: {
		/* ["div", 0] crashes the server (badarith).  The client then
		** waits 20 ticks, so that a supervised server has been restarted
		** before it talks to it again: on the BEAM a supervisor's restart
		** takes longer than a message round trip with another server, in
		** beamsim about as long (a race no variant can show; format 1.1
		** seed 53 of session 6: c0's ["count", ...] went to the dead s0). */
		unsigned d = chance(g, 30) ? 0u : (unsigned)rnd(g, 1, 3);
		vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"div\",%u]}", s, d);
		if (d == 0) {
			vput(t, ",{\"op\":\"sleep\",\"ticks\":20}");
			*sleeps += 20;
		}
		break;
	}
	case 8:
		vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"nth\",%u,\"$self\"]},", s,
		     (unsigned)rnd(g, 1, 3));
		values_receive(g, t, "{\"match\":[\"item\",\"$it\"],\"do\":[" SET("last", "\"$it\"") "]}");
		break;
	case 9:
		vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"same\",%u]}", s, (unsigned)rnd(g, 0, 5));
		break;
	case 10:
		vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"push\",%s]}", s,
		     chance(g, 50) ? "\"$self\"" : "[\"$seen\",\"$$lit\"]");
		break;
	case 11:
		vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":\"ping\"},", s);
		values_receive(g, t, "{\"match\":\"pong\",\"do\":[" SET("seen", "{\"add\":[\"$seen\",1]}")
		               "," SET("pinged", "\"$sender\"") "]}");
		break;
	case 12:
		vput(t, "{\"op\":\"if\",\"cond\":{\"or\":[{\"gt\":[{\"len\":\"$got\"},%u]},{\"eq\":[\"$seen\",%u]}]},"
		     "\"then\":[" SET("first", "{\"nth\":[\"$got\",1]}") "],\"else\":[" SET("u", "\"$seen\"") "]}",
		     (unsigned)rnd(g, 0, 1), (unsigned)rnd(g, 0, 2));
		break;
	case 13:   /* runtime errors, sometimes */
		switch (rnd(g, 0, 5)) {
		case 0: vput(t, SET("z", "{\"div\":[\"$seen\",0]}")); break;
		case 1: vput(t, SET("z", "{\"nth\":[\"$got\",%u]}"), (unsigned)rnd(g, 1, 4)); break;
		case 2:   /* `u` is read before any set: {unbound,u}; the set that
			  ** never runs ($seen is never -1) keeps `check` content */
			vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"push\",\"$u\"]},"
			     "{\"op\":\"if\",\"cond\":{\"eq\":[\"$seen\",-1]},\"then\":[" SET("u", "0") "]}", s);
			break;
		case 3: vput(t, SET("z", "{\"add\":[\"$got\",1]}")); break;
		default: vput(t, "{\"op\":\"send\",\"to\":\"%s\",\"message\":[\"count\",\"$self\"]},", s);
			values_receive(g, t, "{\"match\":[\"len\",\"$k\",\"_\"],\"when\":{\"ge\":[\"$k\",0]},\"do\":["
			               SET("k", "\"$k\"") "]}");
		}
		break;
	case 14:
		vput(t, "{\"op\":\"monitor\",\"to\":\"%s\"}", s);
		break;
	case 15: {
		unsigned ticks = (unsigned)rnd(g, 1, 20);
		vput(t, "{\"op\":\"sleep\",\"ticks\":%u},{\"op\":\"work\",\"reductions\":\"$reps\"}", ticks);
		*sleeps += ticks;
		break;
	}
	case 16:
		if (depth == 0) {
			unsigned body = 0;
			vput(t, "{\"op\":\"loop\",\"times\":\"$reps\",\"do\":[");
			values_step(g, t, nserv, depth + 1, &body);
			vput(t, ",");
			values_step(g, t, nserv, depth + 1, &body);
			vput(t, "]}");
			*sleeps += 3 * body;
			break;
		}
		/* fall through */
	default:
		values_receive(g, t, "{\"match\":[\"DOWN\",\"$p\",\"$why\"],\"do\":[" SET("why", "\"$why\"") "]}");
	}
}

/* Client i; *slept: the ticks the clients before it sleep, which delay
** their start (it grows by this client's). */
static void values_client(struct gen *g, struct vtext *t, unsigned i, unsigned nserv,
                          unsigned *slept)
{
	/* clients start 40 ticks apart: which one's messages come first
	** should not rest on a few ticks of real time on the BEAM side.  The
	** sleeps of the clients before count too: on the BEAM the rest of a
	** client takes next to no time, so a client that sleeps 39 ticks sends
	** its last messages 39 ticks after its start, in beamsim some 70 (its
	** reductions and messages take ticks): the next client, 40 ticks
	** later, came first on the BEAM and second in beamsim (format 1.1 seed
	** 325 of the long run: c1's push and c2's count). */
	unsigned start = i * 40 + *slept + (unsigned)rnd(g, 0, 10);
	vput(t, "{\"name\":\"c%u\",\"start\":%u,\"state\":{\"got\":[],\"seen\":0,\"reps\":%u},\"program\":[",
	     i, start, (unsigned)rnd(g, 1, 3));
	uint64_t n = rnd(g, 2, 8);
	for (uint64_t k = 0; k < n; k++) {
		if (k)
			vput(t, ",");
		values_step(g, t, nserv, 0, slept);
	}
	vput(t, "]}");
}

static char *gen_values_scenario(struct gen *g, uint64_t seed)
{
	struct vtext t = {0};
	unsigned nserv = (unsigned)rnd(g, 1, 2), ncli = (unsigned)rnd(g, 1, 3);
	vput(&t, "{\"format\":1.1,\"title\":\"generated values %llu\",\"config\":{\"schedulers\":%u,"
	     "\"slice\":%u,\"until\":5000},\"processes\":[", (unsigned long long)seed,
	     (unsigned)rnd(g, 1, 4), (unsigned)rnd(g, 5, 60));
	for (unsigned i = 0; i < nserv; i++) {
		if (i)
			vput(&t, ",");
		bool sup = chance(g, 20);   /* state dies with the process */
		if (sup)
			vput(&t, "{\"name\":\"g%u\",\"supervisor\":{\"intensity\":2,\"children\":[", i);
		values_server(g, &t, i, sup);
		if (sup)
			vput(&t, "]}}");
	}
	unsigned slept = 0;
	for (unsigned i = 0; i < ncli; i++) {
		vput(&t, ",");
		values_client(g, &t, i, nserv, &slept);
	}
	vput(&t, "]}");
	free(g);
	if (t.oom) {
		free(t.p);
		return NULL;
	}
	return t.p;
}

/* {=== GEN_NODES: nodes, placements, monitor_node, node timeline ===} */

static cJSON *node_name(struct gen *g, uint32_t nn)
{
	char name[16];
	snprintf(name, sizeof name, "n%u", (unsigned)rnd(g, 0, nn - 1));
	return cJSON_CreateString(name);
}

/* 1..3 distinct nodes in a random order, for a child's "nodes". */
static cJSON *node_list(struct gen *g, uint32_t nn)
{
	cJSON *l = cJSON_CreateArray();
	uint32_t k = (uint32_t)rnd(g, 1, nn < 3 ? nn : 3), first = (uint32_t)rnd(g, 0, nn - 1);
	for (uint32_t i = 0; i < k; i++) {
		char name[16];
		snprintf(name, sizeof name, "n%u", (first + i) % nn);
		cJSON_AddItemToArray(l, cJSON_CreateString(name));
	}
	return l;
}

/* Places spawn ops on nodes and adds monitor_node ops, through every
** program under `item`. */
static void place_ops(struct gen *g, cJSON *item, uint32_t nn)
{
	cJSON *c;
	if (cJSON_IsObject(item)) {
		const cJSON *op = cJSON_GetObjectItemCaseSensitive(item, "op");
		if (cJSON_IsString(op) && !strcmp(op->valuestring, "spawn") && chance(g, 40))
			cJSON_AddItemToObject(item, "node", node_name(g, nn));
		cJSON *prog = cJSON_GetObjectItemCaseSensitive(item, "program");
		if (cJSON_IsArray(prog) && chance(g, 25)) {
			cJSON *m = op_obj("monitor_node");
			cJSON_AddItemToObject(m, "node", node_name(g, nn));
			/* at a random place: appended, then the ops after it moved
			** behind it (cJSON 1.7.15's InsertItemInArray leaks here) */
			int n = cJSON_GetArraySize(prog), at = (int)rnd(g, 0, (uint64_t)n);
			cJSON_AddItemToArray(prog, m);
			for (int i = at; i < n; i++)
				cJSON_AddItemToArray(prog, cJSON_DetachItemFromArray(prog, at));
		}
	}
	cJSON_ArrayForEach(c, item) place_ops(g, c, nn);
}

/* Supervisor children: "node", "nodes" or the supervisor's node. */
static void place_children(struct gen *g, cJSON *entry, uint32_t nn)
{
	cJSON *sup = cJSON_GetObjectItemCaseSensitive(entry, "supervisor"), *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(sup, "children")) {
		if (chance(g, 35))
			cJSON_AddItemToObject(c, "nodes", node_list(g, nn));
		else if (chance(g, 35))
			cJSON_AddItemToObject(c, "node", node_name(g, nn));
		place_children(g, c, nn);
	}
}

static cJSON *node_event(struct gen *g, uint32_t nn)
{
	cJSON *ev = cJSON_CreateObject();
	/* mostly early, where the processes are busy */
	uint64_t late = chance(g, 25) ? g->until : (g->until < 200 ? g->until : 200);
	cJSON_AddNumberToObject(ev, "at", (double)rnd(g, 1, late));
	cJSON *d = cJSON_AddObjectToObject(ev, "do");
	uint64_t kind = rnd(g, 0, 3);
	static const char *const ops[] = {"node_down", "node_up", "partition", "heal"};
	cJSON_AddStringToObject(d, "op", ops[kind]);
	if (kind < 2) {
		cJSON_AddItemToObject(d, "node", node_name(g, nn));
	} else if (kind == 2) {
		/* each node into group 0 or 1 (node 0 always in 0) */
		cJSON *groups = cJSON_AddArrayToObject(d, "groups"), *gr[2];
		gr[0] = cJSON_CreateArray();
		gr[1] = cJSON_CreateArray();
		for (uint32_t n = 0; n < nn; n++) {
			char name[16];
			snprintf(name, sizeof name, "n%u", n);
			cJSON_AddItemToArray(gr[n && chance(g, 50)], cJSON_CreateString(name));
		}
		cJSON_AddItemToArray(groups, gr[0]);
		if (cJSON_GetArraySize(gr[1]))
			cJSON_AddItemToArray(groups, gr[1]);
		else
			cJSON_Delete(gr[1]);
	}
	return ev;
}

/* {=== GEN_NODES | GEN_ORACLE: only what real nodes can be compared on ===}
**
** For the dist oracle (tests/oracle/dist/run_random.sh): the processes
** and the timeline are replaced by ones whose outcomes do not depend on
** timing.  Every process waits for ever (no `after`, no work, no sleep)
** and ends only by what the timeline does to the system: idle ones,
** linkers (trapping or not) and monitorers of another process, node
** watchers (monitor_node), relays that pass a timeline "go" on as a
** "ping" (dropped across a partition), and one-level supervisors whose
** children sit on other nodes ("node", or "nodes" ending with the
** supervisor's own node, so a restart always finds a node).  Each
** receive maps what arrived to an exit reason (the oracle compares exit
** reasons).  Timeline events are DO_GAP ticks apart, far more than any
** latency (<= 30): node_down of an up node, node_up of a down one, a
** partition only while none is in force, heal only while one is, sends
** of "go" to a relay, exits; a partition or node_down only when no group
** of tied processes sees two of the connections it breaks (do_racy; else
** the next kind of event that fits).  At most 3 nodes (each is an erl
** VM). */

#define DO_GAP 250
#define DO_TOP 7                        /* top-level entries at most */
#define DO_ALL (DO_TOP * 4)             /* names: each with 3 children at most */

/* A process of the scenario; `mask`, `tie` and `watch` say what a
** partition can do to it (do_racy). */
struct do_proc {
	char name[16];
	uint32_t node;
	uint32_t mask;          /* the nodes it may run on (bit n: node n) */
	int32_t tie;            /* link, monitor or supervisor: index in all[], -1 none */
	int32_t watch;          /* monitor_node: the node, -1 none */
};

/* {"op": "receive", "cases": [...]} whose cases map a message to `exit` */
static void do_case(cJSON *cases, cJSON *match, const char *reason)
{
	cJSON *c = cJSON_CreateObject(), *x = op_obj("exit");
	cJSON_AddItemToObject(c, "match", match);
	cJSON_AddStringToObject(x, "reason", reason);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "do"), x);
	cJSON_AddItemToArray(cases, c);
}

static cJSON *do_triple(const char *a, const char *b, const char *c)
{
	cJSON *m = cJSON_CreateArray();
	cJSON_AddItemToArray(m, cJSON_CreateString(a));
	cJSON_AddItemToArray(m, cJSON_CreateString(b));
	cJSON_AddItemToArray(m, cJSON_CreateString(c));
	return m;
}

/* The program of one waiting process of kind K (0 idle, 1 linker, 2
** trapping linker, 3 monitorer, 4 node watcher, 5 relay) about TARGET
** (a name) or node WATCH. */
static cJSON *do_program(unsigned k, const char *target, uint32_t watch)
{
	cJSON *p = cJSON_CreateArray(), *o, *r = op_obj("receive");
	cJSON *cases = cJSON_AddArrayToObject(r, "cases");
	char nd[16];
	snprintf(nd, sizeof nd, "n%u", (unsigned)watch);
	if (k == 2)
		cJSON_AddItemToArray(p, op_obj("trap_exit"));
	if (k >= 1 && k <= 3) {
		o = op_obj(k == 3 ? "monitor" : "link");
		cJSON_AddStringToObject(o, "to", target);
		cJSON_AddItemToArray(p, o);
	}
	if (k == 2) {
		do_case(cases, do_triple("EXIT", "_", "noconnection"), "exit_noconnection");
		do_case(cases, do_triple("EXIT", "_", "noproc"), "exit_noproc");
		do_case(cases, do_triple("EXIT", "_", "_"), "exit_other");
	} else if (k == 3) {
		do_case(cases, do_triple("DOWN", "_", "noconnection"), "down_noconnection");
		do_case(cases, do_triple("DOWN", "_", "noproc"), "down_noproc");
		do_case(cases, do_triple("DOWN", "_", "_"), "down_other");
	} else if (k == 4) {
		o = op_obj("monitor_node");
		cJSON_AddStringToObject(o, "node", nd);
		cJSON_AddItemToArray(p, o);
		cJSON *m = cJSON_CreateArray();
		cJSON_AddItemToArray(m, cJSON_CreateString("nodedown"));
		cJSON_AddItemToArray(m, cJSON_CreateString(nd));
		do_case(cases, m, "nodedown");
	}
	if (k == 5) {
		/* loop for ever: "go" -> send "ping" to the target */
		cJSON *c = cJSON_CreateObject(), *s = op_obj("send");
		cJSON_AddStringToObject(c, "match", "go");
		cJSON_AddStringToObject(s, "to", target);
		cJSON_AddStringToObject(s, "message", "ping");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "do"), s);
		cJSON_AddItemToArray(cases, c);
		o = op_obj("loop");
		cJSON_AddStringToObject(o, "times", "forever");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "do"), r);
		cJSON_AddItemToArray(p, o);
		return p;
	}
	do_case(cases, cJSON_CreateString("ping"), "got_ping");
	cJSON_AddItemToArray(p, r);
	return p;
}

/* A supervisor entry on node SN with 1..3 idle children. */
static cJSON *do_supervisor(struct gen *g, cJSON *e, uint32_t sn, uint32_t nn,
                            struct do_proc *all, uint32_t *nall)
{
	cJSON *s = cJSON_AddObjectToObject(e, "supervisor");
	cJSON_AddStringToObject(s, "strategy", strategies[rnd(g, 0, 2)]);
	cJSON_AddNumberToObject(s, "intensity", (double)rnd(g, 0, 4));
	cJSON_AddNumberToObject(s, "period", 1000000);
	cJSON *ch = cJSON_AddArrayToObject(s, "children");
	int32_t self = (int32_t)*nall - 1;
	for (uint64_t i = rnd(g, 1, 3); i > 0; i--) {
		cJSON *c = cJSON_CreateObject();
		struct do_proc *d = &all[(*nall)++];
		fresh(g, d->name, sizeof d->name, 'c');
		d->node = sn;
		d->mask = 1u << sn;
		d->tie = self;
		d->watch = -1;
		cJSON_AddStringToObject(c, "name", d->name);
		cJSON_AddStringToObject(c, "restart", restarts[rnd(g, 0, 2)]);
		if (chance(g, 50)) {
			/* other nodes, then the supervisor's own */
			cJSON *l = cJSON_AddArrayToObject(c, "nodes");
			for (uint32_t k = 1; k < nn; k++)
				if (chance(g, 70)) {
					char nd[16];
					snprintf(nd, sizeof nd, "n%u", (unsigned)((sn + k) % nn));
					cJSON_AddItemToArray(l, cJSON_CreateString(nd));
					d->mask |= 1u << ((sn + k) % nn);
				}
			char own[16];
			snprintf(own, sizeof own, "n%u", (unsigned)sn);
			cJSON_AddItemToArray(l, cJSON_CreateString(own));
			d->node = nn;   /* any */
		} else if (chance(g, 60)) {
			char nd[16];
			d->node = (uint32_t)rnd(g, 0, nn - 1);
			snprintf(nd, sizeof nd, "n%u", (unsigned)d->node);
			cJSON_AddStringToObject(c, "node", nd);
			d->mask = 1u << d->node;
		}
		cJSON_AddItemToObject(c, "program", do_program(0, NULL, 0));
		cJSON_AddItemToArray(ch, c);
	}
	return s;
}

/* The network as the timeline leaves it: nodes down, partition groups. */
struct do_net {
	bool down[4], split;
	uint32_t grp[4];
};

#define DO_PAIR(a, b) (1u << ((a) < (b) ? (a) * 4 + (b) : (b) * 4 + (a)))

/* Whether an event that breaks the connections `cut` (DO_PAIR bits) at
** once could end differently on real nodes than in beamsim.  beamsim
** breaks them in one boundary; real nodes one after the other, in no
** defined order, and a signal between two other nodes travels faster
** than that order is settled.  So no group of processes tied together
** (links, monitors, supervisors: what one of them sees reaches the
** others) may see two broken connections: e.g. p on n2 watching n0 and
** linked to q on n1 ends `nodedown` or `noconnection` by which cut of
** the partition [[n0, n1], [n2]] comes first (seed 1027), and p33 on n0
** monitoring p32 (linked to p34 on n2) and linked to p31 on n1 (linked,
** through p29, to p34) by whether n0 or n1 sees n2 halt first (seed
** 1028).  `mask` is where a process may run, so a child with "nodes"
** counts on each of them. */
static bool do_racy(const struct do_proc *all, uint32_t nall, uint32_t cut)
{
	uint32_t root[DO_ALL], seen[DO_ALL] = {0};
	for (uint32_t i = 0; i < nall; i++)
		root[i] = i;
	for (uint32_t i = 0; i < nall; i++) {
		uint32_t a = i, b = all[i].tie < 0 ? i : (uint32_t)all[i].tie;
		while (root[a] != a)
			a = root[a];
		while (root[b] != b)
			b = root[b];
		root[a] = b;
	}
	for (uint32_t i = 0; i < nall; i++) {
		uint32_t r = i, other = 0;
		while (root[r] != r)
			r = root[r];
		if (all[i].tie >= 0)
			other = all[all[i].tie].mask;
		if (all[i].watch >= 0)
			other |= 1u << all[i].watch;
		for (uint32_t a = 0; a < 4; a++)
			for (uint32_t b = 0; b < 4; b++)
				if (a != b && (all[i].mask >> a & 1) && (other >> b & 1))
					seen[r] |= DO_PAIR(a, b) & cut;
		if (seen[r] & (seen[r] - 1))
			return true;        /* two connections */
	}
	return false;
}

/* Makes `d` a partition into two groups (node 0 in the first, node nn-1
** in the second, node 1 of 3 in either by chance) that do_racy accepts,
** node 1 on the other side if needed; false if none is.  Only while no
** partition is in force (at most 3 nodes). */
static bool do_partition(struct gen *g, cJSON *d, uint32_t nn, const struct do_proc *all,
                         uint32_t nall, struct do_net *net)
{
	uint32_t grp[4] = {0, 0, 0, 0};
	for (uint32_t k = 1; k < nn; k++)
		grp[k] = k == nn - 1 || chance(g, 40);
	for (int flip = 0;; flip++) {
		uint32_t cut = 0;
		for (uint32_t a = 0; a < nn; a++)
			for (uint32_t b = a + 1; b < nn; b++)
				if (grp[a] != grp[b] && !net->down[a] && !net->down[b])
					cut |= DO_PAIR(a, b);
		if (!do_racy(all, nall, cut))
			break;
		if (flip || nn < 3)
			return false;
		grp[1] = !grp[1];            /* the middle node on the other side */
	}
	cJSON *groups = cJSON_AddArrayToObject(d, "groups"), *gr[2];
	cJSON_AddStringToObject(d, "op", "partition");
	gr[0] = cJSON_CreateArray();
	gr[1] = cJSON_CreateArray();
	for (uint32_t k = 0; k < nn; k++) {
		char nd[16];
		snprintf(nd, sizeof nd, "n%u", (unsigned)k);
		cJSON_AddItemToArray(gr[grp[k]], cJSON_CreateString(nd));
		net->grp[k] = grp[k];
	}
	cJSON_AddItemToArray(groups, gr[0]);
	cJSON_AddItemToArray(groups, gr[1]);
	net->split = true;
	return true;
}

/* Makes `d` node_up of node n if it is down, else node_down of it if
** do_racy accepts the connections that breaks (n's to the up nodes of
** its group); else the same for the next nodes; false if none fits. */
static bool do_node_event(cJSON *d, uint32_t nn, uint32_t n, const struct do_proc *all,
                          uint32_t nall, struct do_net *net)
{
	for (uint32_t k = 0; k < nn; k++, n = (n + 1) % nn) {
		uint32_t cut = 0;
		for (uint32_t m = 0; m < nn; m++)
			if (m != n && !net->down[m] && net->grp[m] == net->grp[n])
				cut |= DO_PAIR(m, n);
		if (!net->down[n] && do_racy(all, nall, cut))
			continue;
		char nd[16];
		snprintf(nd, sizeof nd, "n%u", (unsigned)n);
		cJSON_AddStringToObject(d, "op", net->down[n] ? "node_up" : "node_down");
		cJSON_AddStringToObject(d, "node", nd);
		net->down[n] = !net->down[n];
		return true;
	}
	return false;
}

/* The timeline: 1..5 events DO_GAP ticks apart (see above); returns the
** last tick.  An event that do_racy refuses becomes the next kind that
** fits: a partition a node event, a node event an exit. */
static uint64_t do_timeline(struct gen *g, cJSON *tl, uint32_t nn,
                            const struct do_proc *all, uint32_t nall, const bool *relay)
{
	struct do_net net = {{false}, false, {0}};
	uint64_t at = 100;
	for (uint64_t i = rnd(g, 1, 5); i > 0; i--, at += DO_GAP + rnd(g, 0, 40)) {
		cJSON *ev = cJSON_CreateObject(), *d;
		cJSON_AddNumberToObject(ev, "at", (double)at);
		d = cJSON_AddObjectToObject(ev, "do");
		cJSON_AddItemToArray(tl, ev);
		uint32_t n = (uint32_t)rnd(g, 0, nn - 1), r = (uint32_t)rnd(g, 0, nall - 1);
		uint64_t kind = rnd(g, 0, 5);
		bool made = false;
		if (kind == 2 && net.split) {
			cJSON_AddStringToObject(d, "op", "heal");
			memset(&net.grp, 0, sizeof net.grp);
			net.split = false;
			made = true;
		} else if (kind == 2) {
			made = do_partition(g, d, nn, all, nall, &net);
		}
		if (!made && kind <= 2)
			made = do_node_event(d, nn, n, all, nall, &net);
		if (!made && kind == 3) {
			for (uint32_t k = 0; k < nall && !relay[r]; k++)
				r = (r + 1) % nall;
			if (relay[r]) {
				cJSON_AddStringToObject(d, "op", "send");
				cJSON_AddStringToObject(d, "to", all[r].name);
				cJSON_AddStringToObject(d, "message", "go");
				made = true;
			}
		}
		if (!made) {
			static const char *const why[] = {"boom", "kill", "shutdown"};
			cJSON_AddStringToObject(d, "op", "exit");
			cJSON_AddStringToObject(d, "to", all[r].name);
			cJSON_AddStringToObject(d, "reason", why[rnd(g, 0, 2)]);
		}
	}
	return at;
}

/* GEN_NODES | GEN_ORACLE: replaces what `root` has to run with the
** waiting processes and node events described above. */
static void gen_nodes_oracle(struct gen *g, cJSON *root, uint32_t nn)
{
	struct do_proc all[DO_ALL];
	unsigned kind[DO_TOP];
	bool relay[DO_ALL] = {false};
	uint32_t nall = 0, ntop = (uint32_t)rnd(g, 3, DO_TOP);
	cJSON_DeleteItemFromObjectCaseSensitive(root, "templates");
	cJSON_DeleteItemFromObjectCaseSensitive(root, "links");
	cJSON_DeleteItemFromObjectCaseSensitive(root, "notes");
	cJSON_DeleteItemFromObjectCaseSensitive(root, "processes");
	cJSON_DeleteItemFromObjectCaseSensitive(root, "timeline");
	cJSON *procs = cJSON_AddArrayToObject(root, "processes");
	cJSON *entry[DO_TOP];
	/* names and nodes first, so a target may come later in the file */
	for (uint32_t i = 0; i < ntop; i++) {
		kind[i] = (unsigned)rnd(g, 0, 6);   /* 6: a supervisor */
		entry[i] = cJSON_CreateObject();
		struct do_proc *d = &all[nall++];
		fresh(g, d->name, sizeof d->name, kind[i] == 6 ? 'g' : 'p');
		d->node = (uint32_t)rnd(g, 0, nn - 1);
		d->mask = 1u << d->node;
		d->tie = d->watch = -1;
		relay[nall - 1] = kind[i] == 5;
		char nd[16];
		snprintf(nd, sizeof nd, "n%u", (unsigned)d->node);
		cJSON_AddStringToObject(entry[i], "name", d->name);
		cJSON_AddStringToObject(entry[i], "node", nd);
		if (kind[i] == 6)
			do_supervisor(g, entry[i], d->node, nn, all, &nall);
		cJSON_AddItemToArray(procs, entry[i]);
	}
	for (uint32_t i = 0; i < ntop; i++) {
		if (kind[i] == 6)
			continue;
		/* a target other than itself; a watched node other than its own */
		uint32_t t = (uint32_t)rnd(g, 0, nall - 2), self = 0;
		for (uint32_t k = 0; k < nall; k++)
			if (!strcmp(all[k].name, cJSON_GetObjectItemCaseSensitive(entry[i], "name")->valuestring))
				self = k;
		t += t >= self;
		uint32_t watch = (all[self].node + (uint32_t)rnd(g, 1, nn - 1)) % nn;
		if (kind[i] >= 1 && kind[i] <= 3)
			all[self].tie = (int32_t)t;
		else if (kind[i] == 4)
			all[self].watch = (int32_t)watch;
		cJSON_AddItemToObject(entry[i], "program", do_program(kind[i], all[t].name, watch));
	}
	cJSON *cfg = cJSON_GetObjectItemCaseSensitive(root, "config");
	uint64_t end = do_timeline(g, cJSON_AddArrayToObject(root, "timeline"), nn, all, nall, relay);
	cJSON_DeleteItemFromObjectCaseSensitive(cfg, "until");
	cJSON_AddNumberToObject(cfg, "until", (double)(end + DO_GAP));
}

/* GEN_NODES: turns the scenario `root` into one with 2..4 nodes. */
static void gen_nodes(struct gen *g, cJSON *root)
{
	cJSON *cfg = cJSON_GetObjectItemCaseSensitive(root, "config"), *e;
	uint32_t nn = (uint32_t)rnd(g, 2, 4);
	if ((g->flags & GEN_ORACLE) && nn > 3)
		nn = 3;
	cJSON *nodes = cJSON_AddArrayToObject(cfg, "nodes");
	for (uint32_t n = 0; n < nn; n++) {
		cJSON *nd = cJSON_CreateObject();
		char name[16];
		snprintf(name, sizeof name, "n%u", n);
		cJSON_AddStringToObject(nd, "name", name);
		cJSON_AddNumberToObject(nd, "schedulers", (double)rnd(g, 1, 3));
		cJSON_AddItemToArray(nodes, nd);
	}
	cJSON *net = cJSON_AddObjectToObject(cfg, "net");
	cJSON_AddNumberToObject(net, "latency", (double)rnd(g, 0, 30));
	if (chance(g, 30)) {
		cJSON *link = cJSON_CreateObject();
		cJSON_AddStringToObject(link, "from", "n0");
		cJSON_AddStringToObject(link, "to", "n1");
		cJSON_AddNumberToObject(link, "latency", (double)rnd(g, 0, 60));
		cJSON_AddItemToArray(cJSON_AddArrayToObject(net, "links"), link);
	}
	if (g->flags & GEN_ORACLE) {
		gen_nodes_oracle(g, root, nn);
		return;
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "processes")) {
		if (chance(g, 60))
			cJSON_AddItemToObject(e, "node", node_name(g, nn));
		place_children(g, e, nn);
	}
	place_ops(g, cJSON_GetObjectItemCaseSensitive(root, "processes"), nn);
	place_ops(g, cJSON_GetObjectItemCaseSensitive(root, "templates"), nn);
	cJSON *tl = cJSON_GetObjectItemCaseSensitive(root, "timeline");
	if (!tl)
		tl = cJSON_AddArrayToObject(root, "timeline");
	for (uint64_t i = rnd(g, 1, 6); i > 0; i--)
		cJSON_AddItemToArray(tl, node_event(g, nn));
}

char *gen_scenario(uint64_t seed)
{
	return gen_scenario_opts(seed, 0);
}

/* GEN_ORACLE: `work` after each `exit` op to another process, once the
** targets are names.  The signal, the target's death and its own exit
** signals over links and to its supervisor, even the supervisor's
** restart, take microseconds on the BEAM and a few ticks in beamsim;
** when the sender went straight on, its own end or a second `exit`
** reached a third process before the target's in beamsim only (BEAM
** oracle seeds 1061, 1487, 1684, 1864; how-beam-schedules.md, Signals).
** No random draw: the rest of a seed's scenario stays as it was. */
enum { GEN_EXIT_PAUSE = 5 };

static bool exit_to_other(const cJSON *op)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(op, "op");
	const cJSON *to = cJSON_GetObjectItemCaseSensitive(op, "to");
	return cJSON_IsString(kind) && strcmp(kind->valuestring, "exit") == 0 &&
	       cJSON_IsString(to) && strcmp(to->valuestring, "self") != 0;
}

static void pause_after_exits(struct gen *g, cJSON *node)
{
	cJSON *c;
	cJSON_ArrayForEach(c, node) {
		if (cJSON_IsArray(c) && c->string &&
		    (strcmp(c->string, "program") == 0 || strcmp(c->string, "do") == 0)) {
			for (cJSON *op = c->child; op; op = op->next) {
				if (!exit_to_other(op))
					continue;
				cJSON *w = op_obj("work");
				if (!w || !cJSON_AddNumberToObject(w, "reductions", GEN_EXIT_PAUSE)) {
					cJSON_Delete(w);
					g->oom = true;
					return;
				}
				/* linked in by hand: cJSON 1.7.15's InsertItemInArray
				** returned false here (and leaks: see place_ops) */
				w->prev = op;
				w->next = op->next;
				if (op->next)
					op->next->prev = w;
				else
					c->child->prev = w;     /* the array's last item */
				op->next = w;
				op = w;
			}
		}
		if (cJSON_IsObject(c) || cJSON_IsArray(c))
			pause_after_exits(g, c);
	}
}

char *gen_scenario_opts(uint64_t seed, unsigned flags)
{
	struct gen *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->flags = flags;
	g->r.s = seed * 0x2545f4914f6cdd1dull + 1;
	if (flags & GEN_VALUES)
		return gen_values_scenario(g, seed);
	g->until = rnd(g, 100, 2500);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "format", 1);
	char title[64];
	snprintf(title, sizeof title, "generated %llu", (unsigned long long)seed);
	cJSON_AddStringToObject(root, "title", title);
	cJSON_AddItemToObject(root, "config", config(g));

	/* templates: t0..tK; each may inherit from an earlier one, and may
	** spawn only earlier ones (so spawning never recurses). */
	g->ntemplates = 0;
	uint64_t nt = rnd(g, 0, MAX_TEMPLATES);
	cJSON *tmpls = cJSON_CreateObject();
	for (uint64_t i = 0; i < nt; i++) {
		cJSON *t = cJSON_CreateObject();
		char parent[16];
		if (i > 0 && chance(g, 25)) {
			snprintf(parent, sizeof parent, "t%u", (unsigned)rnd(g, 0, i - 1));
			cJSON_AddStringToObject(t, "template", parent);
		} else {
			cJSON_AddItemToObject(t, "program", program(g, 0, true, false));
		}
		entry_options(g, t);
		if (chance(g, 20))
			cJSON_AddStringToObject(t, "restart", restarts[rnd(g, 0, 2)]);
		char name[16];
		snprintf(name, sizeof name, "t%u", (unsigned)i);
		cJSON_AddItemToObject(tmpls, name, t);
		g->ntemplates = (uint32_t)i + 1;   /* visible to the next templates only */
	}
	if (nt)
		cJSON_AddItemToObject(root, "templates", tmpls);
	else
		cJSON_Delete(tmpls);

	cJSON *procs = cJSON_AddArrayToObject(root, "processes");
	uint64_t np = rnd(g, 1, 6);
	for (uint64_t i = 0; i < np; i++) {
		cJSON *e = cJSON_CreateObject();
		char name[16];
		bool sup = chance(g, 25);
		fresh(g, name, sizeof name, sup ? 'g' : 'p');
		cJSON_AddStringToObject(e, "name", name);
		bool counted = !sup && chance(g, 20);
		uint64_t count = counted ? rnd(g, 1, 3) : 1;
		if (counted)
			cJSON_AddNumberToObject(e, "count", (double)count);
		add_names(g, name, count, counted, true);
		if (sup)
			cJSON_AddItemToObject(e, "supervisor", supervisor(g, 0));
		else if (nt && chance(g, 20)) {
			char t[16];
			snprintf(t, sizeof t, "t%u", (unsigned)rnd(g, 0, nt - 1));
			cJSON_AddStringToObject(e, "template", t);
		} else
			cJSON_AddItemToObject(e, "program", program(g, 0, true, false));
		entry_options(g, e);
		if (chance(g, 15))
			cJSON_AddNumberToObject(e, "start", (double)rnd(g, 0, g->until / 2));
		cJSON_AddItemToArray(procs, e);
	}
	cJSON *tl = timeline(g);
	if (cJSON_GetArraySize(tl))
		cJSON_AddItemToObject(root, "timeline", tl);
	else
		cJSON_Delete(tl);
	if (g->nstat >= 2 && chance(g, 50)) {
		cJSON *links = cJSON_AddArrayToObject(root, "links");
		uint64_t n = rnd(g, 1, 3);
		for (uint64_t i = 0; i < n; i++) {
			uint64_t a = rnd(g, 0, g->nstat - 1), b = rnd(g, 0, g->nstat - 2);
			if (b >= a)
				b++;
			cJSON *pair = cJSON_CreateArray();
			cJSON_AddItemToArray(pair, cJSON_CreateString(g->stat[a]));
			cJSON_AddItemToArray(pair, cJSON_CreateString(g->stat[b]));
			cJSON_AddItemToArray(links, pair);
		}
	}
	if (chance(g, 20)) {
		cJSON *notes = cJSON_AddArrayToObject(root, "notes");
		cJSON *n = cJSON_CreateObject();
		cJSON_AddNumberToObject(n, "at", (double)rnd(g, 0, g->until));
		cJSON_AddStringToObject(n, "text", "a note");
		cJSON_AddItemToArray(notes, n);
	}
	fix_targets(g);
	if (flags & GEN_NODES)
		gen_nodes(g, root);
	if (flags & GEN_ORACLE)
		pause_after_exits(g, root);
	char *text = g->oom ? NULL : cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	for (uint32_t i = 0; i < g->nall; i++)
		free(g->all[i]);
	free(g);
	return text;
}
