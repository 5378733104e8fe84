/*
** scenario_json.c - the JSON layer of the loader: builds, from the tokens
** of json_lex.c, the cJSON tree of the scenario's structure and, for the
** values that are terms (`message`, `match`), their compact encoding
** (term.h) instead of a subtree; short renderings of values for messages;
** the duplicate keys of terms.
**
** The tree is the same one cJSON would make (types, strings, valuedouble,
** valueint, next/prev/child), built in one pass with every node and string
** in the scenario's arena (cJSON mallocs every node and string: most of the
** load time of a big file, and as much again to free them).  Each node is
** followed by the byte offset of its value, so messages quote numbers as
** written (1e400, not "null") and ops know their line without any lookup
** table.  A term is one node of type cJSON_Raw whose `count` is the term's
** offset in the scenario's term buffer: a 72-byte node per JSON value of a
** big message made the loader's peak ~37 times the file.
**
** The tree must never be given to cJSON_Delete: it is freed with the arena.
*/
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_lex.h"
#include "scenario_load.h"
#include "term.h"

/* A tree node: cJSON's node and where its value starts in the text. */
struct scn_node {
	cJSON j;
	uint32_t off;
	uint32_t count;          /* children of an array or object; a term's
	                            offset in the term buffer (cJSON_Raw) */
};

/* A member of an object of the term being built: for duplicate keys. */
struct member {
	uint32_t key;            /* the key's offset in the term buffer */
	uint32_t at;             /* its opening quote in the text */
};

struct builder {
	struct jlex x;
	char *cur, *end;         /* free space of the current arena chunk */
	struct term_buf *tb;     /* L->terms */
	struct member *mem;      /* members of the term's open objects */
	size_t nmem, memcap;
	uint32_t term;           /* offset of the term being built */
};

#define CHUNK (256u * 1024u)     /* arena memory taken at a time for the tree */

static bool oom(struct builder *b)
{
	b->x.L->oom = true;
	b->x.failed = true;
	return false;
}

/* {=== building the tree ===} */

/* `bytes` of arena memory aligned to `align` (a power of two <= 16). */
static void *take(struct builder *b, size_t bytes, size_t align)
{
	uintptr_t p = ((uintptr_t)b->cur + (align - 1)) & ~(uintptr_t)(align - 1);
	if (!b->cur || p > (uintptr_t)b->end || bytes > (size_t)((uintptr_t)b->end - p)) {
		size_t chunk = bytes > CHUNK ? bytes : CHUNK;
		char *c = scn_alloc(b->x.L, chunk, 1);   /* aligned for any type */
		if (!c) {
			b->x.failed = true;
			return NULL;
		}
		b->end = c + chunk;
		p = (uintptr_t)c;
	}
	b->cur = (char *)(p + bytes);
	return (void *)p;
}

static cJSON *new_node(struct builder *b, int type, size_t off)
{
	struct scn_node *n = take(b, sizeof *n, alignof(struct scn_node));
	if (!n)
		return NULL;
	memset(&n->j, 0, sizeof n->j);
	n->j.type = type;
	n->off = (uint32_t)off;
	n->count = 0;
	return &n->j;
}

/* The string lexed from `open` to `end` as a NUL-terminated string in
** the arena. */
static char *make_string(struct builder *b, size_t open, size_t end)
{
	char *out = take(b, end - open - 1, 1);   /* escapes only shrink */
	if (out)
		out[jlex_decode(&b->x, open, end, out)] = '\0';
	return out;
}

static void set_number(cJSON *node, double d)
{
	node->valuedouble = d;
	if (d >= INT_MAX)
		node->valueint = INT_MAX;
	else if (d <= (double)INT_MIN)
		node->valueint = INT_MIN;
	else
		node->valueint = (int)d;
}

/* {=== punctuation shared by the tree and the terms ===} */

/* Enters the array or object at x->i (`depth` counts it); *empty says it
** closed at once.  false after an error. */
static bool open_container(struct jlex *x, int depth, bool *empty)
{
	const char close = x->s[x->i] == '{' ? '}' : ']';
	if (depth > SIM_MAX_NESTING)
		return jlex_error(x, x->i, "nesting deeper than %d levels of arrays and objects",
		                  SIM_MAX_NESTING);
	x->i++;
	jlex_skip_ws(x);
	*empty = x->i < x->n && x->s[x->i] == close;
	if (*empty)
		x->i++;
	return !x->failed;
}

