/* File-source options: the key/value list (case-insensitive keys, "cloudFiles." prefix
 * optional), their parsed form SrcConf with Spark's defaults, format names, and the
 * DDL column-list parser used for the `schema` option. */
#include "src_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static SrcOpt *find(const SrcOpts *o, const char *key) {
    for (uint32_t i = 0; i < o->n; i++)
        if (str_ieq(o->items[i].key, key)) return &o->items[i];
    return NULL;
}

void filesrc_opts_set(SrcOpts *o, const char *key, const char *val) {
    SrcOpt *it = find(o, key);
    if (it) {
        free(it->val);
        it->val = xstrdup(val);
        return;
    }
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 8;
        o->items = xrealloc(o->items, o->cap * sizeof *o->items);
    }
    o->items[o->n++] = (SrcOpt){xstrdup(key), xstrdup(val)};
}

const char *filesrc_opts_get(const SrcOpts *o, const char *key) {
    if (!o) return NULL;
    SrcOpt *it = find(o, key);
    if (it) return it->val;
    char buf[128];
    snprintf(buf, sizeof buf, "cloudFiles.%s", key);
    it = find(o, buf);
    return it ? it->val : NULL;
}

bool filesrc_opts_bool(const SrcOpts *o, const char *key, bool dflt) {
    const char *v = filesrc_opts_get(o, key);
    if (!v) return dflt;
    if (str_ieq(v, "true")) return true;
    if (str_ieq(v, "false")) return false;
    return dflt;
}

void filesrc_opts_free(SrcOpts *o) {
    for (uint32_t i = 0; i < o->n; i++) {
        free(o->items[i].key);
        free(o->items[i].val);
    }
    free(o->items);
    memset(o, 0, sizeof *o);
}

SrcFormat filesrc_format_parse(const char *name) {
    if (!name) return SRC_UNKNOWN;
    if (str_ieq(name, "json")) return SRC_JSON;
    if (str_ieq(name, "csv")) return SRC_CSV;
    if (str_ieq(name, "text")) return SRC_TEXT;
    if (str_ieq(name, "parquet")) return SRC_PARQUET;
    return SRC_UNKNOWN;
}

SrcFormat filesrc_format_from_path(const char *path) {
    size_t len = strlen(path);
    if (len > 3 && str_ieq(path + len - 3, ".gz")) {  // data.json.gz is JSON
        char *base = xstrdup(path);
        base[len - 3] = 0;
        SrcFormat f = filesrc_format_from_path(base);
        free(base);
        return f;
    }
    static const struct {
        const char *ext;
        SrcFormat   f;
    } exts[] = {{".json", SRC_JSON}, {".jsonl", SRC_JSON}, {".ndjson", SRC_JSON},
                {".csv", SRC_CSV},   {".tsv", SRC_CSV},    {".txt", SRC_TEXT},
                {".parquet", SRC_PARQUET}};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t n = strlen(path), m = strlen(exts[i].ext);
        if (n >= m && str_ieq(path + n - m, exts[i].ext)) return exts[i].f;
    }
    return SRC_UNKNOWN;
}

const char *filesrc_format_name(SrcFormat f) {
    static const char *const names[] = {"json", "csv", "text", "parquet", "unknown"};
    return f <= SRC_UNKNOWN ? names[f] : "unknown";
}

static char one_char(const char *v, char dflt) {
    if (!v) return dflt;
    if (!*v) return 0;  // Spark: an empty quote/escape turns the feature off
    if (v[0] == '\\' && v[1] == 't') return '\t';
    return v[0];
}

