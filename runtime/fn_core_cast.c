/* CAST and TRY_CAST kernels and the value helpers behind them (expr_eval.h):
 * Spark's string parsing (trimmed input, invalid -> NULL unless ANSI), integral
 * overflow wraps (non-ANSI), decimal rounding HALF_UP, and Spark's string forms of
 * doubles (Java Double.toString), decimals, dates and timestamps (UTC). */
#include "expr_eval.h"
#include "fn.h"
#include "interval.h"
#include "nested.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static i128 pow10_tab[39];
static pthread_once_t pow10_once = PTHREAD_ONCE_INIT;

static void pow10_init(void) {
    pow10_tab[0] = 1;
    for (int i = 1; i < 39; i++) pow10_tab[i] = pow10_tab[i - 1] * 10;
}

/* Datasets of a stage run on several threads: the table is built once, safely. */
i128 dec_pow10(int k) {
    pthread_once(&pow10_once, pow10_init);
    return k < 0 ? 1 : k > 38 ? pow10_tab[38] : pow10_tab[k];
}

/* ---- calendar (proleptic Gregorian, as Spark 3) ---- */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool leap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool valid_ymd(int64_t y, int m, int d) {
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    return d <= mdays[m - 1] + (m == 2 && leap(y));
}

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void format_date(int32_t days, StrBuf *b) {
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y > 9999)
        sb_printf(b, "+%lld-%02u-%02u", (long long)y, m, d);
    else if (y < 0)
        sb_printf(b, "-%04lld-%02u-%02u", (long long)-y, m, d);
    else
        sb_printf(b, "%04lld-%02u-%02u", (long long)y, m, d);
}

void format_timestamp(int64_t us, StrBuf *b) {
    int64_t days = floor_div(us, 86400000000LL);
    int64_t rem = us % 86400000000LL;
    if (rem < 0) rem += 86400000000LL;
    format_date((int32_t)days, b);
    int64_t secs = rem / 1000000, frac = rem % 1000000;
    sb_printf(b, " %02d:%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    if (frac) {
        char f[8];
        snprintf(f, sizeof f, "%06lld", (long long)frac);
        int n = 6;
        while (n > 0 && f[n - 1] == '0') n--;
        sb_putc(b, '.');
        sb_put(b, f, (size_t)n);
    }
}

/* Java's Double.toString / Float.toString: the shortest digits that round-trip,
 * plain notation for 1e-3 <= |d| < 1e7, otherwise d.dddE[-]n. */
void format_double(double d, bool is_float, StrBuf *b) {
    if (isnan(d)) {
        sb_puts(b, "NaN");
        return;
    }
    if (isinf(d)) {
        sb_puts(b, d > 0 ? "Infinity" : "-Infinity");
        return;
    }
    if (d == 0) {
        sb_puts(b, signbit(d) ? "-0.0" : "0.0");
        return;
    }
    char buf[40];
    /* The fewest significant digits that read back as d: if p digits do, p + 1 do too
     * (closer to d), so a binary search over 1..17 finds it in about 5 tries. */
    int lo = 1, hi = is_float ? 9 : 17;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        snprintf(buf, sizeof buf, "%.*e", mid - 1, d);
        if (is_float ? (float)strtod(buf, NULL) == (float)d : strtod(buf, NULL) == d)
            hi = mid;
        else
            lo = mid + 1;
    }
    snprintf(buf, sizeof buf, "%.*e", lo - 1, d);
    // buf = [-]D.DDDDe[+-]XX
    const char *p = buf;
    bool neg = *p == '-';
    if (neg) p++;
    char digits[24];
    int nd = 0;
    for (; *p && *p != 'e'; p++)
        if (isdigit((unsigned char)*p)) digits[nd++] = *p;
    int exp = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    if (neg) sb_putc(b, '-');
    double ad = fabs(d);
    if (ad >= 1e-3 && ad < 1e7) {
        if (exp >= 0) {
            for (int i = 0; i <= exp; i++) sb_putc(b, i < nd ? digits[i] : '0');
            sb_putc(b, '.');
            if (nd > exp + 1)
                sb_put(b, digits + exp + 1, (size_t)(nd - exp - 1));
            else
                sb_putc(b, '0');
        } else {
            sb_puts(b, "0.");
            for (int i = 0; i < -exp - 1; i++) sb_putc(b, '0');
            sb_put(b, digits, (size_t)nd);
        }
    } else {
        sb_putc(b, digits[0]);
        sb_putc(b, '.');
        if (nd > 1)
            sb_put(b, digits + 1, (size_t)(nd - 1));
        else
            sb_putc(b, '0');
        sb_printf(b, "E%d", exp);
    }
}

