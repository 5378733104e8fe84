/* anim.c - slides and flights; see anim.h. */
#include "anim.h"
#include "ghost.h"

#include <stdlib.h>
#include <string.h>

void anim_init(struct anim *a)
{
	memset(a, 0, sizeof *a);
	a->gen[0] = 1;
	a->gen[1] = 2;
}

void anim_free(struct anim *a)
{
	for (int i = 0; i < 2; i++)
		free(a->place[i]);
	anim_init(a);
}

/* Empties table i: a new generation, so every entry becomes free.  When
** the generations would wrap, both tables are emptied by clearing every
** stamp (once per 2^31 steps). */
static void clear(struct anim *a, int i)
{
	a->n[i] = 0;
	if (a->gen[i] < UINT32_MAX - 4) {
		a->gen[i] += 2;
		return;
	}
	for (int k = 0; k < 2; k++) {
		for (size_t j = 0; j < a->cap[k]; j++)
			a->place[k][j].stamp = 0;
		a->n[k] = 0;
	}
	a->gen[0] = 1;
	a->gen[1] = 2;
}

void anim_reset(struct anim *a)
{
	clear(a, 0);
	clear(a, 1);
	a->have_before = false;
	a->nflights = 0;
}

/* The slot of pid in table i: its entry, or the free slot where it goes. */
static struct anim_place *slot(const struct anim *a, int i, uint32_t pid)
{
	size_t mask = a->cap[i] - 1;
	uint32_t h = pid * 0x9E3779B1u;
	for (size_t j = (h ^ h >> 16) & mask;; j = (j + 1) & mask) {
		struct anim_place *e = &a->place[i][j];
		if (e->stamp != a->gen[i] || e->pid == pid)
			return e;
	}
}

/* Room for one more entry in table i (at most half full). */
static bool reserve(struct anim *a, int i)
{
	if (2 * (a->n[i] + 1) <= a->cap[i])
		return true;
	size_t oc = a->cap[i], nc = oc ? oc * 2 : 256;
	struct anim_place *old = a->place[i], *fresh = calloc(nc, sizeof *fresh);
	if (!fresh)
		return false;
	a->place[i] = fresh;
	a->cap[i] = nc;
	for (size_t j = 0; j < oc; j++)
		if (old[j].stamp == a->gen[i])
			*slot(a, i, old[j].pid) = old[j];
	free(old);
	return true;
}

void anim_place(struct anim *a, uint32_t pid, struct lrect r)
{
	if (!reserve(a, a->cur))
		return;
	struct anim_place *e = slot(a, a->cur, pid);
	if (e->stamp != a->gen[a->cur])
		a->n[a->cur]++;
	e->pid = pid;
	e->stamp = a->gen[a->cur];
	e->r = r;
}

static bool get(const struct anim *a, int which, uint32_t pid, struct lrect *r)
{
	if (a->cap[which] == 0)
		return false;
	const struct anim_place *e = slot(a, which, pid);
	if (e->stamp != a->gen[which])
		return false;
	*r = e->r;
	return true;
}

bool anim_now(const struct anim *a, uint32_t pid, struct lrect *r)
{
	return get(a, a->cur, pid, r);
}

bool anim_before(const struct anim *a, uint32_t pid, struct lrect *r)
{
	return a->have_before && get(a, 1 - a->cur, pid, r);
}

struct lrect anim_lerp(const struct anim *a, uint32_t pid, struct lrect now, double t)
{
	struct lrect b;
	if (t >= 1.0 || !anim_before(a, pid, &b))
		return now;
	double e = t * t * (3 - 2 * t);     /* smoothstep */
	struct lrect r = {
		b.x + (int)((now.x - b.x) * e), b.y + (int)((now.y - b.y) * e),
		b.w + (int)((now.w - b.w) * e), b.h + (int)((now.h - b.h) * e),
	};
	return r;
}

void anim_begin_step(struct anim *a)
{
	a->cur = 1 - a->cur;
	clear(a, a->cur);            /* "now" starts empty; the old now is "before" */
	a->have_before = true;
}

static enum anim_flight_kind signal_kind(const char *reason)
{
	switch (ghost_end_of(reason)) {
	case END_CRASH: return FLIGHT_SIGNAL;
	case END_SHUTDOWN: return FLIGHT_SIGNAL_SHUTDOWN;
	default: return FLIGHT_SIGNAL_NORMAL;
	}
}

void anim_end_step(struct anim *a, const struct sim_event *ev, size_t n, bool animated)
{
	a->nflights = 0;
	if (!animated)
		a->have_before = false;
	for (size_t i = 0; i < n; i++) {
		const struct sim_event *e = &ev[i];
		if (animated && a->nflights < ANIM_MAX_FLIGHTS &&
		    ((e->type == SIM_EV_SEND && e->other) || (e->type == SIM_EV_SIGNAL && e->other))) {
			struct anim_flight *f = &a->flights[a->nflights++];
			f->from = e->type == SIM_EV_SEND ? e->pid : e->other;
			f->to = e->type == SIM_EV_SEND ? e->other : e->pid;
			f->kind = e->type == SIM_EV_SEND ? FLIGHT_MESSAGE
			        : signal_kind(e->reason);
		}
	}
}

size_t anim_bytes(const struct anim *a)
{
	return (a->cap[0] + a->cap[1]) * sizeof(struct anim_place);
}
