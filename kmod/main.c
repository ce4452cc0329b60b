// SPDX-License-Identifier: GPL-2.0
/*
 * srext: SRv6 proxy behaviours (draft-ietf-spring-sr-service-programming)
 * that let SR-unaware network functions sit in SRv6 service chains.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "netns.h"
#include "proxy.h"
#include "srext.h"

#ifndef SREXT_VERSION
#define SREXT_VERSION "unknown"
#endif

/* Frees SIDs (after a grace period) and runs flow cache garbage collection. */
struct workqueue_struct *srext_wq;
/* Frees the flow tables of freed SIDs; namespace exits do not wait for it. */
struct workqueue_struct *srext_free_wq;

/*
 * Per-namespace limits: a user namespace's root may add SIDs (every command
 * is GENL_UNS_ADMIN_PERM); what they cost is charged to its memory cgroup,
 * and these bound it where no cgroup limit is set.
 */
unsigned int srext_max_sids __read_mostly = 262144;
module_param_named(max_sids, srext_max_sids, uint, 0644);
MODULE_PARM_DESC(max_sids, "most SIDs in one network namespace (262144)");

unsigned int srext_max_flows __read_mostly = 1048576;
module_param_named(max_flows, srext_max_flows, uint, 0644);
MODULE_PARM_DESC(max_flows,
		 "most flow cache entries of all SIDs of one network namespace (1048576)");

/*
 * An End.AD cache whose chain changes with every packet (sources taking
 * turns on one IFACE-IN, a per-packet option such as IOAM's) would cost an
 * allocation, a lock and an RCU callback per packet; beyond this rate the
 * cache is left as it is (cache_limited). Read when a SID is added.
 */
unsigned int srext_cache_rebuilds __read_mostly = 1000;
module_param_named(cache_rebuilds, srext_cache_rebuilds, uint, 0644);
MODULE_PARM_DESC(cache_rebuilds,
		 "most End.AD cache replacements per second and SID, 0 for no limit (1000)");

static void srext_wq_destroy(void)
{
	/* RCU callbacks queue the last frees: let them, then drain. */
	rcu_barrier();
	destroy_workqueue(srext_wq);
	/* The flow tables those frees handed over. */
	destroy_workqueue(srext_free_wq);
	/* Entries those frees released with call_rcu. */
	rcu_barrier();
}

static int __init srext_init(void)
{
	int err;

	srext_wq = alloc_workqueue("srext", 0, 0);
	if (!srext_wq)
		return -ENOMEM;
	srext_free_wq = alloc_workqueue("srext_free", WQ_UNBOUND, 0);
	if (!srext_free_wq) {
		destroy_workqueue(srext_wq);
		return -ENOMEM;
	}
	err = srext_decap_init();
	if (err)
		goto err_destroy_wq;
	err = srext_netns_init();
	if (err)
		goto err_decap_uninit;
	err = srext_nl_init();
	if (err)
		goto err_netns_uninit;
	return 0;

err_netns_uninit:
	srext_netns_uninit();
err_decap_uninit:
	srext_decap_uninit();
err_destroy_wq:
	srext_wq_destroy();
	return err;
}

static void __exit srext_exit(void)
{
	srext_nl_uninit();
	srext_netns_uninit();
	srext_decap_uninit();
	srext_wq_destroy();
}

module_init(srext_init);
module_exit(srext_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SRv6 proxy behaviours for SR-unaware network functions");
MODULE_AUTHOR("srext developers");
MODULE_VERSION(SREXT_VERSION);
MODULE_ALIAS_GENL_FAMILY(SREXT_GENL_NAME);