void format_decimal(i128 v, int scale, StrBuf *b) {
    char tmp[48];
    int n = 0;
    bool neg = v < 0;
    unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;
    do {
        tmp[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    while (n <= scale) tmp[n++] = '0';
    if (neg) sb_putc(b, '-');
    for (int i = n - 1; i >= 0; i--) {
        sb_putc(b, tmp[i]);
        if (i == scale && scale > 0) sb_putc(b, '.');
    }
}

#define AT(v, T, i) (((const T *)(v)->data)[(v)->is_const ? 0 : (i)])

/* Spark's day-time interval string: INTERVAL '[-]d hh:mm:ss[.ffffff]' DAY TO SECOND. */
static void format_interval(int64_t us, StrBuf *b) {
    bool neg = us < 0;
    uint64_t u = neg ? 0 - (uint64_t)us : (uint64_t)us;
    uint64_t days = u / 86400000000ull, rem = u % 86400000000ull;
    uint64_t secs = rem / 1000000, frac = rem % 1000000;
    sb_printf(b, "INTERVAL '%s%llu %02llu:%02llu:%02llu", neg ? "-" : "", (unsigned long long)days,
              (unsigned long long)(secs / 3600), (unsigned long long)(secs / 60 % 60),
              (unsigned long long)(secs % 60));
    if (frac) {
        char f[8];
        snprintf(f, sizeof f, "%06llu", (unsigned long long)frac);
        int n = 6;
        while (n > 0 && f[n - 1] == '0') n--;
        sb_putc(b, '.');
        sb_put(b, f, (size_t)n);
    }
    sb_puts(b, "' DAY TO SECOND");
}

void value_format(const Vec *v, uint32_t i, StrBuf *b) {
    if (vec_is_null(v, v->is_const ? 0 : i)) return;
    switch (v->type.id) {
    case TY_BOOLEAN: sb_puts(b, AT(v, uint8_t, i) ? "true" : "false"); break;
    case TY_TINYINT: sb_printf(b, "%d", AT(v, int8_t, i)); break;
    case TY_SMALLINT: sb_printf(b, "%d", AT(v, int16_t, i)); break;
    case TY_INT: sb_printf(b, "%d", AT(v, int32_t, i)); break;
    case TY_BIGINT: sb_printf(b, "%lld", (long long)AT(v, int64_t, i)); break;
    case TY_FLOAT: format_double(AT(v, float, i), true, b); break;
    case TY_DOUBLE: format_double(AT(v, double, i), false, b); break;
    case TY_DECIMAL: format_decimal(AT(v, i128, i), v->type.scale, b); break;
    case TY_STRING:
    case TY_BINARY: {
        Str s = AT(v, Str, i);
        sb_put(b, s.ptr, s.len);
        break;
    }
    case TY_DATE: format_date(AT(v, int32_t, i), b); break;
    case TY_TIMESTAMP: format_timestamp(AT(v, int64_t, i), b); break;
    case TY_INTERVAL: format_interval(AT(v, int64_t, i), b); break;
    case TY_ARRAY:
    case TY_MAP: nested_format(v, i, b); break;
    default: sb_puts(b, "?"); break;
    }
}

Datum vec_get_datum(const Vec *v, uint32_t i) {
    Datum d = {.type = v->type};
    uint32_t r = v->is_const ? 0 : i;
    if (vec_is_null(v, r)) {
        d.is_null = true;
        return d;
    }
    switch (v->type.id) {
    case TY_BOOLEAN: d.v.i = ((const uint8_t *)v->data)[r]; break;
    case TY_TINYINT: d.v.i = ((const int8_t *)v->data)[r]; break;
    case TY_SMALLINT: d.v.i = ((const int16_t *)v->data)[r]; break;
    case TY_INT:
    case TY_DATE: d.v.i = ((const int32_t *)v->data)[r]; break;
    case TY_BIGINT:
    case TY_TIMESTAMP:
    case TY_INTERVAL: d.v.i = ((const int64_t *)v->data)[r]; break;
    case TY_FLOAT: d.v.d = ((const float *)v->data)[r]; break;
    case TY_DOUBLE: d.v.d = ((const double *)v->data)[r]; break;
    case TY_DECIMAL: d.v.dec = ((const i128 *)v->data)[r]; break;
    case TY_STRING:
    case TY_BINARY: d.v.s = ((const Str *)v->data)[r]; break;
    default: d.is_null = true; break;
    }
    return d;
}

void vec_put_datum(Vec *v, uint32_t i, const Datum *d) {
    if (d->is_null) {
        vec_set_null(v, i);
        return;
    }
    vec_set_valid(v, i);
    switch (v->type.id) {
    case TY_BOOLEAN: ((uint8_t *)v->data)[i] = (uint8_t)(d->v.i != 0); break;
    case TY_TINYINT: ((int8_t *)v->data)[i] = (int8_t)d->v.i; break;
    case TY_SMALLINT: ((int16_t *)v->data)[i] = (int16_t)d->v.i; break;
    case TY_INT:
    case TY_DATE: ((int32_t *)v->data)[i] = (int32_t)d->v.i; break;
    case TY_BIGINT:
    case TY_TIMESTAMP:
    case TY_INTERVAL: ((int64_t *)v->data)[i] = d->v.i; break;
    case TY_FLOAT: ((float *)v->data)[i] = (float)d->v.d; break;
    case TY_DOUBLE: ((double *)v->data)[i] = d->v.d; break;
    case TY_DECIMAL: ((i128 *)v->data)[i] = d->v.dec; break;
    case TY_STRING:
    case TY_BINARY: ((Str *)v->data)[i] = d->v.s; break;
    default: vec_set_null(v, i); break;
    }
}

/* ---- parsing strings (Spark's UTF8String.toLong / Cast rules) ---- */

static void trim(const char **s, size_t *n) {
    while (*n && (unsigned char)**s <= ' ') (*s)++, (*n)--;
    while (*n && (unsigned char)(*s)[*n - 1] <= ' ') (*n)--;
}

/* Integral: [+-]digits[.digits]; the fraction is dropped, overflow fails. */
static bool parse_long(const char *s, size_t n, int64_t *out) {
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == n) return false;
    unsigned __int128 v = 0;
    size_t start = i;
    while (i < n && isdigit((unsigned char)s[i])) {
        v = v * 10 + (unsigned)(s[i++] - '0');
        if (v > (unsigned __int128)INT64_MAX + 1) return false;
    }
    if (i < n && s[i] == '.') {
        size_t j = ++i;
        while (i < n && isdigit((unsigned char)s[i])) i++;
        if (i == start + 1 && j == i) return false; // "." alone
    } else if (i == start)
        return false;
    if (i != n) return false;
    if (!neg && v > INT64_MAX) return false;
    *out = neg ? (int64_t)(0 - (uint64_t)v) : (int64_t)v;
    return true;
}

static bool parse_double(const char *s, size_t n, double *out) {
    char buf[128];
    if (n == 0 || n >= sizeof buf) return false;
    memcpy(buf, s, n);
    buf[n] = 0;
    const char *p = buf;
    bool neg = false;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    if (!strcasecmp(p, "nan")) {
        *out = NAN;
        return true;
    }
    if (!strcasecmp(p, "inf") || !strcasecmp(p, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    for (const char *q = p; *q; q++) // no hex floats, no "nan(...)"
        if (!isdigit((unsigned char)*q) && !strchr(".eE+-dDfF", *q)) return false;
    if (n > 1 && strchr("dDfF", buf[n - 1])) buf[n - 1] = 0;
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end) return false;
    *out = v;
    return true;
}

/* Decimal: [+-]digits[.digits][e[+-]n], rounded HALF_UP to the scale; fails on overflow. */
static bool parse_decimal(const char *s, size_t n, int prec, int scale, i128 *out) {
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    char digs[80];
    int nd = 0, point = -1, ndig_seen = 0;
    for (; i < n; i++) {
        if (isdigit((unsigned char)s[i])) {
            ndig_seen++;
            if (nd == 0 && s[i] == '0' && point < 0) continue; // leading zeros
            if (nd < 78)
                digs[nd++] = s[i];
            else if (point < 0)
                return false;
        } else if (s[i] == '.' && point < 0) {
            point = nd;
        } else
            break;
    }
    if (!ndig_seen) return false;
    if (point < 0) point = nd;
    long exp = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        int64_t e;
        if (!parse_long(s + i + 1, n - i - 1, &e) || memchr(s + i + 1, '.', n - i - 1) ||
            e > 1000 || e < -1000)
            return false;
        exp = (long)e;
        i = n;
    }
    if (i != n) return false;
    // value = 0.digs * 10^(point+exp); we need round(value * 10^scale)
    long int_digits = point + exp;  // digits before the decimal point
    long keep = int_digits + scale; // digits of digs that make the unscaled value
    i128 v = 0;
    i128 lim = dec_pow10(prec);
    for (long k = 0; k < keep; k++) {
        int dg = k < nd ? digs[k] - '0' : 0;
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, dg, &v) || v >= lim)
            return false;
    }
    if (keep >= 0 && keep < nd && digs[keep] >= '5') v++;
    if (keep < 0) v = 0;
    if (v >= lim) return false;
    *out = neg ? -v : v;
    return true;
}

