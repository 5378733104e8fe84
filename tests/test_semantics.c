/*
** test_semantics.c - each scheduling and signal rule of the engine issue,
** asserted through its observable outcome (exit reasons, ticks, counts).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"
#include "engine.h"     /* the ring of restart times (test_restart_window_memory) */

/* Runs a scenario given as JSON text and returns the finished engine
** (the scenario is kept alive in *scn_out; free both with done()). */
static sim *run_json(const char *json, sim_scenario **scn_out)
{
	*scn_out = load_text(json);
	return run_scenario(*scn_out);
}

static void done(sim *s, sim_scenario *scn)
{
	sim_destroy(s);
	sim_scenario_free(scn);
}

static uint64_t exit_tick(const sim *s, const char *name)
{
	struct sim_proc_view v;
	assert_true(sim_proc_view(s, pid_of(s, name), &v));
	assert_non_null(v.exit_reason);
	return v.exit_tick;
}

/* {=== time and costs ===} */

static void test_work_costs_one_tick_per_reduction(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json("{\"config\":{\"schedulers\":1},\"processes\":[{\"name\":\"w\","
	                  "\"program\":[{\"op\":\"work\",\"reductions\":100}]}]}", &scn);
	assert_string_equal(reason_of(s, "w"), "normal");
	assert_int_equal(exit_tick(s, "w"), 100);
	assert_int_equal(sim_now(s), 100);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	done(s, scn);
}

static void test_two_schedulers_run_in_parallel(void **state)
{
	(void)state;
	const char *fmt = "{\"config\":{\"schedulers\":%d},\"templates\":{\"w\":{\"program\":"
	                  "[{\"op\":\"work\",\"reductions\":100}]}},"
	                  "\"processes\":[{\"name\":\"w\",\"template\":\"w\",\"count\":4}]}";
	char json[512];
	snprintf(json, sizeof json, fmt, 1);
	sim_scenario *scn;
	sim *s = run_json(json, &scn);
	uint64_t one = sim_now(s);
	done(s, scn);
	snprintf(json, sizeof json, fmt, 4);
	s = run_json(json, &scn);
	uint64_t four = sim_now(s);
	done(s, scn);
	assert_int_equal(one, 400);       /* concurrency: interleaved on one core */
	assert_int_equal(four, 100);      /* parallelism: one core each */
}

/* {=== preemption and priorities ===} */

static const char *slow_and_short =
	"{\"config\":{\"schedulers\":1,\"slice\":20,\"preemption\":\"%s\"},"
	"\"templates\":{\"short\":{\"program\":[{\"op\":\"work\",\"reductions\":10}]}},"
	"\"processes\":[{\"name\":\"slow\",\"program\":[{\"op\":\"work\",\"reductions\":1000}]},"
	"{\"name\":\"req\",\"template\":\"short\",\"count\":3}]}";

static void test_preemption_by_reductions(void **state)
{
	(void)state;
	char json[1024];
	snprintf(json, sizeof json, slow_and_short, "reductions");
	sim_scenario *scn;
	sim *s = run_json(json, &scn);
	/* slow runs 20, then each short request runs its 10 in turn. */
	assert_int_equal(exit_tick(s, "req_1"), 30);
	assert_int_equal(exit_tick(s, "req_2"), 40);
	assert_int_equal(exit_tick(s, "req_3"), 50);
	assert_int_equal(exit_tick(s, "slow"), 1030);
	done(s, scn);
}

static void test_cooperative_lets_one_task_block_all(void **state)
{
	(void)state;
	char json[1024];
	snprintf(json, sizeof json, slow_and_short, "cooperative");
	sim_scenario *scn;
	sim *s = run_json(json, &scn);
	assert_int_equal(exit_tick(s, "slow"), 1000);
	assert_int_equal(exit_tick(s, "req_1"), 1010);
	assert_int_equal(exit_tick(s, "req_3"), 1030);
	done(s, scn);
}

static void test_high_priority_served_first(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json("{\"config\":{\"schedulers\":1,\"slice\":10},\"processes\":["
	                  "{\"name\":\"n\",\"program\":[{\"op\":\"work\",\"reductions\":100}]},"
	                  "{\"name\":\"h\",\"priority\":\"high\",\"program\":[{\"op\":\"work\",\"reductions\":100}]}]}",
	                  &scn);
	assert_int_equal(exit_tick(s, "h"), 100);
	assert_int_equal(exit_tick(s, "n"), 200);
	done(s, scn);
}

static void test_low_priority_waits_but_runs(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json("{\"config\":{\"schedulers\":1,\"slice\":10},\"processes\":["
	                  "{\"name\":\"low\",\"priority\":\"low\",\"program\":[{\"op\":\"work\",\"reductions\":50}]},"
	                  "{\"name\":\"n\",\"program\":[{\"op\":\"work\",\"reductions\":1000}]}]}",
	                  &scn);
	/* low is passed over RESCHEDULE_LOW-1 = 7 times per turn, so normal
	** gets most of the core, yet low finishes while normal still runs. */
	uint64_t low = exit_tick(s, "low"), n = exit_tick(s, "n");
	assert_true(low < n);
	assert_true(low > 100);           /* it did not get an equal share */
	assert_int_equal(n, 1050);
	done(s, scn);
}

/* {=== load balancing ===} */

static const char *four_on_one =
	"{\"config\":{\"schedulers\":2,\"slice\":20,\"balance\":\"%s\"},"
	"\"templates\":{\"w\":{\"scheduler\":1,\"program\":[{\"op\":\"work\",\"reductions\":100}]}},"
	"\"processes\":[{\"name\":\"w\",\"template\":\"w\",\"count\":4}]}";

static void test_work_stealing(void **state)
{
	(void)state;
	char json[1024];
	snprintf(json, sizeof json, four_on_one, "steal");
	sim_scenario *scn;
	sim *s = run_json(json, &scn);
	struct sim_sched_view v1, v2;
	sim_sched_view(s, 0, &v1);
	sim_sched_view(s, 1, &v2);
	assert_true(v2.steals >= 1);
	assert_true(v2.busy > 0);
	assert_int_equal(v1.busy + v2.busy, 400);
	assert_int_equal(sim_now(s), 200);
	done(s, scn);

	snprintf(json, sizeof json, four_on_one, "none");
	s = run_json(json, &scn);
	sim_sched_view(s, 1, &v2);
	assert_int_equal(v2.busy, 0);
	assert_int_equal(v2.steals, 0);
	assert_int_equal(sim_now(s), 400);
	done(s, scn);
}

static void test_shared_queue_uses_all_schedulers(void **state)
{
	(void)state;
	char json[1024];
	snprintf(json, sizeof json, four_on_one, "shared");
	sim_scenario *scn;
	sim *s = run_json(json, &scn);
	assert_int_equal(sim_now(s), 200);
	done(s, scn);
}

/* {=== native calls and dirty schedulers ===} */

static const char *nif_blocks =
	"{\"config\":{\"schedulers\":1,\"slice\":10},\"processes\":["
	"{\"name\":\"nif\",\"program\":[{\"op\":\"native\",\"reductions\":100,\"dirty\":%s}]},"
	"{\"name\":\"quick\",\"program\":[{\"op\":\"work\",\"reductions\":5}]}]}";

static void test_native_holds_scheduler(void **state)
{
	(void)state;
	char json[1024];
	snprintf(json, sizeof json, nif_blocks, "false");
	sim_scenario *scn;
	sim *s = run_json(json, &scn);
	assert_int_equal(exit_tick(s, "nif"), 100);     /* not preempted at slice 10 */
	assert_int_equal(exit_tick(s, "quick"), 105);
	done(s, scn);
}

static void test_dirty_native_frees_scheduler(void **state)
{
	(void)state;
	char json[1024];
	snprintf(json, sizeof json, nif_blocks, "true");
	sim_scenario *scn;
	sim *s = run_json(json, &scn);
	assert_true(exit_tick(s, "quick") <= 7);
	assert_string_equal(reason_of(s, "nif"), "normal");
	assert_true(exit_tick(s, "nif") > 100);
	done(s, scn);
}

