/* panels.c - the side panel (waiting, sleeping, dirty, exited, supervision),
** the inspector and the overlays (help, messages, picker); see render.h. */
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "ghost.h"
#include "sidegroup.h"
#include "stopping.h"

static const char *const area_title[AREA_COUNT] = {
	[AREA_WAITING] = "Waiting in receive (mailbox)",
	[AREA_SLEEPING] = "Sleeping / after timers",
	[AREA_DIRTY] = "Dirty schedulers (native calls)",
	[AREA_EXITED] = "Exited",
};
/* for narrow panes (compare mode) */
static const char *const area_short[AREA_COUNT] = {
	[AREA_WAITING] = "Waiting (mailbox)",
	[AREA_SLEEPING] = "Sleeping / after",
	[AREA_DIRTY] = "Dirty schedulers",
	[AREA_EXITED] = "Exited",
};
static const char *const area_tiny[AREA_COUNT] = {
	[AREA_WAITING] = "Waiting", [AREA_SLEEPING] = "Sleeping",
	[AREA_DIRTY] = "Dirty", [AREA_EXITED] = "Exited",
};

static bool crashed(const struct sim_proc_view *pv)
{
	return ghost_end_of(pv->exit_reason) == END_CRASH;
}

void panels_chip(struct render *r, struct draw_canvas *c, const sim *s, struct lrect b,
                 const struct sim_proc_view *pv, uint32_t ident, bool selected, uint64_t now)
{
	/* a process gone with its node has no exit reason: grey, "gone with b" */
	char words[96];
	const char *end = sim_proc_end_words(s, pv, words, sizeof words);
	uint32_t col = pv->state == SIM_PROC_EXITED ? ghost_end_color(ghost_end_of(pv->exit_reason)) : ident;
	draw_fill(c, b.x, b.y, b.w, b.h, col);
	if (selected)
		draw_frame(c, b.x - 2, b.y - 2, b.w + 4, b.h + 4, 3, DRAW_TEXT);
	uint32_t tc = draw_text_on(col);
	struct text *t = r->text;
	int h = text_height(t, TEXT_SMALL);
	if (pv->state == SIM_PROC_EXITED && end && b.h >= 2 * h + 2) {
		/* exited: the name whole over the reason (the hover label has the
		** rest), its priority badge beside the name when it fits there */
		int y = b.y + (b.h - 2 * h) / 2, nw = text_width(t, TEXT_SMALL, pv->name);
		if (nw + 10 + render_badges_need(r, pv, false) <= b.w)
			render_box_badges(r, c, b, pv, false, b.w - 10 - nw, &(int){ 0 });
		else if (pv->priority != SIM_PRIO_NORMAL)
			draw_frame(c, b.x, b.y, b.w, b.h, 3, DRAW_BLACK);     /* its frame, without the badge */
		text_draw(t, c, TEXT_SMALL, b.x + 5, y, tc, pv->name, b.w - 8);
		text_draw(t, c, TEXT_SMALL, b.x + 5, y + h, tc, end, b.w - 8);
		return;
	}
	/* the name first: badges only where they leave it whole (the area's
	** title and the hover label say the rest), and never under a
	** "stopping" badge at the right end */
	b.w -= stopping_badge_w(t, b, pv, now);
	int nw = text_width(t, TEXT_SMALL, pv->name), pad = nw + 10 <= b.w ? 5 : 3;
	int bottom, bw = 0;                 /* a chip is one line: badges never go below */
	if (nw + 2 * pad + render_badges_need(r, pv, false) <= b.w)
		bw = render_box_badges(r, c, b, pv, false, b.w - 2 * pad - nw, &bottom);
	else if (pv->priority != SIM_PRIO_NORMAL)
		draw_frame(c, b.x, b.y, b.w, b.h, 3, DRAW_BLACK);     /* its frame, without the badge */
	text_draw(t, c, TEXT_SMALL, b.x + pad, b.y + (b.h - h) / 2, tc, pv->name, b.w - bw - 2 * pad);
}

