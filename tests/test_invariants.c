/*
** test_invariants.c - engine invariants checked after every step of random
** scenarios (issue 7, part 3).
**
** For each seed, tests/gen/scenario_gen.c makes a random valid scenario
** (asserted to load), which is run three ways:
**   A. step by step, with every invariant below checked after sim_create
**      and after every sim_step;
**   B. again, unchecked: same trace hash and same summary JSON as A
**      (determinism); a checkpoint is taken at a random tick on the way;
**   C. the checkpoint restored (onto B's engine, or onto a fresh engine
**      for odd seeds) and run to the end: same trace hash of the events
**      after the checkpoint and same summary as B.
**
** Invariants (engine internals through engine.h; the test links the
** static library):
**   - schedulers: no pid is current on two schedulers (normal or dirty);
**     a current process is RUNNING on that scheduler (DIRTY for a dirty one);
**   - run queues: walking every intrusive list (q_next/q_prev, tails, per
**     priority lengths, the dirty queue) gives exactly the RUNNABLE
**     processes, each in its home queue at the queue of its priority;
**   - states: each process is in exactly one place for its state; WAITING
**     means nothing unscanned in the mailbox (no lost wake-up) and SLEEPING
**     means a live timer; EXITED holds no links, stack or mailbox;
**     `live` counts the processes that are not EXITED;
**   - messages (user messages; EXIT/DOWN are signals): sent = delivered +
**     dropped + in flight (SIG_MSG user signals in s->pending; outboxes are
**     empty between steps); delivered = received + unread (live mailboxes
**     and user_at_exit); sent = sum of per-process sent + timeline sends;
**   - crash isolation: every EXIT event with a reason other than normal is
**     explained in the same step by the process's own crash (CRASH event)
**     or exit op (the op it was about to run), a supervisor giving up or
**     being stopped by its parent, or an exit signal that killed it
**     (SIGNAL event, effect killed) whose sender is the timeline, a process
**     that ran `exit` with `to` and that reason in this step, a supervisor
**     (shutdown), or a dead process that exited with that reason and was
**     linked to it (link set before the step, a LINK event of this step,
**     or its parent); kill gives killed only with a KILL event;
**   - supervisors: at most one restart decision per step; never more than
**     `intensity` restarts within `period`; a give-up happens exactly when
**     the window already holds `intensity` restarts, and the supervisor
**     exits shutdown; an EXIT from a current child restarts it exactly when
**     its restart type says so; one_for_one restarts only that child (one
**     RESTART event, same name) and never shuts a sibling down; one_for_all
**     and rest_for_one restart all / the rest of the non-removed children;
**     a temporary child is never restarted.
**
** Distribution (test_random_node_scenarios, GEN_NODES scenarios: nodes,
** placements, cross-node links and monitors, monitor_node, node_down/up,
** partition/heal), checked after every step against the node states the
** timeline gives (kept here from the spec, apart from net.c): no user
** message between two nodes is delivered while they cannot talk, nor
** after a cut that came between its send and its delivery; nothing is
** delivered to a process on a node that is down; every link across a
** connection that breaks (node down or partition) delivers noconnection
** at most once, and exactly once to a process still alive after the
** step that did not run in it (running, it may unlink, or a supervisor
** drop a stopped child's link, without an event), unless the link ended
** otherwise in the step (an unlink, an exit signal that arrived first);
** every process live on a node that goes down ends in that step with no
** exit reason (an EXIT event without one) and halted at the node_down's
** tick, and no other process is ever halted; a second run gives the same
** summary.  The single-node checks above are not run on these (they do
** not count the network's messages or explain noconnection exits yet).
**
** Environment: BEAMSIM_SEEDS (number of seeds; default 5000, 1500 under
** ASan or TSan), BEAMSIM_SEED_BASE (first seed, default 1), BEAMSIM_SEED (run only
** this seed and print its scenario; with BEAMSIM_GEN_SHUTDOWN=1, the seed
** of test_random_shutdown_scenarios).  Long mode: BEAMSIM_SEEDS=100000.
** test_random_shutdown_scenarios runs BEAMSIM_SEEDS / 5 seeds written with
** GEN_SHUTDOWN (the oracle's kind: `shutdown` keys, trapping children that
** clean up).
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support.h"
#include "engine.h"
#include "gen/scenario_gen.h"

#include <cjson/cJSON.h>

/* Fewer under ASan and TSan (TSan: with the 2,500 GEN_NODES seeds of the
** default the test took over 300 s in CI12). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DEFAULT_SEEDS 1500
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define DEFAULT_SEEDS 1500
#endif
#endif
#ifndef DEFAULT_SEEDS
#define DEFAULT_SEEDS 5000
#endif

/* {=== failure reporting ===} */

static char fail_buf[1024];
static uint64_t cur_seed;

#define CHECK(cond, ...)                                                        \
	do {                                                                        \
		if (!(cond)) {                                                          \
			int n_ = snprintf(fail_buf, sizeof fail_buf, "line %d: ", __LINE__); \
			snprintf(fail_buf + n_, sizeof fail_buf - (size_t)n_, __VA_ARGS__);  \
			return false;                                                       \
		}                                                                       \
	} while (0)

/* {=== trace hash ===} */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return s ? fnv(h, s, strlen(s) + 1) : fnv(h, "\xff", 1);
}

static uint64_t hash_all_fields(uint64_t h, const sim *s)
{
	size_t n;
	const struct sim_event *ev = sim_events(s, &n);
	for (size_t i = 0; i < n; i++) {
		const struct sim_event *e = &ev[i];
		uint64_t f[10] = {(uint64_t)e->type, e->tick, e->pid, e->other, (uint64_t)(int64_t)e->sched,
		                  (uint64_t)(int64_t)e->from_sched, e->start, e->reductions, e->msg_id,
		                  (uint64_t)e->why * 2 + e->dirty};
		h = fnv(h, f, sizeof f);
		if (e->value) {   /* by content: format 1.1 builds messages at run time */
			char msg[512];
			sim_event_message(e, msg, sizeof msg);
			h = fnv_str(h, msg);
		}
		h = fnv_str(h, e->reason);
		h = fnv_str(h, e->text);
		h = fnv_str(h, e->tag);
		h = fnv_str(h, e->name);
	}
	return h;
}

/* {=== the checker's memory between steps ===} */

struct supsnap {
	uint32_t pid;
	uint64_t restarts;
	uint32_t *children;       /* pids before the step */
	uint32_t nchildren;
	uint64_t *hist;           /* ticks of the restart decisions */
	uint32_t nhist, histcap;
	/* Children stop one at a time over later steps (sup.c, stop_next):
	** what the supervisor decided, checked when it is carried out. */
	bool gave_up;             /* must exit shutdown once its children are stopped */
	bool stopping_all;        /* gave up, or its parent ends it */
	int32_t restart_first;    /* one_for_all/rest_for_one: restart from here, -1 none */
	const char *exit_due;     /* the reason it exits with once its children are stopped */
};

struct checker {
	sim *s;
	uint64_t external_sends;
	/* before the step */
	uint32_t *link_off, *link_len, *links;   /* per pid: its links */
	uint32_t nlinks_flat, links_cap, npre;
	const struct op **next_op;               /* per pid: the op it runs in this tick (if current) */
	uint32_t *unlinks;                       /* per pid: the pid its unlink op removes in this tick */
	struct supsnap *sups;
	uint32_t nsups, supcap;
	/* counters for the report */
	uint64_t steps, exits_checked, restarts_seen, giveups_seen, kills_seen, limits_seen;
	uint64_t sup_stops;      /* supervisors that exited through their shutdown with children */
};

static struct proc *P(const struct sim *s, uint32_t pid)
{
	return proc_get(s, pid);
}

/* Any spawned pid: its resident record, or one rebuilt in *tmp from the
** archive (exited, no links, monitors, stack or mailbox). */
static const struct proc *P_any(const struct sim *s, uint32_t pid, struct proc *tmp)
{
	const struct proc *p = proc_get(s, pid);
	if (p)
		return p;
	struct proc_rec r;
	assert_true(pt_archived(s, pid, &r));
	memset(tmp, 0, sizeof *tmp);
	tmp->pid = pid;
	tmp->name = r.name;
	tmp->state = SIM_PROC_EXITED;
	tmp->exit_reason = r.exit_reason;
	tmp->sent = r.sent;
	tmp->received = r.received;
	tmp->reductions = r.reductions;
	tmp->mbox_at_exit = r.mailbox;
	tmp->user_at_exit = r.user_mailbox;
	tmp->on_sched = tmp->on_dirty = -1;
	return tmp;
}

static const char *aname(const struct sim *s, atom_t a)
{
	return atom_name(&s->scn->atoms, a);
}

/* The op p executes in its next reduction, as exec_reduction would find it
** (NULL: a supervisor reduction, a loop iteration, or the end). */
static const struct op *upcoming_op(const struct proc *p)
{
	if (p->sup)
		return NULL;
	uint32_t d = p->depth;
	while (d > 0) {
		const struct frame *f = &proc_frames_c(p)[d - 1];
		if (f->pc < f->ops->n || f->iter_left > 0)
			break;
		d--;
	}
	if (d == 0)
		return NULL;
	const struct frame *f = &proc_frames_c(p)[d - 1];
	return f->pc < f->ops->n ? &f->ops->ops[f->pc] : NULL;
}

static bool has_timer(const struct sim *s, uint32_t pid, uint32_t gen);

