// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the pure parts of srconf: prefix matching, the name tables,
 * the keyword parser, the JSON string writer and the extack decoder.
 *
 *   unit_test          run the checks, print KTAP-style diagnostics,
 *                      exit 0 if all passed, 1 otherwise
 *   unit_test json     write a JSON array of awkward strings (cli_test.sh
 *                      feeds it to jq and compares the decoded values)
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/seg6_local.h>
#include <srext.h>

#include "genl.h"
#include "parse.h"
#include "print.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int failures, checks;

__attribute__((format(printf, 2, 3)))
static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (ok)
		return;
	failures++;
	printf("# FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static int fn_a(int argc, char **argv, const struct options *o)
{
	(void)argc; (void)argv; (void)o;
	return 0;
}

static int fn_b(int argc, char **argv, const struct options *o)
{
	(void)argc; (void)argv; (void)o;
	return 1;
}

static void test_command_match(void)
{
	static const struct command t[] = {
		{ "show",   fn_a, NULL, "x" },
		{ "list",   fn_a, NULL, NULL },
		{ "ls",     fn_a, NULL, NULL },
		{ "set",    fn_b, NULL, "y" },
		{ "sets",   fn_a, NULL, "z" },
	};
	size_t n = ARRAY_SIZE(t);

	check(command_match(t, n, "show") == 0, "exact show");
	check(command_match(t, n, "sh") == 0, "prefix sh");
	check(command_match(t, n, "l") == 1, "alias prefix l is not ambiguous");
	check(command_match(t, n, "s") == MATCH_AMBIGUOUS, "s is ambiguous");
	check(command_match(t, n, "se") == MATCH_AMBIGUOUS, "se is ambiguous");
	check(command_match(t, n, "set") == 3, "exact set wins over sets");
	check(command_match(t, n, "setsx") == MATCH_NONE, "longer than any name");
	check(command_match(t, n, "") == MATCH_NONE, "empty word");
	check(command_match(t, n, "x") == MATCH_NONE, "unknown word");
}

static void test_tables(void)
{
	char buf[32];
	uint32_t i;

	for (i = 1; i <= SREXT_BEHAVIOR_MAX; i++)
		check(behavior_by_type(OWNER_SREXT, i) != NULL,
		      "behavior %u of the uAPI has a row in behavior_table", i);
	for (i = 0; i < behavior_count; i++)
		check(behavior_by_name(behavior_table[i].name) == &behavior_table[i],
		      "behavior row %u found by its name", i);
	check(behavior_by_name("end.ad6") && behavior_by_name("END.AD6") &&
	      behavior_by_name("End.AD6"), "behavior names are case-insensitive");
	check(!behavior_by_name("End.AD"), "no prefix match for behaviors");
	check(!strcmp(behavior_name(OWNER_SREXT, SREXT_BEHAVIOR_END_AD6, buf, sizeof(buf)), "End.AD6"),
	      "End.AD6 printed canonically");
	check(!strcmp(behavior_name(OWNER_SREXT, SREXT_BEHAVIOR_END_AD4, buf, sizeof(buf)), "End.AD4") &&
	      !strcmp(behavior_name(OWNER_SREXT, SREXT_BEHAVIOR_END_AS6, buf, sizeof(buf)), "End.AS6") &&
	      !strcmp(behavior_name(OWNER_SREXT, SREXT_BEHAVIOR_END_AS4, buf, sizeof(buf)), "End.AS4") &&
	      !strcmp(behavior_name(OWNER_SREXT, SREXT_BEHAVIOR_END_AM, buf, sizeof(buf)), "End.AM"),
	      "End.AD4, End.AS6, End.AS4, End.AM printed canonically");
	check(behavior_by_name("end.am") == behavior_by_type(OWNER_SREXT, SREXT_BEHAVIOR_END_AM) &&
	      behavior_by_name("END.AS4") == behavior_by_type(OWNER_SREXT, SREXT_BEHAVIOR_END_AS4),
	      "new behavior names are case-insensitive");
	for (i = 0; i < KEY_COUNT; i++)
		check(key_table[i].name && (key_table[i].attr > 0 || i == KEY_TABLE) &&
		      key_table[i].metavar,
		      "keyword %u has a row in key_table", i);
	check(!strcmp(behavior_name(OWNER_SREXT, 99, buf, sizeof(buf)), "behavior_99"),
	      "unknown behavior printed behavior_99");
	for (i = 1; i <= SREXT_DROP_MAX; i++)
		check(strncmp(drop_reason_name(i, buf, sizeof(buf)), "reason_", 7),
		      "drop reason %u of the uAPI has a name", i);
	check(!strcmp(drop_reason_name(SREXT_DROP_TOO_BIG, buf, sizeof(buf)), "too_big"),
	      "too_big");
	check(!strcmp(drop_reason_name(SREXT_DROP_MAX + 1, buf, sizeof(buf)), "reason_12")
	      || SREXT_DROP_MAX + 1 != 12, "unknown reason printed reason_<N>");
	check(!strcmp(drop_reason_name(0, buf, sizeof(buf)), "reason_0"), "reason 0");
}

static unsigned int fake_resolve(const char *name)
{
	if (!strcmp(name, "veth0"))
		return 7;
	if (!strcmp(name, "veth1"))
		return 8;
	return 0;
}

/* Parse a space-separated command line; expect @msg ("" for success). */
static void expect_add(const char *line, const char *msg)
{
	char copy[4096], *argv[32], *tok;
	struct parse_err err = { "" };
	struct sid_req req;
	int argc = 0, ret;

	snprintf(copy, sizeof(copy), "%s", line);
	for (tok = strtok(copy, " "); tok && argc < 32; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	ret = parse_sid_add(argc, argv, &req, fake_resolve, &err);
	if (!*msg)
		check(ret == 0, "\"%s\" parses, got \"%s\"", line, err.msg);
	else
		check(ret == -1 && !strcmp(err.msg, msg),
		      "\"%s\": want \"%s\", got \"%s\"", line, msg, err.msg);
}

/* "@head segs fc00:e::1,...,fc00:e::<@n in hex>@tail" */
static void segs_line(char *buf, size_t len, const char *head, int n, const char *tail)
{
	size_t off;
	int i;

	off = (size_t)snprintf(buf, len, "%s segs ", head);
	for (i = 1; i <= n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%sfc00:e::%x", i > 1 ? "," : "", i);
	if (off < len)
		snprintf(buf + off, len - off, "%s", tail);
}

static void test_parse_add(void)
{
	char *argv[] = { "fc00::1", "iif", "veth1", "behavior", "End.ad6",
			 "oif", "veth0", "nh6", "fd00::2" };
	struct parse_err err;
	struct sid_req req;
	struct in6_addr a;

	check(parse_sid_add(ARRAY_SIZE(argv), argv, &req, fake_resolve, &err) == 0,
	      "any keyword order");
	inet_pton(AF_INET6, "fd00::2", &a);
	check(req.has_sid &&
	      req.present == (1u << KEY_BEHAVIOR | 1u << KEY_NH6 | 1u << KEY_OIF |
			      1u << KEY_IIF) &&
	      req.val[KEY_BEHAVIOR].u32 == SREXT_BEHAVIOR_END_AD6 &&
	      req.val[KEY_OIF].u32 == 7 && req.val[KEY_IIF].u32 == 8 &&
	      !memcmp(&req.val[KEY_NH6].in6, &a, sizeof(a)), "values stored");

	expect_add("fc00::1 behavior end.ad6 nh6 fd00::2 oif veth0 iif veth1", "");
	expect_add("", "missing SID.");
	expect_add("fc00::1", "missing \"behavior\".");
	expect_add("fc00::1 nh6 fd00::2", "missing \"behavior\".");
	expect_add("10.0.0.1 behavior end.ad6", "invalid address \"10.0.0.1\" for \"sid\": expected an IPv6 address.");
	expect_add("fc00::1 behavior end.ad6 nh6 fd00::2/64", "invalid address \"fd00::2/64\" for \"nh6\": expected an IPv6 address.");
	expect_add("fc00::1 behavior end.ad7", "unknown behavior \"end.ad7\".");
	expect_add("fc00::1 behavior end.ad6", "missing \"nh6\" (or \"mac\") for End.AD6.");
	expect_add("fc00::1 behavior end.ad6 iif veth0 nh6 fd00::2", "missing \"oif\" for End.AD6.");
	expect_add("fc00::1 behavior end.ad6 nh6 fd00::2 oif veth0", "missing \"iif\" for End.AD6.");
	expect_add("fc00::1 behavior end.ad6 nh6", "missing value for \"nh6\".");
	expect_add("fc00::1 behavior end.ad6 nh6 fd00::2 nh6 fd00::3", "duplicate \"nh6\".");
	expect_add("fc00::1 behavior end.ad6 foo bar", "unknown keyword \"foo\" for End.AD6.");
	expect_add("fc00::1 foo bar", "unknown keyword \"foo\".");
	expect_add("fc00::1 behavior end.ad6 oif veth9", "unknown interface \"veth9\" for \"oif\".");
	expect_add("fc00::1 behavior end.ad6 iif lo", "unknown interface \"lo\" for \"iif\".");
}

#define AS6 "fc00::1 behavior end.as6 nh6 fd00::2 oif veth0 iif veth1 src fd00::3"
#define AS4 "fc00::1 behavior end.as4 nh4 10.0.0.2 oif veth0 iif veth1 src fd00::3"

static void test_parse_new_behaviors(void)
{
	char *argv[] = { "fc00::1", "segs", "fc00:e::d6,fc00:9::1,fc00:e::d6",
			 "behavior", "END.as4", "src", "fd00::3", "iif", "veth1",
			 "oif", "veth0", "nh4", "192.0.2.2" };
	char line[4096];
	struct parse_err err;
	struct sid_req req;
	struct in6_addr a, b;
	struct in_addr v4;

	check(parse_sid_add(ARRAY_SIZE(argv), argv, &req, fake_resolve, &err) == 0,
	      "End.AS4 in any keyword order: %s", err.msg);
	inet_pton(AF_INET6, "fc00:e::d6", &a);
	inet_pton(AF_INET6, "fc00:9::1", &b);
	inet_pton(AF_INET, "192.0.2.2", &v4);
	check(req.val[KEY_BEHAVIOR].u32 == SREXT_BEHAVIOR_END_AS4 &&
	      req.present == (1u << KEY_BEHAVIOR | 1u << KEY_NH4 | 1u << KEY_OIF |
			      1u << KEY_IIF | 1u << KEY_SRC | 1u << KEY_SEGS),
	      "End.AS4 keywords present");
	check(!memcmp(&req.val[KEY_NH4].in4, &v4, sizeof(v4)), "nh4 stored in network order");
	check(req.val[KEY_SEGS].segs.count == 3 &&
	      !memcmp(&req.val[KEY_SEGS].segs.addr[0], &a, sizeof(a)) &&
	      !memcmp(&req.val[KEY_SEGS].segs.addr[1], &b, sizeof(b)) &&
	      !memcmp(&req.val[KEY_SEGS].segs.addr[2], &a, sizeof(a)),
	      "segments stored in the order given, repeats kept");

	expect_add("fc00::1 behavior End.AD4 nh4 10.0.0.2 oif veth0 iif veth1", "");
	expect_add("fc00::1 behavior end.am nh6 fd00::2 oif veth0 iif veth1", "");
	expect_add(AS6 " segs fc00:e::1", "");
	expect_add(AS4 " segs fc00:e::1,fc00:e::2", "");
	segs_line(line, sizeof(line), AS6, SREXT_SEGS_MAX, "");
	expect_add(line, "");

	/* keywords a behaviour does not take */
	expect_add("fc00::1 behavior end.ad6 src fd00::3", "\"src\" is not valid for End.AD6.");
	expect_add("fc00::1 behavior end.ad6 nh4 10.0.0.2", "\"nh4\" is not valid for End.AD6.");
	expect_add("fc00::1 behavior end.ad6 segs fc00::2", "\"segs\" is not valid for End.AD6.");
	expect_add("fc00::1 behavior end.ad4 nh6 fd00::2", "\"nh6\" is not valid for End.AD4.");
	expect_add("fc00::1 behavior end.ad4 src fd00::2", "\"src\" is not valid for End.AD4.");
	expect_add("fc00::1 behavior end.am segs fc00::2", "\"segs\" is not valid for End.AM.");
	expect_add("fc00::1 behavior end.as6 nh4 10.0.0.2", "\"nh4\" is not valid for End.AS6.");
	expect_add("fc00::1 behavior end.as4 nh6 fd00::2", "\"nh6\" is not valid for End.AS4.");
	expect_add("fc00::1 behavior end.ad6 nh4 zz", "\"nh4\" is not valid for End.AD6.");
	expect_add("fc00::1 nh4 10.0.0.2 behavior end.ad6 nh6 fd00::2 oif veth0 iif veth1",
		   "\"nh4\" is not valid for End.AD6.");
	expect_add("fc00::1 segs fc00::2 src fd00::3 behavior end.ad6",
		   "\"segs\" is not valid for End.AD6.");
	expect_add("fc00::1 behavior end.ad6 bogus x", "unknown keyword \"bogus\" for End.AD6.");

	/* missing keywords, in grammar order */
	expect_add("fc00::1 behavior end.ad4", "missing \"nh4\" (or \"mac\") for End.AD4.");
	expect_add("fc00::1 behavior end.am", "missing \"nh6\" (or \"mac\") for End.AM.");
	expect_add("fc00::1 behavior end.as6 segs fc00::2 src fd00::3 iif veth1 oif veth0",
		   "missing \"nh6\" (or \"mac\") for End.AS6.");
	expect_add("fc00::1 behavior end.as4 nh4 10.0.0.2 segs fc00::2 src fd00::3 iif veth1",
		   "missing \"oif\" for End.AS4.");
	expect_add("fc00::1 behavior end.as6 nh6 fd00::2 oif veth0 segs fc00::2",
		   "missing \"iif\" for End.AS6.");
	expect_add("fc00::1 behavior end.as6 nh6 fd00::2 oif veth0 iif veth1 segs fc00::2",
		   "missing \"src\" for End.AS6.");
	expect_add(AS6, "missing \"segs\" for End.AS6.");
	expect_add(AS4, "missing \"segs\" for End.AS4.");

	/* values */
	expect_add("fc00::1 behavior end.ad4 nh4 fd00::2", "invalid address \"fd00::2\" for \"nh4\": expected an IPv4 address.");
	expect_add("fc00::1 behavior end.ad4 nh4 10.0.0", "invalid address \"10.0.0\" for \"nh4\": expected an IPv4 address.");
	expect_add("fc00::1 behavior end.ad4 nh4 10.0.0.2/24", "invalid address \"10.0.0.2/24\" for \"nh4\": expected an IPv4 address.");
	expect_add("fc00::1 behavior end.as6 src 10.0.0.2", "invalid address \"10.0.0.2\" for \"src\": expected an IPv6 address.");
	expect_add(AS6 " segs fc00::1,zz,fc00::3", "invalid address \"zz\" for \"segs\": expected an IPv6 address.");
	expect_add(AS6 " segs 10.0.0.1", "invalid address \"10.0.0.1\" for \"segs\": expected an IPv6 address.");
	expect_add(AS6 " segs fc00::1,,fc00::3", "invalid address \"\" for \"segs\": expected an IPv6 address.");
	expect_add(AS6 " segs fc00::1,", "invalid address \"\" for \"segs\": expected an IPv6 address.");
	expect_add(AS6 " segs ,fc00::1", "invalid address \"\" for \"segs\": expected an IPv6 address.");
	expect_add(AS6 " segs ,", "invalid address \"\" for \"segs\": expected an IPv6 address.");
	expect_add(AS6 " segs fc00::1,0000:0000:0000:0000:0000:0000:0000:0000:0000:0001",
		   "invalid address \"0000:0000:0000:0000:0000:0000:0000:0000:0000:0001\" for \"segs\": expected an IPv6 address.");
	expect_add(AS6 " segs fc00::1,0000:0000:0000:0000:0000:ffff:255.255.255.255", "");
	segs_line(line, sizeof(line), AS6, SREXT_SEGS_MAX + 1, "");
	expect_add(line, "too many segments for \"segs\" (at most 64).");
	segs_line(line, sizeof(line), AS6, SREXT_SEGS_MAX, ",zz");
	expect_add(line, "too many segments for \"segs\" (at most 64).");
	segs_line(line, sizeof(line), AS6, SREXT_SEGS_MAX - 1, ",zz");
	expect_add(line, "invalid address \"zz\" for \"segs\": expected an IPv6 address.");
	expect_add(AS6 " segs fc00::1 segs fc00::2", "duplicate \"segs\".");
	expect_add(AS6 " segs", "missing value for \"segs\".");
}

#define AD6 "fc00::1 behavior end.ad6 nh6 fd00::2 oif veth0 iif veth1"
#define AD4 "fc00::1 behavior end.ad4 nh4 10.0.0.2 oif veth0 iif veth1"
#define MAXMSG(v) "invalid value \"" v "\" for \"max\": expected an integer from 1 to 1048576."
#define TOMSG(v) "invalid value \"" v "\" for \"timeout\": expected an integer from 1 to 86400."
#define CACHEMSG(v) "invalid value \"" v "\" for \"cache\": expected \"flow\" or \"interface\"."

/* Split @line at spaces into @argv (at most 64 words); returns argc. */
static int split(char *copy, size_t len, const char *line, char **argv)
{
	char *tok;
	int argc = 0;

	snprintf(copy, len, "%s", line);
	for (tok = strtok(copy, " "); tok && argc < 64; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	return argc;
}

static void expect_localsid(const char *line, const char *msg)
{
	char copy[4096], *argv[64];
	struct parse_err err = { "" };
	struct sid_req req;
	int argc = split(copy, sizeof(copy), line, argv), ret;

	ret = parse_localsid_add(argc, argv, &req, fake_resolve, &err);
	if (!*msg)
		check(ret == 0, "localsid \"%s\" parses, got \"%s\"", line, err.msg);
	else
		check(ret == -1 && !strcmp(err.msg, msg),
		      "localsid \"%s\": want \"%s\", got \"%s\"", line, msg, err.msg);
}

static void test_mac_and_seg6local(void)
{
	char copy[4096], *argv[64];
	struct parse_err err;
	struct sid_req req;
	int argc;
	static const uint8_t mac[6] = { 0x02, 0x00, 0x0a, 0xbb, 0xcc, 0x0d };

	argc = split(copy, sizeof(copy),
		     "fc00::1 behavior end.ad6 mac 02:00:0A:bb:cc:d oif veth0 iif veth1", argv);
	check(!parse_sid_add(argc, argv, &req, fake_resolve, &err) &&
	      (req.present & KEY_BIT(KEY_MAC)) && !(req.present & KEY_BIT(KEY_NH6)) &&
	      !memcmp(req.val[KEY_MAC].lladdr, mac, 6) &&
	      req.behavior->owner == OWNER_SREXT, "mac stands in for nh6");
	expect_add("fc00::1 behavior end.ad4 mac 02-00-0a-bb-cc-0d oif veth0 iif veth1", "");
	expect_add("fc00::1 behavior end.am mac 02:00:00:00:00:01 oif veth0 iif veth1", "");
	expect_add("fc00::1 behavior end.ad6 nh6 fd00::2 mac 02:00:00:00:00:01",
		   "\"nh6\" and \"mac\" exclude each other.");
	expect_add("fc00::1 mac 02:00:00:00:00:01 nh6 fd00::2",
		   "\"mac\" and \"nh6\" exclude each other.");
	expect_add("fc00::1 behavior end.ad6 mac 02:00:00:00:00",
		   "invalid address \"02:00:00:00:00\" for \"mac\": expected a link-layer address like 02:00:00:00:00:01.");
	expect_add("fc00::1 behavior end.ad6 mac 02:00:00:00:00:01:02",
		   "invalid address \"02:00:00:00:00:01:02\" for \"mac\": expected a link-layer address like 02:00:00:00:00:01.");
	expect_add("fc00::1 behavior end.ad6 mac 002:00:00:00:00:01",
		   "invalid address \"002:00:00:00:00:01\" for \"mac\": expected a link-layer address like 02:00:00:00:00:01.");
	expect_add("fc00::1 behavior end.ad6 mac g2:00:00:00:00:01",
		   "invalid address \"g2:00:00:00:00:01\" for \"mac\": expected a link-layer address like 02:00:00:00:00:01.");
	expect_add("fc00::1 behavior end.ad6 mac :::::",
		   "invalid address \":::::\" for \"mac\": expected a link-layer address like 02:00:00:00:00:01.");

	/* the kernel's behaviours */
	argc = split(copy, sizeof(copy), "fc00::1 behavior END", argv);
	check(!parse_sid_add(argc, argv, &req, fake_resolve, &err) &&
	      req.behavior->owner == OWNER_SEG6LOCAL &&
	      req.behavior->type == SEG6_LOCAL_ACTION_END, "End is seg6local's");
	expect_add("fc00::1 behavior end.x nh6 fd00::2", "");
	expect_add("fc00::1 behavior end.x nh6 fd00::2 oif veth0", "");
	expect_add("fc00::1 behavior end.x", "missing \"nh6\" for End.X.");
	expect_add("fc00::1 behavior end.x mac 02:00:00:00:00:01", "\"mac\" is not valid for End.X.");
	expect_add("fc00::1 behavior end.x nh6 fd00::2 iif veth0", "\"iif\" is not valid for End.X.");
	expect_add("fc00::1 behavior end.dx6 nh6 fd00::2", "missing \"oif\" for End.DX6.");
	expect_add("fc00::1 behavior end.dx6 nh6 fd00::2 oif veth0", "");
	expect_add("fc00::1 behavior end.dx4 nh4 10.0.0.1 oif veth0", "");
	expect_add("fc00::1 behavior end.dx4 nh6 fd00::2 oif veth0", "\"nh6\" is not valid for End.DX4.");
	expect_add("fc00::1 behavior end.dt6 table 100", "");
	expect_add("fc00::1 behavior end.dt6", "missing \"table\" for End.DT6.");
	expect_add("fc00::1 behavior end.dt6 table 0",
		   "invalid value \"0\" for \"table\": expected an integer from 1 to 4294967295.");
	expect_add("fc00::1 behavior end.dt6 table 4294967296",
		   "invalid value \"4294967296\" for \"table\": expected an integer from 1 to 4294967295.");
	expect_add("fc00::1 behavior end table 5", "\"table\" is not valid for End.");
	expect_add("fc00::1 behavior end.ad6 nh6 fd00::2 oif veth0 iif veth1 table 5",
		   "\"table\" is not valid for End.AD6.");
	expect_add("fc00::1 behavior end cache flow", "\"cache\" is not valid for End.");
	expect_add("fc00::1 behavior End.DX2", "unknown behavior \"End.DX2\".");
}

static void test_localsid(void)
{
	char copy[4096], *argv[64];
	struct parse_err err;
	struct sid_req req;
	struct in6_addr a;
	int argc;

	argc = split(copy, sizeof(copy), "2::AD6:F1 end.ad6 ip 2:f1::f1 veth0 veth1", argv);
	inet_pton(AF_INET6, "2:f1::f1", &a);
	check(!parse_localsid_add(argc, argv, &req, fake_resolve, &err) &&
	      req.behavior->type == SREXT_BEHAVIOR_END_AD6 &&
	      req.behavior->owner == OWNER_SREXT &&
	      req.present == (KEY_BIT(KEY_BEHAVIOR) | KEY_BIT(KEY_NH6) |
			      KEY_BIT(KEY_OIF) | KEY_BIT(KEY_IIF)) &&
	      req.val[KEY_OIF].u32 == 7 && req.val[KEY_IIF].u32 == 8 &&
	      req.val[KEY_BEHAVIOR].u32 == SREXT_BEHAVIOR_END_AD6 &&
	      !memcmp(&req.val[KEY_NH6].in6, &a, sizeof(a)),
	      "the paper's end.ad6 line: TARGETIF is oif, SOURCEIF iif");
	argc = split(copy, sizeof(copy), "1::d6 end.dx6 ip a::2 veth0", argv);
	check(!parse_localsid_add(argc, argv, &req, fake_resolve, &err) &&
	      req.behavior->owner == OWNER_SEG6LOCAL &&
	      req.behavior->type == SEG6_LOCAL_ACTION_END_DX6 &&
	      req.val[KEY_OIF].u32 == 7, "the paper's end.dx6 line");
	expect_localsid("1::1 end", "");
	expect_localsid("1::1 END.AD4 ip 10.0.0.2 veth0 veth1", "");
	expect_localsid("1::1 end.ad4 mac 02:00:00:00:00:02 veth0 veth1", "");
	expect_localsid("1::1 end.am ip fd00::2 veth0 veth1", "");
	expect_localsid("1::1 end.x ip fd00::2 veth0", "");
	expect_localsid("1::1 end.dx4 ip 10.0.0.2 veth0", "");
	expect_localsid("1::1 end.dt6 table 254", "");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0 veth1 cache flow max 5", "");
	expect_localsid("1::1 end.as6 ip fd00::2 veth0 veth1 src fd00::3 segs fc00::1,fc00::2", "");
	expect_localsid("1::1 end.as6 ip fd00::2 veth0 veth1 src fd00::3 segs fc00::1,fc00::2 left 1", "");
	expect_localsid("1::1 end.as4 ip 10.0.0.2 veth0 veth1 segs fc00::1 src fd00::3 left 0", "");
	expect_localsid("1::1 end.as6 ip fd00::2 veth0 veth1 src fd00::3 segs fc00::1,fc00::2 left 2",
			"invalid value \"2\" for \"left\": srext pushes every segment, so it must be 1.");
	expect_localsid("1::1 end.as6 ip fd00::2 veth0 veth1 src fd00::3 segs fc00::1 left 0 left 0",
			"duplicate \"left\".");
	expect_localsid("1::1 end.as6 ip fd00::2 veth0 veth1 src fd00::3 segs fc00::1 left",
			"missing value for \"left\".");
	expect_localsid("1::1 end.as6 ip fd00::2 veth0 veth1 src fd00::3 segs fc00::1 left x",
			"invalid value \"x\" for \"left\": expected an integer from 0 to 63.");
	expect_localsid("1::1 end.as6 ip fd00::2 veth0 veth1 segs fc00::1",
			"missing \"src\" for End.AS6.");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0 veth1 left 0",
			"unexpected argument \"left\" for End.AD6.");
	expect_localsid("", "missing SID.");
	expect_localsid("1::1", "missing BEHAVIOUR.");
	expect_localsid("zz end", "invalid address \"zz\" for \"sid\": expected an IPv6 address.");
	expect_localsid("1::1 end.dx2 veth0", "unknown behavior \"end.dx2\".");
	expect_localsid("1::1 end.ad6", "missing NEXTHOP (\"ip ADDR\" or \"mac LLADDR\") for End.AD6.");
	expect_localsid("1::1 end.ad6 veth0 veth1",
			"expected NEXTHOP (\"ip ADDR\" or \"mac LLADDR\") for End.AD6, not \"veth0\".");
	expect_localsid("1::1 end.dx6 veth0",
			"expected NEXTHOP (\"ip ADDR\") for End.DX6, not \"veth0\".");
	expect_localsid("1::1 end.dx6 mac 02:00:00:00:00:01 veth0", "\"mac\" is not valid for End.DX6.");
	expect_localsid("1::1 end.ad6 ip", "missing value for \"ip\".");
	expect_localsid("1::1 end.ad6 ip 10.0.0.1 veth0 veth1",
			"invalid address \"10.0.0.1\" for \"ip\": expected an IPv6 address.");
	expect_localsid("1::1 end.ad4 ip fd00::1 veth0 veth1",
			"invalid address \"fd00::1\" for \"ip\": expected an IPv4 address.");
	expect_localsid("1::1 end.ad6 ip fd00::2", "missing TARGETIF for End.AD6.");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0", "missing SOURCEIF for End.AD6.");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth9 veth1", "unknown interface \"veth9\" for TARGETIF.");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0 veth9", "unknown interface \"veth9\" for SOURCEIF.");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0 veth1 veth1",
			"unexpected argument \"veth1\" for End.AD6.");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0 veth1 oif veth0",
			"unexpected argument \"oif\" for End.AD6.");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0 veth1 src fd00::1",
			"\"src\" is not valid for End.AD6.");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0 veth1 max 3",
			"\"max\" needs \"cache flow\".");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0 veth1 cache flow cache flow",
			"duplicate \"cache\".");
	expect_localsid("1::1 end.ad6 ip fd00::2 veth0 veth1 cache",
			"missing value for \"cache\".");
	expect_localsid("1::1 end.dt6", "missing \"table\" for End.DT6.");
	expect_localsid("1::1 end x", "unexpected argument \"x\" for End.");
}

