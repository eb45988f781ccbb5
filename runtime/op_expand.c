/* Expand (GROUPING SETS / ROLLUP / CUBE): each input batch is returned once per grouping
 * set, as a view of the child's vectors in which the keys absent from the set are an
 * all-NULL vector and a last column holds the set's grouping id. Nothing is copied. */
#include "op.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    Op op;
    Op *child;
    Batch *in;    // the child's current batch (borrowed), NULL before the first
    int set;      // next set to emit for in
    Vec *nulls;   // per key: an all-NULL vector of its type
    Vec *gids;    // per set: a vector holding its grouping id in every row
    Vec *cols;    // the view's columns
    Batch view;
} ExpandOp;

static int expand_next(Op *op, Batch **out) {
    ExpandOp *e = (ExpandOp *)op;
    const PlanNode *n = op->node;
    if (!e->in || e->set == n->ngsets) {
        int rc = e->child->next(e->child, &e->in);
        if (rc <= 0) return rc;
        e->set = 0;
    }
    uint32_t in = n->inputs[0]->ncols;
    memcpy(e->cols, e->in->cols, in * sizeof *e->cols);
    int64_t id = n->gsets[e->set];
    for (int k = 0; k < n->nkey_cols; k++)
        if (id >> (n->nkey_cols - 1 - k) & 1) e->cols[n->key_cols[k]] = e->nulls[k];
    e->cols[in] = e->gids[e->set++];
    e->view = *e->in;
    e->view.cols = e->cols;
    e->view.ncols = in + 1;
    *out = &e->view;
    return 1;
}

static void expand_close(Op *op) {
    ExpandOp *e = (ExpandOp *)op;
    e->child->close(e->child);
    for (int k = 0; k < op->node->nkey_cols; k++) {
        free(e->nulls[k].data);
        free(e->nulls[k].valid);
    }
    for (int s = 0; s < op->node->ngsets; s++) free(e->gids[s].data);
    free(e->nulls);
    free(e->gids);
    free(e->cols);
    free(e);
}

Op *op_expand_new(ExecCtx *cx, const PlanNode *n, Op *child) {
    ExpandOp *e = xcalloc(1, sizeof *e);
    e->op = (Op){expand_next, expand_close, cx, n, n->ncols, n->types};
    e->child = child;
    e->cols = xcalloc(n->ncols + 1, sizeof *e->cols);
    e->nulls = xcalloc((size_t)n->nkey_cols + 1, sizeof *e->nulls);
    e->gids = xcalloc((size_t)n->ngsets + 1, sizeof *e->gids);
    for (int k = 0; k < n->nkey_cols; k++) {
        Vec *v = &e->nulls[k];
        v->type = n->inputs[0]->types[n->key_cols[k]];
        int w = type_fixed_width(v->type.id);
        v->data = xcalloc(BATCH_ROWS, (size_t)(w > 0 ? w : 16));
        v->valid = xcalloc(BATCH_ROWS / 64, sizeof *v->valid); // every row NULL
    }
    for (int s = 0; s < n->ngsets; s++) {
        Vec *v = &e->gids[s];
        v->type = TYPE(TY_BIGINT);
        int64_t *d = xmalloc(BATCH_ROWS * sizeof *d);
        for (uint32_t i = 0; i < BATCH_ROWS; i++) d[i] = n->gsets[s];
        v->data = d;
    }
    return &e->op;
}
