/* Writing a classic single-file checkpoint (storage-format.md 7.9): the state of
 * a snapshot as one action per row in a NESTED Parquet file. The flat data-file
 * writer cannot express maps and lists, so this file has its own small nested
 * writer: one row group, one PLAIN data page (v1, uncompressed) per leaf, with
 * repetition/definition levels computed from the fixed checkpoint schema. */
#include "delta.h"
#include "pq_internal.h"
#include "thrift.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { REMOVE_RETENTION_MS = 7 * 24 * 3600 * 1000LL };  // delta.deletedFileRetentionDuration

typedef enum { CK_TXN, CK_ADD, CK_REMOVE, CK_META, CK_PROTOCOL, CK_NACTIONS } CkAction;

typedef enum {
    N_GROUP,   // optional struct
    N_MAP,     // optional group (MAP) { repeated group key_value { required key; optional value } }
    N_LIST,    // optional group (LIST) { repeated group list { optional element } }
    N_STR,     // optional BYTE_ARRAY (UTF8)
    N_I64,     // optional INT64
    N_I32,     // optional INT32
    N_BOOL,    // optional BOOLEAN
} CkNode;

/* The schema below the root, pre-order; depth 1 = action structs. */
typedef struct {
    int         depth;
    CkNode      kind;
    const char *name;
    int         field;  // which field of the action this node (or leaf group) carries
} CkField;

enum {  // action fields that carry values
    F_APP_ID, F_TXN_VERSION, F_LAST_UPDATED,
    F_PATH, F_PART_VALUES, F_SIZE, F_MOD_TIME, F_DATA_CHANGE, F_STATS,
    F_DEL_TS, F_EXT_META,
    F_ID, F_NAME, F_DESC, F_PROVIDER, F_OPTIONS, F_SCHEMA, F_PART_COLS, F_CONF, F_CREATED,
    F_MIN_READER, F_MIN_WRITER, F_READER_FEATURES, F_WRITER_FEATURES,
    F_NONE,
};

static const CkField FIELDS[] = {
    {1, N_GROUP, "txn", F_NONE},
    {2, N_STR, "appId", F_APP_ID},
    {2, N_I64, "version", F_TXN_VERSION},
    {2, N_I64, "lastUpdated", F_LAST_UPDATED},
    {1, N_GROUP, "add", F_NONE},
    {2, N_STR, "path", F_PATH},
    {2, N_MAP, "partitionValues", F_PART_VALUES},
    {2, N_I64, "size", F_SIZE},
    {2, N_I64, "modificationTime", F_MOD_TIME},
    {2, N_BOOL, "dataChange", F_DATA_CHANGE},
    {2, N_STR, "stats", F_STATS},
    {1, N_GROUP, "remove", F_NONE},
    {2, N_STR, "path", F_PATH},
    {2, N_I64, "deletionTimestamp", F_DEL_TS},
    {2, N_BOOL, "dataChange", F_DATA_CHANGE},
    {2, N_BOOL, "extendedFileMetadata", F_EXT_META},
    {2, N_MAP, "partitionValues", F_PART_VALUES},
    {2, N_I64, "size", F_SIZE},
    {1, N_GROUP, "metaData", F_NONE},
    {2, N_STR, "id", F_ID},
    {2, N_STR, "name", F_NAME},
    {2, N_STR, "description", F_DESC},
    {2, N_GROUP, "format", F_NONE},
    {3, N_STR, "provider", F_PROVIDER},
    {3, N_MAP, "options", F_OPTIONS},
    {2, N_STR, "schemaString", F_SCHEMA},
    {2, N_LIST, "partitionColumns", F_PART_COLS},
    {2, N_MAP, "configuration", F_CONF},
    {2, N_I64, "createdTime", F_CREATED},
    {1, N_GROUP, "protocol", F_NONE},
    {2, N_I32, "minReaderVersion", F_MIN_READER},
    {2, N_I32, "minWriterVersion", F_MIN_WRITER},
    {2, N_LIST, "readerFeatures", F_READER_FEATURES},
    {2, N_LIST, "writerFeatures", F_WRITER_FEATURES},
};
enum { NFIELDS = sizeof FIELDS / sizeof FIELDS[0] };

