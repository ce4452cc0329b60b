// SPDX-License-Identifier: GPL-2.0
/*
 * The SID table of a namespace: SIDs by address for packets towards a VNF,
 * SIDs by IFACE-IN for packets coming back. Readers are the netfilter hook,
 * under RCU; writers are netlink and the netdevice notifier, under the
 * namespace's mutex. SIDs are freed after a grace period.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/rhashtable.h>
#include <net/addrconf.h>
#include <net/ipv6.h>

#include "hook.h"
#include "netlink.h"
#include "netns.h"
#include "proxy.h"
#include "sid.h"
#include "stats.h"

static const struct rhashtable_params sid_params = {
	.key_len		= sizeof(struct in6_addr),
	.key_offset		= offsetof(struct srext_sid, addr),
	.head_offset		= offsetof(struct srext_sid, node),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params iif_params = {
	.key_len		= sizeof(struct srext_iif_key),
	.key_offset		= offsetof(struct srext_sid, iif_key),
	.head_offset		= offsetof(struct srext_sid, iif_node),
	.automatic_shrinking	= true,
};

/* Adding a behaviour is adding a row. */
static const struct srext_behavior_desc *const behaviors[] = {
	&srext_end_ad6,
	&srext_end_ad4,
	&srext_end_as6,
	&srext_end_as4,
	&srext_end_am,
};

static const struct srext_behavior_desc *behavior_find(u32 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(behaviors); i++)
		if (behaviors[i]->id == id)
			return behaviors[i];
	return NULL;
}

static void set_err(struct netlink_ext_ack *extack, const char *msg,
		    const struct nlattr *attr)
{
	if (!extack)
		return;
	extack->_msg = msg;
	extack->bad_attr = attr;
}

static int parse_nh6(struct srext_sid *sid, struct net *net,
		     const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	int type;

	sid->nh6 = nla_get_in6_addr(attr);
	type = ipv6_addr_type(&sid->nh6);
	if (type == IPV6_ADDR_ANY || type & (IPV6_ADDR_MULTICAST |
					     IPV6_ADDR_LOOPBACK)) {
		SREXT_ERR_ATTR(extack, attr,
				    "nh6 must be a unicast address");
		return -EINVAL;
	}
	return 0;
}

/* A SID configured with a mac has no next hop to report. */
static int put_nh6(struct sk_buff *msg, const struct srext_sid *sid)
{
	if (sid->has_mac)
		return 0;
	return nla_put_in6_addr(msg, SREXT_A_SID_NH6, &sid->nh6);
}

static int parse_nh4(struct srext_sid *sid, struct net *net,
		     const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	sid->nh4 = nla_get_in_addr(attr);
	if (ipv4_is_multicast(sid->nh4) || ipv4_is_lbcast(sid->nh4) ||
	    ipv4_is_zeronet(sid->nh4) || ipv4_is_loopback(sid->nh4)) {
		SREXT_ERR_ATTR(extack, attr, "nh4 must be a unicast address");
		return -EINVAL;
	}
	return 0;
}

static int put_nh4(struct sk_buff *msg, const struct srext_sid *sid)
{
	if (sid->has_mac)
		return 0;
	return nla_put_in_addr(msg, SREXT_A_SID_NH4, sid->nh4);
}

static int parse_mac(struct srext_sid *sid, struct net *net,
		     const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	nla_memcpy(sid->mac, attr, ETH_ALEN);
	if (!is_valid_ether_addr(sid->mac)) {
		SREXT_ERR_ATTR(extack, attr,
			       "mac must be a unicast Ethernet address, not zero");
		return -EINVAL;
	}
	sid->has_mac = true;
	return 0;
}

static int put_mac(struct sk_buff *msg, const struct srext_sid *sid)
{
	if (!sid->has_mac)
		return 0;
	return nla_put(msg, SREXT_A_SID_MAC, ETH_ALEN, sid->mac);
}

static int parse_src(struct srext_sid *sid, struct net *net,
		     const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	sid->src = nla_get_in6_addr(attr);
	if (!(ipv6_addr_type(&sid->src) & IPV6_ADDR_UNICAST)) {
		SREXT_ERR_ATTR(extack, attr, "src must be a unicast address");
		return -EINVAL;
	}
	return 0;
}

