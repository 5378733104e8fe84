/*
** sup.c - supervisors, after OTP's supervisor behaviour
** (system/doc/design_principles/sup_princ.md).
**
** A supervisor is a process that traps exits, starts its children in
** order (linked), and then handles one ["EXIT", Child, Reason] message per
** reduction.  The restart decision, the strategy and the intensity check
** run in the tick phase on the supervisor's own state; starting and
** terminating children are signals applied at the boundary: terminations
** first, in reverse start order, then the restarts in start order.
*/
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* Starts the children of the supervisor `pid`, which was just created. */
bool sup_init(struct sim *s, uint32_t pid)
{
	const struct sup_spec *spec = proc_at(s, pid)->spec->sup;
	struct sup_state *st = calloc(1, sizeof *st);
	if (!st)
		return false;
	st->spec = spec;
	st->parent = pid;                /* its own parent until a linking spawner says */
	uint32_t n = 0;
	for (uint32_t i = 0; i < spec->nchildren; i++)
		n += spec->children[i].nnames;
	st->children = n ? calloc(n, sizeof *st->children) : NULL;
	if (n && !st->children) {
		sup_free(st);
		return false;
	}
	for (uint32_t i = 0; i < spec->nchildren; i++)
		for (uint32_t k = 0; k < spec->children[i].nnames; k++) {
			st->children[st->nchildren].spec = &spec->children[i];
			st->children[st->nchildren].name = spec->children[i].names[k];
			st->nchildren++;
		}
	proc_at(s, pid)->sup = st;
	for (uint32_t i = 0; i < st->nchildren; i++) {
		uint32_t child = proc_spawn(s, st->children[i].spec, st->children[i].name, pid, -1);
		if (!child)
			break;             /* system_limit: the rest are not started */
		struct proc *sp = proc_at(s, pid), *cp = proc_at(s, child);
		st->children[i].pid = child;
		if (s->nnodes > 1 && net_spawn_cut(s, sp, cp, -1, true, false))
			continue;
		pidset_push(&proc_ties(sp)->links, child);    /* new: no duplicate */
		pidset_push(&proc_ties(cp)->links, pid);
		sup_set_parent(cp, pid);
	}
	return true;
}

void sup_free(struct sup_state *st)
{
	if (!st)
		return;
	free(st->children);
	free(st->rtick);
	free(st);
}

/* {=== the restart window: a ring of restart times, oldest first ===} */

/* Copies the rlen times of st, oldest first, into a new array of `cap`
** slots (cap >= rlen, a power of two); NULL on ENOMEM. */
static uint64_t *ring_linear(const struct sup_state *st, uint32_t cap)
{
	uint64_t *v = malloc((size_t)cap * sizeof *v);
	if (!v)
		return NULL;
	for (uint32_t i = 0; i < st->rlen; i++)
		v[i] = st->rtick[(st->rhead + i) & (st->rcap - 1)];
	return v;
}

/* Moves the times to an array of `cap` slots; false on ENOMEM (st unchanged). */
static bool ring_resize(struct sup_state *st, uint32_t cap)
{
	uint64_t *v = ring_linear(st, cap);
	if (!v)
		return false;
	free(st->rtick);
	st->rtick = v;
	st->rhead = 0;
	st->rcap = cap;
	return true;
}

static uint64_t ring_oldest(const struct sup_state *st)
{
	return st->rtick[st->rhead];
}

static void ring_drop_oldest(struct sup_state *st)
{
	st->rhead = (st->rhead + 1) & (st->rcap - 1);
	st->rlen--;
}

/* Appends t (the newest time); aborts on ENOMEM (tick phase). */
static void ring_push(struct sup_state *st, uint64_t t)
{
	if (st->rlen == st->rcap && !ring_resize(st, st->rcap ? 2 * st->rcap : 4))
		engine_oom();
	st->rtick[(st->rhead + st->rlen++) & (st->rcap - 1)] = t;
}

/* Gives back the slots of times that aged out: half, when three quarters
** are empty (a shrink that fails keeps the larger ring). */
static void ring_trim(struct sup_state *st)
{
	if (st->rcap > 4 && st->rlen < st->rcap / 4)
		(void)ring_resize(st, st->rcap / 2);
}

size_t sup_memory(const struct sup_state *st)
{
	return sizeof *st + (size_t)st->nchildren * sizeof *st->children +
	       (size_t)st->rcap * sizeof *st->rtick;
}

