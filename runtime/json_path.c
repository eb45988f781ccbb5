/* get_json_object's path evaluation (see json_path.h). The document is validated
 * first (Spark's streaming parser fails on malformed input anywhere), then walked
 * with the parsed path; matches are spans of the original text. */
#include "json_path.h"

#include <string.h>

enum { MAX_STEPS = 32, MAX_DEPTH = 256, MAX_MATCHES = 4096 };

typedef struct {
    enum { ST_KEY, ST_INDEX, ST_WILD } kind;
    const char *name;  // ST_KEY
    size_t      len;
    long        index;  // ST_INDEX
} Step;

typedef struct {
    const char *s[MAX_MATCHES], *e[MAX_MATCHES];
    int         n;
} Matches;

static void json_unescape(const char *s, const char *e, StrBuf *out);

static const char *ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

/* End of the string starting at p (on the quote), or NULL. */
static const char *skip_string(const char *p, const char *end) {
    for (p++; p < end; p++) {
        if (*p == '"') return p + 1;
        if ((unsigned char)*p < 0x20) return NULL;
        if (*p == '\\') {
            if (++p >= end) return NULL;
            if (*p == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (p + k >= end || !strchr("0123456789abcdefABCDEF", p[k]) || !p[k])
                        return NULL;
                p += 4;
            } else if (!strchr("\"\\/bfnrt", *p) || !*p) {
                return NULL;
            }
        }
    }
    return NULL;
}

static const char *skip_digits(const char *p, const char *end) {
    while (p < end && *p >= '0' && *p <= '9') p++;
    return p;
}

static const char *skip_value(const char *p, const char *end, int depth);

static const char *skip_container(const char *p, const char *end, int depth) {
    char close = *p == '{' ? '}' : ']';
    bool obj = *p == '{';
    p = ws(p + 1, end);
    if (p < end && *p == close) return p + 1;
    for (;;) {
        if (obj) {
            if (p >= end || *p != '"' || !(p = skip_string(p, end))) return NULL;
            p = ws(p, end);
            if (p >= end || *p != ':') return NULL;
            p = ws(p + 1, end);
        }
        if (!(p = skip_value(p, end, depth + 1))) return NULL;
        p = ws(p, end);
        if (p < end && *p == ',') { p = ws(p + 1, end); continue; }
        return p < end && *p == close ? p + 1 : NULL;
    }
}

/* End of the JSON value at p (validated), or NULL. */
static const char *skip_value(const char *p, const char *end, int depth) {
    if (p >= end || depth > MAX_DEPTH) return NULL;
    switch (*p) {
    case '{': case '[': return skip_container(p, end, depth);
    case '"': return skip_string(p, end);
    case 't': return end - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
    case 'f': return end - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
    case 'n': return end - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
    default: break;
    }
    const char *q = p;
    if (*q == '-') q++;
    if (q >= end || *q < '0' || *q > '9') return NULL;
    q = *q == '0' ? q + 1 : skip_digits(q, end);
    if (q < end && *q == '.') {
        const char *f = skip_digits(q + 1, end);
        if (f == q + 1) return NULL;
        q = f;
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < end && (*q == '+' || *q == '-')) q++;
        const char *x = skip_digits(q, end);
        if (x == q) return NULL;
        q = x;
    }
    return q;
}

/* Parse "$", ".name", "['name']", "[n]", "[*]" steps; false when invalid. */
static bool parse_path(const char *p, size_t n, Step *steps, int *nsteps) {
    const char *end = p + n;
    if (p >= end || *p != '$') return false;
    p++;
    *nsteps = 0;
    while (p < end) {
        if (*nsteps >= MAX_STEPS) return false;
        Step *st = &steps[(*nsteps)++];
        if (*p == '.') {
            const char *b = ++p;
            while (p < end && *p != '.' && *p != '[') p++;
            if (p == b) return false;
            *st = (Step){.kind = ST_KEY, .name = b, .len = (size_t)(p - b)};
            if (st->len == 1 && *b == '*') st->kind = ST_WILD;
        } else if (*p == '[' && p + 1 < end && p[1] == '\'') {
            const char *b = p + 2, *q = b;
            while (q < end && *q != '\'') q++;
            if (q + 1 >= end || q[1] != ']') return false;
            *st = (Step){.kind = ST_KEY, .name = b, .len = (size_t)(q - b)};
            p = q + 2;
        } else if (*p == '[') {
            p++;
            if (p < end && *p == '*') {
                st->kind = ST_WILD;
                p++;
            } else {
                const char *d = skip_digits(p, end);
                if (d == p || d - p > 9) return false;
                long v = 0;
                for (; p < d; p++) v = v * 10 + (*p - '0');
                *st = (Step){.kind = ST_INDEX, .index = v};
            }
            if (p >= end || *p != ']') return false;
            p++;
        } else {
            return false;
        }
    }
    return true;
}

