/* Unit tests of the hash join's build-side index (runtime/join_ht.c) and of KeyTable
 * (runtime/op_keys.c): each index mode (direct array, open addressing, KeyTable), NULL
 * keys, duplicate keys chained in input order, key extremes, and group ids past one batch. */
#include "join_ht.h"
#include "test.h"

#include <stdlib.h>

/* A dense vector of n int64 values; nulls[i] marks NULLs (nulls may be NULL). */
static Vec bigint_vec(const int64_t *v, const bool *nulls, uint32_t n) {
    Vec x = {.type = TYPE(TY_BIGINT), .data = xcalloc(BATCH_ROWS, 8)};
    memcpy(x.data, v, n * sizeof *v);
    for (uint32_t i = 0; i < n; i++)
        if (nulls && nulls[i]) vec_set_null(&x, i);
    return x;
}

static void vec_drop(Vec *v) {
    free(v->data);
    free(v->valid);
}

/* The build rows matching probe row i, in chain order, as a count and a list. */
static uint32_t matches(const JoinHT *t, uint32_t first, uint32_t *out) {
    uint32_t n = 0;
    for (uint32_t p = first; p != JHT_NONE; p = jht_next(t, p)) out[n++] = jht_row(t, p);
    return n;
}

static void build_probe(const int64_t *bk, const bool *bn, uint32_t nb, const int64_t *pk,
                        const bool *pn, uint32_t np, JoinHT *t, uint32_t *first) {
    Type ty = TYPE(TY_BIGINT);
    jht_init(t, &ty, 1);
    Vec b = bigint_vec(bk, bn, nb), p = bigint_vec(pk, pn, np);
    CHECK(jht_add(t, &b, nb));
    jht_finish(t);
    jht_probe(t, &p, np, first);
    vec_drop(&b);
    vec_drop(&p);
}

static void test_direct_dups_and_nulls(void) {
    int64_t bk[] = {5, 3, 5, 0, 7, 5};
    bool bn[] = {0, 0, 0, 1, 0, 0};
    int64_t pk[] = {5, 4, 0, 3, 8, 2};
    bool pn[] = {0, 0, 1, 0, 0, 0};
    JoinHT t;
    uint32_t first[6], m[8];
    build_probe(bk, bn, 6, pk, pn, 6, &t, first);
    CHECK(t.mode == JHT_DIRECT);
    CHECK(!t.unique);
    CHECK(matches(&t, first[0], m) == 3 && m[0] == 0 && m[1] == 2 && m[2] == 5);
    CHECK(first[1] == JHT_NONE); // 4 absent, inside the range
    CHECK(first[2] == JHT_NONE); // a NULL probe key never matches the NULL build key
    CHECK(matches(&t, first[3], m) == 1 && m[0] == 1);
    CHECK(first[4] == JHT_NONE && first[5] == JHT_NONE); // outside the range
    jht_free(&t);
}

static void test_hash_sparse_extremes(void) {
    int64_t bk[] = {INT64_MIN, INT64_MAX, 1000000007, -1, 1000000007};
    int64_t pk[] = {INT64_MAX, INT64_MIN, 1000000007, 0, -1, 1000000008};
    JoinHT t;
    uint32_t first[6], m[8];
    build_probe(bk, NULL, 5, pk, NULL, 6, &t, first);
    CHECK(t.mode == JHT_HASH);
    CHECK(jht_row(&t, first[0]) == 1 && jht_row(&t, first[1]) == 0);
    CHECK(first[3] == JHT_NONE && jht_row(&t, first[4]) == 3);
    CHECK(matches(&t, first[2], m) == 2 && m[0] == 2 && m[1] == 4);
    CHECK(first[5] == JHT_NONE);
    jht_free(&t);
}

static void test_unique_and_empty(void) {
    int64_t bk[] = {10, 11, 12};
    int64_t pk[] = {12, 13};
    JoinHT t;
    uint32_t first[2];
    build_probe(bk, NULL, 3, pk, NULL, 2, &t, first);
    CHECK(t.unique && first[0] == 2 && first[1] == JHT_NONE);
    jht_free(&t);
    bool all_null[] = {1, 1};
    build_probe(bk, all_null, 2, pk, NULL, 2, &t, first); // only NULL build keys
    CHECK(first[0] == JHT_NONE && first[1] == JHT_NONE);
    jht_free(&t);
}

