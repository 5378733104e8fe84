/*
** test_questions.c - questions in notes (issue 17): every computed kind
** against answers derived by hand from the timing rules
** (docs/scenario-format.md), and the loader's messages for bad questions.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/*
** One scheduler, slice 10.  Derivation, tick by tick (rule 1: one
** reduction per tick; rule 4: a slice of 10, then the back of the queue):
**   a  work 30:         runs 0-9, preempted at the end of tick 9
**   b  work 5 + crash:  runs 10-15 (work 10-14, crash in 15): exits at 16
**   c  receive x2:      runs 16, finds nothing, waits
**   d  send, send:      17 and 18, ends at 19 (rule 3; rule 10: exit tick 19)
**   a  runs 19-28 (second slice; c was woken at the end of 17 and queued
**      behind a, which was queued at 10)
**   c  takes "hi" in 29, ["x",2] in 30, ends: exit tick 31
**   a  runs 31-40 (third slice): exit tick 41; nothing left: the run ends at 41.
** So: b exits badarg at 16; a exits at 41; first of a, b, d to finish: b;
** alive at the end among a and c: none; c receives "hi" then ["x",2]; after
** tick 5 the first run that begins on scheduler 1 is b's (tick 10).
*/
static const char *const q1 =
	"{\"format\": 1, \"config\": {\"schedulers\": 1, \"slice\": 10, \"until\": 1000},"
	" \"processes\": ["
	"  {\"name\": \"a\", \"program\": [{\"op\": \"work\", \"reductions\": 30}]},"
	"  {\"name\": \"b\", \"program\": [{\"op\": \"work\", \"reductions\": 5},"
	"                                {\"op\": \"crash\", \"reason\": \"badarg\"}]},"
	"  {\"name\": \"c\", \"program\": [{\"op\": \"receive\"}, {\"op\": \"receive\"}]},"
	"  {\"name\": \"d\", \"program\": [{\"op\": \"send\", \"to\": \"c\", \"message\": \"hi\"},"
	"                                {\"op\": \"send\", \"to\": \"c\", \"message\": [\"x\", 2]}]}"
	" ],"
	" \"notes\": ["
	"  {\"at\": 0, \"ask\": {\"kind\": \"exit_reason\", \"of\": \"b\"},"
	"   \"choices\": [\"normal\", \"badarg\"], \"answer\": \"badarg\", \"explain\": \"b crashes\"},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"exit_tick\", \"of\": \"a\"}},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"alive_at_end\", \"among\": [\"a\", \"c\"]}},"
	"  {\"at\": 5, \"ask\": {\"kind\": \"runs_next\", \"scheduler\": 1}},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"receive_order\", \"of\": \"c\"}, \"answer\": [\"hi\", [\"x\", 2]]},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"first_to_finish\", \"among\": [\"a\", \"b\", \"d\"]}},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"finish_tick\"}, \"answer\": 40},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"exit_tick\", \"of\": \"d\"}},"
	"  {\"at\": 0, \"ask\": \"Is it free text?\", \"answer\": \"yes\"}"
	" ]}";

/* The engine's answer to question i. */
static const char *answer_of(const sim_answers *a, size_t i, struct sim_answer *an)
{
	assert_true(sim_answers_get(a, i, an));
	return an->text;
}

/* The engine's answers to the questions of scenario text (loaded into *scn). */
static sim_answers *answers_for(const char *text, sim_scenario **scn)
{
	*scn = load_text(text);
	struct sim_config cfg = sim_scenario_config(*scn);
	enum sim_status st;
	sim_answers *a = sim_answers_compute(*scn, &cfg, 0, &st);
	assert_non_null(a);
	return a;
}

static void test_every_kind(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(q1);
	assert_int_equal(sim_scenario_question_count(scn), 9);
	struct sim_config cfg = sim_scenario_config(scn);
	enum sim_status st;
	sim_answers *a = sim_answers_compute(scn, &cfg, 0, &st);
	assert_non_null(a);
	struct sim_answer an;
	/* notes sorted by tick: the seven at tick 0 in file order, then runs_next */
	assert_string_equal(answer_of(a, 0, &an), "badarg");
	assert_int_equal(an.choice, 1);
	assert_true(an.agrees);
	assert_int_equal(an.reveal_tick, 16);
	assert_string_equal(answer_of(a, 1, &an), "41");
	assert_string_equal(answer_of(a, 2, &an), "none");
	assert_string_equal(answer_of(a, 3, &an), "\"hi\", [\"x\",2]");
	assert_true(an.agrees);
	assert_string_equal(answer_of(a, 4, &an), "b");
	assert_string_equal(answer_of(a, 5, &an), "41");
	assert_false(an.agrees);   /* the author wrote 40 */
	assert_string_equal(answer_of(a, 6, &an), "19");
	assert_string_equal(answer_of(a, 7, &an), "yes");   /* free text: the author's */
	assert_string_equal(answer_of(a, 8, &an), "b");
	assert_int_equal(an.asked_tick, 5);
	assert_int_equal(an.reveal_tick, 10);
	struct sim_question q;
	assert_true(sim_scenario_question(scn, 8, &q));
	assert_int_equal(q.kind, SIM_Q_RUNS_NEXT);
	assert_string_equal(q.path, "notes[3]");
	assert_string_equal(q.text, "Which process does scheduler 1 run next?");
	assert_false(sim_scenario_question(scn, 9, &q));
	sim_answers_destroy(a);
	sim_scenario_free(scn);
}

