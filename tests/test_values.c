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
	/* set further down: known to `check`, unbound when read */
	expect_reason(ONE("{\"op\": \"set\", \"var\": \"x\", \"value\": \"$nope\"},"
	                  "{\"op\": \"set\", \"var\": \"nope\", \"value\": 1}"), "p",
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
	expect_reason(ONE("{\"op\": \"send\", \"to\": \"p\", \"message\": [\"$zz\"]},"
	                  "{\"op\": \"set\", \"var\": \"zz\", \"value\": 1}"), "p",
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
	/* bindings end with the case: reading one later crashes (`check`
	** refuses such a read, unless a set elsewhere makes X a variable) */
	expect_reason("{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": ["
	              " {\"op\": \"send\", \"to\": \"self\", \"message\": 1},"
	              " {\"op\": \"receive\", \"cases\": [{\"match\": \"$X\", \"do\": [{\"op\": \"work\", \"reductions\": 1}]}]},"
	              " {\"op\": \"set\", \"var\": \"y\", \"value\": \"$X\"},"
	              " {\"op\": \"if\", \"cond\": false, \"then\": [{\"op\": \"set\", \"var\": \"X\", \"value\": 0}]}]}]}",
	              "p", "[\"unbound\",\"X\"]");
	/* $self is bound in a pattern (Self in Erlang): ["x", 5] is skipped,
	** ["x", own pid] taken; $sender is bound to the last sender */
	expect_vars("{\"format\": 1.1, \"processes\": ["
	            "{\"name\": \"p\", \"state\": {\"got\": []}, \"program\": ["
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": [\"x\", 5]},"
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": [\"x\", \"$self\"]},"
	            " {\"op\": \"receive\", \"cases\": [{\"match\": [\"x\", \"$self\"], \"do\": ["
	            "  {\"op\": \"set\", \"var\": \"got\", \"value\": {\"append\": [\"$got\", 1]}}]}]},"
	            " {\"op\": \"receive\", \"cases\": [{\"match\": [\"x\", \"$sender\"], \"do\": ["
	            "  {\"op\": \"set\", \"var\": \"got\", \"value\": {\"append\": [\"$got\", 2]}}]},"
	            "  {\"match\": [\"x\", \"$N\"], \"do\": ["
	            "  {\"op\": \"set\", \"var\": \"got\", \"value\": {\"append\": [\"$got\", \"$N\"]}}]}]}"
	            "]}]}",
	            "p", "{\"got\":[1,5]}");
}

/* A whole pattern that is one variable ("match": "$X", the loader's fast
** path): a state variable or an outer case's binding compares, a guard
** that fails undoes the binding, $self compares with the own pid, and a
** read inside a foreach in the case finds the case's binding under the
** foreach's. */
static void test_bare_var_patterns(void **state)
{
	(void)state;
	expect_vars("{\"format\": 1.1, \"processes\": ["
	            "{\"name\": \"p\", \"state\": {\"k\": 3, \"got\": []}, \"program\": ["
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": 1},"
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": 3},"
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": [10, 20]},"
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": 2},"
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": 7},"
	            " {\"op\": \"send\", \"to\": \"self\", \"message\": \"$self\"},"
	            " {\"op\": \"receive\", \"cases\": [{\"match\": \"$k\", \"do\": ["
	            "  {\"op\": \"set\", \"var\": \"got\", \"value\": {\"append\": [\"$got\", \"$k\"]}}]}]},"
	            " {\"op\": \"receive\", \"cases\": [{\"match\": \"$M\","
	            "  \"when\": {\"and\": [{\"gt\": [\"$M\", 5]}, {\"lt\": [\"$M\", 100]}]}, \"do\": ["
	            "  {\"op\": \"foreach\", \"var\": \"m\", \"in\": [1, 2], \"do\": ["
	            "   {\"op\": \"set\", \"var\": \"got\", \"value\": {\"append\": [\"$got\", [\"$m\", \"$M\"]]}}]}]}]},"
	            " {\"op\": \"receive\", \"cases\": [{\"match\": \"$self\", \"do\": ["
	            "  {\"op\": \"set\", \"var\": \"got\", \"value\": {\"append\": [\"$got\", \"me\"]}}]}]},"
	            " {\"op\": \"receive\", \"cases\": [{\"match\": \"$X\", \"do\": ["
	            "  {\"op\": \"send\", \"to\": \"self\", \"message\": \"$X\"},"
	            "  {\"op\": \"receive\", \"cases\": [{\"match\": \"$X\", \"do\": ["
	            "   {\"op\": \"set\", \"var\": \"got\", \"value\": {\"append\": [\"$got\", [\"again\", \"$X\"]]}}]}]}]}]}"
	            "]}]}",
	            "p", "{\"k\":3,\"got\":[3,[1,7],[2,7],\"me\",[\"again\",1]]}");
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
	/* a pid in the variables carries its name, as in the log */
	expect_vars(json, "m", "{\"who\":\"<0.1.0> w\",\"dead\":\"boom\",\"same\":true}");

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
	static const struct {
		const char *json;
		const char *want;        /* in the loader's messages */
	} refused[] = {
		{ "{\"format\": 1, \"processes\": [{\"name\": \"p\", \"state\": {}, \"program\": []}]}",
		  "processes[0].state: state needs format 1.1" },
		{ "{\"processes\": [{\"name\": \"p\", \"program\": ["
		  "{\"op\": \"set\", \"var\": \"x\", \"value\": 1}]}]}",
		  "processes[0].program[0]: the op 'set' needs format 1.1" },
		{ "{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": ["
		  "{\"op\": \"set\", \"var\": \"x\", \"value\": {\"add\": [1]}}]}]}",
		  "value.add: 'add' takes an array of 2 arguments, got [1]" },
		{ "{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": ["
		  "{\"op\": \"if\", \"cond\": {\"eqq\": [1, 1]}, \"then\": []}]}]}",
		  "cond: unknown condition 'eqq' (did you mean 'eq'?)" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		enum sim_status st;
		char *e = load_errors(refused[i].json, &st);
		if (!strstr(e, refused[i].want))
			fail_msg("case %zu: '%s' not in:\n%s", i, refused[i].want, e);
		free(e);
	}
	/* in format 1, "$x" is an ordinary string */
	sim_scenario *scn = load_text("{\"processes\": [{\"name\": \"p\", \"program\": ["
	                              "{\"op\": \"send\", \"to\": \"self\", \"message\": \"$x\"},"
	                              "{\"op\": \"receive\", \"cases\": [{\"match\": \"$x\"}]}]}]}");
	sim *s = run_scenario(scn);
	assert_string_equal(reason_of(s, "p"), "normal");
	sim_destroy(s);
	sim_scenario_free(scn);
}

/* JSON written with ' for " (for legibility), in a buffer the caller frees. */
static char *dq(const char *json)
{
	size_t n = strlen(json) + 1;
	char *t = malloc(n);
	assert_non_null(t);
	memcpy(t, json, n);
	for (char *c = t; *c; c++)
		if (*c == '\'')
			*c = '"';
	return t;
}

/* `check` refuses json with exactly the messages `want` (one per line). */
static void expect_refused(const char *json, const char *want)
{
	enum sim_status st;
	char *t = dq(json);
	char *e = load_errors(t, &st);
	assert_int_equal(st, SIM_EINVALID);
	size_t n = strlen(e);
	assert_true(n > 0 && e[n - 1] == '\n');
	e[n - 1] = '\0';
	assert_string_equal(e, want);
	free(e);
	free(t);
}

static void expect_clean(const char *json)
{
	char *t = dq(json);
	sim_scenario_free(load_text(t));
	free(t);
}

#define IN_P(state, program) \
	"{'format': 1.1, 'processes': [{'name': 'p', 'state': " state ", 'program': [\n" program \
	"]}]}"

/* `check`: a read that no state, set, pattern or foreach can bind is an
** error at LINE:COL with the nearest visible name; scopes are Erlang's. */
static void test_check_vars(void **state)
{
	(void)state;
	expect_refused(IN_P("{'name': 0}", "{'op': 'send', 'to': 'p', 'message': ['hi', '$nme', '$$x']}"),
	             "test.json:2:45: error: unknown variable 'nme' (did you mean 'name'?)");
	expect_refused(IN_P("{}", "{'op': 'sleep', 'ticks': '$t'}"),
	             "test.json:2:26: error: unknown variable 't': no state, set, pattern or "
	             "foreach gives it a value");
	/* a pattern binds for its case's when and do only */
	expect_refused(IN_P("{}", "{'op': 'receive', 'cases': [{'match': ['a', '$X'], "
	                  "'when': {'gt': ['$X', 1]}, 'do': [{'op': 'work', 'reductions': '$X'}]}]},\n"
	                  "{'op': 'crash', 'reason': '$X'}"),
	             "test.json:3:27: error: unknown variable 'X': no state, set, pattern or "
	             "foreach gives it a value");
	expect_refused(IN_P("{}", "{'op': 'receive', 'cases': [{'match': '$A', 'do': []},\n"
	                  "{'match': 'b', 'when': {'eq': ['$A', 1]}}]}"),
	             "test.json:3:32: error: unknown variable 'A': no state, set, pattern or "
	             "foreach gives it a value");
	/* foreach binds its var inside do only */
	expect_refused(IN_P("{'l': []}", "{'op': 'foreach', 'var': 'm', 'in': '$l', 'do': ["
	                  "{'op': 'send', 'to': '$m', 'message': 1}]},\n"
	                  "{'op': 'send', 'to': '$m', 'message': 2}"),
	             "test.json:3:22: error: unknown variable 'm': no state, set, pattern or "
	             "foreach gives it a value");
	/* what binds: state (also of an entry using the template), a set
	** further down, outer case and foreach variables, predefined names,
	** "$$" literals */
	expect_clean("{'format': 1.1, 'templates': {'t': {'program': ["
	             " {'op': 'send', 'to': '$peer', 'message': ['$self', '$sender', '$parent', '$$lit']},"
	             " {'op': 'set', 'var': 'later', 'value': '$later2'},"
	             " {'op': 'set', 'var': 'later2', 'value': 1},"
	             " {'op': 'receive', 'cases': [{'match': ['$X', '$X'], 'do': ["
	             "  {'op': 'foreach', 'var': 'e', 'in': '$X', 'do': ["
	             "   {'op': 'receive', 'cases': [{'match': '$Y', 'when': {'eq': ['$Y', '$e']},"
	             "    'do': [{'op': 'set', 'var': 'z', 'value': ['$X', '$Y', '$e']}]}]}]}]}]}]}},"
	             " 'processes': [{'name': 'q', 'template': 't', 'state': {'peer': null}}]}");
	/* the other static errors of format 1.1, all in one file */
	expect_refused(IN_P("{}", "{'op': 'set', 'var': 'a', 'value': {'add': [1]}},\n"
	                  "{'op': 'set', 'var': 'b', 'value': {'addd': [1, 2]}},\n"
	                  "{'op': 'set', 'var': 'c', 'value': {'Len': []}},\n"
	                  "{'op': 'set', 'var': 'self', 'value': 1},\n"
	                  "{'op': 'if', 'cond': {'eqq': [1, 1]}, 'then': []},\n"
	                  "{'op': 'if', 'cond': {'not': 5}, 'then': []},\n"
	                  "{'op': 'if', 'cond': {'eq': [1, 1], 'x': 2}, 'then': []}"),
	             "test.json: processes[0].program[0].value.add: 'add' takes an array of 2 "
	             "arguments, got [1]\n"
	             "test.json: processes[0].program[1].value: unknown expression 'addd' (did you "
	             "mean 'add'?)\n"
	             "test.json: processes[0].program[2].value: unknown expression 'Len' (did you "
	             "mean 'len'?)\n"
	             "test.json: processes[0].program[3].var: 'self' cannot be set: write a name "
	             "without '$' (self, sender and parent are read-only)\n"
	             "test.json: processes[0].program[4].cond: unknown condition 'eqq' (did you "
	             "mean 'eq'?)\n"
	             "test.json: processes[0].program[5].cond.not: expected a condition (eq, ne, lt, "
	             "le, gt, ge, member, and, or, not, true, false or a \"$variable\"), got 5\n"
	             "test.json: processes[0].program[6].cond: expected a condition (eq, ne, lt, le, "
	             "gt, ge, member, and, or, not, true, false or a \"$variable\"), got "
	             "{\"eq\":[1,1],\"x\":2}");
	/* a literal object of one key stays a literal unless it is that close */
	expect_clean(IN_P("{}", "{'op': 'set', 'var': 'a', 'value': {'odd': [1]}},"
	                  "{'op': 'set', 'var': 'b', 'value': {'name': 'x'}}"));
}

/* What the log and the trace say about values: a `set` event with the
** variable and its new value, a receive with the pattern's fresh
** bindings (not the ones it only compared), pids with their names. */
static void test_value_events(void **state)
{
	(void)state;
	char *json = dq("{'format': 1.1, 'processes': ["
	                "{'name': 'server', 'state': {'k': 1}, 'program': ["
	                " {'op': 'receive', 'cases': [{'match': ['get', '$k', '$From', {'tag': '$T'}], 'do': ["
	                "  {'op': 'set', 'var': 'who', 'value': ['$From', '$T']},"
	                "  {'op': 'monitor', 'to': '$From'}]}]},"
	                " {'op': 'receive', 'cases': [{'match': ['DOWN', '$P', '$Why']}]}]},"
	                "{'name': 'client', 'program': ["
	                " {'op': 'send', 'to': 'server', 'message': ['get', 1, '$self', {'tag': 'x\\\"y'}]},"
	                " {'op': 'sleep', 'ticks': 20}, {'op': 'crash', 'reason': 'boom'}]}]}");
	sim_scenario *scn = load_text(json);
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	char text[256], js[256];
	int sets = 0, binds = 0;
	for (enum sim_end end = SIM_END_NONE; end == SIM_END_NONE;) {
		end = sim_step(s);
		size_t n;
		const struct sim_event *ev = sim_events(s, &n);
		for (size_t i = 0; i < n; i++) {
			const struct sim_event *e = &ev[i];
			if (e->type == SIM_EV_SET) {
				assert_string_equal(sim_event_type_name(e->type), "set");
				assert_string_equal(e->name, "who");
				sim_event_value(s, e, SIM_VALUE_TEXT, text, sizeof text);
				assert_string_equal(text, "[<0.2.0> client,\"x\\\"y\"]");
				sim_event_value(s, e, SIM_VALUE_JSON, js, sizeof js);
				assert_string_equal(js, "[\"<0.2.0> client\",\"x\\\"y\"]");
				sets++;
			}
			if (e->type != SIM_EV_RECEIVE || e->pid != 1)
				continue;
			size_t k = sim_event_bindings(s, e, SIM_VALUE_TEXT, text, sizeof text);
			sim_event_bindings(s, e, SIM_VALUE_JSON, js, sizeof js);
			if (binds++ == 0) {   /* $k was the state's: compared, not bound */
				assert_int_equal(k, 2);
				assert_string_equal(text, "From = <0.2.0> client, T = \"x\\\"y\"");
				assert_string_equal(js, "{\"From\":\"<0.2.0> client\",\"T\":\"x\\\"y\"}");
			} else {              /* a DOWN binds the pid and the reason */
				assert_int_equal(k, 2);
				assert_string_equal(text, "P = <0.2.0> client, Why = \"boom\"");
			}
		}
	}
	assert_int_equal(sets, 1);
	assert_int_equal(binds, 2);
	sim_destroy(s);
	sim_scenario_free(scn);
	free(json);
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
		cmocka_unit_test(test_bare_var_patterns),
		cmocka_unit_test(test_pids),
		cmocka_unit_test(test_format_errors),
		cmocka_unit_test(test_check_vars),
		cmocka_unit_test(test_value_events),
		cmocka_unit_test(test_checkpoint_threads),
		cmocka_unit_test(test_checkpoint_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
