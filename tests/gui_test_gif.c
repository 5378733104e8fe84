/* gui_test_gif.c - `beamsim gui --gif` and the G key without a window:
** the GIF is decoded with giflib (DGifSlurp) and checked for its frame
** count and size, frames that change where the run changes and stay equal
** where nothing moves, the theme's colours kept exactly, pixels equal to
** the renderer's, the same bytes every time, and errors that leave no
** file behind. */
#define _XOPEN_SOURCE 700   /* mkdtemp, chdir */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <cmocka.h>

#include <gif_lib.h>

#include "gifrec.h"
#include "gui_support.h"
#include "theme.h"

#define W 800
#define H 450
#define FPS 4
#define FROM 108                /* bad crashes at 110 and exits at 111 (two schedulers) */
#define TO 113

/* A decoded GIF and its frames drawn one over the other. */
struct decoded {
	GifFileType *gif;
	uint32_t *px;                /* the composited picture so far, 0xffRRGGBB */
	int next;                    /* the frame drawn next */
};

static void decode(struct decoded *d, const char *path)
{
	int e = 0;
	d->gif = DGifOpenFileName(path, &e);
	assert_non_null(d->gif);
	assert_int_equal(DGifSlurp(d->gif), GIF_OK);
	d->px = calloc((size_t)d->gif->SWidth * (size_t)d->gif->SHeight, sizeof *d->px);
	assert_non_null(d->px);
	d->next = 0;
}

static void decoded_free(struct decoded *d)
{
	int e = 0;
	DGifCloseFile(d->gif, &e);
	free(d->px);
}

static uint32_t map_color(const ColorMapObject *cm, int i)
{
	const GifColorType *c = &cm->Colors[i];
	return 0xff000000u | (uint32_t)c->Red << 16 | (uint32_t)c->Green << 8 | c->Blue;
}

/* Draws frames up to and including i over d->px. */
static void compose_to(struct decoded *d, int i)
{
	assert_true(i >= d->next && i < d->gif->ImageCount);
	for (; d->next <= i; d->next++) {
		const SavedImage *s = &d->gif->SavedImages[d->next];
		GraphicsControlBlock gcb;
		assert_int_equal(DGifSavedExtensionToGCB(d->gif, d->next, &gcb), GIF_OK);
		assert_int_equal(gcb.DisposalMode, DISPOSE_DO_NOT);
		const GifImageDesc *id = &s->ImageDesc;
		const ColorMapObject *cm = id->ColorMap ? id->ColorMap : d->gif->SColorMap;
		for (int y = 0; y < id->Height; y++)
			for (int x = 0; x < id->Width; x++) {
				int k = s->RasterBits[y * id->Width + x];
				if (k != gcb.TransparentColor)
					d->px[(size_t)(y + id->Top) * (size_t)d->gif->SWidth + (size_t)(x + id->Left)] =
						map_color(cm, k);
			}
	}
}

static bool in_palette(const GifFileType *g, uint32_t c)
{
	for (int i = 0; i < g->SColorMap->ColorCount; i++)
		if (map_color(g->SColorMap, i) == (c | 0xff000000u))
			return true;
	return false;
}

static int view_mode;                  /* enum render_mode of the app open_lesson opens */

static void open_lesson(struct app_fixture *f, const char *lesson, int theme)
{
	static char path[512];
	scenario_file(path, sizeof path, lesson);
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = path;
	o.theme = theme == THEME_CONTRAST ? "contrast" : "dark";
	o.view = view_mode;
	sim_config_default(&o.cfg);
	app_fixture_open(f, &o, W, H);
}

/* The GIF of crash_isolation ticks from..to at FPS frames per tick into path. */
static struct gifout_stats write_gif(const char *path, int theme, uint64_t from, uint64_t to)
{
	static struct app_fixture f;
	open_lesson(&f, "crash_isolation.json", theme);
	struct gifrec_range rg = { from, to, true, FPS };
	char err[512];
	assert_int_equal(gifrec_resolve(f.a, &rg, err, sizeof err), GUI_OK);
	gifrec_arrive(f.a, f.r, &f.c, rg.from);
	struct gifout_stats st;
	enum gui_status rc = gifrec_write(f.a, f.r, &f.c, &rg, path, &st, err, sizeof err);
	if (rc != GUI_OK)
		fail_msg("%s", err);
	assert_int_equal(sim_now(f.a->ses[0].sim), to);
	app_fixture_close(&f);
	return st;
}

