/*
** chart.c - the sequence chart's model, recorded from a run's events
** (chart.h).  Lines are indexed by pid (pids are handed out 1, 2, 3 ...;
** line 0 is the outside); arrows are found again by message id through a
** small open-addressing table, for the delivery and receive events.
*/
#define _POSIX_C_SOURCE 200809L   /* strdup */
#include "chart.h"

#include <stdlib.h>
#include <string.h>

#define OUTSIDE_NAME "(outside)"

struct chart *chart_create(uint64_t from, uint64_t to)
{
	struct chart *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->from = from;
	c->to = to;
	c->lines = calloc(16, sizeof *c->lines);
	if (!c->lines || !(c->lines[0].name = strdup(OUTSIDE_NAME))) {
		chart_destroy(c);
		return NULL;
	}
	c->caplines = 16;
	c->nlines = 1;
	c->lines[0].exit_tick = CHART_NONE;
	c->lines[0].incarnation = 1;
	return c;
}

void chart_destroy(struct chart *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nlines; i++) {
		free(c->lines[i].name);
		free(c->lines[i].reason);
	}
	for (size_t i = 0; i < c->narrows; i++)
		free(c->arrows[i].label);
	for (size_t i = 0; i < c->ngroups; i++)
		free(c->groups[i].prefix);
	free(c->lines);
	free(c->arrows);
	free(c->groups);
	free(c->msg_keys);
	free(c->msg_vals);
	free(c);
}

enum chart_end chart_end_of(const char *reason)
{
	if (!reason)
		return CHART_ALIVE;
	if (strcmp(reason, "normal") == 0)
		return CHART_NORMAL;
	return strcmp(reason, "shutdown") == 0 ? CHART_SHUTDOWN : CHART_CRASH;
}

const struct chart_line *chart_line_of(const struct chart *c, uint32_t pid)
{
	return pid < c->nlines && c->lines[pid].name ? &c->lines[pid] : NULL;
}

/* {=== message ids ===} */

static size_t slot_of(const struct chart *c, uint64_t key)
{
	size_t i = (size_t)(key * 0x9e3779b97f4a7c15ull) & (c->msg_cap - 1);
	while (c->msg_keys[i] && c->msg_keys[i] != key)
		i = (i + 1) & (c->msg_cap - 1);
	return i;
}

static bool msg_grow(struct chart *c)
{
	size_t cap = c->msg_cap ? c->msg_cap * 2 : 256;
	struct chart old = *c;
	c->msg_keys = calloc(cap, sizeof *c->msg_keys);
	c->msg_vals = calloc(cap, sizeof *c->msg_vals);
	if (!c->msg_keys || !c->msg_vals) {
		free(c->msg_keys);
		free(c->msg_vals);
		c->msg_keys = old.msg_keys;
		c->msg_vals = old.msg_vals;
		return false;
	}
	c->msg_cap = cap;
	for (size_t i = 0; i < old.msg_cap; i++) {
		if (old.msg_keys[i]) {
			size_t j = slot_of(c, old.msg_keys[i]);
			c->msg_keys[j] = old.msg_keys[i];
			c->msg_vals[j] = old.msg_vals[i];
		}
	}
	free(old.msg_keys);
	free(old.msg_vals);
	return true;
}

/* The arrow of message id, NULL if it was not recorded. */
static struct chart_arrow *msg_find(struct chart *c, uint64_t id)
{
	if (!c->msg_cap)
		return NULL;
	size_t i = slot_of(c, id + 1);
	return c->msg_keys[i] ? &c->arrows[c->msg_vals[i]] : NULL;
}

static bool msg_put(struct chart *c, uint64_t id, uint32_t arrow)
{
	if ((c->msg_n + 1) * 2 > c->msg_cap && !msg_grow(c))
		return false;
	size_t i = slot_of(c, id + 1);
	c->msg_n += !c->msg_keys[i];
	c->msg_keys[i] = id + 1;
	c->msg_vals[i] = arrow;
	return true;
}

/* {=== recording ===} */

/* Stops recording: a limit was reached at `tick`. */
static void truncate_at(struct chart *c, uint64_t tick)
{
	if (!c->truncated)
		c->truncated_at = tick;
	c->truncated = true;
}

