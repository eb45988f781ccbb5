/* APPLY CHANGES / AUTO CDC flows (dlt-language.md 4.7): read the source's new events
 * through the scan provider, order them per key by SEQUENCE BY, merge them into the
 * current table contents in memory (rt_cdc_merge.c) and write the result in one
 * atomic commit: an overwrite, or an append when only new keys arrived. The per-key
 * state (rt_cdc_state.c) is committed with it like the checkpoint. */
#include "rt_cdc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- setup from the plan's cdc object ---- */

static int ordinals(const cJSON *arr, uint32_t ncols, int **out, uint32_t *n, Arena *a,
                    const char *what, const RtFlow *f, char **err) {
    int cnt = cJSON_GetArraySize(arr);
    *out = arena_alloc(a, (size_t)(cnt + 1) * sizeof **out);
    *n = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, arr) {
        if (!cJSON_IsNumber(x) || x->valuedouble < 0 || x->valuedouble >= ncols) {
            *err = rt_strdupf("plan: flow '%s': bad cdc %s ordinal", f->name, what);
            return -1;
        }
        (*out)[(*n)++] = (int)x->valuedouble;
    }
    return 0;
}

/* The plan is input like any other: every column reference must be an output column
 * of the query, of that column's type. */
static bool cols_ok(const PlanExpr *e, const PlanNode *q) {
    if (!e) return true;
    if (e->kind == PX_COL)
        return (uint32_t)e->col < q->ncols && e->type.id == q->types[e->col].id;
    if (e->kind == PX_LAMBDA) return false;
    for (int i = 0; i < e->nargs; i++)
        if (!cols_ok(e->args[i], q)) return false;
    return true;
}

static int compile_expr(Cdc *c, const cJSON *j, ExprState **out, Type *type, char **err) {
    ExprEnv env = {.ansi = c->f->ansi, .now_us = c->up->now_us};
    PlanExpr *e = plan_load_expr(j, &c->a, err);
    if (!e) return -1;
    if (!cols_ok(e, c->f->query) || (!type && e->type.id != TY_BOOLEAN)) {
        *err = rt_strdupf("plan: flow '%s': a cdc expression does not match the query's "
                          "columns", c->f->name);
        return -1;
    }
    *out = expr_compile(e, &env, err);
    if (!*out) return -1;
    if (type) *type = expr_type(*out);
    return 0;
}

