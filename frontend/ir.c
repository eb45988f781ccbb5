/* Pipeline IR construction (see ir.h): arena-allocated nodes and small helpers
 * shared by SQL lowering and the Python partial evaluator. */
#include "ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ir_init(IrPipeline *p, Arena *a) {
    memset(p, 0, sizeof *p);
    p->arena = a;
}

void ir_free(IrPipeline *p) {
    free(p->datasets);
    free(p->flows);
    p->datasets = NULL;
    p->flows = NULL;
    p->ndatasets = p->nflows = p->capd = p->capf = 0;
}

static const char *dup(Arena *a, const char *s) { return s ? arena_strdup(a, s) : NULL; }

static const char **dup_names(Arena *a, const char *const *names, uint32_t n) {
    if (n == 0) return NULL;
    const char **out = arena_alloc(a, n * sizeof *out);
    for (uint32_t i = 0; i < n; i++) out[i] = dup(a, names[i]);
    return out;
}

IrDataset *ir_dataset_new(IrPipeline *p, IrDatasetKind kind, IrName name, SrcLoc loc, Lang lang) {
    IrDataset *d = arena_alloc(p->arena, sizeof *d);
    d->kind = kind;
    d->name = name;
    d->loc = loc;
    d->lang = lang;
    if (p->ndatasets == p->capd) {
        p->capd = p->capd ? p->capd * 2 : 16;
        p->datasets = xrealloc(p->datasets, p->capd * sizeof *p->datasets);
    }
    p->datasets[p->ndatasets++] = d;
    return d;
}

IrFlow *ir_flow_new(IrPipeline *p, IrFlowKind kind, const char *name, IrName target, SrcLoc loc,
                    Lang lang) {
    IrFlow *f = arena_alloc(p->arena, sizeof *f);
    f->kind = kind;
    f->named = name != NULL;
    f->name = dup(p->arena, name ? name : target.parts[target.n ? target.n - 1 : 0]);
    f->target = target;
    f->loc = loc;
    f->lang = lang;
    if (p->nflows == p->capf) {
        p->capf = p->capf ? p->capf * 2 : 16;
        p->flows = xrealloc(p->flows, p->capf * sizeof *p->flows);
    }
    p->flows[p->nflows++] = f;
    return f;
}

IrExpectation *ir_dataset_add_expectation(Arena *a, IrDataset *d, const char *name, IrExpr *cond,
                                          const char *sql, IrAction act, SrcLoc loc) {
    IrExpectation *n = arena_alloc(a, (d->nexps + 1) * sizeof *n);
    if (d->nexps) memcpy(n, d->exps, d->nexps * sizeof *n);
    d->exps = n;
    IrExpectation *e = &n[d->nexps++];
    e->name = dup(a, name);
    e->cond = cond;
    e->sql = dup(a, sql);
    e->action = act;
    e->loc = loc;
    return e;
}

IrColumn *ir_dataset_add_column(Arena *a, IrDataset *d, const char *name, Type t, SrcLoc loc) {
    IrColumn *n = arena_alloc(a, (d->ncols + 1) * sizeof *n);
    if (d->ncols) memcpy(n, d->cols, d->ncols * sizeof *n);
    d->cols = n;
    IrColumn *c = &n[d->ncols++];
    c->name = dup(a, name);
    c->type = t;
    c->loc = loc;
    d->has_cols = true;
    return c;
}

void ir_kv_add(Arena *a, IrKV **items, uint32_t *n, const char *key, const char *value) {
    IrKV *m = arena_alloc(a, (*n + 1) * sizeof *m);
    if (*n) memcpy(m, *items, *n * sizeof *m);
    m[*n].key = dup(a, key);
    m[*n].value = dup(a, value);
    *items = m;
    (*n)++;
}

void ir_conf_set(Arena *a, IrConf *c, const char *key, const char *value) {
    for (uint32_t i = 0; i < c->n; i++)
        if (!strcmp(c->items[i].key, key)) {
            c->items[i].value = dup(a, value);
            return;
        }
    ir_kv_add(a, &c->items, &c->n, key, value);
}

IrName ir_name(Arena *a, const char *const *parts, int n, bool live, SrcLoc loc) {
    IrName r = {0};
    if (n < 1) n = 1;
    if (n > 3) n = 3;
    for (int i = 0; i < n; i++) r.parts[i] = dup(a, parts[i] ? parts[i] : "");
    r.n = (uint8_t)n;
    r.live = live;
    r.loc = loc;
    return r;
}

IrName ir_name1(Arena *a, const char *name, SrcLoc loc) {
    return ir_name(a, &name, 1, false, loc);
}

