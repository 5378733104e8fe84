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
** One lane of height lh at y: the running box (at most run_hmax tall) and
** its slice bar on the left, the queue boxes right of it.  A low lane has
** one row of queue boxes, centred; a tall one wraps its queue into rows
** (read left to right, top to bottom), the first level with the running
** box.  Queue boxes hold three lines of the small font (a name on two
** lines and a badge), whatever the window size.
*/
static void lane_geom(const struct layout_pane *p, struct layout_lane *ln, double s, int pad,
                      double small, int y, int lh)
{
	int label_w = sc(s, 64);
	int run_w = sc(s, 200);
	if (run_w > p->lanes.w / 4)
		run_w = p->lanes.w / 4;
	int bar_h = lh >= sc(s, 40) ? sc(s, 9) : (lh > 10 ? 3 : 1);
	int rh = lh - bar_h - 6;
	if (rh > sc(s, 150))
		rh = sc(s, 150);
	ln->row = rect(p->lanes.x, y, p->lanes.w, lh);
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
		ln->slot_h = fit_text(s, 80, small * 3.5 + 6);
		qy = y + (rh + bar_h + 6 - ln->slot_h) / 2;
		qh = y + lh - qy;
	}
	if (ln->slot_h < 1)
		ln->slot_h = 1;
	ln->queue = rect(qx, qy, p->lanes.x + p->lanes.w - qx, qh);
	ln->rows = (ln->queue.h - 2 + ln->slot_gap) / (ln->slot_h + ln->slot_gap);
	ln->slot_w = sc(s, 116);
	if (ln->queue.w < 4 * (ln->slot_w + ln->slot_gap))
		ln->slot_w = ln->queue.w / 4 - ln->slot_gap;
	if (ln->slot_w < 8)
		ln->slot_w = 8;
	ln->cols = (ln->queue.w + ln->slot_gap) / (ln->slot_w + ln->slot_gap);
	ln->cols = ln->cols < 1 ? 1 : ln->cols > LAYOUT_MAX_SLOTS ? LAYOUT_MAX_SLOTS : ln->cols;
	if (ln->rows > LAYOUT_MAX_SLOTS / ln->cols)
		ln->rows = LAYOUT_MAX_SLOTS / ln->cols;
	if (ln->rows < 1)
		ln->rows = 1;
	ln->nslots = ln->cols * ln->rows;
}

void layout_lane_at(const struct layout *l, const struct layout_pane *p, struct layout_lane *ln,
                    int y, int lh)
{
	lane_geom(p, ln, l->scale, l->pad, l->font_px[0], y, lh);
}

/* The lanes share p->lanes' height equally. */
static void lanes_compute(struct layout_pane *p, double s, int pad, double small)
{
	int n = p->nlanes;
	int gap = n > 16 ? 1 : sc(s, 6);
	int lh = (p->lanes.h - gap * (n - 1)) / n;
	if (lh < 4)
		lh = 4;
	for (int i = 0; i < n; i++)
		lane_geom(p, &p->lane[i], s, pad, small, p->lanes.y + i * (lh + gap), lh);
}

/*
** The height the lanes need to hold `boxes` queue boxes each (and a full
** running box): the lowest lane height whose rows hold them, times the
** lanes.  More than the lanes have: their whole height.
*/
static int lanes_need(const struct layout_pane *p, double s, int pad, const int font_px[5],
                      size_t boxes)
{
	int n = p->nlanes;
	int gap = n > 16 ? 1 : sc(s, 6);
	struct layout_lane ln;
	double small = font_px[0];
	/* a running box as tall as its name, pid and op need, and its bar */
	int lh = fit_text(s, 96, font_px[3] * 1.2 + small * 2.4 + 10) + sc(s, 9) + 8;
	for (;;) {
		lane_geom(p, &ln, s, pad, small, p->lanes.y, lh);
		int total = n * lh + gap * (n - 1);
		if ((size_t)ln.nslots >= boxes || total >= p->lanes.h)
			return total < p->lanes.h ? total : p->lanes.h;
		lh += ln.slot_h + ln.slot_gap;
	}
}

static void side_compute(struct layout_pane *p, double s, double small, double chip_em,
                         double exit_em)
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
	int name_w = (int)(chip_em * small) + 14;     /* a name whole: 5 px each side, rounding */
	if (p->chip_w < name_w)
		p->chip_w = name_w < inner ? name_w : inner;
	if (p->chip_w < 10)
		p->chip_w = 10;
	/* an exited chip: its name whole over its exit reason */
	p->exit_h = fit_text(s, 48, small * 2.45 + 6);
	p->exit_w = sc(s, 150);
	if (p->exit_w < (int)(exit_em * small) + 14)
		p->exit_w = (int)(exit_em * small) + 14;
	if (p->exit_w > inner)
		p->exit_w = inner;
	if (p->exit_w < p->chip_w)
		p->exit_w = p->chip_w;
}

