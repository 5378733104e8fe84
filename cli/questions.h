/*
** questions.h - a scenario's questions in the text output: `run
** --questions` (each question when its tick comes, its answer when the
** run settles it) and `check` (the author's answers against the engine's).
*/
#ifndef BEAMSIM_CLI_QUESTIONS_H
#define BEAMSIM_CLI_QUESTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "sim.h"

/* Steps `check` spends on one file's answers before giving up. */
#define QUESTIONS_MAX_STEPS 20000000ull

/* Prints the questions of one run to out.  With `answers` false: a
** worksheet (a blank line to fill in instead of each answer). */
struct qprint;
/* s at tick 0, recording every event type; NULL on ENOMEM. */
struct qprint *qprint_create(const sim *s, FILE *out, bool answers);
/* Feeds the events of one step; prints what they ask and settle. */
void qprint_events(struct qprint *q, const struct sim_event *ev, size_t n);
/* After the run: prints the answers only its end settles, and a line for
** every question the run never asked.  False on ENOMEM. */
bool qprint_finish(struct qprint *q);
void qprint_destroy(struct qprint *q);

/* Prints one question's answer text and its "why" (the explain text) as
** Markdown list lines ("   Answer: X", "   Why: ..."); used by the quiz too. */
void questions_put_answer(FILE *out, const char *answer, const char *explain);

/* `check`: runs scn with its own config and compares every question's
** author's answer with the engine's; prints "LABEL: PATH: ..." to stderr
** for each disagreement, an engine answer not among the choices, and a
** question never asked.  Returns 0 or an exit code (EXIT_INVALID,
** EXIT_NOMEM). */
int questions_check(const char *label, const sim_scenario *scn);

#endif
