/*
** questions.c - a scenario's questions in the text output (questions.h).
**
** Every string of the scenario (question, choices, answers, explain) is
** printed through textout: one question stays a few lines, whatever the
** file holds.
*/
#include "questions.h"
#include "args.h"
#include "textout.h"

#include <stdlib.h>
#include <string.h>

struct qprint {
	const sim *s;
	FILE *out;
	bool answers;
	sim_answers *a;
	size_t n;
	bool *asked_shown, *answer_shown;
	size_t pending;           /* asked, answer not printed yet */
};

struct qprint *qprint_create(const sim *s, FILE *out, bool answers)
{
	struct qprint *q = calloc(1, sizeof *q);
	if (!q)
		return NULL;
	q->s = s;
	q->out = out;
	q->answers = answers;
	q->n = sim_scenario_question_count(sim_get_scenario(s));
	q->a = sim_answers_create(s);
	q->asked_shown = calloc(q->n + 1, sizeof *q->asked_shown);
	q->answer_shown = calloc(q->n + 1, sizeof *q->answer_shown);
	if (!q->a || !q->asked_shown || !q->answer_shown) {
		qprint_destroy(q);
		return NULL;
	}
	return q;
}

void qprint_destroy(struct qprint *q)
{
	if (!q)
		return;
	sim_answers_destroy(q->a);
	free(q->asked_shown);
	free(q->answer_shown);
	free(q);
}

void questions_put_answer(FILE *out, const char *answer, const char *explain)
{
	fputs("   Answer: ", out);
	textout_put(out, answer ? answer : "(no answer given)", TEXTOUT_TEXT_COLS);
	fputc('\n', out);
	if (explain) {
		fputs("   Why: ", out);
		textout_put(out, explain, TEXTOUT_TEXT_COLS);
		fputc('\n', out);
	}
}

/* "Question N (tick T): TEXT" and its choices, numbered from 1. */
static void put_question(struct qprint *q, size_t i, const struct sim_answer *an)
{
	struct sim_question sq;
	sim_scenario_question(sim_get_scenario(q->s), i, &sq);
	fprintf(q->out, "Question %zu (tick %llu): ", i + 1, (unsigned long long)an->asked_tick);
	textout_put(q->out, sq.text, TEXTOUT_TEXT_COLS);
	fputc('\n', q->out);
	for (size_t k = 0; k < sq.nchoices; k++) {
		fprintf(q->out, "   %zu) ", k + 1);
		textout_put(q->out, sq.choices[k], TEXTOUT_TEXT_COLS);
		fputc('\n', q->out);
	}
	if (!q->answers)
		fputs("   Your answer: ______________________\n", q->out);
}

static void put_answer(struct qprint *q, size_t i, const struct sim_answer *an)
{
	struct sim_question sq;
	sim_scenario_question(sim_get_scenario(q->s), i, &sq);
	fprintf(q->out, "Answer %zu (tick %llu):\n", i + 1, (unsigned long long)an->reveal_tick);
	questions_put_answer(q->out, an->text, sq.explain);
}

/* Prints what became asked or known; `final`: the run is over. */
static void flush(struct qprint *q, bool final)
{
	for (size_t i = 0; i < q->n; i++) {
		struct sim_answer an;
		sim_answers_get(q->a, i, &an);
		if (an.asked && !q->asked_shown[i]) {
			q->asked_shown[i] = true;
			q->pending++;
			put_question(q, i, &an);
		}
		if (q->asked_shown[i] && !q->answer_shown[i] && (an.known || final)) {
			q->answer_shown[i] = true;
			q->pending--;
			if (q->answers)
				put_answer(q, i, &an);
		}
	}
}

void qprint_events(struct qprint *q, const struct sim_event *ev, size_t n)
{
	sim_answers_events(q->a, ev, n);
	bool look = q->pending > 0;
	for (size_t k = 0; k < n && !look; k++)
		look = ev[k].type == SIM_EV_NOTE;
	if (look)
		flush(q, false);
}

bool qprint_finish(struct qprint *q)
{
	bool ok = sim_answers_finish(q->a);
	if (q->n == 0)
		fputs("This scenario asks no questions (notes with \"ask\": see scenario-format.md).\n",
		      q->out);
	flush(q, true);
	for (size_t i = 0; i < q->n; i++)
		if (!q->asked_shown[i])
			fprintf(q->out, "Question %zu was not asked: its note's tick or event did not "
			                "come in this run.\n", i + 1);
	return ok;
}

/* The reason a question was never asked, for check's message. */
static void never_asked(const char *label, const sim_scenario *scn, const struct sim_question *sq)
{
	struct sim_note note;
	sim_scenario_note_get(scn, sq->note, &note);
	textout_put(stderr, label, 0);
	if (note.when == SIM_NOTE_AT)
		fprintf(stderr, ": %s.at: the question is never asked: the run ends before tick %llu\n",
		        sq->path, (unsigned long long)note.at);
	else {
		fprintf(stderr, ": %s.when: the question is never asked: the event %s of '", sq->path,
		        sim_note_when_name(note.when));
		textout_put(stderr, note.name, TEXTOUT_NAME_COLS);
		fputs("' never happens in the run (with the file's config)\n", stderr);
	}
}

/* One question's verdict; true when it is fine. */
static bool check_one(const char *label, const sim_scenario *scn, const sim_answers *a, size_t i)
{
	struct sim_question sq;
	struct sim_answer an;
	sim_scenario_question(scn, i, &sq);
	sim_answers_get(a, i, &an);
	if (!an.asked) {
		never_asked(label, scn, &sq);
		return false;
	}
	if (sq.kind == SIM_Q_TEXT)
		return true;
	if (!an.agrees || (sq.nchoices && an.choice < 0)) {
		textout_put(stderr, label, 0);
		fprintf(stderr, an.agrees ? ": %s.choices: the engine's answer '" :
		                            ": %s.answer: the author's answer is '", sq.path);
		if (!an.agrees) {
			textout_put(stderr, sq.answer, TEXTOUT_TEXT_COLS);
			fputs("' but the engine's is '", stderr);
		}
		textout_put(stderr, an.text, TEXTOUT_TEXT_COLS);
		fputs(an.agrees ? "' is not among the choices\n" : "' (with the file's config)\n", stderr);
		return false;
	}
	return true;
}

int questions_check(const char *label, const sim_scenario *scn)
{
	size_t n = sim_scenario_question_count(scn);
	if (n == 0)
		return 0;
	struct sim_config cfg = sim_scenario_config(scn);
	enum sim_status st;
	sim_answers *a = sim_answers_compute(scn, &cfg, QUESTIONS_MAX_STEPS, &st);
	if (!a) {
		textout_put(stderr, label, 0);
		if (st == SIM_ENOMEM)
			fputs(": out of memory computing the answers of its questions\n", stderr);
		else
			fprintf(stderr, ": notes: the answers of its questions cannot be computed: the run "
			                "takes more than %llu steps (lower config.until)\n",
			        (unsigned long long)QUESTIONS_MAX_STEPS);
		return st == SIM_ENOMEM ? EXIT_NOMEM : EXIT_INVALID;
	}
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (!check_one(label, scn, a, i))
			rc = EXIT_INVALID;
	sim_answers_destroy(a);
	return rc;
}
