/*
** json_lex.h - the JSON lexer of the loader (internal to sim/): RFC 8259
** strict tokens with exact positions and messages that say what is wrong,
** and the line table that turns offsets into LINE:COL.
**
** Why not cJSON_Parse: cJSON's stop position is off by one in some cases
** ({a:1} stops at ':'), it says nothing about *what* is wrong, and it
** accepts some invalid JSON (01, raw control characters, invalid UTF-8,
** "\u0000" which would cut a C string short).  scenario_json.c builds the
** tree and the terms from these tokens.
**
** Every jlex_* function that fails reports the error (FILE:LINE:COL) in
** the loader, sets x->failed and returns false (or 0).
*/
#ifndef BEAMSIM_JSON_LEX_H
#define BEAMSIM_JSON_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario_load.h"

struct jlex {
	struct scn_loader *L;
	const unsigned char *s;
	size_t n, i;             /* length, position */
	bool failed;             /* an error was reported (or ENOMEM) */
	bool escaped;            /* the last string had an escape */
	char decimal_point;      /* the C library's, as cJSON uses it for strtod */
};

/* Starts x on L's text: the line table, a BOM skipped. */
void jlex_start(struct jlex *x, struct scn_loader *L);
bool jlex_is_digit(unsigned char c);
bool jlex_is_alpha(unsigned char c);
/* Skips white space, noting where lines start. */
void jlex_skip_ws(struct jlex *x);
/* Reports "invalid JSON: " and the message at offset `at`; returns false. */
bool jlex_syntax_error(struct jlex *x, size_t at, const char *fmt, ...) SCN_PRINTF(3, 4);
/* Reports "FILE:LINE:COL: error: " and the message at `at`; returns false. */
bool jlex_error(struct jlex *x, size_t at, const char *fmt, ...) SCN_PRINTF(3, 4);
/* Reports the byte at x->i (or the end of the file) where `expected` was. */
bool jlex_unexpected(struct jlex *x, const char *expected);
/* Reports the byte at x->i after the end of the value. */
bool jlex_trailing(struct jlex *x);
/* The string at x->i (the opening quote); on success x->i is past the
** closing quote and x->escaped says whether it had an escape. */
bool jlex_string(struct jlex *x);
/* Decodes the string lexed from `open` (its quote) to `end` (past the
** closing quote) into out (room for end - open - 2 bytes: escapes only
** shrink), as cJSON decodes it; returns its length (no NUL added). */
size_t jlex_decode(const struct jlex *x, size_t open, size_t end, char *out);
/* A number at x->i; *integer says it has no fraction and no exponent. */
bool jlex_number(struct jlex *x, bool *integer);
/* The value of the number lexed from `start` to x->i, as cJSON reads it. */
bool jlex_number_value(struct jlex *x, size_t start, bool integer, double *d);
/* true, false or null at x->i (*word: 0 null, 1 false, 2 true). */
bool jlex_word(struct jlex *x, int *word);

#endif
