#!/bin/sh
# shutdown.sh - hostile inputs for the child spec key "shutdown" and the
# termination protocol (issue 12): every bad value is refused with its
# JSON path, and stopping many children one at a time stays bounded.
. "$(dirname "$0")/lib.sh"

# bad VALUE: a supervisor child with "shutdown": VALUE is refused.
bad_value() {
	printf '{"processes":[{"name":"s","supervisor":{"children":[{"name":"c","shutdown":%s,"program":[]}]}}]}' \
		"$1" >"$TMP/bad.json"
	expect "shutdown: $1" 3 "processes[0].supervisor.children[0].shutdown: $2" \
		"$BIN" check "$TMP/bad.json"
}
bad_value '"never"' 'expected "brutal_kill", "infinity" or a number of ticks, got "never"'
bad_value '""' 'expected "brutal_kill", "infinity" or a number of ticks'
bad_value '"BRUTAL_KILL"' 'expected "brutal_kill", "infinity" or a number of ticks'
bad_value '"5000"' 'expected "brutal_kill", "infinity" or a number of ticks'
bad_value 'true' 'expected "brutal_kill", "infinity" or a number of ticks, got true'
bad_value 'null' 'expected "brutal_kill", "infinity" or a number of ticks, got null'
bad_value '[]' 'expected "brutal_kill", "infinity" or a number of ticks'
bad_value '{"ticks":5}' 'expected "brutal_kill", "infinity" or a number of ticks'
bad_value '-1' 'expected'
bad_value '1.5' 'expected'
bad_value '1e13' '1e13 is out of range'
bad_value '1e400' '1e400 is out of range'
bad_value '18446744073709551615' '18446744073709551615 is out of range'

# the key where it does not belong
printf '{"processes":[{"name":"p","shutdown":5,"program":[]}]}' >"$TMP/top.json"
expect "shutdown in a top-level entry" 3 \
	"processes[0].shutdown: shutdown is only allowed in supervisor children" \
	"$BIN" check "$TMP/top.json"
printf '{"processes":[{"name":"p","program":[]}],"timeline":[{"at":1,"do":{"op":"spawn","process":{"name":"q","shutdown":"infinity","program":[]}}}]}' \
	>"$TMP/tl.json"
expect "shutdown in a timeline spawn" 3 "shutdown is only allowed in supervisor children" \
	"$BIN" check "$TMP/tl.json"

# 20,000 trapping children that ignore their shutdown, stopped one at a
# time after the supervisor gives up, each killed when its 0 ticks run out:
# memory stays flat (exited children are archived) and the run ends.
printf '{"config":{"schedulers":2},"processes":[{"name":"s","supervisor":{"intensity":0,"children":[{"name":"c","count":20000,"trap_exit":true,"shutdown":0,"program":[{"op":"receive","cases":[{"match":"never"}]}]},{"name":"boom","program":[{"op":"work","reductions":10},{"op":"crash"}]}]}}]}' \
	>"$TMP/many.json"
expect_bounded "20,000 trapping children killed one by one" 256 0 "" \
	"$BIN" run "$TMP/many.json" --quiet --summary "$TMP/many_summary.json"
expect "... and all of them exited" 0 '"end":	"all_exited"' cat "$TMP/many_summary.json"

# The same with "infinity": the supervisor waits for ever on the last
# child, which never exits: deadlock at once, not a run to the tick limit.
sed 's/"shutdown":0/"shutdown":"infinity"/' "$TMP/many.json" >"$TMP/forever.json"
expect_bounded "20,000 children, shutdown infinity" 256 0 "" \
	"$BIN" run "$TMP/forever.json" --quiet --summary "$TMP/forever_summary.json"
expect "... ends as deadlock" 0 '"end":	"deadlock"' cat "$TMP/forever_summary.json"

finish
