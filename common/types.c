/* SQL type names and properties (see types.h). */
#include "types.h"

#include "funcs.h"
#include "str.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool type_eq(Type a, Type b) {
    if (a.id != b.id) return false;
    if (a.id == TY_DECIMAL) return a.precision == b.precision && a.scale == b.scale;
    if (a.id == TY_ARRAY || a.id == TY_MAP || a.id == TY_STRUCT) {
        if (!a.nested || !b.nested) return a.nested == b.nested;
        if (a.id == TY_ARRAY) return type_eq(a.nested->elem, b.nested->elem);
        if (a.id == TY_MAP)
            return type_eq(a.nested->elem, b.nested->elem) &&
                   type_eq(a.nested->value, b.nested->value);
        if (a.nested->nfields != b.nested->nfields) return false;
        for (uint32_t i = 0; i < a.nested->nfields; i++)
            if (!str_ieq(a.nested->fields[i].name, b.nested->fields[i].name) ||
                !type_eq(a.nested->fields[i].type, b.nested->fields[i].type))
                return false;
    }
    return true;
}

bool type_is_integral(TypeId t) { return t >= TY_TINYINT && t <= TY_BIGINT; }

bool type_is_numeric(TypeId t) { return t >= TY_TINYINT && t <= TY_DECIMAL; }

static const char *const sql_names[TY_COUNT_] = {
    [TY_NULL] = "void",     [TY_BOOLEAN] = "boolean", [TY_TINYINT] = "tinyint",
    [TY_SMALLINT] = "smallint", [TY_INT] = "int",     [TY_BIGINT] = "bigint",
    [TY_FLOAT] = "float",   [TY_DOUBLE] = "double",   [TY_DECIMAL] = "decimal",
    [TY_STRING] = "string", [TY_BINARY] = "binary",   [TY_DATE] = "date",
    [TY_TIMESTAMP] = "timestamp", [TY_ARRAY] = "array", [TY_MAP] = "map",
    [TY_STRUCT] = "struct", [TY_INTERVAL] = "interval",
};

static const char *const delta_names[TY_COUNT_] = {
    [TY_NULL] = "void",     [TY_BOOLEAN] = "boolean", [TY_TINYINT] = "byte",
    [TY_SMALLINT] = "short", [TY_INT] = "integer",    [TY_BIGINT] = "long",
    [TY_FLOAT] = "float",   [TY_DOUBLE] = "double",   [TY_DECIMAL] = "decimal",
    [TY_STRING] = "string", [TY_BINARY] = "binary",   [TY_DATE] = "date",
    [TY_TIMESTAMP] = "timestamp", [TY_INTERVAL] = "interval",
};

const char *type_id_name(TypeId t) { return t < TY_COUNT_ ? sql_names[t] : "?"; }

const char *type_sql_name(Type t, char *buf, int cap) {
    char a[128], b[128];
    switch (t.id) {
    case TY_DECIMAL: snprintf(buf, (size_t)cap, "decimal(%d,%d)", t.precision, t.scale); break;
    case TY_ARRAY:
        if (!t.nested) return "array";
        snprintf(buf, (size_t)cap, "array<%s>", type_sql_name(t.nested->elem, a, sizeof a));
        break;
    case TY_MAP:
        if (!t.nested) return "map";
        snprintf(buf, (size_t)cap, "map<%s,%s>", type_sql_name(t.nested->elem, a, sizeof a),
                 type_sql_name(t.nested->value, b, sizeof b));
        break;
    case TY_STRUCT: {
        if (!t.nested) return "struct";
        int n = snprintf(buf, (size_t)cap, "struct<");
        for (uint32_t i = 0; i < t.nested->nfields && n < cap; i++)
            n += snprintf(buf + n, (size_t)(cap - n), "%s%s:%s", i ? "," : "",
                          t.nested->fields[i].name,
                          type_sql_name(t.nested->fields[i].type, a, sizeof a));
        if (n < cap) snprintf(buf + n, (size_t)(cap - n), ">");
        break;
    }
    default: return type_id_name(t.id);
    }
    return buf;
}

const char *type_delta_name(Type t, char *buf, int cap) {
    if (t.id == TY_DECIMAL) {
        snprintf(buf, (size_t)cap, "decimal(%d,%d)", t.precision, t.scale);
        return buf;
    }
    if (t.id >= TY_COUNT_) return NULL;
    return delta_names[t.id];
}

