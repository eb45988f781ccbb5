/* The file reader object: opening (schema copy, projection, special columns), the
 * per-format dispatch, and the bad-record policy shared by JSON and CSV (Spark's
 * PERMISSIVE / DROPMALFORMED / FAILFAST, _corrupt_record and _rescued_data). */
#include "src_internal.h"

#include <stdlib.h>
#include <string.h>

static FileReader *reader_new(const SrcFile *file, SrcFormat fmt, const SrcOpts *opts,
                              const Schema *schema, const int *cols, uint32_t ncols,
                              char **err) {
    FileReader *r = xcalloc(1, sizeof *r);
    r->fmt = fmt;
    r->file = *file;
    r->file.path = xstrdup(file->path);
    r->in.fd = -1;
    for (uint32_t i = 0; opts && i < opts->n; i++)
        filesrc_opts_set(&r->opts, opts->items[i].key, opts->items[i].val);
    schema_copy(&r->schema, schema);
    if (src_conf_init(&r->conf, fmt, &r->opts, err) < 0) {
        filesrc_close(r);
        return NULL;
    }
    uint32_t n = cols ? ncols : schema->ncols;
    r->outpos = xmalloc((schema->ncols + 1) * sizeof *r->outpos);
    for (uint32_t i = 0; i < schema->ncols; i++) r->outpos[i] = -1;
    r->out_types = xcalloc(n + 1, sizeof *r->out_types);
    for (uint32_t k = 0; k < n; k++) {
        int c = cols ? cols[k] : (int)k;
        if (c < 0 || (uint32_t)c >= schema->ncols || r->outpos[c] >= 0) {
            *err = xstrdup(c >= 0 && (uint32_t)c < schema->ncols
                               ? "projection lists a column twice"
                               : "projection names a column outside the schema");
            filesrc_close(r);
            return NULL;
        }
        r->outpos[c] = (int32_t)k;
        r->out_types[k] = schema->cols[c].type;
    }
    r->nout = n;
    src_parts_of(&r->file, &r->parts);
    r->part_col = xcalloc(r->parts.n + 1, sizeof *r->part_col);
    for (uint32_t i = 0; i < r->parts.n; i++)
        r->part_col[i] = schema_find(schema, r->parts.items[i].name);
    r->corrupt_col = schema_find(schema, r->conf.corrupt_name);
    r->rescued_col = schema_find(schema, r->conf.rescued_name);
    if (r->corrupt_col >= 0 && schema->cols[r->corrupt_col].type.id != TY_STRING)
        r->corrupt_col = -1;
    if (r->rescued_col >= 0 && schema->cols[r->rescued_col].type.id != TY_STRING)
        r->rescued_col = -1;
    return r;
}

FileReader *filesrc_open_range(const SrcFile *file, int64_t offset, int64_t length,
                               SrcFormat fmt, const SrcOpts *opts, const Schema *schema,
                               const int *cols, uint32_t ncols, char **err) {
    *err = NULL;
    FileReader *r = reader_new(file, fmt, opts, schema, cols, ncols, err);
    if (!r) return NULL;
    bool whole = fmt != SRC_PARQUET && (r->conf.multiline || r->conf.wholetext);
    if (whole && offset > 0) {  // not splittable: the range at 0 reads it all
        r->empty = true;
        return r;
    }
    if (whole) length = -1;
    int rc;
    if (fmt == SRC_PARQUET) {
        rc = src_parquet_open(r, cols, ncols, offset, length, err);
    } else {
        rc = src_in_open(&r->in, r->file.path, whole ? 0 : offset, length, err);
        if (rc == 0 && fmt == SRC_JSON) rc = src_json_open(r, err);
        else if (rc == 0 && fmt == SRC_CSV) rc = src_csv_open(r, err);
        else if (rc == 0 && fmt == SRC_TEXT) rc = src_text_open(r, err);
        else if (rc == 0) {
            *err = xstrdup("unsupported file format");
            rc = -1;
        }
    }
    if (rc < 0) {
        filesrc_close(r);
        return NULL;
    }
    return r;
}

FileReader *filesrc_open(const SrcFile *file, SrcFormat fmt, const SrcOpts *opts,
                         const Schema *schema, const int *cols, uint32_t ncols, char **err) {
    return filesrc_open_range(file, 0, -1, fmt, opts, schema, cols, ncols, err);
}

