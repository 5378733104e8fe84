/* gifout.c - animated GIF output of canvas frames (giflib); see gifout.h. */
#define _XOPEN_SOURCE 700   /* ftello, fseeko */
#include "gifout.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <gif_lib.h>

#include "afile.h"

#define TRANSPARENT 255
#define PALETTE_AT 13            /* "GIF89a" and the logical screen descriptor */
#define HASH_SLOTS (1u << 16)    /* colours met, with their index */
#define HASH_MAX (HASH_SLOTS / 4 * 3)

struct gifout {
	GifFileType *gif;
	struct afile af;             /* giflib writes af.f (AFILE_SEEKABLE) */
	const char *path;            /* as given, for messages */
	int w, h;
	uint32_t *prev;              /* the last frame's pixels (0xAARRGGBB) */
	GifPixelType *line;
	uint32_t pal[256];
	size_t npal, nhash, frames, approximated;
	uint32_t *hkey;              /* rgb | 1 << 24; 0 = empty */
	uint8_t *hidx;
	uint32_t last_rgb;           /* a one-entry cache before the table */
	int last_idx;
};

static int write_bytes(GifFileType *gif, const GifByteType *buf, int n)
{
	return (int)fwrite(buf, 1, (size_t)n, (FILE *)gif->UserData);
}

static void say(char *err, size_t errlen, const char *path, int e)
{
	snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
}

/* The GIF89a header with a blank 256-colour table (filled at the close)
** and the loop extension. */
static bool start_gif(struct gifout *g)
{
	int e = 0;
	g->gif = EGifOpen(g->af.f, write_bytes, &e);
	if (!g->gif)
		return false;
	EGifSetGifVersion(g->gif, true);
	static const GifColorType blank[256];
	ColorMapObject *cm = GifMakeMapObject(256, blank);
	static const GifByteType loop[3] = { 1, 0, 0 };   /* sub-block 1: loop count 0, forever */
	bool ok = cm && EGifPutScreenDesc(g->gif, g->w, g->h, 8, 0, cm) == GIF_OK &&
	          EGifPutExtensionLeader(g->gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
	          EGifPutExtensionBlock(g->gif, 11, "NETSCAPE2.0") == GIF_OK &&
	          EGifPutExtensionBlock(g->gif, 3, loop) == GIF_OK &&
	          EGifPutExtensionTrailer(g->gif) == GIF_OK;
	GifFreeMapObject(cm);
	return ok;
}

struct gifout *gifout_open(const char *path, int w, int h, char *err, size_t errlen)
{
	struct gifout *g = calloc(1, sizeof *g);
	if (!g) {
		snprintf(err, errlen, "out of memory writing '%s'", path);
		return NULL;
	}
	g->path = path;
	g->w = w;
	g->h = h;
	g->last_idx = -1;
	g->prev = malloc((size_t)w * (size_t)h * sizeof *g->prev);
	g->line = malloc((size_t)w);
	g->hkey = calloc(HASH_SLOTS, sizeof *g->hkey);
	g->hidx = malloc(HASH_SLOTS);
	if (!g->prev || !g->line || !g->hkey || !g->hidx) {
		snprintf(err, errlen, "out of memory writing '%s'", path);
		gifout_discard(g);
		return NULL;
	}
	int e = afile_open(&g->af, path, AFILE_SEEKABLE);
	if (e) {
		say(err, errlen, path, e);
		gifout_discard(g);
		return NULL;
	}
	if (!start_gif(g)) {
		say(err, errlen, path, errno ? errno : EIO);
		gifout_discard(g);
		return NULL;
	}
	return g;
}

/* The entry nearest to rgb: the smallest distance with the channels
** weighted 2, 4, 3 (the eye is most sensitive to green), the lowest index
** on a tie. */
static int nearest(const struct gifout *g, uint32_t rgb)
{
	int best = 0;
	long best_d = -1;
	for (size_t i = 0; i < g->npal; i++) {
		long dr = (long)(rgb >> 16 & 255) - (long)(g->pal[i] >> 16 & 255);
		long dg = (long)(rgb >> 8 & 255) - (long)(g->pal[i] >> 8 & 255);
		long db = (long)(rgb & 255) - (long)(g->pal[i] & 255);
		long d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = (int)i;
		}
	}
	return best;
}

