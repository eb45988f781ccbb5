/* JSON reader: newline-delimited records (or, with multiLine, whole-file values: an
 * object, or an array of objects, one row each) parsed straight into column vectors,
 * no DOM. Field names are matched by remembering the previous record's field order, so
 * the common case of the same layout in every line costs one memcmp per field. */
#include "src_internal.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_PRED = 1024 };

typedef struct {
    int32_t  *slots;      // hash table of schema column indexes, -1 empty
    uint32_t  mask;
    int32_t   pred[MAX_PRED];  // schema column of the k-th field of the previous record
    uint32_t *seen;       // per schema column: stamp of the last row that set it
    uint32_t  stamp;
    uint32_t *name_len;
    StrBuf    key;        // field name with escapes decoded
    // the record being read
    const char *rec, *cur, *end, *arr_end;
    int64_t     rec_off;
    bool        in_array, whole_done;
} JsonState;

static inline const char *ws(const FileReader *r, const char *p, const char *e) {
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (r->conf.allow_comments && p < e && *p == '/') return src_json_ws(p, e, true);
    return p;
}

static uint32_t hash_key(const char *p, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)p[i]) * 16777619u;
    return h;
}

/* Field names are short: a byte loop beats a call to memcmp. */
static inline bool name_eq(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return false;
    return true;
}

static int lookup(JsonState *s, const Schema *sc, uint32_t k, const char *key, size_t klen) {
    if (k < MAX_PRED) {
        int c = s->pred[k];
        if (c >= 0 && s->name_len[c] == klen && name_eq(sc->cols[c].name, key, klen)) return c;
    }
    int found = -1;
    for (uint32_t h = hash_key(key, klen) & s->mask;; h = (h + 1) & s->mask) {
        int c = s->slots[h];
        if (c < 0) break;
        if (s->name_len[c] == klen && memcmp(sc->cols[c].name, key, klen) == 0) {
            found = c;
            break;
        }
    }
    if (k < MAX_PRED) s->pred[k] = found;
    return found;
}

static void store_str(FileReader *r, Batch *b, Vec *v, uint32_t row, const char *p, size_t n) {
    ((Str *)v->data)[row] = src_heap_str(r, b, p, n);
    vec_set_valid(v, row);
}

/* Nested values read into a STRING column come out compact, as Spark re-serialises them
 * (whitespace outside strings dropped). */
static void store_compact(FileReader *r, Batch *b, Vec *v, uint32_t row, const char *p,
                          const char *q) {
    sb_reset(&r->scratch);
    bool in_str = false;
    char quote = '"';
    for (const char *s = p; s < q; s++) {
        char c = *s;
        if (in_str) {
            if (c == '\\' && s + 1 < q) sb_putc(&r->scratch, *s++);
            else if (c == quote) in_str = false;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            continue;
        } else if (c == '"' || c == '\'') {
            in_str = true, quote = c;
        }
        sb_putc(&r->scratch, *s);
    }
    store_str(r, b, v, row, r->scratch.ptr ? r->scratch.ptr : "", r->scratch.len);
}

static bool special_double(const char *p, size_t n) {
    if (n && (*p == '-' || *p == '+')) p++, n--;
    return (n == 3 && memcmp(p, "NaN", 3) == 0) || (n == 8 && memcmp(p, "Infinity", 8) == 0) ||
           (n == 3 && memcmp(p, "INF", 3) == 0);
}

/* A quoted value for a non-string column: Spark converts strings only into dates,
 * timestamps, decimals, binary and the NaN/Infinity spellings of floating point. */
static bool string_into(FileReader *r, Batch *b, Vec *v, uint32_t row) {
    const char *t = r->scratch.len ? r->scratch.ptr : "";
    size_t n = r->scratch.len;
    switch (v->type.id) {
    case TY_DATE: case TY_TIMESTAMP: case TY_DECIMAL: case TY_BINARY:
        return src_store_text(b, v, row, t, n, &r->conf);
    case TY_DOUBLE: case TY_FLOAT:
        return special_double(t, n) && src_store_text(b, v, row, t, n, &r->conf);
    default:
        return false;
    }
}

