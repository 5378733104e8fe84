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

static int col_x(const struct seqctx *x, uint32_t pid)
{
	int k = chart_layout_col(x->l, pid);
	return k < 0 ? -1 : x->sv->area.x + x->l->cols[k].x;
}

/* {=== geometry ===} */

/* Lays the chart out for an area w pixels wide with the fonts of now:
** columns as wide as the area allows (at most 18 lines of small text). */
static bool ensure_layout(struct seqctx *x, int w)
{
	struct seqview *sv = x->sv;
	uint64_t flip = x->v->seq_flip[x->pane];
	if (sv->lay_ok && sv->lay_w == w && sv->lay_font == x->fh && sv->lay_zoom == x->v->zoom &&
	    sv->lay_flip == flip)
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
	sv->head_h = text_height(x->r->text, TEXT_MID_BOLD) + 14;
	char err[256];
	if (chart_layout_create(&sv->lay, c, &o, err, sizeof err) != SIM_OK)
		return false;
	int ncols = sv->lay.ncols ? (int)sv->lay.ncols : 1;
	chart_layout_free(&sv->lay);
	int cw = (w - sv->axis_w - 8) / ncols;
	sv->col_w = cw > 18 * x->fh ? 18 * x->fh : cw < 10 ? 10 : cw;
	o.col_w = sv->col_w;
	o.left = sv->axis_w + sv->col_w / 2;
	o.top = 10;
	o.row_h = x->fh + 10;
	o.sub_h = x->fh + 6;
	o.tick_h = 3;
	o.gap_h = 2 * x->fh + 8;
	if (chart_layout_create(&sv->lay, c, &o, err, sizeof err) != SIM_OK)
		return false;
	sv->lay_ok = true;
	sv->lay_w = w;
	sv->lay_font = x->fh;
	sv->lay_zoom = x->v->zoom;
	sv->lay_flip = flip;
	return true;
}

