/*
** sched.c - the scheduler loop: the tick phase, the boundary phase,
** dispatching, work stealing and the end of a run.
**
** One step executes tick t: every busy scheduler runs one reduction of its
** current process (sched_tick_one; sched_tick_dirty for a dirty
** scheduler), then the boundary at time t+1 applies the
** effects in a fixed order (sched_boundary):
**   1. signals, in the order they were sent: first those sent during the
**      previous boundary, then each scheduler's outbox in index order,
**      then each dirty scheduler's;
**   2. timers due, by (due, arming order);
**   3. timeline events at this tick, in file order;
**   4. processes whose `start` is this tick, in file order, then `links`;
**   5. notes at this tick;
**   6. dispatch: each idle scheduler takes the next process of its own
**      queue; then (balance steal) each still idle scheduler steals;
**      then idle dirty schedulers take from the dirty queue.
*/
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "value.h"

static void run_event(struct sim *s, struct sched *sc, int32_t idx, bool dirty, enum sim_run_stop why,
                      bool boundary)
{
	struct sim_event *e = event_new(s, boundary ? NULL : sc, SIM_EV_RUN,
	                                boundary ? s->now : s->now + 1, sc->current);
	e->sched = idx;
	e->dirty = dirty;
	e->start = sc->run_start;
	e->reductions = sc->run_reds;
	e->why = why;
}

/* {=== the tick phase ===} */

/* k > 1 only for a batch planned by sched_plan: the current process is
** inside a work/native op that neither ends nor is preempted within k. */
static bool batch(struct sched *sc, struct proc *p, uint64_t k)
{
	if (k <= 1)
		return false;
	const struct frame *f = &proc_frames_c(p)[p->depth - 1];
	if (p->op_left == 0)
		p->op_left = f->ops->ops[f->pc].u.work.reductions;
	p->op_left -= k;
	p->reductions += k;
	sc->busy += k;
	sc->run_reds += k;
	return true;
}

/* The tick phase of scheduler idx for k ticks (see sched_plan).  Touches
** only its current process, the scheduler itself and its outbox, so the
** calls for different schedulers may run in parallel. */
/* The start of a tick of scheduler sc, normal or dirty: idle, or k ticks
** of its process's batch, or one reduction.  Returns the process when it
** ran a reduction (its result in *r), NULL when the tick is done. */
static struct proc *tick_start(struct sim *s, struct sched *sc, uint64_t k, bool dirty,
                               enum exec_result *r)
{
	if (!sc->current) {
		sc->idle += k;
		return NULL;
	}
	struct proc *p = proc_at(s, sc->current);
	if (batch(sc, p, k))
		return NULL;
	*r = exec_reduction(s, p, sc, dirty);
	sc->busy++;
	sc->run_reds++;
	return p;
}

void sched_tick_one(struct sim *s, uint32_t idx, uint64_t k)
{
	struct sched *sc = &s->scheds[idx];
	enum exec_result r;
	struct proc *p = tick_start(s, sc, k, false, &r);
	if (!p)
		return;
	enum sim_run_stop why;
	switch (r) {
	case EXEC_CONTINUE:
		if (s->cfg.preemption == SIM_PREEMPT_COOPERATIVE || sc->run_reds < s->cfg.slice ||
		    exec_in_native(p))
			return;
		why = SIM_STOP_PREEMPTED;
		p->state = SIM_PROC_RUNNABLE;
		{
			struct signal sg = signal_make(SIG_REQUEUE, sc->current, sc->current);
			sigbuf_push(&sc->out, &sg);
		}
		break;
	case EXEC_WAIT: why = SIM_STOP_WAITING; break;
	case EXEC_SLEEP: why = SIM_STOP_SLEEPING; break;
	case EXEC_DIRTY: {
		why = SIM_STOP_DIRTY;
		p->state = SIM_PROC_DIRTY;
		struct signal sg = signal_make(SIG_DIRTY, sc->current, sc->current);
		sigbuf_push(&sc->out, &sg);
		break;
	}
	case EXEC_EXITED: why = SIM_STOP_EXITED; break;
	default:          /* EXEC_DIRTY_DONE: only on a dirty scheduler */
		BEAMSIM_ASSERT(!"a dirty scheduler's result on a normal one");
		why = SIM_STOP_EXITED;
		break;
	}
	run_event(s, sc, (int32_t)idx, false, why, false);
	p->on_sched = -1;
	sc->current = 0;
}

