/* KeyTable: the set of distinct key tuples seen so far, with an open-addressing index
 * (linear probing, power-of-two capacity, load <= 1/2). Group ids are dense and in
 * first-seen order, so group by output and dedup keep input order deterministic. One
 * integral key, several integral keys and one string key have their own probe loops
 * that compare without going through the stored key rows. */
#include "op.h"

#include <stdlib.h>
#include <string.h>

static bool is_fast_type(TypeId t) {
    return t == TY_BOOLEAN || type_is_integral(t) || t == TY_DATE || t == TY_TIMESTAMP;
}

void keys_init(KeyTable *kt, const Type *types, uint32_t nkeys) {
    memset(kt, 0, sizeof *kt);
    rowbuf_init(&kt->keys, types, nkeys);
    kt->cap = 1024;
    kt->slots = xcalloc(kt->cap, sizeof *kt->slots);
    kt->fast = nkeys == 1 && is_fast_type(types[0].id);
    kt->null_gid = -1;
    if (kt->fast) kt->fslots = xcalloc(kt->cap, sizeof *kt->fslots);
    kt->multi = nkeys > 1 && nkeys <= 8;
    for (uint32_t c = 0; c < nkeys; c++) kt->multi &= is_fast_type(types[c].id);
    kt->str1 = nkeys == 1 && (types[0].id == TY_STRING || types[0].id == TY_BINARY);
}

static inline int64_t int_at(const Vec *v, uint32_t i) {
    uint32_t r = v->is_const ? 0 : i;
    switch (v->type.id) {
    case TY_BOOLEAN: return ((const uint8_t *)v->data)[r];
    case TY_TINYINT: return ((const int8_t *)v->data)[r];
    case TY_SMALLINT: return ((const int16_t *)v->data)[r];
    case TY_INT:
    case TY_DATE: return ((const int32_t *)v->data)[r];
    default: return ((const int64_t *)v->data)[r];
    }
}

