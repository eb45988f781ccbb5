/* Column pruning (plan_prune.h): a copy of a loaded plan in which every scan reads only
 * the columns that some operator above it uses, so a Parquet scan decodes only those
 * column chunks and a file scan converts only those fields. Spark does the same
 * (ColumnPruning), including dropping unused projections. Operators whose result
 * depends on every column (set operations, DISTINCT) keep their inputs whole. */
#include "plan_prune.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    Arena *a;
    bool (*keep_whole)(void *ud, const PlanNode *n);
    void *ud;
} Pruner;

static PlanNode *prune(Pruner *p, const PlanNode *n, const bool *need, int *map);

/* ---- expressions ---- */

static void mark_expr(const PlanExpr *e, bool *used, uint32_t ncols) {
    if (!e) return;
    if (e->kind == PX_COL && e->col >= 0 && (uint32_t)e->col < ncols) used[e->col] = true;
    for (int i = 0; i < e->nargs; i++) mark_expr(e->args[i], used, ncols);
}

static PlanNode *prune_all(Pruner *p, const PlanNode *n);

/* A copy of e with column ordinals mapped through map (every referenced column kept). */
static PlanExpr *remap_expr(Pruner *p, const PlanExpr *e, const int *map) {
    if (!e) return NULL;
    PlanExpr *c = arena_alloc(p->a, sizeof *c);
    *c = *e;
    if (e->kind == PX_COL && map) c->col = map[e->col];
    if (e->kind == PX_SUBQUERY && e->subquery) c->subquery = prune_all(p, e->subquery);
    if (e->nargs > 0) {
        c->args = arena_alloc(p->a, (size_t)e->nargs * sizeof *c->args);
        for (int i = 0; i < e->nargs; i++) c->args[i] = remap_expr(p, e->args[i], map);
    }
    return c;
}

static PlanExpr **remap_list(Pruner *p, PlanExpr *const *es, int n, const int *map) {
    if (n <= 0) return (PlanExpr **)es;
    PlanExpr **out = arena_alloc(p->a, (size_t)n * sizeof *out);
    for (int i = 0; i < n; i++) out[i] = remap_expr(p, es[i], map);
    return out;
}

static PlanSortKey *remap_keys(Pruner *p, const PlanSortKey *ks, int n, const int *map) {
    if (n <= 0) return (PlanSortKey *)ks;
    PlanSortKey *out = arena_alloc(p->a, (size_t)n * sizeof *out);
    for (int i = 0; i < n; i++) {
        out[i] = ks[i];
        out[i].expr = remap_expr(p, ks[i].expr, map);
    }
    return out;
}

/* ---- nodes ---- */

static PlanNode *copy_node(Pruner *p, const PlanNode *n) {
    PlanNode *c = arena_alloc(p->a, sizeof *c);
    *c = *n;
    if (n->ninputs > 0) {
        c->inputs = arena_alloc(p->a, (size_t)n->ninputs * sizeof *c->inputs);
        memcpy(c->inputs, n->inputs, (size_t)n->ninputs * sizeof *c->inputs);
    }
    return c;
}

static void set_schema_from(PlanNode *c, const PlanNode *from) {
    c->ncols = from->ncols, c->types = from->types, c->names = from->names;
}

static bool *all_true(Pruner *p, uint32_t n) {
    bool *b = arena_alloc(p->a, (n + 1) * sizeof *b);
    for (uint32_t i = 0; i < n; i++) b[i] = true;
    return b;
}

static int *new_map(Pruner *p, uint32_t n) {
    return arena_alloc(p->a, (n + 1) * sizeof(int));
}

static void identity(int *map, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) map[i] = (int)i;
}

/* A subtree whose whole output is needed: its schema stays as it is. */
static PlanNode *prune_all(Pruner *p, const PlanNode *n) {
    return prune(p, n, all_true(p, n->ncols), new_map(p, n->ncols));
}

/* The column a scan keeps when no column is needed (count(*)): a narrow fixed-width one
 * when there is one, so the reader still yields the row count cheaply. */
static uint32_t cheapest_col(const PlanNode *n) {
    uint32_t best = 0;
    int bw = 1 << 30;
    for (uint32_t i = 0; i < n->ncols; i++) {
        TypeId t = n->types[i].id;
        int w = t == TY_STRING || t == TY_BINARY || t >= TY_ARRAY ? 1 << 20 : type_fixed_width(t);
        if (w < bw) bw = w, best = i;
    }
    return best;
}

