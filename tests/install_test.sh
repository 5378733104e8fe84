#!/bin/sh
# install_test.sh - what `cmake --install` and the .deb (cpack -G DEB) hold,
# and that a beamsim finds its scenarios from any working directory, both
# installed and in its build tree (cli/paths.c).
# Usage: BEAMSIM=build/beamsim CMAKE=cmake CPACK=cpack GUI=0|1 DEB=0|1 \
#        sh tests/install_test.sh SOURCE_DIR BUILD_DIR
# DEB=0 leaves out the .deb (the sanitizer builds: a package of an
# instrumented binary proves nothing more).  Exit 77 (skipped, after every
# install check) only when DEB=1 and dpkg-deb is missing.
set -u
SRC=${1:?source dir}
BUILD=${2:?build dir}
CMAKE=${CMAKE:-cmake}
CPACK=${CPACK:-cpack}
GUI=${GUI:-1}
DEB=${DEB:-1}
BIN=${BEAMSIM:?set BEAMSIM to the built beamsim}
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
SRC=$(abs "$SRC"); BUILD=$(abs "$BUILD"); BIN=$(abs "$BIN")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() {
	name=$1; shift
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
count() { ls "$@" 2>/dev/null | wc -l; }

# 1. cmake --install into a prefix.
P=$TMP/prefix
"$CMAKE" --install "$BUILD" --prefix "$P" >"$TMP/install.log" 2>&1
check "cmake --install exits 0" test $? -eq 0
check "bin/ holds beamsim and nothing else" test "$(ls "$P/bin" 2>/dev/null)" = beamsim
check "only bin/ and share/ (no library, no test)" test "$(ls "$P" | tr '\n' ' ')" = "bin share "
n_src=$(count "$SRC"/scenarios/*.json)
n_inst=$(count "$P"/share/beamsim/scenarios/*.json)
check "the $n_src lessons in share/beamsim/scenarios ($n_inst)" test "$n_src" -gt 20 -a "$n_inst" -eq "$n_src"
same=1
for f in "$SRC"/scenarios/*.json; do
	cmp -s "$f" "$P/share/beamsim/scenarios/${f##*/}" || same=0
done
check "installed lessons equal the source ones" test "$same" -eq 1
check "no benchmark scenarios" test ! -e "$P/share/beamsim/scenarios/bench"
D=$P/share/doc/beamsim
check "README.md, docs/*.md and the schema in share/doc/beamsim" \
	test -f "$D/README.md" -a -f "$D/docs/scenario.schema.json" -a \
	"$(count "$D"/docs/*.md)" -eq "$(count "$SRC"/docs/*.md)"
check "the images in share/doc/beamsim/docs/images" \
	test "$(count "$D"/docs/images/*.png)" -eq "$(count "$SRC"/docs/images/*.png)" -a \
	"$(count "$SRC"/docs/images/*.png)" -gt 0
# Every link from an installed document to a file of these kinds resolves.
broken=""
for md in "$D"/README.md "$D"/docs/*.md; do
	for l in $(grep -o '](\([^)#]*\)' "$md" | sed 's/^](//' | grep -v -e '^[a-z]*:' -e '^$'); do
		case $l in *.md|*.png|*.gif|*.json) [ -f "${md%/*}/$l" ] || broken="$broken ${md##*/}:$l" ;; esac
	done
done
check "every link to a .md, .png, .gif or .json of the installed docs resolves$broken" test -z "$broken"

