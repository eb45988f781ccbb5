/* Codec wrappers over snappy, zlib, zstd and lz4 (see compress.h). Every
 * decompression is checked to produce exactly the size the page header claims. */
#include "compress.h"

#include <lz4.h>
#include <snappy-c.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

const char *codec_upper_name(int codec) {
    static const char *names[] = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO",
                                  "BROTLI",       "LZ4",    "ZSTD", "LZ4_RAW"};
    return codec >= 0 && codec < 8 ? names[codec] : "UNKNOWN";
}

size_t codec_max_output(int codec, const void *src, size_t n) {
    size_t len;
    switch (codec) {
    case 0: return n;
    case 1: return snappy_uncompressed_length(src, n, &len) == SNAPPY_OK ? len : 0;
    case 2: return n > SIZE_MAX / 1032 ? SIZE_MAX : n * 1032 + 1024; // deflate's best ratio
    case 7:
    case CODEC_LZ4_HADOOP: return n > SIZE_MAX / 256 ? SIZE_MAX : n * 256 + 1024; // LZ4's
    default: return SIZE_MAX;
    }
}

size_t codec_bound(int codec, size_t n) {
    switch (codec) {
    case 0: return n;
    case 1: return snappy_max_compressed_length(n);
    case 2: return compressBound((uLong)n) + 64; // gzip header and trailer
    case 6: return ZSTD_compressBound(n);
    case 7: return n > LZ4_MAX_INPUT_SIZE ? 0 : (size_t)LZ4_compressBound((int)n);
    default: return 0;
    }
}

static size_t gzip_compress(const void *src, size_t n, void *dst, size_t cap) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return 0;
    s.next_in = (Bytef *)src;
    s.avail_in = (uInt)n;
    s.next_out = dst;
    s.avail_out = (uInt)cap;
    int rc = deflate(&s, Z_FINISH);
    size_t out = s.total_out;
    deflateEnd(&s);
    return rc == Z_STREAM_END ? out : 0;
}

size_t codec_compress(int codec, const void *src, size_t n, void *dst, size_t cap) {
    switch (codec) {
    case 0:
        if (cap < n) return 0;
        if (n) memcpy(dst, src, n);
        return n;
    case 1: {
        size_t out = cap;
        return snappy_compress(src, n, dst, &out) == SNAPPY_OK ? out : 0;
    }
    case 2: return gzip_compress(src, n, dst, cap);
    case 6: {
        size_t out = ZSTD_compress(dst, cap, src, n, 3);
        return ZSTD_isError(out) ? 0 : out;
    }
    case 7: {
        int out = LZ4_compress_default(src, dst, (int)n, (int)cap);
        return out > 0 || n == 0 ? (size_t)out : 0;
    }
    default: return 0;
    }
}

/* zlib/gzip, accepting several concatenated gzip members. */
static int gzip_decompress(const void *src, size_t n, void *dst, size_t out_len) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, 15 + 32) != Z_OK) return -1;
    s.next_in = (Bytef *)src;
    s.avail_in = (uInt)n;
    s.next_out = dst;
    s.avail_out = (uInt)out_len;
    int ok = -1;
    for (;;) {
        int rc = inflate(&s, Z_FINISH);
        if (rc == Z_STREAM_END) {
            if (s.avail_in == 0 || s.avail_out == 0) {
                ok = s.avail_out == 0 ? 0 : -1;
                break;
            }
            if (inflateReset(&s) != Z_OK) break;
            continue;
        }
        if (rc == Z_BUF_ERROR && s.avail_out == 0) ok = -1; // more output than expected
        break;
    }
    inflateEnd(&s);
    return ok;
}

/* Deprecated LZ4: Hadoop frames of [u32 BE raw len][u32 BE compressed len][block]. */
static int lz4_hadoop(const uint8_t *src, size_t n, uint8_t *dst, size_t out_len) {
    size_t in = 0, out = 0;
    while (in < n) {
        if (n - in < 8) return -1;
        uint32_t raw = (uint32_t)src[in] << 24 | (uint32_t)src[in + 1] << 16 |
                       (uint32_t)src[in + 2] << 8 | src[in + 3];
        uint32_t comp = (uint32_t)src[in + 4] << 24 | (uint32_t)src[in + 5] << 16 |
                        (uint32_t)src[in + 6] << 8 | src[in + 7];
        in += 8;
        if (comp > n - in || raw > out_len - out) return -1;
        int got =
            LZ4_decompress_safe((const char *)src + in, (char *)dst + out, (int)comp, (int)raw);
        if (got < 0 || (uint32_t)got != raw) return -1;
        in += comp;
        out += raw;
    }
    return out == out_len ? 0 : -1;
}

int codec_decompress(int codec, const void *src, size_t n, void *dst, size_t out_len,
                     const char **err) {
    *err = "corrupt compressed page";
    if (n > INT32_MAX || out_len > INT32_MAX) {
        *err = "page too large";
        return -1;
    }
    switch (codec) {
    case 0:
        if (n != out_len) {
            *err = "page size mismatch";
            return -1;
        }
        if (n) memcpy(dst, src, n);
        return 0;
    case 1: {
        size_t len;
        if (snappy_uncompressed_length(src, n, &len) != SNAPPY_OK || len != out_len) return -1;
        size_t got = out_len;
        if (snappy_uncompress(src, n, dst, &got) != SNAPPY_OK || got != out_len) return -1;
        return 0;
    }
    case 2: return gzip_decompress(src, n, dst, out_len);
    case 6: {
        size_t got = ZSTD_decompress(dst, out_len, src, n);
        return ZSTD_isError(got) || got != out_len ? -1 : 0;
    }
    case 7: {
        int got = LZ4_decompress_safe(src, dst, (int)n, (int)out_len);
        return got < 0 || (size_t)got != out_len ? -1 : 0;
    }
    case CODEC_LZ4_HADOOP: {
        if (lz4_hadoop(src, n, dst, out_len) == 0) return 0;
        int got = LZ4_decompress_safe(src, dst, (int)n, (int)out_len);
        return got < 0 || (size_t)got != out_len ? -1 : 0;
    }
    default: *err = "unsupported codec"; return -1;
    }
}