typedef enum { R_SCALAR, R_KEY, R_VALUE, R_ELEM } CkRole;

/* One Parquet leaf column being built. */
typedef struct {
    CkAction    action;
    int         field;
    CkRole      role;
    CkNode      kind;        // value kind (N_STR for map/list parts)
    int         max_def, max_rep;
    const char *path[5];     // names from the action down
    int         npath;
    VEC(uint8_t) rep;
    VEC(uint8_t) def;
    StrBuf      vals;        // PLAIN values
    uint32_t    nvals;
    uint8_t     bits;        // BOOLEAN bit-packing: pending byte
    uint32_t    nbits;
} CkLeaf;

typedef VEC(CkLeaf) CkLeafVec;

/* What one action offers for a field: a scalar, or a collection of strings. */
typedef struct {
    bool         present;
    const char  *s;          // N_STR scalar
    int64_t      i;          // N_I64 / N_I32 / N_BOOL scalar
    uint32_t     n;          // collections
    const char **keys, **vals;
} CkValue;

static CkValue get_value(CkAction act, const DeltaAction *a, int field) {
    CkValue v = {.present = true};
    switch (act) {
    case CK_TXN: {
        const DeltaTxn *t = &a->u.txn;
        if (field == F_APP_ID) v.s = t->app_id;
        else if (field == F_TXN_VERSION) v.i = t->version;
        else v.i = t->last_updated, v.present = t->last_updated >= 0;
        break;
    }
    case CK_ADD: {
        const DeltaAdd *x = &a->u.add;
        if (field == F_PATH) v.s = x->path;
        else if (field == F_PART_VALUES)
            v.n = x->npart, v.keys = x->part_keys, v.vals = x->part_vals;
        else if (field == F_SIZE) v.i = x->size;
        else if (field == F_MOD_TIME) v.i = x->mod_time;
        else if (field == F_DATA_CHANGE) v.i = x->data_change;
        else if (field == F_STATS) v.s = x->stats, v.present = x->stats != NULL;
        break;
    }
    case CK_REMOVE: {
        const DeltaRemove *x = &a->u.remove;
        if (field == F_PATH) v.s = x->path;
        else if (field == F_DEL_TS) v.i = x->deletion_ts;
        else if (field == F_DATA_CHANGE) v.i = x->data_change;
        else if (field == F_EXT_META) v.i = 1;
        else if (field == F_PART_VALUES) v.n = 0;
        else if (field == F_SIZE) v.i = x->size, v.present = x->size >= 0;
        break;
    }
    case CK_META: {
        const DeltaMeta *m = &a->u.meta;
        if (field == F_ID) v.s = m->id;
        else if (field == F_NAME) v.s = m->name, v.present = m->name != NULL;
        else if (field == F_DESC) v.s = m->description, v.present = m->description != NULL;
        else if (field == F_PROVIDER) v.s = "parquet";
        else if (field == F_OPTIONS) v.n = 0;
        else if (field == F_SCHEMA) v.s = m->schema_string;
        else if (field == F_PART_COLS) v.n = m->npartition, v.vals = m->partition_cols;
        else if (field == F_CONF) v.n = m->nconf, v.keys = m->conf_keys, v.vals = m->conf_vals;
        else if (field == F_CREATED) v.i = m->created_time, v.present = m->created_time >= 0;
        break;
    }
    case CK_PROTOCOL: {
        const DeltaProtocol *p = &a->u.proto;
        if (field == F_MIN_READER) v.i = p->min_reader;
        else if (field == F_MIN_WRITER) v.i = p->min_writer;
        else if (field == F_READER_FEATURES)
            v.n = p->nreader_features, v.vals = p->reader_features, v.present = p->min_reader >= 3;
        else if (field == F_WRITER_FEATURES)
            v.n = p->nwriter_features, v.vals = p->writer_features, v.present = p->min_writer >= 7;
        break;
    }
    case CK_NACTIONS: break;
    }
    return v;
}