static int cdc_setup(Cdc *c, const Schema *table, char **err) {
    RtFlow *f = c->f;
    const cJSON *j = f->cdc;
    uint32_t nq = f->query->ncols;
    if (!cJSON_IsObject(j)) {
        *err = rt_strdupf("plan: flow '%s' has no cdc object", f->name);
        return -1;
    }
    for (uint32_t i = 0; i < nq; i++) // values are kept as Datums, which hold no elements
        if (type_is_nested(f->query->types[i].id)) {
            *err = rt_strdupf("flow '%s': APPLY CHANGES with ARRAY or MAP columns ('%s') is not "
                              "supported yet", f->name, f->query->names[i]);
            return -1;
        }
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "scd_type");
    c->scd = cJSON_IsNumber(st) && st->valuedouble == 2 ? 2 : 1;
    c->ignore_nulls = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "ignore_null_updates"));
    int *keys;
    if (ordinals(cJSON_GetObjectItemCaseSensitive(j, "keys"), nq, &keys, &c->nkeys, &c->a, "key",
                 f, err) ||
        ordinals(cJSON_GetObjectItemCaseSensitive(j, "columns"), nq, &c->sel, &c->nsel, &c->a,
                 "column", f, err))
        return -1;
    if (!c->nkeys || !c->nsel) {
        *err = rt_strdupf("plan: flow '%s': cdc needs keys and columns", f->name);
        return -1;
    }
    c->keypos = arena_alloc(&c->a, c->nkeys * sizeof *c->keypos);
    for (uint32_t k = 0; k < c->nkeys; k++) {
        c->keypos[k] = -1;
        for (uint32_t s = 0; s < c->nsel; s++)
            if (c->sel[s] == keys[k]) c->keypos[k] = (int)s;
        if (c->keypos[k] < 0) {
            *err = rt_strdupf("flow '%s': key column '%s' is not among the stored columns",
                              f->name, f->query->names[keys[k]]);
            return -1;
        }
    }
    c->tracked = arena_alloc(&c->a, c->nsel * sizeof *c->tracked);
    const cJSON *th = cJSON_GetObjectItemCaseSensitive(j, "track_history");
    for (uint32_t s = 0; s < c->nsel; s++) {
        bool is_key = false;
        for (uint32_t k = 0; k < c->nkeys; k++) is_key |= c->keypos[k] == (int)s;
        const cJSON *x;
        bool listed = !cJSON_IsArray(th);
        cJSON_ArrayForEach(x, th) if (cJSON_IsNumber(x) && (int)x->valuedouble == c->sel[s])
            listed = true;
        c->tracked[s] = !is_key && listed;
    }
    // SEQUENCE BY struct(a, b): compared field by field
    const cJSON *sq = cJSON_GetObjectItemCaseSensitive(j, "sequence_by");
    const cJSON *fn = cJSON_GetObjectItemCaseSensitive(sq, "fn");
    const cJSON *parts = cJSON_IsString(fn) && !strcmp(fn->valuestring, "struct")
                             ? cJSON_GetObjectItemCaseSensitive(sq, "args") : NULL;
    if (parts) {
        const cJSON *x;
        cJSON_ArrayForEach(x, parts) {
            if (c->nseq == CDC_MAX_SEQ) {
                *err = rt_strdupf("flow '%s': SEQUENCE BY has too many fields", f->name);
                return -1;
            }
            if (compile_expr(c, x, &c->seq_st[c->nseq], &c->seq_type[c->nseq], err)) return -1;
            c->nseq++;
        }
    } else {
        if (compile_expr(c, sq, &c->seq_st[0], &c->seq_type[0], err)) return -1;
        c->nseq = 1;
    }
    for (uint32_t i = 0; i < c->nseq; i++)
        if (c->seq_type[i].id >= TY_ARRAY && c->seq_type[i].id != TY_INTERVAL) {
            *err = rt_strdupf("flow '%s': SEQUENCE BY of a nested type is not supported",
                              f->name);
            return -1;
        }
    const cJSON *dw = cJSON_GetObjectItemCaseSensitive(j, "delete_when");
    const cJSON *tw = cJSON_GetObjectItemCaseSensitive(j, "truncate_when");
    if (dw && !cJSON_IsNull(dw) && compile_expr(c, dw, &c->del_st, NULL, err)) return -1;
    if (tw && !cJSON_IsNull(tw) && compile_expr(c, tw, &c->trunc_st, NULL, err)) return -1;
    if (c->trunc_st && c->scd == 2) {
        *err = rt_strdupf("flow '%s': APPLY AS TRUNCATE WHEN is not allowed with SCD TYPE 2",
                          f->name);
        return -1;
    }
    // the table must hold the selected columns (+ __START_AT, __END_AT of the sequence type)
    uint32_t want = c->nsel + (c->scd == 2 ? 2 : 0);
    bool ok = table->ncols == want;
    for (uint32_t s = 0; ok && s < c->nsel; s++)
        ok = type_eq(table->cols[s].type, f->query->types[c->sel[s]]);
    if (ok && c->scd == 2)
        ok = c->nseq == 1 && type_eq(table->cols[c->nsel].type, c->seq_type[0]) &&
             type_eq(table->cols[c->nsel + 1].type, c->seq_type[0]);
    if (!ok) {
        *err = rt_strdupf("flow '%s': the columns of table '%s' do not match the change "
                          "feed's selected columns%s", f->name, f->target->name,
                          c->scd == 2 && c->nseq != 1
                              ? " (SCD TYPE 2 needs a single SEQUENCE BY column)" : "");
        return -1;
    }
    return 0;
}

/* ---- the current table ---- */

