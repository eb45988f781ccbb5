/* `sluice query`: run the query of one dataset of a plan (the planner compiles the
 * user's SQL as a temporary view) over the tables of a store and over files, and
 * print the rows as an aligned table, CSV or JSON lines. Without a store only files
 * are read: nothing is looked up or created in the current directory. */
#include "rt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

static uint32_t display_width(const char *s, size_t n) {
    uint32_t w = 0;
    for (size_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

static void print_table(char ***cells, uint32_t nrows, const PlanNode *q, FILE *out) {
    uint32_t nc = q->ncols;
    uint32_t *w = xcalloc(nc + 1, sizeof *w);
    for (uint32_t c = 0; c < nc; c++) w[c] = display_width(q->names[c], strlen(q->names[c]));
    for (uint32_t r = 0; r < nrows; r++)
        for (uint32_t c = 0; c < nc; c++) {
            uint32_t x = display_width(cells[r][c], strlen(cells[r][c]));
            if (x > w[c]) w[c] = x;
        }
    for (uint32_t c = 0; c < nc; c++)
        fprintf(out, "%s%s%*s", c ? " | " : "", q->names[c],
                c + 1 == nc ? 0 : (int)(w[c] - display_width(q->names[c], strlen(q->names[c]))), "");
    fputc('\n', out);
    for (uint32_t c = 0; c < nc; c++) {
        fputs(c ? "-+-" : "", out);
        for (uint32_t k = 0; k < w[c]; k++) fputc('-', out);
    }
    fputc('\n', out);
    for (uint32_t r = 0; r < nrows; r++) {
        for (uint32_t c = 0; c < nc; c++) {
            const char *s = cells[r][c];
            int pad = (int)(w[c] - display_width(s, strlen(s)));
            bool right = type_is_numeric(q->types[c].id), last = c + 1 == nc;
            fprintf(out, "%s%*s%s%*s", c ? " | " : "", right ? pad : 0, "", s, right || last ? 0 : pad, "");
        }
        fputc('\n', out);
    }
    fprintf(out, "(%u row%s)\n", nrows, nrows == 1 ? "" : "s");
    free(w);
}

/* The runtime's scan provider, except that without a store a table read is an error
 * (the planner already refuses them; this keeps a hand-written plan from reading
 * tables relative to the current directory). */
static int needs_store(ScanCtx *cx, const PlanNode *node, char **err) {
    if (!cx->up->storage) {
        const char *table = node->kind == PN_SCAN_TABLE ? node->name : NULL;
        if (node->kind == PN_SCAN_INPUT) {
            RtInput *in = rt_input(cx->up, node->name);
            if (in && in->kind && !strcmp(in->kind, "table")) table = in->name ? in->name : "?";
        }
        if (node->kind == PN_SCAN_DATASET) table = node->name;
        if (table) {
            *err = rt_strdupf("table '%s' cannot be read without a store: "
                              "pass --storage DIR or --settings FILE", table);
            return -1;
        }
    }
    return 0;
}

static int query_open_scan(void *ud, const PlanNode *node, ExecScan *out, char **err) {
    return needs_store(ud, node, err) ? -1 : rt_open_scan(ud, node, out, err);
}

static int query_open_scan_part(void *ud, const PlanNode *node, int part, int nparts,
                                void **group, ExecScan *out, char **err) {
    return needs_store(ud, node, err) ? -1
                                      : rt_open_scan_part(ud, node, part, nparts, group, out, err);
}

int pipeline_query(const cJSON *plan, const char *dataset, const char *storage, const char *format,
                   char **err) {
    Update up = {.plan = plan};
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(plan, "pipeline");
    const cJSON *sch = cJSON_GetObjectItemCaseSensitive(p, "schema");
    up.schema = cJSON_IsString(sch) ? sch->valuestring : "default";
    up.storage = storage ? xstrdup(storage) : NULL;
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(p, "configuration");
    const cJSON *ansi = cJSON_GetObjectItemCaseSensitive(conf, "spark.sql.ansi.enabled");
    up.ansi = cJSON_IsString(ansi) && !strcasecmp(ansi->valuestring, "true");
    struct timeval tv;
    gettimeofday(&tv, NULL);
    up.now_us = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
    pthread_mutex_init(&up.mu, NULL);
    int rc = rt_plan_load(&up, plan, err);
    RtDataset *d = rc ? NULL : rt_dataset(&up, dataset);
    RtFlow *f = d && d->nflows ? d->flows[0] : NULL;
    if (!rc && (!f || !f->query)) {
        *err = rt_strdupf("the query did not compile");
        rc = -1;
    }
    Exec *ex = NULL;
    ScanCtx cx = {.up = &up, .flow = f};
    ExecEnv env = {.open_scan = query_open_scan, .open_scan_part = query_open_scan_part,
                   .free_scan_group = rt_scan_group_free, .ud = &cx,
                   .ansi = f ? f->ansi : false, .now_us = up.now_us};
    if (!rc && !(ex = exec_open(f->query, &env, err))) rc = -1;
    ExecFormat fmt = !strcmp(format, "csv") ? EXEC_FMT_CSV : EXEC_FMT_JSON;
    bool table = !strcmp(format, "table");
    StrBuf out = {0}, v = {0};
    char ***cells = NULL;
    uint32_t nrows = 0, cap = 0;
    if (!rc && !table && fmt == EXEC_FMT_CSV) exec_format_header(f->query->names, f->query->ncols, fmt, &out);
    Batch *b;
    while (!rc) {
        int r = exec_next(ex, &b, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        if (!table) {
            exec_format_rows(b, f->query->names, fmt, &out);
            fwrite(out.ptr, 1, out.len, stdout);
            sb_reset(&out);
            continue;
        }
        for (uint32_t k = 0; k < batch_live(b); k++) {
            uint32_t row = batch_row(b, k);
            if (nrows == cap) {
                cap = cap ? cap * 2 : 64;
                cells = xrealloc(cells, cap * sizeof *cells);
            }
            cells[nrows] = xmalloc((f->query->ncols + 1) * sizeof **cells);
            for (uint32_t c = 0; c < f->query->ncols; c++) {
                const Vec *vec = &b->cols[c];
                uint32_t i = vec->is_const ? 0 : row;
                sb_reset(&v);
                if (vec_is_null(vec, i)) sb_puts(&v, "NULL");
                else value_format(vec, i, &v);
                cells[nrows][c] = xstrdup(sb_cstr(&v));
            }
            nrows++;
        }
    }
    if (!rc && table) print_table(cells, nrows, f->query, stdout);
    if (!rc && out.len) fwrite(out.ptr, 1, out.len, stdout);
    for (uint32_t r = 0; r < nrows; r++) {
        for (uint32_t c = 0; c < f->query->ncols; c++) free(cells[r][c]);
        free(cells[r]);
    }
    free(cells);
    sb_free(&out);
    sb_free(&v);
    exec_close(ex);
    rt_plan_free(&up);
    arena_free_all(&up.arena);
    pthread_mutex_destroy(&up.mu);
    free(up.storage);
    return rc;
}
