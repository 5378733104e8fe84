#!/bin/sh
# pkg.sh - hostile environments of an installed beamsim: no font, a font
# file that is not a font, odd scenario directories (BEAMSIM_SCENARIO_DIR).
# The window must still draw (without text) and say how to fix it; the
# picker must list what it can.  Needs the GUI (skipped without it).
. "$(dirname "$0")/lib.sh"

if "$BIN" gui --help 2>&1 | grep -q "built without the GUI"; then
	echo "SKIP: this beamsim has no GUI"; exit 77
fi
export SDL_VIDEODRIVER=dummy
# (expect_bounded execs its command: no shell functions there)
SHOT="$BIN gui $SRC/scenarios/crash_isolation.json --at 40 --screenshot $TMP/shot.png"
PICKER="$BIN gui --overlay picker --screenshot $TMP/picker.png"

# A font file that cannot be opened: before, every text height was 0 and
# the first frame divided by it (SIGFPE).
printf 'not a font\n' >"$TMP/bad.ttf"
BEAMSIM_FONT=$TMP/bad.ttf expect_bounded "BEAMSIM_FONT is not a font: draws without text" 512 0 \
	"cannot open font $TMP/bad.ttf" $SHOT
BEAMSIM_FONT=$TMP/bad.ttf expect_bounded "... the help overlay and compare mode too" 512 0 \
	"drawing without text" $SHOT --overlay help --compare schedulers=1,4
BEAMSIM_FONT=$TMP/bad.ttf expect_bounded "... the picker too" 512 0 "drawing without text" $PICKER
# No font at all: the system font directories hidden in a private mount
# namespace (needs root and unshare; else only the checks above run).
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
	cat >"$TMP/nofont" <<'EOF2'
for d in /usr/share/fonts /usr/local/share/fonts; do
	[ -d "$d" ] && mount -t tmpfs none "$d"
done
exec "$@"
EOF2
	nofont="unshare -m sh $TMP/nofont"
	expect_bounded "no font installed: says to install fonts-dejavu-core" 512 0 \
		"apt install fonts-dejavu-core" $nofont "$BIN" gui --screenshot "$TMP/nofont.png"
	BEAMSIM_FONT=$TMP/missing.ttf expect_bounded "... and names an unreadable BEAMSIM_FONT" 512 0 \
		"BEAMSIM_FONT=$TMP/missing.ttf cannot be read" $nofont "$BIN" gui --screenshot "$TMP/nofont.png"
else
	echo "note: not root or no unshare: the no-font-installed checks did not run"
fi

# Scenario directories for the picker.
BEAMSIM_SCENARIO_DIR=$TMP/none expect "BEAMSIM_SCENARIO_DIR does not exist: empty picker" 0 "" $PICKER
BEAMSIM_SCENARIO_DIR=$TMP/bad.ttf expect "BEAMSIM_SCENARIO_DIR is a file: empty picker" 0 "" $PICKER
long=$TMP/$(printf '%0150d' 0)/$(printf '%0150d' 1)
mkdir -p "$long" && cp "$SRC/scenarios/ring.json" "$long/"
BEAMSIM_SCENARIO_DIR=$long expect "a 300-character directory" 0 "" $PICKER
huge=$(head -c 5000 /dev/zero | tr '\0' d)
BEAMSIM_SCENARIO_DIR=/$huge expect "a 5000-character BEAMSIM_SCENARIO_DIR" 0 "" $PICKER
mkdir -p "$TMP/many"
i=0
while [ $i -lt 3000 ]; do : >"$TMP/many/s$i.json"; i=$((i + 1)); done
BEAMSIM_SCENARIO_DIR=$TMP/many expect_bounded "3000 files in the scenario directory" 512 0 "" $PICKER
finish
