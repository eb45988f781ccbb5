/* Listing of a table's _delta_log folder: the JSON commit versions (sorted) and
 * the checkpoints found, each with its parts. Internal to the delta module. */
#ifndef SLUICE_DELTA_LOG_H
#define SLUICE_DELTA_LOG_H

#include "delta.h"

typedef struct {
    int64_t  version;
    uint32_t nparts;  // 1 for a classic checkpoint
    uint32_t nfound;  // complete when nfound == nparts
    char   **names;   // nparts file names (NULL where missing), malloc'd
} DeltaCheckpointRef;

typedef struct {
    VEC(int64_t) commits;                  // sorted ascending
    VEC(DeltaCheckpointRef) checkpoints;   // unordered
} DeltaLogListing;

int  delta_log_list(const char *table, DeltaLogListing *out, char **err);
void delta_log_listing_free(DeltaLogListing *l);
bool delta_log_has_commit(const DeltaLogListing *l, int64_t v);

#endif
