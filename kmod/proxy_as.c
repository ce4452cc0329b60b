// SPDX-License-Identifier: GPL-2.0
/*
 * End.AS6 and End.AS4, the static proxy
 * (draft-ietf-spring-sr-service-programming 6.3).
 *
 * Towards the VNF as End.AD, but nothing is cached. Back from the VNF every
 * packet gets the configured source and segment list, built once when the
 * SID is added: a chain change at the ingress router does not change it.
 * Hop limit and traffic class are the returning packet's own (encap.c).
 */
#include <linux/netfilter.h>
#include <linux/seg6.h>
#include <net/ipv6.h>

#include "proxy.h"

static unsigned int as_input(struct srext_sid *sid, struct sk_buff *skb)
{
	return srext_decap_input(sid, skb, NULL);
}

static unsigned int as_reply(struct srext_sid *sid, struct sk_buff *skb)
{
	return srext_encap_reply(sid, skb, sid->push_hdr->data,
				 sid->push_hdr->len);
}

/*
 * IPv6 header from src to the first segment, and an SRH listing the
 * segments last first (Segment List[0] is the last segment) with Segments
 * Left and Last Entry at the first one.
 */
static int as_build(struct srext_sid *sid, struct netlink_ext_ack *extack)
{
	unsigned int n = sid->nsegs, i;
	struct ipv6_sr_hdr *srh;
	struct srext_hdr *hdr;
	struct ipv6hdr *ip6h;
	unsigned int len;

	len = sizeof(*ip6h) + sizeof(*srh) + n * sizeof(struct in6_addr);
	hdr = kzalloc(struct_size(hdr, data, len), GFP_KERNEL_ACCOUNT);
	if (!hdr)
		return -ENOMEM;
	hdr->len = len;
	ip6h = (struct ipv6hdr *)hdr->data;
	ip6h->version = 6;
	ip6h->nexthdr = NEXTHDR_ROUTING;
	ip6h->saddr = sid->src;
	ip6h->daddr = sid->segs[0];
	srh = (struct ipv6_sr_hdr *)(ip6h + 1);
	srh->nexthdr = sid->behavior->family == AF_INET6 ? IPPROTO_IPV6 :
							   IPPROTO_IPIP;
	srh->hdrlen = n * sizeof(struct in6_addr) / 8;
	srh->type = IPV6_SRCRT_TYPE_4;
	srh->segments_left = n - 1;
	srh->first_segment = n - 1;
	for (i = 0; i < n; i++)
		srh->segments[i] = sid->segs[n - 1 - i];
	sid->push_hdr = hdr;
	return 0;
}

static void as_destroy(struct srext_sid *sid)
{
	kfree(sid->push_hdr);
}

const struct srext_behavior_desc srext_end_as6 = {
	.name		= "End.AS6",
	.id		= SREXT_BEHAVIOR_END_AS6,
	.family		= AF_INET6,
	.required	= BIT(SREXT_A_SID_NH6) | BIT(SREXT_A_SID_OIF) |
			  BIT(SREXT_A_SID_IIF) | BIT(SREXT_A_SID_SRC) |
			  BIT(SREXT_A_SID_SEGS),
	.optional	= BIT(SREXT_A_SID_MAC),	/* instead of nh6/nh4 */
	.input		= as_input,
	.reply		= as_reply,
	.build		= as_build,
	.destroy	= as_destroy,
};

const struct srext_behavior_desc srext_end_as4 = {
	.name		= "End.AS4",
	.id		= SREXT_BEHAVIOR_END_AS4,
	.family		= AF_INET,
	.required	= BIT(SREXT_A_SID_NH4) | BIT(SREXT_A_SID_OIF) |
			  BIT(SREXT_A_SID_IIF) | BIT(SREXT_A_SID_SRC) |
			  BIT(SREXT_A_SID_SEGS),
	.optional	= BIT(SREXT_A_SID_MAC),	/* instead of nh6/nh4 */
	.input		= as_input,
	.reply		= as_reply,
	.build		= as_build,
	.destroy	= as_destroy,
};
