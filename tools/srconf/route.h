/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seg6local routes of the local SID table (the main table), for the
 * behaviours srconf leaves to the kernel: see route.c.
 */
#ifndef SRCONF_ROUTE_H
#define SRCONF_ROUTE_H

#include <stdbool.h>
#include <netinet/in.h>

#include "parse.h"
#include "srconf.h"

/* rtm_protocol of the routes srconf adds; "83 srconf" in rt_protos.d */
#define RTPROT_SRCONF 83

struct nlmsghdr;

int route_add(const struct sid_req *req);
int route_del(const struct in6_addr *sid);
int route_exists(const struct in6_addr *sid);
int route_show(const struct in6_addr *sid, const struct options *opts);
int route_flush(void);
bool route_print_event(struct nlmsghdr *nlh, const struct options *opts);

#endif /* SRCONF_ROUTE_H */
