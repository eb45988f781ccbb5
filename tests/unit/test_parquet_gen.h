/* Shared by the Parquet tests: a temp folder, and a deterministic table of
 * every engine type (with or without NULLs) that can be written through the
 * API and checked value by value after reading it back. */
#ifndef SLUICE_TEST_PARQUET_GEN_H
#define SLUICE_TEST_PARQUET_GEN_H

#include "parquet.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_FN static __attribute__((unused))

static char tmpdir[] = "/tmp/sluice_pqtest_XXXXXX";
static int file_no;

GEN_FN const char *tmp_path(void) {
    static char p[256];
    snprintf(p, sizeof p, "%s/f%d.parquet", tmpdir, file_no++);
    return p;
}

GEN_FN int64_t file_size(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fclose(f);
    return sz;
}

GEN_FN void write_bytes(const char *path, const uint8_t *b, size_t n) {
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, n, f);
    fclose(f);
}

/* ---- round trips ---- */

enum { NCOLS = 15 };
static const char *col_names[NCOLS] = {"b",     "t",     "s",   "i",   "l",  "f",  "d",  "dec9",
                                       "dec18", "dec38", "str", "bin", "dt", "ts", "lng"};

GEN_FN Type col_type(int c) {
    static const TypeId ids[NCOLS] = {TY_BOOLEAN, TY_TINYINT, TY_SMALLINT, TY_INT,       TY_BIGINT,
                                      TY_FLOAT,   TY_DOUBLE,  TY_DECIMAL,  TY_DECIMAL,   TY_DECIMAL,
                                      TY_STRING,  TY_BINARY,  TY_DATE,     TY_TIMESTAMP, TY_STRING};
    if (c == 7) return type_decimal(9, 2);
    if (c == 8) return type_decimal(18, 4);
    if (c == 9) return type_decimal(38, 10);
    return TYPE(ids[c]);
}

GEN_FN bool is_null(int c, int64_t i, bool nullable) {
    return nullable && (i * 13 + c) % 7 == 3;
}

/* The expected value of column c in row i, as a Datum (strings in buf). */
GEN_FN Datum expect(int c, int64_t i, char *buf) {
    Datum d;
    memset(&d, 0, sizeof d);
    d.type = col_type(c);
    uint64_t h = (uint64_t)i * 0x9E3779B97F4A7C15ull;
    switch (c) {
    case 0: d.v.i = i % 3 == 0; break;
    case 1: d.v.i = (int8_t)(h >> 56); break;
    case 2: d.v.i = (int16_t)(h >> 48); break;
    case 3: d.v.i = (int32_t)(h >> 32); break;
    case 4: d.v.i = (int64_t)h; break;
    case 5: d.v.d = (float)((double)(i % 1000) * 0.5 - 100); break;
    case 6: d.v.d = (double)(int64_t)h / 3.0; break;
    case 7: d.v.dec = (i % 2 ? -1 : 1) * (i128)(h % 999999999); break;
    case 8: d.v.dec = (i % 2 ? -1 : 1) * (i128)(h % 999999999999999999ull); break;
    case 9: d.v.dec = ((i128)(int64_t)h * (i128)1000000000000ll) + i; break;
    case 10: {
        int n = snprintf(buf, 64, "v%lld", (long long)(i % 50));
        if (i % 11 == 0)
            n = snprintf(buf, 64, "h\xc3\xa9llo \xe2\x82\xac %lld", (long long)(i % 5));
        d.v.s = (Str){(uint32_t)n, buf};
        break;
    }
    case 11: {
        int n = (int)(i % 9);
        for (int k = 0; k < n; k++) buf[k] = (char)(h >> (k * 7));
        d.v.s = (Str){(uint32_t)n, buf};
        break;
    }
    case 12: d.v.i = (int32_t)(i % 40000) - 20000; break;
    case 13: d.v.i = (int64_t)(h >> 2) - (int64_t)(1ll << 61); break;
    case 14: { // unique, sometimes long: defeats the dictionary
        int n = snprintf(buf, 64, "row-%lld-", (long long)i);
        int extra = i % 97 == 0 ? 2000 : (int)(i % 30);
        for (int k = 0; k < extra; k++) buf[n + k] = (char)('a' + (i + k) % 26);
        d.v.s = (Str){(uint32_t)(n + extra), buf};
        break;
    }
    }
    return d;
}

GEN_FN void fill_vec(Batch *b, int c, int64_t i, uint32_t row, bool nullable) {
    Vec *v = &b->cols[c];
    if (is_null(c, i, nullable)) {
        vec_set_null(v, row);
        return;
    }
    char buf[2200];
    Datum d = expect(c, i, buf);
    switch (v->type.id) {
    case TY_BOOLEAN: ((uint8_t *)v->data)[row] = (uint8_t)d.v.i; break;
    case TY_TINYINT: ((int8_t *)v->data)[row] = (int8_t)d.v.i; break;
    case TY_SMALLINT: ((int16_t *)v->data)[row] = (int16_t)d.v.i; break;
    case TY_INT:
    case TY_DATE: ((int32_t *)v->data)[row] = (int32_t)d.v.i; break;
    case TY_BIGINT:
    case TY_TIMESTAMP: ((int64_t *)v->data)[row] = d.v.i; break;
    case TY_FLOAT: ((float *)v->data)[row] = (float)d.v.d; break;
    case TY_DOUBLE: ((double *)v->data)[row] = d.v.d; break;
    case TY_DECIMAL: ((i128 *)v->data)[row] = d.v.dec; break;
    default: ((Str *)v->data)[row] = batch_str(b, d.v.s.ptr, d.v.s.len); break;
    }
}

