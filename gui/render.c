/* render.c - the frame: header, caption, lanes, timeline; see render.h. */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "links.h"
#include "quizview.h"
#include "theme.h"
#include "stopping.h"

uint32_t render_prio_color(enum sim_priority p)
{
	switch (p) {
	case SIM_PRIO_MAX: return DRAW_PURPLE;
	case SIM_PRIO_HIGH: return DRAW_ORANGE;
	case SIM_PRIO_LOW: return DRAW_GREEN;
	default: return DRAW_SKY;
	}
}

struct render *render_create(struct text *t)
{
	struct render *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->text = t;
	r->pids = malloc((LAYOUT_MAX_SLOTS + 1) * sizeof *r->pids);
	r->links = malloc(64 * sizeof *r->links);
	r->route = route_create();              /* NULL: links are drawn unrouted */
	for (int p = 0; p < LAYOUT_MAX_PANES; p++)
		seqview_init(&r->seq[p]);
	bool ok = r->pids && r->links;
	for (int p = 0; p < LAYOUT_MAX_PANES; p++)
		for (int a = 0; a < AREA_COUNT; a++)
			ok = ok && (r->side[p].area[a] = malloc(RENDER_AREA_MAX * sizeof *r->side[p].area[a]));
	if (!ok) {
		render_destroy(r);
		return NULL;
	}
	return r;
}

void render_destroy(struct render *r)
{
	if (!r)
		return;
	free(r->pids);
	free(r->links);
	route_destroy(r->route);
	render_ident_free(r);
	for (int p = 0; p < LAYOUT_MAX_PANES; p++) {
		cmpstats_free(&r->cmp[p]);
		seqview_free(&r->seq[p]);
	}
	for (int p = 0; p < LAYOUT_MAX_PANES; p++)
		for (int a = 0; a < AREA_COUNT; a++)
			free(r->side[p].area[a]);
	free(r);
}

/*
** What the lanes of pane p must hold: what the run holds (read ahead once
** per engine, lanefit.h) or, when more, the most queue boxes a lane of this
** engine's run has held on screen (a high-water mark: the window's kills
** are not in the run read ahead), so the lanes do not resize back and forth
** as queues change.  A summarised queue counts as more than fits.
*/
static struct layout_fit lanes_fit(struct render *r, const struct render_view *v, int p)
{
	const sim *s = v->ses[p]->sim;
	size_t hi = r->fit_sim[p] == s ? r->seen_fit[p] : 0;
	for (int i = 0; i < r->lay.pane[p].nlanes && r->fit_sim[p] == s; i++) {
		const struct render_lane *rl = &r->lanes[p][i];
		size_t n = rl->more ? (size_t)-1 / 2 : rl->qlen;
		hi = n > hi ? n : hi;
	}
	r->fit_sim[p] = s;
	r->seen_fit[p] = hi;
	lanefit_read(&r->run_fit[p], v->ses[p]);
	struct layout_fit f = r->run_fit[p].fit;
	f.chip_em = panels_chip_em(r, v, p, &f.exit_em);
	f.boxes = hi > f.boxes ? hi : f.boxes;
	f.boxes = f.boxes ? f.boxes : 1;
	return f;
}

static bool fit_same(const struct layout_fit *a, const struct layout_fit *b)
{
	return a->boxes == b->boxes && a->tree == b->tree && a->chip_em == b->chip_em &&
	       a->exit_em == b->exit_em;
}

/* The caption height every note of the panes' lessons needs in the small
** font, with the current layout's widths and fonts (0 before the first
** layout): the caption is as tall as the lesson's longest note, so a note
** is never cut and the lanes do not move when the notes change. */
static int caption_need(struct render *r, const struct render_view *v)
{
	const struct layout *l = &r->lay;
	if (!l->w)
		return 0;
	int width = (v->npanes > 1 ? l->pane[0].pane.w : l->caption.w) - l->pad;
	int lines = 0;
	for (int i = 0; i < v->npanes; i++) {
		const sim_scenario *scn = v->ses[i]->scn;
		for (size_t k = 0; k < sim_scenario_note_count(scn); k++) {
			struct sim_note note;
			sim_scenario_note_get(scn, k, &note);
			int n = text_wrap_count(r->text, TEXT_SMALL, width, note.text);
			if (n > lines)
				lines = n;
		}
	}
	return lines * text_height(r->text, TEXT_SMALL);
}

