/*
** test_errors.c - malformed scenarios: every one is refused with the exact
** messages a teacher would read (JSON path or LINE:COL, what was expected,
** what was found), all errors of a file together, sorted by position.
**
** The table's JSON uses single quotes for double quotes, for legibility
** (except in `raw` cases); `expected` is the whole output, one line per
** message.
*/
#define _POSIX_C_SOURCE 200809L   /* mkdtemp, mkfifo, ftruncate */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario.h"
#include "support.h"

struct error_case {
	const char *name;
	const char *json;
	const char *expected;
	bool raw;               /* json is used as is (no quote translation) */
};

#define P1 "'processes': [{'name': 'a', 'program': []}]"

static const struct error_case cases[] = {
	/* {=== JSON syntax ===} */
	{"syntax_trailing_comma_object", "{'title': 'x',}",
	 "test.json:1:14: error: invalid JSON: trailing comma before '}'\n", false},
	{"syntax_trailing_comma_array",
	 "{\n  'processes': [\n    {'name': 'a', 'program': []},\n  ]\n}",
	 "test.json:3:33: error: invalid JSON: trailing comma before ']'\n", false},
	{"syntax_unquoted_key", "{title: 'x'}",
	 "test.json:1:2: error: invalid JSON: unexpected character 't' (expected a key in "
	 "double quotes)\n", false},
	{"syntax_single_quotes", "{'title': 1}",
	 "test.json:1:2: error: invalid JSON: unexpected character ''' (expected a key in "
	 "double quotes; JSON strings need double quotes)\n", true},
	{"syntax_missing_comma", "{'title': 'x'\n 'processes': []}",
	 "test.json:2:2: error: invalid JSON: unexpected character '\"' (expected ',' or '}': "
	 "missing comma?)\n", false},
	{"syntax_missing_colon", "{'title' 'x'}",
	 "test.json:1:10: error: invalid JSON: unexpected character '\"' (expected ':' after "
	 "the key)\n", false},
	{"syntax_unterminated_string", "{'title': 'abc",
	 "test.json:1:11: error: invalid JSON: unterminated string\n", false},
	{"syntax_string_with_line_break", "{\n  'title': 'abc\n}",
	 "test.json:2:12: error: invalid JSON: unterminated string (a string cannot contain a "
	 "line break; write \\n)\n", false},
	{"syntax_unexpected_end", "{'processes': [  \n\n",
	 "test.json:1:16: error: invalid JSON: unexpected end of file (expected a value)\n", false},
	{"syntax_bad_word", "{'title': True}",
	 "test.json:1:11: error: invalid JSON: unexpected word 'True' (JSON words are true, "
	 "false and null; strings need double quotes)\n", false},
	{"syntax_leading_zero", "{'seed': 01}",
	 "test.json:1:10: error: invalid JSON: invalid number: leading zeros are not allowed\n", false},
	{"syntax_bad_exponent", "{'seed': 1e+}",
	 "test.json:1:13: error: invalid JSON: invalid number: expected a digit in the "
	 "exponent\n", false},
	{"syntax_text_after_value", "{} x",
	 "test.json:1:4: error: invalid JSON: unexpected character 'x' after the end of the "
	 "JSON value\n", false},
	{"syntax_comment", "// hi\n{}",
	 "test.json:1:1: error: invalid JSON: unexpected character '/' (expected a value; "
	 "JSON has no comments)\n", false},
	{"syntax_bad_escape", "{'title': 'a\\qb'}",
	 "test.json:1:13: error: invalid JSON: invalid escape '\\q' in a string\n", false},
	{"syntax_invalid_utf8", "{'title': 'a\xff" "b'}",
	 "test.json:1:13: error: invalid JSON: invalid UTF-8 byte 0xFF in a string\n", false},
	{"syntax_overlong_utf8", "{'title': '\xc0\xaf'}",
	 "test.json:1:12: error: invalid JSON: invalid UTF-8 byte 0xC0 in a string\n", false},
	{"syntax_escaped_nul", "{'title': '\\u0000'}",
	 "test.json:1:12: error: invalid JSON: \\u0000 is not supported in strings\n", false},
	{"syntax_unpaired_surrogate", "{'title': '\\ud800x'}",
	 "test.json:1:12: error: invalid JSON: invalid \\u escape: unpaired surrogate\n", false},
	{"syntax_raw_tab_in_string", "{'title': 'a\tb'}",
	 "test.json:1:13: error: invalid JSON: control character 0x09 in a string (write it "
	 "as an escape)\n", false},
	{"syntax_typographic_quotes", "{\xe2\x80\x9ctitle\xe2\x80\x9d: 1}",
	 "test.json:1:2: error: invalid JSON: unexpected character '\xe2\x80\x9c' (expected a "
	 "key in double quotes; use plain double quotes)\n", false},
	{"empty_file", "", "test.json: error: the file is empty\n", false},
	{"blank_file", "  \n\t\n", "test.json: error: the file is empty\n", false},
	{"binary_garbage", "\x89PNG\r\n\x1a\n\x7f\x80",
	 "test.json:1:1: error: invalid JSON: unexpected byte 0x89 (expected a value)\n", true},
	{"root_not_object", "[1, 2]", "test.json: (root): expected an object, got [1,2]\n", false},

	/* {=== types and ranges ===} */
	{"issue_example_ten",
	 "{'processes': [{'name': 'a', 'program': []}, {'name': 'b', 'program': []},\n"
	 "  {'name': 'c', 'program': [{'op': 'work', 'reductions': 'ten'}]}]}",
	 "test.json: processes[2].program[0].reductions: expected a positive integer, "
	 "got \"ten\"\n", false},
	{"not_positive_or_fraction",
	 "{'processes': [{'name': 'a', 'program': [{'op': 'work', 'reductions': 0},\n"
	 "  {'op': 'work', 'reductions': -5}, {'op': 'sleep', 'ticks': 1.5},\n"
	 "  {'op': 'sleep', 'ticks': -1}, {'op': 'work', 'reductions': -0}]}]}",
	 "test.json: processes[0].program[0].reductions: expected a positive integer, got 0\n"
	 "test.json: processes[0].program[1].reductions: expected a positive integer, got -5\n"
	 "test.json: processes[0].program[2].ticks: expected a non-negative integer, got 1.5\n"
	 "test.json: processes[0].program[3].ticks: expected a non-negative integer, got -1\n"
	 "test.json: processes[0].program[4].reductions: expected a positive integer, got -0\n", false},
	{"out_of_range",
	 "{'config': {'schedulers': 65, 'seed': 1e20}, 'processes': [{'name': 'a',\n"
	 "  'count': 10000001, 'program': [{'op': 'work', 'reductions': 1e13},\n"
	 "  {'op': 'native', 'reductions': 1e400}]}]}",
	 "test.json: config.schedulers: 65 is out of range (max 64)\n"
	 "test.json: config.seed: 1e20 is out of range (max 18446744073709551615)\n"
	 "test.json: processes[0].count: 10000001 is out of range (max 10000000)\n"
	 "test.json: processes[0].program[0].reductions: 1e13 is out of range "
	 "(max 1000000000000)\n"
	 "test.json: processes[0].program[1].reductions: 1e400 is out of range "
	 "(max 1000000000000)\n", false},
	/* Seeds are integers end to end: 0 .. 2^64-1, exact above 2^53. */
	{"seed_too_big", "{'config': {'seed': 18446744073709551616}, " P1 "}",
	 "test.json: config.seed: 18446744073709551616 is out of range "
	 "(max 18446744073709551615)\n", false},
	{"seed_far_too_big", "{'config': {'seed': 123456789012345678901234567890}, " P1 "}",
	 "test.json: config.seed: 123456789012345678901234567890 is out of range "
	 "(max 18446744073709551615)\n", false},
	{"seed_inexact", "{'config': {'seed': 9007199254740993.0}, " P1 "}",
	 "test.json: config.seed: 9007199254740993.0 cannot be read exactly: write integers "
	 "of 2^53 or more with digits only\n", false},
	{"seed_exponent", "{'config': {'seed': 1e19}, " P1 "}",
	 "test.json: config.seed: 1e19 cannot be read exactly: write integers of 2^53 or "
	 "more with digits only\n", false},
	{"seed_not_integer", "{'config': {'seed': '7'}, " P1 "}",
	 "test.json: config.seed: expected a non-negative integer, got \"7\"\n", false},
	{"wrong_types",
	 "{'processes': [{'name': 'a', 'program': {}, 'trap_exit': 'yes',\n"
	 "  'priority': 'urgent', 'scheduler': 0}]}",
	 "test.json: processes[0].program: expected an array of ops, got {}\n"
	 "test.json: processes[0].trap_exit: expected true or false, got \"yes\"\n"
	 "test.json: processes[0].priority: expected \"max\", \"high\", \"normal\" or \"low\", "
	 "got \"urgent\"\n"
	 "test.json: processes[0].scheduler: expected a positive integer, got 0\n", false},
	{"long_value_cut",
	 "{'processes': [{'name': ['a very long list', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],\n"
	 "  'program': []}]}",
	 "test.json: processes[0].name: expected a process name (a non-empty string), "
	 "got [\"a very long list\",1,2,3,4,5,...\n", false},
	{"format_unsupported", "{'format': 2, " P1 "}",
	 "test.json: format: unsupported format 2: this beamsim reads format 1\n", false},
	{"format_not_number", "{'format': '1', " P1 "}",
	 "test.json: format: expected the number 1, got \"1\"\n", false},
	{"config_errors",
	 "{'config': {'preemption': 'cooperativ', 'balance': 1, 'shedulers': 2}, " P1 "}",
	 "test.json: config.preemption: expected \"reductions\" or \"cooperative\", got "
	 "\"cooperativ\" (did you mean \"cooperative\"?)\n"
	 "test.json: config.balance: expected \"steal\", \"none\" or \"shared\", got 1\n"
	 "test.json: config: unknown key 'shedulers' (did you mean 'schedulers'?)\n", false},

	/* {=== keys ===} */
	{"unknown_key_suggested", "{'titel': 'x', " P1 "}",
	 "test.json: (root): unknown key 'titel' (did you mean 'title'?)\n", false},
	{"unknown_key_listed", "{'colour': 1, " P1 "}",
	 "test.json: (root): unknown key 'colour' (valid keys: format, title, description, "
	 "config, templates, processes, links, timeline, notes)\n", false},
	{"unknown_op_key",
	 "{'processes': [{'name': 'a', 'program': [{'op': 'work', 'reduction': 3}]}]}",
	 "test.json: processes[0].program[0]: missing key 'reductions'\n"
	 "test.json: processes[0].program[0]: unknown key 'reduction' (did you mean "
	 "'reductions'?)\n", false},
	{"duplicate_key", "{'processes': [{'name': 'a', 'name': 'b', 'program': []}]}",
	 "test.json: processes[0]: duplicate key 'name'\n", false},
	{"unknown_op", "{'processes': [{'name': 'a', 'program': [{'op': 'wrok'}, {'op': 5}]}]}",
	 "test.json: processes[0].program[0].op: unknown op 'wrok' (did you mean 'work'?); "
	 "valid ops: work, native, send, receive, spawn, link, unlink, monitor, trap_exit, "
	 "sleep, crash, exit, loop\n"
	 "test.json: processes[0].program[1].op: expected an op name (work, native, send, "
	 "receive, spawn, link, unlink, monitor, trap_exit, sleep, crash, exit, loop), got 5\n", false},
	{"missing_processes", "{'title': 'x'}", "test.json: (root): missing key 'processes'\n", false},
	{"empty_processes", "{'processes': []}",
	 "test.json: processes: expected at least one process\n", false},
	{"bad_names",
	 "{'processes': [{'program': []}, {'name': 'self', 'program': []},\n"
	 "  {'name': '', 'program': []}]}",
	 "test.json: processes[0]: missing key 'name'\n"
	 "test.json: processes[1].name: 'self' is reserved and cannot name a process\n"
	 "test.json: processes[2].name: expected a process name (a non-empty string), "
	 "got \"\"\n", false},
	{"bodies",
	 "{'templates': {'t': {'program': []}}, 'processes': [\n"
	 "  {'name': 'a', 'program': [], 'template': 't'}, {'name': 'b'},\n"
	 "  {'name': 'c', 'program': [], 'supervisor': {'children': []}}]}",
	 "test.json: processes[0]: give either program or template, not both\n"
	 "test.json: processes[1]: expected one of program, template or supervisor\n"
	 "test.json: processes[2]: give either program or supervisor, not both\n", false},
	{"start_and_restart_misplaced",
	 "{'processes': [{'name': 'a', 'program': [], 'restart': 'permanent'},\n"
	 "  {'name': 's', 'supervisor': {'children': [{'name': 'c', 'program': [], 'start': 5}]}}],\n"
	 " 'timeline': [{'at': 1, 'do': {'op': 'spawn', 'process': {'name': 't', 'start': 1,\n"
	 "  'program': []}}}]}",
	 "test.json: processes[0].restart: restart is only allowed in supervisor children\n"
	 "test.json: processes[1].supervisor.children[0].start: start is only allowed in "
	 "top-level processes\n"
	 "test.json: timeline[0].do.process.start: start is only allowed in top-level "
	 "processes\n", false},
	{"supervisor_errors",
	 "{'processes': [{'name': 's', 'supervisor': {'strategy': 'one_for_none',\n"
	 "  'child': [], 'intensity': -1, 'children': {}}}, {'name': 't', 'supervisor': {}}]}",
	 "test.json: processes[0].supervisor.strategy: expected \"one_for_one\", \"one_for_all\" "
	 "or \"rest_for_one\", got \"one_for_none\" (did you mean \"one_for_one\"?)\n"
	 "test.json: processes[0].supervisor: unknown key 'child' (valid keys: strategy, "
	 "intensity, period, children)\n"
	 "test.json: processes[0].supervisor.intensity: expected a non-negative integer, "
	 "got -1\n"
	 "test.json: processes[0].supervisor.children: expected an array of process entries, "
	 "got {}\n"
	 "test.json: processes[1].supervisor: missing key 'children'\n", false},

	/* {=== names ===} */
	{"unknown_target_suggested",
	 "{'processes': [{'name': 'worker', 'program': []},\n"
	 "  {'name': 'boss', 'program': [{'op': 'send', 'to': 'wroker', 'message': 1}]}]}",
	 "test.json: processes[1].program[0].to: unknown process name 'wroker' (did you mean "
	 "'worker'?)\n", false},
	{"bad_target",
	 "{'processes': [{'name': 'a', 'program': [{'op': 'send', 'to': 5},\n"
	 "  {'op': 'link', 'to': ''}]}]}",
	 "test.json: processes[0].program[0]: missing key 'message'\n"
	 "test.json: processes[0].program[0].to: expected a process name, \"self\", \"parent\" "
	 "or \"sender\", got 5\n"
	 "test.json: processes[0].program[1].to: expected a process name, \"self\", \"parent\" "
	 "or \"sender\", got \"\"\n", false},
	{"links",
	 "{'templates': {'t': {'program': [{'op': 'spawn', 'template': 't', 'as': 'dyn'}]}},\n"
	 " 'processes': [{'name': 'a', 'template': 't'}],\n"
	 " 'links': [['a', 'b'], ['a', 'dyn'], ['a', 'a'], ['a'], 'a']}",
	 "test.json: links[0][1]: unknown process name 'b'\n"
	 "test.json: links[1][1]: 'dyn' is only created by a spawn; links can only name "
	 "processes the file starts itself\n"
	 "test.json: links[2]: a process cannot be linked to itself\n"
	 "test.json: links[3]: expected a pair of process names like [\"a\", \"b\"], got [\"a\"]\n"
	 "test.json: links[4]: expected a pair of process names like [\"a\", \"b\"], got \"a\"\n", false},
	/* Duplicate keys are errors everywhere, inside messages and patterns too. */
	{"duplicate_key_in_message",
	 "{'processes': [{'name': 'a', 'program': [\n"
	 "  {'op': 'send', 'to': 'a', 'message': {'k': 1, 'x': [{'q': 1, 'q': 2}], 'k': 2}},\n"
	 "  {'op': 'receive', 'cases': [{'match': {'a\\'b': 1, 'a\\'b': '_'}}]}]}],\n"
	 " 'timeline': [{'at': 1, 'do': {'op': 'send', 'to': 'a', 'message': {'z': {'y': 1,\n"
	 "      'y': 1}}}}]}",
	 "test.json:2:64: error: duplicate key 'q' in a message\n"
	 "test.json:2:74: error: duplicate key 'k' in a message\n"
	 "test.json:3:53: error: duplicate key 'a\"b' in a receive pattern (it could never match)\n"
	 "test.json:5:7: error: duplicate key 'y' in a message\n", false},
	{"duplicate_names",
	 "{'processes': [{'name': 'w', 'count': 2, 'program': []}, {'name': 'w_2', 'program': []},\n"
	 "  {'name': 's', 'supervisor': {'children': [{'name': 'w_1', 'program': []}]}}]}",
	 "test.json: processes[1]: duplicate process name 'w_2' (first defined at processes[0])\n"
	 "test.json: processes[2].supervisor.children[0]: duplicate process name 'w_1' (first "
	 "defined at processes[0])\n", false},
	{"duplicate_names_through_template",
	 "{'templates': {'pool': {'supervisor': {'children': [{'name': 'pw', 'program': []}]}}},\n"
	 " 'processes': [{'name': 'p1', 'template': 'pool'}, {'name': 'p2', 'template': 'pool'}]}",
	 "test.json: processes[1]: duplicate process name 'pw' (first defined at processes[0])\n", false},
	{"duplicate_names_timeline",
	 "{" P1 ", 'timeline': [{'at': 1, 'do': {'op': 'spawn', 'process': {'name': 'a',\n"
	 "  'program': []}}}]}",
	 "test.json: timeline[0].do.process: duplicate process name 'a' (first defined at "
	 "processes[0])\n", false},

	{"duplicate_names_timeline_template",
	 "{'templates': {'w': {'program': []}}, 'processes': [{'name': 'w', 'program': []}],\n"
	 " 'timeline': [{'at': 1, 'do': {'op': 'spawn', 'template': 'w'}},\n"
	 "  {'at': 2, 'do': {'op': 'spawn', 'template': 'w', 'as': 'x', 'count': 2}},\n"
	 "  {'at': 3, 'do': {'op': 'spawn', 'template': 'w', 'as': 'x_2'}}]}",
	 "test.json: timeline[0].do: duplicate process name 'w' (first defined at processes[0])\n"
	 "test.json: timeline[2].do: duplicate process name 'x_2' (first defined at "
	 "timeline[1].do)\n", false},
	{"duplicate_names_timeline_template_tree",
	 "{'templates': {'sup': {'supervisor': {'children': [{'name': 'c', 'program': []}]}}},\n"
	 " 'processes': [{'name': 'c', 'program': []}],\n"
	 " 'timeline': [{'at': 1, 'do': {'op': 'spawn', 'template': 'sup'}}]}",
	 "test.json: timeline[0].do: duplicate process name 'c' (first defined at "
	 "processes[0])\n", false},
	{"duplicate_names_counted_supervisor",
	 "{'templates': {'sup': {'supervisor': {'children': [{'name': 'c', 'program': []}]}}},\n"
	 " 'processes': [{'name': 's', 'count': 3, 'supervisor': {'children': [\n"
	 "   {'name': 'k', 'program': []}]}},\n"
	 "  {'name': 't', 'count': 2, 'template': 'sup'},\n"
	 "  {'name': 'u', 'supervisor': {'children': [{'name': 'm', 'count': 2,\n"
	 "   'supervisor': {'children': [{'name': 'g', 'program': []}]}}]}}],\n"
	 " 'timeline': [{'at': 1, 'do': {'op': 'spawn', 'template': 'sup', 'as': 'v',\n"
	 "   'count': 2}}]}",
	 "test.json: processes[0]: duplicate process name 'k': each of the 3 supervisors of this "
	 "count starts a child of that name\n"
	 "test.json: processes[1]: duplicate process name 'c': each of the 2 supervisors of this "
	 "count starts a child of that name\n"
	 "test.json: processes[2].supervisor.children[0]: duplicate process name 'g': each of "
	 "the 2 supervisors of this count starts a child of that name\n"
	 "test.json: timeline[0].do: duplicate process name 'c': each of the 2 supervisors of "
	 "this count starts a child of that name\n", false},
	/* {=== templates ===} */
	{"unknown_template_suggested",
	 "{'templates': {'worker': {'program': []}}, 'processes': [{'name': 'a', "
	 "'template': 'wroker'}]}",
	 "test.json: processes[0].template: unknown template 'wroker' (did you mean "
	 "'worker'?)\n", false},
	{"unknown_template_none_defined", "{'processes': [{'name': 'a', 'template': 'x'}]}",
	 "test.json: processes[0].template: unknown template 'x' (the file has no templates)\n", false},
	{"template_cycle",
	 "{'templates': {'a': {'template': 'b'}, 'b': {'template': 'a'}},\n"
	 " 'processes': [{'name': 'x', 'template': 'a'}]}",
	 "test.json: templates.a: template cycle a -> b -> a\n", false},
	{"template_cycle_through_child",
	 "{'templates': {'s': {'supervisor': {'children': [{'name': 'c', 'template': 's'}]}}},\n"
	 " " P1 "}",
	 "test.json: templates.s: template cycle s -> s\n", false},
	{"template_errors",
	 "{'templates': {'t': {'name': 'x', 'program': []}, 'u': {'program': [], 'supervisor': {}},\n"
	 "  '_': {'program': []}, 'my tmpl': {'priority': 'low'}}, " P1 "}",
	 "test.json: templates.t: unknown key 'name' (valid keys: program, supervisor, template, "
	 "priority, scheduler, trap_exit, restart, shutdown)\n"
	 "test.json: templates.u: give either program or supervisor, not both\n"
	 "test.json: templates: '_' cannot name a template (it is reserved)\n"
	 "test.json: templates[\"my tmpl\"]: expected one of program, template or supervisor\n", false},
	{"template_error_not_repeated",
	 "{'templates': {'t': {'program': [{'op': 'work'}]}},\n"
	 " 'processes': [{'name': 'a', 'template': 't'}, {'name': 'b', 'template': 't'}]}",
	 "test.json: templates.t.program[0]: missing key 'reductions'\n", false},

	/* {=== ops ===} */
	{"receive_errors",
	 "{'processes': [{'name': 'a', 'program': [{'op': 'receive', 'cases': []},\n"
	 "  {'op': 'receive', 'cases': [{'do': []}]}, {'op': 'receive', 'after': {'do': []}}]}]}",
	 "test.json: processes[0].program[0].cases: expected at least one case (leave cases out "
	 "to take any message)\n"
	 "test.json: processes[0].program[1].cases[0]: missing key 'match'\n"
	 "test.json: processes[0].program[2].after: missing key 'ticks'\n", false},
	{"loop_errors",
	 "{'processes': [{'name': 'a', 'program': [{'op': 'loop', 'times': 0, 'do': [{'op': "
	 "'exit'}]},\n  {'op': 'loop', 'times': 'always', 'do': {}}, {'op': 'loop', 'times': 2}]}]}",
	 "test.json: processes[0].program[0].times: expected a positive integer, got 0\n"
	 "test.json: processes[0].program[1].times: expected a positive integer or \"forever\", "
	 "got \"always\"\n"
	 "test.json: processes[0].program[1].do: expected an array of ops, got {}\n"
	 "test.json: processes[0].program[2]: missing key 'do'\n", false},
	{"spawn_errors",
	 "{'templates': {'t': {'program': []}}, 'processes': [{'name': 'a', 'program': [\n"
	 "  {'op': 'spawn', 'template': 't', 'count': 0}, {'op': 'spawn', 'template': 'u'},\n"
	 "  {'op': 'spawn', 'template': 't', 'as': 'self'}, {'op': 'spawn', 'link': 1}]}]}",
	 "test.json: processes[0].program[0].count: expected a positive integer, got 0\n"
	 "test.json: processes[0].program[1].template: unknown template 'u'\n"
	 "test.json: processes[0].program[2].as: 'self' is reserved and cannot name a process\n"
	 "test.json: processes[0].program[3]: missing key 'template'\n"
	 "test.json: processes[0].program[3].link: expected true or false, got 1\n", false},
	{"reasons",
	 "{'processes': [{'name': 'a', 'program': [{'op': 'crash', 'reason': ''},\n"
	 "  {'op': 'exit', 'reason': 7}]}]}",
	 "test.json: processes[0].program[0].reason: expected a reason (a non-empty string), "
	 "got \"\"\n"
	 "test.json: processes[0].program[1].reason: expected a reason (a non-empty string), "
	 "got 7\n", false},

	/* {=== timeline and notes ===} */
	{"timeline_errors",
	 "{'templates': {'t': {'program': []}}, " P1 ", 'timeline': [\n"
	 " {'at': 1, 'do': {'op': 'work'}},\n"
	 " {'at': 2, 'do': {'op': 'send', 'to': 'self', 'message': 1}},\n"
	 " {'at': 3, 'do': {'op': 'spawn', 'process': {'name': 'p', 'program': []}, 'template': 't'}},\n"
	 " {'do': {'op': 'exit', 'to': 'nobody'}},\n"
	 " {'at': 4, 'do': {'op': 'exit', 'to': 'a', 'reason': ''}}, 5]}",
	 "test.json: timeline[0].do.op: expected \"send\", \"exit\" or \"spawn\", got \"work\"\n"
	 "test.json: timeline[1].do.to: 'self' cannot be used here: timeline events come from "
	 "outside any process\n"
	 "test.json: timeline[2].do: give either process or template, not both\n"
	 "test.json: timeline[3]: missing key 'at'\n"
	 "test.json: timeline[3].do.to: unknown process name 'nobody'\n"
	 "test.json: timeline[4].do.reason: expected a reason (a non-empty string), got \"\"\n"
	 "test.json: timeline[5]: expected an event like {\"at\": 10, \"do\": {\"op\": \"send\", "
	 "...}}, got 5\n", false},
	{"notes_errors", "{" P1 ", 'notes': [{'at': 1}, {'at': 2, 'text': 5}, 'hello']}",
	 "test.json: notes[0]: missing key 'text'\n"
	 "test.json: notes[1].text: expected a string, got 5\n"
	 "test.json: notes[2]: expected a note like {\"at\": 10, \"text\": \"...\"}, got \"hello\"\n", false},
	{"notes_when_errors",
	 "{" P1 ", 'notes': [{'at': 1, 'when': {'exit': 'a'}, 'text': 'x'}, {'text': 'y'},"
	 " {'when': {'exit': 'zz'}, 'text': 'z'}, {'when': {'exitt': 'a'}, 'text': 'z'},"
	 " {'when': {'exit': 'a', 'spawn': 'a'}, 'text': 'z'}, {'when': {'crash': 7}, 'text': 'q'}]}",
	 "test.json: notes[0]: a note has either \"at\" (a tick) or \"when\" (an event), not both\n"
	 "test.json: notes[1]: missing key \"at\" (a tick) or \"when\" (an event)\n"
	 "test.json: notes[2].when.exit: unknown process name 'zz'\n"
	 "test.json: notes[3].when: unknown key 'exitt' (did you mean 'exit'?)\n"
	 "test.json: notes[4].when: expected an event like {\"exit\": \"NAME\"} (one of spawn, "
	 "receive, exit, crash, restart), got {\"exit\":\"a\",\"spawn\":\"a\"}\n"
	 "test.json: notes[5].when.crash: expected a process name (a non-empty string), got 7\n",
	 false},

	/* {=== limits ===} */
	{"too_many_processes",
	 "{'processes': [{'name': 's', 'count': 10000, 'supervisor': {'children': [\n"
	 "  {'name': 'c', 'count': 1001, 'program': []}]}}]}",
	 "test.json: processes[0]: duplicate process name 'c_1': each of the 10000 supervisors "
	 "of this count starts a child of that name\n"
	 "test.json: processes[0]: the file starts more than 10000000 processes\n", false},

	/* {=== all errors of a file at once, in file order ===} */
	{"docs_example",   /* docs/scenario-format.md, "Error messages" */
	 "{\n"
	 "  'config': {'schedulers': 2, 'slise': 20},\n"
	 "  'processes': [\n"
	 "    {'name': 'ping', 'program': [{'op': 'send', 'to': 'pnog', 'message': 'hi'}]},\n"
	 "    {'name': 'pong', 'program': [{'op': 'work', 'reductions': 'ten'}]}\n"
	 "  ]\n"
	 "}",
	 "test.json: config: unknown key 'slise' (did you mean 'slice'?)\n"
	 "test.json: processes[0].program[0].to: unknown process name 'pnog' (did you mean "
	 "'pong'?)\n"
	 "test.json: processes[1].program[0].reductions: expected a positive integer, "
	 "got \"ten\"\n", false},
	{"many_errors_together",
	 "{\n"
	 "  'title': 5,\n"
	 "  'links': [['h', 'x']],\n"
	 "  'config': {'schedulers': 'two'},\n"
	 "  'processes': [\n"
	 "    {'name': 'h', 'program': [{'op': 'work', 'reductions': 10}]},\n"
	 "    {'name': 'h', 'program': [{'op': 'send', 'to': 'g', 'message': 'hi'}]}\n"
	 "  ]\n"
	 "}",
	 "test.json: title: expected a string, got 5\n"
	 "test.json: links[0][1]: unknown process name 'x'\n"
	 "test.json: config.schedulers: expected a positive integer, got \"two\"\n"
	 "test.json: processes[1]: duplicate process name 'h' (first defined at processes[0])\n"
	 "test.json: processes[1].program[0].to: unknown process name 'g'\n", false},
};