void sched_tick_dirty(struct sim *s, uint32_t idx, uint64_t k)
{
	struct sched *sc = &s->dirty[idx];
	enum exec_result r;
	struct proc *p = tick_start(s, sc, k, true, &r);
	if (!p || r == EXEC_CONTINUE)
		return;
	/* a dirty scheduler only runs native calls: they finish or end the process */
	BEAMSIM_ASSERT(r == EXEC_DIRTY_DONE || r == EXEC_EXITED);
	if (r == EXEC_DIRTY_DONE) {
		p->state = SIM_PROC_RUNNABLE;
		struct signal sg = signal_make(SIG_REQUEUE, sc->current, sc->current);
		sigbuf_push(&sc->out, &sg);
	}
	run_event(s, sc, (int32_t)idx, true, r == EXEC_EXITED ? SIM_STOP_EXITED : SIM_STOP_DONE, false);
	p->on_dirty = -1;
	sc->current = 0;
}

/* {=== the boundary phase ===} */

/* Whether scheduler sc's tick phase left anything for the boundary. */
static bool has_output(const struct sched *sc)
{
	return sc->out.n || sc->nev || sc->sent || sc->exited || sc->taken;
}

/* Moves one scheduler's tick-phase results into the engine, numbering its
** messages in send order. */
static void merge_sched(struct sim *s, struct sched *sc)
{
	for (uint32_t i = 0; i < sc->out.n; i++) {
		struct signal *sg = &sc->out.v[i];
		if (sg->kind != SIG_MSG)
			continue;
		sg->msg.id = ++s->msg_seq;
		if (sg->ev_index != UINT32_MAX)
			sc->ev[sg->ev_index].msg_id = sg->msg.id;
	}
	for (uint32_t i = 0; i < sc->out.n; i++)
		sigbuf_push(&s->delivering, &sc->out.v[i]);
	sc->out.n = 0;
	for (uint32_t i = 0; i < sc->nev; i++)
		if (!VEC_PUSH(s->ev, s->nev, s->evcap, sc->ev[i]))
			engine_oom();
	sc->nev = 0;
	s->sent += sc->sent;
	sc->sent = 0;
	s->queued -= sc->taken;
	sc->taken = 0;
	if (sc->exited) {
		s->live--;
		pt_exited(s, sc->exited);
		sc->exited = 0;
	}
}

static void fire_timers(struct sim *s)
{
	struct timer t;
	while (timer_peek(&s->timers, &t) && t.due <= s->now) {
		timer_pop(&s->timers);
		struct proc *p = proc_get(s, t.pid);
		if (!p || p->timer_gen != t.gen || p->state == SIM_PROC_EXITED)
			continue;                        /* cancelled */
		if (p->sup) {
			sup_timer(s, p);
		} else if (p->state == SIM_PROC_SLEEPING) {
			runq_enqueue(s, p);
		} else if (p->timer_armed) {
			/* receive ... after: also when a non-matching message woke the
			** process first; its next scan then times out unless a new
			** message matches. */
			p->timer_armed = false;
			p->timed_out = true;
			if (p->state == SIM_PROC_WAITING)
				runq_enqueue(s, p);
		}
	}
}

static void make_static_links(struct sim *s)
{
	const struct scenario *scn = s->scn;
	for (uint32_t i = 0; i < scn->nlinks; i++) {
		if (s->link_done[i])
			continue;
		uint32_t pa = s->registry[scn->links[i].a], pb = s->registry[scn->links[i].b];
		if (!pa || !pb)
			continue;                      /* not spawned yet */
		s->link_done[i] = true;
		struct proc *a = proc_get(s, pa), *b = proc_get(s, pb);
		if (!a || !b || a->state == SIM_PROC_EXITED || b->state == SIM_PROC_EXITED)
			continue;
		pidset_add(&proc_ties(a)->links, pb);
		pidset_add(&proc_ties(b)->links, pa);
		struct sim_event *e = event_new(s, NULL, SIM_EV_LINK, s->now, pa);
		e->other = pb;
	}
}

/* Stops at the first process refused at the process limit (one event).
** Processes placed on a node that is down are not started (node_up boots
** them). */
static void spawn_spec(struct sim *s, const struct spec *spec)
{
	if (s->nnodes > 1) {
		int32_t node = net_spec_node(s, spec, -1);
		if (!s->nodes[node < 0 ? 0 : node].up)
			return;
	}
	for (uint32_t k = 0; k < spec->nnames; k++)
		if (!proc_spawn(s, spec, spec->names[k], 0, -1))
			return;
}

