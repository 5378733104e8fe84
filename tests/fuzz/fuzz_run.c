/*
** fuzz_run.c - libFuzzer target: load a fuzzed scenario and, if it is
** valid, run it for a bounded number of ticks, checking basic sanity of the
** engine after every step.
**
** Bounds (so that one input costs at most a few milliseconds): the run
** stops at tick RUN_MAX_TICKS (or the scenario's `until` if smaller), and
** inputs whose static process count or largest spawn count is above
** RUN_MAX_STATIC / RUN_MAX_SPAWN are only loaded, not run.  The run also
** stops once more than RUN_MAX_PIDS pids exist.  The cost estimate reads
** the loaded scenario (scenario.h, internal but read-only); the run itself
** uses the public API only (sim.h).
**
** Checks after each step (abort() on failure, so libFuzzer records the
** input): time never goes back and stays within the limit; every event
** names existing pids and schedulers; a process is running on at most one
** scheduler and is then in state running; the run queues hold exactly the
** runnable processes, each once; message totals add up (sent = delivered +
** dropped, in_mailboxes <= delivered); spawned = pids, exited <= spawned.
** At the end: the summary JSON and the Chrome trace are produced, and a
** checkpoint taken half-way and restored replays the same events.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "fuzz_common.h"
#include "sim.h"

#define RUN_MAX_TICKS 1000u
#define RUN_MAX_STATIC 2000u
#define RUN_MAX_SPAWN 200u
#define RUN_MAX_PIDS 20000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_run: check failed: %s (line %d)\n", #c, __LINE__); abort(); } } while (0)

/* {=== cost estimate ===} */

static bool spec_cheap(const struct spec *sp);

static bool ops_cheap(const struct oplist *l)
{
	for (uint32_t i = 0; i < l->n; i++) {
		const struct op *o = &l->ops[i];
		switch (o->kind) {
		case OP_SPAWN:
			if (o->u.spawn.nnames > RUN_MAX_SPAWN)
				return false;
			break;
		case OP_LOOP:
			if (!ops_cheap(&o->u.loop.body))
				return false;
			break;
		case OP_RECEIVE:
			for (uint32_t c = 0; c < o->u.receive.ncases; c++)
				if (!ops_cheap(&o->u.receive.cases[c].body))
					return false;
			if (o->u.receive.has_after && !ops_cheap(&o->u.receive.after_body))
				return false;
			break;
		default:
			break;
		}
	}
	return true;
}

static bool spec_cheap(const struct spec *sp)
{
	if (sp->nnames > RUN_MAX_SPAWN)
		return false;
	if (sp->sup) {
		for (uint32_t i = 0; i < sp->sup->nchildren; i++)
			if (!spec_cheap(&sp->sup->children[i]))
				return false;
		return true;
	}
	return ops_cheap(&sp->program);
}

static bool cheap(const struct scenario *s)
{
	if (s->static_processes > RUN_MAX_STATIC)
		return false;
	for (uint32_t i = 0; i < s->ntemplates; i++)
		if (!spec_cheap(&s->templates[i]))
			return false;
	for (uint32_t i = 0; i < s->nprocs; i++)
		if (!spec_cheap(&s->procs[i]))
			return false;
	for (uint32_t i = 0; i < s->ntimeline; i++)
		if (s->timeline[i].kind == TL_SPAWN && !spec_cheap(&s->timeline[i].spawn))
			return false;
	return true;
}

/* {=== checks ===} */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
	return h * 0x100000001b3u;
}

static uint64_t hash_str(uint64_t h, const char *str)
{
	if (!str)
		return mix(h, 1);
	for (; *str; str++)
		h = mix(h, (unsigned char)*str);
	return mix(h, 0);
}

/* Format 1.1 values as the log and the trace write them (pids with
** names, bindings), in both styles, into a small and a tiny buffer: each
** stays terminated within its buffer. */
static void check_values(const sim *s, const struct sim_event *e, uint64_t *h)
{
	char buf[128], tiny[6];
	if (e->type != SIM_EV_SET && e->type != SIM_EV_RECEIVE && e->type != SIM_EV_SEND)
		return;
	for (int st = SIM_VALUE_TEXT; st <= SIM_VALUE_JSON; st++) {
		sim_event_value(s, e, (enum sim_value_style)st, buf, sizeof buf);
		CHECK(strlen(buf) < sizeof buf);
		*h = hash_str(*h, buf);
		sim_event_value(s, e, (enum sim_value_style)st, tiny, sizeof tiny);
		CHECK(strlen(tiny) < sizeof tiny);
		size_t k = sim_event_bindings(s, e, (enum sim_value_style)st, buf, sizeof buf);
		CHECK(strlen(buf) < sizeof buf && (k > 0 || buf[0] == '\0'));
		*h = hash_str(*h, buf);
		sim_event_bindings(s, e, (enum sim_value_style)st, tiny, sizeof tiny);
		CHECK(strlen(tiny) < sizeof tiny);
	}
	if (e->type == SIM_EV_SET)
		CHECK(e->name && e->name[0] && e->value);
}

