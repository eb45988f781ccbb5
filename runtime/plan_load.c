/* Plan loading (see plan_load.h): walks the cJSON of a Rel or Expr and builds the
 * read-only PlanNode / PlanExpr tree. Every field is validated here, so operators may
 * trust ordinals and arities. Depth is bounded so a hostile plan cannot blow the stack. */
#include "plan_load.h"

#include "expr_eval.h"
#include "str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 400 };

typedef struct {
    Arena *a;
    char *err;
    int depth;
} Loader;

static void fail(Loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(Loader *l, const char *fmt, ...) {
    if (l->err) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    l->err = xstrdup(buf);
}

static const cJSON *field(const cJSON *j, const char *name) {
    return cJSON_GetObjectItemCaseSensitive(j, name);
}

static bool get_bool(const cJSON *j, const char *name) {
    return cJSON_IsTrue(field(j, name));
}

/* A JSON number as an integer, clamped to +-2^53 (casting a huge double is undefined). */
static int64_t num_i64(const cJSON *v, int64_t dflt) {
    if (!cJSON_IsNumber(v) || v->valuedouble != v->valuedouble) return dflt;
    double d = v->valuedouble;
    if (d > 9007199254740992.0) return INT64_C(9007199254740992);
    if (d < -9007199254740992.0) return -INT64_C(9007199254740992);
    return (int64_t)d;
}

static bool get_int(Loader *l, const cJSON *j, const char *name, int64_t *out) {
    const cJSON *v = field(j, name);
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)num_i64(v, 0)) {
        fail(l, "plan: '%s' must be an integer", name);
        return false;
    }
    *out = num_i64(v, 0);
    return true;
}

/* ---- types ---- */

static const char *skip_ws(const char *s) {
    while (*s == ' ') s++;
    return s;
}

static const char *parse_type_at(const char *s, Arena *a, Type *out, int depth);

static const char *parse_nested(const char *s, Arena *a, Type *out, int depth) {
    TypeNested *n = arena_alloc(a, sizeof *n);
    out->nested = n;
    if (out->id == TY_ARRAY) {
        s = parse_type_at(s, a, &n->elem, depth + 1);
    } else if (out->id == TY_MAP) {
        s = parse_type_at(s, a, &n->elem, depth + 1);
        if (!s || *(s = skip_ws(s)) != ',') return NULL;
        s = parse_type_at(s + 1, a, &n->value, depth + 1);
    } else {
        VEC(TypeField) fs = {0};
        for (;;) {
            s = skip_ws(s);
            const char *name = s;
            if (*s == '`') {
                name = ++s;
                while (*s && *s != '`') s++;
            } else {
                while (*s && *s != ':' && *s != ',' && *s != '>') s++;
            }
            size_t len = (size_t)(s - name);
            if (*s == '`') s++;
            s = skip_ws(s);
            if (*s != ':') break;
            TypeField f = {.name = arena_strndup(a, name, len), .nullable = true};
            s = parse_type_at(s + 1, a, &f.type, depth + 1);
            if (!s) break;
            VEC_PUSH(fs, f);
            s = skip_ws(s);
            if (*s != ',') break;
            s++;
        }
        n->nfields = (uint32_t)fs.len;
        n->fields = arena_alloc(a, (fs.len + 1) * sizeof *n->fields);
        if (fs.len) memcpy(n->fields, fs.items, fs.len * sizeof *fs.items);
        free(fs.items);
        if (!s) return NULL;
    }
    if (!s || *(s = skip_ws(s)) != '>') return NULL;
    return s + 1;
}

static const char *parse_type_at(const char *s, Arena *a, Type *out, int depth) {
    if (depth > 64) return NULL;
    s = skip_ws(s);
    size_t n = 0;
    while (s[n] && s[n] != '<' && s[n] != '>' && s[n] != ',' && s[n] != ':') {
        if (s[n] == '(') {
            while (s[n] && s[n] != ')') n++;
            if (!s[n]) return NULL;
        }
        n++;
    }
    while (n && s[n - 1] == ' ') n--;
    char buf[64];
    if (n == 0 || n >= sizeof buf) return NULL;
    memcpy(buf, s, n);
    buf[n] = 0;
    *out = (Type){0};
    if (s[n] == '<') {
        if (str_ieq(buf, "array"))
            out->id = TY_ARRAY;
        else if (str_ieq(buf, "map"))
            out->id = TY_MAP;
        else if (str_ieq(buf, "struct"))
            out->id = TY_STRUCT;
        else
            return NULL;
        return parse_nested(s + n + 1, a, out, depth);
    }
    if (str_ieq(buf, "interval")) {
        *out = TYPE(TY_INTERVAL);
        return s + n;
    }
    return type_parse_primitive(buf, out) ? s + n : NULL;
}

