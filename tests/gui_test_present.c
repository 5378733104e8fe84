/* gui_test_present.c - the window read from the back of a room (issue 13,
** legibility): every text at 1280x720 is at least 18 px tall, --scale and
** Ctrl +/- scale it, the contrast theme changes the colours, each process
** has one identity colour, far from the colours of ends, boxes show their mailbox counts, and lanes give
** the side panel the room they do not use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <math.h>

#include "app.h"
#include "ghost.h"
#include "layout.h"
#include "render.h"
#include "gui_support.h"
#include "support.h"
#include "theme.h"

/* Opens scenario `name` (compare spec or NULL) at tick `at`, w x h,
** theme and scale as given, and renders one frame. */
static void open_at(struct app_fixture *f, const char *name, const char *compare, uint64_t at, int w,
                    int h, const char *theme, double scale)
{
	char path[1024];
	char file[256];
	snprintf(file, sizeof file, "%s.json", name);
	scenario_file(path, sizeof path, file);
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = path;
	o.compare = compare;
	o.theme = theme;
	o.scale = scale;
	sim_config_default(&o.cfg);
	app_fixture_open(f, &o, w, h);
	if (text_error(f->text))
		skip();                  /* no font: nothing to measure (reported as SKIPPED) */
	for (int i = 0; i < f->a->npanes; i++)
		session_seek(&f->a->ses[i], at);
	f->a->view.move_t = f->a->view.fly_t = 1.0;
	text_reset_drawn(f->text);
	render_frame(f->r, &f->c, &f->a->view);
}

static void redraw(struct app_fixture *f)
{
	text_reset_drawn(f->text);
	render_frame(f->r, &f->c, &f->a->view);
}

/* Every text drawn in the frame is >= 18 px at 1280x720 and scale 1:
** lessons at several ticks, compare mode, the inspector and help. */
static void every_text_18px_at_1280x720(void **state)
{
	(void)state;
	static const struct { const char *name, *compare; uint64_t at; } cases[] = {
		{ "crash_isolation", NULL, 111 }, { "concurrency_vs_parallelism", NULL, 800 },
		{ "one_slow_request", NULL, 220 }, { "supervisor_one_for_one", NULL, 60 },
		{ "supervisor_tree", NULL, 100 }, { "restart_intensity", NULL, 22 },
		{ "many_processes", NULL, 50 }, { "one_slow_request", "preemption=cooperative,reductions", 220 },
		{ "concurrency_vs_parallelism", "schedulers=1,4", 300 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct app_fixture f;
		open_at(&f, cases[i].name, cases[i].compare, cases[i].at, 1280, 720, NULL, 0);
		int min = text_min_drawn(f.text);
		if (min < 18)
			print_error("%s at %llu: smallest text %d px\n", cases[i].name,
			            (unsigned long long)cases[i].at, min);
		assert_true(min >= 18);
		f.a->view.help = true;            /* the keys overlay */
		redraw(&f);
		assert_true(text_min_drawn(f.text) >= 18);
		f.a->view.help = false;
		app_select(f.a, 1, 0);            /* the inspector */
		redraw(&f);
		assert_true(text_min_drawn(f.text) >= 18);
		app_fixture_close(&f);
	}
}

/* --scale 1.5 makes every font half as big again; Ctrl - stops at the
** bottom of the range. */
static void scale_grows_text(void **state)
{
	(void)state;
	struct app_fixture f;
	open_at(&f, "crash_isolation", NULL, 50, 1280, 720, NULL, 1.5);
	assert_true(f.a->view.zoom > 1.49 && f.a->view.zoom < 1.51);
	assert_int_equal(text_px(f.text, TEXT_SMALL), 27);
	assert_true(text_min_drawn(f.text) >= 27);
	for (int i = 0; i < 20; i++)
		app_key(f.a, KEY_ZOOM_OUT);
	assert_true(f.a->view.zoom >= RENDER_ZOOM_MIN && f.a->view.zoom < RENDER_ZOOM_MIN + 0.01);
	redraw(&f);
	assert_int_equal(text_px(f.text, TEXT_SMALL), 9);
	app_fixture_close(&f);
}

/* --theme contrast draws the slots in its own colours; T toggles back. */
static void contrast_theme_and_key(void **state)
{
	(void)state;
	struct app_fixture f;
	open_at(&f, "crash_isolation", NULL, 50, 1280, 720, "contrast", 0);
	const struct theme *hc = theme_get(THEME_CONTRAST);
	assert_int_equal(f.a->view.theme, THEME_CONTRAST);
	assert_int_equal(draw_pixel(&f.c, 1, 1), hc->color[TS_PANEL]);     /* the header */
	assert_int_not_equal(draw_pixel(&f.c, 1, 1), DRAW_PANEL);
	app_key(f.a, KEY_THEME);
	redraw(&f);
	assert_int_equal(f.a->view.theme, THEME_DARK);
	assert_int_equal(draw_pixel(&f.c, 1, 1), DRAW_PANEL);
	app_fixture_close(&f);
}

/* CIELAB of an 0xRRGGBB colour (sRGB, D65). */
static void lab(uint32_t c, double out[3])
{
	double rgb[3], xyz[3], f[3];
	for (int i = 0; i < 3; i++) {
		double u = (double)((c >> (16 - 8 * i)) & 0xff) / 255.0;
		rgb[i] = u <= 0.04045 ? u / 12.92 : pow((u + 0.055) / 1.055, 2.4);
	}
	xyz[0] = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
	xyz[1] = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
	xyz[2] = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
	for (int i = 0; i < 3; i++)
		f[i] = xyz[i] > 0.008856 ? cbrt(xyz[i]) : 7.787 * xyz[i] + 16.0 / 116.0;
	out[0] = 116 * f[1] - 16;
	out[1] = 500 * (f[0] - f[1]);
	out[2] = 200 * (f[1] - f[2]);
}

/* CIE76 Delta E: how far apart two colours look (about 2.3: just told apart). */
static double delta_e(uint32_t a, uint32_t b)
{
	double p[3], q[3];
	lab(a, p);
	lab(b, q);
	return sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
	            (p[2] - q[2]) * (p[2] - q[2]));
}

