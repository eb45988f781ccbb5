/* Parallel hash aggregation: when an aggregate reads a big non-streaming scan through
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
    Op *agg[PA_THREADS];      // one hash aggregate per thread
    ExecCtx *cx[PA_THREADS];  // their contexts (own errors)
    ExecCtx *wcx[PA_THREADS]; // and for what each reads whole (a join's right side)
    void *group;              // the scan parts' shared state
    bool merged;
} ParAggOp;

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

static void *consume_thread(void *arg) {
    Op *a = arg;
    op_hashagg_consume(a);  // an error stays in its context
    return NULL;
}

static int paragg_next(Op *op, Batch **out) {
    ParAggOp *p = (ParAggOp *)op;
    if (!p->merged) {
        pthread_t th;
        bool threaded = pthread_create(&th, NULL, consume_thread, p->agg[1]) == 0;
        if (!threaded) consume_thread(p->agg[1]);
        op_hashagg_consume(p->agg[0]);
        if (threaded) pthread_join(th, NULL);
        for (int k = 0; k < PA_THREADS; k++)
            for (int w = 0; w < 2; w++) {
                ExecCtx *c = w ? p->wcx[k] : p->cx[k];
                if (!c->err) continue;
                exec_fail_take(op->cx, c->err);
                c->err = NULL;
                return -1;
            }
        for (int k = 1; k < PA_THREADS; k++) op_hashagg_merge(p->agg[0], p->agg[k]);
        p->merged = true;
    }
    int rc = p->agg[0]->next(p->agg[0], out);
    if (rc < 0 && p->cx[0]->err) {
        exec_fail_take(op->cx, p->cx[0]->err);
        p->cx[0]->err = NULL;
    }
    return rc;
}

static void paragg_close(Op *op) {
    ParAggOp *p = (ParAggOp *)op;
    for (int k = 0; k < PA_THREADS; k++) {
        if (p->agg[k]) p->agg[k]->close(p->agg[k]);
        if (p->cx[k]) free(p->cx[k]->err);
        if (p->wcx[k]) free(p->wcx[k]->err);
        free(p->cx[k]);
        free(p->wcx[k]);
    }
    if (p->group && op->cx->env->free_scan_group) op->cx->env->free_scan_group(p->group);
    free(p);
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
    ParAggOp *p = xcalloc(1, sizeof *p);
    p->op = (Op){paragg_next, paragg_close, cx, n, n->ncols, n->types};
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
        Op *child = op_build(c, n->inputs[0]);
        if (!child && w->err) exec_fail_take(c, w->err), w->err = NULL;
        if (child) p->agg[k] = op_hashagg_new(c, n, child);
        if (!p->agg[k]) {  // declined (too small, a stream), or an error for cx
            if (c->err) exec_fail_take(cx, c->err), c->err = NULL;
            paragg_close(&p->op);
            return NULL;
        }
    }
    return &p->op;
}
