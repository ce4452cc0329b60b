// SPDX-License-Identifier: GPL-2.0
/*
 * End.AD6 and End.AD4, the dynamic proxy
 * (draft-ietf-spring-sr-service-programming 6.4).
 *
 * Towards the VNF the outer headers, as the End step leaves them, are cached
 * per SID (so per IFACE-IN); back from the VNF they are pushed again. The
 * cache is an immutable blob behind an RCU pointer: the packet path only
 * compares it with the packet's chain-defining part (source address and
 * every extension header) and builds a new blob when they differ, so a chain
 * change at the ingress router takes effect with the next packet.
 */
#include <linux/netfilter.h>
#include <linux/seg6.h>
#include <net/ipv6.h>

#include "proxy.h"
#include "stats.h"

struct srext_ad_cache {
	struct rcu_head rcu;
	u8 hop_limit;		/* of the latest packet; not compared */
	u8 tclass;		/* likewise */
	u16 srh_off;
	u16 len;
	u8 hdr[];		/* IPv6 header + extension headers, End step done */
};

#define SADDR_OFF offsetof(struct ipv6hdr, saddr)
#define NEXTHDR_OFF offsetof(struct ipv6hdr, nexthdr)
#define SL_OFF offsetof(struct ipv6_sr_hdr, segments_left)

/*
 * The cached copy has Segments Left one lower and the DA taken from the
 * segment list, both functions of the SRH; so the packet matches when its
 * source, next header and extension headers equal the copy's, Segments Left
 * aside, and its Segments Left is the copy's plus one.
 */
static bool cache_matches(const struct srext_ad_cache *c, const u8 *pkt,
			  const struct srext_outer *outer)
{
	unsigned int sl = outer->srh_off + SL_OFF;

	if (c->len != outer->len || c->srh_off != outer->srh_off)
		return false;
	return c->hdr[NEXTHDR_OFF] == pkt[NEXTHDR_OFF] &&
	       !memcmp(c->hdr + SADDR_OFF, pkt + SADDR_OFF,
		       sizeof(struct in6_addr)) &&
	       !memcmp(c->hdr + sizeof(struct ipv6hdr),
		       pkt + sizeof(struct ipv6hdr),
		       sl - sizeof(struct ipv6hdr)) &&
	       c->hdr[sl] + 1 == pkt[sl] &&
	       !memcmp(c->hdr + sl + 1, pkt + sl + 1, c->len - sl - 1);
}

static struct srext_ad_cache *cache_build(const u8 *pkt,
					  const struct srext_outer *outer)
{
	struct srext_ad_cache *c;
	struct ipv6_sr_hdr *srh;

	c = kmalloc(struct_size(c, hdr, outer->len), GFP_ATOMIC);
	if (!c)
		return NULL;
	c->srh_off = outer->srh_off;
	c->len = outer->len;
	memcpy(c->hdr, pkt, outer->len);
	srh = (struct ipv6_sr_hdr *)(c->hdr + outer->srh_off);
	srh->segments_left--;
	((struct ipv6hdr *)c->hdr)->daddr = srh->segments[srh->segments_left];
	return c;
}

static enum srext_drop_reason cache_refresh(struct srext_sid *sid,
					    const struct sk_buff *skb,
					    const struct srext_outer *outer)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	const u8 *pkt = skb_network_header(skb);
	struct srext_ad_cache *c, *old;
	u8 tclass = ip6_tclass(ip6_flowinfo(ip6h));

	c = rcu_dereference(sid->cache);
	if (!c || !cache_matches(c, pkt, outer)) {
		c = cache_build(pkt, outer);
		if (!c)
			return SREXT_DROP_NO_MEM;
		c->hop_limit = ip6h->hop_limit;
		c->tclass = tclass;
		spin_lock(&sid->cache_lock);
		old = rcu_replace_pointer(sid->cache, c,
					  lockdep_is_held(&sid->cache_lock));
		spin_unlock(&sid->cache_lock);
		if (old)
			kfree_rcu(old, rcu);
		srext_count_cache_update(sid);
		return 0;
	}
	if (READ_ONCE(c->hop_limit) != ip6h->hop_limit)
		WRITE_ONCE(c->hop_limit, ip6h->hop_limit);
	if (READ_ONCE(c->tclass) != tclass)
		WRITE_ONCE(c->tclass, tclass);
	return 0;
}

/* DA is the SID: End step into the cache, strip, hand to the VNF. */
static unsigned int ad_input(struct srext_sid *sid, struct sk_buff *skb)
{
	return srext_decap_input(sid, skb, cache_refresh);
}

/* From IFACE-IN: the cached headers go back on, with the arrival hop limit;
 * forwarding takes the one decrement this node owes.
 */
static unsigned int ad_reply(struct srext_sid *sid, struct sk_buff *skb)
{
	const struct srext_ad_cache *c;

	c = rcu_dereference(sid->cache);
	if (!c) {
		srext_count_drop(sid, SREXT_DROP_NO_CACHE);
		return NF_DROP;
	}
	return srext_encap_reply(sid, skb, c->hdr, c->len,
				 READ_ONCE(c->hop_limit), READ_ONCE(c->tclass));
}

static void ad_destroy(struct srext_sid *sid)
{
	/* After a grace period: nobody can see the SID any more. */
	kfree(rcu_dereference_protected(sid->cache, 1));
}

const struct srext_behavior_desc srext_end_ad6 = {
	.name		= "End.AD6",
	.id		= SREXT_BEHAVIOR_END_AD6,
	.family		= AF_INET6,
	.required	= BIT(SREXT_A_SID_NH6) | BIT(SREXT_A_SID_OIF) |
			  BIT(SREXT_A_SID_IIF),
	.input		= ad_input,
	.reply		= ad_reply,
	.destroy	= ad_destroy,
};

const struct srext_behavior_desc srext_end_ad4 = {
	.name		= "End.AD4",
	.id		= SREXT_BEHAVIOR_END_AD4,
	.family		= AF_INET,
	.required	= BIT(SREXT_A_SID_NH4) | BIT(SREXT_A_SID_OIF) |
			  BIT(SREXT_A_SID_IIF),
	.input		= ad_input,
	.reply		= ad_reply,
	.destroy	= ad_destroy,
};
