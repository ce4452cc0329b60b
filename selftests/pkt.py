#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Packet helpers for the srext selftests, standard library only (scapy costs
# seconds to import under TCG).  One process per job:
#
#   pkt.py pcap FILE
#       Decode a pcap file written by tcpdump -w and print one JSON object
#       per IPv6 or IPv4 packet (see decode_ipv6() and decode_ipv4() for the
#       fields).
#   pkt.py udp-send --dst ADDR --ports PORT:COUNT[,PORT:COUNT...]
#                   [--size BYTES] [--interval SECONDS] [--no-df]
#       Send COUNT datagrams to each PORT, round robin, each payload
#       "srext PORT SEQ" padded to BYTES; over IPv4 when ADDR is an IPv4
#       address (--no-df: without Don't Fragment).  Prints a JSON summary.
#   pkt.py udp-recv --ports PORT[,PORT...] --count N [--linger S] [--timeout S]
#       Print "ready" once bound, receive until N datagrams arrived in total
#       (then LINGER more seconds, to catch extra ones) or TIMEOUT, or until
#       SIGINT/SIGTERM; print a JSON summary per port.  The default bind
#       address "::" receives IPv4 datagrams as well.
#   pkt.py srv6-send --ifname DEV --smac MAC --dmac MAC [--gap S] SPEC...
#       Send one hand-made SRv6 packet per SPEC (a JSON object, see
#       SRV6_DEFAULTS: outer source, segments, SL, LE, hop limit, HBH,
#       Destination Options, SRH TLV, inner IPv6 or IPv4 UDP datagram
#       "srext PORT SEQ", or the UDP datagram right after the SRH as SRH
#       insertion makes it) as an Ethernet frame on DEV, GAP s apart.
#       "inner_csum": "bad" spoils the inner IPv4 header checksum;
#       "trailer": N adds N bytes after the inner packet (outer payload only);
#       "frag": N sends the packet as fragments of at most N bytes of what
#       follows the SRH (a Fragment header after it, RFC 8200 4.5).
#   pkt.py sock-recv --ifname DEV [--timeout S]
#       Bind a plain (not mmap) packet socket to DEV, print "ready", and
#       leave what it receives queued, as clones of the kernel's packets,
#       until SIGINT/SIGTERM or TIMEOUT; then print one JSON object per
#       queued IPv6 or IPv4 frame, decoded as by "pcap".
#   pkt.py srv6-fuzz --seed N --count N --sids SID=KIND,... [--reply]
#                    (--ifname DEV --smac MAC --dmac MAC | --out FILE)
#   pkt.py srv6-fuzz --corpus FILE --ifname DEV --smac MAC --dmac MAC
#       Structure-aware mutants of SRv6 packets towards the SIDs (or, with
#       --reply, of what a VNF sends back), sent as Ethernet frames on DEV,
#       or written to a corpus FILE (+ FILE.json) to be sent later, e.g.
#       generated on the host at native speed. Prints per SID how many
#       reached srext and how many it may hold for reassembly.
#   pkt.py srv6-flows --ifname DEV --smac MAC --dmac MAC --count N
#                     [--first N] [--spec JSON]
#       One SRv6 packet per inner flow, N flows (the inner source address
#       counting up).
#   pkt.py tcp-recv --port PORT [--timeout S]
#   pkt.py tcp-send --dst ADDR --port PORT --bytes N
#       Transfer N pseudo-random bytes over one TCP connection; both sides
#       print {"bytes": N, "sha256": "..."}.

import argparse
import errno
import hashlib
import hmac
import json
import selectors
import signal
import socket
import struct
import sys
import time

LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_LINUX_SLL = 113
LINKTYPE_LINUX_SLL2 = 276

# IPv6 extension headers that use the generic (next header, length) layout.
EXT_HEADERS = {0: "hbh", 43: "rh", 60: "dstopts", 135: "mobility"}
# ICMPv6 types that are neighbour discovery / MLD control traffic.
ICMP6_CONTROL = {130, 131, 132, 133, 134, 135, 136, 137, 143}


def ip6(raw):
    return socket.inet_ntop(socket.AF_INET6, bytes(raw))


def decode_l4(pkt, nh, data, off, v4=False):
    """Fill the transport fields of pkt for header nh at data[off:] (an
    IPv4 protocol number when v4)."""
    if v4 and nh == 1 and len(data) >= off + 4:
        typ, code = data[off], data[off + 1]
        pkt.update(l4="icmp", icmp_type=typ, icmp_code=code)
        if typ in (3, 11, 12) and len(data) >= off + 8:
            if typ == 12:
                pkt["icmp_ptr"] = data[off + 4]
            emb = decode_ipv4(data, off + 8)
            if emb is not None:
                pkt["icmp_emb"] = {k: emb.get(k) for k in
                                   ("src", "dst", "hlim", "key", "udp_seq")}
        if typ in (0, 8) and len(data) >= off + 8:
            ident, seq = struct.unpack_from("!HH", data, off + 4)
            pkt.update(icmp_id=ident, icmp_seq=seq)
            pkt["key"] = "echo4:%d:%d:%d" % (typ, ident, seq)
    elif v4 and nh == 2:
        pkt.update(l4="igmp", control=True)
    elif nh == 58 and len(data) >= off + 4:
        typ, code = data[off], data[off + 1]
        pkt.update(l4="icmp6", icmp_type=typ, icmp_code=code,
                   control=typ in ICMP6_CONTROL)
        if typ in (1, 2, 3, 4) and len(data) >= off + 8:
            # An error: the pointer (Parameter Problem) and the packet
            # that caused it.
            if typ == 4:
                pkt["icmp_ptr"] = struct.unpack_from("!I", data, off + 4)[0]
            emb = decode_ipv6(data, off + 8)
            if emb is not None:
                pkt["icmp_emb"] = {k: emb.get(k) for k in
                                   ("src", "dst", "hlim", "key", "udp_seq")}
        if typ in (128, 129) and len(data) >= off + 8:
            ident, seq = struct.unpack_from("!HH", data, off + 4)
            pkt.update(icmp_id=ident, icmp_seq=seq)
            pkt["key"] = "echo:%d:%d:%d" % (typ, ident, seq)
    elif nh == 17 and len(data) >= off + 8:
        sport, dport, ulen = struct.unpack_from("!HHH", data, off)
        payload = bytes(data[off + 8:off + ulen])
        pkt.update(l4="udp", sport=sport, dport=dport,
                   payload_len=ulen - 8)
        pkt["key"] = "udp:%d:%d:%s" % (sport, dport, payload[:24].hex())
        words = payload.split(b" ")
        if len(words) >= 3 and words[0] == b"srext" and words[2].isdigit():
            pkt["udp_seq"] = int(words[2])
    elif nh == 6 and len(data) >= off + 20:
        sport, dport, seq, ack, doff = struct.unpack_from("!HHIIB", data, off)
        flags = data[off + 13]
        pkt.update(l4="tcp", sport=sport, dport=dport, tcp_seq=seq,
                   tcp_flags=flags)
        pkt["key"] = "tcp:%d:%d:%d:%d:%d" % (sport, dport, seq, ack, flags)
    else:
        pkt["l4"] = nh