bool plan_parse_type(const char *s, Arena *a, Type *out) {
    const char *e = parse_type_at(s, a, out, 0);
    return e && *skip_ws(e) == 0;
}

static bool load_type(Loader *l, const cJSON *j, const char *name, Type *out) {
    const cJSON *t = field(j, name);
    if (!cJSON_IsString(t) || !plan_parse_type(t->valuestring, l->a, out)) {
        fail(l, "plan: bad or missing type in '%s'", name);
        return false;
    }
    return true;
}

/* ---- expressions ---- */

static PlanExpr *load_expr(Loader *l, const cJSON *j);
static PlanNode *load_rel(Loader *l, const cJSON *j);

static PlanExpr **load_expr_list(Loader *l, const cJSON *arr, int *n) {
    *n = 0;
    if (!arr || cJSON_IsNull(arr)) return NULL;
    if (!cJSON_IsArray(arr)) {
        fail(l, "plan: expected an array of expressions");
        return NULL;
    }
    int cnt = cJSON_GetArraySize(arr);
    PlanExpr **out = arena_alloc(l->a, (size_t)(cnt + 1) * sizeof *out);
    int i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        if (!(out[i++] = load_expr(l, e))) return NULL;
    }
    *n = cnt;
    return out;
}

static bool load_literal(Loader *l, const cJSON *j, PlanExpr *e) {
    const cJSON *v = field(j, "lit");
    e->lit.type = e->type;
    if (cJSON_IsNull(v)) {
        e->lit.is_null = true;
        return true;
    }
    char numbuf[64];
    const char *s;
    if (cJSON_IsString(v))
        s = v->valuestring;
    else if (cJSON_IsBool(v))
        s = cJSON_IsTrue(v) ? "true" : "false";
    else if (cJSON_IsNumber(v)) {
        if (v->valuedouble == (double)num_i64(v, 0))
            snprintf(numbuf, sizeof numbuf, "%lld", (long long)num_i64(v, 0));
        else
            snprintf(numbuf, sizeof numbuf, "%.17g", v->valuedouble);
        s = numbuf;
    } else {
        fail(l, "plan: literal must be a string or null");
        return false;
    }
    if (e->type.id == TY_ARRAY || e->type.id == TY_MAP || e->type.id == TY_STRUCT) {
        fail(l, "plan: nested literals are not supported");
        return false;
    }
    char *msg = NULL;
    int rc = value_parse(s, strlen(s), e->type, l->a, &e->lit, true, &msg);
    if (rc != 0) {
        char tb[64];
        fail(l, "plan: invalid %s literal '%.100s'", type_sql_name(e->type, tb, sizeof tb), s);
        free(msg);
        return false;
    }
    return true;
}

static bool load_call(Loader *l, const cJSON *j, PlanExpr *e) {
    const cJSON *fn = field(j, "fn");
    if (!cJSON_IsString(fn)) {
        fail(l, "plan: 'fn' must be a string");
        return false;
    }
    e->kind = PX_CALL;
    e->fn = arena_strdup(l->a, fn->valuestring);
    e->args = load_expr_list(l, field(j, "args"), &e->nargs);
    return !l->err;
}

static bool load_subquery(Loader *l, const cJSON *j, PlanExpr *e) {
    e->kind = PX_SUBQUERY;
    const cJSON *k = field(j, "kind");
    const char *ks = cJSON_IsString(k) ? k->valuestring : "scalar";
    if (!strcmp(ks, "scalar"))
        e->sq_kind = PSQ_SCALAR;
    else if (!strcmp(ks, "exists"))
        e->sq_kind = PSQ_EXISTS;
    else if (!strcmp(ks, "in"))
        e->sq_kind = PSQ_IN;
    else {
        fail(l, "plan: unknown subquery kind '%.50s'", ks);
        return false;
    }
    e->subquery = load_rel(l, field(j, "subquery"));
    if (!e->subquery) return false;
    e->args = load_expr_list(l, field(j, "args"), &e->nargs);
    if (l->err) return false;
    if (e->sq_kind == PSQ_IN && (e->nargs != 1 || e->subquery->ncols != 1)) {
        fail(l, "plan: IN subquery needs one operand and one column");
        return false;
    }
    if (e->sq_kind == PSQ_SCALAR && e->subquery->ncols != 1) {
        fail(l, "plan: scalar subquery must return one column");
        return false;
    }
    return true;
}