static inline uint64_t mix64(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

/* Typed hashing of one column into h (combine == false: the first column). */
#define HASH_LOOP(T)                                                                               \
    do {                                                                                           \
        const T *d = v->data;                                                                      \
        for (uint32_t i = 0; i < m; i++) {                                                         \
            uint64_t x = mix64((uint64_t)(int64_t)d[i]);                                           \
            h[i] = combine ? (h[i] ^ x) * 0x100000001b3ull : x;                                    \
        }                                                                                          \
    } while (0)

static inline uint64_t load8(const char *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* Strings hash 8 bytes at a step (FNV over bytes was the cost of string GROUP BY); the
 * last word overlaps the previous one rather than loading a partial tail. */
static uint64_t str_hash(const char *p, uint32_t n) {
    uint64_t h = 0x243f6a8885a308d3ull ^ n, w = 0;
    if (n >= 8) {
        for (uint32_t i = 0; i + 8 < n; i += 8) {
            h = (h ^ load8(p + i)) * 0x9e3779b97f4a7c15ull;
            h ^= h >> 31;
        }
        w = load8(p + n - 8);
    } else {
        for (uint32_t i = 0; i < n; i++) w = w << 8 | (uint8_t)p[i];
    }
    return mix64(h ^ w);
}

static inline bool str_eq(Str x, Str y) {
    if (x.len != y.len) return false;
    uint32_t n = x.len;
    if (n < 8) {
        for (uint32_t i = 0; i < n; i++)
            if (x.ptr[i] != y.ptr[i]) return false;
        return true;
    }
    for (uint32_t i = 0; i + 8 < n; i += 8)
        if (load8(x.ptr + i) != load8(y.ptr + i)) return false;
    return load8(x.ptr + n - 8) == load8(y.ptr + n - 8);
}

static void hash_column(const Vec *v, uint32_t m, uint64_t *h, bool combine) {
    if (!v->is_const && !v->valid) {
        switch (v->type.id) {
        case TY_BOOLEAN: HASH_LOOP(uint8_t); return;
        case TY_TINYINT: HASH_LOOP(int8_t); return;
        case TY_SMALLINT: HASH_LOOP(int16_t); return;
        case TY_INT:
        case TY_DATE: HASH_LOOP(int32_t); return;
        case TY_BIGINT:
        case TY_TIMESTAMP: HASH_LOOP(int64_t); return;
        default: break;
        }
    }
    bool str = v->type.id == TY_STRING || v->type.id == TY_BINARY;
    for (uint32_t i = 0; i < m; i++) {
        uint32_t r = v->is_const ? 0 : i;
        uint64_t x;
        if (vec_is_null(v, r))
            x = 0x9e3779b97f4a7c15ull;
        else if (str)
            x = str_hash(((const Str *)v->data)[r].ptr, ((const Str *)v->data)[r].len);
        else if (is_fast_type(v->type.id))
            x = mix64((uint64_t)int_at(v, i));
        else
            x = val_hash(v, i);
        h[i] = combine ? (h[i] ^ x) * 0x100000001b3ull : x;
    }
}

void keys_free(KeyTable *kt) {
    rowbuf_free(&kt->keys);
    free(kt->slots);
    free(kt->hashes);
    free(kt->ikeys);
    free(kt->fslots);
    free(kt->mkeys);
    free(kt->mnull);
    free(kt->mscratch);
    free(kt->skeys);
    memset(kt, 0, sizeof *kt);
}

void keys_hash(const Vec *keys, uint32_t nkeys, uint32_t m, uint64_t *h) {
    if (nkeys == 0) {
        for (uint32_t i = 0; i < m; i++) h[i] = 0x243f6a8885a308d3ull;
        return;
    }
    for (uint32_t c = 0; c < nkeys; c++) hash_column(&keys[c], m, h, c > 0);
    if (nkeys > 1)
        for (uint32_t i = 0; i < m; i++) h[i] ^= h[i] >> 29;
}

static bool row_eq(const KeyTable *kt, uint64_t gid, const Vec *keys, uint32_t r) {
    const Batch *b = rowbuf_chunk(&kt->keys, gid);
    uint32_t row = rowbuf_row(gid);
    for (uint32_t c = 0; c < kt->keys.ncols; c++) {
        const Vec *a = &b->cols[c], *k = &keys[c];
        TypeId t = a->type.id;
        if ((t == TY_STRING || t == TY_BINARY) && k->type.id == t) { // the common text key
            bool na = vec_is_null(a, row), nk = val_null(k, r);
            if (na || nk) {
                if (na != nk) return false;
                continue;
            }
            Str x = ((const Str *)a->data)[row], y = ((const Str *)k->data)[k->is_const ? 0 : r];
            if (!str_eq(x, y)) return false;
            continue;
        }
        if (is_fast_type(t) && k->type.id == t) { // integral: no value_cmp dispatch
            bool na = vec_is_null(a, row), nk = val_null(k, r);
            if (na || nk) {
                if (na != nk) return false;
                continue;
            }
            if (int_at(a, row) != int_at(k, r)) return false;
            continue;
        }
        if (!val_eq(a, row, k, r)) return false;
    }
    return true;
}

/* A slot: group id + 1 in the low half (0: empty), the hash's high half above it, so a
 * probe rejects most other groups without loading anything of theirs. */
static inline uint64_t slot_of(uint64_t g, uint64_t h) {
    return (h & 0xffffffff00000000ull) | (g + 1);
}

static void grow(KeyTable *kt) {
    uint64_t cap = kt->cap * 2;
    if (kt->fast) {
        KeySlot *fs = xcalloc(cap, sizeof *fs);
        for (uint64_t g = 0; g < kt->n; g++) {
            if ((int64_t)g == kt->null_gid) continue; // NULL lives outside the index
            uint64_t p = kt->hashes[g] & (cap - 1);
            while (fs[p].gid1) p = (p + 1) & (cap - 1);
            fs[p] = (KeySlot){kt->ikeys[g], g + 1};
        }
        free(kt->fslots);
        kt->fslots = fs;
        kt->cap = cap;
        return;
    }
    uint64_t *slots = xcalloc(cap, sizeof *slots);
    for (uint64_t g = 0; g < kt->n; g++) {
        if (kt->fast && (int64_t)g == kt->null_gid) continue; // NULL lives outside the index
        uint64_t p = kt->hashes[g] & (cap - 1);
        while (slots[p]) p = (p + 1) & (cap - 1);
        slots[p] = slot_of(g, kt->hashes[g]);
    }
    free(kt->slots);
    kt->slots = slots;
    kt->cap = cap;
}

static uint64_t add_group(KeyTable *kt, const Vec *keys, uint32_t i, uint64_t h) {
    uint64_t g = rowbuf_append(&kt->keys, keys, i);
    if ((g & (g - 1)) == 0) { // grow the per-group arrays at powers of two
        uint64_t want = g < 1024 ? 1024 : g * 2;
        kt->hashes = xrealloc(kt->hashes, want * sizeof *kt->hashes);
        if (kt->fast) kt->ikeys = xrealloc(kt->ikeys, want * sizeof *kt->ikeys);
        if (kt->multi) {
            kt->mkeys = xrealloc(kt->mkeys, want * kt->keys.ncols * sizeof *kt->mkeys);
            kt->mnull = xrealloc(kt->mnull, want * sizeof *kt->mnull);
        }
        if (kt->str1) kt->skeys = xrealloc(kt->skeys, want * sizeof *kt->skeys);
    }
    if (kt->str1) {
        const Vec *kv = &rowbuf_chunk(&kt->keys, g)->cols[0];
        kt->skeys[g] = vec_is_null(kv, rowbuf_row(g)) ? (Str){0, NULL}
                                                       : ((const Str *)kv->data)[rowbuf_row(g)];
    }
    kt->hashes[g] = h;
    if (kt->fast) kt->ikeys[g] = val_null(&keys[0], i) ? 0 : int_at(&keys[0], i);
    if (kt->multi) {
        uint32_t nk = kt->keys.ncols;
        kt->mnull[g] = 0;
        for (uint32_t c = 0; c < nk; c++) {
            bool null = val_null(&keys[c], i);
            kt->mkeys[g * nk + c] = null ? 0 : int_at(&keys[c], i);
            kt->mnull[g] |= (uint64_t)null << c;
        }
    }
    kt->n++;
    return g;
}

void vec_widen_int(const Vec *v, uint32_t m, int64_t *out) {
#define WIDEN(T)                                                                                   \
    do {                                                                                           \
        const T *d = v->data;                                                                      \
        if (v->is_const)                                                                           \
            for (uint32_t i = 0; i < m; i++) out[i] = d[0];                                        \
        else                                                                                       \
            for (uint32_t i = 0; i < m; i++) out[i] = d[i];                                        \
    } while (0)
    switch (v->type.id) {
    case TY_BOOLEAN: WIDEN(uint8_t); break;
    case TY_TINYINT: WIDEN(int8_t); break;
    case TY_SMALLINT: WIDEN(int16_t); break;
    case TY_INT:
    case TY_DATE: WIDEN(int32_t); break;
    default: WIDEN(int64_t); break;
    }
#undef WIDEN
}

void keys_prefetch(const KeyTable *kt, const uint64_t *h, uint32_t m) {
    uint64_t mask = kt->cap - 1;
    if (kt->fast)
        for (uint32_t i = 0; i < m; i++) __builtin_prefetch(&kt->fslots[h[i] & mask]);
    else
        for (uint32_t i = 0; i < m; i++) __builtin_prefetch(&kt->slots[h[i] & mask]);
}

/* One integral key: compare through the slots' keys, NULL is its own group outside the
 * index. The keys are widened to int64 first so the probe loop has no type dispatch. */
static void upsert_fast(KeyTable *kt, const Vec *v, uint32_t m, const uint64_t *h, uint32_t *gids,
                        bool *is_new) {
    int64_t x[BATCH_ROWS];
    vec_widen_int(v, m, x);
    // a big table's probes are cache misses: overlap them (a small one is in cache anyway)
    if (kt->cap > 8192) keys_prefetch(kt, h, m);
    for (uint32_t i = 0; i < m; i++) {
        if (v->valid && val_null(v, i)) {
            bool fresh = kt->null_gid < 0;
            if (fresh) kt->null_gid = (int64_t)add_group(kt, v, i, h[i]);
            gids[i] = (uint32_t)kt->null_gid;
            if (is_new) is_new[i] = fresh;
            continue;
        }
        if ((kt->n + 1) * 2 > kt->cap) grow(kt);
        uint64_t mask = kt->cap - 1, p = h[i] & mask;
        KeySlot *fs = kt->fslots;
        while (fs[p].gid1 && fs[p].key != x[i]) p = (p + 1) & mask;
        if (fs[p].gid1) {
            gids[i] = (uint32_t)(fs[p].gid1 - 1);
            if (is_new) is_new[i] = false;
            continue;
        }
        uint64_t g = add_group(kt, v, i, h[i]);
        fs[p] = (KeySlot){x[i], g + 1};
        gids[i] = (uint32_t)g;
        if (is_new) is_new[i] = true;
    }
}

/* Several integral keys: each widened once per batch, then a group matches on its hash,
 * NULL pattern and int64 values, without touching the key rows (row_eq was the cost). */
static void upsert_multi(KeyTable *kt, const Vec *keys, uint32_t m, const uint64_t *h,
                         uint32_t *gids, bool *is_new) {
    uint32_t nk = kt->keys.ncols;
    if (!kt->mscratch) kt->mscratch = xmalloc((size_t)nk * BATCH_ROWS * sizeof *kt->mscratch);
    uint64_t nm[BATCH_ROWS];
    memset(nm, 0, m * sizeof *nm);
    for (uint32_t c = 0; c < nk; c++) {
        int64_t *x = kt->mscratch + (size_t)c * BATCH_ROWS;
        for (uint32_t i = 0; i < m; i++) x[i] = int_at(&keys[c], i);
        if (keys[c].valid)
            for (uint32_t i = 0; i < m; i++)
                if (val_null(&keys[c], i)) {
                    x[i] = 0;
                    nm[i] |= 1ull << c;
                }
    }
    if (kt->cap > 8192) keys_prefetch(kt, h, m);
    for (uint32_t i = 0; i < m; i++) {
        if ((kt->n + 1) * 2 > kt->cap) grow(kt);
        uint64_t mask = kt->cap - 1, p = h[i] & mask;
        bool found = false;
        while (kt->slots[p]) {
            uint64_t s = kt->slots[p], g = (uint32_t)s - 1;
            if ((s >> 32) == (h[i] >> 32) && kt->mnull[g] == nm[i]) {
                const int64_t *gk = kt->mkeys + g * nk;
                uint32_t c = 0;
                while (c < nk && gk[c] == kt->mscratch[(size_t)c * BATCH_ROWS + i]) c++;
                if (c == nk) {
                    gids[i] = (uint32_t)g;
                    found = true;
                    break;
                }
            }
            p = (p + 1) & mask;
        }
        if (is_new) is_new[i] = !found;
        if (found) continue;
        uint64_t g = add_group(kt, keys, i, h[i]);
        kt->slots[p] = slot_of(g, h[i]);
        gids[i] = (uint32_t)g;
    }
}

/* One string key: groups compared through skeys (no row_eq), the NULL group by id. */
static void upsert_str(KeyTable *kt, const Vec *v, uint32_t m, const uint64_t *h, uint32_t *gids,
                       bool *is_new) {
    if (kt->cap > 8192) keys_prefetch(kt, h, m);
    const Str *d = v->data;
    for (uint32_t i = 0; i < m; i++) {
        if ((kt->n + 1) * 2 > kt->cap) grow(kt);
        bool null = val_null(v, i);
        if (null && kt->null_gid >= 0) {
            gids[i] = (uint32_t)kt->null_gid;
            if (is_new) is_new[i] = false;
            continue;
        }
        uint64_t mask = kt->cap - 1, p = h[i] & mask;
        bool found = false;
        if (!null) {
            Str y = d[v->is_const ? 0 : i];
            for (; kt->slots[p]; p = (p + 1) & mask) {
                uint64_t s = kt->slots[p], g = (uint32_t)s - 1;
                if ((s >> 32) == (h[i] >> 32) && (int64_t)g != kt->null_gid &&
                    str_eq(kt->skeys[g], y)) {
                    gids[i] = (uint32_t)g;
                    found = true;
                    break;
                }
            }
        } else {
            while (kt->slots[p]) p = (p + 1) & mask;
        }
        if (is_new) is_new[i] = !found;
        if (found) continue;
        uint64_t g = add_group(kt, v, i, h[i]);
        if (null) kt->null_gid = (int64_t)g;
        kt->slots[p] = slot_of(g, h[i]);
        gids[i] = (uint32_t)g;
    }
}

void keys_upsert(KeyTable *kt, const Vec *keys, uint32_t m, const uint64_t *h, uint32_t *gids,
                 bool *is_new) {
    if (kt->str1) {
        upsert_str(kt, &keys[0], m, h, gids, is_new);
        return;
    }
    if (kt->fast) {
        upsert_fast(kt, &keys[0], m, h, gids, is_new);
        return;
    }
    if (kt->multi) {
        upsert_multi(kt, keys, m, h, gids, is_new);
        return;
    }
    for (uint32_t i = 0; i < m; i++) {
        if ((kt->n + 1) * 2 > kt->cap) grow(kt);
        uint64_t p = h[i] & (kt->cap - 1);
        bool found = false;
        while (kt->slots[p]) {
            uint64_t s = kt->slots[p], g = (uint32_t)s - 1;
            if ((s >> 32) == (h[i] >> 32) && row_eq(kt, g, keys, i)) {
                gids[i] = (uint32_t)g;
                found = true;
                break;
            }
            p = (p + 1) & (kt->cap - 1);
        }
        if (is_new) is_new[i] = !found;
        if (found) continue;
        uint64_t g = add_group(kt, keys, i, h[i]);
        kt->slots[p] = slot_of(g, h[i]);
        gids[i] = (uint32_t)g;
    }
}

int64_t keys_find(const KeyTable *kt, const Vec *keys, uint32_t r, uint64_t h) {
    if (kt->fast) {
        if (val_null(&keys[0], r)) return kt->null_gid;
        int64_t x = int_at(&keys[0], r);
        uint64_t mask = kt->cap - 1, p = h & mask;
        const KeySlot *fs = kt->fslots;
        while (fs[p].gid1) {
            if (fs[p].key == x) return (int64_t)fs[p].gid1 - 1;
            p = (p + 1) & mask;
        }
        return -1;
    }
    uint64_t p = h & (kt->cap - 1);
    while (kt->slots[p]) {
        uint64_t s = kt->slots[p], g = (uint32_t)s - 1;
        if ((s >> 32) == (h >> 32) && row_eq(kt, g, keys, r)) return (int64_t)g;
        p = (p + 1) & (kt->cap - 1);
    }
    return -1;
}
