/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the libFuzzer harnesses of srconf's command-line parsing
 * (parse.c): the dispatch the real program does after its options, with
 * the parsers called instead of netlink, and the invariants checked after
 * every parser call. A broken invariant abort()s, which libFuzzer reports
 * as a crash with the input that caused it.
 */
#ifndef SRCONF_FUZZ_COMMON_H
#define SRCONF_FUZZ_COMMON_H

#include <stdbool.h>

#include "parse.h"

/* Checked even under -DNDEBUG; names the broken invariant on stderr. */
#define FUZZ_CHECK(cond)						\
	do {								\
		if (!(cond))						\
			fuzz_fail(__FILE__, __LINE__, #cond);		\
	} while (0)

__attribute__((noreturn))
void fuzz_fail(const char *file, int line, const char *what);

/* "lo" 1, "eth0" 2, "veth0" 3, "veth1" 4, anything else 0. */
unsigned int fuzz_resolve(const char *name);

/* A parse_err the parsers have not written: no NUL anywhere. */
void fuzz_err_init(struct parse_err *err);

/*
 * After a parser returned @ret: 0 or -1, and after -1 a NUL-terminated,
 * non-empty message ending with a period (unless vsnprintf truncated it
 * at PARSE_ERR_LEN - 1 characters).
 */
void fuzz_check_result(int ret, const struct parse_err *err);

/*
 * "OBJECT COMMAND ARGUMENTS" as main.c's run_command() and sid.c's
 * dispatch() handle them, from the command line (after the options) or
 * from a line of a batch file (@opts->batch set).
 */
void fuzz_run_command(int argc, char **argv, const struct options *opts);

/* main(): parse_options() on @argv (argv[0] included), then the command. */
void fuzz_run_main(int argc, char **argv);

#endif /* SRCONF_FUZZ_COMMON_H */
