/* The pipeline IR, shared by SQL lowering (lower_sql.c) and the Python partial
 * evaluator (pyeval*.c): datasets, flows and expectations, each query an UNBOUND
 * logical relational tree over unbound expressions (names, not ordinals). The planner
 * resolves, binds and types it into the plan. Everything lives in one arena; every
 * node records its SrcLoc. Constructors are ir_* functions taking that arena. */
#ifndef SLUICE_IR_H
#define SLUICE_IR_H

#include "arena.h"
#include "notebook.h"
#include "source.h"
#include "sql.h"
#include "str.h"
#include "types.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct IrExpr IrExpr;
typedef struct IrRel IrRel;

/* A possibly qualified name as written: `t`, `s.t`, `c.s.t`, `LIVE.t`. */
typedef struct {
    const char *parts[3];  // parts[n-1] is the object name; arena strings
    uint8_t     n;         // 1..3
    bool        live;      // written with the LIVE. prefix (or dlt.read): must be a pipeline dataset
    SrcLoc      loc;
} IrName;

/* ---------------------------------------------------------------- expressions */

typedef enum {
    EX_COL,       // column by name: name, optional qual (table alias / qualifier)
    EX_LIT,       // literal: text in Spark cast-from-string form (NULL text = NULL), type
    EX_CALL,      // function or operator by name ("add", "eq", "upper", ...): args
    EX_STAR,      // `*` or `qual.*`, optional except list
    EX_CAST,      // CAST / TRY_CAST (is_try) of args[0] to type
    EX_CASE,      // args: [operand?] when1, then1, ..., [else]; has_operand, has_else
    EX_SUBQUERY,  // sub: scalar / EXISTS / IN (args[0] = the tested value for IN)
    EX_LAMBDA,    // params -> args[0]
    EX_ALIAS,     // args[0] AS name
    EX_INTERVAL,  // INTERVAL literal: text as written ("3 DAYS"), micros in ival
} IrExprKind;

typedef enum {
    SUBQ_SCALAR,  // (SELECT ...)
    SUBQ_EXISTS,  // EXISTS (SELECT ...)
    SUBQ_IN,      // x IN (SELECT ...)
} IrSubqKind;

typedef struct {
    IrExpr  *expr;
    bool     desc;
    int8_t   nulls_first;  // -1: default (ASC: first, DESC: last), 0 last, 1 first
    SrcLoc   loc;
} IrSortKey;

typedef enum {
    IRBOUND_UNBOUNDED_PRECEDING,  // UNBOUNDED PRECEDING
    IRBOUND_PRECEDING,            // n PRECEDING
    IRBOUND_CURRENT_ROW,          // CURRENT ROW
    IRBOUND_FOLLOWING,            // n FOLLOWING
    IRBOUND_UNBOUNDED_FOLLOWING,  // UNBOUNDED FOLLOWING
} IrBoundKind;

typedef struct {
    IrExpr   **partition;
    uint32_t   npartition;
    IrSortKey *order;
    uint32_t   norder;
    bool       has_frame;
    bool       frame_range;  // RANGE (true) or ROWS (false)
    IrBoundKind start_kind, end_kind;
    int64_t    start_off, end_off;
    bool       start_interval, end_interval;  // offset is an INTERVAL in microseconds
    SrcLoc     start_loc, end_loc;
} IrWindow;

struct IrExpr {
    IrExprKind  kind;
    SrcLoc      loc;
    const char *name;       // COL: column; CALL: function as written; ALIAS: alias
    const char *qual;       // COL / STAR: qualifier or NULL
    IrExpr    **args;
    uint32_t    nargs;
    const char *text;       // LIT / INTERVAL: value; NULL for a NULL literal
    Type        type;       // LIT: literal type; CAST: target type
    bool        is_try;     // CAST: TRY_CAST
    bool        distinct;   // CALL: f(DISTINCT ...)
    bool        is_count_star;  // CALL: count(*)
    bool        ignore_nulls;   // CALL: IGNORE NULLS
    bool        has_operand;    // CASE x WHEN ...
    bool        has_else;       // CASE ... ELSE
    bool        negated;        // SUBQUERY IN / EXISTS under NOT
    bool        replace;        // STAR (withColumn): later aliased items of the same
                                // project replace same-named columns in place
    IrExpr     *filter;     // CALL: FILTER (WHERE ...) or NULL
    IrWindow   *over;       // CALL: OVER (...) or NULL
    IrRel      *sub;        // SUBQUERY
    IrSubqKind  sub_kind;
    const char **names;     // STAR: except list; LAMBDA: parameters
    uint32_t    nnames;
    int64_t     ival;       // INTERVAL: microseconds of the day-time part (EX_COL: ordinal + 1)
    int64_t     imonths;    // INTERVAL: calendar months (years x 12), kept apart: not a
                            // fixed number of microseconds
    const char *sql;        // original text of this expression when known (arena), or NULL
};

