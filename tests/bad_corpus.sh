#!/bin/sh
# bad_corpus.sh - `beamsim check` on every malformed scenario of
# tests/data/bad/: each NAME.json has a NAME.expect whose first line is the
# expected exit code and whose other lines are fixed strings that must each
# appear in stderr (the messages a student reads).  Three more cases are made
# at test time rather than committed: a directory instead of a file, a
# sparse file over the 64 MiB limit, and a file that does not exist.
# Usage: BEAMSIM=path/to/beamsim sh tests/bad_corpus.sh SOURCE_DIR
# Prints one line per file and "N passed, M failed" last; exits 1 on failure.
set -u
SRC=${1:?source dir}
BIN=${BEAMSIM:?set BEAMSIM to the beamsim binary}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
DATA=$SRC/tests/data/bad
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

# check DIR NAME EXPECTFILE: runs `beamsim check NAME` inside DIR (so the
# messages start with NAME) and compares with EXPECTFILE.
check() {
	dir=$1 name=$2 exp=$3
	(cd "$dir" && "$BIN" check "$name" >"$TMP/out" 2>"$TMP/err")
	rc=$?
	want=$(head -n 1 "$exp")
	why=""
	if [ "$rc" != "$want" ]; then
		why="exit $rc, expected $want"
	elif [ -s "$TMP/out" ]; then
		why="unexpected output on stdout"
	else
		# Each expected line must appear in stderr.
		tail -n +2 "$exp" >"$TMP/want"
		while IFS= read -r line || [ -n "$line" ]; do
			[ -z "$line" ] && continue
			if ! grep -qF -- "$line" "$TMP/err"; then
				why="stderr lacks: $line"
				break
			fi
		done <"$TMP/want"
		if [ -z "$why" ] && [ "$want" != 0 ] && ! [ -s "$TMP/err" ]; then
			why="no message"
		fi
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); echo "FAIL $name ($why)"; sed 's/^/     | /' "$TMP/err" | head -10
	fi
}

for f in "$DATA"/*.json; do
	name=$(basename "$f")
	exp="$DATA/${name%.json}.expect"
	if [ ! -f "$exp" ]; then
		fail=$((fail + 1)); echo "FAIL $name (no ${name%.json}.expect)"; continue
	fi
	check "$DATA" "$name" "$exp"
done
for e in "$DATA"/*.expect; do
	[ -e "${e%.expect}.json" ] || { fail=$((fail + 1)); echo "FAIL $(basename "$e") (no .json)"; }
done

# Made at test time.
mkdir -p "$TMP/gen/directory.json"
printf '4\ndirectory.json: error: cannot read: is a directory\n' >"$TMP/directory.expect"
check "$TMP/gen" directory.json "$TMP/directory.expect"

printf '{"processes": [{"name": "a", "program": []}]}\n' >"$TMP/gen/too_big.json"
# 64 MiB + 1 byte: sparse, no disk space used.
if truncate -s 67108865 "$TMP/gen/too_big.json" 2>/dev/null ||
   dd if=/dev/null of="$TMP/gen/too_big.json" bs=1 seek=67108865 2>/dev/null; then
	printf '3\ntoo_big.json: error: the file is larger than 64 MiB\n' >"$TMP/too_big.expect"
	check "$TMP/gen" too_big.json "$TMP/too_big.expect"
fi

printf '4\nmissing.json: error: cannot read: no such file or directory\n' >"$TMP/missing.expect"
check "$TMP/gen" missing.json "$TMP/missing.expect"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
