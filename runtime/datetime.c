/* Calendar math and Spark datetime patterns (see datetime.h). Day numbers use
 * Howard Hinnant's civil-from-days algorithms; patterns follow Spark 3's
 * DateTimeFormatter subset: y M L d D H h k K m s S a E Q G u z Z X x V and 'text'. */
#include "datetime.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int64_t dt_floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t dt_floor_mod(int64_t a, int64_t b) {
    int64_t r = a % b;  // not a - floor_div * b, which overflows near INT64_MIN
    return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}

bool dt_is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int dt_days_in_month(int64_t y, int m) {
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && dt_is_leap(y) ? 29 : dm[m - 1];
}

int64_t dt_days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = dt_floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void dt_civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    int64_t era = dt_floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t dt_add_months(int64_t days, int64_t months) {
    int64_t y;
    int m, d;
    dt_civil_from_days(days, &y, &m, &d);
    int64_t total = y * 12 + (m - 1) + months;
    int64_t ny = dt_floor_div(total, 12);
    int nm = (int)dt_floor_mod(total, 12) + 1;
    int dim = dt_days_in_month(ny, nm);
    return dt_days_from_civil(ny, nm, d > dim ? dim : d);
}

/* ---- formatting ------------------------------------------------------------- */

static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};
static const char *const day_names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};

typedef struct {
    char  *buf;
    size_t cap, len;
} Out;

static void put(Out *o, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (o->len + 1 < o->cap) o->buf[o->len++] = s[i];
}

static void put_num(Out *o, int64_t v, int width) {  // digits by hand: snprintf is slow
    char b[48];
    int n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do b[sizeof b - 1 - n++] = (char)('0' + u % 10), u /= 10; while (u);
    if (width > 40) width = 40;
    while (n < width) b[sizeof b - 1 - n++] = '0';
    if (v < 0) b[sizeof b - 1 - n++] = '-';
    put(o, b + sizeof b - n, (size_t)n);
}

typedef struct {
    int64_t y;
    int     mo, d, doy, dow;  // dow: 0 = Monday
    int     h, mi, s, us;
} Fields;

static void split_us(int64_t us, Fields *f) {
    int64_t days = dt_floor_div(us, DT_US_PER_DAY);
    int64_t tod = dt_floor_mod(us, DT_US_PER_DAY);
    dt_civil_from_days(days, &f->y, &f->mo, &f->d);
    f->doy = (int)(days - dt_days_from_civil(f->y, 1, 1)) + 1;
    f->dow = (int)dt_floor_mod(days + 3, 7);
    f->h = (int)(tod / (3600 * DT_US_PER_SEC));
    f->mi = (int)(tod / (60 * DT_US_PER_SEC) % 60);
    f->s = (int)(tod / DT_US_PER_SEC % 60);
    f->us = (int)(tod % DT_US_PER_SEC);
}

static bool format_field(Out *o, char c, int n, const Fields *f) {
    switch (c) {
    case 'y': case 'u':
        if (c == 'u' && n == 1) { put_num(o, f->dow + 1, 1); return true; }
        if (n == 2) put_num(o, dt_floor_mod(f->y, 100), 2);
        else put_num(o, f->y, n);
        return true;
    case 'M': case 'L':
        if (n >= 4) put(o, month_names[f->mo - 1], strlen(month_names[f->mo - 1]));
        else if (n == 3) put(o, month_names[f->mo - 1], 3);
        else put_num(o, f->mo, n);
        return true;
    case 'd': if (n > 2) return false; put_num(o, f->d, n); return true;
    case 'D': put_num(o, f->doy, n); return true;
    case 'H': put_num(o, f->h, n); return true;
    case 'k': put_num(o, f->h == 0 ? 24 : f->h, n); return true;
    case 'K': put_num(o, f->h % 12, n); return true;
    case 'h': put_num(o, f->h % 12 == 0 ? 12 : f->h % 12, n); return true;
    case 'm': put_num(o, f->mi, n); return true;
    case 's': put_num(o, f->s, n); return true;
    case 'S': {
        if (n > 9) return false;
        char b[9];
        for (int k = 5, us = f->us; k >= 0; k--, us /= 10) b[k] = (char)('0' + us % 10);
        memset(b + 6, '0', 3);
        put(o, b, (size_t)n);
        return true;
    }
    case 'a': put(o, f->h < 12 ? "AM" : "PM", 2); return true;
    case 'E':
        if (n >= 4) put(o, day_names[f->dow], strlen(day_names[f->dow]));
        else put(o, day_names[f->dow], 3);
        return true;
    case 'Q': case 'q': {
        int q = (f->mo - 1) / 3 + 1;
        if (n <= 2) put_num(o, q, n);
        else if (n == 3) { char b[4] = {'Q', (char)('0' + q), 0}; put(o, b, 2); }
        else {
            static const char *const qn[] = {"1st quarter", "2nd quarter", "3rd quarter",
                                             "4th quarter"};
            put(o, qn[q - 1], strlen(qn[q - 1]));
        }
        return true;
    }
    case 'G': put(o, f->y > 0 ? "AD" : "BC", 2); return true;
    case 'z': case 'V': put(o, "UTC", 3); return true;
    case 'X': put(o, "Z", 1); return true;
    case 'x': {
        static const char *const xs[] = {"+00", "+0000", "+00:00", "+0000", "+00:00"};
        const char *v = xs[n > 5 ? 4 : n - 1];
        put(o, v, strlen(v));
        return true;
    }
    case 'Z': {
        const char *v = n == 4 ? "GMT" : n == 5 ? "Z" : "+0000";
        put(o, v, strlen(v));
        return true;
    }
    default: return false;
    }
}

