/*
** answer.c - the engine's answers to a scenario's questions (sim.h,
** sim_answers_*): an observer of one run's events, like the trace writer.
**
** A question is asked when its note's NOTE event comes (found by the
** note's text pointer, unique per note).  What settles an answer:
**   exit_reason, exit_tick   the first EXIT of a process named `of`
**                            ("none" when its node halted: it has no
**                            exit reason and, as in the summary, no
**                            exit tick, only a halted_tick);
**   first_to_finish          the first EXIT of one of `among`;
**   runs_next                the first RUN on the scheduler that began
**                            after the tick the question was asked;
**   restarts, receive_order  counted / collected over the whole run;
**   alive_at_end, finish_tick  the end of the run;
** and what never happened is "none" at the end.  Public views only.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "sim.h"

#define ANSWER_MAX 1024   /* a longer receive_order answer ends with "..." */

struct qstate {
	struct sim_answer a;
	char *text;             /* malloc'd engine answer (computed kinds) */
	char *buf;              /* receive_order: the messages so far */
	size_t len;
	uint64_t count;         /* restarts */
	bool cut;
};

/* A note's text pointer and its question, sorted by pointer. */
struct qkey {
	const char *text;
	uint32_t q;
};

struct sim_answers {
	const sim *s;
	const struct scenario *scn;
	struct qstate *st;
	uint32_t n;
	struct qkey *keys;
	bool oom;
};

static const struct question *question(const sim_answers *a, uint32_t i)
{
	return a->scn->notes[a->scn->question_notes[i]].q;
}

static int cmp_key(const void *x, const void *y)
{
	const char *a = ((const struct qkey *)x)->text, *b = ((const struct qkey *)y)->text;
	return a < b ? -1 : a > b;
}

sim_answers *sim_answers_create(const sim *s)
{
	sim_answers *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->s = s;
	a->scn = sim_get_scenario(s);
	a->n = a->scn->nquestions;
	a->st = a->n ? calloc(a->n, sizeof *a->st) : NULL;
	a->keys = a->n ? malloc(a->n * sizeof *a->keys) : NULL;
	if (a->n && (!a->st || !a->keys)) {
		sim_answers_destroy(a);
		return NULL;
	}
	for (uint32_t i = 0; i < a->n; i++) {
		a->keys[i] = (struct qkey){ a->scn->notes[a->scn->question_notes[i]].text, i };
		a->st[i].a.choice = -1;
		a->st[i].a.agrees = true;
	}
	if (a->n)
		qsort(a->keys, a->n, sizeof *a->keys, cmp_key);
	return a;
}

void sim_answers_destroy(sim_answers *a)
{
	if (!a)
		return;
	for (uint32_t i = 0; a->st && i < a->n; i++) {
		free(a->st[i].text);
		free(a->st[i].buf);
	}
	free(a->st);
	free(a->keys);
	free(a);
}

/* Settles question i with `text` (copied) at `tick`. */
static void settle(sim_answers *a, uint32_t i, const char *text, uint64_t tick)
{
	struct qstate *q = &a->st[i];
	if (q->a.known)
		return;
	q->text = strdup(text);
	if (!q->text) {
		a->oom = true;
		return;
	}
	q->a.known = true;
	q->a.reveal_tick = tick;
}

static const char *name_of(const sim_answers *a, uint32_t pid)
{
	struct sim_proc_view v;
	return pid && sim_proc_view(a->s, pid, &v) ? v.name : "";
}

static void on_note(sim_answers *a, const struct sim_event *e)
{
	struct qkey k = { e->text, 0 };
	const struct qkey *hit = a->n ? bsearch(&k, a->keys, a->n, sizeof k, cmp_key) : NULL;
	if (!hit || a->st[hit->q].a.asked)
		return;
	a->st[hit->q].a.asked = true;
	a->st[hit->q].a.asked_tick = e->tick;
	if (question(a, hit->q)->kind == SIM_Q_TEXT)
		a->st[hit->q].a.known = true;
}

static bool among(const struct question *q, const char *name)
{
	for (uint32_t i = 0; i < q->namong; i++)
		if (strcmp(q->among[i], name) == 0)
			return true;
	return false;
}

static void on_exit_event(sim_answers *a, const struct sim_event *e)
{
	struct sim_proc_view v;
	if (!sim_proc_view(a->s, e->pid, &v))
		return;
	char tick[24] = "none";
	if (!v.halted)
		snprintf(tick, sizeof tick, "%llu", (unsigned long long)v.exit_tick);
	for (uint32_t i = 0; i < a->n; i++) {
		const struct question *q = question(a, i);
		if (q->kind == SIM_Q_EXIT_REASON && strcmp(q->of, v.name) == 0)
			settle(a, i, e->reason ? e->reason : "none", e->tick);
		else if (q->kind == SIM_Q_EXIT_TICK && strcmp(q->of, v.name) == 0)
			settle(a, i, tick, e->tick);
		else if (q->kind == SIM_Q_FIRST_TO_FINISH && among(q, v.name))
			settle(a, i, v.name, e->tick);
	}
}

static void on_run(sim_answers *a, const struct sim_event *e)
{
	for (uint32_t i = 0; i < a->n; i++) {
		const struct question *q = question(a, i);
		const struct qstate *st = &a->st[i];
		if (q->kind == SIM_Q_RUNS_NEXT && st->a.asked && q->scheduler == (uint32_t)e->sched + 1 &&
		    e->start > st->a.asked_tick)
			settle(a, i, name_of(a, e->pid), e->start);
	}
}