/* A waiting supervisor has nothing to handle: an empty mailbox, or, while
** it stops a child, no DOWN of that child yet (the other messages wait) and
** the timer of the child's shutdown time armed unless that is infinity. */
static bool sup_wait_ok(const struct sim *s, const struct proc *p)
{
	const struct sup_state *st = p->sup;
	if (!st->stopping)
		return p->mbox.len == 0;
	for (uint32_t i = 0; i < p->mbox.len; i++) {
		const struct msg *m = mbox_at(&p->mbox, i);
		if (m->kind == MSG_DOWN && m->from == st->stopping)
			return false;
	}
	return st->stop_deadline == UINT64_MAX || st->stop_deadline <= s->now ||
	       has_timer(s, p->pid, p->timer_gen);
}

static struct supsnap *sup_snap(struct checker *c, uint32_t pid)
{
	for (uint32_t i = 0; i < c->nsups; i++)
		if (c->sups[i].pid == pid)
			return &c->sups[i];
	if (c->nsups == c->supcap) {
		c->supcap = c->supcap ? 2 * c->supcap : 8;
		c->sups = realloc(c->sups, c->supcap * sizeof *c->sups);
		assert_non_null(c->sups);
	}
	struct supsnap *ss = &c->sups[c->nsups++];
	memset(ss, 0, sizeof *ss);
	ss->pid = pid;
	ss->restart_first = -1;
	return ss;
}

static void snapshot(struct checker *c)
{
	const struct sim *s = c->s;
	uint32_t n = s->nprocs;
	if (n > c->npre) {
		c->link_off = realloc(c->link_off, n * sizeof *c->link_off);
		c->link_len = realloc(c->link_len, n * sizeof *c->link_len);
		c->next_op = realloc(c->next_op, n * sizeof *c->next_op);
		c->unlinks = realloc(c->unlinks, n * sizeof *c->unlinks);
		assert_true(c->link_off && c->link_len && c->next_op && c->unlinks);
	}
	c->npre = n;
	c->nlinks_flat = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct proc tmp;
		const struct proc *p = P_any(s, i + 1, &tmp);
		const struct pidset *links = &proc_ties_c(p)->links;
		c->link_off[i] = c->nlinks_flat;
		c->link_len[i] = links->n;
		c->next_op[i] = NULL;
		c->unlinks[i] = 0;
		if (c->nlinks_flat + links->n > c->links_cap) {
			c->links_cap = 2 * (c->nlinks_flat + links->n) + 64;
			c->links = realloc(c->links, c->links_cap * sizeof *c->links);
			assert_non_null(c->links);
		}
		if (links->n)
			memcpy(c->links + c->nlinks_flat, pidset_pids_c(links), links->n * sizeof(uint32_t));
		c->nlinks_flat += links->n;
		if (p->sup) {
			struct supsnap *ss = sup_snap(c, i + 1);
			ss->restarts = p->sup->restarts;
			ss->children = realloc(ss->children, (p->sup->nchildren + 1) * sizeof *ss->children);
			assert_non_null(ss->children);
			ss->nchildren = p->sup->nchildren;
			for (uint32_t k = 0; k < p->sup->nchildren; k++)
				ss->children[k] = p->sup->children[k].pid;
		}
	}
	for (uint32_t i = 0; i < s->cfg.schedulers; i++) {
		uint32_t pid = s->scheds[i].current;
		if (!pid)
			continue;
		const struct op *op = upcoming_op(P(s, pid));
		c->next_op[pid - 1] = op;
		if (op && op->kind == OP_UNLINK)
			c->unlinks[pid - 1] = proc_resolve(s, P(s, pid), &op->u.peer);
	}
}

static bool pre_linked(const struct checker *c, uint32_t pid, uint32_t other)
{
	if (pid == 0 || pid > c->npre)
		return false;
	if (c->unlinks[pid - 1] == other)
		return false;                 /* it unlinked `other` in this very tick */
	const uint32_t *v = c->links + c->link_off[pid - 1];
	for (uint32_t i = 0; i < c->link_len[pid - 1]; i++)
		if (v[i] == other)
			return true;
	return false;
}

static void checker_free(struct checker *c)
{
	free(c->link_off);
	free(c->link_len);
	free(c->links);
	free(c->next_op);
	free(c->unlinks);
	for (uint32_t i = 0; i < c->nsups; i++) {
		free(c->sups[i].children);
		free(c->sups[i].hist);
	}
	free(c->sups);
}

/* {=== structural invariants ===} */

static int rq_of_prio(uint8_t prio)
{
	return prio == SIM_PRIO_MAX ? RQ_MAX : prio == SIM_PRIO_HIGH ? RQ_HIGH : RQ_NORMAL;
}

static bool has_timer(const struct sim *s, uint32_t pid, uint32_t gen)
{
	for (uint32_t i = 0; i < s->timers.n; i++)
		if (s->timers.v[i].pid == pid && s->timers.v[i].gen == gen)
			return true;
	return false;
}

