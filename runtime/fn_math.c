/* Math function kernels with Spark semantics: round is HALF_UP and bround HALF_EVEN,
 * both on the decimal (Double.toString) form of a double as Spark's BigDecimal
 * does; floor/ceil of a double give bigint; logarithms of non-positive numbers are
 * NULL; integer overflow wraps (non-ANSI). greatest/least skip NULLs. */
#include "expr_eval.h"
#include "fn_tables.h"
#include "fn_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { RM_HALF_UP, RM_HALF_EVEN, RM_FLOOR, RM_CEIL } RoundMode;

static i128 pow10_i128(int k) {
    i128 p = 1;
    while (k-- > 0) p *= 10;
    return p;
}

/* Round an unscaled decimal v (scale s) to d fractional digits (d < 0: to a
 * multiple of 10^-d) and express it at out_scale; false on overflow of out_prec. */
static bool dec_round(i128 v, int s, int d, RoundMode m, int out_scale, int out_prec, i128 *out) {
    i128 r = v;
    int cur = s;
    if (d < s) {
        int k = s - d;
        i128 q = 0, rem = v, p = 0;
        if (k <= 38) p = pow10_i128(k), q = v / p, rem = v % p;
        i128 arem = rem < 0 ? -rem : rem;
        int sign = v < 0 ? -1 : 1;
        bool half_or_more = p && arem * 2 >= p, above_half = p && arem * 2 > p;
        switch (m) {
        case RM_HALF_UP: if (half_or_more) q += sign; break;
        case RM_HALF_EVEN:
            if (above_half || (half_or_more && (q % 2 != 0))) q += sign;
            break;
        case RM_FLOOR: if (rem < 0) q -= 1; break;
        case RM_CEIL: if (rem > 0) q += 1; break;
        }
        if (d < 0 && q == 0) {
            r = 0, cur = 0;
        } else if (d < 0) {
            if (-d > 37) return false;
            i128 lim = pow10_i128(38 + d);  // |q| * 10^-d must stay below 10^38
            if (q >= lim || q <= -lim) return false;
            r = q * pow10_i128(-d), cur = 0;
        } else {
            r = q, cur = d;
        }
    }
    if (out_scale > cur) {
        int k = out_scale - cur;
        if (k > 38) return r == 0 ? (*out = 0, true) : false;
        i128 lim = pow10_i128(38 - k);
        if (r >= lim || r <= -lim) return false;
        r *= pow10_i128(k);
    } else if (out_scale < cur) {
        r /= pow10_i128(cur - out_scale);
    }
    i128 lim = pow10_i128(out_prec);
    if (r >= lim || r <= -lim) return false;
    *out = r;
    return true;
}

/* Spark rounds a double through BigDecimal(Double.toString(x)): find the shortest
 * decimal that reads back as x, round its digits, and parse the result (so
 * round(2.675, 2) is 2.68, and round(-0.4) is 0.0, not -0.0). */
static double round_double(double x, int d, RoundMode m) {
    if (isnan(x) || isinf(x)) return x;
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
        if (strtod(buf, NULL) == x) break;
    }
    // buf = [-]D.DDDDe[+-]XX: collect the digits as an integer and its scale
    char *e = strchr(buf, 'e');
    int exp10 = atoi(e + 1);
    i128 v = 0;
    int ndig = 0;
    for (char *p = buf; p < e; p++)
        if (*p >= '0' && *p <= '9') v = v * 10 + (*p - '0'), ndig++;
    if (buf[0] == '-') v = -v;
    int scale = ndig - 1 - exp10;  // value = v * 10^-scale
    if (d >= scale) return x;
    if (scale - d > 38) return 0.0;  // every digit is dropped (BigDecimal has no -0)
    i128 r;
    int out_scale = d > 0 ? d : 0;
    if (!dec_round(v, scale, d, m, out_scale, 38, &r)) return x;
    char out[64];
    int n = 0;
    bool neg = r < 0;
    unsigned __int128 u = neg ? -(unsigned __int128)r : (unsigned __int128)r;
    char digits[48];
    int nd = 0;
    do digits[nd++] = (char)('0' + (int)(u % 10)), u /= 10; while (u);
    if (neg) out[n++] = '-';
    while (nd) out[n++] = digits[--nd];
    snprintf(out + n, sizeof out - (size_t)n, "e%d", -out_scale);
    return strtod(out, NULL);
}

