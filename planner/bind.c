/* Relation binding: an unbound IR tree (names) becomes a plan Rel (ordinals, types,
 * explicit casts) with its output columns; `*` is expanded, aggregates and window
 * functions are lifted into their own operators, views are inlined, reads are checked
 * for streaming/batch mode. An input whose schema cannot be known at compile time
 * makes the whole relation "unknown" (bound again at run time). */
#include "bind_int.h"

#include "store.h"

#include <stdlib.h>
#include <string.h>

static cJSON *rel_obj(const char *op) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "op", op);
    return j;
}

static BRel finish(Planner *P, cJSON *j, BCol *cols, uint32_t n, const BRel *from) {
    (void)P;
    cJSON_AddItemToObject(j, "schema", schema_json(cols, n, NULL));
    BRel r = {.j = j, .cols = cols, .ncols = n};
    if (from) {
        r.streaming = from->streaming;
        r.watermark = from->watermark;
    }
    return r;
}

static BRel unknown_rel(void) { return (BRel){.unknown = true}; }
static BRel failed_rel(void) { return (BRel){.failed = true}; }

static bool usable(BRel *r) {
    if (r->j) return true;
    return false;
}

static BCol *cols_copy(Planner *P, const BCol *c, uint32_t n, const char *qual) {
    BCol *out = arena_alloc(P->a, (n ? n : 1) * sizeof *out);
    for (uint32_t i = 0; i < n; i++) {
        out[i] = c[i];
        if (qual) out[i].qual = qual;
    }
    return out;
}

/* ---------------------------------------------------------------- scans */

/* Types from the store live in its arena: copy nested parts into the planner's. */
static Type type_copy(Arena *a, Type t, int depth) {
    if (!t.nested || depth > 64) {
        t.nested = depth > 64 ? NULL : t.nested;
        return t;
    }
    TypeNested *n = arena_alloc(a, sizeof *n);
    n->elem = type_copy(a, t.nested->elem, depth + 1);
    n->value = type_copy(a, t.nested->value, depth + 1);
    n->nfields = t.nested->nfields;
    n->fields = arena_alloc(a, (n->nfields + 1) * sizeof *n->fields);
    for (uint32_t i = 0; i < n->nfields; i++) {
        n->fields[i] = t.nested->fields[i];
        n->fields[i].name = arena_strdup(a, t.nested->fields[i].name ? t.nested->fields[i].name : "");
        n->fields[i].type = type_copy(a, t.nested->fields[i].type, depth + 1);
    }
    t.nested = n;
    return t;
}

