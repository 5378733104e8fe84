/* gui_test_render.c - renders known engine states into a software surface
** (no window, no display) and checks the pixels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gui_support.h"

static void open_scenario(struct pane_fixture *f, const char *json, uint64_t at)
{
	memset(f, 0, sizeof *f);
	session_open_text(&f->ses, json);
	session_seek(&f->ses, at);
	pane_fixture_start(f, GUI_TEST_W, GUI_TEST_H);
	render_frame(f->r, &f->c, &f->view);
}

static void crashed_process_is_crash_coloured(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_scenario(&f, "{\"config\":{\"schedulers\":2,\"slice\":20},\"processes\":["
	                  "{\"name\":\"ok\",\"program\":[{\"op\":\"work\",\"reductions\":200}]},"
	                  "{\"name\":\"bad\",\"program\":[{\"op\":\"work\",\"reductions\":5},"
	                  "{\"op\":\"crash\",\"reason\":\"badarith\"}]}]}", 30);
	const struct layout_pane *p = &f.r->lay.pane[0];
	struct lrect chip = layout_area_chip(p, AREA_EXITED, 0);
	assert_int_equal(draw_pixel(&f.c, chip.x + 2, chip.y + 2), DRAW_CRASH);
	assert_int_equal(draw_pixel(&f.c, chip.x + chip.w - 3, chip.y + chip.h - 3), DRAW_CRASH);
	/* the survivor runs on, drawn in its identity colour, not red */
	struct lrect run = p->lane[0].running;
	uint32_t px = draw_pixel(&f.c, run.x + 4, run.y + 4);
	struct sim_sched_view sv;
	sim_sched_view(f.ses.sim, 0, &sv);
	assert_int_not_equal(px, DRAW_CRASH);
	assert_int_equal(px, render_ident_color(f.r, &f.view, 0, sv.running));
	pane_fixture_close(&f);
}

static void n_lanes_drawn(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_scenario(&f, "{\"config\":{\"schedulers\":4},\"processes\":["
	                  "{\"name\":\"w\",\"count\":6,\"program\":[{\"op\":\"work\",\"reductions\":50}]}]}",
	              3);
	const struct layout_pane *p = &f.r->lay.pane[0];
	assert_int_equal(p->nlanes, 4);
	for (int i = 0; i < 4; i++) {
		const struct lrect *row = &p->lane[i].row;
		assert_int_equal(draw_pixel(&f.c, row->x + row->w - 3, row->y + 2), DRAW_PANEL);
		/* every lane has a running process */
		const struct lrect *run = &p->lane[i].running;
		struct sim_sched_view sv;
		sim_sched_view(f.ses.sim, (uint32_t)i, &sv);
		assert_true(sv.running != 0);
		assert_int_equal(draw_pixel(&f.c, run->x + 4, run->y + 4),
		                 render_ident_color(f.r, &f.view, 0, sv.running));
	}
	/* nothing below the fourth lane */
	const struct lrect *last = &p->lane[3].row;
	assert_int_equal(draw_pixel(&f.c, last->x + 5, last->y + last->h + 8), DRAW_BG);
	pane_fixture_close(&f);
}

static void idle_scheduler_row_is_empty(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_scenario(&f, "{\"config\":{\"schedulers\":2,\"balance\":\"none\",\"slice\":10},"
	                  "\"processes\":[{\"name\":\"a\",\"scheduler\":1,\"program\":"
	                  "[{\"op\":\"work\",\"reductions\":100}]}]}", 50);
	const struct layout_pane *p = &f.r->lay.pane[0];
	int busy = 0, other = 0;
	for (int row = 0; row < 2; row++) {
		const struct lrect *tr = &p->tl_row[row];
		for (int x = tr->x; x < tr->x + tr->w; x += 2) {
			uint32_t px = draw_pixel(&f.c, x, tr->y + tr->h / 2);
			if (px == DRAW_TEXT)
				continue;              /* the playhead */
			if (row == 0 && px != DRAW_BG)
				busy++;
			if (row == 1 && px != DRAW_BG)
				other++;
		}
	}
	assert_true(busy > 10);
	assert_int_equal(other, 0);
	pane_fixture_close(&f);
}

static void queue_beyond_room_is_summarised(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_scenario(&f, "{\"config\":{\"schedulers\":1,\"balance\":\"none\"},\"processes\":["
	                  "{\"name\":\"w\",\"count\":500,\"program\":[{\"op\":\"work\",\"reductions\":5}]}]}",
	              1);
	const struct layout_lane *ln = &f.r->lay.pane[0].lane[0];
	size_t more;
	int shown = layout_queue_shown(ln, 499, &more);
	assert_true(more > 400);
	struct lrect box = layout_queue_slot(ln, shown);
	/* the "+ N more" box: framed in the dim colour */
	assert_int_equal(draw_pixel(&f.c, box.x, box.y + box.h / 2), DRAW_DIM);
	pane_fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crashed_process_is_crash_coloured),
		cmocka_unit_test(n_lanes_drawn),
		cmocka_unit_test(idle_scheduler_row_is_empty),
		cmocka_unit_test(queue_beyond_room_is_summarised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
