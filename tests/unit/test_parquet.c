/* Parquet reader and writer: the file and encoding test vectors T7-T11 of
 * storage-format.md section 9, round trips of every type with NULLs, codecs,
 * dictionary fallback, many row groups and pages, statistics and row-group
 * skipping, and rejection of nested or encrypted files. */
#include "parquet.h"
#include "pq_internal.h"
#include "test.h"
#include "test_parquet_gen.h"
#include "thrift.h"
#include "compress.h"

#include <dirent.h>
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

/* ---- encodings: T8-T11 ---- */

static bool rle_eq(const uint8_t *b, size_t n, int w, const uint32_t *want, uint32_t cnt) {
    PqRle r;
    uint32_t got[256];
    pq_rle_init(&r, b, n, w);
    if (pq_rle_get(&r, got, cnt) != cnt) return false;
    return memcmp(got, want, cnt * 4) == 0;
}

static bool enc_eq(const uint32_t *vals, uint32_t n, int w, const uint8_t *want, size_t wn) {
    StrBuf b = {0};
    pq_rle_encode(&b, vals, n, w);
    bool ok = b.len == wn && memcmp(b.ptr, want, wn) == 0;
    sb_free(&b);
    return ok;
}

static void test_t8_hybrid_runs(void) {
    const uint32_t seq[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    const uint8_t bp[] = {0x03, 0x88, 0xC6, 0xFA};
    CHECK(rle_eq(bp, sizeof bp, 3, seq, 8));
    CHECK(enc_eq(seq, 8, 3, bp, sizeof bp));
    uint32_t fives[100];
    for (int i = 0; i < 100; i++) fives[i] = 5;
    const uint8_t rle[] = {0xC8, 0x01, 0x05};
    CHECK(rle_eq(rle, sizeof rle, 3, fives, 100));
    CHECK(enc_eq(fives, 100, 3, rle, sizeof rle));
    const uint8_t defs[] = {0x03, 0xED}; // after the u32 length 2
    const uint32_t dwant[8] = {1, 0, 1, 1, 0, 1, 1, 1};
    CHECK(rle_eq(defs, sizeof defs, 1, dwant, 8));
    const uint32_t mixed[13] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0};
    const uint8_t mb[] = {0x14, 0x01, 0x03, 0x02};
    CHECK(rle_eq(mb, sizeof mb, 1, mixed, 13));
    CHECK(enc_eq(mixed, 13, 1, mb, sizeof mb));
    const uint32_t idx[10] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
    const uint8_t ib[] = {0x05, 0x24, 0x49, 0x02, 0x00};
    CHECK(rle_eq(ib, sizeof ib, 2, idx, 10));
    CHECK(enc_eq(idx, 10, 2, ib, sizeof ib));
    const uint8_t duck[] = {0xA0, 0x1F, 0x01};
    uint8_t lv[2000];
    PqRle r;
    pq_rle_init(&r, duck, sizeof duck, 1);
    CHECK(pq_rle_get8(&r, lv, 2000) == 2000 && lv[0] == 1 && lv[1999] == 1);
    // truncated: asking for more than the data holds gives fewer, never reads past the end
    pq_rle_init(&r, bp, 2, 3);
    uint32_t out[8];
    CHECK(pq_rle_get(&r, out, 8) < 8);
    // the encoder round-trips long mixed sequences at every width
    for (int w = 1; w <= 20; w++) {
        uint32_t vals[3000], back[3000];
        uint64_t h = (uint64_t)w;
        for (int i = 0; i < 3000; i++) {
            h = h * 6364136223846793005ull + 1442695040888963407ull;
            vals[i] = (i / 37) % 3 == 0 ? 1u : (uint32_t)(h >> 40) & ((1u << w) - 1);
        }
        StrBuf b = {0};
        pq_rle_encode(&b, vals, 3000, w);
        pq_rle_init(&r, (const uint8_t *)b.ptr, b.len, w);
        CHECK(pq_rle_get(&r, back, 3000) == 3000 && memcmp(vals, back, sizeof vals) == 0);
        sb_free(&b);
    }
}

static bool delta_eq(const uint8_t *b, size_t n, bool is32, const int64_t *want, uint32_t cnt,
                     size_t want_used) {
    int64_t got[64];
    uint32_t k;
    size_t used;
    if (pq_delta_decode(b, n, is32, got, 64, &k, &used) < 0) return false;
    return k == cnt && used == want_used && memcmp(got, want, cnt * 8) == 0;
}

