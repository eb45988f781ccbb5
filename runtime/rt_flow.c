/* Running one flow: execute its query through the scan provider, evaluate the
 * target's expectations on every row about to be written (op_expect.c: warn counts,
 * drop removes, fail stops before anything is committed), and write the rows in one
 * atomic commit: an overwrite for a materialized view, an append with the flow's
 * batch number (Delta txn) and checkpoint for a streaming flow. */
#include "rt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *app_id(const RtFlow *f) { return rt_strdupf("sluice-flow-%s", f->name); }

static int run_query(Update *up, RtFlow *f, ScanCtx *cx, StoreWrite *w, int64_t *rows,
                     int64_t *dropped, char **err) {
    RtDataset *d = f->target;
    ExecEnv env = {.open_scan = rt_open_scan, .view_checks = rt_view_checks,
                   .open_scan_part = rt_open_scan_part, .free_scan_group = rt_scan_group_free, .ud = cx,
                   .ansi = f->ansi, .now_us = up->now_us};
    ExecChecks checks = d->checks; // the target's expectations on every row written
    checks.flow = f->name;
    checks.dropped = dropped;
    Exec *ex = exec_open_checked(f->query, &env, &checks, err);
    int rc = ex ? 0 : -1;
    Batch *b;
    while (rc == 0) {
        int r = exec_next(ex, &b, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        *rows += batch_live(b);
        if (batch_live(b) && store_write_batch(w, b, err)) rc = -1;
    }
    exec_close(ex);
    return rc;
}

/* Test hook: SLUICE_FAIL_FLOW=name:n makes the first n attempts of flow `name` fail
 * with a transient (retryable) error, so retries in production mode can be tested. */
static bool injected_failure(RtFlow *f, char **err) {
    const char *v = getenv("SLUICE_FAIL_FLOW");
    const char *colon = v ? strrchr(v, ':') : NULL;
    if (!colon || strncmp(v, f->name, (size_t)(colon - v)) || f->name[colon - v]) return false;
    if (__atomic_fetch_add(&f->attempts, 1, __ATOMIC_RELAXED) >= atoi(colon + 1)) return false;
    *err = rt_strdupf("flow '%s': injected transient failure (SLUICE_FAIL_FLOW)", f->name);
    return true;
}

int rt_run_flow(Update *up, RtFlow *f, char **err) {
    RtDataset *d = f->target;
    if (injected_failure(f, err)) return -1;
    if (f->kind == RF_CDC) return rt_run_cdc(up, f, err);
    if (!f->query) {
        *err = rt_strdupf("flow '%s' has no query", f->name);
        return -1;
    }
    bool streaming = f->kind != RF_COMPLETE;
    StoreTable *t = store_open(d->path, -1, err);
    if (!t) return -1;
    Checkpoint ck = {0};
    char *app = app_id(f);
    int rc = 0;
    if (streaming) {
        if (checkpoint_load(&ck, up->storage, f->name, err) ||
            checkpoint_recover(&ck, store_txn_version(t, app), err))
            rc = -1;
        else if (f->kind == RF_ONCE && ck.once_done)
            goto done;
    }
    StoreWrite *w = rc ? NULL : store_write_begin(t, streaming ? STORE_APPEND : STORE_OVERWRITE, err);
    if (!w) rc = -1;
    // a materialized view whose schema changed gets it in the commit of its new rows
    else if (!streaming && d->replace_schema && store_write_set_schema(w, &d->schema, err))
        rc = -1;
    ScanCtx cx = {.up = up, .flow = f, .ck = streaming ? &ck : NULL};
    int64_t rows = 0, dropped = 0;
    if (rc == 0) rc = run_query(up, f, &cx, w, &rows, &dropped, err);
    if (rc == 0) {
        int64_t version;
        if (streaming && rows == 0) {
            /* Nothing to append: record what was read (files, versions) without a table
             * commit, so idle polls do not add empty versions. */
            if (f->kind == RF_ONCE) ck.once_done = true;
            if (checkpoint_promote(&ck, err)) rc = -1;
        } else if (streaming) {
            ck.batch++;
            if (f->kind == RF_ONCE) ck.once_done = true;
            store_write_set_txn(w, app, ck.batch);
            store_write_param(w, "outputMode", "Append");
            store_write_param(w, "queryId", app);
            char epoch[32];
            snprintf(epoch, sizeof epoch, "%lld", (long long)ck.batch);
            store_write_param(w, "epochId", epoch);
            if (checkpoint_write_pending(&ck, err)) rc = -1;
            int c = rc ? -1 : store_write_commit(w, "STREAMING UPDATE", &version, err);
            if (c < 0 || checkpoint_promote(&ck, err)) rc = -1;
        } else {
            store_write_param(w, "mode", "Overwrite");
            if (store_write_commit(w, "WRITE", &version, err) < 0) rc = -1;
        }
    }
    if (rc == 0) {
        d->out_rows += rows;
        d->dropped += dropped;
    }
    store_write_free(w);
done:
    if (streaming) checkpoint_free(&ck);
    free(app);
    store_close(t);
    return rc;
}
