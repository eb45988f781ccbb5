/* Stable text dump of the pipeline IR for testdata/ir golden tests: one line per
 * dataset/flow header, relations as an indented tree, expressions in a compact
 * prefix form. No pointers, no source offsets (locations print as line:col). */
#include "ir.h"

#include <inttypes.h>
#include <string.h>

static const char *kind_names[] = {"streaming_table", "materialized_view", "view",
                                   "persisted_view", "table"};
static const char *action_names[] = {"warn", "drop", "fail"};
static const char *join_names[] = {"inner", "left", "right", "full", "semi", "anti", "cross"};
static const char *setop_names[] = {"union", "intersect", "except"};

static void dump_name(const IrName *n, StrBuf *out) {
    if (n->live) sb_puts(out, "LIVE.");
    for (int i = 0; i < n->n; i++) {
        if (i) sb_putc(out, '.');
        sb_puts(out, n->parts[i] ? n->parts[i] : "?");
    }
}

static void dump_type(Type t, StrBuf *out) {
    char buf[128];
    sb_puts(out, type_sql_name(t, buf, sizeof buf));
}

static void dump_args(const IrExpr *e, uint32_t from, StrBuf *out) {
    for (uint32_t i = from; i < e->nargs; i++) {
        if (i > from) sb_puts(out, ", ");
        ir_dump_expr(e->args[i], out);
    }
}

static void dump_sort(const IrSortKey *k, uint32_t n, StrBuf *out) {
    for (uint32_t i = 0; i < n; i++) {
        if (i) sb_puts(out, ", ");
        ir_dump_expr(k[i].expr, out);
        sb_puts(out, k[i].desc ? " desc" : " asc");
        if (k[i].nulls_first >= 0) sb_puts(out, k[i].nulls_first ? " nulls_first" : " nulls_last");
    }
}

static void dump_window(const IrWindow *w, StrBuf *out) {
    static const char *bn[] = {"unbounded_preceding", "preceding", "current_row", "following",
                               "unbounded_following"};
    sb_puts(out, " over(partition[");
    for (uint32_t i = 0; i < w->npartition; i++) {
        if (i) sb_puts(out, ", ");
        ir_dump_expr(w->partition[i], out);
    }
    sb_puts(out, "] order[");
    dump_sort(w->order, w->norder, out);
    sb_puts(out, "]");
    if (w->has_frame)
        sb_printf(out, " %s %s %" PRId64 " %s %" PRId64, w->frame_range ? "range" : "rows",
                  bn[w->start_kind], w->start_off, bn[w->end_kind], w->end_off);
    sb_puts(out, ")");
}

void ir_dump_expr(const IrExpr *e, StrBuf *out) {
    if (!e) {
        sb_puts(out, "<null>");
        return;
    }
    switch (e->kind) {
    case EX_COL:
        if (e->qual) sb_printf(out, "%s.", e->qual);
        sb_printf(out, "`%s`", e->name ? e->name : "");
        break;
    case EX_LIT:
        if (!e->text) sb_puts(out, "NULL");
        else if (e->type.id == TY_STRING) sb_json_str(out, e->text, strlen(e->text));
        else sb_puts(out, e->text);
        sb_putc(out, ':');
        dump_type(e->type, out);
        break;
    case EX_CALL:
        sb_printf(out, "%s(", e->name ? e->name : "?");
        if (e->distinct) sb_puts(out, "distinct ");
        if (e->is_count_star) sb_puts(out, "*");
        dump_args(e, 0, out);
        sb_puts(out, ")");
        if (e->ignore_nulls) sb_puts(out, " ignore_nulls");
        if (e->filter) {
            sb_puts(out, " filter(");
            ir_dump_expr(e->filter, out);
            sb_puts(out, ")");
        }
        if (e->over) dump_window(e->over, out);
        break;
    case EX_STAR:
        sb_printf(out, "%s%s*", e->qual ? e->qual : "", e->qual ? "." : "");
        if (e->replace) sb_puts(out, " replace");
        if (e->nnames) {
            sb_puts(out, " except(");
            for (uint32_t i = 0; i < e->nnames; i++) sb_printf(out, "%s%s", i ? ", " : "", e->names[i]);
            sb_puts(out, ")");
        }
        break;
    case EX_CAST:
        sb_puts(out, e->is_try ? "try_cast(" : "cast(");
        dump_args(e, 0, out);
        sb_puts(out, " as ");
        dump_type(e->type, out);
        sb_puts(out, ")");
        break;
    case EX_CASE:
        sb_printf(out, "case%s%s(", e->has_operand ? "_operand" : "", e->has_else ? "_else" : "");
        dump_args(e, 0, out);
        sb_puts(out, ")");
        break;
    case EX_SUBQUERY: {
        static const char *sk[] = {"scalar", "exists", "in"};
        sb_printf(out, "%s%s_subquery(", e->negated ? "not_" : "", sk[e->sub_kind]);
        dump_args(e, 0, out);
        sb_puts(out, ")");
        break;
    }
    case EX_LAMBDA:
        sb_puts(out, "lambda(");
        for (uint32_t i = 0; i < e->nnames; i++) sb_printf(out, "%s%s", i ? ", " : "", e->names[i]);
        sb_puts(out, " -> ");
        dump_args(e, 0, out);
        sb_puts(out, ")");
        break;
    case EX_ALIAS:
        dump_args(e, 0, out);
        sb_printf(out, " AS `%s`", e->name ? e->name : "");
        break;
    case EX_INTERVAL:
        sb_printf(out, "interval(%s)", e->text ? e->text : "");
        break;
    }
}

