/* sluice events [--settings F | --storage DIR] [--update ID] [--format table|json]:
 * print the pipeline event log (the Delta table <storage>/system/events), oldest
 * first; json prints one object per line with the JSON-text fields expanded. */
#include "cli.h"

#include "args.h"
#include "pipeline.h"
#include "planner.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *origin_str(const cJSON *e, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(e, "origin"), key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

int cmd_events(int argc, char **argv) {
    const char *storage = NULL, *settings = NULL, *update = NULL, *format = "table";
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (args_option(argc, argv, &i, "--storage", &v)) storage = v;
        else if (args_option(argc, argv, &i, "--settings", &v)) settings = v;
        else if (args_option(argc, argv, &i, "--update", &v)) update = v;
        else if (args_option(argc, argv, &i, "--format", &v)) format = v;
        else {
            fprintf(stderr, "usage: sluice events [--settings F | --storage DIR] [--update ID] [--format table|json]\n");
            return 2;
        }
        if (!v) return 2;
    }
    Settings s;
    settings_init(&s);
    SourceSet src;
    src_init(&src);
    Diags d;
    diag_init(&d);
    int status = 0;
    if (!storage && settings) {
        if (!settings_load(&s, settings, &src, &d)) status = 2;
        storage = s.storage;
    }
    diag_print(&d, &src, stderr);
    if (!status && !storage) {
        fprintf(stderr, "sluice events: no storage location: pass --storage DIR or --settings FILE\n");
        status = 2;
    }
    if (!status && strcmp(format, "table") && strcmp(format, "json")) {
        fprintf(stderr, "sluice events: unknown format '%s' (table or json)\n", format);
        status = 2;
    }
    cJSON **ev = NULL;
    uint32_t n = 0;
    if (!status) {
        char *path = NULL, *err = NULL;
        if (asprintf(&path, "%s/system/events", storage) < 0) path = NULL;
        if (!path || pipeline_read_events(path, &ev, &n, &err)) {
            fprintf(stderr, "sluice events: %s\n", err ? err : "cannot read the event log");
            status = 2;
        }
        free(path);
        free(err);
    }
    for (uint32_t i = 0; i < n; i++) {
        if (update && strncmp(origin_str(ev[i], "update_id"), update, strlen(update))) continue;
        if (!strcmp(format, "json")) {
            char *t = cJSON_PrintUnformatted(ev[i]);
            puts(t);
            free(t);
            continue;
        }
        const cJSON *ts = cJSON_GetObjectItemCaseSensitive(ev[i], "timestamp");
        const cJSON *lv = cJSON_GetObjectItemCaseSensitive(ev[i], "level");
        const cJSON *ty = cJSON_GetObjectItemCaseSensitive(ev[i], "event_type");
        const cJSON *msg = cJSON_GetObjectItemCaseSensitive(ev[i], "message");
        printf("%-26s %-7s %-18s %s\n", cJSON_IsString(ts) ? ts->valuestring : "",
               cJSON_IsString(lv) ? lv->valuestring : "", cJSON_IsString(ty) ? ty->valuestring : "",
               cJSON_IsString(msg) ? msg->valuestring : "");
    }
    for (uint32_t i = 0; i < n; i++) cJSON_Delete(ev[i]);
    free(ev);
    diag_free(&d);
    src_free(&src);
    settings_free(&s);
    return status;
}
