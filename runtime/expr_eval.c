/* The expression evaluator (see expr_eval.h). Each node owns a BATCH_ROWS output
 * vector; evaluation is over a list of physical rows of the input batch and yields
 * dense results. Column references without a selection return the batch's vector
 * itself (no copy); calls on constants fold to constants. */
#include "expr_eval.h"

#include "fn.h"
#include "fn_tables.h"
#include "funcs.h"
#include "nested.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { VALID_WORDS = BATCH_ROWS / 64 };

typedef enum {
    EN_COL,    // input column
    EN_CONST,  // literal or evaluated scalar subquery
    EN_CALL,   // kernel call
    EN_CASE,   // CASE WHEN ... / IF: lazily evaluated branches
    EN_IN_SET, // x IN (subquery rows)
    EN_HOF,    // transform / filter / exists / forall with a lambda
} NodeKind;

typedef enum { HOF_TRANSFORM, HOF_FILTER, HOF_EXISTS, HOF_FORALL, HOF_AGGREGATE, HOF_ZIP } HofKind;

/* A higher-order call: the lambda body is evaluated over a frame batch whose rows are the
 * array elements. Column c < base of the frame is the outer input's column c repeated for
 * each element of its row; column base + k is lambda variable k (global numbering over
 * nested lambdas: this lambda's own are first.. first + nparams - 1). */
typedef struct {
    HofKind kind;
    int first, nparams;
    uint32_t width;    // frame columns
    bool *used;        // frame columns the body reads
    Batch frame;
    uint32_t *prow;    // per frame row: its live input row
    uint32_t *pelem;   // per frame row: its element (index in the array's child vector)
    uint8_t *flags;    // exists / forall: per live input row, bit 1 true, 2 false, 4 NULL
    Vec acc;           // aggregate: the accumulator of each live input row
    uint32_t *pelem2;  // zip_with: per frame row, the second array's element (UINT32_MAX: none)
    const Vec *arr2;   // zip_with: the second array (during evaluation)
} Hof;

typedef struct Node {
    NodeKind kind;
    Type type;
    int col;
    Vec out;
    uint64_t *valid; // VALID_WORDS words, owned
    struct Node **args;
    int nargs;
    const FnImpl *impl;
    bool deterministic;
    Vec *argv; // kernel argument vectors (copies of the children's results)
    Type *arg_types;
    uint16_t *pos, *pos2, *phys, *taken; // CASE work lists
    Vec set;                             // EN_IN_SET: the subquery's values (nset rows)
    uint32_t nset;
    uint32_t *order; // EN_IN_SET: set rows in ascending order
    bool set_has_null;
    int64_t counter; // rows this call site has produced, for stateful kernels
    struct Node *next_nested; // ARRAY/MAP results: the list of nodes owning child vectors
    Hof *hof;                 // EN_HOF
} Node;

struct ExprState {
    Node *root;
    Arena arena; // nodes and their vectors
    Arena heap;  // strings computed by kernels; reset per expr_eval
    Node *nested; // nodes whose out owns child vectors (freed by expr_free)
    int lambda_base, lambda_depth; // lambda variable k is frame column base + k; vars in scope
    ExprEnv env;
    char *err;
};

static const char *const nondeterministic[] = {
    "rand",
    "randn",
    "random",
    "uuid",
    "shuffle",
    "monotonically_increasing_id",
    "spark_partition_id",
    "input_file_name",
    NULL,
};

static void set_err(ExprState *st, const char *fmt, const char *a) {
    if (st->err) return;
    char buf[400];
    snprintf(buf, sizeof buf, fmt, a);
    st->err = xstrdup(buf);
}

static void *vec_data(ExprState *st, Type t, uint32_t rows) {
    return arena_alloc(&st->arena, (size_t)rows * (size_t)type_fixed_width(t.id));
}

static Node *new_node(ExprState *st, NodeKind k, Type t) {
    Node *n = arena_alloc(&st->arena, sizeof *n);
    n->kind = k;
    n->type = t;
    n->out.type = t;
    n->valid = arena_alloc(&st->arena, VALID_WORDS * sizeof *n->valid);
    n->deterministic = true;
    return n;
}

static Node *const_node(ExprState *st, const Datum *d, Type t) {
    Node *n = new_node(st, EN_CONST, t);
    n->out.data = vec_data(st, t, 1);
    n->out.is_const = true;
    n->out.valid = n->valid;
    n->valid[0] = ~0ull;
    Datum c = *d;
    if (!c.is_null && (t.id == TY_STRING || t.id == TY_BINARY))
        c.v.s.ptr = arena_strndup(&st->arena, c.v.s.ptr ? c.v.s.ptr : "", c.v.s.len);
    vec_put_datum(&n->out, 0, &c);
    return n;
}

static int cmp_set(const void *a, const void *b, void *set) {
    return value_cmp(set, *(const uint32_t *)a, set, *(const uint32_t *)b);
}

/* Concatenate the batches of a subquery into one vector of their first column. */
static void gather_set(ExprState *st, Node *n, Batch **bs, int nb) {
    uint32_t total = 0;
    for (int i = 0; i < nb; i++) total += batch_live(bs[i]);
    Type t = bs && nb ? bs[0]->cols[0].type : n->type;
    n->set.type = t;
    n->set.data = vec_data(st, t, total + 1);
    n->set.valid = NULL;
    uint32_t k = 0;
    for (int i = 0; i < nb; i++) {
        for (uint32_t r = 0; r < batch_live(bs[i]); r++) {
            Datum d = vec_get_datum(&bs[i]->cols[0], batch_row(bs[i], r));
            if (d.is_null) {
                n->set_has_null = true;
                continue;
            }
            if (t.id == TY_STRING || t.id == TY_BINARY)
                d.v.s.ptr = arena_strndup(&st->arena, d.v.s.ptr ? d.v.s.ptr : "", d.v.s.len);
            vec_put_datum(&n->set, k++, &d);
        }
    }
    n->nset = k;
    // sort the values so each probe is a binary search (value_cmp order, NaN included)
    n->order = arena_alloc(&st->arena, (size_t)(k + 1) * sizeof *n->order);
    for (uint32_t i = 0; i < k; i++) n->order[i] = i;
    qsort_r(n->order, k, sizeof *n->order, cmp_set, &n->set);
}

