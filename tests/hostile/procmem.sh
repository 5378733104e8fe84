#!/bin/sh
# procmem.sh - hostile inputs for per-process memory (issue 11, part 2):
# a million processes cost at most 256 B each for the whole run, whatever
# their body.  The bound is 256 MiB of address space for 1,000,000
# processes: 1,000,000 x 256 B = 244 MiB, plus 12 MiB for the program and
# the loader.  Before: 340 B per process (work, receive), so each run
# needed 400 MiB and ended "out of memory" (exit 5) under this bound.
. "$(dirname "$0")/lib.sh"

# million NAME BODY [CONFIG]: one top-level entry, count 1,000,000.
million() {
	printf '{"format": 1, "config": {%s}, "processes": [{"name": "p", "count": 1000000, "program": [%s]}]}\n' \
		"${3:-}" "$2" >"$TMP/$1.json"
}

million work '{"op": "work", "reductions": 1}'
expect_bounded "1,000,000 processes, work 1" 256 0 "" \
	"$BIN" run "$TMP/work.json" --quiet

# all of them alive at the end, each blocked in a receive
million recv '{"op": "receive"}' '"until": 100'
expect_bounded "1,000,000 processes waiting in receive" 256 0 "" \
	"$BIN" run "$TMP/recv.json" --quiet

# spawn-heavy: one process spawns a million children with one spawn op
cat >"$TMP/spawn.json" <<'JSON'
{"format": 1, "config": {"until": 100},
 "templates": {"job": {"program": [{"op": "receive"}]}},
 "processes": [{"name": "boss", "program": [
   {"op": "spawn", "template": "job", "as": "job", "count": 1000000},
   {"op": "receive"}]}]}
JSON
expect_bounded "1,000,000 spawned processes" 256 0 "" \
	"$BIN" run "$TMP/spawn.json" --quiet

# the same children linked to and monitored by their spawner: each has a
# link and a watcher (the side record of links and monitors, 64 B with the
# two pids inline); the spawner holds a million of each.  252 B per process
# of RSS; 300 MiB of address space (main: 308 B, aborts out of memory
# under 320 MiB).
sed 's/"count": 1000000}/"count": 1000000, "link": true, "monitor": true}/' "$TMP/spawn.json" >"$TMP/ties.json"
expect_bounded "1,000,000 spawned processes, linked and monitored" 300 0 "" \
	"$BIN" run "$TMP/ties.json" --quiet

finish
