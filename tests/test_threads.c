/*
** test_threads.c - the threaded executor (one OS thread per scheduler)
** gives byte-identical events and summaries to the single-threaded one,
** on every shipped scenario under several configurations; and it stops
** cleanly at the limit, on deadlock and when interrupted.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/scenario_gen.h"
#include "support.h"

static const struct run_how sim_run = { .max_ticks = 100000 };
static const struct run_how threads_run = { .threads = true, .max_ticks = 100000 };

static void check_file(const char *path)
{
	sim_scenario *scn = load_path(path);
	static const uint32_t scheds[] = { 1, 2, 4 };
	for (size_t si = 0; si < 3; si++)
		for (int bal = 0; bal < 3; bal += 2) {
			struct sim_config cfg = sim_scenario_config(scn);
			cfg.schedulers = scheds[si];
			cfg.dirty_schedulers = scheds[si] > 1 ? 2 : 1;
			cfg.balance = (enum sim_balance)bal;
			char *a, *b;
			uint64_t ha = run_hashed(scn, &cfg, &sim_run, &a, NULL);
			uint64_t hb = run_hashed(scn, &cfg, &threads_run, &b, NULL);
			if (ha != hb || strcmp(a, b) != 0)
				fprintf(stderr, "%s: schedulers %u balance %d: threads differ\n", path,
				        cfg.schedulers, bal);
			assert_int_equal(ha, hb);
			assert_string_equal(a, b);
			free(a);
			free(b);
		}
	sim_scenario_free(scn);
}

static void test_threads_match_sim_on_shipped_scenarios(void **state)
{
	(void)state;
	/* many_processes: 100,000 processes x many configs; test_lessons covers it */
	int files = for_each_scenario(check_file, "many_processes");
	assert_true(files >= 5);
}

/* The scenario of seed (gen_scenario_opts with flags) runs to the same
** events and summary with both executors; returns it loaded (caller frees
** it with sim_scenario_free) and its text in *json (caller frees). */
static sim_scenario *check_seed(unsigned seed, unsigned flags, char **json)
{
	*json = gen_scenario_opts(seed, flags);
	assert_non_null(*json);
	sim_scenario *scn = load_text(*json);
	struct sim_config cfg = sim_scenario_config(scn);
	char *a, *b;
	uint64_t ha = run_hashed(scn, &cfg, &sim_run, &a, NULL);
	uint64_t hb = run_hashed(scn, &cfg, &threads_run, &b, NULL);
	if (ha != hb || strcmp(a, b) != 0)
		fprintf(stderr, "seed %u (flags %u): threads differ from sim\n%s\n", seed, flags, *json);
	assert_int_equal(ha, hb);
	assert_string_equal(a, b);
	free(a);
	free(b);
	return scn;
}

/* The same on random scenarios of every kind (tests/gen): seeds count
** from BEAMSIM_THREAD_SEEDS (default 300). */
static void test_threads_match_sim_on_random_scenarios(void **state)
{
	(void)state;
	const char *env = getenv("BEAMSIM_THREAD_SEEDS");
	unsigned seeds = env ? (unsigned)strtoul(env, NULL, 10) : 300;
	for (unsigned seed = 1; seed <= seeds; seed++) {
		char *json;
		sim_scenario *scn = check_seed(seed, 0, &json);
		free(json);
		sim_scenario_free(scn);
	}
	printf("threads = sim on %u random scenarios\n", seeds);
}

/* Issue 16: "the threads executor runs every scheduler of every node on its
** own thread with the same schedule".  GEN_NODES seeds (2..4 nodes, cross-
** node links and monitors, node_down/node_up, partitions, heal): events
** (the trace) and summary identical to sim_step.  Seeds count from
** BEAMSIM_THREAD_NODE_SEEDS (default 300); the runs must have crossed the
** network, with node events, or the seeds test nothing about nodes. */
static void test_threads_match_sim_on_node_scenarios(void **state)
{
	(void)state;
	const char *env = getenv("BEAMSIM_THREAD_NODE_SEEDS");
	unsigned seeds = env ? (unsigned)strtoul(env, NULL, 10) : 300;
	uint64_t crossed = 0, changes = 0, nodes = 0;
	for (unsigned seed = 1; seed <= seeds; seed++) {
		char *json;
		sim_scenario *scn = check_seed(seed, GEN_NODES, &json);
		struct sim_config cfg = sim_scenario_config(scn);
		sim *s = sim_create(scn, &cfg);
		while (sim_step(s) == SIM_END_NONE && sim_now(s) < sim_run.max_ticks)
			;
		for (uint32_t n = 0; n < sim_node_count(s); n++) {
			struct sim_node_view v;
			assert_true(sim_node_view(s, n, &v));
			crossed += v.msgs_in;
			changes += v.nchanges;
		}
		nodes += sim_node_count(s);
		sim_destroy(s);
		free(json);
		sim_scenario_free(scn);
	}
	printf("threads = sim on %u GEN_NODES scenarios (%llu nodes, %llu messages between nodes, "
	       "%llu node downs/ups)\n", seeds, (unsigned long long)nodes, (unsigned long long)crossed,
	       (unsigned long long)changes);
	if (seeds >= 50) {
		assert_true(nodes >= 2 * (uint64_t)seeds);
		assert_true(crossed > 0);
		assert_true(changes > 0);
	}
}

