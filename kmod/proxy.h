/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The proxy behaviours and the header work they share: validating and
 * removing the outer headers on the way to the VNF (decap.c), pushing them
 * back and forwarding on the way back (encap.c).
 */
#ifndef _SREXT_PROXY_H
#define _SREXT_PROXY_H

#include "srext.h"

extern const struct srext_behavior_desc srext_end_ad6;
extern const struct srext_behavior_desc srext_end_ad4;
extern const struct srext_behavior_desc srext_end_as6;
extern const struct srext_behavior_desc srext_end_as4;
extern const struct srext_behavior_desc srext_end_am;

/* Layout of the outer headers of a packet towards a VNF. */
struct srext_outer {
	unsigned int srh_off;	/* SRH, from the network header */
	unsigned int len;	/* up to the end of the SRH, or, after
				 * srext_outer_parse(), of every outer header
				 */
	bool frag;		/* a Fragment header follows the SRH */
};

int srext_decap_init(void);
void srext_decap_uninit(void);

typedef enum srext_drop_reason (*srext_outer_note_t)(struct srext_sid *sid,
						     const struct sk_buff *skb,
						     const struct srext_outer *outer);

enum srext_drop_reason srext_srh_parse(struct sk_buff *skb,
				       struct srext_outer *outer, bool to_sid);
enum srext_drop_reason srext_outer_parse(struct sk_buff *skb,
					 struct srext_outer *outer,
					 u8 inner_proto);
unsigned int srext_to_vnf(struct srext_sid *sid, struct sk_buff *skb);
unsigned int srext_decap_input(struct srext_sid *sid, struct sk_buff *skb,
			       srext_outer_note_t note);

unsigned int srext_encap_reply(struct srext_sid *sid, struct sk_buff *skb,
			       const u8 *hdr, unsigned int len);
unsigned int srext_return(struct srext_sid *sid, struct sk_buff *skb);

#endif /* _SREXT_PROXY_H */