def ipv4_fields(data, off):
    """The IPv4 header at data[off:] as a dict, its protocol and its header
    length, or None if it is not a whole IPv4 header."""
    if len(data) < off + 20 or data[off] >> 4 != 4:
        return None
    ihl = (data[off] & 0x0f) * 4
    if ihl < 20 or len(data) < off + ihl:
        return None
    tos, tot_len, ident, frag, ttl, proto = struct.unpack_from(
        "!xBHHHBB", data, off)
    fields = {
        "ver": 4,
        "src": socket.inet_ntop(socket.AF_INET, bytes(data[off + 12:off + 16])),
        "dst": socket.inet_ntop(socket.AF_INET, bytes(data[off + 16:off + 20])),
        "ttl": ttl, "hlim": ttl, "plen": tot_len - ihl, "tclass": tos,
        "id": ident, "proto": proto,
        "frag": frag & 0x3fff,
        "csum_ok": csum16(bytes(data[off:off + ihl])) == 0,
        "exts": [], "rh": None,
    }
    return fields, proto, ihl


def decode_ipv4(data, off):
    """Decode the IPv4 packet at data[off:].

    Fields: ver 4, src, dst, ttl, hlim (the TTL again, so that hop-limit
    helpers work for both families), plen (tot_len minus the header), tclass
    (TOS), id, proto, frag (flags and offset but DF), csum_ok (the header
    checksum is valid); exts [], rh null, inner null; l4 and its fields as
    in decode_ipv6() (l4 "icmp" for ICMPv4, with icmp_id/icmp_seq for echo
    and key "echo4:TYPE:ID:SEQ"); inner_len: tot_len.
    """
    got = ipv4_fields(data, off)
    if got is None:
        return None
    pkt, proto, ihl = got
    pkt.update(inner=None, control=False, key=None,
               inner_len=pkt["plen"] + ihl, ext_hex="", ext_hex_nosl="")
    if pkt["frag"] & 0x1fff == 0:
        decode_l4(pkt, proto, data, off + ihl, v4=True)
    else:
        pkt["l4"] = proto
    return pkt


