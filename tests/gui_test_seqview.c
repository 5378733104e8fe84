/* gui_test_seqview.c - the window's sequence view (issue 14), headless:
** one arrow drawn per message sent by the playhead's tick (counted from
** the engine's own events, not from the chart), arrows and lifelines at
** the places of the chart's layout in their colours, nothing drawn below
** the playhead, stepping back undraws, a click selects a line (its arrows
** emphasised, the others dimmed) or a message (its card), a group's head
** folds and unfolds it, V cycles lanes / sequence / both, and a kill in
** the window is in the chart; the view is remembered across a restart of
** the window (settings.h). */
#define _POSIX_C_SOURCE 200809L   /* setenv, mkdtemp */
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
#include "gifrec.h"
#include "gui_support.h"
#include "render.h"
#include "settings.h"

#define W 1280
#define H 720

/* The app on the scenario at path in mode, at tick 0, no frame drawn. */
static void start_path(struct app_fixture *f, const char *path, int mode)
{
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = path;
	o.view = mode;
	sim_config_default(&o.cfg);
	app_fixture_open(f, &o, W, H);
}

/* The app on the scenario at path in mode, at tick `at`, one frame drawn. */
static void open_path(struct app_fixture *f, const char *path, int mode, uint64_t at)
{
	start_path(f, path, mode);
	session_seek(&f->a->ses[0], at);
	render_frame(f->r, &f->c, &f->a->view);
}

/* The app on lesson `name` (scenarios/) in mode, at tick `at`, one frame drawn. */
static void open_lesson(struct app_fixture *f, const char *name, int mode, uint64_t at)
{
	char path[512];
	scenario_file(path, sizeof path, name);
	open_path(f, path, mode, at);
}

static void redraw(struct app_fixture *f)
{
	render_frame(f->r, &f->c, &f->a->view);
}

/* The messages sent by tick `upto` in a run of the lesson by the engine
** alone (SEND events), and the pids that exited by then. */
static size_t sends_upto(const char *name, uint64_t upto)
{
	char path[512];
	scenario_file(path, sizeof path, name);
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load(path, &d);
	assert_non_null(scn);
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	sim_set_batching(s, false);
	size_t sends = 0, n;
	for (bool more = true; more && sim_now(s) <= upto;) {
		const struct sim_event *ev = sim_events(s, &n);
		for (size_t i = 0; i < n; i++)
			sends += ev[i].type == SIM_EV_SEND && ev[i].tick <= upto;
		more = sim_step(s) == SIM_END_NONE;
	}
	sim_destroy(s);
	sim_scenario_free(scn);
	sim_diag_free(&d);
	return sends;
}

static int count_hits(const struct seqview *sv, int kind, uint32_t chart_kind)
{
	int n = 0;
	for (int i = 0; i < sv->nhits; i++)
		n += sv->hits[i].kind == kind &&
		     (kind != SEQ_HIT_ARROW || sv->chart->arrows[sv->hits[i].id].kind == chart_kind);
	return n;
}

/* A pixel at fraction f of hit h's segment. */
static uint32_t along(const struct draw_canvas *c, const struct seqview_hit *h, double f)
{
	return draw_pixel(c, h->x0 + (int)((h->x1 - h->x0) * f), h->y0 + (int)((h->y1 - h->y0) * f));
}

static void one_arrow_per_message_sent(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_lesson(&f, "ping_pong.json", RENDER_SEQUENCE, 12);
	const struct seqview *sv = &f.r->seq[0];
	assert_true(sv->area.w > 0);
	size_t sent = sends_upto("ping_pong.json", sim_now(f.a->ses[0].sim));
	assert_true(sent >= 2);
	assert_int_equal(count_hits(sv, SEQ_HIT_ARROW, CHART_MSG), (int)sent);
	/* every message arrow that arrived is drawn in its sender's colour
	** along its segment (away from the ends and the label above it) */
	int checked = 0;
	for (int i = 0; i < sv->nhits; i++) {
		const struct seqview_hit *h = &sv->hits[i];
		const struct chart_arrow *a = &sv->chart->arrows[h->id];
		if (h->kind != SEQ_HIT_ARROW || a->kind != CHART_MSG || a->t1 > sim_now(f.a->ses[0].sim))
			continue;
		uint32_t want = render_ident_color(f.r, &f.a->view, 0, a->from);
		assert_true(along(&f.c, h, 0.3) == want || along(&f.c, h, 0.7) == want);
		checked++;
	}
	assert_true(checked >= 2);
	app_fixture_close(&f);
}

