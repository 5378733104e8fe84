/*
** term.h - message values and receive patterns as compact, immutable byte
** strings (internal to sim/).
**
** A term is a JSON value encoded in the order it was written, one tag byte
** per value:
**   null, false, true            the tag alone
**   integer of <= 15 digits      tag, zigzag varint (it prints as written)
**   any other number             tag, the double (8 bytes), varint length
**                                and the number's text as written
**   string                       tag, varint length, the decoded bytes
**   [] {}                        the tag alone
**   other array / object         tag, 4-byte size of the payload, then the
**                                elements (an object's members are a key,
**                                varint length and bytes, then its value)
** The payload size lets the matcher step over a member in O(1).  A term
** costs about as much as its JSON text (a 72-byte tree node per value
** before): the loader's peak stays a small multiple of the file.
**
** Who uses what: the loader builds terms with term_buf (scenario_json.c);
** the engine matches them (term_match, term_match_system) and prints them
** (term_print, as cJSON_PrintUnformatted would); loader messages show them
** with term_describe.  Terms are read-only once built and shared by every
** copy of a message.
*/
#ifndef BEAMSIM_TERM_H
#define BEAMSIM_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

/* Opaque: a pointer to the first byte of an encoded value. */
struct term;

/* {=== building ===} */

/* A growing buffer of terms; `oom` sticks once a growth failed (then the
** writes are dropped).  Terms are referred to by offset while it grows. */
struct term_buf {
	unsigned char *p;
	size_t n, cap;
	bool oom;
	unsigned char width;   /* of the open string's length (term_str_begin) */
};

enum term_word { TERM_WORD_NULL, TERM_WORD_FALSE, TERM_WORD_TRUE };

void term_put_word(struct term_buf *b, enum term_word w);
/* A number whose text (len bytes, as written) reads as d. */
void term_put_number(struct term_buf *b, double d, const char *text, size_t len);
/* Opens an array or object; returns what term_close needs. */
size_t term_open(struct term_buf *b, bool object);
void term_close(struct term_buf *b, size_t opened);
/* A string value (tagged) or an object key (not tagged) of at most max
** bytes: returns where to write them (NULL when out of memory); then
** term_str_end with the length written. */
char *term_str_begin(struct term_buf *b, bool key, size_t max);
void term_str_end(struct term_buf *b, char *start, size_t len);
/* The key written at offset `at` of b (from term_str_begin(b, true, ...)). */
const char *term_key_at(const struct term_buf *b, size_t at, size_t *len);
/* Gives back unused capacity; b->p may move. */
void term_buf_trim(struct term_buf *b);

/* {=== reading ===} */

/* Pattern matching: "_" matches anything, arrays match element-wise with
** equal length, objects match when every key of the pattern matches the
** value's first key of that name; numbers compare as doubles.  NULL
** pattern: matches anything. */
bool term_match(const struct term *pattern, const struct term *value);
/* Matches a pattern against the system message [TAG, NAME, REASON] (all
** three strings), as term_match would against that JSON array. */
bool term_match_system(const struct scenario *scn, const struct term *pattern,
                       atom_t tag, atom_t name, atom_t reason);

/* t as cJSON_PrintUnformatted prints it, into buf (size bytes, always
** terminated when size > 0); when it does not fit, its first size-4 bytes
** and "...".  Never reads more of t than fits. */
void term_print(const struct term *t, char *buf, size_t size);

/* A bounded writer for short renderings in messages.  `pid`, when set,
** writes each pid instead of "\"<0.N.0>\"" (names for the log, the
** summary and the inspector: sim_value_text). */
struct term_writer {
	char *buf;
	size_t cap, n;
	bool full;
	void (*pid)(struct term_writer *w, uint32_t pid, const void *ctx);
	const void *ctx;
};
/* term_print, pids written by `pid` (see struct term_writer). */
void term_print_with(const struct term *t, char *buf, size_t size,
                     void (*pid)(struct term_writer *w, uint32_t pid, const void *ctx),
                     const void *ctx);
void term_wr_put(struct term_writer *w, const char *s, size_t len);
/* A JSON string of len bytes, escaped for a one-line message. */
void term_wr_string(struct term_writer *w, const char *s, size_t len);
/* t with its numbers as written (1e400, 1.50). */
void term_wr_term(struct term_writer *w, const struct term *t);
/* Finishes a short rendering made in tmp with a writer of cap 42: values
** of up to 40 bytes whole, longer ones cut to 30 + "..."; copied to buf. */
void term_wr_short(struct term_writer *w, char *buf, size_t cap);
/* A short, one-line rendering of t for messages. */
void term_describe(const struct term *t, char *buf, size_t cap);

/* {=== values (format 1.1: value.c) ===} */

/* The order of terms for comparisons (lt, le, gt, ge), Erlang's with JSON
** types: number < false < null < true < string < pid < object < array.
** Numbers compare by value; strings bytewise; objects by size, then
** member by member as written; arrays element by element (a prefix is
** smaller).  term_compare returns -1, 0 or 1; 0 is `eq`. */
enum term_type {
	TERM_NULL, TERM_FALSE, TERM_TRUE, TERM_NUMBER, TERM_STRING, TERM_ARRAY, TERM_OBJECT,
	TERM_PID
};
#define TERM_INT_MAX 9007199254740992.0   /* 2^53: integers past it are badarith */
enum term_type term_type(const struct term *t);
int term_compare(const struct term *a, const struct term *b);
double term_get_number(const struct term *t);
/* An integral number (|v| <= 2^53) into *out; false for anything else. */
bool term_get_int(const struct term *t, int64_t *out);
const char *term_get_string(const struct term *t, size_t *len);
uint32_t term_get_pid(const struct term *t);
const struct term *term_next(const struct term *t);
size_t term_size(const struct term *t);
/* The first element of an array (or first member of an object: read it
** with term_member) and *end; first == *end when it is empty or not a
** container. */
const struct term *term_items(const struct term *t, const struct term **end);
/* The member at m: sets its key and returns its value. */
const struct term *term_member(const struct term *m, const char **key, size_t *len);
uint32_t term_count(const struct term *t);
void term_put_int(struct term_buf *b, int64_t v);
void term_put_pid(struct term_buf *b, uint32_t pid);
/* A copy of t; a string; an object key. */
void term_put_term(struct term_buf *b, const struct term *t);
void term_put_string(struct term_buf *b, const char *s, size_t len);
void term_put_key(struct term_buf *b, const char *s, size_t len);

#endif
