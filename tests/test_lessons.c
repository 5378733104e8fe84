/*
** test_lessons.c - each lesson scenario of scenarios/ teaches one idea; this
** runs the SHIPPED file (and, for the comparison lessons, runs it again with
** the config overridden as the lesson's description says) and asserts the
** observable outcome the teacher's guide (docs/teachers-guide.md) promises.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "support.h"

/* {=== helpers ===} */

static sim_scenario *load_lesson(const char *file)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", SCENARIO_DIR, file);
	sim_scenario *scn = load_path(path);
	/* Every lesson has a title, a description and captions. */
	assert_true(strlen(sim_scenario_title(scn)) > 0);
	assert_true(strlen(sim_scenario_description(scn)) > 0);
	assert_true(sim_scenario_note_count(scn) >= 2);
	return scn;
}

/* Called with every batch of events of a run (after create and each step). */
typedef void (*event_fn)(const sim *s, const struct sim_event *ev, size_t n, void *ctx);

/* Runs scn to its end with cfg, feeding each batch of events to fn. */
static sim *run_with(const sim_scenario *scn, const struct sim_config *cfg, event_fn fn, void *ctx)
{
	assert_null(sim_config_check(cfg));
	sim *s = sim_create(scn, cfg);
	assert_non_null(s);
	size_t n;
	const struct sim_event *ev = sim_events(s, &n);
	if (fn)
		fn(s, ev, n, ctx);
	while (sim_end_state(s) == SIM_END_NONE && sim_now(s) < cfg->until) {
		sim_step(s);
		ev = sim_events(s, &n);
		if (fn)
			fn(s, ev, n, ctx);
	}
	assert_int_not_equal(sim_end_state(s), SIM_END_NONE);
	return s;
}

static sim *run_file_config(const sim_scenario *scn, event_fn fn, void *ctx)
{
	struct sim_config cfg = sim_scenario_config(scn);
	return run_with(scn, &cfg, fn, ctx);
}

static uint64_t exit_tick(const sim *s, const char *name)
{
	struct sim_proc_view v;
	assert_true(sim_proc_view(s, pid_of(s, name), &v));
	assert_non_null(v.exit_reason);
	return v.exit_tick;
}

static struct sim_proc_view view_of(const sim *s, const char *name)
{
	struct sim_proc_view v;
	uint32_t pid = pid_of(s, name);
	assert_int_not_equal(pid, 0);
	assert_true(sim_proc_view(s, pid, &v));
	return v;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Median exit tick of PREFIX_1 .. PREFIX_n. */
static uint64_t median_exit(const sim *s, const char *prefix, int n)
{
	uint64_t t[64];
	assert_true(n > 0 && n <= 64);
	for (int i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s_%d", prefix, i + 1);
		assert_string_equal(reason_of(s, name), "normal");
		t[i] = exit_tick(s, name);
	}
	qsort(t, (size_t)n, sizeof t[0], cmp_u64);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

static uint64_t total_steals(const sim *s)
{
	uint64_t steals = 0;
	for (uint32_t i = 0; i < sim_sched_count(s); i++) {
		struct sim_sched_view v;
		sim_sched_view(s, i, &v);
		steals += v.steals;
	}
	return steals;
}

static bool sup_view_by_name(const sim *s, const char *name, size_t nth, struct sim_sup_view *out)
{
	for (size_t i = 0; i < sim_sup_count(s); i++) {
		sim_sup_view(s, i, out);
		if (strcmp(out->name, name) == 0 && nth-- == 0)
			return true;
	}
	return false;
}

/* Records the messages one process received, in order, as compact JSON. */
struct recv_log {
	const char *name;
	char msgs[64][64];
	uint64_t ids[64];
	size_t n;
};

static void log_receives(const sim *s, const struct sim_event *ev, size_t n, void *ctx)
{
	struct recv_log *log = ctx;
	for (size_t i = 0; i < n; i++) {
		if (ev[i].type != SIM_EV_RECEIVE)
			continue;
		struct sim_proc_view v;
		if (!sim_proc_view(s, ev[i].pid, &v) || strcmp(v.name, log->name) != 0)
			continue;
		assert_true(log->n < 64);
		sim_event_message(&ev[i], log->msgs[log->n], sizeof log->msgs[0]);
		log->ids[log->n] = ev[i].msg_id;
		log->n++;
	}
}

/* The summary's entry of incarnation `inc` (1 = the first) of `name`,
** from js (sim_summary_json), or NULL. */
static const cJSON *summary_entry(const cJSON *js, const char *name, int inc)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(js, "processes")) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "name");
		const cJSON *i = cJSON_GetObjectItemCaseSensitive(p, "incarnation");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0 && cJSON_IsNumber(i) &&
		    i->valueint == inc)
			return p;
	}
	return NULL;
}

/* The run's summary, parsed (the caller deletes it). */
static cJSON *summary_parsed(const sim *s)
{
	char *text = sim_summary_json(s);
	assert_non_null(text);
	cJSON *js = cJSON_Parse(text);
	free(text);
	assert_non_null(js);
	return js;
}

/* Asserts that the summary gives incarnation `inc` of `name` exactly the
** variables `want` (compact JSON) at its exit, or at the end (format 1.1:
** the entry's "variables"; its "state" is the process state, "exited"). */
static void assert_summary_state(const sim *s, const char *name, int inc, const char *want)
{
	cJSON *js = summary_parsed(s);
	const cJSON *e = summary_entry(js, name, inc);
	assert_non_null(e);
	char *got = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(e, "variables"));
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("%s (incarnation %d): variables %s, expected %s", name, inc, got, want);
	free(got);
	cJSON_Delete(js);
}

/* {=== 1. hello_messages ===} */

struct hello_ctx {
	struct recv_log pong;
	uint64_t sent_ids[16];
	size_t nsent;
	size_t pong_peak_mailbox;
};

