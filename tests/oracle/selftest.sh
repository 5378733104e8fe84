#!/bin/sh
# selftest.sh - proves that the BEAM oracle can fail (issue 12: a test
# that cannot fail is a defect).
#
#   sh tests/oracle/selftest.sh [SOURCE_DIR]     (BEAMSIM as for run.sh)
#
# Runs run.sh on one shipped scenario twice: as it is, where it must pass
# (exit 0), and with ORACLE_TAMPER=1, where beamsim's summaries are
# falsified (the first process exits `oracle_tampered` in every variant,
# oracle.erl tamper/1): then it must fail (exit 1), name that outcome,
# and have run the BEAM side at least ORACLE_RUNS (here 2) times before giving
# up (up to 5 when the BEAM's clock was late).
# Exit 0 if both hold, 1 if not, 77 if erl is not installed.
set -u
SRC=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
F=$SRC/scenarios/hello_messages.json
run() {
	ORACLE_ONLY=$F ORACLE_SEEDS=0 ORACLE_JOBS=1 ORACLE_GEN= sh "$SRC/tests/oracle/run.sh" "$SRC" 2>&1
}
out=$(run); rc=$?
echo "$out"
[ "$rc" -eq 77 ] && exit 77
[ "$rc" -eq 0 ] || { echo "selftest: the untampered run failed (exit $rc)"; exit 1; }
out=$(ORACLE_TAMPER=1 ORACLE_RUNS=2 run); rc=$?
echo "$out"
[ "$rc" -eq 1 ] || { echo "selftest: the tampered run exited $rc, not 1"; exit 1; }
echo "$out" | grep -q '^  DISAGREE exit reason of [^ ]*: beamsim oracle_tampered, erl ' ||
	{ echo "selftest: no DISAGREE line for the tampered outcome"; exit 1; }
echo "$out" | grep -q '[2-5] BEAM run(s)' ||
	{ echo "selftest: the tampered scenario was not run 2 to 5 times on the BEAM"; exit 1; }
echo "selftest: the oracle passes the scenario and fails it when beamsim's outcome is falsified"
