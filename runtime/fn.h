/* Scalar function kernels: the runtime side of common/funcs.h. A kernel computes
 * one function over n rows of argument vectors into an output vector. The
 * expression evaluator (expr_eval.c) calls kernels; kernels live by family in
 * fn_*.c files, each exporting a table that fn_registry.c collects. */
#ifndef SLUICE_FN_H
#define SLUICE_FN_H

#include "batch.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    Arena      *heap;        // output strings are allocated here (valid for the batch)
    bool        ansi;        // spark.sql.ansi.enabled: errors instead of NULL/wrap
    int64_t     now_us;      // current_timestamp() of this query execution (UTC micros)
    const Type *arg_types;   // nargs entries (same as args[i].type)
    Type        result_type; // the type the plan gave the call
    char       *err;         // a kernel sets this (malloc'd) to fail the query
    int64_t    *counter;     // per call site, kept across batches (monotonically_increasing_id)
} FnCtx;

/* Compute rows 0..n-1. args[i] has n rows, or is_const (row 0 holds the value for all).
 * out was allocated with result_type and BATCH_ROWS rows; its bitmap is all valid on entry.
 * Unless the kernel is marked handles_nulls, the evaluator has already set out NULL where
 * any argument is NULL, and the kernel may compute garbage for those rows. */
typedef void (*ScalarKernel)(FnCtx *cx, const Vec *args, int nargs, uint32_t n, Vec *out);

typedef struct {
    const char  *name;          // canonical name from common/funcs.h
    ScalarKernel fn;
    bool         handles_nulls; // the kernel decides NULLs itself (coalesce, concat_ws, ...)
} FnImpl;

/* Kernel for a canonical function name; NULL if the runtime lacks it. */
const FnImpl *fn_impl_lookup(const char *name);

#endif
