/* File-source listing (files, directories, globs, pathGlobFilter), options and the DDL
 * schema parser, and reading a Parquet file through the file-source interface. */
#include "test.h"
#include "test_src_util.h"

#include "parquet.h"

static char *list_text(const char *rel, const SrcOpts *o) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", t_dir, rel);
    SrcFileList l = {0};
    char *err = NULL;
    StrBuf sb = {0};
    if (filesrc_list(path, o, &l, &err) < 0) {
        // strip the scratch directory so expectations are stable
        const char *m = strstr(err, t_dir);
        sb_printf(&sb, "ERR: %.*s%s", m ? (int)(m - err) : (int)strlen(err), err,
                  m ? m + strlen(t_dir) : "");
        free(err);
        return sb_take(&sb);
    }
    for (uint32_t i = 0; i < l.n; i++) {
        const char *p = l.items[i].path + strlen(t_dir) + 1;
        sb_printf(&sb, "%s%s:%lld", i ? " " : "", p, (long long)l.items[i].size);
    }
    filesrc_list_free(&l);
    return sb_take(&sb);
}

static void make_tree(void) {
    put_file("d/a.json", "{}");
    put_file("d/b.json", "{}\n");
    put_file("d/sub/c.json", "{\"x\":1}");
    put_file("d/sub/deeper/e.json", "");
    put_file("d/_hidden.json", "{}");
    put_file("d/.dot.json", "{}");
    put_file("d/sub/_SUCCESS", "");
    put_file("d/_delta_log/0.json", "{}");
    put_file("d/x.csv", "a,b\n");
}

static void list_dirs_and_globs(void) {
    make_tree();
    CHECK_TAKE(list_text("d", NULL),
               "d/a.json:2 d/b.json:3 d/sub/c.json:7 d/sub/deeper/e.json:0 d/x.csv:4");
    CHECK_TAKE(list_text("d/", NULL),
               "d/a.json:2 d/b.json:3 d/sub/c.json:7 d/sub/deeper/e.json:0 d/x.csv:4");
    CHECK_TAKE(list_text("d/a.json", NULL), "d/a.json:2");
    CHECK_TAKE(list_text("d/*.json", NULL), "d/a.json:2 d/b.json:3");
    CHECK_TAKE(list_text("d/**/*.json", NULL),
               "d/a.json:2 d/b.json:3 d/sub/c.json:7 d/sub/deeper/e.json:0");
    CHECK_TAKE(list_text("d/*/*.json", NULL), "d/sub/c.json:7");
    CHECK_TAKE(list_text("d/{a,x}.*", NULL), "d/a.json:2 d/x.csv:4");
    CHECK_TAKE(list_text("d/[ab].json", NULL), "d/a.json:2 d/b.json:3");
    CHECK_TAKE(list_text("d/[!a].json", NULL), "d/b.json:3");
    CHECK_TAKE(list_text("d/?.csv", NULL), "d/x.csv:4");
    SrcOpts o = {0};
    filesrc_opts_set(&o, "pathGlobFilter", "*.csv");
    CHECK_TAKE(list_text("d", &o), "d/x.csv:4");
    filesrc_opts_free(&o);
    CHECK_TAKE(list_text("nope", NULL), "ERR: path does not exist: /nope");
    CHECK_TAKE(list_text("d/*.parquet", NULL),
               "ERR: path does not exist: /d/*.parquet (no file matches the pattern)");
}

static void glob_matching(void) {
    CHECK(filesrc_glob_match("*.json", "a.json"));
    CHECK(!filesrc_glob_match("*.json", "x/a.json"));
    CHECK(filesrc_glob_match("**.json", "x/a.json"));
    CHECK(filesrc_glob_match("a/**/b", "a/b"));
    CHECK(filesrc_glob_match("a/**/b", "a/x/y/b"));
    CHECK(filesrc_glob_match("{x,y{1,2}}z", "y2z"));
    CHECK(!filesrc_glob_match("{x,y{1,2}}z", "y3z"));
    CHECK(filesrc_glob_match("[a-c]?", "bz"));
    CHECK(!filesrc_glob_match("[a-c]?", "dz"));
    CHECK(filesrc_glob_match("\\*", "*"));
    CHECK(!filesrc_glob_match("[abc", "a"));
    CHECK(!filesrc_glob_match("{a,b", "a"));
}

static void options_and_formats(void) {
    SrcOpts o = {0};
    filesrc_opts_set(&o, "cloudFiles.inferColumnTypes", "TRUE");
    filesrc_opts_set(&o, "Header", "true");
    filesrc_opts_set(&o, "header", "false");
    CHECK_STR(filesrc_opts_get(&o, "inferColumnTypes"), "TRUE");
    CHECK(filesrc_opts_bool(&o, "INFERCOLUMNTYPES", false));
    CHECK(!filesrc_opts_bool(&o, "header", true));
    CHECK(o.n == 2);
    CHECK(filesrc_opts_get(&o, "sep") == NULL);
    filesrc_opts_free(&o);
    CHECK(filesrc_format_parse("JSON") == SRC_JSON);
    CHECK(filesrc_format_parse("orc") == SRC_UNKNOWN);
    CHECK(filesrc_format_from_path("x/y.CSV") == SRC_CSV);
    CHECK(filesrc_format_from_path("y.jsonl") == SRC_JSON);
    CHECK(filesrc_format_from_path("y.parquet") == SRC_PARQUET);
    CHECK_STR(filesrc_format_name(SRC_TEXT), "text");
}