static void relayout(struct render *r, const struct draw_canvas *c, const struct render_view *v)
{
	uint32_t ns[LAYOUT_MAX_PANES] = { 1, 1 };
	struct layout_fit fit[LAYOUT_MAX_PANES] = { { 0, false, 0, 0 }, { 0, false, 0, 0 } };
	for (int i = 0; i < v->npanes; i++) {
		ns[i] = (uint32_t)sim_sched_count(v->ses[i]->sim);
		fit[i] = lanes_fit(r, v, i);
	}
	uint64_t nodes[LAYOUT_MAX_PANES] = { 0, 0 };
	for (int i = 0; i < v->npanes; i++)
		nodes[i] = nodes_signature(v->ses[i]->sim);
	int need = caption_need(r, v);
	if (r->lay_w == c->w && r->lay_h == c->h && r->lay_panes == v->npanes &&
	    r->lay_zoom == v->zoom && r->lay_sched[0] == ns[0] && r->lay_sched[1] == ns[1] &&
	    fit_same(&r->lay_fit[0], &fit[0]) && fit_same(&r->lay_fit[1], &fit[1]) &&
	    !memcmp(r->lay_nodes, nodes, sizeof nodes) && r->lay_caption_need == need)
		return;
	layout_compute_fit(&r->lay, c->w, c->h, v->zoom, v->npanes, ns, fit, 0);
	if (memcmp(r->font_px, r->lay.font_px, sizeof r->font_px) != 0) {
		memcpy(r->font_px, r->lay.font_px, sizeof r->font_px);
		text_set_sizes(r->text, r->font_px);
	}
	/* measured again: the fonts and widths may be new */
	need = caption_need(r, v);
	if (need > r->lay.caption.h)
		layout_compute_fit(&r->lay, c->w, c->h, v->zoom, v->npanes, ns, fit, need);
	for (int i = 0; i < LAYOUT_MAX_PANES; i++)
		r->nodes[i].n = 0;
	for (int i = 0; i < v->npanes; i++)
		nodes_layout(&r->nodes[i], &r->lay, i, v->ses[i]->sim);
	memcpy(r->lay_nodes, nodes, sizeof nodes);
	r->lay_w = c->w;
	r->lay_h = c->h;
	r->lay_panes = v->npanes;
	r->lay_zoom = v->zoom;
	r->lay_caption_need = need;
	memcpy(r->lay_sched, ns, sizeof ns);
	memcpy(r->lay_fit, fit, sizeof fit);
}

struct render_hit *render_hit_add(struct render *r, struct lrect b, struct lrect at, uint32_t pid,
                                  int pane, int kind)
{
	struct render_hit *h = NULL;
	if (r->nhits < RENDER_MAX_HITS) {
		h = &r->hits[r->nhits++];
		h->r = b;
		h->at = at;
		h->pid = pid;
		h->pane = pane;
		h->kind = kind;
		h->area = 0;
		h->tag = (struct lrect){ 0, 0, 0, 0 };
	}
	return h;
}

uint32_t render_hit_test(const struct render *r, int x, int y, int *pane)
{
	if (r->insp.w > 0 && layout_contains(r->insp, x, y))
		return 0;                       /* the inspector covers what is under it */
	for (int i = r->nhits; i-- > 0;)
		if (layout_contains(r->hits[i].r, x, y)) {
			*pane = r->hits[i].pane;
			return r->hits[i].pid;
		}
	return 0;
}

static void pid_text(char *buf, size_t n, uint32_t pid)
{
	snprintf(buf, n, "<0.%u.0>", pid);
}

/* The first of the candidates that fits in w pixels of font f, or NULL. */
static const char *first_fit(struct text *t, enum text_font f, int w, const char *const *cand,
                             int n)
{
	for (int i = 0; i < n; i++)
		if (cand[i] && *cand[i] && text_width(t, f, cand[i]) <= w)
			return cand[i];
	return NULL;
}

/* {=== header, caption, status ===} */

static void header(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	const struct layout *l = &r->lay;
	struct text *t = r->text;
	const struct session *s = v->ses[0];
	draw_fill(c, 0, 0, c->w, l->header.h, DRAW_PANEL);
	char buf[160];
	uint64_t now = sim_now(s->sim);
	if (v->npanes > 1 && sim_now(v->ses[1]->sim) > now)
		now = sim_now(v->ses[1]->sim);
	if (v->tps >= 1000)
		snprintf(buf, sizeof buf, "tick %llu    %s  %.0fk ticks/s", (unsigned long long)now,
		         v->playing ? "PLAY" : "PAUSED", v->tps / 1000);
	else
		snprintf(buf, sizeof buf, "tick %llu    %s  %g ticks/s", (unsigned long long)now,
		         v->playing ? "PLAY" : "PAUSED", v->tps);
	int ty = (l->header.h - text_height(t, TEXT_BIG_BOLD)) / 2;
	int rw = text_width(t, TEXT_BIG_BOLD, buf);
	int help_w = text_width(t, TEXT_SMALL, "? help");
	int rx = c->w - l->pad * 3 - rw - help_w;
	text_draw(t, c, TEXT_BIG_BOLD, rx, ty, v->playing ? DRAW_GREEN : DRAW_YELLOW, buf, 0);
	text_draw(t, c, TEXT_SMALL, c->w - l->pad - help_w,
	          (l->header.h - text_height(t, TEXT_SMALL)) / 2, DRAW_DIM, "? help", 0);
	const char *title = sim_scenario_title(s->scn);
	if (!*title)
		title = s->label;
	/* a title too long for the big font gets the bold middle one before
	** it is cut */
	enum text_font tf = TEXT_BIG_BOLD;
	if (text_width(t, tf, title) > rx - 3 * l->pad) {
		tf = TEXT_MID_BOLD;
		ty = (l->header.h - text_height(t, tf)) / 2;
	}
	text_draw(t, c, tf, l->pad, ty, DRAW_TEXT, title, rx - 3 * l->pad);
}

/* One caption in the box cr: the note (yellow bar) or else the description. */
static void caption_box(struct render *r, struct draw_canvas *c, struct lrect cr, const char *note,
                        const char *description)
{
	const struct layout *l = &r->lay;
	const char *s = note ? note : description;
	/* the middle font, or the small one where that one fits all of s and
	** the middle one does not; cut with "..." only when neither does */
	enum text_font f = TEXT_MID;
	int lines = cr.h / text_height(r->text, f);
	if (text_wrap_count(r->text, f, cr.w - l->pad, s) > lines &&
	    text_wrap_count(r->text, TEXT_SMALL, cr.w - l->pad, s) <= cr.h / text_height(r->text, TEXT_SMALL)) {
		f = TEXT_SMALL;
		lines = cr.h / text_height(r->text, f);
	}
	if (lines < 1)
		lines = 1;
	int y = cr.y + (cr.h - lines * text_height(r->text, f)) / 2;
	if (note)
		draw_fill(c, cr.x, cr.y + 4, 4, cr.h - 8, DRAW_YELLOW);
	text_wrap(r->text, c, f, cr.x + l->pad, y, cr.w - l->pad, lines, note ? DRAW_TEXT : DRAW_DIM, s);
}

