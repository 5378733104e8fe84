/*
** speedup.c - the speed-up table of `beamsim run --schedulers 1,2,4`.
*/
#define _POSIX_C_SOURCE 200809L
#include "speedup.h"
#include "load.h"
#include "outfile.h"
#include "runner.h"
#include "textout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

/* What every row is measured against. */
struct table {
	long cores;
	uint32_t base_n;      /* the first count */
	double base;          /* its wall time */
	cJSON *rows;          /* the summary's "speedup" array */
};

/* The summary's object (rows go to t->rows) and, unless quiet, the
** table's title and header. */
static cJSON *table_start(const sim_scenario *scn, const struct run_opts *o, struct table *t)
{
	uint64_t ns = load_config(scn, o).reduction_ns;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "title", sim_scenario_title(scn));
	cJSON_AddStringToObject(root, "engine", o->threads ? "threads" : "sim");
	cJSON_AddNumberToObject(root, "reduction_ns", (double)ns);
	cJSON_AddNumberToObject(root, "cores", (double)t->cores);
	t->rows = cJSON_AddArrayToObject(root, "speedup");
	if (!o->quiet) {
		textout_put(stdout, sim_scenario_title(scn), TEXTOUT_TITLE_COLS);
		printf("\nspeed-up table: engine %s, %llu ns per reduction, %ld cores\n\n",
		       o->threads ? "threads" : "sim", (unsigned long long)ns, t->cores);
		printf("  %-10s %8s %10s %10s %11s %8s\n", "SCHEDULERS", "TICKS", "WALL S", "SPEED-UP",
		       "EFFICIENCY", "END");
	}
	return root;
}

/* One row: the printed line (unless quiet) and the summary's object. */
static void table_row(const struct table *t, const sim *s, uint32_t n, double wall, bool quiet)
{
	uint32_t cores = (uint32_t)t->cores;
	double speedup = wall > 0 ? t->base / wall : 0;
	double usable = (double)(n < cores ? n : cores) /
	                (double)(t->base_n < cores ? t->base_n : cores);
	double eff = usable > 0 ? speedup / usable : 0;
	const char *end = sim_end_name(sim_end_state(s));
	if (!quiet)
		printf("  %-10u %8llu %10.3f %9.2fx %10.1f%% %8s\n", n, (unsigned long long)sim_now(s),
		       wall, speedup, 100 * eff, end);
	cJSON *row = cJSON_CreateObject();
	cJSON_AddNumberToObject(row, "schedulers", n);
	cJSON_AddNumberToObject(row, "ticks", (double)sim_now(s));
	cJSON_AddNumberToObject(row, "wall_seconds", round(wall * 1e6) / 1e6);
	cJSON_AddNumberToObject(row, "speedup", round(speedup * 1e4) / 1e4);
	cJSON_AddNumberToObject(row, "efficiency", round(eff * 1e4) / 1e4);
	cJSON_AddStringToObject(row, "end", end);
	if (!cJSON_AddItemToArray(t->rows, row))
		cJSON_Delete(row);
}

/* Runs scn with count schedulers and adds its row (the `first` sets
** the base).  Returns 0 or an exit code; *ticks is where the run ended. */
static int run_count(const sim_scenario *scn, const struct run_opts *o, uint32_t count,
                     bool first, struct table *t, uint64_t *ticks)
{
	struct run_opts one = *o;
	one.cfg.schedulers = count;
	one.given |= 1u << SIM_CFG_SCHEDULERS;
	struct sim_config cfg = load_config(scn, &one);
	sim *s = sim_create(scn, &cfg);
	if (!s) {
		fputs("beamsim: out of memory\n", stderr);
		return EXIT_NOMEM;
	}
	struct runner_stats rs;
	memset(&rs, 0, sizeof rs);
	int rc = runner_execute(s, &one, NULL, NULL, NULL, &rs);
	if (!rc) {
		if (first)
			t->base = rs.wall_seconds;
		table_row(t, s, cfg.schedulers, rs.wall_seconds, o->quiet);
		*ticks = sim_now(s);
	}
	sim_destroy(s);
	return rc;
}

/* Writes root to the summary file and commits it. */
static int write_summary(cJSON *root, struct outfile *sum)
{
	char *text = cJSON_Print(root);
	if (!text) {
		fputs("beamsim: out of memory writing the summary\n", stderr);
		return EXIT_NOMEM;
	}
	fprintf(sum->f, "%s\n", text);
	free(text);
	return outfile_commit(sum) ? 0 : EXIT_WRITE;
}

int speedup_run(const sim_scenario *scn, const struct run_opts *o)
{
	struct outfile sum = { 0 };
	if (o->summary && !outfile_open(&sum, o->summary, "summary", true))
		return EXIT_WRITE;
	struct table t = { sysconf(_SC_NPROCESSORS_ONLN), o->sched_list[0], 0, NULL };
	if (t.cores < 1)
		t.cores = 1;
	cJSON *root = table_start(scn, o, &t);
	uint64_t last_ticks = 0;
	int rc = 0;
	for (size_t i = 0; i < o->nsched_list && !rc && !runner_interrupted(); i++)
		rc = run_count(scn, o, o->sched_list[i], i == 0, &t, &last_ticks);
	if (!o->quiet)
		puts("\nspeed-up = wall(first) / wall(n); efficiency = speed-up / (min(n, cores) / "
		     "min(first, cores))");
	if (!rc && sum.f)
		rc = write_summary(root, &sum);
	outfile_discard(&sum);
	cJSON_Delete(root);
	return rc ? rc : runner_stopped_code(last_ticks);
}
