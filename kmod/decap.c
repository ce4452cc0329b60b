// SPDX-License-Identifier: GPL-2.0
/*
 * Towards the VNF: check the SRH as RFC 8754 4.3.1.1 and RFC 8986 4.1 say,
 * find the inner packet, remove every outer header and send the inner packet
 * to the VNF: through a route to its next hop, or straight to its link-layer
 * address.
 */
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/seg6.h>
#include <linux/version.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/ipv6_frag.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/route.h>
#include <net/seg6_hmac.h>
/* skb_gso_validate_network_len() left linux/skbuff.h for net/gso.h in 6.5. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

#include "proxy.h"
#include "stats.h"

/* RFC 8986 4.1.1 (and 9.2): ICMPv6 Parameter Problem, SR Upper-layer
 * Header Error; not named by the kernel's headers.
 */
#define SREXT_ICMPV6_SR_UPPER_LAYER 4

/*
 * Skips Destination Options headers from @off on, and a Hop-by-Hop Options
 * header where RFC 8200 4.1 allows one: right after the IPv6 header. One
 * anywhere else gets what ip6_input gives it, Parameter Problem code 1
 * pointing at the Next Header field that names it (@nhoff, kept up to date),
 * when the packet is addressed to this node (@to_sid); one back from a VNF
 * is dropped without a word.
 *
 * Return: 0, -EPROTO (Hop-by-Hop out of place) or -EINVAL (a header beyond
 * the packet).
 */
static int skip_options(struct sk_buff *skb, unsigned int *off, u8 *nexthdr,
			unsigned int *nhoff, bool to_sid)
{
	unsigned int nh = skb_network_offset(skb);

	while (*nexthdr == NEXTHDR_HOP || *nexthdr == NEXTHDR_DEST) {
		const struct ipv6_opt_hdr *opt;

		if (*nexthdr == NEXTHDR_HOP && *off != sizeof(struct ipv6hdr)) {
			if (to_sid)
				icmpv6_send(skb, ICMPV6_PARAMPROB,
					    ICMPV6_UNK_NEXTHDR, *nhoff);
			return -EPROTO;
		}
		if (!pskb_may_pull(skb, nh + *off + sizeof(*opt)))
			return -EINVAL;
		opt = (const void *)(skb_network_header(skb) + *off);
		*nexthdr = opt->nexthdr;
		*nhoff = *off + offsetof(struct ipv6_opt_hdr, nexthdr);
		*off += ipv6_optlen(opt);
	}
	return 0;
}

/*
 * The HMAC TLV as seg6 checks it (RFC 8754 2.1.2.1): by the receiving
 * interface's seg6_require_hmac and the keys of `ip sr hmac`.
 * seg6_hmac_validate_skb() finds the SRH at the transport header. Like
 * ipv6_srh_rcv(), before anything else of the SRH is looked at, so that a
 * packet that fails it gets no ICMPv6 error. seg6_get_tlv_hmac() takes the
 * TLV only where Hdr Ext Len holds the segment list too.
 */
static bool hmac_valid(struct sk_buff *skb, unsigned int srh_off)
{
#if IS_ENABLED(CONFIG_IPV6_SEG6_HMAC)
	u16 transport = skb->transport_header;
	bool ok;

	skb_set_transport_header(skb, skb_network_offset(skb) + srh_off);
	ok = seg6_hmac_validate_skb(skb);
	skb->transport_header = transport;
	return ok;
#else
	return true;
#endif
}

/**
 * srext_srh_parse() - find and validate the SRH of a packet to a proxy SID
 * @skb: the packet, network header at skb->data (PRE_ROUTING)
 * @outer: gets the SRH's offset
 * @to_sid: the packet's destination is the SID (not one back from the VNF)
 *
 * Sends ICMPv6 errors where RFC 8754 asks for them (rate-limited by
 * icmpv6_send). A packet to the SID with no routing header at all (or
 * only ones RFC 8200 4.4 ignores) meets RFC 8986 4.1.1's upper-layer
 * processing, which a proxy SID allows for no upper layer: Parameter
 * Problem code 4. On success the headers up to the
 * end of the SRH are in the linear area and Segments Left is above 0.
 *
 * Return: 0, or why the packet must be dropped.
 */
