#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real programs as SR-unaware VNFs: a NAT (nftables masquerade) that
# rewrites the packets it forwards, and a firewall that answers by itself
# (nftables "reject with tcp reset").  The dynamic proxy pushes its cached
# headers on every non-link-local packet the VNF sends on IFACE-IN, so
# whatever a VNF emits there, rewritten or generated, continues along the
# chain the last packet towards the VNF came with: towards the egress.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                     fd00:f1::1 |     | fd00:f2::1
#                          to_vnf1     to_vnf2
#                        +------+      +------+
#                        | vnf1 |      | vnf2 |
#                        +------+      +------+
#                        fd00:f1::2    fd00:f2::2
#                        NAT: ip6 nat  firewall: inet filter forward
#                        postrouting   tcp dport 7000
#                        masquerade    reject with tcp reset
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:2::f2    nfv   End.AD6 nh6 fd00:f2::2 oif to_vnf2 iif to_vnf2 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs
#        part 1: fc00:2::f1,fc00:e::d6    part 2: fc00:2::f2,fc00:e::d6
#   eer (part 1): fd00:f1::/64 via nfv, so that the sink can answer the NAT
#        address
#
# Part 1, NAT VNF:
# - 20 datagrams src -> sink arrive intact, at the sink from the VNF's
#   address fd00:f1::2; vnf1 received them plain from fd00:1::1; on the
#   nfv-eer link the chain is restored around the rewritten packet (outer
#   fd00:12::1 -> fc00:e::d6, SRH SL 0, segments fc00:e::d6,fc00:2::f1,
#   inner fd00:f1::2 -> fd00:2::1); the masquerade rule ran once (one
#   conntrack entry); srext counted 20 each way, same bytes.
# - Replies: 3 pings src -> sink.  The sink answers fd00:f1::2; the answer
#   reaches vnf1 as plain IPv6 (through eer and nfv, no SRv6); vnf1
#   un-NATs it to fd00:1::1 and sends it back on to_vnf1, IFACE-IN: srext
#   pushes the cached chain, End.DX6 at eer hands the reply to the sink's
#   link (fd00:2::1 -> fd00:1::1, seen by the sink, which is no router and
#   drops it).  src gets no reply.  srext: 3 more to the VNF, 6 more from
#   it (requests and un-NATed replies).
# Part 2, firewall VNF answering itself (src: tcp_syn_retries 1):
# - TCP to port 7001 (allowed) carries 64 KiB intact;
# - a connect to port 7000 from src ends with ETIMEDOUT, not ECONNREFUSED:
#   its N SYNs (N >= 2, the first and at least one retry; how many more the
#   kernel sends before giving up depends on time) reach vnf2 plain, vnf2
#   rejects each with an RST fd00:2::1 -> fd00:1::1 (flags RST|ACK) sent on
#   IFACE-IN; srext proxies all N with the cached chain (nfv-eer: SRH SL 0,
#   DA fc00:e::d6, segments fc00:e::d6,fc00:2::f2); End.DX6 delivers the N
#   RSTs to the sink's link; src receives no RST; the reject rule counted
#   N; srext counted the N SYNs to and the N RSTs (60 bytes each) from the
#   VNF, no drop; vnf1's SID saw nothing of part 2.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=lib_chain.sh
. "$(dirname "$0")/lib_chain.sh"

DGRAMS=20
PINGS=3
SYN_RETRIES=1

ktap_header
require_root
srext_require
require_cmd ip tcpdump jq "$PYTHON" ping nft
ktap_plan 27

srext_load
modprobe -q nf_tables 2>/dev/null
modprobe -q nft_masq 2>/dev/null
modprobe -q nft_reject_inet 2>/dev/null
setup_testbed srext 2 || ktap_bail "cannot build the testbed"

# nft_counter ROLE FAMILY TABLE NAME: packets of a named counter.
nft_counter() {
	nsx "$1" nft -j list counter "$2" "$3" "$4" |
		jq -r '[.nftables[] | .counter? | select(.) | .packets] | first // "none"'
}

