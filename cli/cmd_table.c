/* sluice history TABLE and sluice vacuum TABLE [--retain HOURS]: the Delta log's
 * history of a table of the store (DESCRIBE HISTORY) and removal of data files the
 * current version no longer references (VACUUM; default retention 168 hours, as Delta).
 * TABLE is `name` (in the settings' schema) or `schema.name`. */
#include "cli.h"

#include "args.h"
#include "pipeline.h"
#include "planner.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *table_path(int argc, char **argv, const char **table, double *retain_h, int *status) {
    const char *storage = NULL, *settings = NULL, *schema = NULL;
    *table = NULL;
    for (int i = 1; i < argc && !*status; i++) {
        const char *v;
        if (args_option(argc, argv, &i, "--storage", &v)) storage = v;
        else if (args_option(argc, argv, &i, "--settings", &v)) settings = v;
        else if (retain_h && args_option(argc, argv, &i, "--retain", &v)) *retain_h = v ? atof(v) : -1;
        else if (argv[i][0] != '-' && !*table) { *table = argv[i]; continue; }
        else { *status = 2; break; }
        if (!v) *status = 2;
    }
    if (*status || !*table || (retain_h && *retain_h < 0)) {
        fprintf(stderr, "usage: sluice %s TABLE [--storage DIR | --settings F]%s\n", argv[0],
                retain_h ? " [--retain HOURS]" : "");
        *status = 2;
        return NULL;
    }
    Settings s;
    settings_init(&s);
    SourceSet src;
    src_init(&src);
    Diags d;
    diag_init(&d);
    if (settings && !settings_load(&s, settings, &src, &d)) *status = 2;
    diag_print(&d, &src, stderr);
    if (!storage) storage = s.storage;
    schema = s.schema;
    char *path = NULL;
    if (!*status && !storage) {
        fprintf(stderr, "sluice %s: no store: pass --storage DIR or --settings FILE\n", argv[0]);
        *status = 2;
    } else if (!*status) {
        const char *dot = strrchr(*table, '.');
        char *sch = dot ? strndup(*table, (size_t)(dot - *table)) : strdup(schema ? schema : "default");
        path = pipeline_table_path(storage, sch, dot ? dot + 1 : *table, false);
        free(sch);
    }
    diag_free(&d);
    src_free(&src);
    settings_free(&s);
    return path;
}

int cmd_history(int argc, char **argv) {
    const char *table;
    int status = 0;
    char *path = table_path(argc, argv, &table, NULL, &status);
    StoreHistoryEntry *h = NULL;
    uint32_t n = 0;
    char *err = NULL;
    if (!status && store_history(path, &h, &n, &err)) {
        fprintf(stderr, "sluice history: %s\n", err);
        status = 1;
    }
    if (!status) printf("%-8s %-24s %-20s %s\n", "version", "timestamp", "operation", "operationMetrics");
    for (uint32_t i = 0; i < n; i++) {
        char ts[32] = "";
        if (h[i].timestamp >= 0) {
            time_t t = (time_t)(h[i].timestamp / 1000);
            struct tm tm;
            gmtime_r(&t, &tm);
            strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
        }
        printf("%-8lld %-24s %-20s %s\n", (long long)h[i].version, ts, h[i].operation, h[i].metrics_json);
    }
    store_history_free(h, n);
    free(err);
    free(path);
    return status;
}

int cmd_vacuum(int argc, char **argv) {
    const char *table;
    double hours = 168;
    int status = 0;
    char *path = table_path(argc, argv, &table, &hours, &status);
    uint32_t deleted = 0;
    char *err = NULL;
    if (!status && store_vacuum(path, (int64_t)(hours * 3600e3), &deleted, &err)) {
        fprintf(stderr, "sluice vacuum: %s\n", err);
        status = 1;
    }
    if (!status) printf("vacuum %s: %u unreferenced file%s deleted\n", table, deleted, deleted == 1 ? "" : "s");
    free(err);
    free(path);
    return status;
}
