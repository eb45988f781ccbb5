/* Array and map kernels with Spark semantics (non-ANSI unless cx->ansi): array(...),
 * map(...), size, array_contains, element_at (1-based, negative from the end) and the
 * [] subscript (0-based), sort_array, array_distinct, array_remove, array_join,
 * array_min/max, array_position, slice, map_keys, map_values, arrays_overlap, flatten.
 * Results are written into the output vector's children (nested.h). */
#include "fn_tables.h"
#include "fn_util.h"
#include "nested.h"
#include "op.h"

#include <stdlib.h>
#include <string.h>

/* Copy element si of child vector s into a new last element of out's child k. */
static void put_elem(FnCtx *cx, Vec *out, uint32_t k, uint32_t di, const Vec *s, uint32_t si) {
    nested_copy_value(&out->child[k], out->child_cap, di, s, si, cx->heap);
}

static void set_list(Vec *out, uint32_t i, uint32_t off, uint32_t len) {
    vec_lists(out)[i] = (VecList){off, len};
}

static void null_row(Vec *out, uint32_t i) {
    vec_set_null(out, i);
    if (type_is_nested(out->type.id)) set_list(out, i, out->child_len, 0); // else not VecLists
}

/* array(v1, ..., vn): NULL arguments are NULL elements. */
static void array_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    for (uint32_t i = 0; i < n; i++) {
        uint32_t off = nested_push(out, (uint32_t)na);
        for (int k = 0; k < na; k++)
            put_elem(cx, out, 0, off + (uint32_t)k, &a[k], fn_row(&a[k], i));
        set_list(out, i, off, (uint32_t)na);
    }
}

/* map(k1, v1, ...): a NULL key or a duplicate key is an error (Spark's default
 * spark.sql.mapKeyDedupPolicy=EXCEPTION). */
static void map_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    uint32_t np = (uint32_t)na / 2;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t off = nested_push(out, np);
        for (uint32_t p = 0; p < np; p++) {
            const Vec *kv = &a[2 * p];
            if (fn_null(kv, i)) {
                fn_error(cx, "[NULL_MAP_KEY] Cannot use null as map key.");
                return;
            }
            for (uint32_t q = 0; q < p; q++)
                if (val_eq(kv, i, &a[2 * q], i)) {
                    StrBuf b = {0};
                    value_format(kv, fn_row(kv, i), &b);
                    fn_error(cx, "[DUPLICATED_MAP_KEY] Duplicate map key %s was found, please "
                             "check the input data.", sb_cstr(&b));
                    sb_free(&b);
                    return;
                }
            put_elem(cx, out, 0, off + p, kv, fn_row(kv, i));
            put_elem(cx, out, 1, off + p, &a[2 * p + 1], fn_row(&a[2 * p + 1], i));
        }
        set_list(out, i, off, np);
    }
}

/* size / cardinality: -1 for NULL unless ANSI (Databricks: NULL under ANSI). */
static void size_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    for (uint32_t i = 0; i < n; i++) {
        if (fn_null(&a[0], i) || a[0].type.id == TY_NULL) {
            if (cx->ansi)
                vec_set_null(out, i);
            else
                FN_OUT(out, int32_t)[i] = -1;
            continue;
        }
        FN_OUT(out, int32_t)[i] = (int32_t)nested_list(&a[0], i).len;
    }
}

/* Index of the first element of row i of arr equal to row i of v, -1 if none; *saw_null
 * tells whether a NULL element was passed over. */
static int64_t find_elem(const Vec *arr, const Vec *v, uint32_t i, bool *saw_null) {
    VecList l = nested_list(arr, i);
    const Vec *e = &arr->child[0];
    *saw_null = false;
    for (uint32_t j = 0; j < l.len; j++) {
        if (vec_is_null(e, l.off + j)) {
            *saw_null = true;
            continue;
        }
        if (val_eq(e, l.off + j, v, i)) return j;
    }
    return -1;
}

/* array_contains: NULL when not found but the array holds a NULL element. */
static void array_contains_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        bool saw_null;
        int64_t at = find_elem(&a[0], &a[1], i, &saw_null);
        FN_OUT(out, uint8_t)[i] = at >= 0;
        if (at < 0 && saw_null) vec_set_null(out, i);
    }
}

/* array_position: 1-based position of the first equal element, 0 when absent. */
static void array_position_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        bool saw_null;
        FN_OUT(out, int64_t)[i] = find_elem(&a[0], &a[1], i, &saw_null) + 1;
    }
}

