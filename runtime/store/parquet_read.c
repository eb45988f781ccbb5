/* The Parquet reader (parquet.h): opens a file, decodes and validates its footer
 * (flat columns, and ARRAY / MAP of primitives: pq_nested_read.c), skips row groups
 * by statistics, and decodes the selected columns page by page straight into batch
 * vectors. String bytes are copied into the output batch's heap, so a batch stays
 * valid until the next pq_next. */
#include "funcs.h"
#include "pq_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct PqReader {
    char *path;
    int fd;
    int64_t size;
    uint8_t *footer;
    Arena arena;
    PqFileMeta meta;
    Schema schema;
    PqField *fields; // one per schema column
    uint32_t nfields;
    PqConv *conv;    // one per leaf
    /* selection */
    int *sel;
    uint32_t nsel;
    bool *keep; // per row group
    /* cursor */
    uint32_t rg;
    bool rg_open;
    int64_t rg_left;
    int64_t range_off, range_len; // pq_set_byte_range (len -1: to the end)
    PqColCursor *cur; // 2 * nsel cursors: a column's leaves at 2k (and 2k + 1 for a MAP)
    uint8_t **chunk;  // their chunk buffers
    size_t *chunkcap;
};

static void set_err(char **err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char **err, const char *path, const char *fmt, ...) {
    if (!err) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    StrBuf b = {0};
    sb_printf(&b, "parquet: %s: %s", path, msg);
    *err = sb_take(&b);
}

static int read_at(int fd, void *buf, size_t n, int64_t off) {
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(fd, (char *)buf + got, n - got, (off_t)(off + (int64_t)got));
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        got += (size_t)k;
    }
    return 0;
}

/* Top-level fields: flat leaves, ARRAYs and MAPs of primitives; structs are refused. */
static int check_fields(PqReader *r, char **err) {
    const PqFileMeta *m = &r->meta;
    r->fields = arena_alloc(&r->arena, (m->nschema + 1) * sizeof *r->fields);
    char msg[400];
    if (pq_fields(m, r->fields, &r->nfields, msg, sizeof msg) < 0) {
        set_err(err, r->path, "%s", msg);
        return -1;
    }
    return 0;
}

static int check_row_groups(PqReader *r, char **err) {
    const PqFileMeta *m = &r->meta;
    int64_t total = 0;
    for (uint32_t g = 0; g < m->nrg; g++) {
        const PqRowGroupMeta *rg = &m->rgs[g];
        if (rg->ncols != m->nleaves || rg->num_rows < 0) {
            set_err(err, r->path, "row group %u does not match the schema", g);
            return -1;
        }
        for (uint32_t c = 0; c < rg->ncols; c++) {
            const PqChunkMeta *ch = &rg->cols[c];
            const PqSchemaElem *e = &m->schema[m->leaves[c].elem];
            if (ch->external || !ch->has_meta || ch->phys != e->phys) {
                set_err(err, r->path, "row group %u: bad metadata for column '%s'", g, e->name);
                return -1;
            }
        }
        total += rg->num_rows;
    }
    (void)total; // writers disagree on whether num_rows must equal the sum; trust groups
    return 0;
}

static int build_schema(PqReader *r, char **err) {
    const PqFileMeta *m = &r->meta;
    schema_init(&r->schema);
    r->conv = arena_alloc(&r->arena, (m->nleaves + 1) * sizeof *r->conv);
    for (uint32_t i = 0; i < r->nfields; i++) {
        const PqField *f = &r->fields[i];
        Type t[2];
        for (uint32_t k = 0; k < f->nleaves && k < 2; k++) {
            const PqSchemaElem *e = &m->schema[m->leaves[f->leaf + k].elem];
            char msg[256];
            if (pq_leaf_type(e, &t[k], &r->conv[f->leaf + k], msg, sizeof msg) < 0) {
                set_err(err, r->path, "%s", msg);
                return -1;
            }
        }
        Type ct = f->kind == PQF_FLAT ? t[0] : f->kind == PQF_MAP ? type_map_of(t[0], t[1]) : t[0];
        for (int d = 0; f->kind == PQF_LIST && d < f->depth; d++) ct = type_array_of(ct);
        schema_add(&r->schema, m->schema[f->elem].name, ct,
                   f->kind == PQF_FLAT ? m->leaves[f->leaf].max_def > 0 : f->nullable);
    }
    return 0;
}

