# suptree.sh - hostile input for the drawn supervision tree, the link arcs
# and the compare numbers (issue 13, section 2): a tree deeper than the
# drawing keeps (14 nested supervisors, 420 crash-looping workers: more
# nodes than SUPTREE_MAX_NODES), one supervisor restarting 3,000 children
# in a loop, a child whose name is 2,000 characters, and compare mode on
# the wide tree.  Each must render a 1280x720 screenshot within 60 s and
# the memory bound.  Headless: SDL's dummy video driver and --screenshot.
. "$(dirname "$0")/lib.sh"

if "$BIN" gui "$TMP/none.json" 2>&1 | grep -q "built without the GUI"; then
	echo "skipped: $BIN was built without the GUI"
	exit 77
fi
export SDL_VIDEODRIVER=dummy

crash='"program":[{"op":"work","reductions":5},{"op":"crash","reason":"boom"}]'
{
	printf '{"format":1,"title":"deep","config":{"schedulers":2,"until":400},"processes":['
	i=0
	while [ $i -lt 14 ]; do
		printf '{"name":"s%d","supervisor":{"strategy":"one_for_one","intensity":100000,"period":10,"children":[{"name":"w%d","count":30,%s},' $i $i "$crash"
		i=$((i + 1))
	done
	printf '{"name":"leaf","program":[{"op":"receive"}]}'
	i=0
	while [ $i -lt 14 ]; do printf ']}}'; i=$((i + 1)); done
	printf ']}'
} >"$TMP/deep.json"
printf '{"format":1,"title":"wide","config":{"schedulers":2,"until":3000},"processes":[{"name":"sup","supervisor":{"strategy":"one_for_one","intensity":1000000,"period":5,"children":[{"name":"w","count":3000,%s}]}}]}' "$crash" >"$TMP/wide.json"
long=$(head -c 2000 /dev/zero | tr '\0' 'n')
printf '{"format":1,"title":"long","processes":[{"name":"sup","supervisor":{"strategy":"rest_for_one","children":[{"name":"%s",%s},{"name":"b","program":[{"op":"receive"}]}]}}]}' "$long" "$crash" >"$TMP/long.json"

expect_bounded "14 nested supervisors, 420 crash-looping workers, tick 300" 256 0 "" \
	timeout 60 "$BIN" gui "$TMP/deep.json" --screenshot "$TMP/deep.png" --at 300 --size 1280x720
expect_bounded "3,000 children restarted in a loop, tick 1500" 256 0 "" \
	timeout 60 "$BIN" gui "$TMP/wide.json" --screenshot "$TMP/wide.png" --at 1500 --size 1280x720
expect_bounded "a 2,000-character child name, after its restart, inspected" 256 0 "" \
	timeout 60 "$BIN" gui "$TMP/long.json" --screenshot "$TMP/long.png" --at 30 --size 1280x720 \
	--inspect b
expect_bounded "compare mode on the 3,000-child loop" 256 0 "" \
	timeout 60 "$BIN" gui "$TMP/wide.json" --screenshot "$TMP/cmp.png" --at 1500 --size 1280x720 \
	--compare schedulers=1,4
for f in deep wide long cmp; do
	if [ -s "$TMP/$f.png" ]; then ok "$f.png written"; else bad "$f.png missing"; fi
done
finish
