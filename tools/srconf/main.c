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
#include <limits.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "print.h"
#include "srconf.h"

#ifndef SRCONF_VERSION
#define SRCONF_VERSION "unknown"
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The keyword of @b that stands in for @key ("mac" for "nh6"), or -1. */
static int stand_in(const struct behavior_desc *b, enum key_id key)
{
	int j;

	for (j = 0; j < KEY_COUNT; j++)
		if ((key_table[j].excludes & KEY_BIT(key)) && behavior_accepts(b, j))
			return j;
	return -1;
}

static void usage_behaviors(FILE *out)
{
	const char *indent = "BEHAVIOR := ";
	const enum key_id *k;
	size_t i;
	int alt;

	for (i = 0; i < behavior_count; i++) {
		const struct behavior_desc *b = &behavior_table[i];

		fprintf(out, "%s%s%s", indent,
			behavior_count > 1 && !i ? "{ " : "", b->name);
		for (k = b->required; *k != KEY_END; k++) {
			alt = stand_in(b, *k);
			fprintf(out, " %s%s %s", alt >= 0 ? "{ " : "",
				key_table[*k].name, key_table[*k].metavar);
			if (alt >= 0)
				fprintf(out, " | %s %s }", key_table[alt].name,
					key_table[alt].metavar);
		}
		for (k = b->optional; *k != KEY_END; k++)
			if (!key_table[*k].parent && !key_table[*k].excludes)
				fprintf(out, " [ %s %s ]", key_table[*k].name,
					key_table[*k].metavar);
		if (behavior_count > 1)
			fputs(i + 1 < behavior_count ? " |" : " }", out);
		fputc('\n', out);
		indent = "              ";
	}
}

/* The 2017 grammar of "localsid add", from the same table. */
static void usage_localsid(FILE *out)
{
	const char *indent = "BEHAVIOUR := ";
	const enum key_id *k;
	char name[32];
	size_t i, c;

	for (i = 0; i < behavior_count; i++) {
		const struct behavior_desc *b = &behavior_table[i];

		for (c = 0; b->name[c] && c < sizeof(name) - 1; c++)
			name[c] = (char)(b->name[c] | (b->name[c] >= 'A' && b->name[c] <= 'Z' ? 0x20 : 0));
		name[c] = '\0';
		fprintf(out, "%s%s%s", indent, !i ? "{ " : "", name);
		if (behavior_accepts(b, KEY_NH6) || behavior_accepts(b, KEY_NH4))
			fputs(" NEXTHOP", out);
		if (behavior_accepts(b, KEY_OIF))
			fputs(" TARGETIF", out);
		if (behavior_accepts(b, KEY_IIF))
			fputs(" SOURCEIF", out);
		for (k = b->required; *k != KEY_END; k++)
			if (*k != KEY_NH6 && *k != KEY_NH4 && *k != KEY_OIF && *k != KEY_IIF)
				fprintf(out, " %s %s", key_table[*k].name, key_table[*k].metavar);
		if (behavior_accepts(b, KEY_SEGS))
			fputs(" [ left N ]", out);
		for (k = b->optional; *k != KEY_END; k++)
			if (!key_table[*k].parent && !key_table[*k].excludes && *k != KEY_OIF)
				fprintf(out, " [ %s %s ]", key_table[*k].name,
					key_table[*k].metavar);
		fputs(i + 1 < behavior_count ? " |\n" : " }\n", out);
		indent = "               ";
	}
	fputs("NEXTHOP := { ip ADDR | mac LLADDR }\n", out);
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
	localsid_usage(out);
	fputs("  monitor                           print SID additions and removals\n"
	      "  help                              print this help\n\n", out);
	usage_behaviors(out);
	usage_choices(out);
	fputc('\n', out);
	usage_localsid(out);
	fputs("\n"
	      "Options:\n"
	      "  -j, --json          print JSON: an array with one object per SID\n"
	      "  -p, --pretty        indent the JSON output\n"
	      "  -s, --stats         print the counters of each SID\n"
	      "  -n, --netns NAME    work in network namespace NAME (/run/netns/NAME)\n"
	      "  -b, --batch FILE    run the commands of FILE (\"-\": stdin), one per line\n"
	      "  -f, --force         go on after a failed line of a batch\n"
	      "  -V, --version       print the version and exit\n"
	      "  -h, --help          print this help and exit\n"
	      "\n"
	      "Objects and commands may be abbreviated to a unique prefix; \"list\" and \"ls\"\n"
	      "are aliases of \"show\", \"delete\" of \"del\". Keywords after the behavior may\n"
	      "come in any order, but \"max\" and \"timeout\" only after \"cache flow\";\n"
	      "behavior names are case-insensitive. \"mac\" is for the srext behaviors\n"
	      "only. End, End.X, End.DX6, End.DX4 and End.DT6 are the kernel's seg6local\n"
	      "routes in the main table; the others are SIDs of srext.ko. In the localsid\n"
	      "grammar NEXTHOP, TARGETIF (oif) and SOURCEIF (iif) come in this order, as\n"
	      "the behavior takes them, and \"left\" must be the number of segments - 1.\n", out);
}