static Node *compile(ExprState *st, const PlanExpr *e, int depth);
static Node *compile_hof(ExprState *st, const PlanExpr *e, Node *n, int depth);
static void setup_frame(ExprState *st, Hof *h, const PlanExpr *body, const PlanExpr *body2);
static Node *compile_aggregate(ExprState *st, const PlanExpr *e, Node *n, Hof *h, int depth);
static Node *compile_zip(ExprState *st, const PlanExpr *e, Node *n, Hof *h, int depth);

static Node *compile_subquery(ExprState *st, const PlanExpr *e, int depth) {
    if (!st->env.subquery) {
        set_err(st, "%s", "subqueries are not available here");
        return NULL;
    }
    Type col = e->subquery->types[0];
    if (e->sq_kind != PSQ_EXISTS && type_is_nested(col.id)) { // Datums hold no elements
        set_err(st, "%s", "a subquery yielding ARRAY or MAP values is not supported yet");
        return NULL;
    }
    if ((e->sq_kind == PSQ_IN && e->args[0]->type.id != col.id) ||
        (e->sq_kind == PSQ_SCALAR && e->type.id != col.id)) {
        set_err(st, "%s", "plan: subquery column type does not match");
        return NULL;
    }
    Batch **bs = NULL;
    int nb = 0;
    char *err = NULL;
    if (st->env.subquery(st->env.ud, e->subquery, &bs, &nb, &err) < 0) {
        if (!st->err)
            st->err = err ? err : xstrdup("subquery failed");
        else
            free(err);
        return NULL;
    }
    uint32_t rows = 0;
    for (int i = 0; i < nb; i++) rows += batch_live(bs[i]);
    Node *n = NULL;
    if (e->sq_kind == PSQ_EXISTS) {
        Datum d = {.type = TYPE(TY_BOOLEAN), .v.i = rows > 0};
        n = const_node(st, &d, TYPE(TY_BOOLEAN));
    } else if (e->sq_kind == PSQ_SCALAR) {
        if (rows > 1) {
            set_err(st, "%s",
                    "[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a "
                    "subquery used as an expression.");
        } else {
            Datum d = {.type = e->type, .is_null = true};
            for (int i = 0; i < nb; i++)
                if (batch_live(bs[i])) d = vec_get_datum(&bs[i]->cols[0], batch_row(bs[i], 0));
            n = const_node(st, &d, e->type);
        }
    } else {
        n = new_node(st, EN_IN_SET, e->type);
        n->out.data = vec_data(st, e->type, BATCH_ROWS);
        n->args = arena_alloc(&st->arena, sizeof *n->args);
        n->nargs = 1;
        gather_set(st, n, bs, nb);
        if (!(n->args[0] = compile(st, e->args[0], depth + 1))) n = NULL;
    }
    for (int i = 0; i < nb; i++) batch_free(bs[i]);
    free(bs);
    return st->err ? NULL : n;
}

/* Kernels trust their argument types, so a plan whose call does not type-check
 * exactly (after the planner's explicit casts) is refused here instead of letting a
 * kernel read a vector as the wrong C type. */
static bool types_fit(ExprState *st, const PlanExpr *e, const Node *n) {
    if (!strcmp(e->fn, "cast") || !strcmp(e->fn, "try_cast")) {
        if (e->nargs != 1) set_err(st, "plan: '%s' takes one argument", e->fn);
        return !st->err;
    }
    const FuncInfo *fi = func_lookup(e->fn);
    if (!fi) return true; // a runtime-only kernel: its own checks apply
    Type to[64], res;
    if (e->nargs > 64) {
        set_err(st, "plan: too many arguments for '%s'", e->fn);
        return false;
    }
    const char *msg = func_check(fi, n->arg_types, e->nargs, to, &res);
    bool ok = !msg && res.id == e->type.id;
    for (int i = 0; ok && i < e->nargs; i++) ok = to[i].id == n->arg_types[i].id;
    if (!ok) set_err(st, "plan: argument or result types do not fit '%s'", e->fn);
    return ok;
}

/* Kernels outside the array family read their vectors as scalars, so a call that passes or
 * yields an ARRAY/MAP must be one that knows the nested layout. */
static bool nested_call(const PlanExpr *e, const Node *n) {
    bool nested = type_is_nested(e->type.id);
    for (int i = 0; i < e->nargs; i++) nested |= type_is_nested(n->arg_types[i].id);
    return nested;
}

static bool nested_supported(const PlanExpr *e, const Node *n) {
    if (!nested_call(e, n)) return true;
    for (const FnImpl *f = fn_array_impls; f->name; f++)
        if (f == n->impl) return true;
    for (const FnImpl *f = fn_array_nested_impls; f->name; f++)
        if (f == n->impl) return true;
    static const char *const ok[] = {"split", "is_null", "is_not_null", NULL};
    for (int i = 0; ok[i]; i++)
        if (!strcmp(e->fn, ok[i])) return true;
    bool cast = !strcmp(e->fn, "cast") || !strcmp(e->fn, "try_cast");
    return cast && (e->type.id == TY_STRING || n->arg_types[0].id == TY_NULL);
}

