/* SQL lowering: the SQL AST (sql_ast.h) of a pipeline file becomes IR datasets and
 * flows (dlt-language.md 2.2-2.7): CREATE forms, column lists, expectations, table
 * clauses, APPLY CHANGES / AUTO CDC, CREATE FLOW, SET and USE; queries become unbound
 * relational trees. Operators become the plan's function names ("add", "eq", ...). */
#include "interval.h"
#include "ir.h"
#include "sql_ast.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Cte {
    const char *name;
    IrRel      *rel;
    struct Cte *next;
} Cte;

typedef struct {
    IrPipeline      *p;
    Arena           *a;
    const SourceSet *src;
    Diags           *d;
    IrSqlFileState  *st;
    Cte             *ctes;
    const SqlWindowDefList *windows;
} Lower;

static IrExpr *lower_expr(Lower *L, const SqlExpr *e);
static IrRel  *lower_query(Lower *L, const SqlQuery *q);

static const char *src_text(Lower *L, SrcLoc at) {
    const SourceBuf *b = src_buf(L->src, at.file);
    if (!b || at.off > b->len || at.len > b->len - at.off) return NULL;
    return arena_strndup(L->a, b->text + at.off, at.len);
}

static IrName lower_name(Lower *L, const SqlName *n, bool live, bool qualify) {
    const char *parts[3];
    int k = 0;
    uint32_t from = n->n > 3 ? n->n - 3 : 0;
    /* USE CATALOG/SCHEMA qualify later unqualified names, LIVE.x included: datasets
     * defined after the USE live there too. */
    if (qualify && n->n == 1 && L->st && L->st->schema) {
        if (L->st->catalog) parts[k++] = L->st->catalog;
        parts[k++] = L->st->schema;
    } else if (qualify && n->n == 1 && L->st && L->st->catalog) {
        parts[k++] = L->st->catalog;
        parts[k++] = "default";
    }
    for (uint32_t i = from; i < n->n && k < 3; i++) parts[k++] = n->items[i].name;
    if (k == 0) parts[k++] = "";
    return ir_name(L->a, parts, k, live, n->loc);
}

static int64_t int_lit(Lower *L, const SqlExpr *x, const char *what);

/* ---------------------------------------------------------------- expressions */

static const char *binop_fn(SqlBinaryOp op) {
    static const char *names[] = {"or", "and", "eq", "ne", "lt", "le", "gt", "ge", "eq_null_safe",
                                  "add", "sub", "mul", "div", "intdiv", "mod", "concat", "bitand",
                                  "bitor", "bitxor"};
    return (unsigned)op < sizeof names / sizeof *names ? names[op] : "?";
}

static Type decimal_of(const char *t) {
    int digits = 0, scale = 0;
    bool frac = false, lead = true;
    for (const char *p = t; *p; p++) {
        if (*p == '.') {
            frac = true;
            continue;
        }
        if (!isdigit((unsigned char)*p)) continue;
        if (*p == '0' && lead && !frac) continue;
        lead = false;
        digits++;
        if (frac) scale++;
    }
    if (digits < scale) digits = scale;
    if (digits == 0) digits = 1;
    if (digits > 38) digits = 38;
    return type_decimal(digits, scale);
}

static IrExpr *lower_lit(Lower *L, const SqlExpr *e) {
    const char *t = e->lit.text;
    switch (e->lit.kind) {
    case SQL_LIT_NULL: return ir_lit(L->a, NULL, TYPE(TY_NULL), e->loc);
    case SQL_LIT_BOOL: return ir_lit(L->a, t, TYPE(TY_BOOLEAN), e->loc);
    case SQL_LIT_INT: {
        char *end;
        long long v = strtoll(t ? t : "0", &end, 10);
        size_t len = t ? strlen(t) : 0;
        if (len > 18 || (len == 19 && t[0] == '9')) return ir_lit(L->a, t, decimal_of(t), e->loc);
        return ir_lit(L->a, t, TYPE(v >= INT32_MIN && v <= INT32_MAX ? TY_INT : TY_BIGINT), e->loc);
    }
    case SQL_LIT_BIGINT: return ir_lit(L->a, t, TYPE(TY_BIGINT), e->loc);
    case SQL_LIT_SMALLINT: return ir_lit(L->a, t, TYPE(TY_SMALLINT), e->loc);
    case SQL_LIT_TINYINT: return ir_lit(L->a, t, TYPE(TY_TINYINT), e->loc);
    case SQL_LIT_DECIMAL: return ir_lit(L->a, t, decimal_of(t ? t : "0"), e->loc);
    case SQL_LIT_DOUBLE: return ir_lit(L->a, t, TYPE(TY_DOUBLE), e->loc);
    case SQL_LIT_FLOAT: return ir_lit(L->a, t, TYPE(TY_FLOAT), e->loc);
    case SQL_LIT_STRING: return ir_lit(L->a, t ? t : "", TYPE(TY_STRING), e->loc);
    case SQL_LIT_BINARY: return ir_lit(L->a, t, TYPE(TY_BINARY), e->loc);
    case SQL_LIT_DATE: return ir_lit(L->a, t, TYPE(TY_DATE), e->loc);
    default: return ir_lit(L->a, t, TYPE(TY_TIMESTAMP), e->loc);
    }
}