# ------------------------------------------------------- part 1: NAT VNF ----

check_cmd "nftables masquerade loaded in vnf1" nsx vnf1 nft -f - <<'EOF' ||
table ip6 srext_nat {
	counter masq {}
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "to_nfv" ip6 saddr fd00:1::/64 counter name "masq" masquerade
	}
}
EOF
	ktap_bail "cannot configure the NAT in vnf1"
ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs fc00:2::f1,fc00:e::d6 via fd00:12::2 dev to_nfv &&
ip -n "${NS[eer]}" -6 route add fd00:f1::/64 via fd00:23::1 dev to_nfv ||
	ktap_bail "cannot route part 1"

cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start eer nfv to_eer -Q out &&
cap_start sink sink to_eer -Q in || ktap_bail "cannot start the captures"
udp_run udp src sink fd00:2::1 "5000:$DGRAMS" "$DGRAMS"
check_eq "UDP through the NAT: $DGRAMS distinct datagrams arrive, none damaged" \
	"$DGRAMS $DGRAMS 0" "$(udp_got 5000) $(udp_got 5000 unique) $(udp_got 5000 bad)"
cap_stop vnf1 eer sink || ktap_bail "cannot decode the captures"

check_shapes "vnf1 receives plain IPv6 from fd00:1::1" vnf1 \
	"[$(shape fd00:1::1 fd00:2::1 udp "$DGRAMS")]"
check_shapes "nfv-eer link: the chain restored around the rewritten packet (inner source fd00:f1::2)" eer \
	"[$(shape fd00:12::1 fc00:e::d6 udp "$DGRAMS" 0 fc00:e::d6,fc00:2::f1 fd00:f1::2 fd00:2::1)]"
check_shapes "the sink receives the datagrams from the NAT address fd00:f1::2" sink \
	"[$(shape fd00:f1::2 fd00:2::1 udp "$DGRAMS")]"
check_eq "the masquerade rule ran once (one conntrack entry for the flow)" 1 \
	"$(nft_counter vnf1 ip6 srext_nat masq)"
srext_json nfv
s1='.[] | select(.sid == "fc00:2::f1") | .stats'
check_json "fc00:2::f1: $DGRAMS packets and $((DGRAMS * 112)) bytes each way, one cache update, no drop" \
	"$s1 | [.packets_to_vnf, .packets_from_vnf, .bytes_to_vnf, .bytes_from_vnf, .cache_updates, ([.drops[]] | add)]" \
	"[$DGRAMS,$DGRAMS,$((DGRAMS * 112)),$((DGRAMS * 112)),1,0]"

# Replies to the NAT address.
JQ_REPLY='select(.l4 == "icmp6" and .icmp_type == 129)'
cap_start src src to_ier -Q in &&
cap_start vnf1r vnf1 to_nfv -Q in &&
cap_start eerr nfv to_eer -Q out &&
cap_start sinkr sink to_eer -Q in || ktap_bail "cannot start the captures"
check_eq "ping src -> sink through the NAT: no reply comes back to src" 0 \
	"$(ping_run src fd00:2::1 "$PINGS" 0.3)"
sleep 0.5
cap_stop src vnf1r eerr sinkr || ktap_bail "cannot decode the captures"
# reply_shapes NAME: [src, dst, exts, SL, inner src, inner dst, count] of
# the echo replies of a capture.
reply_shapes() {
	cap_jq "$1" "[.[] | $JQ_REPLY | [.src, .dst, .exts, .rh.sl, .inner.src, .inner.dst]]
		| group_by(.) | map(.[0] + [length])"
}
check_eq "the sink's replies to fd00:f1::2 reach vnf1 as plain IPv6" \
	"[[\"fd00:2::1\",\"fd00:f1::2\",[],null,null,null,$PINGS]]" "$(reply_shapes vnf1r)"
