/* gui_test_truth.c - what the window draws is what the engine says at the
** tick shown: crash marks (ghosts) belong to processes that died, in the
** configuration being run, whatever was shown before; both compare panes
** share one time axis; notes tied to events show per pane. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app.h"
#include "layout.h"
#include "render.h"

#include "gui_support.h"

static void open_app(struct app_fixture *f, const char *name, const char *compare)
{
	app_fixture_lesson(f, name, compare, 1280, 720);
}

static void frame(struct app_fixture *f)
{
	f->a->view.move_t = f->a->view.fly_t = 1.0;
	render_frame(f->r, &f->c, &f->a->view);
}

/* Steps every pane until pane 0 is at tick t (not animated). */
static void seek(struct app_fixture *f, uint64_t t)
{
	while (sim_now(f->a->ses[0].sim) < t && !session_ended(&f->a->ses[0]))
		app_step(f->a, false);
	assert_int_equal(sim_now(f->a->ses[0].sim), t);
}

static uint32_t pid_of(const sim *s, const char *name)
{
	struct sim_proc_view pv;
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++)
		if (sim_proc_view(s, pid, &pv) && strcmp(pv.name, name) == 0)
			return pid;
	return 0;
}

/* A pixel of the crash colour, or blended most of the way to it (a
** translucent crash mark over a box counts). */
static bool crashy(uint32_t px)
{
	int r = (int)(px >> 16 & 0xff), g = (int)(px >> 8 & 0xff), b = (int)(px & 0xff);
	int cr = (int)(DRAW_CRASH >> 16 & 0xff), cg = (int)(DRAW_CRASH >> 8 & 0xff);
	return abs(r - cr) <= 0x30 && abs(g - cg) <= 0x30 && b <= 0x40;
}

static int crash_pixels(const struct draw_canvas *c, struct lrect b)
{
	int n = 0;
	for (int y = b.y; y < b.y + b.h; y++)
		for (int x = b.x; x < b.x + b.w; x++)
			n += crashy(draw_pixel(c, x, y));
	return n;
}

/* No box of a live process has a pixel of the crash colour. */
static void assert_live_clean(struct app_fixture *f)
{
	for (int i = 0; i < f->r->nhits; i++) {
		const struct render_hit *h = &f->r->hits[i];
		struct sim_proc_view pv;
		assert_true(sim_proc_view(f->a->ses[h->pane].sim, h->pid, &pv));
		if (pv.state == SIM_PROC_EXITED)
			continue;
		if (crash_pixels(&f->c, h->at) != 0)
			fail_msg("live %s drawn with the crash colour at tick %llu", pv.name,
			         (unsigned long long)sim_now(f->a->ses[h->pane].sim));
	}
}

/* Every ghost drawn is a process of its pane that ended, not normally, at
** most GHOST_TICKS ago.  Returns how many of pid's ghosts are drawn. */
static int check_ghosts(struct app_fixture *f, uint32_t pid)
{
	int found = 0;
	for (int i = 0; i < f->r->nghosts; i++) {
		const struct render_ghost *g = &f->r->ghosts[i];
		const sim *s = f->a->ses[g->pane].sim;
		struct sim_proc_view pv;
		assert_true(sim_proc_view(s, g->pid, &pv));
		assert_int_equal(pv.state, SIM_PROC_EXITED);
		assert_string_not_equal(pv.exit_reason, "normal");
		assert_true(pv.exit_tick <= sim_now(s) && sim_now(s) - pv.exit_tick <= GHOST_TICKS);
		found += g->pid == pid;
	}
	return found;
}

