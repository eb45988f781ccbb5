/* DataFrame and GroupedData methods lowered to unbound IR relations
 * (dlt-language.md 3.6). Column order rules (withColumn in place, join USING first)
 * are carried by the IR node kinds and settled by the binder. */
#include "pyeval_internal.h"

#include "str.h"

#include <string.h>

static Value *df_of(Eval *ev, Value *self, IrRel *rel, SrcLoc at) {
    (void)self;
    return pv_df(ev, rel, at);
}

/* Select-list item: "*", "name", "t.name", a Column (with alias). */
static IrExpr *select_item(Eval *ev, Value *v, SrcLoc at) {
    if (v->kind == V_STR) {
        if (!strcmp(v->u.str.s, "*")) return ir_star(ev->a, NULL, v->at.file ? v->at : at);
        const char *dot = strrchr(v->u.str.s, '.');
        if (dot && dot[1] == '*')
            return ir_star(ev->a, arena_strndup(ev->a, v->u.str.s, (size_t)(dot - v->u.str.s)), at);
    }
    return to_col_expr(ev, v, true, at);
}

/* Flatten *cols where a single list argument is allowed: select(["a", "b"]). */
static void flat_args(Eval *ev, Args *a, Value ***items, uint32_t *n) {
    if (a->npos == 1 && (a->pos[0]->kind == V_LIST || a->pos[0]->kind == V_TUPLE)) {
        pv_iter(ev, a->pos[0], items, n);
        return;
    }
    *items = a->pos;
    *n = a->npos;
}

static Value *m_select(Eval *ev, Value *self, Args *a) {
    Value **items;
    uint32_t n;
    flat_args(ev, a, &items, &n);
    IrExpr **ex = arena_alloc(ev->a, (n + 1) * sizeof *ex);
    for (uint32_t i = 0; i < n; i++)
        if (!(ex[i] = select_item(ev, items[i], a->at))) return NULL;
    return df_of(ev, self, ir_project(ev->a, self->u.df.rel, ex, n, a->at), a->at);
}

static Value *m_select_expr(Eval *ev, Value *self, Args *a) {
    Value **items;
    uint32_t n;
    flat_args(ev, a, &items, &n);
    IrExpr **ex = arena_alloc(ev->a, (n + 1) * sizeof *ex);
    for (uint32_t i = 0; i < n; i++) {
        if (items[i]->kind == V_STR && !strcmp(items[i]->u.str.s, "*")) {
            ex[i] = ir_star(ev->a, NULL, items[i]->at);
            continue;
        }
        if (!(ex[i] = sql_expr_from(ev, items[i]))) return NULL;
    }
    return df_of(ev, self, ir_project(ev->a, self->u.df.rel, ex, n, a->at), a->at);
}

static Value *m_filter(Eval *ev, Value *self, Args *a) {
    Value *c = args_get(a, 0, "condition");
    if (!c) return pv_raise(ev, a->at, "TypeError", "filter() needs a condition");
    IrExpr *e = c->kind == V_STR ? sql_expr_from(ev, c) : to_col_expr(ev, c, false, a->at);
    return e ? df_of(ev, self, ir_filter(ev->a, self->u.df.rel, e, a->at), a->at) : NULL;
}

static Value *m_with_column(Eval *ev, Value *self, Args *a) {
    const char *name;
    Value *c = args_get(a, 1, "col");
    if (!args_str(ev, a, 0, "colName", &name) || !c) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "withColumn() needs a name and a Column");
    if (c->kind != V_COL) return pv_raise(ev, c->at, "TypeError", "withColumn() needs a Column, got %s (use F.lit() for literals)", pv_kind_name(c));
    IrExpr *e = to_col_expr(ev, c, false, a->at);
    return e ? df_of(ev, self, ir_with_column(ev->a, self->u.df.rel, name, e, a->at), a->at) : NULL;
}