/* The case's JSON with single quotes made double (unless raw). */
static char *case_json(const struct error_case *c)
{
	char *json = malloc(strlen(c->json) + 1);
	assert_non_null(json);
	strcpy(json, c->json);
	for (char *p = json; !c->raw && *p; p++)
		if (*p == '\'')
			*p = '"';
	return json;
}

static void run_case(void **state)
{
	const struct error_case *c = *state;
	char *json = case_json(c);
	enum sim_status status;
	char *out = load_errors(json, &status);
	bool same = strcmp(out, c->expected) == 0;
	if (!same)
		fprintf(stderr, "expected:\n%sgot:\n%s", c->expected, out);
	free(out);
	free(json);
	assert_true(same);
	assert_int_equal(status, SIM_EINVALID);
}

/* {=== cases built in code ===} */

static void test_nesting_limit(void **state)
{
	(void)state;
	/* {"a": + 64 arrays: the 64th array is the 65th level. */
	char json[256] = "{\"a\": ";
	for (int i = 0; i < 64; i++)
		strcat(json, "[");
	char *out = load_errors(json, NULL);
	assert_string_equal(out, "test.json:1:70: error: nesting deeper than 64 levels of arrays "
	                    "and objects\n");
	free(out);
	/* 63 arrays fit: the syntax is fine, the schema is not. */
	strcpy(json, "{\"a\": ");
	for (int i = 0; i < 63; i++)
		strcat(json, "[");
	for (int i = 0; i < 63; i++)
		strcat(json, "]");
	strcat(json, "}");
	out = load_errors(json, NULL);
	assert_string_equal(out, "test.json: (root): missing key 'processes'\n"
	                    "test.json: (root): unknown key 'a' (valid keys: format, title, "
	                    "description, config, templates, processes, links, timeline, notes)\n");
	free(out);
}

