/*
** test_equivalence.c - executions that must give identical schedules:
** batched vs single-tick stepping, on every shipped scenario under a
** spread of configurations (the same check issue 3's threaded executor
** builds on).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* Runs to the end (capped at 200,000 ticks); returns the event hash and
** stores the summary JSON (caller frees). */
static uint64_t run_masked(const sim_scenario *scn, const struct sim_config *cfg, bool batching,
                           char **summary, size_t *steps, uint32_t mask)
{
	sim *s = sim_create(scn, cfg);
	assert_non_null(s);
	sim_set_batching(s, batching);
	sim_set_event_mask(s, mask);
	uint64_t h = hash_events(s, HASH_START);
	*steps = 0;
	while (sim_end_state(s) == SIM_END_NONE && sim_now(s) < 200000) {
		sim_step(s);
		h = hash_events(s, h);
		(*steps)++;
	}
	*summary = sim_summary_json(s);
	sim_destroy(s);
	return h;
}

static uint64_t run(const sim_scenario *scn, const struct sim_config *cfg, bool batching, char **summary,
                    size_t *steps)
{
	return run_masked(scn, cfg, batching, summary, steps, SIM_EVENTS_ALL);
}

static void check_file(const char *path)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load(path, &d);
	sim_diag_free(&d);
	assert_non_null(scn);
	static const uint32_t scheds[] = { 1, 2, 3 };
	for (size_t si = 0; si < 3; si++)
		for (int pre = 0; pre < 2; pre++)
			for (int bal = 0; bal < 3; bal++) {
				struct sim_config cfg = sim_scenario_config(scn);
				cfg.schedulers = scheds[si];
				if (cfg.dirty_schedulers > cfg.schedulers)
					cfg.dirty_schedulers = cfg.schedulers;
				cfg.preemption = (enum sim_preemption)pre;
				cfg.balance = (enum sim_balance)bal;
				char *a, *b;
				size_t sa, sb;
				uint64_t ha = run(scn, &cfg, true, &a, &sa);
				uint64_t hb = run(scn, &cfg, false, &b, &sb);
				if (ha != hb || strcmp(a, b) != 0)
					fprintf(stderr, "%s: schedulers %u preemption %d balance %d differ\n", path,
					        cfg.schedulers, pre, bal);
				assert_int_equal(ha, hb);
				assert_string_equal(a, b);
				assert_true(sa <= sb);
				/* Recording no events changes nothing but speed. */
				char *c;
				size_t sc_;
				run_masked(scn, &cfg, true, &c, &sc_, 0);
				assert_string_equal(a, c);
				free(c);
				free(a);
				free(b);
			}
	sim_scenario_free(scn);
}

static void test_batching_is_invisible(void **state)
{
	(void)state;
	/* many_processes: 100,000 processes x many configs; test_lessons covers it */
	int files = for_each_scenario(check_file, "many_processes");
	assert_true(files >= 5);
}

/* A work-heavy run really takes fewer steps when batched. */
static void test_batching_saves_steps(void **state)
{
	(void)state;
	sim_scenario *scn = load_text("{\"config\":{\"schedulers\":2,\"slice\":1000},\"processes\":["
	                              "{\"name\":\"a\",\"program\":[{\"op\":\"work\",\"reductions\":5000}]},"
	                              "{\"name\":\"b\",\"program\":[{\"op\":\"work\",\"reductions\":3000}]}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	char *a, *b;
	size_t sa, sb;
	assert_int_equal(run(scn, &cfg, true, &a, &sa), run(scn, &cfg, false, &b, &sb));
	assert_string_equal(a, b);
	assert_int_equal(sb, 5000);
	assert_true(sa < 30);
	free(a);
	free(b);
	sim_scenario_free(scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batching_is_invisible),
		cmocka_unit_test(test_batching_saves_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
