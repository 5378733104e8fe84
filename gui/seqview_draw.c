/*
** seqview_draw.c - draws a pane's sequence chart (seqview.h) into an area
** of the frame: column heads, the tick axis with the compressed stretches,
** lifelines, arrows, the playhead; the selected process's lines and
** arrows emphasised, the others dimmed; the card of a selected message;
** the hover label with the real ticks.  Nothing below the playhead.
*/
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "theme.h"

#define DIM_ALPHA 80             /* what is not the selection, when there is one */
#define SEQ_MAX_LABELS 256       /* arrow labels kept per frame to keep others off them */
#define SEQ_STRETCH_MAX 4.0      /* rows grow at most this much to fill a pane */

/* What every part of one pane's drawing needs. */
struct seqctx {
	struct render *r;
	struct draw_canvas *c;
	const struct render_view *v;
	struct seqview *sv;
	const struct chart_layout *l;
	int pane;
	uint64_t now;
	int fh;                       /* a line of the small font */
	int clip_y0, clip_y1;         /* the chart's rows on screen, up to the playhead */
	int cols_x0;                  /* screen x where the columns begin (right of the axis) */
	struct lrect labels[SEQ_MAX_LABELS];   /* the arrow labels drawn this frame */
	int nlabels;
};

static void hit_add(struct seqview *sv, int kind, struct lrect rc, int x0, int y0, int x1,
                    int y1, uint32_t id)
{
	if (sv->nhits < SEQVIEW_MAX_HITS)
		sv->hits[sv->nhits++] = (struct seqview_hit){ kind, rc, x0, y0, x1, y1, id };
}

/* The colour of a line: its process's identity colour as the lanes have
** it (the outside line: dim). */
static uint32_t line_color(const struct seqctx *x, uint32_t pid)
{
	const struct chart_line *ln = chart_line_of(x->sv->chart, pid);
	if (pid == 0 || !ln)
		return DRAW_DIM;
	if (pid <= sim_proc_count(x->v->ses[x->pane]->sim))
		return render_ident_color(x->r, x->v, x->pane, pid);
	return theme_ident(theme_get(x->v->theme), ln->ident);
}

static uint32_t end_color(enum chart_end e)
{
	return e == CHART_CRASH ? DRAW_CRASH : e == CHART_SHUTDOWN ? DRAW_BLUE : DRAW_GREY;
}

/* The screen x of a column's chart x (after the horizontal scroll). */
static int screen_x(const struct seqview *sv, int cx)
{
	return sv->area.x + cx - sv->hx;
}

static int col_x(const struct seqctx *x, uint32_t pid)
{
	int k = chart_layout_col(x->l, pid);
	return k < 0 ? -1 : screen_x(x->sv, x->l->cols[k].x);
}

/* {=== geometry ===} */

/* The rows' sizes for small text fh, stretched by f (>= 1). */
static void set_rows(struct chart_opts *o, int fh, double f)
{
	o->top = fh / 2 + 6;
	o->row_h = (int)((fh + 10) * f);
	o->sub_h = (int)((fh + 6) * f);
	o->tick_h = (int)(3 * f);
	o->gap_h = (int)((2 * fh + 8) * (f < 1.5 ? f : 1.5));
}

/* The name a column's head shows: the line's (with its incarnation), or
** a collapsed group's "NAME xN +". */
static void head_name(const struct seqview *sv, const struct chart_col *col, char *buf, size_t n)
{
	const struct chart_line *ln = &sv->chart->lines[col->line];
	if (col->group)
		snprintf(buf, n, "%s x%u +", sv->chart->groups[col->group - 1].prefix,
		         sv->chart->groups[col->group - 1].n);
	else
		snprintf(buf, n, ln->incarnation > 1 ? "%s #%u" : "%s", ln->name, ln->incarnation);
}

/* Column width and heads: columns as wide as the area allows, at least
** 2 lines of small text (more columns scroll sideways) and at most 18;
** heads in two staggered rows when a name is wider than a column. */
static void columns(struct seqctx *x, int w, size_t ncols)
{
	struct seqview *sv = x->sv;
	int room = w - sv->axis_w - 8, n = ncols ? (int)ncols : 1, cw = room / n;
	sv->col_w = cw > 18 * x->fh ? 18 * x->fh : cw < 2 * x->fh ? 2 * x->fh : cw;
	sv->shown = room / sv->col_w > 0 ? room / sv->col_w : 1;
	int widest = 0;
	char name[160];
	for (size_t k = 0; k < sv->lay.ncols; k++) {
		head_name(sv, &sv->lay.cols[k], name, sizeof name);
		int tw = text_width(x->r->text, TEXT_SMALL, name);
		widest = tw > widest ? tw : widest;
	}
	sv->stagger = widest > sv->col_w - 14 && sv->lay.ncols > 1;
	int one = text_height(x->r->text, TEXT_MID_BOLD) + 14;
	sv->head_h = sv->stagger ? 2 * (text_height(x->r->text, TEXT_SMALL) + 10) + 6 : one;
	sv->node_h = sv->chart->by_node ? text_height(x->r->text, TEXT_SMALL) + 8 : 0;
	sv->head_h += sv->node_h;
}

