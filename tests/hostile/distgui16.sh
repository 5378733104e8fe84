#!/bin/sh
# distgui16.sh - hostile inputs of the window's nodes (issue 16): the most
# nodes a scenario may have (64, one scheduler each) drawn in a small and a
# normal window while one is down and a partition splits them all, and
# thousands of messages in flight between two nodes at once (the window
# draws at most 4,096 of them a frame: gui/nodes_draw.c).
. "$(dirname "$0")/lib.sh"
if ! "$BIN" gui --help >/dev/null 2>&1; then
	echo "distgui16: beamsim built without the window"; exit 77
fi
# 64 nodes n0..n63 (more than fit at 1280x720: drawn without frames);
# p_k on n_k sends to p_0 every few ticks
awk 'BEGIN {
	printf "{\"format\":1,\"config\":{\"nodes\":["
	for (k = 0; k < 64; k++) printf "%s{\"name\":\"n%d\",\"schedulers\":1}", (k ? "," : ""), k
	printf "],\"net\":{\"latency\":7},\"until\":400},\"processes\":["
	for (k = 0; k < 64; k++)
		printf "%s{\"name\":\"p%d\",\"node\":\"n%d\",\"program\":[{\"op\":\"monitor_node\",\"node\":\"n63\"},{\"op\":\"loop\",\"times\":50,\"do\":[{\"op\":\"send\",\"to\":\"p0\",\"message\":%d},{\"op\":\"sleep\",\"ticks\":3}]}]}", (k ? "," : ""), k, k, k
	printf "],\"timeline\":[{\"at\":20,\"do\":{\"op\":\"node_down\",\"node\":\"n63\"}},{\"at\":25,\"do\":{\"op\":\"partition\",\"groups\":[["
	for (k = 0; k < 64; k += 2) printf "%s\"n%d\"", (k ? "," : ""), k
	printf "],["
	for (k = 1; k < 64; k += 2) printf "%s\"n%d\"", (k > 1 ? "," : ""), k
	printf "]]}}]}\n"
}' >"$TMP/n64.json"
expect_bounded "64 nodes, one down, partitioned, at 1280x720: within 800 MiB and 60 s" 800 0 "" \
	env SDL_VIDEODRIVER=dummy timeout 60 "$BIN" gui "$TMP/n64.json" --at 30 --size 1280x720 \
	--screenshot "$TMP/a.png"
[ -s "$TMP/a.png" ] && ok "64 nodes: the picture is written" || bad "64 nodes: no picture"
expect_bounded "64 nodes at 320x200 (more nodes than fit: lanes without frames)" 800 0 "" \
	env SDL_VIDEODRIVER=dummy timeout 60 "$BIN" gui "$TMP/n64.json" --at 30 --size 320x200 \
	--screenshot "$TMP/b.png"
# 6,000 senders on a (60 schedulers) to one sink on b, latency 100,000
cat >"$TMP/flood.json" <<'JSON'
{"format": 1, "config": {"nodes": [{"name": "a", "schedulers": 60}, {"name": "b", "schedulers": 2}],
 "net": {"latency": 100000}, "until": 200000},
 "processes": [
  {"name": "sink", "node": "b", "program": [{"op": "receive"}]},
  {"name": "s", "count": 6000, "program": [{"op": "send", "to": "sink", "message": 1}]}]}
JSON
expect_bounded "6,000 messages in flight between two nodes: within 800 MiB and 60 s" 800 0 "" \
	env SDL_VIDEODRIVER=dummy timeout 60 "$BIN" gui "$TMP/flood.json" --at 300 --size 1280x720 \
	--screenshot "$TMP/c.png"
[ -s "$TMP/c.png" ] && ok "flood: the picture is written" || bad "flood: no picture"
finish
