// SPDX-License-Identifier: GPL-2.0
/*
 * srconf-fake: the real srconf (every object file, main() included) with
 * libnl's send and receive replaced by an in-process imitation of the
 * SREXT family, so the request encoding, reply decoding, error and extack
 * handling and the text/JSON output can be checked on a host that cannot
 * load srext.ko.
 *
 * The fake starts with these SIDs (none with SRCONF_FAKE_EMPTY=1):
 *
 *   fc00:2::f1  End.AD6 nh6 fd00:f1::2 oif 1 (lo) iif 1 (lo) cache interface
 *               stats 10 1040 9 936 1 0 3, drops: reason r = r for every
 *               reason of the uAPI, reason 42 = 42 (from a "newer kernel"),
 *               and a zero-length type-0 pad attribute
 *   fc00:2::f2  End.AD6 nh6 fd00:f2::2 oif 424242 iif 424243 (no such
 *               interfaces: printed if424242 / if424243) cache flow
 *               max 1048576 timeout 86400, every counter UINT64_MAX
 *   fc00:2::d4  End.AD4 nh4 192.0.2.2 oif lo iif lo cache flow max 1024
 *               timeout 60, evictions 7
 *   fc00:2::a1  End.AS6 nh6 fd00:f1::2 oif lo iif lo src fd00:12::2
 *               segs fc00:e::d6,fc00:9::1
 *   fc00:2::a2  End.AS4 nh4 192.0.2.6 oif lo iif lo src fd00:12::2
 *               segs fc00:9::1
 *   fc00:2::a3  End.AM nh6 fd00:f3::2 oif lo iif lo
 *   fc00:2::99  behaviour 99 (from a "newer kernel") with every attribute:
 *               nh6 fd00:99::2 nh4 192.0.2.99 oif lo iif lo src fd00:99::1
 *               segs fc00:e::1,fc00:e::2,fc00:e::3, cache mode 7 (unknown)
 *               max 5 timeout 9, and in the segment nest an 8-byte
 *               attribute of type 2 a newer kernel might add
 *
 * the last five with every other counter 0. It answers like the module:
 * ADD of an existing SID, DEL or GET of a missing one fail with
 * ENOENT/EEXIST and an extack message; an ADD whose attributes do not have
 * the policy's types (SEGS: a nest flagged NLA_F_NESTED of 1 to
 * SREXT_SEGS_MAX 16-byte SREXT_A_SEG_ADDR; MAC 6 bytes; CACHE 0 or 1,
 * CACHE_MAX and CACHE_TIMEOUT in their ranges), lacks one its behaviour
 * requires, carries one the behaviour does not take, or CACHE_MAX/
 * CACHE_TIMEOUT without SREXT_CACHE_FLOW fails with EINVAL. SREXT_A_SID_MAC
 * stands in for NH6 (End.AD6, End.AS6, End.AM) or NH4 (End.AD4, End.AS4);
 * MAC with NH6 or NH4 fails with EINVAL and the extack "srext: mac and the
 * next hop address exclude each other". An added SID echoes the attributes
 * it was given (MAC included, in place of the next hop address) and, as
 * the module does for End.AD4/AD6, CACHE always and, with
 * SREXT_CACHE_FLOW, CACHE_MAX and CACHE_TIMEOUT (1024 and 60 when not
 * given).
 * SREXT_CMD_SID_CLEAR_STATS with SREXT_A_SID_ADDR zeroes that SID's
 * counters (every drop reason included; the reasons sent stay the same),
 * or fails with ENOENT and "srext: SID not found"; without attributes it
 * zeroes every SID's; with any other attribute (or an ADDR not of 16
 * bytes) it fails with EINVAL and "srext: clear-stats takes only a SID".
 * A dump is delivered in two recvmsg() calls, the first SID alone; the
 * reply to a GET of one SID and its ACK also come in two. Each request
 * (a batch sends several in one process) starts with an empty queue of
 * replies, as each of srconf's requests uses a socket of its own.
 *
 * The trace names the commands SID_ADD, SID_DEL, SID_GET, SID_FLUSH and
 * SID_CLEAR_STATS and prints attributes as "TYPE=VALUE": addresses as
 * text, MAC (14) as aa:bb:cc:dd:ee:ff, the segment nest as [A,B,...],
 * 4-byte values as u32:N, anything else as len:N.
 *
 * Knobs (environment):
 *   SRCONF_FAKE_TRACE=FILE      append one line per request, as decoded
 *   SRCONF_FAKE_EMPTY=1         start with an empty table
 *   SRCONF_FAKE_ERRNO=N         fail every request with -N ...
 *   SRCONF_FAKE_EXTACK=TEXT     ... and this extack message
 *   SRCONF_FAKE_UNCAPPED=1      echo the whole request in errors
 *   SRCONF_FAKE_WARNING=TEXT    extack message on a successful ACK
 *   SRCONF_FAKE_DUMP_INTR=1     set NLM_F_DUMP_INTR on dump messages
 *   SRCONF_FAKE_DUMP_ERRNO=N    end the dump with NLMSG_DONE carrying -N
 *   SRCONF_FAKE_MALFORMED=WHAT  send a bad attribute: "nh6" with 4 bytes,
 *                               "nh4" with 16, "segs" with a 4-byte
 *                               segment, "segs-empty" as an empty nest,
 *                               "cache" and "timeout" with 8 bytes,
 *                               "evictions" with 4, "mac" with 4
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <srext.h>

#include "genl.h"

#define MAX_SIDS 16
#define MAX_CHUNKS 8
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define A(name) (1u << SREXT_A_SID_##name)
#define NSTATS 7
#define REASON_NEWER 42	/* a drop reason of a "newer kernel" */
#define CACHE_MAX_DEFAULT 1024
#define CACHE_TIMEOUT_DEFAULT 60

