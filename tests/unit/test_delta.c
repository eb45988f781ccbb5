/* Unit tests for the Delta log layer (delta.h, delta_json.h): JSON numbers,
 * schemaString, add.stats, snapshot replay over hand-written logs, protocol
 * refusals, gaps, corrupt lines, put-if-absent commits and their races. */
#include "delta.h"
#include "delta_json.h"
#include "store.h"
#include "test.h"

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int rm_cb(const char *p, const struct stat *s, int f, struct FTW *w) {
    (void)s, (void)f, (void)w;
    return remove(p);
}
static void rm_rf(const char *p) { nftw(p, rm_cb, 16, FTW_DEPTH | FTW_PHYS); }

static char *tmp_table(void) {
    char tmpl[] = "/tmp/sluice-delta-XXXXXX";
    char *d = mkdtemp(tmpl);
    StrBuf b = {0};
    sb_printf(&b, "%s/t", d ? d : "/tmp");
    return sb_take(&b);
}
static void drop_table(char *t) {
    char *slash = strrchr(t, '/');
    *slash = 0;
    rm_rf(t);
    free(t);
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static void write_commit(const char *table, int64_t v, const char *text) {
    StrBuf d = {0};
    sb_printf(&d, "%s", table);
    mkdir(d.ptr, 0755);
    sb_puts(&d, "/_delta_log");
    mkdir(d.ptr, 0755);
    sb_free(&d);
    char *p = delta_commit_path(table, v);
    write_text(p, text);
    free(p);
}

#define PROTO "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n"
#define META  "{\"metaData\":{\"id\":\"abc\",\"format\":{\"provider\":\"parquet\",\"options\":{}}," \
    "\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\"," \
    "\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}\"," \
    "\"partitionColumns\":[],\"configuration\":{\"quality\":\"silver\"},\"createdTime\":1}}\n"
#define ADD(p, n) "{\"add\":{\"path\":\"" p "\",\"partitionValues\":{},\"size\":" #n \
    ",\"modificationTime\":1,\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":" #n "}\"}}\n"
#define REMOVE(p) "{\"remove\":{\"path\":\"" p "\",\"deletionTimestamp\":5,\"dataChange\":true}}\n"

/* ---- JSON ---- */

static void test_json_int64_exact(void) {
    Arena a = {0};
    const char *txt = "{\"v\":9007199254740993,\"neg\":-9223372036854775808,\"big\":"
                      "9223372036854775808,\"f\":1.5,\"e\":1e3,\"s\":\"a\\u00e9\\n\\\"\"}";
    DjVal *v = djson_parse(&a, txt, strlen(txt), NULL);
    CHECK(v != NULL);
    int64_t x = 0;
    CHECK(djson_int64(djson_get(v, "v"), &x) && x == 9007199254740993LL);
    CHECK(djson_int64(djson_get(v, "neg"), &x) && x == INT64_MIN);
    CHECK(!djson_int64(djson_get(v, "big"), &x));
    CHECK(!djson_int64(djson_get(v, "f"), &x));
    CHECK(!djson_int64(djson_get(v, "e"), &x));
    CHECK_STR(djson_str(djson_get(v, "s")), "a\xc3\xa9\n\"");
    StrBuf b = {0};
    djson_write(&b, v);
    CHECK_STR(sb_cstr(&b), "{\"v\":9007199254740993,\"neg\":-9223372036854775808,\"big\":"
                           "9223372036854775808,\"f\":1.5,\"e\":1e3,\"s\":\"a\xc3\xa9\\n\\\"\"}");
    sb_free(&b);
    arena_free_all(&a);
}

static void test_json_malformed(void) {
    const char *bad[] = {"", "{", "{\"a\"}", "{\"a\":}", "[1,]", "\"abc", "tru", "01x",
                         "{\"a\":1} x", "\"\\q\"", "-", "1.", "[\"\\ud800\"" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Arena a = {0};
        char *err = NULL;
        CHECK(djson_parse(&a, bad[i], strlen(bad[i]), &err) == NULL);
        CHECK(err != NULL);
        free(err);
        arena_free_all(&a);
    }
    // Deep nesting is refused, not a stack overflow.
    size_t n = 100000;
    char *deep = malloc(n);
    memset(deep, '[', n);
    Arena a = {0};
    char *err = NULL;
    CHECK(djson_parse(&a, deep, n, &err) == NULL);
    CHECK(err && strstr(err, "nesting too deep"));
    free(err);
    free(deep);
    arena_free_all(&a);
}

/* ---- schemaString ---- */

