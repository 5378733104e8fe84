/* anim.c - slides, flights and bursts; see anim.h. */
#include "anim.h"

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
	for (int i = 0; i < 2; i++) {
		free(a->rect[i]);
		free(a->stamp[i]);
	}
	anim_init(a);
}

void anim_reset(struct anim *a)
{
	a->gen[0] += 2;
	a->gen[1] += 2;
	a->have_before = false;
	a->nflights = 0;
	a->nbursts = 0;
}

static bool reserve(struct anim *a, uint32_t pid)
{
	if (pid < a->cap)
		return true;
	size_t nc = a->cap ? a->cap : 1024;
	while (nc <= pid)
		nc *= 2;
	for (int i = 0; i < 2; i++) {
		struct lrect *r = realloc(a->rect[i], nc * sizeof *r);
		if (r)
			a->rect[i] = r;
		uint32_t *s = realloc(a->stamp[i], nc * sizeof *s);
		if (s)
			a->stamp[i] = s;
		if (!r || !s)
			return false;
		memset(s + a->cap, 0, (nc - a->cap) * sizeof *s);
	}
	a->cap = nc;
	return true;
}

void anim_place(struct anim *a, uint32_t pid, struct lrect r)
{
	if (!reserve(a, pid))
		return;
	a->rect[a->cur][pid] = r;
	a->stamp[a->cur][pid] = a->gen[a->cur];
}

static bool get(const struct anim *a, int which, uint32_t pid, struct lrect *r)
{
	if (pid >= a->cap || a->stamp[which][pid] != a->gen[which])
		return false;
	*r = a->rect[which][pid];
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
	a->gen[a->cur] += 2;         /* "now" starts empty; the old now is "before" */
	a->have_before = true;
}

static bool abnormal(const char *reason)
{
	return reason && strcmp(reason, "normal") != 0 && strcmp(reason, "shutdown") != 0;
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
			        : abnormal(e->reason) ? FLIGHT_SIGNAL : FLIGHT_SIGNAL_NORMAL;
		}
		if (e->type == SIM_EV_EXIT && abnormal(e->reason)) {
			struct anim_burst *b = &a->bursts[a->bhead];
			a->bhead = (a->bhead + 1) % ANIM_MAX_BURSTS;
			if (a->nbursts < ANIM_MAX_BURSTS)
				a->nbursts++;
			b->pid = e->pid;
			b->tick = e->tick;
			b->placed = get(a, a->have_before ? 1 - a->cur : a->cur, e->pid, &b->at);
		}
	}
}
