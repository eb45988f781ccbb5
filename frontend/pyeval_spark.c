/* Modules, the Spark session (spark.read/readStream/table/sql/range/createDataFrame,
 * spark.conf), dbutils.fs, and the DataFrame API lowered to unbound IR relations
 * (dlt-language.md 3.5-3.6). SQL text inside Python goes through the SQL parser. */
#include "pyeval_internal.h"

#include "str.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- modules ----------------------------------------------------------------------- */

Value *module_import(Eval *ev, const char *m, SrcLoc at) {
    static const struct {
        const char *module, *ns;
    } known[] = {
        {"dlt", "dlt"}, {"pyspark.pipelines", "dlt"}, {"pyspark", "pyspark"},
        {"pyspark.sql", "pyspark.sql"}, {"pyspark.sql.functions", "F"},
        {"pyspark.sql.types", "T"}, {"pyspark.sql.window", "pyspark.sql.window"},
        {"pyspark.sql.window.Window", "Window"}, {"pyspark.sql.Window", "Window"},
        {"pyspark.sql.functions.col", NULL}, {"os", "os"}, {"os.path", "os.path"},
        {"pyspark.sql.column", "pyspark.sql.column"}, {"pyspark.sql.dataframe", "pyspark.sql.dataframe"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].ns && !strcmp(known[i].module, m)) return pv_ns(ev, known[i].ns, at);
    return NULL;
}

static Value *os_path_join(Eval *ev, Value *self, Args *a) {
    (void)self;
    StrBuf b = {0};
    for (uint32_t i = 0; i < a->npos; i++) {
        if (a->pos[i]->kind != V_STR) {
            sb_free(&b);
            return pv_opaque(ev, "os.path.join of a non-string", a->at);
        }
        const char *p = a->pos[i]->u.str.s;
        if (p[0] == '/') sb_reset(&b);
        else if (b.len && b.ptr[b.len - 1] != '/') sb_putc(&b, '/');
        sb_puts(&b, p);
    }
    Value *v = pv_str(ev, sb_cstr(&b), (uint32_t)b.len, a->at);
    sb_free(&b);
    return v;
}

static Value *os_path_part(Eval *ev, Args *a, bool base) {
    if (a->npos != 1 || a->pos[0]->kind != V_STR) return pv_opaque(ev, "os.path of a non-string", a->at);
    const char *p = a->pos[0]->u.str.s, *slash = strrchr(p, '/');
    if (base) return pv_cstr(ev, slash ? slash + 1 : p, a->at);
    return slash ? pv_str(ev, p, (uint32_t)(slash - p), a->at) : pv_cstr(ev, "", a->at);
}

static Value *os_basename(Eval *ev, Value *s, Args *a) { (void)s; return os_path_part(ev, a, true); }
static Value *os_dirname(Eval *ev, Value *s, Args *a) { (void)s; return os_path_part(ev, a, false); }

Value *ns_attr(Eval *ev, Value *ns, const char *name, SrcLoc at) {
    const char *n = ns->u.ns.name;
    if (!strcmp(n, "dlt")) return dlt_attr(ev, name, at);
    if (!strcmp(n, "F")) return functions_attr(ev, name, at);
    if (!strcmp(n, "T")) return types_attr(ev, name, at);
    if (!strcmp(n, "Window")) return window_class_attr(ev, name, at);
    if (!strcmp(n, "pyspark")) {
        if (!strcmp(name, "sql")) return pv_ns(ev, "pyspark.sql", at);
        if (!strcmp(name, "pipelines")) return pv_ns(ev, "dlt", at);
        return NULL;
    }
    if (!strcmp(n, "pyspark.sql")) {
        if (!strcmp(name, "functions")) return pv_ns(ev, "F", at);
        if (!strcmp(name, "types")) return pv_ns(ev, "T", at);
        if (!strcmp(name, "Window")) return pv_ns(ev, "Window", at);
        if (!strcmp(name, "window")) return pv_ns(ev, "pyspark.sql.window", at);
        if (!strcmp(name, "DataFrame") || !strcmp(name, "Column") || !strcmp(name, "SparkSession"))
            return pv_opaque(ev, arena_printf(ev->a, "pyspark.sql.%s", name), at);
        return NULL;
    }
    if (!strcmp(n, "pyspark.sql.window")) return !strcmp(name, "Window") ? pv_ns(ev, "Window", at) : NULL;
    if (!strcmp(n, "os")) return !strcmp(name, "path") ? pv_ns(ev, "os.path", at) : NULL;
    if (!strcmp(n, "os.path")) {
        if (!strcmp(name, "join")) return pv_builtin(ev, "os.path.join", os_path_join, NULL, at);
        if (!strcmp(name, "basename")) return pv_builtin(ev, "os.path.basename", os_basename, NULL, at);
        if (!strcmp(name, "dirname")) return pv_builtin(ev, "os.path.dirname", os_dirname, NULL, at);
        return NULL;
    }
    return spark_attr(ev, ns, name, at);
}

