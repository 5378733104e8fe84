/* quizview.c - the questions in the window: asking, picking, scoring; see quizview.h. */
#include "quizview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void quizview_init(struct quizview *q)
{
	memset(q, 0, sizeof *q);
	q->open = -1;
}

/* Drops the answers and the questions' state; keeps the self-test mode. */
static void drop(struct quizview *q)
{
	for (int p = 0; p < LAYOUT_MAX_PANES; p++) {
		sim_answers_destroy(q->ans[p]);
		q->ans[p] = NULL;
		q->ses[p] = NULL;
	}
	free(q->item);
	q->item = NULL;
	q->n = 0;
	q->npanes = 0;
	q->open = -1;
	q->right = q->counted = 0;
	q->error[0] = '\0';
}

void quizview_free(struct quizview *q)
{
	drop(q);
}

bool quizview_setup(struct quizview *q, const struct session *const *ses, int n)
{
	drop(q);
	size_t nq = q->enabled ? sim_scenario_question_count(ses[0]->scn) : 0;
	if (nq == 0)
		return true;
	enum sim_status st = SIM_OK;
	for (int p = 0; p < n; p++) {
		q->ans[p] = sim_answers_compute(ses[p]->scn, &ses[p]->cfg, QUIZVIEW_MAX_STEPS, &st);
		if (!q->ans[p])
			goto fail;
	}
	q->item = calloc(nq, sizeof *q->item);
	if (!q->item) {
		st = SIM_ENOMEM;
		goto fail;
	}
	for (int p = 0; p < n; p++)
		q->ses[p] = ses[p];
	q->npanes = n;
	q->n = nq;
	quizview_place(q, false);
	return true;
fail:
	drop(q);
	snprintf(q->error, sizeof q->error, st == SIM_ENOMEM
	         ? "Questions: out of memory; the window asks none."
	         : "Questions: the run is longer than %u steps; the window asks none.",
	         QUIZVIEW_MAX_STEPS);
	return false;
}

/* Question i's tick in pane p, UINT64_MAX when it is not asked there. */
static uint64_t tick_in(const struct quizview *q, size_t i, int p)
{
	struct sim_answer an;
	if (!q->ans[p] || !sim_answers_get(q->ans[p], i, &an) || !an.asked)
		return UINT64_MAX;
	return an.asked_tick;
}

/* Whether question i's tick is before (strict) or at or before (!strict)
** the present tick of some pane. */
static bool reached(const struct quizview *q, size_t i, bool strict)
{
	for (int p = 0; p < q->npanes; p++) {
		uint64_t t = tick_in(q, i, p), now = sim_now(q->ses[p]->sim);
		if (t != UINT64_MAX && (strict ? t < now : t <= now))
			return true;
	}
	return false;
}

void quizview_place(struct quizview *q, bool at_too)
{
	q->open = -1;
	for (size_t i = 0; i < q->n; i++)
		q->item[i].asked = reached(q, i, !at_too);
}

bool quizview_arrive(struct quizview *q)
{
	if (q->open >= 0)
		return false;
	for (size_t i = 0; i < q->n; i++) {
		struct quizview_item *it = &q->item[i];
		if (it->asked || !reached(q, i, false))
			continue;
		it->asked = true;
		it->pick = -1;
		it->reveal = QUIZVIEW_HIDDEN;
		q->open = (int)i;
		return true;
	}
	return false;
}

bool quizview_is_open(const struct quizview *q)
{
	return q->open >= 0 && (size_t)q->open < q->n;
}

bool quizview_current(const struct quizview *q, struct sim_question *out)
{
	return quizview_is_open(q) && sim_scenario_question(q->ses[0]->scn, (size_t)q->open, out);
}

bool quizview_answer(const struct quizview *q, int p, struct sim_answer *out)
{
	return quizview_is_open(q) && p >= 0 && p < q->npanes && q->ans[p] &&
	       sim_answers_get(q->ans[p], (size_t)q->open, out) && out->asked && out->text;
}

void quizview_pick(struct quizview *q, int k)
{
	struct sim_question qu;
	if (!quizview_current(q, &qu) || k < 0 || (size_t)k >= qu.nchoices)
		return;
	struct quizview_item *it = &q->item[q->open];
	if (it->reveal == QUIZVIEW_HIDDEN)
		it->pick = k;
}

/* Counts the open question in the score: a point per pane that asks it
** and has its answer among the choices. */
static void score(struct quizview *q, const struct sim_question *qu, struct quizview_item *it)
{
	if (it->scored || qu->nchoices == 0)
		return;
	it->scored = true;
	for (int p = 0; p < q->npanes; p++) {
		struct sim_answer an;
		if (!quizview_answer(q, p, &an) || an.choice < 0)
			continue;
		q->counted++;
		q->right += it->pick == an.choice;
	}
}

void quizview_reveal(struct quizview *q)
{
	struct sim_question qu;
	if (!quizview_current(q, &qu))
		return;
	struct quizview_item *it = &q->item[q->open];
	if (!q->self_test) {
		it->reveal = QUIZVIEW_SHOWN;
		return;
	}
	if (it->reveal == QUIZVIEW_HIDDEN && qu.nchoices > 0) {
		score(q, &qu, it);
		it->reveal = QUIZVIEW_JUDGED;
	} else {
		it->reveal = QUIZVIEW_SHOWN;
	}
}

void quizview_close(struct quizview *q)
{
	q->open = -1;
}

void quizview_set_self_test(struct quizview *q, bool on)
{
	if (on && !q->self_test) {
		q->right = q->counted = 0;
		for (size_t i = 0; i < q->n; i++)
			q->item[i].scored = false;
	}
	q->self_test = on;
}
