/* Operator kernels: arithmetic (integral wraps unless ANSI; x/0 is NULL unless ANSI;
 * DECIMAL with HALF_UP rounding and overflow -> NULL), comparisons (NaN = NaN and is
 * largest, as Spark), <=>, three-valued AND/OR/NOT, IS [NOT] NULL, IN, LIKE/ILIKE (RLIKE is in
 * fn_regex.c), concat, bit operations, coalesce. Loops run over typed arrays, constant operands
 * hoisted; the evaluator has already NULLed rows with a NULL operand (fn.h). */
#include "expr_eval.h"
#include "fn.h"
#include "nested.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

#define AT(v, T, i) (((const T *)(v)->data)[(v)->is_const ? 0 : (i)])
#define ISNULL(v, i) vec_is_null((v), (v)->is_const ? 0 : (i))

static void set_err(FnCtx *cx, const char *msg) {
    if (!cx->err) cx->err = xstrdup(msg);
}

/* Spark's message; `what` is Java's name of the type (integer, long, short, byte). */
static void overflow(FnCtx *cx, const char *what) {
    char m[300];
    snprintf(m, sizeof m,
             "[ARITHMETIC_OVERFLOW] %s overflow. If necessary set \"spark.sql.ansi.enabled\" "
             "to \"false\" to bypass this error.",
             what);
    set_err(cx, m);
}

static const char *java_name(TypeId t) {
    return t == TY_TINYINT ? "byte" : t == TY_SMALLINT ? "short" : t == TY_INT ? "integer" : "long";
}

static void div_zero(FnCtx *cx) {
    set_err(cx, "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being "
                "0 and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to "
                "\"false\" to bypass this error.");
}

static int dcmp(double a, double b) {
    if (isnan(a)) return isnan(b) ? 0 : 1;
    if (isnan(b)) return -1;
    return (a > b) - (a < b);
}

static int scmp(Str a, Str b) {
    uint32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    return c ? (c < 0 ? -1 : 1) : (a.len > b.len) - (a.len < b.len);
}

int value_cmp(const Vec *a, uint32_t i, const Vec *b, uint32_t j) {
    switch (a->type.id) {
    case TY_BOOLEAN: {
        int x = AT(a, uint8_t, i), y = AT(b, uint8_t, j);
        return (x > y) - (x < y);
    }
    case TY_TINYINT: {
        int x = AT(a, int8_t, i), y = AT(b, int8_t, j);
        return (x > y) - (x < y);
    }
    case TY_SMALLINT: {
        int x = AT(a, int16_t, i), y = AT(b, int16_t, j);
        return (x > y) - (x < y);
    }
    case TY_INT:
    case TY_DATE: {
        int32_t x = AT(a, int32_t, i), y = AT(b, int32_t, j);
        return (x > y) - (x < y);
    }
    case TY_BIGINT:
    case TY_TIMESTAMP:
    case TY_INTERVAL: {
        int64_t x = AT(a, int64_t, i), y = AT(b, int64_t, j);
        return (x > y) - (x < y);
    }
    case TY_FLOAT: return dcmp(AT(a, float, i), AT(b, float, j));
    case TY_DOUBLE: return dcmp(AT(a, double, i), AT(b, double, j));
    case TY_DECIMAL: {
        i128 x = AT(a, i128, i), y = AT(b, i128, j);
        if (a->type.scale != b->type.scale) { // align; on overflow the larger magnitude wins
            i128 t;
            if (a->type.scale < b->type.scale) {
                if (dec_rescale(x, a->type.scale, b->type.scale, 38, &t))
                    x = t;
                else
                    return x < 0 ? -1 : 1;
            } else {
                if (dec_rescale(y, b->type.scale, a->type.scale, 38, &t))
                    y = t;
                else
                    return y < 0 ? 1 : -1;
            }
        }
        return (x > y) - (x < y);
    }
    case TY_STRING:
    case TY_BINARY: return scmp(AT(a, Str, i), AT(b, Str, j));
    case TY_ARRAY:
    case TY_MAP: return type_is_nested(b->type.id) ? nested_cmp(a, i, b, j) : 0;
    default: return 0;
    }
}

/* ---- comparisons ---- */

#define ICMP(x, y) (((x) > (y)) - ((x) < (y)))