static void nothing_below_the_playhead(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_lesson(&f, "crash_isolation.json", RENDER_SEQUENCE, 40);
	const struct seqview *sv = &f.r->seq[0];
	struct lrect a = sv->area;
	assert_true(sv->play_y > a.y && sv->play_y + 20 < a.y + a.h);
	uint32_t bg = draw_color(&f.c, DRAW_BG);
	size_t drawn_above = 0;
	for (int y = a.y + sv->head_h; y < a.y + a.h; y++)
		for (int x = a.x + sv->axis_w; x < a.x + a.w; x++) {     /* right of the tick label */
			uint32_t p = draw_pixel(&f.c, x, y);
			if (y > sv->play_y + 1)
				assert_int_equal(p, bg);
			else
				drawn_above += p != bg;
		}
	assert_true(drawn_above > 500);
	/* the playhead itself: a line across the chart at its y */
	assert_int_equal(draw_pixel(&f.c, a.x + a.w - 10, sv->play_y), draw_color(&f.c, DRAW_TEXT));
	app_fixture_close(&f);
}

static void lifelines_in_their_colours_end_with_the_reason(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_lesson(&f, "crash_isolation.json", RENDER_SEQUENCE, 200);
	const struct seqview *sv = &f.r->seq[0];
	uint64_t now = sim_now(f.a->ses[0].sim);
	int lines = 0, crashed = 0;
	for (size_t k = 0; k < sv->lay.ncols; k++) {
		const struct chart_col *col = &sv->lay.cols[k];
		const struct chart_line *ln = &sv->chart->lines[col->line];
		if (col->t0 > now || ln->pid == 0)
			continue;
		int x = sv->area.x + col->x;
		int y = sv->top + chart_layout_y(&sv->lay, col->t0) + 8;
		assert_int_equal(draw_pixel(&f.c, x, y), render_ident_color(f.r, &f.a->view, 0, ln->pid));
		lines++;
		if (ln->end == CHART_CRASH && ln->exit_tick <= now) {
			int ye = sv->top + chart_layout_y_end(&sv->lay, ln->exit_tick);
			assert_int_equal(draw_pixel(&f.c, x, ye + 2), draw_color(&f.c, DRAW_CRASH));
			crashed++;
		}
	}
	assert_true(lines >= 2);
	assert_true(crashed >= 1);
	app_fixture_close(&f);
}

static void stepping_back_undraws(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_lesson(&f, "ping_pong.json", RENDER_SEQUENCE, 12);
	int before = count_hits(&f.r->seq[0], SEQ_HIT_ARROW, CHART_MSG);
	for (int i = 0; i < 8; i++)
		app_key(f.a, KEY_BACK);
	redraw(&f);
	size_t sent = sends_upto("ping_pong.json", sim_now(f.a->ses[0].sim));
	int after = count_hits(&f.r->seq[0], SEQ_HIT_ARROW, CHART_MSG);
	assert_int_equal(after, (int)sent);
	assert_true(after < before);
	app_key(f.a, KEY_STEP);
	redraw(&f);
	assert_true(count_hits(&f.r->seq[0], SEQ_HIT_ARROW, CHART_MSG) >= after);
	app_fixture_close(&f);
}

/* The first hit of kind (and, for arrows, of chart kind ck). */
static const struct seqview_hit *first_hit(const struct seqview *sv, int kind, int ck)
{
	for (int i = 0; i < sv->nhits; i++)
		if (sv->hits[i].kind == kind &&
		    (kind != SEQ_HIT_ARROW || (int)sv->chart->arrows[sv->hits[i].id].kind == ck))
			return &sv->hits[i];
	return NULL;
}

