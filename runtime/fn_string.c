/* String function kernels with Spark semantics: positions and lengths count UTF-8
 * characters, not bytes; substring and friends accept Spark's 1-based, zero and
 * negative positions; trim removes spaces only unless given a set of characters.
 * Case mapping covers ASCII, Latin-1, Greek and Cyrillic (not all of Unicode). */
#include "fn_tables.h"
#include "fn_util.h"

#include <limits.h>
#include <string.h>

/* ---- case mapping ------------------------------------------------------------ */

/* Map one 2-byte code point to upper (up) or lower case; returns it unchanged
 * when outside the covered ranges. */
static uint32_t map_cp(uint32_t c, bool up) {
    if (up) {
        if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2))
            return c - 0x20;
        if (c >= 0x430 && c <= 0x44F) return c - 0x20;
        if (c >= 0x450 && c <= 0x45F) return c - 0x50;
    } else {
        if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9 && c != 0x3A2))
            return c + 0x20;
        if (c >= 0x410 && c <= 0x42F) return c + 0x20;
        if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    }
    return c;
}

/* Convert s into dst (same length: every mapping keeps the byte length). */
static void case_map(char *dst, Str s, bool up) {
    for (uint32_t i = 0; i < s.len;) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c < 0x80) {
            dst[i] = (char)(up ? (c >= 'a' && c <= 'z' ? c - 32 : c)
                               : (c >= 'A' && c <= 'Z' ? c + 32 : c));
            i++;
        } else if ((c >> 5) == 6 && i + 1 < s.len) {
            uint32_t cp = (uint32_t)(c & 0x1F) << 6 | ((unsigned char)s.ptr[i + 1] & 0x3F);
            uint32_t m = map_cp(cp, up);
            dst[i] = (char)(0xC0 | m >> 6);
            dst[i + 1] = (char)(0x80 | (m & 0x3F));
            i += 2;
        } else {
            dst[i] = (char)c;
            i++;
        }
    }
}

/* Java's toUpperCase (Spark's upper) turns 'ß' (C3 9F, left alone by case_map) into "SS":
 * the one mapping that changes the length. Returns p itself when there is none. */
static char *upper_sharp_s(FnCtx *cx, char *p, uint32_t *len) {
    uint32_t extra = 0;
    for (uint32_t j = 0; j + 1 < *len; j++)
        extra += (unsigned char)p[j] == 0xC3 && (unsigned char)p[j + 1] == 0x9F;
    if (!extra) return p;
    char *q = fn_alloc(cx, *len + extra);
    if (!q) return NULL;
    uint32_t o = 0;
    for (uint32_t j = 0; j < *len; j++) {
        bool sz = j + 1 < *len && (unsigned char)p[j] == 0xC3 && (unsigned char)p[j + 1] == 0x9F;
        if (sz) {
            q[o++] = 'S';
            q[o++] = 'S';
            j++;
        } else {
            q[o++] = p[j];
        }
    }
    *len = o;
    return q;
}

static void case_kernel(FnCtx *cx, const Vec *args, uint32_t n, Vec *out, int mode) {
    FN_EACH(i, n, out) {
        Str s = fn_str(&args[0], i);
        char *p = fn_alloc(cx, s.len);
        if (!p) return;
        case_map(p, s, mode == 1);
        if (mode == 2) {  // initcap: lower-case, then upper-case after each space
            for (uint32_t j = 0; j < s.len;) {
                uint32_t k = j;
                while (k < s.len && p[k] != ' ') k++;
                if (k > j) {
                    uint32_t cl = (uint32_t)fn_utf8_len((unsigned char)p[j]);
                    if (j + cl > s.len) cl = s.len - j;
                    case_map(p + j, (Str){cl, p + j}, true);
                }
                j = k + 1;
            }
        }
        uint32_t len = s.len;
        if (mode == 1) p = upper_sharp_s(cx, p, &len);
        if (!p) return;
        FN_OUT(out, Str)[i] = (Str){len, p};
    }
}

static void upper_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    case_kernel(cx, a, n, out, 1);
}
static void lower_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    case_kernel(cx, a, n, out, 0);
}
static void initcap_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    case_kernel(cx, a, n, out, 2);
}

/* ---- trimming ----------------------------------------------------------------- */

