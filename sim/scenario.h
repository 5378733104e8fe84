/*
** scenario.h - the loaded, validated scenario (internal to sim/).
**
** A scenario is immutable once loaded: the engine and all its checkpoints
** share one copy and only read it.  Every string the engine can ever need
** (process names, including the NAME_1..NAME_N names a counted spawn
** creates, exit reasons, template names) is an atom made at load time, so
** the engine compares ids, never strings.  Counted names are ranges of
** ids; atom_name makes such a name's string the first time it is asked
** for (a view, an event), the only allocation a name can cost while the
** engine runs.
**
** Memory: scn_load_* returns a scenario owned by the caller, released with
** scn_free().  Message values and receive patterns are terms (term.h) in
** the buffer `terms`; they stay valid until scn_free().
*/
#ifndef BEAMSIM_SCENARIO_H
#define BEAMSIM_SCENARIO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

struct cJSON;
struct scn_arena;
struct term;

typedef uint32_t atom_t;

/* Atoms every scenario has, interned first and in this order. */
enum {
	ATOM_NORMAL,       /* "normal" */
	ATOM_KILL,         /* "kill" */
	ATOM_KILLED,       /* "killed" */
	ATOM_SHUTDOWN,     /* "shutdown" */
	ATOM_NOPROC,       /* "noproc" */
	ATOM_EXIT_TAG,     /* "EXIT" */
	ATOM_DOWN_TAG,     /* "DOWN" */
	ATOM_SYSTEM_LIMIT, /* "system_limit" */
	ATOM_BADARG,       /* "badarg" */
	ATOM_NONE,         /* "" : no name (e.g. an external sender) */
	ATOM_PREDEFINED_COUNT
};

/*
** Interned strings. Ids are dense, 0..n-1; names are NUL-terminated.
**
** Counted names (STEM_1 .. STEM_k from `count`) are not stored as strings:
** a range of ids stands for STEM_lo .. STEM_(lo+n-1), so a long stem with a
** big count costs a few bytes per name, not a copy of the stem each.  A
** counted name's string is made the first time atom_name asks for it and
** then kept (published atomically: the threaded executor may ask from
** several threads), so memory for names grows only with the names a front
** end or an event reads.  Lookups by string find counted names too: an
** atom has one id whichever way it was made.
*/
struct atom_slot {
	uint32_t hash;     /* the name's full hash: most probes never touch names */
	uint32_t id;       /* UINT32_MAX = empty */
};
struct atom_range {
	atom_t base;       /* the stem: a plain (not counted) atom */
	atom_t first;      /* ids first .. first+n-1 ... */
	uint32_t n;
	uint32_t lo;       /* ... are STEM_lo .. STEM_(lo+n-1), lo >= 1 */
	uint32_t next;     /* next range of the same stem, UINT32_MAX = none */
};
struct atom_table {
	_Atomic(char *) *names;    /* by id; NULL: a counted name not made yet */
	uint32_t n, cap;
	struct atom_slot *slots;   /* plain atoms only: open addressing, hcap slots */
	uint32_t hcap, nplain;
	struct atom_pool *pool;    /* the plain names' bytes, in big blocks */
	struct atom_range *ranges; /* counted names, by increasing first */
	uint32_t nranges, rcap;
	struct atom_slot *heads;   /* stem -> its first range (hash = stem id, id = range) */
	uint32_t headcap, nheads;
};

void atom_init(struct atom_table *t);      /* interns the predefined atoms */
void atom_free(struct atom_table *t);
atom_t atom_intern(struct atom_table *t, const char *s);  /* UINT32_MAX on ENOMEM */
/* The same for the len bytes at s (no NUL among them). */
atom_t atom_intern_n(struct atom_table *t, const char *s, size_t len);
/* Interns STEM_1 .. STEM_k, STEM the name of `stem`, into out[0..k-1]
** without copying STEM (see above); false on ENOMEM, out then partly
** written. */
bool atom_intern_counted(struct atom_table *t, atom_t stem, uint64_t k, atom_t *out);
atom_t atom_find(const struct atom_table *t, const char *s); /* UINT32_MAX if absent */
/* The length of a's name, without making it. */
size_t atom_length(const struct atom_table *t, atom_t a);
/* Copies at most cap-1 bytes of a's name into buf (NUL-terminated) without
** making it: for messages about names that may be long. */
void atom_prefix(const struct atom_table *t, atom_t a, char *buf, size_t cap);
/* Makes (once) and returns the name of a counted atom; "?" on ENOMEM. */
const char *atom_make_name(const struct atom_table *t, atom_t a);
static inline const char *atom_name(const struct atom_table *t, atom_t a)
{
	const char *s = atomic_load_explicit(&t->names[a], memory_order_acquire);
	return s ? s : atom_make_name(t, a);
}

