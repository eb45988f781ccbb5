/* Python AST constructors and list helpers (see py_ast.h). Grammar actions call
 * these and nothing else, so every node comes from the arena with its location. */
#include "py_ast.h"

#include "str.h"

#include <string.h>

/* Lists grow by doubling; the old arrays stay in the arena until it is freed. */
#define DEFINE_PUSH(fn, List, T)                                                  \
    void fn(Arena *a, List *l, T *x) {                                            \
        if (l->n == l->cap) {                                                     \
            uint32_t cap = l->cap ? l->cap * 2 : 4;                               \
            l->items = arena_realloc(a, (void *)l->items, l->cap * sizeof *l->items, \
                                     cap * sizeof *l->items);                     \
            l->cap = cap;                                                         \
        }                                                                         \
        l->items[l->n++] = x;                                                     \
    }
DEFINE_PUSH(py_expr_push, PyExprList, PyExpr)
DEFINE_PUSH(py_stmt_push, PyStmtList, PyStmt)
DEFINE_PUSH(py_keyword_push, PyKeywordList, PyKeyword)
DEFINE_PUSH(py_param_push, PyParamList, PyParam)
DEFINE_PUSH(py_alias_push, PyAliasList, PyAlias)
DEFINE_PUSH(py_comp_push, PyCompList, PyComp)
DEFINE_PUSH(py_handler_push, PyHandlerList, PyHandler)
DEFINE_PUSH(py_withitem_push, PyWithItemList, PyWithItem)
DEFINE_PUSH(py_name_push, PyNameList, const char)

void py_stmts_append(Arena *a, PyStmtList *l, PyStmtList more) {
    for (uint32_t i = 0; i < more.n; i++) py_stmt_push(a, l, more.items[i]);
}

const char *py_op_text(PyOp op) {
    static const char *const text[] = {
        [PY_OP_AND] = "and", [PY_OP_OR] = "or", [PY_OP_ADD] = "+", [PY_OP_SUB] = "-",
        [PY_OP_MUL] = "*", [PY_OP_MATMUL] = "@", [PY_OP_DIV] = "/", [PY_OP_MOD] = "%",
        [PY_OP_POW] = "**", [PY_OP_LSHIFT] = "<<", [PY_OP_RSHIFT] = ">>", [PY_OP_BITOR] = "|",
        [PY_OP_BITXOR] = "^", [PY_OP_BITAND] = "&", [PY_OP_FLOORDIV] = "//",
        [PY_OP_INVERT] = "~", [PY_OP_NOT] = "not", [PY_OP_UADD] = "+", [PY_OP_USUB] = "-",
        [PY_OP_EQ] = "==", [PY_OP_NE] = "!=", [PY_OP_LT] = "<", [PY_OP_LE] = "<=",
        [PY_OP_GT] = ">", [PY_OP_GE] = ">=", [PY_OP_IS] = "is", [PY_OP_ISNOT] = "is not",
        [PY_OP_IN] = "in", [PY_OP_NOTIN] = "not in",
    };
    return (unsigned)op < sizeof text / sizeof *text && text[op] ? text[op] : "?";
}

static uint32_t depth_of(const PyExpr *e) { return e ? e->depth : 0; }

static uint32_t max2(uint32_t a, uint32_t b) { return a > b ? a : b; }

static uint32_t list_depth(const PyExprList *l) {
    uint32_t d = 0;
    for (uint32_t i = 0; i < l->n; i++) d = max2(d, depth_of(l->items[i]));
    return d;
}

static uint32_t params_depth(const PyParamList *l) {
    uint32_t d = 0;
    for (uint32_t i = 0; i < l->n; i++)
        d = max2(d, max2(depth_of(l->items[i]->annotation), depth_of(l->items[i]->def)));
    return d;
}

