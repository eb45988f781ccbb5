/* The scan provider of a flow execution: scan_dataset reads a pipeline table (all of
 * it, or for a streaming read only the commits after the last one read), scan_input
 * reads files (for a streaming read only files not read before), scan_table reads an
 * external table of the store. Progress goes into the flow's checkpoint, which is
 * committed with the output (rt_flow.c). */
#include "rt_internal.h"

#include "filesrc.h"
#include "rt_parscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* A part of a scan split between the threads of a parallel aggregation (exec.h
 * open_scan_part): the parts share the listing / table version through the group. */
typedef struct {
    SrcFileList files;    // file inputs: listed once, by the first part
    bool        listed;
    int64_t     version;  // tables: the version every part reads
} PartGroup;

typedef struct {
    int        part, nparts;  // nparts 0: a whole scan
    PartGroup *g;
} PartReq;

typedef struct {
    StoreTable  *t;
    StoreScan   *s;      // serial reads
    Batch       *b;
    ParScan     *par;    // a big table: row-group ranges of its files on worker threads
    ParReaderOps ops;
    SrcFileList  files;  // the data files (paths borrowed from t), for the morsels
    int         *cols;
    uint32_t     ncols;
} TableScan;

static int table_next(void *st, Batch **out, char **err) {
    TableScan *ts = st;
    if (ts->par) return parscan_next(ts->par, out, err);
    int rc = store_scan_next(ts->s, ts->b, err);
    *out = rc == 1 ? ts->b : NULL;
    return rc;
}

static void table_close(void *st) {
    TableScan *ts = st;
    parscan_close(ts->par);  // joins the workers before their table goes
    store_scan_close(ts->s);
    store_close(ts->t);
    batch_free(ts->b);
    free(ts->files.items);
    free(ts->cols);
    free(ts);
}

/* ParReaderOps over the store: one scan per morsel (a byte range of one data file). A
 * store scan's strings point into its reader's buffers, which its next call reuses while
 * the batch is still with the consumer: such batches are copied (they then own them). */
typedef struct {
    StoreScan *s;
    Batch     *tmp;  // NULL: fixed-width columns only, read straight into the output
} RangeReader;

static void *range_open(void *ud, uint32_t file, int64_t off, int64_t len, char **err) {
    TableScan *ts = ud;
    StoreScan *s = store_scan_open_range(ts->t, ts->cols, ts->ncols, file, off, len, err);
    if (!s) return NULL;
    RangeReader *r = xcalloc(1, sizeof *r);
    r->s = s;
    for (uint32_t i = 0; i < ts->ncols; i++) {
        TypeId t = ts->b->cols[i].type.id;
        if (t == TY_STRING || t == TY_BINARY || t == TY_ARRAY || t == TY_MAP || t == TY_STRUCT) {
            Type *types = xcalloc(ts->ncols + 1, sizeof *types);
            for (uint32_t k = 0; k < ts->ncols; k++) types[k] = ts->b->cols[k].type;
            r->tmp = batch_new(types, ts->ncols);
            free(types);
            break;
        }
    }
    return r;
}

static int range_next(void *rd, Batch *out, char **err) {
    RangeReader *r = rd;
    if (!r->tmp) return store_scan_next(r->s, out, err);
    int rc = store_scan_next(r->s, r->tmp, err);
    if (rc == 1) exec_copy_into(out, r->tmp);
    else batch_reset(out);
    return rc;
}

static void range_close(void *rd) {
    RangeReader *r = rd;
    store_scan_close(r->s);
    batch_free(r->tmp);
    free(r);
}

/* Read a big table's files in parallel (row order is not kept; the executor does not
 * need it); small ones on this thread. */
static double list_table_files(TableScan *ts) {
    uint32_t n = store_num_files(ts->t);
    double bytes = 0;
    ts->files.items = xcalloc(n + 1, sizeof *ts->files.items);
    for (uint32_t i = 0; i < n; i++) {
        StoreFile f = store_file(ts->t, i);
        ts->files.items[i] = (SrcFile){.path = (char *)f.path, .size = f.size};
        bytes += (double)f.size;
    }
    ts->files.n = n;
    return bytes;
}

