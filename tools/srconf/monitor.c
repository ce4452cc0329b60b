// SPDX-License-Identifier: GPL-2.0
/*
 * srconf monitor: one line per SID added or removed in the namespace,
 * from two sources: srext.ko's genl multicast group "events" and the
 * IPv6 route group of rtnetlink, filtered to seg6local routes of the
 * local SID table. With -j each line is one JSON object with an "event"
 * key ("add" or "del") and the keys of "sid show"; a flush of every srext
 * SID is one "flush" event.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>

#include <linux/rtnetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <srext.h>

#include "genl.h"
#include "parse.h"
#include "print.h"
#include "route.h"
#include "srconf.h"

struct monitor {
	const struct options *opts;
	int failed;
};

static int done(int ret)
{
	fflush(stdout);
	return ret;
}

static int on_genl(struct nl_msg *msg, void *arg)
{
	struct monitor *m = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;

	if (!genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	gh = nlmsg_data(nlh);
	if (gh->cmd == SREXT_CMD_SID_FLUSH) {
		/* One event for a flush, however many SIDs went. */
		print_record_begin();
		print_string(PRINT_ANY, "event", "%s", "flush");
		print_record_end();
		return done(NL_OK);
	}
	if (gh->cmd != SREXT_CMD_SID_ADD && gh->cmd != SREXT_CMD_SID_DEL)
		return NL_SKIP;
	print_set_event(gh->cmd == SREXT_CMD_SID_ADD ? "add" : "del");
	if (sid_print_reply(nlh, (void *)m->opts))
		m->failed = 1;
	print_set_event(NULL);
	done(0);
	return NL_OK;
}

static int on_route(struct nl_msg *msg, void *arg)
{
	struct monitor *m = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	print_set_event(nlh->nlmsg_type == RTM_NEWROUTE ? "add" : "del");
	route_print_event(nlh, m->opts);
	print_set_event(NULL);
	done(0);
	return NL_OK;
}

/* Subscribe @sk to the events of srext.ko; 1 if the module is not there. */
static int join_srext(struct nl_sock *sk)
{
	int grp, err = genl_connect(sk);

	if (err < 0) {
		errorf("cannot open a generic netlink socket: %s.\n", nl_geterror(err));
		return -1;
	}
	grp = genl_ctrl_resolve_grp(sk, SREXT_GENL_NAME, SREXT_GENL_MCGRP_EVENTS);
	if (grp == -NLE_OBJ_NOTFOUND)
		return 1;
	if (grp < 0) {
		errorf("cannot resolve the \"%s\" group of \"%s\": %s.\n",
		       SREXT_GENL_MCGRP_EVENTS, SREXT_GENL_NAME, nl_geterror(grp));
		return -1;
	}
	err = nl_socket_add_membership(sk, grp);
	if (err < 0) {
		errorf("cannot join the \"%s\" group: %s%s.\n", SREXT_GENL_MCGRP_EVENTS,
		       nl_geterror(err),
		       err == -NLE_PERM ? " (it needs CAP_NET_ADMIN)" : "");
		return -1;
	}
	return 0;
}

static int join_routes(struct nl_sock *sk)
{
	int err = nl_connect(sk, NETLINK_ROUTE);

	if (!err)
		err = nl_socket_add_membership(sk, RTNLGRP_IPV6_ROUTE);
	if (err < 0) {
		errorf("cannot listen to IPv6 route changes: %s.\n", nl_geterror(err));
		return -1;
	}
	return 0;
}

/*
 * Runs until killed or until a socket fails (ENOBUFS: events were lost,
 * which is reported rather than silently skipped).
 */
int monitor_main(int argc, char **argv, const struct options *opts)
{
	struct monitor m = { .opts = opts };
	struct nl_sock *sk[2] = { nl_socket_alloc(), nl_socket_alloc() };
	nl_recvmsg_msg_cb_t fn[2] = { on_genl, on_route };
	struct pollfd pfd[2];
	struct parse_err err;
	int i, n = 0, ret = 1, r;

	if (parse_no_args(argc, argv, &err)) {
		errorf("%s\n", err.msg);
		goto out;
	}
	if (!sk[0] || !sk[1]) {
		errorf("%s.\n", strerror(ENOMEM));
		goto out;
	}
	r = join_srext(sk[0]);
	if (r < 0 || join_routes(sk[1]))
		goto out;
	for (i = r ? 1 : 0; i < 2; i++) {
		nl_socket_disable_seq_check(sk[i]);
		nl_socket_modify_cb(sk[i], NL_CB_VALID, NL_CB_CUSTOM, fn[i], &m);
		pfd[n].fd = nl_socket_get_fd(sk[i]);
		pfd[n].events = POLLIN;
		n++;
	}
	print_init(stdout, opts->json, false);
	for (;;) {
		if (poll(pfd, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			errorf("poll: %s.\n", strerror(errno));
			goto out;
		}
		for (i = 0; i < n; i++) {
			if (!pfd[i].revents)
				continue;
			r = nl_recvmsgs_default(sk[pfd[i].fd == nl_socket_get_fd(sk[0]) ? 0 : 1]);
			if (r < 0) {
				errorf("cannot read events: %s.\n", nl_geterror(r));
				goto out;
			}
			if (m.failed)
				goto out;
		}
	}
out:
	nl_socket_free(sk[0]);
	nl_socket_free(sk[1]);
	return done(ret);
}
