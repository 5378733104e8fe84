#!/bin/sh
# gif14.sh - hostile inputs of `beamsim gui FILE --gif OUT.gif`: ranges too
# long or past the run, bad --fps and --view, outputs that cannot be
# written (nothing left behind, an existing file kept), a run that never
# ends, the largest size; and the same bytes every run.
. "$(dirname "$0")/lib.sh"
if ! "$BIN" gui --help >/dev/null 2>&1 || "$BIN" gui "$SRC/scenarios/hello_messages.json" \
	--gif "$TMP/probe.gif" --to 0 2>&1 | grep -q "without"; then
	echo "SKIP: this beamsim has no GUI or no giflib"; exit 77
fi
export SDL_VIDEODRIVER=dummy
L="$SRC/scenarios/crash_isolation.json"
G() { timeout 60 "$BIN" gui "$L" --size 640x360 "$@"; }

expect_bounded "--to 10^12: refused at once, not drawn" 400 2 "a GIF holds at most 10000" \
	timeout 10 "$BIN" gui "$L" --gif "$TMP/a.gif" --to 1000000000000
expect "--from after --to" 2 "--from 9 is after --to 5" G --gif "$TMP/a.gif" --from 9 --to 5
expect "--to past the end of the run" 2 "--to 5000: the run ends at tick" G --gif "$TMP/a.gif" --to 5000 --fps 1
expect "--from past the end of the run" 2 "--from 900: the run ends at tick" G --gif "$TMP/a.gif" --from 900 --to 901
expect "--fps 0" 2 "--fps: expected an integer from 1 to 50, got '0'" G --gif "$TMP/a.gif" --fps 0
expect "--fps 51" 2 "--fps: expected an integer from 1 to 50, got '51'" G --gif "$TMP/a.gif" --fps 51
expect "--fps without --gif" 2 "belong to --gif" G --fps 3 --screenshot "$TMP/a.png"
expect "--gif and --screenshot" 2 "one picture at a time" G --gif "$TMP/a.gif" --screenshot "$TMP/a.png"
expect "--gif with --at" 2 "a --gif runs from --from to --to" G --gif "$TMP/a.gif" --at 5
expect "--gif ''" 2 "--gif needs a file name" G --gif ""
expect "--view sideways" 2 "--view" G --view sideways --screenshot "$TMP/a.png"
expect "--view both" 0 "" G --view both --screenshot "$TMP/a.png"
expect "--view lanes" 0 "" G --gif "$TMP/a.gif" --view lanes --to 1 --fps 1
[ -s "$TMP/a.gif" ] && ok "--view lanes wrote the GIF" || bad "--view lanes wrote no GIF"
# Outputs that cannot be written: exit 1, the path in the message, no file
# and no temporary file left; an existing file is kept when the run fails.
mkdir "$TMP/dir"
expect "a missing directory" 1 "cannot write '$TMP/dir/no/x.gif'" G --gif "$TMP/dir/no/x.gif" --to 2
expect "a directory" 1 "Is a directory" G --gif "$TMP/dir" --to 2
chmod 500 "$TMP/dir"
if [ "$(id -u)" != 0 ]; then
	expect "a read-only directory" 1 "Permission denied" G --gif "$TMP/dir/x.gif" --to 2
fi
chmod 700 "$TMP/dir"
[ -z "$(ls -A "$TMP/dir")" ] && ok "nothing left in the directory" || bad "left: $(ls -A "$TMP/dir")"
printf 'old' >"$TMP/keep.gif"
expect "a bad range keeps the existing file" 2 "is after" G --gif "$TMP/keep.gif" --from 3 --to 1
[ "$(cat "$TMP/keep.gif")" = old ] && ok "the existing file is unchanged" || bad "keep.gif changed"
if [ -w /dev/full ]; then
	expect_bounded "/dev/full" 400 1 "No space left on device" \
		timeout 60 "$BIN" gui "$L" --size 640x360 --gif /dev/full --to 2
fi
before=$(ls -a /dev | grep -c '^\.null')
expect "/dev/null, written in place" 0 "" G --gif /dev/null --to 2
[ "$(ls -a /dev | grep -c '^\.null')" = "$before" ] && ok "no temporary file in /dev" ||
	bad "a temporary file was left in /dev"
# A run that never ends: without --to, refused after one GIF's worth of ticks.
printf '{"format":1,"config":{"until":1000000000000},"processes":[{"name":"spin","program":[{"op":"loop","times":"forever","do":[{"op":"work","reductions":10}]}]}]}' \
	>"$TMP/forever.json"
expect_bounded "a run that never ends, no --to" 400 2 "the run goes on past tick 999: give --to" \
	timeout 60 "$BIN" gui "$TMP/forever.json" --gif "$TMP/f.gif"
[ ! -e "$TMP/f.gif" ] && ok "no GIF of a refused range" || bad "a GIF of a refused range"
# The largest size, one frame.
expect_bounded "8192x8192, one frame" 1500 0 "" \
	timeout 120 "$BIN" gui "$L" --gif "$TMP/big.gif" --to 0 --size 8192x8192
# Same bytes every run.
G --gif "$TMP/r1.gif" --from 108 --to 112 --fps 3 && G --gif "$TMP/r2.gif" --from 108 --to 112 --fps 3
cmp -s "$TMP/r1.gif" "$TMP/r2.gif" && [ -s "$TMP/r1.gif" ] && ok "the same bytes every run" ||
	bad "two runs made different GIFs"
finish