/* Lays the chart out with o into sv->lay; false on failure. */
static bool lay(struct seqview *sv, const struct chart_opts *o)
{
	char err[256];
	sv->lay_ok = chart_layout_create(&sv->lay, sv->chart, o, err, sizeof err) == SIM_OK;
	return sv->lay_ok;
}

/* Lays the chart out for an area with the fonts of now (once per size,
** font, scale and folding): columns (columns()), then rows stretched so
** that the whole chart read fills the area's height when it is shorter. */
static bool ensure_layout(struct seqctx *x, struct lrect area)
{
	struct seqview *sv = x->sv;
	uint64_t flip = x->v->seq_flip[x->pane];
	if (sv->lay_ok && sv->lay_w == area.w && sv->lay_h == area.h && sv->lay_font == x->fh &&
	    sv->lay_zoom == x->v->zoom && sv->lay_flip == flip)
		return true;
	if (sv->lay_ok)
		chart_layout_free(&sv->lay);
	sv->lay_ok = false;
	const struct chart *c = sv->chart;
	uint8_t coll[SEQVIEW_MAX_GROUPS];
	size_t ng = c->ngroups < SEQVIEW_MAX_GROUPS ? c->ngroups : SEQVIEW_MAX_GROUPS;
	for (size_t g = 0; g < ng; g++)
		coll[g] = seqview_collapsed(c, (uint32_t)g + 1, flip);
	struct chart_opts o;
	chart_opts_default(&o);
	o.collapse = coll;
	o.ncollapse = ng;
	sv->axis_w = text_width(x->r->text, TEXT_SMALL, "000000") + 12;
	if (!lay(sv, &o))
		return false;
	columns(x, area.w, sv->lay.ncols);
	chart_layout_free(&sv->lay);
	o.col_w = sv->col_w;
	o.left = sv->axis_w + sv->col_w / 2;
	set_rows(&o, x->fh, 1.0);
	if (!lay(sv, &o))
		return false;
	int rows_h = area.h - sv->head_h - 2 * (x->fh + 10);   /* within follow()'s margin */
	if (sv->lay.height > 0 && sv->lay.height < rows_h) {
		double f = (double)rows_h / sv->lay.height;
		chart_layout_free(&sv->lay);
		set_rows(&o, x->fh, f < SEQ_STRETCH_MAX ? f : SEQ_STRETCH_MAX);
		if (!lay(sv, &o))
			return false;
	}
	sv->lay_w = area.w;
	sv->lay_h = area.h;
	sv->lay_font = x->fh;
	sv->lay_zoom = x->v->zoom;
	sv->lay_flip = flip;
	return true;
}

/* The vertical scroll, from the playhead alone (never from an earlier
** frame): the chart from its top while the playhead is more than three
** rows above the bottom; then the playhead three rows above the bottom
** (nothing is drawn below it: the most history on screen). */
static int follow(int play_y, int rows_h, int row)
{
	int s = play_y - (rows_h - 3 * row);
	return s > 0 ? s : 0;
}

/* The horizontal scroll: the first column shown (the window's seq_col,
** the selected process's column kept in view) and its x offset. */
static void scroll_x(struct seqctx *x)
{
	struct seqview *sv = x->sv;
	const struct render_view *v = x->v;
	int sel = v->sel_pane == x->pane && v->selected ? chart_layout_col(x->l, v->selected) : -1;
	sv->first = seqview_first_col(v->seq_col, sel, sv->shown, (int)x->l->ncols);
	sv->hx = x->l->ncols ? x->l->cols[sv->first].x - x->l->cols[0].x : 0;
}

/* {=== strokes ===} */

/* A dashed line: on pixels drawn, off skipped, along its length. */
static void dashed(struct draw_canvas *c, int x0, int y0, int x1, int y1, int t, uint32_t col,
                   int alpha, int on, int off)
{
	double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
	if (len < 1) {
		draw_line(c, x0, y0, x1, y1, t, col, alpha);
		return;
	}
	for (double s = 0; s < len; s += on + off) {
		double e = s + on < len ? s + on : len;
		draw_line(c, x0 + (int)(dx * s / len), y0 + (int)(dy * s / len), x0 + (int)(dx * e / len),
		          y0 + (int)(dy * e / len), t, col, alpha);
	}
}

