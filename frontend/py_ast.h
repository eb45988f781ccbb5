/* Python syntax tree, built by grammar/py.y and read by the partial evaluator and
 * py_ast_dump. Kinds mirror CPython's `ast` module; every node carries a SrcLoc.
 * All nodes, lists and strings live in the compilation's arena (never freed one by one). */
#ifndef SLUICE_PY_AST_H
#define SLUICE_PY_AST_H

#include "arena.h"
#include "source.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct PyExpr PyExpr;
typedef struct PyStmt PyStmt;
typedef struct PyKeyword PyKeyword;
typedef struct PyParam PyParam;
typedef struct PyAlias PyAlias;
typedef struct PyComp PyComp;
typedef struct PyHandler PyHandler;
typedef struct PyWithItem PyWithItem;

/* Arena-grown arrays of node pointers; {0} is the empty list. */
#define PY_LIST(T) struct { T **items; uint32_t n, cap; }
typedef PY_LIST(PyExpr) PyExprList;
typedef PY_LIST(PyStmt) PyStmtList;
typedef PY_LIST(PyKeyword) PyKeywordList;
typedef PY_LIST(PyParam) PyParamList;
typedef PY_LIST(PyAlias) PyAliasList;
typedef PY_LIST(PyComp) PyCompList;
typedef PY_LIST(PyHandler) PyHandlerList;
typedef PY_LIST(PyWithItem) PyWithItemList;
typedef PY_LIST(const char) PyNameList;

void py_expr_push(Arena *a, PyExprList *l, PyExpr *x);
void py_stmt_push(Arena *a, PyStmtList *l, PyStmt *x);
void py_keyword_push(Arena *a, PyKeywordList *l, PyKeyword *x);
void py_param_push(Arena *a, PyParamList *l, PyParam *x);
void py_alias_push(Arena *a, PyAliasList *l, PyAlias *x);
void py_comp_push(Arena *a, PyCompList *l, PyComp *x);
void py_handler_push(Arena *a, PyHandlerList *l, PyHandler *x);
void py_withitem_push(Arena *a, PyWithItemList *l, PyWithItem *x);
void py_name_push(Arena *a, PyNameList *l, const char *x);
void py_stmts_append(Arena *a, PyStmtList *l, PyStmtList more);

typedef enum {
    PY_OP_AND,       // and
    PY_OP_OR,        // or
    PY_OP_ADD,       // +
    PY_OP_SUB,       // -
    PY_OP_MUL,       // *
    PY_OP_MATMUL,    // @
    PY_OP_DIV,       // /
    PY_OP_MOD,       // %
    PY_OP_POW,       // **
    PY_OP_LSHIFT,    // <<
    PY_OP_RSHIFT,    // >>
    PY_OP_BITOR,     // |
    PY_OP_BITXOR,    // ^
    PY_OP_BITAND,    // &
    PY_OP_FLOORDIV,  // //
    PY_OP_INVERT,    // ~x
    PY_OP_NOT,       // not x
    PY_OP_UADD,      // +x
    PY_OP_USUB,      // -x
    PY_OP_EQ,        // ==
    PY_OP_NE,        // !=
    PY_OP_LT,        // <
    PY_OP_LE,        // <=
    PY_OP_GT,        // >
    PY_OP_GE,        // >=
    PY_OP_IS,        // is
    PY_OP_ISNOT,     // is not
    PY_OP_IN,        // in
    PY_OP_NOTIN,     // not in
} PyOp;

const char *py_op_text(PyOp op);  // "+", "not in", ...

typedef enum {
    PY_C_STR,       // decoded UTF-8 bytes in s/len
    PY_C_BYTES,     // bytes in s/len
    PY_C_INT,       // text; i when fits_i64
    PY_C_FLOAT,     // f
    PY_C_COMPLEX,   // imaginary part in f (3j)
    PY_C_TRUE,      // True
    PY_C_FALSE,     // False
    PY_C_NONE,      // None
    PY_C_ELLIPSIS,  // ...
} PyConstKind;

typedef struct {
    PyConstKind kind;
    const char *s;     // STR/BYTES: decoded bytes, NUL-terminated, may hold NULs;
                       // INT/FLOAT/COMPLEX: the literal text as written
    uint32_t    len;   // bytes in s
    bool        fits_i64;
    int64_t     i;
    double      f;
} PyConst;