static Node *compile_call(ExprState *st, const PlanExpr *e, int depth) {
    if ((!strcmp(e->fn, "cast") || !strcmp(e->fn, "try_cast")) && e->nargs == 1 &&
        type_is_nested(e->type.id) && type_eq(e->args[0]->type, e->type))
        return compile(st, e->args[0], depth + 1); // a no-op cast keeps the elements
    bool is_case = !strcmp(e->fn, "case") || !strcmp(e->fn, "if");
    Node *n = new_node(st, is_case ? EN_CASE : EN_CALL, e->type);
    n->out.data = vec_data(st, e->type, BATCH_ROWS);
    if (type_is_nested(e->type.id)) { // kernels append elements to the node's own children
        vec_alloc_children(&n->out);
        n->next_nested = st->nested;
        st->nested = n;
    }
    n->nargs = e->nargs;
    n->args = arena_alloc(&st->arena, (size_t)(e->nargs + 1) * sizeof *n->args);
    n->argv = arena_alloc(&st->arena, (size_t)(e->nargs + 1) * sizeof *n->argv);
    n->arg_types = arena_alloc(&st->arena, (size_t)(e->nargs + 1) * sizeof *n->arg_types);
    if ((e->nargs == 2 && e->args[1]->kind == PX_LAMBDA) ||
        (e->nargs >= 3 && e->nargs <= 4 && !strcmp(e->fn, "aggregate")) ||
        (e->nargs == 3 && !strcmp(e->fn, "zip_with")))
        return compile_hof(st, e, n, depth);
    for (int i = 0; i < e->nargs; i++) {
        if (!(n->args[i] = compile(st, e->args[i], depth + 1))) return NULL;
        n->arg_types[i] = n->args[i]->type;
        if (!n->args[i]->deterministic) n->deterministic = false;
    }
    if (is_case) {
        if (e->nargs < 2) {
            set_err(st, "'%s' needs at least two arguments", e->fn);
            return NULL;
        }
        bool is_if = e->fn[0] == 'i';
        for (int i = 0; i < e->nargs; i++) {
            bool cond = is_if ? i == 0 : (i % 2 == 0 && i + 1 < e->nargs);
            TypeId want = cond ? TY_BOOLEAN : e->type.id;
            if (n->arg_types[i].id != want && n->arg_types[i].id != TY_NULL) {
                set_err(st, "plan: argument types do not fit '%s'", e->fn);
                return NULL;
            }
        }
        if (is_if && e->nargs != 3) {
            set_err(st, "plan: '%s' takes three arguments", e->fn);
            return NULL;
        }
        for (int i = 0; i < 4; i++) {
            uint16_t *b = arena_alloc(&st->arena, BATCH_ROWS * sizeof *b);
            if (i == 0)
                n->pos = b;
            else if (i == 1)
                n->pos2 = b;
            else if (i == 2)
                n->phys = b;
            else
                n->taken = b;
        }
        return n;
    }
    n->impl = fn_impl_lookup(e->fn);
    bool is_cast = !strcmp(e->fn, "cast") || !strcmp(e->fn, "try_cast");
    bool cast_nested = e->nargs == 1 && type_is_nested(n->arg_types[0].id) &&
                       type_is_nested(e->type.id); // casts to STRING stay with the cast kernel
    if (nested_call(e, n) && (!is_cast || cast_nested)) // the array family's kernel, if any
        for (const FnImpl *f = fn_array_nested_impls; f->name; f++)
            if (!strcmp(f->name, e->fn)) n->impl = f;
    if (!n->impl) {
        set_err(st, "function '%s' is not implemented by the runtime", e->fn);
        return NULL;
    }
    if (!types_fit(st, e, n)) return NULL;
    if (!nested_supported(e, n)) {
        set_err(st, "function '%s' does not support ARRAY or MAP values yet", e->fn);
        return NULL;
    }
    for (int i = 0; nondeterministic[i]; i++)
        if (!strcmp(e->fn, nondeterministic[i])) n->deterministic = false;
    return n;
}

static Node *compile(ExprState *st, const PlanExpr *e, int depth) {
    if (st->err) return NULL;
    if (depth > 500) {
        set_err(st, "%s", "expression nested too deeply");
        return NULL;
    }
    switch (e->kind) {
    case PX_COL: {
        Node *n = new_node(st, EN_COL, e->type);
        n->col = e->col;
        n->out.data = vec_data(st, e->type, BATCH_ROWS);
        return n;
    }
    case PX_LIT: return const_node(st, &e->lit, e->type);
    case PX_CALL: return compile_call(st, e, depth);
    case PX_SUBQUERY: return compile_subquery(st, e, depth);
    case PX_LAMBDA_VAR: {
        if (e->col >= st->lambda_depth) {
            set_err(st, "%s", "plan: lambda variable out of scope");
            return NULL;
        }
        Node *n = new_node(st, EN_COL, e->type);
        n->col = st->lambda_base + e->col;
        n->out.data = vec_data(st, e->type, BATCH_ROWS);
        return n;
    }
    case PX_LAMBDA:
        set_err(st, "%s", "a lambda is only allowed as the argument of transform, filter, exists "
                          "or forall");
        return NULL;
    }
    return NULL;
}

/* The largest input column ordinal anywhere in e (lambda bodies included), or -1. */
static int max_col(const PlanExpr *e, int depth) {
    int m = e->kind == PX_COL ? e->col : -1;
    for (int i = 0; depth < 500 && i < e->nargs; i++) {
        int k = e->args[i] ? max_col(e->args[i], depth + 1) : -1;
        if (k > m) m = k;
    }
    return m;
}

/* Mark the frame columns a lambda body reads (outer columns and variables below limit). */
static void mark_used(ExprState *st, Hof *h, Type *types, const PlanExpr *e, int depth) {
    int c = e->kind == PX_COL ? e->col
            : e->kind == PX_LAMBDA_VAR && e->col < h->first + h->nparams ? st->lambda_base + e->col
                                                                          : -1;
    if (c >= 0 && (uint32_t)c < h->width && !h->used[c]) {
        h->used[c] = true;
        types[c] = e->type;
    }
    for (int i = 0; depth < 500 && i < e->nargs; i++)
        if (e->args[i]) mark_used(st, h, types, e->args[i], depth + 1);
}

