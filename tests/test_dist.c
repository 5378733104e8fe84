/*
** test_dist.c - distribution (issue 16): nodes, the network's latency,
** node_down, node_up, partition, heal, monitor_node, supervisors moving a
** child to another node, the file format's errors, and that checkpoints,
** batching and the threaded executor give the same run.
**
** Each run is logged as lines "TICK TYPE PID-NAME DETAIL" (log_run) and
** the tests look for exact lines: every tick asserted here follows from
** the rules in docs/how-beam-schedules.md ("Distribution"): a signal that
** would be delivered at boundary t within a node is delivered at t +
** latency between nodes; a disconnect fires at the boundary of its
** timeline event.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* Runs json to its end; its log in *l (caller frees l->text). */
static sim *log_run(const char *json, sim_scenario **scn, struct log *l)
{
	*scn = load_text(json);
	struct sim_config cfg = sim_scenario_config(*scn);
	sim *s = sim_create(*scn, &cfg);
	assert_non_null(s);
	memset(l, 0, sizeof *l);
	log_clear(l);
	log_events(l, s);
	while (sim_step(s) == SIM_END_NONE)
		log_events(l, s);
	log_events(l, s);
	return s;
}

static void expect_no(const struct log *l, const char *part)
{
	if (strstr(l->text, part))
		fail_msg("'%s' should not be in the log:\n%s", part, l->text);
}

static size_t count_of(const struct log *l, const char *part)
{
	size_t n = 0;
	for (const char *p = l->text; (p = strstr(p, part)); p++)
		n++;
	return n;
}

static void done(sim *s, sim_scenario *scn, struct log *l)
{
	log_free(l);
	sim_destroy(s);
	sim_scenario_free(scn);
}

static uint32_t node_of(const sim *s, const char *name)
{
	struct sim_proc_view v;
	assert_true(sim_proc_view(s, pid_of(s, name), &v));
	return v.loc.node;
}

#define NODES2 "\"config\":{\"nodes\":[{\"name\":\"a\",\"schedulers\":2},{\"name\":\"b\"," \
               "\"schedulers\":1}],\"net\":{\"latency\":10}}"

/* A message to another node arrives `latency` ticks after a local one
** would (tick 1); the answer takes as long; each node has its own
** schedulers (b's is global scheduler 3). */
static void test_latency(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run("{" NODES2 ",\"processes\":["
	                 "{\"name\":\"pong\",\"node\":\"b\",\"program\":[{\"op\":\"receive\"},"
	                 "{\"op\":\"send\",\"to\":\"sender\",\"message\":\"pong\"}]},"
	                 "{\"name\":\"ping\",\"program\":[{\"op\":\"send\",\"to\":\"pong\","
	                 "\"message\":\"ping\"},{\"op\":\"receive\",\"cases\":[{\"match\":\"pong\"}]}]},"
	                 "{\"name\":\"local\",\"program\":[{\"op\":\"send\",\"to\":\"ping\","
	                 "\"message\":\"hi\"}]}]}", &scn, &l);
	log_expect(&l, "11 deliver pong \"ping\" ping");
	log_expect(&l, "23 deliver ping \"pong\" pong");
	log_expect(&l, "1 deliver ping \"hi\" local");   /* within a node: as before */
	assert_int_equal(node_of(s, "pong"), 1);
	assert_int_equal(node_of(s, "ping"), 0);
	struct sim_proc_view v;
	assert_true(sim_proc_view(s, pid_of(s, "pong"), &v));
	assert_int_equal(v.loc.sched, 2);
	assert_int_equal(sim_node_count(s), 2);
	struct sim_node_view nv;
	assert_true(sim_node_view(s, 1, &nv));
	assert_int_equal(nv.msgs_in, 1);
	assert_int_equal(nv.msgs_out, 1);
	assert_int_equal(nv.first_sched, 2);
	done(s, scn, &l);
}

