/* gui_test_words.c - the window takes the engine's words and says the
** canonical one: --compare preemption=preemptive,... labels its pane
** "preemption=reductions"; and app_init returns a status per cause. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app.h"
#include "gui_support.h"

static enum gui_status init(struct app *a, const char *file, const char *compare)
{
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = file;
	o.compare = compare;
	sim_config_default(&o.cfg);
	return app_init(a, &o);
}

static void compare_says_the_canonical_word(void **state)
{
	(void)state;
	struct app *a = malloc(sizeof *a);
	assert_non_null(a);
	assert_int_equal(init(a, NULL, "preemption=preemptive,cooperative"), GUI_OK);
	assert_int_equal(a->npanes, 2);
	assert_int_equal(a->ses[0].cfg.preemption, SIM_PREEMPT_REDUCTIONS);
	assert_int_equal(a->ses[1].cfg.preemption, SIM_PREEMPT_COOPERATIVE);
	assert_string_equal(a->view.pane_label[0], "preemption=reductions");
	assert_string_equal(a->view.pane_label[1], "preemption=cooperative");
	app_free(a);
	assert_int_equal(init(a, NULL, "balance=steal,shared"), GUI_OK);
	assert_int_equal(a->ses[1].cfg.balance, SIM_BALANCE_SHARED);
	assert_string_equal(a->view.pane_label[1], "balance=shared");
	app_free(a);
	free(a);
}

static void compare_values_are_strict(void **state)
{
	(void)state;
	assert_null(gui_compare_check("schedulers=1,4"));
	assert_null(gui_compare_check("preemption=cooperative,preemptive"));
	const char *bad[] = { "schedulers=+1,4", "schedulers= 1,4", "schedulers=1,4 ", "schedulers=0,4",
	                      "schedulers=1,65", "schedulers=1,,4", "preemption=Reductions,cooperative",
	                      "balance=steal", "slice=1,2", "schedulers=99999999999999999999,1" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_non_null(gui_compare_check(bad[i]));
}

static void init_status_per_cause(void **state)
{
	(void)state;
	struct app *a = malloc(sizeof *a);
	assert_non_null(a);
	assert_int_equal(init(a, "/nonexistent/beamsim.json", NULL), GUI_EREAD);
	char path[64];
	temp_scenario(path, "{\"processes\": 3}");
	assert_int_equal(init(a, path, NULL), GUI_EINVALID);
	remove(path);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compare_says_the_canonical_word),
		cmocka_unit_test(compare_values_are_strict),
		cmocka_unit_test(init_status_per_cause),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
