/* sim.c - engine lifecycle: create, destroy, checkpoints. */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "value.h"

static void free_sched(struct sched *sc)
{
	free(sc->out.v);
	free(sc->ev);
}

/* Frees everything s owns, leaving the struct itself. */
static void free_contents(struct sim *s)
{
	pt_destroy(s);
	free(s->registry);
	free(s->incarnations);
	for (uint32_t i = 0; i < s->cfg.schedulers && s->scheds; i++)
		free_sched(&s->scheds[i]);
	free(s->scheds);
	for (uint32_t i = 0; i < s->ndirty && s->dirty; i++)
		free_sched(&s->dirty[i]);
	free(s->dirty);
	free(s->runqs);
	free(s->pending.v);
	free(s->delivering.v);
	free(s->timers.v);
	free(s->start_order);
	free(s->link_done);
	free(s->note_done);
	free(s->ev);
	free(s->msgbuf);
	vheap_unref(s->heap);
	net_free(s);
}

void sim_destroy(sim *s)
{
	if (!s)
		return;
	free_contents(s);
	free(s);
}

/* Stable sort of the top-level entries by start tick (insertion sort on
** an index array; entries are few and mostly in order). */
static uint32_t *order_by_start(const struct scenario *scn)
{
	uint32_t *o = malloc(((size_t)scn->nprocs + 1) * sizeof *o);
	if (!o)
		return NULL;
	for (uint32_t i = 0; i < scn->nprocs; i++) {
		uint32_t j = i;
		while (j > 0 && scn->procs[o[j - 1]].start > scn->procs[i].start) {
			o[j] = o[j - 1];
			j--;
		}
		o[j] = i;
	}
	return o;
}

/* sim_create with pages of 1 << page_shift processes, recording the
** events in event_mask from tick 0 on. */
static sim *create(const sim_scenario *scn, const struct sim_config *cfg, uint32_t page_shift,
                   uint32_t event_mask)
{
	if (sim_config_check(cfg) || page_shift > PT_PAGE_SHIFT)
		return NULL;
	struct sim *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->scn = scn;
	s->cfg = *cfg;
	if (scn->nnodes) {           /* the nodes say how many schedulers there are */
		s->cfg.schedulers = scn->config.schedulers;
		s->cfg.dirty_schedulers = scn->config.dirty_schedulers;
	}
	if (s->cfg.dirty_schedulers > s->cfg.schedulers)
		s->cfg.dirty_schedulers = s->cfg.schedulers;   /* +SDcpu never exceeds +S */
	s->ndirty = s->cfg.dirty_schedulers;
	bool net_ok = net_init(s);
	s->batching = true;
	s->event_mask = event_mask;
	s->max_procs = SIM_MAX_PROCESSES;
	s->registry = calloc(scn->atoms.n, sizeof *s->registry);
	s->incarnations = calloc(scn->atoms.n, sizeof *s->incarnations);
	s->page_shift = page_shift;
	s->page_size = 1u << page_shift;
	s->page_mask = s->page_size - 1;
	s->arch = archive_create(s->page_size);
	s->scheds = calloc(s->cfg.schedulers, sizeof *s->scheds);
	s->dirty = calloc(s->ndirty ? s->ndirty : 1, sizeof *s->dirty);
	s->runqs = calloc(s->nrunqs, sizeof *s->runqs);
	s->start_order = order_by_start(scn);
	s->link_done = calloc(scn->nlinks ? scn->nlinks : 1, sizeof *s->link_done);
	s->note_done = calloc(scn->nnotes ? scn->nnotes : 1, sizeof *s->note_done);
	for (uint32_t i = 0; i < scn->nnotes; i++)
		s->when_left += scn->notes[i].when != SIM_NOTE_AT;
	s->heap = scn->values ? vheap_create() : NULL;
	s->heap_limit = scn->values && s->cfg.max_message_memory ? s->cfg.max_message_memory : UINT64_MAX;
	if ((scn->values && !s->heap) || !net_ok || !s->registry || !s->incarnations || !s->arch || !s->scheds ||
	    !s->dirty || !s->runqs || !s->start_order || !s->link_done || !s->note_done) {
		sim_destroy(s);
		return NULL;
	}
	/* Tick 0's boundary starts the first processes: out of memory there
	** comes back here (engine_oom_catch) and the engine is freed. */
	jmp_buf oom;
	if (setjmp(oom)) {
		sim_destroy(s);
		return NULL;
	}
	engine_oom_catch(&oom);
	sched_boundary(s);
	engine_oom_catch(NULL);
	if (s->mem_full)
		s->end = SIM_END_MEMORY_LIMIT;
	return s;
}

sim *sim_create(const sim_scenario *scn, const struct sim_config *cfg)
{
	return sim_create_paged(scn, cfg, PT_PAGE_SHIFT);
}

sim *sim_create_masked(const sim_scenario *scn, const struct sim_config *cfg, uint32_t event_mask)
{
	return create(scn, cfg, PT_PAGE_SHIFT, event_mask);
}

