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
#include "cmpstats.h"
#include "draw.h"
#include "ghost.h"
#include "lanefit.h"
#include "linkroute.h"
#include "layout.h"
#include "nodes.h"
#include "seqview.h"
#include "session.h"
#include "suptree.h"
#include "text.h"

#define RENDER_MAX_MSGS 8
#define RENDER_MAX_HITS 12288
#define RENDER_MAX_SEGS 400      /* link lines drawn per frame */
#define RENDER_MAX_FLY 16        /* exit signals' ways kept per frame (tests) */
#define RENDER_AREA_MAX 128      /* chips kept per side area */
#define RENDER_MAX_TEXTS 4096    /* texts of a frame kept clear of tags (text_track) */
#define RENDER_MAX_ROOM 8192     /* what one pane's tags keep clear of */
#define RENDER_MAX_GHOSTS (LAYOUT_MAX_PANES * GHOST_MAX)
#define RENDER_ZOOM_MIN 0.5      /* the range of --scale and Ctrl +/- */
#define RENDER_ZOOM_MAX 2.5

/* What the window shows (V, --view): the lanes, the sequence chart, or
** both side by side (lanes left, chart right). */
enum render_mode { RENDER_LANES, RENDER_SEQUENCE, RENDER_BOTH, RENDER_MODE_COUNT };

/* What the frame shows besides the engines: set by the window loop. */
struct render_view {
	struct session *ses[LAYOUT_MAX_PANES];
	char pane_label[LAYOUT_MAX_PANES][64];   /* compare mode: what differs */
	int npanes;
	struct anim *anim[LAYOUT_MAX_PANES];
	double zoom;              /* --scale, Ctrl +/- (RENDER_ZOOM_MIN..MAX) */
	int theme;                /* enum theme_id (--theme, T) */
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
	int hover_x, hover_y;     /* the mouse, for the hover label; -1 = none */
	int mode;                 /* enum render_mode */
	uint32_t sel_arrow;       /* 1 + the index of the selected arrow in pane sel_pane's
	                             chart (seqview.h), 0 = none */
	uint64_t seq_flip[LAYOUT_MAX_PANES];   /* groups folded/unfolded by a click (seqview.h) */
	int seq_col;              /* the chart's horizontal scroll: its first column ([ ], Shift+wheel) */
	const struct quizview *quiz;  /* the questions (quizview.h); NULL: none drawn */
};

enum render_hit_kind { HIT_RUNNING, HIT_QUEUE, HIT_CHIP };

/* Where a process is drawn this frame: for clicks, links and drawing. */
struct render_hit {
	struct lrect r;           /* its place (clicks) */
	struct lrect at;          /* where it is drawn now (sliding there) */
	uint32_t pid;
	int pane;
	int kind;                 /* enum render_hit_kind */
	int area;                 /* HIT_CHIP: enum layout_area */
	struct lrect tag;         /* HIT_CHIP of a run with nodes: the room kept for its
	                             nodedown / noconnection tag, x and y from r's corner
	                             (sidegroup.h); w 0: none */
};

/* A link drawn this frame (or an exit signal's way), from the edge of
** its first box to the edge of its second (links.h, linkroute.h). */
struct render_seg {
	struct route_path p;
	uint32_t a, b;            /* the pids of its ends, in pane */
	int pane;
	bool sel;                 /* one end is the selected process */
	bool clear;               /* the path passes no other box or ghost */
};

/* What a lane shows this frame. */
struct render_lane {
	uint32_t running;
	uint64_t slice_used;
	size_t qlen, more;
	int shown;
};

/*
** The side panel's content of one pane, collected by one scan of the
** process table and kept while the session's stamp is unchanged: the
** table changes only when the engine steps, not with every frame.
*/
struct render_side {
	const struct session *ses;
	uint64_t stamp;           /* of ses when collected; 0 = nothing yet */
	uint32_t *area[AREA_COUNT];   /* pids per area (exited: newest first) */
	size_t narea[AREA_COUNT], total[AREA_COUNT];
	uint64_t exit_tick[RENDER_AREA_MAX];
	struct suptree tree;      /* the supervision tree (suptree.h) */
	const sim *em_sim;        /* the engine chip_em was measured on */
	double chip_em;           /* its widest chip name so far, in ems of the small font */
	double exit_em;           /* its widest exited chip's name or reason so far */
	size_t more[AREA_COUNT];  /* this frame: summarised in "+ N more" */
	int shown[AREA_COUNT];
	/* a run with nodes: chips grouped by node (sidegroup.h), this frame's
	** node labels (w 0: none) left of chip i and where "+ N more" goes */
	bool grouped;
	struct lrect label[AREA_COUNT][RENDER_AREA_MAX];
	uint32_t label_node[AREA_COUNT][RENDER_AREA_MAX];
	struct lrect more_at[AREA_COUNT];
};

/* Where a ghost (a process that just ended, see ghost.h) is drawn. */
struct render_ghost {
	struct lrect at;
	uint32_t pid;
	int pane;
};

