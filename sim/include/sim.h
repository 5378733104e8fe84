/*
** sim.h - the public interface of libbeamsim, the BEAM scheduler engine.
**
** This is the only header a front end (the CLI, the GUI, tests of the
** public behaviour) includes.  The engine state is opaque: front ends read
** it through the view functions below and change it only through
** commands (sim_cmd_*).  The engine never calls into a front end.
**
** Memory: every *_load / *_create has a matching *_free / *_destroy.
** Pointers returned by view functions (names, event arrays, strings) are
** borrowed: they stay valid until the next call that advances or restores
** the engine (sim_step, sim_run_until, sim_checkpoint_restore, sim_cmd_*) unless stated
** otherwise.  Names and scenario strings live as long as the scenario.
**
** Determinism: the engine never reads a clock and draws no random numbers
** (config.seed is carried for features that will); the same scenario and
** config give the same events, byte for byte.
**
** Out of memory: functions that create something (sim_create,
** sim_checkpoint_create, ...) return NULL or SIM_ENOMEM and leave nothing
** behind.  Functions that advance the engine (sim_step, sim_run_until,
** sim_threads_step, sim_cmd_exit, sim_cmd_node) print "beamsim: out of
** memory" and abort() when an allocation fails halfway through a boundary:
** there is no consistent state to return to.  The scenario's
** max_message_memory (default 200 MB) keeps the largest consumer, unread
** messages, bounded, and memory otherwise grows with live processes, not
** with time.
*/
#ifndef BEAMSIM_SIM_H
#define BEAMSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim_limits.h"

#define SIM_VERSION "0.1.0"

/* {=== status, diagnostics ===} */

enum sim_status {
	SIM_OK = 0,
	SIM_ENOMEM,      /* out of memory */
	SIM_EREAD,       /* a file cannot be read */
	SIM_EINVALID,    /* a scenario or argument is not valid */
	SIM_EWRITE       /* a file cannot be written */
};

/* A list of error messages, one full line each (no trailing newline). */
struct sim_diag {
	enum sim_status status;
	char **msgs;
	size_t n, cap;
};

void sim_diag_init(struct sim_diag *d);
void sim_diag_free(struct sim_diag *d);
/* Appends a printf-formatted message; keeps at most SIM_DIAG_MAX messages
** (one more line then says how many were left out). */
void sim_diag_add(struct sim_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
#define SIM_DIAG_MAX 100

/* {=== configuration ===} */

enum sim_priority { SIM_PRIO_MAX, SIM_PRIO_HIGH, SIM_PRIO_NORMAL, SIM_PRIO_LOW, SIM_PRIO_COUNT };
enum sim_preemption { SIM_PREEMPT_REDUCTIONS, SIM_PREEMPT_COOPERATIVE };
enum sim_balance { SIM_BALANCE_STEAL, SIM_BALANCE_NONE, SIM_BALANCE_SHARED };

/* Bits of sim_config fields, for "which keys were given". */
enum sim_config_key {
	SIM_CFG_SCHEDULERS, SIM_CFG_SLICE, SIM_CFG_PREEMPTION, SIM_CFG_BALANCE,
	SIM_CFG_DIRTY, SIM_CFG_SEED, SIM_CFG_UNTIL, SIM_CFG_REDUCTION_NS,
	SIM_CFG_MAX_MAILBOX, SIM_CFG_MAX_MESSAGE_MEMORY, SIM_CFG_COUNT
};

struct sim_config {
	uint32_t schedulers;         /* 1..SIM_MAX_SCHEDULERS, default 2 */
	uint64_t slice;              /* reductions per time slice, default 4000 */
	enum sim_preemption preemption;
	enum sim_balance balance;
	uint32_t dirty_schedulers;   /* default = schedulers */
	uint64_t seed;               /* default 0 */
	uint64_t until;              /* tick limit, default 1000000 */
	uint64_t reduction_ns;       /* real CPU time per reduction of work/native under the
	                                threaded executor, default SIM_DEFAULT_REDUCTION_NS */
	uint64_t max_mailbox;        /* messages one mailbox may hold; a delivery beyond it
	                                kills the process with reason killed (BEAM's
	                                max_heap_size with kill => true); 0 = no limit (default) */
	uint64_t max_message_memory; /* bytes all mailboxes together may hold, SIM_MSG_BYTES per
	                                message; beyond it the run ends with
	                                SIM_END_MEMORY_LIMIT (the node is out of memory);
	                                0 = no limit; default SIM_DEFAULT_MAX_MESSAGE_MEMORY */
};

#define SIM_DEFAULT_REDUCTION_NS 1000000u   /* 1 ms: a teaching scenario lasts seconds */
#define SIM_MSG_BYTES 32u                   /* a queued message: the engine's record (the
                                               value is shared with the scenario) */
/* SIM_MAX_SCHEDULERS, SIM_MAX_PROCESSES, SIM_MAX_MAILBOX, ... and
** SIM_DEFAULT_MAX_MESSAGE_MEMORY: sim_limits.h, with every other limit. */

void sim_config_default(struct sim_config *c);
const char *sim_priority_name(enum sim_priority p);

