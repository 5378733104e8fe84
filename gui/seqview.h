/*
** seqview.h - the sequence view of the window (issue 14): a pane's run as
** chart/'s message sequence chart, drawn on the plain pixel buffer, on the
** same playhead as the lanes.
**
** The chart (chart.h) of a pane is read ahead, like lanefit.h: a second
** engine on the session's scenario and config runs from tick 0, with the
** window's commands (K, N) replayed at their positions, for SEQVIEW_STEPS
** steps (or twice the session's position, when the playhead gets past
** that; and
** never more than SEQVIEW_ARROWS arrows past the position), and
** records the chart.  So every y is fixed for the run and the chart does
** not reflow as the playhead moves.  Drawing (seqview_draw.c) shows only
** what happened up to the session's tick: nothing below the playhead line.
** The chart is read again only when the session has another engine (a new
** file, config, compare mode) or other commands; the layout when the area's
** width, the fonts or the collapsed groups change; a frame allocates
** nothing.
**
** Contracts: one lifeline per process, time downward, its end with the
** exit reason in the end's colour; arrows for messages (the sender's
** identity colour), exit signals (crash colour, grey for normal), spawns
** and restarts dashed, links and monitors dotted, DOWN messages dashed in
** the reason's colour; long quiet stretches as a "... N ticks" band.
** Each frame records where lines, arrows and group heads are (hits), for
** clicks and the hover label.  No SDL here.
*/
#ifndef BEAMSIM_GUI_SEQVIEW_H
#define BEAMSIM_GUI_SEQVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "chart.h"
#include "layout.h"
#include "session.h"

#define SEQVIEW_STEPS 20000u        /* steps read ahead at first ... */
#define SEQVIEW_ARROWS 50000u       /* ... or until this many arrows (past the position) */
#define SEQVIEW_MAX_HITS 2048       /* lines, arrows, heads recorded per pane and frame */
#define SEQVIEW_MAX_GROUPS 64       /* groups whose collapse the window can flip */

enum seqview_hit_kind { SEQ_HIT_LINE, SEQ_HIT_ARROW, SEQ_HIT_GROUP, SEQ_HIT_GAP };

/* Something drawn this frame: a line's strip, a head, a gap band (r), or
** an arrow's segment (x0, y0)-(x1, y1).  id: the pid, the arrow's index in
** the chart, the group (1 + index), the gap's index. */
struct seqview_hit {
	int kind;                   /* enum seqview_hit_kind */
	struct lrect r;
	int x0, y0, x1, y1;
	uint32_t id;
};

/* One pane's chart and its layout, kept between frames. */
struct seqview {
	const sim *sim;             /* the session's engine it was read for; NULL: none */
	size_t ncmds;               /* the session's commands it replayed ... */
	uint64_t cmds_key;          /* ... and a hash of them */
	struct chart *chart;        /* NULL: could not be read (out of memory) */
	uint64_t steps;             /* the steps read ahead */
	bool whole;                 /* the run ended within them */
	struct chart_layout lay;
	bool lay_ok;
	int lay_w, lay_h, lay_font; /* what the layout was made for */
	double lay_zoom;
	uint64_t lay_flip;
	int col_w, axis_w, head_h;  /* the geometry of the layout */
	bool stagger;               /* heads in two rows (names wider than a column) */
	int node_h;                 /* the row of node names above the heads (config.nodes), 0: none */
	int first, shown;           /* the first column on screen (horizontal scroll), how many fit */
	int hx;                     /* the x (chart units) of column `first` less column 0's */
	struct lrect area;          /* where the chart was drawn last (w 0: not drawn) */
	int scroll;                 /* the chart's y at the top of the area (from the playhead alone) */
	int top;                    /* screen y of the chart's y 0 (area + heads - scroll) */
	int play_y;                 /* screen y of the playhead */
	struct seqview_hit hits[SEQVIEW_MAX_HITS];
	int nhits;
};

void seqview_init(struct seqview *sv);
void seqview_free(struct seqview *sv);
/* Brings the chart up to date with session s: reads ahead again when s
** has another engine or other commands, or when its position passed
** what was read.  False when there is no chart (out of memory). */
bool seqview_read(struct seqview *sv, const struct session *s);
/* The hit at (x, y) of the last frame, or NULL (lines and heads before
** arrows: an arrow within 5 pixels). */
const struct seqview_hit *seqview_hit_at(const struct seqview *sv, int x, int y);
/* The first column to show of ncols when `shown` fit: the window's
** horizontal scroll `want` (render_view.seq_col), moved as little as needed
** to show column `sel` (-1: none); clamped so the last column ends the view. */
int seqview_first_col(int want, int sel, int shown, int ncols);
/* The y (chart units) of the playhead at tick now: below the rows of the
** last event tick at or before now. */
int seqview_play_y(const struct chart_layout *l, uint64_t now);
/* The chart's rounding of "is group g collapsed": its default (more than
** opts.collapse_over members) flipped when bit g-1 of flip is set. */
bool seqview_collapsed(const struct chart *c, uint32_t g, uint64_t flip);

#endif