/* ---- SQL text inside Python ---------------------------------------------------------------- */

/* A source buffer for the text of a Python string value: when the value is a plain
 * literal that appears verbatim in the file, each byte maps to its place there, so
 * SQL errors point inside the Python string; otherwise everything maps to the value's
 * location. */
static uint32_t sql_buffer(Eval *ev, Value *s) {
    SrcBuilder b = {0};
    const SourceBuf *pb = src_buf(ev->src, s->at.file);
    uint32_t start = s->at.off;
    bool verbatim = false;
    if (s->exact && pb && s->at.off < pb->len) {
        uint32_t i = s->at.off;
        while (i < pb->len && strchr("rRuUbBfF", pb->text[i])) i++;
        if (i < pb->len && (pb->text[i] == '\'' || pb->text[i] == '"')) {
            char q = pb->text[i];
            uint32_t nq = i + 2 < pb->len && pb->text[i + 1] == q && pb->text[i + 2] == q ? 3 : 1;
            start = i + nq;
            verbatim = start + s->u.str.len <= pb->len &&
                       !memcmp(pb->text + start, s->u.str.s, s->u.str.len);
        }
    }
    for (uint32_t i = 0; i < s->u.str.len; i++)
        sb_src_byte(&b, s->u.str.s[i], verbatim ? start + i : s->at.off);
    b.end_off = verbatim ? start + s->u.str.len : s->at.off + s->at.len;
    if (!s->at.file) {  // a string the evaluator made up: a buffer of its own
        char *text = xmalloc(s->u.str.len + 1);
        memcpy(text, s->u.str.s, s->u.str.len);
        text[s->u.str.len] = 0;
        free(b.text), free(b.map);
        return src_add(ev->src, "<python string>", text, s->u.str.len);
    }
    return sb_src_finish(&b, ev->src, s->at.file);
}

IrExpr *sql_expr_from(Eval *ev, Value *s) {
    if (!s || s->kind != V_STR) {
        pv_raise(ev, s ? s->at : SRC_NONE, "TypeError", "expected a SQL expression string");
        return NULL;
    }
    int before = diag_errors(ev->d);
    IrExpr *e = ir_lower_sql_expr(ev->p, ev->src, sql_buffer(ev, s), ev->d);
    if (!e || diag_errors(ev->d) > before) {
        ev->exc_type = "SqlError", ev->exc_msg = "", ev->exc_at = s->at, ev->exc_reported = true;
        return NULL;
    }
    return e;
}

IrRel *sql_query_from(Eval *ev, Value *s) {
    if (!s || s->kind != V_STR) {
        pv_raise(ev, s ? s->at : SRC_NONE, "TypeError", "spark.sql() needs a SQL string");
        return NULL;
    }
    int before = diag_errors(ev->d);
    IrRel *r = ir_lower_sql_query(ev->p, ev->src, sql_buffer(ev, s), ev->d);
    if (!r || diag_errors(ev->d) > before) {
        ev->exc_type = "SqlError", ev->exc_msg = "", ev->exc_at = s->at, ev->exc_reported = true;
        return NULL;
    }
    return r;
}

/* ---- spark session ---------------------------------------------------------------------- */

