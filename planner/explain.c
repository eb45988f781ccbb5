/* `sluice explain`: a plan (compiled now or read from a file) as text: stages, then
 * per dataset its kind, location, schema, expectations, inputs, what an update does
 * to it, and each flow's logical plan as an indented operator tree. */
#include "planner.h"

#include <string.h>

static const char *gs(const cJSON *j, const char *k) {
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, k));
    return s ? s : "";
}

static void expr_text(const cJSON *e, const cJSON *schema, StrBuf *b);

static void col_name(const cJSON *schema, int i, StrBuf *b) {
    const cJSON *c = cJSON_GetArrayItem(schema, i);
    if (c) sb_printf(b, "%s#%d", gs(c, "name"), i);
    else sb_printf(b, "#%d", i);
}

static void expr_text(const cJSON *e, const cJSON *schema, StrBuf *b) {
    const cJSON *v;
    if (!e || cJSON_IsNull(e)) {
        sb_puts(b, "null");
    } else if ((v = cJSON_GetObjectItemCaseSensitive(e, "col"))) {
        col_name(schema, v->valueint, b);
    } else if ((v = cJSON_GetObjectItemCaseSensitive(e, "lit"))) {
        if (cJSON_IsNull(v)) sb_printf(b, "NULL:%s", gs(e, "type"));
        else if (!strcmp(gs(e, "type"), "string")) sb_printf(b, "'%s'", v->valuestring);
        else sb_puts(b, v->valuestring ? v->valuestring : "?");
    } else if ((v = cJSON_GetObjectItemCaseSensitive(e, "fn"))) {
        sb_printf(b, "%s(", v->valuestring);
        const cJSON *a;
        int i = 0;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(e, "args")) {
            if (i++) sb_puts(b, ", ");
            expr_text(a, schema, b);
        }
        if (!strcmp(v->valuestring, "cast") || !strcmp(v->valuestring, "try_cast"))
            sb_printf(b, " AS %s", gs(e, "type"));
        sb_putc(b, ')');
    } else if (cJSON_GetObjectItemCaseSensitive(e, "subquery")) {
        sb_printf(b, "%s(subquery)", gs(e, "kind"));
    } else if ((v = cJSON_GetObjectItemCaseSensitive(e, "lambda_var"))) {
        sb_printf(b, "lambda#%d", v->valueint);
    } else {
        sb_puts(b, "?");
    }
}

static void schema_text(const cJSON *schema, StrBuf *b) {
    const cJSON *c;
    int i = 0;
    cJSON_ArrayForEach(c, schema) {
        sb_printf(b, "%s%s %s%s", i++ ? ", " : "", gs(c, "name"), gs(c, "type"),
                  cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(c, "nullable")) ? " NOT NULL" : "");
    }
}