static void test_string_keys(void) {
    Type ty = TYPE(TY_STRING);
    JoinHT t;
    jht_init(&t, &ty, 1);
    CHECK(t.mode == JHT_KEYS);
    Str bs[] = {{1, "a"}, {0, ""}, {9, "abcdefghi"}, {0, NULL}, {1, "a"}};
    Vec b = {.type = ty, .data = xcalloc(BATCH_ROWS, sizeof(Str))};
    memcpy(b.data, bs, sizeof bs);
    vec_set_null(&b, 3);
    CHECK(jht_add(&t, &b, 5));
    jht_finish(&t);
    Str ps[] = {{9, "abcdefghi"}, {9, "abcdefghj"}, {0, ""}, {0, NULL}, {1, "a"}};
    Vec p = {.type = ty, .data = xcalloc(BATCH_ROWS, sizeof(Str))};
    memcpy(p.data, ps, sizeof ps);
    vec_set_null(&p, 3);
    uint32_t first[5], m[4];
    jht_probe(&t, &p, 5, first);
    CHECK(jht_row(&t, first[0]) == 2 && first[1] == JHT_NONE);
    CHECK(jht_row(&t, first[2]) == 1 && first[3] == JHT_NONE);
    CHECK(matches(&t, first[4], m) == 2 && m[0] == 0 && m[1] == 4);
    vec_drop(&b);
    vec_drop(&p);
    jht_free(&t);
}

/* KeyTable with two integral keys: NULL patterns are distinct groups, ids in first-seen
 * order, and they survive the index growing past several batches. */
static void test_keys_multi_many_groups(void) {
    Type ty[2] = {TYPE(TY_INT), TYPE(TY_BIGINT)};
    KeyTable kt;
    keys_init(&kt, ty, 2);
    CHECK(kt.multi);
    int32_t *a = xcalloc(BATCH_ROWS, 4);
    int64_t *b = xcalloc(BATCH_ROWS, 8);
    Vec v[2] = {{.type = ty[0], .data = a}, {.type = ty[1], .data = b}};
    uint64_t h[BATCH_ROWS];
    uint32_t g[BATCH_ROWS];
    bool ok = true;
    for (uint32_t batch = 0; batch < 100; batch++) { // 100000 groups, each seen twice
        for (uint32_t i = 0; i < BATCH_ROWS; i++) {
            uint32_t k = (batch * BATCH_ROWS + i) % 100000;
            a[i] = (int32_t)(k % 1000);
            b[i] = (int64_t)(k / 1000) - 50;
        }
        keys_hash(v, 2, BATCH_ROWS, h);
        keys_upsert(&kt, v, BATCH_ROWS, h, g, NULL);
        for (uint32_t i = 0; i < BATCH_ROWS; i++)
            ok &= g[i] == (batch * BATCH_ROWS + i) % 100000;
    }
    CHECK(ok);
    CHECK(kt.n == 100000);
    // (NULL, 1), (1, NULL), (NULL, NULL) and (0, 0) are four new groups
    a[0] = 0, b[0] = 1, a[1] = 1, b[1] = 0, a[2] = 0, b[2] = 0, a[3] = 0, b[3] = 0;
    vec_set_null(&v[0], 0);
    vec_set_null(&v[1], 1);
    vec_set_null(&v[0], 2);
    vec_set_null(&v[1], 2);
    a[4] = 0, b[4] = 1;
    vec_set_null(&v[0], 4); // (NULL, 1) again
    bool fresh[5];
    keys_hash(v, 2, 5, h);
    keys_upsert(&kt, v, 5, h, g, fresh);
    CHECK(g[0] == 100000 && g[1] == 100001 && g[2] == 100002 && fresh[0] && fresh[2]);
    CHECK(g[3] == 50000 && !fresh[3]); // (0, 0) is k = 50000
    CHECK(g[4] == 100000 && !fresh[4]);
    CHECK(keys_find(&kt, v, 2, h[2]) == 100002);
    keys_free(&kt);
    free(v[0].valid);
    free(v[1].valid);
    free(a);
    free(b);
}

int main(void) {
    RUN(test_direct_dups_and_nulls);
    RUN(test_hash_sparse_extremes);
    RUN(test_unique_and_empty);
    RUN(test_string_keys);
    RUN(test_keys_multi_many_groups);
    return test_summary();
}
