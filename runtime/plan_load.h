/* Plan loading: a `Rel` / `Expr` of the plan JSON (docs/plan-format.md) becomes a
 * read-only PlanNode / PlanExpr tree in the caller's arena. Nothing here executes;
 * exec.c builds operator state beside the tree and never writes it. Malformed JSON
 * (missing fields, bad ordinals, unknown ops or types) gives an error, never a crash. */
#ifndef SLUICE_PLAN_LOAD_H
#define SLUICE_PLAN_LOAD_H

#include "arena.h"
#include "batch.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct PlanNode PlanNode;

typedef enum {
    PX_COL,        // column of the input batch
    PX_LIT,        // constant (already converted to a Datum)
    PX_CALL,       // scalar function or operator by canonical name
    PX_SUBQUERY,   // uncorrelated subquery, evaluated once at open
    PX_LAMBDA,     // higher-order function argument (transform, filter, exists, forall)
    PX_LAMBDA_VAR, // lambda parameter reference
} PlanExprKind;

typedef enum {
    PSQ_SCALAR, // one value (NULL when empty)
    PSQ_EXISTS, // boolean: at least one row
    PSQ_IN,     // args[0] IN (the subquery's single column)
} PlanSubqueryKind;

typedef struct PlanExpr {
    PlanExprKind kind;
    Type type;              // result type as the plan gives it
    int col;                // PX_COL ordinal; PX_LAMBDA_VAR index; PX_LAMBDA parameter count
    Datum lit;              // PX_LIT value (strings in the load arena)
    const char *fn;         // PX_CALL canonical name
    struct PlanExpr **args; // PX_CALL / PX_SUBQUERY (IN operand) / PX_LAMBDA body [0]
    int nargs;
    PlanNode *subquery; // PX_SUBQUERY
    PlanSubqueryKind sq_kind;
} PlanExpr;

typedef enum {
    PN_SCAN_DATASET, // a pipeline dataset (through the caller's scan provider)
    PN_SCAN_INPUT,   // an external input (files, table)
    PN_SCAN_TABLE,   // an external table by name
    PN_VALUES,       // constant rows
    PN_FILTER,       // keep rows where cond is TRUE
    PN_PROJECT,      // one expression per output column
    PN_AGGREGATE,    // hash aggregate: keys then aggs
    PN_JOIN,         // hash join / nested loop
    PN_SORT,         // full sort (top-N when under a limit)
    PN_LIMIT,        // limit / offset
    PN_UNION,        // UNION [ALL]
    PN_INTERSECT,    // INTERSECT [ALL]
    PN_EXCEPT,       // EXCEPT [ALL]
    PN_DISTINCT,     // duplicate elimination
    PN_DEDUP,        // first row per key (dropDuplicates)
    PN_WINDOW,       // window functions appended to the input columns
    PN_EXPLODE,      // generator: explode / posexplode [_outer] (op_explode.c)
    PN_VIEW,         // inlined pipeline view: passes its input through
    PN_EXPAND,       // grouping sets: each input row once per set, absent keys NULL, + gid
} PlanNodeKind;

typedef enum {
    JOIN_INNER, // matching pairs
    JOIN_LEFT,  // + unmatched left rows, right side NULL
    JOIN_RIGHT, // + unmatched right rows, left side NULL
    JOIN_FULL,  // both
    JOIN_SEMI,  // left rows with a match (left columns only)
    JOIN_ANTI,  // left rows without a match (left columns only)
    JOIN_CROSS, // every pair (cond may still filter)
} JoinType;

typedef struct {
    PlanExpr *expr;
    bool desc;
    bool nulls_first;
} PlanSortKey;

typedef struct {
    const char *fn; // canonical aggregate name ("count", "sum", ...)
    PlanExpr **args;
    int nargs; // 0 for count(*)
    bool distinct;
    PlanExpr *filter; // FILTER (WHERE ...) or NULL
    bool ignore_nulls;
    Type type; // result type
} PlanAgg;

typedef enum {
    BOUND_UNBOUNDED_PRECEDING, // frame edge at the partition start
    BOUND_PRECEDING,           // offset rows/values before the current row
    BOUND_CURRENT_ROW,         // the current row (RANGE: its peers)
    BOUND_FOLLOWING,           // offset rows/values after
    BOUND_UNBOUNDED_FOLLOWING, // partition end
} BoundKind;

typedef struct {
    BoundKind kind;
    int64_t offset;
} PlanBound;

typedef struct {
    const char *fn;
    PlanExpr **args;
    int nargs;
    PlanExpr **partition;
    int npartition;
    PlanSortKey *order;
    int norder;
    bool has_frame;  // false: Spark's default frame
    bool frame_rows; // ROWS (true) or RANGE (false)
    PlanBound start, end;
    bool ignore_nulls;
    Type type;
} PlanWinFunc;

struct PlanNode {
    PlanNodeKind kind;
    uint32_t ncols; // output schema
    Type *types;
    const char **names;
    const char *loc;   // "file:line:col" or NULL
    PlanNode **inputs; // children: one, two (join: left, right) or more (union...)
    int ninputs;
    // kind-specific fields
    const char *name; // scan_dataset dataset / scan_input input id / scan_table / view
    bool streaming;   // scan_dataset
    bool skip_change_commits;
    int64_t version; // scan_table: -1 = latest
    int *columns;    // scan_input: ordinals read, or NULL = all
    int ncolumns;
    PlanExpr ***rows; // values: rows[r][c]
    int nrows;
    PlanExpr *cond;   // filter, join (NULL: none)
    PlanExpr **exprs; // project exprs; aggregate keys
    int nexprs;
    PlanAgg *aggs;
    int naggs;
    JoinType join_type;
    PlanSortKey *keys; // sort
    int nkeys;
    int64_t limit; // -1 = none
    int64_t offset;
    bool all;      // union/intersect/except ALL
    int *key_cols; // dedup ordinals; expand: the grouping key columns
    int nkey_cols;
    int64_t *gsets; // expand: grouping id per set (bit set: key absent, key 0 highest)
    int ngsets;
    PlanWinFunc *funcs;
    int nfuncs;
    PlanExpr *gen; // explode expr
    bool outer, with_pos;
};

/* Load a Rel / Expr. Everything is allocated in `a`; on failure returns NULL and sets
 * *err to a malloc'd message (caller frees). */
PlanNode *plan_load_rel(const cJSON *j, Arena *a, char **err);
PlanExpr *plan_load_expr(const cJSON *j, Arena *a, char **err);
/* Parse a type in the plan's spelling, nested types included ("array<struct<a:int>>"). */
bool plan_parse_type(const char *s, Arena *a, Type *out);

#endif
