/* view.c - read-only views of the engine for front ends, and commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "engine.h"
#include "value.h"

static const char *const op_names[OP_KIND_COUNT] = {
	[OP_WORK] = "work", [OP_NATIVE] = "native", [OP_SEND] = "send",
	[OP_RECEIVE] = "receive", [OP_SPAWN] = "spawn", [OP_LINK] = "link",
	[OP_UNLINK] = "unlink", [OP_MONITOR] = "monitor", [OP_TRAP_EXIT] = "trap_exit",
	[OP_SLEEP] = "sleep", [OP_CRASH] = "crash", [OP_EXIT] = "exit", [OP_LOOP] = "loop",
};

size_t sim_proc_count(const sim *s) { return s->nprocs; }

static const char *current_op(const struct proc *p)
{
	if (p->state == SIM_PROC_EXITED)
		return NULL;
	if (p->sup)
		return "supervise";
	for (uint32_t d = p->depth; d-- > 0;) {
		const struct frame *f = &proc_frames_c(p)[d];
		if (f->pc < f->ops->n)
			return op_names[f->ops->ops[f->pc].kind];
		if (f->iter_left > 0)
			return "loop";
	}
	return "return";
}

/* An archived process: only what its compact record keeps. */
/* The exit reason a view shows: none while alive, none when its node
** halted (a node is not a process: nothing on it exits, it stops). */
static const char *exit_reason_of(const sim *s, const struct proc *p)
{
	if (p->state != SIM_PROC_EXITED || p->halted)
		return NULL;
	return atom_name(&s->scn->atoms, p->exit_reason);
}

static const char *rec_exit_reason(const sim *s, const struct proc_rec *r)
{
	return r->halted ? NULL : atom_name(&s->scn->atoms, r->exit_reason);
}

static bool archived_view(const sim *s, uint32_t pid, struct sim_proc_view *v)
{
	struct proc_rec r;
	if (!pt_archived(s, pid, &r))
		return false;
	memset(v, 0, sizeof *v);
	v->pid = pid;
	v->name = atom_name(&s->scn->atoms, r.name);
	v->incarnation = r.incarnation;
	v->state = SIM_PROC_EXITED;
	v->priority = (enum sim_priority)r.priority;
	v->loc.sched = r.sched;
	v->loc.node = r.sched >= 0 ? s->node_of[r.sched] : 0;
	v->trap_exit = r.trap_exit;
	v->supervisor = r.supervisor;
	v->parent = r.parent;
	v->reductions = r.reductions;
	v->sent = r.sent;
	v->received = r.received;
	v->mailbox = r.mailbox;
	v->spawn_tick = r.spawn_tick;
	v->exit_tick = r.exit_tick;
	v->exit_reason = rec_exit_reason(s, &r);
	v->halted = r.halted;
	return true;
}

bool sim_proc_view(const sim *s, uint32_t pid, struct sim_proc_view *v)
{
	const struct proc *p = proc_get(s, pid);
	if (!p)
		return archived_view(s, pid, v);
	memset(v, 0, sizeof *v);
	v->pid = pid;
	v->name = atom_name(&s->scn->atoms, p->name);
	v->incarnation = p->incarnation;
	v->state = (enum sim_proc_state)p->state;
	v->priority = (enum sim_priority)p->priority;
	v->loc.node = proc_node(s, p);
	v->loc.sched = p->sched;
	v->trap_exit = p->trap_exit;
	v->supervisor = p->spec->sup != NULL;
	v->parent = p->parent;
	v->reductions = p->reductions;
	v->sent = p->sent;
	v->received = p->received;
	v->mailbox = p->state == SIM_PROC_EXITED ? p->mbox_at_exit : p->mbox.len;
	v->spawn_tick = p->spawn_tick;
	v->exit_tick = p->state == SIM_PROC_EXITED ? p->exit_tick : 0;
	v->exit_reason = exit_reason_of(s, p);
	v->halted = p->halted;
	v->current_op = current_op(p);
	v->op_remaining = p->state == SIM_PROC_EXITED ? 0 : p->op_left;
	v->nlinks = proc_ties_c(p)->links.n;
	v->nmonitors = proc_ties_c(p)->watching.n;
	v->stopping_by = sup_stopping_by(s, p, &v->stop_deadline);
	return true;
}

