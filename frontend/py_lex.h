/* Python lexer/parser state shared by grammar/py.re (tokens, INDENT/DEDENT, strings,
 * f-strings) and grammar/py.y (the Bison grammar). Private to the Python front end;
 * other modules use py.h. One PyParser parses one module, or one f-string field. */
#ifndef SLUICE_PY_LEX_H
#define SLUICE_PY_LEX_H

#include "diag.h"
#include "py_ast.h"

#include <stdbool.h>
#include <stdint.h>

enum {
    PY_MAX_INDENT = 100,   // nested blocks, as CPython's tokenizer
    PY_MAX_PARENS = 200,   // nested brackets, as CPython's tokenizer
    PY_MAX_DEPTH = 2000,   // left-recursive expression chains (a.b.c..., a+b+...)
    PY_MAX_FSTRING = 16,   // f-strings nested inside f-string fields
    PY_MAX_ERRORS = 100,   // stop reporting after this many errors in one buffer
};

typedef struct PyParser {
    Arena           *arena;
    const SourceSet *src;
    Diags           *diags;
    uint32_t         file;     // buffer index used in every SrcLoc
    uint32_t         base;     // buffer offset of text[0] (non-zero for f-string fields)
    const char      *text;     // NUL at text[len]; may be a copy of part of the buffer
    uint32_t         len;

    // re2c state
    const char *cur, *mar, *tok, *lim;

    // layout state
    int      start_token;      // START_FILE / START_EXPR, returned first
    int      depth;            // open brackets
    int      base_depth;       // f-string fields start inside an implied bracket
    SrcLoc   open_at[PY_MAX_PARENS];
    uint32_t indents[PY_MAX_INDENT + 1];
    int      nindents;         // indents[0] == 0 always
    int      pending_dedents;
    bool     at_line_start;
    bool     line_has_tok;     // a token since the last NEWLINE
    bool     eof_done;         // final NEWLINE/DEDENTs emitted
    int      last_tok;         // previous token kind, for `with (` lookahead
    int      fdepth;           // f-string nesting of this parser

    // error state
    bool     lex_error;        // the lexer reported the error behind the next syntax error
    uint32_t error_off;        // buffer offset (relative to text) of the syntax error
    uint32_t resync_off;       // when set (!= 0), restart the parse at this text offset
    int      nerrors;

    // results
    PyStmtList body;           // top-level statements of a module parse
    PyExpr    *result;         // the expression of an f-string field parse
} PyParser;

/* One token for Bison (defined in py_lex.c, generated from grammar/py.re). */
union PY_YYSTYPE;
int py_lex(union PY_YYSTYPE *val, SrcLoc *loc, PyParser *p);

/* Reset the layout state to start lexing at text offset off (a column-0 line). */
void py_lex_restart(PyParser *p, uint32_t off);

/* Parse the expression of an f-string field: buffer offsets [off, off+len). */
PyExpr *py_parse_field(PyParser *outer, uint32_t off, uint32_t len);

typedef enum {
    PY_T_STORE,  // = targets, for targets, with ... as targets
    PY_T_AUG,    // x += ...
    PY_T_ANN,    // x: int
    PY_T_DEL,    // del x
} PyTargetUse;

/* Located errors for things the grammar accepts but Python does not (py_check.c). */
void py_check_target(PyParser *p, const PyExpr *e, PyTargetUse use);
void py_check_walrus(PyParser *p, const PyExpr *target);
void py_check_positional(PyParser *p, PyKeywordList kws, const PyExpr *arg);

/* A located error; counts toward PY_MAX_ERRORS. */
void py_error(PyParser *p, SrcLoc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

SrcLoc py_loc(const PyParser *p, const char *from, const char *to);

#endif
