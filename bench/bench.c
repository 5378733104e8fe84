/*
** bench.c - engine benchmarks (issue 6): prints size, wall time, rate and
** memory for each, and optionally writes them as JSON.
**
**   beamsim_bench [--json FILE] [--scale K] [--write DIR] [NAME...]
**
** NAME is one of ring, ring_var, spawn, selective, timers, load, stepback, dist
** (default: all).  --scale K divides every size by K (1, 10, 100, 1000) to check that
** per-message and per-process costs stay flat.  Timings are wall clock
** (CLOCK_MONOTONIC) of one run; memory is the growth of the peak RSS.
** Scenarios are generated as JSON text and loaded through the public API,
** so loading is measured separately from running.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sim.h"

struct result {
	const char *name;
	char size[64];
	double seconds;
	double rate;          /* per second */
	const char *unit;
	long rss_kib;         /* peak RSS growth */
	char extra[160];
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* A growable string for generated scenarios. */
struct buf { char *s; size_t n, cap; };

static void bprintf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#include <stdarg.h>
static void bprintf(struct buf *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->n) {
			b->n += (size_t)n;
			return;
		}
		b->cap = b->cap ? b->cap * 2 : 1 << 16;
		b->s = realloc(b->s, b->cap);
		if (!b->s) {
			fputs("bench: out of memory\n", stderr);
			exit(1);
		}
	}
}

/* Loads a generated scenario; with --write DIR it is also saved as
** DIR/NAME.json (scenarios/bench/ holds the 100x smaller ones). */
static const char *write_dir;

static sim_scenario *load_buf(struct buf *b, const char *name)
{
	if (write_dir) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s.json", write_dir, name);
		FILE *f = fopen(path, "w");
		if (!f || fwrite(b->s, 1, b->n, f) != b->n || fclose(f) != 0) {
			fprintf(stderr, "bench: cannot write %s\n", path);
			exit(1);
		}
	}
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text(b->s, b->n, "bench", &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", d.msgs[i]);
	sim_diag_free(&d);
	if (!scn)
		exit(1);
	return scn;
}

static sim *start(const sim_scenario *scn, uint32_t schedulers, uint64_t until)
{
	struct sim_config c = sim_scenario_config(scn);
	c.schedulers = schedulers;
	c.dirty_schedulers = 1;
	c.until = until;
	sim *s = sim_create(scn, &c);
	if (s)
		sim_set_event_mask(s, 0);   /* tracing off, as issue 6 measures */
	return s;
}

/* Joe Armstrong's ring: N processes pass a token M times around.  With
** `bound`, each relay binds the token in its receive pattern and forwards
** "$msg" (format 1.1) instead of sending a constant: same ops, same ticks,
** what reading a variable costs. */
static void ring_json(struct buf *b, unsigned n, unsigned m, bool bound)
{
	const char *recv = bound ? "{\"op\":\"receive\",\"cases\":[{\"match\":\"$msg\",\"do\":["
	                         : "{\"op\":\"receive\"},";
	const char *msg = bound ? "$msg" : "t";
	const char *close = bound ? "]}]}" : "";
	bprintf(b, "{%s\"config\":{\"schedulers\":1,\"until\":1000000000000},\"processes\":[",
	        bound ? "\"format\":1.1," : "");
	for (unsigned i = 1; i <= n; i++) {
		unsigned next = i % n + 1;
		if (i == 1)
			bprintf(b, "{\"name\":\"r%u\",\"program\":[{\"op\":\"send\",\"to\":\"r%u\",\"message\":\"t\"},"
			           "{\"op\":\"loop\",\"times\":%u,\"do\":[%s"
			           "{\"op\":\"send\",\"to\":\"r%u\",\"message\":\"%s\"}%s]}]}",
			        i, next, m - 1, recv, next, msg, close);
		else
			bprintf(b, ",{\"name\":\"r%u\",\"program\":[{\"op\":\"loop\",\"times\":%u,\"do\":"
			           "[%s{\"op\":\"send\",\"to\":\"r%u\",\"message\":\"%s\"}%s]}]}",
			        i, m, recv, next, msg, close);
	}
	bprintf(b, "]}");
}

