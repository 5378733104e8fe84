/* gui_test_anim.c - where boxes were and are: exact places for any pids,
** "before" after a step, slides between them, and memory that depends on
** the boxes of one frame, not on how large the pids of a long run get. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "anim.h"

static struct lrect box(uint32_t pid)
{
	struct lrect r = { (int)(pid % 1000), (int)(pid / 1000 % 1000), 10 + (int)(pid % 7), 20 };
	return r;
}

static void assert_at(const struct anim *a, uint32_t pid, bool now, bool placed)
{
	struct lrect r;
	bool found = now ? anim_now(a, pid, &r) : anim_before(a, pid, &r);
	assert_int_equal(found, placed);
	struct lrect want = box(pid);
	if (placed)
		assert_memory_equal(&r, &want, sizeof r);
}

static void any_pids_exact_and_small(void **state)
{
	(void)state;
	static struct anim a;
	anim_init(&a);
	static const uint32_t pids[] = { 1, 2, 1000, 9999999, 10000000, 4000000000u, UINT32_MAX };
	for (size_t i = 0; i < sizeof pids / sizeof *pids; i++)
		anim_place(&a, pids[i], box(pids[i]));
	for (uint32_t k = 0; k < 2000; k++)          /* colliding low bits */
		anim_place(&a, k << 20, box(k << 20));
	for (size_t i = 0; i < sizeof pids / sizeof *pids; i++)
		assert_at(&a, pids[i], true, true);
	for (uint32_t k = 1; k < 2000; k++) {
		assert_at(&a, k << 20, true, true);
		assert_at(&a, (k << 20) + 1, true, false);
	}
	assert_at(&a, 3, true, false);
	assert_true(anim_bytes(&a) <= 2 * 4096 * sizeof(struct anim_place));
	/* placing again moves the box, it does not add one */
	anim_place(&a, 2, box(5));
	struct lrect r;
	assert_true(anim_now(&a, 2, &r));
	assert_int_equal(r.x, box(5).x);
	anim_free(&a);
}

static void a_step_keeps_before_and_slides(void **state)
{
	(void)state;
	static struct anim a;
	anim_init(&a);
	anim_place(&a, 7, (struct lrect){ 0, 0, 10, 10 });
	anim_place(&a, 8, box(8));
	anim_begin_step(&a);
	anim_end_step(&a, NULL, 0, true);
	assert_at(&a, 8, false, true);                /* before: the old now */
	assert_at(&a, 8, true, false);                /* now starts empty */
	struct lrect to = { 100, 200, 30, 10 };
	anim_place(&a, 7, to);
	struct lrect mid = anim_lerp(&a, 7, to, 0.5);
	assert_int_equal(mid.x, 50);
	assert_int_equal(mid.y, 100);
	struct lrect end = anim_lerp(&a, 7, to, 1.0);
	assert_memory_equal(&end, &to, sizeof to);
	/* a step without animation: nothing slides */
	anim_begin_step(&a);
	anim_end_step(&a, NULL, 0, false);
	assert_at(&a, 7, false, false);
	anim_reset(&a);
	assert_at(&a, 8, true, false);
	anim_free(&a);
}

/* A long run that spawns all the time: each frame places 300 boxes, of
** ever newer pids (30 million by the end). */
static void long_run_memory_is_flat(void **state)
{
	(void)state;
	static struct anim a;
	anim_init(&a);
	size_t first = 0;
	for (uint32_t step = 0; step < 100000; step++) {
		anim_begin_step(&a);
		anim_end_step(&a, NULL, 0, true);
		for (uint32_t k = 0; k < 300; k++)
			anim_place(&a, step * 300 + k + 1, box(step * 300 + k + 1));
		if (step == 10)
			first = anim_bytes(&a);
	}
	assert_true(first > 0);
	assert_int_equal(anim_bytes(&a), first);
	assert_true(first <= 2 * 1024 * sizeof(struct anim_place));
	assert_at(&a, 99999 * 300 + 1, true, true);
	assert_at(&a, 99998 * 300 + 1, false, true);
	assert_at(&a, 99997 * 300 + 1, false, false);
	anim_free(&a);
}

/* The generation counters wrap after 2^31 steps: no stale place reappears. */
static void generations_wrap_cleanly(void **state)
{
	(void)state;
	static struct anim a;
	anim_init(&a);
	anim_place(&a, 5, box(5));
	a.gen[0] = UINT32_MAX - 7;                    /* as after ~2^31 steps */
	a.gen[1] = UINT32_MAX - 6;
	for (uint32_t step = 0; step < 8; step++) {
		anim_begin_step(&a);
		anim_end_step(&a, NULL, 0, true);
		anim_place(&a, 100 + step, box(100 + step));
		assert_at(&a, 100 + step, true, true);
		for (uint32_t k = 0; k < step; k++)
			assert_at(&a, 100 + k, true, false);
		assert_at(&a, 5, true, false);
		assert_at(&a, 5, false, false);
	}
	anim_free(&a);
}

/* A signal flies in the colour of its end: a crash, `shutdown` and
** {shutdown, _} (the shutdown blue of the legend), `normal` (grey). */
static void signals_take_the_kind_of_their_end(void **state)
{
	(void)state;
	struct anim a;
	anim_init(&a);
	static const char *const reasons[] = {"badarith", "shutdown", "[\"shutdown\",\"done\"]",
	                                      "normal", "killed"};
	static const enum anim_flight_kind want[] = {FLIGHT_SIGNAL, FLIGHT_SIGNAL_SHUTDOWN,
	                                             FLIGHT_SIGNAL_SHUTDOWN, FLIGHT_SIGNAL_NORMAL,
	                                             FLIGHT_SIGNAL};
	struct sim_event ev[5];
	memset(ev, 0, sizeof ev);
	for (int i = 0; i < 5; i++) {
		ev[i].type = SIM_EV_SIGNAL;
		ev[i].pid = 2;
		ev[i].other = 1;
		ev[i].reason = reasons[i];
	}
	anim_begin_step(&a);
	anim_end_step(&a, ev, 5, true);
	assert_int_equal(a.nflights, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(a.flights[i].kind, want[i]);
		assert_int_equal(a.flights[i].from, 1);
		assert_int_equal(a.flights[i].to, 2);
	}
	anim_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(any_pids_exact_and_small),
		cmocka_unit_test(a_step_keeps_before_and_slides),
		cmocka_unit_test(long_run_memory_is_flat),
		cmocka_unit_test(generations_wrap_cleanly),
		cmocka_unit_test(signals_take_the_kind_of_their_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
