// SPDX-License-Identifier: GPL-2.0
/*
 * bench/sl.bpf.c: a tc egress program for ier's to_nfv in the benchmark's
 * segment-list sweep (bench/lib.sh, sweep_segs). An SRv6 packet leaves with
 * Segments Left 1 and Segment List[1] as its destination, as if the
 * segments before that one had been visited already: the SID under test
 * (Segment List[1]) gets a list of any length, and the edge routers do the
 * same work whatever the length.
 *
 * Built by bench/run with clang -target bpf; no libbpf headers needed.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>

#define SEC(name) __attribute__((section(name), used))

struct srh {
	__u8 nexthdr;
	__u8 hdrlen;
	__u8 type;
	__u8 segments_left;
	__u8 first_segment;
	__u8 flags;
	__u16 tag;
	struct in6_addr segments[2];	/* the first two of first_segment + 1 */
};

SEC("tc")
int set_sl(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = (void *)(eth + 1);
	struct srh *srh = (void *)(ip6 + 1);

	if ((void *)(srh + 1) > end)
		return TC_ACT_OK;
	if (eth->h_proto != __builtin_bswap16(ETH_P_IPV6) ||
	    ip6->nexthdr != 43 /* routing */ || srh->type != 4 /* SRH */ ||
	    srh->first_segment < 1)
		return TC_ACT_OK;
	ip6->daddr = srh->segments[1];
	srh->segments_left = 1;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
