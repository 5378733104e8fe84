#!/bin/sh
# chart_export.sh - `beamsim run --sequence/--mermaid` on two lessons
# (hello_messages, links_propagate) and a supervisor lesson, checked
# against what the same run's --log and --summary say: the expected
# content is derived here from the event log, never copied from a chart.
#   - the SVG is valid XML (xmllint --noout) and has one element of class
#     "msg" per message sent in the range, one lifeline per process, each
#     process's name, each abnormal exit's reason;
#   - the Mermaid file has a participant per process, one `->>` per
#     message sent in the range, a crash note per abnormal exit, a restart
#     note per restart;
#   - both are the same bytes on a second run.
# Run by ctest as `chart_export`.
#
# usage: BEAMSIM=path/to/beamsim sh tests/chart_export.sh SOURCE_DIR
set -u
SRC=${1:?usage: chart_export.sh SOURCE_DIR}
BIN=${BEAMSIM:?set BEAMSIM to the beamsim binary}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/beamsim-chart.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

check() {   # check WHAT EXPECTED ACTUAL
	checks=$((checks + 1))
	[ "$2" = "$3" ] || fail "$1: expected $2, got $3"
}

if ! command -v xmllint >/dev/null 2>&1; then
	echo "chart_export: xmllint is missing (sh scripts/install-deps.sh --test installs libxml2-utils)"
	exit 1
fi

# The log's event lines as "TICK PID NAME EVENT REST": the first field is
# the tick, then (optionally) the scheduler, the pid, the name and the event.
events() {
	awk '$1 ~ /^[0-9]+$/ { for (i = 2; i <= NF; i++) if ($i ~ /^<0\./) break;
	     if (i < NF) { rest = ""; for (k = i + 3; k <= NF; k++) rest = rest " " $k;
	                   print $1, $i, $(i + 1), $(i + 2), rest } }' "$1"
}

# lesson FILE FROM TO: runs FILE once with --log and --summary, once with
# the charts over [FROM, TO], and compares.
lesson() {
	f=$SRC/scenarios/$1 from=$2 to=$3 name=${1%.json}
	"$BIN" run "$f" --log --summary "$TMP/sum.json" >"$TMP/log" || { fail "$name: run"; return; }
	"$BIN" run "$f" --quiet --sequence "$TMP/a.svg" --mermaid "$TMP/a.mmd" --from "$from" --to "$to" ||
		{ fail "$name: chart run"; return; }
	events "$TMP/log" >"$TMP/ev"
	sends=$(awk -v a="$from" -v b="$to" '$4 == "send" && $1 >= a && $1 <= b' "$TMP/ev" | wc -l)
	# the processes alive in the range: spawned by its end, not exited before its start
	procs=$(awk -v a="$from" -v b="$to" '$4 == "spawn" && $1 <= b { alive[$2] = 1 }
	        $4 == "exit" && $1 < a { delete alive[$2] } END { n = 0; for (p in alive) n++; print n }' \
	        "$TMP/ev")
	outside=$(awk -v a="$from" -v b="$to" '$4 == "send" && $3 == "(outside)" && $1 >= a && $1 <= b' \
	          "$TMP/ev" | wc -l)
	[ "$outside" -gt 0 ] && procs=$((procs + 1))
	crashes=$(awk -v a="$from" -v b="$to" '$4 == "exit" && $5 !~ /^(normal|shutdown)$/ &&
	          $1 >= a && $1 <= b' "$TMP/ev" | wc -l)
	restarts=$(awk -v a="$from" -v b="$to" '$4 == "restart" && $1 >= a && $1 <= b' "$TMP/ev" | wc -l)
	# the log is read right: one spawn line per process of the summary
	check "$name: processes in the summary and the log" \
	      "$(grep -o '"incarnation":' "$TMP/sum.json" | wc -l)" "$(awk '$4 == "spawn"' "$TMP/ev" | wc -l)"
	checks=$((checks + 1))
	xmllint --noout "$TMP/a.svg" || fail "$name: the SVG is not well-formed XML"
	check "$name: SVG arrows of class msg" "$sends" "$(grep -c '<g class="msg">' "$TMP/a.svg")"
	check "$name: SVG lifelines" "$procs" "$(grep -c 'class="life"' "$TMP/a.svg")"
	check "$name: Mermaid participants" "$procs" "$(grep -c '^    participant ' "$TMP/a.mmd")"
	check "$name: Mermaid messages" "$sends" "$(grep -c '^    P[0-9]*->>P[0-9]*: ' "$TMP/a.mmd")"
	check "$name: Mermaid crash notes" "$crashes" "$(grep -c '^    Note over P[0-9]*: crash ' "$TMP/a.mmd")"
	check "$name: Mermaid restart notes" "$restarts" "$(grep -c ': restart of ' "$TMP/a.mmd")"
	check "$name: Mermaid header" "sequenceDiagram" "$(head -1 "$TMP/a.mmd")"
	for p in $(awk -v a="$from" -v b="$to" '$4 == "spawn" && $1 <= b { s[$2] = $3 }
	           $4 == "exit" && $1 < a { delete s[$2] } END { for (p in s) print s[p] }' "$TMP/ev" |
	           sort -u); do
		checks=$((checks + 1))
		grep -q "class=\"head\"[^>]*>$p\( #[0-9]*\)\?</text>" "$TMP/a.svg" || fail "$name: no head for $p"
	done
	for r in $(awk -v a="$from" -v b="$to" '$4 == "exit" && $1 >= a && $1 <= b { print $5 }' "$TMP/ev" |
	           sort -u); do
		checks=$((checks + 1))
		grep -q ">$r</text>" "$TMP/a.svg" || fail "$name: no exit reason $r in the SVG"
	done
	"$BIN" run "$f" --quiet --sequence "$TMP/b.svg" --mermaid "$TMP/b.mmd" --from "$from" --to "$to"
	checks=$((checks + 1))
	cmp -s "$TMP/a.svg" "$TMP/b.svg" && cmp -s "$TMP/a.mmd" "$TMP/b.mmd" ||
		fail "$name: a second run wrote other bytes"
}

lesson hello_messages.json 0 1000000
lesson hello_messages.json 30 60
lesson links_propagate.json 0 1000000
lesson links_propagate.json 44 45
lesson supervisor_one_for_one.json 0 1000000

# The range and the filter are real: a range without messages has no arrow.
"$BIN" run "$SRC/scenarios/hello_messages.json" --quiet --mermaid "$TMP/c.mmd" --from 4 --to 20
check "hello_messages 4..20: no message" 0 "$(grep -c -- '->>' "$TMP/c.mmd")"
"$BIN" run "$SRC/scenarios/links_propagate.json" --quiet --mermaid "$TMP/d.mmd" --only a,b
check "links_propagate --only a,b: participants" 2 "$(grep -c '^    participant ' "$TMP/d.mmd")"
check "links_propagate --only a,b: one exit signal" 1 "$(grep -c -- '--x' "$TMP/d.mmd")"

echo "chart_export: $checks checks, $fails failures"
[ $fails -eq 0 ]