static void ddl_parsing(void) {
    Schema s;
    char *err = NULL;
    CHECK(filesrc_parse_ddl("id BIGINT, `a ``b` decimal(9, 2) NOT NULL, s STRING COMMENT 'x, y',"
                            " d date", &s, &err) == 0);
    CHECK_TAKE(schema_text(&s), "id bigint, a `b decimal(9,2), s string, d date");
    CHECK(s.ncols == 4 && s.cols[0].nullable && !s.cols[1].nullable);
    schema_free(&s);
    CHECK(filesrc_parse_ddl("id BIGINTX", &s, &err) < 0);
    CHECK_STR(err, "cannot parse schema 'id BIGINTX': unexpected end");
    free(err);
    CHECK(filesrc_parse_ddl("", &s, &err) < 0);
    free(err);
    CHECK(filesrc_parse_ddl("a int,, b int", &s, &err) < 0);
    free(err);
}

static void parquet_source(void) {
    Schema s;
    char *err = NULL;
    filesrc_parse_ddl("id BIGINT, name STRING, score DOUBLE", &s, &err);
    char path[512];
    snprintf(path, sizeof path, "%s/p/data.parquet", t_dir);
    put_file("p/keep", "");
    PqWriteOpts wo = {0};
    wo.codec = PQ_CODEC_SNAPPY;
    PqWriter *w = pq_writer_open(path, &s, &wo, &err);
    CHECK(w != NULL);
    if (!w) {
        printf("  %s\n", err);
        free(err);
        schema_free(&s);
        return;
    }
    Type types[] = {s.cols[0].type, s.cols[1].type, s.cols[2].type};
    Batch *b = batch_new(types, 3);
    for (uint32_t i = 0; i < 3; i++) {
        ((int64_t *)b->cols[0].data)[i] = 10 + i;
        ((Str *)b->cols[1].data)[i] = batch_str(b, "abc", i + 1);
        ((double *)b->cols[2].data)[i] = i * 0.5;
    }
    vec_set_null(&b->cols[2], 1);
    b->nrows = 3;
    PqFileStats st;
    CHECK(pq_writer_write(w, b, &err) == 0);
    CHECK(pq_writer_finish(w, &st, &err) == 0);
    pq_writer_free(w);
    batch_free(b);
    SrcFileList l = {0};
    char pat[600];
    snprintf(pat, sizeof pat, "%s/p/*.parquet", t_dir);
    CHECK(filesrc_list(pat, NULL, &l, &err) == 0);
    Schema inf;
    CHECK(filesrc_infer(&l, SRC_PARQUET, NULL, &inf, NULL, &err) == 0);
    CHECK_TAKE(schema_text(&inf), "id bigint, name string, score double");
    CHECK_TAKE(read_all(path, SRC_PARQUET, NULL, &inf), "10|a|0\n11|ab|NULL\n12|abc|1\n");
    int cols[] = {2, 0};
    CHECK_TAKE(read_proj(path, SRC_PARQUET, NULL, &inf, cols, 2, 0, -1), "0|10\nNULL|11\n1|12\n");
    // a byte range short of the row group's midpoint (the chunks hold > 8 bytes) reads nothing
    CHECK_TAKE(read_proj(path, SRC_PARQUET, NULL, &inf, cols, 2, 4, 8), "");
    schema_free(&inf);
    filesrc_list_free(&l);
    schema_free(&s);
    filesrc_parse_ddl("missing STRING, id BIGINT", &s, &err);
    CHECK_TAKE(read_all(path, SRC_PARQUET, NULL, &s), "NULL|10\nNULL|11\nNULL|12\n");
    schema_free(&s);
    filesrc_parse_ddl("id INT", &s, &err);
    char *got = read_all(path, SRC_PARQUET, NULL, &s);
    CHECK(strstr(got, "error: column 'id' is bigint in the file, not int") != NULL);
    free(got);
    schema_free(&s);
}

