/* gui_test_links.c - links and exit signals: the links of the process
** under the mouse are bold; an exit signal in flight is drawn (also in a
** screenshot of a step at a phase, gui.c); no link and no exit signal
** passes over or behind a box or ghost that is not one of its ends. */
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

static void open_lesson_at(struct app_fixture *f, const char *name, int w, int h)
{
	char path[512];
	scenario_file(path, sizeof path, name);
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = path;
	sim_config_default(&o.cfg);
	app_fixture_open(f, &o, w, h);
}

static void open_lesson(struct app_fixture *f, const char *name)
{
	open_lesson_at(f, name, 1280, 720);
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


/* Whether the segment (x0, y0)-(x1, y1) touches the pixels of box b:
** sampled every quarter pixel (independent of the router's own test). */
static bool seg_touches(int x0, int y0, int x1, int y1, struct lrect b)
{
	int dx = abs(x1 - x0), dy = abs(y1 - y0), n = 4 * (dx > dy ? dx : dy) + 1;
	for (int k = 0; k <= n; k++) {
		double x = x0 + (double)(x1 - x0) * k / n, y = y0 + (double)(y1 - y0) * k / n;
		if (x >= b.x && x <= b.x + b.w - 1 && y >= b.y && y <= b.y + b.h - 1)
			return true;
	}
	return false;
}

/* The boxes and ghosts of g's pane that path g passes over (not its ends). */
static int crossings(const struct render *r, const struct render_seg *g, const char *what)
{
	int bad = 0;
	for (int i = 0; i < r->nhits + r->nghosts; i++) {
		bool ghost = i >= r->nhits;
		struct lrect b = ghost ? r->ghosts[i - r->nhits].at : r->hits[i].at;
		uint32_t pid = ghost ? r->ghosts[i - r->nhits].pid : r->hits[i].pid;
		int pane = ghost ? r->ghosts[i - r->nhits].pane : r->hits[i].pane;
		if (pane == g->pane && (pid == g->a || pid == g->b))
			continue;
		for (int k = 1; k < g->p.n; k++)
			if (seg_touches(g->p.x[k - 1], g->p.y[k - 1], g->p.x[k], g->p.y[k], b)) {
				print_message("%s <0.%u.0>-<0.%u.0>: (%d,%d)-(%d,%d) crosses %s <0.%u.0> at "
				              "%d,%d %dx%d\n", what, g->a, g->b, g->p.x[k - 1], g->p.y[k - 1],
				              g->p.x[k], g->p.y[k], ghost ? "ghost" : "box", pid, b.x, b.y, b.w,
				              b.h);
				bad++;
				break;
			}
	}
	return bad;
}

/* Every link and exit signal of the last frame avoids the boxes and
** ghosts that are not its ends; returns the number of links. */
static int assert_links_clear(const struct render *r)
{
	int bad = 0;
	for (int i = 0; i < r->nsegs; i++)
		bad += crossings(r, &r->segs[i], "link");
	for (int i = 0; i < r->nfly; i++)
		bad += crossings(r, &r->fly[i], "exit signal");
	assert_int_equal(bad, 0);
	return r->nsegs;
}

static bool has_ghost(const struct render *r, uint32_t pid)
{
	for (int i = 0; i < r->nghosts; i++)
		if (r->ghosts[i].pid == pid)
			return true;
	return false;
}

/* The two lessons where a link used to pass a ghost, at both sizes:
** crash_isolation at 111-112 (h_1-h_2 over bad's ghost under h_1) and
** supervisor_rest_for_one at 62 (web-sup behind cache's ghost). */
static void lesson_links_clear(const char *name, uint64_t tick, uint32_t ghost, int min_links)
{
	static const int size[][2] = { { 1280, 720 }, { 1600, 900 } };
	for (int k = 0; k < 2; k++) {
		struct app_fixture f;
		open_lesson_at(&f, name, size[k][0], size[k][1]);
		session_seek(&f.a->ses[0], tick);
		f.a->view.move_t = f.a->view.fly_t = 1.0;
		render_frame(f.r, &f.c, &f.a->view);
		assert_true(has_ghost(f.r, ghost));      /* the case the test is about is on screen */
		print_message("%s at %llu, %dx%d\n", name, (unsigned long long)tick, size[k][0],
		              size[k][1]);
		assert_true(assert_links_clear(f.r) >= min_links);
		app_fixture_close(&f);
	}
}

static void test_links_avoid_ghosts(void **state)
{
	(void)state;
	lesson_links_clear("crash_isolation.json", 111, 1, 1);      /* bad is <0.1.0> */
	lesson_links_clear("crash_isolation.json", 112, 1, 1);
	lesson_links_clear("supervisor_rest_for_one.json", 62, 3, 4);   /* cache was <0.3.0> */
}

/* A crowded pane: 4 schedulers, 48 busy processes, each linked to the one
** 7 further on; at several ticks (boxes full of queues, links across
** lanes, the side panel) every drawn link avoids the other boxes. */
static void test_crowded_links_clear(void **state)
{
	(void)state;
	static char json[16384];
	int n = snprintf(json, sizeof json,
	                 "{\"format\":1,\"config\":{\"schedulers\":4,\"slice\":20},\"processes\":["
	                 "{\"name\":\"w\",\"count\":48,\"program\":[{\"op\":\"loop\",\"times\":"
	                 "\"forever\",\"do\":[{\"op\":\"work\",\"reductions\":30},{\"op\":"
	                 "\"sleep\",\"ticks\":7}]}]}],\"links\":[");
	for (int i = 1; i + 7 <= 48; i++)
		n += snprintf(json + n, sizeof json - (size_t)n, "%s[\"w_%d\",\"w_%d\"]", i > 1 ? "," : "",
		              i, i + 7);
	snprintf(json + n, sizeof json - (size_t)n, "]}");
	struct pane_fixture f;
	session_open_text(&f.ses, json);
	pane_fixture_start(&f, 1280, 720);
	int most = 0;
	for (uint64_t t = 5; t <= 60; t += 11) {
		session_seek(&f.ses, t);
		anim_reset(&f.anim);                /* as the window does after a jump */
		render_frame(f.r, &f.c, &f.view);
		int links = assert_links_clear(f.r);
		most = links > most ? links : most;
	}
	print_message("crowded: up to %d links drawn\n", most);
	assert_true(most >= 15);
	pane_fixture_close(&f);
}

/* links_propagate, step 44 -> 45 (c's signal kills d): the signal's way
** avoids the other boxes and ghosts, and the red disc half-way through its
** flight is drawn on that way. */
static void test_signal_follows_route(void **state)
{
	(void)state;
	struct app_fixture f;
	open_lesson(&f, "links_propagate.json");
	step_to(&f, 45);
	f.a->view.fly_t = 0.5;
	render_frame(f.r, &f.c, &f.a->view);
	assert_true(f.r->nfly >= 1);
	assert_links_clear(f.r);
	int x, y;
	links_point(&f.r->fly[0], 0.5, &x, &y);
	assert_int_equal(f.px[y * f.c.w + x] & 0xFFFFFF, DRAW_CRASH & 0xFFFFFF);
	app_fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hover_makes_links_bold),
		cmocka_unit_test(test_exit_signal_in_flight),
		cmocka_unit_test(test_links_avoid_ghosts),
		cmocka_unit_test(test_crowded_links_clear),
		cmocka_unit_test(test_signal_follows_route),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
