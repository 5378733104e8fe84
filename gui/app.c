/* app.c - sessions, playback and keys of the classroom view; see app.h. */
#include "app.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

static const double speeds[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000,
                                  10000, 20000, 50000 };
#define NSPEEDS ((int)(sizeof speeds / sizeof *speeds))
#define SPEED_DEFAULT 3          /* 10 ticks per second */
#define ANIMATE_UP_TO 30.0       /* ticks per second with slides and flights */
#define MANUAL_ANIM_MS 450.0

double app_tps(const struct app *a)
{
	return speeds[a->speed];
}

void app_message(struct app *a, bool error, const char *fmt, ...)
{
	struct render_view *v = &a->view;
	if (v->nmsgs == 0 || v->msgs_are_errors != error)
		v->nmsgs = 0;
	v->msgs_are_errors = error;
	if (v->nmsgs >= RENDER_MAX_MSGS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->msgs[v->nmsgs++], sizeof v->msgs[0], fmt, ap);
	va_end(ap);
}

/* A count of schedulers: decimal digits only, 1 .. SIM_MAX_SCHEDULERS. */
static bool sched_count(const char *val, uint32_t *out)
{
	uint32_t k = 0;
	for (const char *c = val; *c; c++) {
		if (*c < '0' || *c > '9' || k > SIM_MAX_SCHEDULERS)
			return false;
		k = k * 10 + (uint32_t)(*c - '0');
	}
	if (!*val || k < 1 || k > SIM_MAX_SCHEDULERS)
		return false;
	*out = k;
	return true;
}

/* Applies compare spec pane i ("key=v0,v1") to cfg; false if invalid.
** The words are the engine's (sim_preemption_words, sim_balance_words). */
static bool compare_apply(const char *spec, int i, struct sim_config *cfg)
{
	const char *eq = strchr(spec, '=');
	const char *comma = eq ? strchr(eq, ',') : NULL;
	if (!eq || !comma || strchr(comma + 1, ','))
		return false;
	char val[32];
	const char *v0 = i == 0 ? eq + 1 : comma + 1;
	size_t n = i == 0 ? (size_t)(comma - v0) : strlen(v0);
	if (n == 0 || n >= sizeof val)
		return false;
	memcpy(val, v0, n);
	val[n] = '\0';
	size_t klen = (size_t)(eq - spec);
	uint32_t k;
	if (klen == 10 && strncmp(spec, "schedulers", klen) == 0) {
		if (!sched_count(val, &k))
			return false;
		if (cfg->dirty_schedulers == cfg->schedulers || cfg->dirty_schedulers > k)
			cfg->dirty_schedulers = k;
		cfg->schedulers = k;
		return true;
	}
	if (klen == 10 && strncmp(spec, "preemption", klen) == 0)
		return sim_preemption_parse(val, &cfg->preemption);
	if (klen == 7 && strncmp(spec, "balance", klen) == 0)
		return sim_balance_parse(val, &cfg->balance);
	return false;
}

const char *gui_compare_check(const char *spec)
{
	struct sim_config c;
	sim_config_default(&c);
	if (!compare_apply(spec, 0, &c) || !compare_apply(spec, 1, &c))
		return "--compare: expected schedulers=N,M, preemption=A,B or balance=A,B";
	return NULL;
}

static sim_scenario *load_scn(const char *file, struct sim_diag *d)
{
	return file && *file ? sim_scenario_load(file, d) : sim_scenario_load_default(d);
}

/* The status of a failed build: what d says, except that a config the
** scenario accepts but the command line's flags break is a usage error. */
static enum gui_status build_status(const struct sim_diag *d, bool bad_config)
{
	if (d->status == SIM_ENOMEM)
		return GUI_ENOMEM;
	if (d->status == SIM_EREAD)
		return GUI_EREAD;
	return bad_config ? GUI_EUSAGE : GUI_EINVALID;
}

