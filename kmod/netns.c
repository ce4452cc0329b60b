// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state: the SID tables, the netfilter hooks (present
 * only while the namespace has SIDs, so an idle namespace pays nothing) and
 * the netdevice notifier that removes SIDs whose interfaces go away.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <net/net_namespace.h>

#include "hook.h"
#include "netns.h"
#include "sid.h"

unsigned int srext_net_id __read_mostly;

/*
 * Packets to SIDs, after defrag and the raw table (ACLs on packets to local
 * SIDs, RFC 8754 5.1), before conntrack: the outer packet is consumed here
 * and never tracked. Packets back from VNFs come in through each SID's
 * ingress hook (sid.c) and meet this one only when their new destination is
 * another local SID. See hook.c.
 */
static const struct nf_hook_ops srext_nf_ops[] = {
	{
		.hook		= srext_hook_ipv6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_RAW + 1,
	},
};

/**
 * srext_netns_hooks_get() - account one more SID, registering the hooks for the first
 * @net: the namespace
 * @sn: its srext state, lock held
 *
 * Return: 0 or a negative errno from netfilter.
 */
int srext_netns_hooks_get(struct net *net, struct srext_net *sn)
{
	int err;

	lockdep_assert_held(&sn->lock);
	if (!sn->hooks) {
		err = nf_register_net_hooks(net, srext_nf_ops,
					    ARRAY_SIZE(srext_nf_ops));
		if (err)
			return err;
		sn->hooks = true;
	}
	sn->count++;
	return 0;
}

/**
 * srext_netns_hooks_put() - account one SID less, unregistering the hooks after the last
 * @net: the namespace
 * @sn: its srext state, lock held
 */
void srext_netns_hooks_put(struct net *net, struct srext_net *sn)
{
	lockdep_assert_held(&sn->lock);
	if (--sn->count || !sn->hooks)
		return;
	nf_unregister_net_hooks(net, srext_nf_ops, ARRAY_SIZE(srext_nf_ops));
	sn->hooks = false;
}

static int __net_init srext_net_init(struct net *net)
{
	struct srext_net *sn = srext_net(net);

	mutex_init(&sn->lock);
	INIT_LIST_HEAD(&sn->list);
	INIT_LIST_HEAD(&sn->iif_hooks);
	return srext_sid_table_init(sn);
}

static void __net_exit srext_net_exit(struct net *net)
{
	srext_sid_flush(net, NULL);
}

/*
 * A SID is freed by queue_rcu_work() after its removal, and its dst_cache
 * holds IPv6 and IPv4 routes whose dst_ops live in struct net: the frees of
 * every SID these namespaces had (the flush above, and earlier ones after an
 * interface went away) must be done before the namespaces are. rcu_barrier()
 * waits for the grace periods to queue the work, the flush for the work.
 * Once per batch of namespaces, not per namespace. The flow tables of those
 * SIDs are freed later, on srext_free_wq (they refer to no namespace).
 */
static void __net_exit srext_net_exit_batch(struct list_head *net_exit_list)
{
	struct net *net;

	synchronize_net();
	rcu_barrier();
	flush_workqueue(srext_wq);
	list_for_each_entry(net, net_exit_list, exit_list)
		srext_sid_table_destroy(srext_net(net));
}

static struct pernet_operations srext_net_ops = {
	.init	= srext_net_init,
	.exit	= srext_net_exit,
	.exit_batch = srext_net_exit_batch,
	.id	= &srext_net_id,
	.size	= sizeof(struct srext_net),
};

/*
 * SIDs refer to interfaces by ifindex; only a SID with a mac holds its oif
 * (sid.c), and lets it go in the flush below. When an interface goes away (deleted, or moved to another namespace, which also
 * raises NETDEV_UNREGISTER in the old one) every SID using it is removed, so
 * an ifindex reused later can never inherit a stale SID.
 */
static int srext_netdev_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER)
		srext_sid_flush(dev_net(dev), dev);
	return NOTIFY_DONE;
}

static struct notifier_block srext_netdev_nb = {
	.notifier_call = srext_netdev_event,
};

int srext_netns_init(void)
{
	int err;

	err = register_pernet_subsys(&srext_net_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&srext_netdev_nb);
	if (err)
		goto err_unregister_pernet;
	return 0;

err_unregister_pernet:
	unregister_pernet_subsys(&srext_net_ops);
	return err;
}

void srext_netns_uninit(void)
{
	/* Replays NETDEV_UNREGISTER for every device, flushing every SID that
	 * refers to one; the pernet exit then flushes the rest.
	 */
	unregister_netdevice_notifier(&srext_netdev_nb);
	unregister_pernet_subsys(&srext_net_ops);
}