typedef enum {
    PY_E_BOOLOP,     // a and b and c: values, op
    PY_E_NAMED,      // target := value
    PY_E_BINOP,      // left op right
    PY_E_UNARY,      // op operand
    PY_E_LAMBDA,     // lambda params: body
    PY_E_IFEXP,      // body if test else orelse
    PY_E_DICT,       // {k: v, **m}: keys[i] NULL for ** unpacking
    PY_E_SET,        // {a, b}
    PY_E_LISTCOMP,   // [elt for ...]
    PY_E_SETCOMP,    // {elt for ...}
    PY_E_DICTCOMP,   // {key: value for ...}
    PY_E_GENEXP,     // (elt for ...)
    PY_E_AWAIT,      // await value
    PY_E_YIELD,      // yield [value]
    PY_E_YIELDFROM,  // yield from value
    PY_E_COMPARE,    // left op0 c0 op1 c1 ...
    PY_E_CALL,       // func(args, keywords)
    PY_E_FVALUE,     // {value!conv:spec} inside an f-string
    PY_E_JOINED,     // f-string: values are STR constants and FVALUEs
    PY_E_CONST,      // literal
    PY_E_ATTR,       // value.attr
    PY_E_SUBSCRIPT,  // value[slice]
    PY_E_STARRED,    // *value
    PY_E_NAME,       // id
    PY_E_LIST,       // [a, b]
    PY_E_TUPLE,      // a, b
    PY_E_SLICE,      // lower:upper:step, each may be NULL
} PyExprKind;

struct PyExpr {
    PyExprKind kind;
    SrcLoc     at;
    uint32_t   depth;  // nesting depth through left-recursive chains (a.b.c, a+b+c)
    union {
        struct { PyOp op; PyExprList values; } boolop;
        struct { PyExpr *target, *value; } named;
        struct { PyOp op; PyExpr *left, *right; } binop;
        struct { PyOp op; PyExpr *operand; } unary;
        struct { PyParamList params; PyExpr *body; } lambda;
        struct { PyExpr *test, *body, *orelse; } ifexp;
        struct { PyExprList keys, values; } dict;
        PyExprList elts;  // SET, LIST, TUPLE
        struct { PyExpr *elt, *value; PyCompList gens; } comp;  // value: DICTCOMP only
        PyExpr *value;    // AWAIT, YIELD (may be NULL), YIELDFROM, STARRED
        struct { PyExpr *left; PyOp *ops; PyExprList comparators; } compare;
        struct { PyExpr *func; PyExprList args; PyKeywordList keywords; } call;
        struct { PyExpr *value; int conversion; PyExpr *spec; } fvalue;  // conv: 0,'r','s','a'
        PyExprList joined;  // JOINED
        PyConst    constant;
        struct { PyExpr *value; const char *attr; } attr;
        struct { PyExpr *value, *slice; } subscript;
        const char *name;   // NAME
        struct { PyExpr *lower, *upper, *step; } slice;
    } u;
};

struct PyKeyword {
    const char *arg;  // NULL for **value
    PyExpr     *value;
    SrcLoc      at;
};

typedef enum {
    PY_P_POSONLY,  // before /
    PY_P_NORMAL,   // positional or keyword
    PY_P_VARARG,   // *args
    PY_P_KWONLY,   // after * or *args
    PY_P_KWARG,    // **kwargs
    PY_P_SLASH,    // the / marker: only while parsing, or after a reported error
    PY_P_STAR,     // a bare * marker: only while parsing, or after a reported error
} PyParamKind;

struct PyParam {
    PyParamKind kind;
    const char *name;
    PyExpr     *annotation;  // NULL when none
    PyExpr     *def;         // default value; NULL when none
    SrcLoc      at;
};

struct PyAlias {
    const char *name;    // dotted module path or imported name; "*" for import *
    const char *asname;  // NULL when no `as`
    SrcLoc      at;
};

struct PyComp {
    PyExpr    *target, *iter;
    PyExprList ifs;
    bool       is_async;
    SrcLoc     at;
};

struct PyHandler {
    PyExpr     *type;  // NULL for a bare except
    const char *name;  // NULL when no `as`
    PyStmtList  body;
    SrcLoc      at;
};

struct PyWithItem {
    PyExpr *ctx;
    PyExpr *vars;  // NULL when no `as`
};

typedef enum {
    PY_S_FUNCDEF,     // def
    PY_S_CLASSDEF,    // class
    PY_S_RETURN,      // return [value]
    PY_S_DELETE,      // del targets
    PY_S_ASSIGN,      // t1 = t2 = value
    PY_S_AUGASSIGN,   // target op= value
    PY_S_ANNASSIGN,   // target: annotation [= value]
    PY_S_FOR,         // for target in iter: body else: orelse
    PY_S_WHILE,       // while test: body else: orelse
    PY_S_IF,          // if test: body else: orelse (elif = an IF alone in orelse)
    PY_S_WITH,        // with items: body
    PY_S_RAISE,       // raise [exc [from cause]]
    PY_S_TRY,         // try/except/else/finally
    PY_S_ASSERT,      // assert test [, msg]
    PY_S_IMPORT,      // import names
    PY_S_IMPORTFROM,  // from module import names
    PY_S_GLOBAL,      // global names
    PY_S_NONLOCAL,    // nonlocal names
    PY_S_EXPR,        // expression statement
    PY_S_PASS,        // pass
    PY_S_BREAK,       // break
    PY_S_CONTINUE,    // continue
} PyStmtKind;

