#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP through an SR-unaware VNF with GRO, GSO and TSO on (DESIGN.md 3: "TCP
# through a VNF must work with GRO/GSO/TSO on; GSO skbs get encapsulation
# metadata on push").
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                   MTU 1600 |    |fd00:f1::1   | MTU 1600
#                             +------+
#                             | vnf1 | fd00:f1::2, plain IPv6 router
#                             +------+
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:e::d6
#
# Phase 1: "ethtool -K gro on gso on tso on" on all 10 veth ends.  A veth
# with TSO hands whole GSO skbs (up to 64 KiB) to its peer, so the TCP
# sender's super-packets travel the chain unsegmented: srext decapsulates
# and re-encapsulates GSO skbs.  Asserts: the offloads are on; a bounded
# iperf3 transfer (-n 2M) completes; 1 MiB sent with pkt.py arrives with
# the same sha256; srext counts packets to the VNF, the same packets and
# bytes back, no drop, one cache update; the VNF received packets longer
# than the MTU (GSO really passed through srext: reported, with the average
# size srext counted); every packet leaving nfv towards eer is a
# well-formed SRv6 packet (outer fd00:12::1 -> fc00:e::d6, SRH type 4,
# SL 0, LE 1, both segments, payload length = SRH + inner packet, inner
# fd00:1::1 -> fd00:2::1 TCP); nfv's forwarding met no oversize packet
# (Ip6InTooBigErrors and Ip6FragFails 0: every skb over the MTU was a
# GSO skb).
#
# Phase 2: the SR links carry real segments: ier:to_nfv "tso off" (ier's
# GSO segments in software, and nfv's veth GRO, used by veth only for
# senders without TSO, rebuilds super-packets before srext sees them);
# nfv:to_eer "tso off tx off" (srext's GSO output is segmented and its TCP
# checksums computed in software on nfv's transmit, right where the
# capture taps).  Asserts: 1 MiB arrives intact; every packet on the
# ier-nfv link fits the 1600-byte MTU; srext counted packets over the MTU
# (GRO-built; reported); every packet leaving nfv towards eer is
# well-formed (as above), fits the MTU, carries a valid TCP checksum for
# the inner addresses, and there are more of them than srext re-encapsulated
# (segmentation happened after the push); counters balanced, no drop, still
# one cache update; nfv's forwarding met no oversize packet.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=lib_chain.sh
. "$(dirname "$0")/lib_chain.sh"

SID=fc00:2::f1
MTU=1600
ENDS=(src:to_ier ier:to_src ier:to_nfv nfv:to_ier nfv:to_eer eer:to_nfv
	eer:to_sink sink:to_eer nfv:to_vnf1 vnf1:to_nfv)
# A well-formed SRv6 packet leaving nfv: as ier sent it, End step done.
JQ_WF='(.src == "fd00:12::1" and .dst == "fc00:e::d6" and .exts == [43]
	and .rh.type == 4 and .rh.sl == 0 and .rh.le == 1
	and .rh.segs == ["fc00:e::d6","fc00:2::f1"]
	and .inner.src == "fd00:1::1" and .inner.dst == "fd00:2::1"
	and .inner.exts == [] and .l4 == "tcp" and .plen == .inner_len + 40)'
# The same towards nfv (SL 1, DA the SID).
JQ_WF_IN='(.src == "fd00:12::1" and .dst == "fc00:2::f1" and .exts == [43]
	and .rh.type == 4 and .rh.sl == 1 and .rh.le == 1
	and .rh.segs == ["fc00:e::d6","fc00:2::f1"]
	and .inner.src == "fd00:1::1" and .inner.dst == "fd00:2::1"
	and .l4 == "tcp" and .plen == .inner_len + 40)'

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ethtool iperf3 ss
ktap_plan 21

srext_load
setup_testbed srext 1 || ktap_bail "cannot build the testbed"

# link_report NAME: "N packets, M well-formed, K over the MTU, largest L"
# of the non-control packets of capture NAME (predicate $2).
link_report() {
	cap_jq "$1" "[.[] | select(.control == false)]
		| \"\(length) \([.[] | select($2)] | length) \([.[] | select(40 + .plen > $MTU)] | length) \([.[] | 40 + .plen] | max // 0)\""
}