/* {=== programs ===} */

enum op_kind {
	OP_WORK, OP_NATIVE, OP_SEND, OP_RECEIVE, OP_SPAWN, OP_LINK, OP_UNLINK,
	OP_MONITOR, OP_TRAP_EXIT, OP_SLEEP, OP_CRASH, OP_EXIT, OP_LOOP,
	OP_SET, OP_IF, OP_FOREACH,   /* format 1.1 */
	OP_MONITOR_NODE,             /* distribution (config.nodes) */
	OP_KIND_COUNT
};

/*
** Expressions (format 1.1, value.c).  A value position holds a constant
** term, a variable ("$name") or a term with variables to fill in; `set`
** values and conditions add operators whose arguments are expressions.
*/
enum expr_kind {
	EX_CONST,     /* u.t, used as it is */
	EX_VAR,       /* name: "$name" */
	EX_BUILD,     /* u.t with "$name" (and "$$" literal) strings to fill in */
	EX_ADD, EX_SUB, EX_MUL, EX_DIV, EX_APPEND, EX_REMOVE, EX_LEN, EX_NTH,
	EX_EQ, EX_NE, EX_LT, EX_LE, EX_GT, EX_GE, EX_MEMBER, EX_AND, EX_OR, EX_NOT,
	EX_KIND_COUNT
};

struct expr {
	uint8_t kind;           /* enum expr_kind */
	uint32_t n;             /* operators: args; EX_VAR: length of name */
	union {
		const struct term *t;      /* EX_CONST, EX_BUILD */
		const char *name;          /* EX_VAR (without the '$') */
		const struct expr *args;   /* operators */
	} u;
};

/* TARGET_VAR: the pid in the variable `var` (format 1.1). */
enum target_kind { TARGET_NAME, TARGET_SELF, TARGET_PARENT, TARGET_SENDER, TARGET_VAR };

struct target {
	enum target_kind kind;
	atom_t name;            /* TARGET_NAME only */
	const struct expr *var; /* TARGET_VAR only */
};

struct oplist {
	struct op *ops;
	uint32_t n;
	bool foreach;           /* the body of a foreach: each iteration binds its variable */
};

struct recv_case {
	const struct term *match;   /* NULL: matches any message */
	struct oplist body;
	bool binds;                 /* format 1.1: the pattern has "$" strings (value.c matches it) */
	const char *var;            /* the whole pattern is one variable "$X": X (in the
	                               pattern's bytes), varlen long; else NULL */
	uint32_t varlen;
	const struct expr *when;    /* guard, NULL = none */
};

#define LOOP_FOREVER UINT64_MAX

