#!/bin/sh
# distoracle13.sh - hostile inputs of the dist oracle's random mode (issue
# 16): oracle_dist_gen with a seed that is not a number, the largest seed,
# run_random.sh without its generator and with a generator that writes
# garbage.  Each fails (or runs) with a clear message, within its bound.
. "$(dirname "$0")/lib.sh"
GEN=$(dirname "$BIN")/tests/oracle_dist_gen
[ -x "$GEN" ] || { echo "no oracle_dist_gen next to $BIN (a build without the tests' generator); skipped"; exit 77; }

expect "a seed that is not a number" 2 "usage: oracle_dist_gen SEED" "$GEN" 12x
expect "no seed" 2 "usage: oracle_dist_gen SEED" "$GEN"
"$GEN" 18446744073709551615 >"$TMP/max.json"
expect "the largest seed gives a scenario beamsim accepts" 0 "ok" "$BIN" check "$TMP/max.json"

command -v erl >/dev/null 2>&1 || { finish; exit; }
# random GEN: run_random.sh on two seeds of GEN
random() {
	DIST_GEN=$1 TMPDIR=$TMP DIST_SEEDS=2 DIST_JOBS=1 DIST_TIMEOUT=30 timeout -s KILL 90 sh "$SRC/tests/oracle/dist/run_random.sh" "$SRC"
}
expect "no generator" 1 "no binary at $TMP/none" random "$TMP/none"
printf '#!/bin/sh\necho "{\\"format\\": 1, \\"config\\": {"\n' >"$TMP/garbage.sh"
chmod +x "$TMP/garbage.sh"
start=$(date +%s)
expect "a generator that writes garbage: each seed fails, naming it" 1 \
	"FAIL seed 2: beamsim run failed" random "$TMP/garbage.sh"
took=$(($(date +%s) - start))
if [ "$took" -le 60 ]; then ok "  ... within 60 s ($took s)"; else bad "  ... took $took s"; fi
left=$(pgrep -f "$TMP/beamsim-dist" | wc -l)
if [ "$left" -eq 0 ]; then ok "no Erlang node of these runs is left"; else bad "$left processes of these runs are left"; fi
finish
