#!/bin/sh
# check-layers.sh - fails when a C file crosses a layer of beamsim
# (docs/architecture.md, "Layers and headers").  Run by ctest as `layers`.
#
# usage: sh scripts/check-layers.sh [ROOT]     (ROOT: the source tree, default ..)
#
# The rules, on every #include of every .c/.h file under sim/, cli/, gui/,
# chart/, common/, bench/ and tests/:
#   1. <SDL...> or "SDL..." only in the GUI's platform files (PLATFORM below);
#   2. nothing in sim/ includes SDL, or a header of gui/, cli/ or chart/;
#   3. the public header (sim/include/) includes no internal one;
#   4. front ends (cli/, gui/, chart/, bench/) and the tests of the public API include
#      no internal header of the engine (sim/*.h).  The tests that check
#      internals are listed in tests/CMakeLists.txt (BEAMSIM_INTERNAL_TESTS),
#      which links them to beamsim_internal; only they may;
#   5. common/ (what the front ends share, under both) includes only system
#      headers (<...>) and its own: no header of sim/, gui/, cli/ or chart/.
# Each violation is one line "check-layers: FILE:LINE: ..." on stderr; the
# exit status is 1 when there is any, 2 when ROOT is not a beamsim tree.
set -u
ROOT=${1:-$(dirname "$0")/..}
PLATFORM="gui/gui.c gui/text.c gui/pngout.c"

if [ ! -f "$ROOT/sim/include/sim.h" ] || [ ! -f "$ROOT/tests/CMakeLists.txt" ]; then
	echo "check-layers: $ROOT is not a beamsim source tree (no sim/include/sim.h)" >&2
	exit 2
fi
cd "$ROOT" || exit 2

# Header names by layer, one list each ("engine.h scenario.h ...").
names() { for f in "$@"; do [ -f "$f" ] && printf '%s ' "${f##*/}"; done; }
INTERNAL=$(names sim/*.h)
FRONT=$(names gui/*.h cli/*.h chart/*.h)
COMMON=$(names common/*.h)
# The tests allowed to include internal headers, as paths under tests/.
ALLOWED=$(sed -n '/^set(BEAMSIM_INTERNAL_TESTS/,/)/p' tests/CMakeLists.txt |
          sed 's/set(BEAMSIM_INTERNAL_TESTS//; s/)//' | tr '\t\n' '  ')

# Every include as "file<TAB>line<TAB>name", name with its <> or "".
find sim cli gui chart common bench tests -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort |
xargs awk '/^[ \t]*#[ \t]*include[ \t]*[<"]/ {
	s = $0; sub(/^[ \t]*#[ \t]*include[ \t]*/, "", s)
	q = substr(s, 1, 1); e = q == "<" ? ">" : "\""
	n = substr(s, 2); n = substr(n, 1, index(n, e) - 1)
	printf "%s\t%d\t%s%s%s\n", FILENAME, FNR, q, n, e
}' | awk -F '\t' -v platform=" $PLATFORM " -v internal=" $INTERNAL " -v front=" $FRONT " \
           -v allowed=" $ALLOWED " -v common=" $COMMON " '
function base(n) { n = substr(n, 2, length(n) - 2); sub(/.*\//, "", n); return n }
function bad(msg) { printf "check-layers: %s:%d: includes %s: %s\n", $1, $2, $3, msg; n++ }
{
	f = $1; h = base($3); dir = f; sub(/\/.*/, "", dir)
	sdl = h ~ /^SDL/
	if (sdl && dir == "sim")
		bad("the engine (sim/) never includes SDL")
	else if (sdl && index(platform, " " f " ") == 0)
		bad("SDL only in the GUI platform files (" substr(platform, 2, length(platform) - 2) ")")
	if (dir == "sim" && !sdl && index(front, " " h " ") && $3 !~ /^</)
		bad("the engine (sim/) includes no gui/, cli/ or chart/ header")
	if (f ~ /^sim\/include\// && index(internal, " " h " ") && $3 !~ /^</)
		bad("the public header includes no internal header of sim/")
	if (dir != "sim" && dir != "common" && index(internal, " " h " ") && $3 !~ /^</) {
		t = f; sub(/^tests\//, "", t)
		if (dir != "tests" || index(allowed, " " t " ") == 0)
			bad("front ends and public-API tests use only sim.h (internal tests: " \
			    "BEAMSIM_INTERNAL_TESTS in tests/CMakeLists.txt)")
	}
	if (dir == "common" && $3 !~ /^</ && index(common, " " h " ") == 0)
		bad("common/ includes only system headers and its own (no sim/, gui/, cli/ or chart/ header)")
}
END { exit n > 0 }' >&2
rc=$?
if [ $rc -ne 0 ]; then
	echo "check-layers: the layers are crossed (docs/architecture.md, \"Layers and headers\")" >&2
	exit 1
fi
echo "check-layers: the layers hold ($(find sim cli gui chart common bench tests -type f \( -name '*.c' -o -name '*.h' \) | wc -l | tr -d ' ') files)"
