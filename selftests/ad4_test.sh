#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End.AD4: the dynamic proxy for IPv4 VNFs (draft-ietf-spring-sr-service-
# programming 6.4), with an IPv4-only VNF and with a dual-stack VNF whose
# one interface is IFACE-IN of an End.AD4 and of an End.AD6 SID.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   10.0.1.1     10.0.1.2     10.0.12.2    10.0.23.2    10.0.2.1
#   fd00:1::1    10.0.12.1    10.0.23.1    10.0.2.2     fd00:2::1
#                fd00:12::1   fd00:12::2   fd00:23::2
#                             fd00:23::1   fd00:2::2
#               10.0.241.1 to_vnf1 |  | to_vnf2 10.0.242.1, fd00:f2::1
#                            +------+ +------+
#                            | vnf1 | | vnf2 |
#                            +------+ +------+
#                   10.0.241.2 only     10.0.242.2 and fd00:f2::2,
#                   (IPv6 disabled)     both families forwarded
#
#   SID          node  behaviour
#   fc00:2::41   nfv   End.AD4 nh4 10.0.241.2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:2::42   nfv   End.AD4 nh4 10.0.242.2 oif to_vnf2 iif to_vnf2 (srext)
#   fc00:2::62   nfv   End.AD6 nh6 fd00:f2::2 oif to_vnf2 iif to_vnf2 (srext)
#   fc00:e::d4   eer   seg6local End.DX4 nh4 10.0.2.1
#   fc00:e::d6   eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier (outer source fd00:12::1):
#     part 1  10.0.2.0/24  encap seg6 mode encap segs fc00:2::41,fc00:e::d4
#     part 2  10.0.2.0/24  encap seg6 mode encap segs fc00:2::42,fc00:e::d4
#             fd00:2::/64  encap seg6 mode encap segs fc00:2::62,fc00:e::d6
#   Replies go back as plain IPv4/IPv6 (sink -> eer -> nfv -> ier -> src).
#   nfv has no route to 10.0.2.0/24: IPv4 leaves a VNF only through srext.
#
# Asserts:
# part 1 (IPv4-only vnf1): srconf -j shows the SID (nh4); 10 pings and 50
#   datagrams 10.0.1.1 -> 10.0.2.1 arrive; ier-nfv: IPv6 + SRH SL 1, next
#   header 4; vnf1 receives plain IPv4, each packet once, with the inner TTL
#   of the ier-nfv link (srext does not touch it) and a valid header
#   checksum; nfv-eer: SRH back (SL 0, DA fc00:e::d4, same segments and
#   source, next header 4), outer hop limit exactly one less than on
#   ier-nfv, inner TTL one less than in vnf1 (vnf1's own forwarding); exact
#   counters (bytes = IPv4 packet lengths, one cache update, no drop);
#   End.DX4 decapsulated all; vnf1's 169.254/16, broadcast and multicast
#   packets reach nfv but are not proxied.
# part 2 (dual-stack vnf2): both SIDs accept the same iif; IPv4 and IPv6
#   pings and datagrams pass; vnf2 sees each family plain; each leaves nfv
#   with its own SID's SRH; each SID counts exactly its family.
# part 3 (hand-made packets from ier): IPv6 inner to End.AD4 and IPv4 inner
#   to End.AD6 are dropped as bad_inner, SL 0 at End.AD4 as sl_zero; an
#   IPv4 packet with inner TTL 5 reaches vnf1 with TTL 5 and leaves nfv
#   with TTL 4 (vnf1 forwarded it) and a valid checksum.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PINGS=10
DGRAMS=50
TOTAL=$((PINGS + DGRAMS))
# IPv4 packet lengths: echo request 20 + 8 + 56, UDP 20 + 8 + 64.
BYTES=$((PINGS * 84 + DGRAMS * 92))
SID=fc00:2::41
SEGS4="fc00:e::d4,$SID"
# Part 2.
PINGS2=10
DGRAMS2=20
TOTAL2=$((PINGS2 + DGRAMS2))
BYTES2_4=$((PINGS2 * 84 + DGRAMS2 * 92))
BYTES2_6=$((PINGS2 * 104 + DGRAMS2 * 112))

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 44

