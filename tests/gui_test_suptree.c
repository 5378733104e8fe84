/* gui_test_suptree.c - the drawn supervision tree, the inspector drawer
** and the compare-mode numbers, checked against the engine itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "render.h"

#include "gui_support.h"

static sim_scenario *load(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", BEAMSIM_SCENARIOS, name);
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load(path, &d);
	for (size_t i = 0; i < d.n; i++)
		print_error("%s\n", d.msgs[i]);
	sim_diag_free(&d);
	assert_non_null(scn);
	return scn;
}

/* Opens scenario `name` at tick `at` with `selected` (a name, or NULL)
** and renders one 1280x720 frame. */
static void open_at(struct pane_fixture *f, const char *name, uint64_t at, const char *selected)
{
	memset(f, 0, sizeof *f);
	sim_scenario *scn = load(name);
	struct sim_config cfg = sim_scenario_config(scn);
	assert_true(session_init(&f->ses, scn, &cfg, name));
	session_seek(&f->ses, at);
	pane_fixture_start(f, 1280, 720);
	struct sim_proc_view pv;
	for (uint32_t pid = 1; selected && pid <= sim_proc_count(f->ses.sim); pid++)
		if (sim_proc_view(f->ses.sim, pid, &pv) && strcmp(pv.name, selected) == 0)
			f->view.selected = pid;
	render_frame(f->r, &f->c, &f->view);
}

/* The RESTART events of supervisor `sup` up to tick `at`, replayed on a
** separate engine: their count, those within `period` of `at`, and the
** last two new pids. */
static void restarts_of(const char *name, uint32_t sup, uint64_t at, uint64_t period,
                        uint32_t *count, uint32_t *in_period, uint32_t last[2])
{
	sim_scenario *scn = load(name);
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	*count = *in_period = last[0] = last[1] = 0;
	while (sim_now(s) < at && sim_step(s) == SIM_END_NONE) {
		size_t n;
		const struct sim_event *ev = sim_events(s, &n);
		for (size_t i = 0; i < n; i++) {
			if (ev[i].type != SIM_EV_RESTART || ev[i].pid != sup || ev[i].tick > at)
				continue;
			(*count)++;
			*in_period += ev[i].tick + period > at;
			last[0] = last[1];
			last[1] = ev[i].other;
		}
	}
	sim_destroy(s);
	sim_scenario_free(scn);
}

static int node_of(const struct suptree *t, const char *name)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->node[i].name, name) == 0)
			return i;
	return -1;
}

static void tree_shows_the_new_pid_and_the_engine_count(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_at(&f, "restart_intensity.json", 60, NULL);
	const struct suptree *t = &f.r->side[0].tree;
	int ws = node_of(t, "worker_sup"), fl = node_of(t, "flaky");
	assert_true(ws >= 0 && fl > ws);
	assert_int_equal(t->node[fl].sup_pid, t->node[ws].pid);     /* under its supervisor */
	assert_int_equal(t->node[fl].depth, t->node[ws].depth + 1);
	struct sim_sup_view sv;
	sim_sup_view(f.ses.sim, t->node[ws].sup, &sv);
	uint32_t count, in_period, last[2];
	restarts_of("restart_intensity.json", sv.pid, 60, sv.period, &count, &in_period, last);
	assert_int_equal(count, 2);
	assert_int_equal(sv.restarts, count);
	assert_int_equal(sv.in_period, in_period);                 /* the meter's count */
	assert_int_equal(t->node[fl].pid, last[1]);                /* the new incarnation */
	assert_int_equal(t->node[fl].old_pid, last[0]);            /* the one it replaced */
	/* drawn: its box inside the tree's area, with the stripe of a restart */
	const struct layout_pane *p = &f.r->lay.pane[0];
	struct lrect b;
	assert_true(suptree_node_box(t, f.text, p->sup, p->area_title_h, fl, &b));
	assert_true(b.y >= p->sup.y && b.y + b.h <= p->sup.y + p->sup.h);
	assert_int_equal(draw_pixel(&f.c, b.x + 4, b.y + b.h / 2), DRAW_SKY);
	assert_true(suptree_node_box(t, f.text, p->sup, p->area_title_h, ws, &b));
	assert_int_equal(draw_pixel(&f.c, b.x, b.y + 1), DRAW_YELLOW);    /* supervisor frame */
	pane_fixture_close(&f);
}