/* What the renderer draws at tick t, phase k/FPS, as a GIF frame: into px. */
static void reference(uint32_t *px, uint64_t t, int k)
{
	static struct app_fixture f;
	open_lesson(&f, "crash_isolation.json", THEME_DARK);
	gifrec_arrive(f.a, f.r, &f.c, t);
	f.a->view.playing = true;
	f.a->view.tps = gifrec_tps(FPS);
	f.a->view.move_t = f.a->view.fly_t = (double)k / FPS;
	render_frame(f.r, &f.c, &f.a->view);
	memcpy(px, f.px, (size_t)W * H * sizeof *px);
	app_fixture_close(&f);
}

static void temp_path(char *buf, size_t n, const char *name)
{
	static char dir[64];
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/gui_test_gif.XXXXXX");
		assert_non_null(mkdtemp(dir));
	}
	snprintf(buf, n, "%s/%s", dir, name);
}

/* Frame index of tick t's k-th frame (k 1..FPS; the first tick's frame is 0). */
static int frame_of(uint64_t t, int k)
{
	return (int)((t - FROM - 1) * FPS + (uint64_t)k);
}

static void frames_size_and_pixels(void **state)
{
	(void)state;
	char path[128];
	temp_path(path, sizeof path, "a.gif");
	struct gifout_stats st = write_gif(path, THEME_DARK, FROM, TO);
	struct decoded d;
	decode(&d, path);
	assert_int_equal(d.gif->ImageCount, 1 + (TO - FROM) * FPS);
	assert_int_equal(st.frames, (size_t)d.gif->ImageCount);
	assert_int_equal(d.gif->SWidth, W);
	assert_int_equal(d.gif->SHeight, H);
	assert_int_equal(d.gif->SColorMap->ColorCount, 256);
	/* the last frame against the renderer's picture of the last tick: every
	** colour of the palette exact; the others (antialiased shades, when the
	** frame holds more than 255 colours) the nearest entry, a few percent */
	static uint32_t ref[W * H];
	reference(ref, TO, FPS);
	compose_to(&d, d.gif->ImageCount - 1);
	size_t exact = 0, wrong_palette = 0;
	for (size_t i = 0; i < (size_t)W * H; i++) {
		exact += d.px[i] == ref[i];
		wrong_palette += in_palette(d.gif, ref[i]) && d.px[i] != ref[i];
	}
	assert_int_equal(wrong_palette, 0);
	assert_true(exact * 100 >= (size_t)W * H * 97);
	/* a frame in the middle of a step: the renderer at that phase */
	decoded_free(&d);
	decode(&d, path);
	reference(ref, FROM + 2, 2);
	compose_to(&d, frame_of(FROM + 2, 2));
	wrong_palette = 0;
	for (size_t i = 0; i < (size_t)W * H; i++)
		wrong_palette += in_palette(d.gif, ref[i]) && d.px[i] != ref[i];
	assert_int_equal(wrong_palette, 0);
	decoded_free(&d);
	unlink(path);
}

/* The ticks of the range whose step had no event at all: nothing moves. */
static int quiet_ticks(uint64_t *out, int max)
{
	static struct app_fixture f;
	open_lesson(&f, "crash_isolation.json", THEME_DARK);
	session_seek(&f.a->ses[0], FROM);
	int n = 0;
	for (uint64_t t = FROM + 1; t <= TO; t++) {
		size_t nev;
		session_step(&f.a->ses[0]);
		sim_events(f.a->ses[0].sim, &nev);
		if (nev == 0 && n < max)
			out[n++] = t;
	}
	app_fixture_close(&f);
	return n;
}

static bool same_picture(const uint32_t *a, const uint32_t *b)
{
	return memcmp(a, b, (size_t)W * H * sizeof *a) == 0;
}

static void frames_change_with_the_run(void **state)
{
	(void)state;
	char path[128];
	temp_path(path, sizeof path, "b.gif");
	write_gif(path, THEME_DARK, FROM, TO);
	static uint32_t before[W * H], mid[W * H];
	struct decoded d;
	decode(&d, path);
	/* bad's exit (tick 111): its ghost appears, so the frame differs from the
	** one before the step; each tick's first frame differs from the last
	** frame of the tick before (its number in the header, at least) */
	for (uint64_t t = FROM + 1; t <= TO; t++) {
		compose_to(&d, frame_of(t, 1) - 1);
		memcpy(before, d.px, sizeof before);
		compose_to(&d, frame_of(t, 1));
		assert_false(same_picture(before, d.px));
	}
	decoded_free(&d);
	/* a step with no event: its frames after the first are equal to it, each
	** a single transparent pixel in the file */
	uint64_t quiet[8];
	int nq = quiet_ticks(quiet, 8);
	assert_true(nq > 0);
	decode(&d, path);
	for (int q = 0; q < nq; q++) {
		compose_to(&d, frame_of(quiet[q], 1));
		memcpy(mid, d.px, sizeof mid);
		for (int k = 2; k <= FPS; k++) {
			compose_to(&d, frame_of(quiet[q], k));
			assert_true(same_picture(mid, d.px));
			const GifImageDesc *id = &d.gif->SavedImages[frame_of(quiet[q], k)].ImageDesc;
			assert_int_equal(id->Width * id->Height, 1);
		}
	}
	decoded_free(&d);
	unlink(path);
}

