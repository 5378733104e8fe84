#!/bin/sh
# erl_speedup.sh - the speed-up lesson on the real BEAM and on beamsim, side by side.
#
#   sh bench/erl_speedup.sh [BEAMSIM]      (default ./build/beamsim)
#
# The workload is scenarios/parallel_speedup.json: 16 independent CPU-bound
# processes.  On the BEAM each process counts down a loop (ITERS, default
# 50,000,000) and the run is timed with `erl +S 1` and `erl +S 2`; beamsim
# runs the scenario with --engine threads --schedulers 1,2.  Needs erl
# (Debian package erlang-base); without it only beamsim's column is shown.
set -eu
BIN=${1:-./build/beamsim}
ITERS=${ITERS:-50000000}
SCEN=$(dirname "$0")/../scenarios/parallel_speedup.json

# A compiled module: funs written in -eval would be interpreted by erl_eval.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/spd.erl" <<'ERL'
-module(spd).
-export([main/1]).
work(0) -> ok;
work(N) -> work(N - 1).
main([ItersS]) ->
    Iters = list_to_integer(atom_to_list(ItersS)),
    Self = self(),
    T0 = erlang:monotonic_time(microsecond),
    Pids = [spawn(fun() -> work(Iters), Self ! done end) || _ <- lists:seq(1, 16)],
    [receive done -> ok end || _ <- Pids],
    T1 = erlang:monotonic_time(microsecond),
    io:format("~.3f~n", [(T1 - T0) / 1.0e6]),
    halt().
ERL

erl_time() {
	erl +S "$1" -noshell -pa "$TMP" -s spd main "$ITERS"
}

bs=$("$BIN" run "$SCEN" --engine threads --schedulers 1,2 --summary - |
	tr -d ' \t\n' | grep -o '"wall_seconds":[0-9.e-]*' | cut -d: -f2)
b1=$(echo "$bs" | sed -n 1p)
b2=$(echo "$bs" | sed -n 2p)
if command -v erl >/dev/null 2>&1 && erlc -o "$TMP" "$TMP/spd.erl"; then
	e1=$(erl_time 1)
	e2=$(erl_time 2)
else
	e1=-; e2=-
fi
echo "16 CPU-bound processes; $(nproc) cores"
printf '%-12s %12s %12s\n' "schedulers" "BEAM (s)" "beamsim (s)"
printf '%-12s %12s %12s\n' 1 "$e1" "$b1"
printf '%-12s %12s %12s\n' 2 "$e2" "$b2"
awk -v e1="$e1" -v e2="$e2" -v b1="$b1" -v b2="$b2" 'BEGIN {
	printf "%-12s %11sx %11.2fx\n", "speed-up", (e1 == "-" ? "-" : sprintf("%.2f", e1 / e2)), b1 / b2 }'
