/*
** ptable.c - the process table: pages of process records, and the
** archiving of pages whose processes have all exited.
**
** Invariants (between steps):
**   - pages[k].recs != NULL (resident) or the page is archived in chunk
**     pages[k].chunk; only full pages (page_size pids spawned) are archived.
**   - pages[k].live counts the spawned, not EXITED processes of a resident
**     page; a full resident page with live == 0 is in `dying` once.
**   - A page is archived only when its last process exited at least
**     PT_ARCHIVE_LAG ticks ago.  A signal sent by a process as it exits is
**     delivered at the boundary of the same tick, or of the next one when
**     the exit happened in a boundary; until then the receiver may still
**     need the sender's full record (its name, its exit reason).  Past
**     that, every reference to an archived pid is to a dead process, and
**     proc_get() returning NULL says exactly that.
**
** Why pages and not a free list of recycled records: pids index the table
** directly (the engine's hottest lookup stays two loads), a struct proc
** never moves, and an archived pid still has its summary record.  The cost
** is one struct pt_page (16 bytes) per page (64 pids) ever spawned, and a
** long-lived process keeps its page resident (at most one page per live
** process, in the worst case).
*/
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "value.h"

#define PT_ARCHIVE_LAG 2

struct proc *pt_alloc(struct sim *s)
{
	uint32_t i = s->nprocs;
	uint32_t k = i >> s->page_shift;
	if (k == s->npages) {
		/* page_size records, then page_size `gone` bytes (pt_gone) */
		struct pt_page pg = { calloc(s->page_size, sizeof(struct proc) + 1), 0, 0, 0 };
		if (!pg.recs || !VEC_PUSH(s->pages, s->npages, s->pages_cap, pg)) {
			free(pg.recs);
			engine_oom();
		}
	}
	struct proc *p = &s->pages[k].recs[i & s->page_mask];
	p->pid = ++s->nprocs;
	s->pages[k].live++;
	return p;
}

static void mark_dying(struct sim *s, uint32_t k)
{
	struct pt_dying d = { k, s->now };
	if (!VEC_PUSH(s->dying, s->ndying, s->dying_cap, d))
		engine_oom();
}

/* A page is full once the pid after its last one has been spawned. */
static bool page_full(const struct sim *s, uint32_t k)
{
	return (uint64_t)(k + 1) * s->page_size <= s->nprocs;
}

/* The `gone` bytes of a resident page: after its records. */
static uint8_t *page_gone(const struct sim *s, const struct pt_page *pg)
{
	return (uint8_t *)(pg->recs + s->page_size);
}

bool pt_gone(const struct sim *s, uint32_t pid)
{
	uint32_t i = pid - 1;              /* pid 0 wraps around: out of range */
	if (i >= s->nprocs)
		return true;
	const struct pt_page *pg = &s->pages[i >> s->page_shift];
	return !pg->recs || page_gone(s, pg)[i & s->page_mask];
}

void pt_exited(struct sim *s, uint32_t pid)
{
	uint32_t k = (pid - 1) >> s->page_shift;
	page_gone(s, &s->pages[k])[(pid - 1) & s->page_mask] = 1;
	if (--s->pages[k].live == 0 && page_full(s, k))
		mark_dying(s, k);
}

static void to_rec(const struct proc *p, struct proc_rec *r)
{
	memset(r, 0, sizeof *r);
	r->spawn_tick = p->spawn_tick;
	r->exit_tick = p->exit_tick;
	r->reductions = p->reductions;
	r->sent = p->sent;
	r->received = p->received;
	r->restarts = p->sup ? p->sup->restarts : 0;
	r->name = p->name;
	r->exit_reason = p->exit_reason;
	r->incarnation = p->incarnation;
	r->parent = p->parent;
	r->mailbox = p->mbox_at_exit;
	r->user_mailbox = p->user_at_exit;
	r->sched = p->sched;
	r->priority = p->priority;
	r->trap_exit = p->trap_exit;
	r->supervisor = p->spec->sup != NULL;
	r->halted = p->halted;
}

/* Frees what an exited record may still own (only a supervisor's state). */
static void free_exited(struct proc *p)
{
	sup_free(p->sup);
	p->sup = NULL;
	proc_ties_free(p->ties);   /* an exited process keeps only its variables */
	p->ties = NULL;
}

static bool archive_page(struct sim *s, uint32_t k)
{
	struct proc_rec recs[PT_PAGE_MAX];
	struct pt_page *pg = &s->pages[k];
	for (uint32_t i = 0; i < s->page_size; i++) {
		to_rec(&pg->recs[i], &recs[i]);
		recs[i].state = value_state(s, &pg->recs[i]);
	}
	if (!archive_put(s->arch, recs, &pg->chunk))
		return false;
	for (uint32_t i = 0; i < s->page_size; i++) {
		s->arch_user_msgs += pg->recs[i].user_at_exit;
		free_exited(&pg->recs[i]);
	}
	free(pg->recs);
	pg->recs = NULL;
	return true;
}

void pt_sweep(struct sim *s)
{
	uint32_t n = 0;
	while (n < s->ndying && s->dying[n].at + PT_ARCHIVE_LAG <= s->now) {
		if (!archive_page(s, s->dying[n].page))
			break;            /* out of memory: the page stays resident */
		n++;
	}
	if (n == 0)
		return;
	s->ndying -= n;
	memmove(s->dying, s->dying + n, s->ndying * sizeof *s->dying);
}