static void test_t9_delta_binary_packed(void) {
    const uint8_t a[] = {0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00,
                         0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    const int64_t av[] = {7, 5, 3, 1, 2, 3, 4, 5};
    CHECK(delta_eq(a, sizeof a, true, av, 8, 18));
    const uint8_t b[] = {0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00};
    const int64_t bv[] = {1, 2, 3, 4, 5};
    CHECK(delta_eq(b, sizeof b, false, bv, 5, 10));
    const uint8_t c[] = {0x80, 0x01, 0x04, 0x01, 0x54};
    const int64_t cv[] = {42};
    CHECK(delta_eq(c, sizeof c, true, cv, 1, 5));
    uint8_t d[10 + 28] = {0x80, 0x01, 0x04, 0x04, 0x01, 0x01, 0x07, 0x00, 0x00, 0x00};
    // relative deltas 0,0,104 at width 7: bits 14..20 hold 104
    d[10 + 1] = (uint8_t)(104 << 6);
    d[10 + 2] = (uint8_t)(104 >> 2);
    const int64_t dv[] = {-1, -2, -3, 100};
    CHECK(delta_eq(d, sizeof d, true, dv, 4, sizeof d));
    const uint8_t e[] = {0x80, 0x10, 0x08, 0xD0, 0x0F, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0};
    int64_t ev[2000];
    uint32_t k;
    size_t used;
    CHECK(pq_delta_decode(e, sizeof e, false, ev, 2000, &k, &used) == 0 && k == 2000 &&
          used == 15 && ev[0] == 0 && ev[1999] == 1999);
    // truncations of a valid stream fail cleanly
    for (size_t n = 0; n < sizeof a; n++) CHECK(pq_delta_decode(a, n, true, ev, 64, &k, &used) < 0);
}

static void init_cursor(PqColCursor *c, int phys, int type_length) {
    memset(c, 0, sizeof *c);
    c->phys = phys;
    c->type_length = type_length;
    c->path = "x";
}

static void test_t10_byte_array_encodings(void) {
    PqColCursor c;
    PqValues v;
    init_cursor(&c, PT_BYTE_ARRAY, 0);
    uint8_t dl[64] = {0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01,
                      0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00};
    memcpy(dl + 14, "HelloWorldFoobarABCDEF", 22);
    CHECK(pq_decode_values(&c, PE_DELTA_LENGTH_BYTE_ARRAY, dl, 36, 4, &v) == 0);
    CHECK(v.n == 4 && v.strs[2].len == 6 && memcmp(v.strs[2].ptr, "Foobar", 6) == 0 &&
          memcmp(v.strs[3].ptr, "ABCDEF", 6) == 0);
    const uint8_t pre[] = {0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x44,
                           0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    const uint8_t suf[] = {0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 0x03, 0x00, 0x00, 0x00, 0x70,
                           0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    uint8_t dba[128];
    memcpy(dba, pre, sizeof pre);
    memcpy(dba + sizeof pre, suf, sizeof suf);
    memcpy(dba + 44, "axislebabbleyhood", 17);
    CHECK(pq_decode_values(&c, PE_DELTA_BYTE_ARRAY, dba, 61, 4, &v) == 0);
    const char *want[] = {"axis", "axle", "babble", "babyhood"};
    for (int i = 0; i < 4; i++)
        CHECK(v.strs[i].len == strlen(want[i]) &&
              memcmp(v.strs[i].ptr, want[i], v.strs[i].len) == 0);
    CHECK(pq_decode_values(&c, PE_DELTA_BYTE_ARRAY, dba, 50, 4, &v) < 0); // truncated
    pq_col_free(&c);
    init_cursor(&c, PT_FLOAT, 0);
    const uint8_t bss[] = {0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x3F, 0x40};
    CHECK(pq_decode_values(&c, PE_BYTE_STREAM_SPLIT, bss, 8, 2, &v) == 0);
    float f[2];
    memcpy(f, v.fixed, 8);
    CHECK(f[0] == 1.0f && f[1] == 2.0f);
    CHECK(pq_decode_values(&c, 10, bss, 8, 2, &v) < 0 &&
          strstr(c.errbuf, "unsupported encoding 10"));
    pq_col_free(&c);
}

static void test_t11_values(void) {
    const uint8_t i96[] = {0x00, 0xD0, 0x03, 0x61, 0xED, 0x28, 0x00, 0x00, 0x97, 0x8A, 0x25, 0x00};
    PqValues v = {.n = 1, .fixed = i96};
    int64_t us = 0;
    CHECK(pq_convert(CV_INT96, &v, 0, 1, &us, NULL) == 0);
    CHECK(us == (int64_t)19723 * 86400000000ll + 45000000000ll);
    const uint8_t dec[] = {0xFF, 0xFF, 0x85};
    CHECK(pq_dec_from_be(dec, 3) == -123);
    PqColCursor c;
    init_cursor(&c, PT_BOOLEAN, 0);
    const uint8_t b = 0x55;
    CHECK(pq_decode_values(&c, PE_PLAIN, &b, 1, 8, &v) == 0);
    for (int i = 0; i < 8; i++) CHECK(v.fixed[i] == (i % 2 == 0));
    pq_col_free(&c);
    // nanos floor toward -infinity; millis scale
    int64_t ns[2] = {-1, 1999}, out[2];
    v = (PqValues){.n = 2, .fixed = (const uint8_t *)ns};
    CHECK(pq_convert(CV_TS_NANOS, &v, 0, 2, out, NULL) == 0 && out[0] == -1 && out[1] == 1);
    CHECK(pq_convert(CV_TS_MILLIS, &v, 0, 2, out, NULL) == 0 && out[0] == -1000 &&
          out[1] == 1999000);
}

/* ---- statistics, skipping, selection, rejection ---- */

static void test_file_stats(void) {
    const char *p = tmp_path();
    PqWriteOpts o = {PQ_CODEC_SNAPPY, 700, 300, false};
    PqFileStats st;
    PqWriter *w = NULL;
    int64_t n = 2000;
    CHECK(write_file(p, n, true, &o, &st, &w) == 0);
    if (!w) return;
    CHECK(st.ncols == NCOLS && st.num_rows == n);
    for (int c = 0; c < NCOLS; c++) {
        int64_t nulls = 0;
        Datum lo = {0}, hi = {0};
        bool any = false;
        char b1[2200], b2[2200], b3[2200];
        for (int64_t i = 0; i < n; i++) {
            if (is_null(c, i, true)) {
                nulls++;
                continue;
            }
            Datum d = expect(c, i, b1);
            if (!any || pq_datum_cmp(&d, &lo) < 0) {
                lo = d;
                if (d.type.id == TY_STRING || d.type.id == TY_BINARY) {
                    memcpy(b2, d.v.s.ptr, d.v.s.len);
                    lo.v.s.ptr = b2;
                }
            }
            if (!any || pq_datum_cmp(&d, &hi) > 0) {
                hi = d;
                if (d.type.id == TY_STRING || d.type.id == TY_BINARY) {
                    memcpy(b3, d.v.s.ptr, d.v.s.len);
                    hi.v.s.ptr = b3;
                }
            }
            any = true;
        }
        const PqColStats *cs = &st.cols[c];
        CHECK(cs->null_count == nulls);
        CHECK(cs->has_minmax);
        if (c == 5) { // FLOAT: compare as floats
            CHECK((float)cs->min.v.d == (float)lo.v.d && (float)cs->max.v.d == (float)hi.v.d);
            continue;
        }
        if (pq_datum_cmp(&cs->min, &lo) != 0 || pq_datum_cmp(&cs->max, &hi) != 0)
            printf("  stats mismatch in column %s\n", col_names[c]), t_cur_failed = 1;
    }
    pq_writer_free(w);
}

/* A file of one BIGINT column k = 0..n-1 (nullable, NULL every 10th row in the
 * second half) in row groups of 1000 rows. */
static void write_keys(const char *p, int64_t n) {
    Schema s;
    schema_init(&s);
    schema_add(&s, "k", TYPE(TY_BIGINT), true);
    PqWriteOpts o = {PQ_CODEC_ZSTD, 1000, 0, false};
    char *err = NULL;
    PqWriter *w = pq_writer_open(p, &s, &o, &err);
    Type t = TYPE(TY_BIGINT);
    Batch *b = batch_new(&t, 1);
    for (int64_t i = 0; i < n;) {
        batch_reset(b);
        uint32_t m = 0;
        for (; m < BATCH_ROWS && i < n; m++, i++) {
            ((int64_t *)b->cols[0].data)[m] = i;
            if (i >= n / 2 && i % 10 == 0) vec_set_null(&b->cols[0], m);
        }
        b->nrows = m;
        CHECK(pq_writer_write(w, b, &err) == 0);
    }
    CHECK(pq_writer_finish(w, NULL, &err) == 0);
    pq_writer_free(w);
    batch_free(b);
    schema_free(&s);
}

static int64_t count_with(const char *p, PqOp op, int64_t v) {
    char *err = NULL;
    PqReader *r = pq_open(p, &err);
    if (!r) return -1;
    PqPred pred = {0, op, {.type = TYPE(TY_BIGINT), .v.i = v}};
    Type t = TYPE(TY_BIGINT);
    Batch *b = batch_new(&t, 1);
    int64_t rows = 0;
    CHECK(pq_select(r, NULL, 0, &pred, 1, &err) == 0);
    while (pq_next(r, b, &err) == 1) rows += b->nrows;
    batch_free(b);
    pq_close(r);
    return rows;
}

static void test_row_group_skipping(void) {
    const char *p = tmp_path();
    write_keys(p, 10000);
    CHECK(count_with(p, PQ_GE, 9500) == 1000);
    CHECK(count_with(p, PQ_GT, 8999) == 1000);
    CHECK(count_with(p, PQ_EQ, 4321) == 1000);
    CHECK(count_with(p, PQ_LT, 0) == 0);
    CHECK(count_with(p, PQ_LE, 0) == 1000);
    CHECK(count_with(p, PQ_LT, 2500) == 3000);
    CHECK(count_with(p, PQ_IS_NULL, 0) == 5000); // NULLs only in the second half
    CHECK(count_with(p, PQ_NOT_NULL, 0) == 10000);
    CHECK(count_with(p, PQ_EQ, 10000) == 0);
}

static void test_select_columns(void) {
    const char *p = tmp_path();
    PqWriteOpts o = {PQ_CODEC_SNAPPY, 1500, 400, false};
    CHECK(write_file(p, 4000, true, &o, NULL, NULL) == 0);
    int cols[] = {14, 3, 10};
    CHECK(read_check(p, true, cols, 3) == 4000);
    CHECK(read_check(p, true, cols, 0) == 4000); // no columns: rows only
    char *err = NULL;
    PqReader *r = pq_open(p, &err);
    int bad = NCOLS;
    CHECK(r && pq_select(r, &bad, 1, NULL, 0, &err) < 0 && strstr(err, "out of range"));
    free(err);
    pq_close(r);
}

static void test_dictionary_fallback(void) {
    // repeats first (the dictionary pays), then > 1 MiB of distinct values (it falls back)
    Schema s;
    schema_init(&s);
    schema_add(&s, "v", TYPE(TY_STRING), false);
    const char *p = tmp_path();
    char *err = NULL;
    PqWriter *w = pq_writer_open(p, &s, NULL, &err);
    Type t = TYPE(TY_STRING);
    Batch *b = batch_new(&t, 1);
    int64_t n = 60000;
    char buf[64];
    for (int64_t i = 0; i < n;) {
        batch_reset(b);
        uint32_t m = 0;
        for (; m < BATCH_ROWS && i < n; m++, i++) {
            int len =
                snprintf(buf, sizeof buf, "value-%040lld", (long long)(i < 25000 ? i % 10 : i));
            ((Str *)b->cols[0].data)[m] = batch_str(b, buf, (uint32_t)len);
        }
        b->nrows = m;
        CHECK(pq_writer_write(w, b, &err) == 0);
    }
    CHECK(pq_writer_finish(w, NULL, &err) == 0);
    pq_writer_free(w);
    PqReader *r = pq_open(p, &err);
    CHECK(r != NULL);
    int64_t i = 0, bad = 0;
    while (r && pq_next(r, b, &err) == 1)
        for (uint32_t k = 0; k < b->nrows; k++, i++) {
            int len =
                snprintf(buf, sizeof buf, "value-%040lld", (long long)(i < 25000 ? i % 10 : i));
            Str v = ((Str *)b->cols[0].data)[k];
            bad += v.len != (uint32_t)len || memcmp(v.ptr, buf, v.len) != 0;
        }
    CHECK(i == n && bad == 0);
    pq_close(r);
    batch_free(b);
    schema_free(&s);
}

/* A footer-only file from a hand-built FileMetaData. */
static void write_footer_file(const char *p, const ThriftWriter *tw, const char *magic) {
    FILE *f = fopen(p, "wb");
    fwrite("PAR1", 1, 4, f);
    fwrite(tw->buf.ptr, 1, tw->buf.len, f);
    uint32_t n = (uint32_t)tw->buf.len;
    fwrite(&n, 1, 4, f);
    fwrite(magic, 1, 4, f);
    fclose(f);
}

static void test_reject_nested_and_encrypted(void) {
    ThriftWriter w;
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, 1);
    thrift_w_list(&w, 2, TT_STRUCT, 3);
    thrift_w_list_struct(&w);
    thrift_w_binary(&w, 4, "schema", 6);
    thrift_w_i32(&w, 5, 1);
    thrift_w_end(&w);
    thrift_w_list_struct(&w);
    thrift_w_i32(&w, 3, 1);
    thrift_w_binary(&w, 4, "a", 1);
    thrift_w_i32(&w, 5, 1);
    thrift_w_end(&w);
    thrift_w_list_struct(&w);
    thrift_w_i32(&w, 1, PT_INT32);
    thrift_w_i32(&w, 3, 1);
    thrift_w_binary(&w, 4, "b", 1);
    thrift_w_end(&w);
    thrift_w_i64(&w, 3, 0);
    thrift_w_list(&w, 4, TT_STRUCT, 0);
    thrift_w_end(&w);
    const char *p = tmp_path();
    write_footer_file(p, &w, "PAR1");
    char *err = NULL;
    CHECK(pq_open(p, &err) == NULL);
    CHECK(err && strstr(err, "parquet: ") &&
          strstr(err, "column 'a' is a struct (a group); only flat, ARRAY and MAP columns of "
                      "primitive types are supported"));
    free(err);
    err = NULL;
    p = tmp_path();
    write_footer_file(p, &w, "PARE");
    CHECK(pq_open(p, &err) == NULL && err && strstr(err, "encrypted"));
    free(err);
    thrift_writer_free(&w);
}

/* ---- corrupt files: an error or valid data, never a crash ---- */

/* Open and read every column; 1 when it read to the end, 0 on a clean error. */
static int read_all(const char *p) {
    char *err = NULL;
    PqReader *r = pq_open(p, &err);
    if (!r) {
        int ok = err && strncmp(err, "parquet: ", 9) == 0;
        free(err);
        return ok ? 0 : -1;
    }
    const Schema *s = pq_schema(r);
    Type types[64];
    uint32_t n = s->ncols < 64 ? s->ncols : 64;
    for (uint32_t i = 0; i < n; i++) types[i] = s->cols[i].type;
    int *cols = malloc((n + 1) * sizeof *cols);
    for (uint32_t i = 0; i < n; i++) cols[i] = (int)i;
    pq_select(r, cols, n, NULL, 0, &err);
    free(cols);
    Batch *b = batch_new(types, n);
    int rc;
    while ((rc = pq_next(r, b, &err)) == 1) {
    }
    int ok = rc == 0 ? 1 : (err && strncmp(err, "parquet: ", 9) == 0 ? 0 : -1);
    if (rc < 0) free(err);
    batch_free(b);
    pq_close(r);
    return ok;
}

static uint8_t *load(const char *p, size_t *n) {
    FILE *f = fopen(p, "rb");
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(*n);
    if (fread(b, 1, *n, f) != *n) *n = 0;
    fclose(f);
    return b;
}

static void test_corrupt_files(void) {
    char good[256];
    snprintf(good, sizeof good, "%s", tmp_path());
    PqWriteOpts o = {PQ_CODEC_SNAPPY, 150, 60, false};
    CHECK(write_file(good, 400, true, &o, NULL, NULL) == 0);
    size_t n;
    uint8_t *orig = load(good, &n);
    uint8_t *buf = malloc(n);
    const char *p = tmp_path();
    // wrong magic at either end, lying footer length, truncations
    memcpy(buf, orig, n);
    buf[0] = 'X';
    write_bytes(p, buf, n);
    CHECK(read_all(p) == 0);
    memcpy(buf, orig, n);
    buf[n - 1] = 'X';
    write_bytes(p, buf, n);
    CHECK(read_all(p) == 0);
    memcpy(buf, orig, n);
    uint32_t big = (uint32_t)n;
    memcpy(buf + n - 8, &big, 4);
    write_bytes(p, buf, n);
    CHECK(read_all(p) == 0);
    for (size_t len = 0; len < n; len += 1 + len / 16) {
        write_bytes(p, orig, len);
        CHECK(read_all(p) == 0);
    }
    // the footer cut short in place: every shorter footer length
    uint32_t flen;
    memcpy(&flen, orig + n - 8, 4);
    for (uint32_t k = 0; k < flen; k += 3) {
        size_t m = n - 8 - flen + k;
        memcpy(buf, orig, m);
        memcpy(buf + m, &k, 4);
        memcpy(buf + m + 4, "PAR1", 4);
        write_bytes(p, buf, m + 8);
        CHECK(read_all(p) >= 0);
    }
    // garbage pages: overwrite the data area with noise
    uint64_t h = 42;
    memcpy(buf, orig, n);
    for (size_t i = 4; i < n / 2; i++) {
        h = h * 6364136223846793005ull + 1442695040888963407ull;
        buf[i] = (uint8_t)(h >> 56);
    }
    write_bytes(p, buf, n);
    CHECK(read_all(p) >= 0);
    // thousands of random byte flips (deterministic)
    int errors = 0, fine = 0;
    for (int round = 0; round < 3000; round++) {
        memcpy(buf, orig, n);
        int flips = 1 + round % 4;
        for (int k = 0; k < flips; k++) {
            h = h * 6364136223846793005ull + 1442695040888963407ull;
            size_t at = (size_t)(h >> 33) % n;
            // half the time aim at the footer, where a flip does the most damage
            if (round % 2) at = n - 8 - flen + (size_t)(h >> 33) % (flen + 8);
            buf[at] ^= (uint8_t)(1u << ((h >> 20) & 7));
        }
        write_bytes(p, buf, n);
        int rc = read_all(p);
        CHECK(rc >= 0);
        if (rc == 0)
            errors++;
        else
            fine++;
    }
    CHECK(errors > 0 && fine > 0);
    free(buf);
    free(orig);
}

/* ---- codecs, v2 pages, old level encodings ---- */

static void test_codecs(void) {
    char src[5000];
    for (int i = 0; i < 5000; i++) src[i] = (char)("abcab"[i % 5] + (i % 97 == 0));
    int codecs[] = {0, 1, 2, 6, 7};
    for (int k = 0; k < 5; k++) {
        size_t cap = codec_bound(codecs[k], sizeof src);
        char *c = malloc(cap), out[5000];
        size_t n = codec_compress(codecs[k], src, sizeof src, c, cap);
        const char *e;
        CHECK(n > 0 && codec_decompress(codecs[k], c, n, out, sizeof out, &e) == 0 &&
              memcmp(out, src, sizeof src) == 0);
        // the wrong expected size and a truncated input are errors
        CHECK(codec_decompress(codecs[k], c, n, out, sizeof out - 1, &e) < 0);
        if (codecs[k]) CHECK(codec_decompress(codecs[k], c, n / 2, out, sizeof out, &e) < 0);
        free(c);
    }
    // two concatenated gzip members
    size_t cap = codec_bound(2, 2500);
    char *g = malloc(2 * cap), out[5000];
    size_t n1 = codec_compress(2, src, 2500, g, cap);
    size_t n2 = codec_compress(2, src + 2500, 2500, g + n1, cap);
    const char *e;
    CHECK(codec_decompress(2, g, n1 + n2, out, sizeof out, &e) == 0 && memcmp(out, src, 5000) == 0);
    free(g);
    // deprecated LZ4 with Hadoop framing: [u32 BE raw][u32 BE compressed][block] twice
    uint8_t h[2 * (8 + 3000)];
    size_t at = 0;
    for (int part = 0; part < 2; part++) {
        uint8_t blk[3000];
        size_t bn = codec_compress(7, src + 2500 * part, 2500, blk, sizeof blk);
        uint32_t raw = 2500, comp = (uint32_t)bn;
        for (int b = 0; b < 4; b++) h[at + (size_t)b] = (uint8_t)(raw >> (24 - 8 * b));
        for (int b = 0; b < 4; b++) h[at + 4 + (size_t)b] = (uint8_t)(comp >> (24 - 8 * b));
        memcpy(h + at + 8, blk, bn);
        at += 8 + bn;
    }
    CHECK(codec_decompress(CODEC_LZ4_HADOOP, h, at, out, sizeof out, &e) == 0 &&
          memcmp(out, src, 5000) == 0);
    CHECK(codec_decompress(4, h, at, out, sizeof out, &e) < 0 && strstr(e, "unsupported"));
    CHECK(strcmp(codec_upper_name(4), "BROTLI") == 0);
    PqCodec pc;
    CHECK(pq_codec_parse("ZSTD", &pc) && pc == PQ_CODEC_ZSTD && pq_codec_parse("none", &pc) &&
          pc == PQ_CODEC_UNCOMPRESSED && !pq_codec_parse("brotli", &pc));
    CHECK(strcmp(pq_codec_name(PQ_CODEC_LZ4_RAW), "lz4_raw") == 0);
    // the writer refuses an unknown codec up front
    Schema s;
    schema_init(&s);
    schema_add(&s, "x", TYPE(TY_INT), false);
    PqWriteOpts o = {(PqCodec)4, 0, 0, false};
    char *err = NULL;
    CHECK(pq_writer_open(tmp_path(), &s, &o, &err) == NULL && err && strstr(err, "BROTLI"));
    free(err);
    // a NULL in a non-nullable column is refused, and the partial file is removed
    const char *p = tmp_path();
    PqWriter *w = pq_writer_open(p, &s, NULL, &err);
    Type t = TYPE(TY_INT);
    Batch *b = batch_new(&t, 1);
    b->nrows = 3;
    vec_set_null(&b->cols[0], 1);
    CHECK(w && pq_writer_write(w, b, &err) < 0 && strstr(err, "NULL in a non-nullable column"));
    free(err);
    pq_writer_free(w);
    CHECK(access(p, F_OK) != 0);
    batch_free(b);
    // an existing file is not overwritten
    write_bytes(p, (const uint8_t *)"x", 1);
    CHECK(pq_writer_open(p, &s, NULL, &err) == NULL && strstr(err, "cannot create"));
    free(err);
    schema_free(&s);
}

/* Pages of an OPTIONAL INT32 column, snappy: a v2 page (values compressed), a v2
 * page with is_compressed false, and a v1 page with old BIT_PACKED def levels. */
static void test_v2_pages_and_bit_packed_levels(void) {
    StrBuf chunk = {0};
    int32_t vals[3] = {10, 30, 40};
    char comp[200];
    // page 1: v2, rows [10, NULL, 30, 40, NULL]: def hybrid = bit-packed 1 group 0b01101
    const uint8_t def1[] = {0x03, 0x0D};
    size_t cn = codec_compress(1, vals, 12, comp, sizeof comp);
    ThriftWriter w;
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, 3);
    thrift_w_i32(&w, 2, (int32_t)(2 + 12));
    thrift_w_i32(&w, 3, (int32_t)(2 + cn));
    thrift_w_struct(&w, 8);
    thrift_w_i32(&w, 1, 5);
    thrift_w_i32(&w, 2, 2);
    thrift_w_i32(&w, 3, 5);
    thrift_w_i32(&w, 4, PE_PLAIN);
    thrift_w_i32(&w, 5, 2);
    thrift_w_i32(&w, 6, 0);
    thrift_w_end(&w);
    thrift_w_end(&w);
    sb_put(&chunk, w.buf.ptr, w.buf.len);
    sb_put(&chunk, (const char *)def1, 2);
    sb_put(&chunk, comp, cn);
    thrift_writer_free(&w);
    // page 2: v2 uncompressed values, rows [7, 8]: def RLE run of 2 ones
    const uint8_t def2[] = {0x04, 0x01};
    int32_t v2[2] = {7, 8};
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, 3);
    thrift_w_i32(&w, 2, 2 + 8);
    thrift_w_i32(&w, 3, 2 + 8);
    thrift_w_struct(&w, 8);
    thrift_w_i32(&w, 1, 2);
    thrift_w_i32(&w, 2, 0);
    thrift_w_i32(&w, 3, 2);
    thrift_w_i32(&w, 4, PE_PLAIN);
    thrift_w_i32(&w, 5, 2);
    thrift_w_i32(&w, 6, 0);
    thrift_w_bool(&w, 7, false);
    thrift_w_end(&w);
    thrift_w_end(&w);
    sb_put(&chunk, w.buf.ptr, w.buf.len);
    sb_put(&chunk, (const char *)def2, 2);
    sb_put(&chunk, (const char *)v2, 8);
    thrift_writer_free(&w);
    // page 3: v1, BIT_PACKED def levels (MSB first) for [NULL, 5, NULL]: 010 -> 0x40
    uint8_t body[5] = {0x40, 5, 0, 0, 0};
    cn = codec_compress(1, body, 5, comp, sizeof comp);
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, 0);
    thrift_w_i32(&w, 2, 5);
    thrift_w_i32(&w, 3, (int32_t)cn);
    thrift_w_struct(&w, 5);
    thrift_w_i32(&w, 1, 3);
    thrift_w_i32(&w, 2, PE_PLAIN);
    thrift_w_i32(&w, 3, PE_BIT_PACKED);
    thrift_w_i32(&w, 4, PE_BIT_PACKED);
    thrift_w_end(&w);
    thrift_w_end(&w);
    sb_put(&chunk, w.buf.ptr, w.buf.len);
    sb_put(&chunk, comp, cn);
    thrift_writer_free(&w);
    // the file
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, 2);
    thrift_w_list(&w, 2, TT_STRUCT, 2);
    thrift_w_list_struct(&w);
    thrift_w_binary(&w, 4, "schema", 6);
    thrift_w_i32(&w, 5, 1);
    thrift_w_end(&w);
    thrift_w_list_struct(&w);
    thrift_w_i32(&w, 1, PT_INT32);
    thrift_w_i32(&w, 3, 1);
    thrift_w_binary(&w, 4, "v", 1);
    thrift_w_end(&w);
    thrift_w_i64(&w, 3, 10);
    thrift_w_list(&w, 4, TT_STRUCT, 1);
    thrift_w_list_struct(&w);
    thrift_w_list(&w, 1, TT_STRUCT, 1);
    thrift_w_list_struct(&w);
    thrift_w_i64(&w, 2, 0);
    thrift_w_struct(&w, 3);
    thrift_w_i32(&w, 1, PT_INT32);
    thrift_w_list(&w, 2, TT_I32, 1);
    thrift_w_zigzag(&w, PE_PLAIN);
    thrift_w_list(&w, 3, TT_BINARY, 1);
    thrift_w_bytes(&w, "v", 1);
    thrift_w_i32(&w, 4, 1);
    thrift_w_i64(&w, 5, 10);
    thrift_w_i64(&w, 6, (int64_t)chunk.len);
    thrift_w_i64(&w, 7, (int64_t)chunk.len);
    thrift_w_i64(&w, 9, 4);
    thrift_w_end(&w);
    thrift_w_end(&w);
    thrift_w_i64(&w, 2, (int64_t)chunk.len);
    thrift_w_i64(&w, 3, 10);
    thrift_w_end(&w);
    thrift_w_end(&w);
    StrBuf file = {0};
    sb_put(&file, "PAR1", 4);
    sb_put(&file, chunk.ptr, chunk.len);
    sb_put(&file, w.buf.ptr, w.buf.len);
    uint32_t fl = (uint32_t)w.buf.len;
    sb_put(&file, (const char *)&fl, 4);
    sb_put(&file, "PAR1", 4);
    const char *p = tmp_path();
    write_bytes(p, (const uint8_t *)file.ptr, file.len);
    thrift_writer_free(&w);
    sb_free(&file);
    sb_free(&chunk);
    char *err = NULL;
    PqReader *r = pq_open(p, &err);
    CHECK(r != NULL);
    if (!r) {
        printf("  %s\n", err);
        free(err);
        return;
    }
    Type t = TYPE(TY_INT);
    Batch *b = batch_new(&t, 1);
    CHECK(pq_next(r, b, &err) == 1 && b->nrows == 10);
    const int32_t want[10] = {10, 0, 30, 40, 0, 7, 8, 0, 5, 0};
    const bool nul[10] = {0, 1, 0, 0, 1, 0, 0, 1, 0, 1};
    for (int i = 0; i < 10; i++)
        CHECK(vec_is_null(&b->cols[0], (uint32_t)i) == nul[i] &&
              (nul[i] || ((int32_t *)b->cols[0].data)[i] == want[i]));
    batch_free(b);
    pq_close(r);
}

