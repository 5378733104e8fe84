/*
** quizview_draw.c - the open question as a card over the frame, the place it
** is about highlighted once revealed, and the self-test score; see quizview.h.
**
** The card is as wide as 3/5 of the frame (more when the scale makes the
** text big), in the half of the frame away from what is highlighted, so
** the class sees both.  Choices are numbered 1..9 (their keys).  Text
** sizes follow the presenter scale (the layout's fonts).
*/
#include "quizview.h"

#include <stdio.h>
#include <string.h>

#include "render.h"

#define QUIZVIEW_MAX_MARKS 48        /* highlighted places per frame */

/* {=== the place a question is about ===} */

/* Whether the process drawn as pid in pane p has one of the names[0..n). */
static bool named(const struct render_view *v, int p, uint32_t pid, const char *const *names,
                  size_t n)
{
	struct sim_proc_view pv;
	if (!sim_proc_view(v->ses[p]->sim, pid, &pv))
		return false;
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(pv.name, names[i]) == 0)
			return true;
	return false;
}

/* The boxes, chips and sequence lines of pane p's processes named
** names[0..n), appended to out[*k..max). */
static void mark_procs(const struct render *r, const struct render_view *v, int p,
                       const char *const *names, size_t n, struct lrect *out, int *k, int max)
{
	for (int i = 0; i < r->nhits && *k < max; i++)
		if (r->hits[i].pane == p && named(v, p, r->hits[i].pid, names, n))
			out[(*k)++] = r->hits[i].at;
	const struct seqview *sv = &r->seq[p];
	for (int i = 0; sv->area.w > 0 && i < sv->nhits && *k < max; i++)
		if (sv->hits[i].kind == SEQ_HIT_LINE && named(v, p, sv->hits[i].id, names, n))
			out[(*k)++] = sv->hits[i].r;
}

/* What question qu is about in pane p (answer an there): its process,
** processes, scheduler lane or status line.  Returns the count. */
static int marks(const struct render *r, const struct render_view *v, int p,
                 const struct sim_question *qu, const struct sim_answer *an, struct lrect *out,
                 int max)
{
	int k = 0;
	const struct layout_pane *lp = &r->lay.pane[p];
	switch (qu->kind) {
	case SIM_Q_EXIT_REASON: case SIM_Q_EXIT_TICK: case SIM_Q_RESTARTS: case SIM_Q_RECEIVE_ORDER:
		mark_procs(r, v, p, &qu->of, 1, out, &k, max);
		break;
	case SIM_Q_ALIVE_AT_END:
		mark_procs(r, v, p, qu->among, qu->namong, out, &k, max);
		break;
	case SIM_Q_FIRST_TO_FINISH:
		mark_procs(r, v, p, &an->text, 1, out, &k, max);
		break;
	case SIM_Q_RUNS_NEXT:
		if (v->mode != RENDER_SEQUENCE && qu->scheduler >= 1 &&
		    (int)qu->scheduler <= lp->nlanes && k < max)
			out[k++] = lp->lane[qu->scheduler - 1].row;
		mark_procs(r, v, p, &an->text, 1, out, &k, max);
		break;
	case SIM_Q_FINISH_TICK:
		if (k < max)
			out[k++] = lp->status;
		break;
	default:
		break;
	}
	return k;
}

/* Draws the revealed question's places; their middle's y (-1: none). */
static int draw_marks(struct render *r, struct draw_canvas *c, const struct render_view *v,
                      const struct sim_question *qu)
{
	struct lrect m[QUIZVIEW_MAX_MARKS];
	long sum = 0;
	int total = 0;
	for (int p = 0; p < v->npanes; p++) {
		struct sim_answer an;
		if (!quizview_answer(v->quiz, p, &an))
			continue;
		int n = marks(r, v, p, qu, &an, m, QUIZVIEW_MAX_MARKS);
		for (int i = 0; i < n; i++) {
			int t = 3 + r->lay.pad / 4;
			draw_frame(c, m[i].x - t - 2, m[i].y - t - 2, m[i].w + 2 * t + 4, m[i].h + 2 * t + 4,
			           t, DRAW_YELLOW);
			sum += m[i].y + m[i].h / 2;
		}
		total += n;
	}
	return total ? (int)(sum / total) : -1;
}

