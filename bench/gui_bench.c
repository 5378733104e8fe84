/*
** gui_bench.c - frame time of the classroom view at 1600x900 with 8
** schedulers, for 100, 1,000 and 10,000 live processes (software
** rendering into a surface: what the window does each frame, minus the
** copy to the screen).  Each frame also advances the engine one tick.
** Prints the median, 90th and 99th percentile.  A benchmark, not a test.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "render.h"

#define FRAMES 300

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void bench(struct text *t, int nprocs)
{
	char json[512];
	snprintf(json, sizeof json,
	         "{\"config\":{\"schedulers\":8,\"slice\":20},\"processes\":["
	         "{\"name\":\"w\",\"count\":%d,\"program\":[{\"op\":\"loop\",\"times\":\"forever\","
	         "\"do\":[{\"op\":\"work\",\"reductions\":30},{\"op\":\"sleep\",\"ticks\":5}]}]}]}",
	         nprocs);
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text(json, strlen(json), "bench", &d);
	sim_diag_free(&d);
	struct session s;
	struct sim_config cfg = sim_scenario_config(scn);
	if (!scn || !session_init(&s, scn, &cfg, "bench")) {
		fprintf(stderr, "gui_bench: cannot set up\n");
		exit(1);
	}
	struct anim an;
	anim_init(&an);
	struct render_view v;
	memset(&v, 0, sizeof v);
	v.ses[0] = &s;
	v.anim[0] = &an;
	v.npanes = 1;
	v.zoom = 1.0;
	v.tps = 60;
	v.playing = true;
	v.move_t = v.fly_t = 1.0;
	struct render *r = render_create(t);
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1600, 900, 32, SDL_PIXELFORMAT_ARGB8888);
	struct draw_canvas c;
	draw_begin(&c, surf);
	static double ms[FRAMES];
	for (int i = 0; i < FRAMES + 20; i++) {
		uint64_t t0 = SDL_GetPerformanceCounter();
		session_step(&s);
		render_frame(r, &c, &v);
		double dt = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 /
		            (double)SDL_GetPerformanceFrequency();
		if (i >= 20)                 /* warm-up: glyph cache */
			ms[i - 20] = dt;
	}
	qsort(ms, FRAMES, sizeof *ms, cmp);
	printf("%6d processes: median %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  (%d frames)\n", nprocs,
	       ms[FRAMES / 2], ms[FRAMES * 9 / 10], ms[FRAMES * 99 / 100], FRAMES);
	SDL_FreeSurface(surf);
	render_destroy(r);
	anim_free(&an);
	session_free(&s);
}

int main(void)
{
	struct text *t = text_create();
	if (!t || text_error(t))
		fprintf(stderr, "gui_bench: %s\n", t ? text_error(t) : "out of memory");
	printf("gui_bench: 1600x900, 8 schedulers, software rendering, engine step + frame\n");
	bench(t, 100);
	bench(t, 1000);
	bench(t, 10000);
	text_destroy(t);
	return 0;
}