static Value *m_with_columns(Eval *ev, Value *self, Args *a) {
    Value *m = args_get(a, 0, "colsMap");
    if (!m || m->kind != V_DICT) return pv_raise(ev, a->at, "TypeError", "withColumns() needs a dict");
    IrRel *r = self->u.df.rel;
    for (uint32_t i = 0; i < m->u.dict.n; i++) {
        if (m->u.dict.keys[i]->kind != V_STR) return pv_raise(ev, a->at, "TypeError", "column names must be strings");
        IrExpr *e = to_col_expr(ev, m->u.dict.vals[i], false, a->at);
        if (!e) return NULL;
        r = ir_with_column(ev->a, r, m->u.dict.keys[i]->u.str.s, e, a->at);
    }
    return df_of(ev, self, r, a->at);
}

static Value *m_rename(Eval *ev, Value *self, Args *a) {
    const char *o, *n;
    if (!args_str(ev, a, 0, "existing", &o) || !args_str(ev, a, 1, "new", &n)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "withColumnRenamed() needs two names");
    const char **on = arena_alloc(ev->a, 2 * sizeof *on);
    on[0] = o, on[1] = n;
    return df_of(ev, self, ir_rename(ev->a, self->u.df.rel, on, 2, a->at), a->at);
}

static Value *m_renames(Eval *ev, Value *self, Args *a) {
    Value *m = args_get(a, 0, "colsMap");
    if (!m || m->kind != V_DICT) return pv_raise(ev, a->at, "TypeError", "withColumnsRenamed() needs a dict");
    const char **on = arena_alloc(ev->a, (2 * m->u.dict.n + 1) * sizeof *on);
    for (uint32_t i = 0; i < m->u.dict.n; i++) {
        if (m->u.dict.keys[i]->kind != V_STR || m->u.dict.vals[i]->kind != V_STR)
            return pv_raise(ev, a->at, "TypeError", "names must be strings");
        on[2 * i] = m->u.dict.keys[i]->u.str.s, on[2 * i + 1] = m->u.dict.vals[i]->u.str.s;
    }
    return df_of(ev, self, ir_rename(ev->a, self->u.df.rel, on, 2 * m->u.dict.n, a->at), a->at);
}

static bool names_of(Eval *ev, Value **items, uint32_t n, const char ***out) {
    *out = arena_alloc(ev->a, (n + 1) * sizeof **out);
    for (uint32_t i = 0; i < n; i++) {
        if (items[i]->kind == V_STR) (*out)[i] = items[i]->u.str.s;
        else if (items[i]->kind == V_COL && items[i]->u.col.e->kind == EX_COL) (*out)[i] = items[i]->u.col.e->name;
        else {
            pv_raise(ev, items[i]->at, "TypeError", "expected a column name, got %s", pv_kind_name(items[i]));
            return false;
        }
    }
    return true;
}

static Value *m_drop(Eval *ev, Value *self, Args *a) {
    Value **items;
    uint32_t n;
    flat_args(ev, a, &items, &n);
    const char **names;
    if (!names_of(ev, items, n, &names)) return NULL;
    return df_of(ev, self, ir_drop(ev->a, self->u.df.rel, names, n, a->at), a->at);
}

static Value *m_group_by(Eval *ev, Value *self, Args *a) {
    Value **items;
    uint32_t n;
    flat_args(ev, a, &items, &n);
    Value *g = pv_new(ev, V_GROUPED, a->at);
    g->u.grp.rel = self->u.df.rel;
    g->u.grp.keys = arena_alloc(ev->a, (n + 1) * sizeof *g->u.grp.keys);
    for (uint32_t i = 0; i < n; i++)
        if (!(g->u.grp.keys[i] = to_col_expr(ev, items[i], true, a->at))) return NULL;
    g->u.grp.nkeys = n;
    return g;
}

