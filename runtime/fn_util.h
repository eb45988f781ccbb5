/* Helpers shared by the scalar kernels (fn_*.c): reading an argument row whether
 * the vector is constant or not, writing results, allocating output strings in
 * the call's heap, and failing a query. Internal to the function library. */
#ifndef SLUICE_FN_UTIL_H
#define SLUICE_FN_UTIL_H

#include "fn.h"

#include <stdint.h>

static inline uint32_t fn_row(const Vec *v, uint32_t i) { return v->is_const ? 0 : i; }
static inline bool fn_null(const Vec *v, uint32_t i) { return vec_is_null(v, fn_row(v, i)); }

static inline int64_t fn_i64(const Vec *v, uint32_t i) {  // any integral, date, timestamp
    uint32_t r = fn_row(v, i);
    switch (v->type.id) {
    case TY_BOOLEAN: case TY_TINYINT: return ((const int8_t *)v->data)[r];
    case TY_SMALLINT: return ((const int16_t *)v->data)[r];
    case TY_INT: case TY_DATE: return ((const int32_t *)v->data)[r];
    default: return ((const int64_t *)v->data)[r];
    }
}
static inline int32_t fn_i32(const Vec *v, uint32_t i) {
    return ((const int32_t *)v->data)[fn_row(v, i)];
}
static inline double fn_f64(const Vec *v, uint32_t i) {
    if (v->type.id == TY_FLOAT) return ((const float *)v->data)[fn_row(v, i)];
    return ((const double *)v->data)[fn_row(v, i)];
}
static inline i128 fn_dec(const Vec *v, uint32_t i) {
    return ((const i128 *)v->data)[fn_row(v, i)];
}
static inline Str fn_str(const Vec *v, uint32_t i) { return ((const Str *)v->data)[fn_row(v, i)]; }
static inline bool fn_bool(const Vec *v, uint32_t i) {
    return ((const uint8_t *)v->data)[fn_row(v, i)] != 0;
}

#define FN_OUT(out, T) ((T *)(out)->data)

/* Rows to compute: those the evaluator has not already made NULL. */
#define FN_EACH(i, n, out) \
    for (uint32_t i = 0; i < (n); i++) if (!vec_is_null((out), i))

/* Output string storage of len bytes in cx->heap; NULL (and cx->err set) when out
 * of memory. */
char *fn_alloc(FnCtx *cx, size_t len);
/* Store a copy of s[0..len) as row i of a string vector. */
void  fn_put_str(FnCtx *cx, Vec *out, uint32_t i, const char *s, size_t len);
/* Fail the query with a message (the first failure wins). */
void  fn_error(FnCtx *cx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A per-thread pseudo-random 64-bit number (xorshift128+; uuid, rand). */
uint64_t fn_random_u64(void);

/* UTF-8: bytes of the character starting with byte c (1 for invalid lead bytes). */
static inline int fn_utf8_len(unsigned char c) {
    return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
}
/* Characters in s (a truncated last character counts as one). */
int64_t fn_utf8_count(Str s);
/* Byte offset of character k (0-based) in s, or s.len when s is shorter. */
uint32_t fn_utf8_offset(Str s, int64_t k);

#endif
