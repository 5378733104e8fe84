/* layout.c - rectangles of the frame; see layout.h. */
#include "layout.h"

#include <stdio.h>
#include <string.h>

static int sc(double s, double v)
{
	int r = (int)(v * s + 0.5);
	return r < 1 ? 1 : r;
}

/* The pixel sizes of the fonts (by enum text_font): at 1600x900 and zoom
** 1 the first row; in a smaller window they shrink with it, but never below
** the second row times the zoom, so that at the default scale every text
** is at least 18 px tall even at 1280x720 (issue 13: read from the back of
** a room). */
static const double font_base[5] = { 18, 22, 22, 30, 18 };
static const double font_floor[5] = { 18, 20, 20, 24, 18 };

/* At least v * s, and at least `text` pixels (what a line of text needs). */
static int fit_text(double s, double v, double text)
{
	int a = sc(s, v), b = (int)(text + 0.5);
	return a > b ? a : b;
}

static struct lrect rect(int x, int y, int w, int h)
{
	struct lrect r = { x, y, w < 0 ? 0 : w, h < 0 ? 0 : h };
	return r;
}

/*
** Lanes share the height equally: with few schedulers a lane is tall and
** its run queue wraps into several rows of boxes (read left to right, top
** to bottom), so the space shows more of the queue instead of staying
** empty.  The running box and the queue boxes keep a readable size.
*/
static void lanes_compute(struct layout_pane *p, double s, int pad)
{
	int n = p->nlanes;
	int gap = n > 16 ? 1 : sc(s, 6);
	int lh = (p->lanes.h - gap * (n - 1)) / n;
	if (lh < 4)
		lh = 4;
	int label_w = sc(s, 64);
	int run_w = sc(s, 200);
	if (run_w > p->lanes.w / 4)
		run_w = p->lanes.w / 4;
	int bar_h = lh >= sc(s, 40) ? sc(s, 9) : (lh > 10 ? 3 : 1);
	int run_hmax = sc(s, 150);
	int slot_hmax = sc(s, 80);
	for (int i = 0; i < n; i++) {
		struct layout_lane *ln = &p->lane[i];
		int y = p->lanes.y + i * (lh + gap);
		ln->row = rect(p->lanes.x, y, p->lanes.w, lh);
		int rh = lh - bar_h - 6;
		if (rh > run_hmax)
			rh = run_hmax;
		int rx = p->lanes.x + label_w + pad / 2;
		ln->running = rect(rx, y + 2, run_w, rh);
		ln->slice = rect(rx, y + 2 + rh + 2, run_w, bar_h);
		ln->label = rect(p->lanes.x, y, label_w, rh + bar_h + 6 < lh ? rh + bar_h + 6 : lh);
		int qx = rx + run_w + pad;
		ln->slot_gap = sc(s, 5);
		int qy, qh;
		if (lh <= sc(s, 112)) {            /* one row, centred in the lane */
			qy = y + lh / 8 + 2;
			qh = lh - lh / 4 - 4;
			ln->slot_h = qh;
		} else {                           /* first row level with the running box */
			ln->slot_h = slot_hmax;
			qy = y + (rh + bar_h + 6 - ln->slot_h) / 2;
			qh = y + lh - qy;
		}
		if (ln->slot_h < 1)
			ln->slot_h = 1;
		ln->queue = rect(qx, qy, p->lanes.x + p->lanes.w - qx, qh);
		ln->rows = (ln->queue.h - 2 + ln->slot_gap) / (ln->slot_h + ln->slot_gap);
		if (ln->rows < 1)
			ln->rows = 1;
		ln->slot_w = sc(s, 116);
		if (ln->queue.w < 4 * (ln->slot_w + ln->slot_gap))
			ln->slot_w = ln->queue.w / 4 - ln->slot_gap;
		if (ln->slot_w < 8)
			ln->slot_w = 8;
		ln->cols = (ln->queue.w + ln->slot_gap) / (ln->slot_w + ln->slot_gap);
		if (ln->cols < 1)
			ln->cols = 1;
		if (ln->cols > LAYOUT_MAX_SLOTS)
			ln->cols = LAYOUT_MAX_SLOTS;
		if (ln->rows > LAYOUT_MAX_SLOTS / ln->cols)
			ln->rows = LAYOUT_MAX_SLOTS / ln->cols;
		if (ln->rows < 1)
			ln->rows = 1;
		ln->nslots = ln->cols * ln->rows;
	}
}

