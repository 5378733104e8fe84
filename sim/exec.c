/*
** exec.c - the interpreter: one reduction of one process.
**
** Runs in the tick phase: it changes only the process it executes and
** its scheduler, and puts every effect on others into the scheduler's
** outbox (see engine.h).  Costs: work/native cost one reduction per tick
** for N ticks; every other op costs one reduction, including `loop` each
** time it begins an iteration and `receive` each time it scans the
** mailbox.  Leaving a finished block (a loop's last iteration, a receive
** case body) is free, so a process whose last op ran in tick t exits at
** the end of tick t.
*/
#include <string.h>

#include "engine.h"
#include "term.h"
#include "value.h"

/* Pops finished frames; a loop frame with iterations left stays (its next
** iteration costs a reduction). */
enum exec_result exec_finish(struct sim *s, struct proc *p, struct sched *sc, atom_t reason)
{
	proc_exit(s, p, reason, sc, s->now + 1);
	return EXEC_EXITED;
}

/* After an op completed: the process goes on, or exits normal if its
** program has ended. */
static enum exec_result next(struct sim *s, struct proc *p, struct sched *sc)
{
	proc_top(p)->pc++;
	exec_settle(p);
	return p->depth ? EXEC_CONTINUE : exec_finish(s, p, sc, ATOM_NORMAL);
}

static void put(struct sched *sc, struct signal *sg)
{
	sigbuf_push(&sc->out, sg);
}

/* p crashes with `reason` (a runtime error of format 1.1: badarith,
** badarg, ["unbound","X"], system_limit). */
static enum exec_result crash(struct sim *s, struct proc *p, struct sched *sc, atom_t reason)
{
	struct sim_event *e = event_new(s, sc, SIM_EV_CRASH, s->now, p->pid);
	e->reason = atom_name(&s->scn->atoms, reason);
	e->sched = p->on_sched;
	return exec_finish(s, p, sc, reason);
}

/*
** exit(self(), Reason) in a process that does not trap exits, or with
** reason kill: BEAM handles a signal to the caller before the BIF returns
** (OTP 25: the process runs no further code; erlang.xml, exit/2), so the
** process ends now with Reason (killed for kill; normal too, "unless Pid
** is the calling process").  The signal's events are the ones
** signal_exit would make at the boundary.  A trapping process gets its
** ["EXIT", self, Reason] at the boundary as usual.
*/
static enum exec_result exit_self(struct sim *s, struct proc *p, struct sched *sc, atom_t reason)
{
	struct sim_event *e = event_new(s, sc, SIM_EV_SIGNAL, s->now, p->pid);
	e->other = p->pid;
	e->reason = atom_name(&s->scn->atoms, reason);
	e->why = SIM_SIG_KILLED;
	e->sched = p->on_sched;
	if (reason == ATOM_KILL) {
		e = event_new(s, sc, SIM_EV_KILL, s->now, p->pid);
		e->other = p->pid;
		e->reason = atom_name(&s->scn->atoms, ATOM_KILLED);
		e->sched = p->on_sched;
		reason = ATOM_KILLED;
	}
	return exec_finish(s, p, sc, reason);
}

/* The pid of a target; false with c->error when a variable does not hold
** a pid. */
static bool target_pid(struct vctx *c, const struct target *t, uint32_t *pid)
{
	if (t->kind == TARGET_VAR)
		return value_pid(c, t->var, pid);
	*pid = proc_resolve(c->s, c->p, t);
	return true;
}

static enum exec_result exec_send(struct sim *s, struct proc *p, struct sched *sc,
                                  const struct op *op)
{
	uint32_t me = p->pid, to;
	struct vctx c = {s, p, ATOM_BADARG};
	const struct term *value = op->u.send.message;
	if (!target_pid(&c, &op->u.send.to, &to) ||
	    (op->u.send.value && !(value = value_eval(&c, op->u.send.value))))
		return crash(s, p, sc, c.error);
	struct signal sg = signal_make(SIG_MSG, me, to);
	sg.msg.kind = MSG_USER;
	sg.msg.from = me;
	sg.msg.value = value;
	struct sim_event *e = event_new(s, sc, SIM_EV_SEND, s->now, me);
	e->other = to;
	e->sched = p->on_sched >= 0 ? p->on_sched : p->sched;
	e->value = value;
	sg.ev_index = e == &sc->scratch ? UINT32_MAX : sc->nev - 1;
	put(sc, &sg);
	p->sent++;
	sc->sent++;
	return next(s, p, sc);
}

