/* Streaming progress per flow under <storage>/checkpoints/<flow>/: which files of
 * each input were read, which upstream table version was read last, and the batch
 * number committed with the data (Delta txn, storage-format.md 7.8). The next state
 * is written as `pending` before the table commit and promoted to `state` after it;
 * on load a pending state is promoted only if the table holds its batch. */
#include "rt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int rt_mkdirs(const char *path) {
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(p, 0777) && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

static char *flow_dir(const char *storage, const char *flow) {
    char *lower = xstrdup(flow);
    for (char *p = lower; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
        if (*p == '/' || *p == '.') *p = '_';
    }
    char *d = rt_strdupf("%s/checkpoints/%s", storage, lower);
    free(lower);
    return d;
}

static cJSON *read_json(const char *path) {
    char *t = read_file(path, NULL);
    cJSON *j = t ? cJSON_Parse(t) : NULL;
    free(t);
    return cJSON_IsObject(j) ? j : (cJSON_Delete(j), NULL);
}

static void apply(Checkpoint *c, cJSON *j) {
    cJSON_Delete(c->files);
    cJSON_Delete(c->versions);
    cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "batch");
    c->batch = cJSON_IsNumber(b) ? (int64_t)b->valuedouble : -1;
    c->files = cJSON_DetachItemFromObjectCaseSensitive(j, "files");
    c->versions = cJSON_DetachItemFromObjectCaseSensitive(j, "versions");
    c->once_done = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "once_done"));
    if (!cJSON_IsObject(c->files)) cJSON_Delete(c->files), c->files = cJSON_CreateObject();
    if (!cJSON_IsObject(c->versions)) cJSON_Delete(c->versions), c->versions = cJSON_CreateObject();
    cJSON_Delete(j);
}

int checkpoint_load(Checkpoint *c, const char *storage, const char *flow, char **err) {
    memset(c, 0, sizeof *c);
    c->dir = flow_dir(storage, flow);
    c->batch = -1;
    c->files = cJSON_CreateObject();
    c->versions = cJSON_CreateObject();
    if (rt_mkdirs(c->dir)) {
        *err = rt_strdupf("cannot create checkpoint folder '%s': %s", c->dir, strerror(errno));
        return -1;
    }
    char *state = rt_strdupf("%s/state.json", c->dir);
    cJSON *j = read_json(state);
    if (j) apply(c, j);
    free(state);
    return 0;
}

/* After a crash between the table commit and the promotion: the caller tells whether
 * the table holds batch `pending` (its txn version). */
int checkpoint_recover(Checkpoint *c, int64_t committed_batch, char **err) {
    char *pending = rt_strdupf("%s/pending.json", c->dir);
    cJSON *j = read_json(pending);
    int rc = 0;
    if (j) {
        cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "batch");
        int64_t pb = cJSON_IsNumber(b) ? (int64_t)b->valuedouble : -1;
        if (pb >= 0 && committed_batch >= pb) {
            apply(c, j);
            rc = checkpoint_promote(c, err);
        } else {
            cJSON_Delete(j);
            unlink(pending);
        }
    }
    free(pending);
    return rc;
}

static int write_atomic(const char *path, const cJSON *j, char **err) {
    char *tmp = rt_strdupf("%s.tmp", path);
    char *text = cJSON_PrintUnformatted(j);
    FILE *f = fopen(tmp, "w");
    int rc = 0;
    if (!f || fputs(text, f) < 0 || fflush(f) || fsync(fileno(f)) || fclose(f)) {
        if (f) fclose(f);
        *err = rt_strdupf("cannot write checkpoint '%s': %s", tmp, strerror(errno));
        rc = -1;
    } else if (rename(tmp, path)) {
        *err = rt_strdupf("cannot write checkpoint '%s': %s", path, strerror(errno));
        rc = -1;
    }
    free(text);
    free(tmp);
    return rc;
}

static cJSON *to_json(const Checkpoint *c) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "batch", (double)c->batch);
    cJSON_AddItemToObject(j, "files", cJSON_Duplicate(c->files, true));
    cJSON_AddItemToObject(j, "versions", cJSON_Duplicate(c->versions, true));
    cJSON_AddBoolToObject(j, "once_done", c->once_done);
    return j;
}

int checkpoint_write_pending(Checkpoint *c, char **err) {
    char *p = rt_strdupf("%s/pending.json", c->dir);
    cJSON *j = to_json(c);
    int rc = write_atomic(p, j, err);
    cJSON_Delete(j);
    free(p);
    return rc;
}

int checkpoint_promote(Checkpoint *c, char **err) {
    char *p = rt_strdupf("%s/state.json", c->dir), *pending = rt_strdupf("%s/pending.json", c->dir);
    cJSON *j = to_json(c);
    int rc = write_atomic(p, j, err);
    if (rc == 0) unlink(pending);
    cJSON_Delete(j);
    free(p);
    free(pending);
    return rc;
}

void checkpoint_clear(const char *storage, const char *flow) {
    char *d = flow_dir(storage, flow);
    char *a = rt_strdupf("%s/state.json", d), *b = rt_strdupf("%s/pending.json", d);
    unlink(a);
    unlink(b);
    free(a), free(b), free(d);
}

void checkpoint_free(Checkpoint *c) {
    free(c->dir);
    cJSON_Delete(c->files);
    cJSON_Delete(c->versions);
    memset(c, 0, sizeof *c);
}

bool checkpoint_has_file(const Checkpoint *c, const char *input, const char *path) {
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(c->files, input), *x;
    cJSON_ArrayForEach(x, arr) if (cJSON_IsString(x) && !strcmp(x->valuestring, path)) return true;
    return false;
}

void checkpoint_add_file(Checkpoint *c, const char *input, const char *path) {
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(c->files, input);
    if (!arr) arr = cJSON_AddArrayToObject(c->files, input);
    cJSON_AddItemToArray(arr, cJSON_CreateString(path));
}

int64_t checkpoint_version(const Checkpoint *c, const char *dataset) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->versions, dataset);
    return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : -1;
}

void checkpoint_set_version(Checkpoint *c, const char *dataset, int64_t v) {
    cJSON_DeleteItemFromObjectCaseSensitive(c->versions, dataset);
    cJSON_AddNumberToObject(c->versions, dataset, (double)v);
}