static int put_src(struct sk_buff *msg, const struct srext_sid *sid)
{
	return nla_put_in6_addr(msg, SREXT_A_SID_SRC, &sid->src);
}

/* The policy checked every entry's type and length already. */
static int parse_segs(struct srext_sid *sid, struct net *net,
		      const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	const struct nlattr *seg;
	unsigned int n = 0;
	int rem;

	nla_for_each_nested(seg, attr, rem)
		n++;
	if (!n || n > SREXT_SEGS_MAX) {
		SREXT_ERR_ATTR(extack, attr, "segs must hold 1 to 64 segments");
		return -EINVAL;
	}
	sid->segs = kcalloc(n, sizeof(*sid->segs), GFP_KERNEL_ACCOUNT);
	if (!sid->segs)
		return -ENOMEM;
	nla_for_each_nested(seg, attr, rem)
		sid->segs[sid->nsegs++] = nla_get_in6_addr(seg);
	return 0;
}

static int put_segs(struct sk_buff *msg, const struct srext_sid *sid)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(msg, SREXT_A_SID_SEGS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < sid->nsegs; i++) {
		if (nla_put_in6_addr(msg, SREXT_A_SEG_ADDR, &sid->segs[i])) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static void destroy_segs(struct srext_sid *sid)
{
	kfree(sid->segs);
}

static int parse_cache(struct srext_sid *sid, struct net *net,
		       const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	sid->cache_mode = nla_get_u32(attr);
	return 0;
}

static int put_cache(struct sk_buff *msg, const struct srext_sid *sid)
{
	return nla_put_u32(msg, SREXT_A_SID_CACHE, sid->cache_mode);
}

static int parse_cache_max(struct srext_sid *sid, struct net *net,
			   const struct nlattr *attr,
			   struct netlink_ext_ack *extack)
{
	sid->cache_max = nla_get_u32(attr);
	return 0;
}

/* Filled in by the behaviour's build with the default when not given. */
static int put_cache_max(struct sk_buff *msg, const struct srext_sid *sid)
{
	if (sid->cache_mode != SREXT_CACHE_FLOW)
		return 0;
	return nla_put_u32(msg, SREXT_A_SID_CACHE_MAX, sid->cache_max);
}

static int parse_cache_timeout(struct srext_sid *sid, struct net *net,
			       const struct nlattr *attr,
			       struct netlink_ext_ack *extack)
{
	sid->cache_timeout = nla_get_u32(attr);
	return 0;
}

static int put_cache_timeout(struct sk_buff *msg, const struct srext_sid *sid)
{
	if (sid->cache_mode != SREXT_CACHE_FLOW)
		return 0;
	return nla_put_u32(msg, SREXT_A_SID_CACHE_TIMEOUT, sid->cache_timeout);
}

static int parse_oif(struct srext_sid *sid, struct net *net,
		     const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	sid->oif = nla_get_u32(attr);
	return 0;
}

static int put_oif(struct sk_buff *msg, const struct srext_sid *sid)
{
	return nla_put_u32(msg, SREXT_A_SID_OIF, sid->oif);
}

static int parse_iif(struct srext_sid *sid, struct net *net,
		     const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	sid->iif = nla_get_u32(attr);
	return 0;
}

static int put_iif(struct sk_buff *msg, const struct srext_sid *sid)
{
	return nla_put_u32(msg, SREXT_A_SID_IIF, sid->iif);
}

/*
 * Behaviour attributes, as seg6_local does it: how to parse one from a
 * request, how to put it in a reply, and what to say when it is missing.
 * @alt names an attribute that may stand in for this one when the
 * behaviour requires it (mac for nh6 or nh4: the VNF addressed at the link
 * layer instead of through a route); exactly one of the two is then needed,
 * and @both is what to say when a request gives both. The stand-in must be
 * in the behaviour's optional set.
 */
struct srext_attr_ops {
	int (*parse)(struct srext_sid *sid, struct net *net,
		     const struct nlattr *attr, struct netlink_ext_ack *extack);
	int (*put)(struct sk_buff *msg, const struct srext_sid *sid);
	void (*destroy)(struct srext_sid *sid);
	const char *missing;
	int alt;
	const char *both;
};

static const struct srext_attr_ops attr_ops[SREXT_A_SID_MAX + 1] = {
	[SREXT_A_SID_NH6] = {
		.parse = parse_nh6, .put = put_nh6,
		.missing = "srext: Missing attribute nh6 (or mac) for this behavior",
		.alt = SREXT_A_SID_MAC,
		.both = "srext: nh6 and mac are exclusive: give one of them",
	},
	[SREXT_A_SID_OIF] = {
		.parse = parse_oif, .put = put_oif,
		.missing = "srext: Missing attribute oif for this behavior",
	},
	[SREXT_A_SID_IIF] = {
		.parse = parse_iif, .put = put_iif,
		.missing = "srext: Missing attribute iif for this behavior",
	},
	[SREXT_A_SID_NH4] = {
		.parse = parse_nh4, .put = put_nh4,
		.missing = "srext: Missing attribute nh4 (or mac) for this behavior",
		.alt = SREXT_A_SID_MAC,
		.both = "srext: nh4 and mac are exclusive: give one of them",
	},
	[SREXT_A_SID_SRC] = {
		.parse = parse_src, .put = put_src,
		.missing = "srext: Missing attribute src for this behavior",
	},
	[SREXT_A_SID_SEGS] = {
		.parse = parse_segs, .put = put_segs, .destroy = destroy_segs,
		.missing = "srext: Missing attribute segs for this behavior",
	},
	[SREXT_A_SID_CACHE] = { .parse = parse_cache, .put = put_cache },
	[SREXT_A_SID_CACHE_MAX] = {
		.parse = parse_cache_max, .put = put_cache_max,
	},
	[SREXT_A_SID_CACHE_TIMEOUT] = {
		.parse = parse_cache_timeout, .put = put_cache_timeout,
	},
	[SREXT_A_SID_MAC] = { .parse = parse_mac, .put = put_mac },
};

/* Frees what parsing and building allocated; the SID itself stays. */
static void sid_release(struct srext_sid *sid)
{
	int i;

	if (sid->behavior->destroy)
		sid->behavior->destroy(sid);
	for (i = 0; i <= SREXT_A_SID_MAX; i++)
		if (attr_ops[i].destroy)
			attr_ops[i].destroy(sid);
}

int srext_sid_table_init(struct srext_net *sn)
{
	int err;

	err = rhashtable_init(&sn->sids, &sid_params);
	if (err)
		return err;
	err = rhashtable_init(&sn->iifs, &iif_params);
	if (err)
		rhashtable_destroy(&sn->sids);
	return err;
}

void srext_sid_table_destroy(struct srext_net *sn)
{
	rhashtable_destroy(&sn->iifs);
	rhashtable_destroy(&sn->sids);
}

/**
 * srext_sid_lookup() - find the SID with this address
 * @sn: the namespace's state
 * @addr: the address
 *
 * Context: RCU read side.
 * Return: the SID or NULL.
 */
struct srext_sid *srext_sid_lookup(struct srext_net *sn,
				   const struct in6_addr *addr)
{
	return rhashtable_lookup(&sn->sids, addr, sid_params);
}

/**
 * srext_sid_find() - find the SID with this address, for a writer
 * @sn: the namespace's state
 * @addr: the address
 *
 * Context: process context, the namespace's mutex held.
 * Return: the SID or NULL; it stays valid while the mutex is held.
 */
struct srext_sid *srext_sid_find(struct srext_net *sn,
				 const struct in6_addr *addr)
{
	lockdep_assert_held(&sn->lock);
	return rhashtable_lookup_fast(&sn->sids, addr, sid_params);
}

/**
 * srext_sid_lookup_iif() - find the SID whose IFACE-IN this is
 * @sn: the namespace's state
 * @ifindex: the interface a packet arrived on
 * @family: the family of that packet (AF_INET6 or AF_INET)
 *
 * Context: RCU read side.
 * Return: the SID or NULL.
 */
struct srext_sid *srext_sid_lookup_iif(struct srext_net *sn, int ifindex,
				       u32 family)
{
	struct srext_iif_key key = { .ifindex = ifindex, .family = family };

	return rhashtable_lookup(&sn->iifs, &key, iif_params);
}

static bool has_iif(const struct srext_sid *sid)
{
	return sid->behavior->required & BIT(SREXT_A_SID_IIF);
}

static void sid_destroy(struct srext_sid *sid)
{
	sid_release(sid);
	dst_cache_destroy(&sid->dst_cache);
	srext_stats_destroy(sid);
	mem_cgroup_put(sid->memcg);
	kfree(sid);
}

/* After a grace period, in process context: behaviours may sleep to free. */
static void sid_free_work(struct work_struct *work)
{
	sid_destroy(container_of(to_rcu_work(work), struct srext_sid,
				 free_work));
}

static struct srext_sid *sid_alloc(const struct srext_behavior_desc *behavior,
				   struct net *net)
{
	struct srext_sid *sid;
	unsigned int rebuilds;

	sid = kzalloc(sizeof(*sid), GFP_KERNEL_ACCOUNT);
	if (!sid)
		return NULL;
	if (srext_stats_init(sid))
		goto err_free_sid;
	if (dst_cache_init(&sid->dst_cache, GFP_KERNEL_ACCOUNT))
		goto err_free_stats;
	sid->behavior = behavior;
	sid->net = net;
	sid->memcg = get_mem_cgroup_from_mm(current->mm);
	INIT_RCU_WORK(&sid->free_work, sid_free_work);
	spin_lock_init(&sid->cache_lock);
	/* ratelimit_state takes an int burst. Interval 0 is no limit;
	 * nothing is ever printed. A replacement racing with one on another
	 * CPU (the state's trylock) is counted as limited too.
	 */
	rebuilds = min_t(unsigned int, READ_ONCE(srext_cache_rebuilds), INT_MAX);
	ratelimit_state_init(&sid->cache_rs, rebuilds ? HZ : 0, rebuilds);
	ratelimit_set_flags(&sid->cache_rs, RATELIMIT_MSG_ON_RELEASE);
	return sid;

err_free_stats:
	srext_stats_destroy(sid);
err_free_sid:
	kfree(sid);
	return NULL;
}


/*
 * Packets back from the VNF are taken on IFACE-IN before the IP stack, last
 * of the ingress hooks there (an operator's netdev chains on the VNF's
 * interface see what the VNF sent). One hook per interface, shared by its
 * End.AD4 and End.AD6 SIDs (the hook finds the SID by the packet's family):
 * a hook per SID would see the packet the other one just re-encapsulated.
 * The hook refers to the device, which srext does not hold: NETDEV_UNREGISTER
 * removes the SIDs, and with the last one the hook, before the device goes.
 */
struct srext_iif_hook {
	struct list_head list;		/* srext_net.iif_hooks */
	int ifindex;
	unsigned int users;		/* SIDs with this iif */
	struct nf_hook_ops ops;
	struct rcu_head rcu;
};

static struct srext_iif_hook *iif_hook_find(struct srext_net *sn, int ifindex)
{
	struct srext_iif_hook *h;

	list_for_each_entry(h, &sn->iif_hooks, list)
		if (h->ifindex == ifindex)
			return h;
	return NULL;
}

static int iif_hook_get(struct net *net, struct srext_net *sn, int ifindex)
{
	struct srext_iif_hook *h = iif_hook_find(sn, ifindex);
	struct net_device *dev;
	int err;

	if (h) {
		h->users++;
		return 0;
	}
	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	dev = dev_get_by_index(net, ifindex);
	if (!dev) {
		kfree(h);
		return -ENODEV;
	}
	h->ifindex = ifindex;
	h->users = 1;
	h->ops = (struct nf_hook_ops) {
		.hook		= srext_hook_ingress,
		.pf		= NFPROTO_NETDEV,
		.hooknum	= NF_NETDEV_INGRESS,
		.priority	= INT_MAX,
		.dev		= dev,
	};
	err = nf_register_net_hook(net, &h->ops);
	dev_put(dev);
	if (err) {
		kfree(h);
		return err;
	}
	list_add(&h->list, &sn->iif_hooks);
	return 0;
}

static void iif_hook_put(struct net *net, struct srext_net *sn, int ifindex)
{
	struct srext_iif_hook *h = iif_hook_find(sn, ifindex);

	if (WARN_ON_ONCE(!h) || --h->users)
		return;
	nf_unregister_net_hook(net, &h->ops);
	list_del(&h->list);
	kfree_rcu(h, rcu);
}

/* The attribute of @attrs standing in for attribute @i, if @b accepts one. */
static const struct nlattr *stand_in(const struct srext_behavior_desc *b,
				     struct nlattr **attrs, int i)
{
	int alt = attr_ops[i].alt;

	if (!alt || !((b->required | b->optional) & BIT(alt)))
		return NULL;
	return attrs[alt];
}

static int parse_attrs(struct srext_sid *sid, struct net *net,
		       struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	const struct srext_behavior_desc *b = sid->behavior;
	unsigned long valid = b->required | b->optional;
	int i, err;

	for (i = SREXT_A_SID_BEHAVIOR + 1; i <= SREXT_A_SID_MAX; i++) {
		const struct nlattr *alt = stand_in(b, attrs, i);

		if (!attr_ops[i].parse) {
			if (attrs[i]) {
				SREXT_ERR_ATTR(extack, attrs[i],
						    "attribute cannot be set");
				return -EINVAL;
			}
			continue;
		}
		if (!attrs[i]) {
			if ((b->required & BIT(i)) && !alt) {
				set_err(extack, attr_ops[i].missing, NULL);
				NL_SET_ERR_ATTR_MISS(extack, NULL, i);
				return -EINVAL;
			}
			continue;
		}
		if (!(valid & BIT(i))) {
			SREXT_ERR_ATTR(extack, attrs[i],
					    "attribute not valid for this behavior");
			return -EINVAL;
		}
		if (alt) {
			set_err(extack, attr_ops[i].both, alt);
			return -EINVAL;
		}
		err = attr_ops[i].parse(sid, net, attrs[i], extack);
		if (err)
			return err;
	}
	return 0;
}

/*
 * xmit_mac() sends out of oif with no route and no per-packet lookup: the SID
 * holds the device from its addition to its removal. Under the namespace
 * lock the device cannot pass NETDEV_UNREGISTER unnoticed (check_devices()),
 * but it may already be unlisted, on its way to that notifier, which flushes
 * the SID: then the SID has no device, and its packets count as no_route.
 */
static void mac_dev_hold(struct net *net, struct srext_sid *sid)
{
	struct net_device *dev = dev_get_by_index(net, sid->oif);

	if (!dev)
		return;
	netdev_tracker_alloc(dev, &sid->mac_dev_tracker, GFP_KERNEL);
	rcu_assign_pointer(sid->mac_dev, dev);
}

/* Readers still in their RCU section are safe: in NETDEV_UNREGISTER the
 * device is freed only after the synchronize_net() that follows the
 * notifiers; after a plain delete it stays registered, and unregistering it
 * later starts with a synchronize_net() once it is unlisted.
 */
static void mac_dev_put(struct srext_net *sn, struct srext_sid *sid)
{
	struct net_device *dev;

	dev = rcu_replace_pointer(sid->mac_dev, NULL,
				  lockdep_is_held(&sn->lock));
	if (dev)
		netdev_put(dev, &sid->mac_dev_tracker);
}

/* Called under the lock, so a device cannot be unregistered unnoticed between
 * this check and the insertion: its NETDEV_UNREGISTER waits for the lock.
 */
static int check_devices(struct srext_sid *sid, struct net *net,
			 struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	const struct net_device *oif = NULL, *iif = NULL;
	const struct inet6_dev *idev = NULL;
	int err = 0;

	rcu_read_lock();
	if (attrs[SREXT_A_SID_OIF])
		oif = dev_get_by_index_rcu(net, sid->oif);
	if (attrs[SREXT_A_SID_IIF])
		iif = dev_get_by_index_rcu(net, sid->iif);
	if (iif)
		idev = __in6_dev_get(iif);
	if (attrs[SREXT_A_SID_OIF] && !oif) {
		SREXT_ERR_ATTR(extack, attrs[SREXT_A_SID_OIF],
				    "oif: no such interface");
		err = -ENODEV;
	} else if (sid->has_mac && (!oif || oif->type != ARPHRD_ETHER)) {
		SREXT_ERR_ATTR(extack, attrs[SREXT_A_SID_MAC],
			       "mac needs an Ethernet oif");
		err = -EINVAL;
	} else if (attrs[SREXT_A_SID_IIF] && !iif) {
		SREXT_ERR_ATTR(extack, attrs[SREXT_A_SID_IIF],
				    "iif: no such interface");
		err = -ENODEV;
	} else if (iif && (!idev || READ_ONCE(idev->cnf.disable_ipv6))) {
		/* Packets back from the VNF are received there as IPv6. */
		SREXT_ERR_ATTR(extack, attrs[SREXT_A_SID_IIF],
			       "iif has IPv6 disabled: packets back from the VNF are received there as IPv6");
		err = -EINVAL;
	}
	rcu_read_unlock();
	return err;
}

/**
 * srext_sid_add() - create a SID from a SREXT_CMD_SID_ADD request
 * @net: the requester's namespace
 * @attrs: the validated attributes
 * @extack: where to say what is wrong
 *
 * Return: 0, or a negative errno with @extack set.
 */
int srext_sid_add(struct net *net, struct nlattr **attrs,
		  struct netlink_ext_ack *extack)
{
	struct srext_net *sn = srext_net(net);
	const struct srext_behavior_desc *behavior;
	struct srext_sid *sid;
	int err;

	behavior = behavior_find(nla_get_u32(attrs[SREXT_A_SID_BEHAVIOR]));
	if (!behavior) {
		SREXT_ERR_ATTR(extack, attrs[SREXT_A_SID_BEHAVIOR],
				    "unknown behavior");
		return -EOPNOTSUPP;
	}
	sid = sid_alloc(behavior, net);
	if (!sid)
		return -ENOMEM;
	sid->addr = nla_get_in6_addr(attrs[SREXT_A_SID_ADDR]);
	err = parse_attrs(sid, net, attrs, extack);
	if (err)
		goto err_destroy;
	if (behavior->build) {
		err = behavior->build(sid, extack);
		if (err)
			goto err_destroy;
	}
	sid->iif_key.ifindex = sid->iif;
	sid->iif_key.family = behavior->family;

	mutex_lock(&sn->lock);
	if (sn->count >= READ_ONCE(srext_max_sids)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "this namespace has as many SIDs as the module parameter max_sids allows");
		err = -ENOSPC;
		goto err_unlock;
	}
	err = check_devices(sid, net, attrs, extack);
	if (err)
		goto err_unlock;
	err = rhashtable_lookup_insert_fast(&sn->sids, &sid->node, sid_params);
	if (err) {
		if (err == -EEXIST)
			SREXT_ERR_ATTR(extack, attrs[SREXT_A_SID_ADDR],
					    "SID already exists");
		goto err_unlock;
	}
	if (has_iif(sid)) {
		err = rhashtable_lookup_insert_fast(&sn->iifs, &sid->iif_node,
						    iif_params);
		if (err) {
			if (err == -EEXIST)
				SREXT_ERR_ATTR(extack,
						    attrs[SREXT_A_SID_IIF],
						    "iif is already IFACE-IN of another SID of this family");
			goto err_remove_sid;
		}
	}
	err = srext_netns_hooks_get(net, sn);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot register netfilter hooks");
		goto err_remove_iif;
	}
	if (has_iif(sid)) {
		err = iif_hook_get(net, sn, sid->iif);
		if (err) {
			SREXT_ERR_ATTR(extack, attrs[SREXT_A_SID_IIF],
				       "cannot register the ingress hook of iif");
			goto err_hooks_put;
		}
	}
	if (sid->has_mac)
		mac_dev_hold(net, sid);
	list_add_tail(&sid->list, &sn->list);
	sn->gen++;
	srext_nl_notify(net, sid, SREXT_CMD_SID_ADD);
	mutex_unlock(&sn->lock);
	return 0;

