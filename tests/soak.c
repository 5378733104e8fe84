/*
** soak.c - a long run of `forever` loops with crashes and supervisor
** restarts, checking that memory stays flat (issue 7, part 6).
**
**   soak [TICKS]          default 200000 (the ctest entry); the long mode
**                         is `soak 10000000` (or BEAMSIM_SOAK_TICKS=10000000)
**
** The scenario (below) keeps running forever: a supervisor tree whose
** workers crash and are restarted (one_for_one at the top, a nested
** rest_for_one), a dirty-native worker, a pinger and a logger that loop
** forever exchanging messages, two CPU-bound spinners, a watcher that monitors a crashing worker
** again after each DOWN, and a linker that traps exits and links to
** another one again after each EXIT.  The restart
** rate stays under the intensity, so the tree never gives up.
**
** It prints VmRSS (/proc/self/status) at the start, after warm-up (10 % of
** the run) and at the end, with the engine's own structures.  Every
** restart is a new pid; the records of exited processes are archived
** (sim/ptable.c, sim/archive.c), so only the page directory grows with
** the run: 16 bytes per 64 pids, plus doubling of its capacity.  It fails
** when the run ends early, or when, after warm-up,
**   - the engine's structures grow by more than the archive's in-memory
**     budget plus 1 byte per pid spawned meanwhile, or
**   - VmRSS grows by more than SOAK_BOUND_KB plus 1 byte per pid spawned
**     meanwhile (under AddressSanitizer or ThreadSanitizer, whose
**     allocators keep freed blocks and shadow memory in VmRSS, by more
**     than SOAK_SANITIZED_BOUND_KB; the engine bound still applies).
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"
#include "engine.h"

#define SOAK_BOUND_KB 512
#define SOAK_SANITIZED_BOUND_KB 4096
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SOAK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SOAK_SANITIZED 1
#endif
#endif

static const char soak_json[] =
	"{\"format\":1,\"title\":\"soak\","
	"\"config\":{\"schedulers\":4,\"slice\":20,\"balance\":\"steal\",\"dirty_schedulers\":2},"
	"\"templates\":{"
	" \"crasher\":{\"program\":[{\"op\":\"loop\",\"times\":6,\"do\":["
	"   {\"op\":\"work\",\"reductions\":25},"
	"   {\"op\":\"send\",\"to\":\"logger\",\"message\":[\"tick\",1]},"
	"   {\"op\":\"receive\",\"cases\":[{\"match\":\"stop\"}],\"after\":{\"ticks\":15}}]},"
	"  {\"op\":\"crash\",\"reason\":\"badarith\"}]},"
	" \"helper\":{\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":["
	"   {\"op\":\"receive\",\"after\":{\"ticks\":40,\"do\":[{\"op\":\"work\",\"reductions\":5}]}}]}]}"
	"},"
	"\"processes\":["
	" {\"name\":\"root\",\"supervisor\":{\"strategy\":\"one_for_one\",\"intensity\":20,\"period\":1000,"
	"  \"children\":["
	"   {\"name\":\"w1\",\"template\":\"crasher\"},"
	"   {\"name\":\"w2\",\"restart\":\"transient\",\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":["
	"     {\"op\":\"native\",\"reductions\":30,\"dirty\":true},"
	"     {\"op\":\"send\",\"to\":\"logger\",\"message\":\"dirty\"},"
	"     {\"op\":\"sleep\",\"ticks\":50},"
	"     {\"op\":\"receive\",\"cases\":[{\"match\":\"boom\",\"do\":[{\"op\":\"crash\",\"reason\":\"boom\"}]}],"
	"      \"after\":{\"ticks\":0}}]}]},"
	"   {\"name\":\"inner\",\"supervisor\":{\"strategy\":\"rest_for_one\",\"intensity\":10,\"period\":2000,"
	"    \"children\":["
	"     {\"name\":\"h\",\"template\":\"helper\"},"
	"     {\"name\":\"w3\",\"template\":\"crasher\"},"
	"     {\"name\":\"t\",\"restart\":\"temporary\",\"template\":\"helper\"}]}}]}},"
	" {\"name\":\"logger\",\"priority\":\"low\",\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":["
	"   {\"op\":\"receive\"},{\"op\":\"work\",\"reductions\":2}]}]},"
	" {\"name\":\"pinger\",\"priority\":\"high\",\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":["
	"   {\"op\":\"send\",\"to\":\"w2\",\"message\":\"boom\"},"
	"   {\"op\":\"send\",\"to\":\"h\",\"message\":\"hi\"},"
	"   {\"op\":\"send\",\"to\":\"gone\",\"message\":\"lost\"},"
	"   {\"op\":\"sleep\",\"ticks\":700}]}]},"
	" {\"name\":\"watcher\",\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":["
	"   {\"op\":\"monitor\",\"to\":\"w1\"},"
	"   {\"op\":\"receive\",\"cases\":[{\"match\":[\"DOWN\",\"w1\",\"_\"]}]}]}]},"
	" {\"name\":\"linker\",\"trap_exit\":true,\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":["
	"   {\"op\":\"link\",\"to\":\"w3\"},"
	"   {\"op\":\"receive\",\"cases\":[{\"match\":[\"EXIT\",\"w3\",\"_\"]}]}]}]},"
	" {\"name\":\"spin\",\"count\":2,\"program\":[{\"op\":\"loop\",\"times\":\"forever\",\"do\":["
	"   {\"op\":\"work\",\"reductions\":200},{\"op\":\"sleep\",\"ticks\":5}]}]},"
	" {\"name\":\"gone\",\"program\":[{\"op\":\"work\",\"reductions\":1}]}"
	"]}";

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	char line[256];
	long kb = -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmRSS:", 6) == 0) {
			kb = strtol(line + 6, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

/* What the engine holds, by structure, in bytes of capacity. */
struct engine_mem {
	size_t table, archive, mailboxes, stacks, links, sups, timers, signals, events;
	uint32_t nprocs, live, resident_pages, pages, chunks, spilled, max_mailbox;
};

