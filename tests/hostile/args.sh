#!/bin/sh
# args.sh - hostile command lines: every value parsed strictly or refused
# with exit 2 and a message naming it; one table of config words; one exit
# code per cause; '-' as standard input; check --quiet.  (issue 11 part 4/5)
. "$(dirname "$0")/lib.sh"

S=$SRC/scenarios/crash_isolation.json
NODISPLAY="env -u DISPLAY -u WAYLAND_DISPLAY"
if "$BIN" gui --screenshot /dev/null 2>&1 | grep -q "built without the GUI"; then GUI=0; else GUI=1; fi

# {=== values refused with exit 2 ===}
expect "--schedulers ," 2 "--schedulers: expected integers from 1 to 64 separated by commas, got ','" \
	"$BIN" run "$S" --quiet --schedulers ,
expect "--schedulers 1,,2" 2 "got '1,,2'" "$BIN" run "$S" --quiet --schedulers 1,,2
expect "--schedulers ,1" 2 "got ',1'" "$BIN" run "$S" --quiet --schedulers ,1
expect "--schedulers 1," 2 "got '1,'" "$BIN" run "$S" --quiet --schedulers 1,
expect "--schedulers ' 4'" 2 "--schedulers: expected an integer from 1 to 64, got ' 4'" \
	"$BIN" run "$S" --quiet --schedulers ' 4'
expect "--schedulers '4 '" 2 "got '4 '" "$BIN" run "$S" --quiet --schedulers '4 '
expect "--schedulers 17 counts" 2 "--schedulers: at most 16 counts" \
	"$BIN" run "$S" --quiet --schedulers 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17
expect "--schedulers 1,65" 2 "expected integers from 1 to 64" "$BIN" run "$S" --quiet --schedulers 1,65
expect "--seed -1" 2 "--seed: expected an integer from 0 to 18446744073709551615, got '-1'" \
	"$BIN" run "$S" --quiet --seed=-1
expect "--seed 2^64" 2 "got '18446744073709551616'" "$BIN" run "$S" --quiet --seed 18446744073709551616
expect "--seed 2^64-1 accepted" 0 "" "$BIN" run "$S" --quiet --seed 18446744073709551615
expect "--slice +5" 2 "--slice: expected an integer from 1 to 1000000000, got '+5'" "$BIN" run "$S" --slice +5
expect "--slice 0x10" 2 "got '0x10'" "$BIN" run "$S" --slice 0x10
expect "--slice 1e3" 2 "got '1e3'" "$BIN" run "$S" --slice 1e3
expect "--slice=" 2 "--slice: expected an integer from 1 to 1000000000, got ''" "$BIN" run "$S" --slice=
expect "--until 0" 2 "--until: expected an integer from 1 to 1000000000000, got '0'" "$BIN" run "$S" --until 0
expect "--preemption Reductions" 2 "--preemption: expected reductions or cooperative, got 'Reductions'" \
	"$BIN" run "$S" --preemption Reductions
expect "--balance stealing" 2 "--balance: expected steal, none or shared, got 'stealing'" \
	"$BIN" run "$S" --balance stealing
expect "--log=1" 2 "--log takes no value" "$BIN" run "$S" --log=1
expect "--summary --quiet" 2 "--summary needs a file name, got the option '--quiet'" \
	"$BIN" run "$S" --summary --quiet
expect "--trace=''" 2 "--trace needs a file name" "$BIN" run "$S" --trace=
expect "--trace-limit 1023" 2 "--trace-limit: expected 0 (no limit) or a size of at least 1024 bytes" \
	"$BIN" run "$S" --trace-limit 1023 --trace "$TMP/t.json"