static Node *compile_hof(ExprState *st, const PlanExpr *e, Node *n, int depth) {
    static const char *const names[] = {"transform", "filter", "exists",
                                        "forall",    "aggregate", "zip_with"};
    bool agg = !strcmp(e->fn, "aggregate"), zip = !strcmp(e->fn, "zip_with");
    const PlanExpr *lam = e->args[agg || zip ? 2 : 1];
    Hof *h = arena_alloc(&st->arena, sizeof *h);
    memset(h, 0, sizeof *h);
    int kind = -1;
    for (int k = 0; k < 6; k++)
        if (!strcmp(e->fn, names[k])) kind = k;
    if (kind < 0) {
        set_err(st, "higher-order function '%s' is not supported yet", e->fn);
        return NULL;
    }
    h->kind = (HofKind)kind;
    h->first = st->lambda_depth;
    h->nparams = lam->col;
    if (agg) return compile_aggregate(st, e, n, h, depth);
    if (zip) return compile_zip(st, e, n, h, depth);
    if (h->nparams < 1 || h->nparams > 2 || h->first + h->nparams > 16 ||
        e->args[0]->type.id != TY_ARRAY) {
        set_err(st, "'%s' expects an array and a lambda of one or two parameters", e->fn);
        return NULL;
    }
    if (!(n->args[0] = compile(st, e->args[0], depth + 1))) return NULL;
    st->lambda_depth = h->first + h->nparams;
    n->args[1] = compile(st, lam->args[0], depth + 1);
    st->lambda_depth = h->first;
    if (!n->args[1]) return NULL;
    if (h->kind != HOF_TRANSFORM && n->args[1]->type.id != TY_BOOLEAN) {
        set_err(st, "the lambda of '%s' must return a boolean", e->fn);
        return NULL;
    }
    setup_frame(st, h, lam->args[0], NULL);
    n->hof = h;
    n->kind = EN_HOF;
    n->nargs = 2;
    return n;
}

/* The frame of a lambda (and of aggregate's finish lambda): the columns its body reads. */
static void setup_frame(ExprState *st, Hof *h, const PlanExpr *body, const PlanExpr *body2) {
    h->width = (uint32_t)(st->lambda_base + h->first + h->nparams);
    h->used = arena_alloc(&st->arena, h->width * sizeof *h->used);
    memset(h->used, 0, h->width * sizeof *h->used);
    Type *types = arena_alloc(&st->arena, h->width * sizeof *types);
    mark_used(st, h, types, body, 0);
    if (body2) mark_used(st, h, types, body2, 0);
    h->frame.ncols = h->width;
    h->frame.cols = arena_alloc(&st->arena, h->width * sizeof *h->frame.cols);
    memset(h->frame.cols, 0, h->width * sizeof *h->frame.cols);
    for (uint32_t c = 0; c < h->width; c++) {
        if (!h->used[c]) continue;
        h->frame.cols[c].type = types[c];
        h->frame.cols[c].data = vec_data(st, types[c], BATCH_ROWS);
        h->frame.cols[c].valid = arena_alloc(&st->arena, VALID_WORDS * sizeof(uint64_t));
    }
    h->prow = arena_alloc(&st->arena, BATCH_ROWS * sizeof *h->prow);
    h->pelem = arena_alloc(&st->arena, BATCH_ROWS * sizeof *h->pelem);
    h->flags = arena_alloc(&st->arena, BATCH_ROWS * sizeof *h->flags);
}

/* zip_with(a, b, (x, y) -> f): args[0], args[1] the arrays, args[2] the body. */
static Node *compile_zip(ExprState *st, const PlanExpr *e, Node *n, Hof *h, int depth) {
    const PlanExpr *lam = e->args[2];
    if (lam->kind != PX_LAMBDA || lam->col != 2 || e->args[0]->type.id != TY_ARRAY ||
        e->args[1]->type.id != TY_ARRAY || h->first + 2 > 16) {
        set_err(st, "%s", "'zip_with' expects two arrays and a lambda (x, y)");
        return NULL;
    }
    h->nparams = 2;
    if (!(n->args[0] = compile(st, e->args[0], depth + 1))) return NULL;
    if (!(n->args[1] = compile(st, e->args[1], depth + 1))) return NULL;
    st->lambda_depth = h->first + 2;
    n->args[2] = compile(st, lam->args[0], depth + 1);
    st->lambda_depth = h->first;
    if (!n->args[2]) return NULL;
    setup_frame(st, h, lam->args[0], NULL);
    h->pelem2 = arena_alloc(&st->arena, BATCH_ROWS * sizeof *h->pelem2);
    n->hof = h;
    n->kind = EN_HOF;
    n->nargs = 3;
    return n;
}

/* aggregate(arr, zero, (acc, x) -> merge[, acc -> finish]): acc has the zero's type, which
 * merge must keep; scalar accumulators and results only (a nested one would need its
 * elements copied between steps). */
static Node *compile_aggregate(ExprState *st, const PlanExpr *e, Node *n, Hof *h, int depth) {
    const PlanExpr *merge = e->args[2], *finish = e->nargs > 3 ? e->args[3] : NULL;
    Type acc = e->args[1]->type;
    if (merge->kind != PX_LAMBDA || merge->col != 2 || (finish && (finish->kind != PX_LAMBDA ||
        finish->col != 1)) || e->args[0]->type.id != TY_ARRAY || h->first + 2 > 16) {
        set_err(st, "%s", "'aggregate' expects an array, a start value, a lambda (acc, x) and "
                          "optionally a lambda (acc)");
        return NULL;
    }
    if (type_is_nested(acc.id) || type_is_nested(e->type.id) || acc.id == TY_STRUCT) {
        set_err(st, "%s",
                "'aggregate' with an ARRAY, MAP or STRUCT accumulator is not supported yet");
        return NULL;
    }
    h->nparams = 2;
    if (!(n->args[0] = compile(st, e->args[0], depth + 1))) return NULL;
    if (!(n->args[1] = compile(st, e->args[1], depth + 1))) return NULL;
    st->lambda_depth = h->first + 2;
    n->args[2] = compile(st, merge->args[0], depth + 1);
    st->lambda_depth = h->first + 1;
    n->args[3] = n->args[2] && finish ? compile(st, finish->args[0], depth + 1) : NULL;
    st->lambda_depth = h->first;
    if (!n->args[2] || (finish && !n->args[3])) return NULL;
    if (n->args[2]->type.id != acc.id || n->args[2]->type.scale != acc.scale ||
        (n->args[3] ? n->args[3]->type.id != e->type.id : acc.id != e->type.id)) {
        set_err(st, "%s", "'aggregate': the merge lambda must return the start value's type");
        return NULL;
    }
    setup_frame(st, h, merge->args[0], finish ? finish->args[0] : NULL);
    h->acc.type = acc;
    h->acc.data = vec_data(st, acc, BATCH_ROWS);
    h->acc.valid = arena_alloc(&st->arena, VALID_WORDS * sizeof(uint64_t));
    n->hof = h;
    n->kind = EN_HOF;
    n->nargs = e->nargs;
    return n;
}

