/* netmarks.c - the arrivals of nodedown and noconnection; see netmarks.h. */
#include "netmarks.h"

#include <limits.h>
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

static bool same(struct lrect a, struct lrect b)
{
	return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

/* What t meets: a tag out[0 .. i) or a rectangle of room other than box
** (the boxes room->ob[0 .. nbox) only when `boxes`); NULL when nothing.
** *box_hit: it is one of those boxes. */
static const struct lrect *in_way(struct lrect t, struct lrect box, const struct lrect *out, int i,
                                  const struct netmarks_room *room, bool boxes, bool *box_hit)
{
	*box_hit = false;
	for (int j = 0; j < i; j++)
		if (meets(t, out[j]))
			return &out[j];
	for (int j = room && !boxes ? room->nbox : 0; room && j < room->nob; j++)
		if (meets(t, room->ob[j]) && !same(room->ob[j], box)) {
			*box_hit = j < room->nbox;
			return &room->ob[j];
		}
	return NULL;
}

static bool inside(struct lrect t, const struct netmarks_room *room)
{
	struct lrect b = room ? room->bounds : (struct lrect){ 0, 0, 0, 0 };
	return b.w <= 0 || (t.x >= b.x && t.y >= b.y && t.x + t.w <= b.x + b.w &&
	                    t.y + t.h <= b.y + b.h);
}

/* The first free place of tag t in its row, from t.x rightwards past
** texts and tags up to x = most (never past another box, it would read as
** that box's): false when the row has none inside the bounds. */
static bool free_in_row(struct lrect *t, struct lrect box, const struct lrect *out, int i,
                        const struct netmarks_room *room, int most, bool boxes)
{
	for (int k = 0; k < 256; k++) {
		bool box_hit;
		if (!inside(*t, room) || t->x > most)
			return false;
		const struct lrect *o = in_way(*t, box, out, i, room, boxes, &box_hit);
		if (!o)
			return true;
		if (box_hit)
			return false;
		t->x = o->x + o->w + 2;
	}
	return false;
}

/* Tag i's place, the first free candidate (see netmarks_place); false when none. */
static bool place_one(const struct lrect *box, const int *w, int h, int i,
                      const struct netmarks_room *room, bool boxes, struct lrect *out)
{
	struct lrect b = box[i];
	int right = b.x + b.w - w[i] > b.x ? b.x + b.w - w[i] : b.x;
	struct lrect cand[5] = {
		{ right, b.y + b.h - h / 2, w[i], h },          /* on the bottom edge */
		{ b.x, b.y + b.h - h / 2, w[i], h },
		{ b.x + b.w + 3, b.y + (b.h - h) / 2, w[i], h }, /* beside it */
		{ b.x, b.y + b.h + h / 2 + 1, w[i], h },        /* under it */
		{ b.x, b.y - h - 3, w[i], h },                  /* over it */
	};
	for (int k = b.h < 2 * h ? 2 : 0; k < 5; k++) {
		struct lrect t = cand[k];
		/* beside: along the row; under and over: while it starts over the box's left half */
		int most = k < 2 ? t.x : k == 2 ? INT_MAX : b.x + b.w / 2;
		if (free_in_row(&t, b, out, i, room, most, boxes)) {
			out[i] = t;
			return true;
		}
	}
	out[i] = (struct lrect){ 0, 0, 0, 0 };
	return false;
}

void netmarks_place(const struct lrect *box, const int *w, int h, int n,
                    const struct netmarks_room *room, struct lrect *out)
{
	for (int i = 0; i < n; i++)
		if (!place_one(box, w, h, i, room, true, out))      /* clear of every box */
			place_one(box, w, h, i, room, false, out);  /* else of texts and tags */
}
