/* Hash aggregate: group keys in a KeyTable (group ids in first-seen order), one
 * AggState array per aggregate indexed by group id. FILTER clauses become a row mask;
 * DISTINCT aggregates first pass each (group, arguments) tuple through their own
 * KeyTable and fold only first sightings. Without keys there is always one group, so
 * an empty input still yields one row (count 0, sum NULL), as in Spark. The states
 * are mergeable (agg_merge): op_paragg.c runs one instance per thread over its share of
 * the input and folds them into the first (op_hashagg_consume / op_hashagg_merge). */
#include "op.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    AggSpec spec;
    ExprState **args;
    int nargs;
    ExprState *filter;
    AggState *st;
    Vec *av; // evaluated arguments
    bool distinct;
    KeyTable dseen; // DISTINCT: (group id, args) seen
    Vec *dkv;       // group id vector + args
    int64_t gidbuf[BATCH_ROWS];
} AggCol;

typedef struct {
    Op op;
    Op *child;
    ExprState **keys;
    uint32_t nkeys;
    Vec *kv;
    KeyTable groups;
    AggCol *aggs;
    int naggs;
    uint64_t cap; // states allocated per aggregate
    Arena arena;  // strings held by states
    bool done_input;
    uint64_t emitted; // groups already output
    Batch *out;
    uint64_t h[BATCH_ROWS];
    uint32_t gid[BATCH_ROWS];
    uint8_t mask[BATCH_ROWS];
    bool is_new[BATCH_ROWS];
    uint32_t dgid[BATCH_ROWS];
} AggOp;

static void grow_states(AggOp *a) {
    if (a->groups.n <= a->cap) return;
    uint64_t nc = a->cap ? a->cap : 256;
    while (nc < a->groups.n) nc *= 2;
    for (int i = 0; i < a->naggs; i++) {
        a->aggs[i].st = xrealloc(a->aggs[i].st, nc * sizeof(AggState));
        memset(a->aggs[i].st + a->cap, 0, (nc - a->cap) * sizeof(AggState));
    }
    a->cap = nc;
}

static bool mask_of(AggOp *a, AggCol *c, const Batch *in, uint32_t m, const uint8_t **mask) {
    *mask = NULL;
    if (!c->filter) return true;
    const Vec *f = op_eval(a->op.cx, c->filter, in);
    if (!f) return false;
    for (uint32_t i = 0; i < m; i++) {
        uint32_t r = f->is_const ? 0 : i;
        a->mask[i] = !vec_is_null(f, r) && ((const uint8_t *)f->data)[r];
    }
    *mask = a->mask;
    return true;
}

static bool update(AggOp *a, AggCol *c, const Batch *in, uint32_t m) {
    const uint8_t *mask;
    if (!mask_of(a, c, in, m, &mask)) return false;
    for (int k = 0; k < c->nargs; k++) {
        const Vec *v = op_eval(a->op.cx, c->args[k], in);
        if (!v) return false;
        c->av[k] = *v;
    }
    if (c->distinct) {
        // count(DISTINCT x): only the first (group, x) matters. The FILTER outcome is part
        // of the tuple so a filtered-out row never hides a later qualifying one.
        for (uint32_t i = 0; i < m; i++)
            c->gidbuf[i] = (int64_t)a->gid[i] << 1 | (int64_t)(!mask || mask[i]);
        c->dkv[0] = (Vec){.type = TYPE(TY_BIGINT), .data = c->gidbuf};
        for (int k = 0; k < c->nargs; k++) c->dkv[k + 1] = c->av[k];
        keys_hash(c->dkv, (uint32_t)c->nargs + 1, m, a->h);
        keys_upsert(&c->dseen, c->dkv, m, a->h, a->dgid, a->is_new);
        uint8_t *dm = a->mask;
        for (uint32_t i = 0; i < m; i++) dm[i] = (uint8_t)((!mask || mask[i]) && a->is_new[i]);
        mask = dm;
    }
    if (a->nkeys && a->groups.n > 16384) // states past the cache: start their misses at once
        for (uint32_t i = 0; i < m; i++) __builtin_prefetch(&c->st[a->gid[i]], 1);
    if (a->nkeys)
        agg_update(&c->spec, c->st, a->gid, c->av, m, mask, &a->arena);
    else
        agg_update_one(&c->spec, c->st, c->av, m, mask, &a->arena);
    return true;
}

