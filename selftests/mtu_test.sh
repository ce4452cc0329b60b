#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packets that fit the VNF but not the next SR link once srext has put the
# outer headers back: the too-big drop happens in nfv's IPv6 forwarding,
# after srext, and the ICMPv6 Packet Too Big goes to the source of the
# outer packet, the ingress ER.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#        MTU 1500      MTU 1600   |   MTU 1500     MTU 1500
#                     fd00:f1::1  | MTU 1500 (to_vnf1)
#                             +------+
#                             | vnf1 | fd00:f1::2, plain IPv6 router
#                             +------+
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:e::d6
#   The nfv-eer link is lowered to MTU 1500; outer IPv6 header + SRH with
#   two segments = 80 bytes, so an inner packet of up to 1420 bytes fits,
#   one of 1421 to 1500 bytes (it fits the src link and the VNF link) does
#   not.
#
# Pings from src, in order (inner length = size + 48):
#   size 1372  inner 1420, outer 1500: fits exactly   -> reply
#   size 1373  inner 1421, outer 1501                  -> Packet Too Big
#   size 1452  inner 1500, outer 1580, twice           -> Packet Too Big x2
#   size 1372  again                                   -> reply
#   size 56    three times                             -> 3 replies
#
# Asserts: exactly those replies; vnf1 received all 8 requests, plain, with
# their full inner length (the VNF link is not the problem); ier receives
# exactly 3 ICMPv6 Packet Too Big (type 2, code 0, MTU 1500) from nfv
# (source fd00:f1::1: Linux picks the error's source from the packet's
# input interface, here IFACE-IN) to fd00:12::1, each quoting the packet as
# srext re-encapsulated it (fd00:12::1 -> fc00:e::d6, SRH SL 0 with both
# segments, arrival hop limit 63 not yet decremented, inner fd00:1::1 ->
# fd00:2::1, outer payload length = inner + 40); src receives no ICMPv6
# error (the ingress ER's seg6 encapsulation does not relay the Packet Too
# Big to the inner source); the nfv-eer link carries only the 5 packets
# that fit, none over 1500 bytes; nfv counted Ip6InTooBigErrors 3 and
# Icmp6OutPktTooBigs 3; srext counted all 8 to and from the VNF with their
# exact bytes, one cache update, no srext drop (too_big is for packets
# over 64 KiB only); End.DX6 decapsulated 5; the kernel log is clean.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=lib_chain.sh
. "$(dirname "$0")/lib_chain.sh"

SID=fc00:2::f1
SR_MTU=1500
# ping sizes in order, and the expected replies of each
SIZES=(1372 1373 1452 1452 1372 56 56 56)
REPLIES=(1 0 0 0 1 1 1 1)
TO=${#SIZES[@]}
BYTES=0
for s in "${SIZES[@]}"; do
	BYTES=$((BYTES + s + 48))
done
PTB=3
FIT=$((TO - PTB))

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping dmesg
ktap_plan 16

srext_load
kernel_log_mark "mtu begin $SUFFIX"
setup_testbed srext 1 || ktap_bail "cannot build the testbed"
ip -n "${NS[nfv]}" link set to_eer mtu "$SR_MTU" &&
ip -n "${NS[eer]}" link set to_nfv mtu "$SR_MTU" ||
	ktap_bail "cannot lower the nfv-eer MTU"
check_eq "MTUs: src-ier 1500, ier-nfv 1600, nfv-vnf1 1500, nfv-eer $SR_MTU" \
	"1500 1600 1500 $SR_MTU" \
	"$(for e in src:to_ier ier:to_nfv nfv:to_vnf1 nfv:to_eer; do
		ip -n "${NS[${e%%:*}]}" -j link show "${e#*:}" | jq -r '.[0].mtu'
	done | paste -sd' ')"

cap_start src src to_ier -Q in &&
cap_start ier ier to_nfv -Q in &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start eer eer to_nfv -Q in || ktap_bail "cannot start the captures"

