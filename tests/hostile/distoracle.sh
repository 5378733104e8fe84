#!/bin/sh
# distoracle.sh - hostile cases for the distribution oracle harness
# (tests/oracle/dist/run_dist.sh, issue 16): a case that is not JSON, one
# with an op the harness does not translate, one that would run for 23
# days.  Each must fail with a message naming the case, within its bound,
# leave no Erlang node of the run behind, and leave epmd as it found it.
. "$(dirname "$0")/lib.sh"
command -v erl >/dev/null 2>&1 || { echo "erl is not installed; skipped"; exit 77; }

epmd_before=$(epmd -names >/dev/null 2>&1 && echo up || echo down)
mkdir -p "$TMP/bad_json" "$TMP/bad_op" "$TMP/endless"
printf '{"format": 1, "config": {"nodes": [{"name": "a"}' >"$TMP/bad_json/broken.json"
cat >"$TMP/bad_op/dance.json" <<'JSON'
{"format": 1, "config": {"until": 100, "nodes": [{"name": "a"}, {"name": "b"}]},
 "processes": [{"name": "p", "node": "b", "program": [{"op": "dance", "steps": 3}]}]}
JSON
cat >"$TMP/endless/forever.json" <<'JSON'
{"format": 1, "config": {"until": 1000000000, "nodes": [{"name": "a"}, {"name": "b"}]},
 "processes": [{"name": "p", "node": "b", "program": [{"op": "receive"}]}]}
JSON

# run_dist CASEDIR: the harness on one directory of cases, its temporary
# files under $TMP (so that leftovers are found by path).
run_dist() {
	TMPDIR=$TMP DIST_CASES=$1 DIST_TIMEOUT=${2:-60} timeout -s KILL 90 sh "$SRC/tests/oracle/dist/run_dist.sh" "$SRC"
}

expect "a case that is not JSON fails, naming it" 1 "broken.json: not valid JSON" run_dist "$TMP/bad_json"
expect "an untranslated op fails, naming it" 1 "ops not translated: dance" run_dist "$TMP/bad_op"
start=$(date +%s)
expect "a case of 10^9 ticks is cut at DIST_TIMEOUT (10 s)" 1 "FAIL forever: the BEAM run failed" run_dist "$TMP/endless" 10
took=$(($(date +%s) - start))
if [ "$took" -le 35 ]; then ok "  ... within 35 s ($took s)"; else bad "  ... took $took s"; fi

sleep 1
left=$(pgrep -f "$TMP/beamsim-dist" | wc -l)
if [ "$left" -eq 0 ]; then ok "no Erlang node of these runs is left"; else bad "$left processes of these runs are left"; fi
epmd_after=$(epmd -names >/dev/null 2>&1 && echo up || echo down)
if [ "$epmd_before" = "$epmd_after" ]; then ok "epmd left as found ($epmd_after)"; else bad "epmd was $epmd_before, is $epmd_after"; fi
finish
