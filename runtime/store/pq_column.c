/* The column cursor: walks the pages of one column chunk (storage-format.md
 * 5.1-5.2), decompressing each, decoding its repetition / definition levels and
 * handing the values to pq_values.c. Works for any max level (checkpoints too). */
#include "compress.h"
#include "pq_internal.h"
#include "thrift.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PG_DATA = 0, PG_INDEX = 1, PG_DICT = 2, PG_DATA_V2 = 3 };
enum { MAX_PAGE_BYTES = 1 << 30, MAX_PAGE_VALUES = 1 << 24 };

typedef struct {
    int32_t type, usize, csize;
    int32_t num_values, encoding, def_enc, rep_enc; // v1 / dict / v2
    int32_t num_nulls, def_len, rep_len;            // v2
    bool is_compressed;
    bool has_sub;
} PageHeader;

static void read_sub(ThriftReader *r, PageHeader *h, int which) {
    int id, t;
    h->has_sub = true;
    thrift_struct_begin(r);
    while (thrift_field(r, &id, &t)) {
        if (id == 1)
            h->num_values = thrift_i32(r, t);
        else if (which == 8 && id == 2)
            h->num_nulls = thrift_i32(r, t);
        else if (which == 8 && id == 4)
            h->encoding = thrift_i32(r, t);
        else if (which == 8 && id == 5)
            h->def_len = thrift_i32(r, t);
        else if (which == 8 && id == 6)
            h->rep_len = thrift_i32(r, t);
        else if (which == 8 && id == 7)
            h->is_compressed = thrift_bool(r, t);
        else if (which != 8 && id == 2)
            h->encoding = thrift_i32(r, t);
        else if (which == 5 && id == 3)
            h->def_enc = thrift_i32(r, t);
        else if (which == 5 && id == 4)
            h->rep_enc = thrift_i32(r, t);
        else
            thrift_skip(r, t);
    }
}

static int read_header(PqColCursor *c, PageHeader *h, size_t *hlen) {
    memset(h, 0, sizeof *h);
    h->type = -1;
    h->is_compressed = true;
    h->def_enc = h->rep_enc = PE_RLE;
    ThriftReader r;
    const uint8_t *start = c->chunk + c->pos;
    thrift_reader_init(&r, start, c->chunk_len - c->pos);
    thrift_struct_begin(&r);
    int id, t;
    while (thrift_field(&r, &id, &t)) {
        if (id == 1)
            h->type = thrift_i32(&r, t);
        else if (id == 2)
            h->usize = thrift_i32(&r, t);
        else if (id == 3)
            h->csize = thrift_i32(&r, t);
        else if ((id == 5 || id == 7 || id == 8) && t == TT_STRUCT)
            read_sub(&r, h, id);
        else
            thrift_skip(&r, t);
    }
    if (r.err) return pq_fail(c, "bad page header (%d)", (int)c->pos), -1;
    *hlen = thrift_consumed(&r, start);
    if (h->csize < 0 || h->usize < 0 || h->usize > MAX_PAGE_BYTES)
        return pq_fail(c, "bad page sizes at chunk offset %d", (int)c->pos);
    if ((size_t)h->csize > c->chunk_len - c->pos - *hlen)
        return pq_fail(c, "page at chunk offset %d runs past the chunk", (int)c->pos);
    return 0;
}

/* Decompress src into the buffer *buf (grown to n bytes). */
static int inflate_into(PqColCursor *c, const uint8_t *src, size_t n, uint8_t **buf, size_t *cap,
                        size_t out_len) {
    if (out_len > codec_max_output(c->codec, src, n))
        return pq_fail(c, "page claims %zu bytes, more than its data can hold (%s)", out_len,
                       codec_upper_name(c->codec));
    *buf = pq_grow(*buf, cap, out_len + 8);
    const char *err;
    if (codec_decompress(c->codec, src, n, *buf, out_len, &err) < 0) {
        snprintf(c->errbuf, sizeof c->errbuf, "column '%s': %s (%s)", c->path, err,
                 codec_upper_name(c->codec));
        return -1;
    }
    return 0;
}

static int load_dict(PqColCursor *c, const PageHeader *h, const uint8_t *payload) {
    if (c->have_dict) return pq_fail(c, "second dictionary page in a chunk");
    if (h->num_values < 0) return pq_fail(c, "negative dictionary size %d", h->num_values);
    if (inflate_into(c, payload, (size_t)h->csize, &c->dictbuf, &c->dictcap, (size_t)h->usize) < 0)
        return -1;
    if (pq_decode_plain(c, c->dictbuf, (size_t)h->usize, (uint32_t)h->num_values, &c->dict, true) <
        0)
        return -1;
    c->have_dict = true;
    return 0;
}

/* Levels of a v1 page: returns bytes consumed from p, or -1. */
static long levels_v1(PqColCursor *c, const uint8_t *p, size_t len, int enc, int maxl, uint8_t *out,
                      uint32_t n) {
    int w = pq_bit_width((uint64_t)maxl);
    if (enc == PE_BIT_PACKED) {
        long used = pq_bitpacked_msb(p, len, w, out, n);
        if (used < 0) return pq_fail(c, "BIT_PACKED levels truncated");
        return used;
    }
    if (len < 4) return pq_fail(c, "level data truncated");
    uint32_t l;
    memcpy(&l, p, 4);
    if (l > len - 4) return pq_fail(c, "level length past the end of the page");
    PqRle r;
    pq_rle_init(&r, p + 4, l, w);
    if (pq_rle_get8(&r, out, n) != n) return pq_fail(c, "level data truncated");
    return (long)l + 4;
}