static void crash_isolation_111(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_app(&f, "crash_isolation.json", NULL);
	seek(&f, 111);
	frame(&f);
	uint32_t bad = pid_of(f.a->ses[0].sim, "bad");
	struct sim_proc_view pv;
	assert_true(sim_proc_view(f.a->ses[0].sim, bad, &pv));
	assert_int_equal(pv.exit_tick, 111);
	assert_live_clean(&f);
	assert_true(check_ghosts(&f, bad) >= 1);
	bool in_lane = false;        /* bad was running on S1: its ghost is in lane 1 */
	for (int i = 0; i < f.r->nghosts; i++) {
		const struct render_ghost *g = &f.r->ghosts[i];
		if (g->pid == bad && layout_contains(f.r->lay.pane[0].lane[0].row, g->at.x, g->at.y)) {
			in_lane = true;
			assert_true(crash_pixels(&f.c, g->at) > 0);
		}
	}
	assert_true(in_lane);
	/* paused, the ghost stays the same; GHOST_TICKS later it is gone */
	frame(&f);
	assert_true(check_ghosts(&f, bad) >= 1);
	/* Ctrl + rescales the ghost with everything else: it is drawn in lane
	** 1 of the new layout, in the crash colour, and no live box is */
	double z = f.a->view.zoom;
	app_key(f.a, KEY_ZOOM_IN);
	frame(&f);
	assert_true(f.a->view.zoom > z);
	assert_live_clean(&f);
	in_lane = false;
	for (int i = 0; i < f.r->nghosts; i++) {
		const struct render_ghost *g = &f.r->ghosts[i];
		if (g->pid == bad && layout_contains(f.r->lay.pane[0].lane[0].row, g->at.x, g->at.y) &&
		    layout_contains(f.r->lay.pane[0].lane[0].row, g->at.x + g->at.w - 1,
		                    g->at.y + g->at.h - 1)) {
			in_lane = true;
			assert_true(crash_pixels(&f.c, g->at) > 0);
		}
	}
	assert_true(in_lane);
	seek(&f, 111 + GHOST_TICKS + 1);
	frame(&f);
	assert_int_equal(check_ghosts(&f, bad), 0);
	app_fixture_close(&f);
}

/* Step to 111, press 4, step: every mark is of this configuration's run. */
static void marks_follow_the_config(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_app(&f, "crash_isolation.json", NULL);
	seek(&f, 111);
	frame(&f);
	app_set_schedulers(f.a, 4);
	const sim *s = f.a->ses[0].sim;
	assert_int_equal(sim_sched_count(s), 4);
	int bad_seen = 0;
	uint64_t bad_exit = 0;
	for (int k = 0; k < 130 && !session_ended(&f.a->ses[0]); k++) {
		app_key(f.a, KEY_STEP);
		frame(&f);
		s = f.a->ses[0].sim;
		assert_live_clean(&f);
		uint32_t bad = pid_of(s, "bad");
		struct sim_proc_view pv;
		assert_true(sim_proc_view(s, bad, &pv));
		int n = check_ghosts(&f, bad);
		if (n) {
			bad_seen++;
			bad_exit = pv.exit_tick;
		}
	}
	assert_true(bad_seen > 0);
	assert_true(bad_exit < 111);          /* bad dies earlier on 4 schedulers */
	/* a step back recomputes them too */
	app_key(f.a, KEY_RESTART);
	seek(&f, bad_exit + 1);
	app_key(f.a, KEY_BACK);
	frame(&f);
	assert_true(check_ghosts(&f, pid_of(f.a->ses[0].sim, "bad")) >= 1);
	app_fixture_close(&f);
}

/* concurrency_vs_parallelism, 1 vs 4 schedulers, at tick 800: the 4-pane
** ended at 200, and both timelines map each tick to the same x. */
static void compare_shares_time_axis(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_app(&f, "concurrency_vs_parallelism.json", "schedulers=1,4");
	assert_int_equal(f.a->npanes, 2);
	seek(&f, 800);
	frame(&f);
	assert_int_equal(sim_now(f.a->ses[1].sim), 200);
	uint64_t t0, t1;
	render_time_axis(&f.a->view, &t0, &t1);
	assert_true(t0 <= 200 && t1 >= 800);
	const struct layout_pane *p0 = &f.r->lay.pane[0], *p1 = &f.r->lay.pane[1];
	assert_int_equal(p0->plot.w, p1->plot.w);
	for (uint64_t t = t0; t <= t1; t += (t1 - t0) / 8)
		assert_int_equal(layout_tick_x(p0, t0, t1, t) - p0->plot.x,
		                 layout_tick_x(p1, t0, t1, t) - p1->plot.x);
	/* the playhead of the 4-scheduler pane is at tick 200 of that axis */
	int px = layout_tick_x(p1, t0, t1, 200);
	assert_int_equal(draw_pixel(&f.c, px, p1->plot.y + p1->plot.h / 2), DRAW_TEXT);
	app_fixture_close(&f);
}