/* Without config.net the latency is 20 (the contract's default): the
** message that test_latency sees at 11 (latency 10) arrives at 21. */
static void test_default_latency(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run("{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}]},"
	                 "\"processes\":[{\"name\":\"pong\",\"node\":\"b\",\"program\":"
	                 "[{\"op\":\"receive\"}]},{\"name\":\"ping\",\"program\":[{\"op\":\"send\","
	                 "\"to\":\"pong\",\"message\":\"ping\"}]}]}", &scn, &l);
	log_expect(&l, "21 deliver pong \"ping\" ping");
	done(s, scn, &l);
}

/* A per-pair link overrides the latency in its direction only; messages
** of one sender to one receiver keep their order. */
static void test_link_latency_and_order(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run("{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"net\":{"
	                 "\"latency\":5,\"links\":[{\"from\":\"a\",\"to\":\"b\",\"latency\":30}]}},"
	                 "\"processes\":["
	                 "{\"name\":\"rx\",\"node\":\"b\",\"program\":[{\"op\":\"receive\"},"
	                 "{\"op\":\"receive\"},{\"op\":\"receive\"},{\"op\":\"send\",\"to\":\"tx\","
	                 "\"message\":\"ok\"}]},"
	                 "{\"name\":\"tx\",\"program\":[{\"op\":\"send\",\"to\":\"rx\",\"message\":1},"
	                 "{\"op\":\"send\",\"to\":\"rx\",\"message\":2},{\"op\":\"send\",\"to\":\"rx\","
	                 "\"message\":3},{\"op\":\"receive\"}]}]}", &scn, &l);
	log_expect(&l, "31 deliver rx 1 tx");
	log_expect(&l, "32 deliver rx 2 tx");
	log_expect(&l, "33 deliver rx 3 tx");
	const char *one = strstr(l.text, "deliver rx 1"), *three = strstr(l.text, "deliver rx 3");
	assert_true(one && three && one < three);
	/* rx takes 3 at tick 33, sends at 34 (after 3 receive reductions the
	** send is its 4th): local delivery would be 35, b -> a adds 5 */
	log_expect(&l, "40 deliver tx \"ok\" rx");
	done(s, scn, &l);
}

#define DOWN_JSON(extra) \
	"{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}]," \
	"\"net\":{\"latency\":10}},\"processes\":[" \
	"{\"name\":\"victim\",\"node\":\"b\",\"program\":[{\"op\":\"receive\"}]}," \
	"{\"name\":\"linked\",\"trap_exit\":true,\"program\":[{\"op\":\"link\",\"to\":\"victim\"}," \
	"{\"op\":\"receive\"}]}," \
	"{\"name\":\"plain\",\"program\":[{\"op\":\"link\",\"to\":\"victim\"},{\"op\":\"receive\"}]}," \
	"{\"name\":\"watcher\",\"program\":[{\"op\":\"monitor\",\"to\":\"victim\"},{\"op\":\"receive\"}]}," \
	"{\"name\":\"nodewatch\",\"program\":[{\"op\":\"monitor_node\",\"node\":\"b\"}," \
	"{\"op\":\"receive\"}]}]," \
	"\"timeline\":[{\"at\":100,\"do\":{\"op\":\"node_down\",\"node\":\"b\"}}" extra "]}"