struct PyStmt {
    PyStmtKind kind;
    SrcLoc     at;  // the whole statement; for decorated defs, from the def keyword
    union {
        struct {
            const char *name;
            PyParamList params;
            PyExprList  decorators;
            PyStmtList  body;
            PyExpr     *returns;  // NULL when no -> annotation
            bool        is_async;
        } funcdef;
        struct {
            const char   *name;
            PyExprList    bases;
            PyKeywordList keywords;
            PyExprList    decorators;
            PyStmtList    body;
        } classdef;
        PyExpr *value;  // RETURN (may be NULL), EXPR
        PyExprList targets;  // DELETE
        struct { PyExprList targets; PyExpr *value; } assign;
        struct { PyExpr *target; PyOp op; PyExpr *value; } augassign;
        struct { PyExpr *target, *annotation, *value; bool simple; } annassign;
        struct { PyExpr *target, *iter; PyStmtList body, orelse; bool is_async; } for_;
        struct { PyExpr *test; PyStmtList body, orelse; } while_;  // IF too
        struct { PyWithItemList items; PyStmtList body; bool is_async; } with;
        struct { PyExpr *exc, *cause; } raise;
        struct {
            PyStmtList    body;
            PyHandlerList handlers;
            PyStmtList    orelse, finalbody;
            bool          is_star;  // except*
        } try_;
        struct { PyExpr *test, *msg; } assert_;
        PyAliasList names;  // IMPORT
        struct {
            const char *module;  // NULL for `from . import x`
            PyAliasList names;
            int         level;   // leading dots
        } importfrom;
        PyNameList ids;  // GLOBAL, NONLOCAL
    } u;
};

struct PyModule {
    PyStmtList       body;
    uint32_t         file;  // buffer the module was parsed from
    const SourceSet *src;   // borrowed: locations resolve through it (dump, evaluator)
};

/* Constructors: arena-allocated, zeroed; depth is worked out from the children. */
PyExpr *py_expr_new(Arena *a, PyExprKind kind, SrcLoc at);
void    py_expr_fix_depth(PyExpr *e);  // after filling a node's children by hand
PyStmt *py_stmt_new(Arena *a, PyStmtKind kind, SrcLoc at);
PyExpr *py_name(Arena *a, const char *id, SrcLoc at);
PyExpr *py_binop(Arena *a, PyExpr *l, PyOp op, PyExpr *r, SrcLoc at);
PyExpr *py_unary(Arena *a, PyOp op, PyExpr *x, SrcLoc at);
PyExpr *py_attr(Arena *a, PyExpr *value, const char *attr, SrcLoc at);
PyExpr *py_subscript(Arena *a, PyExpr *value, PyExpr *slice, SrcLoc at);
PyExpr *py_call(Arena *a, PyExpr *func, PyExprList args, PyKeywordList kws, SrcLoc at);
PyExpr *py_const(Arena *a, PyConstKind kind, SrcLoc at);
PyExpr *py_const_str(Arena *a, PyConstKind kind, const char *s, uint32_t len, SrcLoc at);
PyExpr *py_seq(Arena *a, PyExprKind kind, PyExprList elts, SrcLoc at);  // LIST/TUPLE/SET
PyExpr *py_wrap(Arena *a, PyExprKind kind, PyExpr *value, SrcLoc at);  // STARRED/AWAIT/YIELD..
PyExpr *py_compare_new(Arena *a, PyExpr *left, PyOp op, PyExpr *right, SrcLoc at);
void    py_compare_push(Arena *a, PyExpr *cmp, PyOp op, PyExpr *right, SrcLoc at);
PyExpr *py_boolop_new(Arena *a, PyOp op, PyExpr *left, PyExpr *right, SrcLoc at);
/* Adjacent string literals "a" f"b" -> one constant or JoinedStr; NULL when bytes mix
 * with str (*bad: index of the first part that does not match the first). */
PyExpr *py_str_join(Arena *a, PyExprList parts, SrcLoc at, uint32_t *bad);
PyKeyword *py_keyword(Arena *a, const char *arg, PyExpr *value, SrcLoc at);
PyParam   *py_param(Arena *a, PyParamKind kind, const char *name, PyExpr *annotation,
                    PyExpr *def, SrcLoc at);
PyAlias   *py_alias(Arena *a, const char *name, const char *asname, SrcLoc at);
/* Turn the parsed parameter items (with / and * markers) into final kinds. Returns an
 * error message (static) for a malformed list, else NULL. */
const char *py_params_finish(PyParamList *l, SrcLoc *err_at);

#endif