/* {=== the card ===} */

/* Lines text_wrap gives s in width w, at most max (an estimate from the
** width: a line break between words may take one more). */
static int wrap_lines(struct text *t, enum text_font f, const char *s, int w, int max)
{
	if (!s || !*s || w <= 0)
		return 0;
	int n = text_width(t, f, s) * 10 / (w * 8) + 1;
	return n < max ? n : max;
}

/* The pick judged in every pane asking it: 1 right in all, 0 wrong in
** all, 2 mixed, -1 not judged (no pick, or no answer among the choices). */
static int verdict(const struct render_view *v, int pick)
{
	int right = 0, wrong = 0;
	for (int p = 0; p < v->npanes; p++) {
		struct sim_answer an;
		if (pick < 0 || !quizview_answer(v->quiz, p, &an) || an.choice < 0)
			continue;
		right += an.choice == pick;
		wrong += an.choice != pick;
	}
	return right + wrong == 0 ? -1 : wrong == 0 ? 1 : right == 0 ? 0 : 2;
}

/* The pane labels whose engine answers choice k ("" in one pane). */
static void answered_by(const struct render_view *v, int k, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int p = 0; p < v->npanes && v->npanes > 1; p++) {
		struct sim_answer an;
		if (quizview_answer(v->quiz, p, &an) && an.choice == k) {
			size_t u = strlen(buf);
			snprintf(buf + u, len - u, "%s%s", u ? ", " : "<- ", v->pane_label[p]);
		}
	}
}

/* Choice k's row at y, w wide from x: its key, its text, coloured by the
** pick and, once judged or shown, by the answer. */
static void choice_row(struct render *r, struct draw_canvas *c, const struct render_view *v,
                       const struct sim_question *qu, int k, int x, int y, int w)
{
	struct text *t = r->text;
	const struct quizview_item *it = &v->quiz->item[v->quiz->open];
	int h = text_height(t, TEXT_MID_BOLD) + r->lay.pad / 2;
	bool picked = it->pick == k, shown = it->reveal == QUIZVIEW_SHOWN;
	int vd = verdict(v, k);
	uint32_t fill = DRAW_PANEL2, ink = DRAW_TEXT;
	if (shown && vd >= 1)
		fill = DRAW_GREEN, ink = DRAW_BLACK;
	else if (picked && it->reveal != QUIZVIEW_HIDDEN)
		fill = vd == 1 ? DRAW_GREEN : vd == 2 ? DRAW_ORANGE : DRAW_VERMILLION, ink = DRAW_BLACK;
	else if (picked)
		fill = DRAW_SKY, ink = DRAW_BLACK;
	draw_fill(c, x, y, w, h - 4, fill);
	if (picked)
		draw_frame(c, x, y, w, h - 4, 3, DRAW_YELLOW);
	char key[12], tag[160];
	snprintf(key, sizeof key, "%d", k + 1);
	int ty = y + (h - 4 - text_height(t, TEXT_MID_BOLD)) / 2, kx = x + r->lay.pad / 2;
	int kw = text_width(t, TEXT_MID_BOLD, "9") + r->lay.pad;
	text_draw(t, c, TEXT_MID_BOLD, kx, ty, ink == DRAW_TEXT ? DRAW_YELLOW : ink, key, 0);
	answered_by(v, shown ? k : -1, tag, sizeof tag);
	int tw = tag[0] ? text_width(t, TEXT_MID, tag) + r->lay.pad : 0;
	text_draw(t, c, TEXT_MID_BOLD, kx + kw, ty, ink, qu->choices[k], w - kw - tw - r->lay.pad);
	if (tag[0])
		text_draw(t, c, TEXT_MID, x + w - tw, ty, ink, tag, 0);
}

