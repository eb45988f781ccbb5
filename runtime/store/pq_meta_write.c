/* Footer encoding for the writer: FileMetaData with the schema (physical,
 * logical and converted types; LIST / MAP groups), row groups, column chunk
 * metadata, statistics and column orders (storage-format.md sections 3-4). */
#include "pq_internal.h"
#include "thrift.h"

#include <string.h>

static void write_logical(ThriftWriter *w, const PqWType *pt, Type t) {
    if (pt->logical == LT_NONE) return;
    thrift_w_struct(w, 10);
    thrift_w_struct(w, pt->logical);
    if (pt->logical == LT_DECIMAL) {
        thrift_w_i32(w, 1, t.scale);
        thrift_w_i32(w, 2, t.precision);
    } else if (pt->logical == LT_TIMESTAMP) {
        thrift_w_bool(w, 1, true);
        thrift_w_struct(w, 2);
        thrift_w_struct(w, PQ_UNIT_MICROS);
        thrift_w_end(w);
        thrift_w_end(w);
    } else if (pt->logical == LT_INTEGER) {
        thrift_w_i8(w, 1, (int8_t)pt->bits);
        thrift_w_bool(w, 2, true);
    }
    thrift_w_end(w);
    thrift_w_end(w);
}

static void write_leaf(ThriftWriter *w, const PqWCol *c, int repetition, const char *name) {
    const PqWType *pt = &c->pt;
    thrift_w_list_struct(w);
    thrift_w_i32(w, 1, pt->phys);
    if (pt->phys == PT_FLBA) thrift_w_i32(w, 2, pt->type_length);
    thrift_w_i32(w, 3, repetition);
    thrift_w_binary(w, 4, name, strlen(name));
    if (pt->converted != CT_NONE) thrift_w_i32(w, 6, pt->converted);
    if (pt->converted == CT_DECIMAL) {
        thrift_w_i32(w, 7, c->type.scale);
        thrift_w_i32(w, 8, c->type.precision);
    }
    write_logical(w, pt, c->type);
    thrift_w_end(w);
}

/* A group element: annotated LIST / MAP (converted and logical type) or plain. */
static void write_group(ThriftWriter *w, const char *name, int repetition, int nchildren,
                        int converted, int logical) {
    thrift_w_list_struct(w);
    thrift_w_i32(w, 3, repetition);
    thrift_w_binary(w, 4, name, strlen(name));
    thrift_w_i32(w, 5, nchildren);
    if (converted != CT_NONE) {
        thrift_w_i32(w, 6, converted);
        thrift_w_struct(w, 10);
        thrift_w_struct(w, logical);
        thrift_w_end(w);
        thrift_w_end(w);
    }
    thrift_w_end(w);
}

/* The schema tree: flat columns are leaves; ARRAY and MAP use the 3-level form of the
 * Parquet spec (storage-format.md 4.x), as Spark writes them. */
static void write_schema(ThriftWriter *w, const Schema *s, const PqWCol *cols,
                         uint32_t nleaves) {
    uint32_t nelem = 1 + nleaves;
    for (uint32_t i = 0; i < s->ncols; i++) {
        int depth = pq_list_depth(s->cols[i].type);
        nelem += depth ? 2 * (uint32_t)depth : s->cols[i].type.id == TY_MAP ? 2 : 0;
    }
    thrift_w_list(w, 2, TT_STRUCT, nelem);
    thrift_w_list_struct(w);
    thrift_w_binary(w, 4, "schema", 6);
    thrift_w_i32(w, 5, (int32_t)s->ncols);
    thrift_w_end(w);
    uint32_t leaf = 0;
    for (uint32_t i = 0; i < s->ncols && leaf < nleaves; i++) {
        const Column *col = &s->cols[i];
        int rep = col->nullable ? 1 : 0;
        if (col->type.id == TY_ARRAY) {
            int depth = pq_list_depth(col->type);
            for (int k = 0; k < depth; k++) { // array<array<T>>: LIST groups down to T
                write_group(w, k ? "element" : col->name, k ? 1 : rep, 1, CT_LIST, LT_LIST);
                write_group(w, "list", 2, 1, CT_NONE, LT_NONE);
            }
            write_leaf(w, &cols[leaf++], 1, "element");
        } else if (col->type.id == TY_MAP) {
            write_group(w, col->name, rep, 1, CT_MAP, LT_MAP);
            write_group(w, "key_value", 2, 2, CT_NONE, LT_NONE);
            write_leaf(w, &cols[leaf++], 0, "key");
            write_leaf(w, &cols[leaf++], 1, "value");
        } else {
            write_leaf(w, &cols[leaf++], rep, col->name);
        }
    }
}

