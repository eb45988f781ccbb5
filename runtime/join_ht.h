/* The hash join's build-side index: maps each probe row to the first build row with an
 * equal key; the other build rows with that key follow through a chain in input order.
 * NULL keys are never inserted and never match. Internal to the runtime (op_join.c). */
#ifndef SLUICE_JOIN_HT_H
#define SLUICE_JOIN_HT_H

#include "op.h"

enum { JHT_NONE = UINT32_MAX }; // no build row

typedef enum {
    JHT_DIRECT, // one integral key over a dense range: first[key - min], no hashing
    JHT_HASH,   // one integral key: open addressing on the key itself
    JHT_KEYS,   // anything else: a KeyTable gives a group per distinct key tuple
} JhtMode;

typedef struct {
    int64_t key;
    uint32_t first; // JHT_NONE: empty slot
    uint32_t pad;
} JhtSlot;

typedef struct {
    JhtMode mode;
    uint32_t nkeys;
    uint64_t nrows, cap; // build rows added, capacity of the per-row arrays
    int64_t *ikeys;      // integral key of each build row (JHT_DIRECT / JHT_HASH)
    uint8_t *knull;      // build row has a NULL key
    uint32_t *gids;      // JHT_KEYS: group of each build row
    KeyTable kt;         // JHT_KEYS
    uint32_t *next;      // while building: per build row, the next one with the same key
    uint32_t *order;     // duplicate keys: build rows grouped by key (input order within)
    uint8_t *last;       // per position of order: the last row of its key
    uint32_t *first;     // JHT_DIRECT: per key - min; JHT_KEYS: per group
    int64_t min;
    uint64_t range;
    JhtSlot *slots; // JHT_HASH: 2^bits slots
    int bits;
    bool unique;    // no key has two build rows: a probe row matches at most once
    uint64_t h[BATCH_ROWS];
} JoinHT;

/* nkeys key columns of the given types (equal on both sides). */
void jht_init(JoinHT *t, const Type *types, uint32_t nkeys);
void jht_free(JoinHT *t);
/* The next m build rows (ids continue from the previous call); keys are dense vectors.
 * False when the build side exceeds 2^32 - 2 rows. */
bool jht_add(JoinHT *t, const Vec *keys, uint32_t m);
/* After the last jht_add: build the index. */
void jht_finish(JoinHT *t);
/* first[i]: where the build rows whose key equals probe row i start, or JHT_NONE; walk
 * them with jht_row and jht_next. With unique keys a position is the build row itself. */
void jht_probe(JoinHT *t, const Vec *keys, uint32_t m, uint32_t *first);

static inline uint32_t jht_row(const JoinHT *t, uint32_t pos) {
    return t->order ? t->order[pos] : pos;
}
static inline uint32_t jht_next(const JoinHT *t, uint32_t pos) {
    return t->order && !t->last[pos] ? pos + 1 : JHT_NONE;
}

#endif
