/* The DLT rules that are not about types (dlt-language.md 4.11): streaming/batch
 * mode of every flow, streaming aggregation without a watermark, flows without a
 * target or targets without a flow, CDC target shape, expectations (columns, boolean,
 * duplicates), edition gates, persisted views over temporary datasets. */
#include "plan_int.h"

#include <string.h>

bool check_rel_streams(Planner *P, const IrRel *r, SrcLoc *first) {
    for (; r; r = r->input) {
        if ((r->kind == REL_SCAN || r->kind == REL_FILES) && r->streaming) {
            if (first) *first = r->kind == REL_SCAN ? r->name.loc : r->loc;
            return true;
        }
        if (r->kind == REL_SCAN && !r->streaming) {
            /* A streaming view read without STREAM is an error reported by the binder;
             * the read still counts as a stream for the reader's mode. */
            PDataset *ds = resolve_lookup(P, &r->name);
            if (ds && ds->kind == DS_VIEW && ds->streaming_view) {
                if (first) *first = r->name.loc;
                return true;
            }
        }
        if (r->right && check_rel_streams(P, r->right, first)) return true;
    }
    return false;
}

static const char *first_stream_name(Planner *P, const IrRel *r) {
    for (; r; r = r->input) {
        if (r->kind == REL_SCAN && r->streaming) return ir_name_str(P->a, &r->name);
        if (r->kind == REL_FILES && r->streaming) return r->path ? r->path : "files";
        if (r->right) {
            const char *s = first_stream_name(P, r->right);
            if (s) return s;
        }
    }
    return "?";
}

/* Spark's append-mode rule: an aggregation over a stream needs a watermark. */
static const IrRel *stream_agg(Planner *P, const IrRel *r) {
    for (; r; r = r->input) {
        if (r->kind == REL_WATERMARK) return NULL;
        if (r->kind == REL_AGGREGATE && check_rel_streams(P, r->input, NULL)) {
            for (const IrRel *w = r->input; w; w = w->input)
                if (w->kind == REL_WATERMARK) return NULL;
            return r;
        }
        if (r->right) {
            const IrRel *x = stream_agg(P, r->right);
            if (x) return x;
        }
    }
    return NULL;
}

static void check_cdc_shape(Planner *P, PFlow *f) {
    const IrCdc *c = f->ir->cdc;
    SrcLoc at = f->loc;
    if (c->nkeys == 0)
        diag_error(P->d, at, "APPLY CHANGES into '%s' needs KEYS (...)", f->target->name);
    if (!c->sequence_by)
        diag_error(P->d, at, "APPLY CHANGES into '%s' needs SEQUENCE BY", f->target->name);
    if (c->truncate_when && c->scd_type == 2)
        diag_error(P->d, c->truncate_loc.file ? c->truncate_loc : at,
                   "APPLY AS TRUNCATE WHEN is not allowed with STORED AS SCD TYPE 2");
    if (c->has_track && c->scd_type != 2)
        diag_error(P->d, at, "TRACK HISTORY needs STORED AS SCD TYPE 2");
    for (uint32_t i = 0; c->columns_except && i < c->ncolumns; i++)
        for (uint32_t k = 0; k < c->nkeys; k++)
            if (str_ieq(c->columns[i].parts[0], c->keys[k].parts[0]))
                diag_error(P->d, c->columns[i].loc, "key column '%s' cannot be excluded by COLUMNS * EXCEPT",
                           c->keys[k].parts[0]);
}

