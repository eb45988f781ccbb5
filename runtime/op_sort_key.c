/* Normalised sort-key records (see op_sort_key.h): the layout of a record, encoding a
 * key column of a batch into records, and the record comparison. Every fixed-width
 * value becomes big-endian unsigned bytes whose order is Spark's (sign bit flipped; NaN
 * above +Infinity; -0.0 as 0.0), a string its prefix and a length byte, inverted for
 * DESC; a class byte before each key places NULLs first or last. */
#include "op_sort_key.h"

#include "arena.h"
#include "expr_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fixed_width(Type t) {
    switch (t.id) {
    case TY_NULL: return 0;
    case TY_BOOLEAN:
    case TY_TINYINT: return 1;
    case TY_SMALLINT: return 2;
    case TY_INT:
    case TY_DATE:
    case TY_FLOAT: return 4;
    case TY_DECIMAL: return t.precision <= 18 ? 8 : 16;
    default: return 8; // BIGINT, TIMESTAMP, INTERVAL, DOUBLE
    }
}

bool sort_key_fixed(TypeId t) {
    return t == TY_NULL || t == TY_BOOLEAN || type_is_integral(t) || t == TY_DATE ||
           t == TY_TIMESTAMP || t == TY_INTERVAL || t == TY_FLOAT || t == TY_DOUBLE ||
           t == TY_DECIMAL;
}

void sort_layout_init(SortLayout *l, const Type *types, const bool *desc, const bool *nulls_first,
                      int nkeys) {
    memset(l, 0, sizeof *l);
    l->ncols = nkeys;
    l->cols = xcalloc((size_t)nkeys + 1, sizeof *l->cols);
    l->seg_end = xcalloc((size_t)nkeys + 1, sizeof *l->seg_end);
    l->seg_key = xcalloc((size_t)nkeys + 1, sizeof *l->seg_key);
    uint32_t off = 0;
    for (int k = 0; k < nkeys; k++) {
        SortKeyCol *c = &l->cols[k];
        c->type = types[k];
        c->desc = desc[k];
        c->nulls_first = nulls_first[k];
        c->off = off;
        if (sort_key_fixed(types[k].id)) {
            c->kind = SK_FIXED;
            c->width = fixed_width(types[k]);
        } else {
            c->kind = types[k].id == TY_STRING || types[k].id == TY_BINARY ? SK_STRING : SK_GENERIC;
            c->width = c->kind == SK_STRING ? SORT_STR_PREFIX + 1 : 0; // prefix, length byte
            if (!l->radix_end) l->radix_end = off + 1 + c->width;
            l->seg_end[l->nseg] = off + 1 + c->width;
            l->seg_key[l->nseg++] = k;
        }
        off += 1 + c->width;
    }
    l->id_off = off;
    off += SORT_ID_BYTES;
    if (!l->radix_end) l->radix_end = off;
    l->seg_end[l->nseg] = off;
    l->seg_key[l->nseg++] = -1;
    l->width = (off + 7) & ~7u; // whole words move faster
}

void sort_layout_free(SortLayout *l) {
    free(l->cols);
    free(l->seg_end);
    free(l->seg_key);
    memset(l, 0, sizeof *l);
}

/* Write the low w bytes of u big-endian (1 <= w <= 8). */
static inline void put_be(uint8_t *d, uint64_t u, uint32_t w) {
    for (uint32_t i = 0; i < w; i++) d[i] = (uint8_t)(u >> (8 * (w - 1 - i)));
}

static inline void put_be8(uint8_t *d, uint64_t u) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    u = __builtin_bswap64(u);
    memcpy(d, &u, 8);
#else
    put_be(d, u, 8);
#endif
}

static inline uint64_t norm_f64(double d) {
    if (isnan(d)) return UINT64_MAX;
    if (d == 0) d = 0; // -0.0 orders as 0.0
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return (u >> 63) ? ~u : u | (1ull << 63);
}

static inline uint64_t norm_f32(float f) {
    if (isnan(f)) return UINT32_MAX;
    if (f == 0) f = 0;
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (u >> 31) ? (uint32_t)~u : u | (1u << 31);
}

