// SPDX-License-Identifier: GPL-2.0
/*
 * srconf sid {add|del|show|flush}: parse the whole command line first (so
 * nothing reaches the kernel when it is wrong), then one request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <srext.h>

#include "genl.h"
#include "parse.h"
#include "print.h"
#include "route.h"
#include "srconf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static unsigned int resolve_ifname(const char *name)
{
	return if_nametoindex(name);
}

static int parse_error(const struct parse_err *err)
{
	errorf("%s\n", err->msg);
	return 1;
}

static int put_value(struct nl_msg *msg, const struct key_desc *kd,
		     const union key_value *v)
{
	struct nlattr *nest;
	unsigned int i;

	switch (kd->kind) {
	case KIND_BEHAVIOR:
	case KIND_IFINDEX:
	case KIND_CHOICE:
	case KIND_U32:
		return nla_put_u32(msg, kd->attr, v->u32);
	case KIND_ADDR6:
		return nla_put(msg, kd->attr, sizeof(v->in6), &v->in6);
	case KIND_ADDR4:
		return nla_put(msg, kd->attr, sizeof(v->in4), &v->in4);
	case KIND_LLADDR:
		return nla_put(msg, kd->attr, sizeof(v->lladdr), v->lladdr);
	case KIND_SEGS:
		/* strict genl validation wants the flag on every nest */
		nest = nla_nest_start(msg, kd->attr | NLA_F_NESTED);
		if (!nest)
			return -1;
		for (i = 0; i < v->segs.count; i++)
			if (nla_put(msg, SREXT_A_SEG_ADDR, sizeof(v->segs.addr[i]),
				    &v->segs.addr[i]) < 0)
				return -1;
		return nla_nest_end(msg, nest);
	}
	return -1;
}

static int put_req(struct nl_msg *msg, const struct sid_req *req)
{
	int k;

	if (req->has_sid &&
	    nla_put(msg, SREXT_A_SID_ADDR, sizeof(req->sid), &req->sid) < 0)
		return -1;
	for (k = 0; k < KEY_COUNT; k++)
		if ((req->present & (1u << k)) &&
		    put_value(msg, &key_table[k], &req->val[k]) < 0)
			return -1;
	return 0;
}

/*
 * Build, send and wait for one request; @fn prints replies, if any.
 * Return: 0; 1 when srext.ko is not there (@quiet only); -2 when the
 * kernel answered @quiet (not printed); -1 after printing an error.
 */
static int request_quiet(uint8_t cmd, int flags, const struct sid_req *req,
			 genl_reply_fn fn, void *arg, int quiet)
{
	struct nl_msg *msg;
	struct genl g;
	int ret;

	ret = quiet ? genl_open_quiet(&g) : genl_open(&g);
	if (ret)
		return ret;
	ret = -1;
	msg = genl_request(&g, cmd, flags);
	if (!msg)
		goto out;
	if (req && put_req(msg, req)) {
		nlmsg_free(msg);
		errorf("request too large.\n");
		goto out;
	}
	ret = genl_talk_quiet(&g, msg, fn, arg, quiet);
out:
	genl_close(&g);
	return ret;
}

static int request(uint8_t cmd, int flags, const struct sid_req *req,
		   genl_reply_fn fn, void *arg)
{
	return request_quiet(cmd, flags, req, fn, arg, 0);
}

/* ---- decoding and printing a SID ---- */

struct stats_field {
	int attr;
	const char *key;
	const char *fmt;
};

/* JSON keys in this order; text: "    to vnf: N packets N bytes  from ..." */
static const struct stats_field stats_fields[] = {
	{ SREXT_A_STATS_PACKETS_TO_VNF,   "packets_to_vnf",   " to vnf: %" PRIu64 " packets" },
	{ SREXT_A_STATS_BYTES_TO_VNF,     "bytes_to_vnf",     " %" PRIu64 " bytes" },
	{ SREXT_A_STATS_PACKETS_FROM_VNF, "packets_from_vnf", "  from vnf: %" PRIu64 " packets" },
	{ SREXT_A_STATS_BYTES_FROM_VNF,   "bytes_from_vnf",   " %" PRIu64 " bytes" },
	{ SREXT_A_STATS_CACHE_UPDATES,    "cache_updates",    "  cache updates: %" PRIu64 },
	{ SREXT_A_STATS_EVICTIONS,        "evictions",        "  evictions: %" PRIu64 },
	{ SREXT_A_STATS_CACHE_LIMITED,    "cache_limited",    "  cache limited: %" PRIu64 },
};