static const char *lower_dup(Arena *a, const char *s) {
    char *d = arena_strdup(a, s);
    for (char *p = d; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    return d;
}

/* An external table lives at STORAGE/tables/<schema>/<table>; when the store is at
 * hand its schema binds the read now, else the read is bound at run time. */
static BRel bind_external(Planner *P, IrRel *r) {
    const char *root = P->o->storage ? P->o->storage : P->settings->storage;
    const IrName *n = &r->name;
    const char *schema = n->n >= 2 ? n->parts[n->n - 2]
                         : P->settings->schema ? P->settings->schema : "default";
    const char *full = ir_name_str(P->a, n);
    const char *table = n->parts[n->n - 1];
    /* Table folders are lower case (names are case-insensitive; the runtime writes them
     * so); system.events is the pipeline event log at STORAGE/system/events. */
    const char *path = !root ? NULL
                       : str_ieq(schema, "system") && str_ieq(table, "events")
                           ? arena_printf(P->a, "%s/system/events", root)
                           : arena_printf(P->a, "%s/tables/%s/%s", root, lower_dup(P->a, schema),
                                          lower_dup(P->a, table));
    if (!path || !store_exists(path)) {
        if (P->o->validate && !path)
            diag_error(P->d, n->loc, "table '%s' cannot be read without a store: "
                       "pass --storage DIR or --settings FILE", full);
        else if (P->o->validate)
            diag_error(P->d, n->loc, "external table '%s' does not exist in the store at %s", full,
                       path);
        return unknown_rel();
    }
    char *err = NULL;
    StoreTable *t = store_open(path, r->version, &err);
    if (!t) {
        diag_error(P->d, n->loc, "cannot open external table '%s': %s", full, err ? err : "?");
        free(err);
        return failed_rel();
    }
    const Schema *s = store_schema(t);
    BCol *cols = arena_alloc(P->a, (s->ncols + 1) * sizeof *cols);
    for (uint32_t i = 0; i < s->ncols; i++)
        cols[i] = (BCol){arena_strdup(P->a, s->cols[i].name), n->parts[n->n - 1],
                         type_copy(P->a, s->cols[i].type, 0),
                         s->cols[i].nullable};
    uint32_t nc = s->ncols;
    store_close(t);
    cJSON *j = rel_obj("scan_table");
    cJSON_AddStringToObject(j, "table", full);
    if (r->version >= 0) cJSON_AddNumberToObject(j, "version", (double)r->version);
    else cJSON_AddNullToObject(j, "version");
    BRel out = finish(P, j, cols, nc, NULL);
    out.streaming = r->streaming;
    return out;
}

static BRel bind_scan(Planner *P, IrRel *r) {
    PDataset *ds = resolve_lookup(P, &r->name);
    const char *name = r->name.parts[r->name.n ? r->name.n - 1 : 0];
    if (!ds) return bind_external(P, r);
    if (ds->kind == DS_VIEW || ds->kind == DS_PERSISTED_VIEW) {
        if (ds->bound && ds->bind_ok && ds->kind == DS_VIEW) {
            if (ds->streaming_view && !r->streaming)
                diag_error(P->d, r->name.loc,
                           "view '%s' is a streaming view and must be read with STREAM(...) or "
                           "read_stream",
                           ds->name);
            else if (!ds->streaming_view && r->streaming)
                diag_error(P->d, r->name.loc,
                           "view '%s' is a batch view and cannot be read with STREAM(...) or "
                           "read_stream",
                           ds->name);
        }
    }
    if (!ds->bound || !ds->bind_ok) return ds->unknown ? unknown_rel() : failed_rel();
    if (r->streaming && (ds->kind == DS_MATERIALIZED_VIEW || ds->is_cdc_target) &&
        !P->quiet_warnings)
        diag_warning(P->d, r->name.loc,
                     "streaming read of '%s', which is %s: the read fails once its rows are "
                     "updated or deleted (full refresh the reader or set skipChangeCommits)",
                     ds->name, ds->is_cdc_target ? "a CDC target" : "a materialized view");
    BCol *cols = cols_copy(P, ds->schema, ds->nschema, name);
    cJSON *j;
    if (ds->kind == DS_VIEW && ds->view_rel) {
        j = rel_obj("view");
        cJSON_AddStringToObject(j, "view", ds->name);
        cJSON_AddItemToObject(j, "input", cJSON_Duplicate(ds->view_rel, 1));
    } else {
        j = rel_obj("scan_dataset");
        cJSON_AddStringToObject(j, "dataset", ds->name);
        cJSON_AddBoolToObject(j, "streaming", r->streaming);
        cJSON_AddBoolToObject(j, "skip_change_commits", r->skip_change_commits);
    }
    BRel out = finish(P, j, cols, ds->nschema, NULL);
    out.streaming = ds->kind == DS_VIEW ? ds->streaming_view : r->streaming;
    return out;
}

static BRel bind_files(Planner *P, IrRel *r) {
    BCol *cols = NULL;
    uint32_t n = 0;
    bool unknown = false;
    cJSON *id = plan_input_files(P, r, &cols, &n, &unknown);
    if (unknown || !id) {
        cJSON_Delete(id);
        return unknown_rel();
    }
    cJSON *j = rel_obj("scan_input");
    cJSON_AddItemToObject(j, "input", id);
    cJSON_AddNullToObject(j, "columns");
    BRel out = finish(P, j, cols, n, NULL);
    out.streaming = r->streaming;
    return out;
}

static BRel bind_values(Planner *P, IrRel *r) {
    uint32_t nc = r->ncols ? r->ncols : 1, nrows = r->nexprs / nc;
    BCol *cols = arena_alloc(P->a, nc * sizeof *cols);
    BExpr *cells = xcalloc(r->nexprs + 1, sizeof *cells);
    bool ok = true;
    for (uint32_t i = 0; i < nrows * nc; i++) {
        cells[i] = bind_expr_in(P, NULL, 0, r->exprs[i], &ok);
        if (!cells[i].j) ok = false;
    }
    for (uint32_t c = 0; c < nc && ok; c++) {
        Type t = TYPE(TY_NULL);
        for (uint32_t i = 0; i < nrows; i++)
            if (!type_common(t, cells[i * nc + c].type, &t)) {
                diag_error(P->d, r->exprs[i * nc + c]->loc, "VALUES column %u mixes types", c + 1);
                ok = false;
            }
        cols[c] = (BCol){r->names && c < r->nnames ? r->names[c] : arena_printf(P->a, "col%u", c + 1),
                         NULL, t, true};
    }
    if (!ok) {
        for (uint32_t i = 0; i < nrows * nc; i++) cJSON_Delete(cells[i].j);
        free(cells);
        return failed_rel();
    }
    cJSON *j = rel_obj("values");
    cJSON *rows = cJSON_AddArrayToObject(j, "rows");
    for (uint32_t i = 0; i < nrows; i++) {
        cJSON *row = cJSON_CreateArray();
        for (uint32_t c = 0; c < nc; c++)
            cJSON_AddItemToArray(row, bexpr_cast(cells[i * nc + c].j, cells[i * nc + c].type, cols[c].type));
        cJSON_AddItemToArray(rows, row);
    }
    free(cells);
    return finish(P, j, cols, nc, NULL);
}

/* ---------------------------------------------------------------- select lists */

typedef struct {
    IrExpr **items;
    uint32_t n;
} ItemList;

/* Expand `*`, `t.*`, `* EXCEPT (...)` and the withColumn replace-star into plain
 * items over the input columns (EX_COL with the exact qualifier). */
static ItemList expand_stars(Planner *P, IrExpr **xs, uint32_t n, const BCol *cols, uint32_t nc,
                             bool *ok) {
    ItemList out = {0};
    uint32_t cap = n + nc + 4;
    out.items = arena_alloc(P->a, cap * sizeof *out.items);
    bool *used = arena_alloc(P->a, (n ? n : 1) * sizeof *used);
    for (uint32_t i = 0; i < n; i++) {
        IrExpr *e = xs[i];
        if (e->kind != EX_STAR) {
            if (!used[i]) {
                if (out.n == cap) break;
                out.items[out.n++] = e;
            }
            continue;
        }
        bool any = false;
        for (uint32_t c = 0; c < nc; c++) {
            if (e->qual && !(cols[c].qual && str_ieq(cols[c].qual, e->qual))) continue;
            any = true;
            bool skip = false;
            for (uint32_t k = 0; k < e->nnames; k++)
                if (str_ieq(e->names[k], cols[c].name)) skip = true;
            if (skip) continue;
            IrExpr *item = NULL;
            if (e->replace)
                for (uint32_t k = i + 1; k < n && !item; k++)
                    if (xs[k]->kind == EX_ALIAS && str_ieq(xs[k]->name, cols[c].name) && !used[k]) {
                        item = xs[k];
                        used[k] = true;
                    }
            if (!item) {
                item = ir_col(P->a, cols[c].qual, cols[c].name, e->loc);
                item->ival = c + 1;  // exact ordinal + 1: duplicate names stay distinct
            }
            if (out.n == cap) {
                IrExpr **m = arena_alloc(P->a, cap * 2 * sizeof *m);
                memcpy(m, out.items, cap * sizeof *m);
                out.items = m;
                cap *= 2;
            }
            out.items[out.n++] = item;
        }
        for (uint32_t k = 0; k < e->nnames && !e->replace; k++) {
            bool found = false;
            for (uint32_t c = 0; c < nc; c++)
                if (str_ieq(e->names[k], cols[c].name)) found = true;
            if (!found) {
                diag_error(P->d, e->loc, "column '%s' in EXCEPT does not exist", e->names[k]);
                *ok = false;
            }
        }
        if (!any && e->qual) {
            diag_error(P->d, e->loc, "unknown table '%s' in '%s.*'", e->qual, e->qual);
            *ok = false;
        }
    }
    return out;
}

static bool contains_agg(const IrExpr *e) {
    if (!e) return false;
    if (e->kind == EX_CALL && !e->over && e->name) {
        const FuncInfo *f = func_lookup(e->name);
        if (f && f->kind == FN_AGG) return true;
    }
    if (e->kind == EX_SUBQUERY) return false;
    for (uint32_t i = 0; i < e->nargs; i++)
        if (contains_agg(e->args[i])) return true;
    return false;
}

static BExpr bind_item(BindCtx *c, IrExpr *e) {
    if (e->kind == EX_COL && e->ival > 0 && (uint32_t)e->ival <= c->ncols && !c->agg) {
        const BCol *col = &c->cols[e->ival - 1];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "col", (double)(e->ival - 1));
        cJSON_AddItemToObject(j, "type", json_type(col->type));
        return (BExpr){j, col->type, col->name, true};
    }
    return bind_expr(c, e);
}

