# lib.sh - shared checks for the hostile-input tests (tests/hostile/*.sh).
# Sourced by each test script, which ctest runs as
#   BEAMSIM=path/to/beamsim BEAMSIM_SANITIZED=0|1 sh tests/hostile/NAME.sh SOURCE_DIR
# A script defines its checks with `expect` and `expect_bounded`, then
# calls `finish`, which prints "N passed, M failed" and sets the exit code.
# A script that cannot run its checks here (e.g. a build without the GUI)
# prints why and exits 77: ctest reports it as skipped, not passed.
set -u
SRC=${1:?source dir}
BIN=${BEAMSIM:?set BEAMSIM to the beamsim binary}
SANITIZED=${BEAMSIM_SANITIZED:-0}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# started_when GLOB PID: waits (at most 60 s) until a file matching GLOB
# exists, i.e. the run has opened its outputs, which it does after catching
# the signals (cli/cmd_run.c).  A fixed sleep was not enough on a loaded
# machine: a signal that came before the handlers killed the run (CI10).
# Returns 1 when the run ended or 60 s passed first.
started_when() {
	i=0
	while [ $i -lt 600 ] && kill -0 "$2" 2>/dev/null; do
		# shellcheck disable=SC2086  # GLOB is a pattern
		for f in $1; do [ -e "$f" ] && return 0; done
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# check_output NAME CODE PATTERN RC: the common part of expect*.
check_output() {
	if [ "$4" -ne "$2" ]; then
		bad "$1 (exit $4, expected $2)"; sed 's/^/     | /' "$TMP/out" | head -20; return
	fi
	if [ -n "$3" ] && ! grep -qF -- "$3" "$TMP/out"; then
		bad "$1 (output lacks '$3')"; sed 's/^/     | /' "$TMP/out" | head -20; return
	fi
	ok "$1"
}

# expect NAME CODE PATTERN CMD...: runs CMD, checks its exit code and that
# stdout+stderr contain PATTERN (a fixed string; empty = anything).
expect() {
	name=$1 code=$2 pat=$3
	shift 3
	"$@" >"$TMP/out" 2>&1
	check_output "$name" "$code" "$pat" $?
}

# expect_bounded NAME MB CODE PATTERN CMD...: as expect, with the memory of
# CMD bounded: at most MB MiB of address space (ulimit -v) in a plain
# build; under ASan (which reserves terabytes of address space) at most
# 3*MB+256 MiB of resident memory (ASan's hard_rss_limit_mb, which aborts
# the process when it is exceeded).  A run that exceeds the bound fails
# with a different exit code and so fails the check.
expect_bounded() {
	name=$1 mb=$2 code=$3 pat=$4
	shift 4
	if [ "$SANITIZED" = 1 ]; then
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:hard_rss_limit_mb=$((mb * 3 + 256))" "$@" >"$TMP/out" 2>&1
		rc=$?
	else
		(ulimit -v $((mb * 1024)); exec "$@") >"$TMP/out" 2>&1
		rc=$?
	fi
	check_output "$name [<= $mb MiB]" "$code" "$pat" $rc
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
