/* Morsel-parallel file reading: worker threads read byte ranges (morsels) of
 * line-delimited files and hand full batches to one consumer through a small bounded
 * queue. Used by the file scan (rt_scan.c) when an input is big; row order across the
 * scan is not kept (the executor does not need it). */
#ifndef SLUICE_RT_PARSCAN_H
#define SLUICE_RT_PARSCAN_H

#include "filesrc.h"

#include <stdint.h>

typedef struct ParScan ParScan;

/* Start nthreads workers over files (borrowed, like fmt/opts/schema/cols, until
 * parscan_close). Splittable files (Parquet, by row groups; JSON/CSV without multiLine,
 * text without wholetext, not gzip) are cut into morsel_bytes ranges (Parquet: at most
 * 1 MB); others are one morsel each. types/ntypes:
 * the projected columns' types (the batches' shape). NULL if no thread could start. */
ParScan *parscan_start(const SrcFileList *files, SrcFormat fmt, const SrcOpts *opts,
                       const Schema *schema, const int *cols, uint32_t ncols,
                       const Type *types, int nthreads, int64_t morsel_bytes);
/* 1 with a batch (borrowed until the next call or parscan_close), 0 at the end, -1 with
 * *err: the first worker error, reported once (later calls say the scan stopped). */
int      parscan_next(ParScan *ps, Batch **out, char **err);

/* Another reader of byte ranges (a Delta table's data files through the store): opened
 * per morsel on a worker thread with the file's index in the list; files are split like
 * Parquet (by row groups). The callbacks must be safe to call from several threads. */
typedef struct {
    void *(*open)(void *ud, uint32_t file, int64_t offset, int64_t length, char **err);
    int   (*next)(void *reader, Batch *out, char **err);  // filesrc_next's contract
    void  (*close)(void *reader);
    void  *ud;
} ParReaderOps;
ParScan *parscan_start_ops(const SrcFileList *files, const ParReaderOps *ops, const Type *types,
                           uint32_t ncols, int nthreads, int64_t morsel_bytes);
/* One part of a scan split between nparts threads that each run their own operators
 * (parallel aggregation): no workers; parscan_next on the calling thread reads morsels
 * part, part + nparts, ... (through ops when not NULL, else filesrc). */
ParScan *parscan_open_part(const SrcFileList *files, SrcFormat fmt, const SrcOpts *opts,
                           const Schema *schema, const int *cols, uint32_t ncols,
                           const Type *types, const ParReaderOps *ops, int part, int nparts,
                           int64_t morsel_bytes);
uint32_t parscan_files_started(const ParScan *ps);  // files whose first morsel opened
uint32_t parscan_files_done(const ParScan *ps);     // files all of whose morsels are read
/* Stops the workers (an early close, e.g. LIMIT, is fine), joins them, frees all. */
void     parscan_close(ParScan *ps);

/* Worker threads wanted for a scan of total_bytes: SLUICE_SCAN_THREADS if set (1 turns
 * parallel reading off), else 2 when the input is over 16 MB, else 1. */
int      parscan_threads_for(double total_bytes);

#endif
