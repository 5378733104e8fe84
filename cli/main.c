/*
** main.c - the `beamsim` command line: run, check, gui, --help, --version.
**
** The options are parsed in args.c; the exit codes are enum exit_code in
** args.h (one per cause, listed by --help and docs/cli.md): 128 + N when
** stopped by signal N (SIGINT 130, SIGTERM 143) with its outputs written.
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

#include "args.h"
#include "outfile.h"
#include "paths.h"
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
** it from cutting a write short.  With `keep_files` (a summary or trace
** goes to a file) SIGPIPE is ignored: `beamsim run F --log --summary S |
** head` then still writes S, and the failed standard output is reported
** at exit (exit 1) instead of killing the run with its files unwritten. */
static void catch_stop_signals(bool keep_files)
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

#define TRACE_LIMIT_DEFAULT (1ull << 30)   /* --trace-limit: 1 GiB */

static const char usage_text[] =
	"usage: beamsim run [FILE|-] [options]  run a scenario (the built-in default without FILE;\n"
	"                                       '-': read it from standard input)\n"
	"       beamsim check [--quiet] FILE...  validate scenario files ('-': standard input)\n"
	"       beamsim gui [FILE] [options]    the classroom window (run's config options apply)\n"
	"       beamsim gui FILE --screenshot OUT.png [--at TICK] [--size WxH] [--inspect NAME]\n"
	"                                       render one frame without a display\n"
	"       beamsim                         the window on the default scenario (text without a display)\n"
	"       beamsim --help | --version\n"
	"\n"
	"config options of run and gui (override the scenario's config):\n"
	"  --schedulers N                    schedulers (cores), 1..64\n"
	"  --slice R                         reductions per time slice, 1..10^9\n"
	"  --preemption reductions|cooperative   ('preemptive' is reductions)\n"
	"  --balance steal|none|shared\n"
	"  --dirty-schedulers N              dirty CPU schedulers, 1..64 (at most --schedulers)\n"
	"  --seed S                          seed for anything random, 0..2^64-1\n"
	"  --until T                         stop after T ticks, 1..10^12\n"
	"\n"
	"run options:\n"
	"  --engine sim|threads              sim: one thread (default); threads: one OS thread\n"
	"                                    per scheduler, doing real CPU work, same schedule\n"
	"  --reduction-ns N                  real CPU time per reduction with --engine threads\n"
	"                                    (config.reduction_ns; default 1000000 = 1 ms; 0 = none)\n"
	"  --schedulers 1,2,4                run once per count and print a speed-up table\n"
	"  --summary FILE|-                  write the summary as JSON ('-': stdout, implies --quiet)\n"
	"  --trace FILE|-                    write a Chrome trace (open it in Perfetto)\n"
	"  --trace-limit BYTES               stop tracing at this size (K, M, G; default 1G; 0 = none)\n"
	"  --log                             print one line per event\n"
	"  --quiet                           print nothing but errors (check: no 'ok' lines)\n"
	"\n"
	"gui options:\n"
	"  --compare schedulers=N,M | preemption=cooperative,reductions | balance=A,B\n"
	"                                    two copies side by side, differing in that setting\n"
	"  --screenshot OUT.png              write one frame (1600x900 by default) and exit\n"
	"  --at TICK                         the tick of that frame (or where the window starts)\n"
	"  --size WxH                        its size, 320x200 .. 8192x8192\n"
	"  --inspect NAME                    open the inspector on that process (latest incarnation)\n"
	"  --overlay help|picker             show the keys overlay or the scenario picker\n"
	"  --scale F                         text and shapes, 0.5..2.5 (default 1; Ctrl +/- change it)\n"
	"  --theme dark|contrast             colours (default dark; contrast for projectors; key T)\n"
	"\n"
	"Options take '--opt value' or '--opt=value', before or after the file; '--' ends them.\n"
	"\n"
	"exit codes: 0 ok, 1 cannot write output, 2 usage, 3 invalid scenario, 4 cannot read\n"
	"  the scenario file, 5 out of memory, 6 no display (gui), 7 threads cannot start,\n"
	"  130 stopped by SIGINT, 143 stopped by SIGTERM\n";

static int print_help(void)
{
	fputs("beamsim - a teaching simulator of the BEAM (Erlang/Elixir) scheduler\n\n", stdout);
	fputs(usage_text, stdout);
	return EXIT_OK;
}

/* The loader's messages, one line each: they quote the file's text, so
** control characters are escaped (textout.h). */
static void print_diag(const struct sim_diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		textout_put(stderr, d->msgs[i], 0);
		fputc('\n', stderr);
	}
}

/* The scenario's config with the command line's keys on top. */
static struct sim_config effective_config(const sim_scenario *scn, const struct run_opts *o)
{
	struct sim_config c = sim_scenario_config(scn);
	sim_config_override(&c, &o->cfg, o->given);
	return c;
}

/* Standard input ('-' as the file), read whole, at most one byte more
** than SIM_MAX_FILE_BYTES (the loader then reports the size), and loaded
** as "<stdin>".  NULL with d filled when it cannot be read. */
static sim_scenario *load_stdin(struct sim_diag *d)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = NULL;
	sim_scenario *scn = NULL;
	for (;;) {
		char *grown = realloc(buf, cap);
		if (!grown) {
			sim_diag_add(d, "<stdin>: error: out of memory");
			d->status = SIM_ENOMEM;
			goto done;
		}
		buf = grown;
		len += fread(buf + len, 1, cap - len, stdin);
		if (len < cap || len > SIM_MAX_FILE_BYTES)
			break;
		cap = cap * 2 > (size_t)SIM_MAX_FILE_BYTES + 1 ? (size_t)SIM_MAX_FILE_BYTES + 1 : cap * 2;
	}
	if (ferror(stdin)) {
		sim_diag_add(d, "<stdin>: error: cannot read: %s", strerror(errno));
		d->status = SIM_EREAD;
		goto done;
	}
	scn = sim_scenario_load_text(buf, len, "<stdin>", d);