/* df.rollup(...) / df.cube(...): grouped by one ROLLUP / CUBE item, as in SQL. */
static Value *grouped_by_sets(Eval *ev, Value *self, Args *a, const char *fn) {
    Value *g = m_group_by(ev, self, a);
    if (!g) return NULL;
    IrExpr *call = ir_call(ev->a, fn, g->u.grp.keys, g->u.grp.nkeys, a->at);
    g->u.grp.keys[0] = call;
    g->u.grp.nkeys = 1;
    return g;
}

static Value *m_rollup(Eval *ev, Value *self, Args *a) {
    return grouped_by_sets(ev, self, a, "rollup");
}

static Value *m_cube(Eval *ev, Value *self, Args *a) {
    return grouped_by_sets(ev, self, a, "cube");
}

static IrJoinKind join_kind(const char *how, bool *ok) {
    static const struct {
        const char *name;
        IrJoinKind  k;
    } kinds[] = {{"inner", IRJOIN_INNER}, {"left", IRJOIN_LEFT}, {"left_outer", IRJOIN_LEFT},
                 {"leftouter", IRJOIN_LEFT}, {"right", IRJOIN_RIGHT}, {"right_outer", IRJOIN_RIGHT},
                 {"rightouter", IRJOIN_RIGHT}, {"full", IRJOIN_FULL}, {"outer", IRJOIN_FULL},
                 {"full_outer", IRJOIN_FULL}, {"fullouter", IRJOIN_FULL}, {"left_semi", IRJOIN_SEMI},
                 {"semi", IRJOIN_SEMI}, {"leftsemi", IRJOIN_SEMI}, {"left_anti", IRJOIN_ANTI},
                 {"anti", IRJOIN_ANTI}, {"leftanti", IRJOIN_ANTI}, {"cross", IRJOIN_CROSS}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (str_ieq(kinds[i].name, how)) return *ok = true, kinds[i].k;
    *ok = false;
    return IRJOIN_INNER;
}

static Value *m_join(Eval *ev, Value *self, Args *a) {
    Value *other = args_get(a, 0, "other"), *on = args_get(a, 1, "on"), *how = args_get(a, 2, "how");
    if (!other || other->kind != V_DF) return other && other->kind == V_OPAQUE ? other : pv_raise(ev, a->at, "TypeError", "join() needs a DataFrame");
    IrJoinKind k = IRJOIN_INNER;
    if (how && how->kind == V_STR) {
        bool ok;
        k = join_kind(how->u.str.s, &ok);
        if (!ok) return pv_fail(ev, how->at, "unsupported join type '%s'", how->u.str.s);
    }
    IrRel *j;
    if (!on || on->kind == V_NONE) j = ir_join(ev->a, self->u.df.rel, other->u.df.rel, k == IRJOIN_INNER ? IRJOIN_CROSS : k, NULL, a->at);
    else if (on->kind == V_COL) {
        IrExpr *c = to_col_expr(ev, on, false, a->at);
        if (!c) return NULL;
        j = ir_join(ev->a, self->u.df.rel, other->u.df.rel, k, c, a->at);
    } else {
        Value **items = &on;
        uint32_t n = 1;
        if (on->kind != V_STR && !pv_iter(ev, on, &items, &n)) return pv_raise(ev, a->at, "TypeError", "join on= must be a name, a list of names or a Column");
        if (n && items[0]->kind == V_COL) {  // a list of Column conditions: AND them
            IrExpr *c = NULL;
            for (uint32_t i = 0; i < n; i++) {
                IrExpr *x = to_col_expr(ev, items[i], false, a->at);
                if (!x) return NULL;
                c = c ? ir_call2(ev->a, "and", c, x, a->at) : x;
            }
            j = ir_join(ev->a, self->u.df.rel, other->u.df.rel, k, c, a->at);
        } else {
            const char **names;
            if (!names_of(ev, items, n, &names)) return NULL;
            j = ir_join(ev->a, self->u.df.rel, other->u.df.rel, k, NULL, a->at);
            j->names = names;
            j->nnames = n;
        }
    }
    return df_of(ev, self, j, a->at);
}

static Value *m_cross_join(Eval *ev, Value *self, Args *a) {
    Value *other = args_get(a, 0, "other");
    if (!other || other->kind != V_DF) return pv_raise(ev, a->at, "TypeError", "crossJoin() needs a DataFrame");
    return df_of(ev, self, ir_join(ev->a, self->u.df.rel, other->u.df.rel, IRJOIN_CROSS, NULL, a->at), a->at);
}

static bool sort_key(Eval *ev, Value *v, bool asc_default, IrSortKey *out, SrcLoc at) {
    IrExpr *e = to_col_expr(ev, v, true, at);
    if (!e) return false;
    *out = (IrSortKey){e, !asc_default, -1, at};
    if (v->kind == V_COL && v->u.col.is_sort) out->desc = v->u.col.desc, out->nulls_first = v->u.col.nulls_first;
    return true;
}

static Value *m_order_by(Eval *ev, Value *self, Args *a) {
    Value **items;
    uint32_t n;
    flat_args(ev, a, &items, &n);
    Value *asc = args_get(a, UINT32_MAX, "ascending");
    IrSortKey *keys = arena_alloc(ev->a, (n + 1) * sizeof *keys);
    for (uint32_t i = 0; i < n; i++) {
        bool up = true;
        if (asc && (asc->kind == V_LIST || asc->kind == V_TUPLE)) up = i < asc->u.seq.n ? pv_truthy(asc->u.seq.items[i]) : true;
        else if (asc) up = pv_truthy(asc);
        if (!sort_key(ev, items[i], up, &keys[i], a->at)) return NULL;
    }
    return df_of(ev, self, ir_sort(ev->a, self->u.df.rel, keys, n, a->at), a->at);
}

static Value *m_limit(Eval *ev, Value *self, Args *a) {
    Value *n = args_get(a, 0, "num");
    if (!n || n->kind != V_INT) return pv_raise(ev, a->at, "TypeError", "limit() needs an int");
    return df_of(ev, self, ir_limit(ev->a, self->u.df.rel, n->u.i, 0, a->at), a->at);
}

static Value *m_distinct(Eval *ev, Value *self, Args *a) {
    return df_of(ev, self, ir_distinct(ev->a, self->u.df.rel, a->at), a->at);
}

static Value *m_drop_duplicates(Eval *ev, Value *self, Args *a) {
    Value *sub = args_get(a, 0, "subset");
    const char **names = NULL;
    uint32_t n = 0;
    if (sub && sub->kind != V_NONE) {
        Value **items;
        if (!pv_iter(ev, sub, &items, &n)) return pv_raise(ev, a->at, "TypeError", "subset must be a list of names");
        if (!names_of(ev, items, n, &names)) return NULL;
    }
    return df_of(ev, self, ir_dedup(ev->a, self->u.df.rel, names, n, a->at), a->at);
}

static Value *setop(Eval *ev, Value *self, Args *a, IrSetOpKind k, bool all, bool by_name) {
    Value *o = args_get(a, 0, "other");
    if (!o || o->kind != V_DF) return o && o->kind == V_OPAQUE ? o : pv_raise(ev, a->at, "TypeError", "needs a DataFrame");
    IrRel *r = ir_setop(ev->a, k, all, self->u.df.rel, o->u.df.rel, a->at);
    r->by_name = by_name;
    Value *am = args_get(a, 1, "allowMissingColumns");
    r->allow_missing = am && pv_truthy(am);
    return df_of(ev, self, r, a->at);
}

static Value *m_union(Eval *ev, Value *s, Args *a) { return setop(ev, s, a, SETOP_UNION, true, false); }
static Value *m_union_by_name(Eval *ev, Value *s, Args *a) { return setop(ev, s, a, SETOP_UNION, true, true); }
static Value *m_intersect(Eval *ev, Value *s, Args *a) { return setop(ev, s, a, SETOP_INTERSECT, false, false); }
static Value *m_intersect_all(Eval *ev, Value *s, Args *a) { return setop(ev, s, a, SETOP_INTERSECT, true, false); }
static Value *m_subtract(Eval *ev, Value *s, Args *a) { return setop(ev, s, a, SETOP_EXCEPT, false, false); }
static Value *m_except_all(Eval *ev, Value *s, Args *a) { return setop(ev, s, a, SETOP_EXCEPT, true, false); }

static Value *m_alias(Eval *ev, Value *self, Args *a) {
    const char *name;
    if (!args_str(ev, a, 0, "alias", &name)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "alias() needs a name");
    Value *v = df_of(ev, self, ir_alias_rel(ev->a, self->u.df.rel, name, NULL, 0, a->at), a->at);
    v->u.df.alias = name;
    return v;
}

static Value *m_to_df(Eval *ev, Value *self, Args *a) {
    Value **items;
    uint32_t n;
    flat_args(ev, a, &items, &n);
    const char **names;
    if (!names_of(ev, items, n, &names)) return NULL;
    return df_of(ev, self, ir_alias_rel(ev->a, self->u.df.rel, NULL, names, n, a->at), a->at);
}

static Value *m_watermark(Eval *ev, Value *self, Args *a) {
    const char *col, *delay;
    if (!args_str(ev, a, 0, "eventTime", &col) || !args_str(ev, a, 1, "delayThreshold", &delay))
        return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "withWatermark() needs a column and a delay");
    return df_of(ev, self, ir_watermark(ev->a, self->u.df.rel, col, delay, a->at), a->at);
}

