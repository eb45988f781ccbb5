/* Window functions. All input rows are buffered; each function's arguments,
 * PARTITION BY and ORDER BY values and its result are extra columns of the buffer.
 * Per function the row ids are sorted by (partition, order), then each partition is
 * walked: ranking functions by position and peer groups, lag/lead by offset, and
 * aggregates over ROWS/RANGE frames (running when the frame starts at the partition
 * start, recomputed per row otherwise). Spark's default frame: RANGE UNBOUNDED
 * PRECEDING..CURRENT ROW with ORDER BY, the whole partition without. Rows come out in
 * the order of the first function's (partition, order) sort. */
#include "op.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    WF_ROW_NUMBER,   // row_number()
    WF_RANK,         // rank()
    WF_DENSE_RANK,   // dense_rank()
    WF_PERCENT_RANK, // percent_rank()
    WF_CUME_DIST,    // cume_dist()
    WF_NTILE,        // ntile(n)
    WF_LAG,          // lag(x[, off[, default]])
    WF_LEAD,         // lead(x[, off[, default]])
    WF_NTH_VALUE,    // nth_value(x, n)
    WF_AGG,          // any aggregate over the frame
} WinKind;

typedef struct {
    const PlanWinFunc *pf;
    WinKind kind;
    AggSpec spec;
    uint32_t arg0, part0, ord0, res; // first buffer column of each group
    int nargs, npart, nord;
    ExprState **exprs; // args, partition, order (in buffer order)
} WinFn;

typedef struct {
    Op op;
    Op *child;
    uint32_t nin;
    WinFn *fns;
    int nfns;
    RowBuf rows;
    Vec *vals;
    uint32_t nvals;
    Arena arena;   // aggregate strings
    uint64_t *ids; // output order
    uint64_t nids, pos;
    bool done;
    Batch *out;
    const WinFn *cmp_fn; // sort context
    uint64_t *ps, *pe;   // current partition: first and last index of each row's peer group
    uint64_t peer_cap;
} WinOp;

static const struct {
    const char *name;
    WinKind kind;
} win_names[] = {
    {"row_number", WF_ROW_NUMBER},
    {"rank", WF_RANK},
    {"dense_rank", WF_DENSE_RANK},
    {"percent_rank", WF_PERCENT_RANK},
    {"cume_dist", WF_CUME_DIST},
    {"ntile", WF_NTILE},
    {"lag", WF_LAG},
    {"lead", WF_LEAD},
    {"nth_value", WF_NTH_VALUE},
};

static Vec *cell(const WinOp *w, uint64_t id, uint32_t col, uint32_t *row) {
    *row = rowbuf_row(id);
    return &rowbuf_chunk(&w->rows, id)->cols[col];
}

static int cmp_rows(const WinOp *w, const WinFn *f, uint64_t a, uint64_t b, bool with_order) {
    uint32_t ra, rb;
    for (int k = 0; k < f->npart; k++) {
        Vec *x = cell(w, a, f->part0 + (uint32_t)k, &ra),
            *y = cell(w, b, f->part0 + (uint32_t)k, &rb);
        int c = val_order(x, ra, y, rb, false, true);
        if (c) return c;
    }
    if (!with_order) return 0;
    for (int k = 0; k < f->nord; k++) {
        Vec *x = cell(w, a, f->ord0 + (uint32_t)k, &ra),
            *y = cell(w, b, f->ord0 + (uint32_t)k, &rb);
        int c = val_order(x, ra, y, rb, f->pf->order[k].desc, f->pf->order[k].nulls_first);
        if (c) return c;
    }
    return 0;
}

static int cmp_ids(const void *pa, const void *pb, void *arg) {
    const WinOp *w = arg;
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    int c = cmp_rows(w, w->cmp_fn, a, b, true);
    return c ? c : (a > b) - (a < b);
}

static void put_i(WinOp *w, uint64_t id, uint32_t col, int64_t v) {
    uint32_t r;
    Vec *c = cell(w, id, col, &r);
    Datum d = {.type = c->type};
    if (c->type.id == TY_DOUBLE || c->type.id == TY_FLOAT)
        d.v.d = (double)v;
    else if (c->type.id == TY_DECIMAL)
        d.v.dec = v;
    else
        d.v.i = v;
    vec_put_datum(c, r, &d);
}

