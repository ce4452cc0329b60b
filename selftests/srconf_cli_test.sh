#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# srconf as an operator uses it, against srext.ko and the kernel's
# seg6local: the 2017 "localsid" grammar driving the paper's testbed, one
# SID table for both owners, clear-stats, monitor, batch files, -n and
# "mac" next hops.
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
#   SID          node  added with                                   owner
#   fc00:e::d6   eer   srconf localsid add fc00:e::d6 end.dx6       seg6local
#                        ip fd00:2::1 to_sink
#   fc00:2::f1   nfv   srconf localsid add fc00:2::f1 end.ad6       srext
#                        ip fd00:f1::2 to_vnf1 to_vnf1
#                      later: sid add ... behavior End.AD6 mac <vnf1's MAC>
#   fc00:2::1-5  nfv   End, End.X, End.DX6, End.DX4, End.DT6          seg6local
#                      (one table with srext's SIDs; no traffic)
#
# Asserts: traffic src -> sink through vnf1 with SIDs from the 2017 grammar;
# show/clear-counters/del/flush of both owners with exact text and JSON;
# owner conflicts; flush leaves seg6local routes of other tables; monitor
# prints every add/del of both owners in order, text and JSON; a batch
# stops at its failing line with FILE:LINE, -f goes on, "-b -" reads
# stdin; -n joins the namespace; a "mac" next hop delivers without
# neighbour resolution; no kernel warning.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PINGS=10
DGRAMS=50

ktap_header
require_root
srext_require
require_cmd ip jq "$PYTHON" ping
ktap_plan 52

srext_load
kernel_log_mark srconf_cli
setup_testbed none 1 || ktap_bail "cannot build the testbed"
NFV=${NS[nfv]}
EER=${NS[eer]}

# check_out DESC EXPECTED CMD...: CMD exits 0 and prints EXPECTED.
check_out() {
	local desc=$1 want=$2
	shift 2
	run_cmd "$@"
	check_eq "$desc" "$want (exit 0)" "$RUN_OUT (exit $RUN_RC)" ||
		diag "stderr: $RUN_ERR"
}

# check_err DESC EXPECTED-STDERR CMD...: CMD exits 1 with that one line.
check_err() {
	local desc=$1 want=$2
	shift 2
	run_cmd "$@"
	check_eq "$desc" "$want (exit 1)" "$RUN_ERR (exit $RUN_RC)" ||
		diag "stdout: $RUN_OUT"
}

# ---- the paper's testbed, configured in the 2017 grammar -------------

ip -n "$EER" -6 route del fc00:e::d6/128 || ktap_bail "cannot remove the testbed's End.DX6"
check_cmd "localsid add fc00:e::d6 end.dx6 ip fd00:2::1 to_sink (eer)" \
	srconf -n "$EER" localsid add fc00:e::d6 end.dx6 ip fd00:2::1 to_sink
check_cmd "localsid add fc00:2::f1 end.ad6 ip fd00:f1::2 to_vnf1 to_vnf1 (nfv)" \
	srconf -n "$NFV" localsid add fc00:2::f1 end.ad6 ip fd00:f1::2 to_vnf1 to_vnf1
run_cmd ip -n "$EER" -6 route show fc00:e::d6
check_eq "eer: a seg6local End.DX6 route of protocol 83 in the main table" 1 \
	"$(grep -cE '^fc00:e::d6 +encap seg6local action End.DX6 nh6 fd00:2::1 .*dev to_sink proto (83|srconf) ' <<<"$RUN_OUT")"
check_out "eer: localsid show, text" \
	"fc00:e::d6 behavior End.DX6 owner seg6local nh6 fd00:2::1 oif to_sink state up" \
	srconf -n "$EER" localsid show
check_out "nfv: localsid show, JSON" \
	'[{"sid":"fc00:2::f1","behavior":"End.AD6","owner":"srext","nh6":"fd00:f1::2","oif":"to_vnf1","iif":"to_vnf1","cache":"interface","state":"up"}]' \
	srconf -n "$NFV" -j localsid show

check_ping "$PINGS pings src -> sink through vnf1" src fd00:2::1 "$PINGS"
check_udp_delivery
srext_json nfv
check_json "nfv: End.AD6 counted every packet to and from vnf1" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf]' "[$((PINGS + DGRAMS)),$((PINGS + DGRAMS))]"
run_cmd srconf -n "$EER" -j -s sid show fc00:e::d6
check_eq "eer: End.DX6 counters through srconf -s" "$((PINGS + DGRAMS)) 0" \
	"$(jq -r '.[0].stats | "\(.packets) \(.errors)"' <<<"$RUN_OUT" 2>&1)"

# ---- clear-stats / clear-counters ------------------------------------

