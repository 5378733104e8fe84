/*
** cmd_check.c - `beamsim check FILE...`: validates scenario files.
*/
#include "cmd.h"
#include "args.h"
#include "load.h"
#include "questions.h"
#include "textout.h"

#include <stdio.h>
#include <string.h>

/* "FILE: ok (TITLE)" per valid file unless --quiet, the title escaped and
** cut at CHECK_TITLE_COLUMNS with "…"; the messages of the others.  A file
** with questions is run with its own config, and an author's answer that
** disagrees with the engine's makes it invalid (questions.c).  Exits with
** the highest code among the files. */
#define CHECK_TITLE_COLUMNS 100

int cmd_check(int argc, char **argv)
{
	struct run_opts o;
	int rc = args_parse(argc, argv, ARGS_CHECK, &o);
	if (rc || o.help)
		return rc ? rc : cmd_help();
	for (int i = 0; i < o.nfiles; i++) {
		int frc = 0;
		sim_scenario *scn = load_scenario(o.files[i], &frc);
		if (!scn) {
			if (frc > rc)
				rc = frc;
			continue;
		}
		const char *title = sim_scenario_title(scn);
		const char *label = strcmp(o.files[i], "-") == 0 ? "<stdin>" : o.files[i];
		if ((frc = questions_check(label, scn))) {
			rc = frc > rc ? frc : rc;
		} else if (!o.quiet) {
			textout_put(stdout, label, 0);
			fputs(": ok (", stdout);
			textout_put(stdout, *title ? title : "untitled", CHECK_TITLE_COLUMNS);
			fputs(")\n", stdout);
		}
		sim_scenario_free(scn);
	}
	return rc;
}
