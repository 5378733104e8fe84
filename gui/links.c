/* links.c - links between process boxes and exit signals along them; see links.h. */
#include "links.h"

#include <math.h>

#include "linkroute.h"

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

static double seg_len(const struct route_path *p, int i)
{
	return hypot(p->x[i] - p->x[i - 1], p->y[i] - p->y[i - 1]);
}

static double path_len(const struct route_path *p)
{
	double l = 0;
	for (int i = 1; i < p->n; i++)
		l += seg_len(p, i);
	return l;
}

/* The point at length d along p (clamped to its ends). */
static void point_at(const struct route_path *p, double d, int *x, int *y)
{
	int i = 1;
	for (; i < p->n - 1 && d > seg_len(p, i); i++)
		d -= seg_len(p, i);
	double l = p->n > 1 ? seg_len(p, i) : 0, f = l > 0 ? d / l : 0;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	int k = p->n > 1 ? i : 0;
	*x = (int)lround(p->x[k - (k > 0)] + f * (p->x[k] - p->x[k - (k > 0)]));
	*y = (int)lround(p->y[k - (k > 0)] + f * (p->y[k] - p->y[k - (k > 0)]));
}

void links_point(const struct render_seg *g, double u, int *x, int *y)
{
	point_at(&g->p, u * path_len(&g->p), x, y);
}

/* The part [u0, u1] of link g (by length along its path), t pixels thick. */
static void arc_part(struct draw_canvas *c, const struct render_seg *g, double u0, double u1,
                     int t, uint32_t col, int alpha)
{
	const struct route_path *p = &g->p;
	double total = path_len(p), d0 = u0 * total, d1 = u1 * total, at = 0;
	int px, py;
	point_at(p, d0, &px, &py);
	for (int i = 1; i < p->n && at < d1; i++) {
		at += seg_len(p, i);
		if (at <= d0)
			continue;
		int x = p->x[i], y = p->y[i];
		if (at > d1)
			point_at(p, d1, &x, &y);
		draw_line(c, px, py, x, y, t, col, alpha);
		px = x;
		py = y;
	}
}

static void arc(struct draw_canvas *c, const struct render_seg *g, int t, uint32_t col, int alpha)
{
	arc_part(c, g, 0, 1, t, col, alpha);
}

/* The control point of a curve between the boxes centred at a and b: off
** the middle, square to the line, k times its length (k > 0 downwards:
** boxes sit at the top of their lanes, the space under them is free; k < 0
** upwards), at most `most` pixels off. */
static void bow(int ax, int ay, int bx, int by, double k, int most, int *qx, int *qy)
{
	double dx = bx - ax, dy = by - ay;
	double nx = -dy, ny = dx;                /* a normal, pointing down when a is left of b */
	if (ny < 0 || (ny == 0 && nx > 0)) {
		nx = -nx;
		ny = -ny;
	}
	double len = sqrt(nx * nx + ny * ny);
	if (len * fabs(k) > most)
		k = k < 0 ? -most / len : most / len;
	*qx = (ax + bx) / 2 + (int)(nx * k);
	*qy = (ay + by) / 2 + (int)(ny * k);
}

/* The curve from box a to box b bowing by k (bow), from edge to edge,
** flattened into 16 chords. */
static void curve(const struct render *r, struct lrect a, struct lrect b, double k,
                  struct route_path *p)
{
	int ax, ay, bx, by, qx, qy, x0, y0, x1, y1;
	center(a, &ax, &ay);
	center(b, &bx, &by);
	int most = (int)(140 * r->lay.scale * (fabs(k) > 0.3 ? fabs(k) / 0.3 : 1));
	bow(ax, ay, bx, by, k, most, &qx, &qy);
	box_edge(a, qx, qy, &x0, &y0);
	box_edge(b, qx, qy, &x1, &y1);
	p->n = 17;
	for (int i = 0; i <= 16; i++) {
		double u = i / 16.0, wa = (1 - u) * (1 - u), wq = 2 * u * (1 - u), wb = u * u;
		p->x[i] = (int16_t)(wa * x0 + wq * qx + wb * x1);
		p->y[i] = (int16_t)(wa * y0 + wq * qy + wb * y1);
	}
}