static void side_compute(struct layout_pane *p, double s, double small)
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
	p->area_title_h = fit_text(s, 26, small * 1.45);
	p->chip_h = fit_text(s, 30, small * 1.55);
	p->chip_gap = sc(s, 4);
	p->chip_w = sc(s, 124);
	int inner = p->side.w - 2 * p->chip_gap;
	if (inner < 2 * p->chip_w + p->chip_gap)       /* narrow pane: two columns anyway */
		p->chip_w = (inner - p->chip_gap) / 2;
	if (p->chip_w < 10)
		p->chip_w = 10;
}

/*
** Lanes fit their content: when the lanes never hold more than `fit` queue
** boxes each, the columns they leave empty go to the side panel (up to
** half the pane), whose waiting, exited and supervision areas then get
** wider chips rows and longer lines.  The lanes keep at least 4 columns.
*/
static int side_grow(const struct layout_pane *p, struct lrect r, int side_w, size_t fit)
{
	const struct layout_lane *ln = &p->lane[0];
	size_t rows = (size_t)(ln->rows < 1 ? 1 : ln->rows);
	size_t need = (fit + 1 + rows - 1) / rows;     /* one more: room for "+ N more" */
	if (need < 4)
		need = 4;
	if (need >= (size_t)ln->cols)
		return side_w;
	int spare = (ln->cols - (int)need) * (ln->slot_w + ln->slot_gap);
	int grow = r.w / 2 - side_w < spare ? r.w / 2 - side_w : spare;
	return grow > 0 ? side_w + grow : side_w;
}

static void pane_compute(struct layout *l, struct layout_pane *p, struct lrect r, uint32_t nsched,
                         size_t fit)
{
	double s = l->scale;
	int pad = l->pad;
	p->pane = r;
	p->nlanes = (int)(nsched < 1 ? 1 : nsched > LAYOUT_MAX_LANES ? LAYOUT_MAX_LANES : nsched);
	double small = l->font_px[0];
	p->status = rect(r.x + pad, r.y, r.w - 2 * pad, fit_text(s, 32, l->font_px[1] * 1.45));
	int top = p->status.y + p->status.h + pad / 2;
	/* timeline: one row per scheduler plus an axis line, at most a third */
	int row_h = fit_text(s, 22, small * 1.2), axis_h = fit_text(s, 26, small * 1.45);
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
	/* compare panes are narrow: the lanes keep most of the width and the
	** side panel shrinks to two narrow chip columns */
	int side_w = r.w >= 1200 ? (int)(r.w * 0.25) : (int)(r.w * 0.28);
	if (side_w < sc(s, 170) && r.w >= sc(s, 600))
		side_w = sc(s, 170);
	for (int pass = 0; pass < 2; pass++) {
		p->lanes = rect(r.x + pad, top, r.w - 3 * pad - side_w, mid_h);
		p->side = rect(p->lanes.x + p->lanes.w + pad, top, side_w, mid_h);
		lanes_compute(p, s, pad);
		int grown = pass == 0 && fit ? side_grow(p, r, side_w, fit) : side_w;
		if (grown == side_w)
			break;
		side_w = grown;
	}
	side_compute(p, s, small);
}

void layout_compute(struct layout *l, int w, int h, double zoom, int npanes, const uint32_t *nsched)
{
	layout_compute_fit(l, w, h, zoom, npanes, nsched, NULL);
}

void layout_compute_fit(struct layout *l, int w, int h, double zoom, int npanes,
                        const uint32_t *nsched, const size_t *boxes)
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
	for (int i = 0; i < 5; i++)
		l->font_px[i] = fit_text(s, font_base[i], zoom * font_floor[i]);
	double small = l->font_px[0], mid = l->font_px[1], big = l->font_px[3];
	l->line_h = fit_text(s, 22, small * 1.25);
	l->pad = sc(s, 10);
	l->header = rect(0, 0, w, fit_text(s, 50, big * 1.5));
	l->npanes = npanes < 1 ? 1 : npanes > LAYOUT_MAX_PANES ? LAYOUT_MAX_PANES : npanes;
	/* two lines of note; in compare mode each pane may have its own note in
	** half the width, so a line more */
	l->caption = rect(l->pad, l->header.h, w - 2 * l->pad,
	                  l->npanes > 1 ? fit_text(s, 84, mid * 3.6) : fit_text(s, 58, mid * 2.5));
	int top = l->caption.y + l->caption.h + l->pad / 2;
	int pw = w / l->npanes;
	for (int i = 0; i < l->npanes; i++)
		pane_compute(l, &l->pane[i], rect(i * pw, top, pw, h - top), nsched[i], boxes ? boxes[i] : 0);
}