/* No identity colour looks like a colour of an end (a live box like a
** shutdown or a crash), in both themes; and the three ends differ. */
static void identity_colours_are_not_ends(void **state)
{
	(void)state;
	assert_true(delta_e(0xff0072b2, 0xff0072b2) < 0.01);          /* the measure itself */
	assert_true(delta_e(0xff56b4e9, 0xff0072b2) > 20);
	for (int id = 0; id < THEME_COUNT; id++) {
		const struct theme *th = theme_get(id);
		struct draw_canvas c = { .theme = th };
		for (int e = 0; e < END_COUNT; e++) {
			uint32_t ec = draw_color(&c, ghost_end_color((enum ghost_end)e));
			for (int f = e + 1; f < END_COUNT; f++)
				assert_true(delta_e(ec, draw_color(&c, ghost_end_color((enum ghost_end)f))) >=
				            THEME_END_DISTANCE);
			for (uint32_t k = 0; k < THEME_NIDENT; k++) {
				double d = delta_e(theme_ident(th, k), ec);
				if (d < THEME_END_DISTANCE)
					print_error("%s: identity colour %u %08x is %.1f from end %d %08x\n",
					            th->name, k, theme_ident(th, k), d, e, ec);
				assert_true(d >= THEME_END_DISTANCE);
			}
		}
	}
}