/* The caption: each session's current note (notes.h).  In compare mode
** each pane gets its own half when their notes differ. */
static void caption(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	const struct layout *l = &r->lay;
	const char *desc = sim_scenario_description(v->ses[0]->scn);
	const char *n0 = session_note(v->ses[0]);
	const char *n1 = v->npanes > 1 ? session_note(v->ses[1]) : n0;
	if (n0 == n1 || (n0 && n1 && !strcmp(n0, n1))) {     /* (each session has its copy) */
		caption_box(r, c, l->caption, n0, desc);
		return;
	}
	for (int i = 0; i < 2; i++) {
		struct lrect cr = l->caption;
		cr.x = l->pane[i].pane.x;
		cr.w = l->pane[i].pane.w;
		caption_box(r, c, cr, i == 0 ? n0 : n1, desc);
	}
}

/* The settings line: "finished at tick N" first (it is the lesson in
** compare mode), then the longest form of the settings that fits. */
static void status(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane)
{
	const struct layout_pane *p = &r->lay.pane[pane];
	const struct session *s = v->ses[pane];
	const struct sim_config *cfg = sim_get_config(s->sim);
	struct text *t = r->text;
	int x = p->status.x, right = p->status.x + p->status.w;
	int y = p->status.y + (p->status.h - text_height(t, TEXT_MID)) / 2;
	if (v->npanes > 1 && v->pane_label[pane][0])
		x += text_draw(t, c, TEXT_MID_BOLD, x, y, DRAW_YELLOW, v->pane_label[pane], 0) + r->lay.pad;
	enum sim_end e = sim_end_state(s->sim);
	if (e != SIM_END_NONE) {
		char l0[96], l1[64];
		snprintf(l0, sizeof l0, "finished at tick %llu (%s)", (unsigned long long)sim_now(s->sim),
		         sim_end_name(e));
		snprintf(l1, sizeof l1, "finished at tick %llu", (unsigned long long)sim_now(s->sim));
		const char *cand[] = { l0, l1 };
		const char *end = first_fit(t, TEXT_MID_BOLD, right - x, cand, 2);
		if (!end)
			end = l1;
		int w = text_width(t, TEXT_MID_BOLD, end);
		int ex = right - w;
		if (ex < x)
			ex = x;
		draw_fill(c, ex - 6, p->status.y, w + 12, p->status.h, DRAW_PANEL2);
		text_draw(t, c, TEXT_MID_BOLD, ex, y, DRAW_GREEN, end, 0);
		right = ex - 6 - r->lay.pad;
	}
	const char *pre = sim_preemption_name(cfg->preemption);
	char l0[160], l1[128], l2[96];
	snprintf(l0, sizeof l0, "%u scheduler%s | slice %llu | preemption %s | balance %s | %u dirty",
	         cfg->schedulers, cfg->schedulers == 1 ? "" : "s", (unsigned long long)cfg->slice, pre,
	         sim_balance_name(cfg->balance), cfg->dirty_schedulers);
	snprintf(l1, sizeof l1, "%u sched | slice %llu | %s | %s", cfg->schedulers,
	         (unsigned long long)cfg->slice, pre, sim_balance_name(cfg->balance));
	snprintf(l2, sizeof l2, "slice %llu | %s", (unsigned long long)cfg->slice, pre);
	const char *cand[] = { l0, l1, l2 };
	const char *st = first_fit(t, TEXT_MID, right - x, cand, 3);
	if (st)
		text_draw(t, c, TEXT_MID, x, y, DRAW_DIM, st, 0);
}

/* {=== lanes ===} */

/* A box lower than a line of its font: its name in the small font (when
** it is that high), its badges only beside the name, never over it. */
static void tiny_box(struct render *r, struct draw_canvas *c, struct lrect b,
                     const struct sim_proc_view *pv, bool big, uint32_t tc)
{
	struct text *t = r->text;
	int sh = text_height(t, TEXT_SMALL), bottom;
	int bw = render_box_badges(r, c, b, pv, big, b.w - 4 - text_width(t, TEXT_SMALL, pv->name) - 6,
	                           &bottom);
	if (b.h >= sh)
		text_draw(t, c, TEXT_SMALL, b.x + 2, b.y + (b.h - sh) / 2, tc, pv->name, b.w - 4 - bw);
}

