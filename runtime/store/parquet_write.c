/* The Parquet writer (parquet.h): buffers a row group per leaf column (pages encoded
 * as rows arrive; ARRAY / MAP columns through pq_nested_write.c), writes each chunk
 * through a buffered fd, then the footer, fsyncs and reports statistics for Delta.
 * Codec names live here too. */
#include "compress.h"
#include "pq_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum {
    DEFAULT_GROUP_ROWS = 1 << 20,
    DEFAULT_PAGE_ROWS = 20000,
    PAGE_BYTES = 1 << 20,    // close a page past ~1 MiB
    GROUP_BYTES = 128 << 20, // close a row group past ~128 MiB of pages
    OUT_BUF = 1 << 20,
    PAGE_LEVELS = 1 << 20, // close a nested leaf's page past ~1 Mi level entries
};

struct PqWriter {
    char *path;
    int fd;
    bool finished, failed;
    Schema schema;
    PqWriteOpts opts;
    PqWCol *cols;       // one per leaf
    uint32_t nleaves;
    uint32_t *leaf0;    // per schema column: its first leaf
    int64_t *col_nulls; // per schema column: NULL rows of an ARRAY / MAP column
    int64_t offset; // bytes written so far (file position)
    StrBuf out;     // pending output
    int64_t rows, group_rows;
    VEC(PqWRowGroup) groups;
    PqColStats *stats;
    PqWStats *file_stats;
};

bool pq_codec_parse(const char *name, PqCodec *out) {
    static const struct {
        const char *name;
        PqCodec c;
    } names[] = {
        {"snappy", PQ_CODEC_SNAPPY},     {"zstd", PQ_CODEC_ZSTD},
        {"gzip", PQ_CODEC_GZIP},         {"lz4_raw", PQ_CODEC_LZ4_RAW},
        {"lz4raw", PQ_CODEC_LZ4_RAW},    {"uncompressed", PQ_CODEC_UNCOMPRESSED},
        {"none", PQ_CODEC_UNCOMPRESSED},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].c;
            return true;
        }
    return false;
}

const char *pq_codec_name(PqCodec c) {
    switch (c) {
    case PQ_CODEC_UNCOMPRESSED: return "uncompressed";
    case PQ_CODEC_SNAPPY: return "snappy";
    case PQ_CODEC_GZIP: return "gzip";
    case PQ_CODEC_ZSTD: return "zstd";
    case PQ_CODEC_LZ4_RAW: return "lz4_raw";
    }
    return "unknown";
}

static void wr_err(char **err, const char *path, const char *msg, const char *detail) {
    if (!err) return;
    StrBuf b = {0};
    sb_printf(&b, "parquet: %s: %s%s%s", path, msg, detail ? ": " : "", detail ? detail : "");
    *err = sb_take(&b);
}

static int flush_out(PqWriter *w, char **err) {
    size_t done = 0;
    while (done < w->out.len) {
        ssize_t k = write(w->fd, w->out.ptr + done, w->out.len - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            wr_err(err, w->path, "write failed", strerror(errno));
            w->failed = true;
            return -1;
        }
        done += (size_t)k;
    }
    sb_reset(&w->out);
    return 0;
}

static int put_bytes(PqWriter *w, const void *p, size_t n, char **err) {
    sb_put(&w->out, p, n);
    w->offset += (int64_t)n;
    return w->out.len >= OUT_BUF ? flush_out(w, err) : 0;
}

static bool storable_leaf(Type t) {
    return t.id != TY_NULL && t.id != TY_ARRAY && t.id != TY_MAP && t.id != TY_STRUCT &&
           t.id != TY_INTERVAL && t.id < TY_COUNT_;
}

static bool storable(Type t) {
    int depth = pq_list_depth(t);
    if (depth > PQ_MAX_LIST_DEPTH) return false;
    while (depth > 1) t = t.nested->elem, depth--; // array<array<...<T>>> of a primitive T
    if (t.id == TY_ARRAY) return t.nested && storable_leaf(t.nested->elem);
    if (t.id == TY_MAP)
        return t.nested && storable_leaf(t.nested->elem) && storable_leaf(t.nested->value);
    return storable_leaf(t);
}

