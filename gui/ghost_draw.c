/*
** ghost_draw.c - draws the ghosts of one pane (see ghost.h) and the legend
** of the colours of ends.  A ghost that died running goes in the lane of
** its scheduler, under the running box (then in the free queue slots); the
** live process that runs there now keeps its own colours.  Every ghost's
** chip in the exited area is drawn as a ghost too (outlined, not filled)
** until it is GHOST_TICKS old.
*/
#include <stdio.h>

#include "render.h"

/* Free place j (0-based) for a ghost in lane i, or false when the lane has
** no more room: a column under the running box, then the queue slots after
** the boxes shown (and the "+ N more" box, or the "run queue empty" text). */
static bool lane_spot(const struct render *r, int pane, int i, int j, struct lrect *out)
{
	const struct layout_lane *ln = &r->lay.pane[pane].lane[i];
	const struct render_lane *rl = &r->lanes[pane][i];
	int gap = ln->slot_gap > 2 ? ln->slot_gap : 4;
	int top = ln->slice.y + ln->slice.h + gap;
	int h = ln->slot_h, below = h > 0 ? (ln->row.y + ln->row.h - top) / (h + gap) : 0;
	if (below < 0)
		below = 0;
	if (j < below) {
		*out = (struct lrect){ ln->running.x, top + j * (h + gap), ln->running.w, h };
		return true;
	}
	int k = rl->shown + (rl->more ? 1 : 0) + (j - below);
	if (rl->qlen == 0)            /* "run queue empty" is written over the first slots */
		k += (text_width(r->text, TEXT_SMALL, "run queue empty") + ln->slot_gap) /
		         (ln->slot_w + ln->slot_gap) + 1;
	if (k >= ln->nslots)
		return false;
	*out = layout_queue_slot(ln, k);
	return true;
}

/* An outlined box: name and exit reason in the colour of the end, each on
** one line, or on two (broken after a '_') when the box is narrow and
** tall enough: a queue slot holds "worker_" / "sup" / "shutdown". */
static void ghost_box(struct render *r, struct draw_canvas *c, struct lrect b, const struct ghost *g)
{
	struct text *t = r->text;
	uint32_t col = ghost_end_color(g->end);
	draw_fill(c, b.x, b.y, b.w, b.h, DRAW_BG);
	int th = b.h >= 40 ? 3 : 2;
	draw_frame(c, b.x, b.y, b.w, b.h, th, col);
	int pad = th + 3, w = b.w - 2 * pad;
	int nh = text_height(t, TEXT_MID_BOLD), sh = text_height(t, TEXT_SMALL);
	char gone[96];               /* halted with its node: no exit reason */
	if (g->gone_with)
		snprintf(gone, sizeof gone, "gone with %s", g->gone_with);
	const char *reason = g->gone_with ? gone : g->reason ? g->reason : "?";
	int budget = (b.h - 2 * th) / sh;           /* lines of the small font */
	if (budget < 2) {
		char one[160];
		snprintf(one, sizeof one, "%s %s", g->name, reason);
		text_draw(t, c, TEXT_SMALL, b.x + pad, b.y + (b.h - sh) / 2, DRAW_TEXT, one, w);
		return;
	}
	enum text_font nf = b.h >= nh + sh + 2 * th && text_width(t, TEXT_MID_BOLD, g->name) <= w
	                        ? TEXT_MID_BOLD : TEXT_SMALL;
	char why[112];
	snprintf(why, sizeof why, g->gone_with ? "%s" : "exit: %s", reason);
	/* "gone with b" whole on one line, else "halted" (never cut in two) */
	const char *rs = text_width(t, TEXT_SMALL, why) <= w ? why : g->gone_with ? "halted" : reason;
	int nl = render_name_lines(r, nf, w, budget >= 3 ? 2 * sh : sh, g->name);
	int rl = render_name_lines(r, TEXT_SMALL, w, (budget - nl) * sh, rs);
	int y = b.y + (b.h - nl * text_height(t, nf) - rl * sh) / 2;
	render_box_name(r, c, nl, b.x + pad, y, w, nf, DRAW_TEXT, g->name);
	render_box_name(r, c, rl, b.x + pad, y + nl * text_height(t, nf), w, TEXT_SMALL, col, rs);
}

static void record(struct render *r, struct lrect at, uint32_t pid, int pane)
{
	if (r->nghosts >= RENDER_MAX_GHOSTS)
		return;
	r->ghosts[r->nghosts++] = (struct render_ghost){ at, pid, pane };
}

/* Records g over its chip in the exited area, if that is drawn. */
static void ghost_chip(struct render *r, int pane, const struct ghost *g)
{
	for (int i = 0; i < r->nhits; i++) {
		const struct render_hit *h = &r->hits[i];
		if (h->pane != pane || h->pid != g->pid || h->kind != HIT_CHIP || h->area != AREA_EXITED)
			continue;
		record(r, h->r, g->pid, pane);
		return;
	}
}

void render_ghosts_place(struct render *r, const struct render_view *v, int pane)
{
	struct ghost_set *gs = &r->ghost_sets[pane];
	ghost_collect(gs, v->ses[pane]);
	int used[LAYOUT_MAX_LANES] = { 0 };
	int nlanes = r->lay.pane[pane].nlanes;
	for (int k = 0; k < gs->n; k++) {
		const struct ghost *g = &gs->g[k];
		ghost_chip(r, pane, g);
		struct lrect b;
		if (g->sched >= 0 && g->sched < nlanes && lane_spot(r, pane, g->sched, used[g->sched], &b)) {
			used[g->sched]++;
			record(r, b, g->pid, pane);
		}
	}
}

void render_ghosts(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane)
{
	const struct ghost_set *gs = &r->ghost_sets[pane];
	(void)v;
	for (int i = 0; i < r->nghosts; i++) {
		if (r->ghosts[i].pane != pane)
			continue;
		for (int k = 0; k < gs->n; k++)
			if (gs->g[k].pid == r->ghosts[i].pid)
				ghost_box(r, c, r->ghosts[i].at, &gs->g[k]);
	}
}

/* The legend of the colours of ends, right-aligned in the title row of the
** exited area, when it fits right of x_used. */
void render_end_legend(struct render *r, struct draw_canvas *c, struct lrect row, int x_used)
{
	struct text *t = r->text;
	int sh = text_height(t, TEXT_SMALL), sq = sh * 2 / 3, gap = sh / 2;
	static const char *const short_label[END_COUNT] = { "normal", "shutdown", "crash" };
	for (int form = 0; form < 2; form++) {
		int w = 0;
		for (int e = 0; e < END_COUNT; e++)
			w += sq + 4 + gap + text_width(t, TEXT_SMALL, form ? short_label[e]
			                                                   : ghost_end_label((enum ghost_end)e));
		int x = row.x + row.w - 6 - w;
		if (x < x_used + gap)
			continue;
		for (int e = 0; e < END_COUNT; e++) {
			const char *s = form ? short_label[e] : ghost_end_label((enum ghost_end)e);
			draw_fill(c, x, row.y + 3 + (sh - sq) / 2, sq, sq, ghost_end_color((enum ghost_end)e));
			x += sq + 4;
			x += text_draw(t, c, TEXT_SMALL, x, row.y + 3, DRAW_DIM, s, 0) + gap;
		}
		return;
	}
}