ExprState *expr_compile(const PlanExpr *e, const ExprEnv *env, char **err) {
    ExprState *st = xcalloc(1, sizeof *st);
    if (env) st->env = *env;
    st->lambda_base = e ? max_col(e, 0) + 1 : 0;
    st->root = e ? compile(st, e, 0) : NULL;
    if (!st->root) {
        if (!st->err) st->err = xstrdup("invalid expression");
        if (err)
            *err = st->err;
        else
            free(st->err);
        st->err = NULL;
        expr_free(st);
        return NULL;
    }
    return st;
}

void expr_free(ExprState *st) {
    if (!st) return;
    for (Node *n = st->nested; n; n = n->next_nested) vec_free_children(&n->out);
    arena_free_all(&st->arena);
    arena_free_all(&st->heap);
    free(st->err);
    free(st);
}

Type expr_type(const ExprState *st) {
    return st->root->type;
}

/* ---- evaluation ---- */

static const Vec *eval(ExprState *st, Node *n, const Batch *in, const uint16_t *rows, uint32_t m);

static void reset_valid(Node *n, uint32_t m) {
    uint32_t words = (m + 63) / 64;
    memset(n->valid, 0xff, (words ? words : 1) * sizeof *n->valid);
    n->out.valid = n->valid;
    n->out.is_const = false;
}

static const Vec *eval_col(ExprState *st, Node *n, const Batch *in, const uint16_t *rows,
                           uint32_t m) {
    if ((uint32_t)n->col >= in->ncols || in->cols[n->col].type.id != n->type.id ||
        in->cols[n->col].type.scale != n->type.scale) {
        set_err(st, "%s", "plan: column reference does not match its input's type");
        return NULL;
    }
    const Vec *src = &in->cols[n->col];
    if (type_is_nested(n->type.id) && !src->child) { // kernels read the elements
        set_err(st, "%s", "internal: an ARRAY/MAP column without element vectors");
        return NULL;
    }
    if (!rows || src->is_const) return src;
    size_t w = (size_t)type_fixed_width(n->type.id);
    char *d = n->out.data;
    const char *s = src->data;
    switch (w) {
    case 1:
        for (uint32_t k = 0; k < m; k++) d[k] = s[rows[k]];
        break;
    case 2:
        for (uint32_t k = 0; k < m; k++) ((int16_t *)d)[k] = ((const int16_t *)s)[rows[k]];
        break;
    case 4:
        for (uint32_t k = 0; k < m; k++) ((int32_t *)d)[k] = ((const int32_t *)s)[rows[k]];
        break;
    case 8:
        for (uint32_t k = 0; k < m; k++) ((int64_t *)d)[k] = ((const int64_t *)s)[rows[k]];
        break;
    default:
        for (uint32_t k = 0; k < m; k++) memcpy(d + k * w, s + rows[k] * w, w);
        break;
    }
    n->out.is_const = false;
    n->out.child = src->child; // gathered lists still point into the batch's elements
    n->out.child_len = src->child_len;
    n->out.child_cap = src->child_cap;
    if (!src->valid) {
        n->out.valid = NULL;
    } else {
        reset_valid(n, m);
        for (uint32_t k = 0; k < m; k++)
            if (vec_is_null(src, rows[k])) n->valid[k >> 6] &= ~(1ull << (k & 63));
    }
    return &n->out;
}

static const Vec *eval_call(ExprState *st, Node *n, const Batch *in, const uint16_t *rows,
                            uint32_t m) {
    bool all_const = n->deterministic;
    for (int i = 0; i < n->nargs; i++) {
        const Vec *a = eval(st, n->args[i], in, rows, m);
        if (!a) return NULL;
        n->argv[i] = *a;
        if (!a->is_const) all_const = false;
    }
    uint32_t cnt = all_const ? 1 : m;
    reset_valid(n, cnt);
    if (!n->impl->handles_nulls) {
        for (int i = 0; i < n->nargs; i++) {
            const Vec *a = &n->argv[i];
            if (!a->valid) continue;
            if (a->is_const) {
                if (vec_is_null(a, 0)) {
                    memset(n->valid, 0, VALID_WORDS * sizeof *n->valid);
                    n->out.is_const = all_const;
                    return &n->out; // a NULL constant operand: the whole result is NULL
                }
                continue;
            }
            for (uint32_t w = 0; w < (cnt + 63) / 64; w++) n->valid[w] &= a->valid[w];
        }
    }
    FnCtx cx = {.heap = &st->heap,
                .ansi = st->env.ansi,
                .now_us = st->env.now_us,
                .arg_types = n->arg_types,
                .result_type = n->type,
                .counter = &n->counter};
    if (n->out.child) vec_child_clear(&n->out);
    if (cnt) n->impl->fn(&cx, n->argv, n->nargs, cnt, &n->out);
    n->out.valid = n->valid; // a kernel may not replace the bitmap
    n->out.is_const = all_const;
    if (cx.err) {
        if (!st->err)
            st->err = cx.err;
        else
            free(cx.err);
        return NULL;
    }
    return &n->out;
}

static void scatter_null(Node *n, const uint16_t *pos, uint32_t k);

static void scatter(ExprState *st, Node *n, const Vec *v, const uint16_t *taken, uint32_t k) {
    size_t w = (size_t)type_fixed_width(n->type.id);
    if (v->type.id != n->type.id) { // a bare NULL (void) branch
        scatter_null(n, taken, k);
        return;
    }
    if (n->out.child) { // a branch's lists point into its own children: copy the elements
        for (uint32_t j = 0; j < k; j++) {
            uint32_t src = v->is_const ? 0 : j, dst = taken[j];
            if (vec_is_null(v, src))
                n->valid[dst >> 6] &= ~(1ull << (dst & 63));
            else
                nested_copy_row(&n->out, dst, v, src, &st->heap);
        }
        return;
    }
    for (uint32_t j = 0; j < k; j++) {
        uint32_t src = v->is_const ? 0 : j, dst = taken[j];
        memcpy((char *)n->out.data + dst * w, (const char *)v->data + src * w, w);
        if (vec_is_null(v, src)) n->valid[dst >> 6] &= ~(1ull << (dst & 63));
    }
}

