#!/bin/sh
# quiz17.sh - hostile inputs of issue 17: questions in notes, run
# --questions, beamsim quiz.
. "$(dirname "$0")/lib.sh"

expect "quiz: a seed past 2^64-1" 2 "--seed: expected an integer" \
	"$BIN" quiz --seed 18446744073709551616
expect "quiz: the largest seed works" 0 "# Quiz 18446744073709551615" \
	"$BIN" quiz --seed 18446744073709551615
expect "quiz: a negative seed" 2 "--seed: expected an integer" "$BIN" quiz --seed -1
expect "quiz: no seed" 2 "quiz needs --seed" "$BIN" quiz
expect "quiz: a bad topic" 2 "--topic: expected scheduling" "$BIN" quiz --seed 1 --topic gc
expect "quiz: level 0" 2 "--level: expected 1, 2 or 3" "$BIN" quiz --seed 1 --level 0
expect "quiz: level 4" 2 "--level: expected 1, 2 or 3" "$BIN" quiz --seed 1 --level 4
expect "quiz: an unknown option" 2 "unknown option '--colour'" "$BIN" quiz --seed 1 --colour
mkdir "$TMP/ro"
chmod 555 "$TMP/ro"
if [ "$(id -u)" = 0 ]; then   # root writes anywhere: use a path under a file instead
	expect "quiz: --out under a file" 1 "cannot make the directory" \
		"$BIN" quiz --seed 1 --out "$SRC/README.md/x"
else
	expect "quiz: --out to an unwritable dir" 1 "cannot write quiz file" \
		"$BIN" quiz --seed 1 --out "$TMP/ro"
fi
mkdir "$TMP/mine"
echo "my own notes" >"$TMP/mine/quiz-1.md"
expect "quiz: --out keeps a user's file" 1 "exists with other contents" \
	"$BIN" quiz --seed 1 --out "$TMP/mine"
expect "quiz: ... and writes nothing" 2 "No such file" ls "$TMP/mine/quiz-1.json"
expect "quiz: --out twice rewrites the same quiz" 0 "wrote" \
	sh -c "'$BIN' quiz --seed 2 --out '$TMP/q' && '$BIN' quiz --seed 2 --out '$TMP/q'"

# questions referencing nothing, and too many questions
printf '{"format": 1, "processes": [{"name": "a", "program": []}], "notes": [{"at": 0, "ask": {"kind": "exit_reason", "of": "ghost"}}]}' >"$TMP/ghost.json"
expect "a question about an unknown process" 3 "notes[0].ask.of" "$BIN" check "$TMP/ghost.json"
printf '{"format": 1, "processes": [{"name": "a", "program": []}], "notes": [{"at": 0, "ask": {"kind": "exit_reason"}}]}' >"$TMP/noof.json"
expect "a question about nothing" 3 "missing key 'of'" "$BIN" check "$TMP/noof.json"
awk 'BEGIN { printf "{\"format\": 1, \"processes\": [{\"name\": \"a\", \"program\": []}], \"notes\": [";
	for (i = 0; i < 300; i++) printf "%s{\"at\": 0, \"ask\": \"q%d?\"}", i ? "," : "", i; print "]}" }' >"$TMP/many.json"
expect "300 questions" 3 "a file may ask at most 256" "$BIN" check "$TMP/many.json"
# 256 receive_order questions on a process that receives 200,000 messages:
# the answers stay capped (1 KiB each) and the run bounded.
awk 'BEGIN { printf "{\"format\": 1, \"config\": {\"schedulers\": 1}, \"processes\": [";
	printf "{\"name\": \"sink\", \"program\": [{\"op\": \"loop\", \"times\": 200000, \"do\": [{\"op\": \"receive\"}]}]},";
	printf "{\"name\": \"src\", \"program\": [{\"op\": \"loop\", \"times\": 200000, \"do\": [{\"op\": \"send\", \"to\": \"sink\", \"message\": \"m\"}]}]}";
	printf "], \"notes\": [";
	for (i = 0; i < 256; i++) printf "%s{\"at\": 0, \"ask\": {\"kind\": \"receive_order\", \"of\": \"sink\"}}", i ? "," : "";
	print "]}" }' >"$TMP/flood.json"
expect_bounded "256 receive_order questions over 200,000 messages" 200 0 "ok" \
	"$BIN" check "$TMP/flood.json"
expect_bounded "... and run --questions prints them cut with ..." 200 0 ", ..." \
	"$BIN" run "$TMP/flood.json" --questions
finish
