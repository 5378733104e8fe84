/* gui_test_layout.c - the GUI's layout, computed without a window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout.h"

static int overlap(struct lrect a, struct lrect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static int inside(struct lrect in, struct lrect out)
{
	return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
	       in.y + in.h <= out.y + out.h;
}

static void lanes_count_and_stack(void **state)
{
	(void)state;
	static struct layout l;
	for (uint32_t n = 1; n <= 8; n++) {
		uint32_t ns[2] = { n, n };
		layout_compute(&l, 1600, 900, 1.0, 1, ns);
		assert_int_equal(l.pane[0].nlanes, (int)n);
		for (uint32_t i = 0; i < n; i++) {
			const struct layout_lane *ln = &l.pane[0].lane[i];
			assert_true(inside(ln->row, l.pane[0].lanes));
			assert_true(inside(ln->running, ln->row));
			assert_false(overlap(ln->running, ln->queue));
			assert_true(ln->nslots >= 4);
			if (i > 0)
				assert_false(overlap(ln->row, l.pane[0].lane[i - 1].row));
			assert_true(inside(l.pane[0].tl_row[i], l.pane[0].plot));
		}
		assert_false(overlap(l.pane[0].lanes, l.pane[0].side));
		assert_false(overlap(l.pane[0].lanes, l.pane[0].timeline));
		assert_false(overlap(l.header, l.caption));
	}
}

static void queue_summarised(void **state)
{
	(void)state;
	static struct layout l;
	uint32_t ns[2] = { 8, 8 };
	layout_compute(&l, 1600, 900, 1.0, 1, ns);
	const struct layout_lane *ln = &l.pane[0].lane[0];
	size_t more;
	assert_int_equal(layout_queue_shown(ln, 3, &more), 3);
	assert_int_equal(more, 0);
	assert_int_equal(layout_queue_shown(ln, (size_t)ln->nslots, &more), ln->nslots);
	assert_int_equal(more, 0);
	int shown = layout_queue_shown(ln, 10000, &more);
	assert_int_equal(shown, ln->nslots - 1);
	assert_int_equal(more, 10000 - (size_t)(ln->nslots - 1));
	/* the "+ N more" box (slot `shown`) stays inside the lane */
	assert_true(inside(layout_queue_slot(ln, shown), ln->row));
	for (int i = 1; i <= shown; i++)
		assert_false(overlap(layout_queue_slot(ln, i - 1), layout_queue_slot(ln, i)));
}

static void areas_and_chips(void **state)
{
	(void)state;
	static struct layout l;
	uint32_t ns[2] = { 2, 2 };
	layout_compute(&l, 1600, 900, 1.0, 1, ns);
	const struct layout_pane *p = &l.pane[0];
	for (int a = 0; a < AREA_COUNT; a++) {
		int cap = layout_area_capacity(p, (enum layout_area)a);
		assert_true(cap >= 2);
		for (int i = 0; i < cap; i++)
			assert_true(inside(layout_area_chip(p, (enum layout_area)a, i), p->area[a]));
		size_t more;
		assert_int_equal(layout_area_shown(p, (enum layout_area)a, (size_t)cap + 5, &more), cap - 1);
		assert_int_equal(more, 6);
		if (a > 0)
			assert_false(overlap(p->area[a], p->area[a - 1]));
	}
	assert_false(overlap(p->sup, p->area[AREA_EXITED]));
}

static void tall_lanes_wrap_their_queue(void **state)
{
	(void)state;
	static struct layout l;
	uint32_t ns[2] = { 1, 4 };
	layout_compute(&l, 1600, 900, 1.0, 2, ns);
	const struct layout_lane *ln = &l.pane[0].lane[0];
	/* one scheduler: its lane takes the height and the queue wraps */
	assert_true(ln->row.h > 3 * l.pane[1].lane[0].row.h);
	assert_true(ln->rows >= 3);
	assert_int_equal(ln->nslots, ln->rows * ln->cols);
	for (int i = 0; i < ln->nslots; i++) {
		assert_true(inside(layout_queue_slot(ln, i), ln->row));
		assert_false(overlap(layout_queue_slot(ln, i), ln->running));
		if (i > 0)
			assert_false(overlap(layout_queue_slot(ln, i - 1), layout_queue_slot(ln, i)));
	}
	/* compare panes leave the lanes most of the width */
	assert_true(l.pane[0].lanes.w > 2 * l.pane[0].side.w);
}

static void side_areas_fit_their_content(void **state)
{
	(void)state;
	static struct layout l;
	uint32_t ns[2] = { 2, 2 };
	for (int w = 1280; w <= 1600; w += 320) {
		layout_compute(&l, w, w * 9 / 16, 1.0, 1, ns);
		struct layout_pane *p = &l.pane[0];
		size_t count[AREA_COUNT] = { 0, 30, 0, 2 };
		layout_side_fit(p, count, 6, 20);
		assert_int_equal(p->area[AREA_WAITING].h, p->area_title_h);   /* empty: a title */
		assert_int_equal(p->area[AREA_DIRTY].h, p->area_title_h);
		for (int a = 0; a < AREA_COUNT; a++) {
			assert_true(inside(p->area[a], p->side));
			if (a > 0)
				assert_false(overlap(p->area[a], p->area[a - 1]));
			int cap = layout_area_capacity(p, (enum layout_area)a);
			assert_true((size_t)cap >= count[a] || a == AREA_SLEEPING);
			for (int i = 0; i < cap; i++)
				assert_true(inside(layout_area_chip(p, (enum layout_area)a, i), p->area[a]));
		}
		assert_true(layout_area_capacity(p, AREA_SLEEPING) >= 2);
		assert_true(inside(p->sup, p->side));
		assert_true(p->sup.h >= 6 * 20);
		assert_false(overlap(p->sup, p->area[AREA_EXITED]));
		/* more than fits: every area keeps its title and a row */
		size_t many[AREA_COUNT] = { 5000, 5000, 5000, 5000 };
		layout_side_fit(p, many, 500, 20);
		for (int a = 0; a < AREA_COUNT; a++) {
			assert_true(layout_area_capacity(p, (enum layout_area)a) >= 1);
			assert_true(inside(p->area[a], p->side));
		}
	}
}

