/* Parquet leaf types to engine types (storage-format.md section 4): choosing
 * the engine type and conversion from LogicalType / ConvertedType, converting
 * decoded page values into vectors, and decoding statistics into Datums. */
#include "pq_internal.h"

#include <stdio.h>
#include <string.h>

static int reject(const PqSchemaElem *e, const char *what, char *err, size_t cap) {
    snprintf(err, cap, "column '%s' has unsupported type %s", e->name, what);
    return -1;
}

static int int_type(const PqSchemaElem *e, int bits, bool is_signed, Type *t, PqConv *cv, char *err,
                    size_t cap) {
    bool i64 = e->phys == PT_INT64;
    if (is_signed) {
        if (bits == 8)
            *t = TYPE(TY_TINYINT), *cv = CV_I32_I8;
        else if (bits == 16)
            *t = TYPE(TY_SMALLINT), *cv = CV_I32_I16;
        else if (bits == 32)
            *t = TYPE(TY_INT), *cv = CV_I32;
        else
            *t = TYPE(TY_BIGINT), *cv = CV_I64;
    } else {
        if (bits == 8)
            *t = TYPE(TY_SMALLINT), *cv = CV_U8;
        else if (bits == 16)
            *t = TYPE(TY_INT), *cv = CV_U16;
        else if (bits == 32)
            *t = TYPE(TY_BIGINT), *cv = CV_U32;
        else
            *t = TYPE(TY_BIGINT), *cv = CV_U64;
    }
    if (i64 != (*cv == CV_I64 || *cv == CV_U64)) return reject(e, "integer width", err, cap);
    return 0;
}

static int decimal_type(const PqSchemaElem *e, int p, int s, Type *t, PqConv *cv, char *err,
                        size_t cap) {
    if (p < 1 || p > 38 || s < 0 || s > p) return reject(e, "DECIMAL precision", err, cap);
    *t = type_decimal(p, s);
    switch (e->phys) {
    case PT_INT32: *cv = CV_DEC_I32; return 0;
    case PT_INT64: *cv = CV_DEC_I64; return 0;
    case PT_FLBA:
    case PT_BYTE_ARRAY:
        if (e->phys == PT_FLBA && (e->type_length < 1 || e->type_length > 16))
            return reject(e, "DECIMAL width", err, cap);
        *cv = CV_DEC_BYTES;
        return 0;
    default: return reject(e, "DECIMAL physical type", err, cap);
    }
}

static int ts_type(const PqSchemaElem *e, int unit, Type *t, PqConv *cv, char *err, size_t cap) {
    if (e->phys != PT_INT64) return reject(e, "TIMESTAMP physical type", err, cap);
    *t = TYPE(TY_TIMESTAMP);
    *cv = unit == PQ_UNIT_MILLIS ? CV_TS_MILLIS : unit == PQ_UNIT_NANOS ? CV_TS_NANOS : CV_I64;
    return 0;
}