/*
** A process box in its identity colour: its name (on two lines or cut with
** "..." only when nothing else fits), then as many of pid and current op
** as fit whole: a narrow box shows just the name, never "<0....".  Its
** mailbox and priority badges sit at the top right.
*/
static void proc_box(struct render *r, struct draw_canvas *c, struct lrect b,
                     const struct sim_proc_view *pv, uint32_t col, bool big, bool selected)
{
	struct text *t = r->text;
	draw_fill(c, b.x, b.y, b.w, b.h, col);
	if (selected)
		draw_frame(c, b.x - 3, b.y - 3, b.w + 6, b.h + 6, 3, DRAW_TEXT);
	uint32_t tc = draw_text_on(col);
	b.h -= stopping_band_h(t, b, pv);   /* its text keeps above a "stopping" band */
	int pad = r->lay.pad / 2 + 1;
	int w = b.w - 2 * pad;
	enum text_font nf = big ? TEXT_BIG_BOLD : TEXT_MID_BOLD;
	if (text_width(t, nf, pv->name) > w)
		nf = big ? TEXT_MID_BOLD : TEXT_SMALL;
	if (text_width(t, nf, pv->name) > w && text_width(t, nf, pv->name) <= b.w - 6) {
		pad = 3;                        /* a short name fits on one line with less margin */
		w = b.w - 6;
	}
	int nh = text_height(t, nf), sh = text_height(t, TEXT_SMALL);
	if (b.h < nh) {                     /* tiny: the colour must do */
		tiny_box(r, c, b, pv, big, tc);
		return;
	}
	int bottom;                         /* badges at the bottom take that much */
	int bw = render_box_badges(r, c, b, pv, big, w - text_width(t, nf, pv->name) - 6, &bottom);
	char pid[24], op[96] = "", both[128] = "";
	pid_text(pid, sizeof pid, pv->pid);
	if (big && pv->current_op && pv->op_remaining)
		snprintf(op, sizeof op, "%s, %llu left", pv->current_op,
		         (unsigned long long)pv->op_remaining);
	else if (big && pv->current_op)
		snprintf(op, sizeof op, "%s", pv->current_op);
	if (op[0])
		snprintf(both, sizeof both, "%s  %s", pid, op);
	int nl = render_name_lines(r, nf, w - bw, b.h - bottom - sh, pv->name);
	if (nl == 1 && text_width(t, nf, pv->name) > w - bw)     /* whole name before the pid */
		nl = render_name_lines(r, nf, w - bw, b.h - bottom - 2, pv->name);
	const char *l2 = NULL, *l3 = NULL;
	int room = (b.h - bottom - nl * nh) / sh;    /* small lines under the name */
	if (room >= 2 && op[0]) {
		const char *c2[] = { pid };
		const char *c3[] = { op, pv->current_op };
		l2 = first_fit(t, TEXT_SMALL, w, c2, 1);
		l3 = first_fit(t, TEXT_SMALL, w, c3, 2);
	} else if (room >= 1) {
		const char *c2[] = { both, pid, op };
		l2 = first_fit(t, TEXT_SMALL, w, c2, 3);
	}
	int lines_h = nl * nh + (l2 ? sh : 0) + (l3 ? sh : 0);
	int y = b.y + (b.h - bottom - lines_h) / 2;
	if (y < b.y + sh && bw)             /* below the badges when they share the top */
		y = b.y + 2;
	render_box_name(r, c, nl, b.x + pad, y, w - bw, nf, tc, pv->name);
	y += nl * nh;
	if (l2)
		text_draw(t, c, TEXT_SMALL, b.x + pad, y, tc, l2, 0);
	if (l3)
		text_draw(t, c, TEXT_SMALL, b.x + pad, y + sh, tc, l3, 0);
}

int render_more_text(struct render *r, enum text_font *f, int w, size_t more, char *out,
                     size_t len)
{
	struct text *t = r->text;
	char buf[3][48];
	for (int k = 0; k < 3; k++)
		layout_more_text(buf[k], sizeof buf[k], more, k);
	const char *cand[3] = { buf[0], buf[1], buf[2] };
	const char *s = first_fit(t, *f, w, cand, 3);
	if (!s && *f != TEXT_SMALL) {
		*f = TEXT_SMALL;
		s = first_fit(t, *f, w, cand, 3);
	}
	if (!s)
		s = buf[2];                     /* overflows the box rather than cut the number */
	snprintf(out, len, "%s", s);
	return text_width(t, *f, out);
}

/* A "+ N more" box: the longest form of the count that fits; the number
** itself is never cut. */
void render_more_box(struct render *r, struct draw_canvas *c, struct lrect b, size_t more,
                     enum text_font f, bool framed_only)
{
	if (!framed_only)
		draw_fill(c, b.x, b.y, b.w, b.h, DRAW_PANEL2);
	draw_frame(c, b.x, b.y, b.w, b.h, 2, DRAW_DIM);
	char s[48];
	int w = b.w - 8;
	int tw = render_more_text(r, &f, w, more, s, sizeof s);
	int h = text_height(r->text, f);
	int x = tw <= w ? b.x + (b.w - tw) / 2 : b.x + 2;
	text_draw(r->text, c, f, x, b.y + (b.h - h) / 2, DRAW_TEXT, s, 0);
}

/* Places the boxes of lane i (hits and animation places); draws nothing. */
static void lane_place(struct render *r, const struct render_view *v, int pane, int i)
{
	const struct layout_lane *ln = &r->lay.pane[pane].lane[i];
	const struct session *s = v->ses[pane];
	struct anim *an = v->anim[pane];
	struct render_lane *rl = &r->lanes[pane][i];
	struct sim_sched_view sv;
	sim_sched_view(s->sim, (uint32_t)i, &sv);
	rl->running = sv.running;
	rl->slice_used = sv.slice_used;
	if (sv.running && sim_proc_count(s->sim) >= sv.running) {
		struct lrect b = anim_lerp(an, sv.running, ln->running, v->move_t);
		anim_place(an, sv.running, ln->running);
		render_hit_add(r, ln->running, b, sv.running, pane, HIT_RUNNING);
	}
	size_t qlen = sim_sched_queue(s->sim, (uint32_t)i, r->pids, (size_t)ln->nslots);
	rl->qlen = qlen;
	rl->shown = layout_queue_shown(ln, qlen, &rl->more);
	for (int k = 0; k < rl->shown; k++) {
		struct lrect slot = layout_queue_slot(ln, k);
		struct lrect b = anim_lerp(an, r->pids[k], slot, v->move_t);
		anim_place(an, r->pids[k], slot);
		render_hit_add(r, slot, b, r->pids[k], pane, HIT_QUEUE);
	}
	if (rl->more) {
		/* the summarised processes are "in" this box for animations */
		struct lrect slot = layout_queue_slot(ln, rl->shown);
		uint32_t n = (uint32_t)(qlen < (size_t)ln->nslots ? qlen : (size_t)ln->nslots);
		for (uint32_t k = (uint32_t)rl->shown; k < n; k++)
			anim_place(an, r->pids[k], slot);
	}
}

