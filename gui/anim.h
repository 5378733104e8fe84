/*
** anim.h - what moves between two engine states: process boxes sliding to
** their new place, message dots and exit signals flying.  (Processes that just
** ended are ghosts, derived from the engine state: see ghost.h.)
**
** Each frame the renderer records where it drew every visible process
** (anim_place).  Before an animated step the caller calls anim_begin_step,
** which keeps those places as "before"; after the step anim_end_step reads
** the step's events.  Drawing then interpolates from before to now with
** the phase t in [0, 1].  Places are kept in two small hash tables keyed
** by pid (now and before), sized by the number of boxes one frame places,
** so memory does not grow with the pids of a long run.
*/
#ifndef BEAMSIM_GUI_ANIM_H
#define BEAMSIM_GUI_ANIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "sim.h"

#define ANIM_MAX_FLIGHTS 256

/* A signal's kind follows ghost_end_of of its reason: a crash (FLIGHT_SIGNAL),
** `shutdown` or {shutdown, _}, or `normal`; each drawn in its end colour. */
enum anim_flight_kind { FLIGHT_MESSAGE, FLIGHT_SIGNAL, FLIGHT_SIGNAL_NORMAL, FLIGHT_SIGNAL_SHUTDOWN };

struct anim_flight {
	uint32_t from, to;
	enum anim_flight_kind kind;
};

struct anim_place {
	uint32_t pid;
	uint32_t stamp;         /* the entry is valid (not free) when stamp == gen */
	struct lrect r;
};

struct anim {
	struct anim_place *place[2];   /* open addressing, linear probing */
	size_t n[2], cap[2];           /* valid entries; slots (a power of 2) */
	uint32_t gen[2];
	int cur;                /* index of "now"; 1 - cur is "before" */
	bool have_before;       /* the last step was animated */
	struct anim_flight flights[ANIM_MAX_FLIGHTS];
	int nflights;
};

void anim_init(struct anim *a);
void anim_free(struct anim *a);
/* Forgets everything (after a restart, a step back, a new scenario). */
void anim_reset(struct anim *a);
/* Records where pid is drawn now (best effort: dropped when out of memory). */
void anim_place(struct anim *a, uint32_t pid, struct lrect r);
bool anim_now(const struct anim *a, uint32_t pid, struct lrect *r);
bool anim_before(const struct anim *a, uint32_t pid, struct lrect *r);
/* Where to draw pid at phase t: between before and now. */
struct lrect anim_lerp(const struct anim *a, uint32_t pid, struct lrect now, double t);
void anim_begin_step(struct anim *a);
/* Reads the events of the step just made; `animated` false for fast
** playback (no slides, no flights). */
void anim_end_step(struct anim *a, const struct sim_event *ev, size_t n, bool animated);
/* Bytes held by the place tables. */
size_t anim_bytes(const struct anim *a);

#endif
