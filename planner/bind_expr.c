/* Expression binding: names -> input ordinals, functions checked against the catalog
 * (common/funcs.h) with Spark's implicit casts made explicit, result types computed.
 * In an aggregate context, aggregate calls are collected into the Aggregate operator
 * and grouped expressions become references to its keys; window calls are collected
 * into a Window operator below the projection. */
#include "bind_int.h"

#include <stdlib.h>
#include <string.h>

cJSON *json_type(Type t) {
    char buf[256];
    return cJSON_CreateString(type_sql_name(t, buf, sizeof buf));
}

const char *type_str(Arena *a, Type t) {
    char buf[256];
    return arena_strdup(a, type_sql_name(t, buf, sizeof buf));
}

static cJSON *col_json(int i, Type t) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "col", i);
    cJSON_AddItemToObject(j, "type", json_type(t));
    return j;
}

static cJSON *lit_json(const char *text, Type t) {
    cJSON *j = cJSON_CreateObject();
    if (text) cJSON_AddStringToObject(j, "lit", text);
    else cJSON_AddNullToObject(j, "lit");
    cJSON_AddItemToObject(j, "type", json_type(t));
    return j;
}

static cJSON *fn_json(const char *fn, cJSON **args, int n, Type t) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "fn", fn);
    cJSON *a = cJSON_AddArrayToObject(j, "args");
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(a, args[i]);
    cJSON_AddItemToObject(j, "type", json_type(t));
    return j;
}

cJSON *bexpr_cast(cJSON *j, Type from, Type to) {
    if (type_eq(from, to) || !j) return j;
    return fn_json("cast", &j, 1, to);
}

static BExpr fail(BindCtx *c) {
    c->ok = false;
    return (BExpr){.j = NULL, .type = TYPE(TY_NULL), .name = "?"};
}

/* ---------------------------------------------------------------- columns */

static bool col_matches(const BCol *col, const char *qual, const char *name) {
    if (!str_ieq(col->name, name)) return false;
    return !qual || (col->qual && str_ieq(col->qual, qual));
}

static void unknown_column(BindCtx *c, IrExpr *e) {
    const char **cands = xmalloc((c->ncols + 1) * sizeof *cands);
    StrBuf avail = {0};
    for (uint32_t i = 0; i < c->ncols; i++) {
        cands[i] = c->cols[i].name;
        sb_printf(&avail, "%s%s", i ? ", " : "", c->cols[i].name);
    }
    const char *s = diag_suggest(e->name, cands, c->ncols);
    const char *full = e->qual ? arena_printf(c->P->a, "%s.%s", e->qual, e->name) : e->name;
    if (s)
        diag_error(c->P->d, e->loc, "unknown column '%s' (did you mean '%s'?); available: %s", full,
                   s, sb_cstr(&avail));
    else
        diag_error(c->P->d, e->loc, "unknown column '%s'; available: %s", full,
                   c->ncols ? sb_cstr(&avail) : "(none)");
    sb_free(&avail);
    free(cands);
}

static BExpr bind_col(BindCtx *c, IrExpr *e) {
    for (int k = (int)c->nlambda - 1; k >= 0 && !e->qual; k--)
        if (str_ieq(c->lambda[k].name, e->name)) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddNumberToObject(j, "lambda_var", k);
            cJSON_AddItemToObject(j, "type", json_type(c->lambda[k].type));
            return (BExpr){j, c->lambda[k].type, e->name, true};
        }
    int found = -1;
    for (uint32_t i = 0; i < c->ncols; i++)
        if (col_matches(&c->cols[i], e->qual, e->name)) {
            if (found >= 0 && !e->qual) {
                diag_error(c->P->d, e->loc, "column '%s' is ambiguous: qualify it with a table name",
                           e->name);
                return fail(c);
            }
            if (found < 0) found = (int)i;
        }
    if (found < 0 && e->qual) {
        /* `a.b` where `a` is a struct column: a field access. */
        for (uint32_t i = 0; i < c->ncols; i++)
            if (str_ieq(c->cols[i].name, e->qual) && c->cols[i].type.id == TY_STRUCT) {
                const TypeNested *n = c->cols[i].type.nested;
                for (uint32_t f = 0; n && f < n->nfields; f++)
                    if (str_ieq(n->fields[f].name, e->name)) {
                        cJSON *args[2] = {col_json((int)i, c->cols[i].type),
                                          lit_json(n->fields[f].name, TYPE(TY_STRING))};
                        Type ft = n->fields[f].type;
                        return (BExpr){fn_json("field", args, 2, ft), ft, n->fields[f].name, true};
                    }
            }
    }
    if (found < 0) {
        unknown_column(c, e);
        return fail(c);
    }
    const BCol *col = &c->cols[found];
    return (BExpr){col_json(found, col->type), col->type, col->name, true};
}

