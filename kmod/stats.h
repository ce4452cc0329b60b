/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SREXT_STATS_H
#define _SREXT_STATS_H

#include <linux/bottom_half.h>
#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

#include "srext.h"

/* Per-CPU, so the packet path never shares a cache line or takes a lock. */
struct srext_stats {
	u64_stats_t packets_to_vnf;
	u64_stats_t bytes_to_vnf;
	u64_stats_t packets_from_vnf;
	u64_stats_t bytes_from_vnf;
	u64_stats_t cache_updates;
	u64_stats_t cache_limited;
	u64_stats_t evictions;
	u64_stats_t drops[__SREXT_DROP_MAX];
	struct u64_stats_sync syncp;
};

/* The counters summed over every CPU; also what a clear leaves behind. */
struct srext_stats_sum {
	u64 packets_to_vnf;
	u64 bytes_to_vnf;
	u64 packets_from_vnf;
	u64 bytes_from_vnf;
	u64 cache_updates;
	u64 cache_limited;
	u64 evictions;
	u64 drops[__SREXT_DROP_MAX];
};

int srext_stats_init(struct srext_sid *sid);
void srext_stats_destroy(struct srext_sid *sid);
int srext_stats_fill(struct sk_buff *msg, const struct srext_sid *sid);
void srext_stats_clear(struct srext_sid *sid);

static inline void srext_count_to_vnf(struct srext_sid *sid, unsigned int len)
{
	struct srext_stats *s = this_cpu_ptr(sid->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets_to_vnf);
	u64_stats_add(&s->bytes_to_vnf, len);
	u64_stats_update_end(&s->syncp);
}

static inline void srext_count_from_vnf(struct srext_sid *sid,
					unsigned int len)
{
	struct srext_stats *s = this_cpu_ptr(sid->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets_from_vnf);
	u64_stats_add(&s->bytes_from_vnf, len);
	u64_stats_update_end(&s->syncp);
}

static inline void srext_count_drop(struct srext_sid *sid,
				    enum srext_drop_reason reason)
{
	struct srext_stats *s = this_cpu_ptr(sid->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
}

/* Counts a drop; netfilter frees the packet on the verdict returned. */
static inline unsigned int srext_drop(struct srext_sid *sid,
				      enum srext_drop_reason reason)
{
	srext_count_drop(sid, reason);
	return NF_DROP;
}

static inline void srext_count_cache_update(struct srext_sid *sid)
{
	struct srext_stats *s = this_cpu_ptr(sid->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cache_updates);
	u64_stats_update_end(&s->syncp);
}

static inline void srext_count_cache_limited(struct srext_sid *sid)
{
	struct srext_stats *s = this_cpu_ptr(sid->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cache_limited);
	u64_stats_update_end(&s->syncp);
}

/*
 * From process context (flow cache garbage collection). The other writers
 * are the packet path, in softirqs of this CPU: they are kept out, since a
 * writer nested in another breaks the seqcount of 32-bit kernels.
 */
static inline void srext_count_evictions(struct srext_sid *sid,
					 unsigned int n)
{
	struct srext_stats *s;

	local_bh_disable();
	s = this_cpu_ptr(sid->stats);
	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->evictions, n);
	u64_stats_update_end(&s->syncp);
	local_bh_enable();
}

#endif /* _SREXT_STATS_H */