/* The words of the config's enumerations: one table each, read by the
** loader, the command line and the window alike.  A table lists the
** canonical word of each value (what summaries, help and the window show)
** and then aliases accepted on input (`alias` set); it ends with word NULL.
**   preemption: "reductions" (alias "preemptive"), "cooperative"
**   balance:    "steal", "none", "shared" */
struct sim_word {
	const char *word;
	int value;
	bool alias;
};
extern const struct sim_word sim_preemption_words[];
extern const struct sim_word sim_balance_words[];
/* Sets *value to the value of `word` (canonical or alias, exact case);
** false if t has no such word. */
bool sim_word_parse(const struct sim_word *t, const char *word, int *value);
/* The canonical word of `value` in t; "?" if there is none. */
const char *sim_word_name(const struct sim_word *t, int value);
/* The canonical words of t as "a, b or c", for messages; cut to fit buf
** (size >= 1; always NUL-terminated).  Returns buf. */
const char *sim_word_list(const struct sim_word *t, char *buf, size_t size);
bool sim_preemption_parse(const char *word, enum sim_preemption *out);
bool sim_balance_parse(const char *word, enum sim_balance *out);
const char *sim_preemption_name(enum sim_preemption p);   /* canonical word */
const char *sim_balance_name(enum sim_balance b);

/* {=== scenarios ===} */

typedef struct scenario sim_scenario;

/* Loads and validates a scenario file; see scenario.h for the messages.
** On failure returns NULL and fills `d` (d->status SIM_EREAD or SIM_EINVALID). */
sim_scenario *sim_scenario_load(const char *path, struct sim_diag *d);
sim_scenario *sim_scenario_load_text(const char *text, size_t len, const char *label,
                                     struct sim_diag *d);
/* The scenario compiled into the binary (scenarios/default.json). */
sim_scenario *sim_scenario_load_default(struct sim_diag *d);
void sim_scenario_free(sim_scenario *s);
const char *sim_scenario_title(const sim_scenario *s);
/* True for a "format": 1.1 file (processes have variables). */
bool sim_scenario_has_values(const sim_scenario *s);
const char *sim_scenario_description(const sim_scenario *s);
/* The scenario's config: defaults, overridden by the keys in the file. */
struct sim_config sim_scenario_config(const sim_scenario *s);
/*
** Notes (captions).  A note is tied to a tick ("at": 10) or to the first
** time an event happens in a run ("when": {"exit": "bad"}): the process
** NAME spawns, takes a message in a receive, exits (any reason), crashes
** (exits with a reason other than normal and shutdown), or the supervisor
** SUP restarts a child.  Notes are sorted by tick, those tied to events
** last in file order.  The engine emits a NOTE event for a tick note at
** its tick, and for a note tied to an event right after the first event of
** a step that fulfils it, at that event's tick (once per run; found among
** the step's recorded events, so an event mask without that event's type
** fires none).  The GUI tracks the events itself (gui/notes.c), per pane.
*/
enum sim_note_when {
	SIM_NOTE_AT, SIM_NOTE_SPAWN, SIM_NOTE_RECEIVE, SIM_NOTE_EXIT, SIM_NOTE_CRASH,
	SIM_NOTE_RESTART, SIM_NOTE_WHEN_COUNT
};
struct sim_note {
	enum sim_note_when when;
	uint64_t at;             /* SIM_NOTE_AT; UINT64_MAX otherwise */
	const char *name;        /* the process (or supervisor) the event is about; NULL for AT */
	const char *text;
};
size_t sim_scenario_note_count(const sim_scenario *s);
/* Note i (out of range: an empty SIM_NOTE_AT note at tick 0). */
void sim_scenario_note_get(const sim_scenario *s, size_t i, struct sim_note *out);
/* Only at and text of note i (at is UINT64_MAX for a note tied to an event). */
void sim_scenario_note(const sim_scenario *s, size_t i, uint64_t *at, const char **text);
/* The key of `when` in the file: "spawn", "receive", "exit", "crash",
** "restart" ("at" for SIM_NOTE_AT). */
const char *sim_note_when_name(enum sim_note_when w);
/*
** Questions ("predict, then reveal"; docs/scenario-format.md, notes).  A
** note may carry a question: free text ("ask": "...", with the author's
** "answer") or a computed one ("ask": {"kind": K, ...}) whose answer the
** engine finds by running the scenario.  Questions are numbered 0..n-1 in
** the order of their notes (sorted by tick, those tied to events last).
** Answers, choices and the author's answer are all in one canonical text
** form, so a front end compares them with strcmp: a name, a reason, a
** decimal number, names joined by ", " (alive_at_end, in the order of
** `among`), messages as compact JSON joined by ", " (receive_order), or
** "none" (nobody, never, no message).
*/
enum sim_question_kind {
	SIM_Q_TEXT,              /* free text: the author's answer only */
	SIM_Q_EXIT_REASON,       /* the reason `of` first exits with */
	SIM_Q_EXIT_TICK,         /* the tick `of` first exits at (as the summary's exit_tick) */
	SIM_Q_ALIVE_AT_END,      /* which of `among` are alive when the run ends */
	SIM_Q_RUNS_NEXT,         /* the first process scheduler `scheduler` starts running
	                            in a tick after the question's */
	SIM_Q_RESTARTS,          /* how many children the supervisor `of` restarts */
	SIM_Q_RECEIVE_ORDER,     /* the messages `of` takes from its mailbox, in order */
	SIM_Q_FIRST_TO_FINISH,   /* which of `among` exits first (any reason) */
	SIM_Q_FINISH_TICK,       /* the tick the run ends at (the summary's "ticks") */
	SIM_Q_KIND_COUNT
};
/* "text", "exit_reason", ... as the file writes them; "?" out of range. */
const char *sim_question_kind_name(enum sim_question_kind k);
struct sim_question {
	size_t note;             /* its note (sim_scenario_note_get) */
	const char *path;        /* where it is in the file: "notes[3]" */
	enum sim_question_kind kind;
	const char *text;        /* the question as asked (a computed kind has a default) */
	const char *const *choices;   /* canonical, nchoices (0: an open question) */
	size_t nchoices;
	const char *answer;      /* the author's answer, canonical; NULL if none */
	const char *explain;     /* NULL if none */
	const char *of;          /* exit_reason, exit_tick, restarts, receive_order; else NULL */
	const char *const *among;     /* alive_at_end, first_to_finish */
	size_t namong;
	uint32_t scheduler;      /* runs_next: 1-based, as the text output numbers them */
};
size_t sim_scenario_question_count(const sim_scenario *s);
/* Question i; false (out untouched) when out of range. */
bool sim_scenario_question(const sim_scenario *s, size_t i, struct sim_question *out);

