/* The DLT / Spark Declarative Pipelines Python API (dlt-language.md 3.2-3.4):
 * dataset decorators, expectations, append flows, create_streaming_table,
 * apply_changes, dlt.read / read_stream; and phase 2, which calls every query
 * function once registration is complete. */
#include "pyeval_internal.h"

#include "str.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    DEC_TABLE,     // @dlt.table / @dp.table / create_table
    DEC_MV,        // @dlt.materialized_view
    DEC_VIEW,      // @dlt.view / create_view / @dp.temporary_view
    DEC_FLOW,      // @dlt.append_flow
    DEC_EXPECT,    // @dlt.expect* (action and all-ness in data)
} DecKind;

typedef struct {
    DecKind  kind;
    IrAction act;
    bool     all;    // expect_all*: a dict of rules
    Args    *args;   // the decorator call's arguments, or NULL for the bare form
} DecData;

static Value *apply_dataset(Eval *ev, DecData *dd, Value *fn, SrcLoc at);
static Value *apply_expect(Eval *ev, DecData *dd, Value *fn, SrcLoc at);

/* Calling a decorator value (self is the decorator itself). */
static Value *decorator_call(Eval *ev, Value *self, Args *a) {
    if (a->npos != 1 || a->nkw) return pv_raise(ev, a->at, "TypeError", "a decorator takes one function");
    return dlt_apply_decorator(ev, self, a->pos[0], a->at);
}

/* dlt.table(...) and friends, called: the bare form applied to a function, or the
 * called form returning a decorator. */
static Value *dec_entry(Eval *ev, Value *self, Args *a, DecKind kind, IrAction act, bool all) {
    DecData *d = arena_alloc(ev->a, sizeof *d);
    d->kind = kind, d->act = act, d->all = all;
    if (kind != DEC_EXPECT && a->npos == 1 && !a->nkw && a->pos[0]->kind == V_FUNC)
        return kind == DEC_FLOW ? pv_raise(ev, a->at, "TypeError", "append_flow() needs target=")
                                : apply_dataset(ev, d, a->pos[0], a->at);
    Args *copy = arena_alloc(ev->a, sizeof *copy);
    *copy = *a;
    d->args = copy;
    Value *dec = pv_builtin(ev, self->u.bi.name, decorator_call, NULL, a->at);
    dec->u.bi.self = dec;
    dec->u.bi.data = d;
    return dec;
}

static Value *b_table(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_TABLE, ACT_WARN, false); }
static Value *b_mv(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_MV, ACT_WARN, false); }
static Value *b_view(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_VIEW, ACT_WARN, false); }
static Value *b_flow(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_FLOW, ACT_WARN, false); }
static Value *b_expect(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_EXPECT, ACT_WARN, false); }
static Value *b_expect_drop(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_EXPECT, ACT_DROP, false); }
static Value *b_expect_fail(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_EXPECT, ACT_FAIL, false); }
static Value *b_expect_all(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_EXPECT, ACT_WARN, true); }
static Value *b_expect_all_drop(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_EXPECT, ACT_DROP, true); }
static Value *b_expect_all_fail(Eval *ev, Value *s, Args *a) { return dec_entry(ev, s, a, DEC_EXPECT, ACT_FAIL, true); }

Value *dlt_apply_decorator(Eval *ev, Value *dec, Value *fn, SrcLoc at) {
    if (dec->kind == V_BUILTIN && dec->u.bi.fn == decorator_call) {
        DecData *d = dec->u.bi.data;
        if (fn->kind != V_FUNC)
            return fn->kind == V_OPAQUE ? fn : pv_raise(ev, at, "TypeError", "@%s applied to a %s",
                                                        dec->u.bi.name, pv_kind_name(fn));
        return d->kind == DEC_EXPECT ? apply_expect(ev, d, fn, at) : apply_dataset(ev, d, fn, at);
    }
    Args a = {.pos = &fn, .npos = 1, .at = at};
    return pv_call(ev, dec, &a);
}

/* ---- helpers ------------------------------------------------------------------------ */

