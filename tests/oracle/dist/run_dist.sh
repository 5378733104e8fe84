#!/bin/sh
# run_dist.sh - real distributed Erlang as the oracle for beamsim's nodes
# (issue 16).
#
#   sh tests/oracle/dist/run_dist.sh [SOURCE_DIR]
#
# Environment: BEAMSIM (default SOURCE_DIR/build/beamsim), DIST_CASES (a
# directory of cases, default tests/data/oracle/dist), DIST_LESSONS=0
# (leave out the lessons), OD_TICK_MS (one
# tick in ms on the BEAM, default 2), DIST_TIMEOUT (bound on one erl run,
# seconds, default 120), DIST_KEEP=1 (keep the work directory: each
# case's BEAM log is CASE.beam.log there).
#
# The cases are CASE.json in DIST_CASES and, unless DIST_CASES is set or
# DIST_LESSONS=0, every lesson scenarios/NAME.json with config.nodes as
# case lesson_NAME (its recording: DIST_CASES/lesson_NAME.beam).
# For every case CASE.json: runs it on real nodes (oracle_dist.erl, one
# peer node per config.nodes entry, epmd on 127.0.0.1, a cookie and node
# names unique to the run) and checks the BEAM's outcomes against the
# recorded ones, CASE.beam (a disagreement there is run once more with a
# tick 3 times longer, then fails: the harness or the BEAM changed;
# DIST_RECORD=1 writes CASE.beam for a case that has none).
# Then, if beamsim accepts config.nodes (`beamsim check` on the first
# case), compares beamsim's summary with the BEAM: PASS or FAIL per case.
# A case with CASE.known (the "-"/"+" lines of a documented simplification,
# listed in how-beam-schedules.md) passes only when beamsim differs from
# the BEAM by exactly those lines, and fails once it agrees.
# If beamsim does not accept it yet, says so, and runs the self-test of
# the comparison instead: the hand-made summaries of
# tests/oracle/dist/expected/ must agree with the BEAM, and each of them
# with one exit reason changed must disagree.
#
# Exit 0: every comparison passed; 1: something failed; 77: erl is not
# installed, or beamsim does not accept config.nodes yet (and nothing
# failed).  docs/reliability.md, "Distribution (issue 16)".
set -u
SRC=${1:-$(cd "$(dirname "$0")/../../.." && pwd)}
HERE=$SRC/tests/oracle/dist
BEAMSIM=${BEAMSIM:-$SRC/build/beamsim}
CASES=${DIST_CASES:-$SRC/tests/data/oracle/dist}
DIST_TIMEOUT=${DIST_TIMEOUT:-120}

if ! command -v erl >/dev/null 2>&1 || ! command -v erlc >/dev/null 2>&1; then
	echo "dist oracle: erl is not installed (apt-get install erlang-base); skipped"
	exit 77
fi
. "$HERE/lib.sh"
dist_begin || { echo "dist oracle: cannot start epmd"; exit 1; }
W=$DIST_WORK
erlc -o "$W" "$HERE/oracle_dist.erl" || { echo "dist oracle: erlc failed"; exit 1; }

fail=0 pass=0 k=0

# beam CASE OUT: the case's outcomes on real nodes, at tick OD_TICK_MS.
beam() {
	k=$((k + 1))
	dist_beam "$1" "$2" "k$k"
}

