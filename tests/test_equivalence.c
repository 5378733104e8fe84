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

/* Runs end at 200,000 ticks; batched (the default), single ticks, and
** batched without recording events. */
static const struct run_how batched = { .max_ticks = 200000 };
static const struct run_how single = { .single_ticks = true, .max_ticks = 200000 };
static const struct run_how silent = { .no_events = true, .max_ticks = 200000 };

static void check_file(const char *path)
{
	sim_scenario *scn = load_path(path);
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
				uint64_t ha = run_hashed(scn, &cfg, &batched, &a, &sa);
				uint64_t hb = run_hashed(scn, &cfg, &single, &b, &sb);
				if (ha != hb || strcmp(a, b) != 0)
					fprintf(stderr, "%s: schedulers %u preemption %d balance %d differ\n", path,
					        cfg.schedulers, pre, bal);
				assert_int_equal(ha, hb);
				assert_string_equal(a, b);
				assert_true(sa <= sb);
				/* Recording no events changes nothing but speed. */
				char *c;
				run_hashed(scn, &cfg, &silent, &c, NULL);
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
	assert_int_equal(run_hashed(scn, &cfg, &batched, &a, &sa),
	                 run_hashed(scn, &cfg, &single, &b, &sb));
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