/* Checks one batch of events and folds it into the hash *h. */
static void check_events(const sim *s, uint64_t *h, sim_trace *tr)
{
	size_t n;
	const struct sim_event *ev = sim_events(s, &n);
	size_t nprocs = sim_proc_count(s);
	size_t nsched = sim_sched_count(s);
	char buf[256];
	for (size_t i = 0; i < n; i++) {
		const struct sim_event *e = &ev[i];
		CHECK((unsigned)e->type < SIM_EV_TYPE_COUNT);
		CHECK(e->pid <= nprocs);
		CHECK(e->type == SIM_EV_DROP || e->other <= nprocs);
		if (e->type == SIM_EV_DIRTY)
			CHECK(e->sched >= -1 && e->sched < (int32_t)sim_dirty_count(s));
		else if (!(e->type == SIM_EV_RUN && e->dirty))
			CHECK(e->sched >= -1 && e->sched < (int32_t)nsched);
		CHECK(e->tick <= sim_now(s));
		*h = mix(*h, e->type);
		*h = mix(*h, e->tick);
		*h = mix(*h, e->pid);
		*h = mix(*h, e->other);
		*h = mix(*h, (uint64_t)(int64_t)e->sched);
		*h = mix(*h, e->reductions);
		*h = hash_str(*h, e->reason);
		if (e->type == SIM_EV_SEND || e->type == SIM_EV_DELIVER ||
		    e->type == SIM_EV_DROP || e->type == SIM_EV_RECEIVE) {
			sim_event_message(e, buf, sizeof buf);
			CHECK(strlen(buf) < sizeof buf);
			*h = hash_str(*h, buf);
		}
		check_values(s, e, h);
	}
	if (tr)
		sim_trace_events(tr, ev, n);
}

static void check_state(const sim *s, uint8_t *seen)
{
	size_t nprocs = sim_proc_count(s);
	size_t nsched = sim_sched_count(s);
	memset(seen, 0, nprocs + 1);
	size_t runnable = 0, exited = 0;
	for (uint32_t pid = 1; pid <= nprocs; pid++) {
		struct sim_proc_view v;
		CHECK(sim_proc_view(s, pid, &v));
		CHECK(v.pid == pid && v.name != NULL);
		CHECK((unsigned)v.state < SIM_PROC_STATE_COUNT);
		CHECK(v.loc.sched >= 0 && (size_t)v.loc.sched < nsched);
		CHECK(v.parent <= nprocs);
		/* exited: an exit reason, or none and halted (gone with its node) */
		CHECK((v.state == SIM_PROC_EXITED) == (v.exit_reason != NULL || v.halted));
		CHECK(!v.halted || (v.state == SIM_PROC_EXITED && !v.exit_reason));
		if (v.state == SIM_PROC_RUNNABLE)
			runnable++;
		if (v.state == SIM_PROC_EXITED)
			exited++;
	}
	/* Each running process on one scheduler only, in state running. */
	for (uint32_t i = 0; i < nsched; i++) {
		struct sim_sched_view sv;
		sim_sched_view(s, i, &sv);
		CHECK(sv.id == i);
		if (sv.running) {
			struct sim_proc_view v;
			CHECK(sv.running <= nprocs);
			CHECK(!seen[sv.running]);
			seen[sv.running] = 1;
			CHECK(sim_proc_view(s, sv.running, &v));
			CHECK(v.state == SIM_PROC_RUNNING);
		}
	}
	for (uint32_t i = 0; i < sim_dirty_count(s); i++) {
		uint32_t pid = sim_dirty_running(s, i);
		if (pid) {
			struct sim_proc_view v;
			CHECK(pid <= nprocs && !seen[pid]);
			seen[pid] = 1;
			CHECK(sim_proc_view(s, pid, &v));
			CHECK(v.state == SIM_PROC_DIRTY);
		}
	}
	/* The run queues hold exactly the runnable processes, each once. */
	size_t queued = 0;
	for (uint32_t i = 0; i < nsched; i++) {
		size_t len = sim_sched_queue(s, i, NULL, 0);
		if (len == 0)
			continue;
		uint32_t *all = malloc(len * sizeof *all);
		CHECK(all != NULL);
		CHECK(sim_sched_queue(s, i, all, len) == len);
		for (size_t k = 0; k < len; k++) {
			struct sim_proc_view v;
			CHECK(all[k] >= 1 && all[k] <= nprocs);
			CHECK(!seen[all[k]]);
			seen[all[k]] = 1;
			CHECK(sim_proc_view(s, all[k], &v));
			CHECK(v.state == SIM_PROC_RUNNABLE);
		}
		free(all);
		queued += len;
	}
	CHECK(queued == runnable);
	struct sim_totals t;
	sim_totals(s, &t);
	CHECK(t.spawned == nprocs);
	CHECK(t.exited == exited);
	/* a message between nodes is sent, then on the network until it is
	** delivered or dropped (sim_net_get) */
	uint64_t flying = 0;
	for (size_t i = 0; i < sim_net_count(s); i++) {
		struct sim_net_view nv;
		CHECK(sim_net_get(s, i, &nv));
		flying += nv.kind == SIM_NET_MESSAGE;
	}
	CHECK(t.sent == t.delivered + t.dropped + flying);
	CHECK(t.in_mailboxes <= t.delivered);
}

