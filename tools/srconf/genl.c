// SPDX-License-Identifier: GPL-2.0
/*
 * libnl plumbing for the SREXT family.
 *
 * libnl 3.7 neither asks for nor decodes extended ACKs, so the socket gets
 * NETLINK_EXT_ACK and NETLINK_CAP_ACK here and the NLMSGERR_ATTR_MSG TLV is
 * read straight from the NLMSG_ERROR (or NLMSG_DONE) message: the error
 * callback is handed a pointer into the received buffer, so the netlink
 * header sits right before it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <srext.h>

#include "genl.h"
#include "print.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static genl_send_fn test_send;
static genl_recv_fn test_recv;

void genl_set_transport(genl_send_fn send, genl_recv_fn recv)
{
	test_send = send;
	test_recv = recv;
}

/* Ask for extack messages and for errors without the echoed request. */
static void enable_extack(struct nl_sock *sk)
{
	int fd = nl_socket_get_fd(sk);
	int one = 1;

	/* Kernels before 4.12 lack these; errors then print without text. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
}

/**
 * genl_open() - open a generic netlink socket and resolve "SREXT"
 * @g: filled on success
 *
 * Must run after the switch to the target network namespace.
 *
 * Return: 0, or -1 after printing the error.
 */
static int open_family(struct genl *g, bool quiet)
{
	struct nl_cb *cb;
	int err;

	g->sk = nl_socket_alloc();
	if (!g->sk) {
		errorf("%s.\n", strerror(ENOMEM));
		return -1;
	}

	if (test_send || test_recv) {
		cb = nl_socket_get_cb(g->sk);
		nl_cb_overwrite_send(cb, test_send);
		nl_cb_overwrite_recv(cb, test_recv);
		nl_cb_put(cb);
		g->family = GENL_TEST_FAMILY;
		goto connected;
	}

	err = genl_connect(g->sk);
	if (err < 0) {
		errorf("cannot open a generic netlink socket: %s.\n",
			nl_geterror(err));
		goto err_free;
	}
	enable_extack(g->sk);
	nl_socket_enable_msg_peek(g->sk);

	g->family = genl_ctrl_resolve(g->sk, SREXT_GENL_NAME);
	if (g->family == -NLE_OBJ_NOTFOUND && quiet) {
		nl_socket_free(g->sk);
		g->sk = NULL;
		return 1;
	}
	if (g->family == -NLE_OBJ_NOTFOUND) {
		errorf("generic netlink family \"%s\" not found: is srext.ko loaded?\n",
			SREXT_GENL_NAME);
		goto err_free;
	}
	if (g->family < 0) {
		errorf("cannot resolve generic netlink family \"%s\": %s.\n",
			SREXT_GENL_NAME, nl_geterror(g->family));
		goto err_free;
	}

connected:
	/* Flags are set per request: NLM_F_ACK for doit, NLM_F_DUMP for dumps. */
	nl_socket_disable_auto_ack(g->sk);
	return 0;

err_free:
	nl_socket_free(g->sk);
	g->sk = NULL;
	return -1;
}

int genl_open(struct genl *g)
{
	return open_family(g, false);
}

/*
 * The same, but a missing family (srext.ko neither loaded nor installed)
 * is not an error: return 1 without printing, for commands that also act
 * on seg6local routes.
 */
int genl_open_quiet(struct genl *g)
{
	return open_family(g, true);
}

/**
 * route_open() - open an rtnetlink socket, for seg6local routes
 * @g: filled on success (family unused)
 *
 * Return: 0, or -1 after printing the error.
 */
int route_open(struct genl *g)
{
	int err;

	g->family = 0;
	g->sk = nl_socket_alloc();
	if (!g->sk) {
		errorf("%s.\n", strerror(ENOMEM));
		return -1;
	}
	err = nl_connect(g->sk, NETLINK_ROUTE);
	if (err < 0) {
		errorf("cannot open an rtnetlink socket: %s.\n", nl_geterror(err));
		nl_socket_free(g->sk);
		g->sk = NULL;
		return -1;
	}
	enable_extack(g->sk);
	nl_socket_enable_msg_peek(g->sk);
	nl_socket_disable_auto_ack(g->sk);
	return 0;
}

void genl_close(struct genl *g)
{
	nl_socket_free(g->sk);
	g->sk = NULL;
}

/**
 * genl_request() - start a request to the SREXT family
 * @g: open family
 * @cmd: SREXT_CMD_*
 * @flags: NLM_F_ACK for a doit request, NLM_F_DUMP for a dump
 *
 * Return: the message, or NULL after printing the error.
 */
struct nl_msg *genl_request(struct genl *g, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family, 0,
			       flags | NLM_F_REQUEST, cmd, SREXT_GENL_VERSION))
		return msg;
	nlmsg_free(msg);
	errorf("%s.\n", strerror(ENOMEM));
	return NULL;
}

/**
 * genl_extack_msg() - the NLMSGERR_ATTR_MSG string of an ack or done message
 * @nlh: NLMSG_ERROR or NLMSG_DONE message as received
 * @hlen: payload bytes before the TLVs (struct nlmsgerr plus the echoed
 *        request unless NLM_F_CAPPED; an int for NLMSG_DONE)
 *
 * Return: the NUL-terminated message inside @nlh, or NULL.
 */
