/* Write transactions for the store API (store_write_*): batches go to Parquet
 * data files rolled at a size bound, each fsynced before the commit that makes
 * it visible; the commit adds them (and, for an overwrite, removes every live
 * file) in one atomic log version. */
#include "delta_store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    DEFAULT_FILE_BYTES = 128 << 20,
    GROUP_ROWS = 128 << 10,  // rows per row group: readers split files by row groups
};

struct StoreWrite {
    StoreTable  *t;
    StoreMode    mode;
    PqWriteOpts  opts;
    int64_t      file_bytes;   // roll bound
    PqWriter    *pw;           // current data file, or NULL
    char        *cur_name;     // its name relative to the table
    int64_t      cur_bytes;    // estimated bytes written to it
    uint32_t     file_index;
    Arena        arena;        // add paths and stats
    VEC(DeltaAdd) adds;
    VEC(char *)  written;      // full paths of finished files (deleted if not committed)
    int64_t      rows, bytes;
    char        *txn_app;
    int64_t      txn_version;
    StrBuf       params, metrics;  // extra ",\"k\":\"v\"" entries
    Schema       schema;       // what the files are written with (the table's, or a new one)
    bool         new_schema;   // an overwrite that replaces the table's schema
    bool         failed;
};

StoreWrite *store_write_begin(StoreTable *t, StoreMode mode, char **err) {
    if (delta_check_writable(&t->snap, mode == STORE_OVERWRITE && t->snap.nfiles > 0, err))
        return NULL;
    if (t->snap.meta.npartition > 0) {
        *err = delta_errorf("%s: writing partitioned tables is not supported (partitioned by "
                            "'%s')", t->snap.table, t->snap.meta.partition_cols[0]);
        return NULL;
    }
    StoreWrite *w = xcalloc(1, sizeof *w);
    w->t = t;
    w->mode = mode;
    w->opts.codec = PQ_CODEC_SNAPPY;
    w->opts.row_group_rows = GROUP_ROWS;
    const char *codec = delta_snapshot_conf(&t->snap, "delta.parquet.compression.codec");
    if (codec && !pq_codec_parse(codec, &w->opts.codec)) {
        *err = delta_errorf("%s: unknown compression codec '%s' in "
                            "delta.parquet.compression.codec", t->snap.table, codec);
        free(w);
        return NULL;
    }
    w->file_bytes = DEFAULT_FILE_BYTES;
    schema_copy(&w->schema, &t->snap.schema);
    return w;
}

int store_write_set_schema(StoreWrite *w, const Schema *schema, char **err) {
    if (w->mode != STORE_OVERWRITE || w->pw || w->written.len) {
        *err = delta_errorf("%s: only an overwrite may replace the schema, before any row",
                            w->t->snap.table);
        return -1;
    }
    schema_free(&w->schema);
    schema_copy(&w->schema, schema);
    w->new_schema = true;
    return 0;
}

void store_write_set_file_bytes(StoreWrite *w, int64_t bytes) {
    w->file_bytes = bytes > 0 ? bytes : DEFAULT_FILE_BYTES;
}

void store_write_set_txn(StoreWrite *w, const char *app_id, int64_t version) {
    free(w->txn_app);
    w->txn_app = xstrdup(app_id);
    w->txn_version = version;
}

static void put_kv(StrBuf *b, const char *k, const char *v) {
    sb_putc(b, ',');
    sb_json_str(b, k, strlen(k));
    sb_putc(b, ':');
    sb_json_str(b, v, strlen(v));
}

void store_write_param(StoreWrite *w, const char *key, const char *value) {
    put_kv(&w->params, key, value);
}

void store_write_metric(StoreWrite *w, const char *key, const char *value) {
    put_kv(&w->metrics, key, value);
}

static int open_file(StoreWrite *w, char **err) {
    char id[37];
    delta_uuid(id);
    free(w->cur_name);
    StrBuf n = {0};
    sb_printf(&n, "part-%05u-%s.%s.parquet", w->file_index++, id, pq_codec_name(w->opts.codec));
    w->cur_name = sb_take(&n);
    StrBuf full = {0};
    sb_printf(&full, "%s/%s", w->t->snap.table, w->cur_name);
    char *perr = NULL;
    w->pw = pq_writer_open(full.ptr, &w->schema, &w->opts, &perr);
    sb_free(&full);
    if (!w->pw) {
        *err = delta_errorf("%s: %s", w->t->snap.table, perr ? perr : "cannot create data file");
        free(perr);
        return -1;
    }
    w->cur_bytes = 0;
    return 0;
}