static Value *m_noop(Eval *ev, Value *self, Args *a) {
    (void)ev, (void)a;
    return self;
}

static Value *m_action(Eval *ev, Value *self, Args *a) {
    (void)self;
    return pv_opaque(ev, "a DataFrame action", a->at);  // df_call records the side effect
}

static Value *m_opaque(Eval *ev, Value *self, Args *a) {
    (void)self;
    return pv_opaque(ev, "a DataFrame method Sluice does not compile", a->at);
}

static const struct {
    const char *name;
    BuiltinFn   fn;
} df_methods[] = {
    {"select", m_select}, {"selectExpr", m_select_expr}, {"filter", m_filter}, {"where", m_filter},
    {"withColumn", m_with_column}, {"withColumns", m_with_columns},
    {"withColumnRenamed", m_rename}, {"withColumnsRenamed", m_renames}, {"drop", m_drop},
    {"groupBy", m_group_by}, {"groupby", m_group_by}, {"rollup", m_rollup}, {"cube", m_cube}, {"join", m_join}, {"crossJoin", m_cross_join},
    {"orderBy", m_order_by}, {"sort", m_order_by}, {"limit", m_limit}, {"distinct", m_distinct},
    {"dropDuplicates", m_drop_duplicates}, {"drop_duplicates", m_drop_duplicates},
    {"union", m_union}, {"unionAll", m_union}, {"unionByName", m_union_by_name},
    {"intersect", m_intersect}, {"intersectAll", m_intersect_all}, {"subtract", m_subtract},
    {"exceptAll", m_except_all}, {"alias", m_alias}, {"toDF", m_to_df},
    {"withWatermark", m_watermark}, {"repartition", m_noop}, {"coalesce", m_noop},
    {"cache", m_noop}, {"persist", m_noop}, {"hint", m_noop}, {"repartitionByRange", m_noop},
    {"sortWithinPartitions", m_noop},
    {"collect", m_action}, {"count", m_action}, {"toPandas", m_action}, {"show", m_action},
    {"first", m_action}, {"head", m_action}, {"take", m_action}, {"foreach", m_action},
    {"foreachPartition", m_action}, {"save", m_action}, {"saveAsTable", m_action},
    {"insertInto", m_action}, {"display", m_action}, {"createOrReplaceTempView", m_action},
    {"fillna", m_opaque}, {"dropna", m_opaque}, {"replace", m_opaque}, {"pivot", m_opaque},
    {"rdd", m_opaque}, {"mapInPandas", m_opaque}, {"transform", m_opaque}, {"sample", m_opaque},
};

