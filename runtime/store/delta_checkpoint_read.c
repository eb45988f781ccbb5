/* Reading classic and multi-part checkpoints written by Spark, delta-rs or us
 * (storage-format.md 5.13, 7.9). Checkpoints are nested Parquet: this file walks
 * the schema tree, decodes the leaves it needs with their repetition/definition
 * levels (max rep <= 1) through the Parquet column cursor, and reassembles one
 * action per row. Map and list children are identified by position, not name. */
#include "delta.h"
#include "pq_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { A_TXN, A_ADD, A_REMOVE, A_META, A_PROTOCOL, A_N } RdAction;
static const char *const ACTION_NAMES[A_N] = {"txn", "add", "remove", "metaData", "protocol"};

typedef enum {
    RL_SCALAR,  // action.field
    RL_KEY,     // action.field.<repeated>.<child 0 of 2>
    RL_VALUE,   // action.field.<repeated>.<child 1 of 2>
    RL_ELEM,    // action.field.<repeated>.<only child>, or a repeated leaf
    RL_DV,      // add.deletionVector.*: its presence means a feature we lack
} RdRole;

typedef struct {
    RdAction     action;
    const char  *field;
    RdRole       role;
    bool         used;
    uint32_t     leaf;      // index into meta.leaves and row group columns
    int          max_def, max_rep, rdef;  // rdef: level at which a repeated entry exists
    int          phys;
    /* decoded for the current row group */
    uint8_t     *rep, *def;
    uint32_t     n, cap;
    int64_t     *ivals;
    const char **svals;
    uint32_t     nvals, vcap;
    uint32_t    *row_start;  // nrows + 1 entry offsets
    uint32_t    *vstart;     // nrows + 1 value offsets
} RdLeaf;

typedef struct {
    Arena        *arena;     // strings of the actions
    const char   *path;
    const uint8_t *file;
    size_t        len;
    PqFileMeta    meta;
    Arena         meta_arena;
    RdLeaf       *leaves;
    uint32_t      nleaves;
    char        **err;
} Rd;

static int rd_fail(Rd *r, const char *msg) {
    if (!*r->err) *r->err = delta_errorf("checkpoint %s: %s", r->path, msg);
    return -1;
}

/* ---- Schema walk ---- */

typedef struct {
    Rd      *r;
    uint32_t next;       // next schema element
    uint32_t stack[16];  // element indexes from the root's children down
    uint32_t pos[16];    // position of each among its siblings
    uint32_t nchild[16]; // number of children of each
    uint32_t leafno;
} Walk;

static RdLeaf classify(Walk *w, int depth) {
    const PqSchemaElem *s = w->r->meta.schema;
    RdLeaf l = {.action = A_N};
    l.action = A_N;
    for (int a = 0; a < A_N; a++)
        if (strcmp(s[w->stack[0]].name ? s[w->stack[0]].name : "", ACTION_NAMES[a]) == 0)
            l.action = (RdAction)a;
    if (l.action == A_N || depth < 2) return l;
    l.field = s[w->stack[1]].name ? s[w->stack[1]].name : "";
    const PqSchemaElem *leaf = &s[w->stack[depth - 1]];
    int rdef = 0, j = 0;
    for (j = 0; j < depth; j++) {
        if (s[w->stack[j]].repetition != 0) rdef++;
        if (s[w->stack[j]].repetition == 2) break;
    }
    l.rdef = rdef;
    if (strcmp(l.field, "deletionVector") == 0) l.role = RL_DV, l.used = true;
    else if (depth == 2 && leaf->repetition != 2) l.role = RL_SCALAR, l.used = true;
    else if (depth == 3 && leaf->repetition == 2) l.role = RL_ELEM, l.used = true;
    else if (depth == 4 && j == 2 && w->nchild[2] == 2)
        l.role = w->pos[3] == 0 ? RL_KEY : RL_VALUE, l.used = true;
    else if (depth == 4 && j == 2 && w->nchild[2] == 1) l.role = RL_ELEM, l.used = true;
    return l;
}

