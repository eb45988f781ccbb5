/* Unit tests for the store API (store.h) end to end through Parquet: round trips
 * of many types with NULLs, empty and one-row tables, many commits, time travel,
 * overwrite, file rolling, codecs, stats skipping, schema evolution, streaming
 * idempotence, crash points (fork + abort), and DuckDB reading our files. */
#include "delta_store.h"
#include "store.h"
#include "test.h"

#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int rm_cb(const char *p, const struct stat *s, int f, struct FTW *w) {
    (void)s, (void)f, (void)w;
    return remove(p);
}

static char *tmp_table(void) {
    char tmpl[] = "/tmp/sluice-store-XXXXXX";
    char *d = mkdtemp(tmpl);
    StrBuf b = {0};
    sb_printf(&b, "%s/t", d ? d : "/tmp");
    return sb_take(&b);
}

static void drop_table(char *t) {
    *strrchr(t, '/') = 0;
    nftw(t, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    free(t);
}

/* ---- A table of many types ---- */

enum { NCOLS = 8 };

static void many_schema(Schema *s) {
    schema_init(s);
    schema_add(s, "id", TYPE(TY_BIGINT), false);
    schema_add(s, "i", TYPE(TY_INT), true);
    schema_add(s, "s", TYPE(TY_STRING), true);
    schema_add(s, "d", TYPE(TY_DOUBLE), true);
    schema_add(s, "b", TYPE(TY_BOOLEAN), true);
    schema_add(s, "dt", TYPE(TY_DATE), true);
    schema_add(s, "ts", TYPE(TY_TIMESTAMP), true);
    schema_add(s, "amt", type_decimal(10, 2), true);
}

static Batch *schema_batch(const Schema *s) {
    Type ty[16];
    for (uint32_t i = 0; i < s->ncols && i < 16; i++) ty[i] = s->cols[i].type;
    return batch_new(ty, s->ncols);
}

/* Row r of the "many" table: id = r, and every 3rd row has NULLs in the others. */
static void fill_many(Batch *b, int64_t first, uint32_t n) {
    batch_reset(b);
    static const char *words[] = {"apple", "", "pear", "a much longer string value here ok"};
    for (uint32_t k = 0; k < n; k++) {
        int64_t r = first + k;
        ((int64_t *)b->cols[0].data)[k] = r;
        if (r % 3 == 2) {
            for (int c = 1; c < NCOLS; c++) vec_set_null(&b->cols[c], k);
            continue;
        }
        ((int32_t *)b->cols[1].data)[k] = (int32_t)(r * 7 - 5);
        const char *w = words[r % 4];
        ((Str *)b->cols[2].data)[k] = batch_str(b, w, (uint32_t)strlen(w));
        ((double *)b->cols[3].data)[k] = (double)r + 0.5;
        ((uint8_t *)b->cols[4].data)[k] = (uint8_t)(r % 2);
        ((int32_t *)b->cols[5].data)[k] = (int32_t)(19723 + r);
        ((int64_t *)b->cols[6].data)[k] = 1704067200000000LL + r * 1000001;
        ((i128 *)b->cols[7].data)[k] = (i128)(r * 12345 - 100);
    }
    b->nrows = n;
}

static void render_value(StrBuf *o, const Vec *v, uint32_t r) {
    if (vec_is_null(v, r)) { sb_puts(o, "NULL"); return; }
    switch (v->type.id) {
    case TY_BIGINT:
    case TY_TIMESTAMP: sb_printf(o, "%lld", (long long)((int64_t *)v->data)[r]); break;
    case TY_INT: case TY_DATE: sb_printf(o, "%d", ((int32_t *)v->data)[r]); break;
    case TY_STRING: {
        Str s = ((Str *)v->data)[r];
        sb_printf(o, "'%.*s'", (int)s.len, s.ptr);
        break;
    }
    case TY_DOUBLE: sb_printf(o, "%g", ((double *)v->data)[r]); break;
    case TY_BOOLEAN: sb_puts(o, ((uint8_t *)v->data)[r] ? "true" : "false"); break;
    case TY_DECIMAL: sb_printf(o, "%lld", (long long)((i128 *)v->data)[r]); break;
    default: sb_puts(o, "?");
    }
}

/* Every row of a scan, "a|b|c\n" per row, in scan order. */
static char *scan_text(StoreTable *t, const int *cols, uint32_t ncols, const StorePred *p,
                       uint32_t np, uint32_t *skipped) {
    char *err = NULL;
    StoreScan *sc = store_scan_open(t, cols, ncols, p, np, &err);
    if (!sc) { printf("  %s\n", err); free(err); return xstrdup("ERROR"); }
    const Schema *s = store_schema(t);
    uint32_t n = cols ? ncols : s->ncols;
    Type ty[16];
    for (uint32_t i = 0; i < n && i < 16; i++) ty[i] = s->cols[cols ? cols[i] : (int)i].type;
    Batch *b = batch_new(ty, n);
    StrBuf o = {0};
    int rc;
    while ((rc = store_scan_next(sc, b, &err)) == 1)
        for (uint32_t k = 0; k < batch_live(b); k++) {
            for (uint32_t c = 0; c < n; c++) {
                if (c) sb_putc(&o, '|');
                render_value(&o, &b->cols[c], batch_row(b, k));
            }
            sb_putc(&o, '\n');
        }
    if (rc < 0) { sb_printf(&o, "ERROR %s", err); free(err); }
    if (skipped) *skipped = store_scan_files_skipped(sc);
    store_scan_close(sc);
    batch_free(b);
    return sb_take(&o);
}

static int create_many(const char *t, const char *codec) {
    Schema s;
    many_schema(&s);
    const char *k[] = {"quality", "delta.parquet.compression.codec"};
    const char *v[] = {"silver", codec};
    StoreCreateOpts o = {.comment = "many types", .nprops = codec ? 2 : 1, .prop_keys = k,
                         .prop_vals = v};
    char *err = NULL;
    int rc = store_create(t, &s, &o, &err);
    if (rc) printf("  create: %s\n", err);
    free(err);
    schema_free(&s);
    return rc;
}

/* Append rows [first, first+n) in one commit; returns the version or -1. */
static int64_t append_rows(const char *t, int64_t first, uint32_t n, StoreMode mode) {
    char *err = NULL;
    StoreTable *st = store_open(t, -1, &err);
    if (!st) { printf("  open: %s\n", err); free(err); return -1; }
    StoreWrite *w = store_write_begin(st, mode, &err);
    Batch *b = schema_batch(store_schema(st));
    int64_t v = -1;
    int rc = w ? 0 : -1;
    for (uint32_t done = 0; rc == 0 && done < n; done += BATCH_ROWS) {
        uint32_t k = n - done > BATCH_ROWS ? BATCH_ROWS : n - done;
        fill_many(b, first + done, k);
        rc = store_write_batch(w, b, &err);
    }
    if (rc == 0) rc = store_write_commit(w, mode == STORE_APPEND ? "WRITE" : "WRITE", &v, &err);
    if (rc != 0) { printf("  write: %s\n", err ? err : "?"); free(err); v = -1; }
    store_write_free(w);
    batch_free(b);
    store_close(st);
    return v;
}

static void test_roundtrip_many_types(void) {
    char *t = tmp_table();
    CHECK(create_many(t, NULL) == 0);
    CHECK(append_rows(t, 0, 5, STORE_APPEND) == 1);
    char *err = NULL;
    StoreTable *st = store_open(t, -1, &err);
    CHECK(st != NULL);
    if (!st) { drop_table(t); return; }
    char *got = scan_text(st, NULL, 0, NULL, 0, NULL);
    CHECK_STR(got,
              "0|-5|'apple'|0.5|false|19723|1704067200000000|-100\n"
              "1|2|''|1.5|true|19724|1704067201000001|12245\n"
              "2|NULL|NULL|NULL|NULL|NULL|NULL|NULL\n"
              "3|16|'a much longer string value here ok'|3.5|true|19726|1704067203000003|36935\n"
              "4|23|'apple'|4.5|false|19727|1704067204000004|49280\n");
    free(got);
    CHECK(store_num_files(st) == 1 && store_num_rows(st) == 5);
    StoreFile f = store_file(st, 0);
    CHECK(f.path && strstr(f.path, "/part-00000-") && str_ends_with(f.path, ".snappy.parquet"));
    struct stat fs;
    CHECK(f.path && stat(f.path, &fs) == 0 && fs.st_size == f.size);
    // Projection, reordered.
    int cols[] = {2, 0};
    got = scan_text(st, cols, 2, NULL, 0, NULL);
    CHECK_STR(got, "'apple'|0\n''|1\nNULL|2\n'a much longer string value here ok'|3\n'apple'|4\n");
    free(got);
    store_close(st);
    drop_table(t);
}

static void test_empty_and_one_row(void) {
    char *t = tmp_table();
    CHECK(create_many(t, NULL) == 0);
    char *err = NULL;
    StoreTable *st = store_open(t, -1, &err);
    char *got = st ? scan_text(st, NULL, 0, NULL, 0, NULL) : NULL;
    CHECK_STR(got, "");
    free(got);
    CHECK(st && store_num_rows(st) == 0);
    store_close(st);
    // A commit with no rows still makes a version, with no files.
    CHECK(append_rows(t, 0, 0, STORE_APPEND) == 1);
    CHECK(append_rows(t, 7, 1, STORE_APPEND) == 2);
    st = store_open(t, -1, &err);
    got = st ? scan_text(st, NULL, 0, NULL, 0, NULL) : NULL;
    CHECK_STR(got, "7|44|'a much longer string value here ok'|7.5|true|19730|1704067207000007|86315\n");
    free(got);
    CHECK(st && store_num_files(st) == 1);
    store_close(st);
    drop_table(t);
}

static int64_t count_rows(const char *t, int64_t version) {
    char *err = NULL;
    StoreTable *st = store_open(t, version, &err);
    if (!st) { free(err); return -1; }
    int cols[] = {0};
    char *txt = scan_text(st, cols, 1, NULL, 0, NULL);
    int64_t n = 0;
    for (char *p = txt; *p; p++) n += *p == '\n';
    if (strstr(txt, "ERROR")) n = -1;
    free(txt);
    store_close(st);
    return n;
}

static void test_many_commits_time_travel_overwrite(void) {
    char *t = tmp_table();
    CHECK(create_many(t, NULL) == 0);
    for (int i = 0; i < 23; i++) CHECK(append_rows(t, i * 10, 10, STORE_APPEND) == i + 1);
    CHECK(count_rows(t, -1) == 230);
    CHECK(count_rows(t, 0) == 0);
    CHECK(count_rows(t, 5) == 50);
    CHECK(count_rows(t, 10) == 100);
    CHECK(count_rows(t, 23) == 230);
    CHECK(count_rows(t, 24) == -1);
    CHECK(append_rows(t, 1000, 3, STORE_OVERWRITE) == 24);
    CHECK(count_rows(t, -1) == 3);
    CHECK(count_rows(t, 23) == 230);  // time travel still sees the old files
    char *err = NULL;
    StoreHistoryEntry *h;
    uint32_t n;
    CHECK(store_history(t, &h, &n, &err) == 0 && n == 25);
    if (n == 25) {
        CHECK(h[0].version == 24 && h[24].version == 0);
        CHECK_STR(h[0].params_json, "{\"mode\":\"Overwrite\",\"partitionBy\":\"[]\"}");
        CHECK(strstr(h[0].metrics_json, "\"numRemovedFiles\":\"23\"") != NULL);
        CHECK(strstr(h[0].metrics_json, "\"numOutputRows\":\"3\"") != NULL);
        CHECK(strstr(h[0].metrics_json, "\"numFiles\":\"1\"") != NULL);
        CHECK_STR(h[1].params_json, "{\"mode\":\"Append\",\"partitionBy\":\"[]\"}");
        CHECK_STR(h[24].operation, "CREATE TABLE");
    }
    store_history_free(h, n);
    // Vacuum keeps the live file, deletes the 23 replaced ones once old enough.
    uint32_t nd = 0;
    CHECK(store_vacuum(t, 3600000, &nd, &err) == 0 && nd == 0);
    usleep(20000);
    CHECK(store_vacuum(t, 0, &nd, &err) == 0 && nd == 23);
    CHECK(count_rows(t, -1) == 3);
    drop_table(t);
}

static void test_rolling_codec_and_skipping(void) {
    char *t = tmp_table();
    CHECK(create_many(t, "zstd") == 0);
    char *err = NULL;
    StoreTable *st = store_open(t, -1, &err);
    StoreWrite *w = st ? store_write_begin(st, STORE_APPEND, &err) : NULL;
    CHECK(w != NULL);
    if (!w) { store_close(st); drop_table(t); return; }
    store_write_set_file_bytes(w, 1);  // every batch closes a file
    Batch *b = schema_batch(store_schema(st));
    for (int i = 0; i < 3; i++) {
        fill_many(b, i * 100, 100);
        CHECK(store_write_batch(w, b, &err) == 0);
    }
    int64_t v;
    CHECK(store_write_commit(w, "WRITE", &v, &err) == 0 && v == 1);
    store_write_free(w);
    batch_free(b);
    CHECK(store_version(st) == 1 && store_num_files(st) == 3);
    StoreFile f = store_file(st, 2);
    CHECK(f.path && strstr(f.path, "/part-00002-") && str_ends_with(f.path, ".zstd.parquet"));
    CHECK(f.num_records == 100);
    // id >= 250 can only be in the third file.
    StorePred p = {.col = 0, .op = PQ_GE, .value = {.type = TYPE(TY_BIGINT), .v.i = 250}};
    uint32_t skipped = 0;
    int cols[] = {0};
    char *got = scan_text(st, cols, 1, &p, 1, &skipped);
    CHECK(skipped == 2);
    CHECK(strncmp(got, "200\n201\n", 8) == 0);
    free(got);
    // A string bound: s = 'zzz' is above every max.
    p = (StorePred){.col = 2, .op = PQ_EQ, .value = {.type = TYPE(TY_STRING), .v.s = {3, "zzz"}}};
    got = scan_text(st, cols, 1, &p, 1, &skipped);
    CHECK(skipped == 3);
    CHECK_STR(got, "");
    free(got);
    store_close(st);
    drop_table(t);
}

static void test_schema_evolution_and_not_null(void) {
    char *t = tmp_table();
    Schema s;
    schema_init(&s);
    schema_add(&s, "Id", TYPE(TY_BIGINT), false);
    char *err = NULL;
    CHECK(store_create(t, &s, NULL, &err) == 0);
    StoreTable *st = store_open(t, -1, &err);
    Batch *b = schema_batch(&s);
    ((int64_t *)b->cols[0].data)[0] = 1;
    ((int64_t *)b->cols[0].data)[1] = 2;
    b->nrows = 2;
    StoreWrite *w = store_write_begin(st, STORE_APPEND, &err);
    int64_t v;
    CHECK(store_write_batch(w, b, &err) == 0 && store_write_commit(w, "WRITE", &v, &err) == 0);
    store_write_free(w);
    // NOT NULL is enforced.
    vec_set_null(&b->cols[0], 1);
    w = store_write_begin(st, STORE_APPEND, &err);
    CHECK(store_write_batch(w, b, &err) == -1);
    CHECK(err && strstr(err, "NULL value in column 'Id'"));
    free(err), err = NULL;
    store_write_free(w);
    batch_free(b);
    // Add a nullable column: old files read it as NULL.
    schema_add(&s, "note", TYPE(TY_STRING), true);
    CHECK(store_add_columns(st, &s, &v, &err) == 0 && v == 2);
    b = schema_batch(&s);
    ((int64_t *)b->cols[0].data)[0] = 3;
    ((Str *)b->cols[1].data)[0] = batch_str(b, "new", 3);
    b->nrows = 1;
    w = store_write_begin(st, STORE_APPEND, &err);
    CHECK(store_write_batch(w, b, &err) == 0 && store_write_commit(w, "WRITE", &v, &err) == 0);
    store_write_free(w);
    batch_free(b);
    char *got = scan_text(st, NULL, 0, NULL, 0, NULL);
    CHECK_STR(got, "1|NULL\n2|NULL\n3|'new'\n");
    free(got);
    // Only the missing column: counted rows of NULLs.
    int cols[] = {1};
    got = scan_text(st, cols, 1, NULL, 0, NULL);
    CHECK_STR(got, "NULL\nNULL\n'new'\n");
    free(got);
    // IS NOT NULL on the new column skips the old file entirely.
    StorePred p = {.col = 1, .op = PQ_NOT_NULL};
    uint32_t skipped;
    got = scan_text(st, NULL, 0, &p, 1, &skipped);
    CHECK_STR(got, "3|'new'\n");
    CHECK(skipped == 1);
    free(got);
    store_close(st);
    schema_free(&s);
    drop_table(t);
}

static void test_streaming_txn_idempotence(void) {
    char *t = tmp_table();
    CHECK(create_many(t, NULL) == 0);
    char *err = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        StoreTable *st = store_open(t, 0, &err);  // both start from a stale version
        StoreWrite *w = store_write_begin(st, STORE_APPEND, &err);
        store_write_set_txn(w, "flow-abc", 7);
        Batch *b = schema_batch(store_schema(st));
        fill_many(b, 0, 4);
        CHECK(store_write_batch(w, b, &err) == 0);
        int64_t v = -1;
        int rc = store_write_commit(w, "STREAMING UPDATE", &v, &err);
        CHECK(rc == (attempt == 0 ? 0 : 1));
        CHECK(v == 1);
        store_write_free(w);
        batch_free(b);
        store_close(st);
    }
    CHECK(count_rows(t, -1) == 4);
    StoreTable *st = store_open(t, -1, &err);
    CHECK(st && store_version(st) == 1 && store_txn_version(st, "flow-abc") == 7);
    store_close(st);
    // The losing attempt's data file was never committed and was removed.
    *strrchr(t, '/') = 0;
    StrBuf cmd = {0};
    sb_printf(&cmd, "ls %s/t | grep -c parquet", t);
    FILE *p = popen(cmd.ptr, "r");
    int nfiles = -1;
    if (p) { if (fscanf(p, "%d", &nfiles) != 1) nfiles = -1; pclose(p); }
    CHECK(nfiles == 1);
    sb_free(&cmd);
    strcat(t, "/t");
    drop_table(t);
}

