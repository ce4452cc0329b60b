#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration churn under traffic: thousands of SID add/del/flush/
# clear-stats operations (srconf -b batches) and ingress chain changes (ip
# -batch route replace, two segment lists taking turns, which changes what
# the End.AD caches hold) while multi-flow traffic runs through one SID of
# each proxy behaviour; then a steady phase whose counters must add up
# exactly.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#   10.0.1.1     fd00:12::1   fd00:23::1   fd00:2::2    fd00:2::11, ::12,
#                             10.0.12.2    10.0.2.2     ::14, ::15
#                              | | | | |                10.0.2.1
#              to_vnf1 .. to_vnf5 (fd00:fN::1; to_vnf3 also 10.0.243.1)
#             +------+------+------+------+------+
#             | vnf1 | vnf2 | vnf3 | vnf4 | vnf5 |  plain routers, no SRv6
#             +------+------+------+------+------+  (fd00:fN::2; vnf3 also
#                                                     10.0.243.2)
#
#   SID         node  behaviour (final configuration)       traffic to
#   fc00:2::f1  nfv   End.AD6 nh6 fd00:f1::2 to_vnf1        fd00:2::11
#   fc00:2::f2  nfv   End.AD6 nh6 fd00:f2::2 to_vnf2        fd00:2::12
#                     cache flow max 64 timeout 600
#   fc00:2::4   nfv   End.AD4 nh4 10.0.243.2 to_vnf3        10.0.2.1
#   fc00:2::a6  nfv   End.AS6 nh6 fd00:f4::2 to_vnf4        fd00:2::14
#                     src fd00:23::1 segs fc00:e::d6
#   fc00:2::a1  nfv   End.AM nh6 fd00:f5::2 to_vnf5         fd00:2::15
#   (oif and iif are the same interface for every SID)
#   fc00:e::e   eer   seg6local End           (chain B only)
#   fc00:e::d6  eer   seg6local End.DX6 nh6 fd00:2::1
#   fc00:e::d4  eer   seg6local End.DX4 nh4 10.0.2.1
#
#   ier chains (tunsrc fd00:12::1), A and B taking turns during the churn:
#   fd00:2::11/128  encap  A fc00:2::f1,fc00:e::d6  B fc00:2::f1,fc00:e::e,fc00:e::d6
#   fd00:2::12/128  encap  A fc00:2::f2,fc00:e::d6  B fc00:2::f2,fc00:e::e,fc00:e::d6
#   10.0.2.0/24     encap  A fc00:2::4,fc00:e::d4   B fc00:2::4,fc00:e::e,fc00:e::d4
#   fd00:2::14/128  encap  A fc00:2::a6,fc00:e::d6  B fc00:2::a6,fc00:e::e,fc00:e::d6
#   fd00:2::15/128  inline A fc00:2::a1             B fc00:2::a1,fc00:e::e
#   sink has seg6_enabled (End.AM's packets reach it with SL 0).
#
# Phases:
# 1. Churn: $CHURN_OPS operations (SID operations and route changes
#    together) in $CHURN_ROUNDS rounds, while a UDP sender (24 flows over
#    the five SIDs, one socket each, a datagram per flow every 0.1 s) and
#    two pings (fd00:2::12 and 10.0.2.1, every 0.1 s) run, started and
#    stopped by PID.  Each round runs one srconf -b batch on nfv (cycles
#    of 22 operations: per SID del, add with another cache or segment
#    list, clear-stats; then clear-stats of all, flush, the five SIDs
#    added again) while one ip -batch on ier switches the five routes
#    between A and B (4 of every 5 operations are SID ones).  Every fourth
#    round leaves the End.AD SIDs with "cache flow max 2|4 timeout 1" for
#    $GC_PAUSE s of traffic, so that their sweep runs and the next delete
#    cancels it.  Asserts: every line of every batch succeeded; the sink
#    got datagrams through each SID during the churn (nfv has no route to
#    the SIDs: only the SID takes a packet to its VNF); none damaged; the
#    kernel log is clean.
# 2. The SIDs work again (traffic stopped, one more flush and add):
#    srconf -j shows exactly the five SIDs as configured, all up; 5 pings
#    through each SID are answered, each SID counts exactly its 5 echo
#    requests both ways; sid clear-stats zeroes every counter of every
#    SID.  Then the module parameter max_flows is set to $MAX_FLOWS, the
#    number of flows phase 3 caches: a namespace flow count the churn left
#    too high would leave one of them uncached (no_cache).
# 3. Exact accounting: hand-made SRv6 packets from ier on chain A (per
#    SID two that pass and one per fault: SL 0, hop limit 1, no SRH,
#    inner packet of the wrong family), then the chains switched to B and
#    $EXACT_ROUNDS datagrams for each of 14 flows from src.  For each SID:
#    packets sent = packets_to_vnf + drops; the drops exactly by reason;
#    packets_from_vnf = packets_to_vnf (the VNFs forward everything); the
#    sink got exactly packets_from_vnf datagrams of that SID, distinct and
#    undamaged; [cache_updates, evictions, cache_limited] is [1,0,0] for
#    the interface caches (chain B), [6,0,0] for the flow cache (6 new
#    flows: chains do not matter) and [0,0,0] for End.AS6 and End.AM.
# 4. The kernel log of the whole test is clean.
#
# Time on TCG with the default 10000 operations (measured, the host busy
# with other VMs): 6.12 80-100 s, 6.1 105-145 s of VM time per run, of
# which the churn is 35-60 s; CHURN_OPS (and CHURN_ROUNDS) scale it.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

