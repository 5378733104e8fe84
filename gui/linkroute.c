/* linkroute.c - obstacles and orthogonal paths for links; see linkroute.h. */
#include "linkroute.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"

#define BUCKET 32                /* pixels per side of a bucket */
#define MAX_LINES 384            /* grid lines per axis */
#define MAX_NODES 40000          /* grid points */
#define MAX_STATES (4 * MAX_NODES)   /* a point and the direction it was reached in */
#define HEAP_CAP (2 * MAX_STATES)
#define MULTI (-2)               /* a grid point in two unrelated obstacles */

struct obstacle {
	int x0, y0, x1, y1;          /* closed, grown by ROUTE_MARGIN */
	uint32_t pid;
	int pane;
};

struct heap_item {
	int32_t f, s;                /* estimated total cost, state */
};

struct route {
	struct obstacle *ob;
	int nob, cap_ob;
	uint32_t *seen;              /* per obstacle: the query that tested it last */
	int *edges;                  /* scratch: two edges per obstacle */
	uint32_t query;
	int *bstart, *bitem;         /* buckets: items bstart[k] .. bstart[k + 1] - 1 */
	int bw, bh, nitems, cap_items;
	int w, h;
	bool grid_done, grid_ok;     /* built lazily, once a frame */
	int xs[MAX_LINES], ys[MAX_LINES], nx, ny;
	int32_t *blk;                /* per grid point: obstacle index, -1 free, MULTI */
	int32_t *dist, *prev;        /* per state */
	uint32_t *stamp, gen;        /* a state's dist is valid when stamp == gen */
	struct heap_item *heap;
	int nheap;
	int32_t *chain;              /* per grid point: a path found, from its end */
};

struct route *route_create(void)
{
	struct route *rt = calloc(1, sizeof *rt);
	if (!rt)
		return NULL;
	rt->bstart = calloc(((1600 * 4) / BUCKET + 1) * ((900 * 4) / BUCKET + 1) + 1, sizeof *rt->bstart);
	rt->blk = malloc(MAX_NODES * sizeof *rt->blk);
	rt->dist = malloc(MAX_STATES * sizeof *rt->dist);
	rt->prev = malloc(MAX_STATES * sizeof *rt->prev);
	rt->stamp = calloc(MAX_STATES, sizeof *rt->stamp);
	rt->heap = malloc(HEAP_CAP * sizeof *rt->heap);
	rt->chain = malloc(MAX_NODES * sizeof *rt->chain);
	if (!rt->bstart || !rt->blk || !rt->dist || !rt->prev || !rt->stamp || !rt->heap ||
	    !rt->chain) {
		route_destroy(rt);
		return NULL;
	}
	return rt;
}

void route_destroy(struct route *rt)
{
	if (!rt)
		return;
	free(rt->ob);
	free(rt->seen);
	free(rt->bstart);
	free(rt->bitem);
	free(rt->blk);
	free(rt->dist);
	free(rt->prev);
	free(rt->stamp);
	free(rt->heap);
	free(rt->chain);
	free(rt->edges);
	free(rt);
}

/* Grows the obstacle arrays to hold n (false when out of memory). */
static bool reserve_obstacles(struct route *rt, int n)
{
	if (n <= rt->cap_ob)
		return true;
	struct obstacle *ob = realloc(rt->ob, (size_t)n * sizeof *ob);
	if (!ob)
		return false;
	rt->ob = ob;
	uint32_t *seen = realloc(rt->seen, (size_t)n * sizeof *seen);
	if (!seen)
		return false;
	memset(seen, 0, (size_t)n * sizeof *seen);
	rt->seen = seen;
	rt->query = 0;
	int *edges = realloc(rt->edges, 2 * (size_t)n * sizeof *edges);
	if (!edges)
		return false;
	rt->edges = edges;
	rt->cap_ob = n;
	return true;
}

