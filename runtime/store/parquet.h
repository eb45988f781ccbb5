/* Parquet data files: a writer from column batches and a reader into column
 * batches, for flat columns, ARRAY (of arrays) and MAP columns of primitive types
 * (3-level LIST / MAP groups; storage-format.md sections 1-6). The Delta log
 * (delta.h) and the store API (store.h) sit on top; the engine never calls this
 * directly. Errors come back as a malloc'd message naming the file. */
#ifndef SLUICE_PARQUET_H
#define SLUICE_PARQUET_H

#include "batch.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    PQ_CODEC_UNCOMPRESSED = 0,
    PQ_CODEC_SNAPPY = 1,
    PQ_CODEC_GZIP = 2,
    PQ_CODEC_ZSTD = 6,
    PQ_CODEC_LZ4_RAW = 7,
} PqCodec;

/* Parse "snappy", "zstd", "gzip", "lz4_raw", "uncompressed"/"none" (case-insensitive). */
bool pq_codec_parse(const char *name, PqCodec *out);
const char *pq_codec_name(PqCodec c);  // lower case, as used in file names ("snappy")

typedef struct {
    PqCodec  codec;           // SNAPPY when opts is NULL (a zeroed struct means UNCOMPRESSED)
    uint32_t row_group_rows;  // 0: default (1 Mi rows); rows per row group at most
    uint32_t page_rows;       // 0: default (20 000); rows per data page at most
    bool     no_dictionary;   // force PLAIN
} PqWriteOpts;

/* Per-column statistics of a written file, for Delta `add.stats`. */
typedef struct {
    int64_t null_count;
    bool    has_minmax;  // false: all NULL, NaN seen, or type without stats
    Datum   min, max;    // Str bytes point into the writer's stats arena (valid until free)
} PqColStats;

typedef struct {
    int64_t     num_rows;
    int64_t     file_size;  // exact bytes on disk
    uint32_t    ncols;
    PqColStats *cols;       // ncols entries
} PqFileStats;

typedef struct PqWriter PqWriter;

/* Create path (must not exist) for the columns of schema. */
PqWriter *pq_writer_open(const char *path, const Schema *schema, const PqWriteOpts *opts,
                         char **err);
/* Append the live rows of b (honours b->sel); b's column types match the schema. 0 ok, -1 error. */
int pq_writer_write(PqWriter *w, const Batch *b, char **err);
/* Flush, write the footer, fsync, close. Fills stats (valid until pq_writer_free). 0 ok. */
int pq_writer_finish(PqWriter *w, PqFileStats *stats, char **err);
/* Free the writer; if it was not finished, delete the partial file. */
void pq_writer_free(PqWriter *w);

/* A simple predicate for row-group skipping: column <op> value. */
typedef enum { PQ_EQ, PQ_LT, PQ_LE, PQ_GT, PQ_GE, PQ_IS_NULL, PQ_NOT_NULL } PqOp;
typedef struct {
    int   col;    // index into the file's schema
    PqOp  op;
    Datum value;  // ignored for IS NULL / NOT NULL
} PqPred;

typedef struct PqReader PqReader;

/* Open a file and decode its footer. NULL and *err on failure. */
PqReader *pq_open(const char *path, char **err);
const Schema *pq_schema(const PqReader *r);  // top-level columns, engine types
int64_t pq_num_rows(const PqReader *r);
uint32_t pq_num_row_groups(const PqReader *r);
/* Choose columns (indexes into pq_schema; NULL = all) and a conjunction of predicates
 * used to skip row groups (rows of kept groups are NOT filtered). Resets the cursor. */
int pq_select(PqReader *r, const int *cols, uint32_t ncols, const PqPred *preds, uint32_t npred,
              char **err);
/* Read only the row groups whose middle byte lies in [offset, offset + length) (length -1:
 * to the end), as Spark assigns row groups to file splits: byte ranges that cover a file
 * read every row group exactly once, so one file can be read by several threads. */
void pq_set_byte_range(PqReader *r, int64_t offset, int64_t length);
int64_t pq_num_rows_in_range(const PqReader *r);  // rows of the row groups in that range
/* Fill out (created with the selected columns' types, in selection order) with up to
 * BATCH_ROWS rows. Returns 1 when rows were produced, 0 at the end, -1 on error.
 * A batch never spans two row groups. String bytes are copied into out's heap, so the
 * batch stays valid until the caller resets it (pq_next resets it first). */
int pq_next(PqReader *r, Batch *out, char **err);
void pq_close(PqReader *r);

#endif