static void click_selects_line_and_message(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_lesson(&f, "ping_pong.json", RENDER_SEQUENCE, 12);
	const struct seqview *sv = &f.r->seq[0];
	/* a line (the longest one the inspector will not cover): the process
	** selected, its line haloed in white */
	struct lrect insp = panels_inspector_rect(&f.r->lay.pane[0]);
	const struct seqview_hit *ln = NULL;
	for (int i = 0; i < sv->nhits; i++)
		if (sv->hits[i].kind == SEQ_HIT_LINE && (!ln || sv->hits[i].r.h > ln->r.h) &&
		    !layout_contains(insp, sv->hits[i].r.x, sv->hits[i].r.y + sv->hits[i].r.h - 12))
			ln = &sv->hits[i];
	assert_non_null(ln);
	assert_true(ln->r.h > 40);
	uint32_t from = ln->id;
	int lx = ln->r.x + ln->r.w / 2, ly = ln->r.y + ln->r.h - 12;
	app_click(f.a, f.r, lx, ly);
	assert_int_equal(f.a->view.selected, from);
	redraw(&f);
	/* the inspector opens; the chart moves beside it, the selected line in it */
	assert_true(sv->area.x + sv->area.w <= insp.x || sv->area.x >= insp.x + insp.w);
	bool in_view = false;
	for (int i = 0; i < sv->nhits; i++)
		in_view = in_view || (sv->hits[i].kind == SEQ_HIT_LINE && sv->hits[i].id == from &&
		                      !layout_contains(insp, sv->hits[i].r.x + 7, sv->hits[i].r.y + 1));
	assert_true(in_view);
	ln = NULL;
	for (int i = 0; i < sv->nhits; i++)       /* where the selected line is now */
		if (sv->hits[i].kind == SEQ_HIT_LINE && sv->hits[i].id == from && sv->hits[i].r.h > 40)
			ln = &sv->hits[i];
	assert_non_null(ln);
	lx = ln->r.x + ln->r.w / 2;
	ly = ln->r.y + ln->r.h - 12;
	assert_int_equal(draw_pixel(&f.c, lx - 4, ly), draw_color(&f.c, DRAW_TEXT));
	/* an arrow not touching it is dimmed: no pixel of its full colour */
	for (int i = 0; i < sv->nhits; i++) {
		const struct seqview_hit *h = &sv->hits[i];
		const struct chart_arrow *a = &sv->chart->arrows[h->id];
		if (h->kind != SEQ_HIT_ARROW || a->kind != CHART_MSG || a->from == from || a->to == from)
			continue;
		uint32_t full = render_ident_color(f.r, &f.a->view, 0, a->from);
		assert_int_not_equal(along(&f.c, h, 0.3), full);
		assert_int_not_equal(along(&f.c, h, 0.7), full);
	}
	/* an arrow (the inspector closed first): its message selected, the card names it */
	app_key(f.a, KEY_ESCAPE);
	redraw(&f);
	const struct seqview_hit *ar = first_hit(sv, SEQ_HIT_ARROW, CHART_MSG);
	assert_non_null(ar);
	uint32_t id = ar->id;
	struct text_rec rec[256];
	size_t nrec = 0;
	app_click(f.a, f.r, (ar->x0 + ar->x1) / 2, (ar->y0 + ar->y1) / 2);
	assert_int_equal(f.a->view.sel_arrow, id + 1);
	assert_int_equal(f.a->view.selected, 0);
	text_record(f.text, rec, 256, &nrec);
	redraw(&f);
	text_record(f.text, NULL, 0, NULL);
	char want[160];
	snprintf(want, sizeof want, "message: %s", sv->chart->arrows[id].label);
	bool card = text_error(f.text) != NULL;      /* no font: no text to find */
	for (size_t i = 0; i < nrec && i < 256; i++)
		card = card || strcmp(rec[i].s, want) == 0;
	assert_true(card);
	app_key(f.a, KEY_ESCAPE);
	assert_int_equal(f.a->view.sel_arrow, 0);
	app_fixture_close(&f);
}

static const char group_json[] =
	"{\"processes\":[{\"name\":\"hub\",\"program\":[{\"op\":\"work\",\"reductions\":400}]},"
	"{\"name\":\"w\",\"count\":20,\"program\":[{\"op\":\"send\",\"to\":\"hub\",\"message\":\"hi\"}]}]}";