/* O (app_load) runs a scenario with its own file's config, not the 4 key. */
static void open_uses_file_config(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_app(&f, "crash_isolation.json", NULL);
	app_set_schedulers(f.a, 4);
	assert_int_equal(sim_sched_count(f.a->ses[0].sim), 4);
	char path[512];
	snprintf(path, sizeof path, "%s/%s", SCENARIO_DIR, "links_propagate.json");
	app_load(f.a, path);
	assert_int_equal(sim_sched_count(f.a->ses[0].sim), 2);   /* the file says 2 */
	assert_int_equal(f.a->ses[0].cfg.schedulers, 2);
	app_fixture_close(&f);
}

/* one_slow_request, cooperative vs reductions: the note tied to the exit
** of req_10 shows in a pane only once req_10 has exited there. */
static void note_tied_to_exit_per_pane(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_app(&f, "one_slow_request.json", "preemption=cooperative,reductions");
	const char *last = "Every short request is answered";
	for (uint64_t t = 200; t <= 2200; t += t < 230 || t >= 2190 ? 1 : 40) {
		seek(&f, t);
		for (int i = 0; i < 2; i++) {
			const sim *s = f.a->ses[i].sim;
			struct sim_proc_view pv;
			assert_true(sim_proc_view(s, pid_of(s, "req_10"), &pv));
			bool done = pv.state == SIM_PROC_EXITED;
			const char *note = session_note(&f.a->ses[i]);
			bool shown = note && strncmp(note, last, strlen(last)) == 0;
			if (done && pv.exit_tick == sim_now(s))
				assert_true(shown);           /* from the tick it happened */
			if (!done)
				assert_false(shown);
		}
	}
	/* at 220 the panes differ, and the frame gives each its own caption */
	app_key(f.a, KEY_RESTART);
	seek(&f, 220);
	assert_ptr_not_equal(session_note(&f.a->ses[0]), session_note(&f.a->ses[1]));
	/* a step back before the exit hides it again */
	app_key(f.a, KEY_BACK);
	const char *n1 = session_note(&f.a->ses[1]);
	assert_true(n1 && strncmp(n1, last, strlen(last)) != 0);
	app_fixture_close(&f);
}

/* After 4 and P the crash_isolation caption about bad follows bad's death. */
static void note_follows_config(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_app(&f, "crash_isolation.json", NULL);
	app_set_schedulers(f.a, 4);
	app_key(f.a, KEY_PREEMPTION);
	const sim *s = f.a->ses[0].sim;
	uint32_t bad = pid_of(s, "bad");
	struct sim_proc_view pv;
	for (int k = 0; k < 200; k++) {
		app_step(f.a, false);
		assert_true(sim_proc_view(s = f.a->ses[0].sim, bad, &pv));
		const char *note = session_note(&f.a->ses[0]);
		bool about_bad = note && strncmp(note, "'bad' crashes", 13) == 0;
		if (pv.state != SIM_PROC_EXITED)
			assert_false(about_bad);
		else if (pv.exit_tick == sim_now(s))
			assert_true(about_bad);
	}
	assert_int_equal(pv.state, SIM_PROC_EXITED);
	app_fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crash_isolation_111),
		cmocka_unit_test(marks_follow_the_config),
		cmocka_unit_test(compare_shares_time_axis),
		cmocka_unit_test(open_uses_file_config),
		cmocka_unit_test(note_tied_to_exit_per_pane),
		cmocka_unit_test(note_follows_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
