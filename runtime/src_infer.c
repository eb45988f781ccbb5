/* Schema inference for file sources, following Spark: JsonInferSchema (fields by name,
 * sorted; long/double/decimal/boolean/string; conflicts widen or fall back to string)
 * and CSVInferSchema (each column climbs int, long, decimal, double, date, timestamp,
 * boolean, string from the type seen so far). Samples samplingBytes of every file. */
#include "src_internal.h"

#include "hashmap.h"
#include "parquet.h"

#include <stdlib.h>
#include <string.h>

typedef enum {
    IK_NULL,       // only nulls seen
    IK_INT,        // CSV only
    IK_LONG,       // bigint
    IK_DECIMAL,    // integers too big for bigint
    IK_DOUBLE,
    IK_DATE,       // CSV only
    IK_TIMESTAMP,  // CSV only
    IK_BOOL,
    IK_STRING,
    IK_NESTED,     // JSON object or array: read as STRING (JSON text) until nested types land
} InferKind;

typedef struct {
    InferKind k;
    int       prec, scale;  // IK_DECIMAL
} IType;

typedef struct {
    char *name;
    IType t;
} IField;

typedef struct {
    SrcConf           c;
    VEC(IField)       fields;
    HashMap           by_name;  // name -> index + 1 into fields
    bool              saw_corrupt, prefers_decimal;
    double            ratio;      // samplingRatio: share of records inference looks at
    uint64_t          nrec;       // records offered to sampled()
    StrBuf            key;
    uint32_t          pred[256];  // fields index + 1 of the k-th field of the last record
    const char       *path;
} Infer;

static IType decimal_merge(IType a, IType b) {
    if (a.k == IK_LONG) a = (IType){IK_DECIMAL, 20, 0};
    if (b.k == IK_LONG) b = (IType){IK_DECIMAL, 20, 0};
    if (a.k == IK_INT) a = (IType){IK_DECIMAL, 10, 0};
    if (b.k == IK_INT) b = (IType){IK_DECIMAL, 10, 0};
    int scale = a.scale > b.scale ? a.scale : b.scale;
    int ia = a.prec - a.scale, ib = b.prec - b.scale;
    int prec = (ia > ib ? ia : ib) + scale;
    if (prec > 38) return (IType){IK_DOUBLE, 0, 0};
    return (IType){IK_DECIMAL, prec, scale};
}

/* Spark's compatibleType / findTightestCommonType for the kinds above. */
static IType merge(IType a, IType b) {
    if (a.k == IK_NULL) return b;
    if (b.k == IK_NULL || (a.k == b.k && a.k != IK_DECIMAL)) return a;
    if (a.k > b.k) {
        IType t = a;
        a = b, b = t;
    }
    if (a.k == IK_INT && b.k == IK_LONG) return b;
    if (a.k <= IK_DECIMAL && b.k == IK_DECIMAL) return decimal_merge(a, b);
    if (a.k <= IK_DECIMAL && b.k == IK_DOUBLE) return b;
    if (a.k == IK_DATE && b.k == IK_TIMESTAMP) return b;
    return (IType){IK_STRING, 0, 0};
}

static Type to_type(IType t) {
    switch (t.k) {
    case IK_INT: return TYPE(TY_INT);
    case IK_LONG: return TYPE(TY_BIGINT);
    case IK_DECIMAL: return type_decimal(t.prec, t.scale);
    case IK_DOUBLE: return TYPE(TY_DOUBLE);
    case IK_DATE: return TYPE(TY_DATE);
    case IK_TIMESTAMP: return TYPE(TY_TIMESTAMP);
    case IK_BOOL: return TYPE(TY_BOOLEAN);
    default: return TYPE(TY_STRING);
    }
}

/* k: the field's position in its record; records usually repeat the last layout */
static void note_field(Infer *in, uint32_t k, const char *name, size_t n, IType t) {
    if (k < 256 && in->pred[k]) {
        IField *f = &in->fields.items[in->pred[k] - 1];
        if (strncmp(f->name, name, n) == 0 && f->name[n] == 0) {
            if (f->t.k != t.k || t.k == IK_DECIMAL) f->t = merge(f->t, t);
            return;
        }
    }
    char *tmp = strndup(name, n);
    uintptr_t idx = (uintptr_t)hm_get(&in->by_name, tmp);
    if (idx) {
        in->fields.items[idx - 1].t = merge(in->fields.items[idx - 1].t, t);
        free(tmp);
    } else {
        IField f = {tmp, t};
        VEC_PUSH(in->fields, f);
        idx = in->fields.len;
        hm_put(&in->by_name, tmp, (void *)idx);
    }
    if (k < 256) in->pred[k] = (uint32_t)idx;
}

