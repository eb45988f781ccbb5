/* The plan file (docs/plan-format.md): plan_build runs the planner passes over the IR
 * (resolve, order, bind + schema in dependency order, checks) and assembles the
 * deterministic cJSON document; file inputs are sampled through runtime/filesrc.h;
 * plan_read loads a plan file and refuses a wrong format or version. */
#include "plan_int.h"

#include "filesrc.h"

#include <stdlib.h>
#include <string.h>

const char *plan_loc(Planner *P, SrcLoc at) {
    if (!at.file) return "";
    uint32_t file, off, end, line, col;
    src_resolve(P->src, at, &file, &off, &end);
    src_line_col(P->src, file, off, &line, &col);
    const SourceBuf *b = src_buf(P->src, file);
    return arena_printf(P->a, "%s:%u:%u", b && b->path ? b->path : "?", line, col);
}

/* ---------------------------------------------------------------- inputs */

static Type bcol_type_from(const Column *c) { return c->type; }

/* A glob whose fixed prefix is the root would walk the whole file system at compile
 * time: such an input is bound at run time instead. */
static bool glob_from_root(const char *path) {
    size_t fixed = strcspn(path, "*?[{");
    if (!path[fixed]) return false;
    const char *last = NULL;
    for (const char *p = path; p < path + fixed; p++)
        if (*p == '/') last = p;
    return last == path;
}

cJSON *plan_input_files(Planner *P, IrRel *r, BCol **cols, uint32_t *ncols, bool *unknown) {
    const char *path = settings_map_path(P->settings, r->path ? r->path : "");
    const char *fmt = r->format;
    if (!fmt) fmt = filesrc_format_name(filesrc_format_from_path(r->path ? r->path : ""));
    SrcOpts opts = {0};
    for (uint32_t i = 0; i < r->noptions; i++)
        filesrc_opts_set(&opts, r->options[i].key, r->options[i].value);
    if (r->auto_loader && !filesrc_opts_get(&opts, "inferColumnTypes"))
        filesrc_opts_set(&opts, "inferColumnTypes", "false");
    bool inferring = !filesrc_opts_get(&opts, "schema");
    if ((r->auto_loader || (!r->format || r->options)) && inferring && !filesrc_opts_get(&opts, "rescuedDataColumn") &&
        r->auto_loader)
        filesrc_opts_set(&opts, "rescuedDataColumn", "_rescued_data");
    /* Identical reads share one input. */
    StrBuf key = {0};
    sb_printf(&key, "%s|%s|%d|%d", path, fmt ? fmt : "", r->streaming, r->auto_loader);
    for (uint32_t i = 0; i < opts.n; i++) sb_printf(&key, "|%s=%s", opts.items[i].key, opts.items[i].val);
    const char *k = arena_strdup(P->a, sb_cstr(&key));
    sb_free(&key);
    cJSON *input = hm_get(&P->input_by_key, k);
    if (!input) {
        input = cJSON_CreateObject();
        cJSON_AddStringToObject(input, "id", arena_printf(P->a, "files:%u", P->nfile_inputs++));
        cJSON_AddStringToObject(input, "kind", "files");
        cJSON_AddStringToObject(input, "path", path);
        cJSON_AddStringToObject(input, "user_path", r->path ? r->path : "");
        cJSON_AddStringToObject(input, "format", fmt ? fmt : "unknown");
        cJSON *o = cJSON_AddObjectToObject(input, "options");
        for (uint32_t i = 0; i < opts.n; i++) cJSON_AddStringToObject(o, opts.items[i].key, opts.items[i].val);
        cJSON_AddBoolToObject(input, "streaming", r->streaming);
        cJSON_AddBoolToObject(input, "auto_loader", r->auto_loader);
        Schema s;
        schema_init(&s);
        bool have = false;
        char *err = NULL;
        SrcFormat sf = filesrc_format_parse(fmt ? fmt : "");
        if (P->o->sample_files && sf != SRC_UNKNOWN && !glob_from_root(path)) {
            SrcFileList files = {0};
            if (filesrc_list(path, &opts, &files, &err) == 0 && files.n > 0) {
                char *nested = NULL;
                if (filesrc_infer(&files, sf, &opts, &s, &nested, &err) == 0) have = true;
                free(nested);
            } else if (P->o->validate) {
                diag_error(P->d, r->loc, "file input '%s' does not exist", r->path ? r->path : "");
            }
            filesrc_list_free(&files);
        }
        free(err);
        if (have) {
            BCol *bc = arena_alloc(P->a, (s.ncols + 1) * sizeof *bc);
            for (uint32_t i = 0; i < s.ncols; i++)
                bc[i] = (BCol){arena_strdup(P->a, s.cols[i].name), NULL, bcol_type_from(&s.cols[i]), true};
            cJSON_AddItemToObject(input, "schema", schema_json(bc, s.ncols, NULL));
        } else {
            cJSON_AddNullToObject(input, "schema");
        }
        cJSON_AddBoolToObject(input, "schema_declared", !inferring);
        schema_free(&s);
        hm_put(&P->input_by_key, k, input);
        cJSON_AddItemToArray(P->inputs, input);
    }
    filesrc_opts_free(&opts);
    cJSON *schema = cJSON_GetObjectItem(input, "schema");
    if (!cJSON_IsArray(schema)) {
        *unknown = true;
        return NULL;
    }
    uint32_t n = (uint32_t)cJSON_GetArraySize(schema);
    BCol *bc = arena_alloc(P->a, (n + 1) * sizeof *bc);
    uint32_t i = 0;
    cJSON *c;
    cJSON_ArrayForEach(c, schema) {
        Type t = TYPE(TY_STRING);
        const char *tn = cJSON_GetStringValue(cJSON_GetObjectItem(c, "type"));
        if (!tn || !type_parse_nested(tn, &t)) type_parse_primitive(tn, &t);
        bc[i++] = (BCol){cJSON_GetStringValue(cJSON_GetObjectItem(c, "name")), NULL, t, true};
    }
    *cols = bc;
    *ncols = n;
    return cJSON_CreateString(cJSON_GetStringValue(cJSON_GetObjectItem(input, "id")));
}