struct fake_sid {
	struct in6_addr addr;
	uint32_t behavior;
	unsigned int attrs;	/* A(x) for each attribute echoed besides ADDR, BEHAVIOR */
	struct in6_addr nh6, src;
	struct in_addr nh4;
	uint32_t oif, iif;
	struct in6_addr segs[SREXT_SEGS_MAX];
	int nsegs;
	bool seg_extra;		/* a type-2 attribute in the segment nest */
	uint32_t cache, cache_max, cache_timeout;
	uint8_t mac[6];
	uint64_t stats[NSTATS];	/* in stats_attr order */
	uint64_t drops[SREXT_DROP_MAX + 1];	/* by reason */
	uint64_t drop_newer;	/* reason REASON_NEWER, sent with "newer" */
	bool newer;		/* a pad attribute and reason REASON_NEWER in the drops */
};

/* The module's SID_ADD policy: length of each attribute, -1 for a nest. */
static const int attr_len[SREXT_A_SID_MAX + 1] = {
	[SREXT_A_SID_ADDR] = 16, [SREXT_A_SID_BEHAVIOR] = 4,
	[SREXT_A_SID_NH6] = 16, [SREXT_A_SID_NH4] = 4, [SREXT_A_SID_SRC] = 16,
	[SREXT_A_SID_OIF] = 4, [SREXT_A_SID_IIF] = 4, [SREXT_A_SID_SEGS] = -1,
	[SREXT_A_SID_CACHE] = 4, [SREXT_A_SID_CACHE_MAX] = 4,
	[SREXT_A_SID_CACHE_TIMEOUT] = 4, [SREXT_A_SID_MAC] = 6,
};

/* The policy's ranges of the u32 attributes that have one. */
static const struct {
	int attr;
	uint32_t min, max;
} attr_range[] = {
	{ SREXT_A_SID_CACHE, 0, SREXT_CACHE_FLOW },
	{ SREXT_A_SID_CACHE_MAX, 1, 1048576 },
	{ SREXT_A_SID_CACHE_TIMEOUT, 1, 86400 },
};

#define CACHE_ATTRS (A(CACHE) | A(CACHE_MAX) | A(CACHE_TIMEOUT))

/* What each behaviour requires, as the uAPI header says. */
static const unsigned int behavior_attrs[SREXT_BEHAVIOR_MAX + 1] = {
	[SREXT_BEHAVIOR_END_AD6] = A(NH6) | A(OIF) | A(IIF),
	[SREXT_BEHAVIOR_END_AD4] = A(NH4) | A(OIF) | A(IIF),
	[SREXT_BEHAVIOR_END_AS6] = A(NH6) | A(OIF) | A(IIF) | A(SRC) | A(SEGS),
	[SREXT_BEHAVIOR_END_AS4] = A(NH4) | A(OIF) | A(IIF) | A(SRC) | A(SEGS),
	[SREXT_BEHAVIOR_END_AM]  = A(NH6) | A(OIF) | A(IIF),
};

