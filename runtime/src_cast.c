/* Text to typed values for file sources: integers, doubles (with Spark's NaN/Infinity
 * spellings), booleans, decimals, dates and timestamps (Spark's lenient ISO forms, or a
 * dateFormat/timestampFormat pattern of y M d H m s S X letters and 'quoted' text).
 * Also h (1-12) with a (AM/PM). Timestamps without a zone are taken as UTC (the engine's
 * session time zone). */
#include "src_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool src_parse_i64(const char *p, size_t n, int64_t *out) {
    size_t i = 0;
    bool neg = false;
    if (i < n && (p[i] == '-' || p[i] == '+')) neg = p[i++] == '-';
    if (i == n) return false;
    uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (d > 9) return false;
        if (v > (lim - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

static const double pow10_tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Clinger's fast path: up to 15 significant digits and a small exponent convert exactly
 * with one multiplication or division; everything else goes to strtod. */
static bool fast_double(const char *p, size_t n, double *out) {
    size_t i = 0;
    bool neg = false;
    if (i < n && (p[i] == '-' || p[i] == '+')) neg = p[i++] == '-';
    uint64_t m = 0;
    int digits = 0, exp = 0;
    size_t start = i;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, digits++) m = m * 10 + (uint64_t)(p[i] - '0');
    if (i < n && p[i] == '.') {
        for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++, digits++, exp--)
            m = m * 10 + (uint64_t)(p[i] - '0');
    }
    if (i == start || digits > 15 || (i - start == 1 && p[start] == '.')) return false;
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < n && (p[i] == '-' || p[i] == '+')) eneg = p[i++] == '-';
        int e = 0;
        size_t es = i;
        for (; i < n && p[i] >= '0' && p[i] <= '9' && e < 10000; i++) e = e * 10 + (p[i] - '0');
        if (i == es) return false;
        exp += eneg ? -e : e;
    }
    if (i != n || exp < -22 || exp > 22) return false;
    double v = (double)m;
    v = exp < 0 ? v / pow10_tab[-exp] : v * pow10_tab[exp];
    *out = neg ? -v : v;
    return true;
}

bool src_parse_double(const char *p, size_t n, double *out) {
    if (fast_double(p, n, out)) return true;
    if (n == 0 || n > 400) return false;
    char buf[401];
    memcpy(buf, p, n);
    buf[n] = 0;
    const char *s = buf;
    bool neg = *s == '-';
    if (*s == '-' || *s == '+') s++;
    if (strcmp(s, "NaN") == 0) { *out = NAN; return true; }
    if (strcmp(s, "Infinity") == 0 || strcmp(s, "Inf") == 0 || strcmp(s, "INF") == 0) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    // strtod also takes hex, "inf" and "nan(...)" spellings that Spark rejects
    for (const char *q = s; *q; q++)
        if (!strchr("0123456789.eE+-", *q)) return false;
    char *end;
    *out = strtod(buf, &end);
    return end == buf + n && end != buf;
}

bool src_parse_bool(const char *p, size_t n, bool *out) {
    if (n == 4 && str_nieq(p, "true", 4)) return *out = true, true;
    if (n == 5 && str_nieq(p, "false", 5)) return *out = false, true;
    return false;
}

bool src_decimal_shape(const char *p, size_t n, int *prec, int *scale) {
    size_t i = 0;
    if (i < n && (p[i] == '-' || p[i] == '+')) i++;
    int digits = 0, frac = 0, exp = 0;
    bool dot = false, any = false;
    for (; i < n; i++) {
        if (p[i] >= '0' && p[i] <= '9') {
            any = true;
            if (digits || p[i] != '0' || dot) digits++;
            if (dot) frac++;
        } else if (p[i] == '.' && !dot) dot = true;
        else break;
    }
    if (!any) return false;
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        int64_t e;
        if (!src_parse_i64(p + i + 1, n - i - 1, &e) || e > 1000 || e < -1000) return false;
        exp = (int)e;
        i = n;
    }
    if (i != n) return false;
    int sc = frac - exp;
    if (digits == 0) digits = 1;
    // Java BigDecimal: precision counts significant digits; scale may be negative
    *scale = sc;
    *prec = digits;
    return true;
}

