/* SQL syntax tree: what grammar/sql.y builds and the SQL lowering reads
 * (dlt-language.md section 2). Every node records its SrcLoc; every node, list and
 * string lives in the arena given to sql_parse. Names keep the user's spelling (compare
 * them case-insensitively). The tree is purely syntactic: nothing is looked up. */
#ifndef SLUICE_SQL_AST_H
#define SLUICE_SQL_AST_H

#include "arena.h"
#include "source.h"
#include "types.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct SqlExpr SqlExpr;
typedef struct SqlQuery SqlQuery;
typedef struct SqlSetExpr SqlSetExpr;
typedef struct SqlSelect SqlSelect;
typedef struct SqlSelectItem SqlSelectItem;
typedef struct SqlFrom SqlFrom;
typedef struct SqlSort SqlSort;
typedef struct SqlCte SqlCte;
typedef struct SqlWindow SqlWindow;
typedef struct SqlWindowDef SqlWindowDef;
typedef struct SqlWhen SqlWhen;
typedef struct SqlType SqlType;
typedef struct SqlColumnDef SqlColumnDef;
typedef struct SqlExpectation SqlExpectation;
typedef struct SqlTableConstraint SqlTableConstraint;
typedef struct SqlProperty SqlProperty;
typedef struct SqlApplyChanges SqlApplyChanges;
typedef struct SqlCreateDataset SqlCreateDataset;
typedef struct SqlCreateFlow SqlCreateFlow;
typedef struct SqlStmt SqlStmt;
typedef struct SqlScript SqlScript;

/* Arena-grown arrays of node pointers; {0} is the empty list. */
#define SQL_LIST(T) struct { T **items; uint32_t n, cap; }
typedef SQL_LIST(SqlExpr) SqlExprList;
typedef SQL_LIST(SqlExprList) SqlRowList;
typedef SQL_LIST(SqlSelectItem) SqlSelectItemList;
typedef SQL_LIST(SqlFrom) SqlFromList;
typedef SQL_LIST(SqlSort) SqlSortList;
typedef SQL_LIST(SqlCte) SqlCteList;
typedef SQL_LIST(SqlWindowDef) SqlWindowDefList;
typedef SQL_LIST(SqlWhen) SqlWhenList;
typedef SQL_LIST(SqlColumnDef) SqlColumnDefList;
typedef SQL_LIST(SqlExpectation) SqlExpectationList;
typedef SQL_LIST(SqlTableConstraint) SqlTableConstraintList;
typedef SQL_LIST(SqlProperty) SqlPropertyList;
typedef SQL_LIST(SqlStmt) SqlStmtList;

/* One identifier: a name part, a column in a list, an alias. */
typedef struct {
    const char *name;    // backquotes removed (`` becomes `), original case
    SrcLoc      loc;
    bool        quoted;  // written in backquotes
} SqlIdent;

/* Identifiers by value: a dotted name (t, s.t, c.s.t, a.b.c) or a column list. */
typedef struct {
    SqlIdent *items;
    uint32_t  n, cap;
    SrcLoc    loc;      // the whole name or list
} SqlIdentList;
typedef SqlIdentList SqlName;

/* A string literal operand of a clause (COMMENT, LOCATION, ...): decoded bytes. */
typedef struct {
    const char *s;    // NUL-terminated; may hold NULs (use len)
    uint32_t    len;
    SrcLoc      loc;
} SqlString;

void sql_expr_push(Arena *a, SqlExprList *l, SqlExpr *x);
void sql_row_push(Arena *a, SqlRowList *l, SqlExprList *x);
void sql_item_push(Arena *a, SqlSelectItemList *l, SqlSelectItem *x);
void sql_from_push(Arena *a, SqlFromList *l, SqlFrom *x);
void sql_sort_push(Arena *a, SqlSortList *l, SqlSort *x);
void sql_cte_push(Arena *a, SqlCteList *l, SqlCte *x);
void sql_windef_push(Arena *a, SqlWindowDefList *l, SqlWindowDef *x);
void sql_when_push(Arena *a, SqlWhenList *l, SqlWhen *x);
void sql_coldef_push(Arena *a, SqlColumnDefList *l, SqlColumnDef *x);
void sql_expect_push(Arena *a, SqlExpectationList *l, SqlExpectation *x);
void sql_tcons_push(Arena *a, SqlTableConstraintList *l, SqlTableConstraint *x);
void sql_prop_push(Arena *a, SqlPropertyList *l, SqlProperty *x);
void sql_stmt_push(Arena *a, SqlStmtList *l, SqlStmt *x);
void sql_ident_push(Arena *a, SqlIdentList *l, SqlIdent x);