/*
** restarts and alive_at_end with a supervisor (one_for_one, intensity 1):
** w crashes after 3 reductions each time it runs: restarted once (tick 4 +
** signal hops), the second crash exceeds the intensity (2 restarts within
** the period), so sup gives up and exits shutdown: 1 restart, and nobody
** is alive at the end; w's first exit reason is boom.
*/
static const char *const q2 =
	"{\"format\": 1, \"config\": {\"schedulers\": 1, \"until\": 1000},"
	" \"processes\": [{\"name\": \"sup\", \"supervisor\": {\"strategy\": \"one_for_one\","
	"   \"intensity\": 1, \"period\": 1000, \"children\": ["
	"   {\"name\": \"w\", \"program\": [{\"op\": \"work\", \"reductions\": 2},"
	"                                 {\"op\": \"crash\", \"reason\": \"boom\"}]},"
	"   {\"name\": \"idle\", \"program\": [{\"op\": \"receive\"}]}]}}],"
	" \"notes\": ["
	"  {\"at\": 0, \"ask\": {\"kind\": \"restarts\", \"of\": \"sup\"}},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"alive_at_end\", \"among\": [\"sup\", \"idle\", \"w\"]}},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"exit_reason\", \"of\": \"w\"}},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"exit_reason\", \"of\": \"sup\"}}"
	" ]}";

static void test_supervisor_kinds(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim_answers *a = answers_for(q2, &scn);
	struct sim_answer an;
	assert_string_equal(answer_of(a, 0, &an), "1");
	assert_string_equal(answer_of(a, 1, &an), "none");
	assert_string_equal(answer_of(a, 2, &an), "boom");
	assert_string_equal(answer_of(a, 3, &an), "shutdown");
	sim_answers_destroy(a);
	sim_scenario_free(scn);
}

/*
** A process whose node halts has no exit reason: exit_reason and exit_tick
** of db (on b, halted at 50) are "none", settled at the halt; it still
** finishes (first among db and idle, which never ends); obs on a, linked
** to it, exits noconnection at 50.
*/
static const char *const q3 =
	"{\"format\": 1, \"config\": {\"until\": 1000, \"nodes\": [{\"name\": \"a\"}, {\"name\": \"b\"}]},"
	" \"processes\": ["
	"  {\"name\": \"db\", \"node\": \"b\", \"program\": [{\"op\": \"receive\"}]},"
	"  {\"name\": \"obs\", \"program\": [{\"op\": \"link\", \"to\": \"db\"}, {\"op\": \"receive\"}]},"
	"  {\"name\": \"idle\", \"program\": [{\"op\": \"receive\"}]}"
	" ],"
	" \"timeline\": [{\"at\": 50, \"do\": {\"op\": \"node_down\", \"node\": \"b\"}}],"
	" \"notes\": ["
	"  {\"at\": 0, \"ask\": {\"kind\": \"exit_reason\", \"of\": \"db\"}},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"exit_tick\", \"of\": \"db\"}},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"first_to_finish\", \"among\": [\"idle\", \"db\"]}},"
	"  {\"at\": 0, \"ask\": {\"kind\": \"exit_reason\", \"of\": \"obs\"}}"
	" ]}";

static void test_halted_has_no_exit_reason(void **state)
{
	(void)state;
	sim_scenario *scn;
	sim_answers *a = answers_for(q3, &scn);
	struct sim_answer an;
	assert_string_equal(answer_of(a, 0, &an), "none");
	assert_int_equal(an.reveal_tick, 50);
	assert_string_equal(answer_of(a, 1, &an), "none");
	assert_int_equal(an.reveal_tick, 50);
	assert_string_equal(answer_of(a, 2, &an), "db");
	assert_string_equal(answer_of(a, 3, &an), "noconnection");
	sim_answers_destroy(a);
	sim_scenario_free(scn);
}