/* Integral rounding to d < 0 digits (d >= 0 leaves integers alone). */
static int64_t round_int(int64_t v, int d, RoundMode m) {
    if (d >= 0) return v;
    if (d < -18) return 0;
    int64_t p = 1;
    for (int k = 0; k < -d; k++) p *= 10;
    int64_t q = v / p, rem = v % p, arem = rem < 0 ? -rem : rem;
    int sign = v < 0 ? -1 : 1;
    if (m == RM_HALF_UP ? arem * 2 >= p
                        : arem * 2 > p || (arem * 2 == p && q % 2 != 0))
        q += sign;
    return (int64_t)((uint64_t)q * (uint64_t)p);  // wraps like Java
}

static void store_int(Vec *out, uint32_t i, int64_t v) {
    switch (out->type.id) {
    case TY_TINYINT: FN_OUT(out, int8_t)[i] = (int8_t)v; break;
    case TY_SMALLINT: FN_OUT(out, int16_t)[i] = (int16_t)v; break;
    case TY_INT: FN_OUT(out, int32_t)[i] = (int32_t)v; break;
    default: FN_OUT(out, int64_t)[i] = v; break;
    }
}

static void store_f(Vec *out, uint32_t i, double v) {
    if (out->type.id == TY_FLOAT) FN_OUT(out, float)[i] = (float)v;
    else FN_OUT(out, double)[i] = v;
}

static void round_kernel(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out, RoundMode m) {
    Type in = a[0].type;
    FN_EACH(i, n, out) {
        int64_t d64 = na > 1 ? fn_i64(&a[1], i) : 0;
        int d = d64 < -400 ? -400 : d64 > 400 ? 400 : (int)d64;  // same results beyond
        if (in.id == TY_DECIMAL) {
            i128 r;
            if (out->type.id == TY_DECIMAL &&
                dec_round(fn_dec(&a[0], i), in.scale, d, m, out->type.scale,
                          out->type.precision, &r)) {
                FN_OUT(out, i128)[i] = r;
            } else if (out->type.id == TY_BIGINT &&
                       dec_round(fn_dec(&a[0], i), in.scale, 0, m, 0, 19, &r)) {
                FN_OUT(out, int64_t)[i] = (int64_t)r;
            } else {
                if (cx->ansi) { fn_error(cx, "NUMERIC_VALUE_OUT_OF_RANGE in round"); return; }
                vec_set_null(out, i);
            }
        } else if (in.id == TY_FLOAT || in.id == TY_DOUBLE) {
            double x = fn_f64(&a[0], i);
            if (out->type.id == TY_BIGINT) {  // floor/ceil: Java's saturating d2l
                double f = m == RM_FLOOR ? floor(x) : ceil(x);
                FN_OUT(out, int64_t)[i] = isnan(f) ? 0 : f >= 9.2233720368547758e18 ? INT64_MAX
                                          : f <= -9.2233720368547758e18 ? INT64_MIN : (int64_t)f;
            } else {
                store_f(out, i, round_double(x, d, m));
            }
        } else {
            int64_t v = fn_i64(&a[0], i);
            store_int(out, i, m == RM_FLOOR || m == RM_CEIL ? v : round_int(v, d, m));
        }
    }
}

static void round_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    round_kernel(cx, a, na, n, out, RM_HALF_UP);
}
static void bround_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    round_kernel(cx, a, na, n, out, RM_HALF_EVEN);
}
static void floor_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    round_kernel(cx, a, na, n, out, RM_FLOOR);
}
static void ceil_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    round_kernel(cx, a, na, n, out, RM_CEIL);
}

