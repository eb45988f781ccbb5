/* sql_ast_dump: the SQL syntax tree as stable, indented S-expression text for golden
 * tests (testdata/parse/sql). One node per line, children indented two spaces, fields
 * as words or key=value; statements carry @line:col of their first byte in the file
 * the user wrote. Literals print their value, names their spelling. */
#include "sql.h"
#include "sql_ast.h"

#include <stdarg.h>
#include <string.h>

typedef struct {
    StrBuf *b;
    int     indent;
} Dump;

static void begin(Dump *d, const char *kind) {
    if (d->b->len) sb_putc(d->b, '\n');
    for (int i = 0; i < d->indent; i++) sb_puts(d->b, "  ");
    sb_putc(d->b, '(');
    sb_puts(d->b, kind);
    d->indent++;
}

static void end(Dump *d) {
    sb_putc(d->b, ')');
    d->indent--;
}

static void attr(Dump *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void attr(Dump *d, const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sb_putc(d->b, ' ');
    sb_puts(d->b, buf);
}

static void word(Dump *d, const char *s) {
    sb_putc(d->b, ' ');
    sb_puts(d->b, s);
}

static void flag(Dump *d, bool on, const char *name) {
    if (on) attr(d, "%s", name);
}

static void put_ident(StrBuf *b, const SqlIdent *id) {
    if (!id->quoted) {
        sb_puts(b, id->name);
        return;
    }
    sb_putc(b, '`');
    for (const char *c = id->name; *c; c++) {
        if (*c == '`') sb_putc(b, '`');
        if ((unsigned char)*c < 0x20) sb_printf(b, "\\x%02x", (unsigned char)*c);  // one line
        else sb_putc(b, *c);
    }
    sb_putc(b, '`');
}

static void put_name(StrBuf *b, const SqlName *n) {
    for (uint32_t i = 0; i < n->n; i++) {
        if (i) sb_putc(b, '.');
        put_ident(b, &n->items[i]);
    }
}

static void put_idents(StrBuf *b, const SqlIdentList *l) {
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sb_puts(b, ", ");
        put_ident(b, &l->items[i]);
    }
}

/* key=name, key=(a, b), key="string" */
static void name_attr(Dump *d, const char *key, const SqlName *n) {
    sb_putc(d->b, ' ');
    if (key) sb_printf(d->b, "%s=", key);
    put_name(d->b, n);
}

static void ident_attr(Dump *d, const char *key, const SqlIdent *id) {
    sb_printf(d->b, " %s=", key);
    put_ident(d->b, id);
}

static void idents_attr(Dump *d, const char *key, const SqlIdentList *l) {
    sb_printf(d->b, " %s=(", key);
    put_idents(d->b, l);
    sb_putc(d->b, ')');
}

static void str_attr(Dump *d, const char *key, const char *s, size_t n) {
    sb_putc(d->b, ' ');
    if (key) sb_printf(d->b, "%s=", key);
    sb_json_str(d->b, s, n);
}

static void type_attr(Dump *d, const SqlType *t) {
    if (!t->known) {
        str_attr(d, "type", t->spelling, strlen(t->spelling));
        sb_puts(d->b, " unknown_type");
        return;
    }
    char buf[512];
    const char *name = type_sql_name(t->type, buf, sizeof buf);
    attr(d, "type=%s", name);
    // the spelling too when it says more than the type: LONG, TIMESTAMP_NTZ, VARCHAR(3)
    const char *a = t->spelling, *b = name;
    for (;;) {
        while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r') a++;
        if (!*a || !*b || (*a | 0x20) != (*b | 0x20)) break;
        a++, b++;
    }
    if (*a || *b) str_attr(d, "spelling", t->spelling, strlen(t->spelling));
}

static void loc_attr(Dump *d, const SqlScript *s, SrcLoc at) {
    uint32_t file, off, endoff, line, col;
    src_resolve(s->src, at, &file, &off, &endoff);
    src_line_col(s->src, file, off, &line, &col);
    attr(d, "@%u:%u", line, col);
}