#define CMP_LOOP(T, CMPF, OP)                                                                      \
    do {                                                                                           \
        uint8_t *o = out->data;                                                                    \
        const T *x = a->data, *y = b->data;                                                        \
        if (b->is_const && !a->is_const) {                                                         \
            T r = y[0];                                                                            \
            for (uint32_t i = 0; i < n; i++) o[i] = CMPF(x[i], r) OP 0;                            \
        } else if (!a->is_const && !b->is_const) {                                                 \
            for (uint32_t i = 0; i < n; i++) o[i] = CMPF(x[i], y[i]) OP 0;                         \
        } else {                                                                                   \
            for (uint32_t i = 0; i < n; i++) o[i] = CMPF(AT(a, T, i), AT(b, T, i)) OP 0;           \
        }                                                                                          \
    } while (0)

#define CMP_KERNEL(name, OP)                                                                       \
    static void name(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {                \
        (void)cx;                                                                                  \
        (void)nargs;                                                                               \
        const Vec *a = &args[0], *b = &args[1];                                                    \
        switch (a->type.id) {                                                                      \
        case TY_BOOLEAN: CMP_LOOP(uint8_t, ICMP, OP); break;                                       \
        case TY_TINYINT: CMP_LOOP(int8_t, ICMP, OP); break;                                        \
        case TY_SMALLINT: CMP_LOOP(int16_t, ICMP, OP); break;                                      \
        case TY_INT:                                                                               \
        case TY_DATE: CMP_LOOP(int32_t, ICMP, OP); break;                                          \
        case TY_BIGINT:                                                                            \
        case TY_TIMESTAMP:                                                                         \
        case TY_INTERVAL: CMP_LOOP(int64_t, ICMP, OP); break;                                      \
        case TY_FLOAT: CMP_LOOP(float, dcmp, OP); break;                                           \
        case TY_DOUBLE: CMP_LOOP(double, dcmp, OP); break;                                         \
        case TY_DECIMAL:                                                                           \
            if (a->type.scale == b->type.scale)                                                    \
                CMP_LOOP(i128, ICMP, OP);                                                          \
            else                                                                                   \
                for (uint32_t i = 0; i < n; i++)                                                   \
                    ((uint8_t *)out->data)[i] = value_cmp(a, i, b, i) OP 0;                        \
            break;                                                                                 \
        case TY_STRING:                                                                            \
        case TY_BINARY: CMP_LOOP(Str, scmp, OP); break;                                            \
        default: set_err(cx, "comparison of unsupported type"); break;                             \
        }                                                                                          \
    }

CMP_KERNEL(k_eq, ==)
CMP_KERNEL(k_ne, !=)
CMP_KERNEL(k_lt, <)
CMP_KERNEL(k_le, <=)
CMP_KERNEL(k_gt, >)
CMP_KERNEL(k_ge, >=)

static void k_eq_null_safe(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)cx;
    (void)nargs;
    uint8_t *o = out->data;
    for (uint32_t i = 0; i < n; i++) {
        bool na = ISNULL(&args[0], i), nb = ISNULL(&args[1], i);
        o[i] = na || nb ? na == nb : value_cmp(&args[0], i, &args[1], i) == 0;
    }
}

/* ---- logic (three-valued) ---- */

static void k_and(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)cx;
    (void)nargs;
    uint8_t *o = out->data;
    const Vec *a = &args[0], *b = &args[1];
    for (uint32_t i = 0; i < n; i++) {
        bool na = ISNULL(a, i), nb = ISNULL(b, i);
        bool fa = !na && !AT(a, uint8_t, i), fb = !nb && !AT(b, uint8_t, i);
        if (fa || fb)
            o[i] = 0;
        else if (na || nb)
            vec_set_null(out, i);
        else
            o[i] = 1;
    }
}

static void k_or(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)cx;
    (void)nargs;
    uint8_t *o = out->data;
    const Vec *a = &args[0], *b = &args[1];
    for (uint32_t i = 0; i < n; i++) {
        bool na = ISNULL(a, i), nb = ISNULL(b, i);
        bool ta = !na && AT(a, uint8_t, i), tb = !nb && AT(b, uint8_t, i);
        if (ta || tb)
            o[i] = 1;
        else if (na || nb)
            vec_set_null(out, i);
        else
            o[i] = 0;
    }
}

static void k_not(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)cx;
    (void)nargs;
    uint8_t *o = out->data;
    for (uint32_t i = 0; i < n; i++) o[i] = !AT(&args[0], uint8_t, i);
}