static bool check_structure(struct checker *c)
{
	const struct sim *s = c->s;
	uint32_t n = s->nprocs;
	uint8_t *running = calloc(n + 1, 1), *queued = calloc(n + 1, 1);
	assert_true(running && queued);
	bool ok = false;
#undef CHECK_OUT
#define CHECK_OUT(cond, ...)                                                    \
	do {                                                                        \
		if (!(cond)) {                                                          \
			int n_ = snprintf(fail_buf, sizeof fail_buf, "line %d: ", __LINE__); \
			snprintf(fail_buf + n_, sizeof fail_buf - (size_t)n_, __VA_ARGS__);  \
			goto out;                                                           \
		}                                                                       \
	} while (0)

	/* schedulers */
	for (uint32_t i = 0; i < s->cfg.schedulers; i++) {
		const struct sched *sc = &s->scheds[i];
		CHECK_OUT(sc->out.n == 0 && sc->nev == 0 && sc->sent == 0 && sc->exited == 0,
		          "scheduler %u has tick-phase leftovers between steps", i);
		uint32_t pid = sc->current;
		if (!pid)
			continue;
		const struct proc *p = P(s, pid);
		CHECK_OUT(p, "scheduler %u runs unknown pid %u", i, pid);
		CHECK_OUT(running[pid] == 0, "pid %u is current on two schedulers", pid);
		running[pid] = 1;
		CHECK_OUT(p->state == SIM_PROC_RUNNING && p->on_sched == (int32_t)i && p->on_dirty == -1 &&
		          !p->in_runq,
		          "pid %u current on scheduler %u but state %d on_sched %d on_dirty %d in_runq %d",
		          pid, i, p->state, p->on_sched, p->on_dirty, p->in_runq);
	}
	for (uint32_t i = 0; i < s->ndirty; i++) {
		const struct sched *sc = &s->dirty[i];
		CHECK_OUT(sc->out.n == 0 && sc->nev == 0, "dirty scheduler %u has leftovers", i);
		uint32_t pid = sc->current;
		if (!pid)
			continue;
		const struct proc *p = P(s, pid);
		CHECK_OUT(p, "dirty scheduler %u runs unknown pid %u", i, pid);
		CHECK_OUT(running[pid] == 0, "pid %u is current on two schedulers (one dirty)", pid);
		running[pid] = 2;
		CHECK_OUT(p->state == SIM_PROC_DIRTY && p->on_dirty == (int32_t)i && p->on_sched == -1 &&
		          !p->in_runq,
		          "pid %u on dirty scheduler %u but state %d", pid, i, p->state);
	}
	/* run queues */
	for (uint32_t r = 0; r < s->nrunqs; r++) {
		const struct runq *rq = &s->runqs[r];
		size_t len[SIM_PRIO_COUNT] = {0};
		for (int q = 0; q < RQ_COUNT; q++) {
			uint32_t prev = 0, steps = 0;
			for (uint32_t pid = rq->head[q]; pid; pid = P(s, pid)->q_next) {
				const struct proc *p = P(s, pid);
				CHECK_OUT(p && ++steps <= n, "run queue %u/%d is corrupt (cycle or bad pid)", r, q);
				CHECK_OUT(p->q_prev == prev, "run queue %u/%d: pid %u q_prev %u, expected %u", r, q,
				          pid, p->q_prev, prev);
				CHECK_OUT(!queued[pid], "pid %u queued twice", pid);
				queued[pid] = 1;
				CHECK_OUT(p->state == SIM_PROC_RUNNABLE && p->in_runq,
				          "pid %u in run queue %u but state %d in_runq %d", pid, r, p->state, p->in_runq);
				CHECK_OUT(rq_of_prio(p->priority) == q, "pid %u of priority %d in queue %d", pid,
				          p->priority, q);
				CHECK_OUT(runq_of(s, p->sched) == rq, "pid %u (home %d) in run queue %u", pid,
				          p->sched, r);
				len[p->priority]++;
				prev = pid;
			}
			CHECK_OUT(rq->tail[q] == prev, "run queue %u/%d tail %u, last %u", r, q, rq->tail[q], prev);
		}
		for (int pr = 0; pr < SIM_PRIO_COUNT; pr++)
			CHECK_OUT(len[pr] == rq->len[pr], "run queue %u priority %d: len %u, walked %zu", r, pr,
			          rq->len[pr], len[pr]);
	}
	for (uint32_t nd = 0; nd < s->nnodes; nd++) {   /* one dirty queue per node */
		const struct node *node = &s->nodes[nd];
		uint32_t prev = 0, cnt = 0;
		for (uint32_t pid = node->dq_head; pid; pid = P(s, pid)->q_next) {
			const struct proc *p = P(s, pid);
			CHECK_OUT(p && ++cnt <= n, "dirty queue corrupt");
			CHECK_OUT(p->q_prev == prev, "dirty queue: pid %u q_prev", pid);
			CHECK_OUT(!queued[pid], "pid %u queued twice (dirty)", pid);
			CHECK_OUT(s->node_of[p->sched] == nd, "pid %u in the dirty queue of node %u", pid, nd);
			queued[pid] = 2;
			CHECK_OUT(p->state == SIM_PROC_DIRTY && p->in_runq && p->on_dirty == -1,
			          "pid %u in dirty queue but state %d", pid, p->state);
			prev = pid;
		}
		CHECK_OUT(node->dq_tail == prev && node->dq_len == cnt, "dirty queue tail/len");
	}
	/* each process in exactly one place for its state */
	uint32_t live = 0;
	for (uint32_t pid = 1; pid <= n; pid++) {
		struct proc tmp;
		const struct proc *p = P_any(s, pid, &tmp);
		CHECK_OUT(p->pid == pid, "pid %u has the record of pid %u", pid, p->pid);
		CHECK_OUT(P(s, pid) || p->state == SIM_PROC_EXITED, "archived pid %u is not exited", pid);
		CHECK_OUT(p->state < SIM_PROC_STATE_COUNT, "pid %u bad state %d", pid, p->state);
		if (p->state != SIM_PROC_EXITED)
			live++;
		switch (p->state) {
		case SIM_PROC_RUNNABLE:
			CHECK_OUT(queued[pid] == 1 && !running[pid], "runnable pid %u is not in a run queue", pid);
			break;
		case SIM_PROC_RUNNING:
			CHECK_OUT(running[pid] == 1 && !queued[pid], "running pid %u not on a scheduler", pid);
			break;
		case SIM_PROC_DIRTY:
			CHECK_OUT((queued[pid] == 2) != (running[pid] == 2),
			          "dirty pid %u neither queued nor running dirty", pid);
			break;
		default:
			CHECK_OUT(!queued[pid] && !running[pid] && !p->in_runq && p->on_sched == -1 &&
			          p->on_dirty == -1, "pid %u in state %s is queued or running", pid,
			          sim_proc_state_name(p->state));
			break;
		}
		if (p->state == SIM_PROC_WAITING) {
			if (p->sup)
				CHECK_OUT(sup_wait_ok(s, p), "supervisor %u waits with %u messages", pid, p->mbox.len);
			else
				CHECK_OUT(p->mbox.scanned == p->mbox.len && !p->timed_out,
				          "pid %u waits with unscanned messages (lost wake-up): scanned %u len %u",
				          pid, p->mbox.scanned, p->mbox.len);
			if (p->timer_armed)
				CHECK_OUT(has_timer(s, pid, p->timer_gen), "pid %u waits on a timer that is not armed", pid);
		}
		if (p->state == SIM_PROC_SLEEPING)
			CHECK_OUT(has_timer(s, pid, p->timer_gen), "pid %u sleeps with no timer", pid);
		if (p->state == SIM_PROC_EXITED) {
			/* format 1.1: the variables stay for the summary, nothing else */
			CHECK_OUT((!p->ties || (p->ties->vars && !p->ties->links.n && !p->ties->watchers.n &&
			                        !p->ties->watching.n)) &&
			          p->depth == 0 && !p->stack && p->mbox.len == 0,
			          "exited pid %u still holds links/monitors/stack/mailbox", pid);
		} else {
			const struct pidset *links = &proc_ties_c(p)->links;
			const uint32_t *lv = pidset_pids_c(links);
			CHECK_OUT(p->sup || p->depth > 0, "live pid %u has an empty stack", pid);
			for (uint32_t i = 0; i < links->n; i++) {
				CHECK_OUT(lv[i] != pid && lv[i] >= 1 && lv[i] <= n,
				          "pid %u has a bad link %u", pid, lv[i]);
				for (uint32_t k = i + 1; k < links->n; k++)
					CHECK_OUT(lv[i] != lv[k], "pid %u links %u twice", pid, lv[i]);
			}
		}
	}
	CHECK_OUT(live == s->live, "live is %u, counted %u", s->live, live);
	/* monitors: each one the owner holds is live on the target or its DOWN
	** is in flight; each watcher of a live process holds that monitor or
	** its demonitor (it exited) is in flight */
	for (uint32_t pid = 1; pid <= n; pid++) {
		const struct proc *p = P(s, pid);
		if (!p || p->state == SIM_PROC_EXITED)
			continue;
		const struct proc_ties *t = proc_ties_c(p);
		for (uint32_t i = 0; i < t->watching.n; i++) {
			uint32_t x = pidset_pids_c(&t->watching)[i];
			const struct proc *xp = P(s, x);
			bool ok_m = xp && xp->state != SIM_PROC_EXITED && pidset_has(&proc_ties_c(xp)->watchers, pid);
			for (uint32_t k = 0; !ok_m && k < s->pending.n; k++) {
				const struct signal *sg = &s->pending.v[k];
				ok_m = sg->kind == SIG_MSG && sg->msg.kind == MSG_DOWN && sg->to == pid && sg->msg.from == x;
			}
			CHECK_OUT(ok_m, "pid %u holds a stale monitor of %u", pid, x);
		}
		for (uint32_t i = 0; i < t->watchers.n; i++) {
			uint32_t w = pidset_pids_c(&t->watchers)[i];
			const struct proc *wp = P(s, w);
			bool ok_w = wp && wp->state != SIM_PROC_EXITED && pidset_has(&proc_ties_c(wp)->watching, pid);
			for (uint32_t k = 0; !ok_w && k < s->pending.n; k++) {
				const struct signal *sg = &s->pending.v[k];
				ok_w = sg->kind == SIG_DEMONITOR && sg->from == w && sg->to == pid;
			}
			CHECK_OUT(ok_w, "pid %u is watched by %u, which does not monitor it", pid, w);
		}
	}
	/* messages */
	{
		uint64_t inflight = 0, received = 0, unread = 0, sent = 0, in_boxes = 0;
		for (uint32_t i = 0; i < s->pending.n; i++)
			if (s->pending.v[i].kind == SIG_MSG && s->pending.v[i].msg.kind == MSG_USER)
				inflight++;
		for (uint32_t pid = 1; pid <= n; pid++) {
			struct proc tmp;
			const struct proc *p = P_any(s, pid, &tmp);
			received += p->received;
			sent += p->sent;
			if (p->state == SIM_PROC_EXITED) {
				unread += p->user_at_exit;
			} else {
				in_boxes += p->mbox.len;
				for (uint32_t k = 0; k < p->mbox.len; k++)
					if (mbox_at(&p->mbox, k)->kind == MSG_USER)
						unread++;
			}
		}
		CHECK_OUT(s->queued == in_boxes, "messages: %llu counted in mailboxes, %llu there",
		          (unsigned long long)s->queued, (unsigned long long)in_boxes);
		if (s->cfg.max_mailbox)
			for (uint32_t pid = 1; pid <= n; pid++) {
				const struct proc *p = P(s, pid);
				CHECK_OUT(!p || p->state == SIM_PROC_EXITED || p->mbox.len <= s->cfg.max_mailbox,
				          "pid %u holds %u messages, max_mailbox %llu", pid, p->mbox.len,
				          (unsigned long long)s->cfg.max_mailbox);
			}
		CHECK_OUT(s->mem_full || !s->cfg.max_message_memory ||
		          in_boxes <= s->cfg.max_message_memory / SIM_MSG_BYTES,
		          "%llu messages queued, more than max_message_memory, and the run goes on",
		          (unsigned long long)in_boxes);
		CHECK_OUT(s->mem_full == (s->end == SIM_END_MEMORY_LIMIT),
		          "memory full %d but the run's end is %d", s->mem_full, (int)s->end);
		CHECK_OUT(s->sent == s->delivered + s->dropped + inflight,
		          "messages: sent %llu != delivered %llu + dropped %llu + in flight %llu",
		          (unsigned long long)s->sent, (unsigned long long)s->delivered,
		          (unsigned long long)s->dropped, (unsigned long long)inflight);
		CHECK_OUT(s->delivered == received + unread,
		          "messages: delivered %llu != received %llu + unread %llu",
		          (unsigned long long)s->delivered, (unsigned long long)received,
		          (unsigned long long)unread);
		CHECK_OUT(s->sent == sent + c->external_sends, "messages: sent %llu != per-process %llu + timeline %llu",
		          (unsigned long long)s->sent, (unsigned long long)sent,
		          (unsigned long long)c->external_sends);
		struct sim_totals t;
		sim_totals(s, &t);
		CHECK_OUT(t.in_mailboxes == unread && t.sent == s->sent, "sim_totals disagrees");
	}
	/* names */
	for (uint32_t a = 0; a < s->scn->atoms.n; a++) {
		struct proc tmp;
		if (s->registry[a])
			CHECK_OUT(s->registry[a] <= n && P_any(s, s->registry[a], &tmp)->name == a,
			          "registry of '%s'", aname(s, a));
	}
	ok = true;
out:
	free(running);
	free(queued);
	return ok;
}

/* {=== per-step checks: exits and supervisors ===} */

static bool is_reason(const char *r, const char *want)
{
	return r && strcmp(r, want) == 0;
}

static bool timeline_exit(const struct sim *s, atom_t target, const char *reason)
{
	for (uint32_t i = 0; i < s->scn->ntimeline; i++) {
		const struct tl_event *t = &s->scn->timeline[i];
		if (t->kind == TL_EXIT && t->at <= s->now && t->to.name == target &&
		    strcmp(aname(s, t->reason), reason) == 0)
			return true;
	}
	return false;
}