static int malformed(const char *what)
{
	errorf("malformed reply from the kernel: attribute \"%s\".\n",
		what);
	return -1;
}

static uint64_t get_u64(const struct nlattr *a)
{
	uint64_t v;

	memcpy(&v, nla_data(a), sizeof(v));
	return v;
}

static uint32_t get_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, nla_data(a), sizeof(v));
	return v;
}

/*
 * Whether @a has the shape of a @kind value. A segment list holds at least
 * one 16-byte SREXT_A_SEG_ADDR; attributes of other types in the nest are
 * left for a newer srconf.
 */
static bool value_ok(enum key_kind kind, const struct nlattr *a)
{
	const struct nlattr *seg;
	int rem, n = 0;

	switch (kind) {
	case KIND_BEHAVIOR:
	case KIND_IFINDEX:
	case KIND_ADDR4:
	case KIND_CHOICE:
	case KIND_U32:
		return nla_len(a) == 4;
	case KIND_ADDR6:
		return nla_len(a) == 16;
	case KIND_LLADDR:
		return nla_len(a) == 6;
	case KIND_SEGS:
		nla_for_each_nested(seg, a, rem) {
			if (nla_type(seg) != SREXT_A_SEG_ADDR)
				continue;
			if (nla_len(seg) != 16)
				return false;
			n++;
		}
		return n > 0;
	}
	return false;
}

/* Check every attribute we will print before printing any of it. */
static int validate_sid(struct nlattr **tb, struct nlattr **st)
{
	const struct nlattr *a;
	size_t i;
	int k, rem;

	if (!tb[SREXT_A_SID_ADDR] || nla_len(tb[SREXT_A_SID_ADDR]) != 16)
		return malformed("sid");
	for (k = 0; k < KEY_COUNT; k++) {
		const struct nlattr *v = key_table[k].attr ? tb[key_table[k].attr] : NULL;

		if (v && !value_ok(key_table[k].kind, v))
			return malformed(key_table[k].name);
	}
	if (!tb[SREXT_A_SID_STATS])
		return 0;
	if (nla_parse_nested(st, SREXT_A_STATS_MAX, tb[SREXT_A_SID_STATS], NULL) < 0)
		return malformed("stats");
	for (i = 0; i < ARRAY_SIZE(stats_fields); i++) {
		a = st[stats_fields[i].attr];
		if (a && nla_len(a) != 8)
			return malformed(stats_fields[i].key);
	}
	if (st[SREXT_A_STATS_DROPS])
		nla_for_each_nested(a, st[SREXT_A_STATS_DROPS], rem)
			if (nla_type(a) && nla_len(a) != 8)
				return malformed("drops");
	return 0;
}

/* JSON: an array of strings; text: "A,B,...", as typed after "segs". */
static void print_segs(const char *key, const struct nlattr *nest)
{
	char addr[INET6_ADDRSTRLEN];
	const struct nlattr *seg;
	const char *fmt = " %s";
	int rem;

	print_array_begin(key);
	nla_for_each_nested(seg, nest, rem) {
		if (nla_type(seg) != SREXT_A_SEG_ADDR)
			continue;
		inet_ntop(AF_INET6, nla_data(seg), addr, sizeof(addr));
		print_string(PRINT_ANY, NULL, fmt, addr);
		fmt = ",%s";
	}
	print_array_end();
}

