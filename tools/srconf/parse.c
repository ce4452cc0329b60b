// SPDX-License-Identifier: GPL-2.0
/*
 * srconf command-line parsing: pure functions over argv, no netlink, no
 * output. Interface names are resolved through a caller-supplied function
 * so tests and fuzzers need no network namespace.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <srext.h>

#include "parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define KEY_BIT(k) (1u << (k))

__attribute__((format(printf, 2, 3)))
static int fail(struct parse_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/**
 * command_match() - find @word in a dispatcher table
 * @table: rows to search
 * @n: number of rows
 * @word: what the user typed
 *
 * An exact name wins; otherwise @word must be the prefix of exactly one
 * command, counting rows that share a function (aliases) as one command.
 *
 * Return: the index of the row, MATCH_NONE or MATCH_AMBIGUOUS.
 */
int command_match(const struct command *table, size_t n, const char *word)
{
	size_t len = strlen(word);
	int found = MATCH_NONE;
	size_t i;

	if (!len)
		return MATCH_NONE;
	for (i = 0; i < n; i++)
		if (!strcmp(table[i].name, word))
			return (int)i;
	for (i = 0; i < n; i++) {
		if (strncmp(table[i].name, word, len))
			continue;
		if (found == MATCH_NONE)
			found = (int)i;
		else if (table[found].fn != table[i].fn)
			return MATCH_AMBIGUOUS;
	}
	return found;
}

/* "cache": what End.AD's cache is keyed by (enum srext_cache_mode). */
static const struct key_choice cache_choices[] = {
	{ "flow",      SREXT_CACHE_FLOW,  false },
	{ "interface", SREXT_CACHE_IFACE, true },
};

static const struct key_parent cache_flow = { KEY_CACHE, SREXT_CACHE_FLOW };

/*
 * Every keyword any behaviour may take. The order of the rows is the order
 * in which values are printed after the SID (text and JSON); the attribute
 * column is what genl puts in the request and reads from replies. The
 * ranges of "max" and "timeout" are those of the uAPI header.
 */
#define ROW(n, k, a, m) .name = (n), .kind = (k), .attr = (a), .metavar = (m)
const struct key_desc key_table[KEY_COUNT] = {
	[KEY_BEHAVIOR] = { ROW("behavior", KIND_BEHAVIOR, SREXT_A_SID_BEHAVIOR, "BEHAVIOR") },
	[KEY_NH6]      = { ROW("nh6",      KIND_ADDR6,    SREXT_A_SID_NH6,      "ADDR6") },
	[KEY_NH4]      = { ROW("nh4",      KIND_ADDR4,    SREXT_A_SID_NH4,      "ADDR4") },
	[KEY_OIF]      = { ROW("oif",      KIND_IFINDEX,  SREXT_A_SID_OIF,      "DEV") },
	[KEY_IIF]      = { ROW("iif",      KIND_IFINDEX,  SREXT_A_SID_IIF,      "DEV") },
	[KEY_SRC]      = { ROW("src",      KIND_ADDR6,    SREXT_A_SID_SRC,      "ADDR6") },
	[KEY_SEGS]     = { ROW("segs",     KIND_SEGS,     SREXT_A_SID_SEGS,     "SID[,SID...]") },
	[KEY_CACHE]    = { ROW("cache",    KIND_CHOICE,   SREXT_A_SID_CACHE,    "CACHE"),
			   .choices = cache_choices, .nchoices = ARRAY_SIZE(cache_choices) },
	[KEY_MAX]      = { ROW("max",      KIND_U32,      SREXT_A_SID_CACHE_MAX, "N"),
			   .min = 1, .max = 1048576, .parent = &cache_flow },
	[KEY_TIMEOUT]  = { ROW("timeout",  KIND_U32,      SREXT_A_SID_CACHE_TIMEOUT, "SECONDS"),
			   .min = 1, .max = 86400, .parent = &cache_flow },
};
#undef ROW

static const enum key_id no_keys[] = { KEY_END };
static const enum key_id nh6_required[] = { KEY_NH6, KEY_OIF, KEY_IIF, KEY_END };
static const enum key_id nh4_required[] = { KEY_NH4, KEY_OIF, KEY_IIF, KEY_END };
static const enum key_id as6_required[] = {
	KEY_NH6, KEY_OIF, KEY_IIF, KEY_SRC, KEY_SEGS, KEY_END
};
static const enum key_id as4_required[] = {
	KEY_NH4, KEY_OIF, KEY_IIF, KEY_SRC, KEY_SEGS, KEY_END
};
static const enum key_id ad_optional[] = { KEY_CACHE, KEY_MAX, KEY_TIMEOUT, KEY_END };

