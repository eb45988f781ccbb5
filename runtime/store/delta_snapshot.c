/* Snapshot replay (storage-format.md 7.6): start from the newest complete
 * checkpoint at or below the target version, apply the contiguous JSON commits
 * after it, then validate the protocol and parse the schema. */
#include "delta.h"
#include "delta_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    DeltaSnapshot *s;
    HashMap        live;        // path -> DeltaAdd* (NULL once removed)
    HashMap        tomb;        // path -> DeltaRemove* (NULL once re-added)
    VEC(DeltaAdd *) adds;       // every add seen, in order
    VEC(DeltaRemove *) removes;
    bool           has_proto, has_meta;
} Replay;

static void apply(Replay *r, const DeltaAction *acts, uint32_t n) {
    DeltaSnapshot *s = r->s;
    for (uint32_t i = 0; i < n; i++) {
        const DeltaAction *a = &acts[i];
        switch (a->kind) {
        case DA_ADD: {
            DeltaAdd *x = arena_alloc(&s->arena, sizeof *x);
            *x = a->u.add;
            hm_put(&r->live, x->path, x);
            if (hm_get(&r->tomb, x->path)) hm_put(&r->tomb, x->path, NULL);
            VEC_PUSH(r->adds, x);
            break;
        }
        case DA_REMOVE: {
            DeltaRemove *x = arena_alloc(&s->arena, sizeof *x);
            *x = a->u.remove;
            if (hm_get(&r->live, x->path)) hm_put(&r->live, x->path, NULL);
            hm_put(&r->tomb, x->path, x);
            VEC_PUSH(r->removes, x);
            break;
        }
        case DA_META: s->meta = a->u.meta; r->has_meta = true; break;
        case DA_PROTOCOL: s->proto = a->u.proto; r->has_proto = true; break;
        case DA_TXN: {
            DeltaTxn *t = arena_alloc(&s->arena, sizeof *t);
            *t = a->u.txn;
            hm_put(&s->txns, t->app_id, t);
            break;
        }
        case DA_COMMIT_INFO:
        case DA_OTHER: break;
        }
    }
}

/* Parse and apply one JSON commit; records its timestamp. */
static int replay_commit(Replay *r, const char *table, int64_t v, char **err) {
    char *path = delta_commit_path(table, v);
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        *err = delta_errorf("log is missing version %lld (cannot read %s)", (long long)v, path);
        free(path);
        return -1;
    }
    char what[64];
    snprintf(what, sizeof what, "%020lld.json (version %lld)", (long long)v, (long long)v);
    StrBuf full = {0};
    sb_printf(&full, "%s/_delta_log/%s", table, what);
    DeltaAction *acts;
    uint32_t n;
    int rc = delta_parse_actions(&r->s->arena, text, len, sb_cstr(&full), &acts, &n, err);
    if (rc == 0) {
        apply(r, acts, n);
        int64_t ts = -1;
        for (uint32_t i = 0; i < n; i++)
            if (acts[i].kind == DA_COMMIT_INFO) ts = acts[i].u.info.timestamp;
        struct stat st;
        if (ts < 0 && stat(path, &st) == 0)
            ts = (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
        r->s->timestamp = ts;
    }
    sb_free(&full);
    free(text);
    free(path);
    return rc;
}

static int feature_error(char **err, const char *kind, const char *feature) {
    *err = delta_errorf("table requires Delta %s feature '%s', which is not supported",
                        kind, feature);
    return -1;
}

