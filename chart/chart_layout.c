/*
** chart_layout.c - the layout of a sequence chart (chart.h): which lines
** and arrows a range and an `only` filter show, a column per line (or per
** collapsed group), and a y per tick with long quiet stretches compressed.
*/
#include "chart.h"

#include <stdlib.h>
#include <string.h>

void chart_opts_default(struct chart_opts *o)
{
	*o = (struct chart_opts){ .from = 0, .to = UINT64_MAX, .collapse_over = 12, .col_w = 120,
	                          .tick_h = 4, .row_h = 22, .sub_h = 16, .gap_h = 44, .gap_ticks = 10, .top = 100,
	                          .left = 100 };
}

void chart_layout_free(struct chart_layout *l)
{
	free(l->line_col);
	free(l->cols);
	free(l->arrows);
	free(l->ticks);
	free(l->ys);
	free(l->nstart);
	free(l->ay0);
	free(l->ay1);
	free(l->gaps);
	memset(l, 0, sizeof *l);
}

static const char *group_prefix(const struct chart *c, const struct chart_line *ln)
{
	return ln->group ? c->groups[ln->group - 1].prefix : NULL;
}

/* Whether the filter lets line ln through (by its name or its group's). */
static bool passes(const struct chart_layout *l, const struct chart_line *ln)
{
	if (!l->o.only)
		return true;
	const char *g = group_prefix(l->c, ln);
	for (size_t i = 0; i < l->o.nonly; i++)
		if (strcmp(l->o.only[i], ln->name) == 0 || (g && strcmp(l->o.only[i], g) == 0))
			return true;
	return false;
}

/* Checks the range and the filter's names; fills err. */
static bool check_opts(const struct chart *c, const struct chart_opts *o, char *err, size_t size)
{
	if (o->from > c->end_tick) {
		snprintf(err, size, "--from %llu is after the run's end (tick %llu)",
		         (unsigned long long)o->from, (unsigned long long)c->end_tick);
		return false;
	}
	if (o->from > o->to) {
		snprintf(err, size, "--from %llu is after --to %llu", (unsigned long long)o->from,
		         (unsigned long long)o->to);
		return false;
	}
	for (size_t i = 0; o->only && i < o->nonly; i++) {
		bool found = false;
		for (size_t k = 0; k < c->ngroups && !found; k++)
			found = strcmp(c->groups[k].prefix, o->only[i]) == 0;
		for (size_t p = 0; p < c->nlines && !found; p++)
			found = c->lines[p].name && strcmp(c->lines[p].name, o->only[i]) == 0;
		if (!found) {
			snprintf(err, size, "--only: '%.200s' is not a process of this run", o->only[i]);
			return false;
		}
	}
	return true;
}

/* Marks the shown lines (line_col 0: shown, not placed yet; -1 hidden). */
static void pick_lines(struct chart_layout *l)
{
	const struct chart *c = l->c;
	for (size_t p = 0; p < c->nlines; p++) {
		const struct chart_line *ln = &c->lines[p];
		bool alive_in = ln->spawn_tick <= l->o.to && (ln->exit_tick == CHART_NONE ||
		                                              ln->exit_tick >= l->o.from);
		l->line_col[p] = ln->name && p > 0 && alive_in && passes(l, ln) ? 0 : -1;
	}
}

/* Picks the arrows in range between shown lines; the outside line is
** shown when an arrow needs it (and the filter lets it through). */
static bool pick_arrows(struct chart_layout *l)
{
	const struct chart *c = l->c;
	bool outside = passes(l, &c->lines[0]);
	if (!(l->arrows = malloc((c->narrows + 1) * sizeof *l->arrows)))
		return false;
	for (size_t i = 0; i < c->narrows; i++) {
		const struct chart_arrow *a = &c->arrows[i];
		bool in = a->t0 >= l->o.from && a->t0 <= l->o.to && a->from < c->nlines &&
		          a->to < c->nlines;
		in = in && (a->from ? l->line_col[a->from] == 0 : outside) &&
		     (a->to ? l->line_col[a->to] == 0 : outside);
		if (in) {
			l->arrows[l->narrows++] = (uint32_t)i;
			if (a->from == 0 || a->to == 0)
				l->line_col[0] = 0;
		}
	}
	return true;
}

/* Whether group g (1 + index) shows as one column. */
static bool collapsed(const struct chart_layout *l, uint32_t g)
{
	if (l->o.collapse && g - 1 < l->o.ncollapse)
		return l->o.collapse[g - 1] != 0;
	return l->o.collapse_over && l->c->groups[g - 1].n > l->o.collapse_over;
}

