/* session.c - a scenario's engine with checkpoints and history; see session.h. */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CP_EVERY_START 64

#define GROW(v, n, cap)                                                              \
	((n) < (cap) ? true : grow((void **)&(v), &(cap), sizeof *(v)))

static bool grow(void **v, size_t *cap, size_t size)
{
	size_t nc = *cap ? *cap * 2 : 64;
	void *p = realloc(*v, nc * size);
	if (!p)
		return false;
	*v = p;
	*cap = nc;
	return true;
}

/*
** Stamps: every change of a session's engine state (a step, a step back,
** a restart, a kill, a new config) gives it a new stamp, unique among all
** sessions of the process, so caches keyed by the stamp (the renderer's
** side panel) never mistake one state, or one session, for another.  The
** only static state in gui/; the GUI runs on one thread.
*/
static uint64_t last_stamp;

static void touch(struct session *s)
{
	s->stamp = ++last_stamp;
}

/*
** Drops the oldest runs, down to half the budget, but never a run ending
** within SESSION_VIEW_TICKS of the newest one, and never only some of the
** runs ending at one tick (so that runs_from stays exact).  When the view
** window alone holds more than the budget, nothing is dropped.
*/
static void trim_runs(struct session *s)
{
	if (s->nruns == 0)
		return;
	uint64_t newest = s->runs[s->nruns - 1].end;
	size_t keep = session_runs_after(s, newest > SESSION_VIEW_TICKS ? newest - SESSION_VIEW_TICKS : 0);
	size_t cut = s->nruns - s->runs_budget / 2;
	if (cut > keep)
		cut = keep;
	while (cut > 0 && cut < keep && s->runs[cut].end == s->runs[cut - 1].end)
		cut++;
	if (cut == 0)
		return;
	s->runs_from = s->runs[cut - 1].end + 1;
	s->nruns -= cut;
	memmove(s->runs, s->runs + cut, s->nruns * sizeof *s->runs);
}

/* Appends the runs of the last step or command to the history, and notes
** the events that notes wait for. */
static void record_runs(struct session *s)
{
	size_t n;
	const struct sim_event *ev = sim_events(s->sim, &n);
	notes_scan(&s->notes, s->scn, s->sim, ev, n);
	netmarks_scan(&s->marks, s->sim, ev, n);
	for (size_t i = 0; i < n; i++) {
		if (ev[i].type != SIM_EV_RUN || ev[i].dirty || ev[i].sched < 0)
			continue;
		if (s->nruns >= s->runs_budget)
			trim_runs(s);
		if (!GROW(s->runs, s->nruns, s->capruns))
			return;                    /* history is best effort */
		struct gantt_run *r = &s->runs[s->nruns++];
		r->start = ev[i].start;
		r->end = ev[i].tick;
		r->pid = ev[i].pid;
		r->sched = (uint32_t)ev[i].sched;
	}
}

static void drop_cps_after(struct session *s, uint64_t pos)
{
	while (s->ncps > 1 && s->cps[s->ncps - 1].pos > pos) {
		s->ncps--;
		s->cp_bytes -= sim_checkpoint_bytes(s->cps[s->ncps].cp);
		sim_checkpoint_destroy(s->cps[s->ncps].cp);
	}
}

static bool take_cp(struct session *s)
{
	if (!GROW(s->cps, s->ncps, s->capcps))
		return false;
	sim_checkpoint *cp = sim_checkpoint_create(s->sim);
	if (!cp)
		return false;
	s->cps[s->ncps].cp = cp;
	s->cps[s->ncps].pos = s->pos;
	s->ncps++;
	s->cp_bytes += sim_checkpoint_bytes(cp);
	if (s->cp_bytes > SESSION_CP_BYTES) {        /* thin out: keep every other one */
		s->cp_every *= 2;
		size_t k = 1;
		for (size_t i = 1; i < s->ncps; i++) {
			if (s->cps[i].pos % s->cp_every == 0 || i == s->ncps - 1) {
				s->cps[k++] = s->cps[i];
			} else {
				s->cp_bytes -= sim_checkpoint_bytes(s->cps[i].cp);
				sim_checkpoint_destroy(s->cps[i].cp);
			}
		}
		s->ncps = k;
	}
	return true;
}