/* Appends one message to a receive_order answer. */
static void add_message(sim_answers *a, struct qstate *st, const struct sim_event *e)
{
	char msg[256];
	if (st->cut)
		return;
	sim_event_value(a->s, e, SIM_VALUE_JSON, msg, sizeof msg);
	size_t need = st->len + strlen(msg) + 3;
	if (need > ANSWER_MAX) {
		st->cut = true;
		msg[0] = '\0';
		need = st->len + 6;
	}
	char *b = realloc(st->buf, need);
	if (!b) {
		a->oom = true;
		return;
	}
	st->buf = b;
	st->len += (size_t)sprintf(b + st->len, "%s%s", st->len ? ", " : "", st->cut ? "..." : msg);
}

static void on_count(sim_answers *a, const struct sim_event *e)
{
	const char *name = name_of(a, e->pid);
	for (uint32_t i = 0; i < a->n; i++) {
		const struct question *q = question(a, i);
		if (q->kind == SIM_Q_RESTARTS && e->type == SIM_EV_RESTART && strcmp(q->of, name) == 0)
			a->st[i].count++;
		else if (q->kind == SIM_Q_RECEIVE_ORDER && e->type == SIM_EV_RECEIVE &&
		         strcmp(q->of, name) == 0)
			add_message(a, &a->st[i], e);
	}
}

void sim_answers_events(sim_answers *a, const struct sim_event *ev, size_t n)
{
	for (size_t k = 0; k < n && a->n; k++) {
		const struct sim_event *e = &ev[k];
		switch (e->type) {
		case SIM_EV_NOTE: on_note(a, e); break;
		case SIM_EV_EXIT: on_exit_event(a, e); break;
		case SIM_EV_RUN:
			if (!e->dirty)
				on_run(a, e);
			break;
		case SIM_EV_RESTART:
		case SIM_EV_RECEIVE: on_count(a, e); break;
		default: break;
		}
	}
}

/* alive_at_end: the names of `among` with a live process, in among's order. */
static void settle_alive(sim_answers *a, uint32_t i, uint64_t end)
{
	const struct question *q = question(a, i);
	bool alive[SCN_MAX_AMONG] = {false};
	size_t np = sim_proc_count(a->s);
	for (uint32_t pid = 1; pid <= np; pid++) {
		struct sim_proc_view v;
		if (!sim_proc_view(a->s, pid, &v) || v.state == SIM_PROC_EXITED)
			continue;
		for (uint32_t k = 0; k < q->namong; k++)
			alive[k] |= strcmp(q->among[k], v.name) == 0;
	}
	char buf[SCN_MAX_AMONG * 64 + 8] = "";
	size_t len = 0;
	for (uint32_t k = 0; k < q->namong; k++)
		if (alive[k])
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%.60s", len ? ", " : "",
			                        q->among[k]);
	settle(a, i, len ? buf : "none", end);
}

bool sim_answers_finish(sim_answers *a)
{
	uint64_t end = sim_now(a->s);
	char num[24];
	for (uint32_t i = 0; i < a->n; i++) {
		struct qstate *st = &a->st[i];
		switch (question(a, i)->kind) {
		case SIM_Q_ALIVE_AT_END: settle_alive(a, i, end); break;
		case SIM_Q_RESTARTS:
		case SIM_Q_FINISH_TICK:
			snprintf(num, sizeof num, "%llu", (unsigned long long)(question(a, i)->kind ==
			         SIM_Q_RESTARTS ? st->count : end));
			settle(a, i, num, end);
			break;
		case SIM_Q_RECEIVE_ORDER: settle(a, i, st->buf ? st->buf : "none", end); break;
		case SIM_Q_TEXT: break;
		default: settle(a, i, "none", end); break;
		}
	}
	return !a->oom;
}

bool sim_answers_get(const sim_answers *a, size_t i, struct sim_answer *out)
{
	if (i >= a->n)
		return false;
	const struct question *q = question(a, (uint32_t)i);
	*out = a->st[i].a;
	out->text = q->kind == SIM_Q_TEXT ? q->answer : a->st[i].text;
	if (out->reveal_tick < out->asked_tick || q->kind == SIM_Q_TEXT)
		out->reveal_tick = out->asked_tick;
	out->agrees = !q->answer || !out->text || strcmp(q->answer, out->text) == 0;
	out->choice = -1;
	for (uint32_t k = 0; out->text && k < q->nchoices; k++)
		if (strcmp(q->choices[k], out->text) == 0)
			out->choice = (int)k;
	return true;
}

sim_answers *sim_answers_compute(const sim_scenario *scn, const struct sim_config *cfg,
                                 uint64_t max_steps, enum sim_status *st)
{
	*st = SIM_EINVALID;
	if (sim_config_check(cfg))
		return NULL;
	*st = SIM_ENOMEM;
	sim *s = sim_create(scn, cfg);
	sim_answers *a = s ? sim_answers_create(s) : NULL;
	if (!a)
		goto fail;
	for (uint64_t steps = 0;; steps++) {
		size_t n;
		const struct sim_event *ev = sim_events(s, &n);
		sim_answers_events(a, ev, n);
		if (sim_end_state(s) != SIM_END_NONE)
			break;
		if (max_steps && steps == max_steps) {
			*st = SIM_EINVALID;
			goto fail;
		}
		sim_step(s);
	}
	if (!sim_answers_finish(a))
		goto fail;
	/* the answers' texts are copies: they outlive the engine */
	a->s = NULL;
	sim_destroy(s);
	*st = SIM_OK;
	return a;
fail:
	sim_answers_destroy(a);
	sim_destroy(s);
	return NULL;
}