/* Whether the character at s[i..i+cl) is in the trim set (NULL set: space only). */
static bool in_set(const Str *set, const char *c, uint32_t cl) {
    if (!set) return cl == 1 && *c == ' ';
    for (uint32_t j = 0; j < set->len;) {
        uint32_t sl = (uint32_t)fn_utf8_len((unsigned char)set->ptr[j]);
        if (sl == cl && j + sl <= set->len && memcmp(set->ptr + j, c, cl) == 0) return true;
        j += sl;
    }
    return false;
}

static Str trim_str(Str s, const Str *set, bool left, bool right) {
    uint32_t b = 0, e = s.len;
    while (left && b < e) {
        uint32_t cl = (uint32_t)fn_utf8_len((unsigned char)s.ptr[b]);
        if (b + cl > e || !in_set(set, s.ptr + b, cl)) break;
        b += cl;
    }
    while (right && e > b) {
        uint32_t st = e - 1;  // back up to the lead byte of the last character
        while (st > b && ((unsigned char)s.ptr[st] & 0xC0) == 0x80) st--;
        if (!in_set(set, s.ptr + st, e - st)) break;
        e = st;
    }
    return (Str){e - b, s.ptr + b};
}

static void trim_kernel(const Vec *a, int na, uint32_t n, Vec *out, bool l, bool r) {
    FN_EACH(i, n, out) {
        Str set = na > 1 ? fn_str(&a[1], i) : (Str){0, ""};
        FN_OUT(out, Str)[i] = trim_str(fn_str(&a[0], i), na > 1 ? &set : NULL, l, r);
    }
}

// trim results point into the argument's storage, which outlives the batch
static void trim_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    trim_kernel(a, na, n, out, true, true);
}
static void ltrim_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    trim_kernel(a, na, n, out, true, false);
}
static void rtrim_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    trim_kernel(a, na, n, out, false, true);
}

/* ---- lengths and substrings --------------------------------------------------- */

static void length_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    bool bytes = a[0].type.id == TY_BINARY;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        FN_OUT(out, int32_t)[i] = (int32_t)(bytes ? s.len : fn_utf8_count(s));
    }
}

static void octet_length_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) FN_OUT(out, int32_t)[i] = (int32_t)fn_str(&a[0], i).len;
}

static void bit_length_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) FN_OUT(out, int32_t)[i] = (int32_t)fn_str(&a[0], i).len * 8;
}

/* UTF8String.substringSQL: pos > 0 is 1-based, 0 is the start, < 0 counts from the
 * end; the slice is [start, start + len) clipped to the string. */
static Str substr_sql(Str s, int64_t pos, int64_t len) {
    int64_t nchars = fn_utf8_count(s);
    int64_t start = pos > 0 ? pos - 1 : pos < 0 ? nchars + pos : 0;
    int64_t end = start + len;  // positions and lengths are ints: no overflow
    if (start < 0) start = 0;
    if (start >= end || start >= nchars) return (Str){0, s.ptr};
    uint32_t b = fn_utf8_offset(s, start);
    uint32_t e = end >= nchars ? s.len : fn_utf8_offset(s, end);
    return (Str){e - b, s.ptr + b};
}

static void substring_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    FN_EACH(i, n, out) {
        int64_t len = na > 2 ? fn_i64(&a[2], i) : INT_MAX;
        FN_OUT(out, Str)[i] = substr_sql(fn_str(&a[0], i), fn_i64(&a[1], i), len);
    }
}

static void left_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        int64_t k = fn_i64(&a[1], i);
        Str s = fn_str(&a[0], i);
        FN_OUT(out, Str)[i] = k <= 0 ? (Str){0, s.ptr} : substr_sql(s, 1, k);
    }
}

static void right_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        int64_t k = fn_i64(&a[1], i);
        Str s = fn_str(&a[0], i);
        FN_OUT(out, Str)[i] = k <= 0 ? (Str){0, s.ptr} : substr_sql(s, -k, k);
    }
}

/* ---- joining, replacing, padding ------------------------------------------------ */

