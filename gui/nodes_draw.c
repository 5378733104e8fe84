/*
** nodes_draw.c - draws the nodes of a distributed run (nodes.h): each
** node's frame and title ("b@beamsim", "down since tick 100"), the grey
** over a node that is down, the network bands with the partition cuts,
** the signals in flight between nodes at their place on the way, and the
** messages the network dropped in the last step, ending at the cut.
** Everything is read from the engine's views at the tick shown (sim.h:
** sim_node_view, sim_node_group, sim_net_get, the step's DROP events), so
** a step back shows exactly the state of that tick.
*/
#include <stdio.h>
#include <string.h>

#include "render.h"

#define NODES_GREY_ALPHA 150    /* the grey over a node that is down */

/* The tick node k last went down (when it is down now). */
static uint64_t down_since(const sim *s, uint32_t k, const struct sim_node_view *nv)
{
	uint64_t tick = 0;
	bool up;
	if (nv->nchanges > 0)
		sim_node_change(s, k, nv->nchanges - 1, &tick, &up);
	return tick;
}

/* The trunk: a column of ground with a dashed line down its middle. */
static void trunk_back(struct render *r, struct draw_canvas *c, struct lrect t)
{
	draw_fill(c, t.x, t.y, t.w, t.h, DRAW_BG);
	for (int y = t.y; y < t.y + t.h; y += 16)
		draw_fill(c, t.x + t.w / 2, y, 1, 8, DRAW_BORDER);
	(void)r;
}

void render_nodes_back(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       int pane)
{
	const struct nodes_pane *np = &r->nodes[pane];
	(void)v;
	if (np->trunk.w > 0)
		trunk_back(r, c, np->trunk);
	for (int k = 0; k < np->n; k++) {
		const struct lrect *t = &np->title[k];
		struct lrect b = np->band[k];
		draw_fill(c, t->x, t->y, t->w, t->h, DRAW_PANEL2);
		if (b.h <= 0)
			continue;
		b.w += np->trunk.w > 0 ? np->trunk.x + np->trunk.w - (b.x + b.w) : 0;  /* to the trunk */
		draw_fill(c, b.x, b.y, b.w, b.h, DRAW_BG);
		for (int x = b.x + r->lay.pad; x < b.x + b.w; x += 16)
			draw_fill(c, x, b.y + b.h / 2, 8, 1, DRAW_BORDER);
		text_draw(r->text, c, TEXT_SMALL, b.x + r->lay.pad, b.y + 2, DRAW_DIM, "network",
		          b.w / 3);
	}
}

/* The words of a down node's badge that fit whole in w pixels (with its
** margins): the longest words first ("down since tick 150", "down since
** 150", "down 150"), each in the largest font the strip holds that fits;
** false when none fits. */
static bool down_badge(struct render *r, const sim *s, uint32_t k, const struct sim_node_view *nv,
                       struct lrect t, int w, enum text_font *f, char *out, size_t n)
{
	unsigned long long since = down_since(s, k, nv);
	static const enum text_font fonts[] = { TEXT_BIG_BOLD, TEXT_MID_BOLD, TEXT_SMALL };
	for (int form = 0; form < 3; form++) {
		snprintf(out, n, form == 0 ? "down since tick %llu" : form == 1 ? "down since %llu"
		                                                                 : "down %llu", since);
		for (int i = 0; i < 3; i++) {
			if (text_height(r->text, fonts[i]) > t.h && fonts[i] != TEXT_SMALL)
				continue;
			if (text_width(r->text, fonts[i], out) + 12 <= w) {
				*f = fonts[i];
				return true;
			}
		}
	}
	return false;
}

