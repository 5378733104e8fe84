#!/bin/sh
# cli_test.sh - exit codes, messages and outputs of the real `beamsim` binary.
# Usage: BEAMSIM=path/to/beamsim sh tests/cli_test.sh SOURCE_DIR
# Prints one line per check and "N passed, M failed" last; exits 1 on failure.
# The checks (expect, ok, bad, finish) are the hostile tests' (tests/hostile/lib.sh).
. "$(dirname "$0")/hostile/lib.sh"

expect "version" 0 "beamsim 0." "$BIN" --version
expect "help" 0 "usage: beamsim run" "$BIN" --help
expect "run default" 0 "Run ended:" "$BIN" run
expect "no arguments without a display runs the text" 0 "Run ended:" env -u DISPLAY -u WAYLAND_DISPLAY "$BIN"
# A build without the GUI (-DBEAMSIM_GUI=OFF) says so for 'gui' and runs
# the text without a note; the GUI checks below need the GUI built in.
if "$BIN" gui --screenshot /dev/null 2>&1 | grep -q "built without the GUI"; then HAVE_GUI=0; else HAVE_GUI=1; fi
if [ $HAVE_GUI = 1 ]; then
	expect "no-display note" 0 "no display, showing the text run" env -u DISPLAY -u WAYLAND_DISPLAY "$BIN"
	# The note is the only thing said on stderr: SDL is not started without a
	# display, so libwayland's "XDG_RUNTIME_DIR is invalid" never shows.
	if env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_RUNTIME_DIR "$BIN" 2>&1 >/dev/null |
		grep -v "no display, showing the text run" | grep -q .; then
		bad "no display: stderr has more than the note"
	else
		ok "no display: stderr has only the note"
	fi
else
	expect "gui in a build without it" 2 "built without the GUI" "$BIN" gui