static void k_is_null(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)cx;
    (void)nargs;
    uint8_t *o = out->data;
    for (uint32_t i = 0; i < n; i++) o[i] = ISNULL(&args[0], i);
}

static void k_is_not_null(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)cx;
    (void)nargs;
    uint8_t *o = out->data;
    for (uint32_t i = 0; i < n; i++) o[i] = !ISNULL(&args[0], i);
}

/* x IN (v1, ...): TRUE on a match, else NULL when x or any v is NULL, else FALSE. */
static void k_in(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)cx;
    uint8_t *o = out->data;
    for (uint32_t i = 0; i < n; i++) {
        if (ISNULL(&args[0], i)) {
            vec_set_null(out, i);
            continue;
        }
        bool found = false, saw_null = false;
        for (int k = 1; k < nargs && !found; k++) {
            if (ISNULL(&args[k], i))
                saw_null = true;
            else if (value_cmp(&args[0], i, &args[k], i) == 0)
                found = true;
        }
        if (found)
            o[i] = 1;
        else if (saw_null)
            vec_set_null(out, i);
        else
            o[i] = 0;
    }
}

static void k_coalesce(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)cx;
    size_t w = (size_t)type_fixed_width(out->type.id);
    for (uint32_t i = 0; i < n; i++) {
        int k = 0;
        while (k < nargs && ISNULL(&args[k], i)) k++;
        if (k == nargs) {
            vec_set_null(out, i);
            continue;
        }
        const Vec *a = &args[k];
        if (a->type.id == TY_DECIMAL && a->type.scale != out->type.scale) {
            i128 v;
            if (dec_rescale(AT(a, i128, i), a->type.scale, out->type.scale, 38, &v))
                ((i128 *)out->data)[i] = v;
            else
                vec_set_null(out, i);
            continue;
        }
        memcpy((char *)out->data + i * w, (const char *)a->data + (a->is_const ? 0 : i) * w, w);
    }
}

/* ---- decimal helpers ---- */

typedef struct {
    u128 hi, lo;
} U256;

static U256 mul128(u128 a, u128 b) {
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64), b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    U256 r;
    r.lo = (mid << 64) | (uint64_t)p00;
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

/* Long division of a 256-bit value by d (< 2^127); quotient must fit in 128 bits or
 * *ok becomes false. */
static u128 div256(U256 n, u128 d, bool *ok) {
    if (n.hi == 0) return n.lo / d;
    if (n.hi >= d) {
        *ok = false;
        return 0;
    }
    u128 rem = n.hi, q = 0;
    for (int i = 127; i >= 0; i--) {
        bool top = rem >> 127;
        rem = rem << 1 | ((n.lo >> i) & 1);
        q <<= 1;
        if (top || rem >= d) {
            rem -= d;
            q |= 1;
        }
    }
    return q;
}

/* round_half_up(n / 10^k) for a 256-bit magnitude; false when it does not fit. */
static bool div_pow10_round(U256 n, int k, u128 *out) {
    bool ok = true;
    if (k == 0) {
        if (n.hi) return false;
        *out = n.lo;
        return true;
    }
    u128 q = div256(n, (u128)dec_pow10(k - 1), &ok);
    if (!ok) { // two steps: the first quotient may not fit 128 bits yet
        int k1 = k - 1 > 19 ? 19 : k - 1;
        u128 d = (u128)dec_pow10(k1);
        // n / d where quotient < 2^256: divide hi and lo parts
        u128 qh = n.hi / d, rh = n.hi % d;
        U256 rest = {rh, n.lo};
        u128 ql = div256(rest, d, &ok);
        if (!ok || qh) return false;
        U256 m = {0, ql};
        q = div256(m, (u128)dec_pow10(k - 1 - k1), &ok);
        if (!ok) return false;
    }
    u128 last = q % 10;
    q /= 10;
    if (last >= 5) q++;
    *out = q;
    return true;
}

static bool dec_fits(i128 v, int prec) {
    i128 lim = dec_pow10(prec);
    return v < lim && v > -lim;
}

