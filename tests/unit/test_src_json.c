/* JSON file source: Spark-style inference, reading, modes, escapes, multiLine, ranges. */
#include "test.h"
#include "test_src_util.h"

#include <pthread.h>
#include <zlib.h>

static Schema ddl(const char *text) {
    Schema s;
    char *err = NULL;
    if (filesrc_parse_ddl(text, &s, &err) < 0) {
        printf("ddl error: %s\n", err);
        free(err);
        schema_init(&s);
    }
    return s;
}

static const char *MIXED =
    "{\"b\": 1, \"a\": \"x\", \"c\": 1.5}\n"
    "{\"b\": 2.5, \"a\": null, \"d\": true}\n"
    "\n"
    "{\"b\": 3, \"e\": null, \"n\": {\"x\": [1, {}]}, \"arr\": [1,2]}\n"
    "{\"c\": \"str\", \"b\": 4, \"big\": 12345678901234567890}\n";

static void json_infers_spark_types(void) {
    const char *p = put_file("mixed.json", MIXED);
    char *nested = NULL;
    CHECK_TAKE(infer_text(p, SRC_JSON, NULL, &nested),
               "a string, arr string, b double, big decimal(20,0), c string, d boolean, "
               "e string, n string");
    CHECK_STR(nested, "arr, n");
    free(nested);
    SrcOpts o = {0};
    filesrc_opts_set(&o, "primitivesAsString", "true");
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, NULL),
               "a string, arr string, b string, big string, c string, d string, e string, "
               "n string");
    filesrc_opts_set(&o, "primitivesAsString", "false");
    filesrc_opts_set(&o, "prefersDecimal", "true");
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, NULL),
               "a string, arr string, b decimal(21,1), big decimal(20,0), c string, d boolean, "
               "e string, n string");
    filesrc_opts_set(&o, "prefersDecimal", "false");
    // half the records: the 2nd and 4th lines (the blank line counts too)
    filesrc_opts_set(&o, "samplingRatio", "0.5");
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, NULL),
               "a string, arr string, b double, d boolean, e string, n string");
    filesrc_opts_set(&o, "samplingRatio", "1");
    filesrc_opts_set(&o, "cloudFiles.inferColumnTypes", "false");
    filesrc_opts_set(&o, "rescuedDataColumn", "_rescued_data");
    nested = NULL;
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, &nested),
               "a string, arr string, b string, big string, c string, d string, e string, "
               "n string, _rescued_data string");
    CHECK(nested == NULL);
    filesrc_opts_set(&o, "schemaHints", "b DECIMAL(5,1), zz DATE");
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, NULL),
               "a string, arr string, b decimal(5,1), big string, c string, d string, e string, "
               "n string, zz date, _rescued_data string");
    filesrc_opts_set(&o, "schemaHints", "b DECIMAL(5,1), ");
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, NULL),
               "ERR: cannot parse schema 'b DECIMAL(5,1), ': unexpected end");
    filesrc_opts_free(&o);
}

static void json_reads_inferred_schema(void) {
    const char *p = put_file("mixed.json", MIXED);
    Schema s = ddl("a STRING, arr STRING, b DOUBLE, big DECIMAL(20,0), c STRING, d BOOLEAN, "
                   "e STRING, n STRING");
    CHECK_TAKE(read_all(p, SRC_JSON, NULL, &s),
               "x|NULL|1|NULL|1.5|NULL|NULL|NULL\n"
               "NULL|NULL|2.5|NULL|NULL|true|NULL|NULL\n"
               "NULL|[1,2]|3|NULL|NULL|NULL|NULL|{\"x\":[1,{}]}\n"
               "NULL|NULL|4|12345678901234567890|str|NULL|NULL|NULL\n");
    int cols[] = {7, 2};
    CHECK_TAKE(read_proj(p, SRC_JSON, NULL, &s, cols, 2, 0, -1),
               "NULL|1\nNULL|2.5\n{\"x\":[1,{}]}|3\nNULL|4\n");
    int twice[] = {1, 1}, outside[] = {8};
    CHECK_TAKE(read_proj(p, SRC_JSON, NULL, &s, twice, 2, 0, -1),
               "ERR: projection lists a column twice");
    CHECK_TAKE(read_proj(p, SRC_JSON, NULL, &s, outside, 1, 0, -1),
               "ERR: projection names a column outside the schema");
    schema_free(&s);
}

