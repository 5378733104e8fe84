/*
** threads.c - the threaded executor: every scheduler and every dirty
** scheduler runs its tick phase on its own POSIX thread.
**
** A step is: the main thread plans it (sched_plan), releases all workers
** through the `start` barrier, each worker runs the tick phase of its
** scheduler (sched_tick_one / sched_tick_dirty: they touch disjoint state,
** see engine.h) and burns `reduction_ns` of real CPU per reduction of a
** work or native op, then all meet at the `done` barrier, and the main
** thread applies the boundary (sched_finish) alone.  The boundary's order
** never depends on thread timing, so the schedule is byte-identical to
** sim_step's.  Batching (sched_plan) makes one step cover a whole run of
** pure work, often a whole slice, so two barrier crossings are paid per
** slice rather than per reduction.
*/
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

struct worker {
	struct sim_threads *t;
	pthread_t thread;
	bool dirty;
	uint32_t idx;
	double cpu_seconds;        /* thread CPU time, written when the thread ends */
	uint64_t sink;             /* keeps the burn loop from being optimised away */
};

struct sim_threads {
	struct sim *s;
	uint64_t reduction_ns;
	double iters_per_ns;
	pthread_barrier_t start, done;
	struct worker *w;
	uint32_t nw;
	uint64_t k;                /* ticks of the current step; written before `start` */
	bool quit;                 /* written before `start` */
	pthread_mutex_t gate_mu;   /* start-up: workers wait until all exist */
	pthread_cond_t gate_cv;
	int gate;                  /* 0 waiting, 1 go, -1 abandon */
	struct timespec t0;
	char note[160];
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* xorshift: real, unremovable CPU work whose cost is linear in iters. */
static uint64_t burn(uint64_t iters, uint64_t x)
{
	for (uint64_t i = 0; i < iters; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	return x;
}

/* Iterations of burn() per nanosecond on this machine: the fastest of a
** few runs, so a busy moment at start-up does not inflate the cost. */
static double calibrate(void)
{
	double best = 0;
	uint64_t sink = 1;
	for (int r = 0; r < 5; r++) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		sink = burn(1u << 21, sink | 1);
		double ns = seconds_since(&t0) * 1e9;
		double rate = (double)(1u << 21) / (ns > 1 ? ns : 1);
		if (rate > best)
			best = rate;
	}
	return sink ? best : best + 0;   /* use sink */
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct sim_threads *t = w->t;
	struct sim *s = t->s;
	pthread_mutex_lock(&t->gate_mu);
	while (t->gate == 0)
		pthread_cond_wait(&t->gate_cv, &t->gate_mu);
	int gate = t->gate;
	pthread_mutex_unlock(&t->gate_mu);
	if (gate < 0)
		return NULL;
	for (;;) {
		pthread_barrier_wait(&t->start);
		if (t->quit)
			break;
		uint64_t k = t->k;
		struct sched *sc = w->dirty ? &s->dirty[w->idx] : &s->scheds[w->idx];
		uint64_t work = sc->current && sched_runs_work(s, sc, w->dirty) ? k : 0;
		if (w->dirty)
			sched_tick_dirty(s, w->idx, k);
		else
			sched_tick_one(s, w->idx, k);
		if (work && t->reduction_ns)
			w->sink = burn((uint64_t)((double)(work * t->reduction_ns) * t->iters_per_ns), w->sink | 1);
		pthread_barrier_wait(&t->done);
	}
	struct timespec cpu;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0)
		w->cpu_seconds = (double)cpu.tv_sec + (double)cpu.tv_nsec / 1e9;
	return NULL;
}

/* Binds normal scheduler i to core i mod cores, as BEAM's +sbt does on
** request.  Returns false when the OS refuses. */
static bool pin(pthread_t th, uint32_t i, long cores)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET((int)(i % (uint32_t)cores), &set);
	return pthread_setaffinity_np(th, sizeof set, &set) == 0;
}

/* Frees t once every worker has been joined. */
static void destroy(struct sim_threads *t)
{
	pthread_barrier_destroy(&t->start);
	pthread_barrier_destroy(&t->done);
	pthread_mutex_destroy(&t->gate_mu);
	pthread_cond_destroy(&t->gate_cv);
	free(t->w);
	free(t);
}

sim_threads *sim_threads_start(sim *s, uint64_t reduction_ns)
{
	struct sim_threads *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->s = s;
	t->reduction_ns = reduction_ns;
	t->iters_per_ns = reduction_ns ? calibrate() : 0;
	t->nw = s->cfg.schedulers + s->ndirty;
	t->w = calloc(t->nw, sizeof *t->w);
	if (!t->w) {
		free(t);
		return NULL;
	}
	pthread_barrier_init(&t->start, NULL, t->nw + 1);
	pthread_barrier_init(&t->done, NULL, t->nw + 1);
	pthread_mutex_init(&t->gate_mu, NULL);
	pthread_cond_init(&t->gate_cv, NULL);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		cores = 1;
	bool pinned = true;
	uint32_t created = 0;
	for (; created < t->nw; created++) {
		struct worker *w = &t->w[created];
		w->t = t;
		w->dirty = created >= s->cfg.schedulers;
		w->idx = w->dirty ? created - s->cfg.schedulers : created;
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
			break;
		if (!w->dirty && !pin(w->thread, w->idx, cores))
			pinned = false;
	}
	/* Open the gate: every worker enters the barrier protocol, or, if one
	** could not be created, all leave at once. */
	pthread_mutex_lock(&t->gate_mu);
	t->gate = created == t->nw ? 1 : -1;
	pthread_cond_broadcast(&t->gate_cv);
	pthread_mutex_unlock(&t->gate_mu);
	if (created < t->nw) {
		for (uint32_t i = 0; i < created; i++)
			pthread_join(t->w[i].thread, NULL);
		destroy(t);
		return NULL;
	}
	if (!pinned)
		snprintf(t->note, sizeof t->note, "the OS did not allow binding schedulers to cores");
	else if (s->cfg.schedulers > (uint32_t)cores)
		snprintf(t->note, sizeof t->note, "%u schedulers on %ld cores: some share a core",
		         s->cfg.schedulers, cores);
	else
		snprintf(t->note, sizeof t->note, "scheduler N bound to core N-1");
	clock_gettime(CLOCK_MONOTONIC, &t->t0);
	return t;
}

enum sim_end sim_threads_step(sim_threads *t)
{
	struct sim *s = t->s;
	if (s->end != SIM_END_NONE)
		return s->end;
	uint64_t k = sched_plan(s);
	if (k == 0)
		return s->end;
	t->k = k;
	pthread_barrier_wait(&t->start);
	pthread_barrier_wait(&t->done);
	sched_finish(s, k);
	return s->end;
}

const char *sim_threads_note(const sim_threads *t)
{
	return t->note;
}

double sim_threads_calibration(const sim_threads *t)
{
	return t->iters_per_ns;
}

void sim_threads_stop(sim_threads *t, struct sim_threads_stats *st)
{
	if (!t)
		return;
	double wall = seconds_since(&t->t0);
	t->quit = true;
	pthread_barrier_wait(&t->start);
	for (uint32_t i = 0; i < t->nw; i++)
		pthread_join(t->w[i].thread, NULL);
	if (st) {
		memset(st, 0, sizeof *st);
		st->wall_seconds = wall;
		st->nsched = t->s->cfg.schedulers;
		st->ndirty = t->s->ndirty;
		for (uint32_t i = 0; i < t->nw && i < SIM_MAX_SCHEDULERS * 2; i++)
			st->cpu_seconds[i] = t->w[i].cpu_seconds;
	}
	destroy(t);
}