static void put_d(WinOp *w, uint64_t id, uint32_t col, double v) {
    uint32_t r;
    Vec *c = cell(w, id, col, &r);
    Datum d = {.type = c->type, .v.d = v};
    vec_put_datum(c, r, &d);
}

static void copy_cell(WinOp *w, uint64_t dst, uint32_t dcol, uint64_t src, uint32_t scol) {
    uint32_t sr, dr = rowbuf_row(dst);
    const Vec *s = cell(w, src, scol, &sr);
    val_copy(rowbuf_chunk(&w->rows, dst), dcol, dr, s, sr);
}

static void put_null(WinOp *w, uint64_t id, uint32_t col) {
    uint32_t r;
    Vec *v = cell(w, id, col, &r);
    vec_set_null(v, r);
}

static int64_t const_int(WinOp *w, const WinFn *f, int arg, uint64_t id, int64_t dflt) {
    if (f->nargs <= arg) return dflt;
    uint32_t r;
    Vec *v = cell(w, id, f->arg0 + (uint32_t)arg, &r);
    if (val_null(v, r)) return dflt;
    Datum d = vec_get_datum(v, r);
    if (v->type.id == TY_DOUBLE || v->type.id == TY_FLOAT) // clamp: a huge double is no offset
        return d.v.d > 1e15    ? INT64_C(1000000000000000)
               : d.v.d < -1e15 ? -INT64_C(1000000000000000)
                               : (int64_t)d.v.d;
    if (v->type.id == TY_DECIMAL) return dflt;
    return d.v.i > INT64_C(1) << 53      ? INT64_C(1) << 53
           : d.v.i < -(INT64_C(1) << 53) ? -(INT64_C(1) << 53)
                                         : d.v.i;
}

static void ranking(WinOp *w, const WinFn *f, const uint64_t *p, uint64_t n) {
    int64_t rank = 1, dense = 1;
    for (uint64_t i = 0; i < n; i++) {
        if (i && cmp_rows(w, f, p[i - 1], p[i], true)) rank = (int64_t)i + 1, dense++;
        uint64_t peer_end = w->pe[i]; // last peer, for cume_dist
        switch (f->kind) {
        case WF_ROW_NUMBER: put_i(w, p[i], f->res, (int64_t)i + 1); break;
        case WF_RANK: put_i(w, p[i], f->res, rank); break;
        case WF_DENSE_RANK: put_i(w, p[i], f->res, dense); break;
        case WF_PERCENT_RANK:
            put_d(w, p[i], f->res, n > 1 ? (double)(rank - 1) / (double)(n - 1) : 0.0);
            break;
        case WF_CUME_DIST: put_d(w, p[i], f->res, (double)(peer_end + 1) / (double)n); break;
        case WF_NTILE: {
            int64_t k = const_int(w, f, 0, p[i], 1);
            if (k <= 0) k = 1;
            int64_t base = (int64_t)n / k, extra = (int64_t)n % k, idx = (int64_t)i;
            // the first `extra` buckets hold base + 1 rows
            int64_t b = idx < extra * (base + 1)
                            ? idx / (base + 1)
                            : extra + (idx - extra * (base + 1)) / (base ? base : 1);
            put_i(w, p[i], f->res, b + 1);
            break;
        }
        default: break;
        }
    }
}

static bool arg_null(WinOp *w, const WinFn *f, uint64_t id) {
    uint32_t r;
    Vec *v = cell(w, id, f->arg0, &r);
    return val_null(v, r);
}

/* The row `off` rows before (lag) or after (lead) i; IGNORE NULLS counts only rows whose
 * value is not NULL. Returns an index outside [0, n) when there is none. */
static int64_t offset_row(WinOp *w, const WinFn *f, const uint64_t *p, uint64_t n, uint64_t i,
                          int64_t off) {
    int64_t step = f->kind == WF_LAG ? -1 : 1;
    if (!f->pf->ignore_nulls || off == 0) return (int64_t)i + step * off;
    int64_t j = (int64_t)i;
    if (off < 0) step = -step, off = -off;
    while (off > 0) {
        j += step;
        if (j < 0 || j >= (int64_t)n) return -1;
        if (!arg_null(w, f, p[j])) off--;
    }
    return j;
}

