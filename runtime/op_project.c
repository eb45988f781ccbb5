/* Project: one expression per output column. Results are the expressions' own
 * vectors (a bare column is the child's vector itself); constants are expanded so
 * consumers never see a constant vector from a projection. */
#include "op.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    Op op;
    Op *child;
    ExprState **exprs;
    Batch out;
    Vec *cols;
    void **bufs; // per column: BATCH_ROWS values for expanded constants
    uint64_t (*valid)[BATCH_ROWS / 64];
} ProjectOp;

static void expand_const(ProjectOp *p, uint32_t c, const Vec *v, uint32_t n) {
    size_t w = (size_t)type_fixed_width(v->type.id);
    char *d = p->bufs[c];
    for (uint32_t i = 0; i < n; i++) memcpy(d + i * w, v->data, w);
    p->cols[c] = (Vec){.type = p->op.types[c], .data = d, .child = v->child,
                       .child_len = v->child_len, .child_cap = v->child_cap}; // shared elements
    if (vec_is_null(v, 0)) {
        memset(p->valid[c], 0, sizeof p->valid[c]);
        p->cols[c].valid = p->valid[c];
    }
}

static int project_next(Op *op, Batch **out) {
    ProjectOp *p = (ProjectOp *)op;
    Batch *in;
    int rc = p->child->next(p->child, &in);
    if (rc <= 0) return rc;
    uint32_t n = batch_live(in);
    for (uint32_t c = 0; c < op->ncols; c++) {
        const Vec *v = op_eval(op->cx, p->exprs[c], in);
        if (!v) return -1;
        if (v->is_const)
            expand_const(p, c, v, n);
        else {
            p->cols[c] = *v;
            p->cols[c].type = op->types[c];
        }
    }
    p->out.ncols = op->ncols;
    p->out.nrows = n;
    p->out.sel = NULL;
    p->out.nsel = 0;
    p->out.cols = p->cols;
    *out = &p->out;
    return 1;
}

static void project_close(Op *op) {
    ProjectOp *p = (ProjectOp *)op;
    p->child->close(p->child);
    for (uint32_t c = 0; c < op->ncols; c++) {
        expr_free(p->exprs[c]);
        free(p->bufs[c]);
    }
    free(p->exprs);
    free(p->bufs);
    free(p->valid);
    free(p->cols);
    free(p);
}

Op *op_project_new(ExecCtx *cx, const PlanNode *n, Op *child) {
    ProjectOp *p = xcalloc(1, sizeof *p);
    p->op = (Op){project_next, project_close, cx, n, n->ncols, n->types};
    p->child = child;
    uint32_t nc = n->ncols ? n->ncols : 1;
    p->exprs = xcalloc(nc, sizeof *p->exprs);
    p->bufs = xcalloc(nc, sizeof *p->bufs);
    p->cols = xcalloc(nc, sizeof *p->cols);
    p->valid = xcalloc(nc, sizeof *p->valid);
    for (uint32_t c = 0; c < n->ncols; c++) {
        p->bufs[c] = xcalloc(BATCH_ROWS, (size_t)type_fixed_width(n->types[c].id));
        if (!(p->exprs[c] = op_expr(cx, n->exprs[c]))) {
            project_close(&p->op);
            return NULL;
        }
    }
    return &p->op;
}
