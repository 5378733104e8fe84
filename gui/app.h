/*
** app.h - the state of the classroom view behind the window: the sessions
** (one, or two in compare mode), playback, selection, messages, and what
** each key does.  gui.c owns the window and calls in here; the tests drive
** an app without a window.  No SDL here (the time comes in through
** app_tick).
*/
#ifndef BEAMSIM_GUI_APP_H
#define BEAMSIM_GUI_APP_H

#include <stdbool.h>

#include "anim.h"
#include "gui.h"
#include "quizview.h"
#include "render.h"
#include "session.h"

#define APP_MAX_PICK 64

enum app_key {
	KEY_PLAY, KEY_STEP, KEY_STEP_EVENT, KEY_BACK, KEY_RESTART, KEY_FASTER, KEY_SLOWER,
	KEY_HELP, KEY_KILL, KEY_PREEMPTION, KEY_COMPARE, KEY_PICKER, KEY_ZOOM_IN, KEY_ZOOM_OUT,
	KEY_UP, KEY_DOWN, KEY_ENTER, KEY_ESCAPE, KEY_THEME, KEY_VIEW, KEY_SELF_TEST, KEY_NODE
};

struct app {
	struct session ses[LAYOUT_MAX_PANES];
	struct anim anim[LAYOUT_MAX_PANES];
	int npanes;
	char file[1024];              /* "" = built-in default */
	struct sim_config over;       /* command-line overrides */
	uint32_t given;
	char compare[64];             /* the compare spec in use, "" = none */
	struct render_view view;
	int speed;                    /* index into the speed ladder */
	double acc;                   /* fractional ticks to run */
	double since_step_ms;         /* for the animation phase */
	double anim_ms;               /* how long this step's animation lasts */
	bool animating;
	const char *scenario_dir;
	bool gif_rec;                 /* G pressed once: recording a GIF since gif_from (gifrec.h) */
	uint64_t gif_from;
	char pick_names[APP_MAX_PICK][256];
	const char *pick_ptrs[APP_MAX_PICK];
	struct quizview quiz;             /* the scenario's questions (quizview.h) */
	bool node_armed;              /* N pressed: the next digit picks a node (appnode.c) */
};

/* Loads o->file (or the default) into a fresh app.  Returns GUI_OK or
** the status of the failure (messages printed to stderr). */
enum gui_status app_init(struct app *a, const struct gui_opts *o);
void app_free(struct app *a);
/* Loads another scenario with its own file's config (overrides from the
** command line and from the keys are dropped; compare mode stays); on
** failure its errors are shown in the window and the current one stays. */
void app_load(struct app *a, const char *path);
void app_key(struct app *a, enum app_key k);
void app_set_schedulers(struct app *a, uint32_t n);
/* Digit key d (0..9): after N, toggles node d (app_node_digit); else
** picks choice d of the open question (quizview.h), else sets d schedulers
** (1..8). */
void app_digit(struct app *a, int d);
/* After a jump to the sessions' tick (a seek): the questions before it
** count as asked; one at it opens (quizview.h). */
void app_quiz_arrive(struct app *a);
/* N (KEY_NODE, through app_key): arms the node keys and shows which digit
** takes which node, or says that the scenario has no nodes.  Any other
** key disarms (appnode.c). */
void app_node_arm(struct app *a);
/* The digit d (0 .. 9) after N: node d (1 = the first in file order) goes
** down when it is up, or up, now, in every pane, kept in the history as K
** is; a message when there is no node d or the run has ended.  False (d
** not taken) when N was not pressed just before. */
bool app_node_digit(struct app *a, int d);
void app_select(struct app *a, uint32_t pid, int pane);
/* A left click at (x, y) on the frame r drew last: selects the process
** there (or nothing); in the sequence chart, a line selects its process,
** an arrow its message (view.sel_arrow), a group's head folds or unfolds
** the group. */
void app_click(struct app *a, const struct render *r, int x, int y);
/* Scrolls the sequence chart d columns (to the right when d > 0; [ ],
** Shift+wheel), within the columns of the chart r laid out last. */
void app_seq_scroll(struct app *a, const struct render *r, int d);
/* Advances playback by dt milliseconds of wall time (steps at most
** budget_ms long, as measured by the millisecond clock now_ms: the window
** passes SDL's, a test its own), and sets the animation phases in a->view.
** The app never reads a clock itself. */
void app_tick(struct app *a, double dt, double budget_ms, uint64_t (*now_ms)(void));
/* One animated step of every pane (also used by the screenshot). */
void app_step(struct app *a, bool animated);
void app_message(struct app *a, bool error, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
double app_tps(const struct app *a);

#endif