/* Scrolls so that the playhead stays in view: when it passes the bottom,
** it goes three rows above it (nothing is drawn below it: the most
** history on screen); when it goes above the top, to a third down. */
static void follow(struct seqview *sv, int play_y, int rows_h, int row)
{
	if (play_y - sv->scroll > rows_h - 2 * row)
		sv->scroll = play_y - (rows_h - 3 * row);
	else if (play_y - sv->scroll < row)
		sv->scroll = play_y - rows_h / 3;
	if (sv->scroll < 0)
		sv->scroll = 0;
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

/* The label of an arrow above its middle, in the room between its ends. */
static void arrow_label(const struct seqctx *x, const struct chart_arrow *a, int x0, int y0,
                        int x1, int y1, int alpha)
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

/* The end of a line that ended by now: a bar and the reason below it. */
static void line_end(struct seqctx *x, const struct chart_line *ln, int sx, int y, int alpha)
{
	uint32_t col = end_color(ln->end);
	if (alpha < 255)
		col = draw_mix(draw_color(x->c, DRAW_BG), draw_color(x->c, col), alpha);
	draw_fill(x->c, sx - 10, y, 20, 6, col);
	enum text_font f = ln->end == CHART_CRASH ? TEXT_MID_BOLD : TEXT_SMALL;
	int room = x->sv->col_w - 6, w = text_width(x->r->text, f, ln->reason);
	if (w > room && f != TEXT_SMALL)
		f = TEXT_SMALL, w = text_width(x->r->text, f, ln->reason);
	w = w < room ? w : room;
	text_draw(x->r->text, x->c, f, sx - w / 2, y + 8, col, ln->reason, room);
}

/* Column k's lifeline, from its spawn to its exit or the playhead. */
static void lifeline(struct seqctx *x, size_t k)
{
	const struct chart_col *col = &x->l->cols[k];
	const struct chart_line *ln = &x->sv->chart->lines[col->line];
	if (col->t0 > x->now)
		return;
	int sx = x->sv->area.x + col->x, y0 = x->sv->top + chart_layout_y(x->l, col->t0);
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

/* The head of column k in the row above the chart: its name in a box of
** its identity colour (a collapsed group: "NAME x N"); grouped heads flip
** their group when clicked. */
static void col_head(struct seqctx *x, size_t k)
{
	const struct chart_col *col = &x->l->cols[k];
	const struct chart_line *ln = &x->sv->chart->lines[col->line];
	if (col->t0 > x->now)
		return;
	struct text *t = x->r->text;
	int w = x->sv->col_w - 6, sx = x->sv->area.x + col->x, h = x->sv->head_h - 6;
	struct lrect b = { sx - w / 2, x->sv->area.y + 3, w, h };
	uint32_t c = line_color(x, ln->pid);
	bool sel = x->v->sel_pane == x->pane && ln->pid && x->v->selected == ln->pid;
	draw_fill(x->c, b.x, b.y, b.w, b.h, sel ? c : DRAW_PANEL2);
	draw_frame(x->c, b.x, b.y, b.w, b.h, 2, c);
	char name[160];
	if (col->group)
		snprintf(name, sizeof name, "%s x%u +", x->sv->chart->groups[col->group - 1].prefix,
		         x->sv->chart->groups[col->group - 1].n);
	else
		snprintf(name, sizeof name, ln->incarnation > 1 ? "%s #%u" : "%s", ln->name, ln->incarnation);
	enum text_font f = text_width(t, TEXT_MID_BOLD, name) <= w - 8 ? TEXT_MID_BOLD : TEXT_SMALL;
	int tw = text_width(t, f, name);
	tw = tw < w - 6 ? tw : w - 6;
	if (w >= x->fh)
		text_draw(t, x->c, f, sx - tw / 2, b.y + (h - text_height(t, f)) / 2,
		          sel ? draw_text_on(c) : DRAW_TEXT, name, w - 6);
	uint32_t g = col->group ? col->group : ln->group;
	hit_add(x->sv, g ? SEQ_HIT_GROUP : SEQ_HIT_LINE, b, 0, 0, 0, 0, g ? g : ln->pid);
}

/* Tick numbers at the left of event rows (not too close together) and
** the compressed stretches as bands with "... N ticks", up to now. */
static void axis(struct seqctx *x)
{
	const struct chart_layout *l = x->l;
	struct seqview *sv = x->sv;
	char buf[48], n[32];
	int last = -1000000;
	for (size_t i = 0; i < l->nticks && l->ticks[i] <= x->now; i++) {
		int y = sv->top + l->ys[i];
		if (y - last < x->fh + 2 || y < x->clip_y0 - x->fh || y > x->clip_y1)
			continue;
		last = y;
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)l->ticks[i]);
		int w = text_width(x->r->text, TEXT_SMALL, buf);
		text_draw(x->r->text, x->c, TEXT_SMALL, sv->area.x + sv->axis_w - 8 - w, y - x->fh / 2,
		          DRAW_DIM, buf, 0);
	}
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
	axis(x);
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
	struct seqctx x = { r, c, v, sv, &sv->lay, pane, sim_now(v->ses[pane]->sim),
	                    text_height(r->text, TEXT_SMALL), 0, 0 };
	sv->nhits = 0;
	sv->area = area;
	draw_fill(c, area.x, area.y, area.w, area.h, DRAW_BG);
	if (!seqview_read(sv, v->ses[pane]) || !ensure_layout(&x, area.w)) {
		text_draw(r->text, c, TEXT_MID, area.x + 8, area.y + 8, DRAW_DIM,
		          "The sequence chart cannot be drawn (out of memory).", area.w - 16);
		return;
	}
	int rows_h = area.h - sv->head_h, py = seqview_play_y(&sv->lay, x.now);
	follow(sv, py, rows_h, sv->lay.o.row_h);
	sv->top = area.y + sv->head_h - sv->scroll;
	sv->play_y = sv->top + py;
	x.clip_y0 = area.y + sv->head_h;
	x.clip_y1 = sv->play_y + 1 < area.y + area.h ? sv->play_y + 1 : area.y + area.h;
	rows(&x);
	draw_clip(c, area.x, area.y, area.w, area.h);
	draw_fill(c, area.x, area.y, area.w, sv->head_h, DRAW_BG);
	for (size_t k = 0; k < sv->lay.ncols; k++)
		col_head(&x, k);
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
