/*
** ghost.h - the processes that just ended, derived from the engine state
** of the tick shown (never from earlier frames).
**
** A process that ended with a reason other than `normal`, or was gone
** with its node (node_down: no exit reason, grey, "gone with b"), within
** the last GHOST_TICKS ticks is a ghost: the renderer draws it outlined,
** with its name and exit reason, in the lane where it ran when it died (or around
** its chip in the exited area when it died off a scheduler), then it is
** only a chip in the exited area.  The set is a pure function of the
** session's state (its tick, the process table and the Gantt history), so
** it is the same after a step back, a new config, a rescale or a replay;
** it is recomputed only when the session's stamp changes.
*/
#ifndef BEAMSIM_GUI_GHOST_H
#define BEAMSIM_GUI_GHOST_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

#define GHOST_TICKS 8            /* a ghost is shown for ticks [exit, exit + GHOST_TICKS] */
#define GHOST_MAX 32             /* most recent first; older ones are chips only */

/* How a process ended, one colour each (see ghost_end_color). */
enum ghost_end { END_NORMAL, END_SHUTDOWN, END_CRASH, END_COUNT };

struct ghost {
	uint32_t pid;
	uint64_t tick;               /* exit tick */
	int32_t sched;               /* 0-based scheduler it ran on when it died, -1 = none */
	enum ghost_end end;
	const char *name, *reason;   /* borrowed from the engine (valid while its state is) */
	const char *gone_with;       /* halted with its node: that node's name (reason NULL),
	                                else NULL; borrowed from the engine too */
};

struct ghost_set {
	const struct session *ses;
	uint64_t stamp;              /* of ses when collected; 0 = never */
	struct ghost g[GHOST_MAX];
	int n;
};

/* The kind of end of an exit reason (NULL: alive, counted as normal):
** "normal" -> END_NORMAL; "shutdown" and {shutdown, Term} -> END_SHUTDOWN
** (OTP's supervisor and proc_lib do not report them as crashes); anything
** else (crashes, killed) -> END_CRASH.  The engine writes a tuple reason
** as its JSON text, so {shutdown, Term} is the text ["shutdown",TERM]
** (blanks allowed; {shutdown, TERM} is read the same): exactly two
** elements, the first "shutdown".  ["shutdown"] or ["shutdown",1,2] are
** crashes, as in OTP. */
enum ghost_end ghost_end_of(const char *reason);
/* The colour of each kind of end, shared by ghosts, chips and the legend. */
uint32_t ghost_end_color(enum ghost_end e);
const char *ghost_end_label(enum ghost_end e);
/* Brings gs up to date with session s (a no-op while its stamp is unchanged). */
void ghost_collect(struct ghost_set *gs, const struct session *s);

#endif
