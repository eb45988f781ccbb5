/* The table store: every dataset is a Delta Lake table (design.md section 6).
 * The engine and the pipeline runtime use only this interface: open a table at
 * its latest or a past version, read its schema and files, scan it into batches,
 * write to it in one atomic commit, evolve its schema, read its history, vacuum.
 * File formats stay behind it (runtime/store/delta*.c, parquet.h).
 * Errors come back as malloc'd messages (*err) that name the table. */
#ifndef SLUICE_STORE_H
#define SLUICE_STORE_H

#include "batch.h"
#include "parquet.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct StoreTable StoreTable;
typedef struct StoreScan  StoreScan;
typedef struct StoreWrite StoreWrite;

/* ---- Creating and opening ---- */

typedef struct {
    const char  *comment;      // metaData.description, or NULL
    uint32_t     nprops;       // table properties (metaData.configuration), e.g.
    const char **prop_keys;    //   "quality" = "silver",
    const char **prop_vals;    //   "delta.parquet.compression.codec" = "zstd"
} StoreCreateOpts;

/* Create an empty table at path (version 0: protocol (1,2) + metaData). Fails if a
 * table exists there already. opts may be NULL. 0 ok, -1 with *err. */
int store_create(const char *path, const Schema *schema, const StoreCreateOpts *opts,
                 char **err);
bool store_exists(const char *path);  // _delta_log holds a commit or a checkpoint

/* Open the latest version (version < 0) or a past one (VERSION AS OF n). */
StoreTable *store_open(const char *path, int64_t version, char **err);
/* TIMESTAMP AS OF: the newest version committed at or before ts_ms (commitInfo
 * timestamp, else the commit file's time); -1 with *err when there is none. */
int64_t     store_version_at(const char *path, int64_t ts_ms, char **err);
void        store_close(StoreTable *t);

int64_t       store_version(const StoreTable *t);
int64_t       store_timestamp(const StoreTable *t);  // ms of the version's commit
const char   *store_path(const StoreTable *t);
const Schema *store_schema(const StoreTable *t);
const char   *store_comment(const StoreTable *t);    // NULL if none
const char   *store_property(const StoreTable *t, const char *key);  // NULL if unset
/* Last committed batch version of a streaming flow, -1 if none (txn, 7.8). */
int64_t       store_txn_version(const StoreTable *t, const char *app_id);

/* Live data files of the snapshot, in log order. */
typedef struct {
    const char *path;         // table path + "/" + decoded add.path (valid while t is open)
    int64_t     size;         // bytes
    int64_t     num_records;  // from add.stats; -1 unknown
} StoreFile;
uint32_t store_num_files(const StoreTable *t);
StoreFile store_file(const StoreTable *t, uint32_t i);
int64_t   store_num_rows(const StoreTable *t);  // sum of num_records; -1 if any unknown

/* ---- Scanning ---- */

/* Predicates for skipping: PqPred with col = index into the TABLE schema. Files whose
 * stats exclude the conjunction are skipped; rows of kept files are NOT filtered. */
typedef PqPred StorePred;

/* Scan columns cols[0..ncols) (indexes into the table schema; NULL = all columns).
 * Parquet columns are matched to table columns by name, case-insensitively; a column
 * missing from a file reads as NULL. The table must stay open during the scan. */
StoreScan *store_scan_open(StoreTable *t, const int *cols, uint32_t ncols,
                           const StorePred *preds, uint32_t npred, char **err);
/* Fill out (created with batch_new over the selected columns' types) with up to
 * BATCH_ROWS rows: 1 rows produced, 0 end, -1 error. Rows stay valid until the next
 * call. */
int  store_scan_next(StoreScan *s, Batch *out, char **err);
/* A scan of one data file (store_file index) reading only the row groups whose middle
 * byte lies in [offset, offset + length) (-1: to the end): scans of disjoint ranges read
 * a table in parallel. Thread-safe against other scans of the same open table. */
StoreScan *store_scan_open_range(StoreTable *t, const int *cols, uint32_t ncols, uint32_t file,
                                 int64_t offset, int64_t length, char **err);
/* Streaming read of a table as an append-only source: only the rows added by the
 * commits after after_version up to t's version (-1: from the start). Fails when one
 * of those commits removed data (an overwrite), naming the version; with
 * skip_change_commits such commits are skipped whole (the skipChangeCommits option). */
StoreScan *store_scan_changes_open(StoreTable *t, int64_t after_version, bool skip_change_commits,
                                   const int *cols, uint32_t ncols, const StorePred *preds,
                                   uint32_t npred, char **err);
uint32_t store_scan_files_skipped(const StoreScan *s);  // by stats so far
void store_scan_close(StoreScan *s);

/* ---- Writing: one write transaction = one commit ---- */

typedef enum {
    STORE_APPEND,     // add files (blind append: retried when racing other appends)
    STORE_OVERWRITE,  // replace every live file (materialized view refresh)
} StoreMode;

/* Begin writing on top of t's snapshot. Batches must have the table's column types. */
StoreWrite *store_write_begin(StoreTable *t, StoreMode mode, char **err);
/* Roll to a new data file once about this many (uncompressed) bytes were written;
 * default 128 MiB. */
void store_write_set_file_bytes(StoreWrite *w, int64_t bytes);
/* Streaming idempotence: commit txn {app_id, version} with the data. */
void store_write_set_txn(StoreWrite *w, const char *app_id, int64_t version);
/* An overwrite that also replaces the table's schema, in the same commit (a materialized
 * view whose query changed): before the first batch. 0, or -1 + *err. */
int  store_write_set_schema(StoreWrite *w, const Schema *schema, char **err);
/* Extra operationParameters / operationMetrics entries (string values). */
void store_write_param(StoreWrite *w, const char *key, const char *value);
void store_write_metric(StoreWrite *w, const char *key, const char *value);
/* Append the live rows of b (NOT NULL columns are enforced). 0 ok, -1 error. */
int  store_write_batch(StoreWrite *w, const Batch *b, char **err);
/* Commit with an operation name ("WRITE", "STREAMING UPDATE", ...). Sets *version to
 * the new version. Returns 0 committed, 1 skipped because the txn version was already
 * committed (streaming retry), -1 error (nothing committed; data files are orphans). */
int  store_write_commit(StoreWrite *w, const char *operation, int64_t *version, char **err);
void store_write_free(StoreWrite *w);  // after commit, or to abandon the write

/* Schema change: commit a new metaData whose schema is the current one plus new
 * nullable columns at the end (new_schema must extend the old one). 0 ok. */
int store_add_columns(StoreTable *t, const Schema *new_schema, int64_t *version, char **err);

/* ---- History and maintenance ---- */

typedef struct {
    int64_t version;
    int64_t timestamp;     // ms, -1 unknown
    char   *operation;     // "WRITE", ...; "" when the commit has no commitInfo
    char   *params_json;   // operationParameters as JSON object text ("{}" if none)
    char   *metrics_json;  // operationMetrics as JSON object text ("{}" if none)
} StoreHistoryEntry;

/* Commits present in the log, newest first (DESCRIBE HISTORY). Free with
 * store_history_free. 0 ok. */
int  store_history(const char *path, StoreHistoryEntry **out, uint32_t *n, char **err);
void store_history_free(StoreHistoryEntry *h, uint32_t n);

/* Delete data files that the latest snapshot does not reference and whose
 * modification time is older than retention_ms. Never touches _delta_log or
 * hidden/underscore files and folders. Sets *ndeleted. 0 ok. */
int store_vacuum(const char *path, int64_t retention_ms, uint32_t *ndeleted, char **err);

#endif