static void test_deep_nesting_huge(void **state)
{
	(void)state;
	size_t n = 1000000;   /* a million brackets must not recurse */
	char *json = malloc(n + 1);
	assert_non_null(json);
	memset(json, '[', n);
	json[n] = '\0';
	char *out = load_errors(json, NULL);
	assert_string_equal(out, "test.json:1:65: error: nesting deeper than 64 levels of arrays "
	                    "and objects\n");
	free(out);
	free(json);
}

static void test_template_depth(void **state)
{
	(void)state;
	/* t0 inherits t1 ... t69: resolving goes too deep at t64. */
	char *json = malloc(8192);
	assert_non_null(json);
	strcpy(json, "{\"templates\": {");
	for (int i = 0; i < 70; i++)
		sprintf(json + strlen(json), "\"t%d\": {\"template\": \"t%d\"}, ", i, i + 1);
	strcat(json, "\"t70\": {\"program\": []}}, \"processes\": [{\"name\": \"a\", "
	       "\"template\": \"t0\"}]}");
	char *out = load_errors(json, NULL);
	assert_string_equal(out, "test.json: templates.t64: templates nest more than 64 levels "
	                    "deep\n");
	free(out);
	free(json);
}

static void test_nul_bytes(void **state)
{
	(void)state;
	static const char text[] = "{\"processes\": [\0]}";
	struct sim_diag d;
	sim_diag_init(&d);
	assert_null(sim_scenario_load_text(text, sizeof text - 1, "nul.json", &d));
	assert_int_equal(d.status, SIM_EINVALID);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.msgs[0], "nul.json:1:16: error: invalid JSON: unexpected byte 0x00 "
	                    "(expected a value)");
	sim_diag_free(&d);
	static const char after[] = "{\"processes\": [{\"name\": \"a\", \"program\": []}]}\0";
	assert_null(sim_scenario_load_text(after, sizeof after - 1, "nul.json", &d));
	assert_string_equal(d.msgs[0], "nul.json:1:46: error: invalid JSON: unexpected byte 0x00 "
	                    "after the end of the JSON value");
	sim_diag_free(&d);
}

