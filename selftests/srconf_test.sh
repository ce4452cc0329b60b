#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# srconf and the SREXT generic netlink family: the configuration round
# trip (add/del/flush print nothing, show prints srconf.8's text and JSON),
# namespaces, interface removal, and every rejection (exit 1, the exact
# message, nothing changed).  No traffic.
#
#   namespace A                          namespace B
#   +----------------------------+       +-----------------+
#   | veth0 <-> veth0p           |       | veth0 <-> veth0p |
#   | veth1 <-> veth1p           |       +-----------------+
#   | ...                        |
#   | veth5 <-> veth5p           |
#   +----------------------------+
#
#   SID           ns  behaviour (nh6 / oif / iif)
#   fc00:2::f1    A   End.AD6 fd00:f1::2 veth0 veth0
#   fc00:2::f2    A   End.AD6 fd00:f2::2 veth1 veth1 (spelled End.AD6)
#   fc00:2::f3    A   End.AD6 fd00:f3::2 veth2 veth2 (spelled END.ad6)
#   fc00:2::f4    A   End.AD6 fd00:f4::2 veth0 veth3 (iif deleted later)
#   fc00:2::f5    A   End.AD6 fd00:f5::2 veth4 veth5 (oif deleted later)
#   fc00:2::f1    B   End.AD6 fd00:f1::2 veth0 veth0 (same SID, other ns)

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ktap_header
require_root
srext_require
require_cmd ip jq setpriv

# Per negative case: exit status, message, table unchanged.
NEG_CASES=13
ktap_plan $((26 + 3 * NEG_CASES))

srext_load
ns_create A B || ktap_bail "cannot create the namespaces"
for i in 0 1 2 3 4 5; do
	ip -n "${NS[A]}" link add "veth$i" type veth peer name "veth${i}p" &&
	ip -n "${NS[A]}" link set "veth$i" up ||
		ktap_bail "cannot create veth$i"
done
ip -n "${NS[B]}" link add veth0 type veth peer name veth0p &&
ip -n "${NS[B]}" link set veth0 up || ktap_bail "cannot create veth0 in B"

A=${NS[A]}
B=${NS[B]}

# show_json NS: srconf -j sid show, keys sorted, compact, without "state":
# the veths' peers are down, so it is "down" once linkwatch has seen the
# carrier go (asynchronously); srconf_cli_test.sh checks it.
show_json() {
	srconf -n "$1" -j sid show 2>&1 | jq -S -c 'map(del(.state))' 2>&1
}

# sid_obj SID NH6 OIF IIF: the expected JSON object of an End.AD6 SID.
sid_obj() {
	printf '{"behavior":"End.AD6","cache":"interface","iif":"%s","nh6":"%s","oif":"%s","owner":"srext","sid":"%s"}' \
		"$4" "$2" "$3" "$1"
}

# wait_sids NS EXPECTED_SIDS: wait up to 5 s until the SIDs of NS are
# EXPECTED_SIDS (sorted, comma separated); print what they are.
wait_sids() {
	local i got
	for ((i = 0; i < 50; i++)); do
		got=$(srconf -n "$1" -j sid show 2>&1 | jq -r '[.[].sid] | sort | join(",")' 2>&1)
		[ "$got" = "$2" ] && break
		sleep 0.1
	done
	echo "$got"
}

# check_quiet DESC CMD...: CMD succeeds and prints nothing (srconf.8: add,
# del and flush print nothing when they succeed).
check_quiet() {
	local desc=$1
	shift
	run_cmd "$@"
	check_eq "$desc" "0 ''" "$RUN_RC '$RUN_OUT$RUN_ERR'"
}

# ------------------------------------------------------------ positive ----

run_cmd srconf -n "$A" -j sid show
check_eq "empty table: srconf -j sid show prints [] and exits 0" "0 []" "$RUN_RC $RUN_OUT"

check_quiet "sid add fc00:2::f1 behavior end.ad6 nh6 fd00:f1::2 oif veth0 iif veth0" \
	srconf -n "$A" sid add fc00:2::f1 behavior end.ad6 nh6 fd00:f1::2 oif veth0 iif veth0
check_eq "-j sid show: exactly the SID's object" \
	"[$(sid_obj fc00:2::f1 fd00:f1::2 veth0 veth0)]" "$(show_json "$A")"
check_quiet "behaviour spelled End.AD6 is accepted" \
	srconf -n "$A" sid add fc00:2::f2 behavior End.AD6 nh6 fd00:f2::2 oif veth1 iif veth1
