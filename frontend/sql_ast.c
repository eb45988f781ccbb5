/* SQL syntax tree builders called by the grammar actions (grammar/sql.y): lists,
 * identifiers, literals, types, and the checks that are part of the syntax (clauses
 * given twice, malformed lambdas, unknown type names). Everything goes to the arena. */
#include "sql_lex.h"

#include "str.h"

#include <ctype.h>
#include <string.h>

/* ---------------------------------------------------------------- lists */

#define DEFINE_PUSH(fn, List, T)                                                         \
    void fn(Arena *a, List *l, T *x) {                                                   \
        if (l->n == l->cap) {                                                            \
            uint32_t cap = l->cap ? l->cap * 2 : 4;                                      \
            l->items = arena_realloc(a, l->items, l->cap * sizeof *l->items,             \
                                     cap * sizeof *l->items);                            \
            l->cap = cap;                                                                \
        }                                                                                \
        l->items[l->n++] = x;                                                            \
    }
DEFINE_PUSH(sql_expr_push, SqlExprList, SqlExpr)
DEFINE_PUSH(sql_row_push, SqlRowList, SqlExprList)
DEFINE_PUSH(sql_item_push, SqlSelectItemList, SqlSelectItem)
DEFINE_PUSH(sql_from_push, SqlFromList, SqlFrom)
DEFINE_PUSH(sql_sort_push, SqlSortList, SqlSort)
DEFINE_PUSH(sql_cte_push, SqlCteList, SqlCte)
DEFINE_PUSH(sql_windef_push, SqlWindowDefList, SqlWindowDef)
DEFINE_PUSH(sql_when_push, SqlWhenList, SqlWhen)
DEFINE_PUSH(sql_coldef_push, SqlColumnDefList, SqlColumnDef)
DEFINE_PUSH(sql_expect_push, SqlExpectationList, SqlExpectation)
DEFINE_PUSH(sql_tcons_push, SqlTableConstraintList, SqlTableConstraint)
DEFINE_PUSH(sql_prop_push, SqlPropertyList, SqlProperty)
DEFINE_PUSH(sql_stmt_push, SqlStmtList, SqlStmt)

void sql_ident_push(Arena *a, SqlIdentList *l, SqlIdent x) {
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        l->items = arena_realloc(a, l->items, l->cap * sizeof *l->items, cap * sizeof *l->items);
        l->cap = cap;
    }
    l->items[l->n++] = x;
}

/* ---------------------------------------------------------------- names */

SqlIdent sql_ident(SqlParser *p, SqlTok t, SrcLoc loc) {
    SqlIdent id = {.loc = loc, .quoted = t.quoted};
    if (!t.quoted) {
        id.name = arena_strndup(p->arena, t.s, t.n);
        return id;
    }
    char *s = arena_alloc(p->arena, (size_t)t.n + 1), *o = s;
    for (uint32_t i = 0; i < t.n; i++) {  // `` stands for one backquote
        *o++ = t.s[i];
        if (t.s[i] == '`' && i + 1 < t.n && t.s[i + 1] == '`') i++;
    }
    *o = 0;
    if (o == s) sql_error(p, loc, "empty quoted identifier");
    id.name = s;
    return id;
}

SqlIdent *sql_ident_new(SqlParser *p, SqlIdent id) {
    SqlIdent *x = arena_alloc(p->arena, sizeof *x);
    *x = id;
    return x;
}

SqlName sql_name1(SqlParser *p, SqlIdent id) {
    SqlName n = {.loc = id.loc};
    sql_ident_push(p->arena, &n, id);
    return n;
}

SqlIdentList sql_idents(SqlParser *p, const SqlIdentList *l, SqlIdent id, SrcLoc loc) {
    SqlIdentList r = l ? *l : (SqlIdentList){0};
    sql_ident_push(p->arena, &r, id);
    r.loc = loc;
    return r;
}

SqlString *sql_string(SqlParser *p, SqlTok t, SrcLoc loc) {
    SqlString *s = arena_alloc(p->arena, sizeof *s);
    *s = (SqlString){t.s, t.n, loc};
    return s;
}

SqlName sql_check_name(SqlParser *p, SqlName n, const char *what) {
    if (n.n > 3)
        sql_error(p, n.loc, "%s name has %u parts; at most 3 are allowed (catalog.schema.name)",
                  what, n.n);
    return n;
}

bool sql_strip_live(SqlName *n) {
    if (n->n != 2 || !str_ieq(n->items[0].name, "live")) return false;
    n->items[0] = n->items[1];
    n->n = 1;
    return true;
}

/* ---------------------------------------------------------------- expressions */

SqlExpr *sql_expr_new(SqlParser *p, SqlExprKind kind, SrcLoc loc) {
    SqlExpr *e = arena_alloc(p->arena, sizeof *e);
    e->kind = kind;
    e->loc = loc;
    return e;
}

SqlExpr *sql_lit(SqlParser *p, SqlLitKind kind, const char *text, uint32_t len, SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_LITERAL, loc);
    e->lit.kind = kind;
    e->lit.len = len;
    if (text) {  // strings may hold NULs: copy every byte
        char *s = arena_alloc(p->arena, (size_t)len + 1);
        memcpy(s, text, len);
        e->lit.text = s;
    }
    return e;
}