/* Window functions collected while binding the items: a Window operator over the
 * input, then the projection refers to its appended columns. */
static cJSON *wrap_window(Planner *P, cJSON *in, const BCol *cols, uint32_t nc, WinCtx *w,
                          BCol **wcols) {
    *wcols = arena_alloc(P->a, (nc + w->nfuncs + 1) * sizeof **wcols);
    if (nc) memcpy(*wcols, cols, nc * sizeof *cols);
    for (uint32_t i = 0; i < w->nfuncs; i++) {
        (*wcols)[nc + i] = (BCol){arena_printf(P->a, "_w%u", i), NULL, w->types[i], true};
        cJSON_SetNumberHelper(cJSON_GetObjectItem(w->refs[i], "col"), nc + i);
    }
    cJSON *j = rel_obj("window");
    cJSON_AddItemToObject(j, "input", in);
    cJSON_AddItemToObject(j, "funcs", w->funcs);
    w->funcs = NULL;
    cJSON_AddItemToObject(j, "schema", schema_json(*wcols, nc + w->nfuncs, NULL));
    return j;
}

static void win_free(WinCtx *w) {
    cJSON_Delete(w->funcs);
    free(w->types);
    free(w->refs);
}

static BRel project_items(Planner *P, BRel in, BindCtx *c, ItemList items, cJSON *below,
                          SrcLoc loc) {
    (void)loc;
    WinCtx w = {.funcs = cJSON_CreateArray()};
    c->win = &w;
    BCol *cols = arena_alloc(P->a, (items.n + 1) * sizeof *cols);
    cJSON *exprs = cJSON_CreateArray();
    for (uint32_t i = 0; i < items.n; i++) {
        BExpr b = bind_item(c, items.items[i]);
        if (!b.j) continue;
        cJSON_AddItemToArray(exprs, b.j);
        cols[i] = (BCol){b.name, NULL, b.type, true};
        if (items.items[i]->kind == EX_COL && i < items.n) {
            /* A plain column keeps its qualifier for later `t.x` references. */
            for (uint32_t k = 0; k < c->ncols; k++)
                if (str_ieq(c->cols[k].name, b.name) &&
                    (!items.items[i]->qual ||
                     (c->cols[k].qual && str_ieq(c->cols[k].qual, items.items[i]->qual))))
                    cols[i].qual = c->cols[k].qual;
        }
    }
    c->win = NULL;
    if (!c->ok) {
        cJSON_Delete(exprs);
        cJSON_Delete(below);
        win_free(&w);
        return c->unknown ? unknown_rel() : failed_rel();
    }
    if (w.nfuncs) {
        BCol *wc;
        below = wrap_window(P, below, c->cols, c->ncols, &w, &wc);
    }
    win_free(&w);
    cJSON *j = rel_obj("project");
    cJSON_AddItemToObject(j, "input", below);
    cJSON_AddItemToObject(j, "exprs", exprs);
    return finish(P, j, cols, items.n, &in);
}

static BRel bind_aggregate(Planner *P, IrRel *r, BRel in, IrExpr **outs, uint32_t nouts,
                           IrExpr *having);

static BRel bind_project(Planner *P, IrRel *r, BRel in) {
    bool ok = true;
    ItemList items = expand_stars(P, r->exprs, r->nexprs, in.cols, in.ncols, &ok);
    if (!ok) {
        cJSON_Delete(in.j);
        return failed_rel();
    }
    for (uint32_t i = 0; i < items.n; i++)
        if (contains_agg(items.items[i]))
            return bind_aggregate(P, r, in, items.items, items.n, NULL);
    BindCtx c = {.P = P, .cols = in.cols, .ncols = in.ncols, .ok = true};
    return project_items(P, in, &c, items, in.j, r->loc);
}

static void agg_free(AggCtx *a) {
    for (uint32_t i = 0; i < a->nkeys; i++) free(a->key_txt[i]);
    for (uint32_t i = 0; i < a->naggs; i++) free(a->agg_txt[i]);
    free(a->key_txt);
    free(a->key_types);
    free(a->agg_txt);
    free(a->agg_types);
    free(a->agg_names);
    cJSON_Delete(a->aggs);
}