static int table_load(Cdc *c, StoreTable *t, char **err) {
    const Schema *s = store_schema(t);
    Type *types = xcalloc(s->ncols + 1, sizeof *types);
    for (uint32_t i = 0; i < s->ncols; i++) types[i] = s->cols[i].type;
    Batch *b = batch_new(types, s->ncols);
    StoreScan *sc = store_scan_open(t, NULL, 0, NULL, 0, err);
    int rc = sc ? 0 : -1;
    while (rc == 0) {
        int r = store_scan_next(sc, b, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        for (uint32_t k = 0; k < batch_live(b); k++) {
            uint32_t row = batch_row(b, k);
            Datum *vals = arena_alloc(&c->a, c->nsel * sizeof *vals);
            for (uint32_t j = 0; j < c->nsel; j++)
                vals[j] = cdc_datum_keep(&c->a, vec_get_datum(&b->cols[j], row));
            CdcEntity *e = cdc_entity(c, vals);
            e->stored = true;
            if (c->scd == 1) {
                e->row = vals;
                continue;
            }
            CdcEvent *v = arena_alloc(&c->a, sizeof *v);
            v->vals = vals;
            v->seq[0] = vec_get_datum(&b->cols[c->nsel], row);
            v->end = vec_get_datum(&b->cols[c->nsel + 1], row);
            v->kind = CDC_UPSERT;
            v->history = true;
            if (v->seq[0].is_null) continue;  // not a version this flow wrote
            cdc_entity_add(e, v);
        }
    }
    if (sc) store_scan_close(sc);
    batch_free(b);
    free(types);
    return rc;
}

/* ---- reading the change events ---- */

static int take_batch(Cdc *c, Batch *b, Datum *max_trunc, bool *any_trunc, char **err) {
    uint32_t live = batch_live(b);
    const Vec *sv[CDC_MAX_SEQ], *dv = NULL, *tv = NULL;
    for (uint32_t i = 0; i < c->nseq; i++)
        if (!(sv[i] = expr_eval(c->seq_st[i], b, err))) return -1;
    if (c->del_st && !(dv = expr_eval(c->del_st, b, err))) return -1;
    if (c->trunc_st && !(tv = expr_eval(c->trunc_st, b, err))) return -1;
    for (uint32_t k = 0; k < live; k++) {
        uint32_t row = batch_row(b, k);
        CdcEvent *ev = arena_alloc(&c->a, sizeof *ev);
        ev->vals = arena_alloc(&c->a, c->nsel * sizeof *ev->vals);
        ev->ord = (uint32_t)c->nevents++;
        for (uint32_t j = 0; j < c->nsel; j++)
            ev->vals[j] = cdc_datum_keep(&c->a, vec_get_datum(&b->cols[c->sel[j]], row));
        bool all_null = true;
        for (uint32_t i = 0; i < c->nseq; i++) {
            ev->seq[i] = cdc_datum_keep(&c->a, vec_get_datum(sv[i], k));
            all_null &= ev->seq[i].is_null;
        }
        uint32_t ki = dv && dv->is_const ? 0 : k, ti = tv && tv->is_const ? 0 : k;
        if (dv && !vec_is_null(dv, ki) && ((const uint8_t *)dv->data)[ki]) ev->kind = CDC_DELETE;
        else if (tv && !vec_is_null(tv, ti) && ((const uint8_t *)tv->data)[ti])
            ev->kind = CDC_TRUNCATE;
        if (all_null) {
            char *kt = cdc_key_text(c, ev->vals);
            *err = rt_strdupf("Flow '%s': the SEQUENCE BY value of a change event is NULL "
                              "(%s)", c->f->name, kt);
            free(kt);
            return -1;
        }
        if (ev->kind == CDC_TRUNCATE) {  // applies to the whole table: its key may be NULL
            if (!*any_trunc || cdc_seq_cmp(c, ev->seq, max_trunc) > 0)
                memcpy(max_trunc, ev->seq, sizeof ev->seq);
            *any_trunc = true;
            continue;
        }
        for (uint32_t kk = 0; kk < c->nkeys; kk++)
            if (ev->vals[c->keypos[kk]].is_null) {
                char *kt = cdc_key_text(c, ev->vals);
                *err = rt_strdupf("Flow '%s': a change event has a NULL key (%s)", c->f->name,
                                  kt);
                free(kt);
                return -1;
            }
        CdcEntity *e = cdc_entity(c, ev->vals);
        e->touched = true;
        cdc_entity_add(e, ev);
    }
    return 0;
}

/* A copy of e reading the change feed's columns instead of the target's (by name). */
static PlanExpr *feed_expr(Cdc *c, const PlanExpr *e, const RtExpectation *x, char **err) {
    PlanExpr *r = arena_alloc(&c->up->arena, sizeof *r);
    *r = *e;
    const RtDataset *d = c->f->target;
    const PlanNode *q = c->f->query;
    if (e->kind == PX_COL) {
        const char *name =
            e->col >= 0 && (uint32_t)e->col < d->schema.ncols ? d->schema.cols[e->col].name : "?";
        r->col = -1;
        for (uint32_t i = 0; i < q->ncols && r->col < 0; i++)
            if (!strcasecmp(q->names[i], name) && type_eq(q->types[i], e->type)) r->col = (int)i;
        if (r->col < 0) {
            *err = rt_strdupf("expectation '%s' on '%s' reads column '%s', which the change "
                              "records of flow '%s' do not have (as %s)", x->name, d->name, name,
                              c->f->name, type_id_name(e->type.id));
            return NULL;
        }
    }
    if (e->nargs > 0) {
        r->args = arena_alloc(&c->up->arena, (size_t)e->nargs * sizeof *r->args);
        for (int i = 0; i < e->nargs; i++)
            if (!(r->args[i] = feed_expr(c, e->args[i], x, err))) return NULL;
    }
    return r;
}

/* The target's expectations are checked on the incoming change records (as DLT does
 * for APPLY CHANGES), their columns found by name in the feed. */
static int feed_checks(Cdc *c, ExecChecks *out, int64_t *dropped, char **err) {
    const RtDataset *d = c->f->target;
    *out = d->checks;
    out->flow = c->f->name;
    out->names = (const char *const *)c->f->query->names;
    out->dropped = dropped;
    if (!d->nexps) return 0;
    ExecCheck *cs = arena_alloc(&c->up->arena, d->nexps * sizeof *cs);
    for (uint32_t i = 0; i < d->nexps; i++) {
        cs[i] = d->checks.checks[i];
        if (!(cs[i].expr = feed_expr(c, d->exps[i].expr, &d->exps[i], err))) return -1;
    }
    out->checks = cs;
    return 0;
}

static int read_events(Cdc *c, ScanCtx *cx, Datum *max_trunc, bool *any_trunc, char **err) {
    ExecEnv env = {.open_scan = rt_open_scan, .view_checks = rt_view_checks,
                   .open_scan_part = rt_open_scan_part, .free_scan_group = rt_scan_group_free, .ud = cx, .ansi = c->f->ansi,
                   .now_us = c->up->now_us};
    ExecChecks checks;
    int64_t dropped = 0;
    if (feed_checks(c, &checks, &dropped, err)) return -1;
    Exec *ex = exec_open_checked(c->f->query, &env, &checks, err);
    int rc = ex ? 0 : -1;
    Batch *b;
    while (rc == 0) {
        int r = exec_next(ex, &b, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        rc = take_batch(c, b, max_trunc, any_trunc, err);
    }
    exec_close(ex);
    if (rc == 0) c->f->target->dropped += dropped;
    return rc;
}

/* ---- writing ---- */

/* Every row (overwrite), or only the rows of keys new to the table (append). */
static int write_rows(Cdc *c, StoreWrite *w, const Schema *s, int64_t *nrows, char **err) {
    Type *types = xcalloc(s->ncols + 1, sizeof *types);
    for (uint32_t i = 0; i < s->ncols; i++) types[i] = s->cols[i].type;
    Batch *b = batch_new(types, s->ncols);
    int rc = 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->nents && rc == 0; i++) {
        CdcEntity *e = c->ents[i];
        if (!c->rewrite && (e->stored || !e->touched)) continue;
        uint32_t nv = c->scd == 1 ? (e->row ? 1 : 0) : e->nevs;
        for (uint32_t k = 0; k < nv && rc == 0; k++) {
            const Datum *vals = c->scd == 1 ? e->row : e->evs[k]->vals;
            for (uint32_t j = 0; j < c->nsel; j++) vec_put_datum(&b->cols[j], n, &vals[j]);
            if (c->scd == 2) {
                vec_put_datum(&b->cols[c->nsel], n, &e->evs[k]->seq[0]);
                vec_put_datum(&b->cols[c->nsel + 1], n, &e->evs[k]->end);
            }
            (*nrows)++;
            if (++n == BATCH_ROWS) {
                b->nrows = n;
                rc = store_write_batch(w, b, err);
                batch_reset(b);
                n = 0;
            }
        }
    }
    if (rc == 0 && n) {
        b->nrows = n;
        rc = store_write_batch(w, b, err);
    }
    batch_free(b);
    free(types);
    return rc;
}

static int commit(Cdc *c, StoreTable *t, Checkpoint *ck, const char *app, char **err) {
    // Only inserts of new keys keep the table append-only for streaming readers.
    StoreWrite *w = store_write_begin(t, c->rewrite ? STORE_OVERWRITE : STORE_APPEND, err);
    if (!w) return -1;
    int64_t rows = 0, version;
    int rc = write_rows(c, w, store_schema(t), &rows, err);
    if (rc == 0) {
        char num[32];
        snprintf(num, sizeof num, "%lld", (long long)rows);
        store_write_metric(w, "numOutputRows", num);
        snprintf(num, sizeof num, "%lld", (long long)c->upserted);
        store_write_metric(w, "numUpsertedRows", num);
        snprintf(num, sizeof num, "%lld", (long long)c->deleted);
        store_write_metric(w, "numDeletedRows", num);
        ck->batch++;
        store_write_set_txn(w, app, ck->batch);
        store_write_param(w, "outputMode", c->rewrite ? "Complete" : "Append");
        store_write_param(w, "queryId", app);
        snprintf(num, sizeof num, "%lld", (long long)ck->batch);
        store_write_param(w, "epochId", num);
        if (cdc_state_write_pending(c, ck->batch, err) || checkpoint_write_pending(ck, err))
            rc = -1;
        if (rc == 0 && store_write_commit(w, "STREAMING UPDATE", &version, err) < 0) rc = -1;
        if (rc == 0 && (cdc_state_promote(c, err) || checkpoint_promote(ck, err))) rc = -1;
    }
    store_write_free(w);
    return rc;
}

static void cdc_free(Cdc *c) {
    for (uint32_t i = 0; i < c->nents; i++) free(c->ents[i]->evs);
    free(c->ents);
    for (uint32_t i = 0; i < c->nseq; i++) expr_free(c->seq_st[i]);
    expr_free(c->del_st);
    expr_free(c->trunc_st);
    hm_free(&c->map);
    arena_free_all(&c->a);
}

static int run(Cdc *c, StoreTable *t, Checkpoint *ck, const char *app, char **err) {
    int64_t committed = store_txn_version(t, app);
    if (checkpoint_recover(ck, committed, err) || cdc_setup(c, store_schema(t), err) ||
        cdc_state_load(c, committed, err) || table_load(c, t, err))
        return -1;
    ScanCtx cx = {.up = c->up, .flow = c->f, .ck = ck};
    Datum max_trunc[CDC_MAX_SEQ];
    bool any_trunc = false;
    if (read_events(c, &cx, max_trunc, &any_trunc, err)) return -1;
    if (!c->nevents) return checkpoint_promote(ck, err);  // nothing to apply
    if (any_trunc) cdc_apply_truncate(c, max_trunc);
    for (uint32_t i = 0; i < c->nents; i++) {
        CdcEntity *e = c->ents[i];
        if (!e->touched) continue;
        c->rewrite |= c->scd == 2 && e->stored;  // versions of a stored key may close
        if (c->scd == 1) {
            if (cdc_sort_events(c, e, err)) return -1;
            cdc_apply_scd1(c, e);
        } else if (cdc_apply_scd2(c, e, err)) return -1;
    }
    return commit(c, t, ck, app, err);
}

int rt_run_cdc(Update *up, RtFlow *f, char **err) {
    RtDataset *d = f->target;
    if (!f->query) {
        *err = rt_strdupf("flow '%s' has no query", f->name);
        return -1;
    }
    StoreTable *t = store_open(d->path, -1, err);
    if (!t) return -1;
    Checkpoint ck = {0};
    char *app = rt_strdupf("sluice-flow-%s", f->name);
    Cdc c = {.up = up, .f = f};
    hm_init(&c.map, false);
    int rc = checkpoint_load(&ck, up->storage, f->name, err);
    if (rc == 0) {
        c.state_dir = ck.dir;
        rc = run(&c, t, &ck, app, err);
    }
    if (rc == 0) {
        __atomic_add_fetch(&d->out_rows, c.upserted + c.deleted, __ATOMIC_RELAXED);
        __atomic_add_fetch(&d->cdc_upserted, c.upserted, __ATOMIC_RELAXED);
        __atomic_add_fetch(&d->cdc_deleted, c.deleted, __ATOMIC_RELAXED);
    }
    cdc_free(&c);
    checkpoint_free(&ck);
    free(app);
    store_close(t);
    return rc;
}