struct op {
	enum op_kind kind;
	uint32_t line;          /* 1-based line of the op object in the file, 0 if unknown */
	/* format 1.1: the count (work/native reductions, sleep ticks, loop
	** times) or the reason (crash, exit) read from a variable; NULL: the
	** constant below */
	const struct expr *var;
	union {
		struct { uint64_t reductions; bool dirty; } work;   /* WORK, NATIVE */
		struct {
			struct target to;
			const struct term *message;
			const struct expr *value;   /* non-NULL: a message with variables */
		} send;
		struct {
			struct recv_case *cases;
			uint32_t ncases;    /* >= 1; `{"op":"receive"}` is one case with match NULL */
			bool has_after;
			uint64_t after_ticks;
			struct oplist after_body;
		} receive;
		struct {
			uint32_t tmpl;      /* index into scenario.templates */
			atom_t *names;      /* ncount names: AS, or AS_1..AS_N when count was given */
			uint32_t nnames;
			bool link, monitor;
			int32_t node;       /* node index, -1 = the spawner's node */
		} spawn;
		struct target peer;     /* LINK, UNLINK, MONITOR */
		bool trap;              /* TRAP_EXIT */
		uint64_t ticks;         /* SLEEP */
		atom_t reason;          /* CRASH */
		struct { atom_t reason; bool has_to; struct target to; } exit;
		struct { uint64_t times; struct oplist body; } loop;  /* times may be LOOP_FOREVER */
		uint32_t node;          /* MONITOR_NODE: node index */
		struct { const char *var; uint32_t len; struct expr value; } set;   /* SET */
		struct { struct expr cond; struct oplist then, els; } cond;          /* IF */
		struct { const char *var; uint32_t len; struct expr in; struct oplist body; } each;
	} u;
};

/* {=== process specifications ===} */

enum restart_type { RESTART_PERMANENT, RESTART_TRANSIENT, RESTART_TEMPORARY };
enum sup_strategy { SUP_ONE_FOR_ONE, SUP_ONE_FOR_ALL, SUP_REST_FOR_ONE };

struct spec;

/* Special values of spec.shutdown; a number of ticks is at most SCN_MAX_TICKS. */
#define SPEC_SHUTDOWN_INFINITY UINT64_MAX         /* wait for the child for ever */
#define SPEC_SHUTDOWN_BRUTAL (UINT64_MAX - 1)     /* brutal_kill: exit(Child, kill) */
#define SPEC_SHUTDOWN_DEFAULT (UINT64_MAX - 2)    /* 5000 for a worker, infinity for a
                                                     supervisor (OTP) */

struct sup_spec {
	enum sup_strategy strategy;
	uint32_t intensity;         /* default 1 */
	uint64_t period;            /* default 5000 ticks */
	struct spec *children;      /* started in this order */
	uint32_t nchildren;
};

/*
** One process entry (from `processes`, a supervisor's `children`, a
** timeline spawn) or one template, with any template already merged in.
** A spec with count N describes N processes named names[0..N-1].
*/
struct spec {
	atom_t name;                /* base name as written (template name for templates) */
	atom_t *names;              /* nnames expanded names */
	uint32_t nnames;            /* 1 without count */
	enum sim_priority priority;
	int32_t scheduler;          /* 0-based initial scheduler (of its node), -1 = default */
	int32_t node;               /* node index ("node"), -1 = the spawner's (first: top level) */
	const uint32_t *nodes;      /* supervisor children: "nodes", the nodes to try in order */
	uint32_t nnodes;
	bool trap_exit;
	uint64_t start;             /* tick of spawn (top-level entries only) */
	enum restart_type restart;  /* supervisor children only */
	uint64_t shutdown;          /* supervisor children: ticks a child may take to stop
	                               (OTP's shutdown), or a SPEC_SHUTDOWN_* value */
	struct oplist program;      /* when sup == NULL */
	const struct term *state;   /* format 1.1: initial variables (an object), or NULL */
	struct sup_spec *sup;       /* non-NULL: this is a supervisor */
};

/* {=== timeline and notes ===} */

enum tl_kind { TL_SEND, TL_EXIT, TL_SPAWN, TL_NODE_DOWN, TL_NODE_UP, TL_PARTITION, TL_HEAL };

struct tl_event {
	uint64_t at;
	enum tl_kind kind;
	struct target to;              /* SEND, EXIT (always TARGET_NAME) */
	const struct term *message;    /* SEND */
	atom_t reason;                 /* EXIT */
	struct spec spawn;             /* SPAWN */
	uint32_t node;                 /* NODE_DOWN, NODE_UP */
	const uint32_t *groups;        /* PARTITION: the group of each node (0-based) */
};

