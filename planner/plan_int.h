/* Planner internals shared by the files of planner/ (not an interface for others):
 * the planner state, resolved datasets and flows, and bound relations/expressions
 * (cJSON plan fragments plus the column list and flags the checks need). */
#ifndef SLUICE_PLAN_INT_H
#define SLUICE_PLAN_INT_H

#include "funcs.h"
#include "hashmap.h"
#include "planner.h"

typedef struct {
    const char *name;      // output name (Spark's naming for unaliased expressions)
    const char *qual;      // relation alias the column can be qualified with, or NULL
    Type        type;
    bool        nullable;
} BCol;

/* A bound relation: plan JSON plus its output columns. */
typedef struct {
    cJSON   *j;          // the Rel (owned by the caller once returned); NULL when unknown
    BCol    *cols;       // arena
    uint32_t ncols;
    bool     unknown;    // some input schema is unknown at compile time: not bound
    bool     failed;     // an error was reported inside
    bool     streaming;  // reads at least one stream
    bool     watermark;  // a watermark is defined below
} BRel;

typedef struct {
    cJSON      *j;     // the Expr
    Type        type;
    const char *name;  // display name (arena)
    bool        is_agg_free;  // no aggregate inside
} BExpr;

typedef struct PDataset PDataset;

typedef struct {
    PDataset *ds;
    SrcLoc    at;
    bool      streaming;
} PRead;

typedef struct {
    IrFlow        *ir;        // NULL: the implicit flow of a dataset
    const char    *name;
    PDataset      *target;
    IrRel         *query;
    SrcLoc         loc;
    IrFlowKind     kind;
    const char    *kind_str;  // append / complete / once / cdc
    const IrConf  *conf;
    Lang           lang;
    PRead         *reads;     // malloc'd
    uint32_t       nreads, capr;
    BRel           out;       // bound query (after the target mapping)
    cJSON         *cdc_json;  // the flow's "cdc" object (CDC flows)
    bool           streaming; // the query reads a stream (static check)
    bool           bound;
} PFlow;

struct PDataset {
    IrDataset     *ir;
    const char    *name;      // display name (as written, unqualified part when 1 part)
    const char    *key;       // qualified, lower case
    IrDatasetKind  kind;      // resolved (DS_TABLE_AUTO becomes ST or MV)
    PFlow        **flows;     // malloc'd
    uint32_t       nflows;
    int            state;     // order: 0 new, 1 on stack, 2 done
    int            level;
    bool           in_cycle;
    bool           bound;
    bool           bind_ok;   // schema known and no errors
    bool           unknown;   // schema unknown until run
    BCol          *schema;    // output columns (arena)
    uint32_t       nschema;
    bool           streaming_view;
    bool           is_cdc_target;
    bool           runnable;
    const char    *opaque_reason;
    SrcLoc         opaque_loc;
    cJSON         *view_rel;  // views: the bound query, inlined into readers
    const char    *unbound_sql;
};

typedef struct {
    const IrPipeline  *ir;
    const SourceSet   *src;
    const PlanOptions *o;
    Settings          *settings;
    Diags             *d;
    Arena             *a;
    HashMap            by_key;     // qualified lower-case name -> PDataset
    PDataset         **ds;         // malloc'd, in source order
    uint32_t           nds;
    PFlow            **flows;      // malloc'd: implicit then explicit, in source order
    uint32_t           nflows;
    HashMap            ext_warned; // external names already warned about
    cJSON             *inputs;     // array of Input (unsorted until the end)
    HashMap            input_by_key;  // dedupe identical file inputs
    uint32_t           nfile_inputs;
    PDataset          *cur;        // dataset being bound (messages)
    PFlow             *cur_flow;
    bool               quiet_warnings;  // re-binding a relation: warnings were given once
    PDataset         **order;      // topological order (malloc'd)
    uint32_t           norder;
} Planner;

/* resolve.c */
void        resolve_datasets(Planner *P);
PDataset   *resolve_lookup(Planner *P, const IrName *n);  // pipeline dataset or NULL
const char *resolve_key(Planner *P, const IrName *n);
void        resolve_reads(Planner *P);
/* order.c */
void        order_datasets(Planner *P);
cJSON      *order_stages(Planner *P);
/* bind.c / bind_expr.c */
void        bind_flow(Planner *P, PFlow *f);
BRel        bind_rel(Planner *P, IrRel *r);
typedef struct BindCtx BindCtx;
BExpr       bind_expr_in(Planner *P, const BCol *cols, uint32_t ncols, IrExpr *e, bool *ok);
cJSON      *bexpr_cast(cJSON *j, Type from, Type to);
cJSON      *json_type(Type t);
const char *type_str(Arena *a, Type t);
const char *expr_display_name(Arena *a, const IrExpr *e);
/* grouping_sets.c: GROUP BY GROUPING SETS / ROLLUP / CUBE as expand + aggregate */
bool        gsets_used(const IrRel *r);
IrRel      *gsets_rewrite(Planner *P, IrRel *r);  // NULL after a diagnostic
/* schema.c */
void        schema_dataset(Planner *P, PDataset *ds);
cJSON      *schema_json(const BCol *cols, uint32_t n, const IrDataset *decl);
/* check.c */
bool        check_rel_streams(Planner *P, const IrRel *r, SrcLoc *first);
void        check_flow_modes(Planner *P, PFlow *f);
void        check_dataset(Planner *P, PDataset *ds);
void        check_pipeline(Planner *P);
/* plan_json.c */
const char *plan_loc(Planner *P, SrcLoc at);
cJSON      *plan_input_files(Planner *P, IrRel *r, BCol **cols, uint32_t *ncols, bool *unknown);

#endif
