/* APPLY CHANGES / AUTO CDC flows (dlt-language.md 4.7): read the source's new events
 * through the scan provider, order them per key by SEQUENCE BY, merge them into the
 * current table contents in memory (SCD 1 upserts/deletes/truncates, SCD 2 versions
 * with __START_AT/__END_AT) and write the result as one atomic overwrite commit. The
 * per-key state (last applied sequence, tombstones) lives beside the flow checkpoint. */
#include "hashmap.h"
#include "rt_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_SEQ = 16 };

typedef enum { EV_UPSERT, EV_DELETE, EV_TRUNCATE } EvKind;

/* One change event or one stored SCD 2 version, values in target column order. */
typedef struct {
    Datum   *vals;       // nsel selected columns
    Datum    seq[MAX_SEQ];
    Datum    end;        // SCD 2 versions: __END_AT (is_null: current)
    EvKind   kind;
    bool     history;    // rebuilt from the table or state, not new
    uint32_t ord;        // arrival order: ties sort stably
} Event;

typedef struct {
    char     *key;       // hex of the key values (the map key)
    Datum    *row;       // SCD 1: current row, NULL when absent
    bool      has_seq;   // a sequence was applied for this key
    Datum     seq[MAX_SEQ];
    bool      deleted;   // the last applied event was a delete (tombstone)
    Event   **evs;       // SCD 2 versions then new events; SCD 1 new events
    uint32_t  nevs, cap;
    bool      touched;   // has new events
    bool      stored;    // had rows in the table before this update
} Entity;

typedef struct {
    Update     *up;
    RtFlow     *f;
    Arena       a;
    int         scd;
    bool        ignore_nulls;
    uint32_t    nsel;            // selected columns
    int        *sel;             // query ordinals, in target order
    int        *keypos;          // positions of the keys among the selected columns
    uint32_t    nkeys;
    bool       *tracked;         // per selected column (SCD 2)
    uint32_t    nseq;
    Type        seq_type[MAX_SEQ];
    ExprState  *seq_st[MAX_SEQ];
    ExprState  *del_st, *trunc_st;
    HashMap     map;             // key -> Entity
    Entity    **ents;            // in first-seen order
    uint32_t    nents, cap;
    bool        has_trunc;       // a truncate was ever applied (SCD 1)
    Datum       trunc_seq[MAX_SEQ];
    int64_t     upserted, deleted, nevents;
    bool        rewrite;         // stored rows changed: overwrite, else append the new keys
    char       *state_dir;
} Cdc;

/* ---- values ---- */

static int datum_cmp(const Datum *x, const Datum *y) {
    switch (x->type.id) {
    case TY_FLOAT: case TY_DOUBLE: {
        double a = x->v.d, b = y->v.d;
        if (isnan(a) || isnan(b)) return isnan(a) - isnan(b);
        return (a > b) - (a < b);
    }
    case TY_DECIMAL: return (x->v.dec > y->v.dec) - (x->v.dec < y->v.dec);
    case TY_STRING: case TY_BINARY: {
        uint32_t n = x->v.s.len < y->v.s.len ? x->v.s.len : y->v.s.len;
        int c = n ? memcmp(x->v.s.ptr, y->v.s.ptr, n) : 0;
        if (c) return c < 0 ? -1 : 1;
        return (x->v.s.len > y->v.s.len) - (x->v.s.len < y->v.s.len);
    }
    default: return (x->v.i > y->v.i) - (x->v.i < y->v.i);
    }
}

static bool datum_same(const Datum *x, const Datum *y) {
    if (x->is_null || y->is_null) return x->is_null && y->is_null;
    return datum_cmp(x, y) == 0;
}

static int seq_cmp(const Cdc *c, const Datum *a, const Datum *b) {
    for (uint32_t i = 0; i < c->nseq; i++) {
        // NULL struct fields order first, as Spark orders NULLs in ascending sorts
        if (a[i].is_null || b[i].is_null) {
            if (a[i].is_null != b[i].is_null) return a[i].is_null ? -1 : 1;
            continue;
        }
        int r = datum_cmp(&a[i], &b[i]);
        if (r) return r;
    }
    return 0;
}

static Datum datum_keep(Arena *a, Datum d) {
    if ((d.type.id == TY_STRING || d.type.id == TY_BINARY) && !d.is_null) {
        char *p = arena_alloc(a, d.v.s.len + 1);
        if (d.v.s.len) memcpy(p, d.v.s.ptr, d.v.s.len);
        d.v.s.ptr = p;
    }
    return d;
}

/* Hex of a value's bytes: a NUL-free, JSON-safe and exact encoding for map keys and
 * for the state file. */
static void hex_put(StrBuf *b, const void *p, size_t n) {
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        uint8_t c = ((const uint8_t *)p)[i];
        sb_putc(b, hx[c >> 4]);
        sb_putc(b, hx[c & 15]);
    }
}

