/* The Delta Lake transaction log (storage-format.md section 7): log actions,
 * snapshot replay, atomic put-if-absent commits with optimistic concurrency,
 * schemaString and add.stats, checkpoints. The store API (store.h) is built on
 * this; nothing else should need it. Errors are malloc'd messages. */
#ifndef SLUICE_DELTA_H
#define SLUICE_DELTA_H

#include "arena.h"
#include "batch.h"
#include "hashmap.h"
#include "parquet.h"
#include "str.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- Actions (7.2); strings live in the arena of whoever parsed or built them. ---- */

typedef struct {
    const char  *path;       // as written in the log (URI-encoded, relative)
    uint32_t     npart;      // partitionValues entries
    const char **part_keys;
    const char **part_vals;  // NULL entry: null value
    int64_t      size;       // exact bytes
    int64_t      mod_time;   // ms
    bool         data_change;
    const char  *stats;      // add.stats JSON text, or NULL
} DeltaAdd;

typedef struct {
    const char *path;
    int64_t     deletion_ts;  // ms
    int64_t     size;         // -1 unknown
    bool        data_change;
} DeltaRemove;

typedef struct {
    int          min_reader, min_writer;
    uint32_t     nreader_features, nwriter_features;
    const char **reader_features;
    const char **writer_features;
} DeltaProtocol;

typedef struct {
    const char  *id;             // UUID
    const char  *name;           // or NULL
    const char  *description;    // or NULL
    const char  *schema_string;  // StructType JSON (7.3)
    uint32_t     npartition;
    const char **partition_cols;
    uint32_t     nconf;
    const char **conf_keys;
    const char **conf_vals;
    int64_t      created_time;   // ms, -1 unknown
} DeltaMeta;

typedef struct {
    const char *app_id;
    int64_t     version;
    int64_t     last_updated;  // ms, -1 unknown
} DeltaTxn;

typedef struct {
    int64_t     timestamp;     // ms, -1 unknown
    const char *operation;     // or NULL
    const char *params_json;   // operationParameters as compact JSON text, or NULL
    const char *metrics_json;  // operationMetrics as compact JSON text, or NULL
    bool        is_blind_append;
} DeltaCommitInfo;

typedef enum {
    DA_ADD,          // add
    DA_REMOVE,       // remove
    DA_META,         // metaData
    DA_PROTOCOL,     // protocol
    DA_TXN,          // txn
    DA_COMMIT_INFO,  // commitInfo
    DA_OTHER,        // cdc, domainMetadata, unknown: ignored
} DeltaActionKind;

typedef struct {
    DeltaActionKind kind;
    union {
        DeltaAdd        add;
        DeltaRemove     remove;
        DeltaMeta       meta;
        DeltaProtocol   proto;
        DeltaTxn        txn;
        DeltaCommitInfo info;
    } u;
} DeltaAction;

/* Parse a commit file (newline-delimited JSON). `what` names it in errors
 * ("_delta_log/00000000000000000003.json (version 3)"). 0 ok, -1 with *err. */
int delta_parse_actions(Arena *a, const char *text, size_t len, const char *what,
                        DeltaAction **out, uint32_t *n, char **err);
/* Serialize one action as a log line (no newline). */
void delta_write_action(StrBuf *b, const DeltaAction *act);

/* ---- Schema (7.3) ---- */

/* Spark StructType JSON for a schema (types must be representable; nested allowed). */
void delta_schema_to_json(const Schema *s, StrBuf *out);
/* Parse schemaString into out (initialized by the caller, types in its arena). */
int  delta_schema_parse(const char *json, Schema *out, char **err);

/* ---- Stats (7.4) ---- */

/* add.stats JSON text for a written file, columns named by schema. */
void delta_stats_json(const Schema *s, const PqFileStats *st, StrBuf *out);
/* numRecords from stats text; -1 when absent or unparsable. */
int64_t delta_stats_num_records(const char *stats);
/* False only when the stats prove that no row of the file satisfies the conjunction
 * (preds[i].col indexes schema). Missing or malformed stats never exclude a file. */
bool delta_stats_may_match(const char *stats, const Schema *s, const PqPred *preds,
                           uint32_t npred);

/* A partition value (7.5) as a Datum of type t; strings point into s. NULL (is_null)
 * for a NULL or empty value. False when s does not parse as t. */
bool delta_partition_datum(const char *s, Type t, Datum *out);

/* ---- Snapshots (7.6) ---- */