void py_expr_fix_depth(PyExpr *e) {
    uint32_t d = 0;
    switch (e->kind) {
    case PY_E_BOOLOP: d = list_depth(&e->u.boolop.values); break;
    case PY_E_NAMED: d = max2(depth_of(e->u.named.target), depth_of(e->u.named.value)); break;
    case PY_E_BINOP: d = max2(depth_of(e->u.binop.left), depth_of(e->u.binop.right)); break;
    case PY_E_UNARY: d = depth_of(e->u.unary.operand); break;
    case PY_E_LAMBDA:
        d = max2(params_depth(&e->u.lambda.params), depth_of(e->u.lambda.body));
        break;
    case PY_E_IFEXP:
        d = max2(depth_of(e->u.ifexp.test),
                 max2(depth_of(e->u.ifexp.body), depth_of(e->u.ifexp.orelse)));
        break;
    case PY_E_DICT: d = max2(list_depth(&e->u.dict.keys), list_depth(&e->u.dict.values)); break;
    case PY_E_SET:
    case PY_E_LIST:
    case PY_E_TUPLE: d = list_depth(&e->u.elts); break;
    case PY_E_LISTCOMP:
    case PY_E_SETCOMP:
    case PY_E_DICTCOMP:
    case PY_E_GENEXP:
        d = max2(depth_of(e->u.comp.elt), depth_of(e->u.comp.value));
        for (uint32_t i = 0; i < e->u.comp.gens.n; i++) {
            const PyComp *c = e->u.comp.gens.items[i];
            d = max2(d, max2(depth_of(c->target), max2(depth_of(c->iter), list_depth(&c->ifs))));
        }
        break;
    case PY_E_AWAIT:
    case PY_E_YIELD:
    case PY_E_YIELDFROM:
    case PY_E_STARRED: d = depth_of(e->u.value); break;
    case PY_E_COMPARE:
        d = max2(depth_of(e->u.compare.left), list_depth(&e->u.compare.comparators));
        break;
    case PY_E_CALL:
        d = max2(depth_of(e->u.call.func), list_depth(&e->u.call.args));
        for (uint32_t i = 0; i < e->u.call.keywords.n; i++)
            d = max2(d, depth_of(e->u.call.keywords.items[i]->value));
        break;
    case PY_E_FVALUE: d = max2(depth_of(e->u.fvalue.value), depth_of(e->u.fvalue.spec)); break;
    case PY_E_JOINED: d = list_depth(&e->u.joined); break;
    case PY_E_CONST:
    case PY_E_NAME: break;
    case PY_E_ATTR: d = depth_of(e->u.attr.value); break;
    case PY_E_SUBSCRIPT:
        d = max2(depth_of(e->u.subscript.value), depth_of(e->u.subscript.slice));
        break;
    case PY_E_SLICE:
        d = max2(depth_of(e->u.slice.lower),
                 max2(depth_of(e->u.slice.upper), depth_of(e->u.slice.step)));
        break;
    }
    e->depth = d + 1;
}

PyExpr *py_expr_new(Arena *a, PyExprKind kind, SrcLoc at) {
    PyExpr *e = arena_alloc(a, sizeof *e);
    e->kind = kind;
    e->at = at;
    e->depth = 1;
    return e;
}

PyStmt *py_stmt_new(Arena *a, PyStmtKind kind, SrcLoc at) {
    PyStmt *s = arena_alloc(a, sizeof *s);
    s->kind = kind;
    s->at = at;
    return s;
}

PyExpr *py_name(Arena *a, const char *id, SrcLoc at) {
    PyExpr *e = py_expr_new(a, PY_E_NAME, at);
    e->u.name = id;
    return e;
}

PyExpr *py_binop(Arena *a, PyExpr *l, PyOp op, PyExpr *r, SrcLoc at) {
    PyExpr *e = py_expr_new(a, PY_E_BINOP, at);
    e->u.binop.left = l;
    e->u.binop.op = op;
    e->u.binop.right = r;
    py_expr_fix_depth(e);
    return e;
}

PyExpr *py_unary(Arena *a, PyOp op, PyExpr *x, SrcLoc at) {
    PyExpr *e = py_expr_new(a, PY_E_UNARY, at);
    e->u.unary.op = op;
    e->u.unary.operand = x;
    py_expr_fix_depth(e);
    return e;
}

PyExpr *py_attr(Arena *a, PyExpr *value, const char *attr, SrcLoc at) {
    PyExpr *e = py_expr_new(a, PY_E_ATTR, at);
    e->u.attr.value = value;
    e->u.attr.attr = attr;
    py_expr_fix_depth(e);
    return e;
}