/* Loads the scenario in B (freed here), runs it to its end on SCHEDULERS
** schedulers and fills R's time, message rate, RSS growth and extra
** ("N WHAT, T ticks, END").  R's name and size are the caller's. */
static void run_messages(struct result *r, struct buf *b, uint32_t schedulers, const char *what)
{
	sim_scenario *scn = load_buf(b, r->name);
	free(b->s);
	long rss0 = peak_rss_kib();
	sim *s = start(scn, schedulers, 1000000000000ull);
	double t0 = now_s();
	while (sim_step(s) == SIM_END_NONE)
		;
	double t = now_s() - t0;
	struct sim_totals tot;
	sim_totals(s, &tot);
	r->seconds = t;
	r->rate = (double)tot.delivered / t;
	r->unit = "messages/s";
	r->rss_kib = peak_rss_kib() - rss0;
	snprintf(r->extra, sizeof r->extra, "%llu %s, %llu ticks, %s",
	         (unsigned long long)tot.delivered, what, (unsigned long long)sim_now(s),
	         sim_end_name(sim_end_state(s)));
	sim_destroy(s);
	sim_scenario_free(scn);
}

static void ring_run(struct result *r, unsigned scale, bool bound)
{
	unsigned n = 10000 / scale, m = 1000;
	if (n < 10)
		n = 10;
	struct buf b = {0};
	r->name = bound ? "ring_var" : "ring";
	ring_json(&b, n, m, bound);
	snprintf(r->size, sizeof r->size, "N=%u M=%u", n, m);
	run_messages(r, &b, 1, "messages");
}

static void bench_ring(struct result *r, unsigned scale) { ring_run(r, scale, false); }

/* The ring whose relays forward the token they bound ("$msg"). */
static void bench_ring_var(struct result *r, unsigned scale) { ring_run(r, scale, true); }

/* Distribution (issue 16): 8 nodes x 4 schedulers, N processes placed
** round robin on the nodes, each passing tokens to the next process
** (always on the next node): every process sends one, then M times
** receives one and sends one on, so N messages are on the network at
** once, each crossing it (latency 20). */
static void bench_dist(struct result *r, unsigned scale)
{
	unsigned n = 100000 / scale, m = 10, nodes = 8;
	if (n < 16)
		n = 16;
	struct buf b = {0};
	bprintf(&b, "{\"config\":{\"until\":1000000000000,\"nodes\":[");
	for (unsigned k = 0; k < nodes; k++)
		bprintf(&b, "%s{\"name\":\"n%u\",\"schedulers\":4,\"dirty_schedulers\":1}", k ? "," : "", k);
	bprintf(&b, "]},\"processes\":[");
	for (unsigned i = 1; i <= n; i++)
		bprintf(&b, "%s{\"name\":\"p%u\",\"node\":\"n%u\",\"program\":[{\"op\":\"send\",\"to\":"
		            "\"p%u\",\"message\":\"t\"},{\"op\":\"loop\",\"times\":%u,\"do\":[{\"op\":"
		            "\"receive\"},{\"op\":\"send\",\"to\":\"p%u\",\"message\":\"t\"}]}]}",
		        i > 1 ? "," : "", i, i % nodes, i % n + 1, m, i % n + 1);
	bprintf(&b, "]}");
	r->name = "dist";
	snprintf(r->size, sizeof r->size, "8x4 N=%u M=%u", n, m);
	run_messages(r, &b, 32, "messages across nodes");
}