def decode_ipv6(data, off):
    """Decode the IPv6 packet at data[off:].

    Fields: ver 6, src, dst, hlim, plen, tclass, flowlabel of the outer
    header; exts: next-header values of the extension headers of the outer
    packet; rh: the routing header {type, sl, le, nh (the header after it),
    segs} or null; inner: {src, dst, hlim, plen, exts} of an encapsulated
    IPv6 packet (next header 41), or the fields of decode_ipv4() for an
    encapsulated IPv4 packet (next header 4: ver 4, ttl, csum_ok...), or
    null; l4 and its fields (sport, dport, icmp_type, icmp_seq, ...) for the
    innermost packet; key: a string naming the innermost packet (the same
    packet has the same key on every hop); inner_len: length of the
    innermost IP packet; control: true for ND/MLD.
    """
    if len(data) < off + 40 or data[off] >> 4 != 6:
        return None
    vtf, plen, nh, hlim = struct.unpack_from("!IHBB", data, off)
    pkt = {
        "ver": 6,
        "src": ip6(data[off + 8:off + 24]),
        "dst": ip6(data[off + 24:off + 40]),
        "hlim": hlim, "plen": plen,
        "tclass": (vtf >> 20) & 0xff, "flowlabel": vtf & 0xfffff,
        "exts": [], "rh": None, "inner": None, "control": False,
        "key": None, "inner_len": 40 + plen,
    }
    cur = pkt
    off += 40
    ext_start = off
    ext_end = None
    sl_at = None
    depth = 0
    while True:
        if nh in EXT_HEADERS and len(data) >= off + 8:
            cur["exts"].append(nh)
            nxt, hlen = data[off], (data[off + 1] + 1) * 8
            if nh == 43 and cur["rh"] is None:
                rtype, sl = data[off + 2], data[off + 3]
                rh = {"type": rtype, "sl": sl, "nh": nxt}
                if rtype == 4:
                    le = data[off + 4]
                    rh["le"] = le
                    rh["flags"] = data[off + 5]
                    rh["tag"] = struct.unpack_from("!H", data, off + 6)[0]
                    rh["segs"] = [ip6(data[off + 8 + 16 * i:off + 24 + 16 * i])
                                  for i in range(le + 1)
                                  if off + 24 + 16 * i <= len(data)]
                    rh["len"] = hlen
                cur["rh"] = rh
                if depth == 0:
                    sl_at = off + 3
            nh = nxt
            off += hlen
        elif nh == 44 and len(data) >= off + 8:
            cur["exts"].append(nh)
            nh = data[off]
            off += 8
        elif nh == 4 and depth == 0 and ipv4_fields(data, off) is not None:
            ext_end = off
            inner, proto, ihl = ipv4_fields(data, off)
            pkt["inner"] = inner
            pkt["inner_len"] = inner["plen"] + ihl
            if inner["frag"] & 0x1fff == 0:
                decode_l4(pkt, proto, data, off + ihl, v4=True)
            else:
                pkt["l4"] = proto
            ext = bytes(data[ext_start:ext_end])
            pkt["ext_hex"] = ext.hex()
            pkt["ext_hex_nosl"] = ext_hex_nosl(ext, sl_at, ext_start)
            return pkt
        elif nh == 41 and depth == 0 and len(data) >= off + 40:
            ext_end = off
            vtf, iplen, inh, ihlim = struct.unpack_from("!IHBB", data, off)
            inner = {
                "ver": 6,
                "src": ip6(data[off + 8:off + 24]),
                "dst": ip6(data[off + 24:off + 40]),
                "hlim": ihlim, "plen": iplen, "exts": [], "rh": None,
            }
            pkt["inner"] = inner
            pkt["inner_len"] = 40 + iplen
            cur = inner
            nh = inh
            off += 40
            depth += 1
        else:
            break
    # The outer extension headers as bytes, and with the SRH's Segments
    # Left masked ("xx"), to compare them across an End step.
    ext = bytes(data[ext_start:ext_end if ext_end is not None else off])
    pkt["ext_hex"] = ext.hex()
    pkt["ext_hex_nosl"] = ext_hex_nosl(ext, sl_at, ext_start)
    decode_l4(pkt, nh, data, off)
    return pkt


def ext_hex_nosl(ext, sl_at, ext_start):
    """ext as hex with the SRH's Segments Left byte (at sl_at) masked."""
    if sl_at is not None and sl_at - ext_start < len(ext):
        i = sl_at - ext_start
        return ext[:i].hex() + "xx" + ext[i + 1:].hex()
    return ext.hex()


def read_pcap(path):
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 24:
        return
    magic = blob[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise SystemExit("%s: not a pcap file (pcapng is not supported)" % path)
    nsec = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack_from(endian + "I", blob, 20)[0] & 0x0fffffff
    off = 24
    while off + 16 <= len(blob):
        sec, frac, caplen, _ = struct.unpack_from(endian + "IIII", blob, off)
        off += 16
        frame = memoryview(blob)[off:off + caplen]
        off += caplen
        ts = sec + frac / (1e9 if nsec else 1e6)
        yield ts, linktype, frame


ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86dd


def l3_offset(linktype, frame):
    """Offset of the IP header in frame, or None if it is neither IPv6 nor
    IPv4."""
    etype = None
    if linktype == LINKTYPE_ETHERNET:
        if len(frame) < 14:
            return None
        etype = struct.unpack_from("!H", frame, 12)[0]
        off = 14
        while etype in (0x8100, 0x88a8) and len(frame) >= off + 4:
            etype = struct.unpack_from("!H", frame, off + 2)[0]
            off += 4
    elif linktype == LINKTYPE_LINUX_SLL:
        if len(frame) < 16:
            return None
        etype, off = struct.unpack_from("!H", frame, 14)[0], 16
    elif linktype == LINKTYPE_LINUX_SLL2:
        if len(frame) < 20:
            return None
        etype, off = struct.unpack_from("!H", frame, 0)[0], 20
    elif linktype == LINKTYPE_RAW:
        return 0
    return off if etype in (ETH_P_IP, ETH_P_IPV6) else None


def decode_frame(linktype, frame):
    """The IPv6 or IPv4 packet of frame as decode_ipv6/decode_ipv4 give it,
    or None."""
    off = l3_offset(linktype, frame)
    if off is None or len(frame) <= off:
        return None
    if frame[off] >> 4 == 4:
        return decode_ipv4(frame, off)
    return decode_ipv6(frame, off)


def cmd_pcap(args):
    out = sys.stdout
    for i, (ts, linktype, frame) in enumerate(read_pcap(args.file)):
        pkt = decode_frame(linktype, frame)
        if pkt is None:
            continue
        pkt["i"] = i
        pkt["ts"] = round(ts, 6)
        out.write(json.dumps(pkt, sort_keys=True) + "\n")
    return 0


def parse_port_counts(spec):
    res = []
    for item in spec.split(","):
        port, count = item.split(":")
        res.append([int(port), int(count)])
    return res


def cmd_udp_send(args):
    todo = parse_port_counts(args.ports)
    socks = {}
    sent = {}
    seq = {port: 0 for port, _ in todo}
    family = socket.AF_INET6 if ":" in args.dst else socket.AF_INET
    for port, _ in todo:
        s = socket.socket(family, socket.SOCK_DGRAM)
        if args.no_df and family == socket.AF_INET:
            # IP_MTU_DISCOVER, IP_PMTUDISC_DONT: routers may fragment them.
            s.setsockopt(socket.IPPROTO_IP, 10, 0)
        socks[port] = s
        sent[str(port)] = 0
    # Round robin over the ports, so that a port with more datagrams is
    # also the one sent last.
    while any(c > 0 for _, c in todo):
        for item in todo:
            port, left = item
            if left == 0:
                continue
            seq[port] += 1
            msg = ("srext %d %06d " % (port, seq[port])).encode()
            msg = msg.ljust(args.size, b".")
            socks[port].sendto(msg, (args.dst, port))
            sent[str(port)] += 1
            item[1] = left - 1
            if args.interval:
                time.sleep(args.interval)
    print(json.dumps({"sent": sent, "size": args.size}))
    return 0


def cmd_udp_recv(args):
    ports = [int(p) for p in args.ports.split(",")]
    sel = selectors.DefaultSelector()
    stats = {}
    seen = {}
    for port in ports:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        s.bind((args.bind, port))
        sel.register(s, selectors.EVENT_READ, port)
        stats[str(port)] = {"packets": 0, "unique": 0, "bad": 0, "bytes": 0}
        seen[port] = set()
    stop = []

    def on_signal(signum, frame):
        stop.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print("ready", flush=True)
    deadline = time.monotonic() + args.timeout
    total = 0
    linger_until = None
    while not stop:
        now = time.monotonic()
        end = deadline if linger_until is None else min(deadline, linger_until)
        if now >= end:
            break
        for key, _ in sel.select(timeout=min(0.2, end - now)):
            port = key.data
            msg = key.fileobj.recv(65535)
            st = stats[str(port)]
            st["packets"] += 1
            st["bytes"] += len(msg)
            total += 1
            words = msg.split(b" ")
            # Every byte as the senders make it: "srext PORT SEQ " and
            # dots up to the size.
            want = b"srext %d %s " % (port, words[2] if len(words) > 2 else b"")
            want = want.ljust(args.size or len(msg), b".")
            if len(words) < 3 or msg != want:
                st["bad"] += 1
            elif words[2] not in seen[port]:
                seen[port].add(words[2])
                st["unique"] += 1
                if words[2].isdigit():
                    st.setdefault("seqs", []).append(int(words[2]))
        if linger_until is None and args.count and total >= args.count:
            linger_until = time.monotonic() + args.linger
    print(json.dumps(stats, sort_keys=True), flush=True)
    return 0


def pattern(n):
    """n deterministic pseudo-random bytes."""
    out = bytearray()
    block = b"srext"
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:n])


