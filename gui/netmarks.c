/* netmarks.c - the arrivals of nodedown and noconnection; see netmarks.h. */
#include "netmarks.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void netmarks_clear(struct netmarks *m)
{
	m->n = 0;
}

static void add(struct netmarks *m, uint32_t pid, uint64_t tick, const char *text)
{
	for (size_t i = m->n; i > 0 && m->v[i - 1].tick == tick; i--)
		if (m->v[i - 1].pid == pid && !strcmp(m->v[i - 1].text, text))
			return;                       /* seen already (a recording replay) */
	if (m->n == NETMARKS_MAX) {               /* drop the older half */
		memmove(m->v, m->v + NETMARKS_MAX / 2, (NETMARKS_MAX / 2) * sizeof *m->v);
		m->n = NETMARKS_MAX / 2;
	}
	struct netmark *k = &m->v[m->n++];
	k->pid = pid;
	k->tick = tick;
	snprintf(k->text, sizeof k->text, "%s", text);
}

/* The mark text of event e, or NULL when it is not news of a broken connection. */
static const char *mark_text(const struct sim_event *e, char *buf, size_t size)
{
	bool nocon = e->reason && !strcmp(e->reason, "noconnection");
	if (e->type == SIM_EV_SIGNAL && nocon && e->why == SIM_SIG_KILLED)
		return "killed: noconnection";
	if (e->type != SIM_EV_DELIVER)
		return NULL;
	if (e->tag && nocon)
		return !strcmp(e->tag, "DOWN") ? "DOWN noconnection" : "EXIT noconnection";
	char msg[64];
	sim_event_message(e, msg, sizeof msg);
	char node[24];
	if (sscanf(msg, "[\"nodedown\",\"%23[^\"]\"]", node) != 1)
		return NULL;
	snprintf(buf, size, "nodedown %s", node);
	return buf;
}

void netmarks_scan(struct netmarks *m, const sim *s, const struct sim_event *ev, size_t n)
{
	if (sim_node_count(s) == 0)
		return;
	char buf[40];
	for (size_t i = 0; i < n; i++) {
		const char *t = mark_text(&ev[i], buf, sizeof buf);
		if (t)
			add(m, ev[i].pid, ev[i].tick, t);
	}
}

void netmarks_rewind(struct netmarks *m, uint64_t now)
{
	while (m->n > 0 && m->v[m->n - 1].tick > now)
		m->n--;
}

const struct netmark *netmarks_at(const struct netmarks *m, uint32_t pid, uint64_t now)
{
	for (size_t i = m->n; i > 0; i--) {
		const struct netmark *k = &m->v[i - 1];
		if (k->tick + NETMARK_TICKS < now)
			break;
		if (k->pid == pid && k->tick <= now)
			return k;
	}
	return NULL;
}

static bool meets(struct lrect a, struct lrect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Candidate k (0 ..) of a w x h tag on box b; false past the last. */
static bool candidate(struct lrect b, int w, int h, int k, struct lrect *t)
{
	int right = b.x + b.w - w > b.x ? b.x + b.w - w : b.x;
	*t = (struct lrect){ right, b.y + b.h - h / 2, w, h };
	if (b.h < 2 * h && k < 2)         /* a low box: its name would be under the tag */
		k = 2;
	if (k == 1)
		t->x = b.x;
	else if (k >= 2 && k < 10)
		*t = (struct lrect){ b.x, b.y + b.h + h / 2 + 1 + (k - 2) * (h + 1), w, h };
	else if (k == 10)
		t->y = b.y - h / 2;
	return k < 10;
}

void netmarks_place(const struct lrect *box, const int *w, int h, int n, struct lrect *out)
{
	for (int i = 0; i < n; i++) {
		struct lrect t;
		for (int k = 0; candidate(box[i], w[i], h, k, &t); k++) {
			bool free = true;
			for (int j = 0; j < i && free; j++)
				free = !meets(t, out[j]);
			if (free)
				break;
		}
		out[i] = t;
	}
}
