/* One pipeline update (design.md section 7, dlt-language.md 4.4): lock the storage,
 * load the plan, create or check the tables, run the stages (the datasets of a stage
 * on both cores), skip what is downstream of a failure, record every transition in
 * the event log, print one line per dataset and a summary. */
#include "rt_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/time.h>
#include <unistd.h>

static const char *const state_names[] = {
    [ST_QUEUED] = "QUEUED", [ST_STARTING] = "STARTING", [ST_RUNNING] = "RUNNING",
    [ST_COMPLETED] = "COMPLETED", [ST_FAILED] = "FAILED", [ST_SKIPPED] = "SKIPPED",
    [ST_EXCLUDED] = "EXCLUDED", [ST_IDLE] = "IDLE",
};

static const char *kind_name(RtKind k) {
    return k == RK_ST ? "streaming table" : k == RK_MV ? "materialized view"
         : k == RK_VIEW ? "view" : "view (persisted)";
}

static const char *kind_event_name(RtKind k) {
    return k == RK_ST ? "STREAMING_TABLE" : k == RK_MV || k == RK_PVIEW ? "MATERIALIZED_VIEW" : "VIEW";
}

static double now_s(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static const char *jstr(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path) { nftw(path, rm_entry, 32, FTW_DEPTH | FTW_PHYS); }

static bool in_list(const char *name, const char **list, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (!strcasecmp(list[i], name)) return true;
    return false;
}

/* ---- events ------------------------------------------------------------------------ */

static void ev_progress(Update *up, const char *state) {
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "state", state);
    char msg[128];
    snprintf(msg, sizeof msg, "Update %.8s is %s.", up->update_id, state);
    eventlog_add(up->log, "INFO", "update_progress", NULL, msg, d, NULL);
}

static void ev_flow(Update *up, RtDataset *d, RtState st) {
    cJSON *det = cJSON_CreateObject();
    cJSON_AddStringToObject(det, "status", state_names[st]);
    if (st == ST_COMPLETED) {
        cJSON *m = cJSON_AddObjectToObject(det, "metrics");
        cJSON_AddNumberToObject(m, "num_output_rows", (double)d->out_rows);
        for (uint32_t k = 0; k < d->nflows; k++)
            if (d->flows[k]->kind == RF_CDC) {  // APPLY CHANGES metrics (4.7)
                cJSON_AddNumberToObject(m, "num_upserted_rows", (double)d->cdc_upserted);
                cJSON_AddNumberToObject(m, "num_deleted_rows", (double)d->cdc_deleted);
                break;
            }
        cJSON *q = cJSON_AddObjectToObject(det, "data_quality");
        int64_t dropped = d->dropped;
        for (uint32_t u = 0; u < d->nview_uses; u++) dropped += d->view_uses[u].dropped;
        cJSON_AddNumberToObject(q, "dropped_records", (double)dropped);
        cJSON *arr = cJSON_AddArrayToObject(q, "expectations");
        for (uint32_t i = 0; i < d->nexps; i++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "name", d->exps[i].name);
            cJSON_AddStringToObject(e, "dataset", d->name);
            cJSON_AddNumberToObject(e, "passed_records", (double)d->exp_passed[i]);
            cJSON_AddNumberToObject(e, "failed_records", (double)d->exp_failed[i]);
            cJSON_AddItemToArray(arr, e);
        }
        for (uint32_t u = 0; u < d->nview_uses; u++) { // views read by its flows
            const RtViewUse *v = &d->view_uses[u];
            for (uint32_t i = 0; i < v->view->nexps; i++) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "name", v->view->exps[i].name);
                cJSON_AddStringToObject(e, "dataset", v->view->name);
                cJSON_AddNumberToObject(e, "passed_records", (double)v->passed[i]);
                cJSON_AddNumberToObject(e, "failed_records", (double)v->failed[i]);
                cJSON_AddItemToArray(arr, e);
            }
        }
    }
    char *msg = rt_strdupf("Flow '%s' %s %s.", d->name, st == ST_COMPLETED || st == ST_FAILED ? "has" : "is",
                           state_names[st]);
    const char *level = st == ST_FAILED ? "ERROR" : st == ST_SKIPPED ? "WARN" : st == ST_COMPLETED ? "METRICS" : "INFO";
    eventlog_add(up->log, level, "flow_progress", d->name, msg, det, st == ST_FAILED ? d->error : NULL);
    free(msg);
}