static int finish_file(StoreWrite *w, char **err) {
    PqFileStats st;
    char *perr = NULL;
    if (pq_writer_finish(w->pw, &st, &perr) != 0) {
        *err = delta_errorf("%s: %s", w->t->snap.table, perr ? perr : "cannot finish data file");
        free(perr);
        pq_writer_free(w->pw);
        w->pw = NULL;
        return -1;
    }
    StrBuf full = {0}, stats = {0}, path = {0};
    sb_printf(&full, "%s/%s", w->t->snap.table, w->cur_name);
    struct stat fst;
    int64_t size = stat(full.ptr, &fst) == 0 ? (int64_t)fst.st_size : st.file_size;
    delta_stats_json(&w->schema, &st, &stats);
    delta_encode_path(&path, w->cur_name);
    DeltaAdd a = {
        .path = arena_strdup(&w->arena, sb_cstr(&path)),
        .size = size,
        .mod_time = delta_now_ms(),
        .data_change = true,
        .stats = arena_strdup(&w->arena, sb_cstr(&stats)),
    };
    VEC_PUSH(w->adds, a);
    VEC_PUSH(w->written, sb_take(&full));
    w->rows += st.num_rows;
    w->bytes += size;
    pq_writer_free(w->pw);
    w->pw = NULL;
    sb_free(&stats);
    sb_free(&path);
    delta_crash_point("after_data_file");
    return 0;
}

/* Validate b against the schema written: column count, types, NOT NULL. */
static int check_batch(StoreWrite *w, const Batch *b, char **err) {
    const Schema *s = &w->schema;
    if (b->ncols != s->ncols) {
        *err = delta_errorf("%s: batch has %u columns but the table has %u",
                            w->t->snap.table, b->ncols, s->ncols);
        return -1;
    }
    for (uint32_t c = 0; c < s->ncols; c++) {
        if (!type_eq(b->cols[c].type, s->cols[c].type)) {
            char x[64], y[64];
            *err = delta_errorf("%s: column '%s' is %s in the batch but %s in the table",
                                w->t->snap.table, s->cols[c].name,
                                type_sql_name(b->cols[c].type, x, 64),
                                type_sql_name(s->cols[c].type, y, 64));
            return -1;
        }
        if (s->cols[c].nullable || !b->cols[c].valid) continue;
        for (uint32_t k = 0; k < batch_live(b); k++)
            if (vec_is_null(&b->cols[c], b->cols[c].is_const ? 0 : batch_row(b, k))) {
                *err = delta_errorf("%s: NULL value in column '%s', which is NOT NULL",
                                    w->t->snap.table, s->cols[c].name);
                return -1;
            }
    }
    return 0;
}

static int64_t estimate_bytes(const Batch *b) {
    int64_t n = 0;
    uint32_t live = batch_live(b);
    for (uint32_t c = 0; c < b->ncols; c++) {
        const Vec *v = &b->cols[c];
        n += (int64_t)type_fixed_width(v->type.id) * live;
        for (uint32_t k = 0; v->child && k < vec_nchild(v); k++) // elements, roughly
            n += (int64_t)type_fixed_width(v->child[k].type.id) * v->child_len;
        if (v->type.id != TY_STRING && v->type.id != TY_BINARY) continue;
        const Str *s = v->data;
        for (uint32_t k = 0; k < live; k++) n += s[v->is_const ? 0 : batch_row(b, k)].len;
    }
    return n;
}

int store_write_batch(StoreWrite *w, const Batch *b, char **err) {
    if (w->failed) {
        *err = delta_errorf("%s: write transaction already failed", w->t->snap.table);
        return -1;
    }
    if (check_batch(w, b, err)) return -1;
    if (batch_live(b) == 0) return 0;
    if (!w->pw && open_file(w, err)) goto fail;
    char *perr = NULL;
    if (pq_writer_write(w->pw, b, &perr) != 0) {
        *err = delta_errorf("%s: %s", w->t->snap.table, perr ? perr : "write error");
        free(perr);
        goto fail;
    }
    w->cur_bytes += estimate_bytes(b);
    if (w->cur_bytes >= w->file_bytes && finish_file(w, err)) goto fail;
    return 0;
fail:
    w->failed = true;
    return -1;
}

static void remove_written(StoreWrite *w) {
    for (size_t i = 0; i < w->written.len; i++) unlink(w->written.items[i]);
}