/* The key of a member, up to its ':'; it is the string from *open (its
** opening quote) to *end (past its closing quote). */
static bool read_key(struct jlex *x, size_t *open, size_t *end)
{
	jlex_skip_ws(x);
	if (x->i >= x->n || x->s[x->i] != '"')
		return jlex_unexpected(x, "a key in double quotes");
	*open = x->i;
	if (!jlex_string(x))
		return false;
	*end = x->i;
	jlex_skip_ws(x);
	if (x->i >= x->n || x->s[x->i] != ':')
		return jlex_unexpected(x, "':' after the key");
	x->i++;
	return true;
}

/* After a member: 1 at the closing bracket (consumed), 0 after a comma
** with more to come, -1 after an error. */
static int next_member(struct jlex *x, bool object)
{
	const char close = object ? '}' : ']';
	jlex_skip_ws(x);
	if (x->i < x->n && x->s[x->i] == close) {
		x->i++;
		return 1;
	}
	if (x->i >= x->n || x->s[x->i] != ',') {
		bool value_next = x->i < x->n && x->s[x->i] &&
		                  strchr("\"{[-0123456789tfn", x->s[x->i]);
		if (object)
			jlex_unexpected(x, value_next ? "',' or '}': missing comma?" : "',' or '}'");
		else
			jlex_unexpected(x, value_next ? "',' or ']': missing comma?" : "',' or ']'");
		return -1;
	}
	size_t comma = x->i++;
	jlex_skip_ws(x);
	if (x->i < x->n && x->s[x->i] == close) {
		jlex_syntax_error(x, comma, "trailing comma before '%c'", close);
		return -1;
	}
	return 0;
}

/* {=== terms ===} */

/* Records, for scn_check_value, the repeated keys among the members
** [base, nmem) of one object of the term: sorted by key, then by place,
** equal keys sit side by side (the later one of each pair is reported). */
static bool less(const struct builder *b, const struct member *m, const struct member *n)
{
	size_t ml, nl;
	const char *mk = term_key_at(b->tb, m->key, &ml), *nk = term_key_at(b->tb, n->key, &nl);
	int c = memcmp(mk, nk, ml < nl ? ml : nl);
	if (c)
		return c < 0;
	return ml != nl ? ml < nl : m->at < n->at;
}

/* Heap sort: in place (a big object must not need a second array) and
** with the term buffer at hand. */
static void sift(const struct builder *b, struct member *m, size_t i, size_t n)
{
	for (size_t c; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && less(b, &m[c], &m[c + 1]))
			c++;
		if (!less(b, &m[i], &m[c]))
			return;
		struct member t = m[i];
		m[i] = m[c];
		m[c] = t;
	}
}

static bool object_dups(struct builder *b, size_t base)
{
	size_t n = b->nmem - base;
	b->nmem = base;
	if (n < 2 || b->tb->oom)
		return true;                    /* b->mem may be NULL: no members yet */
	struct member *m = b->mem + base;
	for (size_t i = n / 2; i-- > 0;)
		sift(b, m, i, n);
	for (size_t end = n; end-- > 1;) {
		struct member t = m[0];
		m[0] = m[end];
		m[end] = t;
		sift(b, m, 0, end);
	}
	struct scn_json *j = &b->x.L->json;
	for (size_t i = 1; i < n; i++) {
		size_t l0, l1;
		const char *k0 = term_key_at(b->tb, m[i - 1].key, &l0);
		const char *k1 = term_key_at(b->tb, m[i].key, &l1);
		if (l0 != l1 || memcmp(k0, k1, l0) != 0)
			continue;
		struct scn_dup *d = scn_grow(b->x.L, j->dups, &j->dupcap, j->ndups + 1, sizeof *d);
		if (!d)
			return oom(b);
		j->dups = d;
		j->dups[j->ndups++] = (struct scn_dup){b->term, m[i].at};
	}
	return true;
}

static bool push_member(struct builder *b, struct member m)
{
	struct member *g = scn_grow(b->x.L, b->mem, &b->memcap, b->nmem + 1, sizeof *g);
	if (!g)
		return false;
	b->mem = g;
	b->mem[b->nmem++] = m;
	return true;
}

static bool term_value(struct builder *b, int depth);

static bool term_container(struct builder *b, int depth)
{
	struct jlex *x = &b->x;
	const bool object = x->s[x->i] == '{';
	size_t opened = term_open(b->tb, object), base = b->nmem;
	bool empty;
	if (!open_container(x, depth, &empty))
		return false;
	for (int more = empty ? 1 : 0; more == 0; more = next_member(x, object)) {
		size_t open, end;
		if (object) {
			if (!read_key(x, &open, &end))
				return false;
			struct member m = {(uint32_t)b->tb->n, (uint32_t)open};
			char *k = term_str_begin(b->tb, true, end - open - 2);
			if (!k || !push_member(b, m))
				return oom(b);
			term_str_end(b->tb, k, jlex_decode(x, open, end, k));
		}
		if (!term_value(b, depth))
			return false;
	}
	if (x->failed || (object && !object_dups(b, base)))
		return false;
	term_close(b->tb, opened);
	return true;
}

