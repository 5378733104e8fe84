/*
** term.c - the term encoding (see term.h): building, matching, printing.
*/
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"

enum {
	T_NULL, T_FALSE, T_TRUE,
	T_INT,      /* zigzag varint */
	T_NUM,      /* varint length, text (shorter than NUM_SHORT) */
	T_NUMD,     /* double, varint length, text */
	T_STR,      /* varint length, bytes */
	T_ARR0, T_OBJ0,
	T_ARR, T_OBJ,  /* varint payload size, payload */
	T_PID          /* varint pid (format 1.1 values; never in the file's terms) */
};

#define HDR 6          /* tag and room for the size while a container is open */
#define SIZE_WIDTH 5   /* the size's width when it is not made shorter */
#define NUM_SHORT 24   /* numbers shorter than this are read again when used */

typedef const unsigned char *cur;

static cur at(const struct term *t) { return (cur)t; }

/* {=== building ===} */

/* Room for `more` bytes at b->p + b->n; false (b->oom) if there is none. */
static bool reserve(struct term_buf *b, size_t more)
{
	if (b->oom)
		return false;
	if (b->cap - b->n >= more)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap - b->n < more) {
		if (cap > SIZE_MAX / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	unsigned char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

static void put_byte(struct term_buf *b, unsigned char c)
{
	if (reserve(b, 1))
		b->p[b->n++] = c;
}

static size_t varint_size(uint64_t v)
{
	size_t k = 1;
	for (; v >= 0x80; v >>= 7)
		k++;
	return k;
}

/* v in exactly k bytes (k >= varint_size(v)): padded LEB128. */
static void write_varint(unsigned char *o, uint64_t v, size_t k)
{
	for (size_t i = 0; i + 1 < k; i++, v >>= 7)
		o[i] = (unsigned char)(0x80 | (v & 0x7F));
	o[k - 1] = (unsigned char)v;
}

static void put_varint(struct term_buf *b, uint64_t v)
{
	size_t k = varint_size(v);
	if (reserve(b, k)) {
		write_varint(b->p + b->n, v, k);
		b->n += k;
	}
}

void term_put_word(struct term_buf *b, enum term_word w)
{
	put_byte(b, w == TERM_WORD_TRUE ? T_TRUE : w == TERM_WORD_FALSE ? T_FALSE : T_NULL);
}

void term_put_number(struct term_buf *b, double d, const char *text, size_t len)
{
	bool neg = text[0] == '-';
	bool small = len - neg <= 15 && !(neg && len == 2 && text[1] == '0');
	for (size_t k = neg; k < len && small; k++)
		small = text[k] >= '0' && text[k] <= '9';
	if (small) {   /* an integer that prints as written: zigzag */
		int64_t v = (int64_t)d;
		put_byte(b, T_INT);
		put_varint(b, v < 0 ? ((uint64_t)-(v + 1) << 1 | 1) : (uint64_t)v << 1);
		return;
	}
	put_byte(b, len < NUM_SHORT ? T_NUM : T_NUMD);
	if (len >= NUM_SHORT && reserve(b, sizeof d)) {
		memcpy(b->p + b->n, &d, sizeof d);
		b->n += sizeof d;
	}
	put_varint(b, len);
	if (reserve(b, len)) {
		memcpy(b->p + b->n, text, len);
		b->n += len;
	}
}

size_t term_open(struct term_buf *b, bool object)
{
	size_t opened = b->n;
	if (reserve(b, HDR)) {
		b->p[b->n] = object ? T_OBJ : T_ARR;
		b->n += HDR;
	}
	return opened;
}

void term_close(struct term_buf *b, size_t opened)
{
	if (b->oom)
		return;
	size_t size = b->n - opened - HDR;
	if (size == 0) {   /* empty: the tag alone */
		b->p[opened] = b->p[opened] == T_OBJ ? T_OBJ0 : T_ARR0;
		b->n = opened + 1;
		return;
	}
	size_t k = varint_size(size);
	if (k <= 2) {   /* a small container: its size in 1 or 2 bytes */
		memmove(b->p + opened + 1 + k, b->p + opened + HDR, size);
		b->n -= HDR - 1 - k;
	} else {
		k = SIZE_WIDTH;
	}
	write_varint(b->p + opened + 1, size, k);
}

char *term_str_begin(struct term_buf *b, bool key, size_t max)
{
	if (!key)
		put_byte(b, T_STR);
	size_t k = varint_size(max);
	if (!reserve(b, k + max))
		return NULL;
	b->width = (unsigned char)k;
	b->n += k;
	return (char *)b->p + b->n;
}

void term_str_end(struct term_buf *b, char *start, size_t len)
{
	unsigned char *s = (unsigned char *)start;
	write_varint(s - b->width, len, b->width);
	b->n = (size_t)(s - b->p) + len;
}

static uint64_t get_varint(cur *p)
{
	uint64_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		unsigned char c = *(*p)++;
		v |= (uint64_t)(c & 0x7F) << shift;
		if (!(c & 0x80))
			return v;
	}
}

const char *term_key_at(const struct term_buf *b, size_t off, size_t *len)
{
	cur p = b->p + off;
	*len = (size_t)get_varint(&p);
	return (const char *)p;
}

void term_buf_trim(struct term_buf *b)
{
	if (b->oom || !b->p || b->n == b->cap)
		return;
	unsigned char *p = realloc(b->p, b->n ? b->n : 1);
	if (p) {
		b->p = p;
		b->cap = b->n ? b->n : 1;
	}
}

/* {=== reading ===} */

/* The payload of the container at p; *end is set past it. */
static cur payload(cur p, cur *end)
{
	cur q = p + 1;
	uint64_t size = get_varint(&q);
	*end = q + size;
	return q;
}

/* The value after the one at p. */
static cur skip(cur p)
{
	cur q = p + 1;
	switch (*p) {
	case T_INT: case T_PID: get_varint(&q); return q;
	case T_NUMD: q += sizeof(double); /* fall through */
	case T_NUM: case T_STR: { uint64_t n = get_varint(&q); return q + n; }
	case T_ARR: case T_OBJ: { cur end; payload(p, &end); return end; }
	default: return q;
	}
}

/* The string (or key) whose length starts at *p; *p moves past it. */
static const char *get_str(cur *p, size_t *len)
{
	*len = (size_t)get_varint(p);
	const char *s = (const char *)*p;
	*p += *len;
	return s;
}

static double get_number(cur p)
{
	cur q = p + 1;
	if (*p == T_INT) {
		uint64_t z = get_varint(&q);
		return z & 1 ? -(double)(int64_t)(z >> 1) - 1 : (double)(int64_t)(z >> 1);
	}
	double d;
	if (*p == T_NUMD) {
		memcpy(&d, q, sizeof d);
		return d;
	}
	char buf[NUM_SHORT];
	size_t len;
	const char *s = get_str(&q, &len);
	const struct lconv *lc = localeconv();
	char point = lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';
	for (size_t k = 0; k < len; k++)
		buf[k] = s[k] == '.' ? point : s[k];
	buf[len] = '\0';
	return strtod(buf, NULL);
}

/* The kind of value for matching: 0 null, 1 false, 2 true, 3 number,
** 4 string, 5 array, 6 object, 7 pid. */
static int kind(cur p)
{
	static const int k[] = {0, 1, 2, 3, 3, 3, 4, 5, 6, 5, 6, 7};
	return k[*p];
}

static bool is_any(cur p)
{
	if (*p != T_STR)
		return false;
	size_t len;
	cur q = p + 1;
	const char *s = get_str(&q, &len);
	return len == 1 && s[0] == '_';
}

/* The first member of the object at v whose key is key/len, or NULL. */
static cur member(cur v, const char *key, size_t len)
{
	if (*v != T_OBJ)
		return NULL;
	cur end;
	for (cur m = payload(v, &end); m < end;) {
		size_t klen;
		const char *k = get_str(&m, &klen);
		if (klen == len && memcmp(k, key, len) == 0)
			return m;
		m = skip(m);
	}
	return NULL;
}

static bool match(cur p, cur v)
{
	if (is_any(p))
		return true;
	if (kind(p) != kind(v))
		return false;
	switch (*p) {
	case T_INT: case T_NUM: case T_NUMD:
		return get_number(p) == get_number(v);
	case T_STR: {
		size_t pl, vl;
		cur pp = p + 1, vv = v + 1;
		const char *ps = get_str(&pp, &pl), *vs = get_str(&vv, &vl);
		return pl == vl && memcmp(ps, vs, pl) == 0;
	}
	case T_ARR: {
		if (*v != T_ARR)
			return false;
		cur pe, ve;
		for (p = payload(p, &pe), v = payload(v, &ve); p < pe && v < ve;
		     p = skip(p), v = skip(v))
			if (!match(p, v))
				return false;
		return p == pe && v == ve;
	}
	case T_OBJ: {
		cur end;
		for (cur m = payload(p, &end); m < end; m = skip(m)) {
			size_t klen;
			const char *k = get_str(&m, &klen);
			cur x = member(v, k, klen);
			if (!x || !match(m, x))
				return false;
		}
		return true;
	}
	case T_ARR0:
		return *v == T_ARR0;
	case T_PID: {
		cur pp = p + 1, vv = v + 1;
		return get_varint(&pp) == get_varint(&vv);
	}
	default:
		return true;   /* null, false, true, {}: equal kinds match */
	}
}

bool term_match(const struct term *pattern, const struct term *value)
{
	return !pattern || match(at(pattern), at(value));
}

static bool match_string(cur p, const char *s)
{
	if (*p != T_STR)
		return false;
	size_t len;
	cur q = p + 1;
	const char *ps = get_str(&q, &len);
	return (len == 1 && ps[0] == '_') || (strlen(s) == len && memcmp(ps, s, len) == 0);
}

bool term_match_system(const struct scenario *scn, const struct term *pattern,
                       atom_t tag, atom_t name, atom_t reason)
{
	cur p = at(pattern);
	if (is_any(p))
		return true;
	if (*p != T_ARR)
		return false;
	const atom_t want[3] = {tag, name, reason};
	cur end, e = payload(p, &end);
	for (int i = 0; i < 3; i++, e = skip(e))
		if (e >= end || !match_string(e, atom_name(&scn->atoms, want[i])))
			return false;
	return e == end;
}

/* {=== printing ===} */

void term_wr_put(struct term_writer *w, const char *s, size_t len)
{
	if (w->full)
		return;
	size_t room = w->cap - 1 - w->n;   /* keeps one byte for the NUL */
	if (len > room) {
		len = room;
		w->full = true;
	}
	memcpy(w->buf + w->n, s, len);
	w->n += len;
}

/* cjson: escaped as cJSON_Print does; else as loader messages do. */
static void put_string(struct term_writer *w, const char *s, size_t len, bool cjson)
{
	term_wr_put(w, "\"", 1);
	size_t run = 0;
	for (size_t i = 0; i < len && !w->full; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && (cjson || c != 0x7f))
			continue;
		term_wr_put(w, s + run, i - run);
		run = i + 1;
		const char *e = cjson ? strchr("\bb\ff\nn\rr\tt", c) : NULL;
		char esc[8];
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof esc, "\\%c", c);
		else if (c && e)
			snprintf(esc, sizeof esc, "\\%c", e[1]);
		else
			snprintf(esc, sizeof esc, "\\u%04x", c);
		term_wr_put(w, esc, strlen(esc));
	}
	term_wr_put(w, s + run, len - run);
	term_wr_put(w, "\"", 1);
}

