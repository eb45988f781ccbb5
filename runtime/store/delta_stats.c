/* add.stats (storage-format.md 7.4): written from the Parquet writer's column
 * statistics, and read back to skip files a scan predicate excludes. A wrong
 * bound silently loses rows, so every doubtful bound is dropped or ignored. */
#include "delta.h"
#include "delta_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STR_STATS_CHARS = 32 };  // Spark's dataSkippingStringPrefixLength

/* ---- Calendar (proleptic Gregorian, days since 1970-01-01) ---- */

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int64_t floor_div(int64_t a, int64_t b) {
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static void put_date(StrBuf *b, int64_t days) {
    int64_t y; int m, d;
    civil_from_days(days, &y, &m, &d);
    sb_printf(b, "\"%04lld-%02d-%02d\"", (long long)y, m, d);
}

static void put_timestamp_ms(StrBuf *b, int64_t ms) {
    int64_t days = floor_div(ms, 86400000), rem = ms - days * 86400000;
    int64_t y; int m, d;
    civil_from_days(days, &y, &m, &d);
    sb_printf(b, "\"%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ\"", (long long)y, m, d,
              (int)(rem / 3600000), (int)(rem / 60000 % 60), (int)(rem / 1000 % 60),
              (int)(rem % 1000));
}

static void put_decimal(StrBuf *b, i128 v, int scale) {
    char digits[64];
    int n = 0;
    bool neg = v < 0;
    unsigned __int128 u = neg ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
    do { digits[n++] = (char)('0' + (int)(u % 10)); u /= 10; } while (u && n < 60);
    while (n <= scale) digits[n++] = '0';
    if (neg) sb_putc(b, '-');
    for (int i = n - 1; i >= 0; i--) {
        sb_putc(b, digits[i]);
        if (i == scale && scale > 0) sb_putc(b, '.');
    }
}

static size_t utf8_prefix(const char *s, size_t len, size_t chars, bool *truncated) {
    size_t i = 0, k = 0;
    while (i < len && k < chars) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
        k++;
    }
    *truncated = i < len;
    return i;
}

/* One bound as JSON; false when this bound must be left out. */
static bool put_bound(StrBuf *b, Type t, const Datum *v, bool is_max) {
    switch (t.id) {
    case TY_TINYINT: case TY_SMALLINT: case TY_INT: case TY_BIGINT:
        sb_printf(b, "%lld", (long long)v->v.i);
        return true;
    case TY_FLOAT: case TY_DOUBLE:
        if (!isfinite(v->v.d)) return false;
        sb_printf(b, t.id == TY_FLOAT ? "%.9g" : "%.17g", v->v.d);
        return true;
    case TY_DECIMAL: put_decimal(b, v->v.dec, t.scale); return true;
    case TY_DATE: put_date(b, v->v.i); return true;
    case TY_TIMESTAMP: {
        int64_t ms = floor_div(v->v.i, 1000);
        if (is_max && ms * 1000 != v->v.i) ms++;  // max ceiled, min floored, to the ms
        put_timestamp_ms(b, ms);
        return true;
    }
    case TY_STRING: {
        bool trunc;
        size_t n = utf8_prefix(v->v.s.ptr, v->v.s.len, STR_STATS_CHARS, &trunc);
        if (trunc && is_max) return false;
        sb_json_str(b, v->v.s.ptr, n);
        return true;
    }
    default: return false;  // boolean, binary, nested: Spark collects none
    }
}

static void put_bounds(StrBuf *out, const char *key, const Schema *s, const PqFileStats *st,
                       bool is_max) {
    sb_printf(out, ",\"%s\":{", key);
    bool first = true;
    for (uint32_t i = 0; i < s->ncols && i < st->ncols; i++) {
        if (!st->cols[i].has_minmax) continue;
        TypeId id = s->cols[i].type.id;
        if ((id == TY_FLOAT || id == TY_DOUBLE) &&
            (!isfinite(st->cols[i].min.v.d) || !isfinite(st->cols[i].max.v.d)))
            continue;  // a NaN or infinity anywhere: no bounds at all
        StrBuf one = {0};
        if (put_bound(&one, s->cols[i].type, is_max ? &st->cols[i].max : &st->cols[i].min,
                      is_max)) {
            if (!first) sb_putc(out, ',');
            first = false;
            sb_json_str(out, s->cols[i].name, strlen(s->cols[i].name));
            sb_putc(out, ':');
            sb_put(out, sb_cstr(&one), one.len);
        }
        sb_free(&one);
    }
    sb_putc(out, '}');
}

void delta_stats_json(const Schema *s, const PqFileStats *st, StrBuf *out) {
    sb_printf(out, "{\"numRecords\":%lld", (long long)st->num_rows);
    put_bounds(out, "minValues", s, st, false);
    put_bounds(out, "maxValues", s, st, true);
    sb_puts(out, ",\"nullCount\":{");
    for (uint32_t i = 0; i < s->ncols && i < st->ncols; i++) {
        if (i) sb_putc(out, ',');
        sb_json_str(out, s->cols[i].name, strlen(s->cols[i].name));
        sb_printf(out, ":%lld", (long long)st->cols[i].null_count);
    }
    sb_puts(out, "}}");
}