/* One element (array index k, 0-based after the caller's conversion) or map value by key
 * into row i of out; out of range / missing: NULL (an error under ANSI for arrays). */
static void lookup(FnCtx *cx, const Vec *a, uint32_t i, int64_t k, bool one_based, Vec *out) {
    VecList l = nested_list(&a[0], i);
    if (a[0].type.id == TY_MAP) {
        for (uint32_t j = 0; j < l.len; j++)
            if (val_eq(&a[0].child[0], l.off + j, &a[1], i)) {
                nested_copy_value(out, BATCH_ROWS, i, &a[0].child[1], l.off + j, cx->heap);
                return;
            }
        null_row(out, i);
        return;
    }
    int64_t idx = one_based ? (k > 0 ? k - 1 : (int64_t)l.len + k) : k;
    if (idx < 0 || idx >= (int64_t)l.len) {
        if (cx->ansi)
            fn_error(cx, "[INVALID_ARRAY_INDEX%s] The index %lld is out of bounds. The array has "
                     "%u elements.", one_based ? "_IN_ELEMENT_AT" : "", (long long)k, l.len);
        null_row(out, i);
        return;
    }
    nested_copy_value(out, BATCH_ROWS, i, &a[0].child[0], l.off + (uint32_t)idx, cx->heap);
}

static void element_at_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        int64_t k = a[0].type.id == TY_MAP ? 0 : fn_i64(&a[1], i);
        if (a[0].type.id != TY_MAP && k == 0) {
            fn_error(cx, "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be "
                     "either < 0 or > 0 (the first element has index 1).");
            return;
        }
        lookup(cx, a, i, k, true, out);
    }
}

static void subscript_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) lookup(cx, a, i, a[0].type.id == TY_MAP ? 0 : fn_i64(&a[1], i), false, out);
}

/* ---- whole-array transformations ---- */

typedef struct {
    const Vec *e;
    bool desc;
} SortCtx;

static int cmp_elems(const void *x, const void *y, void *ud) {
    const SortCtx *s = ud;
    uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
    // sort_array: NULLs first ascending, last descending (Spark)
    int c = val_order(s->e, i, s->e, j, false, true);
    if (c == 0) return i < j ? -1 : i > j;
    return s->desc ? -c : c;
}

/* Element indexes of row i, in a scratch buffer the caller frees. */
static uint32_t *elem_ids(const Vec *arr, uint32_t i, uint32_t *len) {
    VecList l = nested_list(arr, i);
    uint32_t *ids = xmalloc(((size_t)l.len + 1) * sizeof *ids);
    for (uint32_t j = 0; j < l.len; j++) ids[j] = l.off + j;
    *len = l.len;
    return ids;
}

static void emit_ids(FnCtx *cx, Vec *out, uint32_t i, const Vec *e, const uint32_t *ids,
                     uint32_t m) {
    uint32_t off = nested_push(out, m);
    for (uint32_t j = 0; j < m; j++) put_elem(cx, out, 0, off + j, e, ids[j]);
    set_list(out, i, off, m);
}

/* array_sort(arr) without a comparator: ascending, NULLs last. */
static int cmp_nulls_last(const void *x, const void *y, void *ud) {
    const Vec *e = ud;
    uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
    int c = val_order(e, i, e, j, false, false);
    return c ? c : (i > j) - (i < j);
}

static void array_sort_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        uint32_t m, *ids = elem_ids(&a[0], i, &m);
        qsort_r(ids, m, sizeof *ids, cmp_nulls_last, (void *)&a[0].child[0]);
        emit_ids(cx, out, i, &a[0].child[0], ids, m);
        free(ids);
    }
}

static void sort_array_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    FN_EACH(i, n, out) {
        SortCtx s = {&a[0].child[0], na > 1 && !fn_bool(&a[1], i)};
        uint32_t m, *ids = elem_ids(&a[0], i, &m);
        qsort_r(ids, m, sizeof *ids, cmp_elems, &s);
        emit_ids(cx, out, i, s.e, ids, m);
        free(ids);
    }
}

/* Keep element j unless an equal element (NULL equals NULL) was kept before. */
static uint32_t distinct_ids(const Vec *e, uint32_t *ids, uint32_t m) {
    uint32_t k = 0;
    for (uint32_t j = 0; j < m; j++) {
        bool dup = false;
        for (uint32_t q = 0; q < k && !dup; q++) dup = val_eq(e, ids[q], e, ids[j]);
        if (!dup) ids[k++] = ids[j];
    }
    return k;
}

