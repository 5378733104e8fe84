/* gui_test_app.c - the classroom view's input handling without a window:
** a click selects a process and opens the inspector on it, K kills the
** selected process in the engine, and "+ N more" counts are never cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app.h"
#include "gui_support.h"
#include "layout.h"
#include "render.h"

static const char scenario[] =
	"{\"config\":{\"schedulers\":2,\"slice\":20,\"balance\":\"none\"},\"processes\":["
	"{\"name\":\"alpha\",\"scheduler\":1,\"program\":[{\"op\":\"work\",\"reductions\":500}]},"
	"{\"name\":\"beta\",\"scheduler\":2,\"program\":[{\"op\":\"work\",\"reductions\":500}]}]}";

static char app_path[64];             /* the scenario above, in a temporary file */

/* The app on `scenario` at tick 5, one 1600x900 frame drawn. */
static void open_app(struct app_fixture *f)
{
	temp_scenario(app_path, scenario);
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = app_path;
	sim_config_default(&o.cfg);
	app_fixture_open(f, &o, GUI_TEST_W, GUI_TEST_H);
	for (int i = 0; i < 5; i++)
		app_step(f->a, false);
	f->a->view.move_t = f->a->view.fly_t = 1.0;
	render_frame(f->r, &f->c, &f->a->view);
}

static void close_app(struct app_fixture *f)
{
	app_fixture_close(f);
	unlink(app_path);
}

/* The pid of the process called name, or 0. */
static uint32_t pid_of(struct app *a, const char *name)
{
	struct sim_proc_view pv;
	for (uint32_t pid = 1; pid <= sim_proc_count(a->ses[0].sim); pid++)
		if (sim_proc_view(a->ses[0].sim, pid, &pv) && strcmp(pv.name, name) == 0)
			return pid;
	return 0;
}

static void click_selects_and_inspector_shows_name(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_app(&f);
	const struct layout_pane *p = &f.r->lay.pane[0];
	/* click the running box of scheduler 2: beta */
	struct lrect run = p->lane[1].running;
	app_click(f.a, f.r, run.x + run.w / 2, run.y + run.h / 2);
	uint32_t beta = pid_of(f.a, "beta");
	assert_int_not_equal(beta, 0);
	assert_int_equal(f.a->view.selected, beta);
	assert_int_equal(f.a->view.sel_pane, 0);
	render_frame(f.r, &f.c, &f.a->view);
	/* the inspector, a drawer over the lanes: its yellow frame ... */
	struct lrect ir = panels_inspector_rect(p);
	const struct lrect *sr = &ir;
	assert_int_equal(draw_pixel(&f.c, sr->x, sr->y + sr->h / 2), DRAW_YELLOW);
	if (text_error(f.text)) {          /* no font installed: nothing to compare */
		close_app(&f);
		skip();
	}
	/* ... and its title is the name: the same pixels as "beta" drawn alone
	** where the inspector puts it (and not those of "alpha") */
	int x = sr->x + 10, y = sr->y + 6;
	int w = text_width(f.text, TEXT_BIG_BOLD, "beta"), h = text_height(f.text, TEXT_BIG_BOLD);
	assert_true(w > 0);
	static struct app_fixture g;           /* a scratch canvas */
	canvas_open(&g.px, &g.c);
	uint32_t col = render_prio_color(SIM_PRIO_NORMAL);
	int same = 0, ink = 0;
	for (int pass = 0; pass < 2; pass++) {
		const char *name = pass == 0 ? "beta" : "alpha";
		draw_clear(&g.c, DRAW_PANEL);
		text_draw(f.text, &g.c, TEXT_BIG_BOLD, x, y, col, name, 0);
		int diff = 0;
		for (int yy = y; yy < y + h; yy++)
			for (int xx = x; xx < x + w; xx++) {
				uint32_t want = draw_pixel(&g.c, xx, yy);
				diff += draw_pixel(&f.c, xx, yy) != want;
				if (pass == 0)
					ink += want != DRAW_PANEL;
			}
		if (pass == 0)
			same = diff == 0;
		else
			assert_true(diff > 0);
	}
	assert_true(ink > 20);
	assert_true(same);
	free(g.px);
	/* a click on empty background selects nothing */
	app_click(f.a, f.r, 2, f.r->lay.h - 2);
	assert_int_equal(f.a->view.selected, 0);
	close_app(&f);
}