static PlanNode *prune_scan(Pruner *p, const PlanNode *n, const bool *need, int *map) {
    uint32_t keep = 0;
    for (uint32_t i = 0; i < n->ncols; i++) keep += need[i];
    if (keep == n->ncols) {
        identity(map, n->ncols);
        return (PlanNode *)n;
    }
    bool *k = arena_alloc(p->a, (n->ncols + 1) * sizeof *k);
    memcpy(k, need, n->ncols * sizeof *k);
    if (keep == 0) k[cheapest_col(n)] = true, keep = 1;
    PlanNode *c = copy_node(p, n);
    c->ncols = keep;
    c->types = arena_alloc(p->a, (keep + 1) * sizeof *c->types);
    c->names = arena_alloc(p->a, (keep + 1) * sizeof *c->names);
    if (n->columns) c->columns = arena_alloc(p->a, (keep + 1) * sizeof *c->columns);
    uint32_t j = 0;
    for (uint32_t i = 0; i < n->ncols; i++) {
        map[i] = k[i] ? (int)j : -1;
        if (!k[i]) continue;
        c->types[j] = n->types[i];
        c->names[j] = n->names[i];
        if (n->columns && (int)i < n->ncolumns) c->columns[j] = n->columns[i];
        j++;
    }
    if (n->columns) c->ncolumns = (int)keep;
    return c;
}

/* Filter, sort, limit, view: the output is the input; the node's own expressions add
 * to what the input must keep. */
static PlanNode *prune_pass(Pruner *p, const PlanNode *n, const bool *need, int *map) {
    const PlanNode *in = n->inputs[0];
    bool *cneed = arena_alloc(p->a, (in->ncols + 1) * sizeof *cneed);
    memcpy(cneed, need, in->ncols * sizeof *cneed);
    mark_expr(n->cond, cneed, in->ncols);
    for (int i = 0; i < n->nkeys; i++) mark_expr(n->keys[i].expr, cneed, in->ncols);
    PlanNode *c = copy_node(p, n);
    c->inputs[0] = prune(p, in, cneed, map);
    set_schema_from(c, c->inputs[0]);
    c->cond = remap_expr(p, n->cond, map);
    c->keys = remap_keys(p, n->keys, n->nkeys, map);
    return c;
}

static PlanNode *prune_project(Pruner *p, const PlanNode *n, const bool *need, int *map) {
    const PlanNode *in = n->inputs[0];
    uint32_t keep = 0;
    for (int i = 0; i < n->nexprs; i++) keep += need[i];
    bool *k = arena_alloc(p->a, ((size_t)n->nexprs + 1) * sizeof *k);
    memcpy(k, need, (size_t)n->nexprs * sizeof *k);
    if (keep == 0 && n->nexprs > 0) k[0] = true, keep = 1;  // batches still carry the rows
    bool *cneed = arena_alloc(p->a, (in->ncols + 1) * sizeof *cneed);
    memset(cneed, 0, (in->ncols + 1) * sizeof *cneed);
    for (int i = 0; i < n->nexprs; i++)
        if (k[i]) mark_expr(n->exprs[i], cneed, in->ncols);
    int *cmap = new_map(p, in->ncols);
    PlanNode *c = copy_node(p, n);
    c->inputs[0] = prune(p, in, cneed, cmap);
    c->exprs = arena_alloc(p->a, (keep + 1) * sizeof *c->exprs);
    c->types = arena_alloc(p->a, (keep + 1) * sizeof *c->types);
    c->names = arena_alloc(p->a, (keep + 1) * sizeof *c->names);
    uint32_t j = 0;
    for (int i = 0; i < n->nexprs; i++) {
        map[i] = k[i] ? (int)j : -1;
        if (!k[i]) continue;
        c->exprs[j] = remap_expr(p, n->exprs[i], cmap);
        c->types[j] = n->types[i];
        c->names[j++] = n->names[i];
    }
    c->nexprs = (int)keep;
    c->ncols = keep;
    return c;
}

