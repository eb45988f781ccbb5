/* Parallel hash aggregation and top-N: when an aggregate (or ORDER BY ... LIMIT) reads a
 * big non-streaming scan through
 * filters, projections and the left side of joins, each of two threads builds its own
 * copy of that pipeline over its share of the scan's morsels (ExecEnv.open_scan_part;
 * a join's right side is read whole by each) and its own hash aggregate; the second's
 * groups and states are then merged into the first (agg_merge), which emits the result.
 * Only aggregates whose partial states merge exactly qualify (no DISTINCT, none that
 * depend on row order). */
#include "op.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { PA_THREADS = 2 };

typedef struct {
    Op op;
    Op *top[PA_THREADS];      // per thread: its hash aggregate, or its top-N sort
    ExecCtx *cx[PA_THREADS];  // their contexts (own errors)
    ExecCtx *wcx[PA_THREADS]; // and for what each reads whole (a join's right side)
    void *group;              // the scan parts' shared state
    bool is_agg;
    bool ran;
    VEC(Batch *) rows[PA_THREADS];  // top-N: each thread's rows (copies)
    uint32_t emit_part, emit_pos;   // top-N: the next collected batch to hand out
} ParOp;

static bool expr_ok(const PlanExpr *e) {
    if (!e) return true;
    if (e->kind == PX_SUBQUERY) return false;  // evaluated per thread: keep it serial
    for (int i = 0; i < e->nargs; i++)
        if (!expr_ok(e->args[i])) return false;
    return true;
}

/* The aggregate's input: filters, projections and views down to one scan. */
static bool chain_ok(const PlanNode *n) {
    for (int depth = 0; n && depth < 64; depth++) {
        switch (n->kind) {
        case PN_SCAN_INPUT:
        case PN_SCAN_DATASET:
        case PN_SCAN_TABLE: return !n->streaming;
        case PN_FILTER:
            if (!expr_ok(n->cond)) return false;
            break;
        case PN_PROJECT:
            for (int i = 0; i < n->nexprs; i++)
                if (!expr_ok(n->exprs[i])) return false;
            break;
        case PN_VIEW: break;
        case PN_JOIN:  // each thread joins its part of the left side with all of the right
            if (n->join_type == JOIN_RIGHT || n->join_type == JOIN_FULL || !expr_ok(n->cond))
                return false;  // unmatched right rows would come once per thread
            n = n->inputs[0];
            continue;
        default: return false;
        }
        if (n->ninputs != 1) return false;
        n = n->inputs[0];
    }
    return false;
}

typedef struct {
    ParOp *p;
    int k;
} Job;

/* One thread's work: a partial aggregate, or its top-N rows copied out. */
static void *run_part(void *arg) {
    Job *j = arg;
    ParOp *p = j->p;
    if (p->is_agg) {
        op_hashagg_consume(p->top[j->k]);  // an error stays in its context
        return NULL;
    }
    Batch *b;
    while (p->top[j->k]->next(p->top[j->k], &b) > 0) VEC_PUSH(p->rows[j->k], exec_copy_batch(b));
    return NULL;
}

static int run_parts(ParOp *p) {
    Job jobs[PA_THREADS];
    pthread_t th[PA_THREADS];
    bool started[PA_THREADS] = {false};
    for (int k = 1; k < PA_THREADS; k++) {
        jobs[k] = (Job){p, k};
        started[k] = pthread_create(&th[k], NULL, run_part, &jobs[k]) == 0;
        if (!started[k]) run_part(&jobs[k]);
    }
    jobs[0] = (Job){p, 0};
    run_part(&jobs[0]);
    for (int k = 1; k < PA_THREADS; k++)
        if (started[k]) pthread_join(th[k], NULL);
    for (int k = 0; k < PA_THREADS; k++)
        for (int w = 0; w < 2; w++) {
            ExecCtx *c = w ? p->wcx[k] : p->cx[k];
            if (!c->err) continue;
            exec_fail_take(p->op.cx, c->err);
            c->err = NULL;
            return -1;
        }
    if (p->is_agg)
        for (int k = 1; k < PA_THREADS; k++) op_hashagg_merge(p->top[0], p->top[k]);
    p->ran = true;
    return 0;
}

