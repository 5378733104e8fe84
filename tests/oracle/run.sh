#!/bin/sh
# run.sh - the real BEAM as an oracle for beamsim (issue 7, part 4).
#
#   sh tests/oracle/run.sh [SOURCE_DIR]
#
# Environment: BEAMSIM (the beamsim binary, default build/beamsim),
# ORACLE_GEN (the random scenario writer oracle_gen; unset: no random
# scenarios), ORACLE_SEEDS (how many random seeds, default 20),
# ORACLE_SEED0 (first seed, default 1), ORACLE_VERBOSE=1 (list every
# compared and every skipped outcome), ORACLE_RANDOM_STRICT=1 (a random
# scenario that disagrees fails the run; by default random scenarios are
# reported but only the shipped scenarios decide the exit status, because
# the random ones still hit the open disagreements listed in
# docs/reliability.md).
#
# Compiles tests/oracle/oracle.erl, runs it on every shipped scenario and
# on ORACLE_SEEDS random ones, and prints "N passed, M failed" (plus the
# skipped ones).  Exit 0 if nothing failed, 1 if something did, 77 if erl
# is not installed.  See docs/reliability.md for what is compared.
set -u
SRC=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
BEAMSIM=${BEAMSIM:-$SRC/build/beamsim}
SEEDS=${ORACLE_SEEDS:-20}
SEED0=${ORACLE_SEED0:-1}

if ! command -v erl >/dev/null 2>&1 || ! command -v erlc >/dev/null 2>&1; then
	echo "oracle: erl is not installed (apt-get install erlang-base); skipped"
	exit 77
fi
[ -x "$BEAMSIM" ] || { echo "oracle: no beamsim binary at $BEAMSIM"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/beamsim-oracle.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
mkdir -p "$WORK/ebin" "$WORK/tmp" "$WORK/random"
erlc -o "$WORK/ebin" "$SRC/tests/oracle/oracle.erl" || { echo "oracle: erlc failed"; exit 1; }

pass=0 fail=0 skip=0 rfail=0
run_erl() {
	timeout 60 erl -noshell -pa "$WORK/ebin" -run oracle main "$1" "$BEAMSIM" "$WORK/tmp" </dev/null
}

one() {
	# One erl per scenario: a clean VM, and a time bound on each.  The BEAM
	# side runs on real time, so a machine busy with other jobs can delay
	# one of its processes enough to change an outcome: a scenario that
	# disagrees is run once more, and counts as a failure only if it
	# disagrees again (a real semantic difference is not timing-dependent).
	run_erl "$1"
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
		echo "oracle: $1 disagreed or failed (exit $rc); running it again"
		run_erl "$1"
		rc=$?
		[ "$rc" -eq 0 ] && echo "oracle: $1 agrees on the second run (timing on a busy machine)"
	fi
	case $rc in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)) ;;
	124) echo "FAIL $1: timed out"; fail=$((fail + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
}

for f in "$SRC"/scenarios/*.json; do
	one "$f"
done

if [ -n "${ORACLE_GEN:-}" ] && [ -x "$ORACLE_GEN" ]; then
	s=$SEED0
	while [ "$s" -lt $((SEED0 + SEEDS)) ]; do
		g="$WORK/random/seed_$s.json"
		if "$ORACLE_GEN" "$s" >"$g"; then
			before=$fail
			one "$g"
			rfail=$((rfail + fail - before))
		else
			echo "FAIL seed $s: the generator failed"; fail=$((fail + 1))
		fi
		s=$((s + 1))
	done
else
	echo "oracle: no random scenario generator (ORACLE_GEN); random scenarios skipped"
fi

echo "$pass passed, $fail failed ($skip skipped; $rfail of the failures are random scenarios)"
if [ "${ORACLE_RANDOM_STRICT:-0}" = 1 ]; then
	[ "$fail" -eq 0 ]
else
	[ $((fail - rfail)) -eq 0 ]
fi