static void scatter_null(Node *n, const uint16_t *pos, uint32_t k) {
    for (uint32_t j = 0; j < k; j++) n->valid[pos[j] >> 6] &= ~(1ull << (pos[j] & 63));
}

/* CASE c1 v1 c2 v2 ... [else] (IF is CASE c v else): each branch sees only the rows
 * that reach it. pos holds output positions still undecided, phys their input rows. */
static const Vec *eval_case(ExprState *st, Node *n, const Batch *in, const uint16_t *rows,
                            uint32_t m) {
    reset_valid(n, m);
    if (n->out.child) vec_child_clear(&n->out);
    uint32_t npos = m;
    for (uint32_t k = 0; k < m; k++) n->pos[k] = (uint16_t)k;
    int pairs = n->nargs / 2;
    bool has_else = n->nargs % 2 == 1;
    for (int p = 0; p < pairs && npos; p++) {
        for (uint32_t k = 0; k < npos; k++) n->phys[k] = rows ? rows[n->pos[k]] : n->pos[k];
        bool identity = !rows && npos == m; // phys == 0..m-1 == all rows of in
        const Vec *c = eval(st, n->args[2 * p], in, identity ? NULL : n->phys, npos);
        if (!c) return NULL;
        uint32_t nt = 0, nr = 0;
        for (uint32_t k = 0; k < npos; k++) {
            uint32_t r = c->is_const ? 0 : k;
            if (!vec_is_null(c, r) && ((const uint8_t *)c->data)[r])
                n->taken[nt++] = n->pos[k];
            else
                n->pos2[nr++] = n->pos[k];
        }
        if (nt) {
            for (uint32_t k = 0; k < nt; k++) n->phys[k] = rows ? rows[n->taken[k]] : n->taken[k];
            bool all = !rows && nt == m;
            const Vec *v = eval(st, n->args[2 * p + 1], in, all ? NULL : n->phys, nt);
            if (!v) return NULL;
            scatter(st, n, v, n->taken, nt);
        }
        memcpy(n->pos, n->pos2, nr * sizeof *n->pos);
        npos = nr;
    }
    if (npos) {
        if (has_else) {
            for (uint32_t k = 0; k < npos; k++) n->phys[k] = rows ? rows[n->pos[k]] : n->pos[k];
            bool all = !rows && npos == m;
            const Vec *v = eval(st, n->args[n->nargs - 1], in, all ? NULL : n->phys, npos);
            if (!v) return NULL;
            memcpy(n->taken, n->pos, npos * sizeof *n->pos);
            scatter(st, n, v, n->taken, npos);
        } else {
            scatter_null(n, n->pos, npos);
        }
    }
    return &n->out;
}

static const Vec *eval_in_set(ExprState *st, Node *n, const Batch *in, const uint16_t *rows,
                              uint32_t m) {
    const Vec *x = eval(st, n->args[0], in, rows, m);
    if (!x) return NULL;
    reset_valid(n, m);
    uint8_t *o = n->out.data;
    for (uint32_t i = 0; i < m; i++) {
        uint32_t r = x->is_const ? 0 : i;
        if (vec_is_null(x, r)) {
            n->valid[i >> 6] &= ~(1ull << (i & 63));
            continue;
        }
        bool found = false;
        uint32_t lo = 0, hi = n->nset;
        while (lo < hi && !found) {
            uint32_t mid = lo + (hi - lo) / 2;
            int c = value_cmp(x, r, &n->set, n->order[mid]);
            if (c == 0)
                found = true;
            else if (c < 0)
                hi = mid;
            else
                lo = mid + 1;
        }
        o[i] = found;
        if (!found && n->set_has_null) n->valid[i >> 6] &= ~(1ull << (i & 63));
    }
    return &n->out;
}

/* Copy value r of src into frame row f of dst (a frame column: same type). */
static void frame_put(Vec *dst, uint32_t f, const Vec *src, uint32_t r) {
    size_t w = (size_t)type_fixed_width(dst->type.id);
    r = src->is_const ? 0 : r;
    memcpy((char *)dst->data + f * w, (const char *)src->data + (size_t)r * w, w);
    if (vec_is_null(src, r))
        dst->valid[f >> 6] &= ~(1ull << (f & 63));
    else
        dst->valid[f >> 6] |= 1ull << (f & 63);
}

/* Evaluate the lambda over the cnt elements gathered in the frame and fold the results. */
/* Fill the frame's columns for cnt elements (prow / pelem). The lambda's own variables:
 * element and position, or for aggregate the row's accumulator and the element. */
static bool fill_frame(ExprState *st, Hof *h, const Batch *in, const uint16_t *rows,
                       const Vec *arr, uint32_t cnt, bool elems) {
    uint32_t own = (uint32_t)(st->lambda_base + h->first);
    bool agg = h->kind == HOF_AGGREGATE;
    for (uint32_t c = 0; c < h->width; c++) {
        if (!h->used[c]) continue;
        Vec *d = &h->frame.cols[c];
        bool elem = c == own + (agg ? 1u : 0u), acc = agg && c == own;
        if (elem && !elems) continue; // aggregate's finish: no element in scope
        if (h->kind == HOF_ZIP && (c == own || c == own + 1)) { // NULL past an array's end
            const Vec *zs = c == own ? &arr->child[0] : &h->arr2->child[0];
            const uint32_t *idx = c == own ? h->pelem : h->pelem2;
            if (zs->type.id != d->type.id) {
                set_err(st, "%s", "plan: a lambda's column does not match its input");
                return false;
            }
            d->child = zs->child, d->child_len = zs->child_len, d->child_cap = zs->child_cap;
            for (uint32_t f = 0; f < cnt; f++) {
                if (idx[f] != UINT32_MAX)
                    frame_put(d, f, zs, idx[f]);
                else
                    d->valid[f >> 6] &= ~(1ull << (f & 63));
            }
            continue;
        }
        const Vec *src = elem  ? &arr->child[0]
                         : acc ? &h->acc
                         : c < own && c < in->ncols ? &in->cols[c]
                                                    : NULL;
        if (!agg && c == own + 1) { // the element's position
            if (d->type.id != TY_INT) {
                set_err(st, "%s", "plan: a lambda's index parameter must be an int");
                return false;
            }
            for (uint32_t f = 0; f < cnt; f++)
                ((int32_t *)d->data)[f] = (int32_t)(h->pelem[f] - vec_lists(arr)[h->prow[f]].off);
            memset(d->valid, 0xff, VALID_WORDS * sizeof *d->valid);
            continue;
        }
        if (!src || src->type.id != d->type.id) {
            set_err(st, "%s", "plan: a lambda's column does not match its input");
            return false;
        }
        d->child = src->child; // nested values: the lists point into the source's elements
        d->child_len = src->child_len;
        d->child_cap = src->child_cap;
        for (uint32_t f = 0; f < cnt; f++) {
            uint32_t r = elem  ? h->pelem[f]
                         : acc ? h->prow[f]
                               : rows ? rows[h->prow[f]] : h->prow[f];
            frame_put(d, f, src, r);
        }
    }
    h->frame.nrows = cnt;
    return true;
}

