#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A mixed chain: SR-unaware vnf1 (srext End.AD6) -> SR-aware sra (the
# kernel's seg6local End in its own namespace, a separate router behind
# nfv) -> SR-unaware vnf2 (srext End.AD6) -> egress.  The packet leaves the
# NFV node between the two proxies and comes back to it.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                   fd00:f1::1 |   |   | fd00:f2::1
#                       to_vnf1|   |   |to_vnf2
#                      +------+    |    +------+
#                      | vnf1 |    |    | vnf2 |   plain IPv6 routers
#                      +------+    |    +------+
#                    fd00:f1::2    |SR  fd00:f2::2
#                       fd00:fa::1 |to_sra (MTU 1600)
#                               +-----+
#                               | sra | fd00:fa::2, SR-aware VNF:
#                               +-----+ seg6local End, default via nfv
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:3::a     sra   seg6local End
#   fc00:2::f2    nfv   End.AD6 nh6 fd00:f2::2 oif to_vnf2 iif to_vnf2 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap
#        segs fc00:2::f1,fc00:3::a,fc00:2::f2,fc00:e::d6
#   nfv: fc00:3::/64 via fd00:fa::2 dev to_sra
#
# Path of a packet (outer hop limit H on the ier-nfv link):
#   ier -> nfv     DA fc00:2::f1  SL 3  hop limit H
#   nfv -> vnf1    plain fd00:1::1 -> fd00:2::1
#   nfv -> sra     DA fc00:3::a   SL 2  H-1
#   sra -> nfv     DA fc00:2::f2  SL 1  H-2
#   nfv -> vnf2    plain
#   nfv -> eer     DA fc00:e::d6  SL 0  H-2 (vnf2's inner, H-1, less one)
#
# Asserts: 10 pings and 30 datagrams pass; the SRH, DA, SL and source on
# each SR hop as drawn, the segment list unchanged everywhere; vnf1 and
# vnf2 each receive every packet once, as plain IPv6; sra receives every
# packet with its SRH; outer hop limit one less per forwarding step, taken
# from the inner packet when srext pushes it; inner hop limit two less end to end (vnf1 and vnf2 forwarded it)
# and untouched by sra; both srext SIDs count 40 packets each way with the
# exact bytes, one cache update each, no drop; sra's End and eer's End.DX6
# processed 40 packets each.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=lib_chain.sh
. "$(dirname "$0")/lib_chain.sh"

PINGS=10
DGRAMS=30
TOTAL=$((PINGS + DGRAMS))
BYTES=$((PINGS * 104 + DGRAMS * 112))
CHAIN=fc00:2::f1,fc00:3::a,fc00:2::f2,fc00:e::d6
SEGLIST=fc00:e::d6,fc00:2::f2,fc00:3::a,fc00:2::f1

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 23

srext_load
setup_testbed srext 2 || ktap_bail "cannot build the testbed"
ns_create sra && ns_router sra &&
veth_add nfv to_sra sra to_nfv 1600 &&
addr_add nfv to_sra fd00:fa::1/64 &&
addr_add sra to_nfv fd00:fa::2/64 &&
ip -n "${NS[sra]}" -6 route add default via fd00:fa::1 dev to_nfv &&
ip -n "${NS[sra]}" -6 route add fc00:3::a/128 encap seg6local action End \
	count dev to_nfv &&
ip -n "${NS[nfv]}" -6 route add fc00:3::/64 via fd00:fa::2 dev to_sra &&
ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs "$CHAIN" via fd00:12::2 dev to_nfv ||
	ktap_bail "cannot add the SR-aware VNF and the mixed chain"

cap_start ier ier to_nfv -Q out &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start sra_in sra to_nfv -Q in &&
cap_start sra_out sra to_nfv -Q out &&
cap_start vnf2 vnf2 to_nfv -Q in &&
cap_start eer eer to_nfv -Q in || ktap_bail "cannot start the captures"

