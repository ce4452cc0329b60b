/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SREXT_NETLINK_H
#define _SREXT_NETLINK_H

#include "srext.h"

int srext_nl_init(void);
void srext_nl_uninit(void);
void srext_nl_notify(struct net *net, const struct srext_sid *sid, u8 cmd);

#endif /* _SREXT_NETLINK_H */
