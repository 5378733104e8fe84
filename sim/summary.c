/*
** summary.c - the --summary JSON, built from the public views only.
**
** The document is streamed: one process at a time is read (archived ones
** chunk by chunk, see archive.c) and written, so the memory a summary
** needs does not grow with the number of pids.  The text is exactly what
** cJSON_Print made of the same document (tabs, "key":<TAB>value, ", "
** between array elements), with integers written exactly.
*/
#define _POSIX_C_SOURCE 200809L   /* open_memstream */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "sim.h"

/* A writer of cJSON_Print's layout: first[d] says whether the container
** open at depth d has no member yet. */
struct sw {
	struct jout o;
	unsigned depth;
	bool first[8];
};

static void tabs(struct sw *w, unsigned n)
{
	static const char t[] = "\t\t\t\t\t\t\t\t";
	jout_printf(&w->o, "%.*s", (int)n, t);
}

static void obj_open(struct sw *w)
{
	jout_puts(&w->o, "{\n");
	w->first[++w->depth] = true;
}

static void obj_close(struct sw *w)
{
	jout_puts(&w->o, "\n");
	tabs(w, --w->depth);
	jout_puts(&w->o, "}");
}

/* Starts the member `key` of the open object; its value follows. */
static void key(struct sw *w, const char *k)
{
	if (!w->first[w->depth])
		jout_puts(&w->o, ",\n");
	w->first[w->depth] = false;
	tabs(w, w->depth);
	jout_string(&w->o, k);
	jout_puts(&w->o, ":\t");
}

static void arr_open(struct sw *w)
{
	jout_puts(&w->o, "[");
	w->first[++w->depth] = true;
}

/* Starts an element of the open array. */
static void elem(struct sw *w)
{
	if (!w->first[w->depth])
		jout_puts(&w->o, ", ");
	w->first[w->depth] = false;
}

static void arr_close(struct sw *w)
{
	jout_puts(&w->o, "]");
	w->depth--;
}

static void kuint(struct sw *w, const char *k, uint64_t v)
{
	key(w, k);
	jout_uint(&w->o, v);
}

static void kdouble(struct sw *w, const char *k, double v)
{
	key(w, k);
	jout_double(&w->o, v);
}

/* A string member; NULL is written as null. */
static void kstring(struct sw *w, const char *k, const char *v)
{
	key(w, k);
	if (v)
		jout_string(&w->o, v);
	else
		jout_puts(&w->o, "null");
}

static void kpid(struct sw *w, const char *k, uint32_t pid)
{
	key(w, k);
	jout_printf(&w->o, "\"<0.%u.0>\"", pid);
}

static double ratio(uint64_t part, uint64_t whole)
{
	return whole ? round((double)part / (double)whole * 10000.0) / 10000.0 : 0.0;
}

static void config(struct sw *w, const struct sim_config *c)
{
	key(w, "config");
	obj_open(w);
	kuint(w, "schedulers", c->schedulers);
	kuint(w, "slice", c->slice);
	kstring(w, "preemption", sim_preemption_name(c->preemption));
	kstring(w, "balance", sim_balance_name(c->balance));
	kuint(w, "dirty_schedulers", c->dirty_schedulers);
	kuint(w, "seed", c->seed);
	kuint(w, "until", c->until);
	kuint(w, "reduction_ns", c->reduction_ns);
	kuint(w, "max_mailbox", c->max_mailbox);
	kuint(w, "max_message_memory", c->max_message_memory);
	obj_close(w);
}

static void schedulers(struct sw *w, const sim *s, const struct sim_threads_stats *ts)
{
	key(w, "schedulers");
	arr_open(w);
	for (uint32_t i = 0; i < sim_sched_count(s); i++) {
		struct sim_sched_view v;
		sim_sched_view(s, i, &v);
		elem(w);
		obj_open(w);
		kuint(w, "id", i + 1);
		if (sim_node_count(s)) {
			struct sim_node_view nv;
			sim_node_view(s, sim_sched_node(s, i), &nv);
			kstring(w, "node", nv.name);
		}
		kuint(w, "busy", v.busy);
		kuint(w, "idle", v.idle);
		kdouble(w, "utilization", ratio(v.busy, v.busy + v.idle));
		kuint(w, "steals", v.steals);
		kuint(w, "context_switches", v.context_switches);
		if (ts) {
			double cpu = i < ts->nsched ? ts->cpu_seconds[i] : 0.0;
			kdouble(w, "cpu_seconds", round(cpu * 1e6) / 1e6);
			kdouble(w, "real_utilization",
			        ts->wall_seconds > 0 ? round(cpu / ts->wall_seconds * 1e4) / 1e4 : 0);
		}
		obj_close(w);
	}
	arr_close(w);
}

static void process(struct sw *w, const sim *s, const struct sim_proc_view *v)
{
	elem(w);
	obj_open(w);
	kstring(w, "name", v->name);
	kpid(w, "pid", v->pid);
	kuint(w, "incarnation", v->incarnation);
	kstring(w, "state", sim_proc_state_name(v->state));
	kstring(w, "exit_reason", v->exit_reason);
	if (v->exit_reason)
		kuint(w, "exit_tick", v->exit_tick);
	else
		kstring(w, "exit_tick", NULL);
	if (v->halted)      /* gone with its node: no exit reason, no exit tick */
		kuint(w, "halted_tick", v->exit_tick);
	kuint(w, "spawn_tick", v->spawn_tick);
	kuint(w, "reductions", v->reductions);
	kuint(w, "sent", v->sent);
	kuint(w, "received", v->received);
	kuint(w, "mailbox", v->mailbox);
	kuint(w, "scheduler", (uint64_t)(v->loc.sched + 1));
	if (sim_node_count(s)) {
		struct sim_node_view nv;
		sim_node_view(s, v->loc.node, &nv);
		kstring(w, "node", nv.name);
	}
	kstring(w, "priority", sim_priority_name(v->priority));
	if (sim_scenario_has_values(sim_get_scenario(s))) {   /* format 1.1 only */
		char *vars = sim_proc_variables(s, v->pid);
		key(w, "variables");
		jout_puts(&w->o, vars ? vars : "{}");
		free(vars);
	}
	obj_close(w);
}