/* ---------------------------------------------------------------- types */

/* A data type as written: CAST targets, column definitions, STRUCT fields. */
struct SqlType {
    Type        type;      // nested parts (ARRAY/MAP/STRUCT) in the arena
    const char *spelling;  // the source text, e.g. "DECIMAL(10, 2)"
    bool        known;     // false: valid syntax Sluice has no TypeId for (VARIANT,
                           // INTERVAL ... TO ...); type is then TY_NULL
    SrcLoc      loc;
};

/* ---------------------------------------------------------------- expressions */

typedef enum {
    SQL_E_LITERAL,    // lit
    SQL_E_COLUMN,     // name: a column, or a dotted column.field path (planner decides)
    SQL_E_STAR,       // star: *, t.*, * EXCEPT (...)
    SQL_E_UNARY,      // unary
    SQL_E_BINARY,     // binary
    SQL_E_CALL,       // call: f(args) [FILTER] [IGNORE NULLS] [OVER]
    SQL_E_CASE,       // kase: CASE [operand] WHEN .. THEN .. [ELSE] END
    SQL_E_CAST,       // cast: CAST / TRY_CAST (x AS t), x::t
    SQL_E_IN,         // in: x [NOT] IN (list) | (subquery)
    SQL_E_BETWEEN,    // between: x [NOT] BETWEEN lo AND hi
    SQL_E_LIKE,       // like: x [NOT] LIKE|ILIKE|RLIKE|REGEXP pattern [ESCAPE c]
    SQL_E_IS,         // is: x IS [NOT] NULL|TRUE|FALSE|DISTINCT FROM y
    SQL_E_SUBQUERY,   // query: scalar subquery
    SQL_E_EXISTS,     // query: EXISTS (subquery)
    SQL_E_LAMBDA,     // lambda: x -> body, (x, y) -> body
    SQL_E_SUBSCRIPT,  // subscript: base[index]
    SQL_E_FIELD,      // field: base.name where base is not a plain name (f(x).a, a[0].b)
    SQL_E_JSON_PATH,  // json: base:path (string result)
    SQL_E_INTERVAL,   // interval: INTERVAL 3 DAYS, INTERVAL '1' HOUR, ...
    SQL_E_NAMED_ARG,  // named: name => value (function arguments only)
    SQL_E_ROW,        // row: (a, b, ...) — a struct / row value, VALUES rows
} SqlExprKind;

typedef enum {
    SQL_LIT_NULL,           // NULL
    SQL_LIT_BOOL,           // TRUE / FALSE: text "true" / "false"
    SQL_LIT_INT,            // 12 (may not fit an INT: the planner widens)
    SQL_LIT_BIGINT,         // 12L
    SQL_LIT_SMALLINT,       // 12S
    SQL_LIT_TINYINT,        // 12Y
    SQL_LIT_DECIMAL,        // 1.5, 1.5BD
    SQL_LIT_DOUBLE,         // 1.5D, 1e3
    SQL_LIT_FLOAT,          // 1.5F
    SQL_LIT_STRING,         // 'abc' "abc" (escapes decoded, adjacent literals joined)
    SQL_LIT_BINARY,         // X'1F': text = the hex digits
    SQL_LIT_DATE,           // DATE '2024-01-31': text = the string
    SQL_LIT_TIMESTAMP,      // TIMESTAMP '...'
    SQL_LIT_TIMESTAMP_NTZ,  // TIMESTAMP_NTZ '...'
    SQL_LIT_TIMESTAMP_LTZ,  // TIMESTAMP_LTZ '...'
} SqlLitKind;

typedef enum {
    SQL_NEG,     // -x
    SQL_PLUS,    // +x
    SQL_BITNOT,  // ~x
    SQL_NOT,     // NOT x, !x
} SqlUnaryOp;

