/* INTERSECT and EXCEPT, [ALL] or DISTINCT, of two inputs (more are chained by exec.c).
 * The right input is counted per distinct row first; left rows then stream through:
 * INTERSECT ALL keeps min(l, r) copies, EXCEPT ALL max(l - r, 0), the DISTINCT forms
 * the first copy of each qualifying row. NULLs compare equal, as in Spark. */
#include "op.h"

#include <stdlib.h>

typedef struct {
    Op op;
    Op *left, *right;
    bool intersect, all, built;
    ExprState **cols;
    Vec *kv;
    KeyTable rkeys, lseen;
    int64_t *rcount;
    uint64_t h[BATCH_ROWS];
    uint32_t gid[BATCH_ROWS], lgid[BATCH_ROWS];
    bool is_new[BATCH_ROWS];
    uint16_t sel[BATCH_ROWS];
    Batch view;
} SetOp;

static bool eval_keys(SetOp *s, const Batch *in) {
    for (uint32_t c = 0; c < s->op.ncols; c++) {
        const Vec *v = op_eval(s->op.cx, s->cols[c], in);
        if (!v) return false;
        s->kv[c] = *v;
    }
    keys_hash(s->kv, s->op.ncols, batch_live(in), s->h);
    return true;
}

static int build(SetOp *s) {
    Batch *in;
    int rc;
    uint64_t cap = 0;
    while ((rc = s->right->next(s->right, &in)) > 0) {
        if (!eval_keys(s, in)) return -1;
        uint32_t m = batch_live(in);
        keys_upsert(&s->rkeys, s->kv, m, s->h, s->gid, NULL);
        if (s->rkeys.n > cap) {
            uint64_t nc = cap ? cap : 1024;
            while (nc < s->rkeys.n) nc *= 2;
            s->rcount = xrealloc(s->rcount, nc * sizeof *s->rcount);
            for (uint64_t i = cap; i < nc; i++) s->rcount[i] = 0;
            cap = nc;
        }
        for (uint32_t i = 0; i < m; i++) s->rcount[s->gid[i]]++;
    }
    s->built = true;
    return rc;
}

static int setop_next(Op *op, Batch **out) {
    SetOp *s = (SetOp *)op;
    if (!s->built && build(s) < 0) return -1;
    for (;;) {
        Batch *in;
        int rc = s->left->next(s->left, &in);
        if (rc <= 0) return rc;
        if (!eval_keys(s, in)) return -1;
        uint32_t m = batch_live(in), n = 0;
        if (!s->all) keys_upsert(&s->lseen, s->kv, m, s->h, s->lgid, s->is_new);
        for (uint32_t i = 0; i < m; i++) {
            int64_t g = keys_find(&s->rkeys, s->kv, i, s->h[i]);
            bool keep;
            if (s->all) {
                bool hit = g >= 0 && s->rcount[g] > 0;
                if (hit) s->rcount[g]--;
                keep = s->intersect ? hit : !hit;
            } else {
                keep = s->is_new[i] && (s->intersect ? g >= 0 : g < 0);
            }
            if (keep) s->sel[n++] = (uint16_t)batch_row(in, i);
        }
        if (n == 0) continue;
        s->view = *in;
        s->view.sel = s->sel;
        s->view.nsel = n;
        *out = &s->view;
        return 1;
    }
}

static void setop_close(Op *op) {
    SetOp *s = (SetOp *)op;
    if (s->left) s->left->close(s->left);
    if (s->right) s->right->close(s->right);
    for (uint32_t c = 0; c < op->ncols; c++) expr_free(s->cols[c]);
    free(s->cols);
    free(s->kv);
    free(s->rcount);
    keys_free(&s->rkeys);
    keys_free(&s->lseen);
    free(s);
}

Op *op_setop_new(ExecCtx *cx, const PlanNode *n, Op **children, int nchildren) {
    SetOp *s = xcalloc(1, sizeof *s);
    s->op = (Op){setop_next, setop_close, cx, n, n->ncols, n->types};
    s->left = children[0];
    s->right = nchildren > 1 ? children[1] : NULL;
    s->intersect = n->kind == PN_INTERSECT;
    s->all = n->all;
    s->cols = xcalloc(n->ncols + 1, sizeof *s->cols);
    s->kv = xcalloc(n->ncols + 1, sizeof *s->kv);
    keys_init(&s->rkeys, n->types, n->ncols);
    keys_init(&s->lseen, n->types, n->ncols);
    bool ok = s->right != NULL;
    if (!ok) exec_fail(cx, "set operation needs two inputs");
    for (uint32_t c = 0; c < n->ncols && ok; c++)
        ok = (s->cols[c] = op_col_expr(cx, (int)c, n->types[c])) != NULL;
    if (!ok) {
        setop_close(&s->op);
        return NULL;
    }
    return &s->op;
}