SqlExpr *sql_number(SqlParser *p, SqlTok t, SrcLoc loc) {
    return sql_lit(p, (SqlLitKind)t.kind, t.s, t.n, loc);
}

/* 'a' 'b' 'c': grow one buffer, doubling, so n pieces cost O(total length). */
SqlExpr *sql_concat_strings(SqlParser *p, SqlExpr *l, SqlTok t, SrcLoc loc) {
    uint32_t need = l->lit.len + t.n + 1;
    if (l->lit.text != p->concat || need > p->concat_cap) {
        uint32_t cap = need * 2;
        char *s = arena_alloc(p->arena, cap);
        memcpy(s, l->lit.text, l->lit.len);
        p->concat = s;
        p->concat_cap = cap;
    }
    memcpy(p->concat + l->lit.len, t.s, t.n);
    p->concat[l->lit.len + t.n] = 0;
    l->lit.text = p->concat;
    l->lit.len += t.n;
    l->loc = loc;
    return l;
}

SqlExpr *sql_typed_lit(SqlParser *p, SqlLitKind kind, SqlExpr *str, SrcLoc loc) {
    (void)p;
    str->lit.kind = kind;
    str->loc = loc;
    return str;
}

SqlExpr *sql_unary(SqlParser *p, SqlUnaryOp op, SqlExpr *x, SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_UNARY, loc);
    e->unary.op = op;
    e->unary.arg = x;
    return e;
}

SqlExpr *sql_binary(SqlParser *p, SqlBinaryOp op, SqlExpr *l, SqlExpr *r, SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_BINARY, loc);
    e->binary.op = op;
    e->binary.l = l;
    e->binary.r = r;
    return e;
}

SqlExpr *sql_column(SqlParser *p, SqlName name, SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_COLUMN, loc);
    e->name = name;
    return e;
}

SqlExpr *sql_call(SqlParser *p, SqlName name, SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_CALL, loc);
    e->call.name = name;
    return e;
}

SqlExpr *sql_is(SqlParser *p, SqlExpr *arg, SqlIsKind kind, bool negated, SqlExpr *other,
                SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_IS, loc);
    e->is.kind = kind;
    e->is.arg = arg;
    e->is.other = other;
    e->is.negated = negated;
    return e;
}

SqlExpr *sql_in(SqlParser *p, SqlExpr *arg, bool negated, const SqlExprList *list,
                SqlQuery *query, SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_IN, loc);
    e->in.arg = arg;
    e->in.negated = negated;
    if (list) e->in.list = *list;
    e->in.query = query;
    return e;
}

SqlExpr *sql_between(SqlParser *p, SqlExpr *arg, bool negated, SqlExpr *lo, SqlExpr *hi,
                     SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_BETWEEN, loc);
    e->between.arg = arg;
    e->between.lo = lo;
    e->between.hi = hi;
    e->between.negated = negated;
    return e;
}

SqlExpr *sql_like(SqlParser *p, SqlLikeOp op, SqlExpr *arg, SqlExpr *pattern, SqlExpr *escape,
                  bool negated, SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_LIKE, loc);
    e->like.op = op;
    e->like.arg = arg;
    e->like.pattern = pattern;
    e->like.escape = escape;
    e->like.negated = negated;
    return e;
}

SqlExpr *sql_star(SqlParser *p, const SqlName *qual, const SqlIdentList *except, SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_STAR, loc);
    if (qual) {
        e->star.qualifier = arena_alloc(p->arena, sizeof *qual);
        *e->star.qualifier = *qual;
    }
    if (except) {
        e->star.except = *except;
        e->star.has_except = true;
    }
    return e;
}

static bool is_simple_name(const SqlExpr *e) {
    return e->kind == SQL_E_COLUMN && e->name.n == 1;
}

SqlExpr *sql_lambda(SqlParser *p, SqlExpr *params, SqlExpr *body, SrcLoc loc) {
    SqlExpr *e = sql_expr_new(p, SQL_E_LAMBDA, loc);
    e->lambda.body = body;
    if (is_simple_name(params)) {
        sql_ident_push(p->arena, &e->lambda.params, params->name.items[0]);
        return e;
    }
    if (params->kind == SQL_E_ROW) {
        for (uint32_t i = 0; i < params->row.n; i++) {
            SqlExpr *x = params->row.items[i];
            if (!is_simple_name(x)) {
                sql_error(p, x->loc, "lambda parameters must be plain names");
                return e;
            }
            sql_ident_push(p->arena, &e->lambda.params, x->name.items[0]);
        }
        return e;
    }
    sql_error(p, params->loc, "lambda parameters must be a name or (name, ...)");
    return e;
}

SqlExpr *sql_named_arg(SqlParser *p, SqlExpr *name, SqlExpr *value, SrcLoc loc) {
    if (!is_simple_name(name)) {
        sql_error(p, name->loc, "an argument name before '=>' must be a plain name");
        return value;
    }
    SqlExpr *e = sql_expr_new(p, SQL_E_NAMED_ARG, loc);
    e->named.value = value;
    e->named.name = name->name.items[0];
    return e;
}

