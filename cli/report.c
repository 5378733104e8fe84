/*
** report.c - the human-readable output of `beamsim run`: a per-scheduler
** text timeline for short runs (in the spirit of OSTEP's scheduler
** simulators), the notes at their ticks, and summary tables.
**
** Every string that comes from the scenario (title, description, notes,
** names, exit reasons, messages) is printed through textout, so control
** characters are escaped and one event stays one line.
*/
#include <stdlib.h>
#include <string.h>

#include "questions.h"
#include "report.h"
#include "textout.h"

#define TIMELINE_MAX_TICKS 2000   /* longer runs get no text timeline */
#define TIMELINE_COLUMNS 100
#define TABLE_MAX_ROWS 40

struct run { uint32_t pid; int32_t sched; uint64_t start, end; };
struct mark { uint64_t tick; char c; };
struct note { uint64_t tick; const char *text; };

struct report {
	const sim *s;
	FILE *out;
	bool log;
	bool overflow;            /* the run went past TIMELINE_MAX_TICKS */
	bool oom;                 /* an allocation failed: no timeline, notes incomplete */
	struct run *runs;
	size_t nruns, runcap;
	struct mark *marks;
	size_t nmarks, markcap;
	struct note *notes;
	size_t nnotes, notecap;
	struct qprint *questions;  /* not owned */
};

/* Appends val to arr; on ENOMEM drops it and sets r->oom. */
#define PUSH(r, arr, n, cap, val)                                       \
	do {                                                                \
		if ((n) == (cap)) {                                             \
			size_t nc_ = (cap) ? (cap) * 2 : 64;                        \
			void *p_ = realloc((arr), nc_ * sizeof *(arr));             \
			if (!p_) {                                                  \
				(r)->oom = true;                                        \
				break;                                                  \
			}                                                           \
			(arr) = p_;                                                 \
			(cap) = nc_;                                                \
		}                                                               \
		(arr)[(n)++] = (val);                                           \
	} while (0)

struct report *report_create(const sim *s, FILE *out, bool log)
{
	struct report *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->s = s;
	r->out = out;
	r->log = log;
	return r;
}

void report_destroy(struct report *r)
{
	if (!r)
		return;
	free(r->runs);
	free(r->marks);
	free(r->notes);
	free(r);
}

static const char *name_of(const sim *s, uint32_t pid)
{
	struct sim_proc_view v;
	return pid && sim_proc_view(s, pid, &v) ? v.name : "(outside)";
}

/* " <0.PID.0> NAME", the name escaped and capped. */
static void put_pid(FILE *o, const sim *s, uint32_t pid)
{
	fprintf(o, " <0.%u.0> ", pid);
	textout_put(o, name_of(s, pid), TEXTOUT_NAME_COLS);
}

/* A receive's bindings (format 1.1): ": X = 1, From = <0.2.0> client". */
static void put_bindings(FILE *o, const sim *s, const struct sim_event *e)
{
	char b[160];
	if (e->type == SIM_EV_RECEIVE && sim_event_bindings(s, e, SIM_VALUE_TEXT, b, sizeof b)) {
		fputs(": ", o);
		textout_put(o, b, 0);
	}
}

