/*
** signal.c - delivery of signals at the tick boundary: messages, exit
** signals, links, monitors, spawns, timers and queue moves.
**
** Exit signals follow ref_man_processes.md (see docs/how-beam-schedules.md):
** a trapping receiver gets ["EXIT", From, Reason] as a message; otherwise
** `normal` is ignored and any other reason ends the receiver with that
** reason, except that a `kill` sent directly (erlang:exit/2) cannot be
** trapped and ends the receiver with reason `killed`.
*/
#include <string.h>

#include "engine.h"

static bool alive(const struct proc *p)
{
	return p && p->state != SIM_PROC_EXITED;
}

static void limit_event(struct sim *s, const struct proc *p, uint32_t from, const char *limit,
                        const char *reason)
{
	struct sim_event *e = event_new(s, NULL, SIM_EV_LIMIT, s->now, p->pid);
	e->other = from;
	e->sched = p->sched;
	e->text = limit;
	e->reason = reason;
}

/*
** Puts a message in p's mailbox now, waking p if it waits in receive.
** Then the limits on message memory:
**   - a mailbox holding more than max_mailbox messages kills its process
**     with reason killed, as BEAM's max_heap_size with kill => true does
**     (erl_gc.c: erts_set_self_exiting(p, am_killed) when the heap,
**     messages included, passes the limit; BEAM notices at the process's
**     next garbage collection, beamsim at the delivery itself);
**   - more than max_message_memory bytes queued in all mailboxes is the
**     node running out of memory (BEAM: "eheap_alloc: Cannot allocate N
**     bytes", and the whole node dies): mem_full ends the run when this
**     boundary is complete (sched.c, decide_end), so the state stays
**     whole; the boundary can add only the messages of signals it already
**     holds.
*/
static void deliver_msg(struct sim *s, struct proc *p, const struct msg *m)
{
	mbox_push(&p->mbox, m);
	s->queued++;
	if (m->kind == MSG_USER)
		s->delivered++;
	struct sim_event *e = event_new(s, NULL, SIM_EV_DELIVER, s->now, p->pid);
	event_message(e, s, m);
	e->other = m->from;
	e->sched = p->sched;
	if (p->state == SIM_PROC_WAITING)
		runq_enqueue(s, p);
	if (s->cfg.max_mailbox && p->mbox.len > s->cfg.max_mailbox) {
		limit_event(s, p, m->from, "max_mailbox", atom_name(&s->scn->atoms, ATOM_KILLED));
		proc_kill_now(s, p, ATOM_KILLED);
	} else if (s->cfg.max_message_memory && !s->mem_full &&
	           s->queued > s->cfg.max_message_memory / SIM_MSG_BYTES) {
		limit_event(s, p, m->from, "max_message_memory", "memory_limit");
		s->mem_full = true;
	}
}

static void system_msg(struct sim *s, struct proc *to, uint8_t kind, uint32_t from,
                       atom_t name, atom_t reason)
{
	struct msg m;
	memset(&m, 0, sizeof m);
	m.kind = kind;
	m.from = from;
	m.name = name;
	m.reason = reason;
	m.id = ++s->msg_seq;
	deliver_msg(s, to, &m);
}

static struct sim_event *signal_event(struct sim *s, uint32_t from, struct proc *to, atom_t reason,
                                      enum sim_signal_effect effect)
{
	struct sim_event *e = event_new(s, NULL, SIM_EV_SIGNAL, s->now, to->pid);
	e->other = from;
	e->reason = atom_name(&s->scn->atoms, reason);
	e->why = effect;
	e->sched = to->sched;
	return e;
}

void signal_exit(struct sim *s, uint32_t from, atom_t from_name, struct proc *to, atom_t reason,
                 bool link)
{
	if (!alive(to))
		return;
	uint32_t me = to->pid;
	if (!link && reason == ATOM_KILL) {
		signal_event(s, from, to, reason, SIM_SIG_KILLED);
		struct sim_event *e = event_new(s, NULL, SIM_EV_KILL, s->now, me);
		e->other = from;
		e->reason = atom_name(&s->scn->atoms, ATOM_KILLED);
		proc_kill_now(s, to, ATOM_KILLED);
		return;
	}
	if (to->trap_exit) {
		signal_event(s, from, to, reason, SIM_SIG_TRAPPED);
		system_msg(s, to, MSG_EXIT, from, from_name, reason);
		return;
	}
	if (reason == ATOM_NORMAL && !(from == me && !link)) {
		signal_event(s, from, to, reason, SIM_SIG_IGNORED);
		return;
	}
	signal_event(s, from, to, reason, SIM_SIG_KILLED);
	proc_kill_now(s, to, reason);
}

