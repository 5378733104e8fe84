#!/bin/sh
# dist16.sh - hostile inputs for distribution (issue 16): config.nodes,
# config.net, "node"/"nodes", monitor_node and the timeline's node events.
# Every bad value is refused with its JSON path; big clusters, many
# partitions and a flood of messages to a node that is down stay bounded.
. "$(dirname "$0")/lib.sh"

P='"processes":[{"name":"p","program":[{"op":"work","reductions":1}]}]'

# bad_cfg CONFIG PATTERN: a file with this config is refused.
bad_cfg() {
	printf '{"config":%s,%s}' "$1" "$P" >"$TMP/bad.json"
	expect "config $1" 3 "$2" "$BIN" check "$TMP/bad.json"
}
bad_cfg '{"nodes":[]}' 'config.nodes: expected a non-empty array of nodes'
bad_cfg '{"nodes":{}}' 'config.nodes: expected a non-empty array of nodes'
bad_cfg '{"nodes":[{}]}' "config.nodes[0]: missing key 'name'"
bad_cfg '{"nodes":[{"name":""}]}' 'config.nodes[0].name: a node name cannot be empty'
bad_cfg '{"nodes":[{"name":"a@h"}]}' "config.nodes[0].name: a node name has no '@'"
bad_cfg '{"nodes":[{"name":"a"},{"name":"a"}]}' "node 'a' is named twice"
bad_cfg '{"nodes":[{"name":"a","schedulers":0}]}' 'config.nodes[0].schedulers'
bad_cfg '{"nodes":[{"name":"a","schedulers":1e300}]}' 'is out of range'
bad_cfg '{"nodes":[{"name":"a","shcedulers":2}]}' "did you mean 'schedulers'"
bad_cfg '{"nodes":[{"name":"a","schedulers":64},{"name":"b"}]}' 'the nodes have 66 schedulers in all (max 64)'
bad_cfg '{"net":{"latency":1}}' 'config.net: net needs config.nodes'
bad_cfg '{"nodes":[{"name":"a"}],"net":{"latency":-1}}' 'config.net.latency'
bad_cfg '{"nodes":[{"name":"a"}],"net":{"latency":"slow"}}' 'config.net.latency'
bad_cfg '{"nodes":[{"name":"a"},{"name":"b"}],"net":{"links":[{"from":"a","to":"c","latency":1}]}}' \
	"config.net.links[0].to: unknown node 'c'"
bad_cfg '{"nodes":[{"name":"a"},{"name":"b"}],"net":{"links":[{"from":"a","to":"b","latency":1},{"from":"a","to":"b","latency":2}]}}' \
	"the link from 'a' to 'b' is given twice"

# 65 nodes: more than there can be schedulers
awk 'BEGIN { printf "{\"config\":{\"nodes\":["; for (i = 0; i < 65; i++) printf "%s{\"name\":\"n%d\",\"schedulers\":1}", i ? "," : "", i; printf "]},\"processes\":[{\"name\":\"p\",\"program\":[]}]}" }' >"$TMP/many.json"
expect "65 nodes" 3 "config.nodes: 65 nodes (max 64" "$BIN" check "$TMP/many.json"

# a node name of 1 MB, then used with a typo: the message stays short
n=$(head -c 1048576 /dev/zero | tr '\0' x)
printf '{"config":{"nodes":[{"name":"%s"}]},"processes":[{"name":"p","node":"%sy","program":[]}]}' "$n" "$n" >"$TMP/long.json"
expect_bounded "1 MB node name" 256 3 "processes[0].node: unknown node" "$BIN" check "$TMP/long.json"

# node keys without config.nodes
printf '{"processes":[{"name":"p","node":"a","program":[]}]}' >"$TMP/nonodes.json"
expect "node without config.nodes" 3 "processes[0].node: a node needs config.nodes" "$BIN" check "$TMP/nonodes.json"
printf '{"processes":[{"name":"p","program":[{"op":"monitor_node","node":"a"}]}]}' >"$TMP/mn.json"
expect "monitor_node without config.nodes" 3 "processes[0].program[0].node: a node needs config.nodes" \
	"$BIN" check "$TMP/mn.json"
printf '{%s,"timeline":[{"at":1,"do":{"op":"node_down","node":"a"}}]}' "$P" >"$TMP/tl.json"
expect "node_down without config.nodes" 3 "timeline[0].do.node: a node needs config.nodes" \
	"$BIN" check "$TMP/tl.json"