static int open_footer(PqReader *r, char **err) {
    struct stat st;
    if (fstat(r->fd, &st) < 0) {
        set_err(err, r->path, "%s", strerror(errno));
        return -1;
    }
    r->size = st.st_size;
    uint8_t tail[8], head[4];
    if (r->size < 12 || read_at(r->fd, head, 4, 0) < 0 ||
        read_at(r->fd, tail, 8, r->size - 8) < 0) {
        set_err(err, r->path, "file too small to be Parquet (%lld bytes)", (long long)r->size);
        return -1;
    }
    if (memcmp(tail + 4, "PARE", 4) == 0) {
        set_err(err, r->path, "file is encrypted (PARE); not supported");
        return -1;
    }
    if (memcmp(head, "PAR1", 4) != 0 || memcmp(tail + 4, "PAR1", 4) != 0) {
        set_err(err, r->path, "not a Parquet file (bad magic)");
        return -1;
    }
    uint32_t flen;
    memcpy(&flen, tail, 4);
    if ((int64_t)flen > r->size - 12) {
        set_err(err, r->path, "footer length %u is larger than the file", flen);
        return -1;
    }
    r->footer = xmalloc(flen ? flen : 1);
    if (read_at(r->fd, r->footer, flen, r->size - 8 - flen) < 0) {
        set_err(err, r->path, "cannot read the footer");
        return -1;
    }
    const char *msg;
    if (pq_meta_decode(r->footer, flen, &r->arena, &r->meta, &msg) < 0) {
        set_err(err, r->path, "corrupt footer: %s", msg);
        return -1;
    }
    return 0;
}

PqReader *pq_open(const char *path, char **err) {
    PqReader *r = xcalloc(1, sizeof *r);
    r->path = xstrdup(path);
    r->range_len = -1;
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        set_err(err, path, "%s", strerror(errno));
        pq_close(r);
        return NULL;
    }
    if (open_footer(r, err) < 0 || check_fields(r, err) < 0 || check_row_groups(r, err) < 0 ||
        build_schema(r, err) < 0) {
        pq_close(r);
        return NULL;
    }
    if (pq_select(r, NULL, 0, NULL, 0, err) < 0) {
        pq_close(r);
        return NULL;
    }
    return r;
}

const Schema *pq_schema(const PqReader *r) {
    return &r->schema;
}
int64_t pq_num_rows(const PqReader *r) {
    int64_t n = 0;
    for (uint32_t g = 0; g < r->meta.nrg; g++) n += r->meta.rgs[g].num_rows;
    return n;
}
uint32_t pq_num_row_groups(const PqReader *r) {
    return r->meta.nrg;
}

static void free_cursors(PqReader *r) {
    for (uint32_t i = 0; i < 2 * r->nsel; i++) {
        if (r->cur) pq_col_free(&r->cur[i]);
        if (r->chunk) free(r->chunk[i]);
    }
    free(r->cur);
    free(r->chunk);
    free(r->chunkcap);
    free(r->sel);
    free(r->keep);
    r->cur = NULL;
    r->chunk = NULL;
    r->chunkcap = NULL;
    r->sel = NULL;
    r->keep = NULL;
    r->nsel = 0;
}