static int walk(Walk *w, int depth) {
    Rd *r = w->r;
    uint32_t e = w->next++;
    if (e >= r->meta.nschema || depth > 15) return rd_fail(r, "malformed schema");
    const PqSchemaElem *el = &r->meta.schema[e];
    if (depth > 0) w->stack[depth - 1] = e;
    if (el->num_children <= 0 && depth > 0) {
        if (w->leafno >= r->nleaves) return rd_fail(r, "schema and leaves disagree");
        RdLeaf l = classify(w, depth);
        const PqLeaf *pl = &r->meta.leaves[w->leafno];
        l.leaf = w->leafno;
        l.max_def = pl->max_def;
        l.max_rep = pl->max_rep;
        l.phys = el->phys;
        if (l.max_rep > 1 || (l.phys != PT_BYTE_ARRAY && l.phys != PT_INT32 &&
                              l.phys != PT_INT64 && l.phys != PT_BOOLEAN))
            l.used = false;  // nothing we read has such a leaf
        r->leaves[w->leafno++] = l;
        return 0;
    }
    if (depth > 0) w->nchild[depth - 1] = (uint32_t)el->num_children;
    for (int32_t i = 0; i < el->num_children; i++) {
        w->pos[depth] = (uint32_t)i;
        if (walk(w, depth + 1)) return -1;
    }
    return 0;
}

/* ---- Decoding one leaf of one row group ---- */

static void grow_entries(RdLeaf *l, uint32_t extra) {
    if (l->n + extra <= l->cap) return;
    l->cap = (l->n + extra) * 2;
    l->rep = xrealloc(l->rep, l->cap);
    l->def = xrealloc(l->def, l->cap);
}

static void push_value(Rd *r, RdLeaf *l, const PqValues *v, uint32_t i) {
    if (l->nvals == l->vcap) {
        l->vcap = l->vcap ? l->vcap * 2 : 64;
        l->ivals = xrealloc(l->ivals, l->vcap * sizeof *l->ivals);
        l->svals = xrealloc(l->svals, l->vcap * sizeof *l->svals);
    }
    int64_t iv = 0;
    const char *sv = NULL;
    if (l->phys == PT_BYTE_ARRAY) {
        sv = arena_strndup(r->arena, v->strs[i].ptr ? v->strs[i].ptr : "", v->strs[i].len);
    } else if (l->phys == PT_INT32) {
        int32_t x;
        memcpy(&x, v->fixed + 4 * (size_t)i, 4);
        iv = x;
    } else if (l->phys == PT_INT64) {
        memcpy(&iv, v->fixed + 8 * (size_t)i, 8);
    } else {
        iv = v->fixed[i] != 0;
    }
    l->ivals[l->nvals] = iv;
    l->svals[l->nvals++] = sv;
}

static int decode_leaf(Rd *r, RdLeaf *l, const PqRowGroupMeta *g) {
    const PqChunkMeta *ch = &g->cols[l->leaf];
    int64_t start = ch->data_page_offset;
    if (ch->dict_page_offset > 0 && ch->dict_page_offset < start) start = ch->dict_page_offset;
    int64_t len = ch->total_compressed;
    if (ch->phys != l->phys) return rd_fail(r, "column chunk type differs from the schema");
    if (ch->external || start < 4 || len < 0 || (uint64_t)start > r->len ||
        (uint64_t)len > r->len - (uint64_t)start || ch->num_values < 0)
        return rd_fail(r, "column chunk offsets are out of range");
    PqColCursor c = {0};
    c.phys = ch->phys;
    c.type_length = r->meta.schema[r->meta.leaves[l->leaf].elem].type_length;
    c.max_def = l->max_def;
    c.max_rep = l->max_rep;
    c.codec = ch->codec;
    c.path = r->meta.leaves[l->leaf].path;
    c.chunk = r->file + start;
    c.chunk_len = (size_t)len;
    c.num_values = ch->num_values;
    pq_col_init(&c);
    l->n = l->nvals = 0;
    const char *msg;
    int rc;
    while ((rc = pq_col_next_page(&c, &msg)) == 1) {
        grow_entries(l, c.page_n);
        uint32_t nn = 0;
        for (uint32_t i = 0; i < c.page_n; i++) {
            l->rep[l->n + i] = c.rep ? c.rep[i] : 0;
            l->def[l->n + i] = c.def ? c.def[i] : (uint8_t)l->max_def;
            nn += l->def[l->n + i] == l->max_def;
        }
        if (nn != c.vals.n) { rc = -1; msg = "value count does not match the levels"; break; }
        l->n += c.page_n;
        for (uint32_t i = 0; i < c.vals.n; i++) push_value(r, l, &c.vals, i);
    }
    if (rc < 0) {
        char m[240];
        snprintf(m, sizeof m, "column %s: %s", c.path ? c.path : "?", msg);
        pq_col_free(&c);
        return rd_fail(r, m);
    }
    pq_col_free(&c);
    return 0;
}

