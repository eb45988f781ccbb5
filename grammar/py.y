/* Python 3 grammar (Bison, LALR(1)): statements and expressions as notebooks use them.
 * Actions only build AST nodes (py_ast.h) in the parser's arena. Two start symbols:
 * a whole module (START_FILE) and one f-string field expression (START_EXPR).
 * Error recovery is done by the driver (py_driver.c): it restarts at the next column-0
 * line, so this grammar has no error rules. */
%define api.pure full
%define api.prefix {py_yy}
%define api.token.prefix {PT_}
%define api.location.type {SrcLoc}
%define parse.error custom
%define parse.lac full
%locations
%param {PyParser *p}
%expect 0

%code requires {
#include "py_lex.h"
}

%code {
#include <stdio.h>
#include <string.h>

#define A (p->arena)
#define YYLLOC_DEFAULT(cur, rhs, n)                                              \
    do {                                                                        \
        if (n) (cur) = src_span(YYRHSLOC(rhs, 1), YYRHSLOC(rhs, n));            \
        else (cur) = (SrcLoc){YYRHSLOC(rhs, 0).file,                            \
                              YYRHSLOC(rhs, 0).off + YYRHSLOC(rhs, 0).len, 0};  \
    } while (0)

static int py_yylex(PY_YYSTYPE *val, SrcLoc *loc, PyParser *p) { return py_lex(val, loc, p); }
static void py_yyerror(SrcLoc *loc, PyParser *p, const char *msg);

static PyExprList list1(Arena *a, PyExpr *x) {
    PyExprList l = {0};
    py_expr_push(a, &l, x);
    return l;
}

static PyStmtList stmts1(Arena *a, PyStmt *x) {
    PyStmtList l = {0};
    py_stmt_push(a, &l, x);
    return l;
}

/* A sequence as an expression: one item alone stays itself, else a Tuple. */
static PyExpr *seq_expr(Arena *a, PyExprList l, bool trailing_comma, SrcLoc at) {
    if (l.n == 1 && !trailing_comma && l.items[0]->kind != PY_E_STARRED) return l.items[0];
    return py_seq(a, PY_E_TUPLE, l, at);
}

static PyExpr *comp(Arena *a, PyExprKind k, PyExpr *elt, PyExpr *value, PyCompList g,
                    SrcLoc at) {
    PyExpr *e = py_expr_new(a, k, at);
    e->u.comp.elt = elt;
    e->u.comp.value = value;
    e->u.comp.gens = g;
    py_expr_fix_depth(e);
    return e;
}

/* Left-recursive chains (a.b.c..., a+b+...) build trees as deep as the input is long;
 * stop there so that no later recursive walk can run out of stack. */
#define DEEP(e)                                                                        \
    do {                                                                               \
        if ((e)->depth > PY_MAX_DEPTH) {                                               \
            py_error(p, (e)->at, "expression is too deeply nested");                   \
            p->error_off = (e)->at.off + (e)->at.len - p->base;                        \
            p->lex_error = false;                                                      \
            YYABORT;                                                                   \
        }                                                                              \
    } while (0)

static PyStmt *funcdef(PyParser *p, const char *name, PyParamList params, PyExpr *returns,
                       PyStmtList body, SrcLoc at) {
    PyStmt *s = py_stmt_new(A, PY_S_FUNCDEF, at);
    s->u.funcdef.name = name;
    s->u.funcdef.params = params;
    s->u.funcdef.returns = returns;
    s->u.funcdef.body = body;
    return s;
}

static PyParamList finish_params(PyParser *p, PyParamList l) {
    SrcLoc at = SRC_NONE;
    const char *err = py_params_finish(&l, &at);
    if (err) py_error(p, at, "%s", err);
    return l;
}

static PyStmt *if_stmt(PyParser *p, PyExpr *test, PyStmtList body, PyStmtList orelse,
                       SrcLoc at) {
    PyStmt *s = py_stmt_new(A, PY_S_IF, at);
    s->u.while_.test = test;
    s->u.while_.body = body;
    s->u.while_.orelse = orelse;
    return s;
}
}

%union {
    PyExpr        *expr;
    PyStmt        *stmt;
    const char    *str;
    int            op;
    PyExprList     exprs;
    PyStmtList     stmts;
    PyKeyword     *kw;
    PyParam       *param;
    PyParamList    params;
    PyAlias       *alias;
    PyAliasList    aliases;
    PyComp        *comp;
    PyCompList     comps;
    PyHandler     *handler;
    PyHandlerList  handlers;
    PyWithItem    *witem;
    PyWithItemList witems;
    PyNameList     names;
    struct { PyExprList args; PyKeywordList kws; } call;
    struct { PyExprList keys, values; } dict;
    struct { PyHandlerList handlers; PyStmtList orelse, finalbody; } tail;
}

