/* Value decoding for one page (storage-format.md 5.4-5.10): PLAIN, RLE
 * booleans, dictionary indices, DELTA_*, BYTE_STREAM_SPLIT, producing the
 * cursor's PqValues in physical form. Every read is bounds-checked. */
#include "pq_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int pq_phys_width(int phys, int type_length) {
    switch (phys) {
    case PT_BOOLEAN: return 1;
    case PT_INT32:
    case PT_FLOAT: return 4;
    case PT_INT64:
    case PT_DOUBLE: return 8;
    case PT_INT96: return 12;
    case PT_FLBA: return type_length;
    default: return 0;
    }
}

void *pq_grow(void *buf, size_t *cap, size_t need) {
    if (need <= *cap && buf) return buf;
    size_t n = *cap ? *cap : 256;
    while (n < need) n *= 2;
    *cap = n;
    return xrealloc(buf, n);
}

int pq_fail(PqColCursor *c, const char *fmt, ...) {
    char msg[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->errbuf, sizeof c->errbuf, "column '%s': %s", c->path, msg);
    return -1;
}

static uint32_t rd32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static Str *str_slots(PqColCursor *c, uint32_t n) {
    c->strbuf = pq_grow(c->strbuf, &c->strcap, (size_t)(n ? n : 1) * sizeof(Str));
    c->strcap -= c->strcap % sizeof(Str);
    return c->strbuf;
}

static uint8_t *fix_slots(PqColCursor *c, size_t bytes) {
    c->fixbuf = pq_grow(c->fixbuf, &c->fixcap, bytes ? bytes : 1);
    return c->fixbuf;
}

/* BYTE_ARRAY values, PLAIN: u32 length + bytes each. */
static int plain_strings(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n, PqValues *v,
                         Str *slots) {
    size_t at = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (len - at < 4) return pq_fail(c, "PLAIN byte array truncated at value %d", (int)i);
        uint32_t l = rd32(p + at);
        at += 4;
        if (l > len - at)
            return pq_fail(c, "PLAIN byte array length past the end (value %d)", (int)i);
        slots[i] = (Str){l, (const char *)p + at};
        at += l;
    }
    v->strs = slots;
    v->n = n;
    v->str_contig = true;
    v->str_gap = 4;
    return 0;
}

int pq_decode_plain(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n, PqValues *v,
                    bool into_dict) {
    v->n = n;
    if (c->phys == PT_BYTE_ARRAY) {
        Str *slots;
        if (into_dict) {
            if ((size_t)n > len / 4) return pq_fail(c, "dictionary larger than its page");
            c->dictstrs = pq_grow(c->dictstrs, &c->dictstrcap, (size_t)(n ? n : 1) * sizeof(Str));
            slots = c->dictstrs;
        } else {
            if ((size_t)n > len / 4) return pq_fail(c, "page holds fewer values than %d", (int)n);
            slots = str_slots(c, n);
        }
        return plain_strings(c, p, len, n, v, slots);
    }
    if (c->phys == PT_BOOLEAN) {
        if ((size_t)n > len * 8) return pq_fail(c, "PLAIN booleans truncated (%d values)", (int)n);
        uint8_t *out = into_dict ? (c->dictfix = pq_grow(c->dictfix, &c->dictfixcap, n + 1u))
                                 : fix_slots(c, n);
        for (uint32_t i = 0; i < n; i++) out[i] = p[i >> 3] >> (i & 7) & 1;
        v->fixed = out;
        return 0;
    }
    int w = pq_phys_width(c->phys, c->type_length);
    if (w <= 0) return pq_fail(c, "bad physical type %d", c->phys);
    if ((size_t)n > len / (size_t)w) return pq_fail(c, "page holds fewer values than %d", (int)n);
    if (c->phys == PT_FLBA) {
        Str *slots = into_dict ? (c->dictstrs = pq_grow(c->dictstrs, &c->dictstrcap,
                                                        (size_t)(n ? n : 1) * sizeof(Str)))
                               : str_slots(c, n);
        for (uint32_t i = 0; i < n; i++)
            slots[i] = (Str){(uint32_t)w, (const char *)p + (size_t)i * (size_t)w};
        v->strs = slots;
    }
    v->fixed = p; // fixed-width values are used in place
    return 0;
}

