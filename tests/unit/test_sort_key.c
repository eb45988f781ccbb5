/* Normalised sort keys and the record sort (runtime/op_sort_key.c, op_sort_radix.c):
 * random columns of every encodable type (NULLs, NaN, -0.0, infinities, integer
 * extremes, strings with long common prefixes and embedded zero bytes, wide decimals)
 * under random directions are encoded and sorted, and the order must equal a stable
 * sort by val_order, the comparison the engine used before. */
#include "test.h"

#include "op.h"
#include "op_sort_key.h"

#include <math.h>
#include <stdlib.h>

static uint64_t rng = 88172645463325252ull;
static uint64_t rnd(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

enum { MAXK = 4 };

typedef struct {
    Vec v[MAXK];
    bool desc[MAXK], nf[MAXK];
    int nkeys;
} Cols;

static const Cols *g_cols;

static int ref_cmp(const void *pa, const void *pb) {
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    for (int k = 0; k < g_cols->nkeys; k++) {
        int r = val_order(&g_cols->v[k], a, &g_cols->v[k], b, g_cols->desc[k], g_cols->nf[k]);
        if (r) return r;
    }
    return (a > b) - (a < b);
}

/* Few distinct values so that ties (and ties on later keys) are common. */
static void fill(Vec *v, Type t, uint32_t n, Arena *heap, int distinct) {
    *v = (Vec){.type = t};
    v->data = xcalloc(n, 16);
    v->valid = xmalloc((n / 64 + 1) * sizeof *v->valid); // n may exceed BATCH_ROWS here
    memset(v->valid, 0xff, (n / 64 + 1) * sizeof *v->valid);
    for (uint32_t i = 0; i < n; i++) {
        if (rnd() % 8 == 0) {
            v->valid[i >> 6] &= ~(1ull << (i & 63));
            continue;
        }
        uint64_t r = rnd() % (uint64_t)distinct;
        switch (t.id) {
        case TY_BOOLEAN: ((uint8_t *)v->data)[i] = (uint8_t)(r & 1); break;
        case TY_TINYINT: ((int8_t *)v->data)[i] = (int8_t)(r * 37); break;
        case TY_SMALLINT: ((int16_t *)v->data)[i] = (int16_t)(r * 9973 - 30000); break;
        case TY_INT: {
            static const int32_t ex[] = {INT32_MIN, INT32_MAX, -1, 0, 1};
            ((int32_t *)v->data)[i] = r < 5 ? ex[r] : (int32_t)(rnd() % 2001) - 1000;
            break;
        }
        case TY_DATE: ((int32_t *)v->data)[i] = (int32_t)r - 5; break;
        case TY_BIGINT: {
            static const int64_t ex[] = {INT64_MIN, INT64_MAX, -1, 0, 1};
            ((int64_t *)v->data)[i] = r < 5 ? ex[r] : (int64_t)(rnd() % 200001) - 100000;
            break;
        }
        case TY_FLOAT: {
            static const float ex[] = {NAN, -NAN, INFINITY, -INFINITY, -0.0f, 0.0f, 1.5f, -1.5f};
            ((float *)v->data)[i] = r < 8 ? ex[r] : (float)((int)r - 20) / 4;
            break;
        }
        case TY_DOUBLE: {
            static const double ex[] = {NAN, -NAN, INFINITY, -INFINITY, -0.0, 0.0, 1e-300, -1e300};
            ((double *)v->data)[i] = r < 8 ? ex[r] : (double)((int)r - 20) / 8;
            break;
        }
        case TY_DECIMAL: {
            i128 x = (i128)((int64_t)r - 10) * 1000000007;
            if (t.precision > 18) x *= (i128)1000000000000000000ll; // beyond 64 bits
            ((i128 *)v->data)[i] = x;
            break;
        }
        default: { // strings: a long shared prefix, then a few varying bytes (some zero)
            char buf[40];
            int len = (int)(rnd() % 20);
            for (int j = 0; j < len; j++) {
                uint64_t c = j < 10 ? 0 : rnd() % 4;
                buf[j] = c == 0 ? 'p' : c == 1 ? '\0' : c == 2 ? 'q' : (char)0xC3;
            }
            if (r % 3 == 0) len = len < 11 ? len : 11; // prefix-length ties
            char *p = arena_alloc(heap, (size_t)len + 1);
            memcpy(p, buf, (size_t)len);
            ((Str *)v->data)[i] = (Str){(uint32_t)len, p};
            break;
        }
        }
    }
}

/* SortKeySource: record ids are row numbers of the test's columns. */
static const Vec *test_source(void *ctx, int k, uint64_t id, uint32_t *row) {
    *row = (uint32_t)id;
    return &((const Cols *)ctx)->v[k];
}

static bool sorted_like_reference(const Type *types, int nkeys, uint32_t n, int distinct) {
    Cols c = {.nkeys = nkeys};
    Arena heap = {0};
    for (int k = 0; k < nkeys; k++) {
        fill(&c.v[k], types[k], n, &heap, distinct);
        c.desc[k] = rnd() & 1;
        c.nf[k] = rnd() & 1;
    }
    SortLayout l;
    sort_layout_init(&l, types, c.desc, c.nf, nkeys);
    l.source = test_source;
    l.source_ctx = &c;
    uint8_t *rec = xcalloc(n + 1, l.width);
    for (int k = 0; k < nkeys; k++) sort_encode(&l, k, &c.v[k], NULL, n, rec);
    for (uint32_t i = 0; i < n; i++) sort_set_id(&l, rec + (size_t)i * l.width, i);
    sort_records(&l, rec, n);
    uint32_t *ref = xmalloc((n + 1) * sizeof *ref);
    for (uint32_t i = 0; i < n; i++) ref[i] = i;
    g_cols = &c;
    qsort(ref, n, sizeof *ref, ref_cmp);
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
        uint64_t got = sort_get_id(&l, rec + (size_t)i * l.width);
        if (got != ref[i]) {
            printf("  position %u: id %llu, want %u\n", i, (unsigned long long)got, ref[i]);
            ok = false;
        }
    }
    free(ref);
    free(rec);
    sort_layout_free(&l);
    for (int k = 0; k < nkeys; k++) {
        free(c.v[k].data);
        free(c.v[k].valid);
    }
    arena_free_all(&heap);
    return ok;
}

