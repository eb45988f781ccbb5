/* Arrays and maps in the executor: the nested value helpers (nested.h: copies between
 * batches, hash/equality/order, Spark and JSON text), array kernels through plan JSON
 * (NULL and empty arrays), and the explode operator's output batches staying at
 * BATCH_ROWS rows when one input row holds a large array. */
#include "nested.h"
#include "op.h"
#include "test_exec_util.h"

static TypeNested int_elem = {.elem = {.id = TY_INT}};
static TypeNested str_elem = {.elem = {.id = TY_STRING}};

/* Row r of a: the ints of vals (INT32_MIN: a NULL element); n < 0: a NULL array. */
static void put_ints(Vec *a, uint32_t r, const int32_t *vals, int n) {
    if (n < 0) {
        vec_set_null(a, r);
        vec_lists(a)[r] = (VecList){a->child_len, 0};
        return;
    }
    uint32_t off = nested_push(a, (uint32_t)n);
    for (int k = 0; k < n; k++) {
        ((int32_t *)a->child[0].data)[off + (uint32_t)k] = vals[k];
        if (vals[k] == INT32_MIN) vec_set_null_n(&a->child[0], off + (uint32_t)k, a->child_cap);
    }
    vec_lists(a)[r] = (VecList){off, (uint32_t)n};
}

static char *text(const Vec *v, uint32_t r, bool json) {
    StrBuf b = {0};
    if (json)
        nested_format_json(v, r, &b);
    else
        nested_format(v, r, &b);
    return sb_take(&b);
}

#define CHECK_TEXT(v, r, json, want)                                                               \
    do {                                                                                           \
        char *t_ = text((v), (r), (json));                                                         \
        CHECK_STR(t_, want);                                                                       \
        free(t_);                                                                                  \
    } while (0)

static void helpers(void) {
    Type t = {.id = TY_ARRAY, .nested = &int_elem};
    Batch *b = batch_new(&t, 1);
    Vec *a = &b->cols[0];
    put_ints(a, 0, (int32_t[]){1, INT32_MIN, 3}, 3);
    put_ints(a, 1, NULL, 0);
    put_ints(a, 2, NULL, -1);
    put_ints(a, 3, (int32_t[]){1, INT32_MIN, 3}, 3);
    put_ints(a, 4, (int32_t[]){1, 2}, 2);
    put_ints(a, 5, (int32_t[]){1}, 1);
    b->nrows = 6;
    CHECK_TEXT(a, 0, false, "[1, null, 3]");
    CHECK_TEXT(a, 0, true, "[1,null,3]");
    CHECK_TEXT(a, 1, false, "[]");
    CHECK(nested_eq(a, 0, a, 3) && !nested_eq(a, 0, a, 4) && !nested_eq(a, 1, a, 5));
    CHECK(nested_hash(a, 0) == nested_hash(a, 3));
    CHECK(nested_cmp(a, 5, a, 4) < 0);  // a prefix first
    CHECK(nested_cmp(a, 0, a, 4) < 0);  // NULL element before 2
    CHECK(nested_cmp(a, 1, a, 5) < 0 && nested_cmp(a, 4, a, 4) == 0);
    // copying rows into another batch keeps values and NULLs, and survives the source
    Batch *c = batch_new(&t, 1);
    uint16_t rows[3] = {3, 2, 1};
    vec_gather(c, 0, 0, a, rows, 3);
    c->nrows = 3;
    batch_free(b);
    CHECK_TEXT(&c->cols[0], 0, false, "[1, null, 3]");
    CHECK(vec_is_null(&c->cols[0], 1));
    CHECK_TEXT(&c->cols[0], 2, false, "[]");
    batch_free(c);
}

static void strings_and_maps(void) {
    TypeNested mt = {.elem = {.id = TY_STRING}, .value = {.id = TY_ARRAY, .nested = &str_elem}};
    Type t = {.id = TY_MAP, .nested = &mt};
    Batch *b = batch_new(&t, 1);
    Vec *m = &b->cols[0];
    uint32_t off = nested_push(m, 2);
    ((Str *)m->child[0].data)[off] = batch_str(b, "k\"1", 3);
    ((Str *)m->child[0].data)[off + 1] = batch_str(b, "k2", 2);
    Vec *vals = &m->child[1];
    uint32_t e = nested_push(vals, 2);
    ((Str *)vals->child[0].data)[e] = batch_str(b, "x", 1);
    vec_set_null_n(&vals->child[0], e + 1, vals->child_cap);
    vec_lists(vals)[off] = (VecList){e, 2};
    vec_set_null_n(vals, off + 1, m->child_cap);
    vec_lists(m)[0] = (VecList){off, 2};
    b->nrows = 1;
    CHECK_TEXT(m, 0, false, "{k\"1 -> [x, null], k2 -> null}");
    CHECK_TEXT(m, 0, true, "{\"k\\\"1\":[\"x\",null],\"k2\":null}");
    Batch *c = batch_new(&t, 1);
    val_copy(c, 0, 0, m, 0);
    c->nrows = 1;
    batch_free(b);
    CHECK_TEXT(&c->cols[0], 0, false, "{k\"1 -> [x, null], k2 -> null}");
    batch_free(c);
}

static const char *ARR(int n, ...) {  // array(v1, ...) of int literals; "NULL" elements
    StrBuf b = {0};
    va_list ap;
    va_start(ap, n);
    sb_puts(&b, "{\"fn\":\"array\",\"args\":[");
    for (int i = 0; i < n; i++) {
        const char *v = va_arg(ap, const char *);
        sb_printf(&b, "%s%s", i ? "," : "", L(strcmp(v, "NULL") ? v : NULL, "int"));
    }
    va_end(ap);
    sb_puts(&b, "],\"type\":\"array<int>\"}");
    const char *s = tx_fmt("%s", sb_cstr(&b));
    sb_free(&b);
    return s;
}

