/* Shared operator plumbing: copying, hashing, comparing single values of vectors,
 * and RowBuf, the materialised rows of blocking operators (sort, join build, window)
 * kept as full dense batches so a row id is chunk * BATCH_ROWS + row. */
#include "op.h"

#include "hashmap.h"
#include "nested.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void val_set_null(Batch *dst, uint32_t col, uint32_t drow) {
    vec_set_null(&dst->cols[col], drow);
}

void val_copy(Batch *dst, uint32_t col, uint32_t drow, const Vec *src, uint32_t srow) {
    Vec *d = &dst->cols[col];
    uint32_t s = src->is_const ? 0 : srow;
    if (vec_is_null(src, s) || d->type.id != src->type.id) { // a mismatch never reads past data
        vec_set_null(d, drow);
        return;
    }
    vec_set_valid(d, drow);
    if (type_is_nested(d->type.id)) {
        nested_copy_row(d, drow, src, s, &dst->heap);
        return;
    }
    switch (type_fixed_width(d->type.id)) {
    case 1: ((uint8_t *)d->data)[drow] = ((const uint8_t *)src->data)[s]; break;
    case 2: ((uint16_t *)d->data)[drow] = ((const uint16_t *)src->data)[s]; break;
    case 4: ((uint32_t *)d->data)[drow] = ((const uint32_t *)src->data)[s]; break;
    case 8: ((uint64_t *)d->data)[drow] = ((const uint64_t *)src->data)[s]; break;
    default:
        if (d->type.id == TY_STRING || d->type.id == TY_BINARY) {
            Str v = ((const Str *)src->data)[s];
            ((Str *)d->data)[drow] = batch_str(dst, v.ptr, v.len);
        } else {
            memcpy((char *)d->data + drow * 16u, (const char *)src->data + s * 16u, 16);
        }
        break;
    }
}

#define GATHER(T)                                                                                  \
    do {                                                                                           \
        T *o = (T *)d->data + drow;                                                                \
        const T *in = src->data;                                                                   \
        if (src->is_const)                                                                         \
            for (uint32_t k = 0; k < n; k++) o[k] = in[0];                                         \
        else if (rows)                                                                             \
            for (uint32_t k = 0; k < n; k++) o[k] = in[rows[k]];                                   \
        else                                                                                       \
            memcpy(o, in, n * sizeof(T));                                                          \
    } while (0)

void vec_gather(Batch *dst, uint32_t col, uint32_t drow, const Vec *src, const uint16_t *rows,
                uint32_t n) {
    Vec *d = &dst->cols[col];
    if (d->type.id != src->type.id) {
        for (uint32_t k = 0; k < n; k++) vec_set_null(d, drow + k);
        return;
    }
    if (type_is_nested(d->type.id)) { // elements are copied into dst's children
        for (uint32_t k = 0; k < n; k++) val_copy(dst, col, drow + k, src, rows ? rows[k] : k);
        return;
    }
    switch (d->type.id) {
    case TY_BOOLEAN:
    case TY_TINYINT: GATHER(uint8_t); break;
    case TY_SMALLINT: GATHER(uint16_t); break;
    case TY_INT:
    case TY_DATE:
    case TY_FLOAT: GATHER(uint32_t); break;
    case TY_DECIMAL: GATHER(i128); break;
    case TY_STRING:
    case TY_BINARY: {
        Str *o = (Str *)d->data + drow;
        const Str *in = src->data;
        size_t total = 0;
        for (uint32_t k = 0; k < n; k++) total += in[src->is_const ? 0 : rows ? rows[k] : k].len;
        char *heap = arena_alloc(&dst->heap, total ? total : 1);
        for (uint32_t k = 0; k < n; k++) {
            Str v = in[src->is_const ? 0 : rows ? rows[k] : k];
            if (v.len) memcpy(heap, v.ptr, v.len);
            o[k] = (Str){v.len, heap};
            heap += v.len;
        }
        break;
    }
    default: GATHER(uint64_t); break;
    }
    if (src->valid || d->valid) {
        for (uint32_t k = 0; k < n; k++) {
            uint32_t r = src->is_const ? 0 : rows ? rows[k] : k;
            if (vec_is_null(src, r))
                vec_set_null(d, drow + k);
            else
                vec_set_valid(d, drow + k);
        }
    }
}

static uint64_t mix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