int src_conf_init(SrcConf *c, SrcFormat fmt, const SrcOpts *o, char **err) {
    memset(c, 0, sizeof *c);
    const char *mode = filesrc_opts_get(o, "mode");
    c->mode = SM_PERMISSIVE;
    if (mode && str_ieq(mode, "DROPMALFORMED")) c->mode = SM_DROPMALFORMED;
    else if (mode && str_ieq(mode, "FAILFAST")) c->mode = SM_FAILFAST;
    else if (mode && !str_ieq(mode, "PERMISSIVE")) {
        *err = xstrdup("unknown mode (expected PERMISSIVE, DROPMALFORMED or FAILFAST)");
        return -1;
    }
    c->multiline = filesrc_opts_bool(o, "multiLine", false);
    c->wholetext = fmt == SRC_TEXT && filesrc_opts_bool(o, "wholetext", false);
    c->header = filesrc_opts_bool(o, "header", false);
    c->infer_schema = filesrc_opts_bool(o, "inferSchema", fmt == SRC_JSON);
    c->infer_types = filesrc_opts_bool(o, "inferColumnTypes", true);
    c->prims_as_string = filesrc_opts_bool(o, "primitivesAsString", false);
    c->allow_comments = filesrc_opts_bool(o, "allowComments", false);
    c->trim_lead = filesrc_opts_bool(o, "ignoreLeadingWhiteSpace", false);
    c->trim_trail = filesrc_opts_bool(o, "ignoreTrailingWhiteSpace", false);
    c->sep = filesrc_opts_get(o, "sep");
    if (!c->sep) c->sep = filesrc_opts_get(o, "delimiter");
    if (!c->sep) c->sep = ",";
    if (strcmp(c->sep, "\\t") == 0) c->sep = "\t";
    c->sep_len = (uint32_t)strlen(c->sep);
    if (c->sep_len == 0) {
        *err = xstrdup("option 'sep' must not be empty");
        return -1;
    }
    c->quote = one_char(filesrc_opts_get(o, "quote"), '"');
    c->escape = one_char(filesrc_opts_get(o, "escape"), '\\');
    c->comment = one_char(filesrc_opts_get(o, "comment"), 0);
    c->null_value = filesrc_opts_get(o, "nullValue");
    if (!c->null_value) c->null_value = "";
    c->empty_value = filesrc_opts_get(o, "emptyValue");
    c->has_empty_value = c->empty_value != NULL;
    if (!c->empty_value) c->empty_value = "";
    c->null_len = (uint32_t)strlen(c->null_value);
    c->empty_len = (uint32_t)strlen(c->empty_value);
    c->date_fmt = filesrc_opts_get(o, "dateFormat");
    c->ts_fmt = filesrc_opts_get(o, "timestampFormat");
    c->corrupt_name = filesrc_opts_get(o, "columnNameOfCorruptRecord");
    if (!c->corrupt_name) c->corrupt_name = "_corrupt_record";
    c->rescued_name = filesrc_opts_get(o, "rescuedDataColumn");
    if (!c->rescued_name) c->rescued_name = "_rescued_data";
    const char *enc = filesrc_opts_get(o, "encoding");
    if (!enc) enc = filesrc_opts_get(o, "charset");
    if (enc && !str_ieq(enc, "UTF-8") && !str_ieq(enc, "UTF8")) {
        *err = xstrdup("only UTF-8 encoding is supported");
        return -1;
    }
    const char *sb = filesrc_opts_get(o, "samplingBytes");
    c->sample_bytes = sb ? atoll(sb) : 64ll << 20;
    if (c->sample_bytes <= 0) c->sample_bytes = 64ll << 20;
    return 0;
}

/* ---- DDL: col_list = col ("," col)* ; col = name type ["NOT" "NULL"] ["COMMENT" 'text'] */

static const char *skip_ws(const char *p) {
    while (isspace((unsigned char)*p)) p++;
    return p;
}

/* name = `quoted``name` | identifier */
static const char *ddl_name(const char *p, StrBuf *name) {
    sb_reset(name);
    if (*p == '`') {
        for (p++; *p; p++) {
            if (*p == '`' && p[1] == '`') sb_putc(name, *p++);
            else if (*p == '`') return p + 1;
            else sb_putc(name, *p);
        }
        return NULL;
    }
    while (isalnum((unsigned char)*p) || *p == '_') sb_putc(name, *p++);
    return name->len ? p : NULL;
}

/* type text ends at a ',' outside parentheses, or at NOT/COMMENT */
static const char *ddl_type(const char *p, StrBuf *ty) {
    sb_reset(ty);
    int depth = 0;
    for (; *p; p++) {
        if (*p == '(' || *p == '<') depth++;
        if (*p == ')' || *p == '>') depth--;
        if (depth == 0 && *p == ',') break;
        if (depth == 0 && (str_nieq(p, " not ", 5) || str_nieq(p, " comment ", 9))) break;
        sb_putc(ty, *p);
    }
    return p;
}

int filesrc_parse_ddl(const char *ddl, Schema *out, char **err) {
    schema_init(out);
    StrBuf name = {0}, ty = {0};
    const char *p = skip_ws(ddl);
    int rc = 0;
    while (*p && rc == 0) {
        const char *q = ddl_name(p, &name);
        Type t;
        if (!q) {
            rc = -1;
            break;
        }
        p = ddl_type(skip_ws(q), &ty);
        if (!type_parse_primitive(sb_cstr(&ty), &t)) {
            rc = -1;
            break;
        }
        bool nullable = true;
        p = skip_ws(p);
        if (str_nieq(p, "not null", 8)) nullable = false, p = skip_ws(p + 8);
        if (str_nieq(p, "comment", 7)) {
            p = skip_ws(p + 7);
            char qc = *p;
            if (qc != '\'' && qc != '"') { rc = -1; break; }
            for (p++; *p && *p != qc; p++)
                if (*p == '\\' && p[1]) p++;
            if (!*p) { rc = -1; break; }
            p = skip_ws(p + 1);
        }
        schema_add(out, sb_cstr(&name), t, nullable);
        if (*p == ',') {
            p = skip_ws(p + 1);
            if (!*p) rc = -1;  // a trailing comma
        } else if (*p) {
            rc = -1;
        }
    }
    if (rc == 0 && out->ncols == 0) rc = -1;
    if (rc) {
        StrBuf m = {0};
        if (*p) sb_printf(&m, "cannot parse schema '%s' near '%.20s'", ddl, p);
        else sb_printf(&m, "cannot parse schema '%s': unexpected end", ddl);
        *err = sb_take(&m);
        schema_free(out);
    }
    sb_free(&name);
    sb_free(&ty);
    return rc;
}
