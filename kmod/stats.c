// SPDX-License-Identifier: GPL-2.0
/*
 * Per-SID counters: allocation, the netlink view of their sums, and clearing.
 *
 * Clearing never writes the live counters. Each CPU updates its own copy
 * without a lock (a read-modify-write, with a u64_stats_sync that only lets
 * readers on 32-bit retry a torn read); a clearing thread on another CPU
 * storing zeroes there would race with those updates (an increment in
 * flight is written back over the zero) and, on 32-bit, with the seqcount
 * itself. So a clear records the current sums as the SID's baseline and
 * every report is the sums minus the baseline. Each per-CPU counter only
 * grows, so a later sum is never below the baseline: a report right after a
 * clear is zero, and the counters go on from there. The packet path is
 * untouched. The baseline is written (clear) and read (fill) only by the
 * netlink handlers, under the namespace's mutex, which is all it needs.
 */
#include <linux/slab.h>
#include <net/netlink.h>

#include "stats.h"

/**
 * srext_stats_init() - allocate a new SID's counters, all zero
 * @sid: the SID
 *
 * Return: 0 or -ENOMEM.
 */
int srext_stats_init(struct srext_sid *sid)
{
	int cpu;

	sid->stats = alloc_percpu_gfp(struct srext_stats, GFP_KERNEL_ACCOUNT);
	if (!sid->stats)
		return -ENOMEM;
	sid->stats_base = kzalloc(sizeof(*sid->stats_base), GFP_KERNEL_ACCOUNT);
	if (!sid->stats_base)
		goto err_free_percpu;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(sid->stats, cpu)->syncp);
	return 0;

err_free_percpu:
	free_percpu(sid->stats);
	sid->stats = NULL;
	return -ENOMEM;
}

/**
 * srext_stats_destroy() - free what srext_stats_init() allocated
 * @sid: the SID, which no packet path can see any more
 */
void srext_stats_destroy(struct srext_sid *sid)
{
	kfree(sid->stats_base);
	free_percpu(sid->stats);
}

static void stats_sum(struct srext_stats __percpu *stats,
		      struct srext_stats_sum *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct srext_stats *s = per_cpu_ptr(stats, cpu);
		struct srext_stats_sum one;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			one.packets_to_vnf = u64_stats_read(&s->packets_to_vnf);
			one.bytes_to_vnf = u64_stats_read(&s->bytes_to_vnf);
			one.packets_from_vnf = u64_stats_read(&s->packets_from_vnf);
			one.bytes_from_vnf = u64_stats_read(&s->bytes_from_vnf);
			one.cache_updates = u64_stats_read(&s->cache_updates);
			one.cache_limited = u64_stats_read(&s->cache_limited);
			one.evictions = u64_stats_read(&s->evictions);
			for (i = 0; i < __SREXT_DROP_MAX; i++)
				one.drops[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		sum->packets_to_vnf += one.packets_to_vnf;
		sum->bytes_to_vnf += one.bytes_to_vnf;
		sum->packets_from_vnf += one.packets_from_vnf;
		sum->bytes_from_vnf += one.bytes_from_vnf;
		sum->cache_updates += one.cache_updates;
		sum->cache_limited += one.cache_limited;
		sum->evictions += one.evictions;
		for (i = 0; i < __SREXT_DROP_MAX; i++)
			sum->drops[i] += one.drops[i];
	}
}

/* The sums since the latest clear: @sum minus @base, field by field. */
static void stats_since(struct srext_stats_sum *sum,
			const struct srext_stats_sum *base)
{
	int i;

	sum->packets_to_vnf -= base->packets_to_vnf;
	sum->bytes_to_vnf -= base->bytes_to_vnf;
	sum->packets_from_vnf -= base->packets_from_vnf;
	sum->bytes_from_vnf -= base->bytes_from_vnf;
	sum->cache_updates -= base->cache_updates;
	sum->cache_limited -= base->cache_limited;
	sum->evictions -= base->evictions;
	for (i = 0; i < __SREXT_DROP_MAX; i++)
		sum->drops[i] -= base->drops[i];
}

/**
 * srext_stats_clear() - zero a SID's counters as netlink reports them
 * @sid: the SID
 *
 * Context: process context, the SID's namespace mutex held (the baseline's
 * lock; see the top of this file).
 */
void srext_stats_clear(struct srext_sid *sid)
{
	stats_sum(sid->stats, sid->stats_base);
}

/**
 * srext_stats_fill() - put the SREXT_A_SID_STATS nest of a SID in a message
 * @msg: the message
 * @sid: the SID, its namespace mutex held
 *
 * Return: 0 or -EMSGSIZE.
 */
int srext_stats_fill(struct sk_buff *msg, const struct srext_sid *sid)
{
	struct nlattr *nest, *drops;
	struct srext_stats_sum sum;
	int i;

	stats_sum(sid->stats, &sum);
	stats_since(&sum, sid->stats_base);
	nest = nla_nest_start(msg, SREXT_A_SID_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, SREXT_A_STATS_PACKETS_TO_VNF,
			      sum.packets_to_vnf, SREXT_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SREXT_A_STATS_BYTES_TO_VNF,
			      sum.bytes_to_vnf, SREXT_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SREXT_A_STATS_PACKETS_FROM_VNF,
			      sum.packets_from_vnf, SREXT_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SREXT_A_STATS_BYTES_FROM_VNF,
			      sum.bytes_from_vnf, SREXT_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SREXT_A_STATS_CACHE_UPDATES,
			      sum.cache_updates, SREXT_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SREXT_A_STATS_EVICTIONS,
			      sum.evictions, SREXT_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SREXT_A_STATS_CACHE_LIMITED,
			      sum.cache_limited, SREXT_A_STATS_PAD))
		goto err_cancel;
	drops = nla_nest_start(msg, SREXT_A_STATS_DROPS);
	if (!drops)
		goto err_cancel;
	/* Pad type 0 (SREXT_DROP_UNSPEC) is never a reason. */
	for (i = SREXT_DROP_UNSPEC + 1; i < __SREXT_DROP_MAX; i++)
		if (nla_put_u64_64bit(msg, i, sum.drops[i], SREXT_DROP_UNSPEC))
			goto err_cancel;
	nla_nest_end(msg, drops);
	nla_nest_end(msg, nest);
	return 0;

err_cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}
