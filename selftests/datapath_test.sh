#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The End.AD6 data path rules (DESIGN.md section 3, RFC 8754/8986,
# draft-ietf-spring-sr-service-programming) with hand-made packets: ier
# sends Ethernet frames built by pkt.py srv6-send straight to nfv, so each
# packet is exactly what the case needs.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#             (frames sent     |fd00:f1::1 (to_vnf1)
#              from here)     +------+
#                             | vnf1 | fd00:f1::2, plain IPv6 router
#                             +------+
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
# Packets (outer source fd00:12::1, inner fd00:1::1 -> fd00:2::1 UDP
# "srext PORT SEQ"; chain A = segs fc00:e::d6,fc00:2::f1, SL 1):
#   -      vnf1 sends fd00:f1::2 -> fd00:2::1 port 5009 before any cache:
#          dropped, no_cache
#   -      vnf1 pings nfv's link-local address: answered, not proxied
#   seq 1  chain A                                      -> VNF, sink
#   seq 2  segs fc00:2::f1 with SL 0                    -> sl_zero
#   seq 3  chain A, hop limit 1                         -> hop_limit, ICMPv6
#                                                          Time Exceeded
#   seq 4  DA fc00:2::f1, no SRH (IPv6 in IPv6)         -> no_srh, ICMPv6
#                                                          Parameter Problem
#                                                          code 4 pointer 40
#   seq 5  chain A with LE 5 (> HdrExtLen/2 - 1)        -> bad_srh, ICMPv6
#                                                          Parameter Problem
#                                                          code 0 pointer 43
#   seq 6  chain A, inner IPv4                          -> bad_inner, ICMPv6
#                                                          Parameter Problem
#                                                          code 4 pointer 80
#   seq 7  chain B = fc00:e::d6,fc00:2::f1,fc00:1::a    -> VNF, sink, cache
#          SL 1                                            update
#   seq 8  chain A                                      -> cache update
#   seq 9  chain A + Hop-by-Hop + Destination Options   -> cache update; the
#          before the SRH, PadN TLV inside the SRH         extension headers
#                                                          come back byte
#                                                          for byte
#   seq 10 chain A with an HMAC TLV in the SRH         -> cache update; the
#                                                          TLV comes back
#                                                          byte for byte
#   seq 11 chain A, Hdr Ext Len 200 (SRH truncated)    -> bad_srh
# Asserts the exact counters (5 to and from the VNF, one drop per reason,
# two bad_srh, 5 cache updates: dropped packets never touch the cache), the ICMPv6
# errors, what vnf1 and sink receive, and the headers leaving nfv.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

CHAIN_A='["fc00:e::d6","fc00:2::f1"]'
CHAIN_B='["fc00:e::d6","fc00:2::f1","fc00:1::a"]'

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 18

srext_load
setup_testbed srext 1 || ktap_bail "cannot build the testbed"
dmac=$(mac_of nfv to_ier)
smac=$(mac_of ier to_nfv)
# The link-local address appears once linkwatch saw the carrier.
for ((i = 0; i < 50; i++)); do
	nfv_ll=$(ip -n "${NS[nfv]}" -j -6 addr show dev to_vnf1 scope link |
		jq -r '[.[0].addr_info[] | select(.scope == "link") | .local] | first // empty')
	[ -n "$nfv_ll" ] && break
	sleep 0.1
done

cap_start ier ier to_nfv &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start eer eer to_nfv -Q in || ktap_bail "cannot start the captures"
bg_start rx sink "$PYTHON" "$PKT_PY" udp-recv --ports 5000,5009 --count 4 \
	--size 64 --linger 1 --timeout 60
wait_for_line "$TMPD/rx.out" '^ready$' 20 || ktap_bail "the UDP receiver did not start"

# --------------------------------------------------- from the VNF first ----

nsx vnf1 "$PYTHON" "$PKT_PY" udp-send --dst fd00:2::1 --ports 5009:1 >/dev/null
sleep 1
srext_json nfv
check_json "a packet from the VNF before any cache is dropped as no_cache" \
	'.[0].stats | [.drops.no_cache, .packets_from_vnf]' '[1,0]'
check_ping "vnf1 pings nfv's link-local address $nfv_ll (not proxied)" \
	vnf1 "$nfv_ll%to_nfv" 2
srext_json nfv
check_json "link-local traffic and ND of the VNF are not proxied (no_cache still 1)" \
	'.[0].stats | [.drops.no_cache, .packets_from_vnf]' '[1,0]'

# ------------------------------------------------------ crafted packets ----

nsx ier "$PYTHON" "$PKT_PY" srv6-send --ifname to_nfv --smac "$smac" --dmac "$dmac" --gap 0.5 \
	'{"seq":1}' \
	'{"seq":2,"segs":["fc00:2::f1"],"sl":0}' \
	'{"seq":3,"hlim":1}' \
	'{"seq":4,"srh":false,"dst":"fc00:2::f1"}' \
	'{"seq":5,"le":5}' \
	'{"seq":6,"inner":"ipv4"}' \
	"{\"seq\":7,\"segs\":$CHAIN_B}" \
	'{"seq":8}' \
	'{"seq":9,"hbh":true,"dstopts":true,"tlv":true}' \
	'{"seq":10,"tlv":"hmac"}' \
	'{"seq":11,"hdrlen":200}' >/dev/null ||
	ktap_bail "cannot send the crafted packets"
