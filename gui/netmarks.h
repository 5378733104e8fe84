/*
** netmarks.h - where the news of a broken connection arrived (issue 16):
** the processes that got ["nodedown", NODE], an ["EXIT", NAME,
** "noconnection"] or ["DOWN", NAME, "noconnection"] message, or died of an
** exit signal noconnection.  The window marks each on its box for
** NETMARK_TICKS ticks.
**
** A session keeps them like the notes' ticks (notes.h): read from the
** events of every step it makes (netmarks_scan), forgotten after tick T when
** it goes back to T (netmarks_rewind; a replay is exact, so the marks up to
** T stay right), all forgotten for a new config.  Only the latest
** NETMARKS_MAX are kept (a fixed array: no allocation); a mark older than
** that many later marks is not shown after a step back to its time.  A run
** without nodes records nothing.
*/
#ifndef BEAMSIM_GUI_NETMARKS_H
#define BEAMSIM_GUI_NETMARKS_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "sim.h"

#define NETMARKS_MAX 512
#define NETMARK_TICKS 40          /* a mark shows for ticks [tick, tick + NETMARK_TICKS] */

struct netmark {
	uint32_t pid;
	uint64_t tick;
	char text[40];                /* "nodedown b", "EXIT noconnection", ... (netmarks_scan's buffer) */
};

struct netmarks {
	struct netmark v[NETMARKS_MAX];   /* in tick order */
	size_t n;
};

void netmarks_clear(struct netmarks *m);
/* Reads the events ev[0..n) of engine s (just produced by a step or command). */
void netmarks_scan(struct netmarks *m, const sim *s, const struct sim_event *ev, size_t n);
/* Forgets the marks after tick `now`. */
void netmarks_rewind(struct netmarks *m, uint64_t now);
/* The mark of pid shown at tick now (the latest), or NULL. */
const struct netmark *netmarks_at(const struct netmarks *m, uint32_t pid, uint64_t now);

/* What a tag keeps clear of: the rectangles ob[0 .. nob), first the
** boxes (ob[0 .. nbox): process boxes and ghosts; one equal to the tag's
** own box is not in its way), then texts drawn and tags placed already;
** inside bounds (w 0: no bounds). */
struct netmarks_room {
	const struct lrect *ob;
	int nob, nbox;
	struct lrect bounds;
};

/*
** Where the tags of n marked boxes go (box[i], a tag w[i] x h each), so
** that no tag covers another, nor (room not NULL) anything of room: the
** first free place of these: on the box's bottom edge from its right end,
** then from its left (the name at the top stays readable; a box less than
** two tags high skips both), in the box's row right of it, under it, over
** it, the last three moved right past texts (under and over: while they
** start over the box's left half) but never past another box (the tag would read as
** that box's).  When none is free of the boxes,
** the same free of texts and tags only (covering the edge of a box next
** to it, never its text); when none is either, out[i].w is 0: no tag (a
** crowded lane: the box keeps its vermillion frame).
*/
void netmarks_place(const struct lrect *box, const int *w, int h, int n,
                    const struct netmarks_room *room, struct lrect *out);

#endif
