/* Column encoding for the writer: engine values to physical PLAIN bytes or
 * dictionary indices, the dictionary hash table with its fallback to PLAIN,
 * and data page assembly (v1: RLE def levels, values, compression, header). */
#include "compress.h"
#include "pq_internal.h"
#include "thrift.h"

#include <stdlib.h>
#include <string.h>

enum {
    DICT_MAX_BYTES = 1 << 20,   // fall back to PLAIN past ~1 MiB of dictionary
    DICT_MAX_ENTRIES = 1 << 16, // or this many distinct values
};

void pq_wtype(Type t, PqWType *o) {
    memset(o, 0, sizeof *o);
    o->converted = CT_NONE;
    o->logical = LT_NONE;
    switch (t.id) {
    case TY_BOOLEAN: o->phys = PT_BOOLEAN; break;
    case TY_TINYINT:
        o->phys = PT_INT32, o->converted = CT_INT_8, o->logical = LT_INTEGER, o->bits = 8;
        break;
    case TY_SMALLINT:
        o->phys = PT_INT32, o->converted = CT_INT_16, o->logical = LT_INTEGER, o->bits = 16;
        break;
    case TY_INT: o->phys = PT_INT32; break;
    case TY_BIGINT: o->phys = PT_INT64; break;
    case TY_FLOAT: o->phys = PT_FLOAT; break;
    case TY_DOUBLE: o->phys = PT_DOUBLE; break;
    case TY_STRING: o->phys = PT_BYTE_ARRAY, o->converted = CT_UTF8, o->logical = LT_STRING; break;
    case TY_BINARY: o->phys = PT_BYTE_ARRAY; break;
    case TY_DATE: o->phys = PT_INT32, o->converted = CT_DATE, o->logical = LT_DATE; break;
    case TY_TIMESTAMP:
        o->phys = PT_INT64, o->converted = CT_TIMESTAMP_MICROS, o->logical = LT_TIMESTAMP;
        break;
    case TY_DECIMAL: {
        static const uint8_t min_bytes[39] = {1,  1,  1,  2,  2,  3,  3,  4,  4,  4,  5,  5,  6,
                                              6,  6,  7,  7,  8,  8,  9,  9,  9,  10, 10, 11, 11,
                                              11, 12, 12, 13, 13, 13, 14, 14, 15, 15, 16, 16, 16};
        int p = t.precision > 38 ? 38 : t.precision;
        o->converted = CT_DECIMAL, o->logical = LT_DECIMAL;
        if (p <= 9)
            o->phys = PT_INT32;
        else if (p <= 18)
            o->phys = PT_INT64;
        else
            o->phys = PT_FLBA, o->type_length = min_bytes[p];
        break;
    }
    default: o->phys = PT_BYTE_ARRAY; break; // nested types never reach the writer
    }
}

void pq_wcol_init(PqWCol *c, Type t, bool nullable, int codec, uint32_t page_rows, bool no_dict) {
    memset(c, 0, sizeof *c);
    c->type = t;
    pq_wtype(t, &c->pt);
    c->nullable = nullable;
    c->codec = codec;
    c->page_rows_max = page_rows;
    c->width = c->pt.phys == PT_BYTE_ARRAY ? 0
               : c->pt.phys == PT_BOOLEAN  ? 1
                                           : pq_phys_width(c->pt.phys, c->pt.type_length);
    c->max_def = nullable ? 1 : 0;
    c->def = xmalloc(page_rows);
    c->idx = xmalloc((size_t)page_rows * sizeof *c->idx);
    c->lev_cap = c->idx_cap = page_rows;
    c->dict_state = (no_dict || t.id == TY_BOOLEAN) ? 2 : 0;
    c->first_page = true;
    c->chunk.dict_off = -1;
}

void pq_wcol_init_nested(PqWCol *c, Type t, int max_def, int codec, uint32_t page_rows,
                         bool no_dict) {
    pq_wcol_init(c, t, true, codec, page_rows, no_dict);
    c->max_def = max_def;
    c->max_rep = 1;
    c->nested = true;
    c->rep = xmalloc(page_rows);
}

