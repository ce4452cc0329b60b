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

#include <linux/seg6_local.h>
#include <srext.h>

#include "parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

__attribute__((format(printf, 2, 3)))
static int fail(struct parse_err *err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	/* a message quoting a very long word is cut: say so, end with '.' */
	if (n >= (int)sizeof(err->msg))
		strcpy(err->msg + sizeof(err->msg) - 4, "...");
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
	[KEY_MAC]      = { ROW("mac",      KIND_LLADDR,   SREXT_A_SID_MAC,      "LLADDR"),
			   .excludes = KEY_BIT(KEY_NH6) | KEY_BIT(KEY_NH4) },
	[KEY_OIF]      = { ROW("oif",      KIND_IFINDEX,  SREXT_A_SID_OIF,      "DEV") },
	[KEY_IIF]      = { ROW("iif",      KIND_IFINDEX,  SREXT_A_SID_IIF,      "DEV") },
	[KEY_SRC]      = { ROW("src",      KIND_ADDR6,    SREXT_A_SID_SRC,      "ADDR6") },
	[KEY_SEGS]     = { ROW("segs",     KIND_SEGS,     SREXT_A_SID_SEGS,     "SID[,SID...]") },
	/* seg6local only: no SREXT attribute */
	[KEY_TABLE]    = { ROW("table",    KIND_U32,      0,                    "ID"),
			   .min = 1, .max = UINT32_MAX },
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
static const enum key_id mac_optional[] = { KEY_MAC, KEY_END };
static const enum key_id ad_optional[] = {
	KEY_MAC, KEY_CACHE, KEY_MAX, KEY_TIMEOUT, KEY_END
};
static const enum key_id nh6_only[] = { KEY_NH6, KEY_END };
static const enum key_id oif_only[] = { KEY_OIF, KEY_END };
static const enum key_id dx6_required[] = { KEY_NH6, KEY_OIF, KEY_END };
static const enum key_id dx4_required[] = { KEY_NH4, KEY_OIF, KEY_END };
static const enum key_id table_only[] = { KEY_TABLE, KEY_END };

/*
 * One row per behaviour, like iproute2's seg6_action_names plus the
 * keyword lists of seg6_local.c's action descriptors: the name is parsed
 * case-insensitively and printed as spelled here; "required" is also the
 * order in which a missing keyword is reported and the usage text lists
 * them. A keyword of key_table that a row does not list is refused for
 * that behaviour; a required one is also satisfied by a keyword that
 * stands in for it ("mac" for "nh6"). Adding a behaviour is adding a row.
 *
 * The seg6local rows are not reimplemented: srconf programs them as the
 * kernel's seg6local routes (route.c). They take no "mac": seg6local has
 * no link-layer next hop.
 */
const struct behavior_desc behavior_table[] = {
	{ OWNER_SREXT, SREXT_BEHAVIOR_END_AD6, "End.AD6", nh6_required, ad_optional },
	{ OWNER_SREXT, SREXT_BEHAVIOR_END_AD4, "End.AD4", nh4_required, ad_optional },
	{ OWNER_SREXT, SREXT_BEHAVIOR_END_AS6, "End.AS6", as6_required, mac_optional },
	{ OWNER_SREXT, SREXT_BEHAVIOR_END_AS4, "End.AS4", as4_required, mac_optional },
	{ OWNER_SREXT, SREXT_BEHAVIOR_END_AM,  "End.AM",  nh6_required, mac_optional },
	{ OWNER_SEG6LOCAL, SEG6_LOCAL_ACTION_END,     "End",     no_keys,      no_keys },
	{ OWNER_SEG6LOCAL, SEG6_LOCAL_ACTION_END_X,   "End.X",   nh6_only,     oif_only },
	{ OWNER_SEG6LOCAL, SEG6_LOCAL_ACTION_END_DX6, "End.DX6", dx6_required, no_keys },
	{ OWNER_SEG6LOCAL, SEG6_LOCAL_ACTION_END_DX4, "End.DX4", dx4_required, no_keys },
	{ OWNER_SEG6LOCAL, SEG6_LOCAL_ACTION_END_DT6, "End.DT6", table_only,   no_keys },
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
	[SREXT_DROP_BAD_EXT]	= "bad_ext",
	[SREXT_DROP_BAD_HMAC]	= "bad_hmac",
};

const struct behavior_desc *behavior_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < behavior_count; i++)
		if (!strcasecmp(behavior_table[i].name, name))
			return &behavior_table[i];
	return NULL;
}

