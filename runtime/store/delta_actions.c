/* Log actions to and from newline-delimited JSON (storage-format.md 7.2).
 * Unknown actions and fields are ignored; required fields that are missing or
 * of the wrong type are errors naming the commit file and line. */
#include "delta.h"
#include "delta_json.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    Arena      *arena;
    const char *what;  // file name for messages
    uint32_t    line;
    char      **err;
} Ctx;

static int bad(Ctx *c, const char *action, const char *msg) {
    *c->err = delta_errorf("%s line %u: %s: %s", c->what, c->line, action, msg);
    return -1;
}

static int64_t get_i64(const DjVal *o, const char *key, int64_t dflt) {
    int64_t v;
    return djson_int64(djson_get(o, key), &v) ? v : dflt;
}

static bool get_bool(const DjVal *o, const char *key, bool dflt) {
    const DjVal *v = djson_get(o, key);
    return v && v->kind == DJ_BOOL ? v->b : dflt;
}

/* Compact JSON text of a member (objects such as operationParameters). */
static const char *member_text(Ctx *c, const DjVal *o, const char *key) {
    const DjVal *v = djson_get(o, key);
    if (!v || v->kind == DJ_NULL) return NULL;
    StrBuf b = {0};
    djson_write(&b, v);
    const char *s = arena_strndup(c->arena, sb_cstr(&b), b.len);
    sb_free(&b);
    return s;
}

/* A string->string map (partitionValues, configuration); null values stay NULL. */
static int get_map(Ctx *c, const DjVal *o, const char *key, uint32_t *n, const char ***keys,
                   const char ***vals, const char *action) {
    const DjVal *m = djson_get(o, key);
    *n = 0;
    if (!m || m->kind == DJ_NULL) return 0;
    if (m->kind != DJ_OBJ) return bad(c, action, "expected an object");
    *keys = arena_alloc(c->arena, (m->n + 1) * sizeof **keys);
    *vals = arena_alloc(c->arena, (m->n + 1) * sizeof **vals);
    for (uint32_t i = 0; i < m->n; i++) {
        (*keys)[i] = m->keys[i];
        const DjVal *v = m->items[i];
        if (v->kind == DJ_STR) (*vals)[i] = v->s;
        else if (v->kind == DJ_NULL) (*vals)[i] = NULL;
        else return bad(c, action, "map values must be strings");
    }
    *n = m->n;
    return 0;
}

static int get_strings(Ctx *c, const DjVal *o, const char *key, uint32_t *n,
                       const char ***out, const char *action) {
    const DjVal *a = djson_get(o, key);
    *n = 0;
    if (!a || a->kind == DJ_NULL) return 0;
    if (a->kind != DJ_ARR) return bad(c, action, "expected a string array");
    *out = arena_alloc(c->arena, (a->n + 1) * sizeof **out);
    for (uint32_t i = 0; i < a->n; i++) {
        if (a->items[i]->kind != DJ_STR) return bad(c, action, "expected a string array");
        (*out)[i] = a->items[i]->s;
    }
    *n = a->n;
    return 0;
}

static int parse_add(Ctx *c, const DjVal *o, DeltaAdd *a) {
    a->path = djson_str(djson_get(o, "path"));
    if (!a->path || !*a->path) return bad(c, "add", "missing path");
    if (!djson_int64(djson_get(o, "size"), &a->size) || a->size < 0)
        return bad(c, "add", "missing or invalid size");
    a->mod_time = get_i64(o, "modificationTime", 0);
    a->data_change = get_bool(o, "dataChange", true);
    a->stats = djson_str(djson_get(o, "stats"));
    if (djson_get(o, "deletionVector") && djson_get(o, "deletionVector")->kind != DJ_NULL)
        return bad(c, "add", "file has a deletion vector (feature 'deletionVectors' is not "
                             "supported)");
    return get_map(c, o, "partitionValues", &a->npart, &a->part_keys, &a->part_vals, "add");
}

static int parse_remove(Ctx *c, const DjVal *o, DeltaRemove *r) {
    r->path = djson_str(djson_get(o, "path"));
    if (!r->path || !*r->path) return bad(c, "remove", "missing path");
    r->deletion_ts = get_i64(o, "deletionTimestamp", 0);
    r->size = get_i64(o, "size", -1);
    r->data_change = get_bool(o, "dataChange", true);
    return 0;
}

static int parse_meta(Ctx *c, const DjVal *o, DeltaMeta *m) {
    m->id = djson_str(djson_get(o, "id"));
    m->name = djson_str(djson_get(o, "name"));
    m->description = djson_str(djson_get(o, "description"));
    m->schema_string = djson_str(djson_get(o, "schemaString"));
    m->created_time = get_i64(o, "createdTime", -1);
    if (!m->id) m->id = "";
    if (!m->schema_string) return bad(c, "metaData", "missing schemaString");
    if (get_strings(c, o, "partitionColumns", &m->npartition, &m->partition_cols, "metaData"))
        return -1;
    return get_map(c, o, "configuration", &m->nconf, &m->conf_keys, &m->conf_vals, "metaData");
}

