/* ARRAY and MAP values (see nested.h): element-wise copies, hashes, comparisons and text
 * forms. Elements are ordinary child vectors, so each element goes through the same
 * per-value helpers as a top-level value (op_rows.c, fn_core_cast.c). */
#include "nested.h"

#include "expr_eval.h"
#include "op.h"

#include <string.h>

void nested_copy_value(Vec *d, uint32_t cap, uint32_t di, const Vec *s, uint32_t si,
                       Arena *heap) {
    uint32_t r = s->is_const ? 0 : si;
    if (vec_is_null(s, r) || d->type.id != s->type.id) {
        vec_set_null_n(d, di, cap);
        return;
    }
    vec_set_valid(d, di);
    if (type_is_nested(d->type.id)) {
        nested_copy_row(d, di, s, r, heap);
        return;
    }
    size_t w = (size_t)type_fixed_width(d->type.id);
    if (d->type.id == TY_STRING || d->type.id == TY_BINARY) {
        Str v = ((const Str *)s->data)[r];
        char *p = arena_alloc(heap, v.len ? v.len : 1);
        if (v.len) memcpy(p, v.ptr, v.len);
        ((Str *)d->data)[di] = (Str){v.len, p};
    } else {
        memcpy((char *)d->data + (size_t)di * w, (const char *)s->data + (size_t)r * w, w);
    }
}

void nested_copy_row(Vec *dst, uint32_t drow, const Vec *src, uint32_t srow, Arena *heap) {
    VecList l = nested_list(src, srow);
    uint32_t off = dst->child_len;
    if (!dst->child || !src->child || (uint64_t)off + l.len > UINT32_MAX) {
        vec_lists(dst)[drow] = (VecList){off, 0};
        return;
    }
    vec_child_reserve(dst, off + l.len);
    for (uint32_t k = 0; k < vec_nchild(dst); k++)
        for (uint32_t e = 0; e < l.len; e++)
            nested_copy_value(&dst->child[k], dst->child_cap, off + e, &src->child[k], l.off + e,
                              heap);
    dst->child_len = off + l.len;
    vec_lists(dst)[drow] = (VecList){off, l.len};
}

uint32_t nested_push(Vec *v, uint32_t n) {
    uint32_t off = v->child_len;
    vec_child_reserve(v, off + n);
    v->child_len = off + n;
    return off;
}

uint64_t nested_hash(const Vec *v, uint32_t row) {
    VecList l = nested_list(v, row);
    uint64_t h = 0xcbf29ce484222325ull ^ l.len;
    for (uint32_t k = 0; k < vec_nchild(v); k++)
        for (uint32_t e = 0; e < l.len; e++)
            h = (h ^ val_hash(&v->child[k], l.off + e)) * 0x100000001b3ull;
    return h;
}

bool nested_eq(const Vec *a, uint32_t i, const Vec *b, uint32_t j) {
    VecList x = nested_list(a, i), y = nested_list(b, j);
    if (x.len != y.len || vec_nchild(a) != vec_nchild(b)) return false;
    for (uint32_t k = 0; k < vec_nchild(a); k++)
        for (uint32_t e = 0; e < x.len; e++)
            if (!val_eq(&a->child[k], x.off + e, &b->child[k], y.off + e)) return false;
    return true;
}

int nested_cmp(const Vec *a, uint32_t i, const Vec *b, uint32_t j) {
    VecList x = nested_list(a, i), y = nested_list(b, j);
    uint32_t n = x.len < y.len ? x.len : y.len;
    uint32_t nk = vec_nchild(a) < vec_nchild(b) ? vec_nchild(a) : vec_nchild(b);
    for (uint32_t k = 0; k < nk; k++)
        for (uint32_t e = 0; e < n; e++) {
            int c = val_order(&a->child[k], x.off + e, &b->child[k], y.off + e, false, true);
            if (c) return c;
        }
    return x.len < y.len ? -1 : x.len > y.len;
}

/* One element in Spark's string form: NULL elements print as "null". */
static void put_elem(const Vec *c, uint32_t e, StrBuf *b) {
    if (vec_is_null(c, e))
        sb_puts(b, "null");
    else
        value_format(c, e, b);
}

void nested_format(const Vec *v, uint32_t row, StrBuf *b) {
    VecList l = nested_list(v, row);
    bool map = v->type.id == TY_MAP;
    sb_putc(b, map ? '{' : '[');
    for (uint32_t e = 0; v->child && e < l.len; e++) {
        if (e) sb_puts(b, ", ");
        put_elem(&v->child[0], l.off + e, b);
        if (map) {
            sb_puts(b, " -> ");
            put_elem(&v->child[1], l.off + e, b);
        }
    }
    sb_putc(b, map ? '}' : ']');
}

/* One value as JSON: numbers and booleans bare (NaN and infinities quoted), nested values
 * as arrays / objects, everything else a string. */
static void put_json(const Vec *c, uint32_t e, StrBuf *b, bool as_key) {
    if (vec_is_null(c, e)) {
        sb_puts(b, as_key ? "\"null\"" : "null");
        return;
    }
    TypeId t = c->type.id;
    if (type_is_nested(t) && !as_key) {
        nested_format_json(c, e, b);
        return;
    }
    StrBuf tmp = {0};
    value_format(c, e, &tmp);
    const char *s = tmp.len ? tmp.ptr : "";
    bool bare = !as_key && (type_is_numeric(t) || t == TY_BOOLEAN);
    if (t == TY_FLOAT || t == TY_DOUBLE)
        bare = bare && strcmp(s, "NaN") && strcmp(s, "Infinity") && strcmp(s, "-Infinity");
    if (bare)
        sb_put(b, s, tmp.len);
    else
        sb_json_str(b, s, tmp.len);
    sb_free(&tmp);
}

void nested_format_json(const Vec *v, uint32_t row, StrBuf *b) {
    VecList l = nested_list(v, row);
    bool map = v->type.id == TY_MAP;
    sb_putc(b, map ? '{' : '[');
    for (uint32_t e = 0; v->child && e < l.len; e++) {
        if (e) sb_putc(b, ',');
        put_json(&v->child[0], l.off + e, b, map);
        if (map) {
            sb_putc(b, ':');
            put_json(&v->child[1], l.off + e, b, false);
        }
    }
    sb_putc(b, map ? '}' : ']');
}
