/* schemaString (storage-format.md 7.3): the Spark StructType JSON of a table
 * schema, written from a runtime Schema and parsed back, nested types included.
 * Parsing refuses what we cannot read (timestamp_ntz, duplicate names). */
#include "delta.h"
#include "delta_json.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_TYPE_DEPTH = 32 };

static void type_json(StrBuf *b, Type t);

static void field_json(StrBuf *b, const char *name, Type t, bool nullable) {
    sb_puts(b, "{\"name\":");
    sb_json_str(b, name, strlen(name));
    sb_puts(b, ",\"type\":");
    type_json(b, t);
    sb_printf(b, ",\"nullable\":%s,\"metadata\":{}}", nullable ? "true" : "false");
}

static void type_json(StrBuf *b, Type t) {
    const TypeNested *n = t.nested;
    switch (t.id) {
    case TY_ARRAY:
        sb_puts(b, "{\"type\":\"array\",\"elementType\":");
        type_json(b, n ? n->elem : TYPE(TY_NULL));
        sb_puts(b, ",\"containsNull\":true}");
        return;
    case TY_MAP:
        sb_puts(b, "{\"type\":\"map\",\"keyType\":");
        type_json(b, n ? n->elem : TYPE(TY_STRING));
        sb_puts(b, ",\"valueType\":");
        type_json(b, n ? n->value : TYPE(TY_NULL));
        sb_puts(b, ",\"valueContainsNull\":true}");
        return;
    case TY_STRUCT:
        sb_puts(b, "{\"type\":\"struct\",\"fields\":[");
        for (uint32_t i = 0; n && i < n->nfields; i++) {
            if (i) sb_putc(b, ',');
            field_json(b, n->fields[i].name, n->fields[i].type, n->fields[i].nullable);
        }
        sb_puts(b, "]}");
        return;
    default: {
        char buf[32];
        const char *name = type_delta_name(t, buf, sizeof buf);
        sb_json_str(b, name ? name : "void", strlen(name ? name : "void"));
    }
    }
}

void delta_schema_to_json(const Schema *s, StrBuf *out) {
    sb_puts(out, "{\"type\":\"struct\",\"fields\":[");
    for (uint32_t i = 0; i < s->ncols; i++) {
        if (i) sb_putc(out, ',');
        field_json(out, s->cols[i].name, s->cols[i].type, s->cols[i].nullable);
    }
    sb_puts(out, "]}");
}

/* ---- Parsing ---- */

typedef struct {
    Arena *arena;  // the schema's arena: nested types live as long as the schema
    char  *err;
} Ctx;

static int parse_type(Ctx *c, const DjVal *v, const char *col, int depth, Type *out);

static int refuse(Ctx *c, const char *col, const char *msg) {
    if (!c->err) c->err = delta_errorf("schemaString: column '%s': %s", col, msg);
    return -1;
}

static int parse_fields(Ctx *c, const DjVal *fields, const char *col, int depth,
                        TypeNested *n) {
    if (!fields || fields->kind != DJ_ARR) return refuse(c, col, "struct without fields");
    n->nfields = fields->n;
    n->fields = arena_alloc(c->arena, (fields->n + 1) * sizeof *n->fields);
    for (uint32_t i = 0; i < fields->n; i++) {
        const DjVal *f = fields->items[i];
        const char *name = djson_str(djson_get(f, "name"));
        if (!name) return refuse(c, col, "field without a name");
        for (uint32_t j = 0; j < i; j++)
            if (str_ieq(n->fields[j].name, name))
                return refuse(c, name, "duplicate field name (names are case-insensitive)");
        n->fields[i].name = arena_strdup(c->arena, name);
        const DjVal *nl = djson_get(f, "nullable");
        n->fields[i].nullable = !nl || nl->kind != DJ_BOOL || nl->b;
        if (parse_type(c, djson_get(f, "type"), name, depth + 1, &n->fields[i].type)) return -1;
    }
    return 0;
}

static int parse_type(Ctx *c, const DjVal *v, const char *col, int depth, Type *out) {
    if (depth > MAX_TYPE_DEPTH) return refuse(c, col, "type nested too deeply");
    if (v && v->kind == DJ_STR) {
        if (str_ieq(v->s, "timestamp_ntz"))
            return refuse(c, col, "type timestamp_ntz needs Delta feature 'timestampNtz', "
                                  "which is not supported");
        if (!type_parse_primitive(v->s, out) || out->id == TY_INTERVAL)
            return refuse(c, col, "unknown type");
        if (out->id == TY_DECIMAL && strchr(v->s, '(') == NULL)
            *out = type_decimal(10, 0);
        return 0;
    }
    const char *kind = djson_str(djson_get(v, "type"));
    if (!kind) return refuse(c, col, "missing type");
    TypeNested *n = arena_alloc(c->arena, sizeof *n);
    if (!strcmp(kind, "struct")) {
        *out = (Type){.id = TY_STRUCT, .nested = n};
        return parse_fields(c, djson_get(v, "fields"), col, depth, n);
    }
    if (!strcmp(kind, "array")) {
        *out = (Type){.id = TY_ARRAY, .nested = n};
        return parse_type(c, djson_get(v, "elementType"), col, depth + 1, &n->elem);
    }
    if (!strcmp(kind, "map")) {
        *out = (Type){.id = TY_MAP, .nested = n};
        if (parse_type(c, djson_get(v, "keyType"), col, depth + 1, &n->elem)) return -1;
        return parse_type(c, djson_get(v, "valueType"), col, depth + 1, &n->value);
    }
    return refuse(c, col, "unknown type");
}

int delta_schema_parse(const char *json, Schema *out, char **err) {
    Arena tmp = {0};
    char *jerr = NULL;
    DjVal *root = djson_parse(&tmp, json, strlen(json), &jerr);
    if (!root) {
        *err = delta_errorf("schemaString is not valid JSON: %s", jerr);
        free(jerr);
        arena_free_all(&tmp);
        return -1;
    }
    Ctx c = {.arena = &out->arena};
    TypeNested top = {0};
    const char *kind = djson_str(djson_get(root, "type"));
    if (!kind || strcmp(kind, "struct") != 0) {
        c.err = delta_errorf("schemaString: the top-level type is not a struct");
    } else if (parse_fields(&c, djson_get(root, "fields"), "(top)", 0, &top) == 0) {
        for (uint32_t i = 0; i < top.nfields; i++)
            schema_add(out, top.fields[i].name, top.fields[i].type, top.fields[i].nullable);
    }
    arena_free_all(&tmp);
    if (c.err) {
        *err = c.err;
        return -1;
    }
    return 0;
}