/* ---------------------------------------------------------------- calls */

static void suggest_function(BindCtx *c, IrExpr *e) {
    size_t n;
    const char *const *names = func_all_names(&n);
    const char *s = diag_suggest(e->name, names, n);
    if (s)
        diag_error(c->P->d, e->loc, "unknown function '%s' (did you mean '%s'?)", e->name, s);
    else
        diag_error(c->P->d, e->loc, "unknown function '%s'", e->name);
}

static bool bind_args(BindCtx *c, IrExpr *e, uint32_t from, BExpr *out) {
    bool ok = true;
    for (uint32_t i = from; i < e->nargs; i++) {
        out[i - from] = bind_expr(c, e->args[i]);
        if (!out[i - from].j) ok = false;
    }
    if (!ok)
        for (uint32_t i = from; i < e->nargs; i++) cJSON_Delete(out[i - from].j);
    return ok;
}

/* Type-check f over bound args, insert casts; consumes args. */
static BExpr typed_call(BindCtx *c, IrExpr *e, const FuncInfo *f, BExpr *args, int n,
                        const char *fn) {
    Type ts[64] = {{0}}, to[64] = {{0}}, res = TYPE(TY_NULL);
    if (n > 64) n = 64;
    for (int i = 0; i < n; i++) ts[i] = args[i].type;
    const char *msg = func_check(f, ts, n, to, &res);
    if (msg) {
        diag_error(c->P->d, e->loc, "%s", msg);
        for (int i = 0; i < n; i++) cJSON_Delete(args[i].j);
        return fail(c);
    }
    if ((!strcmp(f->name, "round") || !strcmp(f->name, "bround") || !strcmp(f->name, "floor") ||
         !strcmp(f->name, "ceil")) && n == 2 &&
        to[0].id == TY_DECIMAL && e->args[1]->kind == EX_LIT && e->args[1]->text) {
        /* The result scale depends on the scale argument's value, which the catalog does
         * not see (Spark's RoundBase.dataType; floor/ceil with a scale are RoundFloor and
         * RoundCeil, the same type). */
        int p = to[0].precision, sc = to[0].scale, d = atoi(e->args[1]->text);
        int lead = p - sc + 1;
        if (d < 0) res = type_decimal(lead > 1 - d ? (lead > 38 ? 38 : lead) : (1 - d > 38 ? 38 : 1 - d), 0);
        else {
            int ns = sc < d ? sc : d;
            res = type_decimal(lead + ns > 38 ? 38 : lead + ns, ns);
        }
    }
    cJSON *js[64];
    for (int i = 0; i < n; i++) js[i] = bexpr_cast(args[i].j, ts[i], to[i]);
    return (BExpr){fn_json(fn ? fn : f->name, js, n, res), res, NULL, true};
}

