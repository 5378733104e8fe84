#!/bin/sh
# truth.sh - hostile inputs of the GUI's truth features: notes tied to
# events ("when") and ghosts of processes that just ended.
. "$(dirname "$0")/lib.sh"

# 100,000 notes all waiting for the same exit: loads, and the window steps
# 1,000 ticks and draws with them (the note state is one tick per note).
awk 'BEGIN { printf "{\"format\":1,\"processes\":[{\"name\":\"a\",\"program\":[{\"op\":\"work\",\"reductions\":50},{\"op\":\"crash\",\"reason\":\"x\"}]},{\"name\":\"b\",\"program\":[{\"op\":\"work\",\"reductions\":5000}]}],\"notes\":[";
             for (i = 0; i < 100000; i++) printf "%s{\"when\":{\"exit\":\"a\"},\"text\":\"n%d\"}", i ? "," : "", i;
             print "]}" }' >"$TMP/many_when.json"
expect_bounded "100k notes tied to one exit: check" 300 0 "ok" "$BIN" check "$TMP/many_when.json"
expect_bounded "100k notes tied to one exit: window at tick 1000" 600 0 "" \
	env SDL_VIDEODRIVER=dummy "$BIN" gui "$TMP/many_when.json" --size 1280x720 \
	--screenshot "$TMP/many_when.png" --at 1000

# A 1 MiB process name in "when": refused, the name shown shortened.
awk 'BEGIN { printf "{\"format\":1,\"processes\":[{\"name\":\"a\",\"program\":[]}],\"notes\":[{\"when\":{\"exit\":\"";
             for (i = 0; i < 16384; i++) printf "%s", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
             print "\"},\"text\":\"t\"}]}" }' >"$TMP/long_name.json"
expect_bounded "1 MiB name in when" 200 3 "notes[0].when.exit: unknown process name" \
	"$BIN" check "$TMP/long_name.json"

# "when" with 100,000 keys: one clear error, not one per key.
awk 'BEGIN { printf "{\"format\":1,\"processes\":[{\"name\":\"a\",\"program\":[]}],\"notes\":[{\"text\":\"t\",\"when\":{";
             for (i = 0; i < 100000; i++) printf "%s\"k%d\":\"a\"", i ? "," : "", i;
             print "}}]}" }' >"$TMP/wide_when.json"
expect_bounded "when with 100k keys" 200 3 "notes[0].when: expected an event like" \
	"$BIN" check "$TMP/wide_when.json"

# 5,000 processes wake at tick 30 and crash as soon as they run (1,250 per
# scheduler): at most GHOST_MAX ghosts are drawn, in bounded memory.
awk 'BEGIN { printf "{\"format\":1,\"config\":{\"schedulers\":4},\"processes\":[{\"name\":\"c\",\"count\":5000,\"program\":[{\"op\":\"sleep\",\"ticks\":30},{\"op\":\"crash\",\"reason\":\"boom\"}]}]}" }' \
	>"$TMP/mass_crash.json"
expect_bounded "5,000 crashes from tick 30: window at tick 40" 600 0 "" \
	env SDL_VIDEODRIVER=dummy "$BIN" gui "$TMP/mass_crash.json" --size 1280x720 \
	--screenshot "$TMP/mass_crash.png" --at 40

finish