static BRel bind_aggregate(Planner *P, IrRel *r, BRel in, IrExpr **outs, uint32_t nouts,
                           IrExpr *having) {
    AggCtx a = {.in_cols = in.cols, .in_ncols = in.ncols, .aggs = cJSON_CreateArray()};
    BindCtx kc = {.P = P, .cols = in.cols, .ncols = in.ncols, .ok = true};
    cJSON *keys = cJSON_CreateArray();
    IrExpr **kx = r->kind == REL_AGGREGATE ? r->keys : NULL;
    uint32_t nk = r->kind == REL_AGGREGATE ? r->nkeys : 0;
    if (r->kind == REL_AGGREGATE && r->group_all) {
        kx = arena_alloc(P->a, (nouts + 1) * sizeof *kx);
        nk = 0;
        for (uint32_t i = 0; i < nouts; i++)
            if (!contains_agg(outs[i])) kx[nk++] = outs[i]->kind == EX_ALIAS ? outs[i]->args[0] : outs[i];
    }
    BCol *acols = arena_alloc(P->a, (nk + nouts + 8) * sizeof *acols);
    a.key_txt = xcalloc(nk + 1, sizeof *a.key_txt);
    a.key_types = xcalloc(nk + 1, sizeof *a.key_types);
    for (uint32_t i = 0; i < nk; i++) {
        IrExpr *k = kx[i];
        /* GROUP BY 1: a position in the select list. */
        if (k->kind == EX_LIT && k->type.id == TY_INT && k->text) {
            long pos = strtol(k->text, NULL, 10);
            if (pos >= 1 && (uint32_t)pos <= nouts) k = outs[pos - 1];
            if (k->kind == EX_ALIAS) k = k->args[0];
        }
        BExpr b = bind_expr(&kc, k);
        if (!b.j) continue;
        a.key_txt[a.nkeys] = cJSON_PrintUnformatted(b.j);
        a.key_types[a.nkeys] = b.type;
        acols[a.nkeys] = (BCol){b.name, NULL, b.type, true};
        a.nkeys++;
        cJSON_AddItemToArray(keys, b.j);
    }
    if (!kc.ok) {
        cJSON_Delete(keys);
        cJSON_Delete(in.j);
        agg_free(&a);
        return kc.unknown ? unknown_rel() : failed_rel();
    }
    BindCtx c = {.P = P, .cols = acols, .ncols = 0, .agg = &a, .ok = kc.ok};
    /* Bind the outputs and HAVING first: that collects the aggregates. */
    WinCtx w = {.funcs = cJSON_CreateArray()};
    c.win = &w;
    cJSON *exprs = cJSON_CreateArray();
    BCol *ocols = arena_alloc(P->a, (nouts + 1) * sizeof *ocols);
    for (uint32_t i = 0; i < nouts; i++) {
        BExpr b = bind_expr(&c, outs[i]);
        if (!b.j) continue;
        cJSON_AddItemToArray(exprs, b.j);
        ocols[i] = (BCol){b.name, NULL, b.type, true};
    }
    c.win = NULL;
    BExpr hv = {0};
    if (having && c.ok) hv = bind_expr(&c, having);
    bool ok = c.ok && kc.ok;
    if (!ok) {
        cJSON_Delete(keys);
        cJSON_Delete(exprs);
        cJSON_Delete(hv.j);
        cJSON_Delete(in.j);
        agg_free(&a);
        win_free(&w);
        return c.unknown ? unknown_rel() : failed_rel();
    }
    uint32_t na = a.nkeys + a.naggs;
    for (uint32_t i = 0; i < a.naggs; i++)
        acols[a.nkeys + i] = (BCol){a.agg_names[i], NULL, a.agg_types[i], true};
    cJSON *j = rel_obj("aggregate");
    cJSON_AddItemToObject(j, "input", in.j);
    cJSON_AddItemToObject(j, "keys", keys);
    cJSON_AddItemToObject(j, "aggs", a.aggs);
    a.aggs = NULL;
    cJSON_AddItemToObject(j, "schema", schema_json(acols, na, NULL));
    if (hv.j) {
        cJSON *f = rel_obj("filter");
        cJSON_AddItemToObject(f, "input", j);
        cJSON_AddItemToObject(f, "cond", bexpr_cast(hv.j, hv.type, TYPE(TY_BOOLEAN)));
        cJSON_AddItemToObject(f, "schema", schema_json(acols, na, NULL));
        j = f;
    }
    if (w.nfuncs) {
        BCol *wc;
        j = wrap_window(P, j, acols, na, &w, &wc);
    }
    win_free(&w);
    agg_free(&a);
    cJSON *p = rel_obj("project");
    cJSON_AddItemToObject(p, "input", j);
    cJSON_AddItemToObject(p, "exprs", exprs);
    BRel out = finish(P, p, ocols, nouts, &in);
    return out;
}

/* ---------------------------------------------------------------- joins, set ops */

static BRel bind_join(Planner *P, IrRel *r, BRel l, BRel rr) {
    uint32_t n = l.ncols + rr.ncols;
    BCol *cols = arena_alloc(P->a, (n + 1) * sizeof *cols);
    if (l.ncols) memcpy(cols, l.cols, l.ncols * sizeof *cols);
    if (rr.ncols) memcpy(cols + l.ncols, rr.cols, rr.ncols * sizeof *cols);
    static const char *types[] = {"inner", "left", "right", "full", "semi", "anti", "cross"};
    cJSON *j = rel_obj("join");
    cJSON_AddItemToObject(j, "left", l.j);
    cJSON_AddItemToObject(j, "right", rr.j);
    cJSON_AddStringToObject(j, "type", types[r->join]);
    bool ok = true;
    cJSON *cond = NULL;
    int *lk = NULL, *rk = NULL;
    if (r->nnames) {
        lk = xcalloc(r->nnames, sizeof *lk);
        rk = xcalloc(r->nnames, sizeof *rk);
        for (uint32_t i = 0; i < r->nnames; i++) {
            lk[i] = rk[i] = -1;
            for (uint32_t k = 0; k < l.ncols && lk[i] < 0; k++)
                if (str_ieq(l.cols[k].name, r->names[i])) lk[i] = (int)k;
            for (uint32_t k = 0; k < rr.ncols && rk[i] < 0; k++)
                if (str_ieq(rr.cols[k].name, r->names[i])) rk[i] = (int)k;
            if (lk[i] < 0 || rk[i] < 0) {
                diag_error(P->d, r->loc, "USING column '%s' is not on both sides of the join",
                           r->names[i]);
                ok = false;
                continue;
            }
            Type t;
            if (!type_common(l.cols[lk[i]].type, rr.cols[rk[i]].type, &t)) t = l.cols[lk[i]].type;
            cJSON *a[2];
            a[0] = cJSON_CreateObject();
            cJSON_AddNumberToObject(a[0], "col", lk[i]);
            cJSON_AddItemToObject(a[0], "type", json_type(l.cols[lk[i]].type));
            a[1] = cJSON_CreateObject();
            cJSON_AddNumberToObject(a[1], "col", l.ncols + rk[i]);
            cJSON_AddItemToObject(a[1], "type", json_type(rr.cols[rk[i]].type));
            a[0] = bexpr_cast(a[0], l.cols[lk[i]].type, t);
            a[1] = bexpr_cast(a[1], rr.cols[rk[i]].type, t);
            cJSON *eq = cJSON_CreateObject();
            cJSON_AddStringToObject(eq, "fn", "eq");
            cJSON *args = cJSON_AddArrayToObject(eq, "args");
            cJSON_AddItemToArray(args, a[0]);
            cJSON_AddItemToArray(args, a[1]);
            cJSON_AddStringToObject(eq, "type", "boolean");
            if (!cond) cond = eq;
            else {
                cJSON *and = cJSON_CreateObject();
                cJSON_AddStringToObject(and, "fn", "and");
                cJSON *aa = cJSON_AddArrayToObject(and, "args");
                cJSON_AddItemToArray(aa, cond);
                cJSON_AddItemToArray(aa, eq);
                cJSON_AddStringToObject(and, "type", "boolean");
                cond = and;
            }
        }
    } else if (r->cond) {
        BExpr b = bind_expr_in(P, cols, n, r->cond, &ok);
        if (b.j) cond = bexpr_cast(b.j, b.type, TYPE(TY_BOOLEAN));
    }
    if (cond) cJSON_AddItemToObject(j, "cond", cond);
    else cJSON_AddNullToObject(j, "cond");
    bool left_only = r->join == IRJOIN_SEMI || r->join == IRJOIN_ANTI;
    uint32_t nout = left_only ? l.ncols : n;
    cJSON_AddItemToObject(j, "schema", schema_json(cols, nout, NULL));
    BRel out = {.j = j, .cols = cols, .ncols = nout, .streaming = l.streaming || rr.streaming,
                .watermark = l.watermark || rr.watermark};
    if (!ok) {
        free(lk);
        free(rk);
        cJSON_Delete(j);
        return failed_rel();
    }
    if (r->nnames && !left_only) {
        /* USING: the join columns once, first, then the other columns of each side. */
        BCol *pc = arena_alloc(P->a, (n + 1) * sizeof *pc);
        cJSON *exprs = cJSON_CreateArray();
        uint32_t np = 0;
        for (uint32_t i = 0; i < r->nnames; i++) {
            int src = r->join == IRJOIN_RIGHT ? (int)l.ncols + rk[i] : lk[i];
            cJSON *e = cJSON_CreateObject();
            cJSON_AddNumberToObject(e, "col", src);
            cJSON_AddItemToObject(e, "type", json_type(cols[src].type));
            cJSON_AddItemToArray(exprs, e);
            pc[np++] = cols[src];
        }
        for (uint32_t k = 0; k < n; k++) {
            bool skip = false;
            for (uint32_t i = 0; i < r->nnames; i++)
                if ((int)k == lk[i] || (int)k == (int)l.ncols + rk[i]) skip = true;
            if (skip) continue;
            cJSON *e = cJSON_CreateObject();
            cJSON_AddNumberToObject(e, "col", k);
            cJSON_AddItemToObject(e, "type", json_type(cols[k].type));
            cJSON_AddItemToArray(exprs, e);
            pc[np++] = cols[k];
        }
        cJSON *p = rel_obj("project");
        cJSON_AddItemToObject(p, "input", j);
        cJSON_AddItemToObject(p, "exprs", exprs);
        BRel po = finish(P, p, pc, np, &out);
        free(lk);
        free(rk);
        return po;
    }
    free(lk);
    free(rk);
    return out;
}