/* A question whose event never happens is never asked. */
static void test_never_asked(void **state)
{
	(void)state;
	sim_scenario *scn = load_text(
		"{\"format\": 1, \"processes\": [{\"name\": \"a\", \"program\": [{\"op\": \"work\", "
		"\"reductions\": 3}]}], \"notes\": [{\"when\": {\"crash\": \"a\"}, \"ask\": \"Why?\"},"
		" {\"at\": 50, \"ask\": {\"kind\": \"finish_tick\"}}]}");
	struct sim_config cfg = sim_scenario_config(scn);
	enum sim_status st;
	sim_answers *a = sim_answers_compute(scn, &cfg, 0, &st);
	struct sim_answer an;
	assert_true(sim_answers_get(a, 0, &an));
	assert_false(an.asked);   /* at 50: the run ends at 3 */
	assert_true(sim_answers_get(a, 1, &an));
	assert_false(an.asked);   /* a never crashes */
	sim_answers_destroy(a);
	sim_scenario_free(scn);
}

/* The loader's message for a bad note, which must contain `want`. */
static void bad(const char *notes, const char *want)
{
	char json[1024];
	snprintf(json, sizeof json, "{\"format\": 1, \"processes\": [{\"name\": \"worker\", \"program\":"
	         " [{\"op\": \"work\", \"reductions\": 3}]}], \"notes\": [%s]}", notes);
	enum sim_status st;
	char *msgs = load_errors(json, &st);
	assert_int_equal(st, SIM_EINVALID);
	if (!strstr(msgs, want))
		fail_msg("expected '%s' in:\n%s", want, msgs);
	free(msgs);
}

static void test_bad_questions(void **state)
{
	(void)state;
	bad("{\"at\": 0, \"ask\": {\"kind\": \"exit_reasn\", \"of\": \"worker\"}}",
	    "notes[0].ask.kind: expected \"exit_reason\"");
	bad("{\"at\": 0, \"ask\": {\"kind\": \"exit_reasn\", \"of\": \"worker\"}}",
	    "(did you mean \"exit_reason\"?)");
	bad("{\"at\": 0, \"ask\": {\"kind\": \"exit_reason\", \"of\": \"workr\"}}",
	    "notes[0].ask.of");
	bad("{\"at\": 0, \"ask\": {\"kind\": \"exit_reason\", \"of\": \"workr\"}}", "worker");
	bad("{\"at\": 0, \"ask\": \"Q?\", \"choices\": [\"x\", \"y\"], \"answer\": \"z\"}",
	    "notes[0].answer: 'z' is not one of the choices ('x', 'y')");
	bad("{\"at\": 0, \"text\": \"t\", \"answer\": \"z\"}", "\"answer\" belongs to a question");
	bad("{\"at\": 0, \"ask\": \"Q?\", \"choices\": [\"x\", \"x\"]}", "notes[0].choices[1]: the same choice");
	bad("{\"at\": 0, \"ask\": {\"kind\": \"runs_next\", \"scheduler\": 3}}",
	    "notes[0].ask.scheduler: scheduler 3, but the file's config has 2");
	bad("{\"at\": 0, \"ask\": {\"kind\": \"finish_tick\", \"of\": \"worker\"}}",
	    "notes[0].ask.of: a finish_tick question has no \"of\"");
	bad("{\"at\": 0, \"ask\": {\"kind\": \"exit_tick\"}}", "notes[0].ask: missing key 'of'");
	bad("{\"at\": 0, \"ask\": {\"kind\": \"exit_tick\", \"of\": \"worker\"}, \"answer\": \"soon\"}",
	    "notes[0].answer");
	bad("{\"at\": 0, \"ask\": {\"kind\": \"alive_at_end\", \"among\": [\"worker\"]}, "
	    "\"answer\": [\"nobody\"]}", "notes[0].answer[0]: expected a name of \"among\"");
	bad("{\"at\": 0, \"ask\": {\"kind\": \"first_to_finish\", \"among\": [\"worker\", \"worker\"]}}",
	    "notes[0].ask.among[1]: 'worker' is named twice");
	bad("{\"at\": 0, \"ask\": 7}", "notes[0].ask: expected a question");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind),
		cmocka_unit_test(test_supervisor_kinds),
		cmocka_unit_test(test_halted_has_no_exit_reason),
		cmocka_unit_test(test_never_asked),
		cmocka_unit_test(test_bad_questions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