static void apply_timeline(struct sim *s, const struct tl_event *ev)
{
	uint32_t to = ev->kind == TL_SPAWN ? 0 : s->registry[ev->to.name];
	struct proc *p = proc_get(s, to);
	switch (ev->kind) {
	case TL_SEND: {
		struct signal sg = signal_make(SIG_MSG, 0, to);
		sg.msg.kind = MSG_USER;
		sg.msg.value = ev->message;
		sg.msg.id = ++s->msg_seq;
		s->sent++;
		struct sim_event *e = event_new(s, NULL, SIM_EV_SEND, s->now, 0);
		event_message(e, s, &sg.msg);
		e->other = to;
		signal_deliver(s, &sg);
		break;
	}
	case TL_EXIT:
		if (p)
			signal_exit(s, 0, ATOM_NONE, p, ev->reason, false);
		break;
	case TL_SPAWN:
		spawn_spec(s, &ev->spawn);
		break;
	case TL_NODE_DOWN:
		net_node_down(s, ev->node);
		break;
	case TL_NODE_UP:
		net_node_up(s, ev->node);
		break;
	case TL_PARTITION:
		net_partition(s, ev->groups);
		break;
	case TL_HEAL:
		net_heal(s);
		break;
	}
}

static void start_run(struct sim *s, struct sched *sc, int32_t idx, uint32_t pid, bool dirty)
{
	struct proc *p = proc_at(s, pid);
	sc->current = pid;
	s->nbusy++;
	sc->run_start = s->now;
	sc->run_reds = 0;
	sc->context_switches++;
	if (dirty) {
		p->on_dirty = idx;
		struct sim_event *e = event_new(s, NULL, SIM_EV_DIRTY, s->now, pid);
		e->sched = idx;
		e->from_sched = p->sched;
	} else {
		p->on_sched = idx;
		p->state = SIM_PROC_RUNNING;
	}
}

void sched_dispatch(struct sim *s)
{
	uint32_t n = s->cfg.schedulers;
	bool shared = s->cfg.balance == SIM_BALANCE_SHARED;
	for (uint32_t i = 0; i < n; i++) {
		struct sched *sc = &s->scheds[i];
		if (sc->current)
			continue;
		struct runq *rq = runq_of(s, (int32_t)i);
		if (!rq->head[RQ_MAX] && !rq->head[RQ_HIGH] && !rq->head[RQ_NORMAL])
			continue;
		uint32_t pid = runq_pick(s, rq);
		if (!pid)
			continue;
		if (shared)
			proc_at(s, pid)->sched = (int32_t)i;   /* shared queue: it runs here */
		start_run(s, sc, (int32_t)i, pid, false);
	}
	if (s->cfg.balance == SIM_BALANCE_STEAL && s->nrunqs > 1) {
		/* An idle scheduler looks at ix+1, ix+2, ... (wrapping, among the
		** schedulers of its own node) and takes the first process of the
		** highest non-empty priority from the first that has any: BEAM's
		** try_steal_task. */
		for (uint32_t i = 0; i < n; i++) {
			struct sched *sc = &s->scheds[i];
			if (sc->current)
				continue;
			uint32_t first = 0, cnt = n;
			if (s->scn->nnodes) {
				first = s->scn->nodes[s->node_of[i]].first_sched;
				cnt = s->scn->nodes[s->node_of[i]].schedulers;
			}
			for (uint32_t k = 1; k < cnt; k++) {
				uint32_t v = first + (i - first + k) % cnt;
				uint32_t pid = runq_steal(s, &s->runqs[v]);
				if (!pid)
					continue;
				proc_at(s, pid)->sched = (int32_t)i;
				sc->steals++;
				struct sim_event *e = event_new(s, NULL, SIM_EV_STEAL, s->now, pid);
				e->sched = (int32_t)i;
				e->from_sched = (int32_t)v;
				start_run(s, sc, (int32_t)i, pid, false);
				break;
			}
		}
	}
	for (uint32_t i = 0; i < s->ndirty; i++) {
		if (s->dirty[i].current || !s->nodes[s->dnode_of[i]].dq_head)
			continue;
		uint32_t pid = dirtyq_pop(s, s->dnode_of[i]);
		start_run(s, &s->dirty[i], (int32_t)i, pid, true);
	}
}