typedef enum {
    SQL_OR,      // OR
    SQL_AND,     // AND
    SQL_EQ,      // = ==
    SQL_NE,      // <> !=
    SQL_LT,      // <
    SQL_LE,      // <=
    SQL_GT,      // >
    SQL_GE,      // >=
    SQL_NSEQ,    // <=> (null-safe equal)
    SQL_ADD,     // +
    SQL_SUB,     // -
    SQL_MUL,     // *
    SQL_DIV,     // /
    SQL_IDIV,    // DIV (integer division)
    SQL_MOD,     // %
    SQL_CONCAT,  // ||
    SQL_BITAND,  // &
    SQL_BITOR,   // |
    SQL_BITXOR,  // ^
} SqlBinaryOp;

typedef enum {
    SQL_LIKE,    // LIKE
    SQL_ILIKE,   // ILIKE
    SQL_RLIKE,   // RLIKE, REGEXP
} SqlLikeOp;

typedef enum {
    SQL_IS_NULL,      // IS [NOT] NULL
    SQL_IS_TRUE,      // IS [NOT] TRUE
    SQL_IS_FALSE,     // IS [NOT] FALSE
    SQL_IS_DISTINCT,  // IS [NOT] DISTINCT FROM other
} SqlIsKind;

typedef enum {
    SQL_NULLS_DEFAULT,  // neither
    SQL_NULLS_IGNORE,   // IGNORE NULLS
    SQL_NULLS_RESPECT,  // RESPECT NULLS
} SqlNullTreatment;

typedef enum {
    SQL_BOUND_UNBOUNDED_PRECEDING,  // UNBOUNDED PRECEDING
    SQL_BOUND_PRECEDING,            // value PRECEDING
    SQL_BOUND_CURRENT_ROW,          // CURRENT ROW
    SQL_BOUND_FOLLOWING,            // value FOLLOWING
    SQL_BOUND_UNBOUNDED_FOLLOWING,  // UNBOUNDED FOLLOWING
} SqlBoundKind;

typedef struct {
    SqlBoundKind kind;
    SqlExpr     *value;  // PRECEDING / FOLLOWING only
} SqlFrameBound;

typedef struct {
    bool          is_range;  // RANGE (true) or ROWS
    SqlFrameBound start;
    SqlFrameBound end;       // ROWS x without BETWEEN: CURRENT ROW
    SrcLoc        loc;
} SqlFrame;

/* OVER (...), OVER w, and WINDOW w AS (...) bodies. */
struct SqlWindow {
    SqlIdent   *ref;        // OVER w: a WINDOW clause name (no other fields set); else NULL
    SqlExprList partition;  // PARTITION BY
    SqlSortList order;      // ORDER BY
    SqlFrame   *frame;      // NULL: the default frame
    SrcLoc      loc;
};

struct SqlWindowDef {       // WINDOW name AS (spec)
    SqlIdent   name;
    SqlWindow *spec;
    SrcLoc     loc;
};

struct SqlWhen {            // WHEN cond THEN result
    SqlExpr *cond;
    SqlExpr *result;
    SrcLoc   loc;
};

typedef enum {
    SQL_UNIT_YEAR, SQL_UNIT_MONTH, SQL_UNIT_WEEK, SQL_UNIT_DAY, SQL_UNIT_HOUR,
    SQL_UNIT_MINUTE, SQL_UNIT_SECOND, SQL_UNIT_MILLISECOND, SQL_UNIT_MICROSECOND,
    SQL_UNIT_NONE,  // INTERVAL 'text' with the units inside the string
} SqlIntervalUnit;

typedef struct {        // one "value unit [TO unit]" of an INTERVAL literal
    const char     *value;  // as written, sign included, quotes removed: "3", "-1", "1-2"
    bool            quoted; // the value was a string literal
    SqlIntervalUnit unit;
    SqlIntervalUnit to;     // YEAR TO MONTH, DAY TO SECOND ...; SQL_UNIT_NONE when absent
    SrcLoc          loc;
} SqlIntervalPart;

