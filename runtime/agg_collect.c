/* collect_list and collect_set (op.h aggregates): the non-NULL values of a group in input
 * order, distinct for a set (first occurrence kept). A state's v.i points to a CollectList
 * in the aggregate's arena; it grows by doubling (arena blocks are not reused, which at
 * most doubles the memory). The set keeps an open-addressing index of its values. */
#include "nested.h"
#include "op.h"

#include <string.h>

typedef struct {
    Vec vals;         // the values (type = argument type), n used of cap
    uint64_t *hashes; // set: per value
    uint32_t *index;  // set: icap slots, value + 1 or 0
    uint32_t n, cap, icap;
} CollectList;

bool agg_collect_kind(const AggSpec *s) {
    return s->kind == AGG_COLLECT_LIST || s->kind == AGG_COLLECT_SET;
}

const char *agg_collect_check(const AggSpec *s) {
    if (s->type.id != TY_ARRAY) return "plan: result type does not fit aggregate 'collect_list'";
    if (type_is_nested(s->arg_type.id) || s->arg_type.id == TY_STRUCT)
        return "collect_list / collect_set of arrays, maps or structs is not supported yet";
    return NULL;
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
    bool set = s->kind == AGG_COLLECT_SET;
    uint64_t h = 0;
    if (set) {
        h = val_hash(x, r);
        if (l->icap)
            for (uint32_t p = (uint32_t)h & (l->icap - 1); l->index[p]; p = (p + 1) & (l->icap - 1))
                if (l->hashes[l->index[p] - 1] == h && val_eq(&l->vals, l->index[p] - 1, x, r))
                    return;
    }
    size_t w = (size_t)type_fixed_width(l->vals.type.id);
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        void *d = arena_alloc(a, cap * w);
        if (l->n) memcpy(d, l->vals.data, l->n * w);
        l->vals.data = d;
        if (set) {
            uint64_t *hs = arena_alloc(a, cap * sizeof *hs);
            if (l->n) memcpy(hs, l->hashes, l->n * sizeof *hs);
            l->hashes = hs;
        }
        l->cap = cap;
    }
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

void agg_collect_step(const AggSpec *s, AggState *st, const Vec *args, uint32_t r, Arena *a) {
    CollectList *l = list_of(s, st, a);
    if (!val_null(&args[0], r)) add(s, l, &args[0], r, a);
}

void agg_collect_merge(const AggSpec *s, AggState *dst, const AggState *src, Arena *a) {
    const CollectList *from = (const CollectList *)(intptr_t)src->v.i;
    CollectList *l = list_of(s, dst, a);
    for (uint32_t i = 0; from && i < from->n; i++) add(s, l, &from->vals, i, a);
}

void agg_collect_final(const AggSpec *s, const AggState *st, Batch *out, uint32_t col,
                       uint32_t r) {
    (void)s;
    Vec *v = &out->cols[col];
    const CollectList *l = (const CollectList *)(intptr_t)st->v.i;
    uint32_t n = l ? l->n : 0;
    vec_set_valid(v, r);
    if (!v->child || v->child[0].type.id != s->arg_type.id) n = 0;
    uint32_t off = nested_push(v, n);
    for (uint32_t i = 0; i < n; i++)
        nested_copy_value(&v->child[0], v->child_cap, off + i, &l->vals, i, &out->heap);
    vec_lists(v)[r] = (VecList){off, n};
}
