# lib.sh - real Erlang nodes for the distribution oracle (issue 16), sourced
# by facts.sh and run_dist.sh.
#
#   dist_begin      sets DIST_SUFFIX (unique to this run: node names and the
#                   cookie carry it, so parallel runs never meet), DIST_WORK
#                   (a temporary directory), and starts epmd on 127.0.0.1
#                   if none runs (DIST_EPMD_OURS=1)
#   dist_erl ARGS   erl as a hidden controller node ctl_SUFFIX (then
#                   DIST_CTL, so that runs side by side differ), bounded by
#                   DIST_TIMEOUT seconds (default 300), distribution on
#                   127.0.0.1 only
#   dist_sumlines SUMMARY   the outcome lines of a beamsim summary
#                   (oracle_dist.erl compiled into DIST_WORK)
#   dist_beam CASE OUT TAG  runs CASE on real nodes (node names carry
#                   DIST_SUFFIX and TAG), its outcome lines into OUT; on
#                   failure shows the end of its log (OUT.log), returns 1
#   dist_agree LABEL A B    0 if the line files A and B are equal; else
#                   prints LABEL and the differing lines ("-" A, "+" B)
#   dist_end        kills this run's leftover nodes (by pid: those whose
#                   command line holds DIST_SUFFIX), stops epmd if this run
#                   started it (`epmd -kill` refuses while a node of another
#                   run is registered: it retries for 5 s, then that epmd
#                   stays; two runs that start together both count it as
#                   theirs, and the last to end stops it), removes DIST_WORK
#                   (DIST_KEEP=1 keeps it: the logs of the BEAM runs)
# Peer nodes inherit ERL_FLAGS (distribution on 127.0.0.1 only) and
# ERL_CRASH_DUMP (a crash dump goes to DIST_WORK, never to the caller's
# directory).

dist_begin() {
	DIST_SUFFIX="$$x$(date +%s)"
	DIST_WORK=$(mktemp -d "${TMPDIR:-/tmp}/beamsim-dist.XXXXXX")
	DIST_EPMD_OURS=0
	if ! epmd -names >/dev/null 2>&1; then
		epmd -address 127.0.0.1 -daemon || return 1
		DIST_EPMD_OURS=1
		i=0
		while ! epmd -names >/dev/null 2>&1 && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	fi
	# +sbwt none...: no busy wait, as tests/oracle/run.sh (on 2 shared cores a
	# spinning VM made the others' timers fire up to ten times late); ERL_FLAGS
	# reaches the peer nodes too.
	ERL_FLAGS="-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none"
	ERL_CRASH_DUMP=$DIST_WORK/erl_crash.dump
	export ERL_FLAGS ERL_CRASH_DUMP
	trap dist_end EXIT
	trap 'exit 130' INT TERM
}

dist_erl() {
	timeout -s KILL "${DIST_TIMEOUT:-300}" erl -sname "ctl_$DIST_SUFFIX${DIST_CTL:-}" -hidden \
		-setcookie "c$DIST_SUFFIX" -noshell "$@" </dev/null
}

dist_end() {
	for p in $(pgrep -f "_$DIST_SUFFIX" 2>/dev/null); do
		[ "$p" != $$ ] && kill -9 "$p" 2>/dev/null
	done
	if [ "$DIST_EPMD_OURS" = 1 ]; then
		# epmd forgets a node when its connection closes; retry for 5 s
		i=0
		while epmd -names >/dev/null 2>&1 && ! epmd -kill >/dev/null 2>&1 && [ $i -lt 10 ]; do
			sleep 0.5; i=$((i + 1))
		done
	fi
	[ "${DIST_KEEP:-0}" = 1 ] && echo "dist: kept $DIST_WORK" || rm -rf "$DIST_WORK"
}

dist_sumlines() {
	timeout "${DIST_TIMEOUT:-300}" erl -noshell -pa "$DIST_WORK" -run oracle_dist summary "$1" </dev/null
}

dist_beam() {
	: >"$2"
	DIST_CTL=$3 dist_erl -pa "$DIST_WORK" -run oracle_dist run "$1" "$DIST_WORK" "${DIST_SUFFIX}$3" "$2" >"$2.log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] && [ -s "$2" ] && return 0
	echo "  the BEAM run of $(basename "$1") ended with code $rc; its log:"
	sed 's/^/    /' "$2.log" | tail -n 20
	return 1
}

dist_agree() {
	if cmp -s "$2" "$3"; then
		return 0
	fi
	echo "  $1:"
	diff "$2" "$3" | sed -n 's/^</    -/p; s/^>/    +/p'
	return 1
}