static const char *BAD = "{\"a\": 1}\n{\"a\": 2\n{\"a\": 3}\n[1]\n";

static void json_modes(void) {
    const char *p = put_file("bad.json", BAD);
    char path[512];
    snprintf(path, sizeof path, "%s", p);
    CHECK_TAKE(infer_text(path, SRC_JSON, NULL, NULL), "a bigint, _corrupt_record string");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "mode", "DROPMALFORMED");
    CHECK_TAKE(infer_text(path, SRC_JSON, &o, NULL), "a bigint");
    Schema s = ddl("a BIGINT, _corrupt_record STRING");
    CHECK_TAKE(read_all(path, SRC_JSON, NULL, &s), "1|NULL\nNULL|{\"a\": 2\n3|NULL\nNULL|[1]\n");
    CHECK_TAKE(read_all(path, SRC_JSON, &o, &s), "1|NULL\n3|NULL\n");
    filesrc_opts_set(&o, "mode", "FAILFAST");
    char want[700];
    snprintf(want, sizeof want,
             "ERR: %s:2: error: malformed JSON record (parse mode FAILFAST)", path);
    CHECK_TAKE(read_all(path, SRC_JSON, &o, &s), want);  // the failing batch is not returned
    snprintf(want, sizeof want, "ERR: %s:2: error: malformed JSON record (parse mode FAILFAST)",
             path);
    CHECK_TAKE(infer_text(path, SRC_JSON, &o, NULL), want);
    filesrc_opts_set(&o, "mode", "bogus");
    CHECK_TAKE(read_all(path, SRC_JSON, &o, &s),
               "ERR: unknown mode (expected PERMISSIVE, DROPMALFORMED or FAILFAST)");
    schema_free(&s);
    filesrc_opts_free(&o);
}

static void json_values_that_do_not_fit(void) {
    const char *p = put_file("fit.json", "{\"a\": \"x\", \"s\": 1, \"extra\": [1]}\n"
                                         "{\"a\": 3000000000, \"s\": true}\n"
                                         "{\"a\": 7, \"s\": {\"k\": \"v\"}}\n");
    char path[512];
    snprintf(path, sizeof path, "%s", p);
    Schema s = ddl("a INT, s STRING, _corrupt_record STRING");
    CHECK_TAKE(read_all(path, SRC_JSON, NULL, &s),
               "NULL|1|{\"a\": \"x\", \"s\": 1, \"extra\": [1]}\n"
               "NULL|true|{\"a\": 3000000000, \"s\": true}\n"
               "7|{\"k\":\"v\"}|NULL\n");
    schema_free(&s);
    s = ddl("a INT, s STRING, _rescued_data STRING");
    char want[2048];
    snprintf(want, sizeof want,
             "NULL|1|{\"a\":\"x\",\"extra\":[1],\"_file_path\":\"%s\"}\n"
             "NULL|true|{\"a\":3000000000,\"_file_path\":\"%s\"}\n"
             "7|{\"k\":\"v\"}|NULL\n", path, path);
    CHECK_TAKE(read_all(path, SRC_JSON, NULL, &s), want);
    schema_free(&s);
    // a field named like a special column does not fill it
    p = put_file("special.json", "{\"a\": 1, \"_corrupt_record\": \"x\", \"_rescued_data\": 2}\n"
                                 "{\"a\": \"bad\"}\n{\"a\": 2, \"_corrupt_record\": \"y\"}\n");
    s = ddl("a INT, _corrupt_record STRING");
    CHECK_TAKE(read_all(p, SRC_JSON, NULL, &s), "1|NULL\nNULL|{\"a\": \"bad\"}\n2|NULL\n");
    schema_free(&s);
    SrcOpts o = {0};
    filesrc_opts_set(&o, "mode", "DROPMALFORMED");
    s = ddl("a INT, s STRING");
    CHECK_TAKE(read_all(path, SRC_JSON, &o, &s), "7|{\"k\":\"v\"}\n");
    schema_free(&s);
    filesrc_opts_free(&o);
}