static const char *kw_str(Eval *ev, Args *a, const char *kw, bool *ok) {
    Value *v = a ? args_get(a, UINT32_MAX, kw) : NULL;
    if (!v || v->kind == V_NONE) return NULL;
    if (v->kind != V_STR) {
        pv_raise(ev, v->at, "TypeError", "'%s' must be a string, got %s", kw, pv_kind_name(v));
        *ok = false;
        return NULL;
    }
    return v->u.str.s;
}

static const char *stringify(Eval *ev, Value *v) {
    if (v->kind == V_BOOL) return v->u.b ? "true" : "false";
    return pv_to_str(ev, v, false);
}

static bool str_list(Eval *ev, Value *v, const char ***out, uint32_t *n) {
    if (!v || v->kind == V_NONE) return true;
    Value **items = &v;
    uint32_t m = 1;
    if (v->kind != V_STR && !pv_iter(ev, v, &items, &m)) {
        pv_raise(ev, v->at, "TypeError", "expected a list of column names");
        return false;
    }
    *out = arena_alloc(ev->a, (m + 1) * sizeof **out);
    for (uint32_t i = 0; i < m; i++) {
        Value *x = items[i];
        if (x->kind == V_COL && x->u.col.e->kind == EX_COL) (*out)[i] = x->u.col.e->name;
        else if (x->kind == V_STR) (*out)[i] = x->u.str.s;
        else {
            pv_raise(ev, x->at, "TypeError", "expected a column name, got %s", pv_kind_name(x));
            return false;
        }
    }
    *n = m;
    return true;
}

/* Declared schema: a DDL string ("id BIGINT NOT NULL, v STRING COMMENT 'x'") or a StructType. */
static bool declare_schema(Eval *ev, IrDataset *ds, Value *v) {
    if (!v || v->kind == V_NONE) return true;
    ds->has_cols = true;
    if (v->kind == V_TYPE && v->u.ty.t.id == TY_STRUCT) {
        for (uint32_t i = 0; i < v->u.ty.n; i++)
            ir_dataset_add_column(ev->a, ds, v->u.ty.names[i], v->u.ty.types[i], v->at);
        return true;
    }
    if (v->kind != V_STR) {
        pv_raise(ev, v->at, "TypeError", "schema must be a DDL string or a StructType");
        return false;
    }
    const char *s = v->u.str.s;
    size_t n = v->u.str.len;
    for (size_t i = 0; i < n;) {
        int depth = 0;
        size_t j = i;
        bool q = false;
        for (; j < n; j++) {  // a column definition ends at a top-level comma
            if (s[j] == '\'') q = !q;
            if (q) continue;
            if (s[j] == '<' || s[j] == '(') depth++;
            if (s[j] == '>' || s[j] == ')') depth--;
            if (s[j] == ',' && depth == 0) break;
        }
        const char *p = s + i, *e = s + j;
        while (p < e && isspace((unsigned char)*p)) p++;
        const char *ns = p;
        if (*p == '`') {
            ns = ++p;
            while (p < e && *p != '`') p++;
        } else
            while (p < e && !isspace((unsigned char)*p) && *p != ':') p++;
        char *name = arena_strndup(ev->a, ns, (size_t)(p - ns));
        if (p < e && *p == '`') p++;
        while (p < e && (isspace((unsigned char)*p) || *p == ':')) p++;
        const char *ts = p;
        int d2 = 0;
        while (p < e && (d2 > 0 || !isspace((unsigned char)*p))) {
            if (*p == '<' || *p == '(') d2++;
            if (*p == '>' || *p == ')') d2--;
            p++;
        }
        char *tname = arena_strndup(ev->a, ts, (size_t)(p - ts));
        Type t;
        if (!*name || !*tname) {
            pv_fail(ev, v->at, "invalid schema '%s': expected 'name TYPE, ...'", s);
            return false;
        }
        if (!type_parse_primitive(tname, &t)) {
            if (str_nieq(tname, "array", 5)) t = TYPE(TY_ARRAY);
            else if (str_nieq(tname, "map", 3)) t = TYPE(TY_MAP);
            else if (str_nieq(tname, "struct", 6)) t = TYPE(TY_STRUCT);
            else {
                pv_fail(ev, v->at, "unknown type '%s' in schema", tname);
                return false;
            }
        }
        IrColumn *col = ir_dataset_add_column(ev->a, ds, name, t, v->at);
        const char *rest = p;
        size_t rl = (size_t)(e - p);
        for (size_t k = 0; k + 8 <= rl; k++)
            if (str_nieq(rest + k, "not null", 8)) col->not_null = true;
        const char *cm = NULL;
        for (size_t k = 0; k + 7 <= rl && !cm; k++)
            if (str_nieq(rest + k, "comment", 7)) cm = rest + k + 7;
        if (cm) {
            const char *q1 = memchr(cm, '\'', (size_t)(e - cm));
            const char *q2 = q1 ? memchr(q1 + 1, '\'', (size_t)(e - q1 - 1)) : NULL;
            if (q2) col->comment = arena_strndup(ev->a, q1 + 1, (size_t)(q2 - q1 - 1));
        }
        i = j + 1;
    }
    return true;
}