/* concat_ws(sep, s...): NULL separator gives NULL; NULL arguments are skipped. */
static void concat_ws_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    for (uint32_t i = 0; i < n; i++) {
        if (fn_null(&a[0], i)) { vec_set_null(out, i); continue; }
        Str sep = fn_str(&a[0], i);
        size_t total = 0;
        int parts = 0;
        for (int j = 1; j < na; j++)
            if (!fn_null(&a[j], i)) total += fn_str(&a[j], i).len, parts++;
        if (parts > 1) total += (size_t)sep.len * (size_t)(parts - 1);
        char *p = fn_alloc(cx, total);
        if (!p) return;
        size_t off = 0;
        bool first = true;
        for (int j = 1; j < na; j++) {
            if (fn_null(&a[j], i)) continue;
            if (!first) memcpy(p + off, sep.ptr, sep.len), off += sep.len;
            Str s = fn_str(&a[j], i);
            if (s.len) memcpy(p + off, s.ptr, s.len);
            off += s.len;
            first = false;
        }
        FN_OUT(out, Str)[i] = (Str){(uint32_t)off, p};
    }
}

static const char *find_bytes(const char *h, size_t hn, const char *nd, size_t nn) {
    if (nn == 0) return h;
    if (nn > hn) return NULL;
    return memmem(h, hn, nd, nn);
}

static void replace_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i), from = fn_str(&a[1], i);
        Str to = na > 2 ? fn_str(&a[2], i) : (Str){0, ""};
        if (from.len == 0) { FN_OUT(out, Str)[i] = s; continue; }
        size_t count = 0;
        for (const char *p = s.ptr, *e = s.ptr + s.len;
             (p = find_bytes(p, (size_t)(e - p), from.ptr, from.len)); p += from.len)
            count++;
        size_t total = s.len + count * to.len - count * from.len;
        char *dst = fn_alloc(cx, total);
        if (!dst) return;
        size_t off = 0;
        const char *p = s.ptr, *e = s.ptr + s.len;
        for (const char *m; (m = find_bytes(p, (size_t)(e - p), from.ptr, from.len));) {
            memcpy(dst + off, p, (size_t)(m - p)), off += (size_t)(m - p);
            if (to.len) memcpy(dst + off, to.ptr, to.len);
            off += to.len;
            p = m + from.len;
        }
        if (e > p) memcpy(dst + off, p, (size_t)(e - p));
        FN_OUT(out, Str)[i] = (Str){(uint32_t)total, dst};
    }
}

/* split_part(s, delim, k): k-th field (1-based, negative from the end); "" when out
 * of range; an empty delimiter leaves the string whole; k = 0 is an error. */
static void split_part_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i), d = fn_str(&a[1], i);
        int64_t k = fn_i64(&a[2], i);
        if (k == 0) { fn_error(cx, "split_part: the part index must not be 0"); return; }
        int64_t nparts = 1;
        if (d.len)
            for (const char *p = s.ptr, *e = s.ptr + s.len;
                 (p = find_bytes(p, (size_t)(e - p), d.ptr, d.len)); p += d.len)
                nparts++;
        int64_t want = k > 0 ? k - 1 : nparts + k;
        if (want < 0 || want >= nparts) { FN_OUT(out, Str)[i] = (Str){0, s.ptr}; continue; }
        const char *p = s.ptr, *e = s.ptr + s.len;
        for (int64_t j = 0; j < want; j++) p = find_bytes(p, (size_t)(e - p), d.ptr, d.len) + d.len;
        const char *m = d.len ? find_bytes(p, (size_t)(e - p), d.ptr, d.len) : NULL;
        FN_OUT(out, Str)[i] = (Str){(uint32_t)((m ? m : e) - p), p};
    }
}

/* lpad/rpad(s, len, pad): cut to len characters, or fill with pad repeated. */
static void pad_kernel(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out, bool left) {
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        Str pad = na > 2 ? fn_str(&a[2], i) : (Str){1, " "};
        int64_t len = fn_i64(&a[1], i);
        int64_t have = fn_utf8_count(s);
        if (len <= 0) { FN_OUT(out, Str)[i] = (Str){0, s.ptr}; continue; }
        if (len <= have || pad.len == 0) {
            FN_OUT(out, Str)[i] = (Str){fn_utf8_offset(s, len), s.ptr};
            continue;
        }
        if (len > (1 << 28)) { fn_error(cx, "%s: length %lld is too large", left ? "lpad" : "rpad",
                                        (long long)len); return; }
        int64_t need = len - have, padn = fn_utf8_count(pad);
        size_t fill = 0;  // bytes of the fill: whole copies of pad, then a prefix
        fill = (size_t)(need / padn) * pad.len + fn_utf8_offset(pad, need % padn);
        char *p = fn_alloc(cx, fill + s.len);
        if (!p) return;
        char *f = left ? p : p + s.len;
        for (size_t off = 0; off < fill; off += pad.len)
            memcpy(f + off, pad.ptr, fill - off < pad.len ? fill - off : pad.len);
        memcpy(left ? p + fill : p, s.ptr, s.len);
        FN_OUT(out, Str)[i] = (Str){(uint32_t)(fill + s.len), p};
    }
}

