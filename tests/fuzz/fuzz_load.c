/*
** fuzz_load.c - libFuzzer target: the scenario loader and validator.
**
** Every input goes through sim_scenario_load_text (JSON parser, schema
** checks, name resolution, template expansion); the result is freed.
** ASan/UBSan report any memory error, leak or undefined behaviour; the
** target itself checks that a failure always comes with messages and a
** status, and that a success comes with none.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_counts_small(data, size))
		return 0;
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text((const char *)data, size, "fuzz.json", &d);
	if (scn) {
		if (d.n != 0 || d.status != SIM_OK)
			abort();        /* success must leave no diagnostics */
		(void)sim_scenario_title(scn);
		(void)sim_scenario_config(scn);
		size_t nn = sim_scenario_note_count(scn);
		for (size_t i = 0; i < nn; i++) {
			uint64_t at;
			const char *text;
			sim_scenario_note(scn, i, &at, &text);
			if (!text)
				abort();
		}
		sim_scenario_free(scn);
	} else {
		if (d.n == 0 || d.status == SIM_OK)
			abort();        /* a refusal must say why */
		for (size_t i = 0; i < d.n; i++)
			if (!d.msgs[i] || !d.msgs[i][0])
				abort();
	}
	sim_diag_free(&d);
	return 0;
}