/* Identity colours of one pane's processes by pid (0 = not yet known),
** for one engine and theme; `upto`: pids below it have had their names
** numbered. */
struct render_ident {
	const sim *sim;
	int theme;
	uint32_t *col;
	size_t n;
	uint32_t upto;
};

/* The names of the run in the order of their first pid, shared by both
** panes: the k-th distinct name gets the k-th identity colour, so names of
** one template (consecutive pids) get consecutive colours and a restarted
** process keeps its colour.  A hash table of name hashes. */
#define RENDER_NAMES 1024
struct render_names {
	const sim *owner;         /* pane 0's engine when the table was started */
	uint32_t hash[RENDER_NAMES];   /* FNV-1a of the name, 0 = empty */
	uint32_t ord[RENDER_NAMES];
	uint32_t n;
};

struct render {
	struct text *text;        /* borrowed */
	struct render_ident ident[LAYOUT_MAX_PANES];
	struct render_names names;
	struct layout lay;
	int lay_w, lay_h, lay_panes;
	double lay_zoom;
	uint32_t lay_sched[LAYOUT_MAX_PANES];
	struct layout_fit lay_fit[LAYOUT_MAX_PANES];   /* what the lanes hold (lanes fit it) */
	struct lanefit run_fit[LAYOUT_MAX_PANES];     /* ... over the run, read ahead */
	size_t seen_fit[LAYOUT_MAX_PANES];    /* most queue boxes a lane held on screen */
	const sim *fit_sim[LAYOUT_MAX_PANES]; /* ... in this engine's run */
	int font_px[TEXT_FONT_COUNT];
	uint32_t *pids;           /* scratch: a queue */
	struct render_side side[LAYOUT_MAX_PANES];
	struct render_lane lanes[LAYOUT_MAX_PANES][LAYOUT_MAX_LANES];
	uint32_t *links;
	struct render_hit hits[RENDER_MAX_HITS];
	int nhits;
	struct ghost_set ghost_sets[LAYOUT_MAX_PANES];
	struct render_ghost ghosts[RENDER_MAX_GHOSTS];   /* this frame */
	int nghosts;
	/* compare mode: each pane's numbers, read when its session's stamp changes */
	struct cmpstats cmp[LAYOUT_MAX_PANES];
	const struct session *cmp_ses[LAYOUT_MAX_PANES];
	uint64_t cmp_stamp[LAYOUT_MAX_PANES];
	struct render_seg segs[RENDER_MAX_SEGS];
	int nsegs;
	struct render_seg fly[RENDER_MAX_FLY];   /* the first exit signals' ways */
	int nfly;
	struct route *route;      /* the link router's scratch (NULL: links unrouted) */
	bool route_ready;         /* it holds this frame's obstacles (taken at the first link) */
	int route_w, route_h;
	struct lrect insp;        /* the inspector this frame (w 0: closed); takes clicks */
	struct seqview seq[LAYOUT_MAX_PANES];   /* the sequence view's charts */
	struct nodes_pane nodes[LAYOUT_MAX_PANES];   /* node frames (nodes.h); n 0: one node */
	int lay_caption_need;                        /* caption_need it was made for */
	uint64_t lay_nodes[LAYOUT_MAX_PANES];        /* nodes_signature of what they were made for */
	struct lrect texts[RENDER_MAX_TEXTS];   /* this frame's texts so far (text_track) */
	size_t ntexts;
	struct lrect room[RENDER_MAX_ROOM];     /* scratch: what the tags keep clear of */
};

struct render *render_create(struct text *t);
void render_destroy(struct render *r);
void render_frame(struct render *r, struct draw_canvas *c, const struct render_view *v);
/* The process drawn at (x, y) in the last frame, or 0; *pane its pane. */
uint32_t render_hit_test(const struct render *r, int x, int y, int *pane);
/* The ticks [t0, t1] the timelines show: one axis for both compare panes
** (the later pane's tick decides), so the same tick is at the same x. */
void render_time_axis(const struct render_view *v, uint64_t *t0, uint64_t *t1);
/* The right edge of what is seen of b this frame: the left of the
** inspector's drawer when the drawer covers part of b, else b's own. */
int render_visible_right(const struct render *r, struct lrect b);
/* Colour of a priority (the inspector's title). */
uint32_t render_prio_color(enum sim_priority p);

/* seqview_draw.c: pane's sequence chart in `area` (seqview.h), the
** hover label over it, and what is drawn at (x, y) (NULL: nothing; *pane). */
void render_seqview(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane,
                    struct lrect area);
void render_seq_hover(struct render *r, struct draw_canvas *c, const struct render_view *v);
const struct seqview_hit *render_seq_hit(const struct render *r, int x, int y, int *pane);
/* The x where the sequence chart begins in RENDER_BOTH on a w pixels wide frame. */
int render_split_x(int w);

