/* mbox.c - mailboxes: FIFO arrays with removal anywhere for selective receive. */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* Invariant: messages are v[head .. head+len-1], oldest first. */

void mbox_push(struct mbox *m, const struct msg *msg)
{
	if (m->head + m->len == m->cap) {
		if (m->head > m->cap / 2) {          /* reuse the space taken off the front */
			memmove(m->v, m->v + m->head, (size_t)m->len * sizeof *m->v);
			m->head = 0;
		} else if (!vec_reserve((void **)&m->v, &m->cap, m->cap + 1, sizeof *m->v)) {
			engine_oom();
		}
	}
	m->v[m->head + m->len++] = *msg;
}

struct msg *mbox_at(const struct mbox *m, uint32_t i)
{
	return i < m->len ? &m->v[m->head + i] : NULL;
}

void mbox_remove(struct mbox *m, uint32_t i)
{
	if (i == 0) {
		m->head++;
	} else if (i < m->len) {
		memmove(&m->v[m->head + i], &m->v[m->head + i + 1],
		        (size_t)(m->len - i - 1) * sizeof *m->v);
	}
	m->len--;
	if (m->len == 0)
		m->head = 0;
}

void mbox_free(struct mbox *m)
{
	free(m->v);
	memset(m, 0, sizeof *m);
}

bool mbox_clone(struct mbox *dst, const struct mbox *src)
{
	*dst = *src;
	dst->v = NULL;
	dst->head = 0;
	dst->cap = 0;
	if (src->len == 0)
		return true;
	dst->v = malloc((size_t)src->len * sizeof *dst->v);
	if (!dst->v)
		return false;
	memcpy(dst->v, src->v + src->head, (size_t)src->len * sizeof *dst->v);
	dst->cap = src->len;
	return true;
}
