/* Operators, row for row: aggregates (NULLs, DISTINCT, FILTER, empty input), every
 * join type with NULL keys and duplicates, sort / top-N, limit / offset, set
 * operations, distinct / dedup, windows, multi-batch inputs, printing, plan errors. */
#include "test_exec_util.h"

#include "expr_eval.h"

static const char *SORTKEY(const char *e, bool desc, bool nulls_first) {
    return tx_fmt("{\"expr\":%s,\"desc\":%s,\"nulls_first\":%s}", e, desc ? "true" : "false",
                  nulls_first ? "true" : "false");
}

static const char *SORT(const char *schema, const char *keys, const char *input) {
    return tx_fmt("{\"op\":\"sort\",\"schema\":%s,\"keys\":[%s],\"input\":%s}", schema, keys,
                  input);
}

static const char *AGG(const char *fn, const char *args, const char *type, bool distinct,
                       const char *filter) {
    return tx_fmt("{\"fn\":\"%s\",\"args\":[%s],\"distinct\":%s,\"filter\":%s,"
                  "\"ignore_nulls\":false,\"type\":\"%s\"}",
                  fn, args, distinct ? "true" : "false", filter ? filter : "null", type);
}

static const char *AGGREGATE(const char *schema, const char *keys, const char *aggs,
                             const char *input) {
    return tx_fmt("{\"op\":\"aggregate\",\"schema\":%s,\"keys\":[%s],\"aggs\":[%s],\"input\":%s}",
                  schema, keys, aggs, input);
}

static const char *JOIN(const char *schema, const char *type, const char *cond, const char *l,
                        const char *r) {
    return tx_fmt("{\"op\":\"join\",\"schema\":%s,\"type\":\"%s\",\"cond\":%s,\"left\":%s,"
                  "\"right\":%s}",
                  schema, type, cond ? cond : "null", l, r);
}