/* The lane's background: drawn before the links, which pass behind boxes. */
static void lane_back(struct render *r, struct draw_canvas *c, int pane, int i)
{
	const struct layout_lane *ln = &r->lay.pane[pane].lane[i];
	draw_fill(c, ln->row.x, ln->row.y, ln->row.w, ln->row.h, DRAW_PANEL);
}

/* The lane's label, slice bar, "+ N more" and empty-queue text. */
static void lane_front(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       int pane, int i)
{
	const struct layout_lane *ln = &r->lay.pane[pane].lane[i];
	const struct render_lane *rl = &r->lanes[pane][i];
	const struct session *s = v->ses[pane];
	char buf[32];
	snprintf(buf, sizeof buf, "S%d", i + 1);
	int lh = text_height(r->text, TEXT_BIG_BOLD);
	int sh = text_height(r->text, TEXT_SMALL);
	bool both = ln->label.h >= lh + sh;
	int y = both ? ln->label.y + (ln->label.h - lh - sh) / 2 : ln->label.y + (ln->label.h - lh) / 2;
	enum text_font lf = ln->label.h >= lh ? TEXT_BIG_BOLD : TEXT_SMALL;
	text_draw(r->text, c, lf, ln->label.x + r->lay.pad / 2, lf == TEXT_SMALL ? ln->label.y : y,
	          DRAW_TEXT, buf, ln->label.w);
	if (both)
		text_draw(r->text, c, TEXT_SMALL, ln->label.x + r->lay.pad / 2, y + lh, DRAW_DIM,
		          rl->running ? "busy" : "idle", ln->label.w);
	const struct lrect *rb = &ln->running;
	draw_frame(c, rb->x, rb->y, rb->w, rb->h, 1, DRAW_BORDER);
	const struct sim_config *cfg = sim_get_config(s->sim);
	if (rl->running) {
		const struct lrect *sb = &ln->slice;
		draw_fill(c, sb->x, sb->y, sb->w, sb->h, DRAW_PANEL2);
		if (cfg->preemption == SIM_PREEMPT_REDUCTIONS && cfg->slice > 0) {
			uint64_t left = rl->slice_used >= cfg->slice ? 0 : cfg->slice - rl->slice_used;
			int w = (int)((double)sb->w * (double)left / (double)cfg->slice);
			draw_fill(c, sb->x, sb->y, w, sb->h, DRAW_YELLOW);
		} else {
			draw_fill(c, sb->x, sb->y, sb->w, sb->h, DRAW_GREY);
		}
	} else if (rb->h >= text_height(r->text, TEXT_MID)) {
		int h = text_height(r->text, TEXT_MID);
		text_draw(r->text, c, TEXT_MID, rb->x + r->lay.pad, rb->y + (rb->h - h) / 2, DRAW_DIM,
		          "idle", 0);
	}
	if (rl->more) {
		render_more_box(r, c, layout_queue_slot(ln, rl->shown), rl->more, TEXT_MID_BOLD, false);
	} else if (rl->qlen == 0 && ln->slot_h >= sh) {
		struct lrect q = layout_queue_slot(ln, 0);
		text_draw(r->text, c, TEXT_SMALL, q.x, q.y + (q.h - sh) / 2, DRAW_DIM, "run queue empty",
		          ln->queue.w);
	}
}

/* Whether a ghost is recorded over chip h (render_ghosts_place) where
** the chip is drawn (not sliding there: the slide is drawn). */
static bool ghost_over(const struct render *r, const struct render_hit *h)
{
	if (memcmp(&h->at, &h->r, sizeof h->r))
		return false;
	for (int i = 0; i < r->nghosts; i++)
		if (r->ghosts[i].pid == h->pid && r->ghosts[i].pane == h->pane &&
		    !memcmp(&r->ghosts[i].at, &h->r, sizeof h->r))
			return true;
	return false;
}

/* Draws every placed process box of the frame (after the links). */
static void boxes(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	struct sim_proc_view pv;
	for (int i = 0; i < r->nhits; i++) {
		const struct render_hit *h = &r->hits[i];
		if (!sim_proc_view(v->ses[h->pane]->sim, h->pid, &pv))
			continue;
		if (h->kind == HIT_CHIP && ghost_over(r, h))
			continue;                   /* its ghost is drawn there instead */
		bool sel = v->selected == h->pid && v->sel_pane == h->pane;
		uint32_t col = render_ident_color(r, v, h->pane, h->pid);
		uint64_t now = sim_now(v->ses[h->pane]->sim);
		if (h->kind == HIT_CHIP)
			panels_chip(r, c, v->ses[h->pane]->sim, h->at, &pv, col, sel, now);
		else
			proc_box(r, c, h->at, &pv, col, h->kind == HIT_RUNNING, sel);
		stopping_mark(r->text, c, h->at, &pv, now);
	}
}

