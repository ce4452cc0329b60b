// SPDX-License-Identifier: GPL-2.0
/*
 * Towards the VNF: check the SRH as RFC 8754 4.3.1.1 and RFC 8986 4.1 say,
 * find the inner packet, remove every outer header and send the inner packet
 * to the VNF's next hop.
 */
#include <linux/icmpv6.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <linux/seg6.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>

#include "proxy.h"

/* Skips Hop-by-Hop and Destination Options headers from @off on. */
static int skip_options(struct sk_buff *skb, unsigned int *off, u8 *nexthdr)
{
	unsigned int nh = skb_network_offset(skb);

	while (*nexthdr == NEXTHDR_HOP || *nexthdr == NEXTHDR_DEST) {
		const struct ipv6_opt_hdr *opt;

		if (!pskb_may_pull(skb, nh + *off + sizeof(*opt)))
			return -EINVAL;
		opt = (const void *)(skb_network_header(skb) + *off);
		*nexthdr = opt->nexthdr;
		*off += ipv6_optlen(opt);
	}
	return 0;
}

/**
 * srext_outer_parse() - validate the outer headers of a packet to a proxy SID
 * @skb: the packet, network header at skb->data (PRE_ROUTING)
 * @outer: filled with the layout of the outer headers
 * @inner_proto: the inner packet the behaviour takes (IPPROTO_IPV6/IPIP)
 *
 * Sends ICMPv6 errors where RFC 8754 asks for them (rate-limited by
 * icmpv6_send). On success the outer headers and the inner network header
 * are in the linear area.
 *
 * Return: 0, or why the packet must be dropped.
 */
enum srext_drop_reason srext_outer_parse(struct sk_buff *skb,
					 struct srext_outer *outer,
					 u8 inner_proto)
{
	unsigned int nh = skb_network_offset(skb);
	unsigned int off = sizeof(struct ipv6hdr);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	const struct ipv6_sr_hdr *srh;
	unsigned int inner_len;
	int max_last_entry;

	if (skip_options(skb, &off, &nexthdr) || nexthdr != NEXTHDR_ROUTING)
		return SREXT_DROP_NO_SRH;
	if (!pskb_may_pull(skb, nh + off + sizeof(*srh)))
		return SREXT_DROP_BAD_SRH;
	srh = (const void *)(skb_network_header(skb) + off);
	if (!pskb_may_pull(skb, nh + off + ipv6_optlen(srh)))
		return SREXT_DROP_BAD_SRH;
	srh = (const void *)(skb_network_header(skb) + off);

	if (srh->type != IPV6_SRCRT_TYPE_4) {
		/* RFC 8200 4.4: an unknown routing type with nothing left
		 * to route is ignored, which leaves a packet without SRH.
		 */
		if (!srh->segments_left)
			return SREXT_DROP_NO_SRH;
		icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD,
			    off + offsetof(struct ipv6_rt_hdr, type));
		return SREXT_DROP_BAD_SRH;
	}
	/* A proxy SID is never the last segment. */
	if (!srh->segments_left)
		return SREXT_DROP_SL_ZERO;
	max_last_entry = srh->hdrlen / 2 - 1;
	if (srh->first_segment > max_last_entry ||
	    srh->segments_left > srh->first_segment + 1) {
		icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD,
			    off + offsetof(struct ipv6_sr_hdr, segments_left));
		return SREXT_DROP_BAD_SRH;
	}
	if (ipv6_hdr(skb)->hop_limit <= 1) {
		icmpv6_send(skb, ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT, 0);
		return SREXT_DROP_HOP_LIMIT;
	}
	outer->srh_off = off;
	nexthdr = srh->nexthdr;
	off += ipv6_optlen(srh);

	/* Destination Options after the SRH belong to the outer packet too. */
	while (nexthdr == NEXTHDR_DEST)
		if (skip_options(skb, &off, &nexthdr))
			return SREXT_DROP_BAD_INNER;
	if (nexthdr != inner_proto)
		return SREXT_DROP_BAD_INNER;
	inner_len = inner_proto == IPPROTO_IPV6 ? sizeof(struct ipv6hdr) :
						  sizeof(struct iphdr);
	if (!pskb_may_pull(skb, nh + off + inner_len))
		return SREXT_DROP_BAD_INNER;
	if (skb_network_header(skb)[off] >> 4 !=
	    (inner_proto == IPPROTO_IPV6 ? 6 : 4))
		return SREXT_DROP_BAD_INNER;
	outer->len = off;
	return 0;
}

/**
 * srext_outer_strip() - remove the outer headers parsed by srext_outer_parse()
 * @skb: the packet
 * @outer: its outer header layout
 *
 * Return: 0 or SREXT_DROP_NO_MEM.
 */
enum srext_drop_reason srext_outer_strip(struct sk_buff *skb,
					 const struct srext_outer *outer)
{
	skb_pull_rcsum(skb, skb_network_offset(skb) + outer->len);
	skb_reset_network_header(skb);
	if (iptunnel_pull_offloads(skb))
		return SREXT_DROP_NO_MEM;
	return 0;
}

/* The route to the VNF: nh6 out of oif, as a known next hop so that the
 * neighbour looked up is nh6 whatever the inner destination is.
 */
static struct dst_entry *vnf_route(struct srext_sid *sid)
{
	struct dst_entry *dst;
	struct in6_addr saddr;
	struct flowi6 fl6 = {
		.flowi6_oif	= sid->oif,
		.daddr		= sid->nh6,
		.flowi6_flags	= FLOWI_FLAG_KNOWN_NH,
	};

	dst = dst_cache_get_ip6(&sid->dst_cache, &saddr);
	if (dst)
		return dst;
	dst = ip6_route_output(sid->net, NULL, &fl6);
	if (dst->error || !dst->dev || dst->dev->ifindex != sid->oif) {
		dst_release(dst);
		return NULL;
	}
	dst_cache_set_ip6(&sid->dst_cache, dst, &fl6.saddr);
	return dst;
}

/**
 * srext_xmit_vnf6() - send an inner IPv6 packet to the SID's VNF
 * @sid: the SID
 * @skb: the inner packet, network header at skb->data
 *
 * Return: 0 when the packet was handed to the output path (consumed), or why
 * it must be dropped (not consumed).
 */
enum srext_drop_reason srext_xmit_vnf6(struct srext_sid *sid,
				       struct sk_buff *skb)
{
	struct dst_entry *dst;

	dst = vnf_route(sid);
	if (!dst)
		return SREXT_DROP_NO_ROUTE;
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	skb_set_transport_header(skb, sizeof(struct ipv6hdr));
	skb->protocol = htons(ETH_P_IPV6);
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	nf_reset_ct(skb);
	skb_clear_tstamp(skb);
	dst_output(sid->net, NULL, skb);
	return 0;
}