static void expr(Dump *d, const SqlExpr *e);
static void query(Dump *d, const char *kind, const SqlQuery *q);
static void from(Dump *d, const SqlFrom *f);

/* (kind child) around one expression; nothing when e is NULL */
static void wrap(Dump *d, const char *kind, const SqlExpr *e) {
    if (!e) return;
    begin(d, kind);
    expr(d, e);
    end(d);
}

static void exprs(Dump *d, const SqlExprList *l) {
    for (uint32_t i = 0; i < l->n; i++) expr(d, l->items[i]);
}

static void sorts(Dump *d, const SqlSortList *l) {
    for (uint32_t i = 0; i < l->n; i++) {
        const SqlSort *s = l->items[i];
        begin(d, "sort");
        flag(d, s->dir == SQL_SORT_ASC, "asc");
        flag(d, s->dir == SQL_SORT_DESC, "desc");
        flag(d, s->nulls == SQL_NULLS_FIRST, "nulls_first");
        flag(d, s->nulls == SQL_NULLS_LAST, "nulls_last");
        expr(d, s->expr);
        end(d);
    }
}

static void bound(Dump *d, const SqlFrameBound *b) {
    static const char *const names[] = {"unbounded_preceding", "preceding", "current_row",
                                        "following", "unbounded_following"};
    begin(d, "bound");
    attr(d, "%s", names[b->kind]);
    if (b->value) expr(d, b->value);
    end(d);
}

static void window(Dump *d, const SqlWindow *w) {
    begin(d, "over");
    if (w->ref) ident_attr(d, "window", w->ref);
    if (w->partition.n) {
        begin(d, "partition_by");
        exprs(d, &w->partition);
        end(d);
    }
    if (w->order.n) {
        begin(d, "order_by");
        sorts(d, &w->order);
        end(d);
    }
    if (w->frame) {
        begin(d, "frame");
        attr(d, "%s", w->frame->is_range ? "range" : "rows");
        bound(d, &w->frame->start);
        bound(d, &w->frame->end);
        end(d);
    }
    end(d);
}

static void literal(Dump *d, const SqlExpr *e) {
    static const char *const kinds[] = {
        "null", "bool", "int", "bigint", "smallint", "tinyint", "decimal", "double", "float",
        "string", "binary", "date", "timestamp", "timestamp_ntz", "timestamp_ltz"};
    begin(d, "literal");
    attr(d, "%s", kinds[e->lit.kind]);
    switch (e->lit.kind) {
    case SQL_LIT_NULL: break;
    case SQL_LIT_STRING: case SQL_LIT_BINARY: case SQL_LIT_DATE: case SQL_LIT_TIMESTAMP:
    case SQL_LIT_TIMESTAMP_NTZ: case SQL_LIT_TIMESTAMP_LTZ:
        str_attr(d, NULL, e->lit.text, e->lit.len);
        break;
    default: word(d, e->lit.text); break;
    }
    end(d);
}

static void call(Dump *d, const SqlExpr *e) {
    begin(d, "call");
    name_attr(d, NULL, &e->call.name);
    flag(d, e->call.distinct, "distinct");
    flag(d, e->call.star, "star");
    flag(d, e->call.nulls == SQL_NULLS_IGNORE, "ignore_nulls");
    flag(d, e->call.nulls == SQL_NULLS_RESPECT, "respect_nulls");
    exprs(d, &e->call.args);
    wrap(d, "filter", e->call.filter);
    if (e->call.over) window(d, e->call.over);
    end(d);
}

static void interval(Dump *d, const SqlExpr *e) {
    begin(d, "interval");
    for (uint32_t i = 0; i < e->interval.n; i++) {
        const SqlIntervalPart *pt = &e->interval.parts[i];
        if (pt->quoted) str_attr(d, NULL, pt->value, strlen(pt->value));
        else word(d, pt->value);
        if (pt->unit != SQL_UNIT_NONE) attr(d, "%s", sql_interval_unit_name(pt->unit));
        if (pt->to != SQL_UNIT_NONE) attr(d, "to %s", sql_interval_unit_name(pt->to));
    }
    end(d);
}