static void test_schema_roundtrip(void) {
    Schema s;
    schema_init(&s);
    schema_add(&s, "id", TYPE(TY_BIGINT), false);
    schema_add(&s, "amount", type_decimal(10, 2), true);
    schema_add(&s, "ts", TYPE(TY_TIMESTAMP), true);
    schema_add(&s, "b", TYPE(TY_TINYINT), true);
    schema_add(&s, "d", TYPE(TY_DATE), true);
    StrBuf b = {0};
    delta_schema_to_json(&s, &b);
    CHECK_STR(sb_cstr(&b),
              "{\"type\":\"struct\",\"fields\":["
              "{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}},"
              "{\"name\":\"amount\",\"type\":\"decimal(10,2)\",\"nullable\":true,\"metadata\":{}},"
              "{\"name\":\"ts\",\"type\":\"timestamp\",\"nullable\":true,\"metadata\":{}},"
              "{\"name\":\"b\",\"type\":\"byte\",\"nullable\":true,\"metadata\":{}},"
              "{\"name\":\"d\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}}]}");
    Schema back;
    schema_init(&back);
    char *err = NULL;
    CHECK(delta_schema_parse(b.ptr, &back, &err) == 0);
    CHECK(back.ncols == 5);
    for (uint32_t i = 0; i < back.ncols && i < 5; i++) {
        CHECK_STR(back.cols[i].name, s.cols[i].name);
        CHECK(type_eq(back.cols[i].type, s.cols[i].type));
        CHECK(back.cols[i].nullable == s.cols[i].nullable);
    }
    schema_free(&back);
    schema_free(&s);
    sb_free(&b);
}

