/* Snappy compression and decompression (see snap.h). The compressor is snappy's
 * greedy scheme: 64 KiB blocks, a hash table of 4-byte sequences, a lookup stride that
 * grows over incompressible data. The decompressor checks every length and offset. */
#include "snap.h"

#include <stdint.h>
#include <string.h>

enum { BLOCK = 1 << 16, HASH_BITS = 14, MARGIN = 15 };

static inline uint32_t load32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t load64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint32_t hash4(uint32_t v) { return (v * 0x1e35a7bdu) >> (32 - HASH_BITS); }

size_t snap_max_compressed_length(size_t n) { return 32 + n + n / 6; }

static uint8_t *put_literal(uint8_t *op, const uint8_t *p, size_t len) {
    size_t n = len - 1;
    if (n < 60) *op++ = (uint8_t)(n << 2);
    else {
        int nb = n < 1u << 8 ? 1 : n < 1u << 16 ? 2 : n < 1u << 24 ? 3 : 4;
        *op++ = (uint8_t)((59 + nb) << 2);
        for (int i = 0; i < nb; i++) *op++ = (uint8_t)(n >> (8 * i));
    }
    memcpy(op, p, len);
    return op + len;
}

static uint8_t *put_copy(uint8_t *op, size_t off, size_t len) {
    // copy elements hold at most 64 bytes; keep the last one at least 4 long
    while (len >= 68) {
        *op++ = (uint8_t)(2 | (63 << 2)), *op++ = (uint8_t)off, *op++ = (uint8_t)(off >> 8);
        len -= 64;
    }
    if (len > 64) {
        *op++ = (uint8_t)(2 | (59 << 2)), *op++ = (uint8_t)off, *op++ = (uint8_t)(off >> 8);
        len -= 60;
    }
    if (len < 12 && off < 2048) {
        *op++ = (uint8_t)(1 | ((len - 4) << 2) | ((off >> 8) << 5));
        *op++ = (uint8_t)off;
    } else {
        *op++ = (uint8_t)(2 | ((len - 1) << 2)), *op++ = (uint8_t)off, *op++ = (uint8_t)(off >> 8);
    }
    return op;
}

/* Length of the common prefix of a and b, b not passing end (a is before b). */
static size_t match_len(const uint8_t *a, const uint8_t *b, const uint8_t *end) {
    const uint8_t *start = b;
    while (end - b >= 8) {
        uint64_t x = load64(a) ^ load64(b);
        if (x) return (size_t)(b - start) + (size_t)(__builtin_ctzll(x) >> 3);
        a += 8, b += 8;
    }
    while (b < end && *a == *b) a++, b++;
    return (size_t)(b - start);
}

static uint8_t *compress_block(const uint8_t *base, size_t n, uint8_t *op, uint16_t *table) {
    const uint8_t *end = base + n, *next_emit = base;
    if (n < MARGIN) goto rest;
    memset(table, 0, sizeof(uint16_t) << HASH_BITS);
    const uint8_t *limit = end - MARGIN, *ip = base + 1;
    for (;;) {
        // look for a 4-byte match, striding further the longer none is found
        uint32_t skip = 32;
        const uint8_t *cand;
        for (;;) {
            uint32_t h = hash4(load32(ip));
            cand = base + table[h];
            table[h] = (uint16_t)(ip - base);
            if (load32(ip) == load32(cand) && cand < ip) break;
            ip += skip++ >> 5;
            if (ip > limit) goto rest;
        }
        op = put_literal(op, next_emit, (size_t)(ip - next_emit));
        // copies while the position after a copy starts another match
        do {
            size_t len = 4 + match_len(cand + 4, ip + 4, end);
            op = put_copy(op, (size_t)(ip - cand), len);
            ip += len;
            next_emit = ip;
            if (ip >= limit) goto rest;
            table[hash4(load32(ip - 1))] = (uint16_t)(ip - 1 - base);
            uint32_t h = hash4(load32(ip));
            cand = base + table[h];
            table[h] = (uint16_t)(ip - base);
        } while (load32(ip) == load32(cand) && cand < ip);
        ip++;
        if (ip > limit) goto rest;
    }
rest:
    if (next_emit < end) op = put_literal(op, next_emit, (size_t)(end - next_emit));
    return op;
}