/* ---------------------------------------------------------------- relations */

typedef enum {
    REL_SCAN,       // a named dataset or external table: name, streaming
    REL_FILES,      // files: format, path, options, streaming, auto_loader
    REL_VALUES,     // rows of constant exprs (rows[i] has ncols exprs); col names optional
    REL_FILTER,     // input, cond
    REL_PROJECT,    // input, exprs (select list: EX_ALIAS / EX_STAR / plain)
    REL_AGGREGATE,  // input, keys (GROUP BY), exprs (output list), cond (HAVING) or NULL;
                    // group_all: GROUP BY ALL
    REL_JOIN,       // input (left), right, join, cond or using names
    REL_SORT,       // input, sort keys
    REL_LIMIT,      // input, limit (-1 none), offset
    REL_SETOP,      // input, right, setop, all, by_name, allow_missing
    REL_DISTINCT,   // input
    REL_DEDUP,      // input, names (subset; none = all columns)
    REL_EXPLODE,    // input, exprs[0] = generator call, outer, alias (table) + names (cols)
    REL_ALIAS,      // input AS alias [(names)]: subquery / table alias
    REL_WATERMARK,  // input, names[0] = event time column, text = delay ("10 minutes")
    REL_RENAME,     // input, names: old1, new1, old2, new2 ... (missing old: ignored)
    REL_DROP,       // input, names (unknown names ignored)
    REL_OPAQUE,     // something the compiler cannot follow: text = reason; reads in inputs
    REL_EXPAND,     // planner only (GROUPING SETS): input, names = key columns, gsets: one
                    // copy of each row per set, absent keys NULL, plus a __gid column
} IrRelKind;

typedef enum {
    IRJOIN_INNER,  // [INNER] JOIN
    IRJOIN_LEFT,   // LEFT [OUTER]
    IRJOIN_RIGHT,  // RIGHT [OUTER]
    IRJOIN_FULL,   // FULL [OUTER]
    IRJOIN_SEMI,   // LEFT SEMI
    IRJOIN_ANTI,   // LEFT ANTI
    IRJOIN_CROSS,  // CROSS JOIN / comma
} IrJoinKind;

typedef enum {
    SETOP_UNION,      // UNION
    SETOP_INTERSECT,  // INTERSECT
    SETOP_EXCEPT,     // EXCEPT / MINUS / subtract
} IrSetOpKind;

typedef struct {
    const char *key;
    const char *value;
} IrKV;

