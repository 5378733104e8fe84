/* gui_test_quiz.c - the questions in the window (issue 17) without a
** window: playing stops at a question's tick, keys 1..9 pick, Enter
** reveals (the answer, the explanation, the place highlighted), the
** self-test score counts a right pick and not a wrong one and hides the
** answer, stepping back asks again, compare mode asks once and answers
** per pane, and a window started without questions asks none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app.h"
#include "gui_support.h"
#include "quizview.h"
#include "render.h"

/* One scheduler: alpha then bad share it; bad crashes with badarith.  Two
** questions at tick 2 (a computed one and a free-text one), a third, open,
** at tick 4 (when the run ends: differs with the scheduler count). */
static const char scenario[] =
	"{\"config\":{\"schedulers\":1,\"slice\":20,\"balance\":\"none\"},\"processes\":["
	"{\"name\":\"alpha\",\"program\":[{\"op\":\"work\",\"reductions\":200}]},"
	"{\"name\":\"bad\",\"program\":[{\"op\":\"work\",\"reductions\":100},"
	"{\"op\":\"crash\",\"reason\":\"badarith\"}]}],"
	"\"notes\":["
	"{\"at\":2,\"ask\":{\"kind\":\"exit_reason\",\"of\":\"bad\"},"
	"\"choices\":[\"normal\",\"badarith\",\"killed\"],\"explain\":\"EXPLAIN-ONE\"},"
	"{\"at\":2,\"ask\":\"Does alpha die with bad?\",\"choices\":[\"yes\",\"no\"],"
	"\"answer\":\"no\",\"explain\":\"EXPLAIN-TWO\"},"
	"{\"at\":4,\"ask\":{\"kind\":\"finish_tick\"}}]}";

#define Q_TICK 2

static char path[64];
static struct text_rec rec[4096];
static size_t nrec;

static void open_quiz(struct app_fixture *f, bool questions, bool self_test, const char *compare)
{
	temp_scenario(path, scenario);
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = path;
	o.questions = questions;
	o.self_test = self_test;
	o.compare = compare;
	sim_config_default(&o.cfg);
	app_fixture_open(f, &o, GUI_TEST_W, GUI_TEST_H);
}

static void close_quiz(struct app_fixture *f)
{
	app_fixture_close(f);
	unlink(path);
}

static uint64_t fake_ms;
static uint64_t clock_stopped(void) { return fake_ms; }

/* Space, then play at the top speed (no animation, many steps per call)
** until playing stops; the tick where it stopped. */
static uint64_t play(struct app_fixture *f)
{
	while (f->a->speed < 14)
		app_key(f->a, KEY_FASTER);
	app_key(f->a, KEY_PLAY);
	for (int i = 0; i < 100 && f->a->view.playing; i++)
		app_tick(f->a, 1000.0, 1000.0, clock_stopped);
	assert_false(f->a->view.playing);
	return sim_now(f->a->ses[0].sim);
}

/* Draws a frame and records its texts (the test fails without fonts: the
** card is text). */
static void frame(struct app_fixture *f)
{
	assert_null(text_error(f->text));
	f->a->view.move_t = f->a->view.fly_t = 1.0;
	nrec = 0;
	text_record(f->text, rec, sizeof rec / sizeof *rec, &nrec);
	render_frame(f->r, &f->c, &f->a->view);
	text_record(f->text, NULL, 0, NULL);
}

/* How many texts of the last frame contain s. */
static int said(const char *s)
{
	int n = 0;
	for (size_t i = 0; i < nrec && i < sizeof rec / sizeof *rec; i++)
		n += strstr(rec[i].s, s) != NULL;
	return n;
}

/* How many texts of the last frame are exactly s. */
static int said_exactly(const char *s)
{
	int n = 0;
	for (size_t i = 0; i < nrec && i < sizeof rec / sizeof *rec; i++)
		n += strcmp(rec[i].s, s) == 0;
	return n;
}

static void stops_at_the_question_and_shows_it(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_quiz(&f, true, false, NULL);
	assert_int_equal(play(&f), Q_TICK);
	assert_int_equal(f.a->quiz.open, 0);
	frame(&f);
	assert_int_equal(said("Question 1 of 3"), 1);
	struct sim_question qu;
	assert_true(quizview_current(&f.a->quiz, &qu));
	char first[16];
	snprintf(first, sizeof first, "%.12s", qu.text);
	assert_int_equal(said(first), 1);                /* the question, large */
	assert_int_equal(said_exactly("badarith"), 1);  /* the choices, numbered */
	assert_int_equal(said_exactly("killed"), 1);
	assert_int_equal(said_exactly("3"), 1);
	assert_int_equal(said("EXPLAIN-ONE"), 0);       /* not before Enter */
	close_quiz(&f);
}