static bool overlap(struct lrect a, struct lrect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void inspector_leaves_waiting_and_exited_visible(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_at(&f, "links_propagate.json", 44, "d");
	assert_int_not_equal(f.view.selected, 0);
	const struct layout_pane *p = &f.r->lay.pane[0];
	struct lrect ir = panels_inspector_rect(p);
	assert_true(ir.w > 0 && ir.h > 0);
	assert_false(overlap(ir, p->area[AREA_WAITING]));
	assert_false(overlap(ir, p->area[AREA_EXITED]));
	assert_false(overlap(ir, p->sup));
	/* the inspector is drawn (its frame), and the side panel beside it */
	assert_int_equal(draw_pixel(&f.c, ir.x, ir.y + ir.h / 2), DRAW_YELLOW);
	const struct lrect *w = &p->area[AREA_WAITING];
	assert_int_equal(draw_pixel(&f.c, w->x + 1, w->y + 1), DRAW_PANEL);
	const struct lrect *e = &p->area[AREA_EXITED];
	assert_int_equal(draw_pixel(&f.c, e->x + 1, e->y + 1), DRAW_PANEL);
	/* a click on the drawer selects nothing under it */
	int pane = -1;
	assert_int_equal(render_hit_test(f.r, ir.x + ir.w / 2, ir.y + ir.h / 2, &pane), 0);
	pane_fixture_close(&f);
}

static uint64_t num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	assert_true(cJSON_IsNumber(v));
	return (uint64_t)v->valuedouble;
}

static int by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Checks st against the summary JSON of the same engine. */
static void check_against_summary(const struct cmpstats *st, const sim *s)
{
	char *js = sim_summary_json(s);
	assert_non_null(js);
	cJSON *root = cJSON_Parse(js);
	assert_non_null(root);
	assert_int_equal(st->now, num(root, "ticks"));
	uint64_t ticks[256], busy = 0, all = 0;
	size_t n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "processes"))
		if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, "exit_tick")) && n < 256)
			ticks[n++] = num(it, "exit_tick");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "schedulers")) {
		busy += num(it, "busy");
		all += num(it, "busy") + num(it, "idle");
	}
	qsort(ticks, n, sizeof *ticks, by_u64);
	assert_int_equal(st->exited, n);
	assert_true(n > 0);
	assert_int_equal(st->first, ticks[0]);
	assert_int_equal(st->median, ticks[(n - 1) / 2]);
	assert_int_equal(st->last, ticks[n - 1]);
	assert_true(st->utilization == (double)busy / (double)all);
	/* and the words on screen carry exactly these numbers */
	char want[160], got[160];
	snprintf(want, sizeof want, "exits: first %llu, median %llu, last %llu (%zu)",
	         (unsigned long long)ticks[0], (unsigned long long)ticks[(n - 1) / 2],
	         (unsigned long long)ticks[n - 1], n);
	cmpstats_text(st, CMPSTATS_EXITS, got, sizeof got);
	assert_string_equal(got, want);
	cJSON_Delete(root);
	free(js);
}

static void compare_numbers_equal_the_summary(void **state)
{
	(void)state;
	uint64_t first[2];
	for (int k = 0; k < 2; k++) {
		sim_scenario *scn = load("one_slow_request.json");
		struct sim_config cfg = sim_scenario_config(scn);
		cfg.preemption = k ? SIM_PREEMPT_REDUCTIONS : SIM_PREEMPT_COOPERATIVE;
		sim *s = sim_create(scn, &cfg);
		assert_non_null(s);
		while (sim_step(s) == SIM_END_NONE)
			;
		struct cmpstats st = { 0 };
		assert_true(cmpstats_read(&st, s));
		assert_true(st.finished);
		check_against_summary(&st, s);
		first[k] = st.first;
		cmpstats_free(&st);
		sim_destroy(s);
		sim_scenario_free(scn);
	}
	/* the lesson: preemption answers the short requests far sooner */
	assert_true(first[1] * 10 < first[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tree_shows_the_new_pid_and_the_engine_count),
		cmocka_unit_test(inspector_leaves_waiting_and_exited_visible),
		cmocka_unit_test(compare_numbers_equal_the_summary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
