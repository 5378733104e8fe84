/* text.c - fonts and the glyph cache of text.h. */
#include "text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>

#define CACHE_SIZE 4096            /* open addressing, power of two */

struct glyph {
	uint32_t key;                  /* font << 24 | code point; 0 = empty */
	SDL_Surface *surf;             /* white glyph, NULL for an empty one (space) */
	int adv;
};

struct text {
	TTF_Font *font[TEXT_FONT_COUNT];
	int height[TEXT_FONT_COUNT];
	int px[TEXT_FONT_COUNT];
	int min_drawn;                 /* text_min_drawn, 0 = nothing yet */
	struct text_rec *rec;          /* text_record: borrowed, NULL = off */
	size_t rec_cap, *rec_n;
	struct lrect *track;           /* text_track: borrowed, NULL = off */
	size_t track_cap, *track_n;
	struct lrect veil;             /* text_veil: w 0 = none */
	struct lrect bound;            /* text_bound: w 0 = none */
	char path[2][512];             /* regular/bold; mono is found next to them */
	char mono[512];
	char err[600];
	struct glyph cache[CACHE_SIZE];
	size_t used;
	int ttf_ok;
	SDL_Surface *target;           /* wraps the pixels of the last canvas drawn into */
};

/* Searched in this order after $BEAMSIM_FONT; the first is where Debian's
** fonts-dejavu-core (a dependency of the .deb) puts it. */
static const char *const regular_paths[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
	"/usr/share/fonts/dejavu/DejaVuSans.ttf",
	"/usr/local/share/fonts/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
};

static int readable(const char *p)
{
	FILE *f = fopen(p, "rb");
	if (!f)
		return 0;
	fclose(f);
	return 1;
}

/* Derives a sibling face path: DejaVuSans.ttf -> DejaVuSans-Bold.ttf. */
static void sibling(const char *reg, const char *from, const char *to, char *out, size_t n)
{
	const char *p = strstr(reg, from);
	if (!p) {
		snprintf(out, n, "%s", reg);
		return;
	}
	snprintf(out, n, "%.*s%s%s", (int)(p - reg), reg, to, p + strlen(from));
	if (!readable(out))
		snprintf(out, n, "%s", reg);
}

/* The sizes in pixels of the TEXT_* fonts at scale 1. */
static const int default_px[TEXT_FONT_COUNT] = { 18, 22, 22, 30, 18 };

/* Finds the regular face: $BEAMSIM_FONT, then regular_paths; NULL with
** t->err saying how to get one. */
static const char *find_font(struct text *t)
{
	const char *env = getenv("BEAMSIM_FONT");
	if (env && *env && readable(env))
		return env;
	for (size_t i = 0; i < sizeof regular_paths / sizeof *regular_paths; i++)
		if (readable(regular_paths[i]))
			return regular_paths[i];
	snprintf(t->err, sizeof t->err, "%s%s%sno font found (looked for %s and %zu other "
	         "places): install one with 'apt install fonts-dejavu-core' or set "
	         "BEAMSIM_FONT to a .ttf file",
	         env && *env ? "BEAMSIM_FONT=" : "", env && *env ? env : "",
	         env && *env ? " cannot be read and " : "", regular_paths[0],
	         sizeof regular_paths / sizeof *regular_paths - 1);
	return NULL;
}

struct text *text_create(void)
{
	struct text *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	if (TTF_Init() != 0)            /* reference counted */
		snprintf(t->err, sizeof t->err, "cannot start SDL_ttf: %s", TTF_GetError());
	else
		t->ttf_ok = 1;
	const char *reg = t->ttf_ok ? find_font(t) : NULL;
	if (reg) {
		snprintf(t->path[0], sizeof t->path[0], "%s", reg);
		sibling(reg, "Sans.ttf", "Sans-Bold.ttf", t->path[1], sizeof t->path[1]);
		sibling(reg, "Sans.ttf", "SansMono.ttf", t->mono, sizeof t->mono);
	}
	text_set_sizes(t, default_px);
	return t;
}

