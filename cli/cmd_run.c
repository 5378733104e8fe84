/*
** cmd_run.c - `beamsim run`: one run of a scenario with its outputs (the
** text report, --summary, --trace), or a speed-up table (speedup.c).
*/
#include "cmd.h"
#include "args.h"
#include "load.h"
#include "outfile.h"
#include "questions.h"
#include "report.h"
#include "runner.h"
#include "seqout.h"
#include "speedup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define TRACE_LIMIT_DEFAULT (1ull << 30)   /* --trace-limit: 1 GiB */

/* Wall-clock figures (threads only: the text of a sim run is deterministic). */
static void print_wall(const struct runner_stats *rs)
{
	if (!rs->threads)
		return;
	printf("Wall clock: %.3f s (engine threads; %s)\n", rs->wall_seconds, rs->note);
	printf("  %-6s %12s %10s\n", "SCHED", "CPU SECONDS", "REAL UTIL");
	for (uint32_t i = 0; i < rs->ts.nsched; i++)
		printf("  %-6u %12.3f %9.1f%%\n", i + 1, rs->ts.cpu_seconds[i],
		       rs->wall_seconds > 0 ? 100.0 * rs->ts.cpu_seconds[i] / rs->wall_seconds : 0.0);
}

/* Ends the text report (after the run). */
static int finish_report(const struct run_opts *o, struct report *rep,
                         const struct runner_stats *rs)
{
	int rc = 0;
	if (o->log)
		fputc('\n', stdout);
	if (!report_finish(rep)) {
		fputs("beamsim: out of memory: the text report has no timeline\n", stderr);
		rc = EXIT_NOMEM;
	}
	print_wall(rs);
	return rc;
}

/* Closes the trace and commits its file; returns the exit code so far,
** rc, updated. */
static int finish_trace(const struct run_opts *o, sim_trace *trace, struct outfile *tr, int rc)
{
	if (sim_trace_close(trace) == SIM_ENOMEM) {
		fprintf(stderr, "beamsim: out of memory writing the trace '%s' (it ends early)\n", o->trace);
		rc = EXIT_NOMEM;
	}
	if (!outfile_commit(tr) && !rc)
		rc = EXIT_WRITE;
	return rc;
}

/* Writes the summary and commits its file; returns rc updated.  On
** EXIT_NOMEM the caller discards the unfinished file. */
static int finish_summary(sim *s, struct outfile *sum, const struct runner_stats *rs, int rc)
{
	errno = 0;
	enum sim_status st = sim_summary_write(s, sum->f, rs->threads ? &rs->ts : NULL);
	if (st == SIM_ENOMEM) {
		fputs("beamsim: out of memory writing the summary\n", stderr);
		rc = EXIT_NOMEM;
	} else if (st == SIM_EWRITE && sum->f == stdout && errno) {
		/* Said here while errno knows why; stdio forgets it. */
		fprintf(stderr, "beamsim: cannot write to standard output: %s\n", strerror(errno));
		clearerr(stdout);
		rc = EXIT_WRITE;
	} else if (!outfile_commit(sum) && !rc) {
		rc = EXIT_WRITE;
	}
	return rc;
}

/* Ends the run's outputs: the text report, the trace, the summary.  Each
** that fails is reported and makes the exit code EXIT_WRITE (EXIT_NOMEM
** for an allocation); the others are still written.  The trace is closed
** whatever happens. */
static int finish_outputs(sim *s, const struct run_opts *o, struct report *rep,
                          sim_trace *trace, struct outfile *tr, struct outfile *sum,
                          const struct runner_stats *rs)
{
	int rc = 0;
	if (rep)
		rc = finish_report(o, rep, rs);
	if (trace)
		rc = finish_trace(o, trace, tr, rc);
	if (sum->f)
		rc = finish_summary(s, sum, rs, rc);
	return rc;
}

