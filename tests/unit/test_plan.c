/* Planner unit tests: IR built with the ir_* constructors (as both front ends do),
 * planned, and the plan JSON / diagnostics compared exactly. */
#include "test.h"

#include "ir.h"
#include "planner.h"

#include <stdlib.h>

typedef struct {
    Arena      a;
    IrPipeline ir;
    SourceSet  src;
    Diags      d;
    Settings   s;
    cJSON     *plan;
    StrBuf     msgs;  // "error: ...\n" lines
} T;

static void t_init(T *t) {
    memset(t, 0, sizeof *t);
    ir_init(&t->ir, &t->a);
    src_init(&t->src);
    diag_init(&t->d);
    settings_init(&t->s);
}

static void t_plan(T *t) {
    PlanOptions o = {.settings = &t->s};
    t->plan = plan_build(&t->ir, &t->src, &o, &t->d);
    static const char *lv[] = {"error", "warning", "note"};
    for (int i = 0; i < t->d.n; i++) sb_printf(&t->msgs, "%s: %s\n", lv[t->d.items[i].level], t->d.items[i].msg);
}

static void t_free(T *t) {
    cJSON_Delete(t->plan);
    sb_free(&t->msgs);
    settings_free(&t->s);
    diag_free(&t->d);
    src_free(&t->src);
    ir_free(&t->ir);
    arena_free_all(&t->a);
}

static IrDataset *ds(T *t, IrDatasetKind k, const char *name, IrRel *q) {
    IrDataset *d = ir_dataset_new(&t->ir, k, ir_name1(&t->a, name, SRC_NONE), SRC_NONE, LANG_SQL);
    d->query = q;
    return d;
}

static IrRel *scan(T *t, const char *name, bool live, bool stream) {
    IrName n = ir_name1(&t->a, name, SRC_NONE);
    n.live = live;
    return ir_scan(&t->a, n, stream, SRC_NONE);
}

static IrRel *select_star(T *t, IrRel *in) {
    IrExpr *s = ir_star(&t->a, NULL, SRC_NONE);
    return ir_project(&t->a, in, &s, 1, SRC_NONE);
}

static IrRel *values1(T *t, const char *col, IrExpr *v) {
    IrRel *r = ir_values(&t->a, &v, 1, 1, SRC_NONE);
    IrExpr *c = ir_alias(&t->a, ir_col(&t->a, NULL, "col1", SRC_NONE), col, SRC_NONE);
    return ir_project(&t->a, r, &c, 1, SRC_NONE);
}

static char *json_of(const cJSON *j) { return cJSON_PrintUnformatted(j); }

static const cJSON *find_ds(const cJSON *plan, const char *name) {
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(plan, "datasets"))
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(x, "name")), name)) return x;
    return NULL;
}

/* dlt-language.md 5 case 1: order comes from references, not from the text. */
static void plan_orders_by_reference(void) {
    T t;
    t_init(&t);
    ds(&t, DS_MATERIALIZED_VIEW, "b", select_star(&t, scan(&t, "a", false, false)));
    ds(&t, DS_MATERIALIZED_VIEW, "a", values1(&t, "x", ir_lit_int(&t.a, 1, SRC_NONE)));
    t_plan(&t);
    CHECK(t.plan != NULL);
    CHECK_STR(sb_cstr(&t.msgs), "");
    char *st = json_of(cJSON_GetObjectItem(t.plan, "stages"));
    CHECK_STR(st, "[[\"a\"],[\"b\"]]");
    free(st);
    char *sc = json_of(cJSON_GetObjectItem(find_ds(t.plan, "b"), "schema"));
    CHECK_STR(sc, "[{\"name\":\"x\",\"type\":\"int\",\"nullable\":true,\"comment\":null}]");
    free(sc);
    char *rd = json_of(cJSON_GetObjectItem(find_ds(t.plan, "b"), "reads"));
    CHECK_STR(rd, "[\"a\"]");
    free(rd);
    t_free(&t);
}

