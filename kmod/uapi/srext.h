/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * srext: SRv6 proxy behaviours for SR-unaware network functions.
 *
 * This is the one header shared by the kernel module (kmod/), the operator
 * CLI (tools/srconf) and the userspace fast path.
 *
 * Generic netlink family "SREXT", version 1. Every command works in the
 * network namespace of the requesting socket and needs CAP_NET_ADMIN there.
 * All attributes of a command live directly in the SREXT_A_SID_* space;
 * addresses are 16-byte binaries in network byte order, interfaces are
 * ifindexes of the requester's namespace.
 *
 * SREXT_CMD_SID_ADD: add one SID.
 *   SREXT_A_SID_ADDR: binary[16], the SID, required
 *   SREXT_A_SID_BEHAVIOR: u32, enum srext_behavior, required
 *   and the attributes the behaviour requires:
 *     End.AD6, End.AM: SREXT_A_SID_NH6, SREXT_A_SID_OIF, SREXT_A_SID_IIF
 *     End.AD4: SREXT_A_SID_NH4, SREXT_A_SID_OIF, SREXT_A_SID_IIF
 *     End.AS6: as End.AD6, plus SREXT_A_SID_SRC and SREXT_A_SID_SEGS
 *     End.AS4: as End.AD4, plus SREXT_A_SID_SRC and SREXT_A_SID_SEGS
 *     where SREXT_A_SID_MAC may stand in for SREXT_A_SID_NH6/NH4 (never both)
 *   SREXT_A_SID_NH6: binary[16], next hop of the VNF on IFACE-OUT
 *   SREXT_A_SID_NH4: binary[4], IPv4 next hop of the VNF on IFACE-OUT
 *   SREXT_A_SID_MAC: binary[6], link-layer address of the VNF on IFACE-OUT
 *                    (an Ethernet interface): the inner packet is sent to it
 *                    directly, without a route or neighbour lookup
 *   SREXT_A_SID_SRC: binary[16], End.AS: source address pushed on return
 *   SREXT_A_SID_SEGS: nest, End.AS: the segments pushed on return, in the
 *                     order packets visit them (1 to SREXT_SEGS_MAX)
 *     SREXT_A_SEG_ADDR: binary[16], one per segment, repeated
 *   SREXT_A_SID_CACHE: u32, enum srext_cache_mode, End.AD only; default
 *                      SREXT_CACHE_IFACE
 *   SREXT_A_SID_CACHE_MAX: u32, with SREXT_CACHE_FLOW: most flows cached
 *                          (1 to 1048576, default 1024)
 *   SREXT_A_SID_CACHE_TIMEOUT: u32, with SREXT_CACHE_FLOW: seconds a flow
 *                              stays cached without packets (1 to 86400,
 *                              default 60)
 *   SREXT_A_SID_OIF: u32, IFACE-OUT (towards the VNF)
 *   SREXT_A_SID_IIF: u32, IFACE-IN (from the VNF); an interface is IFACE-IN
 *                    of at most one SID per inner address family
 *
 *   A namespace holds at most max_sids SIDs (module parameter): one more is
 *   refused with -ENOSPC.
 *
 * SREXT_CMD_SID_DEL: delete one SID.
 *   SREXT_A_SID_ADDR: binary[16], required
 *
 * SREXT_CMD_SID_GET: with SREXT_A_SID_ADDR, one SID; without it (NLM_F_DUMP)
 *   every SID of the namespace. Each reply carries:
 *   SREXT_A_SID_ADDR, SREXT_A_SID_BEHAVIOR, the behaviour's attributes, and
 *   SREXT_A_SID_STATS: nest
 *     SREXT_A_STATS_PACKETS_TO_VNF: u64, inner packets handed to the VNF
 *     SREXT_A_STATS_BYTES_TO_VNF: u64, their bytes (inner packet length)
 *     SREXT_A_STATS_PACKETS_FROM_VNF: u64, packets re-encapsulated on return
 *     SREXT_A_STATS_BYTES_FROM_VNF: u64, their bytes (inner packet length)
 *     SREXT_A_STATS_CACHE_UPDATES: u64, End.AD cache replacements
 *     SREXT_A_STATS_EVICTIONS: u64, flows removed from a flow cache as idle
 *     SREXT_A_STATS_CACHE_LIMITED: u64, End.AD cache replacements not made:
 *                                  over the module's cache_rebuilds rate
 *     SREXT_A_STATS_DROPS: nest
 *       one u64 attribute per enum srext_drop_reason, the type being the
 *       reason; every reason the kernel knows is present, zero or not;
 *       attributes of type 0 are padding
 *
 * SREXT_CMD_SID_FLUSH: delete every SID of the namespace. No attribute.
 *   Announced by one SREXT_CMD_SID_FLUSH event without attribute.
 *
 * SREXT_CMD_SID_CLEAR_STATS: zero the counters (SREXT_A_SID_STATS) of one
 *   SID, or of every SID of the namespace without attribute.
 *   SREXT_A_SID_ADDR: binary[16], optional
 *
 * Multicast group "events": SREXT_CMD_SID_ADD and SREXT_CMD_SID_DEL messages
 * with the same attributes as a SREXT_CMD_SID_GET reply (without stats) are
 * sent when a SID is added or removed, including removals caused by an
 * interface going away; a SREXT_CMD_SID_FLUSH message without attribute when
 * a flush removed every SID.
 */
#ifndef _UAPI_LINUX_SREXT_H
#define _UAPI_LINUX_SREXT_H

#define SREXT_GENL_NAME		"SREXT"
#define SREXT_GENL_VERSION	1
#define SREXT_GENL_MCGRP_EVENTS	"events"