expect "--trace-limit 1KB" 2 "got '1KB'" "$BIN" run "$S" --trace-limit 1KB --trace "$TMP/t.json"
expect "--trace-limit 2^64 G" 2 "got '18446744073709551615G'" "$BIN" run "$S" --trace-limit 18446744073709551615G
expect "--trace-limit 2K" 0 "" "$BIN" run "$S" --quiet --trace-limit 2K --trace "$TMP/t.json"
if [ -s "$TMP/t.json" ] && [ "$(wc -c <"$TMP/t.json")" -le 2048 ] && python3 -m json.tool "$TMP/t.json" >/dev/null 2>&1
then ok "--trace-limit 2K: valid JSON of at most 2048 bytes"; else bad "--trace-limit 2K: valid JSON of at most 2048 bytes"; fi
expect "two files" 2 "run takes one scenario file; 'b.json' is one too many" "$BIN" run "$S" b.json
expect "-x" 2 "unknown option '-x'" "$BIN" run "$S" -x
expect "a typo gets a suggestion" 2 "unknown option '--sumary' (did you mean '--summary'?)" "$BIN" run "$S" --sumary s.json
expect "the suggestion is of this command" 2 "unknown option '--quite' (did you mean '--quiet'?)" "$BIN" check --quite "$S"
expect "run --screenshot" 2 "--screenshot belongs to 'beamsim gui', not 'beamsim run'" \
	"$BIN" run "$S" --screenshot x.png
expect "check --slice" 2 "--slice belongs to 'beamsim run' and 'beamsim gui', not 'beamsim check'" \
	"$BIN" check --slice 3 "$S"
expect "check --bogus" 2 "unknown option '--bogus'" "$BIN" check --bogus "$S"
expect "check - -" 2 "'-' (standard input) can be given once" "$BIN" check - -
# a 100 kB argument (the kernel's limit is 128 kB) is refused at once
BIGARG=$(head -c 100000 /dev/zero | tr '\0' 7)
expect_bounded "--seed of 10^5 digits" 200 2 "--seed: expected an integer" "$BIN" run "$S" --seed "$BIGARG"
expect_bounded "--preemption of 10^5 bytes" 200 2 "--preemption: expected reductions or cooperative" \
	"$BIN" run "$S" --preemption "$BIGARG"
if [ "$(wc -c <"$TMP/out")" -le 600 ]; then ok "its message is one short line"; else bad "its message is one short line ($(wc -c <"$TMP/out") bytes)"; fi
expect "a value with ESC is quoted escaped" 2 "got '\e[2Jx'" "$BIN" run "$S" --slice "$(printf '\033[2Jx')"
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/out"; then bad "no raw ESC in the message"; else ok "no raw ESC in the message"; fi

# {=== gui: its own values, and run's options refused ===}
if [ "$GUI" = 1 ]; then
	expect "gui --size overflow" 2 "--size: expected WxH from 320x200 to 8192x8192, got '4294968896x900'" \
		"$BIN" gui "$S" --size 4294968896x900 --screenshot "$TMP/x.png"
	expect "gui --size ' 800x600'" 2 "got ' 800x600'" "$BIN" gui "$S" --size ' 800x600' --screenshot "$TMP/x.png"
	expect "gui --size 800x600x" 2 "got '800x600x'" "$BIN" gui "$S" --size 800x600x --screenshot "$TMP/x.png"
	expect "gui --schedulers 1,4" 2 "--schedulers 1,4: a list of counts (a speed-up table) belongs to 'beamsim run'" \
		"$BIN" gui "$S" --schedulers 1,4 --screenshot "$TMP/x.png"
	expect "gui --engine threads" 2 "--engine belongs to 'beamsim run', not 'beamsim gui'" \
		"$BIN" gui "$S" --engine threads --screenshot "$TMP/x.png"
	expect "gui --reduction-ns" 2 "--reduction-ns belongs to 'beamsim run'" \
		"$BIN" gui "$S" --reduction-ns 5 --screenshot "$TMP/x.png"
	expect "gui --at -1" 2 "--at: expected an integer from 0 to 1000000000000, got '-1'" \
		"$BIN" gui "$S" --at=-1 --screenshot "$TMP/x.png"
	expect "gui --overlay nope" 2 "--overlay: expected help, picker, question or answer, got 'nope'" \
		"$BIN" gui "$S" --overlay nope --screenshot "$TMP/x.png"
	expect "gui --compare schedulers=+1,4" 2 "--compare: expected schedulers=N,M" \
		"$BIN" gui "$S" --compare schedulers=+1,4 --screenshot "$TMP/x.png"
	expect "gui --compare 'schedulers= 1,4'" 2 "--compare: expected" \
		"$BIN" gui "$S" --compare 'schedulers= 1,4' --screenshot "$TMP/x.png"
	expect "gui -" 2 "gui reads its scenario from a file" "$BIN" gui - --screenshot "$TMP/x.png"
