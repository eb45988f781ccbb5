/* DELTA_BINARY_PACKED decoding (storage-format.md 5.6), the building block of
 * DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY. Arithmetic wraps in uint64. */
#include "pq_internal.h"

#include <string.h>

typedef struct {
    const uint8_t *p, *end;
} Cur;

static bool uleb(Cur *c, uint64_t *out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (c->p >= c->end) return false;
        uint8_t b = *c->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

static bool zz(Cur *c, int64_t *out) {
    uint64_t z;
    if (!uleb(c, &z)) return false;
    *out = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
    return true;
}

int pq_delta_decode(const uint8_t *p, size_t len, bool is32, int64_t *out, uint32_t cap,
                    uint32_t *n_out, size_t *used) {
    Cur c = {p, p + len};
    uint64_t block, mbs, total;
    int64_t first;
    if (!uleb(&c, &block) || !uleb(&c, &mbs) || !uleb(&c, &total) || !zz(&c, &first)) return -1;
    if (block == 0 || block % 128 || mbs == 0 || block % mbs || (block / mbs) % 32 ||
        block > (1u << 20) || total > cap)
        return -1;
    uint32_t per_mb = (uint32_t)(block / mbs);
    // DuckDB computes INT32 deltas in 64 bits and writes widths up to 33, so allow 64;
    // the sums wrap to 32 bits either way
    int maxw = 64;
    uint64_t prev = (uint64_t)first;
    uint32_t got = 0;
    uint64_t tmp[1024];
    if (total > 0) {
        if (out) out[0] = is32 ? (int64_t)(int32_t)(uint32_t)prev : (int64_t)prev;
        got = 1;
    }
    while (got < total) {
        int64_t min_delta;
        if (!zz(&c, &min_delta)) return -1;
        if ((uint64_t)(c.end - c.p) < mbs) return -1;
        const uint8_t *widths = c.p;
        c.p += mbs;
        for (uint64_t m = 0; m < mbs && got < total; m++) {
            int w = widths[m];
            if (w > maxw) return -1;
            size_t bytes = (size_t)per_mb * (size_t)w / 8;
            if (bytes > (size_t)(c.end - c.p)) return -1;
            uint32_t left = per_mb;
            const uint8_t *body = c.p;
            uint32_t done = 0;
            while (left) {
                uint32_t k = left < 1024 ? left : 1024;
                // unpack a slice starting at value index done (done is a multiple of 1024,
                // hence of 8, so it starts on a byte boundary)
                pq_unpack64(body + (size_t)done * (size_t)w / 8, w, tmp, k);
                for (uint32_t i = 0; i < k && got < total; i++) {
                    prev += (uint64_t)min_delta + tmp[i];
                    if (is32) prev = (uint32_t)prev;
                    if (out) out[got] = is32 ? (int64_t)(int32_t)(uint32_t)prev : (int64_t)prev;
                    got++;
                }
                left -= k;
                done += k;
            }
            c.p += bytes;
        }
    }
    *n_out = got;
    *used = (size_t)(c.p - p);
    return 0;
}
