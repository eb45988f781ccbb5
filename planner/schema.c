/* Schema inference: Spark's output names for unaliased expressions, each dataset's
 * schema from its bound flows, declared column lists (every query column declared,
 * missing ones NULL, widening casts only), BY NAME mapping of flows into a streaming
 * table, and CDC target schemas (selected columns, SCD 2 __START_AT/__END_AT). */
#include "bind_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- display names */

static const char *infix(const char *fn) {
    static const char *map[][2] = {{"add", "+"}, {"sub", "-"}, {"mul", "*"}, {"div", "/"},
                                   {"mod", "%"}, {"intdiv", "div"}, {"eq", "="}, {"lt", "<"},
                                   {"le", "<="}, {"gt", ">"}, {"ge", ">="}, {"eq_null_safe", "<=>"},
                                   {"and", "AND"}, {"or", "OR"}, {"bitand", "&"}, {"bitor", "|"},
                                   {"bitxor", "^"}, {"like", "LIKE"}, {"ilike", "ILIKE"},
                                   {"rlike", "RLIKE"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(map[i][0], fn)) return map[i][1];
    return NULL;
}

static void name_of(const IrExpr *e, StrBuf *b);

static void args_of(const IrExpr *e, uint32_t from, StrBuf *b) {
    for (uint32_t i = from; i < e->nargs; i++) {
        if (i > from) sb_puts(b, ", ");
        name_of(e->args[i], b);
    }
}

static void upper_type(Type t, StrBuf *b) {
    char buf[128];
    const char *s = type_sql_name(t, buf, sizeof buf);
    for (; *s; s++) sb_putc(b, (char)toupper((unsigned char)*s));
}

static void name_of(const IrExpr *e, StrBuf *b) {
    if (!e) return;
    switch (e->kind) {
    case EX_COL: sb_puts(b, e->name ? e->name : ""); break;
    case EX_LIT: sb_puts(b, e->text ? e->text : "NULL"); break;
    case EX_INTERVAL: sb_printf(b, "INTERVAL '%s'", e->text ? e->text : ""); break;
    case EX_ALIAS: sb_puts(b, e->name ? e->name : ""); break;
    case EX_STAR: sb_puts(b, "*"); break;
    case EX_CAST:
        sb_puts(b, e->is_try ? "TRY_CAST(" : "CAST(");
        args_of(e, 0, b);
        sb_puts(b, " AS ");
        upper_type(e->type, b);
        sb_puts(b, ")");
        break;
    case EX_CASE: {
        sb_puts(b, "CASE");
        uint32_t i = 0;
        if (e->has_operand) {
            sb_putc(b, ' ');
            name_of(e->args[i++], b);
        }
        uint32_t end = e->nargs - (e->has_else ? 1 : 0);
        for (; i + 1 < end + 1 && i < end; i += 2) {
            sb_puts(b, " WHEN ");
            name_of(e->args[i], b);
            sb_puts(b, " THEN ");
            if (i + 1 < end) name_of(e->args[i + 1], b);
        }
        if (e->has_else) {
            sb_puts(b, " ELSE ");
            name_of(e->args[e->nargs - 1], b);
        }
        sb_puts(b, " END");
        break;
    }
    case EX_SUBQUERY: sb_puts(b, e->sub_kind == SUBQ_EXISTS ? "exists(subquery)" : "scalarsubquery()"); break;
    case EX_LAMBDA:
        sb_puts(b, "lambdafunction(");
        args_of(e, 0, b);
        sb_puts(b, ")");
        break;
    case EX_CALL: {
        const char *fn = e->name ? e->name : "";
        const char *op = infix(fn);
        if (op && e->nargs == 2) {
            sb_putc(b, '(');
            name_of(e->args[0], b);
            sb_printf(b, " %s ", op);
            name_of(e->args[1], b);
            sb_putc(b, ')');
        } else if (!strcmp(fn, "ne") && e->nargs == 2) {
            sb_puts(b, "(NOT (");
            name_of(e->args[0], b);
            sb_puts(b, " = ");
            name_of(e->args[1], b);
            sb_puts(b, "))");
        } else if (!strcmp(fn, "not") && e->nargs == 1) {
            sb_puts(b, "(NOT ");
            name_of(e->args[0], b);
            sb_putc(b, ')');
        } else if (!strcmp(fn, "neg") && e->nargs == 1) {
            sb_puts(b, "(- ");
            name_of(e->args[0], b);
            sb_putc(b, ')');
        } else if ((!strcmp(fn, "is_null") || !strcmp(fn, "is_not_null")) && e->nargs == 1) {
            sb_putc(b, '(');
            name_of(e->args[0], b);
            sb_puts(b, fn[3] == 'n' ? " IS NULL)" : " IS NOT NULL)");
        } else if (!strcmp(fn, "in") && e->nargs >= 1) {
            sb_putc(b, '(');
            name_of(e->args[0], b);
            sb_puts(b, " IN (");
            args_of(e, 1, b);
            sb_puts(b, "))");
        } else if (!strcmp(fn, "field") && e->nargs == 2) {
            name_of(e->args[1], b);
        } else if (!strcmp(fn, "subscript") && e->nargs == 2) {
            name_of(e->args[0], b);
            sb_putc(b, '[');
            name_of(e->args[1], b);
            sb_putc(b, ']');
        } else {
            for (const char *p = fn; *p; p++) sb_putc(b, (char)tolower((unsigned char)*p));
            sb_putc(b, '(');
            if (e->distinct) sb_puts(b, "DISTINCT ");
            if (e->is_count_star) sb_puts(b, "1");
            args_of(e, 0, b);
            sb_putc(b, ')');
        }
        if (e->over) sb_puts(b, " OVER (...)");
        break;
    }
    }
}

const char *expr_display_name(Arena *a, const IrExpr *e) {
    StrBuf b = {0};
    name_of(e, &b);
    const char *r = arena_strdup(a, sb_cstr(&b));
    sb_free(&b);
    return r;
}

/* ---------------------------------------------------------------- schema JSON */

cJSON *schema_json(const BCol *cols, uint32_t n, const IrDataset *decl) {
    cJSON *arr = cJSON_CreateArray();
    for (uint32_t i = 0; i < n; i++) {
        const IrColumn *dc = NULL;
        for (uint32_t k = 0; decl && k < decl->ncols; k++)
            if (str_ieq(decl->cols[k].name, cols[i].name)) dc = &decl->cols[k];
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "name", cols[i].name ? cols[i].name : "");
        cJSON_AddItemToObject(c, "type", json_type(cols[i].type));
        cJSON_AddBoolToObject(c, "nullable", dc ? !dc->not_null : cols[i].nullable);
        if (dc && dc->comment) cJSON_AddStringToObject(c, "comment", dc->comment);
        else cJSON_AddNullToObject(c, "comment");
        cJSON_AddItemToArray(arr, c);
    }
    return arr;
}