/* Collects the pids of each area (exited ones most recent first) and the
** lines of the supervision tree: one scan of the resident processes (the
** engine archives processes long exited; they count in the exited total
** but are not drawn). */
static void collect(struct render_side *sd, const struct session *s)
{
	for (int a = 0; a < AREA_COUNT; a++)
		sd->narea[a] = sd->total[a] = 0;
	struct sim_totals tot;
	sim_totals(s->sim, &tot);
	struct sim_proc_view pv;
	for (uint32_t pid = sim_proc_next_resident(s->sim, 1); pid;
	     pid = sim_proc_next_resident(s->sim, pid + 1)) {
		if (!sim_proc_view(s->sim, pid, &pv))
			continue;
		int a = pv.state == SIM_PROC_WAITING ? AREA_WAITING
		      : pv.state == SIM_PROC_SLEEPING ? AREA_SLEEPING
		      : pv.state == SIM_PROC_DIRTY ? AREA_DIRTY
		      : pv.state == SIM_PROC_EXITED ? AREA_EXITED : -1;
		if (a < 0)
			continue;
		if (a != AREA_EXITED)
			sd->total[a]++;
		if (a != AREA_EXITED) {
			if (sd->narea[a] < RENDER_AREA_MAX)
				sd->area[a][sd->narea[a]++] = pid;
			continue;
		}
		/* keep the RENDER_AREA_MAX latest exits, newest first (insertion) */
		uint32_t *v = sd->area[a];
		size_t n = sd->narea[a], k = n;
		while (k > 0 && sd->exit_tick[k - 1] < pv.exit_tick)
			k--;
		if (k >= RENDER_AREA_MAX)
			continue;
		size_t last = n < RENDER_AREA_MAX ? n : RENDER_AREA_MAX - 1;
		memmove(v + k + 1, v + k, (last - k) * sizeof *v);
		memmove(sd->exit_tick + k + 1, sd->exit_tick + k, (last - k) * sizeof *sd->exit_tick);
		v[k] = pid;
		sd->exit_tick[k] = pv.exit_tick;
		if (n < RENDER_AREA_MAX)
			sd->narea[a]++;
	}
	sd->total[AREA_EXITED] = (size_t)tot.exited;
	suptree_collect(&sd->tree, s->sim);
}

/* Sorts the n pids of v by node, keeping their order within a node: the
** chips of a run with nodes are grouped by node (sidegroup.h). */
static void sort_by_node(uint32_t *v, size_t n, const sim *s)
{
	struct sim_proc_view a, b;
	for (size_t i = 1; i < n; i++) {
		uint32_t pid = v[i];
		size_t k = i;
		if (!sim_proc_view(s, pid, &a))
			continue;
		while (k > 0 && sim_proc_view(s, v[k - 1], &b) && b.loc.node > a.loc.node) {
			v[k] = v[k - 1];
			k--;
		}
		v[k] = pid;
	}
}

/* Brings the side panel's lists up to date with the engine state. */
static void side_collect(struct render *r, const struct render_view *v, int pane)
{
	struct render_side *sd = &r->side[pane];
	const struct session *s = v->ses[pane];
	if (sd->ses == s && sd->stamp == s->stamp)
		return;
	collect(sd, s);
	sd->grouped = sim_node_count(s->sim) > 0;
	for (int a = 0; a < AREA_COUNT && sd->grouped; a++)
		sort_by_node(sd->area[a], sd->narea[a], s->sim);
	sd->ses = s;
	sd->stamp = s->stamp;
	if (sd->em_sim != s->sim) {
		sd->em_sim = s->sim;
		sd->chip_em = sd->exit_em = 0;
	}
	int px = text_px(r->text, TEXT_SMALL);
	struct sim_proc_view pv;
	for (int a = 0; a < AREA_COUNT && px > 0; a++)
		for (size_t i = 0; i < sd->narea[a]; i++) {
			if (!sim_proc_view(s->sim, sd->area[a][i], &pv))
				continue;
			double *m = a == AREA_EXITED ? &sd->exit_em : &sd->chip_em;
			double em = (double)text_width(r->text, TEXT_SMALL, pv.name) / px;
			char words[96];
			const char *end = sim_proc_end_words(s->sim, &pv, words, sizeof words);
			if (a == AREA_EXITED && end && text_width(r->text, TEXT_SMALL, end) / (double)px > em)
				em = text_width(r->text, TEXT_SMALL, end) / (double)px;
			*m = em > *m ? em : *m;
		}
}

double panels_chip_em(struct render *r, const struct render_view *v, int pane, double *exit_em)
{
	side_collect(r, v, pane);
	*exit_em = r->side[pane].exit_em;
	return r->side[pane].chip_em;
}

/* {=== chips grouped by node (a run with nodes: sidegroup.h) ===} */

/* The chips of area a as items: their nodes and tags' widths (netmarks.h). */
static void group_items(struct render *r, const struct render_view *v, int pane, int a,
                        struct sidegroup_item *it)
{
	const struct render_side *sd = &r->side[pane];
	const struct session *ses = v->ses[pane];
	uint64_t now = sim_now(ses->sim);
	struct sim_proc_view pv;
	for (size_t i = 0; i < sd->narea[a]; i++) {
		const struct netmark *m = netmarks_at(&ses->marks, sd->area[a][i], now);
		it[i].node = sim_proc_view(ses->sim, sd->area[a][i], &pv) ? (int)pv.loc.node : 0;
		it[i].tag_w = m ? text_width(r->text, TEXT_SMALL, m->text) + 10 : 0;
	}
}