/* Evaluate the lambda over the cnt elements gathered in the frame and fold the results. */
static bool hof_flush(ExprState *st, Node *n, const Batch *in, const uint16_t *rows,
                      const Vec *arr, uint32_t cnt) {
    Hof *h = n->hof;
    if (!cnt) return true;
    if (!fill_frame(st, h, in, rows, arr, cnt, true)) return false;
    const Vec *v = eval(st, n->args[h->kind == HOF_ZIP ? 2 : 1], &h->frame, NULL, cnt);
    if (!v) return false;
    for (uint32_t f = 0; f < cnt; f++) {
        uint32_t r = v->is_const ? 0 : f;
        bool null = vec_is_null(v, r);
        if (h->kind == HOF_TRANSFORM || h->kind == HOF_ZIP) {
            uint32_t at = nested_push(&n->out, 1);
            nested_copy_value(&n->out.child[0], n->out.child_cap, at, v, r, &st->heap);
        } else if (h->kind == HOF_FILTER) {
            if (null || !((const uint8_t *)v->data)[r]) continue;
            uint32_t at = nested_push(&n->out, 1);
            nested_copy_value(&n->out.child[0], n->out.child_cap, at, &arr->child[0], h->pelem[f],
                              &st->heap);
            VecList *l = &vec_lists(&n->out)[h->prow[f]];
            if (!l->len) l->off = at; // elements are appended in row order
            l->len++;
        } else {
            h->flags[h->prow[f]] |= null ? 4 : ((const uint8_t *)v->data)[r] ? 1 : 2;
        }
    }
    return true;
}

/* aggregate(arr, zero, merge[, finish]): step j folds the j-th element of every row that
 * has one, so each step is one evaluation of merge over at most BATCH_ROWS rows. */
static const Vec *eval_aggregate(ExprState *st, Node *n, const Batch *in, const uint16_t *rows,
                                 const Vec *arr, uint32_t m) {
    Hof *h = n->hof;
    const Vec *zero = eval(st, n->args[1], in, rows, m);
    if (!zero) return NULL;
    memset(h->acc.valid, 0xff, VALID_WORDS * sizeof *h->acc.valid);
    uint32_t maxlen = 0;
    for (uint32_t k = 0; k < m; k++) {
        frame_put(&h->acc, k, zero, k);
        if (!vec_is_null(arr, k) && vec_lists(arr)[k].len > maxlen) maxlen = vec_lists(arr)[k].len;
    }
    for (uint32_t j = 0; j < maxlen; j++) {
        uint32_t cnt = 0;
        for (uint32_t k = 0; k < m; k++)
            if (!vec_is_null(arr, k) && vec_lists(arr)[k].len > j) {
                h->prow[cnt] = k;
                h->pelem[cnt++] = vec_lists(arr)[k].off + j;
            }
        if (!fill_frame(st, h, in, rows, arr, cnt, true)) return NULL;
        const Vec *v = eval(st, n->args[2], &h->frame, NULL, cnt);
        if (!v) return NULL;
        for (uint32_t f = 0; f < cnt; f++) frame_put(&h->acc, h->prow[f], v, f);
    }
    const Vec *res = &h->acc;
    uint32_t cnt = 0;
    for (uint32_t k = 0; k < m; k++) h->prow[cnt++] = k;
    if (n->args[3]) { // finish(acc) over every row
        if (!fill_frame(st, h, in, rows, arr, cnt, false)) return NULL;
        if (!(res = eval(st, n->args[3], &h->frame, NULL, cnt))) return NULL;
    }
    for (uint32_t k = 0; k < m; k++) {
        frame_put(&n->out, k, res, k);
        if (vec_is_null(arr, k)) n->valid[k >> 6] &= ~(1ull << (k & 63));
    }
    return &n->out;
}

/* An array argument as m dense rows (a constant one repeated); false when it is a NULL
 * constant or has no element vectors (every row NULL). */
static bool dense_array(ExprState *st, const Vec *arr, Vec *a, uint32_t m) {
    *a = *arr;
    if (!arr->child) return false;
    if (!arr->is_const) return true;
    if (vec_is_null(arr, 0)) return false;
    a->is_const = false;
    a->data = vec_data(st, arr->type, m ? m : 1);
    a->valid = NULL;
    for (uint32_t k = 0; k < m; k++) vec_lists(a)[k] = vec_lists(arr)[0];
    return true;
}

/* zip_with(a, b, (x, y) -> f): one result per position of the longer array, the shorter
 * one's elements NULL past its end. */
