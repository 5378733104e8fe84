/*
** draw.h - a tiny software rasterizer into a plain ARGB8888 pixel buffer.
**
** The GUI draws every frame into one buffer of 0xAARRGGBB pixels (the
** platform files wrap it: gui.c shows it in the window, pngout.c saves it
** for --screenshot; the tests read it back).  No SDL here: everything that
** draws (render.c, panels.c) compiles without SDL.  SDL's software renderer
** fills wide rectangles slowly (docs/performance.md); plain loops over the
** pixels are several times faster, so shapes are drawn here.  Colours are
** 0xAARRGGBB; the alpha byte of a colour is ignored except by *_blend.
** All functions clip to the canvas's clip rectangle; none allocates.
** A canvas draws with a theme (theme.h): the DRAW_* colours below are the
** dark theme's, and each is drawn as the canvas theme's colour of the same
** slot; any other colour is drawn as it is.
*/
#ifndef BEAMSIM_GUI_DRAW_H
#define BEAMSIM_GUI_DRAW_H

#include <stdint.h>

#include "chart_palette.h"   /* the colours' one definition (shared with the SVG) */

struct theme;

struct draw_canvas {
	uint32_t *px;         /* borrowed; row y starts at px + y * stride */
	int w, h, stride;     /* stride in pixels, >= w */
	int cx0, cy0, cx1, cy1;   /* clip: [cx0, cx1) x [cy0, cy1) */
	const struct theme *theme;   /* borrowed; NULL = the dark theme */
};

/* The dark theme's colours (chart/chart_palette.h: Okabe-Ito plus greys),
** which also name the slots of every theme. */
enum {
	DRAW_BG = PALETTE_BG, DRAW_PANEL = PALETTE_PANEL, DRAW_PANEL2 = PALETTE_PANEL2,
	DRAW_BORDER = PALETTE_BORDER, DRAW_TEXT = PALETTE_TEXT, DRAW_DIM = PALETTE_DIM,
	DRAW_BLACK = PALETTE_BLACK,
	DRAW_ORANGE = PALETTE_ORANGE, DRAW_SKY = PALETTE_SKY, DRAW_GREEN = PALETTE_GREEN,
	DRAW_YELLOW = PALETTE_YELLOW, DRAW_BLUE = PALETTE_BLUE, DRAW_VERMILLION = PALETTE_VERMILLION,
	DRAW_PURPLE = PALETTE_PURPLE, DRAW_GREY = PALETTE_GREY
};
#define DRAW_CRASH DRAW_VERMILLION

/* Starts drawing into the w x h pixels at px (borrowed, stride pixels per
** row), with no clip.  Returns false (c untouched) if px is NULL, a size is
** not positive or stride < w. */
int draw_begin(struct draw_canvas *c, uint32_t *px, int w, int h, int stride);
void draw_clip(struct draw_canvas *c, int x, int y, int w, int h);   /* w <= 0: no clip */
void draw_clear(struct draw_canvas *c, uint32_t color);
void draw_fill(struct draw_canvas *c, int x, int y, int w, int h, uint32_t color);
void draw_blend(struct draw_canvas *c, int x, int y, int w, int h, uint32_t color, int alpha);
void draw_frame(struct draw_canvas *c, int x, int y, int w, int h, int t, uint32_t color);
void draw_line(struct draw_canvas *c, int x0, int y0, int x1, int y1, int t, uint32_t color,
               int alpha);
void draw_disc(struct draw_canvas *c, int cx, int cy, int r, uint32_t color, int alpha);
void draw_ring(struct draw_canvas *c, int cx, int cy, int r, int t, uint32_t color, int alpha);
uint32_t draw_pixel(const struct draw_canvas *c, int x, int y);
/* The colour `color` is drawn as on this canvas (its theme applied). */
uint32_t draw_color(const struct draw_canvas *c, uint32_t color);
/* Black or white, whichever reads better on `bg`. */
uint32_t draw_text_on(uint32_t bg);
uint32_t draw_mix(uint32_t a, uint32_t b, int t256);   /* t256 = 0: a, 256: b */

#endif