static int digits2(const char *s, size_t n, size_t *i, int maxd, int *out) {
    int v = 0, k = 0;
    while (*i < n && k < maxd && isdigit((unsigned char)s[*i])) v = v * 10 + (s[(*i)++] - '0'), k++;
    *out = v;
    return k;
}

/* Spark's stringToDate: yyyy[-[m]m[-[d]d]] then optionally ' ' or 'T' and anything. */
static bool parse_date_prefix(const char *s, size_t n, size_t *pos, int32_t *out) {
    size_t i = 0;
    int y = 0, m = 1, d = 1;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    int k = digits2(s, n, &i, 7, &y);
    if (k < 4) return false;
    if (i < n && s[i] == '-') {
        i++;
        if (!digits2(s, n, &i, 2, &m)) return false;
        if (i < n && s[i] == '-') {
            i++;
            if (!digits2(s, n, &i, 2, &d)) return false;
        }
    }
    if (neg) y = -y;
    if (y > 294247 || y < -290308 || !valid_ymd(y, m, d)) return false; // Spark's range
    *pos = i;
    *out = (int32_t)days_from_civil(y, (unsigned)m, (unsigned)d);
    return true;
}

static bool parse_date(const char *s, size_t n, int32_t *out) {
    size_t i;
    if (!parse_date_prefix(s, n, &i, out)) return false;
    return i == n || s[i] == ' ' || s[i] == 'T';
}