/* The palette index of colour c: its own entry, a new one, or (the table
** full) the nearest. */
static int color_index(struct gifout *g, uint32_t c)
{
	uint32_t rgb = c & 0xffffffu;
	if (g->last_idx >= 0 && rgb == g->last_rgb)
		return g->last_idx;
	uint32_t key = rgb | 1u << 24;
	size_t i = (rgb * 2654435761u >> 16) & (HASH_SLOTS - 1);
	while (g->hkey[i] && g->hkey[i] != key)
		i = (i + 1) & (HASH_SLOTS - 1);
	int idx;
	if (g->hkey[i]) {
		idx = g->hidx[i];
	} else {
		bool room = g->npal < GIFOUT_COLORS;
		idx = room ? (int)g->npal : nearest(g, rgb);
		if (room)
			g->pal[g->npal++] = rgb;
		if (g->nhash < HASH_MAX) {
			g->hkey[i] = key;
			g->hidx[i] = (uint8_t)idx;
			g->nhash++;
			g->approximated += !room;
		}
	}
	g->last_rgb = rgb;
	g->last_idx = idx;
	return idx;
}

void gifout_seed(struct gifout *g, const uint32_t *colors, size_t n)
{
	for (size_t i = 0; i < n && g->npal < GIFOUT_COLORS; i++)
		color_index(g, colors[i]);
}

struct color_count {
	uint32_t n, rgb;
};

/* More pixels first, then the smaller colour value: a total order. */
static int by_count(const void *x, const void *y)
{
	const struct color_count *a = x, *b = y;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return a->rgb < b->rgb ? -1 : a->rgb > b->rgb;
}

/* Fills the free entries with the colours of the first frame, the most
** frequent first (a frame with more colours than HASH_MAX counts the
** first HASH_MAX it meets).  Out of memory: left to color_index. */
static void learn_palette(struct gifout *g, const struct draw_canvas *c)
{
	struct color_count *slot = calloc(HASH_SLOTS, sizeof *slot);
	size_t used = 0;
	for (int y = 0; slot && y < g->h; y++)
		for (int x = 0; x < g->w; x++) {
			uint32_t rgb = c->px[(size_t)y * (size_t)c->stride + (size_t)x] & 0xffffffu;
			size_t i = (rgb * 2654435761u >> 16) & (HASH_SLOTS - 1);
			while (slot[i].n && slot[i].rgb != rgb)
				i = (i + 1) & (HASH_SLOTS - 1);
			if (!slot[i].n && used == HASH_MAX)
				continue;
			used += !slot[i].n;
			slot[i].rgb = rgb;
			slot[i].n++;
		}
	if (!slot)
		return;
	size_t k = 0;
	for (size_t i = 0; i < HASH_SLOTS; i++)
		if (slot[i].n)
			slot[k++] = slot[i];
	qsort(slot, k, sizeof *slot, by_count);
	for (size_t i = 0; i < k && g->npal < GIFOUT_COLORS; i++)
		color_index(g, slot[i].rgb);
	free(slot);
}

/* The bounding box of the pixels of c that differ from g->prev; false
** when none does. */
static bool changed_box(const struct gifout *g, const struct draw_canvas *c, int *x0, int *y0,
                        int *x1, int *y1)
{
	*x0 = g->w;
	*y0 = g->h;
	*x1 = *y1 = -1;
	for (int y = 0; y < g->h; y++) {
		const uint32_t *p = c->px + (size_t)y * (size_t)c->stride;
		const uint32_t *q = g->prev + (size_t)y * (size_t)g->w;
		if (memcmp(p, q, (size_t)g->w * sizeof *p) == 0)
			continue;
		int a = 0, b = g->w - 1;
		while (p[a] == q[a])
			a++;
		while (p[b] == q[b])
			b--;
		*x0 = a < *x0 ? a : *x0;
		*x1 = b > *x1 ? b : *x1;
		*y0 = y < *y0 ? y : *y0;
		*y1 = y;
	}
	return *x1 >= 0;
}