static bool number_into(FileReader *r, Batch *b, Vec *v, uint32_t row, const char *p,
                        size_t n, bool is_float) {
    TypeId t = v->type.id;
    if (t == TY_STRING) return store_str(r, b, v, row, p, n), true;
    if (type_is_integral(t)) return !is_float && src_store_text(b, v, row, p, n, &r->conf);
    if (t == TY_DOUBLE || t == TY_FLOAT || t == TY_DECIMAL)
        return src_store_text(b, v, row, p, n, &r->conf);
    int64_t secs;
    if (t == TY_TIMESTAMP && !is_float && src_parse_i64(p, n, &secs) &&
        secs > INT64_MIN / 1000000 && secs < INT64_MAX / 1000000) {
        ((int64_t *)v->data)[row] = secs * 1000000;
        return true;
    }
    return false;
}

/* value = string | number | object | array | true | false | null, stored into column
 * col of row. A value that does not fit leaves NULL and is rescued or flagged bad. */
static const char *value(FileReader *r, Batch *b, int col, uint32_t row, const char *p,
                         const char *e, const char *key, size_t klen, bool *bad) {
    int32_t oc = r->outpos[col];
    if (oc < 0 || col == r->corrupt_col || col == r->rescued_col)
        return src_json_skip(p, e, r->conf.allow_comments, 0);
    Vec *v = &b->cols[oc];
    const char *q;
    bool ok;
    if (p >= e) return NULL;
    switch (*p) {
    case '"': case '\'':
        if (v->type.id == TY_STRING) {
            for (q = p + 1; q < e && *q != *p && *q != '\\' && (uint8_t)*q >= 0x20; q++) {}
            if (q < e && *q == *p) {
                store_str(r, b, v, row, p + 1, (size_t)(q - p - 1));
                return q + 1;
            }
            sb_reset(&r->scratch);
            if (!(q = src_json_string(p, e, &r->scratch))) return NULL;
            store_str(r, b, v, row, r->scratch.ptr ? r->scratch.ptr : "", r->scratch.len);
            return q;
        }
        sb_reset(&r->scratch);
        if (!(q = src_json_string(p, e, &r->scratch))) return NULL;
        ok = string_into(r, b, v, row);
        break;
    case 'n':
        if (e - p < 4 || memcmp(p, "null", 4) != 0) return NULL;
        vec_set_null(v, row);
        return p + 4;
    case 't': case 'f':
        if (e - p >= 4 && memcmp(p, "true", 4) == 0) q = p + 4;
        else if (e - p >= 5 && memcmp(p, "false", 5) == 0) q = p + 5;
        else return NULL;
        ok = true;
        if (v->type.id == TY_BOOLEAN) ((uint8_t *)v->data)[row] = *p == 't';
        else if (v->type.id == TY_STRING) store_str(r, b, v, row, p, (size_t)(q - p));
        else ok = false;
        break;
    case '{': case '[':
        if (!(q = src_json_skip(p, e, r->conf.allow_comments, 0))) return NULL;
        ok = v->type.id == TY_STRING;
        if (ok) store_compact(r, b, v, row, p, q);
        break;
    default: {
        bool is_float;
        if (!(q = src_json_number(p, e, &is_float))) return NULL;
        ok = number_into(r, b, v, row, p, (size_t)(q - p), is_float);
    }
    }
    if (ok) {
        vec_set_valid(v, row);
        return q;
    }
    vec_set_null(v, row);
    if (r->rescued_col >= 0) src_rescue_add(r, key, klen, p, (size_t)(q - p), false);
    else *bad = true;
    return q;
}