static int decode_dict_indices(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n,
                               PqValues *v) {
    if (!c->have_dict) return pq_fail(c, "dictionary-encoded page without a dictionary");
    if (n == 0) {
        v->n = 0;
        return 0;
    }
    if (len < 1) return pq_fail(c, "dictionary page data is empty");
    int width = p[0];
    if (width > 32) return pq_fail(c, "dictionary index bit width %d", width);
    c->idxbuf = pq_grow(c->idxbuf, &c->idxcap, (size_t)n * 4);
    PqRle r;
    pq_rle_init(&r, p + 1, len - 1, width);
    if (pq_rle_get(&r, c->idxbuf, n) != n) return pq_fail(c, "dictionary indices truncated");
    uint32_t dn = c->dict.n;
    for (uint32_t i = 0; i < n; i++)
        if (c->idxbuf[i] >= dn)
            return pq_fail(c, "dictionary index %d out of range", (int)c->idxbuf[i]);
    v->n = n;
    const uint32_t *idx = c->idxbuf;
    if (c->phys == PT_BYTE_ARRAY || c->phys == PT_FLBA) {
        Str *out = str_slots(c, n);
        const Str *d = c->dict.strs;
        for (uint32_t i = 0; i < n; i++) out[i] = d[idx[i]];
        v->strs = out;
        if (c->phys == PT_BYTE_ARRAY) return 0;
    }
    int w = pq_phys_width(c->phys, c->type_length);
    uint8_t *out = fix_slots(c, (size_t)n * (size_t)w);
    const uint8_t *d = c->dict.fixed;
    if (w == 4) {
        for (uint32_t i = 0; i < n; i++) memcpy(out + 4 * (size_t)i, d + 4 * (size_t)idx[i], 4);
    } else if (w == 8) {
        for (uint32_t i = 0; i < n; i++) memcpy(out + 8 * (size_t)i, d + 8 * (size_t)idx[i], 8);
    } else {
        for (uint32_t i = 0; i < n; i++)
            memcpy(out + (size_t)w * i, d + (size_t)w * idx[i], (size_t)w);
    }
    v->fixed = out;
    if (c->phys == PT_FLBA)
        for (uint32_t i = 0; i < n; i++) v->strs[i].ptr = (const char *)out + (size_t)w * i;
    return 0;
}

static int decode_rle_bool(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n, PqValues *v) {
    if (len < 4) return pq_fail(c, "RLE boolean data truncated");
    uint32_t l = rd32(p);
    if (l > len - 4) return pq_fail(c, "RLE boolean length past the end");
    uint8_t *out = fix_slots(c, n);
    PqRle r;
    pq_rle_init(&r, p + 4, l, 1);
    if (pq_rle_get8(&r, out, n) != n) return pq_fail(c, "RLE booleans truncated");
    for (uint32_t i = 0; i < n; i++) out[i] &= 1;
    v->fixed = out;
    v->n = n;
    return 0;
}

static int decode_delta_ints(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n,
                             PqValues *v) {
    if (c->phys != PT_INT32 && c->phys != PT_INT64)
        return pq_fail(c, "DELTA_BINARY_PACKED on physical type %d", c->phys);
    c->i64buf = pq_grow(c->i64buf, &c->i64cap, (size_t)(n ? n : 1) * 8);
    uint32_t got;
    size_t used;
    if (pq_delta_decode(p, len, c->phys == PT_INT32, c->i64buf, n, &got, &used) < 0 || got != n)
        return pq_fail(c, "corrupt DELTA_BINARY_PACKED data (%d values expected)", (int)n);
    if (c->phys == PT_INT64) {
        v->fixed = (const uint8_t *)c->i64buf;
    } else {
        int32_t *out = (int32_t *)fix_slots(c, (size_t)n * 4);
        for (uint32_t i = 0; i < n; i++) out[i] = (int32_t)c->i64buf[i];
        v->fixed = (const uint8_t *)out;
    }
    v->n = n;
    return 0;
}

/* Decode a DELTA_BINARY_PACKED stream of n lengths into c->i64buf + off. */
static int delta_lengths(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n, size_t off,
                         size_t *used) {
    c->i64buf = pq_grow(c->i64buf, &c->i64cap, (off + n + 1) * 8);
    uint32_t got;
    if (pq_delta_decode(p, len, true, c->i64buf + off, n, &got, used) < 0 || got != n)
        return pq_fail(c, "corrupt delta lengths (%d values expected)", (int)n);
    for (uint32_t i = 0; i < n; i++)
        if (c->i64buf[off + i] < 0) return pq_fail(c, "negative length in value %d", (int)i);
    return 0;
}

static int decode_delta_length(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n,
                               PqValues *v) {
    if (c->phys != PT_BYTE_ARRAY) return pq_fail(c, "DELTA_LENGTH_BYTE_ARRAY on type %d", c->phys);
    size_t used;
    if (delta_lengths(c, p, len, n, 0, &used) < 0) return -1;
    Str *out = str_slots(c, n);
    size_t at = used;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t l = (uint64_t)c->i64buf[i];
        if (l > len - at) return pq_fail(c, "DELTA_LENGTH_BYTE_ARRAY data truncated at %d", (int)i);
        out[i] = (Str){(uint32_t)l, (const char *)p + at};
        at += l;
    }
    v->strs = out;
    v->n = n;
    v->str_contig = true;
    v->str_gap = 0;
    return 0;
}