static void kernels(void) {
    const char *a = ARR(4, "3", "NULL", "1", "3");
    CHECK_EXPR(a, "array<int>", "[3, null, 1, 3]");
    CHECK_EXPR(F("size", "int", 1, a), "int", "4");
    CHECK_EXPR(F("size", "int", 1, L(NULL, "array<int>")), "int", "-1");
    CHECK_EXPR(F("sort_array", "array<int>", 1, a), "array<int>", "[null, 1, 3, 3]");
    CHECK_EXPR(F("array_distinct", "array<int>", 1, a), "array<int>", "[3, null, 1]");
    CHECK_EXPR(F("element_at", "int", 2, a, L("-1", "int")), "int", "3");
    CHECK_EXPR(F("element_at", "int", 2, a, L("9", "int")), "int", "NULL");
    CHECK_EXPR(F("array_contains", "boolean", 2, a, L("2", "int")), "boolean", "NULL");
    CHECK_EXPR(F("array_max", "int", 1, ARR(0)), "int", "NULL");
    CHECK_EXPR(F("slice", "array<int>", 3, a, L("2", "int"), L("2", "int")), "array<int>",
               "[null, 1]");
    CHECK_EXPR(F("split", "array<string>", 2, L("a1b22c", "string"), L("[0-9]+", "string")),
               "array<string>", "[a, b, c]");
    CHECK_EXPR(F("cast", "string", 1, a), "string", "[3, null, 1, 3]");
    char *got = eval1(F("element_at", "int", 2, a, L("0", "int")), "int", false);
    CHECK(strstr(got, "ERROR: [INVALID_INDEX_OF_ZERO]") == got);
    free(got);
    got = eval1(F("element_at", "int", 2, a, L("7", "int")), "int", true);  // ANSI
    CHECK(strstr(got, "ERROR: [INVALID_ARRAY_INDEX_IN_ELEMENT_AT]") == got);
    free(got);
}

/* explode(sequence(1, n)) of one row: batches of at most BATCH_ROWS, every element once. */
static void explode_batches(void) {
    const char *seq = F("sequence", "array<int>", 2, L("1", "int"), L("5000", "int"));
    const char *proj = tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s,%s],\"input\":"
                              "{\"op\":\"values\",\"schema\":[],\"rows\":[[]]}}",
                              SCH("k:int a:array<int>"), L("7", "int"), seq);
    const char *rel = tx_fmt("{\"op\":\"explode\",\"schema\":%s,\"input\":%s,\"expr\":%s,"
                             "\"outer\":false,\"with_pos\":true}",
                             SCH("k:int a:array<int> pos:int col:int"), proj, C(1, "array<int>"));
    cJSON *j = cJSON_Parse(rel);
    Arena ar = {0};
    char *err = NULL;
    PlanNode *n = plan_load_rel(j, &ar, &err);
    CHECK(n != NULL);
    ExecEnv env = {.open_scan = gen_open};
    Exec *ex = n ? exec_open(n, &env, &err) : NULL;
    CHECK(ex != NULL);
    Batch *b;
    uint32_t sizes[8] = {0}, nb = 0;
    int64_t sum = 0, expect_pos = 0;
    bool ok = true;
    while (ex && exec_next(ex, &b, &err) > 0 && nb < 8) {
        sizes[nb++] = batch_live(b);
        for (uint32_t k = 0; k < batch_live(b); k++) {
            uint32_t r = batch_row(b, k);
            ok &= ((int32_t *)b->cols[0].data)[r] == 7;
            ok &= ((int32_t *)b->cols[2].data)[r] == expect_pos++;
            sum += ((int32_t *)b->cols[3].data)[r];
        }
    }
    CHECK(ok && err == NULL);
    CHECK(nb == 3 && sizes[0] == BATCH_ROWS && sizes[1] == BATCH_ROWS && sizes[2] == 904);
    CHECK(sum == 5000LL * 5001 / 2);
    if (ex) exec_close(ex);
    free(err);
    arena_free_all(&ar);
    cJSON_Delete(j);
}

static void explode_outer_rows(void) {
    // rows: [1, NULL], [], NULL; explode_outer keeps the last two with NULLs
    const char *vals = "{\"op\":\"values\",\"schema\":[{\"name\":\"a\",\"type\":\"array<int>\","
                       "\"nullable\":true}],\"rows\":[[%s],[%s],[%s]]}";
    const char *in = tx_fmt(vals, ARR(2, "1", "NULL"), ARR(0), L(NULL, "array<int>"));
    const char *rel = tx_fmt("{\"op\":\"explode\",\"schema\":%s,\"input\":%s,\"expr\":%s,"
                             "\"outer\":%s,\"with_pos\":false}",
                             SCH("a:array<int> col:int"), in, C(0, "array<int>"), "%s");
    CHECK_ROWS(tx_fmt(rel, "true"), "[1, null]\t1\n[1, null]\tNULL\n[]\tNULL\nNULL\tNULL\n");
    CHECK_ROWS(tx_fmt(rel, "false"), "[1, null]\t1\n[1, null]\tNULL\n");
}

int main(void) {
    RUN(helpers);
    RUN(strings_and_maps);
    RUN(kernels);
    RUN(explode_batches);
    RUN(explode_outer_rows);
    tx_done();
    return test_summary();
}