void term_wr_string(struct term_writer *w, const char *s, size_t len)
{
	put_string(w, s, len, false);
}

/* A number as cJSON 1.7.15 prints it (print_number; as jout_double). */
static void put_cjson_number(struct term_writer *w, double d)
{
	char buf[32];
	double back;
	if (isnan(d) || isinf(d)) {
		snprintf(buf, sizeof buf, "null");
	} else {
		snprintf(buf, sizeof buf, "%1.15g", d);
		double m = fabs(d);
		if (sscanf(buf, "%lg", &back) != 1 || fabs(back - d) > (fabs(back) > m ? fabs(back) : m) * DBL_EPSILON)
			snprintf(buf, sizeof buf, "%1.17g", d);
		const struct lconv *lc = localeconv();
		char point = lc && lc->decimal_point ? lc->decimal_point[0] : '.';
		for (char *c = buf; *c; c++)
			if (*c == point)
				*c = '.';
	}
	term_wr_put(w, buf, strlen(buf));
}

/* The value at p; cjson: as cJSON_PrintUnformatted, else numbers as written. */
static cur put_value(struct term_writer *w, cur p, bool cjson)
{
	static const char *const words[] = {"null", "false", "true"};
	cur q = p + 1;
	switch (*p) {
	case T_NULL: case T_FALSE: case T_TRUE:
		term_wr_put(w, words[*p], strlen(words[*p]));
		return q;
	case T_INT: case T_NUM: case T_NUMD:
		if (cjson || *p == T_INT) {
			char buf[32];
			if (cjson)
				put_cjson_number(w, get_number(p));
			else
				term_wr_put(w, buf, (size_t)snprintf(buf, sizeof buf, "%.0f", get_number(p)));
		} else {
			size_t len;
			q += *p == T_NUMD ? sizeof(double) : 0;
			const char *s = get_str(&q, &len);
			term_wr_put(w, s, len);
		}
		return skip(p);
	case T_STR: {
		size_t len;
		const char *s = get_str(&q, &len);
		put_string(w, s, len, cjson);
		return q;
	}
	case T_PID: {
		char buf[32];
		uint64_t pid = get_varint(&q);
		if (w->pid)
			w->pid(w, (uint32_t)pid, w->ctx);
		else
			term_wr_put(w, buf, (size_t)snprintf(buf, sizeof buf, "\"<0.%llu.0>\"",
			                                     (unsigned long long)pid));
		return q;
	}
	case T_ARR0: term_wr_put(w, "[]", 2); return q;
	case T_OBJ0: term_wr_put(w, "{}", 2); return q;
	default: break;
	}
	bool object = *p == T_OBJ;
	term_wr_put(w, object ? "{" : "[", 1);
	cur end;
	for (q = payload(p, &end); q < end && !w->full;) {
		if (object) {
			size_t len;
			const char *k = get_str(&q, &len);
			put_string(w, k, len, cjson);
			term_wr_put(w, ":", 1);
		}
		q = put_value(w, q, cjson);
		if (q < end)
			term_wr_put(w, ",", 1);
	}
	term_wr_put(w, object ? "}" : "]", 1);
	return end;
}

