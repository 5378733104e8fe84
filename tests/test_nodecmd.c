/*
** test_nodecmd.c - sim_cmd_node (issue 16: the window's N + a digit):
** taking a node down or bringing it up from a front end, now, does what
** the timeline's node_down / node_up do at that tick.  The reference is
** the same scenario with those timeline events: the two runs must end
** with the same summary, byte for byte; the events of the command are
** checked line by line at their exact ticks; refusals change nothing;
** checkpoints keep (and undo) the change; after bringing a node up while
** every scheduler was idle the booted process runs at the next tick (no
** idle jump past it).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* Node a (2 schedulers), node b (1); on a, a trapping linked process, a
** plain linked one, a monitor and a monitor_node of b; ticker keeps a
** scheduler busy so that every tick is a step.  `extra`: more timeline
** events after the send at 120. */
#define NODES_JSON(extra) \
	"{\"config\":{\"nodes\":[{\"name\":\"a\",\"schedulers\":2},{\"name\":\"b\"," \
	"\"schedulers\":1}],\"net\":{\"latency\":10}},\"processes\":[" \
	"{\"name\":\"victim\",\"node\":\"b\",\"program\":[{\"op\":\"receive\"}," \
	"{\"op\":\"send\",\"to\":\"ticker\",\"message\":\"got\"}]}," \
	"{\"name\":\"linked\",\"trap_exit\":true,\"program\":[{\"op\":\"link\",\"to\":\"victim\"}," \
	"{\"op\":\"receive\"}]}," \
	"{\"name\":\"plain\",\"program\":[{\"op\":\"link\",\"to\":\"victim\"},{\"op\":\"receive\"}]}," \
	"{\"name\":\"watcher\",\"program\":[{\"op\":\"monitor\",\"to\":\"victim\"},{\"op\":\"receive\"}]}," \
	"{\"name\":\"nodewatch\",\"program\":[{\"op\":\"monitor_node\",\"node\":\"b\"}," \
	"{\"op\":\"receive\"}]}," \
	"{\"name\":\"ticker\",\"program\":[{\"op\":\"work\",\"reductions\":300},{\"op\":\"receive\"}]}]," \
	"\"timeline\":[{\"at\":120,\"do\":{\"op\":\"send\",\"to\":\"victim\",\"message\":\"back\"}}" \
	extra "]}"

#define TIMELINE_DOWN_UP ",{\"at\":60,\"do\":{\"op\":\"node_down\",\"node\":\"b\"}}," \
	                 "{\"at\":90,\"do\":{\"op\":\"node_up\",\"node\":\"b\"}}"

static sim *start(sim_scenario *scn)
{
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	sim_set_batching(s, false);
	return s;
}

/* Steps s until its tick is `tick` (it must land there exactly). */
static void step_to(sim *s, uint64_t tick)
{
	while (sim_now(s) < tick)
		assert_int_equal(sim_step(s), SIM_END_NONE);
	assert_int_equal(sim_now(s), tick);
}

static char *finish(sim *s)
{
	while (sim_step(s) == SIM_END_NONE)
		;
	return sim_summary_json(s);
}

/* N 2 at tick 60, N 2 again at 90: the same run, to the byte of its
** summary, as node_down at 60 and node_up at 90 in the timeline; the
** command's own events are the node's end and the news on node a. */
static void test_command_is_the_timeline_event(void **state)
{
	(void)state;
	sim_scenario *ref_scn = load_text(NODES_JSON(TIMELINE_DOWN_UP));
	sim *ref = start(ref_scn);
	char *want = finish(ref);
	sim_scenario *scn = load_text(NODES_JSON(""));
	sim *s = start(scn);
	step_to(s, 60);
	assert_true(sim_cmd_node(s, 1, false));
	struct log log = {0};
	log_clear(&log);
	log_events(&log, s);
	log_expect(&log, "60 exit victim halted -");
	log_expect(&log, "60 deliver linked [\"EXIT\",\"victim\",\"noconnection\"] victim");
	log_expect(&log, "60 signal plain noconnection victim");
	log_expect(&log, "60 exit plain noconnection -");
	log_expect(&log, "60 deliver watcher [\"DOWN\",\"victim\",\"noconnection\"] victim");
	log_expect(&log, "60 deliver nodewatch [\"nodedown\",\"b\"] -");
	struct sim_node_view nv;
	assert_true(sim_node_view(s, 1, &nv));
	assert_false(nv.up);
	uint64_t tick;
	bool up;
	assert_true(sim_node_change(s, 1, 0, &tick, &up));
	assert_int_equal(tick, 60);
	assert_false(up);
	step_to(s, 90);
	assert_true(sim_cmd_node(s, 1, true));
	log_clear(&log);
	log_events(&log, s);
	log_expect(&log, "90 spawn victim  -");
	assert_int_equal(incarnations(s, "victim"), 2);
	assert_true(sim_node_change(s, 1, 1, &tick, &up));
	assert_int_equal(tick, 90);
	assert_true(up);
	char *got = finish(s);
	assert_string_equal(got, want);
	assert_string_equal(reason_of(s, "victim"), "normal");   /* it got "back" at 120 */
	assert_string_equal(reason_of(s, "plain"), "noconnection");
	free(want);
	free(got);
	log_free(&log);
	sim_destroy(ref);
	sim_destroy(s);
	sim_scenario_free(ref_scn);
	sim_scenario_free(scn);
}

