#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hop limits through End.AD6: the outer hop limit leaving the node is the
# returning packet's own (as the kernel's SRv6 encapsulation takes it), so
# one probe with a low hop limit changes nothing for the other flows; and
# chain changes at the ingress ER picked up by the dynamic proxy at the
# next packet.
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
#   fc00:e::e     eer   seg6local End (chain B only)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap, outer source (tunsrc):
#     chain A  segs fc00:2::f1,fc00:e::d6             tunsrc fd00:12::1
#     chain B  segs fc00:2::f1,fc00:e::e,fc00:e::d6   tunsrc fd00:12::1
#     chain C  chain B's segments                     tunsrc fd00:12::5
#     chain A  again
#
# Part 1, hop limits (chain A):
# - pings from src with hop limit 255, 64, 16 and 3: the kernel's seg6
#   encapsulation at ier copies the inner hop limit N into the outer header
#   and ier's forwarding of the outer packet takes one: outer N-1 on the
#   ier-nfv link (inner still N); vnf1 forwards the inner packet (N-1),
#   srext takes that for the outer header and nfv's forwarding one more:
#   on the nfv-eer link outer N-2, inner N-1; the sink receives N-2
#   (End.DX6 at eer forwards it);
# - hand-made packets from ier with outer hop limit 2, 3, 64, 128 and 255
#   and inner hop limit 64 reach the sink and all leave nfv with 62; each
#   has an outer traffic class other than its inner one, and leaves nfv
#   with its inner one, as the kernel's SRv6 encapsulation takes it (the
#   first one's, cached with its outer header, is not pushed on the
#   others); then a
#   traceroute-like probe (outer and inner hop limit 2): vnf1 forwards it
#   with 1, nfv's forwarding answers Time Exceeded to its outer source and
#   it never leaves nfv; a packet after it leaves with 62 again (the probe
#   changed nothing for others); one with outer hop limit 1 is dropped at
#   the SID (hop_limit, Time Exceeded): 2 Time Exceeded in all at ier;
# - the varying hop limits cause no cache update (1 in total).
# Part 2, chain changes (3 pings each): each change (segment list A -> B,
# outer source B -> C, back to A) is followed by exactly one cache update
# (2, 3, 4) and every packet after it leaves nfv with the new outer header:
# chain B: DA fc00:e::e, SL 1, three segments, End at eer counts 3; chain
# C: outer source fd00:12::5; chain A: DA fc00:e::d6, SL 0, two segments;
# all pings answered, counters balanced, no drop but the hop_limit one.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=lib_chain.sh
. "$(dirname "$0")/lib_chain.sh"

SID=fc00:2::f1
HLIMS=(255 64 16 3)
CRAFTED=(2 3 64 128 255)
# Outer and inner traffic classes of the hand-made packets (DSCP and ECN).
TC_OUT=(184 0 40 96 1)
TC_IN=(0 184 96 41 2)
SEGS_A=fc00:2::f1,fc00:e::d6
SEGS_B=fc00:2::f1,fc00:e::e,fc00:e::d6

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 16

srext_load
setup_testbed srext 1 || ktap_bail "cannot build the testbed"
ip -n "${NS[eer]}" -6 route add fc00:e::e/128 encap seg6local action End \
	count dev to_nfv || ktap_bail "cannot add End at eer"

# ---------------------------------------------------- part 1: hop limits ----

cap_start src ier to_src -Q in &&
cap_start ier ier to_nfv -Q out &&
cap_start icmp ier to_nfv -Q in icmp6 &&
cap_start eer nfv to_eer -Q out &&
cap_start sink sink to_eer -Q in || ktap_bail "cannot start the captures"
got=()
for h in "${HLIMS[@]}"; do
	got+=("$(nsx src ping -n -c 1 -W 2 -t "$h" fd00:2::1 | sed -n 's/.* \([0-9]*\) received.*/\1/p')")
done
check_eq "pings with hop limit ${HLIMS[*]} are all answered" "1 1 1 1" "${got[*]}"