/* Frame k's title: the node's name, its schedulers, and up or down (the
** badge whole, left of the inspector's drawer when it is open). */
static void node_title(struct render *r, struct draw_canvas *c, const sim *s, uint32_t k,
                       struct lrect t)
{
	struct sim_node_view nv;
	if (!sim_node_view(s, k, &nv))
		return;
	char name[96], state[64];
	snprintf(name, sizeof name, "%s@beamsim", nv.name);
	if (nv.nsched > 1)
		snprintf(state, sizeof state, "S%u-S%u", nv.first_sched + 1, nv.first_sched + nv.nsched);
	else
		snprintf(state, sizeof state, "S%u", nv.first_sched + 1);
	int th = text_height(r->text, TEXT_MID_BOLD), x = t.x + r->lay.pad;
	int y = t.y + (t.h - th) / 2, right = render_visible_right(r, t);
	x += text_draw(r->text, c, TEXT_MID_BOLD, x, y, nv.up ? DRAW_TEXT : DRAW_DIM, name, t.w / 2);
	x += r->lay.pad;
	enum text_font f;
	char down[64];
	/* down: the badge whole, its schedulers' label left out when both do not fit */
	if (!nv.up && !down_badge(r, s, k, &nv, t, right - x - text_width(r->text, TEXT_MID, state) -
	                                                r->lay.pad, &f, down, sizeof down))
		state[0] = '\0';
	if (state[0])
		x += text_draw(r->text, c, TEXT_MID, x, y, DRAW_DIM, state, t.w / 4) + r->lay.pad;
	if (!nv.up && (state[0] || down_badge(r, s, k, &nv, t, right - x, &f, down, sizeof down))) {
		/* large, on a vermillion badge: read from the back */
		int w = text_width(r->text, f, down) + 12, h = text_height(r->text, f);
		draw_fill(c, x, t.y + (t.h - h) / 2, w, h, DRAW_VERMILLION);
		text_draw(r->text, c, f, x + 6, t.y + (t.h - h) / 2, DRAW_TEXT, down, 0);
	}
}

void render_nodes_frames(struct render *r, struct draw_canvas *c, const struct render_view *v,
                         int pane)
{
	const struct nodes_pane *np = &r->nodes[pane];
	const sim *s = v->ses[pane]->sim;
	struct sim_node_view nv;
	for (int k = 0; k < np->n; k++) {
		const struct lrect *f = &np->frame[k];
		bool up = sim_node_view(s, (uint32_t)k, &nv) && nv.up;
		draw_frame(c, f->x, f->y, f->w, f->h, 2, up ? DRAW_SKY : DRAW_GREY);
		node_title(r, c, s, (uint32_t)k, np->title[k]);
	}
}

void render_nodes_down(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       int pane)
{
	const struct nodes_pane *np = &r->nodes[pane];
	const sim *s = v->ses[pane]->sim;
	struct sim_node_view nv;
	for (int k = 0; k < np->n; k++) {
		if (!sim_node_view(s, (uint32_t)k, &nv) || nv.up)
			continue;
		const struct lrect *t = &np->title[k], *f = &np->frame[k];
		int y = t->y + t->h;
		draw_blend(c, f->x + 2, y, f->w - 4, f->y + f->h - 2 - y, DRAW_GREY, NODES_GREY_ALPHA);
	}
}

/* A thick vermillion zigzag from x to x + w at y. */
static void zigzag(struct render *r, struct draw_canvas *c, int x0, int w, int y, int amp)
{
	int th = (int)(4 * r->lay.scale) + 2;
	for (int x = x0, i = 0; x < x0 + w; x += 2 * amp, i++) {
		int x1 = x + 2 * amp > x0 + w ? x0 + w : x + 2 * amp;
		draw_line(c, x, y + (i % 2 ? amp : -amp), x1, y + (i % 2 ? -amp : amp), th,
		          DRAW_VERMILLION, 255);
	}
}

/* A thick zigzag across band b at its middle: the partition's cut. */
static void cut_line(struct render *r, struct draw_canvas *c, struct lrect b)
{
	int amp = b.h / 6 > 2 ? b.h / 6 : 2;
	zigzag(r, c, b.x, b.w - amp - (int)(4 * r->lay.scale) - 2, b.y + b.h / 2, amp);  /* not into the trunk */
	/* at the right, under the line (the lost signals stop on it, left of the middle) */
	const char *label = "partition: no connection";
	if (text_width(r->text, TEXT_MID_BOLD, label) > b.w / 3)
		label = "partition";
	int w = text_width(r->text, TEXT_MID_BOLD, label), h = text_height(r->text, TEXT_MID_BOLD);
	int x = b.x + b.w - w - r->lay.pad, ly = b.y + b.h - h;
	draw_fill(c, x - 6, ly, w + 12, h, DRAW_BLACK);
	text_draw(r->text, c, TEXT_MID_BOLD, x, ly, DRAW_VERMILLION, label, w + 2);
}