/* abs keeps the type; abs of the smallest integer wraps to itself (non-ANSI). */
static void abs_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    TypeId t = a[0].type.id;
    FN_EACH(i, n, out) {
        if (t == TY_DECIMAL) {
            i128 v = fn_dec(&a[0], i);
            FN_OUT(out, i128)[i] = v < 0 ? -v : v;
        } else if (t == TY_FLOAT || t == TY_DOUBLE) {
            store_f(out, i, fabs(fn_f64(&a[0], i)));
        } else if (t == TY_INTERVAL) {
            int64_t v = fn_i64(&a[0], i);
            FN_OUT(out, int64_t)[i] = v < 0 ? (int64_t)(0 - (uint64_t)v) : v;
        } else {
            int64_t v = fn_i64(&a[0], i);
            if (cx->ansi && v < 0 &&
                ((t == TY_INT && v == INT32_MIN) || (t == TY_BIGINT && v == INT64_MIN) ||
                 (t == TY_SMALLINT && v == INT16_MIN) || (t == TY_TINYINT && v == INT8_MIN))) {
                fn_error(cx, "ARITHMETIC_OVERFLOW: abs of the smallest value overflows");
                return;
            }
            store_int(out, i, v < 0 ? (int64_t)(0 - (uint64_t)v) : v);
        }
    }
}

static void positive_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    int w = type_fixed_width(a[0].type.id);
    FN_EACH(i, n, out)
        memcpy((char *)out->data + (size_t)i * w,
               (const char *)a[0].data + (size_t)fn_row(&a[0], i) * w, (size_t)w);
}

/* ---- double -> double functions ----------------------------------------------- */

typedef double (*DFn)(double);

static void unary_d(const Vec *a, uint32_t n, Vec *out, DFn f, bool null_le0, double floor_) {
    FN_EACH(i, n, out) {
        double x = fn_f64(&a[0], i);
        if (null_le0 && x <= floor_) { vec_set_null(out, i); continue; }
        FN_OUT(out, double)[i] = f(x);
    }
}

/* glibc's cbrt is not correctly rounded (cbrt(27) = 3.0000000000000004); Java's
 * is: take the neighbour whose cube is closest. */
static double cbrt_d(double x) {
    double y = cbrt(x);
    if (!isfinite(y) || y == 0) return y;
    double best = y;
    long double err = fabsl((long double)y * y * y - x);
    for (int k = 0; k < 2; k++) {
        double c = nextafter(y, k ? INFINITY : -INFINITY);
        long double e = fabsl((long double)c * c * c - x);
        if (e < err) best = c, err = e;
    }
    return best;
}

static double sign_d(double x) { return isnan(x) ? x : x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; }
static double degrees_d(double x) { return x * (180.0 / M_PI); }
static double radians_d(double x) { return x / 180.0 * M_PI; }

#define UNARY(name, f, nl, fl)                                                   \
    static void name##_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) { \
        (void)cx, (void)na;                                                      \
        unary_d(a, n, out, f, nl, fl);                                           \
    }
UNARY(sqrt, sqrt, false, 0)
UNARY(cbrt, cbrt_d, false, 0)
UNARY(exp, exp, false, 0)
UNARY(expm1, expm1, false, 0)
UNARY(ln, log, true, 0)
UNARY(log10, log10, true, 0)
UNARY(log2, log2, true, 0)
UNARY(log1p, log1p, true, -1)
UNARY(sign, sign_d, false, 0)
UNARY(sin, sin, false, 0)
UNARY(cos, cos, false, 0)
UNARY(tan, tan, false, 0)
UNARY(asin, asin, false, 0)
UNARY(acos, acos, false, 0)
UNARY(atan, atan, false, 0)
UNARY(sinh, sinh, false, 0)
UNARY(cosh, cosh, false, 0)
UNARY(tanh, tanh, false, 0)
UNARY(degrees, degrees_d, false, 0)
UNARY(radians, radians_d, false, 0)

