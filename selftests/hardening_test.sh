#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Defects of the hardening review, each observable from outside: a clone
# of a packet sent to a VNF keeps its outer headers, the RFC 8986 order of
# the End checks, inner headers checked and trimmed as ip6_rcv_core() and
# ip_rcv_core() would, End.AS SIDs that lead to each other stop at the hop
# limit, and the events group is for admins only.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                         to_vnf1 |  to_vnf2 |  to_vnf3 |
#                           +------+   +------+   +------+
#                           | vnf1 |   | vnf2 |   | vnf3 |   plain routers
#                           +------+   +------+   +------+
#                fd00:f1::2, 10.0.241.2  fd00:f2::2  fd00:f3::2
#
#   SID          node  behaviour
#   fc00:2::f1   nfv   End.AD6 nh6 fd00:f1::2 oif/iif to_vnf1
#   fc00:2::4    nfv   End.AD4 nh4 10.0.241.2 oif/iif to_vnf1
#   fc00:2::a1   nfv   End.AS6 nh6 fd00:f2::2 oif/iif to_vnf2
#                      src fd00:23::1 segs fc00:2::a2,fc00:e::d6
#   fc00:2::a2   nfv   End.AS6 nh6 fd00:f3::2 oif/iif to_vnf3
#                      src fd00:23::1 segs fc00:2::a1,fc00:e::d6
#   fc00:e::d6   eer   seg6local End.DX6 nh6 fd00:2::1
#
# 1. A plain packet socket on nfv:to_ier holds clones of 5 pings through
#    fc00:2::f1 while srext sends them to vnf1: each clone still shows the
#    outer source and the segment list the ingress sent (the link-layer
#    header towards vnf1 is not written into the shared headroom).
# 2. Hop limit 1 and Segments Left > Last Entry + 1 at once: Time Exceeded
#    (RFC 8986 S05 comes before S09), counted as hop_limit, no Parameter
#    Problem.
# 3. Inner packets: IPv6 and IPv4 ones followed by 7 bytes the outer
#    payload length covers reach the VNF trimmed (bytes_to_vnf is the inner
#    length); an IPv4 header with a bad checksum is bad_inner.
# 4. fc00:2::a1 and fc00:2::a2 push segment lists that lead to each other:
#    a packet with outer and inner hop limit 10 loses one in each VNF
#    (they route it) and one at each local SID after the first (RFC 8986:
#    one per segment; the pushed outer hop limit is the inner one): it
#    reaches a1 with 10, 7, 5, 3 and a2 with 8, 6, 4, 2, then a1 drops it
#    at 1 (Time Exceeded to fd00:23::1, nfv itself): exactly 4 + 4 passes.
# 5. srconf monitor as uid 65534 in nfv's namespace cannot join the events
#    group (CAP_NET_ADMIN), and sees no event of a SID added meanwhile.
# 6. An SRv6 packet to fc00:2::f1 that comes in three fragments (Fragment
#    header after the SRH, 600 bytes each) is reassembled by nfv, the SID's
#    owner: the sink receives its 1200-byte datagram once, intact, and
#    vnf1 receives it whole (1208 bytes of payload, no Fragment header):
#    the outer fragments' size (frag_max_size) is not the inner packet's,
#    which no node on the way may fragment (RFC 8200 5). With to_vnf1's
#    MTU at 1300 a datagram of 1400 bytes (an inner packet of 1448) is not
#    fragmented for vnf1 either: its source gets Packet Too Big (ignore_df
#    cleared after reassembly).
# 7. VLAN 5 on top of nfv's to_vnf1 (IFACE-IN of fc00:2::f1) and vnf1's
#    to_nfv: vnf1 pings nfv's fd00:5::1 on it, 3 replies; the tagged frames
#    are the VLAN device's, not the SID's (fc00:2::f1 counts none back).
# 8. Extension headers out of place, and the upper layer (RFC 8986 4.1.1):
#    a Hop-by-Hop header after the SRH, or after Destination Options in
#    front of it, gets Parameter Problem code 1 pointing at the Next Header
#    field that names it (offset 40 in both), counted as bad_ext; a UDP
#    datagram right after the SRH at End.AD6 (which takes IPv6) gets code 4
#    pointing at the UDP header (offset 80), counted as bad_inner; a packet
#    to the SID without SRH gets code 4 at 40 (no_srh); a routing header of
#    type 3 with Segments Left 1 gets code 0 pointing at its Routing Type
#    (offset 42, RFC 8200 4.4), counted as bad_srh; one with Segments Left
#    0 is ignored (RFC 8200 4.4), so the inner IPv6 header after it gets
#    code 4 at 80, counted as no_srh; and an SRH after such a header is
#    processed: that packet reaches the VNF.
# 9. HMAC, as seg6 checks it: key 7 set with `ip sr hmac` on nfv. An SRH
#    whose HMAC TLV (H flag) is right reaches the VNF; a wrong one is
#    bad_hmac; with seg6_require_hmac 1 on to_ier a packet without HMAC is
#    bad_hmac, with -1 a wrong HMAC passes.
# 10. The cache rebuild rate: with the module parameter cache_rebuilds at 5,
#    an End.AD6 SID fc00:2::f5 (on to_vnf2, added then) gets 40 packets,
#    each from another outer source: every one is either a cache update or
#    cache_limited, at most 5 updates per second of sending (plus the
#    first); at 0 (no limit, the SID added again) all 40 are updates.
# 11. vnf1 sends 3 UDP datagrams to nfv's own address on the SID's IFACE-IN
#    (fd00:f1::1): they are proxied like every packet from the VNF
#    (packets_from_vnf + 3), none is delivered to a socket on nfv.
# 12. The cap on the outer headers srext caches (2048 bytes, as the README
#    says), with the ier-nfv link's MTU raised to 4000: a packet whose
#    IPv6 header and SRH take 2048 bytes (125 segments) reaches the VNF;
#    one of 2064 (126 segments) is counted as too_big and does not.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=lib_chain.sh
. "$(dirname "$0")/lib_chain.sh"

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping setpriv
ktap_plan 30