static void compare_panes_side_by_side(void **state)
{
	(void)state;
	static struct layout l;
	uint32_t ns[2] = { 1, 4 };
	layout_compute(&l, 1600, 900, 1.0, 2, ns);
	assert_int_equal(l.npanes, 2);
	assert_int_equal(l.pane[0].nlanes, 1);
	assert_int_equal(l.pane[1].nlanes, 4);
	assert_false(overlap(l.pane[0].pane, l.pane[1].pane));
	assert_false(overlap(l.pane[0].lanes, l.pane[1].lanes));
	assert_false(overlap(l.pane[0].timeline, l.pane[1].timeline));
}

static void zoom_scales_fonts_and_playhead(void **state)
{
	(void)state;
	static struct layout a, b;
	uint32_t ns[2] = { 2, 2 };
	layout_compute(&a, 1600, 900, 1.0, 1, ns);
	layout_compute(&b, 1600, 900, 1.5, 1, ns);
	assert_true(b.font_px[0] > a.font_px[0]);
	const struct layout_pane *p = &a.pane[0];
	assert_int_equal(layout_tick_x(p, 0, 100, 0), p->plot.x);
	assert_int_equal(layout_tick_x(p, 0, 100, 100), p->plot.x + p->plot.w);
	assert_int_equal(layout_tick_x(p, 0, 100, 50), p->plot.x + p->plot.w / 2);
}

/* Lanes fit their content: a lane that never holds more than a few
** boxes gives its empty columns to the side panel (at most half the
** pane), and still has a slot for each of them; a full queue keeps the
** default split. */
static void lanes_fit_their_content(void **state)
{
	(void)state;
	static struct layout base, fitted, full;
	for (uint32_t n = 1; n <= 2; n++) {
		uint32_t ns[2] = { n, n };
		struct layout_fit few[2] = { { 3, false, 0, 0 }, { 3, false, 0, 0 } };
		struct layout_fit many[2] = { { 100000, false, 0, 0 }, { 100000, false, 0, 0 } };
		layout_compute(&base, 1280, 720, 1.0, 1, ns);
		layout_compute_fit(&fitted, 1280, 720, 1.0, 1, ns, few, 0);
		layout_compute_fit(&full, 1280, 720, 1.0, 1, ns, many, 0);
		const struct layout_pane *b = &base.pane[0], *f = &fitted.pane[0];
		assert_true(f->side.w > b->side.w + 100);
		assert_true(f->side.w <= f->pane.w / 2);
		assert_true(f->lanes.w < b->lanes.w);
		assert_false(overlap(f->lanes, f->side));
		assert_true(inside(f->side, f->pane));
		for (int i = 0; i < f->nlanes; i++) {
			assert_true(f->lane[i].nslots >= 4);
			assert_int_equal(f->lane[i].slot_w, b->lane[i].slot_w);   /* boxes keep their size */
		}
		assert_int_equal(full.pane[0].side.w, b->side.w);
		assert_int_equal(full.pane[0].lanes.w, b->lanes.w);
	}
}

/* A taller caption (a lesson's long note) pushes the panes down by as
** much, at most to a sixth of the window; a smaller one changes nothing. */
static void caption_grows_for_long_notes(void **state)
{
	(void)state;
	static struct layout base, tall, huge, small;
	uint32_t ns[2] = { 2, 2 };
	layout_compute(&base, 1280, 720, 1.0, 1, ns);
	layout_compute_fit(&tall, 1280, 720, 1.0, 1, ns, NULL, base.caption.h + 21);
	layout_compute_fit(&huge, 1280, 720, 1.0, 1, ns, NULL, 400);
	layout_compute_fit(&small, 1280, 720, 1.0, 1, ns, NULL, base.caption.h - 10);
	assert_int_equal(tall.caption.h, base.caption.h + 21);
	assert_int_equal(tall.pane[0].pane.y, base.pane[0].pane.y + 21);
	assert_int_equal(huge.caption.h, 720 / 6);
	assert_int_equal(small.caption.h, base.caption.h);
	assert_int_equal(small.pane[0].pane.y, base.pane[0].pane.y);
	assert_false(overlap(tall.caption, tall.pane[0].lanes));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lanes_fit_their_content),
		cmocka_unit_test(lanes_count_and_stack),
		cmocka_unit_test(queue_summarised),
		cmocka_unit_test(areas_and_chips),
		cmocka_unit_test(tall_lanes_wrap_their_queue),
		cmocka_unit_test(side_areas_fit_their_content),
		cmocka_unit_test(compare_panes_side_by_side),
		cmocka_unit_test(zoom_scales_fonts_and_playhead),
		cmocka_unit_test(caption_grows_for_long_notes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
