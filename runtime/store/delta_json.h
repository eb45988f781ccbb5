/* A small JSON reader for the Delta log. cJSON keeps numbers as doubles and so
 * corrupts int64 values above 2^53 (txn versions, long stats); this parser keeps
 * every number as its raw token text and converts on demand. Values live in an
 * arena owned by the caller. */
#ifndef SLUICE_DELTA_JSON_H
#define SLUICE_DELTA_JSON_H

#include "arena.h"
#include "str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    DJ_NULL,    // null
    DJ_BOOL,    // true / false
    DJ_NUM,     // number, kept as raw text
    DJ_STR,     // string, decoded to UTF-8 (NUL-terminated; may contain NUL bytes)
    DJ_ARR,     // array
    DJ_OBJ,     // object (keys in document order)
} DjKind;

typedef struct DjVal DjVal;
struct DjVal {
    DjKind       kind;
    bool         b;      // DJ_BOOL
    const char  *s;      // DJ_STR: decoded bytes; DJ_NUM: raw token text
    uint32_t     len;    // length of s
    uint32_t     n;      // DJ_ARR / DJ_OBJ: number of items
    DjVal      **items;  // DJ_ARR / DJ_OBJ values
    const char **keys;   // DJ_OBJ keys
};

/* Parse one JSON value that fills text[0..len) (surrounding white space allowed).
 * NULL and a malloc'd *err ("offset N: ...") on malformed input. */
DjVal *djson_parse(Arena *a, const char *text, size_t len, char **err);
const DjVal *djson_get(const DjVal *obj, const char *key);  // NULL if absent or not an object
const char  *djson_str(const DjVal *v);                     // NULL unless a string
bool         djson_int64(const DjVal *v, int64_t *out);     // integral number in range
bool         djson_double(const DjVal *v, double *out);     // any number
/* Serialize v compactly; numbers come out exactly as they were read. */
void         djson_write(StrBuf *b, const DjVal *v);

#endif