static PlanExpr *load_expr(Loader *l, const cJSON *j) {
    if (l->err) return NULL;
    if (!cJSON_IsObject(j)) {
        fail(l, "plan: expression must be an object");
        return NULL;
    }
    if (++l->depth > MAX_DEPTH) {
        fail(l, "plan: expression nested too deeply");
        return NULL;
    }
    PlanExpr *e = arena_alloc(l->a, sizeof *e);
    bool ok = load_type(l, j, "type", &e->type);
    int64_t n = 0;
    if (!ok) {
    } else if (field(j, "col")) {
        e->kind = PX_COL;
        ok = get_int(l, j, "col", &n) && n >= 0 && n < (1 << 20);
        e->col = (int)n;
        if (!ok) fail(l, "plan: bad column ordinal");
    } else if (field(j, "lit")) {
        e->kind = PX_LIT;
        ok = load_literal(l, j, e);
    } else if (field(j, "fn")) {
        ok = load_call(l, j, e);
    } else if (field(j, "subquery")) {
        ok = load_subquery(l, j, e);
    } else if (field(j, "lambda")) {
        e->kind = PX_LAMBDA;
        e->col = cJSON_GetArraySize(field(j, "lambda")); // parameter count
        e->args = arena_alloc(l->a, sizeof *e->args);
        e->nargs = 1;
        ok = (e->args[0] = load_expr(l, field(j, "body"))) != NULL;
    } else if (field(j, "lambda_var")) {
        e->kind = PX_LAMBDA_VAR;
        ok = get_int(l, j, "lambda_var", &n) && n >= 0 && n < 16;
        e->col = (int)n;
    } else {
        fail(l, "plan: unknown expression form");
        ok = false;
    }
    l->depth--;
    return ok && !l->err ? e : NULL;
}

/* ---- relations ---- */

static const struct {
    const char *name;
    PlanNodeKind kind;
} rel_ops[] = {
    {"scan_dataset", PN_SCAN_DATASET},
    {"scan_input", PN_SCAN_INPUT},
    {"scan_table", PN_SCAN_TABLE},
    {"values", PN_VALUES},
    {"filter", PN_FILTER},
    {"project", PN_PROJECT},
    {"aggregate", PN_AGGREGATE},
    {"join", PN_JOIN},
    {"sort", PN_SORT},
    {"limit", PN_LIMIT},
    {"union", PN_UNION},
    {"intersect", PN_INTERSECT},
    {"except", PN_EXCEPT},
    {"distinct", PN_DISTINCT},
    {"dedup", PN_DEDUP},
    {"window", PN_WINDOW},
    {"explode", PN_EXPLODE},
    {"view", PN_VIEW},
    {"expand", PN_EXPAND},
};

static bool load_schema(Loader *l, const cJSON *j, PlanNode *n) {
    const cJSON *s = field(j, "schema");
    if (!cJSON_IsArray(s)) {
        fail(l, "plan: relation without a schema");
        return false;
    }
    int cnt = cJSON_GetArraySize(s);
    n->ncols = (uint32_t)cnt;
    n->types = arena_alloc(l->a, (size_t)(cnt + 1) * sizeof *n->types);
    n->names = arena_alloc(l->a, (size_t)(cnt + 1) * sizeof *n->names);
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, s) {
        const cJSON *nm = field(c, "name");
        n->names[i] = arena_strdup(l->a, cJSON_IsString(nm) ? nm->valuestring : "");
        if (!load_type(l, c, "type", &n->types[i])) return false;
        i++;
    }
    return true;
}

static PlanNode *child(Loader *l, const cJSON *j, const char *name) {
    const cJSON *c = field(j, name);
    if (!c) {
        fail(l, "plan: missing '%s'", name);
        return NULL;
    }
    return load_rel(l, c);
}

static bool set_inputs(Loader *l, PlanNode *n, PlanNode *a, PlanNode *b) {
    n->ninputs = b ? 2 : 1;
    n->inputs = arena_alloc(l->a, 2 * sizeof *n->inputs);
    n->inputs[0] = a;
    n->inputs[1] = b;
    return a != NULL;
}