/* The pixel just outside the box of process `name` in pane 0 (on the
** highlight's frame once revealed). */
static uint32_t beside(struct app_fixture *f, const char *name)
{
	for (int i = 0; i < f->r->nhits; i++) {
		struct sim_proc_view pv;
		const struct render_hit *h = &f->r->hits[i];
		if (h->pane == 0 && sim_proc_view(f->a->ses[0].sim, h->pid, &pv) &&
		    strcmp(pv.name, name) == 0)
			return draw_pixel(&f->c, h->at.x - 3, h->at.y + h->at.h / 2);
	}
	fail_msg("no box of %s", name);
	return 0;
}

static void keys_pick_and_enter_reveals(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_quiz(&f, true, false, NULL);
	play(&f);
	app_digit(f.a, 1);                               /* "normal": wrong */
	app_digit(f.a, 9);                               /* no such choice: ignored */
	assert_int_equal(f.a->quiz.item[0].pick, 0);
	assert_int_equal(f.a->ses[0].cfg.schedulers, 1);  /* a digit picks, sets nothing */
	frame(&f);
	assert_int_not_equal(beside(&f, "bad"), DRAW_YELLOW);
	app_key(f.a, KEY_ENTER);
	assert_int_equal(f.a->quiz.item[0].reveal, QUIZVIEW_SHOWN);
	frame(&f);
	assert_int_equal(said("Answer: badarith  - wrong"), 1);
	assert_int_equal(said("EXPLAIN-ONE"), 1);
	assert_int_equal(beside(&f, "bad"), DRAW_YELLOW);   /* the process it is about */
	assert_int_not_equal(beside(&f, "alpha"), DRAW_YELLOW);
	/* Space closes it; the other question of the tick comes before play */
	app_key(f.a, KEY_PLAY);
	app_tick(f.a, 1000.0, 1000.0, clock_stopped);
	assert_int_equal(f.a->quiz.open, 1);
	assert_int_equal(sim_now(f.a->ses[0].sim), Q_TICK);
	assert_false(f.a->view.playing);
	app_digit(f.a, 2);
	app_key(f.a, KEY_ENTER);
	frame(&f);
	assert_int_equal(said("Answer: no  - right"), 1);
	assert_int_equal(f.a->quiz.counted, 0);            /* no score outside self-test */
	close_quiz(&f);
}

static void self_test_scores_and_hides(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_quiz(&f, true, false, NULL);
	app_key(f.a, KEY_SELF_TEST);
	assert_true(f.a->quiz.self_test);
	app_key(f.a, KEY_ESCAPE);                          /* closes the message */
	play(&f);
	app_digit(f.a, 2);                                 /* badarith: right */
	app_key(f.a, KEY_ENTER);
	assert_int_equal(f.a->quiz.item[0].reveal, QUIZVIEW_JUDGED);
	assert_int_equal(f.a->quiz.right, 1);
	assert_int_equal(f.a->quiz.counted, 1);
	frame(&f);
	assert_int_equal(said("EXPLAIN-ONE"), 0);          /* hidden */
	assert_int_equal(said("Answer:"), 0);
	assert_int_not_equal(beside(&f, "bad"), DRAW_YELLOW);
	assert_int_equal(said("self-test  1 / 1 right"), 1);
	app_key(f.a, KEY_ENTER);                           /* again: the answer */
	frame(&f);
	assert_int_equal(said("EXPLAIN-ONE"), 1);
	assert_int_equal(f.a->quiz.counted, 1);
	app_key(f.a, KEY_ESCAPE);
	app_key(f.a, KEY_STEP);                            /* the second question */
	assert_int_equal(f.a->quiz.open, 1);
	app_digit(f.a, 1);                                 /* "yes": wrong */
	app_key(f.a, KEY_ENTER);
	assert_int_equal(f.a->quiz.right, 1);
	assert_int_equal(f.a->quiz.counted, 2);
	frame(&f);
	assert_int_equal(said("self-test  1 / 2 right"), 1);
	close_quiz(&f);
}

