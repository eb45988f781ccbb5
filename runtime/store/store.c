/* The store API (store.h) over the Delta log: creating and opening tables,
 * snapshot accessors, schema evolution, history and vacuum. Scans live in
 * delta_scan.c and write transactions in delta_write.c. */
#include "delta_store.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Creating ---- */

static int check_schema(const char *path, const Schema *s, char **err) {
    for (uint32_t i = 0; i < s->ncols; i++) {
        const Column *c = &s->cols[i];
        if (!c->name || !*c->name) {
            *err = delta_errorf("%s: column %u has no name", path, i + 1);
            return -1;
        }
        if (c->type.id == TY_NULL || c->type.id == TY_INTERVAL || c->type.id >= TY_COUNT_) {
            *err = delta_errorf("%s: column '%s' has type %s, which a Delta table cannot store",
                                path, c->name, type_id_name(c->type.id));
            return -1;
        }
        for (uint32_t j = 0; j < i; j++)
            if (str_ieq(s->cols[j].name, c->name)) {
                *err = delta_errorf("%s: duplicate column name '%s' (names are case-insensitive)",
                                    path, c->name);
                return -1;
            }
    }
    return 0;
}

/* operationParameters for CREATE TABLE, Spark style (values are strings). */
static void create_params(const StoreCreateOpts *o, StrBuf *b) {
    StrBuf props = {0};
    sb_putc(&props, '{');
    for (uint32_t i = 0; o && i < o->nprops; i++) {
        if (i) sb_putc(&props, ',');
        sb_json_str(&props, o->prop_keys[i], strlen(o->prop_keys[i]));
        sb_putc(&props, ':');
        sb_json_str(&props, o->prop_vals[i], strlen(o->prop_vals[i]));
    }
    sb_putc(&props, '}');
    sb_puts(b, "{\"isManaged\":\"false\",");
    if (o && o->comment) {
        sb_puts(b, "\"description\":");
        sb_json_str(b, o->comment, strlen(o->comment));
        sb_putc(b, ',');
    }
    sb_puts(b, "\"partitionBy\":\"[]\",\"properties\":");
    sb_json_str(b, props.ptr, props.len);
    sb_putc(b, '}');
    sb_free(&props);
}

int store_create(const char *path, const Schema *schema, const StoreCreateOpts *opts,
                 char **err) {
    if (check_schema(path, schema, err)) return -1;
    for (uint32_t i = 0; opts && i < opts->nprops; i++) {
        PqCodec codec;
        if (!strcmp(opts->prop_keys[i], "delta.parquet.compression.codec") &&
            !pq_codec_parse(opts->prop_vals[i], &codec)) {
            *err = delta_errorf("%s: unknown compression codec '%s' in "
                                "delta.parquet.compression.codec", path, opts->prop_vals[i]);
            return -1;
        }
    }
    if (store_exists(path)) {
        *err = delta_errorf("table %s already exists", path);
        return -1;
    }
    char id[37];
    delta_uuid(id);
    StrBuf schema_json = {0}, params = {0};
    delta_schema_to_json(schema, &schema_json);
    create_params(opts, &params);
    DeltaProtocol proto = {.min_reader = 1, .min_writer = 2};
    DeltaMeta meta = {
        .id = id,
        .description = opts ? opts->comment : NULL,
        .schema_string = sb_cstr(&schema_json),
        .nconf = opts ? opts->nprops : 0,
        .conf_keys = opts ? opts->prop_keys : NULL,
        .conf_vals = opts ? opts->prop_vals : NULL,
        .created_time = delta_now_ms(),
    };
    DeltaCommit c = {.operation = "CREATE TABLE", .params_json = sb_cstr(&params),
                     .proto = &proto, .meta = &meta};
    int64_t version;
    DeltaCommitStatus st = delta_commit(path, -1, &c, &version, err);
    sb_free(&schema_json);
    sb_free(&params);
    return st == DC_OK ? 0 : -1;
}

bool store_exists(const char *path) {
    char *p = delta_commit_path(path, 0);
    char *slash = strrchr(p, '/');
    *slash = 0;  // the _delta_log folder
    DIR *d = opendir(p);
    bool found = false;
    if (d) {
        struct dirent *e;
        while (!found && (e = readdir(d)) != NULL) {
            size_t n = strlen(e->d_name);
            found = n >= 25 && e->d_name[20] == '.' &&
                    (str_ends_with(e->d_name, ".json") || str_ends_with(e->d_name, ".parquet")) &&
                    strspn(e->d_name, "0123456789") == 20;
        }
        closedir(d);
    }
    free(p);
    return found;
}

/* ---- Opening ---- */

StoreTable *store_open(const char *path, int64_t version, char **err) {
    StoreTable *t = xcalloc(1, sizeof *t);
    if (delta_snapshot_load(path, version, &t->snap, err)) {
        free(t);
        return NULL;
    }
    return t;
}

int store_reload(StoreTable *t, int64_t version, char **err) {
    DeltaSnapshot s;
    if (delta_snapshot_load(t->snap.table, version, &s, err)) return -1;
    delta_snapshot_free(&t->snap);
    t->snap = s;
    return 0;
}