/* Builds the sessions of `file` with `compare` into fresh[]; returns the
** pane count, or 0 with d filled and *st set. */
static int build(struct app *a, const char *file, const char *compare,
                 struct session fresh[LAYOUT_MAX_PANES], struct sim_diag *d, enum gui_status *st)
{
	int np = compare && *compare ? 2 : 1;
	for (int i = 0; i < np; i++) {
		bool bad_config = false;
		sim_scenario *scn = load_scn(file, d);
		if (!scn)
			goto fail;
		struct sim_config cfg = sim_scenario_config(scn);
		sim_config_override(&cfg, &a->over, a->given);
		if (np == 2)
			compare_apply(compare, i, &cfg);
		const char *bad = sim_config_check(&cfg);
		if (bad) {
			sim_diag_add(d, "%s", bad);
			d->status = SIM_EINVALID;
			bad_config = true;
			sim_scenario_free(scn);
			goto fail;
		}
		const char *base = file && *file ? strrchr(file, '/') : NULL;
		if (!session_init(&fresh[i], scn, &cfg, file && *file ? (base ? base + 1 : file) : NULL)) {
			sim_scenario_free(scn);
			d->status = SIM_ENOMEM;
			sim_diag_add(d, "out of memory");
			goto fail;
		}
		continue;
	fail:
		*st = build_status(d, bad_config);
		for (int k = 0; k < i; k++)
			session_free(&fresh[k]);
		return 0;
	}
	*st = GUI_OK;
	return np;
}

/* "key=value" of pane i in compare mode, with the canonical word of the
** pane's config (the window says "preemption=reductions" whatever alias
** the spec used) and the schedulers the engine runs (a run with nodes
** keeps its nodes' schedulers: both panes say "schedulers=6"). */
static void pane_label(const struct app *a, int i, char *buf, size_t size)
{
	const struct sim_config *c = &a->ses[i].cfg;
	const char *eq = strchr(a->compare, '=');
	int klen = (int)(eq - a->compare);
	if (strncmp(a->compare, "preemption=", 11) == 0)
		snprintf(buf, size, "%.*s=%s", klen, a->compare, sim_preemption_name(c->preemption));
	else if (strncmp(a->compare, "balance=", 8) == 0)
		snprintf(buf, size, "%.*s=%s", klen, a->compare, sim_balance_name(c->balance));
	else            /* the engine's count: with config.nodes --schedulers does not apply */
		snprintf(buf, size, "%.*s=%zu", klen, a->compare, sim_sched_count(a->ses[i].sim));
}

/* The questions afresh for the sessions installed or reconfigured (their
** answers computed once per pane), the first one at tick 0 open. */
static void quiz_restart(struct app *a)
{
	const struct session *ses[LAYOUT_MAX_PANES] = { &a->ses[0], &a->ses[1] };
	if (!quizview_setup(&a->quiz, ses, a->npanes))
		app_message(a, true, "%s", a->quiz.error);
	for (int i = 0; i < a->npanes; i++)     /* the card asks them, not the caption */
		a->ses[i].notes.skip_asks = a->quiz.n > 0;
	quizview_arrive(&a->quiz);
}

static void install(struct app *a, struct session fresh[LAYOUT_MAX_PANES], int np)
{
	for (int i = 0; i < a->npanes; i++)
		session_free(&a->ses[i]);
	for (int i = 0; i < np; i++) {
		a->ses[i] = fresh[i];
		anim_reset(&a->anim[i]);
		a->view.ses[i] = &a->ses[i];
		a->view.anim[i] = &a->anim[i];
		a->view.pane_label[i][0] = '\0';
		if (np == 2)
			pane_label(a, i, a->view.pane_label[i], sizeof a->view.pane_label[i]);
	}
	a->npanes = np;
	a->view.npanes = np;
	a->view.selected = 0;
	a->view.sel_arrow = 0;
	memset(a->view.seq_flip, 0, sizeof a->view.seq_flip);
	a->view.seq_col = 0;
	a->acc = 0;
	quiz_restart(a);
}

