/* report.h - the human-readable output of `beamsim run`. */
#ifndef BEAMSIM_REPORT_H
#define BEAMSIM_REPORT_H

#include <stdio.h>

#include "sim.h"

/* Collects what the text report needs while the run goes on. */
struct report;

/* NULL on ENOMEM. */
struct report *report_create(const sim *s, FILE *out, bool log);
/* Feeds the events of one step (and prints them with --log).  Strings
** from the scenario are escaped (see textout.h). */
void report_events(struct report *r, const struct sim_event *ev, size_t n);
/* Also feeds every batch of events to q (`run --questions`; NULL: none),
** after printing its --log lines. */
struct qprint;
void report_set_questions(struct report *r, struct qprint *q);
/* Prints the header (before the run). */
void report_header(struct report *r);
/* Prints the timeline, the notes and the summary tables (after the run).
** Returns false if memory ran out while collecting: the timeline is then
** left out and the notes may be incomplete. */
bool report_finish(struct report *r);
void report_destroy(struct report *r);

#endif
