/*
** test_shutdown.c - how supervisors stop their children (issue 12): OTP's
** supervisor:terminate_children and shutdown/2, the child spec key
** "shutdown", the parent rule, and the end of a run of idle supervisors.
** Every tick asserted here is the engine's, checked by hand against the
** protocol in docs/scenario-format.md ("Stopping children").
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static sim *make(const char *json, sim_scenario **scn)
{
	*scn = load_text(json);
	struct sim_config cfg = sim_scenario_config(*scn);
	sim *s = sim_create(*scn, &cfg);
	assert_non_null(s);
	return s;
}

static void done(sim *s, sim_scenario *scn)
{
	sim_destroy(s);
	sim_scenario_free(scn);
}

static struct sim_proc_view view_of(const sim *s, const char *name)
{
	struct sim_proc_view v;
	assert_true(sim_proc_view(s, pid_of(s, name), &v));
	return v;
}

static uint64_t exit_tick(const sim *s, const char *name)
{
	struct sim_proc_view v = view_of(s, name);
	assert_non_null(v.exit_reason);
	return v.exit_tick;
}

/* The view of the supervisor with pid `pid`. */
static struct sim_sup_view sup_of(const sim *s, uint32_t pid)
{
	struct sim_sup_view v;
	for (size_t i = 0; i < sim_sup_count(s); i++) {
		sim_sup_view(s, i, &v);
		if (v.pid == pid)
			return v;
	}
	fail_msg("no supervisor %u", pid);
	return v;
}

/* The example of docs/scenario-format.md: brutal_kill first (reverse
** start order), then a trapping child that cleans up within its time. */
static const char *app_json =
	"{\"config\":{\"schedulers\":2,\"until\":200},\"processes\":["
	"{\"name\":\"app\",\"supervisor\":{\"strategy\":\"one_for_all\",\"children\":["
	" {\"name\":\"cache\",\"trap_exit\":true,\"shutdown\":50,\"program\":["
	"  {\"op\":\"receive\",\"cases\":[{\"match\":[\"EXIT\",\"_\",\"shutdown\"],\"do\":["
	"   {\"op\":\"work\",\"reductions\":20},{\"op\":\"exit\",\"reason\":\"shutdown\"}]}]}]},"
	" {\"name\":\"socket\",\"shutdown\":\"brutal_kill\",\"program\":[{\"op\":\"receive\"}]},"
	" {\"name\":\"worker\",\"restart\":\"transient\",\"program\":["
	"  {\"op\":\"sleep\",\"ticks\":30},{\"op\":\"crash\",\"reason\":\"boom\"}]}]}}]}";

static void test_trapping_child_cleans_up(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = make(app_json, &scn);
	uint32_t app = pid_of(s, "app"), cache1 = pid_of(s, "cache"), socket1 = pid_of(s, "socket");
	sim_run_until(s, 40);          /* cache got its shutdown at 36 and cleans up */
	struct sim_proc_view c = view_of(s, "cache");
	assert_null(c.exit_reason);
	assert_int_equal(c.stopping_by, app);
	assert_int_equal(c.stop_deadline, 36 + 50);
	assert_int_equal(sup_of(s, app).stopping, cache1);
	struct sim_proc_view sk;
	assert_true(sim_proc_view(s, socket1, &sk));
	assert_string_equal(sk.exit_reason, "killed");   /* brutal_kill */
	assert_int_equal(sk.exit_tick, 34);
	assert_int_equal(sk.stopping_by, 0);
	sim_run_until(s, 59);
	assert_true(sim_proc_view(s, cache1, &c));
	assert_string_equal(c.exit_reason, "shutdown");  /* its own exit, not a kill */
	assert_int_equal(c.exit_tick, 58);
	assert_int_equal(sup_of(s, app).stopping, 0);
	assert_int_equal(incarnations(s, "cache"), 2);   /* restarted once all stopped */
	assert_int_equal(view_of(s, "cache").spawn_tick, 59);
	assert_int_equal(view_of(s, "worker").spawn_tick, 59);
	done(s, scn);
}