static void group_head_folds_and_unfolds(void **state)
{
	(void)state;
	static struct app_fixture f;
	char path[64];
	temp_scenario(path, group_json);
	open_path(&f, path, RENDER_SEQUENCE, 5);
	const struct seqview *sv = &f.r->seq[0];
	size_t folded = sv->lay.ncols;
	assert_true(folded <= 3);                     /* hub, w x20 (and the outside) */
	const struct seqview_hit *g = first_hit(sv, SEQ_HIT_GROUP, 0);
	assert_non_null(g);
	app_click(f.a, f.r, g->r.x + g->r.w / 2, g->r.y + g->r.h / 2);
	redraw(&f);
	assert_int_equal(sv->lay.ncols, folded + 19);
	g = first_hit(sv, SEQ_HIT_GROUP, 0);
	assert_non_null(g);
	app_click(f.a, f.r, g->r.x + g->r.w / 2, g->r.y + g->r.h / 2);
	redraw(&f);
	assert_int_equal(sv->lay.ncols, folded);
	app_fixture_close(&f);
	unlink(path);
}

static void v_cycles_the_views(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_lesson(&f, "ping_pong.json", RENDER_LANES, 12);
	assert_int_equal(f.r->seq[0].area.w, 0);
	assert_true(f.r->nhits > 0);
	app_key(f.a, KEY_VIEW);
	assert_int_equal(f.a->view.mode, RENDER_SEQUENCE);
	redraw(&f);
	assert_true(f.r->seq[0].area.w > W / 2);
	assert_int_equal(f.r->nhits, 0);
	app_key(f.a, KEY_VIEW);
	assert_int_equal(f.a->view.mode, RENDER_BOTH);
	redraw(&f);
	assert_true(f.r->seq[0].area.x >= render_split_x(W));
	assert_true(f.r->nhits > 0);                 /* the lanes, at the left */
	for (int i = 0; i < f.r->nhits; i++)
		assert_true(f.r->hits[i].r.x + f.r->hits[i].r.w <= render_split_x(W));
	/* the view stays when another file is opened (like the theme) */
	char path[512];
	scenario_file(path, sizeof path, "hello_messages.json");
	app_load(f.a, path);
	assert_int_equal(f.a->view.mode, RENDER_BOTH);
	app_key(f.a, KEY_VIEW);
	assert_int_equal(f.a->view.mode, RENDER_LANES);
	app_fixture_close(&f);
}

static void a_kill_in_the_window_is_in_the_chart(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_lesson(&f, "ping_pong.json", RENDER_SEQUENCE, 6);
	struct sim_proc_view pv;
	uint32_t pid = 0;
	for (uint32_t p = 1; p <= sim_proc_count(f.a->ses[0].sim) && !pid; p++)
		if (sim_proc_view(f.a->ses[0].sim, p, &pv) && pv.state != SIM_PROC_EXITED)
			pid = p;
	assert_int_not_equal(pid, 0);
	app_select(f.a, pid, 0);
	app_key(f.a, KEY_KILL);
	redraw(&f);
	const struct chart_line *ln = chart_line_of(f.r->seq[0].chart, pid);
	assert_non_null(ln);
	assert_true(sim_proc_view(f.a->ses[0].sim, pid, &pv));
	assert_non_null(pv.exit_reason);
	assert_string_equal(ln->reason, pv.exit_reason);        /* as the engine says */
	assert_int_equal(ln->exit_tick, sim_now(f.a->ses[0].sim));
	app_fixture_close(&f);
}

/* 40 processes with names of their own: more lines than the pane holds. */
static void wide_scenario(char *path)
{
	char json[8192];
	int n = snprintf(json, sizeof json, "{\"processes\":[{\"name\":\"hub\",\"program\":"
	                 "[{\"op\":\"work\",\"reductions\":400}]}");
	for (int i = 0; i < 40; i++)
		n += snprintf(json + n, sizeof json - (size_t)n, ",{\"name\":\"worker_%d_long_name\","
		              "\"program\":[{\"op\":\"send\",\"to\":\"hub\",\"message\":\"hi\"}]}", i);
	snprintf(json + n, sizeof json - (size_t)n, "]}");
	temp_scenario(path, json);
}

