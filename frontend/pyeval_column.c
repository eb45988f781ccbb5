/* Columns: the Column API, pyspark.sql.functions (F), Window specifications and
 * pyspark.sql.types, lowered to unbound IR expressions (dlt-language.md 3.6). */
#include "pyeval_internal.h"

#include "funcs.h"
#include "str.h"

#include <stdio.h>
#include <string.h>

/* ---- conversions -------------------------------------------------------------------- */

IrExpr *to_lit_expr(Eval *ev, Value *v, SrcLoc at) {
    switch (v->kind) {
    case V_NONE: return ir_lit(ev->a, NULL, TYPE(TY_NULL), at);
    case V_BOOL: return ir_lit_bool(ev->a, v->u.b, at);
    case V_INT: return ir_lit_int(ev->a, v->u.i, at);
    case V_FLOAT: {
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", v->u.f);
        return ir_lit(ev->a, arena_strdup(ev->a, buf), TYPE(TY_DOUBLE), at);
    }
    case V_STR: return ir_lit_str(ev->a, v->u.str.s, at);
    default: return NULL;
    }
}

static IrExpr *name_ref(Eval *ev, const char *s, SrcLoc at) {
    if (!strcmp(s, "*")) return ir_star(ev->a, NULL, at);
    const char *dot = strchr(s, '.');
    if (dot && !strchr(dot + 1, '.') && s[0] != '`')
        return ir_col(ev->a, arena_strndup(ev->a, s, (size_t)(dot - s)), dot + 1, at);
    if (s[0] == '`' && strlen(s) >= 2 && s[strlen(s) - 1] == '`')
        return ir_col(ev->a, NULL, arena_strndup(ev->a, s + 1, strlen(s) - 2), at);
    return ir_col(ev->a, NULL, s, at);
}

/* A Python function passed to F.transform / F.filter / ...: called once with columns
 * standing for its parameters, its result becomes the body of an IR lambda. */
static IrExpr *lambda_expr(Eval *ev, Value *f, SrcLoc at) {
    static _Thread_local unsigned seq;  // parameter names unique across nested lambdas
    uint32_t n = f->u.fn.params ? f->u.fn.params->n : 0;
    if (n < 1 || n > 3) {
        pv_raise(ev, at, "TypeError", "a function passed as a column takes 1 to 3 parameters");
        return NULL;
    }
    const char **names = arena_alloc(ev->a, n * sizeof *names);
    Value **argv = arena_alloc(ev->a, n * sizeof *argv);
    SrcLoc *locs = arena_alloc(ev->a, n * sizeof *locs);
    for (uint32_t k = 0; k < n; k++) {
        names[k] = arena_printf(ev->a, "__lambda_%u", ++seq);
        argv[k] = pv_col(ev, ir_col(ev->a, NULL, names[k], at), at);
        locs[k] = at;
    }
    Args a = {.pos = argv, .npos = n, .at = at, .pos_at = locs};
    Value *r = pv_call(ev, f, &a);
    IrExpr *body = r ? to_col_expr(ev, r, false, at) : NULL;
    return body ? ir_lambda(ev->a, names, n, body, at) : NULL;
}

IrExpr *to_col_expr(Eval *ev, Value *v, bool str_is_name, SrcLoc at) {
    SrcLoc loc = v->at.file ? v->at : at;
    if (v->kind == V_COL) return v->u.col.e;
    if (v->kind == V_FUNC) return lambda_expr(ev, v, loc);
    if (v->kind == V_STR && str_is_name) return name_ref(ev, v->u.str.s, loc);
    IrExpr *e = to_lit_expr(ev, v, loc);
    if (e) return e;
    if (v->kind == V_OPAQUE) {
        pv_raise(ev, loc, "Opaque", "%s", v->u.op.reason);
        return NULL;
    }
    pv_raise(ev, loc, "TypeError", "expected a Column, got %s", pv_kind_name(v));
    return NULL;
}

static Value *wrap(Eval *ev, IrExpr *e, SrcLoc at) { return e ? pv_col(ev, e, at) : NULL; }

/* ---- operators ------------------------------------------------------------------------ */