PyExpr *py_subscript(Arena *a, PyExpr *value, PyExpr *slice, SrcLoc at) {
    PyExpr *e = py_expr_new(a, PY_E_SUBSCRIPT, at);
    e->u.subscript.value = value;
    e->u.subscript.slice = slice;
    py_expr_fix_depth(e);
    return e;
}

PyExpr *py_call(Arena *a, PyExpr *func, PyExprList args, PyKeywordList kws, SrcLoc at) {
    PyExpr *e = py_expr_new(a, PY_E_CALL, at);
    e->u.call.func = func;
    e->u.call.args = args;
    e->u.call.keywords = kws;
    py_expr_fix_depth(e);
    return e;
}

PyExpr *py_const(Arena *a, PyConstKind kind, SrcLoc at) {
    PyExpr *e = py_expr_new(a, PY_E_CONST, at);
    e->u.constant.kind = kind;
    return e;
}

PyExpr *py_const_str(Arena *a, PyConstKind kind, const char *s, uint32_t len, SrcLoc at) {
    PyExpr *e = py_const(a, kind, at);
    e->u.constant.s = s;
    e->u.constant.len = len;
    return e;
}

PyExpr *py_seq(Arena *a, PyExprKind kind, PyExprList elts, SrcLoc at) {
    PyExpr *e = py_expr_new(a, kind, at);
    e->u.elts = elts;
    py_expr_fix_depth(e);
    return e;
}

PyExpr *py_wrap(Arena *a, PyExprKind kind, PyExpr *value, SrcLoc at) {
    PyExpr *e = py_expr_new(a, kind, at);
    e->u.value = value;
    py_expr_fix_depth(e);
    return e;
}

PyExpr *py_compare_new(Arena *a, PyExpr *left, PyOp op, PyExpr *right, SrcLoc at) {
    PyExpr *e = py_expr_new(a, PY_E_COMPARE, at);
    e->u.compare.left = left;
    e->depth = depth_of(left) + 1;
    py_compare_push(a, e, op, right, at);
    return e;
}

void py_compare_push(Arena *a, PyExpr *cmp, PyOp op, PyExpr *right, SrcLoc at) {
    PyExprList *l = &cmp->u.compare.comparators;
    if (l->n == l->cap) {  // ops grows alongside the comparator list
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        cmp->u.compare.ops = arena_realloc(a, cmp->u.compare.ops, l->cap * sizeof(PyOp),
                                           cap * sizeof(PyOp));
    }
    cmp->u.compare.ops[l->n] = op;
    py_expr_push(a, l, right);
    cmp->depth = max2(cmp->depth, depth_of(right) + 1);
    cmp->at = src_span(cmp->at, at);
}

PyExpr *py_boolop_new(Arena *a, PyOp op, PyExpr *left, PyExpr *right, SrcLoc at) {
    PyExpr *e = py_expr_new(a, PY_E_BOOLOP, at);
    e->u.boolop.op = op;
    py_expr_push(a, &e->u.boolop.values, left);
    py_expr_push(a, &e->u.boolop.values, right);
    py_expr_fix_depth(e);
    return e;
}

static bool is_bytes(const PyExpr *e) {
    return e->kind == PY_E_CONST && e->u.constant.kind == PY_C_BYTES;
}

static void flush_run(Arena *a, PyExpr *j, StrBuf *run, SrcLoc at) {
    if (run->len == 0) return;
    char *s = arena_strndup(a, run->ptr, run->len);
    py_expr_push(a, &j->u.joined, py_const_str(a, PY_C_STR, s, (uint32_t)run->len, at));
    sb_reset(run);
}

/* One pass over all the parts, so that thousands of adjacent literals stay linear.
 * Neighbouring constant pieces merge into one, as CPython does. */