static int levels_v2(PqColCursor *c, const uint8_t *p, size_t len, int maxl, uint8_t *out,
                     uint32_t n) {
    PqRle r;
    pq_rle_init(&r, p, len, pq_bit_width((uint64_t)maxl));
    if (pq_rle_get8(&r, out, n) != n) return pq_fail(c, "level data truncated");
    return 0;
}

static uint32_t count_present(const PqColCursor *c) {
    if (c->max_def == 0) return c->page_n;
    uint32_t nn = 0;
    uint8_t m = (uint8_t)c->max_def;
    for (uint32_t i = 0; i < c->page_n; i++) nn += c->def[i] == m;
    return nn;
}

static int load_data(PqColCursor *c, const PageHeader *h, const uint8_t *payload) {
    if (!h->has_sub) return pq_fail(c, "data page without its header");
    if (h->num_values < 0 || h->num_values > MAX_PAGE_VALUES ||
        h->num_values > c->num_values - c->values_seen)
        return pq_fail(c, "bad page value count %d", h->num_values);
    uint32_t n = (uint32_t)h->num_values;
    c->page_n = n;
    c->page_pos = 0;
    c->val_pos = 0;
    c->levbuf = pq_grow(c->levbuf, &c->levcap, 2 * (size_t)n + 2);
    c->rep = c->max_rep ? c->levbuf : NULL;
    c->def = c->max_def ? c->levbuf + n : NULL;
    const uint8_t *vals;
    size_t vlen;
    if (h->type == PG_DATA) {
        if (inflate_into(c, payload, (size_t)h->csize, &c->pagebuf, &c->pagecap, (size_t)h->usize) <
            0)
            return -1;
        const uint8_t *p = c->pagebuf;
        size_t len = (size_t)h->usize;
        if (c->max_rep) {
            long u = levels_v1(c, p, len, h->rep_enc, c->max_rep, c->rep, n);
            if (u < 0) return -1;
            p += u, len -= (size_t)u;
        }
        if (c->max_def) {
            long u = levels_v1(c, p, len, h->def_enc, c->max_def, c->def, n);
            if (u < 0) return -1;
            p += u, len -= (size_t)u;
        }
        vals = p, vlen = len;
    } else {
        if (h->rep_len < 0 || h->def_len < 0 ||
            (int64_t)h->rep_len + h->def_len > (int64_t)h->csize ||
            (int64_t)h->rep_len + h->def_len > (int64_t)h->usize)
            return pq_fail(c, "bad v2 level lengths");
        if (c->max_rep && levels_v2(c, payload, (size_t)h->rep_len, c->max_rep, c->rep, n) < 0)
            return -1;
        if (c->max_def &&
            levels_v2(c, payload + h->rep_len, (size_t)h->def_len, c->max_def, c->def, n) < 0)
            return -1;
        size_t off = (size_t)h->rep_len + (size_t)h->def_len;
        size_t clen = (size_t)h->csize - off, ulen = (size_t)h->usize - off;
        if (h->is_compressed && c->codec != 0) {
            if (inflate_into(c, payload + off, clen, &c->pagebuf, &c->pagecap, ulen) < 0) return -1;
            vals = c->pagebuf, vlen = ulen;
        } else {
            vals = payload + off, vlen = clen;
        }
    }
    c->values_seen += n;
    return pq_decode_values(c, h->encoding, vals, vlen, count_present(c), &c->vals);
}

void pq_col_init(PqColCursor *c) {
    c->pos = 0;
    c->values_seen = 0;
    c->have_dict = false;
    c->page_n = c->page_pos = c->val_pos = 0;
    c->errbuf[0] = 0;
}

int pq_col_next_page(PqColCursor *c, const char **err) {
    *err = c->errbuf;
    while (c->values_seen < c->num_values && c->pos < c->chunk_len) {
        PageHeader h;
        size_t hlen;
        if (read_header(c, &h, &hlen) < 0) return -1;
        const uint8_t *payload = c->chunk + c->pos + hlen;
        c->pos += hlen + (size_t)h.csize;
        if (h.type == PG_DICT) {
            if (load_dict(c, &h, payload) < 0) return -1;
        } else if (h.type == PG_DATA || h.type == PG_DATA_V2) {
            if (load_data(c, &h, payload) < 0) return -1;
            return 1;
        } // index pages and unknown types are skipped
    }
    if (c->values_seen < c->num_values)
        return pq_fail(c, "chunk ends before its %d values", (int)c->num_values);
    return 0;
}

void pq_col_free(PqColCursor *c) {
    free(c->pagebuf);
    free(c->dictbuf);
    free(c->fixbuf);
    free(c->levbuf);
    free(c->dictfix);
    free(c->strbuf);
    free(c->dictstrs);
    free(c->idxbuf);
    free(c->i64buf);
    arena_free_all(&c->scratch);
    c->pagebuf = c->dictbuf = c->fixbuf = c->levbuf = c->dictfix = NULL;
    c->strbuf = c->dictstrs = NULL;
    c->idxbuf = NULL;
    c->i64buf = NULL;
    c->pagecap = c->dictcap = c->fixcap = c->levcap = c->dictfixcap = 0;
    c->strcap = c->dictstrcap = c->idxcap = c->i64cap = 0;
}
