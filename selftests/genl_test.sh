#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generic netlink family "SREXT" seen by a raw client (genl.py), not
# through srconf: what srconf never sends must be rejected with an errno and
# an extack message; a dump too large for one message resumes without loss
# or repetition; the "events" group announces additions and removals.
#
#   +---------------------------------+
#   | gnl: d0 .. d250 (dummy devices) |   one namespace, no traffic
#   +---------------------------------+
#
#   SID             behaviour
#   fc00:9::1       (rejected requests only: never created)
#   fc00:9::e       End.AD6 nh6 fd00:9::2 oif d0 iif d0, added then deleted
#   fc00:8::1..250  End.AD6 nh6 fd00:9::2 oif dN iif dN (dump of 250 SIDs)
#
# Asserts: 14 malformed requests each get the exact errno and extack message
# (or, for policy rejections, a non-empty one) and create nothing; an add
# and a del produce one event each; a raw dump and srconf -j both return
# exactly the 250 SIDs, each once; flush empties the table.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

N=250

ktap_header
require_root
srext_require
require_cmd ip jq "$PYTHON"
ktap_plan 24

srext_load
ns_create gnl || ktap_bail "cannot create the namespace"
ip -n "${NS[gnl]}" link add d0 type dummy || ktap_bail "cannot create dummy d0"
ifindex=$(ip -n "${NS[gnl]}" -j link show d0 | jq '.[0].ifindex')

# genl.py prints PASS/FAIL lines: one KTAP result each.
genl_results() {
	local line
	while IFS= read -r line; do
		case $line in
		PASS\ *) ktap_ok "${line#PASS }" ;;
		FAIL\ *) ktap_fail "${line#FAIL }" ;;
		*) diag "$line" ;;
		esac
	done
}

genl_results < <(nsx gnl "$PYTHON" "$(dirname "$0")/genl.py" errors "$ifindex" 2>&1)
genl_results < <(nsx gnl "$PYTHON" "$(dirname "$0")/genl.py" events "$ifindex" 2>&1)

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
