/* Parquet ARRAY and MAP columns: round trips through the writer and reader (NULL and
 * empty arrays, NULL elements, arrays longer than a page or a batch, strings, maps,
 * selection vectors, codecs), hand-built legacy 2-level lists, and clean errors for
 * malformed levels, structs and deeper nesting. */
#include "funcs.h"
#include "parquet.h"
#include "pq_internal.h"
#include "test.h"
#include "test_parquet_gen.h"
#include "thrift.h"

#include <stdlib.h>
#include <unistd.h>

/* Row i of the test table: id i; xs = NULL when i % 7 == 3, else (i % 5) elements
 * (row 9 of every 1000 gets 5000) with element j = i * 10 + j, NULL when (i + j) % 4 == 1;
 * ss = ["s<i>", NULL] or [] when i % 3 == 0; m = {"k<i>": i, "z": NULL}, NULL when
 * i % 6 == 5. */
static uint32_t xs_len(int64_t i) {
    return i % 1000 == 9 ? 5000 : (uint32_t)(i % 5);
}

static Type col_types[4];

static void init_types(void) {
    col_types[0] = TYPE(TY_BIGINT);
    col_types[1] = type_array_of(TYPE(TY_BIGINT));
    col_types[2] = type_array_of(TYPE(TY_STRING));
    col_types[3] = type_map_of(TYPE(TY_STRING), TYPE(TY_INT));
}

static void nested_schema(Schema *s) {
    schema_init(s);
    schema_add(s, "id", col_types[0], false);
    schema_add(s, "xs", col_types[1], true);
    schema_add(s, "ss", col_types[2], true);
    schema_add(s, "m", col_types[3], true);
}

/* Append one element slot to a nested vector; returns its index. */
static uint32_t push_slot(Vec *v) {
    vec_child_reserve(v, v->child_len + 1);
    return v->child_len++;
}

static void fill_row(Batch *b, uint32_t r, int64_t i) {
    ((int64_t *)b->cols[0].data)[r] = i;
    char buf[32];
    Vec *xs = &b->cols[1];
    VecList *l = vec_lists(xs);
    l[r] = (VecList){xs->child_len, 0};
    if (i % 7 == 3) {
        vec_set_null(xs, r);
    } else {
        for (uint32_t j = 0; j < xs_len(i); j++) {
            uint32_t k = push_slot(xs);
            ((int64_t *)xs->child->data)[k] = i * 10 + j;
            if ((i + j) % 4 == 1) vec_set_null_n(xs->child, k, xs->child_cap);
            l[r].len++;
        }
    }
    Vec *ss = &b->cols[2];
    l = vec_lists(ss);
    l[r] = (VecList){ss->child_len, 0};
    if (i % 3) {
        uint32_t k = push_slot(ss);
        int n = snprintf(buf, sizeof buf, "s%lld", (long long)i);
        ((Str *)ss->child->data)[k] = batch_str(b, buf, (uint32_t)n);
        k = push_slot(ss);
        vec_set_null_n(ss->child, k, ss->child_cap);
        l[r].len = 2;
    }
    Vec *m = &b->cols[3];
    l = vec_lists(m);
    l[r] = (VecList){m->child_len, 0};
    if (i % 6 == 5) {
        vec_set_null(m, r);
        return;
    }
    uint32_t k = push_slot(m);
    int n = snprintf(buf, sizeof buf, "k%lld", (long long)i);
    ((Str *)m->child[0].data)[k] = batch_str(b, buf, (uint32_t)n);
    ((int32_t *)m->child[1].data)[k] = (int32_t)i;
    k = push_slot(m);
    ((Str *)m->child[0].data)[k] = batch_str(b, "z", 1);
    vec_set_null_n(&m->child[1], k, m->child_cap);
    l[r].len = 2;
}

