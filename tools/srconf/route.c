// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own SID behaviours (End, End.X, End.DX6, End.DX4, End.DT6)
 * are not reimplemented by srext: srconf programs them as seg6local routes
 * over rtnetlink, so one table lists every local SID of the node.
 *
 * "The local SID table" is the main routing table, where srconf adds its
 * routes and where "ip -6 route add SID encap seg6local" puts them by
 * default: "sid show" lists its seg6local routes, "sid del" and "sid flush"
 * remove them. srconf marks the routes it adds with protocol 83 ("srconf"
 * in rt_protos.d) and asks for their counters; seg6local routes of other
 * tables (VRFs, a localsid table behind an ip rule) are left alone.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <string.h>

#include <linux/lwtunnel.h>
#include <linux/rtnetlink.h>
#include <linux/seg6_local.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "genl.h"
#include "parse.h"
#include "print.h"
#include "route.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The seg6local attribute carrying each keyword; 0: none (oif is RTA_OIF). */
static const int seg6local_attr[KEY_COUNT] = {
	[KEY_NH6]   = SEG6_LOCAL_NH6,
	[KEY_NH4]   = SEG6_LOCAL_NH4,
	[KEY_TABLE] = SEG6_LOCAL_TABLE,
};

/*
 * Names of the seg6local actions srconf does not program, so that routes
 * added with ip(8) still show by name (iproute2's seg6_action_names).
 */
static const char *const other_actions[] = {
	[SEG6_LOCAL_ACTION_END_T]	 = "End.T",
	[SEG6_LOCAL_ACTION_END_DX2]	 = "End.DX2",
	[SEG6_LOCAL_ACTION_END_DT4]	 = "End.DT4",
	[SEG6_LOCAL_ACTION_END_B6]	 = "End.B6",
	[SEG6_LOCAL_ACTION_END_B6_ENCAP] = "End.B6.Encaps",
	[SEG6_LOCAL_ACTION_END_BM]	 = "End.BM",
	[SEG6_LOCAL_ACTION_END_S]	 = "End.S",
	[SEG6_LOCAL_ACTION_END_AS]	 = "End.AS",
	[SEG6_LOCAL_ACTION_END_AM]	 = "End.AM",
	[SEG6_LOCAL_ACTION_END_BPF]	 = "End.BPF",
	[SEG6_LOCAL_ACTION_END_DT46]	 = "End.DT46",
};

static const char *action_name(uint32_t action, char *buf, size_t len)
{
	if (behavior_by_type(OWNER_SEG6LOCAL, action))
		return behavior_name(OWNER_SEG6LOCAL, action, buf, len);
	if (action < ARRAY_SIZE(other_actions) && other_actions[action])
		return other_actions[action];
	snprintf(buf, len, "action_%u", action);
	return buf;
}

static struct nl_msg *route_msg(int type, int flags, const struct in6_addr *sid,
				unsigned char protocol)
{
	struct rtmsg rtm = {
		.rtm_family = AF_INET6,
		.rtm_dst_len = 128,
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = protocol,
		.rtm_scope = RT_SCOPE_UNIVERSE,
		.rtm_type = type == RTM_NEWROUTE ? RTN_UNICAST : RTN_UNSPEC,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags | NLM_F_REQUEST);

	if (!msg)
		return NULL;
	if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, RTA_DST, sizeof(*sid), sid) < 0 ||
	    nla_put_u32(msg, RTA_TABLE, RT_TABLE_MAIN) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int put_encap(struct nl_msg *msg, const struct sid_req *req)
{
	struct nlattr *encap, *counters;
	int k;

	if (nla_put_u16(msg, RTA_ENCAP_TYPE, LWTUNNEL_ENCAP_SEG6_LOCAL) < 0)
		return -1;
	encap = nla_nest_start(msg, RTA_ENCAP | NLA_F_NESTED);
	if (!encap || nla_put_u32(msg, SEG6_LOCAL_ACTION, req->behavior->type) < 0)
		return -1;
	for (k = 0; k < KEY_COUNT; k++) {
		if (!seg6local_attr[k] || !(req->present & KEY_BIT(k)))
			continue;
		if (key_table[k].kind == KIND_ADDR6 ?
		    nla_put(msg, seg6local_attr[k], 16, &req->val[k].in6) :
		    key_table[k].kind == KIND_ADDR4 ?
		    nla_put(msg, seg6local_attr[k], 4, &req->val[k].in4) :
		    nla_put_u32(msg, seg6local_attr[k], req->val[k].u32))
			return -1;
	}
	/*
	 * Per-route counters (Linux 5.14 and later): the kernel wants the
	 * nest to hold its three counters, zero, as iproute2's "count" does.
	 */
	counters = nla_nest_start(msg, SEG6_LOCAL_COUNTERS | NLA_F_NESTED);
	if (!counters || nla_put_u64(msg, SEG6_LOCAL_CNT_PACKETS, 0) < 0 ||
	    nla_put_u64(msg, SEG6_LOCAL_CNT_BYTES, 0) < 0 ||
	    nla_put_u64(msg, SEG6_LOCAL_CNT_ERRORS, 0) < 0)
		return -1;
	nla_nest_end(msg, counters);
	return nla_nest_end(msg, encap);
}