static bool add_expectations(Eval *ev, IrDataset *ds, Value *rules, IrAction act, SrcLoc at);

static void push_reg(Eval *ev, IrDataset *ds, IrFlow *flow, Value *fn) {
    if (ev->nregs == ev->capregs) {
        ev->capregs = ev->capregs ? ev->capregs * 2 : 16;
        ev->regs = xrealloc(ev->regs, ev->capregs * sizeof *ev->regs);
    }
    ev->regs[ev->nregs++] = (QueryReg){ds, flow, fn};
}

static bool conf_from(Eval *ev, IrConf *c, Value *v) {
    if (!v || v->kind == V_NONE) return true;
    if (v->kind != V_DICT) {
        pv_raise(ev, v->at, "TypeError", "spark_conf must be a dict");
        return false;
    }
    for (uint32_t i = 0; i < v->u.dict.n; i++)
        ir_conf_set(ev->a, c, stringify(ev, v->u.dict.keys[i]), stringify(ev, v->u.dict.vals[i]));
    return true;
}

static Value *apply_dataset(Eval *ev, DecData *dd, Value *fn, SrcLoc at) {
    Args *a = dd->args;
    bool ok = true;
    const char *name = kw_str(ev, a, "name", &ok);
    if (!ok) return NULL;
    if (dd->kind == DEC_FLOW) {
        const char *target = kw_str(ev, a, "target", &ok);
        if (!ok) return NULL;
        if (!target) return pv_fail(ev, at, "@append_flow needs target='<streaming table>'");
        IrName tn;
        if (!ir_name_parse(ev->a, target, at, &tn)) return pv_fail(ev, at, "invalid target name '%s'", target);
        Value *once = a ? args_get(a, UINT32_MAX, "once") : NULL;
        IrFlow *fl = ir_flow_new(ev->p, once && pv_truthy(once) ? FLOW_ONCE : FLOW_APPEND,
                                 name ? name : fn->u.fn.name, tn, fn->at, LANG_PYTHON);
        fl->named = true;
        fl->comment = kw_str(ev, a, "comment", &ok);
        if (!conf_from(ev, &fl->conf, a ? args_get(a, UINT32_MAX, "spark_conf") : NULL)) return NULL;
        push_reg(ev, NULL, fl, fn);
        return fn;
    }
    if (!name) name = fn->u.fn.name;
    IrName dn;
    if (!ir_name_parse(ev->a, name, at, &dn)) return pv_fail(ev, at, "invalid dataset name '%s'", name);
    IrDatasetKind kind = dd->kind == DEC_MV ? DS_MATERIALIZED_VIEW
                       : dd->kind == DEC_VIEW ? DS_VIEW
                       : ev->opt && ev->opt->dialect_sdp ? DS_STREAMING_TABLE : DS_TABLE_AUTO;
    IrDataset *ds = ir_dataset_new(ev->p, kind, dn, fn->at, LANG_PYTHON);
    ds->comment = kw_str(ev, a, "comment", &ok);
    if (!ok) return NULL;
    if (a) {
        Value *tp = args_get(a, UINT32_MAX, "table_properties");
        if (tp && tp->kind == V_DICT)
            for (uint32_t i = 0; i < tp->u.dict.n; i++)
                ir_kv_add(ev->a, &ds->props, &ds->nprops, stringify(ev, tp->u.dict.keys[i]),
                          stringify(ev, tp->u.dict.vals[i]));
        Value *tmp = args_get(a, UINT32_MAX, "temporary"), *prv = args_get(a, UINT32_MAX, "private");
        ds->is_private = (tmp && pv_truthy(tmp)) || (prv && pv_truthy(prv));
        if (!str_list(ev, args_get(a, UINT32_MAX, "partition_cols"), &ds->partition_cols, &ds->npartition) ||
            !str_list(ev, args_get(a, UINT32_MAX, "cluster_by"), &ds->cluster_cols, &ds->ncluster) ||
            !declare_schema(ev, ds, args_get(a, UINT32_MAX, "schema")) ||
            !conf_from(ev, &ds->conf, args_get(a, UINT32_MAX, "spark_conf")))
            return NULL;
    }
    for (Pending *p = fn->u.fn.pending; p; p = p->next) {  // decorators below this one
        const char *cond = p->cond->u.str.s;
        IrExpr *e = sql_expr_from(ev, p->cond);
        if (!e) return NULL;
        ir_dataset_add_expectation(ev->a, ds, p->name, e, cond, p->act, p->at);
    }
    fn->u.fn.pending = NULL;
    fn->u.fn.ds = ds;
    push_reg(ev, ds, NULL, fn);
    return fn;
}

