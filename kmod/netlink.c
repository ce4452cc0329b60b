// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "SREXT": the attribute tree is drawn in
 * uapi/srext.h. Strict per-command policies, an extack message on every
 * rejection, CAP_NET_ADMIN in the requester's namespace for every command.
 */
#include <linux/if_ether.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "sid.h"

static struct genl_family srext_family;

/* Cleared before the family goes away, so late notifications are not sent. */
static bool srext_nl_up;

enum srext_mcgrp {
	SREXT_MCGRP_EVENTS,
};

static const struct genl_multicast_group srext_mcgrps[] = {
	/* Events carry every SID's configuration: admins only, as the
	 * commands (GENL_UNS_ADMIN_PERM).
	 */
	[SREXT_MCGRP_EVENTS] = {
		.name	= SREXT_GENL_MCGRP_EVENTS,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};

/* Not const: 6.1's nla_policy points at a mutable range. */
static struct netlink_range_validation cache_max_range = {
	.min = 1, .max = 1 << 20,
};

static struct netlink_range_validation cache_timeout_range = {
	.min = 1, .max = 86400,
};

static const struct nla_policy seg_policy[SREXT_A_SEG_MAX + 1] = {
	[SREXT_A_SEG_ADDR]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

static const struct nla_policy sid_add_policy[SREXT_A_SID_MAX + 1] = {
	[SREXT_A_SID_ADDR]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[SREXT_A_SID_BEHAVIOR]	= { .type = NLA_U32 },
	[SREXT_A_SID_NH6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[SREXT_A_SID_OIF]	= { .type = NLA_U32 },
	[SREXT_A_SID_IIF]	= { .type = NLA_U32 },
	[SREXT_A_SID_NH4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[SREXT_A_SID_SRC]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[SREXT_A_SID_SEGS]	= NLA_POLICY_NESTED(seg_policy),
	[SREXT_A_SID_CACHE]	= NLA_POLICY_MAX(NLA_U32, __SREXT_CACHE_MAX - 1),
	[SREXT_A_SID_CACHE_MAX]	= NLA_POLICY_FULL_RANGE(NLA_U32, &cache_max_range),
	[SREXT_A_SID_CACHE_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cache_timeout_range),
	[SREXT_A_SID_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
};

static const struct nla_policy sid_addr_policy[SREXT_A_SID_ADDR + 1] = {
	[SREXT_A_SID_ADDR]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

/* GENL_REQ_ATTR_CHECK() only marks the attribute; say which one in words. */
#define REQUIRE_ATTR(info, attr, what)					\
	({								\
		bool __missing = GENL_REQ_ATTR_CHECK(info, attr);	\
									\
		if (__missing)						\
			NL_SET_ERR_MSG_MOD((info)->extack,		\
					   "missing attribute " what);	\
		__missing;						\
	})

/* A SID is an address packets are routed to: no multicast, link-local,
 * loopback, unspecified or v4-mapped one.
 */
static bool sid_addr_valid(const struct in6_addr *addr)
{
	int type = ipv6_addr_type(addr);

	return (type & IPV6_ADDR_UNICAST) &&
	       !(type & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK |
			 IPV6_ADDR_MAPPED));
}

static int srext_nl_sid_add(struct sk_buff *skb, struct genl_info *info)
{
	struct in6_addr addr;

	if (REQUIRE_ATTR(info, SREXT_A_SID_ADDR, "SREXT_A_SID_ADDR (the SID)") ||
	    REQUIRE_ATTR(info, SREXT_A_SID_BEHAVIOR,
			 "SREXT_A_SID_BEHAVIOR"))
		return -EINVAL;
	addr = nla_get_in6_addr(info->attrs[SREXT_A_SID_ADDR]);
	if (!sid_addr_valid(&addr)) {
		SREXT_ERR_ATTR(info->extack, info->attrs[SREXT_A_SID_ADDR],
				    "SID must be a global unicast address");
		return -EINVAL;
	}
	return srext_sid_add(genl_info_net(info), info->attrs, info->extack);
}

static int srext_nl_sid_del(struct sk_buff *skb, struct genl_info *info)
{
	struct in6_addr addr;

	if (REQUIRE_ATTR(info, SREXT_A_SID_ADDR, "SREXT_A_SID_ADDR (the SID)"))
		return -EINVAL;
	addr = nla_get_in6_addr(info->attrs[SREXT_A_SID_ADDR]);
	return srext_sid_del(genl_info_net(info), &addr, info->extack);
}

static int srext_nl_sid_flush(struct sk_buff *skb, struct genl_info *info)
{
	srext_sid_flush(genl_info_net(info), NULL);
	return 0;
}

/**
 * srext_nl_sid_clear_stats() - SREXT_CMD_SID_CLEAR_STATS
 * @skb: the request
 * @info: its attributes: SREXT_A_SID_ADDR for one SID, none for all
 *
 * Zeroes the counters of one SID or of every SID of the requester's
 * namespace; nothing else changes and no event is sent.
 *
 * Return: 0, or -ENOENT for an absent SID, with an extack message.
 */
static int srext_nl_sid_clear_stats(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct in6_addr addr;

	if (!info->attrs[SREXT_A_SID_ADDR])
		return srext_sid_clear_stats(genl_info_net(info), NULL,
					     info->extack);
	addr = nla_get_in6_addr(info->attrs[SREXT_A_SID_ADDR]);
	return srext_sid_clear_stats(genl_info_net(info), &addr, info->extack);
}

static int sid_msg(struct sk_buff *msg, const struct srext_sid *sid,
		   u32 portid, u32 seq, int flags, u8 cmd, bool stats,
		   struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &srext_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (sid && srext_sid_fill(msg, sid, stats)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int srext_nl_sid_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct srext_net *sn = srext_net(net);
	struct srext_sid *sid;
	struct in6_addr addr;
	struct sk_buff *msg;
	int err;

	if (REQUIRE_ATTR(info, SREXT_A_SID_ADDR, "SREXT_A_SID_ADDR (the SID)"))
		return -EINVAL;
	addr = nla_get_in6_addr(info->attrs[SREXT_A_SID_ADDR]);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&sn->lock);
	sid = srext_sid_find(sn, &addr);
	if (!sid) {
		SREXT_ERR_ATTR(info->extack, info->attrs[SREXT_A_SID_ADDR],
				    "SID not found");
		err = -ENOENT;
	} else {
		err = sid_msg(msg, sid, info->snd_portid, info->snd_seq, 0,
			      SREXT_CMD_SID_GET, true, NULL);
	}
	mutex_unlock(&sn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Resumes from cb->args[0], the number of SIDs already sent; the namespace's
 * generation counter flags a dump that raced with a change
 * (NLM_F_DUMP_INTR), as WireGuard does.
 */
static int srext_nl_sid_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct srext_net *sn = srext_net(sock_net(skb->sk));
	unsigned long done = cb->args[0], idx = 0;
	struct srext_sid *sid;

	mutex_lock(&sn->lock);
	cb->seq = sn->gen;
	list_for_each_entry(sid, &sn->list, list) {
		if (idx++ < done)
			continue;
		if (sid_msg(skb, sid, NETLINK_CB(cb->skb).portid,
			    cb->nlh->nlmsg_seq, NLM_F_MULTI, SREXT_CMD_SID_GET,
			    true, cb))
			break;
		done++;
	}
	mutex_unlock(&sn->lock);
	cb->args[0] = done;
	return skb->len;
}

static const struct genl_ops srext_ops[] = {
	{
		.cmd		= SREXT_CMD_SID_ADD,
		.doit		= srext_nl_sid_add,
		.policy		= sid_add_policy,
		.maxattr	= SREXT_A_SID_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SREXT_CMD_SID_DEL,
		.doit		= srext_nl_sid_del,
		.policy		= sid_addr_policy,
		.maxattr	= SREXT_A_SID_ADDR,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SREXT_CMD_SID_GET,
		.doit		= srext_nl_sid_get_doit,
		.dumpit		= srext_nl_sid_get_dumpit,
		.policy		= sid_addr_policy,
		.maxattr	= SREXT_A_SID_ADDR,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		/* No policy: every attribute is rejected. */
		.cmd		= SREXT_CMD_SID_FLUSH,
		.doit		= srext_nl_sid_flush,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SREXT_CMD_SID_CLEAR_STATS,
		.doit		= srext_nl_sid_clear_stats,
		.policy		= sid_addr_policy,
		.maxattr	= SREXT_A_SID_ADDR,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family srext_family __ro_after_init = {
	.name		= SREXT_GENL_NAME,
	.version	= SREXT_GENL_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= srext_ops,
	.n_ops		= ARRAY_SIZE(srext_ops),
	/* Every command is strict: header reserved fields checked, and no
	 * policy (flush) means no attribute accepted.
	 */
	.resv_start_op	= SREXT_CMD_SID_ADD,
	.mcgrps		= srext_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(srext_mcgrps),
};

/**
 * srext_nl_notify() - announce a SID change to the "events" group
 * @net: the SID's namespace
 * @sid: the SID, still allocated; NULL for SREXT_CMD_SID_FLUSH
 * @cmd: SREXT_CMD_SID_ADD, SREXT_CMD_SID_DEL or SREXT_CMD_SID_FLUSH
 *
 * Context: process context, may sleep.
 */
void srext_nl_notify(struct net *net, const struct srext_sid *sid, u8 cmd)
{
	struct sk_buff *msg;

	if (!READ_ONCE(srext_nl_up) ||
	    !genl_has_listeners(&srext_family, net, SREXT_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (sid_msg(msg, sid, 0, 0, 0, cmd, false, NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&srext_family, net, msg, 0, SREXT_MCGRP_EVENTS,
				GFP_KERNEL);
}

int srext_nl_init(void)
{
	int err;

	err = genl_register_family(&srext_family);
	if (!err)
		WRITE_ONCE(srext_nl_up, true);
	return err;
}

void srext_nl_uninit(void)
{
	WRITE_ONCE(srext_nl_up, false);
	genl_unregister_family(&srext_family);
}