Batch *filesrc_batch_new(const FileReader *r) { return batch_new(r->out_types, r->nout); }

int filesrc_next(FileReader *r, Batch *out, char **err) {
    *err = NULL;
    batch_reset(out);
    r->heap_cur = r->heap_end = NULL;  // the reset dropped the carving block
    int rc = r->empty ? 0 : r->next(r, out, err);
    if (rc > 0 && r->parts.n) src_parts_fill(r, out);
    return rc;
}

void filesrc_close(FileReader *r) {
    if (!r) return;
    if (r->close) r->close(r);
    src_in_close(&r->in);
    schema_free(&r->schema);
    filesrc_opts_free(&r->opts);
    sb_free(&r->rescue);
    sb_free(&r->scratch);
    src_parts_free(&r->parts);
    free(r->part_col);
    free(r->outpos);
    free(r->out_types);
    free(r->file.path);
    free(r);
}

const SrcFile *filesrc_file(const FileReader *r) { return &r->file; }

const char *filesrc_file_name(const FileReader *r) {
    const char *s = strrchr(r->file.path, '/');
    return s ? s + 1 : r->file.path;
}

void src_set_null(Batch *b, int32_t outcol, uint32_t row) {
    if (outcol >= 0) vec_set_null(&b->cols[outcol], row);
}

static int fail(FileReader *r, int64_t off, const char *what, char **err) {
    StrBuf m = {0};
    sb_printf(&m, "%s:%lld: error: %s (parse mode FAILFAST)", r->file.path,
              (long long)src_line_of(r->file.path, off), what);
    *err = sb_take(&m);
    return -1;
}

static void put_corrupt(FileReader *r, Batch *b, uint32_t row, const char *p, size_t n) {
    if (r->corrupt_col < 0 || r->outpos[r->corrupt_col] < 0) return;
    Vec *v = &b->cols[r->outpos[r->corrupt_col]];
    ((Str *)v->data)[row] = batch_str(b, p, n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
    vec_set_valid(v, row);
}

int src_bad_record(FileReader *r, Batch *b, uint32_t row, const char *p, size_t n,
                   int64_t off, const char *what, char **err) {
    sb_reset(&r->rescue);
    if (r->conf.mode == SM_FAILFAST) return fail(r, off, what, err);
    if (r->conf.mode == SM_DROPMALFORMED) return 0;
    for (uint32_t k = 0; k < r->nout; k++) vec_set_null(&b->cols[k], row);
    put_corrupt(r, b, row, p, n);
    return 1;
}

int src_bad_values(FileReader *r, Batch *b, uint32_t row, const char *p, size_t n,
                   int64_t off, const char *what, char **err) {
    if (r->conf.mode == SM_FAILFAST) return fail(r, off, what, err);
    if (r->conf.mode == SM_DROPMALFORMED) {
        sb_reset(&r->rescue);
        return 0;
    }
    put_corrupt(r, b, row, p, n);
    return 1;
}

void src_rescue_add(FileReader *r, const char *key, size_t klen, const char *json, size_t n,
                    bool quote_value) {
    sb_putc(&r->rescue, r->rescue.len ? ',' : '{');
    sb_json_str(&r->rescue, key, klen);
    sb_putc(&r->rescue, ':');
    if (quote_value) sb_json_str(&r->rescue, json, n);
    else sb_put(&r->rescue, json, n);
}

void src_row_finish(FileReader *r, Batch *b, uint32_t row) {
    if (r->rescued_col < 0) return;
    int32_t oc = r->outpos[r->rescued_col];
    if (!r->rescue.len) {
        src_set_null(b, oc, row);
        return;
    }
    if (oc >= 0) {
        sb_puts(&r->rescue, ",\"_file_path\":");
        sb_json_str(&r->rescue, r->file.path, strlen(r->file.path));
        sb_putc(&r->rescue, '}');
        Vec *v = &b->cols[oc];
        ((Str *)v->data)[row] = batch_str(b, r->rescue.ptr, (uint32_t)r->rescue.len);
        vec_set_valid(v, row);
    }
    sb_reset(&r->rescue);
}