typedef struct {        // one step of a JSON path: .name / ['name'] / [index]
    const char *name;   // key (.name and ['name']); NULL for an index step
    SqlExpr    *index;  // index expression; NULL for a key step
} SqlJsonStep;

struct SqlExpr {
    SqlExprKind kind;
    SrcLoc      loc;
    union {
        struct {
            SqlLitKind  kind;
            const char *text;  // value: decoded string, number without suffix, "true";
                               // NULL for NULL
            uint32_t    len;   // bytes of text (strings may hold NULs)
        } lit;
        SqlName name;          // COLUMN
        struct {
            SqlName     *qualifier;  // t.* / s.t.*; NULL for *
            SqlIdentList except;     // * EXCEPT (a, b)
            bool         has_except;
        } star;
        struct {
            SqlUnaryOp op;
            SqlExpr   *arg;
        } unary;
        struct {
            SqlBinaryOp op;
            SqlExpr    *l, *r;
        } binary;
        struct {
            SqlName          name;      // function name, 1+ parts as written
            SqlExprList      args;
            bool             distinct;  // f(DISTINCT ...)
            bool             star;      // f(*): count(*); args empty
            SqlNullTreatment nulls;     // IGNORE / RESPECT NULLS (inside or after the parens)
            SqlExpr         *filter;    // FILTER (WHERE ...) or NULL
            SqlWindow       *over;      // OVER ... or NULL
        } call;
        struct {
            SqlExpr    *operand;  // CASE x WHEN ...; NULL for a searched CASE
            SqlWhenList whens;
            SqlExpr    *else_;    // NULL when absent
        } kase;
        struct {
            SqlExpr *arg;
            SqlType *type;
            bool     is_try;     // TRY_CAST
            bool     is_colons;  // written x::t
        } cast;
        struct {
            SqlExpr    *arg;
            SqlExprList list;   // IN (list)
            SqlQuery   *query;  // IN (subquery); list is then empty
            bool        negated;
        } in;
        struct {
            SqlExpr *arg, *lo, *hi;
            bool     negated;
        } between;
        struct {
            SqlLikeOp op;
            SqlExpr  *arg, *pattern;
            SqlExpr  *escape;  // ESCAPE 'c' or NULL
            bool      negated;
        } like;
        struct {
            SqlIsKind kind;
            SqlExpr  *arg;
            SqlExpr  *other;   // DISTINCT FROM other
            bool      negated;
        } is;
        SqlQuery *query;       // SUBQUERY, EXISTS
        struct {
            SqlIdentList params;
            SqlExpr     *body;
        } lambda;
        struct {
            SqlExpr *base, *index;
        } subscript;
        struct {
            SqlExpr *base;
            SqlIdent field;
        } field;
        struct {
            SqlExpr     *base;
            SqlJsonStep *steps;
            uint32_t     nsteps, cap;
        } json;
        struct {
            SqlIntervalPart *parts;
            uint32_t         n, cap;
        } interval;
        struct {
            SqlIdent name;
            SqlExpr *value;
        } named;
        SqlExprList row;       // ROW
    };
};

/* ---------------------------------------------------------------- queries */

typedef enum {
    SQL_SORT_DEFAULT,  // neither
    SQL_SORT_ASC,      // ASC
    SQL_SORT_DESC,     // DESC
} SqlSortDir;

typedef enum {
    SQL_NULLS_ORDER_DEFAULT,  // neither
    SQL_NULLS_FIRST,          // NULLS FIRST
    SQL_NULLS_LAST,           // NULLS LAST
} SqlNullsOrder;

struct SqlSort {
    SqlExpr      *expr;      // may be an integer literal: an ordinal
    SqlSortDir    dir;
    SqlNullsOrder nulls;
    SrcLoc        loc;
};

struct SqlCte {              // name [(cols)] AS (query)
    SqlIdent     name;
    SqlIdentList cols;
    SqlQuery    *query;
    SrcLoc       loc;
};

/* [WITH ...] body [ORDER BY ...] [LIMIT n] [OFFSET m] */
struct SqlQuery {
    SqlCteList  ctes;
    SqlSetExpr *body;
    SqlSortList order;
    SqlExpr    *limit;      // NULL: no LIMIT or LIMIT ALL
    SqlExpr    *offset;     // NULL: none
    SrcLoc      loc;
};