static void test_rle_booleans(void) {
    PqColCursor c;
    PqValues v;
    init_cursor(&c, PT_BOOLEAN, 0);
    const uint8_t b[] = {4, 0, 0, 0, 0x14, 0x01, 0x03, 0x02};
    CHECK(pq_decode_values(&c, PE_RLE, b, sizeof b, 13, &v) == 0 && v.n == 13);
    const uint8_t want[13] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0};
    CHECK(memcmp(v.fixed, want, 13) == 0);
    CHECK(pq_decode_values(&c, PE_RLE, b, 6, 13, &v) < 0);
    pq_col_free(&c);
}

/* The fuzz corpus (seeds and any kept crashers) must read cleanly or fail cleanly. */
static void test_fuzz_corpus(void) {
    DIR *d = opendir("tests/fuzz/corpus/parquet");
    CHECK(d != NULL);
    if (!d) return;
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "tests/fuzz/corpus/parquet/%s", e->d_name);
        int rc = read_all(path);
        if (rc < 0) printf("  %s: unclean failure\n", e->d_name);
        CHECK(rc >= 0);
        files++;
    }
    closedir(d);
    CHECK(files >= 8);
}

/* ---- files written by DuckDB 1.5 (testdata/parquet), checked without DuckDB ---- */

static int64_t check_duckdb_fixture(const char *name, const PqPred *pred) {
    char path[256];
    snprintf(path, sizeof path, "testdata/parquet/%s", name);
    char *err = NULL;
    PqReader *r = pq_open(path, &err);
    if (!r) {
        printf("  %s\n", err);
        free(err);
        return -1;
    }
    const Schema *s = pq_schema(r);
    const TypeId want[10] = {TY_INT,     TY_BIGINT, TY_STRING,  TY_STRING,   TY_DOUBLE,
                             TY_BOOLEAN, TY_DATE,   TY_DECIMAL, TY_SMALLINT, TY_TIMESTAMP};
    Type types[10];
    if (s->ncols != 10) {
        pq_close(r);
        return -1;
    }
    for (int c = 0; c < 10; c++) {
        CHECK(s->cols[c].type.id == want[c]);
        types[c] = s->cols[c].type;
    }
    if (pred) CHECK(pq_select(r, NULL, 0, pred, 1, &err) == 0);
    Batch *b = batch_new(types, 10);
    int64_t rows = 0, bad = 0;
    int rc;
    char buf[64];
    while ((rc = pq_next(r, b, &err)) == 1)
        for (uint32_t k = 0; k < b->nrows; k++, rows++) {
            int64_t i = ((int32_t *)b->cols[0].data)[k];
            bool lnull = i % 7 == 3, unull = i % 5 == 0;
            bad += vec_is_null(&b->cols[1], k) != lnull;
            bad += !lnull && ((int64_t *)b->cols[1].data)[k] != i * 1000003;
            int n = snprintf(buf, sizeof buf, "name_%lld", (long long)(i % 37));
            Str v = ((Str *)b->cols[2].data)[k];
            bad += v.len != (uint32_t)n || memcmp(v.ptr, buf, v.len) != 0;
            bad += vec_is_null(&b->cols[3], k) != unull;
            n = snprintf(buf, sizeof buf, "u%lld", (long long)i);
            v = ((Str *)b->cols[3].data)[k];
            bad += !unull && (v.len != (uint32_t)n || memcmp(v.ptr, buf, v.len) != 0);
            bad += ((double *)b->cols[4].data)[k] != (double)i / 4;
            bad += ((uint8_t *)b->cols[5].data)[k] != (i % 3 == 0);
            bad += ((int32_t *)b->cols[6].data)[k] != 18262 + i;
            bad += ((i128 *)b->cols[7].data)[k] != (i128)(i * 7 - 3000) * 100;
            bad += ((int16_t *)b->cols[8].data)[k] != i % 200;
            int64_t tns = i * 1000000123ll - 5000000000ll;
            bad += ((int64_t *)b->cols[9].data)[k] != tns / 1000 - (tns % 1000 < 0);
            bad += !pred && i != rows;
        }
    if (rc < 0) {
        printf("  %s\n", err);
        free(err);
    }
    batch_free(b);
    pq_close(r);
    if (bad) printf("  %s: %lld bad values\n", name, (long long)bad);
    return rc < 0 || bad ? -1 : rows;
}

