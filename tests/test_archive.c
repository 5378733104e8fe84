/*
** test_archive.c - the process table's archive (sim/ptable.c, sim/archive.c):
** what a view says of a process after its record was archived, and spilled
** to the temporary file, is what it said when the process had just exited;
** checkpoints share the archive safely; a run without a usable temporary
** directory keeps everything in memory and says the same.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "engine.h"

/* 1,200 short workers (half of them high priority and trapping exits) that
** each send a message to a sink, get two back and read one (so every
** counter of a view is non-zero somewhere); a supervisor whose child
** crashes for ever (supervisor records are archived too: the nested one
** gives up now and then); a long-lived process. */
static const char scenario_json[] =
	"{\"format\":1,\"config\":{\"schedulers\":3,\"slice\":5,\"until\":20000},"
	"\"templates\":{\"crasher\":{\"program\":[{\"op\":\"work\",\"reductions\":4},"
	"  {\"op\":\"crash\",\"reason\":\"boom\"}]},"
	" \"worker\":{\"program\":[{\"op\":\"work\",\"reductions\":3},"
	"  {\"op\":\"send\",\"to\":\"sink\",\"message\":[\"done\",1]},{\"op\":\"receive\"},"
	"  {\"op\":\"work\",\"reductions\":2}]}},"
	"\"processes\":["
	" {\"name\":\"keeper\",\"program\":[{\"op\":\"sleep\",\"ticks\":19900}]},"
	" {\"name\":\"sink\",\"program\":[{\"op\":\"loop\",\"times\":1200,\"do\":[{\"op\":\"receive\"},"
	"  {\"op\":\"send\",\"to\":\"sender\",\"message\":\"ack\"},"
	"  {\"op\":\"send\",\"to\":\"sender\",\"message\":\"extra\"}]}]},"
	" {\"name\":\"w\",\"count\":600,\"start\":3,\"template\":\"worker\"},"
	" {\"name\":\"v\",\"count\":600,\"start\":5,\"priority\":\"high\",\"trap_exit\":true,"
	"  \"template\":\"worker\"},"
	" {\"name\":\"top\",\"supervisor\":{\"strategy\":\"one_for_one\",\"intensity\":1000,\"period\":10,"
	"  \"children\":[{\"name\":\"c\",\"template\":\"crasher\"},"
	"   {\"name\":\"mid\",\"supervisor\":{\"strategy\":\"one_for_all\",\"intensity\":2,\"period\":100,"
	"    \"children\":[{\"name\":\"d\",\"template\":\"crasher\"}]}}]}}"
	"]}";

static void run_to_end(sim *s)
{
	while (sim_end_state(s) == SIM_END_NONE)
		sim_step(s);
}

struct seen {
	struct sim_proc_view v;
	bool set;
};

static bool same_view(const struct sim_proc_view *a, const struct sim_proc_view *b)
{
	return a->pid == b->pid && strcmp(a->name, b->name) == 0 && a->incarnation == b->incarnation &&
	       a->state == b->state && a->priority == b->priority && a->loc.sched == b->loc.sched &&
	       a->trap_exit == b->trap_exit && a->supervisor == b->supervisor && a->parent == b->parent &&
	       a->reductions == b->reductions && a->sent == b->sent && a->received == b->received &&
	       a->mailbox == b->mailbox && a->spawn_tick == b->spawn_tick && a->exit_tick == b->exit_tick &&
	       a->halted == b->halted && a->loc.node == b->loc.node &&
	       (a->exit_reason == b->exit_reason ||            /* both NULL: halted */
	        (a->exit_reason && b->exit_reason && strcmp(a->exit_reason, b->exit_reason) == 0));
}

/* Runs to the end, remembering each process's view at the end of the step
** it exited in (its record is still resident then); returns the engine. */
static sim *run_recording(const sim_scenario *scn, uint32_t shift, struct seen **out, size_t *n)
{
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create_paged(scn, &cfg, shift);
	assert_non_null(s);
	size_t cap = 4096;
	struct seen *seen = calloc(cap, sizeof *seen);
	assert_non_null(seen);
	while (sim_end_state(s) == SIM_END_NONE) {
		sim_step(s);
		size_t nev;
		const struct sim_event *ev = sim_events(s, &nev);
		for (size_t i = 0; i < nev; i++) {
			if (ev[i].type != SIM_EV_EXIT)
				continue;
			uint32_t pid = ev[i].pid;
			while (pid >= cap) {
				seen = realloc(seen, 2 * cap * sizeof *seen);
				assert_non_null(seen);
				memset(seen + cap, 0, cap * sizeof *seen);
				cap *= 2;
			}
			assert_non_null(proc_get(s, pid));          /* not archived yet */
			assert_true(sim_proc_view(s, pid, &seen[pid].v));
			seen[pid].set = true;
		}
	}
	*out = seen;
	*n = cap;
	return s;
}