static bool parse_zone(const char *s, size_t n, int64_t *off_us) {
    *off_us = 0;
    if (n == 0) return true;
    if ((n == 1 && (s[0] == 'Z' || s[0] == 'z')) || (n == 3 && !strncasecmp(s, "UTC", 3)) ||
        (n == 3 && !strncasecmp(s, "GMT", 3)))
        return true;
    size_t i = 0;
    if (n >= 3 && (!strncasecmp(s, "UTC", 3) || !strncasecmp(s, "GMT", 3))) i = 3;
    if (i >= n || (s[i] != '+' && s[i] != '-')) return false;
    bool neg = s[i++] == '-';
    int hh = 0, mm = 0;
    if (!digits2(s, n, &i, 2, &hh)) return false;
    if (i < n && s[i] == ':') i++;
    digits2(s, n, &i, 2, &mm);
    if (i != n || hh > 18 || mm > 59) return false;
    *off_us = ((int64_t)hh * 3600 + mm * 60) * 1000000 * (neg ? -1 : 1);
    return true;
}

static bool parse_timestamp(const char *s, size_t n, int64_t *out) {
    size_t i;
    int32_t days;
    if (!parse_date_prefix(s, n, &i, &days)) return false;
    int64_t us = (int64_t)days * 86400000000LL, off = 0;
    if (i < n && (s[i] == ' ' || s[i] == 'T')) {
        i++;
        int hh = 0, mi = 0, ss = 0;
        if (!digits2(s, n, &i, 2, &hh)) {
            if (i != n) return false;
        } else {
            if (i < n && s[i] == ':') {
                i++;
                if (!digits2(s, n, &i, 2, &mi)) return false;
                if (i < n && s[i] == ':') {
                    i++;
                    if (!digits2(s, n, &i, 2, &ss)) return false;
                    if (i < n && s[i] == '.') {
                        i++;
                        int64_t frac = 0;
                        int nd = 0;
                        while (i < n && isdigit((unsigned char)s[i])) {
                            if (nd < 6) frac = frac * 10 + (s[i] - '0'), nd++;
                            i++;
                        }
                        while (nd < 6) frac *= 10, nd++;
                        us += frac;
                    }
                }
            }
            if (hh > 23 || mi > 59 || ss > 59) return false;
            us += ((int64_t)hh * 3600 + mi * 60 + ss) * 1000000;
            while (i < n && s[i] == ' ') i++;
            if (!parse_zone(s + i, n - i, &off)) return false;
        }
    } else if (i != n)
        return false;
    *out = us - off;
    return true;
}

/* Day-time interval strings -> microseconds. Months and years are calendar units that
 * do not fit a fixed number of microseconds: refused. */