enum srext_drop_reason srext_srh_parse(struct sk_buff *skb,
				       struct srext_outer *outer, bool to_sid)
{
	unsigned int nh = skb_network_offset(skb);
	unsigned int off = sizeof(struct ipv6hdr);
	unsigned int nhoff = offsetof(struct ipv6hdr, nexthdr);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	const struct ipv6_sr_hdr *srh;
	int max_last_entry, err;

	for (;;) {
		err = skip_options(skb, &off, &nexthdr, &nhoff, to_sid);
		if (err == -EPROTO)
			return SREXT_DROP_BAD_EXT;
		if (err || nexthdr != NEXTHDR_ROUTING) {
			if (!err && to_sid && nexthdr != NEXTHDR_FRAGMENT)
				icmpv6_send(skb, ICMPV6_PARAMPROB,
					    SREXT_ICMPV6_SR_UPPER_LAYER, off);
			return SREXT_DROP_NO_SRH;
		}
		if (!pskb_may_pull(skb, nh + off + sizeof(*srh)))
			return SREXT_DROP_BAD_SRH;
		srh = (const void *)(skb_network_header(skb) + off);
		if (!pskb_may_pull(skb, nh + off + ipv6_optlen(srh)))
			return SREXT_DROP_BAD_SRH;
		srh = (const void *)(skb_network_header(skb) + off);
		if (srh->type == IPV6_SRCRT_TYPE_4)
			break;
		if (srh->segments_left) {
			icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD,
				    off + offsetof(struct ipv6_rt_hdr, type));
			return SREXT_DROP_BAD_SRH;
		}
		/* RFC 8200 4.4: an unknown routing type with nothing left
		 * to route is ignored; the next header is processed as if
		 * it were not there (an SRH, options, the upper layer).
		 */
		nexthdr = srh->nexthdr;
		nhoff = off + offsetof(struct ipv6_rt_hdr, nexthdr);
		off += ipv6_optlen(srh);
	}
	/* The HMAC first (a packet back from the VNF was checked on its way
	 * in, and IFACE-IN's policy is not the SR domain's). Then RFC 8986
	 * 4.1's order: S02 (a proxy SID is never the last segment: the
	 * draft drops it, where End would process the upper layer), S05 hop
	 * limit, S09 Last Entry and Segments Left.
	 */
	if (to_sid && !hmac_valid(skb, off))
		return SREXT_DROP_BAD_HMAC;
	if (!srh->segments_left)
		return SREXT_DROP_SL_ZERO;
	if (ipv6_hdr(skb)->hop_limit <= 1) {
		icmpv6_send(skb, ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT, 0);
		return SREXT_DROP_HOP_LIMIT;
	}
	max_last_entry = srh->hdrlen / 2 - 1;
	if (srh->first_segment > max_last_entry ||
	    srh->segments_left > srh->first_segment + 1) {
		icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD,
			    off + offsetof(struct ipv6_sr_hdr, segments_left));
		return SREXT_DROP_BAD_SRH;
	}
	outer->srh_off = off;
	outer->len = off + ipv6_optlen(srh);
	return 0;
}

/*
 * The inner header as ip6_rcv_core() and ip_rcv_core() would check it when
 * the VNF receives it: IPv4 header length and checksum, and a length that
 * fits what the outer packet carries. Bytes after the inner packet (padding
 * the outer length covered) are trimmed. A GSO packet's lengths were set by
 * GRO for its segments and are left alone.
 */
static bool inner_valid(struct sk_buff *skb, unsigned int off, u8 inner_proto)
{
	unsigned int nh = skb_network_offset(skb), avail, len;

	avail = skb->len - nh - off;
	if (inner_proto == IPPROTO_IPV6) {
		const struct ipv6hdr *ip6h = (void *)(skb_network_header(skb) + off);

		if (ip6h->version != 6)
			return false;
		len = sizeof(*ip6h) + ntohs(ip6h->payload_len);
	} else {
		const struct iphdr *iph = (void *)(skb_network_header(skb) + off);

		if (iph->version != 4 || iph->ihl < 5 ||
		    !pskb_may_pull(skb, nh + off + iph->ihl * 4))
			return false;
		iph = (void *)(skb_network_header(skb) + off);
		if (ip_fast_csum((const u8 *)iph, iph->ihl))
			return false;
		len = ntohs(iph->tot_len);
		if (len < iph->ihl * 4)
			return false;
	}
	if (skb_is_gso(skb))
		return true;
	if (len > avail)
		return false;
	return len == avail || !pskb_trim_rcsum(skb, nh + off + len);
}