static void start_parallel(TableScan *ts, const Type *types) {
    int nthreads = parscan_threads_for(list_table_files(ts));
    if (nthreads < 2 || !ts->files.n) return;
    ts->ops = (ParReaderOps){range_open, range_next, range_close, ts};
    ts->par = parscan_start_ops(&ts->files, &ts->ops, types, ts->ncols, nthreads, 8 << 20);
}

static int open_table(const char *path, const char *label, const PlanNode *node, int64_t version,
                      bool changes_only, int64_t after, int64_t *read_version, const PartReq *pr,
                      ExecScan *out, char **err) {
    bool skip_changes = node->skip_change_commits;
    if (pr && pr->part > 0) version = pr->g->version;  // the version the first part read
    StoreTable *t = store_open(path, version, err);
    if (!t) {
        char *inner = *err;
        *err = rt_strdupf("cannot read '%s': %s", label, inner ? inner : "no table");
        free(inner);
        return -1;
    }
    const Schema *sch = store_schema(t);
    int *cols = xmalloc((node->ncols + 1) * sizeof *cols);
    for (uint32_t i = 0; i < node->ncols; i++) {
        cols[i] = schema_find(sch, node->names[i]);
        if (cols[i] < 0) {
            *err = rt_strdupf("table '%s' has no column '%s': a full refresh of '%s' may be needed",
                              label, node->names[i], label);
            free(cols);
            store_close(t);
            return -1;
        }
    }
    StoreScan *s = changes_only ? store_scan_changes_open(t, after, skip_changes, cols, node->ncols, NULL, 0, err)
                                : store_scan_open(t, cols, node->ncols, NULL, 0, err);
    if (!s) {
        free(cols);
        if (changes_only) {
            char *inner = *err;
            *err = rt_strdupf("streaming source '%s' changed by update/delete/overwrite (%s); full "
                              "refresh the reader or set skipChangeCommits", label,
                              inner ? inner : "not append-only");
            free(inner);
        }
        store_close(t);
        return -1;
    }
    if (read_version) *read_version = store_version(t);
    TableScan *ts = xcalloc(1, sizeof *ts);
    ts->t = t, ts->s = s, ts->b = batch_new(node->types, node->ncols);
    ts->cols = cols, ts->ncols = node->ncols;
    if (pr) {  // a part: its share of the files' row-group ranges, on the caller's thread
        if (pr->part == 0) pr->g->version = store_version(t);
        if (parscan_threads_for(list_table_files(ts)) < 2) {  // small: one thread reads it
            table_close(ts);
            return 1;
        }
        ts->ops = (ParReaderOps){range_open, range_next, range_close, ts};
        ts->par = parscan_open_part(&ts->files, SRC_PARQUET, NULL, NULL, NULL, ts->ncols,
                                    node->types, &ts->ops, pr->part, pr->nparts, 8 << 20);
    } else if (!changes_only) {
        start_parallel(ts, node->types);
    }
    *out = (ExecScan){ts, table_next, table_close};
    return 0;
}

/* ---- files ------------------------------------------------------------------------ */

typedef struct {
    SrcFileList files;
    uint32_t    next_file;
    SrcFormat   fmt;
    SrcOpts     opts;
    Schema      schema;
    int        *cols;
    uint32_t    ncols;
    FileReader *r;
    Batch      *b;
    ParScan    *par;          // set when a big input is read by worker threads
    uint32_t    files_counted;  // files of par already added to cx->files_read
    ScanCtx    *cx;
    const char *input_id;
    bool        progress;     // show a progress line (a terminal and a big read)
    int64_t     rows;
    double      total_bytes;
} FileScan;

/* A progress line for big file reads when stdout is a terminal: rows read and files done
 * (the readers do not expose their byte position inside a file). Rows are counted by the
 * consumer (files_next), so only the files-done counter of a parallel read is shared. */
static void show_progress(FileScan *fs, bool done) {
    if (!fs->progress) return;
    ScanCtx *cx = fs->cx;
    uint32_t files_done = fs->par ? parscan_files_done(fs->par) : fs->next_file - (fs->r ? 1 : 0);
    pthread_mutex_lock(&cx->up->mu);
    if (done) printf("\r\033[K");
    else
        printf("\r\033[K  reading %s: %lld rows, %u/%u files (%.0f MB)", cx->flow->target->name,
               (long long)fs->rows, files_done, fs->files.n, fs->total_bytes / 1e6);
    fflush(stdout);
    pthread_mutex_unlock(&cx->up->mu);
}