/* ---- Reading ---- */

int64_t delta_stats_num_records(const char *stats) {
    if (!stats) return -1;
    Arena a = {0};
    DjVal *v = djson_parse(&a, stats, strlen(stats), NULL);
    int64_t n = -1;
    if (!djson_int64(djson_get(v, "numRecords"), &n)) n = -1;
    arena_free_all(&a);
    return n;
}

static bool parse_digits(const char **p, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if ((*p)[i] < '0' || (*p)[i] > '9') return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static bool parse_date(const char **p, int64_t *days) {
    int y, m, d;
    if (!parse_digits(p, 4, &y) || **p != '-') return false;
    (*p)++;
    if (!parse_digits(p, 2, &m) || **p != '-') return false;
    (*p)++;
    if (!parse_digits(p, 2, &d) || m < 1 || m > 12 || d < 1 || d > 31) return false;
    *days = days_from_civil(y, m, d);
    return true;
}

/* "YYYY-MM-DD[T| ]HH:MM:SS[.f*][Z|+HH:MM|-HH:MM]" -> µs since the epoch (UTC). */
static bool parse_timestamp(const char *s, int64_t *us) {
    int64_t days;
    int h = 0, mi = 0, se = 0;
    if (!parse_date(&s, &days)) return false;
    if (*s == 'T' || *s == ' ') {
        s++;
        if (!parse_digits(&s, 2, &h) || *s++ != ':' || !parse_digits(&s, 2, &mi)) return false;
        if (*s == ':' && (s++, !parse_digits(&s, 2, &se))) return false;
    }
    int64_t frac = 0, scale = 100000;
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
            if (scale) frac += (*s - '0') * scale;
    }
    int64_t off = 0;
    if (*s == '+' || *s == '-') {
        int sign = *s++ == '-' ? -1 : 1, oh, om = 0;
        if (!parse_digits(&s, 2, &oh)) return false;
        if (*s == ':') s++;
        if (*s && !parse_digits(&s, 2, &om)) return false;
        off = sign * ((int64_t)oh * 3600 + om * 60);
    } else if (*s == 'Z') {
        s++;
    }
    if (*s) return false;
    *us = ((days * 86400 + h * 3600 + mi * 60 + se) - off) * 1000000 + frac;
    return true;
}

static bool parse_decimal(const char *s, int scale, i128 *out) {
    bool neg = *s == '-';
    if (neg || *s == '+') s++;
    i128 v = 0;
    int frac = -1, ndig = 0;
    for (; *s; s++) {
        if (*s == '.' && frac < 0) { frac = 0; continue; }
        if (*s < '0' || *s > '9') return false;
        if (frac >= 0 && frac >= scale) {
            if (*s != '0') return false;  // more precision than the column: no bound
            continue;
        }
        if (++ndig > 38) return false;
        v = v * 10 + (*s - '0');
        if (frac >= 0) frac++;
    }
    int pad = scale - (frac < 0 ? 0 : frac);
    if (ndig + pad > 38) return false;  // would overflow the 128-bit unscaled value
    for (int f = 0; f < pad; f++) v *= 10;
    *out = neg ? -v : v;
    return true;
}

/* A stats bound as a Datum of column type t; false when unusable. */
static bool bound_datum(const DjVal *j, Type t, bool is_max, Datum *out) {
    if (!j) return false;
    out->type = t;
    out->is_null = false;
    switch (t.id) {
    case TY_TINYINT: case TY_SMALLINT: case TY_INT: case TY_BIGINT:
        return djson_int64(j, &out->v.i);
    case TY_FLOAT: case TY_DOUBLE:
        if (!djson_double(j, &out->v.d) || !isfinite(out->v.d)) return false;
        return true;
    case TY_DECIMAL: return j->kind == DJ_NUM && parse_decimal(j->s, t.scale, &out->v.dec);
    case TY_DATE: {
        const char *s = djson_str(j);
        return s && parse_date(&s, &out->v.i) && *s == 0;
    }
    case TY_TIMESTAMP:
        if (!djson_str(j) || !parse_timestamp(j->s, &out->v.i)) return false;
        if (is_max) out->v.i += 999;  // Spark truncated the max to ms
        return true;
    case TY_STRING: {
        if (j->kind != DJ_STR) return false;
        bool trunc;
        utf8_prefix(j->s, j->len, STR_STATS_CHARS, &trunc);
        // A max of 32+ characters may be a truncated prefix: not an upper bound.
        if (is_max && (trunc || utf8_prefix(j->s, j->len, STR_STATS_CHARS - 1, &trunc) < j->len))
            return false;
        out->v.s = (Str){j->len, j->s};
        return true;
    }
    default: return false;
    }
}