sim *sim_create_paged(const sim_scenario *scn, const struct sim_config *cfg, uint32_t page_shift)
{
	return create(scn, cfg, page_shift, SIM_EVENTS_ALL);
}

void sim_set_process_limit(struct sim *s, uint32_t n)
{
	s->max_procs = n;
}

uint64_t sim_now(const sim *s) { return s->now; }
enum sim_end sim_end_state(const sim *s) { return s->end; }
const struct sim_config *sim_get_config(const sim *s) { return &s->cfg; }
const sim_scenario *sim_get_scenario(const sim *s) { return s->scn; }

/* {=== checkpoints ===} */

struct sim_checkpoint {
	struct sim copy;
	size_t bytes;
};

#define DUP(field, count) vec_dup((void **)&d->field, s->field, (count), sizeof *s->field, bytes)

static bool clone_sched(struct sched *d, const struct sched *s, size_t *bytes)
{
	*d = *s;
	d->out.v = NULL;
	d->out.cap = d->out.n = 0;
	d->ev = NULL;
	d->nev = d->evcap = 0;
	(void)bytes;
	return true;                 /* outboxes and events are empty between steps */
}

/* Deep copy of everything the run depends on; events are not copied. */
static bool clone_into(struct sim *d, const struct sim *s, size_t *bytes)
{
	memset(d, 0, sizeof *d);
	d->scn = s->scn;
	d->cfg = s->cfg;
	d->page_shift = s->page_shift;
	d->page_size = s->page_size;
	d->page_mask = s->page_mask;
	d->now = s->now;
	d->end = s->end;
	d->batching = s->batching;
	d->nbusy = s->nbusy;
	d->event_mask = s->event_mask;
	d->live = s->live;
	d->nrunqs = s->nrunqs;
	d->ndirty = s->ndirty;
	d->next_timeline = s->next_timeline;
	d->next_start = s->next_start;
	d->next_note = s->next_note;
	d->when_left = s->when_left;
	d->rr = s->rr;
	d->msg_seq = s->msg_seq;
	d->sent = s->sent;
	d->delivered = s->delivered;
	d->dropped = s->dropped;
	d->queued = s->queued;
	d->mem_full = s->mem_full;
	d->max_procs = s->max_procs;
	d->spawn_failed = s->spawn_failed;
	d->timers.seq = s->timers.seq;
	d->heap = vheap_ref(s->heap);
	atomic_init(&d->heap_made, atomic_load(&s->heap_made));
	d->heap_limit = s->heap_limit;
	*bytes += sizeof *d;
	if (!pt_clone(d, s, bytes) || !net_clone(d, s, bytes))
		return false;
	d->scheds = calloc(s->cfg.schedulers, sizeof *d->scheds);
	d->dirty = calloc(s->ndirty ? s->ndirty : 1, sizeof *d->dirty);
	if (!d->scheds || !d->dirty)
		return false;
	for (uint32_t i = 0; i < s->cfg.schedulers; i++)
		clone_sched(&d->scheds[i], &s->scheds[i], bytes);
	for (uint32_t i = 0; i < s->ndirty; i++)
		clone_sched(&d->dirty[i], &s->dirty[i], bytes);
	d->pending.n = d->pending.cap = s->pending.n;
	d->timers.n = d->timers.cap = s->timers.n;
	uint32_t nlinks = s->scn->nlinks ? s->scn->nlinks : 1;
	uint32_t nnotes = s->scn->nnotes ? s->scn->nnotes : 1;
	return DUP(registry, s->scn->atoms.n) && DUP(incarnations, s->scn->atoms.n) && DUP(runqs, s->nrunqs) &&
	       DUP(pending.v, s->pending.n) && DUP(timers.v, s->timers.n) &&
	       DUP(start_order, (size_t)s->scn->nprocs + 1) && DUP(link_done, nlinks) &&
	       DUP(note_done, nnotes);
}

sim_checkpoint *sim_checkpoint_create(const sim *s)
{
	struct sim_checkpoint *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	c->bytes = sizeof *c;
	if (!clone_into(&c->copy, s, &c->bytes)) {
		free_contents(&c->copy);
		free(c);
		return NULL;
	}
	return c;
}

enum sim_status sim_checkpoint_restore(sim *s, const sim_checkpoint *c)
{
	struct sim fresh;
	size_t bytes = 0;
	if (c->copy.scn != s->scn || c->copy.cfg.schedulers != s->cfg.schedulers ||
	    c->copy.page_shift != s->page_shift)
		return SIM_EINVALID;
	if (!clone_into(&fresh, &c->copy, &bytes)) {
		free_contents(&fresh);
		return SIM_ENOMEM;
	}
	free_contents(s);
	*s = fresh;
	return SIM_OK;
}

uint64_t sim_checkpoint_tick(const sim_checkpoint *c) { return c->copy.now; }
size_t sim_checkpoint_bytes(const sim_checkpoint *c) { return c->bytes; }

void sim_checkpoint_destroy(sim_checkpoint *c)
{
	if (!c)
		return;
	free_contents(&c->copy);
	free(c);
}