/* The parallel read: batches come from the workers in any order. */
static int files_next_par(FileScan *fs, Batch **out, char **err) {
    int rc = parscan_next(fs->par, out, err);
    uint32_t started = parscan_files_started(fs->par);
    if (fs->cx) __atomic_add_fetch(&fs->cx->files_read, started - fs->files_counted, __ATOMIC_RELAXED);
    fs->files_counted = started;
    if (rc == 1) {
        int64_t before = fs->rows;
        fs->rows += batch_live(*out);
        if (fs->progress && before / (64 * BATCH_ROWS) != fs->rows / (64 * BATCH_ROWS))
            show_progress(fs, false);
    }
    return rc;
}

/* Big splittable inputs are read by worker threads, others one file after another. */
static int files_next(void *st, Batch **out, char **err) {
    FileScan *fs = st;
    if (fs->par) return files_next_par(fs, out, err);
    for (;;) {
        if (!fs->r) {
            if (fs->next_file >= fs->files.n) {
                *out = NULL;
                return 0;
            }
            const SrcFile *f = &fs->files.items[fs->next_file++];
            fs->r = filesrc_open(f, fs->fmt, &fs->opts, &fs->schema, fs->cols, fs->ncols, err);
            if (!fs->r) return -1;
            if (fs->cx) __atomic_add_fetch(&fs->cx->files_read, 1, __ATOMIC_RELAXED);
        }
        int rc = filesrc_next(fs->r, fs->b, err);
        if (rc < 0) return -1;
        if (rc == 1 && batch_live(fs->b)) {
            fs->rows += batch_live(fs->b);
            if (fs->progress && (fs->rows / BATCH_ROWS) % 64 == 0) show_progress(fs, false);
            *out = fs->b;
            return 1;
        }
        if (rc == 0) {
            filesrc_close(fs->r);
            fs->r = NULL;
        }
    }
}

static void files_close(void *st) {
    FileScan *fs = st;
    show_progress(fs, true);
    parscan_close(fs->par);  // stops and joins the workers first: they borrow what follows
    if (fs->r) filesrc_close(fs->r);
    filesrc_list_free(&fs->files);
    filesrc_opts_free(&fs->opts);
    schema_free(&fs->schema);
    free(fs->cols);
    batch_free(fs->b);
    free(fs);
}

static void copy_list(SrcFileList *dst, const SrcFileList *src) {
    dst->items = xcalloc(src->n + 1, sizeof *dst->items);
    for (uint32_t i = 0; i < src->n; i++) {
        dst->items[i] = src->items[i];
        dst->items[i].path = xstrdup(src->items[i].path);
    }
    dst->n = src->n;
}