static Value *new_reader(Eval *ev, bool stream, SrcLoc at) {
    Value *r = pv_new(ev, V_READER, at);
    r->u.rd.stream = stream;
    return r;
}

static Value *conf_get(Eval *ev, Value *self, Args *a) {
    (void)self;
    const char *key;
    if (!args_str(ev, a, 0, "key", &key)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "spark.conf.get() needs a key");
    const char *v = ev->opt && ev->opt->conf ? hm_get(ev->opt->conf, key) : NULL;
    if (v) return pv_cstr(ev, v, a->at);
    Value *def = args_get(a, 1, "defaultValue");
    if (!def) def = args_get(a, 1, "default");
    if (def) return def;
    return pv_raise(ev, a->at, "ConfigNotFound",
                    "configuration key '%s' is not set: add it to the pipeline configuration "
                    "or pass a default to spark.conf.get", key);
}

static Value *conf_set(Eval *ev, Value *self, Args *a) {
    (void)self;
    return pv_fail(ev, a->at, "spark.conf.set() changes the session: set pipeline configuration "
                              "or spark_conf= on the dataset instead");
}

static Value *spark_table(Eval *ev, Value *self, Args *a) {
    (void)self;
    const char *name;
    if (!args_str(ev, a, 0, "tableName", &name)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "table() needs a name");
    IrName n;
    if (!ir_name_parse(ev->a, name, a->at, &n)) return pv_fail(ev, a->at, "invalid table name '%s'", name);
    pv_note_read(ev, n);
    return pv_df(ev, ir_scan(ev->a, n, false, a->at), a->at);
}

static Value *spark_sql(Eval *ev, Value *self, Args *a) {
    (void)self;
    IrRel *r = sql_query_from(ev, args_get(a, 0, "sqlQuery"));
    return r ? pv_df(ev, r, a->at) : NULL;
}

static Value *spark_range(Eval *ev, Value *self, Args *a) {
    (void)self;
    int64_t lo = 0, hi = 0, step = 1;
    Value *x = args_get(a, 0, "start"), *y = args_get(a, 1, "end"), *z = args_get(a, 2, "step");
    if (!x || x->kind != V_INT || (y && y->kind != V_INT) || (z && z->kind != V_INT))
        return pv_raise(ev, a->at, "TypeError", "spark.range() needs integers");
    if (y) lo = x->u.i, hi = y->u.i;
    else hi = x->u.i;
    if (z) step = z->u.i;
    if (step == 0) return pv_raise(ev, a->at, "ValueError", "spark.range() step must not be 0");
    uint64_t n = step > 0 ? (hi > lo ? (uint64_t)(hi - lo + step - 1) / (uint64_t)step : 0)
                          : (lo > hi ? (uint64_t)(lo - hi - step - 1) / (uint64_t)(-step) : 0);
    if (n > 100000) return pv_opaque(ev, "spark.range() of more than 100000 rows", a->at);
    IrExpr **cells = arena_alloc(ev->a, (n + 1) * sizeof *cells);
    for (uint64_t i = 0; i < n; i++) {
        cells[i] = ir_lit(ev->a, arena_printf(ev->a, "%lld", (long long)(lo + (int64_t)i * step)),
                          TYPE(TY_BIGINT), a->at);
    }
    IrRel *v = ir_values(ev->a, cells, (uint32_t)n, 1, a->at);
    const char **names = arena_alloc(ev->a, sizeof *names);
    names[0] = "id";
    return pv_df(ev, ir_alias_rel(ev->a, v, NULL, names, 1, a->at), a->at);
}

