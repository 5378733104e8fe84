/*
** gui.h - the classroom window and the headless screenshot, for cli/cmd_gui.c.
*/
#ifndef BEAMSIM_GUI_GUI_H
#define BEAMSIM_GUI_GUI_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

/* What gui_main ends with; the CLI maps each to its exit code.  Every
** status but GUI_OK comes after a message on stderr (except GUI_NO_DISPLAY
** with quiet_no_display). */
enum gui_status {
	GUI_OK = 0,
	GUI_EUSAGE,        /* a bad --compare, --overlay or --inspect, or a config flag out of range */
	GUI_EINVALID,      /* the scenario is invalid */
	GUI_EREAD,         /* the scenario file cannot be read */
	GUI_ENOMEM,        /* out of memory */
	GUI_EWRITE,        /* the screenshot or the GIF cannot be written */
	GUI_NO_DISPLAY     /* no display, or SDL cannot make a window on it */
};

struct gui_opts {
	const char *file;             /* NULL: the built-in default scenario */
	struct sim_config cfg;        /* command-line overrides ... */
	uint32_t given;               /* ... whose bits (enum sim_config_key) are set */
	const char *screenshot;       /* render one frame into this PNG, no display */
	uint64_t at;                  /* the tick of that frame (and the window's start) */
	int width, height;            /* 0: 1600x900 */
	const char *compare;          /* "schedulers=1,4" or "preemption=cooperative,reductions" */
	const char *inspect;          /* select the process of this name (latest incarnation) */
	const char *overlay;          /* "help", "picker", "question" (the question asked at
	                                 --at, if any) or "answer" (it, revealed): for docs */
	const char *scenario_dir;     /* listed by the picker (O) */
	double scale;                 /* text and shapes (Ctrl +/-); 0: 1.0 */
	bool phase_given;             /* the screenshot shows the step from at-1 to at ... */
	double phase;                 /* ... at this phase, 0 to 1 (slides and flights) */
	const char *theme;            /* "dark" (NULL too) or "contrast" (theme.h) */
	bool quiet_no_display;        /* no message when there is no display */
	const char *gif;              /* render ticks from..to into this animated GIF, no display */
	uint64_t from, to;            /* the GIF's first and last tick */
	bool to_given;                /* false: to the end of the run */
	int fps;                      /* the GIF's frames per tick; 0: GIFREC_FPS */
	int view;                     /* enum render_mode: 0 lanes, 1 sequence, 2 both (V) */
	bool view_given;              /* --view given: the window does not take the remembered one */
	bool questions;               /* the window asks the scenario's questions (quiz.h) */
	bool self_test;               /* ... judged, answers hidden, a score */
};

/* Opens the window (or writes the screenshot) and returns when it is
** closed (written). */
enum gui_status gui_main(const struct gui_opts *o);
/* Checks an --overlay value; NULL if valid, else a message. */
const char *gui_overlay_check(const char *name);
/* Checks a --compare spec; NULL if valid, else a message. */
const char *gui_compare_check(const char *spec);

#endif