static void hello_events(const sim *s, const struct sim_event *ev, size_t n, void *ctx)
{
	struct hello_ctx *h = ctx;
	log_receives(s, ev, n, &h->pong);
	uint32_t ping = pid_of(s, "ping"), pong = pid_of(s, "pong");
	for (size_t i = 0; i < n; i++)
		if (ev[i].type == SIM_EV_SEND && ev[i].pid == ping && ev[i].other == pong) {
			assert_true(h->nsent < 16);
			h->sent_ids[h->nsent++] = ev[i].msg_id;
		}
	struct sim_proc_view v;
	if (pong && sim_proc_view(s, pong, &v) && v.mailbox > h->pong_peak_mailbox)
		h->pong_peak_mailbox = v.mailbox;
}

static void test_hello_messages(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("hello_messages.json");
	struct hello_ctx h = {.pong = {.name = "pong"}};
	sim *s = run_file_config(scn, hello_events, &h);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_string_equal(reason_of(s, "ping"), "normal");
	assert_string_equal(reason_of(s, "pong"), "normal");
	/* The three pings queue up while pong is busy ... */
	assert_true(h.pong_peak_mailbox >= 3);
	/* ... and pong takes them, then stop, in exactly the order ping sent them. */
	assert_int_equal(h.nsent, 4);
	assert_int_equal(h.pong.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(h.pong.ids[i], h.sent_ids[i]);
	assert_string_equal(h.pong.msgs[0], "[\"ping\",1]");
	assert_string_equal(h.pong.msgs[3], "\"stop\"");
	assert_int_equal(view_of(s, "ping").received, 3);
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.sent, 7);
	assert_int_equal(t.delivered, 7);
	assert_int_equal(t.dropped, 0);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 2. concurrency_vs_parallelism ===} */

static void test_concurrency_vs_parallelism(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("concurrency_vs_parallelism.json");
	struct sim_config cfg = sim_scenario_config(scn);
	assert_int_equal(cfg.schedulers, 4);
	sim *s = run_with(scn, &cfg, NULL, NULL);
	uint64_t four = sim_now(s);
	for (int i = 1; i <= 4; i++) {
		char name[16];
		snprintf(name, sizeof name, "job_%d", i);
		assert_string_equal(reason_of(s, name), "normal");
		assert_int_equal(exit_tick(s, name), four);   /* all finish together */
	}
	sim_destroy(s);

	cfg.schedulers = 1;          /* --schedulers 1 */
	cfg.dirty_schedulers = 1;
	s = run_with(scn, &cfg, NULL, NULL);
	uint64_t one = sim_now(s);
	/* Interleaved: the first job ends well after the 4-core run is over. */
	assert_true(exit_tick(s, "job_1") > 3 * four);
	sim_destroy(s);

	assert_int_equal(four, 200);
	assert_int_equal(one, 4 * four);
	sim_scenario_free(scn);
}

/* {=== 3. one_slow_request ===} */

static void test_one_slow_request(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("one_slow_request.json");
	struct sim_config cfg = sim_scenario_config(scn);
	assert_int_equal(cfg.preemption, SIM_PREEMPT_REDUCTIONS);
	sim *s = run_with(scn, &cfg, NULL, NULL);
	uint64_t preemptive = median_exit(s, "req", 10);
	uint64_t slow_pre = exit_tick(s, "slow");
	sim_destroy(s);

	cfg.preemption = SIM_PREEMPT_COOPERATIVE;   /* --preemption cooperative */
	s = run_with(scn, &cfg, NULL, NULL);
	uint64_t cooperative = median_exit(s, "req", 10);
	uint64_t slow_coop = exit_tick(s, "slow");
	/* Cooperative: every short request waits for the slow one. */
	for (int i = 1; i <= 10; i++) {
		char name[16];
		snprintf(name, sizeof name, "req_%d", i);
		assert_true(exit_tick(s, name) > slow_coop);
	}
	sim_destroy(s);

	assert_true(cooperative >= 5 * preemptive);
	assert_true(preemptive < slow_pre);       /* answered while slow still runs */
	assert_int_equal(preemptive, 130);
	assert_int_equal(cooperative, 2110);
	sim_scenario_free(scn);
}

/* {=== 4. crash_isolation ===} */

static void test_crash_isolation(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("crash_isolation.json");
	sim *s = run_file_config(scn, NULL, NULL);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_string_equal(reason_of(s, "bad"), "badarith");
	assert_string_equal(reason_of(s, "hung"), "killed");
	size_t handlers = 0;
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		struct sim_proc_view v;
		assert_true(sim_proc_view(s, pid, &v));
		if (strcmp(v.name, "bad") == 0 || strcmp(v.name, "hung") == 0)
			continue;
		assert_non_null(v.exit_reason);
		assert_string_equal(v.exit_reason, "normal");
		assert_int_equal(v.reductions, 80);        /* did all its work */
		/* ... and still finished after the crash and the kill. */
		assert_true(v.exit_tick > exit_tick(s, "bad"));
		handlers++;
	}
	assert_int_equal(handlers, 8);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 5. links_propagate ===} */

static void test_links_propagate(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("links_propagate.json");
	sim *s = run_file_config(scn, NULL, NULL);
	const char *chain[] = {"a", "b", "c", "d", "e"};
	for (int i = 0; i < 5; i++)
		assert_string_equal(reason_of(s, chain[i]), "badarith");
	uint64_t ta = exit_tick(s, "a");
	assert_int_equal(exit_tick(s, "b"), ta);         /* the first hop at once */
	assert_int_equal(exit_tick(s, "c"), ta + 1);     /* then one link per tick */
	assert_int_equal(exit_tick(s, "d"), ta + 2);
	assert_int_equal(exit_tick(s, "e"), ta + 3);
	assert_string_equal(reason_of(s, "bystander"), "normal");
	assert_int_equal(view_of(s, "bystander").reductions, 80);
	assert_true(exit_tick(s, "bystander") > exit_tick(s, "e"));
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 6. trap_exit ===} */

