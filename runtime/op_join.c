/* Hash join: equi-key conjuncts `l = r` index the right (build) input in a JoinHT, the
 * rest is a residual over candidate pairs; NULL keys never match, no keys means every
 * right row is a candidate. Left rows stream. Strings are never copied: output rows point
 * into the left batch (alive until our next call) or the build side (alive until close).
 * See emit_ref for the one-batch-per-left-batch path of foreign-key joins. */
#include "join_ht.h"
#include "op.h"

#include <stdlib.h>
#include <string.h>

typedef enum {
    PH_NEED_LEFT,  // pull the next left batch
    PH_PROBE,      // emit matching pairs of the current left batch
    PH_LEFT_TAIL,  // emit its unmatched rows (left/full) or its semi/anti rows
    PH_RIGHT_TAIL, // after the left input: unmatched right rows (right/full)
    PH_DONE,       // end of output
} Phase;

typedef struct {
    Op op;
    Op *left, *right;
    JoinType type;
    uint32_t nl, nr; // column counts
    int nkeys;
    ExprState **lkeys, **rkeys;
    Vec *kv;
    ExprState *residual;
    Arena arena; // rewritten expressions
    // build side
    bool built;
    RowBuf rrows;
    JoinHT ht;
    uint8_t *rmatched;
    const void **rdata;      // per right column and chunk: the chunk's data
    const uint64_t **rvalid; // same for validity (NULL: no NULLs in that chunk)
    bool *rnulls;            // per right column: some chunk may hold NULLs
    bool by_ref;             // one output batch per left batch (see the top)
    int *alias;              // per right column: a left column equal to it on matches, or -1
    // probe state
    Phase phase;
    Batch *lb;
    uint32_t lm, k;
    uint32_t cur;                // position of the current build row (jht_row)
    uint32_t lfirst[BATCH_ROWS]; // per live left row: its first position or JHT_NONE
    uint8_t lmatched[BATCH_ROWS];
    uint64_t rpos; // right tail position
    // output
    Batch *pairs; // left + right columns
    Batch *rcols; // right columns under a view of the left batch
    Vec *vcols;   // the view's columns
    Batch view;
    uint32_t cand_l[BATCH_ROWS];
    uint32_t cand_r[BATCH_ROWS];
    uint16_t pos[BATCH_ROWS];
    uint16_t sel[BATCH_ROWS];
    uint16_t sel2[BATCH_ROWS];
    uint32_t rid[BATCH_ROWS]; // by reference: per left batch row, its build row
    uint16_t iota[BATCH_ROWS];
} JoinOp;

/* ---- splitting the condition ---- */

static int side_of(const PlanExpr *e, uint32_t nl) { // 1 left only, 2 right only, 3 both, 0 none
    if (e->kind == PX_COL) return (uint32_t)e->col < nl ? 1 : 2;
    int s = 0;
    for (int i = 0; i < e->nargs; i++) s |= side_of(e->args[i], nl);
    if (e->kind == PX_SUBQUERY) return s;
    return s;
}

static PlanExpr *shift_cols(Arena *a, const PlanExpr *e, int by) {
    PlanExpr *c = arena_alloc(a, sizeof *c);
    *c = *e;
    if (e->kind == PX_COL) c->col = e->col - by;
    if (e->nargs && e->kind != PX_LAMBDA) {
        c->args = arena_alloc(a, (size_t)e->nargs * sizeof *c->args);
        for (int i = 0; i < e->nargs; i++) c->args[i] = shift_cols(a, e->args[i], by);
    }
    return c;
}

typedef VEC(const PlanExpr *) ExprList;

static void conjuncts(const PlanExpr *e, ExprList *out) {
    if (e->kind == PX_CALL && !strcmp(e->fn, "and") && e->nargs == 2) {
        conjuncts(e->args[0], out);
        conjuncts(e->args[1], out);
    } else {
        VEC_PUSH(*out, e);
    }
}