/* Way w from its part f0 to f1, th pixels wide. */
static void way_draw(struct draw_canvas *c, const struct nodes_way *w, double f0, double f1,
                     int th, uint32_t col, int alpha)
{
	int x, y, px, py;
	nodes_way_at(w, f0, &px, &py);
	for (int i = 1; i < w->n && nodes_way_part(w, i - 1) < f1; i++) {
		double g = nodes_way_part(w, i);
		if (g <= f0)
			continue;
		nodes_way_at(w, g < f1 ? g : f1, &x, &y);
		draw_line(c, px, py, x, y, th, col, alpha);
		px = x;
		py = y;
	}
}

/* The x of pid's box centre when it is drawn inside its node's frame
** this frame, else -1 (the way then starts at the frame's middle). */
static int box_x(const struct render *r, const struct render_view *v, int pane, uint32_t pid,
                 uint32_t node)
{
	struct lrect b;
	const struct nodes_pane *np = &r->nodes[pane];
	if (!anim_now(v->anim[pane], pid, &b) || node >= (uint32_t)np->n)
		return -1;
	const struct lrect *f = &np->frame[node];
	int x = b.x + b.w / 2, y = b.y + b.h / 2;
	return layout_contains(*f, x, y) ? x : -1;
}

/* A white X outlined in black at (x, y), `label` beside it on black: a
** signal the network lost (it reads on the vermillion cut too). */
static void lost_mark(struct render *r, struct draw_canvas *c, int x, int y, const char *label)
{
	int d = (int)(9 * r->lay.scale) + 3, th = (int)(3 * r->lay.scale) + 2;
	draw_line(c, x - d, y - d, x + d, y + d, th + 4, DRAW_BLACK, 255);
	draw_line(c, x - d, y + d, x + d, y - d, th + 4, DRAW_BLACK, 255);
	draw_line(c, x - d, y - d, x + d, y + d, th, DRAW_TEXT, 255);
	draw_line(c, x - d, y + d, x + d, y - d, th, DRAW_TEXT, 255);
	int h = text_height(r->text, TEXT_SMALL), w = text_width(r->text, TEXT_SMALL, label);
	draw_fill(c, x + d + 3, y - h / 2 - 1, w + 6, h + 2, DRAW_BLACK);
	text_draw(r->text, c, TEXT_SMALL, x + d + 6, y - h / 2, DRAW_TEXT, label, 0);
}

/* The dot of one signal in flight, with its trail from its frame. */
static void net_signal(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       int pane, const struct sim_net_view *nv, const uint32_t *groups)
{
	struct nodes_way w;
	const sim *s = v->ses[pane]->sim;
	int x0 = box_x(r, v, pane, nv->from, nv->from_node), x1 = box_x(r, v, pane, nv->to, nv->to_node);
	if (!nodes_way(&r->nodes[pane], nv->from_node, nv->to_node, x0, x1, groups, &w))
		return;
	double t = (double)sim_now(s) - 1.0 + v->fly_t;
	int x, y, rad = (int)(7 * r->lay.scale) + 1;
	bool stopped;
	double f = nodes_point(&w, nv->sent, nv->due, t < 0 ? 0 : t, nv->lost, &x, &y, &stopped);
	uint32_t col = nv->kind == SIM_NET_MESSAGE ? render_ident_color(r, v, pane, nv->from)
	             : nv->kind == SIM_NET_OTHER ? DRAW_DIM : ghost_end_color(ghost_end_of(nv->reason));
	if (w.n > 2 && !stopped)        /* around the frames: the rest of the way, faint */
		way_draw(c, &w, f, 1.0, 1, col, 110);
	way_draw(c, &w, 0, f, 2, col, 140);
	draw_disc(c, x, y, rad + 2, DRAW_BLACK, 255);
	draw_disc(c, x, y, nv->kind == SIM_NET_OTHER ? rad - 2 : rad, col, 255);
	if (nv->kind == SIM_NET_EXIT)
		text_draw(r->text, c, TEXT_SMALL, x + rad + 4, y - text_height(r->text, TEXT_SMALL) / 2,
		          col, "EXIT", 0);
	if (stopped)
		lost_mark(r, c, x, y, "lost");
}