static const char *op_fn(PyOp op) {
    switch (op) {
    case PY_OP_ADD: return "add";
    case PY_OP_SUB: return "sub";
    case PY_OP_MUL: return "mul";
    case PY_OP_DIV: return "div";
    case PY_OP_MOD: return "mod";
    case PY_OP_POW: return "pow";
    case PY_OP_EQ: return "eq";
    case PY_OP_NE: return "ne";
    case PY_OP_LT: return "lt";
    case PY_OP_LE: return "le";
    case PY_OP_GT: return "gt";
    case PY_OP_GE: return "ge";
    case PY_OP_BITAND: return "and";
    case PY_OP_BITOR: return "or";
    default: return NULL;
    }
}

Value *col_binop(Eval *ev, PyOp op, Value *l, Value *r, SrcLoc at) {
    const char *fn = op_fn(op);
    if (!fn) return pv_raise(ev, at, "TypeError", "operator %s is not supported on Columns", py_op_text(op));
    if (l->kind == V_OPAQUE) return l;
    if (r->kind == V_OPAQUE) return r;
    IrExpr *x = to_col_expr(ev, l, false, at), *y = x ? to_col_expr(ev, r, false, at) : NULL;
    return y ? pv_col(ev, ir_call2(ev->a, fn, x, y, at), at) : NULL;
}

Value *col_unary(Eval *ev, PyOp op, Value *x, SrcLoc at) {
    if (op == PY_OP_INVERT) return pv_col(ev, ir_call1(ev->a, "not", x->u.col.e, at), at);
    if (op == PY_OP_USUB) return pv_col(ev, ir_call1(ev->a, "neg", x->u.col.e, at), at);
    if (op == PY_OP_UADD) return x;
    return pv_raise(ev, at, "ValueError", "cannot convert a Column to bool: use '~' for 'not'");
}

/* ---- types ----------------------------------------------------------------------------- */

static Value *type_value(Eval *ev, Type t, SrcLoc at) {
    Value *v = pv_new(ev, V_TYPE, at);
    v->u.ty.t = t;
    return v;
}

static Type type_of_value(Eval *ev, Value *v, bool *ok) {
    *ok = true;
    if (v->kind == V_TYPE && !v->u.ty.is_field) return v->u.ty.t;
    if (v->kind == V_STR) {
        Type t;
        if (type_parse_primitive(v->u.str.s, &t)) return t;
    }
    *ok = false;
    pv_raise(ev, v->at, "TypeError", "expected a data type, got %s", pv_to_str(ev, v, true));
    return TYPE(TY_NULL);
}

static Value *t_simple(Eval *ev, Value *self, Args *a) {
    (void)a;
    return type_value(ev, TYPE((TypeId)self->u.i), a->at);
}

static Value *t_decimal(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value *p = args_get(a, 0, "precision"), *s = args_get(a, 1, "scale");
    int pp = p && p->kind == V_INT ? (int)p->u.i : 10, ss = s && s->kind == V_INT ? (int)s->u.i : 0;
    if (pp < 1 || pp > 38 || ss < 0 || ss > pp) return pv_raise(ev, a->at, "ValueError", "invalid DecimalType(%d, %d)", pp, ss);
    return type_value(ev, type_decimal(pp, ss), a->at);
}

static Value *t_nested(Eval *ev, Value *self, Args *a) {
    return type_value(ev, TYPE((TypeId)self->u.i), a->at);
}

static Value *t_field(Eval *ev, Value *self, Args *a) {
    (void)self;
    const char *name;
    Value *t = args_get(a, 1, "dataType");
    if (!args_str(ev, a, 0, "name", &name) || !t) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "StructField(name, type)");
    bool ok;
    Type ty = type_of_value(ev, t, &ok);
    if (!ok) return NULL;
    Value *f = type_value(ev, ty, a->at);
    f->u.ty.is_field = true;
    f->u.ty.n = 1;
    f->u.ty.names = arena_alloc(ev->a, sizeof *f->u.ty.names);
    f->u.ty.types = arena_alloc(ev->a, sizeof *f->u.ty.types);
    f->u.ty.names[0] = name;
    f->u.ty.types[0] = ty;
    return f;
}

static Value *t_struct(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value *fields = args_get(a, 0, "fields");
    Value **items = NULL;
    uint32_t n = 0;
    if (fields && !pv_iter(ev, fields, &items, &n)) return pv_raise(ev, a->at, "TypeError", "StructType() needs a list of StructField");
    Value *s = type_value(ev, TYPE(TY_STRUCT), a->at);
    s->u.ty.names = arena_alloc(ev->a, (n + 1) * sizeof *s->u.ty.names);
    s->u.ty.types = arena_alloc(ev->a, (n + 1) * sizeof *s->u.ty.types);
    for (uint32_t i = 0; i < n; i++) {
        if (items[i]->kind != V_TYPE || !items[i]->u.ty.is_field)
            return pv_raise(ev, items[i]->at, "TypeError", "StructType() needs StructField values");
        s->u.ty.names[i] = items[i]->u.ty.names[0];
        s->u.ty.types[i] = items[i]->u.ty.types[0];
    }
    s->u.ty.n = n;
    return s;
}