check_eq "vnf1 un-NATs them and srext proxies them into the chain (SL 0, DA fc00:e::d6, inner fd00:2::1 -> fd00:1::1)" \
	"[[\"fd00:12::1\",\"fc00:e::d6\",[43],0,\"fd00:2::1\",\"fd00:1::1\",$PINGS]]" "$(reply_shapes eerr)"
check_eq "End.DX6 hands them to the sink's link: the sink sees its own replies, to fd00:1::1" \
	"[[\"fd00:2::1\",\"fd00:1::1\",[],null,null,null,$PINGS]]" "$(reply_shapes sinkr)"
check_eq "src receives no echo reply" "[]" "$(reply_shapes src)"
check_eq "the masquerade rule ran once more (the ping is a new conntrack entry)" 2 \
	"$(nft_counter vnf1 ip6 srext_nat masq)"
srext_json nfv
check_json "fc00:2::f1: $PINGS more requests to the VNF, $((2 * PINGS)) more packets from it, no drop" \
	"$s1 | [.packets_to_vnf, .packets_from_vnf, .cache_updates, ([.drops[]] | add)]" \
	"[$((DGRAMS + PINGS)),$((DGRAMS + 2 * PINGS)),1,0]"

# ------------------------------------- part 2: firewall answering itself ----

check_cmd "nftables firewall rejecting TCP port 7000 loaded in vnf2" nsx vnf2 nft -f - <<'EOF' ||
table inet srext_fw {
	counter rejected {}
	chain forward {
		type filter hook forward priority filter; policy accept;
		tcp dport 7000 counter name "rejected" reject with tcp reset
	}
}
EOF
	ktap_bail "cannot configure the firewall in vnf2"
ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
	segs fc00:2::f2,fc00:e::d6 via fd00:12::2 dev to_nfv &&
nsx src sysctl -qw net.ipv4.tcp_syn_retries="$SYN_RETRIES" ||
	ktap_bail "cannot set up part 2"

tcp_run tcp src sink fd00:2::1 7001 65536
check_tcp "TCP to port 7001 (allowed): 64 KiB arrive intact" 65536
srext_json nfv
f2_to=$(sid_stat fc00:2::f2 .packets_to_vnf)
f2_from=$(sid_stat fc00:2::f2 .packets_from_vnf)
f2_bto=$(sid_stat fc00:2::f2 .bytes_to_vnf)
f2_bfrom=$(sid_stat fc00:2::f2 .bytes_from_vnf)

cap_start src2 src to_ier -Q in &&
cap_start src2o src to_ier -Q out &&
cap_start vnf2i vnf2 to_nfv -Q in &&
cap_start vnf2o vnf2 to_nfv -Q out &&
cap_start eer2 nfv to_eer -Q out &&
cap_start sink2 sink to_eer -Q in || ktap_bail "cannot start the captures"
bg_start listen sink "$PYTHON" "$PKT_PY" tcp-recv --port 7000 --timeout 30
wait_for_line "$TMPD/listen.out" '^ready$' 20 || ktap_bail "the TCP listener did not start"
run_cmd nsx src "$PYTHON" -c '
import errno, socket
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.settimeout(30)
try:
    s.connect(("fd00:2::1", 7000))
    print("connected")
except OSError as e:
    # errno None: our own 30 s timeout, not the kernel giving up.
    print("no answer in 30 s" if e.errno is None else
          errno.errorcode.get(e.errno, str(e.errno)))'
connect=$RUN_OUT
bg_stop listen
sleep 0.5
cap_stop src2 src2o vnf2i vnf2o eer2 sink2 || ktap_bail "cannot decode the captures"