int pq_leaf_type(const PqSchemaElem *e, Type *t, PqConv *cv, char *err, size_t cap) {
    int lt = e->logical, ct = e->converted;
    if (e->phys == PT_FLBA && e->type_length <= 0)
        return reject(e, "FIXED_LEN_BYTE_ARRAY(0)", err, cap);
    if (lt == LT_DECIMAL) return decimal_type(e, e->lt_precision, e->lt_scale, t, cv, err, cap);
    if (lt == LT_NONE && ct == CT_DECIMAL)
        return decimal_type(e, e->precision, e->scale, t, cv, err, cap);
    if (lt == LT_TIME || ct == CT_TIME_MILLIS || ct == CT_TIME_MICROS)
        return reject(e, "TIME", err, cap);
    if (lt == LT_FLOAT16) return reject(e, "FLOAT16", err, cap);
    if (ct == CT_INTERVAL) return reject(e, "INTERVAL", err, cap);
    if (lt > LT_FLOAT16 || lt == LT_MAP || lt == LT_LIST)
        return reject(e, "(logical type)", err, cap);
    if (e->phys == PT_INT32 || e->phys == PT_INT64) {
        if (lt == LT_INTEGER) return int_type(e, e->lt_bits, e->lt_signed, t, cv, err, cap);
        if (lt == LT_DATE || (lt == LT_NONE && ct == CT_DATE)) {
            if (e->phys != PT_INT32) return reject(e, "DATE on INT64", err, cap);
            *t = TYPE(TY_DATE), *cv = CV_I32;
            return 0;
        }
        if (lt == LT_TIMESTAMP) return ts_type(e, e->lt_unit, t, cv, err, cap);
        if (lt == LT_NONE && ct == CT_TIMESTAMP_MILLIS)
            return ts_type(e, PQ_UNIT_MILLIS, t, cv, err, cap);
        if (lt == LT_NONE && ct == CT_TIMESTAMP_MICROS)
            return ts_type(e, PQ_UNIT_MICROS, t, cv, err, cap);
        if (lt == LT_NONE && ct >= CT_UINT_8 && ct <= CT_INT_64) {
            static const int bits[] = {8, 16, 32, 64};
            int k = (ct - CT_UINT_8) % 4;
            return int_type(e, bits[k], ct >= CT_INT_8, t, cv, err, cap);
        }
        if (e->phys == PT_INT32)
            *t = TYPE(TY_INT), *cv = CV_I32;
        else
            *t = TYPE(TY_BIGINT), *cv = CV_I64;
        return 0;
    }
    switch (e->phys) {
    case PT_BOOLEAN: *t = TYPE(TY_BOOLEAN), *cv = CV_BOOL; return 0;
    case PT_FLOAT: *t = TYPE(TY_FLOAT), *cv = CV_F32; return 0;
    case PT_DOUBLE: *t = TYPE(TY_DOUBLE), *cv = CV_F64; return 0;
    case PT_INT96: *t = TYPE(TY_TIMESTAMP), *cv = CV_INT96; return 0;
    case PT_BYTE_ARRAY:
    case PT_FLBA: {
        bool str = lt == LT_STRING || lt == LT_ENUM || lt == LT_JSON ||
                   (lt == LT_NONE && (ct == CT_UTF8 || ct == CT_ENUM || ct == CT_JSON));
        *t = TYPE(str ? TY_STRING : TY_BINARY), *cv = CV_STR;
        return 0;
    }
    default: return reject(e, "(physical type)", err, cap);
    }
}

i128 pq_dec_from_be(const uint8_t *p, uint32_t len) {
    if (len == 0) return 0;
    uint64_t hi = (p[0] & 0x80) ? ~0ull : 0, lo = hi;
    for (uint32_t i = 0; i < len; i++) {
        hi = hi << 8 | lo >> 56;
        lo = lo << 8 | p[i];
    }
    return (i128)((unsigned __int128)hi << 64 | lo);
}

static inline int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static inline int64_t int96_micros(const uint8_t *p) {
    int64_t nanos;
    int32_t jd;
    memcpy(&nanos, p, 8);
    memcpy(&jd, p + 8, 4);
    return (int64_t)((uint64_t)((int64_t)jd - 2440588) * 86400000000ull +
                     (uint64_t)floor_div(nanos, 1000));
}

static int convert_strings(const PqValues *v, uint32_t from, uint32_t n, Str *d, Batch *b) {
    const Str *s = v->strs + from;
    if (v->str_contig && n) { // one copy of the whole span, length prefixes included
        const char *first = s[0].ptr;
        size_t span = (size_t)(s[n - 1].ptr + s[n - 1].len - first);
        char *heap = arena_try_alloc(&b->heap, span ? span : 1);
        if (!heap) return -1;
        memcpy(heap, first, span);
        for (uint32_t i = 0; i < n; i++) d[i] = (Str){s[i].len, heap + (s[i].ptr - first)};
        return 0;
    }
    size_t total = 0;
    for (uint32_t i = 0; i < n; i++) total += s[i].len;
    char *heap = arena_try_alloc(&b->heap, total ? total : 1);
    if (!heap) return -1;
    for (uint32_t i = 0; i < n; i++) {
        if (s[i].len) memcpy(heap, s[i].ptr, s[i].len);
        d[i] = (Str){s[i].len, heap};
        heap += s[i].len;
    }
    return 0;
}