/* ---------------------------------------------------------------- assembly */

static const char *kind_name(IrDatasetKind k) {
    switch (k) {
    case DS_STREAMING_TABLE: return "streaming_table";
    case DS_MATERIALIZED_VIEW: return "materialized_view";
    case DS_VIEW: return "view";
    case DS_PERSISTED_VIEW: return "persisted_view";
    default: return "table";
    }
}

static cJSON *kv_obj(const IrKV *kv, uint32_t n) {
    cJSON *o = cJSON_CreateObject();
    for (uint32_t i = 0; i < n; i++) {
        cJSON_DeleteItemFromObjectCaseSensitive(o, kv[i].key);
        cJSON_AddStringToObject(o, kv[i].key, kv[i].value ? kv[i].value : "");
    }
    return o;
}

static cJSON *str_arr(const char *const *xs, uint32_t n) {
    cJSON *a = cJSON_CreateArray();
    for (uint32_t i = 0; i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateString(xs[i]));
    return a;
}

static int cmp_name(const void *a, const void *b) {
    const PDataset *x = *(PDataset *const *)a, *y = *(PDataset *const *)b;
    return strcmp(x->name, y->name);
}

static int cmp_flow(const void *a, const void *b) {
    const PFlow *x = *(PFlow *const *)a, *y = *(PFlow *const *)b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->target->name, y->target->name);
}