/* One loop per C type: NULL handling outside the value conversion. */
#define ENCODE_LOOP(T, NORM)                                                                       \
    do {                                                                                           \
        const T *x = v->data;                                                                      \
        for (uint32_t i = 0; i < m; i++) {                                                         \
            uint8_t *r = rec + (size_t)i * l->width + c->off;                                      \
            uint32_t row = v->is_const ? 0 : rows ? rows[i] : i;                                   \
            if (vec_is_null(v, row)) {                                                             \
                r[0] = ncls;                                                                       \
                memset(r + 1, 0, c->width);                                                        \
                continue;                                                                          \
            }                                                                                      \
            r[0] = 1;                                                                              \
            uint64_t u = NORM(x[row]) ^ flip;                                                      \
            if (wide)                                                                              \
                put_be8(r + 1, u);                                                                 \
            else                                                                                   \
                put_be(r + 1, u, c->width);                                                        \
        }                                                                                          \
    } while (0)

#define NORM_S8(x) ((uint64_t)(uint8_t)(x) ^ 0x80u)
#define NORM_S16(x) ((uint64_t)(uint16_t)(x) ^ 0x8000u)
#define NORM_S32(x) ((uint64_t)(uint32_t)(x) ^ 0x80000000u)
#define NORM_S64(x) ((uint64_t)(x) ^ (1ull << 63))
#define NORM_U8(x) ((uint64_t)(x))
#define NORM_DEC64(x) ((uint64_t)(int64_t)(x) ^ (1ull << 63))

static void encode_dec128(const SortLayout *l, const SortKeyCol *c, const Vec *v,
                          const uint16_t *rows, uint32_t m, uint8_t *rec, uint8_t ncls) {
    const i128 *x = v->data;
    for (uint32_t i = 0; i < m; i++) {
        uint8_t *r = rec + (size_t)i * l->width + c->off;
        uint32_t row = v->is_const ? 0 : rows ? rows[i] : i;
        if (vec_is_null(v, row)) {
            r[0] = ncls;
            memset(r + 1, 0, c->width);
            continue;
        }
        r[0] = 1;
        unsigned __int128 u = (unsigned __int128)x[row] ^ ((unsigned __int128)1 << 127);
        if (c->desc) u = ~u;
        put_be8(r + 1, (uint64_t)(u >> 64));
        put_be8(r + 9, (uint64_t)u);
    }
}

/* A string is its first SORT_STR_PREFIX bytes, zero-padded, then min(length, PREFIX + 1):
 * a shorter string that pads equal to a longer one's prefix is its prefix, so it sorts
 * first, and equal bytes with a length byte up to PREFIX mean equal strings. */
static void encode_string(const SortLayout *l, const SortKeyCol *c, const Vec *v,
                          const uint16_t *rows, uint32_t m, uint8_t *rec, uint8_t ncls) {
    const Str *x = v->data;
    for (uint32_t i = 0; i < m; i++) {
        uint8_t *r = rec + (size_t)i * l->width;
        uint32_t row = v->is_const ? 0 : rows ? rows[i] : i;
        if (vec_is_null(v, row)) {
            r[c->off] = ncls;
            memset(r + c->off + 1, 0, c->width);
            continue;
        }
        Str s = x[row];
        uint32_t n = s.len < SORT_STR_PREFIX ? s.len : SORT_STR_PREFIX;
        uint8_t *p = r + c->off + 1;
        r[c->off] = 1;
        if (n) memcpy(p, s.ptr, n);
        memset(p + n, 0, SORT_STR_PREFIX - n);
        p[SORT_STR_PREFIX] = (uint8_t)(s.len <= SORT_STR_PREFIX ? s.len : SORT_STR_PREFIX + 1);
        if (c->desc)
            for (uint32_t j = 0; j < c->width; j++) p[j] = (uint8_t)~p[j];
    }
}