def cmd_tcp_recv(args):
    srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((args.bind, args.port))
    srv.listen(1)
    srv.settimeout(args.timeout)
    print("ready", flush=True)
    h = hashlib.sha256()
    n = 0
    try:
        conn, _ = srv.accept()
        conn.settimeout(args.timeout)
        while True:
            buf = conn.recv(1 << 16)
            if not buf:
                break
            h.update(buf)
            n += len(buf)
        conn.close()
    except OSError as e:
        print(json.dumps({"bytes": n, "sha256": h.hexdigest(),
                          "error": str(e)}), flush=True)
        return 1
    print(json.dumps({"bytes": n, "sha256": h.hexdigest()}), flush=True)
    return 0


def cmd_tcp_send(args):
    data = pattern(args.bytes)
    s = socket.create_connection((args.dst, args.port), timeout=args.timeout)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    # Wait for the receiver to close: everything was delivered.
    s.settimeout(args.timeout)
    while s.recv(4096):
        pass
    s.close()
    print(json.dumps({"bytes": len(data),
                      "sha256": hashlib.sha256(data).hexdigest()}))
    return 0


def csum16(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def build_udp(src, dst, sport, dport, payload, family):
    """A UDP header + payload with its checksum for src/dst."""
    ulen = 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, ulen, 0)
    if family == socket.AF_INET6:
        pseudo = (socket.inet_pton(family, src) + socket.inet_pton(family, dst) +
                  struct.pack("!IxxxB", ulen, 17))
    else:
        pseudo = (socket.inet_pton(family, src) + socket.inet_pton(family, dst) +
                  struct.pack("!xBH", 17, ulen))
    ck = csum16(pseudo + hdr + payload) or 0xffff
    return struct.pack("!HHHH", sport, dport, ulen, ck) + payload


def ipv6_header(src, dst, nh, plen, hlim, tclass=0):
    return (struct.pack("!IHBB", 6 << 28 | tclass << 20, plen, nh, hlim) +
            socket.inet_pton(socket.AF_INET6, src) +
            socket.inet_pton(socket.AF_INET6, dst))


# Defaults of one srv6-send packet description.  inner: "ipv6" or "ipv4"
# (encapsulation, SRH next header 41 or 4; inner TTL/hop limit inner_ttl,
# inner IPv6 traffic class inner_tclass) or "udp" (SRH insertion: the
# datagram right after the SRH, from src); tclass: the outer one;
# inner_frag {"off": BYTES, "more": 0|1, "id": N}: the inner datagram is
# that fragment (IPv6: a Fragment header before the UDP bytes).
SRV6_DEFAULTS = {
    "src": "fd00:12::1", "segs": ["fc00:e::d6", "fc00:2::f1"], "sl": 1,
    "le": None, "dst": None, "hlim": 64, "srh": True, "tag": 0, "rtype": 4,
    "hbh": False, "dstopts": False, "tlv": False, "inner": "ipv6",
    "inner_src": "fd00:1::1", "inner_dst": "fd00:2::1", "dport": 5000,
    "seq": 0, "size": 64, "inner_ttl": 64, "tclass": 0, "inner_tclass": 0,
}


def srh_hmac(secret, keyid, src, le, flags, segs):
    """The HMAC of an SRH as seg6_hmac_compute() has it (RFC 8754 2.1.2.1
    with SHA-256): source, Last Entry, flags, key id, the segment list."""
    text = (socket.inet_pton(socket.AF_INET6, src) + bytes([le, flags]) +
            struct.pack("!I", keyid) +
            b"".join(socket.inet_pton(socket.AF_INET6, a) for a in segs))
    return hmac.new(secret.encode(), text, hashlib.sha256).digest()