enum srext_cmd {
	SREXT_CMD_UNSPEC,
	SREXT_CMD_SID_ADD,
	SREXT_CMD_SID_DEL,
	SREXT_CMD_SID_GET,
	SREXT_CMD_SID_FLUSH,
	SREXT_CMD_SID_CLEAR_STATS,
	__SREXT_CMD_MAX
};
#define SREXT_CMD_MAX (__SREXT_CMD_MAX - 1)

/* Spelled End.AD6 etc. by the tools, as in draft-ietf-spring-sr-service-programming. */
enum srext_behavior {
	SREXT_BEHAVIOR_UNSPEC,
	SREXT_BEHAVIOR_END_AD6,		/* dynamic proxy, inner IPv6 */
	SREXT_BEHAVIOR_END_AD4,		/* dynamic proxy, inner IPv4 */
	SREXT_BEHAVIOR_END_AS6,		/* static proxy, inner IPv6 */
	SREXT_BEHAVIOR_END_AS4,		/* static proxy, inner IPv4 */
	SREXT_BEHAVIOR_END_AM,		/* masquerading proxy (SRH inserted) */
	__SREXT_BEHAVIOR_MAX
};
#define SREXT_BEHAVIOR_MAX (__SREXT_BEHAVIOR_MAX - 1)

/*
 * What End.AD's cache is keyed by. IFACE: one entry, the latest chain seen
 * (the draft's dynamic proxy). FLOW: one entry per inner flow (addresses,
 * protocol, ports), so one VNF can serve several chains at once; a VNF that
 * rewrites the 5-tuple (a NAT) cannot be served this way.
 */
enum srext_cache_mode {
	SREXT_CACHE_IFACE,
	SREXT_CACHE_FLOW,
	__SREXT_CACHE_MAX
};

/* Why a packet was dropped; the tools print the names in the comments. */
enum srext_drop_reason {
	SREXT_DROP_UNSPEC,
	SREXT_DROP_BAD_SRH,	/* "bad_srh": SRH fails RFC 8754 4.3.1.1 */
	SREXT_DROP_NO_SRH,	/* "no_srh": packet to a proxy SID without SRH */
	SREXT_DROP_SL_ZERO,	/* "sl_zero": Segments Left 0 at a proxy SID */
	SREXT_DROP_HOP_LIMIT,	/* "hop_limit": hop limit <= 1 on arrival */
	SREXT_DROP_BAD_INNER,	/* "bad_inner": inner packet not of the SID's family */
	SREXT_DROP_NO_CACHE,	/* "no_cache": return packet before any cache */
	SREXT_DROP_NO_ROUTE,	/* "no_route": no route to the next hop or new DA */
	SREXT_DROP_NO_MEM,	/* "no_mem": allocation or header room failed */
	SREXT_DROP_TOO_BIG,	/* "too_big": re-encapsulated packet over 64 KiB
				 * (GSO ones too),
				 * or, for a SID with a mac, inner packet over
				 * IFACE-OUT's MTU, or outer headers over
				 * 2048 bytes (not cached)
				 */
	SREXT_DROP_BAD_EXT,	/* "bad_ext": Hop-by-Hop Options header not
				 * right after the IPv6 header
				 */
	SREXT_DROP_BAD_HMAC,	/* "bad_hmac": HMAC TLV missing where
				 * seg6_require_hmac wants one, or wrong
				 */
	__SREXT_DROP_MAX
};
#define SREXT_DROP_MAX (__SREXT_DROP_MAX - 1)

enum srext_attr_sid {
	SREXT_A_SID_UNSPEC,
	SREXT_A_SID_ADDR,
	SREXT_A_SID_BEHAVIOR,
	SREXT_A_SID_NH6,
	SREXT_A_SID_OIF,
	SREXT_A_SID_IIF,
	SREXT_A_SID_STATS,
	SREXT_A_SID_PAD,
	SREXT_A_SID_NH4,
	SREXT_A_SID_SRC,
	SREXT_A_SID_SEGS,
	SREXT_A_SID_CACHE,
	SREXT_A_SID_CACHE_MAX,
	SREXT_A_SID_CACHE_TIMEOUT,
	SREXT_A_SID_MAC,
	__SREXT_A_SID_MAX
};
#define SREXT_A_SID_MAX (__SREXT_A_SID_MAX - 1)

enum srext_attr_seg {
	SREXT_A_SEG_UNSPEC,
	SREXT_A_SEG_ADDR,
	__SREXT_A_SEG_MAX
};
#define SREXT_A_SEG_MAX (__SREXT_A_SEG_MAX - 1)

/* An SRH of at most 255 8-octet units holds 127 segments; keep it sane. */
#define SREXT_SEGS_MAX 64

enum srext_attr_stats {
	SREXT_A_STATS_UNSPEC,
	SREXT_A_STATS_PACKETS_TO_VNF,
	SREXT_A_STATS_BYTES_TO_VNF,
	SREXT_A_STATS_PACKETS_FROM_VNF,
	SREXT_A_STATS_BYTES_FROM_VNF,
	SREXT_A_STATS_CACHE_UPDATES,
	SREXT_A_STATS_DROPS,
	SREXT_A_STATS_PAD,
	SREXT_A_STATS_EVICTIONS,
	SREXT_A_STATS_CACHE_LIMITED,
	__SREXT_A_STATS_MAX
};
#define SREXT_A_STATS_MAX (__SREXT_A_STATS_MAX - 1)

#endif /* _UAPI_LINUX_SREXT_H */
