// SPDX-License-Identifier: GPL-2.0
/*
 * srconf-fake: the real srconf (every object file, main() included) with
 * libnl's send and receive replaced by an in-process imitation of the
 * SREXT family, so the request encoding, reply decoding, error and extack
 * handling and the text/JSON output can be checked on a host that cannot
 * load srext.ko.
 *
 * The fake starts with two SIDs (none with SRCONF_FAKE_EMPTY=1):
 *
 *   fc00:2::f1  End.AD6 nh6 fd00:f1::2 oif 1 (lo) iif 1 (lo)
 *               stats 10 1040 9 936 1, drops: reason r = r for every
 *               reason of the uAPI, reason 42 = 42 (from a "newer kernel"),
 *               and a zero-length type-0 pad attribute
 *   fc00:2::f2  End.AD6 nh6 fd00:f2::2 oif 424242 iif 424243 (no such
 *               interfaces: printed if424242 / if424243), every counter
 *               UINT64_MAX
 *
 * and answers like the module: ADD of an existing SID, DEL or GET of a
 * missing one fail with ENOENT/EEXIST and an extack message; a request
 * whose attributes do not have the policy's types fails with EINVAL.
 * A dump is delivered in two recvmsg() calls, the first SID alone; the
 * reply to a GET of one SID and its ACK also come in two.
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
 *   SRCONF_FAKE_MALFORMED=1     send nh6 with 4 bytes
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

#define MAX_SIDS 8
#define MAX_CHUNKS 8

struct fake_sid {
	struct in6_addr addr;
	uint32_t behavior;
	struct in6_addr nh6;
	uint32_t oif, iif;
	uint64_t stats[5];
	bool drops;
};

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

static void put_sid(struct nl_msg *msg, const struct fake_sid *s)
{
	static const int stats_attr[] = {
		SREXT_A_STATS_PACKETS_TO_VNF, SREXT_A_STATS_BYTES_TO_VNF,
		SREXT_A_STATS_PACKETS_FROM_VNF, SREXT_A_STATS_BYTES_FROM_VNF,
		SREXT_A_STATS_CACHE_UPDATES,
	};
	struct nlattr *stats, *drops;
	uint32_t r;
	int i;

	nla_put(msg, SREXT_A_SID_ADDR, 16, &s->addr);
	nla_put_u32(msg, SREXT_A_SID_BEHAVIOR, s->behavior);
	nla_put(msg, SREXT_A_SID_NH6, env_set("SRCONF_FAKE_MALFORMED") ? 4 : 16, &s->nh6);
	nla_put_u32(msg, SREXT_A_SID_OIF, s->oif);
	nla_put_u32(msg, SREXT_A_SID_IIF, s->iif);
	stats = nla_nest_start(msg, SREXT_A_SID_STATS | NLA_F_NESTED);
	for (i = 0; i < 5; i++)
		nla_put_u64(msg, stats_attr[i], s->stats[i]);
	drops = nla_nest_start(msg, SREXT_A_STATS_DROPS | NLA_F_NESTED);
	if (s->drops)
		nla_put(msg, 0, 0, NULL);	/* what a pad attribute looks like */
	for (r = 1; r <= SREXT_DROP_MAX; r++)
		nla_put_u64(msg, r, s->drops ? r : s->stats[0]);
	if (s->drops)
		nla_put_u64(msg, 42, 42);
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

static void seed(void)
{
	struct fake_sid *s;
	int i;

	if (env_set("SRCONF_FAKE_EMPTY"))
		return;
	s = &table[nsids++];
	inet_pton(AF_INET6, "fc00:2::f1", &s->addr);
	inet_pton(AF_INET6, "fd00:f1::2", &s->nh6);
	s->behavior = SREXT_BEHAVIOR_END_AD6;
	s->oif = s->iif = 1;
	s->stats[0] = 10;
	s->stats[1] = 1040;
	s->stats[2] = 9;
	s->stats[3] = 936;
	s->stats[4] = 1;
	s->drops = true;

	s = &table[nsids++];
	inet_pton(AF_INET6, "fc00:2::f2", &s->addr);
	inet_pton(AF_INET6, "fd00:f2::2", &s->nh6);
	s->behavior = SREXT_BEHAVIOR_END_AD6;
	s->oif = 424242;
	s->iif = 424243;
	for (i = 0; i < 5; i++)
		s->stats[i] = UINT64_MAX;
}

static const char *cmd_name(int cmd)
{
	switch (cmd) {
	case SREXT_CMD_SID_ADD: return "SID_ADD";
	case SREXT_CMD_SID_DEL: return "SID_DEL";
	case SREXT_CMD_SID_GET: return "SID_GET";
	case SREXT_CMD_SID_FLUSH: return "SID_FLUSH";
	}
	return "?";
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
		if (nla_len(tb[t]) == 16)
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

static void handle(const struct nlmsghdr *nlh)
{
	const char *warning = getenv("SRCONF_FAKE_WARNING");
	struct nlattr *tb[SREXT_A_SID_MAX + 1];
	struct genlmsghdr *gh;
	struct fake_sid *s;
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
		if (!has(tb, SREXT_A_SID_ADDR, 16) || !has(tb, SREXT_A_SID_BEHAVIOR, 4) ||
		    !has(tb, SREXT_A_SID_NH6, 16) || !has(tb, SREXT_A_SID_OIF, 4) ||
		    !has(tb, SREXT_A_SID_IIF, 4)) {
			queue_error(nlh, EINVAL, "srext: missing or malformed attribute");
			return;
		}
		if (find(nla_data(tb[SREXT_A_SID_ADDR])) >= 0) {
			queue_error(nlh, EEXIST, "srext: SID already exists");
			return;
		}
		if (nsids < MAX_SIDS) {
			s = &table[nsids++];
			memset(s, 0, sizeof(*s));
			memcpy(&s->addr, nla_data(tb[SREXT_A_SID_ADDR]), 16);
			memcpy(&s->nh6, nla_data(tb[SREXT_A_SID_NH6]), 16);
			s->behavior = nla_get_u32(tb[SREXT_A_SID_BEHAVIOR]);
			s->oif = nla_get_u32(tb[SREXT_A_SID_OIF]);
			s->iif = nla_get_u32(tb[SREXT_A_SID_IIF]);
		}
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
	default:
		queue_error(nlh, EOPNOTSUPP, NULL);
		return;
	}
	if (nlh->nlmsg_flags & NLM_F_ACK)
		queue_error(nlh, 0, warning);
}

static int fake_send(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	(void)sk;
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