/* What the command refuses, changing nothing: a node out of range, one
** already in that state, a scenario without nodes, a run that ended. */
static void test_refusals(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(NODES_JSON(""));
	sim *s = start(scn);
	step_to(s, 10);
	size_t n0;
	sim_events(s, &n0);
	assert_false(sim_cmd_node(s, 1, true));       /* b is up */
	assert_false(sim_cmd_node(s, 2, false));      /* there are nodes 0 and 1 */
	assert_false(sim_cmd_node(s, UINT32_MAX, false));
	size_t n1;
	sim_events(s, &n1);
	assert_int_equal(n1, n0);                     /* the step's events stay */
	assert_int_equal(incarnations(s, "victim"), 1);
	assert_true(sim_cmd_node(s, 0, false));       /* the first node works too */
	assert_false(sim_cmd_node(s, 0, false));      /* already down */
	assert_string_equal(reason_of(s, "ticker"), "halted");      /* gone with a */
	assert_string_equal(reason_of(s, "victim"), "alive");
	char *sum = finish(s);
	assert_false(sim_cmd_node(s, 0, true));       /* the run has ended */
	free(sum);
	sim_destroy(s);
	sim_scenario_free(scn);
	scn = load_text("{\"processes\":[{\"name\":\"p\",\"program\":[{\"op\":\"work\","
	                "\"reductions\":50}]}]}");
	s = start(scn);
	step_to(s, 5);
	assert_false(sim_cmd_node(s, 0, false));      /* no config.nodes: no node to take */
	assert_string_equal(reason_of(s, "p"), "alive");
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* A checkpoint taken after the command keeps the node down; one taken
** before it undoes the command (the window's history replays it). */
static void test_checkpoints(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(NODES_JSON(""));
	sim *s = start(scn);
	step_to(s, 60);
	sim_checkpoint *before = sim_checkpoint_create(s);
	assert_non_null(before);
	assert_true(sim_cmd_node(s, 1, false));
	sim_checkpoint *after = sim_checkpoint_create(s);
	assert_non_null(after);
	char *a = finish(s);
	assert_int_equal(sim_checkpoint_restore(s, after), SIM_OK);
	struct sim_node_view nv;
	assert_true(sim_node_view(s, 1, &nv));
	assert_false(nv.up);
	assert_int_equal(nv.nchanges, 1);
	char *b = finish(s);
	assert_string_equal(a, b);
	assert_int_equal(sim_checkpoint_restore(s, before), SIM_OK);
	assert_true(sim_node_view(s, 1, &nv));
	assert_true(nv.up);
	assert_int_equal(nv.nchanges, 0);
	assert_string_equal(reason_of(s, "victim"), "alive");
	assert_true(sim_cmd_node(s, 1, false));       /* the same command again: the same run */
	char *c = finish(s);
	assert_string_equal(a, c);
	free(a);
	free(b);
	free(c);
	sim_checkpoint_destroy(before);
	sim_checkpoint_destroy(after);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* Node b is down (timeline, tick 5) and everything on a has finished or
** waits (keeper, for a message that never comes): bringing b up boots
** boot, which runs at the very next tick (the command dispatches it: no
** idle jump to the timeline's send at 500), with batching on as off. */
static void test_up_runs_at_once(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(
		"{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}]},\"processes\":["
		"{\"name\":\"boot\",\"node\":\"b\",\"program\":[{\"op\":\"work\",\"reductions\":3},"
		"{\"op\":\"receive\"}]},"
		"{\"name\":\"keeper\",\"program\":[{\"op\":\"receive\"}]},"
		"{\"name\":\"w\",\"program\":[{\"op\":\"work\",\"reductions\":20}]}],"
		"\"timeline\":[{\"at\":5,\"do\":{\"op\":\"node_down\",\"node\":\"b\"}},"
		"{\"at\":500,\"do\":{\"op\":\"send\",\"to\":\"boot\",\"message\":\"x\"}}]}");
	for (int batching = 0; batching < 2; batching++) {
		sim *s = start(scn);
		sim_set_batching(s, batching);
		while (strcmp(reason_of(s, "w"), "alive") == 0)
			assert_int_equal(sim_step(s), SIM_END_NONE);
		uint64_t t = sim_now(s);
		assert_true(t < 500);
		assert_true(sim_cmd_node(s, 1, true));
		struct sim_proc_view v;
		assert_true(sim_proc_view(s, pid_of(s, "boot"), &v));
		assert_int_equal(v.state, SIM_PROC_RUNNING);   /* dispatched by the command */
		assert_int_equal(sim_step(s), SIM_END_NONE);
		assert_true(sim_now(s) <= t + 3);
		assert_true(sim_proc_view(s, pid_of(s, "boot"), &v));
		assert_int_not_equal(v.reductions, 0);
		sim_destroy(s);
	}
	sim_scenario_free(scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_is_the_timeline_event),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_checkpoints),
		cmocka_unit_test(test_up_runs_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