static void stepping_back_asks_again(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_quiz(&f, true, true, NULL);
	play(&f);
	app_digit(f.a, 1);
	app_key(f.a, KEY_ENTER);                           /* judged wrong: 0 / 1 */
	app_key(f.a, KEY_BACK);                            /* closes, back to tick 1 */
	assert_false(quizview_is_open(&f.a->quiz));
	assert_int_equal(sim_now(f.a->ses[0].sim), Q_TICK - 1);
	app_key(f.a, KEY_STEP);                            /* tick 2 again: asked again */
	assert_int_equal(sim_now(f.a->ses[0].sim), Q_TICK);
	assert_int_equal(f.a->quiz.open, 0);
	assert_int_equal(f.a->quiz.item[0].pick, -1);      /* a fresh pick */
	assert_int_equal(f.a->quiz.item[0].reveal, QUIZVIEW_HIDDEN);
	app_digit(f.a, 2);
	app_key(f.a, KEY_ENTER);
	assert_int_equal(f.a->quiz.right, 0);              /* the first judgement stays */
	assert_int_equal(f.a->quiz.counted, 1);
	app_key(f.a, KEY_RESTART);                         /* Home: tick 0, asked later again */
	assert_false(quizview_is_open(&f.a->quiz));
	assert_int_equal(play(&f), Q_TICK);
	assert_int_equal(f.a->quiz.open, 0);
	close_quiz(&f);
}

/* The tick a fresh engine of the file with n schedulers ends at. */
static uint64_t end_tick(uint32_t n)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load(path, &d);
	assert_non_null(scn);
	struct sim_config cfg = sim_scenario_config(scn);
	cfg.schedulers = n;
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	while (sim_step(s) == SIM_END_NONE)
		;
	uint64_t t = sim_now(s);
	sim_destroy(s);
	sim_scenario_free(scn);
	sim_diag_free(&d);
	return t;
}

static void compare_asks_once_and_answers_per_pane(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_quiz(&f, true, true, "schedulers=1,2");
	assert_int_equal(f.a->npanes, 2);
	assert_int_equal(play(&f), Q_TICK);
	assert_int_equal(f.a->quiz.open, 0);
	frame(&f);
	assert_int_equal(said("Question 1 of 3"), 1);      /* one card for both panes */
	app_digit(f.a, 2);
	app_key(f.a, KEY_ENTER);
	assert_int_equal(f.a->quiz.right, 2);              /* a point per pane */
	assert_int_equal(f.a->quiz.counted, 2);
	app_key(f.a, KEY_ENTER);
	frame(&f);
	assert_int_equal(said("schedulers=1: badarith"), 1);
	assert_int_equal(said("schedulers=2: badarith"), 1);
	app_key(f.a, KEY_ESCAPE);
	app_key(f.a, KEY_STEP);                            /* question 2 */
	app_key(f.a, KEY_ESCAPE);
	assert_int_equal(play(&f), 4);                     /* question 3: the end tick */
	assert_int_equal(f.a->quiz.open, 2);
	app_key(f.a, KEY_ENTER);
	frame(&f);
	char want[64];
	snprintf(want, sizeof want, "schedulers=1: %llu", (unsigned long long)end_tick(1));
	assert_int_equal(said(want), 1);
	snprintf(want, sizeof want, "schedulers=2: %llu", (unsigned long long)end_tick(2));
	assert_int_equal(said(want), 1);
	assert_int_equal(f.a->quiz.counted, 2);            /* no choices: not scored */
	close_quiz(&f);
}

static void without_questions_play_goes_on(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_quiz(&f, false, false, NULL);
	uint64_t t = play(&f);
	assert_true(t > Q_TICK);
	assert_true(session_ended(&f.a->ses[0]));
	assert_false(quizview_is_open(&f.a->quiz));
	app_digit(f.a, 2);                                 /* a digit sets schedulers again */
	assert_int_equal(f.a->ses[0].cfg.schedulers, 2);
	close_quiz(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stops_at_the_question_and_shows_it),
		cmocka_unit_test(keys_pick_and_enter_reveals),
		cmocka_unit_test(self_test_scores_and_hides),
		cmocka_unit_test(stepping_back_asks_again),
		cmocka_unit_test(compare_asks_once_and_answers_per_pane),
		cmocka_unit_test(without_questions_play_goes_on),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
