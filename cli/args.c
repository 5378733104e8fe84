/*
** args.c - the options of `beamsim run`, `gui` and `check`, from one table.
**
** Each option has one row: its name, the kind of value, the commands it
** belongs to, the range of a number, and where the value goes (a config
** key of sim.h, or a field of struct run_opts).  Values are parsed
** strictly: decimal digits only (no sign, no spaces, no overflow), words
** from the engine's tables (sim_preemption_words ...); anything else is a
** usage error naming the option and the value.
*/
#include "args.h"
#include "textout.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum opt_kind {
	OPT_FLAG,      /* no value: sets a bool */
	OPT_UINT,      /* a decimal integer from min to max */
	OPT_WORD,      /* a word of `words` */
	OPT_TEXT,      /* a non-empty string (`what` names it in messages) */
	OPT_SCHED,     /* a count, or (run) a comma-separated list of counts */
	OPT_SIZE,      /* WxH */
	OPT_BYTES,     /* 0, or a byte count from min with an optional K, M or G (powers of 1024) */
	OPT_SCALE,     /* a decimal number with up to 2 decimals, stored in hundredths, min..max */
	OPT_HELP
};

struct opt_def {
	const char *name;
	enum opt_kind kind;
	unsigned cmds;                  /* enum args_cmd bits: where it is allowed */
	uint64_t min, max;              /* OPT_UINT, OPT_SCHED */
	int key;                        /* enum sim_config_key, or -1: the field at `off` */
	size_t off;                     /* offsetof(struct run_opts, field) when key < 0 */
	const struct sim_word *words;   /* OPT_WORD */
	const char *what;               /* OPT_TEXT: "a file name" */
};

static const struct sim_word engine_words[] = {
	{ "sim", 0, false }, { "threads", 1, false }, { NULL, 0, false },
};

static const struct sim_word theme_words[] = {
	{ "dark", ARGS_THEME_DARK, false }, { "contrast", ARGS_THEME_CONTRAST, false },
	{ NULL, 0, false },
};

static const struct sim_word view_words[] = {
	{ "lanes", ARGS_VIEW_LANES, false }, { "sequence", ARGS_VIEW_SEQUENCE, false },
	{ "both", ARGS_VIEW_BOTH, false }, { NULL, 0, false },
};

static const struct sim_word overlay_words[] = {
	{ "help", ARGS_OVERLAY_HELP, false }, { "picker", ARGS_OVERLAY_PICKER, false },
	{ "question", ARGS_OVERLAY_QUESTION, false }, { "answer", ARGS_OVERLAY_ANSWER, false },
	{ NULL, 0, false },
};

#define RG (ARGS_RUN | ARGS_GUI)
#define FIELD(f) -1, offsetof(struct run_opts, f)
#define CONFIG(k) k, 0

