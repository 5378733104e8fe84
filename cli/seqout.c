/* seqout.c - the sequence chart outputs of `beamsim run` (see seqout.h). */
#define _POSIX_C_SOURCE 200809L   /* strdup */
#include "seqout.h"

#include <stdlib.h>
#include <string.h>

#define ONLY_MAX 100000   /* names in --only */

int seqout_check(const struct run_opts *o)
{
	bool chart = o->sequence || o->mermaid;
	const char *outs[] = { o->summary, o->trace };
	if (!chart && (o->from_given || o->to_given || o->only))
		return args_usage_error("--from, --to and --only choose what --sequence or --mermaid "
		                        "shows; give one of them");
	if (chart && o->nsched_list)
		return args_usage_error("--sequence and --mermaid chart one run, not a speed-up table "
		                        "(--schedulers with a list)");
	if (o->from > o->to)
		return args_usage_error("--from %llu is after --to %llu", (unsigned long long)o->from,
		                        (unsigned long long)o->to);
	if (o->sequence && o->mermaid && outfile_same(o->sequence, o->mermaid))
		return args_usage_error("--sequence and --mermaid name the same file '%s'", o->mermaid);
	for (size_t i = 0; i < 2; i++) {
		const char *c = o->sequence && outs[i] && outfile_same(o->sequence, outs[i]) ? o->sequence
		              : o->mermaid && outs[i] && outfile_same(o->mermaid, outs[i]) ? o->mermaid : NULL;
		if (c)
			return args_usage_error("'%s' is named by two outputs", c);
	}
	return 0;
}

/* --only's names: a copy cut at the commas; no empty name. */
static int split_only(struct seqout *q, const char *only)
{
	size_t n = 1;
	for (const char *p = only; *p; p++)
		n += *p == ',';
	if (n > ONLY_MAX)
		return args_usage_error("--only: at most %d names", ONLY_MAX);
	q->only_buf = strdup(only);
	q->only = malloc(n * sizeof *q->only);
	if (!q->only_buf || !q->only) {
		fputs("beamsim: out of memory\n", stderr);
		return EXIT_NOMEM;
	}
	for (char *p = q->only_buf;; p++) {
		q->only[q->nonly++] = p;
		p += strcspn(p, ",");
		if (p == q->only[q->nonly - 1])
			return args_usage_error("--only: an empty name in '%s'", only);
		if (!*p)
			return 0;
		*p = '\0';
	}
}

int seqout_open(struct seqout *q, const struct run_opts *o)
{
	memset(q, 0, sizeof *q);
	if (!o->sequence && !o->mermaid)
		return 0;
	int rc = o->only ? split_only(q, o->only) : 0;
	if (rc)
		return rc;
	if ((o->sequence && !outfile_open(&q->svg, o->sequence, "sequence chart", true)) ||
	    (o->mermaid && !outfile_open(&q->mmd, o->mermaid, "Mermaid chart", true)))
		return EXIT_WRITE;
	if (!(q->chart = chart_create(o->from, o->to))) {
		fputs("beamsim: out of memory\n", stderr);
		return EXIT_NOMEM;
	}
	return 0;
}

/* Writes one chart file with `write` and commits it; returns rc updated. */
static int write_one(struct outfile *out, const struct chart_layout *l, const char *title,
                     enum sim_status (*write)(const struct chart_layout *, const char *, FILE *),
                     int rc)
{
	if (!out->f)
		return rc;
	enum sim_status st = write(l, title, out->f);
	if (st == SIM_ENOMEM) {
		fprintf(stderr, "beamsim: out of memory writing the %s '%s'\n", out->what, out->path);
		outfile_discard(out);
		return rc ? rc : EXIT_NOMEM;
	}
	if (!outfile_commit(out) && !rc)
		rc = EXIT_WRITE;
	return rc;
}

int seqout_finish(struct seqout *q, const sim *s, const struct run_opts *o, int rc)
{
	if (!q->chart)
		return rc;
	struct chart_opts co;
	struct chart_layout l;
	char err[512];
	chart_opts_default(&co);
	co.from = o->from;
	co.to = o->to;
	co.only = q->only;
	co.nonly = q->nonly;
	if (q->chart->oom || !chart_finish(q->chart, s)) {
		fputs("beamsim: out of memory recording the sequence chart: not written\n", stderr);
		return rc ? rc : EXIT_NOMEM;
	}
	enum sim_status st = chart_layout_create(&l, q->chart, &co, err, sizeof err);
	if (st != SIM_OK) {
		if (st == SIM_ENOMEM)
			fputs("beamsim: out of memory laying out the sequence chart: not written\n", stderr);
		else
			fprintf(stderr, "beamsim: %s; the charts are not written\n", err);
		return rc ? rc : st == SIM_ENOMEM ? EXIT_NOMEM : EXIT_USAGE;
	}
	if (q->chart->truncated)
		fprintf(stderr, "beamsim: the sequence chart holds at most %u arrows and %u processes: "
		        "it stops at tick %llu (choose a range with --from and --to)\n", CHART_MAX_ARROWS,
		        CHART_MAX_LINES, (unsigned long long)q->chart->truncated_at);
	const char *title = sim_scenario_title(sim_get_scenario(s));
	rc = write_one(&q->svg, &l, title, chart_svg_write, rc);
	rc = write_one(&q->mmd, &l, title, chart_mermaid_write, rc);
	chart_layout_free(&l);
	return rc;
}

void seqout_discard(struct seqout *q)
{
	outfile_discard(&q->svg);
	outfile_discard(&q->mmd);
	chart_destroy(q->chart);
	free(q->only_buf);
	free(q->only);
	memset(q, 0, sizeof *q);
}