static void parquet_row_group_pruning(void) {
    Schema s;
    char *err = NULL;
    filesrc_parse_ddl("id BIGINT", &s, &err);
    char path[512];
    snprintf(path, sizeof path, "%s/p/groups.parquet", t_dir);
    put_file("p/keep", "");
    PqWriteOpts wo = {0};
    wo.row_group_rows = 2;
    PqWriter *w = pq_writer_open(path, &s, &wo, &err);
    CHECK(w != NULL);
    if (!w) {
        free(err);
        schema_free(&s);
        return;
    }
    Batch *b = batch_new(&s.cols[0].type, 1);
    for (uint32_t i = 0; i < 4; i++) ((int64_t *)b->cols[0].data)[i] = 10 + i;
    b->nrows = 4;
    PqFileStats st;
    CHECK(pq_writer_write(w, b, &err) == 0);
    CHECK(pq_writer_finish(w, &st, &err) == 0);
    pq_writer_free(w);
    batch_free(b);
    SrcFile f = {path, 0, 0, 0};
    FileReader *r = filesrc_open(&f, SRC_PARQUET, NULL, &s, NULL, 0, &err);
    CHECK(r != NULL);
    FilePred pred = {0, FP_GT, {.type = TYPE(TY_BIGINT), .v.i = 11}};
    CHECK(filesrc_prune(r, &pred, 1, &err) == 0);
    b = filesrc_batch_new(r);
    StrBuf sb = {0};
    while (filesrc_next(r, b, &err) > 0)
        for (uint32_t i = 0; i < b->nrows; i++)
            sb_printf(&sb, "%lld ", (long long)((int64_t *)b->cols[0].data)[i]);
    CHECK_STR(sb_cstr(&sb), "12 13 ");
    sb_free(&sb);
    batch_free(b);
    filesrc_close(r);
    schema_free(&s);
}

/* infer the schema of a listing and read all its files: "schema\nrows" */
static char *scan_all(const char *rel, SrcFormat fmt, const SrcOpts *o) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", t_dir, rel);
    SrcFileList l = {0};
    char *err = NULL;
    if (filesrc_list(path, o, &l, &err) < 0) return err;
    Schema s;
    if (filesrc_infer(&l, fmt, o, &s, NULL, &err) < 0) {
        filesrc_list_free(&l);
        return err;
    }
    StrBuf sb = {0};
    char *t = schema_text(&s);
    sb_printf(&sb, "%s\n", t);
    free(t);
    for (uint32_t i = 0; i < l.n; i++) {
        FileReader *r = filesrc_open(&l.items[i], fmt, o, &s, NULL, 0, &err);
        if (!r) {
            sb_printf(&sb, "ERR %s\n", err);
            free(err);
            continue;
        }
        Batch *b = filesrc_batch_new(r);
        while (filesrc_next(r, b, &err) > 0)
            for (uint32_t k = 0; k < b->nrows; k++)
                for (uint32_t c = 0; c < b->ncols; c++) {
                    dump_value(&sb, &b->cols[c], k);
                    sb_putc(&sb, c + 1 < b->ncols ? '|' : '\n');
                }
        batch_free(b);
        filesrc_close(r);
    }
    schema_free(&s);
    filesrc_list_free(&l);
    return sb_take(&sb);
}

static void partition_discovery(void) {
    put_file("pt/year=2024/month=01/a.json", "{\"v\": 1}\n");
    put_file("pt/year=2024/month=02/b.json", "{\"v\": 2, \"month\": 77}\n");
    put_file("pt/year=__HIVE_DEFAULT_PARTITION__/month=3/c.json", "{\"v\": 3}\n");
    // a data field named like a partition column takes the partition's type and value
    CHECK_TAKE(scan_all("pt", SRC_JSON, NULL), "month int, v bigint, year int\n"
                                               "1|1|2024\n2|2|2024\n3|3|NULL\n");
    CHECK_TAKE(scan_all("pt/*/*/*.json", SRC_JSON, NULL), "month int, v bigint, year int\n"
                                                          "1|1|2024\n2|2|2024\n3|3|NULL\n");
    CHECK_TAKE(scan_all("pt/year=2024", SRC_JSON, NULL), "month int, v bigint\n1|1\n2|2\n");
    SrcOpts o = {0};
    char base[512];
    snprintf(base, sizeof base, "%s/pt", t_dir);
    filesrc_opts_set(&o, "basePath", base);
    CHECK_TAKE(scan_all("pt/year=2024", SRC_JSON, &o), "month int, v bigint, year int\n"
                                                       "1|1|2024\n2|2|2024\n");
    filesrc_opts_set(&o, "inferColumnTypes", "false");
    CHECK_TAKE(scan_all("pt/year=2024", SRC_JSON, &o), "month string, v string, year string\n"
                                                       "01|1|2024\n02|2|2024\n");
    filesrc_opts_free(&o);
    // a single file: no discovery; CSV: partition columns take no field position
    CHECK_TAKE(scan_all("pt/year=2024/month=01/a.json", SRC_JSON, NULL), "v bigint\n1\n");
    put_file("pc/k=a%20b/day=2024-01-02/x.csv", "1,2\n");
    o = (SrcOpts){0};
    filesrc_opts_set(&o, "inferSchema", "true");
    CHECK_TAKE(scan_all("pc", SRC_CSV, &o),
               "_c0 int, _c1 int, k string, day date\n1|2|a b|19724\n");
    filesrc_opts_free(&o);
    CHECK_TAKE(scan_all("pc", SRC_TEXT, NULL), "value string, k string, day date\n1,2|a b|19724\n");
}

int main(void) {
    tmp_init();
    RUN(list_dirs_and_globs);
    RUN(glob_matching);
    RUN(options_and_formats);
    RUN(ddl_parsing);
    RUN(parquet_source);
    RUN(parquet_row_group_pruning);
    RUN(partition_discovery);
    tmp_cleanup();
    return test_summary();
}
