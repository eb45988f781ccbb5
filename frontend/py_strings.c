/* Python literals (see py_strings.h). Escapes are decoded the way CPython does for
 * str and bytes; f-string fields are handed to a sub-parser over the same buffer
 * offsets, so locations inside fields are exact. */
#include "py_strings.h"

#include "str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A string nested in an f-string field, at its quote: the byte after it, or NULL when
 * it does not close (a single-quoted one must close on its line). */
static const char *skip_nested(const char *s, const char *lim) {
    char q = *s;
    bool triple = lim - s >= 3 && s[1] == q && s[2] == q;
    s += triple ? 3 : 1;
    while (s < lim) {
        if (*s == '\\' && s + 1 < lim) { s += 2; continue; }
        if (!triple && (*s == '\n' || *s == '\r')) return NULL;
        if (*s == q && (!triple || (lim - s >= 3 && s[1] == q && s[2] == q)))
            return s + (triple ? 3 : 1);
        s++;
    }
    return NULL;
}

const char *py_utf8_invalid(const char *s, const char *e) {
    const unsigned char *p = (const unsigned char *)s, *end = (const unsigned char *)e;
    while (p < end) {
        unsigned c = *p;
        int n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
              : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        if (n < 0 || end - p <= n) return n == 0 ? NULL : (const char *)p;
        unsigned lo = 0x80, hi = 0xBF;  // tighter second-byte ranges rule out overlong
        if (c == 0xE0) lo = 0xA0;       // forms, surrogates and code points > U+10FFFF
        if (c == 0xED) hi = 0x9F;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
        if (n > 0 && (p[1] < lo || p[1] > hi)) return (const char *)p;
        for (int i = 2; i <= n; i++)
            if ((p[i] & 0xC0) != 0x80) return (const char *)p;
        p += n + 1;
    }
    return NULL;
}

const char *py_string_scan(const char *tok, const char *lim, PyStrScan *sc) {
    memset(sc, 0, sizeof *sc);
    const char *s = tok;
    for (; *s != '\'' && *s != '"'; s++) {
        char c = (char)(*s | 0x20);
        sc->raw |= c == 'r';
        sc->bytes |= c == 'b';
        sc->is_f |= c == 'f';
    }
    char q = *s++;
    sc->triple = lim - s >= 2 && s[0] == q && s[1] == q;
    if (sc->triple) s += 2;
    sc->body = s;
    int depth = 0;  // braces open in an f-string: quotes there start nested strings (3.12)
    while (s < lim) {
        if (*s == '\\' && s + 1 < lim) {
            s += 2;
            continue;
        }
        if (sc->is_f && *s == '{') {
            if (depth == 0 && lim - s >= 2 && s[1] == '{') {  // {{ is a literal brace
                s += 2;
                continue;
            }
            depth++;
            s++;
            continue;
        }
        if (sc->is_f && *s == '}') {
            if (depth > 0) depth--;
            s++;
            continue;
        }
        if (depth > 0 && (*s == '\'' || *s == '"')) {
            const char *e = skip_nested(s, lim);
            if (e) {  // else not a nested string after all: let it close the literal
                s = e;
                continue;
            }
        }
        if (!sc->triple && (*s == '\n' || *s == '\r')) break;
        if (*s == q && (!sc->triple || (lim - s >= 3 && s[1] == q && s[2] == q))) {
            sc->body_end = s;
            sc->end = s + (sc->triple ? 3 : 1);
            return NULL;
        }
        s++;
    }
    sc->body_end = sc->end = s;
    return sc->triple ? "unterminated triple-quoted string literal"
                      : "unterminated string literal";
}

