#!/bin/sh
# facts.sh - runs the experiments of facts_dist.erl on real nodes (issue 16):
# what distributed Erlang does on a node halt, a disconnect, a restart.
#   sh tests/oracle/dist/facts.sh
# Prints one "FACT id: ..." line per observation, then "done".  Exit 77 if
# erl is not installed.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
command -v erl >/dev/null 2>&1 && command -v erlc >/dev/null 2>&1 || { echo "facts: erl is not installed; skipped"; exit 77; }
. "$HERE/lib.sh"
dist_begin || { echo "facts: cannot start epmd"; exit 1; }
erlc -o "$DIST_WORK" "$HERE/facts_dist.erl" || exit 1
dist_erl -pa "$DIST_WORK" -run facts_dist main "$DIST_WORK" "$DIST_SUFFIX"
