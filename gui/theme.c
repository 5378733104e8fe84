/* theme.c - the dark and high-contrast themes of theme.h. */
#include "theme.h"

#include <string.h>

#include "chart_palette.h"

/* The identity colours: chart/chart_palette.h (shared with the SVG chart). */
#define IDENT_COLORS PALETTE_IDENT

static const struct theme themes[THEME_COUNT] = {
	[THEME_DARK] = {
		"dark",
		{ PALETTE_BG, PALETTE_PANEL, PALETTE_PANEL2, PALETTE_BORDER, PALETTE_TEXT, PALETTE_DIM,
		  PALETTE_BLACK, PALETTE_ORANGE, PALETTE_SKY, PALETTE_GREEN, PALETTE_YELLOW, PALETTE_BLUE,
		  PALETTE_VERMILLION, PALETTE_PURPLE, PALETTE_GREY },
		IDENT_COLORS, 2,
	},
	/* black ground, white text, dims that are still light, borders that
	** show on a washed-out projector, the same hues a little brighter */
	[THEME_CONTRAST] = {
		"contrast",
		{ 0xff000000, 0xff1c1c1c, 0xff303030, 0xffd0d0d0, 0xffffffff, 0xffe8e8e8, 0xff000000,
		  0xffffb000, 0xff6ccfff, 0xff00c890, 0xffffff00, 0xff3d9bff, 0xffff5a1f, 0xffff8fd0,
		  0xffb0b0b0 },
		IDENT_COLORS, 3,
	},
};

const struct theme *theme_get(int id)
{
	return &themes[id > THEME_DARK && id < THEME_COUNT ? id : THEME_DARK];
}

int theme_parse(const char *name)
{
	for (int i = 0; i < THEME_COUNT; i++)
		if (strcmp(themes[i].name, name) == 0)
			return i;
	return -1;
}

int theme_slot_of(uint32_t c)
{
	c |= 0xff000000u;
	for (int i = 0; i < TS_COUNT; i++)
		if (themes[THEME_DARK].color[i] == c)
			return i;
	return -1;
}

uint32_t theme_map(const struct theme *th, uint32_t c)
{
	if (!th || th == &themes[THEME_DARK])
		return c;
	int s = theme_slot_of(c);
	return s < 0 ? c : th->color[s];
}

uint32_t theme_ident(const struct theme *th, uint32_t k)
{
	return th->ident[k % THEME_NIDENT];
}