/* N processes, spawned by one spawn op, each wait in receive; then their
** `after` timers stop them all at once.  Reports the engine's own bytes
** per waiting process (sim_memory_bytes) and the peak RSS growth. */
static void bench_spawn(struct result *r, unsigned scale)
{
	unsigned n = 1000000 / scale;
	struct buf b = {0};
	bprintf(&b, "{\"config\":{\"schedulers\":1},\"templates\":{\"w\":{\"program\":"
	            "[{\"op\":\"receive\",\"after\":{\"ticks\":%u}}]}},"
	            "\"processes\":[{\"name\":\"boss\",\"program\":[{\"op\":\"spawn\",\"template\":\"w\","
	            "\"count\":%u}]}]}", 2 * n, n);
	sim_scenario *scn = load_buf(&b, "spawn");
	free(b.s);
	long rss0 = peak_rss_kib();
	sim *s = start(scn, 1, 1000000000ull);
	double t0 = now_s();
	uint64_t waiting_at = (uint64_t)n + 2;    /* each takes one tick to reach its receive */
	sim_run_until(s, waiting_at);
	double tspawn = now_s() - t0;
	size_t engine = sim_memory_bytes(s);
	long rss_wait = peak_rss_kib() - rss0;
	while (sim_step(s) == SIM_END_NONE)
		;
	double t = now_s() - t0;
	struct sim_totals tot;
	sim_totals(s, &tot);
	r->name = "spawn";
	snprintf(r->size, sizeof r->size, "N=%u", n);
	r->seconds = t;
	r->rate = (double)n / t;
	r->unit = "processes/s";
	r->rss_kib = rss_wait;
	snprintf(r->extra, sizeof r->extra, "spawn+wait %.3f s, engine %.0f B/process, RSS %.0f B/process, "
	         "%llu exited", tspawn, (double)engine / n, (double)rss_wait * 1024.0 / n,
	         (unsigned long long)tot.exited);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* A mailbox of N non-matching messages, then the one that matches. */
static void bench_selective(struct result *r, unsigned scale)
{
	unsigned n = 100000 / scale;
	struct buf b = {0};
	bprintf(&b, "{\"config\":{\"schedulers\":2},\"processes\":["
	            "{\"name\":\"rx\",\"program\":[{\"op\":\"sleep\",\"ticks\":%u},"
	            "{\"op\":\"loop\",\"times\":100,\"do\":[{\"op\":\"receive\",\"cases\":[{\"match\":\"wanted\"}]},"
	            "{\"op\":\"send\",\"to\":\"tx\",\"message\":\"more\"}]}]},"
	            "{\"name\":\"tx\",\"program\":[{\"op\":\"loop\",\"times\":%u,\"do\":[{\"op\":\"send\",\"to\":\"rx\",\"message\":\"junk\"}]},"
	            "{\"op\":\"loop\",\"times\":100,\"do\":[{\"op\":\"send\",\"to\":\"rx\",\"message\":\"wanted\"},{\"op\":\"receive\"}]}]}]}",
	        2 * n + 10, n);
	sim_scenario *scn = load_buf(&b, "selective");
	free(b.s);
	long rss0 = peak_rss_kib();
	sim *s = start(scn, 2, 1000000000ull);
	sim_run_until(s, 2 * (uint64_t)n + 11);
	double t0 = now_s();
	while (sim_step(s) == SIM_END_NONE)
		;
	double t = now_s() - t0;
	r->name = "selective";
	snprintf(r->size, sizeof r->size, "mailbox=%u", n);
	r->seconds = t;
	r->rate = 100.0 / t;
	r->unit = "receives/s";
	r->rss_kib = peak_rss_kib() - rss0;
	snprintf(r->extra, sizeof r->extra, "100 selective receives past %u messages, %s", n,
	         sim_end_name(sim_end_state(s)));
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* N processes sleep with different timeouts. */
static void bench_timers(struct result *r, unsigned scale)
{
	unsigned n = 1000000 / scale;
	struct buf b = {0};
	bprintf(&b, "{\"config\":{\"schedulers\":2},\"templates\":{\"s\":{\"program\":[{\"op\":\"sleep\",\"ticks\":1000}]}},"
	            "\"processes\":[{\"name\":\"s\",\"template\":\"s\",\"count\":%u}]}", n);
	sim_scenario *scn = load_buf(&b, "timers");
	free(b.s);
	long rss0 = peak_rss_kib();
	sim *s = start(scn, 2, 1000000000ull);
	double t0 = now_s();
	while (sim_step(s) == SIM_END_NONE)
		;
	double t = now_s() - t0;
	r->name = "timers";
	snprintf(r->size, sizeof r->size, "N=%u", n);
	r->seconds = t;
	r->rate = (double)n / t;
	r->unit = "sleeps/s";
	r->rss_kib = peak_rss_kib() - rss0;
	snprintf(r->extra, sizeof r->extra, "%llu ticks, %s", (unsigned long long)sim_now(s),
	         sim_end_name(sim_end_state(s)));
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* Loading a generated ~10 MB scenario file (explicit processes). */
static void bench_load(struct result *r, unsigned scale)
{
	unsigned n = 60000 / scale;
	struct buf b = {0};
	bprintf(&b, "{\"format\":1,\"title\":\"load\",\"processes\":[");
	for (unsigned i = 0; i < n; i++)
		bprintf(&b, "%s{\"name\":\"p%u\",\"priority\":\"normal\",\"program\":[{\"op\":\"work\",\"reductions\":10},"
		            "{\"op\":\"send\",\"to\":\"p%u\",\"message\":{\"n\":%u,\"text\":\"hello\"}},"
		            "{\"op\":\"receive\",\"cases\":[{\"match\":{\"n\":\"_\"}}],\"after\":{\"ticks\":5}}]}",
		        i ? "," : "", i, (i + 1) % n, i);
	bprintf(&b, "]}");
	double t0 = now_s();
	sim_scenario *scn = load_buf(&b, "load");
	double t = now_s() - t0;
	r->name = "load";
	snprintf(r->size, sizeof r->size, "%.1f MB", (double)b.n / 1e6);
	r->seconds = t;
	r->rate = (double)b.n / 1e6 / t;
	r->unit = "MB/s";
	r->rss_kib = 0;
	snprintf(r->extra, sizeof r->extra, "%u processes", n);
	free(b.s);
	sim_scenario_free(scn);
}

/* Stepping back: checkpoint every K ticks while running T ticks, then
** jump back to a random earlier tick (restore + replay). */
static void bench_stepback(struct result *r, unsigned scale)
{
	uint64_t T = 10000000ull / scale, K = T / 1000 ? T / 1000 : 1;
	struct buf b = {0};
	bprintf(&b, "{\"config\":{\"schedulers\":2,\"slice\":50},\"templates\":{\"w\":{\"program\":"
	            "[{\"op\":\"loop\",\"times\":\"forever\",\"do\":[{\"op\":\"work\",\"reductions\":2},"
	            "{\"op\":\"send\",\"to\":\"self\",\"message\":1},{\"op\":\"receive\",\"after\":{\"ticks\":3}}]}]}},"
	            "\"processes\":[{\"name\":\"w\",\"template\":\"w\",\"count\":50}]}");
	sim_scenario *scn = load_buf(&b, "stepback");
	free(b.s);
	sim *s = start(scn, 2, T + 1);
	size_t ncp = (size_t)(T / K) + 2, nc = 0, bytes = 0;
	sim_checkpoint **cps = calloc(ncp, sizeof *cps);
	while (sim_now(s) < T && sim_end_state(s) == SIM_END_NONE) {
		if (sim_now(s) % K == 0 && nc < ncp) {
			cps[nc] = sim_checkpoint_create(s);
			bytes += sim_checkpoint_bytes(cps[nc++]);
		}
		sim_step(s);
	}
	/* jump back to T - K/2 - 1: the worst case replays almost K ticks */
	uint64_t target = T - K / 2 - 1;
	double t0 = now_s();
	size_t i = nc;
	while (i > 0 && sim_checkpoint_tick(cps[i - 1]) > target)
		i--;
	sim_checkpoint_restore(s, cps[i - 1]);
	sim_run_until(s, target);
	double t = now_s() - t0;
	r->name = "stepback";
	snprintf(r->size, sizeof r->size, "T=%llu", (unsigned long long)T);
	r->seconds = t;
	r->rate = 0;
	r->unit = "";
	r->rss_kib = (long)(bytes / 1024);
	snprintf(r->extra, sizeof r->extra, "%zu checkpoints every %llu ticks, back to tick %llu",
	         nc, (unsigned long long)K, (unsigned long long)sim_now(s));
	for (size_t k = 0; k < nc; k++)
		sim_checkpoint_destroy(cps[k]);
	free(cps);
	sim_destroy(s);
	sim_scenario_free(scn);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(struct result *, unsigned); } all[] = {
		{ "ring", bench_ring }, { "ring_var", bench_ring_var }, { "spawn", bench_spawn },
		{ "selective", bench_selective },
		{ "timers", bench_timers }, { "load", bench_load }, { "stepback", bench_stepback },
		{ "dist", bench_dist },
	};
	const char *json = NULL;
	unsigned scale = 1;
	bool want[sizeof all / sizeof all[0]] = { false };
	bool any = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
			json = argv[++i];
		} else if (strcmp(argv[i], "--write") == 0 && i + 1 < argc) {
			write_dir = argv[++i];
		} else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
			scale = (unsigned)strtoul(argv[++i], NULL, 10);
			if (scale == 0)
				scale = 1;
		} else {
			bool found = false;
			for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
				if (strcmp(argv[i], all[k].name) == 0)
					want[k] = found = any = true;
			if (!found) {
				fprintf(stderr, "usage: beamsim_bench [--json FILE] [--scale K] [--write DIR] [ring|ring_var|spawn|selective|timers|load|stepback|dist]...\n");
				return 2;
			}
		}
	}
	FILE *jf = json ? fopen(json, "w") : NULL;
	if (jf)
		fputs("[\n", jf);
	printf("%-10s %-16s %10s %16s %-12s %10s  %s\n", "bench", "size", "seconds", "rate", "unit",
	       "mem KiB", "notes");
	int written = 0;
	for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
		if (any && !want[k])
			continue;
		struct result r;
		memset(&r, 0, sizeof r);
		all[k].fn(&r, scale);
		printf("%-10s %-16s %10.4f %16.0f %-12s %10ld  %s\n", r.name, r.size, r.seconds, r.rate,
		       r.unit, r.rss_kib, r.extra);
		fflush(stdout);
		if (jf)
			fprintf(jf, "%s  {\"bench\":\"%s\",\"size\":\"%s\",\"seconds\":%.6f,\"rate\":%.1f,"
			            "\"unit\":\"%s\",\"mem_kib\":%ld,\"notes\":\"%s\"}",
			        written++ ? ",\n" : "", r.name, r.size, r.seconds, r.rate, r.unit, r.rss_kib, r.extra);
	}
	if (jf) {
		fputs("\n]\n", jf);
		fclose(jf);
	}
	return 0;
}