const char *genl_extack_msg(const struct nlmsghdr *nlh, size_t hlen)
{
	const struct nlattr *tlv;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hlen);
	int rem;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len <= off)
		return NULL;

	tlv = (const struct nlattr *)((const char *)nlh + off);
	rem = (int)(nlh->nlmsg_len - off);
	for (; nla_ok(tlv, rem); tlv = nla_next(tlv, &rem)) {
		const char *s = nla_data(tlv);
		int len = nla_len(tlv);

		if (nla_type(tlv) != NLMSGERR_ATTR_MSG)
			continue;
		if (len > 0 && memchr(s, '\0', len) && *s)
			return s;
		return NULL;
	}
	return NULL;
}

/*
 * "Error: <extack>." with the kernel's own words when it sent some, else
 * the errno text; EPERM gets a hint because every SREXT command needs
 * CAP_NET_ADMIN in the namespace.
 */
void genl_print_error(int error, const char *extack)
{
	if (extack) {
		size_t len = strlen(extack);

		errorf("%s%s\n", extack,
			extack[len - 1] == '.' ? "" : ".");
	} else if (error == EPERM) {
		errorf("%s (srconf needs CAP_NET_ADMIN).\n",
			strerror(error));
	} else {
		errorf("%s.\n", strerror(error));
	}
}

struct talk {
	uint32_t seq;
	genl_reply_fn fn;
	void *arg;
	bool done;
	bool failed;		/* fn printed an error */
	bool interrupted;	/* NLM_F_DUMP_INTR seen */
	int error;		/* positive errno from the kernel */
	char extack[256];
};

static void keep_extack(struct talk *t, const struct nlmsghdr *nlh, size_t hlen)
{
	const char *msg = genl_extack_msg(nlh, hlen);

	if (msg)
		snprintf(t->extack, sizeof(t->extack), "%s", msg);
}

/* Replies to anything but our request (a stale sequence number) are skipped. */
static int on_seq_check(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	return nlmsg_hdr(msg)->nlmsg_seq == t->seq ? NL_OK : NL_SKIP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	if (!t->fn)
		return NL_OK;
	if (t->fn(nlmsg_hdr(msg), t->arg)) {
		t->failed = true;
		t->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	struct talk *t = arg;
	size_t hlen = sizeof(*e);

	(void)nla;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= NLMSG_HDRLEN)
		hlen += e->msg.nlmsg_len - NLMSG_HDRLEN;
	t->error = e->error < 0 ? -e->error : e->error;
	keep_extack(t, nlh, hlen);
	t->done = true;
	return NL_STOP;
}

/* A zero-error ACK may still carry a warning. */
static int on_ack(struct nl_msg *msg, void *arg)
{
	const char *warning = genl_extack_msg(nlmsg_hdr(msg), sizeof(struct nlmsgerr));
	struct talk *t = arg;

	if (warning)
		warnf("%s%s\n", warning,
			warning[strlen(warning) - 1] == '.' ? "" : ".");
	t->done = true;
	return NL_STOP;
}

/* NLMSG_DONE carries an int: 0, or the error that ended the dump. */
static int on_done(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct talk *t = arg;
	int error;

	if (nlmsg_datalen(nlh) >= (int)sizeof(error)) {
		memcpy(&error, nlmsg_data(nlh), sizeof(error));
		if (error) {
			t->error = error < 0 ? -error : error;
			keep_extack(t, nlh, sizeof(error));
		}
	}
	t->done = true;
	return NL_STOP;
}

static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	(void)msg;
	t->interrupted = true;
	return NL_OK;
}

/**
 * genl_talk() - send a request and handle every reply to it
 * @g: open family
 * @msg: request from genl_request(), freed here
 * @fn: called for each data message (may be NULL)
 * @arg: passed to @fn
 *
 * Reads until the ACK of a doit request or the NLMSG_DONE of a dump, or
 * until the kernel reports an error, which is printed.
 *
 * Return: 0, or -1 after printing the error.
 */
int genl_talk(struct genl *g, struct nl_msg *msg, genl_reply_fn fn, void *arg)
{
	return genl_talk_quiet(g, msg, fn, arg, 0);
}

/*
 * genl_talk(), except that a kernel error @quiet_errno is not printed:
 * the return value is then -2.
 */
int genl_talk_quiet(struct genl *g, struct nl_msg *msg, genl_reply_fn fn,
		    void *arg, int quiet_errno)
{
	struct talk t = { .fn = fn, .arg = arg };
	struct nl_cb *sock_cb, *cb;
	int err;

	err = nl_send_auto(g->sk, msg);
	t.seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (err < 0) {
		errorf("cannot send the request: %s.\n",
			nl_geterror(err));
		return -1;
	}

	sock_cb = nl_socket_get_cb(g->sk);
	cb = nl_cb_clone(sock_cb);
	nl_cb_put(sock_cb);
	if (!cb) {
		errorf("%s.\n", strerror(ENOMEM));
		return -1;
	}
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq_check, &t);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &t);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, &t);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);

	err = 0;
	while (!t.done) {
		err = nl_recvmsgs(g->sk, cb);
		if (err < 0 && !t.done)
			break;
	}
	nl_cb_put(cb);

	if (t.error && t.error == quiet_errno)
		return -2;
	if (t.error) {
		genl_print_error(t.error, t.extack[0] ? t.extack : NULL);
		return -1;
	}
	if (t.failed)
		return -1;
	if (!t.done) {
		errorf("cannot read the reply: %s.\n",
			nl_geterror(err));
		return -1;
	}
	if (t.interrupted) {
		errorf("the SID table changed during the dump, try again.\n");
		return -1;
	}
	return 0;
}