typedef enum {
    SQL_SET_SELECT,  // select
    SQL_SET_VALUES,  // values: VALUES (..), (..)
    SQL_SET_OP,      // op: l UNION|INTERSECT|EXCEPT r
    SQL_SET_QUERY,   // query: a parenthesised query with its own WITH / ORDER BY / LIMIT
} SqlSetExprKind;

typedef enum {
    SQL_UNION,      // UNION
    SQL_INTERSECT,  // INTERSECT
    SQL_EXCEPT,     // EXCEPT, MINUS
} SqlSetOp;

struct SqlSetExpr {
    SqlSetExprKind kind;
    SrcLoc         loc;
    union {
        SqlSelect *select;
        SqlRowList values;     // each row: its column expressions
        struct {
            SqlSetOp    op;
            bool        all;   // UNION ALL; DISTINCT and no quantifier: false
            SqlSetExpr *l, *r;
        } op;
        SqlQuery *query;
    };
};

struct SqlSelectItem {
    SqlExpr     *expr;     // SQL_E_STAR for *, t.*, * EXCEPT (...)
    SqlIdent    *alias;    // [AS] alias, or NULL
    SqlIdentList aliases;  // AS (a, b): names for a generator's columns
    SrcLoc       loc;
};

struct SqlSelect {
    bool              distinct;
    SqlSelectItemList items;
    SqlFromList       from;       // comma-separated FROM items
    SqlExpr          *where;
    SqlExprList       group_by;   // expressions or ordinals
    bool              group_all;  // GROUP BY ALL
    SqlExpr          *having;
    SqlExpr          *qualify;
    SqlWindowDefList  windows;    // WINDOW w AS (...)
    SrcLoc            loc;
};

typedef enum {
    SQL_FROM_TABLE,         // table: a dataset or table name
    SQL_FROM_FILE,          // file: json.`/path` and the other format prefixes
    SQL_FROM_TVF,           // tvf: read_files(...), cloud_files(...), any f(...)
    SQL_FROM_SUBQUERY,      // subquery: (query) [alias]
    SQL_FROM_VALUES,        // values: VALUES (..), (..) [AS t(cols)]
    SQL_FROM_JOIN,          // join
    SQL_FROM_LATERAL_VIEW,  // lateral: child LATERAL VIEW [OUTER] gen(...) t AS c1, c2
    SQL_FROM_PIVOT,         // pivot: child PIVOT (aggs FOR cols IN (values))
    SQL_FROM_UNPIVOT,       // unpivot: child UNPIVOT (vcols FOR name IN (cols))
} SqlFromKind;

typedef enum {
    SQL_JOIN_INNER,  // [INNER] JOIN
    SQL_JOIN_LEFT,   // LEFT [OUTER] JOIN
    SQL_JOIN_RIGHT,  // RIGHT [OUTER] JOIN
    SQL_JOIN_FULL,   // FULL [OUTER] JOIN
    SQL_JOIN_CROSS,  // CROSS JOIN
    SQL_JOIN_SEMI,   // [LEFT] SEMI JOIN
    SQL_JOIN_ANTI,   // [LEFT] ANTI JOIN
} SqlJoinType;

typedef enum {
    SQL_TT_NONE,       // no time travel
    SQL_TT_VERSION,    // VERSION AS OF expr
    SQL_TT_TIMESTAMP,  // TIMESTAMP AS OF expr
} SqlTimeTravelKind;

