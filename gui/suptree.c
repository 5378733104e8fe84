/* suptree.c - the supervision tree as boxes and edges; see suptree.h. */
#include "suptree.h"
#include "ghost.h"
#include "stopping.h"

#include <stdio.h>
#include <string.h>

#define GAP 4                   /* between rows */
#define RECENT 60               /* ticks a restart or a crash stays highlighted */
#define OLD_SCAN 512            /* resident pids searched for a replaced incarnation */
#define METER_CELLS 12          /* intensity cells drawn at most */

/* {=== collecting ===} */

/* The newest resident incarnation before `pid` of `name` under sup_pid. */
static uint32_t replaced(const sim *s, uint32_t pid, const char *name, uint32_t sup_pid)
{
	struct sim_proc_view pv;
	uint32_t from = pid ? pid - 1 : UINT32_MAX;
	int n = 0;
	for (uint32_t q = sim_proc_prev_resident(s, from); q >= 1 && n < OLD_SCAN;
	     q = sim_proc_prev_resident(s, q - 1), n++)
		if (sim_proc_view(s, q, &pv) && pv.parent == sup_pid && pv.state == SIM_PROC_EXITED &&
		    strcmp(pv.name, name) == 0)
			return q;
	return 0;
}

static uint32_t sup_index(const sim *s, uint32_t pid)
{
	size_t n = sim_sup_count(s);
	struct sim_sup_view sv;
	for (size_t i = 0; i < n; i++) {
		sim_sup_view(s, i, &sv);
		if (sv.pid == pid)
			return (uint32_t)i;
	}
	return SUPTREE_NONE;
}

static void add_sup(struct suptree *t, const sim *s, uint32_t i, uint32_t parent, int depth)
{
	struct sim_sup_view sv;
	sim_sup_view(s, i, &sv);
	if (t->n >= SUPTREE_MAX_NODES || depth >= SUPTREE_MAX_DEPTH || !sv.pid)
		return;
	t->node[t->n++] = (struct suptree_node){ .sup = i, .pid = sv.pid, .sup_pid = parent,
	                                          .name = sv.name, .depth = (uint8_t)depth };
	t->rows += 2;
	for (uint32_t k = 0; k < sv.nchildren && t->n < SUPTREE_MAX_NODES; k++) {
		struct sim_sup_child_view cv;
		if (!sim_sup_child(s, sv.pid, k, &cv))
			break;
		struct sim_proc_view pv;
		bool is_sup = cv.pid && sim_proc_view(s, cv.pid, &pv) && pv.supervisor;
		uint32_t si = is_sup ? sup_index(s, cv.pid) : SUPTREE_NONE;
		if (si != SUPTREE_NONE) {
			add_sup(t, s, si, sv.pid, depth + 1);
			continue;
		}
		bool later = cv.pid && sim_proc_view(s, cv.pid, &pv) && pv.incarnation > 1;
		t->node[t->n++] = (struct suptree_node){
			.sup = SUPTREE_NONE, .pid = cv.pid, .sup_pid = sv.pid, .name = cv.name,
			.removed = cv.removed, .depth = (uint8_t)(depth + 1),
			.old_pid = later || !cv.pid ? replaced(s, cv.pid, cv.name, sv.pid) : 0 };
		t->rows++;
	}
}

void suptree_collect(struct suptree *t, const sim *s)
{
	t->n = t->rows = 0;
	size_t n = sim_sup_count(s);
	struct sim_sup_view sv;
	struct sim_proc_view pv, pp;
	for (size_t i = 0; i < n && t->n < SUPTREE_MAX_NODES; i++) {
		sim_sup_view(s, i, &sv);
		/* roots only: a supervisor under a supervisor is drawn in its subtree */
		bool nested = sv.pid && sim_proc_view(s, sv.pid, &pv) && pv.parent &&
		              sim_proc_view(s, pv.parent, &pp) && pp.supervisor;
		if (!nested)
			add_sup(t, s, (uint32_t)i, 0, 0);
	}
}

/* {=== geometry ===} */

int suptree_row_h(struct text *tx)
{
	return text_height(tx, TEXT_SMALL) + 2 * GAP + 2;
}

