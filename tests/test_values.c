/* test_values.c - format 1.1: state, variables, patterns that bind, guards,
** set/if/foreach, runtime errors, pids as values, the summary's variables,
** checkpoints and the threaded executor with variables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* The variables of the newest process named `name` (caller frees). */
static char *vars_of(const sim *s, const char *name)
{
	char *v = sim_proc_variables(s, pid_of(s, name));
	assert_non_null(v);
	return v;
}

static void expect_vars(const char *json, const char *name, const char *want)
{
	sim_scenario *scn = load_text(json);
	sim *s = run_scenario(scn);
	char *v = vars_of(s, name);
	assert_string_equal(v, want);
	free(v);
	sim_destroy(s);
	sim_scenario_free(scn);
}

static void expect_reason(const char *json, const char *name, const char *want)
{
	sim_scenario *scn = load_text(json);
	sim *s = run_scenario(scn);
	assert_string_equal(reason_of(s, name), want);
	sim_destroy(s);
	sim_scenario_free(scn);
}

#define SERVER \
	"{\"format\": 1.1, \"processes\": [" \
	"{\"name\": \"server\", \"state\": {\"n\": 0, \"log\": []}, \"program\": [" \
	" {\"op\": \"loop\", \"times\": \"forever\", \"do\": [" \
	"  {\"op\": \"receive\", \"cases\": [" \
	"   {\"match\": [\"add\", \"$K\"], \"when\": {\"gt\": [\"$K\", 0]}, \"do\": [" \
	"     {\"op\": \"set\", \"var\": \"n\", \"value\": {\"add\": [\"$n\", \"$K\"]}}," \
	"     {\"op\": \"set\", \"var\": \"log\", \"value\": {\"append\": [\"$log\", \"$K\"]}}]}," \
	"   {\"match\": [\"get\", \"$From\"], \"do\": [" \
	"     {\"op\": \"send\", \"to\": \"$From\", \"message\": [\"value\", \"$n\", \"$$lit\"]}]}," \
	"   {\"match\": \"stop\", \"do\": [{\"op\": \"exit\", \"reason\": \"normal\"}]}]}]}]}," \
	"{\"name\": \"client\", \"state\": {\"got\": null}, \"program\": [" \
	" {\"op\": \"send\", \"to\": \"server\", \"message\": [\"add\", 2]}," \
	" {\"op\": \"send\", \"to\": \"server\", \"message\": [\"add\", -1]}," \
	" {\"op\": \"send\", \"to\": \"server\", \"message\": [\"add\", 5]}," \
	" {\"op\": \"send\", \"to\": \"server\", \"message\": [\"get\", \"$self\"]}," \
	" {\"op\": \"receive\", \"cases\": [{\"match\": [\"value\", \"$V\", \"$L\"], \"do\": [" \
	"   {\"op\": \"set\", \"var\": \"got\", \"value\": [\"$V\", \"$L\"]}]}]}," \
	" {\"op\": \"if\", \"cond\": {\"eq\": [\"$got\", [7, \"$$lit\"]]}," \
	"  \"then\": [{\"op\": \"send\", \"to\": \"server\", \"message\": \"stop\"}]," \
	"  \"else\": [{\"op\": \"crash\", \"reason\": \"wrong\"}]}]}]}"

/* A loop(N) server: a guard skips a message, set keeps state, a reply goes
** to the pid in the request, "$$" is a literal '$'. */
static void test_server(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(SERVER);
	sim *s = run_scenario(scn);
	assert_string_equal(reason_of(s, "server"), "normal");
	assert_string_equal(reason_of(s, "client"), "normal");
	char *v = vars_of(s, "server");
	assert_string_equal(v, "{\"n\":7,\"log\":[2,5]}");
	free(v);
	v = vars_of(s, "client");
	assert_string_equal(v, "{\"got\":[7,\"$lit\"]}");
	free(v);
	char *summary = sim_summary_json(s);
	assert_non_null(strstr(summary, "\"variables\":\t{\"n\":7,\"log\":[2,5]}"));
	free(summary);
	sim_destroy(s);
	sim_scenario_free(scn);
}

#define ONE(program) \
	"{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"state\": {\"l\": [1, 2]}, " \
	"\"program\": [" program "]}]}"