/* Every chip of the side areas (waiting, sleeping, dirty, exited) shows
** its process's whole name: the texts drawn from inside it are not cut
** and, joined, hold the name (lessons with long names, at their
** pictures' ticks, both sizes). */
static void chips_show_whole_names(void **state)
{
	(void)state;
	static const struct { const char *name; uint64_t at; } cases[] = {
		{ "restart_intensity", 69 }, { "restart_intensity", 30 }, { "supervisor_tree", 60 },
		{ "graceful_shutdown", 150 }, { "one_slow_request", 120 }, { "timeouts", 65 },
		{ "default", 40 }, { "chat_room", 36 }, { "request_reply", 100 },
	};
	static const int sizes[][2] = { { 1280, 720 }, { 1600, 900 } };
	static struct text_rec rec[4096];
	int chips = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		for (int z = 0; z < 2; z++) {
			struct app_fixture f;
			open_at(&f, cases[i].name, NULL, cases[i].at, sizes[z][0], sizes[z][1], NULL, 0);
			size_t n = 0;
			text_record(f.text, rec, 4096, &n);
			redraw(&f);
			text_record(f.text, NULL, 0, NULL);
			assert_true(n > 0 && n <= 4096);
			for (int h = 0; h < f.r->nhits; h++) {
				const struct render_hit *hit = &f.r->hits[h];
				struct sim_proc_view pv;
				if (hit->kind != HIT_CHIP || !sim_proc_view(f.a->ses[hit->pane].sim, hit->pid, &pv))
					continue;
				char joined[256] = "";
				for (size_t k = 0; k < n; k++) {
					const struct text_rec *t = &rec[k];
					struct lrect b = hit->at;
					if (t->x < b.x || t->x >= b.x + b.w || t->y < b.y || t->y >= b.y + b.h)
						continue;
					if (t->cut)
						print_error("%s at %llu, %dx%d: '%s' cut in its chip\n", cases[i].name,
						            (unsigned long long)cases[i].at, sizes[z][0], sizes[z][1], t->s);
					assert_false(t->cut);
					strncat(joined, t->s, sizeof joined - strlen(joined) - 1);
				}
				if (!strstr(joined, pv.name))
					print_error("%s at %llu: chip of %s says '%s'\n", cases[i].name,
					            (unsigned long long)cases[i].at, pv.name, joined);
				assert_non_null(strstr(joined, pv.name));
				chips++;
			}
			app_fixture_close(&f);
		}
	assert_true(chips > 40);
}

/* pong's box, its Gantt segment and (by the same function) its messages
** share one colour, chosen by its name; its mailbox of 3 is on its box. */
static void identity_colour_and_mailbox(void **state)
{
	(void)state;
	struct app_fixture f;
	open_at(&f, "hello_messages", NULL, 12, 1280, 720, NULL, 0);
	uint32_t pong = pid_of(f.a->ses[0].sim, "pong");
	struct sim_proc_view pv;
	assert_true(sim_proc_view(f.a->ses[0].sim, pong, &pv));
	assert_int_equal(pv.mailbox, 3);
	assert_int_equal(pv.loc.sched, 1);
	uint32_t col = render_ident_color(f.r, &f.a->view, 0, pong);
	assert_int_not_equal(col, render_ident_color(f.r, &f.a->view, 0, pid_of(f.a->ses[0].sim, "ping")));
	const struct layout_pane *p = &f.r->lay.pane[0];
	struct lrect run = p->lane[1].running;
	assert_int_equal(draw_pixel(&f.c, run.x + 3, run.y + run.h / 2), col);
	/* the Gantt row of S2 at tick 1 */
	struct lrect row = p->tl_row[1];
	uint64_t span = 100;
	int x = layout_tick_x(p, 0, span, 1);
	assert_int_equal(draw_pixel(&f.c, x, row.y + 1), col);
	/* the mailbox badge: black, with the digit 3 in white somewhere in it */
	int bx = run.x + run.w - 6, by = run.y + 5;
	assert_int_equal(draw_pixel(&f.c, bx, by), DRAW_BLACK);
	int white = 0, h = text_height(f.text, TEXT_SMALL);
	for (int yy = run.y + 3; yy < run.y + 3 + h; yy++)
		for (int xx = run.x + run.w / 2; xx < run.x + run.w - 3; xx++)
			white += draw_pixel(&f.c, xx, yy) == DRAW_TEXT;
	assert_true(white > 5);
	app_fixture_close(&f);
}