enum gui_status app_init(struct app *a, const struct gui_opts *o)
{
	memset(a, 0, sizeof *a);
	for (int i = 0; i < LAYOUT_MAX_PANES; i++)
		anim_init(&a->anim[i]);
	quizview_init(&a->quiz);
	a->quiz.enabled = o->questions;
	a->quiz.self_test = o->self_test;
	a->view.quiz = &a->quiz;
	a->over = o->cfg;
	a->given = o->given;
	a->speed = SPEED_DEFAULT;
	a->view.zoom = o->scale >= RENDER_ZOOM_MIN && o->scale <= RENDER_ZOOM_MAX ? o->scale : 1.0;
	a->view.theme = o->theme && theme_parse(o->theme) >= 0 ? theme_parse(o->theme) : THEME_DARK;
	a->view.mode = o->view > RENDER_LANES && o->view < RENDER_MODE_COUNT ? o->view : RENDER_LANES;
	a->view.tps = speeds[a->speed];
	a->view.move_t = a->view.fly_t = 1.0;
	a->view.hover_x = a->view.hover_y = -1;
	a->scenario_dir = o->scenario_dir;
	snprintf(a->file, sizeof a->file, "%s", o->file ? o->file : "");
	snprintf(a->compare, sizeof a->compare, "%s", o->compare ? o->compare : "");
	struct sim_diag d;
	sim_diag_init(&d);
	struct session fresh[LAYOUT_MAX_PANES];
	enum gui_status st;
	int np = build(a, a->file, a->compare, fresh, &d, &st);
	if (!np) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", d.msgs[i]);
		sim_diag_free(&d);
		for (int i = 0; i < LAYOUT_MAX_PANES; i++)
			anim_free(&a->anim[i]);
		quizview_free(&a->quiz);
		return st;
	}
	sim_diag_free(&d);
	install(a, fresh, np);
	return GUI_OK;
}

void app_free(struct app *a)
{
	for (int i = 0; i < a->npanes; i++)
		session_free(&a->ses[i]);
	for (int i = 0; i < LAYOUT_MAX_PANES; i++)
		anim_free(&a->anim[i]);
	quizview_free(&a->quiz);
	a->npanes = 0;
}

/* Rebuilds from a->file with a->compare; on failure shows the errors and
** keeps what runs. */
static bool reload(struct app *a, const char *file, const char *compare)
{
	struct sim_diag d;
	sim_diag_init(&d);
	struct session fresh[LAYOUT_MAX_PANES];
	enum gui_status st;
	int np = build(a, file, compare, fresh, &d, &st);
	if (!np) {
		a->view.nmsgs = 0;
		app_message(a, true, "Cannot load %s: the current scenario keeps running.",
		            file && *file ? file : "the default scenario");
		for (size_t i = 0; i < d.n && i + 1 < RENDER_MAX_MSGS; i++)
			app_message(a, true, "%s", d.msgs[i]);
		sim_diag_free(&d);
		return false;
	}
	sim_diag_free(&d);
	if (file != a->file)
		snprintf(a->file, sizeof a->file, "%s", file ? file : "");
	if (compare != a->compare)
		snprintf(a->compare, sizeof a->compare, "%s", compare ? compare : "");
	install(a, fresh, np);
	return true;
}

/* Another file runs with its own config: the overrides of the command line
** and of the keys (1...8) belong to the scenario they were made for. */
void app_load(struct app *a, const char *path)
{
	char copy[1024];
	snprintf(copy, sizeof copy, "%s", path);
	struct sim_config over = a->over;
	uint32_t given = a->given;
	a->given = 0;
	if (reload(a, copy, a->compare)) {
		a->view.nmsgs = 0;
		a->view.playing = false;
		a->gif_rec = false;   /* a G recording belongs to the file it began in */
	} else {
		a->over = over;
		a->given = given;
	}
}

static void reset_anims(struct app *a)
{
	for (int i = 0; i < a->npanes; i++)
		anim_reset(&a->anim[i]);
	a->view.move_t = a->view.fly_t = 1.0;
	a->animating = false;
}

void app_step(struct app *a, bool animated)
{
	for (int i = 0; i < a->npanes; i++) {
		if (session_ended(&a->ses[i]))
			continue;
		if (animated)
			anim_begin_step(&a->anim[i]);
		session_step(&a->ses[i]);
		size_t n;
		const struct sim_event *ev = sim_events(a->ses[i].sim, &n);
		anim_end_step(&a->anim[i], ev, n, animated);
	}
	if (animated) {
		a->since_step_ms = 0;
		a->animating = true;
		a->view.move_t = a->view.fly_t = 0;
	}
}

static bool all_ended(const struct app *a)
{
	for (int i = 0; i < a->npanes; i++)
		if (!session_ended(&a->ses[i]))
			return false;
	return true;
}