static bool str_is(Str s, const char *want) {
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

/* Check row r of b against table row i (columns in schema order). */
static bool check_row(const Batch *b, uint32_t r, int64_t i) {
    char buf[32];
    if (((const int64_t *)b->cols[0].data)[r] != i) return false;
    const Vec *xs = &b->cols[1];
    VecList l = vec_lists(xs)[r];
    if (vec_is_null(xs, r) != (i % 7 == 3)) return false;
    if (i % 7 != 3) {
        if (l.len != xs_len(i) || l.off + l.len > xs->child_len) return false;
        for (uint32_t j = 0; j < l.len; j++) {
            bool null = vec_is_null(xs->child, l.off + j);
            if (null != ((i + j) % 4 == 1)) return false;
            if (!null && ((const int64_t *)xs->child->data)[l.off + j] != i * 10 + j) return false;
        }
    }
    const Vec *ss = &b->cols[2];
    l = vec_lists(ss)[r];
    if (vec_is_null(ss, r) || l.len != (i % 3 ? 2u : 0u)) return false;
    if (l.len) {
        snprintf(buf, sizeof buf, "s%lld", (long long)i);
        if (!str_is(((const Str *)ss->child->data)[l.off], buf)) return false;
        if (vec_is_null(ss->child, l.off) || !vec_is_null(ss->child, l.off + 1)) return false;
    }
    const Vec *m = &b->cols[3];
    l = vec_lists(m)[r];
    if (vec_is_null(m, r) != (i % 6 == 5)) return false;
    if (i % 6 == 5) return true;
    snprintf(buf, sizeof buf, "k%lld", (long long)i);
    return l.len == 2 && str_is(((const Str *)m->child[0].data)[l.off], buf) &&
           ((const int32_t *)m->child[1].data)[l.off] == (int32_t)i &&
           !vec_is_null(&m->child[1], l.off) &&
           str_is(((const Str *)m->child[0].data)[l.off + 1], "z") &&
           vec_is_null(&m->child[1], l.off + 1);
}

/* Write rows [0, nrows) (every other row only when odd_sel) in batches of batch_rows. */
static int write_nested(const char *p, int64_t nrows, const PqWriteOpts *o, bool odd_sel,
                        PqFileStats *st, PqWriter **wout) {
    Schema s;
    nested_schema(&s);
    char *err = NULL;
    PqWriter *w = pq_writer_open(p, &s, o, &err);
    schema_free(&s);
    if (!w) {
        printf("  open: %s\n", err);
        free(err);
        return -1;
    }
    Batch *b = batch_new(col_types, 4);
    uint16_t sel[BATCH_ROWS];
    int rc = 0;
    for (int64_t at = 0; at < nrows && rc == 0; at += BATCH_ROWS) {
        batch_reset(b);
        uint32_t n = nrows - at < BATCH_ROWS ? (uint32_t)(nrows - at) : BATCH_ROWS;
        for (uint32_t r = 0; r < n; r++) fill_row(b, r, at + r);
        b->nrows = n;
        if (odd_sel) {
            b->nsel = 0;
            for (uint32_t r = 1; r < n; r += 2) sel[b->nsel++] = (uint16_t)r;
            b->sel = sel;
        }
        rc = pq_writer_write(w, b, &err);
    }
    batch_free(b);
    if (rc == 0) rc = pq_writer_finish(w, st, &err);
    if (rc) {
        printf("  write: %s\n", err);
        free(err);
    }
    *wout = w;
    return rc;
}

/* Read the file back; the rows must be table rows first, first + step, ... Returns rows. */
static int64_t read_nested(const char *p, int64_t first, int64_t step) {
    char *err = NULL;
    PqReader *r = pq_open(p, &err);
    if (!r) {
        printf("  open: %s\n", err);
        free(err);
        return -1;
    }
    const Schema *s = pq_schema(r);
    CHECK(s->ncols == 4);
    for (uint32_t c = 0; c < s->ncols && c < 4; c++) CHECK(type_eq(s->cols[c].type, col_types[c]));
    Batch *b = batch_new(col_types, 4);
    int64_t rows = 0, bad = 0;
    int rc;
    while ((rc = pq_next(r, b, &err)) == 1) {
        for (uint32_t k = 0; k < b->nrows; k++, rows++)
            if (!check_row(b, k, first + rows * step) && bad++ < 3)
                printf("  row %lld differs\n", (long long)rows);
    }
    if (rc < 0) {
        printf("  read: %s\n", err);
        free(err);
    }
    batch_free(b);
    pq_close(r);
    return rc < 0 || bad ? -1 : rows;
}

static void roundtrip(int64_t nrows, PqWriteOpts o, bool odd_sel) {
    const char *p = tmp_path();
    PqFileStats st;
    PqWriter *w = NULL;
    CHECK(write_nested(p, nrows, &o, odd_sel, &st, &w) == 0);
    int64_t want = odd_sel ? nrows / 2 : nrows;
    CHECK(st.num_rows == want);
    CHECK(st.file_size == file_size(p));
    int64_t null_xs = 0;
    for (int64_t i = odd_sel ? 1 : 0; i < nrows; i += odd_sel ? 2 : 1) null_xs += i % 7 == 3;
    CHECK(st.ncols == 4 && st.cols[1].null_count == null_xs && !st.cols[1].has_minmax);
    CHECK(st.cols[2].null_count == 0 && !st.cols[3].has_minmax);
    CHECK(read_nested(p, odd_sel ? 1 : 0, odd_sel ? 2 : 1) == want);
    pq_writer_free(w);
}

static void test_nested_roundtrip(void) {
    roundtrip(100, (PqWriteOpts){PQ_CODEC_SNAPPY, 0, 0, false}, false);
}
static void test_nested_many_batches_pages_groups(void) {
    // arrays of 5000 elements across pages of 7 rows; row groups of 3000 rows
    roundtrip(7000, (PqWriteOpts){PQ_CODEC_ZSTD, 3000, 7, false}, false);
    roundtrip(5000, (PqWriteOpts){PQ_CODEC_UNCOMPRESSED, 0, 100, true}, false);
}
static void test_nested_selection_vector(void) {
    roundtrip(4100, (PqWriteOpts){PQ_CODEC_GZIP, 0, 0, false}, true);
}
static void test_nested_empty_file(void) {
    roundtrip(0, (PqWriteOpts){PQ_CODEC_SNAPPY, 0, 0, false}, false);
}

/* Choosing columns: a MAP (two leaves) before a flat column keeps predicates on the
 * right chunk; a nested column alone reads by itself. */
static void test_nested_select_and_skip(void) {
    const char *p = tmp_path();
    Schema s;
    schema_init(&s);
    Type ts[2] = {type_map_of(TYPE(TY_STRING), TYPE(TY_INT)), TYPE(TY_BIGINT)};
    schema_add(&s, "m", ts[0], true);
    schema_add(&s, "k", ts[1], true);
    char *err = NULL;
    PqWriteOpts o = {PQ_CODEC_SNAPPY, 100, 0, false};
    PqWriter *w = pq_writer_open(p, &s, &o, &err);
    CHECK(w != NULL);
    Batch *b = batch_new(ts, 2);
    for (uint32_t r = 0; r < 300; r++) {
        Vec *m = &b->cols[0];
        vec_lists(m)[r] = (VecList){m->child_len, 1};
        uint32_t k = push_slot(m);
        ((Str *)m->child[0].data)[k] = batch_str(b, "key", 3);
        ((int32_t *)m->child[1].data)[k] = (int32_t)r;
        ((int64_t *)b->cols[1].data)[r] = r;
    }
    b->nrows = 300;
    CHECK(w && pq_writer_write(w, b, &err) == 0 && pq_writer_finish(w, NULL, &err) == 0);
    pq_writer_free(w);
    batch_free(b);
    schema_free(&s);
    PqReader *r = pq_open(p, &err);
    CHECK(r != NULL);
    if (!r) return;
    PqPred pr = {1, PQ_GE, {.type = TYPE(TY_BIGINT), .v.i = 250}};
    int cols[] = {1, 0};
    CHECK(pq_select(r, cols, 2, &pr, 1, &err) == 0);
    Type out_t[2] = {ts[1], ts[0]};
    Batch *o2 = batch_new(out_t, 2);
    int64_t rows = 0, first = -1;
    bool ok = true;
    while (pq_next(r, o2, &err) == 1) {
        for (uint32_t k = 0; k < o2->nrows; k++, rows++) {
            int64_t kv = ((int64_t *)o2->cols[0].data)[k];
            VecList l = vec_lists(&o2->cols[1])[k];
            if (first < 0) first = kv;
            ok &= l.len == 1 && ((int32_t *)o2->cols[1].child[1].data)[l.off] == kv;
        }
    }
    CHECK(ok && rows == 100 && first == 200); // only the last row group can match
    batch_free(o2);
    pq_close(r);
}

/* 2048 rows of 1000 elements: 2 Mi level entries in one batch go to several pages. */
static void test_nested_big_batch_pages(void) {
    const char *p = tmp_path();
    Schema s;
    schema_init(&s);
    Type t = type_array_of(TYPE(TY_BIGINT));
    schema_add(&s, "xs", t, true);
    char *err = NULL;
    PqWriter *w = pq_writer_open(p, &s, NULL, &err);
    Batch *b = batch_new(&t, 1);
    Vec *v = &b->cols[0];
    vec_child_reserve(v, BATCH_ROWS * 1000);
    for (uint32_t r = 0; r < BATCH_ROWS; r++) {
        vec_lists(v)[r] = (VecList){r * 1000, 1000};
        for (uint32_t j = 0; j < 1000; j++) ((int64_t *)v->child->data)[r * 1000 + j] = r + j;
    }
    v->child_len = BATCH_ROWS * 1000;
    b->nrows = BATCH_ROWS;
    CHECK(w && pq_writer_write(w, b, &err) == 0 && pq_writer_finish(w, NULL, &err) == 0);
    pq_writer_free(w);
    batch_reset(b);
    PqReader *r = pq_open(p, &err);
    CHECK(r != NULL);
    int64_t rows = 0, sum = 0, elems = 0;
    while (r && pq_next(r, b, &err) == 1) {
        for (uint32_t k = 0; k < b->nrows; k++, rows++) {
            VecList l = vec_lists(&b->cols[0])[k];
            elems += l.len;
            const int64_t *e = b->cols[0].child->data;
            for (uint32_t j = 0; j < l.len; j++) sum += e[l.off + j];
        }
    }
    // sum over r < 2048, j < 1000 of r + j
    CHECK(rows == BATCH_ROWS && elems == BATCH_ROWS * 1000 &&
          sum == 1000LL * (2047 * 2048 / 2) + 2048LL * (999 * 1000 / 2));
    pq_close(r);
    batch_free(b);
    schema_free(&s);
}

/* array<array<array<string>>> with NULL and empty lists at every level, over pages,
 * row groups and a selection vector; the innermost lists run to 300 elements. */
static void fill_deep(Batch *b, uint32_t r, int64_t i) {
    Vec *v = &b->cols[0];
    vec_lists(v)[r] = (VecList){v->child_len, 0};
    if (i % 11 == 4) {
        vec_set_null(v, r);
        return;
    }
    uint32_t n1 = (uint32_t)(i % 4);
    for (uint32_t a = 0; a < n1; a++) {
        uint32_t s1 = push_slot(v);
        vec_lists(v)[r].len++;
        Vec *v1 = v->child;
        vec_lists(v1)[s1] = (VecList){v1->child_len, 0};
        if ((i + a) % 5 == 2) {
            vec_set_null_n(v1, s1, v->child_cap);
            continue;
        }
        for (uint32_t c = 0; c < (uint32_t)((i + a) % 3); c++) {
            uint32_t s2 = push_slot(v1);
            vec_lists(v1)[s1].len++;
            Vec *v2 = v1->child;
            vec_lists(v2)[s2] = (VecList){v2->child_len, 0};
            if ((i + a + c) % 7 == 6) {
                vec_set_null_n(v2, s2, v1->child_cap);
                continue;
            }
            uint32_t n3 = i % 97 == 5 ? 300 : (uint32_t)((i + c) % 4);
            for (uint32_t e = 0; e < n3; e++) {
                uint32_t s3 = push_slot(v2);
                vec_lists(v2)[s2].len++;
                char buf[48];
                int len = snprintf(buf, sizeof buf, "%lld.%u.%u.%u", (long long)i, a, c, e);
                if (e % 5 == 3)
                    vec_set_null_n(v2->child, s3, v2->child_cap);
                else
                    ((Str *)v2->child->data)[s3] = batch_str(b, buf, (uint32_t)len);
            }
        }
    }
}

/* Text form of a value of vector v at slot i (depth levels of arrays over strings). */
static void deep_text(StrBuf *o, const Vec *v, uint32_t i, int depth) {
    if (vec_is_null(v, i)) {
        sb_puts(o, "N");
        return;
    }
    if (!depth) {
        Str s = ((const Str *)v->data)[i];
        sb_put(o, s.ptr, s.len);
        return;
    }
    VecList l = vec_lists(v)[i];
    sb_putc(o, '[');
    for (uint32_t j = 0; j < l.len; j++) {
        if (j) sb_putc(o, ',');
        deep_text(o, v->child, l.off + j, depth - 1);
    }
    sb_putc(o, ']');
}

static void test_deep_arrays_roundtrip(void) {
    Type t = type_array_of(type_array_of(type_array_of(TYPE(TY_STRING))));
    Schema s;
    schema_init(&s);
    schema_add(&s, "aaa", t, true);
    const char *p = tmp_path();
    char *err = NULL;
    PqWriteOpts o = {PQ_CODEC_SNAPPY, 1500, 50, false};
    PqWriter *w = pq_writer_open(p, &s, &o, &err);
    CHECK(w != NULL);
    Batch *b = batch_new(&t, 1);
    StrBuf want = {0};
    uint16_t sel[BATCH_ROWS];
    for (int64_t at = 0; w && at < 5000; at += BATCH_ROWS) {
        batch_reset(b);
        uint32_t n = 5000 - at < BATCH_ROWS ? (uint32_t)(5000 - at) : BATCH_ROWS;
        for (uint32_t r = 0; r < n; r++) fill_deep(b, r, at + r);
        b->nrows = n;
        b->nsel = 0;
        for (uint32_t r = 0; r < n; r++)
            if ((at + r) % 3) {
                sel[b->nsel++] = (uint16_t)r;
                deep_text(&want, &b->cols[0], r, 3);
                sb_putc(&want, '\n');
            }
        b->sel = sel;
        CHECK(pq_writer_write(w, b, &err) == 0);
    }
    CHECK(w && pq_writer_finish(w, NULL, &err) == 0);
    pq_writer_free(w);
    StrBuf got = {0};
    PqReader *r = pq_open(p, &err);
    CHECK(r && type_eq(pq_schema(r)->cols[0].type, t));
    batch_reset(b);
    b->sel = NULL;
    int rc = 0;
    while (r && (rc = pq_next(r, b, &err)) == 1)
        for (uint32_t k = 0; k < b->nrows; k++) {
            deep_text(&got, &b->cols[0], k, 3);
            sb_putc(&got, '\n');
        }
    if (rc < 0) printf("  read: %s\n", err);
    CHECK(rc == 0 && got.len == want.len && memcmp(got.ptr, want.ptr, want.len) == 0);
    free(err);
    pq_close(r);
    sb_free(&got);
    sb_free(&want);
    batch_free(b);
    schema_free(&s);
}

static void test_writer_refuses_deep_nesting(void) {
    Schema s;
    schema_init(&s);
    schema_add(&s, "am", type_array_of(type_map_of(TYPE(TY_INT), TYPE(TY_INT))), true);
    char *err = NULL;
    const char *p = tmp_path();
    CHECK(pq_writer_open(p, &s, NULL, &err) == NULL);
    CHECK(err && strstr(err, "column 'am' has type array<map<int,int>>, which Parquet files here "
                             "cannot hold"));
    free(err);
    schema_free(&s);
    CHECK(access(p, F_OK) != 0);
}

static void test_writer_refuses_null_map_key(void) {
    Schema s;
    schema_init(&s);
    Type t = type_map_of(TYPE(TY_INT), TYPE(TY_INT));
    schema_add(&s, "m", t, true);
    char *err = NULL;
    PqWriter *w = pq_writer_open(tmp_path(), &s, NULL, &err);
    Batch *b = batch_new(&t, 1);
    Vec *m = &b->cols[0];
    vec_lists(m)[0] = (VecList){0, 1};
    uint32_t k = push_slot(m);
    vec_set_null_n(&m->child[0], k, m->child_cap);
    b->nrows = 1;
    CHECK(w && pq_writer_write(w, b, &err) == -1 && err && strstr(err, "NULL map key"));
    free(err);
    pq_writer_free(w);
    batch_free(b);
    schema_free(&s);
}

/* ---- hand-built files: one INT32 leaf with given levels, under a given schema ---- */

static uint32_t hand_split; // level entries in a first data page; 0: one page

typedef struct {
    const char *name;
    int repetition, nchildren, converted; // nchildren -1: the INT32 leaf
} El;

/* A file whose schema is els (depth-first) with one INT32 leaf column holding n level
 * entries (rep, def) and nvals values 0, 1, 2, ... */
static const char *hand_file(const El *els, int nel, int max_def, int max_rep,
                             const uint8_t *rep, const uint8_t *def, uint32_t n, uint32_t nvals,
                             int64_t num_rows) {
    PqWCol c;
    pq_wcol_init_nested(&c, TYPE(TY_INT), max_def, PQ_CODEC_UNCOMPRESSED, 1000, true);
    c.max_rep = max_rep;
    Type it = TYPE(TY_INT);
    Batch *b = batch_new(&it, 1);
    for (uint32_t k = 0; k < nvals; k++) ((int32_t *)b->cols[0].data)[k] = (int32_t)k;
    uint32_t split = hand_split && hand_split < n ? hand_split : n, vals_before = 0;
    for (uint32_t k = 0; k < split; k++) vals_before += def[k] == max_def;
    if (vals_before > nvals) vals_before = nvals;
    for (int part = 0; part < 2; part++) { // two pages when hand_split says so
        uint32_t from = part ? split : 0, cnt = part ? n - split : split;
        if (part && !cnt) break;
        pq_wcol_reserve(&c, cnt + nvals);
        memcpy(c.def, def + from, cnt);
        memcpy(c.rep, rep + from, cnt);
        c.page_levels = cnt;
        uint32_t v0 = part ? vals_before : 0, nv = part ? nvals - vals_before : vals_before;
        pq_wcol_append_values(&c, &b->cols[0], v0, nv);
        c.page_rows = 1;
        if (!part && split < n) pq_wcol_flush_page(&c);
    }
    StrBuf chunk = {0};
    PqWChunk ch;
    pq_wcol_finish_chunk(&c, &chunk, 4, &ch);
    ThriftWriter w;
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, 1);
    thrift_w_list(&w, 2, TT_STRUCT, (uint32_t)nel + 1);
    thrift_w_list_struct(&w);
    thrift_w_binary(&w, 4, "schema", 6);
    thrift_w_i32(&w, 5, 1);
    thrift_w_end(&w);
    const char *path[8];
    for (int k = 0; k < nel; k++) {
        thrift_w_list_struct(&w);
        if (els[k].nchildren < 0) thrift_w_i32(&w, 1, PT_INT32);
        thrift_w_i32(&w, 3, els[k].repetition);
        thrift_w_binary(&w, 4, els[k].name, strlen(els[k].name));
        if (els[k].nchildren >= 0) thrift_w_i32(&w, 5, els[k].nchildren);
        if (els[k].converted != CT_NONE) thrift_w_i32(&w, 6, els[k].converted);
        thrift_w_end(&w);
        path[k] = els[k].name;
    }
    thrift_w_i64(&w, 3, num_rows);
    thrift_w_list(&w, 4, TT_STRUCT, 1);
    thrift_w_list_struct(&w);
    thrift_w_list(&w, 1, TT_STRUCT, 1);
    thrift_w_list_struct(&w);
    thrift_w_i64(&w, 2, 4);
    thrift_w_struct(&w, 3);
    thrift_w_i32(&w, 1, PT_INT32);
    thrift_w_list(&w, 2, TT_I32, 1);
    thrift_w_zigzag(&w, PE_PLAIN);
    thrift_w_list(&w, 3, TT_BINARY, (uint32_t)nel);
    for (int k = 0; k < nel; k++) thrift_w_bytes(&w, path[k], strlen(path[k]));
    thrift_w_i32(&w, 4, 0);
    thrift_w_i64(&w, 5, ch.num_values);
    thrift_w_i64(&w, 6, (int64_t)chunk.len);
    thrift_w_i64(&w, 7, (int64_t)chunk.len);
    thrift_w_i64(&w, 9, 4);
    thrift_w_end(&w);
    thrift_w_end(&w);
    thrift_w_i64(&w, 2, (int64_t)chunk.len);
    thrift_w_i64(&w, 3, num_rows);
    thrift_w_end(&w);
    thrift_w_end(&w);
    const char *p = tmp_path();
    FILE *f = fopen(p, "wb");
    fwrite("PAR1", 1, 4, f);
    fwrite(chunk.ptr, 1, chunk.len, f);
    fwrite(w.buf.ptr, 1, w.buf.len, f);
    uint32_t flen = (uint32_t)w.buf.len;
    fwrite(&flen, 1, 4, f);
    fwrite("PAR1", 1, 4, f);
    fclose(f);
    thrift_writer_free(&w);
    sb_free(&chunk);
    pq_wstats_free(&ch.stats);
    pq_wcol_free(&c);
    batch_free(b);
    return p;
}

