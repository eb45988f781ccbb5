/* The RLE / bit-packed hybrid encoding (storage-format.md 5.3) used for levels,
 * dictionary indices and RLE booleans: a streaming decoder, an encoder, and the
 * LSB-first unpacking shared with DELTA_BINARY_PACKED. */
#include "pq_internal.h"
#include "str.h"

#include <string.h>

int pq_bit_width(uint64_t v) {
    int w = 0;
    while (v) {
        w++;
        v >>= 1;
    }
    return w;
}

void pq_rle_init(PqRle *r, const uint8_t *p, size_t len, int width) {
    memset(r, 0, sizeof *r);
    r->p = p;
    r->end = p + len;
    r->width = width;
}

static bool uleb(PqRle *r, uint64_t *out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) return false;
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

/* Start the next run; false when the data is exhausted or corrupt. */
static bool next_run(PqRle *r) {
    uint64_t h;
    if (!uleb(r, &h)) return false;
    if (h & 1) {
        uint64_t groups = h >> 1;
        if (groups == 0 || groups > (1u << 27)) return false;
        size_t bytes = (size_t)groups * (size_t)r->width;
        size_t avail = (size_t)(r->end - r->p);
        r->run_rle = false;
        r->bp = r->p;
        r->bp_index = 0;
        r->run_left = (uint32_t)(groups * 8);
        // lenient: a final group may be cut short once enough values were produced
        if (bytes > avail) {
            r->bp_count = r->width ? (uint32_t)(avail * 8 / (size_t)r->width) : r->run_left;
            if (r->bp_count < r->run_left) r->run_left = r->bp_count;
            if (r->run_left == 0) return false;
            r->p = r->end;
        } else {
            r->bp_count = r->run_left;
            r->p += bytes;
        }
    } else {
        uint64_t count = h >> 1;
        if (count == 0 || count > UINT32_MAX) return false;
        int nb = (r->width + 7) / 8;
        if (r->end - r->p < nb) return false;
        uint32_t v = 0;
        for (int i = 0; i < nb; i++) v |= (uint32_t)r->p[i] << (8 * i);
        r->p += nb;
        r->run_rle = true;
        r->rle_value = v;
        r->run_left = (uint32_t)count;
    }
    return true;
}

static inline uint32_t bp_get(const uint8_t *p, int w, uint32_t k) {
    uint64_t bit = (uint64_t)k * (uint64_t)w;
    const uint8_t *q = p + (bit >> 3);
    int sh = (int)(bit & 7);
    int nbytes = (sh + w + 7) >> 3; // at most 5 for w <= 32
    uint64_t v = 0;
    for (int i = 0; i < nbytes; i++) v |= (uint64_t)q[i] << (8 * i);
    return (uint32_t)((v >> sh) & (w == 32 ? 0xffffffffull : ((1ull << w) - 1)));
}

uint32_t pq_rle_get(PqRle *r, uint32_t *out, uint32_t n) {
    uint32_t got = 0;
    if (r->width > 32) return 0;
    while (got < n) {
        if (r->run_left == 0 && !next_run(r)) break;
        uint32_t k = n - got < r->run_left ? n - got : r->run_left;
        if (r->run_rle) {
            uint32_t v = r->rle_value;
            for (uint32_t i = 0; i < k; i++) out[got + i] = v;
        } else if (r->width == 0) {
            memset(out + got, 0, k * sizeof *out);
        } else {
            const uint8_t *p = r->bp;
            uint32_t b = r->bp_index;
            int w = r->width;
            // one unaligned 8-byte load per value while 8 bytes remain in the run
            size_t run_bytes = ((size_t)r->bp_count * (size_t)w + 7) / 8;
            uint64_t mask = w == 32 ? 0xffffffffull : (1ull << w) - 1;
            for (uint32_t i = 0; i < k; i++) {
                uint64_t bit = (uint64_t)(b + i) * (uint64_t)w;
                size_t byte = (size_t)(bit >> 3);
                if (byte + 8 <= run_bytes) {
                    uint64_t x;
                    memcpy(&x, p + byte, 8);
                    out[got + i] = (uint32_t)((x >> (bit & 7)) & mask);
                } else {
                    out[got + i] = bp_get(p, w, b + i);
                }
            }
            r->bp_index += k;
        }
        got += k;
        r->run_left -= k;
    }
    return got;
}

uint32_t pq_rle_get8(PqRle *r, uint8_t *out, uint32_t n) {
    uint32_t got = 0;
    if (r->width > 8) return 0;
    while (got < n) {
        if (r->run_left == 0 && !next_run(r)) break;
        uint32_t k = n - got < r->run_left ? n - got : r->run_left;
        if (r->run_rle) {
            memset(out + got, (int)r->rle_value, k);
        } else if (r->width == 0) {
            memset(out + got, 0, k);
        } else if (r->width == 1 && (r->bp_index & 7) == 0) {
            const uint8_t *p = r->bp + (r->bp_index >> 3);
            uint32_t i = 0;
            for (; i + 8 <= k; i += 8) {
                uint8_t byte = p[i >> 3];
                for (int j = 0; j < 8; j++) out[got + i + (uint32_t)j] = byte >> j & 1;
            }
            for (; i < k; i++) out[got + i] = p[i >> 3] >> (i & 7) & 1;
            r->bp_index += k;
        } else {
            for (uint32_t i = 0; i < k; i++)
                out[got + i] = (uint8_t)bp_get(r->bp, r->width, r->bp_index + i);
            r->bp_index += k;
        }
        got += k;
        r->run_left -= k;
    }
    return got;
}