/* samplingRatio: keep record i when floor((i+1)*ratio) > floor(i*ratio), an even spread
 * that is deterministic (Spark samples randomly with a fixed seed). */
static bool sampled(Infer *in) {
    uint64_t i = in->nrec++;
    if (in->ratio >= 1.0) return true;
    return (uint64_t)((double)(i + 1) * in->ratio) > (uint64_t)((double)i * in->ratio);
}

/* ---- JSON */

static IType json_scalar(const Infer *in, const char *p, const char *q, bool is_str) {
    if (is_str) return (IType){IK_STRING, 0, 0};
    if (*p == 'n') return (IType){IK_NULL, 0, 0};
    if (in->c.prims_as_string) return (IType){IK_STRING, 0, 0};
    if (*p == 't' || *p == 'f') return (IType){IK_BOOL, 0, 0};
    bool is_float;
    src_json_number(p, q, &is_float);
    int64_t v;
    int prec, scale;
    if (is_float && in->prefers_decimal && src_decimal_shape(p, (size_t)(q - p), &prec, &scale) &&
        scale >= 0 && prec <= 38) {  // prefersDecimal: 1.25 -> decimal(3,2), like BigDecimal
        if (prec < scale) prec = scale;
        return (IType){IK_DECIMAL, prec, scale};
    }
    if (is_float) return (IType){IK_DOUBLE, 0, 0};
    if (src_parse_i64(p, (size_t)(q - p), &v)) return (IType){IK_LONG, 0, 0};
    if (src_decimal_shape(p, (size_t)(q - p), &prec, &scale) && prec <= 38)
        return (IType){IK_DECIMAL, prec, 0};
    return (IType){IK_DOUBLE, 0, 0};
}

/* object: note every field's type; NULL when malformed */
static const char *json_object(Infer *in, const char *p, const char *e) {
    bool cm = in->c.allow_comments;
    p = src_json_ws(p + 1, e, cm);
    if (p < e && *p == '}') return p + 1;
    for (uint32_t k = 0;; k++) {
        if (p >= e || (*p != '"' && *p != '\'')) return NULL;
        const char *key = p + 1, *q = key;
        while (q < e && *q != *p && *q != '\\' && (uint8_t)*q >= 0x20) q++;
        size_t klen = (size_t)(q - key);
        if (q < e && *q == *p) {
            p = q + 1;
        } else {  // escapes in the name: decode it
            sb_reset(&in->key);
            if (!(p = src_json_string(p, e, &in->key))) return NULL;
            key = in->key.ptr ? in->key.ptr : "", klen = in->key.len;
        }
        p = src_json_ws(p, e, cm);
        if (p >= e || *p != ':') return NULL;
        p = src_json_ws(p + 1, e, cm);
        if (!(q = src_json_skip(p, e, cm, 0))) return NULL;
        IType t = (*p == '{' || *p == '[') ? (IType){IK_NESTED, 0, 0}
                                           : json_scalar(in, p, q, *p == '"' || *p == '\'');
        note_field(in, k, key, klen, t);
        p = src_json_ws(q, e, cm);
        if (p < e && *p == ',') {
            p = src_json_ws(p + 1, e, cm);
            continue;
        }
        return p < e && *p == '}' ? p + 1 : NULL;
    }
}

/* One record (a line, or a whole multiLine file); -1 on FAILFAST error. */
static int json_record(Infer *in, const char *p, const char *e, int64_t off, char **err) {
    bool cm = in->c.allow_comments, ml = in->c.multiline;
    const char *s = p;
    if (off == 0 && e - p >= 3 && memcmp(p, SRC_BOM, 3) == 0) p += 3;
    for (;;) {
        p = src_json_ws(p, e, cm);
        if (p >= e) return 0;
        const char *q = NULL;
        if (*p == '{') {
            q = json_object(in, p, e);
        } else if (*p == '[') {
            q = src_json_skip(p, e, cm, 0);
            for (const char *t = src_json_ws(p + 1, e, cm); q && t < q && *t != ']';) {
                if (*t == '{') json_object(in, t, e);
                else in->saw_corrupt |= in->c.mode == SM_PERMISSIVE;
                t = src_json_ws(src_json_skip(t, e, cm, 0), e, cm);
                if (*t == ',') t = src_json_ws(t + 1, e, cm);
            }
        }
        if (q && !ml && src_json_ws(q, e, cm) != e) q = NULL;
        if (!q) {
            if (in->c.mode == SM_FAILFAST) {
                StrBuf m = {0};
                sb_printf(&m, "%s:%lld: error: malformed JSON record (parse mode FAILFAST)",
                          in->path, (long long)src_line_of(in->path, off + (p - s)));
                *err = sb_take(&m);
                return -1;
            }
            if (in->c.mode == SM_PERMISSIVE) in->saw_corrupt = true;
            return 0;
        }
        if (!ml) return 0;
        p = q;
    }
}