/* Row boundaries of a decoded leaf: new rows start where rep = 0. */
static int split_rows(Rd *r, RdLeaf *l, int64_t nrows) {
    free(l->row_start);
    free(l->vstart);
    l->row_start = xcalloc((size_t)nrows + 1, sizeof *l->row_start);
    l->vstart = xcalloc((size_t)nrows + 1, sizeof *l->vstart);
    int64_t row = -1;
    uint32_t vals = 0;
    for (uint32_t i = 0; i < l->n; i++) {
        if (l->rep[i] == 0) {
            if (++row >= nrows) return rd_fail(r, "more rows in a column than in its row group");
            l->row_start[row] = i;
            l->vstart[row] = vals;
        } else if (row < 0) {
            return rd_fail(r, "a column starts with a repeated entry");
        }
        vals += l->def[i] == l->max_def;
    }
    if (row + 1 != nrows) return rd_fail(r, "fewer rows in a column than in its row group");
    l->row_start[nrows] = l->n;
    l->vstart[nrows] = vals;
    return 0;
}

/* ---- Assembling actions ---- */

static RdLeaf *find(Rd *r, RdAction a, const char *field, RdRole role) {
    for (uint32_t i = 0; i < r->nleaves; i++) {
        RdLeaf *l = &r->leaves[i];
        if (l->used && l->action == a && l->role == role && (!field || !strcmp(l->field, field)))
            return l;
    }
    return NULL;
}

static bool get_i64(Rd *r, RdAction a, const char *f, uint32_t row, int64_t *out) {
    RdLeaf *l = find(r, a, f, RL_SCALAR);
    if (!l || l->phys == PT_BYTE_ARRAY) return false;
    uint32_t e = l->row_start[row];
    if (l->def[e] != l->max_def) return false;
    *out = l->ivals[l->vstart[row]];
    return true;
}

static const char *get_str(Rd *r, RdAction a, const char *f, uint32_t row) {
    RdLeaf *l = find(r, a, f, RL_SCALAR);
    if (!l || l->phys != PT_BYTE_ARRAY) return NULL;
    uint32_t e = l->row_start[row];
    return l->def[e] == l->max_def ? l->svals[l->vstart[row]] : NULL;
}

/* Strings of a collection leaf in one row (NULL entries for null values). */
static uint32_t get_coll(Rd *r, RdLeaf *l, uint32_t row, const char ***out) {
    *out = NULL;
    if (!l || l->phys != PT_BYTE_ARRAY) return 0;
    uint32_t b = l->row_start[row], e = l->row_start[row + 1], v = l->vstart[row], n = 0;
    if (l->def[b] < l->rdef) return 0;  // null or empty
    *out = arena_alloc(r->arena, (e - b + 1) * sizeof **out);
    for (uint32_t i = b; i < e; i++)
        (*out)[n++] = l->def[i] == l->max_def ? l->svals[v++] : NULL;
    return n;
}

