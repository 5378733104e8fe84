/* gui_test_fit.c - issue 13's layout gaps: lanes fitted to their height
** over the whole run with the supervision tree under them, exited chips
** with the name over the reason, narrow boxes keeping whole names, and
** one rule for ends (shutdown and {shutdown, Term}) in ghosts and the
** drawn tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "render.h"
#include "gui_support.h"
#include "support.h"

/* Opens lesson `name` at tick `at` in a w x h pane and renders a frame;
** skipped without a font (nothing to measure). */
static void open_at(struct pane_fixture *f, const char *name, uint64_t at, int w, int h)
{
	memset(f, 0, sizeof *f);
	char path[1024];
	scenario_file(path, sizeof path, name);
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load(path, &d);
	sim_diag_free(&d);
	assert_non_null(scn);
	struct sim_config cfg = sim_scenario_config(scn);
	assert_true(session_init(&f->ses, scn, &cfg, name));
	session_seek(&f->ses, at);
	pane_fixture_start(f, w, h);
	if (text_error(f->text)) {
		pane_fixture_close(f);
		skip();
	}
	render_frame(f->r, &f->c, &f->view);
}

/* Lanes as tall as the run needs, the tree under them whole; stepping
** through the whole run, the lanes keep their size and never summarise
** a queue ("+ N more"). */
static void lanes_fit_height_over_the_run(void **state)
{
	(void)state;
	static const char *const lessons[] = { "restart_intensity.json",
	                                       "supervisor_one_for_one.json" };
	for (size_t k = 0; k < 2; k++) {
		static struct pane_fixture f;
		open_at(&f, lessons[k], 0, 1280, 720);
		const struct layout_pane *p = &f.r->lay.pane[0];
		int lanes_h = p->lanes.h;
		assert_true(p->below.h > 0);
		assert_true(lanes_h < p->side.h / 2);                 /* mostly empty before */
		assert_true(p->below.y >= p->lanes.y + lanes_h);
		do {
			render_frame(f.r, &f.c, &f.view);
			p = &f.r->lay.pane[0];
			assert_int_equal(p->lanes.h, lanes_h);
			assert_int_equal(p->below_use, AREA_COUNT);         /* the tree is there */
			assert_int_equal(p->sup.y, p->below.y);
			for (int i = 0; i < p->nlanes; i++)
				assert_int_equal(f.r->lanes[0][i].more, 0);
			const struct suptree *t = &f.r->side[0].tree;
			struct lrect b;
			assert_true(t->n > 0);
			assert_true(suptree_node_box(t, f.text, p->sup, p->area_title_h, t->n - 1, &b));
		} while (session_step(&f.ses));
		pane_fixture_close(&f);
	}
}

/* Every exited chip holds its name and its reason whole, on two lines. */
static void exited_chips_name_over_reason(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_at(&f, "restart_intensity.json", 69, 1280, 720);
	const struct layout_pane *p = &f.r->lay.pane[0];
	int sh = text_height(f.text, TEXT_SMALL), shown = 0;
	struct sim_proc_view pv;
	for (int i = 0; i < f.r->nhits; i++) {
		const struct render_hit *h = &f.r->hits[i];
		if (h->kind != HIT_CHIP || h->area != AREA_EXITED)
			continue;
		assert_true(sim_proc_view(f.ses.sim, h->pid, &pv));
		assert_true(h->r.h >= 2 * sh);
		assert_true(text_width(f.text, TEXT_SMALL, pv.name) <= h->r.w - 8);
		assert_true(text_width(f.text, TEXT_SMALL, pv.exit_reason) <= h->r.w - 8);
		assert_true(h->r.y + h->r.h <= p->area[AREA_EXITED].y + p->area[AREA_EXITED].h);
		shown++;
	}
	assert_true(shown >= 4);      /* worker_sup, steady and flaky's incarnations */
	pane_fixture_close(&f);
}

/* priorities: the narrow "background" box (low badge at its bottom) has
** room for its name on two lines of the smallest font beside the badge,
** so the name is never cut. */
static void narrow_box_keeps_its_name(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_at(&f, "priorities.json", 60, 1280, 720);
	uint32_t bg = pid_of(f.ses.sim, "background");
	int sh = text_height(f.text, TEXT_SMALL), found = 0;
	for (int i = 0; i < f.r->nhits; i++) {
		const struct render_hit *h = &f.r->hits[i];
		if (h->pid != bg || h->kind != HIT_QUEUE)
			continue;
		found = 1;
		bool one = text_width(f.text, TEXT_SMALL, "background") <= h->r.w - 8;
		assert_true(one || h->r.h - (sh + 3) >= 2 * sh);    /* two lines over the badge */
	}
	assert_true(found);
	pane_fixture_close(&f);
}

