/*
** main.c - the `beamsim` command line: run, check, gui, --help, --version.
**
** Exit codes: 0 ok, 1 an output cannot be written, 2 usage error,
** 3 invalid scenario, 4 a scenario file cannot be read, 5 out of memory,
** 7 the scheduler threads cannot start, 128 + N stopped by signal N
** (SIGINT 130, SIGTERM 143) with its outputs written.
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "outfile.h"
#include "report.h"
#include "sim.h"
#include "textout.h"
#ifdef BEAMSIM_HAVE_GUI
#include "gui.h"
#endif

/* The number of the signal (SIGINT, SIGTERM) that asked the run to stop,
** 0 if none: the run stops between two steps, writes its outputs and
** exits 128 + the number.  The only global of the program: a signal
** handler can reach nothing else. */
static volatile sig_atomic_t interrupted;

static void on_stop_signal(int sig)
{
	interrupted = sig;
}

/* SIGINT and SIGTERM stop the run (see `interrupted`).  The handler stays
** installed (sigaction, not the one-shot signal() of ISO C), so a second
** signal while the outputs are written changes nothing; SA_RESTART keeps
** it from cutting a write short. */
static void catch_stop_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

#define MAX_SCHED_LIST 16

enum { EXIT_WRITE = 1, EXIT_USAGE = 2, EXIT_INVALID = 3, EXIT_READ = 4 };
enum { EXIT_NOMEM = 5, EXIT_THREADS = 7, EXIT_SIGNAL = 128 };

#define TRACE_LIMIT_DEFAULT (1ull << 30)   /* --trace-limit: 1 GiB */

static const char usage_text[] =
	"usage: beamsim run [FILE] [options]    run a scenario (the built-in default without FILE)\n"
	"       beamsim check FILE...           validate scenario files\n"
	"       beamsim gui [FILE] [options]    the classroom window (run options apply)\n"
	"       beamsim gui FILE --screenshot OUT.png [--at TICK] [--size WxH] [--inspect NAME]\n"
	"                                       render one frame without a display\n"
	"       beamsim                         the window on the default scenario (text without a display)\n"
	"       beamsim --help | --version\n"
	"\n"
	"run options (override the scenario's config):\n"
	"  --schedulers N                    schedulers (cores), 1..64\n"
	"  --slice R                         reductions per time slice\n"
	"  --preemption reductions|cooperative\n"
	"  --balance steal|none|shared\n"
	"  --dirty-schedulers N              dirty CPU schedulers (at most --schedulers)\n"
	"  --seed S                          seed for anything random\n"
	"  --until T                         stop after T ticks\n"
	"  --engine sim|threads              sim: one thread (default); threads: one OS thread\n"
	"                                    per scheduler, doing real CPU work, same schedule\n"
	"  --reduction-ns N                  real CPU time per reduction with --engine threads\n"
	"                                    (config.reduction_ns; default 1000000 = 1 ms; 0 = none)\n"
	"  --schedulers 1,2,4                run once per count and print a speed-up table\n"
	"  --summary FILE|-                  write the summary as JSON ('-': stdout, implies --quiet)\n"
	"  --trace FILE|-                    write a Chrome trace (open it in Perfetto)\n"
	"  --trace-limit BYTES               stop tracing at this size (K, M, G; default 1G; 0 = none)\n"
	"  --log                             print one line per event\n"
	"  --quiet                           print nothing but errors\n"
	"\n"
	"gui options:\n"
	"  --compare schedulers=N,M | preemption=cooperative,reductions | balance=A,B\n"
	"                                    two copies side by side, differing in that setting\n"
	"  --screenshot OUT.png              write one frame (1600x900 by default) and exit\n"
	"  --at TICK                         the tick of that frame (or where the window starts)\n"
	"  --size WxH                        its size\n"
	"  --inspect NAME                    open the inspector on that process (latest incarnation)\n"
	"  --overlay help|picker             show the keys overlay or the scenario picker\n"
	"\n"
	"exit codes: 0 ok, 1 cannot write output, 2 usage, 3 invalid scenario, 4 cannot read file\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("beamsim: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'beamsim --help'.\n", stderr);
	return EXIT_USAGE;
}