static void lower_sort(Lower *L, const SqlSortList *l, IrSortKey **out, uint32_t *n) {
    *n = l->n;
    *out = l->n ? arena_alloc(L->a, l->n * sizeof **out) : NULL;
    for (uint32_t i = 0; i < l->n; i++) {
        const SqlSort *s = l->items[i];
        (*out)[i] = (IrSortKey){lower_expr(L, s->expr), s->dir == SQL_SORT_DESC,
                                s->nulls == SQL_NULLS_ORDER_DEFAULT ? -1
                                : s->nulls == SQL_NULLS_FIRST       ? 1
                                                                    : 0,
                                s->loc};
    }
}

static IrExpr *lower_interval(Lower *L, const SqlExpr *e);

/* A frame offset: an integer literal, or (RANGE over a date/timestamp) a day-time
 * INTERVAL, whose microseconds the planner converts to the ORDER BY key's unit. */
static int64_t bound_off(Lower *L, const SqlExpr *v, bool *is_interval) {
    *is_interval = false;
    if (v && v->kind == SQL_E_LITERAL && v->lit.text) return strtoll(v->lit.text, NULL, 10);
    if (v && v->kind == SQL_E_INTERVAL) {
        IrExpr *x = lower_interval(L, v);
        if (x->imonths)
            diag_error(L->d, v->loc, "a window frame offset cannot be in months or years: "
                                     "use days or smaller units");
        *is_interval = true;
        return x->ival;
    }
    if (v) diag_error(L->d, v->loc, "window frame offsets must be integer or interval literals");
    return 0;
}

static IrWindow *lower_window(Lower *L, const SqlWindow *w) {
    if (w->ref) {
        for (uint32_t i = 0; L->windows && i < L->windows->n; i++)
            if (str_ieq(L->windows->items[i]->name.name, w->ref->name))
                return lower_window(L, L->windows->items[i]->spec);
        diag_error(L->d, w->ref->loc, "unknown window '%s'", w->ref->name);
        return arena_alloc(L->a, sizeof(IrWindow));
    }
    IrWindow *o = arena_alloc(L->a, sizeof *o);
    o->npartition = w->partition.n;
    o->partition = arena_alloc(L->a, (w->partition.n + 1) * sizeof *o->partition);
    for (uint32_t i = 0; i < w->partition.n; i++) o->partition[i] = lower_expr(L, w->partition.items[i]);
    lower_sort(L, &w->order, &o->order, &o->norder);
    if (w->frame) {
        o->has_frame = true;
        o->frame_range = w->frame->is_range;
        o->start_kind = (IrBoundKind)w->frame->start.kind;
        o->end_kind = (IrBoundKind)w->frame->end.kind;
        o->start_off = bound_off(L, w->frame->start.value, &o->start_interval);
        o->end_off = bound_off(L, w->frame->end.value, &o->end_interval);
        if (w->frame->start.value) o->start_loc = w->frame->start.value->loc;
        if (w->frame->end.value) o->end_loc = w->frame->end.value->loc;
    }
    return o;
}

static IrExpr *lower_call(Lower *L, const SqlExpr *e) {
    const SqlName *n = &e->call.name;
    const char *fn = n->n ? n->items[n->n - 1].name : "?";
    IrExpr **args = arena_alloc(L->a, (e->call.args.n + 1) * sizeof *args);
    for (uint32_t i = 0; i < e->call.args.n; i++) {
        const SqlExpr *x = e->call.args.items[i];
        if (x->kind == SQL_E_NAMED_ARG) {
            diag_error(L->d, x->loc, "named argument '%s' is only allowed in read_files(...)",
                       x->named.name.name);
            args[i] = lower_expr(L, x->named.value);
        } else {
            args[i] = lower_expr(L, x);
        }
    }
    IrExpr *c = ir_call(L->a, fn, args, e->call.args.n, e->loc);
    c->distinct = e->call.distinct;
    c->is_count_star = e->call.star;
    c->ignore_nulls = e->call.nulls == SQL_NULLS_IGNORE;
    if (e->call.filter) c->filter = lower_expr(L, e->call.filter);
    if (e->call.over) c->over = lower_window(L, e->call.over);
    return c;
}

static IrExpr *negate(Lower *L, IrExpr *x, bool neg, SrcLoc loc) {
    return neg ? ir_call1(L->a, "not", x, loc) : x;
}

static IrExpr *lower_interval(Lower *L, const SqlExpr *e) {
    StrBuf b = {0};
    for (uint32_t i = 0; i < e->interval.n; i++) {
        const SqlIntervalPart *p = &e->interval.parts[i];
        if (i) sb_putc(&b, ' ');
        sb_puts(&b, p->value ? p->value : "");
        if (p->unit != SQL_UNIT_NONE) sb_printf(&b, " %s", sql_interval_unit_name(p->unit));
    }
    IrExpr *x = ir_lit(L->a, sb_cstr(&b), TYPE(TY_INTERVAL), e->loc);
    x->kind = EX_INTERVAL;
    if (!interval_parse(b.ptr ? b.ptr : "", b.len, &x->imonths, &x->ival)) x->imonths = x->ival = 0;
    sb_free(&b);
    return x;
}

