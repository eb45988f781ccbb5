/* Date and time kernels with Spark 3 semantics in the UTC session time zone: field
 * extraction, date arithmetic (add_months clamps to the month's end), differences,
 * truncation, pattern formatting and parsing (invalid input gives NULL, or an error
 * under ANSI), epoch conversions and time-zone shifts. */
#include "datetime.h"
#include "fn_tables.h"
#include "fn_util.h"

#include <math.h>
#include <string.h>
#include <strings.h>

static int64_t ts_of(const Vec *v, uint32_t i) {  // a date or timestamp as micros
    if (v->type.id != TY_DATE) return fn_i64(v, i);
    int64_t d = fn_i64(v, i), us;  // dates beyond year 294247 saturate
    if (__builtin_mul_overflow(d, DT_US_PER_DAY, &us)) return d < 0 ? INT64_MIN : INT64_MAX;
    return us;
}
static int64_t days_of(const Vec *v, uint32_t i) {  // a date or timestamp as days
    if (v->type.id == TY_TIMESTAMP) return dt_floor_div(fn_i64(v, i), DT_US_PER_DAY);
    return fn_i64(v, i);
}

static void put_date(Vec *out, uint32_t i, int64_t days) {
    if (days < INT32_MIN || days > INT32_MAX) vec_set_null(out, i);
    else FN_OUT(out, int32_t)[i] = (int32_t)days;
}

static void bad_value(FnCtx *cx, Vec *out, uint32_t i, const char *fn, Str s) {
    if (cx->ansi)
        fn_error(cx, "CANNOT_PARSE_TIMESTAMP: %s could not parse '%.*s'", fn, (int)s.len, s.ptr);
    vec_set_null(out, i);
}

/* ---- now ------------------------------------------------------------------------ */

static void current_timestamp_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)a, (void)na;
    for (uint32_t i = 0; i < n; i++) FN_OUT(out, int64_t)[i] = cx->now_us;
}
static void current_date_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)a, (void)na;
    for (uint32_t i = 0; i < n; i++) put_date(out, i, dt_floor_div(cx->now_us, DT_US_PER_DAY));
}
static void current_timezone_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)a, (void)na;
    for (uint32_t i = 0; i < n; i++) FN_OUT(out, Str)[i] = (Str){3, "UTC"};
}

/* ---- parsing and formatting -------------------------------------------------------- */

/* Parse row i of a string (with the pattern of args[1] when given) into micros. */
static bool parse_row(FnCtx *cx, const Vec *a, int na, uint32_t i, bool date, int64_t *us) {
    Str s = fn_str(&a[0], i);
    if (na < 2) {
        if (!date) return dt_parse_timestamp(s.ptr, s.len, us);
        int32_t d;
        if (!dt_parse_date(s.ptr, s.len, &d)) return false;
        return !__builtin_mul_overflow((int64_t)d, DT_US_PER_DAY, us);
    }
    Str p = fn_str(&a[1], i);
    bool bad = false;
    if (dt_parse(s.ptr, s.len, p.ptr, p.len, us, &bad)) return true;
    if (bad) fn_error(cx, "invalid datetime pattern '%.*s'", (int)p.len, p.ptr);
    return false;
}

static void to_dt_kernel(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out, bool date) {
    FN_EACH(i, n, out) {
        int64_t us;
        if (a[0].type.id == TY_DATE || a[0].type.id == TY_TIMESTAMP) us = ts_of(&a[0], i);
        else if (!parse_row(cx, a, na, i, date, &us)) {
            bad_value(cx, out, i, date ? "to_date" : "to_timestamp", fn_str(&a[0], i));
            if (cx->err) return;
            continue;
        }
        if (date) put_date(out, i, dt_floor_div(us, DT_US_PER_DAY));
        else FN_OUT(out, int64_t)[i] = us;
    }
}

static void to_date_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    to_dt_kernel(cx, a, na, n, out, true);
}
static void to_timestamp_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    to_dt_kernel(cx, a, na, n, out, false);
}