/*
** Gives each side area the height its chips need (an empty area keeps its
** title line), the supervision tree what its lines need, and shares what
** is left in proportion when everything does not fit.  Each area keeps
** at least its title and one row of chips when it has any.
*/
void layout_side_fit(struct layout_pane *p, const size_t count[AREA_COUNT], int sup_lines,
                     int line_h)
{
	int gap = p->chip_gap + 2;
	int avail = p->side.h - gap * AREA_COUNT;
	int row = p->chip_h + p->chip_gap;
	int need[AREA_COUNT + 1], min[AREA_COUNT + 1];
	for (int a = 0; a < AREA_COUNT; a++) {
		int cols = (p->side.w - p->chip_gap) / (p->chip_w + p->chip_gap);
		if (cols < 1)
			cols = 1;
		int rows = (int)((count[a] + (size_t)cols - 1) / (size_t)cols);
		if (rows > 1000)
			rows = 1000;
		need[a] = p->area_title_h + rows * row + (rows ? p->chip_gap : 0);
		min[a] = p->area_title_h + (rows ? row + p->chip_gap : 0);
	}
	int sl = sup_lines < 1 ? 1 : sup_lines > 1000 ? 1000 : sup_lines;
	need[AREA_COUNT] = p->area_title_h + sl * line_h + 4;
	min[AREA_COUNT] = p->area_title_h + (sl < 3 ? sl : 3) * line_h + 4;
	int sum_min = 0, sum_extra = 0;
	for (int a = 0; a <= AREA_COUNT; a++) {
		sum_min += min[a];
		sum_extra += need[a] - min[a];
	}
	int h[AREA_COUNT + 1];
	int left = avail - sum_min;
	for (int a = 0; a <= AREA_COUNT; a++) {
		if (left < 0)                   /* not even the minimum: shares of it */
			h[a] = (int)((long)min[a] * avail / (sum_min ? sum_min : 1));
		else if (left >= sum_extra)
			h[a] = need[a];
		else
			h[a] = min[a] + (int)((long)(need[a] - min[a]) * left / (sum_extra ? sum_extra : 1));
	}
	int y = p->side.y;
	for (int a = 0; a < AREA_COUNT; a++) {
		p->area[a] = rect(p->side.x, y, p->side.w, h[a]);
		y += h[a] + gap;
	}
	/* the supervision tree takes the rest, down to the bottom */
	p->sup = rect(p->side.x, y, p->side.w, p->side.y + p->side.h - y);
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
	int col = i % ln->cols, row = i / ln->cols;
	return rect(ln->queue.x + col * (ln->slot_w + ln->slot_gap),
	            ln->queue.y + row * (ln->slot_h + ln->slot_gap), ln->slot_w, ln->slot_h);
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

/* 9412 -> "9,412" */
static void thousands(char *buf, size_t len, size_t n)
{
	char raw[32];
	int k = snprintf(raw, sizeof raw, "%zu", n);
	size_t o = 0;
	for (int i = 0; i < k && o + 2 < len; i++) {
		if (i && (k - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

void layout_more_text(char *buf, size_t len, size_t more, int form)
{
	char num[40];
	if (form == 0 || form == 1 || more < 1000) {
		thousands(num, sizeof num, more);
		snprintf(buf, len, form == 0 ? "+ %s more" : "+%s", num);
		return;
	}
	static const char unit[] = "kMGTPE";
	/* scaled down (floor: never more than there are) to one decimal
	** below 10 of a unit, none from 10 on */
	size_t div = 1000;
	int u = 0;
	while (more / div >= 1000 && u + 1 < (int)sizeof unit - 1) {
		div *= 1000;
		u++;
	}
	size_t whole = more / div;
	if (whole < 10)
		snprintf(buf, len, "+%zu.%zu%c", whole, more % div / (div / 10), unit[u]);
	else
		snprintf(buf, len, "+%zu%c", whole, unit[u]);
}