static void test_checkpoint_interval_property(void) {
    char *t = tmp_table();
    Schema s;
    many_schema(&s);
    const char *k[] = {"delta.checkpointInterval"}, *v[] = {"3"};
    StoreCreateOpts o = {.nprops = 1, .prop_keys = k, .prop_vals = v};
    char *err = NULL;
    CHECK(store_create(t, &s, &o, &err) == 0);
    schema_free(&s);
    for (int i = 0; i < 4; i++) CHECK(append_rows(t, i * 2, 2, STORE_APPEND) == i + 1);
    StrBuf p = {0};
    sb_printf(&p, "%s/_delta_log/00000000000000000003.checkpoint.parquet", t);
    CHECK(access(p.ptr, F_OK) == 0);
    sb_free(&p);
    StoreTable *st = store_open(t, -1, &err);
    CHECK(st && st->snap.checkpoint == 3 && store_num_rows(st) == 8);
    store_close(st);
    CHECK(count_rows(t, -1) == 8);
    drop_table(t);
}

static char *changes_text(const char *t, int64_t after) {
    char *err = NULL;
    StoreTable *st = store_open(t, -1, &err);
    StoreScan *sc = st ? store_scan_changes_open(st, after, false, (int[]){0}, 1, NULL, 0, &err) : NULL;
    StrBuf o = {0};
    if (!sc) {
        sb_printf(&o, "ERROR %s", err ? err : "?");
    } else {
        Type ty = TYPE(TY_BIGINT);
        Batch *b = batch_new(&ty, 1);
        while (store_scan_next(sc, b, &err) == 1)
            for (uint32_t k = 0; k < batch_live(b); k++)
                sb_printf(&o, "%lld ", (long long)((int64_t *)b->cols[0].data)[batch_row(b, k)]);
        batch_free(b);
        store_scan_close(sc);
    }
    free(err);
    store_close(st);
    return sb_take(&o);
}