/* An arrow's head at (x1, y1), coming from (x0, y0). */
static void head(struct draw_canvas *c, int x0, int y0, int x1, int y1, int t, uint32_t col,
                 int alpha)
{
	double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
	if (len < 1)
		return;
	double ux = dx / len, uy = dy / len, s = 7.0 + t;
	for (int k = -1; k <= 1; k += 2) {
		int bx = x1 - (int)(ux * s - uy * s * 0.55 * k), by = y1 - (int)(uy * s + ux * s * 0.55 * k);
		draw_line(c, x1, y1, bx, by, t, col, alpha);
	}
}

/* The stroke of a kind: colour, dashes (on 0: solid), thickness. */
static void stroke_of(const struct seqctx *x, const struct chart_arrow *a, uint32_t *col, int *on,
                      int *off, int *t)
{
	*col = DRAW_DIM;
	*on = 0;
	*off = 4;
	*t = 2;
	switch (a->kind) {
	case CHART_MSG: *col = line_color(x, a->from); break;
	case CHART_DOWN: *col = end_color(a->end); *on = 8; break;
	case CHART_SIGNAL: *col = end_color(a->end); *t = 3; break;
	case CHART_SPAWN: *on = 8; *off = 5; break;
	case CHART_RESTART: *col = DRAW_YELLOW; *on = 8; *off = 5; break;
	default: *on = 2; *off = 4; break;
	}
	if (a->kind == CHART_MSG && (a->dropped || a->t1 == CHART_NONE))
		*on = 4;
}

static void segment(struct draw_canvas *c, int x0, int y0, int x1, int y1, int t, uint32_t col,
                    int alpha, int on, int off)
{
	if (on)
		dashed(c, x0, y0, x1, y1, t, col, alpha, on, off);
	else
		draw_line(c, x0, y0, x1, y1, t, col, alpha);
}

/* {=== arrows ===} */

/* Whether arrow ai (of the chart) is the selection or touches the
** selected process; *any: something is selected in this pane. */
static bool picked(const struct seqctx *x, const struct chart_arrow *a, uint32_t ai, bool *any)
{
	const struct render_view *v = x->v;
	*any = v->sel_pane == x->pane && (v->selected || v->sel_arrow);
	if (!*any)
		return false;
	if (v->sel_arrow)
		return v->sel_arrow == ai + 1;
	return a->from == v->selected || a->to == v->selected;
}

/* Whether r overlaps a label drawn before in this frame. */
static bool label_taken(const struct seqctx *x, struct lrect r)
{
	for (int i = 0; i < x->nlabels; i++) {
		const struct lrect *o = &x->labels[i];
		if (r.x < o->x + o->w && o->x < r.x + r.w && r.y < o->y + o->h && o->y < r.y + r.h)
			return true;
	}
	return false;
}

/* The label of an arrow above its middle, in the room between its ends;
** left out where it would overlap a label drawn before (the selection's
** labels are always drawn). */
static void arrow_label(struct seqctx *x, const struct chart_arrow *a, int x0, int y0, int x1,
                        int y1, int alpha)
{
	char buf[CHART_LABEL_MAX + 24];
	snprintf(buf, sizeof buf, "%s%s", a->label, a->dropped ? " (dropped)" : "");
	int room = x0 == x1 ? x->sv->col_w - 30 : (x1 > x0 ? x1 - x0 : x0 - x1) - 14;
	if (room < 3 * x->fh || a->kind == CHART_SPAWN)
		return;
	struct text *t = x->r->text;
	int w = text_width(t, TEXT_SMALL, buf);
	w = w < room ? w : room;
	int tx = x0 == x1 ? x0 + 30 : (x0 + x1) / 2 - w / 2;
	int ty = (y0 + y1) / 2 - x->fh - (a->kind == CHART_LINK ? -2 : 1);
	struct lrect box = { tx - 2, ty, w + 4, x->fh };
	bool picked_one = alpha == 255 && x->v->sel_pane == x->pane && (x->v->selected || x->v->sel_arrow);
	if (!picked_one && label_taken(x, box))
		return;
	if (x->nlabels < SEQ_MAX_LABELS)
		x->labels[x->nlabels++] = box;
	uint32_t col = a->kind == CHART_SIGNAL || a->kind == CHART_DOWN ? end_color(a->end) : DRAW_TEXT;
	if (alpha < 255)
		col = draw_mix(draw_color(x->c, DRAW_BG), draw_color(x->c, col), alpha);
	text_draw(t, x->c, TEXT_SMALL, tx, ty, col, buf, room);
}