/* ---------------------------------------------------------------- mapping */

/* Project rel onto target columns by name: missing -> NULL, casts must widen. */
static bool map_by_name(Planner *P, PFlow *f, const BCol *target, uint32_t nt, bool strict,
                        SrcLoc loc) {
    BRel *in = &f->out;
    bool ok = true, identity = in->ncols == nt;
    int *map = xcalloc(nt + 1, sizeof *map);
    for (uint32_t i = 0; i < nt; i++) {
        map[i] = -1;
        for (uint32_t k = 0; k < in->ncols && map[i] < 0; k++)
            if (str_ieq(in->cols[k].name, target[i].name)) map[i] = (int)k;
        if (map[i] != (int)i || !type_eq(in->cols[i].type, target[i].type)) identity = false;
        if (map[i] >= 0 && !type_eq(in->cols[map[i]].type, target[i].type) &&
            !type_can_up_cast(in->cols[map[i]].type, target[i].type)) {
            char b1[64], b2[64];
            diag_error(P->d, loc, "column '%s' of '%s' is %s, which cannot be widened to the declared %s",
                       target[i].name, f->target->name,
                       type_sql_name(in->cols[map[i]].type, b1, sizeof b1),
                       type_sql_name(target[i].type, b2, sizeof b2));
            ok = false;
        }
    }
    for (uint32_t k = 0; k < in->ncols && strict; k++) {
        bool found = false;
        for (uint32_t i = 0; i < nt; i++)
            if (str_ieq(in->cols[k].name, target[i].name)) found = true;
        if (!found) {
            diag_error(P->d, loc, "column '%s' of the query is not in the declared schema of '%s'",
                       in->cols[k].name, f->target->name);
            ok = false;
        }
    }
    if (ok && !identity) {
        cJSON *exprs = cJSON_CreateArray();
        for (uint32_t i = 0; i < nt; i++) {
            cJSON *e = cJSON_CreateObject();
            if (map[i] < 0) {
                cJSON_AddNullToObject(e, "lit");
                cJSON_AddItemToObject(e, "type", json_type(target[i].type));
            } else {
                cJSON_AddNumberToObject(e, "col", map[i]);
                cJSON_AddItemToObject(e, "type", json_type(in->cols[map[i]].type));
                e = bexpr_cast(e, in->cols[map[i]].type, target[i].type);
            }
            cJSON_AddItemToArray(exprs, e);
        }
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "op", "project");
        cJSON_AddItemToObject(p, "input", in->j);
        cJSON_AddItemToObject(p, "exprs", exprs);
        cJSON_AddItemToObject(p, "schema", schema_json(target, nt, NULL));
        in->j = p;
        in->cols = (BCol *)target;
        in->ncols = nt;
    }
    free(map);
    return ok;
}

