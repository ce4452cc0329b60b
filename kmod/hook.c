// SPDX-License-Identifier: GPL-2.0
/*
 * The two entry points of the packet path.
 *
 * Towards a VNF: an IPv6 PRE_ROUTING hook (one per namespace with SIDs)
 * takes packets whose destination is a SID. It runs after the raw table
 * (priority -300), where the SR domain's ACLs on packets to local SIDs
 * belong (RFC 8754 5.1), and before conntrack: the outer packet, addressed
 * to this node and consumed here, is never tracked.
 *
 * Back from a VNF: a netdev ingress hook on each SID's IFACE-IN, before the
 * IP stack. It puts the outer headers back and lets the packet go on as the
 * IPv6 packet it now is, arriving on IFACE-IN: the node's whole netfilter
 * (conntrack, raw, mangle, nat, filter; then FORWARD and POSTROUTING), its
 * routing and its forwarding see it like any packet it forwards. A packet
 * whose new destination is another local SID meets the PRE_ROUTING hook
 * next (two VNFs of one chain on one node).
 */
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "hook.h"
#include "sid.h"

/**
 * srext_hook_ipv6() - netfilter IPv6 PRE_ROUTING hook
 * @priv: unused
 * @skb: the packet, IPv6 header validated by ip6_rcv_core()
 * @state: hook state
 *
 * Context: softirq, RCU read side (held by nf_hook()).
 * Return: NF_ACCEPT for packets srext does not own, else the behaviour's
 * verdict.
 */
unsigned int srext_hook_ipv6(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct srext_sid *sid;

	sid = srext_sid_lookup(srext_net(state->net), &ipv6_hdr(skb)->daddr);
	if (sid)
		return sid->behavior->input(sid, skb);
	return NF_ACCEPT;
}

/*
 * The VNF's own link traffic must keep working on IFACE-IN: frames not
 * addressed to this host at the link layer (broadcast, multicast, such as
 * an IPv4 subnet broadcast the addresses alone do not reveal), link-local
 * and multicast addresses (ND, MLD, router solicitations, DHCP). Only the
 * rest is proxied.
 */
static bool proxied6(const struct ipv6hdr *ip6h)
{
	return !(ipv6_addr_type(&ip6h->daddr) &
		 (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_MULTICAST |
		  IPV6_ADDR_LOOPBACK)) &&
	       !(ipv6_addr_type(&ip6h->saddr) & IPV6_ADDR_LINKLOCAL);
}

static bool proxied4(const struct iphdr *iph)
{
	return !(ipv4_is_multicast(iph->daddr) || ipv4_is_lbcast(iph->daddr) ||
		 ipv4_is_linklocal_169(iph->daddr) ||
		 ipv4_is_zeronet(iph->saddr) ||
		 ipv4_is_linklocal_169(iph->saddr));
}

/*
 * At ingress the IP stack has not looked at the packet yet: take only what
 * it would accept (ip6_rcv_core(), ip_rcv_core(): version, lengths, IPv4
 * header checksum), trimmed to its IP length (Ethernet padding); anything
 * else goes on to the stack untouched, which drops and counts it as usual.
 */
static bool valid6(struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(*ip6h)))
		return false;
	ip6h = ipv6_hdr(skb);
	if (ip6h->version != 6)
		return false;
	/* No length: a BIG TCP GSO packet or a jumbogram, taken whole (and
	 * refused as too_big by the push: nothing bypasses the chain);
	 * otherwise ip6_rcv_core() would keep the bare header.
	 */
	if (!ip6h->payload_len)
		return skb_is_gso(skb) || ip6h->nexthdr == NEXTHDR_HOP ||
		       !pskb_trim_rcsum(skb, sizeof(*ip6h));
	len = sizeof(*ip6h) + ntohs(ip6h->payload_len);
	return len <= skb->len && !pskb_trim_rcsum(skb, len);
}

static bool valid4(struct sk_buff *skb)
{
	const struct iphdr *iph;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(*iph)))
		return false;
	iph = ip_hdr(skb);
	if (iph->version != 4 || iph->ihl < 5 ||
	    !pskb_may_pull(skb, iph->ihl * 4))
		return false;
	iph = ip_hdr(skb);
	if (ip_fast_csum((const u8 *)iph, iph->ihl))
		return false;
	len = ntohs(iph->tot_len);
	/* IPv4 BIG TCP (6.3+) has no length either: as for IPv6. */
	if (!len && skb_is_gso(skb))
		return true;
	return len >= iph->ihl * 4 && len <= skb->len &&
	       !pskb_trim_rcsum(skb, len);
}

/**
 * srext_hook_ingress() - netdev ingress hook of an IFACE-IN
 * @priv: unused
 * @skb: the packet, network header at skb->data
 * @state: hook state; state->in is IFACE-IN
 *
 * One hook per interface: the packet's family picks the SID (an interface
 * may be IFACE-IN of one End.AD4 and one End.AD6 SID).
 *
 * Context: softirq, RCU read side.
 * Return: NF_ACCEPT, with the packet re-encapsulated for the stack or left
 * alone, or NF_DROP (counted).
 */
unsigned int srext_hook_ingress(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct srext_net *sn = srext_net(state->net);
	struct srext_sid *sid;

	/* A tagged frame is the VLAN device's (delivered after this hook);
	 * if that device is some SID's IFACE-IN, its own hook takes it.
	 */
	if (skb->pkt_type != PACKET_HOST || skb_vlan_tag_present(skb))
		return NF_ACCEPT;
	if (skb->protocol == htons(ETH_P_IPV6)) {
		sid = srext_sid_lookup_iif(sn, state->in->ifindex, AF_INET6);
		if (!sid || !valid6(skb) || !proxied6(ipv6_hdr(skb)))
			return NF_ACCEPT;
	} else if (skb->protocol == htons(ETH_P_IP)) {
		sid = srext_sid_lookup_iif(sn, state->in->ifindex, AF_INET);
		if (!sid || !valid4(skb) || !proxied4(ip_hdr(skb)))
			return NF_ACCEPT;
	} else {
		return NF_ACCEPT;
	}
	/* The stack fills its control block later; an ICMP error sent
	 * before (End.AM's checks) must not read what the driver left.
	 */
	memset(skb->cb, 0, max(sizeof(struct inet6_skb_parm),
			       sizeof(struct inet_skb_parm)));
	return sid->behavior->reply(sid, skb);
}