static void pow_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) FN_OUT(out, double)[i] = pow(fn_f64(&a[0], i), fn_f64(&a[1], i));
}

static void atan2_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) FN_OUT(out, double)[i] = atan2(fn_f64(&a[0], i), fn_f64(&a[1], i));
}

/* log(x) is ln; log(base, x) is NULL unless both are positive. */
static void log_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    if (na == 1) { ln_k(cx, a, na, n, out); return; }
    FN_EACH(i, n, out) {
        double b = fn_f64(&a[0], i), x = fn_f64(&a[1], i);
        if (b <= 0 || x <= 0) vec_set_null(out, i);
        else FN_OUT(out, double)[i] = log(x) / log(b);
    }
}

static void pi_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)a, (void)na;
    for (uint32_t i = 0; i < n; i++) FN_OUT(out, double)[i] = M_PI;
}
static void e_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)a, (void)na;
    for (uint32_t i = 0; i < n; i++) FN_OUT(out, double)[i] = M_E;
}

/* isnan(NULL) is false, not NULL. */
static void isnan_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    for (uint32_t i = 0; i < n; i++)
        FN_OUT(out, uint8_t)[i] = !fn_null(&a[0], i) && isnan(fn_f64(&a[0], i));
}

/* nanvl(a, b): b when a is NaN (b may be NULL), else a. */
static void nanvl_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    for (uint32_t i = 0; i < n; i++) {
        if (fn_null(&a[0], i)) { vec_set_null(out, i); continue; }
        double x = fn_f64(&a[0], i);
        if (!isnan(x)) { FN_OUT(out, double)[i] = x; continue; }
        if (fn_null(&a[1], i)) vec_set_null(out, i);
        else FN_OUT(out, double)[i] = fn_f64(&a[1], i);
    }
}

/* ---- pmod ------------------------------------------------------------------- */

/* pmod(a, n): the non-negative remainder for positive n; NULL when n is 0. */
static void pmod_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    TypeId t = out->type.id;
    FN_EACH(i, n, out) {
        if (t == TY_FLOAT || t == TY_DOUBLE) {
            double x = fn_f64(&a[0], i), m = fn_f64(&a[1], i);
            if (m == 0) { vec_set_null(out, i); continue; }
            double r = fmod(x, m);
            if (r < 0) r = fmod(r + m, m);
            store_f(out, i, r);
        } else if (t == TY_DECIMAL) {
            i128 x, m;
            int s = out->type.scale;
            if (!dec_round(fn_dec(&a[0], i), a[0].type.scale, 38, RM_FLOOR, s, 38, &x) ||
                !dec_round(fn_dec(&a[1], i), a[1].type.scale, 38, RM_FLOOR, s, 38, &m) || m == 0) {
                vec_set_null(out, i);
                continue;
            }
            i128 r = x % m;
            if (r < 0) r = (r + m) % m;
            FN_OUT(out, i128)[i] = r;
        } else {
            int64_t x = fn_i64(&a[0], i), m = fn_i64(&a[1], i);
            if (m == 0) {
                if (cx->ansi) { fn_error(cx, "DIVIDE_BY_ZERO: pmod by zero"); return; }
                vec_set_null(out, i);
                continue;
            }
            int64_t r = m == -1 ? 0 : x % m;
            if (r < 0) r = (int64_t)((uint64_t)r + (uint64_t)m) % m;  // Java wraps
            store_int(out, i, r);
        }
    }
}

/* ---- greatest / least ---------------------------------------------------------- */

