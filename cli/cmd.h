/*
** cmd.h - the commands of `beamsim`, one file each (cmd_run.c,
** cmd_check.c, cmd_gui.c); main.c only dispatches to them.
**
** Each takes the arguments after its command word and returns an enum
** exit_code (args.h).
*/
#ifndef BEAMSIM_CLI_CMD_H
#define BEAMSIM_CLI_CMD_H

#include <stdbool.h>

/* `beamsim run`: one run with its outputs, or a speed-up table. */
int cmd_run(int argc, char **argv);

/* `beamsim check`: validates each file; the highest exit code among them. */
int cmd_check(int argc, char **argv);

/* `beamsim gui`; with `fallback` (beamsim alone) the text run when there
** is no display.  Without the GUI built in: a usage error saying so. */
int cmd_gui(int argc, char **argv, bool fallback);

/* `beamsim quiz`: seeded homework with computed answers (quizgen.c). */
int cmd_quiz(int argc, char **argv);

/* Prints --help to standard output; returns EXIT_OK. */
int cmd_help(void);

#endif
