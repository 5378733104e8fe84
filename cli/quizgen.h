/*
** quizgen.h - seeded homework for `beamsim quiz`: a small readable
** scenario of one topic and level, with 3 to 6 computed questions whose
** answers the engine finds (quizgen.c).
**
** Determinism: the generator draws from its own 64-bit generator
** (splitmix64) seeded with the seed, topic and level, uses integer
** arithmetic only, and never reads the clock or the locale; the same
** arguments give the same files, byte for byte, on every machine.
*/
#ifndef BEAMSIM_CLI_QUIZGEN_H
#define BEAMSIM_CLI_QUIZGEN_H

#include <stdbool.h>
#include <stdint.h>

enum quiz_topic { QUIZ_SCHEDULING, QUIZ_PREEMPTION, QUIZ_MESSAGES, QUIZ_LINKS, QUIZ_SUPERVISORS,
                  QUIZ_ALL, QUIZ_TOPIC_COUNT };

/* "scheduling", ... "all"; quiz_topic_parse: false for another word. */
const char *quiz_topic_name(enum quiz_topic t);
bool quiz_topic_parse(const char *word, enum quiz_topic *out);

/* One quiz: the scenario (JSON text), the worksheet and the answer key
** (Markdown), each a malloc'd NUL-terminated string. */
struct quiz {
	char *json, *sheet, *key;
	enum quiz_topic topic;    /* the topic drawn (never QUIZ_ALL) */
	unsigned nquestions;
};

/* Generates the quiz of (seed, topic, level 1..3).  Returns 0, or an exit
** code (args.h: EXIT_NOMEM) after printing a message.  quiz_free frees
** what it holds (and a zeroed quiz). */
int quiz_generate(uint64_t seed, enum quiz_topic topic, unsigned level, struct quiz *q);
void quiz_free(struct quiz *q);

#endif