static void format_row(FnCtx *cx, Vec *out, uint32_t i, int64_t us, Str pat) {
    char buf[256];
    const char *err = NULL;
    int len = dt_format(us, pat.ptr, pat.len, buf, sizeof buf, &err);
    if (len < 0) {
        fn_error(cx, "invalid datetime pattern '%.*s': %s", (int)pat.len, pat.ptr, err);
        return;
    }
    fn_put_str(cx, out, i, buf, (size_t)len);
}

static void date_format_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        format_row(cx, out, i, ts_of(&a[0], i), fn_str(&a[1], i));
        if (cx->err) return;
    }
}

static const Str default_pat = {19, "yyyy-MM-dd HH:mm:ss"};

static void from_unixtime_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    FN_EACH(i, n, out) {
        int64_t s = fn_i64(&a[0], i);
        if (s > INT64_MAX / DT_US_PER_SEC || s < INT64_MIN / DT_US_PER_SEC) {
            vec_set_null(out, i);
            continue;
        }
        format_row(cx, out, i, s * DT_US_PER_SEC, na > 1 ? fn_str(&a[1], i) : default_pat);
        if (cx->err) return;
    }
}

/* unix_timestamp() is now; of a string it parses (default yyyy-MM-dd HH:mm:ss). */
static void unix_timestamp_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    FN_EACH(i, n, out) {
        int64_t us;
        if (na == 0) us = cx->now_us;
        else if (a[0].type.id != TY_STRING) us = ts_of(&a[0], i);
        else {
            Str s = fn_str(&a[0], i), p = na > 1 ? fn_str(&a[1], i) : default_pat;
            bool bad = false;
            if (!dt_parse(s.ptr, s.len, p.ptr, p.len, &us, &bad)) {
                if (bad) {
                    fn_error(cx, "invalid datetime pattern '%.*s'", (int)p.len, p.ptr);
                    return;
                }
                bad_value(cx, out, i, "unix_timestamp", s);
                if (cx->err) return;
                continue;
            }
        }
        FN_OUT(out, int64_t)[i] = dt_floor_div(us, DT_US_PER_SEC);
    }
}

/* ---- fields --------------------------------------------------------------------------- */

typedef enum {
    F_YEAR, F_QUARTER, F_MONTH, F_DAY, F_DOW, F_WEEKDAY, F_DOY, F_WEEK,
} DateField;

static int32_t iso_week(int64_t days) {
    int64_t dow = dt_floor_mod(days + 3, 7);  // 0 = Monday
    int64_t thursday = days - dow + 3;         // the week belongs to its Thursday's year
    int64_t y;
    int m, d;
    dt_civil_from_days(thursday, &y, &m, &d);
    return (int32_t)((thursday - dt_days_from_civil(y, 1, 1)) / 7 + 1);
}

static int32_t date_field(int64_t days, DateField f) {
    int64_t y;
    int m, d;
    switch (f) {
    case F_DOW: return (int32_t)dt_floor_mod(days + 4, 7) + 1;  // 1 = Sunday
    case F_WEEKDAY: return (int32_t)dt_floor_mod(days + 3, 7);  // 0 = Monday
    case F_WEEK: return iso_week(days);
    default: break;
    }
    dt_civil_from_days(days, &y, &m, &d);
    switch (f) {
    case F_YEAR: return (int32_t)y;
    case F_QUARTER: return (m - 1) / 3 + 1;
    case F_MONTH: return m;
    case F_DAY: return d;
    default: return (int32_t)(days - dt_days_from_civil(y, 1, 1)) + 1;
    }
}

#define DATE_FIELD(name, f)                                                          \
    static void name##_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {   \
        (void)cx, (void)na;                                                         \
        FN_EACH(i, n, out) FN_OUT(out, int32_t)[i] = date_field(days_of(&a[0], i), f); \
    }
DATE_FIELD(year, F_YEAR)
DATE_FIELD(quarter, F_QUARTER)
DATE_FIELD(month, F_MONTH)
DATE_FIELD(day, F_DAY)
DATE_FIELD(dayofweek, F_DOW)
DATE_FIELD(weekday, F_WEEKDAY)
DATE_FIELD(dayofyear, F_DOY)
DATE_FIELD(weekofyear, F_WEEK)