bool ir_name_parse(Arena *a, const char *s, SrcLoc loc, IrName *out) {
    char *parts[4];
    int n = 0;
    const char *p = s;
    for (;;) {
        StrBuf b = {0};
        if (*p == '`') {
            p++;
            for (; *p; p++) {
                if (*p == '`' && p[1] == '`') sb_putc(&b, *p++);
                else if (*p == '`') break;
                else sb_putc(&b, *p);
            }
            if (*p != '`') {
                sb_free(&b);
                goto fail;
            }
            p++;
        } else {
            while (*p && *p != '.') sb_putc(&b, *p++);
        }
        if (b.len == 0 || n == 4) {
            sb_free(&b);
            goto fail;
        }
        parts[n++] = arena_strndup(a, b.ptr, b.len);
        sb_free(&b);
        if (*p == 0) break;
        if (*p != '.') goto fail;
        p++;
    }
    bool live = n >= 2 && str_ieq(parts[0], "live");
    int off = live ? 1 : 0;
    if (n - off > 3 || n - off < 1) return false;
    *out = ir_name(a, (const char *const *)parts + off, n - off, live, loc);
    return true;
fail:
    return false;
}

const char *ir_name_str(Arena *a, const IrName *n) {
    StrBuf b = {0};
    for (int i = 0; i < n->n; i++) {
        if (i) sb_putc(&b, '.');
        sb_puts(&b, n->parts[i] ? n->parts[i] : "");
    }
    const char *r = arena_strdup(a, sb_cstr(&b));
    sb_free(&b);
    return r;
}

/* ---------------------------------------------------------------- expressions */

static IrExpr *expr(Arena *a, IrExprKind k, SrcLoc loc) {
    IrExpr *e = arena_alloc(a, sizeof *e);
    e->kind = k;
    e->loc = loc;
    return e;
}

IrExpr *ir_col(Arena *a, const char *qual, const char *name, SrcLoc loc) {
    IrExpr *e = expr(a, EX_COL, loc);
    e->qual = dup(a, qual);
    e->name = dup(a, name);
    return e;
}

IrExpr *ir_lit(Arena *a, const char *text, Type t, SrcLoc loc) {
    IrExpr *e = expr(a, EX_LIT, loc);
    e->text = dup(a, text);
    e->type = text ? t : (t.id == TY_NULL ? TYPE(TY_NULL) : t);
    return e;
}

IrExpr *ir_lit_int(Arena *a, int64_t v, SrcLoc loc) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    bool small = v >= INT32_MIN && v <= INT32_MAX;
    return ir_lit(a, buf, TYPE(small ? TY_INT : TY_BIGINT), loc);
}

IrExpr *ir_lit_str(Arena *a, const char *s, SrcLoc loc) { return ir_lit(a, s, TYPE(TY_STRING), loc); }

IrExpr *ir_lit_bool(Arena *a, bool v, SrcLoc loc) {
    return ir_lit(a, v ? "true" : "false", TYPE(TY_BOOLEAN), loc);
}

IrExpr *ir_call(Arena *a, const char *fn, IrExpr **args, uint32_t n, SrcLoc loc) {
    IrExpr *e = expr(a, EX_CALL, loc);
    e->name = dup(a, fn);
    if (n) {
        e->args = arena_alloc(a, n * sizeof *e->args);
        memcpy(e->args, args, n * sizeof *args);
    }
    e->nargs = n;
    return e;
}

IrExpr *ir_call1(Arena *a, const char *fn, IrExpr *x, SrcLoc loc) { return ir_call(a, fn, &x, 1, loc); }

IrExpr *ir_call2(Arena *a, const char *fn, IrExpr *x, IrExpr *y, SrcLoc loc) {
    IrExpr *args[2] = {x, y};
    return ir_call(a, fn, args, 2, loc);
}

IrExpr *ir_star(Arena *a, const char *qual, SrcLoc loc) {
    IrExpr *e = expr(a, EX_STAR, loc);
    e->qual = dup(a, qual);
    return e;
}

IrExpr *ir_cast(Arena *a, IrExpr *x, Type t, bool is_try, SrcLoc loc) {
    IrExpr *e = ir_call(a, is_try ? "try_cast" : "cast", &x, 1, loc);
    e->kind = EX_CAST;
    e->type = t;
    e->is_try = is_try;
    return e;
}

IrExpr *ir_alias(Arena *a, IrExpr *x, const char *name, SrcLoc loc) {
    IrExpr *e = ir_call(a, NULL, &x, 1, loc);
    e->kind = EX_ALIAS;
    e->name = dup(a, name);
    return e;
}