static int decode_delta_byte_array(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n,
                                   PqValues *v) {
    if (c->phys != PT_BYTE_ARRAY && c->phys != PT_FLBA)
        return pq_fail(c, "DELTA_BYTE_ARRAY on type %d", c->phys);
    size_t u1, u2;
    if (delta_lengths(c, p, len, n, 0, &u1) < 0) return -1;
    if (delta_lengths(c, p + u1, len - u1, n, n, &u2) < 0) return -1;
    size_t at = u1 + u2;
    Str *out = str_slots(c, n);
    arena_reset(&c->scratch);
    Str prev = {0, ""};
    for (uint32_t i = 0; i < n; i++) {
        uint64_t pre = (uint64_t)c->i64buf[i], suf = (uint64_t)c->i64buf[n + i];
        if (pre > prev.len) return pq_fail(c, "DELTA_BYTE_ARRAY prefix too long at %d", (int)i);
        if (suf > len - at) return pq_fail(c, "DELTA_BYTE_ARRAY data truncated at %d", (int)i);
        if (pre + suf > UINT32_MAX) return pq_fail(c, "value %d too long", (int)i);
        char *s = arena_try_alloc(&c->scratch, pre + suf + 1);
        if (!s) return pq_fail(c, "out of memory");
        memcpy(s, prev.ptr, pre);
        memcpy(s + pre, p + at, suf);
        at += suf;
        out[i] = prev = (Str){(uint32_t)(pre + suf), s};
    }
    v->strs = out;
    v->n = n;
    if (c->phys == PT_FLBA) { // fixed-width view for decimals
        size_t w = (size_t)c->type_length;
        uint8_t *fx = fix_slots(c, (size_t)n * w);
        for (uint32_t i = 0; i < n; i++) {
            if (out[i].len != w)
                return pq_fail(c, "DELTA_BYTE_ARRAY value %d has wrong width", (int)i);
            memcpy(fx + w * i, out[i].ptr, w);
        }
        v->fixed = fx;
    }
    return 0;
}

static int decode_byte_stream_split(PqColCursor *c, const uint8_t *p, size_t len, uint32_t n,
                                    PqValues *v) {
    int w = pq_phys_width(c->phys, c->type_length);
    if (c->phys == PT_BOOLEAN || c->phys == PT_BYTE_ARRAY || c->phys == PT_INT96 || w <= 0)
        return pq_fail(c, "BYTE_STREAM_SPLIT on type %d", c->phys);
    if ((size_t)n > len / (size_t)w) return pq_fail(c, "BYTE_STREAM_SPLIT data truncated");
    size_t stride = len / (size_t)w; // values in the stream, >= n
    uint8_t *out = fix_slots(c, (size_t)n * (size_t)w);
    for (int j = 0; j < w; j++) {
        const uint8_t *plane = p + (size_t)j * stride;
        for (uint32_t i = 0; i < n; i++) out[(size_t)i * (size_t)w + (size_t)j] = plane[i];
    }
    v->fixed = out;
    v->n = n;
    if (c->phys == PT_FLBA) {
        Str *s = str_slots(c, n);
        for (uint32_t i = 0; i < n; i++)
            s[i] = (Str){(uint32_t)w, (const char *)out + (size_t)w * i};
        v->strs = s;
    }
    return 0;
}

int pq_decode_values(PqColCursor *c, int encoding, const uint8_t *p, size_t len, uint32_t n,
                     PqValues *v) {
    memset(v, 0, sizeof *v);
    switch (encoding) {
    case PE_PLAIN: return pq_decode_plain(c, p, len, n, v, false);
    case PE_PLAIN_DICTIONARY:
    case PE_RLE_DICTIONARY: return decode_dict_indices(c, p, len, n, v);
    case PE_RLE:
        if (c->phys != PT_BOOLEAN) return pq_fail(c, "RLE values on physical type %d", c->phys);
        return decode_rle_bool(c, p, len, n, v);
    case PE_DELTA_BINARY_PACKED: return decode_delta_ints(c, p, len, n, v);
    case PE_DELTA_LENGTH_BYTE_ARRAY: return decode_delta_length(c, p, len, n, v);
    case PE_DELTA_BYTE_ARRAY: return decode_delta_byte_array(c, p, len, n, v);
    case PE_BYTE_STREAM_SPLIT: return decode_byte_stream_split(c, p, len, n, v);
    default: return pq_fail(c, "unsupported encoding %d", encoding);
    }
}
