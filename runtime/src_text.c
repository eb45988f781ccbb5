/* Text reader: every line (without its "\n" or "\r\n") is one row of the STRING
 * column `value`, the first column of the schema. Splittable like NDJSON. With the
 * wholetext option the whole file is one row. */
#include "src_internal.h"

static int whole_next(FileReader *r, Batch *b, char **err) {
    if (r->in.eof || r->in.stop == 0) return 0;
    int rc;
    while ((rc = src_in_more(&r->in, err)) > 0) {}
    if (rc < 0) return -1;
    int32_t oc = r->schema.ncols ? r->outpos[0] : -1;
    size_t n = r->in.end - r->in.beg;
    if (oc >= 0 && b->cols[oc].type.id == TY_STRING && n <= UINT32_MAX)
        ((Str *)b->cols[oc].data)[0] = batch_str(b, r->in.buf ? r->in.buf + r->in.beg : "",
                                                 (uint32_t)n);
    else if (oc >= 0)
        vec_set_null(&b->cols[oc], 0);
    for (uint32_t c = 1; c < r->schema.ncols; c++) src_set_null(b, r->outpos[c], 0);
    b->nrows = 1;
    return 1;
}

static int text_next(FileReader *r, Batch *b, char **err) {
    int32_t oc = r->schema.ncols ? r->outpos[0] : -1;
    while (b->nrows < BATCH_ROWS) {
        const char *p;
        size_t n;
        int64_t off;
        int rc = src_in_line(&r->in, &p, &n, &off, err);
        if (rc < 0) return -1;
        if (rc == 0) break;
        if (oc >= 0) {
            Vec *v = &b->cols[oc];
            if (v->type.id == TY_STRING)
                ((Str *)v->data)[b->nrows] =
                    batch_str(b, p, n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
            else
                vec_set_null(v, b->nrows);
        }
        for (uint32_t c = 1; c < r->schema.ncols; c++) src_set_null(b, r->outpos[c], b->nrows);
        b->nrows++;
    }
    return b->nrows > 0;
}

int src_text_open(FileReader *r, char **err) {
    (void)err;
    r->next = r->conf.wholetext ? whole_next : text_next;
    return 0;
}