Value *types_attr(Eval *ev, const char *name, SrcLoc at) {
    static const struct {
        const char *name;
        TypeId      t;
    } simple[] = {
        {"StringType", TY_STRING}, {"IntegerType", TY_INT}, {"LongType", TY_BIGINT},
        {"ShortType", TY_SMALLINT}, {"ByteType", TY_TINYINT}, {"DoubleType", TY_DOUBLE},
        {"FloatType", TY_FLOAT}, {"BooleanType", TY_BOOLEAN}, {"DateType", TY_DATE},
        {"TimestampType", TY_TIMESTAMP}, {"TimestampNTZType", TY_TIMESTAMP},
        {"BinaryType", TY_BINARY}, {"NullType", TY_NULL},
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
        if (!strcmp(simple[i].name, name)) return pv_builtin(ev, simple[i].name, t_simple, pv_int(ev, simple[i].t, at), at);
    if (!strcmp(name, "DecimalType")) return pv_builtin(ev, name, t_decimal, NULL, at);
    if (!strcmp(name, "ArrayType")) return pv_builtin(ev, name, t_nested, pv_int(ev, TY_ARRAY, at), at);
    if (!strcmp(name, "MapType")) return pv_builtin(ev, name, t_nested, pv_int(ev, TY_MAP, at), at);
    if (!strcmp(name, "StructType")) return pv_builtin(ev, name, t_struct, NULL, at);
    if (!strcmp(name, "StructField")) return pv_builtin(ev, name, t_field, NULL, at);
    return NULL;
}

/* ---- Window ------------------------------------------------------------------------------ */

static Value *new_window(Eval *ev, Value *base, SrcLoc at) {
    Value *w = pv_new(ev, V_WINDOW, at);
    w->u.win.w = arena_alloc(ev->a, sizeof *w->u.win.w);
    if (base) *w->u.win.w = *base->u.win.w;
    return w;
}

static Value *flat_cols(Eval *ev, Args *a, Value ***items, uint32_t *n) {
    *items = a->pos, *n = a->npos;
    if (a->npos == 1 && (a->pos[0]->kind == V_LIST || a->pos[0]->kind == V_TUPLE)) pv_iter(ev, a->pos[0], items, n);
    return ev->none;
}

static Value *w_partition(Eval *ev, Value *self, Args *a) {
    Value *w = new_window(ev, self && self->kind == V_WINDOW ? self : NULL, a->at);
    Value **items;
    uint32_t n;
    flat_cols(ev, a, &items, &n);
    w->u.win.w->partition = arena_alloc(ev->a, (n + 1) * sizeof(IrExpr *));
    for (uint32_t i = 0; i < n; i++)
        if (!(w->u.win.w->partition[i] = to_col_expr(ev, items[i], true, a->at))) return NULL;
    w->u.win.w->npartition = n;
    return w;
}

static Value *w_order(Eval *ev, Value *self, Args *a) {
    Value *w = new_window(ev, self && self->kind == V_WINDOW ? self : NULL, a->at);
    Value **items;
    uint32_t n;
    flat_cols(ev, a, &items, &n);
    w->u.win.w->order = arena_alloc(ev->a, (n + 1) * sizeof(IrSortKey));
    for (uint32_t i = 0; i < n; i++) {
        IrExpr *e = to_col_expr(ev, items[i], true, a->at);
        if (!e) return NULL;
        IrSortKey k = {e, false, -1, a->at};
        if (items[i]->kind == V_COL && items[i]->u.col.is_sort)
            k.desc = items[i]->u.col.desc, k.nulls_first = items[i]->u.col.nulls_first;
        w->u.win.w->order[i] = k;
    }
    w->u.win.w->norder = n;
    return w;
}

static IrBoundKind bound_of(int64_t v, bool start, int64_t *off) {
    *off = 0;
    if (v <= -(INT64_C(1) << 62)) return IRBOUND_UNBOUNDED_PRECEDING;
    if (v >= (INT64_C(1) << 62)) return IRBOUND_UNBOUNDED_FOLLOWING;
    if (v == 0) return IRBOUND_CURRENT_ROW;
    (void)start;
    *off = v < 0 ? -v : v;
    return v < 0 ? IRBOUND_PRECEDING : IRBOUND_FOLLOWING;
}

static Value *w_between(Eval *ev, Value *self, Args *a, bool range) {
    Value *s = args_get(a, 0, "start"), *e = args_get(a, 1, "end");
    if (!s || !e || s->kind != V_INT || e->kind != V_INT) return pv_raise(ev, a->at, "TypeError", "rowsBetween(start, end) needs integers");
    Value *w = new_window(ev, self && self->kind == V_WINDOW ? self : NULL, a->at);
    w->u.win.w->has_frame = true;
    w->u.win.w->frame_range = range;
    w->u.win.w->start_kind = bound_of(s->u.i, true, &w->u.win.w->start_off);
    w->u.win.w->end_kind = bound_of(e->u.i, false, &w->u.win.w->end_off);
    return w;
}

static Value *w_rows(Eval *ev, Value *s, Args *a) { return w_between(ev, s, a, false); }
static Value *w_range(Eval *ev, Value *s, Args *a) { return w_between(ev, s, a, true); }

static Value *window_method(Eval *ev, Value *self, const char *name, SrcLoc at) {
    if (!strcmp(name, "partitionBy")) return pv_builtin(ev, name, w_partition, self, at);
    if (!strcmp(name, "orderBy")) return pv_builtin(ev, name, w_order, self, at);
    if (!strcmp(name, "rowsBetween")) return pv_builtin(ev, name, w_rows, self, at);
    if (!strcmp(name, "rangeBetween")) return pv_builtin(ev, name, w_range, self, at);
    return NULL;
}

Value *window_attr(Eval *ev, Value *w, const char *name, SrcLoc at) { return window_method(ev, w, name, at); }

Value *window_class_attr(Eval *ev, const char *name, SrcLoc at) {
    if (!strcmp(name, "unboundedPreceding")) return pv_int(ev, INT64_MIN, at);
    if (!strcmp(name, "unboundedFollowing")) return pv_int(ev, INT64_MAX, at);
    if (!strcmp(name, "currentRow")) return pv_int(ev, 0, at);
    return window_method(ev, NULL, name, at);
}

/* ---- Column methods ----------------------------------------------------------------------- */

static Value *c_alias(Eval *ev, Value *self, Args *a) {
    const char *name;
    if (!args_str(ev, a, 0, "alias", &name)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "alias() needs a name");
    return pv_col(ev, ir_alias(ev->a, self->u.col.e, name, a->at), a->at);
}

static Value *c_cast(Eval *ev, Value *self, Args *a) {
    Value *t = args_get(a, 0, "dataType");
    if (!t) return pv_raise(ev, a->at, "TypeError", "cast() needs a type");
    bool ok;
    Type ty = type_of_value(ev, t, &ok);
    if (!ok) return t->kind == V_STR ? pv_fail(ev, t->at, "unknown type '%s' in cast()", t->u.str.s) : NULL;
    return pv_col(ev, ir_cast(ev->a, self->u.col.e, ty, false, a->at), a->at);
}

static Value *c_call1(Eval *ev, Value *self, Args *a, const char *fn) {
    return pv_col(ev, ir_call1(ev->a, fn, self->u.col.e, a->at), a->at);
}

static Value *c_is_null(Eval *ev, Value *s, Args *a) { return c_call1(ev, s, a, "is_null"); }
static Value *c_is_not_null(Eval *ev, Value *s, Args *a) { return c_call1(ev, s, a, "is_not_null"); }

static Value *c_call2(Eval *ev, Value *self, Args *a, const char *fn, bool str_is_name) {
    Value *x = args_get(a, 0, "other");
    if (!x) return pv_raise(ev, a->at, "TypeError", "%s() needs an argument", fn);
    IrExpr *y = to_col_expr(ev, x, str_is_name, a->at);
    return y ? pv_col(ev, ir_call2(ev->a, fn, self->u.col.e, y, a->at), a->at) : NULL;
}

static Value *c_like(Eval *ev, Value *s, Args *a) { return c_call2(ev, s, a, "like", false); }
static Value *c_ilike(Eval *ev, Value *s, Args *a) { return c_call2(ev, s, a, "ilike", false); }
static Value *c_rlike(Eval *ev, Value *s, Args *a) { return c_call2(ev, s, a, "rlike", false); }
static Value *c_contains(Eval *ev, Value *s, Args *a) { return c_call2(ev, s, a, "contains", false); }
static Value *c_startswith(Eval *ev, Value *s, Args *a) { return c_call2(ev, s, a, "startswith", false); }
static Value *c_endswith(Eval *ev, Value *s, Args *a) { return c_call2(ev, s, a, "endswith", false); }
static Value *c_eq_null_safe(Eval *ev, Value *s, Args *a) { return c_call2(ev, s, a, "eq_null_safe", false); }

static Value *c_isin(Eval *ev, Value *self, Args *a) {
    Value **items;
    uint32_t n;
    flat_cols(ev, a, &items, &n);
    IrExpr *in = ir_call1(ev->a, "in", self->u.col.e, a->at);
    for (uint32_t i = 0; i < n; i++) {
        IrExpr *x = to_col_expr(ev, items[i], false, a->at);
        if (!x) return NULL;
        ir_expr_push_arg(ev->a, in, x);
    }
    return pv_col(ev, in, a->at);
}

static Value *c_between(Eval *ev, Value *self, Args *a) {
    Value *lo = args_get(a, 0, "lowerBound"), *hi = args_get(a, 1, "upperBound");
    if (!lo || !hi) return pv_raise(ev, a->at, "TypeError", "between() needs two bounds");
    IrExpr *x = to_col_expr(ev, lo, false, a->at), *y = x ? to_col_expr(ev, hi, false, a->at) : NULL;
    if (!y) return NULL;
    IrExpr *ge = ir_call2(ev->a, "ge", self->u.col.e, x, a->at), *le = ir_call2(ev->a, "le", self->u.col.e, y, a->at);
    return pv_col(ev, ir_call2(ev->a, "and", ge, le, a->at), a->at);
}

static Value *c_substr(Eval *ev, Value *self, Args *a) {
    Value *p = args_get(a, 0, "startPos"), *n = args_get(a, 1, "length");
    if (!p || !n) return pv_raise(ev, a->at, "TypeError", "substr() needs a start and a length");
    IrExpr *args[3] = {self->u.col.e, to_col_expr(ev, p, false, a->at), to_col_expr(ev, n, false, a->at)};
    if (!args[1] || !args[2]) return NULL;
    return pv_col(ev, ir_call(ev->a, "substring", args, 3, a->at), a->at);
}

static Value *sorted_col(Eval *ev, Value *self, SrcLoc at, bool desc, int nulls_first) {
    Value *v = pv_col(ev, self->u.col.e, at);
    v->u.col.is_sort = true;
    v->u.col.desc = desc;
    v->u.col.nulls_first = (int8_t)nulls_first;
    return v;
}

static Value *c_asc(Eval *ev, Value *s, Args *a) { return sorted_col(ev, s, a->at, false, -1); }
static Value *c_desc(Eval *ev, Value *s, Args *a) { return sorted_col(ev, s, a->at, true, -1); }
static Value *c_asc_nf(Eval *ev, Value *s, Args *a) { return sorted_col(ev, s, a->at, false, 1); }
static Value *c_asc_nl(Eval *ev, Value *s, Args *a) { return sorted_col(ev, s, a->at, false, 0); }
static Value *c_desc_nf(Eval *ev, Value *s, Args *a) { return sorted_col(ev, s, a->at, true, 1); }
static Value *c_desc_nl(Eval *ev, Value *s, Args *a) { return sorted_col(ev, s, a->at, true, 0); }

static Value *c_get_field(Eval *ev, Value *self, Args *a) {
    const char *name;
    if (!args_str(ev, a, 0, "name", &name)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "getField() needs a name");
    return pv_col(ev, ir_call2(ev->a, "field", self->u.col.e, ir_lit_str(ev->a, name, a->at), a->at), a->at);
}

static Value *c_get_item(Eval *ev, Value *self, Args *a) {
    Value *k = args_get(a, 0, "key");
    IrExpr *x = k ? to_lit_expr(ev, k, a->at) : NULL;
    if (!x) return pv_raise(ev, a->at, "TypeError", "getItem() needs a key");
    return pv_col(ev, ir_call2(ev->a, "subscript", self->u.col.e, x, a->at), a->at);
}

static Value *c_over(Eval *ev, Value *self, Args *a) {
    Value *w = args_get(a, 0, "window");
    IrExpr *e = arena_alloc(ev->a, sizeof *e);
    *e = *self->u.col.e;
    if (e->kind == EX_ALIAS) return pv_raise(ev, a->at, "TypeError", "over() must come before alias()");
    e->over = arena_alloc(ev->a, sizeof *e->over);
    if (w && w->kind == V_WINDOW) *e->over = *w->u.win.w;
    else if (w && w->kind != V_NONE) return pv_raise(ev, a->at, "TypeError", "over() needs a WindowSpec");
    return pv_col(ev, e, a->at);
}

/* F.when(c, v).when(c2, v2).otherwise(x): a CASE built up step by step. */
static Value *c_when(Eval *ev, Value *self, Args *a) {
    Value *c = args_get(a, 0, "condition"), *v = args_get(a, 1, "value");
    if (!self->u.col.open_when) return pv_raise(ev, a->at, "TypeError", "when() can only follow F.when()");
    if (!c || !v) return pv_raise(ev, a->at, "TypeError", "when() needs a condition and a value");
    IrExpr *x = to_col_expr(ev, c, false, a->at), *y = x ? to_col_expr(ev, v, false, a->at) : NULL;
    if (!y) return NULL;
    IrExpr *e = arena_alloc(ev->a, sizeof *e);
    *e = *self->u.col.e;
    e->args = arena_alloc(ev->a, (e->nargs + 2) * sizeof *e->args);
    if (e->nargs) memcpy(e->args, self->u.col.e->args, e->nargs * sizeof *e->args);
    e->args[e->nargs++] = x;
    e->args[e->nargs++] = y;
    Value *r = pv_col(ev, e, a->at);
    r->u.col.open_when = true;
    return r;
}

static Value *c_otherwise(Eval *ev, Value *self, Args *a) {
    Value *v = args_get(a, 0, "value");
    if (!self->u.col.open_when) return pv_raise(ev, a->at, "TypeError", "otherwise() can only follow when()");
    IrExpr *y = v ? to_col_expr(ev, v, false, a->at) : NULL;
    if (!y) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "otherwise() needs a value");
    IrExpr *e = arena_alloc(ev->a, sizeof *e);
    *e = *self->u.col.e;
    e->args = arena_alloc(ev->a, (e->nargs + 1) * sizeof *e->args);
    if (e->nargs) memcpy(e->args, self->u.col.e->args, e->nargs * sizeof *e->args);
    e->args[e->nargs++] = y;
    e->has_else = true;
    return pv_col(ev, e, a->at);
}

