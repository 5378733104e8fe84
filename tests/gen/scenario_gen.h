/*
** scenario_gen.h - a generator of random, valid scenario files (format v1)
** for the invariant tests (tests/test_invariants.c) and the fuzzers.
**
** gen_scenario(seed) returns the JSON text of one scenario; the same seed
** always gives the same text (a private splitmix64 generator, never
** rand()).  Every scenario it makes is meant to load without errors: the
** invariant test asserts that for every seed it runs.
**
** What it draws: 1..8 schedulers, small slices, both preemption modes, the
** three balance modes, dirty_schedulers, priorities, start ticks, trap_exit,
** templates (with inheritance), counts, every op (work, native and dirty
** native, send with literal values, selective receive with patterns and
** `after`, spawn with link/monitor, link, unlink, monitor, trap_exit,
** sleep, crash, exit with and without `to` including kill, bounded loops
** and `forever` loops), supervisors with the three strategies, the three
** restart types, intensity/period and nesting, top-level `links`, and
** timeline send/exit/spawn events.  Runs are bounded by `until`.
*/
#ifndef BEAMSIM_SCENARIO_GEN_H
#define BEAMSIM_SCENARIO_GEN_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64: small, fast, good enough for test generation. */
struct gen_rng {
	uint64_t s;
};
uint64_t gen_next(struct gen_rng *r);
/* Uniform in [lo, hi] (inclusive). */
uint64_t gen_range(struct gen_rng *r, uint64_t lo, uint64_t hi);

/* Returns a malloc'd NUL-terminated JSON text (caller frees), NULL on ENOMEM. */
char *gen_scenario(uint64_t seed);

/* Flags of gen_scenario_opts. */
enum {
	/* For the BEAM oracle (tests/oracle/): leave out what beamsim
	** simplifies on purpose (docs/how-beam-schedules.md, Supervisors):
	** top-level `links` name only
	** processes that the file starts itself, never a supervisor's
	** children (beamsim starts a supervision tree in one tick, OTP one
	** child after the other, so a link to a child that exits at once is
	** made in beamsim and dropped in OTP); and no receive has `after 0`
	** (a monitor's noproc DOWN comes later on OTP 25: how-beam-schedules.md,
	** Monitors; the same draws, an `after 0` becomes `after 1`); a child
	** supervisor's `shutdown` in ticks is 100 more (stopping a child costs
	** beamsim ticks, the BEAM microseconds: scenario_gen.c child_shutdown);
	** and every `exit` op to another process is followed by 5 reductions
	** of work (its consequences take microseconds on the BEAM, ticks in
	** beamsim: pause_after_exits; how-beam-schedules.md, Signals). */
	GEN_ORACLE = 1u << 0,
	/* Supervisor children with the `shutdown` key (brutal_kill, 0..80
	** ticks, infinity) and trapping children that clean up: they wait
	** for ["EXIT", _, "shutdown"], work, and exit (issue 12). */
	GEN_SHUTDOWN = 1u << 1,
	/* Format 1.1 instead (issue 15; its own generator, gen_values_scenario
	** in scenario_gen.c): servers whose state is set in a loop around a
	** receive (guards, bound and fresh pattern variables, pids taken out
	** of messages and replied to, a list of members broadcast to with
	** foreach, a monitor's DOWN with its pid), clients that call them with
	** "$self" and `after`, if, foreach, counts read from variables, and
	** occasional runtime errors (div by zero, nth out of range, a variable
	** set on one branch only).  Every receive of a client has an `after`
	** and servers wait for ever, so a run ends by itself when its clients
	** are done (end "deadlock", or "all_exited" when the servers crashed). */
	GEN_VALUES = 1u << 2,
	/* Distribution (issue 16; gen_nodes in scenario_gen.c, applied to
	** the scenario drawn as without it, so the rest stays the same):
	** config.nodes (2..4 nodes n0..n3, 1..3 schedulers each), config.net
	** (latency 0..30, sometimes a per-pair link), "node" on top-level
	** entries and spawn ops and "node"/"nodes" on supervisor children
	** (so links and monitors cross nodes), monitor_node ops, and timeline
	** node_down, node_up, partition and heal events.  With GEN_ORACLE too
	** (the dist oracle, tests/oracle/dist/run_random.sh): 2..3 nodes and
	** a scenario of its own whose outcomes do not depend on timing:
	** processes that wait for ever (linkers, monitorers, node watchers,
	** relays, supervisors with children on other nodes) and timeline
	** events 250 ticks apart (gen_nodes_oracle in scenario_gen.c). */
	GEN_NODES = 1u << 3
};

/* gen_scenario with flags; gen_scenario(seed) is gen_scenario_opts(seed, 0)
** and its text does not depend on flags it does not set. */
char *gen_scenario_opts(uint64_t seed, unsigned flags);

#endif
