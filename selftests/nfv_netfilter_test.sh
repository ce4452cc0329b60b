#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The NFV node's own netfilter sees what srext forwards: a stateful ruleset
# on nfv (conntrack, "ct state invalid drop" in FORWARD), a prerouting
# counter on the re-encapsulated packets, and an SR domain ACL in the raw
# table (RFC 8754 5.1) on packets to the SID.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                              |fd00:f1::1 (to_vnf1)
#                             +------+
#                             | vnf1 | fd00:f1::2, plain IPv6 router
#                             +------+
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   nfv's ruleset (table inet srx):
#     rawacl prerouting -300: ip6 saddr fd00:12::5 ip6 daddr fc00:2::f1 counter drop
#     prert  prerouting 0:   iifname to_vnf1 ip6 daddr fc00:e::d6 counter
#     fwdf   forward 0:      ct state invalid counter drop
#                           iifname to_vnf1 ct state new counter
#
# Asserted: 10 UDP datagrams src -> sink all arrive; the 10 packets back
# from vnf1, re-encapsulated, go through nfv's prerouting (counter 10) and
# are tracked (ct state new 10, invalid 0); a hand-made packet to the SID
# from fd00:12::5 is dropped by the raw ACL before srext (counter 1, the SID
# counts 10 packets to the VNF, not 11). (UDP, not ping: replies come back
# plain, and conntrack, which saw the requests only inside the tunnel,
# calls an echo reply without its request invalid, as on any asymmetric
# path.)

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=lib_chain.sh
. "$(dirname "$0")/lib_chain.sh"

ktap_header
require_root
srext_require
require_cmd ip nft jq "$PYTHON"
ktap_plan 6

srext_load
setup_testbed srext 1 || ktap_bail "cannot build the testbed"
nsx nfv nft -f - <<'EOF' || ktap_bail "cannot load nfv's ruleset"
table inet srx {
	chain rawacl {
		type filter hook prerouting priority -300;
		ip6 saddr fd00:12::5 ip6 daddr fc00:2::f1 counter drop
	}
	chain prert {
		type filter hook prerouting priority 0;
		iifname "to_vnf1" ip6 daddr fc00:e::d6 counter
	}
	chain fwdf {
		type filter hook forward priority 0;
		ct state invalid counter drop
		iifname "to_vnf1" ct state new counter
	}
}
EOF

# counter CHAIN N: packets of the Nth counter of CHAIN.
counter() {
	nsx nfv nft -j list chain inet srx "$1" |
		jq -r "[.nftables[] | .rule? // empty | .expr[] | .counter? // empty][$2].packets"
}

udp_run udp src sink fd00:2::1 5000:10 10
check_eq "10 datagrams through the SID with 'ct state invalid drop' in FORWARD" \
	"10 10 0" "$(udp_got 5000) $(udp_got 5000 unique) $(udp_got 5000 bad)"
check_eq "the 10 re-encapsulated packets pass nfv's prerouting" 10 "$(counter prert 0)"
check_eq "conntrack tracks them: ct state new 10, invalid 0" "10 0" \
	"$(counter fwdf 1) $(counter fwdf 0)"

srv6_send ier to_nfv nfv to_ier --gap 0 '{"seq":1,"src":"fd00:12::5"}' ||
	ktap_bail "cannot send the packet"
sleep 0.5
check_eq "the raw table's ACL drops the packet to the SID from fd00:12::5" 1 "$(counter rawacl 0)"
srext_json nfv
check_eq "before srext: the SID counts 10 packets to the VNF, no drop" "10 0" \
	"$(sid_stat fc00:2::f1 .packets_to_vnf) $(sid_stat fc00:2::f1 '| [.drops[]] | add')"
check_eq "and 10 back" 10 "$(sid_stat fc00:2::f1 .packets_from_vnf)"

ktap_finish