IrExpr *ir_subquery(Arena *a, IrSubqKind k, IrRel *sub, IrExpr *tested, SrcLoc loc) {
    IrExpr *e = tested ? ir_call(a, NULL, &tested, 1, loc) : expr(a, EX_SUBQUERY, loc);
    e->kind = EX_SUBQUERY;
    e->sub_kind = k;
    e->sub = sub;
    return e;
}

IrExpr *ir_lambda(Arena *a, const char **params, uint32_t n, IrExpr *body, SrcLoc loc) {
    IrExpr *e = ir_call(a, NULL, &body, 1, loc);
    e->kind = EX_LAMBDA;
    e->names = dup_names(a, params, n);
    e->nnames = n;
    return e;
}

IrExpr *ir_case(Arena *a, IrExpr *operand, IrExpr **when_then, uint32_t npairs2, IrExpr *els,
                SrcLoc loc) {
    IrExpr *e = expr(a, EX_CASE, loc);
    uint32_t n = npairs2 + (operand ? 1 : 0) + (els ? 1 : 0);
    e->args = arena_alloc(a, (n ? n : 1) * sizeof *e->args);
    uint32_t k = 0;
    if (operand) e->args[k++] = operand;
    for (uint32_t i = 0; i < npairs2; i++) e->args[k++] = when_then[i];
    if (els) e->args[k++] = els;
    e->nargs = k;
    e->has_operand = operand != NULL;
    e->has_else = els != NULL;
    return e;
}

void ir_expr_push_arg(Arena *a, IrExpr *e, IrExpr *arg) {
    IrExpr **n = arena_alloc(a, (e->nargs + 1) * sizeof *n);
    if (e->nargs) memcpy(n, e->args, e->nargs * sizeof *n);
    n[e->nargs++] = arg;
    e->args = n;
}

/* ---------------------------------------------------------------- relations */

static IrRel *rel(Arena *a, IrRelKind k, IrRel *in, SrcLoc loc) {
    IrRel *r = arena_alloc(a, sizeof *r);
    r->kind = k;
    r->input = in;
    r->loc = loc;
    r->limit = -1;
    return r;
}

static IrExpr **dup_exprs(Arena *a, IrExpr **xs, uint32_t n) {
    if (n == 0) return NULL;
    IrExpr **out = arena_alloc(a, n * sizeof *out);
    memcpy(out, xs, n * sizeof *xs);
    return out;
}

IrRel *ir_scan(Arena *a, IrName name, bool streaming, SrcLoc loc) {
    IrRel *r = rel(a, REL_SCAN, NULL, loc);
    r->name = name;
    r->streaming = streaming;
    r->version = -1;
    return r;
}

IrRel *ir_files(Arena *a, const char *format, const char *path, bool streaming, bool auto_loader,
                SrcLoc loc) {
    IrRel *r = rel(a, REL_FILES, NULL, loc);
    r->format = dup(a, format);
    r->path = dup(a, path);
    r->streaming = streaming || auto_loader;  // cloud_files is always a stream
    r->auto_loader = auto_loader;
    return r;
}

void ir_files_option(Arena *a, IrRel *r, const char *key, const char *value) {
    for (uint32_t i = 0; i < r->noptions; i++)
        if (str_ieq(r->options[i].key, key)) {
            r->options[i].value = dup(a, value);
            return;
        }
    ir_kv_add(a, &r->options, &r->noptions, key, value);
}

IrRel *ir_values(Arena *a, IrExpr **cells, uint32_t nrows, uint32_t ncols, SrcLoc loc) {
    IrRel *r = rel(a, REL_VALUES, NULL, loc);
    r->exprs = dup_exprs(a, cells, nrows * ncols);
    r->nexprs = nrows * ncols;
    r->ncols = ncols;
    return r;
}

IrRel *ir_filter(Arena *a, IrRel *in, IrExpr *cond, SrcLoc loc) {
    IrRel *r = rel(a, REL_FILTER, in, loc);
    r->cond = cond;
    return r;
}

IrRel *ir_project(Arena *a, IrRel *in, IrExpr **exprs, uint32_t n, SrcLoc loc) {
    IrRel *r = rel(a, REL_PROJECT, in, loc);
    r->exprs = dup_exprs(a, exprs, n);
    r->nexprs = n;
    return r;
}

