/*
** gui_test_cover.c - nothing the window draws hides a text (issue 16).
** Every lesson of scenarios/ at 1280x720 and 1600x900 (the default
** size), alone and in compare mode, drawn at its start, at ticks through
** its run (each crash and node event is among them while the run is
** short) and at its end, with the inspector open on every other frame:
** in each frame no two texts meet (a badge over a name, "+ 2 more" over
** a title), no text lies partly under the inspector's drawer (cut by
** it), no text crosses out of its pane, and no text of the lanes, the
** side panel, the header (the lesson's title) or the caption (its notes)
** is cut with "...".  One failing frame is reported with the
** texts at fault.
*/
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app.h"
#include "gui_support.h"
#include "support.h"

#define COVER_FRAMES 24          /* frames drawn per run besides its start and end */
#define MAX_REC 4096

static struct text_rec rec[MAX_REC];
static size_t nrec;

/* A moment's label drawn over everything on purpose (a signal in flight). */
static bool in_flight(const struct text_rec *t)
{
	return !strcmp(t->s, "EXIT") || !strcmp(t->s, "lost") || !strcmp(t->s, "dropped");
}

/* A text's rectangle without the line's leading: what its glyphs cover. */
static struct lrect ink(const struct text_rec *t)
{
	int m = t->h / 8;
	return (struct lrect){ t->x, t->y + m, t->w, t->h - 2 * m };
}

static bool meets(struct lrect a, struct lrect b)
{
	return a.w > 0 && b.w > 0 && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
	       b.y < a.y + a.h;
}

static bool inside(struct lrect in, struct lrect out)
{
	return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
	       in.y + in.h <= out.y + out.h;
}

/* Where the frame's test failed, and what it says. */
static char why[512];

static bool fault(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return false;
}

/* The pane whose rectangle holds the middle of t; -1: none (header, caption). */
static int pane_of(const struct layout *l, int npanes, struct lrect t)
{
	for (int p = 0; p < npanes; p++)
		if (layout_contains(l->pane[p].pane, t.x + t.w / 2, t.y + t.h / 2))
			return p;
	return -1;
}

/* Whether s is (part of) the name or exit reason of a process of s: a box
** too small for it may cut it with "...", the hover label and the
** inspector show it whole (docs/gui.md). */
static bool of_a_process(const sim *sm, const char *s)
{
	struct sim_proc_view pv;
	for (uint32_t pid = 1; pid <= (uint32_t)sim_proc_count(sm); pid++)
		if (sim_proc_view(sm, pid, &pv) &&
		    (strstr(pv.name, s) || (pv.exit_reason && strstr(pv.exit_reason, s)) ||
		     (!strncmp(s, pv.name, strlen(pv.name)) && s[strlen(pv.name)] == ' ')))
			return true;
	return false;
}

/* The checks of one frame (see the file's comment); false with `why`. */
static bool frame_clean(const struct render *r, const struct app *ap)
{
	int npanes = ap->npanes;
	const struct layout *l = &r->lay;
	struct lrect drawer = r->insp;
	for (size_t i = 0; i < nrec && i < MAX_REC; i++) {
		const struct text_rec *t = &rec[i];
		struct lrect a = ink(t), whole = { t->x, t->y, t->w, t->h };
		if (!t->s[0] || t->w == 0)
			continue;
		bool hidden = drawer.w && inside(whole, drawer);
		if (drawer.w && meets(a, drawer) && !hidden)
			return fault("'%s' at %d,%d (%dx%d) is cut by the inspector at %d..%d", t->s, t->x,
			             t->y, t->w, t->h, drawer.x, drawer.x + drawer.w);
		if (t->cut && t->y < l->caption.y + l->caption.h)
			return fault("'%s' at %d,%d is cut with \"...\" in the %s", t->s, t->x, t->y,
			             t->y < l->header.h ? "header" : "caption");
		int p = pane_of(l, npanes, whole);
		if (p >= 0 && !inside(whole, l->pane[p].pane))
			return fault("'%s' at %d,%d (%dx%d) crosses out of pane %d", t->s, t->x, t->y,
			             t->w, t->h, p);
		if (p >= 0 && t->cut && !hidden && !of_a_process(ap->ses[p].sim, t->s))
			return fault("'%s' at %d,%d is cut with \"...\" in pane %d", t->s, t->x, t->y, p);
		if (hidden || in_flight(t))
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct text_rec *u = &rec[j];
			struct lrect uw = { u->x, u->y, u->w, u->h };
			if (!u->s[0] || in_flight(u) || (drawer.w && inside(uw, drawer)))
				continue;
			bool bold = !strcmp(t->s, u->s) && t->y == u->y && abs(t->x - u->x) <= 1;
			if (!bold && meets(a, ink(u)))     /* (bold: drawn twice, a pixel apart) */
				return fault("'%s' at %d,%d (%dx%d) meets '%s' at %d,%d (%dx%d)", t->s, t->x,
				             t->y, t->w, t->h, u->s, u->x, u->y, u->w, u->h);
		}
	}
	return true;
}