/* {=== timeline ===} */

static uint64_t nice_span(uint64_t t)
{
	static const uint64_t steps[] = { 100, 200, 500, 1000, 2000, 5000 };
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		if (t <= steps[i] * 9 / 10)
			return steps[i];
	return 5000;
}

void render_time_axis(const struct render_view *v, uint64_t *t0, uint64_t *t1)
{
	uint64_t now = 0;
	for (int i = 0; i < v->npanes; i++)
		if (sim_now(v->ses[i]->sim) > now)
			now = sim_now(v->ses[i]->sim);
	uint64_t span = nice_span(now);
	*t0 = now + span / 20 > span ? now + span / 20 - span : 0;
	*t1 = *t0 + span;
}

/* The runs ending after t0 in their identity colours, at most one fill
** per pixel column and row, each named once where it fits whole. */
static void gantt_runs(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       int pane, uint64_t t0, uint64_t t1)
{
	const struct layout_pane *p = &r->lay.pane[pane];
	const struct session *s = v->ses[pane];
	uint64_t now = sim_now(s->sim);
	int last_x[LAYOUT_MAX_LANES];
	uint32_t last_pid[LAYOUT_MAX_LANES];     /* a name once per run of slices */
	for (int i = 0; i < p->nlanes; i++) {
		last_x[i] = -1;
		last_pid[i] = 0;
	}
	for (size_t k = session_runs_after(s, t0); k < s->nruns; k++) {
		const struct gantt_run *g = &s->runs[k];
		if (g->sched >= (uint32_t)p->nlanes)
			continue;
		int x0 = layout_tick_x(p, t0, t1, g->start), x1 = layout_tick_x(p, t0, t1, g->end);
		if (x1 <= last_x[g->sched])
			continue;
		if (x0 < last_x[g->sched])
			x0 = last_x[g->sched];
		if (x1 == x0)
			x1 = x0 + 1;
		const struct lrect *row = &p->tl_row[g->sched];
		uint32_t col = render_ident_color(r, v, pane, g->pid);
		draw_fill(c, x0, row->y, x1 - x0, row->h, col);
		if (g->pid != last_pid[g->sched])
			render_gantt_label(r, c, v, pane, g->pid, x0, x1, *row, col);
		last_pid[g->sched] = g->pid;
		last_x[g->sched] = x1;
	}
	/* what runs now (its RUN event comes when it stops) */
	for (int i = 0; i < p->nlanes; i++) {
		struct sim_sched_view sv;
		sim_sched_view(s->sim, (uint32_t)i, &sv);
		if (!sv.running)
			continue;
		uint64_t st = now > sv.slice_used ? now - sv.slice_used : 0;
		int x0 = layout_tick_x(p, t0, t1, st), x1 = layout_tick_x(p, t0, t1, now);
		if (x0 < last_x[i])
			x0 = last_x[i];
		const struct lrect *row = &p->tl_row[i];
		uint32_t col = render_ident_color(r, v, pane, sv.running);
		if (x1 > x0)
			draw_fill(c, x0, row->y, x1 - x0, row->h, col);
		if (sv.running != last_pid[i])
			render_gantt_label(r, c, v, pane, sv.running, x0, x1, *row, col);
	}
}

/* Row i's label: "S3", or "b S3" when the rows are grouped by node and
** the node's name fits before the plot. */
static void tl_label(struct render *r, const struct render_view *v, int pane, int i, char *buf,
                     size_t n)
{
	const struct layout_pane *p = &r->lay.pane[pane];
	struct sim_node_view nv;
	int k = nodes_of_lane(&r->nodes[pane], i);
	snprintf(buf, n, "S%d", i + 1);
	if (k < 0 || !sim_node_view(v->ses[pane]->sim, (uint32_t)k, &nv))
		return;
	char named[64];
	snprintf(named, sizeof named, "%.24s S%d", nv.name, i + 1);
	if (text_width(r->text, TEXT_SMALL, named) <= p->plot.x - p->timeline.x - r->lay.pad / 2 - 2)
		snprintf(buf, n, "%s", named);
}