static void json_escapes_and_utf8(void) {
    const char *p = put_file("esc.json",
                             "{\"s\": \"a\\\"b\\\\c\\/\\u00e9\\ud83d\\ude00\\n\\t\"}\n"
                             "{\"s\": \"h\xc3\xa9llo \xe2\x82\xac\"}\n"
                             "{\"s\": \"lone \\ud800 x\"}\n"
                             "{\"s\": \"bad \\q\"}\n"
                             "{\"s\": \"raw\ttab\"}\n"
                             "{\"k\\u0061y\": \"escaped key\"}\n"
                             "{'s': 'it\"s', \"kay\": 'x\\'y', 'n': {'a': 'b c'}}\n");
    Schema s = ddl("s STRING, kay STRING");
    CHECK_TAKE(read_all(p, SRC_JSON, NULL, &s),
               "a\"b\\c/\xc3\xa9\xf0\x9f\x98\x80\n\t|NULL\n"
               "h\xc3\xa9llo \xe2\x82\xac|NULL\n"
               "lone \xef\xbf\xbd x|NULL\n"
               "NULL|NULL\n"
               "NULL|NULL\n"
               "NULL|escaped key\n"
               "it\"s|x'y\n");
    schema_free(&s);
    s = ddl("n STRING");
    CHECK_TAKE(read_all(p, SRC_JSON, NULL, &s),
               "NULL\nNULL\nNULL\nNULL\nNULL\nNULL\n{'a':'b c'}\n");
    CHECK_TAKE(infer_text(p, SRC_JSON, NULL, NULL), "kay string, n string, s string, "
                                                    "_corrupt_record string");
    schema_free(&s);
}

static void json_crlf_no_trailing_newline_bom(void) {
    const char *p = put_file("crlf.json", "\xEF\xBB\xBF{\"a\": 1}\r\n\r\n{\"a\": 2}\r\n{\"a\": 3}");
    Schema s = ddl("a BIGINT");
    CHECK_TAKE(read_all(p, SRC_JSON, NULL, &s), "1\n2\n3\n");
    CHECK_TAKE(infer_text(p, SRC_JSON, NULL, NULL), "a bigint");
    schema_free(&s);
}

static void json_huge_string(void) {
    size_t n = 1 << 20;
    char *big = malloc(n + 32);
    strcpy(big, "{\"s\": \"");
    size_t k = strlen(big);
    for (size_t i = 0; i < n; i++) big[k + i] = (char)('a' + i % 26);
    strcpy(big + k + n, "\", \"i\": 5}\n");
    const char *p = put_file("huge.json", big);
    Schema s = ddl("i BIGINT, s STRING");
    char *got = read_all(p, SRC_JSON, NULL, &s);
    CHECK(strlen(got) == n + 3);
    CHECK(strncmp(got, "5|abcdefghij", 12) == 0);
    CHECK(memcmp(got + 2, big + k, n) == 0);
    free(got);
    free(big);
    schema_free(&s);
}

static void json_multiline(void) {
    const char *p = put_file("ml.json", "[\n  {\"a\": 1,\n   \"b\": \"x\"},\n  {\"a\": 2}\n]\n");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "multiLine", "true");
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, NULL), "a bigint, b string");
    Schema s = ddl("a BIGINT, b STRING");
    CHECK_TAKE(read_all(p, SRC_JSON, &o, &s), "1|x\n2|NULL\n");
    p = put_file("ml2.json", "{\n \"a\": 7,\n \"b\": \"y\"\n}\n");
    CHECK_TAKE(read_all(p, SRC_JSON, &o, &s), "7|y\n");
    CHECK_TAKE(read_proj(p, SRC_JSON, &o, &s, NULL, 0, 5, 100), "");  // not splittable
    // an array on one line of an NDJSON file gives one row per element
    p = put_file("arr.json", "[{\"a\": 1}, {\"a\": 2}]\n{\"a\": 3}\n");
    CHECK_TAKE(read_all(p, SRC_JSON, NULL, &s), "1|NULL\n2|NULL\n3|NULL\n");
    p = put_file("mlbad.json", "[{\"a\": 1},\n {\"a\": }]");
    // Spark: a malformed multiLine file is one corrupt record, nothing else is inferred
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, NULL), "_corrupt_record string");
    schema_free(&s);
    s = ddl("a BIGINT, _corrupt_record STRING");
    CHECK_TAKE(read_all(p, SRC_JSON, &o, &s), "NULL|[{\"a\": 1},\n {\"a\": }]\n");
    schema_free(&s);
    filesrc_opts_free(&o);
}