/* Area a's sizes in rectangle ar: the label column holds the widest node
** name (at most a quarter of the area, and what a chip leaves; none when
** that would not hold "..."). */
static struct sidegroup_spec group_spec(struct render *r, const struct render_view *v, int pane,
                                        int a, struct lrect ar)
{
	const struct layout_pane *p = &r->lay.pane[pane];
	const sim *s = v->ses[pane]->sim;
	struct sim_node_view nv;
	int label = 0;
	for (uint32_t k = 0; k < sim_node_count(s) && sim_node_view(s, k, &nv); k++) {
		int w = text_width(r->text, TEXT_SMALL, nv.name);
		label = w > label ? w : label;
	}
	bool ex = a == AREA_EXITED;
	int chip_w = ex ? p->exit_w : p->chip_w, room = ar.w - 2 * p->chip_gap - chip_w;
	int need = label + 2 * p->chip_gap;
	label = need < ar.w / 4 ? need : ar.w / 4;
	label = label < room ? label : room;      /* a narrow pane: a chip keeps its width */
	if (label < need && label < text_width(r->text, TEXT_SMALL, "...") + 2 * p->chip_gap)
		label = 0;                            /* no room for a name: groups in rows of their own */
	return (struct sidegroup_spec){ ar, p->area_title_h, chip_w, ex ? p->exit_h : p->chip_h,
		                        p->chip_gap, label, text_height(r->text, TEXT_SMALL) + 2 };
}

/* Fits the side areas to their grouped chips' rows. */
static void group_fit(struct render *r, const struct render_view *v, int pane)
{
	struct render_side *sd = &r->side[pane];
	struct layout_pane *p = &r->lay.pane[pane];
	struct sidegroup_item it[RENDER_AREA_MAX];
	int rows[2][AREA_COUNT];
	for (int a = 0; a < AREA_COUNT; a++) {
		group_items(r, v, pane, a, it);
		for (int k = 0; k < 2; k++) {
			struct lrect ar = k ? p->below : p->side;
			struct sidegroup_spec sp = group_spec(r, v, pane, a, ar);
			rows[k][a] = sidegroup_rows(&sp, it, (int)sd->narea[a]);
		}
	}
	layout_side_fit_rows(p, sd->total, (const int (*)[AREA_COUNT])rows, sd->tree.rows,
	                     suptree_row_h(r->text));
}

/* Places area a's grouped chips (hits, animation places, labels, tags). */
static void group_place(struct render *r, const struct render_view *v, int pane, int a)
{
	struct render_side *sd = &r->side[pane];
	const struct layout_pane *p = &r->lay.pane[pane];
	struct sidegroup_item it[RENDER_AREA_MAX];
	struct sidegroup_place pl[RENDER_AREA_MAX];
	group_items(r, v, pane, a, it);
	struct sidegroup_spec sp = group_spec(r, v, pane, a, p->area[a]);
	sd->shown[a] = sidegroup_layout(&sp, it, (int)sd->narea[a], sd->total[a], pl, &sd->more_at[a]);
	sd->more[a] = sd->total[a] - (size_t)sd->shown[a];
	for (int i = 0; i < sd->shown[a]; i++) {
		uint32_t pid = sd->area[a][i];
		struct lrect b = anim_lerp(v->anim[pane], pid, pl[i].chip, v->move_t);
		if (a != AREA_EXITED)
			anim_place(v->anim[pane], pid, pl[i].chip);
		sd->label[a][i] = pl[i].label;
		sd->label_node[a][i] = (uint32_t)it[i].node;
		struct render_hit *h = render_hit_add(r, pl[i].chip, b, pid, pane, HIT_CHIP);
		if (!h)
			continue;
		h->area = a;
		h->tag = pl[i].tag;
		h->tag.x -= pl[i].tag.w ? pl[i].chip.x : 0;
		h->tag.y -= pl[i].tag.w ? pl[i].chip.y : 0;
	}
}

/* The node names left of each group's first row. */
static void group_labels(struct render *r, struct draw_canvas *c, const struct render_view *v,
                         int pane, int a)
{
	const struct render_side *sd = &r->side[pane];
	struct sim_node_view nv;
	int h = text_height(r->text, TEXT_SMALL);
	for (int i = 0; i < sd->shown[a]; i++) {
		const struct lrect *l = &sd->label[a][i];
		if (l->w > 0 && sim_node_view(v->ses[pane]->sim, sd->label_node[a][i], &nv))
			text_draw(r->text, c, TEXT_SMALL, l->x, l->y + (l->h - h) / 2, DRAW_SKY, nv.name,
			          l->w);
	}
}

