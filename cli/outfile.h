/*
** outfile.h - the output files of `beamsim run` (--summary, --trace).
**
** Every output is opened before the run, so that a bad path is reported
** at once and not after a long run.  A summary or a chart (atomic) is
** written whole or not at all (common/afile.h): to a temporary file next
** to its target, renamed onto it by outfile_commit, so a run that fails
** or is killed never leaves half a summary over the previous one; a
** target that exists and is not a regular file (/dev/null, a pipe) is
** written in place, and so is an existing file in a directory where no
** temporary file can be made (it is then truncated only by the commit).
** A trace streams during the run, so it is opened (and truncated) in
** place.  "-" is standard output.
*/
#ifndef BEAMSIM_OUTFILE_H
#define BEAMSIM_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "afile.h"

struct outfile {
	const char *path;        /* as given; "-" = standard output */
	const char *what;        /* "summary", "trace": for messages */
	FILE *f;                 /* open between outfile_open and commit/discard */
	struct afile af;         /* an atomic output (af.f == f), or all zero */
};

/* Opens path for writing.  On failure prints "beamsim: cannot write WHAT
** 'PATH': REASON" and returns false (o->f NULL). */
bool outfile_open(struct outfile *o, const char *path, const char *what, bool atomic);
/* Flushes and closes the file and renames it into place.  On failure
** prints the same message, removes the temporary file, returns false.
** Standard output is only flushed: main() reports its errors at exit. */
bool outfile_commit(struct outfile *o);
/* Closes the file and removes the temporary file (an aborted run). */
void outfile_discard(struct outfile *o);
/* Whether two output paths name the same file (a regular file or a pipe:
** two character devices such as /dev/null may be shared).  A path that
** does not exist yet is compared by its directory's real path and name. */
bool outfile_same(const char *a, const char *b);

#endif