/* a*b (scales sa+sb) rescaled to `scale`. */
static bool dec_mul(i128 a, int sa, i128 b, int sb, int prec, int scale, i128 *out) {
    bool neg = (a < 0) != (b < 0);
    u128 ua = a < 0 ? -(u128)a : (u128)a, ub = b < 0 ? -(u128)b : (u128)b;
    U256 p = mul128(ua, ub);
    int ps = sa + sb;
    u128 q;
    if (scale >= ps) {
        if (p.hi) return false;
        i128 t;
        if (p.lo >> 127) return false;
        if (!dec_rescale((i128)p.lo, ps, scale, prec, &t)) return false;
        *out = neg ? -t : t;
        return true;
    }
    if (!div_pow10_round(p, ps - scale, &q) || q >> 127) return false;
    i128 r = neg ? -(i128)q : (i128)q;
    if (!dec_fits(r, prec)) return false;
    *out = r;
    return true;
}

/* a/b to `scale`, HALF_UP. */
static bool dec_div(i128 a, int sa, i128 b, int sb, int prec, int scale, i128 *out) {
    bool neg = (a < 0) != (b < 0);
    u128 ua = a < 0 ? -(u128)a : (u128)a, ub = b < 0 ? -(u128)b : (u128)b;
    int e = sb + scale - sa + 1; // one extra digit to round on
    U256 num = {0, ua};
    u128 den = ub;
    if (e >= 0) {
        if (e > 76) return false;
        num = e <= 38 ? mul128(ua, (u128)dec_pow10(e)) : mul128(ua, (u128)dec_pow10(38));
        if (e > 38) {
            if (num.hi) return false;
            num = mul128(num.lo, (u128)dec_pow10(e - 38));
        }
    } else {
        U256 d = mul128(ub, (u128)dec_pow10(-e > 38 ? 38 : -e));
        if (d.hi || d.lo >> 126 || -e > 38) {
            *out = 0;
            return true;
        }
        den = d.lo;
    }
    bool ok = true;
    u128 q = div256(num, den, &ok);
    if (!ok) return false;
    u128 last = q % 10;
    q /= 10;
    if (last >= 5) q++;
    if (q >> 127) return false;
    i128 r = neg ? -(i128)q : (i128)q;
    if (!dec_fits(r, prec)) return false;
    *out = r;
    return true;
}

/* ---- arithmetic ---- */

enum {
    AR_ADD,     // +
    AR_SUB,     // -
    AR_MUL,     // *
    AR_DIV,     // /
    AR_INTDIV,  // div
    AR_MOD,     // %
};

#define WRAP_LOOP(T, UT, OP)                                                                       \
    do {                                                                                           \
        T *o = out->data;                                                                          \
        const T *x = a->data, *y = b->data;                                                        \
        if (!a->is_const && !b->is_const)                                                          \
            for (uint32_t i = 0; i < n; i++) o[i] = (T)((UT)x[i] OP(UT) y[i]);                     \
        else if (!a->is_const) {                                                                   \
            UT r = (UT)y[0];                                                                       \
            for (uint32_t i = 0; i < n; i++) o[i] = (T)((UT)x[i] OP r);                            \
        } else                                                                                     \
            for (uint32_t i = 0; i < n; i++) o[i] = (T)((UT)AT(a, T, i) OP(UT) AT(b, T, i));       \
    } while (0)

#define CHECKED_LOOP(T, BUILTIN)                                                                   \
    do {                                                                                           \
        T *o = out->data;                                                                          \
        for (uint32_t i = 0; i < n; i++)                                                           \
            if (BUILTIN(AT(a, T, i), AT(b, T, i), &o[i]) && !ISNULL(out, i)) {                     \
                overflow(cx, java_name(out->type.id));                                             \
                return;                                                                            \
            }                                                                                      \
    } while (0)

#define FLOAT_LOOP(T, OP)                                                                          \
    do {                                                                                           \
        T *o = out->data;                                                                          \
        const T *x = a->data, *y = b->data;                                                        \
        if (!a->is_const && !b->is_const)                                                          \
            for (uint32_t i = 0; i < n; i++) o[i] = x[i] OP y[i];                                  \
        else                                                                                       \
            for (uint32_t i = 0; i < n; i++) o[i] = AT(a, T, i) OP AT(b, T, i);                    \
    } while (0)