/* Arrow i of the layout, cut at the playhead when it has not arrived. */
static void arrow(struct seqctx *x, size_t i)
{
	uint32_t ai = x->l->arrows[i];
	const struct chart_arrow *a = &x->sv->chart->arrows[ai];
	int x0 = col_x(x, a->from), x1 = col_x(x, a->to);
	int y0 = x->sv->top + x->l->ay0[i], y1 = x->sv->top + x->l->ay1[i];
	if (a->t0 > x->now || x0 < 0 || x1 < 0 || y0 > x->clip_y1 || y1 < x->clip_y0 - 40)
		return;
	uint32_t col;
	int on, off, t;
	bool any, sel = picked(x, a, ai, &any);
	stroke_of(x, a, &col, &on, &off, &t);
	int alpha = any && !sel ? DIM_ALPHA : 255;
	t += sel ? 2 : 0;
	bool arrived = a->t1 != CHART_NONE && a->t1 <= x->now;
	bool loop = x0 == x1;
	int ex = loop ? x0 + 24 : x1 + (x1 > x0 ? -3 : 3), ey = y1 + (loop && y1 == y0 ? 10 : 0);
	if (!arrived && ey > x->sv->play_y && ey != y0) {   /* in flight: up to the playhead */
		double f = (double)(x->sv->play_y - y0) / (double)(ey - y0);
		ex = x0 + (int)((ex - x0) * (f < 0 ? 0 : f));
		ey = x->sv->play_y;
	}
	if (loop) {
		segment(x->c, x0, y0, x0 + 24, y0, t, col, alpha, on, off);
		segment(x->c, x0 + 24, y0, x0 + 24, ey, t, col, alpha, on, off);
		if (arrived)
			segment(x->c, x0 + 24, ey, x0 + 4, ey, t, col, alpha, on, off);
	} else {
		segment(x->c, x0, y0, ex, ey, t, col, alpha, on, off);
	}
	if (arrived && a->kind != CHART_LINK)
		head(x->c, loop ? x0 + 24 : x0, loop ? ey : y0, loop ? x0 + 3 : ex, ey, t > 2 ? 3 : 2,
		     col, alpha);
	arrow_label(x, a, x0, y0, loop ? x0 : x1, loop ? y0 : y1, alpha);
	hit_add(x->sv, SEQ_HIT_ARROW, (struct lrect){ 0, 0, 0, 0 }, x0, y0, loop ? x0 + 24 : ex, ey, ai);
}

/* {=== lines, heads, axis ===} */

/* The end of a line that ended by now: a bar, and the reason just above
** it at the line's right (on the ground's colour, over what passes there:
** the rows below the end may be the playhead's). */
static void line_end(struct seqctx *x, const struct chart_line *ln, int sx, int y, int alpha)
{
	uint32_t col = end_color(ln->end);
	if (alpha < 255)
		col = draw_mix(draw_color(x->c, DRAW_BG), draw_color(x->c, col), alpha);
	draw_fill(x->c, sx - 10, y, 20, 6, col);
	enum text_font f = ln->end == CHART_CRASH ? TEXT_MID_BOLD : TEXT_SMALL;
	int right = x->sv->area.x + x->sv->area.w - 4;
	int room = 4 * x->sv->col_w - 16, w = text_width(x->r->text, f, ln->reason);
	room = room < right - sx - 6 ? room : right - sx - 6 > 2 * x->sv->col_w ? right - sx - 6 : room;
	if (w > room && f != TEXT_SMALL)
		f = TEXT_SMALL, w = text_width(x->r->text, f, ln->reason);
	w = w < room ? w : room;
	int h = text_height(x->r->text, f), tx = sx + 6 + w > right ? sx - 6 - w : sx + 6;
	draw_fill(x->c, tx - 2, y - h - 1, w + 4, h, DRAW_BG);
	text_draw(x->r->text, x->c, f, tx, y - h - 1, col, ln->reason, room);
}

/* Column k's lifeline, from its spawn to its exit or the playhead. */
static void lifeline(struct seqctx *x, size_t k)
{
	const struct chart_col *col = &x->l->cols[k];
	const struct chart_line *ln = &x->sv->chart->lines[col->line];
	if (col->t0 > x->now)
		return;
	int sx = screen_x(x->sv, col->x), y0 = x->sv->top + chart_layout_y(x->l, col->t0);
	if (sx < x->cols_x0 || sx >= x->sv->area.x + x->sv->area.w)
		return;                           /* scrolled off the side */
	bool ended = !col->group && ln->reason && ln->exit_tick <= x->now;
	int y1 = ended ? x->sv->top + chart_layout_y_end(x->l, ln->exit_tick) : x->sv->play_y;
	bool any = x->v->sel_pane == x->pane && (x->v->selected || x->v->sel_arrow);
	bool sel = any && ln->pid && x->v->selected == ln->pid && !col->group;
	int alpha = any && !sel ? 140 : 255, t = col->group ? 2 : sel ? 6 : 3;
	uint32_t c = line_color(x, ln->pid);
	if (sel)
		draw_fill(x->c, sx - t / 2 - 2, y0, t + 4, y1 - y0, DRAW_TEXT);
	draw_blend(x->c, sx - t / 2, y0, t, y1 - y0, c, alpha);
	if (col->t0 > 0)
		draw_disc(x->c, sx, y0, 5, c, alpha);
	if (ended)
		line_end(x, ln, sx, y1, alpha);
	hit_add(x->sv, SEQ_HIT_LINE, (struct lrect){ sx - 7, y0, 14, y1 - y0 + 6 }, 0, 0, 0, 0, ln->pid);
}

