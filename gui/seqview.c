/* seqview.c - the sequence view's chart, layout and hits; see seqview.h. */
#include "seqview.h"

#include <stdlib.h>
#include <string.h>

void seqview_init(struct seqview *sv)
{
	memset(sv, 0, sizeof *sv);
}

static void drop_layout(struct seqview *sv)
{
	if (sv->lay_ok)
		chart_layout_free(&sv->lay);
	sv->lay_ok = false;
	sv->lay_w = 0;
}

void seqview_free(struct seqview *sv)
{
	drop_layout(sv);
	chart_destroy(sv->chart);
	seqview_init(sv);
}

/* FNV-1a of the session's commands (position, kind and pid or node). */
static uint64_t cmds_key(const struct session *s)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < s->ncmds; i++)
		h = (h ^ (s->cmds[i].pos * 31 + s->cmds[i].id * 3 + s->cmds[i].kind)) *
		    1099511628211ull;
	return h;
}

/* Replays the commands of s (kills, nodes down or up) at position pos on
** e, recording their events. */
static void kills_at(struct chart *c, sim *e, const struct session *s, uint64_t pos)
{
	for (size_t i = 0; i < s->ncmds; i++)
		if (s->cmds[i].pos == pos && session_cmd_apply(e, &s->cmds[i])) {
			size_t n;
			const struct sim_event *ev = sim_events(e, &n);
			chart_record(c, e, ev, n);
		}
}

/* Runs s's scenario ahead for `steps` steps into a new chart; NULL on
** ENOMEM.  *whole: the run ended within them. */
static struct chart *read_ahead(const struct session *s, uint64_t *steps, bool *whole)
{
	sim *e = sim_create_masked(s->scn, &s->cfg, CHART_EVENT_MASK);
	struct chart *c = e ? chart_create(0, UINT64_MAX) : NULL;
	if (!c) {
		sim_destroy(e);
		return NULL;
	}
	sim_set_batching(e, false);          /* a step is a step of the session */
	size_t n;
	const struct sim_event *ev = sim_events(e, &n);
	chart_record(c, e, ev, n);
	kills_at(c, e, s, 0);
	*whole = false;
	uint64_t pos = 1;
	for (; pos <= *steps && !*whole && (c->narrows < SEQVIEW_ARROWS || pos <= s->pos); pos++) {
		*whole = sim_step(e) != SIM_END_NONE;
		ev = sim_events(e, &n);
		chart_record(c, e, ev, n);
		kills_at(c, e, s, pos);
	}
	*steps = pos - 1;
	bool ok = !c->oom && chart_finish(c, e);
	sim_destroy(e);
	if (!ok) {
		chart_destroy(c);
		return NULL;
	}
	return c;
}

bool seqview_read(struct seqview *sv, const struct session *s)
{
	uint64_t key = cmds_key(s);
	bool same = sv->sim == s->sim && sv->ncmds == s->ncmds && sv->cmds_key == key;
	if (same && (sv->whole || s->pos <= sv->steps))
		return sv->chart != NULL;
	uint64_t steps = same || s->pos > SEQVIEW_STEPS ? 2 * s->pos : SEQVIEW_STEPS;
	steps = steps < SEQVIEW_STEPS ? SEQVIEW_STEPS : steps;
	drop_layout(sv);
	chart_destroy(sv->chart);
	sv->chart = read_ahead(s, &steps, &sv->whole);
	sv->sim = s->sim;
	sv->ncmds = s->ncmds;
	sv->cmds_key = key;
	sv->steps = steps;
	sv->scroll = 0;
	return sv->chart != NULL;
}

bool seqview_collapsed(const struct chart *c, uint32_t g, uint64_t flip)
{
	struct chart_opts o;
	chart_opts_default(&o);
	bool def = c->groups[g - 1].n > o.collapse_over;
	bool flipped = g <= SEQVIEW_MAX_GROUPS && (flip >> (g - 1) & 1u);
	return def != flipped;
}

int seqview_first_col(int want, int sel, int shown, int ncols)
{
	int f = want;
	if (sel >= 0 && sel < f)
		f = sel;
	if (sel >= 0 && sel >= f + shown)
		f = sel - shown + 1;
	if (f > ncols - shown)
		f = ncols - shown;
	return f < 0 ? 0 : f;
}

int seqview_play_y(const struct chart_layout *l, uint64_t now)
{
	size_t lo = 0, hi = l->nticks;
	while (lo < hi) {                 /* the first event tick after now */
		size_t mid = lo + (hi - lo) / 2;
		if (l->ticks[mid] <= now)
			lo = mid + 1;
		else
			hi = mid;
	}
	int y = chart_layout_y(l, now);
	if (lo > 0) {                     /* below the rows of the last event */
		int e = chart_layout_y_end(l, l->ticks[lo - 1]) + l->o.sub_h / 2;
		y = y > e ? y : e;
	}
	return y;
}

static bool near_segment(const struct seqview_hit *h, int x, int y)
{
	double dx = h->x1 - h->x0, dy = h->y1 - h->y0, len2 = dx * dx + dy * dy;
	double t = len2 > 0 ? ((x - h->x0) * dx + (y - h->y0) * dy) / len2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	double ex = h->x0 + t * dx - x, ey = h->y0 + t * dy - y;
	return ex * ex + ey * ey <= 25.0;
}

const struct seqview_hit *seqview_hit_at(const struct seqview *sv, int x, int y)
{
	if (sv->area.w <= 0 || !layout_contains(sv->area, x, y))
		return NULL;
	for (int pass = 0; pass < 3; pass++)
		for (int i = sv->nhits; i-- > 0;) {
			const struct seqview_hit *h = &sv->hits[i];
			bool arrow = h->kind == SEQ_HIT_ARROW;
			if (pass == 0 && h->kind == SEQ_HIT_GROUP && layout_contains(h->r, x, y))
				return h;
			if (pass == 1 && arrow && near_segment(h, x, y))
				return h;
			if (pass == 2 && !arrow && h->kind != SEQ_HIT_GROUP && layout_contains(h->r, x, y))
				return h;
		}
	return NULL;
}