/*
 * One row per behaviour, like iproute2's seg6_action_names plus the
 * keyword lists of seg6_local.c's action descriptors: the name is parsed
 * case-insensitively and printed as spelled here; "required" is also the
 * order in which a missing keyword is reported and the usage text lists
 * them. A keyword of key_table that a row does not list is refused for
 * that behaviour. Adding a behaviour is adding a row.
 */
const struct behavior_desc behavior_table[] = {
	{ SREXT_BEHAVIOR_END_AD6, "End.AD6", nh6_required, ad_optional },
	{ SREXT_BEHAVIOR_END_AD4, "End.AD4", nh4_required, ad_optional },
	{ SREXT_BEHAVIOR_END_AS6, "End.AS6", as6_required, no_keys },
	{ SREXT_BEHAVIOR_END_AS4, "End.AS4", as4_required, no_keys },
	{ SREXT_BEHAVIOR_END_AM,  "End.AM",  nh6_required, no_keys },
};
const size_t behavior_count = ARRAY_SIZE(behavior_table);

/* Names from the comments of enum srext_drop_reason in the uAPI header. */
static const char *const drop_reason_names[] = {
	[SREXT_DROP_BAD_SRH]	= "bad_srh",
	[SREXT_DROP_NO_SRH]	= "no_srh",
	[SREXT_DROP_SL_ZERO]	= "sl_zero",
	[SREXT_DROP_HOP_LIMIT]	= "hop_limit",
	[SREXT_DROP_BAD_INNER]	= "bad_inner",
	[SREXT_DROP_NO_CACHE]	= "no_cache",
	[SREXT_DROP_NO_ROUTE]	= "no_route",
	[SREXT_DROP_NO_MEM]	= "no_mem",
	[SREXT_DROP_TOO_BIG]	= "too_big",
};

const struct behavior_desc *behavior_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < behavior_count; i++)
		if (!strcasecmp(behavior_table[i].name, name))
			return &behavior_table[i];
	return NULL;
}

const struct behavior_desc *behavior_by_type(uint32_t type)
{
	size_t i;

	for (i = 0; i < behavior_count; i++)
		if (behavior_table[i].type == type)
			return &behavior_table[i];
	return NULL;
}

static bool key_in(const enum key_id *list, enum key_id key)
{
	for (; *list != KEY_END; list++)
		if (*list == key)
			return true;
	return false;
}

bool behavior_accepts(const struct behavior_desc *b, enum key_id key)
{
	return key == KEY_BEHAVIOR || key_in(b->required, key) ||
	       key_in(b->optional, key);
}

/* The canonical name, or "behavior_<N>" for one this srconf predates. */
const char *behavior_name(uint32_t type, char *buf, size_t len)
{
	const struct behavior_desc *b = behavior_by_type(type);

	if (b)
		return b->name;
	snprintf(buf, len, "behavior_%u", type);
	return buf;
}

/* The uAPI name, or "reason_<N>" for a reason from a newer kernel. */
const char *drop_reason_name(uint32_t reason, char *buf, size_t len)
{
	if (reason < ARRAY_SIZE(drop_reason_names) && drop_reason_names[reason])
		return drop_reason_names[reason];
	snprintf(buf, len, "reason_%u", reason);
	return buf;
}

const struct key_choice *key_choice_find(enum key_id key, uint32_t value)
{
	const struct key_desc *kd = &key_table[key];
	size_t i;

	for (i = 0; i < kd->nchoices; i++)
		if (kd->choices[i].value == value)
			return &kd->choices[i];
	return NULL;
}

/* The choice's name, or "<keyword>_<N>" for one from a newer kernel. */
const char *key_choice_name(enum key_id key, uint32_t value, char *buf,
			    size_t len)
{
	const struct key_choice *c = key_choice_find(key, value);

	if (c)
		return c->name;
	snprintf(buf, len, "%s_%u", key_table[key].name, value);
	return buf;
}

/* Whether some keyword belongs to choice @value of @key ("cache flow"). */
bool key_has_children(enum key_id key, uint32_t value)
{
	int k;

	for (k = 0; k < KEY_COUNT; k++)
		if (key_table[k].parent && key_table[k].parent->key == key &&
		    key_table[k].parent->value == value)
			return true;
	return false;
}

/*
 * The @len bytes at @word as an address of family @af; @word need not end
 * there (an element of a list). No text longer than INET6_ADDRSTRLEN - 1
 * is an address of either family.
 */
