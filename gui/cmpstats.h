/*
** cmpstats.h - the numbers a compare-mode pane shows: when the run
** finished, when its processes ended (first, median, last exit tick) and
** how busy its schedulers were.
**
** cmpstats_read() scans every pid (archived ones too) through sim.h's
** views; the renderer calls it only when a session's stamp changes and
** keeps the exit ticks in a buffer that grows with the process count, so a
** steady-state frame allocates nothing.
*/
#ifndef BEAMSIM_GUI_CMPSTATS_H
#define BEAMSIM_GUI_CMPSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

struct cmpstats {
	uint64_t now;             /* the tick read */
	bool finished;            /* the run has ended (sim_end_state) */
	size_t exited;            /* processes that ended so far */
	uint64_t first, median, last;   /* their exit ticks (median: the lower middle one) */
	double utilization;       /* busy / (busy + idle) over all normal schedulers */
	uint64_t *ticks;          /* scratch: exit ticks, sorted */
	size_t cap;
};

/* Reads the numbers of s into st; false when out of memory (st keeps the
** counts but first/median/last are 0). */
bool cmpstats_read(struct cmpstats *st, const sim *s);
void cmpstats_free(struct cmpstats *st);
/* The pane's line of numbers in the longest of three forms that the
** caller picks by width: form 0 "finished at 2200 | exits: first 20,
** median 400, last 2200 (11) | utilization 100%", 1 "finished at 2200 |
** exits 20/400/2200 (11) | 100%", 2 "end 2200 | 20/400/2200 | 100%".
** CMPSTATS_HEAD and CMPSTATS_EXITS are the two halves of form 0, for two
** lines: "finished at 2200 | utilization 100%" and "exits: first 20, ...". */
enum { CMPSTATS_HEAD = 3, CMPSTATS_EXITS = 4,
       CMPSTATS_EXITS_SHORT = 5, /* "first 40, med 120, last 220": the exits when narrow */
       CMPSTATS_HEAD_SHORT = 6,  /* "end 2200 | 100%": the head beside the inspector */
       CMPSTATS_EXITS_TINY = 7   /* "40/120/220" */ };
void cmpstats_text(const struct cmpstats *st, int form, char *buf, size_t len);

#endif