static void expr(Dump *d, const SqlExpr *e) {
    static const char *const unary[] = {"-", "+", "~", "not"};
    static const char *const likes[] = {"like", "ilike", "rlike"};
    static const char *const is[] = {"null", "true", "false", "distinct_from"};
    switch (e->kind) {
    case SQL_E_LITERAL: literal(d, e); return;
    case SQL_E_COLUMN:
        begin(d, "column");
        name_attr(d, NULL, &e->name);
        break;
    case SQL_E_STAR:
        begin(d, "star");
        if (e->star.qualifier) name_attr(d, NULL, e->star.qualifier);
        if (e->star.has_except) idents_attr(d, "except", &e->star.except);
        break;
    case SQL_E_UNARY:
        begin(d, "unary");
        attr(d, "%s", unary[e->unary.op]);
        expr(d, e->unary.arg);
        break;
    case SQL_E_BINARY:
        begin(d, "binary");
        attr(d, "%s", sql_binary_op_name(e->binary.op));
        expr(d, e->binary.l);
        expr(d, e->binary.r);
        break;
    case SQL_E_CALL: call(d, e); return;
    case SQL_E_CASE:
        begin(d, "case");
        wrap(d, "operand", e->kase.operand);
        for (uint32_t i = 0; i < e->kase.whens.n; i++) {
            begin(d, "when");
            expr(d, e->kase.whens.items[i]->cond);
            expr(d, e->kase.whens.items[i]->result);
            end(d);
        }
        wrap(d, "else", e->kase.else_);
        break;
    case SQL_E_CAST:
        begin(d, "cast");
        type_attr(d, e->cast.type);
        flag(d, e->cast.is_try, "try");
        flag(d, e->cast.is_colons, "colons");
        expr(d, e->cast.arg);
        break;
    case SQL_E_IN:
        begin(d, "in");
        flag(d, e->in.negated, "not");
        expr(d, e->in.arg);
        if (e->in.query) {
            query(d, "query", e->in.query);
        } else {
            begin(d, "list");
            exprs(d, &e->in.list);
            end(d);
        }
        break;
    case SQL_E_BETWEEN:
        begin(d, "between");
        flag(d, e->between.negated, "not");
        expr(d, e->between.arg);
        expr(d, e->between.lo);
        expr(d, e->between.hi);
        break;
    case SQL_E_LIKE:
        begin(d, likes[e->like.op]);
        flag(d, e->like.negated, "not");
        expr(d, e->like.arg);
        expr(d, e->like.pattern);
        wrap(d, "escape", e->like.escape);
        break;
    case SQL_E_IS:
        begin(d, "is");
        flag(d, e->is.negated, "not");
        attr(d, "%s", is[e->is.kind]);
        expr(d, e->is.arg);
        if (e->is.other) expr(d, e->is.other);
        break;
    case SQL_E_SUBQUERY: query(d, "subquery", e->query); return;
    case SQL_E_EXISTS: query(d, "exists", e->query); return;
    case SQL_E_LAMBDA:
        begin(d, "lambda");
        idents_attr(d, "params", &e->lambda.params);
        expr(d, e->lambda.body);
        break;
    case SQL_E_SUBSCRIPT:
        begin(d, "subscript");
        expr(d, e->subscript.base);
        expr(d, e->subscript.index);
        break;
    case SQL_E_FIELD:
        begin(d, "field");
        sb_putc(d->b, ' ');
        put_ident(d->b, &e->field.field);
        expr(d, e->field.base);
        break;
    case SQL_E_JSON_PATH:
        begin(d, "json_path");
        expr(d, e->json.base);
        for (uint32_t i = 0; i < e->json.nsteps; i++) {
            const SqlJsonStep *st = &e->json.steps[i];
            if (st->name) {
                begin(d, "key");
                str_attr(d, NULL, st->name, strlen(st->name));
                end(d);
            } else {
                wrap(d, "index", st->index);
            }
        }
        break;
    case SQL_E_INTERVAL: interval(d, e); return;
    case SQL_E_NAMED_ARG:
        begin(d, "named_arg");
        sb_putc(d->b, ' ');
        put_ident(d->b, &e->named.name);
        expr(d, e->named.value);
        break;
    case SQL_E_ROW:
        begin(d, "row");
        exprs(d, &e->row);
        break;
    }
    end(d);
}

