/* Table scans for the store API (store_scan_*): walk the snapshot's files,
 * skip those whose add.stats exclude the predicates, read the rest with the
 * Parquet reader, matching columns by name and filling missing ones with NULL. */
#include "delta_store.h"

#include <stdlib.h>
#include <string.h>

struct StoreScan {
    StoreTable *t;
    int        *cols;      // table column per output column
    uint32_t    ncols;
    StorePred  *preds;     // table-indexed
    uint32_t    npred;
    DeltaAdd  **files;     // files to read: the snapshot's, or those of a change range
    uint32_t    nfiles;
    Arena       arena;     // change-range adds
    uint32_t    next_file;
    uint32_t    skipped;
    PqReader   *r;         // current file, or NULL
    Batch      *fb;        // the file's selected columns
    int        *map;       // output column -> index in fb, or -1 (missing: NULL)
    bool       *is_part;   // output column is a partition column (value from the log)
    Datum      *part;      // its value for the current file
    int64_t     null_rows; // rows left in a file none of whose columns are selected
    char       *cur_path;
    int64_t     range_off, range_len;  // store_scan_open_range: row groups of that range
};

StoreScan *store_scan_open(StoreTable *t, const int *cols, uint32_t ncols,
                           const StorePred *preds, uint32_t npred, char **err) {
    const Schema *s = &t->snap.schema;
    StoreScan *sc = xcalloc(1, sizeof *sc);
    sc->t = t;
    sc->files = t->snap.files;
    sc->nfiles = t->snap.nfiles;
    sc->ncols = cols ? ncols : s->ncols;
    sc->cols = xcalloc(sc->ncols + 1, sizeof *sc->cols);
    sc->map = xcalloc(sc->ncols + 1, sizeof *sc->map);
    sc->is_part = xcalloc(sc->ncols + 1, sizeof *sc->is_part);
    sc->part = xcalloc(sc->ncols + 1, sizeof *sc->part);
    for (uint32_t i = 0; i < sc->ncols; i++) {
        sc->cols[i] = cols ? cols[i] : (int)i;
        if (sc->cols[i] < 0 || (uint32_t)sc->cols[i] >= s->ncols) {
            *err = delta_errorf("%s: scan column %d out of range", t->snap.table, sc->cols[i]);
            store_scan_close(sc);
            return NULL;
        }
        const DeltaMeta *m = &t->snap.meta;
        for (uint32_t k = 0; k < m->npartition; k++)
            if (str_ieq(m->partition_cols[k], s->cols[sc->cols[i]].name)) sc->is_part[i] = true;
    }
    sc->range_len = -1;
    sc->npred = npred;
    sc->preds = xcalloc(npred + 1, sizeof *sc->preds);
    for (uint32_t i = 0; i < npred; i++) {
        if (preds[i].col < 0 || (uint32_t)preds[i].col >= s->ncols) {
            *err = delta_errorf("%s: predicate column %d out of range", t->snap.table,
                                preds[i].col);
            store_scan_close(sc);
            return NULL;
        }
        sc->preds[i] = preds[i];
    }
    return sc;
}

StoreScan *store_scan_open_range(StoreTable *t, const int *cols, uint32_t ncols, uint32_t file,
                                 int64_t offset, int64_t length, char **err) {
    if (file >= t->snap.nfiles) {
        *err = delta_errorf("%s: data file %u out of range", t->snap.table, file);
        return NULL;
    }
    StoreScan *sc = store_scan_open(t, cols, ncols, NULL, 0, err);
    if (!sc) return NULL;
    sc->files = &t->snap.files[file];
    sc->nfiles = 1;
    sc->range_off = offset;
    sc->range_len = length;
    return sc;
}

static void close_file(StoreScan *sc) {
    if (sc->r) pq_close(sc->r);
    sc->r = NULL;
    batch_free(sc->fb);
    sc->fb = NULL;
    free(sc->cur_path);
    sc->cur_path = NULL;
    sc->null_rows = 0;
}

/* A file column can fill a table column: same type, or bytes read as a string (old
 * writers left BYTE_ARRAY strings without the UTF8 annotation). */
