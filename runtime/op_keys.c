/* KeyTable: the set of distinct key tuples seen so far, with an open-addressing index
 * (linear probing, power-of-two capacity, load <= 1/2). Group ids are dense and in
 * first-seen order, so group by output and dedup keep input order deterministic. */
#include "op.h"

#include <stdlib.h>
#include <string.h>

void keys_init(KeyTable *kt, const Type *types, uint32_t nkeys) {
    memset(kt, 0, sizeof *kt);
    rowbuf_init(&kt->keys, types, nkeys);
    kt->cap = 1024;
    kt->slots = xcalloc(kt->cap, sizeof *kt->slots);
}

void keys_free(KeyTable *kt) {
    rowbuf_free(&kt->keys);
    free(kt->slots);
    free(kt->hashes);
    memset(kt, 0, sizeof *kt);
}

void keys_hash(const Vec *keys, uint32_t nkeys, uint32_t m, uint64_t *h) {
    for (uint32_t i = 0; i < m; i++) h[i] = 0x243f6a8885a308d3ull;
    for (uint32_t c = 0; c < nkeys; c++)
        for (uint32_t i = 0; i < m; i++) h[i] = (h[i] ^ val_hash(&keys[c], i)) * 0x100000001b3ull;
    for (uint32_t i = 0; i < m; i++) h[i] ^= h[i] >> 29;
}

static bool row_eq(const KeyTable *kt, uint64_t gid, const Vec *keys, uint32_t r) {
    const Batch *b = rowbuf_chunk(&kt->keys, gid);
    uint32_t row = rowbuf_row(gid);
    for (uint32_t c = 0; c < kt->keys.ncols; c++)
        if (!val_eq(&b->cols[c], row, &keys[c], r)) return false;
    return true;
}

static void grow(KeyTable *kt) {
    uint64_t cap = kt->cap * 2;
    uint32_t *slots = xcalloc(cap, sizeof *slots);
    for (uint64_t g = 0; g < kt->n; g++) {
        uint64_t p = kt->hashes[g] & (cap - 1);
        while (slots[p]) p = (p + 1) & (cap - 1);
        slots[p] = (uint32_t)(g + 1);
    }
    free(kt->slots);
    kt->slots = slots;
    kt->cap = cap;
}

void keys_upsert(KeyTable *kt, const Vec *keys, uint32_t m, const uint64_t *h, uint32_t *gids,
                 bool *is_new) {
    for (uint32_t i = 0; i < m; i++) {
        if ((kt->n + 1) * 2 > kt->cap) grow(kt);
        uint64_t p = h[i] & (kt->cap - 1);
        bool found = false;
        while (kt->slots[p]) {
            uint64_t g = kt->slots[p] - 1;
            if (kt->hashes[g] == h[i] && row_eq(kt, g, keys, i)) {
                gids[i] = (uint32_t)g;
                found = true;
                break;
            }
            p = (p + 1) & (kt->cap - 1);
        }
        if (is_new) is_new[i] = !found;
        if (found) continue;
        uint64_t g = rowbuf_append(&kt->keys, keys, i);
        if ((g & (g - 1)) == 0 || g == 0) {  // grow the hash array at powers of two
            uint64_t want = g ? g * 2 : 1024;
            if (want < 1024) want = 1024;
            kt->hashes = xrealloc(kt->hashes, want * sizeof *kt->hashes);
        }
        kt->hashes[g] = h[i];
        kt->slots[p] = (uint32_t)(g + 1);
        kt->n++;
        gids[i] = (uint32_t)g;
    }
}

int64_t keys_find(const KeyTable *kt, const Vec *keys, uint32_t r, uint64_t h) {
    uint64_t p = h & (kt->cap - 1);
    while (kt->slots[p]) {
        uint64_t g = kt->slots[p] - 1;
        if (kt->hashes[g] == h && row_eq(kt, g, keys, r)) return (int64_t)g;
        p = (p + 1) & (kt->cap - 1);
    }
    return -1;
}
