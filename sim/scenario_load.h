/*
** scenario_load.h - the scenario loader's private interface (sim/scenario*.c,
** sim/diag.c).
**
** Loading runs in three phases:
**   1. json_lex.c checks the JSON syntax itself (exact LINE:COL, the
**      nesting limit, UTF-8) and scenario_json.c builds the cJSON tree in
**      the same pass, in the arena, each node followed by the byte offset
**      of its value; the values of `message` and `match` keys become terms
**      (term.h) instead of subtrees;
**   2. scenario_top.c (top level, config, timeline, links, notes),
**      scenario_spec.c (process entries, supervisors, templates) and
**      scenario_ops.c (programs) walk the tree and build struct scenario.
**      Every schema error is reported and the walk carries on with the
**      siblings, so one run finds all of them;
**   3. process names used by targets and links are checked at the end
**      (scenario_names.c), when every name the file can create is known.
** Errors are collected in the loader, sorted by their offset in the file,
** and only then appended to the caller's sim_diag.
**
** Memory: every array and string of the scenario comes from its arena
** (scn_alloc), so specs may share programs and supervisor trees (a
** template and all the entries that use it) and freeing is one walk.
*/
#ifndef BEAMSIM_SCENARIO_LOAD_H
#define BEAMSIM_SCENARIO_LOAD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "sim.h"
#include "term.h"

struct cJSON;

#if defined(__GNUC__)
#define SCN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SCN_PRINTF(f, a)
#endif

/* {=== limits of the format (docs/scenario-format.md) ===} */

/* The ranges of values (SCN_MAX_*) are in sim_limits.h, with every limit. */

#define SCN_ERRORS_KEPT 1000                 /* more are only counted */
#define SCN_SUGGEST_BUDGET 20000000          /* edit-distance cells per load */
#define SCN_SHOW_SLOTS 4
#define SCN_SHOW_MAX 72

/* {=== the loader ===} */

/*
** A JSON path, built on the C stack as the walk descends:
** processes[2].program[0].reductions.  `up` is NULL at the top level.
*/
struct scn_path {
	const struct scn_path *up;
	const char *key;          /* ".key", or NULL for "[index]" */
	uint32_t index;
};
#define SCN_KEY(up, k) (&(struct scn_path){(up), (k), 0})
#define SCN_INDEX(up, i) (&(struct scn_path){(up), NULL, (uint32_t)(i)})

/* A growable string; `oom` sticks once an append failed. */
struct scn_str {
	char *s;
	size_t n, cap;
	bool oom;
};

/* A repeated key in an object of a term, found while the term was built
** and reported by scn_check_value (only where a term belongs). */
struct scn_dup {
	uint32_t term;            /* the term's offset in the term buffer */
	uint32_t at;              /* the key's opening quote in the text */
};

/* Where the text's lines are: filled by scn_json_parse (each node of the
** tree knows its own offset); the repeated keys of terms, by term. */
struct scn_json {
	uint32_t *lines;          /* byte offset of the start of each line */
	size_t nlines, linecap;
	struct scn_dup *dups;
	size_t ndups, dupcap;
};

struct scn_error {
	size_t offset;            /* where in the text: the sort key */
	size_t seq;               /* discovery order, for equal offsets */
	char *msg;
};

/* What the file says about one atom. */
#define SCN_SITE_DYNAMIC UINT32_MAX
struct scn_name {
	uint32_t site;            /* 0: no process has this name; SCN_SITE_DYNAMIC: only
	                          ** spawns can create it; else 1 + index in `sites` of
	                          ** the entry that starts it */
	uint32_t tmpl;            /* 0: no template; else 1 + template index */
	/* the atom ["unbound",NAME] of a variable: the one "$NAME" (var points
	** after its '$') that its reads and bare patterns share (scn_var_name) */
	const char *var;
	uint32_t varlen;
};

