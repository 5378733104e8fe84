#!/bin/sh
# run.sh - builds the libFuzzer targets (build-fuzz/, clang) and fuzzes each
# one for a bounded time.
#
#   sh tests/fuzz/run.sh [SECONDS]     default 60 seconds per target (CI)
#   FUZZ_JOBS=4 sh tests/fuzz/run.sh 3600
#                                      long mode: an hour per target on 4 cores
#
# Seeds: every scenarios/*.json, the format 1.1 seeds tests/fuzz/seeds/, the
# malformed corpus tests/data/bad/ and the regression inputs
# tests/data/fuzz_regressions/.  Dictionary: tests/fuzz/beamsim.dict (the
# format's keys, ops, operators and "$" variables).  New interesting inputs go
# to build-fuzz/corpus/TARGET/ (kept between runs, so longer runs resume).
# A crash, leak, timeout or out-of-memory input is written to
# build-fuzz/artifacts/ and the script exits 1: reproduce it with
#   build-fuzz/tests/fuzz/fuzz_run build-fuzz/artifacts/crash-...
# then fix it and add the input to tests/data/fuzz_regressions/.
set -eu
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET=${1:-60}
JOBS=${FUZZ_JOBS:-1}
B=build-fuzz
CC=${FUZZ_CC:-$(command -v clang || command -v clang-14)} cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBEAMSIM_FUZZ=ON \
	-DBEAMSIM_TESTS=OFF -DBEAMSIM_GUI=OFF >/dev/null
cmake --build "$B" -j"$(nproc)" --target fuzz_load fuzz_run >/dev/null
mkdir -p "$B/artifacts"
status=0
for t in fuzz_load fuzz_run; do
	corpus="$B/corpus/$t"
	mkdir -p "$corpus" "$B/seeds/$t"
	# Seeds are copied (libFuzzer may write into every corpus dir it is given
	# first, so the source tree is never touched).
	cp scenarios/*.json tests/fuzz/seeds/*.json "$B/seeds/$t/"
	for f in tests/data/bad/* tests/data/fuzz_regressions/*; do
		case $f in *.expect|*/README*) continue ;; esac
		[ -f "$f" ] && cp "$f" "$B/seeds/$t/"
	done
	echo "== fuzzing $t for ${SECONDS_PER_TARGET}s (jobs: $JOBS)"
	log="$B/$t.log"
	if [ "$JOBS" -gt 1 ]; then
		extra="-fork=$JOBS"
	else
		extra=""
	fi
	# shellcheck disable=SC2086
	if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	   "$B/tests/fuzz/$t" $extra -max_total_time="$SECONDS_PER_TARGET" -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -dict=tests/fuzz/beamsim.dict \
		-artifact_prefix="$B/artifacts/" "$corpus" "$B/seeds/$t" >"$log" 2>&1; then
		:
	else
		status=1
		echo "FAIL $t: see $log and $B/artifacts/"
		grep -E "ERROR|SUMMARY|Test unit written|check failed" "$log" | head -20
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1)
	echo "$t: ${execs:-?} executions, ${rate:-?} exec/s, $cov"
done
exit $status