/* Expressions of a node refer to the input's columns: check every ordinal. */
static bool check_cols(Loader *l, const PlanExpr *e, uint32_t ncols) {
    if (!e) return true;
    if (e->kind == PX_COL && (uint32_t)e->col >= ncols) {
        fail(l, "plan: column ordinal %d out of range (input has %u)", e->col, ncols);
        return false;
    }
    if (e->kind == PX_LAMBDA) return true; // body refers to lambda vars and outer columns
    for (int i = 0; i < e->nargs; i++)
        if (!check_cols(l, e->args[i], ncols)) return false;
    return true;
}

static bool check_list(Loader *l, PlanExpr **es, int n, uint32_t ncols) {
    for (int i = 0; i < n; i++)
        if (!check_cols(l, es[i], ncols)) return false;
    return true;
}

static PlanSortKey *load_sort_keys(Loader *l, const cJSON *arr, int *n, uint32_t ncols) {
    *n = 0;
    if (!arr || cJSON_IsNull(arr)) return NULL;
    if (!cJSON_IsArray(arr)) {
        fail(l, "plan: sort keys must be an array");
        return NULL;
    }
    int cnt = cJSON_GetArraySize(arr), i = 0;
    PlanSortKey *keys = arena_alloc(l->a, (size_t)(cnt + 1) * sizeof *keys);
    const cJSON *k;
    cJSON_ArrayForEach(k, arr) {
        keys[i].expr = load_expr(l, field(k, "expr"));
        if (!keys[i].expr || !check_cols(l, keys[i].expr, ncols)) return NULL;
        keys[i].desc = get_bool(k, "desc");
        const cJSON *nf = field(k, "nulls_first");
        keys[i].nulls_first = nf ? cJSON_IsTrue(nf) : !keys[i].desc;
        i++;
    }
    *n = cnt;
    return keys;
}

static bool load_aggs(Loader *l, const cJSON *j, PlanNode *n, uint32_t in_cols) {
    const cJSON *arr = field(j, "aggs");
    if (arr && !cJSON_IsArray(arr)) {
        fail(l, "plan: 'aggs' must be an array");
        return false;
    }
    int cnt = arr ? cJSON_GetArraySize(arr) : 0, i = 0;
    n->aggs = arena_alloc(l->a, (size_t)(cnt + 1) * sizeof *n->aggs);
    n->naggs = cnt;
    const cJSON *g;
    cJSON_ArrayForEach(g, arr) {
        PlanAgg *a = &n->aggs[i++];
        const cJSON *fn = field(g, "fn");
        if (!cJSON_IsString(fn)) {
            fail(l, "plan: aggregate without 'fn'");
            return false;
        }
        a->fn = arena_strdup(l->a, fn->valuestring);
        a->args = load_expr_list(l, field(g, "args"), &a->nargs);
        const cJSON *f = field(g, "filter");
        if (f && !cJSON_IsNull(f)) a->filter = load_expr(l, f);
        a->distinct = get_bool(g, "distinct");
        a->ignore_nulls = get_bool(g, "ignore_nulls");
        if (l->err || !load_type(l, g, "type", &a->type)) return false;
        if (!check_list(l, a->args, a->nargs, in_cols) || !check_cols(l, a->filter, in_cols))
            return false;
    }
    return true;
}

static bool load_bound(Loader *l, const cJSON *b, PlanBound *out) {
    static const char *const kinds[] = {"unbounded_preceding", "preceding", "current_row",
                                        "following", "unbounded_following"};
    const cJSON *k = field(b, "kind");
    for (int i = 0; i < 5; i++) {
        if (cJSON_IsString(k) && !strcmp(k->valuestring, kinds[i])) {
            out->kind = (BoundKind)i;
            const cJSON *o = field(b, "offset");
            out->offset = num_i64(o, 0); // at most 2^53: row arithmetic cannot overflow
            if (out->offset < 0) out->offset = 0;
            return true;
        }
    }
    fail(l, "plan: bad window frame bound");
    return false;
}