static void lpad_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    pad_kernel(cx, a, na, n, out, true);
}
static void rpad_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    pad_kernel(cx, a, na, n, out, false);
}

/* ---- searching ------------------------------------------------------------------ */

/* 1-based character position of needle in s at or after character `from`; 0 when
 * absent (UTF8String.indexOf + 1, where an empty needle is always at 0, so 1). */
static int32_t char_index(Str s, Str needle, int64_t from) {
    uint32_t b = fn_utf8_offset(s, from);
    if (needle.len == 0) return 1;
    const char *m = find_bytes(s.ptr + b, s.len - b, needle.ptr, needle.len);
    if (!m) return 0;
    return (int32_t)fn_utf8_count((Str){(uint32_t)(m - s.ptr), s.ptr}) + 1;
}

static void instr_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) FN_OUT(out, int32_t)[i] = char_index(fn_str(&a[0], i), fn_str(&a[1], i), 0);
}

/* locate(substr, s[, pos]): a position below 1 finds nothing. */
static void locate_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx;
    FN_EACH(i, n, out) {
        int64_t pos = na > 2 ? fn_i64(&a[2], i) : 1;
        Str s = fn_str(&a[1], i);
        if (pos < 1) { FN_OUT(out, int32_t)[i] = 0; continue; }
        FN_OUT(out, int32_t)[i] = char_index(s, fn_str(&a[0], i), pos - 1);
    }
}

static void affix_kernel(const Vec *a, uint32_t n, Vec *out, int mode) {
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i), t = fn_str(&a[1], i);
        bool r = false;
        if (t.len <= s.len) {
            if (mode == 0) r = memcmp(s.ptr, t.ptr, t.len) == 0;
            else if (mode == 1) r = memcmp(s.ptr + s.len - t.len, t.ptr, t.len) == 0;
            else r = find_bytes(s.ptr, s.len, t.ptr, t.len) != NULL;
        }
        FN_OUT(out, uint8_t)[i] = r;
    }
}

static void startswith_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    affix_kernel(a, n, out, 0);
}
static void endswith_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    affix_kernel(a, n, out, 1);
}
static void contains_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    affix_kernel(a, n, out, 2);
}

/* ---- rearranging ------------------------------------------------------------------ */

static void reverse_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        char *p = fn_alloc(cx, s.len);
        if (!p) return;
        for (uint32_t j = 0; j < s.len;) {
            uint32_t cl = (uint32_t)fn_utf8_len((unsigned char)s.ptr[j]);
            if (j + cl > s.len) cl = s.len - j;
            memcpy(p + s.len - j - cl, s.ptr + j, cl);
            j += cl;
        }
        FN_OUT(out, Str)[i] = (Str){s.len, p};
    }
}

static void repeat_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        int64_t k = fn_i64(&a[1], i);
        if (k <= 0 || s.len == 0) { FN_OUT(out, Str)[i] = (Str){0, s.ptr}; continue; }
        if ((uint64_t)k * s.len > (1u << 30)) {
            fn_error(cx, "repeat: result is too large");
            return;
        }
        size_t total = (size_t)k * s.len;
        char *p = fn_alloc(cx, total);
        if (!p) return;
        for (size_t off = 0; off < total; off += s.len) memcpy(p + off, s.ptr, s.len);
        FN_OUT(out, Str)[i] = (Str){(uint32_t)total, p};
    }
}