/* 1 + the node frame of pane that holds the middle of b, 0 none. */
static int frame_of(const struct render *r, int pane, struct lrect b)
{
	const struct nodes_pane *np = &r->nodes[pane];
	for (int k = 0; k < np->n; k++)
		if (layout_contains(np->frame[k], b.x + b.w / 2, b.y + b.h / 2))
			return k + 1;
	return 0;
}

/* Where a link leaves box b for the network (drop k, 0 ..): k 0 from the
** middle of its edge facing the network (up when !down), straight; k > 0
** from the middle of its right (k odd) or left side, out into the gutter
** beside it, then straight along the gutter: *x the x of the straight
** part; the points before it go to p (false: no more drops). */
static bool drop(struct lrect b, bool down, int k, struct route_path *p, int *x)
{
	static const int off[] = { 0, 3, 3, 6, 6 };
	if (k >= (int)(sizeof off / sizeof *off))
		return false;
	int my = b.y + b.h / 2;
	*x = k == 0 ? b.x + b.w / 2 : k % 2 ? b.x + b.w + off[k] : b.x - off[k];
	if (k == 0) {
		p->x[p->n] = (int16_t)*x;
		p->y[p->n++] = (int16_t)(down ? b.y + b.h : b.y);
		return true;
	}
	p->x[p->n] = (int16_t)(k % 2 ? b.x + b.w : b.x);
	p->y[p->n++] = (int16_t)my;
	p->x[p->n] = (int16_t)*x;
	p->y[p->n++] = (int16_t)my;
	return true;
}

/* The points of drop p reversed onto the end of q (the link's b end). */
static void append_reversed(struct route_path *q, const struct route_path *p)
{
	for (int i = p->n - 1; i >= 0 && q->n < ROUTE_MAX_PTS; i--) {
		q->x[q->n] = p->x[i];
		q->y[q->n++] = p->y[i];
	}
}

/* A link between boxes on two nodes along the network, as a message goes
** (nodes_way): out of box a by drop ka, along the bands and the trunk,
** into box b by drop kb; false when there is no such drop. */
static bool via_network(const struct render *r, const struct route_ends *e, int ka, int kb,
                        struct route_path *p)
{
	struct nodes_way w;
	struct route_path pb = { .n = 0 };
	int xa, xb;
	bool down = e->fb > e->fa;
	p->n = 0;
	if (!drop(e->a, down, ka, p, &xa) || !drop(e->b, !down, kb, &pb, &xb) ||
	    !nodes_way(&r->nodes[e->pane], (uint32_t)(e->fa - 1), (uint32_t)(e->fb - 1), xa, xb,
	               NULL, &w))
		return false;
	for (int i = 0; i < w.n && p->n < ROUTE_MAX_PTS; i++) {
		p->x[p->n] = (int16_t)w.x[i];
		p->y[p->n++] = (int16_t)w.y[i];
	}
	append_reversed(p, &pb);
	return p->n <= ROUTE_MAX_PTS - 1;
}

/* The first clear way between two nodes' frames (via_network). */
static bool network_path(struct render *r, const struct route_ends *e, struct route_path *p)
{
	for (int ka = 0; ka < 5; ka++)
		for (int kb = 0; kb < 5; kb++)
			if (via_network(r, e, ka, kb, p) && !route_path_blocked(r->route, e, p))
				return true;
	return false;
}