static bool case_matches(const struct scenario *scn, const struct recv_case *c, const struct msg *m)
{
	if (!c->match)
		return true;
	if (m->kind == MSG_USER)
		return term_match(c->match, m->value);
	return term_match_system(scn, c->match, m->kind == MSG_EXIT ? ATOM_EXIT_TAG : ATOM_DOWN_TAG,
	                        m->name, m->reason);
}

/* format 1.1: the base of the bindings a receive may make (value_mark),
** taken only when there is a message to try or an `after` (a receive that
** finds nothing new binds nothing: the relay blocked in its receive). */
static uint32_t receive_base(struct proc *p, const struct op *op)
{
	if (p->mbox.scanned < p->mbox.len || p->timed_out || op->u.receive.has_after)
		return value_mark(p);
	return 0;
}

/* Selective receive: the oldest message that matches any case (cases in
** order for each message) is taken.  Messages already rejected while
** blocked in this receive are not scanned again (BEAM's receive marker).
** `values` (format 1.1) is a constant in each of exec_receive's two
** calls, so a format-1 receive is compiled without the values code. */
static inline __attribute__((always_inline)) enum exec_result
receive(struct sim *s, struct proc *p, struct sched *sc, const struct op *op, const bool values)
{
	uint32_t me = p->pid;
	const struct oplist *body = NULL;
	uint32_t base = values ? receive_base(p, op) : 0;
	struct vctx vc = {s, p, ATOM_BADARG};
	for (uint32_t i = p->mbox.scanned; i < p->mbox.len && !body; i++) {
		const struct msg *m = mbox_at(&p->mbox, i);
		for (uint32_t c = 0; c < op->u.receive.ncases; c++) {
			const struct recv_case *rc = &op->u.receive.cases[c];
			if (values && (rc->binds || rc->when) ? !value_match(&vc, rc, m, base)
			                                      : !case_matches(s->scn, rc, m))
				continue;
			struct sim_event *e = event_new(s, sc, SIM_EV_RECEIVE, s->now, me);
			event_message(e, s, m);
			if (values && e != &sc->scratch)
				event_bindings(e, p, base, rc);
			e->other = m->from;
			e->sched = p->on_sched;
			p->last_sender = m->from;
			if (m->kind == MSG_USER)
				p->received++;
			mbox_remove(&p->mbox, i);
			mbox_taken(s, sc, 1);
			body = &op->u.receive.cases[c].body;
			break;
		}
	}
	if (!body && (p->timed_out || (op->u.receive.has_after && op->u.receive.after_ticks == 0))) {
		struct sim_event *e = event_new(s, sc, SIM_EV_TIMEOUT, s->now, me);
		e->sched = p->on_sched;
		body = &op->u.receive.after_body;
	}
	if (body) {
		p->mbox.scanned = 0;
		p->timed_out = false;
		if (p->timer_armed) {
			p->timer_armed = false;
			p->timer_gen++;
		}
		proc_top(p)->pc++;
		if (body->n)
			proc_push_frame(p, body, 0);
		if (values && body->n && pvars_get(p)->nbound > base)
			value_scope(p, base);      /* the pattern's variables, for the body */
		else if (values)
			value_unbind(p, base);
		exec_settle(p);
		return p->depth ? EXEC_CONTINUE : exec_finish(s, p, sc, ATOM_NORMAL);
	}
	p->mbox.scanned = p->mbox.len;
	if (op->u.receive.has_after && !p->timer_armed) {
		struct signal sg = signal_make(SIG_TIMER, me, me);
		sg.due = s->now + 1 + op->u.receive.after_ticks;
		sg.gen = ++p->timer_gen;
		p->timer_armed = true;
		put(sc, &sg);
	}
	p->state = SIM_PROC_WAITING;
	return EXEC_WAIT;
}

/*
** link to a process that does not exist: OTP 25's link/1 raises noproc at
** once when the check is cheap, "if PidOrPort is local and the caller does
** not trap exits" (erlang.xml, link/1), so the caller ends with noproc now.
** A trapping caller, or a target on another node, gets the link's noproc
** exit signal instead ("noproc is sent immediately if PidOrPort does not
** exist at the time of linking (if the caller is trapping exits or
** PidOrPort is remote)"): signal.c, deliver_link.  "Does not exist" is as
** of the last boundary (pt_gone): a target that exits in the link's own
** tick exited at the same time, and gets the signal path too.  Pid 0 (a
** name with no process yet) counts as local.
*/
static bool link_raises(const struct sim *s, const struct proc *p, uint32_t to)
{
	if (p->trap_exit || !pt_gone(s, to))
		return false;
	return !to || s->nnodes <= 1 || net_node_of_pid(s, to) == proc_node(s, p);
}