def build_srh(p, nh):
    """The SRH of a packet description, next header nh.

    "tlv": true or "padn" for a PadN TLV, "hmac" for an HMAC TLV with key
    id 7 and 32 bytes of nonsense (the H flag clear: the kernel ignores
    it); "hmac": {"secret": S, "keyid": N} for a real one, last in the SRH
    with the H flag as Linux's seg6 wants it ("bad": true spoils one
    byte). "hdrlen" overrides Hdr Ext Len (a truncated SRH), "rtype" the
    Routing Type (4)."""
    segs = p["segs"]
    le = len(segs) - 1 if p["le"] is None else p["le"]
    flags = 0
    if p.get("hmac"):
        h = p["hmac"]
        flags = 0x08
        mac = bytearray(srh_hmac(h["secret"], h["keyid"], p["src"], le,
                                 flags, segs))
        if h.get("bad"):
            mac[0] ^= 0xff
        tlv = bytes([5, 38, 0, 0]) + struct.pack("!I", h["keyid"]) + mac
    elif p["tlv"] == "hmac":
        tlv = bytes([5, 38, 0, 0]) + struct.pack("!I", 7) + bytes(range(32))
    else:
        tlv = bytes([4, 6]) + bytes(6) if p["tlv"] else b""
    hdrlen = p.get("hdrlen") or (16 * len(segs) + len(tlv)) // 8
    srh = struct.pack("!BBBBBBH", nh, hdrlen, p["rtype"], p["sl"], le, flags, p["tag"])
    return srh + b"".join(socket.inet_pton(socket.AF_INET6, a) for a in segs) + tlv


def build_srv6(spec):
    """An SRv6 packet (outer IPv6, optional HBH/DestOpts, SRH, inner)."""
    p = dict(SRV6_DEFAULTS)
    p.update(spec)
    payload = ("srext %d %06d " % (p["dport"], p["seq"])).encode()
    payload = payload.ljust(p["size"], b".")
    segs = p["segs"]
    if p["inner"] == "ipv4":
        udp = build_udp("10.0.1.1", "10.0.2.1", 4000, p["dport"], payload,
                        socket.AF_INET)
        fr = p.get("inner_frag")
        ident, foff = 1, 0
        if fr:
            ident = fr.get("id", 1)
            foff = fr.get("off", 0) // 8 | (0x2000 if fr.get("more", 1) else 0)
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident, foff,
                          p["inner_ttl"], 17, 0, socket.inet_aton("10.0.1.1"),
                          socket.inet_aton("10.0.2.1"))
        ck = csum16(hdr) ^ (0x5555 if p.get("inner_csum") == "bad" else 0)
        hdr = hdr[:10] + struct.pack("!H", ck) + hdr[12:]
        body, nh = hdr + udp, 4
    elif p["inner"] == "udp":
        # SRH insertion: the datagram follows the SRH; its checksum uses
        # the final destination, Segment List[0] (RFC 8200 8.1).
        body = build_udp(p["src"], segs[0], 4000, p["dport"], payload,
                         socket.AF_INET6)
        nh = 17
    else:
        udp = build_udp(p["inner_src"], p["inner_dst"], 4000, p["dport"],
                        payload, socket.AF_INET6)
        fr, inh = p.get("inner_frag"), 17
        if fr:
            udp = struct.pack("!BBHI", 17, 0, fr.get("off", 0) | fr.get("more", 1),
                              fr.get("id", 1)) + udp
            inh = 44
        body = ipv6_header(p["inner_src"], p["inner_dst"], inh, len(udp),
                           p["inner_ttl"], p["inner_tclass"]) + udp
        nh = 41
    body += bytes(p.get("trailer", 0))
    # "exts": the extension headers in order, "hbh", "dstopts" (8 bytes,
    # a PadN option), "rh3" (routing type 3, Segments Left 0) and "srh",
    # e.g. ["srh", "hbh"]; without it, those
    # "hbh", "dstopts" and "srh" ask for, in that order.
    exts = p.get("exts")
    if exts is None:
        exts = [e for e in ("hbh", "dstopts", "srh") if p[e]]
    for ext in reversed(exts):
        if ext == "srh":
            body, nh = build_srh(p, nh) + body, 43
        elif ext == "rh3":
            # A routing header of type 3 with Segments Left 0 and one
            # address: RFC 8200 4.4 has it ignored.
            body, nh = bytes([nh, 2, 3, 0, 0, 0, 0, 0]) + bytes(16) + body, 43
        else:
            body, nh = bytes([nh, 0, 1, 4, 0, 0, 0, 0]) + body, \
                (0 if ext == "hbh" else 60)
    dst = p["dst"]
    if dst is None:
        dst = segs[p["sl"]] if p["sl"] < len(segs) else segs[0]
    return ipv6_header(p["src"], dst, nh, len(body), p["hlim"], p["tclass"]) + body


def fragment(pkt, size, ident=0x5e6):
    """The fragments of pkt (an IPv6 packet with an SRH and no other
    extension header) with at most size bytes of fragmentable part each."""
    srh_len = (pkt[41] + 1) * 8
    unfrag = bytearray(pkt[:40 + srh_len])
    rest = pkt[40 + srh_len:]
    nh = unfrag[40]
    unfrag[40] = 44
    size -= size % 8
    out = []
    for off in range(0, len(rest), size):
        chunk = rest[off:off + size]
        more = 1 if off + size < len(rest) else 0
        fh = struct.pack("!BBHI", nh, 0, off | more, ident)
        frag = bytearray(unfrag) + fh + chunk
        struct.pack_into("!H", frag, 4, len(frag) - 40)
        out.append(bytes(frag))
    return out