/* A process name used before all names were known. */
struct scn_ref {
	atom_t name;
	bool need_static;         /* links: must be started by the file itself */
	size_t offset;
	const struct scn_path *path;   /* kept by scn_path_keep */
};

/* A template while templates are resolved. */
enum scn_tmpl_state { SCN_TMPL_NEW, SCN_TMPL_BUSY, SCN_TMPL_DONE };
struct scn_tmpl {
	const struct cJSON *node; /* its entry in `templates` */
	enum scn_tmpl_state state;
	bool ok;                  /* resolved without errors */
	uint64_t unit;            /* processes one spawn of it starts (saturated) */
};

struct scn_loader {
	const char *label;        /* FILE in messages */
	const char *text;
	size_t len;
	struct scenario *s;
	struct scn_json json;
	struct term_buf terms;    /* message values and patterns (given to s->terms) */
	struct scn_error *errs;
	size_t nerrs, errcap, omitted;
	bool oom;
	size_t suggest_budget;    /* did-you-mean work left (cells) */
	struct scn_name *names;   /* indexed by atom */
	size_t namecap;
	const struct scn_path **sites;  /* paths of the entries that start processes
	                          ** (scn_path_keep: formatted only for messages) */
	size_t nsites, sitecap;
	struct scn_ref *refs;
	size_t nrefs, refcap;
	uint64_t names_total;     /* names created by counts (limit) */
	uint64_t static_total;    /* processes the file starts (saturated) */
	bool names_limit_hit, static_limit_hit;
	bool names_doomed;        /* the top-level entries alone name more than
	                          ** SIM_MAX_PROCESSES: the load fails, so their
	                          ** counted names are counted but not made, and
	                          ** references to names are not checked */
	struct scn_tmpl *tmpls;
	uint32_t tstack[SCN_MAX_TEMPLATE_DEPTH];  /* templates being resolved */
	uint32_t tdepth;
	struct scn_arena *tmp;    /* the loader's own arena (kept paths), freed with it */
	char show[SCN_SHOW_SLOTS][SCN_SHOW_MAX];
	unsigned show_next;
};

/* {=== scenario.c: memory, strings, errors ===} */

/* Zeroed memory for n objects of `size` from the scenario's arena; NULL
** (and L->oom set) when out of memory, NULL without error when n == 0. */
void *scn_alloc(struct scn_loader *L, size_t n, size_t size);
char *scn_strdup(struct scn_loader *L, const char *s);
/* Returns the malloc'd array `arr` (capacity *cap items of `size` bytes)
** grown by doubling to hold at least `need` items; NULL (and L->oom) when
** out of memory, `arr` then unchanged. */
void *scn_grow(struct scn_loader *L, void *arr, size_t *cap, size_t need, size_t size);

void scn_str_add(struct scn_str *b, const char *fmt, ...) SCN_PRINTF(2, 3);
void scn_str_vadd(struct scn_str *b, const char *fmt, va_list ap);
void scn_str_path(struct scn_str *b, const struct scn_path *p);
/* The path as a malloc'd string; NULL (and L->oom) when out of memory. */
char *scn_path_string(struct scn_loader *L, const struct scn_path *p);
/* A copy of the path (built on the C stack) that lasts as long as the
** loader, to be formatted only if a message needs it; NULL (and L->oom)
** when out of memory. */
const struct scn_path *scn_path_keep(struct scn_loader *L, const struct scn_path *p);
/* A user string made safe to print: control bytes escaped, cut to about 60
** bytes.  Points into one of SCN_SHOW_SLOTS rotating buffers of L. */
const char *scn_show(struct scn_loader *L, const char *s);
/* The same for the name of atom a, without making a counted name. */
const char *scn_show_atom(struct scn_loader *L, atom_t a);

/* Reports "FILE: PATH: MESSAGE" about the value `at` (NULL: the file). */
void scn_err(struct scn_loader *L, const struct cJSON *at, const struct scn_path *p,
             const char *fmt, ...) SCN_PRINTF(4, 5);
