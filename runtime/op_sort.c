/* Sort (multi-key, ASC/DESC, NULLS FIRST/LAST) and top-N. Input rows are buffered
 * with their evaluated sort keys appended as extra columns; ties keep input order, so
 * results are deterministic. One fixed-width key (the common case) is normalised to
 * an unsigned 64-bit value whose order is the requested order and radix-sorted (LSD,
 * stable); other keys go through a comparison sort. Top-N (a sort under a limit)
 * prunes the buffer to the best N rows whenever it grows past a threshold, and with a
 * normalised key then skips incoming rows that cannot beat the current N-th. */
#include "op.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Op op;
    Op *child;
    int nkeys;
    ExprState **keys;
    const PlanSortKey *spec;
    RowBuf rows; // input columns then key columns
    Vec *vals;
    int64_t topn;   // < 0: full sort
    bool fast;      // one fixed-width key: normalised u64 in nkey
    uint64_t *nkey; // per row id (fast)
    uint8_t *ncls;  // per row id: 0 NULL first, 1 value, 2 NULL last (fast)
    uint64_t nkey_cap;
    bool has_cut; // top-N cutoff known
    uint8_t cut_cls;
    uint64_t cut_key;
    uint64_t *ids;
    uint64_t nids, pos;
    bool sorted;
    Batch *out;
} SortOp;

static bool fast_type(TypeId t) {
    return t == TY_BOOLEAN || type_is_integral(t) || t == TY_DATE || t == TY_TIMESTAMP ||
           t == TY_FLOAT || t == TY_DOUBLE;
}

/* Order-preserving u64 of a non-NULL value (NaN largest, -0.0 == 0.0). */
static uint64_t norm(const Vec *v, uint32_t i, bool desc) {
    uint32_t r = v->is_const ? 0 : i;
    uint64_t u;
    switch (v->type.id) {
    case TY_FLOAT:
    case TY_DOUBLE: {
        double d =
            v->type.id == TY_FLOAT ? ((const float *)v->data)[r] : ((const double *)v->data)[r];
        if (d == 0) d = 0;
        if (isnan(d)) d = NAN;
        memcpy(&u, &d, sizeof u);
        if (isnan(d)) u = UINT64_MAX >> 1; // above +Infinity once the sign bit is flipped
        u = (u >> 63) ? ~u : u | (1ull << 63);
        break;
    }
    case TY_BOOLEAN: u = ((const uint8_t *)v->data)[r]; break;
    case TY_TINYINT: u = (uint64_t)(int64_t)((const int8_t *)v->data)[r] ^ (1ull << 63); break;
    case TY_SMALLINT: u = (uint64_t)(int64_t)((const int16_t *)v->data)[r] ^ (1ull << 63); break;
    case TY_INT:
    case TY_DATE: u = (uint64_t)(int64_t)((const int32_t *)v->data)[r] ^ (1ull << 63); break;
    default: u = (uint64_t)((const int64_t *)v->data)[r] ^ (1ull << 63); break;
    }
    return desc ? ~u : u;
}

static int cmp_ids(const void *pa, const void *pb, void *arg) {
    const SortOp *s = arg;
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    const Batch *ba = rowbuf_chunk(&s->rows, a), *bb = rowbuf_chunk(&s->rows, b);
    uint32_t ra = rowbuf_row(a), rb = rowbuf_row(b);
    for (int k = 0; k < s->nkeys; k++) {
        uint32_t c = s->op.ncols + (uint32_t)k;
        int r =
            val_order(&ba->cols[c], ra, &bb->cols[c], rb, s->spec[k].desc, s->spec[k].nulls_first);
        if (r) return r;
    }
    return (a > b) - (a < b);
}

typedef struct {
    uint64_t key, id;
} KeyId;

/* Stable LSD radix sort of ids by nkey over contiguous (key, id) pairs, skipping byte
 * positions where every key agrees. */
static void radix(SortOp *s, uint64_t *ids, uint64_t n) {
    KeyId *a = xmalloc((n + 1) * sizeof *a), *b = xmalloc((n + 1) * sizeof *b);
    uint64_t(*cnt)[256] = xcalloc(8, sizeof *cnt);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t k = s->nkey[ids[i]];
        a[i] = (KeyId){k, ids[i]};
        for (int byte = 0; byte < 8; byte++) cnt[byte][(k >> (byte * 8)) & 255]++;
    }
    for (int byte = 0; byte < 8; byte++) {
        bool trivial = false;
        for (int v = 0; v < 256; v++) trivial |= cnt[byte][v] == n;
        if (trivial) continue;
        uint64_t pos = 0;
        for (int v = 0; v < 256; v++) {
            uint64_t c = cnt[byte][v];
            cnt[byte][v] = pos;
            pos += c;
        }
        int sh = byte * 8;
        for (uint64_t i = 0; i < n; i++) b[cnt[byte][(a[i].key >> sh) & 255]++] = a[i];
        KeyId *t = a;
        a = b;
        b = t;
    }
    for (uint64_t i = 0; i < n; i++) ids[i] = a[i].id;
    free(a);
    free(b);
    free(cnt);
}