static void put_utf8(StrBuf *b, uint32_t cp) {
    if (cp < 0x80) {
        sb_putc(b, (char)cp);
    } else if (cp < 0x800) {
        sb_putc(b, (char)(0xC0 | cp >> 6));
        sb_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        sb_putc(b, (char)(0xE0 | cp >> 12));
        sb_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sb_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        sb_putc(b, (char)(0xF0 | cp >> 18));
        sb_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
        sb_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sb_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Where an escape error points: into the buffer, or *fixed when decoding a copy. */
static SrcLoc at_of(const PyParser *p, const SrcLoc *fixed, const char *from, const char *to) {
    return fixed ? *fixed : py_loc(p, from, to);
}

/* Read exactly n hex digits at s (bounded by e); -1 when there are fewer. */
static long read_hex(const char *s, const char *e, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
        if (s + i >= e || hexval(s[i]) < 0) return -1;
        v = v * 16 + hexval(s[i]);
    }
    return v;
}

/* One escape after a backslash at s[-1]; returns the byte after it. */
static const char *escape(PyParser *p, StrBuf *b, const char *s, const char *e, bool bytes,
                          const SrcLoc *fixed) {
    const char *esc = s - 1;
    char c = *s++;
    switch (c) {
    case '\n': return s;
    case '\r': return s < e && *s == '\n' ? s + 1 : s;
    case '\\': case '\'': case '"': sb_putc(b, c); return s;
    case 'a': sb_putc(b, '\a'); return s;
    case 'b': sb_putc(b, '\b'); return s;
    case 'f': sb_putc(b, '\f'); return s;
    case 'n': sb_putc(b, '\n'); return s;
    case 'r': sb_putc(b, '\r'); return s;
    case 't': sb_putc(b, '\t'); return s;
    case 'v': sb_putc(b, '\v'); return s;
    case 'x': {
        long v = read_hex(s, e, 2);
        if (v < 0) {
            py_error(p, at_of(p, fixed, esc, s), "truncated \\xXX escape");
            return s;
        }
        if (bytes) sb_putc(b, (char)v);
        else put_utf8(b, (uint32_t)v);
        return s + 2;
    }
    case 'u': case 'U': {
        if (bytes) break;
        int n = c == 'u' ? 4 : 8;
        long v = read_hex(s, e, n);
        if (v < 0) {
            py_error(p, at_of(p, fixed, esc, s), "truncated \\%cXXXX escape", c);
            return s;
        }
        if (v > 0x10FFFF) {
            py_error(p, at_of(p, fixed, esc, s + n), "illegal Unicode character");
            return s + n;
        }
        put_utf8(b, (uint32_t)v);
        return s + n;
    }
    default:
        if (c >= '0' && c <= '7') {
            uint32_t v = (uint32_t)(c - '0');
            for (int i = 0; i < 2 && s < e && *s >= '0' && *s <= '7'; i++)
                v = v * 8 + (uint32_t)(*s++ - '0');
            if (bytes) sb_putc(b, (char)(v & 0xFF));
            else put_utf8(b, v);
            return s;
        }
        break;
    }
    // Unknown escapes (and \N{name}, which needs the Unicode name table) stay as written.
    sb_putc(b, '\\');
    sb_putc(b, c);
    return s;
}

/* Decode [s, e) into b: escapes unless raw; bytes literals must be ASCII. Errors point
 * into the buffer, or at *fixed when s is a copy (f-string literal parts). */
static void decode(PyParser *p, StrBuf *b, const char *s, const char *e, bool raw, bool bytes,
                   const SrcLoc *fixed) {
    bool ascii_checked = false;
    while (s < e) {
        if (bytes && !ascii_checked && (unsigned char)*s >= 0x80) {
            py_error(p, at_of(p, fixed, s, s + 1),
                     "bytes can only contain ASCII literal characters");
            ascii_checked = true;  // one report per literal
        }
        if (*s == '\\' && !raw && s + 1 < e) {
            s = escape(p, b, s + 1, e, bytes, fixed);
        } else if (*s == '\r') {  // CPython reads \r\n and \r line ends as \n
            sb_putc(b, '\n');
            s += s + 1 < e && s[1] == '\n' ? 2 : 1;
        } else {
            sb_putc(b, *s++);
        }
    }
}

static PyExpr *const_from(PyParser *p, StrBuf *b, PyConstKind kind, SrcLoc at) {
    char *s = arena_strndup(p->arena, b->ptr ? b->ptr : "", b->len);
    return py_const_str(p->arena, kind, s, (uint32_t)b->len, at);
}

PyExpr *py_string_const(PyParser *p, const PyStrScan *sc, SrcLoc at) {
    StrBuf b = {0};
    decode(p, &b, sc->body, sc->body_end, sc->raw, sc->bytes, NULL);
    PyExpr *e = const_from(p, &b, sc->bytes ? PY_C_BYTES : PY_C_STR, at);
    sb_free(&b);
    return e;
}

/* A string literal inside a field's text, at its quote: the byte after it, or e. */
static const char *skip_quoted(const char *s, const char *e) {
    char q = *s;
    bool triple = e - s >= 3 && s[1] == q && s[2] == q;
    for (s += triple ? 3 : 1; s < e; s++) {
        if (*s == '\\') {
            s++;
            continue;
        }
        if (*s == q && (!triple || (e - s >= 3 && s[1] == q && s[2] == q)))
            return s + (triple ? 3 : 1);
    }
    return e;
}

/* End of a field's expression: the first top-level '}', '!' (not '!='), or ':'. */
static const char *field_expr_end(const char *s, const char *e) {
    int nest = 0;
    while (s < e) {
        char c = *s;
        if (c == '\'' || c == '"') {
            s = skip_quoted(s, e);
            continue;
        }
        if (c == '(' || c == '[' || c == '{') nest++;
        else if (c == ')' || c == ']' || c == '}') {
            if (nest == 0) return s;
            nest--;
        } else if (nest == 0 && c == '!' && !(s + 1 < e && s[1] == '=')) return s;
        else if (nest == 0 && c == ':') return s;
        s++;
    }
    return e;
}

static PyExpr *fstring_parts(PyParser *p, const char *s, const char *e, bool raw, SrcLoc at);

/* field = "{" expr ["="] ["!" conv] [":" spec] "}"; s at the "{". Adds the parts to j
 * and returns the byte after the closing "}". */
static const char *field(PyParser *p, PyExpr *j, const char *s, const char *e, bool raw) {
    const char *x = s + 1, *xe = field_expr_end(x, e);
    for (const char *h = x; h < xe; h++) {
        if (*h == '\'' || *h == '"') {  // a '#' inside a nested string is no comment
            h = skip_quoted(h, xe) - 1;
            continue;
        }
        if (*h == '#') {
            py_error(p, py_loc(p, h, h + 1), "f-string expression part cannot include '#'");
            return e;
        }
    }
    const char *te = xe;  // trailing "=" asks for "expr=" then repr, e.g. f"{x=}"
    while (te > x && (te[-1] == ' ' || te[-1] == '\t')) te--;
    bool self_doc = te - x >= 2 && te[-1] == '=' && !strchr("=!<>", te[-2]);
    const char *expr_end = self_doc ? te - 1 : xe;
    const char *t = x;
    while (t < expr_end && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')) t++;
    if (t == expr_end) {
        py_error(p, py_loc(p, s, xe), "f-string: empty expression not allowed");
        return xe < e ? xe + 1 : e;
    }
    if (self_doc) {  // "expr=" joins the literal before it, as in CPython
        PyExprList *l = &j->u.joined;
        const char *copy = arena_strndup(p->arena, x, (size_t)(xe - x));
        PyExpr *text = py_const_str(p->arena, PY_C_STR, copy, (uint32_t)(xe - x), py_loc(p, x, xe));
        PyExpr *prev = l->n ? l->items[l->n - 1] : NULL;
        if (prev && prev->kind == PY_E_CONST) {
            PyExprList two = {0};
            py_expr_push(p->arena, &two, prev);
            py_expr_push(p->arena, &two, text);
            uint32_t bad;
            l->items[l->n - 1] = py_str_join(p->arena, two, src_span(prev->at, text->at), &bad);
        } else {
            py_expr_push(p->arena, l, text);
        }
    }
    PyExpr *fv = py_expr_new(p->arena, PY_E_FVALUE, py_loc(p, s, s));
    fv->u.fvalue.value = py_parse_field(p, p->base + (uint32_t)(x - p->text),
                                        (uint32_t)(expr_end - x));
    const char *c = xe;
    if (c < e && *c == '!') {
        if (c + 1 < e && (c[1] == 's' || c[1] == 'r' || c[1] == 'a')) {
            fv->u.fvalue.conversion = c[1];
            c += 2;
        } else {
            py_error(p, py_loc(p, c, c + 1),
                     "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            c += c + 1 < e && c[1] != '}' && c[1] != ':' ? 2 : 1;
        }
    } else if (self_doc) {
        fv->u.fvalue.conversion = 'r';
    }
    if (c < e && *c == ':') {
        const char *ss = c + 1, *k = ss;
        int nest = 0;
        for (; k < e; k++) {
            if (nest > 0 && (*k == '\'' || *k == '"')) k = skip_quoted(k, e) - 1;
            else if (*k == '{') nest++;
            else if (*k == '}' && nest-- == 0) break;
        }
        if (self_doc && fv->u.fvalue.conversion == 'r' && xe[0] != '!') fv->u.fvalue.conversion = 0;
        fv->u.fvalue.spec = fstring_parts(p, ss, k, raw, py_loc(p, ss, k));
        c = k;
    }
    if (c >= e || *c != '}') {
        py_error(p, py_loc(p, s, s + 1), "f-string: expecting '}'");
        return e;
    }
    fv->at = py_loc(p, s, c + 1);
    py_expr_fix_depth(fv);
    py_expr_push(p->arena, &j->u.joined, fv);
    return c + 1;
}

static void flush_literal(PyParser *p, PyExpr *j, StrBuf *lit, bool raw, const char *from,
                          const char *to) {
    if (lit->len == 0) return;
    StrBuf b = {0};
    SrcLoc at = py_loc(p, from, to);
    decode(p, &b, lit->ptr, lit->ptr + lit->len, raw, false, &at);
    py_expr_push(p->arena, &j->u.joined, const_from(p, &b, PY_C_STR, at));
    sb_free(&b);
    sb_reset(lit);
}

static PyExpr *fstring_parts(PyParser *p, const char *s, const char *e, bool raw, SrcLoc at) {
    PyExpr *j = py_expr_new(p->arena, PY_E_JOINED, at);
    StrBuf lit = {0};
    const char *lit_start = s;
    while (s < e) {
        if (*s == '{' && s + 1 < e && s[1] == '{') {
            sb_putc(&lit, '{');
            s += 2;
        } else if (*s == '}' && s + 1 < e && s[1] == '}') {
            sb_putc(&lit, '}');
            s += 2;
        } else if (*s == '{') {
            flush_literal(p, j, &lit, raw, lit_start, s);
            s = field(p, j, s, e, raw);
            lit_start = s;
        } else if (*s == '}') {
            py_error(p, py_loc(p, s, s + 1), "f-string: single '}' is not allowed");
            s++;
        } else if (*s == '\\' && !raw && s + 2 < e && s[1] == 'N' && s[2] == '{') {
            while (s < e && *s != '}') sb_putc(&lit, *s++);  // \N{NAME} is not a field
            if (s < e) sb_putc(&lit, *s++);
        } else if (*s == '\\' && !raw && s + 1 < e) {
            sb_putc(&lit, *s++);  // keep the escape whole so \{ and \} are not fields
            sb_putc(&lit, *s++);
        } else {
            sb_putc(&lit, *s++);
        }
    }
    flush_literal(p, j, &lit, raw, lit_start, e);
    sb_free(&lit);
    py_expr_fix_depth(j);
    return j;
}

PyExpr *py_fstring(PyParser *p, const PyStrScan *sc, SrcLoc at) {
    if (sc->bytes) {
        py_error(p, at, "invalid string prefix: f-strings cannot be bytes");
        return py_const_str(p->arena, PY_C_STR, "", 0, at);
    }
    if (p->fdepth >= PY_MAX_FSTRING) {
        py_error(p, at, "f-string nested too deeply");
        return py_const_str(p->arena, PY_C_STR, "", 0, at);
    }
    return fstring_parts(p, sc->body, sc->body_end, sc->raw, at);
}

/* Copy without the _ separators (at most 63 significant characters are kept). */
static void strip_underscores(const char *s, uint32_t n, char *out, size_t cap) {
    size_t k = 0;
    for (uint32_t i = 0; i < n && k + 1 < cap; i++)
        if (s[i] != '_') out[k++] = s[i];
    out[k] = 0;
}

PyExpr *py_number(Arena *a, const char *s, uint32_t n, PyConstKind kind, SrcLoc at,
                  const char **err) {
    PyExpr *e = py_const_str(a, kind, arena_strndup(a, s, n), n, at);
    PyConst *c = &e->u.constant;
    char buf[400];
    strip_underscores(s, n, buf, sizeof buf);
    if (kind != PY_C_INT) {
        size_t k = strlen(buf);
        if (kind == PY_C_COMPLEX && k) buf[k - 1] = 0;  // drop the j
        c->f = strtod(buf, NULL);
        return e;
    }
    int base = 10;
    const char *digits = buf;
    if (buf[0] == '0' && buf[1] && strchr("xXoObB", buf[1])) {
        base = strchr("xX", buf[1]) ? 16 : strchr("oO", buf[1]) ? 8 : 2;
        digits = buf + 2;
    } else if (buf[0] == '0' && strspn(buf, "0") != strlen(buf)) {
        *err = "leading zeros in decimal integer literals are not permitted";
        return e;
    }
    uint64_t v = 0;
    bool fits = true;
    for (const char *d = digits; *d; d++) {
        int dv = hexval(*d);
        if (v > (UINT64_MAX - (uint64_t)dv) / (uint64_t)base) { fits = false; break; }
        v = v * (uint64_t)base + (uint64_t)dv;
    }
    if (n >= sizeof buf - 1) fits = false;  // longer than buf: the value was cut short
    c->fits_i64 = fits && v <= (uint64_t)INT64_MAX;
    c->i = c->fits_i64 ? (int64_t)v : 0;
    return e;
}
