#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The testbed with the VNF addressed by its link-layer address
# (SREXT_A_SID_MAC) instead of a next hop: the inner packet goes straight
# to the VNF's MAC out of IFACE-OUT, with no route and no neighbour lookup.
# srconf cannot set a mac (yet): the SIDs are added with genl.py.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1                  |to_vnf1                 fd00:2::1
#   10.0.1.1                   |fd00:f1::1, 10.0.241.1  10.0.2.1
#                             +------+
#                             | vnf1 | IPv4 10.0.241.2 and IPv6 link-local
#                             +------+ only: fd00:f1::2 is configured
#                                      nowhere; default routes to nfv
#
#   SID          node  behaviour
#   fc00:2::f1   nfv   End.AD6 mac VMAC oif to_vnf1 iif to_vnf1 (genl.py)
#   fc00:2::a4   nfv   End.AD4 mac VMAC oif to_vnf1 iif to_vnf1 (genl.py)
#   fc00:e::d6   eer   seg6local End.DX6 nh6 fd00:2::1
#   fc00:e::d4   eer   seg6local End.DX4 nh4 10.0.2.1
#   VMAC: the address of vnf1's to_nfv, read from vnf1.
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:e::d6
#        10.0.2.0/24 encap seg6 mode encap segs fc00:2::a4,fc00:e::d4
#
# Asserts:
# - with nfv's neighbour cache on to_vnf1 flushed and vnf1 owning no global
#   IPv6 address, 10 pings and 50 UDP datagrams over IPv6 and 5 IPv4 pings
#   reach sink; vnf1 received every IPv6 packet once in a frame from nfv's
#   to_vnf1 to VMAC; nfv learnt no neighbour entry but link-local ones;
# - exact counters of both SIDs (packets and inner bytes both ways, one
#   cache update each, no drop);
# - CLEAR_STATS of fc00:2::a4 zeroes its counters only, without attribute
#   both, and 3 more pings count 3 again (no cache update: same chain);
# - a SID with a MAC that is not vnf1's: the frames reach nothing (vnf1
#   drops frames for another host), 3 pings lost, counted to the VNF;
# - IFACE-OUT MTU 1280: a 1348-byte IPv6 packet gets Packet Too Big mtu=1280
#   back at src, a 1328-byte IPv4 one with DF Fragmentation Needed mtu 1280,
#   each counted as too_big and not to the VNF; small packets still pass;
# - IFACE-OUT down: packets counted as no_route; a clean kernel log.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PINGS=10
DGRAMS=50
PINGS4=5
SID6=fc00:2::f1
SID4=fc00:2::a4
GENL=$(dirname "$0")/genl.py

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 21

srext_load
kernel_log_mark "mac begin $SUFFIX"
setup_testbed none 1 &&
testbed_ipv4 &&
vnf_ipv4 1 || ktap_bail "cannot build the testbed"
# vnf1 keeps only its link-local IPv6 address: nothing can resolve fd00:f1::2.
ip -n "${NS[vnf1]}" -6 addr del fd00:f1::2/64 dev to_nfv &&
ip -n "${NS[vnf1]}" -6 route replace default via fd00:f1::1 dev to_nfv onlink &&
ip -n "${NS[ier]}" -4 route add 10.0.2.0/24 encap seg6 mode encap \
	segs "$SID4,fc00:e::d4" dev to_nfv ||
	ktap_bail "cannot configure vnf1 and the IPv4 chain"
VMAC=$(mac_of vnf1 to_nfv)
NMAC=$(mac_of nfv to_vnf1)
OIF=$(ip -n "${NS[nfv]}" -j link show to_vnf1 | jq -r '.[0].ifindex')
ip -n "${NS[nfv]}" neigh flush dev to_vnf1

genl() {
	nsx nfv "$PYTHON" "$GENL" "$@"
}

# counters SID: [to, from, bytes to, bytes from, cache updates, drops] or,
# with a drop reason as second argument, [to, from, that reason's drops].
counters() {
	if [ -n "${2:-}" ]; then
		genl stats "$1" | jq -c "[.packets_to_vnf, .packets_from_vnf, .drops.$2]"
	else
		genl stats "$1" | jq -c '[.packets_to_vnf, .packets_from_vnf,
			.bytes_to_vnf, .bytes_from_vnf, .cache_updates, ([.drops[]] | add)]'
	fi
}

check_cmd "genl: add $SID6 End.AD6 mac $VMAC (vnf1's) oif/iif to_vnf1" \
	genl add-mac "$SID6" End.AD6 "$VMAC" "$OIF" "$OIF" ||
	ktap_bail "cannot add $SID6"
check_cmd "genl: add $SID4 End.AD4 mac $VMAC oif/iif to_vnf1" \
	genl add-mac "$SID4" End.AD4 "$VMAC" "$OIF" "$OIF" ||
	ktap_bail "cannot add $SID4"

cap_start vnf1 vnf1 to_nfv -Q in || ktap_bail "cannot start the capture"
check_ping "IPv6 ping src -> sink through vnf1 reached by mac: $PINGS replies" \
	src fd00:2::1 "$PINGS"
check_udp_delivery
check_ping "IPv4 ping src -> sink through vnf1 reached by mac: $PINGS4 replies" \
	src 10.0.2.1 "$PINGS4"