/* Did `x` run `exit` with `to` and `reason` in this step? */
static bool ran_exit_to(const struct checker *c, uint32_t x, const char *reason)
{
	if (x == 0 || x > c->npre || !c->next_op[x - 1])
		return false;
	const struct op *op = c->next_op[x - 1];
	return op->kind == OP_EXIT && op->u.exit.has_to && strcmp(aname(c->s, op->u.exit.reason), reason) == 0;
}

static bool linked_in_step(const struct sim_event *ev, size_t nev, uint32_t a, uint32_t b)
{
	for (size_t i = 0; i < nev; i++)
		if (ev[i].type == SIM_EV_LINK &&
		    ((ev[i].pid == a && ev[i].other == b) || (ev[i].pid == b && ev[i].other == a)))
			return true;
	return false;
}

static bool signal_explains(const struct checker *c, const struct sim_event *ev, size_t nev,
                            uint32_t pid, const char *reason)
{
	const struct sim *s = c->s;
	const struct proc *p = P(s, pid);
	for (size_t i = 0; i < nev; i++) {
		const struct sim_event *e = &ev[i];
		if (e->type != SIM_EV_SIGNAL || e->pid != pid || e->why != SIM_SIG_KILLED)
			continue;
		uint32_t x = e->other;
		if (is_reason(reason, "killed") && is_reason(e->reason, "kill")) {
			bool kill_ev = false;
			for (size_t k = 0; k < nev; k++)
				kill_ev |= ev[k].type == SIM_EV_KILL && ev[k].pid == pid;
			if (kill_ev && (x == 0 ? timeline_exit(s, p->name, "kill") : ran_exit_to(c, x, "kill")))
				return true;
			const struct proc *xp = P(s, x);
			if (kill_ev && xp && xp->sup && p->parent == x)
				return true;      /* brutal_kill, or its shutdown time ran out */
			continue;
		}
		if (!is_reason(e->reason, reason))
			continue;
		if (is_reason(reason, "noproc"))
			return true;                                  /* link to a process not alive */
		if (x == 0) {
			if (timeline_exit(s, p->name, reason))
				return true;
			continue;
		}
		const struct proc *xp = P(s, x);
		if (!xp)
			continue;
		if (xp->sup && is_reason(reason, "shutdown"))
			return true;                                  /* a supervisor terminates its child */
		if (ran_exit_to(c, x, reason))
			return true;                                  /* erlang:exit/2 */
		if (xp->state == SIM_PROC_EXITED && strcmp(aname(s, xp->exit_reason), reason) == 0 &&
		    (pre_linked(c, pid, x) || linked_in_step(ev, nev, pid, x) || p->parent == x))
			return true;                                  /* over a link */
	}
	return false;
}

static bool exit_explained(const struct checker *c, const struct sim_event *ev, size_t nev,
                           uint32_t pid, const char *reason)
{
	const struct sim *s = c->s;
	const struct proc *p = P(s, pid);
	for (size_t i = 0; i < nev; i++) {
		const struct sim_event *e = &ev[i];
		if (e->pid != pid)
			continue;
		if (e->type == SIM_EV_CRASH && is_reason(e->reason, reason))
			return true;
		if (p->sup && e->type == SIM_EV_SUP_GIVEUP && is_reason(reason, "shutdown"))
			return true;
		/* a mailbox over max_mailbox; a spawn refused at the process limit */
		if (e->type == SIM_EV_LIMIT && is_reason(e->reason, reason) &&
		    (is_reason(reason, "killed") || is_reason(reason, "system_limit")))
			return true;
		if (p->sup && e->type == SIM_EV_RECEIVE && e->tag && strcmp(e->tag, "EXIT") == 0 &&
		    e->other == p->sup->parent && is_reason(e->reason, reason))
			return true;
	}
	/* a supervisor that stopped its children after giving up or being ended
	** by its parent in an earlier step */
	for (uint32_t i = 0; p->sup && i < c->nsups; i++)
		if (c->sups[i].pid == pid && c->sups[i].exit_due && is_reason(c->sups[i].exit_due, reason))
			return true;
	if (pid <= c->npre && c->next_op[pid - 1]) {
		const struct op *op = c->next_op[pid - 1];
		if (op->kind == OP_EXIT && !op->u.exit.has_to && strcmp(aname(s, op->u.exit.reason), reason) == 0)
			return true;
	}
	return signal_explains(c, ev, nev, pid, reason);
}

static bool check_exits(struct checker *c, const struct sim_event *ev, size_t nev)
{
	for (size_t i = 0; i < nev; i++) {
		const struct sim_event *e = &ev[i];
		if (e->type == SIM_EV_KILL)
			c->kills_seen++;
		if (e->type == SIM_EV_LIMIT)
			c->limits_seen++;
		if (e->type != SIM_EV_EXIT)
			continue;
		const struct proc *p = P(c->s, e->pid);
		CHECK(p && p->state == SIM_PROC_EXITED, "EXIT event for pid %u that is not exited", e->pid);
		if (is_reason(e->reason, "normal"))
			continue;
		c->exits_checked++;
		CHECK(exit_explained(c, ev, nev, e->pid, e->reason),
		      "crash isolation: pid %u (%s) exited with '%s' at tick %llu and nothing explains it",
		      e->pid, aname(c->s, p->name), e->reason, (unsigned long long)c->s->now);
	}
	/* what each exit signal did follows the rules of exit signals */
	for (size_t i = 0; i < nev; i++) {
		const struct sim_event *e = &ev[i];
		if (e->type != SIM_EV_SIGNAL)
			continue;
		const struct proc *x = P(c->s, e->other);
		switch (e->why) {
		case SIM_SIG_KILLED:
			CHECK(P(c->s, e->pid)->state == SIM_PROC_EXITED, "pid %u killed by a signal but alive", e->pid);
			/* normal kills only when a process sends it to itself (exit/2) */
			if (is_reason(e->reason, "normal"))
				CHECK(e->other == e->pid && ran_exit_to(c, e->pid, "normal"),
				      "pid %u killed by a 'normal' exit signal from %u", e->pid, e->other);
			break;
		case SIM_SIG_IGNORED:
			CHECK(is_reason(e->reason, "normal"), "pid %u ignored exit signal '%s'", e->pid, e->reason);
			break;
		case SIM_SIG_TRAPPED:
			/* kill can be trapped only when it came over a link */
			if (is_reason(e->reason, "kill"))
				CHECK(x && x->state == SIM_PROC_EXITED && x->exit_reason == ATOM_KILL,
				      "pid %u trapped an untrappable kill from %u", e->pid, e->other);
			break;
		default:
			CHECK(false, "signal event with effect %d", e->why);
		}
	}
	return true;
}

static const char *restarts_name(enum restart_type t)
{
	return t == RESTART_PERMANENT ? "permanent" : t == RESTART_TRANSIENT ? "transient" : "temporary";
}

static bool wants_restart(enum restart_type t, const char *reason)
{
	return t == RESTART_PERMANENT ||
	       (t == RESTART_TRANSIENT && !is_reason(reason, "normal") && !is_reason(reason, "shutdown"));
}

/* A supervisor exited this step.  Unless it was killed (kill, a limit), it
** went through OTP's shutdown: none of the children it knows outlives it
** (a child that unlinked itself is stopped through its monitor all the
** same; one it no longer knows, after an EXIT that child sent it with
** exit/2, is left alone as in OTP), and one that gave up exits shutdown. */
static bool check_sup_exit(struct checker *c, struct supsnap *ss, const struct proc *sp)
{
	const struct sim *s = c->s;
	if (sp->exit_reason == ATOM_KILLED || sp->exit_reason == ATOM_SYSTEM_LIMIT)
		return true;
	CHECK(!ss->gave_up || sp->exit_reason == ATOM_SHUTDOWN,
	      "supervisor %u gave up but did not exit shutdown", ss->pid);
	c->sup_stops += sp->sup->nchildren > 0;
	for (uint32_t i = 0; i < sp->sup->nchildren; i++) {
		const struct proc *p = P(s, sp->sup->children[i].pid);
		CHECK(!p || p->state == SIM_PROC_EXITED,
		      "process %u (%s) outlives the shutdown of its supervisor %u", p->pid,
		      aname(s, p->name), ss->pid);
	}
	return true;
}

