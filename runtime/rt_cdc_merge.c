/* Merging change events into CDC entities: ordering by SEQUENCE BY, SCD 1 (upsert,
 * delete, tombstones, late events ignored), SCD 2 (versions rebuilt from the stored
 * history plus the new events) and truncates. */
#include "rt_cdc.h"

#include <stdlib.h>
#include <string.h>

static int ev_cmp(const void *x, const void *y, void *ud) {
    const CdcEvent *a = *(CdcEvent *const *)x, *b = *(CdcEvent *const *)y;
    int r = cdc_seq_cmp(ud, a->seq, b->seq);
    if (r) return r;
    if (a->history != b->history) return a->history ? -1 : 1;
    return (a->ord > b->ord) - (a->ord < b->ord);
}

/* Sort the key's events by sequence; two new events with one sequence are an error. */
int cdc_sort_events(Cdc *c, CdcEntity *e, char **err) {
    qsort_r(e->evs, e->nevs, sizeof *e->evs, ev_cmp, c);
    for (uint32_t i = 1; i < e->nevs; i++) {
        CdcEvent *p = e->evs[i - 1], *q = e->evs[i];
        if (p->history || q->history || cdc_seq_cmp(c, p->seq, q->seq)) continue;
        char *kt = cdc_key_text(c, q->vals);
        StrBuf sb = {0};
        for (uint32_t s = 0; s < c->nseq; s++) {
            if (s) sb_puts(&sb, ", ");
            cdc_datum_show(&q->seq[s], &sb);
        }
        *err = rt_strdupf("Flow '%s': two change events for key (%s) have the same SEQUENCE BY "
                          "value %s", c->f->name, kt, sb_cstr(&sb));
        free(kt);
        sb_free(&sb);
        return -1;
    }
    return 0;
}

static void set_seq(Cdc *c, CdcEntity *e, const Datum *seq, bool deleted) {
    if (e->has_seq && cdc_seq_cmp(c, seq, e->seq) < 0) return;
    memcpy(e->seq, seq, c->nseq * sizeof *seq);
    e->has_seq = true;
    if (deleted && !e->deleted) e->deleted_ms = c->up->now_us / 1000;
    e->deleted = deleted;
}

static void merge_values(Cdc *c, Datum *vals, const Datum *old) {
    if (!c->ignore_nulls || !old) return;
    for (uint32_t j = 0; j < c->nsel; j++)
        if (vals[j].is_null) vals[j] = old[j];
}

void cdc_apply_scd1(Cdc *c, CdcEntity *e) {
    for (uint32_t i = 0; i < e->nevs; i++) {
        CdcEvent *ev = e->evs[i];
        if (c->has_trunc && cdc_seq_cmp(c, ev->seq, c->trunc_seq) <= 0) continue;
        if (e->has_seq && cdc_seq_cmp(c, ev->seq, e->seq) <= 0) continue;  // late or replayed
        c->rewrite |= e->stored;
        if (ev->kind == CDC_DELETE) {
            if (e->row) c->deleted++;
            e->row = NULL;
        } else {
            merge_values(c, ev->vals, e->row);
            e->row = ev->vals;
            c->upserted++;
        }
        set_seq(c, e, ev->seq, ev->kind == CDC_DELETE);
    }
    e->nevs = 0;
}

static bool has_seq_event(Cdc *c, CdcEntity *e, const Datum *seq) {
    for (uint32_t i = 0; i < e->nevs; i++)
        if (e->evs[i]->history && !cdc_seq_cmp(c, e->evs[i]->seq, seq)) return true;
    return false;
}

static CdcEvent *history_delete(Cdc *c, CdcEntity *e, const Datum *seq) {
    CdcEvent *d = arena_alloc(&c->a, sizeof *d);
    d->kind = CDC_DELETE;
    d->history = true;
    memcpy(d->seq, seq, c->nseq * sizeof *seq);
    d->vals = e->nevs ? e->evs[0]->vals : NULL;
    return d;
}

