/*
** json_lex.c - the loader's strict JSON lexer and its line table (see
** json_lex.h).
*/
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_lex.h"

bool jlex_is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool jlex_is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Length of the valid UTF-8 sequence at p (at most avail bytes), or 0. */
static size_t utf8_valid(const unsigned char *p, size_t avail)
{
	unsigned char c = p[0];
	size_t len;
	uint32_t cp, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, cp = c & 0x1Fu, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, cp = c & 0x0Fu, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, cp = c & 0x07u, min = 0x10000;
	} else {
		return 0;
	}
	if (avail < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[k] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

static void add_line(struct jlex *x, size_t start)
{
	struct scn_json *j = &x->L->json;
	uint32_t *lines = scn_grow(x->L, j->lines, &j->linecap, j->nlines + 1, sizeof *lines);
	if (!lines) {
		x->failed = true;
		return;
	}
	j->lines = lines;
	j->lines[j->nlines++] = (uint32_t)start;
}

/* Reports "FILE:LINE:COL: error: PREFIX MESSAGE" at offset `at`; returns false. */
static bool vreport(struct jlex *x, size_t at, const char *prefix, const char *fmt, va_list ap)
{
	char msg[192];
	vsnprintf(msg, sizeof msg, fmt, ap);
	uint32_t line, col;
	scn_json_linecol(x->L, at, &line, &col);
	scn_err_line(x->L, at, "%s:%u:%u: error: %s%s", x->L->label, (unsigned)line,
	             (unsigned)col, prefix, msg);
	x->failed = true;
	return false;
}

bool jlex_error(struct jlex *x, size_t at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	return vreport(x, at, "", fmt, ap) || (va_end(ap), false);
}

bool jlex_syntax_error(struct jlex *x, size_t at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	return vreport(x, at, "invalid JSON: ", fmt, ap) || (va_end(ap), false);
}
#define syntax_error jlex_syntax_error

/* Names the byte(s) at position i ("character 'x'", "byte 0x00") into buf;
** returns a hint for the usual mistakes: "" or "; ...". */
static const char *describe_char(const struct jlex *x, size_t i, char *buf, size_t cap)
{
	const unsigned char *c = x->s + i;
	size_t k = c[0] >= 0x80 ? utf8_valid(c, x->n - i) : 0;
	if (c[0] > 0x20 && c[0] < 0x7f)
		snprintf(buf, cap, "character '%c'", c[0]);
	else if (k)
		snprintf(buf, cap, "character '%.*s'", (int)k, (const char *)c);
	else
		snprintf(buf, cap, "byte 0x%02X", c[0]);
	if (c[0] == '\'')
		return "; JSON strings need double quotes";
	if (c[0] == '/' || c[0] == '#')
		return "; JSON has no comments";
	if (k == 3 && c[0] == 0xE2 && c[1] == 0x80 && c[2] >= 0x98 && c[2] <= 0x9D)
		return "; use plain double quotes";   /* typographic quotes */
	return "";
}

/* Reports the byte at x->i (or the end of the file) where `expected` was. */
bool jlex_unexpected(struct jlex *x, const char *expected)
{
	if (x->i >= x->n) {
		size_t end = x->n;   /* just after the last token */
		while (end > 0 && is_ws(x->s[end - 1]))
			end--;
		return syntax_error(x, end, "unexpected end of file (expected %s)", expected);
	}
	char what[32];
	const char *hint = describe_char(x, x->i, what, sizeof what);
	return syntax_error(x, x->i, "unexpected %s (expected %s%s)", what, expected, hint);
}

void jlex_skip_ws(struct jlex *x)
{
	while (x->i < x->n && is_ws(x->s[x->i])) {
		if (x->s[x->i++] == '\n')
			add_line(x, x->i);
	}
}

static bool hex4(const struct jlex *x, size_t at, uint32_t *cp)
{
	if (at > x->n || x->n - at < 4)
		return false;
	*cp = 0;
	for (size_t k = 0; k < 4; k++) {
		unsigned char c = x->s[at + k], lc = (unsigned char)(c | 0x20);
		uint32_t v;
		if (jlex_is_digit(c))
			v = c - '0';
		else if (lc >= 'a' && lc <= 'f')
			v = (uint32_t)(lc - 'a' + 10);
		else
			return false;
		*cp = *cp << 4 | v;
	}
	return true;
}

/* An escape at x->i (the backslash) inside the string opened at `open`. */
static bool lex_escape(struct jlex *x, size_t open)
{
	size_t at = x->i;
	if (x->n - at < 2)
		return syntax_error(x, open, "unterminated string");
	unsigned char e = x->s[at + 1];
	if (e && strchr("\"\\/bfnrt", e)) {
		x->i += 2;
		return true;
	}
	if (e != 'u') {
		if (e > 0x20 && e < 0x7f)
			return syntax_error(x, at, "invalid escape '\\%c' in a string", e);
		return syntax_error(x, at, "invalid escape in a string");
	}
	uint32_t cp, low;
	if (!hex4(x, at + 2, &cp))
		return syntax_error(x, at, "invalid \\u escape: expected 4 hex digits");
	x->i += 6;
	if (cp == 0)
		return syntax_error(x, at, "\\u0000 is not supported in strings");
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return syntax_error(x, at, "invalid \\u escape: unpaired surrogate");
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (x->n - x->i < 6 || x->s[x->i] != '\\' || x->s[x->i + 1] != 'u' ||
		    !hex4(x, x->i + 2, &low) || low < 0xDC00 || low > 0xDFFF)
			return syntax_error(x, at, "invalid \\u escape: unpaired surrogate");
		x->i += 6;
	}
	return true;
}

