/*
** test_chart.c - the sequence chart's model and layout (chart/chart.h),
** without SDL: each test runs a scenario, records its chart and checks the
** chart against what the events and views of that same run say (counted
** here, independently of the chart).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "support.h"

/* What a run did, counted from its events. */
struct tally {
	struct chart *c;
	uint64_t from, to;
	size_t sends;              /* SEND events with from <= tick <= to */
	uint64_t restart_tick;     /* tick of the last RESTART */
	uint32_t restart_pid;      /* its new pid */
};

static void feed(const sim *s, struct tally *t)
{
	size_t n;
	const struct sim_event *ev = sim_events(s, &n);
	assert_true(chart_record(t->c, s, ev, n));
	for (size_t i = 0; i < n; i++) {
		t->sends += ev[i].type == SIM_EV_SEND && ev[i].tick >= t->from && ev[i].tick <= t->to;
		if (ev[i].type == SIM_EV_RESTART) {
			t->restart_tick = ev[i].tick;
			t->restart_pid = ev[i].other;
		}
	}
}

/* Runs scn to its end recording [from, to]; the caller destroys both. */
static sim *run_chart(const sim_scenario *scn, struct tally *t, uint64_t from, uint64_t to)
{
	struct sim_config cfg = sim_scenario_config(scn);
	memset(t, 0, sizeof *t);
	t->from = from;
	t->to = to;
	assert_non_null(t->c = chart_create(from, to));
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	feed(s, t);
	while (sim_end_state(s) == SIM_END_NONE) {
		sim_step(s);
		feed(s, t);
	}
	assert_true(chart_finish(t->c, s));
	return s;
}

static sim_scenario *lesson(const char *file)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", SCENARIO_DIR, file);
	return load_path(path);
}

static size_t count_kind(const struct chart_layout *l, enum chart_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < l->narrows; i++)
		n += l->c->arrows[l->arrows[i]].kind == k;
	return n;
}

static void layout_ok(struct chart_layout *l, const struct chart *c, const struct chart_opts *o)
{
	char err[256] = "";
	enum sim_status st = chart_layout_create(l, c, o, err, sizeof err);
	if (st != SIM_OK)
		fail_msg("layout: status %d: %s", (int)st, err);
}

/* One run of a scenario, its chart and a default layout of all of it. */
struct fx {
	sim_scenario *scn;
	sim *s;
	struct tally t;
	struct chart_layout l;
	struct chart_opts o;
};

static void fx_open(struct fx *x, sim_scenario *scn)
{
	x->scn = scn;
	x->s = run_chart(scn, &x->t, 0, UINT64_MAX);
	chart_opts_default(&x->o);
	layout_ok(&x->l, x->t.c, &x->o);
}

static void fx_close(struct fx *x)
{
	chart_layout_free(&x->l);
	chart_destroy(x->t.c);
	sim_destroy(x->s);
	sim_scenario_free(x->scn);
}

/* {=== tests ===} */

/* One message arrow per SEND in the range, whatever the range. */
static void arrow_per_message(void **state)
{
	(void)state;
	static const uint64_t ranges[][2] = { { 0, UINT64_MAX }, { 30, 60 }, { 3, 3 }, { 66, 1000 } };
	sim_scenario *scn = lesson("hello_messages.json");
	for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++) {
		struct tally t;
		struct chart_layout l;
		struct chart_opts o;
		sim *s = run_chart(scn, &t, ranges[r][0], ranges[r][1]);
		chart_opts_default(&o);
		o.from = ranges[r][0];
		o.to = ranges[r][1];
		layout_ok(&l, t.c, &o);
		assert_int_equal(count_kind(&l, CHART_MSG), t.sends);
		for (size_t i = 0; i < l.narrows; i++) {   /* each arrow from its sender's column */
			const struct chart_arrow *a = &t.c->arrows[l.arrows[i]];
			assert_true(a->t0 >= o.from && a->t0 <= o.to);
			assert_true(chart_layout_col(&l, a->from) >= 0 && chart_layout_col(&l, a->to) >= 0);
			assert_true(l.ay0[i] <= l.ay1[i]);
		}
		if (r == 0) {
			struct sim_totals tot;
			sim_totals(s, &tot);
			assert_int_equal(count_kind(&l, CHART_MSG), tot.sent);
			assert_int_equal(l.ncols, 2);   /* ping, pong */
		}
		chart_layout_free(&l);
		chart_destroy(t.c);
		sim_destroy(s);
	}
	sim_scenario_free(scn);
}