static bool load_winfuncs(Loader *l, const cJSON *j, PlanNode *n, uint32_t in_cols) {
    const cJSON *arr = field(j, "funcs");
    if (!cJSON_IsArray(arr)) {
        fail(l, "plan: window without 'funcs'");
        return false;
    }
    int cnt = cJSON_GetArraySize(arr), i = 0;
    n->funcs = arena_alloc(l->a, (size_t)(cnt + 1) * sizeof *n->funcs);
    n->nfuncs = cnt;
    const cJSON *g;
    cJSON_ArrayForEach(g, arr) {
        PlanWinFunc *w = &n->funcs[i++];
        const cJSON *fn = field(g, "fn");
        if (!cJSON_IsString(fn)) {
            fail(l, "plan: window function without 'fn'");
            return false;
        }
        w->fn = arena_strdup(l->a, fn->valuestring);
        w->args = load_expr_list(l, field(g, "args"), &w->nargs);
        w->partition = load_expr_list(l, field(g, "partition"), &w->npartition);
        if (l->err) return false;
        w->order = load_sort_keys(l, field(g, "order"), &w->norder, in_cols);
        w->ignore_nulls = get_bool(g, "ignore_nulls");
        if (l->err || !load_type(l, g, "type", &w->type)) return false;
        if (!check_list(l, w->args, w->nargs, in_cols) ||
            !check_list(l, w->partition, w->npartition, in_cols))
            return false;
        const cJSON *fr = field(g, "frame");
        if (fr && !cJSON_IsNull(fr)) {
            w->has_frame = true;
            const cJSON *u = field(fr, "unit");
            w->frame_rows = cJSON_IsString(u) && !strcmp(u->valuestring, "rows");
            if (!load_bound(l, field(fr, "start"), &w->start) ||
                !load_bound(l, field(fr, "end"), &w->end))
                return false;
        }
    }
    return true;
}

static bool load_values(Loader *l, const cJSON *j, PlanNode *n) {
    const cJSON *rows = field(j, "rows");
    if (!cJSON_IsArray(rows)) {
        fail(l, "plan: values without 'rows'");
        return false;
    }
    n->nrows = cJSON_GetArraySize(rows);
    n->rows = arena_alloc(l->a, (size_t)(n->nrows + 1) * sizeof *n->rows);
    int i = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, rows) {
        int cnt = 0;
        n->rows[i] = load_expr_list(l, r, &cnt);
        if (l->err) return false;
        if ((uint32_t)cnt != n->ncols) {
            fail(l, "plan: values row %d has %d columns, schema has %u", i, cnt, n->ncols);
            return false;
        }
        for (int c = 0; c < cnt; c++)
            if (!check_cols(l, n->rows[i][c], 0)) return false;
        i++;
    }
    return true;
}

static bool load_join(Loader *l, const cJSON *j, PlanNode *n) {
    static const char *const types[] = {"inner", "left", "right", "full", "semi", "anti", "cross"};
    if (!set_inputs(l, n, child(l, j, "left"), NULL)) return false;
    n->inputs[1] = child(l, j, "right");
    n->ninputs = 2;
    if (!n->inputs[1]) return false;
    const cJSON *t = field(j, "type");
    int k = -1;
    for (int i = 0; i < 7; i++)
        if (cJSON_IsString(t) && !strcmp(t->valuestring, types[i])) k = i;
    if (k < 0) {
        fail(l, "plan: unknown join type");
        return false;
    }
    n->join_type = (JoinType)k;
    const cJSON *c = field(j, "cond");
    if (c && !cJSON_IsNull(c)) n->cond = load_expr(l, c);
    return !l->err && check_cols(l, n->cond, n->inputs[0]->ncols + n->inputs[1]->ncols);
}

static bool load_setop(Loader *l, const cJSON *j, PlanNode *n) {
    const cJSON *arr = field(j, "inputs");
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1) {
        fail(l, "plan: set operation without 'inputs'");
        return false;
    }
    n->ninputs = cJSON_GetArraySize(arr);
    n->inputs = arena_alloc(l->a, (size_t)n->ninputs * sizeof *n->inputs);
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, arr) {
        if (!(n->inputs[i] = load_rel(l, c))) return false;
        if (n->inputs[i]->ncols != n->ncols) {
            fail(l, "plan: set operation inputs differ in column count");
            return false;
        }
        i++;
    }
    n->all = get_bool(j, "all");
    return true;
}