/* The node's periods up ("up": true) or down as [from, to] (to null
** while it lasts); every node is up from tick 0. */
static void periods(struct sw *w, const sim *s, uint32_t node, const struct sim_node_view *v,
                    bool up)
{
	key(w, up ? "up" : "down");
	arr_open(w);
	uint64_t from = 0, tick;
	bool state = true, is_up;
	for (uint32_t k = 0; sim_node_change(s, node, k, &tick, &is_up); k++) {
		if (state == up) {
			elem(w);
			jout_printf(&w->o, "[%llu, %llu]", (unsigned long long)from, (unsigned long long)tick);
		}
		from = tick;
		state = is_up;
	}
	if (state == up) {
		elem(w);
		jout_printf(&w->o, "[%llu, null]", (unsigned long long)from);
	}
	(void)v;
	arr_close(w);
}

/* "nodes": only for a scenario with config.nodes. */
static void nodes(struct sw *w, const sim *s)
{
	key(w, "nodes");
	arr_open(w);
	for (uint32_t i = 0; i < sim_node_count(s); i++) {
		struct sim_node_view v;
		sim_node_view(s, i, &v);
		elem(w);
		obj_open(w);
		kstring(w, "name", v.name);
		kstring(w, "node", v.host);
		kuint(w, "schedulers", v.nsched);
		kuint(w, "dirty_schedulers", v.ndirty);
		kdouble(w, "utilization", ratio(v.busy, v.busy + v.idle));
		key(w, "state");
		jout_puts(&w->o, v.up ? "\"up\"" : "\"down\"");
		periods(w, s, i, &v, true);
		periods(w, s, i, &v, false);
		kuint(w, "messages_in", v.msgs_in);
		kuint(w, "messages_out", v.msgs_out);
		obj_close(w);
	}
	arr_close(w);
}

static void supervisors(struct sw *w, const sim *s)
{
	key(w, "supervisors");
	arr_open(w);
	for (size_t i = 0; i < sim_sup_count(s); i++) {
		struct sim_sup_view v;
		sim_sup_view(s, i, &v);
		elem(w);
		obj_open(w);
		kstring(w, "name", v.name);
		kpid(w, "pid", v.pid);
		kuint(w, "restarts", v.restarts);
		kstring(w, "exit_reason", v.exit_reason);
		struct sim_proc_view pv;
		if (v.halted && sim_proc_view(s, v.pid, &pv))   /* gone with its node */
			kuint(w, "halted_tick", pv.exit_tick);
		obj_close(w);
	}
	arr_close(w);
}

enum sim_status sim_summary_write(const sim *s, FILE *f, const struct sim_threads_stats *ts)
{
	struct sw w = { .o = { .f = f } };
	obj_open(&w);
	kstring(&w, "title", sim_scenario_title(sim_get_scenario(s)));
	kuint(&w, "ticks", sim_now(s));
	kstring(&w, "end", sim_end_name(sim_end_state(s)));
	config(&w, sim_get_config(s));
	schedulers(&w, s, ts);
	if (sim_node_count(s))
		nodes(&w, s);

	key(&w, "processes");
	arr_open(&w);
	for (uint32_t pid = 1; pid <= sim_proc_count(s) && !w.o.failed; pid++) {
		struct sim_proc_view v;
		if (sim_proc_view(s, pid, &v))
			process(&w, s, &v);
	}
	arr_close(&w);
	supervisors(&w, s);

	struct sim_totals t;
	sim_totals(s, &t);
	if (t.spawn_failed)   /* only when it happened: summaries of ordinary runs are unchanged */
		kuint(&w, "spawn_failed", t.spawn_failed);
	key(&w, "messages");
	obj_open(&w);
	kuint(&w, "sent", t.sent);
	kuint(&w, "delivered", t.delivered);
	kuint(&w, "dropped", t.dropped);
	kuint(&w, "in_mailboxes", t.in_mailboxes);
	obj_close(&w);
	if (ts) {
		kstring(&w, "engine", "threads");
		kdouble(&w, "wall_seconds", round(ts->wall_seconds * 1e6) / 1e6);
	}
	obj_close(&w);
	jout_puts(&w.o, "\n");
	bool ok = jout_flush(&w.o);
	free(w.o.buf);
	if (!ok && !w.o.oom)
		errno = w.o.err;
	return w.o.oom ? SIM_ENOMEM : !ok || ferror(f) ? SIM_EWRITE : SIM_OK;
}

char *sim_summary_json(const sim *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	enum sim_status st = sim_summary_write(s, f, NULL);
	if (fclose(f) != 0 || st != SIM_OK) {
		free(text);
		return NULL;
	}
	if (len > 0)
		text[len - 1] = '\0';   /* the string has no final newline, as before */
	return text;
}
