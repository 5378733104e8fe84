/*
** nodes.h - the nodes of a distributed run on screen (issue 16): each node
** a frame around its scheduler lanes with its name on a title strip, a
** network band between two frames, and where a signal in flight between
** nodes is at a given time.  Pure geometry: no drawing, no SDL (drawing is
** gui/nodes_draw.c, declared in render.h), so tests check it with numbers.
**
** A run without config.nodes (sim_node_count 0) has no frames: the layout
** is left exactly as layout_compute made it, so one-node pictures do not
** change by a pixel.
*/
#ifndef BEAMSIM_GUI_NODES_H
#define BEAMSIM_GUI_NODES_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "sim.h"

#define NODES_MAX 64

/* The frames of one pane.  Frames are stacked top to bottom in the
** nodes' file order, each holding its schedulers' lanes (global numbers
** first_lane .. first_lane + nlanes - 1); band[k] lies between frame k
** and frame k + 1 (k < n - 1).  With 3 nodes or more the frames leave a
** column at their right, the trunk: a signal between two nodes that are
** not neighbours goes along the bands and the trunk, around the frames
** between them, never across one. */
struct nodes_pane {
	int n;                       /* 0: one node, nothing of this is drawn */
	struct lrect frame[NODES_MAX];
	struct lrect title[NODES_MAX];
	struct lrect band[NODES_MAX];
	struct lrect trunk;          /* w 0: none (fewer than 3 nodes) */
	int tl_sep[NODES_MAX];       /* the timeline: y of the gap under node k's rows, -1 none */
	int first_lane[NODES_MAX], nlanes[NODES_MAX];
};

/* A number that changes when the nodes of s do (their count and
** schedulers); 0 without nodes.  The renderer lays out again on a change. */
uint64_t nodes_signature(const sim *s);

/* Regroups the lanes of pane `pane` of l by node of s: a title strip over
** each node's lanes, a band between two nodes; the lanes share what is
** left (a fitted pane first takes that room from `below`).  np->n = 0 and
** l unchanged without nodes, when a node has no lane on screen, or when
** the titles and bands would leave a lane less than a line of text (many
** nodes in a small window: the lanes are then drawn as without nodes).
** Titles and bands are made smaller when the full ones would leave the
** running boxes too low for a name.  The timeline's rows are grouped by
** node the same way, a gap between two nodes (tl_sep). */
void nodes_layout(struct nodes_pane *np, struct layout *l, int pane, const sim *s);

/* The frame k whose lanes include lane i, or -1. */
int nodes_of_lane(const struct nodes_pane *np, int lane);

/* Whether pids a and b are on different nodes (a message between them
** crosses the network, drawn by the nodes, not flown in one step). */
bool nodes_apart(const sim *s, uint32_t a, uint32_t b);

/* The way of a signal in flight from node a to node b, a polyline: from
** the edge of frame a facing b (at x0) to the edge of frame b facing a (at
** x1), straight across the band between neighbours; between frames that
** are not neighbours along a's band to the trunk, along the trunk, and
** along b's band to x1 (two directions, two tracks: down left of the
** trunk's middle, up right).  x0 or x1 < 0: 2/5 of the frame's width when
** b is below a, 3/5 when above.  `cut` is the part of the way (0 .. 1)
** where it meets the first partition cut (groups[k] per node: a band
** between frames of different groups; on the trunk, between the frames
** above and below a band when no group has nodes on both sides), -1 when
** none; a way between different groups with no cut drawn on it stops at
** the middle of its trunk part. */
#define NODES_WAY_MAX 6
struct nodes_way {
	int n;                       /* points: 2 (neighbours) or 6 (around) */
	int x[NODES_WAY_MAX], y[NODES_WAY_MAX];
	double cut;
};
bool nodes_way(const struct nodes_pane *np, uint32_t a, uint32_t b, int x0, int x1,
               const uint32_t *groups, struct nodes_way *w);
/* Whether the partition groups (groups[k] per node) split the nodes at band
** k: no group has nodes both above and below it (the trunk is cut there). */
bool nodes_split_at(const struct nodes_pane *np, int k, const uint32_t *groups);
/* The point at part f (0 .. 1) of way w; the part at its point i. */
void nodes_way_at(const struct nodes_way *w, double f, int *x, int *y);
double nodes_way_part(const struct nodes_way *w, int i);
/* Where on way w a signal is at time t (ticks, fractional) when it went
** on the network at `sent` and arrives at `due`: (t - sent) / (due - sent)
** of the way, clamped to [0, 1].  A `lost` one stops at the cut (or, with
** no cut, at the end); *stopped says it has reached that point.  Returns
** the part of the way it is at. */
double nodes_point(const struct nodes_way *w, uint64_t sent, uint64_t due, double t, bool lost,
                 int *x, int *y, bool *stopped);

#endif