/* The string at x->i (the opening quote); on success x->i is past the
** closing quote and x->escaped says whether it had an escape. */
bool jlex_string(struct jlex *x)
{
	size_t open = x->i++;
	const unsigned char *s = x->s;
	x->escaped = false;
	while (x->i < x->n) {
		unsigned char c = s[x->i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			x->i++;
		} else if (c == '"') {
			x->i++;
			return true;
		} else if (c == '\\') {
			x->escaped = true;
			if (!lex_escape(x, open))
				return false;
		} else if (c == '\n' || c == '\r') {
			return syntax_error(x, open, "unterminated string (a string cannot "
			                    "contain a line break; write \\n)");
		} else if (c < 0x20) {
			return syntax_error(x, x->i, "control character 0x%02X in a string "
			                    "(write it as an escape)", c);
		} else {
			size_t k = utf8_valid(s + x->i, x->n - x->i);
			if (!k)
				return syntax_error(x, x->i, "invalid UTF-8 byte 0x%02X in a string", c);
			x->i += k;
		}
	}
	return syntax_error(x, open, "unterminated string");
}

static bool lex_digits(struct jlex *x, const char *where)
{
	if (x->i >= x->n || !jlex_is_digit(x->s[x->i]))
		return syntax_error(x, x->i, "invalid number: expected a digit %s", where);
	while (x->i < x->n && jlex_is_digit(x->s[x->i]))
		x->i++;
	return true;
}

/* A number at x->i; *integer says it has no fraction and no exponent. */
bool jlex_number(struct jlex *x, bool *integer)
{
	size_t start = x->i;
	*integer = true;
	if (x->s[x->i] == '-')
		x->i++;
	if (x->i < x->n && x->s[x->i] == '0') {
		x->i++;
		if (x->i < x->n && jlex_is_digit(x->s[x->i]))
			return syntax_error(x, start, "invalid number: leading zeros are not allowed");
	} else if (!lex_digits(x, "after '-'")) {
		return false;
	}
	if (x->i < x->n && x->s[x->i] == '.') {
		*integer = false;
		x->i++;
		if (!lex_digits(x, "after '.'"))
			return false;
	}
	if (x->i < x->n && (x->s[x->i] == 'e' || x->s[x->i] == 'E')) {
		*integer = false;
		x->i++;
		if (x->i < x->n && (x->s[x->i] == '+' || x->s[x->i] == '-'))
			x->i++;
		if (!lex_digits(x, "in the exponent"))
			return false;
	}
	return true;
}