/* procbox.c: one process wherever it is drawn.  Its identity colour (by
** name, theme.h), the same for its box, Gantt segments and messages: */
uint32_t render_ident_color(struct render *r, const struct render_view *v, int pane, uint32_t pid);
void render_ident_free(struct render *r);
/* Its mailbox badge (always when always_mail, else when not empty) and
** priority badge and frame (not normal priority): at the top right of box
** b when they fit in top_room pixels beside the name, else at the bottom
** right (or, in a one-line box, over the end of the name).  Returns the
** width they take from the top line; *bottom_h is the height they take
** from the bottom of the box (0 when at the top). */
int render_box_badges(struct render *r, struct draw_canvas *c, struct lrect b,
                      const struct sim_proc_view *pv, bool always_mail, int top_room,
                      int *bottom_h);
/* The pixels those badges need side by side (0 when it has none). */
int render_badges_need(struct render *r, const struct sim_proc_view *pv, bool always_mail);
/* Its name in w pixels of font f: on one line, or on two (the lines
** render_name_lines gives: 2 when too long for one and room_h holds two);
** cut with "..." only if even that fails (the hover label and the
** inspector show it whole). */
int render_name_lines(struct render *r, enum text_font f, int w, int room_h, const char *name);
void render_box_name(struct render *r, struct draw_canvas *c, int lines, int x, int y, int w,
                     enum text_font f, uint32_t color, const char *name);
/* Its name inside a Gantt segment [x0, x1) of row, when it fits whole. */
void render_gantt_label(struct render *r, struct draw_canvas *c, const struct render_view *v,
                        int pane, uint32_t pid, int x0, int x1, struct lrect row, uint32_t col);
/* The label of the process under the mouse (v->hover_x, hover_y). */
void render_hover(struct render *r, struct draw_canvas *c, const struct render_view *v);

/* Records a process box; NULL when the frame has too many. */
struct render_hit *render_hit_add(struct render *r, struct lrect b, struct lrect at, uint32_t pid,
                                  int pane, int kind);
/* The text of a "+ N more" box w pixels wide, in font *f (made smaller
** when even the shortest form does not fit): the longest of "+ 9,412
** more", "+9,412", "+9.4k" that fits.  Returns its width. */
int render_more_text(struct render *r, enum text_font *f, int w, size_t more, char *out,
                     size_t len);
/* A "+ N more" box in font f (a shorter form of the count when narrow). */
void render_more_box(struct render *r, struct draw_canvas *c, struct lrect b, size_t more,
                     enum text_font f, bool framed_only);

/* ghost_draw.c: the ghosts of a pane, placed (recorded in r->ghosts) after
** the boxes and before the links, drawn over the boxes; the legend of the colours of ends in the exited area's title
** row, right of x_used. */
void render_ghosts_place(struct render *r, const struct render_view *v, int pane);
void render_ghosts(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane);
void render_end_legend(struct render *r, struct draw_canvas *c, struct lrect row, int x_used);

/* nodes_draw.c: the nodes of a distributed run (nodes.h), nothing with one
** node.  back: title strips and network bands (with the lanes' backs);
** frames: outlines and titles, "DOWN since tick N" (after the lanes' fronts);
** down: the grey over a node that is down and its label (before the
** ghosts, which show what died there); net: partition cuts, signals in
** flight at their place by tick, and messages dropped in the last step
** (over everything but the inspector). */
void render_nodes_back(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       int pane);
void render_nodes_frames(struct render *r, struct draw_canvas *c, const struct render_view *v,
                         int pane);
void render_nodes_down(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       int pane);
void render_nodes_net(struct render *r, struct draw_canvas *c, const struct render_view *v,
                      int pane);

/* panels.c: the side panel, inspector and overlays of one pane / the frame.
** The side panel is placed (its chips recorded as hits, the areas fitted to
** their content), then its background drawn, then its text. */
void panels_side_place(struct render *r, const struct render_view *v, int pane);
/* The widest name of a chip in pane's side areas since its engine started,
** in ems of the small font (layout_fit's chip_em; *exit_em: of exited
** chips, names and exit reasons): chips are made as wide
** as it, so every chip shows its name whole.  Reads the areas' processes
** (once per engine state, cached like the side panel). */
double panels_chip_em(struct render *r, const struct render_view *v, int pane, double *exit_em);
void panels_side_back(struct render *r, struct draw_canvas *c, int pane);
void panels_side_front(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       int pane);
/* The inspector of the selected process: a drawer over the right of the
** lanes (panels_inspector_rect), drawn over everything but the overlays;
** the side panel stays visible beside it. */
void panels_inspector(struct render *r, struct draw_canvas *c, const struct render_view *v,
                      int pane);
struct lrect panels_inspector_rect(const struct layout_pane *p);
void panels_overlays(struct render *r, struct draw_canvas *c, const struct render_view *v);
/* A chip in colour `ident` (exited: the colour of its end), with its
** badges; its name keeps clear of a "stopping" badge at tick now. */
void panels_chip(struct render *r, struct draw_canvas *c, const sim *s, struct lrect b,
                 const struct sim_proc_view *pv, uint32_t ident, bool selected, uint64_t now);

#endif
