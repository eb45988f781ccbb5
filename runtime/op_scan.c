/* Scan: pulls batches from the caller's scan provider (exec.h) for scan_dataset,
 * scan_input and scan_table nodes, checking that they have the node's column types. */
#include "op.h"

#include <stdlib.h>

typedef struct {
    Op op;
    ExecScan scan;
    bool open;
} ScanOp;

static int scan_next(Op *op, Batch **out) {
    ScanOp *s = (ScanOp *)op;
    for (;;) {
        Batch *b = NULL;
        char *err = NULL;
        int rc = s->scan.next(s->scan.state, &b, &err);
        if (rc < 0) return exec_fail_take(op->cx, err);
        if (rc == 0 || !b) return 0;
        if (b->ncols != op->ncols) {
            exec_fail(op->cx, "scan of '%s' returned %u columns, expected %u", op->node->name,
                      b->ncols, op->ncols);
            return -1;
        }
        for (uint32_t c = 0; c < op->ncols; c++)
            if (b->cols[c].type.id != op->types[c].id ||
                b->cols[c].type.scale != op->types[c].scale) {
                exec_fail(op->cx, "scan of '%s': column %u has the wrong type", op->node->name, c);
                return -1;
            }
        if (batch_live(b) == 0) continue;
        *out = b;
        return 1;
    }
}

static void scan_close(Op *op) {
    ScanOp *s = (ScanOp *)op;
    if (s->open && s->scan.close) s->scan.close(s->scan.state);
    free(s);
}

Op *op_scan_new(ExecCtx *cx, const PlanNode *n) {
    if (!cx->env->open_scan) {
        exec_fail(cx, "no scan provider for '%s'", n->name);
        return NULL;
    }
    ScanOp *s = xcalloc(1, sizeof *s);
    s->op = (Op){scan_next, scan_close, cx, n, n->ncols, n->types};
    char *err = NULL;
    int rc = cx->nparts > 0 ? cx->env->open_scan_part(cx->env->ud, n, cx->part, cx->nparts,
                                                      cx->group, &s->scan, &err)
                            : cx->env->open_scan(cx->env->ud, n, &s->scan, &err);
    if (rc == 1) { // a part scan declined: the caller falls back to a serial plan
        cx->declined = true;
        free(err);
        free(s);
        return NULL;
    }
    if (rc < 0 || !s->scan.next) {
        exec_fail_take(cx, err);
        free(s);
        return NULL;
    }
    s->open = true;
    return &s->op;
}