/* Copies s, cut at CHART_LABEL_MAX bytes (on a UTF-8 boundary) with "...". */
static char *short_copy(const char *s)
{
	size_t n = strlen(s);
	if (n <= CHART_LABEL_MAX)
		return strdup(s);
	size_t k = CHART_LABEL_MAX - 3;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	char *r = malloc(k + 4);
	if (r) {
		memcpy(r, s, k);
		memcpy(r + k, "...", 4);
	}
	return r;
}

/* Appends an arrow (label copied and shortened); NULL on ENOMEM or at the limit. */
static struct chart_arrow *add_arrow(struct chart *c, enum chart_kind kind, uint32_t from,
                                     uint32_t to, uint64_t t0, const char *label)
{
	if (c->narrows >= CHART_MAX_ARROWS) {
		truncate_at(c, t0);
		return NULL;
	}
	if (c->narrows == c->caparrows) {
		size_t cap = c->caparrows ? c->caparrows * 2 : 64;
		struct chart_arrow *a = realloc(c->arrows, cap * sizeof *a);
		if (!a)
			return NULL;
		c->arrows = a;
		c->caparrows = cap;
	}
	char *lab = short_copy(label);
	if (!lab)
		return NULL;
	struct chart_arrow *a = &c->arrows[c->narrows++];
	*a = (struct chart_arrow){ .kind = kind, .from = from, .to = to, .t0 = t0, .t1 = t0,
	                           .recv_tick = CHART_NONE, .label = lab };
	c->outside_used |= from == 0 || to == 0;
	return a;
}

/* The line of a new pid (lines grow to cover it); NULL at the limit or ENOMEM. */
static struct chart_line *add_line(struct chart *c, const sim *s, uint32_t pid, uint64_t tick)
{
	struct sim_proc_view v;
	if (pid >= CHART_MAX_LINES) {
		truncate_at(c, tick);
		return NULL;
	}
	if (pid >= c->caplines) {
		size_t cap = c->caplines;
		while (cap <= pid)
			cap *= 2;
		struct chart_line *l = realloc(c->lines, cap * sizeof *l);
		if (!l)
			return NULL;
		memset(l + c->caplines, 0, (cap - c->caplines) * sizeof *l);
		c->lines = l;
		c->caplines = cap;
	}
	struct chart_line *l = &c->lines[pid];
	if (!sim_proc_view(s, pid, &v) || !(l->name = strdup(v.name ? v.name : "?")))
		return NULL;
	l->pid = pid;
	l->incarnation = v.incarnation;
	l->node = v.loc.node;
	l->spawn_tick = tick;
	l->exit_tick = CHART_NONE;
	if (pid >= c->nlines)
		c->nlines = pid + 1;
	return l;
}

static bool in_range(const struct chart *c, uint64_t tick)
{
	return tick >= c->from && tick <= c->to;
}

/* A message event: SEND makes the arrow; DELIVER, DROP and RECEIVE end it.
** A DOWN message (no SEND: the engine makes it) becomes a DOWN arrow from
** the process that exited. */
static bool on_message(struct chart *c, const struct sim_event *e)
{
	char buf[256];
	struct chart_arrow *a = msg_find(c, e->msg_id);
	if (e->type == SIM_EV_SEND || (!a && e->type == SIM_EV_DELIVER && e->tag &&
	                               strcmp(e->tag, "DOWN") == 0)) {
		bool down = e->type == SIM_EV_DELIVER;
		uint32_t from = down ? e->other : e->pid, to = down ? e->pid : e->other;
		const struct chart_line *src = chart_line_of(c, from);
		uint64_t t0 = down && src && src->exit_tick <= e->tick ? src->exit_tick : e->tick;
		if (!in_range(c, t0))
			return true;
		if (down)
			snprintf(buf, sizeof buf, "DOWN %s", e->reason ? e->reason : "");
		else
			sim_event_message(e, buf, sizeof buf);
		a = add_arrow(c, down ? CHART_DOWN : CHART_MSG, from, to, t0, buf);
		if (!a)
			return c->truncated;
		a->msg_id = e->msg_id;
		a->t1 = down ? e->tick : CHART_NONE;
		a->end = down ? chart_end_of(e->reason) : CHART_ALIVE;
		return msg_put(c, e->msg_id, (uint32_t)(a - c->arrows));
	}
	if (!a)
		return true;
	if (e->type == SIM_EV_RECEIVE)
		a->recv_tick = e->tick;
	else if (a->t1 == CHART_NONE)
		a->t1 = e->tick;
	a->dropped |= e->type == SIM_EV_DROP;
	return true;
}

