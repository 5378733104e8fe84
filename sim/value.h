/*
** value.h - format 1.1 values at run time (internal to sim/): the value
** heap, a process's variables, expressions, and patterns that bind.
**
** Values are terms (term.h).  A value the file wrote is the scenario's
** term; a value made while running (a message with variables filled in,
** a sum, a longer list) is copied into the engine's value heap, which is
** append-only and shared by an engine and its checkpoints (reference
** counted): a term never moves or dies while anything can still point to
** it (a message, an event, a variable, a checkpoint).  Allocation takes a
** lock, so the tick phases on threads may allocate; what is made does not
** depend on the order, so runs stay identical.  Each process counts the
** bytes it made; past VALUE_PROC_BYTES it crashes with system_limit, which
** bounds a run that keeps growing a list.
**
** Variables.  A process that has state or reads a variable gets a `struct
** pvars` (behind p->ties, the cold part of struct proc, so format-1 runs
** pay nothing): its state (name -> value, in the order first set) and a
** stack of scoped bindings: a receive case's pattern variables and a
** foreach variable live as long as the block (frame) they belong to.
** Scopes are dropped lazily: one whose frame is gone (not on the stack at
** its depth any more) is dropped at the next read or bind.
*/
#ifndef BEAMSIM_VALUE_H
#define BEAMSIM_VALUE_H

#include "engine.h"
#include "term.h"

#define VALUE_PROC_BYTES (64u << 20)   /* values one process may make */

struct binding {
	const char *name;          /* scenario memory (atom or term bytes) */
	uint32_t len;
	const struct term *val;
	uint64_t tick;             /* state: the tick of the `set` that wrote it
	                              (VALUE_INITIAL: the spec's state); the view's */
};

#define VALUE_INITIAL UINT64_MAX

struct vscope {
	uint32_t depth;            /* the frame it belongs to: its depth ... */
	const struct oplist *ops;  /* ... and its block */
	uint32_t base;             /* its first binding in `bound` */
	const struct term *cur, *end;   /* foreach: the next element and the list's end */
};

struct pvars {
	struct binding *state;
	uint32_t nstate, capstate;
	struct binding *bound;
	uint32_t nbound, capbound;
	struct vscope *scopes;
	uint32_t nscopes, capscopes;
	uint64_t bytes;            /* values this process made */
	const struct term *self;   /* $self, made once */
};

/* The heap. */
struct vheap;
struct vheap *vheap_create(void);
struct vheap *vheap_ref(struct vheap *h);
void vheap_unref(struct vheap *h);
size_t vheap_memory(const struct vheap *h);

/* What an evaluation needs; `error` is the crash reason after a failure. */
struct vctx {
	struct sim *s;
	struct proc *p;
	atom_t error;
};

/* p's variables, made on first use (aborts on ENOMEM, engine_oom). */
struct pvars *pvars_of(struct proc *p);
/* The same, without a call once they exist (the receive/send hot path). */
static inline struct pvars *pvars_get(struct proc *p)
{
	return p->ties && p->ties->vars ? p->ties->vars : pvars_of(p);
}
void pvars_free(struct pvars *v);
struct pvars *pvars_clone(const struct pvars *v, size_t *bytes);
size_t pvars_memory(const struct pvars *v);
/* Sets p's variables from the spec's `state` (format 1.1 spawns). */
void pvars_start(struct proc *p, const struct term *state);

/* The value of e, or NULL with c->error set. */
const struct term *value_eval(struct vctx *c, const struct expr *e);
/* A condition: 1 true, 0 false, -1 error (c->error). */
int value_cond(struct vctx *c, const struct expr *e);
/* A count from e (0..max), or false with c->error (badarg). */
bool value_count(struct vctx *c, const struct expr *e, uint64_t max, uint64_t *out);
/* The pid e names (a pid value), or false with c->error (badarg). */
bool value_pid(struct vctx *c, const struct expr *e, uint32_t *out);
/* A reason: an atom the file knows (a string), or false (badarg). */
bool value_reason(struct vctx *c, const struct expr *e, atom_t *out);
/* `set`: writes the state variable. */
void value_set(struct proc *p, const char *name, uint32_t len, const struct term *val,
               uint64_t tick);

/* Receive: tries case `rc` on message m, binding its pattern variables
** above `base` (value_mark's, taken once per receive); on success the
** bindings stay on p's stack (value_scope keeps them for the case's body,
** value_unbind forgets them), on failure they are gone. */
bool value_match(struct vctx *c, const struct recv_case *rc, const struct msg *m, uint32_t base);
/* The bindings made since `base` belong to the frame on top of p's stack. */
void value_scope(struct proc *p, uint32_t base);
void value_unbind(struct proc *p, uint32_t base);
uint32_t value_mark(struct proc *p);
/* foreach: pushes the body's frame and binds the first element (the list
** is not empty); value_foreach_next binds the next one. */
void value_foreach_start(struct proc *p, const struct op *op, const struct term *list);
void value_foreach_next(struct proc *p);

/* p's state as one object term (summary, archive); NULL without state. */
const struct term *value_state(struct sim *s, struct proc *p);

#endif