/* node_down: every process on b is gone at once (no exit reason, no
** exit signal: halted at the tick); a trapping linked process on a gets
** ["EXIT", victim, noconnection], a plain linked one dies of noconnection, a monitor gets
** DOWN noconnection, monitor_node gets ["nodedown", "b"], each exactly
** once, at the tick of the event. */
static void test_node_down(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run(DOWN_JSON(""), &scn, &l);
	log_expect(&l, "100 exit victim halted -");
	log_expect(&l, "100 deliver linked [\"EXIT\",\"victim\",\"noconnection\"] victim");
	log_expect(&l, "100 signal plain noconnection victim");
	log_expect(&l, "100 exit plain noconnection -");
	log_expect(&l, "100 deliver watcher [\"DOWN\",\"victim\",\"noconnection\"] victim");
	log_expect(&l, "100 deliver nodewatch [\"nodedown\",\"b\"] -");
	expect_no(&l, "signal victim");   /* nothing on the halted node gets a signal */
	assert_int_equal(count_of(&l, "deliver linked [\"EXIT\""), 1);
	assert_int_equal(count_of(&l, "deliver watcher [\"DOWN\""), 1);
	assert_int_equal(count_of(&l, "deliver nodewatch"), 1);
	assert_string_equal(reason_of(s, "victim"), "halted");
	struct sim_proc_view pv;
	assert_true(sim_proc_view(s, pid_of(s, "victim"), &pv));
	assert_int_equal(pv.state, SIM_PROC_EXITED);
	assert_null(pv.exit_reason);
	assert_true(pv.halted);
	assert_int_equal(pv.exit_tick, 100);
	assert_int_equal(pv.loc.node, 1);
	char words[64];
	assert_string_equal(sim_proc_end_words(s, &pv, words, sizeof words), "gone with b");
	assert_string_equal(reason_of(s, "plain"), "noconnection");   /* an observer on a */
	assert_true(sim_proc_view(s, pid_of(s, "plain"), &pv));
	assert_false(pv.halted);
	struct sim_node_view nv;
	assert_true(sim_node_view(s, 1, &nv));
	assert_false(nv.up);
	uint64_t tick;
	bool up;
	assert_true(sim_node_change(s, 1, 0, &tick, &up));
	assert_int_equal(tick, 100);
	assert_false(up);
	done(s, scn, &l);
}

/* node_up boots the node: its top-level processes start again (new
** pids, incarnation 2); a link made before is not made again. */
static void test_node_up(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run(DOWN_JSON(",{\"at\":150,\"do\":{\"op\":\"node_up\",\"node\":\"b\"}},"
	                           "{\"at\":200,\"do\":{\"op\":\"send\",\"to\":\"victim\","
	                           "\"message\":\"back\"}}"), &scn, &l);
	log_expect(&l, "150 spawn victim  -");
	log_expect(&l, "200 deliver victim \"back\" -");
	assert_int_equal(incarnations(s, "victim"), 2);
	assert_int_equal(node_of(s, "victim"), 1);
	done(s, scn, &l);
}

#define SPLIT_JSON(heal) \
	"{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"net\":{\"latency\":10}}," \
	"\"processes\":[" \
	"{\"name\":\"pa\",\"program\":[{\"op\":\"monitor_node\",\"node\":\"b\"},{\"op\":\"receive\"}," \
	"{\"op\":\"sleep\",\"ticks\":100},{\"op\":\"send\",\"to\":\"pb\",\"message\":\"late\"}," \
	"{\"op\":\"receive\",\"after\":{\"ticks\":500}}]}," \
	"{\"name\":\"pb\",\"node\":\"b\",\"program\":[{\"op\":\"monitor_node\",\"node\":\"a\"}," \
	"{\"op\":\"sleep\",\"ticks\":45},{\"op\":\"send\",\"to\":\"pa\",\"message\":\"lost\"}," \
	"{\"op\":\"receive\"},{\"op\":\"receive\",\"after\":{\"ticks\":500}}]}]," \
	"\"timeline\":[{\"at\":50,\"do\":{\"op\":\"partition\",\"groups\":[[\"a\"],[\"b\"]]}}" heal "]}"

