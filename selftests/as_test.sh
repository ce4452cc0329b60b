#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End.AS6 and End.AS4: the static proxy (draft-ietf-spring-sr-service-
# programming 6.3).  Towards the VNF as End.AD (strip, send, nothing
# cached); back from the VNF every packet gets the configured source and
# segment list, whatever the ingress router put on the packets.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#   10.0.1.1     fd00:12::1   fd00:23::1   fd00:2::2    10.0.2.1
#                10.0.1.2     10.0.12.2    10.0.23.2
#                10.0.12.1    10.0.23.1    10.0.2.2
#                fd00:f1::1 to_vnf1 |  | to_vnf2 10.0.242.1
#                             +------+ +------+
#                             | vnf1 | | vnf2 |
#                             +------+ +------+
#                   fd00:f1::2, IPv6     10.0.242.2, IPv4 only
#
#   SID          node  behaviour
#   fc00:2::a6   nfv   End.AS6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1
#                      src fd00:12::2 segs fc00:e::e,fc00:e::d6 (srext)
#   fc00:2::a4   nfv   End.AS4 nh4 10.0.242.2 oif to_vnf2 iif to_vnf2
#                      src fd00:12::2 segs fc00:e::d4 (srext)
#   fc00:e::e    eer   seg6local End
#   fc00:e::d6   eer   seg6local End.DX6 nh6 fd00:2::1
#   fc00:e::d4   eer   seg6local End.DX4 nh4 10.0.2.1
#
#   ier chains:
#     A  fd00:2::/64  segs fc00:2::a6,fc00:e::d6             tunsrc fd00:12::1
#     B  fd00:2::/64  segs fc00:2::a6,fc00:e::e,fc00:e::d6   tunsrc fd00:1::2
#     4  10.0.2.0/24  segs fc00:2::a4,fc00:e::d4             tunsrc fd00:12::1
#   End.AS6 always pushes: fd00:12::2 -> fc00:e::e, SRH [fc00:e::d6,
#   fc00:e::e] (Segment List[0] is the last segment), SL 1, LE 1, NH 41.
#
# Asserts:
# - srconf -j shows src and segs (visiting order);
# - a packet vnf1 sends before any packet went to it is forwarded (no
#   no_cache) with the configured header and outer hop limit 64 - 1 (its
#   own 64, less nfv's forwarding);
# - chain A then chain B: pings and datagrams arrive; vnf1 sees plain IPv6
#   once per packet; on the nfv-eer link every packet carries exactly the
#   configured source, DA and SRH (never the ingress' source or segments),
#   with the outer hop limit one less than on the ier-nfv link;
# - the pushed hop limit is the returning packet's own: a hand-made packet
#   with outer hop limit 20 and inner 64 leaves with 62 (vnf1 and nfv
#   forwarded it), a packet vnf1 sends itself with 63;
# - exact counters, cache_updates 0, no drop; End and End.DX6 at eer saw
#   every packet;
# - End.AS4 with an IPv4-only VNF: srconf -j, pings and datagrams pass, vnf2
#   sees plain IPv4, nfv-eer carries fd00:12::2 -> fc00:e::d4, SRH
#   [fc00:e::d4] SL 0 LE 0 next header 4; exact counters, no cache update.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

SID6=fc00:2::a6
SID4=fc00:2::a4
AS_SRC=fd00:12::2
# What End.AS6 pushes, in SRH order (reversed visiting order).
AS_SRH=fc00:e::d6,fc00:e::e
PINGS=10
DGRAMS=30
TOTAL=$((PINGS + DGRAMS))
BYTES6=$((PINGS * 104 + DGRAMS * 112))
BYTES4=$((PINGS * 84 + DGRAMS * 92))

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping
ktap_plan 31

srext_load
setup_testbed none 2 || ktap_bail "cannot build the testbed"
vnf_ipv6_off 2 &&
testbed_ipv4 &&
vnf_ipv4 2 &&
ip -n "${NS[eer]}" -6 route add fc00:e::e/128 encap seg6local action End \
	count dev to_nfv &&
ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs "$SID6,fc00:e::d6" via fd00:12::2 dev to_nfv ||
	ktap_bail "cannot complete the testbed"

# ---------------------------------------------------------------- End.AS6 ----