static PlanNode *prune_aggregate(Pruner *p, const PlanNode *n, int *map) {
    const PlanNode *in = n->inputs[0];
    bool *cneed = arena_alloc(p->a, (in->ncols + 1) * sizeof *cneed);
    memset(cneed, 0, (in->ncols + 1) * sizeof *cneed);
    for (int i = 0; i < n->nexprs; i++) mark_expr(n->exprs[i], cneed, in->ncols);
    for (int i = 0; i < n->naggs; i++) {
        for (int k = 0; k < n->aggs[i].nargs; k++) mark_expr(n->aggs[i].args[k], cneed, in->ncols);
        mark_expr(n->aggs[i].filter, cneed, in->ncols);
    }
    int *cmap = new_map(p, in->ncols);
    PlanNode *c = copy_node(p, n);
    c->inputs[0] = prune(p, in, cneed, cmap);
    c->exprs = remap_list(p, n->exprs, n->nexprs, cmap);
    if (n->naggs > 0) {
        c->aggs = arena_alloc(p->a, (size_t)n->naggs * sizeof *c->aggs);
        for (int i = 0; i < n->naggs; i++) {
            c->aggs[i] = n->aggs[i];
            c->aggs[i].args = remap_list(p, n->aggs[i].args, n->aggs[i].nargs, cmap);
            c->aggs[i].filter = remap_expr(p, n->aggs[i].filter, cmap);
        }
    }
    identity(map, n->ncols);
    return c;
}

static PlanNode *prune_join(Pruner *p, const PlanNode *n, const bool *need, int *map) {
    const PlanNode *l = n->inputs[0], *r = n->inputs[1];
    uint32_t L = l->ncols, R = r->ncols;
    bool left_only = n->ncols == L && (n->join_type == JOIN_SEMI || n->join_type == JOIN_ANTI);
    bool *used = arena_alloc(p->a, (L + R + 1) * sizeof *used);
    memset(used, 0, (L + R + 1) * sizeof *used);
    for (uint32_t i = 0; i < n->ncols; i++) used[i] = need[i];
    mark_expr(n->cond, used, L + R);
    int *lmap = new_map(p, L), *rmap = new_map(p, R);
    PlanNode *c = copy_node(p, n);
    c->inputs[0] = prune(p, l, used, lmap);
    c->inputs[1] = prune(p, r, used + L, rmap);
    uint32_t nl = c->inputs[0]->ncols, nr = c->inputs[1]->ncols;
    int *cmap = new_map(p, L + R);
    for (uint32_t i = 0; i < L; i++) cmap[i] = lmap[i];
    for (uint32_t i = 0; i < R; i++) cmap[L + i] = rmap[i] < 0 ? -1 : (int)nl + rmap[i];
    c->cond = remap_expr(p, n->cond, cmap);
    uint32_t nout = left_only ? nl : nl + nr;
    c->ncols = nout;
    c->types = arena_alloc(p->a, (nout + 1) * sizeof *c->types);
    c->names = arena_alloc(p->a, (nout + 1) * sizeof *c->names);
    for (uint32_t i = 0; i < n->ncols; i++) {
        map[i] = cmap[i];
        if (cmap[i] >= 0) c->types[cmap[i]] = n->types[i], c->names[cmap[i]] = n->names[i];
    }
    return c;
}

/* Window and explode: the input columns, then columns the node computes. */
static PlanNode *prune_append(Pruner *p, const PlanNode *n, const bool *need, int *map) {
    const PlanNode *in = n->inputs[0];
    uint32_t I = in->ncols, extra = n->ncols - I;
    bool *cneed = arena_alloc(p->a, (I + 1) * sizeof *cneed);
    memcpy(cneed, need, I * sizeof *cneed);
    mark_expr(n->gen, cneed, I);
    for (int f = 0; f < n->nfuncs; f++) {
        const PlanWinFunc *w = &n->funcs[f];
        for (int i = 0; i < w->nargs; i++) mark_expr(w->args[i], cneed, I);
        for (int i = 0; i < w->npartition; i++) mark_expr(w->partition[i], cneed, I);
        for (int i = 0; i < w->norder; i++) mark_expr(w->order[i].expr, cneed, I);
    }
    int *cmap = new_map(p, I);
    PlanNode *c = copy_node(p, n);
    c->inputs[0] = prune(p, in, cneed, cmap);
    uint32_t nI = c->inputs[0]->ncols;
    c->gen = remap_expr(p, n->gen, cmap);
    if (n->nfuncs > 0) {
        c->funcs = arena_alloc(p->a, (size_t)n->nfuncs * sizeof *c->funcs);
        for (int f = 0; f < n->nfuncs; f++) {
            const PlanWinFunc *w = &n->funcs[f];
            c->funcs[f] = *w;
            c->funcs[f].args = remap_list(p, w->args, w->nargs, cmap);
            c->funcs[f].partition = remap_list(p, w->partition, w->npartition, cmap);
            c->funcs[f].order = remap_keys(p, w->order, w->norder, cmap);
        }
    }
    c->ncols = nI + extra;
    c->types = arena_alloc(p->a, (c->ncols + 1) * sizeof *c->types);
    c->names = arena_alloc(p->a, (c->ncols + 1) * sizeof *c->names);
    for (uint32_t i = 0; i < I; i++)
        if (cmap[i] >= 0) c->types[cmap[i]] = in->types[i], c->names[cmap[i]] = n->names[i];
    for (uint32_t i = 0; i < extra; i++)
        c->types[nI + i] = n->types[I + i], c->names[nI + i] = n->names[I + i];
    for (uint32_t i = 0; i < n->ncols; i++) map[i] = i < I ? cmap[i] : (int)(nI + i - I);
    return c;
}

