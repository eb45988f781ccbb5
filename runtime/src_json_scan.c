/* JSON lexical helpers for the JSON reader and its schema inference: whitespace (and
 * allowComments' // and block comments), skipping a value, decoding a string (escapes,
 * \uXXXX with surrogate pairs; lone surrogates become U+FFFD), and number tokens with
 * Jackson's NaN / Infinity extensions that Spark enables (allowNonNumericNumbers).
 * Strings may be single-quoted, as Spark's allowSingleQuotes (default true) permits. */
#include "src_internal.h"

#include <string.h>

enum { MAX_DEPTH = 512 };

const char *src_json_ws(const char *p, const char *e, bool comments) {
    for (;;) {
        while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
        if (!comments || p + 1 >= e || *p != '/') return p;
        if (p[1] == '/') {
            while (p < e && *p != '\n') p++;
        } else if (p[1] == '*') {
            const char *q = p + 2;
            while (q + 1 < e && !(q[0] == '*' && q[1] == '/')) q++;
            if (q + 1 >= e) return p;  // unterminated: leave it to fail as a value
            p = q + 2;
        } else {
            return p;
        }
    }
}

static bool word(const char *p, const char *e, const char *w, size_t n) {
    return (size_t)(e - p) >= n && memcmp(p, w, n) == 0;
}

const char *src_json_number(const char *p, const char *e, bool *is_float) {
    *is_float = false;
    const char *s = p;
    if (p < e && (*p == '-' || *p == '+')) p++;
    if (word(p, e, "NaN", 3) && s == p) return *is_float = true, p + 3;
    if (word(p, e, "Infinity", 8)) return *is_float = true, p + 8;
    if (word(p, e, "INF", 3)) return *is_float = true, p + 3;
    if (*s == '+') return NULL;  // '+' only before Infinity/INF
    if (p >= e || *p < '0' || *p > '9') return NULL;
    if (*p == '0' && p + 1 < e && p[1] >= '0' && p[1] <= '9') return NULL;  // leading zero
    while (p < e && *p >= '0' && *p <= '9') p++;
    if (p < e && *p == '.') {
        *is_float = true;
        if (++p >= e || *p < '0' || *p > '9') return NULL;
        while (p < e && *p >= '0' && *p <= '9') p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        *is_float = true;
        p++;
        if (p < e && (*p == '-' || *p == '+')) p++;
        if (p >= e || *p < '0' || *p > '9') return NULL;
        while (p < e && *p >= '0' && *p <= '9') p++;
    }
    return p;
}

static int hex4(const char *p, const char *e) {
    if (e - p < 4) return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

static void put_utf8(StrBuf *sb, uint32_t cp) {
    char b[4];
    int n;
    if (cp < 0x80) b[0] = (char)cp, n = 1;
    else if (cp < 0x800) b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 63)), n = 2;
    else if (cp < 0x10000)
        b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 63)),
        b[2] = (char)(0x80 | (cp & 63)), n = 3;
    else
        b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 63)),
        b[2] = (char)(0x80 | (cp >> 6 & 63)), b[3] = (char)(0x80 | (cp & 63)), n = 4;
    sb_put(sb, b, (size_t)n);
}

/* After the backslash at p: decode one escape into sb; NULL when invalid. */
static const char *escape(const char *p, const char *e, StrBuf *sb) {
    if (p >= e) return NULL;
    switch (*p) {
    case '"': case '\\': case '/': case '\'': sb_putc(sb, *p); return p + 1;
    case 'b': sb_putc(sb, '\b'); return p + 1;
    case 'f': sb_putc(sb, '\f'); return p + 1;
    case 'n': sb_putc(sb, '\n'); return p + 1;
    case 'r': sb_putc(sb, '\r'); return p + 1;
    case 't': sb_putc(sb, '\t'); return p + 1;
    case 'u': {
        int cp = hex4(p + 1, e);
        if (cp < 0) return NULL;
        p += 5;
        if (cp >= 0xD800 && cp <= 0xDBFF && e - p >= 6 && p[0] == '\\' && p[1] == 'u') {
            int lo = hex4(p + 2, e);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                put_utf8(sb, 0x10000 + ((uint32_t)(cp - 0xD800) << 10) + (uint32_t)(lo - 0xDC00));
                return p + 6;
            }
        }
        put_utf8(sb, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : (uint32_t)cp);
        return p;
    }
    default: return NULL;
    }
}

const char *src_json_string(const char *p, const char *e, StrBuf *sb) {
    char quote = *p++;
    for (;;) {
        const char *s = p;
        while (p < e && *p != quote && *p != '\\' && (unsigned char)*p >= 0x20) p++;
        if (p > s) sb_put(sb, s, (size_t)(p - s));
        if (p >= e || (unsigned char)*p < 0x20) return NULL;  // unterminated / raw control
        if (*p == quote) return p + 1;
        p = escape(p + 1, e, sb);
        if (!p) return NULL;
    }
}

static const char *skip_string(const char *p, const char *e) {
    char quote = *p;
    for (p++; p < e; p++) {
        if (*p == quote) return p + 1;
        if ((unsigned char)*p < 0x20) return NULL;
        if (*p == '\\' && ++p >= e) return NULL;
    }
    return NULL;
}

const char *src_json_skip(const char *p, const char *e, bool comments, int depth) {
    p = src_json_ws(p, e, comments);
    if (p >= e || depth > MAX_DEPTH) return NULL;
    bool f;
    switch (*p) {
    case '"': case '\'': return skip_string(p, e);
    case 't': return word(p, e, "true", 4) ? p + 4 : NULL;
    case 'f': return word(p, e, "false", 5) ? p + 5 : NULL;
    case 'n': return word(p, e, "null", 4) ? p + 4 : NULL;
    case '{': case '[': {
        char close = *p == '{' ? '}' : ']';
        bool obj = *p == '{';
        p = src_json_ws(p + 1, e, comments);
        if (p < e && *p == close) return p + 1;
        for (;;) {
            if (obj) {
                if (p >= e || (*p != '"' && *p != '\'') || !(p = skip_string(p, e))) return NULL;
                p = src_json_ws(p, e, comments);
                if (p >= e || *p++ != ':') return NULL;
            }
            if (!(p = src_json_skip(p, e, comments, depth + 1))) return NULL;
            p = src_json_ws(p, e, comments);
            if (p < e && *p == ',') {
                p = src_json_ws(p + 1, e, comments);
                continue;
            }
            return p < e && *p == close ? p + 1 : NULL;
        }
    }
    default: return src_json_number(p, e, &f);
    }
}
