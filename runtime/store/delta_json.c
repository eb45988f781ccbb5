/* Recursive-descent JSON parser for Delta log lines (see delta_json.h). Depth is
 * bounded so that a fuzzed "[[[[..." cannot overflow the stack, and every read
 * checks the end of the buffer. */
#include "delta_json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 200 };

typedef struct {
    Arena      *arena;
    const char *p, *start, *end;
    char       *err;
} Parser;

static void fail(Parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(Parser *ps, const char *fmt, ...) {
    if (ps->err) return;
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    StrBuf b = {0};
    sb_printf(&b, "offset %ld: %s", (long)(ps->p - ps->start), msg);
    ps->err = sb_take(&b);
}

static void skip_ws(Parser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
                               *ps->p == '\r'))
        ps->p++;
}

static DjVal *new_val(Parser *ps, DjKind k) {
    DjVal *v = arena_alloc(ps->arena, sizeof *v);
    v->kind = k;
    return v;
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool read_hex4(Parser *ps, unsigned *out) {
    if (ps->end - ps->p < 4) return false;
    unsigned u = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_digit(ps->p[i]);
        if (h < 0) return false;
        u = u << 4 | (unsigned)h;
    }
    ps->p += 4;
    *out = u;
    return true;
}

static void put_utf8(StrBuf *b, unsigned cp) {
    if (cp < 0x80) {
        sb_putc(b, (char)cp);
    } else if (cp < 0x800) {
        sb_putc(b, (char)(0xC0 | cp >> 6));
        sb_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        sb_putc(b, (char)(0xE0 | cp >> 12));
        sb_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
        sb_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        sb_putc(b, (char)(0xF0 | cp >> 18));
        sb_putc(b, (char)(0x80 | (cp >> 12 & 0x3F)));
        sb_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
        sb_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

static bool parse_escape(Parser *ps, StrBuf *b) {
    char c = *ps->p++;
    switch (c) {
    case '"': case '\\': case '/': sb_putc(b, c); return true;
    case 'b': sb_putc(b, '\b'); return true;
    case 'f': sb_putc(b, '\f'); return true;
    case 'n': sb_putc(b, '\n'); return true;
    case 'r': sb_putc(b, '\r'); return true;
    case 't': sb_putc(b, '\t'); return true;
    case 'u': break;
    default: fail(ps, "bad escape '\\%c'", c); return false;
    }
    unsigned cp;
    if (!read_hex4(ps, &cp)) { fail(ps, "bad \\u escape"); return false; }
    // A high surrogate followed by \uDC00..DFFF is one code point; lone halves become U+FFFD.
    if (cp >= 0xD800 && cp < 0xDC00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' &&
        ps->p[1] == 'u') {
        const char *save = ps->p;
        unsigned lo;
        ps->p += 2;
        if (read_hex4(ps, &lo) && lo >= 0xDC00 && lo < 0xE000)
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        else
            ps->p = save, cp = 0xFFFD;
    } else if (cp >= 0xD800 && cp < 0xE000) {
        cp = 0xFFFD;
    }
    put_utf8(b, cp);
    return true;
}

static const char *parse_string_raw(Parser *ps, uint32_t *len) {
    ps->p++;  // opening quote
    StrBuf b = {0};
    for (;;) {
        if (ps->p >= ps->end) { fail(ps, "unterminated string"); break; }
        char c = *ps->p;
        if (c == '"') { ps->p++; break; }
        if ((unsigned char)c < 0x20) { fail(ps, "control character in string"); break; }
        if (c == '\\') {
            ps->p++;
            if (ps->p >= ps->end) { fail(ps, "unterminated string"); break; }
            if (!parse_escape(ps, &b)) break;
            continue;
        }
        sb_putc(&b, c);
        ps->p++;
    }
    if (ps->err) { sb_free(&b); return NULL; }
    *len = (uint32_t)b.len;
    char *s = arena_strndup(ps->arena, b.ptr ? b.ptr : "", b.len);
    sb_free(&b);
    return s;
}

static DjVal *parse_value(Parser *ps, int depth);

static DjVal *parse_number(Parser *ps) {
    const char *s = ps->p;
    if (ps->p < ps->end && *ps->p == '-') ps->p++;
    const char *digits = ps->p;
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
    if (ps->p == digits) { fail(ps, "bad number"); return NULL; }
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        const char *f = ps->p;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
        if (ps->p == f) { fail(ps, "bad number"); return NULL; }
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
        const char *e = ps->p;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
        if (ps->p == e) { fail(ps, "bad number"); return NULL; }
    }
    DjVal *v = new_val(ps, DJ_NUM);
    v->len = (uint32_t)(ps->p - s);
    v->s = arena_strndup(ps->arena, s, v->len);
    return v;
}

static bool push_item(Parser *ps, DjVal *v, uint32_t *cap, DjVal *item, const char *key) {
    if (v->n == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 4;
        v->items = arena_realloc(ps->arena, v->items, *cap * sizeof *v->items,
                                 nc * sizeof *v->items);
        if (v->kind == DJ_OBJ)
            v->keys = arena_realloc(ps->arena, v->keys, *cap * sizeof *v->keys,
                                    nc * sizeof *v->keys);
        *cap = nc;
    }
    if (v->kind == DJ_OBJ) v->keys[v->n] = key;
    v->items[v->n++] = item;
    return true;
}

static DjVal *parse_container(Parser *ps, int depth, bool is_obj) {
    DjVal *v = new_val(ps, is_obj ? DJ_OBJ : DJ_ARR);
    uint32_t cap = 0;
    char close = is_obj ? '}' : ']';
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) { ps->p++; return v; }
    for (;;) {
        const char *key = NULL;
        if (is_obj) {
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != '"') { fail(ps, "expected a key"); return NULL; }
            uint32_t klen;
            key = parse_string_raw(ps, &klen);
            if (!key) return NULL;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') { fail(ps, "expected ':'"); return NULL; }
            ps->p++;
        }
        DjVal *item = parse_value(ps, depth + 1);
        if (!item) return NULL;
        push_item(ps, v, &cap, item, key);
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
        if (ps->p < ps->end && *ps->p == close) { ps->p++; return v; }
        fail(ps, "expected ',' or '%c'", close);
        return NULL;
    }
}

