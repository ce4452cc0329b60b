// SPDX-License-Identifier: GPL-2.0
/*
 * What the fuzz harnesses share: the command dispatch of main.c and sid.c
 * with every command replaced by its parser (no netlink, no output), and
 * the invariants checked after each parser call:
 *
 *   - a parser returns 0 or -1; after -1 the message is NUL-terminated,
 *     non-empty and ends with a period (parse.h);
 *   - a parser changes neither the argv array nor the words;
 *   - command_match() returns the exact row, else the one command the word
 *     is a prefix of (aliases counting once), else MATCH_AMBIGUOUS or
 *     MATCH_NONE, as documented;
 *   - a parsed "sid add" / "localsid add" request names a behaviour of
 *     behavior_table, carries only keywords it accepts, every keyword it
 *     requires (or one standing in for it), no two keywords excluding each
 *     other, "max"/"timeout" only under "cache flow", values in range;
 *   - a "localsid add" request is the one "sid add" parses from the same
 *     values spelled in the keyword grammar;
 *   - parse_options() stops at a word that is not an option and points
 *     -n/-b values into the command line.
 *
 * The command tables mirror those of main.c and sid.c (names and which
 * rows are aliases, i.e. share a function): keep them in step.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	abort();
}

/* ---- interfaces ---- */

static const struct {
	const char *name;
	unsigned int ifindex;
} fake_links[] = {
	{ "lo", 1 }, { "eth0", 2 }, { "veth0", 3 }, { "veth1", 4 },
};

unsigned int fuzz_resolve(const char *name)
{
	size_t i;

	FUZZ_CHECK(name && *name);	/* parse.c never asks for "" */
	for (i = 0; i < ARRAY_SIZE(fake_links); i++)
		if (!strcmp(fake_links[i].name, name))
			return fake_links[i].ifindex;
	return 0;
}

static const char *fake_link_name(unsigned int ifindex)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fake_links); i++)
		if (fake_links[i].ifindex == ifindex)
			return fake_links[i].name;
	return NULL;
}

/* ---- results ---- */

void fuzz_err_init(struct parse_err *err)
{
	memset(err->msg, 0xa5, sizeof(err->msg));
}

void fuzz_check_result(int ret, const struct parse_err *err)
{
	size_t len;

	FUZZ_CHECK(ret == 0 || ret == -1);
	if (!ret)
		return;
	len = strnlen(err->msg, sizeof(err->msg));
	FUZZ_CHECK(len < sizeof(err->msg));		/* NUL-terminated */
	FUZZ_CHECK(len > 0);
	FUZZ_CHECK(!isspace((unsigned char)err->msg[0]));
	/* also when fail() cut a message quoting a long word */
	FUZZ_CHECK(err->msg[len - 1] == '.');
}

/* ---- the argv a parser gets must come back unchanged ---- */

struct argv_snap {
	int argc;
	char **ptr;
	char **copy;
};

static void snap_take(struct argv_snap *s, int argc, char **argv)
{
	int i;

	FUZZ_CHECK(argc >= 0);
	s->argc = argc;
	s->ptr = malloc(sizeof(*s->ptr) * ((size_t)argc + 1));
	s->copy = malloc(sizeof(*s->copy) * ((size_t)argc + 1));
	if (!s->ptr || !s->copy)
		abort();
	for (i = 0; i < argc; i++) {
		s->ptr[i] = argv[i];
		s->copy[i] = strdup(argv[i]);
		if (!s->copy[i])
			abort();
	}
}

static void snap_check(struct argv_snap *s, char **argv)
{
	int i;

	for (i = 0; i < s->argc; i++) {
		FUZZ_CHECK(argv[i] == s->ptr[i]);
		FUZZ_CHECK(!strcmp(argv[i], s->copy[i]));
		free(s->copy[i]);
	}
	free(s->ptr);
	free(s->copy);
}

/* ---- sid requests ---- */

static bool is_behavior(const struct behavior_desc *b)
{
	size_t i;

	for (i = 0; i < behavior_count; i++)
		if (b == &behavior_table[i])
			return true;
	return false;
}