static BExpr bind_agg_call(BindCtx *c, IrExpr *e, const FuncInfo *f) {
    if (!c->agg) {
        diag_error(c->P->d, e->loc, "aggregate function '%s' is not allowed here", e->name);
        return fail(c);
    }
    BindCtx inner = *c;  // arguments are evaluated over the aggregate's input
    inner.cols = c->agg->in_cols;
    inner.ncols = c->agg->in_ncols;
    inner.agg = NULL;
    inner.win = NULL;
    BExpr args[64];
    uint32_t n = e->is_count_star ? 0 : e->nargs;
    if (n > 64) n = 64;
    for (uint32_t i = 0; i < n; i++) args[i] = bind_expr(&inner, e->args[i]);
    c->ok = c->ok && inner.ok;
    bool ok = inner.ok;
    BExpr flt = {0};
    if (ok && e->filter) {
        flt = bind_expr(&inner, e->filter);
        ok = inner.ok;
        c->ok = c->ok && ok;
    }
    if (!ok) {
        for (uint32_t i = 0; i < n; i++) cJSON_Delete(args[i].j);
        cJSON_Delete(flt.j);
        return fail(c);
    }
    BExpr r = typed_call(c, e, f, args, (int)n, NULL);
    if (!r.j) {
        cJSON_Delete(flt.j);
        return r;
    }
    cJSON *agg = cJSON_CreateObject();
    cJSON_AddStringToObject(agg, "fn", f->name);
    cJSON_AddItemToObject(agg, "args", cJSON_DetachItemFromObject(r.j, "args"));
    cJSON_AddBoolToObject(agg, "distinct", e->distinct);
    if (flt.j) cJSON_AddItemToObject(agg, "filter", bexpr_cast(flt.j, flt.type, TYPE(TY_BOOLEAN)));
    else cJSON_AddNullToObject(agg, "filter");
    cJSON_AddBoolToObject(agg, "ignore_nulls", e->ignore_nulls);
    cJSON_AddItemToObject(agg, "type", json_type(r.type));
    cJSON_Delete(r.j);
    /* The same aggregate twice (SELECT sum(x) ... HAVING sum(x) > 0) is computed once. */
    char *txt = cJSON_PrintUnformatted(agg);
    int idx = -1;
    for (uint32_t i = 0; i < c->agg->naggs; i++)
        if (!strcmp(c->agg->agg_txt[i], txt)) idx = (int)i;
    if (idx < 0) {
        idx = (int)c->agg->naggs;
        c->agg->agg_txt = xrealloc(c->agg->agg_txt, (c->agg->naggs + 1) * sizeof(char *));
        c->agg->agg_types = xrealloc(c->agg->agg_types, (c->agg->naggs + 1) * sizeof(Type));
        c->agg->agg_names = xrealloc(c->agg->agg_names, (c->agg->naggs + 1) * sizeof(char *));
        c->agg->agg_txt[idx] = txt;
        c->agg->agg_types[idx] = r.type;
        c->agg->agg_names[idx] = expr_display_name(c->P->a, e);
        c->agg->naggs++;
        cJSON_AddItemToArray(c->agg->aggs, agg);
    } else {
        free(txt);
        cJSON_Delete(agg);
    }
    return (BExpr){col_json((int)c->agg->nkeys + idx, r.type), r.type, NULL, false};
}

static void bind_sort_keys(BindCtx *c, IrSortKey *ks, uint32_t n, cJSON *arr) {
    for (uint32_t i = 0; i < n; i++) {
        BExpr k = bind_expr(c, ks[i].expr);
        if (!k.j) continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "expr", k.j);
        cJSON_AddBoolToObject(o, "desc", ks[i].desc);
        bool nf = ks[i].nulls_first < 0 ? !ks[i].desc : ks[i].nulls_first == 1;
        cJSON_AddBoolToObject(o, "nulls_first", nf);
        cJSON_AddItemToArray(arr, o);
    }
}

cJSON *bind_sort_json(BindCtx *c, IrSortKey *ks, uint32_t n) {
    cJSON *arr = cJSON_CreateArray();
    bind_sort_keys(c, ks, n, arr);
    return arr;
}

static const char *bound_names[] = {"unbounded_preceding", "preceding", "current_row",
                                    "following", "unbounded_following"};

static cJSON *bound_json(IrBoundKind k, int64_t off) {
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "kind", bound_names[k]);
    cJSON_AddNumberToObject(b, "offset", (double)off);
    return b;
}

/* An INTERVAL frame offset (microseconds) in the unit the runtime compares the ORDER BY
 * key in: days for a DATE, microseconds for a TIMESTAMP. As Spark, it needs RANGE and
 * exactly one such key. */
static bool interval_offset(BindCtx *c, const IrWindow *w, SrcLoc loc, int64_t *off) {
    if (!w->frame_range) {
        diag_error(c->P->d, loc, "a ROWS frame offset must be an integer, not an interval");
        return false;
    }
    if (w->norder != 1) {
        diag_error(c->P->d, loc, "a RANGE frame with an interval offset needs exactly one "
                                 "ORDER BY expression");
        return false;
    }
    BExpr k = bind_expr(c, w->order[0].expr);
    if (!k.j) return false;
    cJSON_Delete(k.j);
    if (k.type.id == TY_TIMESTAMP) return true;
    if (k.type.id == TY_DATE) {
        if (*off % 86400000000LL) {
            diag_error(c->P->d, loc, "the ORDER BY key is a DATE: the interval must be whole days");
            return false;
        }
        *off /= 86400000000LL;
        return true;
    }
    char b[64];
    diag_error(c->P->d, loc, "a RANGE frame with an interval offset needs a DATE or TIMESTAMP "
                             "ORDER BY key, not %s", type_sql_name(k.type, b, sizeof b));
    return false;
}