static void print_diag(const struct sim_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s\n", d->msgs[i]);
}

static bool parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

struct run_opts {
	const char *file;
	bool threads;
	uint32_t sched_list[MAX_SCHED_LIST];
	size_t nsched_list;
	const char *summary;
	const char *trace;
	uint64_t trace_limit;      /* bytes, 0 = none */
	bool trace_limit_given;
	bool log, quiet;
	struct sim_config cfg;
	uint32_t given;            /* bits of enum sim_config_key set on the command line */
};

/* Takes the value of option argv[*i] (either --opt=value or --opt value). */
static const char *option_value(int argc, char **argv, int *i, const char *eq)
{
	if (eq)
		return eq + 1;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int parse_number_option(const char *name, const char *val, uint64_t min, uint64_t max,
                               uint64_t *out)
{
	if (!val)
		return usage_error("%s needs a value", name);
	if (!parse_u64(val, min, max, out)) {
		fprintf(stderr, "beamsim: %s: expected an integer from %llu to %llu, got '%s'\n", name,
		        (unsigned long long)min, (unsigned long long)max, val);
		return EXIT_USAGE;
	}
	return 0;
}

/* --trace-limit BYTES: a byte count with an optional K, M or G (powers
** of 1024); 0 = no limit, else at least SIM_TRACE_MIN_LIMIT. */
static int parse_size_option(const char *name, const char *val, uint64_t *out)
{
	static const char units[] = "KkMmGg";
	if (!val)
		return usage_error("%s needs a value", name);
	size_t n = strlen(val);
	unsigned shift = 0;
	const char *u = n ? strchr(units, val[n - 1]) : NULL;
	if (u) {
		shift = 10u * (unsigned)((u - units) / 2 + 1);
		n--;
	}
	char digits[32];
	uint64_t v = 0;
	bool ok = n < sizeof digits;
	if (ok) {
		memcpy(digits, val, n);
		digits[n] = '\0';
		ok = parse_u64(digits, 0, UINT64_MAX >> shift, &v);
	}
	if (!ok || (v && v << shift < SIM_TRACE_MIN_LIMIT)) {
		fprintf(stderr, "beamsim: %s: expected 0 (no limit) or a size of at least %u bytes, "
		                "with an optional K, M or G, got '%s'\n", name, SIM_TRACE_MIN_LIMIT, val);
		return EXIT_USAGE;
	}
	*out = v << shift;
	return 0;
}

/* --schedulers 1,2,4: the counts of a speed-up table. */
static int parse_sched_list(const char *val, struct run_opts *o)
{
	char buf[128];
	if (strlen(val) >= sizeof buf)
		return usage_error("--schedulers: list too long: '%s'", val);
	strcpy(buf, val);
	o->nsched_list = 0;
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		uint64_t v;
		if (o->nsched_list == MAX_SCHED_LIST) {
			fprintf(stderr, "beamsim: --schedulers: at most %d counts\n", MAX_SCHED_LIST);
			return EXIT_USAGE;
		}
		if (!parse_u64(tok, 1, SIM_MAX_SCHEDULERS, &v)) {
			fprintf(stderr, "beamsim: --schedulers: expected integers from 1 to %d separated by "
			                "commas, got '%s'\n", SIM_MAX_SCHEDULERS, val);
			return EXIT_USAGE;
		}
		o->sched_list[o->nsched_list++] = (uint32_t)v;
	}
	return 0;
}