static void print_stats(struct nlattr **st)
{
	char buf[32];
	const struct nlattr *a;
	size_t i;
	int rem;

	print_text("\n   ");
	print_object_begin("stats");
	for (i = 0; i < ARRAY_SIZE(stats_fields); i++) {
		a = st[stats_fields[i].attr];
		if (a)
			print_u64(PRINT_ANY, stats_fields[i].key,
				  stats_fields[i].fmt, get_u64(a));
	}
	if (st[SREXT_A_STATS_DROPS]) {
		print_text("\n    drops:");
		print_object_begin("drops");
		nla_for_each_nested(a, st[SREXT_A_STATS_DROPS], rem) {
			const char *name;

			/* type 0 (SREXT_DROP_UNSPEC) can only be padding */
			if (!nla_type(a))
				continue;
			name = drop_reason_name(nla_type(a), buf, sizeof(buf));
			print_string(PRINT_TEXT, NULL, " %s", name);
			print_u64(PRINT_ANY, name, " %" PRIu64, get_u64(a));
		}
		print_object_end();
	}
	print_object_end();
}

/* The value of one keyword (after the keyword itself, in text). */
static void print_value(const struct key_desc *kd, enum key_id key,
			const struct nlattr *a)
{
	char addr[INET6_ADDRSTRLEN], buf[32];
	const uint8_t *lladdr;

	switch (kd->kind) {
	case KIND_BEHAVIOR:
		print_string(PRINT_ANY, kd->name, " %s",
			     behavior_name(OWNER_SREXT, get_u32(a), buf, sizeof(buf)));
		print_string(PRINT_ANY, "owner", " owner %s", owner_name(OWNER_SREXT));
		break;
	case KIND_ADDR6:
		inet_ntop(AF_INET6, nla_data(a), addr, sizeof(addr));
		print_string(PRINT_ANY, kd->name, " %s", addr);
		break;
	case KIND_ADDR4:
		inet_ntop(AF_INET, nla_data(a), addr, sizeof(addr));
		print_string(PRINT_ANY, kd->name, " %s", addr);
		break;
	case KIND_LLADDR:
		lladdr = nla_data(a);
		snprintf(addr, sizeof(addr), "%02x:%02x:%02x:%02x:%02x:%02x",
			 lladdr[0], lladdr[1], lladdr[2], lladdr[3], lladdr[4], lladdr[5]);
		print_string(PRINT_ANY, kd->name, " %s", addr);
		break;
	case KIND_IFINDEX:
		print_ifindex(kd->name, get_u32(a));
		break;
	case KIND_SEGS:
		print_segs(kd->name, a);
		break;
	case KIND_CHOICE:
		print_string(PRINT_ANY, kd->name, " %s",
			     key_choice_name(key, get_u32(a), buf, sizeof(buf)));
		break;
	case KIND_U32:
		print_u64(PRINT_ANY, kd->name, " %" PRIu64, get_u32(a));
		break;
	}
}

/*
 * A choice and the keywords belonging to it. A choice that takes keywords
 * (or comes with some) is a JSON object holding one object named after
 * the choice: "cache":{"flow":{"max":N,"timeout":S}}; any other is a
 * string, "cache":"interface", and the default choice is left out of the
 * text, which then reads as the "sid add" line that set it.
 */
static void print_choice(enum key_id key, struct nlattr **tb)
{
	const struct key_desc *kd = &key_table[key];
	uint32_t v = get_u32(tb[kd->attr]);
	const struct key_choice *c = key_choice_find(key, v);
	bool nested = key_has_children(key, v);
	char buf[32];
	const char *name = key_choice_name(key, v, buf, sizeof(buf));
	int j;

	for (j = 0; j < KEY_COUNT; j++)
		if (key_table[j].parent && key_table[j].parent->key == key &&
		    key_table[j].attr && tb[key_table[j].attr])
			nested = true;
	if (!nested) {
		if (!c || !c->text_default)
			print_string(PRINT_TEXT, NULL, " %s", kd->name);
		print_string(c && c->text_default ? PRINT_JSON : PRINT_ANY,
			     kd->name, " %s", name);
		return;
	}
	print_string(PRINT_TEXT, NULL, " %s", kd->name);
	print_object_begin(kd->name);
	print_string(PRINT_TEXT, NULL, " %s", name);
	print_object_begin(name);
	for (j = 0; j < KEY_COUNT; j++) {
		const struct key_desc *child = &key_table[j];

		if (!child->parent || child->parent->key != key ||
		    !tb[child->attr])
			continue;
		print_string(PRINT_TEXT, NULL, " %s", child->name);
		print_value(child, j, tb[child->attr]);
	}
	print_object_end();
	print_object_end();
}

