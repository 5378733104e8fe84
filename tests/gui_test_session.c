/* gui_test_session.c - the Gantt history of a session stays within its
** budget on long runs, while the runs the timeline draws (the view window
** before the position) stay exact: forwards, stepping back past what was
** dropped (rebuilt by replay), and forwards again; the drawn timeline is
** pixel for pixel that of a fresh session; no lesson drops anything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gui_support.h"
#include "support.h"

/* About 0.55 runs per tick on 2 schedulers: forever. */
static const char forever[] =
	"{\"config\":{\"schedulers\":2,\"slice\":5},\"processes\":[{\"name\":\"w\",\"count\":3,"
	"\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":[{\"op\":\"work\",\"reductions\":7},"
	"{\"op\":\"sleep\",\"ticks\":2}]}]}]}";

#define BUDGET 8192u          /* runs; the view window holds about 3,400 */
#define TICKS 60000u

static uint64_t view_start(uint64_t now)
{
	return now > SESSION_VIEW_TICKS ? now - SESSION_VIEW_TICKS : 0;
}

/* The runs of `s` ending in (now - SESSION_VIEW_TICKS, now] (what the
** timeline may draw at tick now) are exactly those of `ref`, an unbounded
** history that has reached tick now or beyond. */
static void assert_view_exact(const struct session *s, const struct session *ref)
{
	uint64_t now = sim_now(s->sim);
	assert_true(s->runs_from <= view_start(now) + 1);
	size_t i = session_runs_after(s, view_start(now));
	size_t j = session_runs_after(ref, view_start(now));
	size_t jend = session_runs_after(ref, now);
	assert_true(jend - j > 100);                        /* the window is not empty */
	assert_int_equal(s->nruns - i, jend - j);
	for (; i < s->nruns; i++, j++) {
		assert_int_equal(s->runs[i].start, ref->runs[j].start);
		assert_int_equal(s->runs[i].end, ref->runs[j].end);
		assert_int_equal(s->runs[i].pid, ref->runs[j].pid);
		assert_int_equal(s->runs[i].sched, ref->runs[j].sched);
	}
}

/* At most the budget, or (a budget smaller than the view window) the
** view window and the runs of one more tick. */
static void assert_within_budget(const struct session *s)
{
	size_t in_view = s->nruns - session_runs_after(s, view_start(sim_now(s->sim)));
	size_t most = s->runs_budget > in_view + 2 ? s->runs_budget : in_view + 2;
	assert_true(s->nruns <= most);
	size_t cap = 64;
	while (cap < most)
		cap *= 2;
	assert_true(session_history_bytes(s) <= cap * sizeof(struct gantt_run));
}

static void bounded_and_exact(size_t budget, uint32_t backs)
{
	static struct session s, ref;
	session_open_text(&s, forever);
	session_open_text(&ref, forever);
	s.runs_budget = budget;
	for (uint32_t k = 0; k < TICKS; k++) {
		assert_true(session_step(&s));
		assert_true(session_step(&ref));
		assert_within_budget(&s);
	}
	/* the unbounded history is long; the bounded one dropped runs */
	assert_true(ref.nruns > 3 * BUDGET);             /* several budgets long */
	assert_int_equal(ref.runs_from, 0);
	assert_true(s.runs_from > 0);
	assert_view_exact(&s, &ref);

	/* back, past what was dropped: the window is rebuilt, exactly */
	uint64_t lowest_from = s.runs_from;
	bool rebuilt = false;
	for (uint32_t k = 0; k < backs; k++) {
		assert_true(session_back(&s));
		assert_within_budget(&s);
		assert_view_exact(&s, &ref);
		if (s.runs_from < lowest_from) {
			rebuilt = true;
			lowest_from = s.runs_from;
		}
	}
	assert_true(rebuilt);
	/* and forwards again over the same ticks */
	for (uint32_t k = 0; k < backs; k++) {
		assert_true(session_step(&s));
		assert_within_budget(&s);
	}
	assert_view_exact(&s, &ref);
	session_free(&s);
	session_free(&ref);
}

static void history_is_bounded_and_exact_near_the_playhead(void **state)
{
	(void)state;
	bounded_and_exact(BUDGET, 3 * SESSION_VIEW_TICKS);
}

/* A budget smaller than the view window: the window is kept whole (and
** each step back rebuilds it: few of them). */
static void view_window_is_kept_whatever_the_budget(void **state)
{
	(void)state;
	bounded_and_exact(1024, 40);
}

/* Renders session s into a fresh 1600x900 pixel buffer and returns it (to
** free); the timeline rectangle of pane 0 in *tl. */
static uint32_t *render_session(struct session *s, struct text *t, struct lrect *tl)
{
	static struct anim an;
	anim_init(&an);
	static struct render_view v;
	view_one_pane(&v, s, &an);
	struct render *r = render_create(t);
	assert_non_null(r);
	uint32_t *px;
	struct draw_canvas c;
	canvas_open(&px, &c);
	render_frame(r, &c, &v);
	*tl = r->lay.pane[0].timeline;
	render_destroy(r);
	anim_free(&an);
	return px;
}

/* After a long run and a step back into the dropped history, the timeline
** drawn is the one of a session that went straight to that position. */
static void timeline_after_rebuild_is_pixel_identical(void **state)
{
	(void)state;
	static struct session s, fresh;
	session_open_text(&s, forever);
	s.runs_budget = BUDGET;
	for (uint32_t k = 0; k < TICKS; k++)
		assert_true(session_step(&s));
	uint64_t from = s.runs_from;
	while (s.runs_from >= from)          /* back until a rebuild happened */
		assert_true(session_back(&s));
	for (int k = 0; k < 100; k++)
		assert_true(session_back(&s));
	session_open_text(&fresh, forever);
	while (fresh.pos < s.pos)
		assert_true(session_step(&fresh));
	assert_int_equal(sim_now(fresh.sim), sim_now(s.sim));

	struct text *t = text_create();
	assert_non_null(t);
	struct lrect a, b;
	uint32_t *sa = render_session(&s, t, &a);
	uint32_t *sb = render_session(&fresh, t, &b);
	assert_memory_equal(&a, &b, sizeof a);
	assert_true(a.w > 100 && a.h > 20);
	size_t colours = 0;
	uint32_t last = 0;
	for (int y = a.y; y < a.y + a.h; y++) {
		const uint32_t *pa = sa + (size_t)y * 1600, *pb = sb + (size_t)y * 1600;
		assert_memory_equal(pa + a.x, pb + a.x, (size_t)a.w * sizeof *pa);
		for (int x = a.x; x < a.x + a.w; x++)
			if (pa[x] != last) {
				colours++;
				last = pa[x];
			}
	}
	assert_true(colours > 50);            /* the timeline has runs drawn in it */
	free(sa);
	free(sb);
	text_destroy(t);
	session_free(&s);
	session_free(&fresh);
}

/* One lesson runs to its end (at most 200,000 steps) and keeps its whole
** history. */
static void lesson_keeps_history(const char *path)
{
	sim_scenario *scn = load_path(path);
	struct sim_config cfg = sim_scenario_config(scn);
	struct session s;
	assert_true(session_init(&s, scn, &cfg, strrchr(path, '/') + 1));
	for (int k = 0; k < 200000 && session_step(&s); k++)
		;
	if (s.runs_from != 0 || s.nruns == 0)
		print_error("%s: runs_from %llu, %zu runs\n", path, (unsigned long long)s.runs_from,
		            s.nruns);
	assert_int_equal(s.runs_from, 0);
	assert_true(s.nruns > 0);
	session_free(&s);
}

/* No lesson comes near the default budget: their history is never
** trimmed, so they look as they did with an unbounded one. */
static void lessons_keep_their_whole_history(void **state)
{
	(void)state;
	assert_true(for_each_scenario(lesson_keeps_history, NULL) >= 27);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(history_is_bounded_and_exact_near_the_playhead),
		cmocka_unit_test(view_window_is_kept_whatever_the_budget),
		cmocka_unit_test(timeline_after_rebuild_is_pixel_identical),
		cmocka_unit_test(lessons_keep_their_whole_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
