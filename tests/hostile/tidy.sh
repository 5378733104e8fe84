#!/bin/sh
# tidy.sh - hostile inputs on the paths issue 18's split of cli/main.c and
# of the loader's read_file moved: the speed-up table's summary, standard
# input past the size limit, files that are not regular files, and check's
# exit code over several files; and the one way both front ends replace a
# file (common/afile.c): through symlinks with the file's mode, into a FIFO,
# never into a directory, nothing left behind; the memory limits given on
# the command line.
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

# {=== the memory limits from the command line (--max-mailbox, --max-message-memory) ===}
# A process floods a sleeping one with 200,000 messages.
printf '{"format":1,"processes":[{"name":"sink","program":[{"op":"sleep","ticks":1000000}]},{"name":"flood","program":[{"op":"loop","times":200000,"do":[{"op":"send","to":"sink","message":"m"}]}]}]}' \
	>"$TMP/flood.json"
expect_bounded "--max-mailbox 1000: the flooded process is killed" 64 0 "" \
	"$BIN" run "$TMP/flood.json" --max-mailbox 1000 --summary "$TMP/mb.json" --quiet
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p={e["name"]: e for e in d["processes"]}
assert p["sink"]["exit_reason"] == "killed" and p["flood"]["exit_reason"] == "normal"' "$TMP/mb.json" &&
	ok "... sink killed, flood ends normal" || bad "... sink not killed by --max-mailbox"
expect_bounded "--max-message-memory 32000: the run ends memory_limit" 64 0 "memory_limit" \
	"$BIN" run "$TMP/flood.json" --max-message-memory 32000 --summary - --quiet
expect "--max-mailbox past 10^9" 2 "--max-mailbox: expected an integer from 0 to 1000000000, got '1000000001'" \
	"$BIN" run "$C" --max-mailbox 1000000001
expect "--max-message-memory past 2^40" 2 "--max-message-memory: expected an integer from 0 to 1099511627776" \
	"$BIN" run "$C" --max-message-memory 1099511627777
expect "--max-message-memory 1G (a plain integer)" 2 "got '1G'" "$BIN" run "$C" --max-message-memory 1G
expect "--max-mailbox is not for check" 2 "--max-mailbox" "$BIN" check "$C" --max-mailbox 5

# {=== one way to replace a file: the summary and the GIF (common/afile.c) ===}
printf 'old' >"$TMP/real.json"
chmod 600 "$TMP/real.json"
ln -s real.json "$TMP/link.json"
expect "summary through a symlink" 0 "" "$BIN" run "$C" --quiet --summary "$TMP/link.json"
[ -L "$TMP/link.json" ] && grep -q '"end"' "$TMP/real.json" && [ "$(stat -c %a "$TMP/real.json")" = 600 ] &&
	ok "... the link stays, its file is replaced with its mode (600)" || bad "... link or mode lost"
expect "summary into a missing directory/" 1 "Is a directory" "$BIN" run "$C" --quiet --summary "$TMP/nodir/"
if "$BIN" gui "$SRC/scenarios/hello_messages.json" --gif "$TMP/probe.gif" --to 0 >/dev/null 2>&1; then
	G() { SDL_VIDEODRIVER=dummy timeout 60 "$BIN" gui "$C" --size 640x360 --to 3 "$@"; }
	printf 'old' >"$TMP/real.gif"
	chmod 600 "$TMP/real.gif"
	ln -s real.gif "$TMP/link.gif"
	expect "GIF through a symlink" 0 "" G --gif "$TMP/link.gif"
	[ -L "$TMP/link.gif" ] && [ "$(head -c 6 "$TMP/real.gif")" = GIF89a ] &&
		[ "$(stat -c %a "$TMP/real.gif")" = 600 ] &&
		ok "... the link stays, its file is replaced with its mode (600)" || bad "... link, GIF or mode lost"
	mkfifo "$TMP/gif.fifo"
	timeout 70 cat "$TMP/gif.fifo" >"$TMP/fifo.out" &
	expect "GIF into a FIFO (written in place)" 0 "" G --gif "$TMP/gif.fifo"
	wait
	[ "$(head -c 6 "$TMP/fifo.out")" = GIF89a ] && ok "... the reader got a GIF" ||
		bad "... the reader got '$(head -c 6 "$TMP/fifo.out")'"
	expect "GIF into a missing directory/" 1 "cannot write '$TMP/nodir/': Is a directory" G --gif "$TMP/nodir/"
	left=$(ls -A "$TMP" | grep '^\.' | tr '\n' ' ')
	[ -z "$left" ] && ok "no temporary file left" || bad "temporary files left: $left"
else
	echo "note: no GUI with giflib here; the GIF checks of common/afile.c are not run (not counted)"
fi

finish