/* A partition: both sides get nodedown at its tick; a message in flight
** across it (sent at 47, due at 58) is dropped; after heal, the next
** message goes through (auto-connect), nothing lost is replayed. */
static void test_partition_heal(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run(SPLIT_JSON(",{\"at\":120,\"do\":{\"op\":\"heal\"}}"), &scn, &l);
	log_expect(&l, "50 deliver pa [\"nodedown\",\"b\"] -");
	log_expect(&l, "50 deliver pb [\"nodedown\",\"a\"] -");
	log_expect(&l, "58 drop pb \"lost\" pa");
	expect_no(&l, "deliver pa \"lost\"");
	/* pa: nodedown taken at 50, sleeps 100 from 51, sends at 152 */
	log_expect(&l, "163 deliver pb \"late\" pa");
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.dropped, 1);
	done(s, scn, &l);
	/* without heal, the late message is dropped at once */
	s = log_run(SPLIT_JSON(""), &scn, &l);
	log_expect(&l, "153 drop pa \"late\" pb");
	sim_totals(s, &t);
	assert_int_equal(t.dropped, 2);
	done(s, scn, &l);
}

#define FAILOVER_JSON(event) \
	"{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]," \
	"\"until\":400},\"processes\":[{\"name\":\"sup\",\"supervisor\":{" \
	"\"intensity\":3,\"children\":[{\"name\":\"worker\",\"nodes\":[\"b\",\"c\"]," \
	"\"program\":[{\"op\":\"receive\"}]}]}}]," \
	"\"timeline\":[{\"at\":100,\"do\":" event "}]}"

/* A supervisor on a with a child that may run on b or c: it starts on
** b (the first listed that is up); b goes down, the supervisor sees the
** child exit noconnection and restarts it on c. */
static void test_supervisor_failover(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run(FAILOVER_JSON("{\"op\":\"node_down\",\"node\":\"b\"}"), &scn, &l);
	log_expect(&l, "100 exit worker halted -");
	log_expect(&l, "100 deliver sup [\"EXIT\",\"worker\",\"noconnection\"] worker");
	assert_int_equal(incarnations(s, "worker"), 2);
	assert_int_equal(node_of(s, "worker"), 2);
	assert_string_equal(reason_of(s, "worker"), "alive");
	assert_int_equal(node_of(s, "sup"), 0);
	done(s, scn, &l);
}

/* During a partition the start function takes the first listed node
** that is up AND reachable from the supervisor's node: sup on a, child
** on b or c; the cut [[a, c], [b]] makes the child exit noconnection and
** its restart goes to c although b is still up. */
static void test_child_node_in_partition(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run(FAILOVER_JSON("{\"op\":\"partition\",\"groups\":[[\"a\",\"c\"],[\"b\"]]}"),
	                 &scn, &l);
	log_expect(&l, "100 deliver sup [\"EXIT\",\"worker\",\"noconnection\"] worker");
	assert_int_equal(incarnations(s, "worker"), 2);
	assert_int_equal(node_of(s, "worker"), 2);
	assert_string_equal(reason_of(s, "worker"), "alive");
	struct sim_node_view nv;
	assert_true(sim_node_view(s, 1, &nv));
	assert_true(nv.up);                 /* b is up, only cut off */
	done(s, scn, &l);
}

/* A spawn on a node that is down: the pid is dead at once and the
** spawner's link delivers noconnection.  The pid is the spawner's node's
** (OTP 25's spawn/4 returns a local process that exits noconnection). */
static void test_spawn_on_down_node(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run("{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}]},"
	                 "\"templates\":{\"w\":{\"program\":[{\"op\":\"receive\"}]}},"
	                 "\"processes\":[{\"name\":\"boss\",\"trap_exit\":true,\"start\":10,"
	                 "\"program\":[{\"op\":\"spawn\",\"template\":\"w\",\"node\":\"b\","
	                 "\"link\":true},{\"op\":\"receive\"}]}],"
	                 "\"timeline\":[{\"at\":5,\"do\":{\"op\":\"node_down\",\"node\":\"b\"}}]}",
	                 &scn, &l);
	log_expect(&l, "11 exit w noconnection -");
	log_expect(&l, "12 deliver boss [\"EXIT\",\"w\",\"noconnection\"] w");
	assert_int_equal(node_of(s, "w"), 0);
	done(s, scn, &l);
}