/* What every successfully parsed "add" request satisfies. */
static void check_add_req(const struct sid_req *req)
{
	const struct behavior_desc *b = req->behavior;
	const enum key_id *r;
	int k, j;

	FUZZ_CHECK(req->has_sid);
	FUZZ_CHECK(b != NULL);
	FUZZ_CHECK(is_behavior(b));
	FUZZ_CHECK(req->present & KEY_BIT(KEY_BEHAVIOR));
	FUZZ_CHECK(req->val[KEY_BEHAVIOR].u32 == b->type);
	FUZZ_CHECK(!(req->present & ~(KEY_BIT(KEY_COUNT) - 1)));

	for (k = 0; k < KEY_COUNT; k++) {
		const struct key_desc *kd = &key_table[k];
		const union key_value *v = &req->val[k];

		if (!(req->present & KEY_BIT(k)))
			continue;
		FUZZ_CHECK(behavior_accepts(b, k));
		for (j = 0; j < KEY_COUNT; j++)
			FUZZ_CHECK(!((req->present & KEY_BIT(j)) &&
				     (kd->excludes & KEY_BIT(j))));
		if (kd->parent) {
			FUZZ_CHECK(req->present & KEY_BIT(kd->parent->key));
			FUZZ_CHECK(req->val[kd->parent->key].u32 == kd->parent->value);
		}
		switch (kd->kind) {
		case KIND_IFINDEX:
			FUZZ_CHECK(fake_link_name(v->u32) != NULL);
			break;
		case KIND_SEGS:
			FUZZ_CHECK(v->segs.count >= 1 &&
				   v->segs.count <= SREXT_SEGS_MAX);
			break;
		case KIND_CHOICE:
			FUZZ_CHECK(key_choice_find(k, v->u32) != NULL);
			break;
		case KIND_U32:
			FUZZ_CHECK(v->u32 >= kd->min && v->u32 <= kd->max);
			break;
		default:
			break;
		}
	}

	/* every required keyword, or an accepted one standing in for it */
	for (r = b->required; *r != KEY_END; r++) {
		FUZZ_CHECK(*r > KEY_BEHAVIOR && *r < KEY_COUNT);
		if (req->present & KEY_BIT(*r))
			continue;
		for (j = 0; j < KEY_COUNT; j++)
			if ((req->present & KEY_BIT(j)) &&
			    (key_table[j].excludes & KEY_BIT(*r)) &&
			    behavior_accepts(b, j))
				break;
		FUZZ_CHECK(j < KEY_COUNT);
	}
}

static bool same_value(enum key_id k, const union key_value *a,
		       const union key_value *b)
{
	switch (key_table[k].kind) {
	case KIND_ADDR6:
		return !memcmp(&a->in6, &b->in6, sizeof(a->in6));
	case KIND_ADDR4:
		return !memcmp(&a->in4, &b->in4, sizeof(a->in4));
	case KIND_LLADDR:
		return !memcmp(a->lladdr, b->lladdr, sizeof(a->lladdr));
	case KIND_SEGS:
		return a->segs.count == b->segs.count &&
		       a->segs.count <= SREXT_SEGS_MAX &&
		       !memcmp(a->segs.addr, b->segs.addr,
			       a->segs.count * sizeof(a->segs.addr[0]));
	default:
		return a->u32 == b->u32;
	}
}

static bool same_req(const struct sid_req *a, const struct sid_req *b)
{
	int k;

	if (memcmp(&a->sid, &b->sid, sizeof(a->sid)) ||
	    a->has_sid != b->has_sid || a->behavior != b->behavior ||
	    a->present != b->present)
		return false;
	for (k = 0; k < KEY_COUNT; k++)
		if ((a->present & KEY_BIT(k)) &&
		    !same_value(k, &a->val[k], &b->val[k]))
			return false;
	return true;
}

