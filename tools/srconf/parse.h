/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line parsing for srconf: word matching, the behaviour, keyword and
 * drop-reason name tables, and the parsers of the sid commands. Nothing in
 * here talks netlink or prints, so every function can be unit-tested and
 * fuzzed; errors come back as text in struct parse_err.
 */
#ifndef SRCONF_PARSE_H
#define SRCONF_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include <srext.h>

#include "srconf.h"

#define PARSE_ERR_LEN 512

/* The message printed after "Error: ", ending with a period. */
struct parse_err {
	char msg[PARSE_ERR_LEN];
};

enum {
	MATCH_NONE = -1,
	MATCH_AMBIGUOUS = -2,
};

int command_match(const struct command *table, size_t n, const char *word);

/*
 * Keywords of "sid add", in the order their values are printed (text and
 * JSON). KEY_END terminates the per-behaviour keyword lists.
 */
enum key_id {
	KEY_BEHAVIOR,
	KEY_NH6,
	KEY_NH4,
	KEY_MAC,
	KEY_OIF,
	KEY_IIF,
	KEY_SRC,
	KEY_SEGS,
	KEY_TABLE,
	KEY_CACHE,
	KEY_MAX,
	KEY_TIMEOUT,
	KEY_COUNT,
	KEY_END = KEY_COUNT,
};

enum key_kind {
	KIND_BEHAVIOR,	/* u32, enum srext_behavior, by name */
	KIND_ADDR6,	/* binary[16] */
	KIND_ADDR4,	/* binary[4] */
	KIND_LLADDR,	/* binary[6], "aa:bb:cc:dd:ee:ff" */
	KIND_IFINDEX,	/* u32 ifindex, by interface name */
	KIND_SEGS,	/* nest of binary[16] SREXT_A_SEG_ADDR, "A,B,..." */
	KIND_CHOICE,	/* u32, one of the key's choices, by name */
	KIND_U32,	/* u32, decimal, from the key's min to max */
};

/* A named value of a KIND_CHOICE keyword ("cache flow"). */
struct key_choice {
	const char *name;
	uint32_t value;
	bool text_default;	/* the default: left out of the text output */
};

/*
 * A keyword that belongs to a choice of another one and is accepted only
 * after it on the command line ("max" after "cache flow"); printed inside
 * that choice.
 */
struct key_parent {
	enum key_id key;	/* the KIND_CHOICE keyword */
	uint32_t value;		/* the choice */
};

struct key_desc {
	const char *name;	/* keyword on the command line and JSON key */
	enum key_kind kind;
	int attr;		/* SREXT_A_SID_* carrying the value */
	const char *metavar;	/* placeholder in the usage text */
	const struct key_choice *choices;	/* KIND_CHOICE, in usage order */
	size_t nchoices;
	uint32_t min, max;	/* KIND_U32 */
	const struct key_parent *parent;	/* NULL: a keyword of its own */
	unsigned int excludes;	/* KEY_BIT()s it stands in for ("mac": nh6, nh4) */
};

#define KEY_BIT(k) (1u << (k))

extern const struct key_desc key_table[KEY_COUNT];

const char *key_choice_name(enum key_id key, uint32_t value, char *buf,
			    size_t len);
const struct key_choice *key_choice_find(enum key_id key, uint32_t value);
bool key_has_children(enum key_id key, uint32_t value);

/*
 * Who implements a behaviour: srext.ko (genl family SREXT) or the kernel's
 * own seg6local lightweight tunnel, programmed as a route over rtnetlink.
 */
enum owner {
	OWNER_SREXT,
	OWNER_SEG6LOCAL,
};

struct behavior_desc {
	enum owner owner;
	uint32_t type;			/* enum srext_behavior or SEG6_LOCAL_ACTION_* */
	const char *name;		/* canonical spelling */
	const enum key_id *required;	/* in grammar order, KEY_END ends */
	const enum key_id *optional;	/* KEY_END ends */
};

extern const struct behavior_desc behavior_table[];
extern const size_t behavior_count;

const struct behavior_desc *behavior_by_name(const char *name);
const struct behavior_desc *behavior_by_type(enum owner owner, uint32_t type);
const char *owner_name(enum owner owner);
bool behavior_accepts(const struct behavior_desc *b, enum key_id key);
bool behavior_requires(const struct behavior_desc *b, enum key_id key);
const char *behavior_name(enum owner owner, uint32_t type, char *buf,
			  size_t len);
const char *drop_reason_name(uint32_t reason, char *buf, size_t len);

/* The segments of a KIND_SEGS value, in the order packets visit them. */
struct seg_list {
	unsigned int count;		/* 1..SREXT_SEGS_MAX once parsed */
	struct in6_addr addr[SREXT_SEGS_MAX];
};

union key_value {
	struct in6_addr in6;
	struct in_addr in4;
	uint8_t lladdr[6];
	uint32_t u32;
	struct seg_list segs;
};

struct sid_req {
	struct in6_addr sid;
	bool has_sid;
	const struct behavior_desc *behavior;	/* "add" only */
	unsigned int present;		/* bit (1u << enum key_id) per value */
	union key_value val[KEY_COUNT];
};

/* Maps an interface name to its ifindex, 0 if there is none. */
typedef unsigned int (*ifindex_resolver)(const char *name);

int parse_addr6(const char *word, const char *key, struct in6_addr *out,
		struct parse_err *err);
int parse_sid_add(int argc, char **argv, struct sid_req *req,
		  ifindex_resolver resolve, struct parse_err *err);
int parse_sid_ref(int argc, char **argv, struct sid_req *req, bool optional,
		  struct parse_err *err);
int parse_no_args(int argc, char **argv, struct parse_err *err);
int parse_localsid_add(int argc, char **argv, struct sid_req *req,
		       ifindex_resolver resolve, struct parse_err *err);
int parse_options(int argc, char **argv, struct options *opts, int *next,
		  struct parse_err *err);

/* Most words on one line of a batch file. */
#define BATCH_ARGS_MAX 256

int parse_batch_line(char *line, char **argv, int *argc,
		     struct parse_err *err);

#endif /* SRCONF_PARSE_H */
