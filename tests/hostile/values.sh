#!/bin/sh
# values.sh - hostile inputs of format 1.1 (variables, expressions, set,
# foreach): an expression nested as deep as the JSON allows and one level
# deeper, a 4 MiB state, foreach over a 1,000,000-element list, a list
# that doubles every iteration (the per-process limit crashes it with
# system_limit), 200 processes each growing a list (the run ends at
# max_message_memory), and unbound variables in every value position.
. "$(dirname "$0")/lib.sh"

one() {   # a format 1.1 file with one process: state $1, program $2
	printf '{"format": 1.1, "processes": [{"name": "p", "state": %s, "program": [%s]}]}\n' "$1" "$2"
}

# {"add": [{"add": [ ... 1 ...], 1]}, 1]} nested $1 levels
nested() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "{\"add\": ["; printf "1";
	                       for (i = 0; i < n; i++) printf ", 1]}" }'
}
one '{}' "{\"op\": \"set\", \"var\": \"x\", \"value\": $(nested 29)}" >"$TMP/deep.json"
expect_bounded "expression nested 58 levels: runs" 64 0 '"x":30' \
	"$BIN" run "$TMP/deep.json" --summary -
one '{}' "{\"op\": \"set\", \"var\": \"x\", \"value\": $(nested 40)}" >"$TMP/deeper.json"
expect_bounded "expression nested past the JSON limit: an error" 64 3 "nest" \
	"$BIN" check "$TMP/deeper.json"

# A state of 4 MiB: a list of 1,000,000 small integers, and foreach over it.
big=$(awk 'BEGIN { printf "["; for (i = 1; i < 1000000; i++) printf "%d,", i % 7; printf "0]" }')
printf '{"format": 1.1, "config": {"until": 10000000}, "processes": [{"name": "p", "state": {"l": %s, "s": 0}, "program": [' "$big" >"$TMP/each.json"
printf '{"op": "foreach", "var": "x", "in": "$l", "do": [' >>"$TMP/each.json"
printf '{"op": "set", "var": "s", "value": {"add": ["$s", "$x"]}}]},' >>"$TMP/each.json"
printf '{"op": "set", "var": "l", "value": []}]}]}\n' >>"$TMP/each.json"
expect_bounded "foreach over a 1,000,000-element state list" 256 0 '"s":2999997' \
	"$BIN" run "$TMP/each.json" --quiet --summary -

# A list that doubles each turn: the process crashes at VALUE_PROC_BYTES.
one '{"l": [1]}' '{"op": "loop", "times": "forever", "do": [{"op": "set", "var": "l", "value": {"append": ["$l", "$l"]}}]}' >"$TMP/double.json"
expect_bounded "a list doubling forever: system_limit" 512 0 '"exit_reason":	"system_limit"' \
	"$BIN" run "$TMP/double.json" --quiet --summary -

# 200 processes each appending forever: the run ends at max_message_memory.
printf '{"format": 1.1, "config": {"max_message_memory": 50000000}, "processes": [{"name": "p", "count": 200, "state": {"l": []}, "program": [{"op": "loop", "times": "forever", "do": [{"op": "set", "var": "l", "value": {"append": ["$l", "xxxxxxxxxxxxxxxx"]}}]}]}]}\n' >"$TMP/many.json"
expect_bounded "200 processes growing lists: memory_limit" 512 0 '"end":	"memory_limit"' \
	"$BIN" run "$TMP/many.json" --quiet --summary -

# Unbound variables in every value position: each process crashes with
# ["unbound",NAME]; the run ends normally.  Each variable is set after
# its read (never reached), so `check` knows it and only the run finds it
# unbound.
ops='{"op": "send", "to": "$a", "message": 1}
{"op": "send", "to": "self", "message": ["$b"]}
{"op": "set", "var": "x", "value": {"add": ["$c", 1]}}
{"op": "work", "reductions": "$d"}
{"op": "sleep", "ticks": "$e"}
{"op": "loop", "times": "$f", "do": []}
{"op": "crash", "reason": "$g"}
{"op": "exit", "reason": "$h"}
{"op": "link", "to": "$i"}
{"op": "monitor", "to": "$j"}
{"op": "exit", "to": "$k", "reason": "kill"}
{"op": "if", "cond": "$l", "then": []}
{"op": "foreach", "var": "x", "in": "$m", "do": []}'
{
	printf '{"format": 1.1, "processes": ['
	i=0
	echo "$ops" | while IFS= read -r op; do
		[ $i -gt 0 ] && printf ','
		v=$(echo abcdefghijklm | cut -c$((i + 1)))
		printf '{"name": "p%d", "program": [%s, {"op": "set", "var": "%s", "value": 0}]}' $i "$op" "$v"
		i=$((i + 1))
	done
	printf ']}\n'
} >"$TMP/unbound.json"
expect_bounded "unbound variables everywhere" 64 0 '"exit_reason":	"[\"unbound\",\"m\"]"' \
	"$BIN" run "$TMP/unbound.json" --summary -
n=$(grep -c '"exit_reason":	"\[\\"unbound' "$TMP/out")
[ "$n" -eq 13 ] && ok "13 processes crashed unbound" || bad "13 processes crashed unbound (got $n)"

finish