static Value *apply_expect(Eval *ev, DecData *dd, Value *fn, SrcLoc at) {
    Args *a = dd->args;
    Value *rules;
    if (dd->all) {
        rules = args_get(a, 0, "expectations");
        if (!rules || rules->kind != V_DICT) return pv_fail(ev, at, "expect_all needs a dict of {name: condition}");
    } else {
        Value *n = args_get(a, 0, "name"), *c = args_get(a, 1, "inv");
        if (!c) c = args_get(a, 1, "condition");
        if (!n || !c || n->kind != V_STR || c->kind != V_STR)
            return pv_fail(ev, at, "expect needs a name and a SQL condition string");
        rules = pv_dict(ev, at);
        pv_dict_set(ev, rules, n, c);
    }
    if (fn->u.fn.ds) return add_expectations(ev, fn->u.fn.ds, rules, dd->act, at) ? fn : NULL;
    for (uint32_t i = rules->u.dict.n; i-- > 0;) {  // kept in source order once attached
        Value *k = rules->u.dict.keys[i], *v = rules->u.dict.vals[i];
        if (k->kind != V_STR || v->kind != V_STR) return pv_fail(ev, at, "expectation names and conditions must be strings");
        Pending *p = arena_alloc(ev->a, sizeof *p);
        *p = (Pending){k->u.str.s, v, dd->act, at, fn->u.fn.pending};
        fn->u.fn.pending = p;
    }
    return fn;
}

static bool add_expectations(Eval *ev, IrDataset *ds, Value *rules, IrAction act, SrcLoc at) {
    if (!rules || rules->kind == V_NONE) return true;
    if (rules->kind != V_DICT) {
        pv_fail(ev, at, "expectations must be a dict of {name: condition}");
        return false;
    }
    for (uint32_t i = 0; i < rules->u.dict.n; i++) {
        Value *k = rules->u.dict.keys[i], *v = rules->u.dict.vals[i];
        if (k->kind != V_STR || v->kind != V_STR) {
            pv_fail(ev, at, "expectation names and conditions must be strings");
            return false;
        }
        IrExpr *e = sql_expr_from(ev, v);
        if (!e) return false;
        ir_dataset_add_expectation(ev->a, ds, k->u.str.s, e, v->u.str.s, act, at);
    }
    return true;
}

