/* Sort (multi-key, ASC/DESC, NULLS FIRST/LAST) and top-N. Every input row's keys are
 * encoded into one normalised record (op_sort_key.h) that carries its row id, so ties
 * keep input order; the records are radix-sorted and the buffered rows gathered in
 * their order. Top-N (a sort under a limit) keeps the row buffer to O(N): whenever it
 * grows past a threshold it keeps the best N, and the N-th record becomes a cutoff that
 * rows must beat before they are copied at all. */
#include "op.h"
#include "op_sort_key.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    Op op;
    Op *child;
    int nkeys;
    ExprState **keys;
    Vec *kv; // the current batch's evaluated keys
    SortLayout lay;
    int *kcol;   // per key: the buffer column holding its value (non-fixed keys) or -1
    int *kstore; // per stored key column (ncols..): the key it holds
    uint32_t nstore;
    RowBuf rows;  // input columns, then stored key columns
    uint8_t *rec; // one record per buffered row (any order: the id is inside)
    uint64_t nrec, rec_cap;
    uint8_t *brec;     // the current batch's records
    uint8_t *crec;     // top-N: the records of the batch's rows that may beat the cutoff
    uint32_t head_len; // bytes of key 0 in a record, at most 8 (0: no keys)
    int64_t topn;      // < 0: full sort
    bool has_cut;      // top-N: the N-th record so far is in cut
    uint8_t *cut;
    uint64_t cut_head; // head() of cut
    uint64_t *ids;
    uint64_t nids, pos;
    bool sorted;
    Batch *out;
} SortOp;

/* The first 8 bytes of a record as a number with their memcmp order. */
static inline uint64_t head8(const uint8_t *p) {
    uint64_t u;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&u, p, 8);
    u = __builtin_bswap64(u);
#else
    u = 0;
    for (int i = 0; i < 8; i++) u = u << 8 | p[i];
#endif
    return u;
}

/* The first head_len bytes of a record (key 0's) as a number with their memcmp order. */
static inline uint64_t head(const SortOp *s, const uint8_t *r) {
    return head8(r) >> (64 - 8 * s->head_len);
}

static uint8_t *rec_at(const SortOp *s, uint8_t *base, uint64_t i) {
    return base + i * s->lay.width;
}

/* Records of the current batch's rows, before they have a buffer id, carry this plus
 * their dense row: above every buffered row, so they lose ties (they come later). */
#define BATCH_ID_BASE (SORT_ID_MAX - BATCH_ROWS)

/* SortKeySource: where the full value of a non-fixed key of a record lives. */
static const Vec *key_source(void *ctx, int k, uint64_t id, uint32_t *row) {
    const SortOp *s = ctx;
    if (id >= BATCH_ID_BASE) {
        *row = (uint32_t)(id - BATCH_ID_BASE);
        return &s->kv[k];
    }
    *row = rowbuf_row(id);
    return &rowbuf_chunk(&s->rows, id)->cols[s->kcol[k]];
}

/* Keep the best topn rows in a fresh buffer (in input order, so ids stay monotone) and
 * remember the N-th record as the cutoff for rows still to come. */
static void prune(SortOp *s) {
    sort_records(&s->lay, s->rec, s->nrec);
    uint64_t m = s->nrec < (uint64_t)s->topn ? s->nrec : (uint64_t)s->topn;
    uint64_t n = s->rows.nrows;
    uint64_t *nid = xmalloc((n + 1) * sizeof *nid);
    for (uint64_t i = 0; i < n; i++) nid[i] = UINT64_MAX;
    for (uint64_t i = 0; i < m; i++) nid[sort_get_id(&s->lay, rec_at(s, s->rec, i))] = 0;
    RowBuf keep;
    rowbuf_init(&keep, s->rows.types, s->rows.ncols);
    for (uint64_t id = 0; id < n; id++) {
        if (nid[id] == UINT64_MAX) continue;
        nid[id] = rowbuf_append(&keep, rowbuf_chunk(&s->rows, id)->cols, rowbuf_row(id));
    }
    rowbuf_free(&s->rows);
    s->rows = keep;
    for (uint64_t i = 0; i < m; i++) {
        uint8_t *r = rec_at(s, s->rec, i);
        sort_set_id(&s->lay, r, nid[sort_get_id(&s->lay, r)]);
    }
    free(nid);
    s->nrec = m;
    s->has_cut = m == (uint64_t)s->topn && m > 0;
    if (s->has_cut) {
        memcpy(s->cut, rec_at(s, s->rec, m - 1), s->lay.width);
        s->cut_head = s->head_len ? head(s, s->cut) : 0;
    }
}

