/* Binder internals shared by bind.c (relations) and bind_expr.c (expressions):
 * the binding context with its scope, aggregate and window collectors. */
#ifndef SLUICE_BIND_INT_H
#define SLUICE_BIND_INT_H

#include "plan_int.h"

typedef struct {
    const char *name;
    Type        type;
} LambdaVar;

typedef struct {
    const BCol *in_cols;   // the aggregate's input scope
    uint32_t    in_ncols;
    char      **key_txt;   // bound keys as JSON text, to recognise grouped expressions
    Type       *key_types;
    uint32_t    nkeys;
    cJSON      *aggs;      // collected Agg objects
    char      **agg_txt;   // their JSON text (dedupe)
    Type       *agg_types;
    const char **agg_names;
    uint32_t    naggs;
} AggCtx;

typedef struct {
    cJSON   *funcs;   // collected WinFunc objects
    Type    *types;
    cJSON  **refs;    // column references to fix once the window input width is known
    uint32_t nfuncs;
} WinCtx;

struct BindCtx {
    Planner    *P;
    const BCol *cols;    // scope
    uint32_t    ncols;
    AggCtx     *agg;     // non-NULL: expressions are evaluated after this aggregate
    WinCtx     *win;     // non-NULL: window calls allowed, collected here
    LambdaVar  *lambda;
    uint32_t    nlambda;
    bool        ok;
    bool        unknown;  // a subquery's input schema is unknown
};

BExpr  bind_expr(BindCtx *c, IrExpr *e);
cJSON *bind_sort_json(BindCtx *c, IrSortKey *ks, uint32_t n);

#endif