static void clear_cache(struct text *t)
{
	for (size_t i = 0; i < CACHE_SIZE; i++) {
		if (t->cache[i].surf)
			SDL_FreeSurface(t->cache[i].surf);
		t->cache[i].surf = NULL;
		t->cache[i].key = 0;
	}
	t->used = 0;
}

static void close_fonts(struct text *t)
{
	for (int i = 0; i < TEXT_FONT_COUNT; i++) {
		if (t->font[i])
			TTF_CloseFont(t->font[i]);
		t->font[i] = NULL;
		t->height[i] = 0;
	}
}

/* Without a font the line heights are the sizes asked for, so that the
** layout is the same and nothing divides by zero; text_draw draws nothing. */
static void nominal_heights(struct text *t, const int px[TEXT_FONT_COUNT])
{
	for (int i = 0; i < TEXT_FONT_COUNT; i++)
		t->height[i] = px[i] < 6 ? 6 : px[i];
}

void text_set_sizes(struct text *t, const int px[TEXT_FONT_COUNT])
{
	clear_cache(t);
	close_fonts(t);
	nominal_heights(t, px);
	for (int i = 0; i < TEXT_FONT_COUNT; i++)
		t->px[i] = px[i] < 6 ? 6 : px[i];
	if (!t->ttf_ok || !t->path[0][0])
		return;
	for (int i = 0; i < TEXT_FONT_COUNT; i++) {
		const char *p = i == TEXT_MID_BOLD || i == TEXT_BIG_BOLD ? t->path[1]
		              : i == TEXT_MONO ? t->mono : t->path[0];
		t->font[i] = TTF_OpenFont(p, px[i] < 6 ? 6 : px[i]);
		if (!t->font[i]) {
			snprintf(t->err, sizeof t->err, "cannot open font %s: %s", p, TTF_GetError());
			close_fonts(t);
			nominal_heights(t, px);
			return;
		}
		t->height[i] = TTF_FontLineSkip(t->font[i]);
	}
}

void text_destroy(struct text *t)
{
	if (!t)
		return;
	clear_cache(t);
	close_fonts(t);
	SDL_FreeSurface(t->target);
	if (t->ttf_ok)
		TTF_Quit();
	free(t);
}

const char *text_error(const struct text *t)
{
	return t->err[0] ? t->err : NULL;
}

int text_height(const struct text *t, enum text_font f)
{
	return t->height[f];
}

int text_px(const struct text *t, enum text_font f)
{
	return t->px[f];
}

int text_min_drawn(const struct text *t)
{
	return t->min_drawn;
}

void text_reset_drawn(struct text *t)
{
	t->min_drawn = 0;
}

void text_record(struct text *t, struct text_rec *rec, size_t cap, size_t *n)
{
	t->rec = rec && n ? rec : NULL;
	t->rec_cap = cap;
	t->rec_n = n;
}

void text_track(struct text *t, struct lrect *rect, size_t cap, size_t *n)
{
	t->track = rect && n ? rect : NULL;
	t->track_cap = cap;
	t->track_n = n;
}

void text_veil(struct text *t, struct lrect v)
{
	t->veil = v;
}

void text_bound(struct text *t, struct lrect b)
{
	t->bound = b;
}

/* Whether a text at (x, y), w wide, in font f would be partly under the
** veil or partly out of the bound. */
static bool veiled(const struct text *t, enum text_font f, int x, int y, int w)
{
	const struct lrect v = t->veil, b = t->bound;
	int h = t->height[f];
	if (b.w > 0 && !(x >= b.x && y >= b.y && x + w <= b.x + b.w && y + h <= b.y + b.h))
		return true;
	if (v.w <= 0 || x >= v.x + v.w || v.x >= x + w || y >= v.y + v.h || v.y >= y + h)
		return false;
	return !(x >= v.x && y >= v.y && x + w <= v.x + v.w && y + h <= v.y + v.h);
}