/* The same with the path already a string, at a byte offset. */
void scn_err_at(struct scn_loader *L, size_t offset, const char *path,
                const char *fmt, ...) SCN_PRINTF(4, 5);
/* Reports a full line as it is ("FILE:LINE:COL: error: ..."). */
void scn_err_line(struct scn_loader *L, size_t offset, const char *fmt, ...) SCN_PRINTF(3, 4);
/* Reports "PATH: expected WHAT, got VALUE". */
void scn_err_type(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                  const char *what);
/* Errors reported so far (kept or not): compare before/after a walk. */
size_t scn_errors(const struct scn_loader *L);
/* When no more messages are kept, counts one more error and returns true:
** the caller then skips building an expensive message. */
bool scn_err_skip(struct scn_loader *L);

/* diag.c: counts n more messages in the summary line of d. */
void sim_diag_omit(struct sim_diag *d, size_t n);

/* {=== scenario_json.c: syntax, positions, values ===} */

/* Checks the syntax and builds the cJSON tree in the scenario's arena
** (never cJSON_Delete it); NULL after reporting the error (or on ENOMEM).
** The root is not yet known to be an object. */
struct cJSON *scn_json_parse(struct scn_loader *L);
void scn_json_free(struct scn_json *j);
/* Byte offset of a node's value in the text (0 for NULL); node must be
** from scn_json_parse. */
size_t scn_json_offset(const struct scn_loader *L, const struct cJSON *node);
/* The number of children of an array or object from scn_json_parse (0 for
** other values), as cJSON_GetArraySize without walking them. */
size_t scn_json_count(const struct cJSON *node);
/* 1-based line and byte column of an offset. */
void scn_json_linecol(const struct scn_loader *L, size_t offset, uint32_t *line, uint32_t *col);
/* A short, one-line JSON rendering of v for messages (cut with "..."). */
void scn_json_describe(const struct scn_loader *L, const struct cJSON *v, char *buf, size_t cap);
/* The term of a `message` or `match` value (the parser encodes the value of
** every key of those names as a term); NULL if node is not one. */
const struct term *scn_json_term(const struct scn_loader *L, const struct cJSON *node);
/* Reports, at LINE:COL, every key repeated inside one object of the term
** of v, a message value or (pattern) a receive pattern, at any depth.  v
** may be NULL. */
void scn_check_value(struct scn_loader *L, const struct cJSON *v, bool pattern);

/* {=== scenario_check.c: typed fields ===} */

const struct cJSON *scn_field(const struct cJSON *obj, const char *key);
/* The value of `key`, or NULL after reporting "missing key". */
const struct cJSON *scn_require(struct scn_loader *L, const struct cJSON *obj,
                                const struct scn_path *p, const char *key);
/* Reports unknown (with did-you-mean) and duplicate keys of obj. */
void scn_check_keys(struct scn_loader *L, const struct cJSON *obj, const struct scn_path *p,
                    const char *const *keys, size_t nkeys);
/* Each getter checks v (not NULL), stores the value and returns true, or
** reports the error and returns false, leaving *out alone. */
bool scn_get_uint(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                  uint64_t min, uint64_t max, uint64_t *out);
bool scn_get_bool(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p, bool *out);
bool scn_get_string(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                    const char **out);
bool scn_get_enum(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                  const char *const *names, size_t n, int *out);
bool scn_get_reason(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                    atom_t *out);
/* A non-empty string that may name a process (not self/parent/sender/_). */
bool scn_get_name(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                  const char **out);
/* The candidate closest to word (case differences, or edit distance <= 2
** and shorter than the word), or NULL.  Comparisons spend their cost from
** *budget; when it runs out there are no more suggestions, which bounds
** the time a file full of unknown names can take. */
const char *scn_suggest(const char *word, const char *const *cands, size_t n, size_t *budget);
/* The edit distance of a and b when at most `limit`, else limit + 1. */
size_t scn_distance(const char *a, const char *b, size_t limit);
/* " (did you mean 'X'?)" or "", in a buffer of at least SCN_SHOW_MAX + 24. */
void scn_hint(struct scn_loader *L, const char *word, const char *const *cands, size_t n,
              char *buf, size_t cap);

