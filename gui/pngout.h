/* pngout.h - writes the pixels of a draw_canvas as a PNG file (libpng). */
#ifndef BEAMSIM_GUI_PNGOUT_H
#define BEAMSIM_GUI_PNGOUT_H

#include <stddef.h>

#include "draw.h"

/* Writes all c->w x c->h pixels (the clip does not apply) as 8-bit RGB.
** Returns 0 on success, -1 (with a message in err) on failure. */
int pngout_write(const char *path, const struct draw_canvas *c, char *err, size_t errlen);

#endif
