/* UNION ALL: the children's batches one child after another (UNION DISTINCT is this
 * under a distinct operator). Batches pass through untouched. */
#include "op.h"

#include <stdlib.h>

typedef struct {
    Op op;
    Op **children;
    int n, cur;
} UnionOp;

static int union_next(Op *op, Batch **out) {
    UnionOp *u = (UnionOp *)op;
    while (u->cur < u->n) {
        Op *c = u->children[u->cur];
        int rc = c->next(c, out);
        if (rc != 0) return rc;
        u->cur++;
    }
    return 0;
}

static void union_close(Op *op) {
    UnionOp *u = (UnionOp *)op;
    for (int i = 0; i < u->n; i++)
        if (u->children[i]) u->children[i]->close(u->children[i]);
    free(u->children);
    free(u);
}

Op *op_union_new(ExecCtx *cx, const PlanNode *n, Op **children, int nchildren) {
    UnionOp *u = xcalloc(1, sizeof *u);
    u->op = (Op){union_next, union_close, cx, n, n->ncols, n->types};
    u->children = xcalloc((size_t)nchildren, sizeof *u->children);
    for (int i = 0; i < nchildren; i++) u->children[i] = children[i];
    u->n = nchildren;
    return &u->op;
}