static void test_error_cap(void **state)
{
	(void)state;
	/* 150 entries without a body: 100 messages and a summary. */
	char *json = malloc(150 * 40 + 64);
	assert_non_null(json);
	strcpy(json, "{\"processes\": [");
	for (int i = 0; i < 150; i++)
		sprintf(json + strlen(json), "%s{\"name\": \"p%d\"}", i ? ", " : "", i);
	strcat(json, "]}");
	struct sim_diag d;
	sim_diag_init(&d);
	assert_null(sim_scenario_load_text(json, strlen(json), "test.json", &d));
	assert_int_equal(d.n, SIM_DIAG_MAX + 1);
	assert_string_equal(d.msgs[0], "test.json: processes[0]: expected one of program, "
	                    "template or supervisor");
	assert_string_equal(d.msgs[99], "test.json: processes[99]: expected one of program, "
	                    "template or supervisor");
	assert_string_equal(d.msgs[100], "... and 50 more errors");
	sim_diag_free(&d);
	free(json);
}

static void test_files(void **state)
{
	(void)state;
	struct sim_diag d;
	sim_diag_init(&d);
	assert_null(sim_scenario_load(TEST_DATA_DIR "/no-such-file.json", &d));
	assert_int_equal(d.status, SIM_EREAD);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.msgs[0], TEST_DATA_DIR "/no-such-file.json: error: cannot read: "
	                    "no such file or directory");
	sim_diag_free(&d);

	assert_null(sim_scenario_load(TEST_DATA_DIR, &d));
	assert_int_equal(d.status, SIM_EREAD);
	assert_string_equal(d.msgs[0], TEST_DATA_DIR ": error: cannot read: is a directory");
	sim_diag_free(&d);

	assert_null(sim_scenario_load(TEST_DATA_DIR "/syntax_error.json", &d));
	assert_int_equal(d.status, SIM_EINVALID);
	assert_string_equal(d.msgs[0], TEST_DATA_DIR "/syntax_error.json:4:18: error: invalid "
	                    "JSON: unexpected character '\"' (expected ',' or '}': missing comma?)");
	sim_diag_free(&d);
}