static void palette_keeps_theme_colors(void **state)
{
	(void)state;
	for (int theme = 0; theme < THEME_COUNT; theme++) {
		char path[128];
		temp_path(path, sizeof path, "c.gif");
		write_gif(path, theme, 0, 2);
		struct decoded d;
		decode(&d, path);
		const struct theme *th = theme_get(theme);
		for (int i = 0; i < TS_COUNT; i++)
			assert_true(in_palette(d.gif, th->color[i]));
		for (int i = 0; i < THEME_NIDENT; i++)
			assert_true(in_palette(d.gif, th->ident[i]));
		decoded_free(&d);
		unlink(path);
	}
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	rewind(f);
	unsigned char *buf = malloc(*n ? *n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, *n, f), *n);
	fclose(f);
	return buf;
}

static void same_bytes_every_time(void **state)
{
	(void)state;
	char p1[128], p2[128];
	temp_path(p1, sizeof p1, "d1.gif");
	temp_path(p2, sizeof p2, "d2.gif");
	write_gif(p1, THEME_DARK, FROM, FROM + 3);
	write_gif(p2, THEME_DARK, FROM, FROM + 3);
	size_t n1, n2;
	unsigned char *b1 = slurp(p1, &n1), *b2 = slurp(p2, &n2);
	assert_true(n1 > 1000);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, n1);
	free(b1);
	free(b2);
	unlink(p1);
	unlink(p2);
}

/* No file and no temporary file in dir but those named keep. */
static int files_in(const char *dir)
{
	DIR *dd = opendir(dir);
	assert_non_null(dd);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dd)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(dd);
	return n;
}

static void errors_leave_nothing(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_lesson(&f, "crash_isolation.json", THEME_DARK);
	char err[512], dir[128], path[160];
	temp_path(dir, sizeof dir, "e");
	assert_int_equal(mkdir(dir, 0700), 0);
	struct gifrec_range bad = { 9, 3, true, FPS };
	assert_int_equal(gifrec_resolve(f.a, &bad, err, sizeof err), GUI_EUSAGE);
	assert_non_null(strstr(err, "--from 9 is after --to 3"));
	struct gifrec_range late = { 0, 5000, true, 1 };
	assert_int_equal(gifrec_resolve(f.a, &late, err, sizeof err), GUI_EUSAGE);
	assert_non_null(strstr(err, "the run ends at tick"));
	struct gifrec_range huge = { 0, 100000, true, 1 };
	assert_int_equal(gifrec_resolve(f.a, &huge, err, sizeof err), GUI_EUSAGE);
	assert_non_null(strstr(err, "a GIF holds at most 10000"));
	struct gifrec_range whole = { 0, 0, false, 1 };    /* to the end of the run */
	assert_int_equal(gifrec_resolve(f.a, &whole, err, sizeof err), GUI_OK);
	assert_true(whole.to > 111);
	assert_int_equal(sim_now(f.a->ses[0].sim), 0);
	struct gifrec_range rg = { 0, 1, true, 1 };
	snprintf(path, sizeof path, "%s/no/such/dir.gif", dir);
	assert_int_equal(gifrec_write(f.a, f.r, &f.c, &rg, path, NULL, err, sizeof err), GUI_EWRITE);
	assert_non_null(strstr(err, path));
	assert_int_equal(gifrec_write(f.a, f.r, &f.c, &rg, dir, NULL, err, sizeof err), GUI_EWRITE);
	assert_non_null(strstr(err, "Is a directory"));
	assert_int_equal(files_in(dir), 0);
	app_fixture_close(&f);
	rmdir(dir);
}