/*
 * Send @msg (NULL: it could not be built) on a new rtnetlink socket and
 * hand its replies to @fn. Return: 0, or -1 after printing an error.
 */
static int route_request(struct nl_msg *msg, genl_reply_fn fn, void *arg)
{
	struct genl g;
	int ret;

	if (!msg) {
		errorf("%s.\n", strerror(ENOMEM));
		return -1;
	}
	if (route_open(&g)) {
		nlmsg_free(msg);
		return -1;
	}
	ret = genl_talk(&g, msg, fn, arg);
	genl_close(&g);
	return ret;
}

/* Free @msg and return NULL: for "if (... < 0) msg = drop(msg);". */
static struct nl_msg *drop(struct nl_msg *msg)
{
	nlmsg_free(msg);
	return NULL;
}

/**
 * route_add() - add @req as a seg6local route of the main table
 * @req: a parsed "sid add" of a seg6local behaviour
 *
 * The route's device is "oif" when given, else the loopback device; the
 * kernel refuses an existing route to the SID (EEXIST).
 *
 * Return: 0, or -1 after printing the error.
 */
int route_add(const struct sid_req *req)
{
	struct nl_msg *msg;
	unsigned int oif;

	oif = req->present & KEY_BIT(KEY_OIF) ? req->val[KEY_OIF].u32 :
						if_nametoindex("lo");
	if (!oif) {
		errorf("no loopback device \"lo\" for %s.\n", req->behavior->name);
		return -1;
	}
	msg = route_msg(RTM_NEWROUTE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
			&req->sid, RTPROT_SRCONF);
	if (msg && (nla_put_u32(msg, RTA_OIF, oif) < 0 || put_encap(msg, req)))
		msg = drop(msg);
	return route_request(msg, NULL, NULL);
}

/* ---- reading seg6local routes ---- */

struct seg6local {
	const struct rtmsg *rtm;
	const struct in6_addr *dst;
	uint32_t oif;
	uint32_t metric;
	uint32_t action;
	struct nlattr *tb[SEG6_LOCAL_MAX + 1];
	struct nlattr *cnt[SEG6_LOCAL_CNT_MAX + 1];
};

/*
 * Whether @nlh is an IPv6 seg6local route of the main table; fills @r.
 * Routes with attributes of an unexpected size are skipped like any other.
 */
static bool decode(struct nlmsghdr *nlh, struct seg6local *r)
{
	struct nlattr *tb[RTA_MAX + 1];
	uint32_t table;

	memset(r, 0, sizeof(*r));
	if (nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE)
		return false;
	if (nlmsg_parse(nlh, sizeof(struct rtmsg), tb, RTA_MAX, NULL) < 0)
		return false;
	r->rtm = nlmsg_data(nlh);
	table = tb[RTA_TABLE] && nla_len(tb[RTA_TABLE]) == 4 ?
		nla_get_u32(tb[RTA_TABLE]) : r->rtm->rtm_table;
	if (r->rtm->rtm_family != AF_INET6 || table != RT_TABLE_MAIN ||
	    !tb[RTA_ENCAP_TYPE] || nla_len(tb[RTA_ENCAP_TYPE]) != 2 ||
	    nla_get_u16(tb[RTA_ENCAP_TYPE]) != LWTUNNEL_ENCAP_SEG6_LOCAL ||
	    !tb[RTA_ENCAP] || !tb[RTA_DST] || nla_len(tb[RTA_DST]) != 16)
		return false;
	if (nla_parse_nested(r->tb, SEG6_LOCAL_MAX, tb[RTA_ENCAP], NULL) < 0 ||
	    !r->tb[SEG6_LOCAL_ACTION] || nla_len(r->tb[SEG6_LOCAL_ACTION]) != 4)
		return false;
	r->dst = nla_data(tb[RTA_DST]);
	r->action = nla_get_u32(r->tb[SEG6_LOCAL_ACTION]);
	if (tb[RTA_OIF] && nla_len(tb[RTA_OIF]) == 4)
		r->oif = nla_get_u32(tb[RTA_OIF]);
	if (tb[RTA_PRIORITY] && nla_len(tb[RTA_PRIORITY]) == 4)
		r->metric = nla_get_u32(tb[RTA_PRIORITY]);
	if (r->tb[SEG6_LOCAL_COUNTERS] &&
	    nla_parse_nested(r->cnt, SEG6_LOCAL_CNT_MAX,
			     r->tb[SEG6_LOCAL_COUNTERS], NULL) < 0)
		memset(r->cnt, 0, sizeof(r->cnt));
	return true;
}