/* The dist oracle's seed 1003: a supervisor on a restarts its child
** placed on b while a partition cuts b off.  As on real nodes, the
** restarted child's pid is a's (the local process OTP's spawn/4 returns,
** erts_internal:crasher/6), so a later link to the name from c, across
** the cut, fires noconnection at once, and one from a gets noproc (before
** this was modelled the pid was b's, and the two were the other way
** round). */
static void test_restart_across_cut(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run("{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"},"
	                 "{\"name\":\"c\"}],\"net\":{\"latency\":10}},"
	                 "\"templates\":{\"t\":{\"trap_exit\":true,\"program\":[{\"op\":\"link\","
	                 "\"to\":\"w\"},{\"op\":\"receive\"}]}},"
	                 "\"processes\":[{\"name\":\"sup\",\"supervisor\":{\"intensity\":1,"
	                 "\"children\":[{\"name\":\"w\",\"node\":\"b\",\"program\":"
	                 "[{\"op\":\"receive\"}]}]}},"
	                 "{\"name\":\"far\",\"template\":\"t\",\"node\":\"c\",\"start\":200},"
	                 "{\"name\":\"near\",\"template\":\"t\",\"start\":200}],"
	                 "\"timeline\":[{\"at\":100,\"do\":{\"op\":\"partition\","
	                 "\"groups\":[[\"a\"],[\"b\",\"c\"]]}}]}",
	                 &scn, &l);
	log_expect(&l, "100 exit w noconnection -");
	log_expect(&l, "100 deliver sup [\"EXIT\",\"w\",\"noconnection\"] w");
	log_expect(&l, "101 restart sup  w");
	log_expect(&l, "101 exit w noconnection -");
	log_expect(&l, "102 deliver sup [\"EXIT\",\"w\",\"noconnection\"] w");
	assert_int_equal(incarnations(s, "w"), 2);
	assert_int_equal(node_of(s, "w"), 0);                   /* w#2 on a */
	log_expect(&l, "201 deliver far [\"EXIT\",\"w\",\"noconnection\"] w");
	/* a link to a dead pid on the same node: answered at the next boundary */
	log_expect(&l, "202 deliver near [\"EXIT\",\"w\",\"noproc\"] w");
	done(s, scn, &l);
}

/* The text of the summary entry (from `{` to its `}`, no nesting: node,
** process and scheduler entries) that holds `key` (e.g. "\"name\":\t\"b\"")
** after `section` (e.g. "\"nodes\":"); fails when there is none. */
static char *entry_with(const char *json, const char *section, const char *key)
{
	const char *sec = strstr(json, section), *k = sec ? strstr(sec, key) : NULL;
	if (!k)
		fail_msg("no %s after %s in the summary:\n%s", key, section, json);
	const char *a = k, *b = strchr(k, '}');
	while (a > json && *a != '{')
		a--;
	assert_non_null(b);
	char *out = calloc(1, (size_t)(b - a) + 2);
	assert_non_null(out);
	memcpy(out, a, (size_t)(b - a) + 1);
	return out;
}

static void expect_in(const char *entry, const char *part)
{
	if (!strstr(entry, part))
		fail_msg("no %s in the summary entry:\n%s", part, entry);
}

