/*
** gui.c - the window loop and the headless screenshot; see gui.h.
**
** One of the GUI's platform files (with text.c and pngout.c): the only
** place that knows SDL's window, events, surfaces and clock.  Frames are
** drawn into a plain pixel buffer (draw.h) over an SDL surface's pixels;
** the app gets the time through app_tick.
*/
#include "gui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "app.h"
#include "gifrec.h"
#include "pngout.h"
#include "render.h"
#include "settings.h"
#include "text.h"

static SDL_Surface *new_frame(int w, int h)
{
	return SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
}

/* The canvas over surf's pixels (ARGB8888, unlocked: new_frame's). */
static bool canvas_of(SDL_Surface *surf, struct draw_canvas *c)
{
	return surf->format->format == SDL_PIXELFORMAT_ARGB8888 &&
	       draw_begin(c, surf->pixels, surf->w, surf->h, surf->pitch / 4);
}

/* Renders the app at its current state into surf. */
static void frame(struct render *r, SDL_Surface *surf, struct app *a)
{
	struct draw_canvas c;
	if (canvas_of(surf, &c))
		render_frame(r, &c, &a->view);
}

/* Writes surf as a PNG; 0 or -1 with a message in err (pngout.h). */
static int write_png(const char *path, SDL_Surface *surf, char *err, size_t errlen)
{
	struct draw_canvas c;
	if (!canvas_of(surf, &c)) {
		snprintf(err, errlen, "internal: not an ARGB8888 surface");
		return -1;
	}
	return pngout_write(path, &c, err, errlen);
}

static void seek(struct app *a, struct render *r, SDL_Surface *surf, uint64_t at)
{
	struct draw_canvas c;
	if (canvas_of(surf, &c))
		gifrec_arrive(a, r, &c, at);
}

const char *gui_overlay_check(const char *name)
{
	static const char *const ok[] = { "help", "picker", "question", "answer" };
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (strcmp(name, ok[i]) == 0)
			return NULL;
	return "--overlay: expected 'help', 'picker', 'question' or 'answer'";
}

/* The questions at the start tick (quizview.h): the window asks the one of
** that tick; a screenshot shows it only with --overlay question or answer
** (revealed), a GIF never. */
static void apply_quiz_opts(const struct gui_opts *o, struct app *a)
{
	bool q = o->overlay && strcmp(o->overlay, "question") == 0;
	bool ans = o->overlay && strcmp(o->overlay, "answer") == 0;
	if (q || ans || !(o->screenshot || o->gif))
		app_quiz_arrive(a);
	else
		quizview_close(&a->quiz);
	if (ans)
		quizview_reveal(&a->quiz);
	if ((q || ans) && a->quiz.error[0])
		fprintf(stderr, "beamsim: %s\n", a->quiz.error);
}

/* Selects the process named o->inspect in the first pane (its latest
** incarnation that exists at this tick) and opens the overlay; returns
** GUI_OK, or GUI_EUSAGE with a message when there is no such process. */
static enum gui_status apply_view_opts(const struct gui_opts *o, struct app *a)
{
	if (o->overlay && strcmp(o->overlay, "help") == 0)
		a->view.help = true;
	if (o->overlay && strcmp(o->overlay, "picker") == 0)
		app_key(a, KEY_PICKER);
	apply_quiz_opts(o, a);
	if (!o->inspect)
		return GUI_OK;
	const sim *s = a->ses[0].sim;
	struct sim_proc_view pv;
	for (uint32_t pid = (uint32_t)sim_proc_count(s); pid >= 1; pid--)
		if (sim_proc_view(s, pid, &pv) && strcmp(pv.name, o->inspect) == 0) {
			app_select(a, pid, 0);
			return GUI_OK;
		}
	fprintf(stderr, "beamsim: --inspect: no process named '%s' at tick %llu\n", o->inspect,
	        (unsigned long long)sim_now(s));
	return GUI_EUSAGE;
}

/* --gif: the range checked (its first tick is where the app starts). */
static enum gui_status gif_range(const struct gui_opts *o, struct app *a, struct gifrec_range *rg)
{
	char err[512];
	*rg = (struct gifrec_range){ o->from, o->to, o->to_given, o->fps };
	enum gui_status rc = gifrec_resolve(a, rg, err, sizeof err);
	if (rc)
		fprintf(stderr, "beamsim: %s\n", err);
	return rc;
}