/* Expand: the input columns the parent needs and the grouping keys, then the id. */
static PlanNode *prune_expand(Pruner *p, const PlanNode *n, const bool *need, int *map) {
    const PlanNode *in = n->inputs[0];
    uint32_t I = in->ncols;
    bool *cneed = arena_alloc(p->a, (I + 1) * sizeof *cneed);
    memcpy(cneed, need, I * sizeof *cneed);
    for (int k = 0; k < n->nkey_cols; k++) cneed[n->key_cols[k]] = true;
    int *cmap = new_map(p, I);
    PlanNode *c = copy_node(p, n);
    c->inputs[0] = prune(p, in, cneed, cmap);
    uint32_t nI = c->inputs[0]->ncols;
    c->key_cols = arena_alloc(p->a, ((size_t)n->nkey_cols + 1) * sizeof *c->key_cols);
    for (int k = 0; k < n->nkey_cols; k++) c->key_cols[k] = cmap[n->key_cols[k]];
    c->ncols = nI + 1;
    c->types = arena_alloc(p->a, (nI + 2) * sizeof *c->types);
    c->names = arena_alloc(p->a, (nI + 2) * sizeof *c->names);
    for (uint32_t i = 0; i < I; i++)
        if (cmap[i] >= 0) c->types[cmap[i]] = n->types[i], c->names[cmap[i]] = n->names[i];
    c->types[nI] = n->types[I], c->names[nI] = n->names[I];
    for (uint32_t i = 0; i < I; i++) map[i] = cmap[i];
    map[I] = (int)nI;
    return c;
}

/* Operators that need every input column: the inputs are pruned inside only. */
static PlanNode *prune_barrier(Pruner *p, const PlanNode *n, int *map) {
    PlanNode *c = copy_node(p, n);
    for (int i = 0; i < n->ninputs; i++) c->inputs[i] = prune_all(p, n->inputs[i]);
    if (n->nrows > 0) {
        c->rows = arena_alloc(p->a, (size_t)n->nrows * sizeof *c->rows);
        for (int r = 0; r < n->nrows; r++)
            c->rows[r] = remap_list(p, n->rows[r], (int)n->ncols, NULL);
    }
    identity(map, n->ncols);
    return c;
}

static PlanNode *prune(Pruner *p, const PlanNode *n, const bool *need, int *map) {
    if (p->keep_whole && p->keep_whole(p->ud, n)) { // all of its columns, pruned inside
        bool *all = all_true(p, n->ncols);
        if (memcmp(all, need, n->ncols * sizeof *all)) return prune(p, n, all, map);
    }
    switch (n->kind) {
    case PN_SCAN_DATASET:
    case PN_SCAN_INPUT:
    case PN_SCAN_TABLE: return prune_scan(p, n, need, map);
    case PN_FILTER:
    case PN_SORT:
    case PN_LIMIT:
    case PN_VIEW: return prune_pass(p, n, need, map);
    case PN_PROJECT: return prune_project(p, n, need, map);
    case PN_AGGREGATE: return prune_aggregate(p, n, map);
    case PN_JOIN: return prune_join(p, n, need, map);
    case PN_WINDOW:
    case PN_EXPLODE: return prune_append(p, n, need, map);
    case PN_EXPAND: return prune_expand(p, n, need, map);
    default: return prune_barrier(p, n, map);
    }
}

const PlanNode *plan_prune(const PlanNode *root, Arena *a,
                           bool (*keep_whole)(void *ud, const PlanNode *n), void *ud) {
    if (!root) return NULL;
    Pruner p = {a, keep_whole, ud};
    return prune_all(&p, root);
}