static void test_errors(void **state)
{
	(void)state;
	expect_reason(ONE("{\"op\": \"set\", \"var\": \"x\", \"value\": \"$nope\"}"), "p",
	              "[\"unbound\",\"nope\"]");
	expect_reason(ONE("{\"op\": \"set\", \"var\": \"x\", \"value\": {\"add\": [\"$l\", 1]}}"), "p",
	              "badarith");
	expect_reason(ONE("{\"op\": \"set\", \"var\": \"x\", \"value\": {\"div\": [1, 0]}}"), "p",
	              "badarith");
	expect_reason(ONE("{\"op\": \"set\", \"var\": \"x\", \"value\": {\"nth\": [\"$l\", 3]}}"), "p",
	              "badarg");
	expect_reason(ONE("{\"op\": \"foreach\", \"var\": \"x\", \"in\": 5, \"do\": []}"), "p",
	              "badarg");
	expect_reason(ONE("{\"op\": \"send\", \"to\": \"$l\", \"message\": 1}"), "p", "badarg");
	expect_reason(ONE("{\"op\": \"send\", \"to\": \"p\", \"message\": [\"$zz\"]}"), "p",
	              "[\"unbound\",\"zz\"]");
	expect_reason(ONE("{\"op\": \"set\", \"var\": \"r\", \"value\": \"boom\"},"
	                  "{\"op\": \"crash\", \"reason\": \"$r\"}"), "p", "boom");
}

static void test_exprs(void **state)
{
	(void)state;
	expect_vars(ONE("{\"op\": \"set\", \"var\": \"a\", \"value\": {\"mul\": [{\"sub\": [10, 4]}, 7]}},"
	                "{\"op\": \"set\", \"var\": \"b\", \"value\": {\"div\": [-7, 2]}},"
	                "{\"op\": \"set\", \"var\": \"c\", \"value\": {\"len\": \"$l\"}},"
	                "{\"op\": \"set\", \"var\": \"d\", \"value\": {\"nth\": [\"$l\", 2]}},"
	                "{\"op\": \"set\", \"var\": \"l\", \"value\": {\"remove\": [\"$l\", 1]}},"
	                "{\"op\": \"set\", \"var\": \"e\", \"value\": {\"add\": [0.5, 1]}}"),
	            "p", "{\"l\":[2],\"a\":42,\"b\":-3,\"c\":2,\"d\":2,\"e\":1.5}");
	/* foreach binds each element in turn; the order of terms */
	expect_vars(ONE("{\"op\": \"set\", \"var\": \"s\", \"value\": 0},"
	                "{\"op\": \"foreach\", \"var\": \"x\", \"in\": [1, 2, 3, 4], \"do\": ["
	                " {\"op\": \"if\", \"cond\": {\"and\": [{\"ne\": [\"$x\", 2]}, {\"not\": {\"ge\": [\"$x\", 4]}}]},"
	                "  \"then\": [{\"op\": \"set\", \"var\": \"s\", \"value\": {\"add\": [\"$s\", \"$x\"]}}]}]},"
	                "{\"op\": \"set\", \"var\": \"o1\", \"value\": {\"lt\": [99, \"a\"]}},"
	                "{\"op\": \"set\", \"var\": \"o2\", \"value\": {\"lt\": [\"b\", [1]]}},"
	                "{\"op\": \"set\", \"var\": \"o3\", \"value\": {\"member\": [2, \"$l\"]}},"
	                "{\"op\": \"set\", \"var\": \"o4\", \"value\": {\"or\": [false, {\"le\": [null, true]}]}},"
	                "{\"op\": \"set\", \"var\": \"o5\", \"value\": {\"gt\": [\"<0.1.0>\", \"$self\"]}}"),
	            "p", "{\"l\":[1,2],\"s\":4,\"o1\":true,\"o2\":true,\"o3\":true,\"o4\":true,\"o5\":false}");
}