static bool split_cond(JoinOp *j, const PlanExpr *cond) {
    ExecCtx *cx = j->op.cx;
    ExprList cs = {0}, rest = {0};
    VEC(PlanExpr *) lk = {0};
    VEC(PlanExpr *) rk = {0};
    if (cond) conjuncts(cond, &cs);
    for (size_t i = 0; i < cs.len; i++) {
        const PlanExpr *c = cs.items[i];
        if (c->kind == PX_CALL && !strcmp(c->fn, "eq") && c->nargs == 2 &&
            c->args[0]->type.id == c->args[1]->type.id) {
            int s0 = side_of(c->args[0], j->nl), s1 = side_of(c->args[1], j->nl);
            if (s0 == 1 && s1 == 2) {
                VEC_PUSH(lk, c->args[0]);
                VEC_PUSH(rk, shift_cols(&j->arena, c->args[1], (int)j->nl));
                continue;
            }
            if (s0 == 2 && s1 == 1) {
                VEC_PUSH(lk, c->args[1]);
                VEC_PUSH(rk, shift_cols(&j->arena, c->args[0], (int)j->nl));
                continue;
            }
        }
        VEC_PUSH(rest, c);
    }
    bool ok = true;
    j->nkeys = (int)lk.len;
    j->alias = xmalloc((j->nr + 1) * sizeof *j->alias);
    for (uint32_t c = 0; c < j->nr; c++) j->alias[c] = -1;
    for (size_t i = 0; i < lk.len; i++) { // `l.a = r.b` on integers: matched r.b is l.a
        const PlanExpr *l = lk.items[i], *r = rk.items[i];
        TypeId t = l->type.id;
        bool integral = t == TY_BOOLEAN || type_is_integral(t) || t == TY_DATE ||
                        t == TY_TIMESTAMP;
        if (integral && l->kind == PX_COL && r->kind == PX_COL && r->col >= 0 &&
            (uint32_t)r->col < j->nr && j->rrows.types[r->col].id == t)
            j->alias[r->col] = l->col;
    }
    j->lkeys = xcalloc(lk.len + 1, sizeof *j->lkeys);
    j->rkeys = xcalloc(lk.len + 1, sizeof *j->rkeys);
    j->kv = xcalloc(lk.len + 1, sizeof *j->kv);
    Type *kt = xcalloc(lk.len + 1, sizeof *kt);
    for (size_t i = 0; i < lk.len && ok; i++) {
        kt[i] = lk.items[i]->type;
        ok = (j->lkeys[i] = op_expr(cx, lk.items[i])) && (j->rkeys[i] = op_expr(cx, rk.items[i]));
    }
    jht_init(&j->ht, kt, (uint32_t)lk.len);
    free(kt);
    if (ok && rest.len) {
        const PlanExpr *r = rest.items[0];
        for (size_t i = 1; i < rest.len; i++) {
            PlanExpr *a = arena_alloc(&j->arena, sizeof *a);
            a->kind = PX_CALL;
            a->fn = "and";
            a->type = TYPE(TY_BOOLEAN);
            a->nargs = 2;
            a->args = arena_alloc(&j->arena, 2 * sizeof *a->args);
            a->args[0] = (PlanExpr *)r;
            a->args[1] = (PlanExpr *)rest.items[i];
            r = a;
        }
        ok = (j->residual = op_expr(cx, r)) != NULL;
    }
    free(cs.items);
    free(rest.items);
    free(lk.items);
    free(rk.items);
    return ok;
}

/* ---- build ---- */

static bool is_nested(TypeId t) {
    return t == TY_ARRAY || t == TY_MAP || t == TY_STRUCT;
}

/* Per right column and chunk, where its values and validity live (for put_right). */
static void index_chunks(JoinOp *j) {
    uint32_t nch = j->rrows.nchunks;
    size_t cells = (size_t)j->nr * nch + 1;
    j->rdata = xcalloc(cells, sizeof *j->rdata);
    j->rvalid = xcalloc(cells, sizeof *j->rvalid);
    j->rnulls = xcalloc(j->nr + 1, sizeof *j->rnulls);
    for (uint32_t c = 0; c < j->nr; c++)
        for (uint32_t ch = 0; ch < nch; ch++) {
            const Vec *v = &j->rrows.chunks[ch]->cols[c];
            j->rdata[(size_t)c * nch + ch] = v->data;
            j->rvalid[(size_t)c * nch + ch] = v->valid;
            if (v->valid) j->rnulls[c] = true;
        }
}