/* Reconfigures every pane with f applied (the compared key stays per pane). */
static void reconfigure(struct app *a, void (*f)(struct sim_config *, uint32_t), uint32_t arg)
{
	for (int i = 0; i < a->npanes; i++) {
		struct sim_config c = a->ses[i].cfg;
		f(&c, arg);
		if (a->npanes == 2)
			compare_apply(a->compare, i, &c);
		if (!sim_config_check(&c))
			session_reconfigure(&a->ses[i], &c);
	}
	a->view.selected = 0;
	reset_anims(a);
	quiz_restart(a);
}

static void set_sched(struct sim_config *c, uint32_t n)
{
	if (c->dirty_schedulers == c->schedulers || c->dirty_schedulers > n)
		c->dirty_schedulers = n;
	c->schedulers = n;
}

static void toggle_preempt(struct sim_config *c, uint32_t unused)
{
	(void)unused;
	c->preemption = c->preemption == SIM_PREEMPT_REDUCTIONS ? SIM_PREEMPT_COOPERATIVE
	                                                        : SIM_PREEMPT_REDUCTIONS;
}

void app_set_schedulers(struct app *a, uint32_t n)
{
	reconfigure(a, set_sched, n);
	a->over.schedulers = n;
	a->given |= 1u << SIM_CFG_SCHEDULERS;
}

void app_select(struct app *a, uint32_t pid, int pane)
{
	a->view.selected = pid;
	a->view.sel_pane = pane;
	a->view.sel_arrow = 0;
}

void app_seq_scroll(struct app *a, const struct render *r, int d)
{
	int p = a->view.sel_pane >= 0 && a->view.sel_pane < a->npanes ? a->view.sel_pane : 0;
	const struct seqview *sv = &r->seq[p];
	int max = sv->lay_ok ? (int)sv->lay.ncols - sv->shown : 0, f = a->view.seq_col;
	f = (f > max ? max : f) + d;              /* from where it shows, within the columns */
	a->view.seq_col = f > max ? max : f < 0 ? 0 : f;
}

/* A click on the sequence chart's hit h of pane. */
static void seq_click(struct app *a, const struct seqview_hit *h, int pane)
{
	if (h->kind == SEQ_HIT_GROUP) {
		if (h->id <= SEQVIEW_MAX_GROUPS)
			a->view.seq_flip[pane] ^= 1ull << (h->id - 1);
	} else if (h->kind == SEQ_HIT_ARROW) {
		app_select(a, 0, pane);
		a->view.sel_arrow = h->id + 1;
	} else {
		app_select(a, h->kind == SEQ_HIT_LINE ? h->id : 0, pane);
	}
}

void app_click(struct app *a, const struct render *r, int x, int y)
{
	int pane = 0;
	const struct seqview_hit *h = NULL;
	if (r->insp.w <= 0 || !layout_contains(r->insp, x, y))
		h = render_seq_hit(r, x, y, &pane);
	if (h) {
		seq_click(a, h, pane);
		return;
	}
	uint32_t pid = render_hit_test(r, x, y, &pane);
	app_select(a, pid, pane);
}

static int by_name(const void *x, const void *y)
{
	return strcmp((const char *)x, (const char *)y);
}

static void picker_open(struct app *a)
{
	const char *dir = a->scenario_dir && *a->scenario_dir ? a->scenario_dir : "scenarios";
	DIR *d = opendir(dir);
	int n = 0;
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) && n < APP_MAX_PICK) {
			size_t len = strlen(e->d_name);
			size_t dlen = strlen(dir);
			if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0 ||
			    dlen + 1 + len >= sizeof a->pick_names[0])
				continue;
			memcpy(a->pick_names[n], dir, dlen);
			a->pick_names[n][dlen] = '/';
			memcpy(a->pick_names[n] + dlen + 1, e->d_name, len + 1);
			n++;
		}
		closedir(d);
	}
	qsort(a->pick_names, (size_t)n, sizeof a->pick_names[0], by_name);
	for (int i = 0; i < n; i++) {           /* shown: the file name only */
		const char *slash = strrchr(a->pick_names[i], '/');
		a->pick_ptrs[i] = slash ? slash + 1 : a->pick_names[i];
	}
	a->view.picker = a->pick_ptrs;
	a->view.npicker = n;
	a->view.picker_sel = 0;
}