static void deliver_link(struct sim *s, const struct signal *sg, struct proc *to)
{
	struct proc *from = proc_get(s, sg->from);
	if (!alive(to)) {
		/* Linking to a process that does not exist: the linker gets an
		** exit signal with reason noproc (OTP 23 link semantics).  Only
		** a trapping linker, one on another node, or one whose target
		** exited in the link's own tick gets here (exec.c, link_raises:
		** otherwise a local linker raises at once).  From another node
		** the answer crosses the network back: not `arrived`. */
		if (alive(from)) {
			struct signal back = *sg;
			back.kind = SIG_LINK_EXIT;
			back.from = sg->to;
			back.to = sg->from;
			back.reason = ATOM_NOPROC;
			back.link = true;       /* honoured even though `to` may be 0 */
			back.arrived = false;
			sigbuf_push(&s->pending, &back);
		}
		return;
	}
	/* A linker that has died since still gets the link: its exit signal,
	** sent after this link signal, follows and finds the link. */
	if (pidset_add(&proc_ties(to)->links, sg->from)) {
		struct sim_event *e = event_new(s, NULL, SIM_EV_LINK, s->now, sg->from);
		e->other = sg->to;
	}
}

static void deliver_monitor(struct sim *s, const struct signal *sg, struct proc *to)
{
	struct proc *from = proc_get(s, sg->from);
	if (!alive(to)) {
		if (alive(from)) {
			if (sg->to)     /* the monitor exec_peer recorded fires at once */
				pidset_remove(PROC_TIES_OR_NULL(from, watching), sg->to);
			system_msg(s, from, MSG_DOWN, sg->to, pt_name(s, sg->to, sg->name), ATOM_NOPROC);
		}
		return;
	}
	/* A watcher that has died since is removed by its demonitor signal,
	** which follows this one. */
	pidset_push(&proc_ties(to)->watchers, sg->from);
	struct sim_event *e = event_new(s, NULL, SIM_EV_MONITOR, s->now, sg->from);
	e->other = sg->to;
}

/*
** A supervisor stops its child `to` (sup.c, stop_child; OTP 25's
** supervisor.erl shutdown/1): the monitor arrives first, then
** exit(Child, shutdown), or exit(Child, kill) for brutal_kill; the link
** stays (the supervisor unlinks after the DOWN).  The supervisor already
** recorded the monitor; a child that is gone answers with DOWN noproc at
** once.
*/
static void deliver_shutdown(struct sim *s, const struct signal *sg, struct proc *to)
{
	struct proc *sup = proc_get(s, sg->from);
	if (!alive(to)) {
		if (alive(sup)) {
			pidset_remove(PROC_TIES_OR_NULL(sup, watching), sg->to);
			system_msg(s, sup, MSG_DOWN, sg->to, pt_name(s, sg->to, ATOM_NONE), ATOM_NOPROC);
		}
		return;
	}
	pidset_push(&proc_ties(to)->watchers, sg->from);
	signal_exit(s, sg->from, pt_name(s, sg->from, ATOM_NONE), to, sg->reason, false);
}

/* Returns false when the process limit was hit (the spawner got system_limit). */
static bool spawn_one(struct sim *s, const struct signal *sg, atom_t name)
{
	/* spawn is synchronous in BEAM: the child exists even when its parent
	** ended in the same tick.  A link to a parent that is already gone
	** then acts as a link to a dead process: the child gets the parent's
	** exit reason as an exit signal. */
	uint32_t pid = proc_spawn(s, sg->spec, name, sg->from, sg->node);
	struct proc *parent = proc_get(s, sg->from);       /* NULL once its page is archived */
	if (!pid) {
		/* BEAM raises system_limit in the spawning process. */
		if (alive(parent))
			proc_kill_now(s, parent, ATOM_SYSTEM_LIMIT);
		return false;
	}
	struct proc *child = proc_get(s, pid);
	if (s->nnodes > 1 && parent && net_spawn_cut(s, parent, child, sg->node, sg->link, sg->monitor)) {
		if (sg->sup_child != UINT32_MAX && alive(parent))
			sup_child_started(s, parent, sg->sup_child, pid);
		return true;
	}
	if (parent && !alive(parent)) {
		if (sg->link) {
			struct signal ex = signal_make(SIG_LINK_EXIT, sg->from, pid);
			ex.reason = parent->exit_reason;
			ex.link = true;
			sigbuf_push(&s->pending, &ex);
		}
		return true;
	}
	if (sg->link && parent) {
		/* The child is new, so neither side can hold this link yet: append
		** without the linear membership test (a parent of 10^6 linked
		** children would make that quadratic). */
		pidset_push(&proc_ties(parent)->links, pid);
		pidset_push(&proc_ties(child)->links, sg->from);
		struct sim_event *e = event_new(s, NULL, SIM_EV_LINK, s->now, sg->from);
		e->other = pid;
		sup_set_parent(child, sg->from);    /* start_link: the spawner is its parent */
	}
	if (sg->monitor && parent) {
		pidset_push(&proc_ties(parent)->watching, pid);
		pidset_push(&proc_ties(child)->watchers, sg->from);
		if (s->nnodes > 1)
			net_monitor_stamp(s, sg->from, pid);
		struct sim_event *e = event_new(s, NULL, SIM_EV_MONITOR, s->now, sg->from);
		e->other = pid;
	}
	if (sg->sup_child != UINT32_MAX && parent)
		sup_child_started(s, parent, sg->sup_child, pid);
	return true;
}

