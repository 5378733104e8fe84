/*
** paths.h - where beamsim finds its files at run time, so that a beamsim
** built in its source tree and an installed one (`cmake --install`, the
** .deb) both work from any working directory.
*/
#ifndef BEAMSIM_PATHS_H
#define BEAMSIM_PATHS_H

/* Size of the buffer paths_scenario_dir writes to. */
#define PATHS_DIR_MAX 4096

/* Writes to out (PATHS_DIR_MAX bytes) the directory of the lesson scenarios
** (the window's picker lists it), the first of:
**   1. $BEAMSIM_SCENARIO_DIR when set and not empty, as given (even when it
**      does not exist: the user asked for it);
**   2. the install location, BEAMSIM_REL_SCENARIO_DIR relative to the
**      directory of the executable (/proc/self/exe), when it is a directory;
**   3. the source tree's scenarios/ (BEAMSIM_SCENARIO_DIR, fixed at compile
**      time), when it is a directory.
** Returns out, or NULL when none applies (or a path does not fit); the
** picker then lists ./scenarios.  Reads the environment and the file
** system; keeps no state. */
const char *paths_scenario_dir(char *out);

#endif