static const struct opt_def options[] = {
	{ "--schedulers", OPT_SCHED, RG, 1, SIM_MAX_SCHEDULERS, CONFIG(SIM_CFG_SCHEDULERS), NULL, NULL },
	{ "--slice", OPT_UINT, RG, 1, 1000000000u, CONFIG(SIM_CFG_SLICE), NULL, NULL },
	{ "--preemption", OPT_WORD, RG, 0, 0, CONFIG(SIM_CFG_PREEMPTION), sim_preemption_words, NULL },
	{ "--balance", OPT_WORD, RG, 0, 0, CONFIG(SIM_CFG_BALANCE), sim_balance_words, NULL },
	{ "--dirty-schedulers", OPT_UINT, RG, 1, SIM_MAX_SCHEDULERS, CONFIG(SIM_CFG_DIRTY), NULL, NULL },
	{ "--seed", OPT_UINT, RG, 0, UINT64_MAX, CONFIG(SIM_CFG_SEED), NULL, NULL },
	{ "--until", OPT_UINT, RG, 1, 1000000000000ull, CONFIG(SIM_CFG_UNTIL), NULL, NULL },
	{ "--max-mailbox", OPT_UINT, RG, 0, SIM_MAX_MAILBOX, CONFIG(SIM_CFG_MAX_MAILBOX), NULL, NULL },
	{ "--max-message-memory", OPT_UINT, RG, 0, SIM_MAX_MESSAGE_MEMORY, CONFIG(SIM_CFG_MAX_MESSAGE_MEMORY),
	  NULL, NULL },
	{ "--engine", OPT_WORD, ARGS_RUN, 0, 0, FIELD(threads), engine_words, NULL },
	{ "--reduction-ns", OPT_UINT, ARGS_RUN, 0, 1000000000u, CONFIG(SIM_CFG_REDUCTION_NS), NULL, NULL },
	{ "--summary", OPT_TEXT, ARGS_RUN, 0, 0, FIELD(summary), NULL, "a file name" },
	{ "--trace", OPT_TEXT, ARGS_RUN, 0, 0, FIELD(trace), NULL, "a file name" },
	{ "--trace-limit", OPT_BYTES, ARGS_RUN, SIM_TRACE_MIN_LIMIT, UINT64_MAX, FIELD(trace_limit), NULL,
	  NULL },
	{ "--sequence", OPT_TEXT, ARGS_RUN, 0, 0, FIELD(sequence), NULL, "a file name" },
	{ "--mermaid", OPT_TEXT, ARGS_RUN, 0, 0, FIELD(mermaid), NULL, "a file name" },
	{ "--from", OPT_UINT, RG, 0, 1000000000000ull, FIELD(from), NULL, NULL },
	{ "--to", OPT_UINT, RG, 0, 1000000000000ull, FIELD(to), NULL, NULL },
	{ "--only", OPT_TEXT, ARGS_RUN, 0, 0, FIELD(only), NULL, "process names separated by commas" },
	{ "--log", OPT_FLAG, ARGS_RUN, 0, 0, FIELD(log), NULL, NULL },
	{ "--questions", OPT_FLAG, ARGS_RUN, 0, 0, FIELD(questions), NULL, NULL },
	{ "--no-answers", OPT_FLAG, ARGS_RUN, 0, 0, FIELD(no_answers), NULL, NULL },
	{ "--quiet", OPT_FLAG, ARGS_RUN | ARGS_CHECK, 0, 0, FIELD(quiet), NULL, NULL },
	{ "--screenshot", OPT_TEXT, ARGS_GUI, 0, 0, FIELD(screenshot), NULL, "a file name" },
	{ "--at", OPT_UINT, ARGS_GUI, 0, 1000000000000ull, FIELD(at), NULL, NULL },
	{ "--size", OPT_SIZE, ARGS_GUI, 0, 0, FIELD(width), NULL, NULL },
	{ "--inspect", OPT_TEXT, ARGS_GUI, 0, 0, FIELD(inspect), NULL, "a process name" },
	{ "--overlay", OPT_WORD, ARGS_GUI, 0, 0, FIELD(overlay), overlay_words, NULL },
	{ "--scale", OPT_SCALE, ARGS_GUI, ARGS_SCALE_MIN, ARGS_SCALE_MAX, FIELD(scale), NULL, NULL },
	{ "--phase", OPT_SCALE, ARGS_GUI, 0, 100, FIELD(phase), NULL, NULL },
	{ "--theme", OPT_WORD, ARGS_GUI, 0, 0, FIELD(theme), theme_words, NULL },
	{ "--compare", OPT_TEXT, ARGS_GUI, 0, 0, FIELD(compare), NULL, "a setting such as schedulers=1,4" },
	{ "--gif", OPT_TEXT, ARGS_GUI, 0, 0, FIELD(gif), NULL, "a file name" },
	{ "--fps", OPT_UINT, ARGS_GUI, 1, 50, FIELD(fps), NULL, NULL },
	{ "--view", OPT_WORD, ARGS_GUI, 0, 0, FIELD(view), view_words, NULL },
	{ "--self-test", OPT_FLAG, ARGS_GUI, 0, 0, FIELD(self_test), NULL, NULL },
	{ "--no-questions", OPT_FLAG, ARGS_GUI, 0, 0, FIELD(no_questions), NULL, NULL },
	{ "--help", OPT_HELP, RG | ARGS_CHECK, 0, 0, FIELD(help), NULL, NULL },
	{ "-h", OPT_HELP, RG | ARGS_CHECK, 0, 0, FIELD(help), NULL, NULL },
};