/* name shortened to fit w pixels in font f: whole, or its start and its
** end (a "_12" or " #2" suffix kept) around "..", the full name being on
** the hover label and in the inspector. */
static void shorten(struct text *t, enum text_font f, const char *name, int w, char *out, size_t n)
{
	snprintf(out, n, "%s", name);
	size_t len = strlen(name), tail = 0;
	if (text_width(t, f, out) <= w || len < 4)
		return;
	const char *u = strrchr(name, '_'), *h = strrchr(name, '#');
	const char *suf = h ? h - (h > name && h[-1] == ' ') : u;
	tail = suf && (size_t)(name + len - suf) < len / 2 + 1 ? (size_t)(name + len - suf) : 0;
	for (size_t keep = len - tail; keep > 0; keep--) {
		snprintf(out, n, "%.*s..%s", (int)(keep - 1), name, name + len - tail);
		if (text_width(t, f, out) <= w)
			return;
	}
}

/* The head of column k above the chart: its name in a box of its identity
** colour (a collapsed group: "NAME x N +"), shortened to fit; staggered
** heads take two columns' width in alternate rows.  Grouped heads flip
** their group when clicked. */
static void col_head(struct seqctx *x, size_t k)
{
	const struct chart_col *col = &x->l->cols[k];
	const struct chart_line *ln = &x->sv->chart->lines[col->line];
	struct seqview *sv = x->sv;
	if (col->t0 > x->now)
		return;
	struct text *t = x->r->text;
	int rows = sv->stagger ? 2 : 1, h = (sv->head_h - sv->node_h - 6) / rows - (rows - 1) * 2;
	int w = sv->col_w * rows - 6, sx = screen_x(sv, col->x);
	if (sx < x->cols_x0 || sx >= sv->area.x + sv->area.w)
		return;
	struct lrect b = { sx - w / 2, sv->area.y + sv->node_h + 3 + (int)(k % (size_t)rows) * (h + 4), w,
	                   h };
	int lo = sv->area.x + sv->axis_w - 4, hi = sv->area.x + sv->area.w - 2;
	b.x = b.x < lo && sx > lo ? lo : b.x + b.w > hi && sx < hi ? hi - b.w : b.x;   /* whole at the edges */
	uint32_t c = line_color(x, ln->pid);
	bool sel = x->v->sel_pane == x->pane && ln->pid && x->v->selected == ln->pid;
	draw_fill(x->c, b.x, b.y, b.w, b.h, sel ? c : DRAW_PANEL2);
	draw_frame(x->c, b.x, b.y, b.w, b.h, 2, c);
	if (rows > 1)
		draw_fill(x->c, sx - 1, b.y + b.h, 2, sv->head_h - (b.y - sv->area.y) - b.h, c);
	char name[160], shown[160];
	head_name(sv, col, name, sizeof name);
	enum text_font f = rows == 1 && text_width(t, TEXT_MID_BOLD, name) <= w - 8 ? TEXT_MID_BOLD
	                                                                              : TEXT_SMALL;
	shorten(t, f, name, w - 8, shown, sizeof shown);
	int tw = text_width(t, f, shown);
	tw = tw < w - 6 ? tw : w - 6;
	if (w >= x->fh)
		text_draw(t, x->c, f, b.x + (b.w - tw) / 2, b.y + (h - text_height(t, f)) / 2,
		          sel ? draw_text_on(c) : DRAW_TEXT, shown, w - 6);
	uint32_t g = col->group ? col->group : ln->group;
	hit_add(sv, g ? SEQ_HIT_GROUP : SEQ_HIT_LINE, b, 0, 0, 0, 0, g ? g : ln->pid);
}

/* The compressed stretches up to now: bands with "... N ticks". */
static void gap_bands(struct seqctx *x)
{
	const struct chart_layout *l = x->l;
	struct seqview *sv = x->sv;
	char buf[48], n[32];
	for (size_t i = 0; i < l->ngaps; i++) {
		const struct chart_gap *g = &l->gaps[i];
		int y0 = sv->top + g->y0 + 4, h = g->y1 - g->y0 - 8;
		if (g->from >= x->now || y0 > x->clip_y1 || y0 + h < x->clip_y0)
			continue;
		draw_blend(x->c, sv->area.x, y0, sv->area.w, h, DRAW_PANEL2, 220);
		snprintf(buf, sizeof buf, "\xe2\x8b\xaf %s ticks", chart_thousands(g->to - g->from, n, sizeof n));
		text_draw(x->r->text, x->c, TEXT_SMALL, sv->area.x + 6, y0 + (h - x->fh) / 2, DRAW_DIM, buf, 0);
		hit_add(sv, SEQ_HIT_GAP, (struct lrect){ sv->area.x, y0, sv->area.w, h }, 0, 0, 0, 0,
		        (uint32_t)i);
	}
}