/* And what else it takes (MAC: in place of NH6/NH4, see check_add()). */
static const unsigned int behavior_optional[SREXT_BEHAVIOR_MAX + 1] = {
	[SREXT_BEHAVIOR_END_AD6] = CACHE_ATTRS | A(MAC),
	[SREXT_BEHAVIOR_END_AD4] = CACHE_ATTRS | A(MAC),
	[SREXT_BEHAVIOR_END_AS6] = A(MAC),
	[SREXT_BEHAVIOR_END_AS4] = A(MAC),
	[SREXT_BEHAVIOR_END_AM]  = A(MAC),
};

#define NH_ATTRS (A(NH6) | A(NH4))

static struct fake_sid table[MAX_SIDS];
static int nsids;

/* What the next recvmsg() calls return, one buffer per call. */
static struct {
	unsigned char *data;
	size_t len;
} chunks[MAX_CHUNKS];
static int nchunks, next_chunk;

static bool env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0");
}

static void chunk_append(int chunk, const void *data, size_t len)
{
	if (chunk >= MAX_CHUNKS)
		abort();
	if (chunk >= nchunks)
		nchunks = chunk + 1;
	chunks[chunk].data = realloc(chunks[chunk].data, chunks[chunk].len + len);
	if (!chunks[chunk].data)
		abort();
	memcpy(chunks[chunk].data + chunks[chunk].len, data, len);
	chunks[chunk].len += len;
}

