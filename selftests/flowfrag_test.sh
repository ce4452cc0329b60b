#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fragments of inner datagrams in End.AD "cache flow" go with their flow:
# only the first fragment carries the ports, and srext gives the later
# ones the flow of the first (by addresses, protocol and Identification),
# in both directions.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#                              | to_vnf1
#                             +------+
#                             | vnf1 | plain IPv6 and IPv4 router
#                             +------+
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif/iif to_vnf1 cache flow
#   fc00:2::41    nfv   End.AD4 nh4 10.0.241.2 oif/iif to_vnf1 cache flow
#   fc00:e::d6/d4 eer   seg6local End.DX6 / End.DX4 towards the sink
#
# 1. IPv6, fragmented by the source: src sends 3 datagrams of 64 bytes to
#    port 5100 and 3 of 3000 bytes to port 5101 (each one socket, so one
#    flow each); the 3000-byte ones leave src in 3 fragments, each
#    encapsulated by ier on its own. All 6 reach the sink intact, and the
#    SID made exactly 2 cache entries (2 cache updates): the fragments
#    share their flow's entry, not one for first and one for later
#    fragments.
# 2. IPv4, fragmented by the VNF: vnf1's route back to nfv has its MTU
#    locked at 1000; src sends 5 datagrams of 1400 bytes without Don't
#    Fragment to port 5200. They come in whole, vnf1 fragments each in two,
#    and srext finds the flow of both fragments: the sink gets all 5
#    intact, 10 packets back from the VNF, no no_cache drop.
# 3. The memory of a first fragment lasts 5 s after the datagram's latest
#    fragment: ier sends the first fragment of datagram 77 (UDP to port
#    5300) and a later one at once, then another later one 6 s after: the
#    first two share a new cache entry, the last is a flow without ports,
#    a second new entry (2 cache updates, 3 packets to the VNF).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ktap_header
require_root
srext_require
require_cmd ip jq "$PYTHON"
ktap_plan 6

srext_load
setup_testbed none 1 || ktap_bail "cannot build the testbed"
testbed_ipv4 && vnf_ipv4 1 &&
ip -n "${NS[ier]}" -4 route add 10.0.2.0/24 encap seg6 mode encap \
	segs fc00:2::41,fc00:e::d4 dev to_nfv || ktap_bail "cannot add IPv4 to the testbed"
srconf -n "${NS[nfv]}" sid add fc00:2::f1 behavior end.ad6 nh6 fd00:f1::2 \
	oif to_vnf1 iif to_vnf1 cache flow &&
srconf -n "${NS[nfv]}" sid add fc00:2::41 behavior end.ad4 nh4 10.0.241.2 \
	oif to_vnf1 iif to_vnf1 cache flow || ktap_bail "cannot add the SIDs"

# ---------------------------------------- 1: IPv6, fragmented by the source --

udp_run small src sink fd00:2::1 5100:3 3
check_eq "3 datagrams of 64 bytes to port 5100: at the sink, intact" "3 3 0" \
	"$(udp_got 5100) $(udp_got 5100 unique) $(udp_got 5100 bad)"
udp_run big src sink fd00:2::1 5101:3 3 3000
check_eq "3 datagrams of 3000 bytes (3 fragments each) to port 5101: at the sink, intact" "3 3 0" \
	"$(udp_got 5101) $(udp_got 5101 unique) $(udp_got 5101 bad)"
srext_json nfv fc00:2::f1
check_json "two flows, two cache entries: the fragments went with their flow" \
	'.[0].stats | [.cache_updates, .packets_to_vnf, ([.drops[]] | add)]' '[2,12,0]'

# ------------------------------------------- 2: IPv4, fragmented by the VNF --

ip -n "${NS[vnf1]}" -4 route replace default via 10.0.241.1 mtu lock 1000 ||
	ktap_bail "cannot lock vnf1's route MTU"
bg_start rx4 sink "$PYTHON" "$PKT_PY" udp-recv --ports 5200 --count 5 \
	--size 1400 --linger 1 --timeout 30
wait_for_line "$TMPD/rx4.out" '^ready$' 20 || ktap_bail "the UDP receiver did not start"
nsx src "$PYTHON" "$PKT_PY" udp-send --dst 10.0.2.1 --ports 5200:5 --size 1400 \
	--interval 0.05 --no-df >/dev/null || ktap_bail "cannot send the IPv4 datagrams"
bg_wait rx4 35
check_eq "5 datagrams of 1400 bytes that vnf1 fragments: all 5 at the sink, intact" \
	"5 5 0" "$(jq -r '.["5200"] | "\(.packets) \(.unique) \(.bad)"' <<<"$(tail -n 1 "$TMPD/rx4.out")" 2>&1)"
srext_json nfv fc00:2::41
check_json "10 fragments back from vnf1, each found its flow (no drop)" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf, ([.drops[]] | add)]' '[5,10,0]'

# ------------------------------------------- 3: 5 s after the last fragment --

srext_json nfv fc00:2::f1
u0=$(jq -r '.[0].stats.cache_updates' <<<"$SREXT_JSON") to0=$(jq -r '.[0].stats.packets_to_vnf' <<<"$SREXT_JSON")
srv6_send ier to_nfv nfv to_ier --gap 0.2 \
	'{"seq":1,"dport":5300,"inner_frag":{"off":0,"more":1,"id":77}}' \
	'{"seq":2,"dport":5300,"inner_frag":{"off":1232,"more":1,"id":77}}' ||
	ktap_bail "cannot send the fragments"
sleep 6
srv6_send ier to_nfv nfv to_ier '{"seq":3,"dport":5300,"inner_frag":{"off":2464,"more":0,"id":77}}' ||
	ktap_bail "cannot send the fragment"
sleep 0.5
srext_json nfv fc00:2::f1
check_json "first and later fragment at once: one flow; a later one 6 s on: forgotten, a flow without ports" \
	".[0].stats | [.cache_updates - $u0, .packets_to_vnf - $to0, ([.drops[]] | add)]" '[2,3,0]'

ktap_finish
