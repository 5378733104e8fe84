/*
** theme.h - the colours the window draws with: the default dark theme and
** a high-contrast one for projectors (--theme contrast, key T).
**
** The drawing code names colours by the DRAW_* enum of draw.h, whose values
** are the dark theme's colours; a canvas drawing with another theme maps
** each of those to the theme's own colour at the moment it draws
** (draw_color).  So a theme is a table indexed by slot, and the dark theme
** maps every colour to itself.  Process identity colours (theme_ident) are
** Okabe-Ito, the colour-blind-safe palette, and variations of it; which
** process gets which is decided by procbox.c (render_ident_color).
** Nothing here knows SDL.
*/
#ifndef BEAMSIM_GUI_THEME_H
#define BEAMSIM_GUI_THEME_H

#include <stdint.h>

enum theme_id { THEME_DARK, THEME_CONTRAST, THEME_COUNT };

/* The slots: one per DRAW_* colour of draw.h, in the same order as
** theme_dark_colors below. */
enum theme_slot {
	TS_BG, TS_PANEL, TS_PANEL2, TS_BORDER, TS_TEXT, TS_DIM, TS_BLACK, TS_ORANGE, TS_SKY,
	TS_GREEN, TS_YELLOW, TS_BLUE, TS_VERMILLION, TS_PURPLE, TS_GREY, TS_COUNT
};

#define THEME_NIDENT 12          /* identity colours before they repeat */
/* The least CIE76 colour difference (Delta E in CIELAB) between an
** identity colour and a colour of an end (normal grey, shutdown blue,
** crash vermillion) of the same theme: a live process never looks ended. */
#define THEME_END_DISTANCE 25

struct theme {
	const char *name;                  /* "dark", "contrast" */
	uint32_t color[TS_COUNT];          /* 0xffRRGGBB by slot */
	uint32_t ident[THEME_NIDENT];      /* process identity colours */
	int box_border;                    /* px of the dark outline around process boxes */
};

/* The theme of an id (any out-of-range id gives the dark theme). */
const struct theme *theme_get(int id);
/* "dark" / "contrast" -> id, or -1. */
int theme_parse(const char *name);
/* The slot of a DRAW_* colour (the dark theme's value), or -1 if the
** colour is none of them (a literal colour, drawn as it is). */
int theme_slot_of(uint32_t dark_color);
/* The colour `c` drawn with theme th: c itself for the dark theme or a
** literal colour, else th's colour of c's slot. */
uint32_t theme_map(const struct theme *th, uint32_t c);
/* The k-th identity colour (they repeat after THEME_NIDENT). */
uint32_t theme_ident(const struct theme *th, uint32_t k);

#endif
