// SPDX-License-Identifier: GPL-2.0
/*
 * srext: SRv6 proxy behaviours (draft-ietf-spring-sr-service-programming)
 * that let SR-unaware network functions sit in SRv6 service chains.
 */
#include <linux/module.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "netns.h"

#ifndef SREXT_VERSION
#define SREXT_VERSION "unknown"
#endif

static int __init srext_init(void)
{
	int err;

	err = srext_netns_init();
	if (err)
		return err;
	err = srext_nl_init();
	if (err)
		goto err_netns_uninit;
	return 0;

err_netns_uninit:
	srext_netns_uninit();
	return err;
}

static void __exit srext_exit(void)
{
	srext_nl_uninit();
	srext_netns_uninit();
}

module_init(srext_init);
module_exit(srext_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SRv6 proxy behaviours for SR-unaware network functions");
MODULE_AUTHOR("srext developers");
MODULE_VERSION(SREXT_VERSION);
MODULE_ALIAS_GENL_FAMILY(SREXT_GENL_NAME);