/* What a --log line says after the event's name, by type. */
static void put_detail(FILE *o, const sim *s, const struct sim_event *e)
{
	char msg[96];
	switch (e->type) {
	case SIM_EV_RUN:
		fprintf(o, " ticks %llu-%llu, %llu reductions, %s",
		        (unsigned long long)e->start, (unsigned long long)e->tick,
		        (unsigned long long)e->reductions, sim_run_stop_name(e->why));
		break;
	case SIM_EV_SEND:
	case SIM_EV_DELIVER:
	case SIM_EV_DROP:
	case SIM_EV_RECEIVE:
		sim_event_value(s, e, SIM_VALUE_TEXT, msg, sizeof msg);
		fputc(' ', o);
		textout_put(o, msg, 0);
		fprintf(o, " %s", e->type == SIM_EV_SEND || e->type == SIM_EV_DROP ? "to" : "from");
		put_pid(o, s, e->other);
		put_bindings(o, s, e);
		break;
	case SIM_EV_SET:
		fputc(' ', o);
		textout_put(o, e->name, TEXTOUT_NAME_COLS);
		sim_event_value(s, e, SIM_VALUE_TEXT, msg, sizeof msg);
		fputs(" = ", o);
		textout_put(o, msg, 0);
		break;
	case SIM_EV_EXIT:
		if (!e->reason) {       /* its node halted: no exit reason */
			struct sim_proc_view v;
			char words[96];
			sim_proc_view(s, e->pid, &v);
			fputs(" halted, ", o);
			textout_put(o, sim_proc_end_words(s, &v, words, sizeof words), TEXTOUT_NAME_COLS);
			break;
		}
		/* fall through */
	case SIM_EV_CRASH:
	case SIM_EV_KILL:
		fputc(' ', o);
		textout_put(o, e->reason, TEXTOUT_NAME_COLS);
		break;
	case SIM_EV_SIGNAL:
		fputc(' ', o);
		textout_put(o, e->reason, TEXTOUT_NAME_COLS);
		fputs(" from", o);
		put_pid(o, s, e->other);
		fprintf(o, ": %s", sim_signal_effect_name(e->why));
		break;
	case SIM_EV_SPAWN:
	case SIM_EV_LINK:
	case SIM_EV_UNLINK:
	case SIM_EV_MONITOR:
	case SIM_EV_RESTART:
		if (e->other)
			put_pid(o, s, e->other);
		break;
	case SIM_EV_STEAL:
		fprintf(o, " from scheduler %d", e->from_sched + 1);
		break;
	case SIM_EV_LIMIT:
		fprintf(o, " %s: %s", e->text, e->reason);
		if (e->name)
			fprintf(o, " (spawn of %s)", e->name);
		break;
	default:
		break;
	}
}

/* One --log line: tick, scheduler, process, event name, detail. */
static void log_event(struct report *r, const struct sim_event *e)
{
	FILE *o = r->out;
	fprintf(o, "%8llu  ", (unsigned long long)e->tick);
	if (e->sched >= 0)
		fprintf(o, "%c%-3d ", e->dirty || e->type == SIM_EV_DIRTY ? 'd' : 's', e->sched + 1);
	else
		fputs("     ", o);
	if (e->type == SIM_EV_NOTE) {
		fputs("note: ", o);
		textout_put(o, e->text, TEXTOUT_TEXT_COLS);
	} else {
		fprintf(o, "<0.%u.0> ", e->pid);
		textout_pad(o, name_of(r->s, e->pid), TEXTOUT_NAME_COLS, 12);
		fprintf(o, " %-8s", sim_event_type_name(e->type));
		put_detail(o, r->s, e);
	}
	fputc('\n', o);
}

void report_set_questions(struct report *r, struct qprint *q)
{
	r->questions = q;
}

void report_events(struct report *r, const struct sim_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct sim_event *e = &ev[i];
		if (r->log)
			log_event(r, e);
		if (e->type == SIM_EV_NOTE)
			PUSH(r, r->notes, r->nnotes, r->notecap, ((struct note){ e->tick, e->text }));
		if (r->overflow || r->oom)
			continue;
		if (e->tick > TIMELINE_MAX_TICKS) {
			r->overflow = true;
			continue;
		}
		if (e->type == SIM_EV_RUN && !e->dirty)
			PUSH(r, r->runs, r->nruns, r->runcap,
			     ((struct run){ e->pid, e->sched, e->start, e->tick }));
		else if (e->type == SIM_EV_EXIT && e->reason && strcmp(e->reason, "normal") != 0)
			PUSH(r, r->marks, r->nmarks, r->markcap,
			     ((struct mark){ e->tick ? e->tick - 1 : 0, 'x' }));
		else if (e->type == SIM_EV_RESTART)
			PUSH(r, r->marks, r->nmarks, r->markcap, ((struct mark){ e->tick, 'r' }));
		else if (e->type == SIM_EV_NOTE)
			PUSH(r, r->marks, r->nmarks, r->markcap, ((struct mark){ e->tick, 'n' }));
	}
	if (r->questions)
		qprint_events(r->questions, ev, n);   /* after the step's --log lines */
}

