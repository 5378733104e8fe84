/* afile.c - a file replaced whole or not at all (see afile.h). */
#define _XOPEN_SOURCE 700   /* mkstemp, fchmod, realpath, ftello */
#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* errno, or EIO where a failed call left none. */
static int errno_or_eio(void)
{
	return errno ? errno : EIO;
}

/* A target that cannot be replaced (see afile.h), opened in place. */
static int open_in_place(struct afile *a, const char *path, unsigned flags)
{
	if (!(flags & AFILE_SEEKABLE)) {
		a->f = fopen(path, "w");
		return a->f ? 0 : errno_or_eio();
	}
	a->out = fopen(path, "wb");
	if (a->out && (a->f = tmpfile()) != NULL)
		return 0;
	int err = errno_or_eio();
	if (a->out)
		fclose(a->out);
	a->out = NULL;
	return err;
}

/* a->f: a new temporary file with the mode `mode` in a->target's
** directory, its name in a->tmp.  0 or an errno value. */
static int open_tmp(struct afile *a, mode_t mode)
{
	char *dir = strdup(a->target), *base = strdup(a->target);
	size_t n = 2 * strlen(a->target) + 16;
	a->tmp = dir && base ? malloc(n) : NULL;
	int fd = -1, err = ENOMEM;
	if (a->tmp) {
		snprintf(a->tmp, n, "%s/.%s.XXXXXX", dirname(dir), basename(base));
		fd = mkstemp(a->tmp);
		err = errno_or_eio();
	}
	free(dir);
	free(base);
	if (fd >= 0 && fchmod(fd, mode) == 0 && (a->f = fdopen(fd, "w+")) != NULL)
		return 0;
	if (fd >= 0) {
		err = errno_or_eio();
		close(fd);
		unlink(a->tmp);
	}
	free(a->tmp);
	a->tmp = NULL;
	return err;
}

/* An existing regular file where no temporary file can be made, written
** in place and cut by the commit. */
static int open_existing(struct afile *a, const char *path)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno_or_eio();
	if (!(a->f = fdopen(fd, "w"))) {
		int err = errno_or_eio();
		close(fd);
		return err;
	}
	a->truncate = true;
	return 0;
}

int afile_open(struct afile *a, const char *path, unsigned flags)
{
	memset(a, 0, sizeof *a);
	if (!*path)
		return ENOENT;
	if (path[strlen(path) - 1] == '/')
		return EISDIR;
	struct stat st, lst;
	bool exists = stat(path, &st) == 0;
	if (!exists && errno != ENOENT)
		return errno_or_eio();
	if (exists && S_ISDIR(st.st_mode))
		return EISDIR;
	if (exists ? !S_ISREG(st.st_mode) : lstat(path, &lst) == 0)
		return open_in_place(a, path, flags);     /* a device, a pipe, a dangling link */
	/* through a link: replace the file, not the link */
	a->target = exists ? realpath(path, NULL) : strdup(path);
	if (!a->target)
		return exists ? errno_or_eio() : ENOMEM;
	mode_t mask = umask(0);
	umask(mask);
	int err = open_tmp(a, exists ? st.st_mode & 07777 : 0666 & ~mask);
	if (err && exists)
		err = open_existing(a, path);
	if (err || a->truncate) {
		free(a->target);
		a->target = NULL;
	}
	return err;
}

/* The anonymous file f onto out.  0 or an errno value. */
static int copy_out(FILE *f, FILE *out)
{
	char buf[65536];
	size_t n;
	errno = 0;
	if (fseek(f, 0, SEEK_SET) != 0)
		return errno_or_eio();
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return errno_or_eio();
	return ferror(f) || fflush(out) != 0 ? errno_or_eio() : 0;
}

int afile_commit(struct afile *a)
{
	if (!a->f)
		return EBADF;
	errno = 0;
	int err = fflush(a->f) != 0 || ferror(a->f) ? errno_or_eio() : 0;
	if (!err && a->out)
		err = copy_out(a->f, a->out);
	if (a->out && fclose(a->out) != 0 && !err)
		err = errno_or_eio();
	a->out = NULL;
	if (!err && a->truncate) {
		off_t end = ftello(a->f);
		if (end < 0 || ftruncate(fileno(a->f), end) != 0)
			err = errno_or_eio();
	}
	if (fclose(a->f) != 0 && !err)
		err = errno_or_eio();
	a->f = NULL;
	if (!err && a->tmp) {
		if (rename(a->tmp, a->target) == 0) {
			free(a->tmp);
			a->tmp = NULL;
		} else {
			err = errno_or_eio();
		}
	}
	afile_discard(a);   /* frees; after a failure, removes the temporary file */
	return err;
}

void afile_discard(struct afile *a)
{
	if (a->f)
		fclose(a->f);
	if (a->out)
		fclose(a->out);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->target);
	memset(a, 0, sizeof *a);
}
