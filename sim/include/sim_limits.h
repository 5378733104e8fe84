/*
** sim_limits.h - every limit of the engine and the loader, in one place
** (as xv6's param.h).
**
** sim.h includes this file, so the public limits (SIM_MAX_*, the config
** defaults) are seen by front ends exactly as before; the engine's own
** sizes below them are internal: a front end must not rely on them.  It
** lives next to sim.h in sim/include/ (the public include directory)
** because sim.h includes it; it is not called limits.h, which would
** shadow <limits.h> on that include path.  Each limit that a packed record relies on has a
** _Static_assert here; the sizes of the records themselves are checked
** where they are defined (struct proc: proc.c).
*/
#ifndef BEAMSIM_SIM_LIMITS_H
#define BEAMSIM_SIM_LIMITS_H

#include <stdint.h>

/* {=== public: what a scenario file or a command line may ask for ===} */

#define SIM_MAX_SCHEDULERS 64           /* normal (and dirty) schedulers of a run */
#define SIM_MAX_PROCESSES 10000000u     /* pids a run may create; spawns beyond are
                                           refused with system_limit */
#define SIM_MAX_FILE_BYTES (64u << 20)  /* a scenario file */
#define SIM_MAX_NESTING 64              /* JSON nesting of a scenario file */
#define SIM_MAX_MAILBOX 1000000000u     /* the largest max_mailbox a file may set */
#define SIM_MAX_MESSAGE_MEMORY (1ull << 40)          /* the largest max_message_memory */
#define SIM_DEFAULT_MAX_MESSAGE_MEMORY 200000000u    /* 200 MB: 6,250,000 queued messages */

/* Loader ranges (scenario_load.h): the largest value of each kind of key. */
#define SCN_MAX_TICKS 1000000000000ull       /* at, start, until, sleep, after, period */
#define SCN_MAX_REDUCTIONS 1000000000000ull  /* work, native */
#define SCN_MAX_SLICE 1000000000ull
#define SCN_MAX_LOOP 1000000000ull           /* loop times */
#define SCN_MAX_INTENSITY 1000000ull         /* supervisor restart intensity */
#define SCN_MAX_SPAWN_COUNT 1000000ull       /* count of a spawn (op or timeline) */
#define SCN_MAX_SEED UINT64_MAX              /* as --seed; read exactly (scn_get_uint) */
#define SCN_MAX_TEMPLATE_DEPTH 64            /* templates resolved inside templates */
#define SCN_MAX_QUESTIONS 256                /* notes with "ask" in one file */
#define SCN_MAX_CHOICES 9                    /* a question's choices (keys 1..9 pick one) */
#define SCN_MAX_AMONG 16                     /* names in a question's "among" */

/* {=== internal: sizes of the engine's records and tables ===} */

/* Frames on a process's block stack: every block (loop body, receive
** case) nests at least one JSON level inside its op, so a program's depth
** never passes the file's nesting. */
#define SIM_MAX_DEPTH SIM_MAX_NESTING
#define PT_PAGE_SHIFT 6            /* process table pages of 64 records (tests use smaller) */
#define PT_PAGE_MAX (1u << PT_PAGE_SHIFT)
#define ARCHIVE_MEM_CHUNKS 64      /* archive chunks kept in memory: 64 x 64 x 80 B = 320 KiB */
#define RESCHEDULE_LOW 8           /* BEAM erl_process.h: passes of a low process through
                                      the queue */

/* What the packed records rely on. */
_Static_assert(SIM_MAX_SCHEDULERS <= 127,
               "struct proc and struct proc_rec keep a scheduler index in an int8_t");
_Static_assert(SIM_MAX_DEPTH <= UINT8_MAX, "struct proc counts frames in a uint8_t");
_Static_assert(PT_PAGE_SHIFT <= 7, "struct pt_page counts a page's live records in a uint8_t");
_Static_assert(RESCHEDULE_LOW <= UINT8_MAX, "struct proc counts low passes in a uint8_t");
_Static_assert(SIM_MAX_PROCESSES < UINT32_MAX - 1,
               "pids are uint32_t, 0 means none, and counts saturate at the limit + 1");
_Static_assert(SCN_MAX_LOOP < UINT32_MAX, "a frame counts loop iterations in a uint32_t, "
                                          "UINT32_MAX meaning forever");
_Static_assert(SCN_MAX_SPAWN_COUNT <= SIM_MAX_PROCESSES, "one spawn fits in a run");
_Static_assert(SCN_MAX_INTENSITY < UINT32_MAX, "a supervisor's restart ring has uint32_t slots");

#endif