static int build(JoinOp *j) {
    Batch *in;
    int rc;
    while ((rc = j->right->next(j->right, &in)) > 0) {
        uint32_t m = batch_live(in);
        if (j->rrows.nrows + m >= JHT_NONE) {
            exec_fail(j->op.cx, "join: the build side has more than %u rows", JHT_NONE - 1);
            return -1;
        }
        rowbuf_append_batch(&j->rrows, in);
        if (j->nkeys == 0) continue; // every right row is a candidate
        for (int k = 0; k < j->nkeys; k++) {
            const Vec *v = op_eval(j->op.cx, j->rkeys[k], in);
            if (!v) return -1;
            j->kv[k] = *v;
        }
        jht_add(&j->ht, j->kv, m);
    }
    if (rc < 0) return -1;
    if (j->nkeys) jht_finish(&j->ht);
    index_chunks(j);
    if (j->type == JOIN_RIGHT || j->type == JOIN_FULL) j->rmatched = xcalloc(j->rrows.nrows + 1, 1);
    j->by_ref = j->nkeys && j->ht.unique;
    j->built = true;
    return 0;
}

/* ---- gathering ---- */

typedef struct {
    uint64_t a, b;
} W16; // DECIMAL and Str (a string is referenced, its bytes stay where they are)

/* Build rows ids[0..n) into rows pos[0..n) of column off + c of dst (right column c). */
static void put_right_col(JoinOp *j, Batch *dst, uint32_t off, uint32_t c, const uint16_t *pos,
                          const uint32_t *ids, uint32_t n) {
    uint32_t nch = j->rrows.nchunks;
    Vec *d = &dst->cols[off + c];
    const void *const *cd = j->rdata + (size_t)c * nch;
    TypeId t = j->rrows.types[c].id;
    if (is_nested(t)) {
        for (uint32_t k = 0; k < n; k++)
            val_copy(dst, off + c, pos[k], &rowbuf_chunk(&j->rrows, ids[k])->cols[c],
                     rowbuf_row(ids[k]));
        return;
    }
#define PUT(T)                                                                                     \
    do {                                                                                           \
        T *o = d->data;                                                                            \
        for (uint32_t k = 0; k < n; k++)                                                           \
            o[pos[k]] = ((const T *)cd[ids[k] / BATCH_ROWS])[ids[k] % BATCH_ROWS];                 \
    } while (0)
    switch (type_fixed_width(t)) {
    case 1: PUT(uint8_t); break;
    case 2: PUT(uint16_t); break;
    case 4: PUT(uint32_t); break;
    case 16: PUT(W16); break;
    default: PUT(uint64_t); break;
    }
#undef PUT
    if (!j->rnulls[c]) return;
    const uint64_t *const *cv = j->rvalid + (size_t)c * nch;
    for (uint32_t k = 0; k < n; k++) {
        const uint64_t *v = cv[ids[k] / BATCH_ROWS];
        uint32_t r = ids[k] % BATCH_ROWS;
        if (v && !(v[r >> 6] >> (r & 63) & 1)) vec_set_null(d, pos[k]);
    }
}

static void put_right(JoinOp *j, Batch *dst, uint32_t off, const uint16_t *pos,
                      const uint32_t *ids, uint32_t n) {
    for (uint32_t c = 0; c < j->nr; c++) put_right_col(j, dst, off, c, pos, ids, n);
}

/* Rows rows[0..n) of the left batch into rows 0..n-1 of the left columns of dst. */
static void put_left(JoinOp *j, Batch *dst, const uint16_t *rows, uint32_t n) {
    for (uint32_t c = 0; c < j->nl; c++) {
        const Vec *s = &j->lb->cols[c];
        Vec *d = &dst->cols[c];
        if (is_nested(s->type.id) || s->type.id != d->type.id) {
            vec_gather(dst, c, 0, s, rows, n);
            continue;
        }
#define PUT(T)                                                                                     \
    do {                                                                                           \
        T *o = d->data;                                                                            \
        const T *in = s->data;                                                                     \
        if (s->is_const)                                                                           \
            for (uint32_t k = 0; k < n; k++) o[k] = in[0];                                         \
        else                                                                                       \
            for (uint32_t k = 0; k < n; k++) o[k] = in[rows[k]];                                   \
    } while (0)
        switch (type_fixed_width(s->type.id)) {
        case 1: PUT(uint8_t); break;
        case 2: PUT(uint16_t); break;
        case 4: PUT(uint32_t); break;
        case 16: PUT(W16); break;
        default: PUT(uint64_t); break;
        }
#undef PUT
        if (s->valid)
            for (uint32_t k = 0; k < n; k++)
                if (vec_is_null(s, s->is_const ? 0 : rows[k])) vec_set_null(d, k);
    }
}

