/* settings.c - the window's remembered settings file; see settings.h. */
#define _POSIX_C_SOURCE 200809L   /* mkdir */

#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render.h"

static const char *const view_words[RENDER_MODE_COUNT] = { "lanes", "sequence", "both" };

bool settings_path(char *buf, size_t size)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;
	if (x && x[0] == '/')
		n = snprintf(buf, size, "%s/beamsim/gui.conf", x);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.config/beamsim/gui.conf", home);
	else
		return false;
	return n > 0 && (size_t)n < size;
}

/* Skips blanks from p. */
static char *skip(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* One line "key = value" (a comment, a blank line: nothing); false with a
** message on a line it cannot read. */
static bool parse_line(char *line, struct settings *s, const char *path, int ln, char *err,
                       size_t errsize)
{
	line[strcspn(line, "\r\n")] = '\0';
	char *k = skip(line);
	if (*k == '\0' || *k == '#')
		return true;
	char *eq = strchr(k, '=');
	if (!eq) {
		snprintf(err, errsize, "%s:%d:%d: expected 'key = value'", path, ln, (int)(k - line) + 1);
		return false;
	}
	char *v = skip(eq + 1), *end = eq;
	while (end > k && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	size_t vl = strlen(v);
	while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
		v[--vl] = '\0';
	if (strcmp(k, "view") != 0)
		return true;                       /* a key of a later version: kept out, no error */
	for (int i = 0; i < RENDER_MODE_COUNT; i++)
		if (strcmp(v, view_words[i]) == 0) {
			s->view = i;
			return true;
		}
	snprintf(err, errsize, "%s:%d:%d: view: expected lanes, sequence or both, got '%.40s'", path,
	         ln, (int)(v - line) + 1, v);
	return false;
}

int settings_load(const char *path, struct settings *s, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[512];
	int ln = 0, rc = 1;
	while (fgets(line, sizeof line, f)) {
		ln++;
		if (!strchr(line, '\n') && !feof(f)) {   /* too long: the rest of it skipped */
			snprintf(err, errsize, "%s:%d:1: line longer than %zu bytes", path, ln, sizeof line - 2);
			rc = -1;
			for (int c; (c = fgetc(f)) != EOF && c != '\n';)
				;
			continue;
		}
		if (!parse_line(line, s, path, ln, err, errsize))
			rc = -1;
	}
	if (ferror(f) && rc == 1) {
		snprintf(err, errsize, "%s: cannot be read", path);
		rc = -1;
	}
	fclose(f);
	return rc;
}

/* Makes the directory of path and its parent (0700, as XDG asks). */
static int make_dirs(const char *path, char *err, size_t errsize)
{
	char dir[1024], parent[1024];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	snprintf(parent, sizeof parent, "%s", dir);
	slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		(void)mkdir(parent, 0700);         /* ~/.config may be missing too */
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errsize, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int settings_save(const char *path, const struct settings *s, char *err, size_t errsize)
{
	if (make_dirs(path, err, errsize) != 0)
		return -1;
	char tmp[1100];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		snprintf(err, errsize, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	int view = s->view >= 0 && s->view < RENDER_MODE_COUNT ? s->view : 0;
	fprintf(f, "# beamsim: what the window remembers (written when it closes)\nview = %s\n",
	        view_words[view]);
	bool ok = fflush(f) == 0 && !ferror(f);
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errsize, "%s: %s", ok ? path : tmp, strerror(errno));
		remove(tmp);
		return -1;
	}
	return 0;
}

int settings_start_view(const char *path, int view, bool given, int *in_file)
{
	char err[1200];
	struct settings st = { -1 };
	*in_file = -1;
	if (!path)
		return view;
	if (settings_load(path, &st, err, sizeof err) < 0)
		fprintf(stderr, "beamsim: %s (the window's settings)\n", err);
	*in_file = st.view;
	return given || st.view < 0 ? view : st.view;
}

void settings_end_view(const char *path, int view, int in_file)
{
	char err[1200];
	struct settings st = { view };
	int was = in_file < 0 ? RENDER_LANES : in_file;     /* no file: the default, not written */
	if (path && view != was && settings_save(path, &st, err, sizeof err) != 0)
		fprintf(stderr, "beamsim: the view is not remembered: %s\n", err);
}
