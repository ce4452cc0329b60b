#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink client for the SREXT family (standard library only).

Sends what srconf never sends (missing, malformed and unknown attributes)
and checks the kernel's answer: errno and extack message. Also checks that
a dump of more SIDs than fit in one message resumes correctly, and that the
"events" multicast group announces additions and removals.

  genl.py errors IFINDEX      rejections, one line per case
  genl.py dump COUNT          dump holds exactly COUNT distinct SIDs
  genl.py events IFINDEX      add + del are announced
  genl.py mac IFINDEX         a SID with a mac: GET, dump and event carry
                              the mac and no nh6
  genl.py fuzz SEED COUNT IFINDEX[,IFINDEX...] [unpriv]
                              COUNT random requests (commands known and
                              unknown, attribute sets valid and broken,
                              random flags) with a model of the table:
                              each gets an error or exactly the effect the
                              model predicts; "unpriv": none is acked

These print "PASS description" or "FAIL description: detail" lines. Tools
for the shell tests, which exit 0 on success and print "ERRNAME message"
and exit 1 on a kernel error:

  genl.py add-mac SID BEHAVIOR MAC OIF IIF   add a SID whose VNF is reached
                                             at MAC (BEHAVIOR: End.AD6 ...,
                                             OIF/IIF: ifindexes)
  genl.py stats SID                          its counters as one JSON object
                                             (srconf -j -s field names)
  genl.py clear [SID]                        SREXT_CMD_SID_CLEAR_STATS
