/*
** gen_scenario_main.c - writes the random scenario of one seed
** (tests/gen/scenario_gen.c, GEN_ORACLE: without the cases beamsim
** simplifies on purpose) to stdout, for the oracle driver run.sh.
**
**   oracle_gen SEED [values] > scenario.json
**
** With `values`: a format 1.1 scenario (GEN_VALUES, issue 15).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_gen.h"

int main(int argc, char **argv)
{
	if (argc != 2 && !(argc == 3 && strcmp(argv[2], "values") == 0)) {
		fprintf(stderr, "usage: oracle_gen SEED [values]\n");
		return 2;
	}
	char *end = NULL;
	unsigned long long seed = strtoull(argv[1], &end, 10);
	if (!end || *end) {
		fprintf(stderr, "oracle_gen: bad seed '%s'\n", argv[1]);
		return 2;
	}
	char *text = gen_scenario_opts((uint64_t)seed, argc == 3 ? GEN_VALUES : GEN_ORACLE | GEN_SHUTDOWN);
	if (!text) {
		fprintf(stderr, "oracle_gen: out of memory\n");
		return 1;
	}
	fputs(text, stdout);
	fputc('\n', stdout);
	free(text);
	return 0;
}