CHURN_OPS=${CHURN_OPS:-10000}	# SID operations + route changes in the churn
CHURN_ROUNDS=${CHURN_ROUNDS:-20}
CYCLE_OPS=22			# SID operations of one cycle (see cycle)
CHURN_INTERVAL=0.1		# the churn sender: a datagram per flow every 0.1 s
GC_PAUSE=1.5			# traffic through the timeout-1 flow caches
EXACT_ROUNDS=25			# datagrams per flow in the steady phase
MAX_FLOWS=7			# flows cached in the steady phase (fc00:2::f2)
PARAM_FLOWS=/sys/module/srext/parameters/max_flows

SIDS=(fc00:2::f1 fc00:2::f2 fc00:2::4 fc00:2::a6 fc00:2::a1)
declare -A BASE=(
	[fc00:2::f1]="behavior end.ad6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1"
	[fc00:2::f2]="behavior end.ad6 nh6 fd00:f2::2 oif to_vnf2 iif to_vnf2"
	[fc00:2::4]="behavior end.ad4 nh4 10.0.243.2 oif to_vnf3 iif to_vnf3"
	[fc00:2::a6]="behavior end.as6 nh6 fd00:f4::2 oif to_vnf4 iif to_vnf4 src fd00:23::1"
	[fc00:2::a1]="behavior end.am nh6 fd00:f5::2 oif to_vnf5 iif to_vnf5"
)
# The final configuration, and what the churn's cycles take in turns (used
# by name: add_lines, cycle).
# shellcheck disable=SC2034
declare -A FINAL=(
	[fc00:2::f1]="" [fc00:2::f2]="cache flow max 64 timeout 600"
	[fc00:2::4]="" [fc00:2::a6]="segs fc00:e::d6" [fc00:2::a1]=""
)
# shellcheck disable=SC2034
declare -A ALT1=(
	[fc00:2::f1]="cache flow max 4 timeout 1" [fc00:2::f2]="cache flow max 2 timeout 1"
	[fc00:2::4]="cache flow max 4 timeout 1" [fc00:2::a6]="segs fc00:e::e,fc00:e::d6"
	[fc00:2::a1]=""
)
# shellcheck disable=SC2034
declare -A ALT2=(
	[fc00:2::f1]="cache interface" [fc00:2::f2]="cache flow"
	[fc00:2::4]="cache interface" [fc00:2::a6]="segs fc00:e::d6" [fc00:2::a1]=""
)

