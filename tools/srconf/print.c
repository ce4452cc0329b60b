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
#include <stdlib.h>
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
	const char *event;	/* monitor: printed first in each record */
	/* text listing: each record is kept until the list ends, for alignment */
	FILE *real_out;
	char *rec;
	size_t rec_len;
	char **recs;
	size_t nrecs;
	const char *const *columns;
	size_t ncolumns;
} p = { .out = NULL };

void print_init(FILE *out, bool json, bool pretty)
{
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.json = json;
	p.pretty = json && pretty;
}

/* "monitor": the next records start with "event": @event (NULL: none). */
void print_set_event(const char *event)
{
	p.event = event;
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

/*
 * Cells of a record's first line: the SID, then "keyword value" pairs.
 * Every word is free of blanks (addresses, names, numbers), so the line
 * splits at single spaces. Returns the number of cells; @cells[i] points
 * into @line and @len[i] is its length.
 */
#define MAX_CELLS 64
static size_t split_cells(const char *line, size_t linelen,
			  const char **cells, size_t *len)
{
	size_t n = 0, i = 0, words, want;

	while (i < linelen) {
		cells[n] = line + i;
		if (n == MAX_CELLS - 1) {	/* the rest, unaligned */
			len[n] = linelen - i;
			return n + 1;
		}
		want = n ? 2 : 1;
		for (words = 0; words < want && i < linelen; words++) {
			if (words)
				i++;	/* the space inside a pair */
			while (i < linelen && line[i] != ' ')
				i++;
		}
		len[n] = (size_t)(line + i - cells[n]);
		n++;
		if (i < linelen)
			i++;	/* the space between cells */
	}
	return n;
}

/* The keyword of a cell: its first word. */
static size_t cell_key(const char *cell, size_t len)
{
	const char *sp = memchr(cell, ' ', len);

	return sp ? (size_t)(sp - cell) : len;
}

/* The column of keyword @key, added after the others if it is new. */
static size_t column(const char **keys, size_t *keylen, size_t *ncols,
		     const char *key, size_t len)
{
	size_t i;

	for (i = 1; i < *ncols; i++)
		if (keylen[i] == len && !memcmp(keys[i], key, len))
			return i;
	if (*ncols == MAX_CELLS)
		return MAX_CELLS;
	keys[*ncols] = key;
	keylen[*ncols] = len;
	return (*ncols)++;
}

/*
 * Text: print the kept records with their first lines as a table: the SID,
 * then one column per keyword, in the order print_columns() gave (keywords
 * it did not name follow, in the order met). A record without a keyword
 * leaves its column blank; no line ends in blanks.
 */
static void flush_text_records(void)
{
	const char *keys[MAX_CELLS], *cells[MAX_CELLS], *slot[MAX_CELLS], *nl;
	size_t keylen[MAX_CELLS], width[MAX_CELLS] = { 0 }, len[MAX_CELLS];
	size_t slotlen[MAX_CELLS], ncols = 1, r, c, n, linelen, col, last;
	int pass;

	for (c = 0; c < p.ncolumns && ncols < MAX_CELLS; c++)
		column(keys, keylen, &ncols, p.columns[c], strlen(p.columns[c]));
	for (pass = 0; pass < 2; pass++) {
		for (r = 0; r < p.nrecs; r++) {
			nl = strchr(p.recs[r], '\n');
			linelen = nl ? (size_t)(nl - p.recs[r]) : strlen(p.recs[r]);
			n = split_cells(p.recs[r], linelen, cells, len);
			memset(slot, 0, sizeof(slot));
			for (c = 0, last = 0; c < n; c++) {
				col = c ? column(keys, keylen, &ncols, cells[c],
						 cell_key(cells[c], len[c])) : 0;
				if (col == MAX_CELLS || slot[col])
					col = last + 1 < MAX_CELLS ? last + 1 : last;
				slot[col] = cells[c];
				slotlen[col] = len[c];
				if (len[c] > width[col])
					width[col] = len[c];
				if (col > last)
					last = col;
			}
			if (!pass)
				continue;
			for (c = 0; c <= last; c++) {
				if (c && !width[c])
					continue;	/* a keyword no record has */
				fprintf(p.out, "%s%-*.*s", c ? " " : "",
					c < last ? (int)width[c] : 0,
					slot[c] ? (int)slotlen[c] : 0,
					slot[c] ? slot[c] : "");
			}
			fputs(nl ? nl : "\n", p.out);
			free(p.recs[r]);
		}
	}
	free(p.recs);
	p.recs = NULL;
	p.nrecs = 0;
}

/* The keywords of a text listing's columns, in order (see above). */
void print_columns(const char *const *keys, size_t n)
{
	p.columns = keys;
	p.ncolumns = n;
}

/* @ok: the command succeeded; an empty successful listing prints "[]". */
void print_list_end(bool ok)
{
	if (!p.json && p.list_wanted) {
		flush_text_records();
		p.list_wanted = false;
		return;
	}
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
	if (!p.json) {
		if (p.list_wanted) {
			p.real_out = p.out;
			p.out = open_memstream(&p.rec, &p.rec_len);
			if (!p.out)	/* no memory: print unaligned */
				p.out = p.real_out;
		}
		if (p.event)
			fprintf(p.out, "%s ", p.event);
		return;
	}
	if (p.list_wanted && !p.list_open) {
		json_open(NULL, '[');
		p.list_open = true;
	}
	json_open(NULL, '{');
	if (p.event)
		print_string(PRINT_JSON, "event", "%s", p.event);
}

void print_record_end(void)
{
	char **recs;

	if (p.json) {
		json_close('}');
		if (!p.depth)	/* a record of its own: one per line */
			fputc('\n', p.out);
		return;
	}
	fputc('\n', p.out);
	if (!p.list_wanted || p.out == p.real_out)
		return;
	fclose(p.out);
	p.out = p.real_out;
	recs = realloc(p.recs, (p.nrecs + 1) * sizeof(*recs));
	if (!recs) {
		fputs(p.rec, p.out);
		free(p.rec);
		return;
	}
	p.recs = recs;
	p.recs[p.nrecs++] = p.rec;
	p.rec = NULL;
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

/* Set by the batch runner to "FILE:LINE" while it runs a line. */
const char *err_where;

static void vreport(const char *what, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs(what, stderr);
	if (err_where)
		fprintf(stderr, "%s: ", err_where);
	vfprintf(stderr, fmt, ap);
}

void errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("Error: ", fmt, ap);
	va_end(ap);
}

void warnf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("Warning: ", fmt, ap);
	va_end(ap);
}
