/* layout.c - rectangles of the frame; see layout.h. */
#include "layout.h"

#include <string.h>

static int sc(double s, double v)
{
	int r = (int)(v * s + 0.5);
	return r < 1 ? 1 : r;
}

static struct lrect rect(int x, int y, int w, int h)
{
	struct lrect r = { x, y, w < 0 ? 0 : w, h < 0 ? 0 : h };
	return r;
}

static void lanes_compute(struct layout_pane *p, double s, int pad)
{
	int n = p->nlanes;
	int gap = n > 16 ? 1 : sc(s, 6);
	int lh = (p->lanes.h - gap * (n - 1)) / n;
	int maxh = sc(s, 112);
	if (lh > maxh)
		lh = maxh;
	if (lh < 4)
		lh = 4;
	int label_w = sc(s, 64);
	int run_w = sc(s, 200);
	if (run_w > p->lanes.w / 4)
		run_w = p->lanes.w / 4;
	int bar_h = lh >= sc(s, 40) ? sc(s, 9) : (lh > 10 ? 3 : 1);
	for (int i = 0; i < n; i++) {
		struct layout_lane *ln = &p->lane[i];
		int y = p->lanes.y + i * (lh + gap);
		ln->row = rect(p->lanes.x, y, p->lanes.w, lh);
		ln->label = rect(p->lanes.x, y, label_w, lh);
		int rx = p->lanes.x + label_w + pad / 2;
		ln->running = rect(rx, y + 2, run_w, lh - bar_h - 6);
		ln->slice = rect(rx, y + lh - bar_h - 2, run_w, bar_h);
		int qx = rx + run_w + pad;
		ln->queue = rect(qx, y + lh / 8 + 2, p->lanes.x + p->lanes.w - qx, lh - lh / 4 - 4);
		ln->slot_gap = sc(s, 5);
		ln->slot_w = sc(s, 116);
		if (ln->queue.w < 4 * (ln->slot_w + ln->slot_gap))
			ln->slot_w = ln->queue.w / 4 - ln->slot_gap;
		if (ln->slot_w < 8)
			ln->slot_w = 8;
		ln->nslots = (ln->queue.w + ln->slot_gap) / (ln->slot_w + ln->slot_gap);
		if (ln->nslots > LAYOUT_MAX_SLOTS)
			ln->nslots = LAYOUT_MAX_SLOTS;
		if (ln->nslots < 1)
			ln->nslots = 1;
	}
}

static void side_compute(struct layout_pane *p, double s)
{
	static const double share[AREA_COUNT] = { 0.30, 0.15, 0.13, 0.18 };
	int y = p->side.y, gap = sc(s, 6);
	int avail = p->side.h - gap * AREA_COUNT;
	for (int a = 0; a < AREA_COUNT; a++) {
		int h = (int)(avail * share[a]);
		p->area[a] = rect(p->side.x, y, p->side.w, h);
		y += h + gap;
	}
	p->sup = rect(p->side.x, y, p->side.w, p->side.y + p->side.h - y);
	p->area_title_h = sc(s, 26);
	p->chip_h = sc(s, 30);
	p->chip_gap = sc(s, 4);
	p->chip_w = sc(s, 124);
	int inner = p->side.w - 2 * p->chip_gap;
	if (inner < 2 * p->chip_w + p->chip_gap)       /* narrow pane: two columns anyway */
		p->chip_w = (inner - p->chip_gap) / 2;
	if (p->chip_w < 10)
		p->chip_w = 10;
}

static void pane_compute(struct layout *l, struct layout_pane *p, struct lrect r, uint32_t nsched)
{
	double s = l->scale;
	int pad = l->pad;
	p->pane = r;
	p->nlanes = (int)(nsched < 1 ? 1 : nsched > LAYOUT_MAX_LANES ? LAYOUT_MAX_LANES : nsched);
	p->status = rect(r.x + pad, r.y, r.w - 2 * pad, sc(s, 32));
	int top = p->status.y + p->status.h + pad / 2;
	/* timeline: one row per scheduler plus an axis line, at most a third */
	int row_h = sc(s, 22), axis_h = sc(s, 26);
	int th = p->nlanes * row_h + axis_h + pad;
	int maxth = (r.y + r.h - top) / 3;
	if (th > maxth)
		th = maxth;
	p->timeline = rect(r.x + pad, r.y + r.h - th - pad, r.w - 2 * pad, th);
	int label_w = sc(s, 64) + pad / 2;
	int util_w = sc(s, 70);
	p->plot = rect(p->timeline.x + label_w, p->timeline.y + pad / 2,
	               p->timeline.w - label_w - util_w, th - axis_h - pad / 2);
	int rh = p->plot.h / p->nlanes;
	for (int i = 0; i < p->nlanes; i++)
		p->tl_row[i] = rect(p->plot.x, p->plot.y + i * rh, p->plot.w,
		                    rh > 3 ? rh - (rh > 8 ? 2 : 1) : rh);
	int mid_h = p->timeline.y - pad - top;
	double side_share = r.w >= 1200 ? 0.27 : 0.36;
	int side_w = (int)(r.w * side_share);
	p->lanes = rect(r.x + pad, top, r.w - 3 * pad - side_w, mid_h);
	p->side = rect(p->lanes.x + p->lanes.w + pad, top, side_w, mid_h);
	lanes_compute(p, s, pad);
	side_compute(p, s);
}

