/*
** cmd_gui.c - `beamsim gui` and `beamsim` alone: the classroom window
** (gui/gui.h), or the text run when there is no display.
*/
#include "cmd.h"
#include "args.h"

#include <stdio.h>
#include <string.h>

#ifdef BEAMSIM_HAVE_GUI
#include "gui.h"
#include "paths.h"

static int gui_exit_code(enum gui_status st)
{
	switch (st) {
	case GUI_OK: return EXIT_OK;
	case GUI_EUSAGE: return EXIT_USAGE;
	case GUI_EINVALID: return EXIT_INVALID;
	case GUI_EREAD: return EXIT_READ;
	case GUI_ENOMEM: return EXIT_NOMEM;
	case GUI_EWRITE: return EXIT_WRITE;
	case GUI_NO_DISPLAY: return EXIT_NO_DISPLAY;
	}
	return EXIT_USAGE;
}

/* The window's options from the command line's. */
static void gui_opts_from(struct gui_opts *g, const struct run_opts *o, bool fallback)
{
	memset(g, 0, sizeof *g);
	g->file = o->file;
	g->cfg = o->cfg;
	g->given = o->given;
	g->screenshot = o->screenshot;
	g->at = o->at;
	g->width = (int)o->width;
	g->height = (int)o->height;
	g->compare = o->compare;
	g->inspect = o->inspect;
	static const char *const overlays[] = { NULL, "help", "picker", "question", "answer" };
	g->overlay = overlays[o->overlay];
	g->scale = o->scale ? (double)o->scale / 100.0 : 1.0;
	g->theme = o->theme == ARGS_THEME_CONTRAST ? "contrast" : "dark";
	g->phase_given = o->phase_given;
	g->phase = (double)o->phase / 100.0;
	g->quiet_no_display = fallback;
	g->gif = o->gif;
	g->from = o->from;
	g->to = o->to;
	g->to_given = o->to_given;
	g->fps = (int)o->fps;
	g->view = o->view == ARGS_VIEW_SEQUENCE ? 1 : o->view == ARGS_VIEW_BOTH ? 2 : 0;
	g->view_given = o->view != ARGS_VIEW_UNSET;
	g->self_test = o->self_test;
	g->questions = !o->no_questions;
}

/* The options of --gif that go together; 0 or EXIT_USAGE. */
static int gif_options(const struct run_opts *o)
{
	if (!o->gif && (o->from_given || o->to_given || o->fps))
		return args_usage_error("--from, --to and --fps belong to --gif OUT.gif");
	if (o->gif && o->screenshot)
		return args_usage_error("--gif and --screenshot: one picture at a time");
	if (o->gif && o->at)
		return args_usage_error("--at is the tick of a --screenshot or the window; a --gif runs "
		                        "from --from to --to");
#ifndef BEAMSIM_HAVE_GIF
	if (o->gif)
		return args_usage_error("--gif: this beamsim was built without giflib (libgif-dev); "
		                        "sh scripts/install-deps.sh installs it, then build again");
#endif
	return 0;
}

int cmd_gui(int argc, char **argv, bool fallback)
{
	struct run_opts o;
	int rc = args_parse(argc, argv, ARGS_GUI, &o);
	if (rc || o.help)
		return rc ? rc : cmd_help();
	if (o.phase_given && !o.screenshot)
		return args_usage_error("--phase draws a step of a --screenshot; the window animates "
		                        "its steps itself");
	if ((rc = gif_options(&o)) != 0)
		return rc;
	struct gui_opts g;
	gui_opts_from(&g, &o, fallback);
	g.scenario_dir = paths_scenario_dir((char[PATHS_DIR_MAX]){0});
	enum gui_status st = gui_main(&g);
	if (st == GUI_NO_DISPLAY && fallback) {
		fputs("beamsim: no display, showing the text run instead (beamsim gui needs X11 or "
		      "Wayland)\n", stderr);
		return cmd_run(0, NULL);
	}
	return gui_exit_code(st);
}

#else

int cmd_gui(int argc, char **argv, bool fallback)
{
	(void)argc;
	(void)argv;
	if (fallback)
		return cmd_run(0, NULL);
	fputs("beamsim: this beamsim was built without the GUI (-DBEAMSIM_GUI=OFF); use "
	      "'beamsim run' for the text output\n", stderr);
	return EXIT_USAGE;
}

#endif