/**
 * sid_print_reply() - print one SREXT_CMD_SID_GET reply (or event)
 * @nlh: the message
 * @arg: pointer to the options (for -s)
 *
 * Values are printed in key_table order, each only when the kernel sent
 * it, so behaviours added later print without changes here; keywords that
 * belong to a choice are printed with it.
 *
 * Return: 0, or -1 after printing an error for a malformed message.
 */
int sid_print_reply(struct nlmsghdr *nlh, void *arg)
{
	const struct options *opts = arg;
	struct nlattr *tb[SREXT_A_SID_MAX + 1];
	struct nlattr *st[SREXT_A_STATS_MAX + 1] = { NULL };
	char addr[INET6_ADDRSTRLEN];
	struct genlmsghdr *gh;
	bool up;
	int k;

	if (!genlmsg_valid_hdr(nlh, 0))
		return malformed("genlmsghdr");
	gh = nlmsg_data(nlh);
	if (nla_parse(tb, SREXT_A_SID_MAX, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL) < 0)
		return malformed("sid");
	if (validate_sid(tb, st))
		return -1;

	print_record_begin();
	inet_ntop(AF_INET6, nla_data(tb[SREXT_A_SID_ADDR]), addr, sizeof(addr));
	print_string(PRINT_ANY, "sid", "%s", addr);
	for (k = 0; k < KEY_COUNT; k++) {
		const struct key_desc *kd = &key_table[k];

		if (!kd->attr || !tb[kd->attr] || kd->parent)
			continue;
		if (kd->kind == KIND_CHOICE) {
			print_choice(k, tb);
			continue;
		}
		print_string(PRINT_TEXT, NULL, " %s", kd->name);
		print_value(kd, k, tb[kd->attr]);
	}
	up = tb[SREXT_A_SID_OIF] && link_is_up(get_u32(tb[SREXT_A_SID_OIF])) &&
	     tb[SREXT_A_SID_IIF] && link_is_up(get_u32(tb[SREXT_A_SID_IIF]));
	print_string(PRINT_ANY, "state", " state %s", up ? "up" : "down");
	if (opts->stats && tb[SREXT_A_SID_STATS])
		print_stats(st);
	print_record_end();
	return 0;
}

/* ---- commands ---- */

static void sid_text(const struct in6_addr *sid, char *buf)
{
	inet_ntop(AF_INET6, sid, buf, INET6_ADDRSTRLEN);
}

/* Whether srext.ko has @sid: 1, 0, or -1 after printing an error. */
static int srext_has(const struct sid_req *ref)
{
	int ret = request_quiet(SREXT_CMD_SID_GET, NLM_F_ACK, ref, NULL, NULL,
				ENOENT);

	return ret == 1 || ret == -2 ? 0 : ret ? -1 : 1;
}

/*
 * One table: a SID is either srext's or a seg6local route, never both
 * (srext's hook would shadow the route).
 */
static int add(const struct sid_req *req)
{
	char addr[INET6_ADDRSTRLEN];
	struct sid_req ref = { .sid = req->sid, .has_sid = true };
	int ret;

	sid_text(&req->sid, addr);
	ret = route_exists(&req->sid);
	if (ret > 0)
		errorf("SID \"%s\" exists: it is a seg6local route.\n", addr);
	if (ret)
		return 1;
	if (req->behavior->owner == OWNER_SEG6LOCAL) {
		ret = srext_has(&ref);
		if (ret > 0)
			errorf("SID \"%s\" exists: it is an srext SID.\n", addr);
		if (ret)
			return 1;
		return route_add(req) ? 1 : 0;
	}
	return request(SREXT_CMD_SID_ADD, NLM_F_ACK, req, NULL, NULL) ? 1 : 0;
}