PqWriter *pq_writer_open(const char *path, const Schema *schema, const PqWriteOpts *opts,
                         char **err) {
    for (uint32_t i = 0; i < schema->ncols; i++) {
        Type t = schema->cols[i].type;
        if (!storable(t)) {
            char msg[300], tb[128];
            snprintf(msg, sizeof msg,
                     "column '%s' has type %s, which Parquet files here cannot hold (ARRAY and "
                     "MAP only of primitive types)",
                     schema->cols[i].name, type_sql_name(t, tb, sizeof tb));
            wr_err(err, path, msg, NULL);
            return NULL;
        }
    }
    if (opts && codec_bound((int)opts->codec, 1) == 0) {
        wr_err(err, path, "unsupported codec", codec_upper_name((int)opts->codec));
        return NULL;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        wr_err(err, path, "cannot create", strerror(errno));
        return NULL;
    }
    PqWriter *w = xcalloc(1, sizeof *w);
    w->path = xstrdup(path);
    w->fd = fd;
    schema_copy(&w->schema, schema);
    if (opts)
        w->opts = *opts;
    else
        w->opts.codec = PQ_CODEC_SNAPPY;
    if (!w->opts.row_group_rows) w->opts.row_group_rows = DEFAULT_GROUP_ROWS;
    if (!w->opts.page_rows) w->opts.page_rows = DEFAULT_PAGE_ROWS;
    uint32_t n = schema->ncols;
    w->leaf0 = xcalloc(n + 1, sizeof *w->leaf0);
    for (uint32_t i = 0; i < n; i++) {
        w->leaf0[i] = w->nleaves;
        w->nleaves += schema->cols[i].type.id == TY_MAP ? 2 : 1;
    }
    w->cols = xcalloc(w->nleaves + 1, sizeof *w->cols);
    w->file_stats = xcalloc(n + 1, sizeof *w->file_stats);
    w->stats = xcalloc(n + 1, sizeof *w->stats);
    w->col_nulls = xcalloc(n + 1, sizeof *w->col_nulls);
    for (uint32_t i = 0; i < n; i++) {
        const Column *c = &w->schema.cols[i];
        PqWCol *leaf = &w->cols[w->leaf0[i]];
        if (type_is_nested(c->type.id)) {
            pq_nested_wcols_init(leaf, c, w->opts.codec, w->opts.page_rows,
                                 w->opts.no_dictionary);
            continue;
        }
        pq_wcol_init(leaf, c->type, c->nullable, w->opts.codec, w->opts.page_rows,
                     w->opts.no_dictionary);
        leaf->path[0] = c->name, leaf->npath = 1;
    }
    put_bytes(w, "PAR1", 4, NULL);
    return w;
}

static int finish_group(PqWriter *w, char **err) {
    if (w->group_rows == 0) return 0;
    uint32_t n = w->nleaves;
    PqWRowGroup g = {0};
    g.cols = xcalloc(n + 1, sizeof *g.cols);
    g.num_rows = w->group_rows;
    g.file_offset = w->offset;
    int rc = 0;
    for (uint32_t i = 0, col = 0; i < n; i++) {
        while (col + 1 < w->schema.ncols && w->leaf0[col + 1] <= i) col++;
        size_t before = w->out.len;
        if (pq_wcol_finish_chunk(&w->cols[i], &w->out, w->offset, &g.cols[i]) < 0 && rc == 0) {
            wr_err(err, w->path, "compression failed", w->schema.cols[col].name);
            rc = -1;
        }
        w->offset += (int64_t)(w->out.len - before);
        g.total_usize += g.cols[i].usize;
        g.total_csize += g.cols[i].csize;
        if (!w->cols[i].nested)
            pq_wstats_merge(&w->file_stats[col], &g.cols[i].stats, w->schema.cols[col].type.id);
        if (rc == 0 && w->out.len >= OUT_BUF && flush_out(w, err) < 0) rc = -1;
    }
    VEC_PUSH(w->groups, g);
    w->group_rows = 0;
    return rc;
}

/* Rows that fit in every column's current page and in the row group. */
static uint32_t room(const PqWriter *w) {
    uint64_t r = w->opts.row_group_rows - (uint64_t)w->group_rows;
    for (uint32_t i = 0; i < w->nleaves; i++) {
        uint32_t left = w->cols[i].page_rows_max - w->cols[i].page_rows;
        if (left < r) r = left;
    }
    return (uint32_t)r;
}

/* Rows from at (at most m, at least 1) whose list elements keep every nested leaf's page
 * under PAGE_LEVELS level entries: readers bound the entries of one page. */
static uint32_t nested_fit(const PqWriter *w, const Batch *b, uint32_t at, uint32_t m) {
    for (uint32_t i = 0; i < w->schema.ncols; i++) {
        const Vec *v = &b->cols[i];
        if (!type_is_nested(v->type.id)) continue;
        uint64_t used = w->cols[w->leaf0[i]].page_levels;
        for (uint32_t k = 0; k < m; k++) {
            uint32_t r = v->is_const ? 0 : batch_row(b, at + k);
            uint32_t len = vec_is_null(v, r) ? 1 : vec_lists(v)[r].len;
            used += len ? len : 1;
            if (used > PAGE_LEVELS && k > 0) {
                m = k;
                break;
            }
        }
    }
    return m;
}