static const struct {
    const char *name;
    TypeId      id;
} aliases[] = {
    {"boolean", TY_BOOLEAN}, {"bool", TY_BOOLEAN},     {"tinyint", TY_TINYINT},
    {"byte", TY_TINYINT},    {"smallint", TY_SMALLINT}, {"short", TY_SMALLINT},
    {"int", TY_INT},         {"integer", TY_INT},      {"bigint", TY_BIGINT},
    {"long", TY_BIGINT},     {"float", TY_FLOAT},      {"real", TY_FLOAT},
    {"double", TY_DOUBLE},   {"string", TY_STRING},    {"varchar", TY_STRING},
    {"char", TY_STRING},     {"binary", TY_BINARY},    {"date", TY_DATE},
    {"timestamp", TY_TIMESTAMP}, {"timestamp_ntz", TY_TIMESTAMP},
    {"timestamp_ltz", TY_TIMESTAMP}, {"void", TY_NULL}, {"decimal", TY_DECIMAL},
    {"dec", TY_DECIMAL},     {"numeric", TY_DECIMAL},
};

bool type_parse_primitive(const char *s, Type *out) {
    while (isspace((unsigned char)*s)) s++;
    size_t n = 0;
    while (isalnum((unsigned char)s[n]) || s[n] == '_') n++;
    const char *rest = s + n;
    while (isspace((unsigned char)*rest)) rest++;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (strlen(aliases[i].name) != n || !str_nieq(s, aliases[i].name, n)) continue;
        *out = TYPE(aliases[i].id);
        if (aliases[i].id == TY_DECIMAL) *out = type_decimal(10, 0);
        if (*rest == '(') {
            int p = 0, sc = 0, used = 0;
            if (sscanf(rest, "( %d , %d ) %n", &p, &sc, &used) == 2 && used > 0) rest += used;
            else if (sscanf(rest, "( %d ) %n", &p, &used) == 1 && used > 0) rest += used, sc = 0;
            else return false;
            if (aliases[i].id == TY_DECIMAL) {
                if (p < 1 || p > 38 || sc < 0 || sc > p) return false;
                *out = type_decimal(p, sc);
            }
        }
        while (isspace((unsigned char)*rest)) rest++;
        return *rest == 0;
    }
    return false;
}

/* array<T> / map<K,V> at *s (elements parsed recursively, primitives by
 * type_parse_primitive); advances *s past the type. Nested types are interned
 * (funcs.h), so they outlive any schema holding them. */
static bool parse_type_prefix(const char **s, Type *out, int depth) {
    const char *p = *s;
    while (isspace((unsigned char)*p)) p++;
    bool arr = str_nieq(p, "array", 5) && p[5] == '<', map = str_nieq(p, "map", 3) && p[3] == '<';
    if (arr || map) {
        if (depth > 16) return false;
        p += arr ? 6 : 4;
        Type a, b = TYPE(TY_NULL);
        if (!parse_type_prefix(&p, &a, depth + 1)) return false;
        if (map) {
            if (*p != ',') return false;
            p++;
            if (!parse_type_prefix(&p, &b, depth + 1)) return false;
        }
        while (isspace((unsigned char)*p)) p++;
        if (*p != '>') return false;
        *s = p + 1;
        *out = arr ? type_array_of(a) : type_map_of(a, b);
        while (isspace((unsigned char)**s)) (*s)++;
        return out->nested != NULL;
    }
    const char *end = p; // a primitive ends at ',' or '>' outside parentheses
    int paren = 0;
    while (*end && (paren || (*end != ',' && *end != '>'))) {
        paren += *end == '(' ? 1 : *end == ')' ? -1 : 0;
        end++;
    }
    char buf[64];
    size_t n = (size_t)(end - p);
    if (n == 0 || n >= sizeof buf) return false;
    memcpy(buf, p, n);
    buf[n] = 0;
    if (!type_parse_primitive(buf, out)) return false;
    *s = end;
    return true;
}

bool type_parse_nested(const char *s, Type *out) {
    Type t;
    if (!parse_type_prefix(&s, &t, 0) || *s || (t.id != TY_ARRAY && t.id != TY_MAP)) return false;
    *out = t;
    return true;
}

int type_fixed_width(TypeId t) {
    switch (t) {
    case TY_BOOLEAN: case TY_TINYINT: return 1;
    case TY_SMALLINT: return 2;
    case TY_INT: case TY_DATE: case TY_FLOAT: return 4;
    case TY_BIGINT: case TY_TIMESTAMP: case TY_DOUBLE: case TY_INTERVAL: return 8;
    case TY_DECIMAL: return 16;
    case TY_STRING: case TY_BINARY: return 16;  // Str
    default: return 8;
    }
}
