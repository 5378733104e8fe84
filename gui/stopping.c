/* stopping.c - a child being stopped and its supervisor waiting; see
** stopping.h. */
#include "stopping.h"

#include <stdio.h>

#define DASH 10                  /* length of one dash of the frame */

bool stopping_words(const struct sim_proc_view *pv, uint64_t now,
                    char out[STOPPING_FORMS][STOPPING_LEN])
{
	if (!pv->stopping_by || pv->state == SIM_PROC_EXITED)
		return false;
	if (pv->stop_deadline == UINT64_MAX) {
		snprintf(out[0], STOPPING_LEN, "stopping: no time limit");
		snprintf(out[1], STOPPING_LEN, "stopping, no limit");
		snprintf(out[2], STOPPING_LEN, "stopping \xe2\x88\x9e");     /* U+221E infinity */
		snprintf(out[3], STOPPING_LEN, "\xe2\x88\x9e");
		return true;
	}
	unsigned long long left = pv->stop_deadline > now ? pv->stop_deadline - now : 0;
	if (!left) {
		snprintf(out[0], STOPPING_LEN, "stopping: killed now");
		snprintf(out[1], STOPPING_LEN, "stopping, killed");
		snprintf(out[2], STOPPING_LEN, "stopping 0");
		snprintf(out[3], STOPPING_LEN, "0");
		return true;
	}
	snprintf(out[0], STOPPING_LEN, "stopping: killed in %llu tick%s", left, left == 1 ? "" : "s");
	snprintf(out[1], STOPPING_LEN, "stopping, %llu left", left);
	snprintf(out[2], STOPPING_LEN, "stopping %llu", left);
	snprintf(out[3], STOPPING_LEN, "%llu", left);
	return true;
}

bool stopping_sup_words(const sim *s, const struct sim_sup_view *sv,
                        char out[STOPPING_FORMS][STOPPING_LEN])
{
	struct sim_proc_view pv;
	if (!sv->stopping || sv->exit_reason || !sim_proc_view(s, sv->stopping, &pv))
		return false;
	snprintf(out[0], STOPPING_LEN, "waiting for %s <0.%u.0> to stop", pv.name, pv.pid);
	snprintf(out[1], STOPPING_LEN, "waiting for %s", pv.name);
	snprintf(out[2], STOPPING_LEN, "waiting");
	snprintf(out[3], STOPPING_LEN, "waits");
	return true;
}

/* One edge of the frame: dashes alternately white and the shutdown colour
** along a run of n pixels from (x, y), horizontal or vertical. */
static void dashes(struct draw_canvas *c, int x, int y, int n, int t, bool across)
{
	for (int k = 0; k < n; k += DASH) {
		int len = n - k < DASH ? n - k : DASH;
		uint32_t col = (k / DASH) % 2 ? DRAW_TEXT : STOPPING_COLOR;
		if (across)
			draw_fill(c, x + k, y, len, t, col);
		else
			draw_fill(c, x, y + k, t, len, col);
	}
}

void stopping_frame(struct draw_canvas *c, struct lrect b, int t)
{
	if (b.w < 2 * t || b.h < 2 * t)
		return;
	dashes(c, b.x, b.y, b.w, t, true);
	dashes(c, b.x, b.y + b.h - t, b.w, t, true);
	dashes(c, b.x, b.y, b.h, t, false);
	dashes(c, b.x + b.w - t, b.y, b.h, t, false);
}

/* The first form that fits in w pixels of font f (the last one if none). */
static const char *fitting(struct text *t, enum text_font f, int w,
                           const char *const words[STOPPING_FORMS])
{
	for (int i = 0; i < STOPPING_FORMS - 1; i++)
		if (text_width(t, f, words[i]) <= w)
			return words[i];
	return words[STOPPING_FORMS - 1];
}

/* The thickness of the frame and the height of the band with font t. */
static void sizes(struct text *t, int *th, int *bh)
{
	int sh = text_height(t, TEXT_SMALL);
	*th = sh >= 24 ? 4 : 3;
	*bh = sh + 2;
}