/* The messages the network dropped in the last step (sent across a cut
** or to a node that is down, or lost on the way): an X at the cut, or at
** the receiver's frame when there is none. */
static void net_drops(struct render *r, struct draw_canvas *c, const struct render_view *v,
                      int pane, const uint32_t *groups)
{
	const sim *s = v->ses[pane]->sim;
	size_t n;
	const struct sim_event *ev = sim_events(s, &n);
	struct sim_proc_view a, b;
	struct nodes_way w;
	for (size_t i = 0; i < n; i++) {
		if (ev[i].type != SIM_EV_DROP || !sim_proc_view(s, ev[i].pid, &a) ||
		    !sim_proc_view(s, ev[i].other, &b) || a.loc.node == b.loc.node)
			continue;
		int x0 = box_x(r, v, pane, a.pid, a.loc.node);
		if (!nodes_way(&r->nodes[pane], a.loc.node, b.loc.node, x0, -1, groups, &w))
			continue;
		int x, y;
		nodes_way_at(&w, w.cut >= 0 ? w.cut : 1.0, &x, &y);
		way_draw(c, &w, 0, w.cut >= 0 ? w.cut : 1.0, 2, render_ident_color(r, v, pane, a.pid), 200);
		lost_mark(r, c, x, y, "dropped");
	}
}

#define NODES_MAX_MARKS 64       /* marks drawn per pane and frame */

