/*
** chart_finish.c - the end of a chart's recording (chart.h): the column
** order (names in the order they first appear, each name's incarnations
** side by side, so a restarted line begins beside the old one's end), the
** identity colours (the window's rule: the ordinal of the name, first seen
** first) and the groups of counted processes (NAME_1 .. NAME_N).  With
** config.nodes the columns are grouped by node first (nodes in file order;
** the outside line before them), in that order within each node.
*/
#define _POSIX_C_SOURCE 200809L   /* strndup */
#include "chart.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	uint32_t node;             /* 0 when not grouping by node; the outside line: 0 */
	const char *name;
	size_t len;                /* of the name, or of the prefix (groups) */
	uint32_t pid;
	uint32_t first;            /* the lowest pid of its name */
};

static int by_name(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int d = memcmp(x->name, y->name, n);
	if (d || x->len != y->len)
		return d ? d : x->len < y->len ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

static int by_first(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* The length of NAME in "NAME_N" (N: digits, no leading zero), 0 if the
** name has no such form. */
static size_t count_prefix(const char *name)
{
	size_t n = strlen(name), k = n;
	while (k > 0 && name[k - 1] >= '0' && name[k - 1] <= '9')
		k--;
	if (k == n || k < 2 || name[k - 1] != '_' || name[k] == '0')
		return 0;
	return k - 1;
}

/* Sets every line's `order` and `ident` from e (the recorded lines). */
static void order_lines(struct chart *c, struct entry *e, size_t n)
{
	qsort(e, n, sizeof *e, by_name);
	uint32_t ident = 0;
	for (size_t i = 0; i < n; i++)
		e[i].first = i > 0 && strcmp(e[i].name, e[i - 1].name) == 0 ? e[i - 1].first : e[i].pid;
	qsort(e, n, sizeof *e, by_first);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && e[i].first != e[i - 1].first && e[i - 1].pid != 0)
			ident++;   /* the outside line (pid 0, first) has no colour of its own */
		c->lines[e[i].pid].order = (uint32_t)i;
		c->lines[e[i].pid].ident = ident;
	}
	if (!c->by_node)
		return;
	for (size_t i = 0; i < n; i++)      /* the colours stay; the columns go by node */
		e[i].node = e[i].pid ? c->lines[e[i].pid].node + 1 : 0;
	qsort(e, n, sizeof *e, by_first);
	for (size_t i = 0; i < n; i++)
		c->lines[e[i].pid].order = (uint32_t)i;
}

/* Finds the groups among e (first incarnations named NAME_N). */
static bool find_groups(struct chart *c, struct entry *e, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = c->lines[e[i].pid].incarnation == 1 ? count_prefix(e[i].name) : 0;
		if (k)
			e[m++] = (struct entry){ 0, e[i].name, k, e[i].pid, 0 };
	}
	qsort(e, m, sizeof *e, by_name);
	for (size_t i = 0, j; i < m; i = j) {
		for (j = i + 1; j < m && e[j].len == e[i].len && memcmp(e[j].name, e[i].name, e[i].len) == 0;)
			j++;
		if (j - i < 2)
			continue;
		struct chart_group *g = realloc(c->groups, (c->ngroups + 1) * sizeof *g);
		if (!g)
			return false;
		c->groups = g;
		g = &c->groups[c->ngroups];
		if (!(g->prefix = strndup(e[i].name, e[i].len)))
			return false;
		g->n = (uint32_t)(j - i);
		g->first = e[i].pid;
		c->ngroups++;
		for (size_t k = i; k < j; k++)
			c->lines[e[k].pid].group = (uint32_t)c->ngroups;
	}
	return true;
}

bool chart_finish(struct chart *c, const sim *s)
{
	c->end_tick = sim_now(s);
	struct entry *e = malloc(c->nlines * sizeof *e);
	if (!e)
		return false;
	size_t n = 0;
	c->by_node = sim_node_count(s) > 0;
	for (uint32_t pid = 0; pid < c->nlines; pid++)
		if (c->lines[pid].name)
			e[n++] = (struct entry){ 0, c->lines[pid].name, strlen(c->lines[pid].name), pid, 0 };
	order_lines(c, e, n);
	bool ok = find_groups(c, e, n);
	free(e);
	return ok;
}
