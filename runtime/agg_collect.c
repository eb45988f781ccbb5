/* collect_list and collect_set (op.h aggregates): the non-NULL values of a group in input
 * order, distinct for a set (first occurrence kept). A state's v.i points to a CollectList
 * in the aggregate's arena; it grows by doubling (arena blocks are not reused, which at
 * most doubles the memory). The set keeps an open-addressing index of its values.
 * Also first / last / min / max of ARRAY and MAP values: the kept value is a one-row
 * copy in the arena (v.i points to it). */
#include "nested.h"
#include "op.h"

#include <string.h>

typedef struct {
    Vec vals;         // the values (type = argument type), n used of cap
    Vec **items;      // ARRAY/MAP arguments instead: one-row copies (clone_row)
    uint64_t *hashes; // set: per value
    uint32_t *index;  // set: icap slots, value + 1 or 0
    uint32_t n, cap, icap;
} CollectList;

/* first / last / min / max over an ARRAY or MAP argument. */
static bool nested_pick(const AggSpec *s) {
    bool pick = s->kind == AGG_FIRST || s->kind == AGG_LAST || s->kind == AGG_MIN ||
                s->kind == AGG_MAX;
    return pick && type_is_nested(s->arg_type.id);
}

bool agg_collect_kind(const AggSpec *s) {
    return s->kind == AGG_COLLECT_LIST || s->kind == AGG_COLLECT_SET || nested_pick(s);
}

const char *agg_collect_check(const AggSpec *s) {
    if (nested_pick(s) && !type_eq(s->type, s->arg_type))
        return "plan: result type does not fit aggregate";
    if (type_is_nested(s->arg_type.id)) {
        for (uint32_t k = 0; k < (s->arg_type.id == TY_MAP ? 2u : 1u); k++) {
            const TypeNested *n = s->arg_type.nested;
            Type e = !n ? TYPE(TY_NULL) : k ? n->value : n->elem;
            if (type_is_nested(e.id) || e.id == TY_STRUCT)
                return "aggregates of nested arrays or maps are not supported yet";
        }
        if (nested_pick(s)) return NULL;
    }
    if (s->type.id != TY_ARRAY) return "plan: result type does not fit aggregate 'collect_list'";
    if (s->arg_type.id == TY_STRUCT)
        return "collect_list / collect_set of structs is not supported yet";
    return NULL;
}

/* A one-row copy of row r of nested vector x with every buffer in the arena (elements are
 * not nested: agg_collect_check). */
static Vec *clone_row(const Vec *x, uint32_t r, Arena *a) {
    VecList l = vec_lists(x)[x->is_const ? 0 : r];
    uint32_t nk = vec_nchild(x);
    Vec *v = arena_alloc(a, sizeof *v);
    memset(v, 0, sizeof *v);
    v->type = x->type;
    v->data = arena_alloc(a, sizeof(VecList));
    *(VecList *)v->data = (VecList){0, l.len};
    v->child = arena_alloc(a, nk * sizeof *v->child);
    v->child_len = v->child_cap = l.len;
    for (uint32_t k = 0; k < nk; k++) {
        Vec *c = &v->child[k];
        const Vec *sc = &x->child[k];
        size_t w = (size_t)type_fixed_width(sc->type.id);
        memset(c, 0, sizeof *c);
        c->type = sc->type;
        c->data = arena_alloc(a, (l.len ? l.len : 1) * w);
        size_t words = (l.len + 63) / 64 + 1;
        c->valid = arena_alloc(a, words * sizeof *c->valid);
        memset(c->valid, 0xff, words * sizeof *c->valid);
        for (uint32_t j = 0; j < l.len; j++) {
            if (vec_is_null(sc, l.off + j)) {
                c->valid[j >> 6] &= ~(1ull << (j & 63));
                continue;
            }
            memcpy((char *)c->data + j * w, (const char *)sc->data + (size_t)(l.off + j) * w, w);
            if (sc->type.id == TY_STRING || sc->type.id == TY_BINARY) {
                Str *p = (Str *)c->data + j;
                char *copy = arena_alloc(a, p->len ? p->len : 1);
                if (p->len) memcpy(copy, p->ptr, p->len);
                p->ptr = copy;
            }
        }
    }
    return v;
}

static CollectList *list_of(const AggSpec *s, AggState *st, Arena *a) {
    CollectList *l = (CollectList *)(intptr_t)st->v.i;
    if (!l) {
        l = arena_alloc(a, sizeof *l);
        memset(l, 0, sizeof *l);
        l->vals.type = s->arg_type;
        st->v.i = (int64_t)(intptr_t)l;
        st->has = true;
    }
    return l;
}

static void reindex(CollectList *l, Arena *a) {
    l->icap = l->icap ? l->icap * 2 : 16;
    l->index = arena_alloc(a, (size_t)l->icap * sizeof *l->index);
    memset(l->index, 0, (size_t)l->icap * sizeof *l->index);
    for (uint32_t i = 0; i < l->n; i++) {
        uint32_t p = (uint32_t)l->hashes[i] & (l->icap - 1);
        while (l->index[p]) p = (p + 1) & (l->icap - 1);
        l->index[p] = i + 1;
    }
}

