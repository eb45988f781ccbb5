/* Checks the grammar cannot express: what may stand left of `=`, after `del`, `for`,
 * `as` and `:=`, and where arguments may follow keywords. Called from grammar actions;
 * each finding is a located error and parsing goes on. */
#include "py_lex.h"

static const char *describe(const PyExpr *e) {
    switch (e->kind) {
    case PY_E_CALL: return "function call";
    case PY_E_CONST: return e->u.constant.kind == PY_C_NONE ? "None"
                            : e->u.constant.kind == PY_C_TRUE ? "True"
                            : e->u.constant.kind == PY_C_FALSE ? "False"
                            : e->u.constant.kind == PY_C_ELLIPSIS ? "ellipsis" : "literal";
    case PY_E_JOINED: return "f-string expression";
    case PY_E_COMPARE: return "comparison";
    case PY_E_LAMBDA: return "lambda";
    case PY_E_IFEXP: return "conditional expression";
    case PY_E_NAMED: return "named expression";
    case PY_E_DICT: return "dict literal";
    case PY_E_SET: return "set display";
    case PY_E_LISTCOMP: return "list comprehension";
    case PY_E_SETCOMP: return "set comprehension";
    case PY_E_DICTCOMP: return "dict comprehension";
    case PY_E_GENEXP: return "generator expression";
    case PY_E_AWAIT: return "await expression";
    case PY_E_YIELD:
    case PY_E_YIELDFROM: return "yield expression";
    case PY_E_STARRED: return "starred";
    case PY_E_ATTR: return "attribute";
    case PY_E_SUBSCRIPT: return "subscript";
    case PY_E_TUPLE: return "tuple";
    case PY_E_LIST: return "list";
    default: return "expression";
    }
}

void py_check_target(PyParser *p, const PyExpr *e, PyTargetUse use) {
    if (!e) return;
    switch (e->kind) {
    case PY_E_NAME:
    case PY_E_ATTR:
    case PY_E_SUBSCRIPT: return;
    case PY_E_TUPLE:
    case PY_E_LIST:
        if (use == PY_T_AUG || use == PY_T_ANN) break;
        for (uint32_t i = 0; i < e->u.elts.n; i++) py_check_target(p, e->u.elts.items[i], use);
        return;
    case PY_E_STARRED:
        if (use == PY_T_DEL || use == PY_T_AUG || use == PY_T_ANN) break;
        py_check_target(p, e->u.value, use);
        return;
    default: break;
    }
    switch (use) {
    case PY_T_DEL: py_error(p, e->at, "cannot delete %s", describe(e)); break;
    case PY_T_AUG:
        py_error(p, e->at, "%s is an illegal target for augmented assignment",
                 e->kind == PY_E_TUPLE ? "tuple" : e->kind == PY_E_LIST ? "list" : describe(e));
        break;
    case PY_T_ANN:
        py_error(p, e->at, e->kind == PY_E_TUPLE || e->kind == PY_E_LIST
                               ? "only single target (not tuple or list) can be annotated"
                               : "illegal target for annotation");
        break;
    default: py_error(p, e->at, "cannot assign to %s", describe(e)); break;
    }
}

void py_check_walrus(PyParser *p, const PyExpr *target) {
    if (target->kind != PY_E_NAME)
        py_error(p, target->at, "cannot use assignment expressions with %s", describe(target));
}

void py_check_positional(PyParser *p, PyKeywordList kws, const PyExpr *arg) {
    if (kws.n == 0) return;
    if (arg->kind == PY_E_STARRED) {  // f(a=1, *b) is fine, f(**k, *b) is not
        for (uint32_t i = 0; i < kws.n; i++)
            if (!kws.items[i]->arg) {
                py_error(p, arg->at,
                         "iterable argument unpacking follows keyword argument unpacking");
                return;
            }
        return;
    }
    bool unpack = false;
    for (uint32_t i = 0; i < kws.n; i++) unpack |= kws.items[i]->arg == NULL;
    py_error(p, arg->at, unpack ? "positional argument follows keyword argument unpacking"
                                : "positional argument follows keyword argument");
}
