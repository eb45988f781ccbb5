/* Helpers for the executor tests: build plan JSON by hand (small string builders),
 * run it through plan_load + exec with an in-memory scan provider, and print the rows
 * as text (tab-separated, NULL as NULL) for exact comparison. */
#ifndef SLUICE_TEST_EXEC_UTIL_H
#define SLUICE_TEST_EXEC_UTIL_H

#include "exec.h"
#include "plan_load.h"
#include "str.h"
#include "test.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Arena tx_arena; // strings built by the helpers; freed by tx_done

static const char *tx_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *tx_fmt(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = arena_alloc(&tx_arena, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Expressions. */
__attribute__((unused)) static const char *C(int i, const char *t) {
    return tx_fmt("{\"col\":%d,\"type\":\"%s\"}", i, t);
}
__attribute__((unused)) static const char *L(const char *v, const char *t) {
    if (!v) return tx_fmt("{\"lit\":null,\"type\":\"%s\"}", t);
    StrBuf b = {0};
    sb_json_str(&b, v, strlen(v));
    const char *s = tx_fmt("{\"lit\":%s,\"type\":\"%s\"}", sb_cstr(&b), t);
    sb_free(&b);
    return s;
}
/* F("add", "int", 2, a, b) */
__attribute__((unused)) static const char *F(const char *fn, const char *t, int n, ...) {
    StrBuf b = {0};
    sb_printf(&b, "{\"fn\":\"%s\",\"args\":[", fn);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) sb_printf(&b, "%s%s", i ? "," : "", va_arg(ap, const char *));
    va_end(ap);
    sb_printf(&b, "],\"type\":\"%s\"}", t);
    const char *s = tx_fmt("%s", sb_cstr(&b));
    sb_free(&b);
    return s;
}

/* Schema from "a:int b:decimal(5,2)". */
__attribute__((unused)) static const char *SCH(const char *spec) {
    StrBuf b = {0};
    sb_putc(&b, '[');
    char *copy = xstrdup(spec), *save = NULL;
    int i = 0;
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save), i++) {
        char *colon = strchr(tok, ':');
        *colon = 0;
        sb_printf(&b, "%s{\"name\":\"%s\",\"type\":\"%s\",\"nullable\":true}", i ? "," : "", tok,
                  colon + 1);
    }
    sb_putc(&b, ']');
    free(copy);
    const char *s = tx_fmt("%s", sb_cstr(&b));
    sb_free(&b);
    return s;
}

/* VALUES: rows "1|x;2|NULL" for schema "a:int b:string" (NULL is a NULL literal). */
__attribute__((unused)) static const char *VALUES(const char *spec, const char *rows) {
    char *types[64];
    int nt = 0;
    char *copy = xstrdup(spec), *save = NULL;
    for (char *tok = strtok_r(copy, " ", &save); tok && nt < 64; tok = strtok_r(NULL, " ", &save))
        types[nt++] = strchr(tok, ':') + 1;
    StrBuf b = {0};
    sb_printf(&b, "{\"op\":\"values\",\"schema\":%s,\"rows\":[", SCH(spec));
    char *rcopy = xstrdup(rows), *rs = NULL;
    int r = 0;
    for (char *row = strtok_r(rcopy, ";", &rs); row; row = strtok_r(NULL, ";", &rs), r++) {
        sb_printf(&b, "%s[", r ? "," : "");
        int c = 0;
        char *p = row;
        for (;;) {
            char *bar = strchr(p, '|');
            if (bar) *bar = 0;
            sb_printf(&b, "%s%s", c ? "," : "",
                      L(strcmp(p, "NULL") ? p : NULL, types[c < nt ? c : 0]));
            c++;
            if (!bar) break;
            p = bar + 1;
        }
        sb_putc(&b, ']');
    }
    sb_puts(&b, "]}");
    free(rcopy);
    free(copy);
    const char *s = tx_fmt("%s", sb_cstr(&b));
    sb_free(&b);
    return s;
}

/* A generated input: scan_input "gen:N" with columns (id bigint, g int = id % 7,
 * s string = "s" + id % 13, x double = id * 0.5, NULL when id % 5 == 0). */
__attribute__((unused)) static const char *GEN(long n) {
    return tx_fmt("{\"op\":\"scan_input\",\"input\":\"gen:%ld\",\"schema\":%s}", n,
                  SCH("id:bigint g:int s:string x:double"));
}

typedef struct {
    long n, pos;
    Batch *b;
    int src[4]; // per output column: which generated column (the scan may be pruned)
    char buf[BATCH_ROWS][16];
} GenScan;