/* ---------------------------------------------------------------- queries */

static void items(Dump *d, const char *kind, const SqlSelectItemList *l) {
    for (uint32_t i = 0; i < l->n; i++) {
        const SqlSelectItem *it = l->items[i];
        begin(d, kind);
        if (it->alias) ident_attr(d, "alias", it->alias);
        if (it->aliases.n) idents_attr(d, "aliases", &it->aliases);
        expr(d, it->expr);
        end(d);
    }
}

static void rows(Dump *d, const SqlRowList *r) {
    for (uint32_t i = 0; i < r->n; i++) {
        begin(d, "row");
        exprs(d, r->items[i]);
        end(d);
    }
}

static void select(Dump *d, const SqlSelect *s) {
    begin(d, "select");
    flag(d, s->distinct, "distinct");
    items(d, "item", &s->items);
    if (s->from.n) {
        begin(d, "from");
        for (uint32_t i = 0; i < s->from.n; i++) from(d, s->from.items[i]);
        end(d);
    }
    wrap(d, "where", s->where);
    if (s->group_all) {
        begin(d, "group_by_all");
        end(d);
    } else if (s->group_by.n) {
        begin(d, "group_by");
        exprs(d, &s->group_by);
        end(d);
    }
    wrap(d, "having", s->having);
    wrap(d, "qualify", s->qualify);
    for (uint32_t i = 0; i < s->windows.n; i++) {
        begin(d, "window");
        sb_putc(d->b, ' ');
        put_ident(d->b, &s->windows.items[i]->name);
        window(d, s->windows.items[i]->spec);
        end(d);
    }
    end(d);
}

static void setexpr(Dump *d, const SqlSetExpr *s) {
    static const char *const ops[] = {"union", "intersect", "except"};
    switch (s->kind) {
    case SQL_SET_SELECT: select(d, s->select); break;
    case SQL_SET_VALUES:
        begin(d, "values");
        rows(d, &s->values);
        end(d);
        break;
    case SQL_SET_OP:
        begin(d, ops[s->op.op]);
        flag(d, s->op.all, "all");
        setexpr(d, s->op.l);
        setexpr(d, s->op.r);
        end(d);
        break;
    case SQL_SET_QUERY: query(d, "query", s->query); break;
    }
}

static void query(Dump *d, const char *kind, const SqlQuery *q) {
    begin(d, kind);
    for (uint32_t i = 0; i < q->ctes.n; i++) {
        const SqlCte *c = q->ctes.items[i];
        begin(d, "cte");
        sb_putc(d->b, ' ');
        put_ident(d->b, &c->name);
        if (c->cols.n) idents_attr(d, "cols", &c->cols);
        query(d, "query", c->query);
        end(d);
    }
    setexpr(d, q->body);
    if (q->order.n) {
        begin(d, "order_by");
        sorts(d, &q->order);
        end(d);
    }
    wrap(d, "limit", q->limit);
    wrap(d, "offset", q->offset);
    end(d);
}

static void alias_attrs(Dump *d, const SqlFrom *f) {
    if (f->alias) ident_attr(d, "alias", f->alias);
    if (f->alias_cols.n) idents_attr(d, "cols", &f->alias_cols);
}