check_cmd "srconf sid add $SID6 behavior end.as6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 src $AS_SRC segs fc00:e::e,fc00:e::d6" \
	srconf -n "${NS[nfv]}" sid add "$SID6" behavior end.as6 nh6 fd00:f1::2 \
	oif to_vnf1 iif to_vnf1 src "$AS_SRC" segs fc00:e::e,fc00:e::d6 ||
	ktap_bail "cannot add the End.AS6 SID"
run_cmd srconf -n "${NS[nfv]}" -j sid show
check_eq "srconf -j sid show prints src and segs in visiting order" \
	'[{"behavior":"End.AS6","iif":"to_vnf1","nh6":"fd00:f1::2","oif":"to_vnf1","owner":"srext","segs":["fc00:e::e","fc00:e::d6"],"sid":"fc00:2::a6","src":"fd00:12::2","state":"up"}]' \
	"$(jq -S -c . <<<"$RUN_OUT" 2>&1)"

# The shape of each test packet on the nfv-eer link, with the SRH details.
eer_hdrs() {
	cap_jq "$1" "[.[] | $JQ_DATA | [.src, .dst, .rh.sl, .rh.le, .rh.nh, .rh.segs, .inner.src, .inner.dst]] | unique | tostring"
}
AS_HDR6='["fd00:12::2","fc00:e::e",1,1,41,["fc00:e::d6","fc00:e::e"],"fd00:1::1","fd00:2::1"]'

# A packet from the VNF before any packet went to it.
cap_start eer0 eer to_nfv -Q in || ktap_bail "cannot start the capture"
udp_run early vnf1 sink fd00:2::1 5009:1 1
cap_stop eer0 || ktap_bail "cannot decode the capture"
check_eq "a packet vnf1 sends before any packet reached it arrives at sink" "1" "$(udp_got 5009)"
check_eq "... with the configured header, outer hop limit 64 - 1" \
	'[["fd00:12::2","fc00:e::e",1,1,41,["fc00:e::d6","fc00:e::e"],"fd00:f1::2","fd00:2::1",63]]' \
	"$(cap_jq eer0 "[.[] | $JQ_DATA | [.src, .dst, .rh.sl, .rh.le, .rh.nh, .rh.segs, .inner.src, .inner.dst, .hlim]] | tostring")"
srext_json nfv
check_json "... and counted from the VNF, no no_cache drop" \
	'.[0].stats | [.packets_to_vnf, .packets_from_vnf, .drops.no_cache, ([.drops[]] | add)]' '[0,1,0,0]'

# Chain A, then chain B with another outer source and one more segment.
cap_start ierA ier to_nfv -Q out &&
cap_start vnf1A vnf1 to_nfv -Q in &&
cap_start eerA eer to_nfv -Q in || ktap_bail "cannot start the captures"
check_ping "chain A: ping src -> sink through End.AS6: $PINGS replies" src fd00:2::1 "$PINGS"
udp_run udpA src sink fd00:2::1 "5000:$DGRAMS" "$DGRAMS"
check_eq "chain A: $DGRAMS datagrams arrive" "$DGRAMS $DGRAMS 0" \
	"$(udp_got 5000) $(udp_got 5000 unique) $(udp_got 5000 bad)"
cap_stop ierA vnf1A eerA || ktap_bail "cannot decode the captures"

ip -n "${NS[ier]}" sr tunsrc set fd00:1::2 &&
ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs "$SID6,fc00:e::e,fc00:e::d6" via fd00:12::2 dev to_nfv ||
	ktap_bail "cannot change ier's chain"
cap_start ierB ier to_nfv -Q out &&
cap_start vnf1B vnf1 to_nfv -Q in &&
cap_start eerB eer to_nfv -Q in || ktap_bail "cannot start the captures"
check_ping "chain B: ping src -> sink through End.AS6: $PINGS replies" src fd00:2::1 "$PINGS"
udp_run udpB src sink fd00:2::1 "5002:$DGRAMS" "$DGRAMS"
check_eq "chain B: $DGRAMS datagrams arrive" "$DGRAMS $DGRAMS 0" \
	"$(udp_got 5002) $(udp_got 5002 unique) $(udp_got 5002 bad)"
