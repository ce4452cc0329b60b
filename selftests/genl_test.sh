#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generic netlink family "SREXT" seen by a raw client (genl.py), not
# through srconf: what srconf never sends must be rejected with an errno and
# an extack message; a dump too large for one message resumes without loss
# or repetition; the "events" group announces additions and removals; a
# SID's VNF given by mac is echoed as such; counters clear per SID and all
# at once.
#
#   +---------------------------------+
#   | gnl: d0 .. d250 (dummy devices) |   one namespace; its only traffic is
#   |      c1, c2 (dummy devices)     |   pings to fc00:7::/64, routed to lo
#   +---------------------------------+   (so through PRE_ROUTING)
#
#   SID             behaviour
#   fc00:9::1       (rejected requests only: never created)
#   fc00:9::e       End.AD6 nh6 fd00:9::2 oif d0 iif d0, added then deleted
#   fc00:9::a       End.AD6 mac 02:00:00:00:09:02 oif d0 iif d0, likewise
#   fc00:7::1, ::2  End.AD6 nh6 fd00:9::2 oif/iif c1, c2: pings without SRH
#                   count as no_srh drops, then the counters are cleared
#   fc00:8::1..250  End.AD6 nh6 fd00:9::2 oif dN iif dN (dump of 250 SIDs)
#
# Asserts: 25 malformed requests (SID_ADD: attributes, nh6/nh4 vs mac;
# SID_DEL, SID_GET, SID_FLUSH, SID_CLEAR_STATS) each get the exact errno and
# extack message (or, for policy rejections, a non-empty one) and create
# nothing; an add and a del produce one event each; GET, dump and the add
# event carry the mac of a SID given one, and no nh6; after traffic,
# CLEAR_STATS of one SID zeroes exactly its counters, without attribute
# every SID's, and the counters count again afterwards; a raw dump and
# srconf -j both return exactly the 250 SIDs, each once; flush empties the
# table.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

N=250

ktap_header
require_root
srext_require
require_cmd ip jq "$PYTHON"
ktap_plan 45

srext_load
ns_create gnl || ktap_bail "cannot create the namespace"
ip -n "${NS[gnl]}" link add d0 type dummy || ktap_bail "cannot create dummy d0"
ifindex=$(ip -n "${NS[gnl]}" -j link show d0 | jq '.[0].ifindex')


genl_results < <(nsx gnl "$PYTHON" "$(dirname "$0")/genl.py" errors "$ifindex" 2>&1)
genl_results < <(nsx gnl "$PYTHON" "$(dirname "$0")/genl.py" events "$ifindex" 2>&1)
genl_results < <(nsx gnl "$PYTHON" "$(dirname "$0")/genl.py" mac "$ifindex" 2>&1)

# sid_counts SID: "no_srh N total N" (total: every counter of the SID).
sid_counts() {
	nsx gnl "$PYTHON" "$(dirname "$0")/genl.py" stats "$1" | jq -r \
		'"no_srh \(.drops.no_srh) total \(([.[] | numbers] + [.drops[]]) | add)"'
}

# pings SID N: N echo requests to SID; none is answered (no SRH: dropped).
pings() {
	nsx gnl ping -6 -n -q -c "$2" -i 0.2 -W 1 "$1" >/dev/null 2>&1
	true
}

ip -n "${NS[gnl]}" link add c1 type dummy &&
ip -n "${NS[gnl]}" link add c2 type dummy &&
ip -n "${NS[gnl]}" -6 addr add fd00:7::1/128 dev lo &&
ip -n "${NS[gnl]}" -6 route add local fc00:7::/64 dev lo ||
	ktap_bail "cannot set up the clear_stats traffic"
srconf -n "${NS[gnl]}" sid add fc00:7::1 behavior end.ad6 nh6 fd00:9::2 \
	oif c1 iif c1 &&
srconf -n "${NS[gnl]}" sid add fc00:7::2 behavior end.ad6 nh6 fd00:9::2 \
	oif c2 iif c2 || ktap_bail "cannot add fc00:7::1 and fc00:7::2"
pings fc00:7::1 3
pings fc00:7::2 2
check_eq "traffic: 3 no_srh drops on fc00:7::1, 2 on fc00:7::2, nothing else" \
	"no_srh 3 total 3 / no_srh 2 total 2" \
	"$(sid_counts fc00:7::1) / $(sid_counts fc00:7::2)"
check_cmd "clear_stats fc00:7::1" \
	nsx gnl "$PYTHON" "$(dirname "$0")/genl.py" clear fc00:7::1
check_eq "fc00:7::1's counters are zero, fc00:7::2's untouched" \
	"no_srh 0 total 0 / no_srh 2 total 2" \
	"$(sid_counts fc00:7::1) / $(sid_counts fc00:7::2)"
check_cmd "clear_stats without attribute" \
	nsx gnl "$PYTHON" "$(dirname "$0")/genl.py" clear
check_eq "every counter of both SIDs is zero" \
	"no_srh 0 total 0 / no_srh 0 total 0" \
	"$(sid_counts fc00:7::1) / $(sid_counts fc00:7::2)"
pings fc00:7::1 1
check_eq "after the clears the counters count again: 1 no_srh on fc00:7::1" \
	"no_srh 1 total 1 / no_srh 0 total 0" \
	"$(sid_counts fc00:7::1) / $(sid_counts fc00:7::2)"
srconf -n "${NS[gnl]}" sid del fc00:7::1 &&
srconf -n "${NS[gnl]}" sid del fc00:7::2 || ktap_bail "cannot delete fc00:7::1 and fc00:7::2"

for i in $(seq 1 $N); do
	echo "link add d$i type dummy"
done >"$TMPD/links"
ip -n "${NS[gnl]}" -batch "$TMPD/links" || ktap_bail "cannot create $N dummy devices"
added=0
for i in $(seq 1 $N); do
	srconf -n "${NS[gnl]}" sid add "fc00:8::$(printf '%x' "$i")" behavior end.ad6 \
		nh6 fd00:9::2 oif "d$i" iif "d$i" && added=$((added + 1))
done
check_eq "$N SIDs added" "$N" "$added"

genl_results < <(nsx gnl "$PYTHON" "$(dirname "$0")/genl.py" dump "$N" 2>&1)
check_eq "srconf -j sid show lists $N distinct SIDs" "$N" \
	"$(srconf -n "${NS[gnl]}" -j sid show | jq '[.[].sid] | unique | length')"
check_cmd "srconf sid flush" srconf -n "${NS[gnl]}" sid flush
check_eq "the table is empty after flush" "[]" \
	"$(srconf -n "${NS[gnl]}" -j sid show)"
ktap_finish