static void offsets(WinOp *w, const WinFn *f, const uint64_t *p, uint64_t n) {
    for (uint64_t i = 0; i < n; i++) {
        int64_t off = const_int(w, f, 1, p[i], 1);
        int64_t j = offset_row(w, f, p, n, i, off);
        if (j >= 0 && j < (int64_t)n)
            copy_cell(w, p[i], f->res, p[j], f->arg0);
        else if (f->nargs > 2)
            copy_cell(w, p[i], f->res, p[i], f->arg0 + 2);
        else
            put_null(w, p[i], f->res);
    }
}

static double key_num(WinOp *w, const WinFn *f, uint64_t id, bool *is_null) {
    uint32_t r;
    Vec *v = cell(w, id, f->ord0, &r);
    *is_null = val_null(v, r);
    if (*is_null) return 0;
    Datum d = vec_get_datum(v, r);
    switch (v->type.id) {
    case TY_FLOAT:
    case TY_DOUBLE: return d.v.d;
    case TY_DECIMAL: return (double)d.v.dec / pow(10, v->type.scale);
    default: return (double)d.v.i;
    }
}

/* Frame [lo, hi] (inclusive; lo > hi means empty) of row i in partition p[0..n). */
static void frame_of(WinOp *w, const WinFn *f, const uint64_t *p, uint64_t n, uint64_t i,
                     int64_t *lo, int64_t *hi) {
    const PlanWinFunc *pf = f->pf;
    bool rows = pf->frame_rows;
    PlanBound s = pf->start, e = pf->end;
    if (!pf->has_frame) {
        rows = false;
        s.kind = BOUND_UNBOUNDED_PRECEDING;
        e.kind = f->nord ? BOUND_CURRENT_ROW : BOUND_UNBOUNDED_FOLLOWING;
    }
    int64_t ii = (int64_t)i, nn = (int64_t)n;
    for (int side = 0; side < 2; side++) {
        PlanBound b = side ? e : s;
        int64_t v = 0;
        switch (b.kind) {
        case BOUND_UNBOUNDED_PRECEDING: v = 0; break;
        case BOUND_UNBOUNDED_FOLLOWING: v = nn - 1; break;
        case BOUND_CURRENT_ROW:
        case BOUND_PRECEDING:
        case BOUND_FOLLOWING:
            if (rows) {
                v = b.kind == BOUND_CURRENT_ROW ? ii
                    : b.kind == BOUND_PRECEDING ? ii - b.offset
                                                : ii + b.offset;
            } else if (b.kind == BOUND_CURRENT_ROW || f->nord == 0) {
                v = (int64_t)(side == 0 ? w->ps[ii] : w->pe[ii]); // peers of the current row
            } else {
                // RANGE n PRECEDING/FOLLOWING over the single numeric ORDER BY value
                bool nul, desc = pf->order[0].desc;
                double x = key_num(w, f, p[ii], &nul), off = (double)b.offset;
                double bound = b.kind == BOUND_PRECEDING ? (desc ? x + off : x - off)
                                                         : (desc ? x - off : x + off);
                v = ii;
                if (nul) { // NULL keys: the frame is the NULL peers
                    v = (int64_t)(side == 0 ? w->ps[ii] : w->pe[ii]);
                    break;
                }
                if (side == 0) { // first row whose value is within the bound
                    int64_t a = 0, z = nn;
                    while (a < z) {
                        int64_t m = (a + z) / 2;
                        double y = key_num(w, f, p[m], &nul);
                        bool before =
                            nul ? pf->order[0].nulls_first : (desc ? y > bound : y < bound);
                        if (before)
                            a = m + 1;
                        else
                            z = m;
                    }
                    v = a;
                } else { // last row within the bound
                    int64_t a = 0, z = nn;
                    while (a < z) {
                        int64_t m = (a + z) / 2;
                        double y = key_num(w, f, p[m], &nul);
                        bool after =
                            nul ? !pf->order[0].nulls_first : (desc ? y < bound : y > bound);
                        if (!after)
                            a = m + 1;
                        else
                            z = m;
                    }
                    v = a - 1;
                }
            }
            break;
        }
        if (side == 0)
            *lo = v < 0 ? 0 : v;
        else
            *hi = v >= nn ? nn - 1 : v;
    }
}