long pq_bitpacked_msb(const uint8_t *p, size_t len, int width, uint8_t *out, uint32_t n) {
    size_t bytes = ((size_t)n * (size_t)width + 7) / 8;
    if (bytes > len || width > 8) return -1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t v = 0;
        for (int b = 0; b < width; b++) {
            size_t bit = (size_t)i * (size_t)width + (size_t)b;
            v = v << 1 | (uint32_t)(p[bit >> 3] >> (7 - (bit & 7)) & 1);
        }
        out[i] = (uint8_t)v;
    }
    return (long)bytes;
}

void pq_unpack64(const uint8_t *p, int width, uint64_t *out, uint32_t n) {
    if (width == 0) {
        memset(out, 0, n * sizeof *out);
        return;
    }
    uint64_t mask = width == 64 ? ~0ull : (1ull << width) - 1;
    for (uint32_t k = 0; k < n; k++) {
        uint64_t bit = (uint64_t)k * (uint64_t)width;
        const uint8_t *q = p + (bit >> 3);
        int sh = (int)(bit & 7);
        int nbytes = (sh + width + 7) >> 3; // up to 9
        uint64_t lo = 0;
        for (int i = 0; i < nbytes && i < 8; i++) lo |= (uint64_t)q[i] << (8 * i);
        uint64_t v = lo >> sh;
        if (nbytes == 9) v |= (uint64_t)q[8] << (64 - sh);
        out[k] = v & mask;
    }
}

/* ---- encoder ---- */

static void put_uleb(StrBuf *b, uint64_t v) {
    char tmp[10];
    int n = 0;
    while (v >= 0x80) {
        tmp[n++] = (char)(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = (char)v;
    sb_put(b, tmp, (size_t)n);
}

static void put_rle_run(StrBuf *b, uint32_t value, uint32_t count, int width) {
    put_uleb(b, (uint64_t)count << 1);
    int nb = (width + 7) / 8;
    for (int i = 0; i < nb; i++) sb_putc(b, (char)(value >> (8 * i)));
}

/* Bit-pack vals[0..n) (n <= a multiple of 8 after padding) as one run. */
static void put_bp_run(StrBuf *b, const uint32_t *vals, uint32_t n, int width) {
    uint32_t groups = (n + 7) / 8;
    put_uleb(b, (uint64_t)groups << 1 | 1);
    size_t nbytes = (size_t)groups * (size_t)width;
    pq_sb_reserve(b, nbytes);
    uint8_t *out = (uint8_t *)b->ptr + b->len;
    memset(out, 0, nbytes);
    b->len += nbytes;
    b->ptr[b->len] = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint64_t bit = (uint64_t)k * (uint64_t)width;
        uint64_t v = (uint64_t)vals[k] << (bit & 7);
        for (size_t i = bit >> 3; v; i++, v >>= 8) out[i] |= (uint8_t)v;
    }
}

void pq_rle_encode(StrBuf *buf, const uint32_t *vals, uint32_t n, int width) {
    uint32_t i = 0, lit = 0; // vals[lit..i) waits to be bit-packed
    while (i < n) {
        uint32_t j = i + 1;
        while (j < n && vals[j] == vals[i]) j++;
        // a run of >= 8 equal values becomes an RLE run, if the pending literals
        // end on a multiple of 8 (padding is allowed only at the very end)
        if (j - i >= 8) {
            uint32_t pending = i - lit;
            uint32_t take = (8 - pending % 8) % 8; // fill the literal group from the run
            if (take > j - i) take = j - i;
            if (pending + take) put_bp_run(buf, vals + lit, pending + take, width);
            if (j - i - take) put_rle_run(buf, vals[i], j - i - take, width);
            lit = j;
        }
        i = j;
    }
    if (lit < n) put_bp_run(buf, vals + lit, n - lit, width);
}

void pq_rle_encode8(StrBuf *buf, const uint8_t *vals, uint32_t n, int width) {
    // levels: the common cases are all equal, or long runs
    uint32_t tmp[1024];
    uint32_t i = 0;
    while (i < n) {
        uint32_t j = i + 1;
        while (j < n && vals[j] == vals[i]) j++;
        if (j - i >= 8 || j == n) {
            put_rle_run(buf, vals[i], j - i, width);
            i = j;
            continue;
        }
        // collect a literal stretch of whole groups of 8 up to the next long run
        uint32_t k = i;
        while (k < n && k - i < 1024) {
            uint32_t e = k + 1;
            while (e < n && vals[e] == vals[k]) e++;
            if (e - k >= 16) break;
            k = e;
        }
        if (k - i > 1024) k = i + 1024;
        uint32_t len = k - i;
        if (k < n) len = len / 8 * 8; // keep groups whole unless this is the end
        if (len == 0) len = k < n ? 8 : k - i;
        if (len > n - i) len = n - i;
        for (uint32_t m = 0; m < len; m++) tmp[m] = vals[i + m];
        put_bp_run(buf, tmp, len, width);
        i += len;
    }
}
