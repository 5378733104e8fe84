/* paths.c - the run-time file locations of paths.h. */
#define _XOPEN_SOURCE 700          /* realpath */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BEAMSIM_REL_SCENARIO_DIR
#define BEAMSIM_REL_SCENARIO_DIR "../share/beamsim/scenarios"
#endif

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Copies p to out when it fits; returns out or NULL. */
static const char *copy_path(char *out, const char *p)
{
	size_t n = strlen(p);
	if (n >= PATHS_DIR_MAX)
		return NULL;
	memcpy(out, p, n + 1);
	return out;
}

/* The installed scenario directory next to the running executable, resolved
** (no "..") into out; NULL when there is none. */
static const char *installed_dir(char *out)
{
	char exe[PATHS_DIR_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	char cand[2 * PATHS_DIR_MAX];
	snprintf(cand, sizeof cand, "%s/%s", exe, BEAMSIM_REL_SCENARIO_DIR);
	if (!is_dir(cand))
		return NULL;
	char *real = realpath(cand, NULL);
	const char *r = copy_path(out, real ? real : cand);
	free(real);
	return r;
}

const char *paths_scenario_dir(char *out)
{
	const char *env = getenv("BEAMSIM_SCENARIO_DIR");
	if (env && *env && copy_path(out, env))
		return out;
	if (installed_dir(out))
		return out;
#ifdef BEAMSIM_SCENARIO_DIR
	if (is_dir(BEAMSIM_SCENARIO_DIR))
		return copy_path(out, BEAMSIM_SCENARIO_DIR);
#endif
	return NULL;
}