#define NOPTIONS (sizeof options / sizeof *options)
#define SIZE_MIN_W 320
#define SIZE_MIN_H 200
#define SIZE_MAX_WH 8192
#define USAGE_MSG_COLUMNS 400

/* The message quotes the user's values: control characters are escaped
** and a long one is cut (textout.h), so the message stays one short line. */
int args_usage_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fputs("beamsim: ", stderr);
	textout_put(stderr, msg, USAGE_MSG_COLUMNS);
	fputs("\nTry 'beamsim --help'.\n", stderr);
	return EXIT_USAGE;
}

/* The n characters at s as a decimal number: digits only, no overflow. */
static bool digits(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static void config_set(struct sim_config *c, int key, uint64_t v)
{
	switch (key) {
	case SIM_CFG_SCHEDULERS: c->schedulers = (uint32_t)v; break;
	case SIM_CFG_SLICE: c->slice = v; break;
	case SIM_CFG_PREEMPTION: c->preemption = (enum sim_preemption)v; break;
	case SIM_CFG_BALANCE: c->balance = (enum sim_balance)v; break;
	case SIM_CFG_DIRTY: c->dirty_schedulers = (uint32_t)v; break;
	case SIM_CFG_SEED: c->seed = v; break;
	case SIM_CFG_UNTIL: c->until = v; break;
	case SIM_CFG_REDUCTION_NS: c->reduction_ns = v; break;
	case SIM_CFG_MAX_MAILBOX: c->max_mailbox = v; break;
	case SIM_CFG_MAX_MESSAGE_MEMORY: c->max_message_memory = v; break;
	default: break;
	}
}

/* --schedulers N, or (run) --schedulers 1,2,4: the counts of a speed-up
** table; every count 1..64, no empty item. */
static int parse_sched(const struct opt_def *d, const char *val, unsigned cmd, struct run_opts *o)
{
	uint64_t v;
	if (!strchr(val, ',')) {
		if (!digits(val, strlen(val), &v) || v < d->min || v > d->max)
			return args_usage_error("%s: expected an integer from 1 to %d, got '%s'", d->name,
			                        SIM_MAX_SCHEDULERS, val);
		config_set(&o->cfg, SIM_CFG_SCHEDULERS, v);
		o->given |= 1u << SIM_CFG_SCHEDULERS;
		return 0;
	}
	if (cmd != ARGS_RUN)
		return args_usage_error("%s %s: a list of counts (a speed-up table) belongs to 'beamsim "
		                        "run'; the window compares two with --compare schedulers=N,M",
		                        d->name, val);
	o->nsched_list = 0;
	for (const char *p = val;; p++) {
		size_t n = strcspn(p, ",");
		if (o->nsched_list == ARGS_MAX_SCHED_LIST)
			return args_usage_error("%s: at most %d counts, got '%s'", d->name,
			                        ARGS_MAX_SCHED_LIST, val);
		if (!digits(p, n, &v) || v < d->min || v > d->max)
			return args_usage_error("%s: expected integers from 1 to %d separated by commas, "
			                        "got '%s'", d->name, SIM_MAX_SCHEDULERS, val);
		o->sched_list[o->nsched_list++] = (uint32_t)v;
		p += n;
		if (!*p)
			return 0;
	}
}

/* --size WxH, each within SIZE_MIN_W/H .. SIZE_MAX_WH. */
static int parse_size(const char *val, struct run_opts *o)
{
	const char *x = strchr(val, 'x');
	uint64_t w, h;
	if (!x || !digits(val, (size_t)(x - val), &w) || !digits(x + 1, strlen(x + 1), &h) ||
	    w < SIZE_MIN_W || h < SIZE_MIN_H || w > SIZE_MAX_WH || h > SIZE_MAX_WH)
		return args_usage_error("--size: expected WxH from %dx%d to %dx%d, got '%s'", SIZE_MIN_W,
		                        SIZE_MIN_H, SIZE_MAX_WH, SIZE_MAX_WH, val);
	o->width = w;
	o->height = h;
	return 0;
}

/* --scale F, --phase F: "1", "1.5", "1.25" (at most two decimals),
** d->min..d->max hundredths, stored in hundredths. */
static int parse_scale(const struct opt_def *d, const char *val, struct run_opts *o)
{
	const char *dot = strchr(val, '.');
	size_t ni = dot ? (size_t)(dot - val) : strlen(val), nf = dot ? strlen(dot + 1) : 0;
	uint64_t i = 0, f = 0;
	bool ok = digits(val, ni, &i) && i < 100 && (!dot || (nf >= 1 && nf <= 2 && digits(dot + 1, nf, &f)));
	uint64_t v = i * 100 + (nf == 1 ? f * 10 : f);
	if (!ok || v < d->min || v > d->max)
		return args_usage_error("%s: expected a number from %llu.%02llu to %llu.%02llu (at most two "
		                        "decimals), got '%s'", d->name, (unsigned long long)d->min / 100,
		                        (unsigned long long)d->min % 100, (unsigned long long)d->max / 100,
		                        (unsigned long long)d->max % 100, val);
	*(uint64_t *)(void *)((char *)o + d->off) = v;
	o->phase_given |= d->off == offsetof(struct run_opts, phase);
	return 0;
}

/* --trace-limit BYTES: 0 (none) or at least d->min, with an optional
** K, M or G (powers of 1024). */
static int parse_bytes(const struct opt_def *d, const char *val, struct run_opts *o)
{
	static const char units[] = "KkMmGg";
	size_t n = strlen(val);
	const char *u = n ? strchr(units, val[n - 1]) : NULL;
	unsigned shift = u ? 10u * (unsigned)((u - units) / 2 + 1) : 0;
	uint64_t v;
	if (!digits(val, u ? n - 1 : n, &v) || v > (UINT64_MAX >> shift) || (v && v << shift < d->min))
		return args_usage_error("%s: expected 0 (no limit) or a size of at least %llu bytes, with "
		                        "an optional K, M or G, got '%s'", d->name,
		                        (unsigned long long)d->min, val);
	*(uint64_t *)(void *)((char *)o + d->off) = v << shift;
	o->trace_limit_given = true;
	return 0;
}

/* Stores the value `val` of option d into o. */
static int apply(const struct opt_def *d, const char *val, unsigned cmd, struct run_opts *o)
{
	char *field = (char *)o + d->off;
	uint64_t v = 0;
	int w = 0;
	char list[96];
	switch (d->kind) {
	case OPT_UINT:
		if (!digits(val, strlen(val), &v) || v < d->min || v > d->max)
			return args_usage_error("%s: expected an integer from %llu to %llu, got '%s'", d->name,
			                        (unsigned long long)d->min, (unsigned long long)d->max, val);
		break;
	case OPT_WORD:
		if (!sim_word_parse(d->words, val, &w))
			return args_usage_error("%s: expected %s, got '%s'", d->name,
			                        sim_word_list(d->words, list, sizeof list), val);
		v = (uint64_t)w;
		break;
	case OPT_TEXT:
		if (!*val)
			return args_usage_error("%s needs %s", d->name, d->what);
		*(const char **)(void *)field = val;
		return 0;
	case OPT_SCHED:
		return parse_sched(d, val, cmd, o);
	case OPT_SIZE:
		return parse_size(val, o);
	case OPT_BYTES:
		return parse_bytes(d, val, o);
	case OPT_SCALE:
		return parse_scale(d, val, o);
	case OPT_FLAG:
	case OPT_HELP:
		*(bool *)(void *)field = true;
		return 0;
	}
	if (d->key >= 0) {
		config_set(&o->cfg, d->key, v);
		o->given |= 1u << d->key;
	} else if (d->kind == OPT_WORD) {
		*(int *)(void *)field = w;
	} else {
		*(uint64_t *)(void *)field = v;
		o->from_given |= d->off == offsetof(struct run_opts, from);
		o->to_given |= d->off == offsetof(struct run_opts, to);
	}
	return 0;
}

/* "'beamsim run'", "'beamsim run' and 'beamsim gui'" ... */
static const char *commands(unsigned cmds)
{
	switch (cmds) {
	case ARGS_RUN: return "'beamsim run'";
	case ARGS_GUI: return "'beamsim gui'";
	case ARGS_RUN | ARGS_GUI: return "'beamsim run' and 'beamsim gui'";
	case ARGS_RUN | ARGS_CHECK: return "'beamsim run' and 'beamsim check'";
	default: return "other commands";
	}
}

static const struct opt_def *find(const char *name, size_t len)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
			return &options[i];
	return NULL;
}

