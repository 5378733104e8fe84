/*
** text.h - fonts and a glyph cache for drawing text into a draw_canvas.
**
** Glyphs are rendered once per (font, code point) with SDL_ttf, in white,
** and tinted at blit time, so steady-state frames allocate nothing however
** often the strings change (a tick counter, a queue length).  Kerning is
** not applied.  When no font can be opened, every function still works and
** draws nothing; text_error() says why.
*/
#ifndef BEAMSIM_GUI_TEXT_H
#define BEAMSIM_GUI_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "draw.h"
#include "layout.h"

enum text_font { TEXT_SMALL, TEXT_MID, TEXT_MID_BOLD, TEXT_BIG_BOLD, TEXT_MONO, TEXT_FONT_COUNT };

struct text;

/* Opens the fonts (BEAMSIM_FONT, then DejaVu Sans from fonts-dejavu-core and
** other usual places).  Never returns NULL except when out of memory; a
** missing font leaves a message in text_error(). */
struct text *text_create(void);
void text_destroy(struct text *t);
const char *text_error(const struct text *t);     /* NULL when fonts are loaded */
/* Sets the pixel sizes of the fonts (reopening them, clearing the cache). */
void text_set_sizes(struct text *t, const int px[TEXT_FONT_COUNT]);
int text_height(const struct text *t, enum text_font f);    /* line height */
/* The pixel size of font f (what text_set_sizes was given). */
int text_px(const struct text *t, enum text_font f);
/* The smallest pixel size of any non-empty text drawn by text_draw or
** text_wrap since the last text_reset_drawn (0 when nothing was drawn);
** the test that every text is readable reads it after a frame. */
int text_min_drawn(const struct text *t);
void text_reset_drawn(struct text *t);
int text_width(struct text *t, enum text_font f, const char *s);

/* One text drawn by text_draw (text_wrap draws line by line): where, in
** which font, and the string it was given (its first TEXT_REC_LEN - 1
** bytes); cut is set when it was drawn cut with "...". */
#define TEXT_REC_LEN 96
struct text_rec {
	enum text_font f;
	int x, y, w, h;
	int cut;
	char s[TEXT_REC_LEN];
};
/* From now on every text drawn is appended to rec (at most cap; *n counts
** every one, also those past cap), for the tests that read what a frame
** says and where.  rec NULL stops it.  Borrowed: rec and n must outlive
** the recording. */
void text_record(struct text *t, struct text_rec *rec, size_t cap, size_t *n);
/* From now on the rectangle of every text drawn is appended to rect (at
** most cap; *n counts those kept), beside text_record's recording: the
** renderer keeps its tags clear of them (netmarks.h).  rect NULL stops it.
** Borrowed, like text_record's. */
void text_track(struct text *t, struct lrect *rect, size_t cap, size_t *n);
/* From now on a text that would lie partly under v (w 0: none) is not
** drawn at all (returns 0): the inspector's drawer hides what is under
** it, and a text half under it would read as cut.  Set by the renderer
** for the lanes while the drawer is open. */
void text_veil(struct text *t, struct lrect v);
/* From now on a text that would not lie wholly inside b (w 0: no bound)
** is not drawn: a panel's last lines that would cross its edge. */
void text_bound(struct text *t, struct lrect b);
/* Draws s with its top-left at (x, y), cut with "..." to at most maxw pixels
** (maxw <= 0: no limit).  Returns the width drawn. */
int text_draw(struct text *t, struct draw_canvas *c, enum text_font f, int x, int y,
              uint32_t color, const char *s, int maxw);
/* Draws s word-wrapped into a box of width w, at most max_lines lines (the
** last one cut with "..."). Returns the number of lines drawn. */
int text_wrap(struct text *t, struct draw_canvas *c, enum text_font f, int x, int y, int w,
              int max_lines, uint32_t color, const char *s);
/* How many lines text_wrap would need for all of s in width w (0 for an
** empty s or when no font is loaded). */
int text_wrap_count(struct text *t, enum text_font f, int w, const char *s);

#endif