/* The name of the node over columns k0 .. k1 (on screen), in a band. */
static void node_band(struct seqctx *x, uint32_t node, size_t k0, size_t k1)
{
	struct seqview *sv = x->sv;
	struct sim_node_view nv;
	char name[96];
	if (!sim_node_view(x->v->ses[x->pane]->sim, node, &nv))
		return;
	snprintf(name, sizeof name, "%s@beamsim", nv.name);
	int bx = screen_x(sv, x->l->cols[k0].x) - sv->col_w / 2 + 2;
	int bw = screen_x(sv, x->l->cols[k1].x) + sv->col_w / 2 - 2 - bx, by = sv->area.y + 2;
	draw_fill(x->c, bx, by, bw, sv->node_h - 4, DRAW_PANEL2);
	draw_frame(x->c, bx, by, bw, sv->node_h - 4, 1, DRAW_DIM);
	int tw = text_width(x->r->text, TEXT_SMALL, name);
	tw = tw < bw - 8 ? tw : bw - 8;
	text_draw(x->r->text, x->c, TEXT_SMALL, bx + (bw - tw) / 2, by + (sv->node_h - 4 - x->fh) / 2,
	          DRAW_TEXT, name, bw - 8);
}

/* With config.nodes: a band with each node's name over its columns. */
static void node_heads(struct seqctx *x)
{
	struct seqview *sv = x->sv;
	size_t end = (size_t)(sv->first + sv->shown);
	end = end < x->l->ncols ? end : x->l->ncols;
	for (size_t k = (size_t)sv->first, j; k < end; k = j) {
		const struct chart_line *ln = &sv->chart->lines[x->l->cols[k].line];
		for (j = k + 1; j < end && ln->pid &&
		                sv->chart->lines[x->l->cols[j].line].node == ln->node &&
		                sv->chart->lines[x->l->cols[j].line].pid; j++)
			;
		if (ln->pid)
			node_band(x, ln->node, k, j - 1);
	}
}

/* Tick numbers at the left of event rows up to now, never on a band
** (moved just below it), on another number or on the playhead's. */
static void tick_labels(struct seqctx *x)
{
	const struct chart_layout *l = x->l;
	struct seqview *sv = x->sv;
	char buf[48];
	int last = -1000000, band_end = -1000000;
	size_t gi = 0;
	for (size_t i = 0; i < l->nticks && l->ticks[i] <= x->now; i++) {
		for (; gi < l->ngaps && l->gaps[gi].y1 <= l->ys[i]; gi++)
			band_end = sv->top + l->gaps[gi].y1 - 4;
		int y = sv->top + l->ys[i], ly = y - x->fh / 2;
		ly = ly > band_end ? ly : band_end + 1;
		if (ly - last < x->fh + 2 || ly < x->clip_y0 - x->fh || y > x->clip_y1 ||
		    ly + x->fh > sv->play_y - x->fh / 2 - 1)       /* the playhead's own number */
			continue;
		last = ly;
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)l->ticks[i]);
		int w = text_width(x->r->text, TEXT_SMALL, buf);
		text_draw(x->r->text, x->c, TEXT_SMALL, sv->area.x + sv->axis_w - 8 - w, ly, DRAW_DIM, buf, 0);
	}
}

/* {=== the pane's chart ===} */

/* The playhead: a line across the chart and the tick on the axis. */
static void playhead(struct seqctx *x)
{
	struct seqview *sv = x->sv;
	int y = sv->play_y;
	draw_fill(x->c, sv->area.x + sv->axis_w - 4, y - 1, sv->area.w - sv->axis_w + 4, 2, DRAW_TEXT);
	char buf[48];
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)x->now);
	int w = text_width(x->r->text, TEXT_SMALL, buf);
	int bx = sv->area.x + sv->axis_w - 12 - w;
	draw_fill(x->c, bx - 4, y - x->fh / 2 - 1, w + 8, x->fh + 2, DRAW_TEXT);
	text_draw(x->r->text, x->c, TEXT_SMALL, bx, y - x->fh / 2, DRAW_BLACK, buf, 0);
}

