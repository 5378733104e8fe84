/*
** cmd_quiz.c - `beamsim quiz`: seeded homework (quizgen.c) printed as a
** Markdown worksheet, with --answers its key, with --out DIR as three
** files (quiz-N.json, quiz-N.md, quiz-N-answers.md).
**
** --out never loses a user's file: a file of those names that exists with
** other contents (an edited worksheet, another quiz) stops the command
** before anything is written; the same quiz again rewrites nothing new.
** DIR is made when it does not exist (not its parents).  The files are
** written as the summary is (outfile.c: a temporary file
** renamed into place).
*/
#define _POSIX_C_SOURCE 200809L
#include "cmd.h"
#include "args.h"
#include "outfile.h"
#include "quizgen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct quiz_opts {
	uint64_t seed;
	bool seed_given;
	enum quiz_topic topic;
	unsigned level;
	bool answers, help;
	const char *out;
};

static const char quiz_usage[] =
	"usage: beamsim quiz --seed N [--topic T] [--level 1..3] [--answers] [--out DIR]\n"
	"  --seed N      the quiz's seed, 0..2^64-1: the same seed gives the same quiz\n"
	"  --topic T     scheduling, preemption, messages, links, supervisors or all (default all)\n"
	"  --level L     1 (small), 2 or 3 (more processes, trickier), default 1\n"
	"  --answers     print the answer key after the worksheet\n"
	"  --out DIR     write DIR/quiz-N.json, quiz-N.md and quiz-N-answers.md instead\n";

/* A decimal number, digits only, no overflow. */
static bool number(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d = (unsigned)(unsigned char)*s - '0';
		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* One option with its value (`--opt value` or `--opt=value`). */
static int option(struct quiz_opts *o, const char *name, const char *val)
{
	uint64_t v;
	if (!val)
		return args_usage_error("quiz: %s needs a value", name);
	if (strcmp(name, "--seed") == 0) {
		if (!number(val, &o->seed))
			return args_usage_error("quiz: --seed: expected an integer from 0 to "
			                        "18446744073709551615, got '%s'", val);
		o->seed_given = true;
	} else if (strcmp(name, "--topic") == 0) {
		if (!quiz_topic_parse(val, &o->topic))
			return args_usage_error("quiz: --topic: expected scheduling, preemption, messages, "
			                        "links, supervisors or all, got '%s'", val);
	} else if (strcmp(name, "--level") == 0) {
		if (!number(val, &v) || v < 1 || v > 3)
			return args_usage_error("quiz: --level: expected 1, 2 or 3, got '%s'", val);
		o->level = (unsigned)v;
	} else if (!*val) {
		return args_usage_error("quiz: --out needs a directory");
	} else {
		o->out = val;
	}
	return 0;
}

static int parse(int argc, char **argv, struct quiz_opts *o)
{
	static const char *const valued[] = { "--seed", "--topic", "--level", "--out" };
	memset(o, 0, sizeof *o);
	o->topic = QUIZ_ALL;
	o->level = 1;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		bool done = false;
		for (size_t k = 0; k < sizeof valued / sizeof *valued && !done; k++) {
			if (strlen(valued[k]) != len || strncmp(a, valued[k], len) != 0)
				continue;
			int rc = option(o, valued[k], eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL);
			if (rc)
				return rc;
			done = true;
		}
		if (done)
			continue;
		if (strcmp(a, "--answers") == 0)
			o->answers = true;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			o->help = true;
		else
			return args_usage_error("quiz: unknown %s '%s'", a[0] == '-' ? "option" : "argument", a);
	}
	if (!o->seed_given && !o->help)
		return args_usage_error("quiz needs --seed N (any number: the same seed, the same quiz)");
	return 0;
}

/* Whether path exists with contents other than `text` (then it is the
** user's and stays); false also when it does not exist. */
static bool would_lose(const char *path, const char *text)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno != ENOENT;
	size_t n = strlen(text), i = 0;
	int c;
	bool same = true;
	while (same && (c = getc(f)) != EOF)
		same = i < n && (char)c == text[i++];
	same = same && !ferror(f) && i == n;
	fclose(f);
	return !same;
}

static int write_files(const struct quiz_opts *o, const struct quiz *q)
{
	const char *suffix[] = { ".json", ".md", "-answers.md" };
	const char *text[] = { q->json, q->sheet, q->key };
	char path[3][4096];
	if (mkdir(o->out, 0777) != 0 && errno != EEXIST) {   /* a new directory is made */
		fprintf(stderr, "beamsim: cannot make the directory '%s': %s\n", o->out, strerror(errno));
		return EXIT_WRITE;
	}
	for (int i = 0; i < 3; i++) {
		int n = snprintf(path[i], sizeof path[i], "%s/quiz-%llu%s", o->out,
		                 (unsigned long long)o->seed, suffix[i]);
		if (n < 0 || (size_t)n >= sizeof path[i])
			return args_usage_error("quiz: --out: the directory name is too long");
		if (would_lose(path[i], text[i])) {
			fprintf(stderr, "beamsim: '%s' exists with other contents; quiz leaves it as it "
			                "is (remove it or choose another --out)\n", path[i]);
			return EXIT_WRITE;
		}
	}
	for (int i = 0; i < 3; i++) {
		struct outfile f = { 0 };
		if (!outfile_open(&f, path[i], "quiz file", true))
			return EXIT_WRITE;
		fputs(text[i], f.f);
		if (!outfile_commit(&f))
			return EXIT_WRITE;
		printf("wrote %s\n", path[i]);
	}
	return 0;
}

int cmd_quiz(int argc, char **argv)
{
	struct quiz_opts o;
	int rc = parse(argc, argv, &o);
	if (rc)
		return rc;
	if (o.help) {
		fputs(quiz_usage, stdout);
		return EXIT_OK;
	}
	struct quiz q;
	if ((rc = quiz_generate(o.seed, o.topic, o.level, &q)))
		return rc;
	if (o.out) {
		rc = write_files(&o, &q);
	} else {
		fputs(q.sheet, stdout);
		if (o.answers) {
			fputs("\n", stdout);
			fputs(q.key, stdout);
		}
	}
	quiz_free(&q);
	return rc;
}
