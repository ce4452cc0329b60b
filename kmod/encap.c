// SPDX-License-Identifier: GPL-2.0
/*
 * Back from the VNF: push the outer headers again and send the packet on its
 * way, as the End step left it.
 */
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>

#include "proxy.h"
#include "sid.h"
#include "stats.h"

/*
 * push() - put outer IPv6 headers in front of a packet
 * @skb: the packet from the VNF (IPv6 or IPv4), network header at skb->data
 * @hdr: IPv6 header and extension headers to push; traffic class, flow
 *       label, payload length and hop limit are set here
 * @len: their length
 * @hop_limit: the outer hop limit
 * @tclass: the outer traffic class
 *
 * Return: 0 or why the packet must be dropped.
 */
static enum srext_drop_reason push(struct sk_buff *skb, const u8 *hdr,
				   unsigned int len, u8 hop_limit, u8 tclass)
{
	unsigned int payload = skb->len + len - sizeof(struct ipv6hdr);
	struct ipv6hdr *ip6h;
	__be32 flowlabel;

	if (payload > IPV6_MAXPLEN && !skb_is_gso(skb))
		return SREXT_DROP_TOO_BIG;
	/* RFC 6437: the label is a function of the inner flow. */
	flowlabel = (__force __be32)rol32(skb_get_hash(skb), 16) &
		    IPV6_FLOWLABEL_MASK;
	if (skb_cow_head(skb, len + skb->mac_len))
		return SREXT_DROP_NO_MEM;
	/* Inner headers and GSO type, so segmentation and checksum offload
	 * see the inner packet behind the new headers.
	 */
	if (iptunnel_handle_offloads(skb, SKB_GSO_IPXIP6))
		return SREXT_DROP_NO_MEM;
	skb_set_inner_protocol(skb, skb->protocol);

	skb_push(skb, len);
	skb_reset_network_header(skb);
	skb_mac_header_rebuild(skb);
	skb_set_transport_header(skb, sizeof(*ip6h));
	memcpy(skb_network_header(skb), hdr, len);
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, tclass, flowlabel);
	/* Over 64 KiB only for GSO, whose segments get their own length. */
	ip6h->payload_len = payload <= IPV6_MAXPLEN ? htons(payload) : 0;
	ip6h->hop_limit = hop_limit;
	skb->protocol = htons(ETH_P_IPV6);

	/* The control block described the inner packet. */
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	IP6CB(skb)->iif = skb->dev->ifindex;
	IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	return 0;
}

/**
 * srext_forward6() - deliver a re-encapsulated packet to its new destination
 * @sid: the SID that re-encapsulated it
 * @skb: the packet
 *
 * A DA that is another srext SID of this namespace is processed at once (the
 * next VNF of a chain on the same node); its input always ends at a VNF, so
 * this recurses at most once. The hop limit goes down by one first, as
 * forwarding would have taken it (RFC 8986 4.1 S07: one per segment): the
 * next SID drops the packet with Time Exceeded when it reaches 1, so SIDs
 * whose segment lists lead to each other cannot loop for ever. Any other DA
 * goes through the routing table and the normal input path: forwarding
 * (which decrements the hop limit once), or local delivery such as a
 * seg6local route.
 *
 * Return: a netfilter verdict; the packet is consumed unless NF_DROP.
 */
unsigned int srext_forward6(struct srext_sid *sid, struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct srext_sid *next;
	struct dst_entry *dst;
	struct flowi6 fl6 = {
		.flowi6_iif	= skb->dev->ifindex,
		.daddr		= ip6h->daddr,
		.saddr		= ip6h->saddr,
		.flowlabel	= ip6_flowinfo(ip6h),
		.flowi6_mark	= skb->mark,
		.flowi6_proto	= ip6h->nexthdr,
	};

	next = srext_sid_lookup(srext_net(sid->net), &ip6h->daddr);
	if (next) {
		/* push() made the header private and writable. */
		if (ip6h->hop_limit > 1)
			ipv6_hdr(skb)->hop_limit--;
		return next->behavior->input(next, skb);
	}

	skb_dst_drop(skb);
	dst = ip6_route_input_lookup(sid->net, skb->dev, &fl6, skb,
				     RT6_LOOKUP_F_HAS_SADDR);
	/* An error route still goes to dst_input: the kernel answers with
	 * ICMPv6 Destination Unreachable as for any packet.
	 */
	if (dst->error)
		srext_count_drop(sid, SREXT_DROP_NO_ROUTE);
	skb_dst_set(skb, dst);
	dst_input(skb);
	return NF_STOLEN;
}

/**
 * srext_encap_reply() - back from the VNF: push outer headers and send on
 * @sid: the SID whose IFACE-IN the packet arrived on
 * @skb: the packet
 * @hdr: IPv6 header and extension headers to push (see push())
 * @len: their length
 * @hop_limit: the outer hop limit; forwarding will take one off
 * @tclass: the outer traffic class
 *
 * Return: a netfilter verdict.
 */
unsigned int srext_encap_reply(struct srext_sid *sid, struct sk_buff *skb,
			       const u8 *hdr, unsigned int len, u8 hop_limit,
			       u8 tclass)
{
	unsigned int inner_len = skb->len;
	enum srext_drop_reason reason;

	reason = push(skb, hdr, len, hop_limit, tclass);
	if (reason)
		return srext_drop(sid, reason);
	srext_count_from_vnf(sid, inner_len);
	return srext_forward6(sid, skb);
}