srext_load
setup_testbed none 2 || ktap_bail "cannot build the testbed"
vnf_ipv6_off 1 &&
testbed_ipv4 &&
vnf_ipv4 1 &&
vnf_ipv4 2 || ktap_bail "cannot add IPv4 to the testbed"
ip -n "${NS[ier]}" -4 route add 10.0.2.0/24 encap seg6 mode encap \
	segs "$SID,fc00:e::d4" dev to_nfv || ktap_bail "cannot add ier's IPv4 chain"

# ------------------------------------------------- part 1: IPv4-only VNF ----

check_cmd "srconf sid add $SID behavior end.ad4 nh4 10.0.241.2 oif to_vnf1 iif to_vnf1" \
	srconf -n "${NS[nfv]}" sid add "$SID" behavior end.ad4 nh4 10.0.241.2 \
	oif to_vnf1 iif to_vnf1 || ktap_bail "cannot add the End.AD4 SID"
run_cmd srconf -n "${NS[nfv]}" -j sid show
check_eq "srconf -j sid show prints the End.AD4 SID with nh4 (default cache interface)" \
	'[{"behavior":"End.AD4","cache":"interface","iif":"to_vnf1","nh4":"10.0.241.2","oif":"to_vnf1","owner":"srext","sid":"fc00:2::41","state":"up"}]' \
	"$(jq -S -c . <<<"$RUN_OUT" 2>&1)"
check_eq "vnf1 is IPv4 only: no IPv6 address at all, 10.0.241.2 on to_nfv" \
	"0 10.0.241.2" \
	"$(nsx vnf1 ip -o -6 addr show | wc -l) $(ip -n "${NS[vnf1]}" -j -4 addr show dev to_nfv | jq -r '[.[].addr_info[].local] | join(",")')"

cap_start ier ier to_nfv -Q out &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start eer eer to_nfv -Q in || ktap_bail "cannot start the captures"

check_ping "IPv4 ping src -> sink through the IPv4-only VNF: $PINGS replies" \
	src 10.0.2.1 "$PINGS"
udp_run udp src sink 10.0.2.1 "5000:$DGRAMS" "$DGRAMS"
check_eq "IPv4 UDP: $DGRAMS distinct datagrams arrive, none damaged" \
	"$DGRAMS $DGRAMS 0" "$(udp_got 5000) $(udp_got 5000 unique) $(udp_got 5000 bad)"

cap_stop ier vnf1 eer || ktap_bail "cannot decode the captures"

check_shapes "ier-nfv link: fd00:12::1 -> $SID, SRH SL 1, inner IPv4" ier "[
	$(shape fd00:12::1 "$SID" icmp "$PINGS" 1 "$SEGS4" 10.0.1.1 10.0.2.1),
	$(shape fd00:12::1 "$SID" udp "$DGRAMS" 1 "$SEGS4" 10.0.1.1 10.0.2.1)]"
check_shapes "vnf1 receives plain IPv4 10.0.1.1 -> 10.0.2.1" vnf1 "[
	$(shape 10.0.1.1 10.0.2.1 icmp "$PINGS"),
	$(shape 10.0.1.1 10.0.2.1 udp "$DGRAMS")]"
check_eq "vnf1 receives each packet exactly once, all IPv4" "$TOTAL $TOTAL [4]" \
	"$(cap_jq vnf1 "[.[] | $JQ_DATA] | [length, (map(.key) | unique | length), (map(.ver) | unique | tostring)] | join(\" \")")"
check_eq "inner TTL in vnf1 equals the inner TTL on the ier-nfv link (srext leaves it alone)" \
	"{\"0\":$TOTAL}" "$(inner_hlim_deltas ier vnf1)"
check_eq "IPv4 header checksums valid in vnf1 and inside the nfv-eer packets" "[true] [true]" \
	"$(cap_jq vnf1 "[.[] | $JQ_DATA | .csum_ok] | unique | tostring") $(cap_jq eer "[.[] | $JQ_DATA | .inner.csum_ok] | unique | tostring")"