struct SqlFrom {
    SqlFromKind  kind;
    SrcLoc       loc;
    SqlIdent    *alias;       // [AS] alias, or NULL; LATERAL VIEW: the table name
    SqlIdentList alias_cols;  // alias(c1, c2); LATERAL VIEW: AS c1, c2
    bool         stream;      // STREAM x, STREAM(x), STREAM read_files(...)
    union {
        struct {
            SqlName           name;  // 1-3 parts, without a LIVE. prefix
            bool              live;  // written LIVE.name
            SqlTimeTravelKind tt;
            SqlExpr          *tt_value;
        } table;
        struct {
            const char *format;  // "json", "csv", ... as written
            SqlIdent    path;
        } file;
        struct {
            SqlName     name;    // function name
            SqlExprList args;    // may hold SQL_E_NAMED_ARG
        } tvf;
        struct {
            SqlQuery *query;
            bool      lateral;   // LATERAL (subquery)
        } subquery;
        SqlRowList values;
        struct {
            SqlJoinType  type;
            bool         natural;
            SqlFrom     *l, *r;
            SqlExpr     *on;         // ON cond, or NULL
            SqlIdentList using_;     // USING (cols)
            bool         has_using;
        } join;
        struct {
            SqlFrom *child;
            SqlExpr *gen;            // the generator call
            bool     outer;
        } lateral;
        struct {
            SqlFrom          *child;
            SqlSelectItemList aggs;     // aggregate [AS alias]
            SqlIdentList      for_cols; // FOR col / FOR (c1, c2)
            SqlSelectItemList values;   // IN (value [AS alias], ...)
        } pivot;
        struct {
            SqlFrom          *child;
            bool              include_nulls;  // INCLUDE NULLS (default EXCLUDE)
            SqlIdentList      value_cols;     // value column(s)
            SqlIdent          name_col;       // FOR name
            SqlSelectItemList cols;           // IN (col [AS alias], ...): COLUMN exprs or ROWs
        } unpivot;
    };
};

/* ---------------------------------------------------------------- statements */

typedef enum {
    SQL_DS_STREAMING_TABLE,    // STREAMING TABLE, STREAMING/INCREMENTAL LIVE TABLE
    SQL_DS_MATERIALIZED_VIEW,  // MATERIALIZED VIEW, LIVE TABLE
    SQL_DS_VIEW,               // [TEMPORARY] [STREAMING] LIVE VIEW, TEMPORARY VIEW
    SQL_DS_PERSISTED_VIEW,     // VIEW without TEMPORARY / LIVE
} SqlDatasetKind;

typedef enum {                 // the exact words after CREATE [OR REFRESH] [prefix]
    SQL_FORM_STREAMING_TABLE,       // STREAMING TABLE
    SQL_FORM_STREAMING_LIVE_TABLE,  // STREAMING LIVE TABLE
    SQL_FORM_INCREMENTAL_LIVE_TABLE,  // INCREMENTAL LIVE TABLE
    SQL_FORM_MATERIALIZED_VIEW,     // MATERIALIZED VIEW
    SQL_FORM_LIVE_TABLE,            // LIVE TABLE
    SQL_FORM_LIVE_VIEW,             // LIVE VIEW
    SQL_FORM_STREAMING_LIVE_VIEW,   // STREAMING LIVE VIEW
    SQL_FORM_VIEW,                  // VIEW
} SqlDatasetForm;

typedef enum {
    SQL_PREFIX_NONE,       // none
    SQL_PREFIX_PRIVATE,    // PRIVATE
    SQL_PREFIX_TEMPORARY,  // TEMPORARY / TEMP
} SqlDatasetPrefix;

typedef enum {
    SQL_VIOLATION_WARN,  // no ON VIOLATION clause: keep the row, count it
    SQL_VIOLATION_DROP,  // ON VIOLATION DROP ROW
    SQL_VIOLATION_FAIL,  // ON VIOLATION FAIL UPDATE
} SqlViolation;

struct SqlColumnDef {  // name [type] [NOT NULL] [GENERATED ...] [DEFAULT e] [COMMENT 's'] [MASK f]
    SqlIdent     name;
    SqlType     *type;          // NULL: no type (view column lists)
    bool         not_null;
    SqlExpr     *generated;     // GENERATED ALWAYS AS (expr), or NULL
    bool         identity;      // GENERATED ... AS IDENTITY
    SqlExpr     *default_;      // DEFAULT expr, or NULL
    SqlString   *comment;
    SqlName     *mask;          // MASK fn, or NULL
    SqlIdentList mask_using;    // MASK fn USING COLUMNS (c, ...)
    bool         primary_key;   // column-level PRIMARY KEY (informational)
    SrcLoc       loc;
};

struct SqlExpectation {  // CONSTRAINT name EXPECT (cond) [ON VIOLATION ...]
    SqlIdent     name;
    SqlExpr     *cond;
    SqlViolation action;
    SrcLoc       loc;
};

