/*
** render.h - draws one frame of the classroom view into a draw_canvas.
**
** The renderer reads the engine only through sim.h (views, events) and the
** sessions; it changes nothing but its own caches and the animation
** places.  Scratch arrays are allocated once (render_create) or when the
** process count grows, so a steady-state frame allocates nothing.
*/
#ifndef BEAMSIM_GUI_RENDER_H
#define BEAMSIM_GUI_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "anim.h"
#include "draw.h"
#include "layout.h"
#include "session.h"
#include "text.h"

#define RENDER_MAX_MSGS 8
#define RENDER_MAX_HITS 4096
#define RENDER_AREA_MAX 128

/* What the frame shows besides the engines: set by the window loop. */
struct render_view {
	struct session *ses[LAYOUT_MAX_PANES];
	char pane_label[LAYOUT_MAX_PANES][64];   /* compare mode: what differs */
	int npanes;
	struct anim *anim[LAYOUT_MAX_PANES];
	double zoom;              /* Ctrl +/- */
	uint32_t selected;        /* pid in pane sel_pane, 0 = none */
	int sel_pane;
	bool playing;
	double tps;               /* ticks per second */
	double move_t, fly_t;     /* animation phases, 0..1 */
	bool help;
	char msgs[RENDER_MAX_MSGS][256];   /* errors/notices shown in the window */
	int nmsgs;
	bool msgs_are_errors;
	const char *const *picker;         /* scenario picker entries, NULL = closed */
	int npicker, picker_sel;
	double frame_ms;          /* shown in the corner when > 0 */
};

/* Where a process was drawn, for clicks. */
struct render_hit {
	struct lrect r;
	uint32_t pid;
	int pane;
};

struct render {
	struct text *text;        /* borrowed */
	struct layout lay;
	int lay_w, lay_h, lay_panes;
	double lay_zoom;
	uint32_t lay_sched[LAYOUT_MAX_PANES];
	int font_px[TEXT_FONT_COUNT];
	uint32_t *pids;           /* scratch: a queue */
	uint32_t *area[AREA_COUNT];   /* scratch: pids per side area */
	size_t narea[AREA_COUNT];
	uint64_t exit_tick[RENDER_AREA_MAX];   /* of area[AREA_EXITED] */
	uint32_t *links;
	struct render_hit hits[RENDER_MAX_HITS];
	int nhits;
};

struct render *render_create(struct text *t);
void render_destroy(struct render *r);
void render_frame(struct render *r, struct draw_canvas *c, const struct render_view *v);
/* The process drawn at (x, y) in the last frame, or 0; *pane its pane. */
uint32_t render_hit_test(const struct render *r, int x, int y, int *pane);
/* Colour of a priority, of a process in the Gantt chart. */
uint32_t render_prio_color(enum sim_priority p);
uint32_t render_proc_color(uint32_t pid);

/* panels.c: the side panel, inspector and overlays of one pane / the frame. */
void panels_side(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane);
void panels_inspector(struct render *r, struct draw_canvas *c, const struct render_view *v,
                      int pane);
void panels_overlays(struct render *r, struct draw_canvas *c, const struct render_view *v);
void panels_chip(struct render *r, struct draw_canvas *c, struct lrect b,
                 const struct sim_proc_view *pv, const char *badge, bool selected);

#endif