static BCol *declared_cols(Planner *P, const IrDataset *d) {
    BCol *cols = arena_alloc(P->a, (d->ncols + 1) * sizeof *cols);
    for (uint32_t i = 0; i < d->ncols; i++)
        cols[i] = (BCol){d->cols[i].name, NULL, d->cols[i].type, !d->cols[i].not_null};
    return cols;
}

/* ---------------------------------------------------------------- CDC */

static int find_col(const BRel *r, const char *name) {
    for (uint32_t i = 0; i < r->ncols; i++)
        if (str_ieq(r->cols[i].name, name)) return (int)i;
    return -1;
}

static cJSON *cdc_expr(Planner *P, PFlow *f, IrExpr *e, bool *ok) {
    if (!e) return cJSON_CreateNull();
    bool k = true;
    BExpr b = bind_expr_in(P, f->out.cols, f->out.ncols, e, &k);
    if (!k) {
        *ok = false;
        cJSON_Delete(b.j);
        return cJSON_CreateNull();
    }
    return b.j;
}

static void bind_cdc(Planner *P, PFlow *f, BCol **tcols, uint32_t *nt) {
    IrCdc *c = f->ir->cdc;
    bool ok = true;
    SrcLoc at = f->loc;
    /* The shape checks (KEYS, SEQUENCE BY, TRUNCATE with SCD 2, ...) are in check.c:
     * they hold even when the source is bound only at run time. */
    if (!c->sequence_by || c->nkeys == 0 || (c->truncate_when && c->scd_type == 2)) ok = false;
    bool *keep = xcalloc(f->out.ncols + 1, sizeof *keep);
    for (uint32_t i = 0; i < f->out.ncols; i++) keep[i] = !c->has_columns || c->columns_except;
    for (uint32_t i = 0; i < c->ncolumns; i++) {
        int k = find_col(&f->out, c->columns[i].parts[0]);
        if (k < 0) {
            diag_error(P->d, c->columns[i].loc, "unknown column '%s' in COLUMNS",
                       c->columns[i].parts[0]);
            ok = false;
        } else {
            keep[k] = !c->columns_except;
        }
    }
    cJSON *keys = cJSON_CreateArray();
    for (uint32_t i = 0; i < c->nkeys; i++) {
        int k = find_col(&f->out, c->keys[i].parts[0]);
        if (k < 0) {
            diag_error(P->d, c->keys[i].loc, "unknown key column '%s'", c->keys[i].parts[0]);
            ok = false;
        } else if (!keep[k]) {
            if (!c->columns_except)
                diag_error(P->d, c->keys[i].loc, "key column '%s' must be kept by COLUMNS",
                           c->keys[i].parts[0]);
            ok = false;
        } else {
            cJSON_AddItemToArray(keys, cJSON_CreateNumber(k));
        }
    }
    cJSON *cols = cJSON_CreateArray();
    uint32_t nk = 0;
    BCol *tc = arena_alloc(P->a, (f->out.ncols + 3) * sizeof *tc);
    for (uint32_t i = 0; i < f->out.ncols; i++) {
        if (!keep[i]) continue;
        if (c->scd_type == 2 && (str_ieq(f->out.cols[i].name, "__START_AT") ||
                                 str_ieq(f->out.cols[i].name, "__END_AT"))) {
            diag_error(P->d, at, "column '%s' is reserved for SCD type 2", f->out.cols[i].name);
            ok = false;
        }
        cJSON_AddItemToArray(cols, cJSON_CreateNumber(i));
        tc[nk++] = f->out.cols[i];
        tc[nk - 1].qual = NULL;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "keys", keys);
    BExpr seq = {0};
    if (c->sequence_by) {
        bool k = true;
        seq = bind_expr_in(P, f->out.cols, f->out.ncols, c->sequence_by, &k);
        if (!k) ok = false;
    }
    cJSON_AddItemToObject(j, "sequence_by", seq.j ? seq.j : cJSON_CreateNull());
    cJSON_AddItemToObject(j, "delete_when", cdc_expr(P, f, c->delete_when, &ok));
    cJSON_AddItemToObject(j, "truncate_when", cdc_expr(P, f, c->truncate_when, &ok));
    cJSON_AddBoolToObject(j, "ignore_null_updates", c->ignore_null_updates);
    cJSON_AddItemToObject(j, "columns", cols);
    cJSON_AddNumberToObject(j, "scd_type", c->scd_type);
    if (c->has_track) {
        cJSON *tr = cJSON_CreateArray();
        for (uint32_t i = 0; i < f->out.ncols; i++) {
            if (!keep[i]) continue;
            bool listed = false, is_key = false;
            for (uint32_t k = 0; k < c->ntrack; k++)
                if (str_ieq(c->track[k].parts[0], f->out.cols[i].name)) listed = true;
            for (uint32_t k = 0; k < c->nkeys; k++)
                if (str_ieq(c->keys[k].parts[0], f->out.cols[i].name)) is_key = true;
            if (!is_key && listed != c->track_except) cJSON_AddItemToArray(tr, cJSON_CreateNumber(i));
        }
        cJSON_AddItemToObject(j, "track_history", tr);
    } else {
        cJSON_AddNullToObject(j, "track_history");
    }
    if (c->scd_type == 2 && seq.j) {
        tc[nk++] = (BCol){"__START_AT", NULL, seq.type, true};
        tc[nk++] = (BCol){"__END_AT", NULL, seq.type, true};
    }
    if (c->where) {
        /* D1 WHERE: filter the source rows before applying. */
        bool k = true;
        BExpr w = bind_expr_in(P, f->out.cols, f->out.ncols, c->where, &k);
        if (k) {
            cJSON *fl = cJSON_CreateObject();
            cJSON_AddStringToObject(fl, "op", "filter");
            cJSON_AddItemToObject(fl, "input", f->out.j);
            cJSON_AddItemToObject(fl, "cond", w.j);
            cJSON_AddItemToObject(fl, "schema", schema_json(f->out.cols, f->out.ncols, NULL));
            f->out.j = fl;
        } else {
            cJSON_Delete(w.j);
            ok = false;
        }
    }
    free(keep);
    f->cdc_json = j;
    *tcols = tc;
    *nt = nk;
    if (!ok) f->out.failed = true;
}