check_shapes "nfv-eer link: SRH restored, SL 0, DA fc00:e::d4, same segments and source" eer "[
	$(shape fd00:12::1 fc00:e::d4 icmp "$PINGS" 0 "$SEGS4" 10.0.1.1 10.0.2.1),
	$(shape fd00:12::1 fc00:e::d4 udp "$DGRAMS" 0 "$SEGS4" 10.0.1.1 10.0.2.1)]"
check_eq "SRH next header 4 and length 40 on both SR links" "[[4,1,40]] [[4,1,40]]" \
	"$(cap_jq ier "[.[] | $JQ_DATA | [.rh.nh, .rh.le, .rh.len]] | unique | tostring") $(cap_jq eer "[.[] | $JQ_DATA | [.rh.nh, .rh.le, .rh.len]] | unique | tostring")"
check_eq "outer hop limit on the nfv-eer link is exactly one less than on the ier-nfv link" \
	"{\"1\":$TOTAL}" "$(hlim_deltas ier eer)"
check_eq "inner TTL leaving nfv is one less than in vnf1 (vnf1 forwarded, srext did not decrement)" \
	"{\"1\":$TOTAL}" "$(inner_hlim_deltas vnf1 eer)"

srext_json nfv
check_sid_stats "$SID" "$SID" "$TOTAL" "$TOTAL" "$BYTES" "$BYTES" 1
check_eq "End.DX4 at eer decapsulated every packet" \
	"$TOTAL" "$(seg6local_packets eer fc00:e::d4)"

# The VNF's own IPv4 traffic that is not for the chain: 169.254/16,
# broadcast and multicast.  It must reach nfv (captured on to_vnf1) and
# be left alone by srext (the cache exists: a proxied packet would count).
ip -n "${NS[nfv]}" -4 addr add 169.254.1.1/16 dev to_vnf1 &&
ip -n "${NS[vnf1]}" -4 addr add 169.254.1.2/16 dev to_nfv ||
	ktap_bail "cannot add link-local IPv4 addresses"
# from_vnf: packets_from_vnf of $SID.
from_vnf() {
	srext_json nfv
	jq -r ".[] | select(.sid == \"$SID\") | .stats.packets_from_vnf" <<<"$SREXT_JSON"
}
cap_start nfvin nfv to_vnf1 -Q in || ktap_bail "cannot start the capture on nfv"
prev=$(from_vnf)
check_ping "vnf1 pings nfv's 169.254.1.1 (not proxied)" vnf1 169.254.1.1 2
now=$(from_vnf)
proxied="\"169.254.1.1\":$((now - prev))"
# Subnet broadcast, limited broadcast, link-local and global multicast.
for dst in 10.0.241.255 255.255.255.255 224.0.0.1 239.1.2.3; do
	prev=$now
	nsx vnf1 ping -n -b -c 2 -i 0.2 -W 1 "$dst" >/dev/null 2>&1
	sleep 0.3
	now=$(from_vnf)
	proxied+=",\"$dst\":$((now - prev))"