bool suptree_node_box(const struct suptree *t, struct text *tx, struct lrect area, int title_h,
                      int i, struct lrect *box)
{
	int rh = suptree_row_h(tx), y = area.y + title_h;
	for (int k = 0; k < i && k < t->n; k++)
		y += t->node[k].sup != SUPTREE_NONE ? 2 * rh : rh;
	if (i < 0 || i >= t->n)
		return false;
	const struct suptree_node *nd = &t->node[i];
	int h = (nd->sup != SUPTREE_NONE ? 2 * rh : rh) - GAP;
	int x = area.x + 6 + nd->depth * rh;
	*box = (struct lrect){ x, y, area.x + area.w - 6 - x, h };
	return y + h <= area.y + area.h && box->w > 0;
}

/* {=== drawing ===} */

/* Draws the first candidate that fits in w (the last, cut, if none does). */
static void fit(struct text *tx, struct draw_canvas *c, enum text_font f, int x, int y, int w,
                uint32_t col, const char *const *cand, int n)
{
	for (int i = 0; i < n; i++)
		if (i == n - 1 || text_width(tx, f, cand[i]) <= w) {
			text_draw(tx, c, f, x, y, col, cand[i], w);
			return;
		}
}

static bool crashed_reason(const char *r)
{
	return ghost_end_of(r) == END_CRASH;
}

/* The restart meter: one cell per restart the intensity allows (filled
** for those inside the period, red for the one over it), then the words. */
static void meter(struct text *tx, struct draw_canvas *c, struct lrect b, int rh,
                  const struct sim_sup_view *sv)
{
	int cell = rh / 2, y = b.y + rh + (rh - GAP - cell) / 2, x = b.x + 8;
	uint32_t cells = sv->intensity < METER_CELLS ? sv->intensity : METER_CELLS;
	bool over = sv->in_period > sv->intensity;
	for (uint32_t k = 0; k < cells + (over ? 1 : 0); k++, x += cell + 3) {
		uint32_t col = k >= sv->intensity ? DRAW_CRASH : k < sv->in_period ? DRAW_YELLOW
		                                                                   : DRAW_PANEL;
		draw_fill(c, x, y, cell, cell, col);
		draw_frame(c, x, y, cell, cell, 1, DRAW_DIM);
	}
	char l0[128], l1[64], l2[32];
	const char *word = over ? ">" : "of";
	snprintf(l0, sizeof l0, "%u %s %u restarts in %llu ticks%s", sv->in_period, word,
	         sv->intensity, (unsigned long long)sv->period, over ? ": gave up" : "");
	snprintf(l1, sizeof l1, "%u %s %u in %llu", sv->in_period, word, sv->intensity,
	         (unsigned long long)sv->period);
	snprintf(l2, sizeof l2, "%u/%u", sv->in_period, sv->intensity);
	const char *cand[] = { l0, l1, l2 };
	int ty = b.y + rh + (rh - GAP - text_height(tx, TEXT_SMALL)) / 2;
	fit(tx, c, TEXT_SMALL, x + 4, ty, b.x + b.w - x - 8, over ? DRAW_CRASH : DRAW_TEXT, cand, 3);
}

static void sup_box(struct text *tx, struct draw_canvas *c, struct lrect b, int rh, const sim *s,
                    const struct suptree_node *nd)
{
	struct sim_sup_view sv;
	struct sim_proc_view pv;
	char words[96];
	sim_sup_view(s, nd->sup, &sv);
	sim_proc_view(s, sv.pid, &pv);
	const char *end = sim_proc_end_words(s, &pv, words, sizeof words);   /* NULL: alive */
	bool dead = end != NULL;
	/* ended: in the colour of its kind of end (one rule: ghost_end_of;
	** gone with its node: no reason, grey) */
	uint32_t col = dead ? ghost_end_color(ghost_end_of(sv.exit_reason)) : DRAW_YELLOW;
	draw_fill(c, b.x, b.y, b.w, b.h, DRAW_PANEL2);
	draw_frame(c, b.x, b.y, b.w, b.h, 2, col);
	char l0[160], l1[96], l2[64];
	if (dead)
		snprintf(l0, sizeof l0, "%s <0.%u.0> %s%s", sv.name, sv.pid,
		         sv.halted ? "" : "exited: ", end);
	else
		snprintf(l0, sizeof l0, "%s <0.%u.0>  %s", sv.name, sv.pid,
		         sv.strategy ? sv.strategy : "");
	snprintf(l1, sizeof l1, "%s  %s", sv.name, dead ? end : sv.strategy ? sv.strategy : "");
	snprintf(l2, sizeof l2, "%s", sv.name);
	const char *cand[] = { l0, l1, l2 };
	int ty = b.y + (rh - GAP - text_height(tx, TEXT_SMALL)) / 2;
	/* while it stops a child, its first row says so instead */
	if (!stopping_sup_row(tx, c, (struct lrect){ b.x, b.y, b.w, rh - GAP }, s, &sv))
		fit(tx, c, TEXT_SMALL, b.x + 8, ty, b.w - 16, col, cand, 3);
	meter(tx, c, b, rh, &sv);
}