/* {=== messages ===} */

static void test_selective_receive_order(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":1},\"processes\":["
		"{\"name\":\"rx\",\"program\":[{\"op\":\"receive\",\"cases\":[{\"match\":\"c\"}]},"
		"  {\"op\":\"receive\",\"cases\":[{\"match\":\"a\",\"do\":[]},{\"match\":\"b\",\"do\":[{\"op\":\"exit\",\"reason\":\"took_b_first\"}]}]},"
		"  {\"op\":\"receive\",\"cases\":[{\"match\":\"b\",\"do\":[{\"op\":\"exit\",\"reason\":\"order_ok\"}]}]}]},"
		"{\"name\":\"tx\",\"program\":[{\"op\":\"send\",\"to\":\"rx\",\"message\":\"a\"},"
		"  {\"op\":\"send\",\"to\":\"rx\",\"message\":\"b\"},{\"op\":\"send\",\"to\":\"rx\",\"message\":\"c\"}]}]}",
		&scn);
	assert_string_equal(reason_of(s, "rx"), "order_ok");
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.sent, 3);
	assert_int_equal(t.delivered, 3);
	assert_int_equal(t.in_mailboxes, 0);
	done(s, scn);
}

static void test_patterns_objects_and_wildcards(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"processes\":["
		"{\"name\":\"rx\",\"program\":[{\"op\":\"receive\",\"cases\":["
		"  {\"match\":{\"type\":\"req\",\"n\":\"_\"},\"do\":[{\"op\":\"exit\",\"reason\":\"matched\"}]}]}]},"
		"{\"name\":\"tx\",\"program\":[{\"op\":\"send\",\"to\":\"rx\",\"message\":{\"type\":\"other\",\"n\":1}},"
		"  {\"op\":\"send\",\"to\":\"rx\",\"message\":{\"type\":\"req\",\"n\":[1,2],\"extra\":true}}]}]}",
		&scn);
	assert_string_equal(reason_of(s, "rx"), "matched");
	struct sim_proc_view v;
	sim_proc_view(s, pid_of(s, "rx"), &v);
	assert_int_equal(v.mailbox, 1);   /* the non-matching message stays */
	done(s, scn);
}

static void test_send_to_dead_process_is_dropped(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json("{\"config\":{\"schedulers\":1},\"processes\":["
	                  "{\"name\":\"gone\",\"program\":[]},"
	                  "{\"name\":\"tx\",\"program\":[{\"op\":\"work\",\"reductions\":5},"
	                  "{\"op\":\"send\",\"to\":\"gone\",\"message\":1},"
	                  "{\"op\":\"send\",\"to\":\"gone\",\"message\":2}]}]}", &scn);
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.sent, 2);
	assert_int_equal(t.dropped, 2);
	assert_int_equal(t.delivered, 0);
	done(s, scn);
}

static void test_ping_pong_uses_sender(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":2},\"processes\":["
		"{\"name\":\"pong\",\"program\":[{\"op\":\"loop\",\"times\":3,\"do\":["
		"  {\"op\":\"receive\",\"cases\":[{\"match\":\"ping\",\"do\":[{\"op\":\"send\",\"to\":\"sender\",\"message\":\"pong\"}]}]}]}]},"
		"{\"name\":\"ping\",\"program\":[{\"op\":\"loop\",\"times\":3,\"do\":["
		"  {\"op\":\"send\",\"to\":\"pong\",\"message\":\"ping\"},{\"op\":\"receive\",\"cases\":[{\"match\":\"pong\"}]}]}]}]}",
		&scn);
	assert_string_equal(reason_of(s, "ping"), "normal");
	assert_string_equal(reason_of(s, "pong"), "normal");
	struct sim_proc_view v;
	sim_proc_view(s, pid_of(s, "ping"), &v);
	assert_int_equal(v.sent, 3);
	assert_int_equal(v.received, 3);
	done(s, scn);
}

static void test_receive_after_times_out(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"processes\":["
		"{\"name\":\"client\",\"program\":[{\"op\":\"send\",\"to\":\"server\",\"message\":\"req\"},"
		"  {\"op\":\"receive\",\"cases\":[{\"match\":\"reply\"}],\"after\":{\"ticks\":10,\"do\":[{\"op\":\"exit\",\"reason\":\"timeout\"}]}}]},"
		"{\"name\":\"server\",\"program\":[{\"op\":\"receive\"},{\"op\":\"work\",\"reductions\":50},"
		"  {\"op\":\"send\",\"to\":\"sender\",\"message\":\"reply\"}]}]}",
		&scn);
	assert_string_equal(reason_of(s, "client"), "timeout");
	assert_true(exit_tick(s, "client") < 20);
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.dropped, 1);   /* the late reply finds the client gone */
	done(s, scn);
}

static void test_after_still_fires_after_nonmatching_message(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"processes\":["
		"{\"name\":\"rx\",\"program\":[{\"op\":\"receive\",\"cases\":[{\"match\":\"wanted\"}],"
		"  \"after\":{\"ticks\":20,\"do\":[{\"op\":\"exit\",\"reason\":\"timeout\"}]}}]},"
		"{\"name\":\"tx\",\"program\":[{\"op\":\"work\",\"reductions\":20},{\"op\":\"send\",\"to\":\"rx\",\"message\":\"junk\"}]}]}",
		&scn);
	/* junk arrives at the very boundary the timer fires (21) */
	assert_string_equal(reason_of(s, "rx"), "timeout");
	assert_int_equal(exit_tick(s, "rx"), 23);   /* times out in tick 21, exit op in tick 22 */
	done(s, scn);
}

/* {=== crashes, links, monitors ===} */

static void test_crash_isolation(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":2,\"slice\":20},"
		"\"templates\":{\"handler\":{\"program\":[{\"op\":\"work\",\"reductions\":100}]}},"
		"\"processes\":[{\"name\":\"h\",\"template\":\"handler\",\"count\":4},"
		"{\"name\":\"bad\",\"program\":[{\"op\":\"work\",\"reductions\":30},{\"op\":\"crash\",\"reason\":\"badarith\"}]}]}",
		&scn);
	assert_string_equal(reason_of(s, "bad"), "badarith");
	for (int i = 1; i <= 4; i++) {
		char name[8];
		snprintf(name, sizeof name, "h_%d", i);
		assert_string_equal(reason_of(s, name), "normal");
	}
	done(s, scn);
}

static void test_links_propagate_one_hop_per_tick(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":1},\"templates\":{\"idle\":{\"program\":[{\"op\":\"receive\"}]}},"
		"\"processes\":[{\"name\":\"a\",\"program\":[{\"op\":\"work\",\"reductions\":10},{\"op\":\"crash\",\"reason\":\"boom\"}]},"
		"{\"name\":\"b\",\"template\":\"idle\"},{\"name\":\"c\",\"template\":\"idle\"},"
		"{\"name\":\"loner\",\"program\":[{\"op\":\"receive\",\"after\":{\"ticks\":50}}]}],"
		"\"links\":[[\"a\",\"b\"],[\"b\",\"c\"]]}", &scn);
	assert_string_equal(reason_of(s, "a"), "boom");
	assert_string_equal(reason_of(s, "b"), "boom");
	assert_string_equal(reason_of(s, "c"), "boom");
	assert_string_equal(reason_of(s, "loner"), "normal");
	uint64_t ta = exit_tick(s, "a");
	assert_int_equal(exit_tick(s, "b"), ta);
	assert_int_equal(exit_tick(s, "c"), ta + 1);
	done(s, scn);
}

