/* Miscellaneous kernels: nullif, nvl2, format_string (a java.util.Formatter
 * subset: %[n$][-+ 0,#][width][.prec] with d s S f e E g G x X o b %% n), session
 * facts (current_user, current_database, current_catalog), typeof, rand/randn,
 * spark_partition_id, base64/unbase64/hex. */
#include "expr_eval.h"
#include "fn_tables.h"
#include "fn_util.h"
#include "json_path.h"
#include "str.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_row(const Vec *src, uint32_t i, Vec *out, uint32_t o) {
    Datum d = vec_get_datum(src, fn_row(src, i));
    vec_put_datum(out, o, &d);
}

/* nullif(a, b): NULL when a = b, else a (both have the comparison type). */
static void nullif_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    for (uint32_t i = 0; i < n; i++) {
        if (fn_null(&a[0], i) || (!fn_null(&a[1], i) &&
                                  value_cmp(&a[0], fn_row(&a[0], i), &a[1], fn_row(&a[1], i)) == 0))
            vec_set_null(out, i);
        else
            copy_row(&a[0], i, out, i);
    }
}

/* nvl2(x, a, b): a when x is not NULL, else b. */
static void nvl2_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    for (uint32_t i = 0; i < n; i++) {
        const Vec *src = fn_null(&a[0], i) ? &a[2] : &a[1];
        if (fn_null(src, i)) vec_set_null(out, i);
        else copy_row(src, i, out, i);
    }
}

static void const_str(FnCtx *cx, uint32_t n, Vec *out, const char *s) {
    size_t len = strlen(s);
    char *p = fn_alloc(cx, len);
    if (!p) return;
    memcpy(p, s, len);
    for (uint32_t i = 0; i < n; i++) FN_OUT(out, Str)[i] = (Str){(uint32_t)len, p};
}

static void current_user_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)a, (void)na;
    const char *u = getenv("USER");
    const_str(cx, n, out, u && *u ? u : "sluice");
}
static void current_database_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)a, (void)na;
    const_str(cx, n, out, "default");
}
static void current_catalog_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)a, (void)na;
    const_str(cx, n, out, "spark_catalog");
}
static void typeof_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    char buf[128];
    const_str(cx, n, out, type_sql_name(a[0].type, buf, sizeof buf));
}
static void spark_partition_id_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)a, (void)na;
    for (uint32_t i = 0; i < n; i++) FN_OUT(out, int32_t)[i] = 0;
}

/* rand([seed]) is uniform in [0, 1); the seed is ignored (per-thread generator). */
static double uniform(void) { return (double)(fn_random_u64() >> 11) * 0x1.0p-53; }

static void rand_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)a, (void)na;
    for (uint32_t i = 0; i < n; i++) FN_OUT(out, double)[i] = uniform();
}

static void randn_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)a, (void)na;
    for (uint32_t i = 0; i < n; i++) {  // Box-Muller
        double u1 = uniform(), u2 = uniform();
        FN_OUT(out, double)[i] = sqrt(-2.0 * log(u1 > 0 ? u1 : 0x1.0p-53)) * cos(2 * M_PI * u2);
    }
}

/* ---- base64 and hex --------------------------------------------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        const unsigned char *p = (const unsigned char *)s.ptr;
        size_t len = (s.len + 2) / 3 * 4;
        char *o = fn_alloc(cx, len);
        if (!o) return;
        size_t k = 0;
        for (uint32_t j = 0; j < s.len; j += 3) {
            uint32_t v = (uint32_t)p[j] << 16 | (j + 1 < s.len ? (uint32_t)p[j + 1] << 8 : 0) |
                         (j + 2 < s.len ? p[j + 2] : 0);
            o[k++] = b64[v >> 18];
            o[k++] = b64[v >> 12 & 63];
            o[k++] = j + 1 < s.len ? b64[v >> 6 & 63] : '=';
            o[k++] = j + 2 < s.len ? b64[v & 63] : '=';
        }
        FN_OUT(out, Str)[i] = (Str){(uint32_t)len, o};
    }
}

static int b64_val(char c) {
    const char *p = c ? strchr(b64, c) : NULL;
    return p ? (int)(p - b64) : -1;
}

/* unbase64: padding optional, whitespace skipped; invalid input gives NULL. */
static void unbase64_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        char *o = fn_alloc(cx, s.len);
        if (!o) return;
        uint32_t acc = 0, k = 0;
        int bits = 0;
        bool bad = false;
        for (uint32_t j = 0; j < s.len && !bad; j++) {
            char c = s.ptr[j];
            if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
            int v = b64_val(c);
            if (v < 0) { bad = true; break; }
            acc = acc << 6 | (uint32_t)v, bits += 6;
            if (bits >= 8) bits -= 8, o[k++] = (char)(acc >> bits & 0xff);
        }
        if (bad) vec_set_null(out, i);
        else FN_OUT(out, Str)[i] = (Str){k, o};
    }
}

