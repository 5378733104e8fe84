#!/bin/sh
# values15.sh - hostile inputs for `check` of variables (format 1.1) and the
# log of values: 200,000 reads of unknown variables (the errors are capped
# and the time stays bounded), a pattern binding 20,000 variables read by a
# body of 20,000 ops, 20,000 processes sharing one template whose program
# reads their state, and a --log of a value longer than a log line.
. "$(dirname "$0")/lib.sh"

# gen FILE 'AWK': writes FILE with the awk BEGIN block AWK, in which
# list(FMT, N) prints FMT for i = 0 .. N-1, comma-separated (FMT takes i
# once or twice).
gen() {
	awk "function list(fmt, n,  i) { for (i = 0; i < n; i++) printf \"%s\" fmt, i ? \",\" : \"\", i, i }
	     BEGIN { $2; printf \"\\n\" }" >"$1"
}
# within SECONDS START WHAT: WHAT (the last check) ended within SECONDS of START.
within() {
	[ $(($(date +%s) - $2)) -le "$1" ] && ok "$3 within $1 s" || bad "$3 took more than $1 s"
}
# json_ok FILE WHAT: FILE parses as JSON.
json_ok() {
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null &&
		ok "$2 parses" || bad "$2 is not valid JSON"
}

# 200,000 unknown reads, each a did-you-mean candidate search: bounded.
gen "$TMP/unknown.json" 'printf "{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"state\": {\"name\": 0}, \"program\": [";
	list("{\"op\": \"sleep\", \"ticks\": \"$nme%d\"}", 200000); printf "]}]}"'
start=$(date +%s)
expect_bounded "200,000 unknown variables: refused" 512 3 "unknown variable 'nme0'" \
	"$BIN" check "$TMP/unknown.json"
grep -q "more errors\|more messages\|omitted\|and [0-9]* more" "$TMP/out" && ok "errors past the cap are counted" ||
	{ n=$(grep -c "unknown variable" "$TMP/out"); [ "$n" -le 1001 ] && ok "errors capped ($n lines)" || bad "errors not capped ($n lines)"; }
within 20 "$start" "..."

# One pattern binds 20,000 variables; its body reads each: all known.
gen "$TMP/wide.json" 'printf "{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": [{\"op\": \"receive\", \"cases\": [{\"match\": [";
	list("\"$V%d\"", 20000); printf "], \"do\": [";
	list("{\"op\": \"set\", \"var\": \"s\", \"value\": \"$V%d\"}", 20000); printf "]}]}]}]}"'
start=$(date +%s)
expect_bounded "a pattern of 20,000 variables read 20,000 times: ok" 512 0 "ok" \
	"$BIN" check "$TMP/wide.json"
within 20 "$start" "..."

# A pattern of 100 variables taken: the log lists the bindings (cut), the
# trace stays JSON.
gen "$TMP/hundred.json" 'printf "{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": [{\"op\": \"send\", \"to\": \"self\", \"message\": [";
	list("%d", 100); printf "]}, {\"op\": \"receive\", \"cases\": [{\"match\": [";
	list("\"$V%d\"", 100); printf "]}]}]}]}"'
expect_bounded "a receive binding 100 variables: --log" 256 0 "V0 = 0, V1 = 1" \
	"$BIN" run "$TMP/hundred.json" --log
expect_bounded "... and --trace" 256 0 "" "$BIN" run "$TMP/hundred.json" --trace "$TMP/h.trace" --quiet
json_ok "$TMP/h.trace" "... the trace"

# 20,000 entries of one template, each with its own state: one program.
gen "$TMP/many.json" 'printf "{\"format\": 1.1, \"templates\": {\"t\": {\"program\": [{\"op\": \"set\", \"var\": \"x\", \"value\": \"$k\"}]}}, \"processes\": [";
	list("{\"name\": \"p%d\", \"template\": \"t\", \"state\": {\"k\": %d}}", 20000); printf "]}"'
expect_bounded "20,000 entries sharing a template's program: ok" 512 0 "ok" \
	"$BIN" check "$TMP/many.json"

# A value far longer than a log line: the line is cut, the trace stays JSON.
printf '{"format": 1.1, "processes": [{"name": "p", "state": {"l": [%s0]}, "program": [{"op": "set", "var": "l", "value": {"append": ["$l", "$self"]}}, {"op": "send", "to": "self", "message": "$l"}, {"op": "receive", "cases": [{"match": "$M", "do": []}]}]}]}\n' \
	"$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "%d,", i }')" >"$TMP/long.json"
expect_bounded "--log of a 25 KB value: cut lines" 256 0 "set      l = [0,1,2" \
	"$BIN" run "$TMP/long.json" --log
n=$(awk 'length > 600' "$TMP/out" | wc -l)
[ "$n" -eq 0 ] && ok "... no log line over 600 bytes" || bad "... $n log lines over 600 bytes"
expect_bounded "--trace of a 25 KB value: valid JSON" 256 0 "" \
	"$BIN" run "$TMP/long.json" --trace "$TMP/long.trace" --quiet
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(e.get("cat")=="set" for e in d["traceEvents"])' \
		"$TMP/long.trace" && ok "... the trace parses and has the set" || bad "... the trace is not valid JSON"
fi

finish