done
cap_stop nfvin || ktap_bail "cannot decode the capture on nfv"
check_eq "vnf1's echo requests to 169.254.1.1, broadcast and multicast reach nfv on to_vnf1" \
	'{"10.0.241.255":2,"169.254.1.1":2,"224.0.0.1":2,"239.1.2.3":2,"255.255.255.255":2}' \
	"$(cap_jq nfvin "[.[] | select(.ver == 4 and .l4 == \"icmp\" and .icmp_type == 8) | .dst] | group_by(.) | map({(.[0]): length}) | add // {}")"
check_eq "... and none of them is proxied (packets from the VNF counted, per destination)" \
	'{"169.254.1.1":0,"10.0.241.255":0,"255.255.255.255":0,"224.0.0.1":0,"239.1.2.3":0}' \
	"{$proxied}"
# The counters of $SID from here on, whatever the step above did.
srext_json nfv
S41=$(jq -c ".[] | select(.sid == \"$SID\") | .stats | [.packets_to_vnf, .packets_from_vnf, .bytes_to_vnf, .bytes_from_vnf, .cache_updates, ([.drops[]] | add)]" <<<"$SREXT_JSON")

# ---------------------------------------------- part 2: dual-stack VNF ----

check_cmd "srconf sid add fc00:2::42 behavior end.ad4 ... iif to_vnf2" \
	srconf -n "${NS[nfv]}" sid add fc00:2::42 behavior end.ad4 nh4 10.0.242.2 \
	oif to_vnf2 iif to_vnf2
check_cmd "srconf sid add fc00:2::62 behavior end.ad6 ... iif to_vnf2 (same iif, other family)" \
	srconf -n "${NS[nfv]}" sid add fc00:2::62 behavior end.ad6 nh6 fd00:f2::2 \
	oif to_vnf2 iif to_vnf2
srext_json nfv
check_json "srconf shows the three SIDs" \
	'[.[] | [.sid, .behavior, (.nh4 // .nh6), .oif, .iif] | join(" ")] | sort | join(", ")' \
	"fc00:2::41 End.AD4 10.0.241.2 to_vnf1 to_vnf1, fc00:2::42 End.AD4 10.0.242.2 to_vnf2 to_vnf2, fc00:2::62 End.AD6 fd00:f2::2 to_vnf2 to_vnf2"

ip -n "${NS[ier]}" -4 route replace 10.0.2.0/24 encap seg6 mode encap \
	segs fc00:2::42,fc00:e::d4 dev to_nfv &&
ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs fc00:2::62,fc00:e::d6 via fd00:12::2 dev to_nfv ||
	ktap_bail "cannot switch ier's chains to vnf2"

cap_start vnf2 vnf2 to_nfv -Q in &&
cap_start eer2 eer to_nfv -Q in || ktap_bail "cannot start the captures"
check_ping "IPv4 ping through the dual-stack VNF: $PINGS2 replies" src 10.0.2.1 "$PINGS2"
check_ping "IPv6 ping through the dual-stack VNF: $PINGS2 replies" src fd00:2::1 "$PINGS2"
udp_run udp4 src sink 10.0.2.1 "5004:$DGRAMS2" "$DGRAMS2"
check_eq "IPv4 UDP through the dual-stack VNF: $DGRAMS2 datagrams" \
	"$DGRAMS2 $DGRAMS2 0" "$(udp_got 5004) $(udp_got 5004 unique) $(udp_got 5004 bad)"
udp_run udp6 src sink fd00:2::1 "5006:$DGRAMS2" "$DGRAMS2"
check_eq "IPv6 UDP through the dual-stack VNF: $DGRAMS2 datagrams" \
	"$DGRAMS2 $DGRAMS2 0" "$(udp_got 5006) $(udp_got 5006 unique) $(udp_got 5006 bad)"
cap_stop vnf2 eer2 || ktap_bail "cannot decode the captures"

check_shapes "vnf2 receives both families plain" vnf2 "[
	$(shape 10.0.1.1 10.0.2.1 icmp "$PINGS2"),
	$(shape 10.0.1.1 10.0.2.1 udp "$DGRAMS2"),
	$(shape fd00:1::1 fd00:2::1 icmp6 "$PINGS2"),
	$(shape fd00:1::1 fd00:2::1 udp "$DGRAMS2")]"
check_shapes "nfv-eer link: each family with its own SID's SRH, SL 0" eer2 "[
	$(shape fd00:12::1 fc00:e::d4 icmp "$PINGS2" 0 fc00:e::d4,fc00:2::42 10.0.1.1 10.0.2.1),
	$(shape fd00:12::1 fc00:e::d4 udp "$DGRAMS2" 0 fc00:e::d4,fc00:2::42 10.0.1.1 10.0.2.1),
	$(shape fd00:12::1 fc00:e::d6 icmp6 "$PINGS2" 0 fc00:e::d6,fc00:2::62 fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 fc00:e::d6 udp "$DGRAMS2" 0 fc00:e::d6,fc00:2::62 fd00:1::1 fd00:2::1)]"
check_eq "SRH next header 4 for IPv4, 41 for IPv6 on the nfv-eer link" '[[4,4],[6,41]]' \
	"$(cap_jq eer2 "[.[] | $JQ_DATA | [.inner.ver, .rh.nh]] | unique | tostring")"