void term_print(const struct term *t, char *buf, size_t size)
{
	term_print_with(t, buf, size, NULL, NULL);
}

void term_print_with(const struct term *t, char *buf, size_t size,
                     void (*pid)(struct term_writer *w, uint32_t pid, const void *ctx),
                     const void *ctx)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	if (size <= 4) {   /* as before: only a value that fits whole */
		char tmp[4];
		struct term_writer w = {tmp, size, 0, false, pid, ctx};
		put_value(&w, at(t), true);
		if (!w.full) {
			memcpy(buf, tmp, w.n);
			buf[w.n] = '\0';
		}
		return;
	}
	struct term_writer w = {buf, size, 0, false, pid, ctx};
	put_value(&w, at(t), true);
	if (w.full)
		memcpy(buf + size - 4, "...", 3);
	buf[w.full ? size - 1 : w.n] = '\0';
}

void term_wr_term(struct term_writer *w, const struct term *t)
{
	put_value(w, at(t), false);
}

void term_wr_short(struct term_writer *w, char *buf, size_t cap)
{
	if (w->full) {
		w->n = 30;
		while (w->n > 0 && ((unsigned char)w->buf[w->n] & 0xC0) == 0x80)
			w->n--;   /* do not cut a UTF-8 sequence */
		memcpy(w->buf + w->n, "...", 3);
		w->n += 3;
	}
	w->buf[w->n] = '\0';
	snprintf(buf, cap, "%s", w->buf);
}

