/* CSV reader: records split by src_csv_split, fields matched to the schema's data
 * columns by position (Spark's enforceSchema), cast with src_store_text. A record with
 * the wrong number of fields or a value that does not fit is malformed (partial result
 * in PERMISSIVE mode), unless a rescued-data column takes the value. */
#include "src_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    CsvFields f;
    int32_t  *data_cols;  // schema columns that take fields, in order
    uint32_t  ndata;
    bool      header_pending;
    const char *rec;      // raw text of the current record
    size_t      rec_len;
    int64_t     rec_off;
} CsvState;

/* The next record's fields: 1 got one, 0 end, -1 error. */
static int next_record(FileReader *r, CsvState *s, char **err) {
    for (;;) {
        int nf;
        size_t used = 0;
        if (!r->conf.multiline) {
            const char *p;
            size_t n;
            int rc = src_in_line(&r->in, &p, &n, &s->rec_off, err);
            if (rc <= 0) return rc;
            nf = src_csv_split(&r->conf, p, n, true, &s->f, &used);
            s->rec = p, s->rec_len = n;
        } else {
            SrcInput *in = &r->in;
            if (in->pos >= in->stop) return 0;
            for (;;) {
                size_t bom = in->pos == 0 && in->end - in->beg >= 3 &&
                             memcmp(in->buf + in->beg, SRC_BOM, 3) == 0 ? 3 : 0;
                nf = src_csv_split(&r->conf, in->buf ? in->buf + in->beg + bom : "",
                                   in->end - in->beg - bom, in->eof, &s->f, &used);
                used += bom;
                if (nf >= 0) break;
                int rc = src_in_more(in, err);
                if (rc < 0) return -1;
            }
            if (used == 0 && in->eof) return 0;
            s->rec = in->buf + in->beg, s->rec_len = used;
            while (s->rec_len && (s->rec[s->rec_len - 1] == '\n' || s->rec[s->rec_len - 1] == '\r'))
                s->rec_len--;
            s->rec_off = in->pos;
            in->beg += used;
            in->pos += (int64_t)used;
        }
        if (nf == 0) continue;  // blank or comment line
        if (s->header_pending) {
            s->header_pending = false;
            continue;
        }
        return 1;
    }
}

/* field -> column value; false when it does not fit */
static bool put_field(FileReader *r, Batch *b, int col, uint32_t row, const CsvField *f) {
    int32_t oc = r->outpos[col];
    if (oc < 0) return true;
    Vec *v = &b->cols[oc];
    const char *p = f->p;
    size_t n = f->len;
    if (!f->quoted && n == 0) {  // univocity hands Spark nullValue for an empty field
        vec_set_null(v, row);
        return true;
    }
    if (f->quoted && n == 0) p = r->conf.empty_value, n = r->conf.empty_len;
    if (n == r->conf.null_len && memcmp(p, r->conf.null_value, n) == 0) {
        vec_set_null(v, row);
        return true;
    }
    if (v->type.id == TY_STRING) {
        ((Str *)v->data)[row] = src_heap_str(r, b, p, n);
        vec_set_valid(v, row);
        return true;
    }
    if (src_store_text(b, v, row, p, n, &r->conf)) {
        vec_set_valid(v, row);
        return true;
    }
    vec_set_null(v, row);
    return false;
}

static int csv_row(FileReader *r, CsvState *s, Batch *b, char **err) {
    uint32_t row = b->nrows;
    bool bad = s->f.n != s->ndata;
    sb_reset(&r->rescue);
    for (uint32_t i = 0; i < s->ndata; i++) {
        int col = s->data_cols[i];
        if (i >= s->f.n) {
            src_set_null(b, r->outpos[col], row);
            continue;
        }
        if (put_field(r, b, col, row, &s->f.f[i])) continue;
        if (r->rescued_col >= 0) {
            const char *name = r->schema.cols[col].name;
            src_rescue_add(r, name, strlen(name), s->f.f[i].p, s->f.f[i].len, true);
        } else {
            bad = true;
        }
    }
    if (r->corrupt_col >= 0) src_set_null(b, r->outpos[r->corrupt_col], row);
    int rc = 1;
    if (bad) rc = src_bad_values(r, b, row, s->rec, s->rec_len, s->rec_off,
                                 s->f.n != s->ndata ? "malformed CSV record: wrong number of fields"
                                                    : "malformed CSV record: value does not fit",
                                 err);
    if (rc < 0) return -1;
    if (rc) {
        src_row_finish(r, b, row);
        b->nrows++;
    }
    return 0;
}

static int csv_next(FileReader *r, Batch *b, char **err) {
    CsvState *s = r->impl;
    while (b->nrows < BATCH_ROWS) {
        int rc = next_record(r, s, err);
        if (rc < 0) return -1;
        if (rc == 0) break;
        if (csv_row(r, s, b, err) < 0) return -1;
    }
    return b->nrows > 0;
}

static void csv_close(FileReader *r) {
    CsvState *s = r->impl;
    if (!s) return;
    src_csv_fields_free(&s->f);
    free(s->data_cols);
    free(s);
}

int src_csv_open(FileReader *r, char **err) {
    (void)err;
    CsvState *s = xcalloc(1, sizeof *s);
    s->data_cols = xcalloc(r->schema.ncols + 1, sizeof *s->data_cols);
    for (uint32_t c = 0; c < r->schema.ncols; c++)
        if ((int)c != r->corrupt_col && (int)c != r->rescued_col && !src_is_part_col(r, (int)c))
            s->data_cols[s->ndata++] = (int32_t)c;
    s->header_pending = r->conf.header && r->in.pos == 0;
    r->impl = s;
    r->next = csv_next;
    r->close = csv_close;
    return 0;
}
