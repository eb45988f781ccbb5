/* Filter: narrows the selection vector instead of copying rows (style.md 5). The
 * output is a view of the child's batch (same vectors, our selection), so the child's
 * batch itself is never written. A condition a AND b AND ... is applied conjunct by
 * conjunct, each over the rows the previous ones kept (a row passes only when every
 * conjunct is TRUE, so this is the same result, for less work on selective filters). */
#include "op.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_CONJUNCTS = 16 };  // deeper AND trees: the rest is one conjunct

typedef struct {
    Op op;
    Op *child;
    ExprState *pred[MAX_CONJUNCTS];
    int npred;
    uint16_t sel[2][BATCH_ROWS];
    Batch view;
} FilterOp;

static int filter_next(Op *op, Batch **out) {
    FilterOp *f = (FilterOp *)op;
    for (;;) {
        Batch *in;
        int rc = f->child->next(f->child, &in);
        if (rc <= 0) return rc;
        f->view = *in;
        int n = (int)batch_live(in);
        for (int k = 0; k < f->npred && n > 0; k++) {
            char *err = NULL;
            uint16_t *dst = f->sel[k & 1];  // never the selection being read
            n = expr_select(f->pred[k], &f->view, dst, &err);
            if (n < 0) return exec_fail_take(op->cx, err);
            f->view.sel = dst;
            f->view.nsel = (uint32_t)n;
        }
        if (n == 0) continue; // whole batch rejected: pull the next
        if ((uint32_t)n == batch_live(in)) {
            *out = in; // nothing removed: pass it through
            return 1;
        }
        *out = &f->view;
        return 1;
    }
}

static void filter_close(Op *op) {
    FilterOp *f = (FilterOp *)op;
    f->child->close(f->child);
    for (int k = 0; k < f->npred; k++) expr_free(f->pred[k]);
    free(f);
}

/* The conjuncts of e, left to right. */
static void conjuncts(const PlanExpr *e, const PlanExpr **out, int *n) {
    if (e->kind == PX_CALL && e->fn && !strcmp(e->fn, "and") && e->nargs == 2 &&
        *n < MAX_CONJUNCTS - 1) {
        conjuncts(e->args[0], out, n);
        conjuncts(e->args[1], out, n);
        return;
    }
    out[(*n)++] = e;
}

Op *op_filter_new(ExecCtx *cx, const PlanNode *n, Op *child) {
    FilterOp *f = xcalloc(1, sizeof *f);
    f->op = (Op){filter_next, filter_close, cx, n, n->ncols, n->types};
    f->child = child;
    const PlanExpr *parts[MAX_CONJUNCTS];
    int np = 0;
    conjuncts(n->cond, parts, &np);
    for (int k = 0; k < np; k++) {
        if (!(f->pred[k] = op_expr(cx, parts[k]))) {
            filter_close(&f->op);
            return NULL;
        }
        f->npred = k + 1;
    }
    return &f->op;
}