/* Replays the teacher's commands at the current position; `record`: add
** their runs to the history (false when the history already has them). */
static void apply_cmds(struct session *s, bool record)
{
	for (size_t i = 0; i < s->ncmds; i++)
		if (s->cmds[i].pos == s->pos && session_cmd_apply(s->sim, &s->cmds[i]) && record)
			record_runs(s);
}

static bool start(struct session *s)
{
	if (!notes_init(&s->notes, s->scn))
		return false;
	s->sim = sim_create(s->scn, &s->cfg);
	if (!s->sim) {
		notes_free(&s->notes);
		return false;
	}
	sim_set_batching(s->sim, false);     /* the class sees every tick */
	s->pos = 0;
	s->cp_every = CP_EVERY_START;
	s->runs_budget = SESSION_HISTORY_RUNS;
	touch(s);
	record_runs(s);
	if (!take_cp(s)) {
		sim_destroy(s->sim);
		s->sim = NULL;
		notes_free(&s->notes);
		return false;
	}
	return true;
}

bool session_init(struct session *s, sim_scenario *scn, const struct sim_config *cfg,
                  const char *label)
{
	memset(s, 0, sizeof *s);
	s->scn = scn;
	s->cfg = *cfg;
	snprintf(s->label, sizeof s->label, "%s", label ? label : "built-in default");
	if (!start(s)) {
		free(s->cps);
		memset(s, 0, sizeof *s);
		return false;
	}
	return true;
}

bool session_init_text(struct session *s, const char *json, size_t len, const char *label,
                       struct sim_diag *d)
{
	sim_scenario *scn = sim_scenario_load_text(json, len, label, d);
	if (!scn)
		return false;
	struct sim_config cfg = sim_scenario_config(scn);
	if (!session_init(s, scn, &cfg, label)) {
		sim_scenario_free(scn);
		return false;
	}
	return true;
}

static void clear_history(struct session *s)
{
	drop_cps_after(s, 0);
	s->ncmds = 0;
	s->nruns = 0;
	s->runs_from = 0;
}

void session_free(struct session *s)
{
	if (!s->sim)
		return;
	drop_cps_after(s, 0);
	if (s->ncps)
		sim_checkpoint_destroy(s->cps[0].cp);
	free(s->cps);
	free(s->cmds);
	free(s->runs);
	notes_free(&s->notes);
	sim_destroy(s->sim);
	sim_scenario_free(s->scn);
	memset(s, 0, sizeof *s);
}

bool session_reconfigure(struct session *s, const struct sim_config *cfg)
{
	sim *old = s->sim;
	struct sim_config oldcfg = s->cfg;
	sim *fresh = sim_create(s->scn, cfg);
	if (!fresh)
		return false;
	sim_set_batching(fresh, false);
	sim_checkpoint *cp = sim_checkpoint_create(fresh);
	if (!cp) {
		sim_destroy(fresh);
		return false;
	}
	(void)oldcfg;
	clear_history(s);
	sim_checkpoint_destroy(s->cps[0].cp);
	s->cps[0].cp = cp;
	s->cps[0].pos = 0;
	s->cp_bytes = sim_checkpoint_bytes(cp);
	s->cp_every = CP_EVERY_START;
	s->sim = fresh;
	s->cfg = *cfg;
	s->pos = 0;
	sim_destroy(old);
	touch(s);
	notes_clear(&s->notes);
	netmarks_clear(&s->marks);
	record_runs(s);
	return true;
}

bool session_ended(const struct session *s)
{
	return sim_end_state(s->sim) != SIM_END_NONE;
}

bool session_step(struct session *s)
{
	if (session_ended(s))
		return false;
	sim_step(s->sim);
	s->pos++;
	touch(s);
	record_runs(s);
	if (s->pos % s->cp_every == 0 && s->cps[s->ncps - 1].pos < s->pos)
		take_cp(s);
	apply_cmds(s, true);
	return true;
}

void session_step_event(struct session *s, uint64_t max_steps)
{
	for (uint64_t k = 0; k < max_steps && session_step(s); k++) {
		size_t n;
		const struct sim_event *ev = sim_events(s->sim, &n);
		for (size_t i = 0; i < n; i++)
			if (ev[i].type != SIM_EV_RUN)
				return;
	}
}