static void sort_ids(SortOp *s) {
    s->nids = s->rows.nrows;
    s->ids = xrealloc(s->ids, (s->nids + 1) * sizeof *s->ids);
    if (!s->fast) {
        for (uint64_t i = 0; i < s->nids; i++) s->ids[i] = i;
        qsort_r(s->ids, s->nids, sizeof *s->ids, cmp_ids, s);
        return;
    }
    // NULLs first or last in input order, values radix-sorted between them
    uint64_t n0 = 0, n1 = 0, n2 = 0;
    for (uint64_t i = 0; i < s->nids; i++) n0 += s->ncls[i] == 0, n2 += s->ncls[i] == 2;
    n1 = s->nids - n0 - n2;
    uint64_t p0 = 0, p1 = n0, p2 = n0 + n1;
    for (uint64_t i = 0; i < s->nids; i++) {
        uint8_t c = s->ncls[i];
        s->ids[c == 0 ? p0++ : c == 1 ? p1++ : p2++] = i;
    }
    radix(s, s->ids + n0, n1);
}

/* Keep only the first topn rows (in sorted order) in a fresh buffer; with a normalised
 * key, remember the N-th key as the cutoff for rows still to come. */
static void prune(SortOp *s) {
    uint64_t n = s->rows.nrows;
    uint64_t *k = NULL;
    uint8_t *c = NULL;
    if (s->fast) { // the keys move to new positions: read them from a copy
        k = xmalloc((n + 1) * sizeof *k);
        c = xmalloc(n + 1);
        memcpy(k, s->nkey, n * sizeof *k);
        memcpy(c, s->ncls, n);
    }
    sort_ids(s);
    RowBuf keep;
    rowbuf_init(&keep, s->rows.types, s->rows.ncols);
    uint64_t m = s->nids < (uint64_t)s->topn ? s->nids : (uint64_t)s->topn;
    for (uint64_t i = 0; i < m; i++) {
        const Batch *b = rowbuf_chunk(&s->rows, s->ids[i]);
        rowbuf_append(&keep, b->cols, rowbuf_row(s->ids[i]));
        if (s->fast) {
            s->nkey[i] = k[s->ids[i]];
            s->ncls[i] = c[s->ids[i]];
        }
    }
    s->has_cut = s->fast && m == (uint64_t)s->topn && m > 0;
    if (s->has_cut) {
        s->cut_cls = s->ncls[m - 1];
        s->cut_key = s->nkey[m - 1];
    }
    free(k);
    free(c);
    rowbuf_free(&s->rows);
    s->rows = keep;
}

static void grow_keys(SortOp *s, uint64_t need) {
    if (need <= s->nkey_cap) return;
    uint64_t nc = s->nkey_cap ? s->nkey_cap : 4096;
    while (nc < need) nc *= 2;
    s->nkey = xrealloc(s->nkey, nc * sizeof *s->nkey);
    s->ncls = xrealloc(s->ncls, nc);
    s->nkey_cap = nc;
}