static uint32_t get_map(Rd *r, RdAction a, const char *f, uint32_t row, const char ***keys,
                        const char ***vals) {
    uint32_t nk = get_coll(r, find(r, a, f, RL_KEY), row, keys);
    uint32_t nv = get_coll(r, find(r, a, f, RL_VALUE), row, vals);
    if (nv != nk) {
        *vals = arena_alloc(r->arena, (nk + 1) * sizeof **vals);  // values missing: nulls
    }
    uint32_t k = 0;
    for (uint32_t i = 0; i < nk; i++)  // a null key cannot be a map entry
        if ((*keys)[i]) (*keys)[k] = (*keys)[i], (*vals)[k++] = (*vals)[i];
    return k;
}

static bool has_action(Rd *r, RdAction a, uint32_t row) {
    for (uint32_t i = 0; i < r->nleaves; i++) {
        RdLeaf *l = &r->leaves[i];
        if (l->used && l->action == a) return l->def[l->row_start[row]] >= 1;
    }
    return false;
}

static int build_row(Rd *r, uint32_t row, DeltaAction *out) {
    memset(out, 0, sizeof *out);
    out->kind = DA_OTHER;
    if (has_action(r, A_ADD, row)) {
        DeltaAdd *x = &out->u.add;
        out->kind = DA_ADD;
        x->path = get_str(r, A_ADD, "path", row);
        if (!x->path || !get_i64(r, A_ADD, "size", row, &x->size))
            return rd_fail(r, "add without path or size");
        if (!get_i64(r, A_ADD, "modificationTime", row, &x->mod_time)) x->mod_time = 0;
        int64_t b = 1;
        get_i64(r, A_ADD, "dataChange", row, &b);
        x->data_change = b != 0;
        x->stats = get_str(r, A_ADD, "stats", row);
        x->npart = get_map(r, A_ADD, "partitionValues", row, &x->part_keys, &x->part_vals);
        RdLeaf *dv = find(r, A_ADD, NULL, RL_DV);
        if (dv && dv->def[dv->row_start[row]] >= 2)
            return rd_fail(r, "file has a deletion vector (feature 'deletionVectors' is not "
                              "supported)");
    } else if (has_action(r, A_REMOVE, row)) {
        DeltaRemove *x = &out->u.remove;
        out->kind = DA_REMOVE;
        x->path = get_str(r, A_REMOVE, "path", row);
        if (!x->path) return rd_fail(r, "remove without path");
        if (!get_i64(r, A_REMOVE, "deletionTimestamp", row, &x->deletion_ts)) x->deletion_ts = 0;
        if (!get_i64(r, A_REMOVE, "size", row, &x->size)) x->size = -1;
        int64_t b = 1;
        get_i64(r, A_REMOVE, "dataChange", row, &b);
        x->data_change = b != 0;
    } else if (has_action(r, A_META, row)) {
        DeltaMeta *m = &out->u.meta;
        out->kind = DA_META;
        m->id = get_str(r, A_META, "id", row);
        m->name = get_str(r, A_META, "name", row);
        m->description = get_str(r, A_META, "description", row);
        m->schema_string = get_str(r, A_META, "schemaString", row);
        if (!m->id) m->id = "";
        if (!m->schema_string) return rd_fail(r, "metaData without schemaString");
        if (!get_i64(r, A_META, "createdTime", row, &m->created_time)) m->created_time = -1;
        m->npartition = get_coll(r, find(r, A_META, "partitionColumns", RL_ELEM), row,
                                 &m->partition_cols);
        m->nconf = get_map(r, A_META, "configuration", row, &m->conf_keys, &m->conf_vals);
    } else if (has_action(r, A_PROTOCOL, row)) {
        DeltaProtocol *p = &out->u.proto;
        out->kind = DA_PROTOCOL;
        int64_t rv, wv;
        if (!get_i64(r, A_PROTOCOL, "minReaderVersion", row, &rv) || rv < 0 || rv > 1000 ||
            !get_i64(r, A_PROTOCOL, "minWriterVersion", row, &wv) || wv < 0 || wv > 1000)
            return rd_fail(r, "protocol without valid versions");
        p->min_reader = (int)rv;
        p->min_writer = (int)wv;
        p->nreader_features = get_coll(r, find(r, A_PROTOCOL, "readerFeatures", RL_ELEM), row,
                                       &p->reader_features);
        p->nwriter_features = get_coll(r, find(r, A_PROTOCOL, "writerFeatures", RL_ELEM), row,
                                       &p->writer_features);
    } else if (has_action(r, A_TXN, row)) {
        DeltaTxn *t = &out->u.txn;
        out->kind = DA_TXN;
        t->app_id = get_str(r, A_TXN, "appId", row);
        if (!t->app_id || !get_i64(r, A_TXN, "version", row, &t->version))
            return rd_fail(r, "txn without appId or version");
        if (!get_i64(r, A_TXN, "lastUpdated", row, &t->last_updated)) t->last_updated = -1;
    }
    return 0;
}