static int cmp_lines(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Rows sorted as text, for operators whose output order is not defined. */
static char *sorted_rows(const char *json) {
    char *out = run_rel(json, false);
    char *lines[20000];
    int n = 0;
    for (char *p = strtok(out, "\n"); p && n < 20000; p = strtok(NULL, "\n")) lines[n++] = p;
    qsort(lines, (size_t)n, sizeof *lines, cmp_lines);
    StrBuf b = {0};
    for (int i = 0; i < n; i++) sb_printf(&b, "%s\n", lines[i]);
    char *r = xstrdup(sb_cstr(&b));
    sb_free(&b);
    free(out);
    return r;
}

#define CHECK_SORTED(json, want)                                                                   \
    do {                                                                                           \
        char *got_ = sorted_rows(json);                                                            \
        CHECK_STR(got_, (want));                                                                   \
        free(got_);                                                                                \
    } while (0)

static void gen_row(long id, StrBuf *b) {
    sb_printf(b, "%ld\t%ld\ts%ld\t", id, id % 7, id % 13);
    if (id % 5 == 0)
        sb_puts(b, "NULL");
    else
        format_double((double)id * 0.5, false, b);
    sb_putc(b, '\n');
}

static const char *GSCH = "id:bigint g:int s:string x:double";

static void aggregate_group_by_multi_batch(void) {
    const char *aggs = tx_fmt("%s,%s,%s,%s,%s,%s", AGG("count", "", "bigint", false, NULL),
                              AGG("count", C(3, "double"), "bigint", false, NULL),
                              AGG("sum", C(0, "bigint"), "bigint", false, NULL),
                              AGG("min", C(2, "string"), "string", false, NULL),
                              AGG("max", C(3, "double"), "double", false, NULL),
                              AGG("avg", C(0, "bigint"), "double", false, NULL));
    const char *schema = SCH("g:int n:bigint nx:bigint sid:bigint ms:string mx:double a:double");
    const char *rel = SORT(schema, SORTKEY(C(0, "int"), false, true),
                           AGGREGATE(schema, C(1, "int"), aggs, GEN(10000)));
    StrBuf want = {0};
    for (int g = 0; g < 7; g++) {
        long n = 0, nx = 0, sum = 0, maxid = -1;
        for (long id = g; id < 10000; id += 7) {
            n++, sum += id;
            if (id % 5) nx++, maxid = id;
        }
        sb_printf(&want, "%d\t%ld\t%ld\t%ld\ts0\t", g, n, nx, sum);
        format_double((double)maxid * 0.5, false, &want);
        sb_putc(&want, '\t');
        format_double((double)sum / (double)n, false, &want);
        sb_putc(&want, '\n');
    }
    CHECK_ROWS(rel, sb_cstr(&want));
    sb_free(&want);
    tx_done();
}

static void aggregate_functions_and_nulls(void) {
    const char *in = VALUES("k:int v:int d:decimal(5,2) s:string b:boolean",
                            "1|10|1.10|x|true;1|NULL|2.25|y|false;1|30|NULL|NULL|NULL;"
                            "2|5|0.01|z|true");
    const char *v = C(1, "int"), *d = C(2, "decimal(5,2)"), *s = C(3, "string"),
               *b = C(4, "boolean");
    const char *aggs = tx_fmt(
        "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", AGG("count", v, "bigint", false, NULL),
        AGG("sum", v, "bigint", false, NULL), AGG("avg", v, "double", false, NULL),
        AGG("min", s, "string", false, NULL), AGG("max", s, "string", false, NULL),
        AGG("sum", d, "decimal(15,2)", false, NULL), AGG("avg", d, "decimal(9,6)", false, NULL),
        AGG("stddev_samp", v, "double", false, NULL), AGG("var_pop", v, "double", false, NULL),
        AGG("first", v, "int", false, NULL), AGG("last", v, "int", false, NULL),
        AGG("count_if", b, "bigint", false, NULL), AGG("bool_or", b, "boolean", false, NULL),
        AGG("bool_and", b, "boolean", false, NULL),
        AGG("min_by", tx_fmt("%s,%s", s, v), "string", false, NULL),
        AGG("max_by", tx_fmt("%s,%s", s, v), "string", false, NULL));
    const char *schema =
        SCH("k:int c:bigint s:bigint a:double mn:string mx:string sd:decimal(15,2) "
            "ad:decimal(9,6) sd2:double vp:double f:int l:int ci:bigint bo:boolean "
            "ba:boolean mnb:string mxb:string");
    CHECK_ROWS(AGGREGATE(schema, C(0, "int"), aggs, in),
               "1\t2\t40\t20.0\tx\ty\t3.35\t1.675000\t14.142135623730951\t100.0\t10\t30\t1\ttrue\t"
               "false\tx\tNULL\n"
               "2\t1\t5\t5.0\tz\tz\t0.01\t0.010000\tNULL\t0.0\t5\t5\t1\ttrue\ttrue\tz\tz\n");
    tx_done();
}

static void aggregate_global_empty_distinct_filter(void) {
    const char *empty = tx_fmt("{\"op\":\"filter\",\"schema\":%s,\"cond\":%s,\"input\":%s}",
                               SCH(GSCH), L("false", "boolean"), GEN(100));
    const char *aggs = tx_fmt("%s,%s,%s", AGG("count", "", "bigint", false, NULL),
                              AGG("sum", C(0, "bigint"), "bigint", false, NULL),
                              AGG("max", C(2, "string"), "string", false, NULL));
    CHECK_ROWS(AGGREGATE(SCH("n:bigint s:bigint m:string"), "", aggs, empty), "0\tNULL\tNULL\n");
    const char *g1 = F("eq", "boolean", 2, C(1, "int"), L("1", "int"));
    const char *aggs2 =
        tx_fmt("%s,%s,%s,%s,%s", AGG("count", C(1, "int"), "bigint", true, NULL),
               AGG("count", C(2, "string"), "bigint", true, NULL),
               AGG("sum", C(1, "int"), "bigint", true, NULL), AGG("count", "", "bigint", false, g1),
               AGG("count", C(2, "string"), "bigint", true, g1));
    CHECK_ROWS(
        AGGREGATE(SCH("a:bigint b:bigint c:bigint d:bigint e:bigint"), "", aggs2, GEN(10000)),
        "7\t13\t21\t1429\t13\n");
    // count(DISTINCT a, b) counts tuples without NULLs
    const char *pairs = VALUES("a:int b:string", "1|x;1|x;1|NULL;2|x;NULL|y;2|y");
    const char *ab = tx_fmt("%s,%s", C(0, "int"), C(1, "string"));
    CHECK_ROWS(AGGREGATE(SCH("n:bigint"), "", AGG("count", ab, "bigint", true, NULL), pairs),
               "3\n");
    CHECK_ROWS(AGGREGATE(SCH("n:bigint"), "", AGG("count", ab, "bigint", false, NULL), pairs),
               "4\n");
    tx_done();
}

static const char *LV = NULL, *RV = NULL;

static const char *join_of(const char *type, const char *cond) {
    bool semi = !strcmp(type, "semi") || !strcmp(type, "anti");
    return JOIN(SCH(semi ? "k:int v:string" : "k:int v:string k2:int w:string"), type, cond, LV,
                RV);
}

static void joins_every_type(void) {
    LV = VALUES("k:int v:string", "1|a;2|b;2|b2;NULL|n;4|d");
    RV = VALUES("k:int w:string", "2|x;2|y;3|z;NULL|m;1|o");
    const char *eq = F("eq", "boolean", 2, C(0, "int"), C(2, "int"));
    CHECK_SORTED(join_of("inner", eq),
                 "1\ta\t1\to\n2\tb\t2\tx\n2\tb\t2\ty\n2\tb2\t2\tx\n2\tb2\t2\ty\n");
    CHECK_SORTED(join_of("left", eq),
                 "1\ta\t1\to\n2\tb\t2\tx\n2\tb\t2\ty\n2\tb2\t2\tx\n2\tb2\t2\ty\n"
                 "4\td\tNULL\tNULL\nNULL\tn\tNULL\tNULL\n");
    CHECK_SORTED(join_of("right", eq),
                 "1\ta\t1\to\n2\tb\t2\tx\n2\tb\t2\ty\n2\tb2\t2\tx\n2\tb2\t2\ty\n"
                 "NULL\tNULL\t3\tz\nNULL\tNULL\tNULL\tm\n");
    CHECK_SORTED(join_of("full", eq),
                 "1\ta\t1\to\n2\tb\t2\tx\n2\tb\t2\ty\n2\tb2\t2\tx\n2\tb2\t2\ty\n"
                 "4\td\tNULL\tNULL\nNULL\tNULL\t3\tz\nNULL\tNULL\tNULL\tm\n"
                 "NULL\tn\tNULL\tNULL\n");
    CHECK_ROWS(join_of("semi", eq), "1\ta\n2\tb\n2\tb2\n");
    CHECK_ROWS(join_of("anti", eq), "NULL\tn\n4\td\n");
    // residual conditions beside the equi-key
    const char *ne_x =
        F("and", "boolean", 2, eq, F("ne", "boolean", 2, C(3, "string"), L("x", "string")));
    CHECK_SORTED(join_of("inner", ne_x), "1\ta\t1\to\n2\tb\t2\ty\n2\tb2\t2\ty\n");
    const char *never =
        F("and", "boolean", 2, eq, F("eq", "boolean", 2, C(3, "string"), L("q", "string")));
    CHECK_SORTED(join_of("left", never), "1\ta\tNULL\tNULL\n2\tb\tNULL\tNULL\n2\tb2\tNULL\tNULL\n"
                                         "4\td\tNULL\tNULL\nNULL\tn\tNULL\tNULL\n");
    const char *is_y =
        F("and", "boolean", 2, eq, F("eq", "boolean", 2, C(3, "string"), L("y", "string")));
    CHECK_ROWS(join_of("semi", is_y), "2\tb\n2\tb2\n");
    CHECK_ROWS(join_of("anti", is_y), "1\ta\nNULL\tn\n4\td\n");
    // cross join and a theta join (no equi-key)
    const char *cnt = AGG("count", "", "bigint", false, NULL);
    CHECK_ROWS(AGGREGATE(SCH("n:bigint"), "", cnt, join_of("cross", NULL)), "25\n");
    const char *lt = F("lt", "boolean", 2, C(0, "int"), C(2, "int"));
    CHECK_SORTED(join_of("inner", lt),
                 "1\ta\t2\tx\n1\ta\t2\ty\n1\ta\t3\tz\n2\tb\t3\tz\n2\tb2\t3\tz\n");
    tx_done();
}

static void join_multi_batch(void) {
    const char *l = GEN(10000), *r = GEN(3000);
    const char *eq = F("eq", "boolean", 2, C(0, "bigint"), C(4, "bigint"));
    const char *schema =
        SCH("id:bigint g:int s:string x:double id2:bigint g2:int s2:string x2:double");
    const char *aggs = tx_fmt("%s,%s", AGG("count", "", "bigint", false, NULL),
                              AGG("sum", C(4, "bigint"), "bigint", false, NULL));
    CHECK_ROWS(AGGREGATE(SCH("n:bigint s:bigint"), "", aggs, JOIN(schema, "inner", eq, l, r)),
               "3000\t4498500\n");
    CHECK_ROWS(AGGREGATE(SCH("n:bigint s:bigint"), "", aggs, JOIN(schema, "left", eq, l, r)),
               "10000\t4498500\n");
    // many matches per key: 10,000 x 100 rows on g (7 keys) -> sum over keys of n_l * n_r
    const char *eqg = F("eq", "boolean", 2, C(1, "int"), C(5, "int"));
    long want = 0;
    for (int g = 0; g < 7; g++) {
        long nl = 0, nr = 0;
        for (long id = 0; id < 10000; id++) nl += id % 7 == g;
        for (long id = 0; id < 100; id++) nr += id % 7 == g;
        want += nl * nr;
    }
    char *got = run_rel(AGGREGATE(SCH("n:bigint"), "", AGG("count", "", "bigint", false, NULL),
                                  JOIN(schema, "inner", eqg, l, GEN(100))),
                        false);
    CHECK(atol(got) == want);
    free(got);
    tx_done();
}

static void sort_nulls_and_directions(void) {
    const char *in = VALUES("a:int b:string", "3|x;NULL|y;1|z;3|a;NULL|b;2|NULL");
    const char *sch = SCH("a:int b:string");
    CHECK_ROWS(SORT(sch,
                    tx_fmt("%s,%s", SORTKEY(C(0, "int"), false, true),
                           SORTKEY(C(1, "string"), true, false)),
                    in),
               "NULL\ty\nNULL\tb\n1\tz\n2\tNULL\n3\tx\n3\ta\n");
    CHECK_ROWS(SORT(sch,
                    tx_fmt("%s,%s", SORTKEY(C(0, "int"), true, false),
                           SORTKEY(C(1, "string"), false, true)),
                    in),
               "3\ta\n3\tx\n2\tNULL\n1\tz\nNULL\tb\nNULL\ty\n");
    tx_done();
}

static void topn_and_limit_offset(void) {
    const char *sch = SCH(GSCH);
    const char *sorted = SORT(sch, SORTKEY(C(3, "double"), true, false), GEN(10000));
    const char *top = tx_fmt(
        "{\"op\":\"limit\",\"schema\":%s,\"limit\":3,\"offset\":1,\"input\":%s}", sch, sorted);
    StrBuf want = {0};
    gen_row(9998, &want);
    gen_row(9997, &want);
    gen_row(9996, &want);
    CHECK_ROWS(top, sb_cstr(&want));
    // NULLS FIRST with ties: input order among the NULLs
    sorted = SORT(sch, SORTKEY(C(3, "double"), true, true), GEN(10000));
    top = tx_fmt("{\"op\":\"limit\",\"schema\":%s,\"limit\":2,\"offset\":0,\"input\":%s}", sch,
                 sorted);
    sb_reset(&want);
    gen_row(0, &want);
    gen_row(5, &want);
    CHECK_ROWS(top, sb_cstr(&want));
    const char *lim = tx_fmt("{\"op\":\"limit\",\"schema\":%s,\"limit\":3,\"offset\":4095,"
                             "\"input\":%s}",
                             sch, GEN(10000));
    sb_reset(&want);
    gen_row(4095, &want);
    gen_row(4096, &want);
    gen_row(4097, &want);
    CHECK_ROWS(lim, sb_cstr(&want));
    lim = tx_fmt("{\"op\":\"limit\",\"schema\":%s,\"limit\":null,\"offset\":9998,\"input\":%s}",
                 sch, GEN(10000));
    sb_reset(&want);
    gen_row(9998, &want);
    gen_row(9999, &want);
    CHECK_ROWS(lim, sb_cstr(&want));
    // a full sort of 10,000 rows is ordered across batch boundaries
    char *got = run_rel(SORT(sch, SORTKEY(C(0, "bigint"), true, false), GEN(10000)), false);
    sb_reset(&want);
    for (long id = 9999; id >= 0; id--) gen_row(id, &want);
    CHECK(got && strcmp(got, sb_cstr(&want)) == 0);
    free(got);
    sb_free(&want);
    tx_done();
}

static const char *SETOP(const char *op, bool all, const char *a, const char *b) {
    return tx_fmt("{\"op\":\"%s\",\"schema\":%s,\"all\":%s,\"inputs\":[%s,%s]}", op, SCH("a:int"),
                  all ? "true" : "false", a, b);
}

static void set_operations(void) {
    const char *a = VALUES("a:int", "1;1;2;NULL;NULL;3"), *b = VALUES("a:int", "1;2;2;NULL;4");
    CHECK_ROWS(SETOP("union", true, a, b), "1\n1\n2\nNULL\nNULL\n3\n1\n2\n2\nNULL\n4\n");
    CHECK_ROWS(SETOP("union", false, a, b), "1\n2\nNULL\n3\n4\n");
    CHECK_ROWS(SETOP("intersect", false, a, b), "1\n2\nNULL\n");
    CHECK_ROWS(SETOP("intersect", true, a, b), "1\n2\nNULL\n");
    CHECK_ROWS(SETOP("except", false, a, b), "3\n");
    CHECK_ROWS(SETOP("except", true, a, b), "1\nNULL\n3\n");
    tx_done();
}

static void distinct_and_dedup(void) {
    const char *in = VALUES("a:int b:string", "1|a;1|b;2|a;1|a;NULL|NULL;NULL|NULL");
    const char *sch = SCH("a:int b:string");
    CHECK_ROWS(tx_fmt("{\"op\":\"distinct\",\"schema\":%s,\"input\":%s}", sch, in),
               "1\ta\n1\tb\n2\ta\nNULL\tNULL\n");
    CHECK_ROWS(tx_fmt("{\"op\":\"dedup\",\"schema\":%s,\"keys\":[0],\"input\":%s}", sch, in),
               "1\ta\n2\ta\nNULL\tNULL\n");
    // distinct over 10,000 rows with 13 values
    CHECK_ROWS(AGGREGATE(SCH("n:bigint"), "", AGG("count", "", "bigint", false, NULL),
                         tx_fmt("{\"op\":\"distinct\",\"schema\":%s,\"input\":{\"op\":\"project\","
                                "\"schema\":%s,\"exprs\":[%s],\"input\":%s}}",
                                SCH("s:string"), SCH("s:string"), C(2, "string"), GEN(10000))),
               "13\n");
    tx_done();
}

static const char *WF(const char *fn, const char *type, const char *args, const char *frame,
                      bool order) {
    return tx_fmt("{\"fn\":\"%s\",\"args\":[%s],\"partition\":[%s],\"order\":[%s],\"frame\":%s,"
                  "\"ignore_nulls\":false,\"type\":\"%s\"}",
                  fn, args, C(0, "string"), order ? SORTKEY(C(1, "int"), false, true) : "", frame,
                  type);
}

static void window_functions(void) {
    const char *in = VALUES("p:string o:int v:int", "a|1|10;b|1|5;a|2|20;a|2|30;a|3|NULL");
    const char *v = C(2, "int");
    const char *rows1 = "{\"unit\":\"rows\",\"start\":{\"kind\":\"preceding\",\"offset\":1},"
                        "\"end\":{\"kind\":\"current_row\",\"offset\":0}}";
    const char *funcs = tx_fmt(
        "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", WF("row_number", "int", "", "null", true),
        WF("rank", "int", "", "null", true), WF("dense_rank", "int", "", "null", true),
        WF("sum", "bigint", v, "null", true), WF("lag", "int", v, "null", true),
        WF("sum", "bigint", v, rows1, true), WF("count", "bigint", "", "null", false),
        WF("percent_rank", "double", "", "null", true), WF("cume_dist", "double", "", "null", true),
        WF("ntile", "int", L("2", "int"), "null", true), WF("first_value", "int", v, "null", true),
        WF("last_value", "int", v, "null", true),
        WF("lead", "int", tx_fmt("%s,%s,%s", v, L("1", "int"), L("-1", "int")), "null", true));
    const char *sch = SCH("p:string o:int v:int rn:int rk:int dr:int s:bigint lg:int s2:bigint "
                          "c:bigint pr:double cd:double nt:int fv:int lv:int ld:int");
    CHECK_ROWS(
        tx_fmt("{\"op\":\"window\",\"schema\":%s,\"funcs\":[%s],\"input\":%s}", sch, funcs, in),
        "a\t1\t10\t1\t1\t1\t10\tNULL\t10\t4\t0.0\t0.25\t1\t10\t10\t20\n"
        "a\t2\t20\t2\t2\t2\t60\t10\t30\t4\t0.3333333333333333\t0.75\t1\t10\t30\t30\n"
        "a\t2\t30\t3\t2\t2\t60\t20\t50\t4\t0.3333333333333333\t0.75\t2\t10\t30\tNULL\n"
        "a\t3\tNULL\t4\t4\t3\t60\t30\t30\t4\t1.0\t1.0\t2\t10\tNULL\t-1\n"
        "b\t1\t5\t1\t1\t1\t5\tNULL\t5\t1\t0.0\t1.0\t1\t5\t5\t-1\n");
    // frames that end at the partition end (folded backwards)
    const char *cur_end = "{\"unit\":\"rows\",\"start\":{\"kind\":\"current_row\",\"offset\":0},"
                          "\"end\":{\"kind\":\"unbounded_following\",\"offset\":0}}";
    const char *next_end = "{\"unit\":\"rows\",\"start\":{\"kind\":\"following\",\"offset\":1},"
                           "\"end\":{\"kind\":\"unbounded_following\",\"offset\":0}}";
    CHECK_ROWS(tx_fmt("{\"op\":\"window\",\"schema\":%s,\"funcs\":[%s,%s],\"input\":%s}",
                      SCH("p:string o:int v:int s:bigint c:bigint"),
                      WF("sum", "bigint", v, cur_end, true),
                      WF("count", "bigint", v, next_end, true), in),
               "a\t1\t10\t60\t2\na\t2\t20\t50\t1\na\t2\t30\t30\t0\na\t3\tNULL\tNULL\t0\n"
               "b\t1\t5\t5\t0\n");
    // lag / lead IGNORE NULLS skip NULL values
    const char *lag_in = tx_fmt("{\"fn\":\"lag\",\"args\":[%s],\"partition\":[%s],\"order\":[%s],"
                                "\"frame\":null,\"ignore_nulls\":true,\"type\":\"int\"}",
                                v, C(0, "string"), SORTKEY(C(1, "int"), false, true));
    const char *lead_in = tx_fmt("{\"fn\":\"lead\",\"args\":[%s],\"partition\":[%s],\"order\":[%s],"
                                 "\"frame\":null,\"ignore_nulls\":true,\"type\":\"int\"}",
                                 v, C(0, "string"), SORTKEY(C(1, "int"), true, false));
    const char *in2 = VALUES("p:string o:int v:int", "a|1|10;a|2|NULL;a|3|30;a|4|NULL;a|5|50");
    CHECK_ROWS(tx_fmt("{\"op\":\"window\",\"schema\":%s,\"funcs\":[%s,%s],\"input\":%s}",
                      SCH("p:string o:int v:int lg:int ld:int"), lag_in, lead_in, in2),
               "a\t1\t10\tNULL\tNULL\na\t2\tNULL\t10\t10\na\t3\t30\t10\t10\na\t4\tNULL\t30\t30\n"
               "a\t5\t50\t30\t30\n");
    // RANGE frame with a value offset: sum of v over o in [o - 1, o]
    const char *range1 = "{\"unit\":\"range\",\"start\":{\"kind\":\"preceding\",\"offset\":1},"
                         "\"end\":{\"kind\":\"current_row\",\"offset\":0}}";
    CHECK_ROWS(tx_fmt("{\"op\":\"window\",\"schema\":%s,\"funcs\":[%s],\"input\":%s}",
                      SCH("p:string o:int v:int s:bigint"), WF("sum", "bigint", v, range1, true),
                      in),
               "a\t1\t10\t10\na\t2\t20\t60\na\t2\t30\t60\na\t3\tNULL\t50\nb\t1\t5\t5\n");
    tx_done();
}

static void printer_formats(void) {
    Type ts[3] = {TYPE(TY_STRING), TYPE(TY_DOUBLE), TYPE(TY_INT)};
    Batch *b = batch_new(ts, 3);
    ((Str *)b->cols[0].data)[0] = batch_str(b, "a,\"b\"", 5);
    ((double *)b->cols[1].data)[0] = 1.5;
    vec_set_null(&b->cols[2], 0);
    ((Str *)b->cols[0].data)[1] = batch_str(b, "", 0);
    ((double *)b->cols[1].data)[1] = 1e10;
    ((int32_t *)b->cols[2].data)[1] = 7;
    b->nrows = 2;
    const char *names[] = {"s", "d", "i"};
    StrBuf out = {0};
    exec_format_header(names, 3, EXEC_FMT_CSV, &out);
    exec_format_rows(b, names, EXEC_FMT_CSV, &out);
    CHECK_STR(sb_cstr(&out), "s,d,i\n\"a,\"\"b\"\"\",1.5,\n\"\",1.0E10,7\n");
    sb_reset(&out);
    exec_format_rows(b, names, EXEC_FMT_JSON, &out);
    CHECK_STR(sb_cstr(&out),
              "{\"s\":\"a,\\\"b\\\"\",\"d\":1.5}\n{\"s\":\"\",\"d\":1.0E10,\"i\":7}\n");
    sb_free(&out);
    batch_free(b);
}

static void plan_errors(void) {
    char *got = run_rel("{\"op\":\"bogus\",\"schema\":[]}", false);
    CHECK_STR(got, "ERROR: plan: unknown relation op 'bogus'");
    free(got);
    got = run_rel(tx_fmt("{\"op\":\"filter\",\"schema\":%s,\"cond\":%s,\"input\":%s}", SCH("a:int"),
                         C(3, "boolean"), VALUES("a:int", "1")),
                  false);
    CHECK_STR(got, "ERROR: plan: column ordinal 3 out of range (input has 1)");
    free(got);
    got =
        run_rel(tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s],\"input\":%s}",
                       SCH("a:int"), F("no_such_fn", "int", 1, C(0, "int")), VALUES("a:int", "1")),
                false);
    CHECK_STR(got, "ERROR: function 'no_such_fn' is not implemented by the runtime");
    free(got);
    got = run_rel(
        tx_fmt("{\"op\":\"values\",\"schema\":%s,\"rows\":[[%s]]}", SCH("a:int"), L("x", "int")),
        false);
    CHECK_STR(got, "ERROR: plan: invalid int literal 'x'");
    free(got);
    // ill-typed plans are refused, not executed with the wrong C types
    got = run_rel(tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s],\"input\":%s}",
                         SCH("a:int"), F("add", "int", 2, C(0, "string"), C(0, "string")),
                         VALUES("a:string", "x")),
                  false);
    CHECK_STR(got, "ERROR: plan: argument or result types do not fit 'add'");
    free(got);
    got = run_rel(tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s],\"input\":%s}",
                         SCH("a:int"), C(0, "int"), VALUES("a:string", "x")),
                  false);
    CHECK_STR(got, "ERROR: plan: column reference does not match its input's type");
    free(got);
    got = run_rel(AGGREGATE(SCH("m:int"), "", AGG("min", C(0, "string"), "int", false, NULL),
                            VALUES("a:string", "x")),
                  false);
    CHECK_STR(got, "ERROR: plan: result type does not fit aggregate 'min'");
    free(got);
    got = run_rel(tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s],\"input\":%s}",
                         SCH("a:bigint"), C(0, "int"), VALUES("a:int", "1")),
                  false);
    CHECK_STR(got, "ERROR: plan: expression 0 has type int, the schema says bigint");
    free(got);
    tx_done();
}

