/*
** scenario_json.c - the JSON layer of the loader: a strict parser with
** exact positions that builds the cJSON tree itself, short renderings of
** values for messages, and pattern matching (scn_match_json).
**
** Why not cJSON_Parse: cJSON's stop position is off by one in some cases
** ({a:1} stops at ':'), it says nothing about *what* is wrong, it accepts
** some invalid JSON (01, raw control characters, invalid UTF-8, "\u0000"
** which would cut a C string short), and it mallocs every node and string
** (most of the load time of a big file, and as much again to free them).
** The parser here is RFC 8259 strict, enforces SIM_MAX_NESTING before any
** recursion can go deep, and makes the same tree cJSON would (types,
** strings, valuedouble, valueint, next/prev/child) in one pass, with every
** node and string in the scenario's arena.  Each node is followed by the
** byte offset of its value, so messages quote numbers as written (1e400,
** not "null") and ops know their line without any lookup table.
**
** The tree must never be given to cJSON_Delete: it is freed with the arena.
*/
#include <cjson/cJSON.h>
#include <limits.h>
#include <locale.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

/* {=== the syntax check ===} */

struct lexer {
	struct scn_loader *L;
	const unsigned char *s;
	size_t n, i;             /* length, position */
	bool failed;             /* an error was reported (or ENOMEM) */
	bool escaped;            /* the last string had an escape */
	char *cur, *end;         /* free space of the current arena chunk */
	char decimal_point;      /* the C library's, as cJSON uses it for strtod */
};

/* A tree node: cJSON's node and where its value starts in the text. */
struct scn_node {
	cJSON j;
	uint32_t off;
	uint32_t count;          /* children of an array or object */
};

#define CHUNK (256u * 1024u)     /* arena memory taken at a time for the tree */

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

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

static void add_line(struct lexer *x, size_t start)
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
static bool report(struct lexer *x, size_t at, const char *prefix, const char *fmt, ...)
	SCN_PRINTF(4, 5);
