/*
** engine.h - the engine's state (internal to sim/).
**
** Time.  The engine alternates two phases.  The *tick* phase executes one
** reduction on every busy scheduler (sched_tick_*); it reads shared tables
** but writes only the running process and its own scheduler, and buffers
** every effect that reaches another process or a shared queue in that
** scheduler's outbox.  The *boundary* phase (sched_boundary) is serial: it
** applies the outboxes in scheduler order, then timers, timeline events
** and spawns, then dispatches processes onto idle schedulers.  Because the
** order of the boundary never depends on how the tick phase was executed,
** the schedulers can run the tick phase on separate threads and still
** produce the same schedule.
**
** Signals.  Everything one process does to another (a message, an exit
** signal, link, unlink, monitor, spawn) is a `struct signal`.  A signal
** sent during tick t is delivered at the boundary that ends tick t; a
** signal sent while the boundary itself runs (a process killed by an exit
** signal sends exit signals over its own links) is delivered at the next
** boundary, so a crash travels one link per tick.
**
** Pids are 1-based and never reused (pid 0 means none).  The process table
** (ptable.c) is a directory of pages of page_size records: pid p lives at
** pages[(p-1) >> page_shift].recs[(p-1) & page_mask], so a struct proc never
** moves.  Once every process of a full page has exited, and two boundaries
** have passed (no signal in flight can still need the full records), the
** page is *archived*: what a summary reports of each process is kept as a
** compact struct proc_rec in the archive (archive.c) and the page is
** freed.  proc_get() returns NULL for an archived pid, exactly as for an
** unknown one: both mean "not alive".  This keeps a run with endless
** restarts flat in memory while the summary still lists every pid.
*/
#ifndef BEAMSIM_ENGINE_H
#define BEAMSIM_ENGINE_H

#include <setjmp.h>

#include "scenario.h"
#include "sim.h"

/* {=== growable arrays ===} */

/* Grows *pv (element size sz) to hold at least `need` elements.
** Returns false on ENOMEM, leaving *pv unchanged. */
bool vec_reserve(void **pv, uint32_t *cap, uint32_t need, size_t sz);
/* *dst = a malloc'd copy of n elements of src (NULL when n is 0); adds the
** size to *bytes.  Returns false on ENOMEM. */
bool vec_dup(void **dst, const void *src, size_t n, size_t sz, size_t *bytes);
#define VEC_PUSH(arr, n, cap, val)                                              \
	((n) < (cap) || vec_reserve((void **)&(arr), &(cap), (n) + 1, sizeof *(arr)) \
	 ? ((arr)[(n)++] = (val), true) : false)

/* Aborts with a message: used when an allocation inside a step fails,
** where there is no consistent state to return to.  While a catch is set
** on this thread (engine_oom_catch), it longjmps there instead: every
** caller leaves the structure it was growing unchanged and reachable, so
** the engine can still be destroyed (sim_create uses this to return NULL
** when tick 0's processes do not fit).  engine_oom_catch(NULL) clears it;
** the jump clears it too. */
_Noreturn void engine_oom(void);
void engine_oom_catch(jmp_buf *env);