/* A process to inspect in pane 0: the first drawn. */
static uint32_t some_pid(const struct render *r)
{
	for (int i = 0; i < r->nhits; i++)
		if (r->hits[i].pane == 0)
			return r->hits[i].pid;
	return 0;
}

/* Draws f's app as it stands, with the inspector open when inspect;
** false with `why` when the frame hides a text. */
static bool draw_checked(struct app_fixture *f, bool inspect)
{
	struct app *a = f->a;
	a->view.move_t = a->view.fly_t = 1.0;
	a->view.selected = 0;
	nrec = 0;
	render_frame(f->r, &f->c, &a->view);
	if (inspect && (a->view.selected = some_pid(f->r)) != 0) {
		a->view.sel_pane = 0;
		nrec = 0;
		render_frame(f->r, &f->c, &a->view);
	}
	return frame_clean(f->r, a);
}

static bool ended(const struct app *a)
{
	for (int i = 0; i < a->npanes; i++)
		if (!session_ended(&a->ses[i]))
			return false;
	return true;
}

/* Steps in the run of lesson `name` until the end (at most 40,000 steps); the
** number of steps. */
static uint64_t run_length(const char *name, const char *compare, int w, int h)
{
	static struct app_fixture f;
	app_fixture_lesson(&f, name, compare, w, h);
	uint64_t n = 0;
	while (!ended(f.a) && n < 40000) {
		app_step(f.a, false);
		n++;
	}
	app_fixture_close(&f);
	return n;
}

/* Every frame drawn of one lesson at one size, alone or compared: clean. */
static int check_run(const char *name, const char *compare, int w, int h)
{
	uint64_t steps = run_length(name, compare, w, h), every = steps / COVER_FRAMES + 1;
	static struct app_fixture f;
	app_fixture_lesson(&f, name, compare, w, h);
	text_record(f.text, rec, MAX_REC, &nrec);
	int frames = 0, bad = 0;
	for (uint64_t k = 0; k <= steps; k++) {
		if (k % every == 0 || k == steps) {
			if (!draw_checked(&f, frames % 2 == 1)) {
				print_error("%s %dx%d%s%s tick %llu: %s\n", name, w, h, compare ? " --compare " : "",
				            compare ? compare : "", (unsigned long long)sim_now(f.a->ses[0].sim),
				            why);
				bad++;
			}
			frames++;
		}
		app_step(f.a, false);
	}
	text_record(f.text, NULL, 0, NULL);
	app_fixture_close(&f);
	assert_true(frames >= 2);
	return bad;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The lessons of scenarios/, sorted; their count. */
static int lessons(char names[][128], int cap)
{
	DIR *d = opendir(SCENARIO_DIR);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL && n < cap;) {
		size_t len = strlen(e->d_name);
		if (len > 5 && len < 128 && !strcmp(e->d_name + len - 5, ".json"))
			memcpy(names[n++], e->d_name, len + 1);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, by_name);
	return n;
}

static void every_lesson(const char *compare)
{
	static char names[64][128];
	int n = lessons(names, 64), bad = 0;
	assert_true(n >= 30);
	static const int sizes[2][2] = { { 1280, 720 }, { 1600, 900 } };
	for (int i = 0; i < n; i++)
		for (int z = 0; z < 2; z++)
			bad += check_run(names[i], compare, sizes[z][0], sizes[z][1]);
	assert_int_equal(bad, 0);
}