static IrExpr *lower_expr(Lower *L, const SqlExpr *e) {
    if (!e) return ir_lit(L->a, NULL, TYPE(TY_NULL), SRC_NONE);
    Arena *a = L->a;
    IrExpr *r = NULL;
    switch (e->kind) {
    case SQL_E_LITERAL: r = lower_lit(L, e); break;
    case SQL_E_COLUMN: {
        const SqlName *n = &e->name;
        const char *qual = n->n >= 2 ? n->items[n->n - 2].name : NULL;
        r = ir_col(a, qual, n->n ? n->items[n->n - 1].name : "", e->loc);
        break;
    }
    case SQL_E_STAR: {
        const SqlName *q = e->star.qualifier;
        r = ir_star(a, q && q->n ? q->items[q->n - 1].name : NULL, e->loc);
        if (e->star.has_except) {
            r->nnames = e->star.except.n;
            r->names = arena_alloc(a, (r->nnames + 1) * sizeof *r->names);
            for (uint32_t i = 0; i < r->nnames; i++) r->names[i] = e->star.except.items[i].name;
        }
        break;
    }
    case SQL_E_UNARY: {
        IrExpr *x = lower_expr(L, e->unary.arg);
        switch (e->unary.op) {
        case SQL_NEG: r = ir_call1(a, "neg", x, e->loc); break;
        case SQL_PLUS: r = x; break;
        case SQL_BITNOT: r = ir_call1(a, "bitnot", x, e->loc); break;
        default: r = ir_call1(a, "not", x, e->loc); break;
        }
        break;
    }
    case SQL_E_BINARY:
        r = ir_call2(a, binop_fn(e->binary.op), lower_expr(L, e->binary.l),
                     lower_expr(L, e->binary.r), e->loc);
        break;
    case SQL_E_CALL: r = lower_call(L, e); break;
    case SQL_E_CASE: {
        uint32_t n = e->kase.whens.n;
        IrExpr **wt = arena_alloc(a, (2 * n + 1) * sizeof *wt);
        for (uint32_t i = 0; i < n; i++) {
            wt[2 * i] = lower_expr(L, e->kase.whens.items[i]->cond);
            wt[2 * i + 1] = lower_expr(L, e->kase.whens.items[i]->result);
        }
        r = ir_case(a, e->kase.operand ? lower_expr(L, e->kase.operand) : NULL, wt, 2 * n,
                    e->kase.else_ ? lower_expr(L, e->kase.else_) : NULL, e->loc);
        break;
    }
    case SQL_E_CAST:
        if (!e->cast.type || !e->cast.type->known)
            diag_error(L->d, e->loc, "type '%s' is not supported",
                       e->cast.type && e->cast.type->spelling ? e->cast.type->spelling : "?");
        r = ir_cast(a, lower_expr(L, e->cast.arg), e->cast.type ? e->cast.type->type : TYPE(TY_STRING),
                    e->cast.is_try, e->loc);
        break;
    case SQL_E_IN:
        if (e->in.query) {
            r = ir_subquery(a, SUBQ_IN, lower_query(L, e->in.query), lower_expr(L, e->in.arg), e->loc);
            r->negated = e->in.negated;
        } else {
            IrExpr *x = ir_call1(a, "in", lower_expr(L, e->in.arg), e->loc);
            for (uint32_t i = 0; i < e->in.list.n; i++)
                ir_expr_push_arg(a, x, lower_expr(L, e->in.list.items[i]));
            r = negate(L, x, e->in.negated, e->loc);
        }
        break;
    case SQL_E_BETWEEN: {
        IrExpr *x = lower_expr(L, e->between.arg);
        IrExpr *c = ir_call2(a, "and", ir_call2(a, "ge", x, lower_expr(L, e->between.lo), e->loc),
                             ir_call2(a, "le", x, lower_expr(L, e->between.hi), e->loc), e->loc);
        r = negate(L, c, e->between.negated, e->loc);
        break;
    }
    case SQL_E_LIKE: {
        static const char *ops[] = {"like", "ilike", "rlike"};
        IrExpr *c = ir_call2(a, ops[e->like.op], lower_expr(L, e->like.arg),
                             lower_expr(L, e->like.pattern), e->loc);
        if (e->like.escape) ir_expr_push_arg(a, c, lower_expr(L, e->like.escape));
        r = negate(L, c, e->like.negated, e->loc);
        break;
    }
    case SQL_E_IS: {
        IrExpr *x = lower_expr(L, e->is.arg);
        switch (e->is.kind) {
        case SQL_IS_NULL: r = ir_call1(a, e->is.negated ? "is_not_null" : "is_null", x, e->loc); break;
        case SQL_IS_TRUE:
        case SQL_IS_FALSE:
            r = negate(L, ir_call2(a, "eq_null_safe", x, ir_lit_bool(a, e->is.kind == SQL_IS_TRUE, e->loc),
                                   e->loc), e->is.negated, e->loc);
            break;
        default:
            r = negate(L, ir_call2(a, "eq_null_safe", x, lower_expr(L, e->is.other), e->loc),
                       !e->is.negated, e->loc);
            break;
        }
        break;
    }
    case SQL_E_SUBQUERY: r = ir_subquery(a, SUBQ_SCALAR, lower_query(L, e->query), NULL, e->loc); break;
    case SQL_E_EXISTS: r = ir_subquery(a, SUBQ_EXISTS, lower_query(L, e->query), NULL, e->loc); break;
    case SQL_E_LAMBDA: {
        const char **ps = arena_alloc(a, (e->lambda.params.n + 1) * sizeof *ps);
        for (uint32_t i = 0; i < e->lambda.params.n; i++) ps[i] = e->lambda.params.items[i].name;
        r = ir_lambda(a, ps, e->lambda.params.n, lower_expr(L, e->lambda.body), e->loc);
        break;
    }
    case SQL_E_SUBSCRIPT:
        r = ir_call2(a, "subscript", lower_expr(L, e->subscript.base), lower_expr(L, e->subscript.index),
                     e->loc);
        break;
    case SQL_E_FIELD:
        r = ir_call2(a, "field", lower_expr(L, e->field.base), ir_lit_str(a, e->field.field.name, e->loc),
                     e->loc);
        break;
    case SQL_E_JSON_PATH: {
        StrBuf b = {0};
        sb_putc(&b, '$');
        for (uint32_t i = 0; i < e->json.nsteps; i++) {
            const SqlJsonStep *s = &e->json.steps[i];
            if (s->name) sb_printf(&b, ".%s", s->name);
            else if (s->index && s->index->kind == SQL_E_LITERAL && s->index->lit.text)
                sb_printf(&b, "[%s]", s->index->lit.text);
        }
        r = ir_call2(a, "get_json_object", lower_expr(L, e->json.base), ir_lit_str(a, sb_cstr(&b), e->loc),
                     e->loc);
        sb_free(&b);
        break;
    }
    case SQL_E_INTERVAL: r = lower_interval(L, e); break;
    case SQL_E_NAMED_ARG:
        diag_error(L->d, e->loc, "named argument '%s' is only allowed in read_files(...)",
                   e->named.name.name);
        r = lower_expr(L, e->named.value);
        break;
    case SQL_E_ROW: {
        IrExpr **xs = arena_alloc(a, (e->row.n + 1) * sizeof *xs);
        for (uint32_t i = 0; i < e->row.n; i++) xs[i] = lower_expr(L, e->row.items[i]);
        r = ir_call(a, "struct", xs, e->row.n, e->loc);
        break;
    }
    }
    if (r && !r->sql) r->sql = src_text(L, e->loc);
    return r;
}

