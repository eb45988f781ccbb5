/* SQL lexer/parser state shared by grammar/sql.re (tokens, statement-level lexing of
 * SET and unsupported statements) and grammar/sql.y (the Bison grammar), plus the
 * node builders the grammar actions call (sql_ast.c). Private to the SQL front end;
 * other modules use sql.h and sql_ast.h. */
#ifndef SLUICE_SQL_LEX_H
#define SLUICE_SQL_LEX_H

#include "diag.h"
#include "sql_ast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    SQL_MAX_ERRORS = 100,  // stop reporting after this many errors in one buffer
    SQL_MAX_DEPTH = 1000,  // nesting of one statement's tree (expressions, joins, queries)
};

/* A token's text. Identifiers and keywords: a slice of the buffer (backquotes
 * excluded, `` not yet undone); strings: decoded bytes in the arena. */
typedef struct {
    const char *s;
    uint32_t    n;
    uint8_t     kind;    // numbers: the SqlLitKind
    bool        quoted;  // identifiers: written in backquotes
} SqlTok;

typedef struct SqlParser {
    Arena           *arena;
    const SourceSet *src;
    Diags           *diags;
    uint32_t         file;    // buffer index used in every SrcLoc
    const char      *text;    // the buffer's text; NUL at text[len]
    uint32_t         len;

    // re2c state
    const unsigned char *cur, *mar, *tok, *lim;

    // statement-level state
    bool at_stmt_start;       // the next token starts a statement
    bool set_pending;         // SET was returned: the raw rest comes next
    bool quiet;               // looking ahead: no diagnostics
    bool skipping;            // inside an unsupported statement: no string decoding
    int  nerrors;             // errors reported in this buffer
    uint32_t last_end;        // end offset of the last token returned (where EOF is reported)
    char    *concat;          // the last string literal built by joining adjacent ones
    uint32_t concat_cap;      // its capacity, so that joining n literals is O(total length)

    SqlScript *script;
} SqlParser;

/* One token for Bison (defined in the code generated from grammar/sql.re). */
union SQL_YYSTYPE;
int sql_lex(union SQL_YYSTYPE *val, SrcLoc *loc, SqlParser *p);

typedef struct {
    const char *name;        // upper case
    int         tok;         // token kind
    bool        unreserved;  // also usable as an identifier
} SqlKeyword;

/* Keyword lookup: the token kind, or 0 when the word is not a keyword. */
int  sql_keyword(const char *s, uint32_t n);
const SqlKeyword *sql_keywords(size_t *n);  // the table, sorted by name
/* Whether Bison symbol `sym` is a keyword that may also be used as an identifier. */
bool sql_symbol_is_unreserved(int sym);