static void print_counters(const struct seg6local *r)
{
	static const struct {
		int attr;
		const char *key, *fmt;
	} fields[] = {
		{ SEG6_LOCAL_CNT_PACKETS, "packets", " %" PRIu64 " packets" },
		{ SEG6_LOCAL_CNT_BYTES,   "bytes",   " %" PRIu64 " bytes" },
		{ SEG6_LOCAL_CNT_ERRORS,  "errors",  "  errors: %" PRIu64 },
	};
	uint64_t v;
	size_t i;

	print_text("\n   ");
	print_object_begin("stats");
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		const struct nlattr *a = r->cnt[fields[i].attr];

		if (!a || nla_len(a) != 8)
			continue;
		memcpy(&v, nla_data(a), sizeof(v));
		print_u64(PRINT_ANY, fields[i].key, fields[i].fmt, v);
	}
	print_object_end();
}

/* One seg6local value, as "sid add" takes it. */
static void print_attr(enum key_id k, const struct nlattr *a)
{
	char buf[INET6_ADDRSTRLEN];

	switch (key_table[k].kind) {
	case KIND_ADDR6:
		if (nla_len(a) != 16)
			return;
		inet_ntop(AF_INET6, nla_data(a), buf, sizeof(buf));
		break;
	case KIND_ADDR4:
		if (nla_len(a) != 4)
			return;
		inet_ntop(AF_INET, nla_data(a), buf, sizeof(buf));
		break;
	default:
		if (nla_len(a) != 4)
			return;
		print_string(PRINT_TEXT, NULL, " %s", key_table[k].name);
		print_u64(PRINT_ANY, key_table[k].name, " %" PRIu64,
			  nla_get_u32((struct nlattr *)a));
		return;
	}
	print_string(PRINT_TEXT, NULL, " %s", key_table[k].name);
	print_string(PRINT_ANY, key_table[k].name, " %s", buf);
}

/*
 * A SID's record: the keywords its behaviour takes, in key_table order. A
 * route's device is its "oif" when the behaviour requires one, or takes
 * one and it is not the loopback device srconf uses when none is given.
 */
static bool show_oif(const struct behavior_desc *b, unsigned int oif)
{
	if (!oif)
		return false;
	if (b && behavior_requires(b, KEY_OIF))
		return true;
	return (!b || behavior_accepts(b, KEY_OIF)) && !link_is_loopback(oif);
}

static void print_route(const struct seg6local *r, const struct options *opts)
{
	const struct behavior_desc *b = behavior_by_type(OWNER_SEG6LOCAL, r->action);
	char addr[INET6_ADDRSTRLEN + 4], buf[32];
	bool down;
	int k;

	print_record_begin();
	inet_ntop(AF_INET6, r->dst, addr, INET6_ADDRSTRLEN);
	if (r->rtm->rtm_dst_len != 128)
		snprintf(addr + strlen(addr), 5, "/%u", r->rtm->rtm_dst_len);
	print_string(PRINT_ANY, "sid", "%s", addr);
	print_string(PRINT_TEXT, NULL, " %s", "behavior");
	print_string(PRINT_ANY, "behavior", " %s",
		     action_name(r->action, buf, sizeof(buf)));
	print_string(PRINT_ANY, "owner", " owner %s", owner_name(OWNER_SEG6LOCAL));
	for (k = 0; k < KEY_COUNT; k++) {
		if (k == KEY_OIF && show_oif(b, r->oif)) {
			print_string(PRINT_TEXT, NULL, " %s", "oif");
			print_ifindex("oif", r->oif);
		}
		if (seg6local_attr[k] && r->tb[seg6local_attr[k]])
			print_attr(k, r->tb[seg6local_attr[k]]);
	}
	down = (r->rtm->rtm_flags & (RTNH_F_DEAD | RTNH_F_LINKDOWN)) ||
	       !link_is_up(r->oif);
	print_string(PRINT_ANY, "state", " state %s", down ? "down" : "up");
	if (opts->stats && r->tb[SEG6_LOCAL_COUNTERS])
		print_counters(r);
	print_record_end();
}