static void plan_unknown_live_dataset(void) {
    T t;
    t_init(&t);
    ds(&t, DS_MATERIALIZED_VIEW, "clickstream_raw", values1(&t, "x", ir_lit_int(&t.a, 1, SRC_NONE)));
    ds(&t, DS_MATERIALIZED_VIEW, "b", select_star(&t, scan(&t, "clickstream_rwa", true, false)));
    ds(&t, DS_MATERIALIZED_VIEW, "c", select_star(&t, scan(&t, "missing", true, false)));
    t_plan(&t);
    CHECK(t.plan == NULL);
    CHECK_STR(sb_cstr(&t.msgs),
              "error: unknown dataset 'clickstream_rwa' read by flow 'b' (did you mean 'clickstream_raw'?)\n"
              "error: unknown dataset 'missing' read by flow 'c': it is not defined in this pipeline\n");
    t_free(&t);
}

static void plan_external_and_near_miss(void) {
    T t;
    t_init(&t);
    ds(&t, DS_MATERIALIZED_VIEW, "orders", values1(&t, "x", ir_lit_int(&t.a, 1, SRC_NONE)));
    ds(&t, DS_MATERIALIZED_VIEW, "b", select_star(&t, scan(&t, "ordrs", false, false)));
    IrName n;
    ir_name_parse(&t.a, "sales.customers", SRC_NONE, &n);
    ds(&t, DS_MATERIALIZED_VIEW, "c", select_star(&t, ir_scan(&t.a, n, false, SRC_NONE)));
    t_plan(&t);
    CHECK_STR(sb_cstr(&t.msgs),
              "error: unknown dataset 'ordrs' read by flow 'b' (did you mean 'orders'?)\n"
              "warning: 'sales.customers' is not defined in this pipeline: reading it as an external table\n");
    t_free(&t);
}

static void plan_cycle_and_duplicate(void) {
    T t;
    t_init(&t);
    ds(&t, DS_MATERIALIZED_VIEW, "a", select_star(&t, scan(&t, "b", false, false)));
    ds(&t, DS_MATERIALIZED_VIEW, "b", select_star(&t, scan(&t, "a", false, false)));
    ds(&t, DS_VIEW, "A", values1(&t, "x", ir_lit_int(&t.a, 1, SRC_NONE)));
    t_plan(&t);
    CHECK(t.plan == NULL);
    CHECK_STR(sb_cstr(&t.msgs),
              "error: dataset 'A' is defined twice: MATERIALIZED VIEW and VIEW\n"
              "note: 'a' is first defined here\n"
              "error: datasets 'a' and 'b' depend on each other; cycles are not allowed\n"
              "note: 'a' reads 'b' here\n"
              "note: 'b' reads 'a' here\n");
    t_free(&t);
}

static void plan_streaming_modes(void) {
    T t;
    t_init(&t);
    IrRel *f = ir_files(&t.a, "json", "/nonexistent/in", false, true, SRC_NONE);
    ds(&t, DS_STREAMING_TABLE, "raw", select_star(&t, f));
    ds(&t, DS_STREAMING_TABLE, "s", select_star(&t, scan(&t, "raw", false, false)));
    ds(&t, DS_MATERIALIZED_VIEW, "m", select_star(&t, scan(&t, "raw", false, true)));
    IrRel *rf = ir_files(&t.a, "json", "/nonexistent/in", false, false, SRC_NONE);
    ds(&t, DS_STREAMING_TABLE, "s2", select_star(&t, rf));
    t_plan(&t);
    CHECK_STR(sb_cstr(&t.msgs),
              "error: streaming table 's' needs a streaming query; read sources with "
              "STREAM(...)/read_stream or make it a materialized view\n"
              "error: materialized view 'm' cannot read the stream 'raw'\n"
              "error: streaming table 's2' needs a streaming query; read sources with "
              "STREAM(...)/read_stream or make it a materialized view\n");
    t_free(&t);
}

static IrExpr *col(T *t, const char *n) { return ir_col(&t->a, NULL, n, SRC_NONE); }

static IrRel *names_query(T *t) {
    IrExpr *cells[4] = {ir_lit_int(&t->a, 1, SRC_NONE), ir_lit_int(&t->a, 2, SRC_NONE),
                        ir_lit_str(&t->a, "x", SRC_NONE), ir_lit_str(&t->a, "7", SRC_NONE)};
    IrRel *v = ir_values(&t->a, cells, 1, 4, SRC_NONE);
    v = ir_alias_rel(&t->a, v, "t", (const char *[]){"a", "b", "s", "x"}, 4, SRC_NONE);
    IrExpr *items[4] = {ir_call2(&t->a, "add", col(t, "a"), col(t, "b"), SRC_NONE),
                        ir_cast(&t->a, col(t, "x"), TYPE(TY_INT), false, SRC_NONE),
                        ir_call1(&t->a, "upper", col(t, "s"), SRC_NONE), col(t, "a")};
    return ir_project(&t->a, v, items, 4, SRC_NONE);
}