/* A links to B and, in the same tick, is killed from another scheduler:
** the link signal still arrives before A's exit signal, so B dies too. */
static void test_link_then_die_in_same_tick(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":2},\"processes\":["
		"{\"name\":\"k\",\"scheduler\":1,\"program\":[{\"op\":\"work\",\"reductions\":9},{\"op\":\"exit\",\"to\":\"a\",\"reason\":\"boom\"}]},"
		"{\"name\":\"a\",\"scheduler\":2,\"program\":[{\"op\":\"work\",\"reductions\":9},{\"op\":\"link\",\"to\":\"b\"},{\"op\":\"receive\"}]},"
		"{\"name\":\"b\",\"scheduler\":1,\"program\":[{\"op\":\"receive\"}]}]}",
		&scn);
	assert_string_equal(reason_of(s, "a"), "boom");
	assert_int_equal(exit_tick(s, "a"), 10);
	assert_string_equal(reason_of(s, "b"), "boom");
	assert_int_equal(exit_tick(s, "b"), 11);
	done(s, scn);
}

/* link to a process that does not exist (OTP 25, erlang.xml link/1): a
** local caller that does not trap exits fails with noproc in the link's
** own tick, even as its last op; a trapping caller gets ["EXIT", d, noproc]
** at the boundary; a caller of a name whose process is not made yet (pid
** 0) fails too.  "Dead" is as of the last boundary: `same` links in the
** tick d exits in, and gets the noproc signal at that boundary. */
static void test_link_to_dead_local_raises(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":8},\"templates\":{\"idle\":{\"program\":[{\"op\":\"receive\"}]}},\"processes\":["
		"{\"name\":\"d\",\"program\":[{\"op\":\"work\",\"reductions\":2}]},"
		"{\"name\":\"a\",\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"link\",\"to\":\"d\"},"
		"  {\"op\":\"work\",\"reductions\":3}]},"
		"{\"name\":\"last\",\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"link\",\"to\":\"d\"}]},"
		"{\"name\":\"none\",\"program\":[{\"op\":\"link\",\"to\":\"later\"},{\"op\":\"work\",\"reductions\":3}]},"
		"{\"name\":\"same\",\"program\":[{\"op\":\"work\",\"reductions\":1},{\"op\":\"link\",\"to\":\"d\"},"
		"  {\"op\":\"work\",\"reductions\":3}]},"
		"{\"name\":\"t\",\"trap_exit\":true,\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"link\",\"to\":\"d\"},"
		"  {\"op\":\"receive\",\"cases\":[{\"match\":[\"EXIT\",\"d\",\"noproc\"],\"do\":[{\"op\":\"exit\",\"reason\":\"trapped\"}]}]}]}],"
		"\"timeline\":[{\"at\":50,\"do\":{\"op\":\"spawn\",\"template\":\"idle\",\"as\":\"later\"}},"
		"  {\"at\":60,\"do\":{\"op\":\"exit\",\"to\":\"later\",\"reason\":\"kill\"}}]}", &scn);
	assert_int_equal(exit_tick(s, "d"), 2);
	assert_string_equal(reason_of(s, "a"), "noproc");
	assert_int_equal(exit_tick(s, "a"), 6);        /* the link's tick; before: 7 */
	assert_string_equal(reason_of(s, "last"), "noproc");    /* before: normal */
	assert_int_equal(exit_tick(s, "last"), 6);
	assert_string_equal(reason_of(s, "none"), "noproc");
	assert_int_equal(exit_tick(s, "none"), 1);     /* before: 2 */
	assert_string_equal(reason_of(s, "same"), "noproc");
	assert_int_equal(exit_tick(s, "same"), 3);     /* d exits in the link's tick: the signal */
	assert_string_equal(reason_of(s, "t"), "trapped");
	assert_int_equal(exit_tick(s, "t"), 9);
	done(s, scn);
}

/* ... but a link to a dead process on another node is a signal there and
** back ("noproc is sent immediately if ... PidOrPort is remote"): r links
** at tick 6, the link arrives at x at 26, the noproc answer at 46 (before
** this fix it came back at once: 27), and r is taken down at the boundary.
** l, on d's own node, fails at once. */
static void test_link_to_dead_remote_is_a_signal(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"nodes\":[{\"name\":\"x\",\"schedulers\":1},{\"name\":\"y\",\"schedulers\":1}],"
		"  \"net\":{\"latency\":20}},\"processes\":["
		"{\"name\":\"d\",\"node\":\"x\",\"program\":[{\"op\":\"work\",\"reductions\":2}]},"
		"{\"name\":\"r\",\"node\":\"y\",\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"link\",\"to\":\"d\"},"
		"  {\"op\":\"work\",\"reductions\":100}]},"
		"{\"name\":\"l\",\"node\":\"x\",\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"link\",\"to\":\"d\"},"
		"  {\"op\":\"work\",\"reductions\":100}]}]}", &scn);
	assert_string_equal(reason_of(s, "r"), "noproc");
	assert_int_equal(exit_tick(s, "r"), 47);
	assert_string_equal(reason_of(s, "l"), "noproc");
	assert_int_equal(exit_tick(s, "l"), 8);        /* after d (ticks 1-2), 5 works, the link */
	done(s, scn);
}

static void test_normal_exit_does_not_propagate(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":1},\"processes\":["
		"{\"name\":\"a\",\"program\":[{\"op\":\"work\",\"reductions\":5}]},"
		"{\"name\":\"b\",\"program\":[{\"op\":\"sleep\",\"ticks\":50},{\"op\":\"exit\",\"reason\":\"survived\"}]}],"
		"\"links\":[[\"a\",\"b\"]]}", &scn);
	assert_string_equal(reason_of(s, "a"), "normal");
	assert_string_equal(reason_of(s, "b"), "survived");
	done(s, scn);
}

static void test_trap_exit_turns_signal_into_message(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"processes\":["
		"{\"name\":\"t\",\"trap_exit\":true,\"program\":[{\"op\":\"receive\",\"cases\":["
		"  {\"match\":[\"EXIT\",\"worker\",\"boom\"],\"do\":[{\"op\":\"work\",\"reductions\":3},{\"op\":\"exit\",\"reason\":\"handled\"}]}]}]},"
		"{\"name\":\"worker\",\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"crash\",\"reason\":\"boom\"}]}],"
		"\"links\":[[\"t\",\"worker\"]]}", &scn);
	assert_string_equal(reason_of(s, "worker"), "boom");
	assert_string_equal(reason_of(s, "t"), "handled");
	done(s, scn);
}

static void test_trap_exit_receives_normal_too(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"processes\":["
		"{\"name\":\"t\",\"program\":[{\"op\":\"trap_exit\",\"value\":true},{\"op\":\"link\",\"to\":\"w\"},"
		"  {\"op\":\"receive\",\"cases\":[{\"match\":[\"EXIT\",\"_\",\"normal\"],\"do\":[{\"op\":\"exit\",\"reason\":\"saw_normal\"}]}]}]},"
		"{\"name\":\"w\",\"program\":[{\"op\":\"work\",\"reductions\":10}]}]}", &scn);
	assert_string_equal(reason_of(s, "t"), "saw_normal");
	done(s, scn);
}

static void test_kill_is_untrappable_and_propagates_killed(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":1},\"templates\":{\"idle\":{\"program\":[{\"op\":\"receive\"}]}},"
		"\"processes\":[{\"name\":\"victim\",\"trap_exit\":true,\"template\":\"idle\"},"
		"{\"name\":\"friend\",\"template\":\"idle\"},"
		"{\"name\":\"watcher\",\"trap_exit\":true,\"program\":[{\"op\":\"receive\",\"cases\":["
		"  {\"match\":[\"EXIT\",\"victim\",\"_\"],\"do\":[{\"op\":\"receive\",\"after\":{\"ticks\":0}},{\"op\":\"exit\",\"reason\":\"saw_exit\"}]}]}]},"
		"{\"name\":\"killer\",\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"exit\",\"to\":\"victim\",\"reason\":\"kill\"}]}],"
		"\"links\":[[\"victim\",\"friend\"],[\"victim\",\"watcher\"]]}", &scn);
	assert_string_equal(reason_of(s, "victim"), "killed");
	assert_string_equal(reason_of(s, "friend"), "killed");
	assert_string_equal(reason_of(s, "watcher"), "saw_exit");
	assert_string_equal(reason_of(s, "killer"), "normal");
	done(s, scn);
}

