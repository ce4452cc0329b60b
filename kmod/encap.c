// SPDX-License-Identifier: GPL-2.0
/*
 * Back from the VNF: push the outer headers again and send the packet on its
 * way, as the End step left it.
 */
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>

#include "proxy.h"
#include "sid.h"
#include "stats.h"

/*
 * The outer hop limit and traffic class are the packet's own, as the
 * kernel's SRv6 encapsulation takes them (seg6_do_srh_encap()): an inner
 * IPv6 packet gives its hop limit and traffic class; an inner IPv4 packet
 * its TTL, and traffic class 0. Never another packet's: with one cache per
 * interface, a probe with a low hop limit would otherwise send every flow
 * on with it (and the cache would be written on every packet). The proxy
 * and its VNF then count as the node that encapsulates anew; a loop through
 * proxies ends with the inner packet's life, which each routing VNF
 * shortens.
 */
static void outer_fields(const struct sk_buff *skb, u8 *hop_limit, u8 *tclass)
{
	if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		*hop_limit = ip6h->hop_limit;
		*tclass = ip6_tclass(ip6_flowinfo(ip6h));
	} else {
		*hop_limit = ip_hdr(skb)->ttl;
		*tclass = 0;
	}
}

/*
 * push() - put outer IPv6 headers in front of a packet
 * @skb: the packet from the VNF (IPv6 or IPv4), network header at skb->data
 * @hdr: IPv6 header and extension headers to push; traffic class, flow
 *       label, payload length and hop limit are set here
 * @len: their length
 *
 * Return: 0 or why the packet must be dropped.
 */
static enum srext_drop_reason push(struct sk_buff *skb, const u8 *hdr,
				   unsigned int len)
{
	unsigned int payload = skb->len + len - sizeof(struct ipv6hdr);
	struct ipv6hdr *ip6h;
	u8 hop_limit, tclass;
	__be32 flowlabel;

	/* The stack takes the packet next (ip6_rcv_core()), which has no
	 * length for a payload over 64 KiB without a Jumbo option.
	 */
	if (payload > IPV6_MAXPLEN)
		return SREXT_DROP_TOO_BIG;
	outer_fields(skb, &hop_limit, &tclass);
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
	ip6h->payload_len = htons(payload);
	ip6h->hop_limit = hop_limit;
	/* A receive checksum covers what follows the link-layer header. */
	skb_postpush_rcsum(skb, skb->data, len);
	/* The stack will see an IPv6 packet, down to its Ethernet header. */
	skb->protocol = htons(ETH_P_IPV6);
	if (skb->mac_len == ETH_HLEN && skb->dev->type == ARPHRD_ETHER)
		eth_hdr(skb)->h_proto = htons(ETH_P_IPV6);
	return 0;
}

/**
 * srext_return() - hand a packet back from the VNF, as the End step leaves
 * it, to the node's IPv6 stack
 * @sid: the SID whose IFACE-IN it arrived on
 * @skb: the packet, outer IPv6 header at skb->data
 *
 * Called from the ingress hook of IFACE-IN: the packet goes on as an IPv6
 * packet arriving there, through PRE_ROUTING, routing and forwarding (one
 * hop limit less) like any other. When its destination is another srext SID
 * of this node, the PRE_ROUTING hook gives it to that SID's VNF without
 * forwarding it: the hop limit goes down by one here instead (RFC 8986 4.1
 * S07, one per segment), so that SIDs whose segment lists lead to each other
 * stop with Time Exceeded at hop limit 1 rather than loop.
 *
 * Return: NF_ACCEPT.
 */
unsigned int srext_return(struct srext_sid *sid, struct sk_buff *skb)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);

	if (ip6h->hop_limit > 1 &&
	    srext_sid_lookup(srext_net(sid->net), &ip6h->daddr))
		ip6h->hop_limit--;
	return NF_ACCEPT;
}

/**
 * srext_encap_reply() - back from the VNF: push outer headers and send on
 * @sid: the SID whose IFACE-IN the packet arrived on
 * @skb: the packet
 * @hdr: IPv6 header and extension headers to push (see push())
 * @len: their length
 *
 * Return: a netfilter verdict.
 */
unsigned int srext_encap_reply(struct srext_sid *sid, struct sk_buff *skb,
			       const u8 *hdr, unsigned int len)
{
	unsigned int inner_len = skb->len;
	enum srext_drop_reason reason;

	reason = push(skb, hdr, len);
	if (reason)
		return srext_drop(sid, reason);
	srext_count_from_vnf(sid, inner_len);
	return srext_return(sid, skb);
}