/* May row group g hold rows where pred p is true? */
static bool pred_may_match(const PqReader *r, uint32_t g, const PqPred *p) {
    const PqField *f = &r->fields[p->col];
    if (f->kind != PQF_FLAT) return true; // nested leaves count elements, not rows
    const PqChunkMeta *ch = &r->meta.rgs[g].cols[f->leaf];
    if (p->op == PQ_IS_NULL) return !(ch->has_null_count && ch->null_count == 0);
    if (p->op == PQ_NOT_NULL)
        return !(ch->has_null_count && ch->null_count >= r->meta.rgs[g].num_rows);
    if (p->value.is_null) return true;
    Type t = r->schema.cols[p->col].type;
    if (!type_eq(t, p->value.type)) return true;
    PqConv cv = r->conv[f->leaf];
    Datum lo, hi;
    bool ok =
        pq_stat_datum(cv, t, &ch->min_value, &lo) && pq_stat_datum(cv, t, &ch->max_value, &hi);
    bool legacy_ok = cv == CV_I32 || cv == CV_I32_I8 || cv == CV_I32_I16 || cv == CV_I64 ||
                     cv == CV_F32 || cv == CV_F64 || cv == CV_BOOL;
    if (!ok && legacy_ok)
        ok = pq_stat_datum(cv, t, &ch->min, &lo) && pq_stat_datum(cv, t, &ch->max, &hi);
    if (!ok || cv == CV_INT96 || cv == CV_U64) return true;
    if ((t.id == TY_FLOAT || t.id == TY_DOUBLE) &&
        (isnan(lo.v.d) || isnan(hi.v.d) || isnan(p->value.v.d)))
        return true;
    int cmin = pq_datum_cmp(&p->value, &lo), cmax = pq_datum_cmp(&p->value, &hi);
    switch (p->op) {
    case PQ_EQ: return cmin >= 0 && cmax <= 0;
    case PQ_LT: return cmin > 0; // some value < v needs min < v
    case PQ_LE: return cmin >= 0;
    case PQ_GT: return cmax < 0; // max > v
    case PQ_GE: return cmax <= 0;
    default: return true;
    }
}

int pq_select(PqReader *r, const int *cols, uint32_t ncols, const PqPred *preds, uint32_t npred,
              char **err) {
    free_cursors(r);
    if (!preds) npred = 0;
    uint32_t n = cols ? ncols : r->schema.ncols;
    r->sel = xmalloc((n + 1) * sizeof *r->sel);
    for (uint32_t i = 0; i < n; i++) {
        int c = cols ? cols[i] : (int)i;
        if (c < 0 || (uint32_t)c >= r->schema.ncols) {
            set_err(err, r->path, "column index %d out of range", c);
            free(r->sel);
            r->sel = NULL;
            return -1;
        }
        r->sel[i] = c;
    }
    r->nsel = n;
    r->cur = xcalloc(2 * n + 1, sizeof *r->cur);
    r->chunk = xcalloc(2 * n + 1, sizeof *r->chunk);
    r->chunkcap = xcalloc(2 * n + 1, sizeof *r->chunkcap);
    r->keep = xmalloc((r->meta.nrg + 1) * sizeof *r->keep);
    for (uint32_t g = 0; g < r->meta.nrg; g++) {
        r->keep[g] = true;
        for (uint32_t k = 0; k < npred && r->keep[g]; k++) {
            if (preds[k].col < 0 || (uint32_t)preds[k].col >= r->schema.ncols) continue;
            r->keep[g] = pred_may_match(r, g, &preds[k]);
        }
    }
    r->rg = 0;
    r->rg_open = false;
    return 0;
}