static int sid_add(int argc, char **argv, const struct options *opts)
{
	struct parse_err err;
	struct sid_req req;

	(void)opts;
	if (parse_sid_add(argc, argv, &req, resolve_ifname, &err))
		return parse_error(&err);
	return add(&req);
}

static int not_found(const struct sid_req *req)
{
	char addr[INET6_ADDRSTRLEN];

	sid_text(&req->sid, addr);
	errorf("SID \"%s\" not found.\n", addr);
	return 1;
}

static int sid_del(int argc, char **argv, const struct options *opts)
{
	struct parse_err err;
	struct sid_req req;
	int ret;

	(void)opts;
	if (parse_sid_ref(argc, argv, &req, false, &err))
		return parse_error(&err);
	ret = request_quiet(SREXT_CMD_SID_DEL, NLM_F_ACK, &req, NULL, NULL, ENOENT);
	if (ret == 0 || ret == -1)
		return -ret;
	ret = route_del(&req.sid);
	return ret > 0 ? not_found(&req) : ret ? 1 : 0;
}

/* behavior, owner, the other keywords in key_table order, state. */
static const char *const *text_columns(void)
{
	static const char *cols[KEY_COUNT + 2];
	int k, n = 0;

	cols[n++] = key_table[KEY_BEHAVIOR].name;
	cols[n++] = "owner";
	for (k = 0; k < KEY_COUNT; k++)
		if (k != KEY_BEHAVIOR)
			cols[n++] = key_table[k].name;
	cols[n++] = "state";
	return cols;
}

static int sid_show(int argc, char **argv, const struct options *opts)
{
	struct parse_err err;
	struct sid_req req;
	int ret, n;

	if (parse_sid_ref(argc, argv, &req, true, &err))
		return parse_error(&err);
	print_init(stdout, opts->json, opts->pretty);
	print_columns(text_columns(), KEY_COUNT + 2);
	print_list_begin();
	if (req.has_sid) {
		ret = request_quiet(SREXT_CMD_SID_GET, NLM_F_ACK, &req,
				    sid_print_reply, (void *)opts, ENOENT);
		if (ret == 1 || ret == -2) {
			n = route_show(&req.sid, opts);
			ret = n < 0 ? -1 : n ? 0 : not_found(&req);
		}
	} else {
		ret = request_quiet(SREXT_CMD_SID_GET, NLM_F_DUMP, NULL,
				    sid_print_reply, (void *)opts, -1);
		if (ret >= 0)
			ret = route_show(NULL, opts) < 0 ? -1 : 0;
	}
	print_list_end(!ret);
	return ret ? 1 : 0;
}

static int sid_flush(int argc, char **argv, const struct options *opts)
{
	struct parse_err err;
	int ret;

	(void)opts;
	if (parse_no_args(argc, argv, &err))
		return parse_error(&err);
	ret = request_quiet(SREXT_CMD_SID_FLUSH, NLM_F_ACK, NULL, NULL, NULL, -1);
	if (ret < 0)
		return 1;
	return route_flush() ? 1 : 0;
}

/*
 * The counters of srext's SIDs; a seg6local route's cannot be cleared
 * (the kernel has no command for it), so naming one is an error and
 * clearing all leaves them.
 */
static int sid_clear_stats(int argc, char **argv, const struct options *opts)
{
	char addr[INET6_ADDRSTRLEN];
	struct parse_err err;
	struct sid_req req;
	int ret;

	(void)opts;
	if (parse_sid_ref(argc, argv, &req, true, &err))
		return parse_error(&err);
	ret = request_quiet(SREXT_CMD_SID_CLEAR_STATS, NLM_F_ACK,
			    req.has_sid ? &req : NULL, NULL, NULL,
			    req.has_sid ? ENOENT : -1);
	if (ret == 0 || ret == -1)
		return -ret;
	if (!req.has_sid)
		return 0;	/* no srext.ko: no counters to clear */
	ret = route_exists(&req.sid);
	if (ret <= 0)
		return ret ? 1 : not_found(&req);
	sid_text(&req.sid, addr);
	errorf("SID \"%s\" is a seg6local route: the kernel cannot clear its counters.\n",
	       addr);
	return 1;
}