/* Appends a text drawn to the recording and the tracking, if they are on. */
static void record(struct text *t, enum text_font f, int x, int y, int w, int cut, const char *s)
{
	if (t->track && *t->track_n < t->track_cap)
		t->track[(*t->track_n)++] = (struct lrect){ x, y, w, t->height[f] };
	if (!t->rec)
		return;
	if (*t->rec_n < t->rec_cap) {
		struct text_rec *e = &t->rec[*t->rec_n];
		*e = (struct text_rec){ f, x, y, w, t->height[f], cut, "" };
		snprintf(e->s, sizeof e->s, "%s", s);
	}
	(*t->rec_n)++;
}

/* Notes that s is drawn in font f (for text_min_drawn). */
static void note_drawn(struct text *t, enum text_font f, const char *s)
{
	if (s && *s && (t->min_drawn == 0 || t->px[f] < t->min_drawn))
		t->min_drawn = t->px[f];
}

/* Decodes one UTF-8 code point; invalid bytes become U+FFFD. */
static uint32_t utf8_next(const char **ps)
{
	const unsigned char *s = (const unsigned char *)*ps;
	uint32_t c = s[0];
	int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
	if (n < 0) {
		*ps += 1;
		return 0xfffd;
	}
	c = n == 0 ? c : n == 1 ? (c & 0x1f) : n == 2 ? (c & 0x0f) : (c & 0x07);
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*ps += i;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*ps += n + 1;
	return c;
}

static const struct glyph *glyph(struct text *t, enum text_font f, uint32_t cp)
{
	static const struct glyph none = { 0, NULL, 0 };
	if (!t->font[f])
		return &none;
	if (cp > 0xffffff || cp == 0)
		cp = 0xfffd;
	uint32_t key = ((uint32_t)(f + 1) << 24) | cp;
	size_t h = (key * 2654435761u) & (CACHE_SIZE - 1);
	while (t->cache[h].key && t->cache[h].key != key)
		h = (h + 1) & (CACHE_SIZE - 1);
	if (t->cache[h].key == key)
		return &t->cache[h];
	if (t->used >= CACHE_SIZE * 3 / 4) {       /* full: start over (rare) */
		clear_cache(t);
		h = (key * 2654435761u) & (CACHE_SIZE - 1);
	}
	struct glyph *g = &t->cache[h];
	g->key = key;
	t->used++;
	int minx, maxx, miny, maxy, adv = 0;
	if (!TTF_GlyphIsProvided32(t->font[f], cp))
		cp = '?';
	TTF_GlyphMetrics32(t->font[f], cp, &minx, &maxx, &miny, &maxy, &adv);
	g->adv = adv;
	if (cp != ' ') {
		SDL_Color white = { 255, 255, 255, 255 };
		g->surf = TTF_RenderGlyph32_Blended(t->font[f], cp, white);
		if (g->surf)
			SDL_SetSurfaceBlendMode(g->surf, SDL_BLENDMODE_BLEND);
	}
	return g;
}

int text_width(struct text *t, enum text_font f, const char *s)
{
	int w = 0;
	while (*s)
		w += glyph(t, f, utf8_next(&s))->adv;
	return w;
}

/* An SDL surface over c's pixels, clipped to c's clip rectangle: kept from
** one call to the next while the canvas is the same (no allocation per
** frame); NULL when out of memory (the text is then not drawn). */
static SDL_Surface *target(struct text *t, const struct draw_canvas *c)
{
	SDL_Surface *s = t->target;
	if (!s || s->pixels != c->px || s->w != c->w || s->h != c->h || s->pitch != c->stride * 4) {
		SDL_FreeSurface(s);
		s = t->target = SDL_CreateRGBSurfaceWithFormatFrom(c->px, c->w, c->h, 32, c->stride * 4,
		                                                   SDL_PIXELFORMAT_ARGB8888);
		if (!s)
			return NULL;
	}
	SDL_Rect clip = { c->cx0, c->cy0, c->cx1 - c->cx0, c->cy1 - c->cy0 };
	SDL_SetClipRect(s, &clip);
	return s;
}