/* OTP: shutdown and {shutdown, Term} are clean ends; the engine writes a
** tuple reason as its JSON text. */
static void ends_follow_otp(void **state)
{
	(void)state;
	static const struct {
		const char *reason;      /* as the engine writes it; NULL: none */
		enum ghost_end end;
	} cases[] = {
		{ NULL, END_NORMAL },
		{ "normal", END_NORMAL },
		{ "shutdown", END_SHUTDOWN },
		{ "[\"shutdown\",\"db_down\"]", END_SHUTDOWN },
		{ "[\"shutdown\", {\"a\": [1, \"]\"]}]", END_SHUTDOWN },
		{ "{shutdown, db_down}", END_SHUTDOWN },
		{ "[\"shutdown\"]", END_CRASH },
		{ "[\"shutdown\",1,2]", END_CRASH },
		{ "[\"shutdown\",\"x\"] junk", END_CRASH },
		{ "[\"shutdown\",\"x", END_CRASH },
		{ "[\"normal\",1]", END_CRASH },
		{ "shutdown_now", END_CRASH },
		{ "killed", END_CRASH },
		{ "[\"unbound\",\"n\"]", END_CRASH },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum ghost_end got = ghost_end_of(cases[i].reason);
		if (got != cases[i].end)
			fail_msg("ghost_end_of(%s) = %s, expected %s", cases[i].reason ? cases[i].reason : "NULL",
			         ghost_end_label(got), ghost_end_label(cases[i].end));
	}
}

/* A process of a run that exits with {shutdown, db_down} is a shutdown
** ghost, not a crash. */
static void shutdown_pair_in_a_run(void **state)
{
	(void)state;
	static struct pane_fixture f;
	memset(&f, 0, sizeof f);
	session_open_text(&f.ses,
	                  "{\"format\": 1, \"processes\": [{\"name\": \"db\", \"program\": ["
	                  "{\"op\": \"work\", \"reductions\": 3},"
	                  "{\"op\": \"exit\", \"reason\": \"[\\\"shutdown\\\",\\\"db_down\\\"]\"}]}]}");
	session_seek(&f.ses, 6);
	struct ghost_set gs;
	memset(&gs, 0, sizeof gs);
	ghost_collect(&gs, &f.ses);
	assert_int_equal(gs.n, 1);
	assert_string_equal(gs.g[0].reason, "[\"shutdown\",\"db_down\"]");
	assert_int_equal(gs.g[0].end, END_SHUTDOWN);
	session_free(&f.ses);
}

/* restart_intensity at its end: root gave up and exited with shutdown;
** its box in the tree is framed in the shutdown colour, not the crash one. */
static void tree_frames_a_shutdown_in_its_colour(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_at(&f, "restart_intensity.json", 200, 1280, 720);
	const struct suptree *t = &f.r->side[0].tree;
	const struct layout_pane *p = &f.r->lay.pane[0];
	struct sim_proc_view pv;
	assert_true(t->n > 0 && t->node[0].depth == 0);
	assert_true(sim_proc_view(f.ses.sim, t->node[0].pid, &pv));
	assert_string_equal(pv.exit_reason, "shutdown");
	struct lrect b;
	assert_true(suptree_node_box(t, f.text, p->sup, p->area_title_h, 0, &b));
	assert_int_equal(draw_pixel(&f.c, b.x, b.y + b.h / 2), ghost_end_color(END_SHUTDOWN));
	assert_int_not_equal(draw_pixel(&f.c, b.x, b.y + b.h / 2), DRAW_CRASH);
	pane_fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lanes_fit_height_over_the_run),
		cmocka_unit_test(exited_chips_name_over_reason),
		cmocka_unit_test(narrow_box_keeps_its_name),
		cmocka_unit_test(ends_follow_otp),
		cmocka_unit_test(shutdown_pair_in_a_run),
		cmocka_unit_test(tree_frames_a_shutdown_in_its_colour),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