/* Writes rows y0..y1, columns x0..x1 of c as the image, unchanged pixels
** transparent after the first frame, and keeps them in g->prev. */
static bool put_pixels(struct gifout *g, const struct draw_canvas *c, int x0, int y0, int x1,
                       int y1)
{
	bool first = g->frames == 0;
	for (int y = y0; y <= y1; y++) {
		const uint32_t *p = c->px + (size_t)y * (size_t)c->stride;
		uint32_t *q = g->prev + (size_t)y * (size_t)g->w;
		for (int x = x0; x <= x1; x++)
			g->line[x - x0] = !first && p[x] == q[x] ? TRANSPARENT
			                  : (GifPixelType)color_index(g, p[x]);
		memcpy(q + x0, p + x0, (size_t)(x1 - x0 + 1) * sizeof *q);
		if (EGifPutLine(g->gif, g->line, x1 - x0 + 1) != GIF_OK)
			return false;
	}
	return true;
}

int gifout_frame(struct gifout *g, const struct draw_canvas *c, int delay_cs, char *err,
                 size_t errlen)
{
	if (c->w != g->w || c->h != g->h) {
		snprintf(err, errlen, "internal: a %dx%d frame for a %dx%d GIF", c->w, c->h, g->w, g->h);
		return -1;
	}
	if (g->frames == 0)
		learn_palette(g, c);
	int x0 = 0, y0 = 0, x1 = g->w - 1, y1 = g->h - 1;
	bool same = g->frames > 0 && !changed_box(g, c, &x0, &y0, &x1, &y1);
	GraphicsControlBlock gcb = { DISPOSE_DO_NOT, false, delay_cs,
	                             g->frames ? TRANSPARENT : NO_TRANSPARENT_COLOR };
	GifByteType ext[4];
	size_t n = EGifGCBToExtension(&gcb, ext);
	bool ok = EGifPutExtension(g->gif, GRAPHICS_EXT_FUNC_CODE, (int)n, ext) == GIF_OK;
	if (ok && same) {                 /* nothing changed: one transparent pixel */
		GifPixelType px = TRANSPARENT;
		ok = EGifPutImageDesc(g->gif, 0, 0, 1, 1, false, NULL) == GIF_OK &&
		     EGifPutLine(g->gif, &px, 1) == GIF_OK;
	} else if (ok) {
		ok = EGifPutImageDesc(g->gif, x0, y0, x1 - x0 + 1, y1 - y0 + 1, false, NULL) == GIF_OK &&
		     put_pixels(g, c, x0, y0, x1, y1);
	}
	if (!ok) {
		say(err, errlen, g->path, ferror(g->af.f) && errno ? errno : EIO);
		return -1;
	}
	g->frames++;
	return 0;
}

void gifout_stats(const struct gifout *g, struct gifout_stats *st)
{
	st->frames = g->frames;
	st->colors = g->npal;
	st->approximated = g->approximated;
}

/* The palette over the blank table of the header; the stream is left at
** its end (where afile_commit cuts a file written in place). */
static bool put_palette(struct gifout *g)
{
	unsigned char tab[256 * 3] = { 0 };
	for (size_t i = 0; i < g->npal; i++) {
		tab[3 * i] = (unsigned char)(g->pal[i] >> 16);
		tab[3 * i + 1] = (unsigned char)(g->pal[i] >> 8);
		tab[3 * i + 2] = (unsigned char)g->pal[i];
	}
	FILE *f = g->af.f;
	off_t end = ftello(f);
	return end >= 0 && fseek(f, PALETTE_AT, SEEK_SET) == 0 &&
	       fwrite(tab, 1, sizeof tab, f) == sizeof tab && fseeko(f, end, SEEK_SET) == 0;
}

int gifout_close(struct gifout *g, char *err, size_t errlen)
{
	int e = 0;
	bool ok = EGifCloseFile(g->gif, &e) == GIF_OK;
	g->gif = NULL;
	errno = 0;
	e = ok && put_palette(g) ? afile_commit(&g->af) : errno ? errno : EIO;
	if (e)
		say(err, errlen, g->path, e);
	gifout_discard(g);
	return e ? -1 : 0;
}

void gifout_discard(struct gifout *g)
{
	if (!g)
		return;
	int e = 0;
	if (g->gif)
		EGifCloseFile(g->gif, &e);
	afile_discard(&g->af);
	free(g->prev);
	free(g->line);
	free(g->hkey);
	free(g->hidx);
	free(g);
}
