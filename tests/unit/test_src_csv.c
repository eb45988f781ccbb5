/* CSV and text file sources: CSVInferSchema order, options, modes, multiLine, fuzzing. */
#include "test.h"
#include "test_src_util.h"

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

static const char *TYPED =
    "id,name,score,ok,day,ts,big\n"
    "1,alice,1.5,true,2024-01-02,2024-01-02 03:04:05,12345678901234567890\n"
    "2,bob,2,false,2024-01-03,2024-01-03T00:00:00Z,1\n"
    "3000000000,,,,,,\n";

static void csv_infers_in_spark_order(void) {
    const char *p = put_file("typed.csv", TYPED);
    SrcOpts o = {0};
    filesrc_opts_set(&o, "header", "true");
    CHECK_TAKE(infer_text(p, SRC_CSV, &o, NULL),
               "id string, name string, score string, ok string, day string, ts string, "
               "big string");
    filesrc_opts_set(&o, "inferSchema", "true");
    CHECK_TAKE(infer_text(p, SRC_CSV, &o, NULL),
               "id bigint, name string, score double, ok boolean, day date, ts timestamp, "
               "big decimal(20,0)");
    Schema s = ddl("id bigint, name string, score double, ok boolean, day date, ts timestamp, "
                   "big decimal(20,0)");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s),
               "1|alice|1.5|true|19724|1704164645000000|12345678901234567890\n"
               "2|bob|2|false|19725|1704240000000000|1\n"
               "3000000000|NULL|NULL|NULL|NULL|NULL|NULL\n");
    schema_free(&s);
    filesrc_opts_free(&o);
    // without a header: _c0, _c1, ...; int then string
    p = put_file("nohdr.csv", "1,2.5,x\n3,y,\n");
    o = (SrcOpts){0};
    CHECK_TAKE(infer_text(p, SRC_CSV, &o, NULL), "_c0 string, _c1 string, _c2 string");
    filesrc_opts_set(&o, "inferSchema", "true");
    CHECK_TAKE(infer_text(p, SRC_CSV, &o, NULL), "_c0 int, _c1 string, _c2 string");
    filesrc_opts_free(&o);
}

static void csv_header_names(void) {
    const char *p = put_file("hdr.csv", "a,,A,b\n1,2,3,4\n");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "header", "true");
    CHECK_TAKE(infer_text(p, SRC_CSV, &o, NULL), "a0 string, _c1 string, A2 string, b string");
    filesrc_opts_free(&o);
}

static void csv_quotes_separators_null_values(void) {
    const char *p = put_file("opts.csv", "a||b||c\n"
                                         "\"x \"\"q\"\" y\"||\"a \\\"q\\\" b\"||NA\n"
                                         "p||\"\"||\n"
                                         "\"multi||sep\"||q||r\n");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "header", "true");
    filesrc_opts_set(&o, "sep", "||");
    filesrc_opts_set(&o, "nullValue", "NA");
    Schema s = ddl("a STRING, b STRING, c STRING");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s),
               "x \"q\" y|a \"q\" b|NULL\np||NULL\nmulti||sep|q|r\n");
    filesrc_opts_set(&o, "emptyValue", "EMPTY");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s),
               "x \"q\" y|a \"q\" b|NULL\np|EMPTY|NULL\nmulti||sep|q|r\n");
    // default options: quoted empty equals the default nullValue "" -> NULL, as in Spark
    filesrc_opts_free(&o);
    p = put_file("semi.csv", "'a;b';\"\";x\n");
    o = (SrcOpts){0};
    filesrc_opts_set(&o, "delimiter", ";");
    filesrc_opts_set(&o, "quote", "'");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s), "a;b|\"\"|x\n");
    schema_free(&s);
    filesrc_opts_free(&o);
}

static void csv_multiline_and_comments(void) {
    const char *data = "id,text\n1,\"line one\nline two\"\n2,\"a,b\"\n";
    const char *p = put_file("ml.csv", data);
    SrcOpts o = {0};
    filesrc_opts_set(&o, "header", "true");
    filesrc_opts_set(&o, "multiLine", "true");
    Schema s = ddl("id INT, text STRING");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s), "1|line one\nline two\n2|a,b\n");
    filesrc_opts_set(&o, "inferSchema", "true");
    CHECK_TAKE(infer_text(p, SRC_CSV, &o, NULL), "id int, text string");
    filesrc_opts_set(&o, "multiLine", "false");
    schema_free(&s);
    s = ddl("id INT, text STRING, _corrupt_record STRING");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s),
               "1|line one|NULL\nNULL|NULL|line two\"\n2|a,b|NULL\n");
    schema_free(&s);
    filesrc_opts_free(&o);
    p = put_file("cm.csv", "# comment\na,b\n# another, one\n1,2\n\n3,4");
    o = (SrcOpts){0};
    filesrc_opts_set(&o, "header", "true");
    filesrc_opts_set(&o, "comment", "#");
    s = ddl("a INT, b INT");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s), "1|2\n3|4\n");
    schema_free(&s);
    filesrc_opts_free(&o);
}