%token END 0 "end of file"
%token ERROR "invalid token"
%token START_FILE START_EXPR
%token NEWLINE "end of line" INDENT "indent" DEDENT "dedent"
%token <str> NAME "name"
%token <expr> NUMBER "number" STRING "string"
%token FALSE "False" NONE "None" TRUE "True" AND "and" AS "as" ASSERT "assert"
%token ASYNC "async" AWAIT "await" BREAK "break" CLASS "class" CONTINUE "continue"
%token DEF "def" DEL "del" ELIF "elif" ELSE "else" EXCEPT "except" FINALLY "finally"
%token FOR "for" FROM "from" GLOBAL "global" IF "if" IMPORT "import" IN "in" IS "is"
%token LAMBDA "lambda" NONLOCAL "nonlocal" NOT "not" OR "or" PASS "pass" RAISE "raise"
%token RETURN "return" TRY "try" WHILE "while" WITH "with" YIELD "yield"
%token ELLIPSIS "..." ARROW "->" COLONEQ ":=" POW "**" FLOORDIV "//" LSHIFT "<<"
%token RSHIFT ">>" LE "<=" GE ">=" EQ "==" NE "!=" WITH_LPAR "("
%token <op> AUGASSIGN "augmented assignment"

%type <stmts> stmt simple_stmt small_list suite stmts
%type <stmt> small_stmt compound_stmt expr_stmt assign_chain import_stmt funcdef classdef
%type <stmt> if_stmt while_stmt for_stmt try_stmt with_stmt decorated async_stmt flow_stmt
%type <stmts> else_opt elif_tail
%type <expr> test test_nocond namedexpr_test or_test and_test not_test comparison cmp_chain
%type <expr> or_chain and_chain expr xor_expr and_expr shift_expr arith term factor power
%type <expr> await_primary primary atom star_expr star_item testlist_star_expr rhs
%type <expr> yield_expr lambdef lambdef_nocond exprlist xitem subscripts subscript slice
%type <expr> opt_test ret_opt decorator
%type <exprs> seq xseq subscript_list decorators strings
%type <op> comp_op
%type <call> arglist args
%type <expr> arg_pos
%type <kw> arg_kw
%type <dict> dict_items
%type <params> params param_items lparams lparam_items
%type <param> param_item lparam_item
%type <alias> dotted_as_name import_as_name
%type <aliases> dotted_as_names import_as_names import_targets
%type <str> dotted_name
%type <op> dots
%type <comp> comp_clause_for
%type <comps> comp_for
%type <handler> handler
%type <handlers> handlers
%type <tail> try_tail
%type <witem> with_item
%type <witems> with_items
%type <names> names

%%

start:
    START_FILE file_input
  | START_EXPR field_expr
  ;

file_input:
    %empty
  | file_input NEWLINE
  | file_input stmt          { py_stmts_append(A, &p->body, $2); }
  ;

field_expr:
    testlist_star_expr       { p->result = $1; }
  | yield_expr               { p->result = $1; }
  ;

stmt:
    simple_stmt
  | compound_stmt            { $$ = stmts1(A, $1); }
  ;

simple_stmt:
    small_list NEWLINE
  | small_list ';' NEWLINE
  ;

small_list:
    small_stmt               { $$ = stmts1(A, $1); }
  | small_list ';' small_stmt { $$ = $1; py_stmt_push(A, &$$, $3); }
  ;

small_stmt:
    expr_stmt
  | DEL exprlist             { py_check_target(p, $2, PY_T_DEL);
                               $$ = py_stmt_new(A, PY_S_DELETE, @$);
                               $$->u.targets = $2->kind == PY_E_TUPLE && $2->at.off == @2.off
                                   ? $2->u.elts : list1(A, $2); }
  | PASS                     { $$ = py_stmt_new(A, PY_S_PASS, @$); }
  | flow_stmt
  | import_stmt
  | GLOBAL names             { $$ = py_stmt_new(A, PY_S_GLOBAL, @$); $$->u.ids = $2; }
  | NONLOCAL names           { $$ = py_stmt_new(A, PY_S_NONLOCAL, @$); $$->u.ids = $2; }
  | ASSERT test              { $$ = py_stmt_new(A, PY_S_ASSERT, @$); $$->u.assert_.test = $2; }
  | ASSERT test ',' test     { $$ = py_stmt_new(A, PY_S_ASSERT, @$);
                               $$->u.assert_.test = $2; $$->u.assert_.msg = $4; }
  ;

names:
    NAME                     { $$ = (PyNameList){0}; py_name_push(A, &$$, $1); }
  | names ',' NAME           { $$ = $1; py_name_push(A, &$$, $3); }
  ;

expr_stmt:
    testlist_star_expr       { $$ = py_stmt_new(A, PY_S_EXPR, @$); $$->u.value = $1; }
  | testlist_star_expr AUGASSIGN rhs
                             { py_check_target(p, $1, PY_T_AUG);
                               $$ = py_stmt_new(A, PY_S_AUGASSIGN, @$);
                               $$->u.augassign.target = $1; $$->u.augassign.op = $2;
                               $$->u.augassign.value = $3; }
  | testlist_star_expr ':' test
                             { py_check_target(p, $1, PY_T_ANN);
                               $$ = py_stmt_new(A, PY_S_ANNASSIGN, @$);
                               $$->u.annassign.target = $1; $$->u.annassign.annotation = $3;
                               $$->u.annassign.simple = $1->kind == PY_E_NAME; }
  | testlist_star_expr ':' test '=' rhs
                             { py_check_target(p, $1, PY_T_ANN);
                               $$ = py_stmt_new(A, PY_S_ANNASSIGN, @$);
                               $$->u.annassign.target = $1; $$->u.annassign.annotation = $3;
                               $$->u.annassign.value = $5;
                               $$->u.annassign.simple = $1->kind == PY_E_NAME; }
  | assign_chain
  ;