/* The edit distance of s[0..n) and t (insertions, deletions, changes);
** 99 when either is longer than 31 characters. */
static size_t distance(const char *s, size_t n, const char *t)
{
	size_t m = strlen(t), row[32];
	if (n >= 32 || m >= 32)
		return 99;
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = diag + (s[i - 1] != t[j - 1]);
			best = up + 1 < best ? up + 1 : best;
			row[j] = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
			diag = up;
		}
	}
	return row[m];
}

/* "unknown option", with the option of cmd closest to it (at most 2
** edits; none for one-letter options). */
static int unknown_option(const char *a, size_t len, unsigned cmd)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; i < NOPTIONS && len > 3; i++) {
		size_t d = distance(a, len, options[i].name);
		if ((options[i].cmds & cmd) && d < best_d) {
			best = options[i].name;
			best_d = d;
		}
	}
	if (best)
		return args_usage_error("unknown option '%s' (did you mean '%s'?)", a, best);
	return args_usage_error("unknown option '%s'", a);
}

/* Parses the option argv[*i] (--opt, --opt=value or --opt value). */
static int parse_option(int argc, char **argv, int *i, unsigned cmd, struct run_opts *o)
{
	const char *a = argv[*i];
	const char *eq = strchr(a, '=');
	size_t len = eq ? (size_t)(eq - a) : strlen(a);
	const struct opt_def *d = find(a, len);
	if (!d)
		return unknown_option(a, len, cmd);
	if (!(d->cmds & cmd))
		return args_usage_error("%s belongs to %s, not 'beamsim %s'", d->name, commands(d->cmds),
		                        cmd == ARGS_RUN ? "run" : cmd == ARGS_GUI ? "gui" : "check");
	if (d->kind == OPT_FLAG || d->kind == OPT_HELP) {
		if (eq)
			return args_usage_error("%s takes no value", d->name);
		return apply(d, NULL, cmd, o);
	}
	const char *val = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
	const char *what = d->what ? d->what : "a value";
	if (!val)
		return args_usage_error("%s needs %s", d->name, what);
	if (!eq && val[0] == '-' && val[1] == '-')
		return args_usage_error("%s needs %s, got the option '%s' (write %s=%s if you mean it)",
		                        d->name, what, val, d->name, val);
	return apply(d, val, cmd, o);
}

