/* libFuzzer target for the Parquet reader: the input bytes become a file that
 * is opened and read in full (every column, every row group). Build:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icommon -Iruntime -Iruntime/store \
 *     tests/fuzz/fuzz_parquet.c runtime/store/{thrift,compress,pq_*,parquet_*}.c \
 *     common/{arena,str,types}.c runtime/batch.c -lzstd -lsnappy -lz -llz4 -lm
 * Seeds and crashers (kept as regression inputs) live in tests/fuzz/corpus/parquet/. */
#include "parquet.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/fuzz_parquet_%d.parquet", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    char *err = NULL;
    PqReader *r = pq_open(path, &err);
    if (!r) {
        free(err);
        return 0;
    }
    const Schema *s = pq_schema(r);
    Type types[256];
    uint32_t n = s->ncols < 256 ? s->ncols : 256;
    int cols[256];
    for (uint32_t i = 0; i < n; i++) types[i] = s->cols[i].type, cols[i] = (int)i;
    if (pq_select(r, cols, n, NULL, 0, &err) == 0) {
        Batch *b = batch_new(types, n);
        int rc;
        while ((rc = pq_next(r, b, &err)) == 1) {
        }
        if (rc < 0) free(err);
        batch_free(b);
    } else {
        free(err);
    }
    pq_close(r);
    return 0;
}
