# graceful.sh - hostile input for the window's "stopping" state (issue 12):
# a child with a 2,000-character name being stopped with a shutdown time
# of 10^12 ticks (the longest countdown and "waiting for" text), and a
# supervisor stopping 3,000 trapping children that never exit, each with
# shutdown infinity (it waits for the first forever).  Each must render a
# 1280x720 screenshot within 60 s and the memory bound.  Headless: SDL's
# dummy video driver and --screenshot.
. "$(dirname "$0")/lib.sh"

if "$BIN" gui "$TMP/none.json" 2>&1 | grep -q "built without the GUI"; then
	echo "skipped: $BIN was built without the GUI"
	exit 77
fi
export SDL_VIDEODRIVER=dummy

trap_loop='"trap_exit":true,"program":[{"op":"loop","times":"forever","do":[{"op":"receive"},{"op":"work","reductions":50}]}]'
stop_sup='{"name":"boss","program":[{"op":"spawn","template":"s","link":true},{"op":"sleep","ticks":20},{"op":"exit","to":"s","reason":"shutdown"},{"op":"receive"}]}'
long=$(head -c 2000 /dev/zero | tr '\0' 'n')
printf '{"format":1,"title":"long","config":{"schedulers":2,"until":5000},"templates":{"s":{"supervisor":{"children":[{"name":"%s","shutdown":1000000000000,%s}]}}},"processes":[%s]}' \
	"$long" "$trap_loop" "$stop_sup" >"$TMP/long.json"
printf '{"format":1,"title":"many","config":{"schedulers":2,"until":5000},"templates":{"s":{"supervisor":{"children":[{"name":"w","count":3000,"shutdown":"infinity",%s}]}}},"processes":[%s]}' \
	"$trap_loop" "$stop_sup" >"$TMP/many.json"

expect "the long file loads" 0 "ok" "$BIN" check "$TMP/long.json"
expect "the many file loads" 0 "ok" "$BIN" check "$TMP/many.json"
expect_bounded "a 2,000-character child stopped with shutdown 10^12, tick 200" 256 0 "" \
	timeout 60 "$BIN" gui "$TMP/long.json" --screenshot "$TMP/long.png" --at 200 --size 1280x720
expect_bounded "3,000 trapping children with shutdown infinity, tick 2000" 256 0 "" \
	timeout 60 "$BIN" gui "$TMP/many.json" --screenshot "$TMP/many.png" --at 2000 --size 1280x720
finish
