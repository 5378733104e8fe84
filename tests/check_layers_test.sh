#!/bin/sh
# check_layers_test.sh - scripts/check-layers.sh fails on each kind of
# deliberate violation (exit 1 and a message naming the file, the line and
# the rule), on a temporary copy of the C sources; and passes on the copy
# as it is.  Run by ctest as `layers_violations`.
#
# usage: sh tests/check_layers_test.sh SOURCE_DIR
set -u
SRC=${1:?usage: check_layers_test.sh SOURCE_DIR}
CHECK="$SRC/scripts/check-layers.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/beamsim-layers.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
fails=0
cases=0

# A copy of what the check reads: the C files and tests/CMakeLists.txt.
mkdir -p "$TMP/base"
(cd "$SRC" && find sim cli gui chart common bench tests -type f \( -name '*.c' -o -name '*.h' \) &&
 echo tests/CMakeLists.txt) | (cd "$SRC" && xargs tar cf -) | (cd "$TMP/base" && tar xf -) ||
	exit 1
fresh() {
	rm -rf "$TMP/tree"
	cp -R "$TMP/base" "$TMP/tree"
}

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# violation FILE LINE 'TEXT' 'EXPECTED MESSAGE': inserts TEXT as line LINE of
# FILE in a fresh copy; the check must exit 1 and print
# "check-layers: FILE:LINE: includes ...: EXPECTED MESSAGE".
violation() {
	cases=$((cases + 1))
	fresh
	awk -v l="$2" -v t="$3" 'FNR == l { print t } { print }' "$TMP/tree/$1" >"$TMP/x" &&
		mv "$TMP/x" "$TMP/tree/$1"
	sh "$CHECK" "$TMP/tree" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ $rc -eq 1 ] || fail "$1 with '$3': exit $rc, expected 1"
	grep -qF "check-layers: $1:$2: includes " "$TMP/err" && grep -qF "$4" "$TMP/err" ||
		fail "$1 with '$3': no line '$1:$2: ... $4' in: $(cat "$TMP/err")"
	[ "$(grep -c '^check-layers: .*:[0-9]*: includes' "$TMP/err")" -eq 1 ] ||
		fail "$1 with '$3': expected exactly one violation, got: $(cat "$TMP/err")"
	[ -s "$TMP/out" ] && fail "$1 with '$3': said on stdout: $(cat "$TMP/out")"
	return 0
}

# The copy as it is passes.
cases=$((cases + 1))
fresh
sh "$CHECK" "$TMP/tree" >"$TMP/out" 2>"$TMP/err" || fail "clean copy: exit $?: $(cat "$TMP/err")"
grep -q 'the layers hold' "$TMP/out" || fail "clean copy: no 'the layers hold': $(cat "$TMP/out")"

# 1. SDL outside the platform files (a drawing file, a core header, a test, the bench).
violation gui/render.c 3 '#include <SDL.h>' 'SDL only in the GUI platform files'
violation gui/draw.h 12 '#include <SDL.h>' 'SDL only in the GUI platform files'
violation gui/app.c 3 '#  include   "SDL_timer.h"' 'SDL only in the GUI platform files'
violation tests/gui_test_render.c 3 '#include <SDL2/SDL.h>' 'SDL only in the GUI platform files'
violation bench/gui_bench.c 20 '#include <SDL.h>' 'SDL only in the GUI platform files'
violation chart/chart_svg.c 3 '#include <SDL.h>' 'SDL only in the GUI platform files'
# 2. The engine includes SDL, a gui/ or a cli/ header.
violation sim/sched.c 3 '#include <SDL.h>' 'the engine (sim/) never includes SDL'
violation sim/view.c 3 '#include "render.h"' 'the engine (sim/) includes no gui/, cli/ or chart/ header'
violation sim/exec.c 3 '#include "../cli/args.h"' 'the engine (sim/) includes no gui/, cli/ or chart/ header'
violation sim/summary.c 3 '#include "chart.h"' 'the engine (sim/) includes no gui/, cli/ or chart/ header'
# 3. The public header includes an internal one.
violation sim/include/sim.h 3 '#include "engine.h"' 'the public header includes no internal header'
# 4. A front end or a public-API test includes an internal header.
violation cli/main.c 3 '#include "engine.h"' 'front ends and public-API tests use only sim.h'
violation gui/session.c 3 '#include "scenario_load.h"' 'front ends and public-API tests use only sim.h'
violation bench/bench.c 3 '#include "scenario.h"' 'front ends and public-API tests use only sim.h'
violation chart/chart.c 3 '#include "engine.h"' 'front ends and public-API tests use only sim.h'
violation tests/test_words.c 3 '#include "engine.h"' 'front ends and public-API tests use only sim.h'
violation tests/fuzz/fuzz_load.c 3 '#include "jsonout.h"' 'front ends and public-API tests use only sim.h'
# 5. What the front ends share includes a header of beamsim, or SDL.
violation common/afile.c 3 '#include "sim.h"' 'common/ includes only system headers and its own'
violation common/afile.h 30 '#include "outfile.h"' 'common/ includes only system headers and its own'
violation common/afile.c 4 '#include "engine.h"' 'common/ includes only system headers and its own'
violation common/afile.c 3 '#include <SDL.h>' 'SDL only in the GUI platform files'

# Not a violation: a test listed in BEAMSIM_INTERNAL_TESTS including one more internal header.
cases=$((cases + 1))
fresh
awk 'FNR == 3 { print "#include \"scenario_load.h\"" } { print }' "$TMP/tree/tests/test_archive.c" \
	>"$TMP/x" && mv "$TMP/x" "$TMP/tree/tests/test_archive.c"
sh "$CHECK" "$TMP/tree" >/dev/null 2>"$TMP/err" || fail "internal test: exit $?: $(cat "$TMP/err")"

# Not a tree: exit 2 and says so.
cases=$((cases + 1))
mkdir -p "$TMP/empty"
sh "$CHECK" "$TMP/empty" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'not a beamsim source tree' "$TMP/err" || fail "empty dir: exit $rc: $(cat "$TMP/err")"

echo "check_layers_test: $cases cases, $fails failures"
[ $fails -eq 0 ]
