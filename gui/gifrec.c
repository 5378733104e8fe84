/* gifrec.c - the window as an animated GIF; see gifrec.h. */
#include "gifrec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

uint64_t gifrec_frames(const struct gifrec_range *rg)
{
	return 1 + (rg->to - rg->from) * (uint64_t)(rg->fps ? rg->fps : GIFREC_FPS);
}

double gifrec_tps(int fps)
{
	double tps = 100.0 / ((fps ? fps : GIFREC_FPS) * GIFREC_FRAME_CS);
	return tps >= 10 ? (double)(long)(tps + 0.5) : (double)(long)(tps * 10 + 0.5) / 10;
}

/* The tick shown: the latest of the panes' (a pane that ended stays). */
static uint64_t app_now(const struct app *a)
{
	uint64_t now = 0;
	for (int i = 0; i < a->npanes; i++)
		if (sim_now(a->ses[i].sim) > now)
			now = sim_now(a->ses[i].sim);
	return now;
}

static bool all_ended(const struct app *a)
{
	for (int i = 0; i < a->npanes; i++)
		if (!session_ended(&a->ses[i]))
			return false;
	return true;
}

/* The tick the run ends at, seeking at most to `target` (0 and false
** then when it goes on past it); every pane back at tick 0 after. */
static uint64_t run_end(struct app *a, uint64_t target, bool *ended)
{
	for (int i = 0; i < a->npanes; i++)
		session_seek(&a->ses[i], target);
	uint64_t end = app_now(a);
	*ended = all_ended(a);
	for (int i = 0; i < a->npanes; i++)
		session_restart(&a->ses[i]);
	return end;
}

enum gui_status gifrec_resolve(struct app *a, struct gifrec_range *rg, char *err, size_t errlen)
{
	typedef unsigned long long ull;
	rg->fps = rg->fps ? rg->fps : GIFREC_FPS;
	uint64_t span = (GIFREC_MAX_FRAMES - 1) / (uint64_t)rg->fps;   /* ticks in one GIF */
	if (rg->to_given && rg->to < rg->from) {
		snprintf(err, errlen, "--from %llu is after --to %llu", (ull)rg->from, (ull)rg->to);
		return GUI_EUSAGE;
	}
	if (rg->to_given && rg->to - rg->from > span) {
		snprintf(err, errlen, "--from %llu --to %llu makes %llu frames at --fps %d; a GIF holds at "
		         "most %d (%llu ticks at --fps %d)", (ull)rg->from, (ull)rg->to,
		         (ull)gifrec_frames(rg), rg->fps, GIFREC_MAX_FRAMES, (ull)span, rg->fps);
		return GUI_EUSAGE;
	}
	bool ended;
	uint64_t end = run_end(a, rg->to_given ? rg->to : rg->from + span, &ended);
	if (end < rg->from || (rg->to_given && end < rg->to)) {
		snprintf(err, errlen, "--%s %llu: the run ends at tick %llu", end < rg->from ? "from" : "to",
		         (ull)(end < rg->from ? rg->from : rg->to), (ull)end);
		return GUI_EUSAGE;
	}
	if (!rg->to_given && !ended) {
		snprintf(err, errlen, "the run goes on past tick %llu: give --to (a GIF holds at most %d "
		         "frames: %llu ticks at --fps %d)", (ull)end, GIFREC_MAX_FRAMES, (ull)span, rg->fps);
		return GUI_EUSAGE;
	}
	if (!rg->to_given)
		rg->to = end;
	return GUI_OK;
}

void gifrec_arrive(struct app *a, struct render *r, struct draw_canvas *c, uint64_t t)
{
	if (t == 0)
		return;
	for (int i = 0; i < a->npanes; i++)
		session_seek(&a->ses[i], t - 1);
	a->view.move_t = a->view.fly_t = 1.0;
	render_frame(r, c, &a->view);       /* places before the last step */
	app_step(a, true);
}

#ifdef BEAMSIM_HAVE_GIF

/* The theme's colours first in the palette: always exact. */
static void seed(struct gifout *g, int theme)
{
	const struct theme *th = theme_get(theme);
	gifout_seed(g, th->color, TS_COUNT);
	gifout_seed(g, th->ident, THEME_NIDENT);
	static const uint32_t white = 0xffffffffu;
	gifout_seed(g, &white, 1);
}

/* Draws the app and appends the frame; frame i of n. */
static int put(struct gifout *g, struct render *r, struct draw_canvas *c, struct app *a,
               uint64_t i, uint64_t n, char *err, size_t errlen)
{
	render_frame(r, c, &a->view);
	return gifout_frame(g, c, i + 1 == n ? GIFREC_END_CS : GIFREC_FRAME_CS, err, errlen);
}

enum gui_status gifrec_write(struct app *a, struct render *r, struct draw_canvas *c,
                             const struct gifrec_range *rg, const char *path,
                             struct gifout_stats *st, char *err, size_t errlen)
{
	struct gifout *g = gifout_open(path, c->w, c->h, err, errlen);
	if (!g)
		return strstr(err, "out of memory") ? GUI_ENOMEM : GUI_EWRITE;
	seed(g, a->view.theme);
	struct render_view *v = &a->view;
	int fps = rg->fps ? rg->fps : GIFREC_FPS;
	uint64_t n = gifrec_frames(rg), i = 0;
	bool playing = v->playing;
	double tps = v->tps;
	v->playing = true;                  /* the header: "PLAY", at the GIF's speed */
	v->tps = gifrec_tps(fps);
	v->move_t = v->fly_t = 1.0;
	int rc = put(g, r, c, a, i++, n, err, errlen);
	for (uint64_t t = rg->from + 1; rc == 0 && t <= rg->to; t++) {
		app_step(a, true);
		for (int k = 1; rc == 0 && k <= fps; k++) {
			v->move_t = v->fly_t = (double)k / fps;
			rc = put(g, r, c, a, i++, n, err, errlen);
		}
	}
	v->playing = playing;
	v->tps = tps;
	if (st)
		gifout_stats(g, st);
	if (rc != 0) {
		gifout_discard(g);
		return GUI_EWRITE;
	}
	return gifout_close(g, err, errlen) == 0 ? GUI_OK : GUI_EWRITE;
}