static void queue_msg(int chunk, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	chunk_append(chunk, nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

/* NLMSG_ERROR, capped unless SRCONF_FAKE_UNCAPPED, with an extack TLV. */
static void queue_error_in(int chunk, const struct nlmsghdr *req, int error,
			   const char *extack)
{
	bool capped = !env_set("SRCONF_FAKE_UNCAPPED") || !error;
	size_t echo = capped ? 0 : req->nlmsg_len - NLMSG_HDRLEN;
	struct nl_msg *msg = nlmsg_alloc_size(65536);
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;

	nlh = nlmsg_put(msg, req->nlmsg_pid, req->nlmsg_seq, NLMSG_ERROR,
			sizeof(*e) + echo, 0);
	e = nlmsg_data(nlh);
	e->error = -error;
	memcpy(&e->msg, req, capped ? sizeof(*req) : req->nlmsg_len);
	if (capped)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	if (extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		nla_put_string(msg, NLMSGERR_ATTR_MSG, extack);
		nla_put_u32(msg, NLMSGERR_ATTR_OFFS, 20);
	}
	queue_msg(chunk, msg);
}

static void queue_error(const struct nlmsghdr *req, int error, const char *extack)
{
	queue_error_in(0, req, error, extack);
}

static bool malformed(const char *what)
{
	const char *v = getenv("SRCONF_FAKE_MALFORMED");

	return v && !strcmp(v, what);
}

static void put_segs(struct nl_msg *msg, const struct fake_sid *s)
{
	struct nlattr *nest;
	uint64_t extra = 0;
	int i;

	/* nla_nest_end() would remove an empty nest */
	if (malformed("segs-empty")) {
		nla_put(msg, SREXT_A_SID_SEGS | NLA_F_NESTED, 0, NULL);
		return;
	}
	nest = nla_nest_start(msg, SREXT_A_SID_SEGS | NLA_F_NESTED);
	for (i = 0; i < s->nsegs; i++)
		nla_put(msg, SREXT_A_SEG_ADDR, malformed("segs") ? 4 : 16,
			&s->segs[i]);
	if (s->seg_extra)
		nla_put(msg, SREXT_A_SEG_ADDR + 1, sizeof(extra), &extra);
	nla_nest_end(msg, nest);
}

static void put_sid(struct nl_msg *msg, const struct fake_sid *s)
{
	static const int stats_attr[NSTATS] = {
		SREXT_A_STATS_PACKETS_TO_VNF, SREXT_A_STATS_BYTES_TO_VNF,
		SREXT_A_STATS_PACKETS_FROM_VNF, SREXT_A_STATS_BYTES_FROM_VNF,
		SREXT_A_STATS_CACHE_UPDATES, SREXT_A_STATS_EVICTIONS,
		SREXT_A_STATS_CACHE_LIMITED,
	};
	uint64_t cache_long = 0;
	struct nlattr *stats, *drops;
	struct in6_addr nh4_long = { { { 0 } } };
	uint32_t r;
	int i;

	nla_put(msg, SREXT_A_SID_ADDR, 16, &s->addr);
	nla_put_u32(msg, SREXT_A_SID_BEHAVIOR, s->behavior);
	if (s->attrs & A(NH6))
		nla_put(msg, SREXT_A_SID_NH6, malformed("nh6") ? 4 : 16, &s->nh6);
	if (s->attrs & A(NH4)) {
		memcpy(&nh4_long, &s->nh4, 4);
		nla_put(msg, SREXT_A_SID_NH4, malformed("nh4") ? 16 : 4, &nh4_long);
	}
	if (s->attrs & A(MAC))
		nla_put(msg, SREXT_A_SID_MAC, malformed("mac") ? 4 : 6, s->mac);
	if (s->attrs & A(OIF))
		nla_put_u32(msg, SREXT_A_SID_OIF, s->oif);
	if (s->attrs & A(IIF))
		nla_put_u32(msg, SREXT_A_SID_IIF, s->iif);
	if (s->attrs & A(SRC))
		nla_put(msg, SREXT_A_SID_SRC, 16, &s->src);
	if (s->attrs & A(SEGS))
		put_segs(msg, s);
	if (s->attrs & A(CACHE)) {
		cache_long = s->cache;
		nla_put(msg, SREXT_A_SID_CACHE, malformed("cache") ? 8 : 4, &cache_long);
	}
	if (s->attrs & A(CACHE_MAX))
		nla_put_u32(msg, SREXT_A_SID_CACHE_MAX, s->cache_max);
	if (s->attrs & A(CACHE_TIMEOUT)) {
		cache_long = s->cache_timeout;
		nla_put(msg, SREXT_A_SID_CACHE_TIMEOUT, malformed("timeout") ? 8 : 4,
			&cache_long);
	}
	stats = nla_nest_start(msg, SREXT_A_SID_STATS | NLA_F_NESTED);
	for (i = 0; i < NSTATS; i++) {
		if (stats_attr[i] == SREXT_A_STATS_EVICTIONS && malformed("evictions"))
			nla_put_u32(msg, stats_attr[i], (uint32_t)s->stats[i]);
		else
			nla_put_u64(msg, stats_attr[i], s->stats[i]);
	}
	drops = nla_nest_start(msg, SREXT_A_STATS_DROPS | NLA_F_NESTED);
	if (s->newer)
		nla_put(msg, 0, 0, NULL);	/* what a pad attribute looks like */
	for (r = 1; r <= SREXT_DROP_MAX; r++)
		nla_put_u64(msg, r, s->drops[r]);
	if (s->newer)
		nla_put_u64(msg, REASON_NEWER, s->drop_newer);
	nla_nest_end(msg, drops);
	nla_nest_end(msg, stats);
}

static void queue_sid(int chunk, const struct nlmsghdr *req, const struct fake_sid *s,
		      int flags)
{
	struct nl_msg *msg = nlmsg_alloc_size(65536);

	genlmsg_put(msg, req->nlmsg_pid, req->nlmsg_seq, GENL_TEST_FAMILY, 0,
		    flags, SREXT_CMD_SID_GET, SREXT_GENL_VERSION);
	put_sid(msg, s);
	queue_msg(chunk, msg);
}

static void queue_done(int chunk, const struct nlmsghdr *req, int error)
{
	struct nl_msg *msg = nlmsg_alloc_size(4096);
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(msg, req->nlmsg_pid, req->nlmsg_seq, NLMSG_DONE,
			sizeof(error), NLM_F_MULTI);
	error = -error;
	memcpy(nlmsg_data(nlh), &error, sizeof(error));
	if (error) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		nla_put_string(msg, NLMSGERR_ATTR_MSG, "srext: dump failed");
	}
	queue_msg(chunk, msg);
}

static int find(const struct in6_addr *a)
{
	int i;

	for (i = 0; i < nsids; i++)
		if (!memcmp(&table[i].addr, a, sizeof(*a)))
			return i;
	return -1;
}

/*
 * Seeded SIDs; NULL fields are attributes the SID does not have, as is a
 * cache of -1 (cache_max and cache_timeout are sent with a cache).
 */
static const struct {
	const char *sid;
	uint32_t behavior;
	const char *nh6, *nh4, *src, *segs;
	uint32_t oif, iif;
	int64_t cache;
	uint32_t cache_max, cache_timeout;
} seeds[] = {
	{ "fc00:2::f1", SREXT_BEHAVIOR_END_AD6, "fd00:f1::2", NULL, NULL, NULL, 1, 1,
	  SREXT_CACHE_IFACE, 0, 0 },
	{ "fc00:2::f2", SREXT_BEHAVIOR_END_AD6, "fd00:f2::2", NULL, NULL, NULL, 424242, 424243,
	  SREXT_CACHE_FLOW, 1048576, 86400 },
	{ "fc00:2::d4", SREXT_BEHAVIOR_END_AD4, NULL, "192.0.2.2", NULL, NULL, 1, 1,
	  SREXT_CACHE_FLOW, CACHE_MAX_DEFAULT, CACHE_TIMEOUT_DEFAULT },
	{ "fc00:2::a1", SREXT_BEHAVIOR_END_AS6, "fd00:f1::2", NULL, "fd00:12::2",
	  "fc00:e::d6,fc00:9::1", 1, 1, -1, 0, 0 },
	{ "fc00:2::a2", SREXT_BEHAVIOR_END_AS4, NULL, "192.0.2.6", "fd00:12::2",
	  "fc00:9::1", 1, 1, -1, 0, 0 },
	{ "fc00:2::a3", SREXT_BEHAVIOR_END_AM, "fd00:f3::2", NULL, NULL, NULL, 1, 1, -1, 0, 0 },
	{ "fc00:2::99", 99, "fd00:99::2", "192.0.2.99", "fd00:99::1",
	  "fc00:e::1,fc00:e::2,fc00:e::3", 1, 1, 7, 5, 9 },
};

static void seed(void)
{
	char segs[256], *tok, *save;
	struct fake_sid *s;
	size_t n;
	int i;

	if (env_set("SRCONF_FAKE_EMPTY"))
		return;
	for (n = 0; n < ARRAY_SIZE(seeds); n++) {
		s = &table[nsids++];
		inet_pton(AF_INET6, seeds[n].sid, &s->addr);
		s->behavior = seeds[n].behavior;
		s->attrs = A(OIF) | A(IIF);
		s->oif = seeds[n].oif;
		s->iif = seeds[n].iif;
		if (seeds[n].nh6 && inet_pton(AF_INET6, seeds[n].nh6, &s->nh6) == 1)
			s->attrs |= A(NH6);
		if (seeds[n].nh4 && inet_pton(AF_INET, seeds[n].nh4, &s->nh4) == 1)
			s->attrs |= A(NH4);
		if (seeds[n].src && inet_pton(AF_INET6, seeds[n].src, &s->src) == 1)
			s->attrs |= A(SRC);
		if (seeds[n].segs) {
			s->attrs |= A(SEGS);
			snprintf(segs, sizeof(segs), "%s", seeds[n].segs);
			for (tok = strtok_r(segs, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save))
				inet_pton(AF_INET6, tok, &s->segs[s->nsegs++]);
		}
		s->seg_extra = s->behavior > SREXT_BEHAVIOR_MAX;
		if (seeds[n].cache >= 0) {
			s->attrs |= A(CACHE);
			s->cache = (uint32_t)seeds[n].cache;
		}
		if (seeds[n].cache_max) {
			s->attrs |= A(CACHE_MAX) | A(CACHE_TIMEOUT);
			s->cache_max = seeds[n].cache_max;
			s->cache_timeout = seeds[n].cache_timeout;
		}
	}

	s = &table[0];
	s->stats[0] = 10;
	s->stats[1] = 1040;
	s->stats[2] = 9;
	s->stats[3] = 936;
	s->stats[4] = 1;
	s->stats[6] = 3;
	s->newer = true;
	for (i = 1; i <= SREXT_DROP_MAX; i++)
		s->drops[i] = (uint64_t)i;
	s->drop_newer = REASON_NEWER;
	for (i = 0; i < NSTATS; i++)
		table[1].stats[i] = UINT64_MAX;
	for (i = 1; i <= SREXT_DROP_MAX; i++)
		table[1].drops[i] = UINT64_MAX;
	table[2].stats[5] = 7;
}

static const char *cmd_name(int cmd)
{
	switch (cmd) {
	case SREXT_CMD_SID_ADD: return "SID_ADD";
	case SREXT_CMD_SID_DEL: return "SID_DEL";
	case SREXT_CMD_SID_GET: return "SID_GET";
	case SREXT_CMD_SID_FLUSH: return "SID_FLUSH";
	case SREXT_CMD_SID_CLEAR_STATS: return "SID_CLEAR_STATS";
	}
	return "?";
}

/* " 10=[A,B]": the segment nest, "!" before "[" if NLA_F_NESTED is missing. */
static void trace_segs(FILE *f, int t, const struct nlattr *nest)
{
	char buf[INET6_ADDRSTRLEN];
	const struct nlattr *seg;
	const char *sep = "";
	int rem;

	fprintf(f, " %d=%s[", t, nest->nla_type & NLA_F_NESTED ? "" : "!");
	nla_for_each_nested(seg, nest, rem) {
		if (nla_type(seg) == SREXT_A_SEG_ADDR && nla_len(seg) == 16)
			fprintf(f, "%s%s", sep, inet_ntop(AF_INET6, nla_data(seg), buf, sizeof(buf)));
		else
			fprintf(f, "%s%d:len:%d", sep, nla_type(seg), nla_len(seg));
		sep = ",";
	}
	fputc(']', f);
}

/* " 14=aa:bb:cc:dd:ee:ff" */
static void trace_mac(FILE *f, int t, const uint8_t *mac)
{
	fprintf(f, " %d=%02x:%02x:%02x:%02x:%02x:%02x", t, mac[0], mac[1],
		mac[2], mac[3], mac[4], mac[5]);
}

/* One line per request: command, flags and attributes as the module sees them. */
static void trace(const struct nlmsghdr *nlh, const struct genlmsghdr *gh,
		  struct nlattr **tb)
{
	const char *path = getenv("SRCONF_FAKE_TRACE");
	char buf[INET6_ADDRSTRLEN];
	FILE *f;
	int t;

	if (!path || !(f = fopen(path, "a")))
		return;
	fprintf(f, "%s v%u%s%s%s", cmd_name(gh->cmd), gh->version,
		nlh->nlmsg_flags & NLM_F_REQUEST ? " REQUEST" : "",
		nlh->nlmsg_flags & NLM_F_ACK ? " ACK" : "",
		(nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP ? " DUMP" : "");
	for (t = 1; t <= SREXT_A_SID_MAX; t++) {
		if (!tb[t])
			continue;
		if (t == SREXT_A_SID_SEGS)
			trace_segs(f, t, tb[t]);
		else if (t == SREXT_A_SID_NH4 && nla_len(tb[t]) == 4)
			fprintf(f, " %d=%s", t, inet_ntop(AF_INET, nla_data(tb[t]), buf, sizeof(buf)));
		else if (t == SREXT_A_SID_MAC && nla_len(tb[t]) == 6)
			trace_mac(f, t, nla_data(tb[t]));
		else if (nla_len(tb[t]) == 16)
			fprintf(f, " %d=%s", t, inet_ntop(AF_INET6, nla_data(tb[t]), buf, sizeof(buf)));
		else if (nla_len(tb[t]) == 4)
			fprintf(f, " %d=u32:%u", t, nla_get_u32(tb[t]));
		else
			fprintf(f, " %d=len:%d", t, nla_len(tb[t]));
	}
	fputc('\n', f);
	fclose(f);
}

static bool has(struct nlattr **tb, int t, int len)
{
	return tb[t] && nla_len(tb[t]) == len;
}

/* 1 to SREXT_SEGS_MAX 16-byte SREXT_A_SEG_ADDR in a flagged nest: their count, else -1. */
static int check_segs(const struct nlattr *nest)
{
	const struct nlattr *seg;
	int rem, n = 0;

	if (!(nest->nla_type & NLA_F_NESTED))
		return -1;
	nla_for_each_nested(seg, nest, rem) {
		if (nla_type(seg) != SREXT_A_SEG_ADDR || nla_len(seg) != 16)
			return -1;
		n++;
	}
	return n >= 1 && n <= SREXT_SEGS_MAX && !rem ? n : -1;
}

/* The module's checks of SID_ADD; NULL if the request is fine. */
static const char *check_add(struct nlattr **tb)
{
	unsigned int given = 0, want;
	uint32_t behavior, v;
	size_t r;
	int t;

	for (t = 1; t <= SREXT_A_SID_MAX; t++) {
		if (!tb[t] || !attr_len[t])
			continue;
		if (attr_len[t] > 0 ? nla_len(tb[t]) != attr_len[t] : check_segs(tb[t]) < 0)
			return "srext: missing or malformed attribute";
		given |= 1u << t;
	}
	for (r = 0; r < ARRAY_SIZE(attr_range); r++) {
		if (!tb[attr_range[r].attr])
			continue;
		v = nla_get_u32(tb[attr_range[r].attr]);
		if (v < attr_range[r].min || v > attr_range[r].max)
			return "srext: attribute out of range";
	}
	if (!(given & A(ADDR)) || !(given & A(BEHAVIOR)))
		return "srext: missing or malformed attribute";
	behavior = nla_get_u32(tb[SREXT_A_SID_BEHAVIOR]);
	if (!behavior || behavior > SREXT_BEHAVIOR_MAX)
		return "srext: unknown behavior";
	given &= ~(A(ADDR) | A(BEHAVIOR));
	if ((given & A(MAC)) && (given & NH_ATTRS))
		return "srext: mac and the next hop address exclude each other";
	want = behavior_attrs[behavior];
	if (given & A(MAC))	/* the link-layer next hop stands in for the address */
		want &= ~NH_ATTRS;
	if (want & ~given)
		return "srext: missing or malformed attribute";
	if (given & ~(want | behavior_optional[behavior]))
		return "srext: attribute not valid for the behavior";
	if ((given & (A(CACHE_MAX) | A(CACHE_TIMEOUT))) &&
	    (!tb[SREXT_A_SID_CACHE] ||
	     nla_get_u32(tb[SREXT_A_SID_CACHE]) != SREXT_CACHE_FLOW))
		return "srext: cache max and timeout need cache flow";
	return NULL;
}

static void add_sid(struct nlattr **tb, struct fake_sid *s)
{
	const struct nlattr *seg;
	int rem;

	memset(s, 0, sizeof(*s));
	memcpy(&s->addr, nla_data(tb[SREXT_A_SID_ADDR]), 16);
	s->behavior = nla_get_u32(tb[SREXT_A_SID_BEHAVIOR]);
	s->attrs = behavior_attrs[s->behavior];
	if (tb[SREXT_A_SID_MAC]) {
		s->attrs = (s->attrs & ~NH_ATTRS) | A(MAC);
		memcpy(s->mac, nla_data(tb[SREXT_A_SID_MAC]), 6);
	}
	if (behavior_optional[s->behavior] & A(CACHE)) {
		s->attrs |= A(CACHE);
		if (tb[SREXT_A_SID_CACHE])
			s->cache = nla_get_u32(tb[SREXT_A_SID_CACHE]);
	}
	if (s->cache == SREXT_CACHE_FLOW) {
		s->attrs |= A(CACHE_MAX) | A(CACHE_TIMEOUT);
		s->cache_max = tb[SREXT_A_SID_CACHE_MAX] ?
			nla_get_u32(tb[SREXT_A_SID_CACHE_MAX]) : CACHE_MAX_DEFAULT;
		s->cache_timeout = tb[SREXT_A_SID_CACHE_TIMEOUT] ?
			nla_get_u32(tb[SREXT_A_SID_CACHE_TIMEOUT]) : CACHE_TIMEOUT_DEFAULT;
	}
	if (tb[SREXT_A_SID_NH6])
		memcpy(&s->nh6, nla_data(tb[SREXT_A_SID_NH6]), 16);
	if (tb[SREXT_A_SID_NH4])
		memcpy(&s->nh4, nla_data(tb[SREXT_A_SID_NH4]), 4);
	if (tb[SREXT_A_SID_SRC])
		memcpy(&s->src, nla_data(tb[SREXT_A_SID_SRC]), 16);
	if (tb[SREXT_A_SID_OIF])
		s->oif = nla_get_u32(tb[SREXT_A_SID_OIF]);
	if (tb[SREXT_A_SID_IIF])
		s->iif = nla_get_u32(tb[SREXT_A_SID_IIF]);
	if (tb[SREXT_A_SID_SEGS])
		nla_for_each_nested(seg, tb[SREXT_A_SID_SEGS], rem)
			memcpy(&s->segs[s->nsegs++], nla_data(seg), 16);
}

static void clear_stats(struct fake_sid *s)
{
	memset(s->stats, 0, sizeof(s->stats));
	memset(s->drops, 0, sizeof(s->drops));
	s->drop_newer = 0;
}

/*
 * SREXT_CMD_SID_CLEAR_STATS: one SID (ADDR) or, without attributes, all.
 * Return: whether it succeeded (else the error is queued).
 */
static bool handle_clear_stats(const struct nlmsghdr *nlh, struct nlattr **tb)
{
	int t, i;

	for (t = 1; t <= SREXT_A_SID_MAX; t++)
		if (tb[t] && (t != SREXT_A_SID_ADDR || nla_len(tb[t]) != 16)) {
			queue_error(nlh, EINVAL, "srext: clear-stats takes only a SID");
			return false;
		}
	if (!tb[SREXT_A_SID_ADDR]) {
		for (i = 0; i < nsids; i++)
			clear_stats(&table[i]);
		return true;
	}
	i = find(nla_data(tb[SREXT_A_SID_ADDR]));
	if (i < 0) {
		queue_error(nlh, ENOENT, "srext: SID not found");
		return false;
	}
	clear_stats(&table[i]);
	return true;
}

static void handle(const struct nlmsghdr *nlh)
{
	const char *warning = getenv("SRCONF_FAKE_WARNING");
	struct nlattr *tb[SREXT_A_SID_MAX + 1];
	struct genlmsghdr *gh;
	const char *msg;
	int i;

	if (nlh->nlmsg_type != GENL_TEST_FAMILY ||
	    !genlmsg_valid_hdr((struct nlmsghdr *)nlh, 0) ||
	    nla_parse(tb, SREXT_A_SID_MAX, genlmsg_attrdata(nlmsg_data(nlh), 0),
		      genlmsg_attrlen(nlmsg_data(nlh), 0), NULL) < 0) {
		queue_error(nlh, EINVAL, "fake: bad request");
		return;
	}
	gh = nlmsg_data(nlh);
	trace(nlh, gh, tb);

	if (getenv("SRCONF_FAKE_ERRNO")) {
		queue_error(nlh, atoi(getenv("SRCONF_FAKE_ERRNO")),
			    getenv("SRCONF_FAKE_EXTACK"));
		return;
	}

	switch (gh->cmd) {
	case SREXT_CMD_SID_ADD:
		msg = check_add(tb);
		if (msg) {
			queue_error(nlh, EINVAL, msg);
			return;
		}
		if (find(nla_data(tb[SREXT_A_SID_ADDR])) >= 0) {
			queue_error(nlh, EEXIST, "srext: SID already exists");
			return;
		}
		if (nsids < MAX_SIDS)
			add_sid(tb, &table[nsids++]);
		break;
	case SREXT_CMD_SID_DEL:
		if (!has(tb, SREXT_A_SID_ADDR, 16)) {
			queue_error(nlh, EINVAL, "srext: missing SID");
			return;
		}
		i = find(nla_data(tb[SREXT_A_SID_ADDR]));
		if (i < 0) {
			queue_error(nlh, ENOENT, "srext: SID not found");
			return;
		}
		table[i] = table[--nsids];
		break;
	case SREXT_CMD_SID_GET:
		if ((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP) {
			int flags = NLM_F_MULTI;

			if (env_set("SRCONF_FAKE_DUMP_INTR"))
				flags |= NLM_F_DUMP_INTR;
			for (i = 0; i < nsids; i++)
				queue_sid(i ? 1 : 0, nlh, &table[i], flags);
			queue_done(nsids > 1 ? 1 : 0, nlh,
				   getenv("SRCONF_FAKE_DUMP_ERRNO") ?
				   atoi(getenv("SRCONF_FAKE_DUMP_ERRNO")) : 0);
			return;
		}
		if (!has(tb, SREXT_A_SID_ADDR, 16)) {
			queue_error(nlh, EINVAL, "srext: missing SID");
			return;
		}
		i = find(nla_data(tb[SREXT_A_SID_ADDR]));
		if (i < 0) {
			queue_error(nlh, ENOENT, "srext: SID not found");
			return;
		}
		/* reply and ACK in separate reads, as the kernel sends them */
		queue_sid(0, nlh, &table[i], 0);
		if (nlh->nlmsg_flags & NLM_F_ACK)
			queue_error_in(1, nlh, 0, warning);
		return;
	case SREXT_CMD_SID_FLUSH:
		nsids = 0;
		break;
	case SREXT_CMD_SID_CLEAR_STATS:
		if (!handle_clear_stats(nlh, tb))
			return;
		break;
	default:
		queue_error(nlh, EOPNOTSUPP, NULL);
		return;
	}
	if (nlh->nlmsg_flags & NLM_F_ACK)
		queue_error(nlh, 0, warning);
}

/* A new request, on a new socket: forget what the last one left unread. */
static void reset_queue(void)
{
	int i;

	for (i = 0; i < nchunks; i++) {
		free(chunks[i].data);
		chunks[i].data = NULL;
		chunks[i].len = 0;
	}
	nchunks = next_chunk = 0;
}

static int fake_send(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	(void)sk;
	reset_queue();
	handle(nlh);
	return (int)nlh->nlmsg_len;
}

static int fake_recv(struct nl_sock *sk, struct sockaddr_nl *nla,
		     unsigned char **buf, struct ucred **creds)
{
	size_t len;

	(void)sk;
	(void)creds;
	if (next_chunk >= nchunks)
		return -NLE_AGAIN;	/* srconf waited for more than was sent */
	len = chunks[next_chunk].len;
	*buf = chunks[next_chunk].data;
	chunks[next_chunk].data = NULL;
	next_chunk++;
	memset(nla, 0, sizeof(*nla));
	nla->nl_family = AF_NETLINK;
	return (int)len;
}

__attribute__((constructor))
static void fake_kernel_init(void)
{
	seed();
	genl_set_transport(fake_send, fake_recv);
}