extern const char sim_default_scenario_text[];
extern const size_t sim_default_scenario_len;

/* {=== the engine ===} */

typedef struct sim sim;

/* Creates an engine at tick 0 for `scn` with `cfg` (which must be valid:
** see sim_config_check), and starts the processes of tick 0.  The
** scenario must outlive the engine.  Returns NULL when out of memory,
** also when tick 0's processes do not fit, or when cfg is invalid. */
sim *sim_create(const sim_scenario *scn, const struct sim_config *cfg);
/* sim_create recording only the event types in event_mask (see
** sim_set_event_mask) from tick 0 on: a front end that reads no events
** passes 0, so tick 0's spawn events (one per process started at tick 0,
** ~112 bytes each) are never stored. */
sim *sim_create_masked(const sim_scenario *scn, const struct sim_config *cfg, uint32_t event_mask);
void sim_destroy(sim *s);
/* Returns NULL if cfg is valid, else a static message naming the bad field. */
const char *sim_config_check(const struct sim_config *cfg);

enum sim_end {
	SIM_END_NONE, SIM_END_ALL_EXITED, SIM_END_DEADLOCK, SIM_END_LIMIT,
	SIM_END_INTERRUPTED,     /* stopped by sim_interrupt (e.g. Ctrl-C) */
	SIM_END_MEMORY_LIMIT     /* messages in mailboxes took more than max_message_memory */
};
const char *sim_end_name(enum sim_end e);

/* Advances the run: normally one tick (each scheduler executes at most
** one reduction); aborts when out of memory (see the top of this file).  When every scheduler is idle and nothing can happen
** before the next timer or timeline event, a step jumps straight to that
** tick; when every busy scheduler is only working, a step covers that
** whole stretch (see sim_set_batching).
** Returns the end state: SIM_END_NONE while the run goes on. */
enum sim_end sim_step(sim *s);
/* Ends the run now (end state SIM_END_INTERRUPTED); the views and the
** summary then describe the run so far. */
enum sim_end sim_interrupt(sim *s);
/* Batching (on by default): a stretch of ticks in which every busy
** scheduler only works inside one work/native op is executed as one step.
** It gives exactly the same state and events as single ticks; turning it
** off exists to test that. */
void sim_set_batching(sim *s, bool on);
/* Steps until the run ends or `tick` is reached. */
enum sim_end sim_run_until(sim *s, uint64_t tick);
uint64_t sim_now(const sim *s);
enum sim_end sim_end_state(const sim *s);
const struct sim_config *sim_get_config(const sim *s);
const sim_scenario *sim_get_scenario(const sim *s);

/* Checkpoints: a complete copy of the engine state, including the
** batching flag and the event mask.  Restoring one onto the engine it came
** from (or any engine of the same scenario and config) makes it continue
** exactly as the original did. */
typedef struct sim_checkpoint sim_checkpoint;
sim_checkpoint *sim_checkpoint_create(const sim *s);   /* NULL on ENOMEM */
enum sim_status sim_checkpoint_restore(sim *s, const sim_checkpoint *c);
uint64_t sim_checkpoint_tick(const sim_checkpoint *c);
size_t sim_checkpoint_bytes(const sim_checkpoint *c);
void sim_checkpoint_destroy(sim_checkpoint *c);

