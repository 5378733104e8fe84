/*
** load.h - the scenario of a command: from a file, standard input ('-')
** or the built-in default, with the command line's config on top.
*/
#ifndef BEAMSIM_CLI_LOAD_H
#define BEAMSIM_CLI_LOAD_H

#include "args.h"
#include "sim.h"

/* Loads file ('-': standard input, read as "<stdin>"; NULL: the built-in
** default).  On failure prints the loader's messages to stderr (escaped,
** one a line) and returns NULL with *rc set to EXIT_READ, EXIT_NOMEM or
** EXIT_INVALID.  The caller frees the result with sim_scenario_free. */
sim_scenario *load_scenario(const char *file, int *rc);

/* The scenario's config with the command line's keys (o->given) on top. */
struct sim_config load_config(const sim_scenario *scn, const struct run_opts *o);

#endif