/*
** Lanes fit their content: when the lanes never hold more than `fit` queue
** boxes each, the columns they leave empty go to the side panel (up to
** half the pane), whose waiting, exited and supervision areas then get
** wider chips rows and longer lines.  The lanes keep at least 4 columns,
** and the columns `fit` boxes need in one row (the lanes are then fitted
** in height to that row: lanes_fit_height).
*/
static int side_grow(const struct layout_pane *p, struct lrect r, int side_w, size_t fit)
{
	const struct layout_lane *ln = &p->lane[0];
	size_t need = fit + 1;                         /* one more: room for "+ N more" */
	if (need < 4)
		need = 4;
	if (need >= (size_t)ln->cols)
		return side_w;
	int spare = (ln->cols - (int)need) * (ln->slot_w + ln->slot_gap);
	int grow = r.w / 2 - side_w < spare ? r.w / 2 - side_w : spare;
	return grow > 0 ? side_w + grow : side_w;
}

/* Lanes as tall as `fit` needs (plus the compare numbers' strip, `strip`
** pixels); the height left under them, when worth it, is p->below. */
static void lanes_fit_height(struct layout_pane *p, double s, int pad, const int font_px[5],
                             size_t boxes, int strip)
{
	double small = font_px[0];
	p->below = rect(p->lanes.x, p->lanes.y + p->lanes.h, p->lanes.w, 0);
	if (!boxes)
		return;
	int need = lanes_need(p, s, pad, font_px, boxes) + strip;
	int rest = p->lanes.h - need - pad;
	if (rest < fit_text(s, 90, small * 4.5))      /* too little to use: lanes keep it */
		return;
	p->lanes.h = need;
	lanes_compute(p, s, pad, small);
	p->below = rect(p->lanes.x, p->lanes.y + need + pad, p->lanes.w, rest);
}

static void pane_compute(struct layout *l, struct layout_pane *p, struct lrect r, uint32_t nsched,
                         struct layout_fit fit)
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
		lanes_compute(p, s, pad, small);
		int grown = pass == 0 && fit.boxes ? side_grow(p, r, side_w, fit.boxes) : side_w;
		if (grown == side_w)
			break;
		side_w = grown;
	}
	side_compute(p, s, small, fit.chip_em, fit.exit_em);
	/* compare mode: the numbers' strip at the bottom of the lanes, two lines */
	int strip = l->npanes > 1 ? (int)(2 * l->font_px[1] * 1.25) + 8 : 0;
	/* the height lanes do not use is worth it for a tree, not an empty column */
	lanes_fit_height(p, s, pad, l->font_px, fit.tree ? fit.boxes : 0, strip);
	if (strip > 0 && strip < p->lanes.h / 2) {     /* the lanes end above the strip */
		p->lanes.h -= strip;
		lanes_compute(p, s, pad, small);
		p->lanes.h += strip;
	}
	p->below_use = -1;
	p->tree_below = fit.tree && p->below.h > 0;
}

void layout_compute(struct layout *l, int w, int h, double zoom, int npanes, const uint32_t *nsched)
{
	layout_compute_fit(l, w, h, zoom, npanes, nsched, NULL, 0);
}

void layout_compute_fit(struct layout *l, int w, int h, double zoom, int npanes,
                        const uint32_t *nsched, const struct layout_fit *fit, int caption_h)
{
	memset(l, 0, sizeof *l);
	l->w = w;
	l->h = h;
	double f = (double)w / 1600.0 < (double)h / 900.0 ? (double)w / 1600.0 : (double)h / 900.0;
	if (f < 0.5)
		f = 0.5;
	double s = zoom * f;
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
	int ch = l->npanes > 1 ? fit_text(s, 84, mid * 3.6) : fit_text(s, 58, mid * 2.5);
	if (caption_h > ch)
		ch = caption_h < h / 6 ? caption_h : h / 6;
	l->caption = rect(l->pad, l->header.h, w - 2 * l->pad, ch);
	int top = l->caption.y + l->caption.h + l->pad / 2;
	int pw = w / l->npanes;
	for (int i = 0; i < l->npanes; i++) {
		struct layout_fit none = { 0, false, 0, 0 };
		pane_compute(l, &l->pane[i], rect(i * pw, top, pw, h - top), nsched[i],
		             fit ? fit[i] : none);
	}
}

static int area_chip_w(const struct layout_pane *p, enum layout_area a)
{
	return a == AREA_EXITED ? p->exit_w : p->chip_w;
}

static int area_chip_h(const struct layout_pane *p, enum layout_area a)
{
	return a == AREA_EXITED ? p->exit_h : p->chip_h;
}

static int area_cols_in(const struct layout_pane *p, enum layout_area a, int w)
{
	int c = (w - p->chip_gap) / (area_chip_w(p, a) + p->chip_gap);
	return c < 1 ? 1 : c;
}

