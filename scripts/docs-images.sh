#!/bin/sh
# docs-images.sh - regenerates every picture of the docs and the README
# with `beamsim gui --screenshot` (no display needed): docs/images/NAME.png
# at 1600x900 and docs/images/1280x720/NAME.png at the projector size; and
# the README's animated GIF with `beamsim gui --gif`; and the sequence
# charts (`beamsim run --sequence`, SVG, PNG by rsvg-convert).
#
#   sh scripts/docs-images.sh [BUILD_DIR]      (default: build)
#
# One line per picture below: name | scenario (empty: the built-in
# default) | options.  The captions in docs/teachers-guide.md and
# docs/gui.md describe these exact ticks: change both together.
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-build}/beamsim
[ -x "$BIN" ] || { echo "docs-images: no $BIN; build first (sh scripts/build.sh)" >&2; exit 2; }
mkdir -p docs/images/1280x720
n=0
while IFS='|' read -r name file opts; do
	case $name in ''|'#'*) continue ;; esac
	for size in 1600x900 1280x720; do
		out=docs/images/$name.png
		[ "$size" = 1280x720 ] && out=docs/images/1280x720/$name.png
		# shellcheck disable=SC2086  # opts are words
		SDL_VIDEODRIVER=dummy "$BIN" gui ${file:+scenarios/$file.json} $opts \
			--size "$size" --screenshot "$out"
		n=$((n + 1))
	done
done <<'TABLE'
gui-default||--at 40
gui-help||--at 40 --overlay help
gui-picker||--overlay picker
gui-question|crash_isolation|--at 0 --overlay question
gui-answer|crash_isolation|--at 0 --overlay answer
gui-compare|concurrency_vs_parallelism|--compare schedulers=1,4 --at 800
gui-inspector|selective_receive|--at 13 --inspect picker
gui-supervisor|restart_intensity|--at 69
lesson-hello_messages|hello_messages|--at 15 --inspect pong
lesson-concurrency_vs_parallelism|concurrency_vs_parallelism|--compare schedulers=1,4 --at 220
lesson-one_slow_request|one_slow_request|--compare preemption=cooperative,reductions --at 120
lesson-crash_isolation|crash_isolation|--at 112
lesson-links_propagate|links_propagate|--at 47
lesson-links_propagate-signal|links_propagate|--at 45 --phase 0.5
lesson-trap_exit|trap_exit|--at 52
lesson-monitors|monitors|--at 42 --inspect watcher
lesson-kill_is_untrappable|kill_is_untrappable|--at 64
lesson-supervisor_rest_for_one|supervisor_rest_for_one|--at 62
lesson-restart_intensity|restart_intensity|--at 69
lesson-selective_receive|selective_receive|--at 13 --inspect picker
lesson-work_stealing|work_stealing|--compare balance=steal,none --at 50
lesson-priorities|priorities|--at 60
lesson-long_nif_blocks_scheduler|long_nif_blocks_scheduler|--at 60
lesson-timeouts|timeouts|--at 65
lesson-ring|ring|--at 20
lesson-many_processes|many_processes|--at 2010
lesson-state_in_a_process|state_in_a_process|--at 10 --inspect counter
lesson-chat_room|chat_room|--at 36 --inspect room
lesson-request_reply|request_reply|--at 100 --inspect server
lesson-state_dies_with_the_process|state_dies_with_the_process|--at 169 --inspect counter
lesson-graceful_shutdown|graceful_shutdown|--at 150
lesson-location_transparency|location_transparency|--at 22
lesson-node_down|node_down|--at 100 --inspect trapper
lesson-netsplit|netsplit|--at 102
lesson-failover|failover|--at 201
gui-seq-ping_pong|ping_pong|--view sequence --at 48
gui-seq-supervisor_rest_for_one|supervisor_rest_for_one|--view sequence --at 110
gui-seq-both-crash_isolation|crash_isolation|--view both --at 112
TABLE
# Distributed runs (docs/gui.md, "Nodes and the network"), from the GUI
# tests' scenarios: b@beamsim down at 150 and who noticed; the partition
# at 104 with a lost message stopped at the cut.
for size in 1600x900 1280x720; do
	dir=docs/images
	[ "$size" = 1280x720 ] && dir=docs/images/1280x720
	SDL_VIDEODRIVER=dummy "$BIN" gui tests/data/gui_nodes_down.json --at 150 --phase 1 \
		--size "$size" --screenshot "$dir/gui-nodes-down.png"
	SDL_VIDEODRIVER=dummy "$BIN" gui tests/data/gui_nodes_split.json --at 104 --phase 1 \
		--size "$size" --screenshot "$dir/gui-nodes-partition.png"
	n=$((n + 2))
done
# The README's animated GIF (docs/gui.md, "Animated GIF"): the operator
# kills 'hung' at tick 100, 'bad' crashes at 110 and its ghost stays to 119;
# nobody else dies.  Kept small (< 2 MB) for the README.
SDL_VIDEODRIVER=dummy "$BIN" gui scenarios/crash_isolation.json --size 1280x720 \
	--gif docs/images/crash_isolation.gif --from 96 --to 120
n=$((n + 1))
# The sequence charts of docs/teachers-guide.md (`beamsim run --sequence`):
# docs/images/seq-NAME.svg, and a PNG of each when rsvg-convert (Debian:
# librsvg2-bin) is there; the guide shows the PNG and links the SVG.
while IFS='|' read -r name file opts; do
	case $name in ''|'#'*) continue ;; esac
	# shellcheck disable=SC2086  # opts are words
	"$BIN" run "scenarios/$file.json" --quiet --sequence "docs/images/$name.svg" $opts
	n=$((n + 1))
	if command -v rsvg-convert >/dev/null 2>&1; then
		rsvg-convert "docs/images/$name.svg" -o "docs/images/$name.png"
		n=$((n + 1))
	else
		echo "docs-images: no rsvg-convert (librsvg2-bin): docs/images/$name.png not updated" >&2
	fi
done <<'TABLE'
seq-hello_messages|hello_messages|
seq-ping_pong|ping_pong|
seq-links_propagate|links_propagate|
seq-supervisor_rest_for_one|supervisor_rest_for_one|
TABLE
echo "docs-images: $n pictures written"
