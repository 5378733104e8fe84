/*
** runq.c - run queues: per scheduler, three FIFO lists (max, high,
** normal+low) as in BEAM's ErtsRunQueue, plus the shared dirty queue.
**
** Lists are intrusive: a process is in at most one queue at a time and
** q_prev/q_next hold the neighbouring pids (0 = end).
*/
#include "engine.h"

static int rq_index(uint8_t prio)
{
	switch (prio) {
	case SIM_PRIO_MAX: return RQ_MAX;
	case SIM_PRIO_HIGH: return RQ_HIGH;
	case SIM_PRIO_NORMAL:
	case SIM_PRIO_LOW: return RQ_NORMAL;   /* BEAM: normal and low share one queue */
	}
	BEAMSIM_ASSERT(!"a priority the loader never makes");
	return RQ_NORMAL;   /* not reached */
}

static void list_append(struct sim *s, uint32_t *head, uint32_t *tail, struct proc *p, uint32_t pid)
{
	p->q_prev = *tail;
	p->q_next = 0;
	if (*tail)
		proc_at(s, *tail)->q_next = pid;
	else
		*head = pid;
	*tail = pid;
}

static void list_unlink(struct sim *s, uint32_t *head, uint32_t *tail, struct proc *p)
{
	if (p->q_prev)
		proc_at(s, p->q_prev)->q_next = p->q_next;
	else
		*head = p->q_next;
	if (p->q_next)
		proc_at(s, p->q_next)->q_prev = p->q_prev;
	else
		*tail = p->q_prev;
	p->q_prev = p->q_next = 0;
}

/* Appends p to the tail of its home scheduler's queue.  A low process
** enters with RESCHEDULE_LOW passes to make before it may run. */
void runq_enqueue(struct sim *s, struct proc *p)
{
	struct runq *rq = runq_of(s, p->sched);
	int q = rq_index(p->priority);
	p->sched_count = p->priority == SIM_PRIO_LOW ? RESCHEDULE_LOW : 1;
	list_append(s, &rq->head[q], &rq->tail[q], p, p->pid);
	rq->len[p->priority]++;
	p->in_runq = true;
	p->state = SIM_PROC_RUNNABLE;
}

void runq_remove(struct sim *s, struct proc *p)
{
	if (!p->in_runq || p->state == SIM_PROC_DIRTY)
		return;
	struct runq *rq = runq_of(s, p->sched);
	int q = rq_index(p->priority);
	list_unlink(s, &rq->head[q], &rq->tail[q], p);
	rq->len[p->priority]--;
	p->in_runq = false;
}

static uint32_t pop_head(struct sim *s, struct runq *rq, int q)
{
	uint32_t pid = rq->head[q];
	struct proc *p = proc_at(s, pid);
	list_unlink(s, &rq->head[q], &rq->tail[q], p);
	rq->len[p->priority]--;
	p->in_runq = false;
	return pid;
}

/* Picks the next process to run: max before high before normal/low.  In
** the normal/low queue a low process whose pass count is not yet used up
** goes back to the tail (BEAM: RESCHEDULE_LOW).  Returns 0 if empty. */
uint32_t runq_pick(struct sim *s, struct runq *rq)
{
	if (rq->head[RQ_MAX])
		return pop_head(s, rq, RQ_MAX);
	if (rq->head[RQ_HIGH])
		return pop_head(s, rq, RQ_HIGH);
	while (rq->head[RQ_NORMAL]) {
		uint32_t pid = pop_head(s, rq, RQ_NORMAL);
		struct proc *p = proc_at(s, pid);
		if (p->priority == SIM_PRIO_LOW && --p->sched_count > 0) {
			list_append(s, &rq->head[RQ_NORMAL], &rq->tail[RQ_NORMAL], p, pid);
			rq->len[p->priority]++;
			p->in_runq = true;
			continue;
		}
		return pid;
	}
	return 0;
}

/* Takes the first process of the highest non-empty priority, as BEAM's
** try_steal_task does; 0 if the queue is empty. */
uint32_t runq_steal(struct sim *s, struct runq *rq)
{
	for (int q = 0; q < RQ_COUNT; q++)
		if (rq->head[q])
			return pop_head(s, rq, q);
	return 0;
}

size_t runq_length(const struct runq *rq)
{
	size_t n = 0;
	for (int i = 0; i < SIM_PRIO_COUNT; i++)
		n += rq->len[i];
	return n;
}

/* The dirty run queue of p's node (one per node, shared by its dirty
** schedulers). */
void dirtyq_push(struct sim *s, struct proc *p)
{
	struct node *n = &s->nodes[proc_node(s, p)];
	list_append(s, &n->dq_head, &n->dq_tail, p, p->pid);
	n->dq_len++;
	p->in_runq = true;
	p->state = SIM_PROC_DIRTY;
}

uint32_t dirtyq_pop(struct sim *s, uint32_t node)
{
	struct node *n = &s->nodes[node];
	uint32_t pid = n->dq_head;
	if (!pid)
		return 0;
	struct proc *p = proc_at(s, pid);
	list_unlink(s, &n->dq_head, &n->dq_tail, p);
	n->dq_len--;
	p->in_runq = false;
	return pid;
}

void dirtyq_remove(struct sim *s, struct proc *p)
{
	if (!p->in_runq || p->state != SIM_PROC_DIRTY)
		return;
	struct node *n = &s->nodes[proc_node(s, p)];
	list_unlink(s, &n->dq_head, &n->dq_tail, p);
	n->dq_len--;
	p->in_runq = false;
}