assign_chain:
    testlist_star_expr '=' rhs
                             { py_check_target(p, $1, PY_T_STORE);
                               $$ = py_stmt_new(A, PY_S_ASSIGN, @$);
                               py_expr_push(A, &$$->u.assign.targets, $1);
                               $$->u.assign.value = $3; }
  | assign_chain '=' rhs     { $$ = $1; $$->at = @$;
                               py_check_target(p, $$->u.assign.value, PY_T_STORE);
                               py_expr_push(A, &$$->u.assign.targets, $$->u.assign.value);
                               $$->u.assign.value = $3; }
  ;

rhs:
    testlist_star_expr
  | yield_expr
  ;

flow_stmt:
    BREAK                    { $$ = py_stmt_new(A, PY_S_BREAK, @$); }
  | CONTINUE                 { $$ = py_stmt_new(A, PY_S_CONTINUE, @$); }
  | RETURN                   { $$ = py_stmt_new(A, PY_S_RETURN, @$); }
  | RETURN testlist_star_expr { $$ = py_stmt_new(A, PY_S_RETURN, @$); $$->u.value = $2; }
  | RAISE                    { $$ = py_stmt_new(A, PY_S_RAISE, @$); }
  | RAISE test               { $$ = py_stmt_new(A, PY_S_RAISE, @$); $$->u.raise.exc = $2; }
  | RAISE test FROM test     { $$ = py_stmt_new(A, PY_S_RAISE, @$);
                               $$->u.raise.exc = $2; $$->u.raise.cause = $4; }
  | yield_expr               { $$ = py_stmt_new(A, PY_S_EXPR, @$); $$->u.value = $1; }
  ;

/* import_stmt = "import" dotted_as_names | "from" dots? dotted_name? "import" targets */
import_stmt:
    IMPORT dotted_as_names   { $$ = py_stmt_new(A, PY_S_IMPORT, @$); $$->u.names = $2; }
  | FROM dotted_name IMPORT import_targets
                             { $$ = py_stmt_new(A, PY_S_IMPORTFROM, @$);
                               $$->u.importfrom.module = $2; $$->u.importfrom.names = $4; }
  | FROM dots dotted_name IMPORT import_targets
                             { $$ = py_stmt_new(A, PY_S_IMPORTFROM, @$);
                               $$->u.importfrom.module = $3; $$->u.importfrom.names = $5;
                               $$->u.importfrom.level = $2; }
  | FROM dots IMPORT import_targets
                             { $$ = py_stmt_new(A, PY_S_IMPORTFROM, @$);
                               $$->u.importfrom.names = $4; $$->u.importfrom.level = $2; }
  ;

dots:
    '.'                      { $$ = 1; }
  | ELLIPSIS                 { $$ = 3; }
  | dots '.'                 { $$ = $1 + 1; }
  | dots ELLIPSIS            { $$ = $1 + 3; }
  ;

dotted_name:
    NAME
  | dotted_name '.' NAME     { $$ = arena_printf(A, "%s.%s", $1, $3); }
  ;

dotted_as_names:
    dotted_as_name           { $$ = (PyAliasList){0}; py_alias_push(A, &$$, $1); }
  | dotted_as_names ',' dotted_as_name { $$ = $1; py_alias_push(A, &$$, $3); }
  ;

dotted_as_name:
    dotted_name              { $$ = py_alias(A, $1, NULL, @$); }
  | dotted_name AS NAME      { $$ = py_alias(A, $1, $3, @$); }
  ;

import_targets:
    '*'                      { $$ = (PyAliasList){0};
                               py_alias_push(A, &$$, py_alias(A, "*", NULL, @$)); }
  | '(' import_as_names ')'  { $$ = $2; }
  | '(' import_as_names ',' ')' { $$ = $2; }
  | import_as_names
  ;

import_as_names:
    import_as_name           { $$ = (PyAliasList){0}; py_alias_push(A, &$$, $1); }
  | import_as_names ',' import_as_name { $$ = $1; py_alias_push(A, &$$, $3); }
  ;

import_as_name:
    NAME                     { $$ = py_alias(A, $1, NULL, @$); }
  | NAME AS NAME             { $$ = py_alias(A, $1, $3, @$); }
  ;

compound_stmt:
    if_stmt
  | while_stmt
  | for_stmt
  | try_stmt
  | with_stmt
  | funcdef
  | classdef
  | decorated
  | async_stmt
  ;

async_stmt:
    ASYNC funcdef            { $$ = $2; $$->u.funcdef.is_async = true; $$->at = @$; }
  | ASYNC with_stmt          { $$ = $2; $$->u.with.is_async = true; $$->at = @$; }
  | ASYNC for_stmt           { $$ = $2; $$->u.for_.is_async = true; $$->at = @$; }
  ;

if_stmt:
    IF namedexpr_test ':' suite elif_tail { $$ = if_stmt(p, $2, $4, $5, @$); }
  ;

elif_tail:
    %empty                   { $$ = (PyStmtList){0}; }
  | ELSE ':' suite           { $$ = $3; }
  | ELIF namedexpr_test ':' suite elif_tail { $$ = stmts1(A, if_stmt(p, $2, $4, $5, @$)); }
  ;

