#!/bin/sh
# engine.sh - hostile inputs for the engine (issue 11, part 2): memory
# stays proportional to the live state, however the scenario is written.
. "$(dirname "$0")/lib.sh"

# 200,000 supervisors with intensity 10^6 (a 92-byte file): the restart
# history is kept only inside the period window, so nothing is allocated
# up front (before: 8 MB per supervisor, 18.6 GB in all).
printf '{"processes":[{"name":"s","count":200000,"supervisor":{"intensity":1000000,"children":[]}}]}' \
	>"$TMP/sups.json"
expect_bounded "200,000 supervisors, intensity 10^6" 256 0 "" \
	"$BIN" run "$TMP/sups.json" --quiet --until 1000

# valid_json FILE: the file parses as JSON (jq, else python3).
valid_json() {
	if command -v jq >/dev/null 2>&1; then
		jq -e . "$1" >/dev/null 2>&1
	else
		python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null
	fi
}

# summary_says NAME FILE TEXT: the summary was written, is valid JSON and
# contains TEXT.
summary_says() {
	if [ ! -s "$2" ]; then
		bad "$1: no summary written"
	elif ! valid_json "$2"; then
		bad "$1: the summary is not valid JSON"
	elif ! grep -qF -- "$3" "$2"; then
		bad "$1: the summary lacks '$3'"
	else
		ok "$1: the summary is valid JSON with '$3'"
	fi
}

# A mailbox that is never read, flooded by 7 loops on 8 schedulers: with
# the default max_message_memory (200 MB, 6,250,000 messages) the node is
# out of memory and the run ends "memory_limit", summary written (before:
# the mailbox grew until "beamsim: out of memory", SIGABRT, no summary).
cat >"$TMP/flood.json" <<'JSON'
{"config": {"schedulers": 8, "until": 100000000},
 "processes": [
  {"name": "sink", "program": [{"op": "receive", "cases": [{"match": "never"}]}]},
  {"name": "flood", "count": 7, "start": 1, "program": [{"op": "loop", "times": "forever",
   "do": [{"op": "send", "to": "sink", "message": "x"}]}]}]}
JSON
expect_bounded "never-read mailbox, default limits" 512 0 "memory_limit" \
	"$BIN" run "$TMP/flood.json" --summary "$TMP/flood-summary.json"
summary_says "never-read mailbox" "$TMP/flood-summary.json" '"memory_limit"'

# The same flood with max_mailbox: the sink is killed (reason killed) at
# 1000 messages and the run goes on to its limit in a few MiB.
sed 's/"until": 100000000/"until": 1000000, "max_mailbox": 1000/' "$TMP/flood.json" >"$TMP/flood-box.json"
expect_bounded "never-read mailbox, max_mailbox 1000" 64 0 "limit" \
	"$BIN" run "$TMP/flood-box.json" --summary "$TMP/box-summary.json"
summary_says "max_mailbox" "$TMP/box-summary.json" '"killed"'

finish
