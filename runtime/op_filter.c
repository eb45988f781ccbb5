/* Filter: narrows the selection vector instead of copying rows (style.md 5). The
 * output is a view of the child's batch (same vectors, our selection), so the child's
 * batch itself is never written. */
#include "op.h"

#include <stdlib.h>

typedef struct {
    Op op;
    Op *child;
    ExprState *pred;
    uint16_t sel[BATCH_ROWS];
    Batch view;
} FilterOp;

static int filter_next(Op *op, Batch **out) {
    FilterOp *f = (FilterOp *)op;
    for (;;) {
        Batch *in;
        int rc = f->child->next(f->child, &in);
        if (rc <= 0) return rc;
        char *err = NULL;
        int n = expr_select(f->pred, in, f->sel, &err);
        if (n < 0) return exec_fail_take(op->cx, err);
        if (n == 0) continue; // whole batch rejected: pull the next
        if ((uint32_t)n == batch_live(in)) {
            *out = in; // nothing removed: pass it through
            return 1;
        }
        f->view = *in;
        f->view.sel = f->sel;
        f->view.nsel = (uint32_t)n;
        *out = &f->view;
        return 1;
    }
}

static void filter_close(Op *op) {
    FilterOp *f = (FilterOp *)op;
    f->child->close(f->child);
    expr_free(f->pred);
    free(f);
}

Op *op_filter_new(ExecCtx *cx, const PlanNode *n, Op *child) {
    ExprState *pred = op_expr(cx, n->cond);
    if (!pred) {
        child->close(child);
        return NULL;
    }
    FilterOp *f = xcalloc(1, sizeof *f);
    f->op = (Op){filter_next, filter_close, cx, n, n->ncols, n->types};
    f->child = child;
    f->pred = pred;
    return &f->op;
}