static void datum_encode(StrBuf *b, const Datum *d) {
    if (d->is_null) {
        sb_putc(b, 'n');
        return;
    }
    sb_putc(b, 'v');
    switch (d->type.id) {
    case TY_FLOAT: case TY_DOUBLE: {
        double x = d->v.d == 0 ? 0 : d->v.d;  // -0.0 and 0.0 are one key
        hex_put(b, &x, sizeof x);
        break;
    }
    case TY_DECIMAL: hex_put(b, &d->v.dec, sizeof d->v.dec); break;
    case TY_STRING: case TY_BINARY:
        hex_put(b, &d->v.s.len, sizeof d->v.s.len);
        if (d->v.s.len) hex_put(b, d->v.s.ptr, d->v.s.len);
        break;
    default: hex_put(b, &d->v.i, sizeof d->v.i); break;
    }
}

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool hex_get(const char **p, void *out, size_t n) {
    for (size_t i = 0; i < n; i++) {
        int h = hexval((*p)[0]), l = h < 0 ? -1 : hexval((*p)[1]);
        if (h < 0 || l < 0) return false;
        ((uint8_t *)out)[i] = (uint8_t)(h << 4 | l);
        *p += 2;
    }
    return true;
}

static bool datum_decode(const char **p, Type t, Arena *a, Datum *d) {
    memset(d, 0, sizeof *d);
    d->type = t;
    if (**p == 'n') {
        (*p)++;
        d->is_null = true;
        return true;
    }
    if (**p != 'v') return false;
    (*p)++;
    switch (t.id) {
    case TY_FLOAT: case TY_DOUBLE: return hex_get(p, &d->v.d, sizeof d->v.d);
    case TY_DECIMAL: return hex_get(p, &d->v.dec, sizeof d->v.dec);
    case TY_STRING: case TY_BINARY: {
        uint32_t n;
        if (!hex_get(p, &n, sizeof n) || strlen(*p) < (size_t)n * 2) return false;
        char *s = arena_alloc(a, (size_t)n + 1);
        if (!hex_get(p, s, n)) return false;
        d->v.s = (Str){n, s};
        return true;
    }
    default: return hex_get(p, &d->v.i, sizeof d->v.i);
    }
}

/* ---- entities ---- */

static Entity *entity(Cdc *c, const Datum *vals) {
    StrBuf b = {0};
    for (uint32_t k = 0; k < c->nkeys; k++) datum_encode(&b, &vals[c->keypos[k]]);
    Entity *e = hm_get(&c->map, sb_cstr(&b));
    if (!e) {
        e = arena_alloc(&c->a, sizeof *e);
        e->key = arena_strdup(&c->a, sb_cstr(&b));
        hm_put(&c->map, e->key, e);
        if (c->nents == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 64;
            c->ents = xrealloc(c->ents, c->cap * sizeof *c->ents);
        }
        c->ents[c->nents++] = e;
    }
    sb_free(&b);
    return e;
}

static Entity *entity_by_key(Cdc *c, const char *key) {
    Entity *e = hm_get(&c->map, key);
    if (e) return e;
    e = arena_alloc(&c->a, sizeof *e);
    e->key = arena_strdup(&c->a, key);
    hm_put(&c->map, e->key, e);
    if (c->nents == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->ents = xrealloc(c->ents, c->cap * sizeof *c->ents);
    }
    c->ents[c->nents++] = e;
    return e;
}

static void entity_add(Entity *e, Event *ev) {
    if (e->nevs == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 4;
        e->evs = xrealloc(e->evs, e->cap * sizeof *e->evs);
    }
    e->evs[e->nevs++] = ev;
}

/* ---- setup from the plan's cdc object ---- */

static int ordinals(const cJSON *arr, uint32_t ncols, int **out, uint32_t *n, Arena *a,
                    const char *what, const RtFlow *f, char **err) {
    int cnt = cJSON_GetArraySize(arr);
    *out = arena_alloc(a, (size_t)(cnt + 1) * sizeof **out);
    *n = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, arr) {
        if (!cJSON_IsNumber(x) || x->valuedouble < 0 || x->valuedouble >= ncols) {
            *err = rt_strdupf("plan: flow '%s': bad cdc %s ordinal", f->name, what);
            return -1;
        }
        (*out)[(*n)++] = (int)x->valuedouble;
    }
    return 0;
}

/* The plan is input like any other: every column reference must be an output column
 * of the query, of that column's type. */
static bool cols_ok(const PlanExpr *e, const PlanNode *q) {
    if (!e) return true;
    if (e->kind == PX_COL)
        return (uint32_t)e->col < q->ncols && e->type.id == q->types[e->col].id;
    if (e->kind == PX_LAMBDA) return false;
    for (int i = 0; i < e->nargs; i++)
        if (!cols_ok(e->args[i], q)) return false;
    return true;
}

