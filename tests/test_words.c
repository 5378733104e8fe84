/* test_words.c - the one table of config words (sim.h): canonical words
** and aliases, the names outputs print, the lists messages print, and the
** loader reading the same words as the command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sim.h"

static void parse_canonical_and_alias(void **state)
{
	(void)state;
	enum sim_preemption p = SIM_PREEMPT_COOPERATIVE;
	assert_true(sim_preemption_parse("reductions", &p));
	assert_int_equal(p, SIM_PREEMPT_REDUCTIONS);
	p = SIM_PREEMPT_COOPERATIVE;
	assert_true(sim_preemption_parse("preemptive", &p));
	assert_int_equal(p, SIM_PREEMPT_REDUCTIONS);
	assert_true(sim_preemption_parse("cooperative", &p));
	assert_int_equal(p, SIM_PREEMPT_COOPERATIVE);
	enum sim_balance b = SIM_BALANCE_STEAL;
	assert_true(sim_balance_parse("shared", &b));
	assert_int_equal(b, SIM_BALANCE_SHARED);
}

static void parse_refuses_others(void **state)
{
	(void)state;
	int v = 42;
	const char *bad[] = { "", "Reductions", "reductions ", " reductions", "preempt", "steal" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(sim_word_parse(sim_preemption_words, bad[i], &v));
	assert_false(sim_word_parse(sim_preemption_words, NULL, &v));
	assert_int_equal(v, 42);   /* untouched on failure */
}

/* Outputs print the canonical word, never an alias, and it parses back. */
static void names_are_canonical(void **state)
{
	(void)state;
	assert_string_equal(sim_preemption_name(SIM_PREEMPT_REDUCTIONS), "reductions");
	assert_string_equal(sim_preemption_name(SIM_PREEMPT_COOPERATIVE), "cooperative");
	assert_string_equal(sim_balance_name(SIM_BALANCE_NONE), "none");
	assert_string_equal(sim_preemption_name((enum sim_preemption)7), "?");
	const struct sim_word *tables[] = { sim_preemption_words, sim_balance_words };
	for (size_t t = 0; t < 2; t++)
		for (const struct sim_word *w = tables[t]; w->word; w++) {
			int v = -1;
			assert_true(sim_word_parse(tables[t], sim_word_name(tables[t], w->value), &v));
			assert_int_equal(v, w->value);
		}
}

static void lists_for_messages(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(sim_word_list(sim_preemption_words, buf, sizeof buf),
	                    "reductions or cooperative");
	assert_string_equal(sim_word_list(sim_balance_words, buf, sizeof buf), "steal, none or shared");
	char small[8];
	sim_word_list(sim_balance_words, small, sizeof small);
	assert_true(strlen(small) < sizeof small);
	assert_memory_equal(small, "steal, ", 7);
}

static struct sim_config load_config(const char *preemption, const char *balance)
{
	char text[256];
	snprintf(text, sizeof text,
	         "{\"config\":{\"preemption\":\"%s\",\"balance\":\"%s\"},\"processes\":["
	         "{\"name\":\"a\",\"program\":[{\"op\":\"work\",\"reductions\":3}]}]}",
	         preemption, balance);
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text(text, strlen(text), "t", &d);
	assert_non_null(scn);
	struct sim_config c = sim_scenario_config(scn);
	sim_scenario_free(scn);
	sim_diag_free(&d);
	return c;
}

/* A scenario file takes the same words as --preemption and --compare. */
static void loader_reads_the_table(void **state)
{
	(void)state;
	struct sim_config c = load_config("preemptive", "none");
	assert_int_equal(c.preemption, SIM_PREEMPT_REDUCTIONS);
	assert_int_equal(c.balance, SIM_BALANCE_NONE);
	c = load_config("cooperative", "shared");
	assert_int_equal(c.preemption, SIM_PREEMPT_COOPERATIVE);
	assert_int_equal(c.balance, SIM_BALANCE_SHARED);
	const char text[] = "{\"config\":{\"preemption\":\"preempt\"},\"processes\":[]}";
	struct sim_diag d;
	sim_diag_init(&d);
	assert_null(sim_scenario_load_text(text, sizeof text - 1, "t", &d));
	assert_int_equal(d.status, SIM_EINVALID);
	assert_true(d.n >= 1);
	assert_non_null(strstr(d.msgs[0], "config.preemption: expected \"reductions\" or \"cooperative\""));
	sim_diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_canonical_and_alias),
		cmocka_unit_test(parse_refuses_others),
		cmocka_unit_test(names_are_canonical),
		cmocka_unit_test(lists_for_messages),
		cmocka_unit_test(loader_reads_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