#define INT_ADDSUBMUL(OP, BUILTIN)                                                                 \
    switch (out->type.id) {                                                                        \
    case TY_TINYINT:                                                                               \
        if (cx->ansi)                                                                              \
            CHECKED_LOOP(int8_t, BUILTIN);                                                         \
        else                                                                                       \
            WRAP_LOOP(int8_t, uint32_t, OP);                                                       \
        break;                                                                                     \
    case TY_SMALLINT:                                                                              \
        if (cx->ansi)                                                                              \
            CHECKED_LOOP(int16_t, BUILTIN);                                                        \
        else                                                                                       \
            WRAP_LOOP(int16_t, uint32_t, OP);                                                      \
        break;                                                                                     \
    case TY_INT:                                                                                   \
        if (cx->ansi)                                                                              \
            CHECKED_LOOP(int32_t, BUILTIN);                                                        \
        else                                                                                       \
            WRAP_LOOP(int32_t, uint32_t, OP);                                                      \
        break;                                                                                     \
    case TY_BIGINT:                                                                                \
        if (cx->ansi)                                                                              \
            CHECKED_LOOP(int64_t, BUILTIN);                                                        \
        else                                                                                       \
            WRAP_LOOP(int64_t, uint64_t, OP);                                                      \
        break;                                                                                     \
    case TY_FLOAT: FLOAT_LOOP(float, OP); break;                                                   \
    case TY_DOUBLE: FLOAT_LOOP(double, OP); break;                                                 \
    case TY_TIMESTAMP:                                                                             \
    case TY_INTERVAL:                                                                              \
        if (type_fixed_width(a->type.id) == 8 && type_fixed_width(b->type.id) == 8)                \
            WRAP_LOOP(int64_t, uint64_t, OP);                                                      \
        else                                                                                       \
            set_err(cx, "arithmetic on unsupported types");                                        \
        break;                                                                                     \
    default: set_err(cx, "arithmetic on unsupported types"); break;                                \
    }

static void dec_arith(FnCtx *cx, int op, const Vec *a, const Vec *b, uint32_t n, Vec *out) {
    int sa = a->type.scale, sb = b->type.scale, ps = out->type.precision, rs = out->type.scale;
    i128 *o = out->data;
    for (uint32_t i = 0; i < n; i++) {
        if (ISNULL(out, i)) continue;
        i128 x = AT(a, i128, i), y = AT(b, i128, i), r = 0;
        bool ok = true;
        int ms = sa > sb ? sa : sb;
        switch (op) {
        case AR_ADD:
        case AR_SUB:
        case AR_MOD: {
            i128 xa, ya;
            ok = dec_rescale(x, sa, ms, 38, &xa) && dec_rescale(y, sb, ms, 38, &ya);
            if (!ok) break;
            if (op == AR_MOD) {
                if (ya == 0) {
                    if (cx->ansi) {
                        div_zero(cx);
                        return;
                    }
                    vec_set_null(out, i);
                    continue;
                }
                r = xa % ya;
            } else if (op == AR_ADD ? __builtin_add_overflow(xa, ya, &r)
                                    : __builtin_sub_overflow(xa, ya, &r)) {
                ok = false; // 2 * 10^38 does not fit an i128, and not 38 digits either
                break;
            }
            ok = dec_rescale(r, ms, rs, ps, &r);
            break;
        }
        case AR_MUL: ok = dec_mul(x, sa, y, sb, ps, rs, &r); break;
        case AR_DIV:
            if (y == 0) {
                if (cx->ansi) {
                    div_zero(cx);
                    return;
                }
                vec_set_null(out, i);
                continue;
            }
            ok = dec_div(x, sa, y, sb, ps, rs, &r);
            break;
        }
        if (ok)
            o[i] = r;
        else if (cx->ansi) {
            set_err(cx, "[NUMERIC_VALUE_OUT_OF_RANGE] decimal arithmetic overflow. If necessary "
                        "set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
            return;
        } else
            vec_set_null(out, i);
    }
}

static int64_t int_at(const Vec *v, uint32_t i) {
    switch (v->type.id) {
    case TY_TINYINT: return AT(v, int8_t, i);
    case TY_SMALLINT: return AT(v, int16_t, i);
    case TY_INT:
    case TY_DATE: return AT(v, int32_t, i);
    default: return AT(v, int64_t, i);
    }
}

/* date +/- days (either operand order for +): wraps like Spark's int arithmetic. */
static int64_t as_days(const Vec *v, uint32_t i) { // an interval operand counts whole days
    int64_t x = int_at(v, i);
    if (v->type.id != TY_INTERVAL) return x;
    int64_t d = x / 86400000000LL;
    return (x % 86400000000LL != 0 && x < 0) ? d - 1 : d;
}

static void date_arith(const Vec *a, const Vec *b, uint32_t n, Vec *out, int sign) {
    int32_t *o = out->data;
    for (uint32_t i = 0; i < n; i++)
        o[i] = (int32_t)(uint32_t)((uint64_t)as_days(a, i) + (uint64_t)(sign * as_days(b, i)));
}

static void k_add(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)nargs;
    const Vec *a = &args[0], *b = &args[1];
    if (out->type.id == TY_DECIMAL) {
        dec_arith(cx, AR_ADD, a, b, n, out);
        return;
    }
    if (out->type.id == TY_DATE) {
        date_arith(a, b, n, out, 1);
        return;
    }
    INT_ADDSUBMUL(+, __builtin_add_overflow)
}

