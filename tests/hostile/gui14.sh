#!/bin/sh
# gui14.sh - hostile inputs of the window's side panel grouped by node, its
# nodedown / noconnection tags placed clear of every text, and links
# routed along the network (issue 16): thousands of waiting processes on
# three nodes, each linked across nodes and watching a node that goes down
# (thousands of marks, at most 128 chips an area and 64 tags a pane are
# drawn: gui/render.h, gui/nodes_draw.c); node names thousands of
# characters long (the label column is at most a quarter of an area).
. "$(dirname "$0")/lib.sh"
if ! "$BIN" gui --help >/dev/null 2>&1; then
	echo "gui14: beamsim built without the window"; exit 77
fi
# w_k on node a/b/c (k mod 3) links to w_(k+1) and monitors node c, which halts at 30
awk 'BEGIN {
	n = 3000
	printf "{\"format\":1,\"config\":{\"nodes\":[{\"name\":\"a\",\"schedulers\":2},"
	printf "{\"name\":\"b\",\"schedulers\":2},{\"name\":\"c\",\"schedulers\":2}],\"until\":400},"
	printf "\"processes\":["
	for (k = 0; k < n; k++) {
		node = substr("abc", k % 3 + 1, 1)
		printf "%s{\"name\":\"w%d\",\"node\":\"%s\",\"trap_exit\":true,\"program\":[", (k ? "," : ""), k, node
		if (k + 1 < n) printf "{\"op\":\"link\",\"to\":\"w%d\"},", k + 1
		printf "{\"op\":\"monitor_node\",\"node\":\"c\"},{\"op\":\"receive\"},{\"op\":\"receive\"},{\"op\":\"receive\"}]}"
	}
	printf "],\"timeline\":[{\"at\":30,\"do\":{\"op\":\"node_down\",\"node\":\"c\"}}]}\n"
}' >"$TMP/many.json"
expect_bounded "3,000 linked waiting processes on 3 nodes, c down: 1280x720 within 800 MiB and 60 s" \
	800 0 "" env SDL_VIDEODRIVER=dummy timeout 60 "$BIN" gui "$TMP/many.json" --at 31 \
	--size 1280x720 --screenshot "$TMP/a.png"
[ -s "$TMP/a.png" ] && ok "3,000 processes: the picture is written" || bad "3,000 processes: no picture"
expect_bounded "the same at 320x200" 800 0 "" env SDL_VIDEODRIVER=dummy timeout 60 "$BIN" gui \
	"$TMP/many.json" --at 31 --size 320x200 --screenshot "$TMP/b.png"
expect_bounded "the same in compare mode at 1920x1080" 800 0 "" env SDL_VIDEODRIVER=dummy timeout 60 \
	"$BIN" gui "$TMP/many.json" --compare schedulers=1,2 --at 31 --size 1920x1080 \
	--screenshot "$TMP/c.png"
# node names of 5,000 characters, a process waiting on each node
awk 'BEGIN {
	for (i = 0; i < 5000; i++) long = long "x"
	printf "{\"format\":1,\"config\":{\"nodes\":[{\"name\":\"a%s\",\"schedulers\":1},", long
	printf "{\"name\":\"b%s\",\"schedulers\":1}]},\"processes\":[", long
	printf "{\"name\":\"p\",\"program\":[{\"op\":\"monitor_node\",\"node\":\"b%s\"},{\"op\":\"receive\"}]},", long
	printf "{\"name\":\"q\",\"node\":\"b%s\",\"program\":[{\"op\":\"receive\"}]}],", long
	printf "\"timeline\":[{\"at\":5,\"do\":{\"op\":\"node_down\",\"node\":\"b%s\"}}]}\n", long
}' >"$TMP/long.json"
expect_bounded "node names of 5,000 characters: within 800 MiB and 60 s" 800 0 "" \
	env SDL_VIDEODRIVER=dummy timeout 60 "$BIN" gui "$TMP/long.json" --at 6 --size 1280x720 \
	--screenshot "$TMP/d.png"
[ -s "$TMP/d.png" ] && ok "long names: the picture is written" || bad "long names: no picture"
finish