static void agg_row(WinOp *w, const WinFn *f, AggState *st, uint64_t id) {
    uint32_t r;
    Vec *args = cell(w, id, f->arg0, &r);
    agg_step(&f->spec, st, args, r, &w->arena);
}

static int finish(WinOp *w, const WinFn *f, const AggState *st, uint64_t id) {
    char *err = NULL;
    if (agg_final(&f->spec, st, rowbuf_chunk(&w->rows, id), f->res, rowbuf_row(id),
                  w->op.cx->env->ansi, &err) < 0)
        return exec_fail_take(w->op.cx, err);
    return 0;
}

/* Frames ending at the partition end (... AND UNBOUNDED FOLLOWING) with a moving start:
 * fold rows from the end backwards so the whole partition costs O(n). Only for
 * aggregates whose result does not depend on the order rows are folded in. */
static bool suffix_frames(const WinFn *f) {
    const PlanWinFunc *pf = f->pf;
    AggKind k = f->spec.kind;
    return f->kind == WF_AGG && pf->has_frame && pf->end.kind == BOUND_UNBOUNDED_FOLLOWING &&
           pf->start.kind != BOUND_UNBOUNDED_PRECEDING && k != AGG_FIRST && k != AGG_LAST &&
           k != AGG_MAX_BY && k != AGG_MIN_BY;
}

static int aggregate_suffix(WinOp *w, const WinFn *f, const uint64_t *p, uint64_t n) {
    AggState st;
    memset(&st, 0, sizeof st);
    int64_t from = (int64_t)n; // rows [from, n) folded so far
    for (uint64_t k = n; k-- > 0;) {
        int64_t lo = 0, hi = -1;
        frame_of(w, f, p, n, k, &lo, &hi);
        for (int64_t j = from - 1; j >= lo; j--) agg_row(w, f, &st, p[j]);
        if (lo < from) from = lo;
        if (lo > hi) { // empty frame
            AggState t;
            memset(&t, 0, sizeof t);
            if (finish(w, f, &t, p[k]) < 0) return -1;
        } else if (finish(w, f, &st, p[k]) < 0) {
            return -1;
        }
    }
    return 0;
}

static int aggregate(WinOp *w, const WinFn *f, const uint64_t *p, uint64_t n) {
    if (suffix_frames(f)) return aggregate_suffix(w, f, p, n);
    AggState st;
    memset(&st, 0, sizeof st);
    int64_t added = -1; // running frames: rows [0, added] folded so far
    for (uint64_t i = 0; i < n; i++) {
        int64_t lo = 0, hi = -1;
        frame_of(w, f, p, n, i, &lo, &hi);
        if (f->kind == WF_NTH_VALUE) {
            int64_t k = const_int(w, f, 1, p[i], 1);
            if (k >= 1 && lo + k - 1 <= hi)
                copy_cell(w, p[i], f->res, p[lo + k - 1], f->arg0);
            else
                put_null(w, p[i], f->res);
            continue;
        }
        if (lo == 0 && hi >= added) {
            for (int64_t j = added + 1; j <= hi; j++) agg_row(w, f, &st, p[j]);
            added = hi;
            if (finish(w, f, &st, p[i]) < 0) return -1;
            continue;
        }
        AggState t;
        memset(&t, 0, sizeof t);
        for (int64_t j = lo; j <= hi; j++) agg_row(w, f, &t, p[j]);
        if (finish(w, f, &t, p[i]) < 0) return -1;
    }
    return 0;
}

/* Peer groups (rows equal in the ORDER BY) of one partition, in one linear pass, so
 * RANGE frames and cume_dist never rescan ties. */