static void test_exit_kill_by_itself_is_trappable_over_links(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"processes\":["
		"{\"name\":\"k\",\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"exit\",\"reason\":\"kill\"}]},"
		"{\"name\":\"trapper\",\"trap_exit\":true,\"program\":[{\"op\":\"receive\",\"cases\":["
		"  {\"match\":[\"EXIT\",\"k\",\"kill\"],\"do\":[{\"op\":\"exit\",\"reason\":\"trapped_kill\"}]}]}]},"
		"{\"name\":\"plain\",\"program\":[{\"op\":\"receive\"}]}],"
		"\"links\":[[\"k\",\"trapper\"],[\"k\",\"plain\"]]}", &scn);
	assert_string_equal(reason_of(s, "k"), "kill");
	assert_string_equal(reason_of(s, "trapper"), "trapped_kill");
	assert_string_equal(reason_of(s, "plain"), "kill");   /* not turned into killed */
	done(s, scn);
}

/* exit(self(), Reason) ends a process that does not trap exits in the
** reduction of the op, as BEAM does before the BIF returns (oracle seed 64:
** a process whose last op was `exit` to itself ended `normal`); `kill`
** too when it traps; a trapping process gets the EXIT as a message. */
static void test_exit_to_itself_takes_effect_at_once(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":8},\"processes\":["
		"{\"name\":\"a\",\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"exit\",\"to\":\"a\",\"reason\":\"badmatch\"}]},"
		"{\"name\":\"n\",\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"exit\",\"to\":\"self\",\"reason\":\"normal\"},"
		"  {\"op\":\"crash\",\"reason\":\"later\"}]},"
		"{\"name\":\"k\",\"trap_exit\":true,\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"exit\",\"to\":\"self\",\"reason\":\"kill\"},"
		"  {\"op\":\"crash\",\"reason\":\"later\"}]},"
		"{\"name\":\"t\",\"trap_exit\":true,\"program\":[{\"op\":\"work\",\"reductions\":5},{\"op\":\"exit\",\"to\":\"self\",\"reason\":\"boom\"},"
		"  {\"op\":\"receive\",\"cases\":[{\"match\":[\"EXIT\",\"t\",\"boom\"],\"do\":[{\"op\":\"exit\",\"reason\":\"trapped_self\"}]}]}]},"
		"{\"name\":\"watcher\",\"trap_exit\":true,\"program\":[{\"op\":\"receive\",\"cases\":["
		"  {\"match\":[\"EXIT\",\"k\",\"killed\"],\"do\":[{\"op\":\"exit\",\"reason\":\"saw_k\"}]}]}]}],"
		"\"links\":[[\"k\",\"watcher\"]]}", &scn);
	assert_string_equal(reason_of(s, "a"), "badmatch");    /* before: normal (the program ended first) */
	assert_int_equal(exit_tick(s, "a"), 6);
	assert_string_equal(reason_of(s, "n"), "normal");
	assert_int_equal(exit_tick(s, "n"), 6);
	assert_string_equal(reason_of(s, "k"), "killed");
	assert_int_equal(exit_tick(s, "k"), 6);
	assert_string_equal(reason_of(s, "watcher"), "saw_k");
	assert_int_equal(exit_tick(s, "watcher"), 8);           /* before: 9 */
	assert_string_equal(reason_of(s, "t"), "trapped_self");
	assert_int_equal(exit_tick(s, "t"), 8);
	done(s, scn);
}

static void test_monitor_gets_down(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"processes\":["
		"{\"name\":\"w\",\"program\":[{\"op\":\"monitor\",\"to\":\"target\"},{\"op\":\"receive\",\"cases\":["
		"  {\"match\":[\"DOWN\",\"target\",\"boom\"],\"do\":[{\"op\":\"monitor\",\"to\":\"target\"},"
		"    {\"op\":\"receive\",\"cases\":[{\"match\":[\"DOWN\",\"target\",\"noproc\"],\"do\":[{\"op\":\"exit\",\"reason\":\"both_downs\"}]}]}]}]}]},"
		"{\"name\":\"target\",\"program\":[{\"op\":\"work\",\"reductions\":10},{\"op\":\"crash\",\"reason\":\"boom\"}]}]}",
		&scn);
	assert_string_equal(reason_of(s, "target"), "boom");
	assert_string_equal(reason_of(s, "w"), "both_downs");   /* a monitor does not kill */
	done(s, scn);
}

static void test_timeline_exit_and_send(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"processes\":[{\"name\":\"a\",\"program\":[{\"op\":\"receive\",\"cases\":[{\"match\":\"go\",\"do\":[{\"op\":\"exit\",\"reason\":\"got_go\"}]}]}]},"
		"{\"name\":\"b\",\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":[{\"op\":\"work\",\"reductions\":10}]}]}],"
		"\"timeline\":[{\"at\":40,\"do\":{\"op\":\"exit\",\"to\":\"b\",\"reason\":\"kill\"}},"
		"{\"at\":20,\"do\":{\"op\":\"send\",\"to\":\"a\",\"message\":\"go\"}}]}", &scn);
	assert_string_equal(reason_of(s, "b"), "killed");
	assert_int_equal(exit_tick(s, "b"), 40);
	assert_string_equal(reason_of(s, "a"), "got_go");
	assert_int_equal(exit_tick(s, "a"), 22);   /* receive at 20, exit op at 21 */
	done(s, scn);
}

static void test_spawn_link_takes_child_down(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"templates\":{\"kid\":{\"program\":[{\"op\":\"receive\"}]}},"
		"\"processes\":[{\"name\":\"boss\",\"program\":[{\"op\":\"spawn\",\"template\":\"kid\",\"count\":2,\"link\":true},"
		"  {\"op\":\"spawn\",\"template\":\"kid\",\"as\":\"free\"},"
		"  {\"op\":\"work\",\"reductions\":5},{\"op\":\"crash\",\"reason\":\"oops\"}]}],"
		"\"timeline\":[{\"at\":100,\"do\":{\"op\":\"send\",\"to\":\"free\",\"message\":\"bye\"}}]}", &scn);
	assert_string_equal(reason_of(s, "kid_1"), "oops");
	assert_string_equal(reason_of(s, "kid_2"), "oops");
	assert_string_equal(reason_of(s, "free"), "normal");
	struct sim_proc_view v;
	sim_proc_view(s, pid_of(s, "kid_1"), &v);
	assert_int_equal(v.parent, pid_of(s, "boss"));
	done(s, scn);
}

/* {=== supervisors ===} */

static const char *sup_fmt =
	"{\"config\":{\"schedulers\":1},"
	"\"templates\":{\"idle\":{\"program\":[{\"op\":\"receive\"}]}},"
	"\"processes\":[{\"name\":\"sup\",\"supervisor\":{\"strategy\":\"%s\",\"children\":["
	"  {\"name\":\"a\",\"template\":\"idle\"},"
	"  {\"name\":\"b\",\"program\":[{\"op\":\"work\",\"reductions\":10},{\"op\":\"crash\",\"reason\":\"boom\"}],\"restart\":\"transient\"},"
	"  {\"name\":\"c\",\"template\":\"idle\"}]}}],"
	"\"timeline\":[{\"at\":15,\"do\":{\"op\":\"exit\",\"to\":\"b\",\"reason\":\"kill\"}},"
	"  {\"at\":500,\"do\":{\"op\":\"exit\",\"to\":\"sup\",\"reason\":\"kill\"}}]}";

static sim *run_sup(const char *strategy, sim_scenario **scn)
{
	char json[2048];
	snprintf(json, sizeof json, sup_fmt, strategy);
	return run_json(json, scn);
}

static void test_supervisor_one_for_one(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_sup("one_for_one", &scn);
	/* b crashes at 10 and is restarted; the new b is killed at 15... */
	assert_int_equal(incarnations(s, "a"), 1);
	assert_int_equal(incarnations(s, "c"), 1);
	assert_int_equal(incarnations(s, "b"), 2);   /* 2nd restart exceeds intensity 1 */
	struct sim_sup_view v;
	assert_int_equal(sim_sup_count(s), 1);
	sim_sup_view(s, 0, &v);
	assert_int_equal(v.restarts, 1);
	assert_string_equal(v.exit_reason, "shutdown");
	assert_string_equal(reason_of(s, "a"), "shutdown");
	done(s, scn);
}