/**
 * srext_outer_parse() - validate the outer headers of an encapsulated packet
 * @skb: the packet, network header at skb->data (PRE_ROUTING)
 * @outer: filled with the layout of the outer headers
 * @inner_proto: the inner packet the behaviour takes (IPPROTO_IPV6/IPIP)
 *
 * srext_srh_parse(), then the inner packet: only Destination Options may
 * follow the SRH, then @inner_proto (the upper-layer header for RFC 8986:
 * any other gets Parameter Problem code 4, as its End.DX6 and End.DX4 do).
 * On success the outer headers and the inner network header are in the
 * linear area.
 *
 * Return: 0, or why the packet must be dropped.
 */
enum srext_drop_reason srext_outer_parse(struct sk_buff *skb,
					 struct srext_outer *outer,
					 u8 inner_proto)
{
	unsigned int nh = skb_network_offset(skb);
	const struct ipv6_sr_hdr *srh;
	enum srext_drop_reason reason;
	unsigned int off, inner_len, nhoff;
	u8 nexthdr;
	int err;

	outer->frag = false;
	reason = srext_srh_parse(skb, outer, true);
	if (reason)
		return reason;
	srh = (const void *)(skb_network_header(skb) + outer->srh_off);
	nexthdr = srh->nexthdr;
	nhoff = outer->srh_off + offsetof(struct ipv6_sr_hdr, nexthdr);
	off = outer->len;
	/* Destination Options after the SRH belong to the outer packet too. */
	err = skip_options(skb, &off, &nexthdr, &nhoff, true);
	if (err)
		return err == -EPROTO ? SREXT_DROP_BAD_EXT : SREXT_DROP_BAD_INNER;
	/* A Fragment header: the caller reassembles. */
	outer->frag = nexthdr == NEXTHDR_FRAGMENT;
	if (nexthdr != inner_proto) {
		if (!outer->frag)
			icmpv6_send(skb, ICMPV6_PARAMPROB,
				    SREXT_ICMPV6_SR_UPPER_LAYER, off);
		return SREXT_DROP_BAD_INNER;
	}
	if (off > SREXT_OUTER_MAX)
		return SREXT_DROP_TOO_BIG;
	inner_len = inner_proto == IPPROTO_IPV6 ? sizeof(struct ipv6hdr) :
						  sizeof(struct iphdr);
	if (!pskb_may_pull(skb, nh + off + inner_len) ||
	    !inner_valid(skb, off, inner_proto))
		return SREXT_DROP_BAD_INNER;
	outer->len = off;
	return 0;
}

/* The route to the VNF: the next hop out of oif, as a known next hop so that
 * the neighbour looked up is the next hop whatever the inner destination.
 */
static struct dst_entry *vnf_route6(struct srext_sid *sid)
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

static struct dst_entry *vnf_route4(struct srext_sid *sid)
{
	struct rtable *rt;
	__be32 saddr;
	struct flowi4 fl4 = {
		.flowi4_oif	= sid->oif,
		.daddr		= sid->nh4,
		.flowi4_flags	= FLOWI_FLAG_KNOWN_NH,
	};

	rt = dst_cache_get_ip4(&sid->dst_cache, &saddr);
	if (rt)
		return &rt->dst;
	rt = ip_route_output_key(sid->net, &fl4);
	if (IS_ERR(rt))
		return NULL;
	if (rt->dst.dev->ifindex != sid->oif) {
		ip_rt_put(rt);
		return NULL;
	}
	dst_cache_set_ip4(&sid->dst_cache, &rt->dst, fl4.saddr);
	return &rt->dst;
}

/* What the output path expects of the inner packet, with or without a route:
 * its own protocol and transport header, a clean control block, no
 * conntrack entry or timestamp of the outer packet.
 */
