/* gui_support.h - fixtures shared by the GUI tests (gui_test_*.c): a
** software canvas, a session from JSON text, a one-pane view, and a
** scenario written to a temporary file.  Each fails the test on error. */
#ifndef BEAMSIM_TEST_GUI_SUPPORT_H
#define BEAMSIM_TEST_GUI_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app.h"
#include "render.h"

#define GUI_TEST_W 1600
#define GUI_TEST_H 900

/* Allocates a GUI_TEST_W x GUI_TEST_H ARGB pixel buffer in *px (free it
** with free) and begins drawing on it with c. */
void canvas_open(uint32_t **px, struct draw_canvas *c);

/* A classroom view without a window: an app, its fonts, its renderer and
** a canvas of its own size to draw on. */
struct app_fixture {
	struct app *a;
	struct text *text;
	struct render *r;
	uint32_t *px;
	struct draw_canvas c;
};

/* Starts f on the options o (o->cfg filled by the caller) with a w x h
** canvas; fails the test when the app cannot start.  No frame is drawn. */
void app_fixture_open(struct app_fixture *f, const struct gui_opts *o, int w, int h);
void app_fixture_close(struct app_fixture *f);
/* The same on lesson `name` of scenarios/ with its own config (compared
** when compare is not NULL). */
void app_fixture_lesson(struct app_fixture *f, const char *name, const char *compare, int w, int h);
/* One session drawn in one pane, without an app. */
struct pane_fixture {
	struct session ses;
	struct anim anim;
	struct render_view view;
	struct text *text;
	struct render *r;
	uint32_t *px;
	struct draw_canvas c;
};

/* With f->ses started by the caller: its animation, a one-pane view of it
** (view_one_pane), fonts, a renderer and a w x h canvas.  No frame drawn. */
void pane_fixture_start(struct pane_fixture *f, int w, int h);
void pane_fixture_close(struct pane_fixture *f);

/* buf = the path of lesson `name` (a file name in scenarios/). */
void scenario_file(char *buf, size_t n, const char *name);

/* Starts s on the scenario in json (labelled "test.json"); prints the
** loader's messages and fails the test when it is not valid or has any
** message. */
void session_open_text(struct session *s, const char *json);

/* Fills v (zeroed first) to show one pane: s with its animation a, zoom
** 1, 10 ticks a second, animations finished. */
void view_one_pane(struct render_view *v, struct session *s, struct anim *a);

/* Writes json to a new temporary file; its name goes to path (at least
** 32 bytes).  The caller removes it. */
void temp_scenario(char *path, const char *json);

#endif