static const char *strategy_fmt =
	"{\"config\":{\"schedulers\":1},"
	"\"templates\":{\"idle\":{\"program\":[{\"op\":\"receive\"}]}},"
	"\"processes\":[{\"name\":\"sup\",\"supervisor\":{\"strategy\":\"%s\",\"intensity\":3,\"children\":["
	"  {\"name\":\"a\",\"template\":\"idle\"},{\"name\":\"b\",\"template\":\"idle\"},"
	"  {\"name\":\"c\",\"template\":\"idle\"},{\"name\":\"d\",\"template\":\"idle\"}]}}],"
	"\"timeline\":[{\"at\":10,\"do\":{\"op\":\"exit\",\"to\":\"b\",\"reason\":\"boom\"}}]}";

static void strategy_case(const char *strategy, int ia, int ib, int ic, int id)
{
	char json[2048];
	snprintf(json, sizeof json, strategy_fmt, strategy);
	sim_scenario *scn = load_text(json);
	struct sim_config cfg = sim_scenario_config(scn);
	cfg.until = 200;
	sim *s = sim_create(scn, &cfg);
	sim_run_until(s, 200);
	assert_int_equal(incarnations(s, "a"), ia);
	assert_int_equal(incarnations(s, "b"), ib);
	assert_int_equal(incarnations(s, "c"), ic);
	assert_int_equal(incarnations(s, "d"), id);
	assert_string_equal(reason_of(s, "b"), "alive");
	assert_string_equal(reason_of(s, "d"), "alive");
	struct sim_sup_view v;
	sim_sup_view(s, 0, &v);
	assert_int_equal(v.restarts, 1);
	assert_null(v.exit_reason);
	done(s, scn);
}

static void test_supervisor_strategies(void **state)
{
	(void)state;
	strategy_case("one_for_one", 1, 2, 1, 1);
	strategy_case("one_for_all", 2, 2, 2, 2);
	strategy_case("rest_for_one", 1, 2, 2, 2);
}

static void test_restart_intensity_escalates(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json(
		"{\"config\":{\"schedulers\":1},"
		"\"templates\":{\"crasher\":{\"program\":[{\"op\":\"work\",\"reductions\":10},{\"op\":\"crash\",\"reason\":\"boom\"}]}},"
		"\"processes\":[{\"name\":\"top\",\"supervisor\":{\"strategy\":\"one_for_one\",\"intensity\":1,\"period\":100000,\"children\":["
		"  {\"name\":\"inner\",\"supervisor\":{\"intensity\":2,\"period\":100000,\"children\":[{\"name\":\"w\",\"template\":\"crasher\"}]}}]}}]}",
		&scn);
	/* inner gives up after its 3rd restart request; top restarts inner once,
	** then gives up too: 2 inner incarnations, each with 3 w's. */
	assert_int_equal(incarnations(s, "inner"), 2);
	assert_int_equal(incarnations(s, "w"), 6);
	assert_string_equal(reason_of(s, "inner"), "shutdown");
	assert_string_equal(reason_of(s, "top"), "shutdown");
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	done(s, scn);
}

/* {=== end states, determinism, checkpoints ===} */

/* A child that crashes 10 reductions after it starts: its supervisor
** decides a restart every 12 ticks (at 12, 24, 36, ...). */
static const char *window_fmt =
	"{\"config\":{\"schedulers\":1,\"until\":%llu},\"processes\":[{\"name\":\"sup\","
	"\"supervisor\":{\"intensity\":%u,\"period\":%llu,\"children\":[{\"name\":\"c\","
	"\"program\":[{\"op\":\"work\",\"reductions\":10},{\"op\":\"crash\",\"reason\":\"boom\"}]}]}}]}";

/* Runs it to the end; the peak of sim_memory_bytes and of the ring of
** restart times (slots) are sampled on the way. */
static sim *run_window(unsigned long long until, unsigned intensity, unsigned long long period,
                       sim_scenario **scn, size_t *peak_bytes, uint32_t *peak_slots)
{
	char json[1024];
	snprintf(json, sizeof json, window_fmt, until, intensity, period);
	*scn = load_text(json);
	struct sim_config cfg = sim_scenario_config(*scn);
	sim *s = sim_create(*scn, &cfg);
	assert_non_null(s);
	*peak_bytes = sim_memory_bytes(s);
	*peak_slots = 0;
	for (uint64_t n = 0; sim_step(s) == SIM_END_NONE; n++) {
		const struct proc *sup = proc_get(s, 1);
		if (sup && sup->sup && sup->sup->rcap > *peak_slots)
			*peak_slots = sup->sup->rcap;
		if (n % 64 == 0 && sim_memory_bytes(s) > *peak_bytes)
			*peak_bytes = sim_memory_bytes(s);
	}
	return s;
}

static uint64_t sup_restarts(const sim *s, const char **exit_reason)
{
	struct sim_sup_view v;
	assert_int_equal(sim_sup_count(s), 1);
	sim_sup_view(s, 0, &v);
	*exit_reason = v.exit_reason;
	return v.restarts;
}

/* The window is OTP's: a restart at tick t counts while t >= now - period
** (supervisor.erl, can_restart).  With restarts 12 ticks apart and
** intensity 2, a period of 23 holds two of them (never more than
** intensity: it runs to the limit), a period of 24 holds three at tick 36
** (12, 24, 36; 12 >= 36 - 24): it gives up there. */
static void test_restart_window_edges(void **state)
{
	(void)state;
	sim_scenario *scn;
	size_t bytes;
	uint32_t slots;
	const char *why;
	sim *s = run_window(600, 2, 23, &scn, &bytes, &slots);
	assert_int_equal(sim_end_state(s), SIM_END_LIMIT);
	assert_int_equal(sup_restarts(s, &why), 50);       /* 12, 24, ..., 600 */
	assert_null(why);
	done(s, scn);
	s = run_window(600, 2, 24, &scn, &bytes, &slots);
	assert_int_equal(sup_restarts(s, &why), 2);
	assert_non_null(why);
	assert_string_equal(why, "shutdown");
	assert_int_equal(exit_tick(s, "sup"), 36);
	assert_int_equal(incarnations(s, "c"), 3);
	done(s, scn);
}

/* Restart history is kept only inside the window: intensity 10^6 costs
** nothing up front (it used to allocate 8 MB per supervisor), and 83,333
** restarts over a long run need no more slots than 83 in a short one. */
static void test_restart_window_memory(void **state)
{
	(void)state;
	sim_scenario *scn;
	size_t bytes_huge, bytes_ten, bytes;
	uint32_t slots_short, slots_long, slots;
	const char *why;
	sim *s = run_window(1000, 1000000, 50, &scn, &bytes_huge, &slots_short);
	assert_int_equal(sup_restarts(s, &why), 83);
	done(s, scn);
	s = run_window(1000, 10, 50, &scn, &bytes_ten, &slots);
	assert_int_equal(sup_restarts(s, &why), 83);
	done(s, scn);
	assert_int_equal(bytes_huge, bytes_ten);        /* the same ring, not 10^6 slots */
	assert_true(slots_short <= 8);                  /* at most 5 restarts in 50 ticks */
	s = run_window(1000000, 1000000, 50, &scn, &bytes, &slots_long);
	assert_int_equal(sim_end_state(s), SIM_END_LIMIT);
	assert_int_equal(sup_restarts(s, &why), 83333);
	assert_null(why);
	assert_int_equal(slots_long, slots_short);
	done(s, scn);
	/* a window that keeps every restart grows with the restarts made (999
	** here), not with the intensity, and gives slots back as they age out */
	s = run_window(12000, 1000000, 1000000000000ull, &scn, &bytes, &slots);
	assert_int_equal(sup_restarts(s, &why), 1000);
	assert_int_equal(slots, 1024);
	done(s, scn);
}