/* Creates the processes of a spawn op in order; stops at the first one
** refused at the process limit (the spawner, if alive, is then ended by
** system_limit, as it would be by the first failing spawn in BEAM). */
static void deliver_spawn(struct sim *s, const struct signal *sg)
{
	if (!sg->names) {
		spawn_one(s, sg, sg->name);
		return;
	}
	for (uint32_t i = 0; i < sg->nnames; i++)
		if (!spawn_one(s, sg, sg->names[i]))
			return;
}

void signal_deliver(struct sim *s, const struct signal *sg)
{
	if (s->nnodes > 1 && !sg->arrived && net_intercept(s, sg))
		return;                 /* on the network, or lost (net.c) */
	struct proc *to = proc_get(s, sg->to);
	struct proc *from;
	switch (sg->kind) {
	case SIG_MSG:
		if (!alive(to)) {
			if (sg->msg.kind == MSG_USER) {
				s->dropped++;
				struct sim_event *e = event_new(s, NULL, SIM_EV_DROP, s->now, sg->from);
				event_message(e, s, &sg->msg);
				e->other = sg->to;
			}
			return;
		}
		/* A monitor that fired is gone (BEAM removes it with the DOWN):
		** without this the owner's `watching` grew by one per monitor for
		** ever (found by tests/soak.c). */
		if (sg->msg.kind == MSG_DOWN)
			pidset_remove(PROC_TIES_OR_NULL(to, watching), sg->msg.from);
		deliver_msg(s, to, &sg->msg);
		return;
	case SIG_LINK_EXIT:
		if (!alive(to))
			return;
		/* A link exit signal counts only while the link exists. */
		if (!pidset_remove(PROC_TIES_OR_NULL(to, links), sg->from) && !sg->link)
			return;
		signal_exit(s, sg->from, pt_name(s, sg->from, sg->name), to, sg->reason, true);
		return;
	case SIG_EXIT:
		signal_exit(s, sg->from, pt_name(s, sg->from, ATOM_NONE), to, sg->reason, false);
		return;
	case SIG_SHUTDOWN:
		deliver_shutdown(s, sg, to);
		return;
	case SIG_LINK:
		deliver_link(s, sg, to);
		return;
	case SIG_UNLINK:
		if (alive(to) && pidset_remove(PROC_TIES_OR_NULL(to, links), sg->from)) {
			struct sim_event *e = event_new(s, NULL, SIM_EV_UNLINK, s->now, sg->from);
			e->other = sg->to;
		}
		return;
	case SIG_MONITOR:
		deliver_monitor(s, sg, to);
		return;
	case SIG_DEMONITOR:
		if (alive(to))
			pidset_remove(PROC_TIES_OR_NULL(to, watchers), sg->from);
		return;
	case SIG_SPAWN:
		deliver_spawn(s, sg);
		return;
	case SIG_TIMER:
		from = proc_get(s, sg->from);
		if (alive(from) && from->timer_gen == sg->gen)
			timer_push(&s->timers, sg->due, sg->from, sg->gen);
		return;
	case SIG_REQUEUE:
		from = proc_get(s, sg->from);
		if (alive(from))
			runq_enqueue(s, from);
		return;
	case SIG_DIRTY:
		from = proc_get(s, sg->from);
		if (alive(from))
			dirtyq_push(s, from);
		return;
	case SIG_MONITOR_NODE:
		net_monitor_node(s, sg->from, (uint32_t)sg->node);
		return;
	}
	BEAMSIM_ASSERT(!"a signal kind nobody sends");
}