static BExpr bind_window_call(BindCtx *c, IrExpr *e, const FuncInfo *f) {
    if (!c->win) {
        diag_error(c->P->d, e->loc, "window function '%s' is not allowed here", e->name);
        return fail(c);
    }
    BindCtx inner = *c;
    inner.win = NULL;
    BExpr args[64];
    uint32_t n = e->nargs > 64 ? 64 : e->nargs;
    if (e->is_count_star) n = 0;
    for (uint32_t i = 0; i < n; i++) args[i] = bind_expr(&inner, e->args[i]);
    if (!inner.ok) {
        for (uint32_t i = 0; i < n; i++) cJSON_Delete(args[i].j);
        return fail(c);
    }
    BExpr r = typed_call(c, e, f, args, (int)n, NULL);
    if (!r.j) return r;
    cJSON *w = cJSON_CreateObject();
    cJSON_AddStringToObject(w, "fn", f->name);
    cJSON_AddItemToObject(w, "args", cJSON_DetachItemFromObject(r.j, "args"));
    cJSON_Delete(r.j);
    cJSON *part = cJSON_AddArrayToObject(w, "partition");
    for (uint32_t i = 0; i < e->over->npartition; i++) {
        BExpr p = bind_expr(&inner, e->over->partition[i]);
        if (p.j) cJSON_AddItemToArray(part, p.j);
    }
    cJSON_AddItemToObject(w, "order", bind_sort_json(&inner, e->over->order, e->over->norder));
    if (e->over->has_frame) {
        const IrWindow *o = e->over;
        int64_t so = o->start_off, eo = o->end_off;
        if ((o->start_interval && !interval_offset(&inner, o, o->start_loc, &so)) ||
            (o->end_interval && !interval_offset(&inner, o, o->end_loc, &eo))) {
            cJSON_Delete(w);
            return fail(c);
        }
        cJSON *fr = cJSON_AddObjectToObject(w, "frame");
        cJSON_AddStringToObject(fr, "unit", o->frame_range ? "range" : "rows");
        cJSON_AddItemToObject(fr, "start", bound_json(o->start_kind, so));
        cJSON_AddItemToObject(fr, "end", bound_json(o->end_kind, eo));
    } else {
        cJSON_AddNullToObject(w, "frame");
    }
    cJSON_AddBoolToObject(w, "ignore_nulls", e->ignore_nulls);
    cJSON_AddItemToObject(w, "type", json_type(r.type));
    if (!inner.ok) {
        cJSON_Delete(w);
        return fail(c);
    }
    cJSON_AddItemToArray(c->win->funcs, w);
    c->win->types = xrealloc(c->win->types, (c->win->nfuncs + 1) * sizeof(Type));
    c->win->types[c->win->nfuncs] = r.type;
    cJSON *ref = col_json(0, r.type);
    c->win->refs = xrealloc(c->win->refs, (c->win->nfuncs + 1) * sizeof(cJSON *));
    c->win->refs[c->win->nfuncs++] = ref;  // ordinal fixed once the window input is final
    return (BExpr){ref, r.type, NULL, true};
}

/* Boolean connectives and null tests: fixed types, no catalog lookup needed. */
static BExpr bind_bool_op(BindCtx *c, IrExpr *e, const char *fn) {
    BExpr args[64];
    uint32_t n = e->nargs > 64 ? 64 : e->nargs;
    if (!bind_args(c, e, 0, args)) return fail(c);
    cJSON *js[64];
    bool is_test = !strcmp(fn, "is_null") || !strcmp(fn, "is_not_null");
    for (uint32_t i = 0; i < n; i++) {
        if (!is_test && args[i].type.id != TY_BOOLEAN && args[i].type.id != TY_NULL &&
            !type_can_cast(args[i].type, TYPE(TY_BOOLEAN))) {
            char buf[64];
            diag_error(c->P->d, e->args[i]->loc, "'%s' expects a boolean, got %s", fn,
                       type_sql_name(args[i].type, buf, sizeof buf));
            for (uint32_t k = 0; k < n; k++) cJSON_Delete(args[k].j);
            return fail(c);
        }
        js[i] = is_test ? args[i].j : bexpr_cast(args[i].j, args[i].type, TYPE(TY_BOOLEAN));
    }
    return (BExpr){fn_json(fn, js, (int)n, TYPE(TY_BOOLEAN)), TYPE(TY_BOOLEAN), NULL, true};
}