static int localsid_add(int argc, char **argv, const struct options *opts)
{
	struct parse_err err;
	struct sid_req req;

	(void)opts;
	if (parse_localsid_add(argc, argv, &req, resolve_ifname, &err))
		return parse_error(&err);
	return add(&req);
}

static int sid_help(int argc, char **argv, const struct options *opts)
{
	(void)argc;
	(void)argv;
	(void)opts;
	usage(stdout);
	return 0;
}

/* Rows sharing a function are aliases; rows without a description are not listed. */
static const struct command sid_commands[] = {
	{ "add",         sid_add,         "SID behavior BEHAVIOR", "add a SID" },
	{ "del",         sid_del,         "SID",                   "delete a SID" },
	{ "delete",      sid_del,         NULL,                    NULL },
	{ "show",        sid_show,        "[SID]",                 "show one SID or all of them" },
	{ "list",        sid_show,        NULL,                    NULL },
	{ "ls",          sid_show,        NULL,                    NULL },
	{ "flush",       sid_flush,       NULL,                    "delete every SID" },
	{ "clear-stats", sid_clear_stats, "[SID]",                 "zero the counters of one SID or all" },
	{ "help",        sid_help,        NULL,                    NULL },
};

/* The srext 2017 grammar: "srconf localsid add 2::ad6:f1 end.ad6 ip ..." */
static const struct command localsid_commands[] = {
	{ "add",            localsid_add,    "SID BEHAVIOUR",  "add a SID, 2017 arguments" },
	{ "del",            sid_del,         "SID",            "as sid del" },
	{ "show",           sid_show,        "[SID]",          "as sid show" },
	{ "flush",          sid_flush,       NULL,             "as sid flush" },
	{ "clear-counters", sid_clear_stats, "[SID]",          "as sid clear-stats" },
	{ "help",           sid_help,        NULL,             NULL },
};

static void object_usage(FILE *out, const char *object,
			 const struct command *table, size_t n)
{
	char synopsis[64];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct command *c = &table[i];

		if (!c->description)
			continue;
		snprintf(synopsis, sizeof(synopsis), "%s %s%s%s", object,
			 c->name, c->args ? " " : "", c->args ? c->args : "");
		fprintf(out, "  %-32s  %s\n", synopsis, c->description);
	}
}

/* The "Commands:" lines of the usage text, from the tables above. */
void sid_usage(FILE *out)
{
	object_usage(out, "sid", sid_commands, ARRAY_SIZE(sid_commands));
}

void localsid_usage(FILE *out)
{
	object_usage(out, "localsid", localsid_commands,
		     ARRAY_SIZE(localsid_commands));
}

static int dispatch(const char *object, const struct command *table, size_t n,
		    int argc, char **argv, const struct options *opts)
{
	int i;

	if (argc < 1)
		return sid_show(0, argv, opts);
	i = command_match(table, n, argv[0]);
	if (i == MATCH_AMBIGUOUS) {
		errorf("ambiguous command \"%s\" for \"%s\".\n", argv[0], object);
		return 1;
	}
	if (i == MATCH_NONE) {
		errorf("unknown command \"%s\" for \"%s\", try \"srconf help\".\n",
		       argv[0], object);
		return 1;
	}
	return table[i].fn(argc - 1, argv + 1, opts);
}

int sid_main(int argc, char **argv, const struct options *opts)
{
	return dispatch("sid", sid_commands, ARRAY_SIZE(sid_commands), argc,
			argv, opts);
}

int localsid_main(int argc, char **argv, const struct options *opts)
{
	return dispatch("localsid", localsid_commands,
			ARRAY_SIZE(localsid_commands), argc, argv, opts);
}
