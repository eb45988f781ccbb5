/* DISTINCT and dedup (dropDuplicates): streams the first row of each key in input
 * order, remembering keys in a KeyTable. DISTINCT keys on every column. */
#include "op.h"

#include <stdlib.h>

typedef struct {
    Op op;
    Op *child;
    ExprState **keys;
    uint32_t nkeys;
    Vec *kv;
    KeyTable seen;
    uint64_t h[BATCH_ROWS];
    uint32_t gid[BATCH_ROWS];
    bool is_new[BATCH_ROWS];
    uint16_t sel[BATCH_ROWS];
    Batch view;
} DistinctOp;

static int distinct_next(Op *op, Batch **out) {
    DistinctOp *d = (DistinctOp *)op;
    for (;;) {
        Batch *in;
        int rc = d->child->next(d->child, &in);
        if (rc <= 0) return rc;
        uint32_t m = batch_live(in);
        for (uint32_t k = 0; k < d->nkeys; k++) {
            const Vec *v = op_eval(op->cx, d->keys[k], in);
            if (!v) return -1;
            d->kv[k] = *v;
        }
        keys_hash(d->kv, d->nkeys, m, d->h);
        keys_upsert(&d->seen, d->kv, m, d->h, d->gid, d->is_new);
        uint32_t n = 0;
        for (uint32_t i = 0; i < m; i++)
            if (d->is_new[i]) d->sel[n++] = (uint16_t)batch_row(in, i);
        if (n == 0) continue;
        d->view = *in;
        d->view.sel = d->sel;
        d->view.nsel = n;
        *out = &d->view;
        return 1;
    }
}

static void distinct_close(Op *op) {
    DistinctOp *d = (DistinctOp *)op;
    d->child->close(d->child);
    for (uint32_t k = 0; k < d->nkeys; k++) expr_free(d->keys[k]);
    free(d->keys);
    free(d->kv);
    keys_free(&d->seen);
    free(d);
}

Op *op_distinct_new(ExecCtx *cx, const PlanNode *n, Op *child) {
    DistinctOp *d = xcalloc(1, sizeof *d);
    d->op = (Op){distinct_next, distinct_close, cx, n, n->ncols, n->types};
    d->child = child;
    bool dedup = n->kind == PN_DEDUP && n->nkey_cols > 0;
    d->nkeys = dedup ? (uint32_t)n->nkey_cols : n->ncols;
    d->keys = xcalloc(d->nkeys + 1, sizeof *d->keys);
    d->kv = xcalloc(d->nkeys + 1, sizeof *d->kv);
    Type *kt = xcalloc(d->nkeys + 1, sizeof *kt);
    bool ok = true;
    for (uint32_t k = 0; k < d->nkeys && ok; k++) {
        int col = dedup ? n->key_cols[k] : (int)k;
        kt[k] = n->types[col];
        ok = (d->keys[k] = op_col_expr(cx, col, n->types[col])) != NULL;
    }
    keys_init(&d->seen, kt, d->nkeys);
    free(kt);
    if (!ok) {
        distinct_close(&d->op);
        return NULL;
    }
    return &d->op;
}
