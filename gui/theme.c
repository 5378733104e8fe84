/* theme.c - the dark and high-contrast themes of theme.h. */
#include "theme.h"

#include <string.h>

/* Okabe-Ito without the colours of ends: vermillion (crash), its
** neighbour orange (anti-aliased text on orange is vermillion-ish, and a
** live orange box next to a crash reads as crashed from the back of a
** room), blue (shutdown) and grey (normal); Paul Tol's olive in blue's
** place; then a lighter variation of each, a lavender, Tol's purple and a
** teal: 12 colours a colour-blind viewer still tells apart by hue or
** lightness, each at least THEME_END_DISTANCE from every colour of an end
** in both themes (tests/gui_test_present.c). */
#define IDENT_COLORS                                                          \
	{ 0xff56b4e9, 0xff009e73, 0xfff0e442, 0xff999933, 0xffcc79a7, 0xffa48ee0, \
	  0xffa0d8ff, 0xff5fd0a8, 0xfff8f29a, 0xffaa4499, 0xfff2b0d8, 0xff7cc8c0 }

static const struct theme themes[THEME_COUNT] = {
	[THEME_DARK] = {
		"dark",
		{ 0xff101318, 0xff1c2129, 0xff262c36, 0xff3a4250, 0xfff4f4f4, 0xffa9b2bf, 0xff000000,
		  0xffe69f00, 0xff56b4e9, 0xff009e73, 0xfff0e442, 0xff0072b2, 0xffd55e00, 0xffcc79a7,
		  0xff7d8590 },
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
