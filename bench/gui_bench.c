/*
** gui_bench.c - frame time of the classroom view at 1600x900 with 8
** schedulers, for 100, 1,000 and 10,000 live processes, and 1,000 linked
** in a chain of links 7 apart (software
** rendering into a pixel buffer: what the window does each frame, minus the
** copy to the screen).  Two cases: "step+frame", where each frame also
** advances the engine one tick (fast playback), and "frame", frames
** between two ticks (classroom speeds: 60 frames per second at 1 to 30
** ticks per second).  Prints the median, 90th and 99th percentile.
** Then stepping back through a long, dense history (64 schedulers, each
** switching every tick), past what the bounded Gantt history keeps: the
** time per step back, including the replays that rebuild the history.
** Then the sequence view: 200 processes, 10,149 messages (`gui_bench
** --sequence` runs only that).  A benchmark, not a test.
*/
#define _POSIX_C_SOURCE 200809L   /* clock_gettime */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render.h"

#define FRAMES 300

/* Counts heap allocations made by the whole process (SDL, TTF and ours),
** to check that a steady-state frame allocates nothing. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
static unsigned long allocations;
void *malloc(size_t n) { allocations++; return __libc_malloc(n); }
void *calloc(size_t n, size_t m) { allocations++; return __libc_calloc(n, m); }
void *realloc(void *p, size_t n) { allocations++; return __libc_realloc(p, n); }

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: unlike wall time, not inflated when other
** processes take the core (a shared machine). */
static double cpu_ms(void)
{
	return clock_ms(CLOCK_THREAD_CPUTIME_ID);
}

static double wall_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

static void open_session(struct session *s, const char *json)
{
	struct sim_diag d;
	sim_diag_init(&d);
	bool ok = session_init_text(s, json, strlen(json), "bench", &d);
	sim_diag_free(&d);
	if (!ok) {
		fprintf(stderr, "gui_bench: cannot set up\n");
		exit(1);
	}
}

/* A one-pane view of s, and a renderer with a 1600x900 canvas (exits
** when out of memory). */
static struct render *bench_setup(struct text *t, struct session *s, struct anim *an,
                                  struct render_view *v, uint32_t **px, struct draw_canvas *c)
{
	memset(v, 0, sizeof *v);
	v->ses[0] = s;
	v->anim[0] = an;
	v->npanes = 1;
	v->zoom = 1.0;
	v->tps = 60;
	v->playing = true;
	v->move_t = v->fly_t = 1.0;
	struct render *r = render_create(t);
	*px = calloc(1600 * 900, sizeof **px);
	if (!r || !draw_begin(c, *px, 1600, 900, 1600)) {
		fprintf(stderr, "gui_bench: out of memory\n");
		exit(1);
	}
	return r;
}

/* linked: each process is also linked to the one 7 further on (the
** links drawn, routed around the boxes: gui/linkroute.h). */
static void bench(struct text *t, int nprocs, bool step, bool linked)
{
	static char json[65536];
	int n = snprintf(json, sizeof json,
	         "{\"config\":{\"schedulers\":8,\"slice\":20},\"processes\":["
	         "{\"name\":\"w\",\"count\":%d,\"program\":[{\"op\":\"loop\",\"times\":\"forever\","
	         "\"do\":[{\"op\":\"work\",\"reductions\":30},{\"op\":\"sleep\",\"ticks\":5}]}]}]",
	         nprocs);
	for (int i = 1; linked && i + 7 <= nprocs && n < (int)sizeof json - 64; i++)
		n += snprintf(json + n, sizeof json - (size_t)n, "%s[\"w_%d\",\"w_%d\"]",
		              i == 1 ? ",\"links\":[" : ",", i, i + 7);
	snprintf(json + n, sizeof json - (size_t)n, "%s}", linked ? "]" : "");
	struct session s;
	open_session(&s, json);
	struct anim an;
	anim_init(&an);
	struct render_view v;
	uint32_t *px;
	struct draw_canvas c;
	struct render *r = bench_setup(t, &s, &an, &v, &px, &c);
	static double ms[FRAMES], cpu[FRAMES];
	unsigned long allocs_at_warm = 0;
	for (int i = 0; i < FRAMES + 20; i++) {
		if (i == 20)
			allocs_at_warm = allocations;
		double t0 = wall_ms();
		double c0 = cpu_ms();
		if (step || i == 0)
			session_step(&s);
		render_frame(r, &c, &v);
		double dt = wall_ms() - t0;
		double dc = cpu_ms() - c0;
		if (i >= 20) {               /* warm-up: glyph cache */
			ms[i - 20] = dt;
			cpu[i - 20] = dc;
		}
	}
	qsort(ms, FRAMES, sizeof *ms, cmp);
	qsort(cpu, FRAMES, sizeof *cpu, cmp);
	unsigned long allocs = allocations - allocs_at_warm;
	printf("%-10s %6d processes%s: wall median %5.2f p90 %5.2f p99 %5.2f ms | "
	       "cpu median %5.2f p90 %5.2f p99 %5.2f ms | %.2f allocations/frame\n",
	       step ? "step+frame" : "frame", nprocs, linked ? " linked" : "", ms[FRAMES / 2], ms[FRAMES * 9 / 10],
	       ms[FRAMES * 99 / 100], cpu[FRAMES / 2], cpu[FRAMES * 9 / 10], cpu[FRAMES * 99 / 100],
	       (double)allocs / FRAMES);
	free(px);
	render_destroy(r);
	anim_free(&an);
	session_free(&s);
}