/* {=== scenario_names.c: atoms, process names, targets ===} */

/* atom_intern that sets L->oom (returns ATOM_NONE then). */
atom_t scn_intern(struct scn_loader *L, const char *s);
/* The info of atom a (the table grows with the atoms); NULL on ENOMEM. */
struct scn_name *scn_name_info(struct scn_loader *L, atom_t a);
/* Names a spec with base `base` creates: [base], or base_1..base_count
** when `counted`.  Enforces the limit on names; false after an error.
** With `dry` (only when L->names_doomed) counted names are only counted:
** *n is set, *names is NULL, and it returns false. */
bool scn_expand_names(struct scn_loader *L, atom_t base, bool counted, uint64_t count,
                      const struct cJSON *at, const struct scn_path *p,
                      atom_t **names, uint32_t *n, bool dry);
/* Records names started by the file itself at the entry `p`; reports the
** first duplicate and returns false. */
bool scn_define_static(struct scn_loader *L, const atom_t *names, uint32_t n,
                       const struct cJSON *at, const struct scn_path *p);
/* Records names a spawn can create. */
void scn_define_dynamic(struct scn_loader *L, const atom_t *names, uint32_t n);
/* Parses a TARGET; `external` (timeline) allows process names only. */
bool scn_parse_target(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                      bool external, struct target *out);
/* Defers the check that `name` (the value v) is a known process name. */
void scn_ref(struct scn_loader *L, atom_t name, const struct cJSON *v,
             const struct scn_path *p, bool need_static);
void scn_check_refs(struct scn_loader *L);
/* The template named by the string v, or -1 after reporting the error. */
int32_t scn_template_lookup(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p);

/* {=== scenario_ops.c ===} */

void scn_parse_program(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                       struct oplist *out);
/* What template, as and count say (the spawn op, timeline spawns). */
struct scn_spawn {
	uint32_t tmpl;            /* template index */
	atom_t base;              /* `as`, or the template's name */
	atom_t *names;            /* base, or base_1..base_count */
	uint32_t nnames;
};
/* Reads template/as/count of obj; false after an error. */
bool scn_parse_spawn(struct scn_loader *L, const struct cJSON *obj, const struct scn_path *p,
                     struct scn_spawn *out);

/* {=== scenario_expr.c: format 1.1 ===} */

/* True in a format 1.1 file; else reports "WHAT needs format 1.1". */
bool scn_need_values(struct scn_loader *L, const struct cJSON *at, const struct scn_path *p,
                     const char *what);
/* v as a term in the arena (NULL and L->oom on ENOMEM). */
const struct term *scn_value_term(struct scn_loader *L, const struct cJSON *v);
/* The expression of a value t: EX_VAR for "$name", EX_BUILD when it has
** "$" strings inside, else EX_CONST. */
void scn_value_expr(struct scn_loader *L, const struct term *t, struct expr *out);
/* The shared copy of the variable "$NAME" at `dollar` (len bytes with the
** '$'), after its '$', so that value.c finds a read's binding by comparing
** one pointer: the first one kept (`dollar` must live as long as the
** scenario), else dollar + 1. */
const char *scn_var_name(struct scn_loader *L, const char *dollar, size_t len);
/* A message's expression, or NULL when it is a constant (or format 1). */
const struct expr *scn_message_expr(struct scn_loader *L, const struct term *t);
/* A pattern with "$" strings (format 1.1 only). */
bool scn_term_binds(struct scn_loader *L, const struct term *t);
/* v is "$name" in a format 1.1 file; its expression. */
bool scn_is_var(const struct scn_loader *L, const struct cJSON *v);
const struct expr *scn_var_expr(struct scn_loader *L, const struct cJSON *v);
/* An EXPR (cond: a COND) into *out. */
void scn_read_expr(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                   bool cond, struct expr *out);
void scn_read_set(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                  struct op *op);
void scn_read_if(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                 struct op *op);
void scn_read_foreach(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                      struct op *op);
void scn_read_state(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                    struct spec *spec);