/* Wrap rel in a projection casting its columns to types[] (and reordering by map). */
static cJSON *cast_project(Planner *P, BRel *in, const int *map, const Type *types, BCol *cols,
                           uint32_t n) {
    bool need = in->ncols != n;
    for (uint32_t i = 0; i < n && !need; i++)
        if (map[i] != (int)i || !type_eq(in->cols[i].type, types[i])) need = true;
    if (!need) return in->j;
    cJSON *exprs = cJSON_CreateArray();
    for (uint32_t i = 0; i < n; i++) {
        cJSON *e;
        if (map[i] < 0) {
            e = cJSON_CreateObject();
            cJSON_AddNullToObject(e, "lit");
            cJSON_AddItemToObject(e, "type", json_type(types[i]));
        } else {
            e = cJSON_CreateObject();
            cJSON_AddNumberToObject(e, "col", map[i]);
            cJSON_AddItemToObject(e, "type", json_type(in->cols[map[i]].type));
            e = bexpr_cast(e, in->cols[map[i]].type, types[i]);
        }
        cJSON_AddItemToArray(exprs, e);
    }
    (void)P;
    cJSON *p = rel_obj("project");
    cJSON_AddItemToObject(p, "input", in->j);
    cJSON_AddItemToObject(p, "exprs", exprs);
    cJSON_AddItemToObject(p, "schema", schema_json(cols, n, NULL));
    return p;
}

static BRel bind_setop(Planner *P, IrRel *r, BRel l, BRel rr) {
    static const char *ops[] = {"union", "intersect", "except"};
    uint32_t n = l.ncols;
    int *rmap = xcalloc(n + rr.ncols + 1, sizeof *rmap);
    int *lmap = xcalloc(n + 1, sizeof *lmap);
    bool ok = true;
    for (uint32_t i = 0; i < n; i++) {
        lmap[i] = (int)i;
        rmap[i] = (int)i;
        if (r->by_name) {
            rmap[i] = -1;
            for (uint32_t k = 0; k < rr.ncols; k++)
                if (str_ieq(rr.cols[k].name, l.cols[i].name)) rmap[i] = (int)k;
            if (rmap[i] < 0 && !r->allow_missing) {
                diag_error(P->d, r->loc, "column '%s' is missing from the right side of unionByName",
                           l.cols[i].name);
                ok = false;
            }
        }
    }
    if (!r->by_name && rr.ncols != n) {
        diag_error(P->d, r->loc, "%s needs the same number of columns on both sides: %u and %u",
                   ops[r->setop], n, rr.ncols);
        ok = false;
    }
    BCol *cols = arena_alloc(P->a, (n + 1) * sizeof *cols);
    Type *types = xcalloc(n + 1, sizeof *types);
    for (uint32_t i = 0; i < n && ok; i++) {
        Type rt = rmap[i] >= 0 ? rr.cols[rmap[i]].type : l.cols[i].type;
        if (!type_common(l.cols[i].type, rt, &types[i])) {
            char b1[64], b2[64];
            diag_error(P->d, r->loc, "%s column %u has incompatible types %s and %s", ops[r->setop],
                       i + 1, type_sql_name(l.cols[i].type, b1, sizeof b1),
                       type_sql_name(rt, b2, sizeof b2));
            ok = false;
        }
        cols[i] = (BCol){l.cols[i].name, NULL, types[i], true};
    }
    if (!ok) {
        cJSON_Delete(l.j);
        cJSON_Delete(rr.j);
        free(rmap);
        free(lmap);
        free(types);
        return failed_rel();
    }
    cJSON *j = rel_obj(ops[r->setop]);
    cJSON *ins = cJSON_AddArrayToObject(j, "inputs");
    cJSON_AddItemToArray(ins, cast_project(P, &l, lmap, types, cols, n));
    cJSON_AddItemToArray(ins, cast_project(P, &rr, rmap, types, cols, n));
    cJSON_AddBoolToObject(j, "all", r->all);
    free(rmap);
    free(lmap);
    free(types);
    BRel out = finish(P, j, cols, n, &l);
    out.streaming = l.streaming || rr.streaming;
    return out;
}

/* ---------------------------------------------------------------- the rest */

