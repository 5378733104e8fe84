/* gui_test_stopping.c - a child that its supervisor is stopping (issue 12)
** is drawn as the engine's view says at the tick shown: a dashed frame and
** a countdown on its box exactly while sim_proc_view's stopping_by is set,
** and its supervisor "waiting for" it in the drawn supervision tree exactly
** while sim_sup_view's stopping names it (lesson graceful_shutdown); and
** the countdown covers none of the box's own text (name, pid, op, badges). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render.h"
#include "stopping.h"

#include "gui_support.h"
#include "support.h"

/* {=== the words ===} */

static void countdown_words_follow_the_deadline(void **state)
{
	(void)state;
	struct sim_proc_view pv;
	memset(&pv, 0, sizeof pv);
	char w[STOPPING_FORMS][STOPPING_LEN];
	pv.state = SIM_PROC_RUNNING;
	assert_false(stopping_words(&pv, 100, w));             /* nobody stops it */
	pv.stopping_by = 3;
	pv.stop_deadline = 137;
	assert_true(stopping_words(&pv, 100, w));
	assert_string_equal(w[0], "stopping: killed in 37 ticks");
	assert_string_equal(w[1], "stopping, 37 left");
	assert_string_equal(w[2], "stopping 37");
	assert_string_equal(w[3], "37");
	assert_true(stopping_words(&pv, 136, w));
	assert_string_equal(w[0], "stopping: killed in 1 tick");
	assert_true(stopping_words(&pv, 137, w));
	assert_string_equal(w[0], "stopping: killed now");
	pv.stop_deadline = UINT64_MAX;                          /* shutdown infinity */
	assert_true(stopping_words(&pv, 100, w));
	assert_string_equal(w[0], "stopping: no time limit");
	assert_string_equal(w[3], "\xe2\x88\x9e");
	pv.state = SIM_PROC_EXITED;
	assert_false(stopping_words(&pv, 100, w));             /* gone: nothing to stop */
}

/* {=== the lesson, tick by tick ===} */

static void open_lesson(struct pane_fixture *f)
{
	memset(f, 0, sizeof *f);
	char path[512];
	scenario_file(path, sizeof path, "graceful_shutdown.json");
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load(path, &d);
	for (size_t i = 0; i < d.n; i++)
		print_error("%s\n", d.msgs[i]);
	sim_diag_free(&d);
	assert_non_null(scn);
	struct sim_config cfg = sim_scenario_config(scn);
	assert_true(session_init(&f->ses, scn, &cfg, "graceful_shutdown.json"));
	pane_fixture_start(f, 1280, 720);
}

/* Whether box b carries the dashed frame: a dash of the stopping colour
** at its top-left corner and a white one next to it. */
static bool dashed(const struct pane_fixture *f, struct lrect b)
{
	return draw_pixel(&f->c, b.x + 1, b.y + 1) == draw_color(&f->c, STOPPING_COLOR) &&
	       draw_pixel(&f->c, b.x + 12, b.y + 1) == draw_color(&f->c, DRAW_TEXT);
}

/* Whether the row has a pixel of the "waiting for" colour. */
static bool has_color(const struct pane_fixture *f, struct lrect b, uint32_t col)
{
	for (int y = b.y; y < b.y + b.h; y++)
		for (int x = b.x; x < b.x + b.w; x++)
			if (draw_pixel(&f->c, x, y) == draw_color(&f->c, col))
				return true;
	return false;
}

/* Every process box drawn this frame is dashed exactly when the engine
** says it is being stopped; returns how many were. */
static int check_boxes(const struct pane_fixture *f)
{
	int stopping = 0;
	for (int i = 0; i < f->r->nhits; i++) {
		const struct render_hit *h = &f->r->hits[i];
		struct sim_proc_view pv;
		assert_true(sim_proc_view(f->ses.sim, h->pid, &pv));
		bool want = pv.stopping_by != 0 && pv.state != SIM_PROC_EXITED;
		assert_int_equal(dashed(f, h->at), want);
		stopping += want;
	}
	return stopping;
}

static bool overlap(struct lrect a, int x, int y, int w, int h)
{
	return a.x < x + w && x < a.x + a.w && a.y < y + h && y < a.y + a.h;
}

/* No text drawn in a box being stopped meets its countdown's band (or
** badge) but the countdown's own words: nothing of the box is covered.
** rec holds the n texts of the frame.  Returns the boxes checked. */
static int check_uncovered(const struct pane_fixture *f, const struct text_rec *rec, size_t n)
{
	int checked = 0;
	for (int i = 0; i < f->r->nhits; i++) {
		const struct render_hit *h = &f->r->hits[i];
		struct sim_proc_view pv;
		char words[STOPPING_FORMS][STOPPING_LEN];
		const char *say;
		struct lrect band;
		if (!sim_proc_view(f->ses.sim, h->pid, &pv) ||
		    !stopping_place(f->text, h->at, &pv, sim_now(f->ses.sim), &band, &say, words))
			continue;
		checked++;
		for (size_t k = 0; k < n; k++) {
			const struct text_rec *t = &rec[k];
			bool own = t->x == band.x + 4 && strcmp(t->s, say) == 0;
			if (own || !overlap(h->at, t->x, t->y, t->w, t->h))
				continue;
			if (overlap(band, t->x, t->y, t->w, t->h))
				print_error("tick %llu: '%s' at %d,%d under the band of %s at %d,%d %dx%d\n",
				            (unsigned long long)sim_now(f->ses.sim), t->s, t->x, t->y, pv.name,
				            band.x, band.y, band.w, band.h);
			assert_false(overlap(band, t->x, t->y, t->w, t->h));
		}
	}
	return checked;
}