/* object = "{" [ string ":" value ("," string ":" value)* ] "}" -> one row */
static const char *object(FileReader *r, Batch *b, uint32_t row, const char *p, const char *e,
                          bool *bad) {
    JsonState *s = r->impl;
    const Schema *sc = &r->schema;
    if (++s->stamp == 0) {
        memset(s->seen, 0, sc->ncols * sizeof *s->seen);
        s->stamp = 1;
    }
    sb_reset(&r->rescue);
    p = ws(r, p + 1, e);
    if (p < e && *p == '}') p++;
    else
        for (uint32_t k = 0;; k++) {
            if (p >= e || (*p != '"' && *p != '\'')) return NULL;
            const char *q = p + 1, *key;
            while (q < e && *q != *p && *q != '\\' && (uint8_t)*q >= 0x20) q++;
            size_t klen;
            if (q < e && *q == *p) {
                key = p + 1, klen = (size_t)(q - p - 1), p = q + 1;
            } else {
                sb_reset(&s->key);
                if (!(p = src_json_string(p, e, &s->key))) return NULL;
                key = s->key.ptr ? s->key.ptr : "", klen = s->key.len;
            }
            p = ws(r, p, e);
            if (p >= e || *p != ':') return NULL;
            p = ws(r, p + 1, e);
            int col = lookup(s, sc, k, key, klen);
            if (col >= 0) {
                if (!(p = value(r, b, col, row, p, e, key, klen, bad))) return NULL;
                // the special columns are filled per record, never from a field
                if (col != r->corrupt_col && col != r->rescued_col) s->seen[col] = s->stamp;
            } else {
                const char *vs = p;
                if (!(p = src_json_skip(p, e, r->conf.allow_comments, 0))) return NULL;
                if (r->rescued_col >= 0 && !(p - vs == 4 && memcmp(vs, "null", 4) == 0))
                    src_rescue_add(r, key, klen, vs, (size_t)(p - vs), false);
            }
            p = ws(r, p, e);
            if (p < e && *p == ',') {
                p = ws(r, p + 1, e);
                continue;
            }
            if (p < e && *p == '}') {
                p++;
                break;
            }
            return NULL;
        }
    for (uint32_t c = 0; c < sc->ncols; c++)
        if (s->seen[c] != s->stamp && r->outpos[c] >= 0) vec_set_null(&b->cols[r->outpos[c]], row);
    return p;
}

static int load_record(FileReader *r, char **err) {
    JsonState *s = r->impl;
    s->in_array = false;
    if (r->conf.multiline) {
        if (s->whole_done || r->in.stop == 0) return 0;
        s->whole_done = true;
        int rc;
        while ((rc = src_in_more(&r->in, err)) > 0) {}
        if (rc < 0) return -1;
        s->rec = s->cur = r->in.buf ? r->in.buf + r->in.beg : "";
        s->end = s->rec + (r->in.end - r->in.beg);
        s->rec_off = 0;
    } else {
        const char *p;
        size_t n;
        int rc = src_in_line(&r->in, &p, &n, &s->rec_off, err);
        if (rc <= 0) return rc;
        s->rec = s->cur = p;
        s->end = p + n;
    }
    if (s->rec_off == 0 && s->end - s->rec >= 3 && memcmp(s->rec, SRC_BOM, 3) == 0)
        s->cur += 3;  // UTF-8 byte order mark
    return 1;
}

/* Keep (1), drop (0) or fail (-1) the row just parsed, per the mode. */
static int emit(FileReader *r, Batch *b, const char *q, bool bad, const char *raw,
                const char *raw_end, int64_t off, char **err) {
    uint32_t row = b->nrows;
    int rc = 1;
    if (!q) rc = src_bad_record(r, b, row, raw, (size_t)(raw_end - raw), off,
                                "malformed JSON record", err);
    else if (bad) rc = src_bad_values(r, b, row, raw, (size_t)(raw_end - raw), off,
                                      "JSON value does not fit the column type", err);
    if (rc < 0) return -1;
    if (rc) {
        src_row_finish(r, b, row);
        b->nrows++;
    }
    return 0;
}