size_t snap_compress(const void *src, size_t n, void *dst, size_t cap) {
    if (n > UINT32_MAX || cap < snap_max_compressed_length(n)) return 0;
    uint8_t *op = dst;
    for (size_t v = n;; v >>= 7) {  // preamble: the length as a varint
        *op++ = (uint8_t)(v < 128 ? v : (v & 127) | 128);
        if (v < 128) break;
    }
    uint16_t table[1 << HASH_BITS];
    const uint8_t *p = src;
    for (size_t at = 0; at < n; at += BLOCK)
        op = compress_block(p + at, n - at < BLOCK ? n - at : BLOCK, op, table);
    return (size_t)(op - (uint8_t *)dst);
}

static int preamble(const uint8_t *p, size_t n, size_t *len, size_t *used) {
    uint64_t v = 0;
    for (size_t i = 0; i < n && i < 5; i++) {
        v |= (uint64_t)(p[i] & 127) << (7 * i);
        if (!(p[i] & 128)) {
            if (v > UINT32_MAX) return -1;
            *len = (size_t)v, *used = i + 1;
            return 0;
        }
    }
    return -1;
}

int snap_uncompressed_length(const void *src, size_t n, size_t *len) {
    size_t used;
    return preamble(src, n, len, &used);
}

int snap_decompress(const void *src, size_t n, void *dst, size_t out_len) {
    const uint8_t *ip = src, *end = ip + n;
    size_t len, used;
    if (preamble(ip, n, &len, &used) || len != out_len) return -1;
    ip += used;
    uint8_t *const out = dst, *op = out, *const oend = out + out_len;
    while (ip < end) {
        uint8_t tag = *ip++;
        size_t off;
        if ((tag & 3) == 0) {  // literal
            len = (size_t)(tag >> 2) + 1;
            if (len > 60) {
                size_t nb = len - 60;
                if ((size_t)(end - ip) < nb) return -1;
                len = 0;
                for (size_t i = 0; i < nb; i++) len |= (size_t)ip[i] << (8 * i);
                len += 1;
                ip += nb;
            }
            if ((size_t)(end - ip) < len || (size_t)(oend - op) < len) return -1;
            if (len <= 16 && end - ip >= 16 && oend - op >= 16) {
                memcpy(op, ip, 8), memcpy(op + 8, ip + 8, 8);  // short literals: fixed size
            } else
                memcpy(op, ip, len);
            op += len, ip += len;
            continue;
        }
        if ((tag & 3) == 1) {
            if (ip >= end) return -1;
            len = 4 + ((tag >> 2) & 7);
            off = (size_t)(tag >> 5) << 8 | *ip++;
        } else if ((tag & 3) == 2) {
            if (end - ip < 2) return -1;
            len = (size_t)(tag >> 2) + 1;
            off = (size_t)ip[0] | (size_t)ip[1] << 8;
            ip += 2;
        } else {
            if (end - ip < 4) return -1;
            len = (size_t)(tag >> 2) + 1;
            off = (size_t)load32(ip);
            ip += 4;
        }
        if (off == 0 || off > (size_t)(op - out) || len > (size_t)(oend - op)) return -1;
        const uint8_t *from = op - off;
        if ((size_t)(oend - op) < len + 16) {
            for (size_t i = 0; i < len; i++) op[i] = from[i];  // near the end: exact
        } else if (off >= 8) {
            // 8 bytes at a time: with off >= 8 each chunk reads only bytes already written
            for (size_t i = 0; i < len; i += 8) memcpy(op + i, from + i, 8);
        } else {
            /* A short period: lay down the pattern to a distance p >= 8 (a multiple of
             * off) byte by byte, then copy 8 bytes at a time from p back. */
            size_t p = off * ((8 + off - 1) / off), i = 0;
            for (; i < p && i < len; i++) op[i] = from[i];
            for (; i < len; i += 8) memcpy(op + i, op + i - p, 8);
        }
        op += len;
    }
    return op == oend ? 0 : -1;
}