static BRel bind_explode(Planner *P, IrRel *r, BRel in) {
    IrExpr *g = r->exprs[0];
    const char *fn = g && g->kind == EX_CALL && g->name ? g->name : "";
    bool pos = str_ieq(fn, "posexplode") || str_ieq(fn, "posexplode_outer");
    bool outer = r->outer || str_ends_with(fn, "_outer");
    if (!g || g->nargs != 1) {
        diag_error(P->d, r->loc, "'%s' expects one argument", fn);
        cJSON_Delete(in.j);
        return failed_rel();
    }
    bool ok = true;
    BExpr x = bind_expr_in(P, in.cols, in.ncols, g->args[0], &ok);
    if (!ok) {
        cJSON_Delete(x.j);
        cJSON_Delete(in.j);
        return failed_rel();
    }
    bool is_map = x.type.id == TY_MAP;
    if (x.type.id != TY_ARRAY && !is_map) {
        char b[64];
        diag_error(P->d, g->loc, "'%s' expects an array or a map, got %s", fn,
                   type_sql_name(x.type, b, sizeof b));
        cJSON_Delete(x.j);
        cJSON_Delete(in.j);
        return failed_rel();
    }
    uint32_t extra = (pos ? 1 : 0) + (is_map ? 2 : 1);
    BCol *cols = arena_alloc(P->a, (in.ncols + extra) * sizeof *cols);
    if (in.ncols) memcpy(cols, in.cols, in.ncols * sizeof *cols);
    uint32_t n = in.ncols, k = 0;
    const char *defs[3];
    Type ts[3];
    uint32_t nd = 0;
    if (pos) defs[nd] = "pos", ts[nd++] = TYPE(TY_INT);
    if (is_map) {
        defs[nd] = "key", ts[nd++] = x.type.nested ? x.type.nested->elem : TYPE(TY_STRING);
        defs[nd] = "value", ts[nd++] = x.type.nested ? x.type.nested->value : TYPE(TY_STRING);
    } else {
        defs[nd] = "col", ts[nd++] = x.type.nested ? x.type.nested->elem : TYPE(TY_STRING);
    }
    for (k = 0; k < nd; k++)
        cols[n++] = (BCol){k < r->nnames ? r->names[k] : defs[k], r->alias, ts[k], true};
    cJSON *j = rel_obj("explode");
    cJSON_AddItemToObject(j, "input", in.j);
    cJSON_AddItemToObject(j, "expr", x.j);
    cJSON_AddBoolToObject(j, "outer", outer);
    cJSON_AddBoolToObject(j, "with_pos", pos);
    return finish(P, j, cols, n, &in);
}

static BRel bind_rename_drop(Planner *P, IrRel *r, BRel in) {
    ItemList items = {arena_alloc(P->a, (in.ncols + 1) * sizeof(IrExpr *)), 0};
    for (uint32_t c = 0; c < in.ncols; c++) {
        const char *name = in.cols[c].name;
        bool dropped = false;
        if (r->kind == REL_DROP)
            for (uint32_t k = 0; k < r->nnames; k++)
                if (str_ieq(r->names[k], name)) dropped = true;
        if (dropped) continue;
        IrExpr *e = ir_col(P->a, in.cols[c].qual, name, r->loc);
        e->ival = c + 1;
        if (r->kind == REL_RENAME)
            for (uint32_t k = 0; k + 1 < r->nnames; k += 2)
                if (str_ieq(r->names[k], name)) {
                    e = ir_alias(P->a, e, r->names[k + 1], r->loc);
                    break;
                }
        items.items[items.n++] = e;
    }
    BindCtx c = {.P = P, .cols = in.cols, .ncols = in.ncols, .ok = true};
    for (uint32_t i = 0; i < items.n; i++)
        if (items.items[i]->kind == EX_ALIAS) {
            IrExpr *inner = items.items[i]->args[0];
            BExpr b = bind_item(&c, inner);
            (void)b;
            cJSON_Delete(b.j);
        }
    BRel out = project_items(P, in, &c, items, in.j, r->loc);
    for (uint32_t i = 0; i < items.n && out.j; i++)
        if (items.items[i]->kind == EX_COL) out.cols[i].qual = in.cols[items.items[i]->ival - 1].qual;
    return out;
}

/* Which sort keys bind to the select list's output (checked quietly); true if all. */
static bool sort_keys_bind(Planner *P, IrRel *r, const BRel *in, bool *binds) {
    Diags quiet, *saved = P->d;
    diag_init(&quiet);
    P->d = &quiet;
    bool all = true;
    for (uint32_t k = 0; k < r->nsort; k++) {
        IrExpr *e = r->sort[k].expr;
        BindCtx c = {.P = P, .cols = in->cols, .ncols = in->ncols, .ok = true};
        if (!(e && e->kind == EX_LIT && e->text && type_is_integral(e->type.id))) {
            BExpr b = bind_expr(&c, e);
            cJSON_Delete(b.j);
        }
        if (binds) binds[k] = c.ok;
        if (!c.ok) all = false;
    }
    P->d = saved;
    diag_free(&quiet);
    return all;
}

/* ORDER BY a column the select list does not output (Spark resolves it against the
 * projection's input): the keys ride along as hidden outputs of the projection or
 * aggregate, the sort uses them, and a final projection drops them. */