static void json_dates_timestamps_decimals(void) {
    const char *p = put_file("dt.json",
                             "{\"d\": \"2024-01-02\", \"t\": \"2024-01-02T03:04:05.5Z\", "
                             "\"m\": \"12.345\", \"x\": 1.5, \"f\": \"NaN\"}\n"
                             "{\"d\": \"2024-13-01\", \"t\": 1704164645, \"m\": 99999999.99, "
                             "\"x\": \"Infinity\", \"f\": \"1.5\"}\n"
                             "{\"d\": \"1969-12-31\", \"t\": \"2024-01-02 03:04:05+01:00\", "
                             "\"m\": 123456789, \"x\": 2, \"f\": -1e3}\n");
    Schema s = ddl("d DATE, t TIMESTAMP, m DECIMAL(10,2), x DOUBLE, f FLOAT");
    CHECK_TAKE(read_all(p, SRC_JSON, NULL, &s),
               "19724|1704164645500000|1235|1.5|nan\n"
               "NULL|1704164645000000|9999999999|inf|NULL\n"
               "-1|1704161045000000|NULL|2|-1000\n");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "timestampFormat", "MM/dd/yyyy hh:mm a");
    p = put_file("ampm.json", "{\"t\": \"01/02/2024 03:04 PM\"}\n{\"t\": \"01/02/2024 12:04 AM\"}\n"
                              "{\"t\": \"01/02/2024 13:04 PM\"}\n");
    CHECK_TAKE(read_all(p, SRC_JSON, &o, &s), "NULL|1704207840000000|NULL|NULL|NULL\n"
                                              "NULL|1704153840000000|NULL|NULL|NULL\n"
                                              "NULL|NULL|NULL|NULL|NULL\n");
    filesrc_opts_set(&o, "dateFormat", "dd/MM/yyyy");
    filesrc_opts_set(&o, "timestampFormat", "yyyy-MM-dd'T'HH:mm");
    p = put_file("fmt.json", "{\"d\": \"02/01/2024\", \"t\": \"2024-01-02T03:04\"}\n"
                             "{\"d\": \"2024-01-02\", \"t\": \"2024-01-02T03:04:05\"}\n");
    CHECK_TAKE(read_all(p, SRC_JSON, &o, &s), "19724|1704164640000000|NULL|NULL|NULL\n"
                                              "NULL|NULL|NULL|NULL|NULL\n");
    schema_free(&s);
    filesrc_opts_free(&o);
}

static void json_allow_comments(void) {
    const char *p = put_file("cm.json", "{\"a\": 1 /* one */, // two\n \"b\": 2}\n");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "multiLine", "true");
    Schema s = ddl("a BIGINT, b BIGINT");
    CHECK_TAKE(read_all(p, SRC_JSON, &o, &s), "NULL|NULL\n");
    filesrc_opts_set(&o, "allowComments", "true");
    CHECK_TAKE(read_all(p, SRC_JSON, &o, &s), "1|2\n");
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, NULL), "a bigint, b bigint");
    schema_free(&s);
    filesrc_opts_free(&o);
}

static void json_empty_file(void) {
    const char *p = put_file("empty.json", "");
    CHECK_TAKE(infer_text(p, SRC_JSON, NULL, NULL),
               "ERR: cannot infer a schema for json: no records; "
               "declare one with the schema option");
    Schema s = ddl("a BIGINT");
    CHECK_TAKE(read_all(p, SRC_JSON, NULL, &s), "");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "schema", "x INT, y STRING");
    CHECK_TAKE(infer_text(p, SRC_JSON, &o, NULL), "x int, y string");
    filesrc_opts_free(&o);
    schema_free(&s);
}