/* Read an ARRAY<INT> file into "[0,1] NULL [] ..." form; NULL and *err on error. */
static char *read_int_lists(const char *p, char **err) {
    PqReader *r = pq_open(p, err);
    if (!r) return NULL;
    Type t = pq_schema(r)->cols[0].type;
    StrBuf out = {0};
    if (!type_eq(t, type_array_of(TYPE(TY_INT)))) {
        *err = xstrdup("not array<int>");
        pq_close(r);
        return NULL;
    }
    Batch *b = batch_new(&t, 1);
    int rc;
    while ((rc = pq_next(r, b, err)) == 1) {
        const Vec *v = &b->cols[0];
        for (uint32_t k = 0; k < b->nrows; k++) {
            if (out.len) sb_putc(&out, ' ');
            if (vec_is_null(v, k)) {
                sb_puts(&out, "NULL");
                continue;
            }
            VecList l = vec_lists(v)[k];
            sb_putc(&out, '[');
            for (uint32_t j = 0; j < l.len; j++) {
                if (j) sb_putc(&out, ',');
                if (vec_is_null(v->child, l.off + j))
                    sb_puts(&out, "null");
                else
                    sb_printf(&out, "%d", ((const int32_t *)v->child->data)[l.off + j]);
            }
            sb_putc(&out, ']');
        }
    }
    batch_free(b);
    pq_close(r);
    if (rc < 0) {
        sb_free(&out);
        return NULL;
    }
    return sb_take(&out);
}

