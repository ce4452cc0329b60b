/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SREXT_HOOK_H
#define _SREXT_HOOK_H

#include <linux/netfilter.h>

unsigned int srext_hook_ipv6(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state);
unsigned int srext_hook_ingress(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state);

#endif /* _SREXT_HOOK_H */