SqlExpr *sql_json_step(SqlParser *p, SqlExpr *json, const char *name, SqlExpr *index) {
    if (index && index->kind == SQL_E_LITERAL && index->lit.kind == SQL_LIT_STRING)
        name = index->lit.text, index = NULL;  // col:['a b'] is the key "a b", like col:a
    if (json->json.nsteps == json->json.cap) {
        uint32_t cap = json->json.cap ? json->json.cap * 2 : 4;
        json->json.steps = arena_realloc(p->arena, json->json.steps,
                                         json->json.cap * sizeof *json->json.steps,
                                         cap * sizeof *json->json.steps);
        json->json.cap = cap;
    }
    json->json.steps[json->json.nsteps++] = (SqlJsonStep){name, index};
    return json;
}

static const struct {
    const char     *name;
    SqlIntervalUnit unit;
} units[] = {
    {"year", SQL_UNIT_YEAR},     {"years", SQL_UNIT_YEAR},
    {"month", SQL_UNIT_MONTH},   {"months", SQL_UNIT_MONTH},
    {"week", SQL_UNIT_WEEK},     {"weeks", SQL_UNIT_WEEK},
    {"day", SQL_UNIT_DAY},       {"days", SQL_UNIT_DAY},
    {"hour", SQL_UNIT_HOUR},     {"hours", SQL_UNIT_HOUR},
    {"minute", SQL_UNIT_MINUTE}, {"minutes", SQL_UNIT_MINUTE},
    {"second", SQL_UNIT_SECOND}, {"seconds", SQL_UNIT_SECOND},
    {"millisecond", SQL_UNIT_MILLISECOND}, {"milliseconds", SQL_UNIT_MILLISECOND},
    {"microsecond", SQL_UNIT_MICROSECOND}, {"microseconds", SQL_UNIT_MICROSECOND},
};

static SqlIntervalUnit unit_of(SqlTok t) {
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i].name) == t.n && str_nieq(t.s, units[i].name, t.n)) return units[i].unit;
    return SQL_UNIT_NONE;  // the grammar only passes unit keywords
}

const char *sql_interval_unit_name(SqlIntervalUnit u) {
    static const char *const names[] = {"year", "month", "week", "day", "hour", "minute",
                                        "second", "millisecond", "microsecond", "none"};
    return u <= SQL_UNIT_NONE ? names[u] : "?";
}

SqlExpr *sql_interval_add(SqlParser *p, SqlExpr *iv, SqlTok value, bool neg, bool quoted,
                          SqlTok unit, SrcLoc unit_loc, SqlTok *to, SrcLoc to_loc, SrcLoc loc) {
    (void)unit_loc;
    SqlIntervalPart part = {
        .value = arena_printf(p->arena, "%s%.*s", neg ? "-" : "", (int)value.n, value.s),
        .quoted = quoted,
        .unit = unit.n ? unit_of(unit) : SQL_UNIT_NONE,
        .to = to ? unit_of(*to) : SQL_UNIT_NONE,
        .loc = loc,
    };
    // YEAR TO MONTH, DAY TO HOUR|MINUTE|SECOND, HOUR TO MINUTE|SECOND, MINUTE TO SECOND
    if (to && !((part.unit == SQL_UNIT_YEAR && part.to == SQL_UNIT_MONTH) ||
                (part.unit >= SQL_UNIT_DAY && part.unit < part.to && part.to <= SQL_UNIT_SECOND)))
        sql_error(p, src_span(unit_loc, to_loc), "invalid interval range %s TO %s",
                  sql_interval_unit_name(part.unit), sql_interval_unit_name(part.to));
    if (iv->interval.n == iv->interval.cap) {
        uint32_t cap = iv->interval.cap ? iv->interval.cap * 2 : 2;
        iv->interval.parts = arena_realloc(p->arena, iv->interval.parts,
                                           iv->interval.cap * sizeof *iv->interval.parts,
                                           cap * sizeof *iv->interval.parts);
        iv->interval.cap = cap;
    }
    iv->interval.parts[iv->interval.n++] = part;
    return iv;
}

/* ---------------------------------------------------------------- types */

static const struct {
    const char *name;
    TypeId      id;
    int         max_params;  // 0: none; 1: (n); 2: (p[, s])
    bool        known;
} type_names[] = {
    {"boolean", TY_BOOLEAN, 0, true},     {"bool", TY_BOOLEAN, 0, true},
    {"tinyint", TY_TINYINT, 0, true},     {"byte", TY_TINYINT, 0, true},
    {"smallint", TY_SMALLINT, 0, true},   {"short", TY_SMALLINT, 0, true},
    {"int", TY_INT, 0, true},             {"integer", TY_INT, 0, true},
    {"bigint", TY_BIGINT, 0, true},       {"long", TY_BIGINT, 0, true},
    {"float", TY_FLOAT, 0, true},         {"real", TY_FLOAT, 0, true},
    {"double", TY_DOUBLE, 0, true},       {"string", TY_STRING, 0, true},
    {"varchar", TY_STRING, 1, true},      {"char", TY_STRING, 1, true},
    {"character", TY_STRING, 1, true},    {"binary", TY_BINARY, 0, true},
    {"date", TY_DATE, 0, true},           {"timestamp", TY_TIMESTAMP, 0, true},
    {"timestamp_ntz", TY_TIMESTAMP, 0, true}, {"timestamp_ltz", TY_TIMESTAMP, 0, true},
    {"decimal", TY_DECIMAL, 2, true},     {"dec", TY_DECIMAL, 2, true},
    {"numeric", TY_DECIMAL, 2, true},     {"void", TY_NULL, 0, true},
    {"interval", TY_INTERVAL, 0, true},   {"variant", TY_NULL, 0, false},
    {"object", TY_NULL, 0, false},
};