static void timeline(struct render *r, struct draw_canvas *c, const struct render_view *v, int pane)
{
	const struct layout_pane *p = &r->lay.pane[pane];
	const struct session *s = v->ses[pane];
	uint64_t now = sim_now(s->sim);
	uint64_t t0, t1;
	render_time_axis(v, &t0, &t1);
	uint64_t span = t1 - t0;
	int sh = text_height(r->text, TEXT_SMALL);
	draw_fill(c, p->timeline.x, p->timeline.y, p->timeline.w, p->timeline.h, DRAW_PANEL);
	for (int i = 0; i < p->nlanes; i++) {
		const struct lrect *row = &p->tl_row[i];
		draw_fill(c, row->x, row->y, row->w, row->h, DRAW_BG);
		char buf[64];
		if (row->h >= sh - 4) {
			tl_label(r, v, pane, i, buf, sizeof buf);
			text_draw(r->text, c, TEXT_SMALL, p->timeline.x + r->lay.pad / 2,
			          row->y + (row->h - sh) / 2, DRAW_TEXT, buf, 0);
			struct sim_sched_view sv;
			sim_sched_view(s->sim, (uint32_t)i, &sv);
			uint64_t tot = sv.busy + sv.idle;
			snprintf(buf, sizeof buf, "%3.0f%%", tot ? 100.0 * (double)sv.busy / (double)tot : 0.0);
			text_draw(r->text, c, TEXT_SMALL, row->x + row->w + r->lay.pad / 2,
			          row->y + (row->h - sh) / 2, DRAW_TEXT, buf, 0);
		}
	}
	const struct nodes_pane *np = &r->nodes[pane];
	for (int k = 0; k + 1 < np->n; k++)         /* the nodes' groups of rows */
		if (np->tl_sep[k] >= 0)
			draw_fill(c, p->timeline.x, np->tl_sep[k] - 1, p->timeline.w, 2, DRAW_SKY);
	gantt_runs(r, c, v, pane, t0, t1);
	/* axis and playhead */
	int ay = p->plot.y + p->plot.h + 2;
	char buf[32];
	for (int k = 0; k <= 4; k++) {
		uint64_t tk = t0 + span * (uint64_t)k / 4;
		int x = layout_tick_x(p, t0, t1, tk);
		draw_fill(c, x, ay, 1, 5, DRAW_DIM);
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)tk);
		int w = text_width(r->text, TEXT_SMALL, buf);
		int tx = k == 0 ? x : k == 4 ? x - w : x - w / 2;
		text_draw(r->text, c, TEXT_SMALL, tx, ay + 4, DRAW_DIM, buf, 0);
	}
	int px = layout_tick_x(p, t0, t1, now);
	draw_fill(c, px - 1, p->plot.y - 4, 3, p->plot.h + 8, DRAW_TEXT);
}

/* Where the inspector's drawer is this frame (w 0: closed). */
static struct lrect drawer_rect(const struct render *r, const struct render_view *v)
{
	if (v->selected && v->sel_pane >= 0 && v->sel_pane < v->npanes)
		return panels_inspector_rect(&r->lay.pane[v->sel_pane]);
	return (struct lrect){ 0, 0, 0, 0 };
}

/* The inspector of the selected process (it takes the clicks over it). */
static void inspector(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	r->insp = drawer_rect(r, v);
	if (r->insp.w > 0)
		panels_inspector(r, c, v, v->sel_pane);
}

int render_visible_right(const struct render *r, struct lrect b)
{
	const struct lrect d = r->insp;
	bool under = d.w > 0 && b.y < d.y + d.h && d.y < b.y + b.h && b.x < d.x + d.w &&
	             d.x < b.x + b.w;
	return under && d.x < b.x + b.w ? d.x : b.x + b.w;
}

/* buf = the first of the cmpstats forms that fits in w pixels (the last when none does). */
static void longest_form(struct render *r, const struct cmpstats *st, const int *forms, int n,
                         int w, char *buf, size_t len)
{
	for (int k = 0; k < n; k++) {
		cmpstats_text(st, forms[k], buf, len);
		if (text_width(r->text, TEXT_MID_BOLD, buf) <= w)
			return;
	}
}

/* Compare mode: the pane's numbers (finish, exit ticks, utilization) on a
** strip at the bottom of its lanes, the longest form that fits. */
static void compare_numbers(struct render *r, struct draw_canvas *c, const struct render_view *v,
                            int pane)
{
	const struct session *s = v->ses[pane];
	struct cmpstats *st = &r->cmp[pane];
	if (r->cmp_ses[pane] != s || r->cmp_stamp[pane] != s->stamp) {
		cmpstats_read(st, s->sim);
		r->cmp_ses[pane] = s;
		r->cmp_stamp[pane] = s->stamp;
	}
	/* one line when the whole of it fits, else its two halves in full */
	const struct lrect *lr = &r->lay.pane[pane].lanes;
	int lh = text_height(r->text, TEXT_MID), w = render_visible_right(r, *lr) - lr->x - 16;
	char one[192], two[2][160];
	cmpstats_text(st, 0, one, sizeof one);
	/* each half in its longest form that fits (a number is never cut) */
	static const int heads[] = { CMPSTATS_HEAD, CMPSTATS_HEAD_SHORT };
	static const int exits[] = { CMPSTATS_EXITS, CMPSTATS_EXITS_SHORT, CMPSTATS_EXITS_TINY };
	longest_form(r, st, heads, 2, w, two[0], sizeof two[0]);
	longest_form(r, st, exits, 3, w, two[1], sizeof two[1]);
	bool fits = text_width(r->text, TEXT_MID_BOLD, one) <= w;
	int h = (fits ? lh : 2 * lh) + 8, y = lr->y + lr->h - h;
	draw_fill(c, lr->x, y, lr->w, h, DRAW_PANEL2);
	draw_fill(c, lr->x, y, 4, h, DRAW_YELLOW);
	text_draw(r->text, c, TEXT_MID_BOLD, lr->x + 10, y + 4, DRAW_TEXT, fits ? one : two[0], w);
	if (!fits)
		text_draw(r->text, c, TEXT_MID_BOLD, lr->x + 10, y + 4 + lh, DRAW_TEXT, two[1], w);
}

/* The top of every view: the layout, the ground, header and caption. */
static void frame_top(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	relayout(r, c, v);
	draw_clip(c, 0, 0, 0, 0);
	draw_clear(c, DRAW_BG);
	header(r, c, v);
	caption(r, c, v);
}