typedef enum {
    SQL_TC_PRIMARY_KEY,  // [CONSTRAINT n] PRIMARY KEY (cols)
    SQL_TC_FOREIGN_KEY,  // [CONSTRAINT n] FOREIGN KEY (cols) REFERENCES t [(cols)]
} SqlTableConstraintKind;

struct SqlTableConstraint {  // informational only
    SqlTableConstraintKind kind;
    SqlIdent              *name;  // NULL without CONSTRAINT name
    SqlIdentList           cols;
    SqlName                ref_table;
    SqlIdentList           ref_cols;
    SrcLoc                 loc;
};

struct SqlProperty {  // TBLPROPERTIES entry: key [=] value
    const char *key;    // 'k' decoded, or bare dotted words joined with '.'
    const char *value;  // string decoded; numbers and booleans as written
    SrcLoc      loc;
};

typedef enum {
    SQL_CLUSTER_NONE_GIVEN,  // no CLUSTER BY
    SQL_CLUSTER_COLUMNS,     // CLUSTER BY (cols)
    SQL_CLUSTER_AUTO,        // CLUSTER BY AUTO
    SQL_CLUSTER_NONE,        // CLUSTER BY NONE
} SqlClusterKind;

typedef enum {  // table clauses, for duplicate checks and "ignored" warnings
    SQL_TC_USING, SQL_TC_PARTITIONED, SQL_TC_CLUSTER, SQL_TC_LOCATION, SQL_TC_COMMENT,
    SQL_TC_TBLPROPERTIES, SQL_TC_ROW_FILTER, SQL_TC_SCHEDULE, SQL_TC_TRIGGER,
    SQL_TC_OPTIONS, SQL_TC_ELEMENTS,
    SQL_TC_COUNT_
} SqlTableClause;

struct SqlCreateDataset {
    SqlDatasetKind   kind;
    SqlDatasetForm   form;
    SqlDatasetPrefix prefix;
    bool             is_private;    // PRIVATE / TEMPORARY on a table kind
    bool             or_refresh;
    bool             if_not_exists;
    SqlName          name;
    // element list
    bool                   has_elements;  // ( ... ) given
    SqlColumnDefList       columns;
    SqlExpectationList     expectations;
    SqlTableConstraintList constraints;
    // table clauses
    SqlIdent        *using_;         // USING fmt
    SqlIdentList     partitioned_by;
    SqlClusterKind   cluster;
    SqlIdentList     cluster_by;
    SqlString       *location;
    SqlString       *comment;
    SqlPropertyList  properties;     // TBLPROPERTIES
    SqlPropertyList  options;        // OPTIONS
    SqlName         *row_filter;     // WITH ROW FILTER fn ON (cols)
    SqlIdentList     row_filter_cols;
    SrcLoc           clause_at[SQL_TC_COUNT_];  // where each clause was written (file 0: absent)
    // body
    SqlQuery        *query;          // AS query, or NULL
    SqlApplyChanges *flow_cdc;       // ... FLOW AUTO CDC ... (target = this table), or NULL
};

typedef enum {
    SQL_COLS_ALL,     // no clause
    SQL_COLS_LIST,    // (c1, c2)
    SQL_COLS_EXCEPT,  // * EXCEPT (c1, c2)
} SqlColumnsMode;

typedef enum {
    SQL_STORED_DEFAULT,     // no STORED AS: SCD type 1
    SQL_STORED_SCD1,        // STORED AS SCD TYPE 1
    SQL_STORED_SCD2,        // STORED AS SCD TYPE 2
    SQL_STORED_BITEMPORAL,  // STORED AS BITEMPORAL
} SqlStoredAs;

typedef enum {  // APPLY CHANGES clauses, for duplicate checks
    SQL_CDC_FROM, SQL_CDC_KEYS, SQL_CDC_WHERE, SQL_CDC_IGNORE_NULL_UPDATES,
    SQL_CDC_DELETE_WHEN, SQL_CDC_TRUNCATE_WHEN, SQL_CDC_SEQUENCE_BY,
    SQL_CDC_SYSTEM_SEQUENCE_BY, SQL_CDC_COLUMNS, SQL_CDC_COLUMNS_TO_UPDATE,
    SQL_CDC_STORED_AS, SQL_CDC_TRACK_HISTORY,
    SQL_CDC_COUNT_
} SqlCdcClause;