static void test_end_states(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = run_json("{\"processes\":[{\"name\":\"w\",\"program\":[{\"op\":\"receive\"}]}]}", &scn);
	assert_int_equal(sim_end_state(s), SIM_END_DEADLOCK);
	assert_int_equal(sim_now(s), 1);
	done(s, scn);
	s = run_json("{\"config\":{\"until\":500},\"processes\":[{\"name\":\"w\",\"program\":"
	             "[{\"op\":\"loop\",\"times\":\"forever\",\"do\":[{\"op\":\"sleep\",\"ticks\":7}]}]}]}", &scn);
	assert_int_equal(sim_end_state(s), SIM_END_LIMIT);
	assert_int_equal(sim_now(s), 500);
	done(s, scn);
}

static uint64_t run_hash(sim *s, uint64_t until)
{
	uint64_t h = hash_events(s, HASH_START);
	while (sim_end_state(s) == SIM_END_NONE && sim_now(s) < until) {
		sim_step(s);
		h = hash_events(s, h);
	}
	return h;
}

static void test_determinism_and_checkpoints(void **state)
{
	(void)state;
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_default(&d);
	assert_non_null(scn);
	struct sim_config cfg = sim_scenario_config(scn);
	sim *a = sim_create(scn, &cfg), *b = sim_create(scn, &cfg);
	uint64_t ha = run_hash(a, UINT64_MAX), hb = run_hash(b, UINT64_MAX);
	assert_int_equal(ha, hb);
	char *ja = sim_summary_json(a), *jb = sim_summary_json(b);
	assert_string_equal(ja, jb);
	free(jb);
	sim_destroy(b);

	/* Run to tick 37, checkpoint, run on; restore; the rest is the same. */
	sim *c = sim_create(scn, &cfg);
	run_hash(c, 37);
	sim_checkpoint *cp = sim_checkpoint_create(c);
	assert_non_null(cp);
	assert_int_equal(sim_checkpoint_tick(cp), sim_now(c));
	uint64_t first = run_hash(c, UINT64_MAX);
	char *j1 = sim_summary_json(c);
	assert_int_equal(sim_checkpoint_restore(c, cp), SIM_OK);
	assert_int_equal(sim_now(c), sim_checkpoint_tick(cp));
	uint64_t second = run_hash(c, UINT64_MAX);
	char *j2 = sim_summary_json(c);
	assert_int_equal(first, second);
	assert_string_equal(j1, j2);
	assert_string_equal(j1, ja);
	free(ja);
	free(j1);
	free(j2);
	sim_checkpoint_destroy(cp);
	sim_destroy(a);
	sim_destroy(c);
	sim_scenario_free(scn);
	sim_diag_free(&d);
}

static void test_command_kill(void **state)
{
	(void)state;
	sim_scenario *scn = load_text("{\"processes\":[{\"name\":\"w\",\"trap_exit\":true,\"program\":"
	                              "[{\"op\":\"loop\",\"times\":\"forever\",\"do\":[{\"op\":\"work\",\"reductions\":5}]}]}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	sim_run_until(s, 10);
	assert_true(sim_cmd_exit(s, pid_of(s, "w"), "kill"));
	assert_string_equal(reason_of(s, "w"), "killed");
	assert_false(sim_cmd_exit(s, pid_of(s, "w"), "kill"));
	sim_step(s);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	done(s, scn);
}

/* {=== limits: mailboxes, message memory, processes ===} */

struct limits_seen {
	uint32_t n;
	struct sim_event ev[4];      /* the first SIM_EV_LIMIT events */
};

/* Steps s to the end, keeping its limit events. */
static void run_watching_limits(sim *s, struct limits_seen *l)
{
	memset(l, 0, sizeof *l);
	do {
		size_t n;
		const struct sim_event *ev = sim_events(s, &n);
		for (size_t i = 0; i < n; i++)
			if (ev[i].type == SIM_EV_LIMIT && l->n++ < 4)
				l->ev[l->n - 1] = ev[i];
	} while (sim_end_state(s) == SIM_END_NONE && (sim_step(s), true));
}

/* A sink that never takes a message, flooded by a loop; `watch` links to
** it and monitors it, trapping exits; `buddy` is only linked. */
static const char *flood_fmt =
	"{\"config\":{\"schedulers\":2,\"until\":20000,%s},\"processes\":["
	"{\"name\":\"sink\",\"program\":[{\"op\":\"receive\",\"cases\":[{\"match\":\"never\"}]}]},"
	"{\"name\":\"watch\",\"trap_exit\":true,\"program\":[{\"op\":\"link\",\"to\":\"sink\"},"
	"  {\"op\":\"monitor\",\"to\":\"sink\"},"
	"  {\"op\":\"receive\",\"cases\":[{\"match\":[\"EXIT\",\"sink\",\"killed\"]}]},"
	"  {\"op\":\"receive\",\"cases\":[{\"match\":[\"DOWN\",\"sink\",\"killed\"]}]}]},"
	"{\"name\":\"buddy\",\"program\":[{\"op\":\"link\",\"to\":\"sink\"},{\"op\":\"receive\"}]},"
	"{\"name\":\"flood\",\"start\":5,\"program\":[{\"op\":\"loop\",\"times\":200,"
	"  \"do\":[{\"op\":\"send\",\"to\":\"sink\",\"message\":\"x\"}]}]}]}";

/* Loads json, runs it with at most `max_procs` pids, keeps its limit events. */
static sim *run_limited(const char *json, uint32_t max_procs, sim_scenario **scn,
                        struct limits_seen *l)
{
	*scn = load_text(json);
	struct sim_config cfg = sim_scenario_config(*scn);
	sim *s = sim_create(*scn, &cfg);
	assert_non_null(s);
	sim_set_process_limit(s, max_procs);
	run_watching_limits(s, l);
	return s;
}

static sim *run_flood(const char *config, sim_scenario **scn, struct limits_seen *l)
{
	char json[2048];
	snprintf(json, sizeof json, flood_fmt, config);
	return run_limited(json, SIM_MAX_PROCESSES, scn, l);
}

/* max_mailbox: the 101st message kills the sink with reason killed (BEAM's
** max_heap_size, kill => true); links and monitors see killed; the run
** goes on (the rest of the flood is dropped). */
static void test_max_mailbox_kills(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct limits_seen l;
	sim *s = run_flood("\"max_mailbox\":100", &scn, &l);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_string_equal(reason_of(s, "sink"), "killed");
	assert_string_equal(reason_of(s, "watch"), "normal");   /* got EXIT and DOWN killed */
	assert_string_equal(reason_of(s, "buddy"), "killed");   /* the link carried killed */
	assert_string_equal(reason_of(s, "flood"), "normal");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ev[0].pid, pid_of(s, "sink"));
	assert_int_equal(l.ev[0].other, pid_of(s, "flood"));
	assert_string_equal(l.ev[0].text, "max_mailbox");
	assert_string_equal(l.ev[0].reason, "killed");
	struct sim_proc_view v;
	assert_true(sim_proc_view(s, pid_of(s, "sink"), &v));
	assert_int_equal(v.mailbox, 101);
	assert_int_equal(v.exit_tick, l.ev[0].tick);
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.sent, 200);
	assert_int_equal(t.delivered, 101);
	assert_int_equal(t.dropped, 99);
	done(s, scn);
	/* the default: no limit per mailbox, all 200 stay queued */
	s = run_flood("\"seed\":0", &scn, &l);
	assert_int_equal(l.n, 0);
	assert_string_equal(reason_of(s, "sink"), "alive");
	assert_int_equal(sim_end_state(s), SIM_END_DEADLOCK);
	done(s, scn);
}