"""
import errno
import ipaddress
import json
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLMSGERR_ATTR_MSG = 1
NETLINK_ADD_MEMBERSHIP, NETLINK_EXT_ACK = 1, 11
SOL_NETLINK = 270

# kmod/uapi/srext.h
CMD_ADD, CMD_DEL, CMD_GET, CMD_FLUSH, CMD_CLEAR = 1, 2, 3, 4, 5
A_ADDR, A_BEHAVIOR, A_NH6, A_OIF, A_IIF, A_STATS = 1, 2, 3, 4, 5, 6
A_NH4, A_MAC = 8, 14
END_AD6, END_AD4 = 1, 2
BEHAVIORS = {"End.AD6": 1, "End.AD4": 2, "End.AS6": 3, "End.AS4": 4,
             "End.AM": 5}
STATS = {1: "packets_to_vnf", 2: "bytes_to_vnf", 3: "packets_from_vnf",
         4: "bytes_from_vnf", 5: "cache_updates", 8: "evictions",
         9: "cache_limited"}
A_STATS_DROPS = 6
DROPS = {1: "bad_srh", 2: "no_srh", 3: "sl_zero", 4: "hop_limit",
         5: "bad_inner", 6: "no_cache", 7: "no_route", 8: "no_mem",
         9: "too_big", 10: "bad_ext", 11: "bad_hmac"}

results = []


def check(desc, ok, detail=""):
    results.append(f"PASS {desc}" if ok else f"FAIL {desc}: {detail}")


def attr(t, payload):
    a = struct.pack("=HH", 4 + len(payload), t) + payload
    return a + b"\0" * (-len(a) % 4)


def u32(t, v):
    return attr(t, struct.pack("=I", v))


def addr(t, text):
    return attr(t, ipaddress.IPv6Address(text).packed)


def mac(t, text):
    return attr(t, bytes.fromhex(text.replace(":", "")))


def parse_attrs(data):
    out = []
    while len(data) >= 4:
        ln, t = struct.unpack_from("=HH", data)
        if ln < 4:
            break
        out.append((t & 0x3FFF, data[4:ln]))
        data = data[(ln + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_GENERIC)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 0
        self.family, self.groups = self.resolve("SREXT")

    def send(self, family, cmd, attrs=b"", flags=NLM_F_REQUEST | NLM_F_ACK):
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + attrs
        self.s.send(struct.pack("=IHHII", 16 + len(body), family, flags,
                                self.seq, 0) + body)

    def messages(self):
        """Yield (type, payload) of every reply to the last request."""
        while True:
            data = self.s.recv(1 << 20)
            while len(data) >= 16:
                ln, typ, _, seq, _ = struct.unpack_from("=IHHII", data)
                payload, data = data[16:ln], data[(ln + 3) & ~3:]
                if seq != self.seq:
                    continue
                yield typ, payload
                if typ in (NLMSG_ERROR, NLMSG_DONE):
                    return

    def request(self, family, cmd, attrs=b"", flags=NLM_F_REQUEST | NLM_F_ACK):
        """Return (errno, extack message, [genl payloads])."""
        self.send(family, cmd, attrs, flags)
        replies = []
        for typ, payload in self.messages():
            if typ == NLMSG_ERROR:
                err = -struct.unpack_from("=i", payload)[0]
                ln = struct.unpack_from("=I", payload, 4)[0]
                # Without NETLINK_CAP_ACK the request is echoed on error.
                tlvs = payload[4 + (ln if err else 16):]
                msg = ""
                for t, v in parse_attrs(tlvs):
                    if t == NLMSGERR_ATTR_MSG:
                        msg = v.rstrip(b"\0").decode()
                return err, msg, replies
            if typ == NLMSG_DONE:
                return 0, "", replies
            replies.append(payload[4:])
        return 0, "", replies

    def resolve(self, name):
        err, msg, replies = self.request(
            GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
            attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err:
            sys.exit(f"FAIL resolve family {name}: {os.strerror(err)}")
        family, groups = None, {}
        for t, v in parse_attrs(replies[0]):
            if t == CTRL_ATTR_FAMILY_ID:
                family = struct.unpack("=H", v[:2])[0]
            elif t == CTRL_ATTR_MCAST_GROUPS:
                for _, grp in parse_attrs(v):
                    g = dict(parse_attrs(grp))
                    groups[g[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0")
                           .decode()] = struct.unpack(
                               "=I", g[CTRL_ATTR_MCAST_GRP_ID])[0]
        return family, groups

    def srext(self, cmd, attrs=b"", flags=NLM_F_REQUEST | NLM_F_ACK):
        return self.request(self.family, cmd, attrs, flags)


def expect(g, desc, cmd, attrs, want_err, want_msg):
    err, msg, _ = g.srext(cmd, attrs)
    ok = err == want_err and (msg == want_msg if want_msg else msg != "")
    check(desc, ok, f"got {errno.errorcode.get(err, err)} {msg!r}, want "
          f"{errno.errorcode.get(want_err, want_err)} "
          f"{want_msg or 'a message'!r}")


def errors(ifindex):
    g = Genl()
    sid = addr(A_ADDR, "fc00:9::1")
    ad6 = u32(A_BEHAVIOR, END_AD6) + addr(A_NH6, "fd00:9::2") + \
        u32(A_OIF, ifindex) + u32(A_IIF, ifindex)
    expect(g, "add without the SID", CMD_ADD, ad6, errno.EINVAL,
           "srext: missing attribute SREXT_A_SID_ADDR (the SID)")
    expect(g, "add without a behavior", CMD_ADD,
           sid + addr(A_NH6, "fd00:9::2"), errno.EINVAL,
           "srext: missing attribute SREXT_A_SID_BEHAVIOR")
    expect(g, "add with a 4-byte SID", CMD_ADD,
           attr(A_ADDR, b"\xfc\0\0\x09") + ad6, errno.ERANGE, None)
    expect(g, "add with an unknown behavior", CMD_ADD,
           sid + u32(A_BEHAVIOR, 99), errno.EOPNOTSUPP,
           "srext: unknown behavior")
    expect(g, "End.AD6 without nh6 nor mac", CMD_ADD,
           sid + u32(A_BEHAVIOR, END_AD6) + u32(A_OIF, ifindex) +
           u32(A_IIF, ifindex), errno.EINVAL,
           "srext: Missing attribute nh6 (or mac) for this behavior")
    expect(g, "End.AD4 without nh4 nor mac", CMD_ADD,
           sid + u32(A_BEHAVIOR, END_AD4) + u32(A_OIF, ifindex) +
           u32(A_IIF, ifindex), errno.EINVAL,
           "srext: Missing attribute nh4 (or mac) for this behavior")
    expect(g, "End.AD6 with both nh6 and mac", CMD_ADD,
           sid + ad6 + mac(A_MAC, "02:00:00:00:09:02"), errno.EINVAL,
           "srext: nh6 and mac are exclusive: give one of them")
    expect(g, "End.AD4 with both nh4 and mac", CMD_ADD,
           sid + u32(A_BEHAVIOR, END_AD4) + attr(A_NH4, bytes([10, 9, 0, 2])) +
           mac(A_MAC, "02:00:00:00:09:02") + u32(A_OIF, ifindex) +
           u32(A_IIF, ifindex), errno.EINVAL,
           "srext: nh4 and mac are exclusive: give one of them")
    ad6_mac = u32(A_BEHAVIOR, END_AD6) + u32(A_OIF, ifindex) + \
        u32(A_IIF, ifindex)
    expect(g, "multicast mac", CMD_ADD,
           sid + ad6_mac + mac(A_MAC, "01:00:5e:00:00:01"), errno.EINVAL,
           "srext: mac must be a unicast Ethernet address, not zero")
    expect(g, "all-zero mac", CMD_ADD,
           sid + ad6_mac + mac(A_MAC, "00:00:00:00:00:00"), errno.EINVAL,
           "srext: mac must be a unicast Ethernet address, not zero")
    expect(g, "a 5-byte mac", CMD_ADD,
           sid + ad6_mac + attr(A_MAC, b"\x02\0\0\0\x09"), errno.ERANGE,
           None)
    expect(g, "mac with a non-Ethernet oif (lo)", CMD_ADD,
           sid + u32(A_BEHAVIOR, END_AD6) + u32(A_OIF, 1) +
           u32(A_IIF, ifindex) + mac(A_MAC, "02:00:00:00:09:02"),
           errno.EINVAL, "srext: mac needs an Ethernet oif")
    expect(g, "multicast SID", CMD_ADD, addr(A_ADDR, "ff02::1") + ad6,
           errno.EINVAL, "srext: SID must be a global unicast address")
    expect(g, "link-local SID", CMD_ADD, addr(A_ADDR, "fe80::1") + ad6,
           errno.EINVAL, "srext: SID must be a global unicast address")
    expect(g, "multicast nh6", CMD_ADD,
           sid + u32(A_BEHAVIOR, END_AD6) + addr(A_NH6, "ff02::2") +
           u32(A_OIF, ifindex) + u32(A_IIF, ifindex), errno.EINVAL,
           "srext: nh6 must be a unicast address")
    expect(g, "unknown oif ifindex", CMD_ADD,
           sid + u32(A_BEHAVIOR, END_AD6) + addr(A_NH6, "fd00:9::2") +
           u32(A_OIF, 999999) + u32(A_IIF, ifindex), errno.ENODEV,
           "srext: oif: no such interface")
    expect(g, "stats given to add", CMD_ADD, sid + ad6 + attr(A_STATS, b""),
           errno.EINVAL, None)
    expect(g, "an unknown attribute type", CMD_ADD, sid + ad6 + u32(42, 1),
           errno.EINVAL, None)
    expect(g, "flush with an attribute", CMD_FLUSH, sid, errno.EINVAL, None)
    expect(g, "del of an absent SID", CMD_DEL, sid, errno.ENOENT,
           "srext: SID not found")
    expect(g, "get of an absent SID", CMD_GET, sid, errno.ENOENT,
           "srext: SID not found")
    expect(g, "clear_stats of an absent SID", CMD_CLEAR, sid, errno.ENOENT,
           "srext: SID not found")
    expect(g, "clear_stats with an unknown attribute type", CMD_CLEAR,
           u32(42, 1), errno.EINVAL, None)
    expect(g, "clear_stats with a behavior attribute", CMD_CLEAR,
           sid + u32(A_BEHAVIOR, END_AD6), errno.EINVAL, None)
    expect(g, "clear_stats with a 4-byte SID", CMD_CLEAR,
           attr(A_ADDR, b"\xfc\0\0\x09"), errno.ERANGE, None)
    err, msg, replies = g.srext(CMD_GET, b"",
                                NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)
    check("after all that, the table is empty", err == 0 and not replies,
          f"{err} {msg}, {len(replies)} SIDs")


def dump(count):
    g = Genl()
    err, msg, replies = g.srext(CMD_GET, b"", NLM_F_REQUEST | NLM_F_DUMP)
    sids = [dict(parse_attrs(r)).get(A_ADDR) for r in replies]
    check(f"dump ends without error", err == 0, f"{err} {msg}")
    check(f"dump returns {count} SIDs", len(sids) == count, str(len(sids)))
    check("no SID twice in the dump", len(set(sids)) == len(sids),
          f"{len(sids) - len(set(sids))} repeated")
    check("every SID carries its stats nest",
          all(A_STATS in dict(parse_attrs(r)) for r in replies), "")


def events(ifindex):
    g = Genl()
    mon = Genl()
    mon.s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g.groups["events"])
    mon.s.settimeout(5)
    sid = addr(A_ADDR, "fc00:9::e")
    g.srext(CMD_ADD, sid + u32(A_BEHAVIOR, END_AD6) +
            addr(A_NH6, "fd00:9::2") + u32(A_OIF, ifindex) +
            u32(A_IIF, ifindex))
    g.srext(CMD_DEL, sid)
    seen = []
    try:
        while len(seen) < 2:
            data = mon.s.recv(65536)
            cmd = data[16]
            a = dict(parse_attrs(data[20:]))
            seen.append((cmd, ipaddress.IPv6Address(a[A_ADDR]).compressed,
                         A_STATS in a))
    except socket.timeout:
        pass
    check("events: add then del of fc00:9::e announced, without stats",
          seen == [(CMD_ADD, "fc00:9::e", False),
                   (CMD_DEL, "fc00:9::e", False)], str(seen))


def mac_echo(ifindex):
    g = Genl()
    mon = Genl()
    mon.s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g.groups["events"])
    mon.s.settimeout(5)
    sid = addr(A_ADDR, "fc00:9::a")
    want = bytes.fromhex("020000000902")
    err, msg, _ = g.srext(CMD_ADD, sid + u32(A_BEHAVIOR, END_AD6) +
                          mac(A_MAC, "02:00:00:00:09:02") +
                          u32(A_OIF, ifindex) + u32(A_IIF, ifindex))
    check("End.AD6 with mac 02:00:00:00:09:02 instead of nh6 is added",
          err == 0, f"{errno.errorcode.get(err, err)} {msg!r}")
    err, msg, replies = g.srext(CMD_GET, sid)
    a = dict(parse_attrs(replies[0])) if replies else {}
    check("get echoes the mac and no nh6",
          not err and a.get(A_MAC) == want and A_NH6 not in a,
          f"{err} {msg!r} {a}")
    err, msg, replies = g.srext(CMD_GET, b"",
                                NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)
    a = [dict(parse_attrs(r)) for r in replies]
    check("dump carries the mac",
          [(x.get(A_MAC), A_NH6 in x) for x in a] == [(want, False)], str(a))
    g.srext(CMD_DEL, sid)
    try:
        data = mon.s.recv(65536)
        a = dict(parse_attrs(data[20:]))
    except socket.timeout:
        a = {}
    check("the add event carries the mac", a.get(A_MAC) == want, str(a))


def stats_of(g, sid):
    """The counters of SID as a dict, or (errno, message)."""
    err, msg, replies = g.srext(CMD_GET, addr(A_ADDR, sid))
    if err:
        return err, msg
    st = dict(parse_attrs(dict(parse_attrs(replies[0]))[A_STATS]))
    out = {name: struct.unpack("=Q", st[t])[0] for t, name in STATS.items()}
    out["drops"] = {DROPS.get(t, f"reason_{t}"): struct.unpack("=Q", v)[0]
                    for t, v in parse_attrs(st[A_STATS_DROPS]) if t}
    return out


# Attribute values for the fuzzer: mostly well-formed, sometimes not.
SEG_ADDR = 1
A_SRC, A_SEGS, A_CACHE, A_CACHE_MAX, A_CACHE_TIMEOUT = 9, 10, 11, 12, 13
FUZZ_SIDS = ["fc00:f::%x" % i for i in range(1, 9)]


def fuzz_value(rnd, t, ifindexes):
    r = rnd.random()
    if r < 0.08:                      # any length, any bytes
        return os.urandom(rnd.choice([0, 1, 2, 3, 4, 5, 6, 8, 15, 16, 17, 64]))
    if t in (A_ADDR, A_NH6, A_SRC):
        if t == A_ADDR:
            return ipaddress.IPv6Address(rnd.choice(FUZZ_SIDS)).packed
        return ipaddress.IPv6Address(rnd.choice(
            ["fd00:9::2", "::", "ff02::1", "::1", "fe80::1",
             "fd00:9::%x" % rnd.randrange(1 << 16)])).packed
    if t == A_BEHAVIOR:
        return struct.pack("=I", rnd.choice([0, 1, 2, 3, 4, 5, 6, 99,
                                             0xffffffff]))
    if t in (A_OIF, A_IIF):
        return struct.pack("=I", rnd.choice(ifindexes + [0, 9999, 1 << 31]))
    if t == A_NH4:
        return bytes(rnd.choice([[10, 0, 9, 2], [0, 0, 0, 0],
                                 [255, 255, 255, 255], [224, 0, 0, 1]]))
    if t == A_MAC:
        return bytes(rnd.choice([[2, 0, 0, 0, 9, 2], [0] * 6, [255] * 6,
                                 [1, 0, 0x5e, 0, 0, 1]]))
    if t == A_SEGS:
        n = rnd.choice([0, 1, 2, 3, 64, 65, 200])
        segs = b"".join(attr(rnd.choice([SEG_ADDR, SEG_ADDR, 0, 2]),
                             ipaddress.IPv6Address(
                                 "fc00:e::%x" % i).packed)
                        for i in range(n))
        return segs
    if t in (A_CACHE, A_CACHE_MAX, A_CACHE_TIMEOUT):
        return struct.pack("=I", rnd.choice([0, 1, 2, 7, 64, 1 << 20,
                                             1 << 21, 86400, 86401,
                                             0xffffffff]))
    return os.urandom(rnd.randrange(0, 24))


def fuzz_request(rnd, ifindexes):
    """(cmd, attrs bytes, flags, sid or None, family of attrs)."""
    cmd = rnd.choice([CMD_ADD] * 6 + [CMD_DEL] * 3 + [CMD_GET] * 2 +
                     [CMD_FLUSH, CMD_CLEAR, 0, 6, 7, 200])
    types = set()
    if cmd == CMD_ADD:
        b = rnd.choice(list(BEHAVIORS.values()))
        types = {A_ADDR, A_BEHAVIOR, A_OIF, A_IIF,
                 A_NH4 if b in (2, 4) else A_NH6}
        if b in (3, 4):
            types |= {A_SRC, A_SEGS}
    elif cmd in (CMD_DEL, CMD_GET, CMD_CLEAR):
        types = {A_ADDR} if rnd.random() < 0.8 else set()
    for _ in range(rnd.choice([0, 0, 0, 1, 2, 4])):
        if types and rnd.random() < 0.5:
            types.discard(rnd.choice(sorted(types)))
        else:
            types.add(rnd.randrange(0, 17))
    order = sorted(types)
    rnd.shuffle(order)
    body = b""
    for t in order:
        nested = 0x8000 if t == A_SEGS and rnd.random() < 0.5 else 0
        body += attr(t | nested, fuzz_value(rnd, t, ifindexes))
    flags = NLM_F_REQUEST | NLM_F_ACK
    if rnd.random() < 0.1:
        flags |= rnd.choice([NLM_F_DUMP, 0x100, 0x200, 0x400, 0x800])
    return cmd, body, flags


def fuzz(seed, count, ifindexes, unpriv=False):
    """Random requests against a model: the set of SIDs that exist.

    Root (or user-namespace root): every request gets an ack or an error;
    an ADD acked adds its SID, a DEL acked removes one that existed, FLUSH
    empties; GET and a final dump agree with the model. Unprivileged: every
    request is refused (EPERM, or the genetlink core's own error for an
    unknown command or bad flags) and nothing changes."""
    import random
    rnd = random.Random(seed)
    g = Genl()
    g.s.settimeout(10)
    model = set()
    bad = []
    for i in range(count):
        cmd, body, flags = fuzz_request(rnd, ifindexes)
        a = dict(parse_attrs(body))
        sid = a.get(A_ADDR)
        sid = ipaddress.IPv6Address(sid).compressed if sid and len(sid) == 16 else None
        try:
            err, msg, replies = g.srext(cmd, body, flags)
        except socket.timeout:
            bad.append(f"#{i}: no answer to cmd {cmd} flags {flags:#x}")
            break
        if unpriv:
            # EPERM, or what the genetlink core says first (an unknown
            # command, bad flags): never an ack.
            if err == 0:
                bad.append(f"#{i}: cmd {cmd} acked for an unprivileged user")
            continue
        if err < 0 or (err == 0 and cmd not in (CMD_ADD, CMD_DEL, CMD_GET,
                                                CMD_FLUSH, CMD_CLEAR)):
            bad.append(f"#{i}: cmd {cmd} acked or odd errno {err}")
        elif cmd == CMD_ADD and err == 0:
            if sid is None or sid in model:
                bad.append(f"#{i}: ADD of {sid} acked, model {sorted(model)}")
            model.add(sid)
        elif cmd == CMD_ADD and err == errno.EEXIST and sid not in model \
                and "SID already exists" in msg:
            bad.append(f"#{i}: ADD of {sid}: EEXIST, but it does not exist")
        elif cmd == CMD_DEL and err == 0:
            if sid not in model:
                bad.append(f"#{i}: DEL of {sid} acked, model {sorted(model)}")
            model.discard(sid)
        elif cmd == CMD_DEL and err == errno.ENOENT and sid in model and \
                set(a) == {A_ADDR}:
            bad.append(f"#{i}: DEL of existing {sid}: ENOENT")
        elif cmd == CMD_FLUSH and err == 0:
            model.clear()
        elif cmd == CMD_GET and err == 0 and not flags & NLM_F_DUMP:
            got = {ipaddress.IPv6Address(dict(parse_attrs(r))[A_ADDR]).compressed
                   for r in replies}
            if sid is None or got != {sid} or sid not in model:
                bad.append(f"#{i}: GET {sid}: {sorted(got)}, model "
                           f"{sorted(model)}")
        if err and not msg and err not in (errno.EPERM, errno.EOPNOTSUPP,
                                           errno.EINVAL, errno.ENOENT,
                                           errno.EEXIST, errno.ENODEV,
                                           errno.ERANGE, errno.EMSGSIZE):
            bad.append(f"#{i}: cmd {cmd}: {errno.errorcode.get(err, err)} "
                       "without a message")
        if len(bad) > 10:
            break
    if unpriv:
        check(f"fuzz seed {seed}: {count} requests as an unprivileged user, "
              "every one refused", not bad, "; ".join(bad[:5]))
        return
    err, msg, replies = g.srext(CMD_GET, b"", NLM_F_REQUEST | NLM_F_DUMP)
    got = {ipaddress.IPv6Address(dict(parse_attrs(r))[A_ADDR]).compressed
           for r in replies}
    check(f"fuzz seed {seed}: {count} requests, each an error or the "
          "effect the model predicts", not bad, "; ".join(bad[:5]))
    check(f"fuzz seed {seed}: the dump holds the model's {len(model)} SIDs",
          err == 0 and got == model, f"{err} {sorted(got)} vs {sorted(model)}")
    g.srext(CMD_FLUSH)
    err, msg, replies = g.srext(CMD_GET, b"", NLM_F_REQUEST | NLM_F_DUMP)
    check(f"fuzz seed {seed}: flush leaves nothing", err == 0 and not replies,
          f"{err} {len(replies)}")


def tool(args):
    """add-mac, stats, clear: exit 0 or print the error and exit 1."""
    g = Genl()
    cmd = args[0]
    if cmd == "add-mac":
        sid, behavior, lladdr, oif, iif = args[1:6]
        err, msg, _ = g.srext(CMD_ADD, addr(A_ADDR, sid) +
                              u32(A_BEHAVIOR, BEHAVIORS[behavior]) +
                              mac(A_MAC, lladdr) + u32(A_OIF, int(oif)) +
                              u32(A_IIF, int(iif)))
    elif cmd == "stats":
        out = stats_of(g, args[1])
        if isinstance(out, dict):
            print(json.dumps(out, sort_keys=True))
            return 0
        err, msg = out
    else:
        err, msg, _ = g.srext(CMD_CLEAR,
                              addr(A_ADDR, args[1]) if len(args) > 1 else b"")
    if err:
        print(f"{errno.errorcode.get(err, err)} {msg}")
        return 1
    return 0


def main():
    if sys.argv[1] in ("add-mac", "stats", "clear"):
        sys.exit(tool(sys.argv[1:]))
    if sys.argv[1] == "fuzz":
        fuzz(int(sys.argv[2]), int(sys.argv[3]),
             [int(x) for x in sys.argv[4].split(",")],
             len(sys.argv) > 5 and sys.argv[5] == "unpriv")
        print("\n".join(results))
        return
    cmd, arg = sys.argv[1], int(sys.argv[2])
    {"errors": errors, "dump": dump, "events": events, "mac": mac_echo}[cmd](arg)
    print("\n".join(results))


if __name__ == "__main__":
    main()
