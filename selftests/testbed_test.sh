#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The NetSoft 2017 paper's testbed, end to end, with an SR-unaware VNF
# behind an End.AD6 SID of srext.
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
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:e::d6
#        (outer source fd00:12::1)
#
# Asserts:
# - srconf shows the SID as the exact text line and JSON object, counters 0;
# - 10 pings and 50 UDP datagrams from src reach sink complete;
# - ier-nfv link: outer fd00:12::1 -> fc00:2::f1 with SRH SL 1;
# - vnf1 receives plain IPv6 (no extension header, ICMPv6/UDP directly,
#   fd00:1::1 -> fd00:2::1), every packet exactly once;
# - nfv-eer link: the SRH is back, SL 0, DA fc00:e::d6, the same segment
#   list and outer source, and the outer hop limit of each packet is exactly
#   one less than on the ier-nfv link;
# - srext counters: to VNF == from VNF == 60 packets, bytes = inner packet
#   lengths, one cache update, every drop reason reported and zero, in
#   JSON and in the text of srconf -s;
#   End.DX6 at eer decapsulated all 60;
# - a 256 KiB TCP transfer through the VNF arrives intact and leaves the
#   counters balanced with no drop and no new cache update.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PINGS=10
DGRAMS=50
TOTAL=$((PINGS + DGRAMS))
# Inner packet lengths: echo request 40 + 8 + 56, UDP 40 + 8 + 64.
BYTES=$((PINGS * 104 + DGRAMS * 112))
SID=fc00:2::f1

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 24

srext_load
setup_testbed none 1 || ktap_bail "cannot build the testbed"
check_cmd "srconf sid add $SID behavior end.ad6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1" \
	testbed_add_sid 1 || ktap_bail "cannot add the SID"

run_cmd srconf -n "${NS[nfv]}" -j sid show
check_eq "srconf -j sid show prints the SID as JSON" \
	'[{"behavior":"End.AD6","cache":"interface","iif":"to_vnf1","nh6":"fd00:f1::2","oif":"to_vnf1","owner":"srext","sid":"fc00:2::f1","state":"up"}]' \
	"$(jq -S -c . <<<"$RUN_OUT" 2>&1)"
run_cmd srconf -n "${NS[nfv]}" sid show
check_eq "srconf sid show prints the SID as one line (srconf.8 OUTPUT)" \
	"0 $SID behavior End.AD6 owner srext nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 state up" "$RUN_RC $RUN_OUT"
srext_json nfv
check_json "counters start at zero" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf, .bytes_to_vnf, .bytes_from_vnf, .cache_updates]' \
	'[0,0,0,0,0]'

cap_start ier ier to_nfv -Q out &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start eer eer to_nfv -Q in || ktap_bail "cannot start the captures"

check_ping "ping src -> sink through the SR-unaware VNF: $PINGS replies" \
	src fd00:2::1 "$PINGS"
check_udp_delivery

cap_stop ier vnf1 eer || ktap_bail "cannot decode the captures"

check_shapes "ier-nfv link: fd00:12::1 -> $SID, SRH SL 1" ier "[
	$(shape fd00:12::1 "$SID" icmp6 "$PINGS" 1 "fc00:e::d6,$SID" fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 "$SID" udp "$DGRAMS" 1 "fc00:e::d6,$SID" fd00:1::1 fd00:2::1)]"
check_shapes "vnf1 receives plain IPv6 fd00:1::1 -> fd00:2::1, no extension header" vnf1 "[
	$(shape fd00:1::1 fd00:2::1 icmp6 "$PINGS"),
	$(shape fd00:1::1 fd00:2::1 udp "$DGRAMS")]"
check_eq "vnf1 receives each packet exactly once" "$TOTAL $TOTAL" \
	"$(cap_jq vnf1 "[.[] | $JQ_DATA] | [length, (map(.key) | unique | length)] | join(\" \")")"
check_shapes "nfv-eer link: SRH restored, SL 0, DA fc00:e::d6, same segments and source" eer "[
	$(shape fd00:12::1 fc00:e::d6 icmp6 "$PINGS" 0 "fc00:e::d6,$SID" fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:e::d6 udp "$DGRAMS" 0 "fc00:e::d6,$SID" fd00:1::1 fd00:2::1)]"
check_eq "outer hop limit on the nfv-eer link is exactly one less than on the ier-nfv link" \
	"{\"1\":$TOTAL}" "$(hlim_deltas ier eer)"
check_eq "SRH length unchanged (8 + 16 * 2 bytes) on both SR links" "40 40" \
	"$(cap_jq ier "[.[] | $JQ_DATA | .rh.len] | unique | join(\",\")") $(cap_jq eer "[.[] | $JQ_DATA | .rh.len] | unique | join(\",\")")"

srext_json nfv
check_sid_stats "$SID" "$SID" "$TOTAL" "$TOTAL" "$BYTES" "$BYTES" 1
run_cmd srconf -n "${NS[nfv]}" -s sid show
check_eq "srconf -s sid show prints the counters (srconf.8 OUTPUT)" \
"$SID behavior End.AD6 owner srext nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 state up
    to vnf: $TOTAL packets $BYTES bytes  from vnf: $TOTAL packets $BYTES bytes  cache updates: 1  evictions: 0  cache limited: 0
    drops: bad_srh 0 no_srh 0 sl_zero 0 hop_limit 0 bad_inner 0 no_cache 0 no_route 0 no_mem 0 too_big 0 bad_ext 0 bad_hmac 0" \
	"$RUN_OUT"
check_eq "End.DX6 at eer decapsulated every packet" \
	"$TOTAL" "$(seg6local_packets eer fc00:e::d6)"

tcp_run tcp src sink fd00:2::1 6000 262144
check_tcp "TCP: 256 KiB through the VNF arrive intact" 262144
srext_json nfv
check_json "after TCP: packets and bytes to and from the VNF balance" \
	".[0].stats | [.packets_to_vnf - .packets_from_vnf, .bytes_to_vnf - .bytes_from_vnf, .packets_to_vnf > $TOTAL]" \
	'[0,0,true]'
check_json "after TCP: no drop, still one cache update" \
	'.[0].stats | [([.drops[]] | add), .cache_updates]' '[0,1]'

ktap_finish