static void ev_definitions(Update *up) {
    for (uint32_t i = 0; i < up->nds; i++) {
        RtDataset *d = &up->ds[i];
        cJSON *det = cJSON_CreateObject();
        cJSON_AddStringToObject(det, "dataset_name", d->name);
        cJSON_AddStringToObject(det, "dataset_type", kind_event_name(d->kind));
        cJSON_AddBoolToObject(det, "private", d->is_private);
        cJSON *ex = cJSON_AddArrayToObject(det, "expectations");
        for (uint32_t k = 0; k < d->nexps; k++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "name", d->exps[k].name);
            cJSON_AddStringToObject(e, "expression", d->exps[k].sql ? d->exps[k].sql : "");
            cJSON_AddStringToObject(e, "action", d->exps[k].action == RA_DROP ? "DROP" : d->exps[k].action == RA_FAIL ? "FAIL" : "ALLOW");
            cJSON_AddItemToArray(ex, e);
        }
        char *msg = rt_strdupf("Dataset '%s' is defined as a %s.", d->name, kind_name(d->kind));
        eventlog_add(up->log, "INFO", "dataset_definition", d->name, msg, det, NULL);
        free(msg);
    }
    for (uint32_t i = 0; i < up->nflows; i++) {
        RtFlow *f = &up->flows[i];
        cJSON *det = cJSON_CreateObject();
        cJSON_AddStringToObject(det, "output_dataset", f->target->name);
        cJSON *in = cJSON_AddArrayToObject(det, "input_datasets");
        for (uint32_t k = 0; k < f->target->nreads; k++) cJSON_AddItemToArray(in, cJSON_CreateString(f->target->reads[k]));
        static const char *const ft[] = {"APPEND", "COMPLETE", "ONCE", "CDC"};
        cJSON_AddStringToObject(det, "flow_type", ft[f->kind]);
        char *msg = rt_strdupf("Flow '%s' is defined as %s.", f->name, ft[f->kind]);
        eventlog_add(up->log, "INFO", "flow_definition", f->name, msg, det, NULL);
        free(msg);
    }
}

/* ---- setting up tables --------------------------------------------------------------- */

static bool same_schema(const Schema *a, const Schema *b) {
    if (a->ncols != b->ncols) return false;
    for (uint32_t i = 0; i < a->ncols; i++)
        if (strcasecmp(a->cols[i].name, b->cols[i].name) || !type_eq(a->cols[i].type, b->cols[i].type))
            return false;
    return true;
}

/* New nullable columns at the end only: Delta schema evolution for streaming tables. */
static bool extends(const Schema *old, const Schema *nw) {
    if (nw->ncols < old->ncols) return false;
    for (uint32_t i = 0; i < old->ncols; i++)
        if (strcasecmp(old->cols[i].name, nw->cols[i].name) || !type_eq(old->cols[i].type, nw->cols[i].type))
            return false;
    for (uint32_t i = old->ncols; i < nw->ncols; i++)
        if (!nw->cols[i].nullable) return false;
    return true;
}

static int create_table(RtDataset *d, char **err) {
    uint32_t n = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, d->props) n++;
    const char **keys = xcalloc(n + 1, sizeof *keys), **vals = xcalloc(n + 1, sizeof *vals);
    n = 0;
    cJSON_ArrayForEach(p, d->props) if (cJSON_IsString(p)) keys[n] = p->string, vals[n++] = p->valuestring;
    StoreCreateOpts o = {.comment = d->comment, .nprops = n, .prop_keys = keys, .prop_vals = vals};
    int rc = rt_mkdirs(d->path) ? -1 : store_create(d->path, &d->schema, &o, err);
    if (rc && !*err) *err = rt_strdupf("cannot create '%s': %s", d->path, strerror(errno));
    free(keys);
    free(vals);
    return rc;
}

