/* pngout.h - writes an ARGB8888 surface as a PNG file (libpng). */
#ifndef BEAMSIM_GUI_PNGOUT_H
#define BEAMSIM_GUI_PNGOUT_H

#include <SDL.h>

/* Returns 0 on success, -1 (with a message in err) on failure. */
int pngout_write(const char *path, SDL_Surface *surf, char *err, size_t errlen);

#endif