while_stmt:
    WHILE namedexpr_test ':' suite else_opt
                             { $$ = py_stmt_new(A, PY_S_WHILE, @$); $$->u.while_.test = $2;
                               $$->u.while_.body = $4; $$->u.while_.orelse = $5; }
  ;

else_opt:
    %empty                   { $$ = (PyStmtList){0}; }
  | ELSE ':' suite           { $$ = $3; }
  ;

for_stmt:
    FOR exprlist IN testlist_star_expr ':' suite else_opt
                             { py_check_target(p, $2, PY_T_STORE);
                               $$ = py_stmt_new(A, PY_S_FOR, @$); $$->u.for_.target = $2;
                               $$->u.for_.iter = $4; $$->u.for_.body = $6;
                               $$->u.for_.orelse = $7; }
  ;

try_stmt:
    TRY ':' suite try_tail   { $$ = py_stmt_new(A, PY_S_TRY, @$); $$->u.try_.body = $3;
                               $$->u.try_.handlers = $4.handlers;
                               $$->u.try_.orelse = $4.orelse;
                               $$->u.try_.finalbody = $4.finalbody;
                               for (uint32_t i = 0; i < $4.handlers.n; i++)
                                   if ($4.handlers.items[i]->at.len == 0)
                                       $$->u.try_.is_star = true; }
  ;

/* try_tail = handlers ["else" ":" suite] ["finally" ":" suite] | "finally" ":" suite */
try_tail:
    handlers else_opt        { $$.handlers = $1; $$.orelse = $2; $$.finalbody = (PyStmtList){0}; }
  | handlers else_opt FINALLY ':' suite
                             { $$.handlers = $1; $$.orelse = $2; $$.finalbody = $5; }
  | FINALLY ':' suite        { $$.handlers = (PyHandlerList){0}; $$.orelse = (PyStmtList){0};
                               $$.finalbody = $3; }
  ;

handlers:
    handler                  { $$ = (PyHandlerList){0}; py_handler_push(A, &$$, $1); }
  | handlers handler         { $$ = $1; py_handler_push(A, &$$, $2); }
  ;

/* except* handlers are marked by a zero-length location (the star form is rare and
 * only needs to parse); the TRY action turns that into is_star. */
handler:
    EXCEPT ':' suite         { $$ = arena_alloc(A, sizeof *$$); $$->body = $3; $$->at = @1; }
  | EXCEPT test ':' suite    { $$ = arena_alloc(A, sizeof *$$); $$->type = $2; $$->body = $4;
                               $$->at = @1; }
  | EXCEPT test AS NAME ':' suite
                             { $$ = arena_alloc(A, sizeof *$$); $$->type = $2; $$->name = $4;
                               $$->body = $6; $$->at = @1; }
  | EXCEPT '*' test ':' suite
                             { $$ = arena_alloc(A, sizeof *$$); $$->type = $3; $$->body = $5;
                               $$->at = (SrcLoc){@1.file, @1.off, 0}; }
  | EXCEPT '*' test AS NAME ':' suite
                             { $$ = arena_alloc(A, sizeof *$$); $$->type = $3; $$->name = $5;
                               $$->body = $7; $$->at = (SrcLoc){@1.file, @1.off, 0}; }
  ;

with_stmt:
    WITH with_items ':' suite
                             { $$ = py_stmt_new(A, PY_S_WITH, @$); $$->u.with.items = $2;
                               $$->u.with.body = $4; }
  | WITH WITH_LPAR with_items ')' ':' suite
                             { $$ = py_stmt_new(A, PY_S_WITH, @$); $$->u.with.items = $3;
                               $$->u.with.body = $6; }
  | WITH WITH_LPAR with_items ',' ')' ':' suite
                             { $$ = py_stmt_new(A, PY_S_WITH, @$); $$->u.with.items = $3;
                               $$->u.with.body = $7; }
  ;

with_items:
    with_item                { $$ = (PyWithItemList){0}; py_withitem_push(A, &$$, $1); }
  | with_items ',' with_item { $$ = $1; py_withitem_push(A, &$$, $3); }
  ;

with_item:
    test                     { $$ = arena_alloc(A, sizeof *$$); $$->ctx = $1; }
  | test AS expr             { py_check_target(p, $3, PY_T_STORE);
                               $$ = arena_alloc(A, sizeof *$$); $$->ctx = $1; $$->vars = $3; }
  ;

funcdef:
    DEF NAME '(' params ')' ret_opt ':' suite { $$ = funcdef(p, $2, $4, $6, $8, @$); }
  ;

ret_opt:
    %empty                   { $$ = NULL; }
  | ARROW test               { $$ = $2; }
  ;

classdef:
    CLASS NAME ':' suite     { $$ = py_stmt_new(A, PY_S_CLASSDEF, @$);
                               $$->u.classdef.name = $2; $$->u.classdef.body = $4; }
  | CLASS NAME '(' arglist ')' ':' suite
                             { $$ = py_stmt_new(A, PY_S_CLASSDEF, @$);
                               $$->u.classdef.name = $2; $$->u.classdef.bases = $4.args;
                               $$->u.classdef.keywords = $4.kws; $$->u.classdef.body = $7; }
  ;