static void test_trap_exit(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("trap_exit.json");
	struct recv_log g = {.name = "guardian"};
	sim *s = run_file_config(scn, log_receives, &g);
	assert_string_equal(reason_of(s, "worker"), "badarith");
	assert_string_equal(reason_of(s, "buddy"), "badarith");      /* not trapping */
	/* guardian exits normal only if it matched the EXIT message. */
	assert_string_equal(reason_of(s, "guardian"), "normal");
	assert_int_equal(g.n, 1);
	assert_string_equal(g.msgs[0], "[\"EXIT\",\"worker\",\"badarith\"]");
	assert_true(view_of(s, "guardian").trap_exit);
	assert_int_equal(view_of(s, "guardian").reductions, 72);      /* carried on */
	assert_true(exit_tick(s, "guardian") > exit_tick(s, "worker") + 60);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 7. monitors ===} */

static void test_monitors(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("monitors.json");
	struct recv_log w = {.name = "watcher"};
	sim *s = run_file_config(scn, log_receives, &w);
	assert_string_equal(reason_of(s, "worker"), "disk_full");
	assert_string_equal(reason_of(s, "watcher"), "normal");      /* not killed */
	assert_string_equal(reason_of(s, "replacement"), "normal");
	assert_int_equal(w.n, 2);
	assert_string_equal(w.msgs[0], "[\"DOWN\",\"worker\",\"disk_full\"]");
	assert_string_equal(w.msgs[1], "[\"DOWN\",\"replacement\",\"normal\"]");
	struct sim_proc_view r = view_of(s, "replacement");
	assert_int_equal(r.parent, pid_of(s, "watcher"));         /* watcher reacted */
	assert_true(r.spawn_tick > exit_tick(s, "worker"));
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 8. kill_is_untrappable ===} */

static void test_kill_is_untrappable(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("kill_is_untrappable.json");
	struct recv_log st = {.name = "stubborn"};
	sim *s = run_file_config(scn, log_receives, &st);
	/* The shutdown signal was trapped as a message ... */
	assert_int_equal(st.n, 1);
	assert_string_equal(st.msgs[0], "[\"EXIT\",\"boss\",\"shutdown\"]");
	/* ... kill was not. */
	assert_string_equal(reason_of(s, "stubborn"), "killed");
	assert_true(view_of(s, "stubborn").trap_exit);
	assert_string_equal(reason_of(s, "partner"), "killed");
	assert_string_equal(reason_of(s, "friend"), "normal");
	assert_string_equal(reason_of(s, "boss"), "normal");
	assert_int_equal(exit_tick(s, "partner"), exit_tick(s, "stubborn") + 1);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 9. the three supervisor strategies ===} */

static void check_strategy(const char *file, const uint32_t expect[4])
{
	const char *kids[] = {"db", "cache", "web", "api"};
	sim_scenario *scn = load_lesson(file);
	sim *s = run_file_config(scn, NULL, NULL);
	assert_int_equal(sim_end_state(s), SIM_END_DEADLOCK);   /* servers wait forever */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(incarnations(s, kids[i]), expect[i]);
		assert_string_equal(reason_of(s, kids[i]), "alive");   /* newest runs */
	}
	/* The crashed incarnation of cache died of badarg; every other old
	** incarnation was stopped by the supervisor with shutdown. */
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		struct sim_proc_view v;
		assert_true(sim_proc_view(s, pid, &v));
		if (!v.exit_reason)
			continue;
		assert_string_equal(v.exit_reason, strcmp(v.name, "cache") == 0 ? "badarg" : "shutdown");
	}
	struct sim_sup_view sv;
	assert_true(sup_view_by_name(s, "sup", 0, &sv));
	assert_int_equal(sv.restarts, 1);
	assert_null(sv.exit_reason);
	/* The later requests reached the newest incarnations and were handled:
	** db and web also got the first requests if they were never restarted. */
	for (int i = 0; i < 4; i++) {
		struct sim_proc_view v = view_of(s, kids[i]);
		bool early = v.incarnation == 1 && (i == 0 || i == 2);
		assert_int_equal(v.received, early ? 2 : 1);
	}
	sim_destroy(s);
	sim_scenario_free(scn);
}

static void test_supervisor_one_for_one(void **state)
{
	(void)state;
	static const uint32_t expect[4] = {1, 2, 1, 1};
	check_strategy("supervisor_one_for_one.json", expect);
}

static void test_supervisor_one_for_all(void **state)
{
	(void)state;
	static const uint32_t expect[4] = {2, 2, 2, 2};
	check_strategy("supervisor_one_for_all.json", expect);
}

static void test_supervisor_rest_for_one(void **state)
{
	(void)state;
	/* Exactly the children after the crashed one (web, api) and cache itself. */
	static const uint32_t expect[4] = {1, 2, 2, 2};
	check_strategy("supervisor_rest_for_one.json", expect);
}

/* {=== 10. restart_intensity ===} */

static void test_restart_intensity(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("restart_intensity.json");
	size_t giveups = 0;
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	uint32_t root = 0;
	while (sim_end_state(s) == SIM_END_NONE && sim_now(s) < cfg.until) {
		sim_step(s);
		size_t n;
		const struct sim_event *ev = sim_events(s, &n);
		for (size_t i = 0; i < n; i++)
			if (ev[i].type == SIM_EV_SUP_GIVEUP) {
				giveups++;
				root = pid_of(s, "root");
				/* The two lower-level give-ups come before root's. */
				assert_true(ev[i].pid != root || giveups == 3);
			}
	}
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_int_equal(giveups, 3);
	/* worker_sup gave up (shutdown), root restarted it once, it gave up
	** again, and root, out of intensity, shut the tree down. */
	assert_int_equal(incarnations(s, "worker_sup"), 2);
	assert_int_equal(incarnations(s, "flaky"), 6);      /* 1 + 2 restarts, twice */
	assert_int_equal(incarnations(s, "steady"), 2);
	assert_int_equal(incarnations(s, "root"), 1);
	struct sim_sup_view ws1, ws2, rv;
	assert_true(sup_view_by_name(s, "worker_sup", 0, &ws1));
	assert_true(sup_view_by_name(s, "worker_sup", 1, &ws2));
	assert_true(sup_view_by_name(s, "root", 0, &rv));
	assert_int_equal(ws1.restarts, 2);
	assert_int_equal(ws2.restarts, 2);
	assert_string_equal(ws1.exit_reason, "shutdown");
	assert_string_equal(ws2.exit_reason, "shutdown");
	assert_int_equal(rv.restarts, 1);
	assert_string_equal(rv.exit_reason, "shutdown");
	assert_string_equal(reason_of(s, "logger"), "shutdown");
	assert_string_equal(reason_of(s, "flaky"), "bad_config");
	/* The new worker_sup is root's child. */
	struct sim_proc_view w2 = view_of(s, "worker_sup");
	assert_int_equal(w2.parent, pid_of(s, "root"));
	assert_int_equal(w2.incarnation, 2);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 11. selective_receive ===} */