/* Anything but a regular file is refused before it is read: a FIFO
** without a writer would block forever, a device never end. */
static void test_not_regular(void **state)
{
	(void)state;
	struct sim_diag d;
	sim_diag_init(&d);
	char dir[] = "/tmp/beamsim-fifo-XXXXXX", fifo[64];
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof fifo, "%s/in.json", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_null(sim_scenario_load(fifo, &d));   /* returns: never blocks */
	assert_int_equal(d.status, SIM_EREAD);
	assert_int_equal(d.n, 1);
	char want[128];
	snprintf(want, sizeof want, "%s: error: cannot read: not a regular file (a FIFO)", fifo);
	assert_string_equal(d.msgs[0], want);
	sim_diag_free(&d);
	unlink(fifo);
	rmdir(dir);

	assert_null(sim_scenario_load("/dev/zero", &d));   /* would never end */
	assert_int_equal(d.status, SIM_EREAD);
	assert_string_equal(d.msgs[0], "/dev/zero: error: cannot read: not a regular file "
	                    "(a character device)");
	sim_diag_free(&d);
}

/* A regular file over the limit is refused from its size, before reading. */
static void test_too_big_file(void **state)
{
	(void)state;
	char path[] = "/tmp/beamsim-big-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)SIM_MAX_FILE_BYTES + 1), 0);   /* sparse */
	close(fd);
	struct sim_diag d;
	sim_diag_init(&d);
	assert_null(sim_scenario_load(path, &d));
	assert_int_equal(d.status, SIM_EINVALID);
	char want[96];
	snprintf(want, sizeof want, "%s: error: the file is larger than 64 MiB", path);
	assert_string_equal(d.msgs[0], want);
	sim_diag_free(&d);
	unlink(path);
}

