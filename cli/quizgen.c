/*
** quizgen.c - seeded homework (quizgen.h).
**
** A quiz is made in two passes.  The topic's builder draws the processes
** (names from the topic's word list, ops that make sense for it) and a
** list of candidate questions.  Pass 1 loads the scenario with every
** candidate and lets the engine answer them (sim_answers_compute);
** candidates whose answer says nothing ("none", a tie for the first to
** finish) are dropped and at most QUIZ_MAX_Q are kept.  Pass 2 writes the
** final scenario with choices built around the engine's answers (never
** the answers themselves: the file is the student's), checks that the
** engine answers it the same way, and writes the worksheet and key.
*/
#include "quizgen.h"
#include "args.h"
#include "questions.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define QUIZ_MAX_PROCS 10
#define QUIZ_MAX_CAND 12
#define QUIZ_MAX_Q 6
#define QUIZ_MIN_Q 3
#define NAME_MAX_LEN 24

static const char *const topic_names[QUIZ_TOPIC_COUNT] = {
	"scheduling", "preemption", "messages", "links", "supervisors", "all"
};

const char *quiz_topic_name(enum quiz_topic t)
{
	return (unsigned)t < QUIZ_TOPIC_COUNT ? topic_names[t] : "?";
}

bool quiz_topic_parse(const char *word, enum quiz_topic *out)
{
	for (int i = 0; i < QUIZ_TOPIC_COUNT; i++)
		if (strcmp(word, topic_names[i]) == 0) {
			*out = (enum quiz_topic)i;
			return true;
		}
	return false;
}

/* {=== text buffers ===} */

struct buf {
	char *s;
	size_t n, cap;
	bool oom;
};

static void bput(struct buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void bput(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->oom || len < 0)
		return;
	if (b->n + (size_t)len + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 1024) + (size_t)len;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)len;
}

/* {=== the model ===} */

struct proc {
	char name[NAME_MAX_LEN];
	unsigned sched;           /* 1-based; 0: any */
	uint64_t start;
	bool trap;
	struct buf ops;           /* JSON ops, comma-separated */
	struct buf list;          /* the readable listing, one "    - op" line each */
};

struct cand {
	enum sim_question_kind kind;
	unsigned of, sched;       /* of: process index */
	unsigned among[4], namong;
	uint64_t at;
	char answer[256];
	bool keep;
};

struct gen {
	uint64_t rng;
	unsigned level;
	enum quiz_topic topic;
	unsigned schedulers, slice;
	const char *title;
	struct proc p[QUIZ_MAX_PROCS];
	unsigned np;
	struct buf extra;         /* more top-level JSON (links, a supervisor) */
	struct buf extra_list;    /* its listing */
	struct cand c[QUIZ_MAX_CAND];
	unsigned nc;
	const char *reasons[4];   /* crash reasons the file uses (distractors) */
	unsigned nreasons;
};