uint64_t val_hash(const Vec *v, uint32_t row) {
    uint32_t r = v->is_const ? 0 : row;
    if (vec_is_null(v, r)) return 0x9e3779b97f4a7c15ull;
    switch (v->type.id) {
    case TY_BOOLEAN:
    case TY_TINYINT: return mix((uint64_t)(int64_t)((const int8_t *)v->data)[r]);
    case TY_SMALLINT: return mix((uint64_t)(int64_t)((const int16_t *)v->data)[r]);
    case TY_INT:
    case TY_DATE: return mix((uint64_t)(int64_t)((const int32_t *)v->data)[r]);
    case TY_BIGINT:
    case TY_TIMESTAMP:
    case TY_INTERVAL: return mix((uint64_t)((const int64_t *)v->data)[r]);
    case TY_FLOAT:
    case TY_DOUBLE: {
        double d =
            v->type.id == TY_FLOAT ? ((const float *)v->data)[r] : ((const double *)v->data)[r];
        if (d == 0) d = 0; // -0.0
        if (isnan(d)) return 0x7ff8000000000000ull;
        uint64_t u;
        memcpy(&u, &d, sizeof u);
        return mix(u);
    }
    case TY_DECIMAL: {
        i128 x = ((const i128 *)v->data)[r];
        return mix((uint64_t)x ^ mix((uint64_t)(x >> 64)));
    }
    case TY_STRING:
    case TY_BINARY: {
        Str s = ((const Str *)v->data)[r];
        return mix(hash_bytes(s.ptr, s.len));
    }
    case TY_ARRAY:
    case TY_MAP: return mix(nested_hash(v, r));
    default: return 0;
    }
}

bool val_eq(const Vec *a, uint32_t i, const Vec *b, uint32_t j) {
    bool na = val_null(a, i), nb = val_null(b, j);
    if (na || nb) return na && nb;
    if (type_is_nested(a->type.id)) return type_is_nested(b->type.id) && nested_eq(a, i, b, j);
    if (a->type.id == TY_FLOAT || a->type.id == TY_DOUBLE) {
        double x = a->type.id == TY_FLOAT ? ((const float *)a->data)[a->is_const ? 0 : i]
                                          : ((const double *)a->data)[a->is_const ? 0 : i];
        double y = b->type.id == TY_FLOAT ? ((const float *)b->data)[b->is_const ? 0 : j]
                                          : ((const double *)b->data)[b->is_const ? 0 : j];
        return x == y || (isnan(x) && isnan(y));
    }
    return value_cmp(a, i, b, j) == 0;
}

int val_order(const Vec *a, uint32_t i, const Vec *b, uint32_t j, bool desc, bool nulls_first) {
    bool na = val_null(a, i), nb = val_null(b, j);
    if (na || nb) {
        if (na && nb) return 0;
        return na ? (nulls_first ? -1 : 1) : (nulls_first ? 1 : -1);
    }
    int c;
    if (type_is_nested(a->type.id)) {
        c = type_is_nested(b->type.id) ? nested_cmp(a, i, b, j) : 0;
    } else if (a->type.id == TY_FLOAT || a->type.id == TY_DOUBLE) { // -0.0 == 0.0 in ordering too
        c = value_cmp(a, i, b, j);
        double x = a->type.id == TY_FLOAT ? ((const float *)a->data)[a->is_const ? 0 : i]
                                          : ((const double *)a->data)[a->is_const ? 0 : i];
        double y = b->type.id == TY_FLOAT ? ((const float *)b->data)[b->is_const ? 0 : j]
                                          : ((const double *)b->data)[b->is_const ? 0 : j];
        if (x == y) c = 0;
    } else {
        c = value_cmp(a, i, b, j);
    }
    return desc ? -c : c;
}

void rowbuf_init(RowBuf *rb, const Type *types, uint32_t ncols) {
    memset(rb, 0, sizeof *rb);
    rb->ncols = ncols;
    rb->types = xmalloc((ncols ? ncols : 1) * sizeof *rb->types);
    if (ncols) memcpy(rb->types, types, ncols * sizeof *types);
}

void rowbuf_free(RowBuf *rb) {
    for (uint32_t i = 0; i < rb->nchunks; i++) batch_free(rb->chunks[i]);
    free(rb->chunks);
    free(rb->types);
    memset(rb, 0, sizeof *rb);
}

static Batch *tail(RowBuf *rb) {
    if (rb->nchunks && rb->chunks[rb->nchunks - 1]->nrows < BATCH_ROWS)
        return rb->chunks[rb->nchunks - 1];
    if (rb->nchunks == rb->cap) {
        rb->cap = rb->cap ? rb->cap * 2 : 8;
        rb->chunks = xrealloc(rb->chunks, rb->cap * sizeof *rb->chunks);
    }
    Batch *b = batch_new(rb->types, rb->ncols);
    rb->chunks[rb->nchunks++] = b;
    return b;
}