/* max_message_memory: when the queued messages take more than the limit
** (32 bytes each), the node is out of memory and the run ends there. */
static void test_message_memory_ends_run(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct limits_seen l;
	sim *s = run_flood("\"max_message_memory\":3200", &scn, &l);   /* 100 messages */
	assert_int_equal(sim_end_state(s), SIM_END_MEMORY_LIMIT);
	assert_string_equal(sim_end_name(SIM_END_MEMORY_LIMIT), "memory_limit");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ev[0].pid, pid_of(s, "sink"));
	assert_string_equal(l.ev[0].text, "max_message_memory");
	assert_string_equal(l.ev[0].reason, "memory_limit");
	assert_int_equal(sim_now(s), l.ev[0].tick);
	assert_string_equal(reason_of(s, "sink"), "alive");
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.delivered, 101);
	assert_int_equal(t.in_mailboxes, 101);
	assert_int_equal(sim_step(s), SIM_END_MEMORY_LIMIT);      /* it stays ended */
	char *json = sim_summary_json(s);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"memory_limit\""));
	free(json);
	done(s, scn);
	/* messages taken by receive free their memory: a reader keeps up */
	s = run_json("{\"config\":{\"max_message_memory\":64},\"processes\":["
	             "{\"name\":\"r\",\"program\":[{\"op\":\"loop\",\"times\":100,\"do\":[{\"op\":\"receive\"}]}]},"
	             "{\"name\":\"w\",\"program\":[{\"op\":\"loop\",\"times\":100,\"do\":["
	             "  {\"op\":\"send\",\"to\":\"r\",\"message\":1},{\"op\":\"work\",\"reductions\":3}]}]}]}",
	             &scn);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_string_equal(reason_of(s, "r"), "normal");
	done(s, scn);
	/* full already at tick 0 (timeline sends): the run has ended at creation */
	scn = load_text("{\"config\":{\"max_message_memory\":32},\"processes\":[{\"name\":\"later\","
	                "\"start\":9,\"program\":[{\"op\":\"work\",\"reductions\":1}]}],\"timeline\":["
	                "{\"at\":0,\"do\":{\"op\":\"spawn\",\"process\":{\"name\":\"r\",\"program\":"
	                "  [{\"op\":\"receive\",\"cases\":[{\"match\":0}]}]}}},"
	                "{\"at\":0,\"do\":{\"op\":\"send\",\"to\":\"r\",\"message\":1}},"
	                "{\"at\":0,\"do\":{\"op\":\"send\",\"to\":\"r\",\"message\":2}},"
	                "{\"at\":0,\"do\":{\"op\":\"send\",\"to\":\"r\",\"message\":3}}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	s = sim_create(scn, &cfg);
	assert_non_null(s);
	assert_int_equal(sim_end_state(s), SIM_END_MEMORY_LIMIT);
	sim_totals(s, &t);
	assert_int_equal(t.sent, 3);                  /* the boundary is completed */
	assert_int_equal(t.in_mailboxes, 3);
	assert_int_equal(sim_step(s), SIM_END_MEMORY_LIMIT);
	assert_int_equal(sim_now(s), 0);
	done(s, scn);
	/* the keys are checked like every config key */
	enum sim_status st;
	char *err = load_errors("{\"config\":{\"max_mailbox\":-1,\"max_message_memory\":1099511627777},"
	                        "\"processes\":[{\"name\":\"a\",\"program\":[]}]}", &st);
	assert_int_equal(st, SIM_EINVALID);
	assert_non_null(strstr(err, "config.max_mailbox: expected a non-negative integer"));
	assert_non_null(strstr(err, "config.max_message_memory: 1099511627777 is out of range"));
	free(err);
}

/* At the process limit a spawn is refused with a SIM_EV_LIMIT event
** (system_limit), whatever state its spawner is in; a live spawner is
** ended with system_limit as BEAM's spawn raises it. */
static void test_process_limit_is_reported(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct limits_seen l;
	struct sim_totals t;
	/* the spawner is alive: it is ended with system_limit */
	sim *s = run_limited(
		"{\"templates\":{\"k\":{\"program\":[{\"op\":\"receive\"}]}},\"processes\":["
		"{\"name\":\"boss\",\"program\":[{\"op\":\"spawn\",\"template\":\"k\",\"as\":\"kid\",\"count\":5},"
		"  {\"op\":\"work\",\"reductions\":10}]}]}", 4, &scn, &l);
	assert_string_equal(reason_of(s, "boss"), "system_limit");
	assert_int_equal(sim_proc_count(s), 4);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ev[0].pid, pid_of(s, "boss"));
	assert_string_equal(l.ev[0].text, "max_processes");
	assert_string_equal(l.ev[0].reason, "system_limit");
	assert_string_equal(l.ev[0].name, "kid_4");
	sim_totals(s, &t);
	assert_int_equal(t.spawn_failed, 1);
	done(s, scn);
	/* the spawner has exited in the tick it spawned (its last op): the
	** refusal used to vanish, and the run said all_exited with no trace */
	s = run_limited(
		"{\"templates\":{\"k\":{\"program\":[{\"op\":\"work\",\"reductions\":3}]}},\"processes\":["
		"{\"name\":\"boss\",\"program\":[{\"op\":\"spawn\",\"template\":\"k\",\"as\":\"kid\"},"
		"  {\"op\":\"spawn\",\"template\":\"k\",\"as\":\"late\"}]}]}", 2, &scn, &l);
	assert_string_equal(reason_of(s, "boss"), "normal");
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ev[0].pid, pid_of(s, "boss"));
	assert_string_equal(l.ev[0].reason, "system_limit");
	assert_string_equal(l.ev[0].name, "late");
	sim_totals(s, &t);
	assert_int_equal(t.spawn_failed, 1);
	char *json = sim_summary_json(s);   /* and the summary says so */
	assert_non_null(json);
	assert_non_null(strstr(json, "\n\t\"spawn_failed\":\t1,\n"));
	free(json);
	done(s, scn);
	/* a timeline spawn: one event (pid 0) for the whole refused count */
	s = run_limited(
		"{\"processes\":[{\"name\":\"a\",\"program\":[{\"op\":\"work\",\"reductions\":20}]}],"
		"\"templates\":{\"k\":{\"program\":[{\"op\":\"work\",\"reductions\":1}]}},"
		"\"timeline\":[{\"at\":5,\"do\":{\"op\":\"spawn\",\"template\":\"k\",\"as\":\"t\",\"count\":3}}]}",
		2, &scn, &l);
	assert_int_equal(sim_proc_count(s), 2);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ev[0].pid, 0);
	assert_int_equal(l.ev[0].tick, 5);
	assert_string_equal(l.ev[0].name, "t_2");
	done(s, scn);
}

/* {=== out of memory: the contracts of sim.h ===} */

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OOM_TESTS 0        /* sanitizers reserve terabytes: RLIMIT_AS cannot work */
#else
#define OOM_TESTS 1

/* The address space this process uses now, in bytes. */
static size_t vm_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long pages = 0;
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%lu", &pages), 1);
	fclose(f);
	return pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* In a child limited to `extra` more bytes of address space: creates an
** engine for scn (and, with `checkpoint`, takes a checkpoint of it after
** the limit is set).  Returns what the child saw: 0 the call returned
** NULL, 1 it succeeded, -1 the child did not exit normally (abort). */
static int under_limit(const sim_scenario *scn, size_t extra, bool checkpoint)
{
	struct sim_config cfg = sim_scenario_config(scn);
	fflush(NULL);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		sim *s = checkpoint ? sim_create(scn, &cfg) : NULL;
		if (checkpoint && !s)
			_exit(3);
		size_t lim = vm_bytes() + extra;
		struct rlimit rl = { lim, lim };
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			_exit(4);
		void *r = checkpoint ? (void *)sim_checkpoint_create(s) : (void *)sim_create(scn, &cfg);
		_exit(r ? 1 : 0);
	}
	int st;
	assert_int_equal(waitpid(child, &st, 0), child);
	if (!WIFEXITED(st))
		return -1;
	assert_true(WEXITSTATUS(st) <= 1);
	return WEXITSTATUS(st);
}

