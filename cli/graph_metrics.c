/* The last update's metrics for `sluice graph --format html`: read the event log of the
 * pipeline's storage and attach to each dataset of the plan a "last_update" object
 * {"update", "status", "rows"} that the graph page shows under the node. */
#include "cli.h"

#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *str_at(const cJSON *o, const char *a, const char *b) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b) v = cJSON_GetObjectItemCaseSensitive(v, b);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

void graph_attach_metrics(cJSON *plan, const char *storage) {
    char *path = NULL, *err = NULL;
    if (!storage || asprintf(&path, "%s/system/events", storage) < 0) return;
    cJSON **ev = NULL;
    uint32_t n = 0;
    if (pipeline_read_events(path, &ev, &n, &err)) n = 0;
    const char *last = NULL;
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(str_at(ev[i], "event_type", NULL) ? str_at(ev[i], "event_type", NULL) : "", "create_update"))
            last = str_at(ev[i], "origin", "update_id");
    const cJSON *dss = cJSON_GetObjectItemCaseSensitive(plan, "datasets");
    cJSON *ds;
    for (uint32_t i = 0; last && i < n; i++) {
        const char *type = str_at(ev[i], "event_type", NULL), *upd = str_at(ev[i], "origin", "update_id");
        if (!type || strcmp(type, "flow_progress") || !upd || strcmp(upd, last)) continue;
        const cJSON *fp = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(ev[i], "details"), "flow_progress");
        const char *status = str_at(fp, "status", NULL), *name = str_at(ev[i], "origin", "dataset_name");
        if (!status || !name || !strcmp(status, "QUEUED") || !strcmp(status, "STARTING") || !strcmp(status, "RUNNING"))
            continue;
        const cJSON *rows = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(fp, "metrics"), "num_output_rows");
        cJSON_ArrayForEach(ds, dss) {
            const char *dn = str_at(ds, "name", NULL);
            if (!dn || strcasecmp(dn, name)) continue;
            cJSON_DeleteItemFromObjectCaseSensitive(ds, "last_update");
            cJSON *m = cJSON_AddObjectToObject(ds, "last_update");
            cJSON_AddStringToObject(m, "update", last);
            cJSON_AddStringToObject(m, "status", status);
            if (cJSON_IsNumber(rows)) cJSON_AddNumberToObject(m, "rows", rows->valuedouble);
        }
    }
    for (uint32_t i = 0; i < n; i++) cJSON_Delete(ev[i]);
    free(ev);
    free(err);
    free(path);
}
