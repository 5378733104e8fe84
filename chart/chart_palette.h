/*
** chart_palette.h - the one definition of beamsim's colours, shared by the
** window (gui/draw.h, gui/theme.c) and the sequence chart's SVG
** (chart_svg.c), so the picture on a slide has the window's colours.
** Plain 0xAARRGGBB numbers: no code, no dependency; chart/ never includes
** gui/, and gui/ includes this file.
**
** The dark theme's colours: Okabe-Ito (Okabe & Ito 2008), the colour-blind-
** safe palette, plus greys.  Each names a slot of every theme (gui/theme.h).
*/
#ifndef BEAMSIM_CHART_PALETTE_H
#define BEAMSIM_CHART_PALETTE_H

#define PALETTE_BG 0xff101318
#define PALETTE_PANEL 0xff1c2129
#define PALETTE_PANEL2 0xff262c36
#define PALETTE_BORDER 0xff3a4250
#define PALETTE_TEXT 0xfff4f4f4
#define PALETTE_DIM 0xffa9b2bf
#define PALETTE_BLACK 0xff000000
#define PALETTE_ORANGE 0xffe69f00
#define PALETTE_SKY 0xff56b4e9
#define PALETTE_GREEN 0xff009e73
#define PALETTE_YELLOW 0xfff0e442
#define PALETTE_BLUE 0xff0072b2        /* shutdown */
#define PALETTE_VERMILLION 0xffd55e00  /* a crash */
#define PALETTE_PURPLE 0xffcc79a7
#define PALETTE_GREY 0xff7d8590        /* normal */

/* Process identity colours: Okabe-Ito without the colours of ends:
** vermillion (crash), its neighbour orange (anti-aliased text on orange is
** vermillion-ish, and a live orange box next to a crash reads as crashed
** from the back of a room), blue (shutdown) and grey (normal); Paul Tol's
** olive in blue's place; then a lighter variation of each, a lavender,
** Tol's purple and a teal: 12 colours a colour-blind viewer still tells
** apart by hue or lightness, each at least THEME_END_DISTANCE (gui/theme.h)
** from every colour of an end in both themes (tests/gui_test_present.c). */
#define PALETTE_NIDENT 12
#define PALETTE_IDENT                                                         \
	{ 0xff56b4e9, 0xff009e73, 0xfff0e442, 0xff999933, 0xffcc79a7, 0xffa48ee0, \
	  0xffa0d8ff, 0xff5fd0a8, 0xfff8f29a, 0xffaa4499, 0xfff2b0d8, 0xff7cc8c0 }

#endif