# Ports: the churn's flows 6101-6504, the steady phase's 5100-5504 (one
# receiver each); the second digit is the SID's.
CHURN_FLOWS=()
for p in 6101 6102 6103 6104; do CHURN_FLOWS+=("fd00:2::11/$p"); done
for p in 6201 6202 6203 6204 6205 6206 6207 6208; do CHURN_FLOWS+=("fd00:2::12/$p"); done
for p in 6301 6302 6303 6304; do CHURN_FLOWS+=("10.0.2.1/$p"); done
for p in 6401 6402 6403 6404; do CHURN_FLOWS+=("fd00:2::14/$p"); done
for p in 6501 6502 6503 6504; do CHURN_FLOWS+=("fd00:2::15/$p"); done
EXACT_FLOWS=(fd00:2::11/5101 fd00:2::11/5102 fd00:2::11/5103 fd00:2::11/5104
	fd00:2::12/5201 fd00:2::12/5202 fd00:2::12/5203 fd00:2::12/5204
	10.0.2.1/5301 10.0.2.1/5302 fd00:2::14/5401 fd00:2::14/5402
	fd00:2::15/5501 fd00:2::15/5502)

ktap_header
require_root
srext_require
require_cmd ip jq "$PYTHON" ping dmesg
ktap_plan 38

# flows_py INTERVAL ROUNDS DST/PORT...: one UDP socket per flow (so each
# keeps its 5-tuple), a datagram to each in turn, then INTERVAL seconds of
# sleep; ROUNDS rounds, or until SIGTERM with 0.  Datagrams as pkt.py
# udp-recv checks them (64 bytes).  Prints {"sent": {PORT: N}, "errors": E}.
FLOWS_PY='
import json, signal, socket, sys, time
interval, rounds = float(sys.argv[1]), int(sys.argv[2])
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
flows, sent, seq, errors = [], {}, {}, 0
for spec in sys.argv[3:]:
    dst, port = spec.split("/")
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    flows.append((socket.socket(fam, socket.SOCK_DGRAM), dst, int(port)))
    sent[port], seq[port] = 0, 0
n = 0
while not stop and (rounds == 0 or n < rounds):
    n += 1
    for s, dst, port in flows:
        seq[str(port)] += 1
        msg = ("srext %d %06d " % (port, seq[str(port)])).encode().ljust(64, b".")
        try:
            s.sendto(msg, (dst, port))
            sent[str(port)] += 1
        except OSError:
            errors += 1
    if interval and not stop:
        time.sleep(interval)
print(json.dumps({"sent": sent, "errors": errors}, sort_keys=True), flush=True)
'

# ports FLOW...: the ports of DST/PORT flows, comma separated.
ports() {
	local f out=()
	for f in "$@"; do
		out+=("${f#*/}")
	done
	(IFS=,; echo "${out[*]}")
}

# route_line N A|B: the ip -batch line setting ier's chain for route N.
route_line() {
	local e=
	[ "$2" = B ] && e=fc00:e::e,
	case $1 in
	0) echo "route replace fd00:2::11/128 encap seg6 mode encap segs fc00:2::f1,${e}fc00:e::d6 via fd00:12::2 dev to_nfv" ;;
	1) echo "route replace fd00:2::12/128 encap seg6 mode encap segs fc00:2::f2,${e}fc00:e::d6 via fd00:12::2 dev to_nfv" ;;
	2) echo "route replace 10.0.2.0/24 encap seg6 mode encap segs fc00:2::4,${e}fc00:e::d4 dev to_nfv" ;;
	3) echo "route replace fd00:2::14/128 encap seg6 mode encap segs fc00:2::a6,${e}fc00:e::d6 via fd00:12::2 dev to_nfv" ;;
	4) echo "route replace fd00:2::15/128 encap seg6 mode inline segs fc00:2::a1${e:+,fc00:e::e} via fd00:12::2 dev to_nfv" ;;
	esac
}

# chains A|B: every route of ier on chain A or B.
chains() {
	local i
	for ((i = 0; i < 5; i++)); do
		route_line "$i" "$1"
	done >"$TMPD/chains-$1"
	ip -n "${NS[ier]}" -batch "$TMPD/chains-$1"
}

# add_lines VARIANT: "sid add" of the five SIDs with VARIANT (FINAL, ALT1,
# ALT2: the name of the array).
add_lines() {
	local -n var=$1
	local s
	for s in "${SIDS[@]}"; do
		echo "sid add $s ${BASE[$s]} ${var[$s]}"
	done
}

