/*
** textout.h - scenario text (titles, notes, names) made safe for a terminal.
**
** A scenario's strings are the user's: they may hold ESC sequences, BEL,
** CR or newlines that would clear the screen, retitle the window or break
** the one-line-per-event log.  Every text output of the CLI prints them
** through these functions, which write valid UTF-8 as it is and escape:
**   BEL BS TAB LF VT FF CR ESC     as \a \b \t \n \v \f \r \e
**   other C0 controls and DEL      as \xHH (\x00 .. \x1f, \x7f)
**   C1 controls (U+0080..U+009F),
**   line/paragraph separators and
**   bidirectional overrides        as \u{HHHH}
**   bytes that are not UTF-8       as \xHH
** A backslash stays a backslash (the text is for people, not for parsing).
**
** `max` caps the visible width: at most `max` columns, counting one per
** code point and the full length of an escape; a longer text is cut at a
** character boundary and ends with "…" (within the `max` columns).  0 means
** no cap.
*/
#ifndef BEAMSIM_TEXTOUT_H
#define BEAMSIM_TEXTOUT_H

#include <stddef.h>
#include <stdio.h>

/* Caps for what a scenario says, in columns. */
#define TEXTOUT_TITLE_COLS 200      /* a title */
#define TEXTOUT_TEXT_COLS 2000      /* a description, a note */
#define TEXTOUT_NAME_COLS 40        /* a process name, an exit reason */

/* Writes s (NULL: nothing) escaped to f; returns the columns written.
** Write errors are left in f's error indicator (ferror). */
size_t textout_put(FILE *f, const char *s, size_t max);

/* As textout_put, then spaces up to `width` columns (a left-aligned
** table cell, like "%-*s" but counting columns, not bytes). */
void textout_pad(FILE *f, const char *s, size_t max, size_t width);

/* The escaped text into buf (size >= 1; always NUL-terminated).  A text
** that does not fit in size - 1 bytes is cut as by `max`, with "…".
** Returns buf. */
char *textout_str(char *buf, size_t size, const char *s, size_t max);

#endif
