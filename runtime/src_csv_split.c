/* CSV record splitting (RFC 4180 plus Spark's options): separator of one or more bytes,
 * quote (doubled inside quotes, or preceded by the escape character), comment lines,
 * ignoreLeading/TrailingWhiteSpace. With multiLine a quoted field may hold newlines;
 * without it the caller passes one line and an unclosed quote runs to its end. */
#include "src_internal.h"

#include <stdlib.h>
#include <string.h>

static CsvField *new_field(CsvFields *out) {
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 16;
        out->f = xrealloc(out->f, out->cap * sizeof *out->f);
    }
    CsvField *f = &out->f[out->n++];
    f->quoted = f->in_unesc = false;
    return f;
}

static inline bool at_sep(const SrcConf *c, const char *p, const char *e) {
    return *p == c->sep[0] && (c->sep_len == 1 || ((size_t)(e - p) >= c->sep_len &&
                                                   memcmp(p, c->sep, c->sep_len) == 0));
}

static inline bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }

/* quoted = quote (char | quote quote | escape quote | escape escape)* quote [text]
 * Copies the unescaped bytes into unesc; returns the byte after the closing quote (or
 * after trailing text up to the separator), or NULL when e is reached inside quotes. */
static const char *quoted(const SrcConf *c, const char *p, const char *e, CsvFields *out,
                          CsvField *f) {
    f->quoted = f->in_unesc = true;
    f->unesc_off = (uint32_t)out->unesc.len;
    for (p++; p < e; p++) {
        if (c->escape && *p == c->escape && c->escape != c->quote && p + 1 < e &&
            (p[1] == c->quote || p[1] == c->escape)) {
            sb_putc(&out->unesc, *++p);
        } else if (*p == c->quote) {
            if (p + 1 < e && p[1] == c->quote) sb_putc(&out->unesc, *p++);
            else break;
        } else {
            sb_putc(&out->unesc, *p);
        }
    }
    if (p >= e) return NULL;
    for (p++; p < e && !at_sep(c, p, e) && *p != '\n' && *p != '\r'; p++)
        sb_putc(&out->unesc, *p);  // text after the closing quote is kept, like univocity
    f->len = (uint32_t)(out->unesc.len - f->unesc_off);
    return p;
}

int src_csv_split(const SrcConf *c, const char *p, size_t n, bool at_eof, CsvFields *out,
                  size_t *used) {
    const char *s = p, *e = p + n;
    out->n = 0;
    sb_reset(&out->unesc);
    // blank and comment lines hold no record
    if ((p < e && c->comment && *p == c->comment) || (p < e && (*p == '\n' || *p == '\r')) ||
        (p == e && at_eof)) {
        const char *nl = memchr(p, '\n', n);
        if (!nl && !at_eof) return -1;
        *used = nl ? (size_t)(nl + 1 - s) : n;
        return 0;
    }
    for (;;) {
        CsvField *f = new_field(out);
        if (c->trim_lead)
            while (p < e && is_blank(*p) && !at_sep(c, p, e)) p++;
        if (p < e && c->quote && *p == c->quote) {
            const char *q = quoted(c, p, e, out, f);
            if (!q && !at_eof) return -1;
            if (!q) {  // unclosed quote at the end of the data: the rest is the value
                f->len = (uint32_t)(out->unesc.len - f->unesc_off);
                p = e;
            } else {
                p = q;
            }
        } else if (c->sep_len == 1) {
            char sep = c->sep[0];
            f->p = p;
            while (p < e && *p != sep && *p != '\n' && *p != '\r') p++;
            f->len = (uint32_t)(p - f->p);
            if (c->trim_trail)
                while (f->len && is_blank(f->p[f->len - 1])) f->len--;
        } else {
            f->p = p;
            while (p < e && *p != '\n' && *p != '\r' && !at_sep(c, p, e)) p++;
            f->len = (uint32_t)(p - f->p);
            if (c->trim_trail)
                while (f->len && is_blank(f->p[f->len - 1])) f->len--;
        }
        if (p < e && at_sep(c, p, e)) {
            p += c->sep_len;
            continue;
        }
        if (p >= e && !at_eof) return -1;
        if (p < e && *p == '\r') p++;
        if (p < e && *p == '\n') p++;
        break;
    }
    for (uint32_t i = 0; i < out->n; i++)
        if (out->f[i].in_unesc)
            out->f[i].p = out->unesc.ptr ? out->unesc.ptr + out->f[i].unesc_off : "";
    *used = (size_t)(p - s);
    return (int)out->n;
}

void src_csv_fields_free(CsvFields *f) {
    free(f->f);
    sb_free(&f->unesc);
    memset(f, 0, sizeof *f);
}