static void array_distinct_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        uint32_t m, *ids = elem_ids(&a[0], i, &m);
        emit_ids(cx, out, i, &a[0].child[0], ids, distinct_ids(&a[0].child[0], ids, m));
        free(ids);
    }
}

/* array_remove(arr, v): every element equal to v removed (NULL elements stay). */
static void array_remove_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        const Vec *e = &a[0].child[0];
        uint32_t m, k = 0, *ids = elem_ids(&a[0], i, &m);
        for (uint32_t j = 0; j < m; j++)
            if (vec_is_null(e, ids[j]) || !val_eq(e, ids[j], &a[1], i)) ids[k++] = ids[j];
        emit_ids(cx, out, i, e, ids, k);
        free(ids);
    }
}

/* slice(arr, start, length): start is 1-based (negative: from the end, 0: an error). */
static void slice_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        VecList l = nested_list(&a[0], i);
        int64_t start = fn_i64(&a[1], i), len = fn_i64(&a[2], i);
        if (start == 0) {
            fn_error(cx, "Unexpected value for start in function slice: SQL array indices "
                     "start at 1.");
            return;
        }
        if (len < 0) {
            fn_error(cx, "Unexpected value for length in function slice: length must be greater "
                     "than or equal to 0.");
            return;
        }
        int64_t from = start > 0 ? start - 1 : (int64_t)l.len + start;
        if (from < 0 || from >= (int64_t)l.len) {
            set_list(out, i, out->child_len, 0);
            continue;
        }
        int64_t m = (int64_t)l.len - from < len ? (int64_t)l.len - from : len;
        uint32_t off = nested_push(out, (uint32_t)m);
        for (int64_t j = 0; j < m; j++)
            put_elem(cx, out, 0, off + (uint32_t)j, &a[0].child[0], l.off + (uint32_t)(from + j));
        set_list(out, i, off, (uint32_t)m);
    }
}

/* array_min / array_max: NULL elements skipped; NULL for an empty array. */
static void min_max(FnCtx *cx, const Vec *a, uint32_t n, Vec *out, int sign) {
    FN_EACH(i, n, out) {
        VecList l = nested_list(&a[0], i);
        const Vec *e = &a[0].child[0];
        int64_t best = -1;
        for (uint32_t j = 0; j < l.len; j++) {
            if (vec_is_null(e, l.off + j)) continue;
            if (best < 0 || sign * val_order(e, l.off + j, e, (uint32_t)best, false, true) > 0)
                best = l.off + j;
        }
        if (best < 0) {
            null_row(out, i);
            continue;
        }
        nested_copy_value(out, BATCH_ROWS, i, e, (uint32_t)best, cx->heap);
    }
}

static void array_min_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    min_max(cx, a, n, out, -1);
}

static void array_max_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    min_max(cx, a, n, out, 1);
}

/* array_join(arr, delim[, null_replacement]): NULL elements skipped unless replaced.
 * Handles NULLs itself: a NULL replacement makes the result NULL (Spark). */
static void array_join_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    StrBuf b = {0};
    for (uint32_t i = 0; i < n; i++) {
        if (fn_null(&a[0], i) || fn_null(&a[1], i) || (na > 2 && fn_null(&a[2], i))) {
            vec_set_null(out, i);
            continue;
        }
        VecList l = nested_list(&a[0], i);
        const Vec *e = &a[0].child[0];
        Str d = fn_str(&a[1], i);
        b.len = 0;
        bool first = true;
        for (uint32_t j = 0; j < l.len; j++) {
            bool null = vec_is_null(e, l.off + j);
            if (null && na < 3) continue;
            if (!first) sb_put(&b, d.ptr, d.len);
            first = false;
            if (null) {
                Str r = fn_str(&a[2], i);
                sb_put(&b, r.ptr, r.len);
            } else {
                value_format(e, l.off + j, &b);
            }
        }
        fn_put_str(cx, out, i, b.len ? b.ptr : "", b.len);
    }
    sb_free(&b);
}

static void map_part(FnCtx *cx, const Vec *a, uint32_t n, Vec *out, uint32_t k) {
    FN_EACH(i, n, out) {
        VecList l = nested_list(&a[0], i);
        uint32_t off = nested_push(out, l.len);
        for (uint32_t j = 0; j < l.len; j++)
            put_elem(cx, out, 0, off + j, &a[0].child[k], l.off + j);
        set_list(out, i, off, l.len);
    }
}

static void map_keys_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    map_part(cx, a, n, out, 0);
}