/* hex: integers as Long.toHexString (upper case), strings/binary byte by byte. */
static void hex_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    static const char hx[] = "0123456789ABCDEF";
    FN_EACH(i, n, out) {
        if (type_is_integral(a[0].type.id)) {
            char b[24];
            int len = snprintf(b, sizeof b, "%llX", (unsigned long long)fn_i64(&a[0], i));
            fn_put_str(cx, out, i, b, (size_t)len);
            continue;
        }
        Str s = fn_str(&a[0], i);
        char *o = fn_alloc(cx, (size_t)s.len * 2);
        if (!o) return;
        for (uint32_t j = 0; j < s.len; j++)
            o[2 * j] = hx[(unsigned char)s.ptr[j] >> 4], o[2 * j + 1] = hx[s.ptr[j] & 15];
        FN_OUT(out, Str)[i] = (Str){s.len * 2, o};
    }
}

/* unhex: two hex digits per byte (an odd length gets a leading 0); NULL if invalid. */
static int hex_val(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void unhex_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        char *o = fn_alloc(cx, s.len / 2 + 1);
        if (!o) return;
        uint32_t k = 0, j = 0;
        bool bad = false;
        if (s.len % 2) {
            int v = hex_val(s.ptr[0]);
            bad |= v < 0;
            o[k++] = (char)(v & 15), j = 1;
        }
        for (; j + 1 < s.len; j += 2) {
            int hi = hex_val(s.ptr[j]), lo = hex_val(s.ptr[j + 1]);
            bad |= hi < 0 || lo < 0;
            o[k++] = (char)((hi & 15) << 4 | (lo & 15));
        }
        if (bad) vec_set_null(out, i);
        else FN_OUT(out, Str)[i] = (Str){k, o};
    }
}

/* get_json_object(json, path): NULL for malformed JSON, a bad path or no match. */
static void get_json_object_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    StrBuf b = {0};
    FN_EACH(i, n, out) {
        Str j = fn_str(&a[0], i), p = fn_str(&a[1], i);
        sb_reset(&b);
        if (json_path_get(j.ptr, j.len, p.ptr, p.len, &b))
            fn_put_str(cx, out, i, b.ptr ? b.ptr : "", b.len);
        else
            vec_set_null(out, i);
    }
    sb_free(&b);
}

/* ---- format_string ----------------------------------------------------------------- */

static double num_as_double(const Vec *v, uint32_t i) {
    switch (v->type.id) {
    case TY_FLOAT: case TY_DOUBLE: return fn_f64(v, i);
    case TY_DECIMAL: return (double)fn_dec(v, i) / pow(10, v->type.scale);
    default: return (double)fn_i64(v, i);
    }
}

/* Insert ',' every three digits of the integer part in b[start..]. */
static void group_digits(StrBuf *b, size_t start) {
    size_t d0 = start;
    while (d0 < b->len && (b->ptr[d0] < '0' || b->ptr[d0] > '9')) d0++;
    size_t d1 = d0;
    while (d1 < b->len && b->ptr[d1] >= '0' && b->ptr[d1] <= '9') d1++;
    StrBuf g = {0};
    sb_put(&g, b->ptr, d0);
    for (size_t k = d0; k < d1; k++) {
        if (k > d0 && (d1 - k) % 3 == 0) sb_putc(&g, ',');
        sb_putc(&g, b->ptr[k]);
    }
    sb_put(&g, b->ptr + d1, b->len - d1);
    sb_free(b);
    *b = g;
}

/* Format one conversion of arg (NULL arg: Java prints "null"); false on a type
 * the conversion does not accept. */
static bool format_one(StrBuf *b, char conv, const char *flags, int width, int prec,
                       const Vec *arg, uint32_t i) {
    char spec[32], tmp[64];
    bool is_null = !arg || fn_null(arg, i);
    TypeId t = arg ? arg->type.id : TY_NULL;
    bool comma = strchr(flags, ',') != NULL;
    char cflags[8];
    size_t nf = 0;
    for (const char *f = flags; *f && nf < sizeof cflags - 1; f++)
        if (*f != ',') cflags[nf++] = *f;
    cflags[nf] = 0;
    size_t start = b->len;
    switch (conv) {
    case 'd': case 'x': case 'X': case 'o':
        if (is_null) { sb_puts(b, "null"); return true; }
        if (!type_is_integral(t)) return false;
        snprintf(spec, sizeof spec, "%%%s%s%s", cflags, width > 0 ? "*" : "",
                 conv == 'd' ? "lld" : conv == 'x' ? "llx" : conv == 'X' ? "llX" : "llo");
        if (width > 0) sb_printf(b, spec, width, (long long)fn_i64(arg, i));
        else sb_printf(b, spec, (long long)fn_i64(arg, i));
        if (comma && conv == 'd') group_digits(b, start);
        return true;
    case 'f': case 'e': case 'E': case 'g': case 'G':
        if (is_null) { sb_puts(b, "null"); return true; }
        if (!(t == TY_FLOAT || t == TY_DOUBLE || t == TY_DECIMAL)) return false;
        snprintf(spec, sizeof spec, "%%%s*.*%c", cflags, conv);
        sb_printf(b, spec, width, prec < 0 ? 6 : prec, num_as_double(arg, i));
        if (comma) group_digits(b, start);
        return true;
    case 'b': case 'B':
        snprintf(tmp, sizeof tmp, "%s",
                 is_null ? "false" : (t != TY_BOOLEAN || fn_bool(arg, i)) ? "true" : "false");
        break;
    case 's': case 'S': {
        StrBuf v = {0};
        if (is_null) sb_puts(&v, "null");
        else value_format(arg, fn_row(arg, i), &v);
        const char *s = sb_cstr(&v);
        int len = (int)v.len;
        if (prec >= 0 && prec < len) len = prec;
        int pad = width > len ? width - len : 0;
        bool left = strchr(flags, '-') != NULL;
        if (!left) for (int k = 0; k < pad; k++) sb_putc(b, ' ');
        for (int k = 0; k < len; k++)
            sb_putc(b, conv == 'S' && s[k] >= 'a' && s[k] <= 'z' ? s[k] - 32 : s[k]);
        if (left) for (int k = 0; k < pad; k++) sb_putc(b, ' ');
        sb_free(&v);
        return true;
    }
    default: return false;
    }
    sb_printf(b, strchr(flags, '-') ? "%-*s" : "%*s", width, tmp);
    return true;
}