static void expect_lists(const char *p, const char *want) {
    char *err = NULL;
    char *got = read_int_lists(p, &err);
    if (!got) printf("  error: %s\n", err);
    CHECK_STR(got, want);
    free(got);
    free(err);
}

static void expect_error(const char *p, const char *want) {
    char *err = NULL;
    char *got = read_int_lists(p, &err);
    CHECK(got == NULL);
    if (!err || !strstr(err, want)) printf("  got error: %s\n  want: %s\n", err, want);
    CHECK(err && strstr(err, want));
    free(got);
    free(err);
}

static void test_legacy_two_level_lists(void) {
    // optional group a (LIST) { repeated int32 array; }: NULL, [], [0,1], [2]
    El two[] = {{"a", 1, 1, CT_LIST}, {"array", 2, -1, CT_NONE}};
    uint8_t rep[] = {0, 0, 0, 1, 0}, def[] = {0, 1, 2, 2, 2};
    expect_lists(hand_file(two, 2, 2, 1, rep, def, 5, 3, 4), "NULL [] [0,1] [2]");
    // a bare repeated int32 a: [], [0,1,2]
    El bare[] = {{"a", 2, -1, CT_NONE}};
    uint8_t rep2[] = {0, 0, 1, 1}, def2[] = {0, 1, 1, 1};
    expect_lists(hand_file(bare, 1, 1, 1, rep2, def2, 4, 3, 2), "[] [0,1,2]");
    // the 3-level form with a required element and NULL elements elsewhere
    El three[] = {{"a", 1, 1, CT_LIST}, {"list", 2, 1, CT_NONE}, {"element", 1, -1, CT_NONE}};
    uint8_t rep3[] = {0, 1, 1, 0}, def3[] = {3, 2, 3, 1};
    expect_lists(hand_file(three, 3, 3, 1, rep3, def3, 4, 2, 2), "[0,null,1] []");
}

