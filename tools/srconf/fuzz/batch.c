// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: srconf's batch files (-b FILE). The input is the
 * file; it is cut into lines as getline() cuts them (the last line may
 * lack its '\n') and each line goes through what main.c's run_batch()
 * does: the '\n' is dropped, a line with a NUL byte is refused, the others
 * are split by parse_batch_line() and run as "OBJECT COMMAND ARGUMENTS"
 * through the same dispatch as the command-line harness (common.c).
 *
 * On top of common.c's invariants, for each split line: fewer than
 * BATCH_ARGS_MAX words, a NULL after them, every word NUL-terminated
 * inside the line buffer, the words in order without overlapping, and
 * quoting each word again ('...', a quote as '\'') and splitting the
 * result gives the same words back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* @argv as a batch line again: every word in single quotes. */
static char *requote(int argc, char **argv)
{
	size_t len = 1, off = 0, k;
	char *line, *c;
	int i;

	for (i = 0; i < argc; i++) {
		len += 3;
		for (c = argv[i]; *c; c++)
			len += *c == '\'' ? 4 : 1;
	}
	line = malloc(len);
	if (!line)
		abort();
	for (i = 0; i < argc; i++) {
		if (i)
			line[off++] = ' ';
		line[off++] = '\'';
		for (c = argv[i]; *c; c++) {
			if (*c == '\'') {
				for (k = 0; k < 4; k++)
					line[off++] = "'\\''"[k];
			} else {
				line[off++] = *c;
			}
		}
		line[off++] = '\'';
	}
	line[off] = '\0';
	FUZZ_CHECK(off < len);
	return line;
}

static void check_split(const char *buf, size_t len, int argc, char **argv)
{
	const char *prev_end = buf;
	char *again[BATCH_ARGS_MAX];
	struct parse_err err;
	char *line;
	int i, n = -1, ret;

	FUZZ_CHECK(argc >= 0 && argc < BATCH_ARGS_MAX);
	FUZZ_CHECK(argv[argc] == NULL);
	for (i = 0; i < argc; i++) {
		const char *nul;

		FUZZ_CHECK(argv[i] >= prev_end && argv[i] <= buf + len);
		nul = memchr(argv[i], '\0', (size_t)(buf + len + 1 - argv[i]));
		FUZZ_CHECK(nul != NULL);
		prev_end = nul + 1;
	}

	line = requote(argc, argv);
	fuzz_err_init(&err);
	ret = parse_batch_line(line, again, &n, &err);
	fuzz_check_result(ret, &err);
	FUZZ_CHECK(ret == 0);
	FUZZ_CHECK(n == argc);
	for (i = 0; i < argc; i++)
		FUZZ_CHECK(!strcmp(again[i], argv[i]));
	free(line);
}

static void run_line(const uint8_t *data, size_t len,
		     const struct options *opts)
{
	char *argv[BATCH_ARGS_MAX];
	struct parse_err err;
	char *buf;
	int argc = -1, ret;

	if (len > 0 && data[len - 1] == '\n')
		len--;
	if (memchr(data, '\0', len))
		return;		/* "a NUL byte in the line." */
	buf = malloc(len + 1);
	if (!buf)
		abort();
	memcpy(buf, data, len);
	buf[len] = '\0';

	fuzz_err_init(&err);
	ret = parse_batch_line(buf, argv, &argc, &err);
	fuzz_check_result(ret, &err);
	if (!ret) {
		check_split(buf, len, argc, argv);
		if (argc)
			fuzz_run_command(argc, argv, opts);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct options opts = { .batch = "fuzz.batch", .force = true };
	const uint8_t *line = data, *nl, *end = data + size;

	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		nl = nl ? nl + 1 : end;
		run_line(line, (size_t)(nl - line), &opts);
		line = nl;
	}
	return 0;
}