/* Spark's names for unaliased expressions (dlt-language.md 2.7). */
static void plan_output_names(void) {
    T t;
    t_init(&t);
    ds(&t, DS_MATERIALIZED_VIEW, "p", names_query(&t));
    t_plan(&t);
    char *sc = json_of(cJSON_GetObjectItem(find_ds(t.plan, "p"), "schema"));
    CHECK_STR(sc, "[{\"name\":\"(a + b)\",\"type\":\"int\",\"nullable\":true,\"comment\":null},"
                  "{\"name\":\"CAST(x AS INT)\",\"type\":\"int\",\"nullable\":true,\"comment\":null},"
                  "{\"name\":\"upper(s)\",\"type\":\"string\",\"nullable\":true,\"comment\":null},"
                  "{\"name\":\"a\",\"type\":\"int\",\"nullable\":true,\"comment\":null}]");
    free(sc);
    CHECK_STR(sb_cstr(&t.msgs), "");
    t_free(&t);
    /* A reader of p sees those names: `s` is gone, and the message lists what there is. */
    t_init(&t);
    ds(&t, DS_MATERIALIZED_VIEW, "p", names_query(&t));
    IrExpr *key = col(&t, "s");
    IrExpr *outs[1] = {col(&t, "s")};
    ds(&t, DS_MATERIALIZED_VIEW, "g",
       ir_aggregate(&t.a, scan(&t, "p", false, false), &key, 1, outs, 1, SRC_NONE));
    t_plan(&t);
    CHECK(t.plan == NULL);
    CHECK_STR(sb_cstr(&t.msgs), "error: unknown column 's' (did you mean 'a'?); available: (a + b), "
                                "CAST(x AS INT), upper(s), a\n");
    t_free(&t);
}

static void plan_aggregate(void) {
    T t;
    t_init(&t);
    IrExpr *cells[2] = {ir_lit_str(&t.a, "k", SRC_NONE), ir_lit_int(&t.a, 5, SRC_NONE)};
    IrRel *v = ir_alias_rel(&t.a, ir_values(&t.a, cells, 1, 2, SRC_NONE), "t",
                            (const char *[]){"g", "amount"}, 2, SRC_NONE);
    ds(&t, DS_MATERIALIZED_VIEW, "src", select_star(&t, v));
    IrExpr *cnt = ir_call(&t.a, "count", NULL, 0, SRC_NONE);
    cnt->is_count_star = true;
    IrExpr *outs[3] = {col(&t, "g"), cnt, ir_call1(&t.a, "sum", col(&t, "amount"), SRC_NONE)};
    IrExpr *key = col(&t, "g");
    ds(&t, DS_MATERIALIZED_VIEW, "agg",
       ir_aggregate(&t.a, scan(&t, "src", false, false), &key, 1, outs, 3, SRC_NONE));
    IrExpr *bad[1] = {col(&t, "amount")};
    ds(&t, DS_MATERIALIZED_VIEW, "bad",
       ir_aggregate(&t.a, scan(&t, "src", false, false), &key, 1, bad, 1, SRC_NONE));
    t_plan(&t);
    CHECK_STR(sb_cstr(&t.msgs), "error: column 'amount' must be in GROUP BY or inside an aggregate function\n");
    t_free(&t);
    t_init(&t);
    ds(&t, DS_MATERIALIZED_VIEW, "src", select_star(&t, ir_alias_rel(&t.a, ir_values(&t.a, (IrExpr *[]){ir_lit_str(&t.a, "k", SRC_NONE), ir_lit_int(&t.a, 5, SRC_NONE)}, 1, 2, SRC_NONE), "t", (const char *[]){"g", "amount"}, 2, SRC_NONE)));
    IrExpr *cnt2 = ir_call(&t.a, "count", NULL, 0, SRC_NONE);
    cnt2->is_count_star = true;
    IrExpr *o2[3] = {col(&t, "g"), cnt2, ir_call1(&t.a, "sum", col(&t, "amount"), SRC_NONE)};
    IrExpr *k2 = col(&t, "g");
    ds(&t, DS_MATERIALIZED_VIEW, "agg", ir_aggregate(&t.a, scan(&t, "src", false, false), &k2, 1, o2, 3, SRC_NONE));
    t_plan(&t);
    CHECK_STR(sb_cstr(&t.msgs), "");
    char *sc = json_of(cJSON_GetObjectItem(find_ds(t.plan, "agg"), "schema"));
    CHECK_STR(sc, "[{\"name\":\"g\",\"type\":\"string\",\"nullable\":true,\"comment\":null},"
                  "{\"name\":\"count(1)\",\"type\":\"bigint\",\"nullable\":true,\"comment\":null},"
                  "{\"name\":\"sum(amount)\",\"type\":\"bigint\",\"nullable\":true,\"comment\":null}]");
    free(sc);
    t_free(&t);
}