static bool same_layout(Type file, Type table) {
    if (type_eq(file, table)) return true;
    return (file.id == TY_BINARY || file.id == TY_STRING) &&
           (table.id == TY_BINARY || table.id == TY_STRING);
}

/* Predicates translated to the file's columns. False: the file cannot match. */
static bool file_preds(StoreScan *sc, const Schema *fs, PqPred *out, uint32_t *n) {
    const Schema *ts = &sc->t->snap.schema;
    *n = 0;
    for (uint32_t i = 0; i < sc->npred; i++) {
        const char *name = ts->cols[sc->preds[i].col].name;
        bool is_part = false;
        for (uint32_t k = 0; k < sc->t->snap.meta.npartition; k++)
            is_part |= str_ieq(sc->t->snap.meta.partition_cols[k], name);
        if (is_part) continue;  // not stored in the file; rows are filtered by the engine
        int fc = schema_find(fs, name);
        if (fc < 0) {
            if (sc->preds[i].op != PQ_IS_NULL) return false;  // the column is all NULL here
            continue;
        }
        if (!type_eq(fs->cols[fc].type, ts->cols[sc->preds[i].col].type)) continue;
        out[*n] = sc->preds[i];
        out[(*n)++].col = fc;
    }
    return true;
}

/* Select the output columns in file r; 1 ready, 0 skip this file, -1 error. */
static int select_columns(StoreScan *sc, char **err) {
    const Schema *fs = pq_schema(sc->r);
    const Schema *ts = &sc->t->snap.schema;
    int *sel = xcalloc(sc->ncols + 1, sizeof *sel);
    Type *types = xcalloc(sc->ncols + 1, sizeof *types);
    uint32_t nsel = 0;
    int rc = 1;
    for (uint32_t i = 0; i < sc->ncols && rc == 1; i++) {
        const Column *tc = &ts->cols[sc->cols[i]];
        int fc = schema_find(fs, tc->name);
        sc->map[i] = -1;
        if (fc < 0 || sc->is_part[i]) continue;
        if (!same_layout(fs->cols[fc].type, tc->type)) {
            char a[64], b[64];
            *err = delta_errorf("%s: column '%s' has type %s in the file but %s in the table",
                                sc->cur_path, tc->name, type_sql_name(fs->cols[fc].type, a, 64),
                                type_sql_name(tc->type, b, 64));
            rc = -1;
            break;
        }
        uint32_t k = 0;
        while (k < nsel && sel[k] != fc) k++;
        if (k == nsel) {
            sel[nsel] = fc;
            types[nsel++] = fs->cols[fc].type;
        }
        sc->map[i] = (int)k;
    }
    PqPred *fp = xcalloc(sc->npred + 1, sizeof *fp);
    uint32_t nfp = 0;
    if (rc == 1 && !file_preds(sc, fs, fp, &nfp)) rc = 0;
    if (rc == 1 && nsel == 0) {
        sc->null_rows = pq_num_rows_in_range(sc->r);  // only NULL columns (or none): count rows
    } else if (rc == 1) {
        if (pq_select(sc->r, sel, nsel, fp, nfp, err) != 0) rc = -1;
        else sc->fb = batch_new(types, nsel);
    }
    free(fp);
    free(sel);
    free(types);
    return rc;
}

/* The partition columns' values for file a (7.5). */
static int partition_values(StoreScan *sc, const DeltaAdd *a, char **err) {
    const Schema *ts = &sc->t->snap.schema;
    for (uint32_t i = 0; i < sc->ncols; i++) {
        if (!sc->is_part[i]) continue;
        const Column *c = &ts->cols[sc->cols[i]];
        const char *val = NULL;
        for (uint32_t k = 0; k < a->npart; k++)
            if (str_ieq(a->part_keys[k], c->name)) val = a->part_vals[k];
        if (!delta_partition_datum(val, c->type, &sc->part[i])) {
            *err = delta_errorf("%s: file %s has partition value '%s' for column '%s', which is "
                                "not a valid %s", sc->t->snap.table, a->path, val, c->name,
                                type_id_name(c->type.id));
            return -1;
        }
    }
    return 0;
}

