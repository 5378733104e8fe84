# present.sh - hostile input for the window's presentation options (issue 13
# section 2): --scale and --theme values out of range or malformed are
# usage errors (exit 2, a message naming the option and the value), and
# extreme sizes, scales and names render without a crash, in bounded memory.
# Before: --scale and --theme did not exist (exit 2, "unknown option").
# Headless: SDL's dummy video driver and --screenshot.
. "$(dirname "$0")/lib.sh"

if "$BIN" gui "$TMP/none.json" 2>&1 | grep -q "built without the GUI"; then
	echo "skipped: $BIN was built without the GUI"
	exit 77
fi
export SDL_VIDEODRIVER=dummy
S="$SRC/scenarios/crash_isolation.json"

for v in 3 0.49 2.51 0 -1 abc '' 1.234 1. .5 1,5 1e0 99999999999999999999 0x1 ' 1' '1 '; do
	expect "--scale '$v' is a usage error" 2 "--scale" "$BIN" gui "$S" --scale "$v" --screenshot "$TMP/x.png"
done
for v in neon DARK '' 'contrast ' contrast,dark; do
	expect "--theme '$v' is a usage error" 2 "--theme" "$BIN" gui "$S" --theme "$v" --screenshot "$TMP/x.png"
done
[ -e "$TMP/x.png" ] && bad "a refused option still wrote a screenshot" || ok "no screenshot after a refused option"

# a 5,000-character name and 300 high-priority processes from one template
awk 'BEGIN { n = ""; for (i = 0; i < 5000; i++) n = n "x";
	printf "{\"format\":1,\"config\":{\"schedulers\":1},\"processes\":[{\"name\":\"%s\",", n;
	printf "\"program\":[{\"op\":\"work\",\"reductions\":100}]},{\"name\":\"w\",\"count\":300,";
	printf "\"priority\":\"high\",\"program\":[{\"op\":\"work\",\"reductions\":50}]}]}\n" }' >"$TMP/long.json"
for args in "--size 320x200 --scale 2.5" "--size 8192x8192 --scale 0.5" "--size 1280x720 --theme contrast" \
            "--size 320x200 --scale 0.5 --compare schedulers=1,4"; do
	# shellcheck disable=SC2086
	expect_bounded "5,000-char name, 300 boxes, $args" 600 0 "" \
		"$BIN" gui "$TMP/long.json" --screenshot "$TMP/long.png" --at 40 $args
	if [ "$(head -c 4 "$TMP/long.png" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG' ]; then
		ok "PNG written ($args)"
	else
		bad "no PNG written ($args)"
	fi
	rm -f "$TMP/long.png"
done
finish
