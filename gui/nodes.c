/* nodes.c - node frames, network bands and the way of a signal between
** nodes; see nodes.h. */
#include "nodes.h"

#include <stdlib.h>
#include <string.h>

uint64_t nodes_signature(const sim *s)
{
	size_t n = sim_node_count(s);
	uint64_t h = n;
	struct sim_node_view nv;
	for (uint32_t k = 0; k < n && sim_node_view(s, k, &nv); k++)
		h = h * 1000003u + nv.nsched * 131u + nv.first_sched + 1;
	return h;
}

/* The title strip's and the band's heights and the gap between lanes,
** from the fonts of l: full size (pass 0), compact (1), tight (2, compare
** mode's narrow panes). */
static void node_sizes(const struct layout *l, const struct layout_pane *p, int pass,
                       int *title_h, int *band_h, int *gap)
{
	double small = l->font_px[0];
	/* "down since tick N" in the big font, else in the middle one */
	*title_h = pass == 0 ? (int)(l->font_px[3] * 1.35) + 4
	         : pass == 1 ? (int)(l->font_px[1] * 1.35) + 4 : (int)(small * 1.3) + 2;
	*band_h = pass == 0 ? (int)(small * 4.2) + 6
	        : pass == 1 ? (int)(small * 1.8) + 4 : (int)(small * 1.4) + 2;
	*gap = pass || p->nlanes > 16 ? 1 : (int)(6 * l->scale + 0.5);
}

/* The lane height a running box needs to show a name in the small font
** (lane_geom: the box is the lane less its bar and margins). */
static int named_lane_h(const struct layout *l)
{
	return (int)(l->font_px[0] * 1.25) + (int)(9 * l->scale + 0.5) + 7;
}

/* Reads the node views into np (frames not placed yet); false when they
** do not match the pane's lanes. */
static bool node_lanes(struct nodes_pane *np, const struct layout_pane *p, const sim *s)
{
	size_t n = sim_node_count(s);
	struct sim_node_view nv;
	if (n < 1 || n > NODES_MAX)
		return false;
	for (uint32_t k = 0; k < n; k++) {
		if (!sim_node_view(s, k, &nv) || nv.nsched < 1 ||
		    nv.first_sched + nv.nsched > (uint32_t)p->nlanes)
			return false;
		np->first_lane[k] = (int)nv.first_sched;
		np->nlanes[k] = (int)nv.nsched;
	}
	np->n = (int)n;
	return true;
}

/* A fitted pane gives the lanes the height of the titles and bands from
** the region under them. */
static void take_below(struct layout_pane *p, int over)
{
	if (p->below.h <= 0)
		return;
	int take = over < p->below.h ? over : p->below.h;
	p->lanes.h += take;
	p->below.y += take;
	p->below.h -= take;
}

/* The lane height of pass `pass` (node_sizes), *over the height titles
** and bands take. */
static int lane_h(const struct nodes_pane *np, const struct layout *l,
                  const struct layout_pane *p, int pass, int *over)
{
	int title_h, band_h, gap, n = np->n;
	node_sizes(l, p, pass, &title_h, &band_h, &gap);
	int strip = l->npanes > 1 ? (int)(2 * l->font_px[1] * 1.25) + 8 : 0;
	*over = n * (title_h + 4) + (n - 1) * band_h;
	int below = p->below.h > 0 ? (*over < p->below.h ? *over : p->below.h) : 0;
	return (p->lanes.h + below - strip - *over - gap * (p->nlanes - n)) / p->nlanes;
}

/* The timeline's rows grouped by node: a gap between two nodes' rows,
** np->tl_sep[k] its middle (under node k's last row). */
static void timeline_groups(struct nodes_pane *np, struct layout_pane *p, double scale)
{
	int sep = (int)(6 * scale) + 1, n = np->n;
	for (int k = 0; k < n; k++)
		np->tl_sep[k] = -1;
	int rh = (p->plot.h - sep * (n - 1)) / p->nlanes;
	if (rh < 6)
		return;                   /* too low for gaps: the rows as they were */
	int y = p->plot.y;
	for (int k = 0; k < n; k++) {
		for (int i = np->first_lane[k]; i < np->first_lane[k] + np->nlanes[k]; i++) {
			p->tl_row[i] = (struct lrect){ p->plot.x, y, p->plot.w, rh - (rh > 8 ? 2 : 1) };
			y += rh;
		}
		np->tl_sep[k] = k + 1 < n ? y + sep / 2 - 1 : -1;
		y += k + 1 < n ? sep : 0;
	}
}

