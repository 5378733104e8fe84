/* event.c - the event log of a step, and the names of the public enums. */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "term.h"

struct sim_event *event_append(struct sim *s, struct sched *sc, enum sim_event_type type,
                               uint64_t tick, uint32_t pid)
{
	struct sim_event e;
	memset(&e, 0, sizeof e);
	e.type = type;
	e.tick = tick;
	e.pid = pid;
	e.sched = -1;
	e.from_sched = -1;
	bool ok = sc ? VEC_PUSH(sc->ev, sc->nev, sc->evcap, e) : VEC_PUSH(s->ev, s->nev, s->evcap, e);
	if (!ok)
		engine_oom();
	return sc ? &sc->ev[sc->nev - 1] : &s->ev[s->nev - 1];
}

void event_message(struct sim_event *e, const struct sim *s, const struct msg *m)
{
	e->msg_id = m->id;
	if (m->kind == MSG_USER) {
		e->value = m->value;
	} else {
		e->tag = m->kind == MSG_EXIT ? "EXIT" : "DOWN";
		e->name = atom_name(&s->scn->atoms, m->name);
		e->reason = atom_name(&s->scn->atoms, m->reason);
	}
}

void sim_event_message(const struct sim_event *e, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	if (e->value) {
		term_print(e->value, buf, size);
	} else if (e->tag) {
		snprintf(buf, size, "[\"%s\",\"%s\",\"%s\"]", e->tag, e->name ? e->name : "",
		         e->reason ? e->reason : "");
	}
}

void sim_set_event_mask(sim *s, uint32_t mask)
{
	s->event_mask = mask;
}

const struct sim_event *sim_events(const sim *s, size_t *n)
{
	*n = s->nev;
	return s->ev;
}

#define NAME_OF(table, i) \
	((size_t)(i) < sizeof table / sizeof table[0] && table[i] ? table[i] : "?")

const char *sim_event_type_name(enum sim_event_type t)
{
	static const char *const names[SIM_EV_TYPE_COUNT] = {
		[SIM_EV_SPAWN] = "spawn", [SIM_EV_RUN] = "run", [SIM_EV_SEND] = "send",
		[SIM_EV_DELIVER] = "deliver", [SIM_EV_DROP] = "drop", [SIM_EV_RECEIVE] = "receive",
		[SIM_EV_TIMEOUT] = "timeout", [SIM_EV_EXIT] = "exit", [SIM_EV_CRASH] = "crash",
		[SIM_EV_SIGNAL] = "signal", [SIM_EV_KILL] = "kill", [SIM_EV_LINK] = "link",
		[SIM_EV_UNLINK] = "unlink", [SIM_EV_MONITOR] = "monitor", [SIM_EV_RESTART] = "restart",
		[SIM_EV_SUP_GIVEUP] = "give_up", [SIM_EV_STEAL] = "steal", [SIM_EV_DIRTY] = "dirty",
		[SIM_EV_NOTE] = "note", [SIM_EV_LIMIT] = "limit",
	};
	return NAME_OF(names, t);
}

const char *sim_run_stop_name(enum sim_run_stop w)
{
	static const char *const names[] = {
		[SIM_STOP_PREEMPTED] = "preempted", [SIM_STOP_WAITING] = "waiting",
		[SIM_STOP_SLEEPING] = "sleeping", [SIM_STOP_DIRTY] = "dirty",
		[SIM_STOP_EXITED] = "exited", [SIM_STOP_RUN_END] = "run_end",
		[SIM_STOP_DONE] = "done",
	};
	return NAME_OF(names, w);
}

const char *sim_signal_effect_name(enum sim_signal_effect e)
{
	static const char *const names[] = {
		[SIM_SIG_IGNORED] = "ignored", [SIM_SIG_TRAPPED] = "trapped", [SIM_SIG_KILLED] = "killed",
	};
	return NAME_OF(names, e);
}

const char *sim_proc_state_name(enum sim_proc_state st)
{
	static const char *const names[SIM_PROC_STATE_COUNT] = {
		[SIM_PROC_RUNNABLE] = "runnable", [SIM_PROC_RUNNING] = "running",
		[SIM_PROC_WAITING] = "waiting", [SIM_PROC_SLEEPING] = "sleeping",
		[SIM_PROC_DIRTY] = "dirty", [SIM_PROC_EXITED] = "exited",
	};
	return NAME_OF(names, st);
}

const char *sim_end_name(enum sim_end e)
{
	static const char *const names[] = {
		[SIM_END_NONE] = "running", [SIM_END_ALL_EXITED] = "all_exited",
		[SIM_END_DEADLOCK] = "deadlock", [SIM_END_LIMIT] = "limit",
		[SIM_END_INTERRUPTED] = "interrupted", [SIM_END_MEMORY_LIMIT] = "memory_limit",
	};
	return NAME_OF(names, e);
}