srext_load
setup_testbed none 3 || ktap_bail "cannot build the testbed"
vnf_ipv4 1 || ktap_bail "cannot give vnf1 IPv4"
testbed_add_sid 1 &&
srconf -n "${NS[nfv]}" sid add fc00:2::4 behavior end.ad4 nh4 10.0.241.2 \
	oif to_vnf1 iif to_vnf1 &&
srconf -n "${NS[nfv]}" sid add fc00:2::a1 behavior end.as6 nh6 fd00:f2::2 \
	oif to_vnf2 iif to_vnf2 src fd00:23::1 segs fc00:2::a2,fc00:e::d6 &&
srconf -n "${NS[nfv]}" sid add fc00:2::a2 behavior end.as6 nh6 fd00:f3::2 \
	oif to_vnf3 iif to_vnf3 src fd00:23::1 segs fc00:2::a1,fc00:e::d6 ||
	ktap_bail "cannot add the SIDs"
ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs fc00:2::f1,fc00:e::d6 via fd00:12::2 dev to_nfv ||
	ktap_bail "cannot set the chain"

# stats SID JQ: a field of SID's counters, fresh.
stats() {
	srext_json nfv
	sid_stat "$1" "$2"
}

# ------------------------------------------- 1: clones keep their headers --

bg_start sock nfv "$PYTHON" "$PKT_PY" sock-recv --ifname to_ier --timeout 60
wait_for_line "$TMPD/sock.out" '^ready$' 20 || ktap_bail "the packet socket did not start"
check_ping "5 pings through fc00:2::f1 while a packet socket holds clones" src fd00:2::1 5
bg_stop sock INT
# shellcheck disable=SC2016
check_eq "each clone still shows the ingress's outer source and segment list" \
	'[["fd00:12::1",["fc00:e::d6","fc00:2::f1"],5]]' \
	"$(jq -c -s '[.[] | select(.l4 == "icmp6" and .icmp_type == 128 and .rh != null)
		| [.src, .rh.segs]] | group_by(.) | map(.[0] + [length])' <(tail -n +2 "$TMPD/sock.out"))"

# -------------------------------------------- 2: hop limit before LE/SL ----

cap_start icmp ier to_nfv -Q in icmp6 || ktap_bail "cannot start the capture"
srv6_send ier to_nfv nfv to_ier --gap 0 \
	'{"seq":1,"hlim":1,"sl":2,"le":0,"dst":"fc00:2::f1"}' ||
	ktap_bail "cannot send the packet"