/* Writes the --screenshot PNG or the --gif of the app started at its tick. */
static enum gui_status headless_write(const struct gui_opts *o, struct app *a, struct render *r,
                                      SDL_Surface *surf, const struct gifrec_range *rg)
{
	char err[512];
	struct draw_canvas c;
	enum gui_status rc = GUI_OK;
	if (o->gif) {
		snprintf(err, sizeof err, "internal: not an ARGB8888 surface");
		rc = canvas_of(surf, &c) ? gifrec_write(a, r, &c, rg, o->gif, NULL, err, sizeof err)
		                         : GUI_EWRITE;
	} else {
		frame(r, surf, a);
		rc = write_png(o->screenshot, surf, err, sizeof err) == 0 ? GUI_OK : GUI_EWRITE;
	}
	if (rc)
		fprintf(stderr, "beamsim: %s\n", err);
	return rc;
}

/* --screenshot and --gif: no display, a surface of their size. */
static enum gui_status headless(const struct gui_opts *o, struct app *a, struct text *t)
{
	int w = o->width ? o->width : 1600, h = o->height ? o->height : 900;
	struct gifrec_range rg;
	enum gui_status rc = o->gif ? gif_range(o, a, &rg) : GUI_OK;
	if (rc)
		return rc;
	SDL_Surface *surf = new_frame(w, h);
	struct render *r = surf ? render_create(t) : NULL;
	if (!r) {
		fputs("beamsim: out of memory\n", stderr);
		SDL_FreeSurface(surf);
		return GUI_ENOMEM;
	}
	seek(a, r, surf, o->gif ? rg.from : o->at);
	a->view.move_t = o->phase_given ? o->phase : 1.0;
	a->view.fly_t = o->phase_given ? o->phase : 0.55;
	rc = apply_view_opts(o, a);
	if (!rc)
		rc = headless_write(o, a, r, surf, &rg);
	render_destroy(r);
	SDL_FreeSurface(surf);
	return rc;
}

static void save_png(struct app *a, SDL_Surface *surf)
{
	char path[64], err[512];
	snprintf(path, sizeof path, "beamsim-tick%llu.png",
	         (unsigned long long)sim_now(a->ses[0].sim));
	if (write_png(path, surf, err, sizeof err) == 0)
		app_message(a, false, "Screenshot saved as %s", path);
	else
		app_message(a, true, "%s", err);
}