/* Frames, titles and bands from the top of the lanes, each node's lanes
** lh tall in its frame; the trunk at the right with 3 nodes or more. */
static void place(struct nodes_pane *np, const struct layout *l, struct layout_pane *p, int pass,
                  int lh)
{
	int title_h, band_h, gap, y = p->lanes.y, n = np->n, full = p->lanes.w;
	node_sizes(l, p, pass, &title_h, &band_h, &gap);
	int tw = n >= 3 ? (int)(l->font_px[0] * 2.2) + 4 : 0;
	p->lanes.w = full - (tw ? tw + 2 : 0);        /* the lanes leave the trunk its column */
	for (int k = 0; k < n; k++) {
		np->frame[k] = (struct lrect){ p->lanes.x, y, p->lanes.w, 0 };
		np->title[k] = (struct lrect){ p->lanes.x, y, p->lanes.w, title_h };
		y += title_h + 2;
		for (int i = np->first_lane[k]; i < np->first_lane[k] + np->nlanes[k]; i++) {
			layout_lane_at(l, p, &p->lane[i], y, lh);
			y += lh + (i + 1 < np->first_lane[k] + np->nlanes[k] ? gap : 0);
		}
		y += 2;
		np->frame[k].h = y - np->frame[k].y;
		np->band[k] = (struct lrect){ p->lanes.x, y, p->lanes.w, k + 1 < n ? band_h : 0 };
		y += np->band[k].h;
	}
	p->lanes.w = full;
	if (tw)
		np->trunk = (struct lrect){ p->lanes.x + full - tw, p->lanes.y, tw, y - p->lanes.y };
}

void nodes_layout(struct nodes_pane *np, struct layout *l, int pane, const sim *s)
{
	struct layout_pane *p = &l->pane[pane];
	memset(np, 0, sizeof *np);
	if (!node_lanes(np, p, s)) {
		np->n = 0;
		return;
	}
	/* full titles and bands when the running boxes still show names, else
	** compact ones (3 nodes at 1280x720), else tight (compare mode) */
	int pass = 0, over = 0, lh = lane_h(np, l, p, 0, &over);
	while (pass < 2 && lh < named_lane_h(l))
		lh = lane_h(np, l, p, ++pass, &over);
	if (lh < l->font_px[0] + 8) {      /* more nodes than fit: the lanes as without nodes */
		np->n = 0;
		return;
	}
	take_below(p, over);
	place(np, l, p, pass, lh);
	timeline_groups(np, p, l->scale);
}

int nodes_of_lane(const struct nodes_pane *np, int lane)
{
	for (int k = 0; k < np->n; k++)
		if (lane >= np->first_lane[k] && lane < np->first_lane[k] + np->nlanes[k])
			return k;
	return -1;
}

bool nodes_split_at(const struct nodes_pane *np, int k, const uint32_t *groups)
{
	if (!groups || k < 0 || k + 1 >= np->n)
		return false;
	for (int i = 0; i <= k; i++)
		for (int j = k + 1; j < np->n; j++)
			if (groups[i] == groups[j])
				return false;
	return true;
}

/* The length of way w up to point i. */
static double way_len(const struct nodes_way *w, int upto)
{
	double len = 0;
	for (int i = 1; i <= upto && i < w->n; i++)
		len += abs(w->x[i] - w->x[i - 1]) + abs(w->y[i] - w->y[i - 1]);
	return len;
}

/* The part of w where it passes y on its segment i (a vertical one). */
static double part_at(const struct nodes_way *w, int i, int y)
{
	double total = way_len(w, w->n - 1), d = abs(y - w->y[i - 1]);
	return total > 0 ? (way_len(w, i - 1) + d) / total : 0;
}

static void point(struct nodes_way *w, int x, int y)
{
	w->x[w->n] = x;
	w->y[w->n++] = y;
}