static int parse_run_args(int argc, char **argv, struct run_opts *o)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (o->file)
				return usage_error("run takes one scenario file; '%s' is one too many", a);
			o->file = a;
			continue;
		}
		const char *eq = strchr(a, '=');
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
		char name[32];
		if (nlen >= sizeof name)
			return usage_error("unknown option '%s'", a);
		memcpy(name, a, nlen);
		name[nlen] = '\0';
		uint64_t v;
		int rc;
		if (strcmp(name, "--log") == 0 || strcmp(name, "--quiet") == 0) {
			if (eq)
				return usage_error("%s takes no value", name);
			*(strcmp(name, "--log") == 0 ? &o->log : &o->quiet) = true;
			continue;
		}
		const char *val = option_value(argc, argv, &i, eq);
		if (strcmp(name, "--schedulers") == 0 && val && strchr(val, ',')) {
			if ((rc = parse_sched_list(val, o)))
				return rc;
		} else if (strcmp(name, "--schedulers") == 0) {
			if ((rc = parse_number_option(name, val, 1, SIM_MAX_SCHEDULERS, &v)))
				return rc;
			o->cfg.schedulers = (uint32_t)v;
			o->given |= 1u << SIM_CFG_SCHEDULERS;
		} else if (strcmp(name, "--dirty-schedulers") == 0) {
			if ((rc = parse_number_option(name, val, 1, SIM_MAX_SCHEDULERS, &v)))
				return rc;
			o->cfg.dirty_schedulers = (uint32_t)v;
			o->given |= 1u << SIM_CFG_DIRTY;
		} else if (strcmp(name, "--slice") == 0) {
			if ((rc = parse_number_option(name, val, 1, 1000000000, &v)))
				return rc;
			o->cfg.slice = v;
			o->given |= 1u << SIM_CFG_SLICE;
		} else if (strcmp(name, "--seed") == 0) {
			if ((rc = parse_number_option(name, val, 0, UINT64_MAX, &v)))
				return rc;
			o->cfg.seed = v;
			o->given |= 1u << SIM_CFG_SEED;
		} else if (strcmp(name, "--until") == 0) {
			if ((rc = parse_number_option(name, val, 1, 1000000000000ull, &v)))
				return rc;
			o->cfg.until = v;
			o->given |= 1u << SIM_CFG_UNTIL;
		} else if (strcmp(name, "--preemption") == 0) {
			if (val && strcmp(val, "reductions") == 0)
				o->cfg.preemption = SIM_PREEMPT_REDUCTIONS;
			else if (val && strcmp(val, "cooperative") == 0)
				o->cfg.preemption = SIM_PREEMPT_COOPERATIVE;
			else
				return usage_error("--preemption: expected reductions or cooperative, got '%s'",
				                   val ? val : "");
			o->given |= 1u << SIM_CFG_PREEMPTION;
		} else if (strcmp(name, "--balance") == 0) {
			if (val && strcmp(val, "steal") == 0)
				o->cfg.balance = SIM_BALANCE_STEAL;
			else if (val && strcmp(val, "none") == 0)
				o->cfg.balance = SIM_BALANCE_NONE;
			else if (val && strcmp(val, "shared") == 0)
				o->cfg.balance = SIM_BALANCE_SHARED;
			else
				return usage_error("--balance: expected steal, none or shared, got '%s'",
				                   val ? val : "");
			o->given |= 1u << SIM_CFG_BALANCE;
		} else if (strcmp(name, "--engine") == 0) {
			if (val && strcmp(val, "sim") == 0)
				o->threads = false;
			else if (val && strcmp(val, "threads") == 0)
				o->threads = true;
			else
				return usage_error("--engine: expected sim or threads, got '%s'", val ? val : "");
		} else if (strcmp(name, "--reduction-ns") == 0) {
			if ((rc = parse_number_option(name, val, 0, 1000000000, &v)))
				return rc;
			o->cfg.reduction_ns = v;
			o->given |= 1u << SIM_CFG_REDUCTION_NS;
		} else if (strcmp(name, "--trace-limit") == 0) {
			if ((rc = parse_size_option(name, val, &o->trace_limit)))
				return rc;
			o->trace_limit_given = true;
		} else if (strcmp(name, "--summary") == 0 || strcmp(name, "--trace") == 0) {
			if (!val || !*val)
				return usage_error("%s needs a file name", name);
			*(strcmp(name, "--summary") == 0 ? &o->summary : &o->trace) = val;
		} else {
			return usage_error("unknown option '%s'", a);
		}
	}
	return 0;
}