/* A trapping child that never exits is killed when its time runs out. */
static void test_shutdown_time_runs_out(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = make("{\"config\":{\"schedulers\":1},\"processes\":[{\"name\":\"sup\",\"supervisor\":"
	              "{\"intensity\":0,\"children\":["
	              " {\"name\":\"stubborn\",\"trap_exit\":true,\"shutdown\":10,\"program\":"
	              "  [{\"op\":\"receive\",\"cases\":[{\"match\":\"never\"}]}]},"
	              " {\"name\":\"crasher\",\"program\":[{\"op\":\"work\",\"reductions\":5},"
	              "  {\"op\":\"crash\",\"reason\":\"boom\"}]}]}}]}", &scn);
	sim_run_until(s, 9);           /* the next step jumps to the timer at 18 */
	assert_int_equal(sim_now(s), 9);
	struct sim_proc_view v = view_of(s, "stubborn");
	assert_int_equal(v.stopping_by, pid_of(s, "sup"));
	assert_int_equal(v.stop_deadline, 18);
	assert_int_equal(v.mailbox, 1);                  /* ["EXIT", sup, shutdown], unmatched */
	assert_int_equal(sim_run_until(s, UINT64_MAX), SIM_END_ALL_EXITED);
	assert_string_equal(reason_of(s, "crasher"), "boom");
	assert_int_equal(exit_tick(s, "crasher"), 7);
	assert_string_equal(reason_of(s, "stubborn"), "killed");
	assert_int_equal(exit_tick(s, "stubborn"), 18);  /* the shutdown (at 8) + 10 ticks */
	assert_string_equal(reason_of(s, "sup"), "shutdown");
	assert_int_equal(exit_tick(s, "sup"), 20);
	done(s, scn);
}

/* A child that sent its supervisor a false EXIT (exit(Sup, boom), and lives
** on) is still stopped: OTP 25's shutdown/1 sends it `shutdown` and waits
** for the DOWN, and reads the EXIT only after it (unlink_flush).  liar's
** EXIT comes at 8, while sup (given up at 6) waits for slow's DOWN; sup
** stops liar at 19 and kills it 20 ticks later (seed 483 of the oracle;
** before, sup took the EXIT as liar's end and left it alive, unlinked;
** OTP 25.2 kills it, 3 of 3 runs). */
static void test_false_exit_does_not_spare_a_child(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = make("{\"config\":{\"schedulers\":2},\"processes\":[{\"name\":\"sup\",\"supervisor\":"
	              "{\"intensity\":0,\"children\":["
	              " {\"name\":\"liar\",\"trap_exit\":true,\"shutdown\":20,\"program\":["
	              "  {\"op\":\"sleep\",\"ticks\":6},{\"op\":\"exit\",\"to\":\"parent\",\"reason\":\"boom\"},"
	              "  {\"op\":\"receive\",\"cases\":[{\"match\":\"never\"}]}]},"
	              " {\"name\":\"slow\",\"trap_exit\":true,\"shutdown\":50,\"program\":["
	              "  {\"op\":\"receive\",\"cases\":[{\"match\":[\"EXIT\",\"_\",\"shutdown\"],\"do\":["
	              "   {\"op\":\"work\",\"reductions\":10},{\"op\":\"exit\",\"reason\":\"shutdown\"}]}]}]},"
	              " {\"name\":\"crasher\",\"program\":[{\"op\":\"sleep\",\"ticks\":3},"
	              "  {\"op\":\"crash\",\"reason\":\"boom\"}]}]}}]}", &scn);
	uint32_t sup = pid_of(s, "sup");
	sim_run_until(s, 21);          /* the next step jumps to the timer at 40 */
	assert_int_equal(sim_now(s), 21);
	struct sim_proc_view v = view_of(s, "liar");
	assert_null(v.exit_reason);
	assert_int_equal(v.stopping_by, sup);
	assert_int_equal(v.stop_deadline, 40);            /* stopped at 19, + 1 + 20 */
	assert_int_equal(sup_of(s, sup).stopping, pid_of(s, "liar"));
	assert_int_equal(sim_run_until(s, UINT64_MAX), SIM_END_ALL_EXITED);
	assert_int_equal(exit_tick(s, "crasher"), 6);
	assert_string_equal(reason_of(s, "slow"), "shutdown");
	assert_int_equal(exit_tick(s, "slow"), 19);
	assert_string_equal(reason_of(s, "liar"), "killed");
	assert_int_equal(exit_tick(s, "liar"), 40);
	assert_string_equal(reason_of(s, "sup"), "shutdown");
	assert_int_equal(exit_tick(s, "sup"), 42);
	done(s, scn);
}

