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
		pidset_push(&proc_ties(sp)->links, child);    /* new: no duplicate */
		pidset_push(&proc_ties(cp)->links, pid);
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
** restarts fall within the last `period` ticks.  OTP's add_restart
** (supervisor.erl) keeps the restarts still inside the period, adds Now,
** and terminates when the list is longer than the intensity.  Times only
** grow, so the restarts that aged out are always the oldest: they leave
** from the front of the ring, and the ring holds only the window (at
** most intensity+1 times: the supervisor exits when it overflows).
** `restarts` counts the restarts actually made.
*/
static bool add_restart(struct sup_state *st, uint64_t now)
{
	while (st->rlen && ring_oldest(st) + st->spec->period <= now)
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

static void terminate_child(struct proc *sup, struct sched *sc, struct sup_child *c)
{
	if (!c->pid)
		return;
	uint32_t me = sup->pid;
	pidset_remove(PROC_TIES_OR_NULL(sup, links), c->pid);
	struct signal sg = signal_make(SIG_SHUTDOWN, me, c->pid);
	sg.reason = ATOM_SHUTDOWN;
	sigbuf_push(&sc->out, &sg);
	c->pid = 0;
}

static void start_child(struct proc *sup, struct sched *sc, uint32_t index)
{
	struct sup_child *c = &sup->sup->children[index];
	struct signal sg = signal_make(SIG_SPAWN, sup->pid, 0);
	sg.spec = c->spec;
	sg.name = c->name;
	sg.link = true;
	sg.sup_child = index;
	sigbuf_push(&sc->out, &sg);
}

/* Terminates the running children from the last down to `first`, then
** (re)starts the children from `first` on, in order.  A temporary child
** that was terminated is not restarted (OTP). */
static void restart_from(struct proc *sup, struct sched *sc, uint32_t first, uint32_t failed)
{
	struct sup_state *st = sup->sup;
	for (uint32_t i = st->nchildren; i-- > first;)
		if (i != failed && st->children[i].pid) {
			terminate_child(sup, sc, &st->children[i]);
			if (st->children[i].spec->restart == RESTART_TEMPORARY)
				st->children[i].removed = true;
		}
	for (uint32_t i = first; i < st->nchildren; i++)
		if (!st->children[i].removed)
			start_child(sup, sc, i);
}

static void shutdown_all(struct proc *sup, struct sched *sc)
{
	struct sup_state *st = sup->sup;
	for (uint32_t i = st->nchildren; i-- > 0;)
		terminate_child(sup, sc, &st->children[i]);
}

static void child_exited(struct sim *s, struct proc *sup, struct sched *sc, uint32_t i,
                         atom_t reason)
{
	struct sup_state *st = sup->sup;
	struct sup_child *c = &st->children[i];
	c->pid = 0;
	if (!wants_restart(c, reason)) {
		if (c->spec->restart == RESTART_TEMPORARY)
			c->removed = true;
		return;
	}
	if (!add_restart(st, s->now + 1)) {
		struct sim_event *e = event_new(s, sc, SIM_EV_SUP_GIVEUP, s->now, sup->pid);
		e->reason = atom_name(&s->scn->atoms, ATOM_SHUTDOWN);
		shutdown_all(sup, sc);
		return;
	}
	switch (st->spec->strategy) {
	case SUP_ONE_FOR_ONE: start_child(sup, sc, i); break;
	case SUP_ONE_FOR_ALL: restart_from(sup, sc, 0, i); break;
	case SUP_REST_FOR_ONE: restart_from(sup, sc, i, i); break;
	}
}

enum exec_result sup_reduction(struct sim *s, struct proc *sup, struct sched *sc)
{
	if (sup->mbox.len == 0) {
		sup->state = SIM_PROC_WAITING;
		return EXEC_WAIT;
	}
	struct msg m = *mbox_at(&sup->mbox, 0);
	mbox_remove(&sup->mbox, 0);
	mbox_taken(s, sc, 1);
	struct sim_event *e = event_new(s, sc, SIM_EV_RECEIVE, s->now, sup->pid);
	event_message(e, s, &m);
	e->other = m.from;
	e->sched = sup->on_sched;
	if (m.kind == MSG_USER)
		sup->received++;
	if (m.kind == MSG_EXIT) {
		struct sup_state *st = sup->sup;
		if (m.from && m.from == sup->parent) {
			/* Its parent ends it: terminate the children, exit likewise. */
			shutdown_all(sup, sc);
			proc_exit(s, sup, m.reason, sc, s->now + 1);
			return EXEC_EXITED;
		}
		for (uint32_t i = 0; i < st->nchildren; i++)
			if (st->children[i].pid == m.from && m.from) {
				child_exited(s, sup, sc, i, m.reason);
				break;
			}
		if (st->rlen > st->spec->intensity) {
			proc_exit(s, sup, ATOM_SHUTDOWN, sc, s->now + 1);
			return EXEC_EXITED;
		}
	}
	if (sup->mbox.len == 0) {
		sup->state = SIM_PROC_WAITING;
		return EXEC_WAIT;
	}
	return EXEC_CONTINUE;
}
