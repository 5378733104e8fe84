/*
** gifout.h - writes an animated GIF frame by frame from the pixels of a
** draw_canvas (giflib).  No SDL here: it takes the plain pixel buffer.
**
** The file is replaced whole or not at all (common/afile.h, as the CLI's
** summary): written to a temporary file beside the target and renamed
** onto it by gifout_close, so a failed or abandoned export never leaves
** half a GIF (nor destroys the file it would have replaced).  A target
** that exists and is not a regular file (/dev/null, a pipe) is opened at
** once and written at the close, from an anonymous temporary file.
**
** Colours.  One global colour table of 256 entries: index 255 is the
** transparent pixel of the later frames, indices 0..254 are colours: first
** those passed to gifout_seed (the window's theme: kept exact), then the
** colours of the first frame, the most frequent first (more pixels first,
** then the smaller 0xRRGGBB), then colours met in later frames, pixel by
** pixel, while entries are free.  A run whose frames hold at most 255
** colours in all is kept exact.  When the table is full, each further
** colour is drawn as the nearest entry (the smallest distance with the red,
** green and blue differences squared and weighted 2, 4, 3; the lowest index
** on a tie) and counted in gifout_stats.  All of it is deterministic: the
** same frames give the same bytes.  The table is written last, over its
** place in the file's header.
** Frames.  The first frame is whole; each later one is the bounding box of
** the pixels that changed since the frame before, drawn over it (disposal
** "do not dispose"), its unchanged pixels transparent.  A frame equal to
** the one before is a single transparent pixel: it is still a frame, with
** its own delay.  The animation loops forever (NETSCAPE2.0).
*/
#ifndef BEAMSIM_GUI_GIFOUT_H
#define BEAMSIM_GUI_GIFOUT_H

#include <stddef.h>
#include <stdint.h>

#include "draw.h"

#define GIFOUT_COLORS 255        /* colours kept exactly; index 255 is transparent */

struct gifout;

struct gifout_stats {
	size_t frames;               /* written so far */
	size_t colors;               /* palette entries in use, at most GIFOUT_COLORS */
	size_t approximated;         /* distinct colours drawn as their nearest entry */
};

/* Starts a w x h animation for path: creates the temporary file now, so
** that an unwritable place is reported before any frame is drawn.
** Returns NULL with a message naming the path in err. */
struct gifout *gifout_open(const char *path, int w, int h, char *err, size_t errlen);
/* Puts colors[0..n) first in the palette (at most GIFOUT_COLORS in all,
** duplicates once); only before the first frame. */
void gifout_seed(struct gifout *g, const uint32_t *colors, size_t n);
/* Appends the w x h pixels of c (the open size; the clip does not apply),
** shown for delay_cs hundredths of a second.  0, or -1 with a message. */
int gifout_frame(struct gifout *g, const struct draw_canvas *c, int delay_cs, char *err,
                 size_t errlen);
void gifout_stats(const struct gifout *g, struct gifout_stats *st);
/* Finishes the file and renames it onto the path; frees g.  0, or -1 with
** a message (the temporary file is then removed). */
int gifout_close(struct gifout *g, char *err, size_t errlen);
/* Abandons the file (the temporary file is removed); frees g.  NULL: no-op. */
void gifout_discard(struct gifout *g);

#endif