static int json_file(Infer *in, const SrcFile *f, char **err) {
    SrcInput inp;
    if (src_in_open(&inp, f->path, 0, -1, err) < 0) return -1;
    int rc = 0;
    if (in->c.multiline) {
        while ((rc = src_in_more(&inp, err)) > 0) {}
        if (rc == 0 && inp.buf) rc = json_record(in, inp.buf, inp.buf + inp.end, 0, err);
    } else {
        const char *p;
        size_t n;
        int64_t off;
        while ((rc = src_in_line(&inp, &p, &n, &off, err)) > 0 && off < in->c.sample_bytes)
            if (sampled(in) && (rc = json_record(in, p, p + n, off, err)) < 0) break;
    }
    src_in_close(&inp);
    return rc < 0 ? -1 : 0;
}

static int cmp_field(const void *a, const void *b) {
    return strcmp(((const IField *)a)->name, ((const IField *)b)->name);
}

/* ---- CSV */

static bool is_int32(const char *p, size_t n) {
    int64_t v;
    return src_parse_i64(p, n, &v) && v >= INT32_MIN && v <= INT32_MAX;
}

/* CSVInferSchema.inferField: start at the level of the type so far. */
static IType csv_field(const Infer *in, IType sofar, const char *p, size_t n) {
    int64_t i64;
    double d;
    bool b;
    int32_t day;
    int prec, scale;
    switch (sofar.k) {
    case IK_NULL: case IK_INT:
        if (is_int32(p, n)) return (IType){IK_INT, 0, 0};
        // fall through
    case IK_LONG:
        if (src_parse_i64(p, n, &i64)) return (IType){IK_LONG, 0, 0};
        // fall through
    case IK_DECIMAL:
        if (src_decimal_shape(p, n, &prec, &scale) && scale == 0 && prec <= 38 &&
            memchr(p, '.', n) == NULL && !memchr(p, 'e', n) && !memchr(p, 'E', n))
            return (IType){IK_DECIMAL, prec, 0};
        // fall through
    case IK_DOUBLE:
        if (src_parse_double(p, n, &d)) return (IType){IK_DOUBLE, 0, 0};
        // fall through
    case IK_DATE:
        if (src_parse_date(p, n, in->c.date_fmt ? in->c.date_fmt : "yyyy-MM-dd", &day))
            return (IType){IK_DATE, 0, 0};
        // fall through
    case IK_TIMESTAMP:
        if (src_parse_timestamp(p, n, in->c.ts_fmt, &i64)) return (IType){IK_TIMESTAMP, 0, 0};
        // fall through
    case IK_BOOL:
        if (src_parse_bool(p, n, &b)) return (IType){IK_BOOL, 0, 0};
        // fall through
    default:
        return (IType){IK_STRING, 0, 0};
    }
}

static void csv_header(Infer *in, const CsvFields *f, bool header) {
    for (uint32_t i = 0; i < f->n; i++) {
        StrBuf name = {0};
        if (header && f->f[i].len && !(f->f[i].len == strlen(in->c.null_value) &&
                                       memcmp(f->f[i].p, in->c.null_value, f->f[i].len) == 0))
            sb_put(&name, f->f[i].p, f->f[i].len);
        else
            sb_printf(&name, "_c%u", i);
        bool dup = false;  // Spark's makeSafeHeader: duplicates get their index appended
        for (uint32_t j = 0; header && j < f->n && !dup; j++)
            dup = j != i && f->f[j].len == name.len && str_nieq(f->f[j].p, name.ptr, name.len);
        if (dup) sb_printf(&name, "%u", i);
        IField fl = {sb_take(&name), {IK_NULL, 0, 0}};
        VEC_PUSH(in->fields, fl);
    }
}

