/* Internals of the Python partial evaluator (pyeval*.c): the value model, scopes,
 * and the helpers the API modules (builtins, dlt, spark, DataFrame, Column) share.
 * Values live in the compilation arena; Python's reference semantics come from
 * sharing Value pointers. */
#ifndef SLUICE_PYEVAL_INTERNAL_H
#define SLUICE_PYEVAL_INTERNAL_H

#include "hashmap.h"
#include "ir.h"
#include "py_ast.h"
#include "pyeval.h"

typedef enum {
    V_NONE,     // None
    V_BOOL,     // b
    V_INT,      // i
    V_FLOAT,    // f
    V_STR,      // str
    V_LIST,     // seq
    V_TUPLE,    // seq
    V_SET,      // seq (no duplicates)
    V_DICT,     // dict, insertion ordered
    V_FUNC,     // a def or lambda with its closure scope
    V_BUILTIN,  // a native function or bound method: bi
    V_NS,       // a namespace object: module, spark session, dlt, F, types ... (ns)
    V_DF,       // DataFrame: df
    V_COL,      // Column: col
    V_READER,   // spark.read / readStream builder: rd
    V_WINDOW,   // WindowSpec: win
    V_TYPE,     // pyspark.sql.types value: ty
    V_GROUPED,  // df.groupBy(...): grp
    V_OPAQUE,   // something we cannot follow: op
} VKind;

typedef struct Value Value;
typedef struct Scope Scope;
typedef struct Eval Eval;

/* Call arguments: positional then keyword. */
typedef struct {
    Value      **pos;
    uint32_t     npos;
    const char **kwn;
    Value      **kwv;
    uint32_t     nkw;
    SrcLoc       at;    // the call expression
    SrcLoc      *pos_at;  // location of each positional argument
} Args;

typedef Value *(*BuiltinFn)(Eval *ev, Value *self, Args *a);

typedef struct Pending Pending;

struct Value {
    VKind  kind;
    SrcLoc at;      // where the value was made
    bool   exact;   // V_STR: the text sits verbatim in the source at at.off
    union {
        bool    b;
        int64_t i;
        double  f;
        struct { const char *s; uint32_t len; } str;
        struct { Value **items; uint32_t n, cap; } seq;
        struct { Value **keys, **vals; uint32_t n, cap; } dict;
        struct {
            const char      *name;
            const PyParamList *params;
            const PyStmtList  *body;     // def
            const PyExpr      *lambda;   // lambda body
            Scope           *closure;
            Value          **defaults;   // one per param (NULL: none)
            Pending         *pending;    // decorators applied before the dataset one
            IrDataset       *ds;         // the dataset this function defines, once registered
        } fn;
        struct { BuiltinFn fn; Value *self; const char *name; void *data; } bi;
        struct { const char *name; } ns;
        struct { IrRel *rel; const char *alias; } df;
        struct {
            IrExpr *e;
            bool    is_sort;        // asc()/desc() applied
            bool    desc;
            int8_t  nulls_first;    // -1 default
            bool    open_when;      // F.when(...) chain without otherwise yet
        } col;
        struct {
            bool        stream;
            const char *format;
            IrKV       *opts;
            uint32_t    nopts;
            Type       *types;      // declared schema
            const char **names;
            uint32_t    ntypes;
        } rd;
        struct { IrWindow *w; } win;
        struct {
            Type         t;         // TY_STRUCT for StructType
            const char **names;     // StructType fields / StructField name (n == 1)
            Type        *types;
            uint32_t     n;
            bool         is_field;  // StructField
        } ty;
        struct { IrRel *rel; IrExpr **keys; uint32_t nkeys; } grp;
        struct { const char *reason; } op;
    } u;
};

struct Scope {
    HashMap vars;     // name -> Value*
    Scope  *parent;   // enclosing function scope, then globals; NULL above globals
    HashMap globals_decl;  // names declared `global` here
};

typedef enum {
    F_NORMAL,    // fell through
    F_RETURN,    // return: ev->ret
    F_BREAK,     // break
    F_CONTINUE,  // continue
    F_RAISE,     // an exception: ev->exc_*
} Flow;

/* A dataset or flow whose query function runs in phase 2. */
typedef struct {
    IrDataset *ds;     // dataset with a query function, or NULL
    IrFlow    *flow;   // append flow, or NULL
    Value     *fn;
} QueryReg;

struct Pending {  // expectation decorators seen before the dataset decorator
    const char *name;
    Value      *cond;   // V_STR
    IrAction    act;
    SrcLoc      at;
    Pending    *next;
};

typedef struct ScopeList {
    Scope            *s;
    struct ScopeList *next;
} ScopeList;

struct Eval {
    IrPipeline          *p;
    SourceSet           *src;
    Diags               *d;
    Arena               *a;
    const PyEvalOptions *opt;
    Scope               *globals;
    Value               *ret;        // F_RETURN value
    /* The pending exception (F_RAISE). */
    const char          *exc_type;   // "NameError", "KeyError", "ConfigNotFound", ...
    const char          *exc_msg;
    SrcLoc               exc_at;
    bool                 exc_reported;  // already turned into a diagnostic
    int                  depth;      // call depth (recursion guard)
    uint64_t             steps;      // statements executed (runaway guard)
    int                  in_query;   // > 0 inside a query function (phase 2)
    IrName              *reads;      // datasets read by the current query function
    uint32_t             nreads, capreads;
    const char          *side_effect;  // first side-effect call seen in the query function
    SrcLoc               side_effect_at;
    QueryReg            *regs;
    uint32_t             nregs, capregs;
    Value               *none, *true_, *false_;
    ScopeList           *scopes;     // every scope made, to free their maps
    uint32_t             ndf_aliases;  // names made up for df["col"] references
};