err_hooks_put:
	srext_netns_hooks_put(net, sn);
err_remove_iif:
	if (has_iif(sid))
		rhashtable_remove_fast(&sn->iifs, &sid->iif_node, iif_params);
err_remove_sid:
	rhashtable_remove_fast(&sn->sids, &sid->node, sid_params);
	mutex_unlock(&sn->lock);
	/* A reader may have found it in the table: wait for readers. */
	queue_rcu_work(srext_wq, &sid->free_work);
	return err;
err_unlock:
	mutex_unlock(&sn->lock);
err_destroy:
	sid_destroy(sid);
	return err;
}

/* @notify: announce the removal (a flush of everything announces itself). */
static void sid_unlink(struct net *net, struct srext_net *sn,
		       struct srext_sid *sid, bool notify)
{
	lockdep_assert_held(&sn->lock);
	if (has_iif(sid))
		iif_hook_put(net, sn, sid->iif);
	rhashtable_remove_fast(&sn->sids, &sid->node, sid_params);
	if (has_iif(sid))
		rhashtable_remove_fast(&sn->iifs, &sid->iif_node, iif_params);
	list_del(&sid->list);
	mac_dev_put(sn, sid);
	sn->gen++;
	srext_netns_hooks_put(net, sn);
	if (notify)
		srext_nl_notify(net, sid, SREXT_CMD_SID_DEL);
	queue_rcu_work(srext_wq, &sid->free_work);
}

