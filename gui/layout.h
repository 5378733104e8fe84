/*
** layout.h - where everything goes on screen, computed without a window.
**
** layout_compute() turns a window size, a scale and the scheduler count of
** each pane into rectangles; the drawing code only fills them.  Nothing
** here knows SDL or the engine, so tests/gui_test_layout.c checks it with
** plain numbers.
**
** A frame:  header (title, tick, speed)  /  caption (the scenario's note)
**           then one or two panes side by side (compare mode), each with:
**           status line (settings, end) / lanes | side panel / timeline.
*/
#ifndef BEAMSIM_GUI_LAYOUT_H
#define BEAMSIM_GUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LAYOUT_MAX_LANES 64
#define LAYOUT_MAX_SLOTS 128     /* queue boxes per lane, at most */
#define LAYOUT_MAX_PANES 2

struct lrect { int x, y, w, h; };

enum layout_area { AREA_WAITING, AREA_SLEEPING, AREA_DIRTY, AREA_EXITED, AREA_COUNT };

struct layout_lane {
	struct lrect row;        /* the whole lane */
	struct lrect label;      /* "S1", utilization */
	struct lrect running;    /* the running process, large */
	struct lrect slice;      /* bar of the reductions left in its slice */
	struct lrect queue;      /* the run queue, boxes left to right */
	int slot_w, slot_h, slot_gap;
	int cols, rows;          /* the queue wraps into rows in a tall lane */
	int nslots;              /* boxes that fit (the last one may become "+ N more") */
};

struct layout_pane {
	struct lrect pane;
	struct lrect status;     /* settings line */
	struct lrect lanes;      /* all lanes */
	struct lrect side;       /* areas + supervision; the inspector covers it */
	struct lrect area[AREA_COUNT];
	struct lrect sup;        /* supervision tree */
	struct lrect below;      /* under lanes fitted to their height (h 0: none) */
	bool tree_below;         /* below holds the tree (the run has one), else exited */
	int below_use;           /* what layout_side_fit put there: AREA_EXITED, */
	                         /* AREA_COUNT for the tree, -1 nothing */
	struct lrect timeline;   /* the Gantt chart, with its labels */
	struct lrect plot;       /* the chart itself */
	int nlanes;
	struct layout_lane lane[LAYOUT_MAX_LANES];
	struct lrect tl_row[LAYOUT_MAX_LANES];   /* one row per scheduler, inside plot */
	int chip_w, chip_h, chip_gap, area_title_h;
	int exit_w, exit_h;      /* exited chips: name over reason, two lines */
};

struct layout {
	int w, h;
	double scale;            /* 1.0 = 1600x900 at the default text size */
	int font_px[5];          /* pixel sizes for text_set_sizes, by enum text_font */
	int line_h;              /* a text line of the small font, roughly */
	int pad;
	struct lrect header, caption;
	int npanes;
	struct layout_pane pane[LAYOUT_MAX_PANES];
};

/* Computes the layout of a w x h frame.  `zoom` is the user's text and
** shape scale (Ctrl +/-, 1.0 by default); nsched[i] the lanes of pane i
** (1..LAYOUT_MAX_LANES). */
void layout_compute(struct layout *l, int w, int h, double zoom, int npanes,
                    const uint32_t *nsched);
/*
** What the lanes of a pane hold over the run (gui/lanefit.c reads it from
** the run): `boxes`, the most boxes one lane's queue area holds at once
** (queued processes, plus ghosts and the "run queue empty" text there);
** `tree`, whether the run has supervisors.  boxes 0: unknown.
*/
struct layout_fit {
	size_t boxes;
	bool tree;
	double chip_em;   /* the widest chip name, in ems of the small font: chips hold it */
	double exit_em;   /* the same of exited chips' names and exit reasons */
};

/* The same, with lanes fitted to their content (fit[i] for pane i; NULL
** or boxes 0: the lanes take the whole width and height).  Width: the
** queue columns the lanes leave empty widen the side panel, up to half
** the pane.  Height: the lanes are as tall as their running box and the
** rows of boxes need (and the compare numbers), and the height under them
** (`below`) goes to the supervision tree or the exited area
** (layout_side_fit).  caption_h: the caption's height when more than its
** usual two lines (three in compare mode) are needed, at most a sixth of
** the height (0: the usual). */
void layout_compute_fit(struct layout *l, int w, int h, double zoom, int npanes,
                        const uint32_t *nsched, const struct layout_fit *fit, int caption_h);

/* Lane ln of pane p placed at y, lh pixels tall, by the rule of
** layout_compute (gui/nodes.c regroups the lanes of a pane by node). */
void layout_lane_at(const struct layout *l, const struct layout_pane *p, struct layout_lane *ln,
                    int y, int lh);

/* How a run queue of qlen processes is shown in lane ln: the number of
** process boxes drawn, and in *more how many are summarised in a final
** "+ N more" box (0 = none). */
int layout_queue_shown(const struct layout_lane *ln, size_t qlen, size_t *more);
struct lrect layout_queue_slot(const struct layout_lane *ln, int i);

/* Chips (small process boxes) in an area: capacity, and chip i's place. */
int layout_area_capacity(const struct layout_pane *p, enum layout_area a);
struct lrect layout_area_chip(const struct layout_pane *p, enum layout_area a, int i);
/* Resizes the side areas to their content: count[a] processes in area a,
** sup_lines lines of supervision tree of line_h pixels (per frame).  When
** the pane has a `below` region it holds the tree (when the run has one:
** layout_fit.tree) or else the exited area; the rest share the side
** column (p->below_use says which). */
void layout_side_fit(struct layout_pane *p, const size_t count[AREA_COUNT], int sup_lines,
                     int line_h);
/* The same with the rows of chips each area needs given (grouped chips,
** sidegroup.h): rows[0][a] in the side column's width, rows[1][a] in the
** width of `below`.  rows NULL: from count, in the grid of layout_area_chip. */
void layout_side_fit_rows(struct layout_pane *p, const size_t count[AREA_COUNT],
                          const int (*rows)[AREA_COUNT], int sup_lines, int line_h);
/* Same rule as the queues: chips shown, and the summarised rest. */
int layout_area_shown(const struct layout_pane *p, enum layout_area a, size_t n, size_t *more);

/* The text of a "+ N more" box in the given form: 0 "+ 9,412 more",
** 1 "+9,412", 2 "+9.4k" (never more than 6 characters).  The number is
** never cut: a narrow box gets a shorter form, not "...". */
void layout_more_text(char *buf, size_t len, size_t more, int form);

int layout_contains(struct lrect r, int x, int y);
/* The timeline's x for a tick in [t0, t1]. */
int layout_tick_x(const struct layout_pane *p, uint64_t t0, uint64_t t1, uint64_t tick);

#endif