/* Values. */
Value *pv_new(Eval *ev, VKind k, SrcLoc at);
Value *pv_int(Eval *ev, int64_t i, SrcLoc at);
Value *pv_float(Eval *ev, double f, SrcLoc at);
Value *pv_bool(Eval *ev, bool b);
Value *pv_str(Eval *ev, const char *s, uint32_t len, SrcLoc at);
Value *pv_cstr(Eval *ev, const char *s, SrcLoc at);
Value *pv_seq(Eval *ev, VKind k, SrcLoc at);  // empty LIST/TUPLE/SET
void   pv_seq_push(Eval *ev, Value *seq, Value *x);
Value *pv_dict(Eval *ev, SrcLoc at);
void   pv_dict_set(Eval *ev, Value *d, Value *k, Value *v);
Value *pv_dict_get(Value *d, Value *k);  // NULL when absent
Value *pv_builtin(Eval *ev, const char *name, BuiltinFn fn, Value *self, SrcLoc at);
Value *pv_ns(Eval *ev, const char *name, SrcLoc at);
Value *pv_opaque(Eval *ev, const char *reason, SrcLoc at);
Value *pv_df(Eval *ev, IrRel *rel, SrcLoc at);
Value *pv_col(Eval *ev, IrExpr *e, SrcLoc at);
bool   pv_truthy(const Value *v);
bool   pv_equal(const Value *a, const Value *b);
const char *pv_kind_name(const Value *v);      // Python type name: "str", "DataFrame"
const char *pv_to_str(Eval *ev, const Value *v, bool repr);  // str()/repr(), arena
bool   pv_is_str(const Value *v, const char *s);
/* Iterate a sequence-like value into items; false if not iterable. */
bool   pv_iter(Eval *ev, Value *v, Value ***items, uint32_t *n);

/* Exceptions and diagnostics. */
Value *pv_raise(Eval *ev, SrcLoc at, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A compile error that also stops the current query (reported once). */
Value *pv_fail(Eval *ev, SrcLoc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int    pv_compare(Eval *ev, const Value *a, const Value *b, bool *ok);  // -1/0/1

/* Arguments. */
Value *args_get(Args *a, uint32_t pos, const char *kw);  // positional pos or keyword kw; NULL
bool   args_str(Eval *ev, Args *a, uint32_t pos, const char *kw, const char **out);

/* Calling and attributes. */
Value *pv_call(Eval *ev, Value *f, Args *a);
Value *pv_getattr(Eval *ev, Value *obj, const char *name, SrcLoc at);

/* API modules: attribute lookups that return bound builtins (NULL: no such attribute). */
Value *builtins_lookup(Eval *ev, const char *name, SrcLoc at);
Value *str_method(Eval *ev, Value *self, const char *name, SrcLoc at);
Value *seq_method(Eval *ev, Value *self, const char *name, SrcLoc at);
Value *dict_method(Eval *ev, Value *self, const char *name, SrcLoc at);
Value *ns_attr(Eval *ev, Value *ns, const char *name, SrcLoc at);
Value *df_attr(Eval *ev, Value *df, const char *name, SrcLoc at);
Value *col_attr(Eval *ev, Value *col, const char *name, SrcLoc at);
Value *reader_attr(Eval *ev, Value *rd, const char *name, SrcLoc at);
Value *window_attr(Eval *ev, Value *w, const char *name, SrcLoc at);
Value *grouped_attr(Eval *ev, Value *g, const char *name, SrcLoc at);
Value *dlt_attr(Eval *ev, const char *name, SrcLoc at);
Value *spark_attr(Eval *ev, Value *ns, const char *name, SrcLoc at);  // spark, spark.conf, dbutils...
Value *functions_attr(Eval *ev, const char *name, SrcLoc at);         // pyspark.sql.functions
Value *types_attr(Eval *ev, const char *name, SrcLoc at);             // pyspark.sql.types
Value *window_class_attr(Eval *ev, const char *name, SrcLoc at);      // Window
Value *module_import(Eval *ev, const char *dotted, SrcLoc at);  // NULL: unknown module
Value *col_binop(Eval *ev, PyOp op, Value *l, Value *r, SrcLoc at);  // Column operators
Value *col_unary(Eval *ev, PyOp op, Value *x, SrcLoc at);
/* Column from a Column, a column name (str) or a literal. */
IrExpr *to_col_expr(Eval *ev, Value *v, bool str_is_name, SrcLoc at);
IrExpr *to_lit_expr(Eval *ev, Value *v, SrcLoc at);  // Python literal -> IR literal; NULL if not
/* SQL text inside Python: a buffer mapped onto the string literal when possible. */
IrExpr *sql_expr_from(Eval *ev, Value *s);
IrRel  *sql_query_from(Eval *ev, Value *s);
/* The dlt API decorator application and the phase 2 driver. */
Value *dlt_apply_decorator(Eval *ev, Value *dec, Value *fn, SrcLoc at);
void   dlt_run_queries(Eval *ev);
void   pv_note_read(Eval *ev, IrName n);

#endif