struct sel_ctx {
	struct recv_log picker;
	size_t consumer_peak;
};

static void sel_events(const sim *s, const struct sim_event *ev, size_t n, void *ctx)
{
	struct sel_ctx *c = ctx;
	log_receives(s, ev, n, &c->picker);
	struct sim_proc_view v;
	uint32_t pid = pid_of(s, "slow_consumer");
	if (pid && sim_proc_view(s, pid, &v) && v.mailbox > c->consumer_peak)
		c->consumer_peak = v.mailbox;
}

static void test_selective_receive(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("selective_receive.json");
	struct sel_ctx c = {.picker = {.name = "picker"}};
	sim *s = run_file_config(scn, sel_events, &c);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	/* The urgent message, sent last, is taken first; the older ones after,
	** in their order. */
	assert_int_equal(c.picker.n, 4);
	assert_string_equal(c.picker.msgs[0], "[\"urgent\",4]");
	assert_string_equal(c.picker.msgs[1], "[\"job\",1]");
	assert_string_equal(c.picker.msgs[2], "[\"job\",2]");
	assert_string_equal(c.picker.msgs[3], "[\"job\",3]");
	assert_true(c.picker.ids[0] > c.picker.ids[3]);
	/* The slow consumer's mailbox grows, then drains. */
	assert_true(c.consumer_peak >= 10);
	assert_int_equal(view_of(s, "slow_consumer").mailbox, 0);
	assert_int_equal(view_of(s, "slow_consumer").received, 20);
	assert_string_equal(reason_of(s, "slow_consumer"), "normal");
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 12. work_stealing ===} */

static void test_work_stealing(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("work_stealing.json");
	struct sim_config cfg = sim_scenario_config(scn);
	assert_int_equal(cfg.balance, SIM_BALANCE_STEAL);
	sim *s = run_with(scn, &cfg, NULL, NULL);
	uint64_t steal_end = sim_now(s);
	assert_true(total_steals(s) > 0);
	for (uint32_t i = 1; i < 4; i++) {
		struct sim_sched_view v;
		sim_sched_view(s, i, &v);
		assert_true(v.busy >= 200);          /* the thieves did real work */
	}
	for (int i = 1; i <= 12; i++) {
		char name[16];
		snprintf(name, sizeof name, "job_%d", i);
		assert_string_equal(reason_of(s, name), "normal");
	}
	sim_destroy(s);

	cfg.balance = SIM_BALANCE_NONE;       /* --balance none */
	s = run_with(scn, &cfg, NULL, NULL);
	uint64_t none_end = sim_now(s);
	assert_int_equal(total_steals(s), 0);
	for (uint32_t i = 1; i < 4; i++) {
		struct sim_sched_view v;
		sim_sched_view(s, i, &v);
		assert_int_equal(v.busy, 0);          /* idle all along */
	}
	sim_destroy(s);

	assert_int_equal(none_end, 1201);
	assert_true(none_end >= 3 * steal_end);
	sim_scenario_free(scn);
}

/* {=== 13. priorities ===} */

struct prio_ctx {
	uint64_t background_first_run;
};

static void prio_events(const sim *s, const struct sim_event *ev, size_t n, void *ctx)
{
	struct prio_ctx *c = ctx;
	uint32_t bg = pid_of(s, "background");
	for (size_t i = 0; i < n; i++)
		if (ev[i].type == SIM_EV_RUN && ev[i].pid == bg && c->background_first_run == UINT64_MAX)
			c->background_first_run = ev[i].start;
}

static void test_priorities(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("priorities.json");
	struct prio_ctx c = {.background_first_run = UINT64_MAX};
	sim *s = run_file_config(scn, prio_events, &c);
	assert_int_equal(view_of(s, "urgent").priority, SIM_PRIO_HIGH);
	assert_int_equal(view_of(s, "background").priority, SIM_PRIO_LOW);
	uint64_t urgent = exit_tick(s, "urgent");
	uint64_t first_normal = UINT64_MAX, last_normal = 0;
	for (int i = 1; i <= 3; i++) {
		char name[16];
		snprintf(name, sizeof name, "normal_%d", i);
		uint64_t t = exit_tick(s, name);
		first_normal = t < first_normal ? t : first_normal;
		last_normal = t > last_normal ? t : last_normal;
	}
	/* high: served first, without interrupting a running slice: it arrives at
	** 45 and runs its 40 reductions from the next scheduling point, 50. */
	assert_true(urgent < first_normal);
	assert_int_equal(urgent, 90);
	/* low: slower, but not starved: it runs while the normals still run. */
	assert_string_equal(reason_of(s, "background"), "normal");
	assert_true(c.background_first_run < last_normal);
	assert_true(exit_tick(s, "background") > last_normal);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 14. long_nif_blocks_scheduler ===} */

struct nif_ctx {
	bool dirty_moved;
	uint64_t dirty_reductions;
};

static void nif_events(const sim *s, const struct sim_event *ev, size_t n, void *ctx)
{
	struct nif_ctx *c = ctx;
	uint32_t d = pid_of(s, "dirty_nif");
	for (size_t i = 0; i < n; i++) {
		if (ev[i].type == SIM_EV_DIRTY && ev[i].pid == d)
			c->dirty_moved = true;
		if (ev[i].type == SIM_EV_RUN && ev[i].pid == d && ev[i].dirty)
			c->dirty_reductions += ev[i].reductions;
	}
}