bool pt_archived(const struct sim *s, uint32_t pid, struct proc_rec *r)
{
	uint32_t i = pid - 1;
	if (i >= s->nprocs)
		return false;
	const struct pt_page *pg = &s->pages[i >> s->page_shift];
	if (pg->recs)
		return false;
	return archive_get(s->arch, pg->chunk, i & s->page_mask, r);
}

atom_t pt_name(const struct sim *s, uint32_t pid, atom_t fallback)
{
	const struct proc *p = proc_get(s, pid);
	struct proc_rec r;
	if (p)
		return p->name;
	return pt_archived(s, pid, &r) ? r.name : fallback;
}

void pt_destroy(struct sim *s)
{
	for (uint32_t k = 0; k < s->npages; k++) {
		struct proc *recs = s->pages[k].recs;
		if (!recs)
			continue;
		for (uint32_t i = 0; i < s->page_size; i++) {
			struct proc *p = &recs[i];
			free(p->stack);
			mbox_free(&p->mbox);
			proc_ties_free(p->ties);
			sup_free(p->sup);
		}
		free(recs);
	}
	free(s->pages);
	free(s->dying);
	archive_unref(s->arch);
	s->pages = NULL;
	s->arch = NULL;
}

#define DUP(dst, src, n) vec_dup((void **)&(dst), (src), (n), sizeof *(src), bytes)

static bool clone_set(struct pidset *d, const struct pidset *s, size_t *bytes)
{
	*d = *s;
	if (s->cap == 0)
		return true;                        /* inline: copied */
	if (s->n <= PIDSET_INLINE) {            /* fits inline again */
		d->cap = 0;
		memcpy(d->inl, s->heap, s->n * sizeof *s->heap);
		return true;
	}
	d->cap = s->n;
	return DUP(d->heap, s->heap, s->n);
}

/* Copies p's ties (if any) to d; on failure d->ties holds what was copied. */
static bool clone_ties(struct proc *d, const struct proc *p, size_t *bytes)
{
	if (!p->ties)
		return true;
	if (!(d->ties = calloc(1, sizeof *d->ties)))
		return false;
	*bytes += sizeof *d->ties;
	return clone_set(&d->ties->links, &p->ties->links, bytes) &&
	       clone_set(&d->ties->watchers, &p->ties->watchers, bytes) &&
	       clone_set(&d->ties->watching, &p->ties->watching, bytes) &&
	       (!p->ties->vars || (d->ties->vars = pvars_clone(p->ties->vars, bytes)));
}

/* Deep copy of one record: every array it owns is duplicated. */
static bool clone_proc(struct proc *d, const struct proc *p, size_t *bytes)
{
	*d = *p;
	d->stack = NULL;
	d->ties = NULL;
	d->sup = NULL;
	memset(&d->mbox, 0, sizeof d->mbox);
	d->stack_cap = p->stack ? p->depth : 0;
	if ((p->stack && !DUP(d->stack, p->stack, p->depth)) || !clone_ties(d, p, bytes) ||
	    !mbox_clone(&d->mbox, &p->mbox))
		return false;
	*bytes += (size_t)p->mbox.len * sizeof(struct msg);
	if (p->sup && !(d->sup = sup_clone(p->sup)))
		return false;
	return true;
}

/* d is zeroed; on failure it holds what was copied so far (pt_destroy frees it). */
bool pt_clone(struct sim *d, const struct sim *s, size_t *bytes)
{
	d->arch = archive_ref(s->arch);
	d->nprocs = s->nprocs;
	d->arch_user_msgs = s->arch_user_msgs;
	if (!DUP(d->pages, s->pages, s->npages))
		return false;
	d->npages = d->pages_cap = s->npages;
	for (uint32_t k = 0; k < s->npages; k++)
		d->pages[k].recs = NULL;
	for (uint32_t k = 0; k < s->npages; k++) {
		const struct proc *recs = s->pages[k].recs;
		if (!recs)
			continue;
		if (!(d->pages[k].recs = calloc(s->page_size, sizeof *recs + 1)))
			return false;
		*bytes += s->page_size * (sizeof *recs + 1);
		memcpy(d->pages[k].recs + s->page_size, page_gone(s, &s->pages[k]), s->page_size);
		for (uint32_t i = 0; i < s->page_size; i++)
			if (!clone_proc(&d->pages[k].recs[i], &recs[i], bytes))
				return false;
	}
	if (s->ndying) {
		if (!DUP(d->dying, s->dying, s->ndying))
			return false;
		d->ndying = d->dying_cap = s->ndying;
	}
	return true;
}

size_t pt_memory(const struct sim *s)
{
	size_t b = (size_t)s->pages_cap * sizeof *s->pages +
	           (size_t)s->dying_cap * sizeof *s->dying;
	for (uint32_t k = 0; k < s->npages; k++) {
		const struct proc *recs = s->pages[k].recs;
		if (!recs)
			continue;
		b += s->page_size * (sizeof *recs + 1);     /* the records, their `gone` bytes */
		for (uint32_t i = 0; i < s->page_size; i++) {
			const struct proc *p = &recs[i];
			b += (size_t)p->stack_cap * sizeof *p->stack + (size_t)p->mbox.cap * sizeof(struct msg);
			if (p->ties)
				b += sizeof *p->ties + ((size_t)p->ties->links.cap + p->ties->watchers.cap +
				                        p->ties->watching.cap) * sizeof(uint32_t) +
				     pvars_memory(p->ties->vars);
			if (p->sup)
				b += sup_memory(p->sup);
		}
	}
	return b + archive_memory(s->arch);
}
