/* The event log: a Delta table under <storage>/system/events with DLT's fields
 * (dlt-language.md 4.10). Events are buffered and committed in batches; each
 * flush is one atomic append, so a reader never sees half an event. */
#include "rt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

enum { EV_ID, EV_SEQ, EV_ORIGIN, EV_TS, EV_MSG, EV_LEVEL, EV_MATURITY, EV_ERROR, EV_TYPE,
       EV_DETAILS, EV_NCOLS };

static const char *const ev_names[EV_NCOLS] = {
    "id", "sequence", "origin", "timestamp", "message", "level", "maturity_level", "error",
    "event_type", "details",
};

typedef struct {
    char   *s[EV_NCOLS];  // strings (malloc'd); EV_TS unused
    int64_t ts_us;
} Event;

struct EventLog {
    char       *path;
    char       *pipeline_id;
    char       *pipeline_name;
    char       *update_id;
    int64_t     seq;
    Event      *ev;
    uint32_t    n, cap;
    pthread_mutex_t mu;
};

static int64_t now_us(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

static void make_schema(Schema *s) {
    schema_init(s);
    for (int i = 0; i < EV_NCOLS; i++)
        schema_add(s, ev_names[i], TYPE(i == EV_TS ? TY_TIMESTAMP : TY_STRING), true);
}

char *rt_random_id(void) {
    unsigned char b[16];
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(b, 1, sizeof b, f) != sizeof b) {
        uint64_t t = (uint64_t)now_us() ^ (uint64_t)getpid();
        for (int i = 0; i < 16; i++) b[i] = (unsigned char)(t >> (i % 8 * 8)) ^ (unsigned char)(i * 37);
    }
    if (f) fclose(f);
    b[6] = (b[6] & 0x0f) | 0x40, b[8] = (b[8] & 0x3f) | 0x80;
    return rt_strdupf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                      b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                      b[12], b[13], b[14], b[15]);
}

/* The pipeline id is made once per storage location and kept in system/pipeline_id. */
static char *pipeline_id(const char *storage) {
    char *p = rt_strdupf("%s/system/pipeline_id", storage);
    size_t n;
    char *id = read_file(p, &n);
    if (id && n >= 8) {
        while (n && (id[n - 1] == '\n' || id[n - 1] == ' ')) id[--n] = 0;
        free(p);
        return id;
    }
    free(id);
    id = rt_random_id();
    char *tmp = rt_strdupf("%s.tmp", p);
    FILE *f = fopen(tmp, "w");
    if (f) {
        fprintf(f, "%s\n", id);
        fclose(f);
        rename(tmp, p);
    }
    free(tmp);
    free(p);
    return id;
}

EventLog *eventlog_open(const char *storage, const char *pipeline_name, const char *update_id,
                        char **err) {
    EventLog *log = xcalloc(1, sizeof *log);
    log->path = rt_strdupf("%s/system/events", storage);
    log->pipeline_id = pipeline_id(storage);
    log->pipeline_name = xstrdup(pipeline_name);
    log->update_id = xstrdup(update_id);
    pthread_mutex_init(&log->mu, NULL);
    if (!store_exists(log->path)) {
        Schema s;
        make_schema(&s);
        StoreCreateOpts o = {.comment = "sluice pipeline event log"};
        int rc = store_create(log->path, &s, &o, err);
        schema_free(&s);
        if (rc && !store_exists(log->path)) {
            eventlog_close(log);
            return NULL;
        }
        free(*err), *err = NULL;
    }
    StoreTable *t = store_open(log->path, -1, err);
    if (!t) {
        eventlog_close(log);
        return NULL;
    }
    int64_t rows = store_num_rows(t);
    log->seq = rows > 0 ? rows : 0;
    store_close(t);
    return log;
}