static void map_values_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    map_part(cx, a, n, out, 1);
}

/* arrays_overlap: true on a common non-NULL element; else NULL if both are non-empty and
 * either holds a NULL; else false. */
static void arrays_overlap_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        VecList x = nested_list(&a[0], i), y = nested_list(&a[1], i);
        const Vec *ex = &a[0].child[0], *ey = &a[1].child[0];
        bool found = false, null = false;
        for (uint32_t p = 0; p < x.len && !found; p++) {
            if (vec_is_null(ex, x.off + p)) { null = true; continue; }
            for (uint32_t q = 0; q < y.len && !found; q++) {
                if (vec_is_null(ey, y.off + q)) { null = true; continue; }
                found = val_eq(ex, x.off + p, ey, y.off + q);
            }
        }
        if (!found && y.len && x.len)
            for (uint32_t q = 0; q < y.len; q++) null |= vec_is_null(ey, y.off + q);
        FN_OUT(out, uint8_t)[i] = found;
        if (!found && null && x.len && y.len) vec_set_null(out, i);
    }
}

/* flatten(array<array<T>>): NULL when any inner array is NULL. */
static void flatten_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        VecList l = nested_list(&a[0], i);
        const Vec *inner = &a[0].child[0];
        uint32_t total = 0;
        bool null = false;
        for (uint32_t j = 0; j < l.len; j++) {
            if (vec_is_null(inner, l.off + j)) null = true;
            else total += vec_lists(inner)[l.off + j].len;
        }
        if (null) {
            null_row(out, i);
            continue;
        }
        uint32_t off = nested_push(out, total), k = 0;
        for (uint32_t j = 0; j < l.len; j++) {
            VecList il = vec_lists(inner)[l.off + j];
            for (uint32_t q = 0; q < il.len; q++)
                put_elem(cx, out, 0, off + k++, &inner->child[0], il.off + q);
        }
        set_list(out, i, off, total);
    }
}

/* Cast child k of every row's list: the scalar cast kernel over slices of at most
 * BATCH_ROWS elements. Elements that are themselves arrays/maps are refused. */
static void cast_child(FnCtx *cx, const Vec *in, Vec *out, uint32_t k, uint32_t first,
                       uint32_t total, bool try_) {
    const FnImpl *cast = fn_impl_lookup(try_ ? "try_cast" : "cast");
    const Vec *src = &in->child[k];
    Vec *dst = &out->child[k];
    if (type_is_nested(src->type.id) || type_is_nested(dst->type.id) || !cast) {
        fn_error(cx, "casting arrays or maps of nested values is not supported yet");
        return;
    }
    size_t sw = (size_t)type_fixed_width(src->type.id), dw = (size_t)type_fixed_width(dst->type.id);
    void *buf = xcalloc(BATCH_ROWS, dw);
    uint64_t ivalid[BATCH_ROWS / 64], ovalid[BATCH_ROWS / 64];
    for (uint32_t done = 0; done < total && !cx->err; done += BATCH_ROWS) {
        uint32_t m = total - done < BATCH_ROWS ? total - done : BATCH_ROWS;
        Vec a = {.type = src->type, .data = (char *)src->data + (size_t)(first + done) * sw};
        Vec o = {.type = dst->type, .data = buf, .valid = ovalid};
        memset(ovalid, 0xff, sizeof ovalid);
        if (src->valid || src->type.id == TY_NULL) {
            memset(ivalid, 0xff, sizeof ivalid);
            a.valid = ivalid;
            for (uint32_t j = 0; j < m; j++)
                if (src->type.id == TY_NULL || vec_is_null(src, first + done + j)) {
                    ivalid[j >> 6] &= ~(1ull << (j & 63));
                    ovalid[j >> 6] &= ~(1ull << (j & 63));
                }
        }
        Type at = src->type;
        FnCtx c = {.heap = cx->heap, .ansi = cx->ansi, .now_us = cx->now_us, .arg_types = &at,
                   .result_type = dst->type, .counter = cx->counter};
        if (src->type.id == TY_NULL)
            memset(ovalid, 0, sizeof ovalid);
        else
            cast->fn(&c, &a, 1, m, &o);
        if (c.err) {
            cx->err = c.err;
            break;
        }
        for (uint32_t j = 0; j < m; j++)
            nested_copy_value(dst, out->child_cap, first + done + j, &o, j, cx->heap);
    }
    free(buf);
}

