/*
** gen_dist_main.c - writes the random distribution scenario of one seed
** (tests/gen/scenario_gen.c, GEN_NODES | GEN_ORACLE: waiting processes
** and node events whose outcomes do not depend on timing) to stdout, for
** the dist oracle's random mode (run_random.sh).
**
**   oracle_dist_gen SEED > scenario.json
*/
#include <stdio.h>
#include <stdlib.h>

#include "scenario_gen.h"

int main(int argc, char **argv)
{
	char *end = NULL;
	unsigned long long seed = argc == 2 ? strtoull(argv[1], &end, 10) : 0;
	if (argc != 2 || !end || *end || end == argv[1]) {
		fprintf(stderr, "usage: oracle_dist_gen SEED (a decimal number)\n");
		return 2;
	}
	char *text = gen_scenario_opts((uint64_t)seed, GEN_NODES | GEN_ORACLE);
	if (!text) {
		fprintf(stderr, "oracle_dist_gen: out of memory\n");
		return 1;
	}
	fputs(text, stdout);
	fputc('\n', stdout);
	free(text);
	return 0;
}
