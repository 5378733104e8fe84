/*
** trace.c - the Chrome Trace Event Format writer (--trace).
**
** Layout: pid 1 is the node; tid N is scheduler N (1-based), tid 1000+N
** is dirty scheduler N.  A run of a process is an X event (1 tick = 1 us);
** spawn, exit, crash, kill, restart, steal and notes are instant events;
** a message is a flow from the sender's slice (s) to the slice in which
** the receiver takes it (f, bound to the enclosing slice with bp "e").
** Events are written as they come, so memory stays flat on long runs.
*/
#include <stdlib.h>
#include <string.h>

#include "sim.h"

struct sim_trace {
	FILE *f;
	const sim *s;
	bool first;
	bool failed;
};

static void put_string(FILE *f, const char *str)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)(str ? str : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void begin(struct sim_trace *t)
{
	fputs(t->first ? "\n" : ",\n", t->f);
	t->first = false;
}

static const char *proc_name(const struct sim_trace *t, uint32_t pid)
{
	struct sim_proc_view v;
	return pid && sim_proc_view(t->s, pid, &v) ? v.name : "outside";
}

static void thread_name(struct sim_trace *t, int tid, const char *kind, int n)
{
	begin(t);
	fprintf(t->f, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
	              "\"args\":{\"name\":\"%s %d\"}}", tid, kind, n);
	begin(t);
	fprintf(t->f, "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
	              "\"args\":{\"sort_index\":%d}}", tid, tid);
}

sim_trace *sim_trace_open(FILE *f, const sim *s)
{
	struct sim_trace *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->f = f;
	t->s = s;
	t->first = true;
	fputs("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[", f);
	begin(t);
	fputs("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":", f);
	put_string(f, sim_scenario_title(sim_get_scenario(s)));
	fputs("}}", f);
	for (size_t i = 0; i < sim_sched_count(s); i++)
		thread_name(t, (int)i + 1, "scheduler", (int)i + 1);
	for (size_t i = 0; i < sim_dirty_count(s); i++)
		thread_name(t, 1000 + (int)i + 1, "dirty scheduler", (int)i + 1);
	return t;
}

static int tid_of(const struct sim_event *e)
{
	if (e->sched < 0)
		return 0;
	return e->dirty ? 1000 + e->sched + 1 : e->sched + 1;
}

static void instant(struct sim_trace *t, const struct sim_event *e, const char *name)
{
	int tid = tid_of(e);
	begin(t);
	fprintf(t->f, "{\"name\":");
	put_string(t->f, name);
	fprintf(t->f, ",\"cat\":\"%s\",\"ph\":\"i\",\"s\":\"%s\",\"ts\":%llu,\"pid\":1,\"tid\":%d,"
	              "\"args\":{\"pid\":\"<0.%u.0>\",\"process\":",
	        sim_event_type_name(e->type), tid ? "t" : "g", (unsigned long long)e->tick, tid, e->pid);
	put_string(t->f, proc_name(t, e->pid));
	if (e->reason) {
		fputs(",\"reason\":", t->f);
		put_string(t->f, e->reason);
	}
	if (e->other)
		fprintf(t->f, ",\"other\":\"<0.%u.0>\"", e->other);
	fputs("}}", t->f);
}

static void one_event(struct sim_trace *t, const struct sim_event *e)
{
	char label[160];
	switch (e->type) {
	case SIM_EV_RUN:
		begin(t);
		fputs("{\"name\":", t->f);
		put_string(t->f, proc_name(t, e->pid));
		fprintf(t->f, ",\"cat\":\"run\",\"ph\":\"X\",\"ts\":%llu,\"dur\":%llu,\"pid\":1,\"tid\":%d,"
		              "\"args\":{\"pid\":\"<0.%u.0>\",\"reductions\":%llu,\"stop\":\"%s\"}}",
		        (unsigned long long)e->start, (unsigned long long)(e->tick - e->start),
		        tid_of(e), e->pid, (unsigned long long)e->reductions, sim_run_stop_name(e->why));
		break;
	case SIM_EV_SEND:
	case SIM_EV_RECEIVE:
		if (e->sched < 0 || (e->type == SIM_EV_SEND && e->pid == 0))
			break;
		begin(t);
		fprintf(t->f, "{\"name\":\"message\",\"cat\":\"message\",\"ph\":\"%s\",\"id\":%llu,"
		              "\"ts\":%llu,\"pid\":1,\"tid\":%d%s}",
		        e->type == SIM_EV_SEND ? "s" : "f", (unsigned long long)e->msg_id,
		        (unsigned long long)e->tick, tid_of(e),
		        e->type == SIM_EV_RECEIVE ? ",\"bp\":\"e\"" : "");
		break;
	case SIM_EV_SPAWN:
	case SIM_EV_EXIT:
	case SIM_EV_CRASH:
	case SIM_EV_KILL:
	case SIM_EV_RESTART:
	case SIM_EV_STEAL:
	case SIM_EV_SUP_GIVEUP:
		snprintf(label, sizeof label, "%s %s", sim_event_type_name(e->type), proc_name(t, e->pid));
		instant(t, e, label);
		break;
	case SIM_EV_NOTE: {
		struct sim_event g = *e;
		g.sched = -1;
		instant(t, &g, e->text);
		break;
	}
	default:
		break;
	}
}

void sim_trace_events(sim_trace *t, const struct sim_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		one_event(t, &ev[i]);
	if (ferror(t->f))
		t->failed = true;
}

enum sim_status sim_trace_close(sim_trace *t)
{
	fputs("\n]}\n", t->f);
	bool failed = t->failed || ferror(t->f) || fflush(t->f) != 0;
	free(t);
	return failed ? SIM_EWRITE : SIM_OK;
}