/* Open the next file that may match; 1 opened, 0 no more files, -1 error. */
static int open_next(StoreScan *sc, char **err) {
    const DeltaSnapshot *s = &sc->t->snap;
    while (sc->next_file < sc->nfiles) {
        const DeltaAdd *a = sc->files[sc->next_file++];
        if (!delta_stats_may_match(a->stats, &s->schema, sc->preds, sc->npred)) {
            sc->skipped++;
            continue;
        }
        if (partition_values(sc, a, err)) return -1;
        sc->cur_path = delta_file_path(s->table, a->path);
        char *perr = NULL;
        sc->r = pq_open(sc->cur_path, &perr);
        if (!sc->r) {
            *err = delta_errorf("%s (version %lld): %s", s->table, (long long)s->version,
                                perr ? perr : "cannot open data file");
            free(perr);
            return -1;
        }
        pq_set_byte_range(sc->r, sc->range_off, sc->range_len);
        int rc = select_columns(sc, err);
        if (rc == 1) return 1;
        close_file(sc);
        if (rc < 0) return -1;
        sc->skipped++;
    }
    return 0;
}

static void copy_vec(Vec *dst, Vec *src, uint32_t nrows) {
    size_t w = (size_t)type_fixed_width(src->type.id);
    memcpy(dst->data, src->data, w * nrows);
    if (src->child && dst->child) { // ARRAY / MAP: trade element vectors instead of copying
        Vec *c = dst->child;
        uint32_t len = dst->child_len, cap = dst->child_cap;
        dst->child = src->child, dst->child_len = src->child_len, dst->child_cap = src->child_cap;
        src->child = c, src->child_len = len, src->child_cap = cap;
    }
    if (src->valid) {
        enum { WORDS = BATCH_ROWS / 64 };
        if (!dst->valid) dst->valid = xmalloc(WORDS * sizeof *dst->valid);
        memcpy(dst->valid, src->valid, WORDS * sizeof *dst->valid);
    }
}

static void fill_null(Vec *v, uint32_t nrows) {
    if (v->child) memset(v->data, 0, nrows * sizeof(VecList)); // empty lists behind the NULLs
    for (uint32_t r = 0; r < nrows; r++) vec_set_null(v, r);
}

static void fill_const(Vec *v, const Datum *d, uint32_t nrows) {
    if (d->is_null) { fill_null(v, nrows); return; }
    for (uint32_t r = 0; r < nrows; r++) {
        switch (v->type.id) {
        case TY_BOOLEAN: ((uint8_t *)v->data)[r] = (uint8_t)d->v.i; break;
        case TY_TINYINT: ((int8_t *)v->data)[r] = (int8_t)d->v.i; break;
        case TY_SMALLINT: ((int16_t *)v->data)[r] = (int16_t)d->v.i; break;
        case TY_INT: case TY_DATE: ((int32_t *)v->data)[r] = (int32_t)d->v.i; break;
        case TY_BIGINT: case TY_TIMESTAMP: ((int64_t *)v->data)[r] = d->v.i; break;
        case TY_FLOAT: ((float *)v->data)[r] = (float)d->v.d; break;
        case TY_DOUBLE: ((double *)v->data)[r] = d->v.d; break;
        case TY_DECIMAL: ((i128 *)v->data)[r] = d->v.dec; break;
        case TY_STRING: case TY_BINARY: ((Str *)v->data)[r] = d->v.s; break;
        default: vec_set_null(v, r);
        }
    }
}

static void fill_missing(StoreScan *sc, Batch *out, uint32_t j, uint32_t n) {
    if (sc->is_part[j]) fill_const(&out->cols[j], &sc->part[j], n);
    else fill_null(&out->cols[j], n);
}

