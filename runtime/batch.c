/* Column batches and schemas (see batch.h). Vectors are allocated once at full
 * size; a batch is refilled in place by its producer. */
#include "batch.h"

#include "str.h"

#include <stdlib.h>
#include <string.h>

enum { VALID_WORDS = BATCH_ROWS / 64 };

void vec_set_null(Vec *v, uint32_t i) {
    if (!v->valid) {
        v->valid = xmalloc(VALID_WORDS * sizeof *v->valid);
        memset(v->valid, 0xff, VALID_WORDS * sizeof *v->valid);
    }
    v->valid[i >> 6] &= ~(1ull << (i & 63));
}

void vec_set_valid(Vec *v, uint32_t i) {
    if (v->valid) v->valid[i >> 6] |= 1ull << (i & 63);
}

static size_t valid_words(uint32_t cap) { return cap ? (cap + 63) / 64 : 1; }

void vec_set_null_n(Vec *v, uint32_t i, uint32_t cap) {
    if (!v->valid) {
        v->valid = xmalloc(valid_words(cap) * sizeof *v->valid);
        memset(v->valid, 0xff, valid_words(cap) * sizeof *v->valid);
    }
    v->valid[i >> 6] &= ~(1ull << (i & 63));
}

/* The type of child k of a nested type (a missing nested description reads as NULL type). */
static Type child_type(Type t, uint32_t k) {
    if (!t.nested) return TYPE(TY_NULL);
    return k == 0 ? t.nested->elem : t.nested->value;
}

void vec_alloc(Vec *v, Type t, uint32_t cap) {
    memset(v, 0, sizeof *v);
    v->type = t;
    v->data = xcalloc(cap ? cap : 1, (size_t)type_fixed_width(t.id));
    vec_alloc_children(v);
}

void vec_alloc_children(Vec *v) {
    uint32_t n = vec_nchild(v);
    v->child_len = v->child_cap = 0;
    if (!n) return;
    v->child = xcalloc(n, sizeof *v->child);
    for (uint32_t k = 0; k < n; k++) vec_alloc(&v->child[k], child_type(v->type, k), 0);
}

void vec_free_children(Vec *v) {
    if (v->child)
        for (uint32_t k = 0; k < vec_nchild(v); k++) vec_release(&v->child[k]);
    free(v->child);
    v->child = NULL;
    v->child_len = v->child_cap = 0;
}

void vec_release(Vec *v) {
    free(v->data);
    free(v->valid);
    vec_free_children(v);
    v->data = NULL;
    v->valid = NULL;
}

void vec_child_reserve(Vec *v, uint32_t n) {
    if (n <= v->child_cap || !v->child) return;
    uint64_t cap = v->child_cap ? (uint64_t)v->child_cap * 2 : 64;
    if (cap < n) cap = n;
    if (cap > UINT32_MAX) cap = UINT32_MAX;
    for (uint32_t k = 0; k < vec_nchild(v); k++) {
        Vec *c = &v->child[k];
        size_t w = (size_t)type_fixed_width(c->type.id);
        c->data = xrealloc(c->data, (size_t)cap * w);
        memset((char *)c->data + (size_t)v->child_cap * w, 0, (size_t)(cap - v->child_cap) * w);
        if (c->valid) {
            size_t ow = valid_words(v->child_cap), nw = valid_words((uint32_t)cap);
            c->valid = xrealloc(c->valid, nw * sizeof *c->valid);
            memset(c->valid + ow, 0xff, (nw - ow) * sizeof *c->valid);
        }
    }
    v->child_cap = (uint32_t)cap;
}

void vec_child_clear(Vec *v) {
    v->child_len = 0;
    if (!v->child) return;
    for (uint32_t k = 0; k < vec_nchild(v); k++) {
        Vec *c = &v->child[k];
        free(c->valid);
        c->valid = NULL;
        c->is_const = false;
        vec_child_clear(c);
    }
}

Batch *batch_new(const Type *types, uint32_t ncols) {
    Batch *b = xcalloc(1, sizeof *b);
    b->ncols = ncols;
    b->cols = xcalloc(ncols ? ncols : 1, sizeof *b->cols);
    for (uint32_t i = 0; i < ncols; i++) vec_alloc(&b->cols[i], types[i], BATCH_ROWS);
    return b;
}

void batch_reset(Batch *b) {
    b->nrows = 0;
    b->sel = NULL;
    b->nsel = 0;
    for (uint32_t i = 0; i < b->ncols; i++) {
        free(b->cols[i].valid);  // a batch with NULLs allocates again; most have none
        b->cols[i].valid = NULL;
        b->cols[i].is_const = false;
        if (b->cols[i].child) vec_child_clear(&b->cols[i]);
    }
    arena_reset(&b->heap);
}

void batch_free(Batch *b) {
    if (!b) return;
    for (uint32_t i = 0; i < b->ncols; i++) vec_release(&b->cols[i]);
    free(b->cols);
    arena_free_all(&b->heap);
    free(b);
}

Str batch_str(Batch *b, const char *s, uint32_t len) {
    char *p = arena_alloc(&b->heap, len ? len : 1);
    if (len) memcpy(p, s, len);
    return (Str){len, p};
}

void schema_init(Schema *s) { memset(s, 0, sizeof *s); }

Column *schema_add(Schema *s, const char *name, Type type, bool nullable) {
    Column *cols = arena_alloc(&s->arena, (s->ncols + 1) * sizeof *cols);
    if (s->ncols) memcpy(cols, s->cols, s->ncols * sizeof *cols);
    s->cols = cols;
    Column *c = &s->cols[s->ncols++];
    c->name = arena_strdup(&s->arena, name);
    c->type = type;
    c->nullable = nullable;
    return c;
}

int schema_find(const Schema *s, const char *name) {
    for (uint32_t i = 0; i < s->ncols; i++)
        if (str_ieq(s->cols[i].name, name)) return (int)i;
    return -1;
}

void schema_free(Schema *s) {
    arena_free_all(&s->arena);
    memset(s, 0, sizeof *s);
}

void schema_copy(Schema *dst, const Schema *src) {
    schema_init(dst);
    for (uint32_t i = 0; i < src->ncols; i++)
        schema_add(dst, src->cols[i].name, src->cols[i].type, src->cols[i].nullable);
}