static int consume(AggOp *a) {
    Batch *in;
    int rc;
    while ((rc = a->child->next(a->child, &in)) > 0) {
        uint32_t m = batch_live(in);
        if (a->nkeys) {
            for (uint32_t k = 0; k < a->nkeys; k++) {
                const Vec *v = op_eval(a->op.cx, a->keys[k], in);
                if (!v) return -1;
                a->kv[k] = *v;
            }
            keys_hash(a->kv, a->nkeys, m, a->h);
            keys_upsert(&a->groups, a->kv, m, a->h, a->gid, NULL);
        } else {
            memset(a->gid, 0, m * sizeof *a->gid);
        }
        grow_states(a);
        for (int i = 0; i < a->naggs; i++)
            if (!update(a, &a->aggs[i], in, m)) return -1;
    }
    return rc;
}

static int agg_next(Op *op, Batch **out) {
    AggOp *a = (AggOp *)op;
    if (!a->done_input) {
        if (consume(a) < 0) return -1;
        a->done_input = true;
    }
    uint64_t ngroups = a->nkeys ? a->groups.n : 1;
    if (a->emitted >= ngroups) return 0;
    batch_reset(a->out);
    uint32_t n = (uint32_t)(ngroups - a->emitted < BATCH_ROWS ? ngroups - a->emitted : BATCH_ROWS);
    for (uint32_t r = 0; r < n; r++) {
        uint64_t g = a->emitted + r;
        if (a->nkeys) {
            const Batch *kb = rowbuf_chunk(&a->groups.keys, g);
            for (uint32_t k = 0; k < a->nkeys; k++)
                val_copy(a->out, k, r, &kb->cols[k], rowbuf_row(g));
        }
        for (int i = 0; i < a->naggs; i++) {
            char *err = NULL;
            if (agg_final(&a->aggs[i].spec, &a->aggs[i].st[g], a->out, a->nkeys + (uint32_t)i, r,
                          op->cx->env->ansi, &err) < 0)
                return exec_fail_take(op->cx, err);
        }
    }
    a->out->nrows = n;
    a->emitted += n;
    *out = a->out;
    return 1;
}

/* ---- parallel partial aggregation (op_paragg.c) ---- */

int op_hashagg_consume(Op *op) {
    AggOp *a = (AggOp *)op;
    if (a->done_input) return 0;
    if (consume(a) < 0) return -1;
    a->done_input = true;
    return 0;
}

void op_hashagg_merge(Op *dst, Op *src) {
    AggOp *d = (AggOp *)dst, *s = (AggOp *)src;
    if (!s->nkeys) {
        for (int i = 0; i < d->naggs; i++)
            agg_merge(&d->aggs[i].spec, &d->aggs[i].st[0], &s->aggs[i].st[0], &d->arena);
        return;
    }
    for (uint64_t g0 = 0; g0 < s->groups.n; g0 += BATCH_ROWS) {  // a chunk of src's groups
        const Batch *kb = rowbuf_chunk(&s->groups.keys, g0);
        uint32_t m = s->groups.n - g0 < BATCH_ROWS ? (uint32_t)(s->groups.n - g0) : BATCH_ROWS;
        keys_hash(kb->cols, d->nkeys, m, d->h);
        keys_upsert(&d->groups, kb->cols, m, d->h, d->gid, NULL);
        grow_states(d);
        for (int i = 0; i < d->naggs; i++)
            for (uint32_t r = 0; r < m; r++)
                agg_merge(&d->aggs[i].spec, &d->aggs[i].st[d->gid[r]], &s->aggs[i].st[g0 + r],
                          &d->arena);
    }
}

bool op_hashagg_mergeable(const PlanNode *n) {
    for (int i = 0; i < n->naggs; i++) {
        const PlanAgg *pa = &n->aggs[i];
        if (pa->distinct || !strcmp(pa->fn, "approx_count_distinct")) return false;
        static const char *const ok[] = {"count", "sum", "avg", "min", "max", "count_if",
                                         "stddev", "stddev_samp", "stddev_pop", "variance",
                                         "var_samp", "var_pop", "bool_or", "bool_and"};
        bool found = false;
        for (size_t k = 0; k < sizeof ok / sizeof *ok; k++) found |= !strcmp(pa->fn, ok[k]);
        if (!found) return false;  // order-dependent (first, last, *_by, collect_*) or other
    }
    return true;
}