struct IrRel {
    IrRelKind   kind;
    SrcLoc      loc;
    IrRel      *input;      // single input; JOIN/SETOP: left
    IrRel      *right;      // JOIN/SETOP: right
    IrName      name;       // SCAN
    int64_t     version;    // SCAN: VERSION AS OF n (sluice query only); -1 latest
    bool        streaming;  // SCAN / FILES: read incrementally
    bool        auto_loader;  // FILES: cloud_files / format("cloudFiles")
    bool        skip_change_commits;  // SCAN: option skipChangeCommits
    const char *format;     // FILES: json, csv, parquet, text, ... (NULL: from extension)
    const char *path;       // FILES: as written
    IrKV       *options;    // FILES: reader options (values as strings)
    uint32_t    noptions;
    Type       *schema_types;  // FILES: declared schema (`schema` option / .schema()), or NULL
    const char **schema_names;
    uint32_t    nschema;
    IrExpr    **exprs;      // PROJECT / AGGREGATE outputs; EXPLODE generator; VALUES cells
    uint32_t    nexprs;
    IrExpr    **keys;       // AGGREGATE group keys
    uint32_t    nkeys;
    bool        group_all;  // GROUP BY ALL
    IrExpr     *cond;       // FILTER; JOIN ON; AGGREGATE HAVING
    IrJoinKind  join;
    IrSetOpKind setop;
    bool        all;        // SETOP: ALL
    bool        by_name;    // SETOP: unionByName
    bool        allow_missing;  // SETOP: allowMissingColumns
    IrSortKey  *sort;       // SORT
    uint32_t    nsort;
    int64_t     limit;      // LIMIT: -1 none
    int64_t     offset;
    bool        outer;      // EXPLODE OUTER
    const char *alias;      // ALIAS / EXPLODE table alias
    const char **names;     // JOIN USING; ALIAS / EXPLODE column names; DEDUP; RENAME; DROP
    uint32_t    nnames;
    uint32_t    ncols;      // VALUES: columns per row (nexprs = rows * ncols)
    const char *text;       // OPAQUE: reason; WATERMARK: delay
    IrName     *reads;      // OPAQUE: datasets the opaque code was seen to read
    uint32_t    nreads;
    int64_t    *gsets;      // EXPAND: per grouping set its grouping id (bit set: key absent,
    uint32_t    ngsets;     //   the first key the most significant bit)
};

/* ---------------------------------------------------------------- datasets and flows */

typedef enum {
    DS_STREAMING_TABLE,     // ST
    DS_MATERIALIZED_VIEW,   // MV
    DS_VIEW,                // pipeline view (temporary, not stored)
    DS_PERSISTED_VIEW,      // D2/D3 CREATE VIEW: published, batch only
    DS_TABLE_AUTO,          // Python @dlt.table: ST or MV decided by whether the query streams
} IrDatasetKind;

typedef enum {
    ACT_WARN,  // keep the row, count it
    ACT_DROP,  // ON VIOLATION DROP ROW
    ACT_FAIL,  // ON VIOLATION FAIL UPDATE
} IrAction;

typedef struct {
    const char *name;
    IrExpr     *cond;
    const char *sql;  // the condition's SQL text as written
    IrAction    action;
    SrcLoc      loc;
} IrExpectation;

typedef struct {
    const char *name;
    Type        type;
    bool        not_null;
    const char *comment;    // or NULL
    IrExpr     *generated;  // GENERATED ALWAYS AS (...) or NULL
    SrcLoc      loc;
} IrColumn;

typedef enum {
    FLOW_APPEND,  // CREATE FLOW ... INSERT INTO / @append_flow
    FLOW_ONCE,    // INSERT INTO ONCE / append_flow(once=True)
    FLOW_CDC,     // APPLY CHANGES / AUTO CDC
} IrFlowKind;

typedef struct {
    IrName      *keys;          // column names (loc each)
    uint32_t     nkeys;
    IrExpr      *where;         // D1 WHERE or NULL
    bool         ignore_null_updates;
    IrExpr      *delete_when;   // or NULL
    IrExpr      *truncate_when; // or NULL
    IrExpr      *sequence_by;   // required
    IrName      *columns;       // COLUMNS list (or the EXCEPT list when columns_except)
    uint32_t     ncolumns;
    bool         has_columns;
    bool         columns_except;
    int          scd_type;      // 1 or 2
    IrName      *track;         // TRACK HISTORY ON list (or EXCEPT list)
    uint32_t     ntrack;
    bool         has_track;
    bool         track_except;
    SrcLoc       scd_loc, truncate_loc, keys_loc, columns_loc;
} IrCdc;

typedef struct {
    IrKV    *items;
    uint32_t n;
} IrConf;

typedef struct {
    const char   *name;       // flow name
    SrcLoc        loc;
    IrFlowKind    kind;
    IrName        target;
    IrRel        *query;      // CDC: the source relation (usually a streaming scan)
    IrCdc        *cdc;        // FLOW_CDC only
    const char   *comment;
    IrConf        conf;       // SET values / spark_conf for this flow
    Lang          lang;
    bool          named;      // the name was given (CREATE FLOW f / flow_name=)
} IrFlow;