/* "$X" bound in the state must equal; bound earlier in the same pattern too. */
static void test_bound_patterns(void **state)
{
	(void)state;
	expect_vars("{\"format\": 1.1, \"processes\": ["
	            "{\"name\": \"p\", \"state\": {\"k\": 3, \"got\": []}, \"program\": ["
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": [1, 2]},"
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": [4, 4]},"
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": [3, 9]},"
	            " {\"op\": \"receive\", \"cases\": [{\"match\": [\"$k\", \"$Y\"], \"do\": ["
	            "  {\"op\": \"set\", \"var\": \"got\", \"value\": {\"append\": [\"$got\", \"$Y\"]}}]}]},"
	            " {\"op\": \"receive\", \"cases\": [{\"match\": [\"$A\", \"$A\"], \"do\": ["
	            "  {\"op\": \"set\", \"var\": \"got\", \"value\": {\"append\": [\"$got\", \"$A\"]}}]}]}"
	            "]}]}",
	            "p", "{\"k\":3,\"got\":[9,4]}");
	/* bindings end with the case: reading one later crashes */
	expect_reason("{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": ["
	              " {\"op\": \"send\", \"to\": \"self\", \"message\": 1},"
	              " {\"op\": \"receive\", \"cases\": [{\"match\": \"$X\", \"do\": [{\"op\": \"work\", \"reductions\": 1}]}]},"
	              " {\"op\": \"set\", \"var\": \"y\", \"value\": \"$X\"}]}]}",
	              "p", "[\"unbound\",\"X\"]");
}

/* A monitor on a pid from a message; DOWN binds the pid; the restarted
** child starts again from its spec's state. */
static void test_pids(void **state)
{
	(void)state;
	const char *json =
		"{\"format\": 1.1, \"processes\": ["
		"{\"name\": \"w\", \"program\": [{\"op\": \"send\", \"to\": \"m\", \"message\": [\"hi\", \"$self\"]},"
		" {\"op\": \"receive\"}, {\"op\": \"crash\", \"reason\": \"boom\"}]},"
		"{\"name\": \"m\", \"state\": {\"who\": null, \"dead\": null}, \"program\": ["
		" {\"op\": \"receive\", \"cases\": [{\"match\": [\"hi\", \"$P\"], \"do\": ["
		"   {\"op\": \"set\", \"var\": \"who\", \"value\": \"$P\"},"
		"   {\"op\": \"monitor\", \"to\": \"$P\"}, {\"op\": \"send\", \"to\": \"$P\", \"message\": \"go\"}]}]},"
		" {\"op\": \"receive\", \"cases\": [{\"match\": [\"DOWN\", \"$who\", \"$R\"], \"do\": ["
		"   {\"op\": \"set\", \"var\": \"dead\", \"value\": \"$R\"},"
		"   {\"op\": \"set\", \"var\": \"same\", \"value\": {\"eq\": [\"$sender\", \"$who\"]}}]}]}]}]}";
	expect_vars(json, "m", "{\"who\":\"<0.1.0>\",\"dead\":\"boom\",\"same\":true}");

	sim_scenario *scn = load_text(
		"{\"format\": 1.1, \"processes\": [{\"name\": \"sup\", \"supervisor\": {\"intensity\": 5,"
		" \"children\": [{\"name\": \"c\", \"restart\": \"transient\", \"state\": {\"n\": 0}, \"program\": ["
		"  {\"op\": \"loop\", \"times\": \"forever\", \"do\": ["
		"   {\"op\": \"set\", \"var\": \"n\", \"value\": {\"add\": [\"$n\", 1]}},"
		"   {\"op\": \"if\", \"cond\": {\"eq\": [\"$n\", 3]}, \"then\": [{\"op\": \"crash\", \"reason\": \"three\"}]}]}]}]}},"
		"{\"name\": \"stop\", \"start\": 30, \"program\": [{\"op\": \"exit\", \"to\": \"sup\", \"reason\": \"shutdown\"}]}]}");
	sim *s = run_scenario(scn);
	assert_true(incarnations(s, "c") >= 2);
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		struct sim_proc_view v;
		if (!sim_proc_view(s, pid, &v) || strcmp(v.name, "c") != 0 ||
		    strcmp(v.exit_reason ? v.exit_reason : "", "three") != 0)
			continue;
		char *vars = sim_proc_variables(s, pid);
		assert_string_equal(vars, "{\"n\":3}");   /* each incarnation counted from 0 */
		free(vars);
	}
	sim_destroy(s);
	sim_scenario_free(scn);
}

