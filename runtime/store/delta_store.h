/* Internals shared by the store API's files (store.c, delta_scan.c,
 * delta_write.c): what a StoreTable holds. Not for use outside the store. */
#ifndef SLUICE_DELTA_STORE_H
#define SLUICE_DELTA_STORE_H

#include "delta.h"
#include "store.h"

struct StoreTable {
    DeltaSnapshot snap;
};

/* Replace t's snapshot by the one at version (-1 latest). 0 ok. */
int store_reload(StoreTable *t, int64_t version, char **err);

#endif
