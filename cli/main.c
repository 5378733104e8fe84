/*
** main.c - the `beamsim` command line: dispatches to the commands run,
** check and gui (cmd.h, one file each), prints --help and --version, and
** guards standard output.
**
** The options are parsed in args.c; the exit codes are enum exit_code in
** args.h (one per cause, listed by --help and docs/cli.md): 128 + N when
** stopped by signal N (SIGINT 130, SIGTERM 143) with its outputs written
** (runner.c).
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cmd.h"
#include "sim.h"

static const char usage_text[] =
	"usage: beamsim run [FILE|-] [options]  run a scenario (the built-in default without FILE;\n"
	"                                       '-': read it from standard input)\n"
	"       beamsim check [--quiet] FILE...  validate scenario files ('-': standard input)\n"
	"       beamsim gui [FILE] [options]    the classroom window (run's config options apply)\n"
	"       beamsim gui FILE --screenshot OUT.png [--at TICK] [--size WxH] [--inspect NAME]\n"
	"                                       render one frame without a display\n"
	"       beamsim gui FILE --gif OUT.gif [--from A] [--to B] [--fps N] [--size WxH]\n"
	"                                       an animated GIF of ticks A..B without a display\n"
	"       beamsim quiz --seed N [--topic T] [--level 1..3] [--answers] [--out DIR]\n"
	"                                       seeded homework: a scenario, a worksheet, its answers\n"
	"                                       (topics scheduling, preemption, messages, links,\n"
	"                                       supervisors, all; 'beamsim quiz --help')\n"
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
	"  --max-mailbox N                   messages one mailbox may hold, 0..10^9 (0 = no limit)\n"
	"  --max-message-memory BYTES        bytes of all mailboxes, 0..2^40 (0 = no limit)\n"
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
	"  --sequence OUT.svg                write the message sequence chart as SVG\n"
	"  --mermaid OUT.mmd                 write it as a Mermaid sequenceDiagram\n"
	"  --from T, --to T                  the charts' tick range (default: the whole run)\n"
	"  --only NAME,...                   the charts' processes (NAME of a count group: all)\n"
	"  --log                             print one line per event\n"
	"  --questions                       print the scenario's questions and their answers\n"
	"  --no-answers                      the questions only, with blanks (a worksheet)\n"
	"  --quiet                           print nothing but errors (check: no 'ok' lines)\n"
	"\n"
	"gui options:\n"
	"  --compare schedulers=N,M | preemption=cooperative,reductions | balance=A,B\n"
	"                                    two copies side by side, differing in that setting\n"
	"  --screenshot OUT.png              write one frame (1600x900 by default) and exit\n"
	"  --at TICK                         the tick of that frame (or where the window starts)\n"
	"  --size WxH                        its size, 320x200 .. 8192x8192\n"
	"  --inspect NAME                    open the inspector on that process (latest incarnation)\n"
	"  --overlay help|picker|question|answer\n"
	"                                    show the keys, the scenario picker, or the question\n"
	"                                    asked at --at (answer: revealed)\n"
	"  --scale F                         text and shapes, 0.5..2.5 (default 1; Ctrl +/- change it)\n"
	"  --phase F                         with --screenshot --at T: the step to T at phase 0..1\n"
	"  --theme dark|contrast             colours (default dark; contrast for projectors; key T)\n"
	"  --gif OUT.gif                     write ticks --from..--to as an animated GIF and exit\n"
	"  --from A, --to B                  its first and last tick (default 0 and the run's end)\n"
	"  --fps N                           its frames per tick, 1..50 (default 10; 40 ms each)\n"
	"  --view lanes|sequence|both        the view drawn: lanes (default), the sequence chart,\n"
	"                                    or both side by side (key V in the window)\n"
	"  --self-test                       questions: Enter judges the pick, answers hidden,\n"
	"                                    a score in the corner (key A)\n"
	"  --no-questions                    the window asks none of the scenario's questions\n"
	"\n"
	"Options take '--opt value' or '--opt=value', before or after the file; '--' ends them.\n"
	"\n"
	"exit codes: 0 ok, 1 cannot write output, 2 usage, 3 invalid scenario, 4 cannot read\n"
	"  the scenario file, 5 out of memory, 6 no display (gui), 7 threads cannot start,\n"
	"  130 stopped by SIGINT, 143 stopped by SIGTERM\n";

int cmd_help(void)
{
	fputs("beamsim - a teaching simulator of the BEAM (Erlang/Elixir) scheduler\n\n", stdout);
	fputs(usage_text, stdout);
	return EXIT_OK;
}

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

/* The command word (argv[1]) picks the command; a file or an option
** instead of one means run. */
static int dispatch(int argc, char **argv)
{
	if (argc < 2)
		return cmd_gui(0, NULL, true);   /* the window, or the text run without one */
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
		return cmd_help();
	if (strcmp(cmd, "--version") == 0) {
		printf("beamsim %s\n", SIM_VERSION);
		return 0;
	}
	if (strcmp(cmd, "run") == 0)
		return cmd_run(argc - 2, argv + 2);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 2, argv + 2);
	if (strcmp(cmd, "gui") == 0)
		return cmd_gui(argc - 2, argv + 2, false);
	if (strcmp(cmd, "quiz") == 0)
		return cmd_quiz(argc - 2, argv + 2);
	if (cmd[0] == '-' || strchr(cmd, '.'))
		return cmd_run(argc - 1, argv + 1);   /* `beamsim FILE` and `beamsim --opt`: run */
	return args_usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
	hold_std_streams();
	return check_stdout(dispatch(argc, argv));
}