/* rest_for_one: only the children after the one that died are stopped, the
** last first, each after the DOWN of the one before (supervisor.erl
** terminate_children over the reversed rest); the earlier child lives on. */
static void test_rest_for_one_stops_later_children(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = make("{\"config\":{\"schedulers\":1},\"processes\":[{\"name\":\"sup\",\"supervisor\":"
	              "{\"strategy\":\"rest_for_one\",\"intensity\":1,\"children\":["
	              " {\"name\":\"a\",\"program\":[{\"op\":\"receive\"}]},"
	              " {\"name\":\"b\",\"program\":[{\"op\":\"sleep\",\"ticks\":10},"
	              "  {\"op\":\"crash\",\"reason\":\"boom\"}]},"
	              " {\"name\":\"c\",\"trap_exit\":true,\"shutdown\":20,\"program\":[{\"op\":\"receive\","
	              "  \"cases\":[{\"match\":[\"EXIT\",\"_\",\"shutdown\"],\"do\":["
	              "  {\"op\":\"work\",\"reductions\":5},{\"op\":\"exit\",\"reason\":\"shutdown\"}]}]}]},"
	              " {\"name\":\"d\",\"program\":[{\"op\":\"receive\"}]}]}}]}", &scn);
	uint32_t a = pid_of(s, "a"), b1 = pid_of(s, "b"), c1 = pid_of(s, "c"), d1 = pid_of(s, "d");
	sim_run_until(s, 30);
	struct sim_proc_view v;
	assert_true(sim_proc_view(s, b1, &v));
	assert_int_equal(v.exit_tick, 13);
	assert_true(sim_proc_view(s, d1, &v));
	assert_string_equal(v.exit_reason, "shutdown");  /* the last child first */
	assert_int_equal(v.exit_tick, 14);
	assert_true(sim_proc_view(s, c1, &v));
	assert_string_equal(v.exit_reason, "shutdown");  /* its own exit after cleaning up */
	assert_int_equal(v.exit_tick, 23);               /* EXIT at 16, after d's DOWN at 15 */
	assert_true(sim_proc_view(s, a, &v));
	assert_null(v.exit_reason);                      /* before b: untouched */
	assert_int_equal(incarnations(s, "a"), 1);
	assert_int_equal(incarnations(s, "b"), 2);
	assert_int_equal(incarnations(s, "c"), 2);
	assert_int_equal(incarnations(s, "d"), 2);
	assert_int_equal(view_of(s, "b").spawn_tick, 24); /* restarted once c is gone */
	assert_int_equal(view_of(s, "d").spawn_tick, 24);
	done(s, scn);
}

/* OTP 25's shutdown/1 keeps the link while it waits for the DOWN (it
** unlinks after, unlink_flush): a supervisor killed while it waits gives
** the trapping child it is stopping an EXIT `killed` (oracle seed 236;
** before, the child was unlinked first and lived on, unsupervised). */
static void test_killed_while_stopping_a_child(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = make("{\"config\":{\"schedulers\":1},\"processes\":[{\"name\":\"sup\",\"supervisor\":"
	              "{\"intensity\":0,\"children\":["
	              " {\"name\":\"stubborn\",\"trap_exit\":true,\"shutdown\":100,\"program\":["
	              "  {\"op\":\"receive\",\"cases\":[{\"match\":[\"EXIT\",\"_\",\"shutdown\"]}]},"
	              "  {\"op\":\"receive\",\"cases\":[{\"match\":[\"EXIT\",\"sup\",\"killed\"],\"do\":"
	              "   [{\"op\":\"exit\",\"reason\":\"saw_killed\"}]}]}]},"
	              " {\"name\":\"crasher\",\"program\":[{\"op\":\"work\",\"reductions\":5},"
	              "  {\"op\":\"crash\",\"reason\":\"boom\"}]}]}},"
	              "{\"name\":\"killer\",\"program\":[{\"op\":\"sleep\",\"ticks\":20},"
	              " {\"op\":\"exit\",\"to\":\"sup\",\"reason\":\"kill\"}]}]}", &scn);
	sim_run_until(s, 28);
	struct sim_proc_view v = view_of(s, "stubborn");
	assert_int_equal(v.stopping_by, pid_of(s, "sup"));   /* shutdown at 9, waiting */
	assert_int_equal(v.stop_deadline, 9 + 100);
	assert_int_equal(sim_run_until(s, UINT64_MAX), SIM_END_ALL_EXITED);
	assert_string_equal(reason_of(s, "sup"), "killed");
	assert_int_equal(exit_tick(s, "sup"), 29);
	assert_string_equal(reason_of(s, "stubborn"), "saw_killed");   /* its EXIT came at 30 */
	assert_int_equal(exit_tick(s, "stubborn"), 32);
	done(s, scn);
}