/* One step: a row from the current record, or the end of the record. */
static int step(FileReader *r, Batch *b, char **err) {
    JsonState *s = r->impl;
    const char *e = s->end, *p = ws(r, s->cur, e);
    int64_t off = s->rec_off + (p - s->rec);
    bool ml = r->conf.multiline, bad = false;
    if (s->in_array && p >= e) s->in_array = false;  // cannot happen: the array was checked
    if (s->in_array) {
        const char *q;
        if (*p == '{') {
            q = object(r, b, b->nrows, p, e, &bad);
            if (emit(r, b, q, bad, p, q ? q : e, off, err) < 0) return -1;
        } else {
            q = src_json_skip(p, e, r->conf.allow_comments, 0);  // the array was checked
            if (emit(r, b, NULL, false, s->rec, e, off, err) < 0) return -1;
        }
        p = ws(r, q ? q : e, e);
        if (p < e && *p == ',') s->cur = p + 1;
        else s->in_array = false, s->cur = s->arr_end;
        return 0;
    }
    if (p >= e) {
        s->cur = NULL;
        return 0;
    }
    if (*p == '[') {
        const char *q = src_json_skip(p, e, r->conf.allow_comments, 0);
        if (q && (ml || ws(r, q, e) == e)) {
            s->arr_end = q;
            s->cur = ws(r, p + 1, e);
            s->in_array = *s->cur != ']';
            if (!s->in_array) s->cur = q;
            return 0;
        }
    } else if (*p == '{') {
        const char *q = object(r, b, b->nrows, p, e, &bad);
        if (q && !ml && ws(r, q, e) != e) q = NULL;  // trailing text after the record
        if (q || !ml) {
            s->cur = ml && q ? q : NULL;
            return emit(r, b, q, bad, s->rec, e, off, err);
        }
    }
    s->cur = NULL;  // a malformed record; in multiLine mode the whole file is that record
    return emit(r, b, NULL, false, s->rec, e, off, err);
}

static int json_next(FileReader *r, Batch *b, char **err) {
    JsonState *s = r->impl;
    while (b->nrows < BATCH_ROWS) {
        if (!s->cur) {
            int rc = load_record(r, err);
            if (rc < 0) return -1;
            if (rc == 0) break;
        }
        if (step(r, b, err) < 0) return -1;
    }
    return b->nrows > 0;
}

static void json_close(FileReader *r) {
    JsonState *s = r->impl;
    if (!s) return;
    free(s->slots);
    free(s->seen);
    free(s->name_len);
    sb_free(&s->key);
    free(s);
}

int src_json_open(FileReader *r, char **err) {
    (void)err;
    JsonState *s = xcalloc(1, sizeof *s);
    const Schema *sc = &r->schema;
    uint32_t cap = 16;
    while (cap < sc->ncols * 2 + 2) cap *= 2;
    s->slots = xmalloc(cap * sizeof *s->slots);
    memset(s->slots, 0xff, cap * sizeof *s->slots);
    s->mask = cap - 1;
    s->seen = xcalloc(sc->ncols + 1, sizeof *s->seen);
    s->name_len = xcalloc(sc->ncols + 1, sizeof *s->name_len);
    for (uint32_t c = 0; c < sc->ncols; c++) {
        size_t n = strlen(sc->cols[c].name);
        s->name_len[c] = (uint32_t)n;
        uint32_t h = hash_key(sc->cols[c].name, n) & s->mask;
        while (s->slots[h] >= 0) h = (h + 1) & s->mask;
        s->slots[h] = (int32_t)c;
    }
    for (int k = 0; k < MAX_PRED; k++) s->pred[k] = -1;
    r->impl = s;
    r->next = json_next;
    r->close = json_close;
    return 0;
}
