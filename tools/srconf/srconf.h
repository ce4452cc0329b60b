/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pieces shared by the files of srconf: the global options, the
 * {name, function, description} dispatcher entry and the entry points.
 */
#ifndef SRCONF_SRCONF_H
#define SRCONF_SRCONF_H

#include <stdbool.h>
#include <stdio.h>

struct options {
	bool json;
	bool pretty;
	bool stats;
	bool force;		/* -f: a batch goes on after a failed line */
	bool help;		/* -h: print the usage and exit */
	bool version;		/* -V: print the version and exit */
	const char *netns;
	const char *batch;	/* -b FILE, "-" for stdin */
};

/*
 * One row of a dispatcher table. Rows sharing a function are aliases of
 * one another ("list", "ls" and "show"), so a prefix matching only aliases
 * is not ambiguous. Aliases carry a NULL description and are not listed
 * in the usage text.
 */
struct command {
	const char *name;
	int (*fn)(int argc, char **argv, const struct options *opts);
	const char *args;		/* synopsis of the arguments, for usage */
	const char *description;
};

struct nlmsghdr;

/* main.c */
void usage(FILE *out);

/* link.c */
bool link_is_up(unsigned int ifindex);
bool link_is_loopback(unsigned int ifindex);
void print_ifindex(const char *key, unsigned int ifindex);

/* netns.c */
int netns_switch(const char *name);

/* sid.c */
int sid_main(int argc, char **argv, const struct options *opts);
int localsid_main(int argc, char **argv, const struct options *opts);
void localsid_usage(FILE *out);
void sid_usage(FILE *out);
int sid_print_reply(struct nlmsghdr *nlh, void *arg);

/* monitor.c */
int monitor_main(int argc, char **argv, const struct options *opts);

#endif /* SRCONF_SRCONF_H */