/* A supervisor stopped by its parent stops its own children first, in
** reverse start order, one at a time: the tree goes down leaves up. */
static const char *nested_json =
	"{\"config\":{\"schedulers\":1},\"processes\":[{\"name\":\"top\",\"supervisor\":{"
	"\"intensity\":0,\"children\":["
	" {\"name\":\"mid\",\"supervisor\":{\"children\":["
	"  {\"name\":\"plain\",\"program\":[{\"op\":\"receive\"}]},"
	"  {\"name\":\"gc\",\"trap_exit\":true,\"shutdown\":20,\"program\":"
	"   [{\"op\":\"receive\",\"cases\":[{\"match\":\"never\"}]}]}]}},"
	" {\"name\":\"crasher\",\"program\":[{\"op\":\"work\",\"reductions\":5},"
	"  {\"op\":\"crash\",\"reason\":\"boom\"}]}]}}]}";

static void test_nested_supervisors_leaves_up(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = make(nested_json, &scn);
	sim_run_until(s, 11);          /* the next step jumps to the timer at 30 */
	assert_int_equal(sim_now(s), 11);
	/* mid (shutdown infinity by default) is being stopped by top, and
	** itself stops gc */
	struct sim_proc_view m = view_of(s, "mid");
	assert_int_equal(m.stopping_by, pid_of(s, "top"));
	assert_int_equal(m.stop_deadline, UINT64_MAX);
	assert_int_equal(view_of(s, "gc").stopping_by, pid_of(s, "mid"));
	assert_int_equal(sim_run_until(s, UINT64_MAX), SIM_END_ALL_EXITED);
	assert_string_equal(reason_of(s, "gc"), "killed");
	assert_int_equal(exit_tick(s, "gc"), 30);        /* shutdown at 10, + 20 */
	assert_string_equal(reason_of(s, "plain"), "shutdown");
	assert_int_equal(exit_tick(s, "plain"), 32);
	assert_string_equal(reason_of(s, "mid"), "shutdown");
	assert_int_equal(exit_tick(s, "mid"), 34);
	assert_string_equal(reason_of(s, "top"), "shutdown");
	assert_int_equal(exit_tick(s, "top"), 35);
	done(s, scn);
}

static uint32_t live_named(const sim *s, const char *name)
{
	uint32_t n = 0;
	for (uint32_t pid = sim_proc_next_resident(s, 1); pid; pid = sim_proc_next_resident(s, pid + 1)) {
		struct sim_proc_view v;
		if (sim_proc_view(s, pid, &v) && !v.exit_reason && strcmp(v.name, name) == 0)
			n++;
	}
	return n;
}

/* one_for_all restarting a sibling supervisor: its trapping grandchild is
** stopped (killed after 5 ticks) before the new one starts; never two. */
static void test_one_for_all_restarts_sibling_supervisor(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = make("{\"config\":{\"schedulers\":2},\"processes\":[{\"name\":\"top\",\"supervisor\":{"
	              "\"strategy\":\"one_for_all\",\"intensity\":1,\"children\":["
	              " {\"name\":\"mid\",\"supervisor\":{\"children\":["
	              "  {\"name\":\"gc\",\"trap_exit\":true,\"shutdown\":5,\"program\":"
	              "   [{\"op\":\"receive\",\"cases\":[{\"match\":\"never\"}]}]}]}},"
	              " {\"name\":\"crasher\",\"program\":[{\"op\":\"sleep\",\"ticks\":10},"
	              "  {\"op\":\"crash\",\"reason\":\"boom\"}]}]}}]}", &scn);
	uint32_t gc1 = pid_of(s, "gc");
	while (sim_step(s) == SIM_END_NONE)
		assert_true(live_named(s, "gc") <= 1);
	struct sim_proc_view v;
	assert_true(sim_proc_view(s, gc1, &v));
	assert_string_equal(v.exit_reason, "killed");
	assert_int_equal(v.exit_tick, 19);               /* shutdown at 14, + 5 */
	assert_int_equal(incarnations(s, "gc"), 2);
	assert_int_equal(view_of(s, "gc").spawn_tick, 22);
	assert_int_equal(view_of(s, "mid").spawn_tick, 22);
	assert_int_equal(sim_now(s), 44);
	done(s, scn);
}

/* OTP's parent rule: a supervisor spawned without a link is its own
** parent and ignores an EXIT from a stranger; spawned with a link, an
** EXIT from its spawner ends it (children first, same reason). */
static const char *parent_fmt =
	"{\"config\":{\"schedulers\":1},\"templates\":{\"s\":{\"supervisor\":{\"children\":["
	"{\"name\":\"w\",\"program\":[{\"op\":\"receive\"}]}]}}},\"processes\":[{\"name\":\"p\","
	"\"program\":[{\"op\":\"spawn\",\"template\":\"s\",\"as\":\"sup\",\"link\":%s},%s]}]}";

