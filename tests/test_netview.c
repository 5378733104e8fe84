/*
** test_netview.c - the read-only network views for the window (issue 16,
** sim/view_net.c): partition groups, and the signals in flight between
** nodes with their sent and due ticks, read at every step of a run.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* pb on b sends "lost" to pa on a at 46: on the network from boundary
** 47, due at 57 (latency 10); the partition at 50 dooms it; heal at 120. */
static const char split_json[] =
	"{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"net\":{\"latency\":10}},"
	"\"processes\":["
	"{\"name\":\"pa\",\"program\":[{\"op\":\"monitor_node\",\"node\":\"b\"},{\"op\":\"receive\"},"
	"{\"op\":\"receive\",\"after\":{\"ticks\":500}}]},"
	"{\"name\":\"pb\",\"node\":\"b\",\"program\":[{\"op\":\"sleep\",\"ticks\":45},"
	"{\"op\":\"send\",\"to\":\"pa\",\"message\":\"lost\"},{\"op\":\"receive\",\"after\":"
	"{\"ticks\":500}}]}],"
	"\"timeline\":[{\"at\":50,\"do\":{\"op\":\"partition\",\"groups\":[[\"a\"],[\"b\"]]}},"
	"{\"at\":120,\"do\":{\"op\":\"heal\"}}]}";

/* The one message in flight at each tick from its send to its drop, with
** its ends, ticks and fate; the groups before, during and after. */
static void test_in_flight_and_groups(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(split_json);
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	uint32_t pa = pid_of(s, "pa"), pb = pid_of(s, "pb");
	uint64_t first = 0, last = 0, lost = 0;
	struct sim_net_view v;
	assert_false(sim_net_get(s, 0, &v));
	while (sim_step(s) == SIM_END_NONE && sim_now(s) < 200) {
		uint64_t now = sim_now(s);
		bool split = now >= 50 && now < 120;
		assert_true((sim_node_group(s, 0) != sim_node_group(s, 1)) == split);
		if (sim_net_count(s) == 0)
			continue;
		assert_int_equal(sim_net_count(s), 1);
		assert_true(sim_net_get(s, 0, &v));
		assert_int_equal(v.from, pb);
		assert_int_equal(v.to, pa);
		assert_int_equal(v.from_node, 1);
		assert_int_equal(v.to_node, 0);
		assert_int_equal(v.kind, SIM_NET_MESSAGE);
		assert_true(v.msg_id > 0);
		assert_null(v.reason);
		assert_int_equal(v.sent, 47);
		assert_int_equal(v.due, 57);
		assert_true(v.sent <= now && now < v.due);
		assert_true(v.lost == (now >= 50));
		lost += v.lost;
		first = first ? first : now;
		last = now;
	}
	assert_int_equal(first, 47);
	assert_true(last >= 50 && last < 57);   /* an idle run may jump to the drop */
	assert_true(lost > 0);
	assert_int_equal(sim_node_group(s, 7), 0);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* An exit signal across the network: kind EXIT with its reason. */
static void test_exit_signal(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(
		"{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"net\":{\"latency\":30}},"
		"\"processes\":[{\"name\":\"w\",\"trap_exit\":true,\"program\":[{\"op\":\"link\","
		"\"to\":\"c\"},{\"op\":\"receive\"}]},{\"name\":\"c\",\"node\":\"b\",\"program\":["
		"{\"op\":\"sleep\",\"ticks\":100},{\"op\":\"crash\",\"reason\":\"boom\"}]}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	bool seen = false;
	struct sim_net_view v;
	while (sim_step(s) == SIM_END_NONE && !seen)
		for (size_t i = 0; i < sim_net_count(s); i++)
			if (sim_net_get(s, i, &v) && v.kind == SIM_NET_EXIT) {
				assert_string_equal(v.reason, "boom");
				assert_int_equal(v.due - v.sent, 30);
				assert_int_equal(v.from, pid_of(s, "c"));
				assert_false(v.lost);
				seen = true;
			}
	assert_true(seen);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* One node: no network at all. */
static void test_single_node(void **state)
{
	(void)state;
	sim_scenario *scn = load_text("{\"processes\":[{\"name\":\"x\",\"program\":[{\"op\":\"send\","
	                              "\"to\":\"x\",\"message\":1},{\"op\":\"receive\"}]}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	while (sim_step(s) == SIM_END_NONE)
		assert_int_equal(sim_net_count(s), 0);
	assert_int_equal(sim_node_group(s, 0), 0);
	sim_destroy(s);
	sim_scenario_free(scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_flight_and_groups),
		cmocka_unit_test(test_exit_signal),
		cmocka_unit_test(test_single_node),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