static void add_obstacle(struct route *rt, struct lrect b, uint32_t pid, int pane)
{
	if (b.w <= 0 || b.h <= 0)
		return;
	struct obstacle *o = &rt->ob[rt->nob++];
	o->x0 = b.x - ROUTE_MARGIN;
	o->y0 = b.y - ROUTE_MARGIN;
	o->x1 = b.x + b.w - 1 + ROUTE_MARGIN;
	o->y1 = b.y + b.h - 1 + ROUTE_MARGIN;
	o->pid = pid;
	o->pane = pane;
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The buckets [*bx0, *bx1] x [*by0, *by1] that the closed box covers. */
static void bucket_span(const struct route *rt, int x0, int y0, int x1, int y1, int *bx0, int *by0,
                        int *bx1, int *by1)
{
	*bx0 = clampi(x0 / BUCKET, 0, rt->bw - 1);
	*bx1 = clampi(x1 / BUCKET, 0, rt->bw - 1);
	*by0 = clampi(y0 / BUCKET, 0, rt->bh - 1);
	*by1 = clampi(y1 / BUCKET, 0, rt->bh - 1);
}

/* Files every obstacle in the buckets it covers (counted, then placed). */
static bool fill_buckets(struct route *rt)
{
	int nb = rt->bw * rt->bh;
	memset(rt->bstart, 0, (size_t)(nb + 1) * sizeof *rt->bstart);
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < rt->nob; i++) {
			const struct obstacle *o = &rt->ob[i];
			int bx0, by0, bx1, by1;
			bucket_span(rt, o->x0, o->y0, o->x1, o->y1, &bx0, &by0, &bx1, &by1);
			for (int by = by0; by <= by1; by++)
				for (int bx = bx0; bx <= bx1; bx++) {
					if (pass == 0)
						rt->bstart[by * rt->bw + bx + 1]++;
					else
						rt->bitem[rt->bstart[by * rt->bw + bx]++] = i;
				}
		}
		if (pass == 0) {
			for (int k = 0; k < nb; k++)
				rt->bstart[k + 1] += rt->bstart[k];
			rt->nitems = rt->bstart[nb];
			if (rt->nitems > rt->cap_items) {
				int *it = realloc(rt->bitem, (size_t)rt->nitems * sizeof *it);
				if (!it)
					return false;
				rt->bitem = it;
				rt->cap_items = rt->nitems;
			}
		}
	}
	for (int k = nb; k > 0; k--)        /* the second pass moved each start to the next */
		rt->bstart[k] = rt->bstart[k - 1];
	rt->bstart[0] = 0;
	return true;
}

/* The borders of the node frames of pane p, 2 pixels wide (as drawn). */
static void add_frames(struct route *rt, const struct nodes_pane *np, int p)
{
	for (int k = 0; k < np->n; k++) {
		struct lrect f = np->frame[k];
		uint32_t pid = ROUTE_FRAME + (uint32_t)k;
		add_obstacle(rt, (struct lrect){ f.x, f.y, f.w, 2 }, pid, p);
		add_obstacle(rt, (struct lrect){ f.x, f.y + f.h - 2, f.w, 2 }, pid, p);
		add_obstacle(rt, (struct lrect){ f.x, f.y, 2, f.h }, pid, p);
		add_obstacle(rt, (struct lrect){ f.x + f.w - 2, f.y, 2, f.h }, pid, p);
	}
}

/* The node names that head the side panel's groups of chips (sidegroup.h). */
static void add_labels(struct route *rt, const struct render_side *sd)
{
	for (int a = 0; a < AREA_COUNT && sd->grouped; a++)
		for (int i = 0; i < sd->shown[a]; i++)
			add_obstacle(rt, sd->label[a][i], 0, -1);
}

bool route_begin(struct route *rt, const struct render *r, int w, int h)
{
	rt->nob = 0;
	rt->grid_done = false;
	rt->w = w;
	rt->h = h;
	rt->bw = clampi((w + BUCKET - 1) / BUCKET, 1, (1600 * 4) / BUCKET);
	rt->bh = clampi((h + BUCKET - 1) / BUCKET, 1, (900 * 4) / BUCKET);
	if (!reserve_obstacles(rt, r->nhits + r->nghosts + 2 + 2 * LAYOUT_MAX_PANES +
	                           (4 * NODES_MAX + AREA_COUNT * RENDER_AREA_MAX) * LAYOUT_MAX_PANES))
		return false;
	for (int p = 0; p < r->lay.npanes; p++) {
		add_frames(rt, &r->nodes[p], p);
		add_labels(rt, &r->side[p]);
	}
	add_obstacle(rt, r->lay.header, 0, -1);        /* text no link may cross */
	add_obstacle(rt, r->lay.caption, 0, -1);
	for (int p = 0; p < r->lay.npanes; p++) {
		add_obstacle(rt, r->lay.pane[p].status, 0, -1);
		add_obstacle(rt, r->lay.pane[p].timeline, 0, -1);
	}
	for (int i = 0; i < r->nhits; i++)
		add_obstacle(rt, r->hits[i].at, r->hits[i].pid, r->hits[i].pane);
	for (int i = 0; i < r->nghosts; i++)
		add_obstacle(rt, r->ghosts[i].at, r->ghosts[i].pid, r->ghosts[i].pane);
	if (!fill_buckets(rt)) {
		rt->nob = 0;
		return false;
	}
	return true;
}