check_quiet "behaviour spelled END.ad6 is accepted" \
	srconf -n "$A" sid add fc00:2::f3 behavior END.ad6 iif veth2 oif veth2 nh6 fd00:f3::2
check_eq "three SIDs, every behaviour printed End.AD6, keywords in any order" \
	"[$(sid_obj fc00:2::f1 fd00:f1::2 veth0 veth0),$(sid_obj fc00:2::f2 fd00:f2::2 veth1 veth1),$(sid_obj fc00:2::f3 fd00:f3::2 veth2 veth2)]" \
	"$(show_json "$A" | jq -c 'sort_by(.sid)')"
check_eq "sid show SID: only that SID" \
	"[$(sid_obj fc00:2::f2 fd00:f2::2 veth1 veth1)]" \
	"$(srconf -n "$A" -j sid show fc00:2::f2 2>&1 | jq -S -c 'map(del(.state))' 2>&1)"

check_eq "-s: every counter and drop reason present, all zero" \
	"$(jq -S -c . <<<'{"packets_to_vnf":0,"bytes_to_vnf":0,"packets_from_vnf":0,"bytes_from_vnf":0,"cache_updates":0,"evictions":0,"cache_limited":0,"drops":{"bad_srh":0,"no_srh":0,"sl_zero":0,"hop_limit":0,"bad_inner":0,"no_cache":0,"no_route":0,"no_mem":0,"too_big":0,"bad_ext":0,"bad_hmac":0}}')" \
	"$(srconf -n "$A" -j -s sid show fc00:2::f1 2>&1 | jq -S -c '.[0].stats' 2>&1)"
check_eq "-j -p: pretty JSON, same content as -j" "$(show_json "$A")" \
	"$(srconf -n "$A" -j -p sid show 2>&1 | jq -S -c 'map(del(.state))' 2>&1)"
run_cmd srconf -n "$A" -j -p sid show
check_eq "-j -p: indented over several lines" yes \
	"$([ "$(wc -l <<<"$RUN_OUT")" -gt 3 ] && echo yes || echo no)"

run_cmd srconf -n "$A" sid show
check_eq "sid show (text): one line per SID (srconf.8 OUTPUT)" \
"0 fc00:2::f1 behavior End.AD6 owner srext nh6 fd00:f1::2 oif veth0 iif veth0 state
fc00:2::f2 behavior End.AD6 owner srext nh6 fd00:f2::2 oif veth1 iif veth1 state
fc00:2::f3 behavior End.AD6 owner srext nh6 fd00:f3::2 oif veth2 iif veth2 state" \
	"$RUN_RC $(sort <<<"$RUN_OUT" | sed -E 's/ state (up|down)$/ state/')"

want=$(srconf -n "$A" -j sid show 2>&1)
got=
for cmd in "sid" "sid list" "sid ls" "si sh"; do
	# shellcheck disable=SC2086
	got+="$cmd: $([ "$(srconf -n "$A" -j $cmd 2>&1)" = "$want" ] && echo same || echo differs); "
done
check_eq "aliases and prefixes: sid, sid list, sid ls, si sh print what sid show prints" \
	"sid: same; sid list: same; sid ls: same; si sh: same; " "$got"
check_eq "without -n, inside the namespace: same table as with -n" "$(show_json "$A")" \
	"$(ip netns exec "$A" "$SRCONF" -j sid show 2>&1 | jq -S -c 'map(del(.state))' 2>&1)"
check_eq "namespaces are isolated: B's table is empty" "[]" "$(show_json "$B")"
check_quiet "the same SID can be added in namespace B" \
	srconf -n "$B" sid add fc00:2::f1 behavior end.ad6 nh6 fd00:f1::2 oif veth0 iif veth0
check_eq "B has its SID, A still its three" "fc00:2::f1 fc00:2::f1,fc00:2::f2,fc00:2::f3" \
	"$(wait_sids "$B" fc00:2::f1) $(wait_sids "$A" fc00:2::f1,fc00:2::f2,fc00:2::f3)"

check_quiet "sid del fc00:2::f3" srconf -n "$A" sid del fc00:2::f3
check_eq "fc00:2::f3 is gone, the others stay" "fc00:2::f1,fc00:2::f2" \
	"$(wait_sids "$A" fc00:2::f1,fc00:2::f2)"

ip -n "$A" link del veth1
check_eq "deleting the interface that is oif and iif of fc00:2::f2 removes the SID" \
	fc00:2::f1 "$(wait_sids "$A" fc00:2::f1)"