typedef struct {
    Arena          arena;
    char          *table;         // table folder (malloc'd copy)
    int64_t        version;
    int64_t        timestamp;     // ms: commitInfo timestamp or file time of the version
    DeltaProtocol  proto;
    DeltaMeta      meta;
    Schema         schema;
    DeltaAdd     **files;         // live files in log order
    uint32_t       nfiles;
    DeltaRemove  **tombstones;    // removes not re-added
    uint32_t       ntombstones;
    HashMap        txns;          // appId -> DeltaTxn*
    int64_t        checkpoint;    // version of the checkpoint it started from, or -1
} DeltaSnapshot;

/* Load the snapshot at version (-1: latest). Refuses unsupported protocol features
 * naming them. 0 ok; -1 with *err. */
int  delta_snapshot_load(const char *table, int64_t version, DeltaSnapshot *out, char **err);
void delta_snapshot_free(DeltaSnapshot *s);
const char *delta_snapshot_conf(const DeltaSnapshot *s, const char *key);  // NULL if unset
int64_t     delta_snapshot_txn(const DeltaSnapshot *s, const char *app_id); // -1 if none
/* Refuse writing when the protocol needs writer features we lack, or when the
 * commit removes data from a delta.appendOnly table. 0 ok. */
int  delta_check_writable(const DeltaSnapshot *s, bool removes_data, char **err);
/* Versions present in _delta_log as JSON commits: [*first, *last]; -1/-1 if none. */
int  delta_log_range(const char *table, int64_t *first, int64_t *last, char **err);
/* Path of a commit file: "<table>/_delta_log/<20 digits>.json" (malloc'd). */
char *delta_commit_path(const char *table, int64_t version);

/* ---- Commits (7.7) ---- */

typedef struct {
    const char          *operation;        // "WRITE", "CREATE TABLE", "STREAMING UPDATE", ...
    const char          *params_json;      // operationParameters object text, or NULL ("{}")
    const char          *metrics_json;     // operationMetrics object text, or NULL
    bool                 is_blind_append;  // adds only: retried on a lost race
    const DeltaProtocol *proto;            // table creation, else NULL
    const DeltaMeta     *meta;             // creation or schema change, else NULL
    const char          *txn_app;          // streaming idempotence, or NULL
    int64_t              txn_version;
    const DeltaRemove   *removes;
    uint32_t             nremoves;
    const DeltaAdd      *adds;
    uint32_t             nadds;
    int                  checkpoint_interval;  // delta.checkpointInterval; 0: 10
} DeltaCommit;

typedef enum {
    DC_OK,              // committed as *version
    DC_ALREADY,         // a txn for txn_app >= txn_version already exists: nothing written
    DC_ERROR,           // failed; *err says why
} DeltaCommitStatus;

/* Commit on top of read_version (-1: creating the table). Retries blind appends
 * after lost races, up to 16 times. Honours SLUICE_CRASH_AT=before_commit/after_commit.
 * Writes a checkpoint when the version is a multiple of the checkpoint interval. */
DeltaCommitStatus delta_commit(const char *table, int64_t read_version, const DeltaCommit *c,
                               int64_t *version, char **err);
/* The commit file content for c (commitInfo first), for tests and tools. */
void delta_commit_text(const DeltaCommit *c, int64_t now_ms, StrBuf *out);

/* ---- Checkpoints (7.9) ---- */

/* Write <version>.checkpoint.parquet for snapshot s and update _last_checkpoint. */
int delta_checkpoint_write(const DeltaSnapshot *s, char **err);
/* Load the actions of a checkpoint (all parts) into out. */
int delta_checkpoint_read(Arena *a, const char *const *paths, uint32_t nparts,
                          DeltaAction **out, uint32_t *n, char **err);

/* ---- Utilities (delta_util.c) ---- */

void    delta_uuid(char out[37]);           // random v4 UUID
int64_t delta_now_ms(void);
/* abort() when SLUICE_CRASH_AT names this point (crash tests). */
void    delta_crash_point(const char *name);
int     delta_fsync_path(const char *path, bool is_dir);  // 0 ok, -1 errno
char   *delta_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));  // malloc'd
/* Decode %XX escapes of an add.path into a malloc'd file path under table. */
char   *delta_file_path(const char *table, const char *log_path);
/* Percent-encode a relative file name for add.path (RFC 2396 unreserved kept). */
void    delta_encode_path(StrBuf *b, const char *name);

#endif