typedef struct {
    IrDatasetKind kind;
    bool          is_private;
    IrName        name;        // as written (parts may be qualified)
    SrcLoc        loc;         // the defining statement / decorated function
    Lang          lang;
    const char   *comment;
    IrKV         *props;       // TBLPROPERTIES / table_properties
    uint32_t      nprops;
    const char  **partition_cols;
    uint32_t      npartition;
    const char  **cluster_cols;
    uint32_t      ncluster;
    IrColumn     *cols;        // declared schema
    uint32_t      ncols;
    bool          has_cols;    // a column list was given (possibly only constraints)
    IrExpectation *exps;
    uint32_t      nexps;
    IrRel        *query;       // NULL: an ST without query (flow target)
    IrConf        conf;        // SET values / spark_conf for its implicit flow
    bool          streaming_view;  // legacy `STREAMING LIVE VIEW` spelling
} IrDataset;

/* The whole pipeline as the front end sees it, before any resolution. */
typedef struct {
    Arena      *arena;
    IrDataset **datasets;  // in source order (malloc'd array of arena nodes)
    uint32_t    ndatasets, capd;
    IrFlow    **flows;     // explicit flows, in source order
    uint32_t    nflows, capf;
} IrPipeline;

void ir_init(IrPipeline *p, Arena *a);
void ir_free(IrPipeline *p);  // frees the arrays; nodes belong to the arena

/* Builders: all nodes come zeroed from p->arena; strings are copied. */
IrDataset *ir_dataset_new(IrPipeline *p, IrDatasetKind kind, IrName name, SrcLoc loc, Lang lang);
IrFlow    *ir_flow_new(IrPipeline *p, IrFlowKind kind, const char *name, IrName target, SrcLoc loc,
                       Lang lang);
IrExpectation *ir_dataset_add_expectation(Arena *a, IrDataset *d, const char *name, IrExpr *cond,
                                          const char *sql, IrAction act, SrcLoc loc);
IrColumn  *ir_dataset_add_column(Arena *a, IrDataset *d, const char *name, Type t, SrcLoc loc);
void       ir_kv_add(Arena *a, IrKV **items, uint32_t *n, const char *key, const char *value);
void       ir_conf_set(Arena *a, IrConf *c, const char *key, const char *value);  // replaces

IrName ir_name(Arena *a, const char *const *parts, int n, bool live, SrcLoc loc);
IrName ir_name1(Arena *a, const char *name, SrcLoc loc);
/* Parse a dotted name string ("LIVE.x", "s.t"; backticks allowed) as written in dlt.read /
 * spark.table. False (and *out unset) when it is not 1-3 non-empty parts. */
bool   ir_name_parse(Arena *a, const char *s, SrcLoc loc, IrName *out);
const char *ir_name_str(Arena *a, const IrName *n);  // "s.t" (without LIVE.)

/* Expressions. */
IrExpr *ir_col(Arena *a, const char *qual, const char *name, SrcLoc loc);
IrExpr *ir_lit(Arena *a, const char *text, Type t, SrcLoc loc);  // text NULL: NULL literal
IrExpr *ir_lit_int(Arena *a, int64_t v, SrcLoc loc);              // INT or BIGINT by size
IrExpr *ir_lit_str(Arena *a, const char *s, SrcLoc loc);
IrExpr *ir_lit_bool(Arena *a, bool v, SrcLoc loc);
IrExpr *ir_call(Arena *a, const char *fn, IrExpr **args, uint32_t n, SrcLoc loc);  // args copied
IrExpr *ir_call1(Arena *a, const char *fn, IrExpr *x, SrcLoc loc);
IrExpr *ir_call2(Arena *a, const char *fn, IrExpr *x, IrExpr *y, SrcLoc loc);
IrExpr *ir_star(Arena *a, const char *qual, SrcLoc loc);
IrExpr *ir_cast(Arena *a, IrExpr *x, Type t, bool is_try, SrcLoc loc);
IrExpr *ir_alias(Arena *a, IrExpr *x, const char *name, SrcLoc loc);
IrExpr *ir_subquery(Arena *a, IrSubqKind k, IrRel *sub, IrExpr *tested, SrcLoc loc);
IrExpr *ir_lambda(Arena *a, const char **params, uint32_t n, IrExpr *body, SrcLoc loc);
IrExpr *ir_case(Arena *a, IrExpr *operand, IrExpr **when_then, uint32_t npairs2, IrExpr *els,
                SrcLoc loc);  // when_then: when1, then1, when2, then2 ... (npairs2 entries)