def cmd_srv6_send(args):
    dmac = bytes.fromhex(args.dmac.replace(":", ""))
    smac = bytes.fromhex(args.smac.replace(":", ""))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((args.ifname, 0))
    for i, spec in enumerate(args.spec):
        if i and args.gap:
            time.sleep(args.gap)
        spec = json.loads(spec)
        pkt = build_srv6(spec)
        for p in fragment(pkt, spec["frag"]) if spec.get("frag") else [pkt]:
            s.send(dmac + smac + b"\x86\xdd" + p)
    print(json.dumps({"sent": len(args.spec)}))
    return 0


# ------------------------------------------------------------ fuzzing ----

def kernel_reassembles(pkt):
    """True when srext may give the packet to the defragmenter, as its
    parser walks (a first Hop-by-Hop, Destination Options and ignored
    routing headers, the SRH, Destination Options, then a Fragment
    header): a fragment it
    takes is held, not counted, until the others come (or never)."""
    nh, off = pkt[6], 40

    def skip():
        return pkt[off], off + (pkt[off + 1] + 1) * 8

    if nh == 0 and len(pkt) >= off + 2:
        nh, off = skip()
    while True:
        while nh == 60 and len(pkt) >= off + 2:
            nh, off = skip()
        if nh != 43 or len(pkt) < off + 4:
            return False
        if pkt[off + 2] == 4:
            break
        # Another routing type: ignored with Segments Left 0 (RFC 8200
        # 4.4), as srext_srh_parse() skips it; an error otherwise.
        if pkt[off + 3]:
            return False
        nh, off = skip()
    nh, off = skip()
    while nh == 60 and len(pkt) >= off + 2:
        nh, off = skip()
    return nh == 44


def fuzz_srh_packet(rnd, sid, kind):
    """A structure-aware mutant of a valid packet to SID (kind: ad6, ad4,
    as6, am): SRH fields, TLVs, extension-header chains and their order,
    inner headers, truncations, hop limits, byte flips. The outer IPv6
    header always says the truth about the length, as ip6_rcv_core()
    wants, so that every packet reaches srext."""
    segs = [rnd.choice(["fc00:e::d6", "fc00:e::d4", "fd00:2::1"]), sid]
    segs += ["fc00:e::%x" % rnd.randrange(1 << 16)
             for _ in range(rnd.choice([0, 0, 0, 1, 3, 20]))]
    spec = {"seq": rnd.randrange(1 << 20), "segs": segs, "sl": 1,
            "dst": sid, "dport": 7000 + rnd.randrange(8),
            "size": rnd.choice([0, 8, 64, 200, 1000]),
            "inner": {"ad4": "ipv4"}.get(kind, "ipv6"),
            "hlim": rnd.choice([64, 64, 64, 2, 1, 0, 255])}
    r = rnd.random()
    if r < 0.15:
        spec["exts"] = [rnd.choice(["hbh", "dstopts", "rh3", "srh"])
                        for _ in range(rnd.randrange(1, 5))]
        if rnd.random() < 0.5:
            spec["exts"] = ["hbh"] + spec["exts"]
    elif r < 0.25:
        spec["tlv"] = rnd.choice([True, "hmac"])
    elif r < 0.3:
        spec["hmac"] = {"secret": "x", "keyid": rnd.choice([1, 7]),
                        "bad": rnd.random() < 0.5}
    elif r < 0.35:
        spec["inner"] = rnd.choice(["udp", "ipv4", "ipv6"])
    elif r < 0.45:
        spec["sl"] = rnd.randrange(0, 6)
        spec["le"] = rnd.randrange(0, 6)
    elif r < 0.5:
        spec["hdrlen"] = rnd.randrange(1, 256)
    if rnd.random() < 0.1:
        spec["trailer"] = rnd.randrange(1, 40)
    if rnd.random() < 0.05:
        spec["inner_csum"] = "bad"
    if rnd.random() < 0.1:
        # First and later fragments of a few datagrams, as the flow
        # cache remembers them (proxy_ad.c struct frag_entry).
        spec["inner_frag"] = {"off": rnd.choice([0, 0, 8, 1232]),
                              "more": rnd.choice([0, 1]),
                              "id": rnd.randrange(4)}
    pkt = bytearray(build_srv6(spec))
    # Byte flips after the IPv6 header, most in the headers; a first
    # Hop-by-Hop header is left whole (ip6_rcv_core() would drop a broken
    # one before srext sees it).
    first = 48 if pkt[6] == 0 else 40
    for _ in range(rnd.choice([0, 0, 0, 1, 2, 4, 8])):
        if len(pkt) > first + 1:
            at = first + min(int(rnd.expovariate(1 / 24)), len(pkt) - first - 1)
            pkt[at] = rnd.randrange(256)
    if rnd.random() < 0.15 and len(pkt) > first + 1:
        del pkt[rnd.randrange(first + 1, len(pkt)):]
    del pkt[1500:]                      # the link's MTU
    struct.pack_into("!H", pkt, 4, len(pkt) - 40)
    return bytes(pkt)