static SqlType *type_new(SqlParser *p, SrcLoc loc) {
    SqlType *t = arena_alloc(p->arena, sizeof *t);
    t->loc = loc;
    t->known = true;
    t->spelling = arena_strndup(p->arena, p->text + loc.off, loc.len);
    return t;
}

int sql_int_param(SqlParser *p, SqlTok t, SrcLoc loc) {
    long v = 0;
    for (uint32_t i = 0; i < t.n && v <= 100000; i++) v = v * 10 + (t.s[i] - '0');
    if (v > 100000) {
        sql_error(p, loc, "type parameter %.*s is too large", (int)t.n, t.s);
        return 0;
    }
    return (int)v;
}

SqlType *sql_type(SqlParser *p, SqlTok name, int nparams, int p1, int p2, SrcLoc loc) {
    SqlType *t = type_new(p, loc);
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++) {
        if (strlen(type_names[i].name) != name.n || !str_nieq(name.s, type_names[i].name, name.n))
            continue;
        t->type = TYPE(type_names[i].id);
        t->known = type_names[i].known;
        if (nparams > type_names[i].max_params) {
            sql_error(p, loc, "type %.*s takes %s", (int)name.n, name.s,
                      type_names[i].max_params ? "one parameter" : "no parameters");
            return t;
        }
        if (type_names[i].id == TY_DECIMAL) {
            int prec = nparams >= 1 ? p1 : 10, scale = nparams >= 2 ? p2 : 0;
            if (prec < 1 || prec > 38 || scale > prec) {
                sql_error(p, loc, "invalid decimal type: precision must be 1 to 38 and scale "
                                  "at most the precision");
                prec = 38, scale = scale > 38 ? 38 : scale;
            }
            t->type = type_decimal(prec, scale);
        }
        return t;
    }
    static const char *const nested[] = {"array", "map", "struct"};
    for (size_t i = 0; i < 3; i++)
        if (strlen(nested[i]) == name.n && str_nieq(name.s, nested[i], name.n)) {
            static const char *const forms[] = {"ARRAY<type>", "MAP<key, value>",
                                                "STRUCT<name: type, ...>"};
            sql_error(p, loc, "type %.*s needs its parts: %s", (int)name.n, name.s, forms[i]);
            return t;
        }
    sql_error(p, loc, "unknown data type '%.*s'", (int)name.n, name.s);
    t->known = false;
    return t;
}

SqlType *sql_type_nested(SqlParser *p, SqlTok name, SqlTypeArg *args, SrcLoc loc) {
    SqlType *t = type_new(p, loc);
    // args arrive last first
    SqlTypeArg *rev = NULL;
    uint32_t n = 0, nfields = 0;
    while (args) {
        SqlTypeArg *next = args->next;
        args->next = rev, rev = args, args = next;
        n++;
        nfields += rev->field != NULL;
    }
    TypeNested *nt = arena_alloc(p->arena, sizeof *nt);
    const char *kind = "";
    if (name.n == 5 && str_nieq(name.s, "array", 5)) {
        kind = "array";
        t->type = (Type){.id = TY_ARRAY, .nested = nt};
        if (n != 1 || nfields) {
            sql_error(p, loc, "ARRAY takes one element type: ARRAY<type>");
            return t;
        }
        nt->elem = rev->type->type;
    } else if (name.n == 3 && str_nieq(name.s, "map", 3)) {
        kind = "map";
        t->type = (Type){.id = TY_MAP, .nested = nt};
        if (n != 2 || nfields) {
            sql_error(p, loc, "MAP takes a key and a value type: MAP<key, value>");
            return t;
        }
        nt->elem = rev->type->type;
        nt->value = rev->next->type->type;
    } else if (name.n == 6 && str_nieq(name.s, "struct", 6)) {
        kind = "struct";
        t->type = (Type){.id = TY_STRUCT, .nested = nt};
        if (nfields != n) {
            sql_error(p, loc, "STRUCT fields need names: STRUCT<name: type, ...>");
            return t;
        }
        nt->fields = arena_alloc(p->arena, (n ? n : 1) * sizeof *nt->fields);
        nt->nfields = n;
        uint32_t i = 0;
        for (SqlTypeArg *a = rev; a; a = a->next, i++)
            nt->fields[i] = (TypeField){a->field->name, a->type->type, !a->not_null};
    } else {
        sql_error(p, loc, "type %.*s takes no <...> parts", (int)name.n, name.s);
        t->known = false;
        return t;
    }
    (void)kind;
    for (SqlTypeArg *a = rev; a; a = a->next) t->known &= a->type->known;
    return t;
}

/* ---------------------------------------------------------------- queries */

SqlQuery *sql_query_new(SqlParser *p, SqlSetExpr *body, SrcLoc loc) {
    SqlQuery *q = arena_alloc(p->arena, sizeof *q);
    q->body = body;
    q->loc = loc;
    return q;
}