/* Lines that do not fit scroll sideways ([ ], Shift+wheel: app_seq_scroll);
** the selected process's line is kept in view; heads are staggered and
** their names shortened to their boxes. */
static void wide_charts_scroll_sideways(void **state)
{
	(void)state;
	static struct app_fixture f;
	char path[64];
	wide_scenario(path);
	open_path(&f, path, RENDER_BOTH, 60);
	const struct seqview *sv = &f.r->seq[0];
	int ncols = (int)sv->lay.ncols;
	assert_true(ncols >= 41);
	assert_true(sv->shown < ncols && sv->shown >= 5);
	assert_int_equal(sv->first, 0);
	assert_true(sv->stagger);
	for (int i = 0; i < sv->nhits; i++)        /* no head or line drawn outside the pane */
		if (sv->hits[i].kind == SEQ_HIT_LINE)
			assert_true(sv->hits[i].r.x >= sv->area.x && sv->hits[i].r.x < sv->area.x + sv->area.w);
	app_seq_scroll(f.a, f.r, 3);
	redraw(&f);
	assert_int_equal(sv->first, 3);
	for (int i = 0; i < 100; i++)
		app_seq_scroll(f.a, f.r, 1);
	redraw(&f);
	assert_int_equal(sv->first, ncols - sv->shown);     /* the last column ends the view */
	app_seq_scroll(f.a, f.r, -1);
	redraw(&f);
	assert_int_equal(sv->first, ncols - sv->shown - 1);  /* one press back moves at once */
	/* selecting the first worker (in the lanes, or the inspector) brings its line into view */
	uint32_t pid = sv->chart->lines[sv->lay.cols[1].line].pid;
	app_select(f.a, pid, 0);
	redraw(&f);
	int k = chart_layout_col(&sv->lay, pid);
	assert_true(k >= sv->first && k < sv->first + sv->shown);
	bool seen = false;
	for (int i = 0; i < sv->nhits; i++)
		seen = seen || (sv->hits[i].kind == SEQ_HIT_LINE && sv->hits[i].id == pid &&
		                sv->hits[i].r.x >= sv->area.x + sv->axis_w - 8);
	assert_true(seen);
	app_fixture_close(&f);
	unlink(path);
}

static uint64_t fake_ms(void)
{
	return 0;
}

/* A step as the window makes it: animated, then played to its end. */
static void window_step(struct app_fixture *f, enum app_key k)
{
	app_key(f->a, k);
	redraw(f);
	app_tick(f->a, 2000.0, 10.0, fake_ms);
	redraw(f);
}

/* What `beamsim gui FILE --screenshot --view mode --at at` draws (gui.c's
** headless()), into f. */
static void screenshot_of(struct app_fixture *f, const char *path, int mode, uint64_t at)
{
	start_path(f, path, mode);
	gifrec_arrive(f->a, f->r, &f->c, at);
	f->a->view.move_t = 1.0;
	f->a->view.fly_t = 0.55;
	redraw(f);
}

/* How many pixels of a and b differ; a message with their box if any. */
static long pixels_differ(const struct app_fixture *a, const struct app_fixture *b)
{
	long n = 0;
	int x0 = W, y0 = H, x1 = -1, y1 = -1;
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			if (draw_pixel(&a->c, x, y) != draw_pixel(&b->c, x, y)) {
				n++;
				x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0, y1 = y > y1 ? y : y1;
			}
	if (n)
		fprintf(stderr, "%ld pixels differ in (%d, %d) - (%d, %d)\n", n, x0, y0, x1, y1);
	return n;
}

/* tests/gui_e2e.sh's walk in the window (crash_isolation played, O opens
** links_propagate, Right, V, Right, Left, V) ends in "both" at tick 1 with
** exactly the picture of --screenshot --view both --at 1: every pixel
** drawn again (a column left undrawn between the lanes and the chart
** kept what the sequence view had drawn there), and so on for V twice more. */
static void the_window_s_both_is_the_screenshot(void **state)
{
	(void)state;
	static struct app_fixture w, h;
	open_lesson(&w, "crash_isolation.json", RENDER_LANES, 0);
	for (int i = 0; i < 80; i++)
		window_step(&w, KEY_STEP);
	char path[512];
	scenario_file(path, sizeof path, "links_propagate.json");
	app_load(w.a, path);
	redraw(&w);
	window_step(&w, KEY_STEP);
	app_key(w.a, KEY_VIEW);
	redraw(&w);
	window_step(&w, KEY_STEP);
	window_step(&w, KEY_BACK);
	app_key(w.a, KEY_VIEW);
	redraw(&w);
	assert_int_equal(w.a->view.mode, RENDER_BOTH);
	assert_int_equal(sim_now(w.a->ses[0].sim), 1);
	screenshot_of(&h, path, RENDER_BOTH, 1);
	assert_int_equal(pixels_differ(&w, &h), 0);    /* before the fix: 4,332 (x 707, y 36 .. 719) */
	app_fixture_close(&h);
	for (int mode = RENDER_LANES; mode <= RENDER_SEQUENCE; mode++) {   /* V on: lanes, sequence */
		app_key(w.a, KEY_VIEW);
		redraw(&w);
		screenshot_of(&h, path, mode, 1);
		assert_int_equal(pixels_differ(&w, &h), 0);
		app_fixture_close(&h);
	}
	app_fixture_close(&w);
}