/* sim_create promises NULL when out of memory: also when the processes of
** tick 0 do not fit (that boundary used to abort the whole program).  And
** sim_checkpoint_create returns NULL rather than aborting. */
static void test_out_of_memory_returns_null(void **state)
{
	(void)state;
	sim_scenario *scn = load_text("{\"processes\":[{\"name\":\"p\",\"count\":300000,"
	                              "\"program\":[{\"op\":\"receive\"}]}]}");
	assert_int_equal(under_limit(scn, 512u << 20, false), 1);    /* ~70 MB: fits in 512 MiB */
	assert_int_equal(under_limit(scn, 16u << 20, false), 0);     /* not in 16 MiB: NULL */
	assert_int_equal(under_limit(scn, 16u << 20, true), 0);      /* nor its checkpoint */
	sim_scenario_free(scn);
}
#endif

/* sim_create_masked: events left out of the mask are not stored even at
** tick 0 (a --quiet run of a million processes kept 117 MB of spawn events
** nobody read), and the run itself is the same: same summary. */
static void test_create_masked_stores_no_tick0_events(void **state)
{
	(void)state;
	sim_scenario *scn = load_text("{\"processes\":[{\"name\":\"p\",\"count\":1000,"
	                              "\"program\":[{\"op\":\"work\",\"reductions\":3}]}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *all = sim_create(scn, &cfg);
	sim *none = sim_create_masked(scn, &cfg, 0);
	sim *spawns = sim_create_masked(scn, &cfg, 1u << SIM_EV_SPAWN);
	assert_non_null(all);
	assert_non_null(none);
	assert_non_null(spawns);
	size_t n_all, n_none, n_spawns;
	sim_events(all, &n_all);
	sim_events(none, &n_none);
	const struct sim_event *ev = sim_events(spawns, &n_spawns);
	assert_true(n_all >= 1000);            /* a spawn event per process, at least */
	assert_int_equal(n_none, 0);
	assert_int_equal(n_spawns, 1000);
	for (size_t i = 0; i < n_spawns; i++)
		assert_int_equal(ev[i].type, SIM_EV_SPAWN);
	sim_run_until(all, cfg.until);
	sim_run_until(none, cfg.until);
	char *a = sim_summary_json(all), *b = sim_summary_json(none);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	sim_destroy(all);
	sim_destroy(none);
	sim_destroy(spawns);
	sim_scenario_free(scn);
}

/* The NOTE events of s's last step, "TICK:TEXT;" each, appended to buf. */
static void note_events(const sim *s, char *buf, size_t size)
{
	size_t n;
	const struct sim_event *ev = sim_events(s, &n);
	for (size_t i = 0; i < n; i++)
		if (ev[i].type == SIM_EV_NOTE) {
			size_t len = strlen(buf);
			snprintf(buf + len, size - len, "%llu:%s;", (unsigned long long)ev[i].tick, ev[i].text);
		}
}

/* A note tied to an event is a NOTE event at that event's tick, once per
** run, never when the event does not happen; a checkpoint restored from
** before the event emits it again, one from after does not. */
static void test_when_notes_are_events(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(
		"{\"config\": {\"schedulers\": 1, \"slice\": 100},"
		" \"processes\": [{\"name\": \"a\", \"program\": [{\"op\": \"work\", \"reductions\": 5},"
		"   {\"op\": \"crash\", \"reason\": \"boom\"}]},"
		"  {\"name\": \"b\", \"program\": [{\"op\": \"receive\"}]},"
		"  {\"name\": \"c\", \"program\": [{\"op\": \"receive\"}]}],"
		" \"links\": [[\"a\", \"b\"]],"
		" \"notes\": [{\"when\": {\"exit\": \"b\"}, \"text\": \"B\"},"
		"  {\"when\": {\"crash\": \"a\"}, \"text\": \"A\"},"
		"  {\"when\": {\"spawn\": \"c\"}, \"text\": \"S\"},"
		"  {\"when\": {\"receive\": \"c\"}, \"text\": \"never\"},"
		"  {\"at\": 2, \"text\": \"T\"}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	char got[256] = "";
	note_events(s, got, sizeof got);
	assert_string_equal(got, "0:S;");
	sim_checkpoint *before = NULL;
	while (sim_step(s) == SIM_END_NONE) {   /* c waits forever: a deadlock ends it */
		if (!before && sim_now(s) >= 2 && sim_now(s) < 6)
			before = sim_checkpoint_create(s);
		note_events(s, got, sizeof got);
	}
	note_events(s, got, sizeof got);
	assert_string_equal(got, "0:S;2:T;6:A;6:B;");   /* b dies in the tick a exits */
	assert_string_equal(reason_of(s, "b"), "boom");
	assert_non_null(before);
	assert_int_equal(sim_checkpoint_restore(s, before), SIM_OK);
	got[0] = '\0';
	while (sim_step(s) == SIM_END_NONE)
		note_events(s, got, sizeof got);
	note_events(s, got, sizeof got);
	assert_string_equal(got, "6:A;6:B;");
	sim_checkpoint_destroy(before);
	sim_destroy(s);
	sim_scenario_free(scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_work_costs_one_tick_per_reduction),
		cmocka_unit_test(test_two_schedulers_run_in_parallel),
		cmocka_unit_test(test_preemption_by_reductions),
		cmocka_unit_test(test_cooperative_lets_one_task_block_all),
		cmocka_unit_test(test_high_priority_served_first),
		cmocka_unit_test(test_low_priority_waits_but_runs),
		cmocka_unit_test(test_work_stealing),
		cmocka_unit_test(test_shared_queue_uses_all_schedulers),
		cmocka_unit_test(test_native_holds_scheduler),
		cmocka_unit_test(test_dirty_native_frees_scheduler),
		cmocka_unit_test(test_selective_receive_order),
		cmocka_unit_test(test_patterns_objects_and_wildcards),
		cmocka_unit_test(test_send_to_dead_process_is_dropped),
		cmocka_unit_test(test_ping_pong_uses_sender),
		cmocka_unit_test(test_receive_after_times_out),
		cmocka_unit_test(test_crash_isolation),
		cmocka_unit_test(test_links_propagate_one_hop_per_tick),
		cmocka_unit_test(test_normal_exit_does_not_propagate),
		cmocka_unit_test(test_link_then_die_in_same_tick),
		cmocka_unit_test(test_link_to_dead_local_raises),
		cmocka_unit_test(test_link_to_dead_remote_is_a_signal),
		cmocka_unit_test(test_after_still_fires_after_nonmatching_message),
		cmocka_unit_test(test_trap_exit_turns_signal_into_message),
		cmocka_unit_test(test_trap_exit_receives_normal_too),
		cmocka_unit_test(test_kill_is_untrappable_and_propagates_killed),
		cmocka_unit_test(test_exit_kill_by_itself_is_trappable_over_links),
		cmocka_unit_test(test_exit_to_itself_takes_effect_at_once),
		cmocka_unit_test(test_monitor_gets_down),
		cmocka_unit_test(test_timeline_exit_and_send),
		cmocka_unit_test(test_spawn_link_takes_child_down),
		cmocka_unit_test(test_supervisor_one_for_one),
		cmocka_unit_test(test_supervisor_strategies),
		cmocka_unit_test(test_restart_intensity_escalates),
		cmocka_unit_test(test_restart_window_edges),
		cmocka_unit_test(test_restart_window_memory),
		cmocka_unit_test(test_end_states),
		cmocka_unit_test(test_determinism_and_checkpoints),
		cmocka_unit_test(test_command_kill),
		cmocka_unit_test(test_max_mailbox_kills),
		cmocka_unit_test(test_message_memory_ends_run),
		cmocka_unit_test(test_process_limit_is_reported),
		cmocka_unit_test(test_create_masked_stores_no_tick0_events),
		cmocka_unit_test(test_when_notes_are_events),
#if OOM_TESTS
		cmocka_unit_test(test_out_of_memory_returns_null),
#endif
	};
	if (!OOM_TESTS)
		puts("test_out_of_memory_returns_null: not in sanitizer builds (RLIMIT_AS)");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