/* A parenthesised query as a set-operation operand: just its body when it has no
 * WITH, ORDER BY, LIMIT or OFFSET of its own. */
SqlSetExpr *sql_setexpr_from_query(SqlParser *p, SqlQuery *q) {
    if (!q->ctes.n && !q->order.n && !q->limit && !q->offset) return q->body;
    SqlSetExpr *s = arena_alloc(p->arena, sizeof *s);
    s->kind = SQL_SET_QUERY;
    s->loc = q->loc;
    s->query = q;
    return s;
}

SqlSetExpr *sql_setop(SqlParser *p, SqlSetOp op, bool all, SqlSetExpr *l, SqlSetExpr *r,
                      SrcLoc loc) {
    SqlSetExpr *s = arena_alloc(p->arena, sizeof *s);
    s->kind = SQL_SET_OP;
    s->loc = loc;
    s->op.op = op;
    s->op.all = all;
    s->op.l = l;
    s->op.r = r;
    return s;
}

SqlQuery *sql_query_tail(SqlParser *p, SqlQuery *q, const SqlSortList *order, SqlExpr *limit,
                         SqlExpr *offset) {
    (void)p;
    q->order = *order;
    q->limit = limit;
    q->offset = offset;
    return q;
}

SqlSelectItem *sql_item(SqlParser *p, SqlExpr *e, SqlIdent *alias, SrcLoc loc) {
    SqlSelectItem *it = arena_alloc(p->arena, sizeof *it);
    it->expr = e;
    it->alias = alias;
    it->loc = loc;
    return it;
}

SqlFrom *sql_join(SqlParser *p, SqlFrom *l, int type, bool natural, SqlFrom *r, SrcLoc loc) {
    SqlFrom *f = sql_from_new(p, SQL_FROM_JOIN, loc);
    f->join.type = (SqlJoinType)type;
    f->join.natural = natural;
    f->join.l = l;
    f->join.r = r;
    return f;
}

SqlFrom *sql_from_new(SqlParser *p, SqlFromKind kind, SrcLoc loc) {
    SqlFrom *f = arena_alloc(p->arena, sizeof *f);
    f->kind = kind;
    f->loc = loc;
    return f;
}

/* Spark's format.`path` file references. */
static const char *const file_formats[] = {"json", "csv",  "parquet", "text",      "orc",
                                           "avro", "delta", "binaryFile", "xml"};

SqlFrom *sql_from_name(SqlParser *p, SqlName name, SrcLoc loc) {
    if (name.n == 2 && name.items[1].quoted && !name.items[0].quoted) {
        for (size_t i = 0; i < sizeof file_formats / sizeof file_formats[0]; i++) {
            if (!str_ieq(name.items[0].name, file_formats[i])) continue;
            SqlFrom *f = sql_from_new(p, SQL_FROM_FILE, loc);
            f->file.format = name.items[0].name;
            f->file.path = name.items[1];
            return f;
        }
    }
    SqlFrom *f = sql_from_new(p, SQL_FROM_TABLE, loc);
    f->table.name = sql_check_name(p, name, "table");
    f->table.live = sql_strip_live(&f->table.name);
    return f;
}

SqlExprList *sql_row_values(SqlParser *p, SqlExpr *row) {
    SqlExprList *l = arena_alloc(p->arena, sizeof *l);
    if (row->kind == SQL_E_ROW) *l = row->row;
    else sql_expr_push(p->arena, l, row);
    return l;
}

/* ---------------------------------------------------------------- statements */

static void duplicate(SqlParser *p, const char *what, SrcLoc at, SrcLoc first) {
    int before = p->nerrors;
    sql_error(p, at, "%s is given twice", what);
    if (p->nerrors > before) diag_note(p->diags, first, "first given here");
}

void sql_ddl_clause(SqlParser *p, SqlCreateDataset *ds, SqlTableClause c, SrcLoc at) {
    static const char *const names[SQL_TC_COUNT_] = {
        [SQL_TC_USING] = "USING",          [SQL_TC_PARTITIONED] = "PARTITIONED BY",
        [SQL_TC_CLUSTER] = "CLUSTER BY",   [SQL_TC_LOCATION] = "LOCATION",
        [SQL_TC_COMMENT] = "COMMENT",      [SQL_TC_TBLPROPERTIES] = "TBLPROPERTIES",
        [SQL_TC_ROW_FILTER] = "WITH ROW FILTER", [SQL_TC_SCHEDULE] = "SCHEDULE",
        [SQL_TC_TRIGGER] = "TRIGGER ON UPDATE",  [SQL_TC_OPTIONS] = "OPTIONS",
        [SQL_TC_ELEMENTS] = "the column list",
    };
    if (ds->clause_at[c].file) {
        duplicate(p, names[c], at, ds->clause_at[c]);
        return;
    }
    if (c == SQL_TC_ELEMENTS) {  // only CLUSTER BY may come before the column list
        for (int i = 0; i < SQL_TC_COUNT_; i++)
            if (i != SQL_TC_CLUSTER && i != SQL_TC_ELEMENTS && ds->clause_at[i].file) {
                sql_error(p, at, "the column list must come before %s", names[i]);
                break;
            }
    }
    if ((c == SQL_TC_CLUSTER && ds->clause_at[SQL_TC_PARTITIONED].file) ||
        (c == SQL_TC_PARTITIONED && ds->clause_at[SQL_TC_CLUSTER].file))
        sql_error(p, at, "CLUSTER BY and PARTITIONED BY cannot be used together");
    ds->clause_at[c] = at;
}