static void space_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        int64_t k = fn_i64(&a[0], i);
        if (k <= 0) { FN_OUT(out, Str)[i] = (Str){0, ""}; continue; }
        if (k > (1 << 30)) { fn_error(cx, "space: result is too large"); return; }
        char *p = fn_alloc(cx, (size_t)k);
        if (!p) return;
        memset(p, ' ', (size_t)k);
        FN_OUT(out, Str)[i] = (Str){(uint32_t)k, p};
    }
}

/* ascii: code point of the first character (0 for ""). */
static void ascii_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        int32_t cp = 0;
        if (s.len) {
            unsigned char c = (unsigned char)s.ptr[0];
            int cl = fn_utf8_len(c);
            if (cl == 1 || (uint32_t)cl > s.len) cp = c;
            else {
                cp = c & (0x7F >> cl);
                for (int j = 1; j < cl; j++) cp = cp << 6 | ((unsigned char)s.ptr[j] & 0x3F);
            }
        }
        FN_OUT(out, int32_t)[i] = cp;
    }
}

/* chr(n): the character with code n mod 256 (Spark); "" for negative n. */
static void chr_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        int64_t v = fn_i64(&a[0], i);
        if (v < 0) { FN_OUT(out, Str)[i] = (Str){0, ""}; continue; }
        unsigned c = (unsigned)(v & 0xFF);
        char b[2];
        int len = 1;
        if (c < 0x80) b[0] = (char)c;
        else b[0] = (char)(0xC0 | c >> 6), b[1] = (char)(0x80 | (c & 0x3F)), len = 2;
        fn_put_str(cx, out, i, b, (size_t)len);
    }
}

/* translate(s, from, to): each character of from becomes the matching character
 * of to, or is removed when to is shorter. */
static void translate_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i), from = fn_str(&a[1], i), to = fn_str(&a[2], i);
        char *p = fn_alloc(cx, (size_t)s.len * 4);
        if (!p) return;
        uint32_t off = 0;
        for (uint32_t j = 0; j < s.len;) {
            uint32_t cl = (uint32_t)fn_utf8_len((unsigned char)s.ptr[j]);
            if (j + cl > s.len) cl = s.len - j;
            int64_t k = 0;
            uint32_t f = 0;
            while (f < from.len) {  // the first occurrence in `from` wins
                uint32_t fl = (uint32_t)fn_utf8_len((unsigned char)from.ptr[f]);
                if (fl == cl && f + fl <= from.len && memcmp(from.ptr + f, s.ptr + j, cl) == 0)
                    break;
                f += fl, k++;
            }
            if (f >= from.len) memcpy(p + off, s.ptr + j, cl), off += cl;
            else {
                uint32_t t = fn_utf8_offset(to, k);
                if (t < to.len) {
                    uint32_t tl = (uint32_t)fn_utf8_len((unsigned char)to.ptr[t]);
                    if (t + tl > to.len) tl = to.len - t;
                    memcpy(p + off, to.ptr + t, tl), off += tl;
                }
            }
            j += cl;
        }
        FN_OUT(out, Str)[i] = (Str){off, p};
    }
}

/* substring_index(s, delim, k): before the k-th delimiter from the left (k > 0) or
 * after the k-th from the right (k < 0); the whole string when there are fewer. */
static void substring_index_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i), d = fn_str(&a[1], i);
        int64_t k = fn_i64(&a[2], i);
        Str r = s;
        if (k == 0 || d.len == 0) r = (Str){0, s.ptr};
        else if (k > 0) {
            const char *p = s.ptr, *e = s.ptr + s.len, *m = NULL;
            for (int64_t c = 0; c < k && (m = find_bytes(p, (size_t)(e - p), d.ptr, d.len)); c++)
                p = m + d.len;
            if (m) r = (Str){(uint32_t)(m - s.ptr), s.ptr};
        } else {
            int64_t c = 0;
            for (int64_t j = (int64_t)s.len - d.len; j >= 0; j--)
                if (memcmp(s.ptr + j, d.ptr, d.len) == 0 && ++c == -k) {
                    r = (Str){(uint32_t)(s.len - (size_t)j - d.len), s.ptr + j + d.len};
                    break;
                }
        }
        FN_OUT(out, Str)[i] = r;
    }
}