struct sup_state *sup_clone(const struct sup_state *st)
{
	struct sup_state *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	*c = *st;
	c->children = st->nchildren ? malloc(st->nchildren * sizeof *c->children) : NULL;
	c->rtick = st->rcap ? ring_linear(st, st->rcap) : NULL;
	c->rhead = 0;
	if ((st->nchildren && !c->children) || (st->rcap && !c->rtick)) {
		sup_free(c);
		return NULL;
	}
	if (st->nchildren)
		memcpy(c->children, st->children, st->nchildren * sizeof *c->children);
	return c;
}

/* Boundary: a restarted child has been created with `pid`. */
void sup_child_started(struct sim *s, struct proc *sup, uint32_t index, uint32_t pid)
{
	if (!sup->sup || index >= sup->sup->nchildren)
		return;
	sup->sup->children[index].pid = pid;
	struct sim_event *e = event_new(s, NULL, SIM_EV_RESTART, s->now, sup->pid);
	e->other = pid;
}

static bool wants_restart(const struct sup_child *c, atom_t reason)
{
	switch (c->spec->restart) {
	case RESTART_PERMANENT: return true;
	case RESTART_TRANSIENT: return reason != ATOM_NORMAL && reason != ATOM_SHUTDOWN;
	case RESTART_TEMPORARY: return false;
	}
	BEAMSIM_ASSERT(!"a restart type the loader never makes");
	return false;   /* not reached */
}

/*
** Records a restart at `now`; returns false when more than `intensity`
** restarts fall within the period.  OTP's add_restart (supervisor.erl)
** keeps the restarts R with R >= Now - Period (can_restart), adds Now,
** and terminates when the list is longer than the intensity: a restart
** at tick t still counts at now = t + period.  Times only
** grow, so the restarts that aged out are always the oldest: they leave
** from the front of the ring, and the ring holds only the window (at
** most intensity+1 times: the supervisor exits when it overflows).
** `restarts` counts the restarts actually made.
*/
static bool add_restart(struct sup_state *st, uint64_t now)
{
	while (st->rlen && ring_oldest(st) + st->spec->period < now)
		ring_drop_oldest(st);
	if (st->rlen > st->spec->intensity)       /* keep the newest intensity+1 */
		ring_drop_oldest(st);
	ring_trim(st);
	ring_push(st, now);
	if (st->rlen > st->spec->intensity)
		return false;
	st->restarts++;
	return true;
}

/* {=== stopping children: supervisor.erl, terminate_children and shutdown ===} */

enum sup_stop_then { SUP_THEN_NONE, SUP_THEN_RESTART, SUP_THEN_EXIT };

/* The shutdown of a child spec with OTP's defaults resolved. */
static uint64_t child_shutdown(const struct spec *spec)
{
	if (spec->shutdown != SPEC_SHUTDOWN_DEFAULT)
		return spec->shutdown;
	return spec->sup ? SPEC_SHUTDOWN_INFINITY : 5000;
}

/* Removes the first message of `kind` from `from`; false if there is none. */
static bool take_msg(struct sim *s, struct proc *sup, struct sched *sc, uint8_t kind,
                     uint32_t from, struct msg *out)
{
	for (uint32_t i = 0; i < sup->mbox.len; i++) {
		const struct msg *m = mbox_at(&sup->mbox, i);
		if (m->kind == kind && m->from == from) {
			if (out)
				*out = *m;
			mbox_remove(&sup->mbox, i);
			mbox_taken(s, sc, 1);
			return true;
		}
	}
	return false;
}

/*
** Starts stopping child c (OTP 25's supervisor.erl shutdown/1): the
** supervisor monitors the child, then sends it exit(Child, shutdown), or
** exit(Child, kill) for brutal_kill, and waits for the DOWN; when the
** shutdown time runs out first, sup_timer kills it.  The link stays until
** the DOWN has come (unlink_flush, in stop_wait): a supervisor that dies
** while it waits (killed by someone else) takes the child down with it,
** or gives a trapping child its EXIT (seed 236 of the oracle).  A child
** that has exited and whose EXIT is already in the mailbox: the EXIT is
** taken and there is nothing to wait for (returns false; OTP's DOWN
** would say noproc at once).  An EXIT from a child that is still alive
** (it ran exit(Sup, Reason) itself) does not spare it: OTP 25's
** shutdown/1 looks at no EXIT before the DOWN (seed 483 of the oracle:
** c2 stayed alive, unlinked, after g0 had given up).  "Exited" is as of
** the last boundary (pt_gone), so that the threads executor, where the
** child may be ending on another scheduler now, decides the same.
*/
static bool stop_child(struct sim *s, struct proc *sup, struct sched *sc, uint32_t index)
{
	struct sup_state *st = sup->sup;
	struct sup_child *c = &st->children[index];
	if (pt_gone(s, c->pid) && take_msg(s, sup, sc, MSG_EXIT, c->pid, NULL)) {
		pidset_remove(PROC_TIES_OR_NULL(sup, links), c->pid);
		c->pid = 0;
		return false;
	}
	uint64_t shutdown = child_shutdown(c->spec);
	pidset_push(&proc_ties(sup)->watching, c->pid);
	struct signal sg = signal_make(SIG_SHUTDOWN, sup->pid, c->pid);
	sg.reason = shutdown == SPEC_SHUTDOWN_BRUTAL ? ATOM_KILL : ATOM_SHUTDOWN;
	sigbuf_push(&sc->out, &sg);
	st->stopping = c->pid;
	st->stop_index = index;
	st->stop_deadline = UINT64_MAX;
	if (shutdown == SPEC_SHUTDOWN_BRUTAL) {
		st->stop_deadline = s->now + 1;       /* killed as the signal arrives */
	} else if (shutdown != SPEC_SHUTDOWN_INFINITY) {
		st->stop_deadline = s->now + 1 + shutdown;
		struct signal tm = signal_make(SIG_TIMER, sup->pid, sup->pid);
		tm.due = st->stop_deadline;
		tm.gen = ++sup->timer_gen;
		sigbuf_push(&sc->out, &tm);
	}
	return true;
}