check_ping "ping src -> sink through vnf1, sra, vnf2: $PINGS replies" \
	src fd00:2::1 "$PINGS"
check_udp_delivery

cap_stop ier vnf1 sra_in sra_out vnf2 eer || ktap_bail "cannot decode the captures"

# srv6_shapes FROM DA SL: the expected shapes of one SR hop.
srv6_shapes() {
	echo "[$(shape fd00:12::1 "$1" icmp6 "$PINGS" "$2" "$SEGLIST" fd00:1::1 fd00:2::1),
		$(shape fd00:12::1 "$1" udp "$DGRAMS" "$2" "$SEGLIST" fd00:1::1 fd00:2::1)]"
}
plain_shapes="[$(shape fd00:1::1 fd00:2::1 icmp6 "$PINGS"), $(shape fd00:1::1 fd00:2::1 udp "$DGRAMS")]"

check_shapes "ier -> nfv: DA fc00:2::f1, SRH SL 3 with the 4 segments" ier \
	"$(srv6_shapes fc00:2::f1 3)"
check_shapes "vnf1 (SR-unaware) receives plain IPv6, no extension header" vnf1 "$plain_shapes"
check_shapes "sra (SR-aware) receives the SRH: DA fc00:3::a, SL 2" sra_in \
	"$(srv6_shapes fc00:3::a 2)"
check_shapes "sra's End sends it back: DA fc00:2::f2, SL 1" sra_out \
	"$(srv6_shapes fc00:2::f2 1)"
check_shapes "vnf2 (SR-unaware) receives plain IPv6, no extension header" vnf2 "$plain_shapes"
check_shapes "nfv -> eer: DA fc00:e::d6, SL 0, the same 4 segments" eer \
	"$(srv6_shapes fc00:e::d6 0)"
for c in vnf1 sra_in vnf2; do
	check_eq "$c receives each packet exactly once" "$TOTAL $TOTAL" \
		"$(cap_jq "$c" "[.[] | $JQ_DATA] | [length, (map(.key) | unique | length)] | join(\" \")")"
done

check_eq "outer hop limit: nfv -> sra one less than ier -> nfv" \
	"{\"1\":$TOTAL}" "$(hlim_deltas ier sra_in)"
check_eq "outer hop limit: sra's End takes one" "{\"1\":$TOTAL}" "$(hlim_deltas sra_in sra_out)"
check_eq "outer hop limit: nfv -> eer is the inner one (after vnf2) less nfv's forwarding" \
	"{\"1\":$TOTAL}" "$(cap_jq eer "[.[] | $JQ_DATA | .inner.hlim - .hlim | tostring]
		| group_by(.) | map({(.[0]): length}) | add // {}")"
check_eq "inner hop limit: untouched by sra" "{\"0\":$TOTAL}" "$(inner_hlim_deltas sra_in sra_out)"
check_eq "inner hop limit: two less end to end (vnf1 and vnf2 forwarded it)" \
	"{\"2\":$TOTAL}" "$(inner_hlim_deltas ier eer)"

srext_json nfv
for sid in fc00:2::f1 fc00:2::f2; do
	s=".[] | select(.sid == \"$sid\") | .stats"
	check_json "$sid: $TOTAL packets to and from its VNF" "$s | [.packets_to_vnf, .packets_from_vnf]" "[$TOTAL,$TOTAL]"
	check_json "$sid: $BYTES bytes to and from its VNF" "$s | [.bytes_to_vnf, .bytes_from_vnf]" "[$BYTES,$BYTES]"
	check_json "$sid: one cache update, every drop reason zero" \
		"$s | [.cache_updates, (.drops | keys), ([.drops[]] | add)]" "[1,$SREXT_DROP_REASONS,0]"
done
check_eq "sra's End and eer's End.DX6 processed every packet" "$TOTAL $TOTAL" \
	"$(seg6local_packets sra fc00:3::a) $(seg6local_packets eer fc00:e::d6)"

ktap_finish