void panels_side_place(struct render *r, const struct render_view *v, int pane)
{
	struct render_side *sd = &r->side[pane];
	side_collect(r, v, pane);
	struct layout_pane *p = &r->lay.pane[pane];
	if (sd->grouped)
		group_fit(r, v, pane);
	else
		layout_side_fit(p, sd->total, sd->tree.rows, suptree_row_h(r->text));
	if (p->below_use >= 0 && v->selected && v->sel_pane == pane) {
		/* the inspector's drawer covers the right of the region under the
		** lanes: what is there stays in view left of it */
		struct lrect *u = p->below_use == AREA_COUNT ? &p->sup : &p->area[AREA_EXITED];
		u->w = panels_inspector_rect(p).x - r->lay.pad - u->x;
	}
	for (int a = 0; a < AREA_COUNT; a++) {
		if (sd->grouped) {
			group_place(r, v, pane, a);
			continue;
		}
		sd->shown[a] = layout_area_shown(p, (enum layout_area)a, sd->total[a], &sd->more[a]);
		if ((size_t)sd->shown[a] > sd->narea[a])
			sd->shown[a] = (int)sd->narea[a];
		for (int i = 0; i < sd->shown[a]; i++) {
			uint32_t pid = sd->area[a][i];
			struct lrect chip = layout_area_chip(p, (enum layout_area)a, i);
			struct lrect b = anim_lerp(v->anim[pane], pid, chip, v->move_t);
			if (a != AREA_EXITED)
				anim_place(v->anim[pane], pid, chip);
			struct render_hit *h = render_hit_add(r, chip, b, pid, pane, HIT_CHIP);
			if (h)
				h->area = a;
		}
	}
}

void panels_side_back(struct render *r, struct draw_canvas *c, int pane)
{
	const struct layout_pane *p = &r->lay.pane[pane];
	for (int a = 0; a < AREA_COUNT; a++)
		draw_fill(c, p->area[a].x, p->area[a].y, p->area[a].w, p->area[a].h, DRAW_PANEL);
	draw_fill(c, p->sup.x, p->sup.y, p->sup.w, p->sup.h, DRAW_PANEL);
}

/* Draws the first of the texts that fits in w (the last one cut if none). */
static void text_fit(struct text *t, struct draw_canvas *c, enum text_font f, int x, int y, int w,
                     uint32_t color, const char *const *cand, int n)
{
	for (int i = 0; i < n; i++)
		if (text_width(t, f, cand[i]) <= w || i == n - 1) {
			text_draw(t, c, f, x, y, color, cand[i], w);
			return;
		}
}

/* The supervision tree: its title, then the boxes (suptree.c). */
static void supervision(struct render *r, struct draw_canvas *c, const struct render_view *v,
                        int pane)
{
	const struct layout_pane *p = &r->lay.pane[pane];
	const struct render_side *sd = &r->side[pane];
	const struct lrect *sr = &p->sup;
	const char *none[] = { "Supervision tree: no supervisors", "No supervisors" };
	const char *some[] = { "Supervision tree (newest pids; yellow: just restarted)",
	                       "Supervision tree", SUPTREE_SHORTEST_TITLE };
	char more[48];                  /* "+ N more" at the right of the title row */
	int mw = suptree_more_text(&sd->tree, r->text, *sr, p->area_title_h,
	                           suptree_more_room(r->text, *sr), more, sizeof more);
	if (sd->tree.n)
		text_fit(r->text, c, TEXT_SMALL, sr->x + 6, sr->y + 3, sr->w - 12 - (mw ? mw + 8 : 0),
		         DRAW_TEXT, some, 3);
	else
		text_fit(r->text, c, TEXT_SMALL, sr->x + 6, sr->y + 3, sr->w - 12, DRAW_TEXT, none, 2);
	uint32_t sel = v->sel_pane == pane ? v->selected : 0;
	suptree_draw(&sd->tree, r->text, c, *sr, p->area_title_h, v->ses[pane]->sim, sel);
}

void panels_side_front(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       int pane)
{
	const struct layout_pane *p = &r->lay.pane[pane];
	const struct render_side *sd = &r->side[pane];
	for (int a = 0; a < AREA_COUNT; a++) {
		const struct lrect *ar = &p->area[a];
		char b0[96], b1[64], b2[48];
		snprintf(b0, sizeof b0, "%s: %zu", area_title[a], sd->total[a]);
		snprintf(b1, sizeof b1, "%s: %zu", area_short[a], sd->total[a]);
		snprintf(b2, sizeof b2, "%s: %zu", area_tiny[a], sd->total[a]);
		const char *cand[] = { b0, b1, b2 };
		text_fit(r->text, c, TEXT_SMALL, ar->x + 6, ar->y + 3, ar->w - 12, DRAW_TEXT, cand, 3);
		if (a == AREA_EXITED)      /* the colours of ends (ghost_draw.c) */
			render_end_legend(r, c, *ar, ar->x + 6 + text_width(r->text, TEXT_SMALL, b0));
		if (sd->grouped)
			group_labels(r, c, v, pane, a);
		if (sd->more[a] && sd->grouped && sd->more_at[a].w > 0)
			render_more_box(r, c, sd->more_at[a], sd->more[a], TEXT_SMALL, true);
		else if (sd->more[a] && !sd->grouped)
			render_more_box(r, c, layout_area_chip(p, (enum layout_area)a, sd->shown[a]),
			                sd->more[a], TEXT_SMALL, true);
	}
	supervision(r, c, v, pane);
}