/* The heights each of the n parts (the areas, then the tree) needs and
** at least keeps, given their widths. */
static void side_needs(const struct layout_pane *p, const size_t count[AREA_COUNT],
                       const int *given, int sup_lines, int line_h, const int width[AREA_COUNT + 1],
                       int need[], int min[])
{
	for (int a = 0; a < AREA_COUNT; a++) {
		int cols = area_cols_in(p, (enum layout_area)a, width[a]);
		int rows = given ? given[a] : (int)((count[a] + (size_t)cols - 1) / (size_t)cols);
		if (rows > 1000)
			rows = 1000;
		int row = area_chip_h(p, (enum layout_area)a) + p->chip_gap;
		need[a] = p->area_title_h + rows * row + (rows ? p->chip_gap : 0);
		min[a] = p->area_title_h + (rows ? row + p->chip_gap : 0);
	}
	int sl = sup_lines < 1 ? 1 : sup_lines > 1000 ? 1000 : sup_lines;
	need[AREA_COUNT] = p->area_title_h + sl * line_h + 4;
	min[AREA_COUNT] = p->area_title_h + (sl < 3 ? sl : 3) * line_h + 4;
}

/*
** Shares `avail` pixels among the parts in the column (in[k]): each gets
** what it needs when everything fits, else its minimum and a share of
** what is left in proportion to what it lacks.
*/
static void side_share(const bool in[], const int need[], const int min[], int avail, int h[])
{
	int sum_min = 0, sum_extra = 0;
	for (int a = 0; a <= AREA_COUNT; a++) {
		sum_min += in[a] ? min[a] : 0;
		sum_extra += in[a] ? need[a] - min[a] : 0;
	}
	int left = avail - sum_min;
	for (int a = 0; a <= AREA_COUNT; a++) {
		if (!in[a])
			h[a] = 0;
		else if (left < 0)              /* not even the minimum: shares of it */
			h[a] = (int)((long)min[a] * avail / (sum_min ? sum_min : 1));
		else if (left >= sum_extra)
			h[a] = need[a];
		else
			h[a] = min[a] + (int)((long)(need[a] - min[a]) * left / (sum_extra ? sum_extra : 1));
	}
}

/*
** Gives each side area the height its chips need (an empty area keeps its
** title line), the supervision tree what its lines need, and shares what
** is left in proportion when everything does not fit.  Each area keeps
** at least its title and one row of chips when it has any.  The region
** under fitted lanes takes the tree when the run has one, else the
** exited area (the same for the whole run: nothing jumps).
*/
void layout_side_fit(struct layout_pane *p, const size_t count[AREA_COUNT], int sup_lines,
                     int line_h)
{
	layout_side_fit_rows(p, count, NULL, sup_lines, line_h);
}

void layout_side_fit_rows(struct layout_pane *p, const size_t count[AREA_COUNT],
                          const int (*rows)[AREA_COUNT], int sup_lines, int line_h)
{
	int gap = p->chip_gap + 2;
	int width[AREA_COUNT + 1], need[AREA_COUNT + 1], min[AREA_COUNT + 1], h[AREA_COUNT + 1];
	bool in[AREA_COUNT + 1];
	for (int a = 0; a <= AREA_COUNT; a++) {
		width[a] = p->side.w;
		in[a] = true;
	}
	side_needs(p, count, rows ? rows[0] : NULL, sup_lines, line_h, width, need, min);
	side_share(in, need, min, p->side.h - gap * AREA_COUNT, h);
	p->below_use = -1;
	if (p->below.h > 0) {
		p->below_use = p->tree_below ? AREA_COUNT : AREA_EXITED;
		in[p->below_use] = false;
		width[p->below_use] = p->below.w;
		int r[AREA_COUNT];
		for (int a = 0; rows && a < AREA_COUNT; a++)
			r[a] = rows[a == p->below_use ? 1 : 0][a];
		side_needs(p, count, rows ? r : NULL, sup_lines, line_h, width, need, min);
		side_share(in, need, min, p->side.h - gap * (AREA_COUNT - 1), h);
	}
	int y = p->side.y;
	for (int a = 0; a < AREA_COUNT; a++) {
		p->area[a] = in[a] ? rect(p->side.x, y, p->side.w, h[a]) : p->below;
		y += in[a] ? h[a] + gap : 0;
	}
	/* the supervision tree takes the rest of the column, down to the bottom */
	p->sup = in[AREA_COUNT] ? rect(p->side.x, y, p->side.w, p->side.y + p->side.h - y) : p->below;
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
	return area_cols_in(p, a, p->area[a].w);
}

int layout_area_capacity(const struct layout_pane *p, enum layout_area a)
{
	int rows = (p->area[a].h - p->area_title_h) / (area_chip_h(p, a) + p->chip_gap);
	return rows < 0 ? 0 : rows * area_cols(p, a);
}

struct lrect layout_area_chip(const struct layout_pane *p, enum layout_area a, int i)
{
	int cols = area_cols(p, a), w = area_chip_w(p, a), h = area_chip_h(p, a);
	const struct lrect *r = &p->area[a];
	return rect(r->x + p->chip_gap + (i % cols) * (w + p->chip_gap),
	            r->y + p->area_title_h + (i / cols) * (h + p->chip_gap), w, h);
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