static void test_long_nif_blocks_scheduler(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("long_nif_blocks_scheduler.json");
	struct sim_config cfg = sim_scenario_config(scn);
	struct nif_ctx c = {0};
	sim *s = run_with(scn, &cfg, nif_events, &c);
	uint64_t nif_end = exit_tick(s, "nif");
	/* Behind the plain NIF: every request waits until it returns. */
	for (int i = 1; i <= 4; i++) {
		char name[16];
		snprintf(name, sizeof name, "req_a_%d", i);
		assert_true(exit_tick(s, name) > nif_end);
	}
	assert_int_equal(nif_end, 500);
	assert_true(median_exit(s, "req_a", 4) >= 500);
	/* Behind the dirty NIF: the scheduler was free at once. */
	assert_true(c.dirty_moved);
	assert_int_equal(c.dirty_reductions, 500);
	assert_true(median_exit(s, "req_b", 4) < 100);
	assert_true(exit_tick(s, "req_b_4") < 100);
	sim_destroy(s);

	/* --balance steal: the idle scheduler 2 rescues the stalled requests. */
	cfg.balance = SIM_BALANCE_STEAL;
	s = run_with(scn, &cfg, NULL, NULL);
	assert_true(exit_tick(s, "req_a_4") < 500);
	assert_true(total_steals(s) > 0);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 15. timeouts ===} */

static void test_timeouts(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("timeouts.json");
	sim *s = run_file_config(scn, NULL, NULL);
	assert_string_equal(reason_of(s, "client_a"), "normal");
	assert_int_equal(view_of(s, "client_a").received, 1);
	assert_string_equal(reason_of(s, "client_b"), "timeout");
	assert_int_equal(view_of(s, "client_b").received, 0);
	assert_string_equal(reason_of(s, "slow_server"), "normal");
	/* client_b gave up long before the slow reply was sent ... */
	assert_true(exit_tick(s, "client_b") + 100 < exit_tick(s, "slow_server"));
	/* ... which then found it gone. */
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.dropped, 1);
	assert_int_equal(t.sent, 4);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 16. ring ===} */

static void test_ring(void **state)
{
	(void)state;
	enum { N = 8, M = 5 };
	sim_scenario *scn = load_lesson("ring.json");
	sim *s = run_file_config(scn, NULL, NULL);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_int_equal(sim_proc_count(s), N);
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.sent, N * M);
	assert_int_equal(t.delivered, N * M);
	assert_int_equal(t.dropped, 0);
	assert_int_equal(t.in_mailboxes, 0);
	for (int i = 1; i <= N; i++) {
		char name[16];
		snprintf(name, sizeof name, "node_%d", i);
		assert_string_equal(reason_of(s, name), "normal");
		assert_int_equal(view_of(s, name).received, M);
		assert_int_equal(view_of(s, name).sent, M);
	}
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 17. many_processes ===} */

static void test_many_processes(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("many_processes.json");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	/* Once the first ones wake from their sleep, all are alive at once. */
	sim_run_until(s, 2100);
	assert_int_equal(sim_end_state(s), SIM_END_NONE);
	size_t alive = 0;
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		struct sim_proc_view v;
		assert_true(sim_proc_view(s, pid, &v));
		alive += v.exit_reason == NULL;
	}
	assert_int_equal(alive, 100000);
	sim_run_until(s, cfg.until);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_int_equal(sim_proc_count(s), 100000);
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.spawned, 100000);
	assert_int_equal(t.exited, 100000);
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		struct sim_proc_view v;
		assert_true(sim_proc_view(s, pid, &v));
		assert_non_null(v.exit_reason);
		if (strcmp(v.exit_reason, "normal") != 0)
			fail_msg("%s exited with %s", v.name, v.exit_reason);
	}
	/* Spread evenly: each of the 4 schedulers did a quarter of the work. */
	for (uint32_t i = 0; i < 4; i++) {
		struct sim_sched_view v;
		sim_sched_view(s, i, &v);
		assert_int_equal(v.busy, 125000);
	}
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 18. state_in_a_process ===} */

struct state_ctx {
	struct recv_log a, b;
};

static void state_events(const sim *s, const struct sim_event *ev, size_t n, void *ctx)
{
	struct state_ctx *c = ctx;
	log_receives(s, ev, n, &c->a);
	log_receives(s, ev, n, &c->b);
}

static void test_state_in_a_process(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("state_in_a_process.json");
	struct state_ctx c = {.a = {.name = "client_a"}, .b = {.name = "client_b"}};
	sim *s = run_file_config(scn, state_events, &c);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_int_equal(c.a.n, 3);
	assert_int_equal(c.b.n, 3);
	/* Every increment got its own reply: 1..6, each exactly once, and each
	** client sees its own replies grow. */
	int seen[7] = {0};
	struct recv_log *logs[2] = {&c.a, &c.b};
	for (int l = 0; l < 2; l++) {
		int prev = 0;
		for (size_t i = 0; i < 3; i++) {
			int k = 0;
			assert_int_equal(sscanf(logs[l]->msgs[i], "[\"count\",%d]", &k), 1);
			assert_true(k >= 1 && k <= 6);
			assert_true(k > prev);
			prev = k;
			seen[k]++;
		}
	}
	for (int k = 1; k <= 6; k++)
		assert_int_equal(seen[k], 1);
	/* The auditor exits normal only if the final value was 6; then it
	** stops the server, whose state at exit is n = 6. */
	assert_string_equal(reason_of(s, "auditor"), "normal");
	assert_string_equal(reason_of(s, "counter"), "normal");
	assert_int_equal(view_of(s, "counter").received, 8);
	assert_summary_state(s, "counter", 1, "{\"n\":6}");
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 19. chat_room ===} */

/* got is PREFIX, something (a pid), then SUFFIX. */
static void assert_msg_like(const char *got, const char *prefix, const char *suffix)
{
	size_t g = strlen(got), p = strlen(prefix), q = strlen(suffix);
	if (g < p + q + 1 || strncmp(got, prefix, p) != 0 || strcmp(got + g - q, suffix) != 0)
		fail_msg("message %s, expected %s...%s", got, prefix, suffix);
}

/* How many pids room's members list holds: the successive sizes. */
struct chat_ctx {
	struct recv_log alice, bob, carol;
	int sizes[16];
	size_t nsizes;
};