/* Checks an invariant that must never break, in release builds too (use
** it where it is cheap: one compare off the innermost loop).  A broken one
** prints the condition and where, and aborts, instead of silently going on
** in a state nobody designed. */
#define BEAMSIM_ASSERT(cond) \
	((cond) ? (void)0 : engine_assert_fail(#cond, __FILE__, __LINE__))
_Noreturn void engine_assert_fail(const char *cond, const char *file, int line);

/* {=== messages and mailboxes ===} */

enum msg_kind { MSG_USER, MSG_EXIT, MSG_DOWN };

struct msg {
	uint8_t kind;              /* enum msg_kind */
	uint32_t from;             /* sender pid, 0 = from outside */
	atom_t name;               /* EXIT/DOWN: name of the process the message is about */
	atom_t reason;             /* EXIT/DOWN */
	const struct term *value;  /* USER: shared with the scenario */
	uint64_t id;               /* unique, in send order */
};

/* A FIFO with removal anywhere (selective receive).  `scanned` counts the
** oldest messages a blocked receive has already tried and rejected. */
struct mbox {
	struct msg *v;
	uint32_t head, len, cap;
	uint32_t scanned;
};

/* mbox_push is called only at the boundary, by signal.c's deliver_msg,
** which counts the message in s->queued; whatever takes messages out
** reports them with mbox_taken (engine.h, after struct sim). */
void mbox_push(struct mbox *m, const struct msg *msg);
struct msg *mbox_at(const struct mbox *m, uint32_t i);   /* 0 = oldest */
void mbox_remove(struct mbox *m, uint32_t i);
void mbox_free(struct mbox *m);
bool mbox_clone(struct mbox *dst, const struct mbox *src);

/* {=== processes ===} */

struct frame {
	const struct oplist *ops;
	uint32_t pc;               /* next op to execute */
	uint32_t iter_left;        /* body of a loop: iterations still to start (FRAME_FOREVER:
	                              endless); 0 for any other block */
};
#define FRAME_FOREVER UINT32_MAX   /* loop times are at most 10^9 (scenario limit) */

struct sup_child {
	const struct spec *spec;
	atom_t name;
	uint32_t pid;              /* current incarnation, 0 = not running */
	bool removed;              /* temporary child that exited: gone for good */
};

struct sup_state {
	const struct sup_spec *spec;
	struct sup_child *children;   /* in start order */
	uint32_t nchildren;
	/* The restart times still inside the period window, oldest first: a
	** ring of rcap slots (a power of two; 0 and NULL until the first
	** restart) from rhead, rlen of them.  It grows by doubling and shrinks
	** as restarts age out, so it holds what the window holds, never
	** intensity+1 slots up front (sup.c, add_restart). */
	uint64_t *rtick;
	uint32_t rhead, rlen, rcap;
	uint64_t restarts;
	/* OTP's parent (proc_lib): the process that started it with a link (a
	** supervisor for its children), or the supervisor itself when nothing
	** did; an EXIT from it ends the supervisor. */
	uint32_t parent;
	/* Stopping children (sup.c, stop_next): one at a time, in reverse
	** start order, from index stop_at - 1 down to stop_low, skipping
	** stop_skip; then `stop_then`.  While it waits for the DOWN of child
	** stop_index (pid `stopping`), it takes no other message. */
	uint32_t stopping;         /* pid of the child it waits for, 0 = none */
	uint64_t stop_deadline;    /* tick at which that child is killed, UINT64_MAX = never */
	uint32_t stop_index, stop_at, stop_low, stop_skip;
	uint8_t stop_then;         /* enum sup_stop_then (sup.c) */
	atom_t stop_reason;        /* its exit reason when stop_then is SUP_THEN_EXIT */
};

/* A small unordered array of pids (links, monitors).  The first
** PIDSET_INLINE pids live in the pointer's place (cap 0); a third moves
** them to the heap (cap > 0).  Read the pids through pidset_pids. */
#define PIDSET_INLINE 2
struct pidset {
	union {
		uint32_t *heap;                /* cap > 0 */
		uint32_t inl[PIDSET_INLINE];   /* cap == 0 */
	};
	uint32_t n, cap;
};
static inline uint32_t *pidset_pids(struct pidset *set)
{
	return set->cap ? set->heap : set->inl;
}
static inline const uint32_t *pidset_pids_c(const struct pidset *set)
{
	return set->cap ? set->heap : set->inl;
}

/* The cold part of a process: its links and monitors (pids; a pid appears
** once per link, once per monitor).  Most processes never link or
** monitor, so it is allocated on first use (proc_ties) and freed when the
** process exits; until then p->ties is NULL and reads see no_ties. */
struct proc_ties {
	struct pidset links;
	struct pidset watchers;    /* processes monitoring this one */
	struct pidset watching;    /* processes this one monitors */
	struct pvars *vars;        /* format 1.1: its variables (value.h), NULL = none; kept
	                              after exit (the summary shows them) */
};

/*
** A process record: 160 bytes on LP64 (checked in proc.c), one per pid
** until its page is archived.  Fields are ordered by width so that no
** byte is padding; what only some processes need lives behind a pointer
** (ties, sup, stack).
*/
struct proc {
	/* 8-byte fields */
	const struct spec *spec;
	struct sup_state *sup;     /* supervisors only */
	struct proc_ties *ties;    /* NULL until its first link or monitor */
	/* execution: the block stack.  The first frame lives inline (most
	** processes never nest), deeper stacks move to `stack`; use
	** proc_frames()/proc_top(), never the fields. */
	struct frame inl;
	struct frame *stack;       /* NULL while the stack fits in `inl` */
	/* What only a live process needs shares its space with what only an
	** exited one has: a process exits only once, off every queue. */
	union {
		struct {                   /* live */
			uint64_t op_left;      /* reductions left of the current work/native op,
			                          0 = not started */
			uint32_t q_prev, q_next;   /* intrusive run queue links (pids) */
		};
		struct {                   /* EXITED */
			uint64_t exit_tick;
			uint32_t mbox_at_exit; /* unread messages when it exited */
			uint32_t user_at_exit; /* how many of them were user messages */
		};
	};
	struct mbox mbox;
	/* accounting */
	uint64_t reductions, sent, received;
	uint64_t spawn_tick;

	/* 4-byte fields: identity */
	uint32_t pid;              /* its own pid (0 = a slot of a page not yet spawned) */
	atom_t name;
	uint32_t incarnation;
	uint32_t parent;
	uint32_t last_sender;      /* sender of the last message taken, for target "sender" */
	atom_t exit_reason;        /* valid when EXITED; ATOM_NONE when halted */
	uint32_t timer_gen;        /* timers carrying another generation are stale */

	/* 1-byte fields: scheduling */
	uint8_t state;             /* enum sim_proc_state */
	uint8_t priority;          /* enum sim_priority */
	int8_t sched;              /* home scheduler (0-based; sim_limits.h) */
	int8_t on_sched;           /* scheduler it runs on now, -1 = none */
	int8_t on_dirty;           /* dirty scheduler it runs on now, -1 = none */
	uint8_t sched_count;       /* low priority: passes left before it may run */
	uint8_t depth, stack_cap;  /* frames in use / room in `stack` (<= SIM_MAX_DEPTH) */
	bool trap_exit;
	bool in_runq;
	/* rare flags share one byte (struct proc stays 160 bytes) */
	bool timed_out : 1;        /* receive ... after: the timer fired */
	bool timer_armed : 1;
	bool halted : 1;           /* EXITED because its node halted (node_down) at
	                              exit_tick: it has no exit reason */
};

/* {=== the process table and its archive ===} */

/* PT_PAGE_SHIFT, PT_PAGE_MAX: sim_limits.h */

struct pt_page {              /* 16 bytes: the only per-pid cost that never goes away */
	struct proc *recs;         /* page_size records; NULL once archived */
	uint32_t chunk;            /* archived: its chunk in the archive */
	uint8_t live;              /* resident: records spawned and not EXITED */
	uint8_t nsup;              /* supervisors among its processes */
};

struct pt_dying {
	uint32_t page;
	uint64_t at;               /* tick its last process exited */
};

/* What is kept of an exited process once its page is archived: exactly
** what sim_proc_view and sim_sup_view report of an exited process. */
struct proc_rec {
	uint64_t spawn_tick, exit_tick;
	uint64_t reductions, sent, received;
	uint64_t restarts;         /* supervisors */
	atom_t name, exit_reason;
	uint32_t incarnation, parent;
	uint32_t mailbox, user_mailbox;   /* unread at exit; how many were user messages */
	int8_t sched;
	uint8_t priority;
	bool trap_exit, supervisor;
	bool halted;               /* gone with its node: no exit reason */
	const struct term *state;  /* format 1.1: its variables at exit (value heap), or NULL */
};

/* archive.c: an append-only store of chunks of `page` records, shared by
** an engine and its checkpoints (reference counted; chunks never change).
** The newest ARCHIVE_MEM_CHUNKS chunks stay in memory; older ones are
** written to an unlinked temporary file, so memory stays flat however
** long a run is.  Without a usable temporary directory everything stays
** in memory. */
struct archive;
struct archive *archive_create(uint32_t page);
struct archive *archive_ref(struct archive *a);
void archive_unref(struct archive *a);
/* Appends one chunk (`page` records); returns false on ENOMEM. */
bool archive_put(struct archive *a, const struct proc_rec *recs, uint32_t *chunk);
/* Copies record i of chunk; false when a spilled chunk cannot be read back. */
bool archive_get(struct archive *a, uint32_t chunk, uint32_t i, struct proc_rec *out);
size_t archive_memory(const struct archive *a);
uint32_t archive_chunks(const struct archive *a);
uint32_t archive_spilled(const struct archive *a);

/* sim.c: sim_create with pages of 1 << page_shift processes (at most
** PT_PAGE_SHIFT): tests use small pages so that archiving happens all the
** time. */
sim *sim_create_paged(const sim_scenario *scn, const struct sim_config *cfg, uint32_t page_shift);

/* ptable.c */
/* A zeroed record for the next pid, with its pid set.  The caller checks
** SIM_MAX_PROCESSES first. */
struct proc *pt_alloc(struct sim *s);
/* Boundary phase: pid has exited (counts its page down, marks it gone). */
void pt_exited(struct sim *s, uint32_t pid);
/* Whether pid was dead at the last boundary: its exit was counted there,
** its page is archived, or it never existed (pid 0).  Written only at
** boundaries, so a tick phase may read it for any pid, on any thread, and
** both executors see the same answer (unlike another process's `state`,
** which its own scheduler writes during the tick). */
bool pt_gone(const struct sim *s, uint32_t pid);
/* End of the boundary: archives the pages that are ready. */
void pt_sweep(struct sim *s);
/* The archived record of pid; false if pid is resident, unknown or unreadable. */
bool pt_archived(const struct sim *s, uint32_t pid, struct proc_rec *r);
/* The name of pid, resident or archived; `fallback` if it never existed. */
atom_t pt_name(const struct sim *s, uint32_t pid, atom_t fallback);
bool pt_clone(struct sim *d, const struct sim *s, size_t *bytes);
void pt_destroy(struct sim *s);
size_t pt_memory(const struct sim *s);

/* {=== signals ===} */

enum sig_kind {
	SIG_MSG,          /* a message (user, EXIT or DOWN) */
	SIG_LINK_EXIT,    /* exit signal over a link */
	SIG_EXIT,         /* erlang:exit/2 */
	SIG_SHUTDOWN,     /* a supervisor stops its child: unlink, monitor, then exit(Child,
	                     reason) with reason shutdown (or kill for brutal_kill) */
	SIG_LINK, SIG_UNLINK, SIG_MONITOR, SIG_DEMONITOR,
	SIG_SPAWN,        /* create a process; `to` unused */
	SIG_TIMER,        /* arm a timer for `from` */
	SIG_REQUEUE,      /* put `from` back in its run queue (preempted, or back from dirty) */
	SIG_DIRTY,        /* put `from` in the dirty run queue */
	SIG_MONITOR_NODE  /* `from` monitors node `node` (monitor_node) */
};

struct signal {
	uint8_t kind;
	uint32_t from, to;
	atom_t reason;
	struct msg msg;            /* SIG_MSG */
	uint64_t due;              /* SIG_TIMER */
	uint32_t gen;              /* SIG_TIMER */
	/* SIG_SPAWN: one signal creates every process of a spawn op, named
	** names[0..nnames-1] (an array of the immutable scenario), or just
	** `name` when names is NULL */
	const struct spec *spec;
	atom_t name;
	const atom_t *names;
	uint32_t nnames;
	bool link, monitor;
	uint32_t sup_child;        /* index in the parent supervisor's children, UINT32_MAX = none */
	uint32_t ev_index;         /* SIG_MSG from the tick phase: its SEND event in the
	                              scheduler's buffer (gets the message id), else UINT32_MAX */
	int32_t node;              /* SIG_SPAWN: the node to start on (-1: the spawner's);
	                              SIG_MONITOR_NODE: the node */
	uint32_t epoch;            /* on the network (net.c): the connection's epoch when sent */
	bool arrived;              /* it crossed the network: deliver it, do not send it again */
};

struct sigbuf {
	struct signal *v;
	uint32_t n, cap;
};

void sigbuf_push(struct sigbuf *b, const struct signal *sg);

/* The one way to make a signal: every field zero except those given, and
** "none" for sup_child and ev_index (0 would be a real index). */
static inline struct signal signal_make(uint8_t kind, uint32_t from, uint32_t to)
{
	struct signal sg = { .kind = kind, .from = from, .to = to,
	                     .sup_child = UINT32_MAX, .ev_index = UINT32_MAX, .node = -1 };
	return sg;
}

/* {=== run queues ===} */

enum { RQ_MAX, RQ_HIGH, RQ_NORMAL, RQ_COUNT };   /* low shares RQ_NORMAL, as in BEAM */

struct runq {
	uint32_t head[RQ_COUNT], tail[RQ_COUNT];
	uint32_t len[SIM_PRIO_COUNT];     /* processes queued, per priority */
};

/* {=== timers ===} */

struct timer {
	uint64_t due;
	uint64_t seq;              /* tie-break: arming order */
	uint32_t pid;
	uint32_t gen;
};

struct timerheap {
	struct timer *v;
	uint32_t n, cap;
	uint64_t seq;
};

/* {=== schedulers ===} */

struct sched {
	uint32_t current;          /* pid running, 0 = idle */
	uint64_t run_start;        /* tick the current run began */
	uint64_t run_reds;         /* reductions in the current run */
	uint64_t busy, idle, steals, context_switches;
	struct sigbuf out;         /* effects of the tick phase, applied at the boundary */
	uint32_t exited;           /* pid that exited in the tick phase, 0 = none (only the
	                              running process can exit there, once) */
	uint64_t sent;             /* user messages sent in the tick phase */
	uint64_t taken;            /* messages that left mailboxes in the tick phase (see
	                              mbox_taken) */
	struct sim_event *ev;      /* events of the tick phase */
	uint32_t nev, evcap;
	struct sim_event scratch;  /* target of events that are not recorded */
};

/* {=== nodes and the network (net.c) ===} */

/* A node's run-time state.  Its schedulers are global indices (struct
** scn_node: first_sched ..); its dirty run queue is its own. */
struct node {
	uint32_t dq_head, dq_tail, dq_len;   /* dirty run queue (FIFO, intrusive) */
	bool up;
	uint32_t group;            /* partition group; nodes of different groups cannot talk */
	uint64_t msgs_in, msgs_out;   /* user messages that crossed the network to/from it */
};

/* A signal on the network, delivered at boundary `due`. */
struct netsig {
	uint64_t due, seq;
	struct signal sg;
};

/* A node going down or up, for the summary's periods. */
struct node_change {
	uint64_t tick;
	uint32_t node;
	bool up;
};

/* monitor_node: pid gets ["nodedown", NODE] when its node loses node;
** seq: when it was set up (sim.tie_seq). */
struct node_mon {
	uint32_t pid, node;
	uint64_t seq;
};

/* A monitor of watcher on target across nodes, set up at tie_seq `seq`:
** a disconnect delivers DOWNs and nodedowns in set-up order (net.c). */
struct mon_stamp {
	uint32_t watcher, target;
	uint64_t seq;
};

/* {=== the engine ===} */

struct sim {
	const struct scenario *scn;
	struct sim_config cfg;
	uint64_t now;              /* ticks completed; the boundary at `now` has run */
	enum sim_end end;
	bool batching;             /* execute runs of pure work as one step (same result) */
	uint32_t nbusy;            /* schedulers (normal and dirty) running a process; exact
	                              between steps: recounted at each boundary */

	struct pt_page *pages;     /* the process table (ptable.c) */
	uint32_t npages, pages_cap;
	uint32_t page_shift, page_size, page_mask;   /* page_size = 1 << page_shift */
	uint32_t nprocs;           /* pids spawned */
	uint32_t live;             /* processes not EXITED */
	struct pt_dying *dying;    /* full pages with no live process, oldest first */
	uint32_t ndying, dying_cap;
	struct archive *arch;
	uint64_t arch_user_msgs;   /* unread user messages of archived processes */
	uint32_t *registry;        /* atom -> newest pid with that name, 0 = none */
	uint32_t *incarnations;    /* atom -> processes spawned with that name */

	struct sched *scheds;      /* cfg.schedulers */
	struct runq *runqs;        /* one per scheduler, or one when balance is shared */
	uint32_t nrunqs;
	struct sched *dirty;       /* dirty schedulers */
	uint32_t ndirty;
	uint8_t rq_of[SIM_MAX_SCHEDULERS];     /* scheduler -> its run queue */
	uint8_t node_of[SIM_MAX_SCHEDULERS];   /* normal scheduler -> its node */
	uint8_t dnode_of[SIM_MAX_SCHEDULERS];  /* dirty scheduler -> its node */

	/* Nodes (one when the scenario has no config.nodes) and the network
	** between them (net.c). */
	struct node *nodes;
	uint32_t nnodes;
	uint32_t *epoch;           /* nnodes x nnodes: bumped when a connection breaks */
	struct netsig *net;        /* signals in flight: a heap by (due, seq) */
	uint32_t nnet, netcap;
	uint64_t net_seq;
	struct node_change *changes;
	uint32_t nchanges, changecap;
	struct node_mon *nmons;
	uint32_t nnmons, nmoncap;
	struct mon_stamp *mstamps; /* in seq order; stale ones pruned as it grows */
	uint32_t nmstamps, mstampcap, mstamp_keep;
	uint64_t tie_seq;          /* set-up order of monitors and node monitors */

	struct sigbuf pending;     /* signals to deliver at the next boundary */
	struct sigbuf delivering;  /* scratch: signals of the boundary in progress */
	struct timerheap timers;

	uint32_t next_timeline;    /* index of the first timeline event not yet applied */
	uint32_t next_start;       /* index into start_order of the first entry not yet spawned */
	uint32_t *start_order;     /* top-level entries sorted by start tick (stable) */
	uint32_t next_note;
	bool *note_done;           /* notes tied to events ("when") that have happened */
	uint32_t when_left;        /* ... and how many have not */
	bool *link_done;           /* scenario links already made (or impossible) */
	uint32_t rr;               /* round robin of default initial schedulers */
	uint64_t msg_seq;

	uint64_t sent, delivered, dropped;
	uint64_t queued;           /* messages (of every kind) in the mailboxes of live
	                              processes: the memory that max_message_memory limits */
	bool mem_full;             /* queued passed max_message_memory: the run ends at this
	                              boundary (SIM_END_MEMORY_LIMIT) */
	uint32_t max_procs;        /* pids a run may create: SIM_MAX_PROCESSES (tests lower it
	                              with sim_set_process_limit) */
	uint64_t spawn_failed;     /* spawns refused at max_procs */

	struct sim_event *ev;      /* events of the last step */
	uint32_t nev, evcap;
	uint32_t event_mask;       /* bit (1u << type): record events of that type */
	struct sim_event scratch;
	char *msgbuf;              /* sim_proc_message scratch */
	struct vheap *heap;        /* format 1.1: values made while running (value.h) */
	_Atomic uint64_t heap_made;   /* bytes of values this run made: its own count, since a
	                                 checkpoint shares the heap with the run that goes on */
	uint64_t heap_limit;       /* heap_made past it fills the memory: max_message_memory
	                              with a heap, else UINT64_MAX (one compare per tick) */
};

struct sim_event *event_append(struct sim *s, struct sched *sc, enum sim_event_type type,
                               uint64_t tick, uint32_t pid);
static inline struct sim_event *event_new(struct sim *s, struct sched *sc,
                                          enum sim_event_type type, uint64_t tick, uint32_t pid)
{
	if (!(s->event_mask & (1u << type)))
		return sc ? &sc->scratch : &s->scratch;
	return event_append(s, sc, type, tick, pid);
}

/* n messages left a mailbox (taken by a receive, or freed with it at
** exit).  In the tick phase (sc != NULL) they are tallied on the scheduler
** and subtracted from s->queued when its outbox is merged, so that tick
** phases on threads never write shared state. */
static inline void mbox_taken(struct sim *s, struct sched *sc, uint32_t n)
{
	if (sc)
		sc->taken += n;
	else
		s->queued -= n;
}

/* sim.c: lowers the number of pids the run may create (tests of the
** process limit; SIM_MAX_PROCESSES by default).  Call before sim_step. */
void sim_set_process_limit(struct sim *s, uint32_t n);

/* proc.c */
static inline struct frame *proc_frames(struct proc *p)
{
	return p->stack ? p->stack : &p->inl;
}
static inline const struct frame *proc_frames_c(const struct proc *p)
{
	return p->stack ? p->stack : &p->inl;
}
/* The innermost block; only while depth > 0. */
static inline struct frame *proc_top(struct proc *p)
{
	return &proc_frames(p)[p->depth - 1];
}
void proc_push_frame(struct proc *p, const struct oplist *ops, uint32_t iter_left);
uint32_t proc_spawn(struct sim *s, const struct spec *spec, atom_t name, uint32_t parent,
                    int32_t node);
/* sc: the scheduler executing p in the tick phase, or NULL at the boundary. */
void proc_exit(struct sim *s, struct proc *p, atom_t reason, struct sched *sc, uint64_t at);
void proc_kill_now(struct sim *s, struct proc *p, atom_t reason);
/* Pid sets.  pidset_add adds pid unless present (true if added);
** pidset_push appends it without looking (the caller knows it is new);
** pidset_remove removes one occurrence keeping the others' order (true if
** found; a NULL set holds nothing).  Growing aborts on ENOMEM (engine_oom). */
bool pidset_add(struct pidset *set, uint32_t pid);
void pidset_push(struct pidset *set, uint32_t pid);
bool pidset_remove(struct pidset *set, uint32_t pid);
bool pidset_has(const struct pidset *set, uint32_t pid);
void pidset_free(struct pidset *set);   /* leaves it empty */
/* p's ties, made (zeroed) on first use; aborts on ENOMEM (engine_oom). */
struct proc_ties *proc_ties(struct proc *p);
/* p's ties for reading: an empty set of ties when it has none. */
const struct proc_ties *proc_ties_c(const struct proc *p);
void proc_ties_free(struct proc_ties *t);   /* NULL: nothing */
/* The set of p's ties at member `set` (links, watchers or watching) when
** p has ties, else NULL: for removals, which never allocate. */
#define PROC_TIES_OR_NULL(p, set) ((p)->ties ? &(p)->ties->set : NULL)
uint32_t proc_resolve(const struct sim *s, const struct proc *p, const struct target *t);

/* NULL if no such pid or if it is archived (long exited).  Inline: the
** hottest call of the engine. */
static inline struct proc *proc_get(const struct sim *s, uint32_t pid)
{
	uint32_t i = pid - 1;              /* pid 0 wraps around: out of range */
	if (i >= s->nprocs)
		return NULL;
	struct proc *recs = s->pages[i >> s->page_shift].recs;
	return recs ? &recs[i & s->page_mask] : NULL;
}

/* The record of a pid known to be resident: one that runs, is queued, or
** was just spawned (no check; the hot paths of the scheduler). */
static inline struct proc *proc_at(const struct sim *s, uint32_t pid)
{
	uint32_t i = pid - 1;
	return &s->pages[i >> s->page_shift].recs[i & s->page_mask];
}

/* exec.c */
enum exec_result { EXEC_CONTINUE, EXEC_WAIT, EXEC_SLEEP, EXEC_DIRTY, EXEC_EXITED, EXEC_DIRTY_DONE };
/* sup.c: a supervisor's reduction (it handles one EXIT message). */
enum exec_result sup_reduction(struct sim *s, struct proc *p, struct sched *sc);
/* Executes op, the op at p's program counter. */
enum exec_result exec_op(struct sim *s, struct proc *p, struct sched *sc, bool on_dirty,
                         const struct op *op);
/* p ends with `reason` at the end of this tick. */
enum exec_result exec_finish(struct sim *s, struct proc *p, struct sched *sc, atom_t reason);

/* foreach: binds the next element (value.c). */
void exec_foreach_next(struct proc *p);

/* Pops the blocks p has finished (a loop with iterations left is not). */
static inline void exec_settle(struct proc *p)
{
	while (p->depth > 0) {
		const struct frame *f = proc_top(p);
		if (f->pc < f->ops->n || f->iter_left > 0)
			return;
		p->depth--;
	}
}

/* Runs one reduction of p on scheduler (or dirty scheduler) sc.  Inline:
** it is the inner loop of the scheduler, and link-time inlining of it
** proved fragile (a 12 % swing on the ring bench). */
static inline enum exec_result exec_reduction(struct sim *s, struct proc *p, struct sched *sc,
                                              bool on_dirty)
{
	p->reductions++;
	if (p->sup)
		return sup_reduction(s, p, sc);
	exec_settle(p);                  /* blocks finished before a sleep */
	if (p->depth == 0)
		return exec_finish(s, p, sc, ATOM_NORMAL);
	struct frame *f = proc_top(p);
	if (f->pc >= f->ops->n) {        /* a loop begins its next iteration */
		if (f->iter_left != FRAME_FOREVER)
			f->iter_left--;
		f->pc = 0;
		if (f->ops->foreach)
			exec_foreach_next(p);
		exec_settle(p);
		return p->depth ? EXEC_CONTINUE : exec_finish(s, p, sc, ATOM_NORMAL);
	}
	return exec_op(s, p, sc, on_dirty, &f->ops->ops[f->pc]);
}
bool exec_in_native(const struct proc *p);

/* runq.c */
void runq_enqueue(struct sim *s, struct proc *p);   /* tail of its home queue, runnable */
void runq_remove(struct sim *s, struct proc *p);
uint32_t runq_pick(struct sim *s, struct runq *rq);
uint32_t runq_steal(struct sim *s, struct runq *rq);
size_t runq_length(const struct runq *rq);
static inline struct runq *runq_of(const struct sim *s, int32_t sched)
{
	return &s->runqs[s->rq_of[sched]];
}
void dirtyq_push(struct sim *s, struct proc *p);
uint32_t dirtyq_pop(struct sim *s, uint32_t node);
void dirtyq_remove(struct sim *s, struct proc *p);

/* signal.c */
void signal_deliver(struct sim *s, const struct signal *sg);
/* Handles exit signal `reason` from `from` (0 = outside) arriving at `to`
** now; `link` says whether it came over a link (kill is then trappable). */
void signal_exit(struct sim *s, uint32_t from, atom_t from_name, struct proc *to, atom_t reason, bool link);

/* sup.c */
bool sup_init(struct sim *s, uint32_t pid);
void sup_child_started(struct sim *s, struct proc *sup, uint32_t index, uint32_t pid);
/* Boundary: the supervisor `sup` was spawned with a link by `parent`. */
void sup_set_parent(struct proc *sup, uint32_t parent);
/* Boundary: a timer of the supervisor `sup` is due (its shutdown time for
** the child it stops ran out: the child is killed). */
void sup_timer(struct sim *s, struct proc *sup);
/* The supervisor stopping p and waiting for it (0 = none), and the tick
** at which p is killed then (UINT64_MAX = never). */
uint32_t sup_stopping_by(const struct sim *s, const struct proc *p, uint64_t *deadline);
void sup_free(struct sup_state *st);
struct sup_state *sup_clone(const struct sup_state *st);
/* Bytes allocated for st (capacities), for sim_memory_bytes. */
size_t sup_memory(const struct sup_state *st);

/* timer.c */
void timer_push(struct timerheap *h, uint64_t due, uint32_t pid, uint32_t gen);
bool timer_peek(const struct timerheap *h, struct timer *t);
void timer_pop(struct timerheap *h);

/* event.c: appends a zeroed event to the tick-phase buffer of `sc`, or to
** the engine's list when sc is NULL (boundary phase).  An event type that
** is not recorded (sim_set_event_mask) gets a scratch event instead, one
** per scheduler so that tick phases on threads never share one (event_new,
** inline above; event_append does the recording). */
void event_message(struct sim_event *e, const struct sim *s, const struct msg *m);
/* A RECEIVE event's pattern and which of its "$" strings bound a variable
** (p's bindings since `base`, made by value_match for case rc). */
void event_bindings(struct sim_event *e, const struct proc *p, uint32_t base,
                    const struct recv_case *rc);

/* net.c: distribution.  Node of a pid (resident or archived; 0 if none). */
uint32_t net_node_of_pid(const struct sim *s, uint32_t pid);
static inline uint32_t proc_node(const struct sim *s, const struct proc *p)
{
	return s->node_of[p->sched];
}
/* Whether nodes a and b can talk now (both up, same partition group). */
bool net_reachable(const struct sim *s, uint32_t a, uint32_t b);
/* Boundary: a signal about to be delivered.  Returns true when the
** network took it (it crosses nodes: queued with the latency, or dropped
** because the other node is unreachable); false: deliver it now. */
bool net_intercept(struct sim *s, const struct signal *sg);
/* Boundary: delivers the signals whose due tick has come. */
void net_deliver_due(struct sim *s);
/* The earliest due tick on the network (UINT64_MAX: nothing in flight). */
uint64_t net_next_due(const struct sim *s);
/* Boundary: timeline events. */
void net_node_down(struct sim *s, uint32_t node);
void net_node_up(struct sim *s, uint32_t node);
void net_partition(struct sim *s, const uint32_t *groups);
void net_heal(struct sim *s);
void net_monitor_node(struct sim *s, uint32_t pid, uint32_t node);
/* Boundary: watcher's monitor of target is set up now (a no-op unless
** they are on different nodes); see struct mon_stamp. */
void net_monitor_stamp(struct sim *s, uint32_t watcher, uint32_t target);
/*
** Boundary: `child` was just spawned by `parent`, asked to start on node
** `node` (as for proc_spawn: < 0 the default, see net_spawn_node).  When
** the parent's node cannot reach that node (down, or across a
** partition), the child was placed on the parent's node (OTP 25's
** spawn/4 then returns the pid of a local process that exits
** noconnection, erts_internal:crasher/6); it is gone at once (exit
** reason noconnection, no signals) and the parent, if it is still alive,
** gets at the next boundary what a link or monitor to an unreachable
** node gives: noconnection.  A supervisor then restarts the child.
** Returns false (and does nothing) when the nodes can talk.
*/
bool net_spawn_cut(struct sim *s, struct proc *parent, struct proc *child, int32_t node,
                   bool link, bool monitor);
/* The node a process of `spec` spawned by `parent` (NULL: none) is asked
** to start on: `node` if >= 0, else the spec's (net_spec_node, from the
** parent's node), else the parent's, else the first. */
uint32_t net_spawn_node(const struct sim *s, const struct spec *spec, const struct proc *parent,
                        int32_t node);
/* The first node of spec's "nodes" that is up and that node `from` (the
** spawner's, -1: none) can reach, else its first "nodes" (the start fails
** there), else its "node", else -1.  A supervisor's start function can
** only start a child on a node its own node is connected to. */
int32_t net_spec_node(const struct sim *s, const struct spec *spec, int32_t from);
bool net_init(struct sim *s);
bool net_clone(struct sim *d, const struct sim *s, size_t *bytes);
void net_free(struct sim *s);
size_t net_memory(const struct sim *s);

/* sched.c: a step is sched_plan, then the tick phase of every scheduler
** (sched_tick_one / sched_tick_dirty, independent of each other), then
** sched_finish.  sched_plan returns the number of ticks k the tick phase
** covers, or 0 when it has already advanced the engine (an idle jump). */
void sched_boundary(struct sim *s);
uint64_t sched_plan(struct sim *s);
void sched_tick_one(struct sim *s, uint32_t idx, uint64_t k);
void sched_tick_dirty(struct sim *s, uint32_t idx, uint64_t k);
void sched_finish(struct sim *s, uint64_t k);
/* A NOTE event after the first event from s->ev[from] on that fulfils a
** note tied to an event (sim.h), at that event's tick; called at the end
** of each step's signals, spawns and notes, and after a command. */
void sched_when_notes(struct sim *s, uint32_t from);
/* The boundary's dispatch: every idle scheduler takes the next process of
** its queue (or steals one); also after a command that changed the queues
** (sim_cmd_node), so that the boundary's invariant holds again: no idle
** scheduler could take or steal anything. */
void sched_dispatch(struct sim *s);
/* True if the process running on sc is inside a work/native op there. */
bool sched_runs_work(const struct sim *s, const struct sched *sc, bool dirty);

#endif