# ------------------------------------------------- phase 1: all offloads ----

offloads_set "${ENDS[@]}" -- gro on gso on tso on ||
	ktap_bail "ethtool -K gro on gso on tso on failed"
states=$(for e in "${ENDS[@]}"; do offloads_show "${e%%:*}" "${e#*:}"; done | sort | uniq -c | sed 's/^ *//')
check_eq "GRO, GSO and TSO on at all ${#ENDS[@]} veth ends" "${#ENDS[@]} on on on" "$states"

cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start eer nfv to_eer -Q out || ktap_bail "cannot start the captures"

bg_start iperf-srv sink iperf3 -s -1 -J
tcp_wait_listen sink 5201 20 || ktap_bail "iperf3 server did not start"
run_cmd timeout 60 ip netns exec "${NS[src]}" iperf3 -c fd00:2::1 -n 2M -J --connect-timeout 5000
iperf_rc=$RUN_RC
echo "$RUN_OUT" >"$TMPD/iperf-client.json"
bg_wait iperf-srv 30
# iperf3 -n stops once it wrote at least that much: its last writes can
# take it past 2 MiB (seen: 2189456), never short of it.
check_eq "iperf3 -n 2M src -> sink completes: exit 0, no error, at least 2 MiB sent" \
	"0 null true" \
	"$iperf_rc $(jq -c -r '"\(.error) \(.end.sum_sent.bytes >= 2097152)"' "$TMPD/iperf-client.json" 2>&1)"
diag "iperf3: $(jq -c '{sent: .end.sum_sent.bytes, received: .end.sum_received.bytes, retransmits: .end.sum_sent.retransmits, bps: .end.sum_received.bits_per_second}' "$TMPD/iperf-client.json" 2>&1)"

tcp_run tcp1 src sink fd00:2::1 6000 1048576
check_tcp "1 MiB through the VNF with offloads on arrives intact (sha256)" 1048576

cap_stop vnf1 eer || ktap_bail "cannot decode the captures"

srext_json nfv
p1_to=$(sid_stat "$SID" .packets_to_vnf)
p1_bto=$(sid_stat "$SID" .bytes_to_vnf)
check_json "phase 1: srext handed packets to the VNF" \
	".[0].stats.packets_to_vnf > 0" true
check_json "phase 1: as many packets and bytes came back from the VNF" \
	".[0].stats | [.packets_to_vnf - .packets_from_vnf, .bytes_to_vnf - .bytes_from_vnf]" "[0,0]"
check_json "phase 1: no drop, one cache update" \
	".[0].stats | [([.drops[]] | add), .cache_updates]" "[0,1]"
vnf_max=$(cap_jq vnf1 "[.[] | select(.control == false and .l4 == \"tcp\") | .inner_len] | max // 0")
diag "phase 1: srext carried $p1_to packets, $p1_bto bytes (average $((p1_bto / (p1_to > 0 ? p1_to : 1)))), largest packet the VNF received $vnf_max bytes"
check_eq "phase 1: GSO packets went through srext (the VNF received packets longer than any link MTU)" \
	true "$([ "$vnf_max" -gt "$MTU" ] && echo true || echo "false ($vnf_max)")"

read -r n wf big largest <<<"$(link_report eer "$JQ_WF")"
diag "phase 1, nfv-eer: $n packets, $wf well-formed, $big GSO super-packets over the MTU (veth carries them whole), largest $largest"
check_eq "phase 1: every packet leaving nfv towards eer is a well-formed SRv6 packet (SL 0, DA fc00:e::d6)" \
	"true $n" "$([ "${n:-0}" -gt 0 ] && echo true || echo false) $wf"
check_eq "phase 1: nfv forwarded no oversize non-GSO packet (Ip6InTooBigErrors, Ip6FragFails)" \
	"0 0" "$(snmp6 nfv Ip6InTooBigErrors) $(snmp6 nfv Ip6FragFails)"

