/* Fingerprints of what a dataset reads from outside the pipeline: for file inputs the
 * listing (path, size, modification time of every file), for external tables their
 * current version. A continuous run recomputes a materialized view when its
 * fingerprint changed, as it does when an upstream dataset produced rows. */
#include "rt_internal.h"

#include "filesrc.h"

#include <stdlib.h>
#include <string.h>

static uint64_t mix(uint64_t h, uint64_t x) {
    h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

static uint64_t mix_str(uint64_t h, const char *s) {
    for (; s && *s; s++) h = mix(h, (unsigned char)*s);
    return mix(h, 0);
}

static uint64_t files_fp(const RtInput *in, uint64_t h) {
    SrcOpts opts = {0};
    const cJSON *o;
    cJSON_ArrayForEach(o, in->options) if (cJSON_IsString(o)) filesrc_opts_set(&opts, o->string, o->valuestring);
    SrcFileList l = {0};
    char *err = NULL;
    if (filesrc_list(in->path, &opts, &l, &err)) {
        free(err);  // a missing path reads as an empty listing; the run reports the error
        h = mix(h, 1);
    }
    for (uint32_t i = 0; i < l.n; i++) {
        h = mix_str(h, l.items[i].path);
        h = mix(mix(h, (uint64_t)l.items[i].size), (uint64_t)l.items[i].mtime_us);
    }
    filesrc_list_free(&l);
    filesrc_opts_free(&opts);
    return h;
}

static uint64_t table_fp(Update *up, const char *name, uint64_t h) {
    char *path = rt_table_path(up, name), *err = NULL;
    StoreTable *t = store_exists(path) ? store_open(path, -1, &err) : NULL;
    h = mix(mix_str(h, name), t ? (uint64_t)store_version(t) : UINT64_MAX);
    store_close(t);
    free(err);
    free(path);
    return h;
}

static uint64_t node_fp(Update *up, const PlanNode *n, uint64_t h, int depth);

static uint64_t expr_fp(Update *up, const PlanExpr *e, uint64_t h, int depth) {
    if (!e || depth > 200) return h;
    if (e->kind == PX_SUBQUERY && e->subquery) h = node_fp(up, e->subquery, h, depth + 1);
    for (int i = 0; i < e->nargs; i++) h = expr_fp(up, e->args[i], h, depth + 1);
    return h;
}

static uint64_t node_fp(Update *up, const PlanNode *n, uint64_t h, int depth) {
    if (!n || depth > 200) return h;
    if (n->kind == PN_SCAN_INPUT && n->name) {
        const RtInput *in = rt_input(up, n->name);
        if (in && in->kind && !strcmp(in->kind, "files")) h = files_fp(in, mix_str(h, in->id));
        else if (in && in->kind && !strcmp(in->kind, "table") && in->name)
            h = table_fp(up, in->name, h);
    } else if (n->kind == PN_SCAN_TABLE && n->name) {
        h = table_fp(up, n->name, h);
    }
    for (int i = 0; i < n->ninputs; i++) h = node_fp(up, n->inputs[i], h, depth + 1);
    h = expr_fp(up, n->cond, h, depth + 1);
    for (int i = 0; i < n->nexprs; i++) h = expr_fp(up, n->exprs[i], h, depth + 1);
    return h;
}

uint64_t rt_inputs_fingerprint(Update *up, const RtDataset *d) {
    uint64_t h = 0;
    for (uint32_t k = 0; k < d->nflows; k++)
        if (d->flows[k]->query) h = node_fp(up, d->flows[k]->query, h, 0);
    return h;
}