/* The scenario's config with the command line's keys on top. */
static struct sim_config effective_config(const sim_scenario *scn, const struct run_opts *o)
{
	struct sim_config c = sim_scenario_config(scn);
	sim_config_override(&c, &o->cfg, o->given);
	return c;
}

static sim_scenario *load(const char *file, int *rc)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = file ? sim_scenario_load(file, &d) : sim_scenario_load_default(&d);
	if (!scn) {
		print_diag(&d);
		*rc = d.status == SIM_EREAD ? EXIT_READ : EXIT_INVALID;
	}
	sim_diag_free(&d);
	return scn;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What one run measured besides the engine's own state. */
struct run_stats {
	bool threads;
	double wall_seconds;
	struct sim_threads_stats ts;   /* threads only */
	char note[160];
};

/* "SIGINT", "SIGTERM": the signals that stop a run. */
static const char *signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal";
}

/* Runs s to its end (or a stop signal), feeding the report and the trace. */
static int execute(sim *s, const struct run_opts *o, struct report *rep, sim_trace *trace,
                   struct run_stats *rs)
{
	sim_threads *th = NULL;
	bool trace_full = false;
	rs->threads = o->threads;
	if (!rep && !trace)
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
	for (;;) {
		size_t n;
		const struct sim_event *ev = sim_events(s, &n);
		if (rep)
			report_events(rep, ev, n);
		if (trace) {
			sim_trace_events(trace, ev, n);
			uint64_t at;
			if (!trace_full && sim_trace_full(trace, &at)) {
				trace_full = true;
				fprintf(stderr, "beamsim: the trace '%s' reached its limit of %llu bytes at tick "
				                "%llu; the rest of the run is not traced (see --trace-limit)\n",
				        o->trace, (unsigned long long)o->trace_limit, (unsigned long long)at);
			}
		}
		if (sim_end_state(s) != SIM_END_NONE)
			break;
		if (interrupted) {
			sim_interrupt(s);
			continue;            /* report the events of the interruption */
		}
		if (th)
			sim_threads_step(th);
		else
			sim_step(s);
	}
	rs->wall_seconds = now_seconds() - t0;
	if (th) {
		sim_threads_stop(th, &rs->ts);
		rs->ts.wall_seconds = rs->wall_seconds;   /* the figure the summary reports */
	}
	return 0;
}

/* Wall-clock figures (threads only: the text of a sim run is deterministic). */
static void print_wall(const sim *s, const struct run_stats *rs)
{
	if (!rs->threads)
		return;
	printf("Wall clock: %.3f s (engine threads; %s)\n", rs->wall_seconds, rs->note);
	printf("  %-6s %12s %10s\n", "SCHED", "CPU SECONDS", "REAL UTIL");
	for (uint32_t i = 0; i < rs->ts.nsched; i++)
		printf("  %-6u %12.3f %9.1f%%\n", i + 1, rs->ts.cpu_seconds[i],
		       rs->wall_seconds > 0 ? 100.0 * rs->ts.cpu_seconds[i] / rs->wall_seconds : 0.0);
	(void)s;
}

/* The exit code of a run that went well: 128 + the signal that stopped
** it, with a note, or 0. */
static int stopped_code(uint64_t tick)
{
	int sig = interrupted;
	if (!sig)
		return 0;
	fprintf(stderr, "beamsim: stopped by %s at tick %llu; the outputs describe the run so far\n",
	        signal_name(sig), (unsigned long long)tick);
	return EXIT_SIGNAL + sig;
}

