/* DuckDB interop: files Sluice writes (every type, NULLs, every codec) are read
 * by DuckDB, which copies them into new files with its own writer (codecs,
 * dictionary or plain, PARQUET_VERSION v2 for DELTA_* encodings); Sluice reads
 * those back and checks every value against the generator. Skips when node or
 * the @duckdb/node-api package is missing. */
#include "test_parquet_gen.h"

#include "str.h"

#include <sys/stat.h>

static char modules[512];

static bool duckdb_available(void) {
    const char *home = getenv("HOME");
    if (!home) return false;
    snprintf(modules, sizeof modules, "%s/.cache/sluice-duckdb/node_modules", home);
    char pkg[600];
    snprintf(pkg, sizeof pkg, "%s/@duckdb/node-api/package.json", modules);
    struct stat st;
    return stat(pkg, &st) == 0 && system("node --version >/dev/null 2>&1") == 0;
}

/* Run SQL statements (separated by ";\n") in DuckDB; stdout into out (may be NULL). */
static int duck(const char *sql, char *out, size_t cap) {
    char script[300], sqlf[300], outf[300], cmd[2000];
    snprintf(script, sizeof script, "%s/run.mjs", tmpdir);
    snprintf(sqlf, sizeof sqlf, "%s/q.sql", tmpdir);
    snprintf(outf, sizeof outf, "%s/out.txt", tmpdir);
    FILE *f = fopen(script, "w");
    // ES modules ignore NODE_PATH: resolve the package from its folder explicitly
    fprintf(f,
            "import { createRequire } from 'node:module';\n"
            "const require = createRequire('%s/');\n",
            modules);
    fputs(
        "import { readFileSync } from 'node:fs';\n"
        "const { DuckDBInstance } = require('@duckdb/node-api');\n"
        "const stmts = readFileSync(process.argv[2], 'utf8').split(/;\\n/).filter(s => s.trim());\n"
        "const db = await DuckDBInstance.create(':memory:', { threads: '2' });\n"
        "const con = await db.connect();\n"
        "let last = null;\n"
        "for (const s of stmts) last = await con.runAndReadAll(s);\n"
        "if (last) for (const row of last.getRowsJson()) console.log(row.join('|'));\n",
        f);
    fclose(f);
    f = fopen(sqlf, "w");
    fputs(sql, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "cd %s && NODE_PATH=%s node %s %s > %s 2>&1", tmpdir, modules, script,
             sqlf, outf);
    int rc = system(cmd);
    char *text = read_file(outf, NULL);
    if (out && text) snprintf(out, cap, "%s", text);
    if (rc != 0 && text) printf("  duckdb: %.300s\n", text);
    free(text);
    return rc;
}

static void test_duckdb_reads_sluice_and_back(void) {
    PqCodec cs[] = {PQ_CODEC_UNCOMPRESSED, PQ_CODEC_SNAPPY, PQ_CODEC_GZIP, PQ_CODEC_ZSTD,
                    PQ_CODEC_LZ4_RAW};
    for (int k = 0; k < 5; k++)
        for (int nullable = 0; nullable < 2; nullable++) {
            char src[300], dst[300], sql[1200], out[4096];
            snprintf(src, sizeof src, "%s", tmp_path());
            PqWriteOpts o = {cs[k], 3000, 1000, k == 2};
            int64_t nrows = 7777;
            CHECK(write_file(src, nrows, nullable, &o, NULL, NULL) == 0);
            // DuckDB counts rows and non-nulls; then rewrites the file with its own writer
            snprintf(sql, sizeof sql, "SELECT count(*), count(str), count(dec38) FROM '%s'", src);
            CHECK(duck(sql, out, sizeof out) == 0);
            int64_t n = -1, nstr = -1, ndec = -1;
            sscanf(out, "%lld|%lld|%lld", (long long *)&n, (long long *)&nstr, (long long *)&ndec);
            int64_t want_str = 0, want_dec = 0;
            for (int64_t i = 0; i < nrows; i++) {
                want_str += !is_null(10, i, nullable);
                want_dec += !is_null(9, i, nullable);
            }
            CHECK(n == nrows && nstr == want_str && ndec == want_dec);
            snprintf(dst, sizeof dst, "%s", tmp_path());
            snprintf(sql, sizeof sql, "COPY (SELECT * FROM '%s') TO '%s' (FORMAT parquet)", src,
                     dst);
            CHECK(duck(sql, NULL, 0) == 0);
            CHECK(read_check(dst, nullable, NULL, 0) == nrows);
        }
}

/* An empty file (0 rows, no row groups) and a one-row file. */
static void test_duckdb_empty_and_one_row(void) {
    for (int64_t nrows = 0; nrows < 2; nrows++) {
        char src[300], sql[600], out[256];
        snprintf(src, sizeof src, "%s", tmp_path());
        CHECK(write_file(src, nrows, true, NULL, NULL, NULL) == 0);
        snprintf(sql, sizeof sql, "SELECT count(*), count(ts), count(str), sum(length(lng)) FROM '%s'", src);
        CHECK(duck(sql, out, sizeof out) == 0);
        char want[256];
        // row 0: str is NULL; lng is "row-0-" and 2000 letters
        snprintf(want, sizeof want, nrows ? "1|1|0|2006\n" : "0|0|0|\n");
        if (strcmp(out, want) != 0) printf("  got %s", out);
        CHECK(strcmp(out, want) == 0);
    }
}