/* Restores checkpoint `cp` and replays up to position target; with
** `record`, the runs of the replayed steps are added to the history.
** False if the checkpoint cannot be restored (nothing changed then). */
static bool replay_from(struct session *s, const struct session_cp *cp, uint64_t target, bool record)
{
	if (sim_checkpoint_restore(s->sim, cp->cp) != SIM_OK)
		return false;
	sim_set_batching(s->sim, false);
	s->pos = cp->pos;
	apply_cmds(s, record);
	while (s->pos < target) {
		sim_step(s->sim);
		s->pos++;
		if (record)
			record_runs(s);
		apply_cmds(s, record);
	}
	touch(s);
	return true;
}

/* The latest checkpoint at or before both position pos and tick `tick`. */
static const struct session_cp *cp_before(const struct session *s, uint64_t pos, uint64_t tick)
{
	size_t i = s->ncps;
	while (i > 1 && (s->cps[i - 1].pos > pos || sim_checkpoint_tick(s->cps[i - 1].cp) > tick))
		i--;
	return &s->cps[i - 1];
}

/* Restores the state at position target (< pos) by replaying.  When the
** history then lacks runs of the view window (dropped long ago), they are
** rebuilt by replaying again, recording, from a checkpoint at least
** SESSION_REBUILD_TICKS earlier. */
static void replay_to(struct session *s, uint64_t target)
{
	if (!replay_from(s, cp_before(s, target, UINT64_MAX), target, false))
		return;
	uint64_t now = sim_now(s->sim);
	notes_rewind(&s->notes, now);
	netmarks_rewind(&s->marks, now);
	while (s->nruns > 0 && s->runs[s->nruns - 1].end > now)
		s->nruns--;
	uint64_t view = now > SESSION_VIEW_TICKS ? now - SESSION_VIEW_TICKS : 0;
	if (s->runs_from <= view + 1)
		return;
	const struct session_cp *cp =
		cp_before(s, target, now > SESSION_REBUILD_TICKS ? now - SESSION_REBUILD_TICKS : 0);
	s->nruns = 0;
	s->runs_from = sim_checkpoint_tick(cp->cp) + 1;    /* trim_runs may raise it */
	if (!replay_from(s, cp, target, true))
		s->runs_from = now + 1;                       /* nothing stored */
}

bool session_back(struct session *s)
{
	if (s->pos == 0)
		return false;
	replay_to(s, s->pos - 1);
	return true;
}

void session_restart(struct session *s)
{
	clear_history(s);
	replay_to(s, 0);
	s->nruns = 0;
	record_runs(s);
}

void session_seek(struct session *s, uint64_t t)
{
	while (sim_now(s->sim) < t && session_step(s))
		;
}

bool session_cmd_apply(sim *e, const struct session_cmd *c)
{
	if (c->kind == SESSION_KILL)
		return sim_cmd_exit(e, c->id, "kill");
	return sim_cmd_node(e, c->id, c->kind == SESSION_NODE_UP);
}

/* Applies c now and keeps it in the history: the future (checkpoints and
** commands after this position) is dropped. */
static bool command(struct session *s, struct session_cmd c)
{
	c.pos = s->pos;
	if (!session_cmd_apply(s->sim, &c))
		return false;
	touch(s);
	record_runs(s);
	drop_cps_after(s, s->pos);
	size_t k = 0;
	for (size_t i = 0; i < s->ncmds; i++)
		if (s->cmds[i].pos <= s->pos)
			s->cmds[k++] = s->cmds[i];
	s->ncmds = k;
	if (GROW(s->cmds, s->ncmds, s->capcmds))
		s->cmds[s->ncmds++] = c;
	return true;
}

bool session_kill(struct session *s, uint32_t pid)
{
	return command(s, (struct session_cmd){ 0, SESSION_KILL, pid });
}

bool session_node(struct session *s, uint32_t node, bool up)
{
	return command(s, (struct session_cmd){ 0, up ? SESSION_NODE_UP : SESSION_NODE_DOWN, node });
}

size_t session_runs_after(const struct session *s, uint64_t tick)
{
	size_t lo = 0, hi = s->nruns;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->runs[mid].end <= tick)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *session_note(const struct session *s)
{
	return notes_current(&s->notes, s->scn, sim_now(s->sim));
}

size_t session_history_bytes(const struct session *s)
{
	return s->capruns * sizeof *s->runs;
}
