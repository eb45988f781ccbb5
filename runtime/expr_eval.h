/* Expression evaluation over column batches: a PlanExpr is compiled once into an
 * ExprState (kernels looked up, literals turned into constant vectors) and then
 * evaluated per batch, vector at a time. CASE / IF evaluate each branch only on the
 * rows that reach it, so ANSI errors in untaken branches do not fire (as in Spark).
 * Also the value helpers shared by literals, casts and printing (fn_core.c). */
#ifndef SLUICE_EXPR_EVAL_H
#define SLUICE_EXPR_EVAL_H

#include "batch.h"
#include "plan_load.h"
#include "str.h"

#include <stdbool.h>
#include <stdint.h>

/* Run an uncorrelated subquery for the evaluator: exec.c supplies it. Returns its
 * rows as malloc'd batches (caller frees each with batch_free and the array). */
typedef int (*SubqueryRunner)(void *ud, const PlanNode *rel, Batch ***out, int *n, char **err);

typedef struct {
    bool ansi;               // spark.sql.ansi.enabled
    int64_t now_us;          // current_timestamp() for the whole query
    SubqueryRunner subquery; // NULL: subqueries are an error
    void *ud;
} ExprEnv;

typedef struct ExprState ExprState;

/* Compile e for inputs of the given column types. NULL + *err (malloc'd) on failure. */
ExprState *expr_compile(const PlanExpr *e, const ExprEnv *env, char **err);
void expr_free(ExprState *st);
Type expr_type(const ExprState *st);
/* Evaluate over the live rows of in: the result has batch_live(in) dense rows (row k
 * is the k-th live row) or is_const. Borrowed until the next expr_eval on st.
 * NULL + *err (malloc'd) on a runtime error (ANSI cast, division by zero...). */
const Vec *expr_eval(ExprState *st, const Batch *in, char **err);
/* Filter: writes the physical row numbers of in's live rows where e is TRUE into
 * sel (BATCH_ROWS capacity); returns how many, or -1 + *err. */
int expr_select(ExprState *st, const Batch *in, uint16_t *sel, char **err);

/* ---- values (fn_core.c) ---- */

/* Spark's CAST(string AS t). Returns 0 ok, 1 NULL (invalid input, non-ANSI), -1 error
 * (ansi: *err malloc'd, Spark's message). Strings/binary are copied into a. */
int value_parse(const char *s, size_t n, Type t, Arena *a, Datum *out, bool ansi, char **err);
/* Spark's CAST(x AS STRING) of row i of v, appended to b (NULL rows append nothing). */
void value_format(const Vec *v, uint32_t i, StrBuf *b);
/* Format helpers also used by the printer. */
void format_double(double d, bool is_float, StrBuf *b);
void format_decimal(i128 v, int scale, StrBuf *b);
void format_date(int32_t days, StrBuf *b);
void format_timestamp(int64_t us, StrBuf *b);
/* A Datum into row i of v (strings are borrowed: the Datum's storage must outlive v). */
void vec_put_datum(Vec *v, uint32_t i, const Datum *d);
Datum vec_get_datum(const Vec *v, uint32_t i);
/* 10^k as i128 for k in 0..38. */
i128 dec_pow10(int k);
/* Rescale an unscaled decimal from scale `from` to `to` (HALF_UP); false when the
 * result needs more than prec digits. */
bool dec_rescale(i128 v, int from, int to, int prec, i128 *out);
/* Order of two non-NULL values of the same type (NaN largest and equal to itself,
 * strings bytewise): <0, 0, >0. */
int value_cmp(const Vec *a, uint32_t i, const Vec *b, uint32_t j);

#endif