static void k_kills_the_selected_process(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_app(&f);
	uint32_t alpha = pid_of(f.a, "alpha");
	struct lrect run = f.r->lay.pane[0].lane[0].running;
	app_click(f.a, f.r, run.x + 3, run.y + 3);
	assert_int_equal(f.a->view.selected, alpha);
	app_key(f.a, KEY_KILL);
	struct sim_proc_view pv;
	assert_true(sim_proc_view(f.a->ses[0].sim, alpha, &pv));
	assert_int_equal(pv.state, SIM_PROC_EXITED);
	assert_non_null(pv.exit_reason);
	assert_string_equal(pv.exit_reason, "killed");
	/* the other process runs on */
	assert_true(sim_proc_view(f.a->ses[0].sim, pid_of(f.a, "beta"), &pv));
	assert_int_not_equal(pv.state, SIM_PROC_EXITED);
	/* the kill is history: a step back and forth keeps it */
	app_key(f.a, KEY_STEP);
	app_key(f.a, KEY_BACK);
	app_key(f.a, KEY_STEP);
	assert_true(sim_proc_view(f.a->ses[0].sim, alpha, &pv));
	assert_string_equal(pv.exit_reason, "killed");
	/* the frame shows it among the exits, in the crash colour (outlined: a
	** ghost while it is recent, see ghost.h) */
	render_frame(f.r, &f.c, &f.a->view);
	f.a->view.selected = 0;
	render_frame(f.r, &f.c, &f.a->view);
	struct lrect chip = layout_area_chip(&f.r->lay.pane[0], AREA_EXITED, 0);
	assert_int_equal(draw_pixel(&f.c, chip.x + 1, chip.y + chip.h / 2), DRAW_CRASH);
	close_app(&f);
}

static void more_counts(void **state)
{
	(void)state;
	static const struct { size_t n; int form; const char *want; } cases[] = {
		{ 5, 2, "+5" }, { 999, 2, "+999" }, { 1000, 2, "+1.0k" }, { 9412, 2, "+9.4k" },
		{ 9999, 2, "+9.9k" }, { 10000, 2, "+10k" }, { 24987, 2, "+24k" },
		{ 999999, 2, "+999k" }, { 1000000, 2, "+1.0M" }, { 12345678, 2, "+12M" },
		{ 9412, 1, "+9,412" }, { 1234567, 1, "+1,234,567" }, { 7, 1, "+7" },
		{ 9412, 0, "+ 9,412 more" }, { 1, 0, "+ 1 more" },
	};
	char buf[48];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		layout_more_text(buf, sizeof buf, cases[i].n, cases[i].form);
		assert_string_equal(buf, cases[i].want);
	}
	/* a box picks the longest form that fits, and never cuts the number */
	struct text *t = text_create();
	if (text_error(t)) {
		text_destroy(t);
		skip();
	}
	struct render *r = render_create(t);
	assert_non_null(r);
	int px[TEXT_FONT_COUNT] = { 17, 21, 21, 30, 17 };
	text_set_sizes(t, px);
	enum text_font f = TEXT_MID_BOLD;
	int w = render_more_text(r, &f, 400, 9412, buf, sizeof buf);
	assert_string_equal(buf, "+ 9,412 more");
	assert_true(w <= 400);
	int narrow = text_width(t, TEXT_MID_BOLD, "+9.4k") + 2;
	f = TEXT_MID_BOLD;
	w = render_more_text(r, &f, narrow, 9412, buf, sizeof buf);
	assert_string_equal(buf, "+9.4k");
	assert_true(w <= narrow);
	f = TEXT_MID_BOLD;                 /* too narrow for any: the compact form, whole */
	render_more_text(r, &f, 3, 9412, buf, sizeof buf);
	assert_string_equal(buf, "+9.4k");
	render_destroy(r);
	text_destroy(t);
}

/* The app reads no clock: app_tick measures its step budget with the one
** it is given.  A clock that moves 20 ms per reading allows one step in a
** 10 ms budget; a stopped clock lets the same tick run all the steps owed. */
static uint64_t fake_ms;
static uint64_t clock_moving(void) { return fake_ms += 20; }
static uint64_t clock_stopped(void) { return fake_ms; }

static void app_tick_takes_time_from_its_clock(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_app(&f);
	for (int i = 0; i < 20; i++)
		app_key(f.a, KEY_FASTER);            /* the top speed: not animated */
	app_key(f.a, KEY_PLAY);
	assert_true(f.a->view.playing);
	uint64_t t0 = sim_now(f.a->ses[0].sim);
	app_tick(f.a, 1.0, 10.0, clock_moving);  /* 1 ms at 50,000 ticks/s: 50 owed */
	uint64_t t1 = sim_now(f.a->ses[0].sim);
	assert_int_equal(t1, t0 + 1);
	app_tick(f.a, 1.0, 10.0, clock_stopped);
	uint64_t t2 = sim_now(f.a->ses[0].sim);
	assert_true(t2 > t1 + 10);
	close_app(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(click_selects_and_inspector_shows_name),
		cmocka_unit_test(k_kills_the_selected_process),
		cmocka_unit_test(more_counts),
		cmocka_unit_test(app_tick_takes_time_from_its_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
