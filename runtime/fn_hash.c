/* Hash and id kernels: md5, sha1, sha2 (hex strings), crc32 (bigint), Spark's
 * hash() (Murmur3 x86_32, seed 42, NULL arguments skipped) and xxhash64 (XXH64,
 * same rules), uuid() (random v4). */
#include "fn_tables.h"
#include "fn_util.h"
#include "hash_algos.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static void put_hex(FnCtx *cx, Vec *out, uint32_t i, const uint8_t *d, int n) {
    static const char hx[] = "0123456789abcdef";
    char *p = fn_alloc(cx, (size_t)n * 2);
    if (!p) return;
    for (int k = 0; k < n; k++) p[2 * k] = hx[d[k] >> 4], p[2 * k + 1] = hx[d[k] & 15];
    FN_OUT(out, Str)[i] = (Str){(uint32_t)n * 2, p};
}

static void md5_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        uint8_t d[16];
        hash_md5((const uint8_t *)s.ptr, s.len, d);
        put_hex(cx, out, i, d, 16);
    }
}

static void sha1_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        uint8_t d[20];
        hash_sha1((const uint8_t *)s.ptr, s.len, d);
        put_hex(cx, out, i, d, 20);
    }
}

/* sha2(x, bits): 224, 256 (also 0), 384 or 512; other lengths give NULL. */
static void sha2_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        const uint8_t *p = (const uint8_t *)s.ptr;
        uint8_t d[64];
        switch (fn_i64(&a[1], i)) {
        case 224: hash_sha224(p, s.len, d); put_hex(cx, out, i, d, 28); break;
        case 0: case 256: hash_sha256(p, s.len, d); put_hex(cx, out, i, d, 32); break;
        case 384: hash_sha384(p, s.len, d); put_hex(cx, out, i, d, 48); break;
        case 512: hash_sha512(p, s.len, d); put_hex(cx, out, i, d, 64); break;
        default: vec_set_null(out, i); break;
        }
    }
}

static void crc32_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        FN_OUT(out, int64_t)[i] = (int64_t)crc32(0L, (const Bytef *)s.ptr, s.len);
    }
}

/* Minimal big-endian two's-complement bytes of v, as BigInteger.toByteArray. */
static int i128_bytes(i128 v, uint8_t out[16]) {
    uint8_t b[16];
    for (int k = 0; k < 16; k++) b[15 - k] = (uint8_t)((unsigned __int128)v >> (8 * k));
    int start = 0;
    while (start < 15 && ((b[start] == 0 && !(b[start + 1] & 0x80)) ||
                          (b[start] == 0xff && (b[start + 1] & 0x80))))
        start++;
    memcpy(out, b + start, (size_t)(16 - start));
    return 16 - start;
}

/* One argument's contribution to hash(): Spark's HashExpression per type. */
static uint32_t hash_value(const Vec *v, uint32_t i, uint32_t seed) {
    switch (v->type.id) {
    case TY_BOOLEAN: case TY_TINYINT: case TY_SMALLINT: case TY_INT: case TY_DATE:
        return murmur3_int((uint32_t)fn_i64(v, i), seed);
    case TY_BIGINT: case TY_TIMESTAMP: case TY_INTERVAL:
        return murmur3_long((uint64_t)fn_i64(v, i), seed);
    case TY_FLOAT: {
        float f = (float)fn_f64(v, i);
        uint32_t bits = 0;
        if (f != f) bits = 0x7fc00000u;  // Java's canonical NaN
        else if (f != 0) memcpy(&bits, &f, 4);  // -0.0 hashes as 0.0
        return murmur3_int(bits, seed);
    }
    case TY_DOUBLE: {
        double d = fn_f64(v, i);
        uint64_t bits = 0;
        if (d != d) bits = 0x7ff8000000000000ull;
        else if (d != 0) memcpy(&bits, &d, 8);
        return murmur3_long(bits, seed);
    }
    case TY_DECIMAL: {
        i128 d = fn_dec(v, i);
        if (v->type.precision <= 18) return murmur3_long((uint64_t)(int64_t)d, seed);
        uint8_t b[16];
        int len = i128_bytes(d, b);
        return murmur3_bytes(b, (size_t)len, seed);
    }
    case TY_STRING: case TY_BINARY: {
        Str s = fn_str(v, i);
        return murmur3_bytes((const uint8_t *)s.ptr, s.len, seed);
    }
    default: return seed;  // nested values: not hashed yet
    }
}