int pq_convert(PqConv cv, const PqValues *v, uint32_t from, uint32_t n, void *dst, Batch *b) {
    const uint8_t *f = v->fixed;
    if (n == 0) return 0;
    switch (cv) {
    case CV_BOOL: memcpy(dst, f + from, n); return 0;
    case CV_I32:
    case CV_F32: memcpy(dst, f + 4 * (size_t)from, 4 * (size_t)n); return 0;
    case CV_I64:
    case CV_F64: memcpy(dst, f + 8 * (size_t)from, 8 * (size_t)n); return 0;
    case CV_I32_I8:
    case CV_I32_I16:
    case CV_U8:
    case CV_U16:
    case CV_U32:
    case CV_DEC_I32: {
        const uint8_t *p = f + 4 * (size_t)from;
        for (uint32_t i = 0; i < n; i++) {
            int32_t x;
            memcpy(&x, p + 4 * (size_t)i, 4);
            switch (cv) {
            case CV_I32_I8: ((int8_t *)dst)[i] = (int8_t)x; break;
            case CV_I32_I16: ((int16_t *)dst)[i] = (int16_t)x; break;
            case CV_U8: ((int16_t *)dst)[i] = (int16_t)(uint8_t)x; break;
            case CV_U16: ((int32_t *)dst)[i] = (int32_t)(uint16_t)x; break;
            case CV_U32: ((int64_t *)dst)[i] = (int64_t)(uint32_t)x; break;
            default: ((i128 *)dst)[i] = x; break;
            }
        }
        return 0;
    }
    case CV_U64:
    case CV_TS_MILLIS:
    case CV_TS_NANOS:
    case CV_DEC_I64: {
        const uint8_t *p = f + 8 * (size_t)from;
        for (uint32_t i = 0; i < n; i++) {
            int64_t x;
            memcpy(&x, p + 8 * (size_t)i, 8);
            if (cv == CV_U64 && x < 0) return -1;
            if (cv == CV_DEC_I64)
                ((i128 *)dst)[i] = x;
            else if (cv == CV_TS_MILLIS)
                ((int64_t *)dst)[i] = (int64_t)((uint64_t)x * 1000u);
            else if (cv == CV_TS_NANOS)
                ((int64_t *)dst)[i] = floor_div(x, 1000);
            else
                ((int64_t *)dst)[i] = x;
        }
        return 0;
    }
    case CV_INT96:
        for (uint32_t i = 0; i < n; i++)
            ((int64_t *)dst)[i] = int96_micros(f + 12 * ((size_t)from + i));
        return 0;
    case CV_DEC_BYTES:
        for (uint32_t i = 0; i < n; i++) {
            const Str *s = &v->strs[from + i];
            if (s->len > 16) return -1;
            ((i128 *)dst)[i] = pq_dec_from_be((const uint8_t *)s->ptr, s->len);
        }
        return 0;
    case CV_STR: return convert_strings(v, from, n, dst, b);
    }
    return -1;
}

bool pq_stat_datum(PqConv cv, Type t, const PqBytes *raw, Datum *out) {
    memset(out, 0, sizeof *out);
    out->type = t;
    if (!raw->set) return false;
    PqValues v = {.n = 1, .fixed = raw->p};
    Str s = {raw->len, (const char *)raw->p};
    if (cv == CV_STR || cv == CV_DEC_BYTES) v.strs = &s;
    size_t need = cv == CV_BOOL ? 1
                  : (cv == CV_I64 || cv == CV_U64 || cv == CV_F64 || cv == CV_TS_MILLIS ||
                     cv == CV_TS_NANOS || cv == CV_DEC_I64)
                      ? 8
                  : cv == CV_INT96 ? 12
                                   : 4;
    if (cv == CV_STR) {
        out->v.s = s;
        return true;
    }
    if (cv != CV_DEC_BYTES && raw->len < need) return false;
    union {
        int8_t i8;
        int16_t i16;
        int32_t i32;
        int64_t i64;
        float f;
        double d;
        i128 dec;
        uint8_t b;
    } u;
    memset(&u, 0, sizeof u);
    if (pq_convert(cv, &v, 0, 1, &u, NULL) < 0) return false;
    switch (t.id) {
    case TY_BOOLEAN: out->v.i = u.b; break;
    case TY_TINYINT: out->v.i = u.i8; break;
    case TY_SMALLINT: out->v.i = u.i16; break;
    case TY_INT:
    case TY_DATE: out->v.i = u.i32; break;
    case TY_BIGINT:
    case TY_TIMESTAMP: out->v.i = u.i64; break;
    case TY_FLOAT: out->v.d = u.f; break;
    case TY_DOUBLE: out->v.d = u.d; break;
    case TY_DECIMAL: out->v.dec = u.dec; break;
    default: return false;
    }
    return true;
}

int pq_datum_cmp(const Datum *a, const Datum *b) {
    switch (a->type.id) {
    case TY_FLOAT:
    case TY_DOUBLE: return a->v.d < b->v.d ? -1 : a->v.d > b->v.d;
    case TY_DECIMAL: return a->v.dec < b->v.dec ? -1 : a->v.dec > b->v.dec;
    case TY_STRING:
    case TY_BINARY: {
        uint32_t n = a->v.s.len < b->v.s.len ? a->v.s.len : b->v.s.len;
        int c = n ? memcmp(a->v.s.ptr, b->v.s.ptr, n) : 0;
        if (c) return c;
        return a->v.s.len < b->v.s.len ? -1 : a->v.s.len > b->v.s.len;
    }
    default: return a->v.i < b->v.i ? -1 : a->v.i > b->v.i;
    }
}