/* The output view: the left batch's own vectors, then the right columns of rcols. */
static Batch *left_view(JoinOp *j, bool with_right, const uint16_t *sel, uint32_t n) {
    for (uint32_t c = 0; c < j->nl; c++) j->vcols[c] = j->lb->cols[c];
    if (with_right)
        for (uint32_t c = 0; c < j->nr; c++) j->vcols[j->nl + c] = j->rcols->cols[c];
    j->view.ncols = with_right ? j->nl + j->nr : j->nl;
    j->view.cols = j->vcols;
    j->view.nrows = j->lb->nrows;
    bool all = !j->lb->sel && n == j->lb->nrows; // then sel is 0..n-1
    j->view.sel = all ? NULL : (uint16_t *)sel;
    j->view.nsel = all ? 0 : n;
    return &j->view;
}

/* Right columns NULL at rows[0..n) of rcols. */
static void null_right(JoinOp *j, const uint32_t *rows, uint32_t n) {
    for (uint32_t c = 0; c < j->nr; c++)
        for (uint32_t k = 0; k < n; k++) vec_set_null(&j->rcols->cols[c], rows[k]);
}

/* ---- probe ---- */

static bool start_left(JoinOp *j) {
    j->lm = batch_live(j->lb);
    j->k = 0;
    memset(j->lmatched, 0, j->lm);
    if (j->nkeys == 0) {
        uint32_t f = j->rrows.nrows ? 0 : JHT_NONE;
        for (uint32_t i = 0; i < j->lm; i++) j->lfirst[i] = f;
    } else {
        for (int k = 0; k < j->nkeys; k++) {
            const Vec *v = op_eval(j->op.cx, j->lkeys[k], j->lb);
            if (!v) return false;
            j->kv[k] = *v;
        }
        jht_probe(&j->ht, j->kv, j->lm, j->lfirst);
    }
    j->cur = j->lm ? j->lfirst[0] : JHT_NONE;
    return true;
}

static uint32_t chain_next(JoinOp *j, uint32_t pos) {
    if (j->nkeys == 0) return pos + 1 < j->rrows.nrows ? pos + 1 : JHT_NONE;
    return jht_next(&j->ht, pos);
}

/* left_view for emit_ref: unless some rows are NULL-extended (outer), an integral
 * equi-key right column is its left twin on every row, so its vector is the left one. */
static Batch *ref_view(JoinOp *j, bool with_right, const uint16_t *sel, uint32_t n, bool outer) {
    Batch *v = left_view(j, with_right, sel, n);
    if (with_right && !outer)
        for (uint32_t c = 0; c < j->nr; c++)
            if (j->alias[c] >= 0) j->vcols[j->nl + c] = j->lb->cols[j->alias[c]];
    return v;
}

/* By reference, when every left row matches at most one right row: the whole left batch
 * at once, as a view of its own vectors under a selection plus the gathered right
 * columns, so only the right side is copied. The residual, if any, narrows the matched
 * rows on that view. 0 when the batch has no output rows. Otherwise (duplicate keys)
 * probe_batch emits pairs at most BATCH_ROWS at a time. */