/* Liang-Barsky: whether the closed segment meets the closed box. */
static bool seg_box(double x0, double y0, double x1, double y1, double bx0, double by0,
                    double bx1, double by1)
{
	double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
	double p[4] = { -dx, dx, -dy, dy };
	double q[4] = { x0 - bx0, bx1 - x0, y0 - by0, by1 - y0 };
	for (int k = 0; k < 4; k++) {
		if (p[k] == 0) {
			if (q[k] < 0)
				return false;
			continue;
		}
		double t = q[k] / p[k];
		if (p[k] < 0 && t > t0)
			t0 = t;
		else if (p[k] > 0 && t < t1)
			t1 = t;
		if (t0 > t1)
			return false;
	}
	return true;
}

bool route_seg_hits_rect(int x0, int y0, int x1, int y1, struct lrect b, int m)
{
	return seg_box(x0, y0, x1, y1, b.x - m, b.y - m, b.x + b.w - 1 + m, b.y + b.h - 1 + m);
}

static bool is_end(const struct route_ends *e, const struct obstacle *o)
{
	if (o->pane == e->pane && o->pid >= ROUTE_FRAME) {    /* a frame's border */
		int k = 1 + (int)(o->pid - ROUTE_FRAME);
		return (e->fa == k) != (e->fb == k);
	}
	return o->pane == e->pane && (o->pid == e->pa || o->pid == e->pb);
}

bool route_blocked(struct route *rt, const struct route_ends *e, int x0, int y0, int x1, int y1)
{
	if (rt->nob == 0)
		return false;
	if (++rt->query == 0) {             /* wrapped: forget every mark */
		memset(rt->seen, 0, (size_t)rt->cap_ob * sizeof *rt->seen);
		rt->query = 1;
	}
	int bx0, by0, bx1, by1;
	bucket_span(rt, x0 < x1 ? x0 : x1, y0 < y1 ? y0 : y1, x0 < x1 ? x1 : x0, y0 < y1 ? y1 : y0,
	            &bx0, &by0, &bx1, &by1);
	for (int by = by0; by <= by1; by++)
		for (int bx = bx0; bx <= bx1; bx++) {
			int k = by * rt->bw + bx;
			for (int j = rt->bstart[k]; j < rt->bstart[k + 1]; j++) {
				int i = rt->bitem[j];
				const struct obstacle *o = &rt->ob[i];
				if (rt->seen[i] == rt->query || is_end(e, o))
					continue;
				rt->seen[i] = rt->query;
				if (seg_box(x0, y0, x1, y1, o->x0, o->y0, o->x1, o->y1))
					return true;
			}
		}
	return false;
}

