/* summary.c - the --summary JSON, built from the public views only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "sim.h"

static double ratio(uint64_t part, uint64_t whole)
{
	return whole ? round((double)part / (double)whole * 10000.0) / 10000.0 : 0.0;
}

static cJSON *config_json(const struct sim_config *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "schedulers", c->schedulers);
	cJSON_AddNumberToObject(o, "slice", (double)c->slice);
	cJSON_AddStringToObject(o, "preemption", sim_preemption_name(c->preemption));
	cJSON_AddStringToObject(o, "balance", sim_balance_name(c->balance));
	cJSON_AddNumberToObject(o, "dirty_schedulers", c->dirty_schedulers);
	cJSON_AddNumberToObject(o, "seed", (double)c->seed);
	cJSON_AddNumberToObject(o, "until", (double)c->until);
	cJSON_AddNumberToObject(o, "reduction_ns", (double)c->reduction_ns);
	return o;
}

static cJSON *pid_json(uint32_t pid)
{
	char buf[32];
	snprintf(buf, sizeof buf, "<0.%u.0>", pid);
	return cJSON_CreateString(buf);
}

static cJSON *proc_json(const struct sim_proc_view *v)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", v->name);
	cJSON_AddItemToObject(o, "pid", pid_json(v->pid));
	cJSON_AddNumberToObject(o, "incarnation", v->incarnation);
	cJSON_AddStringToObject(o, "state", sim_proc_state_name(v->state));
	if (v->exit_reason) {
		cJSON_AddStringToObject(o, "exit_reason", v->exit_reason);
		cJSON_AddNumberToObject(o, "exit_tick", (double)v->exit_tick);
	} else {
		cJSON_AddNullToObject(o, "exit_reason");
		cJSON_AddNullToObject(o, "exit_tick");
	}
	cJSON_AddNumberToObject(o, "spawn_tick", (double)v->spawn_tick);
	cJSON_AddNumberToObject(o, "reductions", (double)v->reductions);
	cJSON_AddNumberToObject(o, "sent", (double)v->sent);
	cJSON_AddNumberToObject(o, "received", (double)v->received);
	cJSON_AddNumberToObject(o, "mailbox", (double)v->mailbox);
	cJSON_AddNumberToObject(o, "scheduler", v->loc.sched + 1);
	cJSON_AddStringToObject(o, "priority", sim_priority_name(v->priority));
	return o;
}

char *sim_summary_json(const sim *s)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	cJSON_AddStringToObject(root, "title", sim_scenario_title(sim_get_scenario(s)));
	cJSON_AddNumberToObject(root, "ticks", (double)sim_now(s));
	cJSON_AddStringToObject(root, "end", sim_end_name(sim_end_state(s)));
	cJSON_AddItemToObject(root, "config", config_json(sim_get_config(s)));

	cJSON *scheds = cJSON_AddArrayToObject(root, "schedulers");
	for (uint32_t i = 0; i < sim_sched_count(s); i++) {
		struct sim_sched_view v;
		sim_sched_view(s, i, &v);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", i + 1);
		cJSON_AddNumberToObject(o, "busy", (double)v.busy);
		cJSON_AddNumberToObject(o, "idle", (double)v.idle);
		cJSON_AddNumberToObject(o, "utilization", ratio(v.busy, v.busy + v.idle));
		cJSON_AddNumberToObject(o, "steals", (double)v.steals);
		cJSON_AddNumberToObject(o, "context_switches", (double)v.context_switches);
		cJSON_AddItemToArray(scheds, o);
	}

	cJSON *procs = cJSON_AddArrayToObject(root, "processes");
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		struct sim_proc_view v;
		if (sim_proc_view(s, pid, &v))
			cJSON_AddItemToArray(procs, proc_json(&v));
	}

	cJSON *sups = cJSON_AddArrayToObject(root, "supervisors");
	for (size_t i = 0; i < sim_sup_count(s); i++) {
		struct sim_sup_view v;
		sim_sup_view(s, i, &v);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", v.name);
		cJSON_AddItemToObject(o, "pid", pid_json(v.pid));
		cJSON_AddNumberToObject(o, "restarts", (double)v.restarts);
		if (v.exit_reason)
			cJSON_AddStringToObject(o, "exit_reason", v.exit_reason);
		else
			cJSON_AddNullToObject(o, "exit_reason");
		cJSON_AddItemToArray(sups, o);
	}

	struct sim_totals t;
	sim_totals(s, &t);
	cJSON *m = cJSON_AddObjectToObject(root, "messages");
	cJSON_AddNumberToObject(m, "sent", (double)t.sent);
	cJSON_AddNumberToObject(m, "delivered", (double)t.delivered);
	cJSON_AddNumberToObject(m, "dropped", (double)t.dropped);
	cJSON_AddNumberToObject(m, "in_mailboxes", (double)t.in_mailboxes);

	char *out = cJSON_Print(root);
	cJSON_Delete(root);
	return out;
}
