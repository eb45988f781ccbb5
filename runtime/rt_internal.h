/* Internals of the pipeline runtime (update.c, rt_*.c): the plan as the runtime
 * sees it, per-update state, and the helpers the parts share. */
#ifndef SLUICE_RT_INTERNAL_H
#define SLUICE_RT_INTERNAL_H

#include "batch.h"
#include "exec.h"
#include "expr_eval.h"
#include "pipeline.h"
#include "plan_load.h"
#include "store.h"
#include "str.h"

#include <pthread.h>

typedef enum {
    RK_ST,     // streaming table
    RK_MV,     // materialized view
    RK_VIEW,   // view: inlined into readers, never stored
    RK_PVIEW,  // persisted view: stored like a materialized view here
} RtKind;

typedef enum { RA_WARN, RA_DROP, RA_FAIL } RtAction;

typedef struct {
    const char *name;
    RtAction    action;
    const char *sql;
    PlanExpr   *expr;  // over the dataset schema
} RtExpectation;

typedef struct RtFlow RtFlow;
typedef struct RtViewUse RtViewUse;

typedef struct {
    const char    *name;
    RtKind         kind;
    bool           is_private;
    Schema         schema;       // output schema (empty when unknown)
    bool           has_schema;
    const cJSON   *props;        // object or NULL
    const char    *comment;
    RtExpectation *exps;
    uint32_t       nexps;
    RtFlow       **flows;
    uint32_t       nflows;
    const char   **reads;        // datasets its flows read
    uint32_t       nreads;
    bool           runnable;
    const char    *opaque_reason;
    char          *path;         // table directory (NULL for views)
    bool           reset_allowed;  // pipelines.reset.allowed
    /* per update */
    int            state;        // RtState
    bool           selected;     // runs in this update
    bool           full_refresh; // reset in this update
    bool           replace_schema;  // a recomputed dataset's schema changed: its overwrite
                                    // commit carries the new one
    uint64_t       inputs_fp;    // rt_inputs_fingerprint when it last ran (continuous runs)
    int64_t        out_rows;
    int64_t       *exp_passed, *exp_failed;
    ExecChecks     checks;       // the expectations for the executor (over exp_* counters)
    RtViewUse     *view_uses;    // views with expectations its flows read (under up->mu)
    uint32_t       nview_uses, view_uses_cap;
    int64_t        dropped;
    int64_t        cdc_upserted, cdc_deleted;  // CDC flows: events applied (rt_cdc.c)
    double         seconds;
    char          *error;        // malloc'd
} RtDataset;

/* A view's expectations as checked inside one reading dataset's flows: DLT reports a
 * view's metrics per reading flow. */
struct RtViewUse {
    const RtDataset *view;
    int64_t         *passed, *failed;  // per expectation of the view
    int64_t          dropped;
    ExecChecks       checks;           // the view's checks over these counters
};

typedef enum { RF_APPEND, RF_COMPLETE, RF_ONCE, RF_CDC } RtFlowKind;

struct RtFlow {
    const char  *name;
    RtFlowKind   kind;
    bool         streaming;
    RtDataset   *target;
    PlanNode    *query;
    bool         ansi;
    const cJSON *cdc;           // the plan's cdc object
    const char  *loc;
    int          attempts;      // runs started in this update (test hook, retries)
};

typedef struct {
    const char  *id;
    const char  *kind;    // "files" / "table"
    const char  *path;    // files
    const char  *name;    // table
    const char  *format;
    const cJSON *options;
    bool         streaming;
    Schema       schema;
    bool         has_schema;
} RtInput;

typedef enum {
    ST_QUEUED, ST_STARTING, ST_RUNNING, ST_COMPLETED, ST_FAILED, ST_SKIPPED, ST_EXCLUDED,
    ST_IDLE,  // continuous mode: nothing new to process
} RtState;

typedef struct Update Update;

/* The event log (system/events): events are buffered and committed in batches. */
typedef struct EventLog EventLog;
EventLog *eventlog_open(const char *storage, const char *pipeline_name, const char *update_id,
                        char **err);
void      eventlog_add(EventLog *log, const char *level, const char *event_type,
                       const char *flow_or_dataset, const char *message, cJSON *details,
                       const char *error_message);  // takes details
int       eventlog_flush(EventLog *log, char **err);
void      eventlog_close(EventLog *log);

/* Streaming progress of one flow (checkpoints/<flow>/): the files of each input already
 * read and the last version read of each upstream table; plus the batch number. */
