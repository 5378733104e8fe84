/*
** jsonout.h - JSON text written piece by piece (internal to sim/): the
** --summary and --trace writers share its string escaping and number
** format.
**
** A jout writes either to a FILE (`f` set) or into a growable buffer
** (`f` NULL), which the trace writer uses to measure a record before it
** writes it.  With a FILE the text is still gathered in `buf` and written
** in pieces of about JOUT_FILE_BUFFER bytes (one locked fwrite per
** piece, not per value): call jout_flush at the end.  Errors are sticky:
** after a failed write or allocation every call does nothing and
** `failed` stays true.  free(o->buf) when done.
*/
#ifndef BEAMSIM_JSONOUT_H
#define BEAMSIM_JSONOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JOUT_FILE_BUFFER (64u << 10)

struct jout {
	FILE *f;                 /* NULL: into buf */
	char *buf;               /* NUL-terminated when len > 0; owned, free() it */
	size_t len, cap;
	bool failed;             /* a write or an allocation failed */
	bool oom;                /* it was an allocation */
	int err;                 /* else the errno of the failed write */
};

void jout_printf(struct jout *o, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void jout_puts(struct jout *o, const char *s);
/* Writes what is gathered to the FILE (nothing in buffer mode); returns
** !o->failed. */
bool jout_flush(struct jout *o);
/* s as a JSON string, escaped as cJSON_Print does (\" \\ \b \f \n \r \t,
** other controls as \u00XX, everything else as it is); NULL as "". */
void jout_string(struct jout *o, const char *s);
/* An integer, exactly. */
void jout_uint(struct jout *o, uint64_t v);
/* A double as cJSON_Print writes it: %1.15g, or %1.17g when that does
** not read back as the same number; null for NaN and infinities. */
void jout_double(struct jout *o, double d);

#endif
