#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two SR-unaware VNFs on one NFV node, chained by two End.AD6 SIDs: the
# packet coming back from vnf1 gets its outer headers again, its new DA is
# vnf2's SID on the same node, so srext processes it again directly.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                     fd00:f1::1 |     | fd00:f2::1
#                          to_vnf1     to_vnf2
#                        +------+      +------+
#                        | vnf1 |      | vnf2 |   plain IPv6 routers
#                        +------+      +------+
#                        fd00:f1::2    fd00:f2::2
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:2::f2    nfv   End.AD6 nh6 fd00:f2::2 oif to_vnf2 iif to_vnf2 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:2::f2,fc00:e::d6
#
# Asserts: 10 pings and 50 datagrams pass; ier-nfv link: SRH SL 2 to
# fc00:2::f1; vnf1 and vnf2 each receive every packet once, as plain IPv6;
# nfv-eer link: SRH SL 0, DA fc00:e::d6, the three segments, outer hop
# limit exactly two less than on the ier-nfv link (one per SID, RFC 8986,
# as two SR-aware VNFs would take); both SIDs count 60 packets each way, one cache update,
# no drop.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PINGS=10
DGRAMS=50
TOTAL=$((PINGS + DGRAMS))
BYTES=$((PINGS * 104 + DGRAMS * 112))
SEGLIST=fc00:e::d6,fc00:2::f2,fc00:2::f1

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 18

srext_load
setup_testbed srext 2 || ktap_bail "cannot build the testbed"
srext_json nfv
check_json "srconf shows both SIDs" '[.[] | [.sid, .behavior, .nh6, .oif, .iif] | join(" ")] | sort | join(", ")' \
	"fc00:2::f1 End.AD6 fd00:f1::2 to_vnf1 to_vnf1, fc00:2::f2 End.AD6 fd00:f2::2 to_vnf2 to_vnf2"

cap_start ier ier to_nfv -Q out &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start vnf2 vnf2 to_nfv -Q in &&
cap_start eer eer to_nfv -Q in || ktap_bail "cannot start the captures"

check_ping "ping src -> sink through vnf1 and vnf2: $PINGS replies" \
	src fd00:2::1 "$PINGS"
check_udp_delivery

cap_stop ier vnf1 vnf2 eer || ktap_bail "cannot decode the captures"

check_shapes "ier-nfv link: fd00:12::1 -> fc00:2::f1, SRH SL 2" ier "[
	$(shape fd00:12::1 fc00:2::f1 icmp6 "$PINGS" 2 "$SEGLIST" fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:2::f1 udp "$DGRAMS" 2 "$SEGLIST" fd00:1::1 fd00:2::1)]"
for v in vnf1 vnf2; do
	check_shapes "$v receives plain IPv6 fd00:1::1 -> fd00:2::1" "$v" "[
		$(shape fd00:1::1 fd00:2::1 icmp6 "$PINGS"),
		$(shape fd00:1::1 fd00:2::1 udp "$DGRAMS")]"
	check_eq "$v receives each packet exactly once" "$TOTAL $TOTAL" \
		"$(cap_jq "$v" "[.[] | $JQ_DATA] | [length, (map(.key) | unique | length)] | join(\" \")")"
done
check_shapes "nfv-eer link: SRH SL 0, DA fc00:e::d6, all three segments" eer "[
	$(shape fd00:12::1 fc00:e::d6 icmp6 "$PINGS" 0 "$SEGLIST" fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:e::d6 udp "$DGRAMS" 0 "$SEGLIST" fd00:1::1 fd00:2::1)]"
check_eq "outer hop limit on the nfv-eer link is exactly two less than on the ier-nfv link" \
	"{\"2\":$TOTAL}" "$(hlim_deltas ier eer)"

srext_json nfv
for sid in fc00:2::f1 fc00:2::f2; do
	s=".[] | select(.sid == \"$sid\") | .stats"
	check_json "$sid: packets to/from the VNF" "$s | [.packets_to_vnf, .packets_from_vnf]" "[$TOTAL,$TOTAL]"
	check_json "$sid: bytes to/from the VNF" "$s | [.bytes_to_vnf, .bytes_from_vnf]" "[$BYTES,$BYTES]"
	check_json "$sid: one cache update" "$s.cache_updates" 1
	check_json "$sid: no drops" "$s.drops | [keys, ([.[]] | add)]" "[$SREXT_DROP_REASONS,0]"
done

ktap_finish