static void indent_to(int n, StrBuf *out) {
    for (int i = 0; i < n; i++) sb_puts(out, "  ");
}

static void dump_exprs(IrExpr *const *xs, uint32_t n, StrBuf *out) {
    for (uint32_t i = 0; i < n; i++) {
        if (i) sb_puts(out, ", ");
        ir_dump_expr(xs[i], out);
    }
}

static void dump_names(const char *const *xs, uint32_t n, StrBuf *out) {
    for (uint32_t i = 0; i < n; i++) sb_printf(out, "%s%s", i ? ", " : "", xs[i]);
}

static void dump_rel_head(const IrRel *r, StrBuf *out) {
    switch (r->kind) {
    case REL_SCAN:
        sb_puts(out, r->streaming ? "scan stream " : "scan ");
        dump_name(&r->name, out);
        break;
    case REL_FILES:
        sb_printf(out, "files%s%s format=%s path=", r->streaming ? " stream" : "",
                  r->auto_loader ? " auto_loader" : "", r->format ? r->format : "?");
        sb_json_str(out, r->path ? r->path : "", strlen(r->path ? r->path : ""));
        for (uint32_t i = 0; i < r->noptions; i++)
            sb_printf(out, " %s=%s", r->options[i].key, r->options[i].value);
        break;
    case REL_VALUES:
        sb_printf(out, "values %u columns: ", r->ncols);
        dump_exprs(r->exprs, r->nexprs, out);
        break;
    case REL_FILTER:
        sb_puts(out, "filter ");
        ir_dump_expr(r->cond, out);
        break;
    case REL_PROJECT:
        sb_puts(out, "project ");
        dump_exprs(r->exprs, r->nexprs, out);
        break;
    case REL_AGGREGATE:
        sb_puts(out, "aggregate keys[");
        if (r->group_all) sb_puts(out, "ALL");
        dump_exprs(r->keys, r->nkeys, out);
        sb_puts(out, "] ");
        dump_exprs(r->exprs, r->nexprs, out);
        if (r->cond) {
            sb_puts(out, " having ");
            ir_dump_expr(r->cond, out);
        }
        break;
    case REL_JOIN:
        sb_printf(out, "join %s", join_names[r->join]);
        if (r->cond) {
            sb_puts(out, " on ");
            ir_dump_expr(r->cond, out);
        }
        if (r->nnames) {
            sb_puts(out, " using(");
            dump_names(r->names, r->nnames, out);
            sb_puts(out, ")");
        }
        break;
    case REL_SORT:
        sb_puts(out, "sort ");
        dump_sort(r->sort, r->nsort, out);
        break;
    case REL_LIMIT:
        sb_printf(out, "limit %" PRId64 " offset %" PRId64, r->limit, r->offset);
        break;
    case REL_SETOP:
        sb_printf(out, "%s%s%s", setop_names[r->setop], r->all ? " all" : "",
                  r->by_name ? (r->allow_missing ? " by_name allow_missing" : " by_name") : "");
        break;
    case REL_DISTINCT: sb_puts(out, "distinct"); break;
    case REL_DEDUP:
        sb_puts(out, "dedup ");
        dump_names(r->names, r->nnames, out);
        break;
    case REL_EXPLODE:
        sb_printf(out, "explode%s ", r->outer ? " outer" : "");
        dump_exprs(r->exprs, r->nexprs, out);
        sb_printf(out, " %s(", r->alias ? r->alias : "");
        dump_names(r->names, r->nnames, out);
        sb_puts(out, ")");
        break;
    case REL_ALIAS:
        sb_printf(out, "alias %s", r->alias ? r->alias : "");
        if (r->nnames) {
            sb_puts(out, "(");
            dump_names(r->names, r->nnames, out);
            sb_puts(out, ")");
        }
        break;
    case REL_WATERMARK:
        sb_printf(out, "watermark %s %s", r->nnames ? r->names[0] : "?", r->text ? r->text : "");
        break;
    case REL_RENAME:
        sb_puts(out, "rename ");
        dump_names(r->names, r->nnames, out);
        break;
    case REL_DROP:
        sb_puts(out, "drop ");
        dump_names(r->names, r->nnames, out);
        break;
    case REL_EXPAND:
        sb_printf(out, "expand %u sets of ", r->ngsets);
        dump_names(r->names, r->nnames, out);
        break;
    case REL_OPAQUE:
        sb_printf(out, "opaque \"%s\" reads[", r->text ? r->text : "");
        for (uint32_t i = 0; i < r->nreads; i++) {
            if (i) sb_puts(out, ", ");
            dump_name(&r->reads[i], out);
        }
        sb_puts(out, "]");
        break;
    }
}

