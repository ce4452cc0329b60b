#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench/latency.py SENT ARRIVED: the one-way delays of the pktgen datagrams
captured as ier received them from src (SENT, a pcap) and as eer did
from nfv (ARRIVED: plain, or SRv6-encapsulated), in microseconds: the arrival
timestamp minus the sending one of the same datagram (by pktgen's sequence
number, in its header after the UDP header: magic 0xbe9be955, sequence
number, seconds, microseconds; both captures by the guest's clock, in
nanoseconds). Not the time pktgen wrote into the datagram: pktgen writes
it when it builds the packet and then waits for its sending time, most of
one packet interval at the rates measured. Prints "P50 P99 N" (P50 and P99
rounded to whole microseconds), or "- - 0" when no datagram is in both."""

import math
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "selftests"))
import pkt  # noqa: E402

PKTGEN_MAGIC = 0xbe9be955


def udp_payload(linktype, frame):
    """The UDP payload of a plain IPv6 datagram, or of the inner IPv6 or
    IPv4 one of an SRv6 packet (IPv6 header, SRH, inner packet)."""
    off = pkt.l3_offset(linktype, frame)
    if off is None or len(frame) < off + 1:
        return None
    v = frame[off] >> 4
    if v == 6 and len(frame) >= off + 42 and frame[off + 6] == 43:
        inner = {41: 6, 4: 4}.get(frame[off + 40])
        off += 40 + (frame[off + 41] + 1) * 8
        if inner is None or len(frame) < off + 1 or frame[off] >> 4 != inner:
            return None
        v = inner
    if v == 6 and len(frame) >= off + 48 and frame[off + 6] == 17:
        return frame[off + 48:]
    if v == 4 and len(frame) >= off + 20 and frame[off + 9] == 17:
        ihl = (frame[off] & 15) * 4
        return frame[off + ihl + 8:]
    return None


def percentile(xs, p):
    """Nearest-rank percentile of a sorted list: the smallest value with
    at least p % of the values at or below it."""
    k = max(0, min(len(xs) - 1, math.ceil(p / 100 * len(xs)) - 1))
    return xs[k]


def stamps(path):
    """{sequence number: capture time (s)} of the pktgen datagrams in a
    capture."""
    out = {}
    for ts, linktype, frame in pkt.read_pcap(path):
        p = udp_payload(linktype, frame)
        if p is None or len(p) < 16:
            continue
        magic, seq = struct.unpack_from(">II", p)
        if magic == PKTGEN_MAGIC:
            out.setdefault(seq, ts)
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: bench/latency.py SENT.pcap ARRIVED.pcap")
    sent = stamps(sys.argv[1])
    arrived = stamps(sys.argv[2])
    delays = sorted((t - sent[q]) * 1e6 for q, t in arrived.items() if q in sent)
    if not delays:
        print("- - 0")
        return
    print(f"{percentile(delays, 50):.0f} {percentile(delays, 99):.0f} {len(delays)}")


if __name__ == "__main__":
    main()