typedef struct {
    char    *dir;
    int64_t  batch;       // last committed batch, -1 none
    cJSON   *files;       // object: input id -> array of file paths
    cJSON   *versions;    // object: dataset -> last version read
    bool     once_done;   // once flows
} Checkpoint;
int  checkpoint_load(Checkpoint *c, const char *storage, const char *flow, char **err);
/* Before a commit: write the next state as pending; after it: promote. A pending
 * state found at load time is promoted when the table holds its batch (txn), else
 * dropped, so no input is processed twice or lost across a crash. */
int  checkpoint_write_pending(Checkpoint *c, char **err);
int  checkpoint_promote(Checkpoint *c, char **err);
int  checkpoint_recover(Checkpoint *c, int64_t committed_batch, char **err);
void checkpoint_clear(const char *storage, const char *flow);
void checkpoint_free(Checkpoint *c);
bool checkpoint_has_file(const Checkpoint *c, const char *input, const char *path);
void checkpoint_add_file(Checkpoint *c, const char *input, const char *path);
int64_t checkpoint_version(const Checkpoint *c, const char *dataset);  // -1 none
void checkpoint_set_version(Checkpoint *c, const char *dataset, int64_t v);

/* The scan provider for one flow execution. */
typedef struct {
    Update      *up;
    RtFlow      *flow;
    Checkpoint  *ck;          // streaming state (NULL for batch flows)
    bool         new_files;   // a streaming file input listed new files
    int64_t      files_read;
} ScanCtx;
int rt_open_scan(void *ud, const PlanNode *node, ExecScan *out, char **err);
/* ExecEnv.open_scan_part / free_scan_group (exec.h): parts of a big non-streaming scan. */
int  rt_open_scan_part(void *ud, const PlanNode *node, int part, int nparts, void **group,
                       ExecScan *out, char **err);
void rt_scan_group_free(void *group);
/* The folder of an external table named schema.table or table (malloc'd). */
char *rt_table_path(const Update *up, const char *name);
/* rt_inputs.c: a fingerprint of what d's flows read from outside the pipeline (file
 * listings: paths, sizes, times; external tables: versions). 0 when it reads nothing. */
uint64_t rt_inputs_fingerprint(Update *up, const RtDataset *d);
/* ExecEnv.view_checks for a flow (ud: its ScanCtx): the expectations of a view it reads,
 * counted for the flow's target (RtViewUse). */
const ExecChecks *rt_view_checks(void *ud, const char *view);
/* Zero a dataset's per-update counters (rows, expectations, views read) for a retry. */
void rt_dataset_reset_counts(RtDataset *d);

/* Run one flow of a dataset: execute, expectations, write. 0 ok, -1 failed (*err). */
int rt_run_flow(Update *up, RtFlow *f, char **err);
/* Run an APPLY CHANGES / AUTO CDC flow (rt_cdc.c): merge the new change events into
 * the target and overwrite it in one commit. 0 ok, -1 failed (*err). */
int rt_run_cdc(Update *up, RtFlow *f, char **err);

struct Update {
    const cJSON *plan;
    Arena        arena;
    char        *storage;
    const char  *schema;       // publishing schema
    const char  *pipeline_name;
    char         update_id[40];
    RtDataset   *ds;
    uint32_t     nds;
    RtFlow      *flows;
    uint32_t     nflows;
    RtInput     *inputs;
    uint32_t     ninputs;
    bool         ansi;
    bool         development;
    int          max_retries;
    EventLog    *log;
    pthread_mutex_t mu;        // event log and console output
    int64_t      now_us;
    const RunOptions *opt;
    bool         canceled;     // a continuous run was stopped
};

/* Send (or write as .eml files) the notifications the settings ask for. fatal: the
 * failure cannot be fixed by a retry (expectation, schema, plan). */
void rt_notify(Update *up, bool failed, bool fatal);

RtDataset *rt_dataset(Update *up, const char *name);  // case-insensitive; NULL if absent
RtInput   *rt_input(Update *up, const char *id);
/* Load the plan into up (datasets, flows, inputs, queries). 0 ok, -1 *err. */
int rt_plan_load(Update *up, const cJSON *plan, char **err);
void rt_plan_free(Update *up);
/* Schema <-> JSON as in the plan ([{"name","type","nullable"}]). */
int rt_schema_from_json(const cJSON *j, Schema *out, Arena *a, char **err);
char *rt_random_id(void);  // a random UUID (version 4) string; caller frees
int   rt_mkdirs(const char *path);  // mkdir -p; 0 ok
char *rt_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
