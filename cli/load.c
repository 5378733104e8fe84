/*
** load.c - the scenario of a command (load.h).
*/
#include "load.h"
#include "textout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The loader's messages, one line each: they quote the file's text, so
** control characters are escaped (textout.h). */
static void print_diag(const struct sim_diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		textout_put(stderr, d->msgs[i], 0);
		fputc('\n', stderr);
	}
}

/* Standard input ('-' as the file), read whole, at most one byte more
** than SIM_MAX_FILE_BYTES (the loader then reports the size), and loaded
** as "<stdin>".  NULL with d filled when it cannot be read. */
static sim_scenario *load_stdin(struct sim_diag *d)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = NULL;
	sim_scenario *scn = NULL;
	for (;;) {
		char *grown = realloc(buf, cap);
		if (!grown) {
			sim_diag_add(d, "<stdin>: error: out of memory");
			d->status = SIM_ENOMEM;
			goto done;
		}
		buf = grown;
		len += fread(buf + len, 1, cap - len, stdin);
		if (len < cap || len > SIM_MAX_FILE_BYTES)
			break;
		cap = cap * 2 > (size_t)SIM_MAX_FILE_BYTES + 1 ? (size_t)SIM_MAX_FILE_BYTES + 1 : cap * 2;
	}
	if (ferror(stdin)) {
		sim_diag_add(d, "<stdin>: error: cannot read: %s", strerror(errno));
		d->status = SIM_EREAD;
		goto done;
	}
	scn = sim_scenario_load_text(buf, len, "<stdin>", d);
done:
	free(buf);
	return scn;
}

sim_scenario *load_scenario(const char *file, int *rc)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = !file ? sim_scenario_load_default(&d)
	                  : strcmp(file, "-") == 0 ? load_stdin(&d) : sim_scenario_load(file, &d);
	if (!scn) {
		print_diag(&d);
		*rc = d.status == SIM_EREAD ? EXIT_READ : d.status == SIM_ENOMEM ? EXIT_NOMEM
		    : EXIT_INVALID;
	}
	sim_diag_free(&d);
	return scn;
}

struct sim_config load_config(const sim_scenario *scn, const struct run_opts *o)
{
	struct sim_config c = sim_scenario_config(scn);
	sim_config_override(&c, &o->cfg, o->given);
	return c;
}
