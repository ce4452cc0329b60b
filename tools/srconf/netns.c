// SPDX-License-Identifier: GPL-2.0
/*
 * -n NAME: join the network namespace that "ip netns add NAME" pinned in
 * /run/netns, as ip -n does. Interface names and the netlink socket then
 * belong to that namespace. Unlike ip, no mount namespace is set up: srconf
 * reads nothing from /sys or /etc/netns.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "print.h"
#include "srconf.h"

#define NETNS_RUN_DIR "/run/netns"

/**
 * netns_switch() - move this process into network namespace @name
 * @name: a name under /run/netns (no '/', not "." or "..")
 *
 * Return: 0, or -1 after printing the error.
 */
int netns_switch(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..")) {
		errno = EINVAL;
		goto err_open;
	}
	if (snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		goto err_open;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto err_open;
	if (setns(fd, CLONE_NEWNET)) {
		errorf("cannot enter network namespace \"%s\": %s.\n",
			name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;

err_open:
	errorf("cannot open network namespace \"%s\": %s.\n",
		name, strerror(errno));
	return -1;
}
