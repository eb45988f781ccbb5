/* The query executor: the API the pipeline runtime and `sluice query` call. A loaded
 * PlanNode (plan_load.h) is turned into a tree of vectorised operators and pulled a
 * batch at a time. Scans of datasets, inputs and tables go through a provider the
 * caller supplies, so the executor knows nothing about Delta tables or files.
 * Also the printer that formats rows the way Spark prints values. */
#ifndef SLUICE_EXEC_H
#define SLUICE_EXEC_H

#include "batch.h"
#include "plan_load.h"
#include "str.h"

#include <stdbool.h>
#include <stdint.h>

/* An open scan: next returns 1 with a batch (borrowed until the next call; its column
 * types must equal the scan node's types), 0 at the end, -1 with *err (malloc'd). */
typedef struct {
    void *state;
    int (*next)(void *state, Batch **out, char **err);
    void (*close)(void *state);
} ExecScan;

/* Opens a scan for a scan_dataset / scan_input / scan_table node (node->kind, ->name,
 * ->streaming, ->version, ->columns, ->types). Returns 0, or -1 with *err. */
typedef int (*ExecScanOpener)(void *ud, const PlanNode *node, ExecScan *out, char **err);

/* Expectations (DLT's data-quality rules) checked on the rows of a plan: a WARN rule
 * counts, DROP removes the violating rows, FAIL stops the query with DLT's message.
 * NULL is not a violation. Counters are shared by parallel queries (atomic adds). */
typedef enum {
    EXEC_CHECK_WARN, // count only
    EXEC_CHECK_DROP, // remove violating rows
    EXEC_CHECK_FAIL, // fail the flow
} ExecCheckAction;

typedef struct {
    const char *name;
    ExecCheckAction action;
    const PlanExpr *expr; // boolean, over the checked rows' columns
    int64_t *passed, *failed;
} ExecCheck;

typedef struct {
    const char *flow;         // named in the failure message
    const char *const *names; // column names for the offending record
    const ExecCheck *checks;
    uint32_t n;
    int64_t *dropped;         // rows removed (by any DROP rule), or NULL
} ExecChecks;

typedef struct {
    ExecScanOpener open_scan; // NULL: any scan is an error
    /* The expectations of an inlined pipeline view (a `view` node), or NULL: they are
     * checked on the view's rows wherever it is read. NULL hook: none. */
    const ExecChecks *(*view_checks)(void *ud, const char *view);
    /* Optional, for parallel aggregation: part `part` of `nparts` of a scan, read on the
     * calling thread (parts of one scan share *group, NULL before the first; freed with
     * free_scan_group). 0 ok, 1 declined (too small, or a stream), -1 error. */
    int (*open_scan_part)(void *ud, const PlanNode *node, int part, int nparts, void **group,
                          ExecScan *out, char **err);
    void (*free_scan_group)(void *group);
    void *ud;
    bool ansi;      // spark.sql.ansi.enabled
    int64_t now_us; // current_timestamp() of this execution (UTC micros)
} ExecEnv;

typedef struct Exec Exec;

/* Build the operators; env must outlive the Exec. NULL + *err (malloc'd) on failure. */
Exec *exec_open(const PlanNode *plan, const ExecEnv *env, char **err);
/* The same, with checks (outliving the Exec) applied to the plan's output rows. */
Exec *exec_open_checked(const PlanNode *plan, const ExecEnv *env, const ExecChecks *checks,
                        char **err);
/* 1: *out holds rows (borrowed until the next exec_next/exec_close; it may carry a
 * selection vector: use batch_live/batch_row), 0: end, -1: *err (malloc'd). */
int exec_next(Exec *ex, Batch **out, char **err);
void exec_close(Exec *ex);

/* Run to the end; *out gets dense copies (no selection) that the caller frees with
 * exec_free_batches. Returns 0 or -1 + *err. */
int exec_collect(const PlanNode *plan, const ExecEnv *env, Batch ***out, int *n, char **err);
void exec_free_batches(Batch **bs, int n);
/* A dense copy of the live rows of b (strings copied); caller frees with batch_free. */
Batch *exec_copy_batch(const Batch *b);
/* The same into dst (reset first; same column types as src), so dst owns every byte. */
void exec_copy_into(Batch *dst, const Batch *src);

typedef enum {
    EXEC_FMT_TEXT, // tab-separated, NULL printed as NULL
    EXEC_FMT_CSV,  // RFC 4180 quoting when needed, NULL as an empty field
    EXEC_FMT_JSON, // one object per line, NULL fields omitted (Spark's JSON writer)
} ExecFormat;

/* Append the live rows of b, one line each ('\n'-terminated). names: column names
 * (JSON keys); may be NULL for TEXT/CSV. */
void exec_format_rows(const Batch *b, const char *const *names, ExecFormat fmt, StrBuf *out);
/* A CSV/TEXT header line of the names. */
void exec_format_header(const char *const *names, uint32_t n, ExecFormat fmt, StrBuf *out);

#endif
