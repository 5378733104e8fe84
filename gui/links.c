/* links.c - links between process boxes and exit signals along them; see links.h. */
#include "links.h"

#include <math.h>

static void center(struct lrect b, int *x, int *y)
{
	*x = b.x + b.w / 2;
	*y = b.y + b.h / 2;
}

/* Where the segment from b's centre towards (tx, ty) leaves the box b. */
static void box_edge(struct lrect b, int tx, int ty, int *x, int *y)
{
	int cx, cy;
	center(b, &cx, &cy);
	double dx = tx - cx, dy = ty - cy, t = 1.0;
	if (dx != 0 && (double)(b.w / 2) / (dx < 0 ? -dx : dx) < t)
		t = (double)(b.w / 2) / (dx < 0 ? -dx : dx);
	if (dy != 0 && (double)(b.h / 2) / (dy < 0 ? -dy : dy) < t)
		t = (double)(b.h / 2) / (dy < 0 ? -dy : dy);
	*x = cx + (int)(dx * t);
	*y = cy + (int)(dy * t);
}

void links_point(const struct render_seg *g, double u, int *x, int *y)
{
	double a = (1 - u) * (1 - u), b = 2 * u * (1 - u), d = u * u;
	*x = (int)(a * g->x0 + b * g->qx + d * g->x1);
	*y = (int)(a * g->y0 + b * g->qy + d * g->y1);
}

/* The part [u0, u1] of link g (links_point), t pixels thick. */
static void arc_part(struct draw_canvas *c, const struct render_seg *g, double u0, double u1,
                     int t, uint32_t col, int alpha)
{
	int px, py;
	links_point(g, u0, &px, &py);
	for (int k = 1; k <= 16; k++) {
		int x, y;
		links_point(g, u0 + (u1 - u0) * k / 16.0, &x, &y);
		draw_line(c, px, py, x, y, t, col, alpha);
		px = x;
		py = y;
	}
}

/* A link as a quadratic curve from (x0, y0) to (x1, y1) bowing through
** (qx, qy)'s pull: it arcs over the boxes between its ends instead of
** running straight through them. */
static void arc(struct draw_canvas *c, const struct render_seg *g, int t, uint32_t col, int alpha)
{
	arc_part(c, g, 0, 1, t, col, alpha);
}

/* The control point of the link between the boxes centred at a and b: off
** the middle, square to the line, downwards (boxes sit at the top of their
** lanes, the space under them is free), at most `most` pixels off. */
static void bow(int ax, int ay, int bx, int by, int most, int *qx, int *qy)
{
	double dx = bx - ax, dy = by - ay;
	double nx = -dy, ny = dx;                /* a normal, pointing down when a is left of b */
	if (ny < 0 || (ny == 0 && nx > 0)) {
		nx = -nx;
		ny = -ny;
	}
	double k = 0.3, len = nx * nx + ny * ny;
	if (len * k * k > (double)most * most)
		k = most / sqrt(len);
	*qx = (ax + bx) / 2 + (int)(nx * k);
	*qy = (ay + by) / 2 + (int)(ny * k);
}

/* Links, in two passes (links.h).  The knob where a link meets each of its
** two boxes tells a line that only passes behind a box (a bystander) from
** one that ends there. */
/* The link from box a to box b: a curve from edge to edge. */
static void seg_between(const struct render *r, struct lrect a, struct lrect b, struct render_seg *g)
{
	int ax, ay, bx, by;
	center(a, &ax, &ay);
	center(b, &bx, &by);
	bow(ax, ay, bx, by, (int)(140 * r->lay.scale), &g->qx, &g->qy);
	box_edge(a, g->qx, g->qy, &g->x0, &g->y0);
	box_edge(b, g->qx, g->qy, &g->x1, &g->y1);
	g->sel = false;
}

/* The process under the mouse in this frame's places (0: none); *pane its pane. */
static uint32_t hovered(const struct render *r, const struct render_view *v, int *pane)
{
	*pane = -1;
	return v->hover_x >= 0 ? render_hit_test(r, v->hover_x, v->hover_y, pane) : 0;
}

void links_draw(struct render *r, struct draw_canvas *c, const struct render_view *v, bool front)
{
	int knob = (int)(4 * r->lay.scale) + 2;
	int hpane;
	uint32_t hover = hovered(r, v, &hpane);
	for (int i = 0; front && i < r->nsegs; i++) {
		const struct render_seg *g = &r->segs[i];
		if (g->sel)
			arc(c, g, 4, DRAW_TEXT, 240);
		draw_disc(c, g->x0, g->y0, knob, g->sel ? DRAW_TEXT : DRAW_DIM, 255);
		draw_disc(c, g->x1, g->y1, knob, g->sel ? DRAW_TEXT : DRAW_DIM, 255);
	}
	if (front)
		return;
	r->nsegs = 0;
	for (int i = 0; i < r->nhits && r->nsegs < RENDER_MAX_SEGS; i++) {
		const struct render_hit *h = &r->hits[i];
		const struct anim *an = v->anim[h->pane];
		size_t n = sim_proc_links(v->ses[h->pane]->sim, h->pid, r->links, 64);
		for (size_t k = 0; k < n && k < 64 && r->nsegs < RENDER_MAX_SEGS; k++) {
			uint32_t b = r->links[k];
			struct lrect rb;
			if (b < h->pid || !anim_now(an, b, &rb))
				continue;
			rb = anim_lerp(an, b, rb, v->move_t);
			struct render_seg *g = &r->segs[r->nsegs++];
			seg_between(r, h->at, rb, g);
			g->sel = (h->pane == v->sel_pane && (v->selected == h->pid || v->selected == b)) ||
			         (h->pane == hpane && (hover == h->pid || hover == b));
			if (!g->sel)
				arc(c, g, 2, DRAW_DIM, v->selected || hover ? 80 : 160);
		}
	}
}