static int check_read_protocol(const DeltaSnapshot *s, char **err) {
    const DeltaProtocol *p = &s->proto;
    if (p->min_reader == 2)
        return feature_error(err, "reader", "columnMapping");
    if (p->min_reader > 3) {
        *err = delta_errorf("table requires Delta reader version %d, which is not supported",
                            p->min_reader);
        return -1;
    }
    if (p->min_reader == 3)
        for (uint32_t i = 0; i < p->nreader_features; i++) {
            const char *f = p->reader_features[i];
            if (strcmp(f, "vacuumProtocolCheck") != 0)  // only restricts VACUUM, which honours it
                return feature_error(err, "reader", f);
        }
    const char *cm = delta_snapshot_conf(s, "delta.columnMapping.mode");
    if (cm && strcmp(cm, "none") != 0) return feature_error(err, "reader", "columnMapping");
    return 0;
}

int delta_check_writable(const DeltaSnapshot *s, bool removes_data, char **err) {
    const DeltaProtocol *p = &s->proto;
    if (p->min_writer > 7 || (p->min_writer > 2 && p->min_writer < 7)) {
        *err = delta_errorf("table requires Delta writer version %d, which is not supported",
                            p->min_writer);
        return -1;
    }
    if (p->min_writer == 7)
        for (uint32_t i = 0; i < p->nwriter_features; i++) {
            const char *f = p->writer_features[i];
            if (strcmp(f, "appendOnly") != 0 && strcmp(f, "invariants") != 0)
                return feature_error(err, "writer", f);
        }
    const char *ao = delta_snapshot_conf(s, "delta.appendOnly");
    if (removes_data && ao && str_ieq(ao, "true")) {
        *err = delta_errorf("table %s is append-only (delta.appendOnly=true): cannot remove data",
                            s->table);
        return -1;
    }
    if (strstr(s->meta.schema_string ? s->meta.schema_string : "", "delta.invariants")) {
        *err = delta_errorf("table %s has column invariants (delta.invariants), which are "
                            "not supported for writing", s->table);
        return -1;
    }
    return 0;
}

/* The newest complete checkpoint <= target, or NULL. */
static const DeltaCheckpointRef *pick_checkpoint(const DeltaLogListing *l, int64_t target) {
    const DeltaCheckpointRef *best = NULL;
    for (size_t i = 0; i < l->checkpoints.len; i++) {
        const DeltaCheckpointRef *c = &l->checkpoints.items[i];
        if (c->nfound == c->nparts && c->version <= target && (!best || c->version > best->version))
            best = c;
    }
    return best;
}

static int load_checkpoint(Replay *r, const char *table, const DeltaCheckpointRef *c,
                           char **err) {
    char **paths = xcalloc(c->nparts, sizeof *paths);
    for (uint32_t i = 0; i < c->nparts; i++) {
        StrBuf b = {0};
        sb_printf(&b, "%s/_delta_log/%s", table, c->names[i]);
        paths[i] = sb_take(&b);
    }
    DeltaAction *acts;
    uint32_t n;
    int rc = delta_checkpoint_read(&r->s->arena, (const char *const *)paths, c->nparts, &acts,
                                   &n, err);
    if (rc == 0) apply(r, acts, n);
    for (uint32_t i = 0; i < c->nparts; i++) free(paths[i]);
    free(paths);
    return rc;
}

static int64_t latest_version(const DeltaLogListing *l) {
    int64_t v = l->commits.len ? l->commits.items[l->commits.len - 1] : -1;
    for (size_t i = 0; i < l->checkpoints.len; i++)
        if (l->checkpoints.items[i].nfound == l->checkpoints.items[i].nparts &&
            l->checkpoints.items[i].version > v)
            v = l->checkpoints.items[i].version;
    return v;
}

static bool has_commits(const DeltaLogListing *l, int64_t from, int64_t to) {
    for (int64_t v = from; v <= to; v++)
        if (!delta_log_has_commit(l, v)) return false;
    return true;
}