decorated:
    decorators funcdef       { $$ = $2; $$->u.funcdef.decorators = $1; }
  | decorators ASYNC funcdef { $$ = $3; $$->u.funcdef.decorators = $1;
                               $$->u.funcdef.is_async = true; $$->at = src_span(@2, @3); }
  | decorators classdef      { $$ = $2; $$->u.classdef.decorators = $1; }
  ;

decorators:
    decorator                { $$ = list1(A, $1); }
  | decorators decorator     { $$ = $1; py_expr_push(A, &$$, $2); }
  ;

decorator:
    '@' namedexpr_test NEWLINE { $$ = $2; }
  ;

/* params = item ("," item)* [","] where item is name[: annotation][= default], "/",
 * "*", "*" name, "**" name; py_params_finish checks the order and sets the kinds. */
params:
    %empty                   { $$ = (PyParamList){0}; }
  | param_items              { $$ = finish_params(p, $1); }
  | param_items ','          { $$ = finish_params(p, $1); }
  ;

param_items:
    param_item               { $$ = (PyParamList){0}; py_param_push(A, &$$, $1); }
  | param_items ',' param_item { $$ = $1; py_param_push(A, &$$, $3); }
  ;

param_item:
    NAME                     { $$ = py_param(A, PY_P_NORMAL, $1, NULL, NULL, @$); }
  | NAME ':' test            { $$ = py_param(A, PY_P_NORMAL, $1, $3, NULL, @$); }
  | NAME '=' test            { $$ = py_param(A, PY_P_NORMAL, $1, NULL, $3, @$); }
  | NAME ':' test '=' test   { $$ = py_param(A, PY_P_NORMAL, $1, $3, $5, @$); }
  | '/'                      { $$ = py_param(A, PY_P_SLASH, NULL, NULL, NULL, @$); }
  | '*'                      { $$ = py_param(A, PY_P_STAR, NULL, NULL, NULL, @$); }
  | '*' NAME                 { $$ = py_param(A, PY_P_VARARG, $2, NULL, NULL, @$); }
  | '*' NAME ':' test        { $$ = py_param(A, PY_P_VARARG, $2, $4, NULL, @$); }
  | POW NAME                 { $$ = py_param(A, PY_P_KWARG, $2, NULL, NULL, @$); }
  | POW NAME ':' test        { $$ = py_param(A, PY_P_KWARG, $2, $4, NULL, @$); }
  ;

lparams:
    lparam_items             { $$ = finish_params(p, $1); }
  | lparam_items ','         { $$ = finish_params(p, $1); }
  ;

lparam_items:
    lparam_item              { $$ = (PyParamList){0}; py_param_push(A, &$$, $1); }
  | lparam_items ',' lparam_item { $$ = $1; py_param_push(A, &$$, $3); }
  ;

lparam_item:
    NAME                     { $$ = py_param(A, PY_P_NORMAL, $1, NULL, NULL, @$); }
  | NAME '=' test            { $$ = py_param(A, PY_P_NORMAL, $1, NULL, $3, @$); }
  | '/'                      { $$ = py_param(A, PY_P_SLASH, NULL, NULL, NULL, @$); }
  | '*'                      { $$ = py_param(A, PY_P_STAR, NULL, NULL, NULL, @$); }
  | '*' NAME                 { $$ = py_param(A, PY_P_VARARG, $2, NULL, NULL, @$); }
  | POW NAME                 { $$ = py_param(A, PY_P_KWARG, $2, NULL, NULL, @$); }
  ;

suite:
    simple_stmt
  | NEWLINE INDENT stmts DEDENT { $$ = $3; }
  ;

stmts:
    stmt
  | stmts stmt               { $$ = $1; py_stmts_append(A, &$$, $2); }
  ;

/* ---- expressions, lowest precedence first ---- */

testlist_star_expr:
    seq                      { $$ = seq_expr(A, $1, false, @$); }
  | seq ','                  { $$ = seq_expr(A, $1, true, @$); }
  ;

seq:
    star_item                { $$ = list1(A, $1); }
  | seq ',' star_item        { $$ = $1; py_expr_push(A, &$$, $3); }
  ;

star_item:
    namedexpr_test
  | star_expr
  ;

star_expr:
    '*' expr                 { $$ = py_wrap(A, PY_E_STARRED, $2, @$); }
  ;

namedexpr_test:
    test
  | test COLONEQ test        { py_check_walrus(p, $1);
                               $$ = py_expr_new(A, PY_E_NAMED, @$);
                               $$->u.named.target = $1; $$->u.named.value = $3;
                               py_expr_fix_depth($$); }
  ;

test:
    or_test
  | or_test IF or_test ELSE test
                             { $$ = py_expr_new(A, PY_E_IFEXP, @$); $$->u.ifexp.body = $1;
                               $$->u.ifexp.test = $3; $$->u.ifexp.orelse = $5;
                               py_expr_fix_depth($$); }
  | lambdef
  ;

test_nocond:
    or_test
  | lambdef_nocond
  ;

lambdef:
    LAMBDA ':' test          { $$ = py_expr_new(A, PY_E_LAMBDA, @$); $$->u.lambda.body = $3;
                               py_expr_fix_depth($$); }
  | LAMBDA lparams ':' test  { $$ = py_expr_new(A, PY_E_LAMBDA, @$);
                               $$->u.lambda.params = $2; $$->u.lambda.body = $4;
                               py_expr_fix_depth($$); }
  ;