static void from(Dump *d, const SqlFrom *f) {
    static const char *const joins[] = {"inner", "left", "right", "full", "cross", "semi",
                                        "anti"};
    switch (f->kind) {
    case SQL_FROM_TABLE:
        begin(d, "table");
        name_attr(d, NULL, &f->table.name);
        flag(d, f->table.live, "live");
        flag(d, f->stream, "stream");
        alias_attrs(d, f);
        if (f->table.tt == SQL_TT_VERSION) wrap(d, "version_as_of", f->table.tt_value);
        if (f->table.tt == SQL_TT_TIMESTAMP) wrap(d, "timestamp_as_of", f->table.tt_value);
        break;
    case SQL_FROM_FILE:
        begin(d, "file");
        word(d, f->file.format);
        str_attr(d, NULL, f->file.path.name, strlen(f->file.path.name));
        flag(d, f->stream, "stream");
        alias_attrs(d, f);
        break;
    case SQL_FROM_TVF:
        begin(d, "tvf");
        name_attr(d, NULL, &f->tvf.name);
        flag(d, f->stream, "stream");
        alias_attrs(d, f);
        exprs(d, &f->tvf.args);
        break;
    case SQL_FROM_SUBQUERY:
        begin(d, "subquery");
        flag(d, f->subquery.lateral, "lateral");
        alias_attrs(d, f);
        query(d, "query", f->subquery.query);
        break;
    case SQL_FROM_VALUES:
        begin(d, "values");
        alias_attrs(d, f);
        rows(d, &f->values);
        break;
    case SQL_FROM_JOIN:
        begin(d, "join");
        attr(d, "%s", joins[f->join.type]);
        flag(d, f->join.natural, "natural");
        if (f->join.has_using) idents_attr(d, "using", &f->join.using_);
        from(d, f->join.l);
        from(d, f->join.r);
        wrap(d, "on", f->join.on);
        break;
    case SQL_FROM_LATERAL_VIEW:
        begin(d, "lateral_view");
        flag(d, f->lateral.outer, "outer");
        if (f->alias) ident_attr(d, "table", f->alias);
        if (f->alias_cols.n) idents_attr(d, "cols", &f->alias_cols);
        from(d, f->lateral.child);
        expr(d, f->lateral.gen);
        break;
    case SQL_FROM_PIVOT:
        begin(d, "pivot");
        alias_attrs(d, f);
        idents_attr(d, "for", &f->pivot.for_cols);
        from(d, f->pivot.child);
        items(d, "aggregate", &f->pivot.aggs);
        items(d, "value", &f->pivot.values);
        break;
    case SQL_FROM_UNPIVOT:
        begin(d, "unpivot");
        flag(d, f->unpivot.include_nulls, "include_nulls");
        alias_attrs(d, f);
        idents_attr(d, "values", &f->unpivot.value_cols);
        ident_attr(d, "name", &f->unpivot.name_col);
        from(d, f->unpivot.child);
        items(d, "column", &f->unpivot.cols);
        break;
    }
    end(d);
}

/* ---------------------------------------------------------------- statements */

static void column(Dump *d, const SqlColumnDef *c) {
    begin(d, "column");
    sb_putc(d->b, ' ');
    put_ident(d->b, &c->name);
    if (c->type) type_attr(d, c->type);
    flag(d, c->not_null, "not_null");
    flag(d, c->identity, "identity");
    flag(d, c->primary_key, "primary_key");
    if (c->comment) str_attr(d, "comment", c->comment->s, c->comment->len);
    if (c->mask) name_attr(d, "mask", c->mask);
    if (c->mask_using.n) idents_attr(d, "mask_using", &c->mask_using);
    wrap(d, "generated", c->generated);
    wrap(d, "default", c->default_);
    end(d);
}

static void props(Dump *d, const char *kind, const SqlPropertyList *l) {
    begin(d, kind);
    for (uint32_t i = 0; i < l->n; i++) {
        begin(d, "property");
        str_attr(d, NULL, l->items[i]->key, strlen(l->items[i]->key));
        str_attr(d, NULL, l->items[i]->value, strlen(l->items[i]->value));
        end(d);
    }
    end(d);
}

static void idents_node(Dump *d, const char *kind, const SqlIdentList *l) {
    begin(d, kind);
    sb_putc(d->b, ' ');
    put_idents(d->b, l);
    end(d);
}