static int members_now(const sim *s)
{
	struct sim_var_view v[4];
	size_t n = sim_proc_vars(s, pid_of(s, "room"), v, 4);
	for (size_t i = 0; i < n && i < 4; i++)
		if (strcmp(v[i].name, "members") == 0) {
			int k = 0;
			for (const char *q = v[i].value; (q = strstr(q, "<0.")); q++)
				k++;
			return k;
		}
	return -1;
}

static void chat_events(const sim *s, const struct sim_event *ev, size_t n, void *ctx)
{
	struct chat_ctx *c = ctx;
	log_receives(s, ev, n, &c->alice);
	log_receives(s, ev, n, &c->bob);
	log_receives(s, ev, n, &c->carol);
	int k = members_now(s);
	if (k >= 0 && (c->nsizes == 0 || c->sizes[c->nsizes - 1] != k)) {
		assert_true(c->nsizes < 16);
		c->sizes[c->nsizes++] = k;
	}
}

static void test_chat_room(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("chat_room.json");
	struct chat_ctx c = {.alice = {.name = "alice"}, .bob = {.name = "bob"},
	                     .carol = {.name = "carol"}};
	sim *s = run_file_config(scn, chat_events, &c);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	/* members: three joins, carol's DOWN, bob's leave, alice's DOWN */
	static const int sizes[] = {0, 1, 2, 3, 2, 1, 0};
	assert_int_equal(c.nsizes, 7);
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(c.sizes[i], sizes[i]);
	/* the broadcast reaches everyone but the speaker */
	assert_int_equal(c.carol.n, 1);
	assert_msg_like(c.carol.msgs[0], "[\"msg\",", ",\"hi all\"]");
	assert_int_equal(c.bob.n, 3);
	assert_msg_like(c.bob.msgs[0], "[\"msg\",", ",\"hi all\"]");
	assert_msg_like(c.bob.msgs[1], "[\"left\",", ",\"badarith\"]");
	assert_msg_like(c.bob.msgs[2], "[\"msg\",", ",\"where is carol?\"]");
	assert_int_equal(c.alice.n, 2);
	assert_msg_like(c.alice.msgs[0], "[\"left\",", ",\"badarith\"]");
	assert_msg_like(c.alice.msgs[1], "[\"msg\",", ",\"she crashed, bye\"]");
	assert_string_equal(reason_of(s, "carol"), "badarith");
	assert_string_equal(reason_of(s, "alice"), "normal");
	assert_string_equal(reason_of(s, "bob"), "normal");
	/* room took 7 user messages (3 joins, 3 says, 1 leave; `received`
	** does not count the DOWNs), then closed after 100 quiet ticks */
	struct sim_proc_view room = view_of(s, "room");
	assert_string_equal(room.exit_reason, "normal");
	assert_int_equal(room.received, 7);
	uint64_t quiet = room.exit_tick - exit_tick(s, "alice");
	assert_true(quiet > 100 && quiet <= 110);
	assert_summary_state(s, "room", 1, "{\"members\":[]}");
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.dropped, 0);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 20. request_reply ===} */

struct reply_ctx {
	struct recv_log c1, c2, rep;
};

static void reply_events(const sim *s, const struct sim_event *ev, size_t n, void *ctx)
{
	struct reply_ctx *c = ctx;
	log_receives(s, ev, n, &c->c1);
	log_receives(s, ev, n, &c->c2);
	log_receives(s, ev, n, &c->rep);
}

static void test_request_reply(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("request_reply.json");
	struct reply_ctx c = {.c1 = {.name = "client_1"}, .c2 = {.name = "client_2"},
	                      .rep = {.name = "reporter"}};
	sim *s = run_file_config(scn, reply_events, &c);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	/* each caller got the reply to its own pid */
	assert_int_equal(c.c1.n, 1);
	assert_string_equal(c.c1.msgs[0], "[\"ok\",1]");
	assert_int_equal(c.rep.n, 1);
	assert_string_equal(c.rep.msgs[0], "[\"ok\",2]");
	assert_string_equal(reason_of(s, "client_1"), "normal");
	assert_string_equal(reason_of(s, "reporter"), "normal");
	/* client_2's call timed out while the server was busy: 50 ticks after
	** its receive blocked, before the report was done */
	assert_int_equal(c.c2.n, 0);
	assert_string_equal(reason_of(s, "client_2"), "timeout");
	struct sim_proc_view c2 = view_of(s, "client_2");
	assert_true(c2.exit_tick >= 40 + 50 && c2.exit_tick <= 40 + 50 + 4);
	assert_true(c2.exit_tick < exit_tick(s, "reporter"));
	/* ... and the server still served it, later: the reply was dropped */
	assert_string_equal(reason_of(s, "server"), "normal");
	assert_int_equal(view_of(s, "server").received, 3);
	assert_int_equal(view_of(s, "server").sent, 3);
	assert_summary_state(s, "server", 1, "{\"calls\":3}");
	struct sim_totals t;
	sim_totals(s, &t);
	assert_int_equal(t.dropped, 1);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 21. state_dies_with_the_process ===} */

static void test_state_dies_with_the_process(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("state_dies_with_the_process.json");
	struct recv_log clock = {.name = "clock"};
	sim *s = run_file_config(scn, log_receives, &clock);
	/* counter crashed once, at 7, and was restarted once */
	assert_int_equal(incarnations(s, "counter"), 2);
	struct sim_sup_view sv;
	assert_true(sup_view_by_name(s, "sup", 0, &sv));
	assert_int_equal(sv.restarts, 1);
	/* clock was told 1..6, nothing for the 7th tick, then 1, 2, 3: the
	** restarted counter started from its spec's n = 0 */
	static const char *const counts[] = {"1", "2", "3", "4", "5", "6", "1", "2", "3"};
	assert_int_equal(clock.n, 9);
	for (size_t i = 0; i < 9; i++) {
		char want[32];
		snprintf(want, sizeof want, "[\"count\",%s]", counts[i]);
		assert_string_equal(clock.msgs[i], want);
	}
	assert_string_equal(reason_of(s, "clock"), "normal");
	assert_summary_state(s, "counter", 1, "{\"n\":7}");
	assert_summary_state(s, "counter", 2, "{\"n\":3}");
	assert_summary_state(s, "clock", 1, "{\"last\":3}");
	/* the first incarnation's exit reason */
	char *text = sim_summary_json(s);
	cJSON *js = cJSON_Parse(text);
	free(text);
	const cJSON *first = summary_entry(js, "counter", 1);
	assert_non_null(first);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "exit_reason")->valuestring,
	                    "unlucky_seven");
	cJSON_Delete(js);
	/* the permanent counter now waits for ticks that never come */
	assert_int_equal(sim_end_state(s), SIM_END_DEADLOCK);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== graceful_shutdown ===} */