static int compile_expr(Cdc *c, const cJSON *j, ExprState **out, Type *type, char **err) {
    ExprEnv env = {.ansi = c->f->ansi, .now_us = c->up->now_us};
    PlanExpr *e = plan_load_expr(j, &c->a, err);
    if (!e) return -1;
    if (!cols_ok(e, c->f->query) || (!type && e->type.id != TY_BOOLEAN)) {
        *err = rt_strdupf("plan: flow '%s': a cdc expression does not match the query's "
                          "columns", c->f->name);
        return -1;
    }
    *out = expr_compile(e, &env, err);
    if (!*out) return -1;
    if (type) *type = expr_type(*out);
    return 0;
}

static int cdc_setup(Cdc *c, const Schema *table, char **err) {
    RtFlow *f = c->f;
    const cJSON *j = f->cdc;
    uint32_t nq = f->query->ncols;
    if (!cJSON_IsObject(j)) {
        *err = rt_strdupf("plan: flow '%s' has no cdc object", f->name);
        return -1;
    }
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "scd_type");
    c->scd = cJSON_IsNumber(st) && st->valuedouble == 2 ? 2 : 1;
    c->ignore_nulls = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "ignore_null_updates"));
    int *keys;
    if (ordinals(cJSON_GetObjectItemCaseSensitive(j, "keys"), nq, &keys, &c->nkeys, &c->a, "key",
                 f, err) ||
        ordinals(cJSON_GetObjectItemCaseSensitive(j, "columns"), nq, &c->sel, &c->nsel, &c->a,
                 "column", f, err))
        return -1;
    if (!c->nkeys || !c->nsel) {
        *err = rt_strdupf("plan: flow '%s': cdc needs keys and columns", f->name);
        return -1;
    }
    c->keypos = arena_alloc(&c->a, c->nkeys * sizeof *c->keypos);
    for (uint32_t k = 0; k < c->nkeys; k++) {
        c->keypos[k] = -1;
        for (uint32_t s = 0; s < c->nsel; s++)
            if (c->sel[s] == keys[k]) c->keypos[k] = (int)s;
        if (c->keypos[k] < 0) {
            *err = rt_strdupf("flow '%s': key column '%s' is not among the stored columns",
                              f->name, f->query->names[keys[k]]);
            return -1;
        }
    }
    c->tracked = arena_alloc(&c->a, c->nsel * sizeof *c->tracked);
    const cJSON *th = cJSON_GetObjectItemCaseSensitive(j, "track_history");
    for (uint32_t s = 0; s < c->nsel; s++) {
        bool is_key = false;
        for (uint32_t k = 0; k < c->nkeys; k++) is_key |= c->keypos[k] == (int)s;
        const cJSON *x;
        bool listed = !cJSON_IsArray(th);
        cJSON_ArrayForEach(x, th) if (cJSON_IsNumber(x) && (int)x->valuedouble == c->sel[s])
            listed = true;
        c->tracked[s] = !is_key && listed;
    }
    // SEQUENCE BY struct(a, b): compared field by field
    const cJSON *sq = cJSON_GetObjectItemCaseSensitive(j, "sequence_by");
    const cJSON *fn = cJSON_GetObjectItemCaseSensitive(sq, "fn");
    const cJSON *parts = cJSON_IsString(fn) && !strcmp(fn->valuestring, "struct")
                             ? cJSON_GetObjectItemCaseSensitive(sq, "args") : NULL;
    if (parts) {
        const cJSON *x;
        cJSON_ArrayForEach(x, parts) {
            if (c->nseq == MAX_SEQ) {
                *err = rt_strdupf("flow '%s': SEQUENCE BY has too many fields", f->name);
                return -1;
            }
            if (compile_expr(c, x, &c->seq_st[c->nseq], &c->seq_type[c->nseq], err)) return -1;
            c->nseq++;
        }
    } else {
        if (compile_expr(c, sq, &c->seq_st[0], &c->seq_type[0], err)) return -1;
        c->nseq = 1;
    }
    for (uint32_t i = 0; i < c->nseq; i++)
        if (c->seq_type[i].id >= TY_ARRAY && c->seq_type[i].id != TY_INTERVAL) {
            *err = rt_strdupf("flow '%s': SEQUENCE BY of a nested type is not supported",
                              f->name);
            return -1;
        }
    const cJSON *dw = cJSON_GetObjectItemCaseSensitive(j, "delete_when");
    const cJSON *tw = cJSON_GetObjectItemCaseSensitive(j, "truncate_when");
    if (dw && !cJSON_IsNull(dw) && compile_expr(c, dw, &c->del_st, NULL, err)) return -1;
    if (tw && !cJSON_IsNull(tw) && compile_expr(c, tw, &c->trunc_st, NULL, err)) return -1;
    if (c->trunc_st && c->scd == 2) {
        *err = rt_strdupf("flow '%s': APPLY AS TRUNCATE WHEN is not allowed with SCD TYPE 2",
                          f->name);
        return -1;
    }
    // the table must hold the selected columns (+ __START_AT, __END_AT of the sequence type)
    uint32_t want = c->nsel + (c->scd == 2 ? 2 : 0);
    bool ok = table->ncols == want;
    for (uint32_t s = 0; ok && s < c->nsel; s++)
        ok = type_eq(table->cols[s].type, f->query->types[c->sel[s]]);
    if (ok && c->scd == 2)
        ok = c->nseq == 1 && type_eq(table->cols[c->nsel].type, c->seq_type[0]) &&
             type_eq(table->cols[c->nsel + 1].type, c->seq_type[0]);
    if (!ok) {
        *err = rt_strdupf("flow '%s': the columns of table '%s' do not match the change "
                          "feed's selected columns%s", f->name, f->target->name,
                          c->scd == 2 && c->nseq != 1
                              ? " (SCD TYPE 2 needs a single SEQUENCE BY column)" : "");
        return -1;
    }
    return 0;
}