static void free_leaves(Rd *r) {
    for (uint32_t i = 0; r->leaves && i < r->nleaves; i++) {
        RdLeaf *l = &r->leaves[i];
        free(l->rep), free(l->def), free(l->ivals), free(l->svals);
        free(l->row_start), free(l->vstart);
    }
    free(r->leaves);
    r->leaves = NULL;
}

typedef VEC(DeltaAction) ActionVec;

static int read_part(Rd *r, ActionVec *acts) {
    size_t len;
    char *buf = read_file(r->path, &len);
    if (!buf) return rd_fail(r, "cannot read the file");
    r->file = (const uint8_t *)buf;
    r->len = len;
    int rc = -1;
    const char *msg = NULL;
    uint32_t flen = 0;
    if (len < 12 || memcmp(buf, "PAR1", 4) != 0 || memcmp(buf + len - 4, "PAR1", 4) != 0) {
        rd_fail(r, "not a Parquet file");
        goto out;
    }
    memcpy(&flen, buf + len - 8, 4);
    if ((size_t)flen > len - 12) { rd_fail(r, "footer length out of range"); goto out; }
    if (pq_meta_decode((const uint8_t *)buf + len - 8 - flen, flen, &r->meta_arena, &r->meta,
                       &msg) < 0) {
        rd_fail(r, msg ? msg : "corrupt footer");
        goto out;
    }
    r->nleaves = r->meta.nleaves;
    r->leaves = xcalloc(r->nleaves + 1, sizeof *r->leaves);
    Walk w = {.r = r};
    if (r->meta.nschema == 0 || walk(&w, 0) || w.leafno != r->nleaves) {
        rd_fail(r, "malformed schema");
        goto out;
    }
    for (uint32_t g = 0; g < r->meta.nrg; g++) {
        const PqRowGroupMeta *rg = &r->meta.rgs[g];
        if (rg->ncols != r->nleaves || rg->num_rows < 0 || rg->num_rows > (int64_t)len * 8) {
            rd_fail(r, "row group does not match the schema");
            goto out;
        }
        for (uint32_t i = 0; i < r->nleaves; i++) {
            RdLeaf *l = &r->leaves[i];
            if (l->used && (decode_leaf(r, l, rg) || split_rows(r, l, rg->num_rows))) goto out;
        }
        for (int64_t row = 0; row < rg->num_rows; row++) {
            DeltaAction a;
            if (build_row(r, (uint32_t)row, &a)) goto out;
            if (a.kind != DA_OTHER) VEC_PUSH(*acts, a);
        }
    }
    rc = 0;
out:
    free_leaves(r);
    arena_free_all(&r->meta_arena);
    free(buf);
    return rc;
}

int delta_checkpoint_read(Arena *a, const char *const *paths, uint32_t nparts,
                          DeltaAction **out, uint32_t *n, char **err) {
    ActionVec acts = {0};
    *err = NULL;
    for (uint32_t p = 0; p < nparts; p++) {
        Rd r = {.arena = a, .path = paths[p], .err = err};
        if (read_part(&r, &acts)) {
            free(acts.items);
            return -1;
        }
    }
    *n = (uint32_t)acts.len;
    *out = arena_alloc(a, (acts.len + 1) * sizeof **out);
    if (acts.len) memcpy(*out, acts.items, acts.len * sizeof **out);
    free(acts.items);
    return 0;
}
