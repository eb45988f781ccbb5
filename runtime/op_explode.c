/* Explode: explode, explode_outer, posexplode, posexplode_outer over arrays and maps
 * (LATERAL VIEW [OUTER] and generators in select). Each input row repeats once per
 * element, followed by pos? and the element (or key and value); an outer explode keeps
 * a row with NULLs for a NULL or empty collection. Output batches hold at most
 * BATCH_ROWS rows, so one input row with a huge array spans several batches. */
#include "nested.h"
#include "op.h"

#include <stdlib.h>

typedef struct {
    Op op;
    Op *child;
    ExprState *gen;
    Batch *out;
    uint32_t nin;     // input columns
    Batch *in;        // current input batch (borrowed until the child's next call)
    const Vec *coll;  // the generator's values for in's live rows (dense)
    uint32_t k, j;    // next live row of in, next element of that row
    bool done;
} ExplodeOp;

/* Output row d: the input columns of row r, then pos / element(s) (elem < 0: NULLs). */
static void emit(ExplodeOp *x, uint32_t r, int64_t elem, uint32_t pos) {
    Batch *o = x->out;
    uint32_t d = o->nrows++, c = x->nin;
    for (uint32_t i = 0; i < x->nin; i++) val_copy(o, i, d, &x->in->cols[i], r);
    if (x->op.node->with_pos) {
        if (elem < 0)
            vec_set_null(&o->cols[c], d);
        else
            ((int32_t *)o->cols[c].data)[d] = (int32_t)pos;
        c++;
    }
    for (uint32_t k = 0; k < vec_nchild(x->coll) && c < o->ncols; k++, c++) {
        if (elem < 0)
            vec_set_null(&o->cols[c], d);
        else
            nested_copy_value(&o->cols[c], BATCH_ROWS, d, &x->coll->child[k], (uint32_t)elem,
                              &o->heap);
    }
}

static int explode_next(Op *op, Batch **out) {
    ExplodeOp *x = (ExplodeOp *)op;
    batch_reset(x->out);
    while (x->out->nrows < BATCH_ROWS && !x->done) {
        if (!x->in) {
            int rc = x->child->next(x->child, &x->in);
            if (rc < 0) return -1;
            if (rc == 0) {
                x->done = true;
                x->in = NULL;
                break;
            }
            if (!(x->coll = op_eval(op->cx, x->gen, x->in))) return -1;
            x->k = x->j = 0;
        }
        if (x->k >= batch_live(x->in)) {
            x->in = NULL;
            continue;
        }
        uint32_t r = batch_row(x->in, x->k);
        bool nested = type_is_nested(x->coll->type.id) && x->coll->child;
        VecList l = nested && !val_null(x->coll, x->k) ? nested_list(x->coll, x->k)
                                                        : (VecList){0, 0};
        if (l.len == 0) {
            if (op->node->outer) emit(x, r, -1, 0);
            x->k++;
            continue;
        }
        while (x->j < l.len && x->out->nrows < BATCH_ROWS) {
            emit(x, r, (int64_t)l.off + x->j, x->j);
            x->j++;
        }
        if (x->j == l.len) {
            x->k++;
            x->j = 0;
        }
    }
    if (!x->out->nrows) return 0;
    *out = x->out;
    return 1;
}

static void explode_close(Op *op) {
    ExplodeOp *x = (ExplodeOp *)op;
    if (x->child) x->child->close(x->child);
    expr_free(x->gen);
    batch_free(x->out);
    free(x);
}

Op *op_explode_new(ExecCtx *cx, const PlanNode *n, Op *child) {
    ExplodeOp *x = xcalloc(1, sizeof *x);
    x->op = (Op){explode_next, explode_close, cx, n, n->ncols, n->types};
    x->child = child;
    x->nin = n->inputs[0]->ncols;
    uint32_t extra = (n->with_pos ? 1u : 0u) + (n->gen->type.id == TY_MAP ? 2u : 1u);
    if (x->nin + extra != n->ncols || !type_is_nested(n->gen->type.id)) {
        exec_fail(cx, "plan: explode's columns do not match its input and generator");
        explode_close(&x->op);
        return NULL;
    }
    if (!(x->gen = op_expr(cx, n->gen))) {
        explode_close(&x->op);
        return NULL;
    }
    x->out = batch_new(n->types, n->ncols);
    return &x->op;
}
