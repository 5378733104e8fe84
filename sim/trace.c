/*
** trace.c - the Chrome Trace Event Format writer (--trace).
**
** Layout: pid 1 is the node (with config.nodes: pid K+1 is node K, so
** Perfetto groups each node's scheduler tracks); tid N is scheduler N (1-based, global), tid 1000+N
** is dirty scheduler N.  A run of a process is an X event (1 tick = 1 us);
** spawn, exit, crash, kill, restart, steal and notes are instant events,
** and so are (format 1.1) a `set` and a receive whose case bound variables;
** a message is a flow from the sender's slice (s) to the slice in which
** the receiver takes it (f, bound to the enclosing slice with bp "e").
** Events are written as they come, so memory stays flat on long runs.
**
** Size limit: each record is rendered into a buffer first and written
** whole only if the file then stays within the limit, keeping room for
** a final "trace limit reached" instant and the closing "]}".  Once one
** record does not fit, no more are written, so the file is always valid
** JSON of at most `limit` bytes once closed.
*/
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "sim.h"

#define TRACE_HEAD "{\"displayTimeUnit\":\"ms\",\"traceEvents\":["
#define TRACE_TAIL "\n]}\n"
#define LIMIT_MARK "{\"name\":\"trace limit reached\",\"ph\":\"i\",\"s\":\"g\",\"ts\":%" PRIu64 \
                   ",\"pid\":1,\"tid\":0,\"args\":{\"limit_bytes\":%" PRIu64 "}}"
/* The marker with 20-digit numbers, its separator and the tail. */
#define LIMIT_RESERVE (sizeof LIMIT_MARK + 2 * 20 + 2 + sizeof TRACE_TAIL)

struct sim_trace {
	FILE *f;
	const sim *s;
	struct jout rec;         /* the record being rendered */
	uint64_t bytes;          /* written so far */
	uint64_t limit;          /* UINT64_MAX: none */
	uint64_t tick;           /* of the event being written */
	bool first;
	bool full;               /* a record did not fit: nothing more is written */
	bool failed;             /* a write failed */
	bool oom;                /* a record could not be rendered */
};

static void proc_name(struct sim_trace *t, uint32_t pid)
{
	struct sim_proc_view v;
	jout_string(&t->rec, pid && sim_proc_view(t->s, pid, &v) ? v.name : "outside");
}

/* Writes the rendered record after its separator. */
static void write_record(struct sim_trace *t)
{
	fputs(t->first ? "\n" : ",\n", t->f);
	fwrite(t->rec.buf, 1, t->rec.len, t->f);
	t->bytes += (t->first ? 1 : 2) + t->rec.len;
	t->first = false;
}

/* Writes the rendered record if it fits, keeping LIMIT_RESERVE bytes. */
static void emit(struct sim_trace *t)
{
	struct jout *r = &t->rec;
	if (r->failed)
		t->oom = t->full = true;
	else if (t->bytes + 2 + r->len + LIMIT_RESERVE > t->limit)
		t->full = true;   /* t->tick: where the trace ends */
	else if (!t->full)
		write_record(t);
	r->len = 0;
	r->failed = false;
}

/* The trace's process of a thread: 1 without nodes (or for tid 0, the
** run's own instants); with nodes, node k is process k + 1, so Perfetto
** shows each node as a group of its scheduler tracks. */
static int pid_of_tid(const struct sim_trace *t, int tid)
{
	if (tid == 0 || !sim_node_count(t->s))
		return 1;
	if (tid > 1000)
		return (int)sim_dirty_node(t->s, (uint32_t)(tid - 1001)) + 1;
	return (int)sim_sched_node(t->s, (uint32_t)(tid - 1)) + 1;
}

static void thread_name(struct sim_trace *t, int tid, const char *kind, int n)
{
	int pid = pid_of_tid(t, tid);
	jout_printf(&t->rec, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
	                     "\"args\":{\"name\":\"%s %d\"}}", pid, tid, kind, n);
	emit(t);
	jout_printf(&t->rec, "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
	                     "\"args\":{\"sort_index\":%d}}", pid, tid, tid);
	emit(t);
}