/* CAST(array<a> AS array<b>) and CAST(map<k, v> AS map<k2, v2>) element by element. The
 * output's children mirror the input's: the same offsets, all rows' elements at once. */
static void cast_nested(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out, bool try_) {
    (void)na;
    const Vec *in = &a[0];
    uint32_t total = in->child ? in->child_len : 0;
    uint32_t first = nested_push(out, total);
    for (uint32_t k = 0; k < vec_nchild(out) && k < vec_nchild(in) && !cx->err; k++)
        cast_child(cx, in, out, k, first, total, try_);
    FN_EACH(i, n, out) {
        VecList l = nested_list(in, i);
        set_list(out, i, first + l.off, l.len);
    }
}

static void cast_nested_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    cast_nested(cx, a, na, n, out, false);
}

static void try_cast_nested_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    cast_nested(cx, a, na, n, out, true);
}

/* Comparisons of whole arrays/maps: element by element (NULL elements equal each other and
 * sort first, a prefix sorts first), as Spark's interpreted ordering. */
static void compare(const Vec *a, uint32_t n, Vec *out, int op) {
    FN_EACH(i, n, out) {
        int c = nested_cmp(&a[0], i, &a[1], i);
        bool r = op == 0 ? c == 0 : op == 1 ? c != 0 : op == 2 ? c < 0 : op == 3 ? c <= 0
                 : op == 4 ? c > 0 : c >= 0;
        FN_OUT(out, uint8_t)[i] = r;
    }
}

#define CMP_K(name, op)                                                            \
    static void name(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {      \
        (void)cx, (void)na;                                                        \
        compare(a, n, out, op);                                                    \
    }
CMP_K(eq_k, 0)
CMP_K(ne_k, 1)
CMP_K(lt_k, 2)
CMP_K(le_k, 3)
CMP_K(gt_k, 4)
CMP_K(ge_k, 5)

/* a <=> b: never NULL. */
static void eq_null_safe_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    for (uint32_t i = 0; i < n; i++) {
        bool x = fn_null(&a[0], i), y = fn_null(&a[1], i);
        FN_OUT(out, uint8_t)[i] = x || y ? x && y : nested_cmp(&a[0], i, &a[1], i) == 0;
    }
}

/* coalesce over arrays/maps: the first non-NULL argument's elements. */
static void coalesce_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    for (uint32_t i = 0; i < n; i++) {
        int k = 0;
        while (k < na && (fn_null(&a[k], i) || !type_is_nested(a[k].type.id))) k++;
        if (k == na) {
            null_row(out, i);
            continue;
        }
        nested_copy_row(out, i, &a[k], i, cx->heap);
    }
}

/* concat of arrays: NULL if any argument is NULL. */
static void concat_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    FN_EACH(i, n, out) {
        uint32_t total = 0;
        for (int k = 0; k < na; k++)
            if (type_is_nested(a[k].type.id)) total += nested_list(&a[k], i).len;
        uint32_t off = nested_push(out, total), d = off;
        for (int k = 0; k < na; k++) {
            if (!type_is_nested(a[k].type.id)) continue;
            VecList l = nested_list(&a[k], i);
            for (uint32_t j = 0; j < l.len; j++)
                put_elem(cx, out, 0, d++, &a[k].child[0], l.off + j);
        }
        set_list(out, i, off, total);
    }
}

static void reverse_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        VecList l = nested_list(&a[0], i);
        uint32_t off = nested_push(out, l.len);
        for (uint32_t j = 0; j < l.len; j++)
            put_elem(cx, out, 0, off + j, &a[0].child[0], l.off + l.len - 1 - j);
        set_list(out, i, off, l.len);
    }
}

const FnImpl fn_array_nested_impls[] = {
    {"cast", cast_nested_k, false},
    {"try_cast", try_cast_nested_k, false},
    {"eq", eq_k, false},
    {"ne", ne_k, false},
    {"lt", lt_k, false},
    {"le", le_k, false},
    {"gt", gt_k, false},
    {"ge", ge_k, false},
    {"eq_null_safe", eq_null_safe_k, true},
    {"coalesce", coalesce_k, true},
    {"concat", concat_k, false},
    {"reverse", reverse_k, false},
    {NULL, NULL, false},
};

/* Does row i of arr hold element e of child vector c (NULL equals NULL)? */
static bool holds(const Vec *arr, uint32_t i, const Vec *c, uint32_t e) {
    VecList l = nested_list(arr, i);
    for (uint32_t j = 0; j < l.len; j++)
        if (val_eq(&arr->child[0], l.off + j, c, e)) return true;
    return false;
}