fi

# {=== one table of words: run, files and gui --compare accept the same ===}
"$BIN" run "$S" --preemption reductions --summary - >"$TMP/red.json" 2>&1
expect "run --preemption preemptive" 0 '"preemption":	"reductions"' "$BIN" run "$S" --preemption preemptive --summary -
if cmp -s "$TMP/out" "$TMP/red.json"; then ok "preemptive = reductions (summary)"; else bad "preemptive = reductions (summary)"; fi
scn() {   # scn PREEMPTION: two workers on one scheduler with that preemption
	printf '{"format": 1, "config": {"schedulers": 1, "slice": 5, "preemption": "%s"}, "processes": [
	  {"name": "a", "program": [{"op": "work", "reductions": 20}]},
	  {"name": "b", "program": [{"op": "work", "reductions": 20}]}]}\n' "$1"
}
scn preemptive >"$TMP/alias.json"
scn reductions >"$TMP/canon.json"
scn preempt >"$TMP/bad.json"
expect "file preemption: preemptive" 0 ": ok (" "$BIN" check "$TMP/alias.json"
"$BIN" run "$TMP/alias.json" --summary "$TMP/a.json" && "$BIN" run "$TMP/canon.json" --summary "$TMP/c.json"
if cmp -s "$TMP/a.json" "$TMP/c.json"; then ok "file alias = canonical (summary)"; else bad "file alias = canonical (summary)"; fi
expect "file preemption: preempt" 3 'config.preemption: expected "reductions" or "cooperative", got "preempt"' \
	"$BIN" check "$TMP/bad.json"
if [ "$GUI" = 1 ]; then
	for spec in preemption=preemptive,cooperative preemption=cooperative,reductions balance=steal,none; do
		rm -f "$TMP/cmp.png"
		expect "gui --compare $spec" 0 "" "$BIN" gui "$S" --compare "$spec" --screenshot "$TMP/cmp.png" --size 640x360
		if [ -s "$TMP/cmp.png" ]; then ok "gui --compare $spec wrote its PNG"; else bad "gui --compare $spec wrote its PNG"; fi
	done
	rm -f "$TMP/pre.png"
	expect "gui --preemption preemptive" 0 "" "$BIN" gui "$S" --preemption preemptive --screenshot "$TMP/pre.png" --size 640x360
	if [ -s "$TMP/pre.png" ]; then ok "gui --preemption preemptive wrote its PNG"; else bad "gui --preemption preemptive wrote its PNG"; fi
fi

# {=== one exit code per cause ===}
expect "exit 3: invalid scenario" 3 "bad.json" "$BIN" run "$TMP/bad.json"
expect "exit 4: missing file" 4 "cannot read" "$BIN" run "$TMP/missing.json"
if [ "$GUI" = 1 ]; then
	expect "exit 6: gui FILE without a display" 6 "no display" $NODISPLAY "$BIN" gui "$S"
	expect "exit 0: beamsim alone falls back to text" 0 "Run ended:" $NODISPLAY "$BIN"
	expect "exit 1: screenshot into a missing directory" 1 "" \
		"$BIN" gui "$S" --screenshot "$TMP/no/such/dir/x.png"
	expect "exit 2: --inspect nobody" 2 "--inspect: no process named 'nobody'" \
		"$BIN" gui "$S" --inspect nobody --screenshot "$TMP/x.png"
fi
# 5 and 7 need ulimit -v, which ASan's shadow memory does not allow.
if [ "$SANITIZED" = 1 ]; then
	echo "note: exit codes 5 (out of memory) and 7 (threads) are checked in the plain build only"
else
	{ printf '{"title":"'; head -c 25000000 /dev/zero | tr '\0' a
	  printf '","processes":[{"name":"w","program":[{"op":"work","reductions":1}]}]}'; } >"$TMP/big.json"
	expect_bounded "exit 5: out of memory (loader)" 40 5 "big.json: error: out of memory" "$BIN" check "$TMP/big.json"
	rm -f "$TMP/big.json"
	expect "exit 7: threads cannot start" 7 "cannot start the scheduler threads" sh -c \
		'ulimit -v 1000000; ulimit -s 2000000; exec "$0" run "$1" --engine threads --reduction-ns 0 --quiet' \
		"$BIN" "$SRC/scenarios/parallel_speedup.json"