static void agg_close(Op *op) {
    AggOp *a = (AggOp *)op;
    if (a->child) a->child->close(a->child);
    for (uint32_t k = 0; k < a->nkeys; k++) expr_free(a->keys[k]);
    for (int i = 0; i < a->naggs; i++) {
        AggCol *c = &a->aggs[i];
        for (int k = 0; k < c->nargs; k++) expr_free(c->args[k]);
        free(c->args);
        free(c->av);
        free(c->dkv);
        expr_free(c->filter);
        free(c->st);
        if (c->distinct) keys_free(&c->dseen);
    }
    free(a->aggs);
    free(a->keys);
    free(a->kv);
    keys_free(&a->groups);
    batch_free(a->out);
    arena_free_all(&a->arena);
    free(a);
}

static bool init_agg(AggOp *a, AggCol *c, const PlanAgg *pa) {
    ExecCtx *cx = a->op.cx;
    c->nargs = pa->nargs;
    c->args = xcalloc((size_t)pa->nargs + 1, sizeof *c->args);
    c->av = xcalloc((size_t)pa->nargs + 1, sizeof *c->av);
    Type *ts = xcalloc((size_t)pa->nargs + 2, sizeof *ts);
    bool ok = true;
    for (int k = 0; k < pa->nargs && ok; k++) {
        ts[k + 1] = pa->args[k]->type;
        ok = (c->args[k] = op_expr(cx, pa->args[k])) != NULL;
    }
    if (ok && pa->filter) ok = (c->filter = op_expr(cx, pa->filter)) != NULL;
    char *err = NULL;
    if (ok && !agg_spec_init(&c->spec, pa->fn, ts + 1, pa->nargs, pa->type, pa->ignore_nulls, &err))
        ok = exec_fail_take(cx, err) == 0;
    bool distinct_kind = pa->distinct || !strcmp(pa->fn, "approx_count_distinct");
    if (ok && distinct_kind && pa->nargs > 0 && c->spec.kind != AGG_MIN &&
        c->spec.kind != AGG_MAX) {
        c->distinct = true;
        ts[0] = TYPE(TY_BIGINT);
        keys_init(&c->dseen, ts, (uint32_t)pa->nargs + 1);
        c->dkv = xcalloc((size_t)pa->nargs + 2, sizeof *c->dkv);
    }
    free(ts);
    return ok;
}

Op *op_hashagg_new(ExecCtx *cx, const PlanNode *n, Op *child) {
    AggOp *a = xcalloc(1, sizeof *a);
    a->op = (Op){agg_next, agg_close, cx, n, n->ncols, n->types};
    a->child = child;
    a->nkeys = (uint32_t)n->nexprs;
    a->keys = xcalloc(a->nkeys + 1, sizeof *a->keys);
    a->kv = xcalloc(a->nkeys + 1, sizeof *a->kv);
    a->naggs = n->naggs;
    a->aggs = xcalloc((size_t)n->naggs + 1, sizeof *a->aggs);
    a->out = batch_new(n->types, n->ncols);
    Type *kt = xcalloc(a->nkeys + 1, sizeof *kt);
    for (uint32_t k = 0; k < a->nkeys; k++) kt[k] = n->exprs[k]->type;
    keys_init(&a->groups, kt, a->nkeys);
    free(kt);
    bool ok = true;
    for (uint32_t k = 0; k < a->nkeys && ok; k++)
        ok = (a->keys[k] = op_expr(cx, n->exprs[k])) != NULL;
    for (int i = 0; i < n->naggs && ok; i++) ok = init_agg(a, &a->aggs[i], &n->aggs[i]);
    if (!a->nkeys) {
        a->groups.n = 0;
        uint64_t saved = a->groups.n;
        a->groups.n = 1; // the single global group
        grow_states(a);
        a->groups.n = saved;
    }
    if (!ok) {
        agg_close(&a->op);
        return NULL;
    }
    return &a->op;
}