static void test_streaming_changes(void) {
    char *t = tmp_table();
    CHECK(create_many(t, NULL) == 0);
    CHECK(append_rows(t, 0, 3, STORE_APPEND) == 1);
    CHECK(append_rows(t, 3, 2, STORE_APPEND) == 2);
    char *got = changes_text(t, 1);
    CHECK_STR(got, "3 4 ");
    free(got);
    got = changes_text(t, -1);
    CHECK_STR(got, "0 1 2 3 4 ");
    free(got);
    got = changes_text(t, 2);
    CHECK_STR(got, "");
    free(got);
    CHECK(append_rows(t, 10, 1, STORE_OVERWRITE) == 3);
    got = changes_text(t, 2);
    CHECK(strstr(got, "ERROR") && strstr(got, "version 3 removed or rewrote data"));
    free(got);
    got = changes_text(t, 9);
    CHECK(strstr(got, "cannot read changes after version 9"));
    free(got);
    drop_table(t);
}

/* ---- Crash points: a child aborts at the point; the table stays consistent. ---- */

static int count_data_files(const char *t) {
    StrBuf cmd = {0};
    sb_printf(&cmd, "ls %s | grep -c '\\.parquet$'", t);
    FILE *p = popen(cmd.ptr, "r");
    int n = -1;
    if (p) { if (fscanf(p, "%d", &n) != 1) n = -1; pclose(p); }
    sb_free(&cmd);
    return n;
}

