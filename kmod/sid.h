/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SREXT_SID_H
#define _SREXT_SID_H

#include <net/genetlink.h>

#include "srext.h"

int srext_sid_table_init(struct srext_net *sn);
void srext_sid_table_destroy(struct srext_net *sn);

struct srext_sid *srext_sid_lookup(struct srext_net *sn,
				   const struct in6_addr *addr);
struct srext_sid *srext_sid_find(struct srext_net *sn,
				 const struct in6_addr *addr);

struct srext_sid *srext_sid_lookup_iif(struct srext_net *sn, int ifindex,
				       u32 family);

int srext_sid_add(struct net *net, struct nlattr **attrs,
		  struct netlink_ext_ack *extack);
int srext_sid_del(struct net *net, const struct in6_addr *addr,
		  struct netlink_ext_ack *extack);
int srext_sid_clear_stats(struct net *net, const struct in6_addr *addr,
			  struct netlink_ext_ack *extack);
void srext_sid_flush(struct net *net, const struct net_device *dev);
int srext_sid_fill(struct sk_buff *msg, const struct srext_sid *sid,
		   bool stats);

#endif /* _SREXT_SID_H */