static BExpr bind_case(BindCtx *c, IrExpr *e) {
    BExpr args[130];
    if (e->nargs > 128) {
        diag_error(c->P->d, e->loc, "CASE with too many branches");
        return fail(c);
    }
    if (!bind_args(c, e, 0, args)) return fail(c);
    uint32_t k = e->has_operand ? 1 : 0;
    uint32_t end = e->nargs - (e->has_else ? 1 : 0);
    Type res = TYPE(TY_NULL);
    bool ok = true;
    for (uint32_t i = k + 1; i < end; i += 2)
        if (!type_common(res, args[i].type, &res)) ok = false;
    if (e->has_else && !type_common(res, args[e->nargs - 1].type, &res)) ok = false;
    if (!ok) {
        diag_error(c->P->d, e->loc, "CASE branches have incompatible types");
        for (uint32_t i = 0; i < e->nargs; i++) cJSON_Delete(args[i].j);
        return fail(c);
    }
    cJSON *js[130];
    int n = 0;
    for (uint32_t i = k; i + 1 < end + 1 && i < end; i += 2) {
        cJSON *cond;
        if (e->has_operand) {
            Type ct;
            if (!type_common(args[0].type, args[i].type, &ct)) ct = args[0].type;
            cJSON *pair[2] = {bexpr_cast(cJSON_Duplicate(args[0].j, 1), args[0].type, ct),
                              bexpr_cast(args[i].j, args[i].type, ct)};
            cond = fn_json("eq", pair, 2, TYPE(TY_BOOLEAN));
        } else {
            cond = bexpr_cast(args[i].j, args[i].type, TYPE(TY_BOOLEAN));
        }
        js[n++] = cond;
        if (i + 1 < end) js[n++] = bexpr_cast(args[i + 1].j, args[i + 1].type, res);
        else js[n++] = lit_json(NULL, res);
    }
    js[n++] = e->has_else ? bexpr_cast(args[e->nargs - 1].j, args[e->nargs - 1].type, res)
                          : lit_json(NULL, res);
    if (e->has_operand) cJSON_Delete(args[0].j);
    return (BExpr){fn_json("case", js, n, res), res, NULL, true};
}

static BExpr bind_in(BindCtx *c, IrExpr *e) {
    BExpr args[256];
    if (e->nargs > 256 || e->nargs < 2) {
        diag_error(c->P->d, e->loc, "IN list with %u values is not supported", e->nargs);
        return fail(c);
    }
    if (!bind_args(c, e, 0, args)) return fail(c);
    Type t = args[0].type;
    for (uint32_t i = 1; i < e->nargs; i++)
        if (!type_common(t, args[i].type, &t)) {
            char b1[64], b2[64];
            diag_error(c->P->d, e->args[i]->loc, "cannot compare %s with %s in IN",
                       type_sql_name(args[0].type, b1, sizeof b1),
                       type_sql_name(args[i].type, b2, sizeof b2));
            for (uint32_t k = 0; k < e->nargs; k++) cJSON_Delete(args[k].j);
            return fail(c);
        }
    cJSON *js[256];
    for (uint32_t i = 0; i < e->nargs; i++) js[i] = bexpr_cast(args[i].j, args[i].type, t);
    return (BExpr){fn_json("in", js, (int)e->nargs, TYPE(TY_BOOLEAN)), TYPE(TY_BOOLEAN), NULL, true};
}

