/* proc.c - the process table: creation, exit, links and name lookup. */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "value.h"

_Static_assert(sizeof(void *) != 8 || sizeof(struct proc) == 160,
               "struct proc grew: it costs every process of a run (docs/performance.md)");

/* Pushes a block; the first lives inline, a deeper stack moves to the heap.
** The loader bounds nesting, so depth never passes SIM_MAX_DEPTH. */
void proc_push_frame(struct proc *p, const struct oplist *ops, uint32_t iter_left)
{
	struct frame f = { ops, 0, iter_left };
	BEAMSIM_ASSERT(p->depth < SIM_MAX_DEPTH);
	if (!p->stack && p->depth == 0) {
		p->inl = f;
		p->depth = 1;
		return;
	}
	if (!p->stack || p->depth == p->stack_cap) {
		uint32_t cap = p->stack ? 2u * p->stack_cap : 4u;
		if (cap > SIM_MAX_DEPTH)
			cap = SIM_MAX_DEPTH;
		struct frame *v = realloc(p->stack, cap * sizeof *v);
		if (!v)
			engine_oom();
		if (!p->stack)
			v[0] = p->inl;
		p->stack = v;
		p->stack_cap = (uint8_t)cap;
	}
	p->stack[p->depth++] = f;
}

/* {=== pid sets: small unordered arrays ===} */

static const struct proc_ties no_ties;

struct proc_ties *proc_ties(struct proc *p)
{
	if (!p->ties && !(p->ties = calloc(1, sizeof *p->ties)))
		engine_oom();
	return p->ties;
}

const struct proc_ties *proc_ties_c(const struct proc *p)
{
	return p->ties ? p->ties : &no_ties;
}

bool pidset_has(const struct pidset *set, uint32_t pid)
{
	const uint32_t *v = pidset_pids_c(set);
	for (uint32_t i = 0; i < set->n; i++)
		if (v[i] == pid)
			return true;
	return false;
}

void pidset_push(struct pidset *set, uint32_t pid)
{
	if (set->cap == 0 && set->n < PIDSET_INLINE) {
		set->inl[set->n++] = pid;
		return;
	}
	if (set->cap == 0) {                   /* inline and full: move to the heap */
		uint32_t *v = malloc(2 * PIDSET_INLINE * sizeof *v);
		if (!v)
			engine_oom();
		memcpy(v, set->inl, sizeof set->inl);
		set->heap = v;
		set->cap = 2 * PIDSET_INLINE;
	}
	if (!VEC_PUSH(set->heap, set->n, set->cap, pid))
		engine_oom();
}

bool pidset_add(struct pidset *set, uint32_t pid)
{
	if (pidset_has(set, pid))
		return false;
	pidset_push(set, pid);
	return true;
}

bool pidset_remove(struct pidset *set, uint32_t pid)
{
	if (!set)
		return false;
	uint32_t *v = pidset_pids(set);
	/* From the newest: a supervisor stops its children newest first, so
	** each removal from its 10^5 links is one compare, not a scan (which
	** occurrence of a repeated pid goes does not change the set). */
	for (uint32_t i = set->n; i-- > 0;) {
		if (v[i] == pid) {
			memmove(&v[i], &v[i + 1], (size_t)(set->n - i - 1) * sizeof *v);
			set->n--;
			return true;
		}
	}
	return false;
}

void pidset_free(struct pidset *set)
{
	if (set->cap)
		free(set->heap);
	memset(set, 0, sizeof *set);
}

void proc_ties_free(struct proc_ties *t)
{
	if (!t)
		return;
	pidset_free(&t->links);
	pidset_free(&t->watchers);
	pidset_free(&t->watching);
	pvars_free(t->vars);
	free(t);
}