int store_scan_next(StoreScan *sc, Batch *out, char **err) {
    for (;;) {
        batch_reset(out);
        if (!sc->r) {
            int rc = open_next(sc, err);
            if (rc <= 0) return rc;
        }
        if (!sc->fb) {  // no stored column selected: emit NULL rows
            if (sc->null_rows <= 0) { close_file(sc); continue; }
            uint32_t n = sc->null_rows > BATCH_ROWS ? BATCH_ROWS : (uint32_t)sc->null_rows;
            sc->null_rows -= n;
            out->nrows = n;
            for (uint32_t j = 0; j < sc->ncols && j < out->ncols; j++) fill_missing(sc, out, j, n);
            return 1;
        }
        char *perr = NULL;
        int rc = pq_next(sc->r, sc->fb, &perr);
        if (rc < 0) {
            *err = delta_errorf("%s: %s", sc->cur_path, perr ? perr : "read error");
            free(perr);
            return -1;
        }
        if (rc == 0) { close_file(sc); continue; }
        uint32_t n = sc->fb->nrows;
        out->nrows = n;
        for (uint32_t j = 0; j < sc->ncols && j < out->ncols; j++) {
            if (sc->map[j] >= 0) copy_vec(&out->cols[j], &sc->fb->cols[sc->map[j]], n);
            else fill_missing(sc, out, j, n);
        }
        if (sc->fb->sel) {
            out->sel = sc->fb->sel;  // valid until our next call, like the rows
            out->nsel = sc->fb->nsel;
        }
        if (batch_live(out) == 0) continue;
        return 1;
    }
}

/* Adds of commits (after, t's version], refusing commits that removed data. */
static int change_files(StoreScan *sc, int64_t after, bool skip_changes, char **err) {
    const DeltaSnapshot *s = &sc->t->snap;
    VEC(DeltaAdd *) files = {0};
    int rc = 0;
    for (int64_t v = after + 1; v <= s->version && rc == 0; v++) {
        char *path = delta_commit_path(s->table, v);
        size_t len;
        char *text = read_file(path, &len);
        DeltaAction *acts;
        uint32_t n = 0;
        if (!text) {
            *err = delta_errorf("%s: log is missing version %lld", s->table, (long long)v);
            rc = -1;
        } else if (delta_parse_actions(&sc->arena, text, len, path, &acts, &n, err)) {
            rc = -1;
        }
        bool changes = false;  // skipChangeCommits: a commit that removed data is skipped whole
        for (uint32_t i = 0; skip_changes && i < n; i++)
            changes |= acts[i].kind == DA_REMOVE && acts[i].u.remove.data_change;
        for (uint32_t i = 0; rc == 0 && !changes && i < n; i++) {
            if (acts[i].kind == DA_REMOVE && acts[i].u.remove.data_change) {
                *err = delta_errorf("%s: version %lld removed or rewrote data, so the table "
                                    "cannot be read as an append-only stream",
                                    s->table, (long long)v);
                rc = -1;
            } else if (acts[i].kind == DA_ADD && acts[i].u.add.data_change) {
                DeltaAdd *a = arena_alloc(&sc->arena, sizeof *a);
                *a = acts[i].u.add;
                VEC_PUSH(files, a);
            }
        }
        free(text);
        free(path);
    }
    sc->files = files.items ? files.items : xcalloc(1, sizeof *sc->files);
    sc->nfiles = (uint32_t)files.len;
    return rc;
}

StoreScan *store_scan_changes_open(StoreTable *t, int64_t after_version, bool skip_change_commits,
                                   const int *cols, uint32_t ncols, const StorePred *preds,
                                   uint32_t npred, char **err) {
    if (after_version < -1 || after_version > t->snap.version) {
        *err = delta_errorf("%s: cannot read changes after version %lld (table is at %lld)",
                            t->snap.table, (long long)after_version, (long long)t->snap.version);
        return NULL;
    }
    StoreScan *sc = store_scan_open(t, cols, ncols, preds, npred, err);
    if (sc && change_files(sc, after_version, skip_change_commits, err)) {
        store_scan_close(sc);
        return NULL;
    }
    return sc;
}

uint32_t store_scan_files_skipped(const StoreScan *s) { return s->skipped; }

void store_scan_close(StoreScan *sc) {
    if (!sc) return;
    close_file(sc);
    free(sc->cols);
    if (sc->files != sc->t->snap.files) free(sc->files);
    arena_free_all(&sc->arena);
    free(sc->map);
    free(sc->is_part);
    free(sc->part);
    free(sc->preds);
    free(sc);
}