uint64_t rowbuf_append(RowBuf *rb, const Vec *vecs, uint32_t r) {
    Batch *b = tail(rb);
    uint32_t d = b->nrows++;
    for (uint32_t c = 0; c < rb->ncols; c++) val_copy(b, c, d, &vecs[c], r);
    return rb->nrows++;
}

uint64_t rowbuf_reserve(RowBuf *rb, Batch **chunk, uint32_t *row) {
    Batch *b = tail(rb);
    *row = b->nrows++;
    *chunk = b;
    return rb->nrows++;
}

void rowbuf_append_batch(RowBuf *rb, const Batch *src) {
    uint32_t n = batch_live(src), k = 0;
    while (k < n) {
        Batch *b = tail(rb);
        uint32_t take = BATCH_ROWS - b->nrows;
        if (take > n - k) take = n - k;
        const uint16_t *rows = src->sel ? src->sel + k : NULL;
        uint16_t idx[BATCH_ROWS];
        if (!src->sel && k) { // rows k.. of a batch without selection
            for (uint32_t i = 0; i < take; i++) idx[i] = (uint16_t)(k + i);
            rows = idx;
        }
        for (uint32_t c = 0; c < rb->ncols; c++)
            vec_gather(b, c, b->nrows, &src->cols[c], rows, take);
        b->nrows += take;
        rb->nrows += take;
        k += take;
    }
}

ExprState *op_expr(ExecCtx *cx, const PlanExpr *e) {
    char *err = NULL;
    ExprState *st = expr_compile(e, &cx->xenv, &err);
    if (!st) exec_fail_take(cx, err);
    return st;
}

ExprState *op_col_expr(ExecCtx *cx, int col, Type t) {
    PlanExpr e = {.kind = PX_COL, .type = t, .col = col};
    return op_expr(cx, &e);
}

const Vec *op_eval(ExecCtx *cx, ExprState *st, const Batch *in) {
    char *err = NULL;
    const Vec *v = expr_eval(st, in, &err);
    if (!v) exec_fail_take(cx, err);
    return v;
}

#define RB_GATHER(T)                                                                               \
    do {                                                                                           \
        T *o = d->data;                                                                            \
        for (uint32_t k = 0; k < n; k++)                                                           \
            o[k] = ((const T *)rb->chunks[ids[k] / BATCH_ROWS]->cols[scol].data)[ids[k] %          \
                                                                                 BATCH_ROWS];      \
    } while (0)

void rowbuf_gather(Batch *dst, uint32_t dcol, const RowBuf *rb, uint32_t scol, const uint64_t *ids,
                   uint32_t n) {
    Vec *d = &dst->cols[dcol];
    if (d->type.id != rb->types[scol].id) {
        for (uint32_t k = 0; k < n; k++) vec_set_null(d, k);
        return;
    }
    if (type_is_nested(d->type.id)) {
        for (uint32_t k = 0; k < n; k++)
            val_copy(dst, dcol, k, &rowbuf_chunk(rb, ids[k])->cols[scol], rowbuf_row(ids[k]));
        return;
    }
    switch (d->type.id) {
    case TY_BOOLEAN:
    case TY_TINYINT: RB_GATHER(uint8_t); break;
    case TY_SMALLINT: RB_GATHER(uint16_t); break;
    case TY_INT:
    case TY_DATE:
    case TY_FLOAT: RB_GATHER(uint32_t); break;
    case TY_DECIMAL: RB_GATHER(i128); break;
    case TY_STRING:
    case TY_BINARY: {
        Str *o = d->data;
        for (uint32_t k = 0; k < n; k++) {
            Str v = ((const Str *)rb->chunks[ids[k] / BATCH_ROWS]->cols[scol].data)[ids[k] %
                                                                                    BATCH_ROWS];
            o[k] = batch_str(dst, v.ptr, v.len);
        }
        break;
    }
    default: RB_GATHER(uint64_t); break;
    }
    for (uint32_t k = 0; k < n; k++) {
        const Vec *s = &rb->chunks[ids[k] / BATCH_ROWS]->cols[scol];
        if (s->valid && vec_is_null(s, (uint32_t)(ids[k] % BATCH_ROWS))) vec_set_null(d, k);
    }
}