static bool schema_names(Eval *ev, Value *schema, const char ***names, uint32_t *n, Type **types) {
    *types = NULL;
    if (!schema || schema->kind == V_NONE) return true;
    if (schema->kind == V_TYPE && schema->u.ty.t.id == TY_STRUCT) {
        *names = schema->u.ty.names, *n = schema->u.ty.n, *types = schema->u.ty.types;
        return true;
    }
    Value **items;
    uint32_t m;
    if (schema->kind == V_STR) {  // "id INT, v STRING" or "id, v"
        const char *s = schema->u.str.s;
        Value *l = pv_seq(ev, V_LIST, schema->at);
        Type *ts = arena_alloc(ev->a, 64 * sizeof *ts);
        uint32_t k = 0;
        bool typed = true;
        for (const char *p = s; *p && k < 64;) {
            while (*p == ' ' || *p == ',') p++;
            if (!*p) break;
            const char *e = p;
            int depth = 0;
            while (*e && (depth || *e != ',')) {
                if (*e == '(' || *e == '<') depth++;
                if (*e == ')' || *e == '>') depth--;
                e++;
            }
            const char *sp = p;
            while (sp < e && *sp != ' ' && *sp != ':') sp++;
            pv_seq_push(ev, l, pv_str(ev, p, (uint32_t)(sp - p), schema->at));
            char *tn = arena_strndup(ev->a, sp, (size_t)(e - sp));
            while (*tn == ' ' || *tn == ':') tn++;
            if (!*tn || !type_parse_primitive(tn, &ts[k])) typed = false;
            k++;
            p = e;
        }
        if (typed) *types = ts;
        schema = l;
    }
    if (!pv_iter(ev, schema, &items, &m)) return false;
    *names = arena_alloc(ev->a, (m + 1) * sizeof **names);
    for (uint32_t i = 0; i < m; i++) {
        if (items[i]->kind != V_STR) return false;
        (*names)[i] = items[i]->u.str.s;
    }
    *n = m;
    return true;
}

static Value *spark_create_df(Eval *ev, Value *self, Args *a) {
    (void)self;
    Value *data = args_get(a, 0, "data"), *schema = args_get(a, 1, "schema");
    Value **rows;
    uint32_t nrows;
    if (!data || !pv_iter(ev, data, &rows, &nrows) || data->kind == V_STR)
        return pv_opaque(ev, "spark.createDataFrame() of data that is not literal rows", a->at);
    const char **names = NULL;
    uint32_t nnames = 0;
    Type *types = NULL;
    if (!schema_names(ev, schema, &names, &nnames, &types))
        return pv_opaque(ev, "spark.createDataFrame() with a schema we cannot read", a->at);
    uint32_t ncols = nnames;
    if (nrows) {
        Value *r0 = rows[0];
        uint32_t c0 = r0->kind == V_TUPLE || r0->kind == V_LIST ? r0->u.seq.n : r0->kind == V_DICT ? r0->u.dict.n : 1;
        if (!ncols) ncols = c0;
        if (r0->kind == V_DICT && !nnames) {
            names = arena_alloc(ev->a, (ncols + 1) * sizeof *names);
            for (uint32_t i = 0; i < ncols; i++) names[i] = pv_to_str(ev, r0->u.dict.keys[i], false);
            nnames = ncols;
        }
    }
    if (!ncols) return pv_opaque(ev, "spark.createDataFrame() without rows or schema", a->at);
    IrExpr **cells = arena_alloc(ev->a, ((size_t)nrows * ncols + 1) * sizeof *cells);
    for (uint32_t r = 0; r < nrows; r++) {
        Value *row = rows[r];
        for (uint32_t c = 0; c < ncols; c++) {
            Value *x = row;
            if (row->kind == V_TUPLE || row->kind == V_LIST) x = c < row->u.seq.n ? row->u.seq.items[c] : NULL;
            else if (row->kind == V_DICT) x = pv_dict_get(row, pv_cstr(ev, names[c], a->at));
            else if (ncols != 1) x = NULL;
            if (!x) return pv_raise(ev, row->at, "ValueError", "row %u does not have %u values", r, ncols);
            IrExpr *lit = to_lit_expr(ev, x, x->at.file ? x->at : a->at);
            if (!lit) return pv_opaque(ev, "spark.createDataFrame() of non-literal values", x->at);
            if (types) lit = ir_cast(ev->a, lit, types[c], false, lit->loc);
            cells[(size_t)r * ncols + c] = lit;
        }
    }
    IrRel *v = ir_values(ev->a, cells, nrows, ncols, a->at);
    if (!names) {
        names = arena_alloc(ev->a, (ncols + 1) * sizeof *names);
        for (uint32_t c = 0; c < ncols; c++) names[c] = arena_printf(ev->a, "_%u", c + 1);
    }
    return pv_df(ev, ir_alias_rel(ev->a, v, NULL, names, ncols, a->at), a->at);
}