/* Value @k of @req as "sid add" takes it. */
static void value_text(const struct sid_req *req, enum key_id k, char *buf,
		       size_t len)
{
	const union key_value *v = &req->val[k];
	const struct key_choice *c;
	const char *name;
	size_t off = 0;
	unsigned int i;

	switch (key_table[k].kind) {
	case KIND_BEHAVIOR:
		snprintf(buf, len, "%s", req->behavior->name);
		break;
	case KIND_ADDR6:
		FUZZ_CHECK(inet_ntop(AF_INET6, &v->in6, buf, (socklen_t)len));
		break;
	case KIND_ADDR4:
		FUZZ_CHECK(inet_ntop(AF_INET, &v->in4, buf, (socklen_t)len));
		break;
	case KIND_LLADDR:
		snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
			 v->lladdr[0], v->lladdr[1], v->lladdr[2],
			 v->lladdr[3], v->lladdr[4], v->lladdr[5]);
		break;
	case KIND_IFINDEX:
		name = fake_link_name(v->u32);
		FUZZ_CHECK(name != NULL);
		snprintf(buf, len, "%s", name);
		break;
	case KIND_SEGS:
		for (i = 0; i < v->segs.count; i++) {
			if (i)
				buf[off++] = ',';
			FUZZ_CHECK(inet_ntop(AF_INET6, &v->segs.addr[i],
					     buf + off, (socklen_t)(len - off)));
			off += strlen(buf + off);
		}
		break;
	case KIND_CHOICE:
		c = key_choice_find(k, v->u32);
		FUZZ_CHECK(c != NULL);
		snprintf(buf, len, "%s", c->name);
		break;
	case KIND_U32:
		snprintf(buf, len, "%u", v->u32);
		break;
	}
}

/*
 * The 2017 grammar is another spelling of "sid add": the keywords of a
 * parsed "localsid add", in key_table order (so "cache" precedes "max"),
 * must parse to the same request.
 */
static void check_as_sid_add(const struct sid_req *req)
{
	static char text[KEY_COUNT + 1][SREXT_SEGS_MAX * INET6_ADDRSTRLEN];
	char *argv[2 * KEY_COUNT + 2];
	struct parse_err err;
	struct sid_req again;
	int argc = 0, k, ret;

	FUZZ_CHECK(inet_ntop(AF_INET6, &req->sid, text[KEY_COUNT],
			     sizeof(text[KEY_COUNT])));
	argv[argc++] = text[KEY_COUNT];
	for (k = 0; k < KEY_COUNT; k++) {
		if (!(req->present & KEY_BIT(k)))
			continue;
		value_text(req, k, text[k], sizeof(text[k]));
		argv[argc++] = (char *)key_table[k].name;
		argv[argc++] = text[k];
	}
	argv[argc] = NULL;

	fuzz_err_init(&err);
	ret = parse_sid_add(argc, argv, &again, fuzz_resolve, &err);
	if (ret)
		fprintf(stderr, "sid add refuses a localsid request: %s\n",
			strnlen(err.msg, sizeof(err.msg)) < sizeof(err.msg) ?
			err.msg : "(no message)");
	FUZZ_CHECK(ret == 0);
	FUZZ_CHECK(same_req(req, &again));
}

/* ---- the commands, with their parsers instead of netlink ---- */

typedef int (*add_parser)(int argc, char **argv, struct sid_req *req,
			  ifindex_resolver resolve, struct parse_err *err);

/*
 * Run one of the "add" parsers: argv unchanged, a well-formed result, and
 * a parsed request that keeps every rule; a localsid request must also
 * read the same written as "sid add".
 */
static int fz_add(add_parser parse, bool localsid, int argc, char **argv)
{
	struct argv_snap snap;
	struct parse_err err;
	struct sid_req req;
	int ret;

	fuzz_err_init(&err);
	snap_take(&snap, argc, argv);
	ret = parse(argc, argv, &req, fuzz_resolve, &err);
	snap_check(&snap, argv);
	fuzz_check_result(ret, &err);
	if (!ret)
		check_add_req(&req);
	if (!ret && localsid)
		check_as_sid_add(&req);
	return -ret;
}

static int fz_sid_add(int argc, char **argv, const struct options *opts)
{
	(void)opts;
	return fz_add(parse_sid_add, false, argc, argv);
}