static void rel_text(const cJSON *r, int depth, StrBuf *b) {
    for (int i = 0; i < depth; i++) sb_puts(b, "  ");
    const char *op = gs(r, "op");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(r, "input");
    const cJSON *ins = cJSON_IsObject(in) ? cJSON_GetObjectItemCaseSensitive(in, "schema") : NULL;
    sb_puts(b, op);
    if (!strcmp(op, "scan_dataset"))
        sb_printf(b, " %s%s", gs(r, "dataset"),
                  cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "streaming")) ? " (stream)" : "");
    else if (!strcmp(op, "scan_input")) sb_printf(b, " %s", gs(r, "input"));
    else if (!strcmp(op, "scan_table")) sb_printf(b, " %s", gs(r, "table"));
    else if (!strcmp(op, "view")) sb_printf(b, " %s", gs(r, "view"));
    else if (!strcmp(op, "filter")) {
        sb_putc(b, ' ');
        expr_text(cJSON_GetObjectItemCaseSensitive(r, "cond"), ins, b);
    } else if (!strcmp(op, "project")) {
        const cJSON *e, *sc = cJSON_GetObjectItemCaseSensitive(r, "schema");
        int i = 0;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r, "exprs")) {
            sb_puts(b, i ? ", " : " ");
            expr_text(e, ins, b);
            sb_printf(b, " AS %s", gs(cJSON_GetArrayItem(sc, i), "name"));
            i++;
        }
    } else if (!strcmp(op, "aggregate")) {
        const cJSON *e;
        sb_puts(b, " keys [");
        int i = 0;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r, "keys")) {
            if (i++) sb_puts(b, ", ");
            expr_text(e, ins, b);
        }
        sb_puts(b, "] aggs [");
        i = 0;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r, "aggs")) {
            if (i++) sb_puts(b, ", ");
            sb_printf(b, "%s(%s", gs(e, "fn"),
                      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "distinct")) ? "DISTINCT " : "");
            const cJSON *a, *args = cJSON_GetObjectItemCaseSensitive(e, "args");
            int k = 0;
            if (!strcmp(gs(e, "fn"), "count") && cJSON_GetArraySize(args) == 0) sb_putc(b, '*');
            cJSON_ArrayForEach(a, args) {
                if (k++) sb_puts(b, ", ");
                expr_text(a, ins, b);
            }
            sb_putc(b, ')');
        }
        sb_puts(b, "]");
    } else if (!strcmp(op, "join")) {
        sb_printf(b, " %s", gs(r, "type"));
    } else if (!strcmp(op, "limit")) {
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(r, "limit");
        if (cJSON_IsNumber(l)) sb_printf(b, " %d", l->valueint);
    } else if (!strcmp(op, "sort")) {
        const cJSON *k;
        int i = 0;
        cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(r, "keys")) {
            sb_puts(b, i++ ? ", " : " ");
            expr_text(cJSON_GetObjectItemCaseSensitive(k, "expr"), ins, b);
            sb_puts(b, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(k, "desc")) ? " DESC" : " ASC");
        }
    } else if (!strcmp(op, "expand")) { // the keys by name, then each set's grouping id
        const cJSON *k, *sc = cJSON_GetObjectItemCaseSensitive(in, "schema");
        int i = 0;
        cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(r, "keys")) {
            sb_puts(b, i++ ? ", " : " keys [");
            sb_puts(b, cJSON_IsNumber(k) ? gs(cJSON_GetArrayItem(sc, k->valueint), "name") : "?");
        }
        sb_puts(b, i ? "] grouping ids [" : " grouping ids [");
        i = 0;
        cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(r, "sets"))
            sb_printf(b, "%s%d", i++ ? ", " : "", k->valueint);
        sb_puts(b, "]");
    } else if (!strcmp(op, "union") || !strcmp(op, "intersect") || !strcmp(op, "except")) {
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "all"))) sb_puts(b, " all");
    }
    sb_putc(b, '\n');
    if (cJSON_IsObject(in)) rel_text(in, depth + 1, b);
    const cJSON *x;
    if ((x = cJSON_GetObjectItemCaseSensitive(r, "left"))) rel_text(x, depth + 1, b);
    if ((x = cJSON_GetObjectItemCaseSensitive(r, "right"))) rel_text(x, depth + 1, b);
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(r, "inputs")) rel_text(x, depth + 1, b);
}

static const cJSON *find_named(const cJSON *arr, const char *name) {
    const cJSON *x;
    cJSON_ArrayForEach(x, arr) if (!strcmp(gs(x, "name"), name)) return x;
    return NULL;
}

static const char *run_action(const cJSON *ds, const cJSON *flows) {
    const char *kind = gs(ds, "kind");
    if (!strcmp(kind, "view")) return "nothing stored: computed inline by its readers";
    if (!strcmp(kind, "persisted_view")) return "create or replace the published view";
    if (!strcmp(kind, "materialized_view")) return "create if missing, then full recompute";
    const cJSON *f;
    bool cdc = false;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(ds, "flows")) {
        const cJSON *fl = find_named(flows, f->valuestring);
        if (fl && !strcmp(gs(fl, "kind"), "cdc")) cdc = true;
    }
    return cdc ? "create if missing, then CDC merge of new changes"
               : "create if missing, then incremental append of new input";
}

