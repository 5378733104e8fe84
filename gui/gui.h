/*
** gui.h - the classroom window and the headless screenshot, for cli/main.c.
*/
#ifndef BEAMSIM_GUI_GUI_H
#define BEAMSIM_GUI_GUI_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

/* gui_main's results besides the CLI's exit codes. */
#define GUI_NO_DISPLAY (-1)

struct gui_opts {
	const char *file;             /* NULL: the built-in default scenario */
	struct sim_config cfg;        /* command-line overrides ... */
	uint32_t given;               /* ... whose bits (enum sim_config_key) are set */
	const char *screenshot;       /* render one frame into this PNG, no display */
	uint64_t at;                  /* the tick of that frame (and the window's start) */
	int width, height;            /* 0: 1600x900 */
	const char *compare;          /* "schedulers=1,4" or "preemption=cooperative,reductions" */
	const char *inspect;          /* select the process of this name (latest incarnation) */
	const char *overlay;          /* "help" or "picker": show that overlay (for docs) */
	const char *scenario_dir;     /* listed by the picker (O) */
	bool quiet_no_display;        /* no message when there is no display */
};

/* Returns 0 on success, 1 when a file or the window cannot be made, 2 for a
** bad --compare, 3/4 for a scenario that is invalid / cannot be read, and
** GUI_NO_DISPLAY when no display is available (a message was printed
** unless quiet_no_display). */
int gui_main(const struct gui_opts *o);
/* Checks an --overlay value; NULL if valid, else a message. */
const char *gui_overlay_check(const char *name);
/* Checks a --compare spec; NULL if valid, else a message. */
const char *gui_compare_check(const char *spec);

#endif
