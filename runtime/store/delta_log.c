/* Listing _delta_log (storage-format.md 7.1): commit versions and checkpoints,
 * taking only the exact file-name forms and ignoring everything else (.crc,
 * temporary files, compacted logs, v2 sidecars). */
#include "delta_log.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool digits(const char *s, int n) {
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static int64_t num(const char *s, int n) {
    int64_t v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void add_part(DeltaLogListing *l, int64_t version, uint32_t part, uint32_t nparts,
                     const char *name) {
    DeltaCheckpointRef *r = NULL;
    for (size_t i = 0; i < l->checkpoints.len; i++)
        if (l->checkpoints.items[i].version == version &&
            l->checkpoints.items[i].nparts == nparts)
            r = &l->checkpoints.items[i];
    if (!r) {
        DeltaCheckpointRef nr = {.version = version, .nparts = nparts};
        nr.names = xcalloc(nparts, sizeof *nr.names);
        VEC_PUSH(l->checkpoints, nr);
        r = &l->checkpoints.items[l->checkpoints.len - 1];
    }
    if (part >= 1 && part <= nparts && !r->names[part - 1]) {
        r->names[part - 1] = xstrdup(name);
        r->nfound++;
    }
}

static void classify(DeltaLogListing *l, const char *name) {
    size_t n = strlen(name);
    if (n < 21 || !digits(name, 20) || name[20] != '.') return;
    int64_t v = num(name, 20);
    const char *rest = name + 21;
    if (strcmp(rest, "json") == 0) {
        VEC_PUSH(l->commits, v);
    } else if (strcmp(rest, "checkpoint.parquet") == 0) {
        add_part(l, v, 1, 1, name);
    } else if (strlen(rest) == 40 && strncmp(rest, "checkpoint.", 11) == 0 &&
               digits(rest + 11, 10) && rest[21] == '.' && digits(rest + 22, 10) &&
               strcmp(rest + 32, ".parquet") == 0) {
        int64_t part = num(rest + 11, 10), nparts = num(rest + 22, 10);
        if (nparts >= 1 && nparts <= 100000 && part >= 1 && part <= nparts)
            add_part(l, v, (uint32_t)part, (uint32_t)nparts, name);
    }
    // UUID-named (v2) checkpoints need sidecar support; they are skipped, so a table
    // that has only those and no JSON fails with "log is missing version N".
}

int delta_log_list(const char *table, DeltaLogListing *out, char **err) {
    memset(out, 0, sizeof *out);
    StrBuf p = {0};
    sb_printf(&p, "%s/_delta_log", table);
    DIR *d = opendir(sb_cstr(&p));
    if (!d) {
        *err = delta_errorf("%s is not a Delta table: cannot open %s: %s", table, p.ptr,
                            strerror(errno));
        sb_free(&p);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) classify(out, e->d_name);
    closedir(d);
    sb_free(&p);
    if (out->commits.len)
        qsort(out->commits.items, out->commits.len, sizeof *out->commits.items, cmp_i64);
    return 0;
}

void delta_log_listing_free(DeltaLogListing *l) {
    for (size_t i = 0; i < l->checkpoints.len; i++) {
        for (uint32_t k = 0; k < l->checkpoints.items[i].nparts; k++)
            free(l->checkpoints.items[i].names[k]);
        free(l->checkpoints.items[i].names);
    }
    free(l->checkpoints.items);
    free(l->commits.items);
    memset(l, 0, sizeof *l);
}

bool delta_log_has_commit(const DeltaLogListing *l, int64_t v) {
    size_t lo = 0, hi = l->commits.len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->commits.items[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return lo < l->commits.len && l->commits.items[lo] == v;
}

char *delta_commit_path(const char *table, int64_t version) {
    StrBuf b = {0};
    sb_printf(&b, "%s/_delta_log/%020lld.json", table, (long long)version);
    return sb_take(&b);
}

int delta_log_range(const char *table, int64_t *first, int64_t *last, char **err) {
    DeltaLogListing l;
    if (delta_log_list(table, &l, err)) return -1;
    *first = l.commits.len ? l.commits.items[0] : -1;
    *last = l.commits.len ? l.commits.items[l.commits.len - 1] : -1;
    delta_log_listing_free(&l);
    return 0;
}