/* A method called with something the compiler cannot follow (a UDF call, a pandas
 * value) gives an opaque DataFrame carrying that reason and location. */
static Value *opaque_arg(Args *a) {
    for (uint32_t i = 0; i < a->npos; i++)
        if (a->pos[i]->kind == V_OPAQUE) return a->pos[i];
    for (uint32_t i = 0; i < a->nkw; i++)
        if (a->kwv[i]->kind == V_OPAQUE) return a->kwv[i];
    return NULL;
}

/* self is the real method bound to its DataFrame (a builtin value). */
static Value *df_call(Eval *ev, Value *self, Args *a) {
    Value *op = opaque_arg(a);
    if (op) return op;
    if (self->u.bi.fn == m_action && ev->in_query && !ev->side_effect) {
        ev->side_effect = arena_printf(ev->a, "%s()", self->u.bi.name);
        ev->side_effect_at = a->at;
    }
    return self->u.bi.fn(ev, self->u.bi.self, a);
}

Value *df_attr(Eval *ev, Value *df, const char *name, SrcLoc at) {
    for (size_t i = 0; i < sizeof df_methods / sizeof df_methods[0]; i++)
        if (!strcmp(df_methods[i].name, name)) {
            Value *inner = pv_builtin(ev, df_methods[i].name, df_methods[i].fn, df, at);
            return pv_builtin(ev, df_methods[i].name, df_call, inner, at);
        }
    if (!strcmp(name, "write") || !strcmp(name, "writeStream")) {
        if (ev->in_query && !ev->side_effect) ev->side_effect = name, ev->side_effect_at = at;
        return pv_opaque(ev, name, at);
    }
    if (!strcmp(name, "na")) return pv_opaque(ev, "DataFrame.na", at);
    if (!strcmp(name, "columns") || !strcmp(name, "schema") || !strcmp(name, "dtypes"))
        return pv_opaque(ev, arena_printf(ev->a, "DataFrame.%s (the schema is known only after planning)", name), at);
    if (!strcmp(name, "isStreaming")) return pv_opaque(ev, "DataFrame.isStreaming", at);
    /* df.colname / df["colname"]: a column qualified by this DataFrame. Name the
     * DataFrame so the binder can tell which side of a join the column belongs to. */
    if (!df->u.df.alias) {
        df->u.df.alias = arena_printf(ev->a, "__df%u", ++ev->ndf_aliases);
        df->u.df.rel = ir_alias_rel(ev->a, df->u.df.rel, df->u.df.alias, NULL, 0, at);
    }
    return pv_col(ev, ir_col(ev->a, df->u.df.alias, name, at), at);
}

