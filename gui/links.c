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

/* A link as a quadratic curve from (x0, y0) to (x1, y1) bowing through
** (qx, qy)'s pull: it arcs over the boxes between its ends instead of
** running straight through them. */
static void arc(struct draw_canvas *c, const struct render_seg *g, int t, uint32_t col, int alpha)
{
	int px = g->x0, py = g->y0;
	for (int k = 1; k <= 16; k++) {
		double u = k / 16.0, a = (1 - u) * (1 - u), b = 2 * u * (1 - u), d = u * u;
		int x = (int)(a * g->x0 + b * g->qx + d * g->x1);
		int y = (int)(a * g->y0 + b * g->qy + d * g->y1);
		draw_line(c, px, py, x, y, t, col, alpha);
		px = x;
		py = y;
	}
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
void links_draw(struct render *r, struct draw_canvas *c, const struct render_view *v, bool front)
{
	int knob = (int)(4 * r->lay.scale) + 2;
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
			int ax, ay, bx, by;
			center(h->at, &ax, &ay);
			center(rb, &bx, &by);
			bow(ax, ay, bx, by, (int)(140 * r->lay.scale), &g->qx, &g->qy);
			box_edge(h->at, g->qx, g->qy, &g->x0, &g->y0);
			box_edge(rb, g->qx, g->qy, &g->x1, &g->y1);
			g->sel = h->pane == v->sel_pane && (v->selected == h->pid || v->selected == b);
			if (!g->sel)
				arc(c, g, 2, DRAW_DIM, v->selected ? 80 : 160);
		}
	}
}

/* An exit signal on its way: a wide red trail from the dead process, a
** large red disc ringed in black, and the word "EXIT" beside it. */
static void signal_dot(struct render *r, struct draw_canvas *c, int x0, int y0, int x, int y,
                       int rad)
{
	draw_line(c, x0, y0, x, y, 6, DRAW_CRASH, 200);
	draw_disc(c, x, y, 2 * rad + 3, DRAW_BLACK, 255);
	draw_disc(c, x, y, 2 * rad, DRAW_CRASH, 255);
	int th = text_height(r->text, TEXT_SMALL);
	int w = text_width(r->text, TEXT_SMALL, "EXIT") + 8;
	draw_fill(c, x + 2 * rad + 4, y - th / 2, w, th, DRAW_BLACK);
	text_draw(r->text, c, TEXT_SMALL, x + 2 * rad + 8, y - th / 2, DRAW_CRASH, "EXIT", 0);
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
		if (!anim_before(an, f->from, &a) && !anim_now(an, f->from, &a))
			continue;
		if (!anim_now(an, f->to, &b))
			continue;
		int x0, y0, x1, y1;
		center(a, &x0, &y0);
		center(b, &x1, &y1);
		int x = x0 + (int)((x1 - x0) * t), y = y0 + (int)((y1 - y0) * t);
		if (f->kind == FLIGHT_MESSAGE) {       /* in its sender's colour */
			draw_disc(c, x, y, rad + 2, DRAW_BLACK, 255);
			draw_disc(c, x, y, rad, render_ident_color(r, v, pane, f->from), 255);
		} else if (f->kind == FLIGHT_SIGNAL) {
			signal_dot(r, c, x0, y0, x, y, rad);
		} else {
			draw_line(c, x0, y0, x, y, 4, DRAW_DIM, 220);
			draw_disc(c, x, y, rad + 1, DRAW_DIM, 255);
		}
	}
}
