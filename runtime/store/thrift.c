/* Thrift compact protocol decoder and encoder (see thrift.h). Every read is
 * bounds-checked; nesting is capped so fuzzed footers cannot blow the stack. */
#include "thrift.h"

#include <string.h>

static void fail(ThriftReader *r, const char *msg) {
    if (!r->err) r->err = msg;
    r->p = r->end;
}

void thrift_reader_init(ThriftReader *r, const void *buf, size_t len) {
    memset(r, 0, sizeof *r);
    r->p = buf;
    r->end = r->p + len;
}

uint64_t thrift_uvarint(ThriftReader *r) {
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (r->p >= r->end) {
            fail(r, "truncated varint");
            return 0;
        }
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    fail(r, "varint too long");
    return 0;
}

static int64_t zigzag(ThriftReader *r) {
    uint64_t z = thrift_uvarint(r);
    return (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
}

void thrift_struct_begin(ThriftReader *r) {
    if (r->depth >= THRIFT_MAX_DEPTH) {
        fail(r, "nesting too deep");
        return;
    }
    r->last_id[r->depth++] = 0;
}

bool thrift_field(ThriftReader *r, int *id, int *type) {
    if (r->err || r->depth == 0) return false;
    if (r->p >= r->end) {
        fail(r, "truncated struct");
        return false;
    }
    uint8_t b = *r->p++;
    int t = b & 0x0f, delta = b >> 4;
    if (t == TT_STOP) {
        r->depth--;
        return false;
    }
    int16_t fid;
    if (delta)
        fid = (int16_t)(r->last_id[r->depth - 1] + delta);
    else
        fid = (int16_t)zigzag(r);
    if (r->err) return false;
    if (t > TT_UUID) {
        fail(r, "bad field type");
        return false;
    }
    r->last_id[r->depth - 1] = fid;
    *id = fid;
    *type = t;
    return true;
}

int64_t thrift_i64(ThriftReader *r, int type) {
    switch (type) {
    case TT_I8:
        if (r->p >= r->end) {
            fail(r, "truncated i8");
            return 0;
        }
        return (int8_t)*r->p++;
    case TT_I16:
    case TT_I32:
    case TT_I64: return zigzag(r);
    default:
        thrift_skip(r, type);
        fail(r, "field has the wrong type");
        return 0;
    }
}

int32_t thrift_i32(ThriftReader *r, int type) {
    int64_t v = thrift_i64(r, type);
    if (v < INT32_MIN || v > INT32_MAX) {
        fail(r, "i32 out of range");
        return 0;
    }
    return (int32_t)v;
}

bool thrift_bool(ThriftReader *r, int type) {
    if (type == TT_TRUE) return true;
    if (type == TT_FALSE) return false;
    thrift_skip(r, type);
    fail(r, "field is not a bool");
    return false;
}

double thrift_double(ThriftReader *r) {
    if (r->end - r->p < 8) {
        fail(r, "truncated double");
        return 0;
    }
    double d;
    memcpy(&d, r->p, 8); // little-endian hosts only, as everywhere in the store
    r->p += 8;
    return d;
}

const uint8_t *thrift_binary(ThriftReader *r, uint32_t *len) {
    uint64_t n = thrift_uvarint(r);
    if (r->err || n > (uint64_t)(r->end - r->p)) {
        fail(r, "binary length past the end");
        *len = 0;
        return (const uint8_t *)"";
    }
    const uint8_t *p = r->p;
    r->p += n;
    *len = (uint32_t)n;
    return p;
}

uint32_t thrift_list(ThriftReader *r, int *elem_type) {
    if (r->p >= r->end) {
        fail(r, "truncated list");
        *elem_type = 0;
        return 0;
    }
    uint8_t b = *r->p++;
    uint64_t n = b >> 4;
    *elem_type = b & 0x0f;
    if (n == 15) n = thrift_uvarint(r);
    // every element takes at least one byte, except bools written as field types
    if (r->err || n > (uint64_t)(r->end - r->p)) {
        fail(r, "list size past the end");
        return 0;
    }
    return (uint32_t)n;
}

void thrift_skip(ThriftReader *r, int type) {
    if (r->err) return;
    switch (type) {
    case TT_TRUE:
    case TT_FALSE: return;
    case TT_I8:
        if (r->p >= r->end)
            fail(r, "truncated i8");
        else
            r->p++;
        return;
    case TT_I16:
    case TT_I32:
    case TT_I64: thrift_uvarint(r); return;
    case TT_DOUBLE: thrift_double(r); return;
    case TT_BINARY: {
        uint32_t n;
        thrift_binary(r, &n);
        return;
    }
    case TT_UUID:
        if (r->end - r->p < 16)
            fail(r, "truncated uuid");
        else
            r->p += 16;
        return;
    case TT_LIST:
    case TT_SET: {
        int et;
        uint32_t n = thrift_list(r, &et);
        if (r->depth >= THRIFT_MAX_DEPTH) {
            fail(r, "nesting too deep");
            return;
        }
        r->depth++; // lists count toward the nesting cap too
        for (uint32_t i = 0; i < n && !r->err; i++) {
            if (et == TT_TRUE || et == TT_FALSE)
                thrift_skip(r, TT_I8);
            else
                thrift_skip(r, et);
        }
        r->depth--;
        return;
    }
    case TT_MAP: {
        uint64_t n = thrift_uvarint(r);
        if (n == 0 || r->err) return;
        if (n > (uint64_t)(r->end - r->p) || r->p >= r->end) {
            fail(r, "map size past the end");
            return;
        }
        uint8_t kv = *r->p++;
        int kt = kv >> 4, vt = kv & 0x0f;
        if (r->depth >= THRIFT_MAX_DEPTH) {
            fail(r, "nesting too deep");
            return;
        }
        r->depth++;
        for (uint64_t i = 0; i < n && !r->err; i++) {
            thrift_skip(r, kt == TT_TRUE || kt == TT_FALSE ? TT_I8 : kt);
            thrift_skip(r, vt == TT_TRUE || vt == TT_FALSE ? TT_I8 : vt);
        }
        r->depth--;
        return;
    }
    case TT_STRUCT: {
        thrift_struct_begin(r);
        int id, t;
        while (thrift_field(r, &id, &t)) thrift_skip(r, t);
        return;
    }
    default: fail(r, "bad type code");
    }
}

void thrift_skip_struct_rest(ThriftReader *r) {
    int id, t;
    while (thrift_field(r, &id, &t)) thrift_skip(r, t);
}

size_t thrift_consumed(const ThriftReader *r, const void *start) {
    return (size_t)(r->p - (const uint8_t *)start);
}

/* ---- encoder ---- */

void thrift_writer_init(ThriftWriter *w) {
    memset(w, 0, sizeof *w);
    w->depth = 1; // the top-level struct is implicit
}

void thrift_writer_free(ThriftWriter *w) {
    sb_free(&w->buf);
}

void thrift_w_varint(ThriftWriter *w, uint64_t v) {
    char tmp[10];
    int n = 0;
    while (v >= 0x80) {
        tmp[n++] = (char)(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = (char)v;
    sb_put(&w->buf, tmp, (size_t)n);
}

void thrift_w_zigzag(ThriftWriter *w, int64_t v) {
    thrift_w_varint(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void thrift_w_field(ThriftWriter *w, int id, int type) {
    int16_t *last = &w->last_id[w->depth - 1];
    int delta = id - *last;
    if (delta > 0 && delta <= 15) {
        sb_putc(&w->buf, (char)(delta << 4 | type));
    } else {
        sb_putc(&w->buf, (char)type);
        thrift_w_zigzag(w, id);
    }
    *last = (int16_t)id;
}

void thrift_w_i32(ThriftWriter *w, int id, int32_t v) {
    thrift_w_field(w, id, TT_I32);
    thrift_w_zigzag(w, v);
}

void thrift_w_i64(ThriftWriter *w, int id, int64_t v) {
    thrift_w_field(w, id, TT_I64);
    thrift_w_zigzag(w, v);
}

void thrift_w_i8(ThriftWriter *w, int id, int8_t v) {
    thrift_w_field(w, id, TT_I8);
    sb_putc(&w->buf, (char)v);
}

void thrift_w_bool(ThriftWriter *w, int id, bool v) {
    thrift_w_field(w, id, v ? TT_TRUE : TT_FALSE);
}

void thrift_w_bytes(ThriftWriter *w, const void *p, size_t n) {
    thrift_w_varint(w, n);
    sb_put(&w->buf, p, n);
}

void thrift_w_binary(ThriftWriter *w, int id, const void *p, size_t n) {
    thrift_w_field(w, id, TT_BINARY);
    thrift_w_bytes(w, p, n);
}

static void enter(ThriftWriter *w) {
    if (w->depth < THRIFT_MAX_DEPTH) w->last_id[w->depth++] = 0;
}

void thrift_w_struct(ThriftWriter *w, int id) {
    thrift_w_field(w, id, TT_STRUCT);
    enter(w);
}

void thrift_w_list(ThriftWriter *w, int id, int elem_type, uint32_t n) {
    thrift_w_field(w, id, TT_LIST);
    if (n < 15) {
        sb_putc(&w->buf, (char)(n << 4 | (uint32_t)elem_type));
    } else {
        sb_putc(&w->buf, (char)(0xf0 | elem_type));
        thrift_w_varint(w, n);
    }
}

void thrift_w_list_struct(ThriftWriter *w) {
    enter(w);
}

void thrift_w_end(ThriftWriter *w) {
    sb_putc(&w->buf, 0);
    if (w->depth > 1) w->depth--;
}