static int consume(SortOp *s) {
    Batch *in;
    int rc;
    uint32_t nc = s->op.ncols;
    uint64_t limit = s->topn >= 0 ? (uint64_t)s->topn * 2 + 4 * BATCH_ROWS : UINT64_MAX;
    uint16_t keep[BATCH_ROWS], dense[BATCH_ROWS];
    uint64_t kk[BATCH_ROWS];
    uint8_t kc[BATCH_ROWS];
    while ((rc = s->child->next(s->child, &in)) > 0) {
        uint32_t m = batch_live(in), n = 0;
        for (int k = 0; k < s->nkeys; k++) {
            const Vec *v = op_eval(s->op.cx, s->keys[k], in);
            if (!v) return -1;
            s->vals[nc + (uint32_t)k] = *v;
        }
        if (s->fast) {
            const Vec *v = &s->vals[nc];
            bool desc = s->spec[0].desc, nf = s->spec[0].nulls_first;
            for (uint32_t i = 0; i < m; i++) {
                bool isnull = val_null(v, i);
                uint8_t cls = isnull ? (nf ? 0 : 2) : 1;
                uint64_t key = isnull ? 0 : norm(v, i, desc);
                if (s->has_cut && (cls > s->cut_cls || (cls == s->cut_cls && key >= s->cut_key)))
                    continue; // cannot enter the top N
                kk[n] = key;
                kc[n] = cls;
                keep[n] = (uint16_t)batch_row(in, i);
                dense[n++] = (uint16_t)i;
            }
        } else {
            for (uint32_t i = 0; i < m; i++)
                keep[i] = (uint16_t)batch_row(in, i), dense[i] = (uint16_t)i;
            n = m;
        }
        if (s->fast) grow_keys(s, s->rows.nrows + n);
        uint32_t k = 0;
        while (k < n) {
            Batch *b;
            uint32_t d;
            uint64_t id = rowbuf_reserve(&s->rows, &b, &d);
            b->nrows--;
            s->rows.nrows--;
            uint32_t take = BATCH_ROWS - d;
            if (take > n - k) take = n - k;
            for (uint32_t c = 0; c < nc; c++) vec_gather(b, c, d, &in->cols[c], keep + k, take);
            for (int q = 0; q < s->nkeys; q++)
                vec_gather(b, nc + (uint32_t)q, d, &s->vals[nc + (uint32_t)q], dense + k, take);
            if (s->fast) {
                memcpy(s->nkey + id, kk + k, take * sizeof *kk);
                memcpy(s->ncls + id, kc + k, take);
            }
            b->nrows += take;
            s->rows.nrows += take;
            k += take;
        }
        if (s->rows.nrows > limit) prune(s);
    }
    return rc;
}

static int sort_next(Op *op, Batch **out) {
    SortOp *s = (SortOp *)op;
    if (!s->sorted) {
        if (consume(s) < 0) return -1;
        sort_ids(s);
        if (s->topn >= 0 && s->nids > (uint64_t)s->topn) s->nids = (uint64_t)s->topn;
        s->sorted = true;
    }
    if (s->pos >= s->nids) return 0;
    batch_reset(s->out);
    uint32_t n = s->nids - s->pos < BATCH_ROWS ? (uint32_t)(s->nids - s->pos) : BATCH_ROWS;
    for (uint32_t c = 0; c < op->ncols; c++)
        rowbuf_gather(s->out, c, &s->rows, c, s->ids + s->pos, n);
    s->pos += n;
    s->out->nrows = n;
    *out = s->out;
    return 1;
}

static void sort_close(Op *op) {
    SortOp *s = (SortOp *)op;
    if (s->child) s->child->close(s->child);
    for (int k = 0; k < s->nkeys; k++) expr_free(s->keys[k]);
    free(s->keys);
    free(s->vals);
    free(s->ids);
    free(s->nkey);
    free(s->ncls);
    rowbuf_free(&s->rows);
    batch_free(s->out);
    free(s);
}

Op *op_sort_new(ExecCtx *cx, const PlanNode *n, Op *child, int64_t topn) {
    SortOp *s = xcalloc(1, sizeof *s);
    s->op = (Op){sort_next, sort_close, cx, n, n->ncols, n->types};
    s->child = child;
    s->topn = topn;
    s->nkeys = n->nkeys;
    s->spec = n->keys;
    s->fast = n->nkeys == 1 && fast_type(n->keys[0].expr->type.id);
    s->keys = xcalloc((size_t)n->nkeys + 1, sizeof *s->keys);
    s->vals = xcalloc(n->ncols + (size_t)n->nkeys + 1, sizeof *s->vals);
    Type *ts = xcalloc(n->ncols + (size_t)n->nkeys + 1, sizeof *ts);
    memcpy(ts, n->types, n->ncols * sizeof *ts);
    for (uint32_t c = 0; c < n->ncols; c++) s->vals[c] = (Vec){.type = n->types[c]};
    bool ok = true;
    for (int k = 0; k < n->nkeys && ok; k++) {
        ts[n->ncols + (uint32_t)k] = n->keys[k].expr->type;
        ok = (s->keys[k] = op_expr(cx, n->keys[k].expr)) != NULL;
    }
    rowbuf_init(&s->rows, ts, n->ncols + (uint32_t)n->nkeys);
    free(ts);
    s->out = batch_new(n->types, n->ncols);
    if (!ok) {
        sort_close(&s->op);
        return NULL;
    }
    return &s->op;
}