/* One thread per scheduler of every node: a lesson with nodes runs on
** as many threads as its nodes have schedulers together, and gives the
** summary of sim_step. */
static void test_threads_one_per_scheduler_of_every_node(void **state)
{
	(void)state;
	sim_scenario *scn = load_path(SCENARIO_DIR "/failover.json");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	uint32_t total = 0;
	assert_true(sim_node_count(s) >= 2);
	for (uint32_t n = 0; n < sim_node_count(s); n++) {
		struct sim_node_view v;
		assert_true(sim_node_view(s, n, &v));
		total += v.nsched;
	}
	sim_threads *t = sim_threads_start(s, 0);
	assert_non_null(t);
	while (sim_threads_step(t) == SIM_END_NONE)
		;
	struct sim_threads_stats st;
	sim_threads_stop(t, &st);
	assert_int_equal(st.nsched, total);
	char *threaded = sim_summary_json(s);
	sim_destroy(s);
	s = sim_create(scn, &cfg);
	while (sim_step(s) == SIM_END_NONE)
		;
	char *stepped = sim_summary_json(s);
	assert_non_null(threaded);
	assert_non_null(stepped);
	assert_string_equal(threaded, stepped);
	free(threaded);
	free(stepped);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* Real work: wall time and per-thread CPU time are measured, and the
** schedule is still the same. */
static void test_threads_with_real_work(void **state)
{
	(void)state;
	sim_scenario *scn = load_text("{\"config\":{\"schedulers\":2,\"slice\":10},\"templates\":{\"w\":"
	                              "{\"program\":[{\"op\":\"work\",\"reductions\":50}]}},"
	                              "\"processes\":[{\"name\":\"w\",\"template\":\"w\",\"count\":4}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	sim_threads *t = sim_threads_start(s, 50000);   /* 50 us per reduction */
	assert_non_null(t);
	double calibration = sim_threads_calibration(t);
	while (sim_threads_step(t) == SIM_END_NONE)
		;
	struct sim_threads_stats st;
	sim_threads_stop(t, &st);
	uint64_t ticks = sim_now(s);
	sim_destroy(s);
	sim_scenario_free(scn);
	assert_true(calibration > 0);
	assert_int_equal(ticks, 100);
	assert_int_equal(st.nsched, 2);
	/* 100 ticks x 50 us of work per scheduler = 5 ms of CPU each; allow
	** for a busy machine (frequency changes, shared cores) but require
	** that real work was done on both threads. */
	assert_true(st.cpu_seconds[0] > 0.001);
	assert_true(st.cpu_seconds[1] > 0.001);
	assert_true(st.wall_seconds > 0.001);
}

/* Limit, deadlock and interruption all leave the threads joinable. */
static void test_threads_stop_cleanly(void **state)
{
	(void)state;
	sim_scenario *scn = load_text("{\"config\":{\"schedulers\":3,\"until\":500},\"processes\":["
	                              "{\"name\":\"spin\",\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":[{\"op\":\"work\",\"reductions\":7}]}]},"
	                              "{\"name\":\"crash\",\"program\":[{\"op\":\"work\",\"reductions\":30},{\"op\":\"crash\",\"reason\":\"boom\"}]},"
	                              "{\"name\":\"wait\",\"program\":[{\"op\":\"receive\"}]}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	sim_threads *t = sim_threads_start(s, 0);
	while (sim_threads_step(t) == SIM_END_NONE)
		;
	assert_int_equal(sim_end_state(s), SIM_END_LIMIT);
	sim_threads_stop(t, NULL);
	sim_destroy(s);

	s = sim_create(scn, &cfg);
	t = sim_threads_start(s, 0);
	for (int i = 0; i < 40; i++)
		sim_threads_step(t);
	assert_int_equal(sim_interrupt(s), SIM_END_INTERRUPTED);
	assert_int_equal(sim_threads_step(t), SIM_END_INTERRUPTED);
	sim_threads_stop(t, NULL);
	assert_string_equal(reason_of(s, "crash"), "boom");
	sim_destroy(s);
	sim_scenario_free(scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads_match_sim_on_shipped_scenarios),
		cmocka_unit_test(test_threads_match_sim_on_random_scenarios),
		cmocka_unit_test(test_threads_match_sim_on_node_scenarios),
		cmocka_unit_test(test_threads_one_per_scheduler_of_every_node),
		cmocka_unit_test(test_threads_with_real_work),
		cmocka_unit_test(test_threads_stop_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