# partitions that do not cover the nodes, or repeat one, or are not arrays
N='"config":{"nodes":[{"name":"a"},{"name":"b"},{"name":"c"}]}'
bad_tl() {
	printf '{%s,%s,"timeline":[{"at":1,"do":%s}]}' "$N" "$P" "$1" >"$TMP/tl.json"
	expect "timeline $1" 3 "$2" "$BIN" check "$TMP/tl.json"
}
bad_tl '{"op":"partition","groups":[["a"],["b"]]}' "node 'c' is in no group"
bad_tl '{"op":"partition","groups":[["a","b"],["b","c"]]}' "node 'b' is in two groups"
bad_tl '{"op":"partition","groups":[]}' 'timeline[0].do.groups: expected an array of groups'
bad_tl '{"op":"partition","groups":[[]]}' 'timeline[0].do.groups[0]: expected a non-empty array'
bad_tl '{"op":"partition","groups":"a,b"}' 'timeline[0].do.groups: expected an array of groups'
bad_tl '{"op":"partition"}' "missing key 'groups'"
bad_tl '{"op":"node_down","node":"d"}' "timeline[0].do.node: unknown node 'd'"
bad_tl '{"op":"node_down","node":"B"}' "did you mean 'b'"
bad_tl '{"op":"node_up"}' "missing key 'node'"
bad_tl '{"op":"heal","node":"a"}' "unknown key 'node'"

# child "nodes": empty, repeated, outside a child
printf '{%s,"processes":[{"name":"s","supervisor":{"children":[{"name":"w","nodes":["a","a"],"program":[]}]}}]}' "$N" >"$TMP/n.json"
expect "child nodes repeated" 3 "node 'a' is listed twice" "$BIN" check "$TMP/n.json"
printf '{%s,"processes":[{"name":"s","supervisor":{"children":[{"name":"w","nodes":[],"program":[]}]}}]}' "$N" >"$TMP/n.json"
expect "child nodes empty" 3 "expected a non-empty array of node names" "$BIN" check "$TMP/n.json"
printf '{%s,"processes":[{"name":"s","supervisor":{"children":[{"name":"w","node":"a","nodes":["b"],"program":[]}]}}]}' "$N" >"$TMP/n.json"
expect "child node and nodes" 3 "give either node or nodes, not both" "$BIN" check "$TMP/n.json"

# The two long runs below are a tenth as long under ASan+UBSan, where
# the full ones took over the test's 300 s (the plain build runs them whole).
NPART=10000 NBOUNCE=5000
if [ "$SANITIZED" = 1 ]; then NPART=1000 NBOUNCE=500; fi

# 10,000 partitions and heals in a row on 8 nodes with 800 linked and
# monitoring processes: bounded time and memory, every run ends
awk -v n="$NPART" 'BEGIN {
	printf "{\"config\":{\"until\":100000,\"nodes\":[";
	for (i = 0; i < 8; i++) printf "%s{\"name\":\"n%d\",\"schedulers\":1}", i ? "," : "", i;
	printf "]},\"processes\":[";
	for (i = 0; i < 800; i++) printf "%s{\"name\":\"p%d\",\"node\":\"n%d\",\"trap_exit\":true,\"program\":[{\"op\":\"link\",\"to\":\"p%d\"},{\"op\":\"monitor\",\"to\":\"p%d\"},{\"op\":\"monitor_node\",\"node\":\"n%d\"},{\"op\":\"loop\",\"times\":\"forever\",\"do\":[{\"op\":\"receive\"},{\"op\":\"send\",\"to\":\"p%d\",\"message\":1}]}]}", i ? "," : "", i, i % 8, (i + 1) % 800, (i + 3) % 800, (i + 1) % 8, (i + 1) % 800;
	printf "],\"timeline\":[";
	for (i = 0; i < n; i++) printf "%s{\"at\":%d,\"do\":{\"op\":\"partition\",\"groups\":[[\"n0\",\"n1\",\"n2\",\"n3\"],[\"n4\",\"n5\",\"n6\",\"n7\"]]}},{\"at\":%d,\"do\":{\"op\":\"heal\"}}", i ? "," : "", 5 + i * 8, 9 + i * 8;
	printf "]}" }' >"$TMP/flap.json"
expect_bounded "10,000 partitions" 512 0 "" "$BIN" run "$TMP/flap.json" --quiet

# a node that goes down and up 5,000 times with 1,000 processes on it
awk -v n="$NBOUNCE" 'BEGIN {
	printf "{\"config\":{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}]},\"processes\":[{\"name\":\"q\",\"count\":1000,\"node\":\"b\",\"program\":[{\"op\":\"receive\"}]}],\"timeline\":[";
	for (i = 0; i < n; i++) printf "%s{\"at\":%d,\"do\":{\"op\":\"node_down\",\"node\":\"b\"}},{\"at\":%d,\"do\":{\"op\":\"node_up\",\"node\":\"b\"}}", i ? "," : "", 10 + i * 4, 12 + i * 4;
	printf "]}" }' >"$TMP/bounce.json"
expect_bounded "5,000 node bounces x 1,000 processes" 512 0 "" "$BIN" run "$TMP/bounce.json" --quiet

# a flood of 200,000 messages to a node that is down: all dropped, counted
printf '{"config":{"nodes":[{"name":"a"},{"name":"b"}]},"processes":[{"name":"sink","node":"b","program":[{"op":"receive"}]},{"name":"src","start":5,"program":[{"op":"loop","times":200000,"do":[{"op":"send","to":"sink","message":"x"}]}]}],"timeline":[{"at":1,"do":{"op":"node_down","node":"b"}}]}' >"$TMP/flood.json"
expect_bounded "200,000 messages to a down node" 256 0 '"dropped":	200000' \
	"$BIN" run "$TMP/flood.json" --summary -

finish
