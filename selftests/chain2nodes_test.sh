#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A service chain spanning two NFV nodes, each with its own SR-unaware VNF
# behind an End.AD6 SID of srext (one SID table per network namespace).
#
#   +-----+    +-----+ SR +------+ SR +------+ SR +-----+    +------+
#   | src |----| ier |----| nfv1 |----| nfv2 |----| eer |----| sink |
#   +-----+    +-----+    +------+    +------+    +-----+    +------+
#   fd00:1::1  fd00:1::2  fd00:12::2  fd00:23::2  fd00:34::2 fd00:2::1
#              fd00:12::1 fd00:23::1  fd00:34::1  fd00:2::2
#                  fd00:f1::1 |           | fd00:f2::1
#                       to_vnf1           to_vnf2
#                      +------+           +------+
#                      | vnf1 |           | vnf2 |   plain IPv6 routers
#                      +------+           +------+
#                      fd00:f1::2         fd00:f2::2
#
#   SID          node  behaviour
#   fc00:2::f1   nfv1  End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:3::f2   nfv2  End.AD6 nh6 fd00:f2::2 oif to_vnf2 iif to_vnf2 (srext)
#   fc00:e::d6   eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:3::f2,fc00:e::d6
#        (outer source fd00:12::1); fc00:2::/64 via nfv1
#   nfv1: fc00:3::/64, fc00:e::/64 via nfv2; fd00:1::/64 via ier
#   nfv2: fc00:e::/64 via eer; fd00:1::/64 via nfv1
#   eer: fd00:1::/64 via nfv2.  The SR links have MTU 1600.
#
# Asserts: each NFV node shows only its own SID; 10 pings and 50 datagrams
# pass; on each SR link the SRH carries the same segments and source, with
# SL 2 (DA fc00:2::f1), then 1 (DA fc00:3::f2), then 0 (DA fc00:e::d6);
# each VNF receives every packet once, as plain IPv6; each NFV node lowers
# the outer hop limit by exactly one; each SID counts every packet each
# way, one cache update, no drop.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PINGS=10
DGRAMS=50
TOTAL=$((PINGS + DGRAMS))
BYTES=$((PINGS * 104 + DGRAMS * 112))
SEGLIST=fc00:e::d6,fc00:3::f2,fc00:2::f1

setup_chain2nodes() {
	ns_create src ier nfv1 nfv2 eer sink vnf1 vnf2 &&
	ns_router ier nfv1 nfv2 eer vnf1 vnf2 || return 1
	veth_add src to_ier ier to_src &&
	veth_add ier to_nfv1 nfv1 to_ier 1600 &&
	veth_add nfv1 to_nfv2 nfv2 to_nfv1 1600 &&
	veth_add nfv2 to_eer eer to_nfv2 1600 &&
	veth_add eer to_sink sink to_eer &&
	veth_add nfv1 to_vnf1 vnf1 to_nfv &&
	veth_add nfv2 to_vnf2 vnf2 to_nfv || return 1
	addr_add src to_ier fd00:1::1/64 &&
	addr_add ier to_src fd00:1::2/64 &&
	addr_add ier to_nfv1 fd00:12::1/64 &&
	addr_add nfv1 to_ier fd00:12::2/64 &&
	addr_add nfv1 to_nfv2 fd00:23::1/64 &&
	addr_add nfv2 to_nfv1 fd00:23::2/64 &&
	addr_add nfv2 to_eer fd00:34::1/64 &&
	addr_add eer to_nfv2 fd00:34::2/64 &&
	addr_add eer to_sink fd00:2::2/64 &&
	addr_add sink to_eer fd00:2::1/64 &&
	addr_add nfv1 to_vnf1 fd00:f1::1/64 &&
	addr_add vnf1 to_nfv fd00:f1::2/64 &&
	addr_add nfv2 to_vnf2 fd00:f2::1/64 &&
	addr_add vnf2 to_nfv fd00:f2::2/64 || return 1
	ip -n "${NS[src]}" -6 route add default via fd00:1::2 &&
	ip -n "${NS[sink]}" -6 route add default via fd00:2::2 &&
	ip -n "${NS[vnf1]}" -6 route add default via fd00:f1::1 &&
	ip -n "${NS[vnf2]}" -6 route add default via fd00:f2::1 &&
	ip -n "${NS[ier]}" sr tunsrc set fd00:12::1 &&
	ip -n "${NS[ier]}" -6 route add fc00:2::/64 via fd00:12::2 dev to_nfv1 &&
	ip -n "${NS[ier]}" -6 route add fd00:2::/64 encap seg6 mode encap \
		segs fc00:2::f1,fc00:3::f2,fc00:e::d6 via fd00:12::2 dev to_nfv1 &&
	ip -n "${NS[nfv1]}" -6 route add fc00:3::/64 via fd00:23::2 dev to_nfv2 &&
	ip -n "${NS[nfv1]}" -6 route add fc00:e::/64 via fd00:23::2 dev to_nfv2 &&
	ip -n "${NS[nfv1]}" -6 route add fd00:1::/64 via fd00:12::1 dev to_ier &&
	ip -n "${NS[nfv2]}" -6 route add fc00:e::/64 via fd00:34::2 dev to_eer &&
	ip -n "${NS[nfv2]}" -6 route add fd00:1::/64 via fd00:23::1 dev to_nfv1 &&
	ip -n "${NS[eer]}" -6 route add fd00:1::/64 via fd00:34::1 dev to_nfv2 &&
	ip -n "${NS[eer]}" -6 route add fc00:e::d6/128 encap seg6local \
		action End.DX6 nh6 fd00:2::1 count dev to_sink
}

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 20