void layout_compute(struct layout *l, int w, int h, double zoom, int npanes, const uint32_t *nsched)
{
	memset(l, 0, sizeof *l);
	l->w = w;
	l->h = h;
	double fit = (double)w / 1600.0 < (double)h / 900.0 ? (double)w / 1600.0 : (double)h / 900.0;
	if (fit < 0.5)
		fit = 0.5;
	double s = zoom * fit;
	if (s < 0.4)
		s = 0.4;
	l->scale = s;
	static const double px[5] = { 17, 21, 21, 30, 17 };   /* by enum text_font */
	for (int i = 0; i < 5; i++)
		l->font_px[i] = sc(s, px[i]);
	l->line_h = sc(s, 22);
	l->pad = sc(s, 10);
	l->header = rect(0, 0, w, sc(s, 50));
	l->caption = rect(l->pad, l->header.h, w - 2 * l->pad, sc(s, 58));
	l->npanes = npanes < 1 ? 1 : npanes > LAYOUT_MAX_PANES ? LAYOUT_MAX_PANES : npanes;
	int top = l->caption.y + l->caption.h + l->pad / 2;
	int pw = w / l->npanes;
	for (int i = 0; i < l->npanes; i++)
		pane_compute(l, &l->pane[i], rect(i * pw, top, pw, h - top), nsched[i]);
}

int layout_queue_shown(const struct layout_lane *ln, size_t qlen, size_t *more)
{
	if (qlen <= (size_t)ln->nslots) {
		*more = 0;
		return (int)qlen;
	}
	*more = qlen - (size_t)(ln->nslots - 1);
	return ln->nslots - 1;
}

struct lrect layout_queue_slot(const struct layout_lane *ln, int i)
{
	return rect(ln->queue.x + i * (ln->slot_w + ln->slot_gap), ln->queue.y, ln->slot_w,
	            ln->queue.h);
}

static int area_cols(const struct layout_pane *p, enum layout_area a)
{
	int c = (p->area[a].w - p->chip_gap) / (p->chip_w + p->chip_gap);
	return c < 1 ? 1 : c;
}

int layout_area_capacity(const struct layout_pane *p, enum layout_area a)
{
	int rows = (p->area[a].h - p->area_title_h) / (p->chip_h + p->chip_gap);
	return rows < 0 ? 0 : rows * area_cols(p, a);
}

struct lrect layout_area_chip(const struct layout_pane *p, enum layout_area a, int i)
{
	int cols = area_cols(p, a);
	const struct lrect *r = &p->area[a];
	return rect(r->x + p->chip_gap + (i % cols) * (p->chip_w + p->chip_gap),
	            r->y + p->area_title_h + (i / cols) * (p->chip_h + p->chip_gap), p->chip_w,
	            p->chip_h);
}

int layout_area_shown(const struct layout_pane *p, enum layout_area a, size_t n, size_t *more)
{
	int cap = layout_area_capacity(p, a);
	if (n <= (size_t)cap) {
		*more = 0;
		return (int)n;
	}
	if (cap == 0) {
		*more = n;
		return 0;
	}
	*more = n - (size_t)(cap - 1);
	return cap - 1;
}

int layout_contains(struct lrect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

int layout_tick_x(const struct layout_pane *p, uint64_t t0, uint64_t t1, uint64_t tick)
{
	if (t1 <= t0)
		return p->plot.x;
	if (tick <= t0)
		return p->plot.x;
	if (tick >= t1)
		return p->plot.x + p->plot.w;
	return p->plot.x + (int)((double)(tick - t0) * p->plot.w / (double)(t1 - t0));
}