/* The summary of a run with nodes (issue 16): nodes[] with name, host,
** schedulers, utilization, state, up and down periods, messages in and
** out; each process and each scheduler with its node.  pong on b gets
** ping from a (one message each way); b goes down at 60 and boots at 90
** (pong's second incarnation waits). */
static void test_summary_nodes(void **state)
{
	(void)state;
	sim_scenario *scn;
	struct log l;
	sim *s = log_run("{\"config\":{\"until\":200,\"nodes\":[{\"name\":\"a\",\"schedulers\":2},"
	                 "{\"name\":\"b\",\"schedulers\":1}],\"net\":{\"latency\":10}},\"processes\":["
	                 "{\"name\":\"pong\",\"node\":\"b\",\"program\":[{\"op\":\"receive\"},"
	                 "{\"op\":\"send\",\"to\":\"ping\",\"message\":\"pong\"},{\"op\":\"receive\"}]},"
	                 "{\"name\":\"ping\",\"program\":[{\"op\":\"send\",\"to\":\"pong\","
	                 "\"message\":\"ping\"},{\"op\":\"receive\"}]}],"
	                 "\"timeline\":[{\"at\":60,\"do\":{\"op\":\"node_down\",\"node\":\"b\"}},"
	                 "{\"at\":90,\"do\":{\"op\":\"node_up\",\"node\":\"b\"}}]}", &scn, &l);
	char *json = sim_summary_json(s);
	assert_non_null(json);
	char *b = entry_with(json, "\"nodes\":", "\"name\":\t\"b\"");
	expect_in(b, "\"node\":\t\"b@beamsim\"");
	expect_in(b, "\"schedulers\":\t1,");
	expect_in(b, "\"utilization\":\t");
	expect_in(b, "\"state\":\t\"up\"");
	expect_in(b, "\"up\":\t[[0, 60], [90, null]]");
	expect_in(b, "\"down\":\t[[60, 90]]");
	expect_in(b, "\"messages_in\":\t1,");
	expect_in(b, "\"messages_out\":\t1\n");
	char *a = entry_with(json, "\"nodes\":", "\"name\":\t\"a\"");
	expect_in(a, "\"down\":\t[]");
	expect_in(a, "\"schedulers\":\t2,");
	char *pong = entry_with(json, "\"processes\":", "\"name\":\t\"pong\"");
	expect_in(pong, "\"node\":\t\"b\"");
	/* the first one, gone with b at 60: no exit reason, no exit tick */
	expect_in(pong, "\"exit_reason\":\tnull,\n\t\t\t\"exit_tick\":\tnull,\n\t\t\t\"halted_tick\":\t60,");
	char *ping = entry_with(json, "\"processes\":", "\"name\":\t\"ping\"");
	expect_in(ping, "\"node\":\t\"a\"");
	char *sc = entry_with(json, "\"schedulers\":\t[", "\"id\":\t3,");
	expect_in(sc, "\"node\":\t\"b\"");
	char *parts[] = {a, b, pong, ping, sc, json};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		free(parts[i]);
	done(s, scn, &l);
}

/* The position of line in the log (fails when it is missing). */
static const char *line_at(const struct log *l, const char *line)
{
	char want[512];
	snprintf(want, sizeof want, "\n%s\n", line);
	const char *at = strstr(l->text, want);
	if (!at)
		fail_msg("no line '%s' in the log:\n%s", line, l->text);
	return at;
}

#define ORDER_PROC(name, ops) \
	"{\"name\":\"" name "\",\"trap_exit\":true,\"program\":[" ops ",{\"op\":\"receive\"}]}"
#define MON(t) "{\"op\":\"monitor\",\"to\":\"" t "\"}"
#define MNODE "{\"op\":\"monitor_node\",\"node\":\"b\"}"
#define LINK(t) "{\"op\":\"link\",\"to\":\"" t "\"}"