static bool match_word(Parser *ps, const char *w) {
    size_t n = strlen(w);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0) return false;
    ps->p += n;
    return true;
}

static DjVal *parse_value(Parser *ps, int depth) {
    if (depth > MAX_DEPTH) { fail(ps, "nesting too deep"); return NULL; }
    skip_ws(ps);
    if (ps->p >= ps->end) { fail(ps, "unexpected end of input"); return NULL; }
    char c = *ps->p;
    if (c == '{' || c == '[') return parse_container(ps, depth, c == '{');
    if (c == '"') {
        DjVal *v = new_val(ps, DJ_STR);
        v->s = parse_string_raw(ps, &v->len);
        return v->s ? v : NULL;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number(ps);
    if (match_word(ps, "null")) return new_val(ps, DJ_NULL);
    if (match_word(ps, "true") || match_word(ps, "false")) {
        DjVal *v = new_val(ps, DJ_BOOL);
        v->b = ps->p[-1] == 'e' && ps->p[-2] == 'u';
        return v;
    }
    fail(ps, "unexpected character '%c'", c);
    return NULL;
}

DjVal *djson_parse(Arena *a, const char *text, size_t len, char **err) {
    Parser ps = {.arena = a, .p = text, .start = text, .end = text + len};
    DjVal *v = parse_value(&ps, 0);
    if (v) {
        skip_ws(&ps);
        if (ps.p != ps.end) fail(&ps, "trailing characters after the value");
    }
    if (ps.err) {
        if (err) *err = ps.err;
        else free(ps.err);
        return NULL;
    }
    return v;
}

const DjVal *djson_get(const DjVal *obj, const char *key) {
    if (!obj || obj->kind != DJ_OBJ) return NULL;
    for (uint32_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0) return obj->items[i];
    return NULL;
}

const char *djson_str(const DjVal *v) { return v && v->kind == DJ_STR ? v->s : NULL; }

bool djson_int64(const DjVal *v, int64_t *out) {
    if (!v || v->kind != DJ_NUM) return false;
    const char *s = v->s;
    bool neg = *s == '-';
    if (neg) s++;
    uint64_t acc = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (acc > (UINT64_MAX - 9) / 10) return false;
        acc = acc * 10 + (uint64_t)(*s - '0');
    }
    if (*s == '.') {  // accept "12.0" (some writers print longs as doubles)
        for (s++; *s == '0'; s++) {}
        if (*s >= '1' && *s <= '9') return false;
    }
    if (*s == 'e' || *s == 'E') return false;
    if (neg ? acc > (uint64_t)INT64_MAX + 1 : acc > (uint64_t)INT64_MAX) return false;
    *out = neg ? (int64_t)(0 - acc) : (int64_t)acc;
    return true;
}

bool djson_double(const DjVal *v, double *out) {
    if (!v || v->kind != DJ_NUM) return false;
    errno = 0;
    *out = strtod(v->s, NULL);
    return true;
}

void djson_write(StrBuf *b, const DjVal *v) {
    if (!v) { sb_puts(b, "null"); return; }
    switch (v->kind) {
    case DJ_NULL: sb_puts(b, "null"); break;
    case DJ_BOOL: sb_puts(b, v->b ? "true" : "false"); break;
    case DJ_NUM: sb_put(b, v->s, v->len); break;
    case DJ_STR: sb_json_str(b, v->s, v->len); break;
    case DJ_ARR:
    case DJ_OBJ:
        sb_putc(b, v->kind == DJ_OBJ ? '{' : '[');
        for (uint32_t i = 0; i < v->n; i++) {
            if (i) sb_putc(b, ',');
            if (v->kind == DJ_OBJ) {
                sb_json_str(b, v->keys[i], strlen(v->keys[i]));
                sb_putc(b, ':');
            }
            djson_write(b, v->items[i]);
        }
        sb_putc(b, v->kind == DJ_OBJ ? '}' : ']');
        break;
    }
}
