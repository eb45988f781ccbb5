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

Batch *batch_new(const Type *types, uint32_t ncols) {
    Batch *b = xcalloc(1, sizeof *b);
    b->ncols = ncols;
    b->cols = xcalloc(ncols ? ncols : 1, sizeof *b->cols);
    for (uint32_t i = 0; i < ncols; i++) {
        b->cols[i].type = types[i];
        b->cols[i].data = xcalloc(BATCH_ROWS, (size_t)type_fixed_width(types[i].id));
    }
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
    }
    arena_reset(&b->heap);
}

void batch_free(Batch *b) {
    if (!b) return;
    for (uint32_t i = 0; i < b->ncols; i++) {
        free(b->cols[i].data);
        free(b->cols[i].valid);
    }
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
