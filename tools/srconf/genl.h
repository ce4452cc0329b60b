/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the SREXT generic netlink family with libnl: open and resolve,
 * send one request, read its replies until the ACK or NLMSG_DONE, and print
 * the kernel's error (its extack message when there is one).
 */
#ifndef SRCONF_GENL_H
#define SRCONF_GENL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>

struct genl {
	struct nl_sock *sk;
	int family;
};

/* Called for each reply message; returns 0, or -1 after printing an error. */
typedef int (*genl_reply_fn)(struct nlmsghdr *nlh, void *arg);

int genl_open(struct genl *g);
int genl_open_quiet(struct genl *g);
int route_open(struct genl *g);
void genl_close(struct genl *g);
struct nl_msg *genl_request(struct genl *g, uint8_t cmd, int flags);
int genl_talk(struct genl *g, struct nl_msg *msg, genl_reply_fn fn, void *arg);
int genl_talk_quiet(struct genl *g, struct nl_msg *msg, genl_reply_fn fn,
		    void *arg, int quiet_errno);

const char *genl_extack_msg(const struct nlmsghdr *nlh, size_t hlen);
void genl_print_error(int error, const char *extack);

/*
 * Test seam: with a transport set, genl_open() opens no socket, skips the
 * family lookup (the family id is GENL_TEST_FAMILY) and libnl sends and
 * receives through these functions. Used by tests/fake_kernel.c only.
 */
#define GENL_TEST_FAMILY 0x7e57
typedef int (*genl_send_fn)(struct nl_sock *sk, struct nl_msg *msg);
typedef int (*genl_recv_fn)(struct nl_sock *sk, struct sockaddr_nl *nla,
			    unsigned char **buf, struct ucred **creds);
void genl_set_transport(genl_send_fn send, genl_recv_fn recv);

#endif /* SRCONF_GENL_H */