sleep 1
cap_stop icmp || ktap_bail "cannot decode the capture"
check_eq "hop limit 1 with SL > LE + 1: Time Exceeded, no Parameter Problem" \
	'[[3,0]]' "$(cap_jq icmp '[.[] | select(.icmp_type == 3 or .icmp_type == 4) | [.icmp_type, .icmp_code]]')"
srext_json nfv
check_eq "counted as hop_limit, not bad_srh" "1 0" \
	"$(sid_stat fc00:2::f1 .drops.hop_limit) $(sid_stat fc00:2::f1 .drops.bad_srh)"

# ------------------------------------------------- 3: inner headers --------

# 40 + 8 + 64 bytes of inner IPv6, 20 + 8 + 64 of inner IPv4.
before=$(stats fc00:2::f1 .bytes_to_vnf)
srv6_send ier to_nfv nfv to_ier --gap 0 '{"seq":2,"trailer":7}' ||
	ktap_bail "cannot send the packet"
sleep 0.5
check_eq "inner IPv6 with 7 bytes after it reaches the VNF trimmed (112 bytes)" 112 \
	$(($(stats fc00:2::f1 .bytes_to_vnf) - before))
srv6_send ier to_nfv nfv to_ier --gap 0 \
	'{"seq":3,"inner":"ipv4","trailer":7,"segs":["fc00:e::d6","fc00:2::4"]}' \
	'{"seq":4,"inner":"ipv4","inner_csum":"bad","segs":["fc00:e::d6","fc00:2::4"]}' ||
	ktap_bail "cannot send the packets"
sleep 0.5
srext_json nfv
check_eq "inner IPv4 with 7 bytes after it reaches the VNF trimmed (92 bytes)" "1 92" \
	"$(sid_stat fc00:2::4 .packets_to_vnf) $(sid_stat fc00:2::4 .bytes_to_vnf)"
check_eq "inner IPv4 with a bad header checksum: bad_inner" 1 \
	"$(sid_stat fc00:2::4 .drops.bad_inner)"

# ------------------------------------------ 4: SIDs that lead to each other --

srv6_send ier to_nfv nfv to_ier --gap 0 \
	'{"seq":5,"hlim":10,"inner_ttl":10,"segs":["fc00:e::d6","fc00:2::a1"]}' ||
	ktap_bail "cannot send the packet"
sleep 3
srext_json nfv
check_eq "fc00:2::a1 and fc00:2::a2: 4 and 4 passes through their VNFs, then no more" \
	"4 4" "$(sid_stat fc00:2::a1 .packets_to_vnf) $(sid_stat fc00:2::a2 .packets_to_vnf)"
check_eq "the packet dies at fc00:2::a1 with hop limit 1 (hop_limit drop)" "1 0" \
	"$(sid_stat fc00:2::a1 .drops.hop_limit) $(sid_stat fc00:2::a2 .drops.hop_limit)"

# ---------------------------------------------- 5: events for admins only --

bg_start mon nfv setpriv --reuid 65534 --regid 65534 --clear-groups \
	"$SRCONF" -j monitor
sleep 1
check_cmd "a SID added meanwhile" srconf -n "${NS[nfv]}" sid add fc00:2::99 \
	behavior end.ad4 nh4 10.0.241.9 oif to_vnf1 iif to_vnf2
bg_wait mon 10
rc=$?
check_eq "srconf monitor as uid 65534 exits 1" 1 "$rc"
check_eq "it says why" \
	'Error: cannot join the "events" group: Operation not permitted (it needs CAP_NET_ADMIN).' \
	"$(cat "$TMPD/mon.err")"
check_eq "and printed no event" "" "$(cat "$TMPD/mon.out")"

# ------------------------------------------------ 6: fragmented outer ------

srext_json nfv
to0=$(sid_stat fc00:2::f1 .packets_to_vnf)
bg_start frx sink "$PYTHON" "$PKT_PY" udp-recv --ports 5006 --count 1 \
	--size 1200 --linger 1 --timeout 20
wait_for_line "$TMPD/frx.out" '^ready$' 20 || ktap_bail "the UDP receiver did not start"
cap_start frag vnf1 to_nfv -Q in ip6 and not icmp6 || ktap_bail "cannot start the capture"
srv6_send ier to_nfv nfv to_ier --gap 0 '{"seq":6,"dport":5006,"size":1200,"frag":600}' ||
	ktap_bail "cannot send the fragments"