/* ---------------------------------------------------------------- FROM */

static const char *lit_string(Lower *L, const SqlExpr *x, const char *what) {
    if (x && x->kind == SQL_E_LITERAL && x->lit.kind == SQL_LIT_STRING) return x->lit.text;
    if (x && x->kind == SQL_E_LITERAL && x->lit.text) return x->lit.text;
    diag_error(L->d, x ? x->loc : SRC_NONE, "%s must be a string literal", what);
    return NULL;
}

static IrRel *lower_tvf(Lower *L, const SqlFrom *f) {
    const SqlName *n = &f->tvf.name;
    const char *fn = n->n ? n->items[n->n - 1].name : "";
    const SqlExprList *args = &f->tvf.args;
    if (str_ieq(fn, "cloud_files")) {
        if (args->n < 2) {
            diag_error(L->d, f->loc, "cloud_files expects a path and a format");
            return NULL;
        }
        const char *path = lit_string(L, args->items[0], "cloud_files path");
        const char *fmt = lit_string(L, args->items[1], "cloud_files format");
        IrRel *r = ir_files(L->a, fmt, path, true, true, f->loc);
        if (args->n >= 3) {
            const SqlExpr *m = args->items[2];
            if (m->kind != SQL_E_CALL || m->call.args.n % 2) {
                diag_error(L->d, m->loc, "cloud_files options must be map('key', 'value', ...)");
            } else {
                for (uint32_t i = 0; i + 1 < m->call.args.n; i += 2) {
                    const char *k = lit_string(L, m->call.args.items[i], "option key");
                    const char *v = lit_string(L, m->call.args.items[i + 1], "option value");
                    if (k && v) ir_files_option(L->a, r, k, v);
                }
            }
        }
        return r;
    }
    if (str_ieq(fn, "read_files")) {
        if (args->n < 1 || args->items[0]->kind == SQL_E_NAMED_ARG) {
            diag_error(L->d, f->loc, "read_files expects a path");
            return NULL;
        }
        const char *path = lit_string(L, args->items[0], "read_files path");
        IrRel *r = ir_files(L->a, NULL, path, f->stream, false, f->loc);
        for (uint32_t i = 1; i < args->n; i++) {
            const SqlExpr *x = args->items[i];
            if (x->kind != SQL_E_NAMED_ARG) {
                diag_error(L->d, x->loc, "read_files options are named: key => value");
                continue;
            }
            const char *v = lit_string(L, x->named.value, "option value");
            if (!v) continue;
            if (str_ieq(x->named.name.name, "format")) r->format = arena_strdup(L->a, v);
            else ir_files_option(L->a, r, x->named.name.name, v);
        }
        return r;
    }
    diag_error(L->d, n->loc, "table function '%s' is not supported", fn);
    return NULL;
}

static IrRel *with_alias(Lower *L, IrRel *r, const SqlFrom *f, const char *dflt) {
    if (!r) return NULL;
    const char *alias = f->alias ? f->alias->name : dflt;
    if (!alias && !f->alias_cols.n) return r;
    const char **names = NULL;
    if (f->alias_cols.n) {
        names = arena_alloc(L->a, f->alias_cols.n * sizeof *names);
        for (uint32_t i = 0; i < f->alias_cols.n; i++) names[i] = f->alias_cols.items[i].name;
    }
    return ir_alias_rel(L->a, r, alias, names, f->alias_cols.n, f->loc);
}

