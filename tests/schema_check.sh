#!/bin/sh
# schema_check.sh - check docs/scenario.schema.json against the scenario files.
#
# What it checks, with ajv (npm packages ajv-cli and ajv-formats):
#   1. every scenarios/**/*.json is VALID against the schema;
#   2. every tests/data/schema_bad/*.json is REJECTED, for the expected reason;
#   3. every ```json example in docs/scenario-format.md is valid: whole
#      scenarios as they are, fragments (an op, a process entry, a config, a
#      timeline event, a note, a template, a supervisor) wrapped into a minimal
#      scenario.  Blocks fenced as ```jsonc or ```text are not checked (use them
#      for settings files, elided examples and deliberately wrong ones).
#
# How to run it (from any directory; node >= 18 and npm are needed):
#   sh tests/schema_check.sh [REPO_DIR]
# The first run installs ajv-cli 5.0.0 and ajv-formats 3.0.1 with npm into
# build/npm (or $BEAMSIM_NPM_DIR); every later run works offline.  To
# install only:  npm install --prefix build/npm ajv-cli@5.0.0 ajv-formats@3.0.1
#
# Exit status: 0 all checks passed, 1 some failed, 77 node/npm missing or the
# install failed (ctest: SKIP_RETURN_CODE 77).  The last line printed is
# "N passed, M failed".
set -u

ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
NPM_DIR=${BEAMSIM_NPM_DIR:-$ROOT/build/npm}
SCHEMA=$ROOT/docs/scenario.schema.json
DOC=$ROOT/docs/scenario-format.md
AJV=$NPM_DIR/node_modules/.bin/ajv

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ] && exit 0; exit 1; }
skip_all() { echo "schema_check: $1" >&2; echo "0 passed, 0 failed, 1 skipped"; exit 77; }

command -v node >/dev/null 2>&1 || skip_all "node is not installed"
if [ ! -x "$AJV" ] || [ ! -d "$NPM_DIR/node_modules/ajv-formats" ]; then
	command -v npm >/dev/null 2>&1 || skip_all "npm is not installed"
	echo "schema_check: installing ajv-cli and ajv-formats into $NPM_DIR"
	if ! mkdir -p "$NPM_DIR" ||
		! npm install --prefix "$NPM_DIR" --no-audit --no-fund --loglevel=error \
			ajv-cli@5.0.0 ajv-formats@3.0.1 >&2; then
		skip_all "npm install of ajv-cli and ajv-formats failed"
	fi
fi

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

# ajv FILE... : validate the files in one ajv run; output in $TMP/out.
ajv() {
	args=""
	for f in "$@"; do args="$args -d $f"; done
	# shellcheck disable=SC2086  # paths come from find/mktemp: no spaces expected
	"$AJV" validate --spec=draft7 --strict=true --strict-required=false \
		--all-errors --errors=text -c ajv-formats -s "$SCHEMA" $args \
		>"$TMP/out" 2>&1
}
is_valid() { grep -Fqx "$1 valid" "$TMP/out"; }

# The schema itself must compile in strict mode.
if "$AJV" compile --spec=draft7 --strict=true --strict-required=false \
	-c ajv-formats -s "$SCHEMA" >"$TMP/out" 2>&1; then
	pass "schema compiles: docs/scenario.schema.json"
else
	fail "schema compiles: docs/scenario.schema.json"
	sed 's/^/     /' "$TMP/out"
	finish
fi

# 1. Every scenario file is valid.
find "$ROOT/scenarios" -name '*.json' | LC_ALL=C sort >"$TMP/scenarios"
if [ ! -s "$TMP/scenarios" ]; then
	fail "no scenario files under scenarios/"
