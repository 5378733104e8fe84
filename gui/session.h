/*
** session.h - one scenario being shown: the engine, its history, stepping
** forwards and backwards.
**
** A session owns a loaded scenario, an engine on it, checkpoints taken
** every `cp_every` steps (thinned out when they pass SESSION_CP_BYTES) and
** the Gantt history (one run per stretch a process ran on a scheduler,
** bounded: see "Gantt history" below).
** Its position is the number of steps since tick 0; stepping back restores
** the nearest earlier checkpoint and replays.  Commands from the teacher
** (K: kill; N + a digit: a node down or up) are recorded with their
** position and replayed too, so going
** back and forth never changes history; a new command drops the future.
** No SDL here: the tests drive sessions directly.
*/
#ifndef BEAMSIM_GUI_SESSION_H
#define BEAMSIM_GUI_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netmarks.h"
#include "notes.h"
#include "sim.h"

#define SESSION_CP_BYTES (256u << 20)

/*
** Gantt history.  The timeline draws at most 5,000 ticks before the
** position, so a session keeps only recent runs, exactly:
** - every run ending after tick `now - SESSION_VIEW_TICKS` (and at or
**   before the position) is in `runs`, always;
** - older runs are kept while there are fewer than `runs_budget`
**   (SESSION_HISTORY_RUNS by default: 24 MiB); past the budget the oldest
**   half is dropped (never the view window above: 64 schedulers switching
**   every tick fill 3/4 of that half with it);
** - stepping back to where the dropped runs are needed rebuilds them:
**   replay from a checkpoint SESSION_REBUILD_TICKS further back, recording.
** So memory stays bounded whatever the run length, and what the timeline
** shows is the same, run for run, as with an unbounded history.
*/
#define SESSION_VIEW_TICKS 6144u
#define SESSION_REBUILD_TICKS (2u * SESSION_VIEW_TICKS)
#define SESSION_HISTORY_RUNS ((size_t)1 << 20)

struct gantt_run {
	uint64_t start, end;     /* [start, end) in ticks */
	uint32_t pid;
	uint32_t sched;
};

struct session_cp {
	sim_checkpoint *cp;
	uint64_t pos;
};

/* A command of the teacher, kept with the position it was given at. */
enum session_cmd_kind {
	SESSION_KILL,         /* K: an untrappable kill of process `id` */
	SESSION_NODE_DOWN,    /* N + a digit: node `id` (0 = the first) goes down ... */
	SESSION_NODE_UP       /* ... or comes up (sim_cmd_node) */
};

struct session_cmd {
	uint64_t pos;
	enum session_cmd_kind kind;
	uint32_t id;          /* the pid, or the node */
};

struct session {
	sim_scenario *scn;             /* owned */
	char label[256];               /* file name, or "built-in default" */
	struct sim_config cfg;
	sim *sim;
	uint64_t pos;                  /* steps since tick 0 */
	uint64_t stamp;                /* changes with every change of the engine state */
	struct session_cp *cps;        /* sorted by pos; cps[0] is tick 0 */
	size_t ncps, capcps, cp_bytes;
	uint64_t cp_every;
	struct session_cmd *cmds;
	size_t ncmds, capcmds;
	struct gantt_run *runs;        /* in order of end tick */
	size_t nruns, capruns;
	uint64_t runs_from;            /* every run ending at or after this tick is in runs */
	size_t runs_budget;            /* SESSION_HISTORY_RUNS; tests may lower it after init */
	struct notes notes;            /* when the notes tied to events came (notes.h) */
	struct netmarks marks;         /* where nodedown / noconnection arrived (netmarks.h) */
};

/* Starts a session on scn (whose ownership passes to the session on
** success) with cfg (valid: see sim_config_check).  Returns false when out
** of memory (scn then stays the caller's). */
bool session_init(struct session *s, sim_scenario *scn, const struct sim_config *cfg,
                  const char *label);
/* Loads a scenario from JSON text (messages into d, named after label)
** and starts a session on it with the scenario's own config.  False when
** the text is not a valid scenario (d says why) or out of memory. */
bool session_init_text(struct session *s, const char *json, size_t len, const char *label,
                       struct sim_diag *d);
void session_free(struct session *s);
/* Restarts at tick 0 with a new config (same scenario); false on ENOMEM
** (the session then keeps its old engine). */
bool session_reconfigure(struct session *s, const struct sim_config *cfg);
bool session_ended(const struct session *s);
/* One step; false if the run has ended.  sim_events() then gives its events. */
bool session_step(struct session *s);
/* Steps until an event other than RUN happens (a spawn, a message, an
** exit...), at most `max_steps` steps. */
void session_step_event(struct session *s, uint64_t max_steps);
/* Back to the state before the last step; false at tick 0. */
bool session_back(struct session *s);
void session_restart(struct session *s);
/* Steps until tick >= t or the end. */
void session_seek(struct session *s, uint64_t t);
/* Sends an untrappable kill to pid now; false if pid is not alive. */
bool session_kill(struct session *s, uint32_t pid);
/* Takes node (0 = the first) down, or up, now (sim_cmd_node), kept in the
** history as a kill is; false (nothing changed, nothing kept) when the
** engine refuses it. */
bool session_node(struct session *s, uint32_t node, bool up);
/* Applies command c to engine e (the session's or one running ahead of
** it, at c's position); false when e refuses it. */
bool session_cmd_apply(sim *e, const struct session_cmd *c);
/* Index of the first Gantt run ending after `tick` (binary search). */
size_t session_runs_after(const struct session *s, uint64_t tick);
/* The caption at the session's tick (notes.h), or NULL. */
const char *session_note(const struct session *s);
/* Bytes held by the Gantt history (its allocated array). */
size_t session_history_bytes(const struct session *s);

#endif