fi
expect "default shows a timeline" 0 "sched 1 " "$BIN" run
expect "log" 0 " spawn " "$BIN" run --log
expect "quiet prints nothing" 0 "" "$BIN" run --quiet
if [ -s "$TMP/out" ]; then bad "quiet output is empty"; else ok "quiet output is empty"; fi
expect "check shipped scenarios" 0 ": ok (" "$BIN" check "$SRC"/scenarios/*.json
expect "check missing file" 4 "missing.json: error: cannot read" "$BIN" check "$TMP/missing.json"
expect "check directory" 4 "cannot read" "$BIN" check "$TMP"
printf '{\n  "processes": [\n    {"name": "a",, "program": []}\n  ]\n}\n' >"$TMP/syntax.json"
expect "syntax error has line:col" 3 "syntax.json:3:18: error: invalid JSON" "$BIN" check "$TMP/syntax.json"
printf '{"processes":[{"name":"a","program":[{"op":"work","reductions":"ten"}]}]}' >"$TMP/schema.json"
expect "schema error has path" 3 'schema.json: processes[0].program[0].reductions: expected a positive integer, got "ten"' "$BIN" check "$TMP/schema.json"
expect "run invalid file" 3 "schema.json" "$BIN" run "$TMP/schema.json"
expect "worst exit code wins" 4 "cannot read" "$BIN" check "$TMP/schema.json" "$TMP/missing.json"
expect "check needs a file" 2 "check needs" "$BIN" check
expect "bad option" 2 "unknown option '--bogus'" "$BIN" run --bogus
expect "bad schedulers" 2 "--schedulers: expected an integer from 1 to 64, got '0'" "$BIN" run --schedulers 0
expect "bad preemption" 2 "--preemption: expected reductions or cooperative" "$BIN" run --preemption=fast
expect "option needs value" 2 "--slice needs a value" "$BIN" run --slice
expect "unknown command" 2 "unknown command 'frobnicate'" "$BIN" frobnicate
[ $HAVE_GUI = 1 ] && expect "gui without a display" 6 "no display" env -u DISPLAY -u WAYLAND_DISPLAY "$BIN" gui

# Summary JSON and its overrides.
expect "summary to stdout" 0 '"end":' "$BIN" run --summary - --schedulers 1 --slice 7
cp "$TMP/out" "$TMP/summary.json"
for key in '"title":' '"ticks":' '"config":' '"schedulers":\s*1,' '"slice":\s*7,' '"processes":' \
           '"supervisors":' '"messages":' '"in_mailboxes":' '"pid":\s*"<0\.1\.0>"' '"utilization":'; do
	if grep -qP -- "$key" "$TMP/summary.json"; then ok "summary has $key"; else bad "summary has $key"; fi
done

# The summary's config names every limit the run had.
expect "summary with limits" 0 '"end":' "$BIN" run --summary - --max-mailbox 12 --max-message-memory 6400000
for key in '"max_mailbox":\s*12,' '"max_message_memory":\s*6400000$'; do
	if grep -qP -- "$key" "$TMP/out"; then ok "summary config has $key"; else bad "summary config has $key"; fi
done

# Determinism: the same run gives byte-identical summary and trace.
"$BIN" run --quiet --summary "$TMP/s1.json" --trace "$TMP/t1.json"
"$BIN" run --quiet --summary "$TMP/s2.json" --trace "$TMP/t2.json"
if cmp -s "$TMP/s1.json" "$TMP/s2.json" && cmp -s "$TMP/t1.json" "$TMP/t2.json"; then
	ok "deterministic summary and trace"
else
	bad "deterministic summary and trace"
fi
if head -c 40 "$TMP/t1.json" | grep -qF '"traceEvents":[' && grep -qF '"ph":"X"' "$TMP/t1.json" &&
   grep -qF '"thread_name"' "$TMP/t1.json" && tail -c 4 "$TMP/t1.json" | grep -qF ']}'; then
	ok "trace is a Chrome trace"
else
	bad "trace is a Chrome trace"
fi
expect "unwritable summary" 1 "cannot write summary" "$BIN" run --quiet --summary "$TMP/no/such/dir/s.json"

# The threaded executor: same schedule, plus wall-clock figures.
"$BIN" run --quiet --summary "$TMP/sim.json" --engine sim --reduction-ns 0
"$BIN" run --quiet --summary "$TMP/thr.json" --engine threads --reduction-ns 0
grep -vE '"(engine|wall_seconds|cpu_seconds|real_utilization)"' "$TMP/sim.json" | sed 's/,$//' >"$TMP/sim.cmp"
grep -vE '"(engine|wall_seconds|cpu_seconds|real_utilization)"' "$TMP/thr.json" | sed 's/,$//' >"$TMP/thr.cmp"
if cmp -s "$TMP/sim.cmp" "$TMP/thr.cmp"; then ok "threads summary equals sim summary"; else bad "threads summary equals sim summary"; fi
if grep -qF '"real_utilization"' "$TMP/thr.json" && grep -qF '"wall_seconds"' "$TMP/thr.json"; then
	ok "threads summary has wall clock figures"
else
	bad "threads summary has wall clock figures"
fi
# Issue 16: a lesson with nodes (every scheduler of every node on its own
# thread): the same trace, byte for byte, with its per-node groups.
"$BIN" run "$SRC/scenarios/failover.json" --quiet --engine sim --trace "$TMP/nodes_sim.trace"
"$BIN" run "$SRC/scenarios/failover.json" --quiet --engine threads --reduction-ns 0 --trace "$TMP/nodes_thr.trace"
if cmp -s "$TMP/nodes_sim.trace" "$TMP/nodes_thr.trace" && grep -qF '"name":"c@beamsim"' "$TMP/nodes_thr.trace"; then
	ok "threads trace of a node lesson equals sim trace"
else
	bad "threads trace of a node lesson equals sim trace"
fi
# ... and node c (third in the file, schedulers 5-6) is trace process 3,
# named c@beamsim, holding its scheduler tracks (Perfetto's node groups).
if grep -qF '"name":"process_name","ph":"M","pid":3,"args":{"name":"c@beamsim"}' "$TMP/nodes_sim.trace" &&
   grep -qF '"pid":3,"tid":5,"args":{"name":"scheduler 5"}' "$TMP/nodes_sim.trace" &&
   grep -qF '"pid":3,"tid":1006,"args":{"name":"dirty scheduler 6"}' "$TMP/nodes_sim.trace"; then
	ok "trace groups a node's scheduler tracks under its process"
else
	bad "trace groups a node's scheduler tracks under its process"
fi
# A node that halts: its processes are gone with it, no exit reason (log,
# table, trace); the observers on a say noconnection as before.
"$BIN" run "$SRC/scenarios/node_down.json" --log --trace "$TMP/nd.trace" >"$TMP/nd.txt"
if grep -qE '^ +100  s3   <0\.1\.0> db +exit +halted, gone with b$' "$TMP/nd.txt" &&
   grep -qE '^  <0\.1\.0> +db +gone with b +1 +0 +100 ' "$TMP/nd.txt" &&
   grep -qE '<0\.2\.0> linked +exit +noconnection$' "$TMP/nd.txt" &&
   grep -qF '"name":"exit db","cat":"exit","ph":"i","s":"t","ts":100,"pid":2,"tid":3,"args":{"pid":"<0.1.0>","process":"db","halted":true}' "$TMP/nd.trace" &&
   ! grep -qE '"exit db".*"reason"' "$TMP/nd.trace"; then
	ok "a halted node's process: halted, gone with b, no reason in log, table and trace"
else
	bad "a halted node's process: halted, gone with b, no reason in log, table and trace"
fi
expect "speed-up table" 0 "SPEED-UP" "$BIN" run "$SRC/scenarios/parallel_speedup.json" --engine threads --schedulers 1,2 --reduction-ns 0
expect "speed-up table JSON" 0 '"speedup"' "$BIN" run "$SRC/scenarios/parallel_speedup.json" --engine threads --schedulers 1,2 --reduction-ns 0 --summary -
expect "bad engine" 2 "--engine: expected sim or threads" "$BIN" run --engine gpu
expect "bad scheduler list" 2 "--schedulers: expected integers" "$BIN" run --schedulers 1,x

# Ctrl-C stops a run cleanly and still writes the summary so far, with
# either engine and in every build (under ThreadSanitizer, which runs a
# signal handler only at an intercepted libc call, the sim engine's loop
# makes one every 4,096 steps: cli/runner.c).
engines="threads sim"
printf '{"config":{"until":1000000000000},"processes":[{"name":"spin","count":3,"program":[{"op":"loop","times":"forever","do":[{"op":"work","reductions":50},{"op":"send","to":"self","message":1},{"op":"receive"}]}]}]}' >"$TMP/forever.json"
for engine in $engines; do
	"$BIN" run "$TMP/forever.json" --engine $engine --reduction-ns 1000 --quiet --summary "$TMP/int.json" &
	pid=$!
	started_when "$TMP/.int.json.*" $pid
	sleep 0.5
	kill -INT $pid
	wait $pid
	rc=$?
	if [ "$rc" -eq 130 ] && grep -qF '"end":	"interrupted"' "$TMP/int.json"; then
		ok "Ctrl-C stops a $engine run with its summary (exit 130)"
	else
		bad "Ctrl-C stops a $engine run with its summary (exit $rc, expected 130)"
	fi
done

# {=== outputs (helper "output"; more in tests/hostile/output.sh) ===
# Control characters from the scenario are escaped in the text output:
# one event stays one line, nothing reaches the terminal raw.
cat >"$TMP/ctl.json" <<'JSON'
{"format": 1, "title": "T\u001b]0;pwned\u0007\u001b[2J", "description": "line1\nline2\r",
 "processes": [{"name": "a\u001bb\u0007", "program": [{"op": "work", "reductions": 2},
   {"op": "crash", "reason": "bad\nreason"}]}],
 "notes": [{"at": 1, "text": "note\nwith\u009b newline"}]}
JSON
expect "control characters escaped" 0 'T\e]0;pwned\a\e[2J' "$BIN" run "$TMP/ctl.json" --log
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMP/out"; then
	bad "no raw control character in the output"; LC_ALL=C grep -n "$(printf '[\001-\010\013-\037]')" "$TMP/out" | od -c | head
else
	ok "no raw control character in the output"
fi
for want in 'description:line1\nline2\r' 'name:a\eb\a' 'exit reason:bad\nreason' \
            'note:note\nwith\u{009b} newline'; do
	if grep -qF -- "${want#*:}" "$TMP/out"; then ok "escaped ${want%%:*}"; else bad "escaped ${want%%:*}"; fi
done
n=$(grep ' note: ' "$TMP/out" | grep -c ' newline$')
if [ "$n" -eq 1 ]; then ok "a note stays one log line"; else bad "a note stays one log line ($n)"; fi
# A long title is cut (with …) in the header.
awk 'BEGIN { printf "{\"title\": \""; for (i = 0; i < 5000; i++) printf "x"; printf "\", \"processes\": [{\"name\": \"a\", \"program\": []}]}" }' >"$TMP/long.json"
expect "long title capped" 0 "…" "$BIN" run "$TMP/long.json"
if [ "$(head -1 "$TMP/out" | wc -m)" -le 201 ]; then ok "long title within 200 columns"; else bad "long title within 200 columns"; fi

# Integers are exact in the summary.
expect "seed 9000000000000001 exact" 0 '"seed":	9000000000000001,' "$BIN" run --seed 9000000000000001 --summary -
expect "seed 2^64-1 exact" 0 '"seed":	18446744073709551615,' "$BIN" run --seed 18446744073709551615 --summary -

# The summary replaces its file only when written, through symlinks.
echo old >"$TMP/real.json"
ln -s real.json "$TMP/sym.json"
expect "summary through a symlink" 0 "" "$BIN" run --quiet --summary "$TMP/sym.json"
if [ -L "$TMP/sym.json" ] && grep -qF '"end":' "$TMP/real.json"; then
	ok "the symlink stays, its target is replaced"
else
	bad "the symlink stays, its target is replaced"
fi
chmod 640 "$TMP/real.json"
"$BIN" run --quiet --summary "$TMP/real.json"
if [ "$(stat -c %a "$TMP/real.json")" = 640 ]; then ok "a replaced summary keeps its mode"; else bad "a replaced summary keeps its mode"; fi
if ls -a "$TMP" | grep -q '^\.real\.json\.'; then bad "no temporary file left"; else ok "no temporary file left"; fi
expect "--summary /dev/null and --trace /dev/null" 0 "" "$BIN" run --quiet --summary /dev/null --trace /dev/null
expect "--trace - writes the trace to stdout" 0 '"traceEvents":[' "$BIN" run --trace -
if python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$TMP/out" 2>/dev/null; then
	ok "--trace - is JSON alone (implies --quiet)"
else
	bad "--trace - is JSON alone (implies --quiet)"
fi

# --trace-limit
expect "trace limit below 1K" 2 "--trace-limit: expected 0 (no limit) or a size of at least 1024 bytes" \
	"$BIN" run --trace-limit 1000
expect "trace limit not a size" 2 "got '1.5M'" "$BIN" run --trace-limit 1.5M
expect "trace limit too large" 2 "--trace-limit" "$BIN" run --trace-limit 17179869184G
expect "trace limit needs a value" 2 "--trace-limit needs a value" "$BIN" run --trace-limit
expect "trace limit 0 = none" 0 "" "$BIN" run --quiet --trace "$TMP/t0.json" --trace-limit 0
expect "trace limit 2k reached" 0 "reached its limit of 2048 bytes" \
	"$BIN" run --quiet --trace "$TMP/t2k.json" --trace-limit 2k
if [ "$(wc -c <"$TMP/t2k.json")" -le 2048 ] &&
   python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$TMP/t2k.json" 2>/dev/null; then
	ok "a 2k trace is valid JSON of at most 2048 bytes"
else
	bad "a 2k trace is valid JSON of at most 2048 bytes"
fi
[ $HAVE_GUI = 1 ] && expect "gui rejects --trace-limit" 2 "--trace-limit belongs to 'beamsim run'" "$BIN" gui --trace-limit 1M
# A reader that stops early (| head) must not cost the summary: the run
# goes on, writes it, and says standard output failed (exit 1).
rm -f "$TMP/pipe.json"
( "$BIN" run "$SRC/scenarios/many_processes.json" --log --summary "$TMP/pipe.json" 2>"$TMP/pipe.err"
  echo $? >"$TMP/pipe.rc" ) | head -1 >/dev/null
if [ "$(cat "$TMP/pipe.rc")" = 1 ] && grep -q "Broken pipe" "$TMP/pipe.err" &&
   python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$TMP/pipe.json" 2>/dev/null &&
   [ -z "$(ls -A "$TMP" | grep '^\.pipe\.json')" ]; then
	ok "| head: the summary is still written, exit 1 says why"
else
	bad "| head: the summary is still written, exit 1 says why (exit $(cat "$TMP/pipe.rc"))"
fi
# === outputs }

# Every shipped scenario runs to an end.
for f in "$SRC"/scenarios/*.json; do
	expect "run $(basename "$f")" 0 "Run ended:" "$BIN" run "$f"
done

# The GUI's headless paths (when built in).
if [ $HAVE_GUI = 1 ]; then
	expect "gui screenshot" 0 "" "$BIN" gui "$SRC/scenarios/crash_isolation.json" --screenshot "$TMP/shot.png" --at 40 --size 800x450
	if head -c 8 "$TMP/shot.png" | od -An -c | grep -q "P   N   G"; then ok "screenshot is a PNG"; else bad "screenshot is a PNG"; fi
	# written whole or not at all (common/afile.h): no temporary file stays
	# beside it, and a path it cannot write is refused with its name
	if ls -A "$TMP" | grep -q '^\.shot\.png'; then bad "no temporary file beside the screenshot"; else ok "no temporary file beside the screenshot"; fi
	mkdir -p "$TMP/shots"
	expect "gui screenshot onto a directory" 1 "cannot write '$TMP/shots/': Is a directory" \
		"$BIN" gui "$SRC/scenarios/crash_isolation.json" --screenshot "$TMP/shots/" --size 800x450
	expect "gui bad compare" 2 "--compare" "$BIN" gui --compare frobs=1,2 --screenshot "$TMP/x.png"
	expect "gui bad size" 2 "--size" "$BIN" gui --size 10 --screenshot "$TMP/x.png"
	expect "gui invalid scenario" 3 "schema.json" "$BIN" gui "$TMP/schema.json" --screenshot "$TMP/x.png"
	expect "gui rejects run-only flags" 2 "--log belongs to 'beamsim run'" "$BIN" gui --log
fi

# {=== args: options, words, exit codes (more in tests/hostile/args.sh) ===}
expect "help lists the exit codes" 0 "6 no display (gui), 7 threads cannot start" "$BIN" --help
expect "run --help" 0 "usage: beamsim run" "$BIN" run --help
expect "--opt=value and --opt value agree" 0 '"slice":	7' "$BIN" run --slice=7 --summary -
expect "preemptive is reductions" 0 '"preemption":	"reductions"' "$BIN" run --preemption preemptive --summary -
expect "strict numbers" 2 "--schedulers: expected an integer from 1 to 64, got ' 4'" "$BIN" run --schedulers ' 4'
expect "empty list item" 2 "--schedulers: expected integers" "$BIN" run --schedulers 1,,2
expect "check --quiet" 0 "" "$BIN" check --quiet "$SRC/scenarios/default.json"
if [ -s "$TMP/out" ]; then bad "check --quiet prints nothing"; else ok "check --quiet prints nothing"; fi
expect "check - reads stdin" 0 "<stdin>: ok (" sh -c 'exec "$0" check - <"$1"' "$BIN" "$SRC/scenarios/default.json"
expect "run - reads stdin" 0 "Run ended:" sh -c 'exec "$0" run - <"$1"' "$BIN" "$SRC/scenarios/default.json"
if [ $HAVE_GUI = 1 ]; then
	expect "gui refuses --engine" 2 "--engine belongs to 'beamsim run', not 'beamsim gui'" "$BIN" gui --engine threads
	expect "gui --compare takes run's words" 0 "" "$BIN" gui --compare preemption=preemptive,cooperative \
		--screenshot "$TMP/cmp.png" --size 640x360
	if [ -s "$TMP/cmp.png" ]; then ok "compare screenshot written"; else bad "compare screenshot written"; fi
fi
# {=== end of args ===}

finish