/* ---- GroupedData ------------------------------------------------------------------------ */

static Value *agg_of(Eval *ev, Value *g, IrExpr **aggs, uint32_t n, SrcLoc at) {
    uint32_t nk = g->u.grp.nkeys, no = 0, cap = n + 1;
    for (uint32_t i = 0; i < nk; i++) cap += g->u.grp.keys[i]->nargs + 1;
    IrExpr **outs = arena_alloc(ev->a, cap * sizeof *outs);
    for (uint32_t i = 0; i < nk; i++) { // a rollup/cube key outputs its columns
        IrExpr *k = g->u.grp.keys[i];
        bool sets = k->kind == EX_CALL && (!strcmp(k->name, "rollup") || !strcmp(k->name, "cube"));
        if (sets)
            for (uint32_t j = 0; j < k->nargs; j++) outs[no++] = k->args[j];
        else
            outs[no++] = k;
    }
    if (n) memcpy(outs + no, aggs, n * sizeof *outs);
    return pv_df(ev, ir_aggregate(ev->a, g->u.grp.rel, g->u.grp.keys, nk, outs, no + n, at), at);
}

static Value *g_agg(Eval *ev, Value *self, Args *a) {
    if (a->npos == 1 && a->pos[0]->kind == V_DICT) {  // {"col": "sum"}
        Value *d = a->pos[0];
        IrExpr **aggs = arena_alloc(ev->a, (d->u.dict.n + 1) * sizeof *aggs);
        for (uint32_t i = 0; i < d->u.dict.n; i++) {
            Value *k = d->u.dict.keys[i], *v = d->u.dict.vals[i];
            if (k->kind != V_STR || v->kind != V_STR) return pv_raise(ev, a->at, "TypeError", "agg() dict needs {column: function}");
            const char *fn = str_ieq(v->u.str.s, "mean") ? "avg" : v->u.str.s;
            IrExpr *arg = !strcmp(k->u.str.s, "*") ? NULL : ir_col(ev->a, NULL, k->u.str.s, k->at);
            IrExpr *call = arg ? ir_call1(ev->a, fn, arg, a->at) : ir_call(ev->a, fn, NULL, 0, a->at);
            if (!arg) call->is_count_star = true;
            aggs[i] = ir_alias(ev->a, call, arena_printf(ev->a, "%s(%s)", fn, !strcmp(k->u.str.s, "*") ? "1" : k->u.str.s), a->at);
        }
        return agg_of(ev, self, aggs, d->u.dict.n, a->at);
    }
    IrExpr **aggs = arena_alloc(ev->a, (a->npos + 1) * sizeof *aggs);
    for (uint32_t i = 0; i < a->npos; i++)
        if (!(aggs[i] = to_col_expr(ev, a->pos[i], false, a->at))) return NULL;
    return agg_of(ev, self, aggs, a->npos, a->at);
}