/* {=== scenario_vars.c: format 1.1 ===} */

/* Reports every "$name" read that no state, set, pattern or foreach of
** its program can bind (after the walk, on the whole tree). */
void scn_check_vars(struct scn_loader *L, const struct cJSON *root);

/* {=== scenario_spec.c ===} */

enum scn_ctx {
	SCN_CTX_TOP,        /* `processes`: starts processes, may have start */
	SCN_CTX_CHILD,      /* child of a supervisor the file starts */
	SCN_CTX_TIMELINE,   /* timeline `process` spawn */
	SCN_CTX_TEMPLATE    /* child of a supervisor inside a template */
};
/* Parses a process entry into *out; returns the number of processes it
** starts (count times the size of its supervision tree, saturated). */
uint64_t scn_parse_entry(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                         enum scn_ctx ctx, struct spec *out);
/* Records the names of a supervision tree (children, grandchildren...) as
** started by the entry at p, which starts `copies` of the supervisor
** (its count); reports the first duplicate and returns false.  A tree
** started more than once always has one: its children's names repeat. */
bool scn_define_tree(struct scn_loader *L, const struct sup_spec *sup, uint64_t copies,
                     const struct cJSON *at, const struct scn_path *p);
/* Indexes and resolves `templates` (an object). */
void scn_parse_templates(struct scn_loader *L, const struct cJSON *v);
/* a * b and a + b, saturated at SIM_MAX_PROCESSES + 1. */
uint64_t scn_sat_mul(uint64_t a, uint64_t b);
uint64_t scn_sat_add(uint64_t a, uint64_t b);

/* {=== question.c ===} */

/* The question of the note object c at p, if it has "ask" (else checks
** that it has no "choices", "answer" or "explain"): sets note->q. */
void scn_read_question(struct scn_loader *L, const struct cJSON *c, const struct scn_path *p,
                       struct note *note);
/* s->question_notes, after the notes are sorted; enforces SCN_MAX_QUESTIONS. */
void scn_index_questions(struct scn_loader *L);

/* {=== scenario_nodes.c: distribution ===} */

/* config.nodes and config.net (either may be NULL); sets the config's
** scheduler counts to the nodes' totals. */
void scn_read_nodes(struct scn_loader *L, const struct cJSON *nodes, const struct cJSON *net);
/* The index of the node named by the string v, or -1 after reporting the
** error (unknown, with did-you-mean; or no config.nodes). */
int32_t scn_node_lookup(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p);
/* "node" (and for a supervisor child, "nodes") of an entry or template. */
void scn_read_node_keys(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                        bool child, struct spec *spec);
/* The keys of an entry: base[0..n-1], plus "node" (and "nodes" for a
** child) in a file with nodes or when v has them; into out, returns how
** many.  Files without nodes keep their messages as they were. */
size_t scn_entry_keys(const struct scn_loader *L, const struct cJSON *v, const char *const *base,
                      size_t n, bool child, const char **out);
void scn_read_monitor_node(struct scn_loader *L, const struct cJSON *v, const struct scn_path *p,
                           struct op *op);
/* Timeline ops node_down, node_up, partition and heal; false if `op` is
** none of them. */
bool scn_read_tl_node(struct scn_loader *L, const struct cJSON *d, const struct scn_path *dp,
                      const char *op, struct tl_event *ev);

/* {=== scenario_top.c ===} */

void scn_check_root(struct scn_loader *L, const struct cJSON *root);

#endif