static int csv_file(Infer *in, const SrcFile *f, bool *have_cols, bool types, char **err) {
    SrcInput inp;
    if (src_in_open(&inp, f->path, 0, -1, err) < 0) return -1;
    CsvFields fl = {0};
    bool first = true;
    int rc = 0;
    for (;;) {
        size_t used = 0;
        int nf;
        if (!in->c.multiline) {
            const char *p;
            size_t n;
            int64_t off;
            if ((rc = src_in_line(&inp, &p, &n, &off, err)) <= 0) break;
            nf = src_csv_split(&in->c, p, n, true, &fl, &used);
        } else {
            for (;;) {
                size_t bom = inp.pos == 0 && inp.end - inp.beg >= 3 &&
                             memcmp(inp.buf + inp.beg, SRC_BOM, 3) == 0 ? 3 : 0;
                nf = src_csv_split(&in->c, inp.buf ? inp.buf + inp.beg + bom : "",
                                   inp.end - inp.beg - bom, inp.eof, &fl, &used);
                used += bom;
                if (nf >= 0) break;
                if ((rc = src_in_more(&inp, err)) < 0) goto out;
            }
            if (used == 0 && inp.eof) break;
            inp.beg += used;
            inp.pos += (int64_t)used;
        }
        if (nf == 0) continue;
        if (first && !*have_cols) csv_header(in, &fl, in->c.header);
        *have_cols = true;
        bool skip = first && in->c.header;
        first = false;
        if (skip || !types || !sampled(in)) continue;
        for (uint32_t i = 0; i < fl.n && i < in->fields.len; i++) {
            const CsvField *x = &fl.f[i];
            IType *t = &in->fields.items[i].t;
            if (t->k == IK_STRING || (!x->quoted && !x->len)) continue;
            const char *p = x->quoted && !x->len ? in->c.empty_value : x->p;
            size_t n = x->quoted && !x->len ? in->c.empty_len : x->len;
            if (n == in->c.null_len && memcmp(p, in->c.null_value, n) == 0) continue;
            IType nt = csv_field(in, *t, p, n);
            if (nt.k != t->k || nt.k == IK_DECIMAL) *t = merge(*t, nt);
        }
        if (inp.pos >= in->c.sample_bytes) break;
    }
out:
    src_csv_fields_free(&fl);
    src_in_close(&inp);
    return rc < 0 ? -1 : 0;
}

/* ---- driver */

static void add_rescued(const SrcOpts *opts, Schema *out) {
    const char *resc = filesrc_opts_get(opts, "rescuedDataColumn");
    if (resc && *resc && schema_find(out, resc) < 0) schema_add(out, resc, TYPE(TY_STRING), true);
}

/* schemaHints (Auto Loader, read_files): DDL whose columns override the inferred types
 * or are added when inference did not see them. */
static int apply_hints(const SrcOpts *opts, Schema *out, char **err) {
    const char *hints = filesrc_opts_get(opts, "schemaHints");
    if (!hints) return 0;
    Schema h;
    if (filesrc_parse_ddl(hints, &h, err) < 0) return -1;
    for (uint32_t i = 0; i < h.ncols; i++) {
        int c = schema_find(out, h.cols[i].name);
        if (c >= 0) out->cols[c].type = h.cols[i].type;
        else schema_add(out, h.cols[i].name, h.cols[i].type, true);
    }
    schema_free(&h);
    return 0;
}

static int infer_files(Infer *in, const SrcFileList *files, SrcFormat fmt, const SrcOpts *opts,
                       char **err) {
    const char *ict = filesrc_opts_get(opts, "inferColumnTypes");
    bool types = fmt == SRC_JSON ? !(ict && str_ieq(ict, "false"))
                                 : in->c.infer_schema || (ict && str_ieq(ict, "true"));
    bool have_cols = false;
    for (uint32_t i = 0; i < files->n; i++) {
        in->path = files->items[i].path;
        int rc = fmt == SRC_JSON ? json_file(in, &files->items[i], err)
                                 : csv_file(in, &files->items[i], &have_cols, types, err);
        if (rc < 0) return -1;
    }
    if (!types)
        for (size_t i = 0; i < in->fields.len; i++)
            in->fields.items[i].t = (IType){IK_STRING, 0, 0};
    return 0;
}

static int schema_from_parquet(const SrcFileList *files, Schema *out, char **err) {
    PqReader *pq = pq_open(files->items[0].path, err);
    if (!pq) return -1;
    schema_copy(out, pq_schema(pq));
    pq_close(pq);
    return 0;
}

/* Partition columns of every file, typed like Spark's inferPartitionColumnValue, after
 * the data columns (a data column of the same name takes the path's value instead). */