bg_wait rx 40
RX=$(tail -n 1 "$TMPD/rx.out")
sleep 0.5
cap_stop ier vnf1 eer || ktap_bail "cannot decode the captures"
diag "sink received: $RX"

check_eq "sink receives exactly seqs 1, 7, 8, 9, 10 on port 5000" "[1,7,8,9,10]" \
	"$(jq -c '.["5000"].seqs // [] | sort' <<<"${RX:-{\}}" 2>&1)"
check_eq "sink receives nothing from the no_cache packet (port 5009)" 0 \
	"$(jq -r '.["5009"].packets // "none"' <<<"${RX:-{\}}" 2>&1)"
check_eq "vnf1 receives exactly seqs 1, 7, 8, 9, 10, each as plain IPv6" \
	'[[1,[],null,null],[7,[],null,null],[8,[],null,null],[9,[],null,null],[10,[],null,null]]' \
	"$(cap_jq vnf1 '[.[] | select(.udp_seq != null) | [.udp_seq, .exts, .rh, .inner]] | sort')"

srext_json nfv
check_json "5 packets to and 5 from the VNF" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf]' '[5,5]'
check_eq "one drop per invalid packet, each under its reason" \
	'{"bad_ext":0,"bad_hmac":0,"bad_inner":1,"bad_srh":2,"hop_limit":1,"no_cache":1,"no_mem":0,"no_route":0,"no_srh":1,"sl_zero":1,"too_big":0}' \
	"$(jq -S -c '.[0].stats.drops' <<<"$SREXT_JSON" 2>&1)"
check_json "cache updates: chain A, B, A, A+extension headers, A+HMAC TLV = 5 (drops leave the cache alone)" \
	'.[0].stats.cache_updates' 5

# ICMPv6 errors nfv sent back to fd00:12::1, as [type, code, pointer, seq].
errs=$(cap_jq ier '[.[] | select(.l4 == "icmp6" and .icmp_type <= 4 and .dst == "fd00:12::1")
	| [.icmp_type, .icmp_code, .icmp_ptr, .icmp_emb.udp_seq]]')
check_eq "hop limit 1: one ICMPv6 Time Exceeded (3/0) quoting seq 3" 1 \
	"$(jq -c '[.[] | select(. == [3,0,null,3])] | length' <<<"$errs")"
check_eq "LE too large: one ICMPv6 Parameter Problem (4/0) pointing at Segments Left (43), quoting seq 5" 1 \
	"$(jq -c '[.[] | select(. == [4,0,43,5])] | length' <<<"$errs")"
check_eq "no SRH (seq 4) and inner IPv4 at End.AD6 (seq 6): Parameter Problem code 4 at the upper layer (40, 80)" 2 \
	"$(jq -c '[.[] | select(. == [4,4,40,4] or . == [4,4,80,6])] | length' <<<"$errs")"
check_eq "and no other ICMPv6 error" 4 "$(jq length <<<"$errs")" ||
	diag "ICMPv6 errors received by ier: $errs"

# seg JSON of the SRH segments and SL leaving nfv for SEQ.
out_srh() {
	cap_jq eer "[.[] | select(.udp_seq == $1) | [.dst, .rh.sl, .rh.segs]]"
}
check_eq "seq 7 leaves nfv with chain B's SRH (SL 0)" "[[\"fc00:e::d6\",0,$CHAIN_B]]" "$(out_srh 7)"
check_eq "seq 8 leaves nfv with chain A's SRH again (SL 0)" "[[\"fc00:e::d6\",0,$CHAIN_A]]" "$(out_srh 8)"
sent9=$(cap_jq ier '[.[] | select(.udp_seq == 9 and .dst == "fc00:2::f1") | [.exts, .ext_hex_nosl]]')
out9=$(cap_jq eer '[.[] | select(.udp_seq == 9) | [.exts, .ext_hex_nosl]]')
[ "$(jq -c '[.[][0]]' <<<"$sent9")" = '[[0,60,43]]' ] ||
	out9="(seq 9 not captured as sent on the ier-nfv link: $sent9)"
check_eq "seq 9: Hop-by-Hop, Destination Options, SRH and its TLV restored byte for byte (but SL)" \
	"$sent9" "$out9"
check_eq "seq 9 leaves nfv with SL 0 towards fc00:e::d6" "[[\"fc00:e::d6\",0,$CHAIN_A]]" "$(out_srh 9)"
sent10=$(cap_jq ier '[.[] | select(.udp_seq == 10 and .dst == "fc00:2::f1") | .ext_hex_nosl]')
out10=$(cap_jq eer '[.[] | select(.udp_seq == 10) | .ext_hex_nosl]')
[ "$sent10" != "[]" ] || out10="(seq 10 not captured on the ier-nfv link)"
check_eq "seq 10: the SRH with its HMAC TLV restored byte for byte (but SL)" \
	"$sent10" "$out10"

ktap_finish