static void start_child(struct sim *s, struct proc *sup, struct sched *sc, uint32_t index)
{
	struct sup_child *c = &sup->sup->children[index];
	struct signal sg = signal_make(SIG_SPAWN, sup->pid, 0);
	sg.spec = c->spec;
	sg.name = c->name;
	sg.link = true;
	sg.sup_child = index;
	/* "nodes": the first one up and reachable from the supervisor now */
	sg.node = net_spec_node(s, c->spec, (int32_t)proc_node(s, sup));
	sigbuf_push(&sc->out, &sg);
}

/*
** Goes on stopping children, the next one down from stop_at; when one
** must be waited for, returns EXEC_WAIT.  When all are stopped: a
** restart starts the children from stop_low on, in order, except the
** temporary ones it stopped (OTP removes them); an exit ends the
** supervisor.
*/
static enum exec_result stop_next(struct sim *s, struct proc *sup, struct sched *sc)
{
	struct sup_state *st = sup->sup;
	while (st->stop_at > st->stop_low) {
		uint32_t i = --st->stop_at;
		struct sup_child *c = &st->children[i];
		if (i == st->stop_skip || !c->pid)
			continue;
		if (st->stop_then == SUP_THEN_RESTART && c->spec->restart == RESTART_TEMPORARY)
			c->removed = true;
		if (stop_child(s, sup, sc, i))
			return EXEC_WAIT;
	}
	enum sup_stop_then then = (enum sup_stop_then)st->stop_then;
	st->stop_then = SUP_THEN_NONE;
	if (then == SUP_THEN_EXIT) {
		proc_exit(s, sup, st->stop_reason, sc, s->now + 1);
		return EXEC_EXITED;
	}
	for (uint32_t i = st->stop_low; i < st->nchildren; i++)
		if (!st->children[i].removed)
			start_child(s, sup, sc, i);
	return EXEC_CONTINUE;
}

/* Stops the running children from the last down to `low` (except `skip`,
** UINT32_MAX for none), then restarts from `low` or exits with `reason`. */
static enum exec_result stop_children(struct sim *s, struct proc *sup, struct sched *sc,
                                      uint32_t low, uint32_t skip, enum sup_stop_then then,
                                      atom_t reason)
{
	struct sup_state *st = sup->sup;
	st->stop_at = st->nchildren;
	st->stop_low = low;
	st->stop_skip = skip;
	st->stop_then = (uint8_t)then;
	st->stop_reason = reason;
	return stop_next(s, sup, sc);
}

/* The supervisor waits for the DOWN of the child it stops: takes it, then
** unlinks and takes the child's EXIT (unlink_flush), then goes on with the
** next child. */
static enum exec_result stop_wait(struct sim *s, struct proc *sup, struct sched *sc)
{
	struct sup_state *st = sup->sup;
	struct msg m;
	if (!take_msg(s, sup, sc, MSG_DOWN, st->stopping, &m))
		return EXEC_WAIT;
	struct sim_event *e = event_new(s, sc, SIM_EV_RECEIVE, s->now, sup->pid);
	event_message(e, s, &m);
	e->other = m.from;
	e->sched = sup->on_sched;
	pidset_remove(PROC_TIES_OR_NULL(sup, links), st->stopping);
	take_msg(s, sup, sc, MSG_EXIT, st->stopping, NULL);
	st->children[st->stop_index].pid = 0;
	st->stopping = 0;
	if (st->stop_deadline != UINT64_MAX)
		sup->timer_gen++;                     /* cancels the kill timer */
	st->stop_deadline = 0;
	return stop_next(s, sup, sc);
}