static bool meets(struct lrect a, struct lrect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The marked boxes of the pane this frame: where, their marks, and the
** room a chip keeps for its tag (fixed; w 0 for a box in a lane). */
static int marked(const struct render *r, const struct render_view *v, int pane,
                  struct lrect *box, const struct netmark **m, struct lrect *fixed)
{
	const struct session *ses = v->ses[pane];
	uint64_t now = sim_now(ses->sim);
	int n = 0;
	for (int i = 0; i < r->nhits + r->nghosts && n < NODES_MAX_MARKS; i++) {
		bool hit = i < r->nhits;
		int p = hit ? r->hits[i].pane : r->ghosts[i - r->nhits].pane;
		uint32_t pid = hit ? r->hits[i].pid : r->ghosts[i - r->nhits].pid;
		m[n] = p == pane ? netmarks_at(&ses->marks, pid, now) : NULL;
		for (int k = 0; k < n && m[n]; k++)
			m[n] = m[k] == m[n] ? NULL : m[n];     /* a chip and its ghost: one tag */
		if (!m[n])
			continue;
		box[n] = hit ? r->hits[i].at : r->ghosts[i - r->nhits].at;
		struct lrect t = hit ? r->hits[i].tag : (struct lrect){ 0, 0, 0, 0 };
		fixed[n] = t.w > 0 ? (struct lrect){ box[n].x + t.x, box[n].y + t.y, t.w, t.h } : t;
		n++;
	}
	return n;
}

/* What the tags in the lanes keep clear of (netmarks_room): the
** inspector's drawer when it is open over the pane, the boxes, ghosts and
** texts of the frame so far in the pane's lanes, and the tags the chips
** keep room for. */
static int tag_room(struct render *r, const struct render_view *v, int pane,
                    const struct lrect *fixed, int n, int *nbox)
{
	struct lrect lanes = r->lay.pane[pane].lanes;
	int k = 0;
	if (v->selected && v->sel_pane == pane)         /* the inspector's drawer, drawn later */
		r->room[k++] = panels_inspector_rect(&r->lay.pane[pane]);
	for (int i = 0; i < r->nhits + r->nghosts && k < RENDER_MAX_ROOM; i++) {
		bool hit = i < r->nhits;
		struct lrect b = hit ? r->hits[i].at : r->ghosts[i - r->nhits].at;
		if ((hit ? r->hits[i].pane : r->ghosts[i - r->nhits].pane) == pane && meets(b, lanes))
			r->room[k++] = b;
	}
	*nbox = k;
	for (size_t i = 0; i < r->ntexts && k < RENDER_MAX_ROOM; i++)
		if (meets(r->texts[i], lanes))
			r->room[k++] = r->texts[i];
	for (int i = 0; i < n && k < RENDER_MAX_ROOM; i++)
		if (fixed[i].w > 0)
			r->room[k++] = fixed[i];
	return k;
}

/* nodedown / noconnection where they arrived (netmarks.h): a vermillion
** frame on the boxes, chips and ghosts of the processes that got them, and
** a tag each: a chip's in the room its area keeps beside it (sidegroup.h),
** a box's in the lanes where it covers no tag, box or text (netmarks_place). */
static void net_marks(struct render *r, struct draw_canvas *c, const struct render_view *v,
                      int pane)
{
	struct lrect box[NODES_MAX_MARKS], tag[NODES_MAX_MARKS], fixed[NODES_MAX_MARKS];
	const struct netmark *m[NODES_MAX_MARKS];
	int w[NODES_MAX_MARKS], h = text_height(r->text, TEXT_SMALL) + 2;
	if (v->ses[pane]->marks.n == 0)
		return;
	int n = marked(r, v, pane, box, m, fixed), th = (int)(2 * r->lay.scale) + 2, nb = 0;
	struct lrect lbox[NODES_MAX_MARKS], ltag[NODES_MAX_MARKS];
	for (int i = 0; i < n; i++) {
		w[nb] = text_width(r->text, TEXT_SMALL, m[i]->text) + 10;
		draw_frame(c, box[i].x - th, box[i].y - th, box[i].w + 2 * th, box[i].h + 2 * th, th,
		           DRAW_VERMILLION);
		if (fixed[i].w <= 0)
			lbox[nb++] = box[i];
	}
	struct netmarks_room room = { r->room, 0, 0, r->lay.pane[pane].lanes };
	room.nob = tag_room(r, v, pane, fixed, n, &room.nbox);
	netmarks_place(lbox, w, h, nb, &room, ltag);
	for (int i = 0, k = 0; i < n; i++) {
		tag[i] = fixed[i].w > 0 ? fixed[i] : ltag[k++];
		if (tag[i].w <= 0)
			continue;             /* no free place (netmarks_place) */
		/* a tag narrowed by its area says its first word ("DOWN"): never cut */
		char word[sizeof m[i]->text];
		snprintf(word, sizeof word, "%s", m[i]->text);
		if (text_width(r->text, TEXT_SMALL, word) > tag[i].w - 10)
			word[strcspn(word, ": ")] = '\0';
		draw_fill(c, tag[i].x, tag[i].y, tag[i].w, tag[i].h, DRAW_VERMILLION);
		text_draw(r->text, c, TEXT_SMALL, tag[i].x + 5, tag[i].y + (tag[i].h - h) / 2 + 1,
		          DRAW_BLACK, word, tag[i].w - 6);
	}
}

void render_nodes_net(struct render *r, struct draw_canvas *c, const struct render_view *v,
                      int pane)
{
	const struct nodes_pane *np = &r->nodes[pane];
	const sim *s = v->ses[pane]->sim;
	uint32_t groups[NODES_MAX];
	for (int k = 0; k < np->n; k++)
		groups[k] = sim_node_group(s, (uint32_t)k);
	for (int k = 0; k + 1 < np->n; k++) {
		const struct lrect *b = &np->band[k], *t = &np->trunk;
		if (groups[k] != groups[k + 1])
			cut_line(r, c, *b);
		if (t->w > 0 && nodes_split_at(np, k, groups))     /* the trunk too */
			zigzag(r, c, t->x, t->w, b->y + b->h / 2, b->h / 6 > 2 ? b->h / 6 : 2);
	}
	net_marks(r, c, v, pane);         /* clear of the cuts' labels */
	if (np->n == 0)
		return;                   /* one node, or more than fit: no frames, no network */
	struct sim_net_view nv;
	for (size_t i = 0; i < sim_net_count(s) && i < 4096; i++)
		if (sim_net_get(s, i, &nv))
			net_signal(r, c, v, pane, &nv, groups);
	net_drops(r, c, v, pane, groups);
}