/* The words of a child's box, longest first, into l[4]. */
static void child_words(const sim *s, const struct suptree_node *nd,
                        const struct sim_proc_view *pv, bool alive, char l[4][160])
{
	struct sim_proc_view old;
	char stop[STOPPING_FORMS][STOPPING_LEN];
	char words[2][96];
	bool has_old = nd->old_pid && sim_proc_view(s, nd->old_pid, &old);
	const char *why = has_old ? sim_proc_end_words(s, &old, words[0], sizeof words[0]) : NULL;
	if (!why)
		why = "exited";
	if (!nd->pid) {
		/* not running: gone for good, stopped with its supervisor, or
		** ended (restarted next, or not at all: a transient child that
		** exited normally) */
		struct sim_proc_view sp;
		bool sup_dead = sim_proc_view(s, nd->sup_pid, &sp) && sp.state == SIM_PROC_EXITED;
		const char *what = nd->removed ? "removed" : sup_dead ? "stopped" : "not running";
		if (has_old)
			snprintf(l[0], 160, "%s %s: <0.%u.0> %s", nd->name, what, nd->old_pid, why);
		else
			snprintf(l[0], 160, "%s %s", nd->name, what);
		snprintf(l[1], 160, "%s %s", nd->name, what);
	} else if (!alive) {
		const char *end = sim_proc_end_words(s, pv, words[1], sizeof words[1]);
		snprintf(l[0], 160, "%s <0.%u.0> %s%s", nd->name, pv->pid,
		         pv->halted ? "" : "exited: ", end);
		snprintf(l[1], 160, "%s %s", nd->name, end);
	} else if (stopping_words(pv, sim_now(s), stop)) {     /* its supervisor stops it */
		snprintf(l[0], 160, "%s <0.%u.0> %s", nd->name, pv->pid, stop[0]);
		snprintf(l[1], 160, "%s %s", nd->name, stop[1]);
	} else if (has_old) {
		snprintf(l[0], 160, "%s <0.%u.0> replaced <0.%u.0> (%s)", nd->name, pv->pid,
		         nd->old_pid, why);
		snprintf(l[1], 160, "%s <0.%u.0> was <0.%u.0>", nd->name, pv->pid, nd->old_pid);
	} else {
		snprintf(l[0], 160, "%s <0.%u.0> %s", nd->name, pv->pid, sim_proc_state_name(pv->state));
		snprintf(l[1], 160, "%s <0.%u.0>", nd->name, pv->pid);
	}
	snprintf(l[2], 160, "%s #%u", nd->name, nd->pid ? pv->incarnation : 0);
	snprintf(l[3], 160, "%s", nd->name);
}