static void scalar_and_in_subqueries(void) {
    const char *sub =
        AGGREGATE(SCH("m:bigint"), "", AGG("max", C(0, "bigint"), "bigint", false, NULL), GEN(50));
    const char *sq =
        tx_fmt("{\"subquery\":%s,\"kind\":\"scalar\",\"args\":[],\"type\":\"bigint\"}", sub);
    const char *in_sq =
        tx_fmt("{\"subquery\":%s,\"kind\":\"in\",\"args\":[%s],\"type\":\"boolean\"}",
               VALUES("a:bigint", "3;5;NULL"), C(0, "bigint"));
    const char *rel = tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s,%s,%s],\"input\":%s}",
                             SCH("id:bigint m:bigint i:boolean"), C(0, "bigint"), sq, in_sq,
                             tx_fmt("{\"op\":\"limit\",\"schema\":%s,\"limit\":4,\"offset\":2,"
                                    "\"input\":%s}",
                                    SCH(GSCH), GEN(100)));
    CHECK_ROWS(rel, "2\t49\tNULL\n3\t49\ttrue\n4\t49\tNULL\n5\t49\ttrue\n");
    // a larger IN set: ids below 3000 with g = 0 (429 of them), probed by 10,000 rows
    const char *set = tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s],\"input\":"
                             "{\"op\":\"filter\",\"schema\":%s,\"cond\":%s,\"input\":%s}}",
                             SCH("id:bigint"), C(0, "bigint"), SCH(GSCH),
                             F("eq", "boolean", 2, C(1, "int"), L("0", "int")), GEN(3000));
    const char *in_big =
        tx_fmt("{\"subquery\":%s,\"kind\":\"in\",\"args\":[%s],\"type\":\"boolean\"}", set,
               C(0, "bigint"));
    CHECK_ROWS(AGGREGATE(SCH("n:bigint"), "", AGG("count", "", "bigint", false, NULL),
                         tx_fmt("{\"op\":\"filter\",\"schema\":%s,\"cond\":%s,\"input\":%s}",
                                SCH(GSCH), in_big, GEN(10000))),
               "429\n");
    tx_done();
}