/**
 * srext_sid_del() - delete one SID
 * @net: the requester's namespace
 * @addr: the SID
 * @extack: where to say what is wrong
 *
 * Return: 0 or -ENOENT with @extack set.
 */
int srext_sid_del(struct net *net, const struct in6_addr *addr,
		  struct netlink_ext_ack *extack)
{
	struct srext_net *sn = srext_net(net);
	struct srext_sid *sid;
	int err = 0;

	mutex_lock(&sn->lock);
	sid = srext_sid_find(sn, addr);
	if (sid)
		sid_unlink(net, sn, sid, true);
	else
		err = -ENOENT;
	mutex_unlock(&sn->lock);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "SID not found");
	return err;
}

/**
 * srext_sid_clear_stats() - zero the counters of one SID or of all
 * @net: the requester's namespace
 * @addr: the SID, or NULL for every SID of @net
 * @extack: where to say what is wrong
 *
 * See stats.c for why this is safe against the packet path.
 *
 * Return: 0 or -ENOENT with @extack set.
 */
int srext_sid_clear_stats(struct net *net, const struct in6_addr *addr,
			  struct netlink_ext_ack *extack)
{
	struct srext_net *sn = srext_net(net);
	struct srext_sid *sid;
	int err = 0;

	mutex_lock(&sn->lock);
	if (addr) {
		sid = srext_sid_find(sn, addr);
		if (sid)
			srext_stats_clear(sid);
		else
			err = -ENOENT;
	} else {
		list_for_each_entry(sid, &sn->list, list) {
			srext_stats_clear(sid);
			cond_resched();
		}
	}
	mutex_unlock(&sn->lock);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "SID not found");
	return err;
}