/* With nodes, one process per node named NAME@beamsim (process 1, the
** first node, also carries the run's own instants). */
static void node_names(struct sim_trace *t)
{
	for (uint32_t n = 0; n < sim_node_count(t->s); n++) {
		struct sim_node_view v;
		sim_node_view(t->s, n, &v);
		jout_printf(&t->rec, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%u,\"args\":"
		                     "{\"name\":", n + 1);
		jout_string(&t->rec, v.host);
		jout_puts(&t->rec, "}}");
		emit(t);
	}
}

sim_trace *sim_trace_open_limit(FILE *f, const sim *s, uint64_t limit)
{
	struct sim_trace *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->f = f;
	t->s = s;
	t->first = true;
	t->limit = limit == 0 ? UINT64_MAX : limit < SIM_TRACE_MIN_LIMIT ? SIM_TRACE_MIN_LIMIT : limit;
	fputs(TRACE_HEAD, f);
	t->bytes = sizeof TRACE_HEAD - 1;
	if (sim_node_count(s)) {
		node_names(t);
	} else {
		jout_puts(&t->rec, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":");
		jout_string(&t->rec, sim_scenario_title(sim_get_scenario(s)));
		jout_puts(&t->rec, "}}");
		emit(t);
	}
	for (size_t i = 0; i < sim_sched_count(s); i++)
		thread_name(t, (int)i + 1, "scheduler", (int)i + 1);
	for (size_t i = 0; i < sim_dirty_count(s); i++)
		thread_name(t, 1000 + (int)i + 1, "dirty scheduler", (int)i + 1);
	return t;
}

sim_trace *sim_trace_open(FILE *f, const sim *s)
{
	return sim_trace_open_limit(f, s, 0);
}

static int tid_of(const struct sim_event *e)
{
	if (e->sched < 0)
		return 0;
	return e->dirty ? 1000 + e->sched + 1 : e->sched + 1;
}

/* Begins an instant event named "<type> <process name>", or `text` if
** given, up to its args' first members (pid, process): instant_close
** ends it. */
static void instant_open(struct sim_trace *t, const struct sim_event *e, int tid,
                         const char *text)
{
	struct jout *r = &t->rec;
	struct sim_proc_view v;
	const char *pname = e->pid && sim_proc_view(t->s, e->pid, &v) ? v.name : "outside";
	jout_puts(r, "{\"name\":");
	if (text) {
		jout_string(r, text);
	} else {
		/* "<type> <name>" in at most 159 bytes, cut between two characters */
		char label[160];
		int n = snprintf(label, sizeof label, "%s %s", sim_event_type_name(e->type), pname);
		if (n >= (int)sizeof label) {
			n = (int)sizeof label - 1;
			while (n > 0 && ((unsigned char)label[n] & 0xc0) == 0x80)
				n--;   /* label[n], the first byte cut off, continues a character */
			label[n] = '\0';
		}
		jout_string(r, label);
	}
	jout_printf(r, ",\"cat\":\"%s\",\"ph\":\"i\",\"s\":\"%s\",\"ts\":%" PRIu64 ",\"pid\":%d,"
	               "\"tid\":%d,\"args\":{\"pid\":\"<0.%u.0>\",\"process\":",
	            sim_event_type_name(e->type), tid ? "t" : "g", e->tick, pid_of_tid(t, tid), tid,
	            e->pid);
	jout_string(r, pname);
}

static void instant_close(struct sim_trace *t)
{
	jout_puts(&t->rec, "}}");
	emit(t);
}

static void instant(struct sim_trace *t, const struct sim_event *e, int tid, const char *text)
{
	struct jout *r = &t->rec;
	instant_open(t, e, tid, text);
	if (e->reason) {
		jout_puts(r, ",\"reason\":");
		jout_string(r, e->reason);
	} else if (e->type == SIM_EV_EXIT) {
		jout_puts(r, ",\"halted\":true");   /* gone with its node: no reason */
	}
	if (e->other)
		jout_printf(r, ",\"other\":\"<0.%u.0>\"", e->other);
	instant_close(t);
}

/* ,"KEY":JSON; a value too long for the buffer (cut with "...") goes in
** as a string, so the record stays JSON. */
static void json_arg(struct jout *r, const char *key, const char *json, size_t cap)
{
	jout_printf(r, ",\"%s\":", key);
	if (strlen(json) + 1 < cap)
		jout_puts(r, json);
	else
		jout_string(r, json);
}

