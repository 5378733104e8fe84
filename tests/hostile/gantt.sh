# gantt.sh - hostile input for the window's Gantt history (issue 11 part 2):
# a run long enough that an unbounded history takes far more memory than
# the bound.  64 schedulers shared by 128 processes, each scheduler ending
# a run every tick (slice 1): 64 runs a tick, 150,000 ticks = 9.6 M runs.
# Before the history was bounded: VmPeak 562 MiB, peak RSS 382 MiB, and
# under the bound the history silently stopped growing (an empty timeline
# at the playhead); bounded: VmPeak 202 MiB, and the frame under the bound
# is the frame without one.  Headless: SDL's dummy video driver and --screenshot,
# which steps the session to --at as the window does.
. "$(dirname "$0")/lib.sh"

if "$BIN" gui "$TMP/none.json" 2>&1 | grep -q "built without the GUI"; then
	echo "skipped: $BIN was built without the GUI"
	exit 77
fi
export SDL_VIDEODRIVER=dummy

printf '%s' '{"format":1,"title":"wide","config":{"schedulers":64,"slice":1},"processes":[{"name":"w","count":128,"program":[{"op":"loop","times":"forever","do":[{"op":"work","reductions":1000}]}]}]}' >"$TMP/wide.json"

expect_bounded "gui --screenshot --at 150000, 64 schedulers switching every tick" 384 0 "" \
	"$BIN" gui "$TMP/wide.json" --screenshot "$TMP/bounded.png" --at 150000
"$BIN" gui "$TMP/wide.json" --screenshot "$TMP/free.png" --at 150000 >"$TMP/out" 2>&1
if [ "$(head -c 8 "$TMP/bounded.png" 2>/dev/null | od -An -c | tr -d ' ')" != '211PNG\r\n032\n' ]; then
	bad "no PNG written at tick 150000"
elif cmp -s "$TMP/bounded.png" "$TMP/free.png"; then
	ok "the frame at tick 150000 under the bound is the frame without it"
else
	bad "the frame at tick 150000 under the bound differs from the one without it"
fi

finish