static BExpr bind_lambda_call(BindCtx *c, IrExpr *e, const FuncInfo *f) {
    /* Higher-order functions: lambda parameters take the element type of the first
     * (array) argument; the body is bound with them in scope. */
    BExpr args[16];
    uint32_t n = e->nargs > 16 ? 16 : e->nargs;
    Type elem = TYPE(TY_STRING);
    bool ok = true;
    cJSON *js[16];
    Type ts[16];
    for (uint32_t i = 0; i < n; i++) {
        IrExpr *a = e->args[i];
        if (a->kind == EX_LAMBDA) {
            BindCtx inner = *c;
            LambdaVar vars[8];
            uint32_t nv = a->nnames > 8 ? 8 : a->nnames;
            for (uint32_t k = 0; k < c->nlambda && k < 8; k++) vars[k] = c->lambda[k];
            uint32_t base = c->nlambda;
            Type t0 = elem, t1 = TYPE(TY_INT);  // (element, index)
            if (str_ieq(f->name, "aggregate") && i >= 2)  // (acc, element) / (acc)
                t0 = ts[1], t1 = elem;
            if (str_ieq(f->name, "zip_with") && i == 2)  // (element of a, element of b)
                t1 = ts[1].id == TY_ARRAY && ts[1].nested ? ts[1].nested->elem : TYPE(TY_NULL);
            for (uint32_t k = 0; k < nv && base + k < 8; k++)
                vars[base + k] = (LambdaVar){a->names[k], k == 0 ? t0 : t1};
            inner.lambda = vars;
            inner.nlambda = base + nv < 8 ? base + nv : 8;
            BExpr body = bind_expr(&inner, a->args[0]);
            if (!body.j) {
                ok = false;
                js[i] = NULL;
                continue;
            }
            cJSON *l = cJSON_CreateObject();
            cJSON *ps = cJSON_AddArrayToObject(l, "lambda");
            for (uint32_t k = 0; k < nv; k++) cJSON_AddItemToArray(ps, cJSON_CreateString(a->names[k]));
            cJSON_AddItemToObject(l, "body", body.j);
            cJSON_AddItemToObject(l, "type", json_type(body.type));
            js[i] = l;
            ts[i] = body.type;
        } else {
            args[i] = bind_expr(c, a);
            js[i] = args[i].j;
            ts[i] = args[i].type;
            if (!args[i].j) ok = false;
            if (i == 0 && args[i].type.id == TY_ARRAY && args[i].type.nested)
                elem = args[i].type.nested->elem;
        }
    }
    if (!ok) {
        for (uint32_t i = 0; i < n; i++) cJSON_Delete(js[i]);
        return fail(c);
    }
    Type to[16], res = TYPE(TY_NULL);
    const char *msg = func_check(f, ts, (int)n, to, &res);
    if (msg) {
        diag_error(c->P->d, e->loc, "%s", msg);
        for (uint32_t i = 0; i < n; i++) cJSON_Delete(js[i]);
        return fail(c);
    }
    return (BExpr){fn_json(f->name, js, (int)n, res), res, NULL, true};
}

static bool has_lambda_arg(const IrExpr *e) {
    for (uint32_t i = 0; i < e->nargs; i++)
        if (e->args[i]->kind == EX_LAMBDA) return true;
    return false;
}

static bool is_month_interval(const IrExpr *x) {
    return x && x->kind == EX_INTERVAL && x->imonths != 0;
}

/* date/timestamp +/- an interval with months or years: calendar arithmetic as Spark does
 * it (the day of month is clamped to the month's end: 2024-01-31 + 1 month = 2024-02-29),
 * i.e. add_months for a DATE and timestampadd(MONTH) for a TIMESTAMP, then the day-time
 * part of the interval, if any, as an ordinary interval. */
static BExpr bind_month_arith(BindCtx *c, IrExpr *e) {
    bool sub = !strcmp(e->name, "sub");
    IrExpr *iv = e->args[1], *x = e->args[0];
    if (!sub && is_month_interval(x)) iv = e->args[0], x = e->args[1];
    BExpr bx = bind_expr(c, x);
    if (!bx.j) return fail(c);
    cJSON_Delete(bx.j);
    Arena *a = c->P->a;
    int64_t m = sub ? -iv->imonths : iv->imonths;
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)m);
    IrExpr *months = ir_lit(a, arena_strdup(a, num), TYPE(TY_INT), iv->loc);
    IrExpr *r;
    if (bx.type.id == TY_DATE) {
        r = ir_call2(a, "add_months", x, months, e->loc);
    } else if (bx.type.id == TY_TIMESTAMP) {
        IrExpr *args[3] = {ir_lit(a, "MONTH", TYPE(TY_STRING), iv->loc), months, x};
        r = ir_call(a, "timestampadd", args, 3, e->loc);
    } else {
        char b[64];
        diag_error(c->P->d, iv->loc, "an interval of months or years can only be added to or "
                                     "subtracted from a DATE or TIMESTAMP, not %s",
                   type_sql_name(bx.type, b, sizeof b));
        return fail(c);
    }
    if (iv->ival) {
        snprintf(num, sizeof num, "%lld microseconds", (long long)iv->ival);
        IrExpr *rest = ir_lit(a, arena_strdup(a, num), TYPE(TY_INTERVAL), iv->loc);
        rest->kind = EX_INTERVAL;
        rest->ival = iv->ival;
        r = ir_call2(a, sub ? "sub" : "add", r, rest, e->loc);
    }
    return bind_expr(c, r);
}