static void vnf_prepare(struct sk_buff *skb, bool ip6)
{
	if (ip6) {
		skb_set_transport_header(skb, sizeof(struct ipv6hdr));
		skb->protocol = htons(ETH_P_IPV6);
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
		IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	} else {
		skb_set_transport_header(skb, ip_hdrlen(skb));
		skb->protocol = htons(ETH_P_IP);
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	}
	nf_reset_ct(skb);
	skb_clear_tstamp(skb);
}

/*
 * To the next hop: a route, the neighbour of nh6/nh4, dst_output. The
 * neighbour output writes the link-layer header into the headroom, where the
 * outer headers just were: a clone (a packet socket, tc mirred, a bridge
 * flood) that still holds them must not see it, so the headroom is made
 * private first. And as for forwarding (ip6_forward()), a receive checksum
 * does not survive that header.
 */
static enum srext_drop_reason xmit_route(struct srext_sid *sid,
					 struct sk_buff *skb, bool ip6)
{
	struct dst_entry *dst;

	dst = ip6 ? vnf_route6(sid) : vnf_route4(sid);
	if (!dst)
		return SREXT_DROP_NO_ROUTE;
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev))) {
		dst_release(dst);
		return SREXT_DROP_NO_MEM;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	vnf_prepare(skb, ip6);
	skb_forward_csum(skb);
	dst_output(sid->net, NULL, skb);
	return 0;
}

static bool over_mtu(const struct sk_buff *skb, unsigned int mtu)
{
	if (skb_is_gso(skb))
		return !skb_gso_validate_network_len(skb, mtu);
	return skb->len > mtu;
}

/*
 * The error the nh path's output would send for a packet over IFACE-OUT's
 * MTU (ip6_fragment(), ip_fragment()): ICMPv6 Packet Too Big, or for IPv4
 * with DF ICMP Fragmentation Needed, to the inner source. icmp_send() needs
 * a route on the packet; the one back to the source serves. An IPv4 packet
 * without DF, which the nh path would fragment, is dropped silently: there
 * is no route here to fragment along.
 */
static void send_too_big(struct srext_sid *sid, struct sk_buff *skb,
			 bool ip6, unsigned int mtu)
{
	struct flowi4 fl4 = {};
	struct rtable *rt;

	if (ip6) {
		icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
		return;
	}
	if (!(ip_hdr(skb)->frag_off & htons(IP_DF)))
		return;
	fl4.daddr = ip_hdr(skb)->saddr;
	rt = ip_route_output_key(sid->net, &fl4);
	if (IS_ERR(rt))
		return;
	skb_dst_drop(skb);
	skb_dst_set(skb, &rt->dst);
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
}

/*
 * To the VNF's link-layer address, configured with the SID: no route and no
 * neighbour entry, the frame goes straight out of IFACE-OUT (an Ethernet
 * device, checked when the SID was added and held by the SID), from that
 * device's address. The device may be down, or on its way out (until
 * NETDEV_UNREGISTER removes the SID): no_route, as for a next hop without a
 * route.
 */
static enum srext_drop_reason xmit_mac(struct srext_sid *sid,
				       struct sk_buff *skb, bool ip6)
{
	struct net_device *dev;
	unsigned int mtu;

	dev = rcu_dereference(sid->mac_dev);
	/* Still Ethernet: a bond or team takes its first port's type. */
	if (!dev || dev->type != ARPHRD_ETHER || !netif_running(dev) ||
	    !netif_carrier_ok(dev))
		return SREXT_DROP_NO_ROUTE;
	vnf_prepare(skb, ip6);
	mtu = READ_ONCE(dev->mtu);
	if (over_mtu(skb, mtu)) {
		send_too_big(sid, skb, ip6, mtu);
		return SREXT_DROP_TOO_BIG;
	}
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dev)))
		return SREXT_DROP_NO_MEM;
	skb_dst_drop(skb);
	/* A receive checksum does not survive the header about to be pushed. */
	skb_forward_csum(skb);
	skb->dev = dev;
	if (dev_hard_header(skb, dev, ntohs(skb->protocol), sid->mac,
			    dev->dev_addr, skb->len) < 0)
		return SREXT_DROP_NO_MEM;
	dev_queue_xmit(skb);
	return 0;
}

