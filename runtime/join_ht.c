/* The hash join's build-side index (join_ht.h). One integral key (the common
 * foreign-key join) is kept as plain int64 values: a dense key range becomes a direct
 * array (a probe is one subtraction and one load), a sparse one an open-addressing table
 * of (key, first row) slots with multiplicative hashing. Other keys use a KeyTable. */
#include "join_ht.h"

#include <stdlib.h>
#include <string.h>

static bool int_key_type(TypeId t) {
    return t == TY_BOOLEAN || type_is_integral(t) || t == TY_DATE || t == TY_TIMESTAMP;
}

void jht_init(JoinHT *t, const Type *types, uint32_t nkeys) {
    memset(t, 0, sizeof *t);
    t->nkeys = nkeys;
    t->mode = nkeys == 1 && int_key_type(types[0].id) ? JHT_HASH : JHT_KEYS;
    if (t->mode == JHT_KEYS) keys_init(&t->kt, types, nkeys);
    t->unique = true;
}

void jht_free(JoinHT *t) {
    free(t->ikeys);
    free(t->knull);
    free(t->gids);
    if (t->mode == JHT_KEYS) keys_free(&t->kt);
    free(t->next);
    free(t->order);
    free(t->last);
    free(t->first);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/* Integral values of rows 0..m-1 of v (dense or const) as int64, NULLs flagged. */
static void int_values(const Vec *v, uint32_t m, int64_t *out, uint8_t *isnull) {
    vec_widen_int(v, m, out);
    if (!v->valid) {
        memset(isnull, 0, m);
    } else {
        for (uint32_t i = 0; i < m; i++) isnull[i] = vec_is_null(v, v->is_const ? 0 : i);
    }
}

bool jht_add(JoinHT *t, const Vec *keys, uint32_t m) {
    if (t->nrows + m >= JHT_NONE) return false;
    if (t->nrows + m > t->cap) {
        uint64_t nc = t->cap ? t->cap * 2 : 4096;
        while (nc < t->nrows + m) nc *= 2;
        if (t->mode == JHT_KEYS) {
            t->gids = xrealloc(t->gids, nc * sizeof *t->gids);
        } else {
            t->ikeys = xrealloc(t->ikeys, nc * sizeof *t->ikeys);
            t->knull = xrealloc(t->knull, nc);
        }
        t->cap = nc;
    }
    if (t->mode != JHT_KEYS) {
        int_values(&keys[0], m, t->ikeys + t->nrows, t->knull + t->nrows);
        t->nrows += m;
        return true;
    }
    uint32_t *g = t->gids + t->nrows;
    keys_hash(keys, t->nkeys, m, t->h);
    keys_upsert(&t->kt, keys, m, t->h, g, NULL);
    for (uint32_t i = 0; i < m; i++)
        for (uint32_t k = 0; k < t->nkeys; k++)
            if (val_null(&keys[k], i)) g[i] = JHT_NONE; // a NULL key never equals anything
    t->nrows += m;
    return true;
}

static inline uint64_t slot_of(int64_t key, int bits) {
    return ((uint64_t)key * 0x9e3779b97f4a7c15ull) >> (64 - bits);
}

/* Chains are built back to front so each one lists its rows in input order. */
static void finish_int(JoinHT *t) {
    uint64_t live = 0;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (uint64_t r = 0; r < t->nrows; r++) {
        if (t->knull[r]) continue;
        live++;
        if (t->ikeys[r] < lo) lo = t->ikeys[r];
        if (t->ikeys[r] > hi) hi = t->ikeys[r];
    }
    uint64_t range = live ? (uint64_t)hi - (uint64_t)lo + 1 : 0;
    // a direct array of 4-byte heads beats 16-byte slots at load 1/2 up to 4 heads a row
    if (live && range != 0 && range <= 4 * live + 1024 && range <= (1ull << 31)) {
        t->mode = JHT_DIRECT;
        t->min = lo;
        t->range = range;
        t->first = xmalloc(range * sizeof *t->first);
        memset(t->first, 0xff, range * sizeof *t->first);
        for (uint64_t r = t->nrows; r-- > 0;) {
            if (t->knull[r]) continue;
            uint32_t *f = &t->first[(uint64_t)t->ikeys[r] - (uint64_t)lo];
            if (*f != JHT_NONE) t->unique = false;
            t->next[r] = *f;
            *f = (uint32_t)r;
        }
        return;
    }
    t->bits = 10;
    while ((1ull << t->bits) < 2 * live) t->bits++;
    uint64_t cap = 1ull << t->bits, mask = cap - 1;
    t->slots = xmalloc(cap * sizeof *t->slots);
    for (uint64_t i = 0; i < cap; i++) t->slots[i] = (JhtSlot){0, JHT_NONE, 0};
    for (uint64_t r = t->nrows; r-- > 0;) {
        if (t->knull[r]) continue;
        int64_t x = t->ikeys[r];
        uint64_t p = slot_of(x, t->bits);
        while (t->slots[p].first != JHT_NONE && t->slots[p].key != x) p = (p + 1) & mask;
        JhtSlot *s = &t->slots[p];
        if (s->first != JHT_NONE) t->unique = false;
        t->next[r] = s->first;
        s->key = x;
        s->first = (uint32_t)r;
    }
}

/* Duplicate keys: each chain laid out contiguously in order, its head becoming a
 * position there, so a probe walks memory in sequence instead of missing the cache on
 * every next[] hop. */
static void flatten(JoinHT *t, uint32_t *head, uint32_t *pos) {
    uint32_t r = *head;
    if (r == JHT_NONE) return;
    *head = *pos;
    for (; r != JHT_NONE; r = t->next[r]) {
        t->order[*pos] = r;
        t->last[(*pos)++] = 0;
    }
    t->last[*pos - 1] = 1;
}

static void flatten_all(JoinHT *t) {
    if (!t->unique) {
        t->order = xmalloc((t->nrows ? t->nrows : 1) * sizeof *t->order);
        t->last = xmalloc(t->nrows ? t->nrows : 1);
        uint32_t pos = 0;
        if (t->mode == JHT_HASH) {
            for (uint64_t i = 0; i < 1ull << t->bits; i++) flatten(t, &t->slots[i].first, &pos);
        } else {
            uint64_t nh = t->mode == JHT_DIRECT ? t->range : t->kt.n;
            for (uint64_t i = 0; i < nh; i++) flatten(t, &t->first[i], &pos);
        }
    }
    free(t->next); // unique keys: every chain has one row
    t->next = NULL;
}

void jht_finish(JoinHT *t) {
    t->next = xmalloc((t->nrows ? t->nrows : 1) * sizeof *t->next);
    if (t->mode != JHT_KEYS) {
        finish_int(t);
    } else {
        uint64_t ng = t->kt.n ? t->kt.n : 1;
        t->first = xmalloc(ng * sizeof *t->first);
        memset(t->first, 0xff, ng * sizeof *t->first);
        for (uint64_t r = t->nrows; r-- > 0;) {
            uint32_t g = t->gids[r];
            if (g == JHT_NONE) continue;
            if (t->first[g] != JHT_NONE) t->unique = false;
            t->next[r] = t->first[g];
            t->first[g] = (uint32_t)r;
        }
    }
    flatten_all(t);
    // the per-row inputs are not needed for probing
    free(t->ikeys);
    free(t->knull);
    free(t->gids);
    t->ikeys = NULL;
    t->knull = NULL;
    t->gids = NULL;
}

static void probe_int(JoinHT *t, const Vec *v, uint32_t m, uint32_t *first) {
    int64_t x[BATCH_ROWS];
    uint8_t isnull[BATCH_ROWS];
    int_values(v, m, x, isnull);
    if (t->mode == JHT_DIRECT) {
        uint64_t lo = (uint64_t)t->min, range = t->range;
        for (uint32_t i = 0; i < m; i++) {
            uint64_t d = (uint64_t)x[i] - lo;
            first[i] = d < range ? t->first[d] : JHT_NONE;
        }
    } else if (!t->slots) { // no build row has a key
        for (uint32_t i = 0; i < m; i++) first[i] = JHT_NONE;
        return;
    } else {
        uint64_t mask = (1ull << t->bits) - 1;
        // the slots are cache misses on a big build side: start them all first
        for (uint32_t i = 0; i < m; i++) {
            t->h[i] = slot_of(x[i], t->bits);
            __builtin_prefetch(&t->slots[t->h[i]]);
        }
        for (uint32_t i = 0; i < m; i++) {
            uint64_t p = t->h[i];
            const JhtSlot *s = t->slots;
            while (s[p].first != JHT_NONE && s[p].key != x[i]) p = (p + 1) & mask;
            first[i] = s[p].first;
        }
    }
    if (v->valid)
        for (uint32_t i = 0; i < m; i++)
            if (isnull[i]) first[i] = JHT_NONE;
}

void jht_probe(JoinHT *t, const Vec *keys, uint32_t m, uint32_t *first) {
    if (t->mode != JHT_KEYS) {
        probe_int(t, &keys[0], m, first);
        return;
    }
    keys_hash(keys, t->nkeys, m, t->h);
    keys_prefetch(&t->kt, t->h, m);
    for (uint32_t i = 0; i < m; i++) {
        bool null_key = false;
        for (uint32_t k = 0; k < t->nkeys; k++) null_key |= val_null(&keys[k], i);
        int64_t g = null_key ? -1 : keys_find(&t->kt, keys, i, t->h[i]);
        first[i] = g < 0 ? JHT_NONE : t->first[g];
    }
}
