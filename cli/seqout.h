/*
** seqout.h - the sequence chart outputs of `beamsim run`: --sequence
** OUT.svg and --mermaid OUT.mmd over --from/--to, for --only NAME,...
** (chart/chart.h does the work).
**
** As every output of run, the files are opened before the run (a bad path
** costs no run time) and written whole into place after it (outfile.h);
** a range or a name that the run does not have is reported after the run
** (processes can be spawned on the way), without the charts, while the
** other outputs are still written.
*/
#ifndef BEAMSIM_CLI_SEQOUT_H
#define BEAMSIM_CLI_SEQOUT_H

#include "args.h"
#include "chart.h"
#include "outfile.h"

struct seqout {
	struct outfile svg, mmd;
	struct chart *chart;       /* NULL when no chart is asked for */
	char *only_buf;            /* --only's copy, cut at the commas */
	const char **only;
	size_t nonly;
};

/* Checks the chart options against the others: 0 or a usage error. */
int seqout_check(const struct run_opts *o);
/* Opens the outputs and makes the chart (nothing when no chart is asked
** for).  Returns 0, EXIT_WRITE or EXIT_NOMEM (with a message); on failure
** seqout_discard cleans up. */
int seqout_open(struct seqout *q, const struct run_opts *o);
/* After the run: lays the chart out and writes the files.  Returns rc,
** or if rc is 0 the first failure's code (with a message). */
int seqout_finish(struct seqout *q, const sim *s, const struct run_opts *o, int rc);
/* Frees everything; files not committed are removed. */
void seqout_discard(struct seqout *q);

#endif