IrRel *ir_aggregate(Arena *a, IrRel *in, IrExpr **keys, uint32_t nkeys, IrExpr **outs,
                    uint32_t nouts, SrcLoc loc) {
    IrRel *r = rel(a, REL_AGGREGATE, in, loc);
    r->keys = dup_exprs(a, keys, nkeys);
    r->nkeys = nkeys;
    r->exprs = dup_exprs(a, outs, nouts);
    r->nexprs = nouts;
    return r;
}

IrRel *ir_join(Arena *a, IrRel *l, IrRel *r_, IrJoinKind k, IrExpr *cond, SrcLoc loc) {
    IrRel *r = rel(a, REL_JOIN, l, loc);
    r->right = r_;
    r->join = k;
    r->cond = cond;
    return r;
}

IrRel *ir_sort(Arena *a, IrRel *in, IrSortKey *keys, uint32_t n, SrcLoc loc) {
    IrRel *r = rel(a, REL_SORT, in, loc);
    if (n) {
        r->sort = arena_alloc(a, n * sizeof *keys);
        memcpy(r->sort, keys, n * sizeof *keys);
    }
    r->nsort = n;
    return r;
}

IrRel *ir_limit(Arena *a, IrRel *in, int64_t limit, int64_t offset, SrcLoc loc) {
    IrRel *r = rel(a, REL_LIMIT, in, loc);
    r->limit = limit;
    r->offset = offset;
    return r;
}

IrRel *ir_setop(Arena *a, IrSetOpKind k, bool all, IrRel *l, IrRel *r_, SrcLoc loc) {
    IrRel *r = rel(a, REL_SETOP, l, loc);
    r->right = r_;
    r->setop = k;
    r->all = all;
    return r;
}

IrRel *ir_distinct(Arena *a, IrRel *in, SrcLoc loc) { return rel(a, REL_DISTINCT, in, loc); }

IrRel *ir_dedup(Arena *a, IrRel *in, const char **names, uint32_t n, SrcLoc loc) {
    IrRel *r = rel(a, REL_DEDUP, in, loc);
    r->names = dup_names(a, names, n);
    r->nnames = n;
    return r;
}

IrRel *ir_explode(Arena *a, IrRel *in, IrExpr *gen, bool outer, const char *alias,
                  const char **names, uint32_t n, SrcLoc loc) {
    IrRel *r = rel(a, REL_EXPLODE, in, loc);
    r->exprs = dup_exprs(a, &gen, 1);
    r->nexprs = 1;
    r->outer = outer;
    r->alias = dup(a, alias);
    r->names = dup_names(a, names, n);
    r->nnames = n;
    return r;
}

IrRel *ir_alias_rel(Arena *a, IrRel *in, const char *alias, const char **names, uint32_t n,
                    SrcLoc loc) {
    IrRel *r = rel(a, REL_ALIAS, in, loc);
    r->alias = dup(a, alias);
    r->names = dup_names(a, names, n);
    r->nnames = n;
    return r;
}

IrRel *ir_watermark(Arena *a, IrRel *in, const char *col, const char *delay, SrcLoc loc) {
    IrRel *r = rel(a, REL_WATERMARK, in, loc);
    r->names = dup_names(a, &col, 1);
    r->nnames = 1;
    r->text = dup(a, delay);
    return r;
}

IrRel *ir_rename(Arena *a, IrRel *in, const char **old_new, uint32_t n2, SrcLoc loc) {
    IrRel *r = rel(a, REL_RENAME, in, loc);
    r->names = dup_names(a, old_new, n2);
    r->nnames = n2;
    return r;
}

IrRel *ir_drop(Arena *a, IrRel *in, const char **names, uint32_t n, SrcLoc loc) {
    IrRel *r = rel(a, REL_DROP, in, loc);
    r->names = dup_names(a, names, n);
    r->nnames = n;
    return r;
}

IrRel *ir_opaque(Arena *a, const char *reason, IrName *reads, uint32_t nreads, SrcLoc loc) {
    IrRel *r = rel(a, REL_OPAQUE, NULL, loc);
    r->text = dup(a, reason);
    if (nreads) {
        r->reads = arena_alloc(a, nreads * sizeof *reads);
        memcpy(r->reads, reads, nreads * sizeof *reads);
    }
    r->nreads = nreads;
    return r;
}

IrRel *ir_with_column(Arena *a, IrRel *in, const char *name, IrExpr *e, SrcLoc loc) {
    /* Spark replaces an existing column in place and appends a new one at the end
     * (dlt-language.md 3.6): the binder does that for a `replace` star. */
    IrExpr *star = ir_star(a, NULL, loc);
    star->replace = true;
    IrExpr *items[2] = {star, ir_alias(a, e, name, loc)};
    return ir_project(a, in, items, 2, loc);
}