/* ---- state file: {"batch": n, "trunc": seq|null, "keys": [[key, seq, deleted], ...]} ---- */

static void seq_encode(const Cdc *c, StrBuf *b, const Datum *seq) {
    for (uint32_t i = 0; i < c->nseq; i++) datum_encode(b, &seq[i]);
}

static bool seq_decode(Cdc *c, const char *s, Datum *seq) {
    for (uint32_t i = 0; i < c->nseq; i++)
        if (!datum_decode(&s, c->seq_type[i], &c->a, &seq[i])) return false;
    return *s == 0;
}

static cJSON *read_json(const char *path) {
    char *t = read_file(path, NULL);
    cJSON *j = t ? cJSON_Parse(t) : NULL;
    free(t);
    return cJSON_IsObject(j) ? j : (cJSON_Delete(j), NULL);
}

static int64_t jbatch(const cJSON *j) {
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "batch");
    return cJSON_IsNumber(b) ? (int64_t)b->valuedouble : -1;
}

/* The state that matches the table's committed batch: the promoted state, or a
 * pending one whose commit made it (crash before promotion). A state of another
 * batch (full refresh, lost commit) is not used. */
static int state_load(Cdc *c, int64_t committed, char **err) {
    char *sp = rt_strdupf("%s/cdc_state.json", c->state_dir);
    char *pp = rt_strdupf("%s/cdc_pending.json", c->state_dir);
    cJSON *j = read_json(pp);
    if (j && jbatch(j) >= 0 && jbatch(j) == committed) {
        if (rename(pp, sp)) {
            *err = rt_strdupf("cannot promote CDC state '%s': %s", pp, strerror(errno));
            free(sp), free(pp);
            cJSON_Delete(j);
            return -1;
        }
    } else {
        cJSON_Delete(j);
        unlink(pp);
        j = read_json(sp);
        if (j && jbatch(j) != committed) cJSON_Delete(j), j = NULL;
    }
    free(sp), free(pp);
    if (!j) return 0;
    int rc = 0;
    const cJSON *tr = cJSON_GetObjectItemCaseSensitive(j, "trunc");
    if (cJSON_IsString(tr)) {
        c->has_trunc = seq_decode(c, tr->valuestring, c->trunc_seq);
        if (!c->has_trunc) rc = -1;
    }
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(j, "keys")) {
        const cJSON *k = cJSON_GetArrayItem(x, 0), *s = cJSON_GetArrayItem(x, 1);
        if (!cJSON_IsString(k) || !cJSON_IsString(s)) {
            rc = -1;
            break;
        }
        Entity *e = entity_by_key(c, k->valuestring);
        if (!seq_decode(c, s->valuestring, e->seq)) {
            rc = -1;
            break;
        }
        e->has_seq = true;
        e->deleted = cJSON_IsTrue(cJSON_GetArrayItem(x, 2));
    }
    cJSON_Delete(j);
    if (rc) *err = rt_strdupf("flow '%s': the CDC state under '%s' is corrupt; run a full "
                              "refresh of '%s'", c->f->name, c->state_dir, c->f->target->name);
    return rc;
}

static int state_write_pending(Cdc *c, int64_t batch, char **err) {
    StrBuf b = {0};
    sb_printf(&b, "{\"batch\":%lld,\"trunc\":", (long long)batch);
    if (c->has_trunc) {
        sb_putc(&b, '"');
        seq_encode(c, &b, c->trunc_seq);
        sb_putc(&b, '"');
    } else sb_puts(&b, "null");
    sb_puts(&b, ",\"keys\":[");
    bool first = true;
    for (uint32_t i = 0; i < c->nents; i++) {
        Entity *e = c->ents[i];
        if (!e->has_seq) continue;
        sb_printf(&b, "%s[\"%s\",\"", first ? "" : ",\n", e->key);
        seq_encode(c, &b, e->seq);
        sb_printf(&b, "\",%s]", e->deleted ? "true" : "false");
        first = false;
    }
    sb_puts(&b, "]}\n");
    char *tmp = rt_strdupf("%s/cdc_pending.json.tmp", c->state_dir);
    char *pp = rt_strdupf("%s/cdc_pending.json", c->state_dir);
    FILE *fp = fopen(tmp, "w");
    int rc = 0;
    if (!fp || fwrite(b.ptr, 1, b.len, fp) != b.len || fflush(fp) || fsync(fileno(fp)) ||
        fclose(fp)) {
        if (fp) fclose(fp);
        *err = rt_strdupf("cannot write CDC state '%s': %s", tmp, strerror(errno));
        rc = -1;
    } else if (rename(tmp, pp)) {
        *err = rt_strdupf("cannot write CDC state '%s': %s", pp, strerror(errno));
        rc = -1;
    }
    free(tmp), free(pp);
    sb_free(&b);
    return rc;
}

