/*
** args.h - the command line of `beamsim`: its exit codes, and the options
** of run, gui and check, parsed from one table (args.c).
*/
#ifndef BEAMSIM_CLI_ARGS_H
#define BEAMSIM_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

/* Exit codes: one per cause (docs/cli.md "Exit codes"; --help lists them).
** `check` with several files exits with the highest code among them. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_WRITE = 1,        /* an output cannot be written: stdout, --summary, --trace, --sequence,
	                          --mermaid, screenshot */
	EXIT_USAGE = 2,        /* unknown command or option, bad option value */
	EXIT_INVALID = 3,      /* invalid scenario */
	EXIT_READ = 4,         /* a scenario file cannot be read (missing, not a regular file ...) */
	EXIT_NOMEM = 5,        /* out of memory */
	EXIT_NO_DISPLAY = 6,   /* no display for `beamsim gui` (when not falling back to text) */
	EXIT_THREADS = 7,      /* the scheduler threads cannot start (--engine threads) */
	EXIT_SIGINT = 130,     /* stopped by SIGINT (Ctrl-C); summary and trace still written */
	EXIT_SIGTERM = 143     /* stopped by SIGTERM; summary and trace still written */
};

/* The commands an option belongs to (bits). */
enum args_cmd { ARGS_RUN = 1u, ARGS_GUI = 2u, ARGS_CHECK = 4u };

#define ARGS_MAX_SCHED_LIST 16

enum args_overlay { ARGS_OVERLAY_NONE, ARGS_OVERLAY_HELP, ARGS_OVERLAY_PICKER, ARGS_OVERLAY_QUESTION,
                    ARGS_OVERLAY_ANSWER };
enum args_theme { ARGS_THEME_DARK, ARGS_THEME_CONTRAST };
enum args_view { ARGS_VIEW_UNSET, ARGS_VIEW_LANES, ARGS_VIEW_SEQUENCE, ARGS_VIEW_BOTH };

/* --scale, in hundredths: the window's text and shapes, as Ctrl +/- change them */
#define ARGS_SCALE_MIN 50
#define ARGS_SCALE_MAX 250

/* Everything the command line sets.  Strings point into argv. */
struct run_opts {
	const char *file;          /* run, gui: the scenario; NULL = the built-in default */
	char **files;              /* check: the files (in argv's own array), nfiles of them */
	int nfiles;
	bool help;                 /* --help: print the usage and exit 0 */
	int threads;               /* --engine: 0 sim, 1 threads */
	uint32_t sched_list[ARGS_MAX_SCHED_LIST];
	size_t nsched_list;        /* --schedulers 1,2,4: a speed-up table */
	const char *summary;
	const char *trace;
	uint64_t trace_limit;      /* --trace-limit: bytes, 0 = none */
	bool trace_limit_given;
	bool log, quiet;
	bool questions;            /* --questions: print the scenario's questions and answers */
	bool no_answers;           /* --no-answers: the questions only (a worksheet) */
	const char *sequence;      /* --sequence OUT.svg: the sequence chart */
	const char *mermaid;       /* --mermaid OUT.mmd: the same as Mermaid */
	uint64_t from, to;         /* --from, --to: the charts' or the GIF's range (to: UINT64_MAX = the end) */
	bool from_given, to_given;
	const char *only;          /* --only NAME,...: the charts' processes */
	struct sim_config cfg;
	uint32_t given;            /* bits of enum sim_config_key set on the command line */
	/* gui only */
	const char *screenshot, *inspect, *compare;
	int overlay;               /* enum args_overlay */
	uint64_t at;
	uint64_t width, height;    /* --size WxH; 0: the default */
	uint64_t scale;            /* --scale in hundredths; 0: the default (1.00) */
	uint64_t phase;            /* --phase in hundredths (0 to 100), when phase_given */
	bool phase_given;
	int theme;                 /* enum args_theme */
	const char *gif;           /* --gif OUT.gif: ticks from..to as an animated GIF */
	uint64_t fps;              /* --fps: frames per tick; 0: the default */
	int view;                  /* enum args_view: --view lanes|sequence|both */
	bool self_test;            /* --self-test: questions judged, answers hidden, a score */
	bool no_questions;         /* --no-questions: the window asks nothing */
};

/* Parses the arguments after the command word (argv[0..argc)) for `cmd`
** (one enum args_cmd) into o, which it first resets to defaults.  Operands
** (anything not starting with '-', or '-' alone, and everything after
** "--") are the files; run and gui take at most one.  Returns 0, or
** EXIT_USAGE after printing a message naming the option and the value.
** Reorders argv's pointers (the files first); the strings stay. */
int args_parse(int argc, char **argv, unsigned cmd, struct run_opts *o);

/* Prints "beamsim: " and the printf-formatted message, then the --help
** hint, to stderr; returns EXIT_USAGE. */
int args_usage_error(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

#endif