static int setup_table(Update *up, RtDataset *d, char **err) {
    if (!d->has_schema) {
        *err = rt_strdupf("the schema of '%s' is not known", d->name);
        return -1;
    }
    /* A recomputed dataset (materialized view) is replaced by its overwrite commit, new
     * schema included, so a failure or kill leaves its last version; a streaming table's
     * reset starts from nothing (its flows' checkpoints go with it). */
    d->replace_schema = false;
    if (d->full_refresh && d->kind == RK_ST) {
        remove_tree(d->path);
        for (uint32_t k = 0; k < d->nflows; k++) checkpoint_clear(up->storage, d->flows[k]->name);
    }
    if (!store_exists(d->path)) return create_table(d, err);
    StoreTable *t = store_open(d->path, -1, err);
    if (!t) return -1;
    const Schema *old = store_schema(t);
    int rc = 0;
    if (!same_schema(old, &d->schema)) {
        if (d->kind != RK_ST) {  // recomputed anyway: its next commit takes the new schema
            store_close(t);
            d->replace_schema = true;
            return 0;
        }
        int64_t v;
        if (extends(old, &d->schema)) rc = store_add_columns(t, &d->schema, &v, err);
        else {
            *err = rt_strdupf("the schema of streaming table '%s' changed in a way that cannot be "
                              "applied to its existing data (a column was removed, renamed or "
                              "changed type): a full refresh of '%s' is required "
                              "(sluice run --full-refresh-tables %s)", d->name, d->name, d->name);
            rc = -1;
        }
    }
    store_close(t);
    return rc;
}

/* ---- running datasets ------------------------------------------------------------------ */

static bool upstream_failed(Update *up, RtDataset *d) {
    for (uint32_t i = 0; i < d->nreads; i++) {
        RtDataset *u = rt_dataset(up, d->reads[i]);
        if (u && (u->state == ST_FAILED || u->state == ST_SKIPPED)) return true;
    }
    return false;
}

static bool upstream_changed(Update *up, RtDataset *d) {
    for (uint32_t i = 0; i < d->nreads; i++) {
        RtDataset *u = rt_dataset(up, d->reads[i]);
        if (u && u->state == ST_COMPLETED && u->out_rows > 0) return true;
    }
    return false;
}

static bool retryable(const char *err) { return err && !strstr(err, "failed to meet the expectation"); }

static void run_dataset(Update *up, RtDataset *d) {
    double t0 = now_s();
    pthread_mutex_lock(&up->mu);
    d->state = ST_STARTING;
    ev_flow(up, d, ST_STARTING);
    d->state = ST_RUNNING;
    ev_flow(up, d, ST_RUNNING);
    pthread_mutex_unlock(&up->mu);
    char *err = NULL;
    if (!d->runnable)
        err = rt_strdupf("dataset '%s' cannot run: %s", d->name,
                         d->opaque_reason ? d->opaque_reason : "its query could not be compiled");
    for (int attempt = 0; !err || (attempt <= up->max_retries && retryable(err)); attempt++) {
        if (err) {
            free(err);
            err = NULL;
            rt_dataset_reset_counts(d);
        }
        for (uint32_t k = 0; k < d->nflows && !err; k++) rt_run_flow(up, d->flows[k], &err);
        if (!err) break;
        if (up->development) break;
    }
    d->seconds = now_s() - t0;
    pthread_mutex_lock(&up->mu);
    d->error = err;
    d->state = err ? ST_FAILED : ST_COMPLETED;
    ev_flow(up, d, d->state);
    StrBuf line = {0};
    sb_printf(&line, "  %-28s %-18s", d->name, kind_name(d->kind));
    if (err) sb_printf(&line, " FAILED  %.2f s\n    %s\n", d->seconds, err);
    else {
        sb_printf(&line, " %10lld rows", (long long)d->out_rows);
        for (uint32_t i = 0; i < d->nexps; i++)
            if (d->exp_failed[i])
                sb_printf(&line, "  %s %s: %lld failed", d->exps[i].action == RA_DROP ? "dropped" : "warn",
                          d->exps[i].name, (long long)d->exp_failed[i]);
        for (uint32_t u = 0; u < d->nview_uses; u++) {
            const RtViewUse *v = &d->view_uses[u];
            for (uint32_t i = 0; i < v->view->nexps; i++)
                if (v->failed[i])
                    sb_printf(&line, "  %s %s.%s: %lld failed",
                              v->view->exps[i].action == RA_DROP ? "dropped" : "warn", v->view->name,
                              v->view->exps[i].name, (long long)v->failed[i]);
        }
        sb_printf(&line, "  %.2f s\n", d->seconds);
    }
    fputs(sb_cstr(&line), err ? stderr : stdout);
    fflush(stdout);
    sb_free(&line);
    pthread_mutex_unlock(&up->mu);
}