/* Commands from a front end, applied at the current tick boundary. */
/* Sends exit signal `reason` to pid from outside (as erlang:exit/2; "kill"
** is untrappable).  Returns false if pid is not a live process. */
bool sim_cmd_exit(sim *s, uint32_t pid, const char *reason);
/* Takes node (0 = the first of config.nodes) down (up false) or brings it
** up, now: exactly what the timeline's node_down / node_up do at this
** tick's boundary (the processes on it gone with it, without exit
** reasons; noconnection / DOWN /
** nodedown on the other nodes; or its top-level processes booted), then
** the boundary's dispatch again, so an idle scheduler takes what the
** change made runnable at this tick, as after the timeline event.  The
** events of sim_events() are then those of the command; the change is
** engine state (checkpoints keep it; sim_node_change lists it).  Returns
** false, changing nothing, when node is out of range (always without
** config.nodes), already in that state, or the run has ended. */
bool sim_cmd_node(sim *s, uint32_t node, bool up);

/* {=== events ===} */

enum sim_event_type {
	SIM_EV_SPAWN,      /* pid spawned by `other` (0 = scenario/timeline) on sched */
	SIM_EV_RUN,        /* pid ran on sched from `start` for `reductions`; why = stop reason */
	SIM_EV_SEND,       /* pid sent message msg_id to `other` */
	SIM_EV_DELIVER,    /* message msg_id placed in pid's mailbox */
	SIM_EV_DROP,       /* message msg_id to `other` (dead or unknown) dropped */
	SIM_EV_RECEIVE,    /* pid took message msg_id from its mailbox */
	SIM_EV_TIMEOUT,    /* pid's receive ... after timed out */
	SIM_EV_EXIT,       /* pid exited with reason; reason NULL: its node halted
	                      (node_down), it is gone without an exit reason */
	SIM_EV_CRASH,      /* pid raised an error (crash op) with reason; an EXIT follows */
	SIM_EV_SIGNAL,     /* exit signal reason from `other` reached pid; `effect` says what it did */
	SIM_EV_KILL,       /* pid killed by an untrappable kill (reason killed) */
	SIM_EV_LINK,       /* pid and other linked */
	SIM_EV_UNLINK,     /* pid and other unlinked */
	SIM_EV_MONITOR,    /* pid monitors other */
	SIM_EV_RESTART,    /* supervisor pid restarted child `other` (new pid) */
	SIM_EV_SUP_GIVEUP, /* supervisor pid exceeded its restart intensity */
	SIM_EV_STEAL,      /* sched stole pid from scheduler `from_sched` */
	SIM_EV_DIRTY,      /* pid moved to dirty scheduler `sched` (from 0) for a native call */
	SIM_EV_NOTE,       /* a scenario note; `text` */
	SIM_EV_LIMIT,      /* pid (0 = the scenario) hit the limit named by `text`
	                      ("max_mailbox", "max_message_memory", "max_processes");
	                      `reason` is the consequence: "killed" (pid is killed),
	                      "system_limit" (a spawn by pid was refused; `name` is
	                      the process it would have made), "memory_limit" (the run
	                      ends); `other`: the sender of the message that overflowed */
	SIM_EV_SET,        /* format 1.1: pid's `set` wrote its variable `name`; `value` is
	                      the new value (sim_value_text) */
	SIM_EV_TYPE_COUNT
};

enum sim_run_stop {
	SIM_STOP_PREEMPTED,  /* slice used up */
	SIM_STOP_WAITING,    /* receive found no matching message */
	SIM_STOP_SLEEPING,   /* sleep op */
	SIM_STOP_DIRTY,      /* left for a dirty scheduler */
	SIM_STOP_EXITED,     /* ended, crashed or was killed */
	SIM_STOP_RUN_END,    /* the run ended (limit) while it was running */
	SIM_STOP_DONE        /* (dirty scheduler) native call finished */
};

enum sim_signal_effect {
	SIM_SIG_IGNORED,     /* normal reason, not trapping: dropped */
	SIM_SIG_TRAPPED,     /* became an ["EXIT", name, reason] message */
	SIM_SIG_KILLED       /* the receiver exited */
};

struct sim_event {
	enum sim_event_type type;
	uint64_t tick;           /* when it happened (RUN: when the run ended) */
	uint32_t pid;            /* 0 = none */
	uint32_t other;          /* 0 = none */
	int32_t sched;           /* 0-based, -1 = none; SIM_EV_DIRTY: dirty scheduler index */
	int32_t from_sched;
	uint64_t start;          /* RUN: first tick of the run */
	uint64_t reductions;     /* RUN: reductions executed */
	uint64_t msg_id;         /* SEND/DELIVER/DROP/RECEIVE */
	int why;                 /* RUN: enum sim_run_stop; SIGNAL: enum sim_signal_effect */
	bool dirty;              /* RUN: on a dirty scheduler */
	const char *reason;      /* EXIT/CRASH/SIGNAL/KILL; EXIT/DOWN messages */
	const char *text;        /* NOTE: the caption */
	/* SEND/DELIVER/DROP/RECEIVE: the message.  A user message has `value`
	** (opaque, format it with sim_event_message); an ["EXIT"|"DOWN", name,
	** reason] message has tag, name and reason and value NULL. */
	const void *value;
	const char *tag;
	const char *name;
	/* RECEIVE in a format 1.1 run: the taken case's pattern when it has
	** "$" strings, and which of them bound a variable (bit k: the k-th,
	** k < 64); read them with sim_event_bindings.  NULL otherwise. */
	const void *pattern;
	uint64_t fresh;
};

