#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Delete the End.AD6 SID while the chain is in use, then add it again:
# traffic stops with the SID and comes back with it, and the new SID starts
# with fresh counters and an empty cache.
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
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:e::d6
#
# Asserts: 5 pings pass and are counted; srconf sid del exits 0 and the
# SID is gone from sid show; 3 pings then get no reply and nothing reaches
# vnf1; after srconf sid add, 5 pings pass again and the SID's counters
# show exactly those 5 (not 10): 5 to and 5 from the VNF, 520 bytes each,
# one cache update, no drops.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

SID=fc00:2::f1

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 17

srext_load
setup_testbed srext 1 || ktap_bail "cannot build the testbed"

check_ping "with the SID: 5 pings pass" src fd00:2::1 5
srext_json nfv
check_json "with the SID: 5 packets to and from the VNF" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf]' '[5,5]'

check_cmd "srconf sid del $SID" srconf -n "${NS[nfv]}" sid del "$SID"
check_eq "the SID is gone from srconf -j sid show" "[]" \
	"$(srconf -n "${NS[nfv]}" -j sid show 2>&1)"
run_cmd srconf -n "${NS[nfv]}" sid show
check_eq "the SID is gone from srconf sid show" "0 no" \
	"$RUN_RC $(grep -qF "$SID" <<<"$RUN_OUT" && echo yes || echo no)"

cap_start vnf1 vnf1 to_nfv || ktap_bail "cannot start the capture"
check_ping "without the SID: 3 pings get no reply" src fd00:2::1 3 0
cap_stop vnf1 || ktap_bail "cannot decode the capture"
check_eq "without the SID: nothing reaches vnf1" 0 \
	"$(cap_jq vnf1 "[.[] | $JQ_DATA] | length")"

check_cmd "srconf sid add $SID again" testbed_add_sid 1
srext_json nfv
check_json "the new SID starts with zero counters" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf, .bytes_to_vnf, .bytes_from_vnf, .cache_updates]' \
	'[0,0,0,0,0]'
check_ping "with the SID again: 5 pings pass" src fd00:2::1 5
srext_json nfv
check_sid_stats "re-added $SID" "$SID" 5 5 520 520 1

ktap_finish
