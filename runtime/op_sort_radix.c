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

/* Below INSERTION_MAX a bucket is insertion-sorted. Radix levels that split a bucket
 * recurse (2 KB of counts each): past RADIX_MAX_DEPTH bytes the comparison sort takes
 * over, which bounds the stack. Buckets of SKIP_MIN records or more look for the next
 * differing byte in one pass when a byte turns out constant. */
enum { INSERTION_MAX = 24, RADIX_MAX_DEPTH = 48, SKIP_MIN = 1024, SKIP_SPAN = 16 };

typedef struct {
    const SortLayout *l;
    size_t w;
    uint64_t hist[4][256]; // count_bytes' scratch (not kept across recursion)
} Radix;

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

/* Whether key k (non-fixed) of all n records has one full value. */
static bool all_equal(const SortLayout *l, int k, const uint8_t *rec, uint64_t n) {
    for (uint64_t i = 1; i < n; i++)
        if (sort_cmp_key(l, k, rec, rec + i * l->width)) return false;
    return true;
}

/* The first byte position in [from, lim) where the n records differ, or lim. */
static uint32_t first_diff(const Radix *r, const uint8_t *a, uint64_t n, uint32_t from,
                           uint32_t lim) {
    uint32_t span = lim - from;
    if (from + 16 <= r->w) { // two words per record, XORed with the first record's
        uint64_t f0, f1, d0 = 0, d1 = 0;
        memcpy(&f0, a + from, 8);
        memcpy(&f1, a + from + 8, 8);
        for (uint64_t i = 1; i < n; i++) {
            uint64_t x0, x1;
            memcpy(&x0, a + i * r->w + from, 8);
            memcpy(&x1, a + i * r->w + from + 8, 8);
            d0 |= x0 ^ f0;
            d1 |= x1 ^ f1;
        }
        uint8_t diff[16];
        memcpy(diff, &d0, 8);
        memcpy(diff + 8, &d1, 8);
        for (uint32_t j = 0; j < span; j++)
            if (diff[j]) return from + j;
        return lim;
    }
    uint8_t diff[SKIP_SPAN] = {0};
    for (uint64_t i = 1; i < n; i++) {
        const uint8_t *x = a + i * r->w + from;
        for (uint32_t j = 0; j < span; j++) diff[j] |= x[j] ^ a[from + j];
    }
    for (uint32_t j = 0; j < span; j++)
        if (diff[j]) return from + j;
    return lim;
}

/* Counts of byte `depth` of the n records into off, through four histograms so that
 * runs of one value do not wait on each other's increments. */
static void count_bytes(Radix *r, const uint8_t *a, uint64_t n, uint32_t depth, uint64_t *off) {
    size_t w = r->w;
    memset(r->hist, 0, sizeof r->hist);
    const uint8_t *p = a + depth;
    uint64_t i = 0;
    for (; i + 4 <= n; i += 4, p += 4 * w) {
        r->hist[0][p[0]]++;
        r->hist[1][p[w]]++;
        r->hist[2][p[2 * w]]++;
        r->hist[3][p[3 * w]]++;
    }
    for (; i < n; i++, p += w) r->hist[0][p[0]]++;
    for (int v = 0; v < 256; v++)
        off[v] = (uint64_t)r->hist[0][v] + r->hist[1][v] + r->hist[2][v] + r->hist[3][v];
}

/* Scatter n records by byte `depth` from a into b (off: bucket starts in, ends out). */
#define SCATTER(W)                                                                                 \
    do {                                                                                           \
        for (uint64_t i = 0; i < n; i++) {                                                         \
            const uint8_t *x = a + i * (W);                                                        \
            memcpy(b + off[x[depth]]++ * (W), x, (W));                                             \
        }                                                                                          \
    } while (0)

/* Sort the n records in a (b: as many records of scratch at the same positions). The
 * result must end in the caller's array: a, or b when in_b (the buffers swap roles at
 * each scatter instead of copying back). */
static void msd(Radix *r, uint8_t *a, uint8_t *b, uint64_t n, uint32_t depth, int seg, bool in_b) {
    const SortLayout *l = r->l;
    size_t w = r->w;
    uint64_t off[256];
    for (;;) {
        bool leaf = n <= INSERTION_MAX;
        if (!leaf && depth >= l->seg_end[seg]) { // tied up to a string prefix (ids are unique)
            int k = l->seg_key[seg];
            if (k >= 0 && all_equal(l, k, a, n)) {
                seg++; // equal full values: the radix goes on with the next keys
                continue;
            }
            leaf = true;
        }
        if (leaf || depth >= RADIX_MAX_DEPTH) {
            if (n <= INSERTION_MAX)
                insertion(l, a, n, b);
            else
                qsort_r(a, n, w, cmp_qsort, (void *)l);
            if (in_b) memcpy(b, a, n * w);
            return;
        }
        count_bytes(r, a, n, depth, off);
        if (off[a[depth]] == n) { // every record agrees on this byte
            depth++;
            uint32_t lim = l->seg_end[seg];
            if (lim > depth + SKIP_SPAN) lim = depth + SKIP_SPAN;
            if (n >= SKIP_MIN && depth < lim) depth = first_diff(r, a, n, depth, lim);
            continue;
        }
        uint64_t pos = 0;
        for (int v = 0; v < 256; v++) {
            uint64_t c = off[v];
            off[v] = pos;
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
        uint64_t start = 0;
        for (int v = 0; v < 256; v++) { // off[v] is now the end of bucket v
            uint64_t c = off[v] - start;
            if (c > 1)
                msd(r, b + start * w, a + start * w, c, depth + 1, seg, !in_b);
            else if (c == 1 && !in_b) // the record is in b; the caller's array is a
                memcpy(a + start * w, b + start * w, w);
            start = off[v];
        }
        return;
    }
}

void sort_records(const SortLayout *l, uint8_t *rec, uint64_t n) {
    if (n < 2) return;
    uint8_t *tmp = xmalloc(n * l->width);
    Radix *r = xmalloc(sizeof *r);
    r->l = l;
    r->w = l->width;
    msd(r, rec, tmp, n, 0, 0, false);
    free(r);
    free(tmp);
}