static void key(struct app *a, const SDL_KeyboardEvent *k, SDL_Window *win, bool *quit,
                SDL_Surface *surf, struct text *t)
{
	bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0, shift = (k->keysym.mod & KMOD_SHIFT) != 0;
	SDL_Keycode c = k->keysym.sym;
	if (a->view.picker && (c == SDLK_UP || c == SDLK_DOWN || c == SDLK_RETURN || c == SDLK_ESCAPE)) {
		app_key(a, c == SDLK_UP ? KEY_UP : c == SDLK_DOWN ? KEY_DOWN
		           : c == SDLK_RETURN ? KEY_ENTER : KEY_ESCAPE);
		return;
	}
	switch (c) {
	case SDLK_ESCAPE:
		if (a->view.help || a->view.nmsgs || a->view.selected || a->view.sel_arrow ||
		    quizview_is_open(&a->quiz))
			app_key(a, KEY_ESCAPE);
		else
			*quit = true;
		break;
	case SDLK_q: *quit = true; break;
	case SDLK_SPACE: app_key(a, KEY_PLAY); break;
	case SDLK_RIGHT: app_key(a, shift ? KEY_STEP_EVENT : KEY_STEP); break;
	case SDLK_LEFT: app_key(a, KEY_BACK); break;
	case SDLK_HOME: app_key(a, KEY_RESTART); break;
	case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS:
		app_key(a, ctrl ? KEY_ZOOM_IN : KEY_FASTER);
		break;
	case SDLK_MINUS: case SDLK_KP_MINUS:
		app_key(a, ctrl ? KEY_ZOOM_OUT : KEY_SLOWER);
		break;
	case SDLK_h: case SDLK_QUESTION: app_key(a, KEY_HELP); break;
	case SDLK_SLASH: if (shift) app_key(a, KEY_HELP); break;
	case SDLK_k: app_key(a, KEY_KILL); break;
	case SDLK_p: app_key(a, KEY_PREEMPTION); break;
	case SDLK_c: app_key(a, KEY_COMPARE); break;
	case SDLK_o: app_key(a, KEY_PICKER); break;
	case SDLK_s: save_png(a, surf); break;
	case SDLK_g: gifrec_key(a, t, surf->w, surf->h); break;
	case SDLK_t: app_key(a, KEY_THEME); break;
	case SDLK_v: app_key(a, KEY_VIEW); break;
	case SDLK_a: app_key(a, KEY_SELF_TEST); break;
	case SDLK_n: app_key(a, KEY_NODE); break;
	case SDLK_RETURN: case SDLK_KP_ENTER: app_key(a, KEY_ENTER); break;
	case SDLK_F11: {
		bool fs = (SDL_GetWindowFlags(win) & SDL_WINDOW_FULLSCREEN_DESKTOP) != 0;
		SDL_SetWindowFullscreen(win, fs ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
		break;
	}
	default:
		if (c >= SDLK_0 && c <= SDLK_9)
			app_digit(a, (int)(c - SDLK_0));
		else if (c >= SDLK_KP_1 && c <= SDLK_KP_9)
			app_digit(a, (int)(c - SDLK_KP_1) + 1);
		else if (c == SDLK_KP_0)
			app_digit(a, 0);
		else
			a->node_armed = false;    /* N + another key: nothing */
		break;
	}
}

/* The SDL video drivers to try, from the environment: x11 when DISPLAY is
** set, wayland when WAYLAND_DISPLAY is; NULL when SDL_VIDEODRIVER chooses
** or when there is no display at all.  Deciding here, before SDL_Init,
** keeps libwayland from printing "XDG_RUNTIME_DIR is invalid" on a machine
** without a display, where the text run is what the user gets. */
static const char *display_drivers(void)
{
	if (getenv("SDL_VIDEODRIVER"))
		return NULL;
	const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
	bool has_x = x && *x, has_wl = wl && *wl;
	if (has_x && has_wl)
		return "x11,wayland";
	return has_x ? "x11" : has_wl ? "wayland" : NULL;
}

static uint64_t ticks_ms(void)
{
	return SDL_GetTicks64();
}

/* Starts SDL's video on the display's driver; GUI_NO_DISPLAY (with the
** message unless o->quiet_no_display) when there is none. */
static enum gui_status video_start(const struct gui_opts *o)
{
	const char *drivers = display_drivers();
	if (drivers)
		SDL_SetHint(SDL_HINT_VIDEODRIVER, drivers);
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	if (!drivers && !getenv("SDL_VIDEODRIVER")) {
		if (!o->quiet_no_display)
			fputs("beamsim: no display for the window (neither DISPLAY nor WAYLAND_DISPLAY is "
			      "set); try 'beamsim gui FILE --screenshot out.png' or 'beamsim run'\n", stderr);
		return GUI_NO_DISPLAY;
	}
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		if (!o->quiet_no_display)
			fprintf(stderr, "beamsim: no display for the window (%s); try 'beamsim gui FILE "
			        "--screenshot out.png' or 'beamsim run'\n", SDL_GetError());
		return GUI_NO_DISPLAY;
	}
	return GUI_OK;
}

/* The open window and what the loop keeps between frames. */
struct window {
	SDL_Window *win;
	SDL_Surface *surf;              /* the frame, drawn then copied to the window */
	struct render *r;
	uint64_t last_ms;               /* ticks_ms() at the last app_tick */
	char title[300];                /* the window's title now */
	bool show_ms, quit;
};