/* Read one leaf's chunk of the current row group into cursor slot k. */
static int open_chunk(PqReader *r, uint32_t k, uint32_t leaf_i, char **err) {
    const PqChunkMeta *ch = &r->meta.rgs[r->rg].cols[leaf_i];
    const PqLeaf *leaf = &r->meta.leaves[leaf_i];
    int64_t data_end = r->size - 8;
    int64_t start = ch->data_page_offset;
    if (ch->dict_page_offset > 0 && ch->dict_page_offset < start) start = ch->dict_page_offset;
    int64_t len = ch->total_compressed;
    if (start < 4 || len < 0 || start > data_end || len > data_end - start || len > INT32_MAX ||
        ch->num_values < 0) {
        set_err(err, r->path, "row group %u: column '%s' chunk offsets are out of range", r->rg,
                leaf->path);
        return -1;
    }
    r->chunk[k] = pq_grow(r->chunk[k], &r->chunkcap[k], (size_t)len + 1);
    if (read_at(r->fd, r->chunk[k], (size_t)len, start) < 0) {
        set_err(err, r->path, "cannot read column '%s'", leaf->path);
        return -1;
    }
    PqColCursor *c = &r->cur[k];
    const PqSchemaElem *e = &r->meta.schema[leaf->elem];
    c->phys = e->phys;
    c->type_length = e->type_length;
    c->max_def = leaf->max_def;
    c->max_rep = leaf->max_rep;
    c->codec = ch->codec;
    c->path = leaf->path;
    c->chunk = r->chunk[k];
    c->chunk_len = (size_t)len;
    c->num_values = ch->num_values;
    pq_col_init(c);
    return 0;
}

static int open_row_group(PqReader *r, char **err) {
    const PqRowGroupMeta *g = &r->meta.rgs[r->rg];
    for (uint32_t k = 0; k < r->nsel; k++) {
        const PqField *f = &r->fields[r->sel[k]];
        for (uint32_t j = 0; j < f->nleaves && j < 2; j++)
            if (open_chunk(r, 2 * k + j, f->leaf + j, err) < 0) return -1;
    }
    r->rg_left = g->num_rows;
    r->rg_open = true;
    return 0;
}

/* Spread nn packed values over k rows by the definition levels, back to front. */
typedef struct {
    uint64_t lo, hi;
} B16;

#define EXPAND(T)                                                                                  \
    do {                                                                                           \
        T *d = (T *)v->data + at;                                                                  \
        for (uint32_t i = k; i-- > 0;) {                                                           \
            if (def[i] == maxd)                                                                    \
                memcpy(&d[i], &d[--j], sizeof(T)); /* no aliasing */                               \
            else {                                                                                 \
                memset(&d[i], 0, sizeof(T));                                                       \
                nulls = true;                                                                      \
            }                                                                                      \
        }                                                                                          \
    } while (0)

static void expand_nulls(Vec *v, uint32_t at, uint32_t k, uint32_t nn, const uint8_t *def,
                         uint8_t maxd, size_t w) {
    uint32_t j = nn;
    bool nulls = false;
    switch (w) {
    case 1: EXPAND(uint8_t); break;
    case 2: EXPAND(uint16_t); break;
    case 4: EXPAND(uint32_t); break;
    case 8: EXPAND(uint64_t); break;
    case 16: EXPAND(B16); break; // Str and i128: only the bytes are moved
    default: break;
    }
    if (nulls)
        for (uint32_t i = 0; i < k; i++)
            if (def[i] != maxd) vec_set_null(v, at + i);
}