/* {=== inspector ===} */

struct lrect panels_inspector_rect(const struct layout_pane *p)
{
	/* a drawer over the right of the lanes, next to the side panel: the
	** running boxes and every side area (waiting, exited, the tree) stay
	** in view, so messages and exits are seen arriving */
	int w = p->side.w;
	if (w > p->lanes.w / 2)
		w = p->lanes.w / 2;
	/* as tall as the lanes and the region under them (the tree there moves
	** left of it: panels_side_place) */
	int h = p->below.h > 0 ? p->below.y + p->below.h - p->lanes.y : p->lanes.h;
	return (struct lrect){ p->lanes.x + p->lanes.w - w, p->lanes.y, w, h };
}

/* Name, pid, state, exit, counters; returns the y below them. */
static int insp_head(struct text *t, struct draw_canvas *c, const sim *s,
                     const struct sim_proc_view *pv, int x, int y, int w)
{
	int lh = text_height(t, TEXT_SMALL), mh = text_height(t, TEXT_MID);
	char buf[256];
	/* the full name: wrapped, never cut (boxes may cut it) */
	y += text_height(t, TEXT_BIG_BOLD) *
	     text_wrap(t, c, TEXT_BIG_BOLD, x, y, w, 4, render_prio_color(pv->priority), pv->name);
	snprintf(buf, sizeof buf, "<0.%u.0>  incarnation %u  %s", pv->pid, pv->incarnation,
	         sim_proc_state_name(pv->state));
	y += mh * text_wrap(t, c, TEXT_MID, x, y, w, 3, DRAW_TEXT, buf);
	if (pv->halted) {        /* no exit reason: its node halted */
		char words[96];
		snprintf(buf, sizeof buf, "no exit reason: %s (halted at tick %llu)",
		         sim_proc_end_words(s, pv, words, sizeof words), (unsigned long long)pv->exit_tick);
		y += mh * text_wrap(t, c, TEXT_MID_BOLD, x, y, w, 3, DRAW_DIM, buf);
	} else if (pv->exit_reason) {
		snprintf(buf, sizeof buf, "exit reason %s at tick %llu", pv->exit_reason,
		         (unsigned long long)pv->exit_tick);
		y += mh * text_wrap(t, c, TEXT_MID_BOLD, x, y, w, 3, crashed(pv) ? DRAW_CRASH : DRAW_DIM,
		                    buf);
	}
	snprintf(buf, sizeof buf, "priority %s  scheduler S%d  reductions %llu%s%s",
	         sim_priority_name(pv->priority), pv->loc.sched + 1,
	         (unsigned long long)pv->reductions, pv->trap_exit ? "  traps exits" : "",
	         pv->supervisor ? "  supervisor" : "");
	/* wrapped, not cut: a number is never shown in part (five lines: a
	** compare pane's narrow drawer) */
	y += lh * text_wrap(t, c, TEXT_SMALL, x, y, w, 5, DRAW_DIM, buf);
	snprintf(buf, sizeof buf, "sent %llu  received %llu  spawned at %llu",
	         (unsigned long long)pv->sent, (unsigned long long)pv->received,
	         (unsigned long long)pv->spawn_tick);
	return y + lh * text_wrap(t, c, TEXT_SMALL, x, y, w, 5, DRAW_DIM, buf);
}

/* "links (2): <0.3.0> a, <0.5.0> b" from the n pids of v: pids with their
** names, as the log and the variables show them. */
static int insp_pids(struct text *t, struct draw_canvas *c, const sim *s, const char *what,
                     const uint32_t *v, size_t n, int x, int y, int w)
{
	char buf[256];
	int k = snprintf(buf, sizeof buf, "%s (%zu):", what, n);
	for (size_t i = 0; i < n && i < 64 && k < (int)sizeof buf - 20; i++) {
		struct sim_proc_view pv;
		const char *name = sim_proc_view(s, v[i], &pv) ? pv.name : "";
		k += snprintf(buf + k, sizeof buf - (size_t)k, "%s <0.%u.0>%s%s", i ? "," : "", v[i],
		              *name ? " " : "", name);
	}
	if (k >= (int)sizeof buf)
		memcpy(buf + sizeof buf - 4, "...", 4);
	return y + text_height(t, TEXT_SMALL) * text_wrap(t, c, TEXT_SMALL, x, y, w, 3, DRAW_TEXT, buf);
}