GEN_FN bool check_vec(const Batch *b, int outc, int c, int64_t i, uint32_t row, bool nullable) {
    const Vec *v = &b->cols[outc];
    bool null = is_null(c, i, nullable);
    if (vec_is_null(v, row) != null) return false;
    if (null) return true;
    char buf[2200];
    Datum d = expect(c, i, buf);
    switch (v->type.id) {
    case TY_BOOLEAN: return ((uint8_t *)v->data)[row] == d.v.i;
    case TY_TINYINT: return ((int8_t *)v->data)[row] == d.v.i;
    case TY_SMALLINT: return ((int16_t *)v->data)[row] == d.v.i;
    case TY_INT:
    case TY_DATE: return ((int32_t *)v->data)[row] == d.v.i;
    case TY_BIGINT:
    case TY_TIMESTAMP: return ((int64_t *)v->data)[row] == d.v.i;
    case TY_FLOAT: return ((float *)v->data)[row] == (float)d.v.d;
    case TY_DOUBLE: return ((double *)v->data)[row] == d.v.d;
    case TY_DECIMAL: return ((i128 *)v->data)[row] == d.v.dec;
    default: {
        Str s = ((Str *)v->data)[row];
        return s.len == d.v.s.len && memcmp(s.ptr, d.v.s.ptr, s.len) == 0;
    }
    }
}

GEN_FN void make_schema(Schema *s, bool nullable) {
    schema_init(s);
    for (int c = 0; c < NCOLS; c++) schema_add(s, col_names[c], col_type(c), nullable);
}

/* Write rows [0, nrows) with every column; batches of varying size, some with a selection. */
GEN_FN int write_file(const char *path, int64_t nrows, bool nullable, const PqWriteOpts *o,
                      PqFileStats *st, PqWriter **wout) {
    Schema s;
    make_schema(&s, nullable);
    Type types[NCOLS];
    for (int c = 0; c < NCOLS; c++) types[c] = col_type(c);
    char *err = NULL;
    PqWriter *w = pq_writer_open(path, &s, o, &err);
    schema_free(&s);
    if (!w) {
        printf("  open: %s\n", err);
        free(err);
        return -1;
    }
    Batch *b = batch_new(types, NCOLS);
    int64_t i = 0;
    uint32_t step = 0;
    while (i < nrows) {
        batch_reset(b);
        uint32_t n = 1 + (uint32_t)((step * 977 + 1500) % BATCH_ROWS);
        bool use_sel = step % 3 == 1;
        if (use_sel) { // every other physical row is live
            uint32_t live = n / 2 ? n / 2 : 1;
            if ((int64_t)live > nrows - i) live = (uint32_t)(nrows - i);
            static uint16_t sel[BATCH_ROWS];
            for (uint32_t k = 0; k < live; k++) {
                sel[k] = (uint16_t)(2 * k);
                for (int c = 0; c < NCOLS; c++) fill_vec(b, c, i + k, 2 * k, nullable);
                for (int c = 0; c < NCOLS; c++) // junk in the dead rows
                    if (c < 10 || c == 12 || c == 13) vec_set_null(&b->cols[c], 2 * k + 1);
            }
            b->nrows = 2 * live;
            b->sel = sel;
            b->nsel = live;
            i += live;
        } else {
            if ((int64_t)n > nrows - i) n = (uint32_t)(nrows - i);
            for (uint32_t k = 0; k < n; k++)
                for (int c = 0; c < NCOLS; c++) fill_vec(b, c, i + k, k, nullable);
            b->nrows = n;
            i += n;
        }
        step++;
        if (!nullable && use_sel) // dead rows may hold NULLs only in nullable columns
            for (int c = 0; c < NCOLS; c++) {
                free(b->cols[c].valid);
                b->cols[c].valid = NULL;
            }
        if (pq_writer_write(w, b, &err) < 0) {
            printf("  write: %s\n", err);
            free(err);
            batch_free(b);
            pq_writer_free(w);
            return -1;
        }
    }
    batch_free(b);
    if (pq_writer_finish(w, st, &err) < 0) {
        printf("  finish: %s\n", err);
        free(err);
        pq_writer_free(w);
        return -1;
    }
    if (wout)
        *wout = w;
    else
        pq_writer_free(w);
    return 0;
}

/* Read columns cols[0..n) and compare with the generator. Returns rows read or -1. */
GEN_FN int64_t read_check(const char *path, bool nullable, const int *cols, uint32_t ncols) {
    char *err = NULL;
    PqReader *r = pq_open(path, &err);
    if (!r) {
        printf("  open: %s\n", err);
        free(err);
        return -1;
    }
    if (cols && pq_select(r, cols, ncols, NULL, 0, &err) < 0) {
        printf("  select: %s\n", err);
        free(err);
        pq_close(r);
        return -1;
    }
    if (!cols) ncols = NCOLS;
    Type types[NCOLS];
    for (uint32_t k = 0; k < ncols; k++) types[k] = col_type(cols ? cols[k] : (int)k);
    Batch *b = batch_new(types, ncols);
    int64_t i = 0, bad = 0;
    int rc;
    while ((rc = pq_next(r, b, &err)) == 1) {
        for (uint32_t row = 0; row < b->nrows; row++, i++)
            for (uint32_t k = 0; k < ncols; k++) {
                int c = cols ? cols[k] : (int)k;
                if (!check_vec(b, (int)k, c, i, row, nullable) && bad++ < 5)
                    printf("  mismatch row %lld column %s\n", (long long)i, col_names[c]);
            }
    }
    if (rc < 0) {
        printf("  next: %s\n", err);
        free(err);
    }
    batch_free(b);
    pq_close(r);
    return rc < 0 || bad ? -1 : i;
}

#endif
