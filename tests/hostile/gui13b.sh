#!/bin/sh
# gui13b.sh - hostile inputs of notes tied to events in the text outputs
# (NOTE events in --trace and --log) and of the screenshot's --phase.
. "$(dirname "$0")/lib.sh"

# 100,000 notes waiting for an event of 'idle' that never comes (half on
# its receive, half on its exit), 1,000 on the first receive of 'pong',
# while ping sends pong 20,000 messages: every receive event looks the
# notes up (a binary search, not a scan of 100,000 notes per event), the
# 1,000 fire once, the 100,000 never.
awk 'BEGIN { printf "{\"format\":1,\"processes\":[{\"name\":\"idle\",\"program\":[{\"op\":\"receive\"}]},{\"name\":\"pong\",\"program\":[{\"op\":\"loop\",\"times\":20000,\"do\":[{\"op\":\"receive\"}]}]},{\"name\":\"ping\",\"program\":[{\"op\":\"loop\",\"times\":20000,\"do\":[{\"op\":\"send\",\"to\":\"pong\",\"message\":\"x\"}]}]}],\"notes\":[";
             for (i = 0; i < 100000; i++) printf "%s{\"when\":{\"%s\":\"idle\"},\"text\":\"n%d\"}", i ? "," : "", i % 2 ? "receive" : "exit", i;
             for (i = 0; i < 1000; i++) printf ",{\"when\":{\"receive\":\"pong\"},\"text\":\"p%d\"}", i;
             print "]}" }' >"$TMP/many_when.json"
expect_bounded "100k notes never fulfilled, 20k receives: trace in 60 s" 400 0 "" \
	timeout 60 "$BIN" run "$TMP/many_when.json" --trace "$TMP/t.json" --quiet
n=$(grep -c '"cat":"note"' "$TMP/t.json")
if [ "$n" = 1000 ]; then ok "the 1,000 notes on pong's first receive, once each"
else bad "expected 1000 note events in the trace, got $n"; fi

finish