/* --schedulers 1,2,4: the same scenario once per count; wall time,
** speed-up against the first count, and efficiency = speed-up /
** min(schedulers, cores) relative to the first count's parallelism. */
static int speedup_table(const sim_scenario *scn, const struct run_opts *o)
{
	struct outfile sum = { 0 };
	if (o->summary && !outfile_open(&sum, o->summary, "summary", true))
		return EXIT_WRITE;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		cores = 1;
	double base = 0;
	uint32_t base_n = o->sched_list[0];
	uint64_t last_ticks = 0;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "title", sim_scenario_title(scn));
	cJSON_AddStringToObject(root, "engine", o->threads ? "threads" : "sim");
	cJSON_AddNumberToObject(root, "reduction_ns", (double)effective_config(scn, o).reduction_ns);
	cJSON_AddNumberToObject(root, "cores", (double)cores);
	cJSON *rows = cJSON_AddArrayToObject(root, "speedup");
	if (!o->quiet) {
		textout_put(stdout, sim_scenario_title(scn), TEXTOUT_TITLE_COLS);
		printf("\nspeed-up table: engine %s, %llu ns per reduction, %ld cores\n\n",
		       o->threads ? "threads" : "sim",
		       (unsigned long long)effective_config(scn, o).reduction_ns, cores);
		printf("  %-10s %8s %10s %10s %11s %8s\n", "SCHEDULERS", "TICKS", "WALL S", "SPEED-UP",
		       "EFFICIENCY", "END");
	}
	int rc = 0;
	for (size_t i = 0; i < o->nsched_list && !interrupted; i++) {
		struct run_opts one = *o;
		one.cfg.schedulers = o->sched_list[i];
		one.given |= 1u << SIM_CFG_SCHEDULERS;
		struct sim_config cfg = effective_config(scn, &one);
		sim *s = sim_create(scn, &cfg);
		if (!s) {
			fputs("beamsim: out of memory\n", stderr);
			rc = EXIT_NOMEM;
			break;
		}
		struct run_stats rs;
		memset(&rs, 0, sizeof rs);
		if ((rc = execute(s, &one, NULL, NULL, &rs))) {
			sim_destroy(s);
			break;
		}
		if (i == 0)
			base = rs.wall_seconds;
		double speedup = rs.wall_seconds > 0 ? base / rs.wall_seconds : 0;
		uint32_t n = cfg.schedulers;
		double usable = (double)(n < (uint32_t)cores ? n : (uint32_t)cores) /
		                (double)(base_n < (uint32_t)cores ? base_n : (uint32_t)cores);
		double eff = usable > 0 ? speedup / usable : 0;
		last_ticks = sim_now(s);
		if (!o->quiet)
			printf("  %-10u %8llu %10.3f %9.2fx %10.1f%% %8s\n", n, (unsigned long long)sim_now(s),
			       rs.wall_seconds, speedup, 100 * eff, sim_end_name(sim_end_state(s)));
		cJSON *row = cJSON_CreateObject();
		cJSON_AddNumberToObject(row, "schedulers", n);
		cJSON_AddNumberToObject(row, "ticks", (double)sim_now(s));
		cJSON_AddNumberToObject(row, "wall_seconds", round(rs.wall_seconds * 1e6) / 1e6);
		cJSON_AddNumberToObject(row, "speedup", round(speedup * 1e4) / 1e4);
		cJSON_AddNumberToObject(row, "efficiency", round(eff * 1e4) / 1e4);
		cJSON_AddStringToObject(row, "end", sim_end_name(sim_end_state(s)));
		if (!cJSON_AddItemToArray(rows, row))
			cJSON_Delete(row);
		sim_destroy(s);
	}
	if (!o->quiet)
		puts("\nspeed-up = wall(first) / wall(n); efficiency = speed-up / (min(n, cores) / "
		     "min(first, cores))");
	if (!rc && sum.f) {
		char *text = cJSON_Print(root);
		if (!text) {
			fputs("beamsim: out of memory writing the summary\n", stderr);
			rc = EXIT_NOMEM;
		} else {
			fprintf(sum.f, "%s\n", text);
			free(text);
			if (!outfile_commit(&sum))
				rc = EXIT_WRITE;
		}
	}
	outfile_discard(&sum);
	cJSON_Delete(root);
	return rc ? rc : stopped_code(last_ticks);
}