static int fz_localsid_add(int argc, char **argv, const struct options *opts)
{
	(void)opts;
	return fz_add(parse_localsid_add, true, argc, argv);
}

/* "[SID]": at most one word, an IPv6 address. */
static int sid_ref(int argc, char **argv, bool optional)
{
	struct argv_snap snap;
	struct parse_err err;
	struct sid_req req;
	struct in6_addr a;
	int ret;

	fuzz_err_init(&err);
	snap_take(&snap, argc, argv);
	ret = parse_sid_ref(argc, argv, &req, optional, &err);
	snap_check(&snap, argv);
	fuzz_check_result(ret, &err);
	if (ret)
		return 1;
	FUZZ_CHECK(argc <= 1);
	FUZZ_CHECK(req.has_sid == (argc == 1));
	FUZZ_CHECK(argc == 1 || optional);
	FUZZ_CHECK(req.behavior == NULL && req.present == 0);
	if (argc == 1) {
		FUZZ_CHECK(inet_pton(AF_INET6, argv[0], &a) == 1);
		FUZZ_CHECK(!memcmp(&a, &req.sid, sizeof(a)));
	}
	return 0;
}

static int no_args(int argc, char **argv)
{
	struct argv_snap snap;
	struct parse_err err;
	int ret;

	fuzz_err_init(&err);
	snap_take(&snap, argc, argv);
	ret = parse_no_args(argc, argv, &err);
	snap_check(&snap, argv);
	fuzz_check_result(ret, &err);
	FUZZ_CHECK((ret == 0) == (argc == 0));
	return -ret;
}

static int fz_sid_del(int argc, char **argv, const struct options *opts)
{
	(void)opts;
	return sid_ref(argc, argv, false);
}

static int fz_sid_show(int argc, char **argv, const struct options *opts)
{
	(void)opts;
	return sid_ref(argc, argv, true);
}

static int fz_sid_flush(int argc, char **argv, const struct options *opts)
{
	(void)opts;
	return no_args(argc, argv);
}

static int fz_sid_clear_stats(int argc, char **argv, const struct options *opts)
{
	(void)opts;
	return sid_ref(argc, argv, true);
}

static int fz_sid_help(int argc, char **argv, const struct options *opts)
{
	(void)argc;
	(void)argv;
	(void)opts;
	return 0;
}

/* sid.c's tables: rows sharing a function are aliases. */
static const struct command sid_commands[] = {
	{ "add",         fz_sid_add,         NULL, NULL },
	{ "del",         fz_sid_del,         NULL, NULL },
	{ "delete",      fz_sid_del,         NULL, NULL },
	{ "show",        fz_sid_show,        NULL, NULL },
	{ "list",        fz_sid_show,        NULL, NULL },
	{ "ls",          fz_sid_show,        NULL, NULL },
	{ "flush",       fz_sid_flush,       NULL, NULL },
	{ "clear-stats", fz_sid_clear_stats, NULL, NULL },
	{ "help",        fz_sid_help,        NULL, NULL },
};

static const struct command localsid_commands[] = {
	{ "add",            fz_localsid_add,    NULL, NULL },
	{ "del",            fz_sid_del,         NULL, NULL },
	{ "show",           fz_sid_show,        NULL, NULL },
	{ "flush",          fz_sid_flush,       NULL, NULL },
	{ "clear-counters", fz_sid_clear_stats, NULL, NULL },
	{ "help",           fz_sid_help,        NULL, NULL },
};