bool stopping_place(struct text *t, struct lrect b, const struct sim_proc_view *pv, uint64_t now,
                    struct lrect *out, const char **say, char words[STOPPING_FORMS][STOPPING_LEN])
{
	if (!stopping_words(pv, now, words))
		return false;
	const char *const forms[STOPPING_FORMS] = { words[0], words[1], words[2], words[3] };
	int sh = text_height(t, TEXT_SMALL), th, bh;
	sizes(t, &th, &bh);
	if (b.h >= 2 * sh + 2 * th + 4) {
		/* a band across the bottom, inside the frame, under the name */
		*out = (struct lrect){ b.x + th, b.y + b.h - th - bh, b.w - 2 * th, bh };
		*say = fitting(t, TEXT_SMALL, b.w - 2 * th - 8, forms);
		return true;
	}
	/* a chip: a badge at its right end (the chip keeps its name left of it) */
	*say = fitting(t, TEXT_SMALL, b.w / 2, forms);
	int w = text_width(t, TEXT_SMALL, *say) + 8, h = b.h - 2 * th;
	*out = (struct lrect){ b.x + b.w - th - w, b.y + th, w, h };
	return w <= b.w - 2 * th && h >= sh / 2;
}

int stopping_band_h(struct text *t, struct lrect b, const struct sim_proc_view *pv)
{
	int sh = text_height(t, TEXT_SMALL), th, bh;
	sizes(t, &th, &bh);
	if (!pv->stopping_by || pv->state == SIM_PROC_EXITED || b.h < 2 * sh + 2 * th + 4)
		return 0;
	return th + bh;
}

int stopping_badge_w(struct text *t, struct lrect b, const struct sim_proc_view *pv, uint64_t now)
{
	char words[STOPPING_FORMS][STOPPING_LEN];
	const char *say;
	struct lrect at;
	if (stopping_band_h(t, b, pv) || !stopping_place(t, b, pv, now, &at, &say, words))
		return 0;
	return b.x + b.w - at.x;
}

void stopping_mark(struct text *t, struct draw_canvas *c, struct lrect b,
                   const struct sim_proc_view *pv, uint64_t now)
{
	char words[STOPPING_FORMS][STOPPING_LEN];
	const char *say;
	struct lrect at;
	if (!stopping_words(pv, now, words))
		return;
	int sh = text_height(t, TEXT_SMALL), th, bh;
	sizes(t, &th, &bh);
	stopping_frame(c, b, th);
	if (!stopping_place(t, b, pv, now, &at, &say, words))
		return;
	draw_fill(c, at.x, at.y, at.w, at.h, DRAW_BLACK);
	text_draw(t, c, TEXT_SMALL, at.x + 4, at.y + (at.h - sh) / 2, DRAW_TEXT, say, at.w - 8);
}

bool stopping_sup_row(struct text *t, struct draw_canvas *c, struct lrect row, const sim *s,
                      const struct sim_sup_view *sv)
{
	char w[STOPPING_FORMS][STOPPING_LEN], l[STOPPING_FORMS][2 * STOPPING_LEN + 40];
	if (!stopping_sup_words(s, sv, w))
		return false;
	snprintf(l[0], sizeof l[0], "%s <0.%u.0>  %s", sv->name, sv->pid, w[0]);
	snprintf(l[1], sizeof l[1], "%s  %s", sv->name, w[1]);
	snprintf(l[2], sizeof l[2], "%s %s", sv->name, w[2]);
	snprintf(l[3], sizeof l[3], "%s", sv->name);
	int sh = text_height(t, TEXT_SMALL);
	draw_fill(c, row.x + 2, row.y + 2, row.w - 4, row.h - 4, DRAW_PANEL2);
	text_draw(t, c, TEXT_SMALL, row.x + 8, row.y + (row.h - sh) / 2, STOPPING_TEXT,
	          fitting(t, TEXT_SMALL, row.w - 16, (const char *const[]){ l[0], l[1], l[2], l[3] }),
	          row.w - 16);
	return true;
}
