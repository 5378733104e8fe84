/* support.h - helpers shared by the cmocka tests. */
#ifndef BEAMSIM_TEST_SUPPORT_H
#define BEAMSIM_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim.h"

/* Loads scenario JSON text; fails the test (with the messages) if invalid. */
sim_scenario *load_text(const char *json);
/* Loads and expects failure; returns the diagnostics joined by '\n'
** (caller frees) and stores the status. */
char *load_errors(const char *json, enum sim_status *status);
/* Runs a scenario to the end with its own config; returns the engine. */
sim *run_scenario(const sim_scenario *scn);
/* Looks up the newest process with this name; 0 if none. */
uint32_t pid_of(const sim *s, const char *name);
/* How many processes have had this name (restarts give new pids). */
uint32_t incarnations(const sim *s, const char *name);
/* Exit reason of the newest process with this name, or "alive"/"none". */
const char *reason_of(const sim *s, const char *name);
/* Folds the events of the last step into an FNV-1a style hash: two runs
** with the same hashes had the same schedule.  Start from HASH_START. */
#define HASH_START 1469598103934665603ull
uint64_t hash_events(const sim *s, uint64_t h);
/* Loads a scenario file; fails the test if it does not load. */
sim_scenario *load_path(const char *path);
/* How run_hashed executes a scenario. */
struct run_how {
	bool threads;            /* sim_threads_* (no real work) instead of sim_step */
	bool single_ticks;       /* sim_set_batching(s, false) */
	bool no_events;          /* sim_set_event_mask(s, 0): events are not recorded */
	uint64_t max_ticks;      /* stop there if the run has not ended */
};
/* Runs scn with cfg to its end (or how->max_ticks) and returns the hash
** of all its events (hash_events); stores the summary JSON in *summary
** (caller frees) and, if steps is not NULL, the number of steps. */
uint64_t run_hashed(const sim_scenario *scn, const struct sim_config *cfg,
                    const struct run_how *how, char **summary, size_t *steps);
/* A run's events as text, one line each: "TICK TYPE NAME DETAIL OTHER"
** (log_events).  `text` starts with "\n", so "\nLINE\n" finds a whole
** line.  Zero it, then log_clear; log_free at the end. */
struct log {
	char *text;
	size_t len, cap;
};
/* Empties l (text "\n"); allocates on first use. */
void log_clear(struct log *l);
/* Appends one line. */
void log_add(struct log *l, const char *line);
/* Appends the events of the last step or command (sim_events): NAME and
** OTHER are process names ("-": none), DETAIL the message of a deliver,
** receive, send or drop, else the reason; RUN and NOTE are left out. */
void log_events(struct log *l, const sim *s);
/* Fails the test, showing the log, unless it holds this whole line. */
void log_expect(const struct log *l, const char *line);
void log_free(struct log *l);
/* Calls fn(path) for every .json file in scenarios/ except those whose file name
** starts with `skip` (NULL: none); returns how many it visited. */
int for_each_scenario(void (*fn)(const char *path), const char *skip);

#endif