struct stop_ctx {
	struct recv_log journal, indexer, disk;
	uint64_t indexer_told, indexer_killed;   /* ticks of the shutdown signal and the kill */
	int waits_seen;                          /* steps seen with shop_sup waiting for indexer */
};

static void stop_events(const sim *s, const struct sim_event *ev, size_t n, void *ctx)
{
	struct stop_ctx *c = ctx;
	log_receives(s, ev, n, &c->journal);
	log_receives(s, ev, n, &c->indexer);
	log_receives(s, ev, n, &c->disk);
	uint32_t sup = pid_of(s, "shop_sup"), ix = pid_of(s, "indexer");
	for (size_t i = 0; i < n; i++) {
		if (ev[i].pid != ix || !ix)
			continue;
		if (ev[i].type == SIM_EV_SIGNAL && ev[i].other == sup && strcmp(ev[i].reason, "shutdown") == 0)
			c->indexer_told = ev[i].tick;
		if (ev[i].type == SIM_EV_KILL)
			c->indexer_killed = ev[i].tick;
	}
	/* While indexer cleans up, the views say who waits for whom, and when
	** its time runs out. */
	struct sim_proc_view v;
	if (ix && c->indexer_told && sim_proc_view(s, ix, &v) && !v.exit_reason) {
		struct sim_sup_view sv;
		assert_true(sup_view_by_name(s, "shop_sup", 0, &sv));
		assert_int_equal(sv.stopping, ix);
		assert_int_equal(v.stopping_by, sup);
		assert_int_equal(v.stop_deadline, c->indexer_told + 100);
		c->waits_seen++;
	}
}

static void test_graceful_shutdown(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("graceful_shutdown.json");
	struct stop_ctx c = {.journal = {.name = "journal"}, .indexer = {.name = "indexer"},
	                     .disk = {.name = "disk"}};
	sim *s = run_file_config(scn, stop_events, &c);
	assert_int_equal(sim_end_state(s), SIM_END_ALL_EXITED);
	assert_int_equal(sim_now(s), 261);
	/* One at a time, the last started first, each in its own way. */
	assert_string_equal(reason_of(s, "stats"), "shutdown");    /* does not trap */
	assert_int_equal(exit_tick(s, "stats"), 102);
	assert_string_equal(reason_of(s, "cache"), "killed");      /* brutal_kill */
	assert_int_equal(exit_tick(s, "cache"), 104);
	assert_string_equal(reason_of(s, "indexer"), "killed");    /* out of time */
	assert_int_equal(exit_tick(s, "indexer"), 206);
	assert_string_equal(reason_of(s, "journal"), "shutdown");  /* cleaned up in time */
	assert_int_equal(exit_tick(s, "journal"), 251);
	assert_string_equal(reason_of(s, "shop_sup"), "shutdown");
	assert_int_equal(exit_tick(s, "shop_sup"), 252);
	assert_string_equal(reason_of(s, "app"), "normal");
	assert_int_equal(exit_tick(s, "app"), 253);
	assert_string_equal(reason_of(s, "disk"), "normal");
	/* indexer was told at 106 and killed exactly its 100 ticks later,
	** with most of its 400 reductions of clean-up undone */
	assert_int_equal(c.indexer_told, 106);
	assert_int_equal(c.indexer_killed, 206);
	assert_int_equal(c.waits_seen > 0, true);
	assert_int_equal(c.indexer.n, 1);
	assert_string_equal(c.indexer.msgs[0], "[\"EXIT\",\"shop_sup\",\"shutdown\"]");
	assert_true(view_of(s, "indexer").reductions < 400);
	/* journal got its three entries, then the EXIT, and saved its state */
	assert_int_equal(c.journal.n, 4);
	assert_string_equal(c.journal.msgs[2], "[\"entry\",3]");
	assert_string_equal(c.journal.msgs[3], "[\"EXIT\",\"shop_sup\",\"shutdown\"]");
	assert_int_equal(c.disk.n, 1);
	assert_string_equal(c.disk.msgs[0], "[\"saved\",\"journal\",3]");
	/* stopping is not restarting */
	struct sim_sup_view sv;
	assert_true(sup_view_by_name(s, "shop_sup", 0, &sv));
	assert_int_equal(sv.restarts, 0);
	assert_int_equal(sv.stopping, 0);
	assert_int_equal(incarnations(s, "journal"), 1);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* {=== 23-26. distribution ===} */

/* The node (its config.nodes name) of incarnation `inc` of `name`. */
static void assert_node(const sim *s, const char *name, int inc, const char *want)
{
	cJSON *js = summary_parsed(s);
	const cJSON *e = summary_entry(js, name, inc);
	assert_non_null(e);
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "node");
	assert_true(cJSON_IsString(n));
	if (strcmp(n->valuestring, want) != 0)
		fail_msg("%s (incarnation %d) ran on %s, expected %s", name, inc, n->valuestring, want);
	cJSON_Delete(js);
}

/* Incarnation inc of name was halted with node `node` at `tick` (a node
** is not a process: the summary gives it no exit reason and no exit tick,
** only halted_tick). */
static void assert_halted(const sim *s, const char *name, int inc, const char *node,
                          uint64_t tick)
{
	assert_node(s, name, inc, node);
	cJSON *js = summary_parsed(s);
	const cJSON *e = summary_entry(js, name, inc);
	assert_non_null(e);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(e, "exit_reason")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(e, "exit_tick")));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "state")),
	                    "exited");
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(e, "halted_tick");
	assert_true(cJSON_IsNumber(h));
	assert_int_equal((uint64_t)h->valuedouble, tick);
	cJSON_Delete(js);
}