static cJSON *dataset_json(Planner *P, PDataset *ds) {
    IrDataset *d = ds->ir;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", ds->name);
    cJSON_AddStringToObject(j, "kind", kind_name(ds->kind));
    cJSON_AddBoolToObject(j, "private", d->is_private);
    cJSON_AddStringToObject(j, "loc", plan_loc(P, d->loc));
    cJSON_AddStringToObject(j, "language", d->lang == LANG_PYTHON ? "python" : "sql");
    if (d->comment) cJSON_AddStringToObject(j, "comment", d->comment);
    else cJSON_AddNullToObject(j, "comment");
    cJSON_AddItemToObject(j, "properties", kv_obj(d->props, d->nprops));
    cJSON_AddItemToObject(j, "partition_cols", str_arr(d->partition_cols, d->npartition));
    cJSON_AddItemToObject(j, "cluster_cols", str_arr(d->cluster_cols, d->ncluster));
    if (d->ncols) {
        BCol *bc = arena_alloc(P->a, d->ncols * sizeof *bc);
        for (uint32_t i = 0; i < d->ncols; i++)
            bc[i] = (BCol){d->cols[i].name, NULL, d->cols[i].type, !d->cols[i].not_null};
        cJSON_AddItemToObject(j, "declared_schema", schema_json(bc, d->ncols, d));
    } else {
        cJSON_AddNullToObject(j, "declared_schema");
    }
    if (ds->bind_ok) cJSON_AddItemToObject(j, "schema", schema_json(ds->schema, ds->nschema, d));
    else cJSON_AddNullToObject(j, "schema");
    cJSON *exps = cJSON_AddArrayToObject(j, "expectations");
    static const char *acts[] = {"warn", "drop", "fail"};
    for (uint32_t i = 0; i < d->nexps; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", d->exps[i].name);
        cJSON_AddStringToObject(e, "action", acts[d->exps[i].action]);
        cJSON_AddStringToObject(e, "sql", d->exps[i].sql ? d->exps[i].sql : "");
        cJSON_AddStringToObject(e, "loc", plan_loc(P, d->exps[i].loc));
        bool ok = false;
        BExpr b = {0};
        if (ds->bind_ok) b = bind_expr_in(P, ds->schema, ds->nschema, d->exps[i].cond, &ok);
        if (ok) cJSON_AddItemToObject(e, "expr", bexpr_cast(b.j, b.type, TYPE(TY_BOOLEAN)));
        else {
            cJSON_Delete(b.j);
            cJSON_AddNullToObject(e, "expr");
        }
        cJSON_AddItemToArray(exps, e);
    }
    cJSON_AddBoolToObject(j, "runnable", ds->runnable && !ds->opaque_reason);
    if (ds->opaque_reason) {
        cJSON *o = cJSON_AddObjectToObject(j, "opaque");
        cJSON_AddStringToObject(o, "reason", ds->opaque_reason);
        cJSON_AddStringToObject(o, "loc", plan_loc(P, ds->opaque_loc));
    } else {
        cJSON_AddNullToObject(j, "opaque");
    }
    if (ds->unknown) cJSON_AddBoolToObject(j, "unbound", true);
    cJSON *fl = cJSON_AddArrayToObject(j, "flows");
    for (uint32_t i = 0; i < ds->nflows; i++) cJSON_AddItemToArray(fl, cJSON_CreateString(ds->flows[i]->name));
    /* reads: sorted, unique names */
    const char **names = xmalloc(64 * sizeof *names + 1);
    uint32_t n = 0, cap = 64;
    for (uint32_t i = 0; i < ds->nflows; i++)
        for (uint32_t r = 0; r < ds->flows[i]->nreads; r++) {
            const char *nm = ds->flows[i]->reads[r].ds->name;
            bool dup = false;
            for (uint32_t k = 0; k < n; k++)
                if (!strcmp(names[k], nm)) dup = true;
            if (dup) continue;
            if (n == cap) names = xrealloc(names, (cap *= 2) * sizeof *names);
            names[n++] = nm;
        }
    for (uint32_t a = 1; a < n; a++)
        for (uint32_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
            const char *t = names[b];
            names[b] = names[b - 1];
            names[b - 1] = t;
        }
    cJSON_AddItemToObject(j, "reads", str_arr(names, n));
    free(names);
    return j;
}

static cJSON *flow_json(Planner *P, PFlow *f) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", f->name);
    cJSON_AddStringToObject(j, "target", f->target->name);
    const char *kind = f->kind == FLOW_CDC ? "cdc" : f->kind == FLOW_ONCE ? "once"
                     : f->target->kind == DS_STREAMING_TABLE        ? "append"
                     : f->target->kind == DS_VIEW && f->streaming    ? "append"
                                                                     : "complete";
    cJSON_AddStringToObject(j, "kind", kind);
    cJSON_AddBoolToObject(j, "streaming", f->streaming);
    cJSON_AddStringToObject(j, "loc", plan_loc(P, f->loc));
    cJSON_AddItemToObject(j, "spark_conf", f->conf ? kv_obj(f->conf->items, f->conf->n) : cJSON_CreateObject());
    if (f->out.j && f->target->bind_ok) {
        cJSON_AddItemToObject(j, "query", f->out.j);
        f->out.j = NULL;
    } else {
        cJSON_AddNullToObject(j, "query");
        if (f->target->unknown) cJSON_AddBoolToObject(j, "unbound", true);
        if (f->query && f->lang == LANG_SQL && f->query->loc.file) {
            const SourceBuf *b = src_buf(P->src, f->query->loc.file);
            if (b && f->query->loc.off + f->query->loc.len <= b->len)
                cJSON_AddItemToObject(j, "query_sql",
                                      cJSON_CreateString(arena_strndup(P->a, b->text + f->query->loc.off,
                                                                       f->query->loc.len)));
        }
    }
    if (f->cdc_json) {
        cJSON_AddItemToObject(j, "cdc", f->cdc_json);
        f->cdc_json = NULL;
    } else {
        cJSON_AddNullToObject(j, "cdc");
    }
    return j;
}