def fuzz_reply_packet(rnd, kind):
    """What a VNF might send back on IFACE-IN: IPv6 (IPv4 for ad4) of
    any size and next header, with an SRH now and then (End.AM expects
    one), mutated; valid as the ingress hook checks (else the stack gets
    it untouched). Returns (packet, ethertype)."""
    if kind == "ad4":
        size = rnd.choice([0, 8, 64, 500, 1400])
        body = bytes(rnd.randrange(256) for _ in range(min(size, 64))) + \
            bytes(max(0, size - 64))
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, rnd.randrange(256),
                          20 + len(body), rnd.randrange(1 << 16),
                          rnd.choice([0, 0x4000, 0x2000, 0x0001]),
                          rnd.choice([64, 1, 0]),
                          rnd.choice([17, 6, 1, 47, 4, 41, 255]), 0,
                          socket.inet_aton("10.0.%d.%d" % (rnd.randrange(1, 250), rnd.randrange(1, 250))),
                          socket.inet_aton("10.0.2.%d" % rnd.randrange(1, 250)))
        hdr = hdr[:10] + struct.pack("!H", csum16(hdr)) + hdr[12:]
        return hdr + body, 0x0800
    if kind == "am" or rnd.random() < 0.3:
        spec = {"src": "fd00:1::1", "sl": rnd.choice([0, 0, 1, 2]),
                "segs": ["fd00:2::1", "fc00:1::8", "fc00:1::9"][:rnd.choice([2, 3])],
                "dst": "fd00:2::1", "inner": "udp",
                "size": rnd.choice([0, 64, 1000]),
                "hlim": rnd.choice([64, 1, 0])}
        pkt = bytearray(build_srv6(spec))
        for _ in range(rnd.choice([0, 1, 3])):
            pkt[40 + rnd.randrange(min(48, len(pkt) - 40))] = rnd.randrange(256)
    else:
        size = rnd.choice([0, 8, 64, 500, 1400])
        pkt = bytearray(ipv6_header("fd00:1::%x" % rnd.randrange(1, 1 << 16),
                                    "fd00:2::%x" % rnd.randrange(1, 1 << 16),
                                    rnd.choice([17, 6, 58, 0, 60, 43, 44, 59, 4, 41]),
                                    size, rnd.choice([64, 1, 0])))
        pkt += bytes(rnd.randrange(256) for _ in range(min(size, 64)))
        pkt += bytes(max(0, size - 64))
    struct.pack_into("!H", pkt, 4, len(pkt) - 40)
    return bytes(pkt), 0x86dd


def fuzz_stream(seed, count, sids, reply):
    """The mutants of one srv6-fuzz run, in order: (SID index or None when
    srext may hand it to the defragmenter, ethertype, packet)."""
    import random
    rnd = random.Random(seed)
    for i in range(count):
        at = i % len(sids)
        sid, kind = sids[at]
        if reply:
            pkt, etype = fuzz_reply_packet(rnd, kind)
        else:
            pkt, etype = fuzz_srh_packet(rnd, sid, kind), 0x86dd
            if kernel_reassembles(pkt):
                at = None
        yield at, etype, pkt


# A corpus file: per mutant, "!HHB" (ethertype, length, SID index or 255)
# and the IPv6/IPv4 packet; FILE.json holds the summary srv6-fuzz prints.
CORPUS_REC = struct.Struct("!HHB")


def fuzz_corpus(path):
    with open(path, "rb") as f:
        data = f.read()
    off = 0
    while off < len(data):
        etype, n, at = CORPUS_REC.unpack_from(data, off)
        off += CORPUS_REC.size
        yield (None if at == 255 else at), etype, data[off:off + n]
        off += n


def cmd_srv6_fuzz(args):
    """Send COUNT mutants round robin over the SIDs (SID:KIND each), towards
    the SIDs, or with --reply as the VNFs would send them back (one
    IFACE-IN: the first SID's kind). Prints how many reached srext per SID
    ("counted") and how many more it may have given to the defragmenter
    ("held": counted once whole or refused, never if it keeps them).
    --out FILE writes them to a corpus file (and the summary to FILE.json)
    instead; --corpus FILE sends such a file's mutants."""
    if args.corpus:
        with open(args.corpus + ".json") as f:
            summary = json.load(f)
        sids = summary["sids"]
        stream = fuzz_corpus(args.corpus)
    else:
        if args.seed is None or args.count is None or not args.sids:
            raise SystemExit("srv6-fuzz: --seed, --count and --sids, or --corpus")
        sids = [x.split("=") for x in args.sids.split(",")]
        stream = fuzz_stream(args.seed, args.count, sids, args.reply)
    counted = {sid: 0 for sid, _ in sids}
    held = {sid: 0 for sid, _ in sids}
    out = s = None
    if args.out:
        out = open(args.out, "wb")
    else:
        if not (args.ifname and args.smac and args.dmac):
            raise SystemExit("srv6-fuzz: --ifname, --smac and --dmac, or --out")
        dmac = bytes.fromhex(args.dmac.replace(":", ""))
        smac = bytes.fromhex(args.smac.replace(":", ""))
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((args.ifname, 0))
    sent = 0
    for at, etype, pkt in stream:
        sid = sids[sent % len(sids)][0]
        if at is None:
            held[sid] += 1
        else:
            counted[sid] += 1
        if out:
            out.write(CORPUS_REC.pack(etype, len(pkt), 255 if at is None else at))
            out.write(pkt)
        else:
            for attempt in range(100):
                try:
                    s.send(dmac + smac + struct.pack("!H", etype) + pkt)
                    break
                except BlockingIOError:
                    time.sleep(0.01)
            if args.pace and sent % args.pace == args.pace - 1:
                time.sleep(0.01)
        sent += 1
    summary = {"sent": sent, "counted": counted, "held": held}
    if out:
        out.close()
        with open(args.out + ".json", "w") as f:
            json.dump(dict(summary, sids=sids), f, sort_keys=True)
    print(json.dumps(summary, sort_keys=True))
    return 0


