/* Sort (multi-key, ASC/DESC, NULLS FIRST/LAST) and top-N. Input rows are buffered
 * with their evaluated sort keys appended as extra columns, then row ids are sorted
 * (ties keep input order, so results are deterministic). Top-N (a sort under a limit)
 * prunes the buffer to the best N rows whenever it grows past a threshold. */
#include "op.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    Op           op;
    Op          *child;
    int          nkeys;
    ExprState  **keys;
    const PlanSortKey *spec;
    RowBuf       rows;          // input columns then key columns
    Vec         *vals;
    int64_t      topn;          // < 0: full sort
    uint64_t    *ids;
    uint64_t     nids, pos;
    bool         sorted;
    Batch       *out;
} SortOp;

static int cmp_ids(const void *pa, const void *pb, void *arg) {
    const SortOp *s = arg;
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    const Batch *ba = rowbuf_chunk(&s->rows, a), *bb = rowbuf_chunk(&s->rows, b);
    uint32_t ra = rowbuf_row(a), rb = rowbuf_row(b);
    for (int k = 0; k < s->nkeys; k++) {
        uint32_t c = s->op.ncols + (uint32_t)k;
        int r = val_order(&ba->cols[c], ra, &bb->cols[c], rb, s->spec[k].desc, s->spec[k].nulls_first);
        if (r) return r;
    }
    return (a > b) - (a < b);
}

static void sort_ids(SortOp *s) {
    s->nids = s->rows.nrows;
    s->ids = xrealloc(s->ids, (s->nids + 1) * sizeof *s->ids);
    for (uint64_t i = 0; i < s->nids; i++) s->ids[i] = i;
    qsort_r(s->ids, s->nids, sizeof *s->ids, cmp_ids, s);
}

/* Keep only the first topn rows (in sorted order) in a fresh buffer. */
static void prune(SortOp *s) {
    sort_ids(s);
    RowBuf keep;
    rowbuf_init(&keep, s->rows.types, s->rows.ncols);
    uint64_t n = s->nids < (uint64_t)s->topn ? s->nids : (uint64_t)s->topn;
    for (uint64_t i = 0; i < n; i++) {
        const Batch *b = rowbuf_chunk(&s->rows, s->ids[i]);
        rowbuf_append(&keep, b->cols, rowbuf_row(s->ids[i]));
    }
    rowbuf_free(&s->rows);
    s->rows = keep;
}

static int consume(SortOp *s) {
    Batch *in;
    int rc;
    uint32_t nc = s->op.ncols;
    uint64_t limit = s->topn >= 0 ? (uint64_t)s->topn * 2 + 4 * BATCH_ROWS : UINT64_MAX;
    while ((rc = s->child->next(s->child, &in)) > 0) {
        uint32_t m = batch_live(in);
        for (int k = 0; k < s->nkeys; k++) {
            const Vec *v = op_eval(s->op.cx, s->keys[k], in);
            if (!v) return -1;
            s->vals[nc + (uint32_t)k] = *v;
        }
        for (uint32_t i = 0; i < m; i++) {
            uint32_t r = batch_row(in, i);
            Batch *b;
            uint32_t d;
            rowbuf_reserve(&s->rows, &b, &d);
            for (uint32_t c = 0; c < nc; c++) val_copy(b, c, d, &in->cols[c], r);
            for (int k = 0; k < s->nkeys; k++)
                val_copy(b, nc + (uint32_t)k, d, &s->vals[nc + (uint32_t)k], i);
        }
        if (s->rows.nrows > limit) prune(s);
    }
    return rc;
}

static int sort_next(Op *op, Batch **out) {
    SortOp *s = (SortOp *)op;
    if (!s->sorted) {
        if (consume(s) < 0) return -1;
        sort_ids(s);
        if (s->topn >= 0 && s->nids > (uint64_t)s->topn) s->nids = (uint64_t)s->topn;
        s->sorted = true;
    }
    if (s->pos >= s->nids) return 0;
    batch_reset(s->out);
    uint32_t n = 0;
    while (s->pos < s->nids && n < BATCH_ROWS) {
        uint64_t id = s->ids[s->pos++];
        const Batch *b = rowbuf_chunk(&s->rows, id);
        for (uint32_t c = 0; c < op->ncols; c++) val_copy(s->out, c, n, &b->cols[c], rowbuf_row(id));
        n++;
    }
    s->out->nrows = n;
    *out = s->out;
    return 1;
}

static void sort_close(Op *op) {
    SortOp *s = (SortOp *)op;
    if (s->child) s->child->close(s->child);
    for (int k = 0; k < s->nkeys; k++) expr_free(s->keys[k]);
    free(s->keys);
    free(s->vals);
    free(s->ids);
    rowbuf_free(&s->rows);
    batch_free(s->out);
    free(s);
}

Op *op_sort_new(ExecCtx *cx, const PlanNode *n, Op *child, int64_t topn) {
    SortOp *s = xcalloc(1, sizeof *s);
    s->op = (Op){sort_next, sort_close, cx, n, n->ncols, n->types};
    s->child = child;
    s->topn = topn;
    s->nkeys = n->nkeys;
    s->spec = n->keys;
    s->keys = xcalloc((size_t)n->nkeys + 1, sizeof *s->keys);
    s->vals = xcalloc(n->ncols + (size_t)n->nkeys + 1, sizeof *s->vals);
    Type *ts = xcalloc(n->ncols + (size_t)n->nkeys + 1, sizeof *ts);
    memcpy(ts, n->types, n->ncols * sizeof *ts);
    for (uint32_t c = 0; c < n->ncols; c++) s->vals[c] = (Vec){.type = n->types[c]};
    bool ok = true;
    for (int k = 0; k < n->nkeys && ok; k++) {
        ts[n->ncols + (uint32_t)k] = n->keys[k].expr->type;
        ok = (s->keys[k] = op_expr(cx, n->keys[k].expr)) != NULL;
    }
    rowbuf_init(&s->rows, ts, n->ncols + (uint32_t)n->nkeys);
    free(ts);
    s->out = batch_new(n->types, n->ncols);
    if (!ok) {
        sort_close(&s->op);
        return NULL;
    }
    return &s->op;
}