#define TIME_FIELD(name, div, mod)                                                          \
    static void name##_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {          \
        (void)cx, (void)na;                                                                \
        FN_EACH(i, n, out)                                                                 \
            FN_OUT(out, int32_t)[i] = (int32_t)(dt_floor_div(ts_of(&a[0], i), div) % mod); \
    }
TIME_FIELD(hour_raw, 3600 * DT_US_PER_SEC, 24)
TIME_FIELD(minute_raw, 60 * DT_US_PER_SEC, 60)
TIME_FIELD(second_raw, DT_US_PER_SEC, 60)

/* floor_div % m is in (-m, m): shift negatives (before 1970) into [0, m). */
static void fix_neg(uint32_t n, Vec *out, int m) {
    FN_EACH(i, n, out) if (FN_OUT(out, int32_t)[i] < 0) FN_OUT(out, int32_t)[i] += m;
}
static void hour_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    hour_raw_k(cx, a, na, n, out);
    fix_neg(n, out, 24);
}
static void minute_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    minute_raw_k(cx, a, na, n, out);
    fix_neg(n, out, 60);
}
static void second_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    second_raw_k(cx, a, na, n, out);
    fix_neg(n, out, 60);
}

/* extract(field, ts) / date_part: Spark's field names and synonyms; SECOND is a
 * decimal(8,6) with the fraction when the plan asks for one, else whole seconds. */
static int extract_field(Str f) {
    static const struct {
        const char *name;
        int         id;
    } names[] = {
        {"YEAR", 0}, {"Y", 0}, {"YEARS", 0}, {"YR", 0}, {"YRS", 0}, {"QUARTER", 1}, {"QTR", 1},
        {"MONTH", 2}, {"MON", 2}, {"MONS", 2}, {"MONTHS", 2}, {"WEEK", 3}, {"W", 3},
        {"WEEKS", 3}, {"DAY", 4}, {"D", 4}, {"DAYS", 4}, {"DAYOFWEEK", 5}, {"DOW", 5},
        {"DAYOFWEEK_ISO", 6}, {"DOW_ISO", 6}, {"DOY", 7}, {"HOUR", 8}, {"H", 8}, {"HOURS", 8},
        {"HR", 8}, {"HRS", 8}, {"MINUTE", 9}, {"M", 9}, {"MIN", 9}, {"MINS", 9},
        {"MINUTES", 9}, {"SECOND", 10}, {"S", 10}, {"SEC", 10}, {"SECONDS", 10}, {"SECS", 10},
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (strlen(names[k].name) == f.len && strncasecmp(names[k].name, f.ptr, f.len) == 0)
            return names[k].id;
    return -1;
}

static void extract_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    static const DateField df[] = {F_YEAR, F_QUARTER, F_MONTH, F_WEEK, F_DAY, F_DOW};
    FN_EACH(i, n, out) {
        Str f = fn_str(&a[0], i);
        int id = extract_field(f);
        if (id < 0) {
            fn_error(cx, "extract: unknown field '%.*s'", (int)f.len, f.ptr);
            return;
        }
        int64_t t = ts_of(&a[1], i), days = dt_floor_div(t, DT_US_PER_DAY);
        int64_t tod = dt_floor_mod(t, DT_US_PER_DAY), v;
        if (id <= 5) v = date_field(days, df[id]);
        else if (id == 6) v = dt_floor_mod(days + 3, 7) + 1;  // Monday = 1
        else if (id == 7) v = date_field(days, F_DOY);
        else if (id == 8) v = tod / (3600 * DT_US_PER_SEC);
        else if (id == 9) v = tod / (60 * DT_US_PER_SEC) % 60;
        else v = tod % (60 * DT_US_PER_SEC);  // micros within the minute
        if (out->type.id == TY_DECIMAL) FN_OUT(out, i128)[i] = id == 10 ? v : v * DT_US_PER_SEC;
        else FN_OUT(out, int32_t)[i] = (int32_t)(id == 10 ? v / DT_US_PER_SEC : v);
    }
}

/* ---- arithmetic ------------------------------------------------------------------------- */

static void date_add_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) put_date(out, i, days_of(&a[0], i) + fn_i64(&a[1], i));
}
static void date_sub_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) put_date(out, i, days_of(&a[0], i) - fn_i64(&a[1], i));
}
static void add_months_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) put_date(out, i, dt_add_months(days_of(&a[0], i), fn_i64(&a[1], i)));
}