static void push_level(CkLeaf *l, uint8_t rep, uint8_t def) {
    VEC_PUSH(l->rep, rep);
    VEC_PUSH(l->def, def);
}

static void put_u32(StrBuf *b, uint32_t v) {  // little-endian
    for (int k = 0; k < 4; k++) sb_putc(b, (char)(v >> (8 * k)));
}

static void push_str(CkLeaf *l, const char *s) {
    uint32_t n = (uint32_t)strlen(s);
    put_u32(&l->vals, n);
    sb_put(&l->vals, s, n);
    l->nvals++;
}

static void push_scalar(CkLeaf *l, const CkValue *v) {
    if (l->kind == N_STR) {
        push_str(l, v->s);
        return;
    }
    if (l->kind == N_BOOL) {  // PLAIN booleans are bit-packed, LSB first
        if (v->i) l->bits |= (uint8_t)(1u << (l->nbits & 7));
        if ((++l->nbits & 7) == 0) sb_putc(&l->vals, (char)l->bits), l->bits = 0;
        l->nvals++;
        return;
    }
    int w = l->kind == N_I32 ? 4 : 8;
    uint64_t u = (uint64_t)v->i;
    for (int k = 0; k < w; k++) sb_putc(&l->vals, (char)(u >> (8 * k)));
    l->nvals++;
}

/* Levels and values of one row for leaf l; a is NULL when the row holds another action. */
static void emit(CkLeaf *l, const DeltaAction *a) {
    if (!a) { push_level(l, 0, 0); return; }
    CkValue v = get_value(l->action, a, l->field);
    if (l->role == R_SCALAR && l->kind == N_STR && !v.s) v.present = false;
    if (l->role == R_SCALAR) {
        if (v.present) { push_level(l, 0, (uint8_t)l->max_def); push_scalar(l, &v); }
        else push_level(l, 0, (uint8_t)(l->max_def - 1));
        return;
    }
    // A collection: g is the definition level of "present but empty".
    int g = l->role == R_KEY ? l->max_def - 1 : l->max_def - 2;
    if (!v.present) { push_level(l, 0, (uint8_t)(g - 1)); return; }
    if (v.n == 0) { push_level(l, 0, (uint8_t)g); return; }
    for (uint32_t i = 0; i < v.n; i++) {
        uint8_t rep = i ? 1 : 0;
        const char *s = l->role == R_KEY ? v.keys[i] : v.vals[i];
        if (!s) { push_level(l, rep, (uint8_t)(l->max_def - 1)); continue; }
        push_level(l, rep, (uint8_t)l->max_def);
        push_str(l, s);
    }
}

/* ---- Schema: the leaves and the SchemaElement list ---- */

static void add_leaf(CkLeafVec *leaves, CkAction act, const char **path, int npath, int field,
                     CkRole role, CkNode kind, int max_def, int max_rep) {
    CkLeaf l = {.action = act, .field = field, .role = role, .kind = kind, .max_def = max_def,
                .max_rep = max_rep, .npath = npath};
    for (int i = 0; i < npath; i++) l.path[i] = path[i];
    VEC_PUSH(*leaves, l);
}

static int children(int i) {
    int n = 0;
    for (int j = i + 1; j < NFIELDS && FIELDS[j].depth > FIELDS[i].depth; j++)
        n += FIELDS[j].depth == FIELDS[i].depth + 1;
    return n;
}

static void schema_elem(ThriftWriter *w, const char *name, int phys, int rep, int nchild,
                        int converted) {
    thrift_w_list_struct(w);
    if (phys >= 0) thrift_w_i32(w, 1, phys);
    thrift_w_i32(w, 3, rep);
    thrift_w_binary(w, 4, name, strlen(name));
    if (nchild >= 0) thrift_w_i32(w, 5, nchild);
    if (converted >= 0) thrift_w_i32(w, 6, converted);
    thrift_w_end(w);
}