typedef struct {
    Update     *up;
    RtDataset **todo;
    uint32_t    n;
    uint32_t    next;  // atomically taken
} Work;

static void *worker(void *arg) {
    Work *w = arg;
    for (;;) {
        uint32_t i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED);
        if (i >= w->n) return NULL;
        run_dataset(w->up, w->todo[i]);
    }
}

static void run_stage(Update *up, RtDataset **todo, uint32_t n) {
    Work w = {up, todo, n, 0};
    pthread_t th[2];
    int nth = n > 1 ? 2 : 1, started = 0;
    for (int i = 1; i < nth; i++)
        if (pthread_create(&th[i], NULL, worker, &w) == 0) started++;
    worker(&w);
    for (int i = 1; i <= started; i++) pthread_join(th[i], NULL);
}

/* Run the stages in order. In a continuous run (cycle > 0) streaming tables always
 * poll; a materialized view recomputes when an upstream dataset produced rows this
 * cycle or its files / external tables changed (rt_inputs.c), else it is IDLE. */
static void run_stages(Update *up, int cycle) {
    const cJSON *stages = cJSON_GetObjectItemCaseSensitive(up->plan, "stages"), *stage, *name;
    RtDataset **todo = xcalloc(up->nds + 1, sizeof *todo);
    cJSON_ArrayForEach(stage, stages) {
        uint32_t n = 0;
        cJSON_ArrayForEach(name, stage) {
            RtDataset *d = cJSON_IsString(name) ? rt_dataset(up, name->valuestring) : NULL;
            if (!d || d->kind == RK_VIEW || d->state != ST_QUEUED) continue;
            if (upstream_failed(up, d)) {
                d->state = ST_SKIPPED;
                ev_flow(up, d, ST_SKIPPED);
                printf("  %-28s %-18s SKIPPED (an upstream dataset failed)\n", d->name, kind_name(d->kind));
                continue;
            }
            if (!d->nflows) continue;
            if (d->kind != RK_ST) {  // recomputed when its inputs changed since it last ran
                uint64_t fp = rt_inputs_fingerprint(up, d);
                bool inputs_changed = fp != d->inputs_fp;
                d->inputs_fp = fp;
                if (cycle > 0 && !inputs_changed && !upstream_changed(up, d)) {
                    d->state = ST_IDLE;
                    continue;
                }
            }
            ev_flow(up, d, ST_QUEUED);
            todo[n++] = d;
        }
        if (n) run_stage(up, todo, n);
    }
    free(todo);
}

/* SIGINT / SIGTERM ask a continuous run to stop after the batch in hand; a signal
 * handler can only talk through a static flag. */
static volatile sig_atomic_t stop_requested;
static void on_stop(int sig) {
    (void)sig;
    stop_requested = 1;
}

static bool want_continuous(Update *up, const RunOptions *o) {
    if (o->continuous >= 0) return o->continuous;
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(up->plan, "pipeline");
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "continuous"));
}

/* pipelines.trigger.interval: "5 seconds", "1 minute", "500 milliseconds" or a number
 * of seconds. */
static double trigger_interval(Update *up) {
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(up->plan, "pipeline");
    const char *v = jstr(cJSON_GetObjectItemCaseSensitive(p, "configuration"), "pipelines.trigger.interval");
    if (!v) return 5.0;
    char *end;
    double x = strtod(v, &end);
    while (*end == ' ') end++;
    if (!strncasecmp(end, "ms", 2) || !strncasecmp(end, "milli", 5)) x /= 1000;
    else if (!strncasecmp(end, "min", 3)) x *= 60;
    else if (!strncasecmp(end, "hour", 4)) x *= 3600;
    return x > 0.05 ? x : 0.05;
}