/* Every split of a file into two ranges reads each line exactly once. */
static void json_ranges_partition_lines(void) {
    const char *data = "{\"a\": 1}\n{\"a\": 22}\n\n{\"a\": 333}\r\n{\"a\": 4444}\n{\"a\": 5}";
    const char *p = put_file("range.json", data);
    Schema s = ddl("a BIGINT");
    size_t n = strlen(data);
    int ok = 1;
    for (size_t k = 0; k <= n + 1; k++) {
        char *x = read_proj(p, SRC_JSON, NULL, &s, NULL, 0, 0, (int64_t)k);
        char *y = read_proj(p, SRC_JSON, NULL, &s, NULL, 0, (int64_t)k, (int64_t)(n + 5));
        StrBuf sb = {0};
        sb_puts(&sb, x);
        sb_puts(&sb, y);
        if (strcmp(sb_cstr(&sb), "1\n22\n333\n4444\n5\n") != 0) {
            printf("  split at %zu: %s + %s\n", k, x, y);
            ok = 0;
        }
        sb_free(&sb);
        free(x);
        free(y);
    }
    CHECK(ok);
    schema_free(&s);
}

static void json_same_layout_fast_path_and_reorder(void) {
    StrBuf sb = {0}, want = {0};
    for (int i = 0; i < 5000; i++) {
        if (i % 7 == 3) sb_printf(&sb, "{\"v\": \"s%d\", \"k\": %d}\n", i, i);
        else sb_printf(&sb, "{\"k\": %d, \"v\": \"s%d\", \"z\": null}\n", i, i);
        sb_printf(&want, "%d|s%d\n", i, i);
    }
    const char *p = put_file("many.json", sb_cstr(&sb));
    Schema s = ddl("k BIGINT, v STRING");
    CHECK_TAKE(read_all(p, SRC_JSON, NULL, &s), sb_cstr(&want));
    sb_free(&sb);
    sb_free(&want);
    schema_free(&s);
}