static int parse_addr(int af, const char *word, size_t len, const char *key,
		      void *out, struct parse_err *err)
{
	char buf[INET6_ADDRSTRLEN];

	if (len < sizeof(buf)) {
		memcpy(buf, word, len);
		buf[len] = '\0';
		if (inet_pton(af, buf, out) == 1)
			return 0;
	}
	return fail(err, "invalid address \"%.*s\" for \"%s\": expected an %s address.",
		    (int)len, word, key, af == AF_INET6 ? "IPv6" : "IPv4");
}

int parse_addr6(const char *word, const char *key, struct in6_addr *out,
		struct parse_err *err)
{
	return parse_addr(AF_INET6, word, strlen(word), key, out, err);
}

/*
 * "A,B,...": 1 to SREXT_SEGS_MAX IPv6 addresses, kept in the order given.
 * Every element must be an address, so an empty one ("A,,B", "A,", "")
 * is reported as the invalid address "".
 */
static int parse_segs(const char *word, const char *key, struct seg_list *segs,
		      struct parse_err *err)
{
	const char *elem = word;
	size_t len;

	segs->count = 0;
	for (;;) {
		if (segs->count == SREXT_SEGS_MAX)
			return fail(err, "too many segments for \"%s\" (at most %d).",
				    key, SREXT_SEGS_MAX);
		len = strcspn(elem, ",");
		if (parse_addr(AF_INET6, elem, len, key,
			       &segs->addr[segs->count], err))
			return -1;
		segs->count++;
		if (!elem[len])
			return 0;
		elem += len + 1;
	}
}

/* A decimal integer from kd->min to kd->max: digits only, no sign. */
static int parse_u32(const struct key_desc *kd, const char *word, uint32_t *out,
		     struct parse_err *err)
{
	unsigned long long v = 0;
	const char *c;

	for (c = word; *c >= '0' && *c <= '9'; c++)
		if (v <= kd->max)
			v = v * 10 + (unsigned long long)(*c - '0');
	if (!*word || *c || v < kd->min || v > kd->max)
		return fail(err, "invalid value \"%s\" for \"%s\": expected an integer from %u to %u.",
			    word, kd->name, kd->min, kd->max);
	*out = (uint32_t)v;
	return 0;
}

/* One of kd->choices, by its exact name. */
static int parse_choice(const struct key_desc *kd, const char *word,
			uint32_t *out, struct parse_err *err)
{
	char list[PARSE_ERR_LEN / 2];
	size_t i, off = 0;

	for (i = 0; i < kd->nchoices; i++) {
		if (!strcmp(kd->choices[i].name, word)) {
			*out = kd->choices[i].value;
			return 0;
		}
	}
	/* "a", "a" or "b", "a", "b" or "c" */
	list[0] = '\0';
	for (i = 0; i < kd->nchoices && off < sizeof(list); i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s\"%s\"",
					!i ? "" : i + 1 < kd->nchoices ? ", " : " or ",
					kd->choices[i].name);
	return fail(err, "invalid value \"%s\" for \"%s\": expected %s.",
		    word, kd->name, list);
}

/* A keyword that belongs to a choice comes after it: "max" after "cache flow". */
static int check_parent(enum key_id key, const struct sid_req *req,
			struct parse_err *err)
{
	const struct key_parent *pa = key_table[key].parent;
	char buf[32];

	if (!pa || ((req->present & KEY_BIT(pa->key)) &&
		    req->val[pa->key].u32 == pa->value))
		return 0;
	return fail(err, "\"%s\" needs \"%s %s\".", key_table[key].name,
		    key_table[pa->key].name,
		    key_choice_name(pa->key, pa->value, buf, sizeof(buf)));
}

static int key_by_name(const char *word)
{
	int k;

	for (k = 0; k < KEY_COUNT; k++)
		if (!strcmp(key_table[k].name, word))
			return k;
	return -1;
}

static int unknown_keyword(struct parse_err *err, const char *word,
			   const struct behavior_desc *b)
{
	if (b)
		return fail(err, "unknown keyword \"%s\" for %s.", word, b->name);
	return fail(err, "unknown keyword \"%s\".", word);
}

/* A keyword of key_table that behaviour @b does not take. */
static int not_valid(struct parse_err *err, enum key_id key,
		     const struct behavior_desc *b)
{
	return fail(err, "\"%s\" is not valid for %s.", key_table[key].name, b->name);
}