cap_stop ierB vnf1B eerB || ktap_bail "cannot decode the captures"

check_shapes "chain A on the ier-nfv link: fd00:12::1 -> $SID6, SL 1" ierA "[
	$(shape fd00:12::1 "$SID6" icmp6 "$PINGS" 1 "fc00:e::d6,$SID6" fd00:1::1 fd00:2::1),
	$(shape fd00:12::1 "$SID6" udp "$DGRAMS" 1 "fc00:e::d6,$SID6" fd00:1::1 fd00:2::1)]"
check_shapes "chain B on the ier-nfv link: fd00:1::2 -> $SID6, SL 2, three segments" ierB "[
	$(shape fd00:1::2 "$SID6" icmp6 "$PINGS" 2 "fc00:e::d6,fc00:e::e,$SID6" fd00:1::1 fd00:2::1),
	$(shape fd00:1::2 "$SID6" udp "$DGRAMS" 2 "fc00:e::d6,fc00:e::e,$SID6" fd00:1::1 fd00:2::1)]"
for c in A B; do
	check_eq "chain $c: vnf1 receives plain IPv6, each packet once" \
		"$TOTAL $TOTAL [[[],null]]" \
		"$(cap_jq "vnf1$c" "[.[] | $JQ_DATA] | [length, (map(.key) | unique | length), (map([.exts, .rh]) | unique | tostring)] | join(\" \")")"
	check_shapes "chain $c on the nfv-eer link: exactly the configured src, DA and SRH (SL 1)" "eer$c" "[
		$(shape "$AS_SRC" fc00:e::e icmp6 "$PINGS" 1 "$AS_SRH" fd00:1::1 fd00:2::1),
		$(shape "$AS_SRC" fc00:e::e udp "$DGRAMS" 1 "$AS_SRH" fd00:1::1 fd00:2::1)]"
	check_eq "chain $c: SRH LE 1, next header 41, nothing else differs between packets" \
		"[$AS_HDR6]" "$(eer_hdrs "eer$c")"
	check_eq "chain $c: outer hop limit on the nfv-eer link one less than on the ier-nfv link" \
		"{\"1\":$TOTAL}" "$(hlim_deltas "ier$c" "eer$c")"
done

# The pushed hop limit is the returning packet's own, whatever arrived.
cap_start eerH eer to_nfv -Q in || ktap_bail "cannot start the capture"
bg_start rxH sink "$PYTHON" "$PKT_PY" udp-recv --ports 5007,5009 --count 2 \
	--size 64 --linger 1 --timeout 30
wait_for_line "$TMPD/rxH.out" '^ready$' 20 || ktap_bail "the UDP receiver did not start"
srv6_send ier to_nfv nfv to_ier --gap 0 \
	"{\"seq\":1,\"dport\":5007,\"hlim\":20,\"src\":\"fd00:99::1\",\"segs\":[\"fc00:e::d6\",\"$SID6\"]}" ||
	ktap_bail "cannot send the hand-made packet"
sleep 1
nsx vnf1 "$PYTHON" "$PKT_PY" udp-send --dst fd00:2::1 --ports 5009:1 >/dev/null
bg_wait rxH 30
RX=$(tail -n 1 "$TMPD/rxH.out")
sleep 0.5
cap_stop eerH || ktap_bail "cannot decode the capture"
diag "sink received: $RX"
check_eq "outer hop limit from the inner one: 62 after vnf1 forwarded (outer 20, inner 64), 63 for vnf1's own (64)" \
	'[[5007,"fd00:12::2","fc00:e::e",62],[5009,"fd00:12::2","fc00:e::e",63]]' \
	"$(cap_jq eerH "[.[] | $JQ_DATA | [.dport, .src, .dst, .hlim]] | sort | tostring")"

srext_json nfv
TO6=$((2 * TOTAL + 1))
FROM6=$((2 * TOTAL + 3))
check_json "End.AS6 counters: $TO6 to the VNF, $FROM6 back, bytes, cache_updates 0, no drop" \
	".[0].stats | [.packets_to_vnf, .packets_from_vnf, .bytes_to_vnf, .bytes_from_vnf, .cache_updates, ([.drops[]] | add)]" \
	"[$TO6,$FROM6,$((2 * BYTES6 + 112)),$((2 * BYTES6 + 3 * 112)),0,0]"
