/* Regular-expression kernels (rlike, regexp_replace, regexp_extract, regexp_count)
 * on POSIX extended regexes. Java patterns are translated: \d \D \w \W \s \S (also
 * inside brackets), escapes \t \n \r \f, (?i) at the start, non-capturing (?:...)
 * groups (group numbers stay Java's). Limits: POSIX matching is leftmost-longest,
 * lazy quantifiers (*? +? ??) act greedy, possessive quantifiers, lookaround, \p{..},
 * back-references and \Q..\E are rejected with an error. */
#include "fn_tables.h"
#include "fn_util.h"
#include "nested.h"
#include "str.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_GROUPS = 32 };

typedef struct {
    regex_t re;
    bool    compiled;
    int     ngroups;               // capturing groups in the Java pattern
    int     posix_of[MAX_GROUPS];  // Java group k -> POSIX sub-expression
    char   *src;                   // the Java pattern it was compiled from (malloc'd)
    size_t  src_len;
} Rx;

static const char *ere_special = ".[]()*+?{}|^$\\";

/* Translate one escape \c (outside or inside a bracket); false when unsupported. */
static bool translate_escape(char c, bool in_bracket, StrBuf *b) {
    const char *cls = NULL;
    switch (c) {
    case 'd': cls = in_bracket ? "0-9" : "[0-9]"; break;
    case 'D': cls = in_bracket ? NULL : "[^0-9]"; break;
    case 'w': cls = in_bracket ? "A-Za-z0-9_" : "[A-Za-z0-9_]"; break;
    case 'W': cls = in_bracket ? NULL : "[^A-Za-z0-9_]"; break;
    case 's': cls = in_bracket ? "[:space:]" : "[[:space:]]"; break;
    case 'S': cls = in_bracket ? NULL : "[^[:space:]]"; break;
    case 't': sb_putc(b, '\t'); return true;
    case 'n': sb_putc(b, '\n'); return true;
    case 'r': sb_putc(b, '\r'); return true;
    case 'f': sb_putc(b, '\f'); return true;
    case 'b': case 'B':
        if (in_bracket) return false;
        sb_putc(b, '\\'), sb_putc(b, c);  // glibc supports word boundaries
        return true;
    default:
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            return false;  // \p, \Q, \1, \A, ... have no POSIX spelling
        if (!in_bracket && strchr(ere_special, c)) sb_putc(b, '\\');
        sb_putc(b, c);
        return true;
    }
    if (!cls) return false;
    sb_puts(b, cls);
    return true;
}

/* Java regex -> POSIX ERE; NULL and *err on an unsupported construct. */
static char *translate(const char *p, size_t n, Rx *rx, int *flags, const char **err) {
    StrBuf b = {0};
    size_t i = 0;
    int posix_groups = 0;
    *flags = REG_EXTENDED;
    if (n >= 4 && memcmp(p, "(?i)", 4) == 0) *flags |= REG_ICASE, i = 4;
    bool in_br = false;
    for (; i < n; i++) {
        char c = p[i];
        if (c == '\\') {
            if (i + 1 >= n || !translate_escape(p[i + 1], in_br, &b)) goto unsupported;
            i++;
            continue;
        }
        if (in_br) {
            if (c == ']' && b.len && b.ptr[b.len - 1] != '[' &&
                !(b.len >= 2 && b.ptr[b.len - 1] == '^' && b.ptr[b.len - 2] == '['))
                in_br = false;
            if (c == '[' && i + 1 < n && p[i + 1] == ':') {  // [:alpha:] stays as is
                sb_putc(&b, c);
                continue;
            }
            sb_putc(&b, c);
            continue;
        }
        if (c == '[') { in_br = true; sb_putc(&b, c); continue; }
        if (c == '(') {
            if (i + 1 < n && p[i + 1] == '?') {
                if (i + 2 < n && p[i + 2] == ':') {  // non-capturing: a POSIX group
                    posix_groups++;
                    sb_putc(&b, '(');
                    i += 2;
                    continue;
                }
                goto unsupported;  // lookaround, inline flags, named groups
            }
            posix_groups++;
            if (rx->ngroups + 1 < MAX_GROUPS) rx->posix_of[++rx->ngroups] = posix_groups;
            sb_putc(&b, c);
            continue;
        }
        if ((c == '?' || c == '+') && i > 0 &&
            (p[i - 1] == '*' || p[i - 1] == '+' || p[i - 1] == '?' || p[i - 1] == '}') &&
            !(i > 1 && p[i - 2] == '\\')) {
            if (c == '+') goto unsupported;  // possessive
            continue;                        // lazy: act greedy
        }
        sb_putc(&b, c);
    }
    if (rx->ngroups + 1 >= MAX_GROUPS) { *err = "too many groups"; sb_free(&b); return NULL; }
    return sb_take(&b);
unsupported:
    *err = "unsupported regular expression construct";
    sb_free(&b);
    return NULL;
}