static int insp_mailbox(struct text *t, struct draw_canvas *c, const sim *s,
                        const struct sim_proc_view *pv, int x, int y, int w, int bottom)
{
	int lh = text_height(t, TEXT_SMALL);
	char buf[96];
	snprintf(buf, sizeof buf, "mailbox: %zu message%s", pv->mailbox, pv->mailbox == 1 ? "" : "s");
	y += text_height(t, TEXT_MID) * text_wrap(t, c, TEXT_MID_BOLD, x, y, w, 3, DRAW_TEXT, buf);
	for (size_t i = 0; i < pv->mailbox && i < 4 && y + lh <= bottom; i++) {
		const char *m = sim_proc_message(s, pv->pid, i);
		text_draw(t, c, TEXT_MONO, x + 10, y, DRAW_SKY, m ? m : "?", w - 10);
		y += lh;
	}
	if (pv->mailbox > 4 && y + lh <= bottom) {
		snprintf(buf, sizeof buf, "+ %zu more", pv->mailbox - 4);
		text_draw(t, c, TEXT_SMALL, x + 10, y, DRAW_DIM, buf, w);
		y += lh;
	}
	return y;
}

/* One variable: "name = value", wrapped at any character (a value may be
** a list without spaces) onto at most 3 lines, the last cut with "...";
** with the tick it was last written on its right when there is room.  On
** a green band when a `set` wrote it in the tick shown.  Returns the y
** below it. */
static int insp_var(struct text *t, struct draw_canvas *c, const struct sim_var_view *v,
                    bool changed, int x, int y, int w, int bottom)
{
	int lh = text_height(t, TEXT_SMALL), cw = text_width(t, TEXT_MONO, "0");
	char line[192], when[48];
	if (snprintf(line, sizeof line, "%s = %s", v->name, v->value) >= (int)sizeof line)
		line[sizeof line - 1] = '\0'; /* a long value is cut: its last line ends in "..." */
	snprintf(when, sizeof when, v->set ? "set at %llu" : "state at %llu",
	         (unsigned long long)v->changed_tick);
	size_t len = strlen(line), per = cw > 0 && w > 30 ? (size_t)((w - 20) / cw) : len;
	int nl = (int)((len + per - 1) / (per ? per : 1));
	if (nl > 3)
		nl = 3;
	if (nl < 1 || y + nl * lh > bottom)
		return y;
	if (changed)
		draw_fill(c, x, y, w, nl * lh, DRAW_GREEN);
	uint32_t col = changed ? DRAW_BLACK : DRAW_TEXT;
	for (int i = 0; i < nl; i++) {
		char part[192];
		size_t from = (size_t)i * per, n = len - from < per ? len - from : per;
		bool cut = i == nl - 1 && from + n < len;
		snprintf(part, sizeof part, "%.*s%s", (int)(cut ? n - 3 : n), line + from, cut ? "..." : "");
		text_draw(t, c, TEXT_MONO, x + 10 + (i ? 2 * cw : 0), y + i * lh, col, part, 0);
	}
	int sw = text_width(t, TEXT_SMALL, when);
	if (nl == 1 && (int)len * cw + 22 + sw <= w)
		text_draw(t, c, TEXT_SMALL, x + w - 4 - sw, y, changed ? DRAW_BLACK : DRAW_DIM, when, 0);
	return y + nl * lh;
}

/* The variables of a process with state (format 1.1), one after the
** other; those a `set` wrote in the tick shown (the last one run) are on
** a green band: what this tick changed. */
static int insp_vars(struct text *t, struct draw_canvas *c, const sim *s,
                     const struct sim_proc_view *pv, int x, int y, int w, int bottom)
{
	enum { SHOWN = 12 };
	struct sim_var_view vars[SHOWN];
	size_t n = sim_proc_vars(s, pv->pid, vars, SHOWN);
	int lh = text_height(t, TEXT_SMALL);
	if (n == 0 || y + text_height(t, TEXT_MID) + lh > bottom)
		return y;
	char buf[64];
	snprintf(buf, sizeof buf, "state: %zu variable%s", n, n == 1 ? "" : "s");
	y += text_height(t, TEXT_MID) * text_wrap(t, c, TEXT_MID_BOLD, x, y, w, 3, DRAW_TEXT, buf);
	uint64_t now = sim_now(s);
	for (size_t i = 0; i < n && i < SHOWN; i++) {
		bool changed = vars[i].set && vars[i].changed_tick + 1 == now;
		y = insp_var(t, c, &vars[i], changed, x, y, w, bottom);
	}
	if (n > SHOWN && y + lh <= bottom) {
		snprintf(buf, sizeof buf, "+ %zu more", n - SHOWN);
		text_draw(t, c, TEXT_SMALL, x + 10, y, DRAW_DIM, buf, w);
		y += lh;
	}
	return y + 4;
}