static void cdc_body(Dump *d, const SqlApplyChanges *c) {
    static const char *const stored[] = {NULL, "scd1", "scd2", "bitemporal"};
    if (c->source) {
        begin(d, "source");
        from(d, c->source);
        end(d);
    }
    if (c->clause_at[SQL_CDC_KEYS].file) idents_node(d, "keys", &c->keys);
    wrap(d, "where", c->where);
    if (c->ignore_null_updates) {
        begin(d, "ignore_null_updates");
        if (c->ignore_null_cols.n) idents_attr(d, "on", &c->ignore_null_cols);
        end(d);
    }
    wrap(d, "delete_when", c->delete_when);
    wrap(d, "truncate_when", c->truncate_when);
    wrap(d, "sequence_by", c->sequence_by);
    wrap(d, "system_sequence_by", c->system_sequence_by);
    if (c->columns_mode == SQL_COLS_LIST) idents_node(d, "columns", &c->columns);
    if (c->columns_mode == SQL_COLS_EXCEPT) idents_node(d, "columns_except", &c->columns);
    if (c->columns_to_update.n) idents_node(d, "columns_to_update", &c->columns_to_update);
    if (stored[c->stored_as]) {
        begin(d, "stored_as");
        attr(d, "%s", stored[c->stored_as]);
        end(d);
    }
    if (c->track_mode == SQL_COLS_LIST) idents_node(d, "track_history", &c->track_history);
    if (c->track_mode == SQL_COLS_EXCEPT) idents_node(d, "track_history_except", &c->track_history);
}

static void create_dataset(Dump *d, const SqlScript *s, const SqlStmt *st) {
    static const char *const prefixes[] = {NULL, "private", "temporary"};
    static const char *const clusters[] = {NULL, NULL, "auto", "none"};
    static const char *const actions[] = {"warn", "drop_row", "fail_update"};
    const SqlCreateDataset *ds = st->create;
    begin(d, "create_dataset");
    attr(d, "kind=%s", sql_dataset_kind_name(ds->kind));
    const char *form = sql_dataset_form_name(ds->form);
    str_attr(d, "form", form, strlen(form));
    name_attr(d, "name", &ds->name);
    flag(d, ds->or_refresh, "or_refresh");
    flag(d, ds->if_not_exists, "if_not_exists");
    if (prefixes[ds->prefix]) attr(d, "prefix=%s", prefixes[ds->prefix]);
    attr(d, "private=%s", ds->is_private ? "true" : "false");
    loc_attr(d, s, st->loc);
    for (uint32_t i = 0; i < ds->columns.n; i++) column(d, ds->columns.items[i]);
    for (uint32_t i = 0; i < ds->expectations.n; i++) {
        const SqlExpectation *e = ds->expectations.items[i];
        begin(d, "expectation");
        sb_putc(d->b, ' ');
        put_ident(d->b, &e->name);
        attr(d, "on_violation=%s", actions[e->action]);
        expr(d, e->cond);
        end(d);
    }
    for (uint32_t i = 0; i < ds->constraints.n; i++) {
        const SqlTableConstraint *c = ds->constraints.items[i];
        begin(d, c->kind == SQL_TC_PRIMARY_KEY ? "primary_key" : "foreign_key");
        if (c->name) ident_attr(d, "name", c->name);
        idents_attr(d, "cols", &c->cols);
        if (c->kind == SQL_TC_FOREIGN_KEY) {
            name_attr(d, "references", &c->ref_table);
            if (c->ref_cols.n) idents_attr(d, "ref_cols", &c->ref_cols);
        }
        end(d);
    }
    if (ds->using_) {
        begin(d, "using");
        sb_putc(d->b, ' ');
        put_ident(d->b, ds->using_);
        end(d);
    }
    if (ds->partitioned_by.n) idents_node(d, "partitioned_by", &ds->partitioned_by);
    if (ds->cluster == SQL_CLUSTER_COLUMNS) idents_node(d, "cluster_by", &ds->cluster_by);
    if (clusters[ds->cluster]) {
        begin(d, "cluster_by");
        attr(d, "%s", clusters[ds->cluster]);
        end(d);
    }
    if (ds->location) {
        begin(d, "location");
        str_attr(d, NULL, ds->location->s, ds->location->len);
        end(d);
    }
    if (ds->comment) {
        begin(d, "comment");
        str_attr(d, NULL, ds->comment->s, ds->comment->len);
        end(d);
    }
    if (ds->clause_at[SQL_TC_TBLPROPERTIES].file) props(d, "tblproperties", &ds->properties);
    if (ds->clause_at[SQL_TC_OPTIONS].file) props(d, "options", &ds->options);
    if (ds->row_filter) {
        begin(d, "row_filter");
        name_attr(d, NULL, ds->row_filter);
        idents_attr(d, "on", &ds->row_filter_cols);
        end(d);
    }
    if (ds->clause_at[SQL_TC_SCHEDULE].file) {
        begin(d, "schedule");
        end(d);
    }
    if (ds->clause_at[SQL_TC_TRIGGER].file) {
        begin(d, "trigger_on_update");
        end(d);
    }
    if (ds->query) query(d, "query", ds->query);
    if (ds->flow_cdc) {
        begin(d, "flow_auto_cdc");
        cdc_body(d, ds->flow_cdc);
        end(d);
    }
    end(d);
}