/* Around: down (or up) out of a into its band, along it to the trunk,
** along the trunk to b's band, along it to x1, into b. */
static void around(const struct nodes_pane *np, int a, int b, int x0, int x1,
                   const uint32_t *groups, struct nodes_way *w)
{
	bool down = b > a;
	const struct lrect *ba = &np->band[down ? a : a - 1], *bb = &np->band[down ? b - 1 : b];
	int tx = np->trunk.x + np->trunk.w * (down ? 1 : 2) / 3;
	int ya = ba->y + ba->h * (down ? 1 : 3) / 4, yb = bb->y + bb->h * (down ? 3 : 1) / 4;
	point(w, x0, down ? np->frame[a].y + np->frame[a].h : np->frame[a].y);
	point(w, x0, ya);
	point(w, tx, ya);
	point(w, tx, yb);
	point(w, x1, yb);
	point(w, x1, down ? np->frame[b].y : np->frame[b].y + np->frame[b].h);
	if (!groups || groups[a] == groups[b])
		return;
	w->cut = part_at(w, 3, (ya + yb) / 2);     /* no cut drawn: the trunk's middle */
	for (int k = down ? a : a - 1; down ? k < b : k >= b; k += down ? 1 : -1)
		if (nodes_split_at(np, k, groups)) {
			w->cut = part_at(w, 3, np->band[k].y + np->band[k].h / 2);
			return;
		}
}

bool nodes_way(const struct nodes_pane *np, uint32_t a, uint32_t b, int x0, int x1,
               const uint32_t *groups, struct nodes_way *w)
{
	if (a == b || a >= (uint32_t)np->n || b >= (uint32_t)np->n)
		return false;
	const struct lrect *fa = &np->frame[a], *fb = &np->frame[b];
	bool down = b > a;                            /* b's frame is below a's */
	/* two directions, two lanes of the road: down left of the middle, up right */
	x0 = x0 >= 0 ? x0 : fa->x + fa->w * (down ? 2 : 3) / 5;
	x1 = x1 >= 0 ? x1 : fb->x + fb->w * (down ? 2 : 3) / 5;
	w->n = 0;
	w->cut = -1;
	if ((down ? b - a : a - b) > 1 && np->trunk.w > 0) {
		around(np, (int)a, (int)b, x0, x1, groups, w);
		return true;
	}
	point(w, x0, down ? fa->y + fa->h : fa->y);
	point(w, x1, down ? fb->y : fb->y + fb->h);
	int k = down ? (int)a : (int)b;               /* the band between them */
	if (groups && groups[k] != groups[k + 1])
		w->cut = part_at(w, 1, np->band[k].y + np->band[k].h / 2);
	return true;
}

double nodes_way_part(const struct nodes_way *w, int i)
{
	double total = way_len(w, w->n - 1);
	return total > 0 ? way_len(w, i) / total : 0;
}

void nodes_way_at(const struct nodes_way *w, double f, int *x, int *y)
{
	double at = f * way_len(w, w->n - 1);
	int i = 1;
	while (i + 1 < w->n && way_len(w, i) < at)
		i++;
	double seg = way_len(w, i) - way_len(w, i - 1), into = at - way_len(w, i - 1);
	double g = seg > 0 ? into / seg : 1.0;
	g = g < 0 ? 0 : g > 1 ? 1 : g;
	int dx = w->x[i] - w->x[i - 1], dy = w->y[i] - w->y[i - 1];
	*x = w->x[i - 1] + (int)(dx * g + (dx >= 0 ? 0.5 : -0.5));
	*y = w->y[i - 1] + (int)(dy * g + (dy >= 0 ? 0.5 : -0.5));
}

double nodes_point(const struct nodes_way *w, uint64_t sent, uint64_t due, double t, bool lost,
                   int *x, int *y, bool *stopped)
{
	double f = due > sent ? (t - (double)sent) / (double)(due - sent) : 1.0;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	double stop = lost && w->cut >= 0 ? w->cut : 1.0;
	*stopped = lost && f >= stop;
	f = f > stop ? stop : f;
	nodes_way_at(w, f, x, y);
	return f;
}

bool nodes_apart(const sim *s, uint32_t a, uint32_t b)
{
	struct sim_proc_view x, y;
	return sim_node_count(s) > 1 && sim_proc_view(s, a, &x) && sim_proc_view(s, b, &y) &&
	       x.loc.node != y.loc.node;
}