static BRel bind_sort_hidden(Planner *P, IrRel *r, const BRel *first) {
    bool *binds = arena_alloc(P->a, (r->nsort + 1) * sizeof *binds);
    sort_keys_bind(P, r, first, binds);
    IrRel *sel = arena_alloc(P->a, sizeof *sel);
    *sel = *r->input;
    uint32_t n0 = sel->nexprs;
    sel->exprs = arena_alloc(P->a, (n0 + r->nsort + 1) * sizeof *sel->exprs);
    if (n0) memcpy(sel->exprs, r->input->exprs, n0 * sizeof *sel->exprs);
    IrSortKey *sk = arena_alloc(P->a, (r->nsort + 1) * sizeof *sk);
    uint32_t nh = 0;
    for (uint32_t k = 0; k < r->nsort; k++) {
        sk[k] = r->sort[k];
        IrExpr *e = r->sort[k].expr;
        if (binds[k]) {
            /* an output name or an ordinal: refer to that output column */
            if (e && e->kind == EX_LIT && e->text && type_is_integral(e->type.id)) {
                long ord = strtol(e->text, NULL, 10);
                if (ord >= 1 && (uint32_t)ord <= first->ncols)
                    sk[k].expr = ir_col(P->a, NULL, first->cols[ord - 1].name, e->loc);
            }
            continue;
        }
        const char *h = arena_printf(P->a, "__sort%u", k);
        sel->exprs[n0 + nh++] = ir_alias(P->a, e, h, e ? e->loc : r->loc);
        sk[k].expr = ir_col(P->a, NULL, h, e ? e->loc : r->loc);
    }
    sel->nexprs = n0 + nh;
    P->quiet_warnings = true;  // the input was bound once already: warnings were given
    BRel in = bind_rel(P, sel);
    P->quiet_warnings = false;
    if (!in.j) return in;
    uint32_t nvis = in.ncols - nh;
    BindCtx c = {.P = P, .cols = in.cols, .ncols = in.ncols, .ok = true};
    cJSON *keys = bind_sort_json(&c, sk, r->nsort);
    if (!c.ok) {
        cJSON_Delete(keys);
        cJSON_Delete(in.j);
        return failed_rel();
    }
    cJSON *j = rel_obj("sort");
    cJSON_AddItemToObject(j, "input", in.j);
    cJSON_AddItemToObject(j, "keys", keys);
    BRel sorted = finish(P, j, in.cols, in.ncols, &in);
    cJSON *exprs = cJSON_CreateArray();
    for (uint32_t i = 0; i < nvis; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "col", i);
        cJSON_AddItemToObject(e, "type", json_type(in.cols[i].type));
        cJSON_AddItemToArray(exprs, e);
    }
    cJSON *p = rel_obj("project");
    cJSON_AddItemToObject(p, "input", sorted.j);
    cJSON_AddItemToObject(p, "exprs", exprs);
    return finish(P, p, in.cols, nvis, &in);
}

/* Expand (GROUPING SETS): the input's columns, the key columns nullable, then __gid. */
static BRel bind_expand(Planner *P, IrRel *r, BRel in) {
    cJSON *j = rel_obj("expand");
    cJSON *keys = cJSON_CreateArray(), *sets = cJSON_CreateArray();
    BCol *cols = arena_alloc(P->a, (in.ncols + 1) * sizeof *cols);
    memcpy(cols, in.cols, in.ncols * sizeof *cols);
    for (uint32_t k = 0; k < r->nnames; k++) {
        int at = -1;
        for (uint32_t i = 0; i < in.ncols; i++)
            if (in.cols[i].name && !strcmp(in.cols[i].name, r->names[k])) at = (int)i;
        if (at < 0) {
            cJSON_Delete(j), cJSON_Delete(keys), cJSON_Delete(sets), cJSON_Delete(in.j);
            return failed_rel();
        }
        cols[at].nullable = true;
        cJSON_AddItemToArray(keys, cJSON_CreateNumber(at));
    }
    for (uint32_t s = 0; s < r->ngsets; s++)
        cJSON_AddItemToArray(sets, cJSON_CreateNumber((double)r->gsets[s]));
    cols[in.ncols] = (BCol){"__gid", NULL, TYPE(TY_BIGINT), false};
    cJSON_AddItemToObject(j, "input", in.j);
    cJSON_AddItemToObject(j, "keys", keys);
    cJSON_AddItemToObject(j, "sets", sets);
    return finish(P, j, cols, in.ncols + 1, &in);
}