/* xxhash64: the same per-type bytes as hash(), through XXH64. */
static uint64_t xxhash_value(const Vec *v, uint32_t i, uint64_t seed) {
    uint8_t b[16];
    switch (v->type.id) {
    case TY_BOOLEAN: case TY_TINYINT: case TY_SMALLINT: case TY_INT: case TY_DATE:
    case TY_FLOAT: {
        uint32_t x = (uint32_t)fn_i64(v, i);
        if (v->type.id == TY_FLOAT) {
            float f = (float)fn_f64(v, i);
            x = f != f ? 0x7fc00000u : 0;
            if (f == f && f != 0) memcpy(&x, &f, 4);
        }
        for (int k = 0; k < 4; k++) b[k] = (uint8_t)(x >> (8 * k));
        return xxhash64(b, 4, seed);
    }
    case TY_BIGINT: case TY_TIMESTAMP: case TY_INTERVAL: case TY_DOUBLE: {
        uint64_t x = (uint64_t)fn_i64(v, i);
        if (v->type.id == TY_DOUBLE) {
            double d = fn_f64(v, i);
            x = d != d ? 0x7ff8000000000000ull : 0;
            if (d == d && d != 0) memcpy(&x, &d, 8);
        }
        for (int k = 0; k < 8; k++) b[k] = (uint8_t)(x >> (8 * k));
        return xxhash64(b, 8, seed);
    }
    case TY_DECIMAL: {
        i128 d = fn_dec(v, i);
        if (v->type.precision <= 18) {
            for (int k = 0; k < 8; k++) b[k] = (uint8_t)((uint64_t)(int64_t)d >> (8 * k));
            return xxhash64(b, 8, seed);
        }
        int len = i128_bytes(d, b);
        return xxhash64(b, (size_t)len, seed);
    }
    case TY_STRING: case TY_BINARY: {
        Str s = fn_str(v, i);
        return xxhash64((const uint8_t *)s.ptr, s.len, seed);
    }
    default: return seed;
    }
}

static void xxhash64_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t h = 42;
        for (int j = 0; j < na; j++)
            if (!fn_null(&a[j], i)) h = xxhash_value(&a[j], i, h);
        FN_OUT(out, int64_t)[i] = (int64_t)h;
    }
}

static void hash_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t h = 42;
        for (int j = 0; j < na; j++)
            if (!fn_null(&a[j], i)) h = hash_value(&a[j], i, h);
        FN_OUT(out, int32_t)[i] = (int32_t)h;
    }
}

/* xorshift128+ per thread, seeded from the clock and the thread's stack address:
 * uuid() needs uniqueness, not cryptographic strength. */
static _Thread_local uint64_t rng_s[2];

uint64_t fn_random_u64(void) {
    if (!rng_s[0] && !rng_s[1]) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^
                     (uint64_t)(uintptr_t)&ts;
        for (int k = 0; k < 2; k++) {  // splitmix64
            x += 0x9e3779b97f4a7c15ull;
            uint64_t z = x;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            rng_s[k] = z ^ (z >> 31);
        }
        if (!rng_s[0] && !rng_s[1]) rng_s[0] = 1;
    }
    uint64_t s1 = rng_s[0];
    const uint64_t s0 = rng_s[1];
    rng_s[0] = s0;
    s1 ^= s1 << 23;
    rng_s[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return rng_s[1] + s0;
}

static void uuid_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)a, (void)na;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t hi = fn_random_u64(), lo = fn_random_u64();
        hi = (hi & ~0xf000ull) | 0x4000ull;                      // version 4
        lo = (lo & 0x3fffffffffffffffull) | 0x8000000000000000ull;  // IETF variant
        char b[40];
        snprintf(b, sizeof b, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32),
                 (unsigned)(hi >> 16 & 0xffff), (unsigned)(hi & 0xffff), (unsigned)(lo >> 48),
                 (unsigned long long)(lo & 0xffffffffffffull));
        fn_put_str(cx, out, i, b, 36);
    }
}

const FnImpl fn_hash_impls[] = {
    {"md5", md5_k, false},     {"sha1", sha1_k, false}, {"sha2", sha2_k, false},
    {"crc32", crc32_k, false}, {"hash", hash_k, true},  {"uuid", uuid_k, true},
    {"xxhash64", xxhash64_k, true},
    {0},
};
