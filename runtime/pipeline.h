/* The pipeline runtime: one update of a compiled pipeline (design.md section 7,
 * dlt-language.md section 4). Reads the plan JSON, creates or checks the tables,
 * runs the flows stage by stage (datasets of a stage in parallel), evaluates
 * expectations, keeps streaming progress, writes the event log, sends notifications.
 * The plan is the only thing it knows about the pipeline. */
#ifndef SLUICE_PIPELINE_H
#define SLUICE_PIPELINE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    const char  *storage;              // overrides pipeline.storage; NULL: the plan's
    bool         full_refresh;         // --full-refresh
    const char **full_refresh_tables;  // --full-refresh-tables a,b
    uint32_t     nfull_refresh_tables;
    const char **refresh;              // --refresh a,b (only these run)
    uint32_t     nrefresh;
    int          continuous;           // -1: the plan's setting; 0/1 forced
    int          development;          // -1: the plan's setting; 0/1 forced
    bool         progress;             // a progress line on a terminal
} RunOptions;

/* Run one update (or a continuous run until SIGINT/SIGTERM). Prints one line per
 * dataset and a summary to stdout, errors to stderr. Returns the exit status:
 * 0 completed, 1 failed, 2 the plan or options are unusable. */
int pipeline_run(const cJSON *plan, const RunOptions *o);

/* Where a dataset's table lives under a storage root (private tables apart). Caller frees. */
char *pipeline_table_path(const char *storage, const char *schema, const char *name,
                          bool is_private);

/* Run the query of `dataset` (a view of the plan) over the store at storage (NULL: no
 * store, files only) and print its rows to stdout as "table" (aligned), "csv" or "json"
 * (one object per line).
 * 0 ok, -1 *err (malloc'd). */
int pipeline_query(const cJSON *plan, const char *dataset, const char *storage, const char *format,
                   char **err);

/* Every event of the event log at path (<storage>/system/events), oldest first, as JSON
 * objects (caller frees each with cJSON_Delete and the array). 0 ok, -1 *err. */
int pipeline_read_events(const char *path, cJSON ***out, uint32_t *n, char **err);

#endif