/* The supervision tree: a supervisor's first row says "waiting for" (in
** its colour) exactly when it stops a child, and that child's row is
** dashed exactly when it is being stopped.  Returns the rows waiting. */
static int check_tree(const struct pane_fixture *f)
{
	const struct suptree *t = &f->r->side[0].tree;
	const struct layout_pane *p = &f->r->lay.pane[0];
	int waiting = 0, rh = suptree_row_h(f->text);
	for (int i = 0; i < t->n; i++) {
		struct lrect b;
		if (!suptree_node_box(t, f->text, p->sup, p->area_title_h, i, &b))
			continue;
		if (t->node[i].sup != SUPTREE_NONE) {
			struct sim_sup_view sv;
			sim_sup_view(f->ses.sim, t->node[i].sup, &sv);
			char w[STOPPING_FORMS][STOPPING_LEN];
			bool want = stopping_sup_words(f->ses.sim, &sv, w);
			assert_int_equal(want, sv.stopping != 0 && !sv.exit_reason);
			assert_int_equal(has_color(f, (struct lrect){ b.x, b.y, b.w, rh - 4 }, STOPPING_TEXT),
			                 want);
			waiting += want;
			continue;
		}
		struct sim_proc_view pv;
		bool want = t->node[i].pid && sim_proc_view(f->ses.sim, t->node[i].pid, &pv) &&
		            pv.stopping_by && pv.state != SIM_PROC_EXITED;
		assert_int_equal(dashed(f, b), want);
	}
	return waiting;
}

static void marks_follow_the_view_every_step(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_lesson(&f);
	int boxes = 0, waits = 0, steps = 0, uncovered = 0;
	uint64_t indexer_ticks = 0;
	static struct text_rec rec[2048];
	size_t nrec = 0;
	text_record(f.text, rec, 2048, &nrec);
	do {
		nrec = 0;
		render_frame(f.r, &f.c, &f.view);
		assert_true(nrec > 0 && nrec <= 2048);
		uncovered += check_uncovered(&f, rec, nrec);
		int b = check_boxes(&f), w = check_tree(&f);
		struct sim_proc_view pv;
		uint32_t ix = pid_of(f.ses.sim, "indexer");
		if (ix && sim_proc_view(f.ses.sim, ix, &pv) && pv.stopping_by && !pv.exit_reason)
			indexer_ticks++;
		boxes += b;
		waits += w;
		steps++;
	} while (session_step(&f.ses) && steps < 4000);
	assert_true(session_ended(&f.ses));
	/* the lesson shows it: a trapping child cleaning up for many ticks,
	** its supervisor waiting */
	assert_true(boxes > 20);
	assert_true(waits > 20);
	assert_true(indexer_ticks > 20);
	assert_true(uncovered > 20);
	text_record(f.text, NULL, 0, NULL);
	pane_fixture_close(&f);
}

/* Stepping back to a tick draws it as it was drawn going forwards. */
static void step_back_draws_the_same_marks(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_lesson(&f);
	/* the first tick at which indexer is being stopped, plus 10 */
	uint32_t ix = 0;
	struct sim_proc_view pv;
	do {
		ix = pid_of(f.ses.sim, "indexer");
	} while (!(ix && sim_proc_view(f.ses.sim, ix, &pv) && pv.stopping_by) && session_step(&f.ses));
	assert_true(ix && pv.stopping_by);
	session_seek(&f.ses, sim_now(f.ses.sim) + 10);
	uint64_t at = sim_now(f.ses.sim);
	render_frame(f.r, &f.c, &f.view);
	size_t n = (size_t)f.c.w * (size_t)f.c.h;
	uint32_t *before = malloc(n * sizeof *before);
	assert_non_null(before);
	memcpy(before, f.px, n * sizeof *before);
	assert_true(check_boxes(&f) >= 1);
	session_seek(&f.ses, at + 40);
	while (sim_now(f.ses.sim) > at && session_back(&f.ses))
		;
	assert_int_equal(sim_now(f.ses.sim), at);
	render_frame(f.r, &f.c, &f.view);
	assert_memory_equal(before, f.px, n * sizeof *before);
	free(before);
	pane_fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(countdown_words_follow_the_deadline),
		cmocka_unit_test(marks_follow_the_view_every_step),
		cmocka_unit_test(step_back_draws_the_same_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