/* Compare bound b (column type) with predicate value v: -1/0/1, or 2 when unknown. */
static int compare(const Datum *b, const Datum *v) {
    TypeId bt = b->type.id, vt = v->type.id;
    bool bint = type_is_integral(bt) || bt == TY_DATE || bt == TY_TIMESTAMP;
    bool vint = type_is_integral(vt) || vt == TY_DATE || vt == TY_TIMESTAMP;
    if (bint && vint && (bt == vt || (type_is_integral(bt) && type_is_integral(vt))))
        return (b->v.i > v->v.i) - (b->v.i < v->v.i);
    if ((bt == TY_FLOAT || bt == TY_DOUBLE || type_is_integral(bt)) &&
        (vt == TY_FLOAT || vt == TY_DOUBLE || type_is_integral(vt))) {
        double x = type_is_integral(bt) ? (double)b->v.i : b->v.d;
        double y = type_is_integral(vt) ? (double)v->v.i : v->v.d;
        if (isnan(x) || isnan(y)) return 2;
        return (x > y) - (x < y);
    }
    if (bt == TY_DECIMAL && vt == TY_DECIMAL && b->type.scale == v->type.scale)
        return (b->v.dec > v->v.dec) - (b->v.dec < v->v.dec);
    if (bt == TY_STRING && vt == TY_STRING) {
        uint32_t n = b->v.s.len < v->v.s.len ? b->v.s.len : v->v.s.len;
        int c = n ? memcmp(b->v.s.ptr, v->v.s.ptr, n) : 0;
        if (c) return c < 0 ? -1 : 1;
        return (b->v.s.len > v->v.s.len) - (b->v.s.len < v->v.s.len);
    }
    return 2;
}

static const DjVal *get_ci(const DjVal *obj, const char *name) {
    const DjVal *v = djson_get(obj, name);
    if (v || !obj || obj->kind != DJ_OBJ) return v;
    for (uint32_t i = 0; i < obj->n; i++)
        if (str_ieq(obj->keys[i], name)) return obj->items[i];
    return NULL;
}

/* False when the stats prove that no row satisfies p. */
static bool pred_may_match(const DjVal *st, const Schema *s, const PqPred *p) {
    if (p->col < 0 || (uint32_t)p->col >= s->ncols) return true;
    const Column *c = &s->cols[p->col];
    int64_t nrec = -1, nnull = -1;
    djson_int64(djson_get(st, "numRecords"), &nrec);
    if (!djson_int64(get_ci(djson_get(st, "nullCount"), c->name), &nnull)) nnull = -1;
    if (p->op == PQ_IS_NULL) return nnull != 0;
    bool all_null = nnull >= 0 && nrec >= 0 && nnull == nrec;
    if (p->op == PQ_NOT_NULL) return !all_null;
    if (all_null) return false;  // comparisons are never true on NULL
    if (p->value.is_null) return false;
    Datum lo, hi;
    bool has_lo = bound_datum(get_ci(djson_get(st, "minValues"), c->name), c->type, false, &lo);
    bool has_hi = bound_datum(get_ci(djson_get(st, "maxValues"), c->name), c->type, true, &hi);
    int clo = has_lo ? compare(&lo, &p->value) : 2;
    int chi = has_hi ? compare(&hi, &p->value) : 2;
    switch (p->op) {
    case PQ_EQ: return !((clo != 2 && clo > 0) || (chi != 2 && chi < 0));
    case PQ_LT: return !(clo != 2 && clo >= 0);
    case PQ_LE: return !(clo != 2 && clo > 0);
    case PQ_GT: return !(chi != 2 && chi <= 0);
    case PQ_GE: return !(chi != 2 && chi < 0);
    default: return true;
    }
}

bool delta_stats_may_match(const char *stats, const Schema *s, const PqPred *preds,
                           uint32_t npred) {
    if (!stats || npred == 0) return true;
    Arena a = {0};
    DjVal *st = djson_parse(&a, stats, strlen(stats), NULL);
    bool ok = true;
    for (uint32_t i = 0; st && st->kind == DJ_OBJ && ok && i < npred; i++)
        ok = pred_may_match(st, s, &preds[i]);
    arena_free_all(&a);
    return ok;
}

bool delta_partition_datum(const char *s, Type t, Datum *out) {
    memset(out, 0, sizeof *out);
    out->type = t;
    if (!s || !*s) {
        out->is_null = true;
        return true;
    }
    char *end = NULL;
    switch (t.id) {
    case TY_BOOLEAN:
        if (str_ieq(s, "true")) out->v.i = 1;
        else if (str_ieq(s, "false")) out->v.i = 0;
        else return false;
        return true;
    case TY_TINYINT: case TY_SMALLINT: case TY_INT: case TY_BIGINT: {
        Arena a = {0};
        DjVal *j = djson_parse(&a, s, strlen(s), NULL);
        bool ok = djson_int64(j, &out->v.i);
        arena_free_all(&a);
        return ok;
    }
    case TY_FLOAT: case TY_DOUBLE:
        out->v.d = strtod(s, &end);
        return end && *end == 0;
    case TY_DECIMAL: return parse_decimal(s, t.scale, &out->v.dec);
    case TY_DATE: return parse_date(&s, &out->v.i) && *s == 0;
    case TY_TIMESTAMP: return parse_timestamp(s, &out->v.i);
    case TY_STRING: case TY_BINARY:
        out->v.s = (Str){(uint32_t)strlen(s), s};
        return true;
    default: return false;
    }
}
