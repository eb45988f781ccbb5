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
    fprintf(f, "import { createRequire } from 'node:module';\n"
               "const require = createRequire('%s/');\n", modules);
    fputs("import { readFileSync } from 'node:fs';\n"
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

static void test_sluice_reads_duckdb_variants(void) {
    char src[300];
    snprintf(src, sizeof src, "%s", tmp_path());
    int64_t nrows = 50000;
    PqWriteOpts o = {PQ_CODEC_SNAPPY, 0, 0, false};
    CHECK(write_file(src, nrows, true, &o, NULL, NULL) == 0);
    const char *opts[] = {
        "COMPRESSION snappy", "COMPRESSION zstd", "COMPRESSION gzip", "COMPRESSION uncompressed",
        "COMPRESSION snappy, PARQUET_VERSION v2", "COMPRESSION zstd, PARQUET_VERSION v2",
        "COMPRESSION uncompressed, ROW_GROUP_SIZE 5000, PARQUET_VERSION v2",
        "COMPRESSION lz4_raw", "COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1",
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

int main(void) {
    if (!duckdb_available()) {
        printf("SKIP test_parquet_duckdb: duckdb not installed\n");
        return 0;
    }
    if (!mkdtemp(tmpdir)) return 2;
    RUN(test_duckdb_reads_sluice_and_back);
    RUN(test_sluice_reads_duckdb_variants);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) return 2;
    return test_summary();
}