/* Ends the run's outputs: the text report, the trace, the summary.  Each
** that fails is reported and makes the exit code EXIT_WRITE (EXIT_NOMEM
** for an allocation); the others are still written. */
static int finish_outputs(sim *s, const struct run_opts *o, struct report *rep,
                          sim_trace *trace, struct outfile *tr, struct outfile *sum,
                          const struct run_stats *rs)
{
	int rc = 0;
	if (rep) {
		if (o->log)
			fputc('\n', stdout);
		if (!report_finish(rep)) {
			fputs("beamsim: out of memory: the text report has no timeline\n", stderr);
			rc = EXIT_NOMEM;
		}
		print_wall(s, rs);
	}
	if (trace) {
		enum sim_status st = sim_trace_close(trace);
		if (st == SIM_ENOMEM) {
			fprintf(stderr, "beamsim: out of memory writing the trace '%s' (it ends early)\n",
			        o->trace);
			rc = EXIT_NOMEM;
		}
		if (!outfile_commit(tr) && !rc)
			rc = EXIT_WRITE;
	}
	if (sum->f) {
		errno = 0;
		enum sim_status st = sim_summary_write(s, sum->f, rs->threads ? &rs->ts : NULL);
		if (st == SIM_ENOMEM) {
			fputs("beamsim: out of memory writing the summary\n", stderr);
			rc = EXIT_NOMEM;   /* the caller discards the unfinished file */
		} else if (st == SIM_EWRITE && sum->f == stdout && errno) {
			/* Said here while errno knows why; stdio forgets it. */
			fprintf(stderr, "beamsim: cannot write to standard output: %s\n", strerror(errno));
			clearerr(stdout);
			rc = EXIT_WRITE;
		} else if (!outfile_commit(sum) && !rc) {
			rc = EXIT_WRITE;
		}
	}
	return rc;
}

/* One run of scn with its outputs: every output is opened before the run,
** so a bad path costs no run time. */
static int run_once(const sim_scenario *scn, const struct run_opts *o, const struct sim_config *cfg)
{
	struct outfile sum = { 0 }, tr = { 0 };
	sim *s = NULL;
	sim_trace *trace = NULL;
	struct report *rep = NULL;
	struct run_stats rs;
	memset(&rs, 0, sizeof rs);
	int rc = 0;
	if (o->summary && !outfile_open(&sum, o->summary, "summary", true))
		return EXIT_WRITE;
	if (o->trace && !outfile_open(&tr, o->trace, "trace", false)) {
		rc = EXIT_WRITE;
		goto fail;
	}
	if (!(s = sim_create(scn, cfg)) ||
	    (tr.f && !(trace = sim_trace_open_limit(tr.f, s, o->trace_limit))) ||
	    (!o->quiet && !(rep = report_create(s, stdout, o->log)))) {
		fputs("beamsim: out of memory\n", stderr);
		rc = EXIT_NOMEM;
		goto fail;
	}
	if (rep)
		report_header(rep);
	rc = execute(s, o, rep, trace, &rs);
	if (!rc) {
		rc = finish_outputs(s, o, rep, trace, &tr, &sum, &rs);
		trace = NULL;
		if (!rc)
			rc = stopped_code(sim_now(s));
	}
fail:
	if (trace) {
		sim_trace_close(trace);   /* a valid file, with what the run did */
		outfile_commit(&tr);
	}
	outfile_discard(&tr);
	outfile_discard(&sum);   /* a failed run leaves the previous summary as it was */
	report_destroy(rep);
	sim_destroy(s);
	return rc;
}

