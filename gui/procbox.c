/* procbox.c - how one process looks wherever it is drawn: its identity
** colour, its name (never cut without a way to read it), its mailbox and
** priority badges, its name in the Gantt chart, and the hover label; see
** render.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "theme.h"

/* The cache of identity colours of pane `pane`, valid for one engine and
** one theme; grows (never per frame in steady state) with the pid count. */
static uint32_t *ident_cache(struct render *r, const sim *s, int pane, int theme, uint32_t pid)
{
	struct render_ident *ic = &r->ident[pane];
	if (ic->sim != s || ic->theme != theme) {
		if (ic->col)
			memset(ic->col, 0, ic->n * sizeof *ic->col);
		ic->sim = s;
		ic->theme = theme;
		ic->upto = 0;
	}
	if (pid >= ic->n) {
		size_t n = ic->n ? ic->n : 256;
		while (n <= pid)
			n *= 2;
		uint32_t *col = realloc(ic->col, n * sizeof *col);
		if (!col)
			return NULL;
		memset(col + ic->n, 0, (n - ic->n) * sizeof *col);
		ic->col = col;
		ic->n = n;
	}
	return &ic->col[pid];
}

/* The ordinal of a name in r->names (added as the next one if new). */
static uint32_t name_ord(struct render_names *nt, const char *name)
{
	uint32_t h = 2166136261u;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = h ? h : 1;
	uint32_t i = h & (RENDER_NAMES - 1);
	for (uint32_t k = 0; k < RENDER_NAMES; k++, i = (i + 1) & (RENDER_NAMES - 1)) {
		if (nt->hash[i] == h)
			return nt->ord[i];
		if (nt->hash[i] == 0) {
			if (nt->n >= RENDER_NAMES * 3 / 4)
				break;            /* full: colours by hash from here on */
			nt->hash[i] = h;
			nt->ord[i] = nt->n++;
			return nt->ord[i];
		}
	}
	return h;
}

uint32_t render_ident_color(struct render *r, const struct render_view *v, int pane, uint32_t pid)
{
	const struct theme *th = theme_get(v->theme);
	const sim *s = v->ses[pane]->sim;
	if (r->names.owner != v->ses[0]->sim) {      /* a new run: number names again */
		memset(&r->names, 0, sizeof r->names);
		r->names.owner = v->ses[0]->sim;
		for (int p = 0; p < LAYOUT_MAX_PANES; p++)
			r->ident[p].sim = NULL;
	}
	uint32_t *slot = ident_cache(r, s, pane, v->theme, pid);
	if (slot && *slot)
		return *slot;
	struct render_ident *ic = &r->ident[pane];
	struct sim_proc_view pv;
	/* number the names of every pid up to this one, in pid order */
	for (; ic->upto <= pid && slot; ic->upto++) {
		uint32_t *c = ident_cache(r, s, pane, v->theme, ic->upto);
		if (c && ic->upto && sim_proc_view(s, ic->upto, &pv))
			*c = theme_ident(th, name_ord(&r->names, pv.name));
	}
	slot = ident_cache(r, s, pane, v->theme, pid);
	if (slot && *slot)
		return *slot;
	return theme_ident(th, sim_proc_view(s, pid, &pv) ? name_ord(&r->names, pv.name) : pid);
}

void render_ident_free(struct render *r)
{
	for (int p = 0; p < LAYOUT_MAX_PANES; p++)
		free(r->ident[p].col);
}

/* A badge: `s` in white on black, its right edge at x1, top at y.
** Returns its width (0 when it does not fit in maxw). */
static int badge(struct render *r, struct draw_canvas *c, int x1, int y, int maxw, const char *s)
{
	int h = text_height(r->text, TEXT_SMALL), w = text_width(r->text, TEXT_SMALL, s) + 8;
	if (w > maxw)
		return 0;
	draw_fill(c, x1 - w, y, w, h, DRAW_BLACK);
	text_draw(r->text, c, TEXT_SMALL, x1 - w + 4, y, DRAW_TEXT, s, 0);
	return w;
}

static const char *prio_badge(enum sim_priority p)
{
	return p == SIM_PRIO_MAX ? "max" : p == SIM_PRIO_HIGH ? "high" : p == SIM_PRIO_LOW ? "low" : NULL;
}

/* The mailbox badge's text in mail (empty when there is none); returns
** the pixels both badges need side by side (0: none). */
static int badges_text(struct render *r, const struct sim_proc_view *pv, bool always_mail,
                       char mail[32])
{
	const char *pb = prio_badge(pv->priority);
	mail[0] = '\0';
	if (pv->state != SIM_PROC_EXITED && (pv->mailbox || always_mail))
		snprintf(mail, 32, "\xe2\x9c\x89%zu", pv->mailbox);     /* U+2709 envelope */
	return (mail[0] ? text_width(r->text, TEXT_SMALL, mail) + 10 : 0) +
	       (pb ? text_width(r->text, TEXT_SMALL, pb) + 10 : 0);
}

int render_badges_need(struct render *r, const struct sim_proc_view *pv, bool always_mail)
{
	char mail[32];
	return badges_text(r, pv, always_mail, mail);
}

