/* Hash join. The condition is split into equi-keys (conjuncts `l = r` with one side
 * over left columns and the other over right columns) and a residual evaluated on the
 * candidate pairs. The right input is the build side: its rows are kept in a RowBuf,
 * distinct keys in a KeyTable with a chain of rows per key (in input order). NULL keys
 * never match. Without equi-keys (cross joins, theta joins) every right row is a
 * candidate. Left rows stream; pairs are produced at most BATCH_ROWS at a time, so a
 * left row may continue in the next output batch. */
#include "op.h"

#include <stdlib.h>
#include <string.h>

enum { NONE = UINT64_MAX };

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
    KeyTable rkt;
    uint64_t *head, *tail, *next; // chains: per key group and per right row
    uint8_t *rmatched;
    uint64_t chain_cap, head_cap;
    // probe state
    Phase phase;
    Batch *lb;
    uint32_t lm, k;
    uint64_t cur;
    int64_t lgid[BATCH_ROWS];
    uint8_t lmatched[BATCH_ROWS];
    uint64_t h[BATCH_ROWS];
    uint64_t rpos; // right tail position
    // output
    Batch *pairs; // left + right columns
    Batch *lout;  // left columns only (semi/anti/left tail)
    uint32_t cand_l[BATCH_ROWS];
    uint64_t cand_r[BATCH_ROWS];
    uint16_t sel[BATCH_ROWS];
    Batch view;
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
    j->lkeys = xcalloc(lk.len + 1, sizeof *j->lkeys);
    j->rkeys = xcalloc(lk.len + 1, sizeof *j->rkeys);
    j->kv = xcalloc(lk.len + 1, sizeof *j->kv);
    Type *kt = xcalloc(lk.len + 1, sizeof *kt);
    for (size_t i = 0; i < lk.len && ok; i++) {
        kt[i] = lk.items[i]->type;
        ok = (j->lkeys[i] = op_expr(cx, lk.items[i])) && (j->rkeys[i] = op_expr(cx, rk.items[i]));
    }
    keys_init(&j->rkt, kt, (uint32_t)lk.len);
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

static void grow_u64(uint64_t **p, uint64_t *cap, uint64_t need, uint64_t fill) {
    if (need <= *cap) return;
    uint64_t nc = *cap ? *cap : 1024;
    while (nc < need) nc *= 2;
    *p = xrealloc(*p, nc * sizeof **p);
    for (uint64_t i = *cap; i < nc; i++) (*p)[i] = fill;
    *cap = nc;
}

static int build(JoinOp *j) {
    Batch *in;
    int rc;
    uint64_t next_cap = 0, tail_cap = 0;
    uint32_t gid[BATCH_ROWS];
    while ((rc = j->right->next(j->right, &in)) > 0) {
        uint32_t m = batch_live(in);
        uint64_t base = j->rrows.nrows;
        rowbuf_append_batch(&j->rrows, in);
        grow_u64(&j->next, &next_cap, j->rrows.nrows, NONE);
        if (j->nkeys == 0) continue; // every right row is a candidate
        for (int k = 0; k < j->nkeys; k++) {
            const Vec *v = op_eval(j->op.cx, j->rkeys[k], in);
            if (!v) return -1;
            j->kv[k] = *v;
        }
        keys_hash(j->kv, (uint32_t)j->nkeys, m, j->h);
        // NULL keys get a group too, but no chain: a left key never equals them
        keys_upsert(&j->rkt, j->kv, m, j->h, gid, NULL);
        grow_u64(&j->head, &j->head_cap, j->rkt.n, NONE);
        grow_u64(&j->tail, &tail_cap, j->rkt.n, NONE);
        for (uint32_t i = 0; i < m; i++) {
            bool null_key = false;
            for (int k = 0; k < j->nkeys; k++) null_key |= val_null(&j->kv[k], i);
            if (null_key) continue;
            uint32_t g = gid[i];
            uint64_t id = base + i;
            if (j->head[g] == NONE)
                j->head[g] = id;
            else
                j->next[j->tail[g]] = id;
            j->tail[g] = id;
        }
    }
    if (rc < 0) return -1;
    if (j->type == JOIN_RIGHT || j->type == JOIN_FULL) j->rmatched = xcalloc(j->rrows.nrows + 1, 1);
    j->built = true;
    return 0;
}

/* ---- probe ---- */

static bool start_left(JoinOp *j) {
    j->lm = batch_live(j->lb);
    j->k = 0;
    memset(j->lmatched, 0, j->lm);
    for (int k = 0; k < j->nkeys; k++) {
        const Vec *v = op_eval(j->op.cx, j->lkeys[k], j->lb);
        if (!v) return false;
        j->kv[k] = *v;
    }
    keys_hash(j->kv, (uint32_t)j->nkeys, j->lm, j->h);
    if (j->nkeys) keys_prefetch(&j->rkt, j->h, j->lm);
    for (uint32_t i = 0; i < j->lm; i++) {
        bool null_key = false;
        for (int k = 0; k < j->nkeys; k++) null_key |= val_null(&j->kv[k], i);
        if (j->nkeys == 0)
            j->lgid[i] = j->rrows.nrows ? 0 : -1;
        else
            j->lgid[i] = null_key ? -1 : keys_find(&j->rkt, j->kv, i, j->h[i]);
    }
    j->cur = j->lm ? (j->lgid[0] < 0 ? NONE : j->nkeys ? j->head[j->lgid[0]] : 0) : NONE;
    return true;
}

