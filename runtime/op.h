/* Physical operators (pull model, a batch at a time) and the pieces they share:
 * row buffers that materialise batches, a hash table of distinct keys (group by,
 * distinct, joins, set operations), and aggregate function states (agg_*.c, also used
 * by windows). Internal to the runtime: callers use exec.h. An operator owns its state
 * from construction to close; the PlanNode it came from is never written. */
#ifndef SLUICE_OP_H
#define SLUICE_OP_H

#include "exec.h"
#include "expr_eval.h"
#include "plan_load.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct Op Op;

/* Per query: the caller's environment and the first error. */
typedef struct ExecCtx_ {
    const ExecEnv *env;
    ExprEnv xenv;
    char *err; // malloc'd; the first error wins
    /* a thread of a parallel aggregation: its scans open part `part` of `nparts`,
     * sharing *group; declined: a part scan said the input is too small */
    int part, nparts;
    void **group;
    bool declined;
    struct ExecCtx_ *whole;  // that thread's context for inputs read whole (a join's right)
} ExecCtx;

struct Op {
    int (*next)(Op *op, Batch **out); // 1: *out has rows (borrowed), 0: end, -1: error
    void (*close)(Op *op);            // frees the operator and its children
    ExecCtx *cx;
    const PlanNode *node;
    uint32_t ncols;
    const Type *types; // node->types
};

