/* outfile.c - the output files of `beamsim run` (see outfile.h). */
#define _XOPEN_SOURCE 700   /* realpath */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* Reports err; returns false. */
static bool fail(const struct outfile *o, int err)
{
	fprintf(stderr, "beamsim: cannot write %s '%s': %s\n", o->what, o->path, strerror(err));
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
	if (atomic) {
		int err = afile_open(&o->af, path, 0);
		o->f = o->af.f;
		return err ? fail(o, err) : true;
	}
	if (*path && path[strlen(path) - 1] == '/')
		return fail(o, EISDIR);
	o->f = fopen(path, "w");
	return o->f ? true : fail(o, errno);
}

bool outfile_commit(struct outfile *o)
{
	FILE *f = o->f;
	o->f = NULL;
	if (!f)
		return false;
	if (f == stdout)        /* main() flushes and checks stdout once, at exit */
		return true;
	if (o->af.f) {
		int err = afile_commit(&o->af);
		return err ? fail(o, err) : true;
	}
	errno = 0;
	int err = fflush(f) != 0 || ferror(f) ? (errno ? errno : EIO) : 0;
	if (fclose(f) != 0 && !err)
		err = errno ? errno : EIO;
	return err ? fail(o, err) : true;
}

void outfile_discard(struct outfile *o)
{
	if (o->af.f)
		afile_discard(&o->af);
	else if (o->f && o->f != stdout)
		fclose(o->f);
	o->f = NULL;
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
