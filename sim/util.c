/* util.c - growable arrays and the engine's out-of-memory policy. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* Where engine_oom jumps instead of aborting, NULL when it aborts (see
** engine_oom_catch).  The only state outside struct sim: engine_oom is
** called deep inside modules that do not carry the engine.  Thread-local,
** so engines created on different threads never share it. */
static _Thread_local jmp_buf *oom_catch;

bool vec_reserve(void **pv, uint32_t *cap, uint32_t need, size_t sz)
{
	if (need <= *cap)
		return true;
	uint64_t ncap = *cap ? (uint64_t)*cap * 2 : 4;
	while (ncap < need)
		ncap *= 2;
	if (ncap > UINT32_MAX)
		ncap = UINT32_MAX;
	if (ncap < need)
		return false;
	void *nv = realloc(*pv, (size_t)ncap * sz);
	if (!nv)
		return false;
	*pv = nv;
	*cap = (uint32_t)ncap;
	return true;
}

bool vec_dup(void **dst, const void *src, size_t n, size_t sz, size_t *bytes)
{
	*dst = NULL;
	if (n == 0)
		return true;
	*dst = malloc(n * sz);
	if (!*dst)
		return false;
	memcpy(*dst, src, n * sz);
	*bytes += n * sz;
	return true;
}

void engine_oom_catch(jmp_buf *env)
{
	oom_catch = env;
}

_Noreturn void engine_oom(void)
{
	jmp_buf *env = oom_catch;
	if (env) {
		oom_catch = NULL;
		longjmp(*env, 1);
	}
	fputs("beamsim: out of memory\n", stderr);
	abort();
}

_Noreturn void engine_assert_fail(const char *cond, const char *file, int line)
{
	fprintf(stderr, "beamsim: internal error: %s:%d: %s does not hold\n", file, line, cond);
	abort();
}

void sigbuf_push(struct sigbuf *b, const struct signal *sg)
{
	if (!VEC_PUSH(b->v, b->n, b->cap, *sg))
		engine_oom();
}