static void test_record_spanning_pages(void) {
    // [0,1,2] [3] with the first record split over two data pages (allowed in v1 pages)
    El three[] = {{"a", 1, 1, CT_LIST}, {"list", 2, 1, CT_NONE}, {"element", 1, -1, CT_NONE}};
    uint8_t rep[] = {0, 1, 1, 0}, def[] = {3, 3, 3, 3};
    hand_split = 2;
    expect_lists(hand_file(three, 3, 3, 1, rep, def, 4, 4, 2), "[0,1,2] [3]");
    // the second page may not start a row group's first record
    uint8_t rep2[] = {1, 1, 0}, def2[] = {3, 3, 3};
    hand_split = 1;
    expect_error(hand_file(three, 3, 3, 1, rep2, def2, 3, 3, 1), "continues no list");
    hand_split = 0;
}

static void test_malformed_levels(void) {
    El three[] = {{"a", 1, 1, CT_LIST}, {"list", 2, 1, CT_NONE}, {"element", 1, -1, CT_NONE}};
    uint8_t rep_a[] = {1, 0}, def_a[] = {3, 3};
    expect_error(hand_file(three, 3, 3, 1, rep_a, def_a, 2, 2, 1), "continues no list");
    uint8_t rep_b[] = {0, 0}, def_b[] = {3, 1};
    uint8_t rep_c[] = {0, 1}, def_c[] = {1, 3};
    expect_error(hand_file(three, 3, 3, 1, rep_c, def_c, 2, 1, 1), "continues no list");
    // a def level above the maximum (2 for a required element; 2 bits can say 3)
    El req[] = {{"a", 1, 1, CT_LIST}, {"list", 2, 1, CT_NONE}, {"element", 0, -1, CT_NONE}};
    uint8_t rep_d[] = {0, 1}, def_d[] = {2, 3};
    expect_error(hand_file(req, 3, 2, 1, rep_d, def_d, 2, 1, 1), "level out of range");
    // more rows than records
    expect_error(hand_file(three, 3, 3, 1, rep_b, def_b, 2, 1, 5), "fewer");
    // fewer values than levels
    uint8_t rep_e[] = {0, 1, 1}, def_e[] = {3, 3, 3};
    expect_error(hand_file(three, 3, 3, 1, rep_e, def_e, 3, 1, 1), "");
}