check_eq "connect to port 7000 times out (ETIMEDOUT), it is not refused" ETIMEDOUT "$connect"
# tcp_shapes NAME: [src, dst, DA if encapsulated, SL, inner src, inner
# dst, sport, dport, flags, count] of the port 7000 segments of a capture.
tcp_shapes() {
	cap_jq "$1" '[.[] | select(.l4 == "tcp" and (.sport == 7000 or .dport == 7000))
		| [.src, .dst, .rh.sl, (.rh.segs // [] | join(",")), .inner.src, .inner.dst, .sport, .dport, .tcp_flags]]
		| group_by(.) | map(.[0] + [length])'
}
# How many SYNs the kernel sends before giving up depends on time (RTO
# model, linear SYN timeouts on 6.12), not only on tcp_syn_retries: count
# them and expect exactly as many of everything else.
syn=$(cap_jq vnf2i '[.[] | select(.l4 == "tcp" and .dport == 7000)] | .[0].sport // 0')
SYNS=$(cap_jq vnf2i '[.[] | select(.l4 == "tcp" and .dport == 7000)] | length')
syns_src=$(cap_jq src2o '[.[] | select(.l4 == "tcp" and .dport == 7000 and .tcp_flags == 2)] | length')
diag "src sent $syns_src SYNs before giving up"
check_eq "src sent at least $((SYN_RETRIES + 1)) SYNs (the first and tcp_syn_retries $SYN_RETRIES), vnf2 received each" \
	"true $syns_src" "$([ "$syns_src" -ge $((SYN_RETRIES + 1)) ] && echo true || echo false) $SYNS"
check_eq "vnf2 receives the $SYNS SYNs plain, all of one connection attempt" \
	"[[\"fd00:1::1\",\"fd00:2::1\",null,\"\",null,null,$syn,7000,2,$SYNS]]" "$(tcp_shapes vnf2i)"
check_eq "vnf2 answers each with an RST|ACK from fd00:2::1 to fd00:1::1, sent on IFACE-IN" \
	"[[\"fd00:2::1\",\"fd00:1::1\",null,\"\",null,null,7000,$syn,20,$SYNS]]" "$(tcp_shapes vnf2o)"
check_eq "srext proxies the RSTs into the chain towards the egress (SL 0, DA fc00:e::d6)" \
	"[[\"fd00:12::1\",\"fc00:e::d6\",0,\"fc00:e::d6,fc00:2::f2\",\"fd00:2::1\",\"fd00:1::1\",7000,$syn,20,$SYNS]]" \
	"$(tcp_shapes eer2)"
check_eq "End.DX6 delivers the RSTs to the sink's link" \
	"[[\"fd00:2::1\",\"fd00:1::1\",null,\"\",null,null,7000,$syn,20,$SYNS]]" "$(tcp_shapes sink2)"
check_eq "src receives no segment from port 7000 (no RST)" "[]" "$(tcp_shapes src2)"
check_eq "the reject rule counted $SYNS" "$SYNS" "$(nft_counter vnf2 inet srext_fw rejected)"

syn_bytes=$(cap_jq vnf2i '[.[] | select(.l4 == "tcp" and .dport == 7000) | .inner_len] | add // 0')
srext_json nfv
check_eq "fc00:2::f2: $SYNS SYNs ($syn_bytes bytes) to the VNF, $SYNS RSTs ($((SYNS * 60)) bytes) back" \
	"$SYNS $SYNS $syn_bytes $((SYNS * 60))" \
	"$(($(sid_stat fc00:2::f2 .packets_to_vnf) - f2_to)) $(($(sid_stat fc00:2::f2 .packets_from_vnf) - f2_from)) $(($(sid_stat fc00:2::f2 .bytes_to_vnf) - f2_bto)) $(($(sid_stat fc00:2::f2 .bytes_from_vnf) - f2_bfrom))"
check_json "fc00:2::f2: one cache update, no drop" \
	'.[] | select(.sid == "fc00:2::f2") | .stats | [.cache_updates, ([.drops[]] | add)]' "[1,0]"
check_json "fc00:2::f1 saw nothing of part 2" \
	"$s1 | [.packets_to_vnf, .packets_from_vnf]" "[$((DGRAMS + PINGS)),$((DGRAMS + 2 * PINGS))]"

ktap_finish