/* A disconnect (OTP 25, dist-facts "order"): the link's EXIT first, then
** the DOWNs and the nodedown in the order the monitors and the
** monitor_node were set up, also when a monitor_node sits between two
** monitors; a halt and a partition alike. */
static void test_down_order(void **state)
{
	(void)state;
	static const char *const cut[] = {
		"{\"op\":\"node_down\",\"node\":\"b\"}",
		"{\"op\":\"partition\",\"groups\":[[\"a\"],[\"b\"]]}",
	};
	for (int i = 0; i < 2; i++) {
		char json[2048];
		snprintf(json, sizeof json,
		         "{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"net\":{\"latency\":10}},"
		         "\"processes\":["
		         "{\"name\":\"t1\",\"node\":\"b\",\"program\":[{\"op\":\"receive\"}]},"
		         "{\"name\":\"t2\",\"node\":\"b\",\"program\":[{\"op\":\"receive\"}]},"
		         ORDER_PROC("fwd", LINK("t1") "," MON("t1") "," MNODE) ","
		         ORDER_PROC("rev", MNODE "," MON("t1") "," LINK("t1")) ","
		         ORDER_PROC("mid", MON("t2") "," MNODE "," MON("t1") "," LINK("t2")) "],"
		         "\"timeline\":[{\"at\":100,\"do\":%s}]}", cut[i]);
		sim_scenario *scn;
		struct log l;
		sim *s = log_run(json, &scn, &l);
		const char *e = line_at(&l, "100 deliver fwd [\"EXIT\",\"t1\",\"noconnection\"] t1");
		const char *d = line_at(&l, "100 deliver fwd [\"DOWN\",\"t1\",\"noconnection\"] t1");
		const char *n = line_at(&l, "100 deliver fwd [\"nodedown\",\"b\"] -");
		assert_true(e < d && d < n);
		e = line_at(&l, "100 deliver rev [\"EXIT\",\"t1\",\"noconnection\"] t1");
		n = line_at(&l, "100 deliver rev [\"nodedown\",\"b\"] -");
		d = line_at(&l, "100 deliver rev [\"DOWN\",\"t1\",\"noconnection\"] t1");
		assert_true(e < n && n < d);
		e = line_at(&l, "100 deliver mid [\"EXIT\",\"t2\",\"noconnection\"] t2");
		const char *d2 = line_at(&l, "100 deliver mid [\"DOWN\",\"t2\",\"noconnection\"] t2");
		n = line_at(&l, "100 deliver mid [\"nodedown\",\"b\"] -");
		d = line_at(&l, "100 deliver mid [\"DOWN\",\"t1\",\"noconnection\"] t1");
		assert_true(e < d2 && d2 < n && n < d);
		assert_int_equal(count_of(&l, "deliver mid [\"DOWN\""), 2);
		assert_int_equal(count_of(&l, "deliver mid [\"nodedown\""), 1);
		done(s, scn, &l);
	}
}

/* The same run through checkpoints, single ticks and the threaded
** executor: identical events and summary. */
static void test_same_run_every_way(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(DOWN_JSON(",{\"at\":150,\"do\":{\"op\":\"node_up\",\"node\":"
	                                        "\"b\"}}"));
	struct sim_config cfg = sim_scenario_config(scn);
	char *sum[3];
	struct run_how plain = { .max_ticks = UINT64_MAX }, ticks = plain, threads = plain;
	ticks.single_ticks = true;
	threads.threads = true;
	uint64_t h0 = run_hashed(scn, &cfg, &plain, &sum[0], NULL);
	assert_int_equal(run_hashed(scn, &cfg, &ticks, &sum[1], NULL), h0);
	assert_int_equal(run_hashed(scn, &cfg, &threads, &sum[2], NULL), h0);
	assert_string_equal(sum[0], sum[1]);
	assert_string_equal(sum[0], sum[2]);
	assert_non_null(strstr(sum[0], "\"nodes\":"));
	assert_non_null(strstr(sum[0], "\"node\":\t\"b\""));
	assert_non_null(strstr(sum[0], "\"down\":\t[[100, 150]]"));
	for (int i = 0; i < 3; i++)
		free(sum[i]);
	/* a checkpoint taken at 95 (before node_down, a signal on the
	** network) restored after the end replays the same events */
	sim *s = sim_create(scn, &cfg);
	sim_run_until(s, 95);
	sim_checkpoint *c = sim_checkpoint_create(s);
	assert_non_null(c);
	uint64_t h1 = HASH_START;
	while (sim_step(s) == SIM_END_NONE)
		h1 = hash_events(s, h1);
	char *a = sim_summary_json(s);
	assert_int_equal(sim_checkpoint_restore(s, c), SIM_OK);
	uint64_t h2 = HASH_START;
	while (sim_step(s) == SIM_END_NONE)
		h2 = hash_events(s, h2);
	char *b = sim_summary_json(s);
	assert_int_equal(h1, h2);
	assert_string_equal(a, b);
	free(a);
	free(b);
	sim_checkpoint_destroy(c);
	sim_destroy(s);
	sim_scenario_free(scn);
}