static void last_day_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        int64_t y, days = days_of(&a[0], i);
        int m, d;
        dt_civil_from_days(days, &y, &m, &d);
        put_date(out, i, days + dt_days_in_month(y, m) - d);
    }
}

/* Day-of-week names Spark accepts: "MO", "MON", "MONDAY" (any case); 0 = Monday. */
static int dow_of_name(Str s) {
    static const char *const names[] = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
                                        "FRIDAY", "SATURDAY", "SUNDAY"};
    for (int k = 0; k < 7; k++) {
        size_t full = strlen(names[k]);
        if ((s.len == 2 || s.len == 3 || s.len == full) && s.len <= full &&
            strncasecmp(s.ptr, names[k], s.len) == 0)
            return k;
    }
    return -1;
}

static void next_day_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        int want = dow_of_name(fn_str(&a[1], i));
        if (want < 0) {
            if (cx->ansi) { fn_error(cx, "next_day: illegal day of week"); return; }
            vec_set_null(out, i);
            continue;
        }
        int64_t days = days_of(&a[0], i);
        int64_t delta = dt_floor_mod(want - dt_floor_mod(days + 3, 7), 7);
        put_date(out, i, days + (delta == 0 ? 7 : delta));
    }
}

static void make_date_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        int64_t y = fn_i64(&a[0], i), m = fn_i64(&a[1], i), d = fn_i64(&a[2], i);
        if (y < -290000 || y > 290000 || m < 1 || m > 12 || d < 1 ||
            d > dt_days_in_month(y, (int)m)) {
            if (cx->ansi) { fn_error(cx, "make_date: invalid date %lld-%lld-%lld",
                                     (long long)y, (long long)m, (long long)d); return; }
            vec_set_null(out, i);
            continue;
        }
        put_date(out, i, dt_days_from_civil(y, (int)m, (int)d));
    }
}

/* make_timestamp(y, mo, d, h, mi, sec): seconds may carry a fraction; 60 is the
 * next minute when the fraction is 0; anything invalid gives NULL (non-ANSI). */
static void make_timestamp_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        int64_t y = fn_i64(&a[0], i), mo = fn_i64(&a[1], i), d = fn_i64(&a[2], i);
        int64_t h = fn_i64(&a[3], i), mi = fn_i64(&a[4], i), us;
        double sec = fn_f64(&a[5], i);
        int64_t sec_us = isnan(sec) ? -1 : (int64_t)llround(sec * 1e6);
        bool ok = y >= -290000 && y <= 290000 && mo >= 1 && mo <= 12 && d >= 1 &&
                  d <= dt_days_in_month(y, (int)mo) && h >= 0 && h <= 23 && mi >= 0 &&
                  mi <= 59 && sec_us >= 0 &&
                  (sec_us < 60 * DT_US_PER_SEC || sec_us == 60 * DT_US_PER_SEC);
        int64_t days = ok ? dt_days_from_civil(y, (int)mo, (int)d) : 0;
        if (!ok || __builtin_mul_overflow(days, DT_US_PER_DAY, &us) ||
            __builtin_add_overflow(us, (h * 3600 + mi * 60) * DT_US_PER_SEC + sec_us, &us)) {
            if (cx->ansi) { fn_error(cx, "make_timestamp: invalid timestamp fields"); return; }
            vec_set_null(out, i);
            continue;
        }
        FN_OUT(out, int64_t)[i] = us;
    }
}

/* DateTimeUtils.monthsBetween: whole months when the days of month match or both
 * are month ends; otherwise the rest counts in 31-day months (seconds precision). */