/* ---- reads ---------------------------------------------------------------------------- */

void pv_note_read(Eval *ev, IrName n) {
    if (ev->nreads == ev->capreads) {
        ev->capreads = ev->capreads ? ev->capreads * 2 : 8;
        ev->reads = xrealloc(ev->reads, ev->capreads * sizeof *ev->reads);
    }
    ev->reads[ev->nreads++] = n;
}

static Value *read_impl(Eval *ev, Args *a, bool stream, const char *fn) {
    const char *name;
    if (!args_str(ev, a, 0, "name", &name)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "%s() needs a dataset name", fn);
    if (!ev->in_query)
        return pv_fail(ev, a->at, "%s('%s') is called outside a query function: datasets can only be "
                                  "read inside a function decorated with @dlt.table or @dlt.view", fn, name);
    IrName n;
    if (!ir_name_parse(ev->a, name, a->pos_at ? a->pos_at[0] : a->at, &n))
        return pv_fail(ev, a->at, "invalid dataset name '%s'", name);
    n.live = true;
    pv_note_read(ev, n);
    return pv_df(ev, ir_scan(ev->a, n, stream, a->at), a->at);
}

static Value *b_read(Eval *ev, Value *s, Args *a) { (void)s; return read_impl(ev, a, false, "dlt.read"); }
static Value *b_read_stream(Eval *ev, Value *s, Args *a) { (void)s; return read_impl(ev, a, true, "dlt.read_stream"); }

/* ---- create_streaming_table, apply_changes ------------------------------------------------ */

static Value *b_create_st(Eval *ev, Value *s, Args *a) {
    (void)s;
    const char *name;
    if (!args_str(ev, a, 0, "name", &name)) return ev->exc_type ? NULL : pv_fail(ev, a->at, "create_streaming_table() needs name=");
    IrName dn;
    if (!ir_name_parse(ev->a, name, a->at, &dn)) return pv_fail(ev, a->at, "invalid dataset name '%s'", name);
    IrDataset *ds = ir_dataset_new(ev->p, DS_STREAMING_TABLE, dn, a->at, LANG_PYTHON);
    bool ok = true;
    ds->comment = kw_str(ev, a, "comment", &ok);
    if (!ok) return NULL;
    Value *tp = args_get(a, UINT32_MAX, "table_properties");
    if (tp && tp->kind == V_DICT)
        for (uint32_t i = 0; i < tp->u.dict.n; i++)
            ir_kv_add(ev->a, &ds->props, &ds->nprops, stringify(ev, tp->u.dict.keys[i]), stringify(ev, tp->u.dict.vals[i]));
    if (!str_list(ev, args_get(a, UINT32_MAX, "partition_cols"), &ds->partition_cols, &ds->npartition) ||
        !str_list(ev, args_get(a, UINT32_MAX, "cluster_by"), &ds->cluster_cols, &ds->ncluster) ||
        !declare_schema(ev, ds, args_get(a, UINT32_MAX, "schema")) ||
        !add_expectations(ev, ds, args_get(a, UINT32_MAX, "expect_all"), ACT_WARN, a->at) ||
        !add_expectations(ev, ds, args_get(a, UINT32_MAX, "expect_all_or_drop"), ACT_DROP, a->at) ||
        !add_expectations(ev, ds, args_get(a, UINT32_MAX, "expect_all_or_fail"), ACT_FAIL, a->at))
        return NULL;
    return ev->none;
}

static bool cdc_names(Eval *ev, Value *v, IrName **out, uint32_t *n) {
    const char **names = NULL;
    uint32_t m = 0;
    if (!str_list(ev, v, &names, &m)) return false;
    *out = arena_alloc(ev->a, (m + 1) * sizeof **out);
    for (uint32_t i = 0; i < m; i++) (*out)[i] = ir_name1(ev->a, names[i], v->at);
    *n = m;
    return true;
}

static IrExpr *cdc_expr(Eval *ev, Value *v) {
    if (!v || v->kind == V_NONE) return NULL;
    if (v->kind == V_STR) return sql_expr_from(ev, v);
    return to_col_expr(ev, v, true, v->at);
}