bool src_parse_decimal(const char *p, size_t n, int prec, int scale, i128 *out) {
    size_t i = 0;
    bool neg = false;
    while (i < n && p[i] == ' ') i++;
    while (n > i && p[n - 1] == ' ') n--;
    if (i < n && (p[i] == '-' || p[i] == '+')) neg = p[i++] == '-';
    i128 v = 0;
    int frac = -1, digits = 0, exp = 0;
    bool any = false, round_up = false;
    for (; i < n; i++) {
        if (p[i] == '.' && frac < 0) { frac = 0; continue; }
        if (p[i] < '0' || p[i] > '9') break;
        any = true;
        if (frac >= 0 && frac >= scale) {  // digits beyond the scale round half up
            if (frac == scale && p[i] >= '5') round_up = true;
            frac++;
            continue;
        }
        if (frac >= 0) frac++;
        v = v * 10 + (p[i] - '0');
        if (v != 0) digits++;
        if (digits > 38) return false;
    }
    if (!any) return false;
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        int64_t e;
        if (!src_parse_i64(p + i + 1, n - i - 1, &e) || e > 76 || e < -76) return false;
        exp = (int)e;
        i = n;
    }
    if (i != n) return false;
    int have = frac < 0 ? 0 : (frac > scale ? scale : frac);
    int shift = scale - have - exp;
    while (shift > 0) { v *= 10; shift--; if (v > ((i128)1 << 125)) return false; }
    while (shift < 0) { round_up = v % 10 >= 5; v /= 10; shift++; }
    if (round_up) v++;
    i128 lim = 1;
    for (int k = 0; k < prec; k++) lim *= 10;
    if (v >= lim) return false;
    *out = neg ? -v : v;
    return true;
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool valid_ymd(int64_t y, int m, int d) {
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < -290000 || y > 294000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

typedef struct {
    int64_t y;
    int     mo, d, h, mi, s;
    int     pm;  // -1 none, 0 AM, 1 PM (pattern letter a, with h)
    int64_t us;
    int64_t zone_s;  // offset east of UTC
} Fields;

/* digits: between min and max of them */
static bool num(const char **p, const char *e, int min, int max, int64_t *out) {
    int64_t v = 0;
    int k = 0;
    while (*p < e && k < max && **p >= '0' && **p <= '9') v = v * 10 + (*(*p)++ - '0'), k++;
    *out = v;
    return k >= min;
}

/* zone = "Z" | ("+"|"-") hh [":"] [mm] | "UTC" */
static bool zone(const char **p, const char *e, int64_t *off) {
    if (*p < e && (**p == 'Z' || **p == 'z')) { (*p)++; *off = 0; return true; }
    if (e - *p >= 3 && str_nieq(*p, "UTC", 3)) { *p += 3; *off = 0; return true; }
    if (*p >= e || (**p != '+' && **p != '-')) return false;
    int sign = *(*p)++ == '-' ? -1 : 1;
    int64_t hh, mm = 0;
    if (!num(p, e, 1, 2, &hh)) return false;
    if (*p < e && **p == ':') (*p)++;
    num(p, e, 0, 2, &mm);
    *off = sign * (hh * 3600 + mm * 60);
    return hh <= 18 && mm < 60;
}

static bool frac_us(const char **p, const char *e, int64_t *us) {
    int64_t v = 0;
    int k = 0;
    while (*p < e && **p >= '0' && **p <= '9') {
        if (k < 6) v = v * 10 + (**p - '0');
        k++, (*p)++;
    }
    for (int j = k; j < 6; j++) v *= 10;
    *us = v;
    return k > 0 && k <= 9;
}

/* Spark's stringToTimestamp: yyyy[-[m]m[-[d]d]][( |T)[h]h:[m]m[:[s]s[.f]]][zone] */
static bool iso(const char *p, const char *e, Fields *f, bool date_only) {
    memset(f, 0, sizeof *f);
    f->mo = f->d = 1;
    int64_t v;
    while (p < e && *p == ' ') p++;
    while (e > p && e[-1] == ' ') e--;
    bool neg = p < e && *p == '-';
    if (p < e && (*p == '-' || *p == '+')) p++;
    if (!num(&p, e, 4, 6, &f->y)) return false;
    if (neg) f->y = -f->y;
    if (p < e && *p == '-') {
        p++;
        if (!num(&p, e, 1, 2, &v)) return false;
        f->mo = (int)v;
        if (p < e && *p == '-') {
            p++;
            if (!num(&p, e, 1, 2, &v)) return false;
            f->d = (int)v;
        }
    }
    if (!valid_ymd(f->y, f->mo, f->d)) return false;
    if (p == e) return true;
    if (*p != ' ' && *p != 'T') return false;
    if (date_only) return true;  // stringToDate ignores a time part
    p++;
    if (!num(&p, e, 1, 2, &v) || v > 23) return false;
    f->h = (int)v;
    if (p >= e || *p++ != ':' || !num(&p, e, 1, 2, &v) || v > 59) return false;
    f->mi = (int)v;
    if (p < e && *p == ':') {
        p++;
        if (!num(&p, e, 1, 2, &v) || v > 59) return false;
        f->s = (int)v;
        if (p < e && *p == '.' && (p++, !frac_us(&p, e, &f->us))) return false;
    }
    while (p < e && *p == ' ') p++;
    if (p < e && !zone(&p, e, &f->zone_s)) return false;
    return p == e;
}

/* A Java DateTimeFormatter-style pattern, the common letters only. */
static bool pattern(const char *p, const char *e, const char *fmt, Fields *f) {
    memset(f, 0, sizeof *f);
    f->y = 1970, f->mo = f->d = 1, f->pm = -1;
    for (const char *q = fmt; *q;) {
        char c = *q;
        int cnt = 0;
        while (q[cnt] == c) cnt++;
        int64_t v;
        if (c == '\'') {
            for (q++; *q && *q != '\''; q++)
                if (p >= e || *p++ != *q) return false;
            if (*q) q++;
            continue;
        }
        q += cnt;
        switch (c) {
        case 'y': case 'u':
            if (!num(&p, e, cnt == 2 ? 2 : 1, cnt == 2 ? 2 : 9, &v)) return false;
            f->y = cnt == 2 ? 2000 + v : v;
            break;
        case 'M': if (!num(&p, e, cnt, 2, &v)) return false; f->mo = (int)v; break;
        case 'd': if (!num(&p, e, cnt, 2, &v)) return false; f->d = (int)v; break;
        case 'H': if (!num(&p, e, cnt, 2, &v) || v > 23) return false; f->h = (int)v; break;
        case 'h':
            if (!num(&p, e, cnt, 2, &v) || v < 1 || v > 12) return false;
            f->h = (int)v % 12;
            break;
        case 'a':
            if (e - p < 2 || (p[1] != 'M' && p[1] != 'm')) return false;
            if (*p == 'A' || *p == 'a') f->pm = 0;
            else if (*p == 'P' || *p == 'p') f->pm = 1;
            else return false;
            p += 2;
            break;
        case 'm': if (!num(&p, e, cnt, 2, &v) || v > 59) return false; f->mi = (int)v; break;
        case 's': if (!num(&p, e, cnt, 2, &v) || v > 59) return false; f->s = (int)v; break;
        case 'S': if (!frac_us(&p, e, &f->us)) return false; break;
        case 'X': case 'Z': case 'x': if (!zone(&p, e, &f->zone_s)) return false; break;
        default:
            for (int k = 0; k < cnt; k++)
                if (p >= e || *p++ != c) return false;
        }
    }
    if (f->pm == 1) f->h += 12;
    return p == e && valid_ymd(f->y, f->mo, f->d);
}

bool src_parse_date(const char *p, size_t n, const char *fmt, int32_t *out) {
    Fields f;
    if (!(fmt ? pattern(p, p + n, fmt, &f) : iso(p, p + n, &f, true))) return false;
    *out = (int32_t)days_from_civil(f.y, (unsigned)f.mo, (unsigned)f.d);
    return true;
}

bool src_parse_timestamp(const char *p, size_t n, const char *fmt, int64_t *out) {
    Fields f;
    if (!(fmt ? pattern(p, p + n, fmt, &f) : iso(p, p + n, &f, false))) return false;
    int64_t days = days_from_civil(f.y, (unsigned)f.mo, (unsigned)f.d);
    int64_t secs = days * 86400 + f.h * 3600 + f.mi * 60 + f.s - f.zone_s;
    *out = secs * 1000000 + f.us;
    return true;
}

bool src_store_text(Batch *b, Vec *v, uint32_t row, const char *p, size_t n, const SrcConf *c) {
    int64_t i;
    double d;
    bool bo;
    switch (v->type.id) {
    case TY_STRING: case TY_BINARY:
        if (n > UINT32_MAX) return false;
        ((Str *)v->data)[row] = batch_str(b, p, (uint32_t)n);
        return true;
    case TY_BOOLEAN:
        if (!src_parse_bool(p, n, &bo)) return false;
        ((uint8_t *)v->data)[row] = bo;
        return true;
    case TY_TINYINT:
        if (!src_parse_i64(p, n, &i) || i < INT8_MIN || i > INT8_MAX) return false;
        ((int8_t *)v->data)[row] = (int8_t)i;
        return true;
    case TY_SMALLINT:
        if (!src_parse_i64(p, n, &i) || i < INT16_MIN || i > INT16_MAX) return false;
        ((int16_t *)v->data)[row] = (int16_t)i;
        return true;
    case TY_INT:
        if (!src_parse_i64(p, n, &i) || i < INT32_MIN || i > INT32_MAX) return false;
        ((int32_t *)v->data)[row] = (int32_t)i;
        return true;
    case TY_BIGINT:
        if (!src_parse_i64(p, n, &i)) return false;
        ((int64_t *)v->data)[row] = i;
        return true;
    case TY_FLOAT:
        if (!src_parse_double(p, n, &d)) return false;
        ((float *)v->data)[row] = (float)d;
        return true;
    case TY_DOUBLE:
        if (!src_parse_double(p, n, &d)) return false;
        ((double *)v->data)[row] = d;
        return true;
    case TY_DECIMAL:
        return src_parse_decimal(p, n, v->type.precision, v->type.scale, &((i128 *)v->data)[row]);
    case TY_DATE:
        return src_parse_date(p, n, c->date_fmt, &((int32_t *)v->data)[row]);
    case TY_TIMESTAMP:
        return src_parse_timestamp(p, n, c->ts_fmt, &((int64_t *)v->data)[row]);
    default:
        return false;
    }
}
