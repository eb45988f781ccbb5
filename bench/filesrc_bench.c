/* File-source speed driver: infers the schema of a JSON or CSV file, then reads it all
 * (optionally split into byte ranges read by several threads), computing count, the sums
 * of integer columns and the max of string columns so no work can be skipped. Prints
 * JSON with the milliseconds. bench/filesrc_bench.sh runs it beside DuckDB.
 *   filesrc_bench FILE json|csv [THREADS [SCHEMA-DDL]] */
#include "filesrc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

typedef struct {
    const SrcFile *file;
    SrcFormat      fmt;
    const SrcOpts *opts;
    const Schema  *schema;
    int64_t        off, len;
    int64_t        rows, isum;
    char           smax[64];
    int            rc;
} Job;

static void *run(void *arg) {
    Job *j = arg;
    char *err = NULL;
    FileReader *r = filesrc_open_range(j->file, j->off, j->len, j->fmt, j->opts, j->schema,
                                       NULL, 0, &err);
    if (!r) {
        fprintf(stderr, "%s\n", err);
        free(err);
        j->rc = -1;
        return NULL;
    }
    Batch *b = filesrc_batch_new(r);
    int rc;
    while ((rc = filesrc_next(r, b, &err)) > 0) {
        j->rows += b->nrows;
        for (uint32_t c = 0; c < b->ncols; c++) {
            Vec *v = &b->cols[c];
            for (uint32_t i = 0; i < b->nrows; i++) {
                if (vec_is_null(v, i)) continue;
                if (v->type.id == TY_BIGINT) j->isum += ((int64_t *)v->data)[i];
                else if (v->type.id == TY_INT) j->isum += ((int32_t *)v->data)[i];
                else if (v->type.id == TY_STRING) {
                    Str s = ((Str *)v->data)[i];
                    size_t n = s.len < 63 ? s.len : 63;
                    if (memcmp(s.ptr, j->smax, n) > 0 || (memcmp(s.ptr, j->smax, n) == 0 &&
                                                         n > strlen(j->smax))) {
                        memcpy(j->smax, s.ptr, n);
                        j->smax[n] = 0;
                    }
                }
            }
        }
    }
    if (rc < 0) {
        fprintf(stderr, "%s\n", err);
        free(err);
        j->rc = -1;
    }
    batch_free(b);
    filesrc_close(r);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: filesrc_bench FILE json|csv [THREADS]\n");
        return 2;
    }
    SrcFormat fmt = filesrc_format_parse(argv[2]);
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    if (threads < 1 || threads > 64) threads = 1;
    SrcOpts o = {0};
    if (argc > 4) filesrc_opts_set(&o, "schema", argv[4]);
    if (fmt == SRC_CSV) {
        filesrc_opts_set(&o, "header", "true");
        filesrc_opts_set(&o, "inferSchema", "true");
    }
    SrcFileList l = {0};
    char *err = NULL;
    if (filesrc_list(argv[1], &o, &l, &err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    double t0 = now_ms();
    Schema s;
    if (filesrc_infer(&l, fmt, &o, &s, NULL, &err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    double t1 = now_ms();
    Job jobs[64];
    pthread_t tids[64];
    int64_t size = l.items[0].size, part = size / threads + 1;
    for (int i = 0; i < threads; i++) {
        jobs[i] = (Job){.file = &l.items[0], .fmt = fmt, .opts = &o, .schema = &s,
                        .off = i * part, .len = part};
        pthread_create(&tids[i], NULL, run, &jobs[i]);
    }
    int64_t rows = 0, isum = 0;
    char smax[64] = "";
    int rc = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(tids[i], NULL);
        rows += jobs[i].rows, isum += jobs[i].isum;
        if (strcmp(jobs[i].smax, smax) > 0) strcpy(smax, jobs[i].smax);
        rc |= jobs[i].rc;
    }
    double t2 = now_ms();
    printf("{\"infer_ms\": %.0f, \"read_ms\": %.0f, \"rows\": %lld, \"int_sum\": %lld, "
           "\"max_string\": \"%s\", \"columns\": %u}\n",
           t1 - t0, t2 - t1, (long long)rows, (long long)isum, smax, s.ncols);
    schema_free(&s);
    filesrc_list_free(&l);
    filesrc_opts_free(&o);
    return rc ? 1 : 0;
}