/* How a format 1.1 value is written.  TEXT (the log, the inspector):
** compact JSON, a pid as <0.7.0> NAME, unquoted (its name as the log names
** processes; a pid without a name is just <0.7.0>).  JSON (the summary,
** the trace): JSON, a pid as the string "<0.7.0> NAME". */
enum sim_value_style { SIM_VALUE_TEXT, SIM_VALUE_JSON };

/* A value (a SEND's or SET's `value`, opaque) in that style, into buf
** (always NUL-terminated; cut with "..." when too long). */
void sim_value_text(const sim *s, const void *value, enum sim_value_style st, char *buf,
                    size_t size);
/* The message or value of an event (SEND/DELIVER/DROP/RECEIVE/SET) in
** that style, into buf (always NUL-terminated; cut with "..." when too
** long, which a JSON reader must treat as text). */
void sim_event_value(const sim *s, const struct sim_event *e, enum sim_value_style st,
                     char *buf, size_t size);
/* A RECEIVE's bindings: "X = 1, From = <0.2.0> client" (TEXT) or
** {"X":1,"From":"<0.2.0> client"} (JSON), in the pattern's order, into buf
** (cut with "..." when too long).  Returns how many; 0 (buf "") when the
** case bound nothing. */
size_t sim_event_bindings(const sim *s, const struct sim_event *e, enum sim_value_style st,
                          char *buf, size_t size);

/* Writes the message of a SEND/DELIVER/DROP/RECEIVE event as compact JSON
** into buf (always NUL-terminated, cut with "..." when too long). */
void sim_event_message(const struct sim_event *e, char *buf, size_t size);

/* Events produced by the last sim_step (or command), in order.
** Borrowed; valid until the next step, restore or command. */
const struct sim_event *sim_events(const sim *s, size_t *n);
const char *sim_event_type_name(enum sim_event_type t);
/* Which event types are recorded: bit (1u << type); SIM_EVENTS_ALL by
** default.  A front end that reads no events (a benchmark, a --quiet run
** without --trace) sets 0: the run itself is the same, only faster. */
#define SIM_EVENTS_ALL ((1u << SIM_EV_TYPE_COUNT) - 1)
void sim_set_event_mask(sim *s, uint32_t mask);
const char *sim_run_stop_name(enum sim_run_stop w);
const char *sim_signal_effect_name(enum sim_signal_effect e);

/* {=== the answers to a scenario's questions (sim/answer.c) ===} */

/* The answers of a run: an observer fed with every batch of events of an
** engine (like the trace writer), or made in one call by running a fresh
** engine.  The engine must record every event type (SIM_EVENTS_ALL). */
typedef struct sim_answers sim_answers;
struct sim_answer {
	bool asked;              /* its note was shown in this run */
	uint64_t asked_tick;
	bool known;              /* the answer is settled (at the latest when the run ends) */
	uint64_t reveal_tick;    /* when it is settled, never before asked_tick */
	const char *text;        /* the engine's answer (canonical); a free-text question:
	                            the author's; NULL when there is none yet */
	bool agrees;             /* no author's answer, or it equals text */
	int choice;              /* index of text among the choices, -1 if none */
};
/* NULL on ENOMEM.  s must be at tick 0; it must outlive the observer. */
sim_answers *sim_answers_create(const sim *s);
/* Feeds the events of one step (sim_events), in order. */
void sim_answers_events(sim_answers *a, const struct sim_event *ev, size_t n);
/* Settles what only the end of the run decides (alive_at_end, restarts,
** receive_order, finish_tick, and "none" for what never happened); call
** once the run has ended.  False on ENOMEM (answers then incomplete). */
bool sim_answers_finish(sim_answers *a);
/* Question i's answer so far; false when i is out of range. */
bool sim_answers_get(const sim_answers *a, size_t i, struct sim_answer *out);
void sim_answers_destroy(sim_answers *a);
/* Runs a fresh engine of scn with cfg to its end and returns its answers
** (finished).  NULL with *st = SIM_ENOMEM, or SIM_EINVALID when the run
** takes more than max_steps steps (0: no bound) or cfg is invalid. */
sim_answers *sim_answers_compute(const sim_scenario *scn, const struct sim_config *cfg,
                                 uint64_t max_steps, enum sim_status *st);

/* {=== read-only views ===} */

enum sim_proc_state {
	SIM_PROC_RUNNABLE,   /* in a run queue */
	SIM_PROC_RUNNING,    /* on a scheduler */
	SIM_PROC_WAITING,    /* in receive with no matching message */
	SIM_PROC_SLEEPING,   /* in sleep */
	SIM_PROC_DIRTY,      /* in or on a dirty scheduler */
	SIM_PROC_EXITED,
	SIM_PROC_STATE_COUNT
};
const char *sim_proc_state_name(enum sim_proc_state st);

