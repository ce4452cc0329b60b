/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared declarations of the srext module: the SID object, the behaviour
 * descriptor and the per-namespace state.
 */
#ifndef _SREXT_H
#define _SREXT_H

#include <linux/in6.h>
#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/netlink.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/ratelimit.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include <net/dst_cache.h>
#include <net/netns/generic.h>

#include "uapi/srext.h"

struct srext_sid;
struct srext_stats;
struct srext_stats_sum;
struct sk_buff;

/*
 * One row per behaviour. The netlink layer checks the attributes against
 * @required and @optional, the hook calls @input for packets whose DA is the
 * SID (towards the VNF) and @reply for packets arriving on the SID's IFACE-IN
 * (back from the VNF). Both consume the skb and return a netfilter verdict.
 */
struct srext_behavior_desc {
	const char *name;
	u32 id;				/* enum srext_behavior */
	u8 family;			/* inner family, AF_INET6 or AF_INET */
	unsigned long required;		/* BIT(SREXT_A_SID_*) */
	unsigned long optional;
	unsigned int (*input)(struct srext_sid *sid, struct sk_buff *skb);
	unsigned int (*reply)(struct srext_sid *sid, struct sk_buff *skb);
	int (*build)(struct srext_sid *sid, struct netlink_ext_ack *extack);
	void (*destroy)(struct srext_sid *sid);
};

/* Headers pushed back by a static proxy, built once when the SID is added. */
struct srext_hdr {
	unsigned int len;
	u8 data[];
};

/* An interface is IFACE-IN of at most one SID per inner family. */
struct srext_iif_key {
	u32 ifindex;
	u32 family;
};

struct srext_ad_cache;

struct srext_sid {
	struct rhash_head node;		/* srext_net.sids, keyed by addr */
	struct rhash_head iif_node;	/* srext_net.iifs, keyed by iif_key */
	struct list_head list;		/* srext_net.list, for walkers */
	struct in6_addr addr;
	struct srext_iif_key iif_key;
	const struct srext_behavior_desc *behavior;
	struct net *net;
	struct in6_addr nh6;
	__be32 nh4;
	u8 mac[ETH_ALEN];		/* the VNF's, instead of nh6/nh4 */
	bool has_mac;
	int oif;
	int iif;
	struct in6_addr src;		/* End.AS */
	struct in6_addr *segs;		/* End.AS, visiting order */
	unsigned int nsegs;
	struct srext_hdr *push_hdr;	/* End.AS */
	u32 cache_mode;			/* End.AD: enum srext_cache_mode */
	u32 cache_max;			/* End.AD flow cache, 0: default */
	u32 cache_timeout;		/* seconds, 0: default */
	struct srext_flow_table *flows;	/* End.AD with SREXT_CACHE_FLOW */
	struct dst_cache dst_cache;	/* route to nh6 via oif */
	struct srext_ad_cache __rcu *cache;
	spinlock_t cache_lock;		/* serialises cache replacement */
	struct ratelimit_state cache_rs; /* of replacements, both modes */
	struct net_device __rcu *mac_dev; /* oif of a SID with a mac, held */
	netdevice_tracker mac_dev_tracker;
	struct mem_cgroup *memcg;	/* of who added it: packet-path charges */
	struct srext_stats __percpu *stats;
	struct srext_stats_sum *stats_base; /* sums at the latest clear */
	struct rcu_work free_work;	/* frees in process context */
};

struct srext_net {
	struct rhashtable sids;
	struct rhashtable iifs;
	struct list_head list;		/* every SID, in insertion order */
	struct list_head iif_hooks;	/* ingress hooks, one per iif */
	struct mutex lock;		/* writers of everything above */
	unsigned int count;
	atomic_t flows;			/* flow cache entries of all SIDs */
	unsigned int gen;		/* bumped on change, for dumps */
	bool hooks;			/* netfilter hooks registered */
};

extern unsigned int srext_net_id;
extern struct workqueue_struct *srext_wq;
extern struct workqueue_struct *srext_free_wq;
extern unsigned int srext_max_sids;
extern unsigned int srext_max_flows;
extern unsigned int srext_cache_rebuilds;

/*
 * Outer headers (IPv6 header and every extension header) longer than this
 * are not proxied (too_big): they would be copied into every cache entry.
 * An SRH of 64 segments with TLVs and options fits.
 */
#define SREXT_OUTER_MAX 2048

/* Every rejection names the module, like NL_SET_ERR_MSG_MOD, and the attribute. */
#define SREXT_ERR_ATTR(extack, attr, msg) \
	NL_SET_ERR_MSG_ATTR(extack, attr, KBUILD_MODNAME ": " msg)

static inline struct srext_net *srext_net(const struct net *net)
{
	return net_generic(net, srext_net_id);
}

/**
 * srext_sid_kmalloc() - allocate on the packet path for a SID
 * @sid: the SID
 * @size: bytes
 *
 * Charged to the memory cgroup of whoever added the SID (the softirq runs in
 * no task of its own), so a container's SIDs fill its own limit.
 *
 * Context: any, atomic.
 * Return: the memory or NULL.
 */
static inline void *srext_sid_kmalloc(const struct srext_sid *sid, size_t size)
{
	struct mem_cgroup *old = set_active_memcg(sid->memcg);
	/* Not GFP_ATOMIC: its __GFP_HIGH lets the charge past the limit. */
	void *p = kmalloc(size, GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);

	set_active_memcg(old);
	return p;
}

#endif /* _SREXT_H */