static Value *g_simple(Eval *ev, Value *self, Args *a, const char *fn) {
    if (!strcmp(fn, "count")) {
        IrExpr *c = ir_call(ev->a, "count", NULL, 0, a->at);
        c->is_count_star = true;
        IrExpr *al = ir_alias(ev->a, c, "count", a->at);
        return agg_of(ev, self, &al, 1, a->at);
    }
    IrExpr **aggs = arena_alloc(ev->a, (a->npos + 1) * sizeof *aggs);
    for (uint32_t i = 0; i < a->npos; i++) {
        if (a->pos[i]->kind != V_STR) return pv_raise(ev, a->at, "TypeError", "%s() takes column names", fn);
        aggs[i] = ir_call1(ev->a, fn, ir_col(ev->a, NULL, a->pos[i]->u.str.s, a->pos[i]->at), a->at);
    }
    return agg_of(ev, self, aggs, a->npos, a->at);
}

static Value *g_count(Eval *ev, Value *s, Args *a) { return g_simple(ev, s, a, "count"); }
static Value *g_sum(Eval *ev, Value *s, Args *a) { return g_simple(ev, s, a, "sum"); }
static Value *g_avg(Eval *ev, Value *s, Args *a) { return g_simple(ev, s, a, "avg"); }
static Value *g_min(Eval *ev, Value *s, Args *a) { return g_simple(ev, s, a, "min"); }
static Value *g_max(Eval *ev, Value *s, Args *a) { return g_simple(ev, s, a, "max"); }

Value *grouped_attr(Eval *ev, Value *g, const char *name, SrcLoc at) {
    static const struct {
        const char *name;
        BuiltinFn   fn;
    } m[] = {{"agg", g_agg}, {"count", g_count}, {"sum", g_sum}, {"avg", g_avg}, {"mean", g_avg},
             {"min", g_min}, {"max", g_max}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (!strcmp(m[i].name, name)) return pv_builtin(ev, m[i].name, m[i].fn, g, at);
    if (!strcmp(name, "pivot")) return pv_fail(ev, at, "pivot() is not supported in pipelines");
    return NULL;
}
