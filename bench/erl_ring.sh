#!/bin/sh
# erl_ring.sh - Joe Armstrong's ring on the real BEAM (erl +S 1) and on
# beamsim (--engine sim, events off), and the ratio of their message rates.
#
#   sh bench/erl_ring.sh [N] [M]          (default N=10000 processes, M=1000 laps)
#
# Needs erl (Debian package erlang-base) and build/beamsim_bench.
set -eu
N=${1:-10000}
M=${2:-1000}
BENCH=${BENCH:-./build/beamsim_bench}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/ring.erl" <<'ERL'
-module(ring).
-export([main/1]).
%% N processes in a ring pass a token M times around: N*M messages.
main([NA, MA]) ->
    N = list_to_integer(atom_to_list(NA)), M = list_to_integer(atom_to_list(MA)),
    Self = self(),
    T0 = erlang:monotonic_time(microsecond),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, N - 1)),
    First ! {token, N * M - 1},
    relay(First),
    T1 = erlang:monotonic_time(microsecond),
    io:format("~.3f~n", [(T1 - T0) / 1.0e6]),
    halt().
relay(Next) ->
    receive
        {token, 0} -> ok;
        {token, K} -> Next ! {token, K - 1}, relay(Next)
    end.
ERL
scale=$((10000 / N))
[ "$scale" -lt 1 ] && scale=1
bs=$("$BENCH" --scale "$scale" ring | awk '$1 == "ring" { print $4, $5 }')
bs_s=$(echo "$bs" | cut -d' ' -f1)
bs_rate=$(echo "$bs" | cut -d' ' -f2)
echo "ring: N=$N processes, M=$M laps, $((N * M)) messages"
if command -v erl >/dev/null 2>&1 && erlc -o "$TMP" "$TMP/ring.erl"; then
	e_s=$(erl +S 1 -noshell -pa "$TMP" -s ring main "$N" "$M")
	awk -v e="$e_s" -v b="$bs_s" -v br="$bs_rate" -v msgs=$((N * M)) 'BEGIN {
		printf "%-28s %10s %16s\n", "", "seconds", "messages/s"
		printf "%-28s %10.3f %16.0f\n", "BEAM (erl +S 1)", e, msgs / e
		printf "%-28s %10.3f %16.0f\n", "beamsim (--engine sim)", b, br
		printf "beamsim / BEAM: %.2fx\n", br / (msgs / e) }'
else
	echo "erl not installed: beamsim only: $bs_s s, $bs_rate messages/s"
fi