void sched_boundary(struct sim *s)
{
	const struct scenario *scn = s->scn;
	/* 1. signals */
	struct sigbuf tmp = s->delivering;
	s->delivering = s->pending;
	s->pending = tmp;
	s->pending.n = 0;
	uint32_t busy = 0;
	for (uint32_t i = 0; i < s->cfg.schedulers; i++) {
		if (has_output(&s->scheds[i]))
			merge_sched(s, &s->scheds[i]);
		busy += s->scheds[i].current != 0;
	}
	for (uint32_t i = 0; i < s->ndirty; i++) {
		if (has_output(&s->dirty[i]))
			merge_sched(s, &s->dirty[i]);
		busy += s->dirty[i].current != 0;
	}
	s->nbusy = busy;
	if (s->nnet)
		net_deliver_due(s);     /* what the network brings arrives first */
	for (uint32_t i = 0; i < s->delivering.n; i++)
		signal_deliver(s, &s->delivering.v[i]);
	s->delivering.n = 0;
	/* 2. timers */
	if (s->timers.n && s->timers.v[0].due <= s->now)
		fire_timers(s);
	/* 3. timeline */
	bool spawned = false;
	while (s->next_timeline < scn->ntimeline && scn->timeline[s->next_timeline].at <= s->now) {
		spawned |= scn->timeline[s->next_timeline].kind == TL_SPAWN;
		apply_timeline(s, &scn->timeline[s->next_timeline++]);
	}
	/* 4. initial processes */
	while (s->next_start < scn->nprocs && scn->procs[s->start_order[s->next_start]].start <= s->now) {
		spawn_spec(s, &scn->procs[s->start_order[s->next_start++]]);
		spawned = true;
	}
	if (spawned)
		make_static_links(s);
	/* 5. notes */
	while (s->next_note < scn->nnotes && scn->notes[s->next_note].at <= s->now) {
		struct sim_event *e = event_new(s, NULL, SIM_EV_NOTE, s->now, 0);
		e->text = scn->notes[s->next_note++].text;
	}
	sched_when_notes(s, 0);
	/* 6. dispatch */
	sched_dispatch(s);
	/* 7. archive the pages of processes long exited */
	if (s->ndying)
		pt_sweep(s);
}

/* The first place in scn->when_order of the notes tied to (a, w), or
** nwhen when there is none. */
static uint32_t when_find(const struct scenario *scn, atom_t a, enum sim_note_when w)
{
	uint32_t lo = 0, hi = scn->nwhen;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct note *n = &scn->notes[scn->when_order[mid]];
		if (n->atom < a || (n->atom == a && n->when < w))
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct note *n = lo < scn->nwhen ? &scn->notes[scn->when_order[lo]] : NULL;
	return n && n->atom == a && n->when == w ? lo : scn->nwhen;
}

/* The NOTE events of the notes tied to (a, w), at tick: all of them the
** first time (one event fulfils them all), none after. */
static void when_fire(struct sim *s, atom_t a, enum sim_note_when w, uint64_t tick)
{
	const struct scenario *scn = s->scn;
	uint32_t i = when_find(scn, a, w);
	if (i == scn->nwhen || s->note_done[scn->when_order[i]])
		return;
	for (; i < scn->nwhen; i++) {
		const struct note *n = &scn->notes[scn->when_order[i]];
		if (n->atom != a || n->when != w)
			break;
		s->note_done[scn->when_order[i]] = true;
		s->when_left--;
		event_new(s, NULL, SIM_EV_NOTE, tick, 0)->text = n->text;
	}
}

/* The name of pid, alive or archived. */
static atom_t name_of(const struct sim *s, uint32_t pid)
{
	const struct proc *p = proc_get(s, pid);
	struct proc_rec r;
	if (p)
		return p->name;
	return pt_archived(s, pid, &r) ? r.name : ATOM_NONE;
}

void sched_when_notes(struct sim *s, uint32_t from)
{
	uint32_t n = s->nev;                 /* the NOTE events appended are not scanned */
	for (uint32_t i = from; i < n && s->when_left; i++) {
		struct sim_event e = s->ev[i];
		enum sim_note_when w = e.type == SIM_EV_SPAWN ? SIM_NOTE_SPAWN
		                     : e.type == SIM_EV_RECEIVE ? SIM_NOTE_RECEIVE
		                     : e.type == SIM_EV_EXIT ? SIM_NOTE_EXIT
		                     : e.type == SIM_EV_RESTART ? SIM_NOTE_RESTART : SIM_NOTE_AT;
		if (w == SIM_NOTE_AT)
			continue;
		atom_t a = name_of(s, e.pid);
		when_fire(s, a, w, e.tick);
		if (w == SIM_NOTE_EXIT && e.reason && strcmp(e.reason, "normal") != 0 &&
		    strcmp(e.reason, "shutdown") != 0)
			when_fire(s, a, SIM_NOTE_CRASH, e.tick);
	}
}