void sup_timer(struct sim *s, struct proc *sup)
{
	struct sup_state *st = sup->sup;
	if (!st->stopping || st->stop_deadline > s->now)
		return;
	struct proc *c = proc_get(s, st->stopping);
	if (c && c->state != SIM_PROC_EXITED)
		signal_exit(s, sup->pid, sup->name, c, ATOM_KILL, false);
}

void sup_set_parent(struct proc *sup, uint32_t parent)
{
	if (sup->sup)
		sup->sup->parent = parent;
}

uint32_t sup_stopping_by(const struct sim *s, const struct proc *p, uint64_t *deadline)
{
	const struct proc *sup = proc_get(s, p->parent);
	if (p->state == SIM_PROC_EXITED || !sup || !sup->sup || sup->state == SIM_PROC_EXITED ||
	    sup->sup->stopping != p->pid)
		return 0;
	*deadline = sup->sup->stop_deadline;
	return sup->pid;
}

/* {=== handling an EXIT ===} */

static enum exec_result child_exited(struct sim *s, struct proc *sup, struct sched *sc,
                                     uint32_t i, atom_t reason)
{
	struct sup_state *st = sup->sup;
	struct sup_child *c = &st->children[i];
	c->pid = 0;
	if (!wants_restart(c, reason)) {
		if (c->spec->restart == RESTART_TEMPORARY)
			c->removed = true;
		return EXEC_CONTINUE;
	}
	if (!add_restart(st, s->now + 1)) {
		/* OTP: {shutdown, State} -> terminate(shutdown): every child. */
		struct sim_event *e = event_new(s, sc, SIM_EV_SUP_GIVEUP, s->now, sup->pid);
		e->reason = atom_name(&s->scn->atoms, ATOM_SHUTDOWN);
		return stop_children(s, sup, sc, 0, UINT32_MAX, SUP_THEN_EXIT, ATOM_SHUTDOWN);
	}
	switch (st->spec->strategy) {
	case SUP_ONE_FOR_ONE: start_child(s, sup, sc, i); break;
	case SUP_ONE_FOR_ALL: return stop_children(s, sup, sc, 0, i, SUP_THEN_RESTART, ATOM_NONE);
	case SUP_REST_FOR_ONE: return stop_children(s, sup, sc, i, i, SUP_THEN_RESTART, ATOM_NONE);
	}
	return EXEC_CONTINUE;
}

/* An EXIT message: from its parent it ends the supervisor (gen_server's
** parent rule: it stops its children, then exits with the same reason);
** from a child it may restart; from anyone else it is ignored. */
static enum exec_result handle_exit(struct sim *s, struct proc *sup, struct sched *sc,
                                    const struct msg *m)
{
	struct sup_state *st = sup->sup;
	if (m->from == st->parent)
		return stop_children(s, sup, sc, 0, UINT32_MAX, SUP_THEN_EXIT, m->reason);
	for (uint32_t i = 0; i < st->nchildren; i++)
		if (st->children[i].pid == m->from && m->from)
			return child_exited(s, sup, sc, i, m->reason);
	return EXEC_CONTINUE;
}

/* One message per reduction.  EXEC_CONTINUE when more are waiting to be
** handled, EXEC_WAIT (state WAITING) when the supervisor waits. */
static enum exec_result sup_handle(struct sim *s, struct proc *sup, struct sched *sc)
{
	if (sup->sup->stopping)
		return stop_wait(s, sup, sc);
	if (sup->mbox.len == 0)
		return EXEC_WAIT;
	struct msg m = *mbox_at(&sup->mbox, 0);
	mbox_remove(&sup->mbox, 0);
	mbox_taken(s, sc, 1);
	struct sim_event *e = event_new(s, sc, SIM_EV_RECEIVE, s->now, sup->pid);
	event_message(e, s, &m);
	e->other = m.from;
	e->sched = sup->on_sched;
	if (m.kind == MSG_USER)
		sup->received++;
	return m.kind == MSG_EXIT ? handle_exit(s, sup, sc, &m) : EXEC_CONTINUE;
}

enum exec_result sup_reduction(struct sim *s, struct proc *sup, struct sched *sc)
{
	enum exec_result r = sup_handle(s, sup, sc);
	if (r == EXEC_CONTINUE && (sup->sup->stopping || sup->mbox.len == 0))
		r = EXEC_WAIT;
	if (r == EXEC_WAIT)
		sup->state = SIM_PROC_WAITING;
	return r;
}