static const Vec *eval_zip(ExprState *st, Node *n, const Batch *in, const uint16_t *rows,
                           uint32_t m) {
    Hof *h = n->hof;
    const Vec *x = eval(st, n->args[0], in, rows, m);
    const Vec *y = x ? eval(st, n->args[1], in, rows, m) : NULL;
    if (!y) return NULL;
    reset_valid(n, m);
    vec_child_clear(&n->out);
    Vec a, b;
    if (!dense_array(st, x, &a, m) || !dense_array(st, y, &b, m)) {
        memset(n->valid, 0, VALID_WORDS * sizeof *n->valid);
        return &n->out;
    }
    h->arr2 = &b;
    uint32_t cnt = 0, total = 0;
    for (uint32_t k = 0; k < m; k++) {
        if (vec_is_null(&a, k) || vec_is_null(&b, k)) {
            n->valid[k >> 6] &= ~(1ull << (k & 63));
            vec_lists(&n->out)[k] = (VecList){0, 0};
            continue;
        }
        VecList la = vec_lists(&a)[k], lb = vec_lists(&b)[k];
        uint32_t len = la.len > lb.len ? la.len : lb.len;
        vec_lists(&n->out)[k] = (VecList){total, len};
        total += len;
        for (uint32_t j = 0; j < len; j++) {
            h->prow[cnt] = k;
            h->pelem[cnt] = j < la.len ? la.off + j : UINT32_MAX;
            h->pelem2[cnt++] = j < lb.len ? lb.off + j : UINT32_MAX;
            if (cnt == BATCH_ROWS) {
                if (!hof_flush(st, n, in, rows, &a, cnt)) return NULL;
                cnt = 0;
            }
        }
    }
    if (!hof_flush(st, n, in, rows, &a, cnt)) return NULL;
    return &n->out;
}

static const Vec *eval_hof(ExprState *st, Node *n, const Batch *in, const uint16_t *rows,
                           uint32_t m) {
    Hof *h = n->hof;
    if (h->kind == HOF_ZIP) return eval_zip(st, n, in, rows, m);
    const Vec *arr = eval(st, n->args[0], in, rows, m);
    if (!arr) return NULL;
    reset_valid(n, m);
    if (n->out.child) vec_child_clear(&n->out);
    if (!arr->child) { // no element vectors (a NULL literal array): every row NULL
        memset(n->valid, 0, VALID_WORDS * sizeof *n->valid);
        return &n->out;
    }
    Vec a = *arr;
    if (a.is_const) { // a constant array: the frame rows name row 0 for every input row
        a.is_const = false;
        a.data = vec_data(st, arr->type, m ? m : 1);
        a.valid = NULL;
        for (uint32_t k = 0; k < m; k++) vec_lists(&a)[k] = vec_lists(arr)[0];
        if (vec_is_null(arr, 0)) {
            memset(n->valid, 0, VALID_WORDS * sizeof *n->valid);
            return &n->out;
        }
    }
    if (h->kind == HOF_AGGREGATE) return eval_aggregate(st, n, in, rows, &a, m);
    memset(h->flags, 0, m);
    uint32_t cnt = 0, total = 0;
    for (uint32_t k = 0; k < m; k++) {
        if (vec_is_null(&a, k)) {
            n->valid[k >> 6] &= ~(1ull << (k & 63));
            if (n->out.child) vec_lists(&n->out)[k] = (VecList){n->out.child_len, 0};
            continue;
        }
        VecList l = vec_lists(&a)[k];
        if (h->kind == HOF_TRANSFORM) { // results are appended in row order
            vec_lists(&n->out)[k] = (VecList){total, l.len};
            total += l.len;
        } else if (h->kind == HOF_FILTER) {
            vec_lists(&n->out)[k] = (VecList){0, 0};
        }
        for (uint32_t j = 0; j < l.len; j++) {
            h->prow[cnt] = k;
            h->pelem[cnt++] = l.off + j;
            if (cnt == BATCH_ROWS) {
                if (!hof_flush(st, n, in, rows, &a, cnt)) return NULL;
                cnt = 0;
            }
        }
    }
    if (!hof_flush(st, n, in, rows, &a, cnt)) return NULL;
    if (h->kind == HOF_EXISTS || h->kind == HOF_FORALL) {
        for (uint32_t k = 0; k < m; k++) {
            if (vec_is_null(&a, k)) continue;
            uint8_t fl = h->flags[k];
            bool exists = h->kind == HOF_EXISTS;
            bool decided = exists ? fl & 1 : fl & 2; // a true (exists) / false (forall) element
            ((uint8_t *)n->out.data)[k] = exists ? decided : !decided;
            if (!decided && (fl & 4)) n->valid[k >> 6] &= ~(1ull << (k & 63)); // three-valued
        }
    }
    return &n->out;
}

static const Vec *eval(ExprState *st, Node *n, const Batch *in, const uint16_t *rows, uint32_t m) {
    switch (n->kind) {
    case EN_HOF: return eval_hof(st, n, in, rows, m);
    case EN_COL: return eval_col(st, n, in, rows, m);
    case EN_CONST: return &n->out;
    case EN_CALL: return eval_call(st, n, in, rows, m);
    case EN_CASE: return eval_case(st, n, in, rows, m);
    case EN_IN_SET: return eval_in_set(st, n, in, rows, m);
    }
    return NULL;
}

static const Vec *eval_root(ExprState *st, const Batch *in, char **err) {
    arena_reset(&st->heap);
    const Vec *v = eval(st, st->root, in, in->sel, batch_live(in));
    if (!v) {
        if (err)
            *err = st->err ? st->err : xstrdup("expression failed");
        else
            free(st->err);
        st->err = NULL;
    }
    return v;
}

const Vec *expr_eval(ExprState *st, const Batch *in, char **err) {
    return eval_root(st, in, err);
}

int expr_select(ExprState *st, const Batch *in, uint16_t *sel, char **err) {
    const Vec *v = eval_root(st, in, err);
    if (!v) return -1;
    uint32_t m = batch_live(in), k = 0;
    const uint8_t *d = v->data;
    if (v->is_const) {
        if (vec_is_null(v, 0) || !d[0]) return 0;
        for (uint32_t i = 0; i < m; i++) sel[i] = (uint16_t)batch_row(in, i);
        return (int)m;
    }
    if (!v->valid) {
        for (uint32_t i = 0; i < m; i++) {
            sel[k] = (uint16_t)(in->sel ? in->sel[i] : i);
            k += d[i] != 0;
        }
    } else {
        for (uint32_t i = 0; i < m; i++) {
            sel[k] = (uint16_t)(in->sel ? in->sel[i] : i);
            k += d[i] && !vec_is_null(v, i);
        }
    }
    return (int)k;
}