static void peer_groups(WinOp *w, const WinFn *f, const uint64_t *p, uint64_t n) {
    if (n > w->peer_cap) {
        w->peer_cap = n;
        w->ps = xrealloc(w->ps, n * sizeof *w->ps);
        w->pe = xrealloc(w->pe, n * sizeof *w->pe);
    }
    uint64_t start = 0;
    for (uint64_t i = 1; i <= n; i++) {
        if (i < n && !cmp_rows(w, f, p[i - 1], p[i], true)) continue;
        for (uint64_t k = start; k < i; k++) w->ps[k] = start, w->pe[k] = i - 1;
        start = i;
    }
}

static int compute(WinOp *w, const WinFn *f) {
    uint64_t n = w->rows.nrows;
    uint64_t *ids = xmalloc((n + 1) * sizeof *ids);
    for (uint64_t i = 0; i < n; i++) ids[i] = i;
    w->cmp_fn = f;
    qsort_r(ids, n, sizeof *ids, cmp_ids, w);
    int rc = 0;
    for (uint64_t s = 0; s < n && rc == 0;) {
        uint64_t e = s + 1;
        while (e < n && !cmp_rows(w, f, ids[s], ids[e], false)) e++;
        peer_groups(w, f, ids + s, e - s);
        switch (f->kind) {
        case WF_LAG:
        case WF_LEAD: offsets(w, f, ids + s, e - s); break;
        case WF_AGG:
        case WF_NTH_VALUE: rc = aggregate(w, f, ids + s, e - s); break;
        default: ranking(w, f, ids + s, e - s); break;
        }
        s = e;
    }
    if (!w->ids) {
        w->ids = ids;
        w->nids = n;
    } else {
        free(ids);
    }
    return rc;
}

static int consume(WinOp *w) {
    Batch *in;
    int rc;
    while ((rc = w->child->next(w->child, &in)) > 0) {
        uint32_t m = batch_live(in), c = w->nin;
        for (int i = 0; i < w->nfns; i++) {
            WinFn *f = &w->fns[i];
            int ne = f->nargs + f->npart + f->nord;
            for (int k = 0; k < ne; k++) {
                const Vec *v = op_eval(w->op.cx, f->exprs[k], in);
                if (!v) return -1;
                w->vals[f->arg0 + (uint32_t)k] = *v;
            }
            (void)c;
        }
        for (uint32_t i = 0; i < m; i++) {
            Batch *b;
            uint32_t d, r = batch_row(in, i);
            rowbuf_reserve(&w->rows, &b, &d);
            for (uint32_t k = 0; k < w->nin; k++) val_copy(b, k, d, &in->cols[k], r);
            for (int fi = 0; fi < w->nfns; fi++) {
                WinFn *f = &w->fns[fi];
                for (uint32_t k = f->arg0; k < f->res; k++) val_copy(b, k, d, &w->vals[k], i);
                vec_set_null(&b->cols[f->res], d);
            }
        }
    }
    return rc;
}

static int window_next(Op *op, Batch **out) {
    WinOp *w = (WinOp *)op;
    if (!w->done) {
        if (consume(w) < 0) return -1;
        for (int i = w->nfns - 1; i >= 0; i--) { // the first function's order is kept last
            if (i == 0) {
                free(w->ids);
                w->ids = NULL;
            }
            if (compute(w, &w->fns[i]) < 0) return -1;
        }
        w->done = true;
    }
    if (w->pos >= w->nids) return 0;
    batch_reset(w->out);
    uint32_t n = 0;
    while (w->pos < w->nids && n < BATCH_ROWS) {
        uint64_t id = w->ids[w->pos++];
        const Batch *b = rowbuf_chunk(&w->rows, id);
        uint32_t r = rowbuf_row(id);
        for (uint32_t c = 0; c < w->nin; c++) val_copy(w->out, c, n, &b->cols[c], r);
        for (int i = 0; i < w->nfns; i++)
            val_copy(w->out, w->nin + (uint32_t)i, n, &b->cols[w->fns[i].res], r);
        n++;
    }
    w->out->nrows = n;
    *out = w->out;
    return 1;
}