static bool crash_child(const char *t, const char *point) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = {0, 0};
        setrlimit(RLIMIT_CORE, &rl);
        setenv("SLUICE_CRASH_AT", point, 1);
        append_rows(t, 500, 2, STORE_APPEND);
        _exit(0);  // not reached when the crash point fires
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void test_crash_points(void) {
    char *t = tmp_table();
    CHECK(create_many(t, NULL) == 0);
    CHECK(append_rows(t, 0, 5, STORE_APPEND) == 1);
    CHECK(crash_child(t, "after_data_file"));
    CHECK(count_rows(t, -1) == 5);
    CHECK(count_data_files(t) == 2);  // one orphan
    CHECK(crash_child(t, "before_commit"));
    CHECK(count_rows(t, -1) == 5);
    CHECK(count_data_files(t) == 3);
    char *err = NULL;
    StoreTable *st = store_open(t, -1, &err);
    CHECK(st && store_version(st) == 1);
    store_close(st);
    CHECK(crash_child(t, "after_commit"));  // the version was published before the crash
    st = store_open(t, -1, &err);
    CHECK(st && store_version(st) == 2);
    store_close(st);
    CHECK(count_rows(t, -1) == 7);
    // No temp file is left visible as a commit, and the table keeps working.
    CHECK(append_rows(t, 600, 1, STORE_APPEND) == 3);
    CHECK(count_rows(t, -1) == 8);
    usleep(20000);
    uint32_t nd = 0;
    CHECK(store_vacuum(t, 0, &nd, &err) == 0 && nd == 2);  // the two orphans
    CHECK(count_rows(t, -1) == 8);
    drop_table(t);
}

