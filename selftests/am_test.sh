#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End.AM: the masquerading proxy (draft-ietf-spring-sr-service-programming
# 6.5) for a chain built by SRH insertion (ier: encap seg6 mode inline).
# The VNF gets the packet with its SRH but addressed to the final
# destination; on return srext does the End step (SL--, DA := SRH[SL]).
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2    seg6_enabled
#                              |fd00:f1::1 (to_vnf1)    (an SRH with SL 0
#                             +------+                   reaches it)
#                             | vnf1 | fd00:f1::2, plain IPv6 router,
#                             +------+ default route back to nfv
#
#   SID          node  behaviour
#   fc00:2::a1   nfv   End.AM nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#
#   ier: fd00:2::/64 encap seg6 mode inline segs fc00:2::a1: the original
#        packet fd00:1::1 -> fd00:2::1 gets an SRH [fd00:2::1, fc00:2::a1]
#        (Segment List[0] is the original destination), SL 1, DA
#        fc00:2::a1.  eer is a plain router here; replies go back plain.
#
#   link      src         dst         SRH SL  segments
#   ier-nfv   fd00:1::1   fc00:2::a1  1       fd00:2::1, fc00:2::a1
#   in vnf1   fd00:1::1   fd00:2::1   1       fd00:2::1, fc00:2::a1
#   nfv-eer   fd00:1::1   fd00:2::1   0       fd00:2::1, fc00:2::a1
#
# Asserts: srconf -j; 10 pings and 50 datagrams arrive, echo replies come
# back as plain IPv6; the three captures above, exactly (no packet to the
# VNF without its SRH, none leaving nfv with SL 1); vnf1 sees each packet
# once, with the hop limit it had on the ier-nfv link, and the packet
# leaves nfv with two less (vnf1's forwarding and nfv's); exact counters
# (bytes: the whole packet, SRH included), no cache update, no drop; then
# hand-made packets from ier: SL 0 at the SID is dropped as sl_zero, no SRH
# as no_srh, a valid inserted SRH passes to sink.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

SID=fc00:2::a1
AM_SEGS="fd00:2::1,$SID"
PINGS=10
DGRAMS=50
TOTAL=$((PINGS + DGRAMS))
# Whole packets: IPv6 40 + SRH 40 + echo request 64, or + UDP 8 + 64.
BYTES=$((PINGS * 144 + DGRAMS * 152))

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 22

srext_load
setup_testbed none 1 || ktap_bail "cannot build the testbed"
ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode inline \
	segs "$SID" via fd00:12::2 dev to_nfv &&
nsx sink sysctl -qw net.ipv6.conf.all.seg6_enabled=1 \
	net.ipv6.conf.to_eer.seg6_enabled=1 || ktap_bail "cannot set up the chain"

check_cmd "srconf sid add $SID behavior end.am nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1" \
	srconf -n "${NS[nfv]}" sid add "$SID" behavior end.am nh6 fd00:f1::2 \
	oif to_vnf1 iif to_vnf1 || ktap_bail "cannot add the End.AM SID"
run_cmd srconf -n "${NS[nfv]}" -j sid show
check_eq "srconf -j sid show prints the End.AM SID" \
	'[{"behavior":"End.AM","iif":"to_vnf1","nh6":"fd00:f1::2","oif":"to_vnf1","owner":"srext","sid":"fc00:2::a1","state":"up"}]' \
	"$(jq -S -c . <<<"$RUN_OUT" 2>&1)"

cap_start ier ier to_nfv &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start eer eer to_nfv -Q in || ktap_bail "cannot start the captures"

check_ping "ping src -> sink through the End.AM VNF: $PINGS replies" src fd00:2::1 "$PINGS"
check_udp_delivery

cap_stop ier vnf1 eer || ktap_bail "cannot decode the captures"

check_shapes "ier-nfv link: SRH inserted, fd00:1::1 -> $SID, SL 1, [fd00:2::1, $SID]" ier "[
	$(shape fd00:1::1 "$SID" icmp6 "$PINGS" 1 "$AM_SEGS" -),
	$(shape fd00:1::1 "$SID" udp "$DGRAMS" 1 "$AM_SEGS" -)]"