else
	# shellcheck disable=SC2046
	ajv $(cat "$TMP/scenarios")
	while read -r f; do
		rel=${f#"$ROOT"/}
		if is_valid "$f"; then
			pass "valid: $rel"
		else
			fail "valid: $rel"
			grep -F -A1 "$f invalid" "$TMP/out" | tail -n +2 | sed 's/^/     /'
		fi
	done <"$TMP/scenarios"
fi

# 2. Each bad file is rejected, and for the reason we expect.
expect_error() {
	case $1 in
	unknown_key.json)
		echo "data/processes/0 must NOT have additional properties" ;;
	reductions_not_a_number.json)
		echo "data/processes/2/program/0/reductions must be integer" ;;
	program_and_template.json)
		echo "data/processes/0 must match exactly one schema in oneOf" ;;
	shutdown_bad_value.json)
		echo "data/processes/0/supervisor/children/0/shutdown must match exactly one schema in oneOf" ;;
	set_without_var.json)
		echo "data/processes/0/program/0 must have required property 'var'" ;;
	nested_op_error.json)
		echo "data/processes/0/supervisor/children/0/program/0/do/0/cases/0/do/0 must have required property 'ticks'" ;;
	*)
		echo "" ;;
	esac
}
nbad=0
for f in "$ROOT"/tests/data/schema_bad/*.json; do
	[ -e "$f" ] || continue
	nbad=$((nbad + 1))
	name=$(basename "$f")
	want=$(expect_error "$name")
	ajv "$f"
	if is_valid "$f"; then
		fail "rejected: tests/data/schema_bad/$name (the schema accepted it)"
	elif ! grep -Fq "$f invalid" "$TMP/out"; then
		fail "rejected: tests/data/schema_bad/$name (ajv did not run)"
		sed 's/^/     /' "$TMP/out"
	elif [ -z "$want" ]; then
		fail "rejected: tests/data/schema_bad/$name (no expected error listed in $0)"
	elif grep -Fq "$want" "$TMP/out"; then
		pass "rejected: tests/data/schema_bad/$name"
	else
		fail "rejected: tests/data/schema_bad/$name (not for the expected reason)"
		echo "     expected: $want"
		sed 's/^/     got: /' "$TMP/out"
	fi
done
[ "$nbad" -gt 0 ] || fail "no files in tests/data/schema_bad/"

# 3. The ```json examples of the reference are valid.
if [ -f "$DOC" ]; then
	node - "$DOC" "$TMP" >"$TMP/examples" <<'EOF'
// Writes each ```json example of the doc, wrapped into a scenario, to DIR;
// prints one line per example: LINE FILE... (any one FILE valid = pass),
// "LINE -" for a value that is not a scenario part (skipped), or
// "LINE !error" when the block is not JSON.
const fs = require("fs");
const [doc, dir] = process.argv.slice(2);
const lines = fs.readFileSync(doc, "utf8").split("\n");
const P = { name: "p", program: [] };
const CONFIG = ["schedulers", "slice", "preemption", "balance", "dirty_schedulers", "seed", "until"];
const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function wraps(v) {
	if (Array.isArray(v) && v.length && v.every((x) => isObj(x) && "op" in x))
		return [{ processes: [{ name: "p", program: v }] }];
	if (!isObj(v)) return null;
	if ("processes" in v) return [v];
	if ("op" in v)
		return [{ processes: [{ name: "p", program: [v] }] },
			{ processes: [P], timeline: [{ at: 0, do: v }] }];
	if ("at" in v && "do" in v) return [{ processes: [P], timeline: [v] }];
	if ("at" in v && "text" in v) return [{ processes: [P], notes: [v] }];
	if ("name" in v)
		return [{ processes: [v] },
			{ processes: [{ name: "s", supervisor: { children: [v] } }] },
			{ processes: [P], timeline: [{ at: 0, do: { op: "spawn", process: v } }] }];
	if ("children" in v) return [{ processes: [{ name: "s", supervisor: v }] }];
	if ("match" in v) return [{ processes: [{ name: "p", program: [{ op: "receive", cases: [v] }] }] }];
	if ("program" in v || "supervisor" in v || "template" in v)
		return [{ templates: { t: v }, processes: [P] }];
	const keys = Object.keys(v);
	if (keys.length && keys.every((k) => CONFIG.includes(k))) return [{ config: v, processes: [P] }];
	if ("config" in v) return [{ config: v.config, processes: [P] }];
	return null;
}
let inBlock = false, start = 0, buf = [], n = 0;
lines.forEach((line, i) => {
	if (!inBlock && /^\s*```json\s*$/.test(line)) { inBlock = true; start = i + 2; buf = []; return; }
	if (inBlock && /^\s*```\s*$/.test(line)) {
		inBlock = false;
		let v;
		try { v = JSON.parse(buf.join("\n")); } catch (e) { console.log(`${start} !${e.message}`); return; }
		const ws = wraps(v);
		if (!ws) { console.log(`${start} -`); return; }
		const files = ws.map((w, k) => {
			const f = `${dir}/example_${++n}_${k}.json`;
			fs.writeFileSync(f, JSON.stringify(w, null, 1));
			return f;
		});
		console.log(`${start} ${files.join(" ")}`);
		return;
	}
	if (inBlock) buf.push(line);
});
EOF
	# shellcheck disable=SC2046
	ajv $(awk '$2 !~ /^[-!]/ { for (i = 2; i <= NF; i++) print $i }' "$TMP/examples")
	nskip=0
	while read -r line files; do
		case $files in
		-) nskip=$((nskip + 1)); continue ;;
		!*) fail "docs/scenario-format.md:$line: example is not JSON: ${files#!}"; continue ;;
		esac
		ok=0
		for f in $files; do
			if is_valid "$f"; then ok=1; fi
		done
		if [ "$ok" -eq 1 ]; then
			pass "docs/scenario-format.md:$line: example is valid"
		else
			fail "docs/scenario-format.md:$line: example is valid"
			for f in $files; do
				grep -F -A1 "$f invalid" "$TMP/out" | tail -n +2 | sed 's/^/     /'
			done
		fi
	done <"$TMP/examples"
	[ "$nskip" -eq 0 ] || echo "($nskip json blocks in docs/scenario-format.md are plain values, not checked)"
else
	fail "docs/scenario-format.md is missing"
fi

finish
