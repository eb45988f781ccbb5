/* Source buffers and location resolution (see source.h). */
#include "source.h"

#include "arena.h"

#include <stdlib.h>
#include <string.h>

SrcLoc src_span(SrcLoc first, SrcLoc last) {
    if (first.file == 0) return last;
    if (last.file != first.file || last.off + last.len < first.off) return first;
    return (SrcLoc){first.file, first.off, last.off + last.len - first.off};
}

void src_init(SourceSet *s) {
    memset(s, 0, sizeof *s);
    s->cap = 8;
    s->bufs = xcalloc(s->cap, sizeof *s->bufs);
    s->n = 1;
}

void src_free(SourceSet *s) {
    for (uint32_t i = 1; i < s->n; i++) {
        free(s->bufs[i].path);
        free(s->bufs[i].text);
        free(s->bufs[i].map);
        free(s->bufs[i].lines);
    }
    free(s->bufs);
    memset(s, 0, sizeof *s);
}

static uint32_t add(SourceSet *s, SourceBuf b) {
    if (s->n == s->cap) {
        s->cap *= 2;
        s->bufs = xrealloc(s->bufs, s->cap * sizeof *s->bufs);
    }
    s->bufs[s->n] = b;
    return s->n++;
}

uint32_t src_add(SourceSet *s, const char *path, char *text, uint32_t len) {
    return add(s, (SourceBuf){.path = xstrdup(path), .text = text, .len = len});
}

uint32_t src_add_derived(SourceSet *s, uint32_t parent, char *text, uint32_t len, uint32_t *map) {
    const char *path = s->bufs[parent].path;
    return add(s, (SourceBuf){.path = xstrdup(path), .text = text, .len = len,
                              .parent = parent, .map = map});
}

const SourceBuf *src_buf(const SourceSet *s, uint32_t file) {
    return file > 0 && file < s->n ? &s->bufs[file] : NULL;
}

void src_resolve(const SourceSet *s, SrcLoc at, uint32_t *file, uint32_t *off, uint32_t *end) {
    uint32_t f = at.file, o = at.off, e = at.off + at.len;
    while (f > 0 && f < s->n && s->bufs[f].map) {
        const SourceBuf *b = &s->bufs[f];
        if (o > b->len) o = b->len;
        if (e > b->len) e = b->len;
        uint32_t no = b->map[o];
        uint32_t ne = e > o ? b->map[e - 1] + 1 : no;
        if (ne < no) ne = no;
        o = no, e = ne, f = b->parent;
    }
    *file = f, *off = o, *end = e;
}

static void index_lines(SourceBuf *b) {
    uint32_t n = 1;
    for (uint32_t i = 0; i < b->len; i++) n += b->text[i] == '\n';
    b->lines = xmalloc(n * sizeof *b->lines);
    b->nlines = 0;
    b->lines[b->nlines++] = 0;
    for (uint32_t i = 0; i < b->len; i++)
        if (b->text[i] == '\n') b->lines[b->nlines++] = i + 1;
}

static uint32_t line_index(const SourceSet *s, uint32_t file, uint32_t off) {
    SourceBuf *b = &s->bufs[file];
    if (!b->lines) index_lines(b);
    uint32_t lo = 0, hi = b->nlines;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (b->lines[mid] <= off) lo = mid;
        else hi = mid;
    }
    return lo;
}

void src_line_col(const SourceSet *s, uint32_t file, uint32_t off, uint32_t *line, uint32_t *col) {
    if (file == 0 || file >= s->n) {
        *line = *col = 0;
        return;
    }
    const SourceBuf *b = &s->bufs[file];
    if (off > b->len) off = b->len;
    uint32_t li = line_index(s, file, off);
    uint32_t c = 1;
    for (uint32_t i = b->lines[li]; i < off; i++)
        if (((unsigned char)b->text[i] & 0xC0) != 0x80) c++;
    *line = li + 1;
    *col = c;
}

const char *src_line_text(const SourceSet *s, uint32_t file, uint32_t off, uint32_t *len) {
    const SourceBuf *b = &s->bufs[file];
    if (off > b->len) off = b->len;
    uint32_t li = line_index(s, file, off);
    uint32_t start = b->lines[li], end = start;
    while (end < b->len && b->text[end] != '\n') end++;
    if (end > start && b->text[end - 1] == '\r') end--;
    *len = end - start;
    return b->text + start;
}

static void builder_grow(SrcBuilder *b, uint32_t extra) {
    if (b->len + extra + 1 <= b->cap) return;
    uint32_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    b->text = xrealloc(b->text, cap);
    b->map = xrealloc(b->map, cap * sizeof *b->map);
    b->cap = cap;
}

void sb_src_add(SrcBuilder *b, const char *s, uint32_t n, uint32_t parent_off) {
    builder_grow(b, n);
    memcpy(b->text + b->len, s, n);
    for (uint32_t i = 0; i < n; i++) b->map[b->len + i] = parent_off + i;
    b->len += n;
    b->end_off = parent_off + n;
}

void sb_src_byte(SrcBuilder *b, char c, uint32_t parent_off) {
    builder_grow(b, 1);
    b->text[b->len] = c;
    b->map[b->len++] = parent_off;
    b->end_off = parent_off + 1;
}

uint32_t sb_src_finish(SrcBuilder *b, SourceSet *s, uint32_t parent) {
    builder_grow(b, 0);
    b->text[b->len] = 0;
    b->map[b->len] = b->end_off;
    uint32_t id = src_add_derived(s, parent, b->text, b->len, b->map);
    b->text = NULL;
    b->map = NULL;
    b->len = b->cap = 0;
    return id;
}