static void g_key_records_and_saves(void **state)
{
	(void)state;
	char dir[128], cwd[1024];
	temp_path(dir, sizeof dir, "g");
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(dir), 0);
	static struct app_fixture f;
	open_lesson(&f, "crash_isolation.json", THEME_DARK);
	for (int i = 0; i < FROM; i++)
		app_step(f.a, false);
	gifrec_key(f.a, f.text, W, H);                     /* G: recording from tick FROM */
	assert_true(f.a->gif_rec);
	assert_non_null(strstr(f.a->view.msgs[0], "Recording a GIF from tick 108"));
	for (int i = 0; i < 3; i++)
		app_key(f.a, KEY_STEP);
	gifrec_key(f.a, f.text, W, H);                     /* G again: saved */
	assert_false(f.a->gif_rec);
	assert_false(f.a->view.msgs_are_errors);
	assert_non_null(strstr(f.a->view.msgs[0], "beamsim-crash_isolation-108-111.gif"));
	assert_int_equal(sim_now(f.a->ses[0].sim), FROM + 3);   /* back where it was */
	struct decoded d;
	decode(&d, "beamsim-crash_isolation-108-111.gif");
	assert_int_equal(d.gif->ImageCount, 1 + 3 * GIFREC_FPS);
	assert_int_equal(d.gif->SWidth, W);
	assert_int_equal(d.gif->SHeight, H);
	decoded_free(&d);
	/* the same file as --gif makes of that range */
	static struct app_fixture g;
	open_lesson(&g, "crash_isolation.json", THEME_DARK);
	struct gifrec_range rg = { FROM, FROM + 3, true, GIFREC_FPS };
	char err[512];
	gifrec_arrive(g.a, g.r, &g.c, rg.from);
	assert_int_equal(gifrec_write(g.a, g.r, &g.c, &rg, "cli.gif", NULL, err, sizeof err), GUI_OK);
	size_t n1, n2;
	unsigned char *b1 = slurp("beamsim-crash_isolation-108-111.gif", &n1), *b2 = slurp("cli.gif", &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, n1);
	free(b1);
	free(b2);
	unlink("cli.gif");
	unlink("beamsim-crash_isolation-108-111.gif");
	/* a recording belongs to its scenario: opening another one ends it */
	gifrec_key(f.a, f.text, W, H);
	assert_true(f.a->gif_rec);
	char other[512];
	scenario_file(other, sizeof other, "links_propagate.json");
	app_load(f.a, other);
	assert_false(f.a->gif_rec);
	assert_int_equal(files_in("."), 0);
	app_fixture_close(&g);
	app_fixture_close(&f);
	assert_int_equal(chdir(cwd), 0);
	rmdir(dir);
}

/* Pixels of colour col (as drawn in the dark theme) in the frame. */
static size_t count_color(const uint32_t *px, uint32_t col)
{
	size_t n = 0;
	for (size_t i = 0; i < (size_t)W * H; i++)
		n += (px[i] | 0xff000000u) == col;
	return n;
}

/* --view sequence: the GIF draws the sequence chart (not the lanes), one
** frame per phase as for the lanes; each tick's first frame differs from
** the tick before (the playhead moves down), and bad's crash (exit at
** 111) adds crash-coloured pixels: its end mark and reason. */
static void sequence_view_gif(void **state)
{
	(void)state;
	char lanes[128], seq[128];
	temp_path(lanes, sizeof lanes, "l.gif");
	temp_path(seq, sizeof seq, "s.gif");
	write_gif(lanes, THEME_DARK, FROM, TO);
	view_mode = RENDER_SEQUENCE;
	write_gif(seq, THEME_DARK, FROM, TO);
	view_mode = RENDER_LANES;
	static uint32_t first[W * H], before[W * H];
	struct decoded d;
	decode(&d, lanes);
	compose_to(&d, 0);
	memcpy(first, d.px, sizeof first);
	int nframes = d.gif->ImageCount;
	decoded_free(&d);
	decode(&d, seq);
	assert_int_equal(d.gif->ImageCount, nframes);
	assert_int_equal(d.gif->SWidth, W);
	for (uint64_t t = FROM + 1; t <= TO; t++) {
		compose_to(&d, frame_of(t, 1) - 1);
		memcpy(before, d.px, sizeof before);
		if (t == FROM + 1)                   /* the first frame: not the lanes */
			assert_false(same_picture(first, before));
		compose_to(&d, frame_of(t, 1));
		assert_false(same_picture(before, d.px));
		if (t == 111)
			assert_true(count_color(d.px, DRAW_CRASH) > count_color(before, DRAW_CRASH) + 20);
	}
	decoded_free(&d);
	unlink(lanes);
	unlink(seq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frames_size_and_pixels),
		cmocka_unit_test(frames_change_with_the_run),
		cmocka_unit_test(palette_keeps_theme_colors),
		cmocka_unit_test(same_bytes_every_time),
		cmocka_unit_test(errors_leave_nothing),
		cmocka_unit_test(g_key_records_and_saves),
		cmocka_unit_test(sequence_view_gif),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char dir[128];
	temp_path(dir, sizeof dir, "");
	rmdir(dir);
	return rc;
}
