/* Sorting normalised key records (sort_records in op_sort_key.h): MSD radix sort on the
 * bytes that memcmp orders, skipping byte positions where a bucket agrees, insertion sort
 * for small buckets, and a comparison sort (sort_cmp: full strings, value_cmp) for
 * buckets still tied when the memcmp bytes run out. Records hold unique row ids, so any
 * order-consistent sort is stable. */
#include "op_sort_key.h"

#include "arena.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Below this a bucket is insertion-sorted. Radix levels that split a bucket recurse
 * (2 KB of counts each): past RADIX_MAX_DEPTH bytes the comparison sort takes over, which
 * bounds the stack. */
enum { INSERTION_MAX = 24, RADIX_MAX_DEPTH = 48 };

static int cmp_qsort(const void *a, const void *b, void *arg) {
    return sort_cmp(arg, a, b);
}

/* t: scratch for one record. */
static void insertion(const SortLayout *l, uint8_t *rec, uint64_t n, uint8_t *t) {
    size_t w = l->width;
    for (uint64_t i = 1; i < n; i++) {
        uint8_t *x = rec + i * w;
        if (sort_cmp(l, x - w, x) <= 0) continue;
        memcpy(t, x, w);
        uint64_t j = i - 1;
        while (j > 0 && sort_cmp(l, rec + (j - 1) * w, t) > 0) j--;
        memmove(rec + (j + 1) * w, rec + j * w, (i - j) * w);
        memcpy(rec + j * w, t, w);
    }
}

/* Scatter n records by byte `depth` through tmp (off: bucket starts in, bucket ends out). */
#define SCATTER(W)                                                                                 \
    do {                                                                                           \
        for (uint64_t i = 0; i < n; i++) {                                                         \
            const uint8_t *x = rec + i * (W);                                                      \
            memcpy(tmp + off[x[depth]]++ * (W), x, (W));                                           \
        }                                                                                          \
    } while (0)

/* Whether key k (non-fixed) of all n records has one full value. */
static bool all_equal(const SortLayout *l, int k, const uint8_t *rec, uint64_t n) {
    for (uint64_t i = 1; i < n; i++)
        if (sort_cmp_key(l, k, rec, rec + i * l->width)) return false;
    return true;
}

static void msd(const SortLayout *l, uint8_t *rec, uint8_t *tmp, uint64_t n, uint32_t depth,
                int seg) {
    size_t w = l->width;
    uint64_t off[256];
    for (;;) {
        if (n <= INSERTION_MAX) {
            insertion(l, rec, n, tmp);
            return;
        }
        if (depth >= l->seg_end[seg]) { // tied up to a string prefix (ids are unique)
            int k = l->seg_key[seg];
            if (k < 0 || !all_equal(l, k, rec, n)) {
                qsort_r(rec, n, w, cmp_qsort, (void *)l);
                return;
            }
            seg++; // equal full values: the radix goes on with the next keys
            continue;
        }
        if (depth >= RADIX_MAX_DEPTH) {
            qsort_r(rec, n, w, cmp_qsort, (void *)l);
            return;
        }
        memset(off, 0, sizeof off);
        for (uint64_t i = 0; i < n; i++) off[rec[i * w + depth]]++;
        if (off[rec[depth]] == n) { // every record agrees on this byte
            depth++;
            continue;
        }
        uint64_t pos = 0;
        for (int b = 0; b < 256; b++) {
            uint64_t c = off[b];
            off[b] = pos;
            pos += c;
        }
        switch (w) { // constant sizes let the copies inline
        case 16: SCATTER(16); break;
        case 24: SCATTER(24); break;
        case 32: SCATTER(32); break;
        case 40: SCATTER(40); break;
        case 48: SCATTER(48); break;
        default: SCATTER(w); break;
        }
        memcpy(rec, tmp, n * w);
        uint64_t start = 0;
        for (int b = 0; b < 256; b++) { // off[b] is now the end of bucket b
            uint64_t c = off[b] - start;
            if (c > 1) msd(l, rec + start * w, tmp + start * w, c, depth + 1, seg);
            start = off[b];
        }
        return;
    }
}

void sort_records(const SortLayout *l, uint8_t *rec, uint64_t n) {
    if (n < 2) return;
    uint8_t *tmp = xmalloc(n * l->width);
    msd(l, rec, tmp, n, 0, 0);
    free(tmp);
}