static void rx_free(Rx *rx) {
    if (rx->compiled) regfree(&rx->re);
    free(rx->src);
    memset(rx, 0, sizeof *rx);
}

/* Compile pattern s into rx unless rx already holds it; false (and cx->err) on error. */
static bool rx_get(FnCtx *cx, Rx *rx, Str s) {
    if (rx->compiled && rx->src_len == s.len && memcmp(rx->src, s.ptr, s.len) == 0) return true;
    rx_free(rx);
    const char *err = NULL;
    int flags;
    char *ere = translate(s.ptr, s.len, rx, &flags, &err);
    if (!ere) {
        if (!err) err = "out of memory";
        fn_error(cx, "invalid regular expression '%.*s': %s", (int)s.len, s.ptr, err);
        return false;
    }
    int rc = regcomp(&rx->re, ere, flags);
    free(ere);
    if (rc != 0) {
        char msg[128];
        regerror(rc, &rx->re, msg, sizeof msg);
        fn_error(cx, "invalid regular expression '%.*s': %s", (int)s.len, s.ptr, msg);
        rx->ngroups = 0;
        return false;
    }
    rx->compiled = true;
    rx->src = malloc(s.len ? s.len : 1);
    if (rx->src) memcpy(rx->src, s.ptr, s.len);
    rx->src_len = rx->src ? s.len : 0;
    if (!rx->src) { regfree(&rx->re); rx->compiled = false; }
    return rx->compiled;
}

/* Find the first match in s[from..len); m[0..MAX_GROUPS) are absolute offsets. */
static bool rx_find(Rx *rx, Str s, uint32_t from, regmatch_t *m) {
    m[0].rm_so = from;
    m[0].rm_eo = s.len;
    int flags = REG_STARTEND | (from > 0 ? REG_NOTBOL : 0);
    return regexec(&rx->re, s.ptr ? s.ptr : "", MAX_GROUPS, m, flags) == 0;
}

static void rlike_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    Rx rx = {0};
    regmatch_t m[MAX_GROUPS];
    FN_EACH(i, n, out) {
        if (!rx_get(cx, &rx, fn_str(&a[1], i))) break;
        FN_OUT(out, uint8_t)[i] = rx_find(&rx, fn_str(&a[0], i), 0, m);
    }
    rx_free(&rx);
}

static void regexp_count_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    Rx rx = {0};
    regmatch_t m[MAX_GROUPS];
    FN_EACH(i, n, out) {
        if (!rx_get(cx, &rx, fn_str(&a[1], i))) break;
        Str s = fn_str(&a[0], i);
        int32_t count = 0;
        for (uint32_t from = 0; from <= s.len && rx_find(&rx, s, from, m); count++)
            from = m[0].rm_eo > m[0].rm_so ? (uint32_t)m[0].rm_eo : (uint32_t)m[0].rm_eo + 1;
        FN_OUT(out, int32_t)[i] = count;
    }
    rx_free(&rx);
}