/* array_union (0), array_intersect (1), array_except (2): distinct results in first-seen
 * order, a NULL element counted like a value. */
static void set_op(FnCtx *cx, const Vec *a, uint32_t n, Vec *out, int op) {
    FN_EACH(i, n, out) {
        VecList x = nested_list(&a[0], i), y = nested_list(&a[1], i);
        uint32_t total = x.len + (op == 0 ? y.len : 0);
        uint32_t *ids = xmalloc(((size_t)total + 1) * sizeof *ids);
        const Vec **src = xmalloc(((size_t)total + 1) * sizeof *src);
        uint32_t m = 0;
        for (uint32_t side = 0; side < (op == 0 ? 2u : 1u); side++) {
            VecList l = side ? y : x;
            const Vec *c = &a[side].child[0];
            for (uint32_t j = 0; j < l.len; j++) {
                uint32_t e = l.off + j;
                if (op == 1 && !holds(&a[1], i, c, e)) continue;
                if (op == 2 && holds(&a[1], i, c, e)) continue;
                bool dup = false;
                for (uint32_t q = 0; q < m && !dup; q++) dup = val_eq(src[q], ids[q], c, e);
                if (!dup) ids[m] = e, src[m++] = c;
            }
        }
        uint32_t off = nested_push(out, m);
        for (uint32_t j = 0; j < m; j++) put_elem(cx, out, 0, off + j, src[j], ids[j]);
        set_list(out, i, off, m);
        free(ids);
        free(src);
    }
}

static void array_union_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    set_op(cx, a, n, out, 0);
}

static void array_intersect_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    set_op(cx, a, n, out, 1);
}

static void array_except_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    set_op(cx, a, n, out, 2);
}

enum { MAX_SEQUENCE = 1 << 26 };  // elements per call (Spark's limit is 2^31 - 16)

/* sequence(start, stop[, step]) of integers: step defaults to 1 or -1; a step that does
 * not lead from start to stop is an error (Spark: "Illegal sequence boundaries"). */
static void sequence_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    Vec *e = &out->child[0];
    size_t w = (size_t)type_fixed_width(e->type.id);
    FN_EACH(i, n, out) {
        int64_t start = fn_i64(&a[0], i), stop = fn_i64(&a[1], i);
        int64_t step = na > 2 ? fn_i64(&a[2], i) : (start <= stop ? 1 : -1);
        if ((step == 0 && start != stop) || (step > 0 && start > stop) ||
            (step < 0 && start < stop)) {
            fn_error(cx, "Illegal sequence boundaries: %lld to %lld by %lld", (long long)start,
                     (long long)stop, (long long)step);
            return;
        }
        unsigned __int128 span = start <= stop ? (unsigned __int128)((__int128)stop - start)
                                               : (unsigned __int128)((__int128)start - stop);
        unsigned __int128 cnt = step ? span / (unsigned __int128)(step < 0 ? -(__int128)step
                                                                            : (__int128)step) + 1
                                     : 1;
        if (cnt > MAX_SEQUENCE) {
            fn_error(cx, "sequence: too many elements (%llu)", (unsigned long long)cnt);
            return;
        }
        uint32_t m = (uint32_t)cnt, off = nested_push(out, m);
        for (uint32_t j = 0; j < m; j++) {
            int64_t v = (int64_t)((__int128)start + (__int128)step * j);
            char *p = (char *)e->data + (size_t)(off + j) * w;
            if (w == 1) *(int8_t *)p = (int8_t)v;
            else if (w == 2) *(int16_t *)p = (int16_t)v;
            else if (w == 4) *(int32_t *)p = (int32_t)v;
            else *(int64_t *)p = v;
        }
        set_list(out, i, off, m);
    }
}

/* to_json(array | map[, options]): JSON text as Spark's JacksonGenerator writes it for
 * these values (NULL elements as null). Timestamps inside are refused for now: Spark
 * writes them with its JSON timestampFormat, which the text form here does not follow. */
static void to_json_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    if (!type_is_nested(a[0].type.id)) {
        fn_error(cx, "to_json expects a struct, an array or a map");
        return;
    }
    for (uint32_t k = 0; k < vec_nchild(&a[0]); k++)
        if (a[0].child[k].type.id == TY_TIMESTAMP || type_is_nested(a[0].child[k].type.id)) {
            fn_error(cx, "to_json of timestamps or nested collections is not supported yet");
            return;
        }
    StrBuf b = {0};
    FN_EACH(i, n, out) {
        b.len = 0;
        nested_format_json(&a[0], fn_row(&a[0], i), &b);
        fn_put_str(cx, out, i, b.len ? b.ptr : "", b.len);
    }
    sb_free(&b);
}