Value *col_attr(Eval *ev, Value *col, const char *name, SrcLoc at) {
    static const struct {
        const char *name;
        BuiltinFn   fn;
    } m[] = {
        {"alias", c_alias}, {"name", c_alias}, {"cast", c_cast}, {"astype", c_cast},
        {"isNull", c_is_null}, {"isNotNull", c_is_not_null}, {"isin", c_isin},
        {"between", c_between}, {"like", c_like}, {"ilike", c_ilike}, {"rlike", c_rlike},
        {"contains", c_contains}, {"startswith", c_startswith}, {"endswith", c_endswith},
        {"substr", c_substr}, {"asc", c_asc}, {"desc", c_desc}, {"asc_nulls_first", c_asc_nf},
        {"asc_nulls_last", c_asc_nl}, {"desc_nulls_first", c_desc_nf},
        {"desc_nulls_last", c_desc_nl}, {"getField", c_get_field}, {"getItem", c_get_item},
        {"over", c_over}, {"when", c_when}, {"otherwise", c_otherwise},
        {"eqNullSafe", c_eq_null_safe},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (!strcmp(m[i].name, name)) return pv_builtin(ev, m[i].name, m[i].fn, col, at);
    /* col.field: struct field access */
    return pv_col(ev, ir_call2(ev->a, "field", col->u.col.e, ir_lit_str(ev->a, name, at), at), at);
}

/* ---- pyspark.sql.functions ------------------------------------------------------------------ */

/* Arguments of F functions where a Python str is a literal, not a column name. */
static const struct {
    const char *name;
    unsigned    lit_mask;  // bit i: positional argument i
} literal_args[] = {
    {"concat_ws", 1u << 0}, {"date_format", 1u << 1}, {"to_date", 1u << 1},
    {"to_timestamp", 1u << 1}, {"regexp_replace", 3u << 1}, {"regexp_extract", 1u << 1},
    {"regexp_like", 1u << 1}, {"rlike", 1u << 1}, {"split", 1u << 1}, {"lpad", 1u << 2}, {"rpad", 1u << 2},
    {"format_string", 1u << 0}, {"date_trunc", 1u << 0}, {"trunc", 1u << 1},
    {"from_unixtime", 1u << 1}, {"unix_timestamp", 1u << 1}, {"to_unix_timestamp", 1u << 1},
    {"get_json_object", 1u << 1}, {"from_json", 1u << 1}, {"instr", 1u << 1},
    {"locate", 1u << 0}, {"translate", 3u << 1}, {"substring_index", 1u << 1},
    {"from_utc_timestamp", 1u << 1}, {"to_utc_timestamp", 1u << 1}, {"split_part", 3u << 1},
    {"like", 1u << 1}, {"ilike", 1u << 1}, {"sha2", 0}, {"date_add", 0}, {"repeat", 0},
    {"startswith", 1u << 1}, {"endswith", 1u << 1}, {"contains", 1u << 1},
    {"left", 0}, {"right", 0}, {"replace", 3u << 1}, {"timestampdiff", 1u << 0},
    {"datediff", 0}, {"make_date", 0}, {"round", 0}, {"bround", 0},
    {"array_contains", 1u << 1}, {"array_position", 1u << 1}, {"array_remove", 1u << 1},
    {"element_at", 1u << 1}, {"array_join", 3u << 1}, {"array_append", 1u << 1},
    {"array_prepend", 1u << 1}, {"map_contains_key", 1u << 1}, {"str_to_map", 3u << 1},
};

static unsigned lit_mask_of(const char *fn) {
    for (size_t i = 0; i < sizeof literal_args / sizeof literal_args[0]; i++)
        if (!strcmp(literal_args[i].name, fn)) return literal_args[i].lit_mask;
    return 0;
}

static const struct {
    const char *py, *sql;
    bool        distinct;
} renames[] = {
    {"countDistinct", "count", true}, {"count_distinct", "count", true},
    {"sumDistinct", "sum", true}, {"sum_distinct", "sum", true},
    {"approxCountDistinct", "approx_count_distinct", false}, {"mean", "avg", false},
    {"bitwiseNOT", "bitnot", false}, {"bitwise_not", "bitnot", false}, {"toDegrees", "degrees", false},
    {"toRadians", "radians", false}, {"stddev_samp", "stddev_samp", false},
};

static Value *f_generic(Eval *ev, Value *self, Args *a) {
    const char *py = self->u.str.s, *fn = py;
    bool distinct = false;
    for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++)
        if (!strcmp(renames[i].py, py)) fn = renames[i].sql, distinct = renames[i].distinct;
    unsigned mask = lit_mask_of(fn);
    for (uint32_t i = 0; i < a->npos; i++)
        if (a->pos[i]->kind == V_OPAQUE) return a->pos[i];
    IrExpr *call = ir_call(ev->a, fn, NULL, 0, a->at);
    call->distinct = distinct;
    if (!strcmp(fn, "count") && a->npos == 1 && pv_is_str(a->pos[0], "*")) {
        call->is_count_star = true;
        return pv_col(ev, call, a->at);
    }
    for (uint32_t i = 0; i < a->npos; i++) {
        IrExpr *x = to_col_expr(ev, a->pos[i], !(i < 32 && (mask >> i & 1)), a->pos_at ? a->pos_at[i] : a->at);
        if (!x) return NULL;
        ir_expr_push_arg(ev->a, call, x);
    }
    Value *ign = args_get(a, UINT32_MAX, "ignorenulls");
    if (ign && pv_truthy(ign)) call->ignore_nulls = true;
    for (uint32_t i = 0; i < a->nkw; i++) {  // other keywords are positional parameters by name
        if (!strcmp(a->kwn[i], "ignorenulls")) continue;
        IrExpr *x = to_col_expr(ev, a->kwv[i], false, a->at);
        if (!x) return NULL;
        ir_expr_push_arg(ev->a, call, x);
    }
    return pv_col(ev, call, a->at);
}

