/* The plan file as the runtime sees it: datasets, flows and inputs of a
 * `sluice-plan` (docs/plan-format.md) loaded into the Update, queries through
 * plan_load. Every field is checked: a malformed plan is an error, not a crash. */
#include "rt_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *rt_strdupf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static const char *jstr(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool jbool(const cJSON *o, const char *key, bool dflt) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

int rt_schema_from_json(const cJSON *j, Schema *out, Arena *a, char **err) {
    schema_init(out);
    const cJSON *c;
    if (!cJSON_IsArray(j)) {
        *err = rt_strdupf("plan: a schema is not an array");
        return -1;
    }
    cJSON_ArrayForEach(c, j) {
        const char *name = jstr(c, "name"), *type = jstr(c, "type");
        Type t;
        if (!name || !type || !plan_parse_type(type, a, &t)) {
            *err = rt_strdupf("plan: bad schema column '%s' of type '%s'", name ? name : "?",
                              type ? type : "?");
            schema_free(out);
            return -1;
        }
        schema_add(out, name, t, jbool(c, "nullable", true));
    }
    return 0;
}

RtDataset *rt_dataset(Update *up, const char *name) {
    for (uint32_t i = 0; i < up->nds; i++)
        if (!strcasecmp(up->ds[i].name, name)) return &up->ds[i];
    return NULL;
}

RtInput *rt_input(Update *up, const char *id) {
    for (uint32_t i = 0; i < up->ninputs; i++)
        if (!strcmp(up->inputs[i].id, id)) return &up->inputs[i];
    return NULL;
}