static bool check_sups(struct checker *c, const struct sim_event *ev, size_t nev)
{
	const struct sim *s = c->s;
	for (uint32_t k = 0; k < c->nsups; k++) {
		struct supsnap *ss = &c->sups[k];
		const struct proc *sp = P(s, ss->pid);
		if (!sp)
			continue;          /* archived: it exited long ago (checked by check_structure) */
		const struct sup_state *st = sp->sup;
		const struct sup_spec *spec = st->spec;
		uint64_t delta = st->restarts - ss->restarts;
		bool giveup = false, exited_now = false;
		const struct sim_event *exit_msg = NULL;
		uint32_t nrestart = 0, nshut = 0;
		for (size_t i = 0; i < nev; i++) {
			const struct sim_event *e = &ev[i];
			if (e->pid == ss->pid && e->type == SIM_EV_SUP_GIVEUP)
				giveup = true;
			if (e->pid == ss->pid && e->type == SIM_EV_EXIT)
				exited_now = true;
			if (e->pid == ss->pid && e->type == SIM_EV_RECEIVE && e->tag && strcmp(e->tag, "EXIT") == 0) {
				CHECK(!exit_msg, "supervisor %u handled two EXIT messages in one step", ss->pid);
				exit_msg = e;
			}
			if (e->pid == ss->pid && e->type == SIM_EV_RESTART) {
				nrestart++;
				const struct proc *np = P(s, e->other);
				CHECK(np && np->parent == ss->pid, "restart of pid %u by %u: not its child", e->other,
				      ss->pid);
				CHECK(np->spec->restart != RESTART_TEMPORARY, "supervisor %u restarted temporary child %s",
				      ss->pid, aname(s, np->name));
				if (exit_msg && spec->strategy == SUP_ONE_FOR_ONE)
					CHECK(strcmp(aname(s, np->name), exit_msg->name) == 0,
					      "one_for_one supervisor %u restarted %s after %s exited", ss->pid,
					      aname(s, np->name), exit_msg->name);
			}
			if (e->type == SIM_EV_SIGNAL && e->other == ss->pid && is_reason(e->reason, "shutdown") &&
			    e->why == SIM_SIG_KILLED)
				nshut++;
		}
		CHECK(delta <= 1, "supervisor %u made %llu restart decisions in one step", ss->pid,
		      (unsigned long long)delta);
		uint64_t t = s->now;
		uint32_t in_window = 0;
		for (uint32_t i = 0; i < ss->nhist; i++)
			if (ss->hist[i] + spec->period >= t)   /* OTP: R >= Now - Period */
				in_window++;
		if (giveup) {
			c->giveups_seen++;
			CHECK(delta == 0, "supervisor %u restarted and gave up in one step", ss->pid);
			CHECK(in_window == spec->intensity,
			      "supervisor %u gave up with %u restarts in the last %llu ticks (intensity %u)",
			      ss->pid, in_window, (unsigned long long)spec->period, spec->intensity);
			ss->gave_up = ss->stopping_all = true;
			ss->exit_due = "shutdown";
		}
		if (exited_now && !check_sup_exit(c, ss, sp))
			return false;
		if (delta == 1) {
			c->restarts_seen++;
			if (ss->nhist == ss->histcap) {
				ss->histcap = ss->histcap ? 2 * ss->histcap : 8;
				ss->hist = realloc(ss->hist, ss->histcap * sizeof *ss->hist);
				assert_non_null(ss->hist);
			}
			ss->hist[ss->nhist++] = t;
			CHECK(in_window + 1 <= spec->intensity,
			      "supervisor %u: %u restarts within %llu ticks (intensity %u)", ss->pid, in_window + 1,
			      (unsigned long long)spec->period, spec->intensity);
		}
		/* the decision follows the child's restart type */
		if (exit_msg) {
			int32_t idx = -1;
			for (uint32_t i = 0; i < ss->nchildren; i++)
				if (ss->children[i] && ss->children[i] == exit_msg->other)
					idx = (int32_t)i;
			if (exit_msg->other == st->parent) {
				CHECK(delta == 0 && !giveup, "supervisor %u restarted while stopped by its parent", ss->pid);
				ss->stopping_all = true;
				ss->exit_due = exit_msg->reason;
			} else if (idx < 0) {
				CHECK(delta == 0 && !giveup, "supervisor %u restarted after an EXIT from a non-child",
				      ss->pid);
			} else {
				bool want = wants_restart(st->children[idx].spec->restart, exit_msg->reason);
				CHECK(want == (delta == 1 || giveup),
				      "supervisor %u: child %s (%s) exited '%s': restart expected %d, got %d",
				      ss->pid, aname(s, st->children[idx].name),
				      restarts_name(st->children[idx].spec->restart), exit_msg->reason, want,
				      (int)(delta == 1 || giveup));
				if (delta == 1 && spec->strategy == SUP_ONE_FOR_ONE && sp->state != SIM_PROC_EXITED)
					CHECK(nrestart == 1, "one_for_one supervisor %u: %u children restarted, expected 1",
					      ss->pid, nrestart);
				else if (delta == 1)
					ss->restart_first = spec->strategy == SUP_ONE_FOR_ALL ? 0 : idx;
			}
		} else {
			CHECK(delta == 0 && !giveup, "supervisor %u restarted without an EXIT", ss->pid);
		}
		if (nrestart && !(exit_msg && spec->strategy == SUP_ONE_FOR_ONE)) {
			/* the restarts of one_for_all / rest_for_one, once the others stopped */
			CHECK(ss->restart_first >= 0, "supervisor %u restarted without an EXIT", ss->pid);
			uint32_t expect = 0;
			for (uint32_t i = (uint32_t)ss->restart_first; i < st->nchildren; i++)
				expect += !st->children[i].removed;
			CHECK(nrestart == expect, "supervisor %u (%s): %u children restarted, expected %u",
			      ss->pid, spec->strategy == SUP_ONE_FOR_ALL ? "one_for_all" : "rest_for_one",
			      nrestart, expect);
			ss->restart_first = -1;
		}
		if (spec->strategy == SUP_ONE_FOR_ONE && nshut)
			CHECK(ss->stopping_all || sp->state == SIM_PROC_EXITED,
			      "one_for_one supervisor %u shut a child down without giving up", ss->pid);
	}
	return true;
}

static bool check_step(struct checker *c)
{
	size_t nev;
	const struct sim_event *ev = sim_events(c->s, &nev);
	for (size_t i = 0; i < nev; i++)
		if (ev[i].type == SIM_EV_SEND && ev[i].pid == 0)
			c->external_sends++;
	if (!check_structure(c) || !check_exits(c, ev, nev) || !check_sups(c, ev, nev))
		return false;
	c->steps++;
	return true;
}

static bool check_end(const struct sim *s)
{
	switch (s->end) {
	case SIM_END_ALL_EXITED:
		CHECK(s->live == 0 && s->pending.n == 0, "all_exited with live processes or pending signals");
		break;
	case SIM_END_DEADLOCK:
		CHECK(s->pending.n == 0, "deadlock with pending signals");
		for (uint32_t i = 0; i < s->cfg.schedulers; i++)
			CHECK(!s->scheds[i].current, "deadlock while scheduler %u runs", i);
		for (uint32_t r = 0; r < s->nrunqs; r++)
			CHECK(runq_length(&s->runqs[r]) == 0, "deadlock with a non-empty run queue");
		for (uint32_t nd = 0; nd < s->nnodes; nd++)
			CHECK(s->nodes[nd].dq_len == 0, "deadlock with a non-empty dirty queue");
		break;
	case SIM_END_LIMIT:
		CHECK(s->now >= s->cfg.until, "limit before until");
		break;
	case SIM_END_MEMORY_LIMIT:
		CHECK(s->mem_full, "memory_limit without full memory");
		break;
	default:
		CHECK(false, "run did not end normally (end state %d)", (int)s->end);
	}
	CHECK(s->now <= s->cfg.until, "ran past until: %llu > %llu", (unsigned long long)s->now,
	      (unsigned long long)s->cfg.until);
	return true;
}

/* {=== the three runs of a seed ===} */

struct totals {
	uint64_t seeds, steps, exits, restarts, giveups, kills, limits, ckpts, procs, archived;
	uint64_t sup_stops;
};

static bool run_checked(const sim_scenario *scn, const struct sim_config *cfg, uint32_t page_shift,
                        uint64_t *hash, char **summary, struct totals *tot)
{
	struct checker c;
	memset(&c, 0, sizeof c);
	c.s = sim_create_paged(scn, cfg, page_shift);
	assert_non_null(c.s);
	uint64_t h = hash_all_fields(0xcbf29ce484222325ull, c.s);
	bool ok = check_step(&c);
	while (ok && sim_end_state(c.s) == SIM_END_NONE) {
		snapshot(&c);
		sim_step(c.s);
		h = hash_all_fields(h, c.s);
		ok = check_step(&c);
	}
	if (ok)
		ok = check_end(c.s);
	if (!ok) {
		char tick[64];
		snprintf(tick, sizeof tick, " (tick %llu)", (unsigned long long)sim_now(c.s));
		strncat(fail_buf, tick, sizeof fail_buf - strlen(fail_buf) - 1);
	}
	*hash = h;
	*summary = sim_summary_json(c.s);
	tot->steps += c.steps;
	tot->exits += c.exits_checked;
	tot->restarts += c.restarts_seen;
	tot->giveups += c.giveups_seen;
	tot->sup_stops += c.sup_stops;
	tot->kills += c.kills_seen;
	tot->limits += c.limits_seen;
	tot->procs += sim_proc_count(c.s);
	tot->archived += (uint64_t)archive_chunks(c.s->arch) * c.s->page_size;
	checker_free(&c);
	sim_destroy(c.s);
	return ok;
}