# 2. The scenario directory (the picker) from another working directory:
# the installed one next to the executable, then the source tree's.  The
# installed copy is cut to three lessons so that the two differ on screen.
if [ "$GUI" = 1 ]; then
	for f in "$P"/share/beamsim/scenarios/*.json; do
		case ${f##*/} in default.json|ring.json|monitors.json) ;; *) rm -f "$f" ;; esac
	done
	picker() {  # picker OUT BINARY [VAR=VALUE]: a screenshot of the picker, taken in $TMP
		out=$1; bin=$2; shift 2
		(cd "$TMP" && env -u BEAMSIM_SCENARIO_DIR "$@" SDL_VIDEODRIVER=dummy \
			"$bin" gui --overlay picker --screenshot "$TMP/$out.png" >>"$TMP/gui.log" 2>&1) &&
			test -s "$TMP/$out.png"
	}
	same_png() { test -s "$TMP/$1.png" -a -s "$TMP/$2.png" && cmp -s "$TMP/$1.png" "$TMP/$2.png"; }
	check "installed: picker screenshot" picker inst "$P/bin/beamsim"
	check "env: picker of the installed dir" picker env-inst "$P/bin/beamsim" \
		BEAMSIM_SCENARIO_DIR="$P/share/beamsim/scenarios"
	check "env: picker of the source dir" picker env-src "$P/bin/beamsim" \
		BEAMSIM_SCENARIO_DIR="$SRC/scenarios"
	check "built: picker screenshot" picker built "$BIN"
	check "an installed beamsim lists share/beamsim/scenarios" same_png inst env-inst
	check "which differs from the source tree's list" sh -c "! cmp -s '$TMP/inst.png' '$TMP/env-src.png'"
	check "a beamsim in its build tree lists the source tree's scenarios" same_png built env-src
	check "BEAMSIM_SCENARIO_DIR wins over the installed dir" \
		picker env-none "$P/bin/beamsim" BEAMSIM_SCENARIO_DIR="$TMP/none"
	check "(an empty list looks different)" sh -c "! cmp -s '$TMP/inst.png' '$TMP/env-none.png'"
fi

# 3. The Debian package.
if [ "$DEB" != 1 ]; then
	echo "note: the .deb is checked in the plain build only"
	exit $fail
fi
if ! command -v dpkg-deb >/dev/null 2>&1; then
	echo "SKIP the .deb checks: dpkg-deb not installed"
	[ "$fail" -eq 0 ] && exit 77
	exit 1
fi
"$CPACK" -G DEB --config "$BUILD/CPackConfig.cmake" -B "$TMP/pkg" >"$TMP/cpack.log" 2>&1
rc=$?
check "cpack -G DEB exits 0 (got $rc)" test $rc -eq 0
[ $rc -eq 0 ] || cat "$TMP/cpack.log"
deb=$(ls "$TMP"/pkg/beamsim_*.deb 2>/dev/null | head -1)
check "it writes beamsim_<version>_<arch>.deb" test -n "$deb"
if [ -n "$deb" ]; then
	dpkg-deb -I "$deb" >"$TMP/info" 2>&1
	dpkg-deb -c "$deb" | awk '{ print $6 }' >"$TMP/files"
	field() { dpkg-deb -f "$deb" "$1"; }
	check "its name is beamsim_$(field Version)_$(field Architecture).deb" \
		test "${deb##*/}" = "beamsim_$(field Version)_$(field Architecture).deb"
	for f in Maintainer Section Description; do
		check "$f: $(field "$f" | head -1)" test -n "$(field "$f")"
	done
	deps=$(field Depends)
	want="libc6 libcjson1"
	[ "$GUI" = 1 ] && want="$want libsdl2-2.0-0 libsdl2-ttf-2.0-0 libpng16-16 fonts-dejavu-core"
	for p in $want; do
		check "Depends names $p" sh -c "echo '$deps' | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx '$p'"
	done
	check "usr/bin/beamsim" grep -qx './usr/bin/beamsim' "$TMP/files"
	check "the $n_src lessons in usr/share/beamsim/scenarios" \
		test "$(grep -c '^\./usr/share/beamsim/scenarios/.*\.json$' "$TMP/files")" -eq "$n_src"
	check "usr/share/doc/beamsim/README.md" grep -qx './usr/share/doc/beamsim/README.md' "$TMP/files"
	check "no test, benchmark or library in it" \
		sh -c "! grep -e test_ -e bench -e '\\.a\$' -e '/lib/' '$TMP/files'"
fi
exit $fail