static void test_parent_rule(void **state)
{
	(void)state;
	char json[1024];
	snprintf(json, sizeof json, parent_fmt, "false",
	         "{\"op\":\"exit\",\"to\":\"sup\",\"reason\":\"boom\"},{\"op\":\"receive\"}");
	sim_scenario *scn;
	sim *s = make(json, &scn);
	assert_int_equal(sim_run_until(s, UINT64_MAX), SIM_END_DEADLOCK);
	assert_string_equal(reason_of(s, "sup"), "alive");
	assert_string_equal(reason_of(s, "w"), "alive");
	done(s, scn);
	snprintf(json, sizeof json, parent_fmt, "true",
	         "{\"op\":\"work\",\"reductions\":3},{\"op\":\"crash\",\"reason\":\"boom\"}");
	s = make(json, &scn);
	assert_int_equal(sim_run_until(s, UINT64_MAX), SIM_END_ALL_EXITED);
	assert_string_equal(reason_of(s, "w"), "shutdown");
	assert_int_equal(exit_tick(s, "w"), 7);
	assert_string_equal(reason_of(s, "sup"), "boom");
	assert_int_equal(exit_tick(s, "sup"), 9);
	done(s, scn);
}

/* A run in which only idle supervisors remain can never go on: deadlock,
** not the tick limit (a lone supervisor used to run to 10^6 ticks). */
static void test_idle_supervisors_deadlock(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim *s = make("{\"processes\":[{\"name\":\"sup\",\"supervisor\":{\"children\":[]}}]}", &scn);
	assert_int_equal(sim_run_until(s, UINT64_MAX), SIM_END_DEADLOCK);
	assert_int_equal(sim_now(s), 0);
	done(s, scn);
	s = make("{\"processes\":[{\"name\":\"sup\",\"supervisor\":{\"children\":["
	         "{\"name\":\"inner\",\"supervisor\":{\"children\":[]}},"
	         "{\"name\":\"t\",\"restart\":\"temporary\",\"program\":[{\"op\":\"work\",\"reductions\":3}]}]}}]}",
	         &scn);
	assert_int_equal(sim_run_until(s, UINT64_MAX), SIM_END_DEADLOCK);
	assert_int_equal(exit_tick(s, "t"), 3);
	assert_int_equal(sim_now(s), 4);                 /* sup takes t's EXIT at 4 */
	done(s, scn);
}

/* {=== the "shutdown" key ===} */

static void test_shutdown_key_errors(void **state)
{
	(void)state;
	static const struct { const char *entry, *want; } cases[] = {
		{"{\"name\":\"c\",\"shutdown\":\"never\",\"program\":[]}",
		 "processes[0].supervisor.children[0].shutdown: expected \"brutal_kill\", \"infinity\" "
		 "or a number of ticks, got \"never\""},
		{"{\"name\":\"c\",\"shutdown\":-1,\"program\":[]}",
		 "processes[0].supervisor.children[0].shutdown: expected"},
		{"{\"name\":\"c\",\"shutdown\":1.5,\"program\":[]}",
		 "processes[0].supervisor.children[0].shutdown: expected"},
		{"{\"name\":\"c\",\"shutdown\":true,\"program\":[]}",
		 "processes[0].supervisor.children[0].shutdown: expected \"brutal_kill\""},
		{"{\"name\":\"c\",\"shutdown\":1e13,\"program\":[]}",
		 "processes[0].supervisor.children[0].shutdown: 1e13 is out of range"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char json[512];
		snprintf(json, sizeof json, "{\"processes\":[{\"name\":\"s\",\"supervisor\":{\"children\":[%s]}}]}",
		         cases[i].entry);
		enum sim_status st;
		char *err = load_errors(json, &st);
		assert_int_equal(st, SIM_EINVALID);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: %s", i, err);
		free(err);
	}
	enum sim_status st;
	char *err = load_errors("{\"processes\":[{\"name\":\"p\",\"shutdown\":5,\"program\":[]}]}", &st);
	assert_non_null(strstr(err, "processes[0].shutdown: shutdown is only allowed in supervisor children"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trapping_child_cleans_up),
		cmocka_unit_test(test_shutdown_time_runs_out),
		cmocka_unit_test(test_false_exit_does_not_spare_a_child),
		cmocka_unit_test(test_rest_for_one_stops_later_children),
		cmocka_unit_test(test_killed_while_stopping_a_child),
		cmocka_unit_test(test_nested_supervisors_leaves_up),
		cmocka_unit_test(test_one_for_all_restarts_sibling_supervisor),
		cmocka_unit_test(test_parent_rule),
		cmocka_unit_test(test_idle_supervisors_deadlock),
		cmocka_unit_test(test_shutdown_key_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