static void regexp_extract_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    Rx rx = {0};
    regmatch_t m[MAX_GROUPS];
    FN_EACH(i, n, out) {
        if (!rx_get(cx, &rx, fn_str(&a[1], i))) break;
        int64_t g = na > 2 ? fn_i64(&a[2], i) : 1;
        if (g < 0 || g > rx.ngroups) {
            fn_error(cx, "regexp_extract: the regex has %d groups, but the group index is %lld",
                     rx.ngroups, (long long)g);
            break;
        }
        Str s = fn_str(&a[0], i);
        int pg = g == 0 ? 0 : rx.posix_of[g];
        if (!rx_find(&rx, s, 0, m) || m[pg].rm_so < 0) {
            FN_OUT(out, Str)[i] = (Str){0, ""};
            continue;
        }
        FN_OUT(out, Str)[i] = (Str){(uint32_t)(m[pg].rm_eo - m[pg].rm_so), s.ptr + m[pg].rm_so};
    }
    rx_free(&rx);
}

/* regexp_substr(s, regex): the first match, NULL when there is none. */
static void regexp_substr_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    (void)na;
    Rx rx = {0};
    regmatch_t m[MAX_GROUPS];
    FN_EACH(i, n, out) {
        if (!rx_get(cx, &rx, fn_str(&a[1], i))) break;
        Str s = fn_str(&a[0], i);
        if (!rx_find(&rx, s, 0, m)) vec_set_null(out, i);
        else FN_OUT(out, Str)[i] = (Str){(uint32_t)(m[0].rm_eo - m[0].rm_so), s.ptr + m[0].rm_so};
    }
    rx_free(&rx);
}

/* Append the replacement with Java's $n group references and \x escapes. */
static void put_replacement(StrBuf *b, Str rep, Str s, const regmatch_t *m, const Rx *rx) {
    for (uint32_t k = 0; k < rep.len; k++) {
        char c = rep.ptr[k];
        if (c == '\\' && k + 1 < rep.len) { sb_putc(b, rep.ptr[++k]); continue; }
        if (c == '$' && k + 1 < rep.len && rep.ptr[k + 1] >= '0' && rep.ptr[k + 1] <= '9') {
            int g = rep.ptr[++k] - '0';
            // Java takes more digits while the number stays a valid group
            while (k + 1 < rep.len && rep.ptr[k + 1] >= '0' && rep.ptr[k + 1] <= '9' &&
                   g * 10 + (rep.ptr[k + 1] - '0') <= rx->ngroups)
                g = g * 10 + (rep.ptr[++k] - '0');
            if (g > rx->ngroups) continue;
            int pg = g == 0 ? 0 : rx->posix_of[g];
            if (m[pg].rm_so >= 0)
                sb_put(b, s.ptr + m[pg].rm_so, (size_t)(m[pg].rm_eo - m[pg].rm_so));
            continue;
        }
        sb_putc(b, c);
    }
}

/* regexp_replace(s, regex, rep[, pos]): replace every match at or after character pos. */
static void regexp_replace_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    Rx rx = {0};
    regmatch_t m[MAX_GROUPS];
    StrBuf b = {0};
    FN_EACH(i, n, out) {
        if (!rx_get(cx, &rx, fn_str(&a[1], i))) break;
        Str s = fn_str(&a[0], i), rep = fn_str(&a[2], i);
        int64_t pos = na > 3 ? fn_i64(&a[3], i) : 1;
        if (pos < 1) { fn_error(cx, "regexp_replace: position must be positive"); break; }
        sb_reset(&b);
        uint32_t from = fn_utf8_offset(s, pos - 1), copied = 0;
        while (from <= s.len && rx_find(&rx, s, from, m)) {
            uint32_t so = (uint32_t)m[0].rm_so, eo = (uint32_t)m[0].rm_eo;
            sb_put(&b, s.ptr + copied, so - copied);
            put_replacement(&b, rep, s, m, &rx);
            copied = eo;
            if (eo == so) {  // empty match: keep one character and move past it
                if (eo >= s.len) break;
                uint32_t cl = (uint32_t)fn_utf8_len((unsigned char)s.ptr[eo]);
                if (eo + cl > s.len) cl = s.len - eo;
                sb_put(&b, s.ptr + eo, cl);
                copied = from = eo + cl;
            } else {
                from = eo;
            }
        }
        if (copied < s.len) sb_put(&b, s.ptr + copied, s.len - copied);
        fn_put_str(cx, out, i, b.ptr ? b.ptr : "", b.len);
    }
    sb_free(&b);
    rx_free(&rx);
}

