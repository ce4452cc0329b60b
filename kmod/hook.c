// SPDX-License-Identifier: GPL-2.0
/*
 * The PRE_ROUTING entry point. Two lookups decide a packet's fate: did it
 * come back from a VNF (arrival interface is some SID's IFACE-IN), or is it
 * addressed to a SID? Anything else is accepted untouched.
 */
#include <linux/ip.h>
#include <net/addrconf.h>
#include <net/ipv6.h>

#include "hook.h"
#include "sid.h"

/*
 * The VNF's own link traffic must keep working on IFACE-IN: frames not
 * addressed to this host at the link layer (broadcast, multicast, such as
 * an IPv4 subnet broadcast the addresses alone do not reveal), link-local
 * and multicast addresses (ND, MLD, router solicitations). Only the rest is
 * proxied.
 */
static bool proxied6(const struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);

	return skb->pkt_type == PACKET_HOST &&
	       !(ipv6_addr_type(&ip6h->daddr) &
		 (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_MULTICAST |
		  IPV6_ADDR_LOOPBACK)) &&
	       !(ipv6_addr_type(&ip6h->saddr) & IPV6_ADDR_LINKLOCAL);
}

/**
 * srext_hook_ipv6() - netfilter IPv6 PRE_ROUTING hook
 * @priv: unused
 * @skb: the packet, IPv6 header validated by ip6_rcv_core()
 * @state: hook state; state->in is the arrival interface
 *
 * Context: softirq, RCU read side (held by nf_hook()).
 * Return: NF_ACCEPT for packets srext does not own, else the behaviour's
 * verdict.
 */
unsigned int srext_hook_ipv6(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct srext_net *sn = srext_net(state->net);
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct srext_sid *sid;

	sid = srext_sid_lookup_iif(sn, state->in->ifindex, AF_INET6);
	if (sid && proxied6(skb))
		return sid->behavior->reply(sid, skb);
	sid = srext_sid_lookup(sn, &ip6h->daddr);
	if (sid)
		return sid->behavior->input(sid, skb);
	return NF_ACCEPT;
}

/* Likewise for IPv4: link-layer broadcast (a subnet broadcast included),
 * multicast and link-local traffic of the VNF is its own.
 */
static bool proxied4(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	return skb->pkt_type == PACKET_HOST &&
	       !(ipv4_is_multicast(iph->daddr) || ipv4_is_lbcast(iph->daddr) ||
		 ipv4_is_linklocal_169(iph->daddr) ||
		 ipv4_is_zeronet(iph->saddr) ||
		 ipv4_is_linklocal_169(iph->saddr));
}

/**
 * srext_hook_ipv4() - netfilter IPv4 PRE_ROUTING hook
 * @priv: unused
 * @skb: the packet, IPv4 header validated by ip_rcv_core()
 * @state: hook state; state->in is the arrival interface
 *
 * IPv4 packets are srext's only when they come back from a VNF whose SID
 * takes inner IPv4 (End.AD4, End.AS4): they leave as IPv6 and never
 * continue into the IPv4 stack.
 *
 * Context: softirq, RCU read side (held by nf_hook()).
 * Return: NF_ACCEPT for packets srext does not own, else the behaviour's
 * verdict.
 */
unsigned int srext_hook_ipv4(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct srext_sid *sid;

	sid = srext_sid_lookup_iif(srext_net(state->net), state->in->ifindex,
				   AF_INET);
	if (sid && proxied4(skb))
		return sid->behavior->reply(sid, skb);
	return NF_ACCEPT;
}