/* One line per pane under the choices: the answer (shown) or whether the
** pick is right (judged).  Returns the y below. */
static int answer_lines(struct render *r, struct draw_canvas *c, const struct render_view *v,
                        int x, int y, int w)
{
	struct text *t = r->text;
	const struct quizview_item *it = &v->quiz->item[v->quiz->open];
	for (int p = 0; p < v->npanes; p++) {
		struct sim_answer an;
		if (!quizview_answer(v->quiz, p, &an))
			continue;
		char line[512];
		const char *who = v->npanes > 1 ? v->pane_label[p] : "Answer";
		bool right = it->pick >= 0 && it->pick == an.choice;
		const char *judge = it->pick < 0 || an.choice < 0 ? "" : right ? "  - right" : "  - wrong";
		if (it->reveal == QUIZVIEW_SHOWN)
			snprintf(line, sizeof line, "%s: %s%s", who, an.text, judge);
		else
			snprintf(line, sizeof line, "%s%s%s", v->npanes > 1 ? who : "",
			         v->npanes > 1 ? ": " : "", it->pick < 0 ? "no pick" : right ? "right" : "wrong");
		uint32_t col = it->pick < 0 || an.choice < 0 ? DRAW_TEXT : right ? DRAW_GREEN : DRAW_CRASH;
		text_draw(t, c, TEXT_MID_BOLD, x, y, col, line, w);
		y += text_height(t, TEXT_MID_BOLD);
	}
	return y;
}

/* The card's height for qu at width w (inner width iw). */
static int card_height(struct render *r, const struct render_view *v,
                       const struct sim_question *qu, int iw)
{
	struct text *t = r->text;
	const struct quizview_item *it = &v->quiz->item[v->quiz->open];
	int pad = r->lay.pad;
	int h = 2 * pad + text_height(t, TEXT_SMALL) + pad / 2;
	h += wrap_lines(t, TEXT_BIG_BOLD, qu->text, iw, 3) * text_height(t, TEXT_BIG_BOLD) + pad / 2;
	int nc = qu->nchoices < QUIZVIEW_MAX_KEYS ? (int)qu->nchoices : QUIZVIEW_MAX_KEYS;
	h += nc * (text_height(t, TEXT_MID_BOLD) + pad / 2);
	if (it->reveal != QUIZVIEW_HIDDEN)
		h += pad / 2 + v->npanes * text_height(t, TEXT_MID_BOLD);
	if (it->reveal == QUIZVIEW_SHOWN && qu->explain)
		h += wrap_lines(t, TEXT_MID, qu->explain, iw, 5) * text_height(t, TEXT_MID) + pad / 2;
	return h + text_height(t, TEXT_SMALL) + pad / 2;
}

/* The hint at the card's foot: the keys that apply now. */
static const char *hint(const struct render_view *v, const struct sim_question *qu)
{
	const struct quizview_item *it = &v->quiz->item[v->quiz->open];
	if (it->reveal == QUIZVIEW_JUDGED)
		return "Enter shows the answer  |  Space plays on  |  Left steps back";
	if (it->reveal == QUIZVIEW_SHOWN)
		return "Space plays on  |  Left steps back to see why  |  Esc closes";
	if (qu->nchoices == 0)
		return "Say your answer, then Enter reveals  |  Space plays on  |  Esc skips";
	return v->quiz->self_test ? "Keys 1..9 pick  |  Enter judges your pick  |  Esc skips"
	                          : "Keys 1..9 pick  |  Enter reveals  |  Esc skips";
}

