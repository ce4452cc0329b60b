#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The paper's testbed without srext: the VNF is SR-aware and runs the
# kernel's own seg6local End.  This checks the testbed itself (encap at the
# ingress router, routing, End.DX6 at the egress router, the capture and
# traffic helpers), so that a failure of the srext tests can be told apart
# from a broken testbed.  Needs no module: it runs on any kernel with
# SRv6 (also outside the test VM).
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                              |fd00:f1::1
#                              |
#                             +------+
#                             | vnf1 | fd00:f1::2, SR-aware
#                             +------+
#
#   SID           node  behaviour
#   fc00:2::f1    vnf1  seg6local End (nfv routes fc00:2::f1/128 to vnf1)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:e::d6
#
# Asserts: ping and UDP arrive complete; on the ier-nfv link every test
# packet carries the SRH with SL 1 towards fc00:2::f1; vnf1 receives it
# unchanged but for one hop limit less; on the nfv-eer link SL is 0, DA
# fc00:e::d6 and the hop limit is 3 below the ier-nfv link (nfv, vnf1, nfv
# each forward once); the seg6local counters of End and End.DX6 count every
# packet.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PINGS=10
DGRAMS=50
TOTAL=$((PINGS + DGRAMS))

ktap_header
require_root
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 9

setup_testbed seg6local 1 || ktap_bail "cannot build the testbed"

cap_start ier ier to_nfv -Q out &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start eer eer to_nfv -Q in || ktap_bail "cannot start the captures"

check_ping "ping src -> sink through the SR-aware VNF: $PINGS replies" \
	src fd00:2::1 "$PINGS"
check_udp_delivery

cap_stop ier vnf1 eer || ktap_bail "cannot decode the captures"

check_shapes "ier-nfv link: outer fd00:12::1 -> fc00:2::f1, SRH SL 1" ier "[
	$(shape fd00:12::1 fc00:2::f1 icmp6 "$PINGS" 1 fc00:e::d6,fc00:2::f1 fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:2::f1 udp "$DGRAMS" 1 fc00:e::d6,fc00:2::f1 fd00:1::1 fd00:2::1)]"
check_shapes "vnf1 receives the SRv6 packet (SR-aware VNF)" vnf1 "[
	$(shape fd00:12::1 fc00:2::f1 icmp6 "$PINGS" 1 fc00:e::d6,fc00:2::f1 fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:2::f1 udp "$DGRAMS" 1 fc00:e::d6,fc00:2::f1 fd00:1::1 fd00:2::1)]"
check_shapes "nfv-eer link: End done by vnf1, SL 0, DA fc00:e::d6" eer "[
	$(shape fd00:12::1 fc00:e::d6 icmp6 "$PINGS" 0 fc00:e::d6,fc00:2::f1 fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:e::d6 udp "$DGRAMS" 0 fc00:e::d6,fc00:2::f1 fd00:1::1 fd00:2::1)]"
check_eq "hop limit: vnf1 sees one less than the ier-nfv link" \
	"{\"1\":$TOTAL}" "$(hlim_deltas ier vnf1)"
check_eq "hop limit: nfv-eer link is three less than the ier-nfv link" \
	"{\"3\":$TOTAL}" "$(hlim_deltas ier eer)"
check_eq "seg6local End in vnf1 counted every packet" \
	"$TOTAL" "$(seg6local_packets vnf1 fc00:2::f1)"
check_eq "seg6local End.DX6 in eer counted every packet" \
	"$TOTAL" "$(seg6local_packets eer fc00:e::d6)"

ktap_finish