/* Run B (unchecked, checkpoint at tick `at`) and run C (restored). */
static bool run_replay(const sim_scenario *scn, const struct sim_config *cfg, uint32_t page_shift,
                       uint64_t at, bool fresh, uint64_t hash_a, const char *summary_a)
{
	sim *s = sim_create_paged(scn, cfg, page_shift);
	assert_non_null(s);
	uint64_t h = hash_all_fields(0xcbf29ce484222325ull, s), suffix = 0xcbf29ce484222325ull;
	sim_checkpoint *ck = NULL;
	while (sim_end_state(s) == SIM_END_NONE) {
		if (!ck && sim_now(s) >= at) {
			ck = sim_checkpoint_create(s);
			assert_non_null(ck);
		}
		sim_step(s);
		h = hash_all_fields(h, s);
		if (ck)
			suffix = hash_all_fields(suffix, s);
	}
	char *summary_b = sim_summary_json(s);
	assert_non_null(summary_b);
	bool ok = false;
	if (h != hash_a || strcmp(summary_b, summary_a) != 0) {
		snprintf(fail_buf, sizeof fail_buf, "determinism: second run differs (hash %llx vs %llx%s)",
		         (unsigned long long)h, (unsigned long long)hash_a,
		         strcmp(summary_b, summary_a) ? ", summary differs" : "");
		goto out;
	}
	if (!ck) {          /* the run ended before `at` */
		ok = true;
		goto out;
	}
	sim *r = s;
	if (fresh) {
		r = sim_create_paged(scn, cfg, page_shift);
		assert_non_null(r);
	}
	if (sim_checkpoint_restore(r, ck) != SIM_OK) {
		snprintf(fail_buf, sizeof fail_buf, "checkpoint restore failed");
		if (fresh)
			sim_destroy(r);
		goto out;
	}
	uint64_t suffix2 = 0xcbf29ce484222325ull;
	struct checker rc;
	memset(&rc, 0, sizeof rc);
	rc.s = r;
	/* the restored engine must satisfy the structural invariants too
	** (the message check needs the timeline sends already applied) */
	const struct sim_event *ev;
	size_t nev;
	for (uint32_t i = 0; i < r->next_timeline; i++)
		rc.external_sends += r->scn->timeline[i].kind == TL_SEND;
	bool good = check_structure(&rc);
	while (good && sim_end_state(r) == SIM_END_NONE) {
		sim_step(r);
		suffix2 = hash_all_fields(suffix2, r);
		ev = sim_events(r, &nev);
		for (size_t i = 0; i < nev; i++)
			rc.external_sends += ev[i].type == SIM_EV_SEND && ev[i].pid == 0;
		good = check_structure(&rc);
	}
	if (!good) {
		char msg[1100];
		snprintf(msg, sizeof msg, "after restoring a checkpoint at tick %llu (%s engine): %s",
		         (unsigned long long)sim_checkpoint_tick(ck), fresh ? "fresh" : "same", fail_buf);
		memcpy(fail_buf, msg, sizeof fail_buf - 1);
		fail_buf[sizeof fail_buf - 1] = '\0';
		if (fresh)
			sim_destroy(r);
		goto out;
	}
	char *summary_c = sim_summary_json(r);
	assert_non_null(summary_c);
	if (suffix2 != suffix || strcmp(summary_c, summary_b) != 0)
		snprintf(fail_buf, sizeof fail_buf,
		         "checkpoint at tick %llu (%s engine): restored run differs (hash %llx vs %llx%s)",
		         (unsigned long long)sim_checkpoint_tick(ck), fresh ? "fresh" : "same",
		         (unsigned long long)suffix2, (unsigned long long)suffix,
		         strcmp(summary_c, summary_b) ? ", summary differs" : "");
	else
		ok = true;
	free(summary_c);
	if (fresh)
		sim_destroy(r);
out:
	sim_checkpoint_destroy(ck);
	free(summary_b);
	sim_destroy(s);
	return ok;
}

/* One generated scenario; flags are gen_scenario_opts's (GEN_SHUTDOWN). */
static bool run_seed(uint64_t seed, unsigned flags, struct totals *tot, bool verbose)
{
	cur_seed = seed;
	fail_buf[0] = '\0';
	char *text = gen_scenario_opts(seed, flags);
	assert_non_null(text);
	if (verbose)
		printf("%s\n", text);
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text(text, strlen(text), "generated.json", &d);
	if (!scn) {
		fprintf(stderr, "seed %llu: the generated scenario does not load:\n",
		        (unsigned long long)seed);
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "  %s\n", d.msgs[i]);
		fprintf(stderr, "%s\n", text);
		sim_diag_free(&d);
		free(text);
		return false;
	}
	sim_diag_free(&d);
	struct sim_config cfg = sim_scenario_config(scn);
	/* The message limits under every invariant, and in the replays: every
	** 5th seed with a mailbox of 1 to 4 messages, every 7th with room for
	** 1 to 8 messages in all. */
	if (seed % 5 == 0)
		cfg.max_mailbox = 1 + seed / 5 % 4;
	if (seed % 7 == 0)
		cfg.max_message_memory = SIM_MSG_BYTES * (1 + seed / 7 % 8);
	uint64_t hash_a;
	char *summary_a = NULL;
	/* Pages of 1, 2 or 64 processes: with small pages exited processes are
	** archived all the time.  The replay runs with another page size, so
	** the determinism check also shows that archiving changes nothing. */
	uint32_t shift = seed % 3 == 0 ? 0 : seed % 3 == 1 ? 1 : PT_PAGE_SHIFT;
	uint32_t replay_shift = shift == PT_PAGE_SHIFT ? 0 : PT_PAGE_SHIFT;
	bool ok = run_checked(scn, &cfg, shift, &hash_a, &summary_a, tot);
	assert_non_null(summary_a);
	if (ok) {
		struct gen_rng r = {seed ^ 0x5eedull};
		uint64_t end = 0;
		sscanf(strstr(summary_a, "\"ticks\":") ? strstr(summary_a, "\"ticks\":") + 8 : "0", "%llu",
		       (unsigned long long *)&end);
		uint64_t at = gen_range(&r, 0, end ? end : 1);
		ok = run_replay(scn, &cfg, replay_shift, at, seed % 2 == 1, hash_a, summary_a);
		tot->ckpts++;
	}
	if (!ok) {
		char path[64];
		snprintf(path, sizeof path, "invariant_fail_%llu.json", (unsigned long long)seed);
		FILE *f = fopen(path, "w");
		if (f) {
			fputs(text, f);
			fclose(f);
		}
		fprintf(stderr, "seed %llu: %s\n  scenario written to %s (BEAMSIM_SEED=%llu%s reproduces it)\n",
		        (unsigned long long)seed, fail_buf, path, (unsigned long long)seed,
		        flags & GEN_SHUTDOWN ? " BEAMSIM_GEN_SHUTDOWN=1" : "");
	}
	tot->seeds++;
	free(summary_a);
	sim_scenario_free(scn);
	free(text);
	return ok;
}

static uint64_t env_u64(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return dflt;
	return strtoull(v, NULL, 10);
}

/* Supervisors stopping children that trap exits, clean up, run out of
** time, are killed brutally or are supervisors themselves: every step
** under the checker, so "no child outlives its supervisor's shutdown" is
** checked where the random scenarios rarely go (tests/test_shutdown.c has
** their exact ticks). */
static void test_shutdown_protocol(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"{\"config\":{\"schedulers\":2},\"processes\":[{\"name\":\"app\",\"supervisor\":{"
		"\"strategy\":\"one_for_all\",\"intensity\":2,\"children\":["
		"{\"name\":\"cache\",\"trap_exit\":true,\"shutdown\":50,\"program\":[{\"op\":\"receive\","
		"\"cases\":[{\"match\":[\"EXIT\",\"_\",\"shutdown\"],\"do\":[{\"op\":\"work\",\"reductions\":20},"
		"{\"op\":\"exit\",\"reason\":\"shutdown\"}]}]}]},"
		"{\"name\":\"socket\",\"shutdown\":\"brutal_kill\",\"program\":[{\"op\":\"receive\"}]},"
		"{\"name\":\"mid\",\"supervisor\":{\"strategy\":\"rest_for_one\",\"children\":["
		"{\"name\":\"gc\",\"trap_exit\":true,\"shutdown\":7,\"program\":[{\"op\":\"receive\","
		"\"cases\":[{\"match\":\"never\"}]}]},"
		"{\"name\":\"leaf\",\"restart\":\"temporary\",\"program\":[{\"op\":\"receive\"}]}]}},"
		"{\"name\":\"worker\",\"program\":[{\"op\":\"sleep\",\"ticks\":30},"
		"{\"op\":\"crash\",\"reason\":\"boom\"}]}]}}]}",
		"{\"config\":{\"schedulers\":1},\"templates\":{\"s\":{\"supervisor\":{\"children\":["
		"{\"name\":\"w\",\"trap_exit\":true,\"shutdown\":0,\"program\":[{\"op\":\"receive\"},"
		"{\"op\":\"work\",\"reductions\":5}]},{\"name\":\"v\",\"program\":[{\"op\":\"receive\"}]}]}}},"
		"\"processes\":[{\"name\":\"p\",\"program\":[{\"op\":\"spawn\",\"template\":\"s\",\"as\":\"sup\","
		"\"link\":true},{\"op\":\"work\",\"reductions\":3},{\"op\":\"crash\",\"reason\":\"boom\"}]}]}",
	};
	struct totals tot;
	memset(&tot, 0, sizeof tot);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		for (uint32_t shift = 0; shift <= PT_PAGE_SHIFT; shift += PT_PAGE_SHIFT) {
			sim_scenario *scn = load_text(cases[i]);
			struct sim_config cfg = sim_scenario_config(scn);
			uint64_t hash;
			char *summary = NULL;
			fail_buf[0] = '\0';
			bool ok = run_checked(scn, &cfg, shift, &hash, &summary, &tot);
			if (!ok)
				fail_msg("case %zu: %s", i, fail_buf);
			free(summary);
			sim_scenario_free(scn);
		}
	assert_true(tot.exits > 0);
}