static int parse_protocol(Ctx *c, const DjVal *o, DeltaProtocol *p) {
    int64_t r, w;
    if (!djson_int64(djson_get(o, "minReaderVersion"), &r) || r < 0 || r > 1000 ||
        !djson_int64(djson_get(o, "minWriterVersion"), &w) || w < 0 || w > 1000)
        return bad(c, "protocol", "missing or invalid minReaderVersion/minWriterVersion");
    p->min_reader = (int)r;
    p->min_writer = (int)w;
    if (get_strings(c, o, "readerFeatures", &p->nreader_features, &p->reader_features,
                    "protocol"))
        return -1;
    return get_strings(c, o, "writerFeatures", &p->nwriter_features, &p->writer_features,
                       "protocol");
}

static int parse_txn(Ctx *c, const DjVal *o, DeltaTxn *t) {
    t->app_id = djson_str(djson_get(o, "appId"));
    if (!t->app_id) return bad(c, "txn", "missing appId");
    if (!djson_int64(djson_get(o, "version"), &t->version))
        return bad(c, "txn", "missing or invalid version");
    t->last_updated = get_i64(o, "lastUpdated", -1);
    return 0;
}

static int parse_info(Ctx *c, const DjVal *o, DeltaCommitInfo *i) {
    i->timestamp = get_i64(o, "timestamp", -1);
    i->operation = djson_str(djson_get(o, "operation"));
    i->params_json = member_text(c, o, "operationParameters");
    i->metrics_json = member_text(c, o, "operationMetrics");
    i->is_blind_append = get_bool(o, "isBlindAppend", false);
    return 0;
}

static int parse_line(Ctx *c, const char *s, size_t len, DeltaAction *act) {
    char *jerr = NULL;
    DjVal *v = djson_parse(c->arena, s, len, &jerr);
    if (!v) {
        *c->err = delta_errorf("%s line %u: corrupt JSON: %s", c->what, c->line, jerr);
        free(jerr);
        return -1;
    }
    if (v->kind != DJ_OBJ || v->n < 1) return bad(c, "action", "expected an object");
    const char *k = v->keys[0];
    const DjVal *o = v->items[0];
    memset(act, 0, sizeof *act);
    act->kind = DA_OTHER;
    if (o->kind != DJ_OBJ) return 0;  // e.g. a null placeholder: not an action we know
    if (!strcmp(k, "add")) act->kind = DA_ADD;
    else if (!strcmp(k, "remove")) act->kind = DA_REMOVE;
    else if (!strcmp(k, "metaData")) act->kind = DA_META;
    else if (!strcmp(k, "protocol")) act->kind = DA_PROTOCOL;
    else if (!strcmp(k, "txn")) act->kind = DA_TXN;
    else if (!strcmp(k, "commitInfo")) act->kind = DA_COMMIT_INFO;
    switch (act->kind) {
    case DA_ADD: return parse_add(c, o, &act->u.add);
    case DA_REMOVE: return parse_remove(c, o, &act->u.remove);
    case DA_META: return parse_meta(c, o, &act->u.meta);
    case DA_PROTOCOL: return parse_protocol(c, o, &act->u.proto);
    case DA_TXN: return parse_txn(c, o, &act->u.txn);
    case DA_COMMIT_INFO: return parse_info(c, o, &act->u.info);
    case DA_OTHER: return 0;
    }
    return 0;
}

int delta_parse_actions(Arena *a, const char *text, size_t len, const char *what,
                        DeltaAction **out, uint32_t *n, char **err) {
    Ctx c = {.arena = a, .what = what, .err = err};
    VEC(DeltaAction) acts = {0};
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        c.line++;
        size_t s = pos, e = end;
        while (s < e && (text[s] == ' ' || text[s] == '\t' || text[s] == '\r')) s++;
        if (e > s) {  // tolerate blank lines: readers should be liberal
            DeltaAction act;
            if (parse_line(&c, text + s, e - s, &act) != 0) {
                free(acts.items);
                return -1;
            }
            VEC_PUSH(acts, act);
        }
        pos = end + 1;
    }
    *n = (uint32_t)acts.len;
    *out = arena_alloc(a, (acts.len + 1) * sizeof **out);
    if (acts.len) memcpy(*out, acts.items, acts.len * sizeof **out);
    free(acts.items);
    return 0;
}

/* ---- Writing ---- */

static void put_key(StrBuf *b, const char *key) {
    sb_json_str(b, key, strlen(key));
    sb_putc(b, ':');
}

static void put_str_member(StrBuf *b, const char *key, const char *val) {
    put_key(b, key);
    if (val) sb_json_str(b, val, strlen(val));
    else sb_puts(b, "null");
}

static void put_map(StrBuf *b, const char *key, uint32_t n, const char **keys,
                    const char **vals) {
    put_key(b, key);
    sb_putc(b, '{');
    for (uint32_t i = 0; i < n; i++) {
        if (i) sb_putc(b, ',');
        put_str_member(b, keys[i], vals[i]);
    }
    sb_putc(b, '}');
}