/* A located error; counts toward SQL_MAX_ERRORS. */
void sql_error(SqlParser *p, SrcLoc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---------------------------------------------------------------- node builders */

SqlIdent  sql_ident(SqlParser *p, SqlTok t, SrcLoc loc);
SqlIdent *sql_ident_new(SqlParser *p, SqlIdent id);
SqlName   sql_name1(SqlParser *p, SqlIdent id);
/* l (or a new list when NULL) with id appended, covering loc */
SqlIdentList sql_idents(SqlParser *p, const SqlIdentList *l, SqlIdent id, SrcLoc loc);
SqlString *sql_string(SqlParser *p, SqlTok t, SrcLoc loc);
/* A dataset name of 1-3 parts; reports more. */
SqlName   sql_check_name(SqlParser *p, SqlName n, const char *what);
/* Remove a leading LIVE part of a 2-part name; true when there was one. */
bool      sql_strip_live(SqlName *n);

SqlExpr *sql_expr_new(SqlParser *p, SqlExprKind kind, SrcLoc loc);
SqlExpr *sql_lit(SqlParser *p, SqlLitKind kind, const char *text, uint32_t len, SrcLoc loc);
SqlExpr *sql_number(SqlParser *p, SqlTok t, SrcLoc loc);
SqlExpr *sql_concat_strings(SqlParser *p, SqlExpr *l, SqlTok t, SrcLoc loc);
SqlExpr *sql_typed_lit(SqlParser *p, SqlLitKind kind, SqlExpr *str, SrcLoc loc);
SqlExpr *sql_unary(SqlParser *p, SqlUnaryOp op, SqlExpr *x, SrcLoc loc);
SqlExpr *sql_binary(SqlParser *p, SqlBinaryOp op, SqlExpr *l, SqlExpr *r, SrcLoc loc);
SqlExpr *sql_column(SqlParser *p, SqlName name, SrcLoc loc);
SqlExpr *sql_call(SqlParser *p, SqlName name, SrcLoc loc);
/* Function arguments: `x -> body` / `(x, y) -> body` and `name => value` arrive as
 * two expressions; check the left side is a name (list) and build the node. */
SqlExpr *sql_lambda(SqlParser *p, SqlExpr *params, SqlExpr *body, SrcLoc loc);
SqlExpr *sql_named_arg(SqlParser *p, SqlExpr *name, SqlExpr *value, SrcLoc loc);
SqlExpr *sql_json_step(SqlParser *p, SqlExpr *json, const char *name, SqlExpr *index);
SqlExpr *sql_is(SqlParser *p, SqlExpr *arg, SqlIsKind kind, bool negated, SqlExpr *other,
                SrcLoc loc);
SqlExpr *sql_in(SqlParser *p, SqlExpr *arg, bool negated, const SqlExprList *list,
                SqlQuery *query, SrcLoc loc);
SqlExpr *sql_between(SqlParser *p, SqlExpr *arg, bool negated, SqlExpr *lo, SqlExpr *hi,
                     SrcLoc loc);
SqlExpr *sql_like(SqlParser *p, SqlLikeOp op, SqlExpr *arg, SqlExpr *pattern, SqlExpr *escape,
                  bool negated, SrcLoc loc);
/* *, t.*, * EXCEPT (cols): qualifier and except list may be NULL */
SqlExpr *sql_star(SqlParser *p, const SqlName *qual, const SqlIdentList *except, SrcLoc loc);
/* INTERVAL parts: value token (string or number, with sign) and unit words. */
SqlExpr *sql_interval_add(SqlParser *p, SqlExpr *iv, SqlTok value, bool neg, bool quoted,
                          SqlTok unit, SrcLoc unit_loc, SqlTok *to, SrcLoc to_loc, SrcLoc loc);

/* Types: name with optional (n[, m]) parameters or <args> (for ARRAY/MAP/STRUCT). */
typedef struct SqlTypeArg {
    SqlIdent *field;        // STRUCT field name, or NULL for a plain type argument
    SqlType  *type;
    bool      not_null;
    struct SqlTypeArg *next;
} SqlTypeArg;
SqlType *sql_type(SqlParser *p, SqlTok name, int nparams, int p1, int p2, SrcLoc loc);
SqlType *sql_type_nested(SqlParser *p, SqlTok name, SqlTypeArg *args, SrcLoc loc);
int      sql_int_param(SqlParser *p, SqlTok t, SrcLoc loc);

SqlQuery   *sql_query_new(SqlParser *p, SqlSetExpr *body, SrcLoc loc);
SqlSetExpr *sql_setexpr_from_query(SqlParser *p, SqlQuery *q);
SqlSetExpr *sql_setop(SqlParser *p, SqlSetOp op, bool all, SqlSetExpr *l, SqlSetExpr *r,
                      SrcLoc loc);
SqlFrom    *sql_from_new(SqlParser *p, SqlFromKind kind, SrcLoc loc);
SqlFrom    *sql_join(SqlParser *p, SqlFrom *l, int type, bool natural, SqlFrom *r, SrcLoc loc);
SqlSelectItem *sql_item(SqlParser *p, SqlExpr *e, SqlIdent *alias, SrcLoc loc);
/* q with its ORDER BY, LIMIT and OFFSET */
SqlQuery   *sql_query_tail(SqlParser *p, SqlQuery *q, const SqlSortList *order, SqlExpr *limit,
                           SqlExpr *offset);
/* A relation name in FROM: table (LIVE. stripped) or json.`path` file. */
SqlFrom    *sql_from_name(SqlParser *p, SqlName name, SrcLoc loc);
SqlExprList *sql_row_values(SqlParser *p, SqlExpr *row);

/* Statement clauses written in any order, each at most once. */
void sql_ddl_clause(SqlParser *p, SqlCreateDataset *ds, SqlTableClause c, SrcLoc at);
void sql_cdc_clause(SqlParser *p, SqlApplyChanges *ac, SqlCdcClause c, SrcLoc at);
void sql_set_dataset_kind(SqlCreateDataset *ds, SqlDatasetPrefix prefix, SqlDatasetForm form);
SqlStmt *sql_stmt_new(SqlParser *p, SqlStmtKind kind, SrcLoc loc);
SqlStmt *sql_set_stmt(SqlParser *p, SqlTok raw, SrcLoc loc);
/* Append a parsed statement to the script (unless it is too deep; see below). */
void     sql_add_stmt(SqlParser *p, SqlStmt *s);
/* False (and reported) when the statement's tree is deeper than SQL_MAX_DEPTH, which
 * recursive passes over the tree could not take. */
bool     sql_check_depth(SqlParser *p, const SqlStmt *s);

#endif
