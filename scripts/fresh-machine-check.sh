#!/bin/sh
# fresh-machine-check.sh - proves on a bare Debian 12 that the README's first
# command works and that the .deb installs and runs.  As root:
#
#   sh scripts/fresh-machine-check.sh [--root DIR] [--clean] [--mirror URL]
#
# 1. A minimal Debian 12 root, `debootstrap --variant=minbase bookworm`, from
#    the Debian mirror apt uses on this machine (the first `deb` entry for
#    bookworm in /etc/apt/sources.list and /etc/apt/sources.list.d/, unless
#    --mirror), cached in DIR/base (DIR: /var/cache/beamsim-fresh).
# 2. A fresh copy of it, with the working tree in /src (the files git knows,
#    tracked or new, as they are on disk).  In a chroot, as root, without
#    DISPLAY:  sh scripts/install-deps.sh && sh scripts/build.sh && ./build/beamsim
#    must exit 0 with the text run's "Run ended:" line; then `cpack -G DEB`
#    builds the package; then, with cmocka added, build.sh builds the tests.
# 3. A second fresh copy: `apt install ./beamsim_*.deb`, and from /tmp:
#    `beamsim run`, `beamsim check /usr/share/beamsim/scenarios/*.json`,
#    `beamsim gui --screenshot` (font found; the picker lists the installed
#    scenarios).
#
# Downloaded .debs are kept in DIR/apt-archives (bind-mounted as both roots'
# apt cache) so that reruns download nothing; --clean deletes DIR first.
# Logs are in DIR/logs.  Exit 0 when every check passed, 1 when one failed,
# 2 on a usage or setup error.  Takes minutes: CI does not run it.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
ROOT=/var/cache/beamsim-fresh
CLEAN=0
MIRROR=""
die() { echo "fresh-machine-check: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--root) [ $# -ge 2 ] || die "--root needs a directory"; ROOT=$2; shift 2 ;;
	--root=*) ROOT=${1#--root=}; shift ;;
	--mirror) [ $# -ge 2 ] || die "--mirror needs a URL"; MIRROR=$2; shift 2 ;;
	--mirror=*) MIRROR=${1#--mirror=}; shift ;;
	--clean) CLEAN=1; shift ;;
	-h|--help) sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done
[ "$(id -u)" -eq 0 ] || die "run it as root (debootstrap, mount and chroot need it)"
for tool in debootstrap chroot mount umount tar dpkg-deb; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install debootstrap)"
done
case $ROOT in
/*) ;;
*) ROOT=$(pwd)/$ROOT ;;
esac
case $ROOT in
*[[:space:]]*|/) die "--root: choose a directory without spaces, not /" ;;
esac

# The mirror of the first `deb` source for bookworm, in apt's order.
find_mirror() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do
		[ -f "$f" ] || continue
		case $f in
		*.list)
			awk '$1 == "deb" {
				i = 2
				if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
				if ($(i + 1) == "bookworm") { print $i; exit }
			}' "$f" ;;
		*.sources)
			awk 'BEGIN { RS = ""; FS = "\n" } {
				types = ""; uris = ""; suites = ""; enabled = "yes"
				for (i = 1; i <= NF; i++) {
					l = $i
					if (l ~ /^#/) continue
					k = tolower(l); sub(/:.*/, "", k); sub(/^[^:]*:[ \t]*/, "", l)
					if (k == "types") types = l
					else if (k == "uris") uris = l
					else if (k == "suites") suites = l
					else if (k == "enabled") enabled = tolower(l)
				}
				if (enabled != "no" && (" " types " ") ~ / deb / && (" " suites " ") ~ / bookworm /) {
					split(uris, u, /[ \t]+/); print u[1]; exit
				}
			}' "$f" ;;
		esac
	done
}
if [ -z "$MIRROR" ]; then
	MIRROR=$(find_mirror | head -1)
	[ -n "$MIRROR" ] || die "no 'deb' source for bookworm in /etc/apt/sources.list{,.d}; give one with --mirror URL"
fi

BASE=$ROOT/base
BUILD_ROOT=$ROOT/build-root
DEB_ROOT=$ROOT/deb-root
LOGS=$ROOT/logs
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Mount points under ROOT, deepest first (from /proc/mounts).
mounts_under() {
	awk -v r="$ROOT/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r
}
MOUNTED=""
umount_all() {
	for m in $MOUNTED $(mounts_under); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
	MOUNTED=""
}
trap umount_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Removes a directory under ROOT, never through a mount point.
remove() {
	umount_all
	[ -z "$(mounts_under)" ] || die "still mounted under $ROOT: $(mounts_under | tr '\n' ' ')"
	rm -rf --one-file-system "$1"
}