check_eq "echo replies come back to ier as plain IPv6 fd00:2::1 -> fd00:1::1" \
	"[[\"fd00:2::1\",\"fd00:1::1\",[],$PINGS]]" \
	"$(cap_jq ier '[.[] | select(.l4 == "icmp6" and .icmp_type == 129) | [.src, .dst, .exts]] | group_by(.) | map(.[0] + [length]) | tostring')"
check_shapes "vnf1 receives the packet with its SRH, DA fd00:2::1, SL 1" vnf1 "[
	$(shape fd00:1::1 fd00:2::1 icmp6 "$PINGS" 1 "$AM_SEGS" -),
	$(shape fd00:1::1 fd00:2::1 udp "$DGRAMS" 1 "$AM_SEGS" -)]"
check_eq "vnf1 receives each packet exactly once" "$TOTAL $TOTAL" \
	"$(cap_jq vnf1 "[.[] | $JQ_DATA] | [length, (map(.key) | unique | length)] | join(\" \")")"
check_eq "the SRH reaching vnf1 is the one ier inserted, byte for byte but SL (same LE, flags, tag, length)" \
	"$(cap_jq ier "[.[] | $JQ_DATA | .ext_hex_nosl] | unique | tostring")" \
	"$(cap_jq vnf1 "[.[] | $JQ_DATA | .ext_hex_nosl] | unique | tostring")"
check_shapes "nfv-eer link: End step done, SL 0, DA fd00:2::1" eer "[
	$(shape fd00:1::1 fd00:2::1 icmp6 "$PINGS" 0 "$AM_SEGS" -),
	$(shape fd00:1::1 fd00:2::1 udp "$DGRAMS" 0 "$AM_SEGS" -)]"
check_eq "hop limit: unchanged from the ier-nfv link to vnf1, two less leaving nfv (vnf1 and nfv forwarded)" \
	"{\"0\":$TOTAL} {\"2\":$TOTAL}" "$(hlim_deltas ier vnf1) $(hlim_deltas ier eer)"

srext_json nfv
check_sid_stats "$SID" "$SID" "$TOTAL" "$TOTAL" "$BYTES" "$BYTES" 0

# Hand-made packets from ier, each an SRH insertion from fd00:1::1.
bg_start rx sink "$PYTHON" "$PKT_PY" udp-recv --ports 5000 --count 1 \
	--size 64 --linger 1 --timeout 30
wait_for_line "$TMPD/rx.out" '^ready$' 20 || ktap_bail "the UDP receiver did not start"
cap_start vnf1b vnf1 to_nfv -Q in || ktap_bail "cannot start the capture"
am='"src":"fd00:1::1","inner":"udp","segs":["fd00:2::1","fc00:2::a1"]'
srv6_send ier to_nfv nfv to_ier --gap 0.3 \
	"{\"seq\":1,$am,\"sl\":0,\"dst\":\"$SID\"}" \
	"{\"seq\":2,$am,\"srh\":false,\"dst\":\"$SID\"}" \
	"{\"seq\":3,$am}" || ktap_bail "cannot send the hand-made packets"
bg_wait rx 30
RX=$(tail -n 1 "$TMPD/rx.out")
sleep 0.5
cap_stop vnf1b || ktap_bail "cannot decode the capture"
diag "sink received: $RX"
check_eq "sink receives exactly seq 3 (SL 1)" "[3]" \
	"$(jq -c '.["5000"].seqs // [] | sort' <<<"${RX:-{\}}" 2>&1)"
check_eq "vnf1 receives only seq 3, DA fd00:2::1, SL 1" '[[3,"fd00:2::1",1]]' \
	"$(cap_jq vnf1b '[.[] | select(.udp_seq != null) | [.udp_seq, .dst, .rh.sl]]')"
srext_json nfv
check_json "SL 0 at the End.AM SID dropped as sl_zero, no SRH as no_srh, nothing else" \
	'.[0].stats.drops | [to_entries[] | select(.value != 0) | "\(.key)=\(.value)"] | sort | join(",")' \
	"no_srh=1,sl_zero=1"
check_json "one more packet each way (seq 3)" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf, .cache_updates]' "[$((TOTAL + 1)),$((TOTAL + 1)),0]"

ktap_finish