static void k_sub(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)nargs;
    const Vec *a = &args[0], *b = &args[1];
    if (out->type.id == TY_DECIMAL) {
        dec_arith(cx, AR_SUB, a, b, n, out);
        return;
    }
    if (out->type.id == TY_DATE) {
        date_arith(a, b, n, out, -1);
        return;
    }
    INT_ADDSUBMUL(-, __builtin_sub_overflow)
}

static void k_mul(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)nargs;
    const Vec *a = &args[0], *b = &args[1];
    if (out->type.id == TY_DECIMAL) {
        dec_arith(cx, AR_MUL, a, b, n, out);
        return;
    }
    INT_ADDSUBMUL(*, __builtin_mul_overflow)
}

static double num_as_double(const Vec *v, uint32_t i) {
    switch (v->type.id) {
    case TY_FLOAT: return AT(v, float, i);
    case TY_DOUBLE: return AT(v, double, i);
    case TY_TINYINT: return AT(v, int8_t, i);
    case TY_SMALLINT: return AT(v, int16_t, i);
    case TY_INT: return AT(v, int32_t, i);
    case TY_BIGINT: return (double)AT(v, int64_t, i);
    default: return 0;
    }
}

static int64_t num_as_long(const Vec *v, uint32_t i) {
    switch (v->type.id) {
    case TY_TINYINT: return AT(v, int8_t, i);
    case TY_SMALLINT: return AT(v, int16_t, i);
    case TY_INT: return AT(v, int32_t, i);
    case TY_BIGINT: return AT(v, int64_t, i);
    default: return (int64_t)num_as_double(v, i);
    }
}

/* `/`: DOUBLE (or DECIMAL); division by zero is NULL (Spark), an error under ANSI. */
static void k_div(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)nargs;
    const Vec *a = &args[0], *b = &args[1];
    if (out->type.id == TY_DECIMAL) {
        dec_arith(cx, AR_DIV, a, b, n, out);
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (ISNULL(out, i)) continue;
        double y = num_as_double(b, i);
        if (y == 0) {
            if (cx->ansi) {
                div_zero(cx);
                return;
            }
            vec_set_null(out, i);
            continue;
        }
        double r = num_as_double(a, i) / y;
        if (out->type.id == TY_FLOAT)
            ((float *)out->data)[i] = (float)r;
        else
            ((double *)out->data)[i] = r;
    }
}

/* `div`: integral quotient truncated toward zero, BIGINT. */
static void k_intdiv(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)nargs;
    const Vec *a = &args[0], *b = &args[1];
    int64_t *o = out->data;
    for (uint32_t i = 0; i < n; i++) {
        if (ISNULL(out, i)) continue;
        if (a->type.id == TY_DECIMAL) {
            i128 x = AT(a, i128, i), y = AT(b, i128, i);
            int sa = a->type.scale, sb = b->type.scale, ms = sa > sb ? sa : sb;
            if (y == 0) {
                if (cx->ansi) {
                    div_zero(cx);
                    return;
                }
                vec_set_null(out, i);
                continue;
            }
            i128 xa = x, ya = y;
            if (!dec_rescale(x, sa, ms, 38, &xa) || !dec_rescale(y, sb, ms, 38, &ya)) {
                vec_set_null(out, i);
                continue;
            }
            o[i] = (int64_t)(xa / ya);
            continue;
        }
        int64_t x = num_as_long(a, i), y = num_as_long(b, i);
        if (y == 0) {
            if (cx->ansi) {
                div_zero(cx);
                return;
            }
            vec_set_null(out, i);
            continue;
        }
        if (y == -1) {
            if (x == INT64_MIN && cx->ansi) {
                overflow(cx, "long");
                return;
            }
            o[i] = (int64_t)(0 - (uint64_t)x);
        } else
            o[i] = x / y;
    }
}