static void engine_mem(const struct sim *s, struct engine_mem *m)
{
	memset(m, 0, sizeof *m);
	m->nprocs = s->nprocs;
	m->live = s->live;
	m->pages = s->npages;
	m->chunks = archive_chunks(s->arch);
	m->spilled = archive_spilled(s->arch);
	m->archive = archive_memory(s->arch);
	m->table = (size_t)s->pages_cap * sizeof *s->pages;
	for (uint32_t pid = sim_proc_next_resident(s, 1); pid; pid = sim_proc_next_resident(s, pid + 1)) {
		const struct proc *p = proc_get(s, pid);
		if ((pid - 1) % s->page_size == 0) {
			m->resident_pages++;
			m->table += s->page_size * sizeof(struct proc);
		}
		m->mailboxes += (size_t)p->mbox.cap * sizeof(struct msg);
		if (p->mbox.len > m->max_mailbox)
			m->max_mailbox = p->mbox.len;
		m->stacks += (size_t)p->stack_cap * sizeof(struct frame);
		if (p->ties)
			m->links += sizeof *p->ties + ((size_t)p->ties->links.cap + p->ties->watchers.cap +
			                               p->ties->watching.cap) * sizeof(uint32_t);
		if (p->sup)
			m->sups += sup_memory(p->sup);
	}
	m->timers = (size_t)s->timers.cap * sizeof(struct timer);
	m->signals = ((size_t)s->pending.cap + s->delivering.cap) * sizeof(struct signal);
	for (uint32_t i = 0; i < s->cfg.schedulers; i++)
		m->signals += (size_t)s->scheds[i].out.cap * sizeof(struct signal);
	m->events = (size_t)s->evcap * sizeof(struct sim_event);
	for (uint32_t i = 0; i < s->cfg.schedulers; i++)
		m->events += (size_t)s->scheds[i].evcap * sizeof(struct sim_event);
}

static size_t engine_total(const struct engine_mem *m)
{
	return m->table + m->archive + m->mailboxes + m->stacks + m->links + m->sups + m->timers +
	       m->signals + m->events;
}

static void print_mem(const char *when, uint64_t tick, long rss, const struct engine_mem *m)
{
	printf("%-8s tick %9llu  VmRSS %7ld kB | pids %7u live %3u | pages %u resident %u | "
	       "table %8zu B, archive %7zu B (%u chunks, %u on disk), mailboxes %6zu B (max %u msgs), "
	       "stacks %5zu B, links %5zu B, supervisors %5zu B, timers %5zu B, signals %6zu B, "
	       "events %6zu B\n",
	       when, (unsigned long long)tick, rss, m->nprocs, m->live, m->pages, m->resident_pages,
	       m->table, m->archive, m->chunks, m->spilled, m->mailboxes, m->max_mailbox, m->stacks,
	       m->links, m->sups, m->timers, m->signals, m->events);
}

