#!/bin/sh
# install-deps.sh - installs the Debian 12 packages beamsim needs, if missing.
#   sh scripts/install-deps.sh          build and run dependencies
#   sh scripts/install-deps.sh --test   plus what the test suite needs (cmocka, ...)
set -eu
# Everything `sh scripts/build.sh` and `./build/beamsim` need on a minimal
# Debian 12 (scripts/fresh-machine-check.sh proves it); `file` lets
# `cpack -G DEB` compute the package's Depends with dpkg-shlibdeps.
# libgif-dev: `beamsim gui --gif` and the G key (giflib; libgif7 at run time).
PKGS="build-essential cmake pkg-config libcjson-dev libsdl2-dev libsdl2-ttf-dev libpng-dev libgif-dev fonts-dejavu-core file"
if [ "${1:-}" = "--test" ]; then
	# clang-14 + libclang-rt-14-dev: libFuzzer and the sanitizer runtimes (tests/fuzz/run.sh);
	# libgif-dev again: tests/gui_test_gif.c decodes GIFs with giflib;
	# libxml2-utils: xmllint for the SVG sequence charts (tests/chart_export.sh);
	# librsvg2-bin: rsvg-convert, their PNGs in the docs (scripts/docs-images.sh)
	PKGS="$PKGS libgif-dev libcmocka-dev nodejs npm clang-14 libclang-rt-14-dev xvfb xdotool imagemagick erlang-base"
	PKGS="$PKGS libxml2-utils librsvg2-bin"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# A node/npm already on PATH (not from Debian) is fine for the schema check.
if command -v npm >/dev/null 2>&1; then
	missing=$(echo "$missing" | sed 's/ nodejs//; s/ npm//')
fi
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