/* Format 1.1: a `set` (args var and value) and a receive whose case bound
** variables (args message and bindings, {"X": value}), as instant events;
** pids are "<0.7.0> NAME". */
static void value_instant(struct sim_trace *t, const struct sim_event *e)
{
	char buf[1024];
	instant_open(t, e, tid_of(e), NULL);
	if (e->type == SIM_EV_SET) {
		jout_puts(&t->rec, ",\"var\":");
		jout_string(&t->rec, e->name);
	}
	sim_event_value(t->s, e, SIM_VALUE_JSON, buf, sizeof buf);
	json_arg(&t->rec, e->type == SIM_EV_SET ? "value" : "message", buf, sizeof buf);
	if (e->type == SIM_EV_RECEIVE) {
		if (!sim_event_bindings(t->s, e, SIM_VALUE_JSON, buf, sizeof buf))
			snprintf(buf, sizeof buf, "{}");
		json_arg(&t->rec, "bindings", buf, sizeof buf);
	}
	instant_close(t);
}

static void one_event(struct sim_trace *t, const struct sim_event *e)
{
	struct jout *r = &t->rec;
	switch (e->type) {
	case SIM_EV_RUN:
		jout_puts(r, "{\"name\":");
		proc_name(t, e->pid);
		jout_printf(r, ",\"cat\":\"run\",\"ph\":\"X\",\"ts\":%" PRIu64 ",\"dur\":%" PRIu64
		               ",\"pid\":%d,\"tid\":%d,\"args\":{\"pid\":\"<0.%u.0>\",\"reductions\":%"
		               PRIu64 ",\"stop\":\"%s\"}}",
		            e->start, e->tick - e->start, pid_of_tid(t, tid_of(e)), tid_of(e), e->pid, e->reductions,
		            sim_run_stop_name(e->why));
		emit(t);
		break;
	case SIM_EV_SEND:
	case SIM_EV_RECEIVE:
		if (e->sched < 0 || (e->type == SIM_EV_SEND && e->pid == 0))
			break;
		jout_printf(r, "{\"name\":\"message\",\"cat\":\"message\",\"ph\":\"%s\",\"id\":%" PRIu64
		               ",\"ts\":%" PRIu64 ",\"pid\":%d,\"tid\":%d%s}",
		            e->type == SIM_EV_SEND ? "s" : "f", e->msg_id, e->tick,
		            pid_of_tid(t, tid_of(e)), tid_of(e),
		            e->type == SIM_EV_RECEIVE ? ",\"bp\":\"e\"" : "");
		emit(t);
		if (e->type == SIM_EV_RECEIVE && e->pattern)
			value_instant(t, e);
		break;
	case SIM_EV_SET:
		value_instant(t, e);
		break;
	case SIM_EV_SPAWN:
	case SIM_EV_EXIT:
	case SIM_EV_CRASH:
	case SIM_EV_KILL:
	case SIM_EV_RESTART:
	case SIM_EV_STEAL:
	case SIM_EV_SUP_GIVEUP:
	case SIM_EV_LIMIT:
		instant(t, e, tid_of(e), NULL);
		break;
	case SIM_EV_NOTE:
		instant(t, e, 0, e->text);
		break;
	default:
		break;
	}
}

void sim_trace_events(sim_trace *t, const struct sim_event *ev, size_t n)
{
	for (size_t i = 0; i < n && !t->full; i++) {
		t->tick = ev[i].tick;
		one_event(t, &ev[i]);
	}
	if (ferror(t->f))
		t->failed = true;
}

bool sim_trace_full(const sim_trace *t, uint64_t *tick)
{
	if (t->full && tick)
		*tick = t->tick;
	return t->full;
}

enum sim_status sim_trace_close(sim_trace *t)
{
	if (t->full && !t->oom) {
		jout_printf(&t->rec, LIMIT_MARK, t->tick, t->limit);
		if (!t->rec.failed)
			write_record(t);   /* its room was kept */
	}
	fputs(TRACE_TAIL, t->f);
	enum sim_status st = t->oom ? SIM_ENOMEM
	                   : t->failed || ferror(t->f) || fflush(t->f) != 0 ? SIM_EWRITE : SIM_OK;
	free(t->rec.buf);
	free(t);
	return st;
}