/* Every line ends at its process's exit tick (the views say which), with
** its reason; the exit signals run from each dead process to the next. */
static void line_ends_at_exit(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, lesson("links_propagate.json"));
	assert_int_equal(x.l.ncols, sim_proc_count(x.s));
	for (uint32_t pid = 1; pid <= sim_proc_count(x.s); pid++) {
		struct sim_proc_view v;
		assert_true(sim_proc_view(x.s, pid, &v));
		const struct chart_line *ln = chart_line_of(x.t.c, pid);
		assert_non_null(ln);
		assert_string_equal(ln->name, v.name);
		assert_int_equal(ln->exit_tick, v.exit_tick);
		assert_string_equal(ln->reason, v.exit_reason);
		const struct chart_col *col = &x.l.cols[chart_layout_col(&x.l, pid)];
		assert_int_equal(col->t1, v.exit_tick);
		assert_true(chart_layout_y_end(&x.l, col->t1) >= chart_layout_y(&x.l, col->t0));
	}
	assert_int_equal(count_kind(&x.l, CHART_SIGNAL), 4);   /* a-b, b-c, c-d, d-e */
	assert_int_equal(count_kind(&x.l, CHART_LINK), 4);
	for (size_t i = 0; i < x.l.narrows; i++) {
		const struct chart_arrow *a = &x.t.c->arrows[x.l.arrows[i]];
		if (a->kind == CHART_SIGNAL) {
			assert_int_equal(a->t0, chart_line_of(x.t.c, a->from)->exit_tick);
			assert_int_equal(a->t1, chart_line_of(x.t.c, a->to)->exit_tick);
			assert_int_equal(a->end, CHART_CRASH);
		}
	}
	fx_close(&x);
}

/* A process gone with its node (the lesson node_down: db on b, halted at
** 100) ends its line there, neutral (CHART_HALTED, "halted"), not as a
** crash; linked, killed by its link's noconnection, ends as a crash. */
static void halted_line_is_not_a_crash(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, lesson("node_down.json"));
	const struct chart_line *db = chart_line_of(x.t.c, pid_of(x.s, "db"));
	assert_non_null(db);
	assert_int_equal(db->end, CHART_HALTED);
	assert_string_equal(db->reason, "halted");
	assert_int_equal(db->exit_tick, 100);
	const struct chart_line *linked = chart_line_of(x.t.c, pid_of(x.s, "linked"));
	assert_int_equal(linked->end, CHART_CRASH);
	assert_string_equal(linked->reason, "noconnection");
	fx_close(&x);
}

/* A restart begins a new line, in the column right of the old one, at the
** restart's tick, after the old line's end; one restart arrow leads to it. */
static void restart_begins_new_line(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, lesson("supervisor_one_for_one.json"));
	assert_int_not_equal(x.t.restart_pid, 0);
	const struct chart_line *nw = chart_line_of(x.t.c, x.t.restart_pid), *old = NULL;
	assert_non_null(nw);
	assert_int_equal(nw->incarnation, 2);
	assert_int_equal(nw->spawn_tick, x.t.restart_tick);
	for (uint32_t p = 1; p < x.t.restart_pid; p++) {
		const struct chart_line *ln = chart_line_of(x.t.c, p);
		if (ln && strcmp(ln->name, nw->name) == 0)
			old = ln;
	}
	assert_non_null(old);
	assert_true(old->exit_tick <= nw->spawn_tick);
	assert_int_equal(chart_layout_col(&x.l, nw->pid), chart_layout_col(&x.l, old->pid) + 1);
	assert_int_equal(count_kind(&x.l, CHART_RESTART), 1);
	for (size_t i = 0; i < x.l.narrows; i++) {
		const struct chart_arrow *a = &x.t.c->arrows[x.l.arrows[i]];
		if (a->kind == CHART_RESTART)
			assert_int_equal(a->to, nw->pid);
	}
	fx_close(&x);
}

static const char group_json[] =
	"{\"format\": 1, \"title\": \"g\", \"config\": {\"schedulers\": 2},"
	" \"processes\": ["
	"  {\"name\": \"boss\", \"program\": [{\"op\": \"work\", \"reductions\": 3}]},"
	"  {\"name\": \"h\", \"count\": 20, \"program\": [{\"op\": \"work\", \"reductions\": 5}]},"
	"  {\"name\": \"solo_1\", \"program\": [{\"op\": \"work\", \"reductions\": 5}]}"
	"]}";