static void csv_modes(void) {
    const char *p = put_file("bad.csv", "1,x\n2\n3,y,extra\nz,w\n");
    char path[512];
    snprintf(path, sizeof path, "%s", p);
    Schema s = ddl("a INT, b STRING, _corrupt_record STRING");
    CHECK_TAKE(read_all(path, SRC_CSV, NULL, &s),
               "1|x|NULL\n2|NULL|2\n3|y|3,y,extra\nNULL|w|z,w\n");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "mode", "DROPMALFORMED");
    CHECK_TAKE(read_all(path, SRC_CSV, &o, &s), "1|x|NULL\n");
    filesrc_opts_set(&o, "mode", "FAILFAST");
    char want[700];
    snprintf(want, sizeof want,
             "ERR: %s:2: error: malformed CSV record: wrong number of fields (parse mode FAILFAST)",
             path);
    CHECK_TAKE(read_all(path, SRC_CSV, &o, &s), want);
    schema_free(&s);
    filesrc_opts_free(&o);
    s = ddl("a INT, b STRING, _rescued_data STRING");
    snprintf(want, sizeof want,
             "1|x|NULL\n2|NULL|NULL\n3|y|NULL\nNULL|w|{\"a\":\"z\",\"_file_path\":\"%s\"}\n",
             path);
    CHECK_TAKE(read_all(path, SRC_CSV, NULL, &s), want);
    schema_free(&s);
}

static void csv_whitespace_crlf_casts(void) {
    const char *p = put_file("ws.csv", "\xEF\xBB\xBF a , b \r\n 1 , x y \r\n");
    SrcOpts o = {0};
    Schema s = ddl("a STRING, b STRING");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s), " a | b \n 1 | x y \n");
    filesrc_opts_set(&o, "ignoreLeadingWhiteSpace", "true");
    filesrc_opts_set(&o, "ignoreTrailingWhiteSpace", "true");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s), "a|b\n1|x y\n");
    filesrc_opts_set(&o, "header", "true");
    filesrc_opts_set(&o, "inferSchema", "true");
    CHECK_TAKE(infer_text(p, SRC_CSV, &o, NULL), "a int, b string");
    schema_free(&s);
    filesrc_opts_free(&o);
    p = put_file("cast.csv", "2024-01-02,1.005,-7,NaN,TRUE\n2024-02-30,x,99999999999,1e2,no\n");
    s = ddl("d DATE, m DECIMAL(5,2), i SMALLINT, f DOUBLE, b BOOLEAN, _corrupt_record STRING");
    CHECK_TAKE(read_all(p, SRC_CSV, NULL, &s),
               "19724|101|-7|nan|true|NULL\n"
               "NULL|NULL|NULL|100|NULL|2024-02-30,x,99999999999,1e2,no\n");
    schema_free(&s);
    o = (SrcOpts){0};
    filesrc_opts_set(&o, "encoding", "latin1");
    s = ddl("a STRING");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s), "ERR: only UTF-8 encoding is supported");
    schema_free(&s);
    filesrc_opts_free(&o);
}

static void csv_ranges_and_header(void) {
    const char *data = "h1,h2\n1,a\n22,bb\n333,ccc\n";
    const char *p = put_file("rng.csv", data);
    SrcOpts o = {0};
    filesrc_opts_set(&o, "header", "true");
    Schema s = ddl("x INT, y STRING");
    size_t n = strlen(data);
    int ok = 1;
    for (size_t k = 0; k <= n; k++) {
        char *a = read_proj(p, SRC_CSV, &o, &s, NULL, 0, 0, (int64_t)k);
        char *b = read_proj(p, SRC_CSV, &o, &s, NULL, 0, (int64_t)k, 1000);
        StrBuf sb = {0};
        sb_printf(&sb, "%s%s", a, b);
        if (strcmp(sb.ptr, "1|a\n22|bb\n333|ccc\n") != 0)
            ok = 0, printf("  split %zu: %s\n", k, sb.ptr);
        sb_free(&sb);
        free(a);
        free(b);
    }
    CHECK(ok);
    schema_free(&s);
    filesrc_opts_free(&o);
    // a byte order mark belongs to the first record for the range rule
    p = put_file("bom.txt", "\xEF\xBB\xBF" "ab\ncd\n");
    s = ddl("value STRING");
    for (int k = 0; k <= 8; k++) {
        char *a = read_proj(p, SRC_TEXT, NULL, &s, NULL, 0, 0, k);
        char *b = read_proj(p, SRC_TEXT, NULL, &s, NULL, 0, k, 100);
        StrBuf sb = {0};
        sb_printf(&sb, "%s%s", a, b);
        CHECK_STR(sb.ptr, "ab\ncd\n");
        sb_free(&sb);
        free(a);
        free(b);
    }
    schema_free(&s);
}