static bool load_int_list(Loader *l, const cJSON *arr, int **out, int *n, uint32_t lim) {
    *n = 0;
    if (!arr || cJSON_IsNull(arr)) return true;
    if (!cJSON_IsArray(arr)) {
        fail(l, "plan: expected an array of ordinals");
        return false;
    }
    int cnt = cJSON_GetArraySize(arr), i = 0;
    *out = arena_alloc(l->a, (size_t)(cnt + 1) * sizeof **out);
    const cJSON *c;
    cJSON_ArrayForEach(c, arr) {
        if (!cJSON_IsNumber(c) || c->valuedouble < 0 || c->valuedouble >= lim) {
            fail(l, "plan: ordinal out of range");
            return false;
        }
        (*out)[i++] = (int)c->valuedouble;
    }
    *n = cnt;
    return true;
}

/* expand: key ordinals, grouping ids below 2^keys, output = input + a bigint id. */
static bool load_expand(Loader *l, const cJSON *j, PlanNode *n) {
    if (!set_inputs(l, n, child(l, j, "input"), NULL)) return false;
    uint32_t in = n->inputs[0]->ncols;
    if (!load_int_list(l, field(j, "keys"), &n->key_cols, &n->nkey_cols, in)) return false;
    const cJSON *sets = field(j, "sets");
    if (!cJSON_IsArray(sets) || cJSON_GetArraySize(sets) < 1 || n->nkey_cols > 62) {
        fail(l, "plan: expand needs 'sets' and at most 62 keys");
        return false;
    }
    n->ngsets = cJSON_GetArraySize(sets);
    n->gsets = arena_alloc(l->a, (size_t)n->ngsets * sizeof *n->gsets);
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, sets) {
        double lim = (double)(1ull << n->nkey_cols);
        if (!cJSON_IsNumber(c) || c->valuedouble < 0 || c->valuedouble >= lim ||
            c->valuedouble != (double)(int64_t)c->valuedouble) {
            fail(l, "plan: expand grouping id out of range");
            return false;
        }
        n->gsets[i++] = (int64_t)c->valuedouble;
    }
    if (n->ncols != in + 1 || n->types[in].id != TY_BIGINT) {
        fail(l, "plan: expand output must be its input and a bigint grouping id");
        return false;
    }
    return true;
}

static bool load_body(Loader *l, const cJSON *j, PlanNode *n) {
    const cJSON *v;
    switch (n->kind) {
    case PN_SCAN_DATASET:
    case PN_SCAN_INPUT:
    case PN_SCAN_TABLE:
        v = field(j, n->kind == PN_SCAN_DATASET ? "dataset"
                     : n->kind == PN_SCAN_INPUT ? "input"
                                                : "table");
        if (!cJSON_IsString(v)) {
            fail(l, "plan: scan without a source name");
            return false;
        }
        n->name = arena_strdup(l->a, v->valuestring);
        n->streaming = get_bool(j, "streaming");
        n->skip_change_commits = get_bool(j, "skip_change_commits");
        v = field(j, "version");
        n->version = num_i64(v, -1);
        return load_int_list(l, field(j, "columns"), &n->columns, &n->ncolumns, 1u << 20);
    case PN_VALUES: return load_values(l, j, n);
    case PN_FILTER:
        if (!set_inputs(l, n, child(l, j, "input"), NULL)) return false;
        n->cond = load_expr(l, field(j, "cond"));
        return n->cond && check_cols(l, n->cond, n->inputs[0]->ncols);
    case PN_PROJECT:
        if (!set_inputs(l, n, child(l, j, "input"), NULL)) return false;
        n->exprs = load_expr_list(l, field(j, "exprs"), &n->nexprs);
        if (!l->err && (uint32_t)n->nexprs != n->ncols)
            fail(l, "plan: project has %d exprs for %u columns", n->nexprs, n->ncols);
        return !l->err && check_list(l, n->exprs, n->nexprs, n->inputs[0]->ncols);
    case PN_AGGREGATE:
        if (!set_inputs(l, n, child(l, j, "input"), NULL)) return false;
        n->exprs = load_expr_list(l, field(j, "keys"), &n->nexprs);
        if (l->err || !check_list(l, n->exprs, n->nexprs, n->inputs[0]->ncols)) return false;
        if (!load_aggs(l, j, n, n->inputs[0]->ncols)) return false;
        if ((uint32_t)(n->nexprs + n->naggs) != n->ncols)
            fail(l, "plan: aggregate schema does not match keys and aggs");
        return !l->err;
    case PN_JOIN: return load_join(l, j, n);
    case PN_SORT:
        if (!set_inputs(l, n, child(l, j, "input"), NULL)) return false;
        n->keys = load_sort_keys(l, field(j, "keys"), &n->nkeys, n->inputs[0]->ncols);
        return !l->err;
    case PN_LIMIT:
        if (!set_inputs(l, n, child(l, j, "input"), NULL)) return false;
        v = field(j, "limit");
        n->limit = num_i64(v, -1);
        v = field(j, "offset");
        n->offset = num_i64(v, 0);
        if (n->offset < 0 || (cJSON_IsNumber(field(j, "limit")) && n->limit < 0))
            fail(l, "plan: negative limit or offset");
        return !l->err;
    case PN_UNION:
    case PN_INTERSECT:
    case PN_EXCEPT: return load_setop(l, j, n);
    case PN_DISTINCT:
    case PN_VIEW:
        if (n->kind == PN_VIEW && cJSON_IsString(field(j, "view")))
            n->name = arena_strdup(l->a, field(j, "view")->valuestring);
        return set_inputs(l, n, child(l, j, "input"), NULL);
    case PN_DEDUP:
        if (!set_inputs(l, n, child(l, j, "input"), NULL)) return false;
        return load_int_list(l, field(j, "keys"), &n->key_cols, &n->nkey_cols, n->inputs[0]->ncols);
    case PN_EXPAND: return load_expand(l, j, n);
    case PN_WINDOW:
        if (!set_inputs(l, n, child(l, j, "input"), NULL)) return false;
        if (!load_winfuncs(l, j, n, n->inputs[0]->ncols)) return false;
        if (n->inputs[0]->ncols + (uint32_t)n->nfuncs != n->ncols)
            fail(l, "plan: window schema does not match input and funcs");
        return !l->err;
    case PN_EXPLODE:
        if (!set_inputs(l, n, child(l, j, "input"), NULL)) return false;
        n->gen = load_expr(l, field(j, "expr"));
        n->outer = get_bool(j, "outer");
        n->with_pos = get_bool(j, "with_pos");
        return n->gen && check_cols(l, n->gen, n->inputs[0]->ncols);
    }
    return false;
}