static cJSON *pipeline_json(Planner *P) {
    Settings *s = P->settings;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", s->name ? s->name : "pipeline");
    if (s->catalog) cJSON_AddStringToObject(j, "catalog", s->catalog);
    else cJSON_AddNullToObject(j, "catalog");
    cJSON_AddStringToObject(j, "schema", s->schema ? s->schema : "default");
    if (s->storage) cJSON_AddStringToObject(j, "storage", s->storage);
    else cJSON_AddNullToObject(j, "storage");
    cJSON_AddStringToObject(j, "settings_dir", s->settings_dir ? s->settings_dir : ".");
    cJSON_AddBoolToObject(j, "development", s->development);
    cJSON_AddBoolToObject(j, "continuous", s->continuous);
    cJSON_AddStringToObject(j, "edition", s->edition ? s->edition : "ADVANCED");
    cJSON_AddStringToObject(j, "dialect", s->dialect ? s->dialect : "dlt");
    cJSON_AddItemToObject(j, "configuration", kv_obj(s->conf, s->nconf));
    cJSON_AddItemToObject(j, "mounts", kv_obj(s->mounts, s->nmounts));
    cJSON_AddItemToObject(j, "notifications",
                          s->notifications ? cJSON_Duplicate(s->notifications, 1) : cJSON_CreateArray());
    cJSON_AddItemToObject(j, "smtp", s->smtp ? cJSON_Duplicate(s->smtp, 1) : cJSON_CreateNull());
    return j;
}

static int cmp_input(const void *a, const void *b) {
    const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
    return strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(x, "id")),
                  cJSON_GetStringValue(cJSON_GetObjectItem(y, "id")));
}

static cJSON *sorted_inputs(Planner *P) {
    int n = cJSON_GetArraySize(P->inputs);
    cJSON **v = xcalloc((size_t)n + 1, sizeof *v);
    for (int i = 0; i < n; i++) v[i] = cJSON_DetachItemFromArray(P->inputs, 0);
    qsort(v, (size_t)n, sizeof *v, cmp_input);
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(P->inputs, v[i]);
    free(v);
    cJSON *r = P->inputs;
    P->inputs = NULL;
    return r;
}

static void external_inputs(Planner *P) {
    const char **names = xcalloc(P->ext_warned.len + 1, sizeof *names);
    uint32_t n = 0;
    for (size_t i = 0; i < P->ext_warned.cap; i++)
        if (P->ext_warned.slots[i].key) names[n++] = P->ext_warned.slots[i].key;
    for (uint32_t a = 1; a < n; a++)
        for (uint32_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
            const char *t = names[b];
            names[b] = names[b - 1];
            names[b - 1] = t;
        }
    for (uint32_t i = 0; i < n; i++) {
        cJSON *in = cJSON_CreateObject();
        cJSON_AddStringToObject(in, "id", arena_printf(P->a, "table:%s", names[i]));
        cJSON_AddStringToObject(in, "kind", "table");
        cJSON_AddStringToObject(in, "name", names[i]);
        cJSON_AddItemToArray(P->inputs, in);
    }
    free(names);
}

static void resolve_auto_kinds(Planner *P) {
    for (uint32_t i = 0; i < P->nds; i++) {
        PDataset *ds = P->ds[i];
        if (ds->kind != DS_TABLE_AUTO) continue;
        bool streams = ds->nflows == 0 || ds->ir->query == NULL;
        for (uint32_t k = 0; k < ds->nflows; k++)
            if (check_rel_streams(P, ds->flows[k]->query, NULL)) streams = true;
        bool sdp = P->settings->dialect && str_ieq(P->settings->dialect, "sdp");
        ds->kind = streams || sdp ? DS_STREAMING_TABLE : DS_MATERIALIZED_VIEW;
    }
}

static void find_opaque(PDataset *ds, const IrRel *r) {
    for (; r && !ds->opaque_reason; r = r->input) {
        if (r->kind == REL_OPAQUE) {
            ds->opaque_reason = r->text ? r->text : "opaque";
            ds->opaque_loc = r->loc;
        }
        if (r->right) find_opaque(ds, r->right);
    }
}