static void run_continuous(Update *up) {
    struct sigaction sa = {.sa_handler = on_stop};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    double interval = trigger_interval(up);
    printf("Running continuously (trigger interval %.3g s); stop with Ctrl-C or SIGTERM\n", interval);
    fflush(stdout);
    for (int cycle = 1; !stop_requested; cycle++) {
        for (double waited = 0; waited < interval && !stop_requested; waited += 0.05) usleep(50000);
        if (stop_requested) break;
        for (uint32_t i = 0; i < up->nds; i++) {
            RtDataset *d = &up->ds[i];
            if (d->state == ST_EXCLUDED || d->state == ST_FAILED || d->state == ST_SKIPPED) continue;
            d->state = ST_QUEUED;
            rt_dataset_reset_counts(d);
        }
        run_stages(up, cycle);
        char *err = NULL;
        if (eventlog_flush(up->log, &err)) free(err);
    }
    ev_progress(up, "STOPPING");
    printf("Stopping: the update was asked to stop\n");
    up->canceled = true;
}

/* ---- the update ------------------------------------------------------------------------- */

static int lock_storage(const char *storage, int *fd_out) {
    char *p = rt_strdupf("%s/system/update.lock", storage);
    int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    free(p);
    if (fd < 0) return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return 1;
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
    if (ftruncate(fd, 0) == 0 && write(fd, pid, (size_t)n) < 0) {}
    *fd_out = fd;
    return 0;
}

static void select_datasets(Update *up, const RunOptions *o) {
    for (uint32_t i = 0; i < up->nds; i++) {
        RtDataset *d = &up->ds[i];
        d->selected = !o->nrefresh || in_list(d->name, o->refresh, o->nrefresh) ||
                      in_list(d->name, o->full_refresh_tables, o->nfull_refresh_tables);
        d->full_refresh = d->reset_allowed && d->kind != RK_VIEW &&
                          (o->full_refresh || in_list(d->name, o->full_refresh_tables, o->nfull_refresh_tables));
        d->state = d->selected ? ST_QUEUED : ST_EXCLUDED;
    }
}

static int run_update(Update *up, const RunOptions *o) {
    double t0 = now_s();
    cJSON *cu = cJSON_CreateObject();
    cJSON_AddStringToObject(cu, "cause", "USER_ACTION");
    cJSON_AddBoolToObject(cu, "full_refresh", o->full_refresh);
    cJSON_AddItemToObject(cu, "config", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(up->plan, "pipeline"), true));
    cJSON *rs = cJSON_AddArrayToObject(cu, "refresh_selection");
    for (uint32_t i = 0; i < o->nrefresh; i++) cJSON_AddItemToArray(rs, cJSON_CreateString(o->refresh[i]));
    cJSON *fs = cJSON_AddArrayToObject(cu, "full_refresh_selection");
    for (uint32_t i = 0; i < o->nfull_refresh_tables; i++) cJSON_AddItemToArray(fs, cJSON_CreateString(o->full_refresh_tables[i]));
    cJSON_AddBoolToObject(cu, "validate_only", false);
    char *msg = rt_strdupf("Update %.8s started by USER_ACTION.", up->update_id);
    eventlog_add(up->log, "INFO", "create_update", NULL, msg, cu, NULL);
    free(msg);
    ev_progress(up, "INITIALIZING");
    ev_definitions(up);
    ev_progress(up, "SETTING_UP_TABLES");
    select_datasets(up, o);
    printf("Update %s of pipeline '%s' (storage %s)\n", up->update_id, up->pipeline_name, up->storage);
    bool failed = false;
    for (uint32_t i = 0; i < up->nds; i++) {
        RtDataset *d = &up->ds[i];
        if (!d->selected || d->kind == RK_VIEW) continue;
        char *err = NULL;
        if (setup_table(up, d, &err)) {
            d->error = err;
            d->state = ST_FAILED;
            fprintf(stderr, "  %-28s %-18s FAILED\n    %s\n", d->name, kind_name(d->kind), err);
            ev_flow(up, d, ST_FAILED);
            failed = true;
        }
    }
    ev_progress(up, "RUNNING");
    char *ferr = NULL;
    if (eventlog_flush(up->log, &ferr)) {
        fprintf(stderr, "sluice: warning: event log: %s\n", ferr);
        free(ferr), ferr = NULL;
    }
    run_stages(up, 0);
    if (want_continuous(up, o)) run_continuous(up);
    int64_t rows = 0;
    uint32_t ndone = 0;
    for (uint32_t i = 0; i < up->nds; i++) {
        if (up->ds[i].state == ST_FAILED) failed = true;
        if (up->ds[i].state == ST_COMPLETED) ndone++, rows += up->ds[i].out_rows;
    }
    bool fatal = false;
    for (uint32_t i = 0; i < up->nds; i++)
        if (up->ds[i].state == ST_FAILED && !retryable(up->ds[i].error)) fatal = true;
    rt_notify(up, failed, fatal);
    ev_progress(up, up->canceled ? "CANCELED" : failed ? "FAILED" : "COMPLETED");
    if (eventlog_flush(up->log, &ferr)) {
        fprintf(stderr, "sluice: warning: event log: %s\n", ferr);
        free(ferr);
    }
    printf("Update %.8s %s: %u dataset%s updated, %lld rows written in %.2f s\n", up->update_id,
           up->canceled ? "CANCELED" : failed ? "FAILED" : "COMPLETED", ndone, ndone == 1 ? "" : "s", (long long)rows, now_s() - t0);
    return failed ? 1 : 0;
}