static void sum_overflow_wraps_or_fails(void) {
    const char *in = VALUES("v:bigint", "9223372036854775807;1");
    const char *rel =
        AGGREGATE(SCH("s:bigint"), "", AGG("sum", C(0, "bigint"), "bigint", false, NULL), in);
    CHECK_ROWS(rel, "-9223372036854775808\n");
    char *got = run_rel(rel, true);
    CHECK_STR(got, "ERROR: [ARITHMETIC_OVERFLOW] sum overflow. If necessary set "
                   "\"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
    free(got);
    // decimal sums that leave the result precision are NULL
    in = VALUES("d:decimal(38,0)", "99999999999999999999999999999999999999;1");
    CHECK_ROWS(AGGREGATE(SCH("s:decimal(38,0)"), "",
                         AGG("sum", C(0, "decimal(38,0)"), "decimal(38,0)", false, NULL), in),
               "NULL\n");
    tx_done();
}

static void window_multi_batch(void) {
    // top two ids per g by row_number over 10,000 rows, then lag across batch boundaries
    const char *rn = tx_fmt("{\"fn\":\"row_number\",\"args\":[],\"partition\":[%s],\"order\":[%s],"
                            "\"frame\":null,\"type\":\"int\"}",
                            C(1, "int"), SORTKEY(C(0, "bigint"), true, false));
    const char *lag = tx_fmt("{\"fn\":\"lag\",\"args\":[%s],\"partition\":[],\"order\":[%s],"
                             "\"frame\":null,\"type\":\"bigint\"}",
                             C(0, "bigint"), SORTKEY(C(0, "bigint"), false, true));
    const char *sch = SCH("id:bigint g:int s:string x:double rn:int lg:bigint");
    const char *win = tx_fmt("{\"op\":\"window\",\"schema\":%s,\"funcs\":[%s,%s],\"input\":%s}",
                             sch, rn, lag, GEN(10000));
    const char *filt = tx_fmt("{\"op\":\"filter\",\"schema\":%s,\"cond\":%s,\"input\":%s}", sch,
                              F("le", "boolean", 2, C(4, "int"), L("2", "int")), win);
    const char *proj =
        tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s,%s,%s],\"input\":%s}",
               SCH("g:int rn:int id:bigint"), C(1, "int"), C(4, "int"), C(0, "bigint"), filt);
    const char *sorted =
        SORT(SCH("g:int rn:int id:bigint"),
             tx_fmt("%s,%s", SORTKEY(C(0, "int"), false, true), SORTKEY(C(1, "int"), false, true)),
             proj);
    StrBuf want = {0};
    for (int g = 0; g < 7; g++) {
        long top = 9999 - ((9999 - g) % 7 + 7) % 7;
        sb_printf(&want, "%d\t1\t%ld\n%d\t2\t%ld\n", g, top, g, top - 7);
    }
    CHECK_ROWS(sorted, sb_cstr(&want));
    const char *at = tx_fmt("{\"op\":\"filter\",\"schema\":%s,\"cond\":%s,\"input\":%s}", sch,
                            F("in", "boolean", 4, C(0, "bigint"), L("0", "bigint"),
                              L("2048", "bigint"), L("4096", "bigint")),
                            win);
    CHECK_SORTED(tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s,%s],\"input\":%s}",
                        SCH("id:bigint lg:bigint"), C(0, "bigint"), C(5, "bigint"), at),
                 "0\tNULL\n2048\t2047\n4096\t4095\n");
    sb_free(&want);
    tx_done();
}