const char *sim_proc_end_words(const sim *s, const struct sim_proc_view *v, char *buf,
                               size_t size)
{
	if (!v->halted)
		return v->exit_reason;
	struct sim_node_view nv;
	sim_node_view(s, v->loc.node, &nv);
	snprintf(buf, size, "gone with %s", nv.name ? nv.name : "its node");
	return buf;
}

uint32_t sim_proc_next_resident(const sim *s, uint32_t pid)
{
	if (pid == 0)
		pid = 1;
	while (pid <= s->nprocs) {
		if (s->pages[(pid - 1) >> s->page_shift].recs)
			return pid;
		pid = (((pid - 1) >> s->page_shift) + 1) * s->page_size + 1;   /* first pid of the next page */
	}
	return 0;
}

uint32_t sim_proc_prev_resident(const sim *s, uint32_t pid)
{
	if (pid > s->nprocs)
		pid = s->nprocs;
	while (pid >= 1) {
		if (s->pages[(pid - 1) >> s->page_shift].recs)
			return pid;
		pid = ((pid - 1) >> s->page_shift) * s->page_size;               /* last pid of the page before */
	}
	return 0;
}

static size_t copy_pids(const struct pidset *set, uint32_t *out, size_t max)
{
	for (size_t i = 0; i < set->n && i < max; i++)
		out[i] = pidset_pids_c(set)[i];
	return set->n;
}

size_t sim_proc_links(const sim *s, uint32_t pid, uint32_t *out, size_t max)
{
	const struct proc *p = proc_get(s, pid);
	return p ? copy_pids(&proc_ties_c(p)->links, out, max) : 0;
}

size_t sim_proc_monitors(const sim *s, uint32_t pid, uint32_t *out, size_t max)
{
	const struct proc *p = proc_get(s, pid);
	return p ? copy_pids(&proc_ties_c(p)->watching, out, max) : 0;
}

const char *sim_proc_message(const sim *s, uint32_t pid, size_t i)
{
	const struct proc *p = proc_get(s, pid);
	if (!p || i >= p->mbox.len)
		return NULL;
	struct sim_event e;
	memset(&e, 0, sizeof e);
	event_message(&e, s, mbox_at(&p->mbox, (uint32_t)i));
	struct sim *ms = (struct sim *)s;      /* the scratch buffer is not engine state */
	if (!ms->msgbuf && !(ms->msgbuf = malloc(256)))
		return NULL;
	sim_event_value(s, &e, SIM_VALUE_TEXT, ms->msgbuf, 256);   /* pids with names */
	return ms->msgbuf;
}

/* Copies s into buf (size bytes), cut with "..." when longer. */
static void copy_cut(char *buf, size_t size, const char *s, size_t len)
{
	if (len < size) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		return;
	}
	memcpy(buf, s, size - 4);
	memcpy(buf + size - 4, "...", 4);
}