# cycle K [END]: the 22 SID operations of cycle K; the five SIDs are left
# as END (FINAL, or ALT1) has them.
cycle() {
	local k=$1 end=${2:-FINAL} s variant
	case $((k % 3)) in
	0) variant=ALT1 ;;
	1) variant=ALT2 ;;
	*) variant=FINAL ;;
	esac
	local -n v=$variant
	for s in "${SIDS[@]}"; do
		echo "sid del $s"
		echo "sid add $s ${BASE[$s]} ${v[$s]}"
		echo "sid clear-stats $s"
	done
	echo "sid clear-stats"
	echo "sid flush"
	add_lines "$end"
}

# rx_load JSON: RXP, RXU, RXB[PORT] := packets, unique and bad of each port
# of a pkt.py udp-recv result (one jq for all of them).
declare -A RXP=() RXU=() RXB=()
rx_load() {
	local port p u b
	RXP=() RXU=() RXB=()
	while read -r port p u b; do
		RXP[$port]=$p RXU[$port]=$u RXB[$port]=$b
	done < <(jq -r 'to_entries[] | "\(.key) \(.value.packets) \(.value.unique) \(.value.bad)"' \
		<<<"${1:-{\}}" 2>/dev/null)
}

# rx_sum PORT...: "PACKETS UNIQUE BAD" summed over PORTs (see rx_load).
rx_sum() {
	local port p=0 u=0 b=0
	for port in "$@"; do
		p=$((p + ${RXP[$port]:-0})) u=$((u + ${RXU[$port]:-0})) b=$((b + ${RXB[$port]:-0}))
	done
	echo "$p $u $b"
}

# stats_load: TO, FROM, DROPS, REASONS, CACHE[SID] := packets_to_vnf,
# packets_from_vnf, the sum of the drops, "reason=N,..." of the non-zero
# ones (sorted) and [cache_updates,evictions,cache_limited], from
# $SREXT_JSON (see srext_json; one jq for all of them).
declare -A TO=() FROM=() DROPS=() REASONS=() CACHE=()
stats_load() {
	local sid to from drops reasons cache
	TO=() FROM=() DROPS=() REASONS=() CACHE=()
	while IFS='|' read -r sid to from drops reasons cache; do
		TO[$sid]=$to FROM[$sid]=$from DROPS[$sid]=$drops
		REASONS[$sid]=$reasons CACHE[$sid]=$cache
	done < <(jq -r '.[] | .sid as $s | .stats | [$s, .packets_to_vnf, .packets_from_vnf,
		([.drops[]] | add),
		([.drops | to_entries[] | select(.value != 0) | "\(.key)=\(.value)"] | sort | join(",")),
		([.cache_updates, .evictions, .cache_limited] | tojson)] | map(tostring) | join("|")' \
		<<<"$SREXT_JSON" 2>/dev/null)
}

T0=$EPOCHREALTIME
# elapsed WHAT: a diagnostic with the guest seconds since the start.
elapsed() {
	diag "$(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')s: $*"
}

srext_load
old_flows=$(cat "$PARAM_FLOWS") || ktap_bail "cannot read $PARAM_FLOWS"
restore_flows() { echo "$old_flows" >"$PARAM_FLOWS"; }
CLEANUP_HOOKS+=(restore_flows)
kernel_log_mark "churn begin $SUFFIX"

setup_testbed none 5 || ktap_bail "cannot build the testbed"
if ! { testbed_ipv4 && vnf_ipv4 3; }; then
	ktap_bail "cannot add IPv4 to the testbed"
fi
for a in 11 12 14 15; do
	addr_add sink to_eer "fd00:2::$a/64" || ktap_bail "cannot add fd00:2::$a"
done
if ! { nsx sink sysctl -qw net.ipv6.conf.all.seg6_enabled=1 \
		net.ipv6.conf.to_eer.seg6_enabled=1 &&
	ip -n "${NS[eer]}" -6 route add fc00:e::e/128 encap seg6local \
		action End dev to_nfv &&
	ip -n "${NS[ier]}" -6 route del fd00:2::/64 && chains A; }; then
	ktap_bail "cannot set up the chains"
fi
add_lines FINAL >"$TMPD/final.batch"
check_cmd "the five SIDs added (srconf -b)" srconf -n "${NS[nfv]}" -b "$TMPD/final.batch" ||
	ktap_bail "cannot add the SIDs"

