#!/bin/sh
# run.sh - the real BEAM as a strict oracle for beamsim (issues 7 and 12).
#
#   sh tests/oracle/run.sh [SOURCE_DIR]
#
# Environment: BEAMSIM (the beamsim binary, default build/beamsim),
# ORACLE_GEN (the random scenario writer oracle_gen; unset: no random
# scenarios), ORACLE_SEEDS (how many random seeds, default 200; 5000 for
# the long mode), ORACLE_SEED0 (first seed, default 1), ORACLE_JOBS (erl
# VMs run side by side, default 8: the BEAM side mostly waits on timers),
# ORACLE_VALUES=1 (the random scenarios are format 1.1 ones: oracle_gen
# SEED values, issue 15), ORACLE_VALUES_SEEDS (that many format 1.1 seeds
# besides, from ORACLE_VALUES_SEED0, default 1), ORACLE_SHIPPED=0 (leave
# out scenarios/*.json and tests/data/oracle/*.json), ORACLE_FORMAT=1 or
# 1.1 (only the shipped files of that format; unset: all), ORACLE_ONLY
# (these files, space-separated, instead of the shipped ones), ORACLE_RUNS
# (BEAM runs of a scenario that disagrees, default 3; oracle.erl),
# ORACLE_ERL_OPTS (options of every erl VM, default "+sbwt none +sbwtdcpu
# none +sbwtdio none": no busy waiting, see below), ORACLE_TAMPER=1
# (the self-test: beamsim's outcomes are falsified and
# the run must fail), ORACLE_VERBOSE=1 (list every compared and every
# skipped outcome).
#
# Compiles tests/oracle/oracle.erl, runs it on every shipped scenario, on
# the fixed oracle cases in tests/data/oracle/ and on ORACLE_SEEDS random
# ones, ORACLE_JOBS erl VMs each running its share of the list (oracle
# batch), and prints "N passed, M failed".  Every scenario counts: a
# disagreement anywhere fails the run.  Exit 0 if nothing failed, 1 if
# something did, 77 if erl is not installed.  See docs/reliability.md.
set -u
SRC=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
BEAMSIM=${BEAMSIM:-$SRC/build/beamsim}
SEEDS=${ORACLE_SEEDS:-200}
SEED0=${ORACLE_SEED0:-1}
JOBS=${ORACLE_JOBS:-8}

if ! command -v erl >/dev/null 2>&1 || ! command -v erlc >/dev/null 2>&1; then
	echo "oracle: erl is not installed (apt-get install erlang-base); skipped"
	exit 77