/* dbutils.fs.ls through mounts: a list of FileInfo-like dicts. */
static const char *map_path(Eval *ev, const char *p) {
    const PyEvalOptions *o = ev->opt;
    if (!strncmp(p, "dbfs:", 5)) p += 5;
    for (uint32_t i = 0; o && i < o->nmounts; i++) {
        size_t n = strlen(o->mount_prefixes[i]);
        if (!strncmp(p, o->mount_prefixes[i], n) && (p[n] == 0 || p[n] == '/'))
            return arena_printf(ev->a, "%s%s", o->mount_dirs[i], p + n);
    }
    if (p[0] != '/' && o && o->base_dir) return arena_printf(ev->a, "%s/%s", o->base_dir, p);
    return p;
}

static Value *fs_ls(Eval *ev, Value *self, Args *a) {
    (void)self;
    const char *path;
    if (!args_str(ev, a, 0, "dir", &path)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "ls() needs a path");
    const char *local = map_path(ev, path);
    DIR *d = opendir(local);
    if (!d) return pv_raise(ev, a->at, "FileNotFoundException", "dbutils.fs.ls: '%s' (local '%s') does not exist", path, local);
    Value *l = pv_seq(ev, V_LIST, a->at);
    const char *names[4096];
    uint32_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 4096)
        if (e->d_name[0] != '.') names[n++] = arena_strdup(ev->a, e->d_name);
    closedir(d);
    for (uint32_t i = 1; i < n; i++)  // sorted, as DBFS lists
        for (uint32_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    size_t plen = strlen(path);
    for (uint32_t i = 0; i < n; i++) {
        struct stat st;
        char *full = arena_printf(ev->a, "%s/%s", local, names[i]);
        bool dir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
        Value *fi = pv_dict(ev, a->at);
        const char *shown = arena_printf(ev->a, "%s%s%s%s", path, plen && path[plen - 1] == '/' ? "" : "/",
                                         names[i], dir ? "/" : "");
        pv_dict_set(ev, fi, pv_cstr(ev, "path", a->at), pv_cstr(ev, shown, a->at));
        pv_dict_set(ev, fi, pv_cstr(ev, "name", a->at), pv_cstr(ev, arena_printf(ev->a, "%s%s", names[i], dir ? "/" : ""), a->at));
        pv_dict_set(ev, fi, pv_cstr(ev, "size", a->at), pv_int(ev, dir ? 0 : (int64_t)st.st_size, a->at));
        pv_seq_push(ev, l, fi);
    }
    return l;
}

Value *spark_attr(Eval *ev, Value *ns, const char *name, SrcLoc at) {
    const char *n = ns->u.ns.name;
    if (!strcmp(n, "spark")) {
        if (!strcmp(name, "read")) return new_reader(ev, false, at);
        if (!strcmp(name, "readStream")) return new_reader(ev, true, at);
        if (!strcmp(name, "conf")) return pv_ns(ev, "spark.conf", at);
        if (!strcmp(name, "table")) return pv_builtin(ev, "spark.table", spark_table, NULL, at);
        if (!strcmp(name, "sql")) return pv_builtin(ev, "spark.sql", spark_sql, NULL, at);
        if (!strcmp(name, "range")) return pv_builtin(ev, "spark.range", spark_range, NULL, at);
        if (!strcmp(name, "createDataFrame")) return pv_builtin(ev, "spark.createDataFrame", spark_create_df, NULL, at);
        return NULL;
    }
    if (!strcmp(n, "spark.conf")) {
        if (!strcmp(name, "get")) return pv_builtin(ev, "spark.conf.get", conf_get, NULL, at);
        if (!strcmp(name, "set")) return pv_builtin(ev, "spark.conf.set", conf_set, NULL, at);
        return NULL;
    }
    if (!strcmp(n, "dbutils")) {
        if (!strcmp(name, "fs")) return pv_ns(ev, "dbutils.fs", at);
        return NULL;
    }
    if (!strcmp(n, "dbutils.fs") && !strcmp(name, "ls")) return pv_builtin(ev, "dbutils.fs.ls", fs_ls, NULL, at);
    return NULL;
}