/* Whether the JSON string token [s, e) (with quotes) equals name. */
static bool key_equals(const char *s, const char *e, const char *name, size_t len) {
    s++, e--;
    if (!memchr(s, '\\', (size_t)(e - s)))
        return (size_t)(e - s) == len && (len == 0 || !memcmp(s, name, len));
    StrBuf b = {0};
    json_unescape(s, e, &b);
    bool eq = b.len == len && (len == 0 || !memcmp(b.ptr, name, len));
    sb_free(&b);
    return eq;
}

static void walk(const char *p, const char *end, const Step *st, int nst, Matches *m) {
    p = ws(p, end);
    if (nst == 0) {
        if (m->n < MAX_MATCHES) m->s[m->n] = p, m->e[m->n++] = skip_value(p, end, 0);
        return;
    }
    if (p >= end || (*p != '{' && *p != '[')) return;
    bool obj = *p == '{';
    if (obj != (st->kind == ST_KEY)) return;  // keys need objects; indexes, [*] arrays
    p = ws(p + 1, end);
    for (long idx = 0; p < end && *p != '}' && *p != ']'; idx++) {
        const char *ks = NULL, *ke = NULL;
        if (obj) {
            ks = p, ke = skip_string(p, end);
            p = ws(ws(ke, end) + 1, end);  // past ':'
        }
        if (obj ? key_equals(ks, ke, st->name, st->len)
                : st->kind == ST_WILD || idx == st->index) {
            walk(p, end, st + 1, nst - 1, m);
            if (st->kind != ST_WILD) return;  // the first matching key or the index
        }
        p = ws(skip_value(p, end, 0), end);
        if (*p == ',') p = ws(p + 1, end);
    }
}

/* Decode the escapes of a validated JSON string body [s, e) into UTF-8. */
static void json_unescape(const char *s, const char *e, StrBuf *out) {
    for (; s < e; s++) {
        if (*s != '\\') { sb_putc(out, *s); continue; }
        char c = *++s;
        if (c != 'u') {
            sb_putc(out, c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'n' ? '\n' : c == 'r' ? '\r'
                         : c == 't' ? '\t' : c);
            continue;
        }
        unsigned cp = 0;
        for (int k = 1; k <= 4; k++) {
            char h = s[k];
            cp = cp << 4 | (unsigned)(h <= '9' ? h - '0' : (h | 32) - 'a' + 10);
        }
        s += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && e - s > 6 && s[1] == '\\' && s[2] == 'u') {
            unsigned lo = 0;
            for (int k = 3; k <= 6; k++) {
                char h = s[k];
                lo = lo << 4 | (unsigned)(h <= '9' ? h - '0' : (h | 32) - 'a' + 10);
            }
            if (lo >= 0xDC00 && lo < 0xE000)
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00), s += 6;
        }
        char u[4];
        int n = 0;
        if (cp < 0x80) u[n++] = (char)cp;
        else if (cp < 0x800) u[n++] = (char)(0xC0 | cp >> 6), u[n++] = (char)(0x80 | (cp & 0x3F));
        else if (cp < 0x10000)
            u[n++] = (char)(0xE0 | cp >> 12), u[n++] = (char)(0x80 | (cp >> 6 & 0x3F)),
            u[n++] = (char)(0x80 | (cp & 0x3F));
        else
            u[n++] = (char)(0xF0 | cp >> 18), u[n++] = (char)(0x80 | (cp >> 12 & 0x3F)),
            u[n++] = (char)(0x80 | (cp >> 6 & 0x3F)), u[n++] = (char)(0x80 | (cp & 0x3F));
        sb_put(out, u, (size_t)n);
    }
}

/* Copy a validated value without the whitespace outside strings. */
static void put_compact(const char *s, const char *e, StrBuf *out) {
    bool in_str = false;
    for (; s < e; s++) {
        char c = *s;
        if (in_str) {
            sb_putc(out, c);
            if (c == '\\') sb_putc(out, *++s);
            else if (c == '"') in_str = false;
        } else if (c == '"') {
            in_str = true;
            sb_putc(out, c);
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            sb_putc(out, c);
        }
    }
}

bool json_path_get(const char *json, size_t n, const char *path, size_t pn, StrBuf *out) {
    Step steps[MAX_STEPS];
    int nst;
    const char *end = json + n;
    if (!parse_path(path, pn, steps, &nst)) return false;
    const char *p = ws(json, end), *v = skip_value(p, end, 0);
    if (!v || ws(v, end) != end) return false;
    bool wild = false;
    for (int k = 0; k < nst; k++) wild |= steps[k].kind == ST_WILD;
    static _Thread_local Matches m;
    m.n = 0;
    walk(p, end, steps, nst, &m);
    if (m.n == 0) return false;
    if (m.n == 1 || !wild) {
        if (*m.s[0] == '"') json_unescape(m.s[0] + 1, m.e[0] - 1, out);
        else if (m.e[0] - m.s[0] == 4 && !memcmp(m.s[0], "null", 4)) return false;
        else put_compact(m.s[0], m.e[0], out);
        return true;
    }
    sb_putc(out, '[');
    for (int k = 0; k < m.n; k++) {
        if (k) sb_putc(out, ',');
        put_compact(m.s[k], m.e[k], out);
    }
    sb_putc(out, ']');
    return true;
}
