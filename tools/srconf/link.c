// SPDX-License-Identifier: GPL-2.0
/*
 * What srconf needs to know about the interfaces a SID uses: their names
 * and whether they can carry packets (the "state" of a SID).
 */
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "print.h"
#include "srconf.h"

static int link_flags(unsigned int ifindex, short *flags)
{
	struct ifreq ifr;
	int fd, ret;

	memset(&ifr, 0, sizeof(ifr));
	if (!ifindex || !if_indextoname(ifindex, ifr.ifr_name))
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	ret = ioctl(fd, SIOCGIFFLAGS, &ifr);
	close(fd);
	if (ret)
		return -1;
	*flags = ifr.ifr_flags;
	return 0;
}

/* Administratively up and with carrier (a veth whose peer is up). */
bool link_is_up(unsigned int ifindex)
{
	short flags;

	return !link_flags(ifindex, &flags) && (flags & IFF_UP) &&
	       (flags & IFF_RUNNING);
}

bool link_is_loopback(unsigned int ifindex)
{
	short flags;

	return !link_flags(ifindex, &flags) && (flags & IFF_LOOPBACK);
}

/* The interface's name, or "ifN" when it has gone. */
void print_ifindex(const char *key, unsigned int ifindex)
{
	char name[IF_NAMESIZE + 16];

	if (!if_indextoname(ifindex, name))
		snprintf(name, sizeof(name), "if%u", ifindex);
	print_string(PRINT_ANY, key, " %s", name);
}