static int state_promote(Cdc *c, char **err) {
    char *sp = rt_strdupf("%s/cdc_state.json", c->state_dir);
    char *pp = rt_strdupf("%s/cdc_pending.json", c->state_dir);
    int rc = rename(pp, sp) ? -1 : 0;
    if (rc) *err = rt_strdupf("cannot promote CDC state '%s': %s", pp, strerror(errno));
    free(sp), free(pp);
    return rc;
}

/* ---- the current table ---- */

static int table_load(Cdc *c, StoreTable *t, char **err) {
    const Schema *s = store_schema(t);
    Type *types = xcalloc(s->ncols + 1, sizeof *types);
    for (uint32_t i = 0; i < s->ncols; i++) types[i] = s->cols[i].type;
    Batch *b = batch_new(types, s->ncols);
    StoreScan *sc = store_scan_open(t, NULL, 0, NULL, 0, err);
    int rc = sc ? 0 : -1;
    while (rc == 0) {
        int r = store_scan_next(sc, b, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        for (uint32_t k = 0; k < batch_live(b); k++) {
            uint32_t row = batch_row(b, k);
            Datum *vals = arena_alloc(&c->a, c->nsel * sizeof *vals);
            for (uint32_t j = 0; j < c->nsel; j++)
                vals[j] = datum_keep(&c->a, vec_get_datum(&b->cols[j], row));
            Entity *e = entity(c, vals);
            e->stored = true;
            if (c->scd == 1) {
                e->row = vals;
                continue;
            }
            Event *v = arena_alloc(&c->a, sizeof *v);
            v->vals = vals;
            v->seq[0] = vec_get_datum(&b->cols[c->nsel], row);
            v->end = vec_get_datum(&b->cols[c->nsel + 1], row);
            v->kind = EV_UPSERT;
            v->history = true;
            if (v->seq[0].is_null) continue;  // not a version this flow wrote
            entity_add(e, v);
        }
    }
    if (sc) store_scan_close(sc);
    batch_free(b);
    free(types);
    return rc;
}

/* ---- reading the change events ---- */

static void datum_show(const Datum *d, StrBuf *out) {
    union { int8_t i8; int16_t i16; int32_t i32; int64_t i64; float f; double x; i128 dec; Str s; } u;
    memset(&u, 0, sizeof u);
    switch (d->type.id) {
    case TY_BOOLEAN: u.i8 = (int8_t)d->v.i; break;
    case TY_TINYINT: u.i8 = (int8_t)d->v.i; break;
    case TY_SMALLINT: u.i16 = (int16_t)d->v.i; break;
    case TY_INT: case TY_DATE: u.i32 = (int32_t)d->v.i; break;
    case TY_FLOAT: u.f = (float)d->v.d; break;
    case TY_DOUBLE: u.x = d->v.d; break;
    case TY_DECIMAL: u.dec = d->v.dec; break;
    case TY_STRING: case TY_BINARY: u.s = d->v.s; break;
    default: u.i64 = d->v.i; break;
    }
    if (d->is_null) {
        sb_puts(out, "NULL");
        return;
    }
    Vec v = {.type = d->type, .data = &u};
    value_format(&v, 0, out);
}

/* "id=1, region=eu" for messages. Caller frees. */
static char *key_text(const Cdc *c, const Datum *vals) {
    StrBuf b = {0};
    for (uint32_t k = 0; k < c->nkeys; k++) {
        sb_printf(&b, "%s%s=", k ? ", " : "", c->f->query->names[c->sel[c->keypos[k]]]);
        datum_show(&vals[c->keypos[k]], &b);
    }
    return sb_take(&b);
}

static int take_batch(Cdc *c, Batch *b, Datum *max_trunc, bool *any_trunc, char **err) {
    uint32_t live = batch_live(b);
    const Vec *sv[MAX_SEQ], *dv = NULL, *tv = NULL;
    for (uint32_t i = 0; i < c->nseq; i++)
        if (!(sv[i] = expr_eval(c->seq_st[i], b, err))) return -1;
    if (c->del_st && !(dv = expr_eval(c->del_st, b, err))) return -1;
    if (c->trunc_st && !(tv = expr_eval(c->trunc_st, b, err))) return -1;
    for (uint32_t k = 0; k < live; k++) {
        uint32_t row = batch_row(b, k);
        Event *ev = arena_alloc(&c->a, sizeof *ev);
        ev->vals = arena_alloc(&c->a, c->nsel * sizeof *ev->vals);
        ev->ord = (uint32_t)c->nevents++;
        for (uint32_t j = 0; j < c->nsel; j++)
            ev->vals[j] = datum_keep(&c->a, vec_get_datum(&b->cols[c->sel[j]], row));
        bool all_null = true;
        for (uint32_t i = 0; i < c->nseq; i++) {
            ev->seq[i] = datum_keep(&c->a, vec_get_datum(sv[i], k));
            all_null &= ev->seq[i].is_null;
        }
        uint32_t ki = dv && dv->is_const ? 0 : k, ti = tv && tv->is_const ? 0 : k;
        if (dv && !vec_is_null(dv, ki) && ((const uint8_t *)dv->data)[ki]) ev->kind = EV_DELETE;
        else if (tv && !vec_is_null(tv, ti) && ((const uint8_t *)tv->data)[ti])
            ev->kind = EV_TRUNCATE;
        if (all_null) {
            char *kt = key_text(c, ev->vals);
            *err = rt_strdupf("Flow '%s': the SEQUENCE BY value of a change event is NULL "
                              "(%s)", c->f->name, kt);
            free(kt);
            return -1;
        }
        if (ev->kind == EV_TRUNCATE) {  // applies to the whole table: its key may be NULL
            if (!*any_trunc || seq_cmp(c, ev->seq, max_trunc) > 0)
                memcpy(max_trunc, ev->seq, sizeof ev->seq);
            *any_trunc = true;
            continue;
        }
        for (uint32_t kk = 0; kk < c->nkeys; kk++)
            if (ev->vals[c->keypos[kk]].is_null) {
                char *kt = key_text(c, ev->vals);
                *err = rt_strdupf("Flow '%s': a change event has a NULL key (%s)", c->f->name,
                                  kt);
                free(kt);
                return -1;
            }
        Entity *e = entity(c, ev->vals);
        e->touched = true;
        entity_add(e, ev);
    }
    return 0;
}

static int read_events(Cdc *c, ScanCtx *cx, Datum *max_trunc, bool *any_trunc, char **err) {
    ExecEnv env = {.open_scan = rt_open_scan, .ud = cx, .ansi = c->f->ansi,
                   .now_us = c->up->now_us};
    Exec *ex = exec_open(c->f->query, &env, err);
    int rc = ex ? 0 : -1;
    Batch *b;
    while (rc == 0) {
        int r = exec_next(ex, &b, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        rc = take_batch(c, b, max_trunc, any_trunc, err);
    }
    exec_close(ex);
    return rc;
}

/* ---- merging ---- */

static int ev_cmp(const void *x, const void *y, void *ud) {
    const Event *a = *(Event *const *)x, *b = *(Event *const *)y;
    int r = seq_cmp(ud, a->seq, b->seq);
    if (r) return r;
    if (a->history != b->history) return a->history ? -1 : 1;
    return (a->ord > b->ord) - (a->ord < b->ord);
}

/* Sort the key's events by sequence; two new events with one sequence are an error. */
static int sort_events(Cdc *c, Entity *e, char **err) {
    qsort_r(e->evs, e->nevs, sizeof *e->evs, ev_cmp, c);
    for (uint32_t i = 1; i < e->nevs; i++) {
        Event *p = e->evs[i - 1], *q = e->evs[i];
        if (p->history || q->history || seq_cmp(c, p->seq, q->seq)) continue;
        char *kt = key_text(c, q->vals);
        StrBuf sb = {0};
        for (uint32_t s = 0; s < c->nseq; s++) {
            if (s) sb_puts(&sb, ", ");
            datum_show(&q->seq[s], &sb);
        }
        *err = rt_strdupf("Flow '%s': two change events for key (%s) have the same SEQUENCE BY "
                          "value %s", c->f->name, kt, sb_cstr(&sb));
        free(kt);
        sb_free(&sb);
        return -1;
    }
    return 0;
}

static void set_seq(Cdc *c, Entity *e, const Datum *seq, bool deleted) {
    if (e->has_seq && seq_cmp(c, seq, e->seq) < 0) return;
    memcpy(e->seq, seq, c->nseq * sizeof *seq);
    e->has_seq = true;
    e->deleted = deleted;
}

static void merge_values(Cdc *c, Datum *vals, const Datum *old) {
    if (!c->ignore_nulls || !old) return;
    for (uint32_t j = 0; j < c->nsel; j++)
        if (vals[j].is_null) vals[j] = old[j];
}

static void apply_scd1(Cdc *c, Entity *e) {
    for (uint32_t i = 0; i < e->nevs; i++) {
        Event *ev = e->evs[i];
        if (c->has_trunc && seq_cmp(c, ev->seq, c->trunc_seq) <= 0) continue;
        if (e->has_seq && seq_cmp(c, ev->seq, e->seq) <= 0) continue;  // late or replayed
        c->rewrite |= e->stored;
        if (ev->kind == EV_DELETE) {
            if (e->row) c->deleted++;
            e->row = NULL;
        } else {
            merge_values(c, ev->vals, e->row);
            e->row = ev->vals;
            c->upserted++;
        }
        set_seq(c, e, ev->seq, ev->kind == EV_DELETE);
    }
    e->nevs = 0;
}

static bool has_seq_event(Cdc *c, Entity *e, const Datum *seq) {
    for (uint32_t i = 0; i < e->nevs; i++)
        if (e->evs[i]->history && !seq_cmp(c, e->evs[i]->seq, seq)) return true;
    return false;
}

static Event *history_delete(Cdc *c, Entity *e, const Datum *seq) {
    Event *d = arena_alloc(&c->a, sizeof *d);
    d->kind = EV_DELETE;
    d->history = true;
    memcpy(d->seq, seq, c->nseq * sizeof *seq);
    d->vals = e->nevs ? e->evs[0]->vals : NULL;
    return d;
}

/* Rebuild the key's versions from its history (stored versions, closing deletes,
 * tombstone) and its new events, in sequence order. */
static int apply_scd2(Cdc *c, Entity *e, char **err) {
    uint32_t n0 = e->nevs;
    for (uint32_t i = 0; i < n0; i++) {
        Event *v = e->evs[i];
        if (!v->history || v->end.is_null || has_seq_event(c, e, &v->end)) continue;
        entity_add(e, history_delete(c, e, &v->end));
    }
    if (e->deleted && e->has_seq && !has_seq_event(c, e, e->seq))
        entity_add(e, history_delete(c, e, e->seq));
    if (sort_events(c, e, err)) return -1;
    Event **out = xcalloc(e->nevs + 1, sizeof *out);
    uint32_t nout = 0;
    Event *cur = NULL;
    const Datum *last_hist = NULL;
    for (uint32_t i = 0; i < e->nevs; i++) {
        Event *ev = e->evs[i];
        if (ev->history) last_hist = ev->seq;
        else if (last_hist && !seq_cmp(c, last_hist, ev->seq)) continue;  // replayed
        if (!ev->history) set_seq(c, e, ev->seq, ev->kind == EV_DELETE);
        if (ev->kind == EV_DELETE) {
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
                bool same = datum_same(&vals[j], &cur->vals[j]);
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
        Event *v = arena_alloc(&c->a, sizeof *v);
        v->vals = vals;
        v->seq[0] = ev->seq[0];
        v->end = (Datum){.type = c->seq_type[0], .is_null = true};
        v->kind = EV_UPSERT;
        v->history = true;
        out[nout++] = v;
        cur = v;
        if (!ev->history) c->upserted++;
    }
    // the state follows the newest event, stored or new
    if (e->nevs) {
        Event *last = e->evs[e->nevs - 1];
        set_seq(c, e, last->seq, last->kind == EV_DELETE);
    }
    free(e->evs);
    e->evs = out;
    e->nevs = e->cap = nout;
    return 0;
}

static void apply_truncate(Cdc *c, const Datum *seq) {
    if (c->has_trunc && seq_cmp(c, seq, c->trunc_seq) <= 0) return;
    memcpy(c->trunc_seq, seq, c->nseq * sizeof *seq);
    c->has_trunc = true;
    for (uint32_t i = 0; i < c->nents; i++) {
        Entity *e = c->ents[i];
        if (!e->row || (e->has_seq && seq_cmp(c, e->seq, seq) > 0)) continue;
        e->row = NULL;
        c->deleted++;
        c->rewrite |= e->stored;
    }
}

/* ---- writing ---- */

/* Every row (overwrite), or only the rows of keys new to the table (append). */
static int write_rows(Cdc *c, StoreWrite *w, const Schema *s, int64_t *nrows, char **err) {
    Type *types = xcalloc(s->ncols + 1, sizeof *types);
    for (uint32_t i = 0; i < s->ncols; i++) types[i] = s->cols[i].type;
    Batch *b = batch_new(types, s->ncols);
    int rc = 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->nents && rc == 0; i++) {
        Entity *e = c->ents[i];
        if (!c->rewrite && (e->stored || !e->touched)) continue;
        uint32_t nv = c->scd == 1 ? (e->row ? 1 : 0) : e->nevs;
        for (uint32_t k = 0; k < nv && rc == 0; k++) {
            const Datum *vals = c->scd == 1 ? e->row : e->evs[k]->vals;
            for (uint32_t j = 0; j < c->nsel; j++) vec_put_datum(&b->cols[j], n, &vals[j]);
            if (c->scd == 2) {
                vec_put_datum(&b->cols[c->nsel], n, &e->evs[k]->seq[0]);
                vec_put_datum(&b->cols[c->nsel + 1], n, &e->evs[k]->end);
            }
            (*nrows)++;
            if (++n == BATCH_ROWS) {
                b->nrows = n;
                rc = store_write_batch(w, b, err);
                batch_reset(b);
                n = 0;
            }
        }
    }
    if (rc == 0 && n) {
        b->nrows = n;
        rc = store_write_batch(w, b, err);
    }
    batch_free(b);
    free(types);
    return rc;
}

static int commit(Cdc *c, StoreTable *t, Checkpoint *ck, const char *app, char **err) {
    // Only inserts of new keys keep the table append-only for streaming readers.
    StoreWrite *w = store_write_begin(t, c->rewrite ? STORE_OVERWRITE : STORE_APPEND, err);
    if (!w) return -1;
    int64_t rows = 0, version;
    int rc = write_rows(c, w, store_schema(t), &rows, err);
    if (rc == 0) {
        char num[32];
        snprintf(num, sizeof num, "%lld", (long long)rows);
        store_write_metric(w, "numOutputRows", num);
        snprintf(num, sizeof num, "%lld", (long long)c->upserted);
        store_write_metric(w, "numUpsertedRows", num);
        snprintf(num, sizeof num, "%lld", (long long)c->deleted);
        store_write_metric(w, "numDeletedRows", num);
        ck->batch++;
        store_write_set_txn(w, app, ck->batch);
        store_write_param(w, "outputMode", c->rewrite ? "Complete" : "Append");
        store_write_param(w, "queryId", app);
        snprintf(num, sizeof num, "%lld", (long long)ck->batch);
        store_write_param(w, "epochId", num);
        if (state_write_pending(c, ck->batch, err) || checkpoint_write_pending(ck, err)) rc = -1;
        if (rc == 0 && store_write_commit(w, "STREAMING UPDATE", &version, err) < 0) rc = -1;
        if (rc == 0 && (state_promote(c, err) || checkpoint_promote(ck, err))) rc = -1;
    }
    store_write_free(w);
    return rc;
}

static void cdc_free(Cdc *c) {
    for (uint32_t i = 0; i < c->nents; i++) free(c->ents[i]->evs);
    free(c->ents);
    for (uint32_t i = 0; i < c->nseq; i++) expr_free(c->seq_st[i]);
    expr_free(c->del_st);
    expr_free(c->trunc_st);
    hm_free(&c->map);
    arena_free_all(&c->a);
}

static int run(Cdc *c, StoreTable *t, Checkpoint *ck, const char *app, char **err) {
    int64_t committed = store_txn_version(t, app);
    if (checkpoint_recover(ck, committed, err) || cdc_setup(c, store_schema(t), err) ||
        state_load(c, committed, err) || table_load(c, t, err))
        return -1;
    ScanCtx cx = {.up = c->up, .flow = c->f, .ck = ck};
    Datum max_trunc[MAX_SEQ];
    bool any_trunc = false;
    if (read_events(c, &cx, max_trunc, &any_trunc, err)) return -1;
    if (!c->nevents) return checkpoint_promote(ck, err);  // nothing to apply
    if (any_trunc) apply_truncate(c, max_trunc);
    for (uint32_t i = 0; i < c->nents; i++) {
        Entity *e = c->ents[i];
        if (!e->touched) continue;
        c->rewrite |= c->scd == 2 && e->stored;  // versions of a stored key may close
        if (c->scd == 1) {
            if (sort_events(c, e, err)) return -1;
            apply_scd1(c, e);
        } else if (apply_scd2(c, e, err)) return -1;
    }
    return commit(c, t, ck, app, err);
}

int rt_run_cdc(Update *up, RtFlow *f, char **err) {
    RtDataset *d = f->target;
    if (!f->query) {
        *err = rt_strdupf("flow '%s' has no query", f->name);
        return -1;
    }
    StoreTable *t = store_open(d->path, -1, err);
    if (!t) return -1;
    Checkpoint ck = {0};
    char *app = rt_strdupf("sluice-flow-%s", f->name);
    Cdc c = {.up = up, .f = f};
    hm_init(&c.map, false);
    int rc = checkpoint_load(&ck, up->storage, f->name, err);
    if (rc == 0) {
        c.state_dir = ck.dir;
        rc = run(&c, t, &ck, app, err);
    }
    if (rc == 0) {
        __atomic_add_fetch(&d->out_rows, c.upserted + c.deleted, __ATOMIC_RELAXED);
        __atomic_add_fetch(&d->cdc_upserted, c.upserted, __ATOMIC_RELAXED);
        __atomic_add_fetch(&d->cdc_deleted, c.deleted, __ATOMIC_RELAXED);
    }
    cdc_free(&c);
    checkpoint_free(&ck);
    free(app);
    store_close(t);
    return rc;
}