check_cmd "localsid clear-counters fc00:2::f1" \
	srconf -n "$NFV" localsid clear-counters fc00:2::f1
srext_json nfv
check_json "counters zero after clear-counters" \
	'.[0].stats | [.packets_to_vnf, .bytes_to_vnf, .packets_from_vnf, .bytes_from_vnf, ([.drops[]] | add)]' \
	'[0,0,0,0,0]'
check_ping "3 more pings" src fd00:2::1 3
srext_json nfv
check_json "counting again after clear-counters" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf]' '[3,3]'
check_cmd "sid clear-stats (every SID)" srconf -n "$NFV" sid clear-stats
srext_json nfv
check_json "counters zero after sid clear-stats" '.[0].stats.packets_to_vnf' 0
check_err "clear-counters of a seg6local SID is refused" \
	'Error: SID "fc00:e::d6" is a seg6local route: the kernel cannot clear its counters.' \
	srconf -n "$EER" localsid clear-counters fc00:e::d6
check_err "clear-stats of an absent SID" 'Error: SID "fc00:2::99" not found.' \
	srconf -n "$NFV" sid clear-stats fc00:2::99

# ---- a "mac" next hop ------------------------------------------------

VNF_MAC=$(mac_of vnf1 to_nfv)
check_cmd "localsid del fc00:2::f1" srconf -n "$NFV" localsid del fc00:2::f1
check_ping "no SID, no delivery" src fd00:2::1 2 0
ip -n "$NFV" -6 neigh flush dev to_vnf1
ip -n "$NFV" -6 neigh add fd00:f1::2 lladdr 02:00:00:00:de:ad nud permanent dev to_vnf1
check_cmd "sid add End.AD6 mac $VNF_MAC (a wrong neighbour entry for nh6)" \
	srconf -n "$NFV" sid add fc00:2::f1 behavior End.AD6 mac "$VNF_MAC" \
	oif to_vnf1 iif to_vnf1