/* The program, its current op highlighted and kept in view. */
static void insp_program(struct text *t, struct draw_canvas *c, const sim *s,
                         const struct sim_proc_view *pv, int x, int y, int w, int bottom)
{
	int lh = text_height(t, TEXT_SMALL);
	if (y + lh > bottom)
		return;
	text_draw(t, c, TEXT_MID_BOLD, x, y, DRAW_TEXT, "program", w);
	y += text_height(t, TEXT_MID);
	struct sim_op_line lines[64];
	size_t n = sim_proc_program(s, pv->pid, lines, 64);
	if (n == 0)
		text_draw(t, c, TEXT_SMALL, x + 10, y, DRAW_DIM,
		          pv->supervisor ? "(supervisor)" : "(finished)", w);
	size_t first = 0;
	int room = (bottom - y) / lh;
	for (size_t i = 0; i < n && i < 64; i++)
		if (lines[i].current && (int)i >= room)
			first = i - (size_t)room / 2;
	for (size_t i = first; i < n && i < 64 && y + lh <= bottom; i++, y += lh) {
		int ix = x + 10 + (int)lines[i].depth * 18;
		uint32_t col = lines[i].current ? DRAW_BLACK : lines[i].active ? DRAW_YELLOW : DRAW_TEXT;
		if (lines[i].current)
			draw_fill(c, x, y, w, lh, DRAW_YELLOW);
		text_draw(t, c, TEXT_MONO, ix, y, col, lines[i].text, x + w - ix);
	}
}

void panels_inspector(struct render *r, struct draw_canvas *c, const struct render_view *v,
                      int pane)
{
	const struct session *s = v->ses[pane];
	struct lrect sr = panels_inspector_rect(&r->lay.pane[pane]);
	struct sim_proc_view pv;
	draw_blend(c, sr.x - 6, sr.y, 6, sr.h, DRAW_BLACK, 140);    /* its shadow */
	draw_fill(c, sr.x, sr.y, sr.w, sr.h, DRAW_PANEL);
	draw_frame(c, sr.x, sr.y, sr.w, sr.h, 2, DRAW_YELLOW);
	if (!sim_proc_view(s->sim, v->selected, &pv))
		return;
	struct text *t = r->text;
	int x = sr.x + 10, w = sr.w - 20, bottom = sr.y + sr.h - 4;
	text_bound(t, (struct lrect){ sr.x, sr.y, sr.w, sr.h - 2 });   /* whole lines only */
	int y = insp_head(t, c, s->sim, &pv, x, sr.y + 6, w);
	size_t n = sim_proc_links(s->sim, pv.pid, r->links, 64);
	y = insp_pids(t, c, s->sim, "links", r->links, n, x, y, w);
	n = sim_proc_monitors(s->sim, pv.pid, r->links, 64);
	y = insp_pids(t, c, s->sim, "monitors", r->links, n, x, y, w) + 4;
	y = insp_vars(t, c, s->sim, &pv, x, y, w, bottom);
	y = insp_mailbox(t, c, s->sim, &pv, x, y, w, bottom);
	insp_program(t, c, s->sim, &pv, x, y + 4, w, bottom);
	text_bound(t, (struct lrect){ 0, 0, 0, 0 });
}

/* {=== overlays ===} */

/* key, what it does */
static const char *const help_lines[][2] = {
	{ "Space", "play / pause" },
	{ "Right", "step one tick" },
	{ "Shift+Right", "step to the next event" },
	{ "Left", "step back one tick" },
	{ "Home", "restart" },
	{ "+  -", "faster / slower" },
	{ "click", "inspect a process" },
	{ "K", "kill the selected process" },
	{ "N, 1 .. 9", "take that node down / bring it up" },
	{ "1 .. 8", "number of schedulers (restarts)" },
	{ "1 .. 9, Enter", "a question: pick a choice, reveal" },
	{ "A", "self-test: answers hidden, a score" },
	{ "P", "preemption: reductions / cooperative (restarts)" },
	{ "C", "compare 1 scheduler with 4" },
	{ "O", "open a scenario (or drop a JSON file)" },
	{ "S", "save a screenshot (PNG)" },
	{ "G", "record a GIF; G again saves it" },
	{ "F11", "full screen" },
	{ "Ctrl +  -", "bigger / smaller" },
	{ "T", "theme: dark / high contrast" },
	{ "V", "view: lanes / sequence chart / both" },
	{ "[  ]", "sequence chart: scroll sideways" },
	{ "? or H", "this help" },
	{ "Esc", "close this, the inspector" },
	{ "Q", "quit" },
};

