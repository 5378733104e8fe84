#!/bin/sh
# seqview14.sh - hostile inputs of the window's sequence view (issue 14):
# an unknown --view word, and the sequence view of the largest lesson
# (many_processes: 100,000 processes spawned at tick 0), whose chart is read
# ahead at most SEQVIEW_ARROWS arrows past the playhead (gui/seqview.h).
. "$(dirname "$0")/lib.sh"
L=$SRC/scenarios/many_processes.json
expect "--view sideways" 2 "--view" \
	env SDL_VIDEODRIVER=dummy "$BIN" gui "$L" --view sideways --screenshot "$TMP/a.png"
expect_bounded "--view sequence of 100,000 processes: within 1500 MiB and 60 s" 1500 0 "" \
	env SDL_VIDEODRIVER=dummy timeout 60 "$BIN" gui "$L" --view sequence --at 20 --size 640x360 \
	--screenshot "$TMP/b.png"
[ -s "$TMP/b.png" ] && ok "the picture is written" || bad "no picture"
finish