/* t as compact JSON, except that a pid shows as the log shows a process,
** <0.7.0> and its name (unquoted: the inspector is read, not parsed). */
static void var_text(const struct sim *s, const struct term *t, struct term_writer *w)
{
	enum term_type ty = term_type(t);
	if (ty == TERM_PID) {
		char buf[64];
		uint32_t pid = term_get_pid(t);
		const char *name = atom_name(&s->scn->atoms, pt_name(s, pid, ATOM_NONE));
		int n = snprintf(buf, sizeof buf, "<0.%u.0>%s%s", pid, *name ? " " : "", name);
		term_wr_put(w, buf, n > 0 && (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
		return;
	}
	if (ty != TERM_ARRAY && ty != TERM_OBJECT) {
		char buf[96];
		term_print(t, buf, sizeof buf);
		term_wr_put(w, buf, strlen(buf));
		return;
	}
	const struct term *end, *e = term_items(t, &end);
	term_wr_put(w, ty == TERM_ARRAY ? "[" : "{", 1);
	for (bool first = true; e < end && !w->full; first = false) {
		if (!first)
			term_wr_put(w, ", ", 2);
		if (ty == TERM_OBJECT) {
			const char *k;
			size_t kl;
			e = term_member(e, &k, &kl);
			term_wr_string(w, k, kl);
			term_wr_put(w, ": ", 2);
		}
		var_text(s, e, w);
		e = term_next(e);
	}
	term_wr_put(w, ty == TERM_ARRAY ? "]" : "}", 1);
}

size_t sim_proc_vars(const sim *s, uint32_t pid, struct sim_var_view *out, size_t max)
{
	const struct proc *p = proc_get(s, pid);
	const struct pvars *v = p && p->ties ? p->ties->vars : NULL;
	if (!v)
		return 0;
	for (uint32_t i = 0; i < v->nstate && i < max; i++) {
		const struct binding *b = &v->state[i];
		struct sim_var_view *o = &out[i];
		copy_cut(o->name, sizeof o->name, b->name, b->len);
		char buf[sizeof o->value + 1];
		struct term_writer w = {buf, sizeof buf, 0, false, NULL, NULL};
		var_text(s, b->val, &w);
		copy_cut(o->value, sizeof o->value, buf, w.n);
		o->set = b->tick != VALUE_INITIAL;
		o->changed_tick = o->set ? b->tick : p->spawn_tick;
	}
	return v->nstate;
}

size_t sim_sched_count(const sim *s) { return s->cfg.schedulers; }

void sim_sched_view(const sim *s, uint32_t sched, struct sim_sched_view *v)
{
	memset(v, 0, sizeof *v);
	if (sched >= s->cfg.schedulers)
		return;
	const struct sched *sc = &s->scheds[sched];
	v->id = sched;
	v->running = sc->current;
	v->slice_used = sc->run_reds;
	if (s->cfg.balance != SIM_BALANCE_SHARED || sched == 0 ||
	    s->rq_of[sched] != s->rq_of[sched - 1]) {
		const struct runq *rq = runq_of(s, (int32_t)sched);
		for (int i = 0; i < SIM_PRIO_COUNT; i++)
			v->queue_len[i] = rq->len[i];
	}
	v->busy = sc->busy;
	v->idle = sc->idle;
	v->steals = sc->steals;
	v->context_switches = sc->context_switches;
}

size_t sim_sched_queue(const sim *s, uint32_t sched, uint32_t *out, size_t max)
{
	if (sched >= s->cfg.schedulers || (s->cfg.balance == SIM_BALANCE_SHARED && sched > 0 &&
	                                   s->rq_of[sched] == s->rq_of[sched - 1]))
		return 0;
	const struct runq *rq = runq_of(s, (int32_t)sched);
	size_t n = 0;
	for (int q = 0; q < RQ_COUNT; q++)
		for (uint32_t pid = rq->head[q]; pid; pid = proc_get(s, pid)->q_next) {
			if (n < max)
				out[n] = pid;
			n++;
		}
	return n;
}

size_t sim_dirty_count(const sim *s) { return s->ndirty; }

uint32_t sim_dirty_running(const sim *s, uint32_t dirty_sched)
{
	return dirty_sched < s->ndirty ? s->dirty[dirty_sched].current : 0;
}

void sim_totals(const sim *s, struct sim_totals *t)
{
	memset(t, 0, sizeof *t);
	t->sent = s->sent;
	t->delivered = s->delivered;
	t->dropped = s->dropped;
	t->spawn_failed = s->spawn_failed;
	t->spawned = s->nprocs;
	t->exited = s->nprocs - s->live;
	t->in_mailboxes = s->arch_user_msgs;
	for (uint32_t pid = sim_proc_next_resident(s, 1); pid; pid = sim_proc_next_resident(s, pid + 1)) {
		const struct proc *p = proc_get(s, pid);
		if (p->state == SIM_PROC_EXITED) {
			t->in_mailboxes += p->user_at_exit;
			continue;
		}
		for (uint32_t k = 0; k < p->mbox.len; k++)
			if (mbox_at(&p->mbox, k)->kind == MSG_USER)
				t->in_mailboxes++;
	}
}

size_t sim_sup_count(const sim *s)
{
	size_t n = 0;
	for (uint32_t k = 0; k < s->npages; k++)
		n += s->pages[k].nsup;
	return n;
}

/* The page holding supervisor number i (counted in pid order), and i's
** rank within it; false if there are not that many supervisors. */
static bool find_sup_page(const sim *s, size_t *i, uint32_t *page)
{
	for (uint32_t k = 0; k < s->npages; k++) {
		if (*i < s->pages[k].nsup) {
			*page = k;
			return true;
		}
		*i -= s->pages[k].nsup;
	}
	return false;
}

static const char *const sup_strategy_names[] = {
	[SUP_ONE_FOR_ONE] = "one_for_one", [SUP_ONE_FOR_ALL] = "one_for_all",
	[SUP_REST_FOR_ONE] = "rest_for_one",
};

/* The policy of st and the restarts of its window still inside the period
** at the current tick (the ring is pruned only when a restart is added). */
static void sup_policy(const sim *s, const struct sup_state *st, struct sim_sup_view *v)
{
	const struct sup_spec *sp = st->spec;
	v->strategy = sup_strategy_names[sp->strategy];
	v->intensity = sp->intensity;
	v->period = sp->period;
	v->nchildren = st->nchildren;
	v->stopping = st->stopping;   /* sim_sup_view clears it for an exited one */
	for (uint32_t k = 0; k < st->rlen; k++)
		if (st->rtick[(st->rhead + k) & (st->rcap - 1)] + sp->period >= s->now)
			v->in_period++;
}

bool sim_sup_child(const sim *s, uint32_t sup_pid, uint32_t k, struct sim_sup_child_view *v)
{
	memset(v, 0, sizeof *v);
	const struct proc *p = proc_get(s, sup_pid);
	if (!p || !p->sup || k >= p->sup->nchildren)
		return false;
	const struct sup_child *c = &p->sup->children[k];
	v->name = atom_name(&s->scn->atoms, c->name);
	v->pid = c->pid;
	v->removed = c->removed;
	return true;
}

void sim_sup_view(const sim *s, size_t i, struct sim_sup_view *v)
{
	memset(v, 0, sizeof *v);
	uint32_t k;
	if (!find_sup_page(s, &i, &k))
		return;
	const struct atom_table *at = &s->scn->atoms;
	for (uint32_t j = 0; j < s->page_size; j++) {
		uint32_t pid = k * s->page_size + j + 1;
		const struct proc *p = proc_get(s, pid);
		struct proc_rec r;
		if (p) {
			if (!p->sup || i-- > 0)
				continue;
			v->name = atom_name(at, p->name);
			v->restarts = p->sup->restarts;
			v->exit_reason = exit_reason_of(s, p);
			v->halted = p->halted;
			sup_policy(s, p->sup, v);
			if (p->state == SIM_PROC_EXITED)
				v->stopping = 0;
		} else {
			if (!pt_archived(s, pid, &r) || !r.supervisor || i-- > 0)
				continue;
			v->name = atom_name(at, r.name);
			v->restarts = r.restarts;
			v->exit_reason = rec_exit_reason(s, &r);
			v->halted = r.halted;
		}
		v->pid = pid;
		return;
	}
}

bool sim_cmd_exit(sim *s, uint32_t pid, const char *reason)
{
	struct proc *p = proc_get(s, pid);
	if (!p || p->state == SIM_PROC_EXITED || s->end != SIM_END_NONE)
		return false;
	atom_t r = atom_find(&s->scn->atoms, reason);
	if (r == UINT32_MAX)
		return false;      /* reasons a front end can use must be atoms of the scenario */
	s->nev = 0;
	signal_exit(s, 0, ATOM_NONE, p, r, false);
	sched_when_notes(s, 0);
	return true;
}

bool sim_cmd_node(sim *s, uint32_t node, bool up)
{
	if (node >= s->scn->nnodes || s->end != SIM_END_NONE || s->nodes[node].up == up)
		return false;
	s->nev = 0;
	if (up)
		net_node_up(s, node);
	else
		net_node_down(s, node);
	sched_when_notes(s, 0);
	sched_dispatch(s);
	return true;
}

size_t sim_memory_bytes(const sim *s)
{
	size_t b = sizeof *s + pt_memory(s);
	b += (size_t)s->scn->atoms.n * (sizeof *s->registry + sizeof *s->incarnations);
	const struct sched *groups[2] = { s->scheds, s->dirty };
	const uint32_t counts[2] = { s->cfg.schedulers, s->ndirty };
	for (int g = 0; g < 2; g++)
		for (uint32_t i = 0; i < counts[g]; i++)
			b += sizeof groups[g][i] + (size_t)groups[g][i].out.cap * sizeof(struct signal) +
			     (size_t)groups[g][i].evcap * sizeof(struct sim_event);
	b += (size_t)s->nrunqs * sizeof *s->runqs + net_memory(s);
	b += ((size_t)s->pending.cap + s->delivering.cap) * sizeof(struct signal);
	b += (size_t)s->timers.cap * sizeof(struct timer);
	b += (size_t)s->evcap * sizeof(struct sim_event);
	b += ((size_t)s->scn->nprocs + 1) * sizeof *s->start_order + s->scn->nlinks * sizeof *s->link_done +
	     s->scn->nnotes * sizeof *s->note_done;
	return b;
}