/* "< 3" / "4 >": how many columns are off the chart at each side. */
static void scroll_marks(struct seqctx *x)
{
	struct seqview *sv = x->sv;
	int n = (int)x->l->ncols, left = sv->first, right = n - sv->first - sv->shown;
	char buf[32];
	int y = sv->area.y + sv->head_h + 4, h = x->fh + 6;
	if (left > 0) {
		snprintf(buf, sizeof buf, "< %d", left);
		int w = text_width(x->r->text, TEXT_SMALL, buf) + 12;
		draw_fill(x->c, x->cols_x0, y, w, h, DRAW_PANEL2);
		text_draw(x->r->text, x->c, TEXT_SMALL, x->cols_x0 + 6, y + 3, DRAW_TEXT, buf, 0);
	}
	if (right > 0) {
		snprintf(buf, sizeof buf, "%d >", right);
		int w = text_width(x->r->text, TEXT_SMALL, buf) + 12, bx = sv->area.x + sv->area.w - w;
		draw_fill(x->c, bx, y, w, h, DRAW_PANEL2);
		text_draw(x->r->text, x->c, TEXT_SMALL, bx + 6, y + 3, DRAW_TEXT, buf, 0);
	}
}

/* The lines of a message card: what, who to whom, the real ticks. */
static int card_lines(const struct seqctx *x, const struct chart_arrow *a, char out[3][160])
{
	static const char *const kind[CHART_KIND_COUNT] = {
		"message", "DOWN message", "exit signal", "spawn", "restart", "link", "monitor",
	};
	const struct chart *c = x->sv->chart;
	snprintf(out[0], sizeof out[0], "%s: %s", kind[a->kind], a->label);
	snprintf(out[1], sizeof out[1], "%s -> %s", c->lines[a->from].name, c->lines[a->to].name);
	int n = snprintf(out[2], sizeof out[2], "tick %llu", (unsigned long long)a->t0);
	if (a->t1 != CHART_NONE && a->t1 <= x->now && a->t1 != a->t0)
		n += snprintf(out[2] + n, sizeof out[2] - (size_t)n, ", %s at %llu",
		              a->dropped ? "dropped" : "arrived", (unsigned long long)a->t1);
	if (a->recv_tick != CHART_NONE && a->recv_tick <= x->now && n > 0 && n < (int)sizeof out[2])
		snprintf(out[2] + n, sizeof out[2] - (size_t)n, ", received at %llu",
		         (unsigned long long)a->recv_tick);
	return 3;
}

/* The selected message's card, at the top right of the chart. */
static void message_card(struct seqctx *x)
{
	const struct render_view *v = x->v;
	if (!v->sel_arrow || v->sel_pane != x->pane || v->sel_arrow > x->sv->chart->narrows)
		return;
	const struct chart_arrow *a = &x->sv->chart->arrows[v->sel_arrow - 1];
	if (a->t0 > x->now)
		return;
	char lines[3][160];
	int n = card_lines(x, a, lines), lh = text_height(x->r->text, TEXT_MID), w = 0;
	for (int i = 0; i < n; i++) {
		int tw = text_width(x->r->text, i ? TEXT_MID : TEXT_MID_BOLD, lines[i]);
		w = tw > w ? tw : w;
	}
	const struct lrect *ar = &x->sv->area;
	w = w + 24 < ar->w / 2 ? w + 24 : ar->w / 2;
	int bx = ar->x + ar->w - w - 8, by = ar->y + x->sv->head_h + 6;
	uint32_t col = a->kind == CHART_MSG ? line_color(x, a->from) : end_color(a->end);
	draw_fill(x->c, bx, by, w, n * lh + 16, DRAW_PANEL2);
	draw_frame(x->c, bx, by, w, n * lh + 16, 3, col);
	for (int i = 0; i < n; i++)
		text_draw(x->r->text, x->c, i ? TEXT_MID : TEXT_MID_BOLD, bx + 12, by + 8 + i * lh,
		          i ? DRAW_DIM : DRAW_TEXT, lines[i], w - 24);
}

/* The chart's rows: gaps and ticks, lifelines, arrows; clipped at the
** playhead (nothing after it is drawn). */
static void rows(struct seqctx *x)
{
	struct seqview *sv = x->sv;
	draw_clip(x->c, sv->area.x, x->clip_y0, sv->area.w, x->clip_y1 - x->clip_y0);
	gap_bands(x);
	tick_labels(x);
	draw_clip(x->c, x->cols_x0, x->clip_y0, sv->area.x + sv->area.w - x->cols_x0,
	          x->clip_y1 - x->clip_y0);
	for (size_t k = 0; k < x->l->ncols; k++)
		lifeline(x, k);
	for (size_t i = 0; i < x->l->narrows; i++)
		arrow(x, i);
	draw_clip(x->c, sv->area.x, x->clip_y0, sv->area.w, sv->area.y + sv->area.h - x->clip_y0);
	playhead(x);
}

