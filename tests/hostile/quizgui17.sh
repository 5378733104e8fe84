#!/bin/sh
# quizgui17.sh - hostile inputs of the window's questions (issue 17,
# gui/quizview*.c), drawn headless with --overlay question|answer.
. "$(dirname "$0")/lib.sh"

export SDL_VIDEODRIVER=dummy
# A question on a run that never ends: the answers are computed once, at
# most QUIZVIEW_MAX_STEPS (2,000,000) steps, then the window asks nothing
# and says why; the picture is still written.
printf '{"format": 1, "config": {"schedulers": 1, "until": 1000000000000}, "processes": [{"name": "spin", "program": [{"op": "loop", "times": "forever", "do": [{"op": "work", "reductions": 1}]}]}], "notes": [{"at": 0, "ask": {"kind": "exit_reason", "of": "spin"}}]}' >"$TMP/forever.json"
expect_bounded "a question on an endless run: no answers, a message" 400 0 \
	"the run is longer than 2000000 steps" \
	timeout 60 "$BIN" gui "$TMP/forever.json" --screenshot "$TMP/f.png" --overlay question \
	--size 640x360
expect "... and the picture is written" 0 "" test -s "$TMP/f.png"
# A 3,000-character question with 200 choices of 400 characters and a
# 5,000-character explanation, at the largest scale in the smallest
# window: the card shows 9 choices (keys 1..9), cut texts, nothing more.
awk 'BEGIN { q = ""; for (i = 0; i < 600; i++) q = q "why? "; e = ""; for (i = 0; i < 1000; i++) e = e "long "
	c = ""; for (i = 0; i < 80; i++) c = c "word "
	printf "{\"format\": 1, \"processes\": [{\"name\": \"a\", \"program\": [{\"op\": \"work\", \"reductions\": 5}]}], \"notes\": [{\"at\": 0, \"ask\": \"%s\", \"choices\": [", q
	for (i = 0; i < 200; i++) printf "%s\"%s%d\"", i ? "," : "", c, i
	printf "], \"answer\": \"%s7\", \"explain\": \"%s\"}]}\n", c, e }' >"$TMP/huge.json"
"$BIN" check "$TMP/huge.json" >"$TMP/check.out" 2>&1
if grep -q "ok" "$TMP/check.out"; then
	expect_bounded "a huge question, 200 choices, scale 2.5, 320x200: revealed" 400 0 "" \
		timeout 60 "$BIN" gui "$TMP/huge.json" --screenshot "$TMP/h.png" --overlay answer \
		--scale 2.5 --size 320x200
else   # the loader bounds it first: then that is the answer, with its place
	expect "a huge question is refused with its place" 3 "notes[0]" "$BIN" check "$TMP/huge.json"
fi
expect "--overlay with an unknown word" 2 "--overlay: expected help, picker, question or answer" \
	"$BIN" gui "$TMP/forever.json" --screenshot "$TMP/x.png" --overlay quiz
expect "--self-test takes no value" 2 "" "$BIN" gui "$TMP/forever.json" --self-test=yes \
	--screenshot "$TMP/y.png"
finish
