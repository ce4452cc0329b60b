#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End.AD6 with "cache flow": one cached header blob per inner flow, at most
# "max" of them, idle ones evicted after "timeout" seconds, on the paper's
# testbed with one SR-unaware VNF.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                              |fd00:f1::1 (to_vnf1)
#                              |
#                             +------+
#                             | vnf1 | fd00:f1::2, plain IPv6 router,
#                             +------+ no SRv6 configuration at all
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1
#                       cache flow max 2 timeout T (srext; later re-added
#                       with "cache flow" alone and with "cache interface")
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:e::d6
#
#   flows (src fd00:1::1 -> sink fd00:2::1)
#   A  ICMPv6 echo requests                     first place in the cache
#   B  UDP 40000 -> 5000                         second place
#   C  UDP 40001 -> 5001, interleaved with B    table full: not cached
#
#   T: 2 s; 5 s x SREXT_TIME_SCALE on a slow (debug) kernel, where B's
#   datagrams came more than 2 s apart, and A's last echo and C's first
#   datagram more than 12 s, each time freeing a place for C.
#
# Asserts:
# - srconf shows the SID with the cache object (JSON) and "cache flow max 2
#   timeout T" (text); counters start at zero;
# - A (pings) and B pass end to end, C reaches vnf1 (capture) but none of
#   it reaches the sink: srext counts exactly C's datagrams as no_cache, two
#   cache updates, packets and bytes to and from the VNF exactly;
# - after more than 2 x timeout without traffic: exactly 2 evictions;
# - then C (the same 5-tuple) gets a place and passes: a third cache
#   update, no new drop;
# - "cache flow" alone shows the defaults max 1024 timeout 60;
# - "cache interface" shows and works like no cache keyword at all: ping
#   and three UDP flows pass, one cache update, no eviction, no drop;
# - srconf refuses max/timeout without "cache flow" (exit 1, exact message,
#   nothing added); the table is empty after the flush.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

SID=fc00:2::f1
AD6=(behavior end.ad6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1)
PINGS=25	# flow A, one every 0.2 s: it lasts while B and C are sent
N=10		# datagrams of B, of C, and of C again
# Inner packet lengths: echo request 40 + 8 + 56, UDP 40 + 8 + 64.
ECHO_LEN=104
UDP_LEN=112
NEG_CASES=3
FT=$((TIME_SCALE > 1 ? 5 * TIME_SCALE : 2))	# the flow timeout T

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan $((33 + 3 * NEG_CASES))

# udp_flows SPORT:DPORT:COUNT...: from src to the sink, one socket bound to
# each SPORT (so a flow keeps its 5-tuple from one call to the next), one
# datagram per flow in turn every 10 ms, in the format pkt.py udp-recv
# checks.  Prints {"sent": {"DPORT": N, ...}}.
UDP_FLOWS_PY='
import json, socket, sys, time
flows, sent = [], {}
for spec in sys.argv[1:]:
    sport, dport, count = (int(x) for x in spec.split(":"))
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", sport))
    flows.append([s, dport, count, 0])
while any(f[2] for f in flows):
    for f in flows:
        if f[2]:
            f[2] -= 1
            f[3] += 1
            msg = ("srext %d %06d " % (f[1], f[3])).encode().ljust(64, b".")
            f[0].sendto(msg, ("fd00:2::1", f[1]))
            sent[str(f[1])] = sent.get(str(f[1]), 0) + 1
            time.sleep(0.01)
print(json.dumps({"sent": sent}))
'
udp_flows() {
	UDP_SENT=$(nsx src "$PYTHON" -c "$UDP_FLOWS_PY" "$@" 2>"$TMPD/udp-tx.err") ||
		diag_file "udp sender" "$TMPD/udp-tx.err"
	diag "udp sent $UDP_SENT"
}

# udp_rx_start PORTS COUNT: a receiver on the sink for PORTS, stopping 1 s
# after COUNT datagrams (or after 40 s x SREXT_TIME_SCALE).
udp_rx_start() {
	bg_start udp-rx sink "$PYTHON" "$PKT_PY" udp-recv --ports "$1" \
		--count "$2" --size 64 --linger 1 --timeout $((40 * TIME_SCALE))
	wait_for_line "$TMPD/udp-rx.out" '^ready$' $((20 * TIME_SCALE)) ||
		{ diag_file "udp receiver" "$TMPD/udp-rx.err"; return 1; }
}

# udp_rx_wait: UDP_RECV := what the receiver got (see pkt.py).
udp_rx_wait() {
	bg_wait udp-rx $((45 * TIME_SCALE))
	UDP_RECV=$(tail -n 1 "$TMPD/udp-rx.out")
	diag "udp received $UDP_RECV"
}

# stat_jq EXPR: EXPR on the SID's stats, now.
stat_jq() {
	srext_json nfv
	jq -c -r ".[0].stats | $1" <<<"$SREXT_JSON" 2>&1
}