static int cmd_run(int argc, char **argv)
{
	struct run_opts o;
	memset(&o, 0, sizeof o);
	sim_config_default(&o.cfg);
	o.trace_limit = TRACE_LIMIT_DEFAULT;
	int rc = parse_run_args(argc, argv, &o);
	if (rc)
		return rc;
	if ((o.summary && strcmp(o.summary, "-") == 0) || (o.trace && strcmp(o.trace, "-") == 0))
		o.quiet = true;
	if (o.summary && o.trace && !o.nsched_list && outfile_same(o.summary, o.trace))
		return usage_error("--summary and --trace name the same file '%s'", o.trace);
	sim_scenario *scn = load(o.file, &rc);
	if (!scn)
		return rc;
	catch_stop_signals();
	if (o.nsched_list) {
		if (o.trace || o.log)
			fputs("beamsim: note: --trace and --log are ignored in a speed-up table run\n", stderr);
		rc = speedup_table(scn, &o);
		sim_scenario_free(scn);
		return rc;
	}
	struct sim_config cfg = effective_config(scn, &o);
	const char *bad = sim_config_check(&cfg);
	if (bad) {
		fprintf(stderr, "beamsim: %s\n", bad);
		rc = EXIT_USAGE;
	} else {
		rc = run_once(scn, &o, &cfg);
	}
	sim_scenario_free(scn);
	return rc;
}

static int cmd_check(int argc, char **argv)
{
	if (argc == 0)
		return usage_error("%s", "check needs at least one scenario file");
	int rc = 0;
	for (int i = 0; i < argc; i++) {
		int frc = 0;
		sim_scenario *scn = load(argv[i], &frc);
		if (!scn) {
			if (frc > rc)
				rc = frc;
			continue;
		}
		printf("%s: ok (%s)\n", argv[i], *sim_scenario_title(scn) ? sim_scenario_title(scn)
		                                                          : "untitled");
		sim_scenario_free(scn);
	}
	return rc;
}

