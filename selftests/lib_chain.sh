# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib_chain.sh: helpers of the offload, MTU, hop-limit, mixed-chain and
# VNF-application tests (gso_test, mtu_test, hoplimit_test,
# mixed_chain_test, vnf_apps_test).  Sourced after lib.sh, never run.
#
# offloads       offloads_set ROLE:DEV... -- ETHTOOL-K-ARGS...,
#                offloads_show ROLE DEV (gro,gso,tso as "on on on")
# sockets        tcp_wait_listen ROLE PORT TIMEOUT
# counters       snmp6 ROLE NAME (a /proc/net/snmp6 counter of ROLE's
#                namespace), sid_stat SID JQ-PATH (from $SREXT_JSON)
# captures       cap_tcp_csums NAME: TCP checksums of a capture checked;
#                cap_icmp6_errors NAME: the ICMPv6 errors of a capture with
#                their MTU / pointer and the packet they quote

# offloads_set ROLE:DEV... -- ARGS...: ethtool -K DEV ARGS in ROLE's
# namespace for each ROLE:DEV.
offloads_set() {
	local ends=() e
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		ends+=("$1")
		shift
	done
	shift
	for e in "${ends[@]}"; do
		nsx "${e%%:*}" ethtool -K "${e#*:}" "$@" >/dev/null || return 1
	done
}

# offloads_show ROLE DEV: "GRO GSO TSO" (on/off) as ethtool -k reports them.
offloads_show() {
	nsx "$1" ethtool -k "$2" | awk -F': ' '
		$1 == "generic-receive-offload" { gro = $2 }
		$1 == "generic-segmentation-offload" { gso = $2 }
		$1 == "tcp-segmentation-offload" { tso = $2 }
		END { print gro, gso, tso }' | sed 's/ \[fixed\]//g'
}

# tcp_wait_listen ROLE PORT TIMEOUT: wait until a TCP socket listens on
# PORT in ROLE's namespace.
tcp_wait_listen() {
	local role=$1 port=$2 timeout=$3 i
	for ((i = 0; i < timeout * 10; i++)); do
		nsx "$role" ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

# snmp6 ROLE NAME: the value of counter NAME (Ip6InTooBigErrors,
# Icmp6OutPktTooBigs...) of ROLE's namespace.
snmp6() {
	nsx "$1" awk -v n="$2" '$1 == n { print $2; f = 1 } END { if (!f) print "none" }' \
		/proc/net/snmp6
}

# sid_stat SID PATH: .stats PATH (e.g. ".packets_to_vnf") of SID in
# $SREXT_JSON (see srext_json).
sid_stat() {
	jq -r --arg s "$1" ".[] | select(.sid == \$s) | .stats$2" <<<"$SREXT_JSON" 2>/dev/null
}

# cap_icmp6_errors NAME: one JSON object per ICMPv6 error (type 1 to 4) in
# capture NAME ($TMPD/NAME.pcap), in capture order: {src, dst, type, code,
# param (MTU of Packet Too Big, pointer of Parameter Problem), emb (the
# quoted packet as pkt.py decodes it: src, dst, hlim, exts, sl, segs,
# inner_src, inner_dst, plen, key)}.  The error itself must carry no
# extension header (what a router sends).
cap_icmp6_errors() {
	"$PYTHON" - "$TMPD/$1.pcap" "$LIB_DIR" <<'EOF'
import json, struct, sys
sys.path.insert(0, sys.argv[2])
import pkt

for ts, linktype, frame in pkt.read_pcap(sys.argv[1]):
    off = pkt.l3_offset(linktype, frame)
    if off is None or len(frame) < off + 48 or frame[off] >> 4 != 6:
        continue
    if frame[off + 6] != 58 or not 1 <= frame[off + 40] <= 4:
        continue
    emb = pkt.decode_ipv6(frame, off + 48) or {}
    rh = emb.get("rh") or {}
    inner = emb.get("inner") or {}
    print(json.dumps({
        "src": pkt.ip6(frame[off + 8:off + 24]),
        "dst": pkt.ip6(frame[off + 24:off + 40]),
        "type": frame[off + 40], "code": frame[off + 41],
        "param": struct.unpack_from("!I", frame, off + 44)[0],
        "emb": {"src": emb.get("src"), "dst": emb.get("dst"),
                "hlim": emb.get("hlim"), "exts": emb.get("exts"),
                "plen": emb.get("plen"), "sl": rh.get("sl"),
                "segs": rh.get("segs"), "inner_src": inner.get("src"),
                "inner_dst": inner.get("dst"), "key": emb.get("key")},
    }, sort_keys=True))
EOF
}

# cap_tcp_csums NAME: {"tcp": N, "bad": B, "short": S} over the TCP
# segments of capture NAME (taken with a snap length over the MTU): N
# segments whose transport header was found (behind an outer IPv6 header,
# extension headers and an inner IPv6 header, or directly), B of them with
# a wrong TCP checksum for their innermost IPv6 addresses, S captured
# incompletely (not checked).
cap_tcp_csums() {
	"$PYTHON" - "$TMPD/$1.pcap" "$LIB_DIR" <<'EOF2'
import json, struct, sys
sys.path.insert(0, sys.argv[2])
import pkt

res = {"tcp": 0, "bad": 0, "short": 0}
for ts, linktype, frame in pkt.read_pcap(sys.argv[1]):
    off = pkt.l3_offset(linktype, frame)
    if off is None or len(frame) < off + 40 or frame[off] >> 4 != 6:
        continue
    nh, ip = frame[off + 6], off
    off += 40
    while nh in (0, 43, 60) and len(frame) >= off + 2:
        nh, off = frame[off], off + 8 * (frame[off + 1] + 1)
    if nh == 41 and len(frame) >= off + 40:
        nh, ip = frame[off + 6], off
        off += 40
    if nh != 6:
        continue
    res["tcp"] += 1
    plen = struct.unpack_from("!H", frame, ip + 4)[0]
    tlen = plen - (off - ip - 40)
    if len(frame) < off + tlen:
        res["short"] += 1
        continue
    pseudo = bytes(frame[ip + 8:ip + 40]) + struct.pack("!IxxxB", tlen, 6)
    if pkt.csum16(pseudo + bytes(frame[off:off + tlen])) != 0:
        res["bad"] += 1
print(json.dumps(res, sort_keys=True, separators=(",", ":")))
EOF2
}