static void check_archived_views(const sim *s, const struct seen *seen, size_t n, uint32_t *archived)
{
	*archived = 0;
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		struct sim_proc_view v;
		assert_true(sim_proc_view(s, pid, &v));
		if (!proc_get(s, pid))
			(*archived)++;
		if (pid < n && seen[pid].set && !same_view(&v, &seen[pid].v))
			fail_msg("pid %u (%s): the archived view differs from the view at its exit", pid, v.name);
	}
}

/* Runs scn to the end (pages of 2^shift processes), checking every
** archived view against the view at its exit; *archived: how many were. */
static sim *run_and_check(const sim_scenario *scn, uint32_t shift, uint32_t *archived)
{
	struct seen *seen;
	size_t n;
	sim *s = run_recording(scn, shift, &seen, &n);
	check_archived_views(s, seen, n, archived);
	free(seen);
	return s;
}

static void views_survive_archiving(uint32_t shift)
{
	sim_scenario *scn = load_text(scenario_json);
	uint32_t archived;
	sim *s = run_and_check(scn, shift, &archived);
	assert_true(archived > 1000);
	assert_string_equal(reason_of(s, "sink"), "normal");
	struct sim_proc_view w;
	assert_true(sim_proc_view(s, pid_of(s, "w_600"), &w));
	assert_true(w.sent == 1 && w.received == 1 && w.mailbox == 1 && w.state == SIM_PROC_EXITED);
	if (shift == 0)
		assert_true(archive_spilled(s->arch) > 0);      /* read back from the file */
	/* a live process keeps its page resident: `top` (pid 3) shares the
	** first page with `keeper` when pages hold 64 processes */
	assert_non_null(proc_get(s, pid_of(s, "top")));
	if (shift == PT_PAGE_SHIFT)
		assert_non_null(proc_get(s, pid_of(s, "keeper")));
	else
		assert_null(proc_get(s, pid_of(s, "keeper")));
	/* sim_totals and the supervisor views count archived processes too */
	struct sim_totals t;
	sim_totals(s, &t);
	uint64_t exited = 0;
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		struct sim_proc_view v;
		assert_true(sim_proc_view(s, pid, &v));
		exited += v.state == SIM_PROC_EXITED;
	}
	assert_int_equal(t.exited, exited);
	assert_true(exited + 6 > sim_proc_count(s));        /* alive at the limit: the tree only */
	size_t nsup = sim_sup_count(s);
	assert_true(nsup > 3);                               /* top, and mid's incarnations */
	for (size_t i = 0; i < nsup; i++) {
		struct sim_sup_view sv;
		sim_sup_view(s, i, &sv);
		struct sim_proc_view pv;
		assert_true(sv.pid && sim_proc_view(s, sv.pid, &pv) && pv.supervisor);
		assert_string_equal(sv.name, pv.name);
	}
	sim_destroy(s);
	sim_scenario_free(scn);
}

static void test_views_pages_of_one(void **state) { (void)state; views_survive_archiving(0); }
static void test_views_pages_of_64(void **state) { (void)state; views_survive_archiving(PT_PAGE_SHIFT); }

/* Node b halts at 10 with 300 processes on it (gone with it, no exit
** reason); keeper on a lives on until their records are archived. */
static const char halted_json[] =
	"{\"format\":1,\"config\":{\"until\":3000,\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}]},"
	"\"processes\":[{\"name\":\"keeper\",\"program\":[{\"op\":\"sleep\",\"ticks\":2900}]},"
	" {\"name\":\"v\",\"count\":300,\"node\":\"b\",\"program\":[{\"op\":\"receive\"}]}],"
	"\"timeline\":[{\"at\":10,\"do\":{\"op\":\"node_down\",\"node\":\"b\"}}]}";