def cmd_srv6_flows(args):
    """COUNT packets of COUNT different inner flows towards one SID: an
    SRv6 packet (--spec, keys as SRV6_DEFAULTS, an inner IPv6 datagram)
    sent again and again with the low 32 bits of the inner source address
    counting up from --first, the UDP checksum kept right (RFC 1624)."""
    dmac = bytes.fromhex(args.dmac.replace(":", ""))
    smac = bytes.fromhex(args.smac.replace(":", ""))
    spec = json.loads(args.spec)
    if spec.get("inner", "ipv6") != "ipv6":
        raise SystemExit("srv6-flows: the inner packet must be IPv6")
    pkt = bytearray(dmac + smac + b"\x86\xdd" + build_srv6(spec))
    # The inner IPv6 header ends where its UDP datagram begins: walk the
    # outer chain as build_srv6 made it (IPv6, SRH, inner IPv6).
    off = 14 + 40
    nh = pkt[14 + 6]
    while nh != 41:
        nh, off = pkt[off], off + (pkt[off + 1] + 1) * 8
    inner = off
    if pkt[inner + 6] != 17:
        raise SystemExit("srv6-flows: the inner packet must be UDP")
    saddr_lo = inner + 8 + 12               # last 4 bytes of the source
    ck_at = inner + 40 + 6
    base_hi, base_lo = struct.unpack_from("!HH", pkt, saddr_lo)
    base_ck = struct.unpack_from("!H", pkt, ck_at)[0]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((args.ifname, 0))
    sent = 0
    for i in range(args.first, args.first + args.count):
        hi, lo = (i >> 16) & 0xffff, i & 0xffff
        # HC' = ~(~HC + ~m + m') over the two changed words.
        t = (~base_ck & 0xffff) + (~base_hi & 0xffff) + hi + \
            (~base_lo & 0xffff) + lo
        while t >> 16:
            t = (t & 0xffff) + (t >> 16)
        struct.pack_into("!HH", pkt, saddr_lo, hi, lo)
        struct.pack_into("!H", pkt, ck_at, (~t & 0xffff) or 0xffff)
        for attempt in range(1000):     # a full queue: 1 s at most
            try:
                s.send(pkt)
                break
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.ENOBUFS):
                    raise
                time.sleep(0.001)
        else:
            raise SystemExit("srv6-flows: %s stays full" % args.ifname)
        sent += 1
    print(json.dumps({"sent": sent}))
    return 0


def cmd_sock_recv(args):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.bind((args.ifname, 0))
    stop = []
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    print("ready", flush=True)
    end = time.monotonic() + args.timeout
    while not stop and time.monotonic() < end:
        time.sleep(0.05)
    s.setblocking(False)
    while True:
        try:
            frame = s.recv(65535)
        except BlockingIOError:
            break
        pkt = decode_frame(LINKTYPE_ETHERNET, frame)
        if pkt is not None:
            print(json.dumps(pkt, sort_keys=True))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("pcap")
    p.add_argument("file")
    p.set_defaults(func=cmd_pcap)

    p = sub.add_parser("udp-send")
    p.add_argument("--dst", required=True)
    p.add_argument("--ports", required=True)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--interval", type=float, default=0.01)
    p.add_argument("--no-df", action="store_true",
                   help="IPv4 without Don't Fragment")
    p.set_defaults(func=cmd_udp_send)

    p = sub.add_parser("udp-recv")
    p.add_argument("--bind", default="::")
    p.add_argument("--ports", required=True)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--size", type=int, default=0)
    p.add_argument("--linger", type=float, default=1.0)
    p.add_argument("--timeout", type=float, default=30.0)
    p.set_defaults(func=cmd_udp_recv)

    p = sub.add_parser("srv6-send")
    p.add_argument("--ifname", required=True)
    p.add_argument("--smac", required=True)
    p.add_argument("--dmac", required=True)
    p.add_argument("--gap", type=float, default=0.5)
    p.add_argument("spec", nargs="+",
                   help="JSON object per packet, keys as SRV6_DEFAULTS")
    p.set_defaults(func=cmd_srv6_send)

    p = sub.add_parser("srv6-fuzz")
    p.add_argument("--ifname")
    p.add_argument("--smac")
    p.add_argument("--dmac")
    p.add_argument("--seed", type=int)
    p.add_argument("--count", type=int)
    p.add_argument("--sids", help="SID=KIND,... (KIND: ad6, ad4, as6, am)")
    p.add_argument("--reply", action="store_true")
    p.add_argument("--out", help="write a corpus file instead of sending")
    p.add_argument("--corpus", help="send the mutants of a corpus file")
    p.add_argument("--pace", type=int, default=64,
                   help="a 10 ms pause every PACE packets")
    p.set_defaults(func=cmd_srv6_fuzz)

    p = sub.add_parser("srv6-flows")
    p.add_argument("--ifname", required=True)
    p.add_argument("--smac", required=True)
    p.add_argument("--dmac", required=True)
    p.add_argument("--spec", default="{}",
                   help="JSON object, keys as SRV6_DEFAULTS")
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--count", type=int, required=True)
    p.set_defaults(func=cmd_srv6_flows)

    p = sub.add_parser("sock-recv")
    p.add_argument("--ifname", required=True)
    p.add_argument("--timeout", type=float, default=60.0)
    p.set_defaults(func=cmd_sock_recv)

    p = sub.add_parser("tcp-recv")
    p.add_argument("--bind", default="::")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--timeout", type=float, default=30.0)
    p.set_defaults(func=cmd_tcp_recv)

    p = sub.add_parser("tcp-send")
    p.add_argument("--dst", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--bytes", type=int, required=True)
    p.add_argument("--timeout", type=float, default=30.0)
    p.set_defaults(func=cmd_tcp_send)

    args = ap.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
