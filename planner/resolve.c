/* Name resolution: every dataset gets a qualified, case-insensitive key; flows are
 * attached to their targets; every read (scans, subqueries, opaque reads) is resolved
 * to a pipeline dataset or an external table (dlt-language.md 4.2), with "did you
 * mean" for near misses, duplicate definitions reported at both places. */
#include "plan_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *lower(Arena *a, const char *s) {
    char *r = arena_strdup(a, s ? s : "");
    for (char *p = r; *p; p++) *p = (char)tolower((unsigned char)*p);
    return r;
}

const char *resolve_key(Planner *P, const IrName *n) {
    const char *cat = P->settings->catalog, *sch = P->settings->schema;
    const char *name = n->parts[n->n - 1];
    if (n->n >= 2) sch = n->parts[n->n - 2];
    if (n->n == 3) cat = n->parts[0];
    return arena_printf(P->a, "%s.%s.%s", lower(P->a, cat), lower(P->a, sch), lower(P->a, name));
}

PDataset *resolve_lookup(Planner *P, const IrName *n) {
    if (n->n == 0) return NULL;
    return hm_get(&P->by_key, resolve_key(P, n));
}

static const char *kind_word(IrDatasetKind k) {
    switch (k) {
    case DS_STREAMING_TABLE: return "STREAMING TABLE";
    case DS_MATERIALIZED_VIEW: return "MATERIALIZED VIEW";
    case DS_VIEW: return "VIEW";
    case DS_PERSISTED_VIEW: return "PERSISTED VIEW";
    case DS_TABLE_AUTO: return "TABLE";
    }
    return "?";
}

static PFlow *flow_new(Planner *P) {
    PFlow *f = arena_alloc(P->a, sizeof *f);
    P->flows = xrealloc(P->flows, (P->nflows + 1) * sizeof *P->flows);
    P->flows[P->nflows++] = f;
    return f;
}

static void attach(PDataset *ds, PFlow *f) {
    ds->flows = xrealloc(ds->flows, (ds->nflows + 1) * sizeof *ds->flows);
    ds->flows[ds->nflows++] = f;
    f->target = ds;
}

static void implicit_flow(Planner *P, PDataset *ds) {
    IrDataset *d = ds->ir;
    if (!d->query) return;
    PFlow *f = flow_new(P);
    f->name = ds->name;
    f->query = d->query;
    f->loc = d->loc;
    f->conf = &d->conf;
    f->lang = d->lang;
    f->kind = FLOW_APPEND;
    attach(ds, f);
}