int main(int argc, char **argv)
{
	uint64_t ticks = 200000;
	const char *env = getenv("BEAMSIM_SOAK_TICKS");
	if (argc > 1)
		ticks = strtoull(argv[1], NULL, 10);
	else if (env && *env)
		ticks = strtoull(env, NULL, 10);
	if (ticks < 1000)
		ticks = 1000;

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long rss_start = rss_kb();
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text(soak_json, strlen(soak_json), "soak.json", &d);
	if (!scn) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", d.msgs[i]);
		sim_diag_free(&d);
		return 1;
	}
	sim_diag_free(&d);
	struct sim_config cfg = sim_scenario_config(scn);
	cfg.until = ticks;
	sim *s = sim_create(scn, &cfg);
	if (!s) {
		fprintf(stderr, "soak: sim_create failed\n");
		return 1;
	}
	struct engine_mem m0, mw, m1;
	engine_mem(s, &m0);
	print_mem("start", 0, rss_start, &m0);

	uint64_t warm = ticks / 10;
	uint64_t restarts = 0, crashes = 0, steps = 0;
	long rss_warm = -1;
	while (sim_end_state(s) == SIM_END_NONE) {
		sim_step(s);
		steps++;
		size_t n;
		const struct sim_event *ev = sim_events(s, &n);
		for (size_t i = 0; i < n; i++) {
			restarts += ev[i].type == SIM_EV_RESTART;
			crashes += ev[i].type == SIM_EV_CRASH;
		}
		if (rss_warm < 0 && sim_now(s) >= warm) {
			rss_warm = rss_kb();
			engine_mem(s, &mw);
			print_mem("warm-up", sim_now(s), rss_warm, &mw);
		}
	}
	long rss_end = rss_kb();
	engine_mem(s, &m1);
	print_mem("end", sim_now(s), rss_end, &m1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	int rc = 0;
	if (sim_end_state(s) != SIM_END_LIMIT || sim_now(s) != ticks) {
		fprintf(stderr, "soak: the run ended early (%s at tick %llu)\n", sim_end_name(sim_end_state(s)),
		        (unsigned long long)sim_now(s));
		rc = 1;
	}
	if (restarts == 0 || crashes == 0) {
		fprintf(stderr, "soak: no crashes or restarts happened\n");
		rc = 1;
	}
	long growth = rss_end - rss_warm;
	uint32_t new_pids = m1.nprocs - mw.nprocs;
#ifdef SOAK_SANITIZED
	long allowed = SOAK_SANITIZED_BOUND_KB;
#else
	long allowed = SOAK_BOUND_KB + (long)(new_pids / 1024);
#endif
	long engine_growth = (long)engine_total(&m1) - (long)engine_total(&mw);
	long engine_allowed = (long)(ARCHIVE_MEM_CHUNKS * s->page_size * sizeof(struct proc_rec)) + (long)new_pids;
	printf("soak: %llu ticks, %llu steps, %llu crashes, %llu restarts, %u pids, %.1f s\n",
	       (unsigned long long)sim_now(s), (unsigned long long)steps, (unsigned long long)crashes,
	       (unsigned long long)restarts, m1.nprocs, secs);
	printf("soak: VmRSS start %ld kB, after warm-up %ld kB, end %ld kB: growth after warm-up %ld kB "
	       "(allowed %ld kB)\n", rss_start, rss_warm, rss_end, growth, allowed);
	printf("soak: engine structures %zu B after warm-up, %zu B at the end: %+ld B for %u new pids "
	       "(allowed %ld B)\n", engine_total(&mw), engine_total(&m1), engine_growth, new_pids,
	       engine_allowed);
	if (growth > allowed) {
		fprintf(stderr, "soak: memory is not flat: VmRSS grew %ld kB after warm-up (allowed %ld kB)\n",
		        growth, allowed);
		rc = 1;
	}
	if (engine_growth > engine_allowed) {
		fprintf(stderr, "soak: the engine's structures grew %ld B after warm-up (allowed %ld B)\n",
		        engine_growth, engine_allowed);
		rc = 1;
	}
	sim_destroy(s);
	sim_scenario_free(scn);
	printf("soak: %s\n", rc ? "FAILED" : "ok");
	return rc;
}