/* What tells a seg6local route from other routes to the same SID. */
struct route_key {
	struct in6_addr dst;
	uint32_t metric;
	uint32_t oif;
};

struct walk {
	const struct in6_addr *only;	/* one SID, or NULL for all */
	const struct options *opts;	/* print, or ... */
	struct route_key *found;	/* ... collect /128 routes here */
	unsigned int nfound, max;
	unsigned int matched;
};

static int on_route(struct nlmsghdr *nlh, void *arg)
{
	struct walk *w = arg;
	struct seg6local r;

	if (!decode(nlh, &r))
		return 0;
	if (w->only && (r.rtm->rtm_dst_len != 128 ||
			memcmp(w->only, r.dst, sizeof(*r.dst))))
		return 0;
	w->matched++;
	if (w->opts)
		print_route(&r, w->opts);
	if (w->found && w->nfound < w->max && r.rtm->rtm_dst_len == 128) {
		w->found[w->nfound].dst = *r.dst;
		w->found[w->nfound].metric = r.metric;
		w->found[w->nfound++].oif = r.oif;
	}
	return 0;
}

static int walk_routes(struct walk *w)
{
	struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_table = RT_TABLE_MAIN };
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP);
	if (msg && nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0)
		msg = drop(msg);
	return route_request(msg, on_route, w);
}

/**
 * route_show() - print the seg6local routes of the local SID table
 * @sid: only this SID (a /128 route), or NULL for every one
 * @opts: -s
 *
 * Return: the number of routes printed, or -1 after printing an error.
 */
int route_show(const struct in6_addr *sid, const struct options *opts)
{
	struct walk w = { .only = sid, .opts = opts };

	return walk_routes(&w) ? -1 : (int)w.matched;
}

/**
 * route_exists() - whether @sid is a seg6local route of the local SID table
 *
 * Return: 1, 0, or -1 after printing an error.
 */
int route_exists(const struct in6_addr *sid)
{
	struct walk w = { .only = sid };

	return walk_routes(&w) ? -1 : !!w.matched;
}

/*
 * The kernel deletes the first route to the destination that matches the
 * attributes given, whatever its type: name the seg6local route exactly
 * by its metric and device, so a plain route to the same address stays.
 */
static int route_del_one(const struct route_key *key)
{
	struct nl_msg *msg;

	msg = route_msg(RTM_DELROUTE, NLM_F_ACK, &key->dst, RTPROT_UNSPEC);
	if (msg && (nla_put_u32(msg, RTA_PRIORITY, key->metric) < 0 ||
		    (key->oif && nla_put_u32(msg, RTA_OIF, key->oif) < 0)))
		msg = drop(msg);
	return route_request(msg, NULL, NULL);
}

/**
 * route_del() - delete the seg6local route of @sid from the local SID table
 *
 * Only a seg6local route is deleted: a plain route to the same address is
 * not a SID and stays.
 *
 * Return: 0, 1 when there is no such route, or -1 after printing an error.
 */
int route_del(const struct in6_addr *sid)
{
	struct route_key key;
	struct walk w = { .only = sid, .found = &key, .max = 1 };

	if (walk_routes(&w))
		return -1;
	return w.nfound ? route_del_one(&key) : 1;
}

/**
 * route_flush() - delete every seg6local /128 route of the local SID table
 *
 * Return: 0, or -1 after printing an error (routes deleted before it stay
 * deleted).
 */
int route_flush(void)
{
	enum { BATCH = 256 };
	struct route_key found[BATCH];
	struct walk w;
	unsigned int i;

	do {
		memset(&w, 0, sizeof(w));
		w.found = found;
		w.max = BATCH;
		if (walk_routes(&w))
			return -1;
		for (i = 0; i < w.nfound; i++)
			if (route_del_one(&found[i]))
				return -1;
	} while (w.nfound == BATCH);
	return 0;
}

/**
 * route_print_event() - print a seg6local route change for "monitor"
 * @nlh: RTM_NEWROUTE or RTM_DELROUTE from the RTNLGRP_IPV6_ROUTE group
 * @opts: -s
 *
 * Return: whether it was a seg6local route of the local SID table.
 */
bool route_print_event(struct nlmsghdr *nlh, const struct options *opts)
{
	struct seg6local r;

	if (!decode(nlh, &r))
		return false;
	print_route(&r, opts);
	return true;
}