/* `%`: the sign of the dividend; by zero is NULL. */
static void k_mod(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)nargs;
    const Vec *a = &args[0], *b = &args[1];
    if (out->type.id == TY_DECIMAL) {
        dec_arith(cx, AR_MOD, a, b, n, out);
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (ISNULL(out, i)) continue;
        if (out->type.id == TY_FLOAT || out->type.id == TY_DOUBLE) {
            double y = num_as_double(b, i);
            if (y == 0) {
                if (cx->ansi) {
                    div_zero(cx);
                    return;
                }
                vec_set_null(out, i);
                continue;
            }
            double r = fmod(num_as_double(a, i), y);
            if (out->type.id == TY_FLOAT)
                ((float *)out->data)[i] = (float)r;
            else
                ((double *)out->data)[i] = r;
            continue;
        }
        int64_t x = num_as_long(a, i), y = num_as_long(b, i);
        if (y == 0) {
            if (cx->ansi) {
                div_zero(cx);
                return;
            }
            vec_set_null(out, i);
            continue;
        }
        int64_t r = y == -1 ? 0 : x % y;
        switch (out->type.id) {
        case TY_TINYINT: ((int8_t *)out->data)[i] = (int8_t)r; break;
        case TY_SMALLINT: ((int16_t *)out->data)[i] = (int16_t)r; break;
        case TY_INT: ((int32_t *)out->data)[i] = (int32_t)r; break;
        default: ((int64_t *)out->data)[i] = r; break;
        }
    }
}

static void k_neg(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)nargs;
    const Vec *a = &args[0];
    for (uint32_t i = 0; i < n; i++) {
        switch (out->type.id) {
        case TY_TINYINT:
        case TY_SMALLINT:
        case TY_INT:
        case TY_BIGINT: {
            int64_t x = num_as_long(a, i);
            int64_t lo = out->type.id == TY_TINYINT    ? INT8_MIN
                         : out->type.id == TY_SMALLINT ? INT16_MIN
                         : out->type.id == TY_INT      ? INT32_MIN
                                                       : INT64_MIN;
            if (x == lo && cx->ansi && !ISNULL(a, i)) {
                overflow(cx, java_name(out->type.id));
                return;
            }
            uint64_t r = 0 - (uint64_t)x;
            if (out->type.id == TY_TINYINT)
                ((int8_t *)out->data)[i] = (int8_t)r;
            else if (out->type.id == TY_SMALLINT)
                ((int16_t *)out->data)[i] = (int16_t)r;
            else if (out->type.id == TY_INT)
                ((int32_t *)out->data)[i] = (int32_t)r;
            else
                ((int64_t *)out->data)[i] = (int64_t)r;
            break;
        }
        case TY_FLOAT: ((float *)out->data)[i] = -AT(a, float, i); break;
        case TY_DOUBLE: ((double *)out->data)[i] = -AT(a, double, i); break;
        case TY_DECIMAL: ((i128 *)out->data)[i] = (i128)(0 - (u128)AT(a, i128, i)); break;
        case TY_INTERVAL:
            ((int64_t *)out->data)[i] = (int64_t)(0 - (uint64_t)AT(a, int64_t, i));
            break;
        default: break;
        }
    }
}

/* ---- bit operations ---- */

#define BIT_KERNEL(name, OP)                                                                       \
    static void name(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {                \
        (void)cx;                                                                                  \
        (void)nargs;                                                                               \
        const Vec *a = &args[0], *b = &args[1];                                                    \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            int64_t r = num_as_long(a, i) OP num_as_long(b, i);                                    \
            switch (out->type.id) {                                                                \
            case TY_TINYINT: ((int8_t *)out->data)[i] = (int8_t)r; break;                          \
            case TY_SMALLINT: ((int16_t *)out->data)[i] = (int16_t)r; break;                       \
            case TY_INT: ((int32_t *)out->data)[i] = (int32_t)r; break;                            \
            default: ((int64_t *)out->data)[i] = r; break;                                         \
            }                                                                                      \
        }                                                                                          \
    }

BIT_KERNEL(k_bitand, &)
BIT_KERNEL(k_bitor, |)
BIT_KERNEL(k_bitxor, ^)

