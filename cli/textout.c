/*
** textout.c - scenario text made safe for a terminal (see textout.h).
*/
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "textout.h"

#define ELLIPSIS "\xe2\x80\xa6"   /* U+2026, one column, three bytes */
#define ELLIPSIS_BYTES 3

/* One character of the output: its bytes and the columns it takes. */
struct piece {
	char text[12];
	size_t len, cols;
};

/* Code points that are printable UTF-8 but act on a terminal or reorder
** the line: C1 controls, LINE/PARAGRAPH SEPARATOR, bidi embeddings,
** overrides and isolates. */
static int is_hidden(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The code point of the valid UTF-8 sequence at p, or -1; *n its length. */
static int32_t decode(const unsigned char *p, size_t *n)
{
	unsigned char b = p[0];
	uint32_t cp;
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;   /* bounds of the second byte */
	if (b >= 0xc2 && b <= 0xdf) {
		len = 2;
		cp = b & 0x1fu;
	} else if (b >= 0xe0 && b <= 0xef) {
		len = 3;
		cp = b & 0x0fu;
		if (b == 0xe0)
			lo = 0xa0;              /* no overlong forms */
		else if (b == 0xed)
			hi = 0x9f;              /* no surrogates */
	} else if (b >= 0xf0 && b <= 0xf4) {
		len = 4;
		cp = b & 0x07u;
		if (b == 0xf0)
			lo = 0x90;
		else if (b == 0xf4)
			hi = 0x8f;              /* nothing above U+10FFFF */
	} else {
		return -1;
	}
	for (size_t i = 1; i < len; i++) {
		unsigned char c = p[i];   /* a NUL ends the loop: it is no continuation */
		if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xbf))
			return -1;
		cp = cp << 6 | (c & 0x3fu);
	}
	*n = len;
	return (int32_t)cp;
}

/* Reads the character at *p (not NUL), advances *p and fills pc. */
static void next_piece(const unsigned char **p, struct piece *pc)
{
	static const char short_esc[] = "\aa\bb\tt\nn\vv\ff\rr\x1b" "e";
	unsigned char b = **p;
	if (b < 0x20 || b == 0x7f) {
		const char *e = b ? strchr(short_esc, b) : NULL;
		if (e && (e - short_esc) % 2 == 0)
			pc->len = (size_t)snprintf(pc->text, sizeof pc->text, "\\%c", e[1]);
		else
			pc->len = (size_t)snprintf(pc->text, sizeof pc->text, "\\x%02x", b);
		*p += 1;
	} else if (b < 0x80) {
		pc->text[0] = (char)b;
		pc->len = 1;
		*p += 1;
	} else {
		size_t n;
		int32_t cp = decode(*p, &n);
		if (cp < 0) {
			pc->len = (size_t)snprintf(pc->text, sizeof pc->text, "\\x%02x", b);
			*p += 1;
		} else if (is_hidden((uint32_t)cp)) {
			pc->len = (size_t)snprintf(pc->text, sizeof pc->text, "\\u{%04x}", (unsigned)cp);
			*p += n;
		} else {
			memcpy(pc->text, *p, n);
			pc->len = n;
			pc->cols = 1;   /* a code point is one column */
			*p += n;
			return;
		}
	}
	pc->cols = pc->len;
}

/* Where the escaped text goes: a FILE, or a buffer of `size` bytes. */
struct sink {
	FILE *f;
	char *buf;
	size_t len, cols;
};

static void emit(struct sink *k, const char *text, size_t len, size_t cols)
{
	if (k->f) {
		fwrite(text, 1, len, k->f);
	} else {
		memcpy(k->buf + k->len, text, len);
		k->buf[k->len + len] = '\0';
	}
	k->len += len;
	k->cols += cols;
}

/* Writes s into k within max columns (0: any) and room bytes (SIZE_MAX:
** any), cut with an ellipsis when the whole text does not fit. */
static void put(struct sink *k, const char *s, size_t max, size_t room)
{
	if (!s)
		return;
	if (max == 0)
		max = SIZE_MAX;
	struct piece pc;
	size_t cols = 0, bytes = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {   /* does all of it fit? */
		next_piece(&p, &pc);
		cols += pc.cols;
		bytes += pc.len;
		if (cols > max || bytes > room)
			break;
	}
	bool cut = *p || cols > max || bytes > room;
	size_t max_cols = cut ? max - 1 : max;
	size_t max_bytes = cut ? (room >= ELLIPSIS_BYTES ? room - ELLIPSIS_BYTES : 0) : room;
	cols = bytes = 0;
	p = (const unsigned char *)s;
	while (*p) {
		next_piece(&p, &pc);
		if (cols + pc.cols > max_cols || bytes + pc.len > max_bytes)
			break;
		emit(k, pc.text, pc.len, pc.cols);
		cols += pc.cols;
		bytes += pc.len;
	}
	if (cut && room >= ELLIPSIS_BYTES)
		emit(k, ELLIPSIS, ELLIPSIS_BYTES, 1);
}

size_t textout_put(FILE *f, const char *s, size_t max)
{
	struct sink k = { .f = f };
	put(&k, s, max, SIZE_MAX);
	return k.cols;
}

void textout_pad(FILE *f, const char *s, size_t max, size_t width)
{
	for (size_t cols = textout_put(f, s, max); cols < width; cols++)
		fputc(' ', f);
}

char *textout_str(char *buf, size_t size, const char *s, size_t max)
{
	struct sink k = { .buf = buf };
	buf[0] = '\0';
	put(&k, s, max, size - 1);
	return buf;
}