static void test_schema_nested_and_refusals(void) {
    Schema s;
    schema_init(&s);
    char *err = NULL;
    const char *nested = "{\"type\":\"struct\",\"fields\":[{\"name\":\"tags\",\"type\":{\"type\":"
        "\"array\",\"elementType\":\"string\",\"containsNull\":true},\"nullable\":true,"
        "\"metadata\":{}},{\"name\":\"m\",\"type\":{\"type\":\"map\",\"keyType\":\"string\","
        "\"valueType\":\"integer\",\"valueContainsNull\":true},\"nullable\":true,\"metadata\":{}}]}";
    CHECK(delta_schema_parse(nested, &s, &err) == 0);
    CHECK(s.ncols == 2 && s.cols[0].type.id == TY_ARRAY && s.cols[1].type.id == TY_MAP);
    CHECK(s.ncols == 2 && s.cols[0].type.nested->elem.id == TY_STRING);
    StrBuf b = {0};
    delta_schema_to_json(&s, &b);
    CHECK_STR(sb_cstr(&b), nested);
    sb_free(&b);
    schema_free(&s);

    schema_init(&s);
    CHECK(delta_schema_parse("{\"type\":\"struct\",\"fields\":[{\"name\":\"t\",\"type\":"
                             "\"timestamp_ntz\",\"nullable\":true,\"metadata\":{}}]}",
                             &s, &err) == -1);
    CHECK(err && strstr(err, "'timestampNtz'") && strstr(err, "column 't'"));
    free(err), err = NULL;
    CHECK(delta_schema_parse("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                             "{\"name\":\"A\",\"type\":\"int\"}]}", &s, &err) == -1);
    CHECK(err && strstr(err, "duplicate"));
    free(err), err = NULL;
    CHECK(delta_schema_parse("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"blob\"}]}",
                             &s, &err) == -1);
    CHECK(err && strstr(err, "unknown type"));
    free(err);
    schema_free(&s);
}

/* ---- add.stats ---- */

static Datum di(Type t, int64_t v) { return (Datum){.type = t, .v.i = v}; }
static Datum dd(Type t, double v) { return (Datum){.type = t, .v.d = v}; }
static Datum ds(const char *s) {
    return (Datum){.type = TYPE(TY_STRING), .v.s = {(uint32_t)strlen(s), s}};
}

static void test_stats_json(void) {
    Schema s;
    schema_init(&s);
    schema_add(&s, "id", TYPE(TY_BIGINT), true);
    schema_add(&s, "name", TYPE(TY_STRING), true);
    schema_add(&s, "ts", TYPE(TY_TIMESTAMP), true);
    schema_add(&s, "ok", TYPE(TY_BOOLEAN), true);
    schema_add(&s, "x", TYPE(TY_DOUBLE), true);
    schema_add(&s, "amt", type_decimal(9, 2), true);
    schema_add(&s, "d", TYPE(TY_DATE), true);
    schema_add(&s, "long", TYPE(TY_STRING), true);
    PqColStats c[8] = {
        {0, true, di(TYPE(TY_BIGINT), 1), di(TYPE(TY_BIGINT), 9007199254740993LL)},
        {1, true, ds("apple"), ds("pear")},
        // 2024-01-01T00:00:00.000500Z .. 2024-01-01T00:00:03.000001Z
        {0, true, di(TYPE(TY_TIMESTAMP), 1704067200000500LL),
         di(TYPE(TY_TIMESTAMP), 1704067203000001LL)},
        {0, true, di(TYPE(TY_BOOLEAN), 0), di(TYPE(TY_BOOLEAN), 1)},
        {0, true, dd(TYPE(TY_DOUBLE), -1.5), dd(TYPE(TY_DOUBLE), 1.0 / 0.0)},
        {0, true, {.type = type_decimal(9, 2), .v.dec = -5}, {.type = type_decimal(9, 2),
                                                                 .v.dec = 12345}},
        {3, true, di(TYPE(TY_DATE), -1), di(TYPE(TY_DATE), 19723)},
        {0, true, ds("0123456789012345678901234567890123456789"),
         ds("abcdefghijabcdefghijabcdefghijabcdefghij")},
    };
    PqFileStats st = {.num_rows = 3, .ncols = 8, .cols = c};
    StrBuf b = {0};
    delta_stats_json(&s, &st, &b);
    CHECK_STR(sb_cstr(&b),
              "{\"numRecords\":3,\"minValues\":{\"id\":1,\"name\":\"apple\","
              "\"ts\":\"2024-01-01T00:00:00.000Z\",\"amt\":-0.05,\"d\":\"1969-12-31\","
              "\"long\":\"01234567890123456789012345678901\"},"
              "\"maxValues\":{\"id\":9007199254740993,\"name\":\"pear\","
              "\"ts\":\"2024-01-01T00:00:03.001Z\",\"amt\":123.45,\"d\":\"2024-01-01\"},"
              "\"nullCount\":{\"id\":0,\"name\":1,\"ts\":0,\"ok\":0,\"x\":0,\"amt\":0,\"d\":3,"
              "\"long\":0}}");
    sb_free(&b);
    schema_free(&s);
}

static void test_stats_skipping(void) {
    Schema s;
    schema_init(&s);
    schema_add(&s, "id", TYPE(TY_BIGINT), true);
    schema_add(&s, "name", TYPE(TY_STRING), true);
    schema_add(&s, "ts", TYPE(TY_TIMESTAMP), true);
    schema_add(&s, "n", TYPE(TY_INT), true);
    const char *st = "{\"numRecords\":3,\"minValues\":{\"id\":10,\"name\":\"b\","
                     "\"ts\":\"2024-01-01T02:00:00.000+02:00\"},\"maxValues\":{\"id\":20,"
                     "\"name\":\"d\",\"ts\":\"2024-01-01T00:00:03.000Z\"},"
                     "\"nullCount\":{\"id\":0,\"name\":1,\"n\":3}}";
    Type big = TYPE(TY_BIGINT);
    struct { int col; PqOp op; Datum v; bool want; } cases[] = {
        {0, PQ_EQ, di(big, 9), false},   {0, PQ_EQ, di(big, 10), true},
        {0, PQ_EQ, di(big, 21), false},  {0, PQ_LT, di(big, 10), false},
        {0, PQ_LE, di(big, 10), true},   {0, PQ_GT, di(big, 20), false},
        {0, PQ_GE, di(big, 20), true},   {0, PQ_IS_NULL, di(big, 0), false},
        {1, PQ_IS_NULL, di(big, 0), true}, {1, PQ_EQ, ds("a"), false},
        {1, PQ_EQ, ds("c"), true},       {1, PQ_GT, ds("d"), false},
        {3, PQ_EQ, di(TYPE(TY_INT), 1), false}, {3, PQ_NOT_NULL, di(big, 0), false},
        {3, PQ_IS_NULL, di(big, 0), true},
        // max ts is 00:00:03.000 but covers up to .000999
        {2, PQ_GT, di(TYPE(TY_TIMESTAMP), 1704067203000500LL), true},
        {2, PQ_GT, di(TYPE(TY_TIMESTAMP), 1704067203001000LL), false},
        {2, PQ_LT, di(TYPE(TY_TIMESTAMP), 1704067200000000LL), false},  // min via +02:00
        {2, PQ_LE, di(TYPE(TY_TIMESTAMP), 1704067200000000LL), true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        PqPred p = {.col = cases[i].col, .op = cases[i].op, .value = cases[i].v};
        bool got = delta_stats_may_match(st, &s, &p, 1);
        if (got != cases[i].want) printf("  stats case %zu: got %d\n", i, got);
        CHECK(got == cases[i].want);
    }
    PqPred p = {.col = 0, .op = PQ_EQ, .value = di(big, 1)};
    CHECK(delta_stats_may_match(NULL, &s, &p, 1));
    CHECK(delta_stats_may_match("{not json", &s, &p, 1));
    CHECK(delta_stats_may_match("{\"numRecords\":1}", &s, &p, 1));
    CHECK(delta_stats_num_records(st) == 3);
    schema_free(&s);
}

/* ---- Snapshots over hand-written logs ---- */

static void test_snapshot_replay_and_time_travel(void) {
    char *t = tmp_table();
    write_commit(t, 0, "{\"commitInfo\":{\"timestamp\":1000,\"operation\":\"CREATE TABLE\"}}\n"
                       PROTO META ADD("a.parquet", 10) ADD("b%20c.parquet", 20));
    write_commit(t, 1, "{\"commitInfo\":{\"timestamp\":2000,\"operation\":\"WRITE\"}}\n"
                       "{\"txn\":{\"appId\":\"flow-1\",\"version\":9007199254740993,"
                       "\"lastUpdated\":5}}\n"
                       REMOVE("a.parquet") ADD("d.parquet", 30)
                       "{\"cdc\":{\"path\":\"x\"}}\n{\"somethingNew\":{\"x\":1}}\n");
    write_commit(t, 2, "{\"commitInfo\":{\"timestamp\":3000}}\n" ADD("a.parquet", 11));
    write_text("/dev/null", "");
    StrBuf junk = {0};
    sb_printf(&junk, "%s/_delta_log/00000000000000000002.crc", t);
    write_text(junk.ptr, "garbage");
    sb_free(&junk);

    DeltaSnapshot s;
    char *err = NULL;
    CHECK(delta_snapshot_load(t, -1, &s, &err) == 0);
    if (err) printf("  %s\n", err);
    CHECK(s.version == 2 && s.timestamp == 3000);
    CHECK(s.nfiles == 3);
    if (s.nfiles == 3) {
        CHECK_STR(s.files[0]->path, "b%20c.parquet");
        CHECK_STR(s.files[1]->path, "d.parquet");
        CHECK_STR(s.files[2]->path, "a.parquet");
        CHECK(s.files[2]->size == 11);
    }
    CHECK(s.ntombstones == 0);
    CHECK(delta_snapshot_txn(&s, "flow-1") == 9007199254740993LL);
    CHECK(delta_snapshot_txn(&s, "other") == -1);
    CHECK_STR(delta_snapshot_conf(&s, "quality"), "silver");
    CHECK(s.schema.ncols == 1 && s.schema.cols[0].type.id == TY_BIGINT);
    delta_snapshot_free(&s);

    CHECK(delta_snapshot_load(t, 1, &s, &err) == 0);
    CHECK(s.version == 1 && s.nfiles == 2 && s.ntombstones == 1);
    delta_snapshot_free(&s);
    CHECK(delta_snapshot_load(t, 0, &s, &err) == 0);
    CHECK(s.version == 0 && s.nfiles == 2 && delta_snapshot_txn(&s, "flow-1") == -1);
    delta_snapshot_free(&s);

    // TIMESTAMP AS OF, from the commitInfo timestamps 1000, 2000, 3000.
    CHECK(store_version_at(t, 1000, &err) == 0);
    CHECK(store_version_at(t, 2999, &err) == 1);
    CHECK(store_version_at(t, 9999, &err) == 2);
    CHECK(store_version_at(t, 999, &err) == -1);
    CHECK(err && strstr(err, "no version was committed at or before timestamp 999 ms"));
    free(err), err = NULL;

    CHECK(delta_snapshot_load(t, 7, &s, &err) == -1);
    CHECK(err && strstr(err, "the latest version is 2"));
    free(err), err = NULL;

    // Through the store API.
    StoreTable *st = store_open(t, -1, &err);
    CHECK(st != NULL);
    if (st) {
        CHECK(store_num_files(st) == 3 && store_num_rows(st) == 61);
        StoreFile f = store_file(st, 0);
        CHECK(f.path && str_ends_with(f.path, "/t/b c.parquet") && f.num_records == 20);
        CHECK_STR(store_property(st, "quality"), "silver");
        CHECK(store_txn_version(st, "flow-1") == 9007199254740993LL);
        store_close(st);
    }
    drop_table(t);
}

static void expect_load_error(const char *table, int64_t v, const char *want1, const char *want2) {
    DeltaSnapshot s;
    char *err = NULL;
    CHECK(delta_snapshot_load(table, v, &s, &err) == -1);
    if (!err || !strstr(err, want1) || (want2 && !strstr(err, want2)))
        printf("  unexpected error: %s\n", err ? err : "(none)");
    CHECK(err && strstr(err, want1));
    if (want2) CHECK(err && strstr(err, want2));
    free(err);
}

static void test_snapshot_gap_and_corrupt(void) {
    char *t = tmp_table();
    write_commit(t, 0, PROTO META);
    write_commit(t, 2, ADD("x.parquet", 1));
    expect_load_error(t, -1, "log is missing version 1", NULL);
    write_commit(t, 1, ADD("y.parquet", 1) "{\"add\":{\"path\":\"z\",\"size\":1,\n");
    expect_load_error(t, -1, "00000000000000000001.json (version 1) line 2: corrupt JSON", NULL);
    write_commit(t, 1, "{\"add\":{\"path\":\"z\"}}\n");
    expect_load_error(t, -1, "version 1", "missing or invalid size");
    drop_table(t);

    t = tmp_table();
    write_commit(t, 1, PROTO META);
    expect_load_error(t, -1, "log is missing version 0", NULL);
    drop_table(t);

    t = tmp_table();
    write_commit(t, 0, ADD("x.parquet", 1));
    expect_load_error(t, -1, "has no protocol action", NULL);
    drop_table(t);

    t = tmp_table();
    mkdir(t, 0755);
    expect_load_error(t, -1, "is not a Delta table", NULL);
    drop_table(t);
}

static void test_protocol_refusals(void) {
    char *t = tmp_table();
    write_commit(t, 0, "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,"
                       "\"readerFeatures\":[\"deletionVectors\"],\"writerFeatures\":"
                       "[\"deletionVectors\"]}}\n" META);
    expect_load_error(t, -1, "reader feature 'deletionVectors'", NULL);
    write_commit(t, 0, "{\"protocol\":{\"minReaderVersion\":2,\"minWriterVersion\":5}}\n" META);
    expect_load_error(t, -1, "'columnMapping'", NULL);
    write_commit(t, 0, PROTO "{\"metaData\":{\"id\":\"x\",\"schemaString\":\"{\\\"type\\\":"
                             "\\\"struct\\\",\\\"fields\\\":[]}\",\"configuration\":{"
                             "\"delta.columnMapping.mode\":\"name\"}}}\n");
    expect_load_error(t, -1, "'columnMapping'", NULL);
    write_commit(t, 0, "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,"
                       "\"readerFeatures\":[\"timestampNtz\"]}}\n" META);
    expect_load_error(t, -1, "reader feature 'timestampNtz'", NULL);
    write_commit(t, 0, "{\"protocol\":{\"minReaderVersion\":4,\"minWriterVersion\":7}}\n" META);
    expect_load_error(t, -1, "reader version 4", NULL);

    // Readable, but not writable: writer feature outside {appendOnly, invariants}.
    write_commit(t, 0, "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,"
                       "\"writerFeatures\":[\"appendOnly\",\"changeDataFeed\"]}}\n" META);
    DeltaSnapshot s;
    char *err = NULL;
    CHECK(delta_snapshot_load(t, -1, &s, &err) == 0);
    CHECK(delta_check_writable(&s, false, &err) == -1);
    CHECK(err && strstr(err, "writer feature 'changeDataFeed'"));
    free(err);
    delta_snapshot_free(&s);
    drop_table(t);
}

/* ---- Commits ---- */

static DeltaCommit append_of(const DeltaAdd *adds, uint32_t n) {
    return (DeltaCommit){.operation = "WRITE", .params_json = "{\"mode\":\"Append\"}",
                         .is_blind_append = true, .adds = adds, .nadds = n};
}

static int create_plain(const char *t) {
    Schema s;
    schema_init(&s);
    schema_add(&s, "id", TYPE(TY_BIGINT), true);
    const char *k[] = {"quality"}, *v[] = {"bronze"};
    StoreCreateOpts o = {.comment = "raw events", .nprops = 1, .prop_keys = k, .prop_vals = v};
    char *err = NULL;
    int rc = store_create(t, &s, &o, &err);
    free(err);
    schema_free(&s);
    return rc;
}

static void test_commit_create_and_text(void) {
    char *t = tmp_table();
    StrBuf nested = {0};
    sb_printf(&nested, "%s/tables/silver/events", t);
    CHECK(create_plain(nested.ptr) == 0 && store_exists(nested.ptr));
    CHECK(!store_exists(t));
    sb_free(&nested);
    CHECK(create_plain(t) == 0);
    char *err = NULL;
    CHECK(create_plain(t) == -1);
    StoreTable *st = store_open(t, -1, &err);
    CHECK(st && store_version(st) == 0 && store_num_files(st) == 0);
    if (st) {
        CHECK_STR(store_comment(st), "raw events");
        CHECK_STR(store_property(st, "quality"), "bronze");
        CHECK(st && store_schema(st)->ncols == 1);
        store_close(st);
    }
    // Exact commit text (commitInfo has a random txnId: compare the other lines).
    DeltaAdd add = {.path = "part-00000-x.snappy.parquet", .size = 538, .mod_time = 7,
                    .data_change = true, .stats = "{\"numRecords\":3}"};
    DeltaCommit c = append_of(&add, 1);
    c.txn_app = "flow-1";
    c.txn_version = 9007199254740993LL;
    StrBuf b = {0};
    delta_commit_text(&c, 1718000000000LL, &b);
    const char *nl = strchr(sb_cstr(&b), '\n');
    CHECK(strncmp(b.ptr, "{\"commitInfo\":{\"timestamp\":1718000000000,\"operation\":\"WRITE\","
                         "\"operationParameters\":{\"mode\":\"Append\"},\"isBlindAppend\":true,"
                         "\"engineInfo\":\"sluice/0.1.0\",\"txnId\":\"", 159) == 0);
    CHECK_STR(nl + 1, "{\"txn\":{\"appId\":\"flow-1\",\"version\":9007199254740993,"
                      "\"lastUpdated\":1718000000000}}\n"
                      "{\"add\":{\"path\":\"part-00000-x.snappy.parquet\",\"partitionValues\":{},"
                      "\"size\":538,\"modificationTime\":7,\"dataChange\":true,"
                      "\"stats\":\"{\\\"numRecords\\\":3}\"}}\n");
    sb_free(&b);
    int64_t v = -1;
    CHECK(delta_commit(t, 0, &c, &v, &err) == DC_OK && v == 1);
    // The same streaming batch again, from a stale snapshot: recognised as done.
    CHECK(delta_commit(t, 0, &c, &v, &err) == DC_ALREADY && v == 1);
    st = store_open(t, -1, &err);
    CHECK(st && store_version(st) == 1 && store_txn_version(st, "flow-1") == 9007199254740993LL);
    store_close(st);
    drop_table(t);
}

/* Processes racing blind appends: every commit lands exactly once. */
static void test_concurrent_blind_appends(void) {
    char *t = tmp_table();
    CHECK(create_plain(t) == 0);
    enum { PROCS = 4, EACH = 6 };
    for (int p = 0; p < PROCS; p++) {
        if (fork() == 0) {
            for (int i = 0; i < EACH; i++) {
                char path[64];
                snprintf(path, sizeof path, "p%d-%d.parquet", p, i);
                DeltaAdd add = {.path = path, .size = 1, .data_change = true};
                DeltaCommit c = append_of(&add, 1);
                char *err = NULL;
                int64_t v;
                // Everyone starts from version 0: every commit after the first loses races.
                if (delta_commit(t, 0, &c, &v, &err) != DC_OK) {
                    fprintf(stderr, "%s\n", err);
                    _exit(1);
                }
            }
            _exit(0);
        }
    }
    int ok = 0;
    for (int p = 0; p < PROCS; p++) {
        int status;
        wait(&status);
        ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    CHECK(ok == PROCS);
    DeltaSnapshot s;
    char *err = NULL;
    CHECK(delta_snapshot_load(t, -1, &s, &err) == 0);
    CHECK(s.version == PROCS * EACH && s.nfiles == PROCS * EACH);
    delta_snapshot_free(&s);
    drop_table(t);
}

static void test_conflicting_overwrite_fails(void) {
    char *t = tmp_table();
    CHECK(create_plain(t) == 0);
    DeltaAdd a1 = {.path = "one.parquet", .size = 1, .data_change = true};
    DeltaCommit c = append_of(&a1, 1);
    char *err = NULL;
    int64_t v;
    CHECK(delta_commit(t, 0, &c, &v, &err) == DC_OK && v == 1);
    // Writer A reads version 1 and prepares an overwrite; writer B appends first.
    DeltaAdd a2 = {.path = "two.parquet", .size = 1, .data_change = true};
    DeltaCommit cb = append_of(&a2, 1);
    CHECK(delta_commit(t, 1, &cb, &v, &err) == DC_OK && v == 2);
    DeltaRemove r = {.path = "one.parquet", .deletion_ts = 1, .size = 1, .data_change = true};
    DeltaAdd a3 = {.path = "three.parquet", .size = 1, .data_change = true};
    DeltaCommit ca = {.operation = "WRITE", .removes = &r, .nremoves = 1, .adds = &a3, .nadds = 1};
    CHECK(delta_commit(t, 1, &ca, &v, &err) == DC_ERROR);
    CHECK(err && strstr(err, "concurrent write committed as version 2 conflicts"));
    free(err), err = NULL;
    // A concurrent metadata change makes even a blind append fail.
    StoreTable *st = store_open(t, 2, &err);
    Schema ns;
    schema_copy(&ns, store_schema(st));
    schema_add(&ns, "extra", TYPE(TY_STRING), true);
    CHECK(store_add_columns(st, &ns, &v, &err) == 0 && v == 3);
    CHECK(store_schema(st)->ncols == 2 && store_version(st) == 3);
    CHECK(delta_commit(t, 2, &cb, &v, &err) == DC_ERROR);
    CHECK(err && strstr(err, "concurrent metadata change committed as version 3"));
    free(err), err = NULL;
    // Only nullable columns may be added, at the end.
    Schema bad;
    schema_copy(&bad, store_schema(st));
    schema_add(&bad, "req", TYPE(TY_INT), false);
    CHECK(store_add_columns(st, &bad, &v, &err) == -1);
    CHECK(err && strstr(err, "must be nullable"));
    free(err);
    schema_free(&bad);
    schema_free(&ns);
    store_close(st);
    drop_table(t);
}

static void test_history_and_vacuum(void) {
    char *t = tmp_table();
    CHECK(create_plain(t) == 0);
    DeltaAdd a = {.path = "keep.parquet", .size = 1, .data_change = true};
    DeltaCommit c = append_of(&a, 1);
    c.metrics_json = "{\"numFiles\":\"1\"}";
    char *err = NULL;
    int64_t v;
    CHECK(delta_commit(t, 0, &c, &v, &err) == DC_OK);
    StoreHistoryEntry *h;
    uint32_t n;
    CHECK(store_history(t, &h, &n, &err) == 0 && n == 2);

    if (n == 2) {
        CHECK(h[0].version == 1 && h[1].version == 0);
        CHECK_STR(h[0].operation, "WRITE");
        CHECK_STR(h[0].params_json, "{\"mode\":\"Append\"}");
        CHECK_STR(h[0].metrics_json, "{\"numFiles\":\"1\"}");
        CHECK_STR(h[1].operation, "CREATE TABLE");
        CHECK_STR(h[1].params_json, "{\"isManaged\":\"false\",\"description\":\"raw events\","
                                    "\"partitionBy\":\"[]\",\"properties\":"
                                    "\"{\\\"quality\\\":\\\"bronze\\\"}\"}");
        CHECK(h[0].timestamp > 1700000000000LL);
    }
    store_history_free(h, n);

    StrBuf p = {0};
    sb_printf(&p, "%s/keep.parquet", t);
    write_text(p.ptr, "k");
    sb_reset(&p);
    sb_printf(&p, "%s/orphan.parquet", t);
    write_text(p.ptr, "o");
    sb_reset(&p);
    sb_printf(&p, "%s/sub", t);
    mkdir(p.ptr, 0755);
    sb_puts(&p, "/nested.parquet");
    write_text(p.ptr, "n");
    uint32_t nd = 99;
    CHECK(store_vacuum(t, 3600 * 1000, &nd, &err) == 0 && nd == 0);  // all too new
    // Retention 0 deletes files older than "now": mtime granularity may need a moment.
    usleep(20000);
    CHECK(store_vacuum(t, 0, &nd, &err) == 0);
    CHECK(access(p.ptr, F_OK) != 0);
    sb_reset(&p);
    sb_printf(&p, "%s/orphan.parquet", t);
    CHECK(access(p.ptr, F_OK) != 0);
    sb_reset(&p);
    sb_printf(&p, "%s/keep.parquet", t);
    CHECK(access(p.ptr, F_OK) == 0);
    char *c0 = delta_commit_path(t, 0);
    CHECK(access(c0, F_OK) == 0);
    free(c0);
    sb_free(&p);
    drop_table(t);
}


/* ---- Checkpoints ---- */

static char *snapshot_summary(const DeltaSnapshot *s) {
    StrBuf b = {0};
    sb_printf(&b, "v%lld proto %d/%d meta %s desc=%s conf=", (long long)s->version,
              s->proto.min_reader, s->proto.min_writer, s->meta.schema_string,
              s->meta.description ? s->meta.description : "-");
    for (uint32_t i = 0; i < s->meta.nconf; i++)
        sb_printf(&b, "%s:%s,", s->meta.conf_keys[i], s->meta.conf_vals[i]);
    sb_puts(&b, " files=");
    for (uint32_t i = 0; i < s->nfiles; i++) {
        const DeltaAdd *a = s->files[i];
        sb_printf(&b, "%s/%lld/%lld/%d/%s[", a->path, (long long)a->size, (long long)a->mod_time,
                  a->data_change, a->stats ? a->stats : "-");
        for (uint32_t k = 0; k < a->npart; k++)
            sb_printf(&b, "%s=%s;", a->part_keys[k], a->part_vals[k] ? a->part_vals[k] : "NULL");
        sb_puts(&b, "] ");
    }
    sb_puts(&b, "tomb=");
    for (uint32_t i = 0; i < s->ntombstones; i++) sb_printf(&b, "%s ", s->tombstones[i]->path);
    sb_printf(&b, "txn=%lld", (long long)delta_snapshot_txn(s, "app"));
    return sb_take(&b);
}

static void test_checkpoint_write_and_read(void) {
    char *t = tmp_table();
    CHECK(create_plain(t) == 0);
    char *err = NULL;
    int64_t v;
    const char *pk[] = {"p", "q"}, *pv[] = {"1", NULL};
    for (int i = 1; i <= 12; i++) {
        char path[32], stats[64];
        snprintf(path, sizeof path, "f%02d.parquet", i);
        snprintf(stats, sizeof stats, "{\"numRecords\":%d}", i);
        DeltaAdd add = {.path = path, .size = 100 + i, .mod_time = 1000 + i, .data_change = true,
                        .stats = i % 2 ? stats : NULL};
        if (i == 3) add.npart = 2, add.part_keys = pk, add.part_vals = pv;
        DeltaCommit c = append_of(&add, 1);
        DeltaRemove rem = {.path = "f02.parquet", .deletion_ts = delta_now_ms(), .size = 102,
                           .data_change = true};
        if (i == 5) c.removes = &rem, c.nremoves = 1, c.is_blind_append = false;
        if (i == 7) c.txn_app = "app", c.txn_version = 9007199254740993LL;
        CHECK(delta_commit(t, i - 1, &c, &v, &err) == DC_OK && v == i);
    }
    StrBuf p = {0};
    sb_printf(&p, "%s/_delta_log/00000000000000000010.checkpoint.parquet", t);
    CHECK(access(p.ptr, F_OK) == 0);
    sb_reset(&p);
    sb_printf(&p, "%s/_delta_log/_last_checkpoint", t);
    size_t len;
    char *last = read_file(p.ptr, &len);
    CHECK(last && strncmp(last, "{\"version\":10,\"size\":13,", 24) == 0);
    free(last);

    DeltaSnapshot full;
    CHECK(delta_snapshot_load(t, -1, &full, &err) == 0);
    CHECK(full.checkpoint == 10 && full.version == 12);
    char *want = snapshot_summary(&full);
    delta_snapshot_free(&full);
    // Replay from JSON only (version 9 predates the checkpoint) agrees on the shared prefix.
    CHECK(delta_snapshot_load(t, 9, &full, &err) == 0);
    CHECK(full.checkpoint == -1 && full.nfiles == 8);
    delta_snapshot_free(&full);

    // Delete the JSON the checkpoint covers: the table still opens, identically.
    for (int i = 0; i <= 10; i++) {
        char *c = delta_commit_path(t, i);
        unlink(c);
        free(c);
    }
    DeltaSnapshot s;
    CHECK(delta_snapshot_load(t, -1, &s, &err) == 0);
    if (err) printf("  %s\n", err);
    char *got = snapshot_summary(&s);
    CHECK_STR(got, want);
    CHECK(strstr(got, "f03.parquet/103/1003/1/{\"numRecords\":3}[p=1;q=NULL;]") != NULL);
    CHECK(strstr(got, "tomb=f02.parquet txn=9007199254740993") != NULL);
    CHECK(strstr(got, "desc=raw events conf=quality:bronze,") != NULL);
    free(got);
    free(want);
    CHECK(s.checkpoint == 10);
    delta_snapshot_free(&s);
    CHECK(delta_snapshot_load(t, 10, &s, &err) == 0 && s.nfiles == 9);
    delta_snapshot_free(&s);
    expect_load_error(t, 9, "log is missing version 0", NULL);
    sb_free(&p);
    drop_table(t);
}

/* Corrupted checkpoints and commits fail cleanly (run under ASan to catch overreads). */
static void test_corruption_never_crashes(void) {
    char *t = tmp_table();
    CHECK(create_plain(t) == 0);
    char *err = NULL;
    int64_t v;
    for (int i = 1; i <= 10; i++) {
        char path[32];
        snprintf(path, sizeof path, "f%02d.parquet", i);
        const char *pk[] = {"k"}, *pv[] = {"v"};
        DeltaAdd add = {.path = path, .size = i, .data_change = true, .stats = "{\"numRecords\":1}",
                        .npart = 1, .part_keys = pk, .part_vals = pv};
        DeltaCommit c = append_of(&add, 1);
        CHECK(delta_commit(t, i - 1, &c, &v, &err) == DC_OK);
    }
    StrBuf p = {0};
    sb_printf(&p, "%s/_delta_log/00000000000000000010.checkpoint.parquet", t);
    size_t len;
    char *orig = read_file(p.ptr, &len);
    CHECK(orig != NULL && len > 100);
    uint64_t rng = 88172645463325252ull;
    int ok = 0, failed = 0;
    for (int round = 0; orig && round < 400; round++) {
        char *buf = malloc(len);
        memcpy(buf, orig, len);
        size_t n = len;
        for (int k = 0; k < 1 + round % 4; k++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            size_t at = (size_t)(rng % len);
            if (round % 5 == 4) n = at > 8 ? at : n;  // truncation
            else buf[at] = (char)(rng >> 32);
        }
        FILE *f = fopen(p.ptr, "wb");
        if (f) { fwrite(buf, 1, n, f); fclose(f); }
        free(buf);
        Arena a = {0};
        DeltaAction *acts;
        uint32_t na;
        const char *paths[] = {p.ptr};
        int rc = delta_checkpoint_read(&a, paths, 1, &acts, &na, &err);
        if (rc == 0) ok++;
        else {
            failed++;
            CHECK(err && strstr(err, "checkpoint.parquet"));
            free(err);
            err = NULL;
        }
        arena_free_all(&a);
    }
    CHECK(ok + failed == 400 && failed > 0);
    free(orig);
    sb_free(&p);
    drop_table(t);

    // Random bytes as a commit file: an error naming the version, never a crash.
    t = tmp_table();
    write_commit(t, 0, PROTO META);
    for (int round = 0; round < 200; round++) {
        char junk[96];
        for (size_t k = 0; k < sizeof junk - 1; k++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            junk[k] = "{}[]\":,0123456789-.eEtruefalsnl \\\nabc"[rng % 38];
        }
        junk[sizeof junk - 1] = 0;
        write_commit(t, 1, junk);
        DeltaSnapshot s;
        if (delta_snapshot_load(t, -1, &s, &err) == 0) delta_snapshot_free(&s);
        else {
            CHECK(err && strstr(err, "version 1"));
            free(err);
            err = NULL;
        }
    }
    drop_table(t);
}

int main(void) {
    RUN(test_json_int64_exact);
    RUN(test_json_malformed);
    RUN(test_schema_roundtrip);
    RUN(test_schema_nested_and_refusals);
    RUN(test_stats_json);
    RUN(test_stats_skipping);
    RUN(test_snapshot_replay_and_time_travel);
    RUN(test_snapshot_gap_and_corrupt);
    RUN(test_protocol_refusals);
    RUN(test_commit_create_and_text);
    RUN(test_concurrent_blind_appends);
    RUN(test_conflicting_overwrite_fails);
    RUN(test_history_and_vacuum);
    RUN(test_checkpoint_write_and_read);
    RUN(test_corruption_never_crashes);
    return test_summary();
}