static void put_strings(StrBuf *b, const char *key, uint32_t n, const char **vals) {
    put_key(b, key);
    sb_putc(b, '[');
    for (uint32_t i = 0; i < n; i++) {
        if (i) sb_putc(b, ',');
        sb_json_str(b, vals[i], strlen(vals[i]));
    }
    sb_putc(b, ']');
}

static void write_add(StrBuf *b, const DeltaAdd *a) {
    sb_puts(b, "{\"add\":{");
    put_str_member(b, "path", a->path);
    sb_putc(b, ',');
    put_map(b, "partitionValues", a->npart, a->part_keys, a->part_vals);
    sb_printf(b, ",\"size\":%lld,\"modificationTime\":%lld,\"dataChange\":%s", (long long)a->size,
              (long long)a->mod_time, a->data_change ? "true" : "false");
    if (a->stats) {
        sb_putc(b, ',');
        put_str_member(b, "stats", a->stats);
    }
    sb_puts(b, "}}");
}

static void write_remove(StrBuf *b, const DeltaRemove *r) {
    sb_puts(b, "{\"remove\":{");
    put_str_member(b, "path", r->path);
    sb_printf(b, ",\"deletionTimestamp\":%lld,\"dataChange\":%s", (long long)r->deletion_ts,
              r->data_change ? "true" : "false");
    sb_puts(b, ",\"extendedFileMetadata\":true,\"partitionValues\":{}");
    if (r->size >= 0) sb_printf(b, ",\"size\":%lld", (long long)r->size);
    sb_puts(b, "}}");
}

static void write_meta(StrBuf *b, const DeltaMeta *m) {
    sb_puts(b, "{\"metaData\":{");
    put_str_member(b, "id", m->id);
    if (m->name) { sb_putc(b, ','); put_str_member(b, "name", m->name); }
    if (m->description) { sb_putc(b, ','); put_str_member(b, "description", m->description); }
    sb_puts(b, ",\"format\":{\"provider\":\"parquet\",\"options\":{}},");
    put_str_member(b, "schemaString", m->schema_string);
    sb_putc(b, ',');
    put_strings(b, "partitionColumns", m->npartition, m->partition_cols);
    sb_putc(b, ',');
    put_map(b, "configuration", m->nconf, m->conf_keys, m->conf_vals);
    if (m->created_time >= 0) sb_printf(b, ",\"createdTime\":%lld", (long long)m->created_time);
    sb_puts(b, "}}");
}

static void write_protocol(StrBuf *b, const DeltaProtocol *p) {
    sb_printf(b, "{\"protocol\":{\"minReaderVersion\":%d,\"minWriterVersion\":%d", p->min_reader,
              p->min_writer);
    if (p->nreader_features) {
        sb_putc(b, ',');
        put_strings(b, "readerFeatures", p->nreader_features, p->reader_features);
    }
    if (p->nwriter_features) {
        sb_putc(b, ',');
        put_strings(b, "writerFeatures", p->nwriter_features, p->writer_features);
    }
    sb_puts(b, "}}");
}

static void write_txn(StrBuf *b, const DeltaTxn *t) {
    sb_puts(b, "{\"txn\":{");
    put_str_member(b, "appId", t->app_id);
    sb_printf(b, ",\"version\":%lld", (long long)t->version);
    if (t->last_updated >= 0) sb_printf(b, ",\"lastUpdated\":%lld", (long long)t->last_updated);
    sb_puts(b, "}}");
}

static void write_info(StrBuf *b, const DeltaCommitInfo *i) {
    sb_printf(b, "{\"commitInfo\":{\"timestamp\":%lld,", (long long)i->timestamp);
    put_str_member(b, "operation", i->operation ? i->operation : "WRITE");
    sb_printf(b, ",\"operationParameters\":%s", i->params_json ? i->params_json : "{}");
    sb_printf(b, ",\"isBlindAppend\":%s", i->is_blind_append ? "true" : "false");
    if (i->metrics_json) sb_printf(b, ",\"operationMetrics\":%s", i->metrics_json);
    sb_puts(b, ",\"engineInfo\":\"sluice/0.1.0\",");
    char id[37];
    delta_uuid(id);
    put_str_member(b, "txnId", id);
    sb_puts(b, "}}");
}

void delta_write_action(StrBuf *b, const DeltaAction *act) {
    switch (act->kind) {
    case DA_ADD: write_add(b, &act->u.add); break;
    case DA_REMOVE: write_remove(b, &act->u.remove); break;
    case DA_META: write_meta(b, &act->u.meta); break;
    case DA_PROTOCOL: write_protocol(b, &act->u.proto); break;
    case DA_TXN: write_txn(b, &act->u.txn); break;
    case DA_COMMIT_INFO: write_info(b, &act->u.info); break;
    case DA_OTHER: break;
    }
}