static uint64_t chain_next(JoinOp *j, uint64_t id) {
    if (j->nkeys == 0) return id + 1 < j->rrows.nrows ? id + 1 : NONE;
    return j->next[id];
}

static uint64_t chain_start(JoinOp *j, uint32_t k) {
    if (j->lgid[k] < 0) return NONE;
    return j->nkeys ? j->head[j->lgid[k]] : 0;
}

static void copy_left(JoinOp *j, Batch *out, uint32_t r, uint32_t k) {
    uint32_t row = batch_row(j->lb, k);
    for (uint32_t c = 0; c < j->nl; c++) val_copy(out, c, r, &j->lb->cols[c], row);
}

static void copy_right(JoinOp *j, Batch *out, uint32_t r, uint64_t id) {
    const Batch *rb = rowbuf_chunk(&j->rrows, id);
    uint32_t row = rowbuf_row(id);
    for (uint32_t c = 0; c < j->nr; c++) val_copy(out, j->nl + c, r, &rb->cols[c], row);
}

static void null_cols(Batch *out, uint32_t from, uint32_t to, uint32_t r) {
    for (uint32_t c = from; c < to; c++) vec_set_null(&out->cols[c], r);
}

/* One batch of candidate pairs; returns how many passed (sel set in j->sel), -1 error. */
static int probe_batch(JoinOp *j, uint32_t *npairs) {
    uint32_t cnt = 0;
    while (j->k < j->lm && cnt < BATCH_ROWS) {
        if (j->cur == NONE) {
            if (++j->k < j->lm) j->cur = chain_start(j, j->k);
            continue;
        }
        j->cand_l[cnt] = j->k;
        j->cand_r[cnt] = j->cur;
        cnt++;
        j->cur = chain_next(j, j->cur);
    }
    *npairs = cnt;
    if (cnt == 0) return 0;
    batch_reset(j->pairs);
    uint16_t lrows[BATCH_ROWS];
    for (uint32_t i = 0; i < cnt; i++) lrows[i] = (uint16_t)batch_row(j->lb, j->cand_l[i]);
    for (uint32_t c = 0; c < j->nl; c++) vec_gather(j->pairs, c, 0, &j->lb->cols[c], lrows, cnt);
    for (uint32_t c = 0; c < j->nr; c++)
        rowbuf_gather(j->pairs, j->nl + c, &j->rrows, c, j->cand_r, cnt);
    j->pairs->nrows = cnt;
    int n = (int)cnt;
    if (j->residual) {
        char *err = NULL;
        n = expr_select(j->residual, j->pairs, j->sel, &err);
        if (n < 0) return exec_fail_take(j->op.cx, err);
    } else {
        for (uint32_t i = 0; i < cnt; i++) j->sel[i] = (uint16_t)i;
    }
    for (int i = 0; i < n; i++) {
        j->lmatched[j->cand_l[j->sel[i]]] = 1;
        if (j->rmatched) j->rmatched[j->cand_r[j->sel[i]]] = 1;
    }
    return n;
}

static int left_tail(JoinOp *j, Batch **out) {
    bool want_matched = j->type == JOIN_SEMI;
    if (j->type == JOIN_SEMI || j->type == JOIN_ANTI) {
        uint32_t n = 0;
        for (uint32_t k = 0; k < j->lm; k++)
            if ((bool)j->lmatched[k] == want_matched) j->sel[n++] = (uint16_t)batch_row(j->lb, k);
        if (!n) return 0;
        j->view = *j->lb;
        j->view.sel = j->sel;
        j->view.nsel = n;
        *out = &j->view;
        return 1;
    }
    if (j->type != JOIN_LEFT && j->type != JOIN_FULL) return 0;
    batch_reset(j->pairs);
    uint32_t n = 0;
    for (uint32_t k = 0; k < j->lm; k++) {
        if (j->lmatched[k]) continue;
        copy_left(j, j->pairs, n, k);
        null_cols(j->pairs, j->nl, j->nl + j->nr, n);
        n++;
    }
    if (!n) return 0;
    j->pairs->nrows = n;
    *out = j->pairs;
    return 1;
}

static int right_tail(JoinOp *j, Batch **out) {
    batch_reset(j->pairs);
    uint32_t n = 0;
    while (j->rpos < j->rrows.nrows && n < BATCH_ROWS) {
        uint64_t id = j->rpos++;
        if (j->rmatched[id]) continue;
        null_cols(j->pairs, 0, j->nl, n);
        copy_right(j, j->pairs, n, id);
        n++;
    }
    if (!n) return 0;
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
            if (semi_like && !j->residual) { // a key match is enough
                for (uint32_t k = 0; k < j->lm; k++) j->lmatched[k] = j->lgid[k] >= 0;
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
    keys_free(&j->rkt);
    free(j->head);
    free(j->tail);
    free(j->next);
    free(j->rmatched);
    batch_free(j->pairs);
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
    rowbuf_init(&j->rrows, n->inputs[1]->types, j->nr);
    free(all);
    if (!split_cond(j, n->cond)) {
        join_close(&j->op);
        return NULL;
    }
    return &j->op;
}
