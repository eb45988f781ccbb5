/* Unit tests for morsel-parallel file reading (rt_parscan): tiny morsels so records
 * straddle every kind of boundary, totals equal to a plain sequential read for JSON, CSV
 * with a header and text; an early close; a worker error reported exactly once. */
#include "test.h"

#include "parquet.h"
#include "rt_parscan.h"
#include "str.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static char t_dir[256];

static void put_file(const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", t_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

typedef struct {
    int64_t rows, sum, bytes;  // rows, sum of column 0, total length of column 1
} Totals;

static void add_batch(Totals *t, const Batch *b) {
    for (uint32_t i = 0; i < b->nrows; i++, t->rows++) {
        if (!vec_is_null(&b->cols[0], i)) t->sum += ((int64_t *)b->cols[0].data)[i];
        if (b->ncols > 1 && !vec_is_null(&b->cols[1], i))
            t->bytes += ((Str *)b->cols[1].data)[i].len;
    }
}

/* The reference: every file read whole on this thread. */
static Totals read_seq(const SrcFileList *l, SrcFormat fmt, const SrcOpts *o, const Schema *s) {
    Totals t = {0};
    for (uint32_t f = 0; f < l->n; f++) {
        char *err = NULL;
        FileReader *r = filesrc_open(&l->items[f], fmt, o, s, NULL, 0, &err);
        if (!r) {
            free(err);
            t.rows = -1;
            return t;
        }
        Batch *b = filesrc_batch_new(r);
        while (filesrc_next(r, b, &err) > 0) add_batch(&t, b);
        free(err);
        batch_free(b);
        filesrc_close(r);
    }
    return t;
}

static Totals read_par(const SrcFileList *l, SrcFormat fmt, const SrcOpts *o, const Schema *s,
                       int threads, int64_t morsel) {
    Totals t = {0};
    Type types[4];
    for (uint32_t i = 0; i < s->ncols && i < 4; i++) types[i] = s->cols[i].type;
    ParScan *ps = parscan_start(l, fmt, o, s, NULL, s->ncols, types, threads, morsel);
    if (!ps) {
        t.rows = -1;
        return t;
    }
    Batch *b;
    char *err = NULL;
    int rc;
    while ((rc = parscan_next(ps, &b, &err)) > 0) add_batch(&t, b);
    CHECK(rc == 0);
    CHECK(err == NULL);
    CHECK(parscan_files_started(ps) == l->n);
    CHECK(parscan_files_done(ps) == l->n);
    free(err);
    parscan_close(ps);
    return t;
}

static void list(const char *glob, SrcFileList *out) {
    char path[512], *err = NULL;
    snprintf(path, sizeof path, "%s/%s", t_dir, glob);
    if (filesrc_list(path, NULL, out, &err)) free(err);
}

static Schema ddl(const char *text) {
    Schema s;
    char *err = NULL;
    if (filesrc_parse_ddl(text, &s, &err)) {
        free(err);
        schema_init(&s);
    }
    return s;
}

static void check_same(const SrcFileList *l, SrcFormat fmt, const SrcOpts *o, const Schema *s) {
    Totals want = read_seq(l, fmt, o, s);
    CHECK(want.rows > 0);
    const int64_t morsels[] = {1, 7, 97, 4096, 1 << 20};
    for (int th = 1; th <= 3; th++)
        for (size_t m = 0; m < sizeof morsels / sizeof *morsels; m++) {
            Totals got = read_par(l, fmt, o, s, th, morsels[m]);
            CHECK(got.rows == want.rows && got.sum == want.sum && got.bytes == want.bytes);
            if (got.rows != want.rows || got.sum != want.sum || got.bytes != want.bytes)
                printf("  threads %d morsel %lld: rows %lld/%lld sum %lld/%lld bytes %lld/%lld\n",
                       th, (long long)morsels[m], (long long)got.rows, (long long)want.rows,
                       (long long)got.sum, (long long)want.sum, (long long)got.bytes,
                       (long long)want.bytes);
        }
}

/* Two NDJSON files (one with CRLF line ends and blank lines) plus an empty one. */
static void json_equals_sequential(void) {
    StrBuf a = {0}, b = {0};
    const char *letters = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";
    for (int i = 1; i <= 3000; i++)
        sb_printf(&a, "{\"id\": %d, \"s\": \"%.*s\\n\\\"\"}\n", i, i % 40, letters);
    for (int i = 1; i <= 700; i++)
        sb_printf(&b, "{\"id\":%d,\"s\":\"\xc3\xa9%d\"}\r\n%s", -i, i, i % 9 ? "" : "\r\n");
    put_file("j1.json", a.ptr);
    put_file("j2.json", b.ptr);
    put_file("j3.json", "");
    sb_free(&a);
    sb_free(&b);
    SrcFileList l = {0};
    list("j*.json", &l);
    CHECK(l.n == 3);
    Schema s = ddl("id BIGINT, s STRING");
    Totals t = read_seq(&l, SRC_JSON, NULL, &s);
    CHECK(t.rows == 3700);
    CHECK(t.sum == 3000 * 3001 / 2 - 700 * 701 / 2);
    check_same(&l, SRC_JSON, NULL, &s);
    schema_free(&s);
    filesrc_list_free(&l);
}

static void csv_header_equals_sequential(void) {
    StrBuf a = {0};
    sb_printf(&a, "id,s\n");
    for (int i = 1; i <= 2000; i++) sb_printf(&a, "%d,\"q%d\"\"x\"\n", i, i);
    put_file("c1.csv", a.ptr);
    sb_free(&a);
    SrcFileList l = {0};
    list("c1.csv", &l);
    SrcOpts o = {0};
    filesrc_opts_set(&o, "header", "true");
    Schema s = ddl("id BIGINT, s STRING");
    Totals t = read_seq(&l, SRC_CSV, &o, &s);
    CHECK(t.rows == 2000 && t.sum == 2000 * 2001 / 2);
    check_same(&l, SRC_CSV, &o, &s);
    filesrc_opts_free(&o);
    schema_free(&s);
    filesrc_list_free(&l);
}

/* multiLine JSON is not splittable: one morsel per file, still every record once. */
static void multiline_one_morsel(void) {
    put_file("m1.json", "[{\"id\": 1, \"s\": \"ab\"},\n {\"id\": 2,\n \"s\": \"c\"}]\n");
    SrcFileList l = {0};
    list("m1.json", &l);
    SrcOpts o = {0};
    filesrc_opts_set(&o, "multiLine", "true");
    Schema s = ddl("id BIGINT, s STRING");
    Totals t = read_par(&l, SRC_JSON, &o, &s, 2, 5);
    CHECK(t.rows == 2 && t.sum == 3 && t.bytes == 3);
    filesrc_opts_free(&o);
    schema_free(&s);
    filesrc_list_free(&l);
}

/* Closing after one batch (LIMIT) stops workers blocked on a full queue. */
static void early_close(void) {
    SrcFileList l = {0};
    list("j1.json", &l);
    Schema s = ddl("id BIGINT, s STRING");
    Type types[2] = {s.cols[0].type, s.cols[1].type};
    for (int round = 0; round < 20; round++) {
        ParScan *ps = parscan_start(&l, SRC_JSON, NULL, &s, NULL, 2, types, 2, 50);
        CHECK(ps != NULL);
        if (!ps) break;
        Batch *b;
        char *err = NULL;
        if (round % 2) CHECK(parscan_next(ps, &b, &err) == 1 && b->nrows > 0);
        else usleep(1000);  // let the workers fill the queue first
        free(err);
        parscan_close(ps);
    }
    schema_free(&s);
    filesrc_list_free(&l);
}

/* A malformed record in FAILFAST mode: -1 with that error once, then a generic error. */
static void error_reported_once(void) {
    StrBuf a = {0};
    for (int i = 1; i <= 5000; i++) sb_printf(&a, "{\"id\": %d, \"s\": \"x\"}\n", i);
    sb_printf(&a, "{\"id\": oops\n");
    for (int i = 1; i <= 5000; i++) sb_printf(&a, "{\"id\": %d, \"s\": \"y\"}\n", i);
    put_file("bad.json", a.ptr);
    sb_free(&a);
    SrcFileList l = {0};
    list("bad.json", &l);
    SrcOpts o = {0};
    filesrc_opts_set(&o, "mode", "FAILFAST");
    Schema s = ddl("id BIGINT, s STRING");
    Type types[2] = {s.cols[0].type, s.cols[1].type};
    ParScan *ps = parscan_start(&l, SRC_JSON, &o, &s, NULL, 2, types, 2, 1000);
    CHECK(ps != NULL);
    if (ps) {
        Batch *b;
        char *err = NULL;
        int rc;
        while ((rc = parscan_next(ps, &b, &err)) > 0) {}
        CHECK(rc == -1);
        CHECK(err && strstr(err, "bad.json:5001: error: malformed JSON record"));
        free(err);
        err = NULL;
        CHECK(parscan_next(ps, &b, &err) == -1);
        CHECK_STR(err, "file scan stopped after an earlier error");
        free(err);
        parscan_close(ps);
    }
    filesrc_opts_free(&o);
    schema_free(&s);
    filesrc_list_free(&l);
}

/* A Parquet file of 7 row groups and a second one: byte-range morsels of every size pick
 * each row group exactly once (by its middle byte). */
static void parquet_row_groups_split(void) {
    Schema s = ddl("id BIGINT, s STRING");
    const char *names[2] = {"p1.parquet", "p2.parquet"};
    for (int f = 0; f < 2; f++) {
        char path[512], *err = NULL;
        snprintf(path, sizeof path, "%s/%s", t_dir, names[f]);
        PqWriteOpts o = {.codec = PQ_CODEC_SNAPPY, .row_group_rows = 500, .page_rows = 128};
        PqWriter *w = pq_writer_open(path, &s, &o, &err);
        CHECK(w != NULL);
        if (!w) return;
        Type ts[2] = {TYPE(TY_BIGINT), TYPE(TY_STRING)};
        Batch *b = batch_new(ts, 2);
        char buf[32];
        for (int i = 0; i < 3300; i++) {
            uint32_t k = b->nrows++;
            ((int64_t *)b->cols[0].data)[k] = f ? -i : i;
            int n = snprintf(buf, sizeof buf, "v%d", i % 37);
            ((Str *)b->cols[1].data)[k] = batch_str(b, buf, (uint32_t)n);
            if (b->nrows == 1000 || i == 3299) {
                CHECK(pq_writer_write(w, b, &err) == 0);
                batch_reset(b);
            }
        }
        PqFileStats st;
        CHECK(pq_writer_finish(w, &st, &err) == 0);
        pq_writer_free(w);
        batch_free(b);
        free(err);
    }
    SrcFileList l = {0};
    list("p*.parquet", &l);
    CHECK(l.n == 2);
    Totals t = read_seq(&l, SRC_PARQUET, NULL, &s);
    CHECK(t.rows == 6600);
    CHECK(t.sum == 0);
    check_same(&l, SRC_PARQUET, NULL, &s);
    schema_free(&s);
    filesrc_list_free(&l);
}

static void threads_setting(void) {
    setenv("SLUICE_SCAN_THREADS", "3", 1);
    CHECK(parscan_threads_for(10) == 3);
    setenv("SLUICE_SCAN_THREADS", "1", 1);
    CHECK(parscan_threads_for(1e9) == 1);
    unsetenv("SLUICE_SCAN_THREADS");
    CHECK(parscan_threads_for(1e6) == 1);  // small inputs stay on one thread
}

int main(void) {
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(t_dir, sizeof t_dir, "%s/sluice-parscan-XXXXXX", tmp);
    if (!mkdtemp(t_dir)) return 1;
    RUN(json_equals_sequential);
    RUN(csv_header_equals_sequential);
    RUN(multiline_one_morsel);
    RUN(early_close);
    RUN(error_reported_once);
    RUN(parquet_row_groups_split);
    RUN(threads_setting);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t_dir);
    if (system(cmd)) return 1;
    return test_summary();
}
