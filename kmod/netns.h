/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SREXT_NETNS_H
#define _SREXT_NETNS_H

#include "srext.h"

int srext_netns_init(void);
void srext_netns_uninit(void);
int srext_netns_hooks_get(struct net *net, struct srext_net *sn);
void srext_netns_hooks_put(struct net *net, struct srext_net *sn);

#endif /* _SREXT_NETNS_H */