static enum exec_result exec_receive(struct sim *s, struct proc *p, struct sched *sc,
                                     const struct op *op)
{
	return s->scn->values ? receive(s, p, sc, op, true) : receive(s, p, sc, op, false);
}

static enum exec_result exec_peer(struct sim *s, struct proc *p, struct sched *sc,
                                  const struct op *op)
{
	uint32_t me = p->pid, to;
	struct vctx c = {s, p, ATOM_BADARG};
	if (!target_pid(&c, &op->u.peer, &to))
		return crash(s, p, sc, c.error);
	if (op->kind == OP_MONITOR) {
		if (to)
			pidset_push(&proc_ties(p)->watching, to);
		struct signal sg = signal_make(SIG_MONITOR, me, to);
		sg.name = op->u.peer.kind == TARGET_NAME ? op->u.peer.name : ATOM_NONE;
		if (op->u.peer.kind == TARGET_VAR)
			sg.name = pt_name(s, to, ATOM_NONE);
		put(sc, &sg);
		return next(s, p, sc);
	}
	if (to == me)
		return next(s, p, sc);  /* linking to or unlinking from oneself does nothing */
	if (op->kind == OP_LINK) {
		if (link_raises(s, p, to))
			return crash(s, p, sc, ATOM_NOPROC);
		if (to)
			pidset_add(&proc_ties(p)->links, to);
		struct signal sg = signal_make(SIG_LINK, me, to);
		sg.name = op->u.peer.kind == TARGET_NAME ? op->u.peer.name : ATOM_NONE;
		put(sc, &sg);
	} else {
		pidset_remove(PROC_TIES_OR_NULL(p, links), to);
		struct signal sg = signal_make(SIG_UNLINK, me, to);
		put(sc, &sg);
	}
	return next(s, p, sc);
}

/* set, if, foreach (format 1.1): one reduction each. */
static enum exec_result exec_value_op(struct sim *s, struct proc *p, struct sched *sc,
                                      const struct op *op)
{
	struct vctx c = {s, p, ATOM_BADARG};
	if (op->kind == OP_SET) {
		const struct term *v = value_eval(&c, &op->u.set.value);
		if (!v)
			return crash(s, p, sc, c.error);
		value_set(p, op->u.set.var, op->u.set.len, v, s->now);
		struct sim_event *e = event_new(s, sc, SIM_EV_SET, s->now, p->pid);
		e->sched = p->on_sched;
		e->name = op->u.set.var;
		e->value = v;
		return next(s, p, sc);
	}
	if (op->kind == OP_IF) {
		int r = value_cond(&c, &op->u.cond.cond);
		if (r < 0)
			return crash(s, p, sc, c.error);
		const struct oplist *body = r ? &op->u.cond.then : &op->u.cond.els;
		proc_top(p)->pc++;
		if (body->n)
			proc_push_frame(p, body, 0);
		exec_settle(p);
		return p->depth ? EXEC_CONTINUE : exec_finish(s, p, sc, ATOM_NORMAL);
	}
	const struct term *list = value_eval(&c, &op->u.each.in);
	if (!list || term_type(list) != TERM_ARRAY)
		return crash(s, p, sc, list ? ATOM_BADARG : c.error);
	if (term_count(list) == 0)
		return next(s, p, sc);
	value_foreach_start(p, op, list);
	exec_settle(p);
	return p->depth ? EXEC_CONTINUE : exec_finish(s, p, sc, ATOM_NORMAL);
}

/* An op whose count or reason is read from a variable: the constant it
** stands for, in a copy of the op; false with c->error. */
static bool resolve_var(struct vctx *c, const struct op *op, struct op *out)
{
	*out = *op;
	out->var = NULL;
	switch (op->kind) {
	case OP_WORK: case OP_NATIVE:
		return value_count(c, op->var, SCN_MAX_REDUCTIONS, &out->u.work.reductions) &&
		       (out->u.work.reductions > 0 || (c->error = ATOM_BADARG, false));
	case OP_SLEEP:
		return value_count(c, op->var, SCN_MAX_TICKS, &out->u.ticks);
	case OP_LOOP:
		return value_count(c, op->var, SCN_MAX_LOOP, &out->u.loop.times) &&
		       (out->u.loop.times > 0 || (c->error = ATOM_BADARG, false));
	case OP_CRASH:
		return value_reason(c, op->var, &out->u.reason);
	default:
		return value_reason(c, op->var, &out->u.exit.reason);
	}
}