/* Threads racing appends through the store API: all land. */
static void *append_thread(void *arg) {
    const char *t = arg;
    for (int i = 0; i < 5; i++)
        if (append_rows(t, 0, 1, STORE_APPEND) < 0) return (void *)1;
    return NULL;
}

static void test_concurrent_store_appends(void) {
    char *t = tmp_table();
    CHECK(create_many(t, NULL) == 0);
    pthread_t th[3];
    for (int i = 0; i < 3; i++) pthread_create(&th[i], NULL, append_thread, t);
    int failures = 0;
    for (int i = 0; i < 3; i++) {
        void *r;
        pthread_join(th[i], &r);
        failures += r != NULL;
    }
    CHECK(failures == 0);
    CHECK(count_rows(t, -1) == 15);
    drop_table(t);
}

/* A child writer: prepares its data files from version 1, waits for the start signal
 * (the pipe closing), then commits. Exit 0 committed, 3 clear conflict, 1 other. */
static void racing_writer(const char *t, StoreMode mode, int64_t first, uint32_t n, int fd) {
    char *err = NULL;
    StoreTable *st = store_open(t, 1, &err);
    StoreWrite *w = st ? store_write_begin(st, mode, &err) : NULL;
    if (!w) _exit(1);
    Batch *b = schema_batch(store_schema(st));
    fill_many(b, first, n);
    if (store_write_batch(w, b, &err)) _exit(1);
    char c;
    while (read(fd, &c, 1) > 0) {}
    int64_t v;
    int rc = store_write_commit(w, "WRITE", &v, &err);
    if (rc == 0) _exit(0);
    _exit(err && strstr(err, "conflicts with this") ? 3 : 1);
}