/* Add value r of x (non-NULL) unless the set already holds it. */
static void add(const AggSpec *s, CollectList *l, const Vec *x, uint32_t r, Arena *a) {
    bool set = s->kind == AGG_COLLECT_SET, nested = l->items || type_is_nested(x->type.id);
    uint64_t h = 0;
    if (set) {
        h = val_hash(x, r);
        if (l->icap)
            for (uint32_t p = (uint32_t)h & (l->icap - 1); l->index[p]; p = (p + 1) & (l->icap - 1))
                if (l->hashes[l->index[p] - 1] == h &&
                    (nested ? val_eq(l->items[l->index[p] - 1], 0, x, r)
                            : val_eq(&l->vals, l->index[p] - 1, x, r)))
                    return;
    }
    size_t w = (size_t)type_fixed_width(l->vals.type.id);
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        if (nested) {
            Vec **items = arena_alloc(a, cap * sizeof *items);
            if (l->n) memcpy(items, l->items, l->n * sizeof *items);
            l->items = items;
        } else {
            void *d = arena_alloc(a, cap * w);
            if (l->n) memcpy(d, l->vals.data, l->n * w);
            l->vals.data = d;
        }
        if (set) {
            uint64_t *hs = arena_alloc(a, cap * sizeof *hs);
            if (l->n) memcpy(hs, l->hashes, l->n * sizeof *hs);
            l->hashes = hs;
        }
        l->cap = cap;
    }
    if (nested)
        l->items[l->n] = clone_row(x, r, a);
    else
        nested_copy_value(&l->vals, l->cap, l->n, x, r, a);
    if (set) l->hashes[l->n] = h;
    l->n++;
    if (set) {
        if (2 * l->n > l->icap) {
            reindex(l, a);  // covers the new value
        } else {
            uint32_t p = (uint32_t)h & (l->icap - 1);
            while (l->index[p]) p = (p + 1) & (l->icap - 1);
            l->index[p] = l->n;
        }
    }
}

/* first / last / min / max: st->n says a row was taken (first), v.i holds the value or 0
 * for NULL. */
static void pick_value(const AggSpec *s, AggState *st, const Vec *x, uint32_t r, Arena *a) {
    bool null = val_null(x, r);
    const Vec *cur = (const Vec *)(intptr_t)st->v.i;
    bool take;
    switch (s->kind) {
    case AGG_FIRST: take = !st->n && !(null && s->ignore_nulls); break;
    case AGG_LAST: take = !(null && s->ignore_nulls); break;
    default: // min / max skip NULLs
        take = !null && (!cur || (s->kind == AGG_MIN ? nested_cmp(x, r, cur, 0) < 0
                                                      : nested_cmp(x, r, cur, 0) > 0));
    }
    if (!take) return;
    st->n = 1;
    st->has = !null;
    st->v.i = null ? 0 : (int64_t)(intptr_t)clone_row(x, r, a);
}

void agg_collect_step(const AggSpec *s, AggState *st, const Vec *args, uint32_t r, Arena *a) {
    if (nested_pick(s)) {
        pick_value(s, st, &args[0], r, a);
        return;
    }
    CollectList *l = list_of(s, st, a);
    if (!val_null(&args[0], r)) add(s, l, &args[0], r, a);
}

void agg_collect_merge(const AggSpec *s, AggState *dst, const AggState *src, Arena *a) {
    if (nested_pick(s)) {
        const Vec *v = (const Vec *)(intptr_t)src->v.i;
        if (!src->n) return;
        if (v) {
            pick_value(s, dst, v, 0, a);
        } else if (s->kind == AGG_FIRST ? !dst->n : s->kind == AGG_LAST) {
            dst->n = 1, dst->has = false, dst->v.i = 0;  // a NULL first / last value
        }
        return;
    }
    const CollectList *from = (const CollectList *)(intptr_t)src->v.i;
    CollectList *l = list_of(s, dst, a);
    for (uint32_t i = 0; from && i < from->n; i++)
        add(s, l, from->items ? from->items[i] : &from->vals, from->items ? 0 : i, a);
}

void agg_collect_final(const AggSpec *s, const AggState *st, Batch *out, uint32_t col,
                       uint32_t r) {
    Vec *v = &out->cols[col];
    if (nested_pick(s)) {
        const Vec *x = (const Vec *)(intptr_t)st->v.i;
        if (!st->has || !x || !v->child) {
            vec_set_null(v, r);
            vec_lists(v)[r] = (VecList){v->child_len, 0};
            return;
        }
        vec_set_valid(v, r);
        nested_copy_row(v, r, x, 0, &out->heap);
        return;
    }
    const CollectList *l = (const CollectList *)(intptr_t)st->v.i;
    uint32_t n = l ? l->n : 0;
    vec_set_valid(v, r);
    if (!v->child || v->child[0].type.id != s->arg_type.id) n = 0;
    uint32_t off = nested_push(v, n);
    for (uint32_t i = 0; i < n; i++)
        nested_copy_value(&v->child[0], v->child_cap, off + i, l->items ? l->items[i] : &l->vals,
                          l->items ? 0 : i, &out->heap);
    vec_lists(v)[r] = (VecList){off, n};
}