void pq_wcol_reserve(PqWCol *c, uint32_t extra) {
    size_t need = (size_t)c->page_levels + extra;
    if (need > c->lev_cap) {
        size_t cap = (size_t)c->lev_cap * 2 > need ? (size_t)c->lev_cap * 2 : need;
        c->def = xrealloc(c->def, cap);
        if (c->rep) c->rep = xrealloc(c->rep, cap);
        c->lev_cap = (uint32_t)cap;
    }
    need = (size_t)c->page_vals + extra;
    if (need > c->idx_cap) {
        size_t cap = (size_t)c->idx_cap * 2 > need ? (size_t)c->idx_cap * 2 : need;
        c->idx = xrealloc(c->idx, cap * sizeof *c->idx);
        c->idx_cap = (uint32_t)cap;
    }
}

static inline uint64_t hash64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

static uint64_t hash_bytes(const void *p, size_t n) {
    const uint8_t *b = p;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ hash64(w)) * 0x100000001b3ull;
    }
    uint64_t w = 0;
    memcpy(&w, b + i, n - i);
    return hash64(h ^ w);
}

static void dict_rehash(PqWCol *c);

static inline uint64_t load_u64(const uint8_t *p, uint32_t n) {
    uint64_t w = 0;
    memcpy(&w, p, n);
    return w;
}

static inline uint64_t hash_value(const PqWCol *c, const uint8_t *p, uint32_t n) {
    return c->width && c->width <= 8 ? hash64(load_u64(p, n)) : hash_bytes(p, n);
}

/* Make room for extra more bytes in b without writing them. */
void pq_sb_reserve(StrBuf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    b->ptr = xrealloc(b->ptr, cap);
    b->cap = cap;
}

/* Physical fixed-width bytes of engine value i. */
static inline void to_phys(const PqWCol *c, const Vec *v, uint32_t i, uint8_t *out) {
    switch (c->type.id) {
    case TY_TINYINT: {
        int32_t x = ((const int8_t *)v->data)[i];
        memcpy(out, &x, 4);
        break;
    }
    case TY_SMALLINT: {
        int32_t x = ((const int16_t *)v->data)[i];
        memcpy(out, &x, 4);
        break;
    }
    case TY_INT:
    case TY_DATE:
    case TY_FLOAT: memcpy(out, (const char *)v->data + 4 * (size_t)i, 4); break;
    case TY_BIGINT:
    case TY_TIMESTAMP:
    case TY_DOUBLE: memcpy(out, (const char *)v->data + 8 * (size_t)i, 8); break;
    case TY_BOOLEAN: out[0] = ((const uint8_t *)v->data)[i] ? 1 : 0; break;
    case TY_DECIMAL: {
        i128 q = ((const i128 *)v->data)[i];
        if (c->pt.phys == PT_INT32) {
            int32_t x = (int32_t)q;
            memcpy(out, &x, 4);
        } else if (c->pt.phys == PT_INT64) {
            int64_t x = (int64_t)q;
            memcpy(out, &x, 8);
        } else
            for (int k = 0; k < c->width; k++)
                out[c->width - 1 - k] = (uint8_t)((unsigned __int128)q >> (8 * k));
        break;
    }
    default: break;
    }
}

/* Index of a value in the dictionary, adding it; UINT32_MAX when the dictionary is full. */
static uint32_t dict_find(PqWCol *c, const uint8_t *p, uint32_t n) {
    if (c->ndict * 2 >= c->nslots) dict_rehash(c);
    uint64_t h = hash_value(c, p, n);
    uint32_t mask = c->nslots - 1, s = (uint32_t)h & mask;
    for (;;) {
        uint32_t e = c->slots[s];
        if (!e) break;
        e--;
        if (c->width == 8) { // the common widths compare as integers, not memcmp calls
            if (load_u64((const uint8_t *)c->dict.ptr + (size_t)e * 8, 8) == load_u64(p, 8))
                return e;
        } else if (c->width == 4) {
            if (load_u64((const uint8_t *)c->dict.ptr + (size_t)e * 4, 4) == load_u64(p, 4))
                return e;
        } else if (c->width) {
            if (memcmp(c->dict.ptr + (size_t)e * (size_t)c->width, p, n) == 0) return e;
        } else {
            uint32_t len;
            memcpy(&len, c->dict.ptr + c->dict_off[e], 4);
            if (len == n && memcmp(c->dict.ptr + c->dict_off[e] + 4, p, n) == 0) return e;
        }
        s = (s + 1) & mask;
    }
    if (c->ndict >= DICT_MAX_ENTRIES || c->dict.len + n + 4 > DICT_MAX_BYTES) return UINT32_MAX;
    if (!c->width) {
        if ((c->ndict + 1) * sizeof *c->dict_off > c->dict_off_cap) {
            c->dict_off_cap = c->dict_off_cap ? c->dict_off_cap * 2 : 1024;
            c->dict_off = xrealloc(c->dict_off, c->dict_off_cap);
        }
        c->dict_off[c->ndict] = (uint32_t)c->dict.len;
        sb_put(&c->dict, (const char *)&n, 4);
    }
    sb_put(&c->dict, (const char *)p, n);
    c->slots[s] = ++c->ndict;
    return c->ndict - 1;
}