/* An exit signal on its way along link g at phase t: the link ahead in
** faint red, a wide red trail behind it from the dead process, a large
** red disc ringed in black, and the word "EXIT" beside it. */
static void signal_dot(struct render *r, struct draw_canvas *c, const struct render_seg *g,
                       double t, int rad)
{
	int x, y;
	links_point(g, t, &x, &y);
	arc_part(c, g, t, 1, 3, DRAW_CRASH, 110);
	arc_part(c, g, 0, t, 6, DRAW_CRASH, 220);
	draw_disc(c, x, y, 2 * rad + 3, DRAW_BLACK, 255);
	draw_disc(c, x, y, 2 * rad, DRAW_CRASH, 255);
	int th = text_height(r->text, TEXT_SMALL);
	int w = text_width(r->text, TEXT_SMALL, "EXIT") + 8;
	draw_fill(c, x + 2 * rad + 4, y - th / 2, w, th, DRAW_BLACK);
	text_draw(r->text, c, TEXT_SMALL, x + 2 * rad + 8, y - th / 2, DRAW_CRASH, "EXIT", 0);
}

/* Where pid of pane is drawn this frame as a ghost (ghost true), or else
** as a chip in the exited area (where it is sliding to it now). */
static bool ended_place(const struct render *r, int pane, uint32_t pid, bool ghost,
                        struct lrect *out)
{
	for (int i = 0; ghost && i < r->nghosts; i++)
		if (r->ghosts[i].pane == pane && r->ghosts[i].pid == pid) {
			*out = r->ghosts[i].at;
			return true;
		}
	for (int i = 0; !ghost && i < r->nhits; i++)
		if (r->hits[i].pane == pane && r->hits[i].pid == pid && r->hits[i].kind == HIT_CHIP &&
		    r->hits[i].area == AREA_EXITED) {
			*out = r->hits[i].at;
			return true;
		}
	return false;
}

/* The ends of an exit signal's flight: from the dead sender (its ghost,
** else where it was) to the process it reaches (where it is drawn now: its
** box, or the chip it slides to when the signal killed it). */
static bool signal_ends(const struct render *r, const struct anim *an, int pane,
                        const struct anim_flight *f, struct lrect *a, struct lrect *b)
{
	bool from = ended_place(r, pane, f->from, true, a) || anim_before(an, f->from, a) ||
	            ended_place(r, pane, f->from, false, a);
	bool to = anim_now(an, f->to, b) || ended_place(r, pane, f->to, false, b) ||
	          ended_place(r, pane, f->to, true, b);
	return from && to;
}

void links_flights(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane)
{
	const struct anim *an = v->anim[pane];
	double t = v->fly_t;
	if (t <= 0 || t >= 1)
		return;
	int rad = (int)(7 * r->lay.scale) + 1;
	for (int i = 0; i < an->nflights; i++) {
		const struct anim_flight *f = &an->flights[i];
		struct lrect a, b;
		if (f->kind != FLIGHT_MESSAGE) {
			if (!signal_ends(r, an, pane, f, &a, &b))
				continue;
			struct render_seg g;
			seg_between(r, a, b, &g);
			if (f->kind == FLIGHT_SIGNAL) {
				signal_dot(r, c, &g, t, rad);
			} else {
				int x, y;
				links_point(&g, t, &x, &y);
				uint32_t col = f->kind == FLIGHT_SIGNAL_SHUTDOWN ? ghost_end_color(END_SHUTDOWN)
				                                                 : DRAW_DIM;
				arc_part(c, &g, 0, t, 4, col, 220);
				draw_disc(c, x, y, rad + 1, col, 255);
			}
			continue;
		}
		if (!anim_before(an, f->from, &a) && !anim_now(an, f->from, &a))
			continue;
		if (!anim_now(an, f->to, &b))
			continue;
		int x0, y0, x1, y1;                /* in its sender's colour */
		center(a, &x0, &y0);
		center(b, &x1, &y1);
		int x = x0 + (int)((x1 - x0) * t), y = y0 + (int)((y1 - y0) * t);
		draw_disc(c, x, y, rad + 2, DRAW_BLACK, 255);
		draw_disc(c, x, y, rad, render_ident_color(r, v, pane, f->from), 255);
	}
}
