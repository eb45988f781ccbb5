/* Explode: explode, explode_outer, posexplode, posexplode_outer over arrays and maps
 * (LATERAL VIEW [OUTER] and generators in select). Each input row repeats once per
 * element, followed by pos? and the element (or key and value); an outer explode keeps
 * a row with NULLs for a NULL or empty collection. Output batches hold at most
 * BATCH_ROWS rows, so one input row with a huge array spans several batches. */
#include "nested.h"
#include "op.h"

#include <stdlib.h>
#include <string.h>

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

/* One output row for a NULL or empty collection (outer): input columns, then NULLs. */
static void emit_null(ExplodeOp *x, uint32_t r) {
    Batch *o = x->out;
    uint32_t d = o->nrows++;
    for (uint32_t i = 0; i < x->nin; i++) val_copy(o, i, d, &x->in->cols[i], r);
    for (uint32_t c = x->nin; c < o->ncols; c++) vec_set_null(&o->cols[c], d);
}

/* Elements [e0, e0 + m) of child vector src into rows d.. of dst (m <= BATCH_ROWS - d):
 * the elements of one list are contiguous, so fixed-width values are one memcpy. */
static void copy_elems(Batch *o, Vec *dst, uint32_t d, const Vec *src, uint32_t e0, uint32_t m) {
    TypeId t = dst->type.id;
    if (t != src->type.id || type_is_nested(t)) {
        for (uint32_t k = 0; k < m; k++)
            nested_copy_value(dst, BATCH_ROWS, d + k, src, e0 + k, &o->heap);
        return;
    }
    size_t w = (size_t)type_fixed_width(t);
    if (t == TY_STRING || t == TY_BINARY) { // one heap block for the run's bytes
        const Str *in = (const Str *)src->data + e0;
        size_t total = 0;
        for (uint32_t k = 0; k < m; k++) total += in[k].len;
        char *heap = arena_alloc(&o->heap, total ? total : 1);
        for (uint32_t k = 0; k < m; k++) {
            if (in[k].len) memcpy(heap, in[k].ptr, in[k].len);
            ((Str *)dst->data)[d + k] = (Str){in[k].len, heap};
            heap += in[k].len;
        }
    } else {
        memcpy((char *)dst->data + (size_t)d * w, (const char *)src->data + (size_t)e0 * w, m * w);
    }
    if (src->valid || dst->valid)
        for (uint32_t k = 0; k < m; k++) {
            if (vec_is_null(src, e0 + k))
                vec_set_null(dst, d + k);
            else
                vec_set_valid(dst, d + k);
        }
}

/* Output rows for elements j0.. (m of them, starting at child row e0) of input row r. */
static void emit_run(ExplodeOp *x, uint32_t r, uint32_t e0, uint32_t j0, uint32_t m) {
    Batch *o = x->out;
    uint32_t d = o->nrows, c = x->nin;
    uint16_t rows[BATCH_ROWS];
    for (uint32_t k = 0; k < m; k++) rows[k] = (uint16_t)r;
    for (uint32_t i = 0; i < x->nin; i++) vec_gather(o, i, d, &x->in->cols[i], rows, m);
    if (x->op.node->with_pos) {
        for (uint32_t k = 0; k < m; k++) ((int32_t *)o->cols[c].data)[d + k] = (int32_t)(j0 + k);
        c++;
    }
    for (uint32_t k = 0; k < vec_nchild(x->coll) && c < o->ncols; k++, c++)
        copy_elems(o, &o->cols[c], d, &x->coll->child[k], e0, m);
    o->nrows += m;
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
            if (op->node->outer) emit_null(x, r);
            x->k++;
            continue;
        }
        uint32_t m = l.len - x->j, room = BATCH_ROWS - x->out->nrows;
        if (m > room) m = room;
        emit_run(x, r, l.off + x->j, x->j, m);
        x->j += m;
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