bool route_path_blocked(struct route *rt, const struct route_ends *e, const struct route_path *p)
{
	for (int i = 1; i < p->n; i++)
		if (route_blocked(rt, e, p->x[i - 1], p->y[i - 1], p->x[i], p->y[i]))
			return true;
	return false;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The lines of one axis into out (xs or ys): the middle of every gap
** between two sorted obstacle edges, and one line outside all of them on
** each side, inside [1, size - 2]; 0 when more than MAX_LINES. */
static int grid_lines(struct route *rt, bool vertical, int size, int *out)
{
	int *e = rt->edges, n = 0;
	for (int i = 0; i < rt->nob; i++) {
		const struct obstacle *o = &rt->ob[i];
		e[n++] = vertical ? o->x0 : o->y0;
		e[n++] = vertical ? o->x1 : o->y1;
	}
	if (n == 0)
		return 0;
	qsort(e, (size_t)n, sizeof *e, cmp_int);
	int m = 0;
	out[m++] = clampi(e[0] - 6, 1, size - 2);
	for (int i = 0; i + 1 < n; i++) {
		if (e[i + 1] == e[i])
			continue;
		if (m + 2 > MAX_LINES)
			return 0;
		out[m++] = (e[i] + e[i + 1]) / 2;
	}
	out[m++] = clampi(e[n - 1] + 6, 1, size - 2);
	return m;
}

/* Marks the grid points in each obstacle (with its index; MULTI when in
** two obstacles of different processes). */
static void mark_grid(struct route *rt)
{
	for (int k = 0; k < rt->nx * rt->ny; k++)
		rt->blk[k] = -1;
	for (int i = 0; i < rt->nob; i++) {
		const struct obstacle *o = &rt->ob[i];
		int i0 = 0, j0 = 0;
		while (i0 < rt->nx && rt->xs[i0] < o->x0)
			i0++;
		while (j0 < rt->ny && rt->ys[j0] < o->y0)
			j0++;
		for (int j = j0; j < rt->ny && rt->ys[j] <= o->y1; j++)
			for (int x = i0; x < rt->nx && rt->xs[x] <= o->x1; x++) {
				int32_t *b = &rt->blk[j * rt->nx + x];
				if (*b == -1)
					*b = i;
				else if (*b >= 0 && (rt->ob[*b].pid != o->pid || rt->ob[*b].pane != o->pane))
					*b = MULTI;
			}
	}
}

/* Builds the grid once a frame, when a link first needs it. */
static bool grid(struct route *rt)
{
	if (rt->grid_done)
		return rt->grid_ok;
	rt->grid_done = true;
	rt->nx = grid_lines(rt, true, rt->w, rt->xs);
	rt->ny = grid_lines(rt, false, rt->h, rt->ys);
	rt->grid_ok = rt->nx > 0 && rt->ny > 0 && rt->nx * rt->ny <= MAX_NODES;
	if (rt->grid_ok)
		mark_grid(rt);
	return rt->grid_ok;
}

static bool in_box(struct lrect b, int x, int y)
{
	return x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h;
}

/* Whether grid point k is free for the link e. */
static bool node_free(const struct route *rt, const struct route_ends *e, int k)
{
	int32_t b = rt->blk[k];
	return b == -1 || (b >= 0 && is_end(e, &rt->ob[b]));
}

static int absi(int v)
{
	return v < 0 ? -v : v;
}

/* A* heuristic: Manhattan distance from grid point k to box b. */
static int to_box(const struct route *rt, int k, struct lrect b)
{
	int x = rt->xs[k % rt->nx], y = rt->ys[k / rt->nx];
	int dx = x < b.x ? b.x - x : x >= b.x + b.w ? x - (b.x + b.w - 1) : 0;
	int dy = y < b.y ? b.y - y : y >= b.y + b.h ? y - (b.y + b.h - 1) : 0;
	return dx + dy;
}

static void heap_push(struct route *rt, int32_t f, int32_t s)
{
	if (rt->nheap >= HEAP_CAP)
		return;                       /* full: the state is dropped (a longer path or none) */
	int i = rt->nheap++;
	while (i > 0 && rt->heap[(i - 1) / 2].f > f) {
		rt->heap[i] = rt->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	rt->heap[i] = (struct heap_item){ f, s };
}

static struct heap_item heap_pop(struct route *rt)
{
	struct heap_item top = rt->heap[0], last = rt->heap[--rt->nheap];
	int i = 0;
	for (;;) {
		int c = 2 * i + 1;
		if (c >= rt->nheap)
			break;
		if (c + 1 < rt->nheap && rt->heap[c + 1].f < rt->heap[c].f)
			c++;
		if (rt->heap[c].f >= last.f)
			break;
		rt->heap[i] = rt->heap[c];
		i = c;
	}
	if (rt->nheap > 0)
		rt->heap[i] = last;
	return top;
}

/* Reaches state s at cost d from state p (if that is cheaper). */
static void relax(struct route *rt, const struct route_ends *e, int32_t s, int32_t d, int32_t p)
{
	if (rt->stamp[s] == rt->gen && rt->dist[s] <= d)
		return;
	rt->stamp[s] = rt->gen;
	rt->dist[s] = d;
	rt->prev[s] = p;
	heap_push(rt, d + to_box(rt, s / 4, e->b), s);
}

/* The grid point next to k in direction dir (0 +x, 1 -x, 2 +y, 3 -y), or -1. */
static int step(const struct route *rt, int k, int dir)
{
	int i = k % rt->nx, j = k / rt->nx;
	i += dir == 0 ? 1 : dir == 1 ? -1 : 0;
	j += dir == 2 ? 1 : dir == 3 ? -1 : 0;
	return i < 0 || j < 0 || i >= rt->nx || j >= rt->ny ? -1 : j * rt->nx + i;
}

/* A* from every grid point in e->a to the first in e->b; the state
** reached, or -1. */
static int32_t search(struct route *rt, const struct route_ends *e)
{
	if (++rt->gen == 0) {
		memset(rt->stamp, 0, MAX_STATES * sizeof *rt->stamp);
		rt->gen = 1;
	}
	rt->nheap = 0;
	for (int k = 0; k < rt->nx * rt->ny; k++)
		if (in_box(e->a, rt->xs[k % rt->nx], rt->ys[k / rt->nx]) && node_free(rt, e, k))
			for (int dir = 0; dir < 4; dir++)
				relax(rt, e, k * 4 + dir, 0, -1);
	while (rt->nheap > 0) {
		struct heap_item it = heap_pop(rt);
		int32_t s = it.s, k = s / 4;
		if (it.f != rt->dist[s] + to_box(rt, k, e->b))
			continue;                 /* a stale entry */
		if (in_box(e->b, rt->xs[k % rt->nx], rt->ys[k / rt->nx]))
			return s;
		for (int dir = 0; dir < 4; dir++) {
			int n = step(rt, k, dir);
			if (n < 0 || !node_free(rt, e, n))
				continue;
			int len = absi(rt->xs[n % rt->nx] - rt->xs[k % rt->nx]) +
			          absi(rt->ys[n / rt->nx] - rt->ys[k / rt->nx]);
			relax(rt, e, n * 4 + dir, rt->dist[s] + len + (dir == s % 4 ? 0 : ROUTE_BEND), s);
		}
	}
	return -1;
}

/* Where the axis-parallel segment from inside box b to (x, y) outside it
** crosses b's edge. */
static void leave_box(struct lrect b, int *x, int *y, int ox, int oy)
{
	if (*x == ox)
		*y = oy < *y ? b.y : b.y + b.h - 1;
	else
		*x = ox < *x ? b.x : b.x + b.w - 1;
}

/* Appends point (x, y) to p, dropping the middle of three in a line. */
static bool put(struct route_path *p, int x, int y)
{
	int n = p->n;
	if (n >= 1 && p->x[n - 1] == x && p->y[n - 1] == y)
		return true;
	if (n >= 2 && ((p->x[n - 2] == p->x[n - 1] && p->x[n - 1] == x) ||
	               (p->y[n - 2] == p->y[n - 1] && p->y[n - 1] == y)))
		n = --p->n;
	if (n >= ROUTE_MAX_PTS)
		return false;
	p->x[n] = (int16_t)x;
	p->y[n] = (int16_t)y;
	p->n = n + 1;
	return true;
}

bool route_orthogonal(struct route *rt, const struct route_ends *e, struct route_path *p)
{
	if (rt->nob == 0 || !grid(rt))
		return false;
	int32_t s = search(rt, e);
	if (s < 0)
		return false;
	int32_t *chain_k = rt->chain;
	int n = 0;
	for (int32_t q = s; q >= 0 && n < MAX_NODES; q = rt->prev[q])
		if (n == 0 || chain_k[n - 1] != q / 4)
			chain_k[n++] = q / 4;
	/* chain_k runs from b back to a: skip the points inside each end */
	int first = n - 1, last = 0;
	while (first > 0 && in_box(e->a, rt->xs[chain_k[first - 1] % rt->nx],
	                           rt->ys[chain_k[first - 1] / rt->nx]))
		first--;
	while (last < first && in_box(e->b, rt->xs[chain_k[last + 1] % rt->nx],
	                              rt->ys[chain_k[last + 1] / rt->nx]))
		last++;
	p->n = 0;
	for (int i = first; i >= last; i--) {
		int x = rt->xs[chain_k[i] % rt->nx], y = rt->ys[chain_k[i] / rt->nx];
		if (i == first && i > last)
			leave_box(e->a, &x, &y, rt->xs[chain_k[i - 1] % rt->nx], rt->ys[chain_k[i - 1] / rt->nx]);
		else if (i == last && i < first)
			leave_box(e->b, &x, &y, rt->xs[chain_k[i + 1] % rt->nx], rt->ys[chain_k[i + 1] / rt->nx]);
		if (!put(p, x, y))
			return false;
	}
	return p->n >= 2 && !route_path_blocked(rt, e, p);
}
