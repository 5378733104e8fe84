/* nodes.c - node frames, network bands and the way of a signal between
** nodes; see nodes.h. */
#include "nodes.h"

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

/* The title strip's and the band's heights, from the fonts of l. */
static void node_sizes(const struct layout *l, int *title_h, int *band_h)
{
	*title_h = (int)(l->font_px[3] * 1.35) + 4;   /* "down since tick N" in the big font */
	*band_h = (int)(l->font_px[0] * 4.2) + 6;
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

void nodes_layout(struct nodes_pane *np, struct layout *l, int pane, const sim *s)
{
	struct layout_pane *p = &l->pane[pane];
	memset(np, 0, sizeof *np);
	if (!node_lanes(np, p, s)) {
		np->n = 0;
		return;
	}
	int title_h, band_h, n = np->n, lh = 0, gap = 0, over = 0;
	node_sizes(l, &title_h, &band_h);
	int strip = l->npanes > 1 ? (int)(2 * l->font_px[1] * 1.25) + 8 : 0;
	/* full bands and gaps first, then narrow ones (3 nodes at 1280x720) */
	for (int compact = 0; compact < 2; compact++) {
		if (compact)
			band_h = (int)(l->font_px[0] * 2.2) + 4;
		gap = compact || p->nlanes > 16 ? 1 : (int)(6 * l->scale + 0.5);
		over = n * (title_h + 4) + (n - 1) * band_h;
		int below = p->below.h > 0 ? (over < p->below.h ? over : p->below.h) : 0;
		lh = (p->lanes.h + below - strip - over - gap * (p->nlanes - n)) / p->nlanes;
		if (lh >= l->font_px[0] + 8)
			break;
	}
	if (lh < l->font_px[0] + 8) {      /* more nodes than fit: the lanes as without nodes */
		np->n = 0;
		return;
	}
	take_below(p, over);
	int y = p->lanes.y;
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
}

int nodes_of_lane(const struct nodes_pane *np, int lane)
{
	for (int k = 0; k < np->n; k++)
		if (lane >= np->first_lane[k] && lane < np->first_lane[k] + np->nlanes[k])
			return k;
	return -1;
}

/* The y of the first cut between frames a and b (a != b), going from a. */
static int first_cut(const struct nodes_pane *np, int a, int b, const uint32_t *groups)
{
	int step = b > a ? 1 : -1;
	for (int k = a; k != b; k += step) {
		int band = step > 0 ? k : k - 1;          /* between frames band and band + 1 */
		if (groups && groups[band] != groups[band + 1])
			return np->band[band].y + np->band[band].h / 2;
	}
	return -1;
}

bool nodes_way(const struct nodes_pane *np, uint32_t a, uint32_t b, int x0, int x1,
               const uint32_t *groups, struct nodes_way *w)
{
	if (a == b || a >= (uint32_t)np->n || b >= (uint32_t)np->n)
		return false;
	const struct lrect *fa = &np->frame[a], *fb = &np->frame[b];
	bool down = b > a;                            /* b's frame is below a's */
	/* two directions, two lanes of the road: down left of the middle, up right */
	w->x0 = x0 >= 0 ? x0 : fa->x + fa->w * (down ? 2 : 3) / 5;
	w->x1 = x1 >= 0 ? x1 : fb->x + fb->w * (down ? 2 : 3) / 5;
	w->y0 = down ? fa->y + fa->h : fa->y;
	w->y1 = down ? fb->y : fb->y + fb->h;
	w->cut = first_cut(np, (int)a, (int)b, groups);
	return true;
}

void nodes_point(const struct nodes_way *w, uint64_t sent, uint64_t due, double t, bool lost,
                 int *x, int *y, bool *stopped)
{
	double f = due > sent ? (t - (double)sent) / (double)(due - sent) : 1.0;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	double stop = 1.0;
	if (lost && w->cut >= 0 && w->y1 != w->y0)
		stop = (double)(w->cut - w->y0) / (double)(w->y1 - w->y0);
	*stopped = lost && f >= stop;
	if (f > stop)
		f = stop;
	*x = w->x0 + (int)((w->x1 - w->x0) * f + (w->x1 >= w->x0 ? 0.5 : -0.5));
	*y = w->y0 + (int)((w->y1 - w->y0) * f + (w->y1 >= w->y0 ? 0.5 : -0.5));
}

bool nodes_apart(const sim *s, uint32_t a, uint32_t b)
{
	struct sim_proc_view x, y;
	return sim_node_count(s) > 1 && sim_proc_view(s, a, &x) && sim_proc_view(s, b, &y) &&
	       x.loc.node != y.loc.node;
}