static void blit(SDL_Surface *dst, const struct glyph *g, int x, int y, uint32_t color)
{
	if (!g->surf || !dst)
		return;
	SDL_SetSurfaceColorMod(g->surf, (color >> 16) & 0xff, (color >> 8) & 0xff, color & 0xff);
	SDL_Rect r = { x, y, g->surf->w, g->surf->h };
	SDL_BlitSurface(g->surf, NULL, dst, &r);
}

int text_draw(struct text *t, struct draw_canvas *c, enum text_font f, int x, int y,
              uint32_t color, const char *s, int maxw)
{
	note_drawn(t, f, s);
	if (!t->font[f] || !s)
		return 0;
	int full = maxw > 0 || t->veil.w > 0 || t->bound.w > 0 ? text_width(t, f, s) : 0;
	if (veiled(t, f, x, y, maxw > 0 && full > maxw ? maxw : full))
		return 0;
	SDL_Surface *dst = target(t, c);
	color = draw_color(c, color);   /* the canvas's theme */
	int limit = maxw > 0 && full > maxw ? maxw - 3 * glyph(t, f, '.')->adv : 1 << 30;
	int pen = 0;
	const char *s0 = s;
	while (*s) {
		const struct glyph *g = glyph(t, f, utf8_next(&s));
		if (pen + g->adv > limit) {
			const struct glyph *dot = glyph(t, f, '.');
			for (int i = 0; i < 3; i++, pen += dot->adv)
				blit(dst, dot, x + pen, y, color);
			record(t, f, x, y, pen, 1, s0);
			return pen;
		}
		blit(dst, g, x + pen, y, color);
		pen += g->adv;
	}
	record(t, f, x, y, pen, 0, s0);
	return pen;
}

/* The end of the line of width w that starts at s: the longest prefix of
** whole words that fits, a whole word longer than the line cut where the
** line ends, or the '\n' or '\0' that ends it first. */
static const char *line_end(struct text *t, enum text_font f, int w, const char *s)
{
	const char *p = s, *cut = NULL;
	int pen = 0;
	while (*p && *p != '\n') {
		const char *q = p;
		int adv = glyph(t, f, utf8_next(&q))->adv;
		if (pen + adv > w)
			break;
		pen += adv;
		p = q;
		if (*p == ' ' || *p == '\0' || *p == '\n')
			cut = p;
	}
	if (!*p || *p == '\n')
		cut = p;
	if (!cut)
		cut = p > s ? p : s + 1;      /* one word longer than the line */
	return cut;
}

int text_wrap_count(struct text *t, enum text_font f, int w, const char *s)
{
	if (!t->font[f] || !s)
		return 0;
	int lines = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		s = line_end(t, f, w, s);
		if (*s == '\n')
			s++;
		lines++;
	}
	return lines;
}

int text_wrap(struct text *t, struct draw_canvas *c, enum text_font f, int x, int y, int w,
              int max_lines, uint32_t color, const char *s)
{
	if (!t->font[f] || !s)
		return 0;
	int lines = 0;
	char buf[512];
	while (*s && lines < max_lines) {
		while (*s == ' ')
			s++;
		const char *cut = line_end(t, f, w, s);
		size_t n = (size_t)(cut - s) < sizeof buf - 1 ? (size_t)(cut - s) : sizeof buf - 1;
		memcpy(buf, s, n);
		buf[n] = '\0';
		lines++;
		s = cut;
		if (*s == '\n')
			s++;
		if (lines == max_lines && *s) {
			/* last line: the rest, cut with "..." */
			size_t m = strlen(buf);
			snprintf(buf + m, sizeof buf - m, "%s", s);
			text_draw(t, c, f, x, y, color, buf, w);
			break;
		}
		text_draw(t, c, f, x, y, color, buf, 0);
		y += t->height[f];
	}
	return lines;
}