static IrRel *lower_from(Lower *L, const SqlFrom *f) {
    if (!f) return NULL;
    switch (f->kind) {
    case SQL_FROM_TABLE: {
        const SqlName *n = &f->table.name;
        int64_t version = -1;
        if (f->table.tt == SQL_TT_VERSION && L->st && L->st->allow_time_travel)
            version = int_lit(L, f->table.tt_value, "VERSION AS OF");
        else if (f->table.tt != SQL_TT_NONE)
            diag_error(L->d, f->loc, f->table.tt == SQL_TT_VERSION
                                         ? "time travel (AS OF) is not supported in a pipeline query"
                                         : "TIMESTAMP AS OF is not supported: use VERSION AS OF n");
        if (n->n == 1 && !f->table.live)
            for (Cte *c = L->ctes; c; c = c->next)
                if (str_ieq(c->name, n->items[0].name))
                    return with_alias(L, c->rel, f, c->name);
        IrRel *r = ir_scan(L->a, lower_name(L, n, f->table.live, true), f->stream, f->loc);
        r->version = version;
        if (!f->alias) return r;
        return with_alias(L, r, f, NULL);
    }
    case SQL_FROM_FILE: {
        IrRel *r = ir_files(L->a, f->file.format, f->file.path.name, f->stream, false, f->loc);
        r->options = NULL;
        if (str_ieq(f->file.format, "csv")) ir_files_option(L->a, r, "header", "false");
        return with_alias(L, r, f, NULL);
    }
    case SQL_FROM_TVF: return with_alias(L, lower_tvf(L, f), f, NULL);
    case SQL_FROM_SUBQUERY: return with_alias(L, lower_query(L, f->subquery.query), f, NULL);
    case SQL_FROM_VALUES: {
        const SqlRowList *rows = &f->values;
        uint32_t nc = rows->n ? rows->items[0]->n : 0;
        IrExpr **cells = arena_alloc(L->a, (rows->n * nc + 1) * sizeof *cells);
        for (uint32_t i = 0; i < rows->n; i++) {
            if (rows->items[i]->n != nc) {
                diag_error(L->d, f->loc, "VALUES rows have different numbers of columns");
                return NULL;
            }
            for (uint32_t k = 0; k < nc; k++) cells[i * nc + k] = lower_expr(L, rows->items[i]->items[k]);
        }
        return with_alias(L, ir_values(L->a, cells, rows->n, nc, f->loc), f, NULL);
    }
    case SQL_FROM_JOIN: {
        if (f->join.natural) {
            diag_error(L->d, f->loc, "NATURAL JOIN is not supported");
            return NULL;
        }
        static const IrJoinKind kinds[] = {IRJOIN_INNER, IRJOIN_LEFT, IRJOIN_RIGHT, IRJOIN_FULL,
                                           IRJOIN_CROSS, IRJOIN_SEMI, IRJOIN_ANTI};
        IrRel *l = lower_from(L, f->join.l), *r = lower_from(L, f->join.r);
        if (!l || !r) return NULL;
        IrRel *j = ir_join(L->a, l, r, kinds[f->join.type],
                           f->join.on ? lower_expr(L, f->join.on) : NULL, f->loc);
        if (f->join.has_using) {
            j->nnames = f->join.using_.n;
            j->names = arena_alloc(L->a, (j->nnames + 1) * sizeof *j->names);
            for (uint32_t i = 0; i < j->nnames; i++) j->names[i] = f->join.using_.items[i].name;
        }
        return j;
    }
    case SQL_FROM_LATERAL_VIEW: {
        IrRel *in = lower_from(L, f->lateral.child);
        if (!in) return NULL;
        const char **names = arena_alloc(L->a, (f->alias_cols.n + 1) * sizeof *names);
        for (uint32_t i = 0; i < f->alias_cols.n; i++) names[i] = f->alias_cols.items[i].name;
        return ir_explode(L->a, in, lower_expr(L, f->lateral.gen), f->lateral.outer,
                          f->alias ? f->alias->name : NULL, names, f->alias_cols.n, f->loc);
    }
    case SQL_FROM_PIVOT:
        diag_error(L->d, f->loc, "PIVOT is not supported");
        return NULL;
    case SQL_FROM_UNPIVOT:
        diag_error(L->d, f->loc, "UNPIVOT is not supported");
        return NULL;
    }
    return NULL;
}

/* ---------------------------------------------------------------- SELECT */

static bool is_generator(const SqlExpr *e) {
    if (!e || e->kind != SQL_E_CALL || e->call.over || !e->call.name.n) return false;
    const char *n = e->call.name.items[e->call.name.n - 1].name;
    return str_ieq(n, "explode") || str_ieq(n, "explode_outer") || str_ieq(n, "posexplode") ||
           str_ieq(n, "posexplode_outer");
}

