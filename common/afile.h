/*
** afile.h - a file replaced whole or not at all: the summary of
** `beamsim run` (cli/outfile.c) and a GIF of the window (gui/gifout.c).
**
** afile_open makes a temporary file beside the target (".NAME.XXXXXX" in
** its directory, with the target's permissions, or 0666 less the umask
** for a new file) and afile_commit renames it onto the target: a writer
** that fails, is killed or gives up (afile_discard) never leaves half a
** file, nor destroys the file it would have replaced.  A symbolic link is
** followed: the file it names is replaced, the link stays.
**
** What cannot be replaced is written in place:
** - a target that exists and is not a regular file (/dev/null, a pipe),
**   or a dangling link: opened at once (in a directory such as /dev no
**   temporary file is made); with AFILE_SEEKABLE the stream is an
**   anonymous temporary file, copied onto the target by the commit;
** - an existing regular file in a directory where no temporary file can
**   be made (read-only): opened without truncating, and cut by the commit
**   at the stream's position (so a writer that seeks back must seek to
**   its end again before the commit).
** A directory, or a path that ends in '/', is refused (EISDIR).
**
** This directory (common/) is the layer under the front ends: it uses
** only the C library and POSIX, and includes no header of beamsim
** (scripts/check-layers.sh), so that cli/ and gui/ can both use it
** without one depending on the other.
*/
#ifndef BEAMSIM_AFILE_H
#define BEAMSIM_AFILE_H

#include <stdbool.h>
#include <stdio.h>

#define AFILE_SEEKABLE 1u        /* the stream can always seek (and be read back) */

struct afile {
	FILE *f;                 /* the stream to write, from afile_open to commit/discard */
	FILE *out;               /* AFILE_SEEKABLE, a non-regular target: f goes here at the commit */
	char *tmp;               /* f's name, renamed onto target by the commit; NULL: in place */
	char *target;            /* the real path tmp replaces */
	bool truncate;           /* an old file written in place: cut at f's position */
};

/* Opens path for writing with the flags (0 or AFILE_SEEKABLE).  Returns 0,
** or an errno value with nothing left open and nothing made. */
int afile_open(struct afile *a, const char *path, unsigned flags);
/* Flushes the stream, puts the file in place and closes everything.
** Returns 0, or an errno value (EIO for an error of the stream); the
** temporary file is then removed and the target left as it was (in
** place: as far as it was written). */
int afile_commit(struct afile *a);
/* Closes everything and removes the temporary file (a writer that gave
** up).  Safe on a closed or committed afile. */
void afile_discard(struct afile *a);

#endif
