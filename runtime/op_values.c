/* VALUES: constant rows, evaluated once at open into dense batches. */
#include "op.h"

#include <stdlib.h>

typedef struct {
    Op op;
    RowBuf rows;
    uint32_t next_chunk;
} ValuesOp;

static int values_next(Op *op, Batch **out) {
    ValuesOp *v = (ValuesOp *)op;
    if (v->next_chunk >= v->rows.nchunks) return 0;
    *out = v->rows.chunks[v->next_chunk++];
    return 1;
}

static void values_close(Op *op) {
    ValuesOp *v = (ValuesOp *)op;
    rowbuf_free(&v->rows);
    free(v);
}

Op *op_values_new(ExecCtx *cx, const PlanNode *n) {
    ValuesOp *v = xcalloc(1, sizeof *v);
    v->op = (Op){values_next, values_close, cx, n, n->ncols, n->types};
    rowbuf_init(&v->rows, n->types, n->ncols);
    Batch *one = batch_new(NULL, 0); // no columns, one row: the input of constant exprs
    one->nrows = 1;
    Vec *vals = xcalloc(n->ncols + 1, sizeof *vals);
    ExprState **sts = xcalloc(n->ncols + 1, sizeof *sts);
    bool ok = true;
    for (int r = 0; r < n->nrows && ok; r++) {
        for (uint32_t c = 0; c < n->ncols && ok; c++) {
            sts[c] = op_expr(cx, n->rows[r][c]);
            const Vec *x = sts[c] ? op_eval(cx, sts[c], one) : NULL;
            if (!x)
                ok = false;
            else
                vals[c] = *x;
        }
        if (ok) rowbuf_append(&v->rows, vals, 0);
        for (uint32_t c = 0; c < n->ncols; c++) {
            expr_free(sts[c]);
            sts[c] = NULL;
        }
    }
    free(vals);
    free(sts);
    batch_free(one);
    if (!ok) {
        values_close(&v->op);
        return NULL;
    }
    return &v->op;
}