/* The value at x->i (after white space) into the term buffer. */
static bool term_value(struct builder *b, int depth)
{
	struct jlex *x = &b->x;
	jlex_skip_ws(x);
	if (x->failed)
		return false;
	if (x->i >= x->n)
		return jlex_unexpected(x, "a value");
	size_t start = x->i;
	unsigned char c = x->s[start];
	if (c == '{' || c == '[')
		return term_container(b, depth + 1);
	if (c == '"') {
		if (!jlex_string(x))
			return false;
		char *o = term_str_begin(b->tb, false, x->i - start - 2);
		if (!o)
			return oom(b);
		term_str_end(b->tb, o, jlex_decode(x, start, x->i, o));
		return true;
	}
	if (c == '-' || jlex_is_digit(c)) {
		bool integer;
		double d;
		if (!jlex_number(x, &integer) || !jlex_number_value(x, start, integer, &d))
			return false;
		term_put_number(b->tb, d, (const char *)x->s + start, x->i - start);
		return true;
	}
	if (jlex_is_alpha(c)) {
		int word;
		if (!jlex_word(x, &word))
			return false;
		term_put_word(b->tb, (enum term_word)word);
		return true;
	}
	return jlex_unexpected(x, "a value");
}

/* The value of a term key as one cJSON_Raw node. */
static cJSON *term_node(struct builder *b, int depth)
{
	jlex_skip_ws(&b->x);
	size_t start = b->x.i;
	b->term = (uint32_t)b->tb->n;
	if (!term_value(b, depth))
		return NULL;
	if (b->tb->oom) {
		oom(b);
		return NULL;
	}
	cJSON *node = new_node(b, cJSON_Raw, start);
	if (node)
		((struct scn_node *)node)->count = b->term;
	return node;
}

static bool is_term_key(const char *key)
{
	return strcmp(key, "message") == 0 || strcmp(key, "match") == 0;
}

/* {=== the tree ===} */

static cJSON *lex_value(struct builder *b, int depth);

/* An object or array at x->i; `depth` counts it. */
static cJSON *lex_container(struct builder *b, int depth)
{
	struct jlex *x = &b->x;
	const bool object = x->s[x->i] == '{';
	cJSON *node = new_node(b, object ? cJSON_Object : cJSON_Array, x->i), *last = NULL;
	bool empty;
	if (!node || !open_container(x, depth, &empty))
		return NULL;
	for (int more = empty ? 1 : 0; more == 0; more = next_member(x, object)) {
		char *key = NULL;
		size_t open, end;
		if (object && (!read_key(x, &open, &end) || !(key = make_string(b, open, end))))
			return NULL;
		cJSON *item = key && is_term_key(key) ? term_node(b, depth) : lex_value(b, depth);
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
	}
	return x->failed ? NULL : node;
}

/* The value at x->i (after white space); NULL after an error. */
static cJSON *lex_value(struct builder *b, int depth)
{
	struct jlex *x = &b->x;
	jlex_skip_ws(x);
	if (x->failed)
		return NULL;
	if (x->i >= x->n) {
		jlex_unexpected(x, "a value");
		return NULL;
	}
	size_t start = x->i;
	unsigned char c = x->s[start];
	cJSON *node;
	if (c == '{' || c == '[')
		return lex_container(b, depth + 1);
	if (c == '"') {
		if (!jlex_string(x) || !(node = new_node(b, cJSON_String, start)))
			return NULL;
		node->valuestring = make_string(b, start, x->i);
		return node->valuestring ? node : NULL;
	}
	if (c == '-' || jlex_is_digit(c)) {
		bool integer;
		double d;
		if (!jlex_number(x, &integer) || !jlex_number_value(x, start, integer, &d) ||
		    !(node = new_node(b, cJSON_Number, start)))
			return NULL;
		set_number(node, d);
		return node;
	}
	if (jlex_is_alpha(c)) {
		static const int types[] = {cJSON_NULL, cJSON_False, cJSON_True};
		int word;
		if (!jlex_word(x, &word) || !(node = new_node(b, types[word], start)))
			return NULL;
		node->valueint = types[word] == cJSON_True;   /* as cJSON */
		return node;
	}
	jlex_unexpected(x, "a value");
	return NULL;
}

/* {=== parsing ===} */