static char *sorted_ids(const char *t) {
    char *err = NULL;
    StoreTable *st = store_open(t, -1, &err);
    int cols[] = {0};
    char *txt = st ? scan_text(st, cols, 1, NULL, 0, NULL) : xstrdup("ERROR");
    store_close(st);
    free(err);
    long ids[64];
    int n = 0;
    for (char *p = txt; *p && n < 64;) {
        ids[n++] = strtol(p, &p, 10);
        while (*p == '\n') p++;
    }
    free(txt);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
            long x = ids[j]; ids[j] = ids[j - 1]; ids[j - 1] = x;
        }
    StrBuf o = {0};
    for (int i = 0; i < n; i++) sb_printf(&o, "%ld ", ids[i]);
    return sb_take(&o);
}

/* An overwrite racing an append from the same version: the append always lands; the
 * overwrite either commits first or fails with a clear conflict. */
static void test_race_overwrite_vs_append(void) {
    int outcomes[2] = {0, 0};
    for (int round = 0; round < 6; round++) {
        char *t = tmp_table();
        CHECK(create_many(t, NULL) == 0);
        CHECK(append_rows(t, 0, 3, STORE_APPEND) == 1);
        int fds[2];
        if (pipe(fds) != 0) break;
        fflush(stdout);
        pid_t a = fork();
        if (a == 0) { close(fds[1]); racing_writer(t, STORE_OVERWRITE, 100, 2, fds[0]); }
        pid_t b = fork();
        if (b == 0) { close(fds[1]); racing_writer(t, STORE_APPEND, 200, 2, fds[0]); }
        close(fds[0]);
        usleep(50000);  // let both prepare their files
        close(fds[1]);  // go
        int sa = 0, sb = 0;
        waitpid(a, &sa, 0);
        waitpid(b, &sb, 0);
        CHECK(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
        CHECK(WIFEXITED(sa) && (WEXITSTATUS(sa) == 0 || WEXITSTATUS(sa) == 3));
        char *ids = sorted_ids(t);
        if (WIFEXITED(sa) && WEXITSTATUS(sa) == 0) {
            outcomes[0]++;
            CHECK_STR(ids, "100 101 200 201 ");
        } else {
            outcomes[1]++;
            CHECK_STR(ids, "0 1 2 200 201 ");
        }
        free(ids);
        drop_table(t);
    }
    CHECK(outcomes[0] + outcomes[1] == 6);
}

/* ---- Fixtures written by DuckDB (testdata/delta/make_fixtures.cjs) ---- */

static void check_fixture(const char *dir) {
    char *err = NULL;
    StoreTable *st = store_open(dir, -1, &err);
    if (!st) printf("  %s\n", err);
    free(err), err = NULL;
    CHECK(st != NULL);
    if (!st) return;
    CHECK(store_version(st) == 4);
    CHECK(st->snap.checkpoint == 3);
    CHECK(store_txn_version(st, "flow-x") == 9007199254740993LL);
    CHECK_STR(store_property(st, "quality"), "gold");
    CHECK_STR(store_comment(st), "fixture");
    CHECK(store_num_files(st) == 2 && store_num_rows(st) == 5);
    char *got = scan_text(st, NULL, 0, NULL, 0, NULL);
    CHECK_STR(got, "1|'a'\n2|'b'\n3|NULL\n4|'d'\n5|'e'\n");
    free(got);
    // Stats from the checkpoint drive skipping too.
    StorePred p = {.col = 0, .op = PQ_GT, .value = {.type = TYPE(TY_BIGINT), .v.i = 3}};
    uint32_t skipped = 0;
    got = scan_text(st, NULL, 0, &p, 1, &skipped);
    CHECK_STR(got, "4|'d'\n5|'e'\n");
    CHECK(skipped == 1);
    free(got);
    store_close(st);
    st = store_open(dir, 3, &err);
    CHECK(st && store_num_files(st) == 1);
    store_close(st);
    CHECK(store_open(dir, 2, &err) == NULL);  // JSON before the checkpoint was cleaned up
    CHECK(err && strstr(err, "log is missing version 0"));
    free(err);
}

static void test_fixture_classic_checkpoint(void) {
    check_fixture("testdata/delta/checkpoint_classic");
}
static void test_fixture_multipart_checkpoint(void) {
    check_fixture("testdata/delta/checkpoint_multipart");
}

static void test_fixture_partitioned(void) {
    char *err = NULL;
    StoreTable *st = store_open("testdata/delta/partitioned", -1, &err);
    CHECK(st != NULL);
    if (!st) { printf("  %s\n", err); free(err); return; }
    char *got = scan_text(st, NULL, 0, NULL, 0, NULL);
    CHECK_STR(got, "1|'eu'|19723\n2|'eu'|19723\n3|'us'|19724\n4|NULL|NULL\n");
    free(got);
    int cols[] = {2, 1};  // only partition columns: rows still counted from the files
    got = scan_text(st, cols, 2, NULL, 0, NULL);
    CHECK_STR(got, "19723|'eu'\n19723|'eu'\n19724|'us'\nNULL|NULL\n");
    free(got);
    // A predicate on a partition column never wrongly skips a file.
    StorePred p = {.col = 1, .op = PQ_EQ, .value = {.type = TYPE(TY_STRING), .v.s = {2, "us"}}};
    uint32_t skipped = 9;
    got = scan_text(st, cols, 2, &p, 1, &skipped);
    CHECK(skipped == 0 && strstr(got, "'us'") != NULL);
    free(got);
    CHECK(store_write_begin(st, STORE_APPEND, &err) == NULL);
    CHECK(err && strstr(err, "partitioned tables is not supported"));
    free(err);
    store_close(st);
}

/* ---- DuckDB interop: replay the log, read the listed files with read_parquet. ---- */

static bool have_duckdb(void) {
    const char *home = getenv("HOME");
    StrBuf mod = {0};
    sb_printf(&mod, "%s/.cache/sluice-duckdb/node_modules/@duckdb/node-api", home ? home : "");
    bool ok = access(mod.ptr, F_OK) == 0 && system("node --version >/dev/null 2>&1") == 0;
    sb_free(&mod);
    return ok;
}

/* Run one query in DuckDB (through node); rows as JSON arrays, one per line. */
static char *duckdb_query(const char *dir, const char *sql) {
    const char *home = getenv("HOME");
    StrBuf js = {0}, cmd = {0}, out = {0};
    sb_printf(&js, "%s/q.cjs", dir);
    FILE *f = fopen(js.ptr, "w");
    if (f) {
        fputs("const { DuckDBInstance } = require('@duckdb/node-api');\n"
              "(async () => { const db = await DuckDBInstance.create(':memory:');\n"
              "const con = await db.connect(); const r = await con.runAndReadAll(process.argv[2]);\n"
              "for (const row of r.getRowsJson()) console.log(JSON.stringify(row)); })()\n"
              ".catch(e => { console.log('ERROR ' + e); process.exit(1); });\n", f);
        fclose(f);
    }
    sb_printf(&cmd, "NODE_PATH=%s/.cache/sluice-duckdb/node_modules timeout 120 node %s \"%s\"",
              home ? home : "", js.ptr, sql);
    FILE *p = popen(cmd.ptr, "r");
    char buf[512];
    while (p && fgets(buf, sizeof buf, p)) sb_puts(&out, buf);
    if (p) pclose(p);
    sb_free(&js);
    sb_free(&cmd);
    return sb_take(&out);
}

static void test_duckdb_reads_our_files(void) {
    if (!have_duckdb()) {
        printf("SKIP test_duckdb_reads_our_files: DuckDB (npm @duckdb/node-api) or node missing\n");
        return;
    }
    char *t = tmp_table();
    CHECK(create_many(t, NULL) == 0);
    CHECK(append_rows(t, 0, 3, STORE_APPEND) == 1);
    CHECK(append_rows(t, 3, 2, STORE_APPEND) == 2);
    char *err = NULL;
    StoreTable *st = store_open(t, -1, &err);
    StrBuf sql = {0};
    sb_puts(&sql, "SELECT id::VARCHAR, i::VARCHAR, s, d::VARCHAR, b::VARCHAR, dt::VARCHAR, "
                  "epoch_us(ts)::VARCHAR, amt::VARCHAR FROM read_parquet([");
    for (uint32_t i = 0; st && i < store_num_files(st); i++)
        sb_printf(&sql, "%s'%s'", i ? "," : "", store_file(st, i).path);
    sb_puts(&sql, "]) ORDER BY id");
    store_close(st);
    char *got = duckdb_query(t, sql.ptr);
    CHECK_STR(got,
              "[\"0\",\"-5\",\"apple\",\"0.5\",\"false\",\"2024-01-01\",\"1704067200000000\",\"-1.00\"]\n"
              "[\"1\",\"2\",\"\",\"1.5\",\"true\",\"2024-01-02\",\"1704067201000001\",\"122.45\"]\n"
              "[\"2\",null,null,null,null,null,null,null]\n"
              "[\"3\",\"16\",\"a much longer string value here ok\",\"3.5\",\"true\",\"2024-01-04\","
              "\"1704067203000003\",\"369.35\"]\n"
              "[\"4\",\"23\",\"apple\",\"4.5\",\"false\",\"2024-01-05\",\"1704067204000004\","
              "\"492.80\"]\n");
    free(got);
    sb_free(&sql);
    drop_table(t);
}

static void test_duckdb_reads_our_checkpoint(void) {
    if (!have_duckdb()) {
        printf("SKIP test_duckdb_reads_our_checkpoint: DuckDB (npm @duckdb/node-api) missing\n");
        return;
    }
    char *t = tmp_table();
    CHECK(create_many(t, "zstd") == 0);
    for (int i = 0; i < 10; i++) CHECK(append_rows(t, i, 1, STORE_APPEND) == i + 1);
    StrBuf sql = {0};
    sb_printf(&sql, "SELECT count(add)::VARCHAR, count(metaData)::VARCHAR, "
                    "count(protocol)::VARCHAR, max(protocol.minWriterVersion)::VARCHAR, "
                    "max(map_keys(metaData.configuration))::VARCHAR, "
                    "max(map_values(metaData.configuration))::VARCHAR, "
                    "max(metaData.description), sum(add.size = 0)::VARCHAR, "
                    "min(add.path LIKE 'part-00000-%%.zstd.parquet')::VARCHAR, "
                    "max(cardinality(add.partitionValues))::VARCHAR, "
                    "max(json_extract(add.stats, '$.numRecords'))::VARCHAR "
                    "FROM read_parquet('%s/_delta_log/00000000000000000010.checkpoint.parquet')",
              t);
    char *got = duckdb_query(t, sql.ptr);
    CHECK_STR(got, "[\"10\",\"1\",\"1\",\"2\",\"[quality, delta.parquet.compression.codec]\","
                   "\"[silver, zstd]\",\"many types\",\"0\",\"true\",\"0\",\"1\"]\n");
    free(got);
    sb_free(&sql);
    drop_table(t);
}

int main(void) {
    RUN(test_roundtrip_many_types);
    RUN(test_empty_and_one_row);
    RUN(test_many_commits_time_travel_overwrite);
    RUN(test_rolling_codec_and_skipping);
    RUN(test_schema_evolution_and_not_null);
    RUN(test_streaming_txn_idempotence);
    RUN(test_streaming_changes);
    RUN(test_checkpoint_interval_property);
    RUN(test_crash_points);
    RUN(test_concurrent_store_appends);
    RUN(test_race_overwrite_vs_append);
    RUN(test_fixture_classic_checkpoint);
    RUN(test_fixture_multipart_checkpoint);
    RUN(test_fixture_partitioned);
    RUN(test_duckdb_reads_our_files);
    RUN(test_duckdb_reads_our_checkpoint);
    return test_summary();
}