/* Runs `n` seeds from BEAMSIM_SEED_BASE (or BEAMSIM_SEED alone, when
** BEAMSIM_GEN_SHUTDOWN says it is of this kind) with `flags`; prints the
** totals under `label`; fails on any failure. */
static void run_random(const char *label, unsigned flags, uint64_t n, struct totals *tot)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	uint32_t failures = 0;
	const char *one = getenv("BEAMSIM_SEED");
	if (one && *one) {
		if (!!(flags & GEN_SHUTDOWN) == (env_u64("BEAMSIM_GEN_SHUTDOWN", 0) != 0) &&
		    !!(flags & GEN_VALUES) == (env_u64("BEAMSIM_GEN_VALUES", 0) != 0))
			failures += !run_seed(env_u64("BEAMSIM_SEED", 0), flags, tot, true);
	} else {
		uint64_t base = env_u64("BEAMSIM_SEED_BASE", 1);
		for (uint64_t i = 0; i < n && failures < 5; i++)
			failures += !run_seed(base + i, flags, tot, false);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%s: %llu seeds checked, %llu steps, %llu processes (%llu archived), %llu abnormal "
	       "exits explained, %llu kills, %llu limits hit, %llu restarts, %llu give-ups, "
	       "%llu supervisor shutdowns, %llu checkpoint replays, %u failures, %.1f s\n", label,
	       (unsigned long long)tot->seeds, (unsigned long long)tot->steps,
	       (unsigned long long)tot->procs, (unsigned long long)tot->archived, (unsigned long long)tot->exits,
	       (unsigned long long)tot->kills, (unsigned long long)tot->limits, (unsigned long long)tot->restarts,
	       (unsigned long long)tot->giveups, (unsigned long long)tot->sup_stops,
	       (unsigned long long)tot->ckpts, failures, secs);
	fflush(stdout);
	assert_int_equal(failures, 0);
}

static void test_random_scenarios(void **state)
{
	(void)state;
	struct totals tot;
	memset(&tot, 0, sizeof tot);
	run_random("invariants", 0, env_u64("BEAMSIM_SEEDS", DEFAULT_SEEDS), &tot);
	if (tot.seeds >= 100)
		assert_true(tot.limits > 0);       /* the limits were exercised */
}

/* The same checks on the oracle's kind of scenario (GEN_SHUTDOWN: child
** specs with `shutdown`, trapping children that clean up), so "no child
** outlives its supervisor's shutdown" runs on random trees too.  A fifth
** of BEAMSIM_SEEDS (at least 1). */
static void test_random_shutdown_scenarios(void **state)
{
	(void)state;
	struct totals tot;
	memset(&tot, 0, sizeof tot);
	uint64_t n = env_u64("BEAMSIM_SEEDS", DEFAULT_SEEDS) / 5;
	run_random("invariants (GEN_SHUTDOWN)", GEN_SHUTDOWN, n ? n : 1, &tot);
	if (tot.seeds >= 100)
		assert_true(tot.sup_stops > 0 && tot.giveups > 0);    /* shutdowns were exercised */
}

/* Format 1.1 scenarios (GEN_VALUES, issue 15) under the same checks: the
** variables restored by a checkpoint equal a straight run's (the summary
** holds them), and the value heaps are freed (the ASan build's LSan).
** BEAMSIM_VALUES_SEEDS sets how many (default 300). */
static void test_values_scenarios(void **state)
{
	(void)state;
	struct totals tot;
	memset(&tot, 0, sizeof tot);
	uint64_t n = env_u64("BEAMSIM_VALUES_SEEDS", 300);
	run_random("invariants (format 1.1)", GEN_VALUES, n, &tot);
	if (tot.seeds >= 100)
		assert_true(tot.exits > 0);   /* the runtime errors happened */
}

/* {=== distribution (GEN_NODES, issue 16) ===} */

/* The nodes as the timeline leaves them (the spec's rules, kept apart
** from net.c): up, partition group, and when each pair was last cut. */
#define DN_MAX 4
struct dnet {
	uint32_t nn;
	bool up[DN_MAX];
	uint32_t group[DN_MAX];
	uint64_t cut[DN_MAX][DN_MAX];   /* tick of the last cut, UINT64_MAX: never */
	uint64_t down_at[DN_MAX];       /* tick it last went down (was up), UINT64_MAX: never */
	cJSON *root;
	const cJSON **ev;               /* node events sorted by tick (stable) */
	uint32_t nev, next;
};

static bool dn_reach(const struct dnet *d, uint32_t a, uint32_t b)
{
	return d->up[a] && d->up[b] && (a == b || d->group[a] == d->group[b]);
}

static uint32_t dn_node(const cJSON *name)
{
	return (uint32_t)atoi(name->valuestring + 1);     /* "nK" */
}

/* Applies the next node event (at tick `at`), noting the pairs it cuts. */
static void dn_apply(struct dnet *d, const cJSON *ev, uint64_t at)
{
	bool was[DN_MAX][DN_MAX];
	for (uint32_t a = 0; a < d->nn; a++)
		for (uint32_t b = 0; b < d->nn; b++)
			was[a][b] = dn_reach(d, a, b);
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(ev, "do"), *g, *n;
	const char *op = cJSON_GetObjectItemCaseSensitive(x, "op")->valuestring;
	if (!strcmp(op, "node_down") || !strcmp(op, "node_up")) {
		uint32_t k = dn_node(cJSON_GetObjectItemCaseSensitive(x, "node"));
		if (d->up[k] && !strcmp(op, "node_down"))
			d->down_at[k] = at;
		d->up[k] = !strcmp(op, "node_up");
	}
	else if (!strcmp(op, "heal"))
		memset(d->group, 0, sizeof d->group);
	else {
		uint32_t k = 0;
		cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(x, "groups")) {
			cJSON_ArrayForEach(n, g) d->group[dn_node(n)] = k;
			k++;
		}
	}
	for (uint32_t a = 0; a < d->nn; a++)
		for (uint32_t b = 0; b < d->nn; b++)
			if (was[a][b] && !dn_reach(d, a, b))
				d->cut[a][b] = at;
}

static bool dn_is_node_event(const cJSON *ev)
{
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(ev, "do"), "op");
	return cJSON_IsString(op) && (!strcmp(op->valuestring, "node_down") ||
	                              !strcmp(op->valuestring, "node_up") ||
	                              !strcmp(op->valuestring, "partition") ||
	                              !strcmp(op->valuestring, "heal"));
}

static uint64_t dn_at(const cJSON *ev)
{
	return (uint64_t)cJSON_GetObjectItemCaseSensitive(ev, "at")->valuedouble;
}

static void dn_init(struct dnet *d, const char *text)
{
	memset(d, 0, sizeof *d);
	d->root = cJSON_Parse(text);
	assert_non_null(d->root);
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(d->root, "config"), *e;
	d->nn = (uint32_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cfg, "nodes"));
	assert_true(d->nn >= 2 && d->nn <= DN_MAX);
	for (uint32_t n = 0; n < DN_MAX; n++)
		d->up[n] = true;
	memset(d->cut, 0xff, sizeof d->cut);
	memset(d->down_at, 0xff, sizeof d->down_at);
	const cJSON *tl = cJSON_GetObjectItemCaseSensitive(d->root, "timeline");
	d->ev = calloc((size_t)cJSON_GetArraySize(tl) + 1, sizeof *d->ev);
	assert_non_null(d->ev);
	cJSON_ArrayForEach(e, tl) {
		if (!dn_is_node_event(e))
			continue;
		uint32_t i = d->nev++;          /* insertion: stable by tick */
		for (; i > 0 && dn_at(d->ev[i - 1]) > dn_at(e); i--)
			d->ev[i] = d->ev[i - 1];
		d->ev[i] = e;
	}
}

/* Applies the node events of ticks before `t` (or up to `t`, inclusive). */
static void dn_advance(struct dnet *d, uint64_t t, bool inclusive)
{
	while (d->next < d->nev && (dn_at(d->ev[d->next]) < t ||
	                            (inclusive && dn_at(d->ev[d->next]) == t))) {
		dn_apply(d, d->ev[d->next], dn_at(d->ev[d->next]));
		d->next++;
	}
}

static uint64_t dn_crossed;   /* user messages between nodes checked */
#define LIVE_MAX 65536u       /* live processes before a step a seed checks (more: not) */

/* A link of a process to one across a connection that breaks this step. */
struct cut_link {
	uint32_t p, q;
	bool ran;       /* p was on a scheduler: it may change its links itself */
};

/* The live links across nodes now (before a step), into out. */
static uint32_t cross_links(const struct sim *s, struct cut_link *out, uint32_t max)
{
	uint32_t n = 0;
	for (uint32_t pid = 1; pid <= s->nprocs; pid++) {
		const struct proc *p = proc_get(s, pid);
		if (!p || p->state == SIM_PROC_EXITED || !p->ties)
			continue;
		const uint32_t *v = pidset_pids_c(&p->ties->links);
		for (uint32_t i = 0; i < p->ties->links.n && n < max; i++)
			if (net_node_of_pid(s, pid) != net_node_of_pid(s, v[i]))
				out[n++] = (struct cut_link){ pid, v[i], p->state == SIM_PROC_RUNNING ||
				                                             p->state == SIM_PROC_DIRTY };
	}
	return n;
}

/* Keeps the links of cl that the node events of this step cut. */
static uint32_t cut_links(const struct sim *s, const struct dnet *before, const struct dnet *after,
                          struct cut_link *cl, uint32_t n)
{
	uint32_t w = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t x = net_node_of_pid(s, cl[i].p), y = net_node_of_pid(s, cl[i].q);
		if (after->up[x] && dn_reach(before, x, y) && !dn_reach(after, x, y))
			cl[w++] = cl[i];
	}
	return w;
}

