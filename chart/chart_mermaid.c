/*
** chart_mermaid.c - a sequence chart layout as a Mermaid sequenceDiagram
** (chart.h), for Markdown slides and docs: one participant per shown
** column (P<pid> as "name"), `->>` for messages, `-)` for DOWN messages,
** `--x` for exit signals, `-->>` for spawns and restarts, notes for links,
** monitors, crashes, exits, restarts and compressed stretches.  Events
** come in tick order (arrows in the order they were sent, ends at their
** exit tick).
*/
#include "chart.h"

#include <stdlib.h>
#include <string.h>

/* s for a Mermaid label: the characters Mermaid reads as syntax (# starts
** an entity, ; ends a statement, %% a comment, <, > and & are HTML) as its
** #NN; entity codes. */
static void put_label(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (strchr("#;<>%&", ch) && ch)
			fprintf(f, "#%u;", ch);
		else
			fputc(ch < 0x20 || ch == 0x7f ? '?' : ch, f);
	}
}

/* The participant of pid: the first line of its column (a collapsed
** group is one participant). */
static uint32_t who(const struct chart_layout *l, uint32_t pid)
{
	return l->c->lines[l->cols[chart_layout_col(l, pid)].line].pid;
}

static void put_participants(FILE *f, const struct chart_layout *l)
{
	for (size_t k = 0; k < l->ncols; k++) {
		const struct chart_col *col = &l->cols[k];
		const struct chart_line *ln = &l->c->lines[col->line];
		fprintf(f, "    participant P%u as ", ln->pid);
		if (col->group) {
			const struct chart_group *g = &l->c->groups[col->group - 1];
			put_label(f, g->prefix);
			fprintf(f, "_1..%u (%u)\n", g->n, g->n);
			continue;
		}
		put_label(f, ln->name);
		if (ln->incarnation > 1)
			fprintf(f, " (incarnation %u)", ln->incarnation);
		fputc('\n', f);
	}
}

static void put_arrow(FILE *f, const struct chart_layout *l, const struct chart_arrow *a)
{
	static const char *const ops[CHART_KIND_COUNT] = { "->>", "-)", "--x", "-->>", "-->>", "", "" };
	uint32_t p = who(l, a->from), q = who(l, a->to);
	if (a->kind == CHART_LINK || a->kind == CHART_MONITOR) {
		fprintf(f, "    Note over P%u,P%u: %s (tick %llu)\n", p, q,
		        a->kind == CHART_LINK ? "link" : "monitor", (unsigned long long)a->t0);
		return;
	}
	fprintf(f, "    P%u%sP%u: ", p, ops[a->kind], q);
	put_label(f, a->label);
	fprintf(f, " (tick %llu", (unsigned long long)a->t0);
	if (a->t1 != CHART_NONE && a->t1 != a->t0)
		fprintf(f, "-%llu", (unsigned long long)a->t1);
	fputs(a->dropped ? ", dropped)\n" : ")\n", f);
	const struct chart_line *ln = &l->c->lines[a->to];
	if (a->kind == CHART_RESTART) {
		fprintf(f, "    Note over P%u: restart of ", q);
		put_label(f, ln->name);
		fprintf(f, " (incarnation %u)\n", ln->incarnation);
	}
}

/* The end of a line shown in the range: a note over it. */
static void put_end(FILE *f, const struct chart_layout *l, const struct chart_line *ln)
{
	if (ln->end == CHART_HALTED) {    /* no exit reason: gone with its node */
		fprintf(f, "    Note over P%u: halted, gone with its node (tick %llu)\n", who(l, ln->pid),
		        (unsigned long long)ln->exit_tick);
		return;
	}
	fprintf(f, "    Note over P%u: %s ", who(l, ln->pid), ln->end == CHART_CRASH ? "crash" : "exit");
	put_label(f, ln->reason);
	fprintf(f, " (tick %llu)\n", (unsigned long long)ln->exit_tick);
}

/* Writes the ends of lines before `tick` (and the end of `sender` at it:
** a crash comes before its exit signals) and the gaps that end by `tick`,
** advancing *e and *g; ends[] is ordered by exit tick. */
static void put_until(FILE *f, const struct chart_layout *l, const uint32_t *ends, size_t nends,
                      size_t *e, size_t *g, uint64_t tick, uint32_t sender)
{
	char n[32];
	for (;;) {
		const struct chart_line *ln = *e < nends ? &l->c->lines[ends[*e]] : NULL;
		const struct chart_gap *gp = *g < l->ngaps ? &l->gaps[*g] : NULL;
		bool due = ln && (ln->exit_tick < tick || (ln->exit_tick == tick && ln->pid == sender));
		if (due && (!gp || ln->exit_tick <= gp->from)) {
			put_end(f, l, ln);
			++*e;
		} else if (gp && gp->to <= tick && l->ncols) {
			fprintf(f, "    Note over P%u,P%u: \xe2\x8b\xaf %s ticks\n",
			        l->c->lines[l->cols[0].line].pid, l->c->lines[l->cols[l->ncols - 1].line].pid,
			        chart_thousands(gp->to - gp->from, n, sizeof n));
			++*g;
		} else {
			return;
		}
	}
}

struct end {
	uint64_t tick;
	uint32_t pid;
};

static int by_exit(const void *a, const void *b)
{
	const struct end *x = a, *y = b;
	if (x->tick != y->tick)
		return x->tick < y->tick ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* The shown lines that end in the range (not within a collapsed group),
** by exit tick. */
static size_t list_ends(const struct chart_layout *l, uint32_t *ends, struct end *tmp)
{
	size_t n = 0;
	for (uint32_t p = 0; p < l->c->nlines; p++) {
		int k = chart_layout_col(l, p);
		const struct chart_line *ln = &l->c->lines[p];
		if (k >= 0 && !l->cols[k].group && ln->reason && ln->exit_tick <= l->o.to)
			tmp[n++] = (struct end){ ln->exit_tick, p };
	}
	qsort(tmp, n, sizeof *tmp, by_exit);
	for (size_t i = 0; i < n; i++)
		ends[i] = tmp[i].pid;
	return n;
}

enum sim_status chart_mermaid_write(const struct chart_layout *l, const char *title, FILE *f)
{
	uint32_t *ends = malloc((l->c->nlines + 1) * sizeof *ends);
	struct end *tmp = malloc((l->c->nlines + 1) * sizeof *tmp);
	if (!ends || !tmp) {
		free(ends);
		free(tmp);
		return SIM_ENOMEM;
	}
	size_t nends = list_ends(l, ends, tmp), e = 0, g = 0;
	free(tmp);
	fputs("sequenceDiagram\n    title ", f);
	put_label(f, title ? title : "");
	fprintf(f, " (ticks %llu to %llu)\n", (unsigned long long)l->o.from, (unsigned long long)l->o.to);
	put_participants(f, l);
	for (size_t i = 0; i < l->narrows; i++) {
		const struct chart_arrow *a = &l->c->arrows[l->arrows[i]];
		put_until(f, l, ends, nends, &e, &g, a->t0, a->from);
		put_arrow(f, l, a);
	}
	put_until(f, l, ends, nends, &e, &g, UINT64_MAX, 0);
	free(ends);
	return ferror(f) ? SIM_EWRITE : SIM_OK;
}
