/* Reading the event log back (sluice events): every event of <storage>/system/events
 * as a JSON object, the JSON-text fields (sequence, origin, error, details) parsed,
 * ordered by sequence number. */
#include "rt_internal.h"

#include <stdlib.h>
#include <string.h>

static int cmp_seq(const void *a, const void *b) {
    const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
    const cJSON *sx = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(x, "sequence"), "control_plane_seq_no");
    const cJSON *sy = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(y, "sequence"), "control_plane_seq_no");
    double dx = cJSON_IsNumber(sx) ? sx->valuedouble : 0, dy = cJSON_IsNumber(sy) ? sy->valuedouble : 0;
    return dx < dy ? -1 : dx > dy;
}

/* Read every event as a JSON object (JSON-text columns parsed). */
int pipeline_read_events(const char *path, cJSON ***out, uint32_t *n, char **err) {
    StoreTable *t = store_open(path, -1, err);
    if (!t) return -1;
    const Schema *s = store_schema(t);
    StoreScan *sc = store_scan_open(t, NULL, 0, NULL, 0, err);
    if (!sc) {
        store_close(t);
        return -1;
    }
    Type *types = xmalloc(s->ncols * sizeof *types);
    for (uint32_t c = 0; c < s->ncols; c++) types[c] = s->cols[c].type;
    Batch *b = batch_new(types, s->ncols);
    free(types);
    int rc;
    StrBuf v = {0};
    while ((rc = store_scan_next(sc, b, err)) == 1) {
        for (uint32_t k = 0; k < batch_live(b); k++) {
            uint32_t r = batch_row(b, k);
            cJSON *o = cJSON_CreateObject();
            for (uint32_t c = 0; c < s->ncols; c++) {
                if (vec_is_null(&b->cols[c], r)) {
                    cJSON_AddNullToObject(o, s->cols[c].name);
                    continue;
                }
                sb_reset(&v);
                value_format(&b->cols[c], r, &v);
                const char *nm = s->cols[c].name;
                cJSON *parsed = NULL;
                if (!strcmp(nm, "sequence") || !strcmp(nm, "origin") || !strcmp(nm, "error") ||
                    !strcmp(nm, "details"))
                    parsed = cJSON_Parse(sb_cstr(&v));
                cJSON_AddItemToObject(o, nm, parsed ? parsed : cJSON_CreateString(sb_cstr(&v)));
            }
            *out = xrealloc(*out, (*n + 1) * sizeof **out);
            (*out)[(*n)++] = o;
        }
    }
    sb_free(&v);
    batch_free(b);
    store_scan_close(sc);
    store_close(t);
    if (rc < 0) return -1;
    qsort(*out, *n, sizeof **out, cmp_seq);
    return 0;
}