srext_json nfv
stats() {
	echo ".[] | select(.sid == \"$1\") | .stats | [.packets_to_vnf, .packets_from_vnf, .bytes_to_vnf, .bytes_from_vnf, .cache_updates, ([.drops[]] | add)]"
}
check_json "fc00:2::42 (End.AD4) counts the IPv4 packets only, one cache update, no drop" \
	"$(stats fc00:2::42)" "[$TOTAL2,$TOTAL2,$BYTES2_4,$BYTES2_4,1,0]"
check_json "fc00:2::62 (End.AD6) counts the IPv6 packets only, one cache update, no drop" \
	"$(stats fc00:2::62)" "[$TOTAL2,$TOTAL2,$BYTES2_6,$BYTES2_6,1,0]"
check_json "$SID untouched by part 2" "$(stats "$SID")" "$S41"

# ------------------------------------- part 3: hand-made packets from ier ----

cap_start vnf1b vnf1 to_nfv -Q in &&
cap_start eer3 eer to_nfv -Q in || ktap_bail "cannot start the captures"
bg_start rx sink "$PYTHON" "$PKT_PY" udp-recv --ports 5000 --count 1 \
	--size 64 --linger 1 --timeout 30
wait_for_line "$TMPD/rx.out" '^ready$' 20 || ktap_bail "the UDP receiver did not start"
srv6_send ier to_nfv nfv to_ier --gap 0.3 \
	"{\"seq\":1,\"segs\":[\"fc00:e::d4\",\"$SID\"],\"inner\":\"ipv6\"}" \
	'{"seq":2,"segs":["fc00:e::d6","fc00:2::62"],"inner":"ipv4"}' \
	"{\"seq\":3,\"segs\":[\"$SID\"],\"sl\":0,\"inner\":\"ipv4\"}" \
	"{\"seq\":4,\"segs\":[\"fc00:e::d4\",\"$SID\"],\"inner\":\"ipv4\",\"inner_ttl\":5}" ||
	ktap_bail "cannot send the hand-made packets"
bg_wait rx 30
RX=$(tail -n 1 "$TMPD/rx.out")
sleep 0.5
cap_stop vnf1b eer3 || ktap_bail "cannot decode the captures"
diag "sink received: $RX"

check_eq "sink receives exactly seq 4 (the valid IPv4 packet)" "[4]" \
	"$(jq -c '.["5000"].seqs // [] | sort' <<<"${RX:-{\}}" 2>&1)"
check_eq "vnf1 receives seq 4 once, plain IPv4, TTL 5 as sent by ier" '[[4,4,5,true]]' \
	"$(cap_jq vnf1b '[.[] | select(.udp_seq != null) | [.udp_seq, .ver, .ttl, .csum_ok]]')"
check_eq "seq 4 leaves nfv towards fc00:e::d4 with inner TTL 4 and a valid checksum" \
	'[[4,"fc00:e::d4",0,4,true]]' \
	"$(cap_jq eer3 '[.[] | select(.udp_seq != null) | [.udp_seq, .dst, .rh.sl, .inner.ttl, .inner.csum_ok]]')"
srext_json nfv
check_json "$SID: IPv6 inner dropped as bad_inner, SL 0 as sl_zero, nothing else" \
	".[] | select(.sid == \"$SID\") | .stats.drops | [to_entries[] | select(.value != 0) | \"\\(.key)=\\(.value)\"] | sort | join(\",\")" \
	"bad_inner=1,sl_zero=1"
check_json "fc00:2::62: IPv4 inner dropped as bad_inner, nothing else" \
	'.[] | select(.sid == "fc00:2::62") | .stats.drops | [to_entries[] | select(.value != 0) | "\(.key)=\(.value)"] | sort | join(",")' \
	"bad_inner=1"
check_json "$SID: one more packet each way (seq 4)" \
	".[] | select(.sid == \"$SID\") | .stats | [.packets_to_vnf, .packets_from_vnf]" \
	"$(jq -c '[.[0] + 1, .[1] + 1]' <<<"$S41")"

ktap_finish