static BRel bind_single(Planner *P, IrRel *r, BRel in) {
    switch (r->kind) {
    case REL_EXPAND: return bind_expand(P, r, in);
    case REL_FILTER: {
        bool ok = true;
        BExpr b = bind_expr_in(P, in.cols, in.ncols, r->cond, &ok);
        if (!ok) {
            cJSON_Delete(b.j);
            cJSON_Delete(in.j);
            return failed_rel();
        }
        if (b.type.id != TY_BOOLEAN && b.type.id != TY_NULL) {
            char buf[64];
            diag_error(P->d, r->cond->loc, "filter condition must be boolean, got %s",
                       type_sql_name(b.type, buf, sizeof buf));
            cJSON_Delete(b.j);
            cJSON_Delete(in.j);
            return failed_rel();
        }
        cJSON *j = rel_obj("filter");
        cJSON_AddItemToObject(j, "input", in.j);
        cJSON_AddItemToObject(j, "cond", bexpr_cast(b.j, b.type, TYPE(TY_BOOLEAN)));
        return finish(P, j, in.cols, in.ncols, &in);
    }
    case REL_PROJECT: return bind_project(P, r, in);
    case REL_AGGREGATE: {
        bool ok = true;
        ItemList items = expand_stars(P, r->exprs, r->nexprs, in.cols, in.ncols, &ok);
        if (!ok) {
            cJSON_Delete(in.j);
            return failed_rel();
        }
        return bind_aggregate(P, r, in, items.items, items.n, r->cond);
    }
    case REL_SORT: {
        if (r->input && (r->input->kind == REL_PROJECT || r->input->kind == REL_AGGREGATE) &&
            !sort_keys_bind(P, r, &in, NULL)) {
            BRel out = bind_sort_hidden(P, r, &in);
            cJSON_Delete(in.j);
            return out;
        }
        BindCtx c = {.P = P, .cols = in.cols, .ncols = in.ncols, .ok = true};
        /* ORDER BY 2: an integer literal is the ordinal of an output column
         * (spark.sql.orderByOrdinal). The IR stays as it is: keys are a copy. */
        IrSortKey *sk = arena_alloc(P->a, (r->nsort + 1) * sizeof *sk);
        if (r->nsort) memcpy(sk, r->sort, r->nsort * sizeof *sk);
        for (uint32_t k = 0; k < r->nsort; k++) {
            IrExpr *e = sk[k].expr;
            if (!e || e->kind != EX_LIT || !e->text || !type_is_integral(e->type.id)) continue;
            long ord = strtol(e->text, NULL, 10);
            if (ord < 1 || (uint32_t)ord > in.ncols) {
                diag_error(P->d, e->loc, "ORDER BY position %ld is not in the select list (1 to %u)",
                           ord, in.ncols);
                c.ok = false;
                continue;
            }
            sk[k].expr = ir_col(P->a, in.cols[ord - 1].qual, in.cols[ord - 1].name, e->loc);
        }
        cJSON *keys = bind_sort_json(&c, sk, r->nsort);
        if (!c.ok) {
            cJSON_Delete(keys);
            cJSON_Delete(in.j);
            return failed_rel();
        }
        cJSON *j = rel_obj("sort");
        cJSON_AddItemToObject(j, "input", in.j);
        cJSON_AddItemToObject(j, "keys", keys);
        return finish(P, j, in.cols, in.ncols, &in);
    }
    case REL_LIMIT: {
        cJSON *j = rel_obj("limit");
        cJSON_AddItemToObject(j, "input", in.j);
        if (r->limit < 0) cJSON_AddNullToObject(j, "limit");
        else cJSON_AddNumberToObject(j, "limit", (double)r->limit);
        cJSON_AddNumberToObject(j, "offset", (double)(r->offset > 0 ? r->offset : 0));
        return finish(P, j, in.cols, in.ncols, &in);
    }
    case REL_DISTINCT: {
        cJSON *j = rel_obj("distinct");
        cJSON_AddItemToObject(j, "input", in.j);
        return finish(P, j, in.cols, in.ncols, &in);
    }
    case REL_DEDUP: {
        cJSON *keys = cJSON_CreateArray();
        bool ok = true;
        for (uint32_t k = 0; k < r->nnames; k++) {
            int found = -1;
            for (uint32_t c = 0; c < in.ncols && found < 0; c++)
                if (str_ieq(in.cols[c].name, r->names[k])) found = (int)c;
            if (found < 0) {
                diag_error(P->d, r->loc, "dropDuplicates: unknown column '%s'", r->names[k]);
                ok = false;
            } else {
                cJSON_AddItemToArray(keys, cJSON_CreateNumber(found));
            }
        }
        if (r->nnames == 0)
            for (uint32_t c = 0; c < in.ncols; c++) cJSON_AddItemToArray(keys, cJSON_CreateNumber(c));
        if (!ok) {
            cJSON_Delete(keys);
            cJSON_Delete(in.j);
            return failed_rel();
        }
        cJSON *j = rel_obj("dedup");
        cJSON_AddItemToObject(j, "input", in.j);
        cJSON_AddItemToObject(j, "keys", keys);
        return finish(P, j, in.cols, in.ncols, &in);
    }
    case REL_EXPLODE: return bind_explode(P, r, in);
    case REL_ALIAS: {
        BCol *cols = cols_copy(P, in.cols, in.ncols, r->alias);
        if (r->nnames && r->nnames != in.ncols) {
            diag_error(P->d, r->loc, "alias '%s' names %u columns, the query has %u",
                       r->alias ? r->alias : "", r->nnames, in.ncols);
            cJSON_Delete(in.j);
            return failed_rel();
        }
        for (uint32_t i = 0; i < r->nnames; i++) cols[i].name = r->names[i];
        BRel out = in;
        out.cols = cols;
        if (r->nnames) {
            cJSON_DeleteItemFromObject(out.j, "schema");
            cJSON_AddItemToObject(out.j, "schema", schema_json(cols, in.ncols, NULL));
        }
        return out;
    }
    case REL_WATERMARK: {
        bool found = false;
        for (uint32_t c = 0; c < in.ncols; c++)
            if (r->nnames && str_ieq(in.cols[c].name, r->names[0])) found = true;
        if (!found) {
            diag_error(P->d, r->loc, "withWatermark: unknown column '%s'",
                       r->nnames ? r->names[0] : "");
            cJSON_Delete(in.j);
            return failed_rel();
        }
        in.watermark = true;
        return in;
    }
    case REL_RENAME:
    case REL_DROP: return bind_rename_drop(P, r, in);
    default: cJSON_Delete(in.j); return failed_rel();
    }
}

/* select(a, explode(x) AS p): Spark allows one generator among other select items. It
 * becomes an explode under a project of the other items and the generator's output
 * (arrays: [pos,] col). New IR nodes; the input tree is not changed. */
static IrRel *split_generator(Planner *P, IrRel *r) {
    int gi = -1;
    for (uint32_t i = 0; i < r->nexprs; i++) {
        IrExpr *e = r->exprs[i], *x = e && e->kind == EX_ALIAS && e->nargs ? e->args[0] : e;
        const FuncInfo *f = x && x->kind == EX_CALL && x->name ? func_lookup(x->name) : NULL;
        if (!f || f->kind != FN_GENERATOR) continue;
        if (gi >= 0) return r;  // two generators: the binder reports it
        gi = (int)i;
    }
    if (gi < 0 || r->nexprs == 1) return r;
    IrExpr *e = r->exprs[gi], *call = e->kind == EX_ALIAS ? e->args[0] : e;
    bool pos = str_ieq(call->name, "posexplode") || str_ieq(call->name, "posexplode_outer");
    const char *names[2] = {"__gen_pos", "__gen_col"};
    IrRel *ex = ir_explode(P->a, r->input, call, false, NULL, pos ? names : names + 1, pos ? 2 : 1,
                           call->loc);
    IrExpr **items = arena_alloc(P->a, (r->nexprs + 2) * sizeof *items);
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->nexprs; i++) {
        if ((int)i != gi) {
            items[n++] = r->exprs[i];
            continue;
        }
        if (pos) items[n++] = ir_alias(P->a, ir_col(P->a, NULL, "__gen_pos", call->loc), "pos", call->loc);
        items[n++] = ir_alias(P->a, ir_col(P->a, NULL, "__gen_col", call->loc),
                              e->kind == EX_ALIAS ? e->name : "col", call->loc);
    }
    return ir_project(P->a, ex, items, n, r->loc);
}

BRel bind_rel(Planner *P, IrRel *r) {
    if (!r) return failed_rel();
    if (r->kind == REL_PROJECT) r = split_generator(P, r);
    if (gsets_used(r) && !(r = gsets_rewrite(P, r))) return failed_rel();
    switch (r->kind) {
    case REL_SCAN: return bind_scan(P, r);
    case REL_FILES: return bind_files(P, r);
    case REL_VALUES: return bind_values(P, r);
    case REL_OPAQUE: return unknown_rel();
    default: break;
    }
    BRel in = bind_rel(P, r->input);
    BRel right = {0};
    if (r->kind == REL_JOIN || r->kind == REL_SETOP) right = bind_rel(P, r->right);
    if (!usable(&in) || ((r->kind == REL_JOIN || r->kind == REL_SETOP) && !usable(&right))) {
        bool unknown = (in.unknown || right.unknown) && !in.failed && !right.failed;
        cJSON_Delete(in.j);
        cJSON_Delete(right.j);
        return unknown ? unknown_rel() : failed_rel();
    }
    if (r->kind == REL_JOIN) return bind_join(P, r, in, right);
    if (r->kind == REL_SETOP) return bind_setop(P, r, in, right);
    return bind_single(P, r, in);
}
