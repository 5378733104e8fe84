/*
** stopping.h - a child that its supervisor is stopping (OTP's termination
** protocol, issue 12) and the supervisor waiting for it, as the engine's
** views say at the tick shown: sim_proc_view's stopping_by and
** stop_deadline, sim_sup_view's stopping.  Nothing is kept between frames.
**
** A process being stopped is drawn with a dashed frame, white and the
** shutdown colour (DRAW_BLUE), and its countdown to the kill ("stopping:
** killed in 37 ticks", or "no time limit" for a shutdown of infinity): in a
** black band at the bottom of a box tall enough for it, else in a badge at
** its right end; the box's own text keeps clear of both (stopping_band_h,
** stopping_badge_w).  The supervision tree says the same in the child's row
** and "waiting for NAME <pid>" in its supervisor's (suptree.c).
*/
#ifndef BEAMSIM_GUI_STOPPING_H
#define BEAMSIM_GUI_STOPPING_H

#include <stdbool.h>
#include <stdint.h>

#include "draw.h"
#include "layout.h"
#include "sim.h"
#include "text.h"

#define STOPPING_FORMS 4         /* word forms, longest first */
#define STOPPING_LEN 96
#define STOPPING_COLOR DRAW_BLUE /* the dashes (with white): the colour of shutdown */
#define STOPPING_TEXT DRAW_SKY   /* "waiting for" in the supervision tree */

/* The countdown of pv at tick now, longest form first: "stopping: killed
** in 37 ticks", "stopping, 37 left", "stopping 37", "37" ("stopping: no
** time limit", "stopping, no limit", "stopping \u221e", "\u221e" when its
** shutdown is infinity; "stopping: killed now" ... when its time is up).
** False, out untouched, when pv is not being stopped. */
bool stopping_words(const struct sim_proc_view *pv, uint64_t now,
                    char out[STOPPING_FORMS][STOPPING_LEN]);

/* What supervisor sv waits for, longest form first: "waiting for indexer
** <0.5.0> to stop", "waiting for indexer", "waiting", "waits".  False, out untouched, when
** it is stopping no child. */
bool stopping_sup_words(const sim *s, const struct sim_sup_view *sv,
                        char out[STOPPING_FORMS][STOPPING_LEN]);

/* Draws the mark of a process being stopped over its box b, drawn before
** (a lane box or a chip): the dashed frame and the countdown.  Does
** nothing when pv is not being stopped. */
void stopping_mark(struct text *t, struct draw_canvas *c, struct lrect b,
                   const struct sim_proc_view *pv, uint64_t now);

/* Where stopping_mark draws the countdown over box b, and which form:
** out is the black band (or badge), *say the words in it (words holds
** them).  False when pv is not being stopped or nothing fits. */
bool stopping_place(struct text *t, struct lrect b, const struct sim_proc_view *pv, uint64_t now,
                    struct lrect *out, const char **say, char words[STOPPING_FORMS][STOPPING_LEN]);

/* What the mark takes off box b, so that the box's own text keeps clear
** of it (nothing of a box is covered): the height of the frame and band at
** its bottom (stopping_band_h), or for a box too low for a band the width
** of the badge at its right end (stopping_badge_w); 0 when pv is not
** being stopped or the mark takes the other form. */
int stopping_band_h(struct text *t, struct lrect b, const struct sim_proc_view *pv);
int stopping_badge_w(struct text *t, struct lrect b, const struct sim_proc_view *pv, uint64_t now);

/* Only the dashed frame, t pixels thick, inside b (the supervision tree's
** row of a child being stopped). */
void stopping_frame(struct draw_canvas *c, struct lrect b, int t);

/* The first row of supervisor sv's box in the supervision tree, `row`,
** when it waits for a child to stop: its name, pid and "waiting for NAME
** <pid> to stop" in STOPPING_TEXT (suptree.c then draws no other first
** row).  Does nothing and returns false when it waits for no child. */
bool stopping_sup_row(struct text *t, struct draw_canvas *c, struct lrect row, const sim *s,
                      const struct sim_sup_view *sv);

#endif