/* The card's content from (x, y), iw wide. */
static void card_body(struct render *r, struct draw_canvas *c, const struct render_view *v,
                      const struct sim_question *qu, int x, int y, int iw)
{
	struct text *t = r->text;
	const struct quizview *q = v->quiz;
	const struct quizview_item *it = &q->item[q->open];
	int pad = r->lay.pad;
	char head[96];
	snprintf(head, sizeof head, "Question %d of %zu%s", q->open + 1, q->n,
	         q->self_test ? "  (self-test)" : "");
	text_draw(t, c, TEXT_SMALL, x, y, DRAW_SKY, head, iw);
	y += text_height(t, TEXT_SMALL) + pad / 2;
	int nl = wrap_lines(t, TEXT_BIG_BOLD, qu->text, iw, 3);
	text_wrap(t, c, TEXT_BIG_BOLD, x, y, iw, nl, DRAW_TEXT, qu->text);
	y += nl * text_height(t, TEXT_BIG_BOLD) + pad / 2;
	for (int k = 0; k < (int)qu->nchoices && k < QUIZVIEW_MAX_KEYS; k++) {
		choice_row(r, c, v, qu, k, x, y, iw);
		y += text_height(t, TEXT_MID_BOLD) + pad / 2;
	}
	if (it->reveal != QUIZVIEW_HIDDEN)
		y = answer_lines(r, c, v, x, y + pad / 2, iw);
	if (it->reveal == QUIZVIEW_SHOWN && qu->explain) {
		nl = wrap_lines(t, TEXT_MID, qu->explain, iw, 5);
		text_wrap(t, c, TEXT_MID, x, y, iw, nl, DRAW_TEXT, qu->explain);
		y += nl * text_height(t, TEXT_MID) + pad / 2;
	}
	text_draw(t, c, TEXT_SMALL, x, y + pad / 4, DRAW_DIM, hint(v, qu), iw);
}

/* The card, in the half of the frame away from mark_y (-1: at the bottom,
** over the timeline, so the lanes stay in sight while the class predicts). */
static void card(struct render *r, struct draw_canvas *c, const struct render_view *v,
                 const struct sim_question *qu, int mark_y)
{
	int pad = r->lay.pad;
	int w = c->w * 3 / 5, wide = text_px(r->text, TEXT_BIG_BOLD) * 28;
	w = w < wide ? wide : w;
	w = w > c->w - 2 * pad ? c->w - 2 * pad : w;
	int iw = w - 4 * pad;
	int h = card_height(r, v, qu, iw);
	h = h > c->h - 2 * pad ? c->h - 2 * pad : h;
	int x = (c->w - w) / 2, top = r->lay.caption.y + r->lay.caption.h;
	int y = mark_y > c->h / 2 ? top : c->h - h - pad;     /* none: the bottom */
	y = y < pad ? pad : y;
	draw_fill(c, x + 6, y + 6, w, h, DRAW_BLACK);          /* a shadow: it floats */
	draw_fill(c, x, y, w, h, DRAW_PANEL);
	draw_frame(c, x, y, w, h, 3, DRAW_SKY);
	draw_clip(c, x, y, w, h);
	card_body(r, c, v, qu, x + 2 * pad, y + pad, iw);
	draw_clip(c, 0, 0, 0, 0);
}

/* The self-test score in the bottom right corner. */
static void score_corner(struct render *r, struct draw_canvas *c, const struct quizview *q)
{
	struct text *t = r->text;
	char buf[64];
	snprintf(buf, sizeof buf, "self-test  %d / %d right", q->right, q->counted);
	int pad = r->lay.pad, th = text_height(t, TEXT_MID_BOLD);
	int w = text_width(t, TEXT_MID_BOLD, buf) + 2 * pad, h = th + pad;
	int x = c->w - w - pad, y = c->h - h - pad;
	draw_fill(c, x, y, w, h, DRAW_PANEL2);
	draw_frame(c, x, y, w, h, 2, DRAW_SKY);
	text_draw(t, c, TEXT_MID_BOLD, x + pad, y + pad / 2, DRAW_TEXT, buf, 0);
}

void quizview_draw(struct render *r, struct draw_canvas *c, const struct render_view *v)
{
	const struct quizview *q = v->quiz;
	if (!q)
		return;
	draw_clip(c, 0, 0, 0, 0);
	struct sim_question qu;
	if (quizview_current(q, &qu)) {
		enum quizview_reveal rv = q->item[q->open].reveal;
		int mark_y = rv == QUIZVIEW_SHOWN ? draw_marks(r, c, v, &qu) : -1;
		card(r, c, v, &qu, mark_y);
	}
	if (q->self_test && q->n > 0)
		score_corner(r, c, q);
}
