#!/bin/sh
# msgval.sh - hostile inputs of message values and receive patterns: one
# `send` whose message is an 8 MiB value of each shape (dense integers,
# nested empty arrays, an object, one long string, short decimals), a
# pattern as big, and a repeated key at the end of an 8 MiB object.  Each
# must load and run within 4 times the file plus 32 MiB of address space
# (tests/hostile/lib.sh).  Before the fix (a 72-byte cJSON node per value)
# `check` took ~37 times the file (310 MB for 8 MiB of [1,1,...]), and an
# 8 MiB string message crashed ("double free or corruption").
. "$(dirname "$0")/lib.sh"

BYTES=$((8 * 1048576 - 400))   # of the value, so that the file is < 8 MiB

# A file whose process a sends the value printed by `$1` to b, which takes
# any message; or, with a second argument, the value is b's pattern too.
scenario() {
	printf '{"format": 1, "processes": [{"name": "a", "program": [{"op": "send", '
	printf '"to": "b", "message": '; $1
	printf '}]}, {"name": "b", "program": [{"op": "receive", "cases": [{"match": '
	if [ $# -gt 1 ]; then $1; else printf '"_"'; fi
	printf '}]}]}]}\n'
}
ints() { awk -v n=$BYTES 'BEGIN { printf "["; for (i = 2; i < n; i += 2) printf "1,"; printf "1]" }'; }
empties() { awk -v n=$BYTES 'BEGIN { printf "["; for (i = 3; i < n; i += 3) printf "[],"; printf "[]]" }'; }
object() { awk -v n=$BYTES 'BEGIN { printf "{"; for (i = 0; (i + 1) * 13 < n; i++) printf "\"k%07d\":1,", i; printf "\"z\":0}" }'; }
string() { printf '"'; head -c $BYTES /dev/zero | tr '\0' 'x'; printf '"'; }
decimals() { awk -v n=$BYTES 'BEGIN { printf "["; for (i = 4; i < n; i += 4) printf "1.5,"; printf "1.5]" }'; }
dup_object() { awk -v n=$BYTES 'BEGIN { printf "{"; for (i = 0; (i + 2) * 13 < n; i++) printf "\"k%07d\":1,", i; printf "\"k0000007\":2}" }'; }

for shape in ints empties object string decimals; do
	scenario $shape >"$TMP/$shape.json"
	expect_bounded "check: 8 MiB message ($shape)" 64 0 "ok" "$BIN" check "$TMP/$shape.json"
	expect_bounded "run --log: 8 MiB message ($shape)" 64 0 "..." \
		"$BIN" run "$TMP/$shape.json" --log --summary "$TMP/summary.json"
	grep -q '"end":	"all_exited"' "$TMP/summary.json" && ok "summary after $shape" ||
		bad "summary after $shape (no all_exited)"
done

# The pattern as big as the message: the receive matches it element by
# element (b takes it and exits, so the run ends all_exited).
scenario ints pattern >"$TMP/pattern.json"
expect_bounded "run: 8 MiB pattern matching an 8 MiB message" 96 0 "" \
	"$BIN" run "$TMP/pattern.json" --summary "$TMP/summary.json"
grep -q '"received":	1' "$TMP/summary.json" && ok "the big pattern matched" ||
	bad "the big pattern matched (no received: 1)"

# A repeated key at the very end of an 8 MiB object: found, and reported
# at its line and column.
scenario dup_object >"$TMP/dup.json"
col=$(($(grep -bo '"k0000007":2' "$TMP/dup.json" | cut -d: -f1) + 1))
expect_bounded "check: repeated key at the end of an 8 MiB object" 64 3 \
	"dup.json:1:$col: error: duplicate key 'k0000007' in a message" \
	"$BIN" check "$TMP/dup.json"

# A string longer than the loader's arena chunk (256 KiB) with an odd size
# (300,000 bytes and its NUL), followed by a number in the same array: the
# number's node must get a new chunk, not be written past the end of the
# string's (a heap overflow before the fix, which the ASan build reports;
# the plain build did not notice).  The unknown key is reported as usual.
{ printf '{"format": 1, "zz": ["'; head -c 300000 /dev/zero | tr '\0' 't'
  printf '", 1, 2], "processes": [{"name": "a", "program": []}]}\n'; } >"$TMP/odd.json"
expect_bounded "check: a 300,000-byte string, then a number" 64 3 "(root): unknown key 'zz'" \
	"$BIN" check "$TMP/odd.json"

finish