static void test_refused_shapes(void) {
    uint8_t rep[] = {0}, def[] = {0};
    El arr_tuple[] = {{"a", 1, 1, CT_LIST}, {"array", 2, 1, CT_NONE}, {"x", 1, -1, CT_NONE}};
    expect_error(hand_file(arr_tuple, 3, 2, 1, rep, def, 1, 0, 1),
                 "column 'a' is an array of structs; only flat, ARRAY and MAP columns");
    El list_map[] = {{"a", 1, 1, CT_LIST},        {"list", 2, 1, CT_NONE},
                     {"element", 1, 1, CT_MAP},    {"key_value", 2, 2, CT_NONE},
                     {"key", 0, -1, CT_NONE},      {"value", 1, -1, CT_NONE}};
    expect_error(hand_file(list_map, 6, 5, 2, rep, def, 1, 0, 1),
                 "column 'a' nests maps or structs in an array");
    El st[] = {{"s", 1, 1, CT_NONE}, {"x", 1, -1, CT_NONE}};
    expect_error(hand_file(st, 2, 2, 0, rep, def, 1, 0, 1), "column 's' is a struct");
}

/* Nested type names as the planner writes file schemas into the plan (type_sql_name). */
static void test_type_parse_nested(void) {
    Type t;
    CHECK(type_parse_nested("array<bigint>", &t) && type_eq(t, type_array_of(TYPE(TY_BIGINT))));
    CHECK(type_parse_nested(" map<string, decimal(10,2)> ", &t) &&
          type_eq(t, type_map_of(TYPE(TY_STRING), type_decimal(10, 2))));
    CHECK(type_parse_nested("array<map<int,array<date>>>", &t) &&
          type_eq(t, type_array_of(type_map_of(TYPE(TY_INT), type_array_of(TYPE(TY_DATE))))));
    char buf[128];
    Type m = type_map_of(TYPE(TY_TIMESTAMP), type_array_of(TYPE(TY_DOUBLE)));
    CHECK(type_parse_nested(type_sql_name(m, buf, sizeof buf), &t) && type_eq(t, m));
    const char *bad[] = {"array<foo>", "array<int", "map<int>", "array<int>x", "int", "array<>",
                         "struct<a:int>", "map<int,int,int>"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        bool ok = type_parse_nested(bad[k], &t);
        if (ok) printf("  parsed: %s\n", bad[k]);
        CHECK(!ok);
    }
}

int main(void) {
    if (!mkdtemp(tmpdir)) return 2;
    init_types();
    RUN(test_type_parse_nested);
    RUN(test_nested_roundtrip);
    RUN(test_nested_many_batches_pages_groups);
    RUN(test_nested_selection_vector);
    RUN(test_nested_empty_file);
    RUN(test_nested_select_and_skip);
    RUN(test_nested_big_batch_pages);
    RUN(test_deep_arrays_roundtrip);
    RUN(test_writer_refuses_deep_nesting);
    RUN(test_writer_refuses_null_map_key);
    RUN(test_legacy_two_level_lists);
    RUN(test_record_spanning_pages);
    RUN(test_malformed_levels);
    RUN(test_refused_shapes);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) return 2;
    return test_summary();
}