int dt_format(int64_t us, const char *pat, size_t patlen, char *buf, size_t cap,
              const char **err) {
    Fields f;
    split_us(us, &f);
    Out o = {buf, cap, 0};
    for (size_t i = 0; i < patlen;) {
        char c = pat[i];
        if (c == '\'') {  // 'literal', '' is a quote
            size_t j = i + 1;
            if (j < patlen && pat[j] == '\'') { put(&o, "'", 1); i += 2; continue; }
            while (j < patlen && pat[j] != '\'') j++;
            put(&o, pat + i + 1, j - i - 1);
            i = j + 1;
            continue;
        }
        if (!isalpha((unsigned char)c)) { put(&o, &c, 1); i++; continue; }
        size_t j = i;
        while (j < patlen && pat[j] == c) j++;
        if (!format_field(&o, c, (int)(j - i), &f)) {
            if (err) *err = "unsupported datetime pattern letter";
            return -1;
        }
        i = j;
    }
    if (cap) buf[o.len] = 0;
    return (int)o.len;
}

/* ---- parsing with a pattern ------------------------------------------------------ */

/* days * 86400e6 + secs * 1e6 + frac, false when it leaves the timestamp range. */
static bool make_us(int64_t days, int64_t secs, int64_t frac, int64_t *us) {
    int64_t a, b;
    if (__builtin_mul_overflow(days, DT_US_PER_DAY, &a) ||
        __builtin_mul_overflow(secs, DT_US_PER_SEC, &b) || __builtin_add_overflow(a, b, &a) ||
        __builtin_add_overflow(a, frac, us))
        return false;
    return true;
}

typedef struct {
    int64_t y;
    int     mo, d, doy, h, h12, mi, s, us, pm;  // h12/pm: -1 when absent
    int32_t off;                               // seconds east of UTC
} Parsed;

/* Read between lo and hi digits; false when fewer than lo are present. */
static bool read_num(const char *s, size_t n, size_t *pos, int lo, int hi, int64_t *out) {
    size_t i = *pos;
    int64_t v = 0;
    int k = 0;
    while (i < n && k < hi && isdigit((unsigned char)s[i])) v = v * 10 + (s[i++] - '0'), k++;
    if (k < lo) return false;
    *pos = i;
    *out = v;
    return true;
}

/* Match one of names (case-insensitively) by its full or 3-letter form. */
static int read_name(const char *s, size_t n, size_t *pos, const char *const *names, int count,
                     bool full) {
    for (int k = 0; k < count; k++) {
        size_t len = full ? strlen(names[k]) : 3;
        if (*pos + len <= n && strncasecmp(s + *pos, names[k], len) == 0) {
            *pos += len;
            return k;
        }
    }
    return -1;
}

static bool parse_offset(const char *s, size_t n, size_t *pos, int32_t *off) {
    size_t i = *pos;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) { *pos = i + 1; *off = 0; return true; }
    if (i + 3 <= n && strncasecmp(s + i, "UTC", 3) == 0) i += 3;
    else if (i + 3 <= n && strncasecmp(s + i, "GMT", 3) == 0) i += 3;
    if (i >= n || (s[i] != '+' && s[i] != '-')) {
        if (i > *pos) { *pos = i; *off = 0; return true; }
        return false;
    }
    int sign = s[i++] == '-' ? -1 : 1;
    int64_t h, m = 0;
    if (!read_num(s, n, &i, 1, 2, &h)) return false;
    if (i < n && s[i] == ':') i++;
    if (i < n && isdigit((unsigned char)s[i]) && !read_num(s, n, &i, 2, 2, &m)) return false;
    if (h > 18 || m > 59) return false;
    *off = (int32_t)(sign * (h * 3600 + m * 60));
    *pos = i;
    return true;
}