/* Lesson `name` at w x h (compared when compare), stepped to tick `at`
** and drawn with the inspector on process `inspect` (NULL: closed);
** fails when the frame hides a text.  The caller closes f. */
static void open_at(struct app_fixture *f, const char *name, const char *compare, int w, int h,
                    uint64_t at, const char *inspect)
{
	app_fixture_lesson(f, name, compare, w, h);
	text_record(f->text, rec, MAX_REC, &nrec);
	while (sim_now(f->a->ses[0].sim) < at)
		app_step(f->a, false);
	assert_true(draw_checked(f, false));
	struct sim_proc_view pv;
	for (uint32_t pid = 1; inspect && pid <= (uint32_t)sim_proc_count(f->a->ses[0].sim); pid++)
		if (sim_proc_view(f->a->ses[0].sim, pid, &pv) && !strcmp(pv.name, inspect))
			f->a->view.selected = pid;
	f->a->view.sel_pane = 0;
	f->a->view.move_t = f->a->view.fly_t = 1.0;
	nrec = 0;
	render_frame(f->r, &f->c, &f->a->view);
	if (!frame_clean(f->r, f->a))
		fail_msg("%s at %llu: %s", name, (unsigned long long)at, why);
}

static void close_at(struct app_fixture *f)
{
	text_record(f->text, NULL, 0, NULL);
	app_fixture_close(f);
}

/* A copy of the first recorded text that starts with s; false: none. */
static bool said(const char *s, struct text_rec *out)
{
	for (size_t i = 0; i < nrec && i < MAX_REC; i++)
		if (!strncmp(rec[i].s, s, strlen(s))) {
			*out = rec[i];
			return true;
		}
	return false;
}

/* node_down's picture (docs-images.sh: tick 100, trapper inspected) at
** both sizes: b's badge says when it went down, whole, left of the drawer. */
static void down_badge_whole_beside_the_drawer(void **state)
{
	(void)state;
	static const int sizes[2][2] = { { 1280, 720 }, { 1600, 900 } };
	for (int z = 0; z < 2; z++) {
		static struct app_fixture f;
		open_at(&f, "node_down.json", NULL, sizes[z][0], sizes[z][1], 100, "trapper");
		struct text_rec t;
		assert_true(said("down ", &t));
		if (!strstr(t.s, "100"))
			fail_msg("badge '%s'", t.s);
		assert_false(t.cut);
		assert_true(f.r->insp.w > 0);
		assert_true(t.x + t.w <= f.r->insp.x);
		close_at(&f);
	}
}

/* failover compared at 1280x720, tick 201: the tree's "+ N more" beside
** its title, not over it; pool_sup's name whole in its running box; each
** pane's label says the schedulers it runs (its nodes', not the 1 or 4
** asked: with config.nodes --schedulers does not apply). */
static void failover_compared_reads_whole(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_at(&f, "failover.json", "schedulers=1,4", 1280, 720, 201, NULL);
	struct text_rec title;
	assert_true(said("Supervis", &title));
	int beside = 0;                        /* the tree's "+ N more" is in the title's row */
	for (size_t i = 0; i < nrec; i++)
		if (rec[i].s[0] == '+' && rec[i].y == title.y && rec[i].x > title.x) {
			assert_true(title.x + title.w <= rec[i].x);
			beside++;
		}
	assert_true(beside >= 1);
	int names = 0;
	for (size_t i = 0; i < nrec; i++)
		if (!strcmp(rec[i].s, "pool_sup") && !rec[i].cut)
			names++;
	assert_true(names >= 2);               /* in each pane's lane box */
	for (int p = 0; p < 2; p++) {          /* the nodes keep their schedulers: the label says so */
		char want[64];
		snprintf(want, sizeof want, "schedulers=%zu", sim_sched_count(f.a->ses[p].sim));
		assert_string_equal(f.a->view.pane_label[p], want);
	}
	close_at(&f);
}

static void lessons_alone_hide_no_text(void **state)
{
	(void)state;
	every_lesson(NULL);
}

static void lessons_compared_hide_no_text(void **state)
{
	(void)state;
	every_lesson("schedulers=1,4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(down_badge_whole_beside_the_drawer),
		cmocka_unit_test(failover_compared_reads_whole),
		cmocka_unit_test(lessons_alone_hide_no_text),
		cmocka_unit_test(lessons_compared_hide_no_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