/* The scenario picker's keys (it takes every key while open). */
static void picker_key(struct app *a, enum app_key k)
{
	struct render_view *v = &a->view;
	if (k == KEY_UP && v->picker_sel > 0)
		v->picker_sel--;
	else if (k == KEY_DOWN && v->picker_sel + 1 < v->npicker)
		v->picker_sel++;
	else if (k == KEY_ENTER && v->npicker > 0) {
		v->picker = NULL;
		app_load(a, a->pick_names[v->picker_sel]);
	} else if (k == KEY_ESCAPE || k == KEY_PICKER)
		v->picker = NULL;
}

/* Shift+Right: one animated step, then on to the next event other than
** RUN in each pane whose step had none. */
static void step_event(struct app *a)
{
	app_step(a, true);
	a->anim_ms = MANUAL_ANIM_MS;
	for (int i = 0; i < a->npanes; i++) {
		size_t n;
		const struct sim_event *ev = sim_events(a->ses[i].sim, &n);
		bool ev_seen = false;
		for (size_t j = 0; j < n; j++)
			ev_seen = ev_seen || ev[j].type != SIM_EV_RUN;
		if (!ev_seen)
			session_step_event(&a->ses[i], 1000000);
	}
}

/* K: kills the selected process (kept in the session's history), or says
** why it cannot.  (N + a digit, for nodes: appnode.c.) */
static void kill_selected(struct app *a)
{
	struct render_view *v = &a->view;
	if (!v->selected || v->sel_pane >= a->npanes) {
		app_message(a, false, "Click a process first, then press K to kill it.");
		return;
	}
	if (!session_kill(&a->ses[v->sel_pane], v->selected)) {
		app_message(a, false, "Process <0.%u.0> is not alive: nothing to kill.", v->selected);
		return;
	}
	size_t n;
	const struct sim_event *ev = sim_events(a->ses[v->sel_pane].sim, &n);
	anim_end_step(&a->anim[v->sel_pane], ev, n, false);
}

/* Playback: play/pause, steps, restart and speed.  False for other keys. */
static bool playback_key(struct app *a, enum app_key k)
{
	struct render_view *v = &a->view;
	switch (k) {
	case KEY_PLAY:
		v->playing = !v->playing && !all_ended(a);
		a->acc = 0;
		return true;
	case KEY_STEP:
	case KEY_STEP_EVENT:
		v->playing = false;
		if (quizview_arrive(&a->quiz))   /* another question of this tick first */
			return true;
		if (k == KEY_STEP_EVENT)
			step_event(a);
		else
			app_step(a, true);
		a->anim_ms = MANUAL_ANIM_MS;
		quizview_arrive(&a->quiz);
		return true;
	case KEY_BACK:
		v->playing = false;
		for (int i = 0; i < a->npanes; i++)
			session_back(&a->ses[i]);
		reset_anims(a);
		quizview_place(&a->quiz, true);
		return true;
	case KEY_RESTART:
		for (int i = 0; i < a->npanes; i++)
			session_restart(&a->ses[i]);
		reset_anims(a);
		v->selected = 0;
		quizview_place(&a->quiz, false);
		quizview_arrive(&a->quiz);
		return true;
	case KEY_FASTER:
	case KEY_SLOWER:
		if (k == KEY_FASTER && a->speed + 1 < NSPEEDS)
			a->speed++;
		else if (k == KEY_SLOWER && a->speed > 0)
			a->speed--;
		return true;
	default:
		return false;
	}
}

/* What is shown: help, scale, theme, Esc.  False for other keys. */
static bool view_key(struct app *a, enum app_key k)
{
	struct render_view *v = &a->view;
	switch (k) {
	case KEY_HELP:
		v->help = !v->help;
		return true;
	case KEY_ZOOM_IN:
	case KEY_ZOOM_OUT: {
		double z = k == KEY_ZOOM_IN ? v->zoom * 1.15 : v->zoom / 1.15;
		v->zoom = z > RENDER_ZOOM_MAX ? RENDER_ZOOM_MAX : z < RENDER_ZOOM_MIN ? RENDER_ZOOM_MIN : z;
		reset_anims(a);           /* no slide from places of the old scale */
		return true;
	}
	case KEY_THEME:
		v->theme = (v->theme + 1) % THEME_COUNT;
		return true;
	case KEY_VIEW:
		v->mode = (v->mode + 1) % RENDER_MODE_COUNT;
		return true;

	case KEY_ESCAPE:
		v->help = false;
		v->selected = 0;
		v->sel_arrow = 0;
		return true;
	default:
		return false;
	}
}