static bool report(struct lexer *x, size_t at, const char *prefix, const char *fmt, ...)
{
	char msg[192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	uint32_t line, col;
	scn_json_linecol(x->L, at, &line, &col);
	scn_err_line(x->L, at, "%s:%u:%u: error: %s%s", x->L->label, (unsigned)line,
	             (unsigned)col, prefix, msg);
	x->failed = true;
	return false;
}
#define syntax_error(x, at, ...) report((x), (at), "invalid JSON: ", __VA_ARGS__)

/* Names the byte(s) at position i ("character 'x'", "byte 0x00") into buf;
** returns a hint for the usual mistakes: "" or "; ...". */
static const char *describe_char(const struct lexer *x, size_t i, char *buf, size_t cap)
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
static bool unexpected(struct lexer *x, const char *expected)
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

static void skip_ws(struct lexer *x)
{
	while (x->i < x->n && is_ws(x->s[x->i])) {
		if (x->s[x->i++] == '\n')
			add_line(x, x->i);
	}
}

static bool hex4(const struct lexer *x, size_t at, uint32_t *cp)
{
	if (at > x->n || x->n - at < 4)
		return false;
	*cp = 0;
	for (size_t k = 0; k < 4; k++) {
		unsigned char c = x->s[at + k], lc = (unsigned char)(c | 0x20);
		uint32_t v;
		if (is_digit(c))
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
static bool lex_escape(struct lexer *x, size_t open)
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
static bool lex_string(struct lexer *x)
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

static bool lex_digits(struct lexer *x, const char *where)
{
	if (x->i >= x->n || !is_digit(x->s[x->i]))
		return syntax_error(x, x->i, "invalid number: expected a digit %s", where);
	while (x->i < x->n && is_digit(x->s[x->i]))
		x->i++;
	return true;
}

/* A number at x->i; *integer says it has no fraction and no exponent. */
static bool lex_number(struct lexer *x, bool *integer)
{
	size_t start = x->i;
	*integer = true;
	if (x->s[x->i] == '-')
		x->i++;
	if (x->i < x->n && x->s[x->i] == '0') {
		x->i++;
		if (x->i < x->n && is_digit(x->s[x->i]))
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

/* true, false, null (their cJSON type); any other word is an error (0). */
static int lex_word(struct lexer *x)
{
	size_t start = x->i;
	while (x->i < x->n && (is_alpha(x->s[x->i]) || is_digit(x->s[x->i]) || x->s[x->i] == '_'))
		x->i++;
	size_t len = x->i - start;
	const char *w = (const char *)x->s + start;
	if (len == 4 && !memcmp(w, "true", 4))
		return cJSON_True;
	if (len == 5 && !memcmp(w, "false", 5))
		return cJSON_False;
	if (len == 4 && !memcmp(w, "null", 4))
		return cJSON_NULL;
	syntax_error(x, start, "unexpected word '%.*s%s' (JSON words are true, false "
	             "and null; strings need double quotes)", len > 24 ? 24 : (int)len,
	             w, len > 24 ? "..." : "");
	return 0;
}

/* {=== building the tree ===} */

/* `bytes` of arena memory aligned to `align` (a power of two <= 16). */
static void *take(struct lexer *x, size_t bytes, size_t align)
{
	uintptr_t p = ((uintptr_t)x->cur + (align - 1)) & ~(uintptr_t)(align - 1);
	if (!x->cur || bytes > (size_t)((uintptr_t)x->end - p)) {
		size_t chunk = bytes > CHUNK ? bytes : CHUNK;
		char *c = scn_alloc(x->L, chunk, 1);   /* aligned for any type */
		if (!c) {
			x->failed = true;
			return NULL;
		}
		x->end = c + chunk;
		p = (uintptr_t)c;
	}
	x->cur = (char *)(p + bytes);
	return (void *)p;
}

static cJSON *new_node(struct lexer *x, int type, size_t off)
{
	struct scn_node *n = take(x, sizeof *n, alignof(struct scn_node));
	if (!n)
		return NULL;
	memset(&n->j, 0, sizeof n->j);
	n->j.type = type;
	n->off = (uint32_t)off;
	n->count = 0;
	return &n->j;
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

/* The value of the string lexed from `open` (its quote) to x->i (past the
** closing quote), escapes decoded as cJSON decodes them. */
static char *make_string(struct lexer *x, size_t open)
{
	const unsigned char *s = x->s + open + 1, *e = x->s + x->i - 1;
	size_t len = (size_t)(e - s);   /* escapes only shrink */
	char *out = take(x, len + 1, 1);
	if (!out)
		return NULL;
	if (!x->escaped) {
		memcpy(out, s, len);
		out[len] = '\0';
		return out;
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
	*o = '\0';
	return out;
}

/* The number lexed from `start` to x->i, as cJSON stores it. */
static void set_number(struct lexer *x, cJSON *node, size_t start, bool integer)
{
	const char *t = (const char *)x->s + start;
	size_t len = x->i - start;
	double d;
	bool neg = t[0] == '-';
	if (integer && len - neg <= 15) {   /* exact in a double: no strtod needed */
		uint64_t u = 0;
		for (size_t k = neg; k < len; k++)
			u = u * 10 + (uint64_t)(t[k] - '0');
		d = neg ? -(double)u : (double)u;
	} else {
		char small[64], *buf = len < sizeof small ? small : malloc(len + 1);
		if (!buf) {
			x->L->oom = true;
			x->failed = true;
			return;
		}
		for (size_t k = 0; k < len; k++)
			buf[k] = t[k] == '.' ? x->decimal_point : t[k];
		buf[len] = '\0';
		d = strtod(buf, NULL);
		if (buf != small)
			free(buf);
	}
	node->valuedouble = d;
	if (d >= INT_MAX)
		node->valueint = INT_MAX;
	else if (d <= (double)INT_MIN)
		node->valueint = INT_MIN;
	else
		node->valueint = (int)d;
}

static cJSON *lex_value(struct lexer *x, int depth);

/* An object or array at x->i; `depth` counts it. */
static cJSON *lex_container(struct lexer *x, int depth)
{
	const bool object = x->s[x->i] == '{';
	const char close = object ? '}' : ']';
	if (depth > SIM_MAX_NESTING) {
		report(x, x->i, "", "nesting deeper than %d levels of arrays and objects",
		       SIM_MAX_NESTING);
		return NULL;
	}
	cJSON *node = new_node(x, object ? cJSON_Object : cJSON_Array, x->i), *last = NULL;
	if (!node)
		return NULL;
	x->i++;
	skip_ws(x);
	if (x->i < x->n && x->s[x->i] == close) {
		x->i++;
		return node;
	}
	for (;;) {
		char *key = NULL;
		if (object) {
			skip_ws(x);
			if (x->i >= x->n || x->s[x->i] != '"') {
				unexpected(x, "a key in double quotes");
				return NULL;
			}
			size_t open = x->i;
			if (!lex_string(x) || !(key = make_string(x, open)))
				return NULL;
			skip_ws(x);
			if (x->i >= x->n || x->s[x->i] != ':') {
				unexpected(x, "':' after the key");
				return NULL;
			}
			x->i++;
		}
		cJSON *item = lex_value(x, depth);
		if (!item)
			return NULL;
		item->string = key;
		if (last) {
			last->next = item;
			item->prev = last;
		} else {
			node->child = item;
		}
		last = item;
		node->child->prev = last;   /* as cJSON: the first child's prev is the last */
		((struct scn_node *)node)->count++;
		skip_ws(x);
		if (x->i < x->n && x->s[x->i] == close) {
			x->i++;
			return node;
		}
		if (x->i >= x->n || x->s[x->i] != ',') {
			bool value_next = x->i < x->n && x->s[x->i] &&
			                  strchr("\"{[-0123456789tfn", x->s[x->i]);
			if (object)
				unexpected(x, value_next ? "',' or '}': missing comma?" : "',' or '}'");
			else
				unexpected(x, value_next ? "',' or ']': missing comma?" : "',' or ']'");
			return NULL;
		}
		size_t comma = x->i++;
		skip_ws(x);
		if (x->i < x->n && x->s[x->i] == close) {
			syntax_error(x, comma, "trailing comma before '%c'", close);
			return NULL;
		}
	}
}

/* The value at x->i (after white space); NULL after an error. */
static cJSON *lex_value(struct lexer *x, int depth)
{
	skip_ws(x);
	if (x->failed)
		return NULL;
	if (x->i >= x->n) {
		unexpected(x, "a value");
		return NULL;
	}
	size_t start = x->i;
	unsigned char c = x->s[start];
	cJSON *node;
	if (c == '{' || c == '[')
		return lex_container(x, depth + 1);
	if (c == '"') {
		if (!lex_string(x) || !(node = new_node(x, cJSON_String, start)))
			return NULL;
		node->valuestring = make_string(x, start);
		return node->valuestring ? node : NULL;
	}
	if (c == '-' || is_digit(c)) {
		bool integer;
		if (!lex_number(x, &integer) || !(node = new_node(x, cJSON_Number, start)))
			return NULL;
		set_number(x, node, start, integer);
		return x->failed ? NULL : node;
	}
	if (is_alpha(c)) {
		int type = lex_word(x);
		if (!type || !(node = new_node(x, type, start)))
			return NULL;
		node->valueint = type == cJSON_True;   /* as cJSON */
		return node;
	}
	unexpected(x, "a value");
	return NULL;
}

/* {=== positions ===} */

size_t scn_json_offset(const struct scn_loader *L, const cJSON *node)
{
	(void)L;
	return node ? ((const struct scn_node *)node)->off : 0;
}

size_t scn_json_count(const cJSON *node)
{
	return node ? ((const struct scn_node *)node)->count : 0;
}

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
	memset(j, 0, sizeof *j);
}

/* {=== parsing ===} */

cJSON *scn_json_parse(struct scn_loader *L)
{
	struct lexer x = {.L = L, .s = (const unsigned char *)L->text, .n = L->len};
	const struct lconv *lc = localeconv();
	x.decimal_point = lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';
	add_line(&x, 0);
	if (x.n >= 3 && !memcmp(x.s, "\xEF\xBB\xBF", 3))   /* a UTF-8 BOM: cJSON skips it too */
		x.i = 3;
	skip_ws(&x);
	if (x.failed)
		return NULL;
	if (x.i >= x.n) {
		scn_err_line(L, 0, "%s: error: the file is empty", L->label);
		return NULL;
	}
	cJSON *root = lex_value(&x, 0);
	if (!root)
		return NULL;
	skip_ws(&x);
	if (x.failed)
		return NULL;
	if (x.i < x.n) {
		char what[32];
		describe_char(&x, x.i, what, sizeof what);
		syntax_error(&x, x.i, "unexpected %s after the end of the JSON value", what);
		return NULL;
	}
	return root;
}

/* {=== short renderings for messages ===} */

struct writer {
	char *buf;
	size_t cap, n;
	bool full;
};

static void put(struct writer *w, const char *s, size_t len)
{
	for (size_t i = 0; i < len && !w->full; i++) {
		if (w->n + 1 >= w->cap)
			w->full = true;
		else
			w->buf[w->n++] = s[i];
	}
}

static void put_string(struct writer *w, const char *s)
{
	put(w, "\"", 1);
	for (const unsigned char *c = (const unsigned char *)s; *c && !w->full; c++) {
		char esc[8];
		if (*c == '"' || *c == '\\') {
			snprintf(esc, sizeof esc, "\\%c", *c);
			put(w, esc, 2);
		} else if (*c < 0x20 || *c == 0x7f) {
			snprintf(esc, sizeof esc, "\\u%04x", *c);
			put(w, esc, 6);
		} else {
			put(w, (const char *)c, 1);
		}
	}
	put(w, "\"", 1);
}

static void put_value(const struct scn_loader *L, struct writer *w, const cJSON *v)
{
	if (w->full)
		return;
	if (cJSON_IsString(v)) {
		put_string(w, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		size_t off = scn_json_offset(L, v), end;   /* as written: 1e400, 1.50 */
		for (end = off; end < L->len && L->text[end] &&
		     strchr("+-.eE0123456789", L->text[end]); end++)
			;
		put(w, L->text + off, end - off);
	} else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
		bool object = cJSON_IsObject(v);
		put(w, object ? "{" : "[", 1);
		for (const cJSON *c = v->child; c && !w->full; c = c->next) {
			if (object) {
				put_string(w, c->string);
				put(w, ":", 1);
			}
			put_value(L, w, c);
			if (c->next)
				put(w, ",", 1);
		}
		put(w, object ? "}" : "]", 1);
	} else {
		const char *word = cJSON_IsTrue(v) ? "true" : cJSON_IsFalse(v) ? "false" : "null";
		put(w, word, strlen(word));
	}
}

void scn_json_describe(const struct scn_loader *L, const cJSON *v, char *buf, size_t cap)
{
	/* Values of up to 40 bytes are shown whole, longer ones cut to 30 + "...". */
	char tmp[48];
	struct writer w = {tmp, 42, 0, false};
	put_value(L, &w, v);
	if (w.full) {
		w.n = 30;
		while (w.n > 0 && ((unsigned char)tmp[w.n] & 0xC0) == 0x80)
			w.n--;   /* do not cut a UTF-8 sequence */
		memcpy(tmp + w.n, "...", 3);
		w.n += 3;
	}
	tmp[w.n] = '\0';
	snprintf(buf, cap, "%s", tmp);
}

/* {=== pattern matching ===} */

bool scn_match_json(const cJSON *pattern, const cJSON *value)
{
	if (!pattern)
		return true;
	if (cJSON_IsString(pattern) && strcmp(pattern->valuestring, "_") == 0)
		return true;
	if (!value || (pattern->type & 0xFF) != (value->type & 0xFF))
		return false;
	if (cJSON_IsString(pattern))
		return strcmp(pattern->valuestring, value->valuestring) == 0;
	if (cJSON_IsNumber(pattern))
		return pattern->valuedouble == value->valuedouble;
	if (cJSON_IsArray(pattern)) {
		const cJSON *p = pattern->child, *v = value->child;
		for (; p && v; p = p->next, v = v->next)
			if (!scn_match_json(p, v))
				return false;
		return !p && !v;
	}
	if (cJSON_IsObject(pattern)) {
		for (const cJSON *p = pattern->child; p; p = p->next) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(value, p->string);
			if (!v || !scn_match_json(p, v))
				return false;
		}
		return true;
	}
	return true;   /* true, false, null: equal types are equal values */
}