void eventlog_add(EventLog *log, const char *level, const char *event_type,
                  const char *flow_or_dataset, const char *message, cJSON *details,
                  const char *error_message) {
    if (!log) {
        cJSON_Delete(details);
        return;
    }
    pthread_mutex_lock(&log->mu);
    if (log->n == log->cap) {
        log->cap = log->cap ? log->cap * 2 : 64;
        log->ev = xrealloc(log->ev, log->cap * sizeof *log->ev);
    }
    Event *e = &log->ev[log->n++];
    memset(e, 0, sizeof *e);
    e->ts_us = now_us();
    e->s[EV_ID] = rt_random_id();
    e->s[EV_SEQ] = rt_strdupf("{\"control_plane_seq_no\":%lld}", (long long)++log->seq);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "pipeline_id", log->pipeline_id);
    cJSON_AddStringToObject(o, "pipeline_name", log->pipeline_name);
    cJSON_AddStringToObject(o, "update_id", log->update_id);
    if (flow_or_dataset) {
        cJSON_AddStringToObject(o, "flow_name", flow_or_dataset);
        cJSON_AddStringToObject(o, "dataset_name", flow_or_dataset);
    }
    e->s[EV_ORIGIN] = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    e->s[EV_MSG] = xstrdup(message);
    e->s[EV_LEVEL] = xstrdup(level);
    e->s[EV_MATURITY] = xstrdup("STABLE");
    if (error_message) {
        cJSON *er = cJSON_CreateObject(), *ex = cJSON_AddArrayToObject(er, "exceptions");
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "class_name", "com.databricks.pipelines.FlowFailure");
        cJSON_AddStringToObject(x, "message", error_message);
        cJSON_AddItemToArray(ex, x);
        cJSON_AddBoolToObject(er, "fatal", false);
        e->s[EV_ERROR] = cJSON_PrintUnformatted(er);
        cJSON_Delete(er);
    }
    e->s[EV_TYPE] = xstrdup(event_type);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddItemToObject(d, event_type, details ? details : cJSON_CreateObject());
    e->s[EV_DETAILS] = cJSON_PrintUnformatted(d);
    cJSON_Delete(d);
    pthread_mutex_unlock(&log->mu);
}

int eventlog_flush(EventLog *log, char **err) {
    if (!log) return 0;
    pthread_mutex_lock(&log->mu);
    int rc = 0;
    if (log->n == 0) goto done;
    StoreTable *t = store_open(log->path, -1, err);
    StoreWrite *w = t ? store_write_begin(t, STORE_APPEND, err) : NULL;
    if (!w) {
        rc = -1;
        store_close(t);
        goto done;
    }
    Type types[EV_NCOLS];
    for (int i = 0; i < EV_NCOLS; i++) types[i] = TYPE(i == EV_TS ? TY_TIMESTAMP : TY_STRING);
    Batch *b = batch_new(types, EV_NCOLS);
    for (uint32_t k = 0; k < log->n && rc == 0;) {
        batch_reset(b);
        uint32_t r = 0;
        for (; k < log->n && r < BATCH_ROWS; k++, r++) {
            Event *e = &log->ev[k];
            for (int c = 0; c < EV_NCOLS; c++) {
                if (c == EV_TS) {
                    ((int64_t *)b->cols[c].data)[r] = e->ts_us;
                    continue;
                }
                if (!e->s[c]) {
                    vec_set_null(&b->cols[c], r);
                    continue;
                }
                ((Str *)b->cols[c].data)[r] = batch_str(b, e->s[c], (uint32_t)strlen(e->s[c]));
            }
        }
        b->nrows = r;
        if (store_write_batch(w, b, err)) rc = -1;
    }
    batch_free(b);
    int64_t v;
    if (rc == 0 && store_write_commit(w, "WRITE", &v, err) < 0) rc = -1;
    store_write_free(w);
    store_close(t);
    if (rc == 0) {
        for (uint32_t k = 0; k < log->n; k++)
            for (int c = 0; c < EV_NCOLS; c++) free(log->ev[k].s[c]);
        log->n = 0;
    }
done:
    pthread_mutex_unlock(&log->mu);
    return rc;
}

void eventlog_close(EventLog *log) {
    if (!log) return;
    for (uint32_t k = 0; k < log->n; k++)
        for (int c = 0; c < EV_NCOLS; c++) free(log->ev[k].s[c]);
    free(log->ev);
    free(log->path);
    free(log->pipeline_id);
    free(log->pipeline_name);
    free(log->update_id);
    pthread_mutex_destroy(&log->mu);
    free(log);
}