static cJSON *parse(struct builder *b)
{
	struct jlex *x = &b->x;
	jlex_skip_ws(x);
	if (x->failed)
		return NULL;
	if (x->i >= x->n) {
		scn_err_line(x->L, 0, "%s: error: the file is empty", x->L->label);
		return NULL;
	}
	cJSON *root = lex_value(b, 0);
	if (!root)
		return NULL;
	jlex_skip_ws(x);
	if (x->failed)
		return NULL;
	if (x->i < x->n) {
		jlex_trailing(x);
		return NULL;
	}
	return root;
}

cJSON *scn_json_parse(struct scn_loader *L)
{
	struct builder b = {.tb = &L->terms};
	jlex_start(&b.x, L);
	cJSON *root = parse(&b);
	free(b.mem);
	term_buf_trim(&L->terms);
	L->s->terms = L->terms.p;   /* owned by the scenario from now on */
	if (L->terms.oom)
		L->oom = true;
	return L->oom ? NULL : root;
}

/* {=== reading nodes ===} */

size_t scn_json_offset(const struct scn_loader *L, const cJSON *node)
{
	(void)L;
	return node ? ((const struct scn_node *)node)->off : 0;
}

size_t scn_json_count(const cJSON *node)
{
	return node && !cJSON_IsRaw(node) ? ((const struct scn_node *)node)->count : 0;
}

const struct term *scn_json_term(const struct scn_loader *L, const cJSON *node)
{
	if (!node || !cJSON_IsRaw(node))
		return NULL;
	return (const struct term *)(L->terms.p + ((const struct scn_node *)node)->count);
}

/* Reports the repeated keys recorded for the term of node v. */
void scn_check_value(struct scn_loader *L, const cJSON *v, bool pattern)
{
	if (!v || !cJSON_IsRaw(v))
		return;
	const struct scn_json *j = &L->json;
	uint32_t term = ((const struct scn_node *)v)->count;
	size_t lo = 0, hi = j->ndups;   /* the first record of this term */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (j->dups[mid].term < term)
			lo = mid + 1;
		else
			hi = mid;
	}
	const char *what = pattern ? "a receive pattern (it could never match)" : "a message";
	for (size_t i = lo; i < j->ndups && j->dups[i].term == term; i++) {
		if (scn_err_skip(L))
			continue;
		struct jlex x = {.L = L, .s = (const unsigned char *)L->text, .n = L->len,
		                 .i = j->dups[i].at};
		char key[SCN_SHOW_MAX + 8];   /* longer than scn_show keeps: cut with "..." */
		char *full = jlex_string(&x) ? malloc(x.i - j->dups[i].at) : NULL;
		if (!full) {
			L->oom = true;
			return;
		}
		full[jlex_decode(&x, j->dups[i].at, x.i, full)] = '\0';
		snprintf(key, sizeof key, "%s", full);
		free(full);
		uint32_t line, col;
		scn_json_linecol(L, j->dups[i].at, &line, &col);
		scn_err_line(L, j->dups[i].at, "%s:%u:%u: error: duplicate key '%s' in %s", L->label,
		             (unsigned)line, (unsigned)col, scn_show(L, key), what);
	}
}

/* {=== short renderings for messages ===} */

static void put_value(const struct scn_loader *L, struct term_writer *w, const cJSON *v)
{
	if (w->full)
		return;
	if (cJSON_IsRaw(v)) {
		term_wr_term(w, scn_json_term(L, v));
	} else if (cJSON_IsString(v)) {
		term_wr_string(w, v->valuestring, strlen(v->valuestring));
	} else if (cJSON_IsNumber(v)) {
		size_t off = scn_json_offset(L, v), end;   /* as written: 1e400, 1.50 */
		for (end = off; end < L->len && L->text[end] &&
		     strchr("+-.eE0123456789", L->text[end]); end++)
			;
		term_wr_put(w, L->text + off, end - off);
	} else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
		bool object = cJSON_IsObject(v);
		term_wr_put(w, object ? "{" : "[", 1);
		for (const cJSON *c = v->child; c && !w->full; c = c->next) {
			if (object) {
				term_wr_string(w, c->string, strlen(c->string));
				term_wr_put(w, ":", 1);
			}
			put_value(L, w, c);
			if (c->next)
				term_wr_put(w, ",", 1);
		}
		term_wr_put(w, object ? "}" : "]", 1);
	} else {
		const char *word = cJSON_IsTrue(v) ? "true" : cJSON_IsFalse(v) ? "false" : "null";
		term_wr_put(w, word, strlen(word));
	}
}

void scn_json_describe(const struct scn_loader *L, const cJSON *v, char *buf, size_t cap)
{
	char tmp[48];
	struct term_writer w = {tmp, 42, 0, false, NULL, NULL};
	put_value(L, &w, v);
	term_wr_short(&w, buf, cap);
}