static void extreme_kernel(const Vec *a, int na, uint32_t n, Vec *out, int want) {
    for (uint32_t i = 0; i < n; i++) {
        int best = -1;
        for (int j = 0; j < na; j++) {
            if (fn_null(&a[j], i)) continue;
            if (best < 0 || value_cmp(&a[j], fn_row(&a[j], i), &a[best],
                                      fn_row(&a[best], i)) * want > 0)
                best = j;
        }
        if (best < 0) { vec_set_null(out, i); continue; }
        Datum d = vec_get_datum(&a[best], fn_row(&a[best], i));
        vec_put_datum(out, i, &d);
    }
}

static void greatest_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    extreme_kernel(a, na, n, out, 1);
}
static void least_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    extreme_kernel(a, na, n, out, -1);
}

/* ---- format_number, factorial, bin, shifts ---------------------------------------- */

/* Insert Java's grouping commas into the integer digits of num (NUL-terminated). */
static void put_grouped(FnCtx *cx, Vec *out, uint32_t i, const char *num) {
    char buf[512];
    size_t n = 0, len = strlen(num);
    const char *dot = strchr(num, '.'), *p = num;
    size_t int_end = dot ? (size_t)(dot - num) : len;
    if (*p == '-') buf[n++] = *p++;
    size_t digits = int_end - (size_t)(p - num);
    for (size_t k = 0; k < digits && n < sizeof buf - 2; k++) {
        if (k && (digits - k) % 3 == 0) buf[n++] = ',';
        buf[n++] = p[k];
    }
    for (size_t k = int_end; k < len && n < sizeof buf - 1; k++) buf[n++] = num[k];
    fn_put_str(cx, out, i, buf, n);
}

/* format_number(x, d): '#,###,##0.00' with d decimals, HALF_EVEN (DecimalFormat);
 * NULL for d < 0. A negative value that rounds to zero keeps its sign ("-0.00"). */
static void format_number_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    Type t = a[0].type;
    FN_EACH(i, n, out) {
        int64_t d = fn_i64(&a[1], i);
        if (d < 0) { vec_set_null(out, i); continue; }
        if (d > 100) d = 100;
        char num[800];
        if (t.id == TY_FLOAT || t.id == TY_DOUBLE) {
            double x = fn_f64(&a[0], i);
            if (isnan(x) || isinf(x)) {
                fn_put_str(cx, out, i, isnan(x) ? "NaN" : x > 0 ? "∞" : "-∞",
                           isnan(x) ? 3 : x > 0 ? 3 : 4);
                continue;
            }
            double r = round_double(x, (int)d, RM_HALF_EVEN);
            const char *sign = r == 0 && x < 0 ? "-" : "";  // DecimalFormat's "-0.00"
            snprintf(num, sizeof num, "%s%.*f", sign, (int)d, r == 0 ? 0.0 : r);
        } else if (t.id == TY_DECIMAL) {
            i128 r;
            int sc = (int)d < 38 ? (int)d : 38;
            if (!dec_round(fn_dec(&a[0], i), t.scale, sc, RM_HALF_EVEN, sc, 38, &r)) {
                vec_set_null(out, i);
                continue;
            }
            bool neg = r < 0 || (r == 0 && fn_dec(&a[0], i) < 0);
            unsigned __int128 u = r < 0 ? -(unsigned __int128)r : (unsigned __int128)r;
            char dig[48];
            int nd = 0;
            do dig[nd++] = (char)('0' + (int)(u % 10)), u /= 10; while (u);
            while (nd <= sc) dig[nd++] = '0';
            size_t k = 0;
            if (neg) num[k++] = '-';
            while (nd > sc) num[k++] = dig[--nd];
            if (d > 0) num[k++] = '.';
            while (nd > 0) num[k++] = dig[--nd];
            for (int64_t z = sc; z < d; z++) num[k++] = '0';
            num[k] = 0;
        } else {
            snprintf(num, sizeof num, "%lld%s%.*d", (long long)fn_i64(&a[0], i), d ? "." : "",
                     (int)d, 0);  // "%.3d" of 0 is "000"; "%.0d" of 0 is empty
        }
        put_grouped(cx, out, i, num);
    }
}