# wait_stat EXPR WANT TIMEOUT: poll until EXPR is WANT; print its last value.
wait_stat() {
	local i got
	for ((i = 0; i < $3 * 10; i++)); do
		got=$(stat_jq "$1")
		[ "$got" = "$2" ] && break
		sleep 0.1
	done
	echo "$got"
}

# counts NAME: the test packets of capture NAME, by kind.
counts() {
	cap_jq "$1" "[.[] | $JQ_DATA | if .l4 == \"udp\" then \"udp:\(.dport)\" else .l4 end]
		| group_by(.) | map({(.[0]): length}) | add // {}"
}

# show_json: srconf -j sid show, keys sorted, compact.
show_json() {
	srconf -n "${NS[nfv]}" -j sid show 2>&1 | jq -S -c . 2>&1
}

srext_load
setup_testbed none 1 || ktap_bail "cannot build the testbed"

# ------------------------------------------------- cache flow max 2 ----

check_cmd "srconf sid add $SID ${AD6[*]} cache flow max 2 timeout $FT" \
	srconf -n "${NS[nfv]}" sid add "$SID" "${AD6[@]}" cache flow max 2 timeout "$FT" ||
	ktap_bail "cannot add the SID"
check_eq "srconf -j sid show: the cache object" \
	'[{"behavior":"End.AD6","cache":{"flow":{"max":2,"timeout":'"$FT"'}},"iif":"to_vnf1","nh6":"fd00:f1::2","oif":"to_vnf1","owner":"srext","sid":"fc00:2::f1","state":"up"}]' \
	"$(show_json)"
run_cmd srconf -n "${NS[nfv]}" sid show
check_eq "srconf sid show: cache flow max 2 timeout $FT at the end of the line" \
	"0 $SID behavior End.AD6 owner srext nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 cache flow max 2 timeout $FT state up" \
	"$RUN_RC $RUN_OUT"
check_eq "counters start at zero" '[0,0,0,0,0]' \
	"$(stat_jq '[.packets_to_vnf, .packets_from_vnf, .cache_updates, .evictions, ([.drops[]] | add)]')"

cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start sink sink to_eer -Q in || ktap_bail "cannot start the captures"
udp_rx_start 5000,5001 "$N" || ktap_bail "cannot start the UDP receiver"

# A first, then B and C interleaved while A goes on: A and B fill the
# table, C finds it full.
bg_start ping src ping -n -c "$PINGS" -i 0.2 -W 5 fd00:2::1
check_eq "flow A (ICMPv6 echo) takes the first place: one cache update" 1 \
	"$(wait_stat .cache_updates 1 10)"
udp_flows 40000:5000:"$N" 40001:5001:"$N"
bg_wait ping $((30 * TIME_SCALE))
check_eq "flow A: $PINGS echo requests, $PINGS replies" "$PINGS" \
	"$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMPD/ping.out")" ||
	diag_file "ping output" "$TMPD/ping.out"
udp_rx_wait
cap_stop vnf1 sink || ktap_bail "cannot decode the captures"

check_eq "flow B (UDP 5000): $N distinct datagrams at the sink, none damaged" \
	"$N $N 0" "$(udp_got 5000) $(udp_got 5000 unique) $(udp_got 5000 bad)"
check_eq "flow C (UDP 5001): none at the sink" 0 "$(udp_got 5001)"
check_eq "vnf1 receives A, B and C: C reaches the VNF" \
	"{\"icmp6\":$PINGS,\"udp:5000\":$N,\"udp:5001\":$N}" "$(counts vnf1)"
check_eq "the sink sees A and B only" \
	"{\"icmp6\":$PINGS,\"udp:5000\":$N}" "$(counts sink)"
srext_json nfv
check_json "two cache updates: A and B, not C" '.[0].stats.cache_updates' 2
check_json "C's return packets dropped as no_cache, exactly $N" '.[0].stats.drops.no_cache' "$N"
check_json "no other drop" '.[0].stats.drops | del(.no_cache) | [.[]] | add' 0
check_json "packets to the VNF: A + B + C; from it: A + B" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf]' \
	"[$((PINGS + 2 * N)),$((PINGS + N))]"
check_json "bytes to and from the VNF" '.[0].stats | [.bytes_to_vnf, .bytes_from_vnf]' \
	"[$((PINGS * ECHO_LEN + 2 * N * UDP_LEN)),$((PINGS * ECHO_LEN + N * UDP_LEN))]"

# -------------------------------------------------------- evictions ----

# No traffic for more than 2 x timeout; the sweep runs every second.
sleep $((2 * FT + 1))
check_eq "after more than 2 x timeout idle: A and B evicted, exactly 2 evictions" 2 \
	"$(wait_stat .evictions 2 10)"
check_json "evictions leave the other counters alone" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf, .cache_updates, .drops.no_cache]' \
	"[$((PINGS + 2 * N)),$((PINGS + N)),2,$N]"