/* Same storage and meaning: the type id, and for decimals the scale (a different
 * scale would silently misread the unscaled values). */
static bool same_kind(Type a, Type b) {
    return a.id == b.id && (a.id != TY_DECIMAL || a.scale == b.scale);
}

static bool same_id(Loader *l, Type a, Type b, const char *what, int i) {
    if (same_kind(a, b)) return true;
    char x[64], y[64];
    fail(l, "plan: %s %d has type %s, the schema says %s", what, i, type_sql_name(a, x, sizeof x),
         type_sql_name(b, y, sizeof y));
    return false;
}

/* Operators write values as the schema's types: every expression that produces an
 * output column must have exactly that type (the planner inserts casts). */
static bool check_types(Loader *l, const PlanNode *n) {
    switch (n->kind) {
    case PN_PROJECT:
        for (int i = 0; i < n->nexprs; i++)
            if (!same_id(l, n->exprs[i]->type, n->types[i], "expression", i)) return false;
        return true;
    case PN_VALUES:
        for (int r = 0; r < n->nrows; r++)
            for (uint32_t c = 0; c < n->ncols; c++)
                if (n->rows[r][c]->type.id != TY_NULL &&
                    !same_id(l, n->rows[r][c]->type, n->types[c], "value", (int)c))
                    return false;
        return true;
    case PN_AGGREGATE:
        for (int i = 0; i < n->nexprs; i++)
            if (!same_id(l, n->exprs[i]->type, n->types[i], "key", i)) return false;
        for (int i = 0; i < n->naggs; i++)
            if (!same_id(l, n->aggs[i].type, n->types[n->nexprs + i], "aggregate", i)) return false;
        return true;
    case PN_WINDOW: {
        uint32_t in = n->inputs[0]->ncols;
        for (uint32_t c = 0; c < in; c++)
            if (!same_id(l, n->inputs[0]->types[c], n->types[c], "column", (int)c)) return false;
        for (int i = 0; i < n->nfuncs; i++) {
            const PlanWinFunc *w = &n->funcs[i];
            if (!same_id(l, w->type, n->types[in + (uint32_t)i], "window function", i))
                return false;
            bool same =
                !strcmp(w->fn, "lag") || !strcmp(w->fn, "lead") || !strcmp(w->fn, "nth_value");
            if (same && w->nargs > 0 &&
                !same_id(l, w->args[0]->type, w->type, "window argument", i))
                return false;
            if (same && w->nargs > 2 && strcmp(w->fn, "nth_value") &&
                !same_id(l, w->args[2]->type, w->type, "window default", i))
                return false;
        }
        return true;
    }
    case PN_JOIN: {
        const PlanNode *a = n->inputs[0], *b = n->inputs[1];
        for (uint32_t c = 0; c < n->ncols; c++) {
            Type t = c < a->ncols ? a->types[c] : b->types[c - a->ncols];
            if (!same_id(l, t, n->types[c], "column", (int)c)) return false;
        }
        return true;
    }
    default: return true;
    }
}

