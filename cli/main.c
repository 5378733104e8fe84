/*
** main.c - the `beamsim` command line: run, check, gui, --help, --version.
**
** Exit codes: 0 ok, 1 an output file cannot be written, 2 usage error,
** 3 invalid scenario, 4 a scenario file cannot be read.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "sim.h"

enum { EXIT_WRITE = 1, EXIT_USAGE = 2, EXIT_INVALID = 3, EXIT_READ = 4 };

static const char usage_text[] =
	"usage: beamsim run [FILE] [options]    run a scenario (the built-in default without FILE)\n"
	"       beamsim check FILE...           validate scenario files\n"
	"       beamsim gui [FILE]              the classroom window (not built yet)\n"
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
	"  --summary FILE|-                  write the summary as JSON ('-': stdout, implies --quiet)\n"
	"  --trace FILE                      write a Chrome trace (open it in Perfetto)\n"
	"  --log                             print one line per event\n"
	"  --quiet                           print nothing but errors\n"
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
	const char *summary;
	const char *trace;
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
		if (strcmp(name, "--schedulers") == 0) {
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

static int write_summary(const sim *s, const char *path)
{
	char *json = sim_summary_json(s);
	if (!json) {
		fputs("beamsim: out of memory writing the summary\n", stderr);
		return EXIT_WRITE;
	}
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	int rc = 0;
	if (!f || fputs(json, f) < 0 || fputc('\n', f) == EOF || fflush(f) != 0) {
		fprintf(stderr, "beamsim: cannot write summary '%s': %s\n", path, strerror(errno));
		rc = EXIT_WRITE;
	}
	if (f && f != stdout)
		fclose(f);
	free(json);
	return rc;
}

static int cmd_run(int argc, char **argv)
{
	struct run_opts o;
	memset(&o, 0, sizeof o);
	sim_config_default(&o.cfg);
	int rc = parse_run_args(argc, argv, &o);
	if (rc)
		return rc;
	if (o.summary && strcmp(o.summary, "-") == 0)
		o.quiet = true;
	sim_scenario *scn = load(o.file, &rc);
	if (!scn)
		return rc;
	struct sim_config cfg = effective_config(scn, &o);
	const char *bad = sim_config_check(&cfg);
	if (bad) {
		fprintf(stderr, "beamsim: %s\n", bad);
		sim_scenario_free(scn);
		return EXIT_USAGE;
	}
	sim *s = sim_create(scn, &cfg);
	FILE *tf = NULL;
	sim_trace *trace = NULL;
	struct report *rep = NULL;
	if (!s) {
		fputs("beamsim: out of memory\n", stderr);
		sim_scenario_free(scn);
		return EXIT_WRITE;
	}
	if (o.trace) {
		tf = fopen(o.trace, "w");
		if (!tf) {
			fprintf(stderr, "beamsim: cannot write trace '%s': %s\n", o.trace, strerror(errno));
			rc = EXIT_WRITE;
			goto done;
		}
		trace = sim_trace_open(tf, s);
	}
	if (!o.quiet) {
		rep = report_create(s, stdout, o.log);
		report_header(rep);
	}
	for (;;) {
		size_t n;
		const struct sim_event *ev = sim_events(s, &n);
		if (rep)
			report_events(rep, ev, n);
		if (trace)
			sim_trace_events(trace, ev, n);
		if (sim_end_state(s) != SIM_END_NONE)
			break;
		sim_step(s);
	}
	if (rep) {
		if (o.log)
			fputc('\n', stdout);
		report_finish(rep);
	}
	if (trace && sim_trace_close(trace) != SIM_OK) {
		fprintf(stderr, "beamsim: cannot write trace '%s'\n", o.trace);
		rc = EXIT_WRITE;
	}
	trace = NULL;
	if (o.summary && write_summary(s, o.summary))
		rc = EXIT_WRITE;
done:
	if (trace)
		sim_trace_close(trace);
	if (tf && fclose(tf) != 0 && !rc) {
		fprintf(stderr, "beamsim: cannot write trace '%s': %s\n", o.trace, strerror(errno));
		rc = EXIT_WRITE;
	}
	report_destroy(rep);
	sim_destroy(s);
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

int main(int argc, char **argv)
{
	if (argc < 2)
		return cmd_run(0, NULL);
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
		fputs("beamsim: the GUI is not built in this version yet; use 'beamsim run' for the "
		      "text output\n", stderr);
		return EXIT_USAGE;
	}
	if (cmd[0] == '-' || strchr(cmd, '.'))
		return cmd_run(argc - 1, argv + 1);   /* `beamsim FILE` and `beamsim --opt`: run */
	return usage_error("unknown command '%s'", cmd);
}
