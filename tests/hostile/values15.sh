#!/bin/sh
# values15.sh - hostile inputs for `check` of variables (format 1.1) and the
# log of values: 200,000 reads of unknown variables (the errors are capped
# and the time stays bounded), a pattern binding 20,000 variables read by a
# body of 20,000 ops, 20,000 processes sharing one template whose program
# reads their state, and a --log of a value longer than a log line.
. "$(dirname "$0")/lib.sh"

# 200,000 unknown reads, each a did-you-mean candidate search: bounded.
awk 'BEGIN { printf "{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"state\": {\"name\": 0}, \"program\": [";
             for (i = 0; i < 200000; i++) printf "%s{\"op\": \"sleep\", \"ticks\": \"$nme%d\"}", i ? "," : "", i;
             printf "]}]}\n" }' >"$TMP/unknown.json"
start=$(date +%s)
expect_bounded "200,000 unknown variables: refused" 512 3 "unknown variable 'nme0'" \
	"$BIN" check "$TMP/unknown.json"
grep -q "more errors\|more messages\|omitted\|and [0-9]* more" "$TMP/out" && ok "errors past the cap are counted" ||
	{ n=$(grep -c "unknown variable" "$TMP/out"); [ "$n" -le 1001 ] && ok "errors capped ($n lines)" || bad "errors not capped ($n lines)"; }
[ $(($(date +%s) - start)) -le 20 ] && ok "... within 20 s" || bad "... took more than 20 s"

# One pattern binds 20,000 variables; its body reads each: all known.
awk 'BEGIN { printf "{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": [{\"op\": \"receive\", \"cases\": [{\"match\": [";
             for (i = 0; i < 20000; i++) printf "%s\"$V%d\"", i ? "," : "", i;
             printf "], \"do\": [";
             for (i = 0; i < 20000; i++) printf "%s{\"op\": \"set\", \"var\": \"s\", \"value\": \"$V%d\"}", i ? "," : "", i;
             printf "]}]}]}]}\n" }' >"$TMP/wide.json"
start=$(date +%s)
expect_bounded "a pattern of 20,000 variables read 20,000 times: ok" 512 0 "ok" \
	"$BIN" check "$TMP/wide.json"
[ $(($(date +%s) - start)) -le 20 ] && ok "... within 20 s" || bad "... took more than 20 s"

# A pattern of 100 variables taken: the log lists the bindings (cut), the
# trace stays JSON.
awk 'BEGIN { printf "{\"format\": 1.1, \"processes\": [{\"name\": \"p\", \"program\": [{\"op\": \"send\", \"to\": \"self\", \"message\": [";
             for (i = 0; i < 100; i++) printf "%s%d", i ? "," : "", i;
             printf "]}, {\"op\": \"receive\", \"cases\": [{\"match\": [";
             for (i = 0; i < 100; i++) printf "%s\"$V%d\"", i ? "," : "", i;
             printf "]}]}]}]}\n" }' >"$TMP/hundred.json"
expect_bounded "a receive binding 100 variables: --log" 256 0 "V0 = 0, V1 = 1" \
	"$BIN" run "$TMP/hundred.json" --log
expect_bounded "... and --trace" 256 0 "" "$BIN" run "$TMP/hundred.json" --trace "$TMP/h.trace" --quiet
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/h.trace" 2>/dev/null &&
	ok "... the trace parses" || bad "... the trace is not valid JSON"

# 20,000 entries of one template, each with its own state: one program.
awk 'BEGIN { printf "{\"format\": 1.1, \"templates\": {\"t\": {\"program\": [{\"op\": \"set\", \"var\": \"x\", \"value\": \"$k\"}]}}, \"processes\": [";
             for (i = 0; i < 20000; i++) printf "%s{\"name\": \"p%d\", \"template\": \"t\", \"state\": {\"k\": %d}}", i ? "," : "", i, i;
             printf "]}\n" }' >"$TMP/many.json"
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