/* The path of a link between e's ends (linkroute.h): between two nodes'
** frames along the network when that is clear (via_network); else the
** first clear one of curves bowing down, then up, less, straight and
** more; else an orthogonal path around the boxes (and frames); else the
** first curve (g->clear false: no clear path, or the router is out of
** memory or out of room). */
static void route(struct render *r, const struct route_ends *e0, struct render_seg *g)
{
	static const double bows[] = { 0.3, -0.3, 0.15, -0.15, 0.0, 0.6, -0.6 };
	struct route_ends ends = *e0;
	const struct route_ends *e = &ends;
	ends.fa = frame_of(r, e0->pane, e0->a);
	ends.fb = frame_of(r, e0->pane, e0->b);
	if (r->route && !r->route_ready && !route_begin(r->route, r, r->route_w, r->route_h)) {
		route_destroy(r->route);          /* out of memory: links are drawn unrouted */
		r->route = NULL;
	}
	r->route_ready = true;
	struct route *rt = r->route;
	g->a = e->pa;
	g->b = e->pb;
	g->pane = e->pane;
	g->sel = false;
	g->clear = true;
	if (rt && ends.fa && ends.fb && ends.fa != ends.fb && network_path(r, e, &g->p))
		return;
	for (size_t i = 0; rt && i < sizeof bows / sizeof bows[0]; i++) {
		curve(r, e->a, e->b, bows[i], &g->p);
		if (!route_path_blocked(rt, e, &g->p))
			return;
	}
	if (rt && route_orthogonal(rt, e, &g->p))
		return;
	curve(r, e->a, e->b, bows[0], &g->p);
	g->clear = false;
}

/* Where pid of pane is drawn as a box this frame (false: it is not, e.g.
** summarised in a "+ N more" box). */
static bool drawn_box(const struct render *r, int pane, uint32_t pid, struct lrect *at)
{
	for (int i = 0; i < r->nhits; i++)
		if (r->hits[i].pid == pid && r->hits[i].pane == pane) {
			*at = r->hits[i].at;
			return true;
		}
	return false;
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
		const struct route_path *p = &g->p;
		if (g->sel)
			arc(c, g, 4, DRAW_TEXT, 240);
		draw_disc(c, p->x[0], p->y[0], knob, g->sel ? DRAW_TEXT : DRAW_DIM, 255);
		draw_disc(c, p->x[p->n - 1], p->y[p->n - 1], knob, g->sel ? DRAW_TEXT : DRAW_DIM, 255);
	}
	if (front)
		return;
	r->nsegs = 0;
	r->nfly = 0;
	r->route_w = c->w;                    /* the obstacles are taken at the first link */
	r->route_h = c->h;
	r->route_ready = false;
	for (int i = 0; i < r->nhits && r->nsegs < RENDER_MAX_SEGS; i++) {
		const struct render_hit *h = &r->hits[i];
		size_t n = sim_proc_links(v->ses[h->pane]->sim, h->pid, r->links, 64);
		for (size_t k = 0; k < n && k < 64 && r->nsegs < RENDER_MAX_SEGS; k++) {
			uint32_t b = r->links[k];
			struct lrect rb;
			if (b < h->pid || !drawn_box(r, h->pane, b, &rb))
				continue;
			struct render_seg *g = &r->segs[r->nsegs++];
			route(r, &(struct route_ends){ h->at, rb, h->pid, b, h->pane, 0, 0 }, g);
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
			struct render_seg tmp, *g = r->nfly < RENDER_MAX_FLY ? &r->fly[r->nfly++] : &tmp;
			route(r, &(struct route_ends){ a, b, f->from, f->to, pane, 0, 0 }, g);
			if (f->kind == FLIGHT_SIGNAL) {
				signal_dot(r, c, g, t, rad);
			} else {
				int x, y;
				links_point(g, t, &x, &y);
				uint32_t col = f->kind == FLIGHT_SIGNAL_SHUTDOWN ? ghost_end_color(END_SHUTDOWN)
				                                                 : DRAW_DIM;
				arc_part(c, g, 0, t, 4, col, 220);
				draw_disc(c, x, y, rad + 1, col, 255);
			}
			continue;
		}
		if (nodes_apart(v->ses[pane]->sim, f->from, f->to))
			continue;                      /* on the network: render_nodes_net draws it */
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