lambdef_nocond:
    LAMBDA ':' test_nocond   { $$ = py_expr_new(A, PY_E_LAMBDA, @$); $$->u.lambda.body = $3;
                               py_expr_fix_depth($$); }
  | LAMBDA lparams ':' test_nocond
                             { $$ = py_expr_new(A, PY_E_LAMBDA, @$);
                               $$->u.lambda.params = $2; $$->u.lambda.body = $4;
                               py_expr_fix_depth($$); }
  ;

or_test:
    and_test
  | or_chain
  ;

or_chain:
    and_test OR and_test     { $$ = py_boolop_new(A, PY_OP_OR, $1, $3, @$); }
  | or_chain OR and_test     { $$ = $1; $$->at = @$; py_expr_push(A, &$$->u.boolop.values, $3);
                               if ($3->depth >= $$->depth) $$->depth = $3->depth + 1; }
  ;

and_test:
    not_test
  | and_chain
  ;

and_chain:
    not_test AND not_test    { $$ = py_boolop_new(A, PY_OP_AND, $1, $3, @$); }
  | and_chain AND not_test   { $$ = $1; $$->at = @$; py_expr_push(A, &$$->u.boolop.values, $3);
                               if ($3->depth >= $$->depth) $$->depth = $3->depth + 1; }
  ;

not_test:
    NOT not_test             { $$ = py_unary(A, PY_OP_NOT, $2, @$); }
  | comparison
  ;

comparison:
    expr
  | cmp_chain
  ;

cmp_chain:
    expr comp_op expr        { $$ = py_compare_new(A, $1, $2, $3, @$); }
  | cmp_chain comp_op expr   { $$ = $1; py_compare_push(A, $$, $2, $3, @$); }
  ;

comp_op:
    '<'                      { $$ = PY_OP_LT; }
  | '>'                      { $$ = PY_OP_GT; }
  | EQ                       { $$ = PY_OP_EQ; }
  | GE                       { $$ = PY_OP_GE; }
  | LE                       { $$ = PY_OP_LE; }
  | NE                       { $$ = PY_OP_NE; }
  | IN                       { $$ = PY_OP_IN; }
  | NOT IN                   { $$ = PY_OP_NOTIN; }
  | IS                       { $$ = PY_OP_IS; }
  | IS NOT                   { $$ = PY_OP_ISNOT; }
  ;

expr:
    xor_expr
  | expr '|' xor_expr        { $$ = py_binop(A, $1, PY_OP_BITOR, $3, @$); DEEP($$); }
  ;

xor_expr:
    and_expr
  | xor_expr '^' and_expr    { $$ = py_binop(A, $1, PY_OP_BITXOR, $3, @$); DEEP($$); }
  ;

and_expr:
    shift_expr
  | and_expr '&' shift_expr  { $$ = py_binop(A, $1, PY_OP_BITAND, $3, @$); DEEP($$); }
  ;

shift_expr:
    arith
  | shift_expr LSHIFT arith  { $$ = py_binop(A, $1, PY_OP_LSHIFT, $3, @$); DEEP($$); }
  | shift_expr RSHIFT arith  { $$ = py_binop(A, $1, PY_OP_RSHIFT, $3, @$); DEEP($$); }
  ;

arith:
    term
  | arith '+' term           { $$ = py_binop(A, $1, PY_OP_ADD, $3, @$); DEEP($$); }
  | arith '-' term           { $$ = py_binop(A, $1, PY_OP_SUB, $3, @$); DEEP($$); }
  ;

term:
    factor
  | term '*' factor          { $$ = py_binop(A, $1, PY_OP_MUL, $3, @$); DEEP($$); }
  | term '/' factor          { $$ = py_binop(A, $1, PY_OP_DIV, $3, @$); DEEP($$); }
  | term FLOORDIV factor     { $$ = py_binop(A, $1, PY_OP_FLOORDIV, $3, @$); DEEP($$); }
  | term '%' factor          { $$ = py_binop(A, $1, PY_OP_MOD, $3, @$); DEEP($$); }
  | term '@' factor          { $$ = py_binop(A, $1, PY_OP_MATMUL, $3, @$); DEEP($$); }
  ;

factor:
    '+' factor               { $$ = py_unary(A, PY_OP_UADD, $2, @$); }
  | '-' factor               { $$ = py_unary(A, PY_OP_USUB, $2, @$); }
  | '~' factor               { $$ = py_unary(A, PY_OP_INVERT, $2, @$); }
  | power
  ;

power:
    await_primary
  | await_primary POW factor { $$ = py_binop(A, $1, PY_OP_POW, $3, @$); }
  ;

await_primary:
    primary
  | AWAIT primary            { $$ = py_wrap(A, PY_E_AWAIT, $2, @$); }
  ;

primary:
    atom
  | primary '.' NAME         { $$ = py_attr(A, $1, $3, @$); DEEP($$); }
  | primary '(' arglist ')'  { $$ = py_call(A, $1, $3.args, $3.kws, @$); DEEP($$); }
  | primary '[' subscripts ']' { $$ = py_subscript(A, $1, $3, @$); DEEP($$); }
  ;