static int emit_ref(JoinOp *j, Batch **out) {
    JoinType t = j->type;
    bool outer = t == JOIN_LEFT || t == JOIN_FULL;
    bool semi_like = t == JOIN_SEMI || t == JOIN_ANTI;
    uint32_t nm = 0;
    for (uint32_t k = 0; k < j->lm; k++) {
        if (j->lfirst[k] == JHT_NONE) continue;
        uint16_t row = (uint16_t)batch_row(j->lb, k);
        j->pos[nm] = row;
        j->cand_r[nm] = jht_row(&j->ht, j->lfirst[k]);
        j->rid[row] = j->cand_r[nm++];
    }
    const uint16_t *pass = j->pos; // matched rows whose pair passes the residual
    uint32_t np = nm;
    bool right_cols = !semi_like || j->residual;
    if (right_cols) {
        batch_reset(j->rcols);
        for (uint32_t c = 0; c < j->nr; c++)
            if (outer || j->alias[c] < 0) put_right_col(j, j->rcols, 0, c, j->pos, j->cand_r, nm);
        ref_view(j, true, j->pos, nm, outer);
    }
    if (j->residual && nm) {
        j->view.sel = j->pos; // only matched rows have a pair to test
        j->view.nsel = nm;
        char *err = NULL;
        int n = expr_select(j->residual, &j->view, j->sel2, &err);
        if (n < 0) return exec_fail_take(j->op.cx, err);
        pass = j->sel2;
        np = (uint32_t)n;
    }
    if (j->rmatched)
        for (uint32_t i = 0; i < np; i++) j->rmatched[j->rid[pass[i]]] = 1;
    if (t != JOIN_LEFT && t != JOIN_FULL && t != JOIN_ANTI) { // inner, right, semi, cross
        if (!np) return 0;
        *out = ref_view(j, !semi_like, pass, np, false);
        return 1;
    }
    // every live row whose pair did not pass: kept (anti) or NULL-extended (left/full)
    for (uint32_t i = 0; i < np; i++) j->rid[pass[i]] = JHT_NONE;
    uint32_t n = 0, nu = 0;
    for (uint32_t k = 0; k < j->lm; k++) {
        uint16_t row = (uint16_t)batch_row(j->lb, k);
        bool passed = j->lfirst[k] != JHT_NONE && j->rid[row] == JHT_NONE;
        if (t == JOIN_ANTI) {
            if (!passed) j->sel[n++] = row;
            continue;
        }
        j->sel[n++] = row;
        if (!passed) j->cand_l[nu++] = row;
    }
    if (!n) return 0;
    if (t == JOIN_ANTI) {
        *out = left_view(j, false, j->sel, n);
        return 1;
    }
    null_right(j, j->cand_l, nu);
    *out = ref_view(j, true, j->sel, n, true);
    return 1;
}

/* One batch of candidate pairs; returns how many passed (sel set in j->sel), -1 error. */
static int probe_batch(JoinOp *j, uint32_t *npairs) {
    uint32_t cnt = 0;
    while (j->k < j->lm && cnt < BATCH_ROWS) {
        if (j->cur == JHT_NONE) {
            if (++j->k < j->lm) j->cur = j->lfirst[j->k];
            continue;
        }
        j->cand_l[cnt] = j->k;
        j->cand_r[cnt] = j->nkeys ? jht_row(&j->ht, j->cur) : j->cur;
        cnt++;
        j->cur = chain_next(j, j->cur);
    }
    *npairs = cnt;
    if (cnt == 0) return 0;
    batch_reset(j->pairs);
    for (uint32_t i = 0; i < cnt; i++) j->pos[i] = (uint16_t)batch_row(j->lb, j->cand_l[i]);
    put_left(j, j->pairs, j->pos, cnt);
    put_right(j, j->pairs, j->nl, j->iota, j->cand_r, cnt);
    j->pairs->nrows = cnt;
    int n = (int)cnt;
    if (j->residual) {
        char *err = NULL;
        n = expr_select(j->residual, j->pairs, j->sel, &err);
        if (n < 0) return exec_fail_take(j->op.cx, err);
    } else {
        memcpy(j->sel, j->iota, cnt * sizeof *j->sel);
    }
    for (int i = 0; i < n; i++) {
        j->lmatched[j->cand_l[j->sel[i]]] = 1;
        if (j->rmatched) j->rmatched[j->cand_r[j->sel[i]]] = 1;
    }
    return n;
}

static int left_tail(JoinOp *j, Batch **out) {
    bool want_matched = j->type == JOIN_SEMI;
    bool semi_like = j->type == JOIN_SEMI || j->type == JOIN_ANTI;
    if (!semi_like && j->type != JOIN_LEFT && j->type != JOIN_FULL) return 0;
    uint32_t n = 0;
    for (uint32_t k = 0; k < j->lm; k++) {
        bool keep = semi_like ? (bool)j->lmatched[k] == want_matched : !j->lmatched[k];
        if (!keep) continue;
        j->sel[n] = (uint16_t)batch_row(j->lb, k);
        j->cand_l[n] = j->sel[n];
        n++;
    }
    if (!n) return 0;
    if (!semi_like) {
        batch_reset(j->rcols);
        null_right(j, j->cand_l, n);
    }
    *out = left_view(j, !semi_like, j->sel, n);
    return 1;
}

