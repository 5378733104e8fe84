/*
** gifrec.h - the window as an animated GIF (gifout.h): `beamsim gui FILE
** --gif OUT.gif --from A --to B` and the G key.
**
** A GIF of ticks A..B is the frame of tick A (as `--screenshot --at A`
** draws it), then for each later tick t the step t-1 -> t in fps frames at
** the phases 1/fps, 2/fps ... 1 (slides, flights, ghosts: `--screenshot
** --at t --phase k/fps`): 1 + (B - A) * fps frames.  Every frame shows for
** GIFREC_FRAME_CS hundredths of a second, the last one GIFREC_END_CS, and
** the GIF loops.  Its header says PLAY, at the ticks per second the GIF
** plays at (gifrec_tps).  No SDL here: frames go through a plain pixel buffer.
** Without giflib (BEAMSIM_HAVE_GIF undefined) every function that writes
** says that this beamsim was built without it.
*/
#ifndef BEAMSIM_GUI_GIFREC_H
#define BEAMSIM_GUI_GIFREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "gifout.h"

#define GIFREC_FPS 10             /* frames per tick by default: a tick lasts 0.4 s */
#define GIFREC_FPS_MAX 50
#define GIFREC_FRAME_CS 4         /* every frame shows 40 ms (25 frames a second) */
#define GIFREC_END_CS 200         /* the last frame: 2 s before the loop starts again */
#define GIFREC_MAX_FRAMES 10000

struct gifrec_range {
	uint64_t from, to;            /* the first and last tick */
	bool to_given;                /* false: gifrec_resolve sets `to` to the end of the run */
	int fps;                      /* frames per tick, 1..GIFREC_FPS_MAX; 0: GIFREC_FPS */
};

/* The ticks per second a GIF plays at fps frames per tick (its header
** says so): 100 / (fps * GIFREC_FRAME_CS), to one decimal below 10, else
** to a whole number. */
double gifrec_tps(int fps);
/* The frames of a range: 1 + (to - from) * fps. */
uint64_t gifrec_frames(const struct gifrec_range *rg);
/* Checks rg on a fresh app (every pane at tick 0, no kills), which it
** leaves at tick 0: from <= to, at most GIFREC_MAX_FRAMES frames, and the
** run reaches `to` (without to_given, `to` becomes the tick the run ends
** at).  GUI_OK, or GUI_EUSAGE with a message in err. */
enum gui_status gifrec_resolve(struct app *a, struct gifrec_range *rg, char *err, size_t errlen);
/* Brings every pane from a tick before t to tick t as `--screenshot --at
** t` does: to t - 1, one frame drawn into c (where the boxes are before
** the step), then one animated step.  t == 0: nothing to do. */
void gifrec_arrive(struct app *a, struct render *r, struct draw_canvas *c, uint64_t t);
/* With the app arrived at rg->from (rg resolved), writes the GIF of rg into
** path (renamed into place at the end: never half a file), drawing with r
** into c (the GIF's size); the app ends at rg->to.  st (may be NULL) gets
** the encoder's figures.  GUI_OK, or GUI_EWRITE / GUI_ENOMEM / GUI_EUSAGE
** (no giflib) with a message in err. */
enum gui_status gifrec_write(struct app *a, struct render *r, struct draw_canvas *c,
                             const struct gifrec_range *rg, const char *path,
                             struct gifout_stats *st, char *err, size_t errlen);
/* The G key in a w x h window: the first press starts recording at the
** current tick; the second writes ticks from..now (in order) at
** GIFREC_FPS as beamsim-SCENARIO-FROM-TO.gif in the current directory,
** drawn as `--gif` draws that range of the run on screen (its kills, its
** settings, the selection, scale and theme), then the window is back where
** it was.  Each press says what it did in a toast (app_message). */
void gifrec_key(struct app *a, struct text *t, int w, int h);

#endif
