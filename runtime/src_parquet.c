/* Parquet source: the schema comes from the footer; projection and row-group pruning
 * go through parquet.h. Columns are matched to the requested schema by name, so a
 * declared schema may list them in any order; a requested column the file lacks reads
 * as NULL (as Spark does with a user schema), a column of another type is an error. */
#include "src_internal.h"

#include "parquet.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    PqReader *pq;
    int      *file_col;  // per output column: index in the file schema, or -1 (all NULL)
    int      *inner_pos; // per output column: position in the inner batch, or -1
    Batch    *inner;     // when some columns are missing: what pq_next fills
    int64_t   null_left; // when all are missing: rows still to return (all NULL)
} PqState;

static void swap_vec(Vec *a, Vec *b) {
    void *d = a->data;
    uint64_t *v = a->valid;
    a->data = b->data, a->valid = b->valid;
    b->data = d, b->valid = v;
    Vec *c = a->child; // ARRAY / MAP element vectors go along
    uint32_t len = a->child_len, cap = a->child_cap;
    a->child = b->child, a->child_len = b->child_len, a->child_cap = b->child_cap;
    b->child = c, b->child_len = len, b->child_cap = cap;
}

static int pq_src_next(FileReader *r, Batch *b, char **err) {
    PqState *s = r->impl;
    if (!s->inner) return pq_next(s->pq, b, err);
    // give the inner batch back its vectors before it is refilled
    for (uint32_t k = 0; k < b->ncols; k++)
        if (s->inner_pos[k] >= 0) swap_vec(&b->cols[k], &s->inner->cols[s->inner_pos[k]]);
    batch_reset(b);
    if (!s->inner->ncols) {  // none of the columns is in the file: its rows, all NULL
        uint32_t n = s->null_left < BATCH_ROWS ? (uint32_t)s->null_left : BATCH_ROWS;
        s->null_left -= n;
        for (uint32_t k = 0; k < b->ncols; k++)
            for (uint32_t i = 0; i < n; i++) vec_set_null(&b->cols[k], i);
        b->nrows = n;
        return n > 0;
    }
    int rc = pq_next(s->pq, s->inner, err);
    if (rc <= 0) return rc;
    for (uint32_t k = 0; k < b->ncols; k++) {
        if (s->inner_pos[k] >= 0) swap_vec(&b->cols[k], &s->inner->cols[s->inner_pos[k]]);
        else
            for (uint32_t i = 0; i < s->inner->nrows; i++) vec_set_null(&b->cols[k], i);
    }
    b->nrows = s->inner->nrows;
    return 1;
}

static void pq_src_close(FileReader *r) {
    PqState *s = r->impl;
    if (!s) return;
    pq_close(s->pq);
    batch_free(s->inner);
    free(s->file_col);
    free(s->inner_pos);
    free(s);
}

int src_parquet_open(FileReader *r, const int *cols, uint32_t ncols, int64_t offset,
                     int64_t length, char **err) {
    PqState *s = xcalloc(1, sizeof *s);
    r->impl = s;
    r->close = pq_src_close;
    r->next = pq_src_next;
    if (!(s->pq = pq_open(r->file.path, err))) return -1;
    pq_set_byte_range(s->pq, offset, length);
    const Schema *fs = pq_schema(s->pq);
    uint32_t n = cols ? ncols : r->schema.ncols, npresent = 0;
    s->file_col = xcalloc(n + 1, sizeof *s->file_col);
    s->inner_pos = xcalloc(n + 1, sizeof *s->inner_pos);
    int *sel = xcalloc(n + 1, sizeof *sel);
    Type *types = xcalloc(n + 1, sizeof *types);
    for (uint32_t k = 0; k < n; k++) {
        const Column *c = &r->schema.cols[cols ? cols[k] : (int)k];
        int fc = schema_find(fs, c->name);
        s->file_col[k] = fc;
        s->inner_pos[k] = fc >= 0 ? (int)npresent : -1;
        if (fc >= 0 && !type_eq(fs->cols[fc].type, c->type)) {
            char a[64], b[64];
            StrBuf m = {0};
            sb_printf(&m, "%s: error: column '%s' is %s in the file, not %s", r->file.path,
                      c->name, type_sql_name(fs->cols[fc].type, a, sizeof a),
                      type_sql_name(c->type, b, sizeof b));
            *err = sb_take(&m);
            free(sel);
            free(types);
            return -1;
        }
        if (fc >= 0) sel[npresent] = fc, types[npresent++] = c->type;
    }
    if (npresent < n) s->inner = batch_new(types, npresent);
    if (s->inner && !npresent) s->null_left = pq_num_rows_in_range(s->pq);
    int rc = pq_select(s->pq, sel, npresent, NULL, 0, err);
    free(sel);
    free(types);
    return rc;
}

int filesrc_prune(FileReader *r, const FilePred *preds, uint32_t npred, char **err) {
    *err = NULL;
    if (r->fmt != SRC_PARQUET || r->empty || !r->impl) return 0;
    PqState *s = r->impl;
    const Schema *fs = pq_schema(s->pq);
    PqPred *pp = xcalloc(npred + 1, sizeof *pp);
    uint32_t n = 0;
    for (uint32_t i = 0; i < npred; i++) {
        if (preds[i].col < 0 || (uint32_t)preds[i].col >= r->schema.ncols) continue;
        int fc = schema_find(fs, r->schema.cols[preds[i].col].name);
        if (fc < 0) continue;  // a column the file lacks is all NULL: nothing to prune on
        static const PqOp ops[] = {[FP_EQ] = PQ_EQ, [FP_LT] = PQ_LT, [FP_LE] = PQ_LE,
                                   [FP_GT] = PQ_GT, [FP_GE] = PQ_GE, [FP_IS_NULL] = PQ_IS_NULL,
                                   [FP_NOT_NULL] = PQ_NOT_NULL};
        if ((unsigned)preds[i].op > FP_NOT_NULL) continue;
        pp[n++] = (PqPred){fc, ops[preds[i].op], preds[i].value};
    }
    // pq_select resets the cursor; re-select the same columns with the predicates
    uint32_t nsel = 0;
    int *sel = xcalloc(r->nout + 1, sizeof *sel);
    for (uint32_t k = 0; k < r->nout; k++)
        if (s->file_col[k] >= 0) sel[nsel++] = s->file_col[k];
    int rc = pq_select(s->pq, sel, nsel, pp, n, err);
    free(sel);
    free(pp);
    return rc;
}