static void decimal_aggregates_and_casts(void) {
    const char *in = VALUES("d:decimal(5,2)", "1.00;2.00;2.01;NULL");
    const char *d = C(0, "decimal(5,2)");
    const char *aggs = tx_fmt("%s,%s,%s,%s", AGG("sum", d, "decimal(15,2)", false, NULL),
                              AGG("avg", d, "decimal(9,6)", false, NULL),
                              AGG("min", d, "decimal(5,2)", false, NULL),
                              AGG("stddev_pop", F("cast", "double", 1, d), "double", false, NULL));
    CHECK_ROWS(
        AGGREGATE(SCH("s:decimal(15,2) a:decimal(9,6) m:decimal(5,2) sd:double"), "", aggs, in),
        "5.01\t1.670000\t1.00\t0.4737791327893902\n");
    // HALF_UP at the result scale: 2/3 = 0.666667, -2/3 = -0.666667
    in = VALUES("d:decimal(3,0)", "2;-2");
    aggs = AGG("avg", C(0, "decimal(3,0)"), "decimal(7,4)", false, NULL);
    CHECK_ROWS(AGGREGATE(SCH("a:decimal(7,4)"), "", aggs, VALUES("d:decimal(3,0)", "1;1;0")),
               "0.6667\n");
    CHECK_ROWS(AGGREGATE(SCH("a:decimal(7,4)"), "", aggs, VALUES("d:decimal(3,0)", "-1;-1;0")),
               "-0.6667\n");
    tx_done();
}

