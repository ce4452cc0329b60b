/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one output layer of srconf, in the manner of iproute2's json_print:
 * every value is printed once, with a JSON key and a text format, and the
 * mode picked by -j decides which of the two is used.
 */
#ifndef SRCONF_PRINT_H
#define SRCONF_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum print_mode {
	PRINT_TEXT = 1,		/* only in text output */
	PRINT_JSON = 2,		/* only in JSON output */
	PRINT_ANY = PRINT_TEXT | PRINT_JSON,
};

void print_init(FILE *out, bool json, bool pretty);
bool print_is_json(void);
void print_set_event(const char *event);
void print_columns(const char *const *keys, size_t n);

void print_list_begin(void);
void print_list_end(bool ok);
void print_record_begin(void);
void print_record_end(void);
void print_object_begin(const char *key);
void print_object_end(void);
void print_array_begin(const char *key);
void print_array_end(void);

void print_string(enum print_mode mode, const char *key, const char *fmt,
		  const char *value);
void print_u64(enum print_mode mode, const char *key, const char *fmt,
	       uint64_t value);
__attribute__((format(printf, 1, 2)))
void print_text(const char *fmt, ...);

void json_write_string(FILE *out, const char *s);

/*
 * "Error: MESSAGE" and "Warning: MESSAGE" on stderr; inside a batch,
 * "Error: FILE:LINE: MESSAGE". @fmt ends with a period and a newline.
 */
extern const char *err_where;
__attribute__((format(printf, 1, 2)))
void errorf(const char *fmt, ...);
__attribute__((format(printf, 1, 2)))
void warnf(const char *fmt, ...);

#endif /* SRCONF_PRINT_H */