/* splitmix64: the same sequence on every machine. */
static uint64_t next(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned pick(struct gen *g, unsigned n)
{
	return (unsigned)(next(g) % n);
}

/* lo..hi in steps of `step`. */
static unsigned range(struct gen *g, unsigned lo, unsigned hi, unsigned step)
{
	return lo + step * pick(g, (hi - lo) / step + 1);
}

/* Draws n distinct names of the list into the processes p[first..]. */
static void draw_names(struct gen *g, const char *const *words, unsigned nwords, unsigned n)
{
	unsigned used = 0;
	for (unsigned k = 0; k < n && k < nwords; k++) {
		unsigned i = pick(g, nwords - k);
		for (unsigned j = 0; j < nwords; j++) {   /* the i-th word not used yet */
			if (used & (1u << j))
				continue;
			if (i-- == 0) {
				used |= 1u << j;
				snprintf(g->p[g->np].name, NAME_MAX_LEN, "%s", words[j]);
				g->np++;
				break;
			}
		}
	}
}

static void op(struct proc *p, const char *json, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* Appends one op: its JSON and its listing line. */
static void op(struct proc *p, const char *json, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	bput(&p->ops, "%s%s", p->ops.n ? ", " : "", json);
	bput(&p->list, "    - %s\n", line);
}

static void work(struct proc *p, unsigned r)
{
	char j[64];
	snprintf(j, sizeof j, "{\"op\": \"work\", \"reductions\": %u}", r);
	op(p, j, "work %u reductions", r);
}

static void cand(struct gen *g, enum sim_question_kind k, unsigned of, uint64_t at)
{
	for (unsigned i = 0; i < g->nc; i++)
		if (g->c[i].kind == k && g->c[i].of == of)
			return;   /* asked already */
	if (g->nc < QUIZ_MAX_CAND)
		g->c[g->nc++] = (struct cand){ .kind = k, .of = of, .at = at };
}

static void cand_among(struct gen *g, enum sim_question_kind k, unsigned n)
{
	if (g->nc == QUIZ_MAX_CAND || g->np < 2)
		return;
	struct cand *c = &g->c[g->nc++];
	*c = (struct cand){ .kind = k };
	unsigned used = 0;
	while (c->namong < n && c->namong < g->np) {
		unsigned i = pick(g, g->np);
		if (!(used & (1u << i))) {
			used |= 1u << i;
			c->among[c->namong++] = i;
		}
	}
}

/* {=== topics ===} */

static const char *const jobs[] = {
	"parser", "indexer", "mailer", "resizer", "encoder", "logger", "uploader",
	"thumbnailer", "billing", "backup", "crawler", "reporter"
};

static void topic_scheduling(struct gen *g)
{
	g->title = "Who finishes first?";
	g->schedulers = g->level == 1 ? 1 : 2;
	g->slice = g->level == 3 ? 15 : 20;
	draw_names(g, jobs, 12, 3 + g->level + pick(g, 2));
	for (unsigned i = 0; i < g->np; i++) {
		struct proc *p = &g->p[i];
		p->sched = g->level == 1 ? 1 : 1 + pick(g, g->schedulers);
		work(p, range(g, 10, 60, 5));
		if (g->level >= 2 && pick(g, 2)) {
			unsigned t = range(g, 5, 30, 5);
			char j[64];
			snprintf(j, sizeof j, "{\"op\": \"sleep\", \"ticks\": %u}", t);
			op(p, j, "sleep %u ticks", t);
			work(p, range(g, 5, 30, 5));
		}
		if (g->level == 3 && pick(g, 3) == 0)
			p->start = range(g, 5, 40, 5);
	}
	cand_among(g, SIM_Q_FIRST_TO_FINISH, 3);
	cand(g, SIM_Q_EXIT_TICK, pick(g, g->np), 0);
	cand(g, SIM_Q_EXIT_TICK, pick(g, g->np), 0);
	cand(g, SIM_Q_RUNS_NEXT, 0, range(g, 15, 45, 5));
	cand(g, SIM_Q_FINISH_TICK, 0, 0);
}

static const char *const requests[] = {
	"login", "search", "checkout", "profile", "upload", "health", "avatar", "invoice", "cart"
};

static void topic_preemption(struct gen *g)
{
	g->title = "One slow request";
	g->schedulers = g->level == 3 ? 2 : 1;
	g->slice = range(g, 10, 20, 5);
	snprintf(g->p[0].name, NAME_MAX_LEN, "report");
	g->np = 1;
	work(&g->p[0], range(g, 150, 300, 10));
	draw_names(g, requests, 9, 2 + g->level + pick(g, 2));
	for (unsigned i = 1; i < g->np; i++) {
		g->p[i].start = range(g, 0, 60, 5);
		work(&g->p[i], range(g, 5, 30, 5));
		g->p[i].sched = 1;
	}
	g->p[0].sched = 1;
	cand(g, SIM_Q_EXIT_TICK, 1 + pick(g, g->np - 1), 0);
	cand_among(g, SIM_Q_FIRST_TO_FINISH, 3);
	cand(g, SIM_Q_RUNS_NEXT, 0, range(g, 10, 50, 5));
	cand(g, SIM_Q_EXIT_TICK, 0, 0);
	cand(g, SIM_Q_FINISH_TICK, 0, 0);
}

static const char *const people[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"
};
static const char *const servers[] = { "counter", "cache", "bank", "chat", "ledger" };

static void topic_messages(struct gen *g)
{
	g->title = "Mailbox order";
	g->schedulers = g->level == 1 ? 1 : 2;
	g->slice = 20;
	draw_names(g, servers, 5, 1);
	struct proc *s = &g->p[0];
	s->sched = 1;
	unsigned busy = range(g, 10, 40, 10);
	work(s, busy);
	char j[256];
	unsigned each = range(g, 5, 15, 5);
	snprintf(j, sizeof j, "{\"op\": \"loop\", \"times\": \"forever\", \"do\": [{\"op\": \"receive\"}, "
	         "{\"op\": \"work\", \"reductions\": %u}]}", each);
	op(s, j, "forever: receive any message (the oldest), then work %u reductions", each);
	draw_names(g, people, 9, 2 + g->level + pick(g, 2));
	for (unsigned i = 1; i < g->np; i++) {
		struct proc *p = &g->p[i];
		p->sched = 1 + pick(g, g->schedulers);
		work(p, range(g, 5, 40, 5));
		for (unsigned k = 0, n = 1 + pick(g, g->level); k < n; k++) {
			snprintf(j, sizeof j, "{\"op\": \"send\", \"to\": \"%s\", \"message\": [\"%s\", %u]}",
			         s->name, p->name, k + 1);
			op(p, j, "send [\"%s\", %u] to %s", p->name, k + 1, s->name);
		}
		if (g->level >= 2 && pick(g, 2))
			work(p, range(g, 5, 20, 5));
	}
	g->c[g->nc++] = (struct cand){ .kind = SIM_Q_RECEIVE_ORDER, .of = 0 };
	cand(g, SIM_Q_EXIT_TICK, 1 + pick(g, g->np - 1), 0);
	cand_among(g, SIM_Q_ALIVE_AT_END, 3);
	cand_among(g, SIM_Q_FIRST_TO_FINISH, 3);
	cand(g, SIM_Q_FINISH_TICK, 0, 0);
}

static const char *const crash_reasons[] = { "badarg", "badarith", "timeout", "badmatch" };
static const char *const parts[] = {
	"socket", "session", "parser", "buffer", "watcher", "monitor", "writer", "reader", "pinger"
};

static void topic_links(struct gen *g)
{
	g->title = "Who dies with whom?";
	g->schedulers = 2;
	g->slice = 20;
	draw_names(g, parts, 9, 3 + g->level + pick(g, 2));
	const char *reason = crash_reasons[pick(g, 4)];
	g->reasons[g->nreasons++] = reason;
	char j[128];
	work(&g->p[0], range(g, 10, 50, 10));
	snprintf(j, sizeof j, "{\"op\": \"crash\", \"reason\": \"%s\"}", reason);
	op(&g->p[0], j, "crash with reason %s", reason);
	bput(&g->extra, "\"links\": [");
	bput(&g->extra_list, "Links:");
	for (unsigned i = 1; i < g->np; i++) {
		struct proc *p = &g->p[i];
		unsigned to = pick(g, i);   /* a tree: each links to an earlier one */
		p->trap = g->level >= 2 && pick(g, 3) == 0;
		if (p->trap) {
			op(p, "{\"op\": \"receive\"}", "receive any message (it traps exits)");
			work(p, range(g, 10, 30, 10));
		} else {
			unsigned t = range(g, 40, 120, 20);
			snprintf(j, sizeof j, "{\"op\": \"sleep\", \"ticks\": %u}", t);
			op(p, j, "sleep %u ticks", t);
		}
		bput(&g->extra, "%s[\"%s\", \"%s\"]", i > 1 ? ", " : "", g->p[to].name, p->name);
		bput(&g->extra_list, "%s %s - %s", i > 1 ? "," : "", g->p[to].name, p->name);
	}
	bput(&g->extra, "]");
	bput(&g->extra_list, "\n");
	cand_among(g, SIM_Q_ALIVE_AT_END, 4);
	cand(g, SIM_Q_EXIT_REASON, 1 + pick(g, g->np - 1), 0);
	cand(g, SIM_Q_EXIT_REASON, 1 + pick(g, g->np - 1), 0);
	cand(g, SIM_Q_EXIT_TICK, 1 + pick(g, g->np - 1), 0);
	cand(g, SIM_Q_FINISH_TICK, 0, 0);
}

static const char *const services[] = {
	"db", "cache", "web", "api", "queue", "auth", "mailer", "search"
};
static const char *const strategies[] = { "one_for_one", "one_for_all", "rest_for_one" };

static void topic_supervisors(struct gen *g)
{
	g->title = "What does the supervisor restart?";
	g->schedulers = 2;
	g->slice = 20;
	snprintf(g->p[0].name, NAME_MAX_LEN, "sup");
	g->np = 1;
	draw_names(g, services, 8, 2 + g->level + pick(g, 2));
	const char *strategy = strategies[pick(g, 3)];
	unsigned intensity = 1 + pick(g, 3), crasher = 1 + pick(g, g->np - 1);
	const char *reason = crash_reasons[pick(g, 4)];
	g->reasons[g->nreasons++] = reason;
	bput(&g->extra, "{\"name\": \"sup\", \"supervisor\": {\"strategy\": \"%s\", \"intensity\": %u, "
	     "\"period\": 1000, \"children\": [", strategy, intensity);
	bput(&g->extra_list, "- **sup**: a supervisor, %s, at most %u restarts in 1000 ticks; "
	     "children in start order:", strategy, intensity);
	char j[160];
	for (unsigned i = 1; i < g->np; i++) {
		struct proc *p = &g->p[i];
		if (i == crasher) {
			work(p, range(g, 20, 60, 10));
			snprintf(j, sizeof j, "{\"op\": \"crash\", \"reason\": \"%s\"}", reason);
			op(p, j, "crash with reason %s", reason);
		} else {
			op(p, "{\"op\": \"receive\"}", "receive any message (none comes: it waits)");
		}
		bput(&g->extra, "%s{\"name\": \"%s\", \"program\": [%s]}", i > 1 ? ", " : "", p->name,
		     p->ops.s);
		bput(&g->extra_list, "%s %s", i > 1 ? "," : "", p->name);
	}
	bput(&g->extra, "]}}");
	bput(&g->extra_list, "\n");
	cand(g, SIM_Q_RESTARTS, 0, 0);
	cand_among(g, SIM_Q_ALIVE_AT_END, 4);
	cand(g, SIM_Q_EXIT_REASON, 1 + pick(g, g->np - 1), 0);
	cand(g, SIM_Q_EXIT_REASON, 0, 0);
	cand(g, SIM_Q_FINISH_TICK, 0, 0);
}

/* {=== writing the scenario ===} */

/* The "ask" object of a candidate. */
static void put_ask(struct buf *b, const struct gen *g, const struct cand *c)
{
	bput(b, "{\"kind\": \"%s\"", sim_question_kind_name(c->kind));
	if (c->kind == SIM_Q_RUNS_NEXT)
		bput(b, ", \"scheduler\": %u", c->sched ? c->sched : 1);
	else if (c->namong) {
		bput(b, ", \"among\": [");
		for (unsigned k = 0; k < c->namong; k++)
			bput(b, "%s\"%s\"", k ? ", " : "", g->p[c->among[k]].name);
		bput(b, "]");
	} else if (c->kind != SIM_Q_FINISH_TICK) {
		bput(b, ", \"of\": \"%s\"", g->p[c->of].name);
	}
	bput(b, "}");
}

/* A choice in the file's JSON: a number for ticks and counts. */
static void put_choice(struct buf *b, const struct cand *c, const char *v)
{
	bool num = c->kind == SIM_Q_EXIT_TICK || c->kind == SIM_Q_FINISH_TICK ||
	           c->kind == SIM_Q_RESTARTS;
	bput(b, num && strcmp(v, "none") != 0 ? "%s" : "\"%s\"", v);
}

/* Choices around the answer (none for list answers): 3 or 4, shuffled. */
static unsigned make_choices(struct gen *g, const struct cand *c, char out[4][64])
{
	unsigned n = 0;
	if (c->kind == SIM_Q_ALIVE_AT_END || c->kind == SIM_Q_RECEIVE_ORDER)
		return 0;
	snprintf(out[n++], 64, "%.63s", c->answer);   /* names and numbers: short */
	if (c->kind == SIM_Q_EXIT_TICK || c->kind == SIM_Q_FINISH_TICK || c->kind == SIM_Q_RESTARTS) {
		unsigned long long a = strtoull(c->answer, NULL, 10);
		long long d[] = { 1, -1, (long long)g->slice, 2, -(long long)g->slice, 3 };
		for (unsigned k = 0; k < 6 && n < 4; k++) {
			long long v = (long long)a + (c->kind == SIM_Q_RESTARTS ? d[k] / (k % 3 == 2 ?
			              (long long)g->slice : 1) : d[k]);
			bool dup = v < 0;
			for (unsigned m = 0; m < n && !dup; m++)
				dup = strtoll(out[m], NULL, 10) == v;
			if (!dup)
				snprintf(out[n++], 64, "%lld", v);
		}
	} else if (c->kind == SIM_Q_EXIT_REASON) {
		const char *r[] = { "normal", "killed", "shutdown", g->nreasons ? g->reasons[0] : "badarg" };
		for (unsigned k = 0; k < 4 && n < 4; k++)
			if (strcmp(r[k], out[0]) != 0)
				snprintf(out[n++], 64, "%s", r[k]);
	} else {   /* names */
		const unsigned *src = c->namong ? c->among : NULL;
		for (unsigned k = 0; k < (src ? c->namong : g->np) && n < 4; k++) {
			const char *nm = g->p[src ? src[k] : k].name;
			if (strcmp(nm, out[0]) != 0)
				snprintf(out[n++], 64, "%s", nm);
		}
	}
	for (unsigned k = n; k > 1; k--) {   /* Fisher-Yates with the quiz's generator */
		char t[64];
		unsigned j = pick(g, k);
		memcpy(t, out[k - 1], 64);
		memcpy(out[k - 1], out[j], 64);
		memcpy(out[j], t, 64);
	}
	return n;
}

static void put_process(struct buf *b, const struct proc *p, bool first)
{
	bput(b, "%s\n    {\"name\": \"%s\"", first ? "" : ",", p->name);
	if (p->sched)
		bput(b, ", \"scheduler\": %u", p->sched);
	if (p->start)
		bput(b, ", \"start\": %llu", (unsigned long long)p->start);
	if (p->trap)
		bput(b, ", \"trap_exit\": true");
	bput(b, ", \"program\": [%s]}", p->ops.s ? p->ops.s : "");
}

/* The scenario with the kept candidates (all of them in pass 1), with
** choices in pass 2. */
static void write_json(struct gen *g, uint64_t seed, struct buf *b, bool final)
{
	bput(b, "{\n  \"format\": 1,\n  \"title\": \"Quiz %llu (%s, level %u): %s\",\n",
	     (unsigned long long)seed, quiz_topic_name(g->topic), g->level, g->title);
	bput(b, "  \"description\": \"Generated by beamsim quiz --seed %llu --topic %s --level %u. "
	     "Predict, then run it with --questions.\",\n", (unsigned long long)seed,
	     quiz_topic_name(g->topic), g->level);
	bput(b, "  \"config\": {\"schedulers\": %u, \"slice\": %u, \"until\": 5000},\n  \"processes\": [",
	     g->schedulers, g->slice);
	bool sup = g->topic == QUIZ_SUPERVISORS;
	if (sup)
		bput(b, "\n    %s", g->extra.s);
	for (unsigned i = sup ? g->np : 0; i < g->np; i++)
		put_process(b, &g->p[i], i == 0);
	bput(b, "\n  ],\n");
	if (!sup && g->extra.n)
		bput(b, "  %s,\n", g->extra.s);
	bput(b, "  \"notes\": [");
	unsigned n = 0;
	for (unsigned i = 0; i < g->nc; i++) {
		struct cand *c = &g->c[i];
		if (final && !c->keep)
			continue;
		bput(b, "%s\n    {\"at\": %llu, \"ask\": ", n++ ? "," : "", (unsigned long long)c->at);
		put_ask(b, g, c);
		char ch[4][64];
		unsigned nch = final ? make_choices(g, c, ch) : 0;
		if (nch) {
			bput(b, ", \"choices\": [");
			for (unsigned k = 0; k < nch; k++) {
				bput(b, "%s", k ? ", " : "");
				put_choice(b, c, ch[k]);
			}
			bput(b, "]");
		}
		bput(b, "}");
	}
	bput(b, "\n  ]\n}\n");
}

/* {=== the two passes ===} */

/* What the run did to each process of the model (its first incarnation). */
struct fate {
	bool exited;
	uint64_t tick;
	char reason[32];
};

/* Runs scn once more to learn each process's fate (the whys and ties). */
static bool probe(const struct gen *g, const sim_scenario *scn, struct fate *f)
{
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create_masked(scn, &cfg, 0);
	if (!s)
		return false;
	while (sim_step(s) == SIM_END_NONE)
		;
	for (uint32_t pid = (uint32_t)sim_proc_count(s); pid >= 1; pid--) {
		struct sim_proc_view v;
		for (unsigned i = 0; sim_proc_view(s, pid, &v) && i < g->np; i++)
			if (strcmp(v.name, g->p[i].name) == 0 && v.exit_reason) {
				f[i] = (struct fate){ true, v.exit_tick, "" };
				snprintf(f[i].reason, sizeof f[i].reason, "%s", v.exit_reason);
			}
	}
	sim_destroy(s);
	return true;
}

/* Keeps a candidate whose answer says something: asked, not "none", and
** for first_to_finish no other of the list exiting in the same tick. */
static bool worth(const struct cand *c, const struct sim_answer *a, const struct fate *f)
{
	if (!a->asked || !a->text || strcmp(a->text, "none") == 0)
		return false;
	if (c->kind != SIM_Q_FIRST_TO_FINISH)
		return true;
	unsigned firsts = 0;
	uint64_t best = UINT64_MAX;
	for (unsigned k = 0; k < c->namong; k++)
		if (f[c->among[k]].exited && f[c->among[k]].tick < best)
			best = f[c->among[k]].tick;
	for (unsigned k = 0; k < c->namong; k++)
		firsts += f[c->among[k]].exited && f[c->among[k]].tick == best;
	return firsts == 1;
}

/* Loads the scenario text and answers its questions. */
static sim_scenario *answer(const char *json, sim_answers **a)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text(json, strlen(json), "quiz", &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "beamsim: internal error in the quiz: %s\n", d.msgs[i]);
	sim_diag_free(&d);
	if (!scn)
		return NULL;
	struct sim_config cfg = sim_scenario_config(scn);
	enum sim_status st;
	*a = sim_answers_compute(scn, &cfg, QUESTIONS_MAX_STEPS, &st);
	if (!*a) {
		sim_scenario_free(scn);
		return NULL;
	}
	return scn;
}

/* Pass 1: answers every candidate and marks those worth asking. */
static bool pass1(struct gen *g, uint64_t seed, struct fate *f)
{
	struct buf b = {0};
	write_json(g, seed, &b, false);
	sim_answers *a = NULL;
	sim_scenario *scn = b.oom ? NULL : answer(b.s, &a);
	bool ok = scn && probe(g, scn, f);
	unsigned kept = 0;
	for (unsigned i = 0; ok && i < g->nc; i++) {
		struct sim_answer an;
		sim_answers_get(a, i, &an);
		g->c[i].keep = kept < QUIZ_MAX_Q && worth(&g->c[i], &an, f);
		kept += g->c[i].keep;
		snprintf(g->c[i].answer, sizeof g->c[i].answer, "%s", an.text ? an.text : "none");
	}
	sim_answers_destroy(a);
	sim_scenario_free(scn);
	free(b.s);
	return ok;
}

/* {=== the worksheet and the key ===} */

static void sheet_head(struct buf *m, const struct gen *g, uint64_t seed, const char *what)
{
	bput(m, "# Quiz %llu%s: %s\n\n", (unsigned long long)seed, what, g->title);
	bput(m, "Topic **%s**, level %u: `beamsim quiz --seed %llu --topic %s --level %u`.\n\n",
	     quiz_topic_name(g->topic), g->level, (unsigned long long)seed, quiz_topic_name(g->topic),
	     g->level);
}

static void sheet_listing(struct buf *m, const struct gen *g, uint64_t seed)
{
	bput(m, "Predict each answer from the listing and the rules below, then check them:\n"
	     "`beamsim run quiz-%llu.json --questions`, or in the window `beamsim gui quiz-%llu.json`.\n\n",
	     (unsigned long long)seed, (unsigned long long)seed);
	bput(m, "## Settings\n\n- %u scheduler%s, a slice of %u reductions, preemption by reductions\n"
	     "- the run ends when nothing can run any more (at tick 5000 at the latest)\n\n",
	     g->schedulers, g->schedulers > 1 ? "s" : "", g->slice);
	bput(m, "## Processes\n\nStarted at tick 0 in this order unless a start is given.\n\n");
	if (g->topic == QUIZ_SUPERVISORS)
		bput(m, "%s", g->extra_list.s);
	for (unsigned i = g->topic == QUIZ_SUPERVISORS ? 1 : 0; i < g->np; i++) {
		const struct proc *p = &g->p[i];
		bput(m, "- **%s**", p->name);
		if (p->sched)
			bput(m, " (scheduler %u)", p->sched);
		if (p->start)
			bput(m, ", starts at tick %llu", (unsigned long long)p->start);
		if (p->trap)
			bput(m, ", traps exits");
		bput(m, ":\n%s", p->list.s ? p->list.s : "");
	}
	if (g->topic != QUIZ_SUPERVISORS && g->extra_list.n)
		bput(m, "\n%s", g->extra_list.s);
	bput(m, "\n## Rules you need\n\n"
	     "- Each scheduler executes one reduction per tick; `work N` costs N reductions, every "
	     "other op 1.\n"
	     "- A process that has used its slice goes to the back of its scheduler's run queue.\n"
	     "- A message, a link's exit signal or a spawn takes effect at the end of the tick it "
	     "was sent in.\n"
	     "- An exit counts at the end of its last tick: a lone `work 100` from tick 0 exits at "
	     "tick 100.\n\n");
}

/* One line of why, from what the run did. */
static void why(struct buf *m, const struct gen *g, const struct cand *c, const struct fate *f,
                const struct sim_answer *a)
{
	const char *of = g->p[c->of].name;
	switch (c->kind) {
	case SIM_Q_EXIT_TICK:
		bput(m, "%s's last op runs in tick %llu; its exit counts at the end of that tick.", of,
		     (unsigned long long)(f[c->of].tick ? f[c->of].tick - 1 : 0));
		break;
	case SIM_Q_EXIT_REASON:
		bput(m, "%s exits with %s at tick %llu%s.", of, a->text, (unsigned long long)f[c->of].tick,
		     g->topic == QUIZ_LINKS ? (g->p[c->of].trap ? " (it traps exits: an EXIT message, not "
		     "death)" : strcmp(a->text, "normal") ? ": the crash reached it over links" :
		     " (no crash reached it)") : g->topic == QUIZ_SUPERVISORS ? ": see the strategy and "
		     "the restart intensity" : "");
		break;
	case SIM_Q_FIRST_TO_FINISH:
		for (unsigned k = 0; k < c->namong; k++)
			if (strcmp(g->p[c->among[k]].name, a->text) == 0)
				bput(m, "%s exits at tick %llu, before the others of the list.", a->text,
				     (unsigned long long)f[c->among[k]].tick);
		break;
	case SIM_Q_RUNS_NEXT:
		bput(m, "scheduler 1 starts running %s at tick %llu, the first run that begins after "
		     "tick %llu.", a->text, (unsigned long long)a->reveal_tick,
		     (unsigned long long)c->at);
		break;
	case SIM_Q_RECEIVE_ORDER:
		bput(m, "receive takes the oldest message first: the order in which they arrived.");
		break;
	case SIM_Q_ALIVE_AT_END:
		bput(m, "the others exited before the run ended.");
		break;
	case SIM_Q_RESTARTS:
		bput(m, "each crash of a child is one restart, until more than the intensity would "
		     "happen within the period: then the supervisor gives up.");
		break;
	default:
		bput(m, "the last event of the run (its end: `ticks` in the summary).");
		break;
	}
}

/* The questions, from the loaded final scenario (its wording, canonical
** choices); with `a` the answers and whys (the key). */
static void put_questions(struct buf *m, const struct gen *g, const sim_scenario *scn,
                          const sim_answers *a, const struct fate *f)
{
	bput(m, "## %s\n\n", a ? "Answers" : "Questions");
	unsigned k = 0;
	for (unsigned i = 0; i < g->nc; i++) {
		if (!g->c[i].keep)
			continue;
		struct sim_question q;
		struct sim_answer an;
		sim_scenario_question(scn, k, &q);
		if (a)
			sim_answers_get(a, k, &an);
		k++;
		bput(m, "%u. %s\n", k, q.text);
		if (g->c[i].at)
			bput(m, "   (asked at tick %llu)\n", (unsigned long long)g->c[i].at);
		for (size_t j = 0; j < q.nchoices && !a; j++)
			bput(m, "   - %c) %s\n", (char)('a' + j), q.choices[j]);
		if (!a) {
			bput(m, "   Your answer: ______________________\n\n");
			continue;
		}
		bput(m, "   **%s**", an.text);
		if (an.choice >= 0)
			bput(m, " (%c)", (char)('a' + an.choice));
		bput(m, " - ");
		why(m, g, &g->c[i], f, &an);
		bput(m, "\n\n");
	}
}

/* {=== the quiz ===} */

static void gen_free(struct gen *g)
{
	for (unsigned i = 0; i < QUIZ_MAX_PROCS; i++) {
		free(g->p[i].ops.s);
		free(g->p[i].list.s);
	}
	free(g->extra.s);
	free(g->extra_list.s);
}

/* Draws the model of one attempt. */
static void build(struct gen *g)
{
	static void (*const topics[])(struct gen *) = {
		topic_scheduling, topic_preemption, topic_messages, topic_links, topic_supervisors
	};
	topics[g->topic](g);
	for (unsigned i = 1; i < g->nc; i++) {   /* stable by tick: the file's question order */
		struct cand c = g->c[i];
		unsigned j = i;
		for (; j > 0 && g->c[j - 1].at > c.at; j--)
			g->c[j] = g->c[j - 1];
		g->c[j] = c;
	}
}

/* Pass 2: the final scenario, its worksheet and key; false when the
** engine does not answer it as in pass 1. */
static bool pass2(struct gen *g, uint64_t seed, const struct fate *f, struct quiz *q)
{
	struct buf j = {0}, m = {0}, k = {0};
	write_json(g, seed, &j, true);
	sim_answers *a = NULL;
	sim_scenario *scn = j.oom ? NULL : answer(j.s, &a);
	bool ok = scn != NULL;
	for (size_t i = 0, n = ok ? sim_scenario_question_count(scn) : 0; i < n; i++) {
		struct sim_answer an;
		sim_answers_get(a, i, &an);
		ok &= an.asked && an.text && strcmp(an.text, "none") != 0;
	}
	if (ok) {
		sheet_head(&m, g, seed, "");
		sheet_listing(&m, g, seed);
		put_questions(&m, g, scn, NULL, f);
		sheet_head(&k, g, seed, ", answer key");
		put_questions(&k, g, scn, a, f);
		q->nquestions = (unsigned)sim_scenario_question_count(scn);
	}
	sim_answers_destroy(a);
	sim_scenario_free(scn);
	ok &= !m.oom && !k.oom;
	q->json = ok ? j.s : (free(j.s), NULL);
	q->sheet = ok ? m.s : (free(m.s), NULL);
	q->key = ok ? k.s : (free(k.s), NULL);
	return ok;
}

int quiz_generate(uint64_t seed, enum quiz_topic topic, unsigned level, struct quiz *q)
{
	memset(q, 0, sizeof *q);
	uint64_t rng = seed ^ (0x51ed2701a3b5c7d9ull * (1 + (uint64_t)topic)) ^
	               (0x2545f4914f6cdd1dull * level);
	for (int attempt = 0; attempt < 50; attempt++) {
		struct gen g;
		struct fate f[QUIZ_MAX_PROCS];
		memset(&g, 0, sizeof g);
		memset(f, 0, sizeof f);
		g.rng = rng;
		g.level = level;
		g.topic = topic == QUIZ_ALL ? (enum quiz_topic)pick(&g, QUIZ_ALL) : topic;
		build(&g);
		rng = g.rng;   /* the next attempt draws on */
		bool ok = pass1(&g, seed, f);
		unsigned kept = 0;
		for (unsigned i = 0; i < g.nc; i++)
			kept += g.c[i].keep;
		if (ok && kept >= QUIZ_MIN_Q && pass2(&g, seed, f, q)) {
			q->topic = g.topic;
			gen_free(&g);
			return 0;
		}
		gen_free(&g);
	}
	fputs("beamsim: the quiz could not be generated (out of memory?)\n", stderr);
	return EXIT_NOMEM;
}

void quiz_free(struct quiz *q)
{
	free(q->json);
	free(q->sheet);
	free(q->key);
	memset(q, 0, sizeof *q);
}