/* The operands: run and gui take at most one file, check at least one;
** standard input ('-') can be read once, and not by the window. */
static int check_files(char **files, int n, unsigned cmd, struct run_opts *o)
{
	int dashes = 0;
	for (int i = 0; i < n; i++)
		dashes += strcmp(files[i], "-") == 0;
	o->files = files;
	o->nfiles = n;
	o->file = n ? files[0] : NULL;
	if (o->help)
		return 0;
	if (cmd != ARGS_CHECK && n > 1)
		return args_usage_error("%s takes one scenario file; '%s' is one too many",
		                        cmd == ARGS_RUN ? "run" : "gui", files[1]);
	if (cmd == ARGS_CHECK && n == 0)
		return args_usage_error("check needs at least one scenario file");
	if (cmd == ARGS_GUI && dashes)
		return args_usage_error("gui reads its scenario from a file; '-' (standard input) "
		                        "works with 'beamsim run' and 'beamsim check'");
	if (dashes > 1)
		return args_usage_error("'-' (standard input) can be given once");
	return 0;
}

int args_parse(int argc, char **argv, unsigned cmd, struct run_opts *o)
{
	memset(o, 0, sizeof *o);
	sim_config_default(&o->cfg);
	o->to = UINT64_MAX;
	int nfiles = 0;
	bool operands_only = false;
	for (int i = 0; i < argc; i++) {
		char *a = argv[i];
		if (operands_only || a[0] != '-' || a[1] == '\0') {
			argv[nfiles++] = a;     /* nfiles <= i: the options ahead stay */
		} else if (strcmp(a, "--") == 0) {
			operands_only = true;
		} else {
			int rc = parse_option(argc, argv, &i, cmd, o);
			if (rc)
				return rc;
		}
	}
	return check_files(argv, nfiles, cmd, o);
}