/* An exit signal from `other` reached pid: drawn from the sender's exit
** (signals of a dying process leave at its exit), else from the tick
** before (exit/2 by a live process, delivered at the next boundary). */
static bool on_signal(struct chart *c, const struct sim_event *e)
{
	const struct chart_line *src = chart_line_of(c, e->other);
	uint64_t t0 = src && src->exit_tick <= e->tick ? src->exit_tick
	              : e->tick > 0 ? e->tick - 1 : 0;
	if (src && t0 < src->spawn_tick)
		t0 = src->spawn_tick;
	if (!in_range(c, t0))
		return true;
	char buf[96];
	snprintf(buf, sizeof buf, "EXIT %s%s", e->reason ? e->reason : "",
	         e->why == SIM_SIG_TRAPPED ? " (trapped)" : e->why == SIM_SIG_IGNORED ? " (ignored)" : "");
	struct chart_arrow *a = add_arrow(c, CHART_SIGNAL, e->other, e->pid, t0, buf);
	if (!a)
		return c->truncated;
	a->t1 = e->tick;
	a->end = chart_end_of(e->reason);
	return true;
}

/* A restart: the spawn arrow just recorded for the new pid becomes the
** restart arrow (one arrow, not two). */
static bool on_restart(struct chart *c, const struct sim_event *e)
{
	for (size_t i = c->narrows, k = 0; i > 0 && k < 64; i--, k++) {
		struct chart_arrow *a = &c->arrows[i - 1];
		if (a->kind == CHART_SPAWN && a->to == e->other) {
			char *lab = strdup("restart");
			if (!lab)
				return false;
			free(a->label);
			a->label = lab;
			a->kind = CHART_RESTART;
			return true;
		}
	}
	if (!in_range(c, e->tick))
		return true;
	return add_arrow(c, CHART_RESTART, e->pid, e->other, e->tick, "restart") || c->truncated;
}

static bool on_exit(struct chart *c, const struct sim_event *e)
{
	if (e->pid >= c->nlines || !c->lines[e->pid].name || c->lines[e->pid].reason)
		return true;
	struct chart_line *l = &c->lines[e->pid];
	l->exit_tick = e->tick;
	l->end = e->reason ? chart_end_of(e->reason) : CHART_HALTED;   /* gone with its node */
	return (l->reason = strdup(e->reason ? e->reason : "halted")) != NULL;
}

static bool record_one(struct chart *c, const sim *s, const struct sim_event *e)
{
	switch (e->type) {
	case SIM_EV_SPAWN:
		if (!add_line(c, s, e->pid, e->tick))
			return c->truncated;
		if (e->other && in_range(c, e->tick))
			return add_arrow(c, CHART_SPAWN, e->other, e->pid, e->tick, "spawn") || c->truncated;
		return true;
	case SIM_EV_SEND: case SIM_EV_DELIVER: case SIM_EV_DROP: case SIM_EV_RECEIVE:
		return on_message(c, e);
	case SIM_EV_SIGNAL:
		return on_signal(c, e);
	case SIM_EV_EXIT:
		return on_exit(c, e);
	case SIM_EV_RESTART:
		return on_restart(c, e);
	case SIM_EV_LINK: case SIM_EV_MONITOR:
		if (!in_range(c, e->tick))
			return true;
		return add_arrow(c, e->type == SIM_EV_LINK ? CHART_LINK : CHART_MONITOR, e->pid, e->other,
		                 e->tick, e->type == SIM_EV_LINK ? "link" : "monitor") || c->truncated;
	default:
		return true;
	}
}

bool chart_record(struct chart *c, const sim *s, const struct sim_event *ev, size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		ok &= record_one(c, s, &ev[i]);
	c->oom |= !ok;
	return ok;
}