/* Columns in the lines' order; the lines of a collapsed group share one. */
static bool place_columns(struct chart_layout *l)
{
	const struct chart *c = l->c;
	uint32_t *by_order = malloc((c->nlines + 1) * sizeof *by_order);
	int32_t *gcol = calloc(c->ngroups + 1, sizeof *gcol);
	l->cols = malloc((c->nlines + 1) * sizeof *l->cols);
	if (!by_order || !gcol || !l->cols) {
		free(by_order);
		free(gcol);
		return false;
	}
	size_t n = 0;
	for (size_t p = 0; p < c->nlines; p++)
		if (c->lines[p].name)
			by_order[c->lines[p].order] = (uint32_t)p, n++;
	for (size_t k = 0; k < n; k++) {
		uint32_t p = by_order[k], g = c->lines[p].group;
		if (l->line_col[p] < 0)
			continue;
		bool collapse = g && collapsed(l, g);
		if (collapse && gcol[g]) {
			l->line_col[p] = gcol[g] - 1;
			continue;
		}
		l->cols[l->ncols] = (struct chart_col){ .line = p, .group = collapse ? g : 0,
		                                        .x = l->o.left + (int)l->ncols * l->o.col_w };
		l->line_col[p] = (int32_t)l->ncols++;
		if (collapse)
			gcol[g] = (int32_t)l->ncols;
	}
	free(by_order);
	free(gcol);
	return true;
}

static int by_tick(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The distinct ticks of everything shown, sorted: arrows' ends, shown
** lines' spawns and exits within the range (not those of a collapsed
** group's members, which would make one row per member), and `from`. */
static bool collect_ticks(struct chart_layout *l)
{
	const struct chart *c = l->c;
	size_t cap = 2 * l->narrows + 2 * c->nlines + 1, n = 0;
	uint64_t *t = l->ticks = malloc(cap * sizeof *t);
	if (!t)
		return false;
	t[n++] = l->o.from;
	for (size_t i = 0; i < l->narrows; i++) {
		const struct chart_arrow *a = &c->arrows[l->arrows[i]];
		t[n++] = a->t0;
		if (a->t1 != CHART_NONE)
			t[n++] = a->t1;
	}
	for (size_t p = 0; p < c->nlines; p++) {
		const struct chart_line *ln = &c->lines[p];
		if (l->line_col[p] < 0 || l->cols[l->line_col[p]].group)
			continue;          /* a collapsed group's members mark no ticks */
		if (ln->spawn_tick >= l->o.from && ln->spawn_tick <= l->o.to)
			t[n++] = ln->spawn_tick;
		if (ln->exit_tick >= l->o.from && ln->exit_tick <= l->o.to)
			t[n++] = ln->exit_tick;
	}
	qsort(t, n, sizeof *t, by_tick);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || t[i] != t[m - 1])
			t[m++] = t[i];
	l->nticks = m;
	return true;
}

