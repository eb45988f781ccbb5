/* Diagnostics collection and printing (see diag.h). */
#include "diag.h"

#include "arena.h"
#include "str.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(Diags *d) {
    memset(d, 0, sizeof *d);
    d->last = -1;
}

void diag_free(Diags *d) {
    for (int i = 0; i < d->n; i++) free(d->items[i].msg);
    free(d->items);
    memset(d, 0, sizeof *d);
    d->last = -1;
}

static void add(Diags *d, DiagLevel lv, SrcLoc at, const char *fmt, va_list ap) {
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = xrealloc(d->items, (size_t)d->cap * sizeof *d->items);
    }
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *msg = xmalloc((size_t)n + 1);
    vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    Diag *g = &d->items[d->n];
    *g = (Diag){lv, at, msg, -1};
    if (lv == DIAG_NOTE) g->parent = d->last;
    else d->last = d->n;
    if (lv == DIAG_ERROR) d->nerrors++;
    if (lv == DIAG_WARNING) d->nwarnings++;
    d->n++;
}

#define DEFINE_DIAG(fn, lv)                                   \
    void fn(Diags *d, SrcLoc at, const char *fmt, ...) {      \
        va_list ap;                                           \
        va_start(ap, fmt);                                    \
        add(d, lv, at, fmt, ap);                              \
        va_end(ap);                                           \
    }
DEFINE_DIAG(diag_error, DIAG_ERROR)
DEFINE_DIAG(diag_warning, DIAG_WARNING)
DEFINE_DIAG(diag_note, DIAG_NOTE)

int diag_errors(const Diags *d) { return d->nerrors; }

static const char *level_name(DiagLevel lv) {
    return lv == DIAG_ERROR ? "error" : lv == DIAG_WARNING ? "warning" : "note";
}

static void format(StrBuf *b, const Diag *g, const SourceSet *src, bool with_snippet) {
    uint32_t file, off, end;
    src_resolve(src, g->at, &file, &off, &end);
    const SourceBuf *sb = src_buf(src, file);
    if (!sb) {
        sb_printf(b, "sluice: %s: %s\n", level_name(g->level), g->msg);
        return;
    }
    uint32_t line, col;
    src_line_col(src, file, off, &line, &col);
    sb_printf(b, "%s:%u:%u: %s: %s\n", sb->path, line, col, level_name(g->level), g->msg);
    if (!with_snippet) return;
    uint32_t llen;
    const char *ltext = src_line_text(src, file, off, &llen);
    int width = snprintf(NULL, 0, "%u", line);
    if (width < 4) width = 4;
    sb_printf(b, "%*u | ", width, line);
    for (uint32_t i = 0; i < llen; i++) sb_putc(b, ltext[i] == '\t' ? ' ' : ltext[i]);
    sb_printf(b, "\n%*s | ", width, "");
    uint32_t line_start = (uint32_t)(ltext - sb->text);
    for (uint32_t i = line_start; i < off; i++)
        if (((unsigned char)sb->text[i] & 0xC0) != 0x80) sb_putc(b, ' ');
    sb_putc(b, '^');
    uint32_t stop = end < line_start + llen ? end : line_start + llen;
    bool first = true;
    for (uint32_t i = off; i < stop; i++) {
        if (((unsigned char)sb->text[i] & 0xC0) == 0x80) continue;
        if (first) { first = false; continue; }
        sb_putc(b, '~');
    }
    sb_putc(b, '\n');
}

char *diag_format_one(const Diag *g, const SourceSet *src) {
    StrBuf b = {0};
    format(&b, g, src, false);
    if (b.len && b.ptr[b.len - 1] == '\n') b.ptr[--b.len] = 0;
    return sb_take(&b);
}

typedef struct {
    uint32_t file, off;
    int      idx;
} SortKey;

static int cmp_key(const void *pa, const void *pb) {
    const SortKey *a = pa, *b = pb;
    if (a->file != b->file) return a->file < b->file ? -1 : 1;
    if (a->off != b->off) return a->off < b->off ? -1 : 1;
    return a->idx - b->idx;
}

void diag_print(const Diags *d, const SourceSet *src, FILE *out) {
    SortKey *keys = xmalloc((size_t)(d->n ? d->n : 1) * sizeof *keys);
    int nk = 0;
    for (int i = 0; i < d->n; i++) {
        if (d->items[i].level == DIAG_NOTE && d->items[i].parent >= 0) continue;
        uint32_t f, o, e;
        src_resolve(src, d->items[i].at, &f, &o, &e);
        keys[nk++] = (SortKey){f, o, i};
    }
    qsort(keys, (size_t)nk, sizeof *keys, cmp_key);
    StrBuf b = {0};
    for (int k = 0; k < nk; k++) {
        int i = keys[k].idx;
        format(&b, &d->items[i], src, true);
        for (int j = i + 1; j < d->n; j++)
            if (d->items[j].level == DIAG_NOTE && d->items[j].parent == i)
                format(&b, &d->items[j], src, true);
    }
    if (b.len) fwrite(b.ptr, 1, b.len, out);
    sb_free(&b);
    free(keys);
}

const char *diag_suggest(const char *name, const char *const *cands, size_t n) {
    size_t len = strlen(name);
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    const char *best = NULL;
    int best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        int dist = str_edit_distance(name, cands[i]);
        if (dist < best_d && dist > 0) best_d = dist, best = cands[i];
    }
    return best;
}
