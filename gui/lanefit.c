/* lanefit.c - what the lanes hold over a run, from a run ahead; see lanefit.h. */
#include "lanefit.h"

#include "ghost.h"

/* Exits other than normal of the last GHOST_TICKS ticks: a ring. */
struct recent {
	uint64_t tick[GHOST_MAX];
	int32_t sched[GHOST_MAX];
	int next;
};

/* The scheduler the process of exit event x was running on when it
** ended (its run ends then, as ghost.c's died_on reads the Gantt history),
** or -1: its ghost is then only a chip in the exited area. */
static int32_t died_on(const struct sim_event *ev, size_t n, const struct sim_event *x)
{
	for (size_t i = 0; i < n; i++)
		if (ev[i].type == SIM_EV_RUN && ev[i].pid == x->pid && ev[i].tick == x->tick &&
		    !ev[i].dirty && ev[i].sched >= 0)
			return ev[i].sched;
	return -1;
}

/* Notes the ghosts of the last step's events, and whether a process
** spawned in it (pids *seen + 1 on) is a supervisor.  Spawns are read
** from the process table, not from spawn events: 100,000 processes of
** tick 0 would store 11 MB of events for one flag. */
static void read_events(struct recent *rc, struct layout_fit *out, const sim *e, size_t *seen)
{
	size_t n, count = sim_proc_count(e);
	const struct sim_event *ev = sim_events(e, &n);
	struct sim_proc_view pv;
	for (; *seen < count && !out->tree; (*seen)++)
		out->tree = sim_proc_view(e, (uint32_t)*seen + 1, &pv) && pv.supervisor;
	*seen = count;
	for (size_t i = 0; i < n; i++) {
		if (ev[i].type != SIM_EV_EXIT || ghost_end_of(ev[i].reason) == END_NORMAL)
			continue;
		rc->tick[rc->next] = ev[i].tick;
		rc->sched[rc->next] = died_on(ev, n, &ev[i]);
		rc->next = (rc->next + 1) % GHOST_MAX;
	}
}

/* The most boxes a lane's queue area holds now; adds the entries counted
** to *visits. */
static size_t lane_boxes(const struct recent *rc, const sim *e, size_t *visits)
{
	size_t most = 0;
	uint64_t now = sim_now(e);
	for (uint32_t i = 0; i < (uint32_t)sim_sched_count(e); i++) {
		size_t q = sim_sched_queue(e, i, NULL, 0), g = 0;
		*visits += q + 1;
		for (int k = 0; k < GHOST_MAX; k++)
			g += rc->sched[k] == (int32_t)i && rc->tick[k] <= now &&
			     now - rc->tick[k] <= GHOST_TICKS;
		size_t b = q + g + (q == 0 && g ? 2 : 0);   /* ghosts go after "run queue empty" */
		most = b > most ? b : most;
	}
	return most;
}

void lanefit_scan(struct layout_fit *out, const sim_scenario *scn, const struct sim_config *cfg)
{
	out->boxes = 0;
	out->tree = false;
	out->chip_em = out->exit_em = 0;        /* measured on the window's own engine (panels_chip_em) */
	sim *e = sim_create_masked(scn, cfg, (1u << SIM_EV_EXIT) | (1u << SIM_EV_RUN));
	if (!e)
		return;
	struct recent rc = { .next = 0 };
	for (int k = 0; k < GHOST_MAX; k++)
		rc.sched[k] = -1;
	size_t visits = 0, most = 1, seen = 0;
	bool ended = false;
	for (long step = 0; !ended; step++) {     /* tick 0, then each step */
		if (step > 0)
			ended = sim_step(e) != SIM_END_NONE;
		read_events(&rc, out, e, &seen);
		size_t b = lane_boxes(&rc, e, &visits);
		most = b > most ? b : most;
		if (most > LAYOUT_MAX_SLOTS || visits > LANEFIT_VISITS || step >= LANEFIT_STEPS)
			break;
	}
	sim_destroy(e);
	out->boxes = most;
}

void lanefit_read(struct lanefit *f, const struct session *s)
{
	if (f->sim == s->sim)
		return;
	f->sim = s->sim;
	lanefit_scan(&f->fit, s->scn, &s->cfg);
}