static void json_gzip(void) {
    char path[512];
    snprintf(path, sizeof path, "%s/z/data.json.gz", t_dir);
    put_file("z/keep", "");
    gzFile g = gzopen(path, "wb");
    const char *text = "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2}\n{\"a\": oops}\n";
    gzwrite(g, text, (unsigned)strlen(text));
    gzclose(g);
    CHECK(filesrc_format_from_path(path) == SRC_JSON);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/z/*.gz", t_dir);
    CHECK_TAKE(infer_text(dir, SRC_JSON, NULL, NULL), "a bigint, b string, _corrupt_record string");
    Schema s = ddl("a BIGINT, b STRING");
    CHECK_TAKE(read_all(path, SRC_JSON, NULL, &s), "1|x\n2|NULL\nNULL|NULL\n");
    CHECK_TAKE(read_proj(path, SRC_JSON, NULL, &s, NULL, 0, 10, 100), "");  // not splittable
    CHECK_TAKE(read_proj(path, SRC_JSON, NULL, &s, NULL, 0, 0, 10), "1|x\n2|NULL\nNULL|NULL\n");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "mode", "FAILFAST");
    char want[700];
    snprintf(want, sizeof want, "ERR: %s:3: error: malformed JSON record (parse mode FAILFAST)",
             path);
    CHECK_TAKE(read_all(path, SRC_JSON, &o, &s), want);
    filesrc_opts_free(&o);
    schema_free(&s);
}

typedef struct {
    const char   *path;
    const Schema *s;
    int64_t       off, len, sum, rows;
} RangeJob;

static void *range_job(void *arg) {
    RangeJob *j = arg;
    SrcFile f = {(char *)j->path, 0, 0, 0};
    char *err = NULL;
    FileReader *r = filesrc_open_range(&f, j->off, j->len, SRC_JSON, NULL, j->s, NULL, 0, &err);
    if (!r) {
        free(err);
        return NULL;
    }
    Batch *b = filesrc_batch_new(r);
    while (filesrc_next(r, b, &err) > 0)
        for (uint32_t i = 0; i < b->nrows; i++, j->rows++)
            j->sum += ((int64_t *)b->cols[0].data)[i];
    free(err);
    batch_free(b);
    filesrc_close(r);
    return NULL;
}

/* Four threads read four ranges of one file at once: no shared state, every row once. */
static void json_parallel_ranges(void) {
    StrBuf sb = {0};
    for (int i = 1; i <= 20000; i++)
        sb_printf(&sb, "{\"k\": %d, \"pad\": \"%*d\"}\n", i, i % 50, i);
    const char *p = put_file("par.json", sb.ptr);
    char path[512];
    snprintf(path, sizeof path, "%s", p);
    Schema s = ddl("k BIGINT, pad STRING");
    RangeJob jobs[4];
    pthread_t th[4];
    int64_t part = (int64_t)sb.len / 4 + 1;
    for (int i = 0; i < 4; i++) {
        jobs[i] = (RangeJob){path, &s, i * part, part, 0, 0};
        pthread_create(&th[i], NULL, range_job, &jobs[i]);
    }
    int64_t sum = 0, rows = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        sum += jobs[i].sum, rows += jobs[i].rows;
        CHECK(jobs[i].rows > 4000);
    }
    CHECK(rows == 20000);
    CHECK(sum == 20000ll * 20001 / 2);
    sb_free(&sb);
    schema_free(&s);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void json_fuzz_never_crashes(void) {
    static const char *seeds[] = {
        "{\"a\": 1, \"b\": \"x\\u00e9\", \"c\": [1, {\"d\": null}], \"e\": -1.5e3}\n",
        "[{\"a\": true}, {\"b\": false}]\n{\"a\": \"\\ud83d\\ude00\"}\n",
    };
    Schema s = ddl("a STRING, b BIGINT, c STRING, e DOUBLE, _corrupt_record STRING, "
                   "_rescued_data STRING");
    int runs = 0;
    for (int it = 0; it < 3000; it++) {
        char buf[256];
        size_t n;
        if (it % 3 == 0) {
            n = rng() % sizeof buf;
            for (size_t i = 0; i < n; i++) buf[i] = (char)rng();
        } else {
            const char *seed = seeds[it % 2];
            n = strlen(seed);
            memcpy(buf, seed, n);
            for (int m = 0; m < 1 + (int)(rng() % 4); m++) {
                size_t at = rng() % n;
                buf[at] = "{}[]\",:\\u0 9e-\n"[rng() % 16];
            }
        }
        // every fifth input also goes through gzip: raw garbage, or a cut-off stream
        const char *p = put_file_n(it % 5 == 4 ? "fuzz.json.gz" : "fuzz.json", buf, n);
        if (it % 10 == 9) {
            gzFile g = gzopen(p, "wb");
            gzwrite(g, buf, (unsigned)n);
            gzclose(g);
            if (truncate(p, (off_t)(rng() % 64)) != 0) CHECK(0);
        }
        SrcOpts o = {0};
        if (it & 1) filesrc_opts_set(&o, "multiLine", "true");
        if (it & 2) filesrc_opts_set(&o, "allowComments", "true");
        free(read_all(p, SRC_JSON, &o, &s));
        free(infer_text(p, SRC_JSON, &o, NULL));
        filesrc_opts_free(&o);
        runs++;
    }
    CHECK(runs == 3000);
    schema_free(&s);
}

int main(void) {
    tmp_init();
    RUN(json_infers_spark_types);
    RUN(json_reads_inferred_schema);
    RUN(json_modes);
    RUN(json_values_that_do_not_fit);
    RUN(json_escapes_and_utf8);
    RUN(json_crlf_no_trailing_newline_bom);
    RUN(json_huge_string);
    RUN(json_multiline);
    RUN(json_dates_timestamps_decimals);
    RUN(json_allow_comments);
    RUN(json_empty_file);
    RUN(json_ranges_partition_lines);
    RUN(json_same_layout_fast_path_and_reorder);
    RUN(json_parallel_ranges);
    RUN(json_gzip);
    RUN(json_fuzz_never_crashes);
    tmp_cleanup();
    return test_summary();
}
