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

finish