/* {=== stepping and the end of a run ===} */

static bool any_running(const struct sim *s)
{
	return s->nbusy != 0;
}

/* Drops cancelled timers from the top so the next due time is real. */
static bool next_timer(struct sim *s, uint64_t *due)
{
	struct timer t;
	while (timer_peek(&s->timers, &t)) {
		const struct proc *p = proc_get(s, t.pid);
		if (p && p->timer_gen == t.gen && p->state != SIM_PROC_EXITED) {
			*due = t.due;
			return true;
		}
		timer_pop(&s->timers);
	}
	return false;
}

static bool future_spawns(const struct sim *s)
{
	if (s->next_start < s->scn->nprocs)
		return true;
	for (uint32_t i = s->next_timeline; i < s->scn->ntimeline; i++)
		if (s->scn->timeline[i].kind == TL_SPAWN || s->scn->timeline[i].kind == TL_NODE_UP)
			return true;
	return false;
}

static enum sim_end decide_end(struct sim *s)
{
	/* format 1.1: the values made so far count as message memory (the
	** total after a whole tick: the same whatever order the schedulers
	** ran in) */
	if (atomic_load_explicit(&s->heap_made, memory_order_relaxed) > s->heap_limit)
		s->mem_full = true;
	if (s->mem_full)
		return SIM_END_MEMORY_LIMIT;
	if (s->live && s->now < s->cfg.until && (s->pending.n || any_running(s)))
		return SIM_END_NONE;      /* the common case: something runs or is in flight */
	if (s->live == 0 && s->pending.n == 0 && s->nnet == 0 && !future_spawns(s))
		return SIM_END_ALL_EXITED;
	if (s->now >= s->cfg.until)
		return SIM_END_LIMIT;
	uint64_t due;
	if (!any_running(s) && s->pending.n == 0 && s->nnet == 0 && !next_timer(s, &due) &&
	    s->next_timeline >= s->scn->ntimeline && s->next_start >= s->scn->nprocs)
		return SIM_END_DEADLOCK;
	return SIM_END_NONE;
}

static void finish_run(struct sim *s)
{
	for (uint32_t i = 0; i < s->cfg.schedulers; i++)
		if (s->scheds[i].current)
			run_event(s, &s->scheds[i], (int32_t)i, false, SIM_STOP_RUN_END, true);
	for (uint32_t i = 0; i < s->ndirty; i++)
		if (s->dirty[i].current)
			run_event(s, &s->dirty[i], (int32_t)i, true, SIM_STOP_RUN_END, true);
}

/* The tick at which something can next happen while every scheduler is
** idle and no signal is pending. */
static uint64_t next_interesting(struct sim *s)
{
	uint64_t t = s->cfg.until, due;
	if (next_timer(s, &due) && due < t)
		t = due;
	if (s->next_timeline < s->scn->ntimeline && s->scn->timeline[s->next_timeline].at < t)
		t = s->scn->timeline[s->next_timeline].at;
	if (s->next_start < s->scn->nprocs) {
		uint64_t st = s->scn->procs[s->start_order[s->next_start]].start;
		if (st < t)
			t = st;
	}
	if (s->next_note < s->scn->nnotes && s->scn->notes[s->next_note].at < t)
		t = s->scn->notes[s->next_note].at;
	if (s->nnet && s->net[0].due < t)
		t = s->net[0].due;
	return t;
}

/* Reductions left in the op p is executing on a scheduler, if it is a
** work or native op that this scheduler runs (0 otherwise). */
static uint64_t work_left(const struct proc *p, bool on_dirty)
{
	if (p->sup || p->depth == 0)
		return 0;
	const struct frame *f = &proc_frames_c(p)[p->depth - 1];
	if (f->pc >= f->ops->n)
		return 0;
	const struct op *op = &f->ops->ops[f->pc];
	if (op->kind != OP_WORK && op->kind != OP_NATIVE)
		return 0;
	if (op->kind == OP_NATIVE && op->u.work.dirty != on_dirty)
		return 0;
	return p->op_left ? p->op_left : op->u.work.reductions;
}