/* The sequence view (gui/seqview.h): 200 processes (hub and 199 made from
** one template) and 10,149 messages to hub; frames at the run's end, with
** the template's group folded into one column (the default) and unfolded
** into 199.  The chart is read and laid out by the first frame (warm-up). */
static void bench_seq(struct text *t, bool unfold)
{
	static const char json[] =
		"{\"config\":{\"schedulers\":4},\"processes\":["
		"{\"name\":\"hub\",\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":["
		"{\"op\":\"receive\",\"cases\":[{\"match\":\"_\"}]}]}]},"
		"{\"name\":\"w\",\"count\":199,\"program\":[{\"op\":\"loop\",\"times\":51,\"do\":["
		"{\"op\":\"send\",\"to\":\"hub\",\"message\":\"m\"},{\"op\":\"sleep\",\"ticks\":3}]}]}]}";
	struct session s;
	open_session(&s, json);
	session_seek(&s, 400);
	struct anim an;
	anim_init(&an);
	struct render_view v;
	uint32_t *px;
	struct draw_canvas c;
	struct render *r = bench_setup(t, &s, &an, &v, &px, &c);
	v.playing = false;
	v.hover_x = v.hover_y = -1;
	v.mode = RENDER_SEQUENCE;
	v.seq_flip[0] = unfold ? 1 : 0;
	static double cpu[FRAMES];
	unsigned long allocs_at_warm = 0;
	for (int i = 0; i < FRAMES + 20; i++) {
		if (i == 20)
			allocs_at_warm = allocations;
		double c0 = cpu_ms();
		render_frame(r, &c, &v);
		if (i >= 20)
			cpu[i - 20] = cpu_ms() - c0;
	}
	qsort(cpu, FRAMES, sizeof *cpu, cmp);
	const struct seqview *sv = &r->seq[0];
	size_t msgs = 0;
	for (size_t i = 0; i < sv->chart->narrows; i++)
		msgs += sv->chart->arrows[i].kind == CHART_MSG;
	printf("sequence   %zu processes, %zu messages, %zu columns (%s): cpu median %5.2f p90 %5.2f "
	       "p99 %5.2f ms | %.2f allocations/frame\n", sv->chart->nlines - 1, msgs, sv->lay.ncols,
	       unfold ? "unfolded" : "folded", cpu[FRAMES / 2], cpu[FRAMES * 9 / 10],
	       cpu[FRAMES * 99 / 100], (double)(allocations - allocs_at_warm) / FRAMES);
	free(px);
	render_destroy(r);
	anim_free(&an);
	session_free(&s);
}

/* Runs `ticks` ticks of a dense scenario, then steps back `backs` times. */
static void bench_back(uint64_t ticks, int backs)
{
	static const char json[] =
		"{\"config\":{\"schedulers\":64,\"slice\":1,\"until\":1000000000},\"processes\":["
		"{\"name\":\"w\",\"count\":128,\"program\":[{\"op\":\"loop\",\"times\":\"forever\","
		"\"do\":[{\"op\":\"work\",\"reductions\":1000}]}]}]}";
	struct session s;
	open_session(&s, json);
	double c0 = cpu_ms();
	session_seek(&s, ticks);
	double forward = cpu_ms() - c0;
	size_t runs = s.nruns, bytes = session_history_bytes(&s);
	double *ms = malloc((size_t)backs * sizeof *ms);
	if (!ms)
		exit(1);
	int rebuilds = 0;
	uint64_t from = s.runs_from;
	for (int i = 0; i < backs; i++) {
		double b0 = cpu_ms();
		session_back(&s);
		ms[i] = cpu_ms() - b0;
		if (s.runs_from < from)
			rebuilds++;
		from = s.runs_from;
	}
	qsort(ms, (size_t)backs, sizeof *ms, cmp);
	printf("step back  64 schedulers, %llu ticks (%.0f ms forward; %zu runs kept, %zu KiB): "
	       "%d steps back, cpu median %.2f p99 %.2f max %.1f ms, %d rebuilds\n",
	       (unsigned long long)ticks, forward, runs, bytes >> 10, backs, ms[backs / 2],
	       ms[backs * 99 / 100], ms[backs - 1], rebuilds);
	free(ms);
	session_free(&s);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--sequence") == 0) {   /* the sequence view only */
		struct text *t = text_create();
		bench_seq(t, false);
		bench_seq(t, true);
		text_destroy(t);
		return 0;
	}
	struct text *t = text_create();
	if (!t || text_error(t))
		fprintf(stderr, "gui_bench: %s\n", t ? text_error(t) : "out of memory");
	printf("gui_bench: 1600x900, 8 schedulers, software rendering, %d frames each\n", FRAMES);
	static const int n[] = { 100, 1000, 10000 };
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 3; i++)
			bench(t, n[i], k == 0, false);
	for (int k = 0; k < 2; k++)                 /* links drawn and routed */
		bench(t, 1000, k == 0, true);
	bench_seq(t, false);
	bench_seq(t, true);
	text_destroy(t);
	bench_back(200000, 20000);
	return 0;
}