static void test_duckdb_fixtures(void) {
    CHECK(check_duckdb_fixture("duckdb_v1_lz4.parquet", NULL) == 1000);
    CHECK(check_duckdb_fixture("duckdb_v2_zstd.parquet", NULL) == 1000);
    CHECK(check_duckdb_fixture("duckdb_gzip.parquet", NULL) == 1000);
    // DuckDB's statistics (one row group, i in [0, 999], u in ["u1", "u999"])
    PqPred p = {0, PQ_GE, {.type = TYPE(TY_INT), .v.i = 900}};
    CHECK(check_duckdb_fixture("duckdb_gzip.parquet", &p) == 1000);
    p.op = PQ_GT, p.value.v.i = 999;
    CHECK(check_duckdb_fixture("duckdb_gzip.parquet", &p) == 0);
    p.op = PQ_LT, p.value.v.i = 0;
    CHECK(check_duckdb_fixture("duckdb_gzip.parquet", &p) == 0);
    PqPred q = {3, PQ_EQ, {.type = TYPE(TY_STRING), .v.s = {4, "u450"}}};
    CHECK(check_duckdb_fixture("duckdb_gzip.parquet", &q) == 1000);
    q.value.v.s = (Str){1, "v"};
    CHECK(check_duckdb_fixture("duckdb_gzip.parquet", &q) == 0);
    q.op = PQ_NOT_NULL;
    CHECK(check_duckdb_fixture("duckdb_gzip.parquet", &q) == 1000);
}