got=()
for s in "${SIZES[@]}"; do
	nsx src ping -n -c 1 -W 2 -M 'do' -s "$s" fd00:2::1 >"$TMPD/ping-$s.out" 2>&1
	got+=("$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMPD/ping-$s.out")")
done
sleep 0.5
cap_stop src ier vnf1 eer || ktap_bail "cannot decode the captures"

check_eq "replies per ping (sizes ${SIZES[*]})" "${REPLIES[*]}" "${got[*]}"
check_eq "vnf1 received every request plain, with its inner length" \
	"$(for s in "${SIZES[@]}"; do echo "[[],$((s + 48))]"; done | paste -sd,)" \
	"$(cap_jq vnf1 "[.[] | select(.l4 == \"icmp6\" and .icmp_type == 128) | [.exts, .inner_len] | tostring] | join(\",\")")"

errs=$(cap_icmp6_errors ier | jq -s -c .)
diag "ICMPv6 errors received by ier: $errs"
check_eq "ier receives exactly $PTB ICMPv6 errors" "$PTB" "$(jq length <<<"$errs")"
check_eq "each is a Packet Too Big (2/0) with MTU $SR_MTU from nfv's fd00:f1::1 to the outer source fd00:12::1" \
	"[[\"fd00:f1::1\",\"fd00:12::1\",2,0,$SR_MTU]]" \
	"$(jq -c '[.[] | [.src, .dst, .type, .code, .param]] | unique' <<<"$errs")"
check_eq "each quotes the re-encapsulated packet: fd00:12::1 -> fc00:e::d6, SRH SL 0, hop limit 63, inner fd00:1::1 -> fd00:2::1" \
	'[{"dst":"fc00:e::d6","exts":[43],"hlim":63,"inner_dst":"fd00:2::1","inner_src":"fd00:1::1","segs":["fc00:e::d6","fc00:2::f1"],"sl":0,"src":"fd00:12::1"}]' \
	"$(jq -c '[.[] | .emb | del(.plen, .key)] | unique' <<<"$errs")"
check_eq "quoted outer payload lengths: inner 1421, 1500, 1500 + SRH 40" \
	"1461 1540 1540" "$(jq -r '[.[].emb.plen] | map(tostring) | join(" ")' <<<"$errs")"
check_eq "src receives no ICMPv6 error (ier does not relay it to the inner source)" \
	0 "$(cap_icmp6_errors src | jq -s length)"

check_eq "nfv-eer link: only the $FIT packets that fit, the largest exactly $SR_MTU bytes" \
	"$FIT $SR_MTU" \
	"$(cap_jq eer "[.[] | $JQ_DATA] | \"\(length) \([.[] | 40 + .plen] | max)\"")"
check_shapes "nfv-eer link: SRH restored, SL 0, DA fc00:e::d6" eer \
	"[$(shape fd00:12::1 fc00:e::d6 icmp6 "$FIT" 0 "fc00:e::d6,$SID" fd00:1::1 fd00:2::1)]"

check_eq "nfv: Ip6InTooBigErrors $PTB, Icmp6OutPktTooBigs $PTB" "$PTB $PTB" \
	"$(snmp6 nfv Ip6InTooBigErrors) $(snmp6 nfv Icmp6OutPktTooBigs)"
srext_json nfv
check_json "srext: all $TO requests to and from the VNF (the too-big drop is after srext)" \
	".[0].stats | [.packets_to_vnf, .packets_from_vnf]" "[$TO,$TO]"
check_json "srext: bytes to and from the VNF = inner lengths ($BYTES)" \
	".[0].stats | [.bytes_to_vnf, .bytes_from_vnf]" "[$BYTES,$BYTES]"
check_json "srext: one cache update, no drop (too_big 0)" \
	".[0].stats | [.cache_updates, ([.drops[]] | add), .drops.too_big]" "[1,0,0]"
check_eq "End.DX6 at eer decapsulated the $FIT packets that fit" \
	"$FIT" "$(seg6local_packets eer fc00:e::d6)"
check_kernel_log "kernel log clean (no WARNING, BUG, splat)" "mtu begin $SUFFIX"

ktap_finish