static int gen_next(void *st, Batch **out, char **err) {
    (void)err;
    GenScan *g = st;
    if (g->pos >= g->n) return 0;
    batch_reset(g->b);
    uint32_t k = 0;
    for (; k < BATCH_ROWS && g->pos < g->n; k++, g->pos++) {
        long id = g->pos;
        for (uint32_t c = 0; c < g->b->ncols; c++) {
            Vec *v = &g->b->cols[c];
            switch (g->src[c]) {
            case 0: ((int64_t *)v->data)[k] = id; break;
            case 1: ((int32_t *)v->data)[k] = (int32_t)(id % 7); break;
            case 2: {
                int len = snprintf(g->buf[k], sizeof g->buf[k], "s%ld", id % 13);
                ((Str *)v->data)[k] = batch_str(g->b, g->buf[k], (uint32_t)len);
                break;
            }
            default:
                ((double *)v->data)[k] = (double)id * 0.5;
                if (id % 5 == 0) vec_set_null(v, k);
            }
        }
    }
    g->b->nrows = k;
    *out = g->b;
    return 1;
}

static void gen_close(void *st) {
    GenScan *g = st;
    batch_free(g->b);
    free(g);
}

static int gen_open(void *ud, const PlanNode *node, ExecScan *out, char **err) {
    (void)ud;
    if (strncmp(node->name, "gen:", 4) != 0) {
        *err = xstrdup("unknown test input");
        return -1;
    }
    GenScan *g = xcalloc(1, sizeof *g);
    g->n = atol(node->name + 4);
    static const char *names[4] = {"id", "g", "s", "x"};
    Type all[4] = {TYPE(TY_BIGINT), TYPE(TY_INT), TYPE(TY_STRING), TYPE(TY_DOUBLE)}, ts[4];
    uint32_t n = node->ncols < 4 ? node->ncols : 4;
    for (uint32_t c = 0; c < n; c++) {
        g->src[c] = (int)c;
        for (int k = 0; k < 4; k++)
            if (!strcmp(node->names[c], names[k])) g->src[c] = k;
        ts[c] = all[g->src[c]];
    }
    g->b = batch_new(ts, n);
    *out = (ExecScan){g, gen_next, gen_close};
    return 0;
}

/* Run a Rel; returns the rows (malloc'd) or "ERROR: message". */
static char *run_rel(const char *json, bool ansi) {
    cJSON *j = cJSON_Parse(json);
    if (!j) return xstrdup("ERROR: bad test JSON");
    Arena a = {0};
    char *err = NULL;
    PlanNode *n = plan_load_rel(j, &a, &err);
    StrBuf out = {0};
    if (n) {
        ExecEnv env = {.open_scan = gen_open, .ansi = ansi};
        Batch **bs;
        int nb;
        if (exec_collect(n, &env, &bs, &nb, &err) == 0) {
            for (int i = 0; i < nb; i++) exec_format_rows(bs[i], NULL, EXEC_FMT_TEXT, &out);
            exec_free_batches(bs, nb);
        }
    }
    if (err) {
        sb_reset(&out);
        sb_printf(&out, "ERROR: %s", err);
        free(err);
    }
    arena_free_all(&a);
    cJSON_Delete(j);
    char *r = xstrdup(sb_cstr(&out));
    sb_free(&out);
    return r;
}

/* Evaluate expression e (given as JSON) over a one-row VALUES with no columns. */
__attribute__((unused)) static char *eval1(const char *e, const char *type, bool ansi) {
    const char *rel = tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s],\"input\":"
                             "{\"op\":\"values\",\"schema\":[],\"rows\":[[]]}}",
                             SCH(tx_fmt("v:%s", type)), e);
    return run_rel(rel, ansi);
}

#define CHECK_ROWS(json, want)                                                                     \
    do {                                                                                           \
        char *got_ = run_rel((json), false);                                                       \
        CHECK_STR(got_, (want));                                                                   \
        free(got_);                                                                                \
    } while (0)

#define CHECK_EXPR(e, type, want)                                                                  \
    do {                                                                                           \
        char *got_ = eval1((e), (type), false);                                                    \
        CHECK_STR(got_, want "\n");                                                                \
        free(got_);                                                                                \
    } while (0)

#define CHECK_EXPR_ANSI(e, type, want)                                                             \
    do {                                                                                           \
        char *got_ = eval1((e), (type), true);                                                     \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

static void tx_done(void) {
    arena_free_all(&tx_arena);
}

#endif