static void grow_recs(SortOp *s, uint64_t need) {
    if (need <= s->rec_cap) return;
    uint64_t nc = s->rec_cap ? s->rec_cap : 4096;
    while (nc < need) nc *= 2;
    s->rec = xrealloc(s->rec, nc * s->lay.width);
    s->rec_cap = nc;
}

/* Copy rows keep[0..n) of in (dense key rows dense[0..n)) into the buffer with their
 * records kr[0..n). */
static void append_rows(SortOp *s, const Batch *in, const uint16_t *keep, const uint16_t *dense,
                        const uint8_t *kr, uint32_t n) {
    uint32_t nc = s->op.ncols;
    grow_recs(s, s->nrec + n);
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
        for (uint32_t q = 0; q < s->nstore; q++)
            vec_gather(b, nc + q, d, &s->kv[s->kstore[q]], dense + k, take);
        b->nrows += take;
        s->rows.nrows += take;
        for (uint32_t j = 0; j < take; j++) {
            uint8_t *r = rec_at(s, s->rec, s->nrec++);
            memcpy(r, kr + (size_t)(k + j) * s->lay.width, s->lay.width);
            sort_set_id(&s->lay, r, id + j);
        }
        k += take;
    }
}

/* Top-N with a cutoff: key 0 alone rejects most rows; the others get all their keys
 * encoded (into crec, compact) and are compared in full, later rows losing ties. Their
 * number is returned with keep / dense filled. */
static uint32_t beat_cut(SortOp *s, const Batch *in, uint32_t m, uint16_t *keep, uint16_t *dense) {
    uint16_t cand[BATCH_ROWS];
    uint32_t nc = 0, n = 0;
    if (s->head_len) {
        sort_encode(&s->lay, 0, &s->kv[0], NULL, m, s->brec);
        for (uint32_t i = 0; i < m; i++)
            if (head(s, rec_at(s, s->brec, i)) <= s->cut_head) cand[nc++] = (uint16_t)i;
    } else {
        for (uint32_t i = 0; i < m; i++) cand[nc++] = (uint16_t)i;
    }
    if (!nc) return 0;
    for (int k = 0; k < s->nkeys; k++) sort_encode(&s->lay, k, &s->kv[k], cand, nc, s->crec);
    for (uint32_t j = 0; j < nc; j++) {
        uint8_t *r = rec_at(s, s->crec, j);
        sort_set_id(&s->lay, r, BATCH_ID_BASE + cand[j]);
        if (sort_cmp(&s->lay, r, s->cut) >= 0) continue;
        if (n != j) memcpy(rec_at(s, s->crec, n), r, s->lay.width);
        keep[n] = (uint16_t)batch_row(in, cand[j]);
        dense[n++] = cand[j];
    }
    return n;
}

static int consume(SortOp *s) {
    Batch *in;
    int rc;
    uint64_t limit = UINT64_MAX;
    if (s->topn >= 0 && s->topn < ((int64_t)1 << 40))
        limit = (uint64_t)s->topn * 2 + 4 * BATCH_ROWS;
    uint16_t keep[BATCH_ROWS], dense[BATCH_ROWS];
    while ((rc = s->child->next(s->child, &in)) > 0) {
        uint32_t m = batch_live(in), n = 0;
        for (int k = 0; k < s->nkeys; k++) { // every key of every row, as Spark evaluates them
            const Vec *v = op_eval(s->op.cx, s->keys[k], in);
            if (!v) return -1;
            s->kv[k] = *v;
        }
        const uint8_t *kr = s->brec;
        if (s->has_cut) {
            n = beat_cut(s, in, m, keep, dense);
            kr = s->crec;
        } else {
            for (int k = 0; k < s->nkeys; k++) sort_encode(&s->lay, k, &s->kv[k], NULL, m, s->brec);
            for (uint32_t i = 0; i < m; i++)
                keep[i] = (uint16_t)batch_row(in, i), dense[i] = (uint16_t)i;
            n = m;
        }
        if (n) append_rows(s, in, keep, dense, kr, n);
        if (s->rows.nrows > limit) prune(s);
    }
    return rc;
}