static Value *f_col(Eval *ev, Value *self, Args *a) {
    (void)self;
    const char *name;
    if (!args_str(ev, a, 0, "col", &name)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "col() needs a name");
    return pv_col(ev, name_ref(ev, name, a->pos_at ? a->pos_at[0] : a->at), a->at);
}

static Value *f_lit(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value *v = args_get(a, 0, "col");
    if (!v) return pv_raise(ev, a->at, "TypeError", "lit() needs a value");
    if (v->kind == V_COL) return v;
    IrExpr *e = to_lit_expr(ev, v, a->at);
    return e ? pv_col(ev, e, a->at) : pv_raise(ev, a->at, "TypeError", "lit() of %s is not supported", pv_kind_name(v));
}

static Value *f_expr(Eval *ev, Value *self, Args *a) {
    (void)self;
    return wrap(ev, sql_expr_from(ev, args_get(a, 0, "str")), a->at);
}

static Value *f_when(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value *c = args_get(a, 0, "condition"), *v = args_get(a, 1, "value");
    if (!c || !v) return pv_raise(ev, a->at, "TypeError", "when() needs a condition and a value");
    IrExpr *x = to_col_expr(ev, c, false, a->at), *y = x ? to_col_expr(ev, v, false, a->at) : NULL;
    if (!y) return NULL;
    IrExpr *wt[2] = {x, y};
    Value *r = pv_col(ev, ir_case(ev->a, NULL, wt, 2, NULL, a->at), a->at);
    r->u.col.open_when = true;
    return r;
}