elapsed "testbed and SIDs ready"

# ------------------------------------------------------- 1. the churn ----

per_round=$((CHURN_OPS / CHURN_ROUNDS))
cycles=$((per_round * 4 / 5 / CYCLE_OPS))
route_ops=$((per_round - cycles * CYCLE_OPS))
sid_total=$((CHURN_ROUNDS * cycles * CYCLE_OPS))
route_total=$((CHURN_ROUNDS * route_ops))
diag "churn: $CHURN_ROUNDS rounds of $cycles cycles ($((cycles * CYCLE_OPS)) SID operations) and $route_ops route changes: $sid_total + $route_total = $((sid_total + route_total)) operations"
# The batch files, from the texts of the six kinds of cycle and the ten
# route lines (bash is slow on TCG: no function call per line).
declare -A CYC=() RL=()
for k in 0 1 2; do
	for end in FINAL ALT1; do
		CYC[$k$end]=$(cycle "$k" "$end")
	done
done
for i in 0 1 2 3 4; do
	RL[${i}A]=$(route_line "$i" A) RL[${i}B]=$(route_line "$i" B)
done
for ((r = 0; r < CHURN_ROUNDS; r++)); do
	for ((c = 0; c < cycles; c++)); do
		end=FINAL
		((r % 4 == 3 && c == cycles - 1)) && end=ALT1
		echo "${CYC[$(((r * cycles + c) % 3))$end]}"
	done >"$TMPD/sids-$r.batch"
	for ((j = 0; j < route_ops; j++)); do
		ab=A
		(((j / 5 + r) % 2 == 0)) && ab=B
		echo "${RL[$((j % 5))$ab]}"
	done >"$TMPD/routes-$r.batch"
done
elapsed "batch files written"

bg_start rx-churn sink "$PYTHON" "$PKT_PY" udp-recv --ports "$(ports "${CHURN_FLOWS[@]}")" \
	--size 64 --timeout 600
wait_for_line "$TMPD/rx-churn.out" '^ready$' 30 || ktap_bail "the UDP receiver did not start"
bg_start tx-churn src "$PYTHON" -c "$FLOWS_PY" "$CHURN_INTERVAL" 0 "${CHURN_FLOWS[@]}"
bg_start ping6 src ping -q -n -i 0.1 fd00:2::12
bg_start ping4 src ping -q -n -i 0.1 10.0.2.1
sleep 1
elapsed "churn traffic started"
kernel_log_mark "churn ops $SUFFIX"

t0=$EPOCHREALTIME
sid_bad=0 route_bad=0 sid_secs=0
for ((r = 0; r < CHURN_ROUNDS; r++)); do
	bg_start "routes-$r" ier ip -batch "$TMPD/routes-$r.batch"
	t1=$EPOCHREALTIME
	if ! srconf -n "${NS[nfv]}" -b "$TMPD/sids-$r.batch" >"$TMPD/sids-$r.out" 2>&1; then
		((sid_bad++ == 0)) && diag_file "round $r srconf -b" "$TMPD/sids-$r.out"
	fi
	sid_secs=$(awk -v s="$sid_secs" -v a="$t1" -v b="$EPOCHREALTIME" 'BEGIN { print s + b - a }')
	if ! bg_wait "routes-$r" 120; then
		((route_bad++ == 0)) && diag_file "round $r ip -batch" "$TMPD/routes-$r.err"
	fi
	# After every fourth round the flow caches have timeout 1: their
	# sweep runs under traffic, and the next round's first del cancels it.
	((r % 4 == 3)) && sleep "$GC_PAUSE"
done
diag "$(awk -v a="$t0" -v b="$EPOCHREALTIME" -v s="$sid_secs" -v n=$((sid_total + route_total)) \
	'BEGIN { printf "churn: %d operations in %.1fs of the guest clock (%.0f/s), the srconf batches %.1fs of it", n, b - a, n / (b - a), s }')"
elapsed "churn done"
check_eq "churn: $CHURN_ROUNDS srconf -b batches of $((cycles * CYCLE_OPS)) SID operations each, every line succeeded" \
	"0 failed" "$sid_bad failed"
check_eq "churn: $CHURN_ROUNDS ip -batch batches of $route_ops chain changes each on ier, every line succeeded" \
	"0 failed" "$route_bad failed"