/* The same programs on one node and across two: the same messages in
** the same order; only the time differs, by 2 x latency per round trip. */
static void test_location_transparency(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("location_transparency.json");
	struct state_ctx t = {.a = {.name = "local_ping"}, .b = {.name = "remote_ping"}};
	sim *s = run_file_config(scn, state_events, &t);
	assert_int_equal(t.a.n, 3);
	assert_int_equal(t.b.n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(t.a.msgs[i], "[\"pong\",1]");
		assert_string_equal(t.b.msgs[i], t.a.msgs[i]);
	}
	assert_string_equal(reason_of(s, "local_ping"), "normal");
	assert_string_equal(reason_of(s, "remote_ping"), "normal");
	assert_node(s, "local_pong", 1, "a");
	assert_node(s, "remote_pong", 1, "b");
	assert_node(s, "remote_ping", 1, "a");
	assert_int_equal(exit_tick(s, "local_ping"), 30);
	assert_int_equal(exit_tick(s, "remote_ping"), 150);   /* 3 round trips x 2 x 20 later */
	struct sim_totals tot;
	sim_totals(s, &tot);
	assert_int_equal(tot.dropped, 0);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* Node b halts: a link kills (noconnection), a trapped link, a monitor
** and monitor_node each deliver their own message, at the tick of the
** halt; db itself is gone without an exit signal and without an exit
** reason (halted with b at 100). */
static void test_node_down(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("node_down.json");
	struct state_ctx t = {.a = {.name = "trapper"}, .b = {.name = "nodewatch"}};
	sim *s = run_file_config(scn, state_events, &t);
	assert_string_equal(reason_of(s, "db"), "halted");
	assert_halted(s, "db", 1, "b", 100);
	assert_string_equal(reason_of(s, "linked"), "noconnection");
	assert_string_equal(reason_of(s, "trapper"), "saw_exit_noconnection");
	assert_string_equal(reason_of(s, "watcher"), "saw_down_noconnection");
	assert_string_equal(reason_of(s, "nodewatch"), "saw_nodedown");
	assert_int_equal(exit_tick(s, "linked"), 100);
	assert_int_equal(t.a.n, 1);
	assert_string_equal(t.a.msgs[0], "[\"EXIT\",\"db\",\"noconnection\"]");
	assert_int_equal(t.b.n, 1);
	assert_string_equal(t.b.msgs[0], "[\"nodedown\",\"b\"]");
	struct sim_node_view nv;
	assert_true(sim_node_view(s, 1, &nv));
	assert_false(nv.up);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* A partition: both sides get nodedown, standby makes a second leader
** on b; after heal the client gets an answer from each: split brain. */
static void test_netsplit(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("netsplit.json");
	struct state_ctx t = {.a = {.name = "leader"}, .b = {.name = "standby"}};
	sim *s = run_file_config(scn, state_events, &t);
	assert_true(t.a.n >= 1 && t.b.n >= 1);
	assert_string_equal(t.a.msgs[0], "[\"nodedown\",\"b\"]");
	assert_string_equal(t.b.msgs[0], "[\"nodedown\",\"a\"]");
	assert_string_equal(reason_of(s, "client"), "two_leaders");
	assert_string_equal(reason_of(s, "leader"), "alive");
	assert_string_equal(reason_of(s, "leader_b"), "alive");
	assert_node(s, "leader_b", 1, "b");
	assert_true(view_of(s, "leader_b").spawn_tick > 100);   /* made during the split */
	struct sim_node_view nv;
	for (uint32_t n = 0; n < 2; n++) {
		assert_true(sim_node_view(s, n, &nv));
		assert_true(nv.up);                              /* nobody crashed */
	}
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* b halts: the three workers are gone with it (no exit reason), the
** supervisor's links deliver noconnection, it restarts each once on c,
** and the client's job to the same name is answered. */
static void test_failover(void **state)
{
	(void)state;
	sim_scenario *scn = load_lesson("failover.json");
	sim *s = run_file_config(scn, NULL, NULL);
	static const char *const pool[] = {"pool_1", "pool_2", "pool_3"};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(incarnations(s, pool[i]), 2);
		assert_halted(s, pool[i], 1, "b", 200);
		assert_node(s, pool[i], 2, "c");
		assert_string_equal(reason_of(s, pool[i]), "alive");
	}
	struct sim_sup_view sv;
	assert_true(sup_view_by_name(s, "pool_sup", 0, &sv));
	assert_int_equal(sv.restarts, 3);
	assert_string_equal(reason_of(s, "pool_sup"), "alive");
	assert_string_equal(reason_of(s, "client"), "served_after_failover");
	sim_destroy(s);
	sim_scenario_free(scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello_messages),
		cmocka_unit_test(test_concurrency_vs_parallelism),
		cmocka_unit_test(test_one_slow_request),
		cmocka_unit_test(test_crash_isolation),
		cmocka_unit_test(test_links_propagate),
		cmocka_unit_test(test_trap_exit),
		cmocka_unit_test(test_monitors),
		cmocka_unit_test(test_kill_is_untrappable),
		cmocka_unit_test(test_supervisor_one_for_one),
		cmocka_unit_test(test_supervisor_one_for_all),
		cmocka_unit_test(test_supervisor_rest_for_one),
		cmocka_unit_test(test_restart_intensity),
		cmocka_unit_test(test_selective_receive),
		cmocka_unit_test(test_work_stealing),
		cmocka_unit_test(test_priorities),
		cmocka_unit_test(test_long_nif_blocks_scheduler),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_ring),
		cmocka_unit_test(test_many_processes),
		cmocka_unit_test(test_state_in_a_process),
		cmocka_unit_test(test_chat_room),
		cmocka_unit_test(test_request_reply),
		cmocka_unit_test(test_state_dies_with_the_process),
		cmocka_unit_test(test_graceful_shutdown),
		cmocka_unit_test(test_location_transparency),
		cmocka_unit_test(test_node_down),
		cmocka_unit_test(test_netsplit),
		cmocka_unit_test(test_failover),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