#else

enum gui_status gifrec_write(struct app *a, struct render *r, struct draw_canvas *c,
                             const struct gifrec_range *rg, const char *path,
                             struct gifout_stats *st, char *err, size_t errlen)
{
	(void)a, (void)r, (void)c, (void)rg, (void)path, (void)st;
	snprintf(err, errlen, "this beamsim was built without giflib (libgif-dev), which GIFs need");
	return GUI_EUSAGE;
}

#endif

/* beamsim-SCENARIO-FROM-TO.gif: the file's name without its directory and
** ".json", other characters than letters, digits, '-', '_' and '.' as '_'. */
static void gif_name(const struct app *a, const struct gifrec_range *rg, char *buf, size_t n)
{
	const char *file = a->file[0] ? a->file : "default";
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	size_t len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".json") == 0)
		len -= 5;
	char stem[128];
	size_t k = 0;
	for (size_t i = 0; i < len && k + 1 < sizeof stem; i++) {
		char ch = base[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		          ch == '-' || ch == '_' || ch == '.';
		stem[k++] = ok ? ch : '_';
	}
	stem[k] = '\0';
	snprintf(buf, n, "beamsim-%s-%llu-%llu.gif", k ? stem : "default",
	         (unsigned long long)rg->from, (unsigned long long)rg->to);
}

/* Every pane back to tick t at most (the kills stay in its history). */
static void back_to(struct app *a, uint64_t t)
{
	for (int i = 0; i < a->npanes; i++)
		while (sim_now(a->ses[i].sim) > t && session_back(&a->ses[i]))
			;
}

/* What the window shows besides the run, kept out of the GIF. */
struct view_keep {
	bool playing;
	int hover_x, hover_y;
	double frame_ms;
	const struct quizview *quiz;   /* the question card belongs to one tick: not in a GIF */
};

static void view_hide(struct render_view *v, struct view_keep *k)
{
	k->playing = v->playing;
	k->hover_x = v->hover_x;
	k->hover_y = v->hover_y;
	k->frame_ms = v->frame_ms;
	k->quiz = v->quiz;
	v->quiz = NULL;
	v->playing = false;
	v->hover_x = v->hover_y = -1;
	v->frame_ms = 0;
	v->nmsgs = 0;
}

/* The window's state back at tick `live`, its animations settled. */
static void view_restore(struct app *a, const struct view_keep *k, uint64_t live)
{
	back_to(a, live);
	for (int i = 0; i < a->npanes; i++)
		anim_reset(&a->anim[i]);
	a->animating = false;
	a->view.move_t = a->view.fly_t = 1.0;
	a->view.playing = k->playing;
	a->view.hover_x = k->hover_x;
	a->view.hover_y = k->hover_y;
	a->view.quiz = k->quiz;
	a->view.frame_ms = k->frame_ms;
}

/* Renders rg of the run on screen into path at w x h; the app back where it was. */
static enum gui_status replay(struct app *a, struct text *t, int w, int h,
                              const struct gifrec_range *rg, const char *path, char *err,
                              size_t errlen)
{
	uint32_t *px = malloc((size_t)w * (size_t)h * sizeof *px);
	struct render *r = px ? render_create(t) : NULL;
	struct draw_canvas c;
	if (!r || !draw_begin(&c, px, w, h, w)) {
		snprintf(err, errlen, "out of memory for a %dx%d GIF", w, h);
		render_destroy(r);
		free(px);
		return GUI_ENOMEM;
	}
	uint64_t live = app_now(a);
	struct view_keep keep;
	view_hide(&a->view, &keep);
	back_to(a, rg->from ? rg->from - 1 : 0);
	gifrec_arrive(a, r, &c, rg->from);
	enum gui_status st = gifrec_write(a, r, &c, rg, path, NULL, err, errlen);
	view_restore(a, &keep, live);
	render_destroy(r);
	free(px);
	return st;
}

void gifrec_key(struct app *a, struct text *t, int w, int h)
{
	typedef unsigned long long ull;
	uint64_t now = app_now(a);
	a->view.nmsgs = 0;
	if (!a->gif_rec) {
		a->gif_rec = true;
		a->gif_from = now;
		app_message(a, false, "Recording a GIF from tick %llu: step or play, then press G again "
		            "to save it.", (ull)now);
		return;
	}
	a->gif_rec = false;
	struct gifrec_range rg = { a->gif_from < now ? a->gif_from : now,
	                           a->gif_from < now ? now : a->gif_from, true, GIFREC_FPS };
	if (gifrec_frames(&rg) > GIFREC_MAX_FRAMES) {
		app_message(a, true, "Ticks %llu to %llu are too long for a GIF: at most %d frames, %d "
		            "ticks.", (ull)rg.from, (ull)rg.to, GIFREC_MAX_FRAMES,
		            (GIFREC_MAX_FRAMES - 1) / GIFREC_FPS);
		return;
	}
	char path[200], err[512];
	gif_name(a, &rg, path, sizeof path);
	if (replay(a, t, w, h, &rg, path, err, sizeof err) == GUI_OK)
		app_message(a, false, "GIF saved as %s (ticks %llu to %llu, %llu frames)", path,
		            (ull)rg.from, (ull)rg.to, (ull)gifrec_frames(&rg));
	else
		app_message(a, true, "%s", err);
}
