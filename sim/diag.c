/*
** diag.c - lists of error messages (struct sim_diag, declared in sim.h).
**
** A list keeps at most SIM_DIAG_MAX messages.  Everything added after that
** is only counted, in one extra summary line "... and N more errors".
** struct sim_diag has no field for that count, so the summary line itself
** holds it: it is the only line this module ever reads back.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"
#include "sim.h"

void sim_diag_init(struct sim_diag *d)
{
	d->status = SIM_OK;
	d->msgs = NULL;
	d->n = 0;
	d->cap = 0;
}

void sim_diag_free(struct sim_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	sim_diag_init(d);
}

/* Appends `line` (taking ownership); false when out of memory. */
static bool push_line(struct sim_diag *d, char *line)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		if (cap > SIM_DIAG_MAX + 1)
			cap = SIM_DIAG_MAX + 1;
		char **msgs = realloc(d->msgs, cap * sizeof *msgs);
		if (!msgs)
			return false;
		d->msgs = msgs;
		d->cap = cap;
	}
	d->msgs[d->n++] = line;
	return true;
}

/* The number of messages the summary line says were left out. */
static size_t omitted_so_far(const struct sim_diag *d)
{
	size_t k = 0;
	if (d->n > SIM_DIAG_MAX && sscanf(d->msgs[SIM_DIAG_MAX], "... and %zu more", &k) != 1)
		k = 0;
	return k;
}

void sim_diag_omit(struct sim_diag *d, size_t n)
{
	if (n == 0)
		return;
	size_t total = omitted_so_far(d) + n;
	char buf[64];
	snprintf(buf, sizeof buf, "... and %zu more error%s", total, total == 1 ? "" : "s");
	char *line = malloc(strlen(buf) + 1);
	if (!line)
		return;
	strcpy(line, buf);
	if (d->n > SIM_DIAG_MAX) {
		free(d->msgs[SIM_DIAG_MAX]);
		d->msgs[SIM_DIAG_MAX] = line;
	} else if (!push_line(d, line)) {
		free(line);
	}
}

void sim_diag_add(struct sim_diag *d, const char *fmt, ...)
{
	if (d->n >= SIM_DIAG_MAX) {
		sim_diag_omit(d, 1);
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *line = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (!line) {
		sim_diag_omit(d, 1);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(line, (size_t)len + 1, fmt, ap);
	va_end(ap);
	if (!push_line(d, line)) {
		free(line);
		sim_diag_omit(d, 1);
	}
}