bg_stop ping6
bg_stop ping4
bg_stop tx-churn
TX_CHURN=$(tail -n 1 "$TMPD/tx-churn.out")
sleep 1
bg_stop rx-churn
RX_CHURN=$(tail -n 1 "$TMPD/rx-churn.out")
diag "churn traffic sent $TX_CHURN"
diag "churn traffic received $(jq -c 'map_values(del(.seqs))' <<<"${RX_CHURN:-{\}}" 2>&1)"
rx_load "$RX_CHURN"
got=
for m in 1 2 3 4 5; do
	read -r n _ _ <<<"$(rx_sum 6${m}01 6${m}02 6${m}03 6${m}04 6${m}05 6${m}06 6${m}07 6${m}08)"
	if [ "$n" -gt 0 ]; then got+="${got:+ }yes"; else got+="${got:+ }no($n)"; fi
done
check_eq "churn: the sink got datagrams through each of the five SIDs during the churn" \
	"yes yes yes yes yes" "$got"
check_eq "churn: no datagram damaged" 0 \
	"$(jq -r '[.[].bad] | add // "none"' <<<"${RX_CHURN:-{\}}" 2>&1)"
check_kernel_log "churn: kernel log clean (no WARNING, BUG, splat)" "churn ops $SUFFIX"

elapsed "churn traffic stopped"

# ------------------------------------------- 2. the SIDs work again ----

{
	echo "sid flush"
	add_lines FINAL
} >"$TMPD/again.batch"
check_cmd "after the churn: flush and the five SIDs added again (srconf -b)" \
	srconf -n "${NS[nfv]}" -b "$TMPD/again.batch"
check_eq "srconf -j sid show: exactly the five SIDs, configured as added, all up" \
	'[{"behavior":"End.AD4","cache":"interface","iif":"to_vnf3","nh4":"10.0.243.2","oif":"to_vnf3","owner":"srext","sid":"fc00:2::4","state":"up"},{"behavior":"End.AM","iif":"to_vnf5","nh6":"fd00:f5::2","oif":"to_vnf5","owner":"srext","sid":"fc00:2::a1","state":"up"},{"behavior":"End.AS6","iif":"to_vnf4","nh6":"fd00:f4::2","oif":"to_vnf4","owner":"srext","segs":["fc00:e::d6"],"sid":"fc00:2::a6","src":"fd00:23::1","state":"up"},{"behavior":"End.AD6","cache":"interface","iif":"to_vnf1","nh6":"fd00:f1::2","oif":"to_vnf1","owner":"srext","sid":"fc00:2::f1","state":"up"},{"behavior":"End.AD6","cache":{"flow":{"max":64,"timeout":600}},"iif":"to_vnf2","nh6":"fd00:f2::2","oif":"to_vnf2","owner":"srext","sid":"fc00:2::f2","state":"up"}]' \
	"$(srconf -n "${NS[nfv]}" -j sid show 2>&1 | jq -S -c 'sort_by(.sid)' 2>&1)"
chains A || ktap_bail "cannot set chain A"
# The five at once (each mostly waits for its replies).
PING_DSTS=(fd00:2::11 fd00:2::12 10.0.2.1 fd00:2::14 fd00:2::15)
for i in 0 1 2 3 4; do
	bg_start "ping-$i" src ping -n -c 5 -i 0.1 -W 5 "${PING_DSTS[i]}"
done
got=
for i in 0 1 2 3 4; do
	bg_wait "ping-$i" 30
	n=$(sed -n 's/.* packets transmitted, \([0-9]*\) \(packets \)\{0,1\}received.*/\1/p' \
		"$TMPD/ping-$i.out")
	got+="${got:+ }${n:-0}"
	[ "${n:-0}" = 5 ] || diag_file "ping ${PING_DSTS[i]}" "$TMPD/ping-$i.out"
done
check_eq "5 pings through each SID (fd00:2::11 ::12 10.0.2.1 ::14 ::15) answered" \
	"5 5 5 5 5" "$got"
elapsed "pings done"
srext_json nfv
check_eq "each SID counted exactly its 5 echo requests, to and from the VNF" \
	'[[5,5],[5,5],[5,5],[5,5],[5,5]]' \
	"$(jq -c 'sort_by(.sid) | map(.stats | [.packets_to_vnf, .packets_from_vnf])' <<<"$SREXT_JSON" 2>&1)"