enum exec_result exec_op(struct sim *s, struct proc *p, struct sched *sc, bool on_dirty,
                                const struct op *op)
{
	uint32_t me = p->pid;
	struct op resolved;
	const struct oplist *loop_body = &op->u.loop.body;   /* frames point into the scenario */
	if (op->var && !(p->op_left && (op->kind == OP_WORK || op->kind == OP_NATIVE))) {
		struct vctx c = {s, p, ATOM_BADARG};
		if (!resolve_var(&c, op, &resolved))
			return crash(s, p, sc, c.error);
		op = &resolved;
	}
	switch (op->kind) {
	case OP_NATIVE:
		if (op->u.work.dirty && !on_dirty) {
			p->op_left = op->u.work.reductions;   /* this reduction is the call itself */
			return EXEC_DIRTY;
		}
		/* fall through */
	case OP_WORK:
		if (p->op_left == 0)
			p->op_left = op->u.work.reductions;
		if (--p->op_left > 0)
			return EXEC_CONTINUE;
		if (on_dirty) {
			proc_top(p)->pc++;
			exec_settle(p);
			return p->depth ? EXEC_DIRTY_DONE : exec_finish(s, p, sc, ATOM_NORMAL);
		}
		return next(s, p, sc);
	case OP_SEND:
		return exec_send(s, p, sc, op);
	case OP_RECEIVE:
		return exec_receive(s, p, sc, op);
	case OP_SPAWN: {
		struct signal sg = signal_make(SIG_SPAWN, me, 0);
		sg.spec = &s->scn->templates[op->u.spawn.tmpl];
		sg.names = op->u.spawn.names;
		sg.nnames = op->u.spawn.nnames;
		sg.link = op->u.spawn.link;
		sg.monitor = op->u.spawn.monitor;
		sg.node = op->u.spawn.node;
		put(sc, &sg);
		return next(s, p, sc);
	}
	case OP_MONITOR_NODE: {
		struct signal sg = signal_make(SIG_MONITOR_NODE, me, me);
		sg.node = (int32_t)op->u.node;
		put(sc, &sg);
		return next(s, p, sc);
	}
	case OP_LINK:
	case OP_UNLINK:
	case OP_MONITOR:
		return exec_peer(s, p, sc, op);
	case OP_SET:
	case OP_IF:
	case OP_FOREACH:
		return exec_value_op(s, p, sc, op);
	case OP_TRAP_EXIT:
		p->trap_exit = op->u.trap;
		return next(s, p, sc);
	case OP_SLEEP: {
		struct signal sg = signal_make(SIG_TIMER, me, me);
		sg.due = s->now + 1 + op->u.ticks;
		sg.gen = ++p->timer_gen;
		put(sc, &sg);
		proc_top(p)->pc++;   /* settled when it wakes up */
		p->state = SIM_PROC_SLEEPING;
		return EXEC_SLEEP;
	}
	case OP_CRASH: {
		struct sim_event *e = event_new(s, sc, SIM_EV_CRASH, s->now, me);
		e->reason = atom_name(&s->scn->atoms, op->u.reason);
		e->sched = p->on_sched;
		return exec_finish(s, p, sc, op->u.reason);
	}
	case OP_EXIT:
		if (!op->u.exit.has_to)
			return exec_finish(s, p, sc, op->u.exit.reason);
		{
			uint32_t to;
			struct vctx c = {s, p, ATOM_BADARG};
			if (!target_pid(&c, &op->u.exit.to, &to))
				return crash(s, p, sc, c.error);
			if (to == me && (!p->trap_exit || op->u.exit.reason == ATOM_KILL))
				return exit_self(s, p, sc, op->u.exit.reason);
			struct signal sg = signal_make(SIG_EXIT, me, to);
			sg.reason = op->u.exit.reason;
			put(sc, &sg);
		}
		return next(s, p, sc);
	case OP_LOOP:
		proc_top(p)->pc++;
		proc_push_frame(p, loop_body,
		                op->u.loop.times == LOOP_FOREVER ? FRAME_FOREVER
		                                                 : (uint32_t)(op->u.loop.times - 1));
		exec_settle(p);
		return p->depth ? EXEC_CONTINUE : exec_finish(s, p, sc, ATOM_NORMAL);
	case OP_KIND_COUNT:
		break;
	}
	BEAMSIM_ASSERT(!"an op kind the loader never makes");
	return EXEC_CONTINUE;   /* not reached */
}

/* True while p is inside a native call that may not be preempted. */
bool exec_in_native(const struct proc *p)
{
	if (p->depth == 0 || p->op_left == 0)
		return false;
	const struct frame *f = &proc_frames_c(p)[p->depth - 1];
	return f->pc < f->ops->n && f->ops->ops[f->pc].kind == OP_NATIVE;
}