check_eq "End at eer and End.DX6 at eer saw every packet End.AS6 sent" \
	"$FROM6 $FROM6" "$(seg6local_packets eer fc00:e::e) $(seg6local_packets eer fc00:e::d6)"

# ---------------------------------------------------------------- End.AS4 ----

check_cmd "srconf sid add $SID4 behavior end.as4 nh4 10.0.242.2 oif to_vnf2 iif to_vnf2 src $AS_SRC segs fc00:e::d4" \
	srconf -n "${NS[nfv]}" sid add "$SID4" behavior end.as4 nh4 10.0.242.2 \
	oif to_vnf2 iif to_vnf2 src "$AS_SRC" segs fc00:e::d4 ||
	ktap_bail "cannot add the End.AS4 SID"
srext_json nfv
check_json "srconf -j shows the End.AS4 SID with nh4, src and segs" \
	".[] | select(.sid == \"$SID4\") | del(.stats) | to_entries | sort_by(.key) | from_entries | tojson" \
	'{"behavior":"End.AS4","iif":"to_vnf2","nh4":"10.0.242.2","oif":"to_vnf2","owner":"srext","segs":["fc00:e::d4"],"sid":"fc00:2::a4","src":"fd00:12::2","state":"up"}'
ip -n "${NS[ier]}" sr tunsrc set fd00:12::1 &&
ip -n "${NS[ier]}" -4 route add 10.0.2.0/24 encap seg6 mode encap \
	segs "$SID4,fc00:e::d4" dev to_nfv || ktap_bail "cannot add ier's IPv4 chain"

cap_start ier4 ier to_nfv -Q out &&
cap_start vnf24 vnf2 to_nfv -Q in &&
cap_start eer4 eer to_nfv -Q in || ktap_bail "cannot start the captures"
check_ping "IPv4 ping src -> sink through End.AS4: $PINGS replies" src 10.0.2.1 "$PINGS"
udp_run udp4 src sink 10.0.2.1 "5004:$DGRAMS" "$DGRAMS"
check_eq "IPv4 UDP through End.AS4: $DGRAMS datagrams arrive" "$DGRAMS $DGRAMS 0" \
	"$(udp_got 5004) $(udp_got 5004 unique) $(udp_got 5004 bad)"
cap_stop ier4 vnf24 eer4 || ktap_bail "cannot decode the captures"

check_shapes "vnf2 receives plain IPv4, as many packets as were sent" vnf24 "[
	$(shape 10.0.1.1 10.0.2.1 icmp "$PINGS"),
	$(shape 10.0.1.1 10.0.2.1 udp "$DGRAMS")]"
check_eq "nfv-eer link: fd00:12::2 -> fc00:e::d4, SRH [fc00:e::d4] SL 0 LE 0 next header 4, valid inner checksum" \
	'[["fd00:12::2","fc00:e::d4",0,0,4,["fc00:e::d4"],"10.0.1.1","10.0.2.1",true]]' \
	"$(cap_jq eer4 "[.[] | $JQ_DATA | [.src, .dst, .rh.sl, .rh.le, .rh.nh, .rh.segs, .inner.src, .inner.dst, .inner.csum_ok]] | unique | tostring")"
check_eq "End.AS4: outer hop limit one less, inner TTL untouched between ier-nfv and vnf2" \
	"{\"1\":$TOTAL} {\"0\":$TOTAL}" "$(hlim_deltas ier4 eer4) $(inner_hlim_deltas ier4 vnf24)"
srext_json nfv
check_json "End.AS4 counters: $TOTAL each way, IPv4 bytes, cache_updates 0, no drop" \
	".[] | select(.sid == \"$SID4\") | .stats | [.packets_to_vnf, .packets_from_vnf, .bytes_to_vnf, .bytes_from_vnf, .cache_updates, ([.drops[]] | add)]" \
	"[$TOTAL,$TOTAL,$BYTES4,$BYTES4,0,0]"
check_json "End.AS6 counters unchanged by the IPv4 traffic" \
	".[] | select(.sid == \"$SID6\") | .stats | [.packets_to_vnf, .packets_from_vnf]" "[$TO6,$FROM6]"

ktap_finish