static void dict_rehash(PqWCol *c) {
    uint32_t ns = c->nslots ? c->nslots * 2 : 1024;
    free(c->slots);
    c->slots = xcalloc(ns, sizeof *c->slots);
    c->nslots = ns;
    uint32_t mask = ns - 1;
    for (uint32_t e = 0; e < c->ndict; e++) {
        const uint8_t *p;
        uint32_t n;
        if (c->width) {
            p = (const uint8_t *)c->dict.ptr + (size_t)e * (size_t)c->width;
            n = (uint32_t)c->width;
        } else {
            memcpy(&n, c->dict.ptr + c->dict_off[e], 4);
            p = (const uint8_t *)c->dict.ptr + c->dict_off[e] + 4;
        }
        uint64_t h = hash_value(c, p, n);
        uint32_t s = (uint32_t)h & mask;
        while (c->slots[s]) s = (s + 1) & mask;
        c->slots[s] = e + 1;
    }
}

/* The dictionary gave up mid-page: rewrite this page's indices as PLAIN values. */
static void indices_to_plain(PqWCol *c) {
    for (uint32_t k = 0; k < c->page_vals; k++) {
        uint32_t e = c->idx[k];
        if (c->width) {
            sb_put(&c->plain, c->dict.ptr + (size_t)e * (size_t)c->width, (size_t)c->width);
        } else {
            uint32_t len;
            memcpy(&len, c->dict.ptr + c->dict_off[e], 4);
            sb_put(&c->plain, c->dict.ptr + c->dict_off[e], 4 + (size_t)len);
        }
    }
}

/* PLAIN values of rows [k, end) into c->plain, with no per-value calls for the
 * common fixed-width types. */
static void append_plain_run(PqWCol *c, const Vec *v, const uint16_t *rows, uint32_t k,
                             uint32_t end) {
    uint32_t m = end - k;
    if (c->width == 0) {
        const Str *d = v->data;
        size_t total = 0;
        for (uint32_t j = k; j < end; j++) {
            uint32_t i = rows ? rows[j] : j;
            if (!vec_is_null(v, i)) total += 4 + (size_t)d[i].len;
        }
        pq_sb_reserve(&c->plain, total);
        char *o = c->plain.ptr + c->plain.len;
        for (uint32_t j = k; j < end; j++) {
            uint32_t i = rows ? rows[j] : j;
            if (vec_is_null(v, i)) continue;
            memcpy(o, &d[i].len, 4);
            if (d[i].len) memcpy(o + 4, d[i].ptr, d[i].len);
            o += 4 + d[i].len;
            c->page_vals++;
        }
        c->plain.len = (size_t)(o - c->plain.ptr);
        return;
    }
    pq_sb_reserve(&c->plain, (size_t)m * (size_t)c->width);
    uint8_t *o = (uint8_t *)c->plain.ptr + c->plain.len;
    uint8_t *o0 = o;
    bool direct = c->type.id == TY_INT || c->type.id == TY_DATE || c->type.id == TY_FLOAT ||
                  c->type.id == TY_BIGINT || c->type.id == TY_TIMESTAMP || c->type.id == TY_DOUBLE;
    if (direct && !rows && !v->valid) { // contiguous and no NULLs: one copy
        memcpy(o, (const char *)v->data + (size_t)k * (size_t)c->width,
               (size_t)m * (size_t)c->width);
        o += (size_t)m * (size_t)c->width;
    } else {
        for (uint32_t j = k; j < end; j++) {
            uint32_t i = rows ? rows[j] : j;
            if (vec_is_null(v, i)) continue;
            to_phys(c, v, i, o);
            o += c->width;
        }
    }
    c->page_vals += (uint32_t)((size_t)(o - o0) / (size_t)c->width);
    c->plain.len += (size_t)(o - o0);
}