static Value *f_sort(Eval *ev, Value *self, Args *a) {
    const char *name;
    if (!args_str(ev, a, 0, "col", &name)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "needs a column name");
    Value *c = pv_col(ev, name_ref(ev, name, a->at), a->at);
    c->u.col.is_sort = true;
    c->u.col.desc = self->u.i & 1;
    c->u.col.nulls_first = (int8_t)(self->u.i >> 1) - 1;
    return c;
}

static Value *f_broadcast(Eval *ev, Value *self, Args *a) {
    (void)self;
    return a->npos ? a->pos[0] : pv_raise(ev, a->at, "TypeError", "broadcast() needs a DataFrame");
}

static Value *f_udf_wrap(Eval *ev, Value *self, Args *a) {
    (void)self;
    const char *name = a->npos && a->pos[0]->kind == V_FUNC && a->pos[0]->u.fn.name ? a->pos[0]->u.fn.name : "<lambda>";
    return pv_opaque(ev, arena_printf(ev->a, "Python UDF '%s'", name), a->at);
}

static Value *f_udf(Eval *ev, Value *self, Args *a) {
    (void)self;
    if (a->npos && (a->pos[0]->kind == V_FUNC)) return f_udf_wrap(ev, NULL, a);
    return pv_builtin(ev, "udf", f_udf_wrap, NULL, a->at);  // @udf(returnType=...) form
}