PyExpr *py_str_join(Arena *a, PyExprList parts, SrcLoc at, uint32_t *bad) {
    bool bytes = is_bytes(parts.items[0]), any_f = false;
    size_t total = 0;
    for (uint32_t i = 0; i < parts.n; i++) {
        if (is_bytes(parts.items[i]) != bytes) {
            *bad = i;
            return NULL;
        }
        any_f |= parts.items[i]->kind == PY_E_JOINED;
        if (parts.items[i]->kind == PY_E_CONST) total += parts.items[i]->u.constant.len;
    }
    if (parts.n == 1) return parts.items[0];
    if (!any_f) {
        char *s = arena_alloc(a, total + 1), *o = s;
        for (uint32_t i = 0; i < parts.n; i++) {
            memcpy(o, parts.items[i]->u.constant.s, parts.items[i]->u.constant.len);
            o += parts.items[i]->u.constant.len;
        }
        return py_const_str(a, bytes ? PY_C_BYTES : PY_C_STR, s, (uint32_t)total, at);
    }
    PyExpr *j = py_expr_new(a, PY_E_JOINED, at);
    StrBuf run = {0};
    SrcLoc run_at = SRC_NONE;
    for (uint32_t i = 0; i < parts.n; i++) {
        const PyExpr *part = parts.items[i];
        uint32_t n = part->kind == PY_E_JOINED ? part->u.joined.n : 1;
        for (uint32_t k = 0; k < n; k++) {
            PyExpr *x = part->kind == PY_E_JOINED ? part->u.joined.items[k] : (PyExpr *)part;
            if (x->kind == PY_E_CONST) {
                if (run.len == 0) run_at = x->at;
                else run_at = src_span(run_at, x->at);
                sb_put(&run, x->u.constant.s, x->u.constant.len);
            } else {
                flush_run(a, j, &run, run_at);
                py_expr_push(a, &j->u.joined, x);
            }
        }
    }
    flush_run(a, j, &run, run_at);
    sb_free(&run);
    py_expr_fix_depth(j);
    return j;
}

PyKeyword *py_keyword(Arena *a, const char *arg, PyExpr *value, SrcLoc at) {
    PyKeyword *k = arena_alloc(a, sizeof *k);
    *k = (PyKeyword){arg, value, at};
    return k;
}

PyParam *py_param(Arena *a, PyParamKind kind, const char *name, PyExpr *annotation,
                  PyExpr *def, SrcLoc at) {
    PyParam *p = arena_alloc(a, sizeof *p);
    *p = (PyParam){kind, name, annotation, def, at};
    return p;
}

PyAlias *py_alias(Arena *a, const char *name, const char *asname, SrcLoc at) {
    PyAlias *x = arena_alloc(a, sizeof *x);
    *x = (PyAlias){name, asname, at};
    return x;
}

/* params = [posonly... "/"] [normal...] ["*" | "*" vararg] [kwonly...] ["**" kwarg]
 * Markers are dropped; the items before / become POSONLY, those after * KWONLY. */
const char *py_params_finish(PyParamList *l, SrcLoc *err_at) {
    int slash = -1, star = -1;
    bool seen_default = false, seen_kwarg = false;
    for (uint32_t i = 0; i < l->n; i++) {
        PyParam *p = l->items[i];
        *err_at = p->at;
        if (seen_kwarg) return "arguments cannot follow var-keyword argument";
        switch (p->kind) {
        case PY_P_SLASH:
            if (slash >= 0) return "/ may appear only once";
            if (star >= 0) return "/ must be ahead of *";
            if (i == 0) return "at least one argument must precede /";
            slash = (int)i;
            break;
        case PY_P_STAR:
        case PY_P_VARARG:
            if (star >= 0) return "* argument may appear only once";
            star = (int)i;
            if (p->kind == PY_P_STAR &&
                (i + 1 == l->n || l->items[i + 1]->kind == PY_P_KWARG))
                return "named arguments must follow bare *";
            break;
        case PY_P_KWARG: seen_kwarg = true; break;
        default:
            if (star >= 0) {
                p->kind = PY_P_KWONLY;
            } else {
                if (p->def) seen_default = true;
                else if (seen_default) return "non-default argument follows default argument";
            }
            break;
        }
    }
    uint32_t out = 0;
    for (uint32_t i = 0; i < l->n; i++) {
        PyParam *p = l->items[i];
        if (p->kind == PY_P_SLASH || p->kind == PY_P_STAR) continue;
        if ((int)i < slash) p->kind = PY_P_POSONLY;
        l->items[out++] = p;
    }
    l->n = out;
    return NULL;
}