void term_describe(const struct term *t, char *buf, size_t cap)
{
	char tmp[48];
	struct term_writer w = {tmp, 42, 0, false, NULL, NULL};
	term_wr_term(&w, t);
	term_wr_short(&w, buf, cap);
}

/* {=== values (format 1.1) ===} */

enum term_type term_type(const struct term *t)
{
	static const enum term_type k[] = {
		TERM_NULL, TERM_FALSE, TERM_TRUE, TERM_NUMBER, TERM_NUMBER, TERM_NUMBER, TERM_STRING,
		TERM_ARRAY, TERM_OBJECT, TERM_ARRAY, TERM_OBJECT, TERM_PID
	};
	return k[*at(t)];
}

double term_get_number(const struct term *t)
{
	return get_number(at(t));
}

bool term_get_int(const struct term *t, int64_t *out)
{
	cur p = at(t);
	if (*p == T_INT) {
		cur q = p + 1;
		uint64_t z = get_varint(&q);
		*out = z & 1 ? -(int64_t)(z >> 1) - 1 : (int64_t)(z >> 1);
		return true;
	}
	if (*p != T_NUM && *p != T_NUMD)
		return false;
	double d = get_number(p);
	if (!(d >= -TERM_INT_MAX && d <= TERM_INT_MAX) || d != floor(d))
		return false;
	*out = (int64_t)d;
	return true;
}

const char *term_get_string(const struct term *t, size_t *len)
{
	cur q = at(t) + 1;
	return get_str(&q, len);
}

