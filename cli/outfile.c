/* outfile.c - the output files of `beamsim run` (see outfile.h). */
#define _XOPEN_SOURCE 700   /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* Reports err and frees what an open or commit had made. */
static bool fail(struct outfile *o, int err)
{
	fprintf(stderr, "beamsim: cannot write %s '%s': %s\n", o->what, o->path, strerror(err));
	free(o->target);
	o->target = NULL;
	return false;
}

/* A copy of path's directory part ("." for a bare name); NULL on ENOMEM. */
static char *dir_of(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return NULL;
	char *d = strdup(dirname(copy));
	free(copy);
	return d;
}

/* A temporary file in target's directory, with the mode `mode`. */
static bool open_tmp(struct outfile *o, mode_t mode)
{
	char *dir = dir_of(o->target), *copy = strdup(o->target);
	size_t n = (dir ? strlen(dir) : 0) + strlen(o->target) + 16;
	o->tmp = dir && copy ? malloc(n) : NULL;
	int fd = -1;
	if (o->tmp) {
		snprintf(o->tmp, n, "%s/.%s.XXXXXX", dir, basename(copy));
		fd = mkstemp(o->tmp);
	}
	int err = o->tmp ? errno : ENOMEM;
	free(dir);
	free(copy);
	if (fd >= 0 && fchmod(fd, mode) == 0 && (o->f = fdopen(fd, "w")) != NULL)
		return true;
	err = fd >= 0 ? errno : err;
	if (fd >= 0) {
		close(fd);
		unlink(o->tmp);
	}
	free(o->tmp);
	o->tmp = NULL;
	errno = err;
	return false;
}

bool outfile_open(struct outfile *o, const char *path, const char *what, bool atomic)
{
	memset(o, 0, sizeof *o);
	o->path = path;
	o->what = what;
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		return true;
	}
	if (*path && path[strlen(path) - 1] == '/')
		return fail(o, EISDIR);
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (atomic && exists && S_ISREG(st.st_mode)) {
		o->target = realpath(path, NULL);   /* through symlinks: replace the file, not the link */
		if (!o->target)
			return fail(o, errno);
		if (open_tmp(o, st.st_mode & 07777))
			return true;
		/* No temporary file here (a read-only directory): write the
		** existing file in place, keeping its contents until the commit. */
		int fd = open(path, O_WRONLY);
		if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
			int err = errno;
			if (fd >= 0)
				close(fd);
			return fail(o, err);
		}
		o->truncate = true;
		return true;
	}
	if (atomic && !exists && errno == ENOENT) {
		struct stat lst;
		if (lstat(path, &lst) != 0) {   /* not a dangling symlink: a new file */
			o->target = strdup(path);
			mode_t mask = umask(0);
			umask(mask);
			if (!o->target)
				return fail(o, ENOMEM);
			return open_tmp(o, 0666 & ~mask) ? true : fail(o, errno);
		}
	}
	o->f = fopen(path, "w");
	return o->f ? true : fail(o, errno);
}

bool outfile_commit(struct outfile *o)
{
	if (!o->f)
		return false;
	if (o->f == stdout) {   /* main() flushes and checks stdout once, at exit */
		o->f = NULL;
		return true;
	}
	int err = fflush(o->f) != 0 ? errno : ferror(o->f) ? EIO : 0;
	if (!err && o->truncate) {
		off_t end = ftello(o->f);
		if (end < 0 || ftruncate(fileno(o->f), end) != 0)
			err = errno;
	}
	if (fclose(o->f) != 0 && !err)
		err = errno;
	o->f = NULL;
	if (!err && o->tmp && rename(o->tmp, o->target) != 0)
		err = errno;
	if (err && o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
	return err ? fail(o, err) : true;
}

void outfile_discard(struct outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->target);
	o->f = NULL;
	o->tmp = o->target = NULL;
}

/* The real path of path's directory, '/', and its last component. */
static char *canonical(const char *path)
{
	char *dir = dir_of(path), *copy = strdup(path);
	char *real = dir ? realpath(dir, NULL) : NULL;
	char *out = NULL;
	if (real && copy) {
		const char *base = basename(copy);
		size_t n = strlen(real) + strlen(base) + 2;
		if ((out = malloc(n)) != NULL)
			snprintf(out, n, "%s/%s", real, base);
	}
	free(dir);
	free(copy);
	free(real);
	return out;
}

static bool stat_output(const char *path, struct stat *st)
{
	return strcmp(path, "-") == 0 ? fstat(STDOUT_FILENO, st) == 0 : stat(path, st) == 0;
}

bool outfile_same(const char *a, const char *b)
{
	struct stat sa, sb;
	bool ea = stat_output(a, &sa), eb = stat_output(b, &sb);
	if (ea && eb)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino && !S_ISCHR(sa.st_mode);
	if (ea || eb || strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
		return false;
	char *ca = canonical(a), *cb = canonical(b);
	bool same = ca && cb ? strcmp(ca, cb) == 0 : strcmp(a, b) == 0;
	free(ca);
	free(cb);
	return same;
}