static void add_partitions(const SrcFileList *files, const SrcOpts *opts, Schema *out) {
    const char *ict = filesrc_opts_get(opts, "inferColumnTypes");
    bool types = !(ict && str_ieq(ict, "false"));
    Infer in = {0};  // default formats: yyyy-MM-dd dates, ISO timestamps
    for (uint32_t i = 0; i < files->n; i++) {
        SrcParts ps;
        src_parts_of(&files->items[i], &ps);
        for (uint32_t k = 0; k < ps.n; k++) {
            size_t j = 0;
            while (j < in.fields.len && !str_ieq(in.fields.items[j].name, ps.items[k].name)) j++;
            if (j == in.fields.len) {
                IField f = {xstrdup(ps.items[k].name), {IK_NULL, 0, 0}};
                VEC_PUSH(in.fields, f);
            }
            IType *t = &in.fields.items[j].t;
            const char *v = ps.items[k].value;
            if (v) *t = merge(*t, csv_field(&in, *t, v, strlen(v)));
        }
        src_parts_free(&ps);
    }
    for (size_t j = 0; j < in.fields.len; j++) {
        IType t = in.fields.items[j].t;
        if (!types || t.k == IK_BOOL) t = (IType){IK_STRING, 0, 0};  // Spark: no boolean
        int c = schema_find(out, in.fields.items[j].name);
        if (c < 0) schema_add(out, in.fields.items[j].name, to_type(t), true);
        else out->cols[c].type = to_type(t);  // Spark: the partition's type and value win
        free(in.fields.items[j].name);
    }
    free(in.fields.items);
}

static int infer_data(const SrcFileList *files, SrcFormat fmt, const SrcOpts *opts, Schema *out,
                      char **nested, char **err) {
    schema_init(out);
    const char *ddl = filesrc_opts_get(opts, "schema");
    if (ddl) {
        if (filesrc_parse_ddl(ddl, out, err) < 0) return -1;
        add_rescued(opts, out);
        return 0;
    }
    if (fmt == SRC_TEXT) {
        schema_add(out, "value", TYPE(TY_STRING), true);
        return 0;
    }
    if (files->n == 0) {
        *err = xstrdup("cannot infer a schema: no input files; declare one with the schema option");
        return -1;
    }
    if (fmt == SRC_PARQUET) {
        if (schema_from_parquet(files, out, err) < 0) return -1;
        add_rescued(opts, out);
        return 0;
    }
    if (fmt != SRC_JSON && fmt != SRC_CSV) {
        *err = xstrdup("unsupported file format");
        return -1;
    }
    Infer in = {0};
    hm_init(&in.by_name, false);
    int rc = src_conf_init(&in.c, fmt, opts, err);
    in.prefers_decimal = filesrc_opts_bool(opts, "prefersDecimal", false);
    const char *ratio = filesrc_opts_get(opts, "samplingRatio");
    in.ratio = ratio ? atof(ratio) : 1.0;
    if (!(in.ratio > 0.0)) in.ratio = 1.0;
    if (rc == 0) rc = infer_files(&in, files, fmt, opts, err);
    if (rc == 0 && in.fields.len == 0 && !in.saw_corrupt) {
        StrBuf m = {0};
        sb_printf(&m, "cannot infer a schema for %s: no records; "
                  "declare one with the schema option", filesrc_format_name(fmt));
        *err = sb_take(&m);
        rc = -1;
    }
    if (rc == 0) {
        if (fmt == SRC_JSON && in.fields.len)
            qsort(in.fields.items, in.fields.len, sizeof *in.fields.items, cmp_field);
        StrBuf nest = {0};
        for (size_t i = 0; i < in.fields.len; i++) {
            IField *f = &in.fields.items[i];
            schema_add(out, f->name, to_type(f->t), true);
            if (f->t.k == IK_NESTED) sb_printf(&nest, "%s%s", nest.len ? ", " : "", f->name);
        }
        if (in.saw_corrupt && schema_find(out, in.c.corrupt_name) < 0)
            schema_add(out, in.c.corrupt_name, TYPE(TY_STRING), true);
        rc = apply_hints(opts, out, err);
        add_rescued(opts, out);
        if (rc == 0 && nested && nest.len) *nested = sb_take(&nest);
        sb_free(&nest);
    }
    for (size_t i = 0; i < in.fields.len; i++) free(in.fields.items[i].name);
    free(in.fields.items);
    hm_free(&in.by_name);
    sb_free(&in.key);
    if (rc < 0) schema_free(out);
    return rc;
}

int filesrc_infer(const SrcFileList *files, SrcFormat fmt, const SrcOpts *opts, Schema *out,
                  char **nested, char **err) {
    *err = NULL;
    if (nested) *nested = NULL;
    int rc = infer_data(files, fmt, opts, out, nested, err);
    if (rc == 0 && !filesrc_opts_get(opts, "schema")) add_partitions(files, opts, out);
    return rc;
}
