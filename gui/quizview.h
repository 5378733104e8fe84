/*
** quizview.h - the scenario's questions in the window ("predict, then
** reveal", issue 17): when play stops, what was picked, what is revealed,
** the self-test score.  No SDL and no drawing here (quizview_draw.c draws).
**
** The answers are the engine's (sim_answers_compute): one fresh run per
** pane with that pane's config, made when the sessions are installed or
** reconfigured.  A question belongs to the tick it is asked at in a pane
** (its own tick, or the tick its event first happened); in compare mode
** the question is one for both panes and is reached when either pane
** reaches its tick there.
**
** Asking.  A question is asked when play or a step forward reaches its
** tick (quizview_arrive); playing then stops.  Questions of one tick come one
** after another, in the file's order.  Going back to a tick at or before a
** question's tick (Left, Home, a jump) makes it unasked (quizview_place), so it
** is asked again when its tick comes again, with a fresh pick.
**
** Self-test (A, --self-test).  Enter first judges the pick (right or
** wrong, nothing else: the answer, the explanation and the highlight stay
** hidden) and counts it in the score; a second Enter shows the answer.  A
** question counts once: asked again after stepping back it can be
** answered again but the score keeps its first judgement.  In compare
** mode each pane's answer is a point of its own (one pick, judged against
** both panes).  Turning self-test on starts the score at 0.  Questions
** without choices are never scored.
*/
#ifndef BEAMSIM_GUI_QUIZVIEW_H
#define BEAMSIM_GUI_QUIZVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "session.h"
#include "sim.h"

#define QUIZVIEW_MAX_STEPS 2000000u   /* a longer run gets no answers (a message says so) */
#define QUIZVIEW_MAX_KEYS 9            /* choices picked with keys 1..9 */

enum quizview_reveal { QUIZVIEW_HIDDEN, QUIZVIEW_JUDGED, QUIZVIEW_SHOWN };

struct quizview_item {
	bool asked;               /* asked in this pass (its tick is behind, or it is open) */
	bool scored;              /* counted in the self-test score */
	int pick;                 /* 0-based, -1: none */
	enum quizview_reveal reveal;
};

struct quizview {
	const struct session *ses[LAYOUT_MAX_PANES];   /* borrowed, from quizview_setup */
	sim_answers *ans[LAYOUT_MAX_PANES];
	int npanes;
	size_t n;                 /* questions (0: no quiz) */
	struct quizview_item *item;
	int open;                 /* the question shown, -1: none */
	bool enabled;             /* the window asks (quizview_init: false; gui_opts.questions) */
	bool self_test;
	int right, counted;       /* the self-test score */
	char error[160];          /* why there are no answers ("" if there are) */
};

void quizview_init(struct quizview *q);
void quizview_free(struct quizview *q);
/* Starts afresh on the sessions ses[0..n) (score and picks cleared; the
** self-test mode stays) and computes their answers (none when not
** q->enabled: then nothing is ever asked).  False with q->error
** set when they cannot be had (out of memory, a run over QUIZVIEW_MAX_STEPS):
** then no question is asked. */
bool quizview_setup(struct quizview *q, const struct session *const *ses, int n);
/* After a jump to the sessions' present tick: a question whose tick is
** before it (or at it, when at_too: a step back lands there) counts as
** asked, the others not.  Closes the open question. */
void quizview_place(struct quizview *q, bool at_too);
/* After a step forward: opens the first question reached and not yet
** asked, when none is open.  True when one opened. */
bool quizview_arrive(struct quizview *q);
bool quizview_is_open(const struct quizview *q);
/* The open question's data; false when none is open. */
bool quizview_current(const struct quizview *q, struct sim_question *out);
/* The open question's answer in pane p; false when it has none there. */
bool quizview_answer(const struct quizview *q, int p, struct sim_answer *out);
/* Picks choice k (0-based) of the open question; ignored once judged or
** when there is no such choice. */
void quizview_pick(struct quizview *q, int k);
/* Enter: judges (self-test) or shows the answer. */
void quizview_reveal(struct quizview *q);
/* Closes the open question (it stays asked). */
void quizview_close(struct quizview *q);
void quizview_set_self_test(struct quizview *q, bool on);

/* quizview_draw.c: the open question's card over the frame r drew last (and,
** revealed, its places highlighted), and the self-test score; v->quiz
** NULL draws nothing. */
struct render;
struct render_view;
struct draw_canvas;
void quizview_draw(struct render *r, struct draw_canvas *c, const struct render_view *v);

#endif
