/* Checkpoints (storage-format.md 7.9): placeholder until the nested Parquet
 * reader/writer lands; replay then falls back to the JSON commits. */
#include "delta.h"

int delta_checkpoint_write(const DeltaSnapshot *s, char **err) {
    *err = delta_errorf("%s: writing checkpoints is not supported yet", s->table);
    return -1;
}

int delta_checkpoint_read(Arena *a, const char *const *paths, uint32_t nparts,
                          DeltaAction **out, uint32_t *n, char **err) {
    (void)a, (void)out, (void)n;
    *err = delta_errorf("%s: reading checkpoints is not supported yet",
                        nparts ? paths[0] : "checkpoint");
    return -1;
}