static double months_between(int64_t t1, int64_t t2, bool round_off) {
    int64_t d1 = dt_floor_div(t1, DT_US_PER_DAY), d2 = dt_floor_div(t2, DT_US_PER_DAY);
    int64_t y1, y2;
    int m1, m2, dd1, dd2;
    dt_civil_from_days(d1, &y1, &m1, &dd1);
    dt_civil_from_days(d2, &y2, &m2, &dd2);
    double months = (double)((y1 * 12 + m1) - (y2 * 12 + m2));
    bool end1 = dd1 == dt_days_in_month(y1, m1), end2 = dd2 == dt_days_in_month(y2, m2);
    if (dd1 == dd2 || (end1 && end2)) return months;
    int64_t s1 = dt_floor_mod(t1, DT_US_PER_DAY) / DT_US_PER_SEC;
    int64_t s2 = dt_floor_mod(t2, DT_US_PER_DAY) / DT_US_PER_SEC;
    double secs = (double)((int64_t)(dd1 - dd2) * 86400 + s1 - s2);
    double diff = months + secs / (31.0 * 86400);
    return round_off ? floor(diff * 1e8 + 0.5) / 1e8 : diff;
}

static void months_between_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    FN_EACH(i, n, out) {
        bool r = na > 2 ? fn_bool(&a[2], i) : true;
        FN_OUT(out, double)[i] = months_between(ts_of(&a[0], i), ts_of(&a[1], i), r);
    }
}

typedef enum {
    U_BAD, U_MICRO, U_MILLI, U_SECOND, U_MINUTE, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_QUARTER,
    U_YEAR,
} Unit;

static Unit unit_of(Str s) {
    static const struct {
        const char *name;
        Unit        u;
    } units[] = {
        {"MICROSECOND", U_MICRO}, {"MICROSECONDS", U_MICRO}, {"MILLISECOND", U_MILLI},
        {"MILLISECONDS", U_MILLI}, {"SECOND", U_SECOND},     {"SECONDS", U_SECOND},
        {"MINUTE", U_MINUTE},     {"MINUTES", U_MINUTE},     {"HOUR", U_HOUR},
        {"HOURS", U_HOUR},        {"DAY", U_DAY},            {"DAYS", U_DAY},
        {"DD", U_DAY},            {"WEEK", U_WEEK},          {"WEEKS", U_WEEK},
        {"MONTH", U_MONTH},       {"MONTHS", U_MONTH},       {"MM", U_MONTH},
        {"MON", U_MONTH},         {"QUARTER", U_QUARTER},    {"QUARTERS", U_QUARTER},
        {"YEAR", U_YEAR},         {"YEARS", U_YEAR},         {"YYYY", U_YEAR},
        {"YY", U_YEAR},
    };
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (strlen(units[k].name) == s.len && strncasecmp(units[k].name, s.ptr, s.len) == 0)
            return units[k].u;
    return U_BAD;
}

static const int64_t unit_us[] = {
    [U_MICRO] = 1, [U_MILLI] = 1000, [U_SECOND] = DT_US_PER_SEC, [U_MINUTE] = 60 * DT_US_PER_SEC,
    [U_HOUR] = 3600 * DT_US_PER_SEC, [U_DAY] = DT_US_PER_DAY, [U_WEEK] = 7 * DT_US_PER_DAY,
};

/* ChronoUnit.MONTHS.between on local date-times: whole months, counting a month
 * only once the end has reached the start's day and time of day. */
static int64_t months_diff(int64_t t1, int64_t t2) {
    int64_t d1 = dt_floor_div(t1, DT_US_PER_DAY), d2 = dt_floor_div(t2, DT_US_PER_DAY);
    int64_t y1, y2;
    int m1, m2, dd1, dd2;
    dt_civil_from_days(d1, &y1, &m1, &dd1);
    dt_civil_from_days(d2, &y2, &m2, &dd2);
    int64_t months = (y2 * 12 + m2) - (y1 * 12 + m1);
    int64_t rest1 = dd1 * DT_US_PER_DAY + dt_floor_mod(t1, DT_US_PER_DAY);
    int64_t rest2 = dd2 * DT_US_PER_DAY + dt_floor_mod(t2, DT_US_PER_DAY);
    if (months > 0 && rest2 < rest1) months--;
    else if (months < 0 && rest2 > rest1) months++;
    return months;
}