static const char nodes_json[] =
	"{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}]},\"processes\":["
	"{\"name\":\"p1\",\"node\":\"b\",\"program\":[{\"op\":\"send\",\"to\":\"p2\",\"message\":\"x\"}]},"
	"{\"name\":\"p2\",\"node\":\"a\",\"program\":[{\"op\":\"receive\"}]},"
	"{\"name\":\"p3\",\"node\":\"b\",\"program\":[{\"op\":\"work\",\"reductions\":60}]},"
	"{\"name\":\"p4\",\"node\":\"a\",\"program\":[{\"op\":\"work\",\"reductions\":50}]}]}";

/* With config.nodes the chart's lines are grouped by node (file order of
** the nodes, each process where the engine says it is), under a band with
** the node's name spanning its columns. */
static void lines_are_grouped_by_node(void **state)
{
	(void)state;
	static struct app_fixture f;
	char path[64];
	temp_scenario(path, nodes_json);
	struct text_rec rec[256];
	size_t nrec = 0;
	start_path(&f, path, RENDER_SEQUENCE);
	session_seek(&f.a->ses[0], 30);
	text_record(f.text, rec, 256, &nrec);
	redraw(&f);
	text_record(f.text, NULL, 0, NULL);
	const struct seqview *sv = &f.r->seq[0];
	const sim *s = f.a->ses[0].sim;
	uint32_t last_node = 0;
	int shown = 0;
	for (size_t k = 0; k < sv->lay.ncols; k++) {
		const struct chart_line *ln = &sv->chart->lines[sv->lay.cols[k].line];
		struct sim_proc_view pv;
		if (ln->pid == 0)
			continue;
		assert_true(sim_proc_view(s, ln->pid, &pv));
		assert_true(pv.loc.node >= last_node);     /* a's lines, then b's */
		last_node = pv.loc.node;
		shown++;
	}
	assert_int_equal(shown, 4);
	assert_int_equal(last_node, 1);
	assert_true(sv->node_h > 0);
	/* each node's name once, above the heads, between its columns' ends */
	int found = text_error(f.text) != NULL ? 2 : 0;
	for (size_t i = 0; i < nrec && i < 256 && !text_error(f.text); i++) {
		bool a = strcmp(rec[i].s, "a@beamsim") == 0, b = strcmp(rec[i].s, "b@beamsim") == 0;
		if (!a && !b)
			continue;
		int k = chart_layout_col(&sv->lay, a ? 2 : 1);          /* p2 on a, p1 on b */
		int cx = sv->area.x + sv->lay.cols[k].x;
		assert_true(rec[i].y < sv->area.y + sv->node_h);
		assert_true(rec[i].x - sv->col_w <= cx && cx <= rec[i].x + rec[i].w + sv->col_w);
		found++;
	}
	assert_int_equal(found, 2);
	app_fixture_close(&f);
	unlink(path);
}

static void settings_path_follows_xdg(void **state)
{
	(void)state;
	char p[1024];
	setenv("HOME", "/home/teacher", 1);
	setenv("XDG_CONFIG_HOME", "/cfg/x", 1);
	assert_true(settings_path(p, sizeof p));
	assert_string_equal(p, "/cfg/x/beamsim/gui.conf");
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);    /* not absolute: ignored, as XDG says */
	assert_true(settings_path(p, sizeof p));
	assert_string_equal(p, "/home/teacher/.config/beamsim/gui.conf");
	unsetenv("XDG_CONFIG_HOME");
	assert_true(settings_path(p, sizeof p));
	assert_string_equal(p, "/home/teacher/.config/beamsim/gui.conf");
	unsetenv("HOME");
	assert_false(settings_path(p, sizeof p));
}

