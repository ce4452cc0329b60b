#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An SR-unaware firewall (nftables in vnf1) in the chain: drops happen in
# the VNF, on the plain inner packet, and srext sees them only as packets
# that never came back.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                              |fd00:f1::1 (to_vnf1)
#                              |
#                             +------+  fd00:f1::2, nftables:
#                             | vnf1 |  inet srext_fw forward:
#                             +------+  udp dport 5001 counter drop
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:e::d6
#
# Asserts: 5 pings pass; of 30 datagrams to port 5000 and 20 to port 5001
# (interleaved), sink gets all 30 on 5000 and none on 5001; the firewall
# forwarded-packet counter saw all 55 and the drop counter exactly 20; on
# the nfv-eer link 30 UDP packets (all port 5000) with SRH SL 0; srext:
# 55 packets to the VNF, 35 back, bytes accordingly, no srext drop.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PINGS=5
N=30	# to port 5000, allowed
M=20	# to port 5001, dropped by the firewall
TO=$((PINGS + N + M))
FROM=$((PINGS + N))
SID=fc00:2::f1

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping nft
ktap_plan 16

srext_load
modprobe -q nf_tables 2>/dev/null
setup_testbed srext 1 || ktap_bail "cannot build the testbed"

check_cmd "nftables firewall loaded in vnf1" nsx vnf1 nft -f - <<'EOF' ||
table inet srext_fw {
	counter forwarded {}
	counter dropped_5001 {}
	chain forward {
		type filter hook forward priority filter; policy accept;
		counter name "forwarded"
		udp dport 5001 counter name "dropped_5001" drop
	}
}
EOF
	ktap_bail "cannot configure nftables in vnf1"

# nft_counter NAME: packets counted by the named counter in vnf1.
nft_counter() {
	nsx vnf1 nft -j list counter inet srext_fw "$1" |
		jq -r '[.nftables[] | .counter? | select(.) | .packets] | first // "none"'
}

cap_start eer eer to_nfv -Q in || ktap_bail "cannot start the capture"

check_ping "ping src -> sink through the firewall: $PINGS replies" \
	src fd00:2::1 "$PINGS"
udp_run udp src sink fd00:2::1 "5000:$N,5001:$M" "$N"
check_eq "port 5000: all $N datagrams arrive, distinct and intact" \
	"$N $N 0" "$(udp_got 5000) $(udp_got 5000 unique) $(udp_got 5000 bad)"
check_eq "port 5001: nothing arrives (dropped by the VNF)" 0 "$(udp_got 5001)"
check_eq "sender sent $N + $M datagrams" "$N $M" \
	"$(jq -r '"\(.sent["5000"]) \(.sent["5001"])"' <<<"${UDP_SENT:-{\}}" 2>&1)"

cap_stop eer || ktap_bail "cannot decode the capture"

check_eq "firewall in vnf1 saw every packet srext handed to it" \
	"$TO" "$(nft_counter forwarded)"
check_eq "firewall in vnf1 dropped exactly the $M datagrams to port 5001" \
	"$M" "$(nft_counter dropped_5001)"
check_shapes "nfv-eer link: only what the firewall let through, SRH SL 0" eer "[
	$(shape fd00:12::1 fc00:e::d6 icmp6 "$PINGS" 0 "fc00:e::d6,$SID" fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:e::d6 udp "$N" 0 "fc00:e::d6,$SID" fd00:1::1 fd00:2::1)]"
check_eq "nfv-eer link: every UDP packet is for port 5000" 5000 \
	"$(cap_jq eer "[.[] | $JQ_DATA | select(.l4 == \"udp\") | .dport] | unique | join(\",\")")"

srext_json nfv
# Inner lengths: echo request 104 bytes, datagram 112 bytes.
check_sid_stats "$SID" "$SID" "$TO" "$FROM" \
	$((PINGS * 104 + (N + M) * 112)) $((PINGS * 104 + N * 112)) 1

ktap_finish