/**
 * srext_sid_flush() - delete every SID, or every SID using one interface
 * @net: the namespace
 * @dev: the interface, or NULL for all SIDs
 *
 * The SIDs an interface takes with it are announced one by one (which went
 * matters to a listener); a flush of all of them with one SREXT_CMD_SID_FLUSH
 * event, however many there were.
 */
void srext_sid_flush(struct net *net, const struct net_device *dev)
{
	struct srext_net *sn = srext_net(net);
	struct srext_sid *sid, *tmp;
	bool removed = false;

	mutex_lock(&sn->lock);
	list_for_each_entry_safe(sid, tmp, &sn->list, list) {
		if (!dev || sid->oif == dev->ifindex ||
		    (has_iif(sid) && sid->iif == dev->ifindex)) {
			sid_unlink(net, sn, sid, dev != NULL);
			removed = true;
		}
		cond_resched();
	}
	if (!dev && removed)
		srext_nl_notify(net, NULL, SREXT_CMD_SID_FLUSH);
	mutex_unlock(&sn->lock);
}

/**
 * srext_sid_fill() - put a SID's attributes in a netlink message
 * @msg: the message
 * @sid: the SID, stable (namespace lock or RCU)
 * @stats: include the counters
 *
 * Return: 0 or -EMSGSIZE.
 */
int srext_sid_fill(struct sk_buff *msg, const struct srext_sid *sid,
		   bool stats)
{
	unsigned long valid = sid->behavior->required |
			      sid->behavior->optional;
	int i;

	if (nla_put_in6_addr(msg, SREXT_A_SID_ADDR, &sid->addr) ||
	    nla_put_u32(msg, SREXT_A_SID_BEHAVIOR, sid->behavior->id))
		return -EMSGSIZE;
	for (i = 0; i <= SREXT_A_SID_MAX; i++)
		if ((valid & BIT(i)) && attr_ops[i].put &&
		    attr_ops[i].put(msg, sid))
			return -EMSGSIZE;
	if (stats && srext_stats_fill(msg, sid))
		return -EMSGSIZE;
	return 0;
}