static int sort_next(Op *op, Batch **out) {
    SortOp *s = (SortOp *)op;
    if (!s->sorted) {
        if (consume(s) < 0) return -1;
        sort_records(&s->lay, s->rec, s->nrec);
        s->nids = s->nrec;
        if (s->topn >= 0 && s->nids > (uint64_t)s->topn) s->nids = (uint64_t)s->topn;
        s->ids = xmalloc((s->nids + 1) * sizeof *s->ids);
        for (uint64_t i = 0; i < s->nids; i++)
            s->ids[i] = sort_get_id(&s->lay, rec_at(s, s->rec, i));
        free(s->rec); // the order is in ids now
        s->rec = NULL;
        s->nrec = s->rec_cap = 0;
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
    free(s->kv);
    free(s->kcol);
    free(s->kstore);
    free(s->rec);
    free(s->brec);
    free(s->crec);
    free(s->cut);
    free(s->ids);
    sort_layout_free(&s->lay);
    rowbuf_free(&s->rows);
    batch_free(s->out);
    free(s);
}

/* Where a key's value lives in the buffer: an input column when the key is one (same
 * type), else a stored column; fixed-width keys live in the record alone. */
static void place_keys(SortOp *s, const PlanNode *n, Type *ts) {
    for (int k = 0; k < n->nkeys; k++) {
        const PlanExpr *e = n->keys[k].expr;
        s->kcol[k] = -1;
        if (sort_key_fixed(e->type.id)) continue;
        if (e->kind == PX_COL && e->col >= 0 && (uint32_t)e->col < n->ncols &&
            type_eq(e->type, n->types[e->col])) {
            s->kcol[k] = e->col;
            continue;
        }
        s->kcol[k] = (int)(n->ncols + s->nstore);
        ts[n->ncols + s->nstore] = e->type;
        s->kstore[s->nstore++] = k;
    }
}

Op *op_sort_new(ExecCtx *cx, const PlanNode *n, Op *child, int64_t topn) {
    SortOp *s = xcalloc(1, sizeof *s);
    s->op = (Op){sort_next, sort_close, cx, n, n->ncols, n->types};
    s->child = child;
    s->topn = topn;
    s->nkeys = n->nkeys;
    size_t nk = (size_t)n->nkeys + 1;
    s->keys = xcalloc(nk, sizeof *s->keys);
    s->kv = xcalloc(nk, sizeof *s->kv);
    s->kcol = xcalloc(nk, sizeof *s->kcol);
    s->kstore = xcalloc(nk, sizeof *s->kstore);
    Type *kt = xcalloc(nk, sizeof *kt);
    bool *desc = xcalloc(nk, sizeof *desc), *nf = xcalloc(nk, sizeof *nf);
    for (int k = 0; k < n->nkeys; k++) {
        kt[k] = n->keys[k].expr->type;
        desc[k] = n->keys[k].desc;
        nf[k] = n->keys[k].nulls_first;
    }
    sort_layout_init(&s->lay, kt, desc, nf, n->nkeys);
    s->lay.source = key_source;
    s->lay.source_ctx = s;
    free(kt);
    free(desc);
    free(nf);
    // calloc: head() reads 8 bytes of which only key 0's may have been written
    s->brec = xcalloc(BATCH_ROWS, s->lay.width);
    s->crec = xcalloc(BATCH_ROWS, s->lay.width);
    if (n->nkeys > 0) {
        s->head_len = 1 + s->lay.cols[0].width;
        if (s->head_len > 8) s->head_len = 8;
    }
    s->cut = xmalloc(s->lay.width);
    Type *ts = xcalloc(n->ncols + nk, sizeof *ts);
    memcpy(ts, n->types, n->ncols * sizeof *ts);
    place_keys(s, n, ts);
    rowbuf_init(&s->rows, ts, n->ncols + s->nstore);
    free(ts);
    s->out = batch_new(n->types, n->ncols);
    for (int k = 0; k < n->nkeys; k++) {
        if (!(s->keys[k] = op_expr(cx, n->keys[k].expr))) {
            sort_close(&s->op);
            return NULL;
        }
    }
    return &s->op;
}