static void test_too_big(void **state)
{
	(void)state;
	struct sim_diag d;
	sim_diag_init(&d);
	/* The length alone is refused; the text is never read. */
	assert_null(sim_scenario_load_text("{}", (size_t)SIM_MAX_FILE_BYTES + 1, "big.json", &d));
	assert_int_equal(d.status, SIM_EINVALID);
	assert_string_equal(d.msgs[0], "big.json: error: the file is larger than 64 MiB");
	sim_diag_free(&d);
}

/* Small deterministic generator for the robustness test. */
static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

/* Loads text: it must either succeed, or fail with status EINVALID and at
** least one message.  Never a crash, never a leak (under ASan). */
static void load_anything(const char *text, size_t len)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *s = sim_scenario_load_text(text, len, "fuzz.json", &d);
	if (s) {
		assert_int_equal(d.n, 0);
		sim_scenario_free(s);
	} else {
		assert_int_equal(d.status, SIM_EINVALID);
		assert_true(d.n >= 1);
	}
	sim_diag_free(&d);
}

/* Every prefix of a valid file, then random edits (replace, delete,
** insert bytes that matter to JSON), in a deterministic sequence. */
static void mutate_file(const char *path, uint32_t seed, int rounds)
{
	static const char alphabet[] = "{}[]\":,0123456789-.eE \n\\u_abtfnr\x80\xff\x00'";
	char base[8192], buf[8192];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t len = fread(base, 1, sizeof base, f);
	fclose(f);
	assert_true(len > 100 && len < sizeof base);
	for (size_t cut = 0; cut <= len; cut++)
		load_anything(base, cut);
	for (int round = 0; round < rounds; round++) {
		memcpy(buf, base, len);
		size_t n = len;
		int edits = 1 + (int)(next_random(&seed) % 4);
		for (int e = 0; e < edits; e++) {
			size_t at = next_random(&seed) % n;
			char c = alphabet[next_random(&seed) % (sizeof alphabet - 1)];
			switch (next_random(&seed) % 3) {
			case 0:   /* replace */
				buf[at] = c;
				break;
			case 1:   /* delete */
				memmove(buf + at, buf + at + 1, n - at - 1);
				n--;
				break;
			default:  /* insert */
				if (n + 1 < sizeof buf) {
					memmove(buf + at + 1, buf + at, n - at);
					buf[at] = c;
					n++;
				}
			}
		}
		load_anything(buf, n);
	}
}

static void test_mutations_never_crash(void **state)
{
	(void)state;
	mutate_file(TEST_DATA_DIR "/valid.json", 12345, 2000);
	mutate_file(TEST_DATA_DIR "/full.json", 54321, 3000);
}

int main(void)
{
	enum { NCASES = sizeof cases / sizeof *cases };
	static const struct CMUnitTest coded[] = {
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_deep_nesting_huge),
		cmocka_unit_test(test_template_depth),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_not_regular),
		cmocka_unit_test(test_too_big_file),
		cmocka_unit_test(test_mutations_never_crash),
	};
	enum { NCODED = sizeof coded / sizeof *coded };
	static struct CMUnitTest tests[NCASES + NCODED];
	for (size_t i = 0; i < NCASES; i++)
		tests[i] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL,
		                               (void *)&cases[i]};
	for (size_t i = 0; i < NCODED; i++)
		tests[NCASES + i] = coded[i];
	return _cmocka_run_group_tests("errors", tests, NCASES + NCODED, NULL, NULL);
}
