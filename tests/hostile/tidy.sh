#!/bin/sh
# tidy.sh - hostile inputs on the paths issue 18's split of cli/main.c and
# of the loader's read_file moved: the speed-up table's summary, standard
# input past the size limit, files that are not regular files, and check's
# exit code over several files.
. "$(dirname "$0")/lib.sh"

S=$SRC/scenarios/parallel_speedup.json
C=$SRC/scenarios/crash_isolation.json

# {=== the speed-up table (cli/speedup.c) ===}
expect "speed-up summary into a missing directory" 1 "cannot write summary '$TMP/no/such/dir/s.json'" \
	"$BIN" run "$S" --schedulers 1,2 --summary "$TMP/no/such/dir/s.json"
expect "speed-up summary written" 0 "" "$BIN" run "$S" --schedulers 1,2 --summary "$TMP/s.json" --quiet
rows=$(grep -c '"efficiency"' "$TMP/s.json" 2>/dev/null)
if [ "$rows" = 2 ]; then ok "speed-up summary has one row per count"; else bad "speed-up summary rows: '$rows', expected 2"; fi
expect "speed-up --quiet prints nothing" 0 "" sh -c "\"$BIN\" run \"$S\" --schedulers 1,2 --quiet | wc -c | grep -qx 0"

# {=== standard input and files (cli/load.c, sim/scenario.c) ===}
head -c $((64 * 1024 * 1024 + 4096)) /dev/zero | tr '\0' ' ' >"$TMP/big"
expect_bounded "stdin over 64 MiB refused" 160 3 "<stdin>" sh -c "\"$BIN\" check - <\"$TMP/big\""
expect_bounded "file over 64 MiB refused" 32 3 "big" "$BIN" check "$TMP/big"
mkfifo "$TMP/fifo"
expect "a FIFO is not opened" 4 "not a regular file" timeout 10 "$BIN" check "$TMP/fifo"
expect "a directory is refused" 4 "cannot read: is a directory" "$BIN" run "$TMP"
printf '{"format": 1, "processes": 3}' >"$TMP/bad.json"
expect "check: the highest code of several files" 4 "ok (" \
	"$BIN" check "$C" "$TMP/bad.json" "$TMP/missing.json"
expect "check: invalid and valid" 3 "bad.json" "$BIN" check "$C" "$TMP/bad.json"

finish
