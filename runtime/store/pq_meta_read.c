/* Parquet footer decoding: FileMetaData and everything under it into the
 * PqFileMeta structures of pq_internal.h, skipping fields we do not use, then
 * the leaf list with max definition / repetition levels. */
#include "pq_internal.h"
#include "thrift.h"

#include <string.h>

static const char *dup_bin(ThriftReader *r, Arena *a) {
    uint32_t n;
    const uint8_t *p = thrift_binary(r, &n);
    return arena_strndup(a, (const char *)p, n);
}

static PqBytes get_bytes(ThriftReader *r) {
    PqBytes b;
    b.p = thrift_binary(r, &b.len);
    b.set = !r->err;
    return b;
}

static void read_time_unit(ThriftReader *r, int32_t *unit) {
    int id, t;
    thrift_struct_begin(r);
    while (thrift_field(r, &id, &t)) {
        if (t == TT_STRUCT) *unit = id;
        thrift_skip(r, t);
    }
}

static void read_logical(ThriftReader *r, PqSchemaElem *e) {
    int id, t;
    thrift_struct_begin(r);
    while (thrift_field(r, &id, &t)) {
        if (t != TT_STRUCT) {
            thrift_skip(r, t);
            continue;
        }
        e->logical = id;
        int fid, ft;
        thrift_struct_begin(r);
        while (thrift_field(r, &fid, &ft)) {
            if (id == LT_DECIMAL && fid == 1)
                e->lt_scale = thrift_i32(r, ft);
            else if (id == LT_DECIMAL && fid == 2)
                e->lt_precision = thrift_i32(r, ft);
            else if ((id == LT_TIMESTAMP || id == LT_TIME) && fid == 1)
                e->lt_utc = thrift_bool(r, ft);
            else if ((id == LT_TIMESTAMP || id == LT_TIME) && fid == 2 && ft == TT_STRUCT)
                read_time_unit(r, &e->lt_unit);
            else if (id == LT_INTEGER && fid == 1)
                e->lt_bits = thrift_i32(r, ft);
            else if (id == LT_INTEGER && fid == 2)
                e->lt_signed = thrift_bool(r, ft);
            else
                thrift_skip(r, ft);
        }
    }
}

static void read_schema_elem(ThriftReader *r, Arena *a, PqSchemaElem *e) {
    memset(e, 0, sizeof *e);
    e->phys = -1;
    e->repetition = -1;
    e->num_children = -1;
    e->converted = CT_NONE;
    e->name = "";
    int id, t;
    thrift_struct_begin(r);
    while (thrift_field(r, &id, &t)) {
        switch (id) {
        case 1: e->phys = thrift_i32(r, t); break;
        case 2: e->type_length = thrift_i32(r, t); break;
        case 3: e->repetition = thrift_i32(r, t); break;
        case 4: e->name = t == TT_BINARY ? dup_bin(r, a) : (thrift_skip(r, t), ""); break;
        case 5: e->num_children = thrift_i32(r, t); break;
        case 6: e->converted = thrift_i32(r, t); break;
        case 7: e->scale = thrift_i32(r, t); break;
        case 8: e->precision = thrift_i32(r, t); break;
        case 10:
            if (t == TT_STRUCT)
                read_logical(r, e);
            else
                thrift_skip(r, t);
            break;
        default: thrift_skip(r, t);
        }
    }
}

static void read_stats(ThriftReader *r, PqChunkMeta *c) {
    int id, t;
    thrift_struct_begin(r);
    while (thrift_field(r, &id, &t)) {
        if (t == TT_BINARY && id == 1)
            c->max = get_bytes(r);
        else if (t == TT_BINARY && id == 2)
            c->min = get_bytes(r);
        else if (t == TT_BINARY && id == 5)
            c->max_value = get_bytes(r);
        else if (t == TT_BINARY && id == 6)
            c->min_value = get_bytes(r);
        else if (id == 3 && t == TT_I64) {
            c->null_count = thrift_i64(r, t);
            c->has_null_count = true;
        } else
            thrift_skip(r, t);
    }
}

static void read_col_meta(ThriftReader *r, PqChunkMeta *c) {
    int id, t;
    c->has_meta = true;
    thrift_struct_begin(r);
    while (thrift_field(r, &id, &t)) {
        switch (id) {
        case 1: c->phys = thrift_i32(r, t); break;
        case 4: c->codec = thrift_i32(r, t); break;
        case 5: c->num_values = thrift_i64(r, t); break;
        case 6: c->total_uncompressed = thrift_i64(r, t); break;
        case 7: c->total_compressed = thrift_i64(r, t); break;
        case 9: c->data_page_offset = thrift_i64(r, t); break;
        case 11: c->dict_page_offset = thrift_i64(r, t); break;
        case 12:
            if (t == TT_STRUCT)
                read_stats(r, c);
            else
                thrift_skip(r, t);
            break;
        default: thrift_skip(r, t);
        }
    }
}

