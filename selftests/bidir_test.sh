#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A bidirectional chain through one SR-unaware VNF with two interfaces
# (West/East, as a firewall has), one SID per direction, TCP both ways.
#
#   +-----+    +-----+ SR +-------------------+ SR +-----+    +------+
#   | src |----| ier |====|        nfv        |====| eer |----| sink |
#   +-----+    +-----+    | to_west   to_east |    +-----+    +------+
#   fd00:1::1             +---|-----------|---+               fd00:2::1
#                          west|           |east
#                        +-----+-----------+-----+
#                        |  fw: plain IPv6 router |
#                        | fd00:a1::2  fd00:a2::2 |
#                        +------------------------+
#
#   SID          node  behaviour
#   fc00:2::e1   nfv   End.AD6 nh6 fd00:a1::2 oif to_west iif to_east
#                      (eastbound: in at West, back from East)
#   fc00:2::e2   nfv   End.AD6 nh6 fd00:a2::2 oif to_east iif to_west
#                      (westbound: in at East, back from West)
#   fc00:e::d6   eer   seg6local End.DX6 nh6 fd00:2::1
#   fc00:1::d6   ier   seg6local End.DX6 nh6 fd00:1::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::e1,fc00:e::d6
#   eer: fd00:1::/64 encap seg6 mode encap segs fc00:2::e2,fc00:1::d6
#
# Each interface of fw is IFACE-OUT of one SID and IFACE-IN of the other.
# Asserts: a TCP transfer each way (one opened by src, one by sink) arrives
# intact; fw receives only plain IPv6 (no SRH): on West only packets to the
# sink, on East only packets to src; each SID hands as many packets to fw
# as it gets back, one cache update each, no drop; both End.DX6 decapsulate.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON"
ktap_plan 13

srext_load
setup_testbed none 0 || ktap_bail "cannot build the testbed"
ns_create fw && ns_router fw || ktap_bail "cannot create the VNF namespace"
veth_add nfv to_west fw west && veth_add nfv to_east fw east &&
addr_add nfv to_west fd00:a1::1/64 && addr_add fw west fd00:a1::2/64 &&
addr_add nfv to_east fd00:a2::1/64 && addr_add fw east fd00:a2::2/64 &&
ip -n "${NS[fw]}" -6 route add fd00:2::/64 via fd00:a2::1 dev east &&
ip -n "${NS[fw]}" -6 route add fd00:1::/64 via fd00:a1::1 dev west &&
ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs fc00:2::e1,fc00:e::d6 via fd00:12::2 dev to_nfv &&
ip -n "${NS[ier]}" -6 route add fc00:1::d6/128 encap seg6local \
	action End.DX6 nh6 fd00:1::1 count dev to_src &&
ip -n "${NS[nfv]}" -6 route add fc00:1::/64 via fd00:12::1 dev to_ier &&
ip -n "${NS[eer]}" sr tunsrc set fd00:23::2 &&
ip -n "${NS[eer]}" -6 route add fc00:2::/64 via fd00:23::1 dev to_nfv &&
ip -n "${NS[eer]}" -6 route replace fd00:1::/64 encap seg6 mode encap \
	segs fc00:2::e2,fc00:1::d6 via fd00:23::1 dev to_nfv ||
	ktap_bail "cannot build the bidirectional chain"

check_cmd "eastbound SID fc00:2::e1 (oif to_west, iif to_east)" \
	srconf -n "${NS[nfv]}" sid add fc00:2::e1 behavior end.ad6 \
	nh6 fd00:a1::2 oif to_west iif to_east
check_cmd "westbound SID fc00:2::e2 (oif to_east, iif to_west)" \
	srconf -n "${NS[nfv]}" sid add fc00:2::e2 behavior end.ad6 \
	nh6 fd00:a2::2 oif to_east iif to_west

cap_start west fw west -Q in tcp &&
cap_start east fw east -Q in tcp || ktap_bail "cannot start the captures"
tcp_run east src sink fd00:2::1 6001 131072
check_tcp "TCP opened by src: 128 KiB arrive intact at sink" 131072
tcp_run west sink src fd00:1::1 6002 131072
check_tcp "TCP opened by sink: 128 KiB arrive intact at src" 131072
cap_stop west east || ktap_bail "cannot decode the captures"

check_eq "fw West: TCP packets seen, all plain IPv6 to the sink" "true true" \
	"$(cap_jq west '[length > 0, all(.[]; .rh == null and .inner == null and .dst == "fd00:2::1")] | join(" ")')"
check_eq "fw East: TCP packets seen, all plain IPv6 to src" "true true" \
	"$(cap_jq east '[length > 0, all(.[]; .rh == null and .inner == null and .dst == "fd00:1::1")] | join(" ")')"

srext_json nfv
for sid in fc00:2::e1 fc00:2::e2; do
	s=".[] | select(.sid == \"$sid\") | .stats"
	check_json "$sid: packets to fw > 0 and all came back" \
		"$s | [.packets_to_vnf > 0, .packets_to_vnf - .packets_from_vnf]" '[true,0]'
	check_json "$sid: bytes to and from fw balance" \
		"$s | .bytes_to_vnf - .bytes_from_vnf" 0
	check_json "$sid: one cache update, no drop" \
		"$s | [.cache_updates, ([.drops[]] | add)]" '[1,0]'
done
check_eq "both End.DX6 decapsulated traffic" "true true" \
	"$(for r in eer:fc00:e::d6 ier:fc00:1::d6; do
		n=$(seg6local_packets "${r%%:*}" "${r#*:}"); [ "${n:-0}" -gt 0 ] && echo true || echo false
	done | paste -sd' ')"
ktap_finish
