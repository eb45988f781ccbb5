/* Parquet speed driver: writes a 1 M-row, 8-column table (ints, doubles,
 * strings, dates) with snappy, then reads it back, printing the milliseconds of
 * each as JSON. bench/parquet_bench.sh runs it beside DuckDB on the same data.
 *   parquet_bench OUT.parquet [ROWS] [read-only FILE] */
#include "parquet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of the process: steadier than wall time on a shared machine. */
static double cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double last_cpu;

static const char *names[8] = {"id", "a", "b", "x", "y", "s", "t", "d"};
static const TypeId ids[8] = {TY_BIGINT, TY_INT,    TY_BIGINT, TY_DOUBLE,
                              TY_DOUBLE, TY_STRING, TY_STRING, TY_DATE};

static void fill(Batch *bt, int64_t i0, uint32_t n) {
    char buf[64];
    for (uint32_t k = 0; k < n; k++) {
        int64_t i = i0 + k;
        ((int64_t *)bt->cols[0].data)[k] = i;
        ((int32_t *)bt->cols[1].data)[k] = (int32_t)((i * 7919) % 1000003);
        ((int64_t *)bt->cols[2].data)[k] = (i * 2654435761ll) % 4294967296ll;
        ((double *)bt->cols[3].data)[k] = (double)i * 0.5;
        ((double *)bt->cols[4].data)[k] = (double)((i * 31) % 10007) / 7.0;
        int len = snprintf(buf, sizeof buf, "name_%lld", (long long)(i % 1000));
        ((Str *)bt->cols[5].data)[k] = batch_str(bt, buf, (uint32_t)len);
        len = snprintf(buf, sizeof buf, "item-%lld-%lld", (long long)i, (long long)(i * 13 % 97));
        ((Str *)bt->cols[6].data)[k] = batch_str(bt, buf, (uint32_t)len);
        ((int32_t *)bt->cols[7].data)[k] = (int32_t)(10957 + i % 10000);
    }
    bt->nrows = n;
}

static double read_file_ms(const char *path, int64_t *rows, double *check) {
    char *err = NULL;
    double t0 = now_ms(), c0 = cpu_ms();
    PqReader *r = pq_open(path, &err);
    if (!r) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    const Schema *s = pq_schema(r);
    Type t[64];
    for (uint32_t c = 0; c < s->ncols && c < 64; c++) t[c] = s->cols[c].type;
    Batch *b = batch_new(t, s->ncols);
    int rc;
    *rows = 0;
    *check = 0;
    while ((rc = pq_next(r, b, &err)) == 1) {
        *rows += b->nrows;
        *check += ((double *)b->cols[3].data)[b->nrows - 1];
    }
    if (rc < 0) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    double ms = now_ms() - t0;
    last_cpu = cpu_ms() - c0;
    batch_free(b);
    pq_close(r);
    return ms;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: parquet_bench OUT.parquet [ROWS] [FILE-TO-READ]\n");
        return 2;
    }
    int64_t rows = argc > 2 ? atoll(argv[2]) : 1000000;
    Schema s;
    schema_init(&s);
    Type types[8];
    for (int c = 0; c < 8; c++) {
        types[c] = TYPE(ids[c]);
        schema_add(&s, names[c], types[c], true);
    }
    uint32_t nb = (uint32_t)((rows + BATCH_ROWS - 1) / BATCH_ROWS);
    Batch **batches = calloc(nb + 1, sizeof *batches);
    for (uint32_t k = 0; k < nb; k++) {
        batches[k] = batch_new(types, 8);
        int64_t i0 = (int64_t)k * BATCH_ROWS;
        fill(batches[k], i0, (uint32_t)(rows - i0 < BATCH_ROWS ? rows - i0 : BATCH_ROWS));
    }
    unlink(argv[1]);
    char *err = NULL;
    double t0 = now_ms(), c0 = cpu_ms();
    PqWriter *w = pq_writer_open(argv[1], &s, NULL, &err);
    if (!w) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    for (uint32_t k = 0; k < nb; k++)
        if (pq_writer_write(w, batches[k], &err) < 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
    PqFileStats st;
    if (pq_writer_finish(w, &st, &err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    double wms = now_ms() - t0, wcpu = cpu_ms() - c0;
    int64_t size = st.file_size;
    pq_writer_free(w);
    int64_t got;
    double check;
    double rms = read_file_ms(argv[1], &got, &check);
    printf("{\"write_ms\": %.1f, \"read_ms\": %.1f, \"write_cpu_ms\": %.1f, \"read_cpu_ms\": %.1f, "
           "\"rows\": %lld, \"bytes\": %lld}\n",
           wms, rms, wcpu, last_cpu, (long long)got, (long long)size);
    if (argc > 3) {
        double dms = read_file_ms(argv[3], &got, &check);
        printf("{\"read_other_ms\": %.1f, \"read_other_cpu_ms\": %.1f, \"rows\": %lld}\n", dms,
               last_cpu, (long long)got);
    }
    for (uint32_t k = 0; k < nb; k++) batch_free(batches[k]);
    free(batches);
    schema_free(&s);
    return 0;
}