void ir_dump_rel(const IrRel *r, int indent, StrBuf *out) {
    indent_to(indent, out);
    if (!r) {
        sb_puts(out, "<none>\n");
        return;
    }
    dump_rel_head(r, out);
    sb_putc(out, '\n');
    if (r->input) ir_dump_rel(r->input, indent + 1, out);
    if (r->right) ir_dump_rel(r->right, indent + 1, out);
}

static void dump_conf(const IrConf *c, StrBuf *out) {
    for (uint32_t i = 0; i < c->n; i++)
        sb_printf(out, "  conf %s = %s\n", c->items[i].key, c->items[i].value);
}

static void dump_dataset(const IrDataset *d, StrBuf *out) {
    sb_printf(out, "dataset %s%s ", kind_names[d->kind], d->is_private ? " private" : "");
    dump_name(&d->name, out);
    sb_printf(out, " (%s)\n", d->lang == LANG_PYTHON ? "python" : "sql");
    if (d->comment) sb_printf(out, "  comment %s\n", d->comment);
    for (uint32_t i = 0; i < d->nprops; i++)
        sb_printf(out, "  property %s = %s\n", d->props[i].key, d->props[i].value);
    if (d->npartition) {
        sb_puts(out, "  partition_by ");
        dump_names(d->partition_cols, d->npartition, out);
        sb_putc(out, '\n');
    }
    if (d->ncluster) {
        sb_puts(out, "  cluster_by ");
        dump_names(d->cluster_cols, d->ncluster, out);
        sb_putc(out, '\n');
    }
    for (uint32_t i = 0; i < d->ncols; i++) {
        const IrColumn *c = &d->cols[i];
        sb_printf(out, "  column %s ", c->name);
        dump_type(c->type, out);
        if (c->not_null) sb_puts(out, " not_null");
        if (c->comment) sb_printf(out, " comment '%s'", c->comment);
        if (c->generated) {
            sb_puts(out, " generated ");
            ir_dump_expr(c->generated, out);
        }
        sb_putc(out, '\n');
    }
    for (uint32_t i = 0; i < d->nexps; i++) {
        sb_printf(out, "  expect %s %s ", d->exps[i].name, action_names[d->exps[i].action]);
        ir_dump_expr(d->exps[i].cond, out);
        sb_putc(out, '\n');
    }
    dump_conf(&d->conf, out);
    if (d->query) ir_dump_rel(d->query, 1, out);
}

static void dump_name_list(const char *label, const IrName *xs, uint32_t n, bool except,
                           StrBuf *out) {
    sb_printf(out, "  %s%s ", label, except ? " except" : "");
    for (uint32_t i = 0; i < n; i++) {
        if (i) sb_puts(out, ", ");
        dump_name(&xs[i], out);
    }
    sb_putc(out, '\n');
}

static void dump_flow(const IrFlow *f, StrBuf *out) {
    static const char *fk[] = {"append", "once", "cdc"};
    sb_printf(out, "flow %s %s -> ", fk[f->kind], f->name);
    dump_name(&f->target, out);
    sb_putc(out, '\n');
    dump_conf(&f->conf, out);
    const IrCdc *c = f->cdc;
    if (c) {
        dump_name_list("keys", c->keys, c->nkeys, false, out);
        sb_printf(out, "  scd %d%s\n", c->scd_type,
                  c->ignore_null_updates ? " ignore_null_updates" : "");
        sb_puts(out, "  sequence_by ");
        ir_dump_expr(c->sequence_by, out);
        sb_putc(out, '\n');
        const IrExpr *xs[] = {c->where, c->delete_when, c->truncate_when};
        const char *ls[] = {"where", "delete_when", "truncate_when"};
        for (int i = 0; i < 3; i++)
            if (xs[i]) {
                sb_printf(out, "  %s ", ls[i]);
                ir_dump_expr(xs[i], out);
                sb_putc(out, '\n');
            }
        if (c->has_columns) dump_name_list("columns", c->columns, c->ncolumns, c->columns_except, out);
        if (c->has_track) dump_name_list("track_history", c->track, c->ntrack, c->track_except, out);
    }
    if (f->query) ir_dump_rel(f->query, 1, out);
}

void ir_dump(const IrPipeline *p, StrBuf *out) {
    for (uint32_t i = 0; i < p->ndatasets; i++) dump_dataset(p->datasets[i], out);
    for (uint32_t i = 0; i < p->nflows; i++) dump_flow(p->flows[i], out);
}
