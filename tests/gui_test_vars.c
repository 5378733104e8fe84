/* gui_test_vars.c - the inspector shows a process's variables (format
** 1.1 state) and puts the ones a `set` wrote in the tick shown on a green
** band: checked row by row against the engine's own view of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gui_support.h"
#include "render.h"

/* keeper sets n in tick 3 and who in tick 7; an unchanged `tag` stays. */
static const char scenario[] =
	"{\"format\":1.1,\"config\":{\"schedulers\":1,\"slice\":20},\"processes\":["
	"{\"name\":\"keeper\",\"state\":{\"n\":0,\"who\":\"nobody\",\"tag\":\"t\"},\"program\":["
	"{\"op\":\"work\",\"reductions\":3},"
	"{\"op\":\"set\",\"var\":\"n\",\"value\":5},"
	"{\"op\":\"work\",\"reductions\":3},"
	"{\"op\":\"set\",\"var\":\"who\",\"value\":\"$self\"},"
	"{\"op\":\"receive\"}]}]}";

/* The rows of the inspector rect ir that are green across most of its
** width (the bands): their first y in ys, their count returned. */
static int bands(const struct draw_canvas *c, struct lrect ir, int *ys, int max)
{
	int n = 0;
	bool in = false;
	for (int y = ir.y; y < ir.y + ir.h; y++) {
		int green = 0;
		for (int x = ir.x; x < ir.x + ir.w; x++)
			green += draw_pixel(c, x, y) == DRAW_GREEN;
		bool band = green > ir.w / 2;
		if (band && !in && n < max)
			ys[n++] = y;
		in = band;
	}
	return n;
}

/* The session at tick `at` with keeper selected, one frame drawn. */
static void draw_at(struct pane_fixture *f, uint64_t at)
{
	session_seek(&f->ses, at);
	assert_int_equal(sim_now(f->ses.sim), at);
	render_frame(f->r, &f->c, &f->view);
}

/* The text "NAME = VALUE" of var v drawn black on green at (x, y) alone
** is the same, pixel for pixel, as what the frame has there. */
static void band_says(struct pane_fixture *f, const struct sim_var_view *v, int x, int y)
{
	char line[160];
	snprintf(line, sizeof line, "%s = %s", v->name, v->value);
	int w = text_width(f->text, TEXT_MONO, line), h = text_height(f->text, TEXT_SMALL);
	assert_true(w > 0);
	uint32_t *px;
	struct draw_canvas g;
	canvas_open(&px, &g);
	draw_clear(&g, DRAW_GREEN);
	text_draw(f->text, &g, TEXT_MONO, x, y, DRAW_BLACK, line, 0);
	int diff = 0, ink = 0;
	for (int yy = y; yy < y + h; yy++)
		for (int xx = x; xx < x + w; xx++) {
			diff += draw_pixel(&f->c, xx, yy) != draw_pixel(&g, xx, yy);
			ink += draw_pixel(&g, xx, yy) != DRAW_GREEN;
		}
	free(px);
	assert_true(ink > 10);
	assert_int_equal(diff, 0);
}

static void changed_variables_are_on_a_band(void **state)
{
	(void)state;
	static struct pane_fixture f;
	memset(&f, 0, sizeof f);
	session_open_text(&f.ses, scenario);
	pane_fixture_start(&f, GUI_TEST_W, GUI_TEST_H);
	if (text_error(f.text)) {          /* no font: the rows cannot be read */
		pane_fixture_close(&f);
		fail_msg("no font to draw the inspector with");
	}
	f.view.selected = 1;
	struct sim_var_view v[4];
	int ys[4], lh = text_height(f.text, TEXT_SMALL);

	/* tick 3 ran the first set: n's row, and only it, is on a band */
	draw_at(&f, 4);
	struct lrect ir = panels_inspector_rect(&f.r->lay.pane[0]);   /* laid out by the frame */
	assert_int_equal(draw_pixel(&f.c, ir.x, ir.y + ir.h / 2), DRAW_YELLOW);
	assert_int_equal(sim_proc_vars(f.ses.sim, 1, v, 4), 3);
	assert_string_equal(v[0].name, "n");
	assert_string_equal(v[0].value, "5");
	assert_true(v[0].set);
	assert_int_equal(v[0].changed_tick, 3);
	assert_false(v[1].set);
	assert_false(v[2].set);
	assert_int_equal(bands(&f.c, ir, ys, 4), 1);
	int n_row = ys[0];
	band_says(&f, &v[0], ir.x + 20, n_row);

	/* the next tick changed nothing: no band, n still shows 5 */
	draw_at(&f, 5);
	assert_int_equal(bands(&f.c, ir, ys, 4), 0);

	/* tick 7 set who to keeper's own pid: the band is one row lower */
	draw_at(&f, 8);
	assert_int_equal(sim_proc_vars(f.ses.sim, 1, v, 4), 3);
	assert_string_equal(v[1].name, "who");
	assert_non_null(strstr(v[1].value, "keeper"));
	assert_int_equal(v[1].changed_tick, 7);
	assert_int_equal(bands(&f.c, ir, ys, 4), 1);
	assert_int_equal(ys[0], n_row + lh);
	band_says(&f, &v[1], ir.x + 20, ys[0]);
	pane_fixture_close(&f);
}

/* A format-1 process has no state: nothing about variables is drawn, and
** the view says so. */
static void no_state_no_rows(void **state)
{
	(void)state;
	static struct pane_fixture f;
	memset(&f, 0, sizeof f);
	session_open_text(&f.ses, "{\"processes\":[{\"name\":\"p\",\"program\":"
	                          "[{\"op\":\"work\",\"reductions\":9}]}]}");
	pane_fixture_start(&f, GUI_TEST_W, GUI_TEST_H);
	f.view.selected = 1;
	draw_at(&f, 4);
	struct sim_var_view v[1];
	assert_int_equal(sim_proc_vars(f.ses.sim, 1, v, 1), 0);
	int ys[1];
	assert_int_equal(bands(&f.c, panels_inspector_rect(&f.r->lay.pane[0]), ys, 1), 0);
	pane_fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(changed_variables_are_on_a_band),
		cmocka_unit_test(no_state_no_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
