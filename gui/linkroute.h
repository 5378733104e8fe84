/*
** linkroute.h - where a link may run: the boxes of a frame as obstacles,
** and an orthogonal path around them when no curve is clear (links.c).
**
** The obstacles are every process box drawn this frame (r->hits, where it
** is drawn now) and every ghost (r->ghosts), each grown by ROUTE_MARGIN
** pixels, the strips of text around the lanes (header, caption, each
** pane's status line and timeline), and in a run with nodes the borders
** of the node frames (route_ends) and the node names heading the side
** panel's groups of chips.  A path avoids every obstacle but those of its two ends (same
** pane and pid).  Tests of a segment look only at the obstacles in the
** 32-pixel buckets it crosses.  The orthogonal router searches a sparse
** grid (A*, a bend costs as much as ROUTE_BEND pixels): its lines run
** through the middle of every gap between two obstacle edges, so every
** gutter between two boxes is a line.  All memory is allocated by
** route_create and when the frame has more obstacles than ever before;
** a frame otherwise allocates nothing.
*/
#ifndef BEAMSIM_GUI_LINKROUTE_H
#define BEAMSIM_GUI_LINKROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"

#define ROUTE_MARGIN 1           /* free pixels kept between a link and a box */
#define ROUTE_BEND 30            /* the cost of a bend, in pixels of length */
#define ROUTE_MAX_PTS 20         /* points of one path */

/* One path: a polyline of n points (a curve is 16 chords). */
struct route_path {
	int16_t x[ROUTE_MAX_PTS], y[ROUTE_MAX_PTS];
	int n;
};

/* The two ends of a link: their boxes, pids and pane; fa, fb: 1 + the
** node frame (nodes.h) that holds box a / b, 0 none.  A frame's border is
** an obstacle to every path but one with exactly one end inside it: a
** link within a node stays in its frame, and no link crosses a frame it
** does not belong to. */
struct route_ends {
	struct lrect a, b;
	uint32_t pa, pb;
	int pane;
	int fa, fb;
};

#define ROUTE_FRAME 0xffff0000u  /* the pid of frame k's border: ROUTE_FRAME + k */

struct route;
struct render;

/* NULL when out of memory (then links are drawn unrouted). */
struct route *route_create(void);
void route_destroy(struct route *rt);
/* Takes the obstacles of r's frame (hits, ghosts, strips); w x h the canvas.
** False when out of memory (then no segment is ever blocked). */
bool route_begin(struct route *rt, const struct render *r, int w, int h);
/* Whether the segment (x0, y0)-(x1, y1) crosses an obstacle that is not
** one of e's ends. */
bool route_blocked(struct route *rt, const struct route_ends *e, int x0, int y0, int x1, int y1);
/* Whether some segment of p is blocked. */
bool route_path_blocked(struct route *rt, const struct route_ends *e, const struct route_path *p);
/* An orthogonal path from the edge of e->a to the edge of e->b that no
** obstacle blocks, the shortest counting bends; false when there is none
** (or it has more than ROUTE_MAX_PTS points, or the grid is too large). */
bool route_orthogonal(struct route *rt, const struct route_ends *e, struct route_path *p);
/* Whether the closed segment crosses the closed rectangle b grown by m. */
bool route_seg_hits_rect(int x0, int y0, int x1, int y1, struct lrect b, int m);

#endif