/* Resolves a target as seen by process p: a name means the newest process
** of that name, dead or alive.  Returns 0 when there is none. */
uint32_t proc_resolve(const struct sim *s, const struct proc *p, const struct target *t)
{
	switch (t->kind) {
	case TARGET_SELF: return p->pid;
	case TARGET_PARENT: return p->parent;
	case TARGET_SENDER: return p->last_sender;
	case TARGET_NAME: return s->registry[t->name];
	case TARGET_VAR: return 0;   /* read by exec.c (target_pid), never here */
	}
	BEAMSIM_ASSERT(!"a target kind the loader never makes");
	return 0;   /* not reached */
}

/* The node: the one net_spawn_node asks for, but the parent's when the
** parent's node cannot reach it (net_spawn_cut ends the process there).
** The scheduler, within that node: the spec's (modulo its count), else
** the parent's when it is on the node, else round robin. */
static int32_t initial_sched(struct sim *s, const struct spec *spec, uint32_t parent, int32_t node)
{
	struct proc *pp = proc_get(s, parent);
	uint32_t first = 0, cnt = s->cfg.schedulers;
	if (s->scn->nnodes) {
		uint32_t at = net_spawn_node(s, spec, pp, node);
		if (pp && !net_reachable(s, proc_node(s, pp), at))
			at = proc_node(s, pp);
		first = s->scn->nodes[at].first_sched;
		cnt = s->scn->nodes[at].schedulers;
		if (pp && proc_node(s, pp) != at)
			pp = NULL;
	}
	if (spec->scheduler >= 0)
		return (int32_t)(first + (uint32_t)spec->scheduler % cnt);
	if (pp)
		return pp->sched;
	return (int32_t)(first + s->rr++ % cnt);
}

/*
** Creates a process from spec, named `name`, at the current boundary.
** `node` >= 0 places it on that node; < 0 picks the default (see
** initial_sched).  A supervisor starts its children at once, in order.
** Returns the new pid, or 0 when max_procs (SIM_MAX_PROCESSES) pids exist
** already: that refusal is a SIM_EV_LIMIT event.
*/
uint32_t proc_spawn(struct sim *s, const struct spec *spec, atom_t name, uint32_t parent,
                    int32_t node)
{
	if (s->nprocs >= s->max_procs) {
		/* BEAM's spawn raises system_limit in the spawner; the spawner may
		** have exited since it sent the spawn, so the refusal is always
		** an event of its own. */
		struct sim_event *e = event_new(s, NULL, SIM_EV_LIMIT, s->now, parent);
		e->text = "max_processes";
		e->reason = atom_name(&s->scn->atoms, ATOM_SYSTEM_LIMIT);
		e->name = atom_name(&s->scn->atoms, name);
		e->sched = -1;
		s->spawn_failed++;
		return 0;
	}
	int32_t sched = initial_sched(s, spec, parent, node);
	struct proc *p = pt_alloc(s);
	uint32_t pid = p->pid;
	p->name = name;
	p->incarnation = ++s->incarnations[name];
	p->parent = parent;
	p->spec = spec;
	p->priority = (uint8_t)spec->priority;
	p->trap_exit = spec->trap_exit;
	p->sched = sched;
	p->on_sched = -1;
	p->on_dirty = -1;
	p->spawn_tick = s->now;
	s->registry[name] = pid;
	s->live++;
	if (spec->sup)
		s->pages[(pid - 1) >> s->page_shift].nsup++;

	struct sim_event *e = event_new(s, NULL, SIM_EV_SPAWN, s->now, pid);
	e->other = parent;
	e->sched = sched;

	if (spec->sup) {
		p->trap_exit = true;              /* supervisors trap exits (OTP) */
		p->state = SIM_PROC_WAITING;
		if (!sup_init(s, pid))
			engine_oom();
		return pid;
	}
	proc_push_frame(p, &spec->program, 0);
	if (spec->state)
		pvars_start(p, spec->state);
	runq_enqueue(s, p);
	return pid;
}