/* Where a process is. */
struct sim_location {
	uint32_t node;           /* its node, 0-based in config.nodes order (0 without nodes) */
	int32_t sched;           /* 0-based normal scheduler it belongs to */
};

struct sim_proc_view {
	uint32_t pid;            /* 1-based; shown as <0.PID.0> */
	const char *name;
	uint32_t incarnation;    /* 1 for the first process of a name, 2 after a restart ... */
	enum sim_proc_state state;
	enum sim_priority priority;
	struct sim_location loc;
	bool trap_exit;
	bool supervisor;
	uint32_t parent;         /* 0 = none */
	uint64_t reductions;
	uint64_t sent, received;
	size_t mailbox;
	uint64_t spawn_tick;
	uint64_t exit_tick;      /* valid when EXITED (halted: the tick its node halted) */
	const char *exit_reason; /* NULL while alive, and when halted */
	bool halted;             /* EXITED because its node halted (node_down): it is
	                            gone with node loc.node and has no exit reason */
	const char *current_op;  /* "work", "receive", ... or NULL when exited */
	uint64_t op_remaining;   /* reductions left of the current work/native op */
	size_t nlinks, nmonitors;
	uint32_t stopping_by;    /* pid of the supervisor that sent this process `shutdown`
	                            and waits for its exit; 0 otherwise */
	uint64_t stop_deadline;  /* tick at which it is killed; UINT64_MAX = infinity;
	                            valid when stopping_by != 0 */
};

struct sim_sched_view {
	uint32_t id;             /* 0-based */
	uint32_t running;        /* pid, 0 = idle */
	uint64_t slice_used;     /* reductions used in the running process's slice */
	size_t queue_len[SIM_PRIO_COUNT];
	uint64_t busy, idle, steals, context_switches;
};

struct sim_totals {
	uint64_t sent, delivered, dropped, in_mailboxes;
	uint64_t spawned, exited;
	uint64_t spawn_failed;   /* spawns refused at the process limit (system_limit) */
};

size_t sim_proc_count(const sim *s);                 /* pids allocated so far */
/* Any pid from 1 to sim_proc_count.  An exited process whose record has
** been archived (see sim_proc_next_resident) still has its view: state,
** exit reason and ticks, counters; no current op, links or monitors. */
bool sim_proc_view(const sim *s, uint32_t pid, struct sim_proc_view *v);
/* How the process of view v ended, in words for a front end: its exit
** reason, or "gone with NODE" (written into buf) when its node halted;
** NULL while it is alive. */
const char *sim_proc_end_words(const sim *s, const struct sim_proc_view *v, char *buf,
                               size_t size);
/* Format 1.1: pid's variables (its state; at exit, as they were then) as
** one line of JSON, an object in the order they were first set; a pid
** shows as "<0.N.0> NAME" (SIM_VALUE_JSON).  A malloc'd string the caller frees; NULL when pid never
** existed or on ENOMEM. */
char *sim_proc_variables(const sim *s, uint32_t pid);
/* The engine keeps full records of live processes and of recent exits
** ("resident"); the records of processes long exited are archived (kept
** compact, possibly on disk) so that endless restarts do not grow memory.
** These return the nearest resident pid >= pid (next) or <= pid (prev),
** 0 if none: a front end that redraws every frame iterates with them
** instead of visiting every pid ever spawned. */
uint32_t sim_proc_next_resident(const sim *s, uint32_t pid);
uint32_t sim_proc_prev_resident(const sim *s, uint32_t pid);
/* Copies up to max linked / monitored pids; returns the total count. */
size_t sim_proc_links(const sim *s, uint32_t pid, uint32_t *out, size_t max);
size_t sim_proc_monitors(const sim *s, uint32_t pid, uint32_t *out, size_t max);
/* Message i (0 = oldest) of pid's mailbox as short text; NULL if out of
** range (or out of memory for the buffer).
** The string is valid until the next call of this function. */
const char *sim_proc_message(const sim *s, uint32_t pid, size_t i);
size_t sim_sched_count(const sim *s);
void sim_sched_view(const sim *s, uint32_t sched, struct sim_sched_view *v);
/* Copies up to max pids of sched's run queue in the order they will run
** (max, high, then normal/low); returns the total count. */
size_t sim_sched_queue(const sim *s, uint32_t sched, uint32_t *out, size_t max);
size_t sim_dirty_count(const sim *s);
uint32_t sim_dirty_running(const sim *s, uint32_t dirty_sched);   /* pid or 0 */
void sim_totals(const sim *s, struct sim_totals *t);
/* Bytes the engine has allocated for its state (capacities, without the
** allocator's own overhead); the scenario is not included. */
size_t sim_memory_bytes(const sim *s);