# ------------------------------------- phase 2: real segments on the wire ----

offloads_set ier:to_nfv -- tso off &&
offloads_set nfv:to_eer -- tso off tx off ||
	ktap_bail "cannot turn TSO/checksum offload off on the SR links"
check_eq "phase 2: TSO off on ier:to_nfv and nfv:to_eer, GRO still on at nfv:to_ier" \
	"on on off|on on off|on on on" \
	"$(offloads_show ier to_nfv)|$(offloads_show nfv to_eer)|$(offloads_show nfv to_ier)"

cap_start ier ier to_nfv -Q out &&
cap_start eer2 nfv to_eer -Q out -s 1700 -B 16384 || ktap_bail "cannot start the captures"
tcp_run tcp2 src sink fd00:2::1 6001 1048576
check_tcp "phase 2: 1 MiB through the VNF with segments on the wire arrives intact (sha256)" 1048576
cap_stop ier eer2 || ktap_bail "cannot decode the captures"

srext_json nfv
p2_to=$(($(sid_stat "$SID" .packets_to_vnf) - p1_to))
p2_bto=$(($(sid_stat "$SID" .bytes_to_vnf) - p1_bto))
p2_from=$(($(sid_stat "$SID" .packets_from_vnf) - p1_to))

read -r n wf big largest <<<"$(link_report ier "$JQ_WF_IN")"
diag "phase 2, ier-nfv: $n packets, $wf well-formed, $big over the MTU, largest $largest"
check_eq "phase 2: ier-nfv link carries well-formed segments, none over the MTU" \
	"true $n 0" "$([ "${n:-0}" -gt 0 ] && echo true || echo false) $wf $big"
wire_in=$n
diag "phase 2: srext carried $p2_to packets, $p2_bto bytes (average $((p2_bto / (p2_to > 0 ? p2_to : 1)))) for $wire_in segments that arrived at nfv"
check_eq "phase 2: nfv's GRO built super-packets that srext decapsulated (fewer packets than segments, average over the MTU)" \
	"true true" \
	"$([ "$p2_to" -lt "$wire_in" ] && echo true || echo false) $([ "$p2_bto" -gt $((p2_to * MTU)) ] && echo true || echo false)"

read -r n wf big largest <<<"$(link_report eer2 "$JQ_WF")"
diag "phase 2, nfv-eer: $n packets, $wf well-formed, $big over the MTU, largest $largest"
check_eq "phase 2: every packet leaving nfv towards eer is a well-formed SRv6 packet (SL 0, DA fc00:e::d6)" \
	"true $n" "$([ "${n:-0}" -gt 0 ] && echo true || echo false) $wf"
check_eq "phase 2: none of them exceeds the $MTU-byte link MTU (no oversize segment leaked)" \
	"0" "$big"
check_eq "phase 2: they were segmented after srext's push (more segments than packets from the VNF)" \
	true "$([ "$n" -gt "$p2_from" ] && echo true || echo "false ($n segments, $p2_from from the VNF)")"
csums=$(cap_tcp_csums eer2)
check_eq "phase 2: every segment leaving nfv has a valid TCP checksum (computed in software on nfv)" \
	"{\"bad\":0,\"short\":0,\"tcp\":$n}" "$csums"

check_json "phase 2: counters balanced, no drop, still one cache update" \
	".[0].stats | [.packets_to_vnf - .packets_from_vnf, .bytes_to_vnf - .bytes_from_vnf, ([.drops[]] | add), .cache_updates]" \
	"[0,0,0,1]"
check_json "every drop reason reported" ".[0].stats.drops | keys" "$SREXT_DROP_REASONS"
check_eq "phase 2: nfv forwarded no oversize non-GSO packet (Ip6InTooBigErrors, Ip6FragFails)" \
	"0 0" "$(snmp6 nfv Ip6InTooBigErrors) $(snmp6 nfv Ip6FragFails)"
check_eq "End.DX6 at eer decapsulated packets" true \
	"$([ "$(seg6local_packets eer fc00:e::d6)" -gt 0 ] 2>/dev/null && echo true || echo false)"

ktap_finish
