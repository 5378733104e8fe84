/*
** speedup.h - `beamsim run --schedulers 1,2,4`: the speed-up table.
*/
#ifndef BEAMSIM_CLI_SPEEDUP_H
#define BEAMSIM_CLI_SPEEDUP_H

#include "args.h"
#include "sim.h"

/* Runs scn once per count of o->sched_list and prints wall time,
** speed-up against the first count, and efficiency = speed-up /
** min(schedulers, cores) relative to the first count's parallelism
** (nothing with o->quiet); with o->summary the same as JSON.  Stops
** early at a stop signal (runner.h).  Returns an enum exit_code. */
int speedup_run(const sim_scenario *scn, const struct run_opts *o);

#endif