char *pipeline_table_path(const char *storage, const char *schema, const char *name,
                          bool is_private) {
    char *lower = xstrdup(name);
    for (char *p = lower; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    char *ls = xstrdup(schema && *schema ? schema : "default");
    for (char *p = ls; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    char *path = rt_strdupf("%s/%s/%s/%s", storage, is_private ? "private" : "tables", ls, lower);
    free(ls);
    free(lower);
    return path;
}

static int load_dataset(Update *up, const cJSON *j, RtDataset *d, char **err) {
    d->name = jstr(j, "name");
    const char *kind = jstr(j, "kind");
    if (!d->name || !kind) {
        *err = rt_strdupf("plan: a dataset has no name or kind");
        return -1;
    }
    if (!strcmp(kind, "streaming_table")) d->kind = RK_ST;
    else if (!strcmp(kind, "materialized_view")) d->kind = RK_MV;
    else if (!strcmp(kind, "view")) d->kind = RK_VIEW;
    else if (!strcmp(kind, "persisted_view")) d->kind = RK_PVIEW;
    else {
        *err = rt_strdupf("plan: dataset '%s' has unknown kind '%s'", d->name, kind);
        return -1;
    }
    d->is_private = jbool(j, "private", false);
    d->comment = jstr(j, "comment");
    d->props = cJSON_GetObjectItemCaseSensitive(j, "properties");
    d->runnable = jbool(j, "runnable", true);
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(j, "opaque");
    d->opaque_reason = cJSON_IsObject(op) ? jstr(op, "reason") : NULL;
    const char *reset = d->props ? jstr(d->props, "pipelines.reset.allowed") : NULL;
    d->reset_allowed = !reset || strcasecmp(reset, "false") != 0;
    const cJSON *sch = cJSON_GetObjectItemCaseSensitive(j, "schema");
    if (cJSON_IsArray(sch)) {
        if (rt_schema_from_json(sch, &d->schema, &up->arena, err)) return -1;
        d->has_schema = true;
    }
    const cJSON *exps = cJSON_GetObjectItemCaseSensitive(j, "expectations"), *e;
    d->nexps = (uint32_t)cJSON_GetArraySize(exps);
    d->exps = arena_alloc(&up->arena, (d->nexps + 1) * sizeof *d->exps);
    d->exp_passed = arena_alloc(&up->arena, (d->nexps + 1) * sizeof *d->exp_passed);
    d->exp_failed = arena_alloc(&up->arena, (d->nexps + 1) * sizeof *d->exp_failed);
    uint32_t k = 0;
    cJSON_ArrayForEach(e, exps) {
        RtExpectation *x = &d->exps[k++];
        x->name = jstr(e, "name");
        x->sql = jstr(e, "sql");
        const char *act = jstr(e, "action");
        x->action = act && !strcmp(act, "drop") ? RA_DROP : act && !strcmp(act, "fail") ? RA_FAIL : RA_WARN;
        x->expr = plan_load_expr(cJSON_GetObjectItemCaseSensitive(e, "expr"), &up->arena, err);
        if (!x->name || !x->expr) {
            if (!*err) *err = rt_strdupf("plan: bad expectation on '%s'", d->name);
            return -1;
        }
    }
    ExecCheck *checks = arena_alloc(&up->arena, (d->nexps + 1) * sizeof *checks);
    for (uint32_t i = 0; i < d->nexps; i++) {
        const RtExpectation *x = &d->exps[i];
        checks[i] = (ExecCheck){x->name,
                                x->action == RA_DROP   ? EXEC_CHECK_DROP
                                : x->action == RA_FAIL ? EXEC_CHECK_FAIL
                                                       : EXEC_CHECK_WARN,
                                x->expr, &d->exp_passed[i], &d->exp_failed[i]};
    }
    const char **names = arena_alloc(&up->arena, (d->schema.ncols + 1) * sizeof *names);
    for (uint32_t i = 0; i < d->schema.ncols; i++) names[i] = d->schema.cols[i].name;
    d->checks = (ExecChecks){d->name, names, checks, d->nexps, NULL};
    const cJSON *reads = cJSON_GetObjectItemCaseSensitive(j, "reads"), *r;
    d->reads = arena_alloc(&up->arena, ((size_t)cJSON_GetArraySize(reads) + 1) * sizeof *d->reads);
    cJSON_ArrayForEach(r, reads) if (cJSON_IsString(r)) d->reads[d->nreads++] = r->valuestring;
    if (d->kind != RK_VIEW) {
        char *p = pipeline_table_path(up->storage, up->schema, d->name, d->is_private);
        d->path = arena_strdup(&up->arena, p);
        free(p);
    }
    return 0;
}

static int load_flow(Update *up, const cJSON *j, RtFlow *f, char **err) {
    f->name = jstr(j, "name");
    const char *target = jstr(j, "target"), *kind = jstr(j, "kind");
    if (!f->name || !target || !kind) {
        *err = rt_strdupf("plan: a flow has no name, target or kind");
        return -1;
    }
    f->target = rt_dataset(up, target);
    if (!f->target) {
        *err = rt_strdupf("plan: flow '%s' targets unknown dataset '%s'", f->name, target);
        return -1;
    }
    f->kind = !strcmp(kind, "append") ? RF_APPEND : !strcmp(kind, "complete") ? RF_COMPLETE
            : !strcmp(kind, "once") ? RF_ONCE : !strcmp(kind, "cdc") ? RF_CDC : (RtFlowKind)-1;
    if ((int)f->kind < 0) {
        *err = rt_strdupf("plan: flow '%s' has unknown kind '%s'", f->name, kind);
        return -1;
    }
    f->streaming = jbool(j, "streaming", false);
    f->loc = jstr(j, "loc");
    f->cdc = cJSON_GetObjectItemCaseSensitive(j, "cdc");
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(j, "spark_conf");
    const char *ansi = conf ? jstr(conf, "spark.sql.ansi.enabled") : NULL;
    f->ansi = ansi ? !strcasecmp(ansi, "true") : up->ansi;
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(j, "query");
    if (q && !cJSON_IsNull(q)) {
        f->query = plan_load_rel(q, &up->arena, err);
        if (!f->query) {
            char *inner = *err;
            *err = rt_strdupf("plan: flow '%s': %s", f->name, inner ? inner : "bad query");
            free(inner);
            return -1;
        }
    }
    RtDataset *t = f->target;
    t->flows = arena_realloc(&up->arena, t->flows, t->nflows * sizeof *t->flows,
                             (t->nflows + 1) * sizeof *t->flows);
    t->flows[t->nflows++] = f;
    return 0;
}

static int load_input(Update *up, const cJSON *j, RtInput *in, char **err) {
    in->id = jstr(j, "id");
    in->kind = jstr(j, "kind");
    if (!in->id || !in->kind) {
        *err = rt_strdupf("plan: an input has no id or kind");
        return -1;
    }
    in->path = jstr(j, "path");
    in->name = jstr(j, "name");
    in->format = jstr(j, "format");
    in->options = cJSON_GetObjectItemCaseSensitive(j, "options");
    in->streaming = jbool(j, "streaming", false);
    const cJSON *sch = cJSON_GetObjectItemCaseSensitive(j, "schema");
    if (cJSON_IsArray(sch)) {
        if (rt_schema_from_json(sch, &in->schema, &up->arena, err)) return -1;
        in->has_schema = true;
    }
    return 0;
}

int rt_plan_load(Update *up, const cJSON *plan, char **err) {
    const char *format = jstr(plan, "format");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(plan, "version");
    if (!format || strcmp(format, "sluice-plan") != 0) {
        *err = rt_strdupf("not a sluice plan file (format is not \"sluice-plan\")");
        return -1;
    }
    if (!cJSON_IsNumber(ver) || ver->valueint != 1) {
        *err = rt_strdupf("plan version %d is not supported by this sluice (it runs version 1): "
                          "compile the pipeline again", cJSON_IsNumber(ver) ? ver->valueint : -1);
        return -1;
    }
    const cJSON *ds = cJSON_GetObjectItemCaseSensitive(plan, "datasets");
    const cJSON *fl = cJSON_GetObjectItemCaseSensitive(plan, "flows");
    const cJSON *ins = cJSON_GetObjectItemCaseSensitive(plan, "inputs"), *x;
    up->nds = (uint32_t)cJSON_GetArraySize(ds);
    up->ds = arena_alloc(&up->arena, (up->nds + 1) * sizeof *up->ds);
    uint32_t i = 0;
    cJSON_ArrayForEach(x, ds) if (load_dataset(up, x, &up->ds[i++], err)) return -1;
    up->ninputs = (uint32_t)cJSON_GetArraySize(ins);
    up->inputs = arena_alloc(&up->arena, (up->ninputs + 1) * sizeof *up->inputs);
    i = 0;
    cJSON_ArrayForEach(x, ins) if (load_input(up, x, &up->inputs[i++], err)) return -1;
    up->nflows = (uint32_t)cJSON_GetArraySize(fl);
    up->flows = arena_alloc(&up->arena, (up->nflows + 1) * sizeof *up->flows);
    i = 0;
    cJSON_ArrayForEach(x, fl) if (load_flow(up, x, &up->flows[i++], err)) return -1;
    return 0;
}

void rt_plan_free(Update *up) {
    for (uint32_t i = 0; i < up->nds; i++) {
        schema_free(&up->ds[i].schema);
        free(up->ds[i].error);
    }
    for (uint32_t i = 0; i < up->ninputs; i++) schema_free(&up->inputs[i].schema);
}