/* split(s, regex[, limit]) into array<string> as Java's String.split(regex, limit) with
 * Spark's limit <= 0 meaning "no limit, trailing empty strings kept": limit > 0 gives at
 * most limit pieces, the last holding the rest; a zero-width match at the very start
 * gives no leading empty piece. */
static void split_piece(FnCtx *cx, Vec *out, Str s, uint32_t from, uint32_t to) {
    uint32_t k = nested_push(out, 1);
    char *p = fn_alloc(cx, to - from);
    if (p && to > from) memcpy(p, s.ptr + from, to - from);
    ((Str *)out->child[0].data)[k] = (Str){p ? to - from : 0, p ? p : ""};
}

static void split_k(FnCtx *cx, const Vec *a, int na, uint32_t n, Vec *out) {
    Rx rx = {0};
    regmatch_t m[MAX_GROUPS];
    FN_EACH(i, n, out) {
        Str s = fn_str(&a[0], i), pat = fn_str(&a[1], i);
        int64_t limit = na > 2 ? fn_i64(&a[2], i) : -1;
        uint32_t start = 0, from = 0, first = out->child_len, count = 0;
        bool literal = pat.len > 0;  // no regex syntax: a plain substring search
        for (uint32_t k = 0; k < pat.len && literal; k++)
            literal = !strchr(ere_special, pat.ptr[k]);
        if (literal) {
            const char *p;
            while ((limit <= 0 || count + 1 < (uint64_t)limit) && start <= s.len &&
                   (p = memmem(s.ptr + start, s.len - start, pat.ptr, pat.len))) {
                split_piece(cx, out, s, start, (uint32_t)(p - s.ptr));
                start = (uint32_t)(p - s.ptr) + pat.len;
                count++;
            }
            split_piece(cx, out, s, start, s.len);
            vec_lists(out)[i] = (VecList){first, count + 1};
            continue;
        }
        if (!rx_get(cx, &rx, pat)) break;
        if (fn_str(&a[1], i).len == 0 && s.len) {  // Spark: one piece per character, no
            int64_t chars = fn_utf8_count(s);      // trailing empty string
            int64_t np = limit <= 0 || limit > chars ? chars : limit;
            for (; count + 1 < np; count++, start = from) {
                from = start + (uint32_t)fn_utf8_len((unsigned char)s.ptr[start]);
                if (from > s.len) from = s.len;
                split_piece(cx, out, s, start, from);
            }
            split_piece(cx, out, s, start, s.len);
            vec_lists(out)[i] = (VecList){first, count + 1};
            continue;
        }
        while ((limit <= 0 || count + 1 < (uint64_t)limit) && from <= s.len &&
               rx_find(&rx, s, from, m)) {
            uint32_t so = (uint32_t)m[0].rm_so, eo = (uint32_t)m[0].rm_eo;
            uint32_t step = eo < s.len ? (uint32_t)fn_utf8_len((unsigned char)s.ptr[eo]) : 1;
            from = eo > so ? eo : eo + step;
            if (eo == 0) continue;  // a zero-width match at the start
            split_piece(cx, out, s, start, so);
            start = eo;
            count++;
        }
        split_piece(cx, out, s, start, s.len);
        vec_lists(out)[i] = (VecList){first, count + 1};
    }
    rx_free(&rx);
}

const FnImpl fn_regex_impls[] = {
    {"split", split_k, false},
    {"rlike", rlike_k, false},
    {"regexp_count", regexp_count_k, false},
    {"regexp_extract", regexp_extract_k, false},
    {"regexp_replace", regexp_replace_k, false},
    {"regexp_substr", regexp_substr_k, false},
    {0},
};