/* The question's keys (quizview.h): A turns self-test on or off; with a
** question open, Enter reveals and Esc skips it, and Space, Right and Left
** close it before they act as usual.  True when the key was the quiz's. */
static bool question_key(struct app *a, enum app_key k)
{
	struct quizview *q = &a->quiz;
	if (k == KEY_SELF_TEST) {
		quizview_set_self_test(q, !q->self_test);
		app_message(a, false, q->self_test
		            ? "Self-test: Enter judges your pick (answers hidden), Enter again shows "
		              "the answer; the score is in the corner."
		            : "Self-test off: Enter shows the answer.");
		return true;
	}
	if (!quizview_is_open(q))
		return false;
	if (k == KEY_ENTER)
		quizview_reveal(q);
	else if (k == KEY_ESCAPE || k == KEY_PLAY || k == KEY_STEP || k == KEY_STEP_EVENT ||
	         k == KEY_BACK)
		quizview_close(q);
	return k == KEY_ENTER || k == KEY_ESCAPE;
}

void app_digit(struct app *a, int d)
{
	if (app_node_digit(a, d) || d < 1)
		return;
	if (quizview_is_open(&a->quiz))
		quizview_pick(&a->quiz, d - 1);
	else if (d >= 1 && d <= 8 && !a->view.picker)
		app_set_schedulers(a, (uint32_t)d);
}

void app_quiz_arrive(struct app *a)
{
	quizview_place(&a->quiz, false);
	quizview_arrive(&a->quiz);
}

void app_key(struct app *a, enum app_key k)
{
	struct render_view *v = &a->view;
	a->node_armed = false;           /* N + a digit: any other key disarms */
	if (v->nmsgs && k != KEY_PLAY) {
		v->nmsgs = 0;
		if (k == KEY_ESCAPE || k == KEY_ENTER)
			return;
	}
	if (v->picker) {
		picker_key(a, k);
		return;
	}
	if (question_key(a, k)) {
		v->tps = speeds[a->speed];
		return;
	}
	if (!playback_key(a, k) && !view_key(a, k)) {
		if (k == KEY_KILL)
			kill_selected(a);
		else if (k == KEY_PREEMPTION)
			reconfigure(a, toggle_preempt, 0);
		else if (k == KEY_COMPARE)
			reload(a, a->file, a->npanes == 2 ? "" : "schedulers=1,4");
		else if (k == KEY_PICKER)
			picker_open(a);
		else if (k == KEY_NODE)
			app_node_arm(a);
	}
	v->tps = speeds[a->speed];
}

void app_tick(struct app *a, double dt, double budget_ms, uint64_t (*now_ms)(void))
{
	struct render_view *v = &a->view;
	double tps = speeds[a->speed];
	v->tps = tps;
	if (v->playing && quizview_arrive(&a->quiz))
		v->playing = false;            /* another question of this tick */
	if (v->playing) {
		if (all_ended(a)) {
			v->playing = false;
		} else {
			a->acc += dt * tps / 1000.0;
			if (a->acc > tps)          /* never owe more than a second */
				a->acc = tps;
			bool animated = tps <= ANIMATE_UP_TO;
			uint64_t t0 = now_ms();
			while (a->acc >= 1.0) {
				a->acc -= 1.0;
				app_step(a, animated);
				if (quizview_arrive(&a->quiz)) {   /* a question: play stops */
					v->playing = false;
					a->acc = 0;
					if (animated)
						a->anim_ms = MANUAL_ANIM_MS;
					break;
				}
				if (animated) {
					a->anim_ms = 1000.0 / tps * 0.8;
					if (a->anim_ms > 600)
						a->anim_ms = 600;
					a->since_step_ms = 0;
					a->acc = a->acc > 0.99 ? 0.99 : a->acc;
					break;
				}
				if ((double)(now_ms() - t0) > budget_ms) {
					a->acc = 0;
					break;
				}
			}
			if (!animated)
				v->move_t = v->fly_t = 1.0;
		}
	}
	if (a->animating) {
		a->since_step_ms += dt;
		double t = a->anim_ms > 0 ? a->since_step_ms / a->anim_ms : 1.0;
		if (t >= 1.0) {
			t = 1.0;
			a->animating = false;
		}
		v->move_t = v->fly_t = t;
	}
}