void exec_fail(ExecCtx *cx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Take ownership of a malloc'd error message (NULL: a generic one). Returns -1. */
int exec_fail_take(ExecCtx *cx, char *msg);

/* Build the operator tree for a plan node (exec.c); NULL with cx->err set. */
Op *op_build(ExecCtx *cx, const PlanNode *n);
/* One constructor per operator file. */
Op *op_scan_new(ExecCtx *cx, const PlanNode *n);
Op *op_values_new(ExecCtx *cx, const PlanNode *n);
Op *op_filter_new(ExecCtx *cx, const PlanNode *n, Op *child);
Op *op_project_new(ExecCtx *cx, const PlanNode *n, Op *child);
Op *op_hashagg_new(ExecCtx *cx, const PlanNode *n, Op *child);
Op *op_join_new(ExecCtx *cx, const PlanNode *n, Op *left, Op *right);
Op *op_sort_new(ExecCtx *cx, const PlanNode *n, Op *child, int64_t topn); // topn < 0: all
Op *op_limit_new(ExecCtx *cx, const PlanNode *n, Op *child);
Op *op_union_new(ExecCtx *cx, const PlanNode *n, Op **children, int nchildren);
Op *op_setop_new(ExecCtx *cx, const PlanNode *n, Op **children, int nchildren); // intersect/except
Op *op_distinct_new(ExecCtx *cx, const PlanNode *n, Op *child); // distinct and dedup
Op *op_window_new(ExecCtx *cx, const PlanNode *n, Op *child);
Op *op_expand_new(ExecCtx *cx, const PlanNode *n, Op *child); // grouping sets
Op *op_expect_new(ExecCtx *cx, const PlanNode *n, Op *child, const ExecChecks *ck);
/* Parallel aggregation (op_paragg.c): NULL when n does not qualify or its input is too
 * small (then cx->err is unset and the caller builds the serial plan). */
Op *op_paragg_try(ExecCtx *cx, const PlanNode *n);
/* ORDER BY ... LIMIT the same way: each thread's top topn rows, then the best of those
 * (a sort with topn over them). NULL as op_paragg_try. */
Op *op_partopn_try(ExecCtx *cx, const PlanNode *sort, int64_t topn);
/* The hash aggregate's pieces for it (op_hashagg.c). */
int  op_hashagg_consume(Op *op);          // read all input now; 0 or -1
void op_hashagg_merge(Op *dst, Op *src);  // fold src's groups and states into dst
bool op_hashagg_mergeable(const PlanNode *n);  // every aggregate merges exactly
Op *op_explode_new(ExecCtx *cx, const PlanNode *n, Op *child);

/* ---- values (op_rows.c) ---- */

/* Compile an expression with the query's environment; NULL with cx->err set. */
ExprState *op_expr(ExecCtx *cx, const PlanExpr *e);
/* A dense gather of one input column (an expression that is just the column). */
ExprState *op_col_expr(ExecCtx *cx, int col, Type t);
/* Evaluate; NULL with cx->err set. */
const Vec *op_eval(ExecCtx *cx, ExprState *st, const Batch *in);

/* Copy row srow of src (const/NULL aware) into row drow of column col of dst. */
void val_copy(Batch *dst, uint32_t col, uint32_t drow, const Vec *src, uint32_t srow);
void val_set_null(Batch *dst, uint32_t col, uint32_t drow);
/* Copy n values into rows drow.. of column col of dst: value k comes from row
 * rows[k] of src (rows NULL: row k). Typed loop; strings are copied into dst's heap. */
void vec_gather(Batch *dst, uint32_t col, uint32_t drow, const Vec *src, const uint16_t *rows,
                uint32_t n);
/* Hash of a value (NULL hashes to a constant); -0.0/0.0 and NaNs hash alike. */
uint64_t val_hash(const Vec *v, uint32_t row);
/* Grouping equality: NULL equals NULL, NaN equals NaN, -0.0 equals 0.0. */
bool val_eq(const Vec *a, uint32_t i, const Vec *b, uint32_t j);
/* Sort order of one key: NULLs placed by nulls_first, desc reverses non-NULL order. */
int val_order(const Vec *a, uint32_t i, const Vec *b, uint32_t j, bool desc, bool nulls_first);
static inline bool val_null(const Vec *v, uint32_t i) {
    return vec_is_null(v, v->is_const ? 0 : i);
}

/* ---- row buffers (op_rows.c): materialised rows as full dense batches ---- */

typedef struct {
    Type *types;
    uint32_t ncols;
    Batch **chunks;
    uint32_t nchunks, cap;
    uint64_t nrows;
} RowBuf;

void rowbuf_init(RowBuf *rb, const Type *types, uint32_t ncols);
void rowbuf_free(RowBuf *rb);
/* Append one row whose columns are vecs[0..ncols) at row r each; returns its id. */
uint64_t rowbuf_append(RowBuf *rb, const Vec *vecs, uint32_t r);
/* Reserve one row (every column must then be written through val_copy / val_set_null);
 * returns its id and where it lives. */
uint64_t rowbuf_reserve(RowBuf *rb, Batch **chunk, uint32_t *row);
/* Column scol of the rows ids[0..n) into rows 0..n-1 of column dcol of dst (typed). */
void rowbuf_gather(Batch *dst, uint32_t dcol, const RowBuf *rb, uint32_t scol, const uint64_t *ids,
                   uint32_t n);
/* Append all live rows of a batch. */
void rowbuf_append_batch(RowBuf *rb, const Batch *b);
static inline Batch *rowbuf_chunk(const RowBuf *rb, uint64_t id) {
    return rb->chunks[id / BATCH_ROWS];
}
static inline uint32_t rowbuf_row(uint64_t id) {
    return (uint32_t)(id % BATCH_ROWS);
}

/* ---- distinct keys (op_keys.c): open addressing, group ids in insertion order ---- */

typedef struct KeySlot {
    int64_t key;
    uint64_t gid1; // group id + 1; 0: empty
} KeySlot;

typedef struct {
    RowBuf keys;      // the distinct keys; row id == group id
    uint64_t *slots;  // 0 empty, else gid + 1 in the low half, the hash's high half above
    uint64_t *hashes; // per group
    uint64_t cap, n;
    bool fast;              // one integral/date/timestamp key: slots hold the key itself
    struct KeySlot *fslots; // fast: cap slots {key, gid + 1 (0 empty)}
    int64_t *ikeys;         // fast: the key of each group (NULL group: 0, see null_gid)
    int64_t null_gid;       // fast: group of the NULL key, or -1
    bool multi;             // 2..8 integral/date/timestamp keys: compared as int64 tuples
    int64_t *mkeys;         // multi: per group, its nkeys values (NULL: 0)
    uint64_t *mnull;        // multi: per group, bit c set when key c is NULL
    int64_t *mscratch;      // multi: one batch of widened keys, column after column
    bool str1;              // one STRING/BINARY key
    Str *skeys;             // str1: per group, its key as stored in `keys` (NULL group: {0})
} KeyTable;

void keys_init(KeyTable *kt, const Type *types, uint32_t nkeys);
/* Rows 0..m-1 of an integral/date/timestamp/boolean vector (dense or const) as int64. */
void vec_widen_int(const Vec *v, uint32_t m, int64_t *out);
void keys_free(KeyTable *kt);
/* Hashes of m rows of key vectors (dense or const). */
void keys_hash(const Vec *keys, uint32_t nkeys, uint32_t m, uint64_t *h);
/* Group id of each row, inserting new keys; is_new[i] (optional) marks first sightings. */
void keys_upsert(KeyTable *kt, const Vec *keys, uint32_t m, const uint64_t *h, uint32_t *gids,
                 bool *is_new);
/* Hint the slots that m hashes will probe into the cache (before keys_find loops). */
void keys_prefetch(const KeyTable *kt, const uint64_t *h, uint32_t m);
/* Group id of row r, or -1. */
int64_t keys_find(const KeyTable *kt, const Vec *keys, uint32_t r, uint64_t h);

/* ---- aggregate functions (agg_*.c) ---- */

typedef enum {
    AGG_COUNT,       // count(x) / count(*)
    AGG_SUM,         // sum
    AGG_AVG,         // avg
    AGG_MIN,         // min
    AGG_MAX,         // max
    AGG_FIRST,       // first / first_value / any_value
    AGG_LAST,        // last / last_value
    AGG_COUNT_IF,    // count_if
    AGG_STDDEV_SAMP, // stddev, stddev_samp, std
    AGG_STDDEV_POP,  // stddev_pop
    AGG_VAR_SAMP,    // variance, var_samp
    AGG_VAR_POP,     // var_pop
    AGG_MAX_BY,      // max_by(x, ord)
    AGG_MIN_BY,      // min_by(x, ord)
    AGG_BOOL_OR,     // bool_or / some / any
    AGG_BOOL_AND,    // bool_and / every
    AGG_COLLECT_LIST, // collect_list / array_agg (agg_collect.c)
    AGG_COLLECT_SET,  // collect_set (agg_collect.c)
} AggKind;

/* Field order keeps it at 64 bytes (one cache line): the hash aggregate holds one per
 * group and aggregate. */
typedef struct {
    int64_t n;   // rows seen (count, avg, variance)
    double mean; // Welford for variance (with m2)
    union {
        int64_t i;
        double d;
        i128 dec;
        Str s; // strings: copied into the aggregate's arena
    } v, k;    // value (sum/min/max/first...), ordering key (max_by)
    double m2;
    bool has;      // v holds a value
    bool overflow; // sum overflowed: NULL for decimals, an error for integers under ANSI
} AggState;

typedef struct {
    AggKind kind;
    Type arg_type; // type of the first argument (none for count(*))
    Type key_type; // max_by/min_by ordering type
    Type type;     // result type
    int nargs;
    bool ignore_nulls; // first/last
    bool count_star;
} AggSpec;

/* Resolve an aggregate by name; false (with a message) when unknown. */
bool agg_spec_init(AggSpec *s, const char *fn, const Type *arg_types, int nargs, Type result,
                   bool ignore_nulls, char **err);
/* Fold row r of args (args[0], args[1] for *_by) into st; strings copied into a. */
void agg_step(const AggSpec *s, AggState *st, const Vec *args, uint32_t r, Arena *a);
/* Vectorised update: rows 0..m-1 of args into states[gids[i]]; mask (optional) skips
 * rows where mask[i] == 0 (FILTER clause). */
void agg_update(const AggSpec *s, AggState *states, const uint32_t *gids, const Vec *args,
                uint32_t m, const uint8_t *mask, Arena *a);
/* agg_update for rows that all belong to one group (an aggregate without GROUP BY). */
void agg_update_one(const AggSpec *s, AggState *st, const Vec *args, uint32_t m,
                    const uint8_t *mask, Arena *a);
/* Merge src into dst (same spec): for parallel partial aggregation and windows. */
void agg_merge(const AggSpec *s, AggState *dst, const AggState *src, Arena *a);
/* Write the final value into row r of column col of out. Returns 0, or -1 with *err
 * (ANSI overflow). */
int agg_final(const AggSpec *s, const AggState *st, Batch *out, uint32_t col, uint32_t r, bool ansi,
              char **err);

/* collect_list / collect_set (agg_collect.c), called by the agg_* functions above. */
bool agg_collect_kind(const AggSpec *s);
const char *agg_collect_check(const AggSpec *s); // NULL when the spec can run, else why not
void agg_collect_step(const AggSpec *s, AggState *st, const Vec *args, uint32_t r, Arena *a);
void agg_collect_merge(const AggSpec *s, AggState *dst, const AggState *src, Arena *a);
void agg_collect_final(const AggSpec *s, const AggState *st, Batch *out, uint32_t col, uint32_t r);

#endif