bool jlex_word(struct jlex *x, int *word)
{
	static const char *const words[] = {"null", "false", "true"};
	size_t start = x->i;
	while (x->i < x->n && (jlex_is_alpha(x->s[x->i]) || jlex_is_digit(x->s[x->i]) || x->s[x->i] == '_'))
		x->i++;
	size_t len = x->i - start;
	const char *w = (const char *)x->s + start;
	for (int k = 0; k < 3; k++) {
		if (len == strlen(words[k]) && !memcmp(w, words[k], len)) {
			*word = k;
			return true;
		}
	}
	return syntax_error(x, start, "unexpected word '%.*s%s' (JSON words are true, false "
	                    "and null; strings need double quotes)", len > 24 ? 24 : (int)len,
	                    w, len > 24 ? "..." : "");
}

/* Appends the UTF-8 encoding of cp to *out. */
static void put_utf8(char **out, uint32_t cp)
{
	unsigned char *o = (unsigned char *)*out;
	if (cp < 0x80) {
		*o++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*o++ = (unsigned char)(0xC0 | cp >> 6);
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (unsigned char)(0xE0 | cp >> 12);
		*o++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (unsigned char)(0xF0 | cp >> 18);
		*o++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		*o++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	*out = (char *)o;
}

size_t jlex_decode(const struct jlex *x, size_t open, size_t end, char *out)
{
	const unsigned char *s = x->s + open + 1, *e = x->s + end - 1;
	if (!x->escaped) {
		memcpy(out, s, (size_t)(e - s));
		return (size_t)(e - s);
	}
	char *o = out;
	while (s < e) {
		if (*s != '\\') {
			*o++ = (char)*s++;
			continue;
		}
		unsigned char c = s[1];
		s += 2;
		switch (c) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			uint32_t cp = 0, low = 0;
			hex4(x, (size_t)(s - x->s), &cp);   /* checked by lex_escape */
			s += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				hex4(x, (size_t)(s + 2 - x->s), &low);
				s += 6;
				cp = 0x10000 + ((cp & 0x3FF) << 10 | (low & 0x3FF));
			}
			put_utf8(&o, cp);
			break;
		}
		default: *o++ = (char)c; break;   /* " \ / */
		}
	}
	return (size_t)(o - out);
}

bool jlex_number_value(struct jlex *x, size_t start, bool integer, double *d)
{
	const char *t = (const char *)x->s + start;
	size_t len = x->i - start;
	bool neg = t[0] == '-';
	if (integer && len - neg <= 15) {   /* exact in a double: no strtod needed */
		uint64_t u = 0;
		for (size_t k = neg; k < len; k++)
			u = u * 10 + (uint64_t)(t[k] - '0');
		*d = neg ? -(double)u : (double)u;
		return true;
	}
	char small[64], *buf = len < sizeof small ? small : malloc(len + 1);
	if (!buf) {
		x->L->oom = true;
		x->failed = true;
		return false;
	}
	for (size_t k = 0; k < len; k++)
		buf[k] = t[k] == '.' ? x->decimal_point : t[k];
	buf[len] = '\0';
	*d = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	return true;
}

/* {=== positions ===} */

void scn_json_linecol(const struct scn_loader *L, size_t offset, uint32_t *line, uint32_t *col)
{
	const struct scn_json *j = &L->json;
	size_t lo = 0, hi = j->nlines;   /* find the last line starting at or before offset */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (j->lines[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = (uint32_t)lo + 1;
	*col = (uint32_t)(offset - (j->nlines ? j->lines[lo] : 0)) + 1;
}

void scn_json_free(struct scn_json *j)
{
	free(j->lines);
	free(j->dups);
	memset(j, 0, sizeof *j);
}


/* {=== starting and ending ===} */

void jlex_start(struct jlex *x, struct scn_loader *L)
{
	memset(x, 0, sizeof *x);
	x->L = L;
	x->s = (const unsigned char *)L->text;
	x->n = L->len;
	const struct lconv *lc = localeconv();
	x->decimal_point = lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';
	add_line(x, 0);
	if (x->n >= 3 && !memcmp(x->s, "\xEF\xBB\xBF", 3))   /* a UTF-8 BOM: cJSON skips it too */
		x->i = 3;
}

bool jlex_trailing(struct jlex *x)
{
	char what[32];
	describe_char(x, x->i, what, sizeof what);
	return syntax_error(x, x->i, "unexpected %s after the end of the JSON value", what);
}