static void plan_expectations_and_edition(void) {
    T t;
    t_init(&t);
    t.s.edition = "CORE";
    IrDataset *d = ds(&t, DS_MATERIALIZED_VIEW, "m", values1(&t, "qty", ir_lit_int(&t.a, 1, SRC_NONE)));
    IrExpr *gt = ir_call2(&t.a, "gt", col(&t, "qty"), ir_lit_int(&t.a, 0, SRC_NONE), SRC_NONE);
    ir_dataset_add_expectation(&t.a, d, "dup", gt, "qty > 0", ACT_WARN, SRC_NONE);
    ir_dataset_add_expectation(&t.a, d, "dup", gt, "qty > 0", ACT_DROP, SRC_NONE);
    IrExpr *bad = ir_call2(&t.a, "gt", col(&t, "no_such_col"), ir_lit_int(&t.a, 0, SRC_NONE), SRC_NONE);
    ir_dataset_add_expectation(&t.a, d, "c", bad, "no_such_col > 0", ACT_FAIL, SRC_NONE);
    t_plan(&t);
    CHECK_STR(sb_cstr(&t.msgs),
              "error: expectation 'dup' is defined twice on 'm'\n"
              "note: the first 'dup' is here\n"
              "error: unknown column 'no_such_col'; available: qty\n"
              "error: expectations need the ADVANCED edition; this pipeline's edition is CORE\n");
    t_free(&t);
}

static void plan_cdc_checks(void) {
    T t;
    t_init(&t);
    IrExpr *cells[3] = {ir_lit_int(&t.a, 1, SRC_NONE), ir_lit_str(&t.a, "D", SRC_NONE), ir_lit_int(&t.a, 3, SRC_NONE)};
    IrRel *v = ir_alias_rel(&t.a, ir_values(&t.a, cells, 1, 3, SRC_NONE), "t",
                            (const char *[]){"id", "op", "seq"}, 3, SRC_NONE);
    ds(&t, DS_VIEW, "changes", select_star(&t, v));
    ds(&t, DS_STREAMING_TABLE, "target", NULL);
    IrFlow *f = ir_flow_new(&t.ir, FLOW_CDC, NULL, ir_name1(&t.a, "target", SRC_NONE), SRC_NONE, LANG_SQL);
    f->query = scan(&t, "changes", false, false);
    IrCdc *c = arena_alloc(&t.a, sizeof *c);
    f->cdc = c;
    c->keys = arena_alloc(&t.a, sizeof *c->keys);
    c->keys[0] = ir_name1(&t.a, "id", SRC_NONE);
    c->nkeys = 1;
    c->sequence_by = col(&t, "seq");
    c->truncate_when = ir_call2(&t.a, "eq", col(&t, "op"), ir_lit_str(&t.a, "T", SRC_NONE), SRC_NONE);
    c->scd_type = 2;
    c->has_columns = c->columns_except = true;
    c->columns = arena_alloc(&t.a, sizeof *c->columns);
    c->columns[0] = ir_name1(&t.a, "id", SRC_NONE);
    c->ncolumns = 1;
    ds(&t, DS_MATERIALIZED_VIEW, "mv", values1(&t, "x", ir_lit_int(&t.a, 1, SRC_NONE)));
    IrFlow *g = ir_flow_new(&t.ir, FLOW_APPEND, "into_mv", ir_name1(&t.a, "mv", SRC_NONE), SRC_NONE, LANG_SQL);
    g->query = values1(&t, "x", ir_lit_int(&t.a, 1, SRC_NONE));
    t_plan(&t);
    CHECK_STR(sb_cstr(&t.msgs),
              "error: flow 'into_mv' targets 'mv', which is not a streaming table\n"
              "note: 'mv' is defined here as a MATERIALIZED VIEW\n"
              "error: APPLY CHANGES into 'target' must read its source as a stream: STREAM(...)\n"
              "error: APPLY AS TRUNCATE WHEN is not allowed with STORED AS SCD TYPE 2\n"
              "error: key column 'id' cannot be excluded by COLUMNS * EXCEPT\n");
    t_free(&t);
}