static Value *b_apply_changes(Eval *ev, Value *s, Args *a) {
    (void)s;
    const char *target, *source;
    bool ok = true;
    target = kw_str(ev, a, "target", &ok);
    source = kw_str(ev, a, "source", &ok);
    if (!ok) return NULL;
    if (!target || !source) return pv_fail(ev, a->at, "apply_changes() needs target= and source=");
    IrName tn, sn;
    if (!ir_name_parse(ev->a, target, a->at, &tn) || !ir_name_parse(ev->a, source, a->at, &sn))
        return pv_fail(ev, a->at, "invalid dataset name in apply_changes()");
    sn.live = true;
    const char *fname = kw_str(ev, a, "flow_name", &ok);
    if (!fname) fname = kw_str(ev, a, "name", &ok);
    Value *once = args_get(a, UINT32_MAX, "once");
    IrFlow *fl = ir_flow_new(ev->p, FLOW_CDC, fname ? fname : target, tn, a->at, LANG_PYTHON);
    fl->named = fname != NULL;
    fl->query = ir_scan(ev->a, sn, !(once && pv_truthy(once)), a->at);
    IrCdc *c = arena_alloc(ev->a, sizeof *c);
    fl->cdc = c;
    c->scd_type = 1;
    Value *v;
    if (!cdc_names(ev, args_get(a, UINT32_MAX, "keys"), &c->keys, &c->nkeys)) return NULL;
    c->keys_loc = a->at;
    if ((v = args_get(a, UINT32_MAX, "sequence_by"))) {
        if (v->kind == V_STR) c->sequence_by = ir_col(ev->a, NULL, v->u.str.s, v->at);
        else c->sequence_by = to_col_expr(ev, v, true, v->at);
        if (!c->sequence_by) return NULL;
    }
    c->where = cdc_expr(ev, args_get(a, UINT32_MAX, "where"));
    c->delete_when = cdc_expr(ev, args_get(a, UINT32_MAX, "apply_as_deletes"));
    c->truncate_when = cdc_expr(ev, args_get(a, UINT32_MAX, "apply_as_truncates"));
    if (ev->exc_type) return NULL;
    c->truncate_loc = a->at;
    v = args_get(a, UINT32_MAX, "ignore_null_updates");
    c->ignore_null_updates = v && pv_truthy(v);
    Value *cl = args_get(a, UINT32_MAX, "column_list"), *ex = args_get(a, UINT32_MAX, "except_column_list");
    if (cl && cl->kind != V_NONE && ex && ex->kind != V_NONE)
        return pv_fail(ev, a->at, "column_list and except_column_list cannot both be given");
    if ((cl && cl->kind != V_NONE) || (ex && ex->kind != V_NONE)) {
        c->has_columns = true;
        c->columns_except = !(cl && cl->kind != V_NONE);
        if (!cdc_names(ev, c->columns_except ? ex : cl, &c->columns, &c->ncolumns)) return NULL;
        c->columns_loc = a->at;
    }
    v = args_get(a, UINT32_MAX, "stored_as_scd_type");
    if (v && v->kind != V_NONE) {
        int t = v->kind == V_INT ? (int)v->u.i : v->kind == V_STR ? (int)strtol(v->u.str.s, NULL, 10) : 0;
        if (t != 1 && t != 2) return pv_fail(ev, v->at, "stored_as_scd_type must be 1 or 2");
        c->scd_type = t;
        c->scd_loc = v->at;
    }
    Value *th = args_get(a, UINT32_MAX, "track_history_column_list");
    Value *tx = args_get(a, UINT32_MAX, "track_history_except_column_list");
    if (th && th->kind != V_NONE && tx && tx->kind != V_NONE)
        return pv_fail(ev, a->at, "track_history_column_list and track_history_except_column_list cannot both be given");
    if ((th && th->kind != V_NONE) || (tx && tx->kind != V_NONE)) {
        c->has_track = true;
        c->track_except = !(th && th->kind != V_NONE);
        if (!cdc_names(ev, c->track_except ? tx : th, &c->track, &c->ntrack)) return NULL;
    }
    return ev->none;
}