NSENT=$((${#CRAFTED[@]} + 1))
bg_start rx sink "$PYTHON" "$PKT_PY" udp-recv --ports 5000 \
	--count "$NSENT" --size 64 --linger 1 --timeout 30
wait_for_line "$TMPD/rx.out" '^ready$' 20 || ktap_bail "the UDP receiver did not start"
specs=()
for i in "${!CRAFTED[@]}"; do
	specs+=("{\"seq\":$((i + 1)),\"hlim\":${CRAFTED[i]},\"tclass\":${TC_OUT[i]},\"inner_tclass\":${TC_IN[i]}}")
done
specs+=('{"seq":50,"hlim":2,"inner_ttl":2}' "{\"seq\":$NSENT,\"hlim\":64}")
specs+=("{\"seq\":99,\"hlim\":1}")
srv6_send ier to_nfv nfv to_ier --gap 0.2 "${specs[@]}" ||
	ktap_bail "cannot send the hand-made packets"
bg_wait rx 35
RX=$(tail -n 1 "$TMPD/rx.out")
cap_stop src ier icmp eer sink || ktap_bail "cannot decode the captures"

# [N, outer and inner on ier-nfv, outer and inner on nfv-eer, at sink] per ping
expected=$(for h in "${HLIMS[@]}"; do
	echo "[$h,$((h - 1)),$h,$((h - 2)),$((h - 1)),$((h - 2))]"
done | paste -sd,)
actual=$(jq -n -r -c --slurpfile s "$TMPD/src.json" --slurpfile i "$TMPD/ier.json" \
	--slurpfile e "$TMPD/eer.json" --slurpfile k "$TMPD/sink.json" '
	def req: .[] | select(.l4 == "icmp6" and .icmp_type == 128);
	([$i | req] | INDEX(.key)) as $ii | ([$e | req] | INDEX(.key)) as $ee
	| ([$k | req] | INDEX(.key)) as $kk
	| [$s | req | [.hlim, $ii[.key].hlim, $ii[.key].inner.hlim, $ee[.key].hlim,
	   $ee[.key].inner.hlim, $kk[.key].hlim] | tostring] | join(",")')
check_eq "hop limits [src, ier-nfv outer/inner, nfv-eer outer/inner, sink]: outer from the inner" \
	"$expected" "$actual"

check_eq "hand-made packets with hop limit ${CRAFTED[*]} and 64 reach the sink (the probe and 1 do not)" \
	"[$(seq -s, 1 "$NSENT")]" "$(jq -c '.["5000"].seqs // [] | sort' <<<"${RX:-{\}}" 2>&1)"
check_eq "all leave nfv with hop limit 62 (inner 64, forwarded by vnf1 and nfv), the probe none" \
	"[$(for ((i = 1; i <= NSENT; i++)); do echo "[$i,62]"; done | paste -sd,)]" \
	"$(cap_jq eer '[.[] | select(.udp_seq != null) | [.udp_seq, .hlim]] | sort')"
check_eq "each leaves nfv with its inner traffic class (${TC_IN[*]}, then 0), not its outer one (${TC_OUT[*]})" \
	"[$(for ((i = 1; i <= NSENT; i++)); do echo "[$i,${TC_IN[i - 1]:-0}]"; done | paste -sd,)]" \
	"$(cap_jq eer '[.[] | select(.udp_seq != null) | [.udp_seq, .tclass]] | sort')"
check_eq "Time Exceeded for the probe (from nfv's forwarding) and for hop limit 1 (from the SID)" \
	2 "$(cap_jq icmp '[.[] | select(.icmp_type == 3)] | length')"

srext_json nfv
n1=$((${#HLIMS[@]} + NSENT + 1))
check_json "part 1: $n1 packets to and from the VNF, hop_limit drop 1, other drops 0" \
	".[0].stats | [.packets_to_vnf, .packets_from_vnf, .drops.hop_limit, ([.drops[]] | add)]" \
	"[$n1,$n1,1,1]"
check_json "different hop limits leave the cache alone: one cache update" \
	".[0].stats.cache_updates" 1

# ------------------------------------------------- part 2: chain changes ----

# chain_phase: 3 pings src -> sink; prints the number of replies.
chain_phase() {
	ping_run src fd00:2::1 3 0.2
}

cap_start chg nfv to_eer -Q out || ktap_bail "cannot start the capture"
r_b=$(ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs "$SEGS_B" via fd00:12::2 dev to_nfv && chain_phase)
srext_json nfv
c_b=$(sid_stat "$SID" .cache_updates)
r_c=$(ip -n "${NS[ier]}" sr tunsrc set fd00:12::5 && chain_phase)
srext_json nfv
c_c=$(sid_stat "$SID" .cache_updates)
r_a=$(ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs "$SEGS_A" via fd00:12::2 dev to_nfv &&
	ip -n "${NS[ier]}" sr tunsrc set fd00:12::1 && chain_phase)
srext_json nfv
c_a=$(sid_stat "$SID" .cache_updates)
cap_stop chg || ktap_bail "cannot decode the capture"

check_eq "every ping of chains B, C, A is answered" "3 3 3" "$r_b $r_c $r_a"
check_eq "chain B (new segment list): exactly one more cache update" 2 "$c_b"
check_eq "chain C (new outer source): exactly one more cache update" 3 "$c_c"
check_eq "chain A again: exactly one more cache update" 4 "$c_a"
# The requests leaving nfv, in order, consecutive equal headers merged:
# [outer source, DA, SL, segments, count].  ($p is jq's.)
# shellcheck disable=SC2016
check_eq "every request after a change leaves nfv with the new outer header" \
	'[["fd00:12::1","fc00:e::e",1,["fc00:e::d6","fc00:e::e","fc00:2::f1"],3],["fd00:12::5","fc00:e::e",1,["fc00:e::d6","fc00:e::e","fc00:2::f1"],3],["fd00:12::1","fc00:e::d6",0,["fc00:e::d6","fc00:2::f1"],3]]' \
	"$(cap_jq chg '[.[] | select(.l4 == "icmp6" and .icmp_type == 128) | [.src, .dst, .rh.sl, .rh.segs]]
		| reduce .[] as $p ([]; if length > 0 and .[-1][0:4] == $p then .[-1][4] += 1 else . + [$p + [1]] end)')"
check_eq "the inner packet is untouched by the changes (fd00:1::1 -> fd00:2::1, SRH next header 41)" \
	'[["fd00:1::1","fd00:2::1",41]]' \
	"$(cap_jq chg '[.[] | select(.l4 == "icmp6" and .icmp_type == 128) | [.inner.src, .inner.dst, .rh.nh]] | unique')"
check_eq "End at eer processed the 6 packets of chains B and C" 6 \
	"$(seg6local_packets eer fc00:e::e)"
srext_json nfv
n2=$((n1 + 9))
check_json "after the changes: $n2 packets each way, bytes balanced, only the hop_limit drop" \
	".[0].stats | [.packets_to_vnf, .packets_from_vnf, .bytes_to_vnf - .bytes_from_vnf, ([.drops[]] | add)]" \
	"[$n2,$n2,0,1]"

ktap_finish