run_cmd srconf -n "${NS[nfv]}" sid clear-stats
srext_json nfv
check_eq "sid clear-stats: every counter of every SID is 0" "0 [0,0,0,0,0]" \
	"$RUN_RC $(jq -c 'sort_by(.sid) | map([.stats | .. | numbers] | add)' <<<"$SREXT_JSON" 2>&1)"

elapsed "stats cleared"

# ------------------------------------------------ 3. steady phase ----

echo "$MAX_FLOWS" >"$PARAM_FLOWS" || ktap_bail "cannot set max_flows"
# Receiver: every steady-phase port, the hand-made packets' ports too.
hand_valid=10	# hand-made packets that reach a VNF (2 per SID)
real=$((${#EXACT_FLOWS[@]} * EXACT_ROUNDS))
bg_start rx sink "$PYTHON" "$PKT_PY" udp-recv \
	--ports "5100,5205,5206,5300,5400,5500,$(ports "${EXACT_FLOWS[@]}")" \
	--count $((real + hand_valid)) --size 64 --linger 1 --timeout 90
wait_for_line "$TMPD/rx.out" '^ready$' 30 || ktap_bail "the UDP receiver did not start"

# Hand-made packets, chain A (as ier's encapsulation builds it: source
# fd00:12::1), from ier's to_nfv.  Per SID: two that pass, one per fault.
h1='"segs":["fc00:e::d6","fc00:2::f1"],"inner_dst":"fd00:2::11"'
h2='"segs":["fc00:e::d6","fc00:2::f2"],"inner_dst":"fd00:2::12"'
h4='"segs":["fc00:e::d4","fc00:2::4"],"inner":"ipv4"'
hs='"segs":["fc00:e::d6","fc00:2::a6"],"inner_dst":"fd00:2::14"'
hm='"src":"fd00:1::1","inner":"udp","segs":["fd00:2::15","fc00:2::a1"]'
srv6_send ier to_nfv nfv to_ier --gap 0.05 \
	"{\"seq\":1,\"dport\":5100,$h1}" "{\"seq\":2,\"dport\":5100,$h1}" \
	"{\"seq\":3,\"dport\":5100,$h1,\"sl\":0,\"dst\":\"fc00:2::f1\"}" \
	"{\"seq\":4,\"dport\":5100,$h1,\"hlim\":1}" \
	"{\"seq\":5,\"dport\":5100,$h1,\"srh\":false,\"dst\":\"fc00:2::f1\"}" \
	"{\"seq\":6,\"dport\":5100,\"segs\":[\"fc00:e::d6\",\"fc00:2::f1\"],\"inner\":\"ipv4\"}" \
	"{\"seq\":1,\"dport\":5205,$h2}" "{\"seq\":1,\"dport\":5206,$h2}" \
	"{\"seq\":3,\"dport\":5205,$h2,\"sl\":0,\"dst\":\"fc00:2::f2\"}" \
	"{\"seq\":4,\"dport\":5205,$h2,\"hlim\":1}" \
	"{\"seq\":5,\"dport\":5205,\"segs\":[\"fc00:e::d6\",\"fc00:2::f2\"],\"inner\":\"ipv4\"}" \
	"{\"seq\":1,\"dport\":5300,$h4}" "{\"seq\":2,\"dport\":5300,$h4}" \
	"{\"seq\":3,\"dport\":5300,$h4,\"sl\":0,\"dst\":\"fc00:2::4\"}" \
	"{\"seq\":4,\"dport\":5300,\"segs\":[\"fc00:e::d4\",\"fc00:2::4\"]}" \
	"{\"seq\":1,\"dport\":5400,$hs}" "{\"seq\":2,\"dport\":5400,$hs}" \
	"{\"seq\":3,\"dport\":5400,$hs,\"sl\":0,\"dst\":\"fc00:2::a6\"}" \
	"{\"seq\":4,\"dport\":5400,$hs,\"hlim\":1}" \
	"{\"seq\":1,\"dport\":5500,$hm}" "{\"seq\":2,\"dport\":5500,$hm}" \
	"{\"seq\":3,\"dport\":5500,$hm,\"sl\":0,\"dst\":\"fc00:2::a1\"}" \
	"{\"seq\":4,\"dport\":5500,$hm,\"srh\":false,\"dst\":\"fc00:2::a1\"}" ||
	ktap_bail "cannot send the hand-made packets"
elapsed "hand-made packets sent"
sleep 0.5
chains B || ktap_bail "cannot set chain B"
TX=$(nsx src "$PYTHON" -c "$FLOWS_PY" 0.02 "$EXACT_ROUNDS" "${EXACT_FLOWS[@]}" 2>"$TMPD/tx.err")
bg_wait rx 95
RX=$(tail -n 1 "$TMPD/rx.out")
sleep 0.5
diag "steady phase sent $TX"
diag "steady phase received $(jq -c 'map_values(del(.seqs))' <<<"${RX:-{\}}" 2>&1)"
check_eq "steady phase: $EXACT_ROUNDS datagrams sent to each of the ${#EXACT_FLOWS[@]} flows, no send error" \
	"$real 0" "$(jq -r '"\([.sent[]] | add) \(.errors)"' <<<"${TX:-{\}}" 2>&1)" ||
	diag_file "sender" "$TMPD/tx.err"
elapsed "steady traffic done"
srext_json nfv
diag "$(jq -c 'sort_by(.sid) | map({sid} + .stats)' <<<"$SREXT_JSON" 2>&1)"

# account SID NAME REAL HAND_OK DROPS CACHE PORT...: the five checks of one
# SID.  REAL datagrams from src and HAND_OK valid hand-made packets must
# reach its VNF; DROPS is "reason=N,..." (sorted) of the faulty ones;
# CACHE is [cache_updates,evictions,cache_limited]; PORTs are the SID's
# at the sink (see stats_load, rx_load).
account() {
	local sid=$1 name=$2 real=$3 ok=$4 drops=$5 cache=$6 ndrops=0 sent d
	shift 6
	for d in ${drops//,/ }; do
		ndrops=$((ndrops + ${d#*=}))
	done
	sent=$((real + ok + ndrops))
	check_eq "$name $sid: packets sent ($sent) = packets_to_vnf + drops" "$sent" \
		"$((${TO[$sid]:-0} + ${DROPS[$sid]:-0}))"
	check_eq "$name $sid: drops by reason $drops" "$drops" "${REASONS[$sid]:-none}"
	check_eq "$name $sid: packets_to_vnf = packets_from_vnf = $((real + ok))" \
		"$((real + ok)) $((real + ok))" "${TO[$sid]:-none} ${FROM[$sid]:-none}"
	check_eq "$name $sid: the sink got packets_from_vnf datagrams, distinct, undamaged" \
		"${FROM[$sid]:-none} ${FROM[$sid]:-none} 0" "$(rx_sum "$@")"
	check_eq "$name $sid: [cache_updates, evictions, cache_limited] = $cache" "$cache" \
		"${CACHE[$sid]:-none}"
}

stats_load
rx_load "$RX"
R=$EXACT_ROUNDS
account fc00:2::f1 End.AD6 $((4 * R)) 2 "bad_inner=1,hop_limit=1,no_srh=1,sl_zero=1" \
	"[1,0,0]" 5100 5101 5102 5103 5104
account fc00:2::f2 "End.AD6 cache flow" $((4 * R)) 2 "bad_inner=1,hop_limit=1,sl_zero=1" \
	"[6,0,0]" 5205 5206 5201 5202 5203 5204
account fc00:2::4 End.AD4 $((2 * R)) 2 "bad_inner=1,sl_zero=1" \
	"[1,0,0]" 5300 5301 5302
account fc00:2::a6 End.AS6 $((2 * R)) 2 "hop_limit=1,sl_zero=1" \
	"[0,0,0]" 5400 5401 5402
account fc00:2::a1 End.AM $((2 * R)) 2 "no_srh=1,sl_zero=1" \
	"[0,0,0]" 5500 5501 5502
elapsed "accounting checked"
restore_flows

# ------------------------------------------------------------ end ----

sleep 1
check_kernel_log "kernel log of the whole test clean" "churn begin $SUFFIX"

ktap_finish