static Value *b_unsupported(Eval *ev, Value *s, Args *a) {
    return pv_fail(ev, a->at, "%s() is not supported yet", s && s->kind == V_STR ? s->u.str.s : "this API");
}

Value *dlt_attr(Eval *ev, const char *name, SrcLoc at) {
    static const struct {
        const char *name;
        BuiltinFn   fn;
    } api[] = {
        {"table", b_table}, {"create_table", b_table}, {"materialized_view", b_mv},
        {"view", b_view}, {"create_view", b_view}, {"temporary_view", b_view},
        {"append_flow", b_flow}, {"expect", b_expect}, {"expect_or_drop", b_expect_drop},
        {"expect_or_fail", b_expect_fail}, {"expect_all", b_expect_all},
        {"expect_all_or_drop", b_expect_all_drop}, {"expect_all_or_fail", b_expect_all_fail},
        {"read", b_read}, {"read_stream", b_read_stream},
        {"create_streaming_table", b_create_st}, {"create_target_table", b_create_st},
        {"create_streaming_live_table", b_create_st}, {"apply_changes", b_apply_changes},
        {"create_auto_cdc_flow", b_apply_changes},
    };
    for (size_t i = 0; i < sizeof api / sizeof api[0]; i++)
        if (!strcmp(api[i].name, name)) {
            Value *b = pv_builtin(ev, arena_printf(ev->a, "dlt.%s", name), api[i].fn, NULL, at);
            b->u.bi.self = b;  // the decorator entry points read their own name
            return b;
        }
    if (!strcmp(name, "apply_changes_from_snapshot") || !strcmp(name, "create_auto_cdc_from_snapshot_flow") ||
        !strcmp(name, "create_sink"))
        return pv_builtin(ev, name, b_unsupported, pv_cstr(ev, arena_printf(ev->a, "dlt.%s", name), at), at);
    return NULL;
}

/* ---- phase 2 -------------------------------------------------------------------------------- */

void dlt_run_queries(Eval *ev) {
    for (uint32_t i = 0; i < ev->nregs; i++) {
        QueryReg *r = &ev->regs[i];
        ev->in_query++;
        ev->nreads = 0;
        ev->side_effect = NULL;
        ev->exc_type = NULL;
        Args a = {.at = r->fn->at};
        Value *v = pv_call(ev, r->fn, &a);
        ev->in_query--;
        const char *what = r->ds ? ir_name_str(ev->a, &r->ds->name) : r->flow->name;
        IrRel *q = NULL;
        if (!v) {
            if (!ev->exc_reported) {
                if (!strcmp(ev->exc_type, "ConfigNotFound")) diag_error(ev->d, ev->exc_at, "%s", ev->exc_msg);
                else diag_error(ev->d, ev->exc_at, "%s: %s (while computing the query of '%s')",
                                ev->exc_type, ev->exc_msg, what);
            }
            ev->exc_type = NULL;
            continue;
        }
        if (ev->side_effect) {
            diag_error(ev->d, ev->side_effect_at,
                       "query function of '%s' has a side effect: '%s' runs an action; a query "
                       "function must only build and return a DataFrame", what, ev->side_effect);
            continue;
        }
        if (v->kind == V_DF) q = v->u.df.rel;
        else if (v->kind == V_OPAQUE) {
            IrName *reads = arena_alloc(ev->a, (ev->nreads + 1) * sizeof *reads);
            if (ev->nreads) memcpy(reads, ev->reads, ev->nreads * sizeof *reads);
            q = ir_opaque(ev->a, v->u.op.reason, reads, ev->nreads, v->at);
        } else {
            diag_error(ev->d, v->at.file ? v->at : r->fn->at,
                       "query function of '%s' must return a DataFrame, not %s", what, pv_kind_name(v));
            continue;
        }
        if (r->ds) r->ds->query = q;
        else r->flow->query = q;
    }
}