/* ---- round trips ---- */

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
static void test_roundtrip_required(void) {
    roundtrip(5000, false, PQ_CODEC_SNAPPY, 0, 0, false);
}
static void test_roundtrip_empty(void) {
    roundtrip(0, true, PQ_CODEC_SNAPPY, 0, 0, false);
}
static void test_roundtrip_one_row(void) {
    roundtrip(1, true, PQ_CODEC_ZSTD, 0, 0, false);
}
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
    RUN(test_t8_hybrid_runs);
    RUN(test_t9_delta_binary_packed);
    RUN(test_t10_byte_array_encodings);
    RUN(test_t11_values);
    RUN(test_codecs);
    RUN(test_v2_pages_and_bit_packed_levels);
    RUN(test_rle_booleans);
    RUN(test_roundtrip_all_types_nulls);
    RUN(test_roundtrip_required);
    RUN(test_roundtrip_empty);
    RUN(test_roundtrip_one_row);
    RUN(test_roundtrip_codecs);
    RUN(test_roundtrip_many_groups_pages);
    RUN(test_file_stats);
    RUN(test_row_group_skipping);
    RUN(test_select_columns);
    RUN(test_dictionary_fallback);
    RUN(test_reject_nested_and_encrypted);
    RUN(test_corrupt_files);
    RUN(test_duckdb_fixtures);
    RUN(test_fuzz_corpus);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) return 2;
    return test_summary();
}