atom:
    NAME                     { $$ = py_name(A, $1, @$); }
  | NUMBER
  | strings                  { uint32_t bad = 0;
                               $$ = py_str_join(A, $1, @$, &bad);
                               if (!$$) {
                                   py_error(p, $1.items[bad]->at,
                                            "cannot mix bytes and nonbytes literals");
                                   $$ = $1.items[0];
                               } }
  | ELLIPSIS                 { $$ = py_const(A, PY_C_ELLIPSIS, @$); }
  | NONE                     { $$ = py_const(A, PY_C_NONE, @$); }
  | TRUE                     { $$ = py_const(A, PY_C_TRUE, @$); }
  | FALSE                    { $$ = py_const(A, PY_C_FALSE, @$); }
  | '(' ')'                  { $$ = py_seq(A, PY_E_TUPLE, (PyExprList){0}, @$); }
  | '(' yield_expr ')'       { $$ = $2; }
  | '(' seq ')'              { $$ = seq_expr(A, $2, false, @$);
                               if ($$->kind == PY_E_TUPLE) $$->at = @$; }
  | '(' seq ',' ')'          { $$ = seq_expr(A, $2, true, @$); }
  | '(' namedexpr_test comp_for ')' { $$ = comp(A, PY_E_GENEXP, $2, NULL, $3, @$); }
  | '[' ']'                  { $$ = py_seq(A, PY_E_LIST, (PyExprList){0}, @$); }
  | '[' seq ']'              { $$ = py_seq(A, PY_E_LIST, $2, @$); }
  | '[' seq ',' ']'          { $$ = py_seq(A, PY_E_LIST, $2, @$); }
  | '[' namedexpr_test comp_for ']' { $$ = comp(A, PY_E_LISTCOMP, $2, NULL, $3, @$); }
  | '{' '}'                  { $$ = py_expr_new(A, PY_E_DICT, @$); py_expr_fix_depth($$); }
  | '{' dict_items '}'       { $$ = py_expr_new(A, PY_E_DICT, @$);
                               $$->u.dict.keys = $2.keys; $$->u.dict.values = $2.values;
                               py_expr_fix_depth($$); }
  | '{' dict_items ',' '}'   { $$ = py_expr_new(A, PY_E_DICT, @$);
                               $$->u.dict.keys = $2.keys; $$->u.dict.values = $2.values;
                               py_expr_fix_depth($$); }
  | '{' test ':' test comp_for '}' { $$ = comp(A, PY_E_DICTCOMP, $2, $4, $5, @$); }
  | '{' seq '}'              { $$ = py_seq(A, PY_E_SET, $2, @$); }
  | '{' seq ',' '}'          { $$ = py_seq(A, PY_E_SET, $2, @$); }
  | '{' namedexpr_test comp_for '}' { $$ = comp(A, PY_E_SETCOMP, $2, NULL, $3, @$); }
  ;

strings:
    STRING                   { $$ = list1(A, $1); }
  | strings STRING           { $$ = $1; py_expr_push(A, &$$, $2); }
  ;

dict_items:
    test ':' test            { $$.keys = list1(A, $1); $$.values = list1(A, $3); }
  | POW expr                 { $$.keys = (PyExprList){0}; py_expr_push(A, &$$.keys, NULL);
                               $$.values = list1(A, $2); }
  | dict_items ',' test ':' test { $$ = $1; py_expr_push(A, &$$.keys, $3);
                               py_expr_push(A, &$$.values, $5); }
  | dict_items ',' POW expr  { $$ = $1; py_expr_push(A, &$$.keys, NULL);
                               py_expr_push(A, &$$.values, $4); }
  ;

comp_for:
    comp_clause_for          { $$ = (PyCompList){0}; py_comp_push(A, &$$, $1); }
  | comp_for comp_clause_for { $$ = $1; py_comp_push(A, &$$, $2); }
  | comp_for IF test_nocond  { $$ = $1; py_expr_push(A, &$$.items[$$.n - 1]->ifs, $3); }
  ;

comp_clause_for:
    FOR exprlist IN or_test  { py_check_target(p, $2, PY_T_STORE);
                               $$ = arena_alloc(A, sizeof *$$); $$->target = $2;
                               $$->iter = $4; $$->at = @$; }
  | ASYNC FOR exprlist IN or_test
                             { py_check_target(p, $3, PY_T_STORE);
                               $$ = arena_alloc(A, sizeof *$$); $$->target = $3;
                               $$->iter = $5; $$->is_async = true; $$->at = @$; }
  ;

/* Targets of for / del / comprehensions: no comparisons, so `in` ends them. */
exprlist:
    xseq                     { $$ = seq_expr(A, $1, false, @$); }
  | xseq ','                 { $$ = seq_expr(A, $1, true, @$); }
  ;

xseq:
    xitem                    { $$ = list1(A, $1); }
  | xseq ',' xitem           { $$ = $1; py_expr_push(A, &$$, $3); }
  ;

xitem:
    expr
  | star_expr
  ;

subscripts:
    subscript
  | subscript ','            { $$ = py_seq(A, PY_E_TUPLE, list1(A, $1), @$); }
  | subscript_list           { $$ = py_seq(A, PY_E_TUPLE, $1, @$); }
  | subscript_list ','       { $$ = py_seq(A, PY_E_TUPLE, $1, @$); }
  ;

subscript_list:
    subscript ',' subscript  { $$ = list1(A, $1); py_expr_push(A, &$$, $3); }
  | subscript_list ',' subscript { $$ = $1; py_expr_push(A, &$$, $3); }
  ;