udp_rx_start 5001 "$N" || ktap_bail "cannot start the UDP receiver"
udp_flows 40001:5001:"$N"
udp_rx_wait
check_eq "flow C again (same 5-tuple) gets a place: $N datagrams at the sink" \
	"$N $N 0" "$(udp_got 5001) $(udp_got 5001 unique) $(udp_got 5001 bad)"
srext_json nfv
check_json "a third cache update, no new no_cache drop, C counted both ways" \
	'.[0].stats | [.cache_updates, .drops.no_cache, .packets_to_vnf, .packets_from_vnf]' \
	"[3,$N,$((PINGS + 3 * N)),$((PINGS + 2 * N))]"

# --------------------------------------------------------- defaults ----

check_cmd "sid del $SID" srconf -n "${NS[nfv]}" sid del "$SID"
check_cmd "sid add $SID ${AD6[*]} cache flow (no max, no timeout)" \
	srconf -n "${NS[nfv]}" sid add "$SID" "${AD6[@]}" cache flow
check_eq "cache flow alone: the defaults max 1024 timeout 60 (JSON)" \
	'{"flow":{"max":1024,"timeout":60}}' \
	"$(srconf -n "${NS[nfv]}" -j sid show "$SID" 2>&1 | jq -c '.[0].cache' 2>&1)"
run_cmd srconf -n "${NS[nfv]}" sid show "$SID"
check_eq "cache flow alone: the defaults max 1024 timeout 60 (text)" \
	"0 $SID behavior End.AD6 owner srext nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 cache flow max 1024 timeout 60 state up" \
	"$RUN_RC $RUN_OUT"
check_eq "the re-added SID starts with zero counters" '[0,0,0,0]' \
	"$(stat_jq '[.packets_to_vnf, .cache_updates, .evictions, .drops.no_cache]')"

# -------------------------------------------------- cache interface ----

check_cmd "sid del, then add $SID ${AD6[*]} (no cache keyword)" \
	eval "srconf -n '${NS[nfv]}' sid del $SID &&
	      srconf -n '${NS[nfv]}' sid add $SID ${AD6[*]}"
default_json=$(show_json)
default_text=$(srconf -n "${NS[nfv]}" sid show 2>&1)
check_cmd "sid del, then add $SID ${AD6[*]} cache interface" \
	eval "srconf -n '${NS[nfv]}' sid del $SID &&
	      srconf -n '${NS[nfv]}' sid add $SID ${AD6[*]} cache interface"
check_eq "cache interface: JSON as without a cache keyword, \"cache\":\"interface\"" \
	"$default_json interface" "$(show_json) $(show_json | jq -r '.[0].cache')"
check_eq "cache interface: text as without a cache keyword, no cache printed" \
	"$default_text" "$(srconf -n "${NS[nfv]}" sid show 2>&1)"

check_ping "cache interface: 5 pings pass" src fd00:2::1 5
udp_rx_start 5000,5001,5002 $((3 * 5)) || ktap_bail "cannot start the UDP receiver"
udp_flows 40000:5000:5 40001:5001:5 40002:5002:5
udp_rx_wait
check_eq "cache interface: three UDP flows, every datagram at the sink" "5 5 5" \
	"$(udp_got 5000) $(udp_got 5001) $(udp_got 5002)"
check_eq "cache interface: one cache update (one chain), no eviction, no drop" \
	"[20,20,1,0,0]" \
	"$(stat_jq '[.packets_to_vnf, .packets_from_vnf, .cache_updates, .evictions, ([.drops[]] | add)]')"

# --------------------------------------------------------- negative ----

# neg DESC MESSAGE ARGS...: srconf sid add ARGS exits 1, prints exactly
# MESSAGE, and the table is unchanged.
neg() {
	local desc=$1 msg=$2 before after
	shift 2
	before=$(show_json)
	run_cmd srconf -n "${NS[nfv]}" sid add fc00:2::f9 "$@"
	after=$(show_json)
	check_eq "$desc: exit status 1" 1 "$RUN_RC"
	check_eq "$desc: message" "$msg" "$RUN_ERR"
	check_eq "$desc: table unchanged" "$before" "$after"
}

# fc00:2::f9 uses to_eer: nothing is added, so nothing is hijacked.
NEG9="behavior end.ad6 nh6 fd00:f9::2 oif to_eer iif to_eer"
# shellcheck disable=SC2086
{
neg "max without cache" 'Error: "max" needs "cache flow".' $NEG9 max 2
neg "timeout with cache interface" 'Error: "timeout" needs "cache flow".' \
	$NEG9 cache interface timeout 2
neg "max before cache flow" 'Error: "max" needs "cache flow".' $NEG9 max 2 cache flow
}

check_cmd "sid flush" srconf -n "${NS[nfv]}" sid flush
check_eq "the table is empty after the flush" "[]" "$(show_json)"

ktap_finish