static IrRel *lower_select(Lower *L, const SqlSelect *s) {
    const SqlWindowDefList *saved = L->windows;
    L->windows = &s->windows;
    IrRel *in = NULL;
    for (uint32_t i = 0; i < s->from.n; i++) {
        IrRel *r = lower_from(L, s->from.items[i]);
        if (!r) {
            L->windows = saved;
            return NULL;
        }
        in = in ? ir_join(L->a, in, r, IRJOIN_CROSS, NULL, s->from.items[i]->loc) : r;
    }
    if (!in) {
        IrExpr *none[1] = {ir_lit_int(L->a, 1, s->loc)};
        in = ir_values(L->a, none, 1, 1, s->loc);
        in = ir_project(L->a, in, NULL, 0, s->loc);  // one row, no columns
    }
    if (s->where) in = ir_filter(L->a, in, lower_expr(L, s->where), s->where->loc);
    IrExpr **items = arena_alloc(L->a, (s->items.n + 2) * sizeof *items);
    for (uint32_t i = 0; i < s->items.n; i++) {
        const SqlSelectItem *it = s->items.items[i];
        if (is_generator(it->expr)) {
            /* SELECT explode(a) AS x: a generator row expansion below the projection. */
            const char **names = arena_alloc(L->a, (it->aliases.n + 2) * sizeof *names);
            uint32_t nn = 0;
            if (it->alias) names[nn++] = it->alias->name;
            for (uint32_t k = 0; k < it->aliases.n; k++) names[nn++] = it->aliases.items[k].name;
            /* All its columns ([pos,] col or key, value) through a hidden qualifier. */
            char *q = arena_alloc(L->a, 24);
            snprintf(q, 24, "__gen%u", i);
            in = ir_explode(L->a, in, lower_expr(L, it->expr), false, q, names, nn, it->loc);
            items[i] = ir_star(L->a, q, it->loc);
            continue;
        }
        IrExpr *x = lower_expr(L, it->expr);
        items[i] = it->alias ? ir_alias(L->a, x, it->alias->name, it->loc) : x;
    }
    uint32_t nitems = s->items.n;
    if (s->qualify) {
        /* QUALIFY: the condition rides along as a hidden output column, is filtered on,
         * then dropped (it usually holds window functions, computed with the items). */
        items[nitems++] = ir_alias(L->a, lower_expr(L, s->qualify), "__qualify", s->qualify->loc);
    }
    IrRel *out;
    if (s->group_by.n || s->group_all || s->having) {
        IrExpr **keys = arena_alloc(L->a, (s->group_by.n + 1) * sizeof *keys);
        for (uint32_t i = 0; i < s->group_by.n; i++) keys[i] = lower_expr(L, s->group_by.items[i]);
        out = ir_aggregate(L->a, in, keys, s->group_by.n, items, nitems, s->loc);
        out->group_all = s->group_all;
        if (s->having) out->cond = lower_expr(L, s->having);
    } else {
        out = ir_project(L->a, in, items, nitems, s->loc);
    }
    if (s->qualify) {
        const char *hidden = "__qualify";
        out = ir_filter(L->a, out, ir_col(L->a, NULL, hidden, s->qualify->loc), s->qualify->loc);
        out = ir_drop(L->a, out, &hidden, 1, s->qualify->loc);
    }
    if (s->distinct) out = ir_distinct(L->a, out, s->loc);
    L->windows = saved;
    return out;
}

static IrRel *lower_set(Lower *L, const SqlSetExpr *s) {
    if (!s) return NULL;
    switch (s->kind) {
    case SQL_SET_SELECT: return lower_select(L, s->select);
    case SQL_SET_VALUES: {
        SqlFrom f = {.kind = SQL_FROM_VALUES, .loc = s->loc, .values = s->values};
        return lower_from(L, &f);
    }
    case SQL_SET_OP: {
        static const IrSetOpKind k[] = {SETOP_UNION, SETOP_INTERSECT, SETOP_EXCEPT};
        IrRel *l = lower_set(L, s->op.l), *r = lower_set(L, s->op.r);
        if (!l || !r) return NULL;
        return ir_setop(L->a, k[s->op.op], s->op.all, l, r, s->loc);
    }
    case SQL_SET_QUERY: return lower_query(L, s->query);
    }
    return NULL;
}

static int64_t int_lit(Lower *L, const SqlExpr *x, const char *what) {
    if (x && x->kind == SQL_E_LITERAL && x->lit.text &&
        (x->lit.kind == SQL_LIT_INT || x->lit.kind == SQL_LIT_BIGINT))
        return strtoll(x->lit.text, NULL, 10);
    diag_error(L->d, x ? x->loc : SRC_NONE, "%s must be an integer literal", what);
    return 0;
}

static IrRel *lower_query(Lower *L, const SqlQuery *q) {
    if (!q) return NULL;
    Cte *saved = L->ctes;
    for (uint32_t i = 0; i < q->ctes.n; i++) {
        const SqlCte *c = q->ctes.items[i];
        IrRel *r = lower_query(L, c->query);
        if (r && c->cols.n) {
            const char **names = arena_alloc(L->a, c->cols.n * sizeof *names);
            for (uint32_t k = 0; k < c->cols.n; k++) names[k] = c->cols.items[k].name;
            r = ir_alias_rel(L->a, r, c->name.name, names, c->cols.n, c->loc);
        }
        Cte *n = arena_alloc(L->a, sizeof *n);
        *n = (Cte){c->name.name, r, L->ctes};
        L->ctes = n;
    }
    IrRel *r = lower_set(L, q->body);
    if (r && q->order.n) {
        IrSortKey *keys;
        uint32_t n;
        lower_sort(L, &q->order, &keys, &n);
        r = ir_sort(L->a, r, keys, n, q->loc);
    }
    if (r && (q->limit || q->offset))
        r = ir_limit(L->a, r, q->limit ? int_lit(L, q->limit, "LIMIT") : -1,
                     q->offset ? int_lit(L, q->offset, "OFFSET") : 0, q->loc);
    L->ctes = saved;
    return r;
}

/* ---------------------------------------------------------------- statements */

static void copy_conf(Lower *L, IrConf *dst) {
    for (uint32_t i = 0; L->st && i < L->st->sets.n; i++)
        ir_conf_set(L->a, dst, L->st->sets.items[i].key, L->st->sets.items[i].value);
}

static IrName *ident_names(Lower *L, const SqlIdentList *l) {
    IrName *out = arena_alloc(L->a, (l->n + 1) * sizeof *out);
    for (uint32_t i = 0; i < l->n; i++) out[i] = ir_name1(L->a, l->items[i].name, l->items[i].loc);
    return out;
}

static const char **ident_strs(Lower *L, const SqlIdentList *l) {
    const char **out = arena_alloc(L->a, (l->n + 1) * sizeof *out);
    for (uint32_t i = 0; i < l->n; i++) out[i] = l->items[i].name;
    return out;
}