/* Number field: one letter reads 1..hi digits; n letters read exactly n digits.
 * A year reads greedily (up to 6 digits) unless a digit field follows directly. */
static bool parse_field(const char *s, size_t n, size_t *pos, char c, int cnt, bool adjacent,
                        Parsed *p) {
    int64_t v;
    int lo = cnt, hi = cnt < 2 ? 2 : cnt;
    switch (c) {
    case 'y': case 'u':
        if (cnt == 2) {
            if (!read_num(s, n, pos, 2, 2, &v)) return false;
            p->y = 2000 + v;
            return true;
        }
        if (!read_num(s, n, pos, cnt, adjacent ? (cnt < 4 ? 4 : cnt) : 6, &v)) return false;
        p->y = v;
        return true;
    case 'M': case 'L':
        if (cnt >= 3) {
            int k = read_name(s, n, pos, month_names, 12, cnt >= 4);
            if (k < 0) return false;
            p->mo = k + 1;
            return true;
        }
        if (!read_num(s, n, pos, lo, hi, &v)) return false;
        p->mo = (int)v;
        return true;
    case 'E': return read_name(s, n, pos, day_names, 7, cnt >= 4) >= 0;
    case 'a':
        if (*pos + 2 > n) return false;
        if (strncasecmp(s + *pos, "AM", 2) == 0) p->pm = 0;
        else if (strncasecmp(s + *pos, "PM", 2) == 0) p->pm = 1;
        else return false;
        *pos += 2;
        return true;
    case 'S': {
        size_t start = *pos;
        if (!read_num(s, n, pos, 1, cnt, &v)) return false;
        int digits = (int)(*pos - start);  // "SSS" also takes ".1" and ".12"
        for (int k = digits; k < 6; k++) v *= 10;
        for (int k = digits; k > 6; k--) v /= 10;
        p->us = (int)v;
        return true;
    }
    case 'X': case 'x': case 'Z': case 'z': case 'V': return parse_offset(s, n, pos, &p->off);
    case 'D':
        if (!read_num(s, n, pos, lo, cnt < 3 ? 3 : cnt, &v)) return false;
        p->doy = (int)v;
        return true;
    default: break;
    }
    if (!read_num(s, n, pos, lo, hi, &v)) return false;
    switch (c) {
    case 'd': p->d = (int)v; return true;
    case 'H': case 'k': p->h = (int)(c == 'k' && v == 24 ? 0 : v); return true;
    case 'h': case 'K': p->h12 = (int)v; return true;
    case 'm': p->mi = (int)v; return true;
    case 's': p->s = (int)v; return true;
    default: return false;
    }
}

static bool known_letter(char c) { return strchr("yuMLdDHkKhmsSaEXxZzV", c) != NULL; }

bool dt_parse(const char *s, size_t n, const char *pat, size_t patlen, int64_t *us,
              bool *bad_pattern) {
    Parsed p = {.y = 1970, .mo = 1, .d = 1, .h12 = -1, .pm = -1};
    size_t pos = 0;
    bool quoted = false;
    for (size_t i = 0; i < patlen; i++) {  // an invalid pattern fails every input
        if (pat[i] == '\'') quoted = !quoted;
        else if (!quoted && isalpha((unsigned char)pat[i]) && !known_letter(pat[i])) {
            if (bad_pattern) *bad_pattern = true;
            return false;
        }
    }
    if (bad_pattern) *bad_pattern = false;
    for (size_t i = 0; i < patlen;) {
        char c = pat[i];
        if (c == '\'') {
            size_t j = i + 1;
            if (j < patlen && pat[j] == '\'') {
                if (pos >= n || s[pos] != '\'') return false;
                pos++, i += 2;
                continue;
            }
            while (j < patlen && pat[j] != '\'') j++;
            size_t len = j - i - 1;
            if (pos + len > n || strncasecmp(s + pos, pat + i + 1, len) != 0) return false;
            pos += len, i = j + 1;
            continue;
        }
        if (!isalpha((unsigned char)c)) {
            if (pos >= n || s[pos] != c) return false;
            pos++, i++;
            continue;
        }
        size_t j = i;
        while (j < patlen && pat[j] == c) j++;
        bool adjacent = j < patlen && strchr("yuMLdDHkKhmsS", pat[j]) && pat[j] != c;
        if (!parse_field(s, n, &pos, c, (int)(j - i), adjacent, &p)) return false;
        i = j;
    }
    if (pos != n) return false;
    if (p.h12 >= 0) {
        if (p.h12 < 1 || p.h12 > 12) return false;
        p.h = p.h12 % 12 + (p.pm == 1 ? 12 : 0);
    } else if (p.pm == 1 && p.h < 12) {
        p.h += 12;
    }
    if (p.doy) {
        if (p.doy > (dt_is_leap(p.y) ? 366 : 365)) return false;
        int64_t days = dt_days_from_civil(p.y, 1, 1) + p.doy - 1;
        int64_t y;
        dt_civil_from_days(days, &y, &p.mo, &p.d);
    }
    if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > dt_days_in_month(p.y, p.mo) || p.h > 23 ||
        p.mi > 59 || p.s > 59 || p.y > 294247 || p.y < -290308)
        return false;
    int64_t days = dt_days_from_civil(p.y, p.mo, p.d);
    return make_us(days, (int64_t)p.h * 3600 + p.mi * 60 + p.s - p.off, p.us, us);
}