static int phys_of(CkNode k) {
    return k == N_STR ? PT_BYTE_ARRAY : k == N_I64 ? PT_INT64 : k == N_I32 ? PT_INT32 : PT_BOOLEAN;
}

/* Walk FIELDS: write the schema elements (when w) and collect the leaves. */
static uint32_t build_schema(ThriftWriter *w, CkLeafVec *leaves) {
    uint32_t nelem = 1;
    CkAction act = CK_TXN;
    const char *path[5];
    for (int i = 0; i < NFIELDS; i++) {
        const CkField *f = &FIELDS[i];
        if (f->depth == 1) act = (CkAction)(i == 0 ? CK_TXN : act + 1);
        path[f->depth - 1] = f->name;
        int base = f->depth;  // optional nodes from the action down to this one
        switch (f->kind) {
        case N_GROUP:
            if (w) schema_elem(w, f->name, -1, 1, children(i), -1);
            nelem++;
            break;
        case N_MAP:
            if (w) {
                schema_elem(w, f->name, -1, 1, 1, CT_MAP);
                schema_elem(w, "key_value", -1, 2, 2, CT_MAP_KEY_VALUE);
                schema_elem(w, "key", PT_BYTE_ARRAY, 0, -1, CT_UTF8);
                schema_elem(w, "value", PT_BYTE_ARRAY, 1, -1, CT_UTF8);
            }
            nelem += 4;
            path[f->depth] = "key_value";
            path[f->depth + 1] = "key";
            add_leaf(leaves, act, path, f->depth + 2, f->field, R_KEY, N_STR, base + 1, 1);
            path[f->depth + 1] = "value";
            add_leaf(leaves, act, path, f->depth + 2, f->field, R_VALUE, N_STR, base + 2, 1);
            break;
        case N_LIST:
            if (w) {
                schema_elem(w, f->name, -1, 1, 1, CT_LIST);
                schema_elem(w, "list", -1, 2, 1, -1);
                schema_elem(w, "element", PT_BYTE_ARRAY, 1, -1, CT_UTF8);
            }
            nelem += 3;
            path[f->depth] = "list";
            path[f->depth + 1] = "element";
            add_leaf(leaves, act, path, f->depth + 2, f->field, R_ELEM, N_STR, base + 2, 1);
            break;
        default:
            if (w)
                schema_elem(w, f->name, phys_of(f->kind), 1, -1, f->kind == N_STR ? CT_UTF8 : -1);
            nelem++;
            add_leaf(leaves, act, path, f->depth, f->field, R_SCALAR, f->kind, base, 0);
        }
    }
    return nelem;
}

/* ---- File assembly ---- */

typedef struct {
    int64_t offset, size, num_values;
} CkChunk;

static void levels(StrBuf *page, const uint8_t *v, uint32_t n, int max) {
    StrBuf rle = {0};
    pq_rle_encode8(&rle, v, n, pq_bit_width((uint64_t)max));
    uint32_t len = (uint32_t)rle.len;
    put_u32(page, len);
    if (rle.len) sb_put(page, rle.ptr, rle.len);
    sb_free(&rle);
}

static void write_chunk(StrBuf *file, CkLeaf *l, CkChunk *out) {
    if (l->nbits & 7) sb_putc(&l->vals, (char)l->bits);
    StrBuf page = {0};
    uint32_t n = (uint32_t)l->def.len;
    if (l->max_rep) levels(&page, l->rep.items, n, l->max_rep);
    levels(&page, l->def.items, n, l->max_def);
    if (l->vals.len) sb_put(&page, l->vals.ptr, l->vals.len);
    ThriftWriter h;
    thrift_writer_init(&h);
    thrift_w_i32(&h, 1, 0);  // DATA_PAGE
    thrift_w_i32(&h, 2, (int32_t)page.len);
    thrift_w_i32(&h, 3, (int32_t)page.len);
    thrift_w_struct(&h, 5);
    thrift_w_i32(&h, 1, (int32_t)n);
    thrift_w_i32(&h, 2, PE_PLAIN);
    thrift_w_i32(&h, 3, PE_RLE);
    thrift_w_i32(&h, 4, PE_RLE);
    thrift_w_end(&h);
    thrift_w_end(&h);
    out->offset = (int64_t)file->len;
    sb_put(file, h.buf.ptr, h.buf.len);
    if (page.len) sb_put(file, page.ptr, page.len);
    out->size = (int64_t)file->len - out->offset;
    out->num_values = n;
    thrift_writer_free(&h);
    sb_free(&page);
}