static void write_stats(ThriftWriter *w, const PqWChunk *ch, Type t) {
    const PqWStats *st = &ch->stats;
    bool minmax = st->has && !st->nan;
    bool legacy = t.id != TY_STRING && t.id != TY_BINARY && t.id != TY_DECIMAL;
    uint8_t bmin[16], bmax[16];
    const uint8_t *pmin = bmin, *pmax = bmax;
    uint32_t lmin = 0, lmax = 0;
    if (minmax) {
        lmin = pq_wstats_bytes(st, t, 0, bmin, &pmin);
        lmax = pq_wstats_bytes(st, t, 1, bmax, &pmax);
    }
    thrift_w_struct(w, 12);
    if (minmax && legacy) {
        thrift_w_binary(w, 1, pmax, lmax);
        thrift_w_binary(w, 2, pmin, lmin);
    }
    thrift_w_i64(w, 3, st->nulls);
    if (minmax) {
        thrift_w_binary(w, 5, pmax, lmax);
        thrift_w_binary(w, 6, pmin, lmin);
    }
    thrift_w_end(w);
}

static void write_chunk(ThriftWriter *w, const PqWChunk *ch, const PqWCol *col, int codec) {
    thrift_w_list_struct(w);
    thrift_w_i64(w, 2, 0);
    thrift_w_struct(w, 3);
    thrift_w_i32(w, 1, col->pt.phys);
    uint32_t nenc = 0;
    for (int e = 0; e < 32; e++) nenc += ch->encodings >> e & 1;
    thrift_w_list(w, 2, TT_I32, nenc);
    for (int e = 0; e < 32; e++)
        if (ch->encodings >> e & 1) thrift_w_zigzag(w, e);
    thrift_w_list(w, 3, TT_BINARY, col->npath);
    for (uint32_t k = 0; k < col->npath; k++)
        thrift_w_bytes(w, col->path[k], strlen(col->path[k]));
    thrift_w_i32(w, 4, codec);
    thrift_w_i64(w, 5, ch->num_values);
    thrift_w_i64(w, 6, ch->usize);
    thrift_w_i64(w, 7, ch->csize);
    thrift_w_i64(w, 9, ch->data_off);
    if (ch->dict_off >= 0) thrift_w_i64(w, 11, ch->dict_off);
    if (!col->nested) write_stats(w, ch, col->type); // Spark skips nested leaves too
    thrift_w_end(w);
    thrift_w_end(w);
}

void pq_meta_encode(StrBuf *buf, const Schema *s, const PqWCol *cols, uint32_t nleaves,
                    const PqWRowGroup *rgs, uint32_t nrg, int64_t num_rows, int codec) {
    ThriftWriter w;
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, 1);
    write_schema(&w, s, cols, nleaves);
    thrift_w_i64(&w, 3, num_rows);
    thrift_w_list(&w, 4, TT_STRUCT, nrg);
    for (uint32_t g = 0; g < nrg; g++) {
        const PqWRowGroup *rg = &rgs[g];
        thrift_w_list_struct(&w);
        thrift_w_list(&w, 1, TT_STRUCT, nleaves);
        for (uint32_t i = 0; i < nleaves; i++) write_chunk(&w, &rg->cols[i], &cols[i], codec);
        thrift_w_i64(&w, 2, rg->total_usize);
        thrift_w_i64(&w, 3, rg->num_rows);
        thrift_w_i64(&w, 5, rg->file_offset);
        thrift_w_i64(&w, 6, rg->total_csize);
        thrift_w_end(&w);
    }
    const char *by = "sluice version 0.1.0";
    thrift_w_binary(&w, 6, by, strlen(by));
    thrift_w_list(&w, 7, TT_STRUCT, nleaves);
    for (uint32_t i = 0; i < nleaves; i++) {
        thrift_w_list_struct(&w);
        thrift_w_struct(&w, 1); // TYPE_ORDER
        thrift_w_end(&w);
        thrift_w_end(&w);
    }
    thrift_w_end(&w);
    sb_put(buf, w.buf.ptr, w.buf.len);
    thrift_writer_free(&w);
}