bool sched_runs_work(const struct sim *s, const struct sched *sc, bool dirty)
{
	return sc->current && work_left(proc_at(s, sc->current), dirty) > 0;
}

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }

/* The longest run of ticks in which nothing but work happens: every busy
** scheduler is inside a work/native op that neither ends nor reaches the
** end of its slice, no signal is pending, and no timer, timeline event,
** start, note or the limit falls inside.  Idle schedulers stay idle: after
** dispatch there is nothing for them to take or steal, and without
** signals no queue changes.  Executing such a batch in one go gives the
** same state and events as single ticks. */
static uint64_t batch_length(struct sim *s)
{
	if (!s->batching || s->pending.n)
		return 1;
	uint64_t k = UINT64_MAX;
	for (uint32_t i = 0; i < s->cfg.schedulers && k > 1; i++) {
		const struct sched *sc = &s->scheds[i];
		if (!sc->current)
			continue;
		const struct proc *p = proc_at(s, sc->current);
		uint64_t left = work_left(p, false);
		if (left <= 1)
			return 1;
		k = min_u64(k, left - 1);
		const struct frame *top = &proc_frames_c(p)[p->depth - 1];
		bool native = top->ops->ops[top->pc].kind == OP_NATIVE;
		if (s->cfg.preemption == SIM_PREEMPT_REDUCTIONS && !native) {
			if (sc->run_reds + 1 >= s->cfg.slice)
				return 1;
			k = min_u64(k, s->cfg.slice - sc->run_reds - 1);
		}
	}
	for (uint32_t i = 0; i < s->ndirty && k > 1; i++) {
		const struct sched *sc = &s->dirty[i];
		if (!sc->current)
			continue;
		uint64_t left = work_left(proc_at(s, sc->current), true);
		if (left <= 1)
			return 1;
		k = min_u64(k, left - 1);
	}
	if (k > 1)        /* only now the dearer look at timers and the timeline */
		k = min_u64(k, next_interesting(s) - s->now);
	return k ? k : 1;
}

uint64_t sched_plan(struct sim *s)
{
	s->nev = 0;
	if (s->mem_full) {            /* filled by tick 0's boundary or a command */
		s->end = SIM_END_MEMORY_LIMIT;
		finish_run(s);
		return 0;
	}
	if (!s->nbusy && s->pending.n == 0) {
		/* Nothing runs: a run that can never go on again (processes that
		** never ran, such as supervisors waiting from tick 0) ends now,
		** not at `until` after an idle jump. */
		if ((s->end = decide_end(s)) != SIM_END_NONE) {
			finish_run(s);
			return 0;
		}
		uint64_t t = next_interesting(s);
		if (t > s->now + 1) {
			uint64_t skipped = t - s->now;
			for (uint32_t i = 0; i < s->cfg.schedulers; i++)
				s->scheds[i].idle += skipped;
			for (uint32_t i = 0; i < s->ndirty; i++)
				s->dirty[i].idle += skipped;
			s->now = t;
			sched_boundary(s);
			s->end = decide_end(s);
			if (s->end != SIM_END_NONE)
				finish_run(s);
			return 0;
		}
	}
	return batch_length(s);
}

void sched_finish(struct sim *s, uint64_t k)
{
	s->now += k;
	sched_boundary(s);
	s->end = decide_end(s);
	if (s->end != SIM_END_NONE)
		finish_run(s);
}

enum sim_end sim_step(sim *s)
{
	if (s->end != SIM_END_NONE)
		return s->end;
	uint64_t k = sched_plan(s);
	if (k == 0)
		return s->end;
	for (uint32_t i = 0; i < s->cfg.schedulers; i++) {
		if (s->scheds[i].current)
			sched_tick_one(s, i, k);
		else
			s->scheds[i].idle += k;
	}
	for (uint32_t i = 0; i < s->ndirty; i++) {
		if (s->dirty[i].current)
			sched_tick_dirty(s, i, k);
		else
			s->dirty[i].idle += k;
	}
	sched_finish(s, k);
	return s->end;
}

void sim_set_batching(sim *s, bool on)
{
	s->batching = on;
}

enum sim_end sim_interrupt(sim *s)
{
	if (s->end == SIM_END_NONE) {
		s->nev = 0;
		s->end = SIM_END_INTERRUPTED;
		finish_run(s);
	}
	return s->end;
}

enum sim_end sim_run_until(sim *s, uint64_t tick)
{
	while (s->end == SIM_END_NONE && s->now < tick)
		sim_step(s);
	return s->end;
}