/*
** Nodes (config.nodes).  A scenario without nodes runs on one node and
** sim_node_count is 0 there (summaries, traces and views stay as they
** were).  Schedulers are numbered globally: node k has the normal
** schedulers first_sched .. first_sched + nsched - 1 and the dirty ones
** first_dirty .. first_dirty + ndirty - 1, the nodes in file order.
*/
struct sim_node_view {
	const char *name;        /* as in the file ("a") */
	const char *host;        /* as shown in summaries and traces: "a@beamsim" */
	bool up;
	uint32_t first_sched, nsched, first_dirty, ndirty;
	uint64_t busy, idle;     /* its normal schedulers' ticks, summed */
	uint64_t msgs_in, msgs_out;   /* user messages that crossed the network to / from it */
	uint32_t nchanges;       /* times it went down or came up (sim_node_change) */
};
size_t sim_node_count(const sim *s);
bool sim_node_view(const sim *s, uint32_t node, struct sim_node_view *v);
/* The k-th time node went down (*up false) or came up (*up true): its tick.
** False when k is out of range. */
bool sim_node_change(const sim *s, uint32_t node, uint32_t k, uint64_t *tick, bool *up);
/* The node of normal scheduler `sched` (0 without nodes). */
uint32_t sim_sched_node(const sim *s, uint32_t sched);
uint32_t sim_dirty_node(const sim *s, uint32_t dirty_sched);
/* The partition group of node (sim/view_net.c): two nodes that are both
** up can talk when their groups are equal.  All nodes are in group 0
** until a partition, and again after heal; out of range: 0. */
uint32_t sim_node_group(const sim *s, uint32_t node);
/*
** Signals in flight between nodes (sim/view_net.c), for the window to draw
** each at its place on the way: messages, EXIT/DOWN messages, exit signals
** and the other signals (link, monitor ...) that cross the network.  `sent`
** is the tick it went on the network and `due` the tick it arrives (the
** pair's latency apart): at tick now it is (now - sent) / (due - sent) of
** the way.  `lost`: the connection broke (a partition, a node down) after
** it was sent, or cannot carry it now; the engine drops it at `due`
** (OTP loses what the distribution channel held).  Read straight from the
** engine's network, so it is exact after a step back.  Indices 0 ..
** sim_net_count - 1 in no particular order (the same for the same state);
** 0 signals without config.nodes.
*/
enum sim_net_kind { SIM_NET_MESSAGE, SIM_NET_EXIT, SIM_NET_DOWN, SIM_NET_OTHER };
struct sim_net_view {
	uint32_t from, to;        /* pids */
	uint32_t from_node, to_node;
	uint64_t sent, due;       /* ticks */
	uint64_t msg_id;          /* a message's id (as its SEND event's); 0 for other signals */
	enum sim_net_kind kind;
	const char *reason;       /* SIM_NET_EXIT / SIM_NET_DOWN: the reason; else NULL */
	bool lost;
};
size_t sim_net_count(const sim *s);
/* Signal i in flight; false (v zeroed) when out of range. */
bool sim_net_get(const sim *s, size_t i, struct sim_net_view *v);

/* Supervisors: one entry per supervisor process (pid). */
struct sim_sup_view {
	uint32_t pid;
	const char *name;
	uint64_t restarts;
	const char *exit_reason;  /* NULL while alive, and when halted */
	bool halted;              /* gone with its node (node_down): no exit reason */
	/* The restart policy and its window at the current tick (zero and
	** NULL once the supervisor's record is archived, long after it exited). */
	const char *strategy;     /* "one_for_one", "one_for_all", "rest_for_one" */
	uint32_t intensity;       /* restarts allowed within `period` ticks */
	uint64_t period;
	uint32_t in_period;       /* restarts within the last `period` ticks, counting
	                          ** the one that exceeded the intensity (> intensity:
	                          ** the supervisor gave up) */
	uint32_t nchildren;       /* child slots, in start order: sim_sup_child */
	uint32_t stopping;        /* pid of the child it is stopping and waiting for; 0 none */
};
size_t sim_sup_count(const sim *s);
void sim_sup_view(const sim *s, size_t i, struct sim_sup_view *v);
/* Child slot k (0-based, start order) of the supervisor `sup_pid`: its name
** and the pid of its current incarnation (0 while it is not running:
** terminated and not restarted yet, or gone for good when `removed`).
** False if sup_pid is not a resident supervisor or k is out of range. */
struct sim_sup_child_view {
	const char *name;
	uint32_t pid;
	bool removed;             /* a temporary child that exited: never restarted */
};
bool sim_sup_child(const sim *s, uint32_t sup_pid, uint32_t k, struct sim_sup_child_view *v);

/* {=== exporters ===} */

/* Writes the --summary JSON of the run so far (see docs/cli.md) to f,
** ending with a newline.  It is streamed: its memory does not grow with
** the number of pids.  `ts`: the threaded executor's figures (adds
** "engine", "wall_seconds" = ts->wall_seconds, and per scheduler
** "cpu_seconds" and "real_utilization"); NULL for a sim run.  Returns
** SIM_ENOMEM if its small write buffer cannot be allocated, SIM_EWRITE if
** a write failed (f's error indicator is set; errno says why, when the
** failed write was the writer's own), else SIM_OK.  It stops writing at
** the first failure.  The caller still flushes and closes f. */
struct sim_threads_stats;
enum sim_status sim_summary_write(const sim *s, FILE *f, const struct sim_threads_stats *ts);
/* The same document (sim run form, without the final newline) as a NUL-
** terminated string the caller frees with free(); NULL on ENOMEM. */
char *sim_summary_json(const sim *s);