/* The step's events against the network: a user message between two
** nodes is delivered only if they can talk and no cut came between its
** send and now; nothing is delivered on a node that is down; each cut
** link delivers noconnection at most once, and exactly once to a process
** that is still alive and did not run (see the file's comment). */
static bool dn_check_step(const struct sim *s, const struct dnet *before, const struct dnet *after,
                          const struct cut_link *cl, uint32_t ncl, uint64_t *sent_at)
{
	size_t nev;
	const struct sim_event *ev = sim_events(s, &nev);
	for (size_t i = 0; i < nev; i++) {
		const struct sim_event *e = &ev[i];
		if (e->type == SIM_EV_SEND && e->msg_id < 1u << 20)
			sent_at[e->msg_id] = e->tick;
		if (e->type != SIM_EV_DELIVER)
			continue;
		uint32_t y = net_node_of_pid(s, e->pid);
		CHECK(before->up[y] || after->up[y], "delivered to %u on node n%u, which is down",
		      e->pid, y);
		if (e->tag || !e->other)
			continue;                       /* EXIT/DOWN, nodedown, the timeline's */
		uint32_t x = net_node_of_pid(s, e->other);
		if (x == y)
			continue;
		dn_crossed++;
		CHECK(dn_reach(before, x, y), "message %llu from n%u to n%u delivered across a cut",
		      (unsigned long long)e->msg_id, x, y);
		uint64_t ts = e->msg_id < 1u << 20 ? sent_at[e->msg_id] : 0, c = before->cut[x][y];
		CHECK(c == UINT64_MAX || !(ts < c && c < e->tick),
		      "message %llu sent at %llu, cut at %llu, delivered at %llu",
		      (unsigned long long)e->msg_id, (unsigned long long)ts, (unsigned long long)c,
		      (unsigned long long)e->tick);
	}
	for (uint32_t k = 0; k < ncl; k++) {
		uint32_t got = 0;
		bool other = false;      /* the link ended otherwise in this step */
		for (size_t i = 0; i < nev; i++) {
			const struct sim_event *e = &ev[i];
			bool from_q = e->type == SIM_EV_SIGNAL && e->pid == cl[k].p && e->other == cl[k].q;
			bool nc = from_q && e->reason && !strcmp(e->reason, "noconnection");
			got += nc;
			other |= (from_q && !nc) || e->type == SIM_EV_UNLINK;
		}
		const struct proc *p = proc_get(s, cl[k].p);
		CHECK(got <= 1, "%u got noconnection from %u %u times", cl[k].p, cl[k].q, got);
		CHECK(got == 1 || other || cl[k].ran || !p || p->state == SIM_PROC_EXITED,
		      "%u (alive) got no noconnection from %u across the cut", cl[k].p, cl[k].q);
	}
	return true;
}

static uint64_t dn_halted;   /* processes checked gone with their node */

/* The live processes now (before a step), into out. */
static uint32_t live_pids(const struct sim *s, uint32_t *out, uint32_t max)
{
	uint32_t n = 0;
	for (uint32_t pid = 1; pid <= s->nprocs && n < max; pid++) {
		const struct proc *p = proc_get(s, pid);
		if (p && p->state != SIM_PROC_EXITED)
			out[n++] = pid;
	}
	return n;
}

/* A node that goes down halts: each process live on it before the step
** ends in it, with no exit reason (ATOM_NONE, an EXIT event without a
** reason) and halted at the node_down's tick, unless it ended on its own
** in that tick before the halt (then with a reason, not halted, and not
** noconnection when the node_down was the tick's only node event: only
** another cut in the same tick could have given it that); nothing else
** is ever halted. */
static bool dn_check_halted(const struct sim *s, const struct dnet *after, const uint32_t *live,
                            uint32_t n)
{
	uint64_t now = sim_now(s);
	uint32_t events_now = 0;
	for (uint32_t k = 0; k < after->nev; k++)
		events_now += dn_at(after->ev[k]) == now;
	for (uint32_t i = 0; i < n; i++) {
		const struct proc *p = proc_get(s, live[i]);
		if (!p)
			continue;
		uint32_t x = proc_node(s, p);
		if (after->down_at[x] == now) {
			dn_halted += p->halted;
			CHECK(p->state == SIM_PROC_EXITED && p->exit_tick == now &&
			      p->halted == (p->exit_reason == ATOM_NONE) &&
			      (p->halted || events_now > 1 ||
			       p->exit_reason != s->scn->atom_noconnection),
			      "%u on n%u, which went down at %llu, is not gone with it then (state %d, "
			      "reason %s, halted %d)", live[i], x, (unsigned long long)now, p->state,
			      aname(s, p->exit_reason), p->halted);
		} else {
			CHECK(!p->halted, "%u halted but its node n%u did not go down", live[i], x);
		}
	}
	size_t nev;
	const struct sim_event *ev = sim_events(s, &nev);
	for (size_t i = 0; i < nev; i++) {
		const struct proc *p = proc_get(s, ev[i].pid);
		if (ev[i].type == SIM_EV_EXIT && p)
			CHECK((ev[i].reason == NULL) == p->halted, "%u's EXIT %s a reason, halted %d",
			      ev[i].pid, ev[i].reason ? "has" : "lacks", p->halted);
	}
	return true;
}

/* One GEN_NODES seed: it loads, runs under the checks above, and a
** second run gives the same summary. */
static bool run_node_seed(uint64_t seed, struct totals *tot, uint64_t *cuts)
{
	cur_seed = seed;
	fail_buf[0] = '\0';
	char *text = gen_scenario_opts(seed, GEN_NODES);
	assert_non_null(text);
	sim_scenario *scn = load_text(text);
	struct sim_config cfg = sim_scenario_config(scn);
	struct dnet before, after;
	dn_init(&before, text);
	dn_init(&after, text);
	uint64_t *sent_at = calloc(1u << 20, sizeof *sent_at);
	struct cut_link *cl = malloc(4096 * sizeof *cl);
	uint32_t *live = malloc(LIVE_MAX * sizeof *live);
	assert_true(sent_at && cl && live);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	bool ok = dn_check_step(s, &before, &after, NULL, 0, sent_at);
	while (ok && sim_end_state(s) == SIM_END_NONE) {
		uint32_t ncl = cross_links(s, cl, 4096), nlive = live_pids(s, live, LIVE_MAX);
		sim_step(s);                       /* ticks it jumps over hold no event */
		dn_advance(&before, sim_now(s), false);
		dn_advance(&after, sim_now(s), true);
		ncl = cut_links(s, &before, &after, cl, ncl);
		*cuts += ncl;
		ok = dn_check_step(s, &before, &after, cl, ncl, sent_at) &&
		     dn_check_halted(s, &after, live, nlive);
		tot->steps++;
	}
	char *a = sim_summary_json(s);
	sim_destroy(s);
	s = sim_create(scn, &cfg);
	sim_run_until(s, UINT64_MAX);
	char *b = sim_summary_json(s);
	if (ok && strcmp(a, b) != 0) {
		snprintf(fail_buf, sizeof fail_buf, "a second run gives another summary");
		ok = false;
	}
	if (!ok)
		fprintf(stderr, "GEN_NODES seed %llu: %s\n%s\n", (unsigned long long)seed, fail_buf, text);
	tot->seeds++;
	free(a);
	free(b);
	sim_destroy(s);
	free(sent_at);
	free(cl);
	free(live);
	free(before.ev);
	free(after.ev);
	cJSON_Delete(before.root);
	cJSON_Delete(after.root);
	sim_scenario_free(scn);
	free(text);
	return ok;
}

/* GEN_NODES seeds (BEAMSIM_NODE_SEEDS, default half of BEAMSIM_SEEDS's
** default) under the distribution invariants; at least one cut link and
** one message between nodes were checked. */
static void test_random_node_scenarios(void **state)
{
	(void)state;
	struct totals tot;
	memset(&tot, 0, sizeof tot);
	uint64_t n = env_u64("BEAMSIM_NODE_SEEDS", DEFAULT_SEEDS / 2), cuts = 0, failures = 0;
	uint64_t base = env_u64("BEAMSIM_SEED_BASE", 1);
	for (uint64_t i = 0; i < n && failures < 5; i++)
		failures += !run_node_seed(base + i, &tot, &cuts);
	printf("invariants (GEN_NODES): %llu seeds, %llu steps, %llu messages between nodes and %llu "
	       "cut links and %llu halted processes checked, %llu failures\n",
	       (unsigned long long)tot.seeds, (unsigned long long)tot.steps,
	       (unsigned long long)dn_crossed, (unsigned long long)cuts,
	       (unsigned long long)dn_halted, (unsigned long long)failures);
	assert_int_equal(failures, 0);
	if (n >= 100)
		assert_true(cuts > 0 && dn_crossed > 0 && dn_halted > 0);
}

/* gen_scenario_opts(seed, flags) twice: the same text, holding `part`. */
static void same_twice(uint64_t seed, unsigned flags, const char *part)
{
	char *a = gen_scenario_opts(seed, flags), *b = gen_scenario_opts(seed, flags);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, part));
	free(a);
	free(b);
}

/* The generator itself: deterministic and always valid. */
static void test_generator_deterministic(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 50; seed++) {
		char *a = gen_scenario(seed), *b = gen_scenario_opts(seed, 0);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(a, b);
		free(a);
		free(b);
		same_twice(seed, 0, "\"format\":1");
		same_twice(seed, GEN_VALUES, "\"format\":1.1");
		same_twice(seed, GEN_NODES, "\"nodes\":[{");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generator_deterministic),
		cmocka_unit_test(test_shutdown_protocol),
		cmocka_unit_test(test_random_scenarios),
		cmocka_unit_test(test_random_shutdown_scenarios),
		cmocka_unit_test(test_values_scenarios),
		cmocka_unit_test(test_random_node_scenarios),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
