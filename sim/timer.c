/* timer.c - a binary min-heap of timers ordered by (due, arming order). */
#include "engine.h"

static bool before(const struct timer *a, const struct timer *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

void timer_push(struct timerheap *h, uint64_t due, uint32_t pid, uint32_t gen)
{
	struct timer t = { due, h->seq++, pid, gen };
	if (!VEC_PUSH(h->v, h->n, h->cap, t))
		engine_oom();
	uint32_t i = h->n - 1;
	while (i > 0) {
		uint32_t up = (i - 1) / 2;
		if (!before(&h->v[i], &h->v[up]))
			break;
		struct timer tmp = h->v[i];
		h->v[i] = h->v[up];
		h->v[up] = tmp;
		i = up;
	}
}

bool timer_peek(const struct timerheap *h, struct timer *t)
{
	if (h->n == 0)
		return false;
	*t = h->v[0];
	return true;
}

void timer_pop(struct timerheap *h)
{
	if (h->n == 0)
		return;
	h->v[0] = h->v[--h->n];
	uint32_t i = 0;
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && before(&h->v[l], &h->v[m]))
			m = l;
		if (r < h->n && before(&h->v[r], &h->v[m]))
			m = r;
		if (m == i)
			break;
		struct timer tmp = h->v[i];
		h->v[i] = h->v[m];
		h->v[m] = tmp;
		i = m;
	}
}