static void read_chunk(ThriftReader *r, PqChunkMeta *c) {
    memset(c, 0, sizeof *c);
    c->dict_page_offset = -1;
    int id, t;
    thrift_struct_begin(r);
    while (thrift_field(r, &id, &t)) {
        if (id == 1) {
            c->external = true;
            thrift_skip(r, t);
        } else if (id == 3 && t == TT_STRUCT) {
            read_col_meta(r, c);
        } else {
            thrift_skip(r, t);
        }
    }
}

static void read_row_group(ThriftReader *r, Arena *a, PqRowGroupMeta *g) {
    memset(g, 0, sizeof *g);
    int id, t;
    thrift_struct_begin(r);
    while (thrift_field(r, &id, &t)) {
        if (id == 1 && t == TT_LIST) {
            int et;
            uint32_t n = thrift_list(r, &et);
            if (et != TT_STRUCT && n) {
                r->err = "row group columns are not structs";
                return;
            }
            g->cols = arena_alloc(a, (n ? n : 1) * sizeof *g->cols);
            g->ncols = n;
            for (uint32_t i = 0; i < n && !r->err; i++) read_chunk(r, &g->cols[i]);
        } else if (id == 3) {
            g->num_rows = thrift_i64(r, t);
        } else {
            thrift_skip(r, t);
        }
    }
}

/* Depth-first walk of the schema tree computing each leaf's levels and path. */
static int walk_schema(PqFileMeta *m, Arena *a, uint32_t *i, int def, int rep, const char *prefix,
                       int depth, const char **err) {
    if (depth > 64) {
        *err = "schema nested too deeply";
        return -1;
    }
    if (*i >= m->nschema) {
        *err = "schema tree is truncated";
        return -1;
    }
    PqSchemaElem *e = &m->schema[*i];
    uint32_t me = (*i)++;
    if (e->repetition == 1) def++;
    if (e->repetition == 2) def++, rep++;
    const char *path =
        prefix[0] ? arena_printf(a, "%s.%s", prefix, e->name) : arena_strdup(a, e->name);
    if (e->num_children < 0 || e->phys >= 0) {
        if (e->phys < 0) {
            *err = "schema leaf has no type";
            return -1;
        }
        PqLeaf *l = &m->leaves[m->nleaves++];
        l->elem = me;
        l->max_def = def;
        l->max_rep = rep;
        l->path = path;
        return 0;
    }
    for (int32_t k = 0; k < e->num_children; k++)
        if (walk_schema(m, a, i, def, rep, path, depth + 1, err) < 0) return -1;
    return 0;
}

static int compute_leaves(PqFileMeta *m, Arena *a, const char **err) {
    if (m->nschema == 0 || m->schema[0].num_children < 0) {
        *err = "schema has no root";
        return -1;
    }
    m->leaves = arena_alloc(a, m->nschema * sizeof *m->leaves);
    uint32_t i = 1;
    for (int32_t k = 0; k < m->schema[0].num_children; k++)
        if (walk_schema(m, a, &i, 0, 0, "", 0, err) < 0) return -1;
    if (i != m->nschema) {
        *err = "schema tree does not match num_children";
        return -1;
    }
    return 0;
}

int pq_meta_decode(const uint8_t *buf, size_t len, Arena *a, PqFileMeta *m, const char **err) {
    memset(m, 0, sizeof *m);
    ThriftReader r;
    thrift_reader_init(&r, buf, len);
    thrift_struct_begin(&r);
    int id, t;
    bool have_schema = false;
    while (thrift_field(&r, &id, &t)) {
        if (id == 1) {
            m->version = thrift_i32(&r, t);
        } else if (id == 2 && t == TT_LIST) {
            int et;
            uint32_t n = thrift_list(&r, &et);
            if (n && et != TT_STRUCT) r.err = "schema is not a list of structs";
            m->schema = arena_alloc(a, (n ? n : 1) * sizeof *m->schema);
            m->nschema = n;
            for (uint32_t i = 0; i < n && !r.err; i++) read_schema_elem(&r, a, &m->schema[i]);
            have_schema = true;
        } else if (id == 3) {
            m->num_rows = thrift_i64(&r, t);
        } else if (id == 4 && t == TT_LIST) {
            int et;
            uint32_t n = thrift_list(&r, &et);
            if (n && et != TT_STRUCT) r.err = "row_groups is not a list of structs";
            m->rgs = arena_alloc(a, (n ? n : 1) * sizeof *m->rgs);
            m->nrg = n;
            for (uint32_t i = 0; i < n && !r.err; i++) read_row_group(&r, a, &m->rgs[i]);
        } else if (id == 6 && t == TT_BINARY) {
            m->created_by = dup_bin(&r, a);
        } else if (id == 8) {
            m->encrypted = true;
            thrift_skip(&r, t);
        } else {
            thrift_skip(&r, t);
        }
    }
    if (r.err) {
        *err = r.err;
        return -1;
    }
    if (m->encrypted) {
        *err = "file is encrypted";
        return -1;
    }
    if (!have_schema) {
        *err = "footer has no schema";
        return -1;
    }
    if (m->num_rows < 0) {
        *err = "negative num_rows";
        return -1;
    }
    return compute_leaves(m, a, err);
}