static void timestampdiff_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Unit u = unit_of(fn_str(&a[0], i));
        int64_t t1 = ts_of(&a[1], i), t2 = ts_of(&a[2], i);
        if (u == U_BAD) {
            Str s = fn_str(&a[0], i);
            fn_error(cx, "timestampdiff: invalid unit '%.*s'", (int)s.len, s.ptr);
            return;
        }
        int64_t r;
        if (u >= U_MONTH) {
            r = months_diff(t1, t2);
            r /= u == U_MONTH ? 1 : u == U_QUARTER ? 3 : 12;
        } else if (__builtin_sub_overflow(t2, t1, &r)) {
            vec_set_null(out, i);
            continue;
        } else {
            r /= unit_us[u];  // truncates toward zero like ChronoUnit.between
        }
        FN_OUT(out, int64_t)[i] = r;
    }
}

/* datediff(end, start) in days, or datediff(unit, start, end) = timestampdiff. */
static void datediff_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    if (na == 3) { timestampdiff_k(cx, a, na, n, out); return; }
    FN_EACH(i, n, out) FN_OUT(out, int32_t)[i] = (int32_t)(days_of(&a[0], i) - days_of(&a[1], i));
}

static void timestampadd_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Unit u = unit_of(fn_str(&a[0], i));
        int64_t k = fn_i64(&a[1], i), t = ts_of(&a[2], i);
        if (u == U_BAD) { fn_error(cx, "timestampadd: invalid unit"); return; }
        bool ovf;
        if (u >= U_MONTH) {
            int64_t days = dt_floor_div(t, DT_US_PER_DAY), nd;
            int64_t tod = dt_floor_mod(t, DT_US_PER_DAY);
            int64_t months = k * (u == U_MONTH ? 1 : u == U_QUARTER ? 3 : 12);
            nd = dt_add_months(days, months);
            ovf = __builtin_mul_overflow(nd, DT_US_PER_DAY, &t) ||
                  __builtin_add_overflow(t, tod, &t);
        } else {
            int64_t d;
            ovf = __builtin_mul_overflow(k, unit_us[u], &d) || __builtin_add_overflow(t, d, &t);
        }
        if (ovf) vec_set_null(out, i);
        else FN_OUT(out, int64_t)[i] = t;
    }
}

/* Truncate micros to the unit's start; false for units that do not truncate and
 * for starts before the earliest timestamp. */
static bool trunc_us(int64_t t, Unit u, int64_t *out) {
    int64_t days = dt_floor_div(t, DT_US_PER_DAY), y;
    int m, d;
    switch (u) {
    case U_MICRO: *out = t; return true;
    case U_MILLI: case U_SECOND: case U_MINUTE: case U_HOUR: case U_DAY:
        *out = t - dt_floor_mod(t, unit_us[u]);
        return true;
    case U_WEEK:
        return !__builtin_mul_overflow(days - dt_floor_mod(days + 3, 7), DT_US_PER_DAY, out);
    case U_MONTH: case U_QUARTER: case U_YEAR:
        dt_civil_from_days(days, &y, &m, &d);
        m = u == U_YEAR ? 1 : u == U_QUARTER ? (m - 1) / 3 * 3 + 1 : m;
        return !__builtin_mul_overflow(dt_days_from_civil(y, m, 1), DT_US_PER_DAY, out);
    default: return false;
    }
}

/* date_trunc(unit, ts); an unknown unit gives NULL. */
static void date_trunc_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        int64_t r;
        if (!trunc_us(ts_of(&a[1], i), unit_of(fn_str(&a[0], i)), &r)) vec_set_null(out, i);
        else FN_OUT(out, int64_t)[i] = r;
    }
}

/* trunc(date, unit): only year, quarter, month and week units; others give NULL. */
static void trunc_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        Unit u = unit_of(fn_str(&a[1], i));
        int64_t r;
        if (u < U_WEEK || !trunc_us(ts_of(&a[0], i), u, &r)) vec_set_null(out, i);
        else put_date(out, i, dt_floor_div(r, DT_US_PER_DAY));
    }
}

/* ---- epoch conversions and zones ------------------------------------------------------------ */

static void timestamp_seconds_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        double s = fn_f64(&a[0], i) * 1e6;
        if (isnan(s) || isinf(s) || fabs(s) >= 9.2e18) vec_set_null(out, i);
        else FN_OUT(out, int64_t)[i] = (int64_t)s;
    }
}

