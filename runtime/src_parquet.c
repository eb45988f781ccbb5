/* Parquet source: the schema comes from the footer; projection (and, later, row-group
 * pruning with predicates) goes through parquet.h. Columns are matched to the requested
 * schema by name, so a declared schema may list them in any order. */
#include "src_internal.h"

#include "parquet.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    PqReader *pq;
} PqState;

static int pq_src_next(FileReader *r, Batch *b, char **err) {
    PqState *s = r->impl;
    return pq_next(s->pq, b, err);
}

static void pq_src_close(FileReader *r) {
    PqState *s = r->impl;
    if (!s) return;
    pq_close(s->pq);
    free(s);
}

int src_parquet_open(FileReader *r, const int *cols, uint32_t ncols, char **err) {
    PqState *s = xcalloc(1, sizeof *s);
    r->impl = s;
    r->close = pq_src_close;
    r->next = pq_src_next;
    if (!(s->pq = pq_open(r->file.path, err))) return -1;
    const Schema *fs = pq_schema(s->pq);
    uint32_t n = cols ? ncols : r->schema.ncols;
    int *sel = xcalloc(n + 1, sizeof *sel);
    int rc = 0;
    for (uint32_t k = 0; k < n && rc == 0; k++) {
        const Column *c = &r->schema.cols[cols ? cols[k] : (int)k];
        sel[k] = schema_find(fs, c->name);
        if (sel[k] < 0 || !type_eq(fs->cols[sel[k]].type, c->type)) {
            StrBuf m = {0};
            sb_printf(&m, "%s: error: column '%s' %s", r->file.path, c->name,
                      sel[k] < 0 ? "is not in the file" : "has another type in the file");
            *err = sb_take(&m);
            rc = -1;
        }
    }
    if (rc == 0) rc = pq_select(s->pq, sel, n, NULL, 0, err);
    free(sel);
    return rc;
}
