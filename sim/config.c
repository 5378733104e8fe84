/*
** config.c - the run configuration (struct sim_config in sim.h): defaults,
** validation and the names of its enumerations.
*/
#include "sim.h"

void sim_config_default(struct sim_config *c)
{
	c->schedulers = 2;
	c->slice = 4000;                 /* BEAM's CONTEXT_REDS */
	c->preemption = SIM_PREEMPT_REDUCTIONS;
	c->balance = SIM_BALANCE_STEAL;
	c->dirty_schedulers = c->schedulers;
	c->seed = 0;
	c->until = 1000000;
	c->reduction_ns = SIM_DEFAULT_REDUCTION_NS;
	c->max_mailbox = 0;              /* BEAM's max_heap_size default: no limit */
	c->max_message_memory = SIM_DEFAULT_MAX_MESSAGE_MEMORY;
}

const char *sim_config_check(const struct sim_config *c)
{
	if (c->schedulers < 1 || c->schedulers > SIM_MAX_SCHEDULERS)
		return "schedulers must be between 1 and 64";
	if (c->slice < 1)
		return "slice must be at least 1";
	if (c->until < 1)
		return "until must be at least 1";
	if (c->dirty_schedulers < 1 || c->dirty_schedulers > SIM_MAX_SCHEDULERS)
		return "dirty_schedulers must be between 1 and 64";
	if (c->preemption != SIM_PREEMPT_REDUCTIONS && c->preemption != SIM_PREEMPT_COOPERATIVE)
		return "preemption must be reductions or cooperative";
	if (c->balance != SIM_BALANCE_STEAL && c->balance != SIM_BALANCE_NONE &&
	    c->balance != SIM_BALANCE_SHARED)
		return "balance must be steal, none or shared";
	if (c->max_mailbox > SIM_MAX_MAILBOX)
		return "max_mailbox must be between 0 and 1000000000";
	if (c->max_message_memory > SIM_MAX_MESSAGE_MEMORY)
		return "max_message_memory must be between 0 and 1099511627776";
	return NULL;
}

const char *sim_priority_name(enum sim_priority p)
{
	static const char *const names[SIM_PRIO_COUNT] = {
		[SIM_PRIO_MAX] = "max", [SIM_PRIO_HIGH] = "high",
		[SIM_PRIO_NORMAL] = "normal", [SIM_PRIO_LOW] = "low",
	};
	return (unsigned)p < SIM_PRIO_COUNT ? names[p] : "?";
}

const char *sim_preemption_name(enum sim_preemption p)
{
	switch (p) {
	case SIM_PREEMPT_REDUCTIONS: return "reductions";
	case SIM_PREEMPT_COOPERATIVE: return "cooperative";
	}
	return "?";
}

const char *sim_balance_name(enum sim_balance b)
{
	switch (b) {
	case SIM_BALANCE_STEAL: return "steal";
	case SIM_BALANCE_NONE: return "none";
	case SIM_BALANCE_SHARED: return "shared";
	}
	return "?";
}