/* command_match() against its documentation, by brute force. */
static int match(const struct command *table, size_t n, const char *word)
{
	size_t len = strlen(word), i, j;
	int m = command_match(table, n, word);
	bool exact = false;

	for (i = 0; i < n; i++)
		exact |= !strcmp(table[i].name, word);
	if (m == MATCH_NONE) {
		for (i = 0; len && i < n; i++)
			FUZZ_CHECK(strncmp(table[i].name, word, len));
		return m;
	}
	FUZZ_CHECK(len > 0);
	if (m == MATCH_AMBIGUOUS) {
		FUZZ_CHECK(!exact);
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				if (!strncmp(table[i].name, word, len) &&
				    !strncmp(table[j].name, word, len) &&
				    table[i].fn != table[j].fn)
					return m;
		FUZZ_CHECK(!"ambiguous without two commands");
	}
	FUZZ_CHECK(m >= 0 && (size_t)m < n);
	FUZZ_CHECK(!strncmp(table[m].name, word, len));
	if (exact) {
		FUZZ_CHECK(!strcmp(table[m].name, word));
	} else {
		for (i = 0; i < n; i++)
			if (!strncmp(table[i].name, word, len))
				FUZZ_CHECK(table[i].fn == table[m].fn);
	}
	return m;
}

static int dispatch(const struct command *table, size_t n, int argc,
		    char **argv, const struct options *opts)
{
	int i;

	if (argc < 1)
		return fz_sid_show(0, argv, opts);
	i = match(table, n, argv[0]);
	if (i < 0)
		return 1;
	return table[i].fn(argc - 1, argv + 1, opts);
}

static int fz_sid_main(int argc, char **argv, const struct options *opts)
{
	return dispatch(sid_commands, ARRAY_SIZE(sid_commands), argc, argv,
			opts);
}

static int fz_localsid_main(int argc, char **argv, const struct options *opts)
{
	return dispatch(localsid_commands, ARRAY_SIZE(localsid_commands), argc,
			argv, opts);
}

static int fz_monitor_main(int argc, char **argv, const struct options *opts)
{
	(void)opts;
	return no_args(argc, argv);
}

static int fz_help_main(int argc, char **argv, const struct options *opts)
{
	(void)opts;
	return no_args(argc, argv);
}

/* main.c's objects. */
static const struct command objects[] = {
	{ "sid",      fz_sid_main,      NULL, NULL },
	{ "localsid", fz_localsid_main, NULL, NULL },
	{ "monitor",  fz_monitor_main,  NULL, NULL },
	{ "help",     fz_help_main,     NULL, NULL },
};

void fuzz_run_command(int argc, char **argv, const struct options *opts)
{
	int obj;

	FUZZ_CHECK(argc >= 1 && argv[argc] == NULL);
	obj = match(objects, ARRAY_SIZE(objects), argv[0]);
	if (obj < 0)
		return;
	if (opts->batch && objects[obj].fn == fz_monitor_main)
		return;
	objects[obj].fn(argc - 1, argv + 1, opts);
}

/* Whether parse_options() would take @arg for an option. */
static bool option_like(const char *arg)
{
	return arg[0] == '-' && arg[1];
}

/* An -n/-b value: non-empty, inside one of the words parse_options() read. */
static void check_option_value(const char *value, int next, char **argv)
{
	int j;

	if (!value)
		return;
	FUZZ_CHECK(*value);
	for (j = 1; j < next; j++)
		if (value >= argv[j] && value <= argv[j] + strlen(argv[j]))
			return;
	FUZZ_CHECK(!"option value outside the options");
}

void fuzz_run_main(int argc, char **argv)
{
	struct options opts = { .json = false };
	struct argv_snap snap;
	struct parse_err err;
	int i = -1, ret;

	FUZZ_CHECK(argc >= 1 && argv[argc] == NULL);
	fuzz_err_init(&err);
	snap_take(&snap, argc, argv);
	ret = parse_options(argc, argv, &opts, &i, &err);
	snap_check(&snap, argv);
	fuzz_check_result(ret, &err);
	if (ret)
		return;
	FUZZ_CHECK(i >= 1 && i <= argc);
	if (i < argc && !opts.help && !opts.version)
		FUZZ_CHECK(!option_like(argv[i]) || !strcmp(argv[i - 1], "--"));
	check_option_value(opts.netns, i, argv);
	check_option_value(opts.batch, i, argv);

	/* main(): what runs after the options */
	if (opts.help || opts.version)
		return;
	if (opts.batch)
		return;		/* the batch harness runs the lines */
	if (i >= argc)
		return;
	fuzz_run_command(argc - i, argv + i, &opts);
}
