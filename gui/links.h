/*
** links.h - the links between process boxes and the messages and exit
** signals that fly between them, drawn by render_frame (render.h).
**
** A link is a path from box edge to box edge (struct render_seg, kept in
** r->segs for the frame) that passes no other box or ghost: a curve when
** one is clear, else an orthogonal path around the boxes (linkroute.h).
** Messages fly between the places the animation recorded (anim.h); exit
** signals along the routed path of their link (r->fly keeps the first).  Everything is read from the frame's
** hits and the engine's links at the tick shown; nothing is allocated.
*/
#ifndef BEAMSIM_GUI_LINKS_H
#define BEAMSIM_GUI_LINKS_H

#include <stdbool.h>

#include "render.h"

/* The links of the frame, in two passes.  Behind the boxes (front false):
** every link as a faint curve, recorded in r->segs.  Over the boxes (front
** true): the links of the selected process and of the one under the
** mouse bold (the others fainter), and a knob at each end. */
void links_draw(struct render *r, struct draw_canvas *c, const struct render_view *v, bool front);
/* The point at u in [0, 1] of the length of link g's path (0: its first
** end, 1: its second). */
void links_point(const struct render_seg *g, double u, int *x, int *y);
/* The messages and exit signals of pane's last step, at phase v->fly_t
** (nothing when it is 0 or 1).  An exit signal travels along the curve of
** the link it follows (routed as links are), from the dead process (its ghost) to the process it
** reaches (its box, or its ghost when the signal killed it). */
void links_flights(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane);

#endif