static void csv_empty_and_header_only(void) {
    const char *p = put_file("empty.csv", "");
    CHECK_TAKE(infer_text(p, SRC_CSV, NULL, NULL),
               "ERR: cannot infer a schema for csv: no records; "
               "declare one with the schema option");
    p = put_file("hdronly.csv", "a,b\n");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "header", "true");
    filesrc_opts_set(&o, "inferSchema", "true");
    CHECK_TAKE(infer_text(p, SRC_CSV, &o, NULL), "a string, b string");
    Schema s = ddl("a STRING, b STRING");
    CHECK_TAKE(read_all(p, SRC_CSV, &o, &s), "");
    schema_free(&s);
    filesrc_opts_free(&o);
}

static void text_one_row_per_line(void) {
    const char *p = put_file("t.txt", "a\r\nb\n\nc\xc3\xa9");
    CHECK_TAKE(infer_text(p, SRC_TEXT, NULL, NULL), "value string");
    Schema s = ddl("value STRING");
    CHECK_TAKE(read_all(p, SRC_TEXT, NULL, &s), "a\nb\n\nc\xc3\xa9\n");
    CHECK_TAKE(read_proj(p, SRC_TEXT, NULL, &s, NULL, 0, 2, 100), "b\n\nc\xc3\xa9\n");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "wholetext", "true");
    CHECK_TAKE(read_all(p, SRC_TEXT, &o, &s), "a\r\nb\n\nc\xc3\xa9\n");
    CHECK_TAKE(read_proj(p, SRC_TEXT, &o, &s, NULL, 0, 2, 100), "");
    filesrc_opts_free(&o);
    schema_free(&s);
}

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static uint64_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void csv_fuzz_never_crashes(void) {
    const char *seed = "id,name,v\n1,\"a \"\"b\"\"\n c\",2.5\n2,x,\\\"y\n";
    Schema s = ddl("id INT, name STRING, v DOUBLE, _corrupt_record STRING, _rescued_data STRING");
    int runs = 0;
    for (int it = 0; it < 3000; it++) {
        char buf[256];
        size_t n;
        if (it % 3 == 0) {
            n = rng() % sizeof buf;
            for (size_t i = 0; i < n; i++)
                buf[i] = (char)(it % 2 ? "a,\"\n\r\\;1 "[rng() % 10] : (char)rng());
        } else {
            n = strlen(seed);
            memcpy(buf, seed, n);
            for (int m = 0; m < 1 + (int)(rng() % 4); m++)
                buf[rng() % n] = ",\"\n\r\\x1."[rng() % 9];
        }
        const char *p = put_file_n("fuzz.csv", buf, n);
        SrcOpts o = {0};
        if (it & 1) filesrc_opts_set(&o, "multiLine", "true");
        if (it & 2) filesrc_opts_set(&o, "header", "true");
        if (it & 4) filesrc_opts_set(&o, "inferSchema", "true");
        if (it & 8) filesrc_opts_set(&o, "sep", ",\"");
        if (it & 16) filesrc_opts_set(&o, "comment", "1");
        free(read_all(p, SRC_CSV, &o, &s));
        free(read_proj(p, SRC_CSV, &o, &s, NULL, 0, (int64_t)(rng() % (n + 1)), 7));
        free(infer_text(p, SRC_CSV, &o, NULL));
        free(read_all(p, SRC_TEXT, &o, &s));
        filesrc_opts_free(&o);
        runs++;
    }
    CHECK(runs == 3000);
    schema_free(&s);
}

int main(void) {
    tmp_init();
    RUN(csv_infers_in_spark_order);
    RUN(csv_header_names);
    RUN(csv_quotes_separators_null_values);
    RUN(csv_multiline_and_comments);
    RUN(csv_modes);
    RUN(csv_whitespace_crlf_casts);
    RUN(csv_ranges_and_header);
    RUN(csv_empty_and_header_only);
    RUN(text_one_row_per_line);
    RUN(csv_fuzz_never_crashes);
    tmp_cleanup();
    return test_summary();
}