/* A process halted with its node stays so once archived (and spilled):
** no exit reason, halted, its node and tick; so do a checkpoint's. */
static void test_halted_survives_archiving(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(halted_json);
	uint32_t archived;
	sim *s = run_and_check(scn, 0, &archived);
	assert_true(archived >= 300);
	assert_true(archive_spilled(s->arch) > 0);
	for (int k = 1; k <= 300; k += 299) {
		char name[16];
		snprintf(name, sizeof name, "v_%d", k);
		struct sim_proc_view v;
		assert_true(sim_proc_view(s, pid_of(s, name), &v));
		assert_null(proc_get(s, v.pid));                 /* archived */
		assert_true(v.halted && v.state == SIM_PROC_EXITED && v.exit_tick == 10);
		assert_null(v.exit_reason);
		assert_int_equal(v.loc.node, 1);
	}
	char *a = sim_summary_json(s);
	assert_non_null(strstr(a, "\"halted_tick\":\t10"));
	sim_destroy(s);
	/* a checkpoint taken once they are archived restores the same */
	struct sim_config cfg = sim_scenario_config(scn);
	s = sim_create_paged(scn, &cfg, 0);
	assert_non_null(s);
	while (sim_end_state(s) == SIM_END_NONE && archive_spilled(s->arch) < 100)
		sim_step(s);
	sim_checkpoint *ck = sim_checkpoint_create(s);
	assert_non_null(ck);
	sim *r = sim_create_paged(scn, &cfg, 0);
	assert_int_equal(sim_checkpoint_restore(r, ck), SIM_OK);
	sim_checkpoint_destroy(ck);
	run_to_end(r);
	char *b = sim_summary_json(r);
	assert_string_equal(a, b);
	free(a);
	free(b);
	sim_destroy(r);
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* The summary does not depend on the page size, so archiving is invisible. */
static void test_summary_same_for_any_page_size(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(scenario_json);
	struct sim_config cfg = sim_scenario_config(scn);
	char *ref = NULL;
	for (uint32_t shift = 0; shift <= PT_PAGE_SHIFT; shift += 3) {
		sim *s = sim_create_paged(scn, &cfg, shift);
		assert_non_null(s);
		run_to_end(s);
		char *sum = sim_summary_json(s);
		assert_non_null(sum);
		if (!ref)
			ref = sum;
		else {
			assert_string_equal(sum, ref);
			free(sum);
		}
		sim_destroy(s);
	}
	free(ref);
	sim_scenario_free(scn);
}

/* A checkpoint taken after spilling began outlives its engine, restores
** into a new one and gives the same end. */
static void test_checkpoint_shares_archive(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(scenario_json);
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create_paged(scn, &cfg, 0);
	assert_non_null(s);
	while (sim_end_state(s) == SIM_END_NONE && archive_spilled(s->arch) < 100)
		sim_step(s);
	assert_true(archive_spilled(s->arch) >= 100);
	sim_checkpoint *ck = sim_checkpoint_create(s);
	assert_non_null(ck);
	run_to_end(s);
	char *a = sim_summary_json(s);
	sim_destroy(s);

	sim *r = sim_create_paged(scn, &cfg, 0);
	assert_non_null(r);
	assert_int_equal(sim_checkpoint_restore(r, ck), SIM_OK);
	sim_checkpoint_destroy(ck);
	run_to_end(r);
	char *b = sim_summary_json(r);
	assert_string_equal(a, b);
	/* a checkpoint of another page size is refused */
	sim *other = sim_create_paged(scn, &cfg, 1);
	sim_checkpoint *ck2 = sim_checkpoint_create(r);
	assert_int_equal(sim_checkpoint_restore(other, ck2), SIM_EINVALID);
	sim_checkpoint_destroy(ck2);
	sim_destroy(other);
	free(a);
	free(b);
	sim_destroy(r);
	sim_scenario_free(scn);
}

/* No temporary directory: nothing is spilled, the views are the same. */
static void test_no_tmpdir_keeps_memory(void **state)
{
	(void)state;
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", "/nonexistent/beamsim-test", 1);
	sim_scenario *scn = load_text(scenario_json);
	uint32_t archived;
	sim *s = run_and_check(scn, 0, &archived);
	assert_true(archived > 1000);
	assert_int_equal(archive_spilled(s->arch), 0);
	sim_destroy(s);
	sim_scenario_free(scn);
	if (saved) {
		setenv("TMPDIR", saved, 1);
		free(saved);
	} else {
		unsetenv("TMPDIR");
	}
}

/* Memory: with pages of one process the resident table holds only the
** processes alive (or just exited), and the archive keeps at most
** ARCHIVE_MEM_CHUNKS chunks in memory. */
static void test_memory_bounded(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(scenario_json);
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create_paged(scn, &cfg, 0);
	assert_non_null(s);
	run_to_end(s);
	uint32_t resident = 0;
	for (uint32_t pid = sim_proc_next_resident(s, 1); pid; pid = sim_proc_next_resident(s, pid + 1))
		resident++;
	assert_true(resident < 20);
	assert_true(sim_proc_count(s) > 1200);
	assert_true(archive_chunks(s->arch) - archive_spilled(s->arch) <= ARCHIVE_MEM_CHUNKS);
	assert_true(archive_memory(s->arch) < 2 * ARCHIVE_MEM_CHUNKS * sizeof(struct proc_rec) + 4096);
	/* the prev/next iterators agree */
	uint32_t back = 0;
	for (uint32_t pid = sim_proc_prev_resident(s, UINT32_MAX); pid; pid = sim_proc_prev_resident(s, pid - 1))
		back++;
	assert_int_equal(back, resident);
	sim_destroy(s);
	sim_scenario_free(scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_views_pages_of_one),
		cmocka_unit_test(test_views_pages_of_64),
		cmocka_unit_test(test_summary_same_for_any_page_size),
		cmocka_unit_test(test_checkpoint_shares_archive),
		cmocka_unit_test(test_halted_survives_archiving),
		cmocka_unit_test(test_no_tmpdir_keeps_memory),
		cmocka_unit_test(test_memory_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