fi

# {=== standard input ===}
"$BIN" run "$S" --summary - >"$TMP/file.json" 2>&1
expect "run - (stdin)" 0 '"title":' sh -c 'exec "$0" run - --summary - <"$1"' "$BIN" "$S"
if cmp -s "$TMP/out" "$TMP/file.json"; then ok "run - = run FILE (summary)"; else bad "run - = run FILE (summary)"; fi
expect "check - (stdin)" 0 "<stdin>: ok (Crash isolation)" sh -c 'exec "$0" check - <"$1"' "$BIN" "$S"
printf '{\n  "processes": [\n    {"name": "a",, "program": []}\n  ]\n}\n' >"$TMP/syntax.json"
expect "check - names <stdin>:line:col" 3 "<stdin>:3:18: error: invalid JSON" \
	sh -c 'exec "$0" check - <"$1"' "$BIN" "$TMP/syntax.json"
expect "check - from a directory" 4 "<stdin>: error: cannot read" sh -c 'exec "$0" check - </' "$BIN"
# a closed stdin reads as empty (main() puts /dev/null on a closed 0, 1, 2)
expect "check - closed" 3 "<stdin>" sh -c 'exec "$0" check - <&-' "$BIN"
expect "check - empty" 3 "<stdin>" sh -c 'exec "$0" check - </dev/null' "$BIN"
expect_bounded "check - endless" 700 3 "<stdin>: error: the file is larger than" \
	sh -c 'head -c 400000000 /dev/zero | "$0" check -' "$BIN"

# {=== check --quiet ===}
expect "check --quiet valid" 0 "" "$BIN" check --quiet "$S"
if [ -s "$TMP/out" ]; then bad "check --quiet prints nothing"; else ok "check --quiet prints nothing"; fi
expect "check --quiet invalid" 3 "bad.json" "$BIN" check "$S" --quiet "$TMP/bad.json"
if grep -q ": ok" "$TMP/out"; then bad "check --quiet prints only errors"; else ok "check --quiet prints only errors"; fi
expect "check -- -x.json" 4 "-x.json: error: cannot read" sh -c 'cd "$1" && exec "$0" check -- -x.json' "$BIN" "$TMP"
expect "run --help" 0 "exit codes: 0 ok" "$BIN" run --help

# {=== check prints titles escaped and capped ===}
ESC=$(printf '\033')
noraw() {   # noraw NAME: the last output holds no raw ESC, BEL or CR
	if LC_ALL=C grep -q "[$ESC$(printf '\007\r')]" "$TMP/out"; then bad "$1: no raw control bytes"; else ok "$1: no raw control bytes"; fi
}
printf '{"title": "\\u001b]0;pwned\\u0007\\u001b[2Jcleared\\r\\nfake: ok", "processes": [{"name": "a", "program": [{"op": "work", "reductions": 5}]}]}\n' >"$TMP/esc.json"
expect "check title with ESC, BEL, CR, LF" 0 'ok (\e]0;pwned\a\e[2Jcleared\r\nfake: ok)' "$BIN" check "$TMP/esc.json"
noraw "check title"
{ printf '{"title": "'; head -c 1000000 /dev/zero | tr '\0' T
  printf '", "processes": [{"name": "a", "program": [{"op": "work", "reductions": 5}]}]}\n'; } >"$TMP/long.json"
expect_bounded "check a 1 MB title" 200 0 "TTT…)" "$BIN" check "$TMP/long.json"
if [ "$(wc -c <"$TMP/out")" -le 400 ]; then ok "a 1 MB title prints at most 400 bytes"; else bad "a 1 MB title prints at most 400 bytes ($(wc -c <"$TMP/out"))"; fi
printf '{"processes": [{"name": "a", "program": []}], "\\u001b[2J": 1}\n' >"$TMP/key.json"
expect "check error quoting ESC" 3 "key.json" "$BIN" check "$TMP/key.json"
noraw "check error"
expect "check a file name with a newline" 4 'a\nb.json: error: cannot read' "$BIN" check "$TMP/a
b.json"

finish