void sql_cdc_clause(SqlParser *p, SqlApplyChanges *ac, SqlCdcClause c, SrcLoc at) {
    static const char *const names[SQL_CDC_COUNT_] = {
        [SQL_CDC_FROM] = "FROM",
        [SQL_CDC_KEYS] = "KEYS",
        [SQL_CDC_WHERE] = "WHERE",
        [SQL_CDC_IGNORE_NULL_UPDATES] = "IGNORE NULL UPDATES",
        [SQL_CDC_DELETE_WHEN] = "APPLY AS DELETE WHEN",
        [SQL_CDC_TRUNCATE_WHEN] = "APPLY AS TRUNCATE WHEN",
        [SQL_CDC_SEQUENCE_BY] = "SEQUENCE BY",
        [SQL_CDC_SYSTEM_SEQUENCE_BY] = "SYSTEM SEQUENCE BY",
        [SQL_CDC_COLUMNS] = "COLUMNS",
        [SQL_CDC_COLUMNS_TO_UPDATE] = "COLUMNS TO UPDATE",
        [SQL_CDC_STORED_AS] = "STORED AS",
        [SQL_CDC_TRACK_HISTORY] = "TRACK HISTORY",
    };
    if (ac->clause_at[c].file) duplicate(p, names[c], at, ac->clause_at[c]);
    else ac->clause_at[c] = at;
}

void sql_set_dataset_kind(SqlCreateDataset *ds, SqlDatasetPrefix prefix, SqlDatasetForm form) {
    ds->prefix = prefix;
    ds->form = form;
    switch (form) {
    case SQL_FORM_STREAMING_TABLE:
    case SQL_FORM_STREAMING_LIVE_TABLE:
    case SQL_FORM_INCREMENTAL_LIVE_TABLE: ds->kind = SQL_DS_STREAMING_TABLE; break;
    case SQL_FORM_MATERIALIZED_VIEW:
    case SQL_FORM_LIVE_TABLE: ds->kind = SQL_DS_MATERIALIZED_VIEW; break;
    case SQL_FORM_LIVE_VIEW:
    case SQL_FORM_STREAMING_LIVE_VIEW: ds->kind = SQL_DS_VIEW; break;
    case SQL_FORM_VIEW:
        ds->kind = prefix == SQL_PREFIX_NONE ? SQL_DS_PERSISTED_VIEW : SQL_DS_VIEW;
        break;
    }
    ds->is_private = prefix != SQL_PREFIX_NONE &&
                     (ds->kind == SQL_DS_STREAMING_TABLE || ds->kind == SQL_DS_MATERIALIZED_VIEW);
}

SqlStmt *sql_stmt_new(SqlParser *p, SqlStmtKind kind, SrcLoc loc) {
    SqlStmt *s = arena_alloc(p->arena, sizeof *s);
    s->kind = kind;
    s->loc = loc;
    return s;
}

static void trim(const char **s, const char **e) {
    while (*s < *e && isspace((unsigned char)**s)) (*s)++;
    while (*e > *s && isspace((unsigned char)(*e)[-1])) (*e)--;
}

/* 'v', "v", `v` -> v (no escapes are decoded) */
static void unquote(const char **s, const char **e) {
    bool quote = **s == '\'' || **s == '"' || **s == '`';
    if (*e - *s >= 2 && quote && (*e)[-1] == **s) (*s)++, (*e)--;
}

/* SET key = value: key is the text before the first '=', value the text after it. */
SqlStmt *sql_set_stmt(SqlParser *p, SqlTok raw, SrcLoc loc) {
    SqlStmt *st = sql_stmt_new(p, SQL_STMT_SET, loc);
    st->set.raw = arena_strndup(p->arena, raw.s, raw.n);
    if (raw.n == 0) return st;
    const char *s = raw.s, *end = raw.s + raw.n, *eq = memchr(s, '=', raw.n);
    const char *ke = eq ? eq : end;
    trim(&s, &ke);
    unquote(&s, &ke);
    st->set.key = arena_strndup(p->arena, s, (size_t)(ke - s));
    if (!eq) return st;
    if (ke == s) sql_error(p, loc, "SET needs a key before '='");
    const char *v = eq + 1;
    trim(&v, &end);
    unquote(&v, &end);
    st->set.value = arena_strndup(p->arena, v, (size_t)(end - v));
    return st;
}

/* ---------------------------------------------------------------- depth check */

/* A walk that stops SQL_MAX_DEPTH levels down: the grammar builds left-deep trees for
 * long chains (a + b + ..., joins, UNIONs) without a deep parser stack, so a statement
 * can nest deeper than recursive passes over it (dump, lowering) should go. */
typedef struct {
    SrcLoc at;   // where the limit was hit
    bool   deep;
} Depth;