/* Priority is a frame and a badge, not the fill: a low-priority process
** is filled with its identity colour and framed in black. */
static void priority_is_not_the_fill(void **state)
{
	(void)state;
	struct app_fixture f;
	open_at(&f, "priorities", NULL, 111, 1280, 720, NULL, 0);
	uint32_t bg = pid_of(f.a->ses[0].sim, "background");
	assert_true(bg != 0);
	for (int i = 0; i < f.r->nhits; i++) {
		const struct render_hit *h = &f.r->hits[i];
		if (h->pid != bg)
			continue;
		assert_int_equal(draw_pixel(&f.c, h->at.x + 1, h->at.y + h->at.h / 2), DRAW_BLACK);
		assert_int_equal(draw_pixel(&f.c, h->at.x + 4, h->at.y + h->at.h / 2),
		                 render_ident_color(f.r, &f.a->view, 0, bg));
		app_fixture_close(&f);
		return;
	}
	fail_msg("background is not drawn");
}

/* Processes made from one template get different colours: the handlers
** h_1 .. h_8 of crash_isolation are all told apart, none is the crash
** colour, and the colours are the same in a second render of the run. */
static void template_names_differ_in_colour(void **state)
{
	(void)state;
	struct app_fixture f;
	open_at(&f, "crash_isolation", NULL, 50, 1280, 720, NULL, 0);
	uint32_t seen[8];
	for (int i = 0; i < 8; i++) {
		char name[16];
		snprintf(name, sizeof name, "h_%d", i + 1);
		uint32_t pid = pid_of(f.a->ses[0].sim, name);
		assert_true(pid != 0);
		seen[i] = render_ident_color(f.r, &f.a->view, 0, pid);
		for (int k = 0; k < i; k++)
			assert_int_not_equal(seen[k], seen[i]);
		assert_int_not_equal(seen[i], DRAW_CRASH);
	}
	struct render *again = render_create(f.text);
	assert_non_null(again);
	assert_int_equal(render_ident_color(again, &f.a->view, 0, pid_of(f.a->ses[0].sim, "h_8")), seen[7]);
	render_destroy(again);
	app_fixture_close(&f);
}

/* The mouse over a box shows a label framed in the process's identity
** colour, with its full name; away from boxes there is none. */
static void hover_label(void **state)
{
	(void)state;
	struct app_fixture f;
	open_at(&f, "hello_messages", NULL, 12, 1280, 720, NULL, 0);
	struct lrect run = f.r->lay.pane[0].lane[1].running;
	uint32_t pong = pid_of(f.a->ses[0].sim, "pong");
	uint32_t col = render_ident_color(f.r, &f.a->view, 0, pong);
	int hx = run.x + run.w - 4, hy = run.y + run.h - 4;
	int lx = hx + 16, ly = hy + 20;                          /* render_hover's offsets */
	uint32_t before = draw_pixel(&f.c, lx, ly);
	assert_int_equal(before, DRAW_PANEL);                    /* the lane, outside the box */
	f.a->view.hover_x = hx;
	f.a->view.hover_y = hy;
	redraw(&f);
	assert_int_not_equal(before, col);
	assert_int_equal(draw_pixel(&f.c, lx, ly), col);
	f.a->view.hover_x = 2;                                    /* over the header */
	f.a->view.hover_y = 2;
	redraw(&f);
	assert_int_equal(draw_pixel(&f.c, lx, ly), before);
	app_fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_text_18px_at_1280x720),
		cmocka_unit_test(scale_grows_text),
		cmocka_unit_test(contrast_theme_and_key),
		cmocka_unit_test(identity_colour_and_mailbox),
		cmocka_unit_test(identity_colours_are_not_ends),
		cmocka_unit_test(chips_show_whole_names),
		cmocka_unit_test(priority_is_not_the_fill),
		cmocka_unit_test(template_names_differ_in_colour),
		cmocka_unit_test(hover_label),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