bg_wait frx 25
cap_stop frag || ktap_bail "cannot decode the capture"
check_eq "vnf1 gets the datagram whole: one packet, payload 1208, no Fragment header" \
	'[[1208,[]]]' "$(cap_jq frag '[.[] | [.plen, .exts]]')"
check_eq "3 fragments to fc00:2::f1: the sink gets the 1200-byte datagram once, intact" \
	"1 1 0" "$(jq -r '.["5006"] | "\(.packets) \(.unique) \(.bad)"' <<<"$(tail -n 1 "$TMPD/frx.out")" 2>&1)"
srext_json nfv
check_eq "reassembled at nfv: one more packet to the VNF, no bad_inner" "$((to0 + 1)) 0" \
	"$(sid_stat fc00:2::f1 .packets_to_vnf) $(sid_stat fc00:2::f1 .drops.bad_inner)"
ip -n "${NS[nfv]}" link set to_vnf1 mtu 1300 || ktap_bail "cannot lower to_vnf1's MTU"
cap_start big vnf1 to_nfv -Q in ip6 and not icmp6 &&
	cap_start ptb ier to_nfv -Q in icmp6 || ktap_bail "cannot start the captures"
srv6_send ier to_nfv nfv to_ier --gap 0 '{"seq":60,"dport":5006,"size":1400,"frag":600}' ||
	ktap_bail "cannot send the fragments"
sleep 1
cap_stop big ptb || ktap_bail "cannot decode the captures"
ip -n "${NS[nfv]}" link set to_vnf1 mtu 1500 || ktap_bail "cannot restore to_vnf1's MTU"
check_eq "reassembled, 1448 bytes, over to_vnf1's MTU 1300: not fragmented for vnf1, Packet Too Big to its source" \
	'[] [60]' "$(cap_jq big '[.[] | .plen]') $(cap_jq ptb '[.[] | select(.icmp_type == 2) | .icmp_emb.udp_seq]')"

# ------------------------------------------------ 7: VLAN on IFACE-IN ------

modprobe 8021q 2>/dev/null
ip -n "${NS[nfv]}" link add link to_vnf1 name v5 type vlan id 5 &&
ip -n "${NS[vnf1]}" link add link to_nfv name v5 type vlan id 5 &&
ip -n "${NS[nfv]}" link set v5 up && ip -n "${NS[vnf1]}" link set v5 up &&
addr_add nfv v5 fd00:5::1/64 && addr_add vnf1 v5 fd00:5::2/64 ||
	ktap_bail "cannot add VLAN 5"
srext_json nfv
from0=$(sid_stat fc00:2::f1 .packets_from_vnf)
check_ping "vnf1 pings nfv over VLAN 5 on the SID's IFACE-IN" vnf1 fd00:5::1 3
srext_json nfv
check_eq "fc00:2::f1 took none of the tagged frames" "$from0" \
	"$(sid_stat fc00:2::f1 .packets_from_vnf)"

# ------------------------------------ 8: extension headers, upper layer ---

srext_json nfv
bi0=$(sid_stat fc00:2::f1 .drops.bad_inner) ns0=$(sid_stat fc00:2::f1 .drops.no_srh)
bs0=$(sid_stat fc00:2::f1 .drops.bad_srh) to0=$(sid_stat fc00:2::f1 .packets_to_vnf)
cap_start pp ier to_nfv -Q in icmp6 || ktap_bail "cannot start the capture"
srv6_send ier to_nfv nfv to_ier --gap 0.1 \
	'{"seq":7,"exts":["srh","hbh"]}' \
	'{"seq":8,"exts":["dstopts","hbh","srh"]}' \
	'{"seq":9,"inner":"udp"}' \
	'{"seq":16,"srh":false}' \
	'{"seq":17,"rtype":3}' \
	'{"seq":18,"rtype":3,"sl":0,"dst":"fc00:2::f1"}' \
	'{"seq":19,"exts":["rh3","srh"]}' || ktap_bail "cannot send the packets"