static void k_bitnot(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    (void)cx;
    (void)nargs;
    for (uint32_t i = 0; i < n; i++) {
        int64_t r = ~num_as_long(&args[0], i);
        switch (out->type.id) {
        case TY_TINYINT: ((int8_t *)out->data)[i] = (int8_t)r; break;
        case TY_SMALLINT: ((int16_t *)out->data)[i] = (int16_t)r; break;
        case TY_INT: ((int32_t *)out->data)[i] = (int32_t)r; break;
        default: ((int64_t *)out->data)[i] = r; break;
        }
    }
}

/* ---- strings ---- */

static void k_concat(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    Str *o = out->data;
    for (uint32_t i = 0; i < n; i++) {
        if (ISNULL(out, i)) continue;
        size_t len = 0;
        for (int k = 0; k < nargs; k++) len += AT(&args[k], Str, i).len;
        char *p = arena_alloc(cx->heap, len + 1), *q = p;
        for (int k = 0; k < nargs; k++) {
            Str s = AT(&args[k], Str, i);
            if (s.len) memcpy(q, s.ptr, s.len);
            q += s.len;
        }
        o[i] = (Str){(uint32_t)len, p};
    }
}

static int lower_ascii(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static uint32_t utf8_len(const char *s, uint32_t i, uint32_t n) {
    unsigned char c = (unsigned char)s[i];
    uint32_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return i + k > n ? n - i : k;
}

/* SQL LIKE with escape character esc: % any run, _ one character. Iterative with
 * one backtrack point per %, so it is linear-ish and never recurses. */
static bool like_match(Str s, Str p, int esc, bool fold) {
    uint32_t si = 0, pi = 0, star_p = UINT32_MAX, star_s = 0;
    while (si < s.len) {
        if (pi < p.len && p.ptr[pi] == '%') {
            star_p = ++pi;
            star_s = si;
            continue;
        }
        if (pi < p.len) {
            bool lit = false;
            uint32_t pc = pi;
            if (p.ptr[pi] == esc && pi + 1 < p.len) lit = true, pc = pi + 1;
            if (!lit && p.ptr[pi] == '_') {
                si += utf8_len(s.ptr, si, s.len);
                pi++;
                continue;
            }
            int a = (unsigned char)s.ptr[si], b = (unsigned char)p.ptr[pc];
            if (fold) a = lower_ascii(a), b = lower_ascii(b);
            if (a == b) {
                si++;
                pi = pc + 1;
                continue;
            }
        }
        if (star_p == UINT32_MAX) return false;
        pi = star_p;
        si = ++star_s;
    }
    while (pi < p.len && p.ptr[pi] == '%') pi++;
    return pi == p.len;
}

static void like_common(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out, bool fold) {
    int esc = '\\';
    if (nargs > 2 && AT(&args[2], Str, 0).len) esc = (unsigned char)AT(&args[2], Str, 0).ptr[0];
    (void)cx;
    uint8_t *o = out->data;
    for (uint32_t i = 0; i < n; i++)
        o[i] = like_match(AT(&args[0], Str, i), AT(&args[1], Str, i), esc, fold);
}

static void k_like(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    like_common(cx, args, nargs, n, out, false);
}

static void k_ilike(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out) {
    like_common(cx, args, nargs, n, out, true);
}

const FnImpl fn_core_impls[] = {
    {"add", k_add, false},
    {"sub", k_sub, false},
    {"mul", k_mul, false},
    {"div", k_div, false},
    {"intdiv", k_intdiv, false},
    {"mod", k_mod, false},
    {"neg", k_neg, false},
    {"eq", k_eq, false},
    {"ne", k_ne, false},
    {"lt", k_lt, false},
    {"le", k_le, false},
    {"gt", k_gt, false},
    {"ge", k_ge, false},
    {"eq_null_safe", k_eq_null_safe, true},
    {"and", k_and, true},
    {"or", k_or, true},
    {"not", k_not, false},
    {"is_null", k_is_null, true},
    {"is_not_null", k_is_not_null, true},
    {"in", k_in, true},
    {"coalesce", k_coalesce, true},
    {"like", k_like, false},
    {"ilike", k_ilike, false},
    {"concat", k_concat, false},
    {"bitand", k_bitand, false},
    {"bitor", k_bitor, false},
    {"bitxor", k_bitxor, false},
    {"bitnot", k_bitnot, false},
    {NULL, NULL, false},
};