void resolve_datasets(Planner *P) {
    for (uint32_t i = 0; i < P->ir->ndatasets; i++) {
        IrDataset *d = P->ir->datasets[i];
        if (d->name.n == 0) continue;
        PDataset *ds = arena_alloc(P->a, sizeof *ds);
        ds->ir = d;
        ds->name = d->name.parts[d->name.n - 1];
        ds->key = resolve_key(P, &d->name);
        ds->kind = d->kind;
        ds->runnable = true;
        PDataset *old = hm_get(&P->by_key, ds->key);
        if (old) {
            diag_error(P->d, d->name.loc.file ? d->name.loc : d->loc,
                       "dataset '%s' is defined twice: %s and %s", ds->name,
                       kind_word(old->ir->kind), kind_word(d->kind));
            diag_note(P->d, old->ir->name.loc.file ? old->ir->name.loc : old->ir->loc,
                      "'%s' is first defined here", old->name);
            continue;
        }
        hm_put(&P->by_key, ds->key, ds);
        P->ds = xrealloc(P->ds, (P->nds + 1) * sizeof *P->ds);
        P->ds[P->nds++] = ds;
        implicit_flow(P, ds);
        if ((d->kind == DS_MATERIALIZED_VIEW || d->kind == DS_VIEW ||
             d->kind == DS_PERSISTED_VIEW) && !d->query)
            diag_error(P->d, d->loc, "%s '%s' has no query (AS SELECT ...)",
                       d->kind == DS_MATERIALIZED_VIEW ? "materialized view" : "view", ds->name);
    }
    HashMap flow_names;
    hm_init(&flow_names, true);
    for (uint32_t i = 0; i < P->nflows; i++) hm_put(&flow_names, P->flows[i]->name, P->flows[i]);
    for (uint32_t i = 0; i < P->ir->nflows; i++) {
        IrFlow *irf = P->ir->flows[i];
        PDataset *t = resolve_lookup(P, &irf->target);
        const char *tn = irf->target.n ? irf->target.parts[irf->target.n - 1] : "?";
        SrcLoc tl = irf->target.loc.file ? irf->target.loc : irf->loc;
        if (!t) {
            const char *cands[1024];
            size_t nc = 0;
            for (uint32_t k = 0; k < P->nds && nc < 1024; k++) cands[nc++] = P->ds[k]->name;
            const char *s = diag_suggest(tn, cands, nc);
            diag_error(P->d, tl, "flow '%s' targets '%s', which is not defined in this pipeline%s%s%s",
                       irf->name, tn, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
            continue;
        }
        if (t->kind != DS_STREAMING_TABLE && t->kind != DS_TABLE_AUTO) {
            diag_error(P->d, tl, "flow '%s' targets '%s', which is not a streaming table", irf->name,
                       t->name);
            diag_note(P->d, t->ir->loc, "'%s' is defined here as a %s", t->name,
                      kind_word(t->kind));
            continue;
        }
        PFlow *other = hm_get(&flow_names, irf->name);
        if (other && !(irf->kind == FLOW_CDC && !irf->named && other->target == t && !other->ir &&
                       !t->ir->query)) {
            diag_error(P->d, irf->loc, "flow '%s' is defined twice", irf->name);
            diag_note(P->d, other->loc, "the other definition of '%s' is here", irf->name);
            continue;
        }
        PFlow *f = flow_new(P);
        f->ir = irf;
        f->name = irf->name;
        f->query = irf->query;
        f->loc = irf->loc;
        f->kind = irf->kind;
        f->conf = &irf->conf;
        f->lang = irf->lang;
        hm_put(&flow_names, f->name, f);
        attach(t, f);
        if (irf->kind == FLOW_CDC) t->is_cdc_target = true;
    }
    hm_free(&flow_names);
}

/* ---------------------------------------------------------------- reads */

static void add_read(PFlow *f, PDataset *ds, SrcLoc at, bool streaming) {
    for (uint32_t i = 0; i < f->nreads; i++)
        if (f->reads[i].ds == ds && f->reads[i].streaming == streaming) return;
    if (f->nreads == f->capr) {
        f->capr = f->capr ? f->capr * 2 : 4;
        f->reads = xrealloc(f->reads, f->capr * sizeof *f->reads);
    }
    f->reads[f->nreads++] = (PRead){ds, at, streaming};
}

static void unknown_dataset(Planner *P, PFlow *f, const IrName *n, const char *sugg) {
    const char *name = n->parts[n->n - 1];
    if (sugg)
        diag_error(P->d, n->loc, "unknown dataset '%s' read by flow '%s' (did you mean '%s'?)",
                   name, f->name, sugg);
    else
        diag_error(P->d, n->loc,
                   "unknown dataset '%s' read by flow '%s': it is not defined in this pipeline",
                   name, f->name);
}

static const char *suggest(Planner *P, const char *name, const PDataset *self) {
    const char **cands = xmalloc((P->nds + 1) * sizeof *cands);
    size_t n = 0;
    for (uint32_t k = 0; k < P->nds; k++)
        if (P->ds[k] != self) cands[n++] = P->ds[k]->name;
    const char *s = diag_suggest(name, cands, n);
    free(cands);
    return s;
}

static void read_name(Planner *P, PFlow *f, const IrName *n, bool streaming) {
    if (n->n == 0) return;
    PDataset *ds = resolve_lookup(P, n);
    if (ds) {
        if (P->settings->uses_target && !n->live && f->lang == LANG_SQL)
            diag_warning(P->d, n->loc,
                         "'%s' is read without LIVE.: resolved to the pipeline dataset (a legacy "
                         "pipeline with 'target' would read the published table)",
                         ds->name);
        add_read(f, ds, n->loc, streaming);
        return;
    }
    const char *name = n->parts[n->n - 1];
    if (n->live) {
        unknown_dataset(P, f, n, suggest(P, name, f->target));
        return;
    }
    if (n->n == 1) {
        const char *s = suggest(P, name, f->target);
        if (s) {
            unknown_dataset(P, f, n, s);
            return;
        }
    }
    const char *full = ir_name_str(P->a, n);
    if (!hm_has(&P->ext_warned, full)) {
        hm_put(&P->ext_warned, full, (void *)full);
        diag_warning(P->d, n->loc,
                     "'%s' is not defined in this pipeline: reading it as an external table", full);
    }
}

static void walk_rel(Planner *P, PFlow *f, IrRel *r);

static void walk_expr(Planner *P, PFlow *f, IrExpr *e) {
    if (!e) return;
    for (uint32_t i = 0; i < e->nargs; i++) walk_expr(P, f, e->args[i]);
    walk_expr(P, f, e->filter);
    if (e->over) {
        for (uint32_t i = 0; i < e->over->npartition; i++) walk_expr(P, f, e->over->partition[i]);
        for (uint32_t i = 0; i < e->over->norder; i++) walk_expr(P, f, e->over->order[i].expr);
    }
    if (e->sub) walk_rel(P, f, e->sub);
}

static void walk_rel(Planner *P, PFlow *f, IrRel *r) {
    for (; r; r = r->input) {
        if (r->kind == REL_SCAN) read_name(P, f, &r->name, r->streaming);
        for (uint32_t i = 0; i < r->nreads; i++) read_name(P, f, &r->reads[i], false);
        for (uint32_t i = 0; i < r->nexprs; i++) walk_expr(P, f, r->exprs[i]);
        for (uint32_t i = 0; i < r->nkeys; i++) walk_expr(P, f, r->keys[i]);
        for (uint32_t i = 0; i < r->nsort; i++) walk_expr(P, f, r->sort[i].expr);
        walk_expr(P, f, r->cond);
        if (r->right) walk_rel(P, f, r->right);
    }
}

void resolve_reads(Planner *P) {
    for (uint32_t i = 0; i < P->nflows; i++) {
        PFlow *f = P->flows[i];
        if (!f->target) continue;
        walk_rel(P, f, f->query);
        if (f->ir && f->ir->cdc) {
            walk_expr(P, f, f->ir->cdc->where);
            walk_expr(P, f, f->ir->cdc->delete_when);
            walk_expr(P, f, f->ir->cdc->truncate_when);
        }
    }
}