sleep 1
cap_stop pp || ktap_bail "cannot decode the capture"
check_eq "Parameter Problem: code 1 at 40 (HBH after the SRH), code 1 at 40 (HBH after DestOpts), code 4 at 80 (UDP at End.AD6), code 4 at 40 (no SRH), code 0 at 42 (routing type 3), code 4 at 80 (routing type 3, Segments Left 0: ignored)" \
	'[[1,40],[1,40],[4,80],[4,40],[0,42],[4,80]]' \
	"$(cap_jq pp '[.[] | select(.icmp_type == 4) | [.icmp_code, .icmp_ptr]]')"
srext_json nfv
check_eq "counted: 2 bad_ext, 1 more bad_inner, 2 more no_srh, 1 more bad_srh; the SRH after an ignored routing header: to the VNF" \
	"2 $((bi0 + 1)) $((ns0 + 2)) $((bs0 + 1)) $((to0 + 1))" \
	"$(sid_stat fc00:2::f1 .drops.bad_ext) $(sid_stat fc00:2::f1 .drops.bad_inner) $(sid_stat fc00:2::f1 .drops.no_srh) $(sid_stat fc00:2::f1 .drops.bad_srh) $(sid_stat fc00:2::f1 .packets_to_vnf)"

# ------------------------------------------------------------ 9: HMAC ------

printf 'srext-test-secret' | ip netns exec "${NS[nfv]}" ip sr hmac set 7 sha256 >/dev/null 2>&1 ||
	ktap_bail "cannot set HMAC key 7"
srext_json nfv
to0=$(sid_stat fc00:2::f1 .packets_to_vnf)
good='{"secret":"srext-test-secret","keyid":7}'
bad='{"secret":"srext-test-secret","keyid":7,"bad":true}'
srv6_send ier to_nfv nfv to_ier --gap 0.05 \
	"{\"seq\":10,\"hmac\":$good}" "{\"seq\":11,\"hmac\":$good}" "{\"seq\":12,\"hmac\":$bad}" ||
	ktap_bail "cannot send the packets"
sleep 0.5
srext_json nfv
check_eq "seg6_require_hmac 0: 2 right HMACs to the VNF, 1 wrong one bad_hmac" \
	"$((to0 + 2)) 1" "$(sid_stat fc00:2::f1 .packets_to_vnf) $(sid_stat fc00:2::f1 .drops.bad_hmac)"
nsx nfv sysctl -qw net.ipv6.conf.to_ier.seg6_require_hmac=1
srv6_send ier to_nfv nfv to_ier --gap 0.05 '{"seq":13}' "{\"seq\":14,\"hmac\":$good}" ||
	ktap_bail "cannot send the packets"
sleep 0.5
srext_json nfv
check_eq "seg6_require_hmac 1 on to_ier: no HMAC is bad_hmac, a right one passes" \
	"$((to0 + 3)) 2" "$(sid_stat fc00:2::f1 .packets_to_vnf) $(sid_stat fc00:2::f1 .drops.bad_hmac)"
nsx nfv sysctl -qw net.ipv6.conf.to_ier.seg6_require_hmac=-1
srv6_send ier to_nfv nfv to_ier --gap 0 "{\"seq\":15,\"hmac\":$bad}" ||
	ktap_bail "cannot send the packet"
sleep 0.5
srext_json nfv
check_eq "seg6_require_hmac -1: a wrong HMAC is not checked" \
	"$((to0 + 4)) 2" "$(sid_stat fc00:2::f1 .packets_to_vnf) $(sid_stat fc00:2::f1 .drops.bad_hmac)"
nsx nfv sysctl -qw net.ipv6.conf.to_ier.seg6_require_hmac=0

# ------------------------------------------- 10: cache rebuild rate --------

param=/sys/module/srext/parameters/cache_rebuilds
# alternate N: N packets to fc00:2::f5, each from another outer source (so
# none matches the cache, whatever it holds); prints the seconds the
# sending took.
alternate() {
	local specs=() i t0
	for ((i = 0; i < $1; i++)); do
		specs+=("{\"seq\":$((100 + i)),\"src\":\"fd00:12::$((256 + i))\",\"segs\":[\"fc00:e::d6\",\"fc00:2::f5\"]}")
	done
	t0=$(date +%s)
	srv6_send ier to_nfv nfv to_ier --gap 0 "${specs[@]}" || return 1
	echo $(($(date +%s) - t0))
}
srconf -n "${NS[nfv]}" sid del fc00:2::a1 &&
srconf -n "${NS[nfv]}" sid del fc00:2::a2 || ktap_bail "cannot delete the End.AS6 SIDs"
check_cmd "cache_rebuilds set to 5" sh -c "echo 5 >$param"
srconf -n "${NS[nfv]}" sid add fc00:2::f5 behavior end.ad6 nh6 fd00:f2::2 \
	oif to_vnf2 iif to_vnf2 || ktap_bail "cannot add fc00:2::f5"