static void append_vals(PqWCol *c, const Vec *v, const uint16_t *rows, uint32_t from,
                        uint32_t n) {
    uint32_t end = from + n, k = from;
    for (; k < end && c->dict_state == 0; k++) {
        uint32_t i = rows ? rows[k] : k;
        if (vec_is_null(v, i)) continue; // a non-nullable column with NULLs is refused earlier
        uint32_t e;
        if (c->width) {
            uint8_t tmp[16];
            to_phys(c, v, i, tmp);
            e = dict_find(c, tmp, (uint32_t)c->width);
        } else {
            const Str *s = &((const Str *)v->data)[i];
            e = dict_find(c, (const uint8_t *)s->ptr, s->len);
        }
        if (e != UINT32_MAX) {
            c->idx[c->page_vals++] = e;
            continue;
        }
        // dictionary full: this page becomes PLAIN, and so does the rest of the chunk
        indices_to_plain(c);
        c->dict_state = 1;
        break;
    }
    if (k < end) append_plain_run(c, v, rows, k, end);
}

void pq_wcol_append(PqWCol *c, const Vec *v, const uint16_t *rows, uint32_t from, uint32_t n) {
    pq_wstats_update(&c->page_stats, v, rows, from, n);
    if (c->nullable) {
        uint8_t *def = c->def + c->page_levels;
        if (!v->valid)
            memset(def, 1, n);
        else
            for (uint32_t k = 0; k < n; k++)
                def[k] = !vec_is_null(v, rows ? rows[from + k] : from + k);
    }
    append_vals(c, v, rows, from, n);
    c->page_rows += n;
    c->page_levels += n;
}

void pq_wcol_append_values(PqWCol *c, const Vec *v, uint32_t from, uint32_t n) {
    append_vals(c, v, NULL, from, n);
}

size_t pq_wcol_page_bytes(const PqWCol *c) {
    return (c->dict_state == 0 ? (size_t)c->page_vals * 4 : c->plain.len) +
           (c->nested ? c->page_levels / 2 : 0);
}

/* Compress body and append header + payload to out; returns -1 on codec failure. */
static int emit_page(PqWCol *c, StrBuf *out, int page_type, const StrBuf *body, uint32_t nvals,
                     int encoding) {
    size_t bound = codec_bound(c->codec, body->len);
    sb_reset(&c->comp);
    pq_sb_reserve(&c->comp, bound + 1);
    size_t clen =
        codec_compress(c->codec, body->ptr ? body->ptr : "", body->len, c->comp.ptr, bound);
    if (clen == 0 && body->len) return -1;
    ThriftWriter w;
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, page_type);
    thrift_w_i32(&w, 2, (int32_t)body->len);
    thrift_w_i32(&w, 3, (int32_t)clen);
    if (page_type == 0) {
        thrift_w_struct(&w, 5);
        thrift_w_i32(&w, 1, (int32_t)nvals);
        thrift_w_i32(&w, 2, encoding);
        thrift_w_i32(&w, 3, PE_RLE);
        thrift_w_i32(&w, 4, PE_RLE);
        thrift_w_end(&w);
    } else {
        thrift_w_struct(&w, 7);
        thrift_w_i32(&w, 1, (int32_t)nvals);
        thrift_w_i32(&w, 2, PE_PLAIN);
        thrift_w_end(&w);
    }
    thrift_w_end(&w);
    sb_put(out, w.buf.ptr, w.buf.len);
    sb_put(out, c->comp.ptr, clen);
    c->chunk.usize += (int64_t)(w.buf.len + body->len);
    c->chunk.csize += (int64_t)(w.buf.len + clen);
    thrift_writer_free(&w);
    return 0;
}