# Mounts /proc, /dev, /dev/pts and the shared apt cache into root $1.
mount_into() {
	mount -t proc proc "$1/proc"; MOUNTED="$1/proc $MOUNTED"
	mount --bind /dev "$1/dev"; MOUNTED="$1/dev $MOUNTED"
	mount --bind /dev/pts "$1/dev/pts"; MOUNTED="$1/dev/pts $MOUNTED"
	mkdir -p "$ROOT/apt-archives/partial" "$1/var/cache/apt/archives"
	mount --bind "$ROOT/apt-archives" "$1/var/cache/apt/archives"
	MOUNTED="$1/var/cache/apt/archives $MOUNTED"
	cp -L /etc/resolv.conf "$1/etc/resolv.conf"
}

# Runs the shell command $2 in root $1 as root, with a clean environment
# (no DISPLAY); its output goes to the log $3.
in_root() {
	env -i HOME=/root PATH=$CHROOT_PATH LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
		chroot "$1" /bin/sh -c "$2" >"$3" 2>&1
}

# A fresh copy of the cached base in $1.
fresh_root() {
	remove "$1"
	cp -a "$BASE" "$1"
}

FAILED=0
RESULTS=""
check() {
	name=$1; shift
	if "$@"; then line="ok   $name"; else line="FAIL $name"; FAILED=1; fi
	echo "$line"
	RESULTS="$RESULTS$line
"
}
has() { grep -q -- "$2" "$1"; }
now() { date +%s; }
T0=$(now)
elapsed() { echo "$(( $(now) - $1 )) s"; }

if [ "$CLEAN" = 1 ]; then
	echo "== --clean: removing $ROOT"
	remove "$ROOT"
fi
mkdir -p "$ROOT" "$LOGS"

# 1. The cached minimal root.
t=$(now)
if [ ! -f "$ROOT/base.complete" ]; then
	echo "== debootstrap --variant=minbase bookworm $BASE $MIRROR"
	remove "$BASE"
	debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1 ||
		{ tail -20 "$LOGS/debootstrap.log"; die "debootstrap failed (log: $LOGS/debootstrap.log)"; }
	touch "$ROOT/base.complete"
	T_BASE="debootstrap $(elapsed "$t")"
else
	T_BASE="cached base"
fi
echo "== base root: $T_BASE (mirror $MIRROR)"

# 2. The README's first command on the source tree.
t=$(now)
fresh_root "$BUILD_ROOT"
mkdir -p "$BUILD_ROOT/src"
if command -v git >/dev/null 2>&1 && git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$SRC" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf -) | tar -xf - -C "$BUILD_ROOT/src"
else
	(cd "$SRC" && tar --exclude=./build --exclude='./build-*' -cf - .) | tar -xf - -C "$BUILD_ROOT/src"
fi
mount_into "$BUILD_ROOT"
echo "== in a fresh root: sh scripts/install-deps.sh && sh scripts/build.sh && ./build/beamsim"
rc=0
in_root "$BUILD_ROOT" 'cd /src && sh scripts/install-deps.sh && sh scripts/build.sh && ./build/beamsim' \
	"$LOGS/first-command.log" || rc=$?
tail -3 "$LOGS/first-command.log"
check "the README's first command exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "beamsim ran: the text run's 'Run ended:' line" has "$LOGS/first-command.log" '^Run ended: '
check "it says there is no display" has "$LOGS/first-command.log" 'no display, showing the text run'
check "CMake says the tests are not built (no cmocka)" has "$LOGS/first-command.log" 'the tests are not built'
check "no test program was built" [ ! -e "$BUILD_ROOT/src/build/tests" ]
T_FIRST=$(elapsed "$t")

t=$(now)
rm -f "$ROOT"/beamsim_*.deb
rc=0
in_root "$BUILD_ROOT" 'cd /src/build && cpack -G DEB' "$LOGS/cpack.log" || rc=$?
check "cpack -G DEB builds the package (exit $rc)" [ "$rc" -eq 0 ]
for deb in "$BUILD_ROOT"/src/build/beamsim_*.deb; do
	[ -f "$deb" ] && cp "$deb" "$ROOT/"
done
DEB=$(ls "$ROOT"/beamsim_*.deb 2>/dev/null | head -1 || true)
check "the package is beamsim_<version>_<arch>.deb" [ -n "$DEB" ]
if [ -n "$DEB" ]; then
	deps=$(dpkg-deb -f "$DEB" Depends)
	echo "   Depends: $deps"
	for p in libsdl2-2.0-0 libsdl2-ttf-2.0-0 libcjson1 libpng16-16 libgif7 fonts-dejavu-core; do
		check "Depends names $p" sh -c "echo '$deps' | grep -q '\\(^\\|, \\)$p\\( \\|,\\|\$\\)'"
	done
	check "the package holds no test program" \
		sh -c "! dpkg-deb -c '$DEB' | grep -q -e '/test_' -e '/gui_test_' -e 'bench'"
fi
T_DEB=$(elapsed "$t")

t=$(now)
rc=0
in_root "$BUILD_ROOT" 'apt-get install -y -qq --no-install-recommends libcmocka-dev &&
	cd /src && sh scripts/build.sh && ctest --test-dir build -R "^(test_lessons|cli)\$" --no-tests=error' \
	"$LOGS/with-cmocka.log" || rc=$?
