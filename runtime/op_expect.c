/* Expectations (exec.h ExecChecks) over the rows flowing through: each rule is evaluated
 * per batch; WARN counts, DROP narrows the selection, FAIL stops with DLT's message and
 * the first offending record. Used above a flow's query (its target's rules) and above
 * an inlined view (the view's rules). */
#include "op.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    Op op;
    Op *child;
    const ExecChecks *ck;
    ExprState **st; // one per check
    uint16_t sel[BATCH_ROWS];
    bool keep[BATCH_ROWS];
    Batch view;
} ExpectOp;

/* The failure: DLT names the flow, the violated FAIL rules and one offending record. */
static int fail_with(ExpectOp *x, const Batch *b, uint32_t row, const StrBuf *names) {
    Batch one = *b;
    uint16_t r = (uint16_t)row;
    one.sel = &r;
    one.nsel = 1;
    StrBuf rec = {0};
    exec_format_rows(&one, x->ck->names, EXEC_FMT_JSON, &rec);
    if (rec.len && rec.ptr[rec.len - 1] == '\n') rec.len--;
    exec_fail(x->op.cx,
              "Flow '%s' failed to meet the expectation. Violated expectations: '%s'. "
              "Offending record: %.400s",
              x->ck->flow, names->ptr ? names->ptr : "", sb_cstr(&rec));
    sb_free(&rec);
    return -1;
}

static int expect_next(Op *op, Batch **out) {
    ExpectOp *x = (ExpectOp *)op;
    for (;;) {
        Batch *b;
        int rc = x->child->next(x->child, &b);
        if (rc <= 0) return rc;
        uint32_t live = batch_live(b);
        if (!live) continue;
        memset(x->keep, 1, live * sizeof *x->keep);
        StrBuf failed = {0};
        int64_t fail_row = -1;
        for (uint32_t e = 0; e < x->ck->n; e++) {
            const ExecCheck *c = &x->ck->checks[e];
            const Vec *v = op_eval(op->cx, x->st[e], b);
            if (!v) {
                sb_free(&failed);
                return -1;
            }
            const uint8_t *ok = v->data;
            int64_t nfail = 0;
            for (uint32_t k = 0; k < live; k++) {
                uint32_t i = v->is_const ? 0 : k; // results are dense over live rows
                if (vec_is_null(v, i) || ok[i]) continue;
                nfail++;
                if (c->action == EXEC_CHECK_DROP) x->keep[k] = false;
                if (c->action == EXEC_CHECK_FAIL && fail_row < 0) fail_row = batch_row(b, k);
            }
            if (nfail && c->action == EXEC_CHECK_FAIL)
                sb_printf(&failed, "%s%s", failed.len ? ", " : "", c->name);
            if (c->failed) __atomic_add_fetch(c->failed, nfail, __ATOMIC_RELAXED);
            if (c->passed) __atomic_add_fetch(c->passed, (int64_t)live - nfail, __ATOMIC_RELAXED);
        }
        if (fail_row >= 0) {
            int r = fail_with(x, b, (uint32_t)fail_row, &failed);
            sb_free(&failed);
            return r;
        }
        sb_free(&failed);
        uint32_t n = 0;
        for (uint32_t k = 0; k < live; k++)
            if (x->keep[k]) x->sel[n++] = (uint16_t)batch_row(b, k);
        if (x->ck->dropped && n < live)
            __atomic_add_fetch(x->ck->dropped, (int64_t)(live - n), __ATOMIC_RELAXED);
        if (n == 0) continue;
        if (n == live) {
            *out = b;
            return 1;
        }
        x->view = *b;
        x->view.sel = x->sel;
        x->view.nsel = n;
        *out = &x->view;
        return 1;
    }
}

static void expect_close(Op *op) {
    ExpectOp *x = (ExpectOp *)op;
    x->child->close(x->child);
    for (uint32_t e = 0; e < x->ck->n; e++) expr_free(x->st[e]);
    free(x->st);
    free(x);
}

Op *op_expect_new(ExecCtx *cx, const PlanNode *n, Op *child, const ExecChecks *ck) {
    ExpectOp *x = xcalloc(1, sizeof *x);
    x->op = (Op){expect_next, expect_close, cx, n, child->ncols, child->types};
    x->child = child;
    x->ck = ck;
    x->st = xcalloc(ck->n + 1, sizeof *x->st);
    for (uint32_t e = 0; e < ck->n; e++)
        if (!(x->st[e] = op_expr(cx, ck->checks[e].expr))) {
            expect_close(&x->op);
            return NULL;
        }
    return &x->op;
}
