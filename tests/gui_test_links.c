/* gui_test_links.c - links and exit signals: the links of the process
** under the mouse are bold; an exit signal in flight is drawn (also in a
** screenshot of a step at a phase, gui.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app.h"
#include "links.h"
#include "render.h"

#include "gui_support.h"

static void open_lesson(struct app_fixture *f, const char *name)
{
	char path[512];
	scenario_file(path, sizeof path, name);
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = path;
	sim_config_default(&o.cfg);
	app_fixture_open(f, &o, 1280, 720);
}

/* Frames at tick t-1 (the places before), then one animated step to t. */
static void step_to(struct app_fixture *f, uint64_t t)
{
	session_seek(&f->a->ses[0], t - 1);
	render_frame(f->r, &f->c, &f->a->view);
	app_step(f->a, true);
	assert_int_equal(sim_now(f->a->ses[0].sim), t);
}

static const struct render_hit *hit_of(const struct render *r, uint32_t pid)
{
	for (int i = 0; i < r->nhits; i++)
		if (r->hits[i].pid == pid)
			return &r->hits[i];
	return NULL;
}

/* links_propagate at tick 10: b's two links (a-b, b-c) are bold while the
** mouse is over b, and no link is bold without it. */
static void test_hover_makes_links_bold(void **state)
{
	(void)state;
	struct app_fixture f;
	open_lesson(&f, "links_propagate.json");
	session_seek(&f.a->ses[0], 10);
	f.a->view.move_t = f.a->view.fly_t = 1.0;
	render_frame(f.r, &f.c, &f.a->view);
	int bold = 0;
	for (int i = 0; i < f.r->nsegs; i++)
		bold += f.r->segs[i].sel;
	assert_true(f.r->nsegs >= 4);
	assert_int_equal(bold, 0);
	const struct render_hit *b = hit_of(f.r, 2);      /* b is <0.2.0> */
	assert_non_null(b);
	f.a->view.hover_x = b->r.x + b->r.w / 2;
	f.a->view.hover_y = b->r.y + b->r.h / 2;
	render_frame(f.r, &f.c, &f.a->view);
	bold = 0;
	for (int i = 0; i < f.r->nsegs; i++)
		bold += f.r->segs[i].sel;
	assert_int_equal(bold, 2);
	app_fixture_close(&f);
}

static int crash_pixels(const struct app_fixture *f)
{
	int n = 0;
	for (int i = 0; i < f->c.w * f->c.h; i++)
		n += (f->px[i] & 0xFFFFFF) == (DRAW_CRASH & 0xFFFFFF);
	return n;
}

/* links_propagate, step 43 -> 44 (b's signal kills c, both dead at 44):
** half-way through its flight a large red signal is on screen; at the end
** of it, not. */
static void test_exit_signal_in_flight(void **state)
{
	(void)state;
	struct app_fixture f;
	open_lesson(&f, "links_propagate.json");
	step_to(&f, 44);
	f.a->view.move_t = f.a->view.fly_t = 1.0;
	render_frame(f.r, &f.c, &f.a->view);
	int still = crash_pixels(&f);
	f.a->view.fly_t = 0.5;                  /* the boxes at their places: only flights differ */
	render_frame(f.r, &f.c, &f.a->view);
	int flying = crash_pixels(&f);
	print_message("crash pixels: %d still, %d flying\n", still, flying);
	assert_true(flying > still + 400);      /* the disc alone is ~600 pixels */
	app_fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hover_makes_links_bold),
		cmocka_unit_test(test_exit_signal_in_flight),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