/* A window closed in view `mode` (pressed V to get there): the next
** window opened without --view starts in it and draws it. */
static void the_view_survives_a_restart(void **state)
{
	(void)state;
	char dir[] = "/tmp/beamsim-settings-XXXXXX", path[256];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/cfg/beamsim/gui.conf", dir);   /* no directory yet */
	int in_file;
	assert_int_equal(settings_start_view(path, RENDER_LANES, false, &in_file), RENDER_LANES);
	assert_int_equal(in_file, -1);
	settings_end_view(path, RENDER_LANES, in_file);            /* the default: no file made */
	assert_int_not_equal(access(path, F_OK), 0);
	static struct app_fixture f;
	open_lesson(&f, "ping_pong.json", RENDER_LANES, 12);
	app_key(f.a, KEY_VIEW);
	app_key(f.a, KEY_VIEW);
	settings_end_view(path, f.a->view.mode, in_file);         /* the window closes in "both" */
	app_fixture_close(&f);
	int start = settings_start_view(path, RENDER_LANES, false, &in_file);
	assert_int_equal(start, RENDER_BOTH);
	assert_int_equal(in_file, RENDER_BOTH);
	open_lesson(&f, "ping_pong.json", start, 12);
	assert_true(f.r->seq[0].area.w > 0 && f.r->seq[0].area.x >= render_split_x(W));
	app_fixture_close(&f);
	/* --view wins over the file; the file is rewritten only with a change */
	assert_int_equal(settings_start_view(path, RENDER_SEQUENCE, true, &in_file), RENDER_SEQUENCE);
	settings_end_view(path, RENDER_LANES, in_file);
	assert_int_equal(settings_start_view(path, RENDER_BOTH, false, &in_file), RENDER_LANES);
	unlink(path);
	char sub[256];
	snprintf(sub, sizeof sub, "%s/cfg/beamsim", dir);
	rmdir(sub);
	snprintf(sub, sizeof sub, "%s/cfg", dir);
	rmdir(sub);
	rmdir(dir);
}

/* A bad line is named with file:line:column; the good lines still count. */
static void a_bad_settings_file_is_reported(void **state)
{
	(void)state;
	char path[] = "/tmp/beamsim-conf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs("# comment\nview = sideways\nno equals sign\n  view=sequence  \ntheme = later\n", fp);
	fclose(fp);
	struct settings st = { RENDER_LANES };
	char err[1200] = "";
	assert_int_equal(settings_load(path, &st, err, sizeof err), -1);
	assert_int_equal(st.view, RENDER_SEQUENCE);
	char want[300];
	snprintf(want, sizeof want, "%s:3:1: expected 'key = value'", path);
	assert_string_equal(err, want);                 /* the last bad line's message */
	fp = fopen(path, "w");
	fputs("view = sideways\n", fp);
	fclose(fp);
	assert_int_equal(settings_load(path, &st, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:1:8: view: expected lanes, sequence or both, got 'sideways'", path);
	assert_string_equal(err, want);
	int in_file;
	assert_int_equal(settings_start_view(path, RENDER_LANES, false, &in_file), RENDER_LANES);
	unlink(path);
	assert_int_equal(settings_load(path, &st, err, sizeof err), 0);     /* no file: no error */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_arrow_per_message_sent),
		cmocka_unit_test(nothing_below_the_playhead),
		cmocka_unit_test(lifelines_in_their_colours_end_with_the_reason),
		cmocka_unit_test(stepping_back_undraws),
		cmocka_unit_test(click_selects_line_and_message),
		cmocka_unit_test(group_head_folds_and_unfolds),
		cmocka_unit_test(v_cycles_the_views),
		cmocka_unit_test(a_kill_in_the_window_is_in_the_chart),
		cmocka_unit_test(wide_charts_scroll_sideways),
		cmocka_unit_test(the_window_s_both_is_the_screenshot),
		cmocka_unit_test(lines_are_grouped_by_node),
		cmocka_unit_test(settings_path_follows_xdg),
		cmocka_unit_test(the_view_survives_a_restart),
		cmocka_unit_test(a_bad_settings_file_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