static BExpr bind_call(BindCtx *c, IrExpr *e) {
    const char *n = e->name ? e->name : "";
    if ((!strcmp(n, "add") || !strcmp(n, "sub")) && e->nargs == 2 && !e->over &&
        (is_month_interval(e->args[1]) || (!strcmp(n, "add") && is_month_interval(e->args[0]))))
        return bind_month_arith(c, e);
    if (!strcmp(n, "and") || !strcmp(n, "or") || !strcmp(n, "not") || !strcmp(n, "is_null") ||
        !strcmp(n, "is_not_null"))
        return bind_bool_op(c, e, n);
    if (!strcmp(n, "in")) return bind_in(c, e);
    if (str_ieq(n, "grouping") || str_ieq(n, "grouping_id") || str_ieq(n, "rollup") ||
        str_ieq(n, "cube") || !strcmp(n, "grouping sets")) {
        diag_error(c->P->d, e->loc, "%s can only be used with GROUP BY GROUPING SETS, ROLLUP or "
                                    "CUBE, in the select list or HAVING", e->name);
        return fail(c);
    }
    const FuncInfo *f = func_lookup(n);
    if (!f) {
        suggest_function(c, e);
        return fail(c);
    }
    if (e->over) {
        if (f->kind != FN_AGG && f->kind != FN_WINDOW) {
            diag_error(c->P->d, e->loc, "'%s' is not a window function", e->name);
            return fail(c);
        }
        return bind_window_call(c, e, f);
    }
    if (f->kind == FN_WINDOW) {
        diag_error(c->P->d, e->loc, "window function '%s' needs an OVER clause", e->name);
        return fail(c);
    }
    if (f->kind == FN_AGG) return bind_agg_call(c, e, f);
    if (f->kind == FN_GENERATOR) {
        diag_error(c->P->d, e->loc, "generator '%s' is only allowed alone in a select list",
                   e->name);
        return fail(c);
    }
    if (has_lambda_arg(e)) return bind_lambda_call(c, e, f);
    BExpr args[64];
    if (e->nargs > 64) {
        diag_error(c->P->d, e->loc, "too many arguments to '%s'", e->name);
        return fail(c);
    }
    if (!bind_args(c, e, 0, args)) return fail(c);
    return typed_call(c, e, f, args, (int)e->nargs, NULL);
}

static BExpr bind_subquery(BindCtx *c, IrExpr *e) {
    BRel r = bind_rel(c->P, e->sub);
    if (r.unknown || !r.j) {
        cJSON_Delete(r.j);
        if (r.unknown) c->unknown = true;
        return fail(c);
    }
    Type t = TYPE(TY_BOOLEAN);
    if (e->sub_kind != SUBQ_EXISTS && r.ncols != 1) {
        diag_error(c->P->d, e->loc, "subquery must return one column, returns %u", r.ncols);
        cJSON_Delete(r.j);
        return fail(c);
    }
    if (e->sub_kind == SUBQ_SCALAR) t = r.cols[0].type;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "subquery", r.j);
    static const char *kinds[] = {"scalar", "exists", "in"};
    cJSON_AddStringToObject(j, "kind", kinds[e->sub_kind]);
    cJSON *args = cJSON_AddArrayToObject(j, "args");
    if (e->sub_kind == SUBQ_IN && e->nargs) {
        BExpr x = bind_expr(c, e->args[0]);
        if (!x.j) {
            cJSON_Delete(j);
            return fail(c);
        }
        Type ct;
        if (!type_common(x.type, r.cols[0].type, &ct)) ct = x.type;
        cJSON_AddItemToArray(args, bexpr_cast(x.j, x.type, ct));
    }
    cJSON_AddItemToObject(j, "type", json_type(t));
    if (e->negated) {
        cJSON *x[1] = {j};
        j = fn_json("not", x, 1, TYPE(TY_BOOLEAN));
    }
    return (BExpr){j, t, NULL, true};
}