subscript:
    namedexpr_test
  | star_expr
  | slice
  ;

slice:
    opt_test ':' opt_test    { $$ = py_expr_new(A, PY_E_SLICE, @$);
                               $$->u.slice.lower = $1; $$->u.slice.upper = $3;
                               py_expr_fix_depth($$); }
  | opt_test ':' opt_test ':' opt_test
                             { $$ = py_expr_new(A, PY_E_SLICE, @$); $$->u.slice.lower = $1;
                               $$->u.slice.upper = $3; $$->u.slice.step = $5;
                               py_expr_fix_depth($$); }
  ;

opt_test:
    %empty                   { $$ = NULL; }
  | test
  ;

arglist:
    %empty                   { $$.args = (PyExprList){0}; $$.kws = (PyKeywordList){0}; }
  | args
  | args ','
  ;

args:
    arg_pos                  { $$.args = list1(A, $1); $$.kws = (PyKeywordList){0}; }
  | arg_kw                   { $$.args = (PyExprList){0}; $$.kws = (PyKeywordList){0};
                               py_keyword_push(A, &$$.kws, $1); }
  | args ',' arg_pos         { py_check_positional(p, $1.kws, $3);
                               $$ = $1; py_expr_push(A, &$$.args, $3); }
  | args ',' arg_kw          { $$ = $1; py_keyword_push(A, &$$.kws, $3); }
  ;

arg_pos:
    namedexpr_test
  | namedexpr_test comp_for  { $$ = comp(A, PY_E_GENEXP, $1, NULL, $2, @$); }
  | '*' test                 { $$ = py_wrap(A, PY_E_STARRED, $2, @$); }
  ;

arg_kw:
    NAME '=' test            { $$ = py_keyword(A, $1, $3, @$); }
  | POW test                 { $$ = py_keyword(A, NULL, $2, @$); }
  ;

yield_expr:
    YIELD                    { $$ = py_wrap(A, PY_E_YIELD, NULL, @$); }
  | YIELD testlist_star_expr { $$ = py_wrap(A, PY_E_YIELD, $2, @$); }
  | YIELD FROM test          { $$ = py_wrap(A, PY_E_YIELDFROM, $3, @$); }
  ;

%%

/* "unexpected X[, expecting A, B or C]" with X shown as the user wrote it. Bison gives
 * char tokens as ':' and string aliases without their double quotes. */
static void describe(PyParser *p, yysymbol_kind_t sym, SrcLoc at, char *out, size_t cap) {
    const char *name = yysymbol_name(sym);
    if (sym == YYSYMBOL_YYEOF && p->base_depth > 0) name = "end of f-string field";
    if (sym == YYSYMBOL_NAME || sym == YYSYMBOL_NUMBER) {
        uint32_t n = at.len > 40 ? 40 : at.len;
        snprintf(out, cap, "%s '%.*s'", name, (int)n, p->text + (at.off - p->base));
        return;
    }
    bool word = sym == YYSYMBOL_NEWLINE || sym == YYSYMBOL_INDENT || sym == YYSYMBOL_DEDENT ||
                sym == YYSYMBOL_YYEOF || sym == YYSYMBOL_STRING || sym == YYSYMBOL_AUGASSIGN ||
                sym == YYSYMBOL_ERROR || name[0] == '\'';
    snprintf(out, cap, word ? "%s" : "'%s'", name);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, PyParser *p) {
    const SrcLoc *at = yypcontext_location(ctx);
    p->error_off = at->off - p->base;
    if (p->lex_error) {  // the lexer already said what is wrong
        p->lex_error = false;
        return 0;
    }
    yysymbol_kind_t tok = yypcontext_token(ctx);
    char what[96], msg[512];
    describe(p, tok, *at, what, sizeof what);
    yysymbol_kind_t exp[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
    if (n == 1 && exp[0] == YYSYMBOL_INDENT) {
        py_error(p, *at, "expected an indented block");
        return 0;
    }
    for (int i = 0; i < n && tok == YYSYMBOL_NEWLINE; i++) {
        if (strcmp(yysymbol_name(exp[i]), "':'") != 0) continue;
        py_error(p, *at, "expected ':'");  // a compound statement header without its colon
        return 0;
    }
    if (tok == YYSYMBOL_INDENT) {
        py_error(p, *at, "unexpected indent");
        return 0;
    }
    int len = snprintf(msg, sizeof msg, "unexpected %s", what);
    for (int i = 0; i < n && n <= 4 && len < (int)sizeof msg - 100; i++) {
        char e[96];
        describe(p, exp[i], *at, e, sizeof e);
        if (exp[i] == YYSYMBOL_NAME) snprintf(e, sizeof e, "name");
        if (exp[i] == YYSYMBOL_NUMBER) snprintf(e, sizeof e, "number");
        len += snprintf(msg + len, sizeof msg - (size_t)len, "%s%s",
                        i == 0 ? ", expecting " : i == n - 1 ? " or " : ", ", e);
    }
    py_error(p, *at, "%s", msg);
    return 0;
}

/* Only Bison's "memory exhausted" reaches here: its stack (10000 entries) overflowed. */
static void py_yyerror(SrcLoc *loc, PyParser *p, const char *msg) {
    (void)msg;
    p->error_off = loc->off - p->base;
    py_error(p, *loc, "statement is too deeply nested");
}
