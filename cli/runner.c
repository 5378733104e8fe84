/*
** runner.c - runs an engine to its end (runner.h).
*/
#define _POSIX_C_SOURCE 200809L
#include "runner.h"
#include "chart.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The number of the signal (SIGINT, SIGTERM) that asked the run to stop,
** 0 if none.  A global because a signal handler can reach nothing else:
** one of the program's three file-scope variables, with gui/session.c's
** stamp counter and sim/util.c's thread-local out-of-memory catch, each
** commented with its reason. */
static volatile sig_atomic_t interrupted;

static void on_stop_signal(int sig)
{
	interrupted = sig;
}

void runner_catch_signals(bool keep_files)
{
	if (keep_files)
		signal(SIGPIPE, SIG_IGN);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

bool runner_interrupted(void)
{
	return interrupted != 0;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ThreadSanitizer runs a signal's handler only when the thread next calls
** a libc function that it intercepts, and the single-threaded engine's
** loop makes no such call (no output, no allocation once warm): Ctrl-C
** would never reach `interrupted`.  Under TSan the loop therefore calls
** one (clock_gettime) every RUNNER_SIGNAL_POLL steps; other builds take
** signals at once and call nothing. */
#if defined(__SANITIZE_THREAD__)
#define RUNNER_SIGNAL_POLL 4096u
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RUNNER_SIGNAL_POLL 4096u
#endif
#endif

static void let_signals_in(unsigned *steps)
{
#ifdef RUNNER_SIGNAL_POLL
	if (++*steps % RUNNER_SIGNAL_POLL == 0)
		(void)now_seconds();
#else
	(void)steps;
#endif
}

/* Feeds one step's events to the report and the trace; says once when
** the trace reaches its limit (*trace_full). */
static void feed_events(sim *s, const struct run_opts *o, struct report *rep, sim_trace *trace,
                        struct chart *chart, bool *trace_full)
{
	size_t n;
	const struct sim_event *ev = sim_events(s, &n);
	if (chart)
		chart_record(chart, s, ev, n);   /* chart->oom says when it failed */
	if (rep)
		report_events(rep, ev, n);
	if (!trace)
		return;
	sim_trace_events(trace, ev, n);
	uint64_t at;
	if (!*trace_full && sim_trace_full(trace, &at)) {
		*trace_full = true;
		fprintf(stderr, "beamsim: the trace '%s' reached its limit of %llu bytes at tick "
		                "%llu; the rest of the run is not traced (see --trace-limit)\n",
		        o->trace, (unsigned long long)o->trace_limit, (unsigned long long)at);
	}
}

int runner_execute(sim *s, const struct run_opts *o, struct report *rep, sim_trace *trace,
                   struct chart *chart, struct runner_stats *rs)
{
	sim_threads *th = NULL;
	bool trace_full = false;
	rs->threads = o->threads;
	if (!rep && !trace && !chart)
		sim_set_event_mask(s, 0);   /* nobody reads events: the run is the same, faster */
	if (o->threads) {
		th = sim_threads_start(s, sim_get_config(s)->reduction_ns);
		if (!th) {
			fputs("beamsim: cannot start the scheduler threads\n", stderr);
			return EXIT_THREADS;
		}
		snprintf(rs->note, sizeof rs->note, "%s", sim_threads_note(th));
	}
	double t0 = now_seconds();
	unsigned steps = 0;
	for (;;) {
		feed_events(s, o, rep, trace, chart, &trace_full);
		if (sim_end_state(s) != SIM_END_NONE)
			break;
		if (interrupted) {
			sim_interrupt(s);
			continue;            /* report the events of the interruption */
		}
		if (th) {
			sim_threads_step(th);
		} else {
			sim_step(s);
			let_signals_in(&steps);
		}
	}
	rs->wall_seconds = now_seconds() - t0;
	if (th) {
		sim_threads_stop(th, &rs->ts);
		rs->ts.wall_seconds = rs->wall_seconds;   /* the figure the summary reports */
	}
	return 0;
}

/* "SIGINT", "SIGTERM": the signals that stop a run. */
static const char *signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal";
}

int runner_stopped_code(uint64_t tick)
{
	int sig = interrupted;
	if (!sig)
		return 0;
	fprintf(stderr, "beamsim: stopped by %s at tick %llu; the outputs describe the run so far\n",
	        signal_name(sig), (unsigned long long)tick);
	return sig == SIGTERM ? EXIT_SIGTERM : EXIT_SIGINT;
}