run_cmd srconf -n "$NFV" -j sid show
check_eq "mac shown in place of nh6" "fc00:2::f1 End.AD6 srext $VNF_MAC to_vnf1 none" \
	"$(jq -r '.[0] | "\(.sid) \(.behavior) \(.owner) \(.mac) \(.oif) \(.nh6 // "none")"' <<<"$RUN_OUT" 2>&1)"
check_ping "$PINGS pings through vnf1, sent to its MAC" src fd00:2::1 "$PINGS"
ip -n "$NFV" -6 neigh del fd00:f1::2 dev to_vnf1

# ---- one table: both owners in nfv ------------------------------------

cat >"$TMPD/sids.batch" <<'EOF'
# the kernel's behaviours, beside srext's End.AD6 fc00:2::f1

sid add fc00:2::1 behavior End
sid add fc00:2::2 behavior end.x nh6 fd00:23::2 oif to_eer
sid add fc00:2::3 behavior END.DX6 nh6 fd00:f1::2 oif to_vnf1   # a comment
sid add fc00:2::4 behavior End.DX4 nh4 '10.0.0.2' oif to_vnf1
sid add fc00:2::5 behavior End.DT6 table 254
EOF
check_cmd "batch of five seg6local SIDs" srconf -n "$NFV" -b "$TMPD/sids.batch"
run_cmd srconf -n "$NFV" -j sid show
check_eq "one table: srext first, then the routes, owners and keys" \
	'["fc00:2::f1 End.AD6 srext up to_vnf1","fc00:2::1 End seg6local up","fc00:2::2 End.X seg6local up fd00:23::2 to_eer","fc00:2::3 End.DX6 seg6local up fd00:f1::2 to_vnf1","fc00:2::4 End.DX4 seg6local up 10.0.0.2 to_vnf1","fc00:2::5 End.DT6 seg6local up 254"]' \
	"$(jq -c '[.[] | [.sid, .behavior, .owner, .state] + [(.nh6 // .nh4 // .table // empty) | tostring] + [.oif // empty] | join(" ")]' <<<"$RUN_OUT" 2>&1)"
run_cmd srconf -n "$NFV" sid show
check_eq "text: columns aligned (the behaviour column starts at the same offset)" 1 \
	"$(awk '{ print index($0, " behavior ") }' <<<"$RUN_OUT" | sort -u | wc -l)"
check_err "add of a SID that is a seg6local route" \
	'Error: SID "fc00:2::1" exists: it is a seg6local route.' \
	srconf -n "$NFV" sid add fc00:2::1 behavior End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1
check_err "add of a SID that is srext's" \
	'Error: SID "fc00:2::f1" exists: it is an srext SID.' \
	srconf -n "$NFV" sid add fc00:2::f1 behavior End
# The VNF's end of the veth down: to_vnf1 loses its carrier (an interface
# set down would lose its routes and IPv6 addresses instead).
ip -n "${NS[vnf1]}" link set to_nfv down
run_cmd srconf -n "$NFV" -j sid show
check_eq "state down when the link has no carrier (srext and seg6local)" \
	'[["fc00:2::f1","down"],["fc00:2::3","down"],["fc00:2::4","down"]]' \
	"$(jq -c '[.[] | select(.oif == "to_vnf1") | [.sid, .state]]' <<<"$RUN_OUT" 2>&1)"
ip -n "${NS[vnf1]}" link set to_nfv up
check_cmd "sid del of a seg6local SID" srconf -n "$NFV" sid del fc00:2::2
check_err "sid del of it again" 'Error: SID "fc00:2::2" not found.' \
	srconf -n "$NFV" sid del fc00:2::2
ip -n "$NFV" -6 route add fc00:2::7/128 encap seg6local action End dev lo
ip -n "$NFV" -6 route add fc00:2::8/128 encap seg6local action End dev lo table 100
ip -n "$NFV" -6 route add fc00:2::9/128 via fd00:f1::2 dev to_vnf1
check_err "sid del of a plain route is refused" 'Error: SID "fc00:2::9" not found.' \
	srconf -n "$NFV" sid del fc00:2::9
check_cmd "sid flush" srconf -n "$NFV" sid flush
check_out "flush: srext's SIDs and the main table's seg6local routes are gone" \
	'[]' srconf -n "$NFV" -j sid show
check_eq "flush left the seg6local route of table 100 and the plain route" "1 1" \
	"$(ip -n "$NFV" -6 route show table 100 | grep -c '^fc00:2::8 ') $(ip -n "$NFV" -6 route show fc00:2::9 | grep -c '^fc00:2::9 ')"
ip -n "$NFV" -6 route del fc00:2::8/128 table 100
ip -n "$NFV" -6 route del fc00:2::9/128

# ---- monitor ------------------------------------------------------------

bg_start mon-json nfv "$SRCONF" -j monitor
bg_start mon-text nfv "$SRCONF" monitor
# Both processes are listening once each has printed a probe route.
for ((i = 0; i < 100; i++)); do
	ip -n "$NFV" -6 route replace fc00:2::ffff/128 encap seg6local action End dev lo
	ip -n "$NFV" -6 route del fc00:2::ffff/128
	grep -q 'fc00:2::ffff' "$TMPD/mon-json.out" 2>/dev/null &&
		grep -q 'fc00:2::ffff' "$TMPD/mon-text.out" 2>/dev/null && break
	sleep 0.2
done
check_eq "monitor: both listening (a probe route seen)" yes \
	"$(grep -q 'fc00:2::ffff' "$TMPD/mon-json.out" && grep -q 'fc00:2::ffff' "$TMPD/mon-text.out" && echo yes)"
sleep 0.5
# Only the lines printed from here on count (the files stay open: no
# truncating them under the writers).
skip_json=$(wc -l <"$TMPD/mon-json.out")
skip_text=$(wc -l <"$TMPD/mon-text.out")
srconf -n "$NFV" localsid add fc00:2::f1 end.ad6 ip fd00:f1::2 to_vnf1 to_vnf1
srconf -n "$NFV" sid add fc00:2::1 behavior End
ip -n "$NFV" -6 route add fc00:2::7/128 encap seg6local action End.DT6 table 254 dev lo
ip -n "$NFV" -6 route add fd00:77::/64 via fd00:f1::2 dev to_vnf1
srconf -n "$NFV" sid del fc00:2::f1
srconf -n "$NFV" sid add fc00:2::f2 behavior end.ad6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1
srconf -n "$NFV" sid add fc00:2::f4 behavior end.ad4 nh4 10.0.241.2 oif to_vnf1 iif to_vnf1
srconf -n "$NFV" sid flush
ip -n "$NFV" -6 route del fd00:77::/64
wait_for_line "$TMPD/mon-json.out" '"del".*fc00:2::7' 20
wait_for_line "$TMPD/mon-text.out" '^del fc00:2::7 ' 20
bg_stop mon-json
bg_stop mon-text
# (a late line about the probe may still come: not part of the checks)
tail -n +$((skip_json + 1)) "$TMPD/mon-json.out" | grep -v 'fc00:2::ffff' >"$TMPD/mon.json"
tail -n +$((skip_text + 1)) "$TMPD/mon-text.out" | grep -v 'fc00:2::ffff' >"$TMPD/mon.text"
diag_file "monitor -j" "$TMPD/mon.json"
check_eq "monitor -j: one JSON object per line" 0 \
	"$(jq -c . "$TMPD/mon.json" >/dev/null 2>&1; echo $?)"
check_eq "monitor -j: srext events in order" '["add fc00:2::f1 End.AD6","del fc00:2::f1 End.AD6","add fc00:2::f2 End.AD6","add fc00:2::f4 End.AD4"]' \
	"$(jq -sc 'map(select(.owner == "srext") | "\(.event) \(.sid) \(.behavior)")' "$TMPD/mon.json" 2>&1)"
check_eq "monitor -j: the flush of the two srext SIDs is one event, after them" \
	'[{"event":"flush"}] after add fc00:2::f4' \
	"$(jq -sc 'map(select(.owner == null))' "$TMPD/mon.json" 2>&1) after $(grep -B1 '^{"event":"flush"}$' "$TMPD/mon.json" | head -n 1 | jq -r '"\(.event) \(.sid)"' 2>&1)"
check_eq "monitor -j: seg6local events in order, plain routes not shown" \
	'["add fc00:2::1 End","add fc00:2::7 End.DT6","del fc00:2::1 End","del fc00:2::7 End.DT6"]' \
	"$(jq -sc 'map(select(.owner == "seg6local") | "\(.event) \(.sid) \(.behavior)")' "$TMPD/mon.json" 2>&1)"
check_eq "monitor text: the same events, event word first" \
	"add fc00:2::1 behavior End owner seg6local state up|add fc00:2::7 behavior End.DT6 owner seg6local table 254 state up|add fc00:2::f1 behavior End.AD6 owner srext nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 state up|add fc00:2::f2 behavior End.AD6 owner srext nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 state up|add fc00:2::f4 behavior End.AD4 owner srext nh4 10.0.241.2 oif to_vnf1 iif to_vnf1 state up|del fc00:2::1 behavior End owner seg6local state up|del fc00:2::7 behavior End.DT6 owner seg6local table 254 state up|del fc00:2::f1 behavior End.AD6 owner srext nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 state up|flush" \
	"$(sort "$TMPD/mon.text" | paste -sd'|')"

# ---- batch errors, -f, stdin -------------------------------------------

cat >"$TMPD/bad.batch" <<'EOF'
sid add fc00:2::1 behavior End
# line 2
sid add fc00:2::2 behavior End

sid add fc00:2::3 behavior End.AD6 nh fd00:f1::2
sid add fc00:2::6 behavior End
EOF
check_err "batch: an error on line 5 names FILE:5, exit 1" \
	"Error: $TMPD/bad.batch:5: unknown keyword \"nh\" for End.AD6." \
	srconf -n "$NFV" -b "$TMPD/bad.batch"
run_cmd srconf -n "$NFV" -j sid show
check_eq "batch: lines 1-4 applied, line 6 not run" "fc00:2::1,fc00:2::2" \
	"$(jq -r 'map(.sid) | join(",")' <<<"$RUN_OUT" 2>&1)"
srconf -n "$NFV" sid flush
check_err "batch -f: the error is still reported" \
	"Error: $TMPD/bad.batch:5: unknown keyword \"nh\" for End.AD6." \
	srconf -n "$NFV" -f -b "$TMPD/bad.batch"
run_cmd srconf -n "$NFV" -j sid show
check_eq "batch -f: line 6 ran after the failure" "fc00:2::1,fc00:2::2,fc00:2::6" \
	"$(jq -r 'map(.sid) | join(",")' <<<"$RUN_OUT" 2>&1)"
printf 'sid flush\nsid add fc00:2::1 behavior End\nsid add fc00:2::1 behavior End\n' >"$TMPD/stdin.batch"
run_cmd srconf -n "$NFV" -b - <"$TMPD/stdin.batch"
check_eq "batch from stdin: a kernel error on line 3 is named -:3" \
	'Error: -:3: SID "fc00:2::1" exists: it is a seg6local route. (exit 1)' \
	"$RUN_ERR (exit $RUN_RC)"

# ---- -n -----------------------------------------------------------------

check_out "-n NAME and ip netns exec see the same table" \
	"$(nsx nfv "$SRCONF" -j sid show)" srconf -n "$NFV" -j sid show
check_err "-n of a missing namespace" \
	"Error: cannot open network namespace \"srx-none-$SUFFIX\": No such file or directory." \
	srconf -n "srx-none-$SUFFIX" sid show
check_out "the test's own namespace has none of nfv's SIDs" '[]' srconf -j sid show
check_cmd "localsid flush" srconf -n "$NFV" localsid flush
check_cmd "localsid flush (eer)" srconf -n "$EER" localsid flush
run_cmd ip -n "$EER" -6 route show
check_eq "no seg6local route left at eer" 0 "$(grep -c seg6local <<<"$RUN_OUT")"
check_kernel_log "no kernel warning" srconf_cli

ktap_finish