static int encode_page(PqWCol *c) {
    StrBuf *b = &c->scratch;
    sb_reset(b);
    for (int k = c->max_rep ? 0 : 1; k < 2; k++) { // v1 order: repetition, then definition
        int maxl = k ? c->max_def : c->max_rep;
        if (!maxl) continue;
        size_t at = b->len;
        sb_put(b, "\0\0\0\0", 4);
        pq_rle_encode8(b, k ? c->def : c->rep, c->page_levels, pq_bit_width((uint64_t)maxl));
        uint32_t len = (uint32_t)(b->len - at - 4);
        memcpy(b->ptr + at, &len, 4);
    }
    int enc = PE_PLAIN;
    if (c->dict_state == 0 && c->first_page && c->ndict > c->page_vals / 2 + 16) {
        // a dictionary that barely repeats does not pay: PLAIN for the whole chunk
        indices_to_plain(c);
        c->dict_state = 1;
    }
    if (c->dict_state == 0) {
        int w = pq_bit_width(c->ndict ? c->ndict - 1 : 0);
        if (w == 0) w = 1;
        sb_putc(b, (char)w);
        pq_rle_encode(b, c->idx, c->page_vals, w);
        enc = PE_RLE_DICTIONARY;
        c->dict_used = true;
    } else if (c->type.id == TY_BOOLEAN) {
        size_t at = b->len;
        for (uint32_t k = 0; k < (c->page_vals + 7) / 8; k++) sb_putc(b, 0);
        uint8_t *o = (uint8_t *)b->ptr + at;
        for (uint32_t k = 0; k < c->page_vals; k++)
            o[k >> 3] |= (uint8_t)((c->plain.ptr[k] & 1) << (k & 7));
    } else {
        sb_put(b, c->plain.ptr ? c->plain.ptr : "", c->plain.len);
    }
    c->chunk.encodings |= 1u << enc | 1u << PE_RLE;
    if (emit_page(c, &c->pages, 0, b, c->page_levels, enc) < 0) return -1;
    return 0;
}

void pq_wcol_flush_page(PqWCol *c) {
    if (c->page_rows == 0) return;
    if (encode_page(c) < 0) c->failed = true;
    c->chunk.num_values += c->page_levels;
    pq_wstats_merge(&c->chunk.stats, &c->page_stats, c->type.id);
    pq_wstats_reset(&c->page_stats);
    c->page_rows = c->page_vals = c->page_levels = 0;
    sb_reset(&c->plain);
    c->first_page = false;
}

int pq_wcol_finish_chunk(PqWCol *c, StrBuf *out, int64_t off, PqWChunk *dst) {
    pq_wcol_flush_page(c);
    int rc = c->failed ? -1 : 0;
    c->failed = false;
    size_t start = out->len;
    c->chunk.data_off = off;
    if (c->dict_used) {
        c->chunk.dict_off = off;
        if (emit_page(c, out, 2, &c->dict, c->ndict, PE_PLAIN) < 0) rc = -1;
        c->chunk.data_off = off + (int64_t)(out->len - start);
        c->chunk.encodings |= 1u << PE_PLAIN;
    }
    sb_put(out, c->pages.ptr ? c->pages.ptr : "", c->pages.len);
    *dst = c->chunk; // hands over the statistics buffers
    memset(&c->chunk, 0, sizeof c->chunk);
    c->chunk.dict_off = -1;
    sb_reset(&c->pages);
    sb_reset(&c->dict);
    c->ndict = 0;
    if (c->slots) memset(c->slots, 0, c->nslots * sizeof *c->slots);
    c->dict_used = false;
    c->first_page = true;
    if (c->dict_state == 1) c->dict_state = 0;
    return rc;
}

void pq_wcol_free(PqWCol *c) {
    free(c->def);
    free(c->rep);
    free(c->idx);
    free(c->slots);
    free(c->dict_off);
    sb_free(&c->plain);
    sb_free(&c->dict);
    sb_free(&c->pages);
    sb_free(&c->scratch);
    sb_free(&c->comp);
    pq_wstats_free(&c->chunk.stats);
    pq_wstats_free(&c->page_stats);
}
