// SPDX-License-Identifier: GPL-2.0
/*
 * End.AM, the masquerading proxy (draft-ietf-spring-sr-service-programming
 * 6.5), for chains built by SRH insertion and VNFs that let an SRH through
 * without processing it.
 *
 * Towards the VNF the DA becomes the last segment (Segment List[0]) and the
 * SRH stays, untouched; the VNF sees the packet as addressed to its final
 * destination. Back from the VNF the End step is done: SL--, DA :=
 * Segment List[SL].
 */
#include <linux/netfilter.h>
#include <linux/seg6.h>
#include <net/ipv6.h>

#include "proxy.h"
#include "stats.h"

/* The DA changes in place: a receive checksum over it would go stale. */
static int set_daddr(struct sk_buff *skb, const struct in6_addr *daddr)
{
	if (skb_ensure_writable(skb, sizeof(struct ipv6hdr)))
		return -ENOMEM;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	ipv6_hdr(skb)->daddr = *daddr;
	return 0;
}

static unsigned int am_input(struct srext_sid *sid, struct sk_buff *skb)
{
	enum srext_drop_reason reason;
	const struct ipv6_sr_hdr *srh;
	struct srext_outer outer;
	struct in6_addr last;

	reason = srext_srh_parse(skb, &outer, true);
	if (reason)
		return srext_drop(sid, reason);
	srh = (const void *)(skb_network_header(skb) + outer.srh_off);
	last = srh->segments[0];
	if (set_daddr(skb, &last))
		return srext_drop(sid, SREXT_DROP_NO_MEM);
	return srext_to_vnf(sid, skb);
}

static unsigned int am_reply(struct srext_sid *sid, struct sk_buff *skb)
{
	enum srext_drop_reason reason;
	struct ipv6_sr_hdr *srh;
	struct srext_outer outer;
	struct in6_addr next;
	unsigned int sl_end;

	reason = srext_srh_parse(skb, &outer, false);
	if (reason)
		return srext_drop(sid, reason);
	sl_end = outer.srh_off + offsetof(struct ipv6_sr_hdr, segments_left) + 1;
	if (skb_ensure_writable(skb, skb_network_offset(skb) + sl_end))
		return srext_drop(sid, SREXT_DROP_NO_MEM);
	srh = (struct ipv6_sr_hdr *)(skb_network_header(skb) + outer.srh_off);
	srh->segments_left--;
	next = srh->segments[srh->segments_left];
	if (set_daddr(skb, &next))
		return srext_drop(sid, SREXT_DROP_NO_MEM);
	srext_count_from_vnf(sid, skb->len);
	return srext_return(sid, skb);
}

const struct srext_behavior_desc srext_end_am = {
	.name		= "End.AM",
	.id		= SREXT_BEHAVIOR_END_AM,
	.family		= AF_INET6,
	.required	= BIT(SREXT_A_SID_NH6) | BIT(SREXT_A_SID_OIF) |
			  BIT(SREXT_A_SID_IIF),
	.optional	= BIT(SREXT_A_SID_MAC),	/* instead of nh6 */
	.input		= am_input,
	.reply		= am_reply,
};
