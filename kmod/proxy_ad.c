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
 *
 * With "cache flow" there is one such blob per inner flow, in a bounded
 * hash table: one VNF can then serve several chains at once. Idle flows are
 * evicted by a periodic worker; a new flow finding the table full is not
 * cached (its packets back from the VNF count as no_cache) until some expire.
 * Fragments of an inner datagram go with its flow (see struct frag_entry).
 */
#include <linux/jiffies.h>
#include <linux/netfilter.h>
#include <linux/rhashtable.h>
#include <linux/seg6.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "proxy.h"
#include "stats.h"

struct srext_ad_cache {
	struct rcu_head rcu;
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

static struct srext_ad_cache *cache_build(const struct srext_sid *sid,
					  const u8 *pkt,
					  const struct srext_outer *outer)
{
	struct srext_ad_cache *c;
	struct ipv6_sr_hdr *srh;

	c = srext_sid_kmalloc(sid, struct_size(c, hdr, outer->len));
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

/*
 * Replaces the blob in @slot when the packet's chain differs from it. Hop
 * limit, traffic class, flow label and payload length are the returning
 * packet's own (encap.c): nothing is written on a match. A replacement costs
 * an allocation, the lock and an RCU callback: a chain that changes with
 * every packet (sources taking turns on one interface, a per-packet option)
 * gets at most cache_rebuilds of them a second; past that the blob stays as
 * it is (a chain change takes effect within the second), and the packet
 * still goes to the VNF.
 */
static enum srext_drop_reason refresh(struct srext_sid *sid,
				      struct srext_ad_cache __rcu **slot,
				      spinlock_t *lock,
				      const struct sk_buff *skb,
				      const struct srext_outer *outer)
{
	const u8 *pkt = skb_network_header(skb);
	struct srext_ad_cache *c, *old;

	c = rcu_dereference(*slot);
	if (c && cache_matches(c, pkt, outer))
		return 0;
	if (c && !__ratelimit(&sid->cache_rs)) {
		srext_count_cache_limited(sid);
		return 0;
	}
	c = cache_build(sid, pkt, outer);
	if (!c)
		return SREXT_DROP_NO_MEM;
	spin_lock(lock);
	old = rcu_replace_pointer(*slot, c, lockdep_is_held(lock));
	spin_unlock(lock);
	if (old)
		kfree_rcu(old, rcu);
	srext_count_cache_update(sid);
	return 0;
}

/* The inner flow: addresses (IPv4 ones in the last word), protocol, ports. */
struct flow_key {
	struct in6_addr saddr;
	struct in6_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 proto;
	u8 pad[3];
};

struct flow_entry {
	struct rhash_head node;
	struct flow_key key;
	struct srext_ad_cache __rcu *cache;
	unsigned long used;		/* jiffies of the latest packet */
	struct rcu_head rcu;
};

/*
 * Only the first fragment of an inner datagram carries its ports. So that
 * every fragment goes with the datagram's flow (towards the VNF, and back
 * from it: a VNF may fragment what came in whole, as End.AD4's IPv4
 * routers do), the first fragment's flow is remembered by the datagram's
 * addresses, protocol (IPv4's, or the Fragment header's Next Header, the
 * same in every fragment) and Identification, until FRAG_TIMEOUT after its
 * latest fragment; the later fragments take it. A later fragment with no
 * first one seen before it (or whose entry expired) has its datagram's
 * addresses and that protocol, no ports. An own worker sweeps the expired
 * entries every FRAG_TIMEOUT / 2 while there are any, so that at most
 * FRAG_MAX datagrams a FRAG_TIMEOUT can be remembered.
 */
struct frag_key {
	struct in6_addr saddr;
	struct in6_addr daddr;
	u32 id;				/* as on the wire */
	u8 proto;
	u8 pad[3];
};

struct frag_entry {
	struct rhash_head node;
	struct frag_key key;
	struct flow_key flow;
	unsigned long used;		/* jiffies of the latest fragment */
	struct rcu_head rcu;
};

static const struct rhashtable_params frag_params = {
	.key_len		= sizeof(struct frag_key),
	.key_offset		= offsetof(struct frag_entry, key),
	.head_offset		= offsetof(struct frag_entry, node),
	.automatic_shrinking	= true,
};

#define FRAG_MAX 1024			/* datagrams remembered per SID */
#define FRAG_TIMEOUT (5 * HZ)

struct srext_flow_table {
	struct rhashtable entries;
	struct rhashtable frags;	/* struct frag_entry */
	atomic_t nfrags;
	atomic_t count;
	atomic_t *ns_flows;		/* srext_net.flows */
	spinlock_t lock;		/* entry insertion, removal, blob swaps */
	struct delayed_work gc;
	struct delayed_work frag_gc;	/* while nfrags > 0 */
	struct srext_sid *sid;
	struct work_struct free_work;	/* on srext_free_wq, see ad_destroy() */
};

static const struct rhashtable_params flow_params = {
	.key_len		= sizeof(struct flow_key),
	.key_offset		= offsetof(struct flow_entry, key),
	.head_offset		= offsetof(struct flow_entry, node),
	.automatic_shrinking	= true,
};

#define CACHE_MAX_DEFAULT 1024
#define CACHE_TIMEOUT_DEFAULT 60

static bool ported(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_UDPLITE || proto == IPPROTO_SCTP;
}

/*
 * The inner IPv6 header at @l4 (from the start of the skb): its upper-layer
 * protocol and offset, whether it is a fragment (*@frag, @fk->id and
 * @fk->proto; an atomic fragment, offset 0 without M, is none) and a later
 * one (*@later: no upper-layer header in it, *@proto is the Fragment
 * header's Next Header). False if the extension headers cannot be read.
 */
static bool inner6(const struct sk_buff *skb, unsigned int *l4, u8 *proto,
		   struct frag_key *fk, bool *frag, bool *later)
{
	unsigned int off = *l4 + sizeof(struct ipv6hdr);
	u8 nexthdr = *proto;

	while (ipv6_ext_hdr(nexthdr) && nexthdr != NEXTHDR_NONE) {
		struct ipv6_opt_hdr _h;
		const struct ipv6_opt_hdr *h;

		if (nexthdr == NEXTHDR_FRAGMENT) {
			struct frag_hdr _fh;
			const struct frag_hdr *fh;

			fh = skb_header_pointer(skb, off, sizeof(_fh), &_fh);
			if (!fh)
				return false;
			nexthdr = fh->nexthdr;
			off += sizeof(*fh);
			if (!(fh->frag_off & htons(IP6_OFFSET | IP6_MF)))
				continue;
			*frag = true;
			fk->id = (__force u32)fh->identification;
			fk->proto = fh->nexthdr;
			if (fh->frag_off & htons(IP6_OFFSET)) {
				*later = true;
				break;
			}
			continue;
		}
		h = skb_header_pointer(skb, off, sizeof(_h), &_h);
		if (!h)
			return false;
		off += nexthdr == NEXTHDR_AUTH ? ipv6_authlen(h) : ipv6_optlen(h);
		nexthdr = h->nexthdr;
	}
	*proto = nexthdr;
	*l4 = off;
	return true;
}

static bool frag_expired(const struct frag_entry *fe)
{
	return time_after(jiffies, READ_ONCE(fe->used) + FRAG_TIMEOUT);
}

/*
 * Remembers the flow of a first fragment (FRAG_MAX per SID: past that,
 * the later fragments of new datagrams go without ports). A first fragment
 * whose Identification is remembered with another flow (the counter came
 * round) or expired replaces it: readers see the old entry or the new one,
 * whole. Should the sweep remove the old one meanwhile, this datagram is
 * not remembered.
 */
static void frag_remember(struct srext_sid *sid, const struct frag_key *fk,
			  const struct flow_key *key)
{
	struct srext_flow_table *ft = sid->flows;
	struct frag_entry *fe, *old;

	old = rhashtable_lookup(&ft->frags, fk, frag_params);
	if (old && !frag_expired(old) &&
	    !memcmp(&old->flow, key, sizeof(*key))) {
		if (READ_ONCE(old->used) != jiffies)
			WRITE_ONCE(old->used, jiffies);
		return;
	}
	if (!old) {
		/* Full: the read first keeps a full table's counter quiet. */
		if (atomic_read(&ft->nfrags) >= FRAG_MAX)
			return;
		if (atomic_inc_return(&ft->nfrags) > FRAG_MAX)
			goto uncount;
	}
	fe = srext_sid_kmalloc(sid, sizeof(*fe));
	if (!fe)
		goto uncount;
	memset(fe, 0, sizeof(*fe));
	fe->key = *fk;
	fe->flow = *key;
	fe->used = jiffies;
	if (old) {
		if (rhashtable_replace_fast(&ft->frags, &old->node, &fe->node,
					    frag_params))
			kfree(fe);	/* the sweep or another CPU was first */
		else
			kfree_rcu(old, rcu);
		return;
	}
	if (!rhashtable_lookup_insert_fast(&ft->frags, &fe->node, frag_params)) {
		if (!delayed_work_pending(&ft->frag_gc))
			queue_delayed_work(srext_wq, &ft->frag_gc, FRAG_TIMEOUT);
		return;
	}
	kfree(fe);	/* another CPU remembered it first */
uncount:
	if (!old)
		atomic_dec(&ft->nfrags);
}

/*
 * @off: the inner packet's offset from the network header. Addresses (IPv4
 * ones in the last word), protocol and, for TCP, UDP, UDP-Lite and SCTP,
 * ports: a fragment's are its datagram's (struct frag_entry).
 */
static void flow_key(struct srext_sid *sid, const struct sk_buff *skb,
		     unsigned int off, struct flow_key *key)
{
	unsigned int l4 = skb_network_offset(skb) + off;
	struct frag_key fk = {};
	bool frag = false, later = false;
	struct frag_entry *fe;
	__be16 ports[2];
	const __be16 *p;
	u8 proto;

	memset(key, 0, sizeof(*key));
	if (sid->behavior->family == AF_INET6) {
		const struct ipv6hdr *h = (void *)(skb_network_header(skb) + off);

		key->saddr = h->saddr;
		key->daddr = h->daddr;
		proto = h->nexthdr;
		if (!inner6(skb, &l4, &proto, &fk, &frag, &later))
			return;
	} else {
		const struct iphdr *h = (void *)(skb_network_header(skb) + off);

		key->saddr.s6_addr32[3] = h->saddr;
		key->daddr.s6_addr32[3] = h->daddr;
		proto = h->protocol;
		if (ip_is_fragment(h)) {
			frag = true;
			fk.id = (__force u16)h->id;
			fk.proto = proto;
			later = ntohs(h->frag_off) & IP_OFFSET;
		}
		l4 += h->ihl * 4;
	}
	key->proto = proto;
	if (frag) {
		fk.saddr = key->saddr;
		fk.daddr = key->daddr;
	}
	if (later) {
		fe = rhashtable_lookup(&sid->flows->frags, &fk, frag_params);
		if (fe && !frag_expired(fe)) {
			*key = fe->flow;
			if (READ_ONCE(fe->used) != jiffies)
				WRITE_ONCE(fe->used, jiffies);
		}
		return;
	}
	if (!ported(proto))
		return;
	p = skb_header_pointer(skb, l4, sizeof(ports), ports);
	if (!p)
		return;
	key->sport = p[0];
	key->dport = p[1];
	if (frag)
		frag_remember(sid, &fk, key);
}

static void flow_entry_free_rcu(struct rcu_head *head)
{
	struct flow_entry *e = container_of(head, struct flow_entry, rcu);

	kfree(rcu_dereference_protected(e->cache, 1));
	kfree(e);
}

static enum srext_drop_reason flow_refresh(struct srext_sid *sid,
					   const struct sk_buff *skb,
					   const struct srext_outer *outer)
{
	struct srext_flow_table *ft = sid->flows;
	enum srext_drop_reason reason;
	struct flow_entry *e;
	struct flow_key key;
	int err;

	flow_key(sid, skb, outer->len, &key);
	e = rhashtable_lookup(&ft->entries, &key, flow_params);
	if (e) {
		if (READ_ONCE(e->used) != jiffies)
			WRITE_ONCE(e->used, jiffies);
		return refresh(sid, &e->cache, &ft->lock, skb, outer);
	}
	/* Full (this SID's table, or the namespace's max_flows): the packet
	 * still goes to the VNF, uncached.
	 */
	if (atomic_read(&ft->count) >= sid->cache_max ||
	    atomic_read(ft->ns_flows) >= READ_ONCE(srext_max_flows))
		return 0;
	e = srext_sid_kmalloc(sid, sizeof(*e));
	if (!e)
		return SREXT_DROP_NO_MEM;
	memset(e, 0, sizeof(*e));
	e->key = key;
	e->used = jiffies;
	reason = refresh(sid, &e->cache, &ft->lock, skb, outer);
	if (reason) {
		kfree(e);
		return reason;
	}
	spin_lock(&ft->lock);
	err = -ENOSPC;
	if (atomic_read(&ft->count) < sid->cache_max) {
		if (atomic_inc_return(ft->ns_flows) <= READ_ONCE(srext_max_flows))
			err = rhashtable_lookup_insert_fast(&ft->entries,
							    &e->node,
							    flow_params);
		if (err)
			atomic_dec(ft->ns_flows);
		else
			atomic_inc(&ft->count);
	}
	spin_unlock(&ft->lock);
	/* Lost a race with another CPU for this flow, or the last place. */
	if (err)
		flow_entry_free_rcu(&e->rcu);
	return 0;
}

static struct srext_ad_cache *flow_cache(struct srext_sid *sid,
					 const struct sk_buff *skb)
{
	struct flow_entry *e;
	struct flow_key key;

	flow_key(sid, skb, 0, &key);
	e = rhashtable_lookup(&sid->flows->entries, &key, flow_params);
	if (!e)
		return NULL;
	if (READ_ONCE(e->used) != jiffies)
		WRITE_ONCE(e->used, jiffies);
	return rcu_dereference(e->cache);
}

/* Every half timeout (1 s to 60 s): evict the flows idle for a timeout. */
#define GC_BATCH 256	/* entries walked per RCU read section */

static unsigned long gc_interval(const struct srext_sid *sid)
{
	return clamp_t(unsigned long, sid->cache_timeout * HZ / 2, HZ, 60 * HZ);
}

/*
 * Forgets the datagrams whose fragments stopped coming (FRAG_MAX at most);
 * again in FRAG_TIMEOUT / 2 while some are left (frag_remember() queues it
 * when there were none).
 */
static void frag_gc(struct work_struct *work)
{
	struct srext_flow_table *ft = container_of(to_delayed_work(work),
						   struct srext_flow_table,
						   frag_gc);
	struct rhashtable_iter iter;
	struct frag_entry *fe;

	rhashtable_walk_enter(&ft->frags, &iter);
	rhashtable_walk_start(&iter);
	while ((fe = rhashtable_walk_next(&iter))) {
		if (IS_ERR(fe)) {
			if (PTR_ERR(fe) == -EAGAIN)
				continue;
			break;
		}
		if (!frag_expired(fe))
			continue;
		if (!rhashtable_remove_fast(&ft->frags, &fe->node, frag_params)) {
			atomic_dec(&ft->nfrags);
			kfree_rcu(fe, rcu);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	if (atomic_read(&ft->nfrags))
		queue_delayed_work(srext_wq, &ft->frag_gc, FRAG_TIMEOUT / 2);
}

static void flow_gc(struct work_struct *work)
{
	struct srext_flow_table *ft = container_of(to_delayed_work(work),
						   struct srext_flow_table, gc);
	unsigned long idle = ft->sid->cache_timeout * HZ;
	unsigned int evicted = 0, walked = 0;
	struct rhashtable_iter iter;
	struct flow_entry *e;

	rhashtable_walk_enter(&ft->entries, &iter);
	rhashtable_walk_start(&iter);
	while ((e = rhashtable_walk_next(&iter))) {
		if (IS_ERR(e)) {
			if (PTR_ERR(e) == -EAGAIN)
				continue;
			break;
		}
		if (time_after(jiffies, READ_ONCE(e->used) + idle)) {
			spin_lock_bh(&ft->lock);
			if (!rhashtable_remove_fast(&ft->entries, &e->node,
						    flow_params)) {
				atomic_dec(&ft->count);
				atomic_dec(ft->ns_flows);
				call_rcu(&e->rcu, flow_entry_free_rcu);
				evicted++;
			}
			spin_unlock_bh(&ft->lock);
		}
		/* A million flows must not hold one RCU read section (an RCU
		 * stall on a non-preemptible kernel): yield now and then,
		 * done with @e. The walk resumes where it stopped; a resize
		 * may make it see an entry twice (removal tolerates that) or
		 * miss one until the next run.
		 */
		if (++walked % GC_BATCH == 0) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	if (evicted)
		srext_count_evictions(ft->sid, evicted);
	queue_delayed_work(srext_wq, &ft->gc, gc_interval(ft->sid));
}

static enum srext_drop_reason cache_refresh(struct srext_sid *sid,
					    const struct sk_buff *skb,
					    const struct srext_outer *outer)
{
	if (sid->flows)
		return flow_refresh(sid, skb, outer);
	return refresh(sid, &sid->cache, &sid->cache_lock, skb, outer);
}

/* DA is the SID: End step into the cache, strip, hand to the VNF. */
static unsigned int ad_input(struct srext_sid *sid, struct sk_buff *skb)
{
	return srext_decap_input(sid, skb, cache_refresh);
}

/* From IFACE-IN: the cached headers go back on. */
static unsigned int ad_reply(struct srext_sid *sid, struct sk_buff *skb)
{
	const struct srext_ad_cache *c;

	c = sid->flows ? flow_cache(sid, skb) : rcu_dereference(sid->cache);
	if (!c)
		return srext_drop(sid, SREXT_DROP_NO_CACHE);
	return srext_encap_reply(sid, skb, c->hdr, c->len);
}

static int ad_build(struct srext_sid *sid, struct netlink_ext_ack *extack)
{
	struct srext_flow_table *ft;
	int err;

	if (sid->cache_mode != SREXT_CACHE_FLOW) {
		if (sid->cache_max || sid->cache_timeout) {
			NL_SET_ERR_MSG_MOD(extack,
					   "cache max and timeout need cache flow");
			return -EINVAL;
		}
		return 0;
	}
	if (!sid->cache_max)
		sid->cache_max = CACHE_MAX_DEFAULT;
	if (!sid->cache_timeout)
		sid->cache_timeout = CACHE_TIMEOUT_DEFAULT;
	ft = kzalloc(sizeof(*ft), GFP_KERNEL_ACCOUNT);
	if (!ft)
		return -ENOMEM;
	err = rhashtable_init(&ft->entries, &flow_params);
	if (err) {
		kfree(ft);
		return err;
	}
	err = rhashtable_init(&ft->frags, &frag_params);
	if (err) {
		rhashtable_destroy(&ft->entries);
		kfree(ft);
		return err;
	}
	spin_lock_init(&ft->lock);
	ft->sid = sid;
	ft->ns_flows = &srext_net(sid->net)->flows;
	INIT_DELAYED_WORK(&ft->gc, flow_gc);
	INIT_DELAYED_WORK(&ft->frag_gc, frag_gc);
	queue_delayed_work(srext_wq, &ft->gc, gc_interval(sid));
	sid->flows = ft;
	return 0;
}

static void flow_entry_free(void *ptr, void *arg)
{
	struct flow_entry *e = ptr;

	kfree(rcu_dereference_protected(e->cache, 1));
	kfree(e);
}

static void frag_entry_free(void *ptr, void *arg)
{
	kfree(ptr);
}

static void flow_table_free(struct work_struct *work)
{
	struct srext_flow_table *ft = container_of(work, struct srext_flow_table,
						   free_work);

	rhashtable_free_and_destroy(&ft->entries, flow_entry_free, NULL);
	rhashtable_free_and_destroy(&ft->frags, frag_entry_free, NULL);
	kfree(ft);
}

/*
 * Process context, after a grace period: nobody can see the SID any more.
 * What refers to the namespace (the GC work, the count in srext_net) is
 * done with here; the entries refer to nothing but themselves and are freed
 * on srext_free_wq, which a namespace's exit does not wait for: a million
 * of them take long enough (minutes on a debug kernel) to hold every other
 * namespace's creation and exit behind pernet_ops_rwsem.
 */
static void ad_destroy(struct srext_sid *sid)
{
	struct srext_flow_table *ft = sid->flows;

	kfree(rcu_dereference_protected(sid->cache, 1));
	if (!ft)
		return;
	cancel_delayed_work_sync(&ft->gc);
	cancel_delayed_work_sync(&ft->frag_gc);
	atomic_sub(atomic_read(&ft->count), ft->ns_flows);
	ft->ns_flows = NULL;
	ft->sid = NULL;
	INIT_WORK(&ft->free_work, flow_table_free);
	queue_work(srext_free_wq, &ft->free_work);
}

#define AD_CACHE_ATTRS (BIT(SREXT_A_SID_CACHE) | BIT(SREXT_A_SID_CACHE_MAX) | \
			BIT(SREXT_A_SID_CACHE_TIMEOUT))

/* mac may stand in for nh6/nh4 (see the attribute table in sid.c). */
#define AD_OPTIONAL (AD_CACHE_ATTRS | BIT(SREXT_A_SID_MAC))

const struct srext_behavior_desc srext_end_ad6 = {
	.name		= "End.AD6",
	.id		= SREXT_BEHAVIOR_END_AD6,
	.family		= AF_INET6,
	.required	= BIT(SREXT_A_SID_NH6) | BIT(SREXT_A_SID_OIF) |
			  BIT(SREXT_A_SID_IIF),
	.optional	= AD_OPTIONAL,
	.input		= ad_input,
	.reply		= ad_reply,
	.build		= ad_build,
	.destroy	= ad_destroy,
};

const struct srext_behavior_desc srext_end_ad4 = {
	.name		= "End.AD4",
	.id		= SREXT_BEHAVIOR_END_AD4,
	.family		= AF_INET,
	.required	= BIT(SREXT_A_SID_NH4) | BIT(SREXT_A_SID_OIF) |
			  BIT(SREXT_A_SID_IIF),
	.optional	= AD_OPTIONAL,
	.input		= ad_input,
	.reply		= ad_reply,
	.build		= ad_build,
	.destroy	= ad_destroy,
};