/* array_repeat(x, n): n copies (a NULL x repeats as NULL elements; n <= 0: empty). */
static void array_repeat_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    for (uint32_t i = 0; i < n; i++) {
        if (fn_null(&a[1], i)) {
            null_row(out, i);
            continue;
        }
        int64_t cnt = fn_i64(&a[1], i);
        if (cnt > MAX_SEQUENCE) {
            fn_error(cx, "array_repeat: too many elements (%lld)", (long long)cnt);
            return;
        }
        uint32_t m = cnt > 0 ? (uint32_t)cnt : 0, off = nested_push(out, m);
        for (uint32_t j = 0; j < m; j++) put_elem(cx, out, 0, off + j, &a[0], fn_row(&a[0], i));
        set_list(out, i, off, m);
    }
}

static void array_compact_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        const Vec *e = &a[0].child[0];
        uint32_t m, k = 0, *ids = elem_ids(&a[0], i, &m);
        for (uint32_t j = 0; j < m; j++)
            if (!vec_is_null(e, ids[j])) ids[k++] = ids[j];
        emit_ids(cx, out, i, e, ids, k);
        free(ids);
    }
}

/* array_append / array_prepend(arr, x): x may be NULL; a NULL array gives NULL. */
static void add_elem(FnCtx *cx, const Vec *a, uint32_t n, Vec *out, bool front) {
    for (uint32_t i = 0; i < n; i++) {
        if (fn_null(&a[0], i)) {
            null_row(out, i);
            continue;
        }
        VecList l = nested_list(&a[0], i);
        uint32_t off = nested_push(out, l.len + 1);
        put_elem(cx, out, 0, front ? off : off + l.len, &a[1], fn_row(&a[1], i));
        for (uint32_t j = 0; j < l.len; j++)
            put_elem(cx, out, 0, off + j + (front ? 1 : 0), &a[0].child[0], l.off + j);
        set_list(out, i, off, l.len + 1);
    }
}

static void array_append_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    add_elem(cx, a, n, out, false);
}

static void array_prepend_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    add_elem(cx, a, n, out, true);
}

/* array_size: NULL for NULL (unlike size). */
static void array_size_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) FN_OUT(out, int32_t)[i] = (int32_t)nested_list(&a[0], i).len;
}

/* get(arr, i): 0-based; out of range is NULL even under ANSI. */
static void get_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        VecList l = nested_list(&a[0], i);
        int64_t k = fn_i64(&a[1], i);
        if (k < 0 || k >= (int64_t)l.len)
            null_row(out, i);
        else
            nested_copy_value(out, BATCH_ROWS, i, &a[0].child[0], l.off + (uint32_t)k, cx->heap);
    }
}

static void map_contains_key_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        VecList l = nested_list(&a[0], i);
        bool found = false;
        for (uint32_t j = 0; j < l.len && !found; j++)
            found = val_eq(&a[0].child[0], l.off + j, &a[1], i);
        FN_OUT(out, uint8_t)[i] = found;
    }
}

/* Does map row i (elements [off, off + m) of keys) already hold key e of vector k? */
static bool dup_key(const Vec *keys, uint32_t off, uint32_t m, const Vec *k, uint32_t e) {
    for (uint32_t j = 0; j < m; j++)
        if (val_eq(keys, off + j, k, e)) return true;
    return false;
}

static void dup_key_error(FnCtx *cx, const Vec *k, uint32_t e) {
    StrBuf b = {0};
    value_format(k, e, &b);
    fn_error(cx, "[DUPLICATED_MAP_KEY] Duplicate map key %s was found, please check the input "
             "data.", sb_cstr(&b));
    sb_free(&b);
}

/* map_from_arrays(keys, values): same lengths, no NULL or duplicate keys. */
static void map_from_arrays_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        VecList k = nested_list(&a[0], i), v = nested_list(&a[1], i);
        if (k.len != v.len) {
            fn_error(cx, "The key array and value array of MapData must have the same length.");
            return;
        }
        uint32_t off = nested_push(out, k.len);
        for (uint32_t j = 0; j < k.len; j++) {
            if (vec_is_null(&a[0].child[0], k.off + j)) {
                fn_error(cx, "[NULL_MAP_KEY] Cannot use null as map key.");
                return;
            }
            if (dup_key(&out->child[0], off, j, &a[0].child[0], k.off + j)) {
                dup_key_error(cx, &a[0].child[0], k.off + j);
                return;
            }
            put_elem(cx, out, 0, off + j, &a[0].child[0], k.off + j);
            put_elem(cx, out, 1, off + j, &a[1].child[0], v.off + j);
        }
        set_list(out, i, off, k.len);
    }
}