/* ---- readers ------------------------------------------------------------------------------ */

static Value *reader_copy(Eval *ev, Value *r, SrcLoc at) {
    Value *c = pv_new(ev, V_READER, at);
    c->u.rd = r->u.rd;
    c->u.rd.opts = arena_alloc(ev->a, (r->u.rd.nopts + 1) * sizeof *c->u.rd.opts);
    if (r->u.rd.nopts) memcpy(c->u.rd.opts, r->u.rd.opts, r->u.rd.nopts * sizeof *c->u.rd.opts);
    return c;
}

static const char *opt_str(Eval *ev, Value *v) {
    if (v->kind == V_BOOL) return v->u.b ? "true" : "false";
    return pv_to_str(ev, v, false);
}

static void reader_set(Eval *ev, Value *r, const char *k, const char *v) {
    for (uint32_t i = 0; i < r->u.rd.nopts; i++)
        if (str_ieq(r->u.rd.opts[i].key, k)) {
            r->u.rd.opts[i].value = v;
            return;
        }
    r->u.rd.opts = arena_realloc(ev->a, r->u.rd.opts, r->u.rd.nopts * sizeof *r->u.rd.opts,
                                 (r->u.rd.nopts + 1) * sizeof *r->u.rd.opts);
    r->u.rd.opts[r->u.rd.nopts++] = (IrKV){k, v};
}

static Value *rd_format(Eval *ev, Value *self, Args *a) {
    const char *f;
    if (!args_str(ev, a, 0, "source", &f)) return NULL;
    Value *r = reader_copy(ev, self, a->at);
    r->u.rd.format = f;
    return r;
}

static Value *rd_option(Eval *ev, Value *self, Args *a) {
    Value *k = args_get(a, 0, "key"), *v = args_get(a, 1, "value");
    if (!k || !v || k->kind != V_STR) return pv_raise(ev, a->at, "TypeError", "option() needs a key and a value");
    Value *r = reader_copy(ev, self, a->at);
    reader_set(ev, r, k->u.str.s, opt_str(ev, v));
    return r;
}

static Value *rd_options(Eval *ev, Value *self, Args *a) {
    Value *r = reader_copy(ev, self, a->at);
    if (a->npos && a->pos[0]->kind == V_DICT)
        for (uint32_t i = 0; i < a->pos[0]->u.dict.n; i++)
            reader_set(ev, r, opt_str(ev, a->pos[0]->u.dict.keys[i]), opt_str(ev, a->pos[0]->u.dict.vals[i]));
    for (uint32_t i = 0; i < a->nkw; i++) reader_set(ev, r, a->kwn[i], opt_str(ev, a->kwv[i]));
    return r;
}

static Value *rd_schema(Eval *ev, Value *self, Args *a) {
    Value *s = args_get(a, 0, "schema");
    Value *r = reader_copy(ev, self, a->at);
    if (s && s->kind == V_STR) reader_set(ev, r, "schema", s->u.str.s);
    else if (s && s->kind == V_TYPE && s->u.ty.t.id == TY_STRUCT) {
        r->u.rd.types = s->u.ty.types;
        r->u.rd.names = s->u.ty.names;
        r->u.rd.ntypes = s->u.ty.n;
    } else
        return pv_raise(ev, a->at, "TypeError", "schema() needs a DDL string or a StructType");
    return r;
}