int pipeline_run(const cJSON *plan, const RunOptions *o) {
    Update up = {.plan = plan, .opt = o};
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(plan, "pipeline");
    const char *storage = o->storage ? o->storage : jstr(p, "storage");
    if (!storage) {
        fprintf(stderr, "sluice run: no storage location: pass --storage DIR or set \"storage\" in the settings\n");
        return 2;
    }
    up.storage = realpath(storage, NULL);
    if (!up.storage) {
        if (rt_mkdirs(storage)) {
            fprintf(stderr, "sluice run: cannot create storage '%s': %s\n", storage, strerror(errno));
            return 2;
        }
        up.storage = realpath(storage, NULL);
    }
    char *sys = rt_strdupf("%s/system", up.storage);
    rt_mkdirs(sys);
    free(sys);
    int lock_fd = -1;
    int lr = lock_storage(up.storage, &lock_fd);
    if (lr) {
        fprintf(stderr, lr > 0 ? "sluice run: another update is running on storage '%s'; wait for it "
                                 "to finish (one update at a time per storage location)\n"
                               : "sluice run: cannot lock storage '%s'\n", up.storage);
        free(up.storage);
        return lr > 0 ? 1 : 2;
    }
    up.pipeline_name = jstr(p, "name") ? jstr(p, "name") : "pipeline";
    up.schema = jstr(p, "schema") ? jstr(p, "schema") : "default";
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(p, "configuration");
    const char *ansi = conf ? jstr(conf, "spark.sql.ansi.enabled") : NULL;
    up.ansi = ansi && !strcasecmp(ansi, "true");
    const cJSON *dev = cJSON_GetObjectItemCaseSensitive(p, "development");
    up.development = o->development >= 0 ? o->development : !cJSON_IsFalse(dev);
    const char *retries = conf ? jstr(conf, "pipelines.maxFlowRetryAttempts") : NULL;
    up.max_retries = up.development ? 0 : retries ? atoi(retries) : 2;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    up.now_us = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
    char *id = rt_random_id();
    snprintf(up.update_id, sizeof up.update_id, "%s", id);
    free(id);
    pthread_mutex_init(&up.mu, NULL);
    char *err = NULL;
    int status;
    if (rt_plan_load(&up, plan, &err)) {
        fprintf(stderr, "sluice run: %s\n", err);
        status = 2;
    } else if (!(up.log = eventlog_open(up.storage, up.pipeline_name, up.update_id, &err))) {
        fprintf(stderr, "sluice run: cannot open the event log: %s\n", err);
        status = 2;
    } else
        status = run_update(&up, o);
    free(err);
    eventlog_close(up.log);
    rt_plan_free(&up);
    arena_free_all(&up.arena);
    pthread_mutex_destroy(&up.mu);
    free(up.storage);
    close(lock_fd);
    return status;
}