void    ir_expr_push_arg(Arena *a, IrExpr *e, IrExpr *arg);

/* Relations. */
IrRel *ir_scan(Arena *a, IrName name, bool streaming, SrcLoc loc);
IrRel *ir_files(Arena *a, const char *format, const char *path, bool streaming, bool auto_loader,
                SrcLoc loc);
void   ir_files_option(Arena *a, IrRel *r, const char *key, const char *value);  // replaces
IrRel *ir_values(Arena *a, IrExpr **cells, uint32_t nrows, uint32_t ncols, SrcLoc loc);
IrRel *ir_filter(Arena *a, IrRel *in, IrExpr *cond, SrcLoc loc);
IrRel *ir_project(Arena *a, IrRel *in, IrExpr **exprs, uint32_t n, SrcLoc loc);
IrRel *ir_aggregate(Arena *a, IrRel *in, IrExpr **keys, uint32_t nkeys, IrExpr **outs,
                    uint32_t nouts, SrcLoc loc);
IrRel *ir_join(Arena *a, IrRel *l, IrRel *r, IrJoinKind k, IrExpr *cond, SrcLoc loc);
IrRel *ir_sort(Arena *a, IrRel *in, IrSortKey *keys, uint32_t n, SrcLoc loc);
IrRel *ir_limit(Arena *a, IrRel *in, int64_t limit, int64_t offset, SrcLoc loc);
IrRel *ir_setop(Arena *a, IrSetOpKind k, bool all, IrRel *l, IrRel *r, SrcLoc loc);
IrRel *ir_distinct(Arena *a, IrRel *in, SrcLoc loc);
IrRel *ir_dedup(Arena *a, IrRel *in, const char **names, uint32_t n, SrcLoc loc);
IrRel *ir_explode(Arena *a, IrRel *in, IrExpr *gen, bool outer, const char *alias,
                  const char **names, uint32_t n, SrcLoc loc);
IrRel *ir_alias_rel(Arena *a, IrRel *in, const char *alias, const char **names, uint32_t n,
                    SrcLoc loc);
IrRel *ir_watermark(Arena *a, IrRel *in, const char *col, const char *delay, SrcLoc loc);
IrRel *ir_rename(Arena *a, IrRel *in, const char **old_new, uint32_t n2, SrcLoc loc);
IrRel *ir_drop(Arena *a, IrRel *in, const char **names, uint32_t n, SrcLoc loc);
IrRel *ir_opaque(Arena *a, const char *reason, IrName *reads, uint32_t nreads, SrcLoc loc);

/* Python `df.withColumn(name, e)`: a project of every input column (`*`) with `name`
 * replaced in place or appended (the binder sees the EX_STAR + replacement form). */
IrRel *ir_with_column(Arena *a, IrRel *in, const char *name, IrExpr *e, SrcLoc loc);

/* SQL text inside Python (spark.sql, expr, selectExpr, filter("...")) goes through the
 * SQL parser and lower_sql.c. buf is a source buffer holding just that text (add it
 * with src_add_derived so errors point into the Python file). NULL on error (reported). */
IrRel  *ir_lower_sql_query(IrPipeline *p, SourceSet *src, uint32_t buf, Diags *d);
IrExpr *ir_lower_sql_expr(IrPipeline *p, SourceSet *src, uint32_t buf, Diags *d);
/* A whole SQL library cell: every statement into datasets/flows of p. sets: the file's
 * SET values seen so far (key -> value), updated; use_* : USE CATALOG/SCHEMA state. */
typedef struct {
    IrConf      sets;     // SET values in force for later statements of this file
    const char *catalog;  // USE CATALOG (NULL: pipeline default)
    bool        allow_time_travel;  // VERSION AS OF: ad-hoc queries, not pipelines
    const char *schema;   // USE SCHEMA
} IrSqlFileState;
void    ir_lower_sql_script(IrPipeline *p, const SqlScript *s, const SourceSet *src,
                            IrSqlFileState *st, Diags *d);

/* Stable text dump for testdata/ir golden tests. */
void ir_dump(const IrPipeline *p, StrBuf *out);
void ir_dump_expr(const IrExpr *e, StrBuf *out);
void ir_dump_rel(const IrRel *r, int indent, StrBuf *out);

#endif
