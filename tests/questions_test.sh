#!/bin/sh
# questions_test.sh - issue 17 from the command line: check fails on a
# wrong author's answer, run --questions / --no-answers, and beamsim quiz
# (golden, deterministic, different seeds differ, every answer of the key
# checked against the run's own --summary, not against the program's key).
#   BEAMSIM=path/to/beamsim sh tests/questions_test.sh SOURCE_DIR
set -u
SRC=${1:?source dir}
BIN=${BEAMSIM:?set BEAMSIM}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
has() { if grep -qF -- "$2" "$TMP/out"; then ok "$1"; else bad "$1 (no '$2')"; sed 's/^/   | /' "$TMP/out" | head -20; fi; }

# 1 scheduler, slice 10: a (work 30) runs 0-9, b (work 5, crash) 10-15 and
# exits at 16, a 16-25, a 26-35: a exits at 36 (rule 10).
cat >"$TMP/q.json" <<'J'
{"format": 1, "config": {"schedulers": 1, "slice": 10, "until": 1000},
 "processes": [
  {"name": "a", "program": [{"op": "work", "reductions": 30}]},
  {"name": "b", "program": [{"op": "work", "reductions": 5}, {"op": "crash", "reason": "badarg"}]}],
 "notes": [
  {"at": 0, "ask": {"kind": "exit_tick", "of": "a"}, "choices": [35, 36, 40], "answer": 35},
  {"at": 2, "ask": {"kind": "exit_reason", "of": "b"}, "choices": ["normal", "badarg"], "answer": "badarg", "explain": "its own crash op"}]}
J
"$BIN" check "$TMP/q.json" >"$TMP/out" 2>&1
rc=$?
[ $rc -eq 3 ] && ok "check: a wrong answer exits 3" || bad "check: a wrong answer exits $rc"
has "check names the path and both answers" "notes[0].answer: the author's answer is '35' but the engine's is '36'"
sed 's/"answer": 35/"answer": 36/' "$TMP/q.json" >"$TMP/q2.json"
"$BIN" check "$TMP/q2.json" >"$TMP/out" 2>&1 && ok "check: the right answer passes" || bad "check: right answer"
sed 's/"at": 2,/"at": 5000,/' "$TMP/q2.json" >"$TMP/q3.json"
"$BIN" check "$TMP/q3.json" >"$TMP/out" 2>&1
[ $? -eq 3 ] && ok "check: a question never asked exits 3" || bad "never asked"
has "check says why it is never asked" "notes[1].at: the question is never asked: the run ends before tick 5000"

"$BIN" run "$TMP/q2.json" --questions >"$TMP/out" 2>&1
has "--questions: the question at its tick" "Question 2 (tick 2): With which reason does b exit?"
has "--questions: its choices" "   2) badarg"
has "--questions: the answer when b exits" "Answer 2 (tick 16):"
has "--questions: the explain text" "   Why: its own crash op"
has "--questions: a's exit tick" "   Answer: 36"
"$BIN" run "$TMP/q2.json" --no-answers >"$TMP/out" 2>&1
has "--no-answers: blanks" "   Your answer: ____"
if grep -q "Answer:" "$TMP/out"; then bad "--no-answers shows no answer"; else ok "--no-answers shows no answer"; fi
"$BIN" run "$TMP/q2.json" --questions --summary - >"$TMP/out" 2>&1
[ $? -eq 2 ] && ok "--questions with --summary - is a usage error" || bad "--questions --summary -"

# beamsim quiz: golden (sha256 of the worksheet and key of a few seeds).
while read -r seed topic level sum; do
	got=$("$BIN" quiz --seed "$seed" --topic "$topic" --level "$level" --answers | sha256sum | cut -c1-64)
	[ "$got" = "$sum" ] && ok "quiz golden $seed $topic $level" || bad "quiz golden $seed $topic $level: $got"
done <<'G'
1 messages 1 ed5bf2688c3da48a5b1223abb31c8e569df9c3bf4c2bc20bf83a24e1565da002
7 links 2 002089ba606d251db4c5f446050be89e69457f7eb66d9e2d051997861a11bf0b
42 supervisors 3 aca9e484b8e300d2ab4fff0d4db27bd5c9f4b7342020a1ed44f8aa6fbe162829
5 all 2 fb73e40fc8d79452d14b66d87c2657b51f848fac1a8a9f21b6adcf284590fbd8
G
"$BIN" quiz --seed 3 --answers >"$TMP/a1"; "$BIN" quiz --seed 3 --answers >"$TMP/a2"
cmp -s "$TMP/a1" "$TMP/a2" && ok "quiz: the same seed, the same quiz" || bad "quiz determinism"
"$BIN" quiz --seed 4 --answers >"$TMP/a3"
cmp -s "$TMP/a1" "$TMP/a3" && bad "quiz: seeds 3 and 4 gave the same quiz" || ok "quiz: different seeds differ"

# Every topic and level: the files are written, pass check, and every
# answer of the key that a summary shows agrees with `run --summary`.
command -v python3 >/dev/null || { echo "python3 missing"; exit 1; }
for topic in scheduling preemption messages links supervisors; do
	for level in 1 2 3; do
		for seed in 11 12; do
			d=$TMP/$topic$level
			"$BIN" quiz --seed $seed --topic $topic --level $level --out "$d" >/dev/null ||
				{ bad "quiz --out $topic $level $seed"; continue; }
			"$BIN" check --quiet "$d/quiz-$seed.json" || { bad "quiz-$seed.json ($topic $level) fails check"; continue; }
			"$BIN" run "$d/quiz-$seed.json" --summary "$d/s.json" --quiet
			if python3 - "$d/quiz-$seed-answers.md" "$d/s.json" >"$TMP/out" 2>&1 <<'PY'
import json, re, sys
key = open(sys.argv[1]).read()
s = json.load(open(sys.argv[2]))
first = {}
for p in s["processes"]:
    first.setdefault(p["name"], p)
alive = {p["name"] for p in s["processes"] if p["exit_reason"] is None}
pairs = re.findall(r"^\d+\. (.*)\n   \*\*(.*?)\*\*", key, re.M)
assert 3 <= len(pairs) <= 6, pairs
checked = 0
for q, a in pairs:
    m = re.match(r"At which tick does (\w+) exit\?", q)
    if m:
        assert str(first[m[1]]["exit_tick"]) == a, (q, a); checked += 1
    m = re.match(r"With which reason does (\w+) exit\?", q)
    if m:
        assert first[m[1]]["exit_reason"] == a, (q, a); checked += 1
    if q == "At which tick does the run end?":
        assert str(s["ticks"]) == a, (q, a); checked += 1
    m = re.match(r"Which of (.*) are still alive", q)
    if m:
        names = re.split(r", | and ", m[1])
        want = ", ".join(n for n in names if n in alive) or "none"
        assert want == a, (q, a, want); checked += 1
    m = re.match(r"Which of (.*) exits first\?", q)
    if m:
        names = re.split(r", | and ", m[1])
        t = {n: first[n]["exit_tick"] for n in names if first[n]["exit_tick"] is not None}
        assert min(t, key=t.get) == a, (q, a, t); checked += 1
print("checked", checked)
PY
			then ok "quiz $topic $level $seed: key agrees with the summary ($(cat "$TMP/out"))"
			else bad "quiz $topic $level $seed: key"; sed 's/^/   | /' "$TMP/out"; fi
		done
	done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