srext_load
setup_chain2nodes || ktap_bail "cannot build the topology"
check_cmd "nfv1: srconf sid add fc00:2::f1 behavior end.ad6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1" \
	srconf -n "${NS[nfv1]}" sid add fc00:2::f1 behavior end.ad6 nh6 fd00:f1::2 \
	oif to_vnf1 iif to_vnf1 || ktap_bail "cannot add the SID on nfv1"
check_cmd "nfv2: srconf sid add fc00:3::f2 behavior end.ad6 nh6 fd00:f2::2 oif to_vnf2 iif to_vnf2" \
	srconf -n "${NS[nfv2]}" sid add fc00:3::f2 behavior end.ad6 nh6 fd00:f2::2 \
	oif to_vnf2 iif to_vnf2 || ktap_bail "cannot add the SID on nfv2"
check_eq "each NFV node shows only its own SID" "fc00:2::f1 fc00:3::f2" \
	"$(srconf -j -n "${NS[nfv1]}" sid show | jq -r '[.[].sid] | join(",")') $(srconf -j -n "${NS[nfv2]}" sid show | jq -r '[.[].sid] | join(",")')"

cap_start l1 ier to_nfv1 -Q out &&
cap_start l2 nfv2 to_nfv1 -Q in &&
cap_start l3 eer to_nfv2 -Q in &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start vnf2 vnf2 to_nfv -Q in || ktap_bail "cannot start the captures"

check_ping "ping src -> sink through vnf1 on nfv1 and vnf2 on nfv2: $PINGS replies" \
	src fd00:2::1 "$PINGS"
check_udp_delivery

cap_stop l1 l2 l3 vnf1 vnf2 || ktap_bail "cannot decode the captures"

check_shapes "ier-nfv1 link: fd00:12::1 -> fc00:2::f1, SRH SL 2" l1 "[
	$(shape fd00:12::1 fc00:2::f1 icmp6 "$PINGS" 2 "$SEGLIST" fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:2::f1 udp "$DGRAMS" 2 "$SEGLIST" fd00:1::1 fd00:2::1)]"
check_shapes "nfv1-nfv2 link: fd00:12::1 -> fc00:3::f2, SRH SL 1" l2 "[
	$(shape fd00:12::1 fc00:3::f2 icmp6 "$PINGS" 1 "$SEGLIST" fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:3::f2 udp "$DGRAMS" 1 "$SEGLIST" fd00:1::1 fd00:2::1)]"
check_shapes "nfv2-eer link: fd00:12::1 -> fc00:e::d6, SRH SL 0" l3 "[
	$(shape fd00:12::1 fc00:e::d6 icmp6 "$PINGS" 0 "$SEGLIST" fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:e::d6 udp "$DGRAMS" 0 "$SEGLIST" fd00:1::1 fd00:2::1)]"
for v in vnf1 vnf2; do
	check_shapes "$v receives plain IPv6 fd00:1::1 -> fd00:2::1" "$v" "[
		$(shape fd00:1::1 fd00:2::1 icmp6 "$PINGS"),
		$(shape fd00:1::1 fd00:2::1 udp "$DGRAMS")]"
	check_eq "$v receives each packet exactly once" "$TOTAL $TOTAL" \
		"$(cap_jq "$v" "[.[] | $JQ_DATA] | [length, (map(.key) | unique | length)] | join(\" \")")"
done
check_eq "nfv1 lowers the outer hop limit by exactly one" "{\"1\":$TOTAL}" "$(hlim_deltas l1 l2)"
check_eq "nfv2 lowers the outer hop limit by exactly one" "{\"1\":$TOTAL}" "$(hlim_deltas l2 l3)"
check_eq "the SRH is the same on the three SR links, byte for byte but SL" 1 \
	"$(jq -s -c "[.[] | $JQ_DATA | .ext_hex_nosl] | unique | length" \
		"$TMPD/l1.json" "$TMPD/l2.json" "$TMPD/l3.json")"

for n in 1 2; do
	srext_json "nfv$n"
	check_json "nfv$n: packets and bytes to/from vnf$n" \
		'.[0].stats | [.packets_to_vnf, .packets_from_vnf, .bytes_to_vnf, .bytes_from_vnf]' \
		"[$TOTAL,$TOTAL,$BYTES,$BYTES]"
	check_json "nfv$n: one cache update, every drop reason zero" \
		'.[0].stats | [.cache_updates, (.drops | keys), ([.drops[]] | add)]' \
		"[1,$SREXT_DROP_REASONS,0]"
done
check_eq "End.DX6 at eer decapsulated every packet" \
	"$TOTAL" "$(seg6local_packets eer fc00:e::d6)"

ktap_finish
