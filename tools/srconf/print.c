// SPDX-License-Identifier: GPL-2.0
/*
 * Text or JSON output. JSON is written as it goes (no tree in memory):
 * a stack remembers, per open container, whether a member was written yet
 * so commas and, with -p, four-space indentation come out right.
 *
 * The top-level array is opened lazily by the first record so that a
 * command failing before any record prints nothing on stdout, while one
 * failing half-way still closes the array and leaves valid JSON.
 */
#include <stdarg.h>
#include <string.h>

#include "print.h"

#define MAX_DEPTH 16

static struct {
	FILE *out;
	bool json;
	bool pretty;
	bool list_wanted;	/* print_list_begin() called */
	bool list_open;		/* "[" written */
	int depth;		/* open JSON containers */
	bool empty[MAX_DEPTH];	/* no member written yet at this depth */
} p = { .out = NULL };

void print_init(FILE *out, bool json, bool pretty)
{
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.json = json;
	p.pretty = json && pretty;
}

bool print_is_json(void)
{
	return p.json;
}

/* Length of the valid UTF-8 sequence at @s, 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) ||	/* overlong */
		    (s[0] == 0xed && s[1] >= 0xa0))	/* surrogate */
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) ||	/* overlong */
		    (s[0] == 0xf4 && s[1] >= 0x90))	/* > U+10FFFF */
			return 0;
		return 4;
	}
	return 0;
}

/**
 * json_write_string() - write @s as a JSON string literal
 * @out: stream
 * @s: NUL-terminated bytes, e.g. an interface name (any byte but '/',
 *     ':' and white space is allowed there)
 *
 * Quotes, backslashes and control characters are escaped; bytes that are
 * not valid UTF-8 become U+FFFD so the output always parses.
 */
void json_write_string(FILE *out, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	size_t n;

	fputc('"', out);
	while (*c) {
		switch (*c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*c < 0x20) {
				fprintf(out, "\\u%04x", *c);
				break;
			}
			n = utf8_len(c);
			if (!n) {
				fputs("\\ufffd", out);
				break;
			}
			fwrite(c, 1, n, out);
			c += n;
			continue;
		}
		c++;
	}
	fputc('"', out);
}

static void indent(int depth)
{
	int i;

	if (!p.pretty)
		return;
	fputc('\n', p.out);
	for (i = 0; i < depth; i++)
		fputs("    ", p.out);
}

/* Separator, indentation and "key": before a new member. */
static void json_member(const char *key)
{
	if (!p.depth)
		return;
	if (!p.empty[p.depth])
		fputc(',', p.out);
	p.empty[p.depth] = false;
	indent(p.depth);
	if (key) {
		json_write_string(p.out, key);
		fputs(p.pretty ? ": " : ":", p.out);
	}
}

static void json_open(const char *key, char c)
{
	json_member(key);
	fputc(c, p.out);
	if (p.depth < MAX_DEPTH - 1)
		p.depth++;
	p.empty[p.depth] = true;
}

static void json_close(char c)
{
	bool empty = p.empty[p.depth];

	if (p.depth > 0)
		p.depth--;
	if (!empty)
		indent(p.depth);
	fputc(c, p.out);
}

void print_list_begin(void)
{
	p.list_wanted = true;
	p.list_open = false;
}

/* @ok: the command succeeded; an empty successful listing prints "[]". */
void print_list_end(bool ok)
{
	if (!p.json || !p.list_wanted)
		return;
	if (p.list_open) {
		json_close(']');
		fputc('\n', p.out);
	} else if (ok) {
		fputs("[]\n", p.out);
	}
	p.list_wanted = false;
	p.list_open = false;
}

void print_record_begin(void)
{
	if (!p.json)
		return;
	if (p.list_wanted && !p.list_open) {
		json_open(NULL, '[');
		p.list_open = true;
	}
	json_open(NULL, '{');
}

void print_record_end(void)
{
	if (p.json)
		json_close('}');
	else
		fputc('\n', p.out);
}

void print_object_begin(const char *key)
{
	if (p.json)
		json_open(key, '{');
}

void print_object_end(void)
{
	if (p.json)
		json_close('}');
}

/* Members of an array are printed with a NULL key; text output is the caller's. */
void print_array_begin(const char *key)
{
	if (p.json)
		json_open(key, '[');
}

void print_array_end(void)
{
	if (p.json)
		json_close(']');
}

void print_string(enum print_mode mode, const char *key, const char *fmt,
		  const char *value)
{
	if (p.json) {
		if (mode & PRINT_JSON) {
			json_member(key);
			json_write_string(p.out, value);
		}
	} else if (mode & PRINT_TEXT) {
		fprintf(p.out, fmt, value);
	}
}

void print_u64(enum print_mode mode, const char *key, const char *fmt,
	       uint64_t value)
{
	if (p.json) {
		if (mode & PRINT_JSON) {
			json_member(key);
			fprintf(p.out, "%llu", (unsigned long long)value);
		}
	} else if (mode & PRINT_TEXT) {
		fprintf(p.out, fmt, value);
	}
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (p.json)
		return;
	va_start(ap, fmt);
	vfprintf(p.out, fmt, ap);
	va_end(ap);
}