static int help_main(int argc, char **argv, const struct options *opts)
{
	struct parse_err err;

	(void)opts;
	if (parse_no_args(argc, argv, &err)) {
		errorf("%s\n", err.msg);
		return 1;
	}
	usage(stdout);
	return 0;
}

static const struct command objects[] = {
	{ "sid",      sid_main,      "COMMAND [ARGUMENTS]", "local SIDs: srext proxies and seg6local routes" },
	{ "localsid", localsid_main, "COMMAND [ARGUMENTS]", "the same, in the grammar of srext 2017" },
	{ "monitor",  monitor_main,  NULL,                  "print SID additions and removals" },
	{ "help",     help_main,     NULL,                  "print the usage" },
};

static int finish(int ret)
{
	if (fflush(stdout) || ferror(stdout)) {
		errorf("cannot write the output: %s.\n", strerror(errno));
		return 1;
	}
	return ret;
}

/* "OBJECT COMMAND ARGUMENTS", from the command line or a batch line. */
static int run_command(int argc, char **argv, const struct options *opts)
{
	int obj = command_match(objects, ARRAY_SIZE(objects), argv[0]);

	if (obj == MATCH_AMBIGUOUS) {
		errorf("ambiguous object \"%s\".\n", argv[0]);
		return 1;
	}
	if (obj == MATCH_NONE) {
		errorf("unknown object \"%s\", try \"srconf help\".\n", argv[0]);
		return 1;
	}
	if (opts->batch && objects[obj].fn == monitor_main) {
		errorf("\"%s\" does not end, so it cannot run in a batch.\n", argv[0]);
		return 1;
	}
	return finish(objects[obj].fn(argc - 1, argv + 1, opts));
}

/*
 * -b FILE: one command per line, as on the command line after the
 * options; blank lines and comments are skipped. The first failing line
 * ends the batch unless -f; errors name the file and the line.
 */
static int run_batch(const struct options *opts)
{
	bool from_stdin = !strcmp(opts->batch, "-");
	char *argv[BATCH_ARGS_MAX], *line = NULL;
	char where[PATH_MAX + 32];
	unsigned long lineno = 0;
	struct parse_err err;
	size_t cap = 0;
	ssize_t len;
	int argc, rc, ret = 0;
	FILE *f;

	f = from_stdin ? stdin : fopen(opts->batch, "r");
	if (!f) {
		errorf("cannot open batch file \"%s\": %s.\n", opts->batch,
		       strerror(errno));
		return 1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		snprintf(where, sizeof(where), "%s:%lu", opts->batch, ++lineno);
		err_where = where;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (memchr(line, '\0', (size_t)len)) {
			errorf("a NUL byte in the line.\n");
			rc = 1;
		} else if (parse_batch_line(line, argv, &argc, &err)) {
			errorf("%s\n", err.msg);
			rc = 1;
		} else {
			rc = argc ? run_command(argc, argv, opts) : 0;
		}
		err_where = NULL;
		if (rc) {
			ret = 1;
			if (!opts->force)
				break;
		}
	}
	if (ferror(f)) {
		errorf("cannot read batch file \"%s\": %s.\n", opts->batch,
		       strerror(errno));
		ret = 1;
	}
	free(line);
	if (!from_stdin)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	struct options opts = { .json = false };
	struct parse_err err;
	int i;

	if (parse_options(argc, argv, &opts, &i, &err)) {
		errorf("%s\n", err.msg);
		return 1;
	}
	if (opts.help) {
		usage(stdout);
		return finish(0);
	}
	if (opts.version) {
		printf("srconf %s\n", SRCONF_VERSION);
		return finish(0);
	}
	if (opts.batch && i < argc) {
		errorf("unexpected argument \"%s\": with -b the commands come from \"%s\".\n",
		       argv[i], opts.batch);
		return 1;
	}
	if (!opts.batch && i >= argc) {
		usage(stderr);
		return 1;
	}

	/* Before anything resolves an interface or opens a socket, as ip -n. */
	if (opts.netns && netns_switch(opts.netns))
		return 1;

	if (opts.batch)
		return finish(run_batch(&opts));
	return run_command(argc - i, argv + i, &opts);
}