static int open_files(ScanCtx *cx, RtInput *in, const PlanNode *node, const PartReq *pr,
                      ExecScan *out, char **err) {
    FileScan *fs = xcalloc(1, sizeof *fs);
    fs->cx = cx;
    fs->input_id = in->id;
    const cJSON *o;
    cJSON_ArrayForEach(o, in->options) if (cJSON_IsString(o)) filesrc_opts_set(&fs->opts, o->string, o->valuestring);
    fs->fmt = in->format ? filesrc_format_parse(in->format) : filesrc_format_from_path(in->path);
    if (fs->fmt == SRC_UNKNOWN) {
        *err = rt_strdupf("input '%s': unsupported file format '%s'", in->path, in->format ? in->format : "?");
        files_close(fs);
        return -1;
    }
    SrcFileList all = {0};
    if (pr && pr->g->listed) {  // the first part's listing
        copy_list(&all, &pr->g->files);
    } else if (filesrc_list(in->path, &fs->opts, &all, err)) {
        files_close(fs);
        return -1;
    } else if (pr) {
        copy_list(&pr->g->files, &all);
        pr->g->listed = true;
    }
    bool incremental = node->streaming || (cx->flow->streaming && in->streaming);
    fs->files.items = xcalloc(all.n + 1, sizeof *fs->files.items);
    for (uint32_t i = 0; i < all.n; i++) {
        if (incremental && cx->ck && checkpoint_has_file(cx->ck, in->id, all.items[i].path)) continue;
        fs->files.items[fs->files.n] = all.items[i];
        fs->files.items[fs->files.n++].path = xstrdup(all.items[i].path);
        if (incremental && cx->ck) checkpoint_add_file(cx->ck, in->id, all.items[i].path), cx->new_files = true;
    }
    filesrc_list_free(&all);
    for (uint32_t i = 0; i < fs->files.n; i++) fs->total_bytes += (double)fs->files.items[i].size;
    fs->progress = cx->up->opt && cx->up->opt->progress && fs->total_bytes > 32e6 &&
                   isatty(STDOUT_FILENO) && (!pr || pr->part == 0);
    if (in->has_schema) schema_copy(&fs->schema, &in->schema);
    else if (filesrc_infer(&fs->files, fs->fmt, &fs->opts, &fs->schema, NULL, err)) {
        files_close(fs);
        return -1;
    }
    fs->ncols = node->ncolumns > 0 ? (uint32_t)node->ncolumns : node->ncols;
    fs->cols = xmalloc((fs->ncols + 1) * sizeof *fs->cols);
    for (uint32_t i = 0; i < fs->ncols; i++) {
        fs->cols[i] = node->columns ? node->columns[i] : schema_find(&fs->schema, node->names[i]);
        if (fs->cols[i] < 0 || fs->cols[i] >= (int)fs->schema.ncols) {
            *err = rt_strdupf("input '%s' has no column '%s'", in->path, node->names[i]);
            files_close(fs);
            return -1;
        }
    }
    fs->b = batch_new(node->types, node->ncols);
    int nthreads = parscan_threads_for(fs->total_bytes);
    // the workers' batches take the node's types, so the projection must match them
    if (pr && nthreads < 2) {  // small: one thread reads it
        files_close(fs);
        return 1;
    }
    if (pr)  // a part: its share of the morsels, on the caller's thread
        fs->par = parscan_open_part(&fs->files, fs->fmt, &fs->opts, &fs->schema, fs->cols,
                                    fs->ncols, node->types, NULL, pr->part, pr->nparts, 8 << 20);
    else if (nthreads > 1 && fs->files.n && fs->ncols == node->ncols)  // NULL: this thread
        fs->par = parscan_start(&fs->files, fs->fmt, &fs->opts, &fs->schema, fs->cols, fs->ncols,
                                node->types, nthreads, 8 << 20);
    *out = (ExecScan){fs, files_next, files_close};
    return 0;
}

/* ---- the provider ------------------------------------------------------------------ */

char *rt_table_path(const Update *up, const char *name) {
    const char *dot = strrchr(name, '.');
    char *schema = dot ? strndup(name, (size_t)(dot - name)) : xstrdup(up->schema ? up->schema : "default");
    char *sdot = strrchr(schema, '.');  // catalog.schema.table: the catalog is ignored
    const char *sname = sdot ? sdot + 1 : schema, *tname = dot ? dot + 1 : name;
    char *path = !strcasecmp(sname, "system") && !strcasecmp(tname, "events")
                     ? rt_strdupf("%s/system/events", up->storage)  // the event log
                     : pipeline_table_path(up->storage, sname, tname, false);
    free(schema);
    return path;
}

const ExecChecks *rt_view_checks(void *ud, const char *view) {
    ScanCtx *cx = ud;
    RtDataset *v = rt_dataset(cx->up, view), *d = cx->flow ? cx->flow->target : NULL;
    if (!v || v->kind != RK_VIEW || !v->nexps || !d) return NULL;
    Update *up = cx->up;
    pthread_mutex_lock(&up->mu);
    RtViewUse *u = NULL;
    for (uint32_t i = 0; i < d->nview_uses && !u; i++)
        if (d->view_uses[i].view == v) u = &d->view_uses[i];
    if (!u) {
        if (d->nview_uses == d->view_uses_cap) {  // arena: grow by copying
            uint32_t cap = d->view_uses_cap ? 2 * d->view_uses_cap : 4;
            RtViewUse *n = arena_alloc(&up->arena, cap * sizeof *n);
            if (d->nview_uses) memcpy(n, d->view_uses, d->nview_uses * sizeof *n);
            d->view_uses = n, d->view_uses_cap = cap;
        }
        u = &d->view_uses[d->nview_uses++];
        u->view = v;
        u->passed = arena_alloc(&up->arena, v->nexps * sizeof *u->passed);
        u->failed = arena_alloc(&up->arena, v->nexps * sizeof *u->failed);
        u->dropped = 0;
        memset(u->passed, 0, v->nexps * sizeof *u->passed);
        memset(u->failed, 0, v->nexps * sizeof *u->failed);
        ExecCheck *cs = arena_alloc(&up->arena, v->nexps * sizeof *cs);
        for (uint32_t i = 0; i < v->nexps; i++) {
            cs[i] = v->checks.checks[i];
            cs[i].passed = &u->passed[i], cs[i].failed = &u->failed[i];
        }
        u->checks = v->checks;
        u->checks.checks = cs;
        u->checks.dropped = &u->dropped;
    }
    pthread_mutex_unlock(&up->mu);
    return &u->checks;
}