int pq_writer_write(PqWriter *w, const Batch *b, char **err) {
    if (w->failed || w->finished) {
        wr_err(err, w->path, "writer is not usable", NULL);
        return -1;
    }
    uint32_t n = w->schema.ncols;
    if (b->ncols < n) {
        wr_err(err, w->path, "batch has fewer columns than the schema", NULL);
        return -1;
    }
    uint32_t live = batch_live(b);
    for (uint32_t i = 0; i < n; i++) {
        const Vec *v = &b->cols[i];
        if (v->type.id != w->schema.cols[i].type.id) {
            wr_err(err, w->path, "batch column type does not match the schema",
                   w->schema.cols[i].name);
            return -1;
        }
        if (!w->schema.cols[i].nullable && v->valid)
            for (uint32_t k = 0; k < live; k++)
                if (vec_is_null(v, batch_row(b, k))) {
                    wr_err(err, w->path, "NULL in a non-nullable column", w->schema.cols[i].name);
                    return -1;
                }
    }
    uint32_t at = 0;
    while (at < live) {
        uint32_t m = room(w);
        if (m > live - at) m = live - at;
        m = nested_fit(w, b, at, m);
        for (uint32_t i = 0; i < n; i++) {
            PqWCol *leaf = &w->cols[w->leaf0[i]];
            if (!type_is_nested(b->cols[i].type.id)) {
                pq_wcol_append(leaf, &b->cols[i], b->sel, at, m);
            } else if (pq_nested_append(leaf, &b->cols[i], b->sel, at, m, &w->col_nulls[i]) <
                       0) {
                wr_err(err, w->path, "NULL map key (or too many elements) in column",
                       w->schema.cols[i].name);
                w->failed = true;
                return -1;
            }
        }
        for (uint32_t i = 0; i < w->nleaves; i++)
            if (w->cols[i].page_rows == w->cols[i].page_rows_max ||
                pq_wcol_page_bytes(&w->cols[i]) >= PAGE_BYTES ||
                w->cols[i].page_levels >= PAGE_LEVELS)
                pq_wcol_flush_page(&w->cols[i]);
        at += m;
        w->group_rows += m;
        w->rows += m;
        size_t bytes = 0;
        for (uint32_t i = 0; i < w->nleaves; i++) bytes += w->cols[i].pages.len;
        if ((uint64_t)w->group_rows >= w->opts.row_group_rows || bytes >= GROUP_BYTES)
            if (finish_group(w, err) < 0) return -1;
    }
    return 0;
}

int pq_writer_finish(PqWriter *w, PqFileStats *stats, char **err) {
    if (w->failed || w->finished) {
        wr_err(err, w->path, "writer is not usable", NULL);
        return -1;
    }
    if (finish_group(w, err) < 0) return -1;
    StrBuf footer = {0};
    pq_meta_encode(&footer, &w->schema, w->cols, w->nleaves, w->groups.items,
                   (uint32_t)w->groups.len, w->rows, w->opts.codec);
    uint32_t flen = (uint32_t)footer.len;
    int rc = put_bytes(w, footer.ptr, footer.len, err);
    sb_free(&footer);
    if (rc == 0) rc = put_bytes(w, &flen, 4, err);
    if (rc == 0) rc = put_bytes(w, "PAR1", 4, err);
    if (rc == 0) rc = flush_out(w, err);
    if (rc == 0 && fsync(w->fd) < 0) {
        wr_err(err, w->path, "fsync failed", strerror(errno));
        rc = -1;
    }
    if (close(w->fd) < 0 && rc == 0) {
        wr_err(err, w->path, "close failed", strerror(errno));
        rc = -1;
    }
    w->fd = -1;
    if (rc < 0) {
        w->failed = true;
        return -1;
    }
    w->finished = true;
    if (stats) {
        stats->num_rows = w->rows;
        stats->file_size = w->offset;
        stats->ncols = w->schema.ncols;
        stats->cols = w->stats;
        for (uint32_t i = 0; i < w->schema.ncols; i++) {
            const PqWStats *s = &w->file_stats[i];
            Type t = w->schema.cols[i].type;
            PqColStats *c = &w->stats[i];
            if (type_is_nested(t.id)) { // the NULL rows; no bounds (Spark collects none)
                c->null_count = w->col_nulls[i];
                c->min = c->max = (Datum){.type = t, .is_null = true};
                continue;
            }
            c->null_count = s->nulls;
            c->has_minmax = s->has && !s->nan;
            c->min = pq_wstats_datum(s, t, 0);
            c->max = pq_wstats_datum(s, t, 1);
        }
    }
    return 0;
}

void pq_writer_free(PqWriter *w) {
    if (!w) return;
    if (w->fd >= 0) close(w->fd);
    if (!w->finished) unlink(w->path);
    for (uint32_t i = 0; i < w->nleaves; i++) pq_wcol_free(&w->cols[i]);
    for (uint32_t i = 0; i < w->schema.ncols; i++) pq_wstats_free(&w->file_stats[i]);
    for (size_t g = 0; g < w->groups.len; g++) {
        for (uint32_t i = 0; i < w->nleaves; i++)
            pq_wstats_free(&w->groups.items[g].cols[i].stats);
        free(w->groups.items[g].cols);
    }
    free(w->groups.items);
    free(w->cols);
    free(w->leaf0);
    free(w->col_nulls);
    free(w->file_stats);
    free(w->stats);
    sb_free(&w->out);
    schema_free(&w->schema);
    free(w->path);
    free(w);
}