/* The 20 processes of one `count` entry form a group: 20 columns
** expanded, one when collapsed; a lone NAME_1 is no group. */
static void count_group_expands(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, load_text(group_json));
	assert_int_equal(x.t.c->ngroups, 1);
	assert_string_equal(x.t.c->groups[0].prefix, "h");
	assert_int_equal(x.t.c->groups[0].n, 20);
	chart_layout_free(&x.l);
	x.o.collapse_over = 0;
	layout_ok(&x.l, x.t.c, &x.o);
	assert_int_equal(x.l.ncols, 22);
	chart_layout_free(&x.l);
	x.o.collapse_over = 12;
	layout_ok(&x.l, x.t.c, &x.o);
	assert_int_equal(x.l.ncols, 3);
	int gcol = chart_layout_col(&x.l, pid_of(x.s, "h_1"));
	assert_int_equal(x.l.cols[gcol].group, 1);
	assert_int_equal(chart_layout_col(&x.l, pid_of(x.s, "h_20")), gcol);
	assert_int_not_equal(chart_layout_col(&x.l, pid_of(x.s, "solo_1")), gcol);
	chart_layout_free(&x.l);
	const char *only[] = { "h" };      /* the group's prefix selects the group */
	x.o.only = only;
	x.o.nonly = 1;
	x.o.collapse_over = 0;
	layout_ok(&x.l, x.t.c, &x.o);
	assert_int_equal(x.l.ncols, 20);
	fx_close(&x);
}

static const char gap_json[] =
	"{\"format\": 1, \"title\": \"gap\", \"config\": {\"schedulers\": 2, \"slice\": 100000},"
	" \"processes\": ["
	"  {\"name\": \"a\", \"program\": [{\"op\": \"send\", \"to\": \"b\", \"message\": \"one\"},"
	"    {\"op\": \"work\", \"reductions\": 4000}, {\"op\": \"send\", \"to\": \"b\", \"message\": \"two\"}]},"
	"  {\"name\": \"b\", \"program\": [{\"op\": \"receive\"}, {\"op\": \"receive\"}]}"
	"]}";

/* A long quiet stretch becomes one gap with its real ticks; ticks and
** arrows keep their order down the page. */
static void compression_keeps_order(void **state)
{
	(void)state;
	struct fx x;
	char buf[32];
	fx_open(&x, load_text(gap_json));
	assert_int_equal(count_kind(&x.l, CHART_MSG), 2);
	assert_int_equal(x.l.ngaps, 1);
	assert_true(x.l.gaps[0].to - x.l.gaps[0].from >= 4000);
	assert_int_equal(x.l.gaps[0].y1 - x.l.gaps[0].y0, x.o.gap_h);
	assert_true(x.l.height < 1000);         /* not 4,000 ticks tall */
	for (size_t i = 1; i < x.l.nticks; i++) {
		assert_true(x.l.ticks[i - 1] < x.l.ticks[i]);
		assert_true(x.l.ys[i - 1] < x.l.ys[i]);
	}
	for (uint64_t tk = 1; tk < sim_now(x.s); tk += 97)   /* y never goes back */
		assert_true(chart_layout_y(&x.l, tk - 1) <= chart_layout_y(&x.l, tk));
	const struct chart_arrow *one = &x.t.c->arrows[x.l.arrows[0]], *two = &x.t.c->arrows[x.l.arrows[1]];
	assert_true(one->t0 < x.l.gaps[0].from + 1 && two->t0 >= x.l.gaps[0].to);
	assert_true(x.l.ay0[0] < x.l.gaps[0].y0 && x.l.ay0[1] >= x.l.gaps[0].y1);
	assert_string_equal(chart_thousands(4000, buf, sizeof buf), "4,000");
	assert_string_equal(chart_thousands(1234567, buf, sizeof buf), "1,234,567");
	assert_string_equal(chart_thousands(12, buf, sizeof buf), "12");
	fx_close(&x);
}

/* --only keeps the named lines and the arrows between them; a name the
** run does not have, or a range after its end, is refused with a message. */
static void only_and_bad_range(void **state)
{
	(void)state;
	struct fx x;
	char err[256];
	fx_open(&x, lesson("hello_messages.json"));
	const char *only[] = { "ping" }, *bad[] = { "pong", "nobody" };
	chart_layout_free(&x.l);
	x.o.only = only;
	x.o.nonly = 1;
	layout_ok(&x.l, x.t.c, &x.o);
	assert_int_equal(x.l.ncols, 1);
	assert_int_equal(x.l.narrows, 0);    /* every message of ping goes to pong */
	chart_layout_free(&x.l);
	x.o.only = bad;
	x.o.nonly = 2;
	assert_int_equal(chart_layout_create(&x.l, x.t.c, &x.o, err, sizeof err), SIM_EINVALID);
	assert_non_null(strstr(err, "'nobody'"));
	x.o.only = NULL;
	x.o.from = sim_now(x.s) + 1;
	assert_int_equal(chart_layout_create(&x.l, x.t.c, &x.o, err, sizeof err), SIM_EINVALID);
	assert_non_null(strstr(err, "after the run's end"));
	fx_close(&x);   /* a refused layout holds nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arrow_per_message),
		cmocka_unit_test(line_ends_at_exit),
		cmocka_unit_test(halted_line_is_not_a_crash),
		cmocka_unit_test(restart_begins_new_line),
		cmocka_unit_test(count_group_expands),
		cmocka_unit_test(compression_keeps_order),
		cmocka_unit_test(only_and_bad_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
