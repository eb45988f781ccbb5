/* LIMIT / OFFSET: skips `offset` rows, then passes at most `limit` rows by narrowing
 * the selection of a view; stops pulling its child once the limit is reached. */
#include "op.h"

#include <stdlib.h>

typedef struct {
    Op op;
    Op *child;
    int64_t skip; // offset rows still to skip
    int64_t left; // rows still to emit; -1 = no limit
    uint16_t sel[BATCH_ROWS];
    Batch view;
} LimitOp;

static int limit_next(Op *op, Batch **out) {
    LimitOp *l = (LimitOp *)op;
    for (;;) {
        if (l->left == 0) return 0;
        Batch *in;
        int rc = l->child->next(l->child, &in);
        if (rc <= 0) return rc;
        uint32_t n = batch_live(in), from = 0;
        if (l->skip > 0) {
            from = l->skip >= n ? n : (uint32_t)l->skip;
            l->skip -= from;
        }
        uint32_t take = n - from;
        if (l->left >= 0 && take > l->left) take = (uint32_t)l->left;
        if (take == 0) continue;
        if (l->left > 0) l->left -= take;
        if (from == 0 && take == n) {
            *out = in;
            return 1;
        }
        for (uint32_t k = 0; k < take; k++) l->sel[k] = (uint16_t)batch_row(in, from + k);
        l->view = *in;
        l->view.sel = l->sel;
        l->view.nsel = take;
        *out = &l->view;
        return 1;
    }
}

static void limit_close(Op *op) {
    LimitOp *l = (LimitOp *)op;
    l->child->close(l->child);
    free(l);
}

Op *op_limit_new(ExecCtx *cx, const PlanNode *n, Op *child) {
    LimitOp *l = xcalloc(1, sizeof *l);
    l->op = (Op){limit_next, limit_close, cx, n, n->ncols, n->types};
    l->child = child;
    l->skip = n->offset;
    l->left = n->limit;
    return &l->op;
}