static void expect_error(const char *json, const char *part)
{
	enum sim_status st;
	char *msgs = load_errors(json, &st);
	assert_int_equal(st, SIM_EINVALID);
	if (!strstr(msgs, part))
		fail_msg("expected '%s' in:\n%s", part, msgs);
	free(msgs);
}

#define PROC "\"processes\":[{\"name\":\"p\",\"program\":[{\"op\":\"work\",\"reductions\":1}]}]"

static void test_format_errors(void **state)
{
	(void)state;
	expect_error("{\"config\":{\"nodes\":[{\"name\":\"alpha\"}]},\"processes\":[{\"name\":\"p\","
	             "\"node\":\"alhpa\",\"program\":[]}]}",
	             "processes[0].node: unknown node 'alhpa' (did you mean 'alpha'?)");
	expect_error("{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"a\"}]}," PROC "}",
	             "config.nodes[1].name: node 'a' is named twice (also nodes[0])");
	expect_error("{\"processes\":[{\"name\":\"p\",\"node\":\"a\",\"program\":[]}]}",
	             "processes[0].node: a node needs config.nodes");
	expect_error("{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]}," PROC
	             ",\"timeline\":[{\"at\":1,\"do\":{\"op\":\"partition\",\"groups\":[[\"a\"],[\"b\"]]}}]}",
	             "timeline[0].do.groups: node 'c' is in no group");
	expect_error("{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}]}," PROC
	             ",\"timeline\":[{\"at\":1,\"do\":{\"op\":\"partition\",\"groups\":[[\"a\",\"b\"],"
	             "[\"b\"]]}}]}",
	             "timeline[0].do.groups[1][0]: node 'b' is in two groups");
	expect_error("{\"config\":{\"net\":{\"latency\":5}}," PROC "}",
	             "config.net: net needs config.nodes");
	expect_error("{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"net\":{\"links\":["
	             "{\"from\":\"a\",\"to\":\"a\",\"latency\":1}]}}," PROC "}",
	             "config.net.links[0]: a link joins two different nodes");
	expect_error("{\"config\":{\"nodes\":[{\"name\":\"a\"}]},\"processes\":[{\"name\":\"p\","
	             "\"nodes\":[\"a\"],\"program\":[]}]}",
	             "processes[0].nodes: nodes is only allowed in supervisor children");
	expect_error("{\"config\":{\"nodes\":[{\"name\":\"a\"}]},\"processes\":[{\"name\":\"p\","
	             "\"program\":[{\"op\":\"monitor_node\",\"node\":\"z\"}]}]}",
	             "processes[0].program[0].node: unknown node 'z'");
	expect_error("{" PROC ",\"timeline\":[{\"at\":1,\"do\":{\"op\":\"heal\"}}]}",
	             "heal needs config.nodes");
	expect_error("{\"config\":{\"nodes\":[{\"name\":\"a\",\"schedulers\":40},{\"name\":\"b\","
	             "\"schedulers\":40}]}," PROC "}",
	             "config.nodes: the nodes have 80 schedulers in all (max 64)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latency),
		cmocka_unit_test(test_link_latency_and_order),
		cmocka_unit_test(test_node_down),
		cmocka_unit_test(test_node_up),
		cmocka_unit_test(test_partition_heal),
		cmocka_unit_test(test_supervisor_failover),
		cmocka_unit_test(test_child_node_in_partition),
		cmocka_unit_test(test_spawn_on_down_node),
		cmocka_unit_test(test_restart_across_cut),
		cmocka_unit_test(test_summary_nodes),
		cmocka_unit_test(test_default_latency),
		cmocka_unit_test(test_down_order),
		cmocka_unit_test(test_same_run_every_way),
		cmocka_unit_test(test_format_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
