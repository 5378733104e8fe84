#!/bin/sh
# gui_function_length.sh - every function in gui/*.c is at most 60 lines,
# from its first signature line to its closing brace (issue 18: the GUI
# stays readable in small pieces).  Prints each longer one and fails.
#
#   sh tests/gui_function_length.sh [SOURCE_DIR] [LIMIT]
set -eu
dir=${1:-.}
limit=${2:-60}
status=0
for f in "$dir"/gui/*.c; do
	awk -v file="${f#"$dir"/}" -v limit="$limit" '
	/^[A-Za-z_][A-Za-z0-9_ *]*[ *][A-Za-z_][A-Za-z0-9_]*\(/ && !/;[ \t]*$/ && !start {
		start = NR; name = $0
	}
	/^}/ && start {
		n = NR - start + 1
		if (n > limit) { printf "%s:%d: %d lines (limit %d): %s\n", file, start, n, limit, name; bad = 1 }
		start = 0
	}
	END { exit bad }' "$f" || status=1
done
[ "$status" = 0 ] && echo "gui_function_length: every function in gui/*.c is at most $limit lines"
exit "$status"