static int par_next(Op *op, Batch **out) {
    ParOp *p = (ParOp *)op;
    if (!p->ran && run_parts(p) < 0) return -1;
    if (!p->is_agg) {  // the threads' top rows, for the final top-N above
        while (p->emit_part < PA_THREADS && p->emit_pos == p->rows[p->emit_part].len)
            p->emit_part++, p->emit_pos = 0;
        if (p->emit_part == PA_THREADS) return 0;
        *out = p->rows[p->emit_part].items[p->emit_pos++];
        return 1;
    }
    int rc = p->top[0]->next(p->top[0], out);
    if (rc < 0 && p->cx[0]->err) {
        exec_fail_take(op->cx, p->cx[0]->err);
        p->cx[0]->err = NULL;
    }
    return rc;
}

static void par_close(Op *op) {
    ParOp *p = (ParOp *)op;
    for (int k = 0; k < PA_THREADS; k++) {
        if (p->top[k]) p->top[k]->close(p->top[k]);
        if (p->cx[k]) free(p->cx[k]->err);
        if (p->wcx[k]) free(p->wcx[k]->err);
        free(p->cx[k]);
        free(p->wcx[k]);
        exec_free_batches(p->rows[k].items, (int)p->rows[k].len);
    }
    if (p->group && op->cx->env->free_scan_group) op->cx->env->free_scan_group(p->group);
    free(p);
}

/* One context per thread over `input`, with the thread's blocking operator on top:
 * a hash aggregate (agg) or a top-N sort (sort, topn). NULL when a part declined (too
 * small, a stream) or on an error (then in cx). */
static Op *build_parts(ExecCtx *cx, const PlanNode *agg, const PlanNode *sort, int64_t topn) {
    const PlanNode *top = agg ? agg : sort;
    ParOp *p = xcalloc(1, sizeof *p);
    p->op = (Op){par_next, par_close, cx, top, top->ncols, top->types};
    p->is_agg = agg != NULL;
    for (int k = 0; k < PA_THREADS; k++) {
        ExecCtx *c = p->cx[k] = xmalloc(sizeof *c), *w = p->wcx[k] = xmalloc(sizeof *w);
        *c = *cx;
        c->err = NULL;
        c->part = k, c->nparts = PA_THREADS, c->group = &p->group;
        c->declined = false;
        c->whole = w;
        *w = *cx;
        w->err = NULL;
        w->whole = NULL;
        Op *child = op_build(c, top->inputs[0]);
        if (!child && w->err) exec_fail_take(c, w->err), w->err = NULL;
        if (child) p->top[k] = agg ? op_hashagg_new(c, agg, child) : op_sort_new(c, sort, child, topn);
        if (!p->top[k]) {  // declined (too small, a stream), or an error for cx
            if (c->err) exec_fail_take(cx, c->err), c->err = NULL;
            par_close(&p->op);
            return NULL;
        }
    }
    return &p->op;
}

Op *op_paragg_try(ExecCtx *cx, const PlanNode *n) {
    const ExecEnv *env = cx->env;
    if (cx->nparts > 0 || !env->open_scan_part || !op_hashagg_mergeable(n) ||
        !chain_ok(n->inputs[0]))
        return NULL;
    for (int i = 0; i < n->nexprs; i++)
        if (!expr_ok(n->exprs[i])) return NULL;
    for (int i = 0; i < n->naggs; i++) {
        for (int k = 0; k < n->aggs[i].nargs; k++)
            if (!expr_ok(n->aggs[i].args[k])) return NULL;
        if (!expr_ok(n->aggs[i].filter)) return NULL;
    }
    return build_parts(cx, n, NULL, 0);
}

Op *op_partopn_try(ExecCtx *cx, const PlanNode *sort, int64_t topn) {
    if (cx->nparts > 0 || !cx->env->open_scan_part || topn < 0 || topn > 100000 ||
        !chain_ok(sort->inputs[0]))
        return NULL;
    for (int i = 0; i < sort->nkeys; i++)
        if (!expr_ok(sort->keys[i].expr)) return NULL;
    Op *parts = build_parts(cx, NULL, sort, topn);
    return parts ? op_sort_new(cx, sort, parts, topn) : NULL;  // the best of both threads' best
}
