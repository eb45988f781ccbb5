/* Values and per-key state of CDC flows: comparing and copying Datums, an exact hex
 * encoding of keys and sequences, the entity map, and the state file
 * (checkpoints/<flow>/cdc_state.json) written as pending before the table commit. */
#include "rt_cdc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- values ---- */

int cdc_datum_cmp(const Datum *x, const Datum *y) {
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

bool cdc_datum_same(const Datum *x, const Datum *y) {
    if (x->is_null || y->is_null) return x->is_null && y->is_null;
    return cdc_datum_cmp(x, y) == 0;
}

int cdc_seq_cmp(const Cdc *c, const Datum *a, const Datum *b) {
    for (uint32_t i = 0; i < c->nseq; i++) {
        // NULL struct fields order first, as Spark orders NULLs in ascending sorts
        if (a[i].is_null || b[i].is_null) {
            if (a[i].is_null != b[i].is_null) return a[i].is_null ? -1 : 1;
            continue;
        }
        int r = cdc_datum_cmp(&a[i], &b[i]);
        if (r) return r;
    }
    return 0;
}

Datum cdc_datum_keep(Arena *a, Datum d) {
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

CdcEntity *cdc_entity(Cdc *c, const Datum *vals) {
    StrBuf b = {0};
    for (uint32_t k = 0; k < c->nkeys; k++) datum_encode(&b, &vals[c->keypos[k]]);
    CdcEntity *e = hm_get(&c->map, sb_cstr(&b));
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

CdcEntity *cdc_entity_by_key(Cdc *c, const char *key) {
    CdcEntity *e = hm_get(&c->map, key);
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

void cdc_entity_add(CdcEntity *e, CdcEvent *ev) {
    if (e->nevs == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 4;
        e->evs = xrealloc(e->evs, e->cap * sizeof *e->evs);
    }
    e->evs[e->nevs++] = ev;
}

void cdc_datum_show(const Datum *d, StrBuf *out) {
    union {
        int8_t  i8;
        int16_t i16;
        int32_t i32;
        int64_t i64;
        float   f;
        double  x;
        i128    dec;
        Str     s;
    } u;
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
char *cdc_key_text(const Cdc *c, const Datum *vals) {
    StrBuf b = {0};
    for (uint32_t k = 0; k < c->nkeys; k++) {
        sb_printf(&b, "%s%s=", k ? ", " : "", c->f->query->names[c->sel[c->keypos[k]]]);
        cdc_datum_show(&vals[c->keypos[k]], &b);
    }
    return sb_take(&b);
}

/* ---- state file: {"batch": n, "seq_type": "bigint,...", "trunc": seq|null,
 *      "keys": [[key, seq, deleted, deleted_ms], ...]} ---- */

/* The sequence's types, so a state written for other types is never misread. */
static void seq_types(const Cdc *c, StrBuf *b) {
    for (uint32_t i = 0; i < c->nseq; i++) {
        char buf[64];
        sb_printf(b, "%s%s", i ? "," : "", type_sql_name(c->seq_type[i], buf, sizeof buf));
    }
}

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
    // a batch number out of range is not ours (and casting it would be undefined)
    return cJSON_IsNumber(b) && b->valuedouble >= 0 && b->valuedouble < 9e15
               ? (int64_t)b->valuedouble : -1;
}

/* Tombstones are kept forever unless the target sets
 * pipelines.cdc.tombstoneGCThresholdInSeconds (as DLT): older ones are forgotten, and a
 * late event for such a key is then applied as new. -1: keep. */
static int64_t tombstone_retention_ms(const Cdc *c) {
    const cJSON *props = c->f->target->props;
    const cJSON *v = props ? cJSON_GetObjectItemCaseSensitive(props,
                                                              "pipelines.cdc.tombstoneGCThresholdInSeconds")
                           : NULL;
    if (!cJSON_IsString(v)) return -1;
    char *end;
    double s = strtod(v->valuestring, &end);
    return end != v->valuestring && !*end && s >= 0 && s < 9e12 ? (int64_t)(s * 1000) : -1;
}

/* The state that matches the table's committed batch: the promoted state, or a
 * pending one whose commit made it (crash before promotion). A state of another
 * batch (full refresh, lost commit) is not used. */
int cdc_state_load(Cdc *c, int64_t committed, char **err) {
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
    StrBuf types = {0};
    seq_types(c, &types);
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "seq_type");
    if (!cJSON_IsString(st) || strcmp(st->valuestring, sb_cstr(&types))) {
        *err = rt_strdupf("flow '%s': the SEQUENCE BY type changed from %s to %s; run a full "
                          "refresh of '%s'", c->f->name,
                          cJSON_IsString(st) ? st->valuestring : "unknown", sb_cstr(&types),
                          c->f->target->name);
        sb_free(&types);
        cJSON_Delete(j);
        return -1;
    }
    sb_free(&types);
    const cJSON *tr = cJSON_GetObjectItemCaseSensitive(j, "trunc");
    if (cJSON_IsString(tr)) {
        c->has_trunc = seq_decode(c, tr->valuestring, c->trunc_seq);
        if (!c->has_trunc) rc = -1;
    }
    const cJSON *x;
    int64_t keep_ms = tombstone_retention_ms(c), now_ms = c->up->now_us / 1000;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(j, "keys")) {
        const cJSON *k = cJSON_GetArrayItem(x, 0), *s = cJSON_GetArrayItem(x, 1);
        if (!cJSON_IsString(k) || !cJSON_IsString(s)) {
            rc = -1;
            break;
        }
        const cJSON *ms = cJSON_GetArrayItem(x, 3);  // absent in older states: from now on
        int64_t deleted_ms = cJSON_IsNumber(ms) ? (int64_t)ms->valuedouble : now_ms;
        if (cJSON_IsTrue(cJSON_GetArrayItem(x, 2)) && keep_ms >= 0 && now_ms - deleted_ms > keep_ms)
            continue;  // an expired tombstone: the key is unknown again
        CdcEntity *e = cdc_entity_by_key(c, k->valuestring);
        if (!seq_decode(c, s->valuestring, e->seq)) {
            rc = -1;
            break;
        }
        e->has_seq = true;
        e->deleted = cJSON_IsTrue(cJSON_GetArrayItem(x, 2));
        e->deleted_ms = deleted_ms;
    }
    cJSON_Delete(j);
    if (rc) *err = rt_strdupf("flow '%s': the CDC state under '%s' is corrupt; run a full "
                              "refresh of '%s'", c->f->name, c->state_dir, c->f->target->name);
    return rc;
}

int cdc_state_write_pending(Cdc *c, int64_t batch, char **err) {
    int64_t keep_ms = tombstone_retention_ms(c), now_ms = c->up->now_us / 1000;
    StrBuf b = {0};
    sb_printf(&b, "{\"batch\":%lld,\"seq_type\":\"", (long long)batch);
    seq_types(c, &b);
    sb_puts(&b, "\",\"trunc\":");
    if (c->has_trunc) {
        sb_putc(&b, '"');
        seq_encode(c, &b, c->trunc_seq);
        sb_putc(&b, '"');
    } else sb_puts(&b, "null");
    sb_puts(&b, ",\"keys\":[");
    bool first = true;
    for (uint32_t i = 0; i < c->nents; i++) {
        CdcEntity *e = c->ents[i];
        if (!e->has_seq) continue;
        if (e->deleted && keep_ms >= 0 && now_ms - e->deleted_ms > keep_ms) continue;
        sb_printf(&b, "%s[\"%s\",\"", first ? "" : ",\n", e->key);
        seq_encode(c, &b, e->seq);
        sb_printf(&b, "\",%s,%lld]", e->deleted ? "true" : "false", (long long)e->deleted_ms);
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

int cdc_state_promote(Cdc *c, char **err) {
    char *sp = rt_strdupf("%s/cdc_state.json", c->state_dir);
    char *pp = rt_strdupf("%s/cdc_pending.json", c->state_dir);
    int rc = rename(pp, sp) ? -1 : 0;
    if (rc) *err = rt_strdupf("cannot promote CDC state '%s': %s", pp, strerror(errno));
    free(sp), free(pp);
    return rc;
}