static void stmt(Dump *d, const SqlScript *s, const SqlStmt *st) {
    static const char *const uses[] = {NULL, "catalog", "schema", "database"};
    switch (st->kind) {
    case SQL_STMT_CREATE_DATASET: create_dataset(d, s, st); return;
    case SQL_STMT_APPLY_CHANGES:
        begin(d, "apply_changes");
        name_attr(d, "target", &st->cdc->target);
        flag(d, st->cdc->target_live, "live");
        flag(d, st->cdc->auto_cdc, "auto_cdc");
        loc_attr(d, s, st->loc);
        cdc_body(d, st->cdc);
        break;
    case SQL_STMT_CREATE_FLOW: {
        const SqlCreateFlow *f = st->flow;
        const SqlApplyChanges *c = f->cdc;
        begin(d, "create_flow");
        sb_putc(d->b, ' ');
        put_ident(d->b, &f->name);
        flag(d, f->or_refresh, "or_refresh");
        attr(d, "kind=%s", c ? "auto_cdc" : "insert");
        flag(d, f->once, "once");
        name_attr(d, "target", c ? &c->target : &f->target);
        flag(d, c ? c->target_live : f->target_live, "live");
        flag(d, f->by_name, "by_name");
        loc_attr(d, s, st->loc);
        if (f->comment) {
            begin(d, "comment");
            str_attr(d, NULL, f->comment->s, f->comment->len);
            end(d);
        }
        if (f->query) query(d, "query", f->query);
        if (c) cdc_body(d, c);
        break;
    }
    case SQL_STMT_SET:
        begin(d, "set");
        if (st->set.key) str_attr(d, "key", st->set.key, strlen(st->set.key));
        if (st->set.value) str_attr(d, "value", st->set.value, strlen(st->set.value));
        loc_attr(d, s, st->loc);
        break;
    case SQL_STMT_USE:
        begin(d, "use");
        if (uses[st->use.kind]) attr(d, "%s", uses[st->use.kind]);
        name_attr(d, NULL, &st->use.name);
        loc_attr(d, s, st->loc);
        break;
    case SQL_STMT_UNSUPPORTED:
        begin(d, "unsupported");
        str_attr(d, NULL, st->unsupported.what, strlen(st->unsupported.what));
        loc_attr(d, s, st->loc);
        break;
    }
    end(d);
}

void sql_ast_dump(const SqlScript *s, StrBuf *out) {
    if (!s) return;
    StrBuf b = {0};
    Dump d = {&b, 0};
    for (uint32_t i = 0; i < s->stmts.n; i++) {
        stmt(&d, s, s->stmts.items[i]);
        sb_putc(&b, '\n');
        sb_put(out, b.ptr, b.len);
        sb_reset(&b);
    }
    sb_free(&b);
}