check_quiet "add fc00:2::f4 (oif veth0, iif veth3) and fc00:2::f5 (oif veth4, iif veth5)" \
	eval "srconf -n '$A' sid add fc00:2::f4 behavior end.ad6 nh6 fd00:f4::2 oif veth0 iif veth3 &&
	      srconf -n '$A' sid add fc00:2::f5 behavior end.ad6 nh6 fd00:f5::2 oif veth4 iif veth5"
ip -n "$A" link del veth3
check_eq "deleting the iif (veth3) of fc00:2::f4 removes only that SID" \
	fc00:2::f1,fc00:2::f5 "$(wait_sids "$A" fc00:2::f1,fc00:2::f5)"
ip -n "$A" link del veth4
check_eq "deleting the oif (veth4) of fc00:2::f5 removes only that SID" \
	fc00:2::f1 "$(wait_sids "$A" fc00:2::f1)"
check_eq "namespace B is untouched by all of this" "[$(sid_obj fc00:2::f1 fd00:f1::2 veth0 veth0)]" \
	"$(show_json "$B")"

# ------------------------------------------------------------ negative ----

# A holds fc00:2::f1 (oif/iif veth0); veth2 and veth5 are free.

# neg DESC MESSAGE CMD...: CMD exits 1, prints exactly MESSAGE on stderr,
# and A's table is the same afterwards.
neg() {
	local desc=$1 msg=$2 before after
	shift 2
	before=$(show_json "$A")
	run_cmd "$@"
	after=$(show_json "$A")
	check_eq "$desc: exit status 1" 1 "$RUN_RC"
	check_eq "$desc: message" "$msg" "$RUN_ERR"
	check_eq "$desc: table unchanged" "$before" "$after"
}

AD="behavior end.ad6 nh6 fd00:f9::2"
# shellcheck disable=SC2086
{
neg "malformed SID" 'Error: invalid address "fc00::zz" for "sid": expected an IPv6 address.' \
	srconf -n "$A" sid add fc00::zz $AD oif veth2 iif veth2
neg "malformed nh6" 'Error: invalid address "fd00:f9::g" for "nh6": expected an IPv6 address.' \
	srconf -n "$A" sid add fc00:2::f9 behavior end.ad6 nh6 fd00:f9::g oif veth2 iif veth2
neg "unknown oif" 'Error: unknown interface "nosuch0" for "oif".' \
	srconf -n "$A" sid add fc00:2::f9 $AD oif nosuch0 iif veth2
neg "unknown iif" 'Error: unknown interface "nosuch0" for "iif".' \
	srconf -n "$A" sid add fc00:2::f9 $AD oif veth2 iif nosuch0
neg "duplicate SID" 'Error: srext: SID already exists.' \
	srconf -n "$A" sid add fc00:2::f1 $AD oif veth2 iif veth2
neg "missing keyword iif" 'Error: missing "iif" for End.AD6.' \
	srconf -n "$A" sid add fc00:2::f9 $AD oif veth2
neg "missing value" 'Error: missing value for "iif".' \
	srconf -n "$A" sid add fc00:2::f9 $AD oif veth2 iif
neg "duplicate keyword" 'Error: duplicate "oif".' \
	srconf -n "$A" sid add fc00:2::f9 $AD oif veth2 oif veth2 iif veth2
neg "unknown behaviour" 'Error: unknown behavior "end.ad9".' \
	srconf -n "$A" sid add fc00:2::f9 behavior end.ad9 nh6 fd00:f9::2 oif veth2 iif veth2
neg "deleting a SID that does not exist" 'Error: SID "fc00:2::99" not found.' \
	srconf -n "$A" sid del fc00:2::99
neg "iif already IFACE-IN of another End.AD6 SID" \
	'Error: srext: iif is already IFACE-IN of another SID of this family.' \
	srconf -n "$A" sid add fc00:2::f9 $AD oif veth2 iif veth0
UNPRIV=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --)
neg "unprivileged add" 'Error: Operation not permitted (srconf needs CAP_NET_ADMIN).' \
	ip netns exec "$A" "${UNPRIV[@]}" "$SRCONF" sid add fc00:2::f9 $AD oif veth2 iif veth2
neg "unprivileged del" 'Error: Operation not permitted (srconf needs CAP_NET_ADMIN).' \
	ip netns exec "$A" "${UNPRIV[@]}" "$SRCONF" sid del fc00:2::f1
}

# ------------------------------------------------------------- flush ----

check_quiet "sid flush in A" srconf -n "$A" sid flush
check_eq "after flush: A is empty, B still has its SID" "[] fc00:2::f1" \
	"$(show_json "$A") $(wait_sids "$B" fc00:2::f1)"
check_quiet "sid flush of an empty table succeeds" srconf -n "$A" sid flush

ktap_finish