static bool d_expr(Depth *d, const SqlExpr *e, int level);
static bool d_query(Depth *d, const SqlQuery *q, int level);
static bool d_from(Depth *d, const SqlFrom *f, int level);

static bool too_deep(Depth *d, SrcLoc at, int level) {
    if (level <= SQL_MAX_DEPTH) return false;
    d->deep = true;
    d->at = at;
    return true;
}

static bool d_exprs(Depth *d, const SqlExprList *l, int level) {
    for (uint32_t i = 0; i < l->n; i++)
        if (!d_expr(d, l->items[i], level)) return false;
    return true;
}

static bool d_sorts(Depth *d, const SqlSortList *l, int level) {
    for (uint32_t i = 0; i < l->n; i++)
        if (!d_expr(d, l->items[i]->expr, level)) return false;
    return true;
}

static bool d_items(Depth *d, const SqlSelectItemList *l, int level) {
    for (uint32_t i = 0; i < l->n; i++)
        if (!d_expr(d, l->items[i]->expr, level)) return false;
    return true;
}

static bool d_window(Depth *d, const SqlWindow *w, int level) {
    if (!w) return true;
    if (!d_exprs(d, &w->partition, level) || !d_sorts(d, &w->order, level)) return false;
    if (w->frame && !(d_expr(d, w->frame->start.value, level) &&
                      d_expr(d, w->frame->end.value, level)))
        return false;
    return true;
}

static bool d_expr(Depth *d, const SqlExpr *e, int level) {
    if (!e) return true;
    if (too_deep(d, e->loc, level)) return false;
    level++;
    switch (e->kind) {
    case SQL_E_LITERAL: case SQL_E_COLUMN: case SQL_E_STAR: case SQL_E_INTERVAL: return true;
    case SQL_E_UNARY: return d_expr(d, e->unary.arg, level);
    case SQL_E_BINARY: return d_expr(d, e->binary.l, level) && d_expr(d, e->binary.r, level);
    case SQL_E_CALL:
        return d_exprs(d, &e->call.args, level) && d_expr(d, e->call.filter, level) &&
               d_window(d, e->call.over, level);
    case SQL_E_CASE:
        if (!d_expr(d, e->kase.operand, level) || !d_expr(d, e->kase.else_, level)) return false;
        for (uint32_t i = 0; i < e->kase.whens.n; i++)
            if (!d_expr(d, e->kase.whens.items[i]->cond, level) ||
                !d_expr(d, e->kase.whens.items[i]->result, level))
                return false;
        return true;
    case SQL_E_CAST: return d_expr(d, e->cast.arg, level);
    case SQL_E_IN:
        return d_expr(d, e->in.arg, level) && d_exprs(d, &e->in.list, level) &&
               d_query(d, e->in.query, level);
    case SQL_E_BETWEEN:
        return d_expr(d, e->between.arg, level) && d_expr(d, e->between.lo, level) &&
               d_expr(d, e->between.hi, level);
    case SQL_E_LIKE:
        return d_expr(d, e->like.arg, level) && d_expr(d, e->like.pattern, level) &&
               d_expr(d, e->like.escape, level);
    case SQL_E_IS: return d_expr(d, e->is.arg, level) && d_expr(d, e->is.other, level);
    case SQL_E_SUBQUERY: case SQL_E_EXISTS: return d_query(d, e->query, level);
    case SQL_E_LAMBDA: return d_expr(d, e->lambda.body, level);
    case SQL_E_SUBSCRIPT:
        return d_expr(d, e->subscript.base, level) && d_expr(d, e->subscript.index, level);
    case SQL_E_FIELD: return d_expr(d, e->field.base, level);
    case SQL_E_JSON_PATH:
        if (!d_expr(d, e->json.base, level)) return false;
        for (uint32_t i = 0; i < e->json.nsteps; i++)
            if (!d_expr(d, e->json.steps[i].index, level)) return false;
        return true;
    case SQL_E_NAMED_ARG: return d_expr(d, e->named.value, level);
    case SQL_E_ROW: return d_exprs(d, &e->row, level);
    }
    return true;
}

static bool d_rows(Depth *d, const SqlRowList *rows, int level) {
    for (uint32_t i = 0; i < rows->n; i++)
        if (!d_exprs(d, rows->items[i], level)) return false;
    return true;
}

static bool d_setexpr(Depth *d, const SqlSetExpr *s, int level) {
    if (too_deep(d, s->loc, level)) return false;
    level++;
    switch (s->kind) {
    case SQL_SET_SELECT: {
        const SqlSelect *sel = s->select;
        for (uint32_t i = 0; i < sel->from.n; i++)
            if (!d_from(d, sel->from.items[i], level)) return false;
        if (!d_items(d, &sel->items, level) || !d_expr(d, sel->where, level) ||
            !d_exprs(d, &sel->group_by, level) || !d_expr(d, sel->having, level) ||
            !d_expr(d, sel->qualify, level))
            return false;
        for (uint32_t i = 0; i < sel->windows.n; i++)
            if (!d_window(d, sel->windows.items[i]->spec, level)) return false;
        return true;
    }
    case SQL_SET_VALUES: return d_rows(d, &s->values, level);
    case SQL_SET_OP: return d_setexpr(d, s->op.l, level) && d_setexpr(d, s->op.r, level);
    case SQL_SET_QUERY: return d_query(d, s->query, level);
    }
    return true;
}

