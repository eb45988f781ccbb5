/* The executor (see exec.h): builds operators from a PlanNode, runs subqueries for
 * the expression evaluator, collects results and prints rows the way Spark prints
 * values. Only this file knows which operator implements which plan node. */
#include "exec.h"

#include "nested.h"
#include "op.h"
#include "plan_prune.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Exec {
    ExecCtx cx;
    Op *root;
    Arena arena; // the pruned plan
};

void exec_fail(ExecCtx *cx, const char *fmt, ...) {
    if (cx->err) return;
    char buf[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cx->err = xstrdup(buf);
}

int exec_fail_take(ExecCtx *cx, char *msg) {
    if (!cx->err)
        cx->err = msg ? msg : xstrdup("query failed");
    else
        free(msg);
    return -1;
}

static Op *build_setop(ExecCtx *cx, const PlanNode *n) {
    Op **kids = xcalloc((size_t)n->ninputs, sizeof *kids);
    for (int i = 0; i < n->ninputs; i++) {
        if (!(kids[i] = op_build(cx, n->inputs[i]))) {
            for (int k = 0; k < i; k++) kids[k]->close(kids[k]);
            free(kids);
            return NULL;
        }
    }
    Op *op;
    if (n->kind == PN_UNION) {
        op = op_union_new(cx, n, kids, n->ninputs);
        if (op && !n->all) op = op_distinct_new(cx, n, op);
    } else {
        // a op b op c = (a op b) op c
        op = kids[0];
        for (int i = 1; i < n->ninputs && op; i++) {
            Op *pair[2] = {op, kids[i]};
            op = op_setop_new(cx, n, pair, 2);
            if (!op)
                for (int k = i + 1; k < n->ninputs; k++) kids[k]->close(kids[k]);
        }
        if (op && n->ninputs == 1 && !n->all) op = op_distinct_new(cx, n, op);
    }
    free(kids);
    return op;
}

static Op *build_child(ExecCtx *cx, const PlanNode *n, int i) {
    return op_build(cx, n->inputs[i]);
}

Op *op_build(ExecCtx *cx, const PlanNode *n) {
    Op *c = NULL, *r = NULL;
    switch (n->kind) {
    case PN_SCAN_DATASET:
    case PN_SCAN_INPUT:
    case PN_SCAN_TABLE: return op_scan_new(cx, n);
    case PN_VALUES: return op_values_new(cx, n);
    case PN_UNION:
    case PN_INTERSECT:
    case PN_EXCEPT: return build_setop(cx, n);
    case PN_AGGREGATE:
        if ((r = op_paragg_try(cx, n)) || cx->err) return r;  // else the serial plan
        break;
    case PN_VIEW: {
        const ExecChecks *ck =
            cx->env->view_checks && n->name ? cx->env->view_checks(cx->env->ud, n->name) : NULL;
        if (!(c = build_child(cx, n, 0)) || !ck || !ck->n) return c;
        return op_expect_new(cx, n, c, ck);
    }
    case PN_LIMIT:
        if (n->inputs[0]->kind == PN_SORT && n->limit >= 0) { // top-N
            const PlanNode *s = n->inputs[0];
            int64_t topn = n->limit + n->offset;
            if (!(c = op_partopn_try(cx, s, topn))) {  // else one thread
                if (cx->err || !(c = build_child(cx, s, 0))) return NULL;
                if (!(c = op_sort_new(cx, s, c, topn))) return NULL;
            }
            return op_limit_new(cx, n, c);
        }
        break;
    default: break;
    }
    if (!(c = build_child(cx, n, 0))) return NULL;
    switch (n->kind) {
    case PN_FILTER: return op_filter_new(cx, n, c);
    case PN_PROJECT: return op_project_new(cx, n, c);
    case PN_AGGREGATE: return op_hashagg_new(cx, n, c);
    case PN_SORT: return op_sort_new(cx, n, c, -1);
    case PN_LIMIT: return op_limit_new(cx, n, c);
    case PN_DISTINCT:
    case PN_DEDUP: return op_distinct_new(cx, n, c);
    case PN_WINDOW: return op_window_new(cx, n, c);
    case PN_EXPLODE: return op_explode_new(cx, n, c);
    case PN_EXPAND: return op_expand_new(cx, n, c);
    case PN_JOIN:
        // a thread of a parallel aggregation reads its part of the left side, all of the right
        if (!(r = build_child(cx->nparts > 0 && cx->whole ? cx->whole : cx, n, 1))) {
            c->close(c);
            return NULL;
        }
        return op_join_new(cx, n, c, r);
    default:
        c->close(c);
        exec_fail(cx, "unsupported plan node");
        return NULL;
    }
}

static int run_subquery(void *ud, const PlanNode *rel, Batch ***out, int *n, char **err) {
    const ExecEnv *env = ud;
    return exec_collect(rel, env, out, n, err);
}

/* A view whose expectations are checked keeps its columns: the rules read them. */
static bool view_checked(void *ud, const PlanNode *n) {
    const ExecEnv *env = ud;
    if (n->kind != PN_VIEW || !n->name || !env->view_checks) return false;
    const ExecChecks *ck = env->view_checks(env->ud, n->name);
    return ck && ck->n;
}

Exec *exec_open(const PlanNode *plan, const ExecEnv *env, char **err) {
    return exec_open_checked(plan, env, NULL, err);
}

Exec *exec_open_checked(const PlanNode *plan, const ExecEnv *env, const ExecChecks *checks,
                        char **err) {
    Exec *ex = xcalloc(1, sizeof *ex);
    ex->cx.env = env;
    ex->cx.xenv = (ExprEnv){
        .ansi = env->ansi, .now_us = env->now_us, .subquery = run_subquery, .ud = (void *)env};
    if (plan) plan = plan_prune(plan, &ex->arena, view_checked, (void *)env);
    ex->root = plan ? op_build(&ex->cx, plan) : NULL;
    if (ex->root && checks && checks->n) ex->root = op_expect_new(&ex->cx, plan, ex->root, checks);
    if (!ex->root) {
        arena_free_all(&ex->arena);
        if (err)
            *err = ex->cx.err ? ex->cx.err : xstrdup("invalid plan");
        else
            free(ex->cx.err);
        free(ex);
        return NULL;
    }
    return ex;
}

int exec_next(Exec *ex, Batch **out, char **err) {
    int rc = ex->root->next(ex->root, out);
    if (rc < 0) {
        if (err)
            *err = ex->cx.err ? ex->cx.err : xstrdup("query failed");
        else
            free(ex->cx.err);
        ex->cx.err = NULL;
    }
    return rc;
}

void exec_close(Exec *ex) {
    if (!ex) return;
    ex->root->close(ex->root);
    free(ex->cx.err);
    arena_free_all(&ex->arena);
    free(ex);
}

Batch *exec_copy_batch(const Batch *b) {
    Type *ts = xcalloc(b->ncols + 1, sizeof *ts);
    for (uint32_t c = 0; c < b->ncols; c++) ts[c] = b->cols[c].type;
    Batch *d = batch_new(ts, b->ncols);
    free(ts);
    uint32_t n = batch_live(b);
    for (uint32_t c = 0; c < b->ncols; c++) vec_gather(d, c, 0, &b->cols[c], b->sel, n);
    d->nrows = n;
    return d;
}

void exec_copy_into(Batch *dst, const Batch *src) {
    batch_reset(dst);
    uint32_t n = batch_live(src);
    for (uint32_t c = 0; c < src->ncols && c < dst->ncols; c++)
        vec_gather(dst, c, 0, &src->cols[c], src->sel, n);
    dst->nrows = n;
}

void exec_free_batches(Batch **bs, int n) {
    for (int i = 0; i < n; i++) batch_free(bs[i]);
    free(bs);
}

int exec_collect(const PlanNode *plan, const ExecEnv *env, Batch ***out, int *n, char **err) {
    *out = NULL;
    *n = 0;
    Exec *ex = exec_open(plan, env, err);
    if (!ex) return -1;
    VEC(Batch *) bs = {0};
    Batch *b;
    int rc;
    while ((rc = exec_next(ex, &b, err)) > 0) VEC_PUSH(bs, exec_copy_batch(b));
    exec_close(ex);
    if (rc < 0) {
        exec_free_batches(bs.items, (int)bs.len);
        return -1;
    }
    *out = bs.items;
    *n = (int)bs.len;
    return 0;
}

/* ---- printing ---- */

static bool csv_needs_quotes(const char *s, size_t n) {
    if (n == 0) return true; // an empty string differs from NULL (an empty field)
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') return true;
    return s[0] == ' ' || s[n - 1] == ' ';
}

static void put_field(const Vec *v, uint32_t row, ExecFormat fmt, StrBuf *tmp, StrBuf *out) {
    tmp->len = 0;
    TypeId t = v->type.id;
    if (fmt == EXEC_FMT_JSON && type_is_nested(t)) {
        nested_format_json(v, row, out);
        return;
    }
    value_format(v, row, tmp);
    const char *s = tmp->len ? tmp->ptr : "";
    if (fmt == EXEC_FMT_TEXT) {
        sb_put(out, s, tmp->len);
    } else if (fmt == EXEC_FMT_CSV) {
        bool text = t == TY_STRING || t == TY_BINARY || type_is_nested(t);
        if (text && csv_needs_quotes(s, tmp->len)) {
            sb_putc(out, '"');
            for (size_t i = 0; i < tmp->len; i++) {
                if (s[i] == '"') sb_putc(out, '"');
                sb_putc(out, s[i]);
            }
            sb_putc(out, '"');
        } else {
            sb_put(out, s, tmp->len);
        }
    } else {
        bool quoted = t == TY_STRING || t == TY_BINARY || t == TY_DATE || t == TY_TIMESTAMP ||
                      t == TY_INTERVAL;
        if (t == TY_FLOAT || t == TY_DOUBLE) { // JSON has no NaN / Infinity literals
            quoted = !strcmp(s, "NaN") || !strcmp(s, "Infinity") || !strcmp(s, "-Infinity");
        }
        if (quoted)
            sb_json_str(out, s, tmp->len);
        else
            sb_put(out, s, tmp->len);
    }
}

void exec_format_rows(const Batch *b, const char *const *names, ExecFormat fmt, StrBuf *out) {
    StrBuf tmp = {0};
    uint32_t n = batch_live(b);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = batch_row(b, k);
        bool first = true;
        if (fmt == EXEC_FMT_JSON) sb_putc(out, '{');
        for (uint32_t c = 0; c < b->ncols; c++) {
            const Vec *v = &b->cols[c];
            bool is_null = vec_is_null(v, v->is_const ? 0 : r);
            if (fmt == EXEC_FMT_JSON) {
                if (is_null) continue;
                if (!first) sb_putc(out, ',');
                const char *nm = names && names[c] ? names[c] : "";
                sb_json_str(out, nm, strlen(nm));
                sb_putc(out, ':');
            } else if (c) {
                sb_putc(out, fmt == EXEC_FMT_CSV ? ',' : '\t');
            }
            first = false;
            if (is_null) {
                if (fmt == EXEC_FMT_TEXT) sb_puts(out, "NULL");
                continue;
            }
            put_field(v, r, fmt, &tmp, out);
        }
        if (fmt == EXEC_FMT_JSON) sb_putc(out, '}');
        sb_putc(out, '\n');
    }
    sb_free(&tmp);
}

void exec_format_header(const char *const *names, uint32_t n, ExecFormat fmt, StrBuf *out) {
    for (uint32_t c = 0; c < n; c++) {
        if (c) sb_putc(out, fmt == EXEC_FMT_CSV ? ',' : '\t');
        const char *nm = names && names[c] ? names[c] : "";
        if (fmt == EXEC_FMT_CSV && csv_needs_quotes(nm, strlen(nm)) && *nm) {
            sb_putc(out, '"');
            for (const char *p = nm; *p; p++) {
                if (*p == '"') sb_putc(out, '"');
                sb_putc(out, *p);
            }
            sb_putc(out, '"');
        } else {
            sb_puts(out, nm);
        }
    }
    sb_putc(out, '\n');
}