/* A streaming writer of the Chrome Trace Event Format (Perfetto,
** chrome://tracing): one thread per scheduler, an X event per run of a
** process, instant events, and flow events for messages; 1 tick = 1 us.
** Feed it every batch of events (sim_events after sim_create and after
** each step), then close it.  The FILE stays the caller's. */
typedef struct sim_trace sim_trace;
sim_trace *sim_trace_open(FILE *f, const sim *s);           /* NULL on ENOMEM */
/* The same with a size limit (0: none; else at least SIM_TRACE_MIN_LIMIT):
** when the next record would take the file past `limit` bytes, the writer
** stops writing records (sim_trace_full turns true) and the closed file
** ends with a "trace limit reached" instant event; it stays valid JSON of
** at most `limit` bytes. */
sim_trace *sim_trace_open_limit(FILE *f, const sim *s, uint64_t limit);
#define SIM_TRACE_MIN_LIMIT 1024u
void sim_trace_events(sim_trace *t, const struct sim_event *ev, size_t n);
/* Whether the limit was reached; then *tick (if not NULL) is the tick of
** the first event left out. */
bool sim_trace_full(const sim_trace *t, uint64_t *tick);
/* Writes the end of the file and frees t; SIM_EWRITE if any write failed,
** SIM_ENOMEM if a record could not be rendered (the file ends valid but
** without the records from then on).  The caller flushes and closes f. */
enum sim_status sim_trace_close(sim_trace *t);

/* {=== views for the GUI (sim/view_gui.c) ===} */

/* One line of a process's program as the inspector shows it. */
struct sim_op_line {
	char text[64];           /* e.g. "work 120", "send -> pong", "loop 3x" */
	uint32_t depth;          /* nesting: 0 = top level, 1 = inside a loop/case ... */
	bool current;            /* the op the process executes now (innermost frame) */
	bool active;             /* the op is on the process's stack (an enclosing loop) */
};

/* Copies up to max lines of pid's program as it stands now: every frame of
** its stack (outermost first), each frame's ops indented by its depth, the
** op at each frame's position marked `active`, the innermost one `current`.
** Returns the total number of lines (0 for an exited process, a supervisor
** or an unknown pid). */
size_t sim_proc_program(const sim *s, uint32_t pid, struct sim_op_line *out, size_t max);

/* One variable of a process's state (format 1.1), for the inspector. */
struct sim_var_view {
	char name[32];           /* without the '$'; a longer name ends in "..." */
	char value[96];          /* as the log prints values (a pid as <0.7.0> plus its
	                         ** name); a longer value ends in "..." */
	uint64_t changed_tick;   /* the tick in which a `set` last wrote it; its
	                         ** spawn tick while it keeps its initial value */
	bool set;                /* a `set` wrote it (false: the value of `state`) */
};

/* Copies up to max of pid's state variables, in the order they were first
** set (the `state` object's order first); returns how many it has (0 for a
** process without state or an unknown pid).  An exited process keeps its
** variables at exit. */
size_t sim_proc_vars(const sim *s, uint32_t pid, struct sim_var_view *out, size_t max);

/* Applies the fields of `over` whose bit (1u << enum sim_config_key) is set
** in `given` onto `c`, as the command line's flags do: when schedulers
** changes and c's dirty_schedulers equalled its schedulers (the default),
** the dirty count follows; dirty_schedulers never exceeds schedulers. */
void sim_config_override(struct sim_config *c, const struct sim_config *over, uint32_t given);

/* {=== the threaded executor ===} */

/* Runs every scheduler and dirty scheduler of `s` on its own POSIX thread
** (normal schedulers bound to cores where the OS allows).  Each reduction
** of a work or native op then burns `reduction_ns` of real CPU time (0:
** none), so wall-clock time shows how the schedule uses the cores.  The
** schedule, events and summary are byte-identical to sim_step's.  Use
** sim_threads_step instead of sim_step while it runs; NULL on failure. */
typedef struct sim_threads sim_threads;
sim_threads *sim_threads_start(sim *s, uint64_t reduction_ns);
enum sim_end sim_threads_step(sim_threads *t);
/* One line on how threads were bound to cores (or why not). */
const char *sim_threads_note(const sim_threads *t);
/* Burn-loop iterations per nanosecond measured at start (0 without work). */
double sim_threads_calibration(const sim_threads *t);

struct sim_threads_stats {
	double wall_seconds;                         /* from start to stop */
	uint32_t nsched, ndirty;
	double cpu_seconds[SIM_MAX_SCHEDULERS * 2];  /* per thread: schedulers, then dirty ones */
};
/* Stops and joins the threads, fills `st` (may be NULL) and frees t. */
void sim_threads_stop(sim_threads *t, struct sim_threads_stats *st);

#endif
