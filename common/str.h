/* Strings: a growable byte buffer (malloc'd) and small helpers used everywhere
 * (case-insensitive compare, edit distance for "did you mean", JSON quoting). */
#ifndef SLUICE_STR_H
#define SLUICE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char  *ptr;  // NUL-terminated when len > 0 or after sb_cstr; caller frees with sb_free
    size_t len;
    size_t cap;
} StrBuf;

void  sb_putc(StrBuf *b, char c);
void  sb_put(StrBuf *b, const char *s, size_t n);
void  sb_puts(StrBuf *b, const char *s);
void  sb_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void  sb_json_str(StrBuf *b, const char *s, size_t n);  // "..." with JSON escapes
const char *sb_cstr(StrBuf *b);                          // never NULL
char *sb_take(StrBuf *b);                                // hand the buffer to the caller
void  sb_reset(StrBuf *b);
void  sb_free(StrBuf *b);

bool str_ieq(const char *a, const char *b);
bool str_nieq(const char *a, const char *b, size_t n);  // first n bytes equal, ignoring case
bool str_ends_with(const char *s, const char *suffix);
int  str_edit_distance(const char *a, const char *b);   // case-insensitive Levenshtein

/* Read a whole file into a malloc'd NUL-terminated buffer; NULL and errno on failure. */
char *read_file(const char *path, size_t *len_out);

#endif