cJSON *plan_build(const IrPipeline *ir, const SourceSet *src, const PlanOptions *o, Diags *d) {
    Arena arena = {0};
    Planner P = {.ir = ir, .src = src, .o = o, .settings = o->settings, .d = d, .a = &arena};
    hm_init(&P.by_key, false);
    hm_init(&P.ext_warned, true);
    hm_init(&P.input_by_key, false);
    P.inputs = cJSON_CreateArray();
    resolve_datasets(&P);
    resolve_auto_kinds(&P);
    resolve_reads(&P);
    order_datasets(&P);
    for (uint32_t i = 0; i < P.norder; i++) {
        PDataset *ds = P.order[i];
        for (uint32_t k = 0; k < ds->nflows; k++) find_opaque(ds, ds->flows[k]->query);
        schema_dataset(&P, ds);
    }
    check_pipeline(&P);
    cJSON *plan = NULL;
    if (diag_errors(d) == 0) {
        plan = cJSON_CreateObject();
        cJSON_AddStringToObject(plan, "format", "sluice-plan");
        cJSON_AddNumberToObject(plan, "version", 1);
        cJSON_AddItemToObject(plan, "pipeline", pipeline_json(&P));
        PDataset **v = xcalloc(P.nds + 1, sizeof *v);
        if (P.nds) memcpy(v, P.ds, P.nds * sizeof *v);
        qsort(v, P.nds, sizeof *v, cmp_name);
        cJSON *dsa = cJSON_AddArrayToObject(plan, "datasets");
        for (uint32_t i = 0; i < P.nds; i++) cJSON_AddItemToArray(dsa, dataset_json(&P, v[i]));
        free(v);
        PFlow **fv = xcalloc(P.nflows + 1, sizeof *fv);
        uint32_t nf = 0;
        for (uint32_t i = 0; i < P.nflows; i++)
            if (P.flows[i]->target) fv[nf++] = P.flows[i];
        qsort(fv, nf, sizeof *fv, cmp_flow);
        cJSON *fa = cJSON_AddArrayToObject(plan, "flows");
        for (uint32_t i = 0; i < nf; i++) cJSON_AddItemToArray(fa, flow_json(&P, fv[i]));
        free(fv);
        external_inputs(&P);
        cJSON_AddItemToObject(plan, "inputs", sorted_inputs(&P));
        cJSON_AddItemToObject(plan, "stages", order_stages(&P));
        cJSON *w = cJSON_AddArrayToObject(plan, "warnings");
        for (int i = 0; i < d->n; i++)
            if (d->items[i].level == DIAG_WARNING) {
                char *s = diag_format_one(&d->items[i], src);
                cJSON_AddItemToArray(w, cJSON_CreateString(s));
                free(s);
            }
    }
    for (uint32_t i = 0; i < P.nflows; i++) {
        cJSON_Delete(P.flows[i]->out.j);
        cJSON_Delete(P.flows[i]->cdc_json);
        free(P.flows[i]->reads);
    }
    for (uint32_t i = 0; i < P.nds; i++) free(P.ds[i]->flows);
    free(P.flows);
    free(P.ds);
    free(P.order);
    cJSON_Delete(P.inputs);
    hm_free(&P.by_key);
    hm_free(&P.ext_warned);
    hm_free(&P.input_by_key);
    arena_free_all(&arena);
    return plan;
}

char *plan_to_text(const cJSON *plan) {
    char *s = cJSON_Print(plan);
    if (!s) return xstrdup("null\n");
    size_t n = strlen(s);
    char *r = xmalloc(n + 2);
    memcpy(r, s, n);
    r[n] = '\n';
    r[n + 1] = 0;
    free(s);
    return r;
}

cJSON *plan_read(const char *path, char **err) {
    size_t len;
    char *text = read_file(path, &len);
    *err = NULL;
    if (!text) {
        StrBuf b = {0};
        sb_printf(&b, "cannot read plan '%s'", path);
        *err = sb_take(&b);
        return NULL;
    }
    cJSON *j = cJSON_ParseWithLength(text, len);
    free(text);
    StrBuf b = {0};
    if (!j || !cJSON_IsObject(j)) sb_printf(&b, "'%s' is not a plan file: not a JSON object", path);
    else if (!cJSON_IsString(cJSON_GetObjectItem(j, "format")) ||
             strcmp(cJSON_GetObjectItem(j, "format")->valuestring, "sluice-plan"))
        sb_printf(&b, "'%s' is not a plan file: \"format\" is not \"sluice-plan\"", path);
    else if (!cJSON_IsNumber(cJSON_GetObjectItem(j, "version")) ||
             cJSON_GetObjectItem(j, "version")->valuedouble != 1)
        sb_printf(&b, "plan '%s' has version %g; this sluice reads version 1: compile it again",
                  path, cJSON_IsNumber(cJSON_GetObjectItem(j, "version"))
                            ? cJSON_GetObjectItem(j, "version")->valuedouble : 0.0);
    if (b.len) {
        cJSON_Delete(j);
        *err = sb_take(&b);
        return NULL;
    }
    return j;
}
