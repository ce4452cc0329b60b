// SPDX-License-Identifier: GPL-2.0
/*
 * srconf: configure the SRv6 proxy SIDs of srext.ko.
 *
 *   srconf [OPTIONS] OBJECT COMMAND [ARGUMENTS]
 *
 * Global options come first (as with ip(8)); then the object is looked up
 * in the dispatcher table below and the rest of the line is its business.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "srconf.h"

#ifndef SRCONF_VERSION
#define SRCONF_VERSION "unknown"
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void usage_behaviors(FILE *out)
{
	const char *indent = "BEHAVIOR := ";
	const enum key_id *k;
	size_t i;

	for (i = 0; i < behavior_count; i++) {
		const struct behavior_desc *b = &behavior_table[i];

		fprintf(out, "%s%s%s", indent,
			behavior_count > 1 && !i ? "{ " : "", b->name);
		for (k = b->required; *k != KEY_END; k++)
			fprintf(out, " %s %s", key_table[*k].name,
				key_table[*k].metavar);
		for (k = b->optional; *k != KEY_END; k++)
			if (!key_table[*k].parent)
				fprintf(out, " [ %s %s ]", key_table[*k].name,
					key_table[*k].metavar);
		if (behavior_count > 1)
			fputs(i + 1 < behavior_count ? " |" : " }", out);
		fputc('\n', out);
		indent = "              ";
	}
}

/* "CACHE := { flow [ max N ] [ timeout SECONDS ] | interface }" */
static void usage_choices(FILE *out)
{
	const struct key_desc *kd, *child;
	size_t i;
	int k, j;

	for (k = 0; k < KEY_COUNT; k++) {
		kd = &key_table[k];
		if (kd->kind != KIND_CHOICE)
			continue;
		fprintf(out, "%s := {", kd->metavar);
		for (i = 0; i < kd->nchoices; i++) {
			fprintf(out, "%s %s", i ? " |" : "", kd->choices[i].name);
			for (j = 0; j < KEY_COUNT; j++) {
				child = &key_table[j];
				if (child->parent && child->parent->key == (enum key_id)k &&
				    child->parent->value == kd->choices[i].value)
					fprintf(out, " [ %s %s ]", child->name,
						child->metavar);
			}
		}
		fputs(" }\n", out);
	}
}

/* Kept identical to the SYNOPSIS of srconf.8 (tests/cli_test.sh checks). */
void usage(FILE *out)
{
	fputs("Usage: srconf [OPTIONS] OBJECT COMMAND [ARGUMENTS]\n"
	      "       srconf -V | --version\n"
	      "       srconf -h | --help\n"
	      "\n"
	      "Commands:\n", out);
	sid_usage(out);
	fputc('\n', out);
	usage_behaviors(out);
	usage_choices(out);
	fputs("\n"
	      "Options:\n"
	      "  -j, --json          print JSON: an array with one object per SID\n"
	      "  -p, --pretty        indent the JSON output\n"
	      "  -s, --stats         print the counters of each SID\n"
	      "  -n, --netns NAME    work in network namespace NAME (/run/netns/NAME)\n"
	      "  -V, --version       print the version and exit\n"
	      "  -h, --help          print this help and exit\n"
	      "\n"
	      "Objects and commands may be abbreviated to a unique prefix; \"list\" and \"ls\"\n"
	      "are aliases of \"show\", \"delete\" of \"del\". Keywords after the behavior may\n"
	      "come in any order, but \"max\" and \"timeout\" only after \"cache flow\";\n"
	      "behavior names are case-insensitive.\n", out);
}

static int help_main(int argc, char **argv, const struct options *opts)
{
	struct parse_err err;

	(void)opts;
	if (parse_no_args(argc, argv, &err)) {
		fprintf(stderr, "Error: %s\n", err.msg);
		return 1;
	}
	usage(stdout);
	return 0;
}

static const struct command objects[] = {
	{ "sid",  sid_main,  "COMMAND [ARGUMENTS]", "SRv6 proxy SIDs" },
	{ "help", help_main, NULL,                  "print the usage" },
};

/* -j, -p and -s may be bundled: "-js". */
static bool short_flags(const char *arg, struct options *opts)
{
	const char *c;

	if (arg[0] != '-' || !arg[1] || arg[1] == '-')
		return false;
	for (c = arg + 1; *c; c++)
		if (!strchr("jps", *c))
			return false;
	for (c = arg + 1; *c; c++) {
		if (*c == 'j')
			opts->json = true;
		else if (*c == 'p')
			opts->pretty = true;
		else
			opts->stats = true;
	}
	return true;
}

static int finish(int ret)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "Error: cannot write the output: %s.\n",
			strerror(errno));
		return 1;
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct options opts = { .json = false };
	int i, obj;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (arg[0] != '-' || !arg[1])
			break;
		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (!strcmp(arg, "--json")) {
			opts.json = true;
		} else if (!strcmp(arg, "--pretty")) {
			opts.pretty = true;
		} else if (!strcmp(arg, "--stats")) {
			opts.stats = true;
		} else if (!strcmp(arg, "-n") || !strcmp(arg, "--netns")) {
			if (++i >= argc) {
				fprintf(stderr, "Error: missing value for \"%s\".\n", arg);
				return 1;
			}
			opts.netns = argv[i];
		} else if (!strncmp(arg, "--netns=", 8)) {
			opts.netns = arg + 8;
		} else if (!strcmp(arg, "-V") || !strcmp(arg, "--version")) {
			printf("srconf %s\n", SRCONF_VERSION);
			return finish(0);
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			usage(stdout);
			return finish(0);
		} else if (!short_flags(arg, &opts)) {
			fprintf(stderr, "Error: unknown option \"%s\", try \"srconf -h\".\n", arg);
			return 1;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 1;
	}

	/* Before anything resolves an interface or opens a socket, as ip -n. */
	if (opts.netns && netns_switch(opts.netns))
		return 1;

	obj = command_match(objects, ARRAY_SIZE(objects), argv[i]);
	if (obj == MATCH_AMBIGUOUS) {
		fprintf(stderr, "Error: ambiguous object \"%s\".\n", argv[i]);
		return 1;
	}
	if (obj == MATCH_NONE) {
		fprintf(stderr, "Error: unknown object \"%s\", try \"srconf help\".\n", argv[i]);
		return 1;
	}
	return finish(objects[obj].fn(argc - i - 1, argv + i + 1, &opts));
}
