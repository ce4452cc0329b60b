// SPDX-License-Identifier: GPL-2.0
/* Per-SID counters: allocation and the netlink view of their sums. */
#include <net/netlink.h>

#include "stats.h"

struct srext_stats __percpu *srext_stats_alloc(void)
{
	struct srext_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu(struct srext_stats);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

void srext_stats_free(struct srext_stats __percpu *stats)
{
	free_percpu(stats);
}

struct stats_sum {
	u64 packets_to_vnf;
	u64 bytes_to_vnf;
	u64 packets_from_vnf;
	u64 bytes_from_vnf;
	u64 cache_updates;
	u64 evictions;
	u64 drops[__SREXT_DROP_MAX];
};

static void stats_sum(struct srext_stats __percpu *stats, struct stats_sum *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct srext_stats *s = per_cpu_ptr(stats, cpu);
		struct stats_sum one;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			one.packets_to_vnf = u64_stats_read(&s->packets_to_vnf);
			one.bytes_to_vnf = u64_stats_read(&s->bytes_to_vnf);
			one.packets_from_vnf = u64_stats_read(&s->packets_from_vnf);
			one.bytes_from_vnf = u64_stats_read(&s->bytes_from_vnf);
			one.cache_updates = u64_stats_read(&s->cache_updates);
			one.evictions = u64_stats_read(&s->evictions);
			for (i = 0; i < __SREXT_DROP_MAX; i++)
				one.drops[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		sum->packets_to_vnf += one.packets_to_vnf;
		sum->bytes_to_vnf += one.bytes_to_vnf;
		sum->packets_from_vnf += one.packets_from_vnf;
		sum->bytes_from_vnf += one.bytes_from_vnf;
		sum->cache_updates += one.cache_updates;
		sum->evictions += one.evictions;
		for (i = 0; i < __SREXT_DROP_MAX; i++)
			sum->drops[i] += one.drops[i];
	}
}

/**
 * srext_stats_fill() - put the SREXT_A_SID_STATS nest of a SID in a message
 * @msg: the message
 * @stats: the SID's counters
 *
 * Return: 0 or -EMSGSIZE.
 */
int srext_stats_fill(struct sk_buff *msg, struct srext_stats __percpu *stats)
{
	struct nlattr *nest, *drops;
	struct stats_sum sum;
	int i;

	stats_sum(stats, &sum);
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
			      sum.evictions, SREXT_A_STATS_PAD))
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
