/*
** lanefit.h - what the lanes of a pane hold over a run, read from the run
** itself, so that lanes fitted to their content do not change size from
** one tick to the next.
**
** A second engine on the session's scenario and config runs ahead from
** tick 0 (without the window's commands, bounded: LANEFIT_STEPS steps,
** LANEFIT_VISITS queue entries counted, or until a lane holds more boxes
** than any lane can show) and records, at every step, the boxes each
** lane's queue area holds: its queued processes, plus the ghosts of the
** processes of that scheduler that ended other than normally within
** GHOST_TICKS (and the "run queue empty" text they sit after); and whether
** the run has supervisors.  The result is kept per engine: read once when
** a scenario, config or compare mode starts, never per frame.
*/
#ifndef BEAMSIM_GUI_LANEFIT_H
#define BEAMSIM_GUI_LANEFIT_H

#include "layout.h"
#include "session.h"

#define LANEFIT_STEPS 20000
#define LANEFIT_VISITS 4000000

struct lanefit {
	const sim *sim;              /* the session's engine it was read for; NULL = none */
	struct layout_fit fit;       /* boxes 0: could not run (out of memory) */
};

/* Brings f up to date with session s (runs ahead only when s has another
** engine than last time). */
void lanefit_read(struct lanefit *f, const struct session *s);
/* The same reading of a scenario and config, into *out. */
void lanefit_scan(struct layout_fit *out, const sim_scenario *scn, const struct sim_config *cfg);

#endif