void sort_encode(const SortLayout *l, int k, const Vec *v, const uint16_t *rows, uint32_t m,
                 uint8_t *rec) {
    const SortKeyCol *c = &l->cols[k];
    uint8_t ncls = c->nulls_first ? 0 : 2;
    uint64_t flip = c->desc ? UINT64_MAX : 0;
    bool wide = c->width == 8;
    if (c->kind == SK_STRING) {
        encode_string(l, c, v, rows, m, rec, ncls);
        return;
    }
    if (c->kind == SK_GENERIC || c->width == 0) {
        for (uint32_t i = 0; i < m; i++) {
            uint8_t *r = rec + (size_t)i * l->width;
            uint32_t row = rows ? rows[i] : i;
            r[c->off] = vec_is_null(v, v->is_const ? 0 : row) ? ncls : 1;
        }
        return;
    }
    switch (v->type.id) {
    case TY_BOOLEAN: ENCODE_LOOP(uint8_t, NORM_U8); break;
    case TY_TINYINT: ENCODE_LOOP(int8_t, NORM_S8); break;
    case TY_SMALLINT: ENCODE_LOOP(int16_t, NORM_S16); break;
    case TY_INT:
    case TY_DATE: ENCODE_LOOP(int32_t, NORM_S32); break;
    case TY_FLOAT: ENCODE_LOOP(float, norm_f32); break;
    case TY_DOUBLE: ENCODE_LOOP(double, norm_f64); break;
    case TY_DECIMAL:
        if (c->width == 16)
            encode_dec128(l, c, v, rows, m, rec, ncls);
        else
            ENCODE_LOOP(i128, NORM_DEC64);
        break;
    default: ENCODE_LOOP(int64_t, NORM_S64); break;
    }
}

void sort_set_id(const SortLayout *l, uint8_t *rec, uint64_t id) {
    if (id > SORT_ID_MAX) id = SORT_ID_MAX;
    put_be(rec + l->id_off, id, SORT_ID_BYTES);
}

uint64_t sort_get_id(const SortLayout *l, const uint8_t *rec) {
    uint64_t id = 0;
    for (int i = 0; i < SORT_ID_BYTES; i++) id = id << 8 | rec[l->id_off + (uint32_t)i];
    return id;
}

static int str_cmp(Str a, Str b) {
    uint32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    return c ? c : (a.len > b.len) - (a.len < b.len);
}

/* Full comparison of key k of two records whose bytes up to the key's end are equal. */
static int full_cmp(const SortLayout *l, int k, const uint8_t *a, const uint8_t *b) {
    const SortKeyCol *c = &l->cols[k];
    if (a[c->off] != 1) return 0; // both NULL (equal class bytes)
    if (c->kind == SK_STRING) {   // equal and short enough to be whole in the record?
        uint8_t len = a[c->off + 1 + SORT_STR_PREFIX];
        if ((c->desc ? (uint8_t)~len : len) <= SORT_STR_PREFIX) return 0;
    }
    uint32_t ra, rb;
    const Vec *va = l->source(l->source_ctx, k, sort_get_id(l, a), &ra);
    const Vec *vb = l->source(l->source_ctx, k, sort_get_id(l, b), &rb);
    int r;
    if (c->kind == SK_STRING) {
        r = str_cmp(((const Str *)va->data)[va->is_const ? 0 : ra],
                    ((const Str *)vb->data)[vb->is_const ? 0 : rb]);
    } else {
        r = value_cmp(va, ra, vb, rb);
    }
    return c->desc ? -r : r;
}

int sort_cmp_key(const SortLayout *l, int k, const uint8_t *a, const uint8_t *b) {
    return full_cmp(l, k, a, b);
}

int sort_cmp(const SortLayout *l, const uint8_t *a, const uint8_t *b) {
    uint32_t from = 0;
    for (int k = 0; k < l->ncols; k++) {
        const SortKeyCol *c = &l->cols[k];
        if (c->kind == SK_FIXED) continue;
        uint32_t end = c->off + 1 + c->width;
        int r = memcmp(a + from, b + from, end - from);
        if (r) return r;
        if ((r = full_cmp(l, k, a, b))) return r;
        from = end;
    }
    return memcmp(a + from, b + from, l->id_off + SORT_ID_BYTES - from);
}