const struct behavior_desc *behavior_by_type(enum owner owner, uint32_t type)
{
	size_t i;

	for (i = 0; i < behavior_count; i++)
		if (behavior_table[i].owner == owner &&
		    behavior_table[i].type == type)
			return &behavior_table[i];
	return NULL;
}

/* The JSON "owner" of a SID. */
const char *owner_name(enum owner owner)
{
	return owner == OWNER_SEG6LOCAL ? "seg6local" : "srext";
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
const char *behavior_name(enum owner owner, uint32_t type, char *buf,
			  size_t len)
{
	const struct behavior_desc *b = behavior_by_type(owner, type);

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

/*
 * "aa:bb:cc:dd:ee:ff": six hexadecimal octets of one or two digits each,
 * as ip-link(8) prints them; "-" is accepted as separator too.
 */
static int parse_lladdr(const char *word, const char *key, uint8_t *out,
			struct parse_err *err)
{
	const char *c = word;
	int i, digits, v;

	for (i = 0; i < 6; i++) {
		for (v = 0, digits = 0; digits < 2; digits++, c++) {
			if (*c >= '0' && *c <= '9')
				v = v * 16 + (*c - '0');
			else if ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'f')
				v = v * 16 + ((*c | 0x20) - 'a' + 10);
			else
				break;
		}
		if (!digits || (i < 5 && *c != ':' && *c != '-'))
			break;
		out[i] = (uint8_t)v;
		if (i < 5)
			c++;
	}
	if (i == 6 && !*c)
		return 0;
	return fail(err, "invalid address \"%s\" for \"%s\": expected a link-layer address like 02:00:00:00:00:01.",
		    word, key);
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
	case KIND_LLADDR:
		return parse_lladdr(word, kd->name, val->lladdr, err);
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

/* Whether a keyword standing in for @k, or one @k stands in for, is there. */
static int excluded(enum key_id k, const struct sid_req *req,
		    struct parse_err *err)
{
	int j;

	for (j = 0; j < KEY_COUNT; j++)
		if ((req->present & KEY_BIT(j)) &&
		    ((key_table[k].excludes & KEY_BIT(j)) ||
		     (key_table[j].excludes & KEY_BIT(k))))
			return fail(err, "\"%s\" and \"%s\" exclude each other.",
				    key_table[j].name, key_table[k].name);
	return 0;
}

/*
 * Every keyword @b requires is there, or one @b accepts in its stead:
 * 'missing "nh6" (or "mac") for End.AD6.'
 */
static int check_required(struct sid_req *req, const struct behavior_desc *b,
			  struct parse_err *err)
{
	char alt[64];
	const enum key_id *r;
	size_t off;
	int j;

	for (r = b->required; *r != KEY_END; r++) {
		if (req->present & KEY_BIT(*r))
			continue;
		alt[0] = '\0';
		off = 0;
		for (j = 0; j < KEY_COUNT; j++) {
			if (!(key_table[j].excludes & KEY_BIT(*r)) ||
			    !behavior_accepts(b, j))
				continue;
			if (req->present & KEY_BIT(j))
				break;
			off += (size_t)snprintf(alt + off, sizeof(alt) - off,
						" (or \"%s\")", key_table[j].name);
			if (off >= sizeof(alt))
				off = sizeof(alt) - 1;
		}
		if (j < KEY_COUNT)
			continue;
		return fail(err, "missing \"%s\"%s for %s.",
			    key_table[*r].name, alt, b->name);
	}
	return 0;
}

/* The SID that starts "add": an empty request holding it. */
static int parse_sid_head(int argc, char **argv, struct sid_req *req,
			  struct parse_err *err)
{
	memset(req, 0, sizeof(*req));
	if (argc < 1)
		return fail(err, "missing SID.");
	if (parse_addr6(argv[0], "sid", &req->sid, err))
		return -1;
	req->has_sid = true;
	return 0;
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
	int i, k, first;

	if (parse_sid_head(argc, argv, req, err))
		return -1;

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
		if (excluded(k, req, err))
			return -1;
		if (i + 1 >= argc)
			return fail(err, "missing value for \"%s\".", word);
		if (parse_value(k, argv[i + 1], &req->val[k], resolve, err))
			return -1;
		if (k == KEY_BEHAVIOR)
			b = behavior_by_name(argv[i + 1]);
		req->present |= KEY_BIT(k);
		pos[k] = i;
	}
	if (!b)
		return fail(err, "missing \"behavior\".");
	req->behavior = b;

	first = -1;
	for (k = 0; k < KEY_COUNT; k++)
		if ((req->present & KEY_BIT(k)) && !behavior_accepts(b, k) &&
		    (first < 0 || pos[k] < pos[first]))
			first = k;
	if (first >= 0)
		return not_valid(err, first, b);
	return check_required(req, b, err);
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

/* ---- the 2017 srext grammar ---- */

bool behavior_requires(const struct behavior_desc *b, enum key_id key)
{
	return key_in(b->required, key);
}

/* "ip ADDR" or "mac LLADDR" for @b, whose next hop keyword is @nk. */
static int parse_nexthop(int argc, char **argv, int *i, enum key_id nk,
			 struct sid_req *req, const struct behavior_desc *b,
			 struct parse_err *err)
{
	enum key_id k;
	const char *w;

	if (*i >= argc || (strcmp(argv[*i], "ip") && strcmp(argv[*i], "mac")))
		return fail(err, "%s NEXTHOP (\"ip ADDR\"%s) for %s%s%s%s.",
			    *i < argc ? "expected" : "missing",
			    behavior_accepts(b, KEY_MAC) ? " or \"mac LLADDR\"" : "",
			    b->name, *i < argc ? ", not \"" : "",
			    *i < argc ? argv[*i] : "", *i < argc ? "\"" : "");
	w = argv[*i];
	k = !strcmp(w, "mac") ? KEY_MAC : nk;
	if (!behavior_accepts(b, k))
		return not_valid(err, k, b);
	if (*i + 1 >= argc)
		return fail(err, "missing value for \"%s\".", w);
	if (k == KEY_MAC ? parse_lladdr(argv[*i + 1], w, req->val[k].lladdr, err) :
	    parse_addr(nk == KEY_NH6 ? AF_INET6 : AF_INET, argv[*i + 1],
		       strlen(argv[*i + 1]), w, &req->val[k], err))
		return -1;
	req->present |= KEY_BIT(k);
	*i += 2;
	return 0;
}

/* TARGETIF or SOURCEIF: a positional interface name. */
static int parse_positional_if(int argc, char **argv, int *i, enum key_id k,
			       const char *metavar, struct sid_req *req,
			       const struct behavior_desc *b,
			       ifindex_resolver resolve, struct parse_err *err)
{
	const char *w;

	if (*i >= argc)
		return fail(err, "missing %s for %s.", metavar, b->name);
	w = argv[*i];
	req->val[k].u32 = *w ? resolve(w) : 0;
	if (!req->val[k].u32)
		return fail(err, "unknown interface \"%s\" for %s.", w, metavar);
	req->present |= KEY_BIT(k);
	(*i)++;
	return 0;
}

/**
 * parse_localsid_add() - parse the 2017 srext "localsid add" arguments
 * @argc: number of words after "add"
 * @argv: the words after "add"
 * @req: filled as parse_sid_add() fills it
 * @resolve: interface name to ifindex
 * @err: the message when the words are wrong
 *
 *   SID BEHAVIOUR [NEXTHOP] [TARGETIF] [SOURCEIF] [KEYWORD VALUE]...
 *   NEXTHOP := ip ADDR | mac LLADDR
 *
 * The behaviour decides which positional arguments follow: NEXTHOP when it
 * takes a next hop, TARGETIF when it takes "oif", SOURCEIF when it takes
 * "iif". End.AS takes "src" and "segs", and the 2017 "left N", which must
 * be the Segments Left srext pushes: the number of segments minus one.
 *
 * Return: 0, or -1 with @err set.
 */
int parse_localsid_add(int argc, char **argv, struct sid_req *req,
		       ifindex_resolver resolve, struct parse_err *err)
{
	const struct behavior_desc *b;
	bool has_left = false;
	uint32_t left = 0;
	int i = 2, k;

	if (parse_sid_head(argc, argv, req, err))
		return -1;
	if (argc < 2)
		return fail(err, "missing BEHAVIOUR.");
	b = behavior_by_name(argv[1]);
	if (!b)
		return fail(err, "unknown behavior \"%s\".", argv[1]);
	req->behavior = b;
	req->val[KEY_BEHAVIOR].u32 = b->type;
	req->present |= KEY_BIT(KEY_BEHAVIOR);

	if (behavior_requires(b, KEY_NH6) || behavior_requires(b, KEY_NH4)) {
		if (parse_nexthop(argc, argv, &i,
				  behavior_requires(b, KEY_NH6) ? KEY_NH6 : KEY_NH4,
				  req, b, err))
			return -1;
	}
	if (behavior_accepts(b, KEY_OIF) &&
	    parse_positional_if(argc, argv, &i, KEY_OIF, "TARGETIF", req, b,
				resolve, err))
		return -1;
	if (behavior_accepts(b, KEY_IIF) &&
	    parse_positional_if(argc, argv, &i, KEY_IIF, "SOURCEIF", req, b,
				resolve, err))
		return -1;

	for (; i < argc; i += 2) {
		const char *word = argv[i];

		if (!strcmp(word, "left") && behavior_accepts(b, KEY_SEGS)) {
			static const struct key_desc left_kd = {
				.name = "left", .kind = KIND_U32, .max = SREXT_SEGS_MAX - 1,
			};

			if (has_left)
				return fail(err, "duplicate \"left\".");
			if (i + 1 >= argc)
				return fail(err, "missing value for \"left\".");
			if (parse_u32(&left_kd, argv[i + 1], &left, err))
				return -1;
			has_left = true;
			continue;
		}
		k = key_by_name(word);
		if (k < 0 || k == KEY_BEHAVIOR || k == KEY_MAC ||
		    k == KEY_NH6 || k == KEY_NH4 || k == KEY_OIF || k == KEY_IIF)
			return fail(err, "unexpected argument \"%s\" for %s.", word, b->name);
		if (!behavior_accepts(b, k))
			return not_valid(err, k, b);
		if (check_parent(k, req, err))
			return -1;
		if (req->present & KEY_BIT(k))
			return fail(err, "duplicate \"%s\".", word);
		if (i + 1 >= argc)
			return fail(err, "missing value for \"%s\".", word);
		if (parse_value(k, argv[i + 1], &req->val[k], resolve, err))
			return -1;
		req->present |= KEY_BIT(k);
	}
	if (check_required(req, b, err))
		return -1;
	if (has_left && left + 1 != req->val[KEY_SEGS].segs.count)
		return fail(err, "invalid value \"%u\" for \"left\": srext pushes every segment, so it must be %u.",
			    left, req->val[KEY_SEGS].segs.count - 1);
	return 0;
}

/* ---- global options ---- */

/* -j, -p, -s and -f may be bundled: "-js". */
static bool short_flags(const char *arg, struct options *opts)
{
	const char *c;

	if (arg[0] != '-' || !arg[1] || arg[1] == '-')
		return false;
	for (c = arg + 1; *c; c++)
		if (!strchr("jpsf", *c))
			return false;
	for (c = arg + 1; *c; c++) {
		if (*c == 'j')
			opts->json = true;
		else if (*c == 'p')
			opts->pretty = true;
		else if (*c == 's')
			opts->stats = true;
		else
			opts->force = true;
	}
	return true;
}

/* "-n NAME", "--netns NAME" and "--netns=NAME"; the same for -b. */
static int option_value(int argc, char **argv, int *i, const char *s,
			const char *l, const char **out, struct parse_err *err)
{
	const char *arg = argv[*i];
	size_t len = strlen(l);

	const char *name = arg;

	if (!strncmp(arg, l, len) && arg[len] == '=') {
		*out = arg + len + 1;
		name = l;
	} else if (!strcmp(arg, s) || !strcmp(arg, l)) {
		if (*i + 1 >= argc)
			return fail(err, "missing value for \"%s\".", arg);
		*out = argv[++*i];
	} else {
		return 1;
	}
	if (!**out)
		return fail(err, "empty value for \"%s\".", name);
	return 0;
}

/**
 * parse_options() - parse the global options before the object
 * @argc: number of words, argv[0] included
 * @argv: the command line
 * @opts: gets the options
 * @next: index of the first word after the options
 * @err: the message when an option is wrong
 *
 * Stops at the first word that is not an option, after "--", or at -h or
 * -V (opts->help, opts->version).
 *
 * Return: 0, or -1 with @err set.
 */
int parse_options(int argc, char **argv, struct options *opts, int *next,
		  struct parse_err *err)
{
	const struct {
		const char *s, *l;
		bool *flag;
	} flags[] = {
		{ "-j", "--json",    &opts->json },
		{ "-p", "--pretty",  &opts->pretty },
		{ "-s", "--stats",   &opts->stats },
		{ "-f", "--force",   &opts->force },
		{ "-h", "--help",    &opts->help },
		{ "-V", "--version", &opts->version },
	};
	size_t f;
	int i, r;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (arg[0] != '-' || !arg[1])
			break;
		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		for (f = 0; f < ARRAY_SIZE(flags); f++)
			if (!strcmp(arg, flags[f].s) || !strcmp(arg, flags[f].l))
				break;
		if (f < ARRAY_SIZE(flags)) {
			*flags[f].flag = true;
		} else if ((r = option_value(argc, argv, &i, "-n", "--netns",
					     &opts->netns, err)) <= 0 ||
			   (r = option_value(argc, argv, &i, "-b", "--batch",
					     &opts->batch, err)) <= 0) {
			if (r < 0)
				return -1;
		} else if (!short_flags(arg, opts)) {
			return fail(err, "unknown option \"%s\", try \"srconf -h\".", arg);
		}
		if (opts->help || opts->version) {
			i++;
			break;
		}
	}
	*next = i;
	return 0;
}

/* ---- batch files ---- */

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

/**
 * parse_batch_line() - split one line of a batch file into words, in place
 * @line: the line; overwritten with the words, each NUL-terminated
 * @argv: BATCH_ARGS_MAX slots; gets the words and a NULL after them
 * @argc: gets the number of words (0 for a blank or comment line)
 * @err: the message when the line is wrong
 *
 * Words are separated by blanks. As in a shell, '...' quotes literally,
 * "..." quotes with \" and \\ escaped, a backslash outside quotes escapes
 * the next character, and a '#' starting a word starts a comment that
 * runs to the end of the line.
 *
 * Return: 0, or -1 with @err set.
 */
int parse_batch_line(char *line, char **argv, int *argc, struct parse_err *err)
{
	char *r = line, *w = line;
	int n = 0;

	for (;;) {
		while (blank(*r))
			r++;
		if (!*r || *r == '#')
			break;
		if (n == BATCH_ARGS_MAX - 1)
			return fail(err, "too many words (at most %d).", BATCH_ARGS_MAX - 1);
		argv[n++] = w;
		while (*r && !blank(*r)) {
			char q = *r;

			if (q == '\'' || q == '"') {
				for (r++; *r && *r != q; r++) {
					if (q == '"' && *r == '\\' &&
					    (r[1] == '"' || r[1] == '\\'))
						r++;
					*w++ = *r;
				}
				if (!*r)
					return fail(err, "missing closing %s.",
						    q == '"' ? "'\"'" : "\"'\"");
				r++;
			} else if (q == '\\') {
				if (!r[1])
					return fail(err, "backslash at the end of the line.");
				*w++ = r[1];
				r += 2;
			} else {
				*w++ = *r++;
			}
		}
		/* w <= r: the terminator never overwrites unread text */
		if (*r)
			r++;
		*w++ = '\0';
	}
	argv[n] = NULL;
	*argc = n;
	return 0;
}