static bool is_pyspark_only(const char *name) {
    static const char *const extra[] = {"col", "column", "lit", "expr", "when", "asc", "desc",
                                        "asc_nulls_first", "asc_nulls_last", "desc_nulls_first",
                                        "desc_nulls_last", "broadcast", "udf", "pandas_udf",
                                        "grouping", "grouping_id"};  // planner: grouping sets
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (!strcmp(extra[i], name)) return true;
    for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++)
        if (!strcmp(renames[i].py, name)) return true;
    return false;
}

Value *functions_attr(Eval *ev, const char *name, SrcLoc at) {
    if (!strcmp(name, "col") || !strcmp(name, "column")) return pv_builtin(ev, name, f_col, NULL, at);
    if (!strcmp(name, "lit")) return pv_builtin(ev, name, f_lit, NULL, at);
    if (!strcmp(name, "expr")) return pv_builtin(ev, name, f_expr, NULL, at);
    if (!strcmp(name, "when")) return pv_builtin(ev, name, f_when, NULL, at);
    if (!strcmp(name, "broadcast")) return pv_builtin(ev, name, f_broadcast, NULL, at);
    if (!strcmp(name, "udf") || !strcmp(name, "pandas_udf")) return pv_builtin(ev, name, f_udf, NULL, at);
    static const struct {
        const char *name;
        int         code;  // bit 0: desc; bits 1-2: nulls_first + 1
    } sorts[] = {{"asc", 0}, {"desc", 1}, {"asc_nulls_first", 4}, {"asc_nulls_last", 2},
                 {"desc_nulls_first", 5}, {"desc_nulls_last", 3}};
    for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
        if (!strcmp(sorts[i].name, name)) return pv_builtin(ev, name, f_sort, pv_int(ev, sorts[i].code, at), at);
    if (!func_lookup(name) && !is_pyspark_only(name)) return NULL;
    return pv_builtin(ev, name, f_generic, pv_cstr(ev, name, at), at);
}