static void box(struct render *r, struct draw_canvas *c, int w, int h, uint32_t border, int *x,
                int *y)
{
	*x = (c->w - w) / 2;
	*y = (c->h - h) / 2;
	draw_blend(c, 0, 0, c->w, c->h, DRAW_BLACK, 120);
	draw_fill(c, *x, *y, w, h, DRAW_PANEL);
	draw_frame(c, *x, *y, w, h, 3, border);
	(void)r;
}

/* The keys overlay: a key column as wide as the widest key. */
static void overlay_help(struct render *r, struct draw_canvas *c)
{
	struct text *t = r->text;
	int lh = text_height(t, TEXT_MID), x, y;
	int n = (int)(sizeof help_lines / sizeof *help_lines);
	int kw = 0, dw = 0;
	for (int i = 0; i < n; i++) {
		int a = text_width(t, TEXT_MID_BOLD, help_lines[i][0]);
		int b = text_width(t, TEXT_MID, help_lines[i][1]);
		kw = a > kw ? a : kw;
		dw = b > dw ? b : dw;
	}
	int gap = 2 * r->lay.pad;
	int w = 40 + kw + gap + dw, h = (n + 1) * lh + 30;
	if (w > c->w - 20)
		w = c->w - 20;
	if (h > c->h - 20)
		h = c->h - 20;
	box(r, c, w, h, DRAW_SKY, &x, &y);
	text_draw(t, c, TEXT_MID_BOLD, x + 20, y + 10, DRAW_SKY, "Keys", 0);
	for (int i = 0; i < n && (i + 2) * lh + 10 <= h; i++) {
		int yy = y + 10 + (i + 1) * lh;
		text_draw(t, c, TEXT_MID_BOLD, x + 20, yy, DRAW_YELLOW, help_lines[i][0], kw);
		text_draw(t, c, TEXT_MID, x + 20 + kw + gap, yy, DRAW_TEXT, help_lines[i][1],
		          w - 40 - kw - gap);
	}
}

/* The scenario picker: at most 14 files, scrolled to the selected one. */
static void overlay_picker(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	struct text *t = r->text;
	int lh = text_height(t, TEXT_MID), x, y;
	int n = v->npicker < 14 ? v->npicker : 14;
	int w = c->w / 2;
	box(r, c, w, (n + 2) * lh + 20, DRAW_GREEN, &x, &y);
	text_draw(t, c, TEXT_MID_BOLD, x + 20, y + 10, DRAW_GREEN,
	          "Open a scenario (Up/Down, Enter; Esc closes)", w - 40);
	int first = v->picker_sel >= n ? v->picker_sel - n + 1 : 0;
	for (int i = 0; i < n && first + i < v->npicker; i++) {
		int yy = y + 10 + (i + 1) * lh;
		bool sel = first + i == v->picker_sel;
		if (sel)
			draw_fill(c, x + 10, yy, w - 20, lh, DRAW_YELLOW);
		text_draw(t, c, TEXT_MID, x + 20, yy, sel ? DRAW_BLACK : DRAW_TEXT,
		          v->picker[first + i], w - 40);
	}
	if (v->npicker == 0)
		text_draw(t, c, TEXT_MID, x + 20, y + 10 + lh, DRAW_DIM, "(no .json files found)", 0);
}

/* The messages of the app (errors in the crash colour) under the caption. */
static void overlay_messages(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	struct text *t = r->text;
	int lh = text_height(t, TEXT_MID);
	int w = c->w * 2 / 3;
	int h = (v->nmsgs + 1) * lh + 16;
	int x = (c->w - w) / 2;
	int y = r->lay.caption.y + r->lay.caption.h + 20;
	uint32_t col = v->msgs_are_errors ? DRAW_CRASH : DRAW_SKY;
	draw_fill(c, x, y, w, h, DRAW_PANEL2);
	draw_frame(c, x, y, w, h, 3, col);
	for (int i = 0; i < v->nmsgs; i++)
		text_draw(t, c, TEXT_MID, x + 12, y + 8 + i * lh, i == 0 ? col : DRAW_TEXT, v->msgs[i],
		          w - 24);
	text_draw(t, c, TEXT_SMALL, x + 12, y + 8 + v->nmsgs * lh, DRAW_DIM,
	          "(any key closes this)", 0);
}

void panels_overlays(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	if (v->help)
		overlay_help(r, c);
	if (v->picker)
		overlay_picker(r, c, v);
	if (v->nmsgs > 0)
		overlay_messages(r, c, v);
	if (v->frame_ms > 0) {
		char buf[48];
		snprintf(buf, sizeof buf, "%.1f ms/frame", v->frame_ms);
		text_draw(r->text, c, TEXT_SMALL, 4, c->h - text_height(r->text, TEXT_SMALL), DRAW_DIM,
		          buf, 0);
	}
}