static void plan_declared_columns(void) {
    T t;
    t_init(&t);
    IrDataset *d = ds(&t, DS_MATERIALIZED_VIEW, "m", values1(&t, "id", ir_lit_int(&t.a, 1, SRC_NONE)));
    ir_dataset_add_column(&t.a, d, "id", TYPE(TY_BIGINT), SRC_NONE)->not_null = true;
    ir_dataset_add_column(&t.a, d, "note", TYPE(TY_STRING), SRC_NONE);
    IrDataset *e = ds(&t, DS_MATERIALIZED_VIEW, "n", values1(&t, "extra", ir_lit_int(&t.a, 1, SRC_NONE)));
    ir_dataset_add_column(&t.a, e, "id", TYPE(TY_BIGINT), SRC_NONE);
    t_plan(&t);
    CHECK_STR(sb_cstr(&t.msgs), "error: column 'extra' of the query is not in the declared schema of 'n'\n");
    t_free(&t);
    t_init(&t);
    d = ds(&t, DS_MATERIALIZED_VIEW, "m", values1(&t, "id", ir_lit_int(&t.a, 1, SRC_NONE)));
    ir_dataset_add_column(&t.a, d, "id", TYPE(TY_BIGINT), SRC_NONE)->not_null = true;
    ir_dataset_add_column(&t.a, d, "note", TYPE(TY_STRING), SRC_NONE);
    t_plan(&t);
    CHECK_STR(sb_cstr(&t.msgs), "");
    const cJSON *fl = cJSON_GetArrayItem(cJSON_GetObjectItem(t.plan, "flows"), 0);
    char *q = json_of(cJSON_GetObjectItem(cJSON_GetObjectItem(fl, "query"), "exprs"));
    CHECK_STR(q, "[{\"fn\":\"cast\",\"args\":[{\"col\":0,\"type\":\"int\"}],\"type\":\"bigint\"},"
                 "{\"lit\":null,\"type\":\"string\"}]");
    free(q);
    t_free(&t);
}

static void plan_text_is_deterministic_and_readable(void) {
    T t;
    t_init(&t);
    ds(&t, DS_MATERIALIZED_VIEW, "a", values1(&t, "x", ir_lit_int(&t.a, 1, SRC_NONE)));
    t_plan(&t);
    char *s1 = plan_to_text(t.plan);
    FILE *f = fopen("/tmp/sluice_test_plan.json", "w");
    fputs(s1, f);
    fclose(f);
    char *err = NULL;
    cJSON *back = plan_read("/tmp/sluice_test_plan.json", &err);
    CHECK(back != NULL);
    char *s2 = back ? plan_to_text(back) : NULL;
    CHECK_STR(s1, s2);
    f = fopen("/tmp/sluice_test_plan.json", "w");
    fputs("{\"format\":\"sluice-plan\",\"version\":7}", f);
    fclose(f);
    cJSON *old = plan_read("/tmp/sluice_test_plan.json", &err);
    CHECK(old == NULL);
    CHECK_STR(err, "plan '/tmp/sluice_test_plan.json' has version 7; this sluice reads version 1: compile it again");
    free(err);
    remove("/tmp/sluice_test_plan.json");
    free(s1);
    free(s2);
    cJSON_Delete(back);
    t_free(&t);
}

int main(void) {
    RUN(plan_orders_by_reference);
    RUN(plan_unknown_live_dataset);
    RUN(plan_external_and_near_miss);
    RUN(plan_cycle_and_duplicate);
    RUN(plan_streaming_modes);
    RUN(plan_output_names);
    RUN(plan_aggregate);
    RUN(plan_expectations_and_edition);
    RUN(plan_cdc_checks);
    RUN(plan_declared_columns);
    RUN(plan_text_is_deterministic_and_readable);
    return test_summary();
}