fi
[ -x "$BEAMSIM" ] || { echo "oracle: no beamsim binary at $BEAMSIM"; exit 1; }
case $BEAMSIM in /*) ;; *) BEAMSIM=$(pwd)/$BEAMSIM ;; esac

# No busy waiting: an idle scheduler thread of the VM sleeps at once
# instead of spinning first.  On a machine whose cores other jobs keep
# busy, the spinning VM lost the CPU and its timers fired late by up to
# ten times (timer:sleep(50) took 300-1000 ms at load 20; 50-76 ms
# without busy waiting), which stalled whole runs and woke processes
# with passed deadlines together, in any order (seed 130).
ERL_OPTS=${ORACLE_ERL_OPTS-+sbwt none +sbwtdcpu none +sbwtdio none}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/beamsim-oracle.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
mkdir -p "$WORK/ebin" "$WORK/random"
erlc -o "$WORK/ebin" "$SRC/tests/oracle/oracle.erl" "$SRC/tests/oracle/oracle_values.erl" || { echo "oracle: erlc failed"; exit 1; }
start=$(date +%s)

: >"$WORK/all"
if [ -n "${ORACLE_ONLY:-}" ]; then
	for f in $ORACLE_ONLY; do echo "$f" >>"$WORK/all"; done
elif [ "${ORACLE_SHIPPED:-1}" != 0 ]; then
	for f in "$SRC"/scenarios/*.json "$SRC"/tests/data/oracle/*.json; do
		[ -f "$f" ] || continue
		# config.nodes: real distributed Erlang checks it (tests/oracle/dist/run_dist.sh)
		grep -q '"nodes"' "$f" && { echo "oracle: $(basename "$f") left out (config.nodes: oracle_dist runs it)"; continue; }
		v=1
		grep -q '"format"[[:space:]]*:[[:space:]]*1\.1' "$f" && v=1.1
		if [ -n "${ORACLE_FORMAT:-}" ] && [ "$ORACLE_FORMAT" != "$v" ]; then
			echo "oracle: $(basename "$f") left out (format $v; ORACLE_FORMAT=$ORACLE_FORMAT)"
			continue
		fi
		echo "$f" >>"$WORK/all"
	done
fi
gfail=0
if [ -n "${ORACLE_GEN:-}" ] && [ -x "$ORACLE_GEN" ]; then
	s=$SEED0
	while [ "$s" -lt $((SEED0 + SEEDS)) ]; do
		g="$WORK/random/seed_$s.json"
		if "$ORACLE_GEN" "$s" ${ORACLE_VALUES:+values} >"$g"; then
			echo "$g" >>"$WORK/all"
		else
			echo "FAIL seed $s: the generator failed"; gfail=$((gfail + 1))
		fi
		s=$((s + 1))
	done
	s=${ORACLE_VALUES_SEED0:-1}
	while [ "$s" -lt $((${ORACLE_VALUES_SEED0:-1} + ${ORACLE_VALUES_SEEDS:-0})) ]; do
		g="$WORK/random/vseed_$s.json"
		if "$ORACLE_GEN" "$s" values >"$g"; then
			echo "$g" >>"$WORK/all"
		else
			echo "FAIL values seed $s: the generator failed"; gfail=$((gfail + 1))
		fi
		s=$((s + 1))
	done
else
	echo "oracle: no random scenario generator (ORACLE_GEN); random scenarios skipped"
fi

# Deal the list round-robin to the VMs (shipped scenarios are the slow
# ones; round-robin spreads them), run them side by side, each with its
# own directory for beamsim's variant files, and a bound on the whole.
n=$(wc -l <"$WORK/all")
bound=$((300 + n * 5))
j=0
while [ "$j" -lt "$JOBS" ]; do
	awk -v j="$j" -v k="$JOBS" '(NR - 1) % k == j' "$WORK/all" >"$WORK/list$j"
	mkdir -p "$WORK/tmp$j"
	if [ -s "$WORK/list$j" ]; then
		timeout -s KILL "$bound" erl $ERL_OPTS -noshell -pa "$WORK/ebin" -run oracle batch "$BEAMSIM" "$WORK/tmp$j" \
			"$WORK/list$j" </dev/null >"$WORK/out$j" 2>&1 &
	fi
	j=$((j + 1))
done
wait

pass=0 fail=$gfail skip=0 again=0
j=0
while [ "$j" -lt "$JOBS" ]; do
	if [ -s "$WORK/list$j" ]; then
		cat "$WORK/out$j"
		# the last line of a batch: "P passed, F failed (S skipped; A agreed ...) in T s"
		last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$WORK/out$j" | tail -n 1)
		if [ -z "$last" ]; then
			echo "FAIL oracle VM $j did not finish its list (crashed or timed out after $bound s)"
			fail=$((fail + $(wc -l <"$WORK/list$j")))
		else
			set -- $last
			pass=$((pass + $1)) fail=$((fail + $3))
			skip=$((skip + ${5#(})) again=$((again + $7))
		fi
	fi
	j=$((j + 1))
done
# Every random seed that failed, with the command that runs it alone.
cat "$WORK"/out* 2>/dev/null | awk '/^(PASS|FAIL) v?seed_[0-9]+\.json:/ { s = $2; sub(/\.json:$/, "", s);
	last[s] = $1 } END { for (s in last) if (last[s] == "FAIL") print s }' |
	sort | while read -r s; do
	case $s in
	vseed_*) n=${s#vseed_}; v="ORACLE_VALUES=1 " ;;
	*) n=${s#seed_}; v=${ORACLE_VALUES:+ORACLE_VALUES=1 } ;;
	esac
	echo "FAIL random seed $n${v:+ (values)}; to reproduce: ${v}ORACLE_SEED0=$n ORACLE_SEEDS=1 ORACLE_SHIPPED=0" \
		"ORACLE_VERBOSE=1 BEAMSIM=$BEAMSIM ORACLE_GEN=${ORACLE_GEN:-build/tests/oracle_gen} sh $SRC/tests/oracle/run.sh"
done
echo "oracle: $n scenarios ($SEEDS random seeds from $SEED0, ${ORACLE_VALUES_SEEDS:-0} values seeds)," \
	"$JOBS VMs, $(($(date +%s) - start)) s"
echo "$pass passed, $fail failed ($skip skipped; $again agreed only on a later run)"
[ "$fail" -eq 0 ]