void render_seqview(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane,
                    struct lrect area)
{
	struct seqview *sv = &r->seq[pane];
	struct seqctx x = { .r = r, .c = c, .v = v, .sv = sv, .l = &sv->lay, .pane = pane,
	                    .now = sim_now(v->ses[pane]->sim), .fh = text_height(r->text, TEXT_SMALL) };
	sv->nhits = 0;
	sv->area = area;
	draw_fill(c, area.x, area.y, area.w, area.h, DRAW_BG);
	if (!seqview_read(sv, v->ses[pane]) || !ensure_layout(&x, area)) {
		text_draw(r->text, c, TEXT_MID, area.x + 8, area.y + 8, DRAW_DIM,
		          "The sequence chart cannot be drawn (out of memory).", area.w - 16);
		return;
	}
	int rows_h = area.h - sv->head_h, py = seqview_play_y(&sv->lay, x.now);
	sv->scroll = follow(py, rows_h, x.fh + 10);
	scroll_x(&x);
	sv->top = area.y + sv->head_h - sv->scroll;
	sv->play_y = sv->top + py;
	x.cols_x0 = area.x + sv->axis_w - 4;
	x.clip_y0 = area.y + sv->head_h;
	x.clip_y1 = sv->play_y + 1 < area.y + area.h ? sv->play_y + 1 : area.y + area.h;
	rows(&x);
	draw_clip(c, x.cols_x0, area.y, area.x + area.w - x.cols_x0, area.h);
	draw_fill(c, area.x, area.y, area.w, sv->head_h, DRAW_BG);
	for (size_t k = 0; k < sv->lay.ncols; k++)
		col_head(&x, k);
	if (sv->node_h)
		node_heads(&x);
	draw_clip(c, area.x, area.y, area.w, area.h);
	scroll_marks(&x);
	message_card(&x);
	draw_clip(c, 0, 0, 0, 0);
}

/* {=== hover ===} */

/* The hover text of a hit: the real ticks of what is under the mouse. */
static void hover_text(const struct seqview *sv, const struct seqview_hit *h, char *buf, size_t n)
{
	const struct chart *c = sv->chart;
	if (h->kind == SEQ_HIT_ARROW) {
		const struct chart_arrow *a = &c->arrows[h->id];
		char t1[40] = "";
		if (a->t1 != CHART_NONE && a->t1 != a->t0)
			snprintf(t1, sizeof t1, " -> %llu", (unsigned long long)a->t1);
		snprintf(buf, n, "%s -> %s  %s  (tick %llu%s)", c->lines[a->from].name,
		         c->lines[a->to].name, a->label, (unsigned long long)a->t0, t1);
	} else if (h->kind == SEQ_HIT_LINE) {
		const struct chart_line *ln = chart_line_of(c, h->id);
		if (ln && ln->reason)
			snprintf(buf, n, "%s <0.%u.0>  ticks %llu to %llu: %s", ln->name, ln->pid,
			         (unsigned long long)ln->spawn_tick, (unsigned long long)ln->exit_tick, ln->reason);
		else if (ln)
			snprintf(buf, n, "%s <0.%u.0>  from tick %llu", ln->name, ln->pid,
			         (unsigned long long)ln->spawn_tick);
	} else if (h->kind == SEQ_HIT_GAP) {
		const struct chart_gap *g = &sv->lay.gaps[h->id];
		snprintf(buf, n, "ticks %llu to %llu: nothing shown happens", (unsigned long long)g->from,
		         (unsigned long long)g->to);
	} else {
		snprintf(buf, n, "%s_1 .. %s_%u: click to %s", c->groups[h->id - 1].prefix,
		         c->groups[h->id - 1].prefix, c->groups[h->id - 1].n, "show or fold them");
	}
}

void render_seq_hover(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	int pane;
	const struct seqview_hit *h = v->hover_x >= 0 ? render_seq_hit(r, v->hover_x, v->hover_y, &pane)
	                                              : NULL;
	if (!h)
		return;
	char buf[256] = "";
	hover_text(&r->seq[pane], h, buf, sizeof buf);
	struct text *t = r->text;
	int w = text_width(t, TEXT_MID, buf) + 16, hh = text_height(t, TEXT_MID) + 8;
	w = w > c->w ? c->w : w;
	int x = v->hover_x + 16, y = v->hover_y + 20;
	x = x + w > c->w ? c->w - w : x;
	y = y + hh > c->h ? v->hover_y - hh - 4 : y;
	draw_fill(c, x, y, w, hh, DRAW_PANEL2);
	draw_frame(c, x, y, w, hh, 2, DRAW_DIM);
	text_draw(t, c, TEXT_MID, x + 8, y + 4, DRAW_TEXT, buf, w - 16);
}

const struct seqview_hit *render_seq_hit(const struct render *r, int x, int y, int *pane)
{
	for (int p = 0; p < LAYOUT_MAX_PANES; p++) {
		const struct seqview_hit *h = seqview_hit_at(&r->seq[p], x, y);
		if (h) {
			*pane = p;
			return h;
		}
	}
	return NULL;
}