void store_close(StoreTable *t) {
    if (!t) return;
    delta_snapshot_free(&t->snap);
    free(t);
}

int64_t store_version(const StoreTable *t) { return t->snap.version; }
int64_t store_timestamp(const StoreTable *t) { return t->snap.timestamp; }
const char *store_path(const StoreTable *t) { return t->snap.table; }
const Schema *store_schema(const StoreTable *t) { return &t->snap.schema; }
const char *store_comment(const StoreTable *t) { return t->snap.meta.description; }

const char *store_property(const StoreTable *t, const char *key) {
    return delta_snapshot_conf(&t->snap, key);
}

int64_t store_txn_version(const StoreTable *t, const char *app_id) {
    return delta_snapshot_txn(&t->snap, app_id);
}

uint32_t store_num_files(const StoreTable *t) { return t->snap.nfiles; }

StoreFile store_file(const StoreTable *t, uint32_t i) {
    StoreFile f = {0};
    if (i >= t->snap.nfiles) return f;
    const DeltaAdd *a = t->snap.files[i];
    char *full = delta_file_path(t->snap.table, a->path);
    // The string lives in the snapshot arena, so the caller need not free it.
    f.path = arena_strdup((Arena *)&t->snap.arena, full);
    free(full);
    f.size = a->size;
    f.num_records = delta_stats_num_records(a->stats);
    return f;
}

int64_t store_num_rows(const StoreTable *t) {
    int64_t sum = 0;
    for (uint32_t i = 0; i < t->snap.nfiles; i++) {
        int64_t n = delta_stats_num_records(t->snap.files[i]->stats);
        if (n < 0) return -1;
        sum += n;
    }
    return sum;
}

/* ---- Schema change ---- */

static int check_extension(const StoreTable *t, const Schema *ns, char **err) {
    const Schema *os = &t->snap.schema;
    if (ns->ncols < os->ncols) goto bad;
    for (uint32_t i = 0; i < os->ncols; i++)
        if (!str_ieq(os->cols[i].name, ns->cols[i].name) ||
            !type_eq(os->cols[i].type, ns->cols[i].type))
            goto bad;
    for (uint32_t i = os->ncols; i < ns->ncols; i++)
        if (!ns->cols[i].nullable) {
            *err = delta_errorf("%s: new column '%s' must be nullable (existing rows have no "
                                "value for it)", t->snap.table, ns->cols[i].name);
            return -1;
        }
    return check_schema(t->snap.table, ns, err);
bad:
    *err = delta_errorf("%s: a schema change may only add columns at the end of the existing "
                        "schema", t->snap.table);
    return -1;
}

int store_add_columns(StoreTable *t, const Schema *new_schema, int64_t *version, char **err) {
    if (check_extension(t, new_schema, err) || delta_check_writable(&t->snap, false, err))
        return -1;
    StrBuf js = {0}, params = {0};
    delta_schema_to_json(new_schema, &js);
    sb_puts(&params, "{\"columns\":");
    StrBuf cols = {0};
    sb_putc(&cols, '[');
    for (uint32_t i = t->snap.schema.ncols; i < new_schema->ncols; i++) {
        if (i > t->snap.schema.ncols) sb_putc(&cols, ',');
        sb_json_str(&cols, new_schema->cols[i].name, strlen(new_schema->cols[i].name));
    }
    sb_putc(&cols, ']');
    sb_json_str(&params, cols.ptr, cols.len);
    sb_putc(&params, '}');
    DeltaMeta meta = t->snap.meta;
    meta.schema_string = sb_cstr(&js);
    DeltaCommit c = {.operation = "ADD COLUMNS", .params_json = params.ptr, .meta = &meta};
    int64_t v = -1;
    DeltaCommitStatus st = delta_commit(t->snap.table, t->snap.version, &c, &v, err);
    sb_free(&js);
    sb_free(&params);
    sb_free(&cols);
    if (st != DC_OK) return -1;
    if (version) *version = v;
    return store_reload(t, v, err);
}

/* ---- History ---- */

static int history_entry(const char *path, int64_t v, StoreHistoryEntry *e, char **err) {
    char *file = delta_commit_path(path, v);
    size_t len;
    char *text = read_file(file, &len);
    memset(e, 0, sizeof *e);
    e->version = v;
    e->timestamp = -1;
    int rc = 0;
    Arena a = {0};
    DeltaAction *acts;
    uint32_t n;
    if (!text) {
        *err = delta_errorf("cannot read %s: %s", file, strerror(errno));
        rc = -1;
    } else if (delta_parse_actions(&a, text, len, file, &acts, &n, err)) {
        rc = -1;
    } else {
        for (uint32_t i = 0; i < n; i++)
            if (acts[i].kind == DA_COMMIT_INFO) {
                const DeltaCommitInfo *ci = &acts[i].u.info;
                e->timestamp = ci->timestamp;
                e->operation = xstrdup(ci->operation ? ci->operation : "");
                e->params_json = xstrdup(ci->params_json ? ci->params_json : "{}");
                e->metrics_json = xstrdup(ci->metrics_json ? ci->metrics_json : "{}");
                break;
            }
    }
    if (!e->operation) e->operation = xstrdup("");
    if (!e->params_json) e->params_json = xstrdup("{}");
    if (!e->metrics_json) e->metrics_json = xstrdup("{}");
    arena_free_all(&a);
    free(text);
    free(file);
    return rc;
}