static void build_json(StoreWrite *w, StrBuf *params, StrBuf *metrics, uint32_t nremoved) {
    sb_printf(params, "{\"mode\":\"%s\",\"partitionBy\":\"[]\"",
              w->mode == STORE_APPEND ? "Append" : "Overwrite");
    if (w->params.len) sb_put(params, w->params.ptr, w->params.len);
    sb_putc(params, '}');
    sb_printf(metrics, "{\"numFiles\":\"%zu\",\"numOutputRows\":\"%lld\","
              "\"numOutputBytes\":\"%lld\"", w->adds.len, (long long)w->rows,
              (long long)w->bytes);
    if (w->mode == STORE_OVERWRITE) sb_printf(metrics, ",\"numRemovedFiles\":\"%u\"", nremoved);
    if (w->metrics.len) sb_put(metrics, w->metrics.ptr, w->metrics.len);
    sb_putc(metrics, '}');
}

static int checkpoint_interval(const DeltaSnapshot *s) {
    const char *v = delta_snapshot_conf(s, "delta.checkpointInterval");
    long n = v ? strtol(v, NULL, 10) : 0;
    return n > 0 && n < 1000000 ? (int)n : 0;
}

int store_write_commit(StoreWrite *w, const char *operation, int64_t *version, char **err) {
    const DeltaSnapshot *s = &w->t->snap;
    if (w->failed) {
        *err = delta_errorf("%s: write transaction already failed", s->table);
        return -1;
    }
    if (w->txn_app && delta_snapshot_txn(s, w->txn_app) >= w->txn_version) {
        remove_written(w);
        *version = s->version;
        return 1;
    }
    if (w->pw && finish_file(w, err)) { w->failed = true; return -1; }
    // The files' directory entries must be durable before a commit can point at them.
    if (w->written.len && delta_fsync_path(s->table, true) != 0) {
        *err = delta_errorf("%s: cannot sync the table folder: %s", s->table, strerror(errno));
        w->failed = true;
        return -1;
    }
    uint32_t nrem = w->mode == STORE_OVERWRITE ? s->nfiles : 0;
    DeltaRemove *rem = xcalloc(nrem + 1, sizeof *rem);
    int64_t now = delta_now_ms();
    for (uint32_t i = 0; i < nrem; i++)
        rem[i] = (DeltaRemove){.path = s->files[i]->path, .deletion_ts = now,
                               .size = s->files[i]->size, .data_change = true};
    StrBuf params = {0}, metrics = {0}, js = {0};
    build_json(w, &params, &metrics, nrem);
    DeltaMeta meta = s->meta;  // a new schema goes in the same version as the new rows
    if (w->new_schema) {
        delta_schema_to_json(&w->schema, &js);
        meta.schema_string = sb_cstr(&js);
    }
    DeltaCommit c = {
        .meta = w->new_schema ? &meta : NULL,
        .operation = operation ? operation : "WRITE",
        .params_json = params.ptr, .metrics_json = metrics.ptr,
        .is_blind_append = w->mode == STORE_APPEND,
        .txn_app = w->txn_app, .txn_version = w->txn_version,
        .removes = rem, .nremoves = nrem,
        .adds = w->adds.items, .nadds = (uint32_t)w->adds.len,
        .checkpoint_interval = checkpoint_interval(s),
    };
    int64_t v = -1;
    DeltaCommitStatus st = delta_commit(s->table, s->version, &c, &v, err);
    free(rem);
    sb_free(&params);
    sb_free(&metrics);
    sb_free(&js);
    w->failed = true;  // a transaction commits once
    if (st != DC_OK) {
        remove_written(w);  // never referenced by any version
        if (st == DC_ALREADY) { *version = v; return 1; }
        return -1;
    }
    *version = v;
    char *rerr = NULL;
    if (store_reload(w->t, v, &rerr)) free(rerr);  // committed anyway; t stays at its old version
    return 0;
}

void store_write_free(StoreWrite *w) {
    if (!w) return;
    if (w->pw) pq_writer_free(w->pw);  // deletes an unfinished file
    for (size_t i = 0; i < w->written.len; i++) free(w->written.items[i]);
    free(w->written.items);
    free(w->adds.items);
    arena_free_all(&w->arena);
    free(w->cur_name);
    free(w->txn_app);
    sb_free(&w->params);
    sb_free(&w->metrics);
    schema_free(&w->schema);
    free(w);
}