/* In an aggregate context: a grouped expression becomes a reference to its key. */
static int match_key(BindCtx *c, IrExpr *e) {
    if (!c->agg || c->agg->nkeys == 0) return -1;
    if (e->kind == EX_LIT || e->kind == EX_ALIAS || e->kind == EX_STAR) return -1;
    if (e->kind == EX_CALL && e->over) return -1;
    Diags quiet, *saved = c->P->d;
    diag_init(&quiet);
    c->P->d = &quiet;
    BindCtx inner = *c;
    inner.cols = c->agg->in_cols;
    inner.ncols = c->agg->in_ncols;
    inner.agg = NULL;
    inner.win = NULL;
    BExpr b = bind_expr(&inner, e);
    c->P->d = saved;
    diag_free(&quiet);
    int idx = -1;
    if (b.j) {
        char *txt = cJSON_PrintUnformatted(b.j);
        for (uint32_t i = 0; i < c->agg->nkeys && idx < 0; i++)
            if (!strcmp(c->agg->key_txt[i], txt)) idx = (int)i;
        free(txt);
        cJSON_Delete(b.j);
    }
    return idx;
}

BExpr bind_expr(BindCtx *c, IrExpr *e) {
    if (!e) return fail(c);
    if (c->agg) {
        int k = match_key(c, e);
        if (k >= 0) {
            Type t = c->agg->key_types[k];
            return (BExpr){col_json(k, t), t, expr_display_name(c->P->a, e), true};
        }
        if (e->kind == EX_COL) {
            bool exists = false;
            for (uint32_t i = 0; i < c->agg->in_ncols; i++)
                if (col_matches(&c->agg->in_cols[i], e->qual, e->name)) exists = true;
            if (exists) {
                diag_error(c->P->d, e->loc,
                           "column '%s' must be in GROUP BY or inside an aggregate function",
                           e->name);
                return fail(c);
            }
            BindCtx inner = *c;  // report against the input's columns
            inner.cols = c->agg->in_cols;
            inner.ncols = c->agg->in_ncols;
            inner.agg = NULL;
            BExpr x = bind_expr(&inner, e);
            cJSON_Delete(x.j);
            return fail(c);
        }
    }
    BExpr r;
    switch (e->kind) {
    case EX_COL: r = bind_col(c, e); break;
    case EX_LIT: r = (BExpr){lit_json(e->text, e->type), e->text ? e->type : TYPE(TY_NULL), NULL, true};
        break;
    case EX_INTERVAL:
        if (e->imonths) {
            diag_error(c->P->d, e->loc, "an interval of months or years is only supported added "
                                        "to or subtracted from a DATE or TIMESTAMP");
            return fail(c);
        }
        r = (BExpr){lit_json(e->text, TYPE(TY_INTERVAL)), TYPE(TY_INTERVAL), NULL, true};
        break;
    case EX_CALL: r = bind_call(c, e); break;
    case EX_CAST: {
        BExpr x = bind_expr(c, e->args[0]);
        if (!x.j) return fail(c);
        if (!type_can_cast(x.type, e->type)) {
            char b1[64], b2[64];
            diag_error(c->P->d, e->loc, "cannot cast %s to %s", type_sql_name(x.type, b1, sizeof b1),
                       type_sql_name(e->type, b2, sizeof b2));
            cJSON_Delete(x.j);
            return fail(c);
        }
        r = (BExpr){fn_json(e->is_try ? "try_cast" : "cast", &x.j, 1, e->type), e->type, NULL, true};
        break;
    }
    case EX_CASE: r = bind_case(c, e); break;
    case EX_SUBQUERY: r = bind_subquery(c, e); break;
    case EX_ALIAS:
        r = bind_expr(c, e->args[0]);
        if (r.j) r.name = e->name;
        return r;
    case EX_STAR:
        diag_error(c->P->d, e->loc, "'*' is only allowed in a select list or count(*)");
        return fail(c);
    case EX_LAMBDA:
        diag_error(c->P->d, e->loc, "a lambda is only allowed as a function argument");
        return fail(c);
    default: return fail(c);
    }
    if (r.j && !r.name) r.name = expr_display_name(c->P->a, e);
    return r;
}

BExpr bind_expr_in(Planner *P, const BCol *cols, uint32_t ncols, IrExpr *e, bool *ok) {
    BindCtx c = {.P = P, .cols = cols, .ncols = ncols, .ok = true};
    BExpr r = bind_expr(&c, e);
    *ok = c.ok && r.j;
    return r;
}
