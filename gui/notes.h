/*
** notes.h - which caption a session shows at its tick.
**
** A note tied to a tick shows from that tick; a note tied to an event
** ("when" in the file, see sim.h) shows from the first tick that event
** happened in this session's run.  The session keeps, per note, that tick
** (notes_seen; UINT64_MAX: not yet), updated from the events of each step
** or command (notes_scan).  Going back to tick T only forgets the ticks
** after T (notes_rewind): a replay is exact, so the first time an event
** happened up to T is unchanged.  A new config or scenario starts afresh.
*/
#ifndef BEAMSIM_GUI_NOTES_H
#define BEAMSIM_GUI_NOTES_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

struct notes {
	uint64_t *seen;              /* per note: first tick of its event, or UINT64_MAX */
	size_t n;
	size_t nwhen;                /* notes tied to events (0: notes_scan has nothing to do) */
	bool skip_asks;              /* the caption skips questions (the window asks them:
	                                quizview.h); notes_init sets false */
};

/* For scn's notes; false when out of memory. */
bool notes_init(struct notes *ns, const sim_scenario *scn);
void notes_free(struct notes *ns);
/* Forgets every event (a run from tick 0). */
void notes_clear(struct notes *ns);
/* Reads the events ev[0..n) of engine s (just produced by a step or command). */
void notes_scan(struct notes *ns, const sim_scenario *scn, const sim *s,
                const struct sim_event *ev, size_t n);
/* Forgets the events after tick `now`. */
void notes_rewind(struct notes *ns, uint64_t now);
/* The caption at tick now: the note shown last (its tick, or the tick of
** its event, is the latest <= now; ties: the later in the file; not a
** question when skip_asks), or NULL. */
const char *notes_current(const struct notes *ns, const sim_scenario *scn, uint64_t now);

#endif