/* APPLY CHANGES INTO / AUTO CDC INTO / CREATE FLOW f AS AUTO CDC / ... FLOW AUTO CDC. */
struct SqlApplyChanges {
    SqlName        target;           // empty for the FLOW AUTO CDC form (the table itself)
    bool           target_live;      // LIVE.target
    bool           auto_cdc;         // spelled AUTO CDC (else APPLY CHANGES)
    bool           once;             // AUTO CDC ONCE
    SqlFrom       *source;           // FROM ...
    SqlIdentList   keys;
    SqlExpr       *where;
    bool           ignore_null_updates;
    SqlIdentList   ignore_null_cols; // IGNORE NULL UPDATES ON (cols)
    SqlExpr       *delete_when;
    SqlExpr       *truncate_when;
    SqlExpr       *sequence_by;
    SqlExpr       *system_sequence_by;
    SqlColumnsMode columns_mode;
    SqlIdentList   columns;
    SqlIdentList   columns_to_update;
    SqlStoredAs    stored_as;
    SqlColumnsMode track_mode;       // SQL_COLS_ALL: no TRACK HISTORY clause
    SqlIdentList   track_history;
    SrcLoc         clause_at[SQL_CDC_COUNT_];  // where each clause was written (file 0: absent)
    SrcLoc         loc;
};

struct SqlCreateFlow {  // CREATE FLOW name [COMMENT 's'] AS INSERT INTO ... | AUTO CDC ...
    SqlIdent         name;
    bool             or_refresh;
    SqlString       *comment;
    SqlName          target;      // INSERT target (LIVE. removed); CDC: in cdc->target
    bool             target_live;
    bool             once;        // INSERT INTO ONCE / INSERT ONCE INTO
    bool             by_name;     // BY NAME written (absent means the same)
    SqlQuery        *query;       // INSERT flows
    SqlApplyChanges *cdc;         // AUTO CDC flows, else NULL
};

typedef enum {
    SQL_USE_DEFAULT,   // USE name
    SQL_USE_CATALOG,   // USE CATALOG name
    SQL_USE_SCHEMA,    // USE SCHEMA name
    SQL_USE_DATABASE,  // USE DATABASE name
} SqlUseKind;

typedef enum {
    SQL_STMT_CREATE_DATASET,  // create
    SQL_STMT_APPLY_CHANGES,   // cdc
    SQL_STMT_CREATE_FLOW,     // flow
    SQL_STMT_SET,             // set
    SQL_STMT_USE,             // use
    SQL_STMT_UNSUPPORTED,     // unsupported: any other statement, skipped to its ';'
} SqlStmtKind;

struct SqlStmt {
    SqlStmtKind kind;
    SrcLoc      loc;
    union {
        SqlCreateDataset *create;
        SqlApplyChanges  *cdc;
        SqlCreateFlow    *flow;
        struct {
            const char *key;    // trimmed text before the first '='; NULL for a bare SET
            const char *value;  // trimmed text after it (one pair of enclosing quotes
                                // removed); NULL for SET key (display only)
            const char *raw;    // everything after SET, trimmed ("" for a bare SET)
        } set;
        struct {
            SqlUseKind kind;
            SqlName    name;
        } use;
        struct {
            const char *what;   // statement type: "INSERT", "CREATE TABLE", "SELECT", ...
        } unsupported;
    };
};

struct SqlScript {
    SqlStmtList      stmts;  // in source order; statements with syntax errors are left out
    uint32_t         buf;    // the buffer parsed
    const SourceSet *src;    // where buf lives (for line:col in dumps)
};

/* Names for dumps and messages. */
const char *sql_binary_op_name(SqlBinaryOp op);      // "+", "and", "<=>", ...
const char *sql_dataset_kind_name(SqlDatasetKind k); // "streaming_table", ...
const char *sql_dataset_form_name(SqlDatasetForm f); // "STREAMING LIVE TABLE", ...
const char *sql_interval_unit_name(SqlIntervalUnit u);  // "day", ...

#endif