static void window_close(Op *op) {
    WinOp *w = (WinOp *)op;
    if (w->child) w->child->close(w->child);
    for (int i = 0; i < w->nfns; i++) {
        WinFn *f = &w->fns[i];
        for (int k = 0; k < f->nargs + f->npart + f->nord; k++) expr_free(f->exprs[k]);
        free(f->exprs);
    }
    free(w->fns);
    free(w->vals);
    free(w->ids);
    free(w->ps);
    free(w->pe);
    rowbuf_free(&w->rows);
    batch_free(w->out);
    arena_free_all(&w->arena);
    free(w);
}

static bool init_fn(WinOp *w, WinFn *f, const PlanWinFunc *pf, Type *ts, uint32_t *col) {
    ExecCtx *cx = w->op.cx;
    f->pf = pf;
    f->kind = WF_AGG;
    for (size_t i = 0; i < sizeof win_names / sizeof win_names[0]; i++)
        if (!strcmp(pf->fn, win_names[i].name)) f->kind = win_names[i].kind;
    f->nargs = pf->nargs;
    f->npart = pf->npartition;
    f->nord = pf->norder;
    int ne = f->nargs + f->npart + f->nord;
    f->exprs = xcalloc((size_t)ne + 1, sizeof *f->exprs);
    f->arg0 = *col;
    f->part0 = f->arg0 + (uint32_t)f->nargs;
    f->ord0 = f->part0 + (uint32_t)f->npart;
    f->res = f->ord0 + (uint32_t)f->nord;
    *col = f->res + 1;
    bool ok = true;
    for (int k = 0; k < ne && ok; k++) {
        const PlanExpr *e = k < f->nargs              ? pf->args[k]
                            : k < f->nargs + f->npart ? pf->partition[k - f->nargs]
                                                      : pf->order[k - f->nargs - f->npart].expr;
        ts[f->arg0 + (uint32_t)k] = e->type;
        ok = (f->exprs[k] = op_expr(cx, e)) != NULL;
    }
    ts[f->res] = pf->type;
    if (ok && f->kind == WF_AGG) {
        Type at[2] = {f->nargs > 0 ? pf->args[0]->type : TYPE(TY_NULL),
                      f->nargs > 1 ? pf->args[1]->type : TYPE(TY_NULL)};
        char *err = NULL;
        const char *fn = !strcmp(pf->fn, "first_value")  ? "first"
                         : !strcmp(pf->fn, "last_value") ? "last"
                                                         : pf->fn;
        if (!agg_spec_init(&f->spec, fn, at, f->nargs, pf->type, pf->ignore_nulls, &err))
            ok = exec_fail_take(cx, err) == 0;
    }
    if (ok && (f->kind == WF_LAG || f->kind == WF_LEAD || f->kind == WF_NTH_VALUE) &&
        f->nargs < 1) {
        exec_fail(cx, "window function '%s' needs an argument", pf->fn);
        ok = false;
    }
    return ok;
}

Op *op_window_new(ExecCtx *cx, const PlanNode *n, Op *child) {
    WinOp *w = xcalloc(1, sizeof *w);
    w->op = (Op){window_next, window_close, cx, n, n->ncols, n->types};
    w->child = child;
    w->nin = n->inputs[0]->ncols;
    w->nfns = n->nfuncs;
    w->fns = xcalloc((size_t)n->nfuncs + 1, sizeof *w->fns);
    uint32_t total = w->nin;
    for (int i = 0; i < n->nfuncs; i++) {
        const PlanWinFunc *pf = &n->funcs[i];
        total += (uint32_t)(pf->nargs + pf->npartition + pf->norder) + 1;
    }
    Type *ts = xcalloc(total + 1, sizeof *ts);
    memcpy(ts, n->inputs[0]->types, w->nin * sizeof *ts);
    uint32_t col = w->nin;
    bool ok = true;
    for (int i = 0; i < n->nfuncs && ok; i++) ok = init_fn(w, &w->fns[i], &n->funcs[i], ts, &col);
    w->nvals = total;
    w->vals = xcalloc(total + 1, sizeof *w->vals);
    rowbuf_init(&w->rows, ts, total);
    free(ts);
    w->out = batch_new(n->types, n->ncols);
    if (!ok) {
        window_close(&w->op);
        return NULL;
    }
    return &w->op;
}