uint32_t term_get_pid(const struct term *t)
{
	cur q = at(t) + 1;
	return (uint32_t)get_varint(&q);
}

const struct term *term_next(const struct term *t)
{
	return (const struct term *)skip(at(t));
}

size_t term_size(const struct term *t)
{
	return (size_t)(skip(at(t)) - at(t));
}

const struct term *term_items(const struct term *t, const struct term **end)
{
	cur p = at(t);
	if (*p != T_ARR && *p != T_OBJ) {
		*end = t;
		return t;
	}
	cur e, q = payload(p, &e);
	*end = (const struct term *)e;
	return (const struct term *)q;
}

const struct term *term_member(const struct term *m, const char **key, size_t *len)
{
	cur q = at(m);
	*key = get_str(&q, len);
	return (const struct term *)q;
}

uint32_t term_count(const struct term *t)
{
	const struct term *end, *e = term_items(t, &end);
	bool object = term_type(t) == TERM_OBJECT;
	uint32_t n = 0;
	for (; e < end; n++) {
		if (object) {
			const char *k;
			size_t kl;
			e = term_member(e, &k, &kl);
		}
		e = term_next(e);
	}
	return n;
}

/* The rank of a kind in the order of terms (term.h). */
static int rank(cur p)
{
	static const int r[] = {2, 1, 3, 0, 0, 0, 4, 7, 6, 7, 6, 5};
	return r[*p];
}

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? (c < 0 ? -1 : 1) : al < bl ? -1 : al > bl;
}

static int compare(cur a, cur b)
{
	int ra = rank(a), rb = rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	switch (ra) {
	case 0: {
		double x = get_number(a), y = get_number(b);
		return x < y ? -1 : x > y;
	}
	case 4: {
		size_t al, bl;
		cur p = a + 1, q = b + 1;
		const char *x = get_str(&p, &al), *y = get_str(&q, &bl);
		return cmp_bytes(x, al, y, bl);
	}
	case 5: {
		cur p = a + 1, q = b + 1;
		uint64_t x = get_varint(&p), y = get_varint(&q);
		return x < y ? -1 : x > y;
	}
	case 6: {
		uint32_t na = term_count((const struct term *)a), nb = term_count((const struct term *)b);
		if (na != nb)
			return na < nb ? -1 : 1;
		break;
	}
	case 7: break;
	default: return 0;   /* null, false, true */
	}
	bool object = ra == 6;
	const struct term *ea, *eb;
	const struct term *x = term_items((const struct term *)a, &ea);
	const struct term *y = term_items((const struct term *)b, &eb);
	if (*a == T_ARR0 || *a == T_OBJ0)
		x = ea = (const struct term *)a;
	if (*b == T_ARR0 || *b == T_OBJ0)
		y = eb = (const struct term *)b;
	for (; x < ea && y < eb; x = term_next(x), y = term_next(y)) {
		if (object) {
			const char *k1, *k2;
			size_t l1, l2;
			x = term_member(x, &k1, &l1);
			y = term_member(y, &k2, &l2);
			int c = cmp_bytes(k1, l1, k2, l2);
			if (c)
				return c;
		}
		int c = compare(at(x), at(y));
		if (c)
			return c;
	}
	return x < ea ? 1 : y < eb ? -1 : 0;
}

int term_compare(const struct term *a, const struct term *b)
{
	return compare(at(a), at(b));
}

void term_put_int(struct term_buf *b, int64_t v)
{
	put_byte(b, T_INT);
	put_varint(b, v < 0 ? ((uint64_t)-(v + 1) << 1 | 1) : (uint64_t)v << 1);
}

void term_put_pid(struct term_buf *b, uint32_t pid)
{
	put_byte(b, T_PID);
	put_varint(b, pid);
}

void term_put_term(struct term_buf *b, const struct term *t)
{
	size_t n = term_size(t);
	if (reserve(b, n)) {
		memcpy(b->p + b->n, t, n);
		b->n += n;
	}
}

void term_put_string(struct term_buf *b, const char *s, size_t len)
{
	char *o = term_str_begin(b, false, len);
	if (o) {
		memcpy(o, s, len);
		term_str_end(b, o, len);
	}
}

void term_put_key(struct term_buf *b, const char *s, size_t len)
{
	char *o = term_str_begin(b, true, len);
	if (o) {
		memcpy(o, s, len);
		term_str_end(b, o, len);
	}
}