/*
** Ends process p with `reason` at time `at`: sends an exit signal over
** every link and a DOWN message to every monitoring process (through
** `out`), and frees what only a live process needs.  The caller has
** already taken p off any scheduler or queue.  A process whose node
** halted (p->halted, set by net_node_down) keeps no exit reason and its
** EXIT event has none (reason NULL); its remaining ties all lead to
** processes of its own node, which end with it in the same boundary, so
** what it sends over them is never delivered.
*/
void proc_exit(struct sim *s, struct proc *p, atom_t reason, struct sched *sc, uint64_t at)
{
	struct sigbuf *out = sc ? &sc->out : &s->pending;
	uint32_t pid = p->pid;
	p->state = SIM_PROC_EXITED;
	p->exit_reason = p->halted ? ATOM_NONE : reason;
	p->exit_tick = at;
	p->timer_gen++;
	if (sc) {
		sc->exited = pid;       /* counted down at the boundary (pt_exited) */
	} else {
		s->live--;
		pt_exited(s, pid);
	}

	const struct proc_ties *t = proc_ties_c(p);
	for (uint32_t i = 0; i < t->links.n; i++) {
		struct signal sg = signal_make(SIG_LINK_EXIT, pid, pidset_pids_c(&t->links)[i]);
		sg.reason = reason;
		sigbuf_push(out, &sg);
	}
	for (uint32_t i = 0; i < t->watchers.n; i++) {
		struct signal sg = signal_make(SIG_MSG, pid, pidset_pids_c(&t->watchers)[i]);
		sg.msg.kind = MSG_DOWN;
		sg.msg.from = pid;
		sg.msg.name = p->name;
		sg.msg.reason = reason;
		sigbuf_push(out, &sg);
	}
	for (uint32_t i = 0; i < t->watching.n; i++) {
		struct signal sg = signal_make(SIG_DEMONITOR, pid, pidset_pids_c(&t->watching)[i]);
		sigbuf_push(out, &sg);
	}
	if (p->ties && p->ties->vars) {   /* the variables stay: the summary shows them */
		pidset_free(&p->ties->links);
		pidset_free(&p->ties->watchers);
		pidset_free(&p->ties->watching);
	} else {
		proc_ties_free(p->ties);
		p->ties = NULL;
	}

	p->mbox_at_exit = p->mbox.len;
	p->user_at_exit = 0;
	for (uint32_t i = 0; i < p->mbox.len; i++)
		if (mbox_at(&p->mbox, i)->kind == MSG_USER)
			p->user_at_exit++;
	mbox_taken(s, sc, p->mbox.len);
	mbox_free(&p->mbox);
	free(p->stack);
	p->stack = NULL;
	p->depth = p->stack_cap = 0;

	struct sim_event *e = event_new(s, sc, SIM_EV_EXIT, at, pid);
	e->reason = p->halted ? NULL : atom_name(&s->scn->atoms, reason);
	e->sched = p->sched;
}

/*
** Boundary phase: ends p wherever it is (running, queued, waiting, on a
** dirty scheduler).  The signals it sends are delivered at the next
** boundary.
*/
void proc_kill_now(struct sim *s, struct proc *p, atom_t reason)
{
	if (p->state == SIM_PROC_EXITED)
		return;
	uint32_t pid = p->pid;
	if (p->in_runq) {
		if (p->state == SIM_PROC_DIRTY)
			dirtyq_remove(s, p);
		else
			runq_remove(s, p);
	}
	struct sched *sc = NULL;
	bool dirty = false;
	if (p->on_sched >= 0) {
		sc = &s->scheds[p->on_sched];
	} else if (p->on_dirty >= 0) {
		sc = &s->dirty[p->on_dirty];
		dirty = true;
	}
	if (sc && sc->current == pid) {
		struct sim_event *e = event_new(s, NULL, SIM_EV_RUN, s->now, pid);
		e->sched = dirty ? p->on_dirty : p->on_sched;
		e->dirty = dirty;
		e->start = sc->run_start;
		e->reductions = sc->run_reds;
		e->why = SIM_STOP_EXITED;
		sc->current = 0;
		s->nbusy--;
	}
	p->on_sched = p->on_dirty = -1;
	proc_exit(s, p, reason, NULL, s->now);
}
