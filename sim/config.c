/*
** config.c - the run configuration (struct sim_config in sim.h): defaults,
** overrides (a front end's keys on top of a scenario's config),
** validation and the names of its enumerations.
*/
#include <stdio.h>
#include <string.h>

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

void sim_config_override(struct sim_config *c, const struct sim_config *f, uint32_t given)
{
	if (given & (1u << SIM_CFG_SCHEDULERS)) {
		if (c->dirty_schedulers == c->schedulers)
			c->dirty_schedulers = f->schedulers;
		c->schedulers = f->schedulers;
	}
	if (given & (1u << SIM_CFG_SLICE)) c->slice = f->slice;
	if (given & (1u << SIM_CFG_PREEMPTION)) c->preemption = f->preemption;
	if (given & (1u << SIM_CFG_BALANCE)) c->balance = f->balance;
	if (given & (1u << SIM_CFG_DIRTY)) c->dirty_schedulers = f->dirty_schedulers;
	if (given & (1u << SIM_CFG_SEED)) c->seed = f->seed;
	if (given & (1u << SIM_CFG_UNTIL)) c->until = f->until;
	if (given & (1u << SIM_CFG_REDUCTION_NS)) c->reduction_ns = f->reduction_ns;
	if (given & (1u << SIM_CFG_MAX_MAILBOX)) c->max_mailbox = f->max_mailbox;
	if (given & (1u << SIM_CFG_MAX_MESSAGE_MEMORY)) c->max_message_memory = f->max_message_memory;
	if (c->dirty_schedulers > c->schedulers)
		c->dirty_schedulers = c->schedulers;
}

const char *sim_priority_name(enum sim_priority p)
{
	static const char *const names[SIM_PRIO_COUNT] = {
		[SIM_PRIO_MAX] = "max", [SIM_PRIO_HIGH] = "high",
		[SIM_PRIO_NORMAL] = "normal", [SIM_PRIO_LOW] = "low",
	};
	return (unsigned)p < SIM_PRIO_COUNT ? names[p] : "?";
}

/* {=== the words of the enumerations (sim.h) ===} */

const struct sim_word sim_preemption_words[] = {
	{ "reductions", SIM_PREEMPT_REDUCTIONS, false },
	{ "cooperative", SIM_PREEMPT_COOPERATIVE, false },
	{ "preemptive", SIM_PREEMPT_REDUCTIONS, true },
	{ NULL, 0, false },
};

const struct sim_word sim_balance_words[] = {
	{ "steal", SIM_BALANCE_STEAL, false },
	{ "none", SIM_BALANCE_NONE, false },
	{ "shared", SIM_BALANCE_SHARED, false },
	{ NULL, 0, false },
};

bool sim_word_parse(const struct sim_word *t, const char *word, int *value)
{
	for (; word && t->word; t++)
		if (strcmp(t->word, word) == 0) {
			*value = t->value;
			return true;
		}
	return false;
}

const char *sim_word_name(const struct sim_word *t, int value)
{
	for (; t->word; t++)
		if (!t->alias && t->value == value)
			return t->word;
	return "?";
}

const char *sim_word_list(const struct sim_word *t, char *buf, size_t size)
{
	size_t n = 0, len = 0;
	for (const struct sim_word *w = t; w->word; w++)
		n += !w->alias;
	buf[0] = '\0';
	for (size_t i = 0; t->word && len + 1 < size; t++) {
		if (t->alias)
			continue;
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int k = snprintf(buf + len, size - len, "%s%s", sep, t->word);
		len = k < 0 ? size : len + (size_t)k;
		i++;
	}
	return buf;
}

bool sim_preemption_parse(const char *word, enum sim_preemption *out)
{
	int v;
	if (!sim_word_parse(sim_preemption_words, word, &v))
		return false;
	*out = (enum sim_preemption)v;
	return true;
}

bool sim_balance_parse(const char *word, enum sim_balance *out)
{
	int v;
	if (!sim_word_parse(sim_balance_words, word, &v))
		return false;
	*out = (enum sim_balance)v;
	return true;
}

const char *sim_preemption_name(enum sim_preemption p)
{
	return sim_word_name(sim_preemption_words, (int)p);
}

const char *sim_balance_name(enum sim_balance b)
{
	return sim_word_name(sim_balance_words, (int)b);
}