#ifdef BEAMSIM_HAVE_GUI
/* `beamsim gui`: the gui-only options, then the run options (config flags). */
static int cmd_gui(int argc, char **argv, bool fallback)
{
	struct gui_opts g;
	memset(&g, 0, sizeof g);
	g.scenario_dir = BEAMSIM_SCENARIO_DIR;
	char **rest = malloc(sizeof *rest * (size_t)(argc + 1));
	if (!rest)
		return EXIT_WRITE;
	int nrest = 0, rc = 0;
	for (int i = 0; i < argc && !rc; i++) {
		const char *a = argv[i];
		const char *eq = strchr(a, '=');
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
		uint64_t v;
		if (nlen == 12 && strncmp(a, "--screenshot", nlen) == 0) {
			g.screenshot = option_value(argc, argv, &i, eq);
			if (!g.screenshot || !*g.screenshot)
				rc = usage_error("%s needs a file name", "--screenshot");
		} else if (nlen == 4 && strncmp(a, "--at", nlen) == 0) {
			rc = parse_number_option("--at", option_value(argc, argv, &i, eq), 0,
			                         1000000000000ull, &v);
			g.at = v;
		} else if (nlen == 9 && strncmp(a, "--inspect", nlen) == 0) {
			g.inspect = option_value(argc, argv, &i, eq);
			if (!g.inspect || !*g.inspect)
				rc = usage_error("%s needs a process name", "--inspect");
		} else if (nlen == 9 && strncmp(a, "--overlay", nlen) == 0) {
			g.overlay = option_value(argc, argv, &i, eq);
			if (!g.overlay || gui_overlay_check(g.overlay))
				rc = usage_error("%s", "--overlay: expected 'help' or 'picker'");
		} else if (nlen == 9 && strncmp(a, "--compare", nlen) == 0) {
			g.compare = option_value(argc, argv, &i, eq);
			if (!g.compare)
				rc = usage_error("%s needs a value", "--compare");
		} else if (nlen == 6 && strncmp(a, "--size", nlen) == 0) {
			const char *val = option_value(argc, argv, &i, eq);
			int w = 0, h = 0;
			char extra;
			if (!val || sscanf(val, "%dx%d%c", &w, &h, &extra) != 2 || w < 320 || h < 200 ||
			    w > 8192 || h > 8192)
				rc = usage_error("--size: expected WxH from 320x200 to 8192x8192, got '%s'",
				                 val ? val : "");
			g.width = w;
			g.height = h;
		} else {
			rest[nrest++] = argv[i];
		}
	}
	struct run_opts o;
	memset(&o, 0, sizeof o);
	sim_config_default(&o.cfg);
	if (!rc)
		rc = parse_run_args(nrest, rest, &o);
	free(rest);
	if (rc)
		return rc;
	if (o.summary || o.trace || o.trace_limit_given || o.log || o.quiet)
		return usage_error("%s", "--summary, --trace, --trace-limit, --log and --quiet belong to "
		                         "'beamsim run'");
	g.file = o.file;
	g.cfg = o.cfg;
	g.given = o.given;
	g.quiet_no_display = fallback;
	rc = gui_main(&g);
	if (rc == GUI_NO_DISPLAY) {
		if (fallback) {
			fputs("beamsim: no display, showing the text run instead (beamsim gui needs X11 or "
			      "Wayland)\n", stderr);
			return cmd_run(0, NULL);
		}
		return EXIT_WRITE;
	}
	return rc;
}
#endif

/* A closed standard stream (`beamsim run >&-`) would lend its number to
** the next file opened, and printf would then write into a summary: hold
** each closed one with /dev/null, standard output read-only so that
** writing to it fails (EBADF) and is reported. */
static void hold_std_streams(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int n = open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);
		if (n >= 0 && n != fd) {
			dup2(n, fd);
			close(n);
		}
	}
}

/* Output lost on the way to standard output (a full disk, a closed
** stdout) is an error of every command: exit 1 with a message, unless the
** command failed already. */
static int check_stdout(int rc)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	fprintf(stderr, "beamsim: cannot write to standard output: %s\n",
	        errno ? strerror(errno) : "write error");
	return rc ? rc : EXIT_WRITE;
}

static int run_command(int argc, char **argv);

int main(int argc, char **argv)
{
	hold_std_streams();
	return check_stdout(run_command(argc, argv));
}

static int run_command(int argc, char **argv)
{
	if (argc < 2) {
#ifdef BEAMSIM_HAVE_GUI
		return cmd_gui(0, NULL, true);
#else
		return cmd_run(0, NULL);
#endif
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs("beamsim - a teaching simulator of the BEAM (Erlang/Elixir) scheduler\n\n", stdout);
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("beamsim %s\n", SIM_VERSION);
		return 0;
	}
	if (strcmp(cmd, "run") == 0)
		return cmd_run(argc - 2, argv + 2);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 2, argv + 2);
	if (strcmp(cmd, "gui") == 0) {
#ifdef BEAMSIM_HAVE_GUI
		return cmd_gui(argc - 2, argv + 2, false);
#endif
		fputs("beamsim: this beamsim was built without the GUI (-DBEAMSIM_GUI=OFF); use "
		      "'beamsim run' for the text output\n", stderr);
		return EXIT_USAGE;
	}
	if (cmd[0] == '-' || strchr(cmd, '.'))
		return cmd_run(argc - 1, argv + 1);   /* `beamsim FILE` and `beamsim --opt`: run */
	return usage_error("unknown command '%s'", cmd);
}