/* Runs from the current state to `until`; returns the hash of the events. */
static uint64_t run(sim *s, uint64_t until, uint8_t **seen, size_t *seen_cap,
                    sim_trace *tr, uint64_t stop_at, sim_checkpoint **cp)
{
	uint64_t h = 0xcbf29ce484222325u;
	uint64_t last = sim_now(s);
	while (sim_end_state(s) == SIM_END_NONE && sim_now(s) < until &&
	       sim_proc_count(s) <= RUN_MAX_PIDS) {
		if (cp && !*cp && sim_now(s) >= stop_at) {
			*cp = sim_checkpoint_create(s);
			CHECK(*cp != NULL);
			CHECK(sim_checkpoint_tick(*cp) == sim_now(s));
			h = 0xcbf29ce484222325u;  /* the replay is compared from here */
		}
		sim_step(s);
		CHECK(sim_now(s) >= last);
		last = sim_now(s);
		check_events(s, &h, tr);
		size_t need = sim_proc_count(s) + 1;
		if (need > *seen_cap) {
			uint8_t *p = realloc(*seen, need * 2);
			CHECK(p != NULL);
			*seen = p;
			*seen_cap = need * 2;
		}
		check_state(s, *seen);
	}
	return h;
}

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_counts_small(data, size))
		return 0;
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text((const char *)data, size, "fuzz.json", &d);
	sim_diag_free(&d);
	if (!scn)
		return 0;
	if (!cheap(scn)) {
		sim_scenario_free(scn);
		return 0;
	}
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	struct sim_config cfg = sim_scenario_config(scn);
	CHECK(sim_config_check(&cfg) == NULL);
	if (cfg.until > RUN_MAX_TICKS)
		cfg.until = RUN_MAX_TICKS;
	sim *s = sim_create(scn, &cfg);
	CHECK(s != NULL);
	uint8_t *seen = NULL;
	size_t seen_cap = 0;
	sim_trace *tr = devnull ? sim_trace_open(devnull, s) : NULL;
	uint64_t h0 = 0;
	check_events(s, &h0, tr);

	sim_checkpoint *cp = NULL;
	uint64_t half = cfg.until / 2;
	uint64_t h1 = run(s, cfg.until, &seen, &seen_cap, tr, half, &cp);
	if (tr)
		CHECK(sim_trace_close(tr) == SIM_OK);
	char *sum = sim_summary_json(s);
	CHECK(sum != NULL);
	free(sum);
	/* Views a front end uses, on every pid. */
	struct sim_op_line lines[16];
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		(void)sim_proc_program(s, pid, lines, 16);
		(void)sim_proc_message(s, pid, 0);
	}
	if (cp) {
		uint64_t end_tick = sim_now(s);
		enum sim_end end = sim_end_state(s);
		CHECK(sim_checkpoint_restore(s, cp) == SIM_OK);
		uint64_t h2 = run(s, cfg.until, &seen, &seen_cap, NULL, 0, NULL);
		/* The same events from the checkpoint on, the same end. */
		CHECK(h2 == h1);
		CHECK(sim_now(s) == end_tick);
		CHECK(sim_end_state(s) == end);
		sim_checkpoint_destroy(cp);
	}
	free(seen);
	sim_destroy(s);
	sim_scenario_free(scn);
	return 0;
}