static Value *rd_load_fmt(Eval *ev, Value *self, Args *a, const char *fmt) {
    Value *r = self;
    if (a->nkw) {  // .csv(path, header=True, ...)
        r = reader_copy(ev, self, a->at);
        for (uint32_t i = 0; i < a->nkw; i++)
            if (strcmp(a->kwn[i], "path") && strcmp(a->kwn[i], "format") && strcmp(a->kwn[i], "schema"))
                reader_set(ev, r, a->kwn[i], opt_str(ev, a->kwv[i]));
        Value *sch = args_get(a, UINT32_MAX, "schema");
        if (sch) {
            Args sa = {.pos = &sch, .npos = 1, .at = a->at};
            r = rd_schema(ev, r, &sa);
            if (!r) return NULL;
        }
    }
    const char *path;
    if (!args_str(ev, a, 0, "path", &path)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "load() needs a path");
    const char *format = fmt ? fmt : r->u.rd.format;
    bool auto_loader = false;
    if (format && str_ieq(format, "cloudFiles")) {
        auto_loader = true;
        format = NULL;
        for (uint32_t i = 0; i < r->u.rd.nopts; i++)
            if (str_ieq(r->u.rd.opts[i].key, "cloudFiles.format")) format = r->u.rd.opts[i].value;
        if (!format) return pv_fail(ev, a->at, "Auto Loader needs .option(\"cloudFiles.format\", ...)");
        if (!r->u.rd.stream) return pv_fail(ev, a->at, "format(\"cloudFiles\") needs spark.readStream");
    }
    if (format && str_ieq(format, "delta")) {  // a Delta table by path
        IrName n = ir_name1(ev->a, path, a->at);
        return pv_df(ev, ir_scan(ev->a, n, r->u.rd.stream, a->at), a->at);
    }
    IrRel *f = ir_files(ev->a, format, path, r->u.rd.stream, auto_loader, a->at);
    for (uint32_t i = 0; i < r->u.rd.nopts; i++) ir_files_option(ev->a, f, r->u.rd.opts[i].key, r->u.rd.opts[i].value);
    if (r->u.rd.ntypes) {
        f->schema_types = r->u.rd.types;
        f->schema_names = r->u.rd.names;
        f->nschema = r->u.rd.ntypes;
    }
    return pv_df(ev, f, a->at);
}

static Value *rd_load(Eval *ev, Value *s, Args *a) { return rd_load_fmt(ev, s, a, NULL); }
static Value *rd_json(Eval *ev, Value *s, Args *a) { return rd_load_fmt(ev, s, a, "json"); }
static Value *rd_csv(Eval *ev, Value *s, Args *a) { return rd_load_fmt(ev, s, a, "csv"); }
static Value *rd_parquet(Eval *ev, Value *s, Args *a) { return rd_load_fmt(ev, s, a, "parquet"); }
static Value *rd_text(Eval *ev, Value *s, Args *a) { return rd_load_fmt(ev, s, a, "text"); }

static Value *rd_table(Eval *ev, Value *self, Args *a) {
    const char *name;
    if (!args_str(ev, a, 0, "tableName", &name)) return ev->exc_type ? NULL : pv_raise(ev, a->at, "TypeError", "table() needs a name");
    IrName n;
    if (!ir_name_parse(ev->a, name, a->at, &n)) return pv_fail(ev, a->at, "invalid table name '%s'", name);
    pv_note_read(ev, n);
    IrRel *s = ir_scan(ev->a, n, self->u.rd.stream, a->at);
    for (uint32_t i = 0; i < self->u.rd.nopts; i++)
        if (str_ieq(self->u.rd.opts[i].key, "skipChangeCommits") && str_ieq(self->u.rd.opts[i].value, "true"))
            s->skip_change_commits = true;
    return pv_df(ev, s, a->at);
}

Value *reader_attr(Eval *ev, Value *rd, const char *name, SrcLoc at) {
    static const struct {
        const char *name;
        BuiltinFn   fn;
    } m[] = {{"format", rd_format}, {"option", rd_option}, {"options", rd_options},
             {"schema", rd_schema}, {"load", rd_load}, {"json", rd_json}, {"csv", rd_csv},
             {"parquet", rd_parquet}, {"text", rd_text}, {"table", rd_table}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (!strcmp(m[i].name, name)) return pv_builtin(ev, m[i].name, m[i].fn, rd, at);
    return NULL;
}