static void factorial_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        int64_t k = fn_i64(&a[0], i), f = 1;
        if (k < 0 || k > 20) { vec_set_null(out, i); continue; }
        for (int64_t j = 2; j <= k; j++) f *= j;
        FN_OUT(out, int64_t)[i] = f;
    }
}

static void hypot_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) FN_OUT(out, double)[i] = hypot(fn_f64(&a[0], i), fn_f64(&a[1], i));
}

/* bin(x): Long.toBinaryString (64 bits of two's complement for negatives). */
static void bin_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        uint64_t v = (uint64_t)fn_i64(&a[0], i);
        char b[65];
        int k = 0;
        do b[k++] = (char)('0' + (v & 1)), v >>= 1; while (v);
        for (int j = 0; j < k / 2; j++) {
            char c = b[j];
            b[j] = b[k - 1 - j], b[k - 1 - j] = c;
        }
        fn_put_str(cx, out, i, b, (size_t)k);
    }
}

/* Java shifts: the count is taken modulo the width (32 or 64). */
static void shift_kernel(const Vec *a, uint32_t n, Vec *out, int kind) {
    bool wide = out->type.id == TY_BIGINT;
    FN_EACH(i, n, out) {
        int64_t v = fn_i64(&a[0], i), c = fn_i64(&a[1], i);
        if (wide) {
            uint64_t u = (uint64_t)v;
            int s = (int)(c & 63);
            uint64_t r = kind == 0 ? u << s : u >> s;
            if (kind == 1 && v < 0) r = ~(~u >> s);  // arithmetic shift keeps the sign
            FN_OUT(out, int64_t)[i] = (int64_t)r;
        } else {
            uint32_t u = (uint32_t)(int32_t)v;
            int s = (int)(c & 31);
            uint32_t r = kind == 0 ? u << s : u >> s;
            if (kind == 1 && (int32_t)u < 0) r = ~(~u >> s);
            FN_OUT(out, int32_t)[i] = (int32_t)r;
        }
    }
}

static void shiftleft_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    shift_kernel(a, n, out, 0);
}
static void shiftright_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    shift_kernel(a, n, out, 1);
}
static void shiftrightunsigned_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    shift_kernel(a, n, out, 2);
}

const FnImpl fn_math_impls[] = {
    {"abs", abs_k, false},       {"positive", positive_k, false}, {"round", round_k, false},
    {"bround", bround_k, false}, {"floor", floor_k, false},       {"ceil", ceil_k, false},
    {"sqrt", sqrt_k, false},     {"cbrt", cbrt_k, false},         {"exp", exp_k, false},
    {"expm1", expm1_k, false},   {"ln", ln_k, false},             {"log", log_k, false},
    {"log10", log10_k, false},   {"log2", log2_k, false},         {"log1p", log1p_k, false},
    {"sign", sign_k, false},     {"sin", sin_k, false},           {"cos", cos_k, false},
    {"tan", tan_k, false},       {"asin", asin_k, false},         {"acos", acos_k, false},
    {"atan", atan_k, false},     {"sinh", sinh_k, false},         {"cosh", cosh_k, false},
    {"tanh", tanh_k, false},     {"degrees", degrees_k, false},   {"radians", radians_k, false},
    {"pow", pow_k, false},       {"atan2", atan2_k, false},       {"pi", pi_k, false},
    {"e", e_k, false},           {"isnan", isnan_k, true},        {"nanvl", nanvl_k, true},
    {"pmod", pmod_k, false},     {"greatest", greatest_k, true},  {"least", least_k, true},
    {"format_number", format_number_k, false}, {"factorial", factorial_k, false},
    {"hypot", hypot_k, false},   {"bin", bin_k, false},           {"shiftleft", shiftleft_k, false},
    {"shiftright", shiftright_k, false}, {"shiftrightunsigned", shiftrightunsigned_k, false},
    {0},
};