void rt_dataset_reset_counts(RtDataset *d) {
    d->out_rows = d->dropped = d->cdc_upserted = d->cdc_deleted = 0;
    memset(d->exp_passed, 0, d->nexps * sizeof *d->exp_passed);
    memset(d->exp_failed, 0, d->nexps * sizeof *d->exp_failed);
    for (uint32_t i = 0; i < d->nview_uses; i++) {
        RtViewUse *u = &d->view_uses[i];
        u->dropped = 0;
        memset(u->passed, 0, u->view->nexps * sizeof *u->passed);
        memset(u->failed, 0, u->view->nexps * sizeof *u->failed);
    }
}

static int open_scan(ScanCtx *cx, const PlanNode *node, const PartReq *pr, ExecScan *out,
                     char **err) {
    Update *up = cx->up;
    if (node->kind == PN_SCAN_DATASET) {
        RtDataset *d = rt_dataset(up, node->name);
        if (!d || !d->path) {
            *err = rt_strdupf("dataset '%s' is not a stored table", node->name);
            return -1;
        }
        bool stream = node->streaming && cx->ck;
        if (stream && pr) return 1;  // a stream is read once, in order, by one reader
        int64_t after = stream ? checkpoint_version(cx->ck, d->name) : -1, read_v = -1;
        int rc = open_table(d->path, d->name, node, -1, stream, after, &read_v, pr, out, err);
        if (rc) return rc;  // -1, or 1: a part declined
        if (stream) checkpoint_set_version(cx->ck, d->name, read_v);
        return 0;
    }
    if (node->kind == PN_SCAN_INPUT) {
        RtInput *in = rt_input(up, node->name);
        if (!in) {
            *err = rt_strdupf("plan: unknown input '%s'", node->name);
            return -1;
        }
        if (!strcmp(in->kind, "files")) {
            bool incremental = node->streaming || (cx->flow && cx->flow->streaming && in->streaming);
            if (pr && (incremental || !in->has_schema)) return 1;
            return open_files(cx, in, node, pr, out, err);
        }
        if (!strcmp(in->kind, "table")) {
            PlanNode tn = *node;
            tn.name = in->name;
            tn.kind = PN_SCAN_TABLE;
            return open_scan(cx, &tn, pr, out, err);
        }
        *err = rt_strdupf("plan: input '%s' has unknown kind '%s'", in->id, in->kind);
        return -1;
    }
    if (node->kind == PN_SCAN_TABLE) {
        char *path = rt_table_path(up, node->name);
        int rc = open_table(path, node->name, node, node->version, false, -1, NULL, pr, out, err);
        free(path);
        return rc;
    }
    *err = rt_strdupf("plan: node is not a scan");
    return -1;
}

int rt_open_scan(void *ud, const PlanNode *node, ExecScan *out, char **err) {
    return open_scan(ud, node, NULL, out, err);
}

int rt_open_scan_part(void *ud, const PlanNode *node, int part, int nparts, void **group,
                      ExecScan *out, char **err) {
    if (!*group) *group = xcalloc(1, sizeof(PartGroup));
    PartReq pr = {part, nparts, *group};
    return open_scan(ud, node, &pr, out, err);
}

void rt_scan_group_free(void *group) {
    PartGroup *g = group;
    if (!g) return;
    filesrc_list_free(&g->files);
    free(g);
}