static void test_format_errors(void **state)
{
	(void)state;
	enum sim_status st;
	char *e = load_errors("{\"format\": 1, \"processes\": [{\"name\": \"p\", \"state\": {}, "
	                      "\"program\": []}]}", &st);
	assert_non_null(strstr(e, "processes[0].state: state needs format 1.1"));
	free(e);
	e = load_errors("{\"processes\": [{\"name\": \"p\", \"program\": ["
	                "{\"op\": \"set\", \"var\": \"x\", \"value\": 1}]}]}", &st);
	assert_non_null(strstr(e, "processes[0].program[0]: the op 'set' needs format 1.1"));
	free(e);
	e = load_errors("{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": ["
	                "{\"op\": \"set\", \"var\": \"x\", \"value\": {\"add\": [1]}}]}]}", &st);
	assert_non_null(strstr(e, "value.add: 'add' takes an array of 2 arguments, got [1]"));
	free(e);
	e = load_errors("{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": ["
	                "{\"op\": \"if\", \"cond\": {\"eqq\": [1, 1]}, \"then\": []}]}]}", &st);
	assert_non_null(strstr(e, "cond: unknown condition 'eqq' (did you mean 'eq'?)"));
	free(e);
	/* in format 1, "$x" is an ordinary string */
	sim_scenario *scn = load_text("{\"processes\": [{\"name\": \"p\", \"program\": ["
	                              "{\"op\": \"send\", \"to\": \"self\", \"message\": \"$x\"},"
	                              "{\"op\": \"receive\", \"cases\": [{\"match\": \"$x\"}]}]}]}");
	sim *s = run_scenario(scn);
	assert_string_equal(reason_of(s, "p"), "normal");
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* Stepping back: a checkpoint taken mid-run and restored replays the same
** run; the threaded executor agrees with the serial one. */
/* The two summaries are equal; when not, says where they part first. */
static void assert_same_summary(const char *what, const char *want, const char *got)
{
	if (strcmp(want, got) != 0) {
		size_t i = 0;
		while (want[i] == got[i])
			i++;
		fprintf(stderr, "%s run differs at %zu: %.60s | %.60s\n", what, i, want + i, got + i);
	}
	assert_string_equal(want, got);
}

static void test_checkpoint_threads(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(SERVER);
	struct sim_config config = sim_scenario_config(scn);
	const struct sim_config *cfg = &config;
	sim *s = sim_create(scn, cfg);
	assert_non_null(s);
	for (int i = 0; i < 6; i++)
		sim_step(s);
	sim_checkpoint *c = sim_checkpoint_create(s);
	assert_non_null(c);
	while (sim_step(s) == SIM_END_NONE)
		;
	char *first = sim_summary_json(s);
	assert_int_equal(sim_checkpoint_restore(s, c), SIM_OK);
	while (sim_step(s) == SIM_END_NONE)
		;
	char *again = sim_summary_json(s);
	assert_same_summary("restored", first, again);
	free(again);
	sim_checkpoint_destroy(c);
	sim_destroy(s);

	char *serial, *threaded;
	struct run_how plain = {.max_ticks = UINT64_MAX};
	struct run_how thr = {.threads = true, .max_ticks = UINT64_MAX};
	uint64_t h1 = run_hashed(scn, cfg, &plain, &serial, NULL);
	uint64_t h2 = run_hashed(scn, cfg, &thr, &threaded, NULL);
	assert_true(h1 == h2);
	assert_same_summary("serial", first, serial);
	free(serial);
	free(threaded);
	free(first);
	sim_scenario_free(scn);
}

/* Values count toward max_message_memory, and a restored run counts from
** its checkpoint: it ends with memory_limit at the same tick as the
** straight run (not at once: the heap is shared with the run that went on,
** and its size is not the restored run's). */
static void test_checkpoint_memory(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(
		"{\"format\": 1.1, \"config\": {\"max_message_memory\": 300000}, \"processes\": ["
		"{\"name\": \"p\", \"count\": 4, \"state\": {\"l\": []}, \"program\": ["
		" {\"op\": \"loop\", \"times\": \"forever\", \"do\": ["
		"  {\"op\": \"set\", \"var\": \"l\", \"value\": {\"append\": [\"$l\", \"xxxxxxxxxxxxxxxx\"]}}]}]}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	for (int i = 0; i < 3; i++)
		sim_step(s);
	sim_checkpoint *c = sim_checkpoint_create(s);
	assert_non_null(c);
	while (sim_step(s) == SIM_END_NONE)
		;
	assert_int_equal(sim_end_state(s), SIM_END_MEMORY_LIMIT);
	uint64_t end = sim_now(s);
	assert_true(end > 3);
	char *first = sim_summary_json(s);
	sim *r = sim_create(scn, &cfg);
	assert_non_null(r);
	assert_int_equal(sim_checkpoint_restore(r, c), SIM_OK);
	while (sim_step(r) == SIM_END_NONE)
		;
	assert_int_equal(sim_end_state(r), SIM_END_MEMORY_LIMIT);
	assert_int_equal(sim_now(r), end);
	char *again = sim_summary_json(r);
	assert_same_summary("restored", first, again);
	free(first);
	free(again);
	sim_destroy(r);
	sim_checkpoint_destroy(c);
	sim_destroy(s);
	sim_scenario_free(scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_exprs),
		cmocka_unit_test(test_bound_patterns),
		cmocka_unit_test(test_pids),
		cmocka_unit_test(test_format_errors),
		cmocka_unit_test(test_checkpoint_threads),
		cmocka_unit_test(test_checkpoint_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