void report_header(struct report *r)
{
	const sim_scenario *scn = sim_get_scenario(r->s);
	const struct sim_config *c = sim_get_config(r->s);
	if (*sim_scenario_title(scn))
		textout_put(r->out, sim_scenario_title(scn), TEXTOUT_TITLE_COLS);
	else
		fputs("(untitled scenario)", r->out);
	fputc('\n', r->out);
	if (*sim_scenario_description(scn)) {
		textout_put(r->out, sim_scenario_description(scn), TEXTOUT_TEXT_COLS);
		fputc('\n', r->out);
	}
	fprintf(r->out, "schedulers %u, slice %llu, preemption %s, balance %s, dirty schedulers %u, "
	                "seed %llu, until %llu\n\n",
	        c->schedulers, (unsigned long long)c->slice, sim_preemption_name(c->preemption),
	        sim_balance_name(c->balance), c->dirty_schedulers, (unsigned long long)c->seed,
	        (unsigned long long)c->until);
}

static char symbol_of(uint32_t pid)
{
	static const char syms[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	return pid >= 1 && pid <= sizeof syms - 1 ? syms[pid - 1] : '#';
}

/* The process that ran longest on `sched` within [from, to), or 0. */
static uint32_t occupant(const struct report *r, int32_t sched, uint64_t from, uint64_t to)
{
	uint32_t best = 0;
	uint64_t best_ticks = 0, busy = 0;
	for (size_t i = 0; i < r->nruns; i++) {
		const struct run *ru = &r->runs[i];
		if (ru->sched != sched || ru->end <= from || ru->start >= to)
			continue;
		uint64_t a = ru->start > from ? ru->start : from, b = ru->end < to ? ru->end : to;
		busy += b - a;
		if (b - a > best_ticks) {
			best_ticks = b - a;
			best = ru->pid;
		}
	}
	return busy * 2 >= to - from ? best : 0;   /* mostly idle shows as idle */
}

static void print_timeline(struct report *r)
{
	uint64_t ticks = sim_now(r->s);
	if (ticks == 0 || r->oom)
		return;
	if (r->overflow) {
		fprintf(r->out, "(no text timeline: the run is longer than %d ticks; use --trace FILE "
		                "and open it in Perfetto)\n\n", TIMELINE_MAX_TICKS);
		return;
	}
	uint64_t scale = (ticks + TIMELINE_COLUMNS - 1) / TIMELINE_COLUMNS;
	uint64_t cols = (ticks + scale - 1) / scale;
	fprintf(r->out, "Timeline (one column = %llu tick%s; '.' idle)\n",
	        (unsigned long long)scale, scale == 1 ? "" : "s");
	fputs("tick    ", r->out);
	for (uint64_t c = 0; c < cols; c += 10)
		fprintf(r->out, "%-10llu", (unsigned long long)(c * scale));
	fputc('\n', r->out);
	bool used[63] = { false };
	for (size_t sidx = 0; sidx < sim_sched_count(r->s); sidx++) {
		fprintf(r->out, "sched %-2zu", sidx + 1);
		for (uint64_t c = 0; c < cols; c++) {
			uint64_t to = (c + 1) * scale < ticks ? (c + 1) * scale : ticks;
			uint32_t pid = occupant(r, (int32_t)sidx, c * scale, to);
			fputc(pid ? symbol_of(pid) : '.', r->out);
			if (pid && pid <= 62)
				used[pid] = true;
		}
		fputc('\n', r->out);
	}
	if (r->nmarks) {
		char *row = malloc(cols + 1);
		if (row) {
			memset(row, ' ', cols);
			row[cols] = '\0';
			for (size_t i = 0; i < r->nmarks; i++) {
				uint64_t c = r->marks[i].tick / scale;
				if (c < cols && (row[c] == ' ' || r->marks[i].c == 'x'))
					row[c] = r->marks[i].c;
			}
			fprintf(r->out, "events  %s\n", row);
			free(row);
		}
	}
	fputs("legend ", r->out);
	int shown = 0;
	for (uint32_t pid = 1; pid <= 62; pid++)
		if (used[pid]) {
			fprintf(r->out, "%s%c=", shown++ % 8 == 0 && shown > 1 ? "\n       " : " ",
			        symbol_of(pid));
			textout_put(r->out, name_of(r->s, pid), TEXTOUT_NAME_COLS);
		}
	if (sim_proc_count(r->s) > 62)
		fputs("  #=pids above 62", r->out);
	fputs("\nevents x = abnormal exit, r = restart, n = note\n\n", r->out);
}

static void print_notes(struct report *r)
{
	if (!r->nnotes)
		return;
	fputs("Notes\n", r->out);
	for (size_t i = 0; i < r->nnotes; i++) {
		fprintf(r->out, "  tick %-6llu ", (unsigned long long)r->notes[i].tick);
		textout_put(r->out, r->notes[i].text, TEXTOUT_TEXT_COLS);
		fputc('\n', r->out);
	}
	fputc('\n', r->out);
}

static void print_processes(struct report *r)
{
	size_t n = sim_proc_count(r->s);
	fprintf(r->out, "Processes (%zu)\n", n);
	fprintf(r->out, "  %-12s %-16s %-14s %10s %8s %8s %5s\n", "PID", "NAME", "EXIT REASON",
	        "REDUCTIONS", "SPAWNED", "EXITED", "MBOX");
	for (uint32_t pid = 1; pid <= n && pid <= TABLE_MAX_ROWS; pid++) {
		struct sim_proc_view v;
		sim_proc_view(r->s, pid, &v);
		char pidbuf[24], exited[24], words[96];
		const char *end = sim_proc_end_words(r->s, &v, words, sizeof words);
		snprintf(pidbuf, sizeof pidbuf, "<0.%u.0>", pid);
		if (end)
			snprintf(exited, sizeof exited, "%llu", (unsigned long long)v.exit_tick);
		else
			snprintf(exited, sizeof exited, "-");
		fprintf(r->out, "  %-12s ", pidbuf);
		textout_pad(r->out, v.name, TEXTOUT_NAME_COLS, 16);
		fputc(' ', r->out);
		textout_pad(r->out, end ? end : sim_proc_state_name(v.state), TEXTOUT_NAME_COLS, 14);
		fprintf(r->out, " %10llu %8llu %8s %5zu\n", (unsigned long long)v.reductions,
		        (unsigned long long)v.spawn_tick, exited, v.mailbox);
	}
	if (n > TABLE_MAX_ROWS)
		fprintf(r->out, "  ... and %zu more (use --summary FILE for all)\n", n - TABLE_MAX_ROWS);
	fputc('\n', r->out);
}

static void print_schedulers(struct report *r)
{
	fputs("Schedulers\n", r->out);
	fprintf(r->out, "  %-6s %10s %10s %7s %7s %9s\n", "SCHED", "BUSY", "IDLE", "UTIL", "STEALS",
	        "SWITCHES");
	for (uint32_t i = 0; i < sim_sched_count(r->s); i++) {
		struct sim_sched_view v;
		sim_sched_view(r->s, i, &v);
		double util = v.busy + v.idle ? 100.0 * (double)v.busy / (double)(v.busy + v.idle) : 0.0;
		fprintf(r->out, "  %-6u %10llu %10llu %6.1f%% %7llu %9llu\n", i + 1,
		        (unsigned long long)v.busy, (unsigned long long)v.idle, util,
		        (unsigned long long)v.steals, (unsigned long long)v.context_switches);
	}
	fputc('\n', r->out);
}

bool report_finish(struct report *r)
{
	print_timeline(r);
	print_notes(r);
	print_processes(r);
	print_schedulers(r);
	for (size_t i = 0; i < sim_sup_count(r->s); i++) {
		struct sim_sup_view v;
		struct sim_proc_view pv;
		char words[96];
		sim_sup_view(r->s, i, &v);
		sim_proc_view(r->s, v.pid, &pv);
		const char *end = sim_proc_end_words(r->s, &pv, words, sizeof words);
		fputs("Supervisor ", r->out);
		textout_put(r->out, v.name, TEXTOUT_NAME_COLS);
		fprintf(r->out, " <0.%u.0>: %llu restart%s%s", v.pid, (unsigned long long)v.restarts,
		        v.restarts == 1 ? "" : "s", v.exit_reason ? ", exited " : end ? ", " : "");
		textout_put(r->out, end, TEXTOUT_NAME_COLS);
		fputc('\n', r->out);
	}
	struct sim_totals t;
	sim_totals(r->s, &t);
	fprintf(r->out, "Messages: %llu sent, %llu delivered, %llu dropped, %llu unread in mailboxes\n",
	        (unsigned long long)t.sent, (unsigned long long)t.delivered,
	        (unsigned long long)t.dropped, (unsigned long long)t.in_mailboxes);
	fprintf(r->out, "Run ended: %s at tick %llu\n", sim_end_name(sim_end_state(r->s)),
	        (unsigned long long)sim_now(r->s));
	return !r->oom;
}