static void child_box(struct text *tx, struct draw_canvas *c, struct lrect b, const sim *s,
                      const struct suptree_node *nd)
{
	struct sim_proc_view pv;
	memset(&pv, 0, sizeof pv);
	bool have = nd->pid && sim_proc_view(s, nd->pid, &pv);
	bool alive = have && pv.state != SIM_PROC_EXITED;
	bool crash = have && !alive && crashed_reason(pv.exit_reason);
	uint64_t now = sim_now(s);
	uint32_t fill = crash ? DRAW_CRASH : alive ? DRAW_PANEL2 : DRAW_PANEL;
	draw_fill(c, b.x, b.y, b.w, b.h, fill);
	if (alive)
		draw_fill(c, b.x, b.y, 6, b.h, pv.incarnation > 1 ? DRAW_SKY : DRAW_GREEN);
	bool fresh = alive && pv.incarnation > 1 && now - pv.spawn_tick <= RECENT;
	bool ended = have && !alive && !crash;    /* normal or shutdown: framed in its colour */
	draw_frame(c, b.x, b.y, b.w, b.h, fresh || ended ? 3 : 1,
	           fresh ? DRAW_YELLOW : alive ? DRAW_BORDER
	           : ended ? ghost_end_color(ghost_end_of(pv.exit_reason)) : DRAW_DIM);
	char l[4][160];
	child_words(s, nd, &pv, alive, l);
	const char *cand[] = { l[0], l[1], l[2], l[3] };
	uint32_t col = crash ? draw_text_on(DRAW_CRASH) : alive ? DRAW_TEXT : DRAW_DIM;
	fit(tx, c, TEXT_SMALL, b.x + 12, b.y + (b.h - text_height(tx, TEXT_SMALL)) / 2, b.w - 18,
	    col, cand, 4);
	if (alive && pv.stopping_by)
		stopping_frame(c, b, 2);
}

/* The edge from node i's supervisor (the nearest supervisor above it one
** level up) to node i: down the supervisor's left side, then across. */
static void edge(const struct suptree *t, struct text *tx, struct draw_canvas *c,
                 struct lrect area, int title_h, int i, struct lrect b)
{
	for (int k = i - 1; k >= 0; k--) {
		struct lrect pb;
		if (t->node[k].depth >= t->node[i].depth)
			continue;
		suptree_node_box(t, tx, area, title_h, k, &pb);
		int x = pb.x + suptree_row_h(tx) / 2, y = b.y + b.h / 2;
		draw_fill(c, x - 1, pb.y + pb.h, 3, y - pb.y - pb.h + 1, DRAW_DIM);
		draw_fill(c, x - 1, y - 1, b.x - x + 1, 3, DRAW_DIM);
		return;
	}
}

int suptree_more_room(struct text *tx, struct lrect area)
{
	return area.w - 20 - text_width(tx, TEXT_SMALL, SUPTREE_SHORTEST_TITLE);
}

int suptree_shown(const struct suptree *t, struct text *tx, struct lrect area, int title_h)
{
	struct lrect b;
	int shown = 0;
	while (shown < t->n && suptree_node_box(t, tx, area, title_h, shown, &b))
		shown++;
	return shown;
}

int suptree_more_text(const struct suptree *t, struct text *tx, struct lrect area, int title_h,
                      int room, char *buf, size_t n)
{
	int shown = suptree_shown(t, tx, area, title_h);
	buf[0] = '\0';
	if (shown >= t->n)
		return 0;
	snprintf(buf, n, "+ %d more", t->n - shown);
	if (text_width(tx, TEXT_SMALL, buf) > room)
		snprintf(buf, n, "+%d", t->n - shown);
	return text_width(tx, TEXT_SMALL, buf);
}

void suptree_draw(const struct suptree *t, struct text *tx, struct draw_canvas *c,
                  struct lrect area, int title_h, const sim *s, uint32_t selected)
{
	int rh = suptree_row_h(tx), shown = 0;
	for (int i = 0; i < t->n; i++) {
		struct lrect b;
		if (!suptree_node_box(t, tx, area, title_h, i, &b))
			break;
		if (t->node[i].depth > 0)
			edge(t, tx, c, area, title_h, i, b);
		if (t->node[i].sup != SUPTREE_NONE)
			sup_box(tx, c, b, rh, s, &t->node[i]);
		else
			child_box(tx, c, b, s, &t->node[i]);
		if (selected && t->node[i].pid == selected)
			draw_frame(c, b.x - 2, b.y - 2, b.w + 4, b.h + 4, 3, DRAW_TEXT);
		shown++;
	}
	char buf[48];
	int w = suptree_more_text(t, tx, area, title_h, suptree_more_room(tx, area), buf, sizeof buf);
	if (shown < t->n && w)             /* the title keeps left of it (panels.c) */
		text_draw(tx, c, TEXT_SMALL, area.x + area.w - w - 8, area.y + 3, DRAW_DIM, buf, 0);
}