/* The lanes view: header, caption, lanes, side panels, timelines, the
** inspector. */
static void lanes_frame(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	frame_top(r, c, v);
	/* the drawer (drawn last) hides the texts it would half cover */
	r->insp = drawer_rect(r, v);
	text_veil(r->text, r->insp);
	/* places first, then backgrounds, links, and what goes over them */
	for (int p = 0; p < v->npanes; p++) {
		const struct layout_pane *lp = &r->lay.pane[p];
		for (int i = 0; i < lp->nlanes; i++)
			lane_place(r, v, p, i);
		panels_side_place(r, v, p);
		render_ghosts_place(r, v, p);       /* links go around ghosts too */
	}
	for (int p = 0; p < v->npanes; p++) {
		const struct layout_pane *lp = &r->lay.pane[p];
		if (p > 0)
			draw_fill(c, lp->pane.x - 2, lp->pane.y, 4, lp->pane.h, DRAW_BORDER);
		for (int i = 0; i < lp->nlanes; i++)
			lane_back(r, c, p, i);
		render_nodes_back(r, c, v, p);
		panels_side_back(r, c, p);
	}
	links_draw(r, c, v, false);
	for (int p = 0; p < v->npanes; p++) {
		const struct layout_pane *lp = &r->lay.pane[p];
		status(r, c, v, p);
		for (int i = 0; i < lp->nlanes; i++)
			lane_front(r, c, v, p, i);
		render_nodes_frames(r, c, v, p);
		panels_side_front(r, c, v, p);
	}
	boxes(r, c, v);
	links_draw(r, c, v, true);
	for (int p = 0; p < v->npanes && v->npanes > 1; p++)
		compare_numbers(r, c, v, p);
	for (int p = 0; p < v->npanes; p++) {
		timeline(r, c, v, p);
		render_nodes_down(r, c, v, p);
		render_ghosts(r, c, v, p);
		links_flights(r, c, v, p);
		render_nodes_net(r, c, v, p);
	}
	text_veil(r->text, (struct lrect){ 0, 0, 0, 0 });
	inspector(r, c, v);
}

/* The wider side of area left or right of the inspector ir: the chart
** moves there while a process is inspected, never under it. */
static struct lrect beside_inspector(struct lrect area, struct lrect ir)
{
	int lw = ir.x - 4 - area.x, rx = ir.x + ir.w + 4, rw = area.x + area.w - rx;
	if (lw >= rw && lw > 0)
		area.w = lw;
	else if (rw > 0)
		area = (struct lrect){ rx, area.y, rw, area.h };
	return area;
}

/* The sequence view alone: header, caption, each pane's status line and
** its chart below it (compare mode: side by side, each its own chart). */
static void sequence_frame(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	frame_top(r, c, v);
	for (int p = 0; p < v->npanes; p++) {
		const struct layout_pane *lp = &r->lay.pane[p];
		if (p > 0)
			draw_fill(c, lp->pane.x - 2, lp->pane.y, 4, lp->pane.h, DRAW_BORDER);
		status(r, c, v, p);
		int y = lp->status.y + lp->status.h;
		struct lrect area = { lp->pane.x + 2, y, lp->pane.w - 4, lp->pane.y + lp->pane.h - y };
		draw_fill(c, area.x, area.y, area.w, area.h, DRAW_BG);   /* all of it: nothing left over */
		if (v->selected && v->sel_pane == p)
			area = beside_inspector(area, panels_inspector_rect(lp));
		render_seqview(r, c, v, p, area);
	}
	inspector(r, c, v);
}

int render_split_x(int w)
{
	return w * 11 / 20;
}

/* Both: the lanes view in the left of the frame, the chart(s) at the
** right, under a strip as tall as the header (compare: one above the other). */
static void both_frame(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	int sx = render_split_x(c->w);
	struct draw_canvas left = *c;
	left.w = sx;
	draw_clip(&left, 0, 0, 0, 0);
	lanes_frame(r, &left, v);
	draw_clip(c, 0, 0, 0, 0);
	int top = r->lay.header.h, h = (c->h - top) / v->npanes;
	draw_fill(c, sx, top, c->w - sx, c->h - top, DRAW_BG);   /* every pixel: none left from an earlier frame */
	draw_fill(c, sx, 0, c->w - sx, top, DRAW_PANEL);
	draw_fill(c, sx, 0, 3, c->h, DRAW_BORDER);
	int ty = (top - text_height(r->text, TEXT_MID_BOLD)) / 2;
	text_draw(r->text, c, TEXT_MID_BOLD, sx + r->lay.pad, ty, DRAW_DIM, "sequence (V)", 0);
	for (int p = 0; p < v->npanes; p++) {
		if (p > 0)
			draw_fill(c, sx, top + p * h - 2, c->w - sx, 3, DRAW_BORDER);
		render_seqview(r, c, v, p, (struct lrect){ sx + 4, top + p * h + 2, c->w - sx - 6, h - 4 });
	}
}

void render_frame(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	c->theme = theme_get(v->theme);
	r->ntexts = 0;
	text_track(r->text, r->texts, RENDER_MAX_TEXTS, &r->ntexts);
	r->nhits = 0;
	r->nghosts = 0;
	for (int p = 0; p < LAYOUT_MAX_PANES; p++)
		r->seq[p].area.w = 0;             /* no chart drawn: no chart clicked */
	if (v->mode == RENDER_SEQUENCE)
		sequence_frame(r, c, v);
	else if (v->mode == RENDER_BOTH)
		both_frame(r, c, v);
	else
		lanes_frame(r, c, v);
	draw_clip(c, 0, 0, 0, 0);
	render_hover(r, c, v);
	render_seq_hover(r, c, v);
	quizview_draw(r, c, v);
	panels_overlays(r, c, v);
	text_track(r->text, NULL, 0, NULL);
}