int render_box_badges(struct render *r, struct draw_canvas *c, struct lrect b,
                      const struct sim_proc_view *pv, bool always_mail, int top_room,
                      int *bottom_h)
{
	*bottom_h = 0;
	char mail[32];
	const char *pb = prio_badge(pv->priority);
	if (pb)                             /* priority: a frame, and a badge where it fits */
		draw_frame(c, b.x, b.y, b.w, b.h, 3, DRAW_BLACK);
	int h = text_height(r->text, TEXT_SMALL), need = badges_text(r, pv, always_mail, mail);
	if (!need)
		return 0;
	/* beside the name at the top; else at the bottom of a box of two lines
	** or more; else none: a badge never covers the name (the hover label
	** and the inspector give the mailbox and the priority) */
	bool top = need <= top_room;
	if (!top && b.h < 2 * h + 4)
		return 0;
	int x1 = b.x + b.w - 3, y = top ? b.y + 3 : b.y + b.h - h - 3;
	int w = mail[0] ? badge(r, c, x1, y, b.w - 6, mail) : 0;
	x1 -= w ? w + 2 : 0;
	int w2 = pb ? badge(r, c, x1, y, x1 - b.x - 3, pb) : 0;
	if (!top)
		*bottom_h = h + 3;
	return top ? w + (w2 ? w2 + 2 : 0) : 0;
}

int render_name_lines(struct render *r, enum text_font f, int w, int room_h, const char *name)
{
	return text_width(r->text, f, name) > w && room_h >= 2 * text_height(r->text, f) ? 2 : 1;
}

/* Where a two-line name breaks: after its last '_' or '-' whose first part
** fits in w (so "req_10" reads "req_" / "10", never "req_1" / "0"); 0 when
** there is none or the name is too long for buf. */
static size_t name_break(struct text *t, enum text_font f, int w, const char *name, char *buf,
                         size_t cap)
{
	size_t n = strlen(name), at = 0;
	if (n >= cap)
		return 0;
	for (size_t i = 1; i + 1 < n; i++) {
		if (name[i] != '_' && name[i] != '-')
			continue;
		memcpy(buf, name, i + 1);
		buf[i + 1] = '\0';
		if (text_width(t, f, buf) <= w && text_width(t, f, name + i + 1) <= w)
			at = i + 1;
	}
	return at;
}

void render_box_name(struct render *r, struct draw_canvas *c, int lines, int x, int y, int w,
                     enum text_font f, uint32_t color, const char *name)
{
	char buf[128];
	size_t at = lines < 2 ? 0 : name_break(r->text, f, w, name, buf, sizeof buf);
	if (lines < 2) {
		text_draw(r->text, c, f, x, y, color, name, w);
	} else if (at) {                    /* at a separator */
		memcpy(buf, name, at);
		buf[at] = '\0';
		text_draw(r->text, c, f, x, y, color, buf, w);
		text_draw(r->text, c, f, x, y + text_height(r->text, f), color, name + at, w);
	} else {
		text_wrap(r->text, c, f, x, y, w, 2, color, name);     /* long: on two lines */
	}
}

void render_gantt_label(struct render *r, struct draw_canvas *c, const struct render_view *v,
                        int pane, uint32_t pid, int x0, int x1, struct lrect row, uint32_t col)
{
	struct text *t = r->text;
	int h = text_height(t, TEXT_SMALL);
	if (x1 - x0 < 24 || row.h < h - 4)
		return;
	struct sim_proc_view pv;
	if (!sim_proc_view(v->ses[pane]->sim, pid, &pv) || text_width(t, TEXT_SMALL, pv.name) > x1 - x0 - 6)
		return;
	text_draw(t, c, TEXT_SMALL, x0 + 3, row.y + (row.h - h) / 2, draw_text_on(col), pv.name, 0);
}

/* The label under the mouse: the full name, pid, state and mailbox of the
** process there (a name cut in its box is read here and in the inspector). */
void render_hover(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	int pane;
	uint32_t pid = v->hover_x >= 0 ? render_hit_test(r, v->hover_x, v->hover_y, &pane) : 0;
	struct sim_proc_view pv;
	if (!pid || !sim_proc_view(v->ses[pane]->sim, pid, &pv))
		return;
	char buf[256];
	snprintf(buf, sizeof buf, "%s  <0.%u.0>  %s  mailbox %zu%s%s", pv.name, pv.pid,
	         sim_proc_state_name(pv.state), pv.mailbox, prio_badge(pv.priority) ? "  priority " : "",
	         prio_badge(pv.priority) ? prio_badge(pv.priority) : "");
	struct text *t = r->text;
	int w = text_width(t, TEXT_MID, buf) + 16, h = text_height(t, TEXT_MID) + 8;
	if (w > c->w)
		w = c->w;
	int x = v->hover_x + 16, y = v->hover_y + 20;
	if (x + w > c->w)
		x = c->w - w;
	if (y + h > c->h)
		y = v->hover_y - h - 4;
	uint32_t col = render_ident_color(r, v, pane, pid);
	draw_fill(c, x, y, w, h, DRAW_PANEL2);
	draw_frame(c, x, y, w, h, 2, col);
	text_draw(t, c, TEXT_MID, x + 8, y + 4, DRAW_TEXT, buf, w - 16);
}