/* ---------------------------------------------------------------- datasets */

static void merge_cols(Planner *P, BCol **cols, uint32_t *n, const BRel *r) {
    BCol *m = arena_alloc(P->a, (*n + r->ncols + 1) * sizeof *m);
    if (*n) memcpy(m, *cols, *n * sizeof *m);
    for (uint32_t i = 0; i < r->ncols; i++) {
        bool found = false;
        for (uint32_t k = 0; k < *n; k++)
            if (str_ieq(m[k].name, r->cols[i].name)) found = true;
        if (!found) {
            m[*n] = r->cols[i];
            m[(*n)++].qual = NULL;
        }
    }
    *cols = m;
}

void schema_dataset(Planner *P, PDataset *ds) {
    ds->bound = true;
    P->cur = ds;
    bool failed = ds->in_cycle, unknown = false;
    for (uint32_t i = 0; i < ds->nflows && !ds->in_cycle; i++) {
        PFlow *f = ds->flows[i];
        P->cur_flow = f;
        f->streaming = check_rel_streams(P, f->query, NULL);
        f->out = bind_rel(P, f->query);
        f->bound = true;
        if (f->out.unknown) unknown = true;
        else if (!f->out.j) failed = true;
        check_flow_modes(P, f);
    }
    if (ds->kind == DS_VIEW) ds->streaming_view = ds->nflows && ds->flows[0]->streaming;
    if (failed || unknown) {
        ds->unknown = unknown && !failed;
        ds->bind_ok = false;
        return;
    }
    BCol *cols = NULL;
    uint32_t n = 0;
    IrDataset *d = ds->ir;
    bool ok = true;
    if (d->ncols) {
        cols = declared_cols(P, d);
        n = d->ncols;
    }
    for (uint32_t i = 0; i < ds->nflows; i++) {
        PFlow *f = ds->flows[i];
        if (f->kind == FLOW_CDC) {
            BCol *tc;
            uint32_t nt;
            bind_cdc(P, f, &tc, &nt);
            if (f->out.failed) ok = false;
            else if (!d->ncols) {
                BRel tmp = {.cols = tc, .ncols = nt};
                merge_cols(P, &cols, &n, &tmp);
            }
            continue;
        }
        if (d->ncols) continue;
        /* A query may produce the same name twice (SELECT * over a join): a view keeps
         * both columns, a stored table cannot (Spark refuses duplicate column names). */
        for (uint32_t a = 0; a < f->out.ncols && ok; a++)
            for (uint32_t b = a + 1; b < f->out.ncols && ok; b++) {
                if (!str_ieq(f->out.cols[a].name, f->out.cols[b].name)) continue;
                if (ds->kind == DS_VIEW && ds->nflows == 1) {
                    cols = f->out.cols, n = f->out.ncols;
                    goto next_flow;
                }
                diag_error(P->d, f->ir ? f->loc : d->loc,
                           "column '%s' appears twice in the output of '%s': give one of them "
                           "another name (a table cannot have duplicate column names)",
                           f->out.cols[a].name, ir_name_str(P->a, &d->name));
                ok = false;
            }
        merge_cols(P, &cols, &n, &f->out);
    next_flow:;
    }
    for (uint32_t i = 0; i < ds->nflows && ok; i++) {
        PFlow *f = ds->flows[i];
        if (f->kind == FLOW_CDC || cols == f->out.cols) continue;  // the flow's own columns
        if (!map_by_name(P, f, cols, n, d->ncols > 0, f->ir ? f->loc : d->loc)) ok = false;
    }
    if (!ok) {
        ds->bind_ok = false;
        return;
    }
    ds->schema = cols;
    ds->nschema = n;
    ds->bind_ok = true;
    if (ds->kind == DS_VIEW && ds->nflows) ds->view_rel = ds->flows[0]->out.j;
}