static void expect_options(const char *line, int want_next, const char *msg)
{
	char copy[4096], *argv[65];
	struct parse_err err = { "" };
	struct options o = { .json = false };
	int argc, next = -1, ret;

	argv[0] = "srconf";
	argc = 1 + split(copy, sizeof(copy), line, argv + 1);
	ret = parse_options(argc, argv, &o, &next, &err);
	if (*msg)
		check(ret == -1 && !strcmp(err.msg, msg),
		      "options \"%s\": want \"%s\", got \"%s\"", line, msg, err.msg);
	else
		check(!ret && next == want_next, "options \"%s\": next %d, want %d (%s)",
		      line, next, want_next, err.msg);
}

static void test_long_word(void)
{
	char word[1000], *argv[] = { "fc00::1", "behavior", word };
	struct parse_err err;
	struct sid_req req;
	size_t len;

	memset(word, 'a', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	check(parse_sid_add(3, argv, &req, fake_resolve, &err) == -1, "long behavior refused");
	len = strlen(err.msg);
	check(len == sizeof(err.msg) - 1 && !strncmp(err.msg, "unknown behavior \"aaa", 21) &&
	      !strcmp(err.msg + len - 4, "a..."), "a cut message ends with \"...\": %s", err.msg + len - 8);
}

static void test_options(void)
{
	char *argv[] = { "srconf", "-jps", "--force", "-n", "ns1", "--batch=f.txt", "sid" };
	struct options o = { .json = false };
	struct parse_err err;
	int next;

	check(!parse_options(ARRAY_SIZE(argv), argv, &o, &next, &err) && next == 6 &&
	      o.json && o.pretty && o.stats && o.force && !o.help && !o.version &&
	      !strcmp(o.netns, "ns1") && !strcmp(o.batch, "f.txt"), "options stored");
	expect_options("sid show", 1, "");
	expect_options("-j sid", 2, "");
	expect_options("--json --pretty --stats -f sid", 5, "");
	expect_options("-jf -b - ", 4, "");
	expect_options("--netns=a -b x", 4, "");
	expect_options("-- -j", 2, "");
	expect_options("- sid", 1, "");
	expect_options("-h sid -x", 2, "");
	expect_options("-V -x", 2, "");
	expect_options("--version", 2, "");
	expect_options("-x", 0, "unknown option \"-x\", try \"srconf -h\".");
	expect_options("-jx", 0, "unknown option \"-jx\", try \"srconf -h\".");
	expect_options("--jsonx", 0, "unknown option \"--jsonx\", try \"srconf -h\".");
	expect_options("-n", 0, "missing value for \"-n\".");
	expect_options("--batch", 0, "missing value for \"--batch\".");
	expect_options("--netns=", 0, "empty value for \"--netns\".");
	expect_options("--batch=", 0, "empty value for \"--batch\".");
}

static void expect_batch(const char *line, int want_argc, const char *const *want,
			 const char *msg)
{
	char copy[4096], *argv[BATCH_ARGS_MAX];
	struct parse_err err = { "" };
	int argc = -1, ret, i, same;

	snprintf(copy, sizeof(copy), "%s", line);
	ret = parse_batch_line(copy, argv, &argc, &err);
	if (*msg) {
		check(ret == -1 && !strcmp(err.msg, msg),
		      "batch \"%s\": want \"%s\", got \"%s\"", line, msg, err.msg);
		return;
	}
	same = !ret && argc == want_argc && !argv[argc];
	for (i = 0; same && i < argc; i++)
		same = !strcmp(argv[i], want[i]);
	check(same, "batch \"%s\": %d words (%s)", line, argc, err.msg);
}

static void test_batch_line(void)
{
	static const char *const w1[] = { "sid", "del", "fc00::1" };
	static const char *const w2[] = { "a b", "c\"d", "e\\f", "", "g'h" };
	static const char *const w3[] = { "x y", "#z" };
	char line[BATCH_ARGS_MAX * 2 + 8];
	int i;

	expect_batch("sid del fc00::1\n", 3, w1, "");
	expect_batch("  \tsid   del\tfc00::1  # a comment\r\n", 3, w1, "");
	expect_batch("", 0, NULL, "");
	expect_batch("   \n", 0, NULL, "");
	expect_batch("# sid flush", 0, NULL, "");
	expect_batch("'a b' \"c\\\"d\" \"e\\\\f\" '' g\\'h", 5, w2, "");
	expect_batch("x\\ y \\#z", 2, w3, "");
	expect_batch("sid 'del", 0, NULL, "missing closing \"'\".");
	expect_batch("sid \"del", 0, NULL, "missing closing '\"'.");
	expect_batch("sid del\\", 0, NULL, "backslash at the end of the line.");
	for (i = 0; i < BATCH_ARGS_MAX; i++) {
		line[2 * i] = 'w';
		line[2 * i + 1] = ' ';
	}
	line[2 * BATCH_ARGS_MAX] = '\0';
	expect_batch(line, 0, NULL, "too many words (at most 255).");
	line[2 * (BATCH_ARGS_MAX - 1)] = '\0';
	{
		char *argv[BATCH_ARGS_MAX];
		struct parse_err err;
		int argc;

		check(!parse_batch_line(line, argv, &argc, &err) &&
		      argc == BATCH_ARGS_MAX - 1 && !argv[argc], "255 words fit");
	}
}

static void test_cache_tables(void)
{
	char buf[32];
	uint32_t m;
	int k;

	for (m = 0; m < __SREXT_CACHE_MAX; m++)
		check(key_choice_find(KEY_CACHE, m) != NULL,
		      "cache mode %u of the uAPI has a choice", m);
	check(!strcmp(key_choice_name(KEY_CACHE, SREXT_CACHE_IFACE, buf, sizeof(buf)), "interface") &&
	      !strcmp(key_choice_name(KEY_CACHE, SREXT_CACHE_FLOW, buf, sizeof(buf)), "flow"),
	      "cache modes named interface and flow");
	check(!strcmp(key_choice_name(KEY_CACHE, 7, buf, sizeof(buf)), "cache_7"),
	      "unknown cache mode printed cache_7");
	check(key_choice_find(KEY_CACHE, SREXT_CACHE_IFACE)->text_default &&
	      !key_choice_find(KEY_CACHE, SREXT_CACHE_FLOW)->text_default,
	      "interface is the default, left out of the text");
	check(key_has_children(KEY_CACHE, SREXT_CACHE_FLOW) &&
	      !key_has_children(KEY_CACHE, SREXT_CACHE_IFACE) &&
	      !key_has_children(KEY_CACHE, 7), "only cache flow takes max and timeout");
	for (k = 0; k < KEY_COUNT; k++) {
		const struct key_desc *kd = &key_table[k];

		if (kd->kind == KIND_CHOICE)
			check(kd->choices && kd->nchoices > 0, "keyword %s has choices", kd->name);
		if (kd->kind == KIND_U32)
			check(kd->min <= kd->max && kd->max > 0, "keyword %s has a range", kd->name);
		if (kd->parent)
			check(kd->parent->key < KEY_COUNT &&
			      key_table[kd->parent->key].kind == KIND_CHOICE &&
			      key_choice_find(kd->parent->key, kd->parent->value) &&
			      (int)kd->parent->key < k,
			      "keyword %s belongs to a choice printed before it", kd->name);
	}
	check(key_table[KEY_MAX].min == 1 && key_table[KEY_MAX].max == 1048576 &&
	      key_table[KEY_TIMEOUT].min == 1 && key_table[KEY_TIMEOUT].max == 86400,
	      "max and timeout ranges are those of the uAPI");
}

static void test_parse_cache(void)
{
	char *empty_max[] = { "fc00::1", "behavior", "end.ad6", "cache", "flow", "max", "" };
	char *empty_cache[] = { "fc00::1", "behavior", "end.ad6", "cache", "" };
	char *iface[] = { "fc00::1", "behavior", "end.ad6", "cache", "interface", "nh6",
			  "fd00::2", "oif", "veth0", "iif", "veth1" };
	char *argv[] = { "fc00::1", "cache", "flow", "behavior", "end.ad4", "timeout", "86400",
			 "nh4", "10.0.0.2", "max", "1048576", "oif", "veth0", "iif", "veth1" };
	struct parse_err err = { "" };
	struct sid_req req;
	int i;

	check(parse_sid_add(ARRAY_SIZE(argv), argv, &req, fake_resolve, &err) == 0,
	      "cache flow before behavior, max and timeout after it: %s", err.msg);
	check(req.present == (1u << KEY_BEHAVIOR | 1u << KEY_NH4 | 1u << KEY_OIF |
			      1u << KEY_IIF | 1u << KEY_CACHE | 1u << KEY_MAX |
			      1u << KEY_TIMEOUT) &&
	      req.val[KEY_CACHE].u32 == SREXT_CACHE_FLOW &&
	      req.val[KEY_MAX].u32 == 1048576 && req.val[KEY_TIMEOUT].u32 == 86400,
	      "cache flow, max and timeout stored");
	check(parse_sid_add(ARRAY_SIZE(iface), iface, &req, fake_resolve, &err) == 0 &&
	      (req.present & (1u << KEY_CACHE)) && req.val[KEY_CACHE].u32 == SREXT_CACHE_IFACE,
	      "cache interface stored as 0");

	expect_add(AD6 " cache flow", "");
	expect_add(AD6 " cache interface", "");
	expect_add(AD6 " cache flow max 2 timeout 2", "");
	expect_add(AD6 " cache flow timeout 1 max 1", "");
	expect_add(AD6 " cache flow max 01", "");
	expect_add(AD4 " cache flow max 2", "");
	expect_add(AD4 " cache interface", "");
	expect_add("fc00::1 cache flow nh6 fd00::2 max 3 behavior end.ad6 timeout 4 oif veth0 iif veth1", "");

	/* max and timeout only after cache flow */
	expect_add(AD6 " max 2", "\"max\" needs \"cache flow\".");
	expect_add(AD6 " timeout 2", "\"timeout\" needs \"cache flow\".");
	expect_add(AD6 " max 2 cache flow", "\"max\" needs \"cache flow\".");
	expect_add(AD6 " timeout 5 cache flow", "\"timeout\" needs \"cache flow\".");
	expect_add(AD6 " cache interface max 2", "\"max\" needs \"cache flow\".");
	expect_add(AD6 " cache interface timeout 2", "\"timeout\" needs \"cache flow\".");
	expect_add(AD4 " max 0", "\"max\" needs \"cache flow\".");
	expect_add("fc00::1 max 2 behavior end.ad6", "\"max\" needs \"cache flow\".");
	expect_add("fc00::1 behavior end.ad6 max", "\"max\" needs \"cache flow\".");

	/* values */
	expect_add(AD6 " cache flow max 0", MAXMSG("0"));
	expect_add(AD6 " cache flow max 1048577", MAXMSG("1048577"));
	expect_add(AD6 " cache flow max 4294967297", MAXMSG("4294967297"));
	expect_add(AD6 " cache flow max 18446744073709551617", MAXMSG("18446744073709551617"));
	expect_add(AD6 " cache flow max -1", MAXMSG("-1"));
	expect_add(AD6 " cache flow max +1", MAXMSG("+1"));
	expect_add(AD6 " cache flow max 0x10", MAXMSG("0x10"));
	expect_add(AD6 " cache flow max 1e3", MAXMSG("1e3"));
	expect_add(AD6 " cache flow max 2k", MAXMSG("2k"));
	expect_add(AD6 " cache flow timeout 0", TOMSG("0"));
	expect_add(AD6 " cache flow timeout 86401", TOMSG("86401"));
	expect_add(AD6 " cache flow timeout 1.5", TOMSG("1.5"));
	expect_add(AD6 " cache bogus", CACHEMSG("bogus"));
	expect_add(AD6 " cache Flow", CACHEMSG("Flow"));
	expect_add(AD6 " cache f", CACHEMSG("f"));
	expect_add(AD6 " cache 1", CACHEMSG("1"));
	check(parse_sid_add(ARRAY_SIZE(empty_max), empty_max, &req, fake_resolve, &err) == -1 &&
	      !strcmp(err.msg, MAXMSG("")), "empty max: got \"%s\"", err.msg);
	check(parse_sid_add(ARRAY_SIZE(empty_cache), empty_cache, &req, fake_resolve, &err) == -1 &&
	      !strcmp(err.msg, CACHEMSG("")), "empty cache: got \"%s\"", err.msg);

	/* duplicates and missing values */
	expect_add(AD6 " cache flow cache flow", "duplicate \"cache\".");
	expect_add(AD6 " cache flow cache interface", "duplicate \"cache\".");
	expect_add(AD6 " cache flow max 2 max 3", "duplicate \"max\".");
	expect_add(AD6 " cache flow timeout 2 timeout 3", "duplicate \"timeout\".");
	expect_add(AD6 " cache", "missing value for \"cache\".");
	expect_add(AD6 " cache flow max", "missing value for \"max\".");
	expect_add(AD6 " cache flow timeout", "missing value for \"timeout\".");

	/* other behaviours */
	for (i = 0; i < 3; i++) {
		static const char *const names[] = { "End.AS6", "End.AS4", "End.AM" };
		static const char *const lines[] = {
			"fc00::1 behavior end.as6 cache flow",
			"fc00::1 behavior end.as4 nh4 10.0.0.2 cache interface",
			"fc00::1 behavior end.am cache flow max 2",
		};
		char want[128];

		snprintf(want, sizeof(want), "\"cache\" is not valid for %s.", names[i]);
		expect_add(lines[i], want);
	}
	expect_add("fc00::1 cache flow behavior end.as6", "\"cache\" is not valid for End.AS6.");
	expect_add("fc00::1 cache flow max 2 behavior end.am", "\"cache\" is not valid for End.AM.");
	expect_add("fc00::1 behavior end.as6 max 2", "\"max\" is not valid for End.AS6.");
	expect_add("fc00::1 behavior end.am timeout 2", "\"timeout\" is not valid for End.AM.");
	expect_add("fc00::1 behavior end.ad6 cache flow", "missing \"nh6\" (or \"mac\") for End.AD6.");
}

static void test_parse_ref(void)
{
	char *one[] = { "fc00::1" }, *two[] = { "fc00::1", "x" }, *bad[] = { "zz" };
	struct parse_err err;
	struct sid_req req;

	check(parse_sid_ref(0, one, &req, true, &err) == 0 && !req.has_sid, "show without SID");
	check(parse_sid_ref(0, one, &req, false, &err) == -1 &&
	      !strcmp(err.msg, "missing SID."), "del without SID");
	check(parse_sid_ref(1, one, &req, false, &err) == 0 && req.has_sid, "del SID");
	check(parse_sid_ref(2, two, &req, true, &err) == -1 &&
	      !strcmp(err.msg, "unexpected argument \"x\"."), "extra argument");
	check(parse_sid_ref(1, bad, &req, true, &err) == -1 &&
	      !strcmp(err.msg, "invalid address \"zz\" for \"sid\": expected an IPv6 address."),
	      "bad SID");
}

static const char *const awkward[] = {
	"plain", "quote\"back\\slash", "tab\tnl\ncr\r", "\x01\x1f\x7f",
	"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", ("bad\xff\xc0\xaf" "end"),
	"\xed\xa0\x80surrogate", "",
};

static const char *const awkward_json[] = {
	"\"plain\"", "\"quote\\\"back\\\\slash\"", "\"tab\\tnl\\ncr\\r\"",
	"\"\\u0001\\u001f\x7f\"", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
	"\"bad\\ufffd\\ufffd\\ufffdend\"", "\"\\ufffd\\ufffd\\ufffdsurrogate\"", "\"\"",
};

static void test_json_string(void)
{
	char *buf;
	size_t len, i;
	FILE *f;

	for (i = 0; i < ARRAY_SIZE(awkward); i++) {
		f = open_memstream(&buf, &len);
		json_write_string(f, awkward[i]);
		fclose(f);
		check(!strcmp(buf, awkward_json[i]), "JSON of string %zu: got %s", i, buf);
		free(buf);
	}
}

static void test_print_layer(void)
{
	char *buf;
	size_t len;
	FILE *f;

	f = open_memstream(&buf, &len);
	print_init(f, true, false);
	print_list_begin();
	print_list_end(false);
	fclose(f);
	check(len == 0, "failed command with no record prints nothing");
	free(buf);

	f = open_memstream(&buf, &len);
	print_init(f, true, true);
	print_list_begin();
	print_list_end(true);
	fclose(f);
	check(!strcmp(buf, "[]\n"), "empty pretty list is []");
	free(buf);

	f = open_memstream(&buf, &len);
	print_init(f, true, true);
	print_list_begin();
	print_record_begin();
	print_string(PRINT_ANY, "a", "%s", "x");
	print_object_begin("o");
	print_object_end();
	print_u64(PRINT_JSON, "n", "%llu", 18446744073709551615ull);
	print_string(PRINT_TEXT, "t", "%s", "text only");
	print_record_end();
	print_list_end(false);
	fclose(f);
	check(!strcmp(buf, "[\n    {\n        \"a\": \"x\",\n        \"o\": {},\n"
			   "        \"n\": 18446744073709551615\n    }\n]\n"),
	      "pretty record: got %s", buf);
	free(buf);

	f = open_memstream(&buf, &len);
	print_init(f, false, true);
	print_list_begin();
	print_record_begin();
	print_string(PRINT_ANY, "a", "%s", "x");
	print_string(PRINT_JSON, "j", " %s", "json only");
	print_u64(PRINT_ANY, "n", " n %" PRIu64, 5);
	print_text(" %s", "t");
	print_record_end();
	print_list_end(true);
	fclose(f);
	check(!strcmp(buf, "x n 5 t\n"), "text record: got %s", buf);
	free(buf);

	/* arrays: members without a key; text is whatever the formats say */
	f = open_memstream(&buf, &len);
	print_init(f, true, false);
	print_list_begin();
	print_record_begin();
	print_array_begin("a");
	print_string(PRINT_ANY, NULL, " %s", "x");
	print_string(PRINT_ANY, NULL, ",%s", "y");
	print_array_end();
	print_array_begin("e");
	print_array_end();
	print_string(PRINT_ANY, "k", " %s", "v");
	print_record_end();
	print_list_end(true);
	fclose(f);
	check(!strcmp(buf, "[{\"a\":[\"x\",\"y\"],\"e\":[],\"k\":\"v\"}]\n"),
	      "JSON array: got %s", buf);
	free(buf);

	f = open_memstream(&buf, &len);
	print_init(f, true, true);
	print_list_begin();
	print_record_begin();
	print_array_begin("a");
	print_string(PRINT_ANY, NULL, " %s", "x");
	print_string(PRINT_ANY, NULL, ",%s", "y");
	print_array_end();
	print_record_end();
	print_list_end(true);
	fclose(f);
	check(!strcmp(buf, "[\n    {\n        \"a\": [\n            \"x\",\n            \"y\"\n"
			   "        ]\n    }\n]\n"), "pretty JSON array: got %s", buf);
	free(buf);

	f = open_memstream(&buf, &len);
	print_init(f, false, false);
	print_record_begin();
	print_text(" %s", "a");
	print_array_begin("a");
	print_string(PRINT_ANY, NULL, " %s", "x");
	print_string(PRINT_ANY, NULL, ",%s", "y");
	print_array_end();
	print_record_end();
	fclose(f);
	check(!strcmp(buf, " a x,y\n"), "text array: got %s", buf);
	free(buf);
}

/* Build an NLMSG_ERROR the way the kernel does and decode its extack. */
static void test_extack(void)
{
	union {
		struct nlmsghdr nlh;
		unsigned char raw[256];
	} m;
	struct nlmsgerr *e = (struct nlmsgerr *)(m.raw + NLMSG_HDRLEN);
	struct nlattr *tlv;
	const char *s;
	size_t echo = 8, off;

	memset(&m, 0, sizeof(m));
	/* uncapped: request header + 8 bytes of request payload echoed */
	e->msg.nlmsg_len = NLMSG_HDRLEN + echo;
	off = NLMSG_HDRLEN + sizeof(*e) + echo;
	tlv = (struct nlattr *)(m.raw + off);
	tlv->nla_type = NLMSGERR_ATTR_OFFS;
	tlv->nla_len = NLA_HDRLEN + 4;
	tlv = (struct nlattr *)(m.raw + off + 8);
	tlv->nla_type = NLMSGERR_ATTR_MSG;
	tlv->nla_len = NLA_HDRLEN + 6;
	memcpy((char *)tlv + NLA_HDRLEN, "hello", 6);
	m.nlh.nlmsg_len = off + 8 + NLA_ALIGN(tlv->nla_len);
	m.nlh.nlmsg_type = NLMSG_ERROR;
	m.nlh.nlmsg_flags = NLM_F_ACK_TLVS;

	s = genl_extack_msg(&m.nlh, sizeof(*e) + echo);
	check(s && !strcmp(s, "hello"), "extack after an echoed request");
	check(!genl_extack_msg(&m.nlh, sizeof(*e)), "wrong offset finds no message");

	m.nlh.nlmsg_flags = 0;
	check(!genl_extack_msg(&m.nlh, sizeof(*e) + echo), "no NLM_F_ACK_TLVS, no message");

	m.nlh.nlmsg_flags = NLM_F_ACK_TLVS;
	memcpy((char *)tlv + NLA_HDRLEN, "hellox", 6);	/* no NUL inside */
	check(!genl_extack_msg(&m.nlh, sizeof(*e) + echo), "unterminated message refused");

	m.nlh.nlmsg_len = off + 4;	/* truncated TLV */
	check(!genl_extack_msg(&m.nlh, sizeof(*e) + echo), "truncated TLV refused");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc > 1 && !strcmp(argv[1], "json")) {
		print_init(stdout, true, argc > 2);
		print_list_begin();
		for (i = 0; i < ARRAY_SIZE(awkward); i++) {
			print_record_begin();
			print_string(PRINT_ANY, awkward[i], "%s", awkward[i]);
			print_record_end();
		}
		print_list_end(true);
		return 0;
	}

	test_command_match();
	test_tables();
	test_parse_add();
	test_parse_new_behaviors();
	test_cache_tables();
	test_parse_cache();
	test_parse_ref();
	test_mac_and_seg6local();
	test_localsid();
	test_options();
	test_long_word();
	test_batch_line();
	test_json_string();
	test_print_layer();
	test_extack();
	printf("# unit_test: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