done:
	free(buf);
	return scn;
}

/* Loads file ('-': standard input; NULL: the built-in default).  On
** failure prints the messages and sets *rc to the exit code. */
static sim_scenario *load(const char *file, int *rc)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = !file ? sim_scenario_load_default(&d)
	                  : strcmp(file, "-") == 0 ? load_stdin(&d) : sim_scenario_load(file, &d);
	if (!scn) {
		print_diag(&d);
		*rc = d.status == SIM_EREAD ? EXIT_READ : d.status == SIM_ENOMEM ? EXIT_NOMEM
		    : EXIT_INVALID;
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

/* The exit code of a run that went well: EXIT_SIGINT / EXIT_SIGTERM
** (128 + the signal) when a signal stopped it, with a note, or 0. */
static int stopped_code(uint64_t tick)
{
	int sig = interrupted;
	if (!sig)
		return 0;
	fprintf(stderr, "beamsim: stopped by %s at tick %llu; the outputs describe the run so far\n",
	        signal_name(sig), (unsigned long long)tick);
	return sig == SIGTERM ? EXIT_SIGTERM : EXIT_SIGINT;
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
	int rc = args_parse(argc, argv, ARGS_RUN, &o);
	if (rc || o.help)
		return rc ? rc : print_help();
	if (!o.trace_limit_given)
		o.trace_limit = TRACE_LIMIT_DEFAULT;
	if ((o.summary && strcmp(o.summary, "-") == 0) || (o.trace && strcmp(o.trace, "-") == 0))
		o.quiet = true;
	if (o.summary && o.trace && !o.nsched_list && outfile_same(o.summary, o.trace))
		return args_usage_error("--summary and --trace name the same file '%s'", o.trace);
	sim_scenario *scn = load(o.file, &rc);
	if (!scn)
		return rc;
	catch_stop_signals((o.summary && strcmp(o.summary, "-") != 0) ||
	                   (o.trace && strcmp(o.trace, "-") != 0));
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

/* "FILE: ok (TITLE)" per valid file unless --quiet, the title escaped and
** cut at CHECK_TITLE_COLUMNS with "…"; the messages of the others.  Exits
** with the highest code among the files. */
#define CHECK_TITLE_COLUMNS 100

static int cmd_check(int argc, char **argv)
{
	struct run_opts o;
	int rc = args_parse(argc, argv, ARGS_CHECK, &o);
	if (rc || o.help)
		return rc ? rc : print_help();
	for (int i = 0; i < o.nfiles; i++) {
		int frc = 0;
		sim_scenario *scn = load(o.files[i], &frc);
		if (!scn) {
			if (frc > rc)
				rc = frc;
			continue;
		}
		const char *title = sim_scenario_title(scn);
		if (!o.quiet) {
			textout_put(stdout, strcmp(o.files[i], "-") == 0 ? "<stdin>" : o.files[i], 0);
			fputs(": ok (", stdout);
			textout_put(stdout, *title ? title : "untitled", CHECK_TITLE_COLUMNS);
			fputs(")\n", stdout);
		}
		sim_scenario_free(scn);
	}
	return rc;
}

#ifdef BEAMSIM_HAVE_GUI
static int gui_exit_code(enum gui_status st)
{
	switch (st) {
	case GUI_OK: return EXIT_OK;
	case GUI_EUSAGE: return EXIT_USAGE;
	case GUI_EINVALID: return EXIT_INVALID;
	case GUI_EREAD: return EXIT_READ;
	case GUI_ENOMEM: return EXIT_NOMEM;
	case GUI_EWRITE: return EXIT_WRITE;
	case GUI_NO_DISPLAY: return EXIT_NO_DISPLAY;
	}
	return EXIT_USAGE;
}

/* `beamsim gui`; with `fallback` (beamsim alone) the text run when there
** is no display. */
static int cmd_gui(int argc, char **argv, bool fallback)
{
	struct run_opts o;
	int rc = args_parse(argc, argv, ARGS_GUI, &o);
	if (rc || o.help)
		return rc ? rc : print_help();
	struct gui_opts g;
	memset(&g, 0, sizeof g);
	g.file = o.file;
	g.cfg = o.cfg;
	g.given = o.given;
	g.screenshot = o.screenshot;
	g.at = o.at;
	g.width = (int)o.width;
	g.height = (int)o.height;
	g.compare = o.compare;
	g.inspect = o.inspect;
	g.overlay = o.overlay == ARGS_OVERLAY_HELP ? "help"
	          : o.overlay == ARGS_OVERLAY_PICKER ? "picker" : NULL;
	g.scale = o.scale ? (double)o.scale / 100.0 : 1.0;
	g.theme = o.theme == ARGS_THEME_CONTRAST ? "contrast" : "dark";
	g.scenario_dir = paths_scenario_dir((char[PATHS_DIR_MAX]){0});
	g.quiet_no_display = fallback;
	enum gui_status st = gui_main(&g);
	if (st == GUI_NO_DISPLAY && fallback) {
		fputs("beamsim: no display, showing the text run instead (beamsim gui needs X11 or "
		      "Wayland)\n", stderr);
		return cmd_run(0, NULL);
	}
	return gui_exit_code(st);
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
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
		return print_help();
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
	return args_usage_error("unknown command '%s'", cmd);
}