static int replay(Replay *r, const char *table, int64_t version, char **err) {
    DeltaLogListing l;
    if (delta_log_list(table, &l, err)) return -1;
    int rc = -1;
    int64_t latest = latest_version(&l);
    if (latest < 0) {
        *err = delta_errorf("%s is not a Delta table: _delta_log has no commits", table);
        goto out;
    }
    if (version < 0) version = latest;
    if (version > latest) {
        *err = delta_errorf("cannot time travel %s to version %lld: the latest version is %lld",
                            table, (long long)version, (long long)latest);
        goto out;
    }
    const DeltaCheckpointRef *cp = pick_checkpoint(&l, version);
    int64_t start = 0;
    if (cp) {
        if (load_checkpoint(r, table, cp, err) == 0) {
            start = cp->version + 1;
            r->s->checkpoint = cp->version;
        } else if (has_commits(&l, 0, version)) {
            // An unreadable checkpoint is only a lost shortcut when all the JSON is there.
            free(*err);
            *err = NULL;
        } else {
            goto out;
        }
    }
    for (int64_t v = start; v <= version; v++)
        if (!delta_log_has_commit(&l, v)) {
            *err = delta_errorf("%s: log is missing version %lld", table, (long long)v);
            goto out;
        }
    for (int64_t v = start; v <= version; v++)
        if (replay_commit(r, table, v, err)) goto out;
    r->s->version = version;
    rc = 0;
out:
    delta_log_listing_free(&l);
    return rc;
}

static void collect(Replay *r) {
    DeltaSnapshot *s = r->s;
    s->files = arena_alloc(&s->arena, (r->adds.len + 1) * sizeof *s->files);
    for (size_t i = 0; i < r->adds.len; i++)
        if (hm_get(&r->live, r->adds.items[i]->path) == r->adds.items[i])
            s->files[s->nfiles++] = r->adds.items[i];
    s->tombstones = arena_alloc(&s->arena, (r->removes.len + 1) * sizeof *s->tombstones);
    for (size_t i = 0; i < r->removes.len; i++)
        if (hm_get(&r->tomb, r->removes.items[i]->path) == r->removes.items[i])
            s->tombstones[s->ntombstones++] = r->removes.items[i];
}

int delta_snapshot_load(const char *table, int64_t version, DeltaSnapshot *out, char **err) {
    memset(out, 0, sizeof *out);
    out->table = xstrdup(table);
    out->checkpoint = -1;
    out->timestamp = -1;
    hm_init(&out->txns, false);
    schema_init(&out->schema);
    Replay r = {.s = out};
    hm_init(&r.live, false);
    hm_init(&r.tomb, false);
    int rc = replay(&r, table, version, err);
    if (rc == 0) collect(&r);
    hm_free(&r.live);
    hm_free(&r.tomb);
    free(r.adds.items);
    free(r.removes.items);
    if (rc == 0) {
        r.has_proto = r.has_proto || out->proto.min_reader > 0;
        r.has_meta = r.has_meta || out->meta.schema_string != NULL;
        if (!r.has_proto || !r.has_meta) {
            *err = delta_errorf("%s: version %lld has no %s action", table,
                                (long long)out->version, r.has_proto ? "metaData" : "protocol");
            rc = -1;
        }
    }
    if (rc == 0) rc = check_read_protocol(out, err);
    if (rc == 0) rc = delta_schema_parse(out->meta.schema_string, &out->schema, err);
    if (rc) delta_snapshot_free(out);
    return rc;
}

void delta_snapshot_free(DeltaSnapshot *s) {
    if (!s) return;
    hm_free(&s->txns);
    schema_free(&s->schema);
    arena_free_all(&s->arena);
    free(s->table);
    memset(s, 0, sizeof *s);
}

const char *delta_snapshot_conf(const DeltaSnapshot *s, const char *key) {
    for (uint32_t i = 0; i < s->meta.nconf; i++)
        if (strcmp(s->meta.conf_keys[i], key) == 0) return s->meta.conf_vals[i];
    return NULL;
}

int64_t delta_snapshot_txn(const DeltaSnapshot *s, const char *app_id) {
    const DeltaTxn *t = hm_get(&s->txns, app_id);
    return t ? t->version : -1;
}
