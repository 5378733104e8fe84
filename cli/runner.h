/*
** runner.h - runs an engine to its end for `beamsim run` (one run or a
** speed-up table): the step loop, the threads engine, the stop signals.
*/
#ifndef BEAMSIM_CLI_RUNNER_H
#define BEAMSIM_CLI_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "args.h"
#include "report.h"
#include "sim.h"

/* What one run measured besides the engine's own state. */
struct runner_stats {
	bool threads;
	double wall_seconds;
	struct sim_threads_stats ts;   /* threads only */
	char note[160];                /* threads only: sim_threads_note */
};

/* SIGINT and SIGTERM stop the run between two steps; it then writes its
** outputs and exits 128 + the number (runner_stopped_code).  The handler
** stays installed (sigaction, not the one-shot signal() of ISO C), so a
** second signal while the outputs are written changes nothing; SA_RESTART
** keeps it from cutting a write short.  With `keep_files` (a summary or
** trace goes to a file) SIGPIPE is ignored: `beamsim run F --log
** --summary S | head` then still writes S, and the failed standard output
** is reported at exit (exit 1) instead of killing the run with its files
** unwritten. */
void runner_catch_signals(bool keep_files);

/* Whether a stop signal has arrived. */
bool runner_interrupted(void);

/* Runs s to its end (or a stop signal), with o's engine, feeding rep,
** trace and the sequence chart (any may be NULL; with none, event
** recording is turned off).  Fills rs.  Returns 0, or EXIT_THREADS (with a message) when the
** scheduler threads cannot start. */
struct chart;
int runner_execute(sim *s, const struct run_opts *o, struct report *rep, sim_trace *trace,
                   struct chart *chart, struct runner_stats *rs);

/* The exit code of a run that went well: EXIT_SIGINT / EXIT_SIGTERM
** (128 + the signal) when a signal stopped it, with a note naming tick,
** or 0. */
int runner_stopped_code(uint64_t tick);

#endif
