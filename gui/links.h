/*
** links.h - the links between process boxes and the messages and exit
** signals that fly between them, drawn by render_frame (render.h).
**
** A link is a curve from box edge to box edge (struct render_seg, kept in
** r->segs for the frame); messages and exit signals fly between the places
** the animation recorded (anim.h).  Everything is read from the frame's
** hits and the engine's links at the tick shown; nothing is allocated.
*/
#ifndef BEAMSIM_GUI_LINKS_H
#define BEAMSIM_GUI_LINKS_H

#include <stdbool.h>

#include "render.h"

/* The links of the frame, in two passes.  Behind the boxes (front false):
** every link as a faint curve, recorded in r->segs.  Over the boxes (front
** true): the selected process's links bold, and a knob at each end. */
void links_draw(struct render *r, struct draw_canvas *c, const struct render_view *v, bool front);
/* The messages and exit signals of pane's last step, at phase v->fly_t
** (nothing when it is 0 or 1). */
void links_flights(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane);

#endif
