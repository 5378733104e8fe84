/* cmpstats.c - the numbers of a compare-mode pane; see cmpstats.h. */
#include "cmpstats.h"

#include <stdio.h>
#include <stdlib.h>

static int by_tick(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double utilization(const sim *s)
{
	uint64_t busy = 0, all = 0;
	struct sim_sched_view sv;
	for (size_t i = 0; i < sim_sched_count(s); i++) {
		sim_sched_view(s, (uint32_t)i, &sv);
		busy += sv.busy;
		all += sv.busy + sv.idle;
	}
	return all ? (double)busy / (double)all : 0.0;
}

bool cmpstats_read(struct cmpstats *st, const sim *s)
{
	size_t n = sim_proc_count(s);
	st->now = sim_now(s);
	st->finished = sim_end_state(s) != SIM_END_NONE;
	st->utilization = utilization(s);
	st->exited = 0;
	st->first = st->median = st->last = 0;
	if (n > st->cap) {
		uint64_t *t = realloc(st->ticks, n * sizeof *t);
		if (!t)
			return false;
		st->ticks = t;
		st->cap = n;
	}
	struct sim_proc_view pv;
	for (uint32_t pid = 1; pid <= n; pid++)
		if (sim_proc_view(s, pid, &pv) && pv.state == SIM_PROC_EXITED)
			st->ticks[st->exited++] = pv.exit_tick;
	if (st->exited == 0)
		return true;
	qsort(st->ticks, st->exited, sizeof *st->ticks, by_tick);
	st->first = st->ticks[0];
	st->median = st->ticks[(st->exited - 1) / 2];
	st->last = st->ticks[st->exited - 1];
	return true;
}

void cmpstats_free(struct cmpstats *st)
{
	free(st->ticks);
	st->ticks = NULL;
	st->cap = 0;
}

void cmpstats_text(const struct cmpstats *st, int form, char *buf, size_t len)
{
	char fin[48], ex[96];
	bool full = form == 0 || (form >= CMPSTATS_HEAD && form <= CMPSTATS_EXITS_SHORT);
	unsigned long long now = (unsigned long long)st->now;
	unsigned long long a = st->first, b = st->median, c = st->last;
	if (st->finished)
		snprintf(fin, sizeof fin, form < 2 || full ? "finished at %llu" : "end %llu", now);
	else
		snprintf(fin, sizeof fin, form < 2 || full ? "running, tick %llu" : "tick %llu", now);
	if (st->exited == 0)
		snprintf(ex, sizeof ex, form < 2 || full ? "no exits yet" : "no exits");
	else if (form == CMPSTATS_EXITS_SHORT)
		snprintf(ex, sizeof ex, "first %llu, med %llu, last %llu", a, b, c);
	else if (full)
		snprintf(ex, sizeof ex, "exits: first %llu, median %llu, last %llu (%zu)", a, b, c,
		         st->exited);
	else if (form == 1)
		snprintf(ex, sizeof ex, "exits %llu/%llu/%llu (%zu)", a, b, c, st->exited);
	else
		snprintf(ex, sizeof ex, "%llu/%llu/%llu", a, b, c);
	if (form == CMPSTATS_HEAD)
		snprintf(buf, len, "%s | utilization %.0f%%", fin, 100.0 * st->utilization);
	else if (form == CMPSTATS_HEAD_SHORT)
		snprintf(buf, len, "%s | %.0f%%", fin, 100.0 * st->utilization);
	else if (form == CMPSTATS_EXITS || form == CMPSTATS_EXITS_SHORT || form == CMPSTATS_EXITS_TINY)
		snprintf(buf, len, "%s", ex);
	else
		snprintf(buf, len, form == 0 ? "%s | %s | utilization %.0f%%" : "%s | %s | %.0f%%", fin,
		         ex, 100.0 * st->utilization);
}