static void set_operations_multi_batch(void) {
    // ids 0..9999 except those below 5000 that are multiples of 3; intersect with g = 0
    const char *sch = SCH("id:bigint");
    const char *ids = tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s],\"input\":%s}", sch,
                             C(0, "bigint"), GEN(10000));
    const char *m3 =
        tx_fmt("{\"op\":\"filter\",\"schema\":%s,\"cond\":%s,\"input\":%s}", sch,
               F("eq", "boolean", 2, F("mod", "bigint", 2, C(0, "bigint"), L("3", "bigint")),
                 L("0", "bigint")),
               tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s],\"input\":%s}", sch,
                      C(0, "bigint"), GEN(5000)));
    const char *ex =
        tx_fmt("{\"op\":\"except\",\"schema\":%s,\"all\":false,\"inputs\":[%s,%s]}", sch, ids, m3);
    const char *aggs = tx_fmt("%s,%s", AGG("count", "", "bigint", false, NULL),
                              AGG("sum", C(0, "bigint"), "bigint", false, NULL));
    long n = 0, sum = 0;
    for (long id = 0; id < 10000; id++)
        if (!(id < 5000 && id % 3 == 0)) n++, sum += id;
    char want[64];
    snprintf(want, sizeof want, "%ld\t%ld\n", n, sum);
    CHECK_ROWS(AGGREGATE(SCH("n:bigint s:bigint"), "", aggs, ex), want);
    const char *un =
        tx_fmt("{\"op\":\"union\",\"schema\":%s,\"all\":true,\"inputs\":[%s,%s]}", sch, ids, ids);
    const char *in2 =
        tx_fmt("{\"op\":\"intersect\",\"schema\":%s,\"all\":true,\"inputs\":[%s,%s]}", sch, un, m3);
    n = 0, sum = 0;
    for (long id = 0; id < 5000; id += 3) n++, sum += id;
    snprintf(want, sizeof want, "%ld\t%ld\n", n, sum);
    CHECK_ROWS(AGGREGATE(SCH("n:bigint s:bigint"), "", aggs, in2), want);
    tx_done();
}

int main(void) {
    RUN(decimal_aggregates_and_casts);
    RUN(set_operations_multi_batch);
    RUN(sum_overflow_wraps_or_fails);
    RUN(window_multi_batch);
    RUN(aggregate_group_by_multi_batch);
    RUN(aggregate_functions_and_nulls);
    RUN(aggregate_global_empty_distinct_filter);
    RUN(joins_every_type);
    RUN(join_multi_batch);
    RUN(sort_nulls_and_directions);
    RUN(topn_and_limit_offset);
    RUN(set_operations);
    RUN(distinct_and_dedup);
    RUN(window_functions);
    RUN(printer_formats);
    RUN(plan_errors);
    RUN(scalar_and_in_subqueries);
    return test_summary();
}