void plan_explain(const cJSON *plan, StrBuf *b) {
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(plan, "pipeline");
    sb_printf(b, "pipeline %s (edition %s)\n", gs(p, "name"), gs(p, "edition"));
    sb_puts(b, "stages:\n");
    const cJSON *st, *x;
    int i = 1;
    cJSON_ArrayForEach(st, cJSON_GetObjectItemCaseSensitive(plan, "stages")) {
        sb_printf(b, "  %d:", i++);
        cJSON_ArrayForEach(x, st) sb_printf(b, " %s", x->valuestring);
        sb_putc(b, '\n');
    }
    const cJSON *flows = cJSON_GetObjectItemCaseSensitive(plan, "flows");
    const cJSON *ds;
    cJSON_ArrayForEach(ds, cJSON_GetObjectItemCaseSensitive(plan, "datasets")) {
        sb_printf(b, "\ndataset %s: %s%s (%s, %s)\n", gs(ds, "name"), gs(ds, "kind"),
                  cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ds, "private")) ? " private" : "",
                  gs(ds, "language"), gs(ds, "loc"));
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(ds, "schema");
        sb_puts(b, "  schema: ");
        if (cJSON_IsArray(sc)) schema_text(sc, b);
        else sb_puts(b, "unknown until run (an input cannot be read at compile time)");
        sb_putc(b, '\n');
        cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(ds, "expectations"))
            sb_printf(b, "  expect %s (%s): %s\n", gs(x, "name"), gs(x, "action"), gs(x, "sql"));
        const cJSON *reads = cJSON_GetObjectItemCaseSensitive(ds, "reads");
        if (cJSON_GetArraySize(reads)) {
            sb_puts(b, "  reads:");
            cJSON_ArrayForEach(x, reads) sb_printf(b, " %s", x->valuestring);
            sb_putc(b, '\n');
        }
        const cJSON *op = cJSON_GetObjectItemCaseSensitive(ds, "opaque");
        if (cJSON_IsObject(op))
            sb_printf(b, "  warning: not runnable: %s (%s)\n", gs(op, "reason"), gs(op, "loc"));
        sb_printf(b, "  run: %s\n", run_action(ds, flows));
        const cJSON *fn;
        cJSON_ArrayForEach(fn, cJSON_GetObjectItemCaseSensitive(ds, "flows")) {
            const cJSON *f = find_named(flows, fn->valuestring);
            if (!f) continue;
            sb_printf(b, "  flow %s (%s%s):\n", gs(f, "name"), gs(f, "kind"),
                      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "streaming")) ? ", streaming" : "");
            const cJSON *cdc = cJSON_GetObjectItemCaseSensitive(f, "cdc");
            const cJSON *q = cJSON_GetObjectItemCaseSensitive(f, "query");
            const cJSON *qs = cJSON_IsObject(q) ? cJSON_GetObjectItemCaseSensitive(q, "schema") : NULL;
            if (cJSON_IsObject(cdc)) {
                sb_puts(b, "    cdc: keys");
                cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(cdc, "keys")) {
                    sb_putc(b, ' ');
                    col_name(qs, x->valueint, b);
                }
                sb_puts(b, "; sequence by ");
                expr_text(cJSON_GetObjectItemCaseSensitive(cdc, "sequence_by"), qs, b);
                const cJSON *dw = cJSON_GetObjectItemCaseSensitive(cdc, "delete_when");
                if (cJSON_IsObject(dw)) {
                    sb_puts(b, "; delete when ");
                    expr_text(dw, qs, b);
                }
                sb_printf(b, "; scd type %d\n",
                          cJSON_GetObjectItemCaseSensitive(cdc, "scd_type")
                              ? cJSON_GetObjectItemCaseSensitive(cdc, "scd_type")->valueint : 1);
            }
            if (cJSON_IsObject(q)) rel_text(q, 2, b);
            else sb_puts(b, "    (bound at run time)\n");
        }
    }
    const cJSON *ins = cJSON_GetObjectItemCaseSensitive(plan, "inputs");
    if (cJSON_GetArraySize(ins)) sb_puts(b, "\ninputs:\n");
    cJSON_ArrayForEach(x, ins) {
        if (!strcmp(gs(x, "kind"), "files"))
            sb_printf(b, "  %s: %s files %s%s\n", gs(x, "id"), gs(x, "format"), gs(x, "user_path"),
                      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "streaming")) ? " (stream)" : "");
        else
            sb_printf(b, "  %s: external table %s (warning: must exist in the store at run time)\n",
                      gs(x, "id"), gs(x, "name"));
    }
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(plan, "warnings");
    if (cJSON_GetArraySize(w)) sb_puts(b, "\nwarnings:\n");
    cJSON_ArrayForEach(x, w) sb_printf(b, "  %s\n", x->valuestring);
}
