/* notes.c - captions tied to ticks and to events; see notes.h. */
#include "notes.h"
#include "ghost.h"

#include <stdlib.h>
#include <string.h>

bool notes_init(struct notes *ns, const sim_scenario *scn)
{
	ns->n = sim_scenario_note_count(scn);
	ns->seen = ns->n ? malloc(ns->n * sizeof *ns->seen) : NULL;
	if (ns->n && !ns->seen) {
		ns->n = 0;
		return false;
	}
	ns->nwhen = 0;
	ns->skip_asks = false;
	for (size_t i = 0; i < ns->n; i++) {
		struct sim_note note;
		sim_scenario_note_get(scn, i, &note);
		ns->nwhen += note.when != SIM_NOTE_AT;
	}
	notes_clear(ns);
	return true;
}

void notes_free(struct notes *ns)
{
	free(ns->seen);
	ns->seen = NULL;
	ns->n = ns->nwhen = 0;
}

void notes_clear(struct notes *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		ns->seen[i] = UINT64_MAX;
}

/* Does event e fulfil note `what` about the process named `name`? */
static bool matches(const sim *s, const struct sim_event *e, enum sim_note_when what,
                    const char *name)
{
	static const enum sim_event_type type[SIM_NOTE_WHEN_COUNT] = {
		[SIM_NOTE_SPAWN] = SIM_EV_SPAWN, [SIM_NOTE_RECEIVE] = SIM_EV_RECEIVE,
		[SIM_NOTE_EXIT] = SIM_EV_EXIT, [SIM_NOTE_CRASH] = SIM_EV_EXIT,
		[SIM_NOTE_RESTART] = SIM_EV_RESTART,
	};
	struct sim_proc_view pv;
	if (what == SIM_NOTE_AT || e->type != type[what] || !sim_proc_view(s, e->pid, &pv) ||
	    strcmp(pv.name, name) != 0)
		return false;
	return what != SIM_NOTE_CRASH || ghost_end_of(e->reason) == END_CRASH;
}

void notes_scan(struct notes *ns, const sim_scenario *scn, const sim *s,
                const struct sim_event *ev, size_t n)
{
	for (size_t i = 0; i < ns->n && ns->nwhen; i++) {
		if (ns->seen[i] != UINT64_MAX)
			continue;
		struct sim_note note;
		sim_scenario_note_get(scn, i, &note);
		if (note.when == SIM_NOTE_AT)
			continue;
		for (size_t k = 0; k < n; k++)
			if (ev[k].type != SIM_EV_RUN && matches(s, &ev[k], note.when, note.name)) {
				ns->seen[i] = ev[k].tick;
				break;
			}
	}
}

void notes_rewind(struct notes *ns, uint64_t now)
{
	for (size_t i = 0; i < ns->n; i++)
		if (ns->seen[i] != UINT64_MAX && ns->seen[i] > now)
			ns->seen[i] = UINT64_MAX;
}

/* Whether note i carries a question (a lesson has a few of each). */
static bool is_question(const sim_scenario *scn, size_t i)
{
	struct sim_question q;
	for (size_t k = 0; sim_scenario_question(scn, k, &q); k++)
		if (q.note == i)
			return true;
	return false;
}

const char *notes_current(const struct notes *ns, const sim_scenario *scn, uint64_t now)
{
	const char *text = NULL;
	uint64_t best = 0;
	for (size_t i = 0; i < ns->n; i++) {
		struct sim_note note;
		sim_scenario_note_get(scn, i, &note);
		uint64_t t = note.when == SIM_NOTE_AT ? note.at : ns->seen[i];
		if (t <= now && (!text || t >= best) && !(ns->skip_asks && is_question(scn, i))) {
			text = note.text;
			best = t;
		}
	}
	return text;
}