static int right_tail(JoinOp *j, Batch **out) {
    batch_reset(j->pairs);
    uint32_t n = 0;
    while (j->rpos < j->rrows.nrows && n < BATCH_ROWS) {
        uint64_t id = j->rpos++;
        if (!j->rmatched[id]) j->cand_r[n++] = (uint32_t)id;
    }
    if (!n) return 0;
    for (uint32_t c = 0; c < j->nl; c++)
        for (uint32_t k = 0; k < n; k++) vec_set_null(&j->pairs->cols[c], k);
    put_right(j, j->pairs, j->nl, j->iota, j->cand_r, n);
    j->pairs->nrows = n;
    *out = j->pairs;
    return 1;
}

static int join_next(Op *op, Batch **out) {
    JoinOp *j = (JoinOp *)op;
    if (!j->built && build(j) < 0) return -1;
    bool semi_like = j->type == JOIN_SEMI || j->type == JOIN_ANTI;
    for (;;) {
        switch (j->phase) {
        case PH_NEED_LEFT: {
            int rc = j->left->next(j->left, &j->lb);
            if (rc < 0) return -1;
            if (rc == 0) {
                j->phase = j->rmatched ? PH_RIGHT_TAIL : PH_DONE;
                continue;
            }
            if (!start_left(j)) return -1;
            if (j->by_ref) {
                if (emit_ref(j, out)) return 1;
                continue;
            }
            if (semi_like && !j->residual) { // a key match is enough
                for (uint32_t k = 0; k < j->lm; k++) j->lmatched[k] = j->lfirst[k] != JHT_NONE;
                j->phase = PH_LEFT_TAIL;
            } else {
                j->phase = PH_PROBE;
            }
            continue;
        }
        case PH_PROBE: {
            uint32_t npairs;
            int n = probe_batch(j, &npairs);
            if (n < 0) return -1;
            if (npairs == 0) {
                j->phase = PH_LEFT_TAIL;
                continue;
            }
            if (semi_like || n == 0) continue;
            if ((uint32_t)n < npairs) {
                j->pairs->sel = j->sel;
                j->pairs->nsel = (uint32_t)n;
            }
            *out = j->pairs;
            return 1;
        }
        case PH_LEFT_TAIL: {
            j->phase = PH_NEED_LEFT;
            int rc = left_tail(j, out);
            if (rc) return rc;
            continue;
        }
        case PH_RIGHT_TAIL: {
            int rc = right_tail(j, out);
            if (rc) return rc;
            j->phase = PH_DONE;
            continue;
        }
        case PH_DONE: return 0;
        }
    }
}

static void join_close(Op *op) {
    JoinOp *j = (JoinOp *)op;
    if (j->left) j->left->close(j->left);
    if (j->right) j->right->close(j->right);
    for (int k = 0; k < j->nkeys; k++) {
        expr_free(j->lkeys[k]);
        expr_free(j->rkeys[k]);
    }
    free(j->lkeys);
    free(j->rkeys);
    free(j->kv);
    expr_free(j->residual);
    arena_free_all(&j->arena);
    rowbuf_free(&j->rrows);
    jht_free(&j->ht);
    free(j->rmatched);
    free(j->rdata);
    free(j->rvalid);
    free(j->rnulls);
    free(j->alias);
    batch_free(j->pairs);
    batch_free(j->rcols);
    free(j->vcols);
    free(j);
}

Op *op_join_new(ExecCtx *cx, const PlanNode *n, Op *left, Op *right) {
    JoinOp *j = xcalloc(1, sizeof *j);
    j->op = (Op){join_next, join_close, cx, n, n->ncols, n->types};
    j->left = left;
    j->right = right;
    j->type = n->join_type;
    j->nl = n->inputs[0]->ncols;
    j->nr = n->inputs[1]->ncols;
    Type *all = xcalloc(j->nl + j->nr + 1, sizeof *all);
    memcpy(all, n->inputs[0]->types, j->nl * sizeof *all);
    memcpy(all + j->nl, n->inputs[1]->types, j->nr * sizeof *all);
    j->pairs = batch_new(all, j->nl + j->nr);
    j->rcols = batch_new(n->inputs[1]->types, j->nr);
    j->vcols = xcalloc(j->nl + j->nr + 1, sizeof *j->vcols);
    rowbuf_init(&j->rrows, n->inputs[1]->types, j->nr);
    free(all);
    for (uint32_t i = 0; i < BATCH_ROWS; i++) j->iota[i] = (uint16_t)i;
    if (!split_cond(j, n->cond)) {
        join_close(&j->op);
        return NULL;
    }
    return &j->op;
}
