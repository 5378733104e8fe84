#!/bin/sh
# run_random.sh - random distribution scenarios on real distributed Erlang
# and in beamsim (issue 16), compared strictly.
#
#   sh tests/oracle/dist/run_random.sh [SOURCE_DIR]
#
# Environment: BEAMSIM (default SOURCE_DIR/build/beamsim), DIST_GEN (the
# scenario writer oracle_dist_gen, default SOURCE_DIR/build/tests/
# oracle_dist_gen), DIST_SEEDS (how many seeds, default 20), DIST_SEED0
# (the first, default 1), DIST_JOBS (seeds run side by side, default 2),
# OD_TICK_MS (one tick in ms on the BEAM, default 2), DIST_TIMEOUT (bound
# on one erl run, seconds, default 120), DIST_KEEP=1 (keep the work
# directory: each seed's scenario, summary and BEAM log).
#
# Every seed's scenario (gen_nodes with GEN_ORACLE, tests/gen/
# scenario_gen.c: processes that wait for ever and end only by what node
# events, partitions, sends and exits 250 ticks apart do to them) runs in
# beamsim and on real nodes (oracle_dist.erl, as run_dist.sh runs a case);
# their outcome lines must be equal.  A seed whose lines differ runs once
# more on the BEAM with a tick 3 times longer (a machine too busy for the
# first); it fails when that run differs too.  Each failure prints the
# differing lines and the command that runs it alone.
#
# Exit 0: every seed agreed; 1: a seed failed; 77: erl is not installed.
# docs/reliability.md, "Distribution (issue 16)", random scenarios.
set -u
SRC=${1:-$(cd "$(dirname "$0")/../../.." && pwd)}
HERE=$SRC/tests/oracle/dist
BEAMSIM=${BEAMSIM:-$SRC/build/beamsim}
GEN=${DIST_GEN:-$SRC/build/tests/oracle_dist_gen}
SEEDS=${DIST_SEEDS:-20}
SEED0=${DIST_SEED0:-1}
JOBS=${DIST_JOBS:-2}
DIST_TIMEOUT=${DIST_TIMEOUT:-120}

if ! command -v erl >/dev/null 2>&1 || ! command -v erlc >/dev/null 2>&1; then
	echo "dist oracle (random): erl is not installed (apt-get install erlang-base); skipped"
	exit 77
fi
for x in "$BEAMSIM" "$GEN"; do
	[ -x "$x" ] || { echo "dist oracle (random): no binary at $x"; exit 1; }
done
. "$HERE/lib.sh"
dist_begin || { echo "dist oracle (random): cannot start epmd"; exit 1; }
W=$DIST_WORK
erlc -o "$W" "$HERE/oracle_dist.erl" || { echo "dist oracle (random): erlc failed"; exit 1; }
start=$(date +%s)

# one_seed S: prints "PASS seed S ..." or "FAIL seed S ..." and details
one_seed() {
	f=$W/seed_$1.json
	"$GEN" "$1" >"$f" || { echo "FAIL seed $1: the generator failed"; return; }
	if ! "$BEAMSIM" run "$f" --summary - >"$f.sum" 2>"$f.err"; then
		echo "FAIL seed $1: beamsim run failed:"; sed 's/^/    /' "$f.err"; return
	fi
	dist_sumlines "$f.sum" >"$f.sim" || { echo "FAIL seed $1: unreadable summary"; return; }
	tick=${OD_TICK_MS:-2}
	for try in 1 2; do
		if ! OD_TICK_MS=$tick dist_beam "$f" "$f.beam" "s${1}t$try"; then
			echo "FAIL seed $1: the BEAM run failed"; return
		fi
		if cmp -s "$f.beam" "$f.sim"; then
			echo "PASS seed $1: $(wc -l <"$f.sim") outcomes agree${again:+ on the slower run}"
			return
		fi
		tick=$((tick * 3)) again=1
		[ "$try" = 1 ] && dist_agree "seed $1, BEAM (-) vs beamsim (+), run again with a tick of $tick ms" \
			"$f.beam" "$f.sim" | sed 's/^/  /'
	done
	echo "FAIL seed $1: beamsim disagrees with the BEAM (twice); to reproduce:" \
		"DIST_SEED0=$1 DIST_SEEDS=1 DIST_KEEP=1 BEAMSIM=$BEAMSIM DIST_GEN=$GEN sh $HERE/run_random.sh"
	dist_agree "BEAM (-) vs beamsim (+)" "$f.beam" "$f.sim"
}

# job J: every JOBS-th seed from SEED0 + J
j=0
while [ "$j" -lt "$JOBS" ]; do
	(s=$((SEED0 + j))
	 while [ "$s" -lt $((SEED0 + SEEDS)) ]; do again=; one_seed "$s"; s=$((s + JOBS)); done
	) >"$W/out$j" 2>&1 &
	j=$((j + 1))
done
wait
cat "$W"/out*
pass=$(cat "$W"/out* | grep -c '^PASS seed')
fail=$(cat "$W"/out* | grep -c '^FAIL seed')
echo "dist oracle (random): seeds $SEED0..$((SEED0 + SEEDS - 1)), $JOBS side by side, $(($(date +%s) - start)) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -eq "$SEEDS" ]