/* One run of scn with its outputs: every output is opened before the run,
** so a bad path costs no run time.  The sequence charts come last. */
static int run_once(const sim_scenario *scn, const struct run_opts *o, const struct sim_config *cfg)
{
	struct outfile sum = { 0 }, tr = { 0 };
	struct seqout seq = { 0 };
	sim *s = NULL;
	sim_trace *trace = NULL;
	struct report *rep = NULL;
	struct qprint *qp = NULL;
	struct runner_stats rs;
	memset(&rs, 0, sizeof rs);
	int rc = 0;
	if (o->summary && !outfile_open(&sum, o->summary, "summary", true))
		return EXIT_WRITE;
	if ((o->trace && !outfile_open(&tr, o->trace, "trace", false) && (rc = EXIT_WRITE)) ||
	    (rc = seqout_open(&seq, o)))
		goto fail;
	/* nobody reads events of a --quiet run without --trace: not even tick 0's are kept;
	** a chart alone reads a few types */
	uint32_t mask = !o->quiet || o->trace ? SIM_EVENTS_ALL : seq.chart ? CHART_EVENT_MASK : 0;
	if (!(s = sim_create_masked(scn, cfg, mask)) ||
	    (tr.f && !(trace = sim_trace_open_limit(tr.f, s, o->trace_limit))) ||
	    (!o->quiet && !(rep = report_create(s, stdout, o->log)))) {
		fputs("beamsim: out of memory\n", stderr);
		rc = EXIT_NOMEM;
		goto fail;
	}
	if (rep && o->questions) {
		if (!(qp = qprint_create(s, stdout, !o->no_answers))) {
			fputs("beamsim: out of memory\n", stderr);
			rc = EXIT_NOMEM;
			goto fail;
		}
		report_set_questions(rep, qp);
	}
	if (rep)
		report_header(rep);
	rc = runner_execute(s, o, rep, trace, seq.chart, &rs);
	bool qoom = !rc && qp && !qprint_finish(qp);
	if (qoom)
		fputs("beamsim: out of memory: some answers are missing\n", stderr);
	if (!rc) {
		rc = finish_outputs(s, o, rep, trace, &tr, &sum, &rs);
		rc = qoom && !rc ? EXIT_NOMEM : rc;
		rc = seqout_finish(&seq, s, o, rc);
		trace = NULL;
		if (!rc)
			rc = runner_stopped_code(sim_now(s));
	}
fail:
	seqout_discard(&seq);
	if (trace) {
		sim_trace_close(trace);   /* a valid file, with what the run did */
		outfile_commit(&tr);
	}
	outfile_discard(&tr);
	outfile_discard(&sum);   /* a failed run leaves the previous summary as it was */
	report_destroy(rep);
	qprint_destroy(qp);
	sim_destroy(s);
	return rc;
}

/* The options that follow from others: the default --trace-limit; a
** summary or trace on standard output implies --quiet.  Returns 0 or a
** usage error (--summary and --trace naming one file). */
static int settle_options(struct run_opts *o)
{
	if (!o->trace_limit_given)
		o->trace_limit = TRACE_LIMIT_DEFAULT;
	const char *outs[] = { o->summary, o->trace, o->sequence, o->mermaid };
	for (size_t i = 0; i < sizeof outs / sizeof *outs; i++)
		o->quiet |= outs[i] && strcmp(outs[i], "-") == 0;
	int rc = seqout_check(o);
	if (rc)
		return rc;
	o->questions |= o->no_answers;
	if (o->questions && (o->quiet || o->nsched_list))
		return args_usage_error("--questions%s prints with the text report: not with %s",
		                        o->no_answers ? " (--no-answers)" : "",
		                        o->nsched_list ? "a speed-up table (--schedulers N,M)" :
		                        "--quiet or an output on '-'");
	if (o->summary && o->trace && !o->nsched_list && outfile_same(o->summary, o->trace))
		return args_usage_error("--summary and --trace name the same file '%s'", o->trace);
	return 0;
}

/* One run with the effective config, checked first. */
static int run_checked(const sim_scenario *scn, const struct run_opts *o)
{
	struct sim_config cfg = load_config(scn, o);
	const char *bad = sim_config_check(&cfg);
	if (bad) {
		fprintf(stderr, "beamsim: %s\n", bad);
		return EXIT_USAGE;
	}
	return run_once(scn, o, &cfg);
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o;
	int rc = args_parse(argc, argv, ARGS_RUN, &o);
	if (rc || o.help)
		return rc ? rc : cmd_help();
	if ((rc = settle_options(&o)))
		return rc;
	sim_scenario *scn = load_scenario(o.file, &rc);
	if (!scn)
		return rc;
	runner_catch_signals((o.summary && strcmp(o.summary, "-") != 0) ||
	                     (o.trace && strcmp(o.trace, "-") != 0) ||
	                     (o.sequence && strcmp(o.sequence, "-") != 0) ||
	                     (o.mermaid && strcmp(o.mermaid, "-") != 0));
	if (o.nsched_list) {
		if (o.trace || o.log)
			fputs("beamsim: note: --trace and --log are ignored in a speed-up table run\n", stderr);
		rc = speedup_run(scn, &o);
	} else {
		rc = run_checked(scn, &o);
	}
	sim_scenario_free(scn);
	return rc;
}
