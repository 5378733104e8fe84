/* jsonout.c - JSON text written piece by piece (see jsonout.h). */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"

/* Room for n more bytes and the NUL in the buffer. */
static bool reserve(struct jout *o, size_t n)
{
	if (o->cap - o->len > n)
		return true;
	size_t cap = o->cap ? o->cap : 256;
	while (cap - o->len <= n) {
		if (cap > SIZE_MAX / 2) {
			o->failed = o->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *b = realloc(o->buf, cap);
	if (!b) {
		o->failed = o->oom = true;
		return false;
	}
	o->buf = b;
	o->cap = cap;
	return true;
}

bool jout_flush(struct jout *o)
{
	if (o->f && o->len && !o->failed && fwrite(o->buf, 1, o->len, o->f) != o->len) {
		o->failed = true;
		o->err = errno;
	}
	if (o->f)
		o->len = 0;
	return !o->failed;
}

static void put(struct jout *o, const char *p, size_t n)
{
	if (o->failed || n == 0)
		return;
	if (o->f && o->len + n > JOUT_FILE_BUFFER) {
		jout_flush(o);
		if (n > JOUT_FILE_BUFFER) {   /* a long string: straight to the file */
			if (!o->failed && fwrite(p, 1, n, o->f) != n) {
				o->failed = true;
				o->err = errno;
			}
			return;
		}
	}
	if (!reserve(o, n))
		return;
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void jout_printf(struct jout *o, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->failed = true;
		return;
	}
	if ((size_t)n < sizeof small) {
		put(o, small, (size_t)n);
		return;
	}
	if (o->failed)
		return;
	if (!reserve(o, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

void jout_puts(struct jout *o, const char *s)
{
	put(o, s, strlen(s));
}

void jout_string(struct jout *o, const char *s)
{
	static const char short_esc[] = "\"\"\\\\\bb\ff\nn\rr\tt";
	put(o, "\"", 1);
	const char *run = s ? s : "";
	for (const char *p = run; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(o, run, (size_t)(p - run));   /* the plain text before this character */
		run = p + 1;
		const char *e = strchr(short_esc, c);
		char esc[8];
		if (e && (e - short_esc) % 2 == 0)
			snprintf(esc, sizeof esc, "\\%c", e[1]);
		else
			snprintf(esc, sizeof esc, "\\u%04x", c);
		jout_puts(o, esc);
	}
	jout_puts(o, run);
	put(o, "\"", 1);
}

void jout_uint(struct jout *o, uint64_t v)
{
	jout_printf(o, "%" PRIu64, v);
}

/* cJSON's test that a printed number reads back as the same one. */
static bool same_double(double a, double b)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= m * DBL_EPSILON;
}

void jout_double(struct jout *o, double d)
{
	char buf[32];
	double back;
	if (isnan(d) || isinf(d)) {
		jout_puts(o, "null");
		return;
	}
	snprintf(buf, sizeof buf, "%1.15g", d);
	if (sscanf(buf, "%lg", &back) != 1 || !same_double(back, d))
		snprintf(buf, sizeof buf, "%1.17g", d);
	jout_puts(o, buf);
}