/* A note shows from tick `at` (when == SIM_NOTE_AT), or from the first
** time the event `when` happens to the process `name` (then `at` is
** UINT64_MAX: the engine's NOTE events are for plain ticks only). */
/* A question carried by a note (question.c; sim.h's struct sim_question
** says what each field means).  Every string is canonical. */
struct question {
	enum sim_question_kind kind;
	char *text;
	char *of;                   /* or NULL */
	char **among;
	uint32_t namong;
	uint32_t scheduler;
	char **choices;
	uint32_t nchoices;
	char *answer;               /* or NULL */
	char *explain;              /* or NULL */
	char *path;                 /* "notes[I]" with I the index in the file */
};

struct note {
	struct question *q;         /* NULL: a plain caption */
	uint64_t at;
	enum sim_note_when when;
	char *name;                 /* NULL for SIM_NOTE_AT */
	atom_t atom;                /* name's atom (not SIM_NOTE_AT) */
	char *text;
};

/* One pair of the top-level `links`: both are names of processes the file
** starts itself (processes, children, timeline `process` spawns), a != b. */
struct link_pair {
	atom_t a, b;
};

/* {=== distribution ===} */

/* One node of config.nodes.  Schedulers are numbered globally: node k's
** normal schedulers are first_sched .. first_sched + schedulers - 1 (the
** nodes in file order), its dirty ones likewise from first_dirty. */
struct node_spec {
	const char *name;           /* as written ("a") */
	const char *host;           /* as shown: "a@beamsim" (node_host) */
	uint32_t schedulers, dirty;
	uint32_t first_sched, first_dirty;
	const struct term *nodedown;   /* ["nodedown", NAME]: what monitor_node delivers */
};

#define SCN_DEFAULT_LATENCY 20

/* {=== the scenario ===} */

struct scenario {
	char *title;                /* never NULL ("" when absent) */
	char *description;          /* never NULL */
	struct sim_config config;   /* defaults filled in */
	uint32_t config_given;      /* bit (1u << SIM_CFG_x) set for keys present in the file */
	struct atom_table atoms;
	struct spec *templates;     /* resolved templates, name = template name */
	uint32_t ntemplates;
	struct spec *procs;         /* top-level `processes`, in file order */
	uint32_t nprocs;
	struct tl_event *timeline;  /* sorted by `at`, stable (file order for equal ticks) */
	uint32_t ntimeline;
	struct note *notes;         /* sorted by `at`, stable */
	uint32_t nnotes;
	uint32_t *when_order;       /* the notes tied to events, by (atom, when, index) */
	uint32_t nwhen;
	uint32_t *question_notes;   /* the notes with a question, in note order */
	uint32_t nquestions;
	uint64_t static_processes;  /* processes the file starts without any spawn op */
	struct cJSON *root;         /* the file's tree (arena memory) */
	unsigned char *terms;       /* message values and patterns (term.h; malloc'd) */
	struct link_pair *links;    /* top-level `links`, in file order; each is made
	                               when the later of the two processes spawns */
	uint32_t nlinks;
	struct scn_arena *arena;    /* owns every array and string above (loader-private) */
	bool values;                /* "format": 1.1 (variables, patterns that bind) */
	struct node_spec *nodes;    /* config.nodes; NULL (nnodes 0) = one node, as before */
	uint32_t nnodes;
	uint64_t *latency;          /* nnodes x nnodes: latency[from * nnodes + to] (config.net) */
	atom_t atom_noconnection;   /* "noconnection" (with nodes) */
	atom_t atom_badarith;       /* "badarith" (format 1.1) */
};

/*
** Loading.  On success returns the scenario and leaves `d` empty.  On
** failure returns NULL, sets d->status (SIM_EREAD: the file cannot be
** read; SIM_EINVALID: it is not a valid scenario) and appends one message
** per problem found, each a full line without the trailing newline:
**   "FILE:LINE:COL: error: MESSAGE"                 JSON syntax errors
**   "FILE: PATH: MESSAGE"                           schema errors
** where PATH is a JSON path such as processes[2].program[0].reductions.
** `label` is the name used for FILE in messages.
*/
struct scenario *scn_load_file(const char *path, struct sim_diag *d);
struct scenario *scn_load_text(const char *text, size_t len, const char *label,
                               struct sim_diag *d);
void scn_free(struct scenario *s);

#endif
