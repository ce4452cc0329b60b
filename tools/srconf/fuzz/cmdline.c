// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: srconf's command line. The input is the arguments
 * after "srconf", NUL-separated (a trailing NUL ends the last word, it
 * does not add an empty one; at most CMDLINE_WORDS_MAX words, the rest is
 * ignored). They go through parse_options() and then, as in main(), to
 * the parser of the command they name; common.c checks the invariants.
 *
 *   make fuzz                      build and run both harnesses
 *   fuzz/cmdline fuzz/corpus/cmdline    (modifies the corpus directory)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define CMDLINE_WORDS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[CMDLINE_WORDS_MAX + 2];
	char *buf, *c, *end;
	int argc = 0;

	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	end = buf + size;

	argv[argc++] = (char *)"srconf";
	for (c = buf; c < end && argc <= CMDLINE_WORDS_MAX; c += strlen(c) + 1)
		argv[argc++] = c;
	argv[argc] = NULL;

	fuzz_run_main(argc, argv);
	free(buf);
	return 0;
}