static void write_footer(StrBuf *file, CkLeaf *leaves, uint32_t nleaves, const CkChunk *chunks,
                         int64_t nrows) {
    ThriftWriter w;
    thrift_writer_init(&w);
    thrift_w_i32(&w, 1, 1);
    CkLeafVec dummy = {0};
    uint32_t nelem = build_schema(NULL, &dummy);
    free(dummy.items);
    thrift_w_list(&w, 2, TT_STRUCT, nelem);
    thrift_w_list_struct(&w);  // root
    thrift_w_binary(&w, 4, "spark_schema", 12);
    thrift_w_i32(&w, 5, 5);
    thrift_w_end(&w);
    dummy = (CkLeafVec){0};
    build_schema(&w, &dummy);
    free(dummy.items);
    thrift_w_i64(&w, 3, nrows);
    thrift_w_list(&w, 4, TT_STRUCT, 1);
    thrift_w_list_struct(&w);  // RowGroup
    thrift_w_list(&w, 1, TT_STRUCT, nleaves);
    int64_t total = 0;
    for (uint32_t i = 0; i < nleaves; i++) {
        const CkLeaf *l = &leaves[i];
        thrift_w_list_struct(&w);  // ColumnChunk
        thrift_w_i64(&w, 2, chunks[i].offset);
        thrift_w_struct(&w, 3);    // ColumnMetaData
        thrift_w_i32(&w, 1, phys_of(l->kind));
        thrift_w_list(&w, 2, TT_I32, 2);
        thrift_w_zigzag(&w, PE_PLAIN);
        thrift_w_zigzag(&w, PE_RLE);
        thrift_w_list(&w, 3, TT_BINARY, (uint32_t)l->npath);
        for (int k = 0; k < l->npath; k++) thrift_w_bytes(&w, l->path[k], strlen(l->path[k]));
        thrift_w_i32(&w, 4, 0);  // UNCOMPRESSED
        thrift_w_i64(&w, 5, chunks[i].num_values);
        thrift_w_i64(&w, 6, chunks[i].size);
        thrift_w_i64(&w, 7, chunks[i].size);
        thrift_w_i64(&w, 9, chunks[i].offset);
        thrift_w_end(&w);
        thrift_w_end(&w);
        total += chunks[i].size;
    }
    thrift_w_i64(&w, 2, total);
    thrift_w_i64(&w, 3, nrows);
    thrift_w_end(&w);
    const char *by = "sluice version 0.1.0";
    thrift_w_binary(&w, 6, by, strlen(by));
    thrift_w_end(&w);
    uint32_t flen = (uint32_t)w.buf.len;
    sb_put(file, w.buf.ptr, w.buf.len);
    put_u32(file, flen);
    sb_put(file, "PAR1", 4);
    thrift_writer_free(&w);
}

/* Write bytes to path through a temp file + rename (the checkpoint is complete or absent). */
static int publish(const char *table, const char *name, const StrBuf *data, char **err) {
    char id[37];
    delta_uuid(id);
    StrBuf tmp = {0}, dst = {0}, dir = {0};
    sb_printf(&dir, "%s/_delta_log", table);
    sb_printf(&tmp, "%s/.tmp-%s", dir.ptr, id);
    sb_printf(&dst, "%s/%s", dir.ptr, name);
    int rc = -1;
    int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) {
        size_t off = 0;
        while (off < data->len) {
            ssize_t n = write(fd, data->ptr + off, data->len - off);
            if (n <= 0 && errno != EINTR) break;
            if (n > 0) off += (size_t)n;
        }
        bool ok = off == data->len && fsync(fd) == 0;
        close(fd);
        if (ok && rename(tmp.ptr, dst.ptr) == 0) {
            delta_fsync_path(dir.ptr, true);
            rc = 0;
        }
    }
    if (rc) {
        *err = delta_errorf("cannot write %s: %s", dst.ptr, strerror(errno));
        unlink(tmp.ptr);
    }
    sb_free(&tmp);
    sb_free(&dst);
    sb_free(&dir);
    return rc;
}