void check_flow_modes(Planner *P, PFlow *f) {
    PDataset *ds = f->target;
    SrcLoc at = f->loc;
    SrcLoc sl = at;
    bool streams = check_rel_streams(P, f->query, &sl);
    switch (ds->kind) {
    case DS_STREAMING_TABLE:
        if (f->kind == FLOW_ONCE && streams) {
            diag_error(P->d, sl, "once flow '%s' must be a batch query: remove STREAM(...)", f->name);
        } else if (f->kind == FLOW_APPEND && !streams) {
            if (f->ir)
                diag_error(P->d, at,
                           "flow '%s' into streaming table '%s' needs a streaming query; read "
                           "sources with STREAM(...)/read_stream or use INSERT INTO ONCE",
                           f->name, ds->name);
            else
                diag_error(P->d, at,
                           "streaming table '%s' needs a streaming query; read sources with "
                           "STREAM(...)/read_stream or make it a materialized view",
                           ds->name);
        } else if (f->kind == FLOW_CDC && !streams && f->query) {
            diag_error(P->d, f->query->loc,
                       "APPLY CHANGES into '%s' must read its source as a stream: STREAM(...)",
                       ds->name);
        }
        if (f->kind != FLOW_ONCE) {
            const IrRel *agg = stream_agg(P, f->query);
            if (agg)
                diag_error(P->d, agg->loc,
                           "streaming aggregation without a watermark in streaming table '%s': make "
                           "it a materialized view or add a watermark",
                           ds->name);
        }
        break;
    case DS_MATERIALIZED_VIEW:
        if (streams)
            diag_error(P->d, sl, "materialized view '%s' cannot read the stream '%s'", ds->name,
                       first_stream_name(P, f->query));
        break;
    case DS_PERSISTED_VIEW:
        if (streams)
            diag_error(P->d, sl, "view '%s' is a persisted view and cannot read the stream '%s'",
                       ds->name, first_stream_name(P, f->query));
        break;
    default: break;
    }
    if (ds->kind == DS_PERSISTED_VIEW)
        for (uint32_t i = 0; i < f->nreads; i++) {
            PDataset *r = f->reads[i].ds;
            if (r->kind == DS_VIEW || r->ir->is_private)
                diag_error(P->d, f->reads[i].at,
                           "persisted view '%s' cannot read '%s', which is %s", ds->name, r->name,
                           r->kind == DS_VIEW ? "a temporary view" : "private");
        }
}

static void check_expectations(Planner *P, PDataset *ds) {
    IrDataset *d = ds->ir;
    for (uint32_t i = 0; i < d->nexps; i++)
        for (uint32_t k = 0; k < i; k++)
            if (str_ieq(d->exps[i].name, d->exps[k].name)) {
                diag_error(P->d, d->exps[i].loc, "expectation '%s' is defined twice on '%s'",
                           d->exps[i].name, ds->name);
                diag_note(P->d, d->exps[k].loc, "the first '%s' is here", d->exps[k].name);
                break;
            }
    if (!ds->bind_ok) return;
    for (uint32_t i = 0; i < d->nexps; i++) {
        bool ok = true;
        BExpr b = bind_expr_in(P, ds->schema, ds->nschema, d->exps[i].cond, &ok);
        if (ok && b.type.id != TY_BOOLEAN && b.type.id != TY_NULL) {
            char buf[64];
            diag_error(P->d, d->exps[i].cond->loc, "expectation '%s' must be boolean, got %s",
                       d->exps[i].name, type_sql_name(b.type, buf, sizeof buf));
        }
        cJSON_Delete(b.j);
    }
}

void check_dataset(Planner *P, PDataset *ds) {
    IrDataset *d = ds->ir;
    if (ds->kind == DS_STREAMING_TABLE && ds->nflows == 0)
        diag_error(P->d, d->loc,
                   "streaming table '%s' has no query and no flow writes into it", ds->name);
    bool has_cdc = false, has_append = false;
    for (uint32_t i = 0; i < ds->nflows; i++) {
        if (ds->flows[i]->kind == FLOW_CDC && ds->flows[i]->ir) check_cdc_shape(P, ds->flows[i]);
        if (ds->flows[i]->kind == FLOW_CDC) has_cdc = true;
        else has_append = true;
    }
    if (has_cdc && has_append)
        diag_error(P->d, d->loc, "'%s' receives both append and CDC flows; a CDC target takes only "
                   "CDC flows", ds->name);
    if (has_cdc && d->query)
        diag_error(P->d, d->loc, "CDC target '%s' must be a streaming table without a query",
                   ds->name);
    check_expectations(P, ds);
    const char *ed = P->settings->edition ? P->settings->edition : "ADVANCED";
    if (d->nexps && !str_ieq(ed, "ADVANCED"))
        diag_error(P->d, d->exps[0].loc,
                   "expectations need the ADVANCED edition; this pipeline's edition is %s", ed);
    if (has_cdc && str_ieq(ed, "CORE"))
        diag_error(P->d, ds->flows[0]->loc,
                   "APPLY CHANGES needs the PRO or ADVANCED edition; this pipeline's edition is %s",
                   ed);
}

void check_pipeline(Planner *P) {
    for (uint32_t i = 0; i < P->nds; i++) check_dataset(P, P->ds[i]);
}