cap_stop vnf1

# Echo request 40 + 8 + 56, UDP 40 + 8 + 64; IPv4 echo request 20 + 8 + 56.
check_eq "$SID6 counters: to == from == $((PINGS + DGRAMS)), inner bytes, one cache update, no drop" \
	"[$((PINGS + DGRAMS)),$((PINGS + DGRAMS)),$((PINGS * 104 + DGRAMS * 112)),$((PINGS * 104 + DGRAMS * 112)),1,0]" \
	"$(counters "$SID6")"
check_eq "$SID4 counters: to == from == $PINGS4, inner bytes, one cache update, no drop" \
	"[$PINGS4,$PINGS4,$((PINGS4 * 84)),$((PINGS4 * 84)),1,0]" \
	"$(counters "$SID4")"
check_eq "vnf1 got every IPv6 packet to sink once, each in a frame $NMAC > $VMAC" \
	"$((PINGS + DGRAMS)) $NMAC>$VMAC" \
	"$(tcpdump -r "$TMPD/vnf1.pcap" -e -nn -t 'ip6 and dst host fd00:2::1' 2>/dev/null |
		awk '{ n++; pair[$1 ">" substr($3, 1, length($3) - 1)] = 1 }
		     END { for (p in pair) s = s " " p; print n s }')"
check_eq "nfv learnt no neighbour on to_vnf1 but link-local ones (no fd00:f1::2)" \
	"0" \
	"$(ip -n "${NS[nfv]}" -j -6 neigh show dev to_vnf1 |
		jq '[.[] | select(.dst | startswith("fe80:") | not)] | length')"

# ------------------------------------------------------------ clear ----
check_cmd "genl: clear_stats $SID4" genl clear "$SID4"
check_eq "$SID4 zero, $SID6 untouched" \
	"[0,0,0,0,0,0] [$((PINGS + DGRAMS)),$((PINGS + DGRAMS)),$((PINGS * 104 + DGRAMS * 112)),$((PINGS * 104 + DGRAMS * 112)),1,0]" \
	"$(counters "$SID4") $(counters "$SID6")"
check_cmd "genl: clear_stats (every SID)" genl clear
ping_run src fd00:2::1 3 >/dev/null
check_eq "after clearing all: $SID4 zero, $SID6 counts 3 pings again, no cache update" \
	"[0,0,0,0,0,0] [3,3,312,312,0,0]" \
	"$(counters "$SID4") $(counters "$SID6")"

# --------------------------------------------------------- wrong mac ----
srconf -n "${NS[nfv]}" sid del "$SID6" &&
genl add-mac "$SID6" End.AD6 02:00:00:00:f1:99 "$OIF" "$OIF" ||
	ktap_bail "cannot re-add $SID6 with another mac"
check_eq "mac 02:00:00:00:f1:99 (not vnf1's): 3 pings lost, 3 to the VNF, none back" \
	"0 [3,0,0]" "$(ping_run src fd00:2::1 3) $(counters "$SID6" no_route)"
srconf -n "${NS[nfv]}" sid del "$SID6" &&
genl add-mac "$SID6" End.AD6 "$VMAC" "$OIF" "$OIF" ||
	ktap_bail "cannot re-add $SID6 with vnf1's mac"

# -------------------------------------------------------------- MTU ----
ip -n "${NS[nfv]}" link set to_vnf1 mtu 1280 || ktap_bail "cannot set the MTU"
nsx src ping -6 -n -c 1 -W 3 -M do -s 1300 fd00:2::1 >"$TMPD/ptb6.out" 2>&1
check_eq "1348-byte IPv6 packet: Packet Too Big mtu=1280 at src" \
	1 "$(grep -c 'Packet too big: mtu=1280' "$TMPD/ptb6.out")" ||
	diag_file "ping" "$TMPD/ptb6.out"
check_eq "counted as too_big on $SID6, not to the VNF" \
	"[0,0,1]" "$(counters "$SID6" too_big)"
nsx src ping -4 -n -c 1 -W 3 -M do -s 1300 10.0.2.1 >"$TMPD/ptb4.out" 2>&1
check_eq "1328-byte IPv4 packet with DF: Fragmentation Needed mtu 1280 at src" \
	1 "$(grep -c 'Frag needed and DF set (mtu = 1280)' "$TMPD/ptb4.out")" ||
	diag_file "ping" "$TMPD/ptb4.out"
check_eq "counted as too_big on $SID4" \
	"[0,0,1]" "$(counters "$SID4" too_big)"
check_eq "packets within the MTU still pass (IPv6, IPv4)" \
	"3 3" "$(ping_run src fd00:2::1 3) $(ping_run src 10.0.2.1 3)"

# ------------------------------------------------------------- down ----
ip -n "${NS[nfv]}" link set to_vnf1 down || ktap_bail "cannot set to_vnf1 down"
check_eq "IFACE-OUT down: 2 pings lost, counted as no_route" \
	"0 [3,3,2]" "$(ping_run src fd00:2::1 2) $(counters "$SID6" no_route)"
check_kernel_log "kernel log clean (no WARNING, BUG, splat)" "mac begin $SUFFIX"
ktap_finish