/* Pieces of s split by a literal delimiter (Spark splits by regex; delimiters with regex
 * syntax are refused). */
static bool next_piece(Str s, Str d, uint32_t *pos, Str *piece) {
    if (*pos > s.len) return false;
    const char *p = d.len ? memmem(s.ptr + *pos, s.len - *pos, d.ptr, d.len) : NULL;
    uint32_t end = p ? (uint32_t)(p - s.ptr) : s.len;
    *piece = (Str){end - *pos, s.ptr + *pos};
    *pos = p ? end + d.len : s.len + 1;
    return true;
}

/* str_to_map(text[, pair delimiter ',' [, key-value delimiter ':']]): a key without a value
 * maps to NULL; duplicate keys are an error. */
static void str_to_map_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    static const char *const special = ".[]()*+?{}|^$\\";
    Vec *keys = &out->child[0], *vals = &out->child[1];
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        Str pd = na > 1 ? fn_str(&a[1], i) : (Str){1, ","};
        Str kd = na > 2 ? fn_str(&a[2], i) : (Str){1, ":"};
        for (uint32_t k = 0; k < pd.len + kd.len; k++) {
            char c = k < pd.len ? pd.ptr[k] : kd.ptr[k - pd.len];
            if (strchr(special, c)) {
                fn_error(cx, "str_to_map: delimiters with regex syntax are not supported yet");
                return;
            }
        }
        uint32_t pos = 0, first = out->child_len, cnt = 0;
        Str pair;
        while (next_piece(s, pd, &pos, &pair)) {
            uint32_t kp = 0;
            Str key, val;
            next_piece(pair, kd, &kp, &key);
            bool has_val = kp <= pair.len;
            if (has_val) val = (Str){pair.len - kp, pair.ptr + kp};
            uint32_t at = nested_push(out, 1);
            char *kb = fn_alloc(cx, key.len);
            if (kb && key.len) memcpy(kb, key.ptr, key.len);
            ((Str *)keys->data)[at] = (Str){kb ? key.len : 0, kb ? kb : ""};
            if (dup_key(keys, first, cnt, keys, at)) {
                dup_key_error(cx, keys, at);
                return;
            }
            if (has_val) {
                char *vb = fn_alloc(cx, val.len);
                if (vb && val.len) memcpy(vb, val.ptr, val.len);
                ((Str *)vals->data)[at] = (Str){vb ? val.len : 0, vb ? vb : ""};
            } else {
                vec_set_null_n(vals, at, out->child_cap);
            }
            cnt++;
        }
        set_list(out, i, first, cnt);
    }
}

const FnImpl fn_array_impls[] = {
    {"array_repeat", array_repeat_k, true},
    {"array_compact", array_compact_k, false},
    {"array_append", array_append_k, true},
    {"array_prepend", array_prepend_k, true},
    {"array_size", array_size_k, false},
    {"get", get_k, false},
    {"map_contains_key", map_contains_key_k, false},
    {"map_from_arrays", map_from_arrays_k, false},
    {"str_to_map", str_to_map_k, false},
    {"array_sort", array_sort_k, false},
    {"to_json", to_json_k, false},
    {"array_union", array_union_k, false},
    {"array_intersect", array_intersect_k, false},
    {"array_except", array_except_k, false},
    {"sequence", sequence_k, false},
    {"array", array_k, true},
    {"map", map_k, true},
    {"size", size_k, true},
    {"array_contains", array_contains_k, false},
    {"array_position", array_position_k, false},
    {"element_at", element_at_k, false},
    {"subscript", subscript_k, false},
    {"sort_array", sort_array_k, false},
    {"array_distinct", array_distinct_k, false},
    {"array_remove", array_remove_k, false},
    {"slice", slice_k, false},
    {"array_min", array_min_k, false},
    {"array_max", array_max_k, false},
    {"array_join", array_join_k, true},
    {"map_keys", map_keys_k, false},
    {"map_values", map_values_k, false},
    {"arrays_overlap", arrays_overlap_k, false},
    {"flatten", flatten_k, false},
    {NULL, NULL, false},
};