/* Rebuild the key's versions from its history (stored versions, closing deletes,
 * tombstone) and its new events, in sequence order. */
int cdc_apply_scd2(Cdc *c, CdcEntity *e, char **err) {
    uint32_t n0 = e->nevs;
    for (uint32_t i = 0; i < n0; i++) {
        CdcEvent *v = e->evs[i];
        if (!v->history || v->end.is_null || has_seq_event(c, e, &v->end)) continue;
        cdc_entity_add(e, history_delete(c, e, &v->end));
    }
    if (e->deleted && e->has_seq && !has_seq_event(c, e, e->seq))
        cdc_entity_add(e, history_delete(c, e, e->seq));
    if (cdc_sort_events(c, e, err)) return -1;
    CdcEvent **out = xcalloc(e->nevs + 1, sizeof *out);
    uint32_t nout = 0;
    CdcEvent *cur = NULL;
    const Datum *last_hist = NULL;
    for (uint32_t i = 0; i < e->nevs; i++) {
        CdcEvent *ev = e->evs[i];
        if (ev->history) last_hist = ev->seq;
        else if (last_hist && !cdc_seq_cmp(c, last_hist, ev->seq)) continue;  // replayed
        if (!ev->history) set_seq(c, e, ev->seq, ev->kind == CDC_DELETE);
        if (ev->kind == CDC_DELETE) {
            if (cur) {
                cur->end = ev->seq[0];
                if (!ev->history) c->deleted++;
            }
            cur = NULL;
            continue;
        }
        Datum *vals = ev->vals;
        if (cur) {
            if (!ev->history) {
                vals = arena_alloc(&c->a, c->nsel * sizeof *vals);
                memcpy(vals, ev->vals, c->nsel * sizeof *vals);
                merge_values(c, vals, cur->vals);
            }
            bool same_tracked = true, same_all = true;
            for (uint32_t j = 0; j < c->nsel; j++) {
                bool same = cdc_datum_same(&vals[j], &cur->vals[j]);
                same_all &= same;
                if (c->tracked[j]) same_tracked &= same;
            }
            if (same_all) continue;
            if (same_tracked) {  // untracked change: the current version in place
                Datum *nv = arena_alloc(&c->a, c->nsel * sizeof *nv);
                memcpy(nv, vals, c->nsel * sizeof *nv);
                cur->vals = nv;
                if (!ev->history) c->upserted++;
                continue;
            }
            cur->end = ev->seq[0];
        }
        CdcEvent *v = arena_alloc(&c->a, sizeof *v);
        v->vals = vals;
        v->seq[0] = ev->seq[0];
        v->end = (Datum){.type = c->seq_type[0], .is_null = true};
        v->kind = CDC_UPSERT;
        v->history = true;
        out[nout++] = v;
        cur = v;
        if (!ev->history) c->upserted++;
    }
    // the state follows the newest event, stored or new
    if (e->nevs) {
        CdcEvent *last = e->evs[e->nevs - 1];
        set_seq(c, e, last->seq, last->kind == CDC_DELETE);
    }
    free(e->evs);
    e->evs = out;
    e->nevs = e->cap = nout;
    return 0;
}

void cdc_apply_truncate(Cdc *c, const Datum *seq) {
    if (c->has_trunc && cdc_seq_cmp(c, seq, c->trunc_seq) <= 0) return;
    memcpy(c->trunc_seq, seq, c->nseq * sizeof *seq);
    c->has_trunc = true;
    for (uint32_t i = 0; i < c->nents; i++) {
        CdcEntity *e = c->ents[i];
        if (!e->row || (e->has_seq && cdc_seq_cmp(c, e->seq, seq) > 0)) continue;
        e->row = NULL;
        c->deleted++;
        c->rewrite |= e->stored;
    }
}
