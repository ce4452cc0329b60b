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
#include "srext.h"

#ifndef SREXT_VERSION
#define SREXT_VERSION "unknown"
#endif

/* Frees SIDs (after a grace period) and runs flow cache garbage collection. */
struct workqueue_struct *srext_wq;

static void srext_wq_destroy(void)
{
	/* RCU callbacks queue the last frees: let them, then drain. */
	rcu_barrier();
	destroy_workqueue(srext_wq);
	/* Entries those frees released with call_rcu. */
	rcu_barrier();
}

static int __init srext_init(void)
{
	int err;

	srext_wq = alloc_workqueue("srext", 0, 0);
	if (!srext_wq)
		return -ENOMEM;
	err = srext_netns_init();
	if (err)
		goto err_destroy_wq;
	err = srext_nl_init();
	if (err)
		goto err_netns_uninit;
	return 0;

err_netns_uninit:
	srext_netns_uninit();
err_destroy_wq:
	srext_wq_destroy();
	return err;
}

static void __exit srext_exit(void)
{
	srext_nl_uninit();
	srext_netns_uninit();
	srext_wq_destroy();
}

module_init(srext_init);
module_exit(srext_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SRv6 proxy behaviours for SR-unaware network functions");
MODULE_AUTHOR("srext developers");
MODULE_VERSION(SREXT_VERSION);
MODULE_ALIAS_GENL_FAMILY(SREXT_GENL_NAME);