check "with cmocka, build.sh builds the tests and they pass (exit $rc)" [ "$rc" -eq 0 ]
T_CMOCKA=$(elapsed "$t")
umount_all

# 3. The package on a second fresh root.
t=$(now)
if [ -n "$DEB" ]; then
	fresh_root "$DEB_ROOT"
	cp "$DEB" "$DEB_ROOT/tmp/"
	mount_into "$DEB_ROOT"
	rc=0
	in_root "$DEB_ROOT" 'apt-get update -qq && cd /tmp && apt install -y ./beamsim_*.deb' \
		"$LOGS/deb-install.log" || rc=$?
	check "apt install ./beamsim_*.deb (exit $rc)" [ "$rc" -eq 0 ]
	check "nothing to build with there (no build-essential)" \
		sh -c "! chroot '$DEB_ROOT' dpkg -s build-essential >/dev/null 2>&1"
	rc=0
	in_root "$DEB_ROOT" 'cd /tmp && beamsim run' "$LOGS/deb-run.log" || rc=$?
	check "beamsim run (default scenario) exits 0 (got $rc)" [ "$rc" -eq 0 ]
	check "beamsim run prints 'Run ended:'" has "$LOGS/deb-run.log" '^Run ended: '
	rc=0
	in_root "$DEB_ROOT" 'beamsim check /usr/share/beamsim/scenarios/*.json' "$LOGS/deb-check.log" || rc=$?
	n=$(ls "$DEB_ROOT"/usr/share/beamsim/scenarios/*.json 2>/dev/null | wc -l)
	ok=$(grep -c ': ok (' "$LOGS/deb-check.log" || true)
	check "beamsim check of the $n installed scenarios: $ok ok (exit $rc)" \
		sh -c "[ $rc -eq 0 ] && [ $n -ge 20 ] && [ $ok -eq $n ]"
	check "the docs and the schema are installed" \
		sh -c "[ -f '$DEB_ROOT/usr/share/doc/beamsim/README.md' ] &&
		       [ -f '$DEB_ROOT/usr/share/doc/beamsim/docs/scenario.schema.json' ]"
	rc=0
	in_root "$DEB_ROOT" 'cd /tmp && beamsim gui --screenshot /tmp/shot.png &&
		beamsim gui --overlay picker --screenshot /tmp/picker.png &&
		BEAMSIM_SCENARIO_DIR=/usr/share/beamsim/scenarios beamsim gui --overlay picker --screenshot /tmp/picker-usr.png &&
		BEAMSIM_SCENARIO_DIR=/nonexistent beamsim gui --overlay picker --screenshot /tmp/picker-none.png' \
		"$LOGS/deb-gui.log" || rc=$?
	check "beamsim gui --screenshot exits 0 (got $rc)" [ "$rc" -eq 0 ]
	check "it finds the font (no font message)" sh -c "! grep -qi 'font' '$LOGS/deb-gui.log'"
	rc=0
	in_root "$DEB_ROOT" 'cd /tmp && beamsim gui --gif /tmp/anim.gif --to 3 --fps 2' \
		"$LOGS/deb-gif.log" || rc=$?
	check "beamsim gui --gif exits 0 (got $rc)" [ "$rc" -eq 0 ]
	check "the GIF is a GIF89a" sh -c "[ \"\$(head -c 6 '$DEB_ROOT/tmp/anim.gif')\" = GIF89a ]"
	png() { [ -s "$1" ] && [ "$(od -An -tx1 -N4 "$1" | tr -d ' ')" = "89504e47" ]; }
	check "the screenshot is a PNG" png "$DEB_ROOT/tmp/shot.png"
	check "the picker lists /usr/share/beamsim/scenarios from /tmp" \
		sh -c "[ -s '$DEB_ROOT/tmp/picker.png' ] && cmp -s '$DEB_ROOT/tmp/picker.png' '$DEB_ROOT/tmp/picker-usr.png'"
	check "and an empty picker looks different" \
		sh -c "[ -s '$DEB_ROOT/tmp/picker-none.png' ] && ! cmp -s '$DEB_ROOT/tmp/picker.png' '$DEB_ROOT/tmp/picker-none.png'"
	umount_all
fi
T_INSTALL=$(elapsed "$t")

echo "== fresh-machine-check $(date -u '+%Y-%m-%d %H:%M UTC'), mirror $MIRROR"
echo "   base: $T_BASE; first command: $T_FIRST; .deb: $T_DEB; tests with cmocka: $T_CMOCKA;"
echo "   package on a second root: $T_INSTALL; total $(elapsed "$T0")"
printf '%s' "$RESULTS" | grep -c '^ok' | sed 's/$/ checks passed/'
if [ "$FAILED" -ne 0 ]; then
	printf '%s' "$RESULTS" | grep '^FAIL'
	echo "logs: $LOGS"
	exit 1
fi
echo "all checks passed (logs: $LOGS)"