/* ---- CAST(string AS DATE / TIMESTAMP) ----------------------------------------------- */

static void trim_ws(const char **s, size_t *n) {
    while (*n && isspace((unsigned char)**s)) (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1])) (*n)--;
}

/* [+-]yyyy[-m[m][-d[d]]]: the date part; stops after the day. */
static bool scan_date(const char *s, size_t n, size_t *pos, int64_t *y, int *m, int *d) {
    size_t i = *pos;
    int sign = 1;
    if (i < n && (s[i] == '-' || s[i] == '+')) sign = s[i++] == '-' ? -1 : 1;
    int64_t v;
    if (!read_num(s, n, &i, 4, 7, &v)) return false;
    *y = sign * v, *m = 1, *d = 1;
    if (i < n && s[i] == '-') {
        i++;
        if (!read_num(s, n, &i, 1, 2, &v)) return false;
        *m = (int)v;
        if (i < n && s[i] == '-') {
            i++;
            if (!read_num(s, n, &i, 1, 2, &v)) return false;
            *d = (int)v;
        }
    }
    *pos = i;
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= dt_days_in_month(*y, *m);
}

bool dt_parse_date(const char *s, size_t n, int32_t *days) {
    trim_ws(&s, &n);
    size_t pos = 0;
    int64_t y;
    int m, d;
    if (!scan_date(s, n, &pos, &y, &m, &d)) return false;
    // "2024-01-31 anything" and "2024-01-31T..." are dates too (Spark ignores the rest)
    if (pos < n && s[pos] != ' ' && s[pos] != 'T') return false;
    int64_t v = dt_days_from_civil(y, m, d);
    if (v < INT32_MIN || v > INT32_MAX) return false;
    *days = (int32_t)v;
    return true;
}

bool dt_parse_timestamp(const char *s, size_t n, int64_t *us) {
    trim_ws(&s, &n);
    size_t pos = 0;
    int64_t y, h = 0, mi = 0, sec = 0, frac = 0;
    int m, d;
    int32_t off = 0;
    if (!scan_date(s, n, &pos, &y, &m, &d)) return false;
    if (pos < n && (s[pos] == ' ' || s[pos] == 'T')) {
        pos++;
        if (pos < n && isdigit((unsigned char)s[pos])) {
            if (!read_num(s, n, &pos, 1, 2, &h)) return false;
            if (pos < n && s[pos] == ':') {
                pos++;
                if (!read_num(s, n, &pos, 1, 2, &mi)) return false;
                if (pos < n && s[pos] == ':') {
                    pos++;
                    if (!read_num(s, n, &pos, 1, 2, &sec)) return false;
                    if (pos < n && s[pos] == '.') {
                        pos++;
                        int k = 0;
                        while (pos < n && isdigit((unsigned char)s[pos])) {
                            if (k < 6) frac = frac * 10 + (s[pos] - '0');
                            k++, pos++;
                        }
                        for (; k < 6; k++) frac *= 10;
                    }
                }
            }
        }
        while (pos < n && s[pos] == ' ') pos++;
        if (pos < n && !parse_offset(s, n, &pos, &off)) return false;
    }
    if (pos != n || h > 23 || mi > 59 || sec > 59) return false;
    return make_us(dt_days_from_civil(y, m, d), h * 3600 + mi * 60 + sec - off, frac, us);
}