/* levenshtein(a, b[, threshold]) over characters; -1 when above the threshold. */
static void levenshtein_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    FN_EACH(i, n, out) {
        Str x = fn_str(&a[0], i), y = fn_str(&a[1], i);
        uint32_t lx = 0, ly = 0;
        size_t cells = ((size_t)x.len + y.len + 2) * 3;
        uint32_t *ox = (uint32_t *)(void *)fn_alloc(cx, cells * sizeof(uint32_t));
        if (!ox) return;
        uint32_t *oy = ox + x.len + 1, *row = oy + y.len + 1;  // char offsets, one DP row
        for (uint32_t j = 0; j < x.len; j += (uint32_t)fn_utf8_len((unsigned char)x.ptr[j]))
            ox[lx++] = j;
        ox[lx] = x.len;
        for (uint32_t j = 0; j < y.len; j += (uint32_t)fn_utf8_len((unsigned char)y.ptr[j]))
            oy[ly++] = j;
        oy[ly] = y.len;
        if ((uint64_t)lx * ly > 400000000u) {
            fn_error(cx, "levenshtein: strings are too long");
            return;
        }
        for (uint32_t j = 0; j <= ly; j++) row[j] = j;
        for (uint32_t p = 1; p <= lx; p++) {
            uint32_t diag = row[0], cl = (ox[p] < x.len ? ox[p] : x.len) - ox[p - 1];
            row[0] = p;
            for (uint32_t q = 1; q <= ly; q++) {
                uint32_t dl = (oy[q] < y.len ? oy[q] : y.len) - oy[q - 1];
                bool same = cl == dl && memcmp(x.ptr + ox[p - 1], y.ptr + oy[q - 1], cl) == 0;
                uint32_t best = diag + !same, up = row[q] + 1, left = row[q - 1] + 1;
                if (up < best) best = up;
                if (left < best) best = left;
                diag = row[q];
                row[q] = best;
            }
        }
        int64_t dist = row[ly];
        if (na > 2 && dist > fn_i64(&a[2], i)) dist = -1;
        FN_OUT(out, int32_t)[i] = (int32_t)dist;
    }
}

/* soundex as UTF8String.soundex: a string not starting with a letter is returned
 * as is; H and W do not separate equal codes, vowels and non-letters do. */
static void soundex_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)cx, (void)na;
    static const char map[] = "01230127022455012623017202";
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i);
        unsigned char b = s.len ? (unsigned char)s.ptr[0] : 0;
        if (b >= 'a' && b <= 'z') b -= 32;
        if (b < 'A' || b > 'Z') { FN_OUT(out, Str)[i] = s; continue; }
        char sx[4] = {(char)b, '0', '0', '0'};
        int k = 1;
        char last = map[b - 'A'];
        for (uint32_t j = 1; j < s.len && k < 4; j++) {
            unsigned char c = (unsigned char)s.ptr[j];
            if (c >= 'a' && c <= 'z') c -= 32;
            if (c < 'A' || c > 'Z') { last = '0'; continue; }
            char code = map[c - 'A'];
            if (code == '7') continue;
            if (code != '0' && code != last) sx[k++] = code;
            last = code;
        }
        fn_put_str(cx, out, i, sx, 4);
    }
}

const FnImpl fn_string_impls[] = {
    {"upper", upper_k, false},         {"lower", lower_k, false},
    {"initcap", initcap_k, false},     {"trim", trim_k, false},
    {"ltrim", ltrim_k, false},         {"rtrim", rtrim_k, false},
    {"length", length_k, false},       {"octet_length", octet_length_k, false},
    {"bit_length", bit_length_k, false}, {"substring", substring_k, false},
    {"left", left_k, false},           {"right", right_k, false},
    {"concat_ws", concat_ws_k, true},  {"replace", replace_k, false},
    {"split_part", split_part_k, false}, {"lpad", lpad_k, false},
    {"rpad", rpad_k, false},           {"instr", instr_k, false},
    {"locate", locate_k, false},       {"startswith", startswith_k, false},
    {"endswith", endswith_k, false},   {"contains", contains_k, false},
    {"reverse", reverse_k, false},     {"repeat", repeat_k, false},
    {"space", space_k, false},         {"ascii", ascii_k, false},
    {"chr", chr_k, false},             {"translate", translate_k, false},
    {"substring_index", substring_index_k, false}, {"levenshtein", levenshtein_k, false},
    {"soundex", soundex_k, false},
    {0},
};