/* The snapshot's state as actions, in checkpoint order. */
static uint32_t state_actions(const DeltaSnapshot *s, DeltaAction **out, CkAction **kinds,
                              int64_t now) {
    uint32_t cap = 2 + (uint32_t)s->txns.len + s->nfiles + s->ntombstones, n = 0;
    *out = xcalloc(cap, sizeof **out);
    *kinds = xcalloc(cap, sizeof **kinds);
    (*out)[n] = (DeltaAction){.kind = DA_PROTOCOL, .u.proto = s->proto};
    (*kinds)[n++] = CK_PROTOCOL;
    (*out)[n] = (DeltaAction){.kind = DA_META, .u.meta = s->meta};
    (*kinds)[n++] = CK_META;
    for (size_t i = 0; i < s->txns.cap; i++)
        if (s->txns.slots[i].key && s->txns.slots[i].val) {
            (*out)[n] = (DeltaAction){.kind = DA_TXN, .u.txn = *(DeltaTxn *)s->txns.slots[i].val};
            (*kinds)[n++] = CK_TXN;
        }
    for (uint32_t i = 0; i < s->nfiles; i++) {
        (*out)[n] = (DeltaAction){.kind = DA_ADD, .u.add = *s->files[i]};
        (*kinds)[n++] = CK_ADD;
    }
    for (uint32_t i = 0; i < s->ntombstones; i++)
        if (s->tombstones[i]->deletion_ts > now - REMOVE_RETENTION_MS) {
            (*out)[n] = (DeltaAction){.kind = DA_REMOVE, .u.remove = *s->tombstones[i]};
            (*kinds)[n++] = CK_REMOVE;
        }
    return n;
}

int delta_checkpoint_write(const DeltaSnapshot *s, char **err) {
    CkLeafVec leaves = {0};
    build_schema(NULL, &leaves);
    DeltaAction *acts;
    CkAction *kinds;
    uint32_t n = state_actions(s, &acts, &kinds, delta_now_ms());
    for (uint32_t r = 0; r < n; r++)
        for (size_t i = 0; i < leaves.len; i++)
            emit(&leaves.items[i], leaves.items[i].action == kinds[r] ? &acts[r] : NULL);
    StrBuf file = {0};
    sb_put(&file, "PAR1", 4);
    CkChunk *chunks = xcalloc(leaves.len, sizeof *chunks);
    for (size_t i = 0; i < leaves.len; i++) write_chunk(&file, &leaves.items[i], &chunks[i]);
    write_footer(&file, leaves.items, (uint32_t)leaves.len, chunks, n);
    char name[64];
    snprintf(name, sizeof name, "%020lld.checkpoint.parquet", (long long)s->version);
    int rc = publish(s->table, name, &file, err);
    if (rc == 0) {
        StrBuf last = {0};
        sb_printf(&last, "{\"version\":%lld,\"size\":%u,\"sizeInBytes\":%zu,\"numOfAddFiles\":%u}",
                  (long long)s->version, n, file.len, s->nfiles);
        rc = publish(s->table, "_last_checkpoint", &last, err);
        sb_free(&last);
    }
    for (size_t i = 0; i < leaves.len; i++) {
        free(leaves.items[i].rep.items);
        free(leaves.items[i].def.items);
        sb_free(&leaves.items[i].vals);
    }
    free(leaves.items);
    free(chunks);
    free(acts);
    free(kinds);
    sb_free(&file);
    return rc;
}