static const Type all_types[] = {
    {.id = TY_BOOLEAN},
    {.id = TY_TINYINT},
    {.id = TY_SMALLINT},
    {.id = TY_INT},
    {.id = TY_DATE},
    {.id = TY_BIGINT},
    {.id = TY_FLOAT},
    {.id = TY_DOUBLE},
    {.id = TY_STRING},
    {.id = TY_BINARY},
    {.id = TY_DECIMAL, .precision = 10, .scale = 2},
    {.id = TY_DECIMAL, .precision = 38, .scale = 4},
};
enum { NTYPES = sizeof all_types / sizeof all_types[0] };

static void one_key_every_type(void) {
    for (int t = 0; t < NTYPES; t++)
        for (int rep = 0; rep < 4; rep++) {
            uint32_t n = rep == 0 ? 7 : rep == 1 ? 300 : 2048;
            int distinct = rep == 3 ? 3 : 50;
            if (!sorted_like_reference(&all_types[t], 1, n, distinct)) {
                printf("  type %d n %u\n", (int)all_types[t].id, n);
                CHECK(0);
                return;
            }
        }
}

static void multi_key_random(void) {
    for (int rep = 0; rep < 300; rep++) {
        Type ts[MAXK];
        int nkeys = 1 + (int)(rnd() % MAXK);
        for (int k = 0; k < nkeys; k++) ts[k] = all_types[rnd() % NTYPES];
        uint32_t n = 1 + (uint32_t)(rnd() % 3000);
        int distinct = 2 + (int)(rnd() % 30);
        if (!sorted_like_reference(ts, nkeys, n, distinct)) {
            printf("  rep %d nkeys %d n %u\n", rep, nkeys, n);
            CHECK(0);
            return;
        }
    }
}

/* Many rows equal on a string key then ordered by the next key: the radix goes on
 * past the equal strings, and strings equal only in their prefix are compared in full. */
static void string_ties_then_keys(void) {
    Type ts[] = {{.id = TY_STRING}, {.id = TY_BIGINT}, {.id = TY_STRING}, {.id = TY_DOUBLE}};
    for (int rep = 0; rep < 20; rep++) CHECK(sorted_like_reference(ts, 4, 5000, 3));
}

static void layout_and_ids(void) {
    Type ts[] = {{.id = TY_INT}, {.id = TY_STRING}, {.id = TY_DOUBLE}};
    bool d[] = {false, true, false}, nf[] = {true, false, true};
    SortLayout l;
    sort_layout_init(&l, ts, d, nf, 3);
    // class byte + 4, class byte + 12-byte prefix + length, class byte + 8, the id; words
    CHECK(l.cols[0].off == 0 && l.cols[1].off == 5 && l.cols[2].off == 19);
    CHECK(l.id_off == 28 && l.radix_end == 19 && l.width == 40);
    CHECK(l.nseg == 2 && l.seg_key[0] == 1 && l.seg_end[1] == 33 && l.seg_key[1] == -1);
    uint8_t rec[40] = {0};
    sort_set_id(&l, rec, 0x0102030405ull);
    CHECK(rec[28] == 1 && rec[32] == 5);
    CHECK(sort_get_id(&l, rec) == 0x0102030405ull);
    sort_set_id(&l, rec, UINT64_MAX); // clamped: still above every real id
    CHECK(sort_get_id(&l, rec) == SORT_ID_MAX);
    sort_layout_free(&l);
}

int main(void) {
    RUN(layout_and_ids);
    RUN(one_key_every_type);
    RUN(multi_key_random);
    RUN(string_ties_then_keys);
    return test_summary();
}