static bool d_query(Depth *d, const SqlQuery *q, int level) {
    if (!q) return true;
    if (too_deep(d, q->loc, level)) return false;
    level++;
    for (uint32_t i = 0; i < q->ctes.n; i++)
        if (!d_query(d, q->ctes.items[i]->query, level)) return false;
    return d_setexpr(d, q->body, level) && d_sorts(d, &q->order, level) &&
           d_expr(d, q->limit, level) && d_expr(d, q->offset, level);
}

static bool d_from(Depth *d, const SqlFrom *f, int level) {
    if (!f) return true;
    if (too_deep(d, f->loc, level)) return false;
    level++;
    switch (f->kind) {
    case SQL_FROM_TABLE: return d_expr(d, f->table.tt_value, level);
    case SQL_FROM_FILE: return true;
    case SQL_FROM_TVF: return d_exprs(d, &f->tvf.args, level);
    case SQL_FROM_SUBQUERY: return d_query(d, f->subquery.query, level);
    case SQL_FROM_VALUES: return d_rows(d, &f->values, level);
    case SQL_FROM_JOIN:
        return d_from(d, f->join.l, level) && d_from(d, f->join.r, level) &&
               d_expr(d, f->join.on, level);
    case SQL_FROM_LATERAL_VIEW:
        return d_from(d, f->lateral.child, level) && d_expr(d, f->lateral.gen, level);
    case SQL_FROM_PIVOT:
        return d_from(d, f->pivot.child, level) && d_items(d, &f->pivot.aggs, level) &&
               d_items(d, &f->pivot.values, level);
    case SQL_FROM_UNPIVOT:
        return d_from(d, f->unpivot.child, level) && d_items(d, &f->unpivot.cols, level);
    }
    return true;
}

static bool d_cdc(Depth *d, const SqlApplyChanges *c, int level) {
    if (!c) return true;
    return d_from(d, c->source, level) && d_expr(d, c->where, level) &&
           d_expr(d, c->delete_when, level) && d_expr(d, c->truncate_when, level) &&
           d_expr(d, c->sequence_by, level) && d_expr(d, c->system_sequence_by, level);
}

bool sql_check_depth(SqlParser *p, const SqlStmt *s) {
    Depth d = {0};
    switch (s->kind) {
    case SQL_STMT_CREATE_DATASET: {
        const SqlCreateDataset *ds = s->create;
        bool ok = d_query(&d, ds->query, 1) && d_cdc(&d, ds->flow_cdc, 1);
        for (uint32_t i = 0; ok && i < ds->columns.n; i++)
            ok = d_expr(&d, ds->columns.items[i]->generated, 1) &&
                 d_expr(&d, ds->columns.items[i]->default_, 1);
        for (uint32_t i = 0; ok && i < ds->expectations.n; i++)
            ok = d_expr(&d, ds->expectations.items[i]->cond, 1);
        break;
    }
    case SQL_STMT_APPLY_CHANGES: d_cdc(&d, s->cdc, 1); break;
    case SQL_STMT_CREATE_FLOW:
        if (d_query(&d, s->flow->query, 1)) d_cdc(&d, s->flow->cdc, 1);
        break;
    default: break;
    }
    if (d.deep) sql_error(p, d.at, "statement is nested too deeply (more than %d levels)",
                          SQL_MAX_DEPTH);
    return !d.deep;
}

void sql_add_stmt(SqlParser *p, SqlStmt *s) {
    if (!sql_check_depth(p, s)) return;  // reported; too deep for the later stages
    sql_stmt_push(p->arena, &p->script->stmts, s);
}

/* ---------------------------------------------------------------- names */

const char *sql_binary_op_name(SqlBinaryOp op) {
    static const char *const names[] = {
        [SQL_OR] = "or",  [SQL_AND] = "and", [SQL_EQ] = "=",    [SQL_NE] = "<>",
        [SQL_LT] = "<",   [SQL_LE] = "<=",   [SQL_GT] = ">",    [SQL_GE] = ">=",
        [SQL_NSEQ] = "<=>", [SQL_ADD] = "+", [SQL_SUB] = "-",   [SQL_MUL] = "*",
        [SQL_DIV] = "/",  [SQL_IDIV] = "div", [SQL_MOD] = "%",  [SQL_CONCAT] = "||",
        [SQL_BITAND] = "&", [SQL_BITOR] = "|", [SQL_BITXOR] = "^",
    };
    return op <= SQL_BITXOR ? names[op] : "?";
}

const char *sql_dataset_kind_name(SqlDatasetKind k) {
    static const char *const names[] = {"streaming_table", "materialized_view", "view",
                                        "persisted_view"};
    return k <= SQL_DS_PERSISTED_VIEW ? names[k] : "?";
}

const char *sql_dataset_form_name(SqlDatasetForm f) {
    static const char *const names[] = {"STREAMING TABLE", "STREAMING LIVE TABLE",
                                        "INCREMENTAL LIVE TABLE", "MATERIALIZED VIEW",
                                        "LIVE TABLE", "LIVE VIEW", "STREAMING LIVE VIEW", "VIEW"};
    return f <= SQL_FORM_VIEW ? names[f] : "?";
}