static void lower_cdc(Lower *L, const SqlApplyChanges *c, const char *flow_name, IrName target,
                      SrcLoc loc) {
    IrRel *src = lower_from(L, c->source);
    IrFlow *f = ir_flow_new(L->p, FLOW_CDC, flow_name, target, loc, LANG_SQL);
    f->query = src;
    copy_conf(L, &f->conf);
    IrCdc *k = arena_alloc(L->a, sizeof *k);
    f->cdc = k;
    k->keys = ident_names(L, &c->keys);
    k->nkeys = c->keys.n;
    k->keys_loc = c->clause_at[SQL_CDC_KEYS];
    if (c->where) k->where = lower_expr(L, c->where);
    k->ignore_null_updates = c->ignore_null_updates;
    if (c->delete_when) k->delete_when = lower_expr(L, c->delete_when);
    if (c->truncate_when) k->truncate_when = lower_expr(L, c->truncate_when);
    k->truncate_loc = c->clause_at[SQL_CDC_TRUNCATE_WHEN];
    if (c->sequence_by) k->sequence_by = lower_expr(L, c->sequence_by);
    k->has_columns = c->columns_mode != SQL_COLS_ALL;
    k->columns_except = c->columns_mode == SQL_COLS_EXCEPT;
    k->columns = ident_names(L, &c->columns);
    k->ncolumns = c->columns.n;
    k->columns_loc = c->clause_at[SQL_CDC_COLUMNS];
    k->scd_type = c->stored_as == SQL_STORED_SCD2 ? 2 : 1;
    k->scd_loc = c->clause_at[SQL_CDC_STORED_AS];
    if (c->stored_as == SQL_STORED_BITEMPORAL)
        diag_error(L->d, c->clause_at[SQL_CDC_STORED_AS], "STORED AS BITEMPORAL is not supported");
    k->has_track = c->track_mode != SQL_COLS_ALL;
    k->track_except = c->track_mode == SQL_COLS_EXCEPT;
    k->track = ident_names(L, &c->track_history);
    k->ntrack = c->track_history.n;
    if (c->once) f->kind = FLOW_CDC;
}

static void lower_create(Lower *L, const SqlStmt *s) {
    const SqlCreateDataset *c = s->create;
    static const IrDatasetKind kinds[] = {DS_STREAMING_TABLE, DS_MATERIALIZED_VIEW, DS_VIEW,
                                          DS_PERSISTED_VIEW};
    IrName name = lower_name(L, &c->name, false, true);
    IrDataset *d = ir_dataset_new(L->p, kinds[c->kind], name, s->loc, LANG_SQL);
    d->is_private = c->is_private;
    d->streaming_view = c->form == SQL_FORM_STREAMING_LIVE_VIEW;
    if (c->comment) d->comment = arena_strdup(L->a, c->comment->s);
    for (uint32_t i = 0; i < c->properties.n; i++)
        ir_kv_add(L->a, &d->props, &d->nprops, c->properties.items[i]->key,
                  c->properties.items[i]->value);
    d->partition_cols = ident_strs(L, &c->partitioned_by);
    d->npartition = c->partitioned_by.n;
    if (c->cluster == SQL_CLUSTER_COLUMNS) {
        d->cluster_cols = ident_strs(L, &c->cluster_by);
        d->ncluster = c->cluster_by.n;
    }
    for (uint32_t i = 0; i < c->columns.n; i++) {
        const SqlColumnDef *cd = c->columns.items[i];
        if (cd->type && !cd->type->known)
            diag_error(L->d, cd->type->loc, "type '%s' is not supported", cd->type->spelling);
        IrColumn *col = ir_dataset_add_column(L->a, d, cd->name.name,
                                              cd->type ? cd->type->type : TYPE(TY_NULL), cd->loc);
        col->not_null = cd->not_null;
        if (cd->comment) col->comment = arena_strdup(L->a, cd->comment->s);
        if (cd->generated) col->generated = lower_expr(L, cd->generated);
    }
    d->has_cols = c->columns.n > 0;
    bool exps_allowed = !(c->kind == SQL_DS_PERSISTED_VIEW ||
                          (c->kind == SQL_DS_VIEW && c->form == SQL_FORM_VIEW));
    for (uint32_t i = 0; i < c->expectations.n; i++) {
        const SqlExpectation *e = c->expectations.items[i];
        if (!exps_allowed) {
            diag_error(L->d, e->loc, "expectations are not allowed on %s '%s'",
                       c->kind == SQL_DS_PERSISTED_VIEW ? "the persisted view" : "the temporary view",
                       name.parts[name.n - 1]);
            continue;
        }
        static const IrAction acts[] = {ACT_WARN, ACT_DROP, ACT_FAIL};
        ir_dataset_add_expectation(L->a, d, e->name.name, lower_expr(L, e->cond),
                                   src_text(L, e->cond->loc), acts[e->action], e->loc);
    }
    if (c->using_ && !str_ieq(c->using_->name, "delta"))
        diag_warning(L->d, c->using_->loc, "USING %s is ignored: pipeline tables are Delta tables",
                     c->using_->name);
    if (c->if_not_exists) diag_warning(L->d, s->loc, "IF NOT EXISTS is ignored in a pipeline");
    if (c->clause_at[SQL_TC_SCHEDULE].file)
        diag_warning(L->d, c->clause_at[SQL_TC_SCHEDULE], "SCHEDULE is ignored in a pipeline");
    if (c->clause_at[SQL_TC_TRIGGER].file)
        diag_warning(L->d, c->clause_at[SQL_TC_TRIGGER], "TRIGGER ON UPDATE is ignored in a pipeline");
    copy_conf(L, &d->conf);
    if (c->query) d->query = lower_query(L, c->query);
    if (c->flow_cdc) lower_cdc(L, c->flow_cdc, NULL, name, s->loc);
}

