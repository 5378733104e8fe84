#!/bin/sh
# loader.sh - hostile inputs of the scenario loader: long names multiplied
# by count (process entry, spawn op `as`, timeline spawn `as`), files that
# are not regular files, a file over the size limit.  Each must end with
# its exit code and message, within a memory bound (tests/hostile/lib.sh).
# Before the fix the three long-name files took 1 GB each in `check`
# (every NAME_N copied the 1 MB name); now about the file's size.
. "$(dirname "$0")/lib.sh"

# A name of 1 MiB of 'n' (no newline), on stdout.
long_name() {
	head -c 1048576 /dev/zero | tr '\0' 'n'
}

{ printf '{"processes": [{"name": "'; long_name
  printf '", "count": 1000, "program": []}]}'; } >"$TMP/name_count.json"
{ printf '{"templates": {"t": {"program": []}}, "processes": [{"name": "a", "program": '
  printf '[{"op": "spawn", "template": "t", "as": "'; long_name
  printf '", "count": 1000}]}]}'; } >"$TMP/spawn_as.json"
{ printf '{"templates": {"t": {"program": []}}, "processes": [{"name": "a", "program": []}],'
  printf ' "timeline": [{"at": 1, "do": {"op": "spawn", "template": "t", "as": "'; long_name
  printf '", "count": 1000}}]}'; } >"$TMP/timeline_as.json"

for f in name_count spawn_as timeline_as; do
	expect_bounded "check: 1 MiB name x count 1000 ($f)" 64 0 "ok" \
		"$BIN" check "$TMP/$f.json"
	expect_bounded "run --quiet: 1 MiB name x count 1000 ($f)" 64 0 "" \
		"$BIN" run "$TMP/$f.json" --quiet
done

# The same long name counted twice in the file: a duplicate, reported with
# a short quote of the name (the message never copies it whole).
{ printf '{"processes": [{"name": "'; long_name; printf '", "count": 1000, "program": []},'
  printf ' {"name": "'; long_name; printf '_7", "program": []}]}'; } >"$TMP/dup.json"
expect_bounded "check: duplicate of a counted 1 MiB name" 64 3 \
	"processes[1]: duplicate process name 'nnnnnnnn" "$BIN" check "$TMP/dup.json"

# Not regular files: refused from stat, never opened for reading (a FIFO
# without a writer would block `check` forever; timeout turns that into 124).
mkfifo "$TMP/fifo.json"
expect_bounded "check FIFO" 64 4 "fifo.json: error: cannot read: not a regular file (a FIFO)" \
	timeout 20 "$BIN" check "$TMP/fifo.json"
expect_bounded "run FIFO" 64 4 "cannot read: not a regular file (a FIFO)" \
	timeout 20 "$BIN" run "$TMP/fifo.json" --quiet
mkdir "$TMP/dir.json"
expect_bounded "check directory" 64 4 "dir.json: error: cannot read: is a directory" \
	timeout 20 "$BIN" check "$TMP/dir.json"
expect_bounded "check /dev/zero" 64 4 \
	"/dev/zero: error: cannot read: not a regular file (a character device)" \
	timeout 20 "$BIN" check /dev/zero

# Over the size limit: refused from its size, before a byte is read (the
# bound is below the file's 65 MiB).
head -c 0 /dev/null >"$TMP/big.json"
truncate -s 65M "$TMP/big.json" 2>/dev/null || dd if=/dev/zero of="$TMP/big.json" bs=1 count=0 seek=65M 2>/dev/null
expect_bounded "check 65 MiB file" 48 3 "big.json: error: the file is larger than 64 MiB" \
	"$BIN" check "$TMP/big.json"

finish