static int fill_column(PqReader *r, uint32_t k, Batch *out, uint32_t n, char **err) {
    PqColCursor *c = &r->cur[2 * k];
    Vec *v = &out->cols[k];
    const PqField *f = &r->fields[r->sel[k]];
    PqConv cv = r->conv[f->leaf];
    size_t w = (size_t)type_fixed_width(v->type.id);
    if (v->type.id != r->schema.cols[r->sel[k]].type.id) {
        set_err(err, r->path, "output batch column %u has the wrong type for '%s'", k, c->path);
        return -1;
    }
    if (f->kind != PQF_FLAT) {
        if (!type_eq(v->type, r->schema.cols[r->sel[k]].type)) { // element widths must match
            set_err(err, r->path, "output batch column %u has the wrong type for '%s'", k,
                    r->schema.cols[r->sel[k]].name);
            return -1;
        }
        char msg[400];
        if (pq_nested_fill(f, c, &r->conv[f->leaf], v, n, out, msg, sizeof msg) < 0) {
            set_err(err, r->path, "row group %u: %s", r->rg, msg);
            return -1;
        }
        return 0;
    }
    uint32_t done = 0;
    while (done < n) {
        if (c->page_pos == c->page_n) {
            const char *msg;
            int rc = pq_col_next_page(c, &msg);
            if (rc <= 0) {
                set_err(err, r->path, "row group %u: %s", r->rg,
                        rc < 0 ? msg : "column has fewer values than rows");
                return -1;
            }
            continue;
        }
        uint32_t m = n - done < c->page_n - c->page_pos ? n - done : c->page_n - c->page_pos;
        uint32_t nn = m;
        const uint8_t *def = c->def ? c->def + c->page_pos : NULL;
        uint8_t maxd = (uint8_t)c->max_def;
        if (def) {
            nn = 0;
            for (uint32_t i = 0; i < m; i++) nn += def[i] == maxd;
        }
        if (nn > c->vals.n - c->val_pos) {
            set_err(err, r->path, "row group %u: column '%s' has too few values", r->rg, c->path);
            return -1;
        }
        if (pq_convert(cv, &c->vals, c->val_pos, nn, (char *)v->data + done * w, out) < 0) {
            set_err(err, r->path, "column '%s': value out of range", c->path);
            return -1;
        }
        if (nn < m) expand_nulls(v, done, m, nn, def, maxd, w);
        c->val_pos += nn;
        c->page_pos += m;
        done += m;
    }
    return 0;
}

void pq_set_byte_range(PqReader *r, int64_t offset, int64_t length) {
    r->range_off = offset;
    r->range_len = length;
}

static bool in_byte_range(const PqReader *r, uint32_t g) {
    if (r->range_off <= 0 && r->range_len < 0) return true;
    const PqRowGroupMeta *rg = &r->meta.rgs[g];
    int64_t start = INT64_MAX, bytes = 0;
    for (uint32_t c = 0; c < rg->ncols; c++) {
        const PqChunkMeta *ch = &rg->cols[c];
        int64_t s = ch->data_page_offset;
        if (ch->dict_page_offset > 0 && ch->dict_page_offset < s) s = ch->dict_page_offset;
        if (s < start) start = s;
        if (ch->total_compressed > 0) bytes += ch->total_compressed;
    }
    if (start == INT64_MAX) start = 0;
    int64_t mid = start + bytes / 2;
    return mid >= r->range_off && (r->range_len < 0 || mid - r->range_off < r->range_len);
}

int64_t pq_num_rows_in_range(const PqReader *r) {
    int64_t n = 0;
    for (uint32_t g = 0; g < r->meta.nrg; g++)
        if (in_byte_range(r, g)) n += r->meta.rgs[g].num_rows;
    return n;
}

int pq_next(PqReader *r, Batch *out, char **err) {
    for (;;) {
        if (!r->rg_open) {
            while (r->rg < r->meta.nrg && (!r->keep[r->rg] || !in_byte_range(r, r->rg))) r->rg++;
            if (r->rg >= r->meta.nrg) return 0;
            if (open_row_group(r, err) < 0) return -1;
        }
        if (r->rg_left == 0) {
            r->rg_open = false;
            r->rg++;
            continue;
        }
        uint32_t n = r->rg_left < BATCH_ROWS ? (uint32_t)r->rg_left : BATCH_ROWS;
        batch_reset(out);
        for (uint32_t k = 0; k < r->nsel && k < out->ncols; k++)
            if (fill_column(r, k, out, n, err) < 0) return -1;
        out->nrows = n;
        r->rg_left -= n;
        return 1;
    }
}

void pq_close(PqReader *r) {
    if (!r) return;
    free_cursors(r);
    if (r->fd >= 0) close(r->fd);
    schema_free(&r->schema);
    arena_free_all(&r->arena);
    free(r->footer);
    free(r->path);
    free(r);
}