int store_history(const char *path, StoreHistoryEntry **out, uint32_t *n, char **err) {
    int64_t first, last;
    *out = NULL;
    *n = 0;
    if (delta_log_range(path, &first, &last, err)) return -1;
    if (last < 0) {
        *err = delta_errorf("%s is not a Delta table: _delta_log has no commits", path);
        return -1;
    }
    StoreHistoryEntry *h = xcalloc((size_t)(last - first + 1), sizeof *h);
    uint32_t k = 0;
    for (int64_t v = last; v >= first; v--) {
        char *file = delta_commit_path(path, v);
        bool present = access(file, F_OK) == 0;
        free(file);
        if (!present) continue;  // a gap: history shows what the log still has
        if (history_entry(path, v, &h[k], err)) {
            store_history_free(h, k + 1);
            return -1;
        }
        k++;
    }
    *out = h;
    *n = k;
    return 0;
}

static void store_history_free_one(StoreHistoryEntry *e) {
    free(e->operation);
    free(e->params_json);
    free(e->metrics_json);
}

void store_history_free(StoreHistoryEntry *h, uint32_t n) {
    if (!h) return;
    for (uint32_t i = 0; i < n; i++) store_history_free_one(&h[i]);
    free(h);
}

int64_t store_version_at(const char *path, int64_t ts_ms, char **err) {
    int64_t first, last;
    if (delta_log_range(path, &first, &last, err)) return -1;
    for (int64_t v = last; v >= first && v >= 0; v--) {
        StoreHistoryEntry e;
        char *file = delta_commit_path(path, v);
        bool present = access(file, F_OK) == 0;
        struct stat st;
        int64_t mtime = stat(file, &st) == 0 ? (int64_t)st.st_mtim.tv_sec * 1000 +
                                                   st.st_mtim.tv_nsec / 1000000 : -1;
        free(file);
        if (!present) continue;
        if (history_entry(path, v, &e, err)) return -1;
        int64_t ts = e.timestamp >= 0 ? e.timestamp : mtime;
        store_history_free_one(&e);
        if (ts >= 0 && ts <= ts_ms) return v;
    }
    *err = delta_errorf("%s: no version was committed at or before timestamp %lld ms", path,
                        (long long)ts_ms);
    return -1;
}

/* ---- Vacuum ---- */

typedef struct {
    HashMap  live;      // full paths of referenced files
    int64_t  cutoff;    // delete only files modified before this (ms)
    uint32_t deleted;
    char    *err;
} Vacuum;

enum { MAX_VACUUM_DEPTH = 16 };

static void vacuum_dir(Vacuum *v, const char *dir, int depth) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        // _delta_log, _checkpoints, hidden and temporary files are never data files.
        if (e->d_name[0] == '_' || e->d_name[0] == '.') continue;
        StrBuf p = {0};
        sb_printf(&p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p.ptr, &st) == 0) {
            int64_t mtime = (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
            if (S_ISDIR(st.st_mode) && depth < MAX_VACUUM_DEPTH) {
                vacuum_dir(v, p.ptr, depth + 1);
            } else if (S_ISREG(st.st_mode) && !hm_has(&v->live, p.ptr) && mtime < v->cutoff) {
                if (unlink(p.ptr) == 0) v->deleted++;
                else if (!v->err) v->err = delta_errorf("cannot delete %s: %s", p.ptr,
                                                        strerror(errno));
            }
        }
        sb_free(&p);
    }
    closedir(d);
}

int store_vacuum(const char *path, int64_t retention_ms, uint32_t *ndeleted, char **err) {
    *ndeleted = 0;
    if (retention_ms < 0) {
        *err = delta_errorf("%s: vacuum retention must not be negative", path);
        return -1;
    }
    DeltaSnapshot s;
    if (delta_snapshot_load(path, -1, &s, err)) return -1;
    Vacuum v = {.cutoff = delta_now_ms() - retention_ms};
    hm_init(&v.live, false);
    VEC(char *) keys = {0};
    for (uint32_t i = 0; i < s.nfiles; i++) {
        char *full = delta_file_path(path, s.files[i]->path);
        VEC_PUSH(keys, full);
        hm_put(&v.live, full, full);
    }
    vacuum_dir(&v, path, 0);
    for (size_t i = 0; i < keys.len; i++) free(keys.items[i]);
    free(keys.items);
    hm_free(&v.live);
    delta_snapshot_free(&s);
    *ndeleted = v.deleted;
    if (v.err) {
        *err = v.err;
        return -1;
    }
    return 0;
}