/* A child must produce the columns its parent expects; only the counts are checked
 * here: types are the planner's promise, and operators copy by the child's types. */
static bool check_shapes(Loader *l, const PlanNode *n) {
    uint32_t in = n->ninputs ? n->inputs[0]->ncols : 0;
    bool ok = true;
    switch (n->kind) {
    case PN_FILTER:
    case PN_SORT:
    case PN_LIMIT:
    case PN_DISTINCT:
    case PN_DEDUP:
    case PN_VIEW: ok = n->ncols == in; break;
    case PN_JOIN:
        ok = n->join_type == JOIN_SEMI || n->join_type == JOIN_ANTI
                 ? n->ncols == in
                 : n->ncols == in + n->inputs[1]->ncols;
        break;
    default: break;
    }
    if (!ok) fail(l, "plan: '%s' output has %u columns, input has %u", "rel", n->ncols, in);
    if (ok && !check_types(l, n)) return false;
    if (ok) {
        for (int i = 0; i < n->ninputs && n->kind != PN_JOIN; i++) {
            const PlanNode *c = n->inputs[i];
            if (n->kind == PN_UNION || n->kind == PN_INTERSECT || n->kind == PN_EXCEPT ||
                n->kind == PN_FILTER || n->kind == PN_SORT || n->kind == PN_LIMIT ||
                n->kind == PN_DISTINCT || n->kind == PN_DEDUP || n->kind == PN_VIEW) {
                for (uint32_t k = 0; k < n->ncols; k++)
                    if (!same_kind(c->types[k], n->types[k])) {
                        fail(l, "plan: column %u type differs from its input", k);
                        return false;
                    }
            }
        }
    }
    return ok;
}

static PlanNode *load_rel(Loader *l, const cJSON *j) {
    if (l->err) return NULL;
    if (!cJSON_IsObject(j)) {
        fail(l, "plan: relation must be an object");
        return NULL;
    }
    if (++l->depth > MAX_DEPTH) {
        fail(l, "plan: relation nested too deeply");
        return NULL;
    }
    const cJSON *op = field(j, "op");
    PlanNode *n = arena_alloc(l->a, sizeof *n);
    int k = -1;
    for (size_t i = 0; i < sizeof rel_ops / sizeof rel_ops[0]; i++)
        if (cJSON_IsString(op) && !strcmp(op->valuestring, rel_ops[i].name)) k = (int)i;
    if (k < 0) {
        fail(l, "plan: unknown relation op '%.60s'", cJSON_IsString(op) ? op->valuestring : "?");
        return NULL;
    }
    n->kind = rel_ops[k].kind;
    n->limit = -1;
    const cJSON *loc = field(j, "loc");
    if (cJSON_IsString(loc)) n->loc = arena_strdup(l->a, loc->valuestring);
    bool ok = load_schema(l, j, n) && load_body(l, j, n) && check_shapes(l, n);
    l->depth--;
    return ok && !l->err ? n : NULL;
}

PlanNode *plan_load_rel(const cJSON *j, Arena *a, char **err) {
    Loader l = {.a = a};
    PlanNode *n = load_rel(&l, j);
    if (!n && !l.err) l.err = xstrdup("plan: invalid relation");
    if (err)
        *err = l.err;
    else
        free(l.err);
    return n;
}

PlanExpr *plan_load_expr(const cJSON *j, Arena *a, char **err) {
    Loader l = {.a = a};
    PlanExpr *e = load_expr(&l, j);
    if (!e && !l.err) l.err = xstrdup("plan: invalid expression");
    if (err)
        *err = l.err;
    else
        free(l.err);
    return e;
}