accepts=1
first=$(ls "$CASES"/*.json 2>/dev/null | head -n 1)
[ -n "$first" ] || { echo "dist oracle: no cases in $CASES"; exit 1; }
if ! [ -x "$BEAMSIM" ]; then
	echo "dist oracle: no beamsim binary at $BEAMSIM"; exit 1
fi
if ! "$BEAMSIM" check "$first" >"$W/check.txt" 2>&1; then
	accepts=0
	echo "dist oracle: beamsim does not accept config.nodes yet ($BEAMSIM check $(basename "$first"):"
	head -n 3 "$W/check.txt" | sed 's/^/    /'
	echo "  ): the comparison with beamsim is SKIPPED; the BEAM runs and the comparison's self-test run"
fi

# the case files, one "KEY FILE" a line
: >"$W/cases"
for f in "$CASES"/*.json; do
	echo "$(basename "$f" .json) $f" >>"$W/cases"
done
if [ -z "${DIST_CASES:-}" ] && [ "${DIST_LESSONS:-1}" != 0 ]; then
	for f in "$SRC"/scenarios/*.json; do
		grep -q '"nodes"' "$f" && echo "lesson_$(basename "$f" .json) $f" >>"$W/cases"
	done
fi

while read -r c f <&3; do
	rec=$CASES/$c.beam
	if ! beam "$f" "$W/$c.beam"; then
		echo "FAIL $c: the BEAM run failed"; fail=$((fail + 1)); continue
	fi
	if [ -f "$rec" ] && ! dist_agree "recorded BEAM outcomes (-) vs this run (+)" "$rec" "$W/$c.beam"; then
		echo "  $c: again with a tick 3 times longer"
		if ! OD_TICK_MS=$((${OD_TICK_MS:-2} * 3)) beam "$f" "$W/$c.beam" ||
			! dist_agree "recorded (-) vs slower run (+)" "$rec" "$W/$c.beam"; then
			echo "FAIL $c: the BEAM's outcomes differ from $c.beam"; fail=$((fail + 1)); continue
		fi
	fi
	if ! [ -f "$rec" ]; then
		if [ "${DIST_RECORD:-0}" = 1 ]; then
			cp "$W/$c.beam" "$rec" && echo "  $c: recorded the BEAM's outcomes in $rec (read them before committing)"
		else
			echo "FAIL $c: no recorded outcomes $c.beam (DIST_RECORD=1 writes them); this run's:"
			sed 's/^/    /' "$W/$c.beam"; fail=$((fail + 1)); continue
		fi
	fi
	if [ "$accepts" = 1 ]; then
		if ! "$BEAMSIM" run "$f" --summary - >"$W/$c.sum.json" 2>"$W/$c.sum.err"; then
			echo "FAIL $c: beamsim run failed:"; sed 's/^/    /' "$W/$c.sum.err"; fail=$((fail + 1)); continue
		fi
		dist_sumlines "$W/$c.sum.json" >"$W/$c.sim" || { echo "FAIL $c: unreadable summary"; fail=$((fail + 1)); continue; }
		known=$CASES/$c.known
		if [ -f "$known" ]; then
			# a documented simplification: beamsim must differ exactly so
			diff "$W/$c.beam" "$W/$c.sim" | sed -n 's/^</-/p; s/^>/+/p' >"$W/$c.diff"
			if ! [ -s "$W/$c.diff" ]; then
				echo "FAIL $c: beamsim now agrees with the BEAM; delete $c.known and its simplification"
				fail=$((fail + 1))
			elif cmp -s "$known" "$W/$c.diff"; then
				echo "PASS $c: agrees but for the documented difference $c.known"; pass=$((pass + 1))
			else
				echo "FAIL $c: beamsim differs other than $c.known says:"
				diff "$known" "$W/$c.diff" | sed 's/^/    /'; fail=$((fail + 1))
			fi
			continue
		fi
		if dist_agree "BEAM (-) vs beamsim (+)" "$W/$c.beam" "$W/$c.sim"; then
			echo "PASS $c: $(wc -l <"$W/$c.beam") outcomes agree"; pass=$((pass + 1))
		else
			echo "FAIL $c: beamsim disagrees with the BEAM"; fail=$((fail + 1))
		fi
		continue
	fi
	# self-test of the comparison against the hand-made summary
	exp=$HERE/expected/$c.summary.json
	[ -f "$exp" ] || { echo "FAIL $c: no hand-made summary $exp"; fail=$((fail + 1)); continue; }
	dist_sumlines "$exp" >"$W/$c.exp"
	if ! dist_agree "BEAM (-) vs hand-made summary (+)" "$W/$c.beam" "$W/$c.exp"; then
		echo "FAIL $c: the hand-made summary disagrees with the BEAM"; fail=$((fail + 1)); continue
	fi
	# one exit reason changed (the first string one): must disagree
	sed '0,/"exit_reason":[[:space:]]*"[^"]*"/s//"exit_reason": "changed_by_selftest"/' "$exp" >"$W/$c.bad.json"
	dist_sumlines "$W/$c.bad.json" >"$W/$c.bad"
	if dist_agree "BEAM (-) vs changed summary (+), must differ" "$W/$c.beam" "$W/$c.bad" >"$W/$c.bad.diff"; then
		echo "FAIL $c: a summary with a changed exit reason still agrees: the comparison sees nothing"
		fail=$((fail + 1)); continue
	fi
	echo "PASS $c: BEAM agrees with its recording and the hand-made summary ($(wc -l <"$W/$c.beam") outcomes);" \
		"a changed exit reason is caught ($(grep -c '^    [-+]' "$W/$c.bad.diff") lines differ)"
	pass=$((pass + 1))
done 3<"$W/cases"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
if [ "$accepts" = 0 ]; then
	echo "dist oracle: SKIPPED the comparison with beamsim (it does not accept config.nodes yet); exit 77"
	exit 77
fi
exit 0