static void test_sluice_reads_duckdb_variants(void) {
    char src[300];
    snprintf(src, sizeof src, "%s", tmp_path());
    int64_t nrows = 50000;
    PqWriteOpts o = {PQ_CODEC_SNAPPY, 0, 0, false};
    CHECK(write_file(src, nrows, true, &o, NULL, NULL) == 0);
    const char *opts[] = {
        "COMPRESSION snappy",
        "COMPRESSION zstd",
        "COMPRESSION gzip",
        "COMPRESSION uncompressed",
        "COMPRESSION snappy, PARQUET_VERSION v2",
        "COMPRESSION zstd, PARQUET_VERSION v2",
        "COMPRESSION uncompressed, ROW_GROUP_SIZE 5000, PARQUET_VERSION v2",
        "COMPRESSION lz4_raw",
        "COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1",
    };
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
        char dst[300], sql[1200];
        snprintf(dst, sizeof dst, "%s", tmp_path());
        snprintf(sql, sizeof sql, "COPY (SELECT * FROM '%s') TO '%s' (FORMAT parquet, %s)", src,
                 dst, opts[k]);
        if (duck(sql, NULL, 0) != 0) {
            printf("  duckdb refused: %s\n", opts[k]);
            t_cur_failed = 1;
            continue;
        }
        int64_t got = read_check(dst, true, NULL, 0);
        if (got != nrows) printf("  variant failed: %s\n", opts[k]);
        CHECK(got == nrows);
    }
}

/* Types DuckDB writes with converted types only or other units: unsigned ints
 * (widened), TIMESTAMP MILLIS / NANOS (floor), decimals on INT32 / INT64 / FLBA. */
static void test_duckdb_other_types(void) {
    char dst[300], sql[1500];
    snprintf(dst, sizeof dst, "%s", tmp_path());
    snprintf(
        sql, sizeof sql,
        "COPY (SELECT (range %% 200)::UTINYINT AS u8, (range*300 %% 60000)::USMALLINT AS u16, "
        "(range * 4000000)::UINTEGER AS u32, (range * 9000000000000000)::UBIGINT AS u64, "
        "make_timestamp(range * 1000000 - 5000000)::TIMESTAMP_MS AS tms, "
        "make_timestamp_ns(range * 1000000123 - 5000000000) AS tns, "
        "(range * 123 - 50000)::DECIMAL(38,3) AS d38, (range * 7 - 3000)::DECIMAL(18,2) AS d18, "
        "(range - 500)::DECIMAL(4,1) AS d4 FROM range(1000)) TO '%s' (FORMAT parquet)",
        dst);
    CHECK(duck(sql, NULL, 0) == 0);
    char *err = NULL;
    PqReader *r = pq_open(dst, &err);
    CHECK(r != NULL);
    if (!r) {
        printf("  %s\n", err);
        free(err);
        return;
    }
    const Schema *s = pq_schema(r);
    const TypeId want[9] = {TY_SMALLINT,  TY_INT,     TY_BIGINT,  TY_BIGINT, TY_TIMESTAMP,
                            TY_TIMESTAMP, TY_DECIMAL, TY_DECIMAL, TY_DECIMAL};
    CHECK(s->ncols == 9);
    Type types[9];
    for (int c = 0; c < 9 && c < (int)s->ncols; c++) {
        CHECK(s->cols[c].type.id == want[c]);
        types[c] = s->cols[c].type;
    }
    CHECK(s->cols[6].type.precision == 38 && s->cols[6].type.scale == 3);
    Batch *b = batch_new(types, 9);
    int64_t i = 0, bad = 0;
    while (pq_next(r, b, &err) == 1)
        for (uint32_t k = 0; k < b->nrows; k++, i++) {
            int64_t tns = i * 1000000123ll - 5000000000ll;
            int64_t tus = tns / 1000 - (tns % 1000 < 0);
            bad += ((int16_t *)b->cols[0].data)[k] != i % 200;
            bad += ((int32_t *)b->cols[1].data)[k] != i * 300 % 60000;
            bad += ((int64_t *)b->cols[2].data)[k] != i * 4000000;
            bad += ((int64_t *)b->cols[3].data)[k] != i * 9000000000000000ll;
            bad += ((int64_t *)b->cols[4].data)[k] != i * 1000000 - 5000000;
            bad += ((int64_t *)b->cols[5].data)[k] != tus;
            bad += ((i128 *)b->cols[6].data)[k] != (i128)(i * 123 - 50000) * 1000;
            bad += ((i128 *)b->cols[7].data)[k] != (i128)(i * 7 - 3000) * 100;
            bad += ((i128 *)b->cols[8].data)[k] != (i128)(i - 500) * 10;
        }
    CHECK(i == 1000 && bad == 0);
    batch_free(b);
    pq_close(r);
}

int main(void) {
    if (!duckdb_available()) {
        printf("SKIP test_parquet_duckdb: duckdb not installed\n");
        return 0;
    }
    if (!mkdtemp(tmpdir)) return 2;
    RUN(test_duckdb_reads_sluice_and_back);
    RUN(test_duckdb_empty_and_one_row);
    RUN(test_sluice_reads_duckdb_variants);
    RUN(test_duckdb_other_types);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) return 2;
    return test_summary();
}