static bool parse_interval(const char *s, size_t n, int64_t *out) {
    int64_t months;
    return interval_parse(s, n, &months, out) && months == 0;
}

static bool parse_bool(const char *s, size_t n, bool *out) {
    static const char *const t[] = {"t", "true", "y", "yes", "1"};
    static const char *const f[] = {"f", "false", "n", "no", "0"};
    for (int k = 0; k < 5; k++) {
        if (strlen(t[k]) == n && !strncasecmp(s, t[k], n)) {
            *out = true;
            return true;
        }
        if (strlen(f[k]) == n && !strncasecmp(s, f[k], n)) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool hex_decode(const char *s, size_t n, Arena *a, Str *out) {
    if (n % 2) return false;
    char *p = arena_alloc(a, n / 2 + 1);
    for (size_t i = 0; i < n; i += 2) {
        int hi =
            isdigit((unsigned char)s[i]) ? s[i] - '0' : (tolower((unsigned char)s[i]) - 'a' + 10);
        int lo = isdigit((unsigned char)s[i + 1]) ? s[i + 1] - '0'
                                                  : (tolower((unsigned char)s[i + 1]) - 'a' + 10);
        if (!isxdigit((unsigned char)s[i]) || !isxdigit((unsigned char)s[i + 1])) return false;
        p[i / 2] = (char)(hi << 4 | lo);
    }
    *out = (Str){(uint32_t)(n / 2), p};
    return true;
}

static const char *type_upper(Type t, char *buf, int cap) {
    const char *nm = type_sql_name(t, buf, cap);
    if (nm != buf) snprintf(buf, (size_t)cap, "%s", nm);
    for (char *p = buf; *p; p++) *p = (char)toupper((unsigned char)*p);
    return buf;
}

static int cast_invalid(const char *s, size_t n, Type t, bool ansi, char **err) {
    if (!ansi) return 1;
    char tb[64], msg[512];
    snprintf(msg, sizeof msg,
             "[CAST_INVALID_INPUT] The value '%.*s' of the type \"STRING\" cannot be cast to "
             "\"%s\" because it is malformed.",
             (int)(n > 200 ? 200 : n), s, type_upper(t, tb, sizeof tb));
    *err = xstrdup(msg);
    return -1;
}

int value_parse(const char *s, size_t n, Type t, Arena *a, Datum *out, bool ansi, char **err) {
    const char *s0 = s;
    size_t n0 = n;
    out->type = t;
    out->is_null = false;
    if (t.id == TY_STRING) {
        out->v.s = (Str){(uint32_t)n, arena_strndup(a, s, n)};
        return 0;
    }
    if (t.id == TY_BINARY) { // plan literals for binary are hex
        return hex_decode(s, n, a, &out->v.s) ? 0 : cast_invalid(s, n, t, ansi, err);
    }
    trim(&s, &n);
    int64_t l = 0;
    double d = 0;
    bool ok = false, b = false;
    switch (t.id) {
    case TY_NULL: out->is_null = true; return 0;
    case TY_BOOLEAN:
        ok = parse_bool(s, n, &b);
        out->v.i = b;
        break;
    case TY_TINYINT:
        ok = parse_long(s, n, &l) && l >= INT8_MIN && l <= INT8_MAX;
        out->v.i = l;
        break;
    case TY_SMALLINT:
        ok = parse_long(s, n, &l) && l >= INT16_MIN && l <= INT16_MAX;
        out->v.i = l;
        break;
    case TY_INT:
        ok = parse_long(s, n, &l) && l >= INT32_MIN && l <= INT32_MAX;
        out->v.i = l;
        break;
    case TY_BIGINT:
        ok = parse_long(s, n, &l);
        out->v.i = l;
        break;
    case TY_FLOAT:
    case TY_DOUBLE:
        ok = parse_double(s, n, &d);
        out->v.d = t.id == TY_FLOAT ? (float)d : d;
        break;
    case TY_DECIMAL: ok = parse_decimal(s, n, t.precision, t.scale, &out->v.dec); break;
    case TY_DATE: {
        int32_t dd = 0;
        ok = parse_date(s, n, &dd);
        out->v.i = dd;
        break;
    }
    case TY_TIMESTAMP: ok = parse_timestamp(s, n, &out->v.i); break;
    case TY_INTERVAL: ok = parse_long(s, n, &out->v.i) || parse_interval(s, n, &out->v.i); break;
    default: ok = false; break;
    }
    if (ok) return 0;
    out->is_null = true;
    return cast_invalid(s0, n0, t, ansi, err);
}

/* ---- the cast kernel ---- */

static void set_err(FnCtx *cx, const char *msg) {
    if (!cx->err) cx->err = xstrdup(msg);
}

static void overflow_err(FnCtx *cx, const char *val, Type from, Type to) {
    char a[64], b[64], msg[400];
    snprintf(msg, sizeof msg,
             "[CAST_OVERFLOW] The value %s of the type \"%s\" cannot be cast to \"%s\" due to "
             "an overflow.",
             val, type_upper(from, a, sizeof a), type_upper(to, b, sizeof b));
    set_err(cx, msg);
}

/* Integral result of a cast: wraps non-ANSI, errors (or NULL for try_cast) otherwise. */
static bool fits(TypeId t, int64_t v) {
    switch (t) {
    case TY_TINYINT: return v >= INT8_MIN && v <= INT8_MAX;
    case TY_SMALLINT: return v >= INT16_MIN && v <= INT16_MAX;
    case TY_INT: return v >= INT32_MIN && v <= INT32_MAX;
    default: return true;
    }
}

static void store_int(Vec *out, uint32_t i, int64_t v) {
    switch (out->type.id) {
    case TY_TINYINT: ((int8_t *)out->data)[i] = (int8_t)(uint8_t)(uint64_t)v; break;
    case TY_SMALLINT: ((int16_t *)out->data)[i] = (int16_t)(uint16_t)(uint64_t)v; break;
    case TY_INT:
    case TY_DATE: ((int32_t *)out->data)[i] = (int32_t)(uint32_t)(uint64_t)v; break;
    case TY_BOOLEAN: ((uint8_t *)out->data)[i] = v != 0; break;
    default: ((int64_t *)out->data)[i] = v; break;
    }
}

static double dec_to_double(i128 v, int scale) {
    StrBuf b = {0};
    format_decimal(v, scale, &b);
    double d = strtod(sb_cstr(&b), NULL);
    sb_free(&b);
    return d;
}

static double dec_double(i128 v, int scale) {
    if (v > -((i128)1 << 53) && v < ((i128)1 << 53) && scale <= 22) {
        static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        return (double)(int64_t)v / p10[scale];
    }
    return dec_to_double(v, scale);
}

/* Rescale an unscaled decimal from scale `from` to `to`, HALF_UP; false on overflow of p. */
bool dec_rescale(i128 v, int from, int to, int prec, i128 *out) {
    if (to > from) {
        i128 m = dec_pow10(to - from), r;
        if (to - from > 38 || __builtin_mul_overflow(v, m, &r)) return false;
        v = r;
    } else if (to < from) {
        int k = from - to;
        if (k > 38)
            v = 0;
        else {
            i128 q = v / dec_pow10(k - 1);
            i128 last = q % 10;
            q /= 10;
            if (last >= 5)
                q++;
            else if (last <= -5)
                q--;
            v = q;
        }
    }
    i128 lim = dec_pow10(prec);
    if (v >= lim || v <= -lim) return false;
    *out = v;
    return true;
}

static int64_t double_to_long(double d) { // Java's (long) d: saturating, NaN -> 0
    if (isnan(d)) return 0;
    if (d >= 9223372036854775807.0) return INT64_MAX;
    if (d <= -9223372036854775808.0) return INT64_MIN;
    return (int64_t)d;
}

static int64_t double_to_int(double d) { // Java's (int) d
    if (isnan(d)) return 0;
    if (d >= 2147483647.0) return INT32_MAX;
    if (d <= -2147483648.0) return INT32_MIN;
    return (int64_t)d;
}

typedef struct {
    FnCtx *cx;
    bool try_;
    Type from, to;
} CastCx;

/* A failed row: NULL, or an error under ANSI (not for try_cast). */
static void cast_fail_overflow(CastCx *c, Vec *out, uint32_t i, const Vec *in) {
    vec_set_null(out, i);
    if (c->cx->ansi && !c->try_) {
        StrBuf b = {0};
        value_format(in, i, &b);
        if (in->type.id == TY_BIGINT)
            sb_putc(&b, 'L');
        else if (in->type.id == TY_SMALLINT)
            sb_puts(&b, "S");
        else if (in->type.id == TY_TINYINT)
            sb_puts(&b, "Y");
        else if (in->type.id == TY_DECIMAL)
            sb_puts(&b, "BD");
        overflow_err(c->cx, sb_cstr(&b), c->from, c->to);
        sb_free(&b);
    }
}

static void cast_from_string(CastCx *c, const Vec *in, uint32_t n, Vec *out) {
    for (uint32_t i = 0; i < n; i++) {
        if (vec_is_null(in, in->is_const ? 0 : i)) continue;
        Str s = AT(in, Str, i);
        Datum d;
        char *e = NULL;
        int rc;
        if (c->to.id == TY_BINARY) {
            d.v.s = s;
            rc = 0;
        } else {
            rc = value_parse(s.ptr, s.len, c->to, c->cx->heap, &d, c->cx->ansi && !c->try_, &e);
        }
        if (rc == 0) {
            d.is_null = false;
            vec_put_datum(out, i, &d);
        } else {
            vec_set_null(out, i);
            if (rc < 0) {
                if (!c->cx->err)
                    c->cx->err = e;
                else
                    free(e);
            }
        }
    }
}

static void cast_to_string(CastCx *c, const Vec *in, uint32_t n, Vec *out) {
    StrBuf b = {0};
    Str *o = out->data;
    for (uint32_t i = 0; i < n; i++) {
        if (vec_is_null(in, in->is_const ? 0 : i)) continue;
        b.len = 0;
        if (in->type.id == TY_BINARY && c->to.id == TY_STRING) {
            o[i] = AT(in, Str, i);
            continue;
        }
        value_format(in, i, &b);
        char *p = arena_alloc(c->cx->heap, b.len + 1);
        if (b.len) memcpy(p, b.ptr, b.len);
        o[i] = (Str){(uint32_t)b.len, p};
    }
    sb_free(&b);
}

/* Numeric / boolean / date / timestamp source read as one of three forms. */
typedef struct {
    int kind; // 0 int, 1 double, 2 decimal
    int64_t i;
    double d;
    i128 dec;
} Num;

static Num read_num(const Vec *in, uint32_t i) {
    Num x = {0};
    Datum d = vec_get_datum(in, i);
    switch (in->type.id) {
    case TY_FLOAT:
    case TY_DOUBLE:
        x.kind = 1;
        x.d = d.v.d;
        break;
    case TY_DECIMAL:
        x.kind = 2;
        x.dec = d.v.dec;
        break;
    default: x.i = d.v.i; break;
    }
    return x;
}

static void cast_numeric(CastCx *c, const Vec *in, uint32_t n, Vec *out) {
    TypeId to = c->to.id, from = c->from.id;
    int fscale = c->from.scale;
    for (uint32_t i = 0; i < n; i++) {
        if (vec_is_null(in, in->is_const ? 0 : i)) continue;
        Num x = read_num(in, i);
        if (from == TY_DATE) {      // only to timestamp; to numbers Spark gives NULL
            if (to == TY_TIMESTAMP) // wraps far outside Spark's range instead of overflowing
                ((int64_t *)out->data)[i] = (int64_t)((uint64_t)x.i * 86400000000ull);
            else if (to == TY_DATE)
                ((int32_t *)out->data)[i] = (int32_t)x.i;
            else
                vec_set_null(out, i);
            continue;
        }
        if (from == TY_TIMESTAMP) {
            if (to == TY_DATE) {
                ((int32_t *)out->data)[i] = (int32_t)floor_div(x.i, 86400000000LL);
                continue;
            }
            if (to == TY_TIMESTAMP) {
                ((int64_t *)out->data)[i] = x.i;
                continue;
            }
            if (to == TY_DOUBLE || to == TY_FLOAT) {
                x.kind = 1;
                x.d = (double)x.i / 1e6;
            } else if (to == TY_DECIMAL) {
                x.kind = 2;
                x.dec = x.i;
                fscale = 6;
            } else
                x.i = floor_div(x.i, 1000000);
        }
        switch (to) {
        case TY_BOOLEAN:
            ((uint8_t *)out->data)[i] = x.kind == 0   ? x.i != 0
                                        : x.kind == 1 ? x.d != 0
                                                      : x.dec != 0;
            break;
        case TY_TINYINT:
        case TY_SMALLINT:
        case TY_INT:
        case TY_BIGINT: {
            int64_t v;
            bool ok = true;
            if (x.kind == 0)
                v = x.i;
            else if (x.kind == 1) {
                double t = trunc(x.d);
                ok = !isnan(x.d) && t >= -9223372036854775808.0 && t < 9223372036854775808.0;
                v = to == TY_BIGINT ? double_to_long(x.d) : double_to_int(x.d);
                if (ok && !fits(to, (int64_t)t)) ok = false;
            } else {
                i128 t = x.dec / dec_pow10(fscale);
                v = (int64_t)(uint64_t)(unsigned __int128)t;
                ok = t >= INT64_MIN && t <= INT64_MAX;
            }
            if (ok && !fits(to, v)) ok = false;
            if (!ok && (c->cx->ansi || c->try_))
                cast_fail_overflow(c, out, i, in);
            else
                store_int(out, i, v);
            break;
        }
        case TY_FLOAT:
        case TY_DOUBLE: {
            double v = x.kind == 0 ? (double)x.i : x.kind == 1 ? x.d : dec_double(x.dec, fscale);
            if (to == TY_FLOAT)
                ((float *)out->data)[i] = (float)v;
            else
                ((double *)out->data)[i] = from == TY_FLOAT ? (double)(float)x.d : v;
            break;
        }
        case TY_DECIMAL: {
            i128 v;
            bool ok;
            if (x.kind == 0)
                ok = dec_rescale(x.i, 0, c->to.scale, c->to.precision, &v);
            else if (x.kind == 2)
                ok = dec_rescale(x.dec, fscale, c->to.scale, c->to.precision, &v);
            else {
                ok = !isnan(x.d) && !isinf(x.d);
                if (ok) {
                    StrBuf b = {0};
                    format_double(x.d, from == TY_FLOAT, &b); // Spark goes through the string
                    ok = parse_decimal(b.ptr, b.len, c->to.precision, c->to.scale, &v);
                    sb_free(&b);
                }
            }
            if (ok)
                ((i128 *)out->data)[i] = v;
            else
                cast_fail_overflow(c, out, i, in);
            break;
        }
        case TY_TIMESTAMP: {
            int64_t v;
            if (x.kind == 0)
                v = (int64_t)((uint64_t)x.i * 1000000u);
            else if (x.kind == 1) {
                if (isnan(x.d) || isinf(x.d)) {
                    vec_set_null(out, i);
                    continue;
                }
                v = double_to_long(x.d * 1e6);
            } else {
                i128 us;
                if (__builtin_mul_overflow(x.dec, (i128)1000000, &us)) // far out of range: wrap
                    us = (i128)((unsigned __int128)(x.dec / dec_pow10(fscale)) * 1000000u);
                else
                    us /= dec_pow10(fscale);
                v = (int64_t)(uint64_t)(unsigned __int128)us;
            }
            ((int64_t *)out->data)[i] = v;
            break;
        }
        default: vec_set_null(out, i); break;
        }
    }
}

static void cast_run(FnCtx *cx, const Vec *args, uint32_t n, Vec *out, bool try_) {
    CastCx c = {cx, try_, cx->arg_types[0], cx->result_type};
    const Vec *in = &args[0];
    if (type_eq(c.from, c.to) && c.from.id != TY_DECIMAL) {
        size_t w = (size_t)type_fixed_width(c.to.id);
        for (uint32_t i = 0; i < n; i++) {
            memcpy((char *)out->data + i * w, (const char *)in->data + (in->is_const ? 0 : i) * w,
                   w);
        }
        return;
    }
    if (c.from.id == TY_NULL) {
        for (uint32_t i = 0; i < n; i++) vec_set_null(out, i);
    } else if (c.to.id == TY_STRING || (c.to.id == TY_BINARY && c.from.id != TY_STRING)) {
        cast_to_string(&c, in, n, out);
    } else if (c.from.id == TY_STRING || c.from.id == TY_BINARY) {
        cast_from_string(&c, in, n, out);
    } else if (c.to.id >= TY_BOOLEAN && c.to.id <= TY_DECIMAL) {
        cast_numeric(&c, in, n, out);
    } else if (c.to.id == TY_DATE || c.to.id == TY_TIMESTAMP) {
        cast_numeric(&c, in, n, out);
    } else {
        char a[64], b[64], msg[200];
        snprintf(msg, sizeof msg, "cannot cast %s to %s", type_sql_name(c.from, a, sizeof a),
                 type_sql_name(c.to, b, sizeof b));
        set_err(cx, msg);
    }
    if (try_ && cx->err) { // try_cast never fails
        free(cx->err);
        cx->err = NULL;
    }
}

static void k_cast(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)nargs;
    cast_run(cx, args, n, out, false);
}

static void k_try_cast(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)nargs;
    cast_run(cx, args, n, out, true);
}

const FnImpl fn_cast_impls[] = {
    {"cast", k_cast, false},
    {"try_cast", k_try_cast, false},
    {NULL, NULL, false},
};