static void lower_flow(Lower *L, const SqlStmt *s) {
    const SqlCreateFlow *c = s->flow;
    if (c->cdc) {
        IrName t = lower_name(L, &c->cdc->target, c->cdc->target_live, true);
        lower_cdc(L, c->cdc, c->name.name, t, s->loc);
        return;
    }
    IrName t = lower_name(L, &c->target, c->target_live, true);
    IrFlow *f = ir_flow_new(L->p, c->once ? FLOW_ONCE : FLOW_APPEND, c->name.name, t, s->loc,
                            LANG_SQL);
    if (c->comment) f->comment = arena_strdup(L->a, c->comment->s);
    f->query = lower_query(L, c->query);
    copy_conf(L, &f->conf);
}

void ir_lower_sql_script(IrPipeline *p, const SqlScript *s, const SourceSet *src,
                         IrSqlFileState *st, Diags *d) {
    if (!s) return;
    Lower L = {.p = p, .a = p->arena, .src = src, .d = d, .st = st};
    for (uint32_t i = 0; i < s->stmts.n; i++) {
        const SqlStmt *x = s->stmts.items[i];
        switch (x->kind) {
        case SQL_STMT_CREATE_DATASET: lower_create(&L, x); break;
        case SQL_STMT_APPLY_CHANGES:
            lower_cdc(&L, x->cdc, NULL, lower_name(&L, &x->cdc->target, x->cdc->target_live, true),
                      x->loc);
            break;
        case SQL_STMT_CREATE_FLOW: lower_flow(&L, x); break;
        case SQL_STMT_SET:
            if (x->set.key && x->set.value) ir_conf_set(p->arena, &st->sets, x->set.key, x->set.value);
            break;
        case SQL_STMT_USE: {
            const SqlName *n = &x->use.name;
            const char *last = n->n ? arena_strdup(p->arena, n->items[n->n - 1].name) : NULL;
            if (x->use.kind == SQL_USE_CATALOG) {
                st->catalog = last;
                st->schema = NULL;
            } else {
                if (n->n >= 2) st->catalog = arena_strdup(p->arena, n->items[n->n - 2].name);
                st->schema = last;
            }
            break;
        }
        case SQL_STMT_UNSUPPORTED:
            diag_error(d, x->loc, "statement type %s is not supported in a pipeline source file",
                       x->unsupported.what ? x->unsupported.what : "?");
            break;
        }
    }
}

/* ---------------------------------------------------------------- SQL inside Python */

/* The SQL parser reads whole statements, so a query or expression given as text
 * (spark.sql, expr, selectExpr) is wrapped in a view definition in a derived buffer
 * whose map sends every byte of the text back to where it was written. */
static const SqlStmt *parse_wrapped(IrPipeline *p, SourceSet *src, uint32_t buf, Diags *d,
                                    const char *prefix, const char *what) {
    const SourceBuf *b = src_buf(src, buf);
    if (!b) return NULL;
    SrcBuilder sb = {0};
    for (const char *c = prefix; *c; c++) sb_src_byte(&sb, *c, 0);
    sb_src_add(&sb, b->text, b->len, 0);
    sb.end_off = b->len;
    uint32_t nb = sb_src_finish(&sb, src, buf);
    int before = diag_errors(d);
    SqlScript *s = sql_parse(p->arena, src, nb, d);
    if (!s || diag_errors(d) > before) return NULL;
    if (s->stmts.n != 1 || s->stmts.items[0]->kind != SQL_STMT_CREATE_DATASET ||
        !s->stmts.items[0]->create->query) {
        diag_error(d, (SrcLoc){buf, 0, b->len}, "expected one SQL %s", what);
        return NULL;
    }
    return s->stmts.items[0];
}

IrRel *ir_lower_sql_query(IrPipeline *p, SourceSet *src, uint32_t buf, Diags *d) {
    const SqlStmt *st = parse_wrapped(p, src, buf, d, "CREATE TEMPORARY VIEW __q AS\n", "query");
    if (!st) return NULL;
    Lower L = {.p = p, .a = p->arena, .src = src, .d = d};
    return lower_query(&L, st->create->query);
}

IrExpr *ir_lower_sql_expr(IrPipeline *p, SourceSet *src, uint32_t buf, Diags *d) {
    const SqlStmt *st = parse_wrapped(p, src, buf, d, "CREATE TEMPORARY VIEW __q AS SELECT\n",
                                        "expression");
    if (!st) return NULL;
    const SqlQuery *q = st->create->query;
    if (q->ctes.n || q->order.n || q->limit || !q->body || q->body->kind != SQL_SET_SELECT ||
        q->body->select->items.n != 1 || q->body->select->from.n || q->body->select->where ||
        q->body->select->group_by.n) {
        const SourceBuf *b = src_buf(src, buf);
        diag_error(d, (SrcLoc){buf, 0, b ? b->len : 0}, "expected one SQL expression");
        return NULL;
    }
    Lower L = {.p = p, .a = p->arena, .src = src, .d = d};
    const SqlSelectItem *it = q->body->select->items.items[0];
    IrExpr *x = lower_expr(&L, it->expr);
    return it->alias ? ir_alias(p->arena, x, it->alias->name, it->loc) : x;
}