/* The index of an event tick in l->ticks (it must be one). */
static size_t tick_index(const struct chart_layout *l, uint64_t tick)
{
	size_t lo = 0, hi = l->nticks;
	while (lo < hi) {           /* the first tick >= tick */
		size_t mid = lo + (hi - lo) / 2;
		if (l->ticks[mid] < tick)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The depth of tick i's rows below its first. */
static int extra(const struct chart_layout *l, size_t i)
{
	return l->nstart[i] > 1 ? (int)(l->nstart[i] - 1) * l->o.sub_h : 0;
}

/* A y per tick: d ticks after the last (and its rows), d * tick_h but at
** least row_h; a stretch longer than gap_ticks becomes a gap of gap_h. */
static bool place_ticks(struct chart_layout *l)
{
	size_t ngaps = 0;
	l->ys = malloc(l->nticks * sizeof *l->ys);
	l->gaps = malloc(l->nticks * sizeof *l->gaps);
	l->nstart = calloc(l->nticks, sizeof *l->nstart);
	if (!l->ys || !l->gaps || !l->nstart)
		return false;
	for (size_t i = 0; i < l->narrows; i++)
		l->nstart[tick_index(l, l->c->arrows[l->arrows[i]].t0)]++;
	int y = l->o.top;
	for (size_t i = 0; i < l->nticks; i++) {
		uint64_t d = i ? l->ticks[i] - l->ticks[i - 1] : 0;
		y += i ? extra(l, i - 1) : 0;
		if (d > l->o.gap_ticks) {
			l->gaps[ngaps++] = (struct chart_gap){ l->ticks[i - 1], l->ticks[i], y, y + l->o.gap_h };
			y += l->o.gap_h;
		} else if (d > 0) {
			y += (int)d * l->o.tick_h > l->o.row_h ? (int)d * l->o.tick_h : l->o.row_h;
		}
		l->ys[i] = y;
	}
	l->ngaps = ngaps;
	l->height = y + extra(l, l->nticks - 1);
	return true;
}

/* Each shown arrow's y: its row at its first tick; at its last tick's
** first row (the bottom when it is still in flight). */
static bool place_arrows(struct chart_layout *l)
{
	uint32_t *k = calloc(l->nticks, sizeof *k);
	l->ay0 = malloc((l->narrows + 1) * sizeof *l->ay0);
	l->ay1 = malloc((l->narrows + 1) * sizeof *l->ay1);
	if (!k || !l->ay0 || !l->ay1) {
		free(k);
		return false;
	}
	for (size_t i = 0; i < l->narrows; i++) {
		const struct chart_arrow *a = &l->c->arrows[l->arrows[i]];
		size_t t = tick_index(l, a->t0);
		l->ay0[i] = l->ys[t] + (int)k[t]++ * l->o.sub_h;
		l->ay1[i] = a->t1 == a->t0 ? l->ay0[i] : a->t1 == CHART_NONE ? l->height + l->o.sub_h
		            : l->ys[tick_index(l, a->t1)];
	}
	free(k);
	return true;
}

/* Each column's span: its lines' lives within the range and the ticks. */
static void span_columns(struct chart_layout *l)
{
	const struct chart *c = l->c;
	uint64_t bottom = l->ticks[l->nticks - 1];
	for (size_t k = 0; k < l->ncols; k++)
		l->cols[k].t0 = UINT64_MAX, l->cols[k].t1 = 0;
	for (size_t p = 0; p < c->nlines; p++) {
		if (l->line_col[p] < 0)
			continue;
		const struct chart_line *ln = &c->lines[p];
		struct chart_col *col = &l->cols[l->line_col[p]];
		uint64_t t0 = ln->spawn_tick > l->o.from ? ln->spawn_tick : l->o.from;
		uint64_t t1 = ln->exit_tick < bottom ? ln->exit_tick : bottom;
		col->t0 = t0 < col->t0 ? t0 : col->t0;
		col->t1 = t1 > col->t1 ? t1 : col->t1;
	}
}

enum sim_status chart_layout_create(struct chart_layout *l, const struct chart *c,
                                    const struct chart_opts *o, char *err, size_t errsize)
{
	memset(l, 0, sizeof *l);
	if (!check_opts(c, o, err, errsize))
		return SIM_EINVALID;
	l->c = c;
	l->o = *o;
	if (l->o.to > c->end_tick)
		l->o.to = c->end_tick;
	if (!(l->line_col = malloc((c->nlines + 1) * sizeof *l->line_col)))
		return SIM_ENOMEM;
	pick_lines(l);
	if (!pick_arrows(l) || !place_columns(l) || !collect_ticks(l) || !place_ticks(l) ||
	    !place_arrows(l)) {
		chart_layout_free(l);
		return SIM_ENOMEM;
	}
	span_columns(l);
	l->width = l->o.left + (int)l->ncols * l->o.col_w;
	return SIM_OK;
}

int chart_layout_y(const struct chart_layout *l, uint64_t tick)
{
	size_t lo = tick_index(l, tick);
	if (lo < l->nticks && l->ticks[lo] == tick)
		return l->ys[lo];
	if (lo == 0)
		return l->nticks ? l->ys[0] : l->o.top;
	uint64_t t0 = l->ticks[lo - 1];
	int y0 = l->ys[lo - 1];
	if (lo == l->nticks) {      /* after the last event: a little further down */
		uint64_t d = tick - t0;
		return y0 + (d > l->o.gap_ticks ? l->o.gap_h : (int)d * l->o.tick_h);
	}
	double f = (double)(tick - t0) / (double)(l->ticks[lo] - t0);
	return y0 + (int)(f * (l->ys[lo] - y0));
}

int chart_layout_col(const struct chart_layout *l, uint32_t pid)
{
	return pid < l->c->nlines ? l->line_col[pid] : -1;
}

int chart_layout_y_end(const struct chart_layout *l, uint64_t tick)
{
	size_t i = tick_index(l, tick);
	if (i < l->nticks && l->ticks[i] == tick)
		return l->ys[i] + extra(l, i);
	return chart_layout_y(l, tick);
}