/*
 * srext_xmit_vnf() - send a packet to the SID's VNF
 * @sid: the SID
 * @skb: the packet, of the SID's inner family, network header at skb->data
 *
 * Return: 0 when the packet was handed to the output path (consumed), or why
 * it must be dropped (not consumed).
 */
static enum srext_drop_reason srext_xmit_vnf(struct srext_sid *sid,
					     struct sk_buff *skb)
{
	bool ip6 = sid->behavior->family == AF_INET6;

	if (sid->has_mac)
		return xmit_mac(sid, skb, ip6);
	return xmit_route(sid, skb, ip6);
}

/**
 * srext_to_vnf() - send a packet to the SID's VNF and count it
 * @sid: the SID
 * @skb: the packet, of the family the VNF takes, network header at skb->data
 *
 * Return: a netfilter verdict.
 */
unsigned int srext_to_vnf(struct srext_sid *sid, struct sk_buff *skb)
{
	enum srext_drop_reason reason;
	unsigned int len = skb->len;

	reason = srext_xmit_vnf(sid, skb);
	if (reason)
		return srext_drop(sid, reason);
	srext_count_to_vnf(sid, len);
	return NF_STOLEN;
}

/*
 * The node owning the SID is where the outer packet ends, so it reassembles
 * one that came fragmented (RFC 8200 4.5; the Fragment header follows the
 * SRH): with the netfilter defragmenter's queues (nf_defrag_ipv6, loaded on
 * demand when srext loads), under a user id of its own. A packet it cannot
 * take is dropped as bad_inner, as before.
 */
static int (*frag6_gather)(struct net *net, struct sk_buff *skb, u32 user);

int srext_decap_init(void)
{
	frag6_gather = symbol_request(nf_ct_frag6_gather);
	if (!frag6_gather)
		pr_warn("nf_defrag_ipv6 is not available: fragmented packets to SIDs will be dropped\n");
	return 0;
}

void srext_decap_uninit(void)
{
	if (frag6_gather)
		symbol_put(nf_ct_frag6_gather);
}

/* 0 and a whole packet in @skb, -EINPROGRESS (kept for its other
 * fragments), or another error (not consumed).
 */
static int reassemble(struct srext_sid *sid, struct sk_buff *skb)
{
	int err;

	if (!frag6_gather)
		return -EOPNOTSUPP;
	err = frag6_gather(sid->net, skb, IP6_DEFRAG_LOCAL_DELIVER);
	/* The inner packet is not ours to fragment further. */
	if (!err)
		skb->ignore_df = 0;
	return err;
}

/**
 * srext_decap_input() - towards the VNF, for the proxies that decapsulate
 * @sid: the SID the packet is addressed to
 * @skb: the packet
 * @note: the behaviour's look at the valid outer headers before they go
 *        (End.AD caches them), or NULL; its verdict drops the packet
 *
 * Return: a netfilter verdict.
 */
unsigned int srext_decap_input(struct srext_sid *sid, struct sk_buff *skb,
			       srext_outer_note_t note)
{
	u8 inner = sid->behavior->family == AF_INET6 ? IPPROTO_IPV6 :
						       IPPROTO_IPIP;
	enum srext_drop_reason reason;
	struct srext_outer outer;
	int err;

	reason = srext_outer_parse(skb, &outer, inner);
	if (reason == SREXT_DROP_BAD_INNER && outer.frag) {
		err = reassemble(sid, skb);
		if (err == -EINPROGRESS)
			return NF_STOLEN;
		reason = err ? SREXT_DROP_BAD_INNER :
			       srext_outer_parse(skb, &outer, inner);
	}
	if (!reason && note)
		reason = note(sid, skb, &outer);
	if (reason)
		return srext_drop(sid, reason);
	skb_pull_rcsum(skb, skb_network_offset(skb) + outer.len);
	skb_reset_network_header(skb);
	if (iptunnel_pull_offloads(skb))
		return srext_drop(sid, SREXT_DROP_NO_MEM);
	return srext_to_vnf(sid, skb);
}