/* Opens the window at o's size (or 9/10 of a smaller desktop) on the app's
** state at o->at.  On failure, a message and GUI_NO_DISPLAY or GUI_ENOMEM;
** window_close still applies. */
static enum gui_status window_open(struct window *w, const struct gui_opts *o, struct app *a,
                                   struct text *t)
{
	memset(w, 0, sizeof *w);
	int ww = o->width ? o->width : 1600, wh = o->height ? o->height : 900;
	SDL_DisplayMode dm;
	if (!o->width && SDL_GetDesktopDisplayMode(0, &dm) == 0 && (dm.w < ww || dm.h < wh)) {
		ww = dm.w * 9 / 10;
		wh = dm.h * 9 / 10;
	}
	w->win = SDL_CreateWindow("beamsim", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
	                          ww, wh, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
	if (!w->win) {
		if (!o->quiet_no_display)
			fprintf(stderr, "beamsim: cannot open a window: %s\n", SDL_GetError());
		return GUI_NO_DISPLAY;
	}
	SDL_EventState(SDL_DROPFILE, SDL_ENABLE);
	w->r = render_create(t);
	w->surf = new_frame(ww, wh);
	if (!w->r || !w->surf) {
		fputs("beamsim: out of memory\n", stderr);
		return GUI_ENOMEM;
	}
	char title[300];
	snprintf(title, sizeof title, "beamsim - %s", a->ses[0].label);
	SDL_SetWindowTitle(w->win, title);
	if (text_error(t))
		app_message(a, true, "%s", text_error(t));
	seek(a, w->r, w->surf, o->at);
	if (apply_view_opts(o, a) != 0)
		app_message(a, true, "No process named '%s' at this tick.", o->inspect);
	w->last_ms = ticks_ms();
	w->show_ms = getenv("BEAMSIM_SHOW_FRAME_MS") != NULL;
	w->title[0] = '\0';
	return GUI_OK;
}

static void window_close(struct window *w)
{
	render_destroy(w->r);
	SDL_FreeSurface(w->surf);
	if (w->win)
		SDL_DestroyWindow(w->win);
}

/* The title carries the file and the tick: window managers and
** tests/gui_e2e.sh read it.  Set when either changed (a step, a file
** opened with O or dropped). */
static void window_title(struct window *w, const struct app *a)
{
	char title[sizeof w->title];
	snprintf(title, sizeof title, "beamsim - %s - tick %llu", a->ses[0].label,
	         (unsigned long long)sim_now(a->ses[0].sim));
	if (strcmp(title, w->title) == 0)
		return;
	memcpy(w->title, title, sizeof title);
	SDL_SetWindowTitle(w->win, title);
}

/* Handles the pending events; when the app is idle, first waits up to
** 100 ms for one. */
static void window_events(struct window *w, struct app *a)
{
	SDL_Event e;
	bool busy = a->view.playing || a->animating;
	bool have = !busy && SDL_WaitEventTimeout(&e, 100);
	while (have || SDL_PollEvent(&e)) {
		have = false;
		switch (e.type) {
		case SDL_QUIT: w->quit = true; break;
		case SDL_KEYDOWN:
			if (e.key.keysym.sym == SDLK_LEFTBRACKET || e.key.keysym.sym == SDLK_RIGHTBRACKET)
				app_seq_scroll(a, w->r, e.key.keysym.sym == SDLK_LEFTBRACKET ? -1 : 1);
			else
				key(a, &e.key, w->win, &w->quit, w->surf, w->r->text);
			break;
		case SDL_MOUSEBUTTONDOWN:
			if (e.button.button == SDL_BUTTON_LEFT)
				app_click(a, w->r, e.button.x, e.button.y);
			break;
		case SDL_MOUSEMOTION:
			a->view.hover_x = e.motion.x;
			a->view.hover_y = e.motion.y;
			break;
		case SDL_MOUSEWHEEL: {         /* sideways, or Shift: the chart's columns */
			bool shift = (SDL_GetModState() & KMOD_SHIFT) != 0;
			int d = e.wheel.x ? e.wheel.x : shift ? -e.wheel.y : 0;
			if (d)
				app_seq_scroll(a, w->r, d < 0 ? -1 : 1);
			break;
		}
		case SDL_WINDOWEVENT:          /* the mouse left: no hover label */
			if (e.window.event == SDL_WINDOWEVENT_LEAVE)
				a->view.hover_x = a->view.hover_y = -1;
			break;
		case SDL_DROPFILE:
			app_load(a, e.drop.file);
			SDL_free(e.drop.file);
			w->title[0] = '\0';
			break;
		default: break;
		}
	}
}

/* Gives the frame the size of the window's surface (in pixels, which is
** not the window size on a high-DPI screen); returns that surface, NULL
** when SDL has none.  Out of memory keeps the old frame. */
static SDL_Surface *window_resize(struct window *w)
{
	int ww, wh;
	SDL_GetWindowSize(w->win, &ww, &wh);
	SDL_Surface *ws = SDL_GetWindowSurface(w->win);
	if (ws && (ws->w != ww || ws->h != wh)) {
		ww = ws->w;
		wh = ws->h;
	}
	if (ww != w->surf->w || wh != w->surf->h) {
		SDL_Surface *ns = new_frame(ww, wh);
		if (ns) {
			SDL_FreeSurface(w->surf);
			w->surf = ns;
		}
	}
	return ws;
}

/* Draws the app into the frame and shows it on ws (when there is one). */
static void window_frame(struct window *w, struct app *a, SDL_Surface *ws)
{
	uint64_t f0 = SDL_GetPerformanceCounter();
	frame(w->r, w->surf, a);
	if (ws) {
		SDL_BlitSurface(w->surf, NULL, ws, NULL);
		SDL_UpdateWindowSurface(w->win);
	}
	if (w->show_ms)
		a->view.frame_ms = (double)(SDL_GetPerformanceCounter() - f0) * 1000.0 /
		                   (double)SDL_GetPerformanceFrequency();
}

/* The window until it is closed: title, events, playback, frame. */
static enum gui_status window_loop(const struct gui_opts *o, struct app *a, struct text *t)
{
	enum gui_status rc = video_start(o);
	if (rc != GUI_OK)
		return rc;
	char spath[1024];
	bool have = settings_path(spath, sizeof spath);
	int in_file;
	a->view.mode = settings_start_view(have ? spath : NULL, a->view.mode, o->view_given, &in_file);
	struct window w;
	rc = window_open(&w, o, a, t);
	while (rc == GUI_OK && !w.quit) {
		window_title(&w, a);
		window_events(&w, a);
		uint64_t now = ticks_ms();
		app_tick(a, (double)(now - w.last_ms), 10.0, ticks_ms);
		w.last_ms = now;
		window_frame(&w, a, window_resize(&w));
		if (a->view.playing || a->animating)
			SDL_Delay(a->view.playing && app_tps(a) > 30 ? 1 : 8);
	}
	window_close(&w);
	if (rc == GUI_OK)
		settings_end_view(have ? spath : NULL, a->view.mode, in_file);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	return rc;
}

enum gui_status gui_main(const struct gui_opts *o)
{
	if (o->compare && gui_compare_check(o->compare)) {
		char pre[64], bal[64];
		fprintf(stderr, "beamsim: %s, got '%s'\n  (N, M from 1 to %d; preemption %s; balance %s; "
		        "e.g. schedulers=1,4)\n", gui_compare_check(o->compare), o->compare,
		        SIM_MAX_SCHEDULERS, sim_word_list(sim_preemption_words, pre, sizeof pre),
		        sim_word_list(sim_balance_words, bal, sizeof bal));
		return GUI_EUSAGE;
	}
	if (o->overlay && gui_overlay_check(o->overlay)) {
		fprintf(stderr, "beamsim: %s\n", gui_overlay_check(o->overlay));
		return GUI_EUSAGE;
	}
	if (SDL_Init(0) != 0) {
		fprintf(stderr, "beamsim: cannot start SDL: %s\n", SDL_GetError());
		return GUI_NO_DISPLAY;
	}
	struct app *a = malloc(sizeof *a);
	if (!a) {
		fputs("beamsim: out of memory\n", stderr);
		SDL_Quit();
		return GUI_ENOMEM;
	}
	enum gui_status rc = app_init(a, o);
	if (rc) {
		free(a);
		SDL_Quit();
		return rc;
	}
	struct text *t = text_create();
	if (!t) {
		fputs("beamsim: out of memory\n", stderr);
		rc = GUI_ENOMEM;
	} else {
		if (text_error(t))
			fprintf(stderr, "beamsim: %s; drawing without text\n", text_error(t));
		rc = o->screenshot || o->gif ? headless(o, a, t) : window_loop(o, a, t);
	}
	text_destroy(t);
	app_free(a);
	free(a);
	SDL_Quit();
	return rc;
}
