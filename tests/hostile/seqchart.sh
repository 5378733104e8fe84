#!/bin/sh
# seqchart.sh - hostile inputs of the sequence chart exports (`beamsim run
# --sequence/--mermaid --from --to --only`, issue 14): huge ranges, 10,000
# messages, --only with 1,000 names, 100,000 processes, markup and long
# UTF-8 in messages, unwritable and full outputs.  Time and memory stay
# bounded, errors are clear messages with the usual exit codes, and the
# other outputs are never lost.
. "$(dirname "$0")/lib.sh"

S=$SRC/scenarios/hello_messages.json

# {=== ranges ===}
expect "--to 10^12 (past the end: the end)" 0 "" \
	"$BIN" run "$S" --quiet --sequence "$TMP/a.svg" --from 0 --to 1000000000000
expect "--to 10^12+1 refused" 2 "--to: expected an integer from 0 to 1000000000000, got '1000000000001'" \
	"$BIN" run "$S" --quiet --sequence "$TMP/a.svg" --to 1000000000001
expect "--from after the run's end" 2 "--from 999999999999 is after the run's end (tick 68)" \
	"$BIN" run "$S" --quiet --sequence "$TMP/b.svg" --from 999999999999
expect "--from > --to" 2 "--from 9 is after --to 3" "$BIN" run "$S" --sequence "$TMP/b.svg" --from 9 --to 3
expect "--from without a chart" 2 "give one of them" "$BIN" run "$S" --from 3
[ -e "$TMP/b.svg" ] && bad "a refused range left a chart" || ok "a refused range leaves no chart"
expect "--from after the end keeps the summary" 2 "the charts are not written" \
	"$BIN" run "$S" --summary "$TMP/s.json" --sequence "$TMP/b.svg" --from 5000
grep -q '"ticks":[[:space:]]*68' "$TMP/s.json" && ok "  ... the summary is written" || bad "  ... no summary"

# {=== 10,000 messages ===}
printf '{"format": 1, "title": "flood", "config": {"until": 1000000}, "processes": [
 {"name": "a", "program": [{"op": "loop", "times": 10000, "do": [{"op": "send", "to": "b", "message": ["n", 1]}]}]},
 {"name": "b", "program": [{"op": "loop", "times": 10000, "do": [{"op": "receive"}]}]}]}\n' >"$TMP/flood.json"
expect_bounded "10,000 messages" 200 0 "" \
	"$BIN" run "$TMP/flood.json" --quiet --sequence "$TMP/f.svg" --mermaid "$TMP/f.mmd"
n=$(grep -c '<g class="msg">' "$TMP/f.svg")
[ "$n" -eq 10000 ] && ok "  ... 10,000 arrows of class msg" || bad "  ... $n arrows of class msg"
n=$(grep -c -- '->>' "$TMP/f.mmd")
[ "$n" -eq 10000 ] && ok "  ... 10,000 Mermaid messages" || bad "  ... $n Mermaid messages"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$TMP/f.svg" && ok "  ... valid XML" || bad "  ... not valid XML"
fi

# {=== --only with 1,000 names ===}
names=$(awk 'BEGIN { for (i = 1; i <= 1000; i++) printf "%sp_%d", (i > 1 ? "," : ""), i }')
printf '{"format": 1, "title": "many", "processes": [
 {"name": "p", "count": 1000, "program": [{"op": "work", "reductions": 2}]}]}\n' >"$TMP/many.json"
expect_bounded "--only 1,000 names (all there)" 200 0 "" \
	"$BIN" run "$TMP/many.json" --quiet --sequence "$TMP/m.svg" --only "$names"
expect_bounded "--only 1,000 names, the last unknown" 200 2 "--only: 'p_1001' is not a process of this run" \
	"$BIN" run "$TMP/many.json" --quiet --sequence "$TMP/m.svg" --only "$names,p_1001"
expect "--only with an empty name" 2 "--only: an empty name in 'a,,b'" \
	"$BIN" run "$S" --quiet --sequence "$TMP/m.svg" --only a,,b
expect "--only ''" 2 "--only needs process names separated by commas" \
	"$BIN" run "$S" --quiet --sequence "$TMP/m.svg" --only=

# {=== 100,000 processes: one collapsed column ===}
expect_bounded "100,000 processes (many_processes.json)" 400 0 "" \
	"$BIN" run "$SRC/scenarios/many_processes.json" --quiet --sequence "$TMP/p.svg" --mermaid "$TMP/p.mmd"
grep -q 'p_1..100000 (100000)' "$TMP/p.mmd" && ok "  ... one participant for the group" ||
	bad "  ... no group participant"
sz=$(wc -c <"$TMP/p.svg")
[ "$sz" -lt 100000 ] && ok "  ... SVG of $sz bytes" || bad "  ... SVG of $sz bytes"

# {=== markup, control characters and long UTF-8 in messages and names ===}
printf '{"format": 1, "title": "<b>&amp;\\"x\\"</b>", "processes": [
 {"name": "a<&>", "program": [{"op": "send", "to": "b;#%%", "message": "<script>&\\u0001\\"; %%%% #"},
   {"op": "send", "to": "b;#%%", "message": "%s"}]},
 {"name": "b;#%%", "program": [{"op": "receive"}, {"op": "receive"}, {"op": "crash", "reason": "x<y>"}]}]}\n' \
	"$(awk 'BEGIN { for (i = 0; i < 2000; i++) printf "\303\251" }')" >"$TMP/markup.json"
expect "markup in names and messages" 0 "" \
	"$BIN" run "$TMP/markup.json" --quiet --sequence "$TMP/k.svg" --mermaid "$TMP/k.mmd"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$TMP/k.svg" && ok "  ... valid XML" || bad "  ... not valid XML"
fi
grep -q '<script>' "$TMP/k.svg" && bad "  ... raw markup in the SVG" || ok "  ... markup escaped"
long=$(grep -o '&quot;éééé[^<]*' "$TMP/k.svg" | head -1 | sed 's/&quot;/"/g' | wc -c)
[ "$long" -gt 0 ] && [ "$long" -le 40 ] && ok "  ... long label cut ($long bytes)" ||
	bad "  ... long label of $long bytes"
grep -q '\\"; ' "$TMP/k.mmd" || ! grep -q '#59;' "$TMP/k.mmd" && bad "  ... a raw ';' in a Mermaid message" ||
	ok "  ... ';' escaped in Mermaid"

# {=== outputs ===}
expect "--sequence in a missing directory" 1 "cannot write sequence chart '$TMP/no/x.svg'" \
	"$BIN" run "$S" --quiet --sequence "$TMP/no/x.svg"
expect "--mermaid /dev/full" 1 "cannot write Mermaid chart '/dev/full'" \
	"$BIN" run "$S" --summary "$TMP/s2.json" --mermaid /dev/full
grep -q '"ticks":[[:space:]]*68' "$TMP/s2.json" && ok "  ... the summary is written" || bad "  ... no summary"
expect "--sequence and --summary one file" 2 "is named by two outputs" \
	"$BIN" run "$S" --summary "$TMP/same" --sequence "$TMP/same"
expect "--sequence with a speed-up table" 2 "chart one run, not a speed-up table" \
	"$BIN" run "$S" --schedulers 1,2 --sequence "$TMP/t.svg"
expect "--sequence - implies --quiet" 0 "<svg" "$BIN" run "$S" --sequence -

finish
