#!/bin/sh
# test.sh - installs what is missing, builds, and runs the whole test suite:
#   1. the cmocka tests and CLI tests (ctest) on a normal build (no tests = failure);
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/);
#   3. every scenario against docs/scenario.schema.json (ajv, from npm);
#   4. the suite under ThreadSanitizer (build-tsan/), but for the hostile
#      inputs and the GUI's cmocka tests (inputs and a one-thread window);
#   5. libFuzzer on the loader and the engine, 60 s per target (build-fuzz/;
#      FUZZ_SECONDS=N to change; see tests/fuzz/run.sh).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh --test
sh scripts/build.sh
echo "== tests (build/)"
ctest --test-dir build --output-on-failure --no-tests=error -j2
echo "== tests under ASan+UBSan (build-asan/)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBEAMSIM_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --test-dir build-asan --output-on-failure --no-tests=error -j2
echo "== scenarios against the JSON Schema"
sh tests/schema_check.sh
echo "== tests under ThreadSanitizer (build-tsan/)"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBEAMSIM_TSAN=ON >/dev/null
cmake --build build-tsan -j"$(nproc)"
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure --no-tests=error -j2
echo "== fuzzing the loader and the engine (libFuzzer, build-fuzz/; 60 s per target)"
FUZZ_CC=clang-14 sh tests/fuzz/run.sh "${FUZZ_SECONDS:-60}"