static int parse_value(enum key_id key, const char *word, union key_value *val,
		       ifindex_resolver resolve, struct parse_err *err)
{
	const struct key_desc *kd = &key_table[key];
	const struct behavior_desc *b;

	switch (kd->kind) {
	case KIND_BEHAVIOR:
		b = behavior_by_name(word);
		if (!b)
			return fail(err, "unknown behavior \"%s\".", word);
		val->u32 = b->type;
		return 0;
	case KIND_ADDR6:
		return parse_addr6(word, kd->name, &val->in6, err);
	case KIND_ADDR4:
		return parse_addr(AF_INET, word, strlen(word), kd->name, &val->in4, err);
	case KIND_IFINDEX:
		val->u32 = *word ? resolve(word) : 0;
		if (!val->u32)
			return fail(err, "unknown interface \"%s\" for \"%s\".",
				    word, kd->name);
		return 0;
	case KIND_SEGS:
		return parse_segs(word, kd->name, &val->segs, err);
	case KIND_CHOICE:
		return parse_choice(kd, word, &val->u32, err);
	case KIND_U32:
		return parse_u32(kd, word, &val->u32, err);
	}
	return fail(err, "internal error: keyword \"%s\".", kd->name);
}

/**
 * parse_sid_add() - parse "SID behavior NAME [KEYWORD VALUE]..."
 * @argc: number of words after "add"
 * @argv: the words after "add"
 * @req: filled with the SID and every keyword value
 * @resolve: interface name to ifindex, in the target namespace
 * @err: the message when the words are wrong
 *
 * Words are read left to right and the first error wins. A keyword seen
 * before "behavior" is accepted provisionally and checked against the
 * behaviour at the end; after it, unknown keywords name the behaviour and
 * known ones it does not take are refused at once. A keyword belonging to
 * a choice of another ("max" of "cache flow") must come after that choice.
 *
 * Return: 0, or -1 with @err set.
 */
int parse_sid_add(int argc, char **argv, struct sid_req *req,
		  ifindex_resolver resolve, struct parse_err *err)
{
	const struct behavior_desc *b = NULL;
	int pos[KEY_COUNT] = { 0 };
	const enum key_id *r;
	int i, k, first;

	memset(req, 0, sizeof(*req));
	if (argc < 1)
		return fail(err, "missing SID.");
	if (parse_addr6(argv[0], "sid", &req->sid, err))
		return -1;
	req->has_sid = true;

	for (i = 1; i < argc; i += 2) {
		const char *word = argv[i];

		k = key_by_name(word);
		if (k < 0)
			return unknown_keyword(err, word, b);
		if (b && !behavior_accepts(b, k))
			return not_valid(err, k, b);
		if (check_parent(k, req, err))
			return -1;
		if (req->present & KEY_BIT(k))
			return fail(err, "duplicate \"%s\".", word);
		if (i + 1 >= argc)
			return fail(err, "missing value for \"%s\".", word);
		if (parse_value(k, argv[i + 1], &req->val[k], resolve, err))
			return -1;
		if (k == KEY_BEHAVIOR)
			b = behavior_by_type(req->val[k].u32);
		req->present |= KEY_BIT(k);
		pos[k] = i;
	}
	if (!b)
		return fail(err, "missing \"behavior\".");

	first = -1;
	for (k = 0; k < KEY_COUNT; k++)
		if ((req->present & KEY_BIT(k)) && !behavior_accepts(b, k) &&
		    (first < 0 || pos[k] < pos[first]))
			first = k;
	if (first >= 0)
		return not_valid(err, first, b);

	for (r = b->required; *r != KEY_END; r++)
		if (!(req->present & KEY_BIT(*r)))
			return fail(err, "missing \"%s\" for %s.",
				    key_table[*r].name, b->name);
	return 0;
}

/**
 * parse_sid_ref() - parse "[SID]" for del and show
 * @argc: number of words after the command
 * @argv: the words after the command
 * @req: gets the SID, has_sid says whether one was given
 * @optional: whether the SID may be absent (show)
 * @err: the message when the words are wrong
 *
 * Return: 0, or -1 with @err set.
 */
int parse_sid_ref(int argc, char **argv, struct sid_req *req, bool optional,
		  struct parse_err *err)
{
	memset(req, 0, sizeof(*req));
	if (argc < 1)
		return optional ? 0 : fail(err, "missing SID.");
	if (parse_addr6(argv[0], "sid", &req->sid, err))
		return -1;
	req->has_sid = true;
	return parse_no_args(argc - 1, argv + 1, err);
}

int parse_no_args(int argc, char **argv, struct parse_err *err)
{
	if (argc > 0)
		return fail(err, "unexpected argument \"%s\".", argv[0]);
	return 0;
}