static void format_string_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    StrBuf b = {0};
    for (uint32_t i = 0; i < n; i++) {
        if (fn_null(&a[0], i)) { vec_set_null(out, i); continue; }
        Str f = fn_str(&a[0], i);
        sb_reset(&b);
        int next = 1;
        for (uint32_t k = 0; k < f.len; k++) {
            if (f.ptr[k] != '%') { sb_putc(&b, f.ptr[k]); continue; }
            uint32_t st = k++;
            int argi = -1, width = 0, prec = -1;
            char flags[8] = {0};
            size_t nf = 0;
            uint32_t save = k;  // "%n$": an explicit argument index
            int num = 0;
            while (k < f.len && f.ptr[k] >= '0' && f.ptr[k] <= '9' && num < 1000)
                num = num * 10 + (f.ptr[k++] - '0');
            if (k < f.len && f.ptr[k] == '$' && k > save) argi = num, k++;
            else k = save;
            while (k < f.len && strchr("-+ 0,#", f.ptr[k]) && nf < sizeof flags - 1)
                flags[nf++] = f.ptr[k++];
            while (k < f.len && f.ptr[k] >= '0' && f.ptr[k] <= '9' && width < 10000)
                width = width * 10 + (f.ptr[k++] - '0');
            if (k < f.len && f.ptr[k] == '.') {
                prec = 0, k++;
                while (k < f.len && f.ptr[k] >= '0' && f.ptr[k] <= '9' && prec < 1000)
                    prec = prec * 10 + (f.ptr[k++] - '0');
            }
            if (k >= f.len) {
                fn_error(cx, "format_string: incomplete format specifier");
                goto done;
            }
            char conv = f.ptr[k];
            if (conv == '%') { sb_putc(&b, '%'); continue; }
            if (conv == 'n') { sb_putc(&b, '\n'); continue; }
            int ai = argi > 0 ? argi : next++;
            const Vec *arg = ai < na ? &a[ai] : NULL;
            if (!arg) {
                fn_error(cx, "format_string: missing argument for '%.*s'", (int)(k - st + 1),
                         f.ptr + st);
                goto done;
            }
            if (!format_one(&b, conv, flags, width, prec, arg, i)) {
                fn_error(cx, "format_string: '%.*s' does not accept %s", (int)(k - st + 1),
                         f.ptr + st, type_id_name(arg->type.id));
                goto done;
            }
        }
        fn_put_str(cx, out, i, b.ptr ? b.ptr : "", b.len);
    }
done:
    sb_free(&b);
}

/* monotonically_increasing_id(): Spark puts the partition index in the upper 31 bits
 * and the row number within the partition in the lower 33; a scan here is one
 * partition, so the ids are 0, 1, 2, ... in the order rows reach the call site. */
static void monotonically_increasing_id_k(FnCtx *cx, const Vec *args, int nargs, uint32_t n,
                                          Vec *out) {
    (void)args, (void)nargs;
    int64_t *o = out->data, base = cx->counter ? *cx->counter : 0;
    for (uint32_t i = 0; i < n; i++) o[i] = base + i;
    if (cx->counter) *cx->counter = base + n;
}

const FnImpl fn_misc_impls[] = {
    {"monotonically_increasing_id", monotonically_increasing_id_k, true},
    {"nullif", nullif_k, true},
    {"nvl2", nvl2_k, true},
    {"current_user", current_user_k, true},
    {"current_database", current_database_k, true},
    {"current_catalog", current_catalog_k, true},
    {"typeof", typeof_k, true},
    {"spark_partition_id", spark_partition_id_k, true},
    {"rand", rand_k, true},
    {"randn", randn_k, true},
    {"base64", base64_k, false},
    {"unbase64", unbase64_k, false},
    {"hex", hex_k, false},
    {"unhex", unhex_k, false},
    {"get_json_object", get_json_object_k, false},
    {"format_string", format_string_k, true},
    {0},
};