secs=$(alternate 40) || ktap_bail "cannot send the packets"
sleep 0.5
srext_json nfv
up=$(sid_stat fc00:2::f5 .cache_updates) lim=$(sid_stat fc00:2::f5 .cache_limited)
diag "40 packets in ${secs}s: $up updates, $lim limited"
check_eq "40 packets from 40 sources: updates + limited = 40, at most 5 updates a second" \
	"40 yes" "$((up + lim)) $([ "$up" -le $((5 * (secs + 1) + 1)) ] && [ "$lim" -gt 0 ] && echo yes || echo no)"
echo 0 >"$param"
srconf -n "${NS[nfv]}" sid del fc00:2::f5 &&
srconf -n "${NS[nfv]}" sid add fc00:2::f5 behavior end.ad6 nh6 fd00:f2::2 \
	oif to_vnf2 iif to_vnf2 || ktap_bail "cannot add fc00:2::f5 again"
alternate 40 >/dev/null || ktap_bail "cannot send the packets"
sleep 0.5
srext_json nfv
check_eq "cache_rebuilds 0 (no limit): 40 updates, none limited" "40 0" \
	"$(sid_stat fc00:2::f5 .cache_updates) $(sid_stat fc00:2::f5 .cache_limited)"
echo 1000 >"$param"

# ------------------------------- 11: unicast to nfv's own address on iif ----

srext_json nfv
from0=$(sid_stat fc00:2::f1 .packets_from_vnf)
bg_start own nfv "$PYTHON" "$PKT_PY" udp-recv --ports 5011 --count 3 --linger 0 --timeout 4
wait_for_line "$TMPD/own.out" '^ready$' 20 || ktap_bail "the UDP receiver did not start"
nsx vnf1 "$PYTHON" "$PKT_PY" udp-send --dst fd00:f1::1 --ports 5011:3 --interval 0.05 >/dev/null ||
	ktap_bail "cannot send from vnf1"
bg_wait own 10
srext_json nfv
check_eq "3 datagrams from vnf1 to nfv's fd00:f1::1 on IFACE-IN: proxied (from_vnf + 3)" \
	"$((from0 + 3))" "$(sid_stat fc00:2::f1 .packets_from_vnf)"
check_eq "and none delivered on nfv" 0 \
	"$(jq -r '[.[]?.packets // 0] | add // 0' <<<"$(tail -n 1 "$TMPD/own.out")" 2>&1)"

# ------------------------------------- 12: the cached headers' length cap ---

# long_chain N SEQ: a packet description with N segments, fc00:2::f1 first.
long_chain() {
	local i segs='"fc00:e::d6"'
	for ((i = 2; i < $1; i++)); do
		segs+=",\"fc00:e::d6\""
	done
	echo "{\"seq\":$2,\"segs\":[$segs,\"fc00:2::f1\"],\"sl\":$(($1 - 1))}"
}
ip -n "${NS[ier]}" link set to_nfv mtu 4000 && ip -n "${NS[nfv]}" link set to_ier mtu 4000 ||
	ktap_bail "cannot raise the ier-nfv link's MTU"
srext_json nfv
to0=$(sid_stat fc00:2::f1 .packets_to_vnf) tb0=$(sid_stat fc00:2::f1 .drops.too_big)
srv6_send ier to_nfv nfv to_ier --gap 0.2 "$(long_chain 125 30)" "$(long_chain 126 31)" ||
	ktap_bail "cannot send the long chains"
sleep 0.5
srext_json nfv
check_eq "outer headers of 2048 bytes: to the VNF; of 2064: too_big, not to the VNF" \
	"$((to0 + 1)) $((tb0 + 1))" \
	"$(sid_stat fc00:2::f1 .packets_to_vnf) $(sid_stat fc00:2::f1 .drops.too_big)"

ktap_finish