static void scale_k(const Vec *a, uint32_t n, Vec *out, int64_t mul, int64_t div, bool date) {
    FN_EACH(i, n, out) {
        int64_t v = fn_i64(&a[0], i);
        if (mul > 1 && (v > INT64_MAX / mul || v < INT64_MIN / mul)) {
            vec_set_null(out, i);
            continue;
        }
        v = dt_floor_div(v * mul, div);
        if (date) put_date(out, i, v);
        else FN_OUT(out, int64_t)[i] = v;
    }
}

#define SCALE(name, mul, div, date)                                                  \
    static void name##_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {   \
        (void)cx, (void)na;                                                         \
        scale_k(a, n, out, mul, div, date);                                         \
    }
SCALE(timestamp_millis, 1000, 1, false)
SCALE(timestamp_micros, 1, 1, false)
SCALE(unix_seconds, 1, DT_US_PER_SEC, false)
SCALE(unix_millis, 1, 1000, false)
SCALE(unix_micros, 1, 1, false)
SCALE(unix_date, 1, 1, true)
SCALE(date_from_unix_date, 1, 1, true)

static void shift_zone(FnCtx *cx, const Vec *a, uint32_t n, Vec *out, bool to_utc) {
    FN_EACH(i, n, out) {
        Str z = fn_str(&a[1], i);
        int64_t t = ts_of(&a[0], i);
        int32_t off;
        if (!dt_zone_offset(z.ptr, z.len, t, to_utc, &off)) {
            fn_error(cx, "%s: unknown time zone '%.*s'",
                     to_utc ? "to_utc_timestamp" : "from_utc_timestamp", (int)z.len, z.ptr);
            return;
        }
        int64_t r;
        if (__builtin_add_overflow(t, (to_utc ? -off : off) * DT_US_PER_SEC, &r))
            vec_set_null(out, i);
        else
            FN_OUT(out, int64_t)[i] = r;
    }
}

static void from_utc_timestamp_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    shift_zone(cx, a, n, out, false);
}
static void to_utc_timestamp_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    shift_zone(cx, a, n, out, true);
}

const FnImpl fn_date_impls[] = {
    {"current_timestamp", current_timestamp_k, true},
    {"current_date", current_date_k, true},
    {"current_timezone", current_timezone_k, true},
    {"to_date", to_date_k, false},
    {"to_timestamp", to_timestamp_k, false},
    {"date_format", date_format_k, false},
    {"from_unixtime", from_unixtime_k, false},
    {"unix_timestamp", unix_timestamp_k, false},
    {"to_unix_timestamp", unix_timestamp_k, false},
    {"year", year_k, false},
    {"quarter", quarter_k, false},
    {"month", month_k, false},
    {"day", day_k, false},
    {"dayofweek", dayofweek_k, false},
    {"weekday", weekday_k, false},
    {"dayofyear", dayofyear_k, false},
    {"weekofyear", weekofyear_k, false},
    {"hour", hour_k, false},
    {"minute", minute_k, false},
    {"second", second_k, false},
    {"date_add", date_add_k, false},
    {"date_sub", date_sub_k, false},
    {"add_months", add_months_k, false},
    {"last_day", last_day_k, false},
    {"next_day", next_day_k, false},
    {"make_date", make_date_k, false},
    {"make_timestamp", make_timestamp_k, false},
    {"months_between", months_between_k, false},
    {"datediff", datediff_k, false},
    {"timestampdiff", timestampdiff_k, false},
    {"timestampadd", timestampadd_k, false},
    {"date_trunc", date_trunc_k, false},
    {"trunc", trunc_k, false},
    {"timestamp_seconds", timestamp_seconds_k, false},
    {"timestamp_millis", timestamp_millis_k, false},
    {"timestamp_micros", timestamp_micros_k, false},
    {"unix_seconds", unix_seconds_k, false},
    {"unix_millis", unix_millis_k, false},
    {"unix_micros", unix_micros_k, false},
    {"unix_date", unix_date_k, false},
    {"date_from_unix_date", date_from_unix_date_k, false},
    {"extract", extract_k, false},
    {"from_utc_timestamp", from_utc_timestamp_k, false},
    {"to_utc_timestamp", to_utc_timestamp_k, false},
    {0},
};
