/* Property and robustness tests for the function library: round trips between
 * formatting and parsing over many random instants, and random (malformed)
 * patterns, strings and arguments that must never crash or read out of bounds
 * (run under ASan/UBSan with `make asan`). */
#include "datetime.h"
#include "json_path.h"
#include "test_fn_util.h"

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static void random_bytes(char *b, size_t n, const char *alphabet) {
    size_t k = strlen(alphabet);
    for (size_t i = 0; i < n; i++) b[i] = alphabet[next_rand() % k];
}

static void format_parse_round_trip(void) {
    const char *pats[] = {"yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyyMMddHHmmssSSSSSS",
                          "dd/MM/yyyy hh:mm:ss.SSSSSS a", "EEEE, MMMM d yyyy HH:mm:ss.SSSSSS",
                          "D yyyy HH mm ss SSSSSS"};
    int bad = 0;
    for (int k = 0; k < 20000; k++) {
        // instants between years 1000 and 9000
        int64_t us = (int64_t)(next_rand() % (INT64_C(252000000000) * 1000000)) -
                     INT64_C(30610224000000000);
        const char *p = pats[k % 5];
        char buf[128];
        int len = dt_format(us, p, strlen(p), buf, sizeof buf, NULL);
        int64_t back = 0;
        if (len < 0 || !dt_parse(buf, (size_t)len, p, strlen(p), &back, NULL) || back != us) {
            if (bad++ < 3)
                printf("  %s: %s -> %lld vs %lld\n", p, buf, (long long)back, (long long)us);
        }
        int32_t days;
        char d[32];
        int dl = dt_format(us, "yyyy-MM-dd", 10, d, sizeof d, NULL);
        if (!dt_parse_date(d, (size_t)dl, &days) || days != dt_floor_div(us, DT_US_PER_DAY))
            bad++;
        int64_t ts;
        len = dt_format(us, "yyyy-MM-dd HH:mm:ss.SSSSSS", 26, buf, sizeof buf, NULL);
        if (!dt_parse_timestamp(buf, (size_t)len, &ts) || ts != us) bad++;
    }
    CHECK(bad == 0);
}

static void malformed_datetime_inputs(void) {
    const char *alpha = "yMdHhmsSaEDQ'-: /T.Z+0123456789xX";
    char s[40], p[24];
    int matched = 0;
    for (int k = 0; k < 50000; k++) {
        size_t sn = next_rand() % sizeof s, pn = next_rand() % sizeof p;
        random_bytes(s, sn, alpha);
        random_bytes(p, pn, alpha);
        int64_t us;
        bool badp;
        matched += dt_parse(s, sn, p, pn, &us, &badp);
        char out[64];
        int len = dt_format((int64_t)next_rand(), p, pn, out, sizeof out, NULL);
        CHECK(len < (int)sizeof out);
        int32_t d;
        dt_parse_date(s, sn, &d);
        dt_parse_timestamp(s, sn, &us);
        int32_t off;
        dt_zone_offset(s, sn % 12, 0, k & 1, &off);
    }
    CHECK(matched >= 0);
}

static void malformed_kernel_arguments(void) {
    const char *alpha = "ab%$\\()[]*+?{}|^.1-0 sdwSDW:é,";
    char a[24], b[12], spec1[64], spec2[64], spec3[32];
    int errors = 0;
    static const char *const fns[] = {"regexp_replace", "regexp_extract", "rlike",
                                      "regexp_count", "format_string", "split_part",
                                      "translate", "replace", "lpad", "substring"};
    for (int k = 0; k < 6000; k++) {
        random_bytes(a, sizeof a - 1, alpha);
        a[next_rand() % (sizeof a - 1)] = 0;
        random_bytes(b, sizeof b - 1, alpha);
        b[next_rand() % (sizeof b - 1)] = 0;
        snprintf(spec1, sizeof spec1, "string:%s", a);
        snprintf(spec2, sizeof spec2, "string:%s", b);
        snprintf(spec3, sizeof spec3, "int:%d", (int)(next_rand() % 41) - 20);
        const char *fn = fns[k % 10];
        const char *r;
        if (!strcmp(fn, "regexp_replace")) r = EV(fn, "string", spec1, spec2, spec1);
        else if (!strcmp(fn, "regexp_extract")) r = EV(fn, "string", spec1, spec2, "int:0");
        else if (!strcmp(fn, "rlike")) r = EV(fn, "boolean", spec1, spec2);
        else if (!strcmp(fn, "regexp_count")) r = EV(fn, "int", spec1, spec2);
        else if (!strcmp(fn, "format_string")) r = EV(fn, "string", spec1, spec3, spec2);
        else if (!strcmp(fn, "split_part")) r = EV(fn, "string", spec1, spec2, spec3);
        else if (!strcmp(fn, "translate")) r = EV(fn, "string", spec1, spec2, spec1);
        else if (!strcmp(fn, "replace")) r = EV(fn, "string", spec1, spec2, spec2);
        else if (!strcmp(fn, "lpad")) r = EV(fn, "string", spec1, spec3, spec2);
        else r = EV(fn, "string", spec1, spec3, spec3);
        if (!strncmp(r, "ERROR", 5)) errors++;
        if (!strcmp(fn, "substring")) CHECK(strstr(a, r) != NULL);  // always a slice
    }
    CHECK(errors > 0 && errors < 6000);  // some patterns are invalid, most are not
}

/* Fill row r of v with an extreme or awkward value of its type. */
static void extreme(Vec *v, uint32_t r, uint64_t pick) {
    static const char *const strs[] = {"", "yyyy-MM-dd", "a", "(", "\\d+", "%s %d %5.2f",
                                       "UTC", "Europe/Berlin", "\xc3", "MONTH", "-1",
                                       "2024-02-30", "' 'yy", "é€𝄞", "$1$9\\"};
    static const int64_t ints[] = {0, -1, 1, INT32_MIN, INT32_MAX, INT64_MIN, INT64_MAX, 38};
    static const double dbls[] = {0.0, -0.0, 1e308, -1e308, 5e-324, 2.5, -2.5, 0.0 / 0.0};
    switch (v->type.id) {
    case TY_STRING: case TY_BINARY: {
        const char *s = strs[pick % 15];
        ((Str *)v->data)[r] = (Str){(uint32_t)strlen(s), s};
        break;
    }
    case TY_BOOLEAN: ((uint8_t *)v->data)[r] = pick & 1; break;
    case TY_TINYINT: ((int8_t *)v->data)[r] = (int8_t)ints[pick % 8]; break;
    case TY_SMALLINT: ((int16_t *)v->data)[r] = (int16_t)ints[pick % 8]; break;
    case TY_INT: case TY_DATE: ((int32_t *)v->data)[r] = (int32_t)ints[pick % 8]; break;
    case TY_BIGINT: case TY_TIMESTAMP: ((int64_t *)v->data)[r] = ints[pick % 8]; break;
    case TY_FLOAT: ((float *)v->data)[r] = (float)dbls[pick % 8]; break;
    case TY_DOUBLE: ((double *)v->data)[r] = dbls[pick % 8]; break;
    case TY_DECIMAL: {
        i128 max = 1;
        for (int k = 0; k < v->type.precision; k++) max *= 10;
        i128 vals[] = {0, max - 1, -(max - 1), 1, -1, max / 2};
        ((i128 *)v->data)[r] = vals[pick % 6];
        break;
    }
    default: break;
    }
}

/* Every kernel of the library over extreme values of the types func_check asks
 * for: NULL, overflow and bad input must give NULL, a value or an error, never
 * undefined behaviour (this is what ASan/UBSan check). */
static void extreme_values_everywhere(void) {
    const FnImpl *tables[] = {fn_string_impls, fn_math_impls, fn_date_impls,
                              fn_hash_impls,   fn_regex_impls, fn_misc_impls};
    int calls = 0;
    Type decs[] = {type_decimal(38, 10), type_decimal(5, 2), type_decimal(38, 0)};
    for (size_t t = 0; t < 6; t++)
        for (const FnImpl *k = tables[t]; k->name; k++) {
            const FuncInfo *f = func_lookup(k->name);
            if (!f) continue;
            int hi = f->max_args < 0 ? 4 : f->max_args;
            for (int na = f->min_args; na <= hi; na++)
                for (int variant = 0; variant < 4; variant++) {
                    Type args[8], to[8], res;
                    for (int j = 0; j < na; j++)  // NULL, numbers and decimals as inputs
                        args[j] = variant == 0 ? TYPE(TY_NULL)
                                  : variant == 1 ? TYPE(TY_BIGINT)
                                  : variant == 2 ? decs[j % 3] : TYPE(TY_STRING);
                    if (func_check(f, args, na, to, &res)) continue;
                    bool usable = res.id != TY_NULL && res.id < TY_ARRAY;
                    for (int j = 0; j < na; j++)
                        usable &= to[j].id != TY_NULL && to[j].id < TY_ARRAY;
                    if (!usable) continue;
                    Vec v[8], out = {.type = res, .data = calloc(BATCH_ROWS, 16)};
                    for (int j = 0; j < na; j++) {
                        v[j] = (Vec){.type = to[j], .data = calloc(BATCH_ROWS, 16)};
                        for (uint32_t r = 0; r < 64; r++)
                            extreme(&v[j], r, r * 7 + (uint64_t)j * 3 + r / 8);
                        vec_set_null(&v[j], 63 - (uint32_t)j);
                    }
                    FnCtx cx = {.heap = &t_heap, .now_us = t_now, .arg_types = to,
                                .result_type = res, .ansi = variant == 3};
                    if (!k->handles_nulls)
                        for (int j = 0; j < na; j++) vec_set_null(&out, 63 - (uint32_t)j);
                    k->fn(&cx, v, na, 64, &out);
                    free(cx.err);
                    for (int j = 0; j < na; j++) free(v[j].data), free(v[j].valid);
                    free(out.data), free(out.valid);
                    calls++;
                }
        }
    CHECK(calls > 200);
}

/* Random JSON-like documents and paths for get_json_object. */
static void malformed_json(void) {
    const char *alpha = "{}[]\":,. 0123-eE+truefalsn\\u$*'ab";
    char doc[48], path[16];
    int found = 0;
    for (int k = 0; k < 40000; k++) {
        size_t dn = next_rand() % sizeof doc, pn = next_rand() % sizeof path;
        random_bytes(doc, dn, alpha);
        random_bytes(path, pn, alpha);
        static const char good[] = "{\"a\":[1,{\"b\":\"x\"}]}";
        if (k % 3 == 0) memcpy(doc, good, dn = sizeof good - 1);
        if (k % 2 == 0 && pn > 0) path[0] = '$';
        StrBuf out = {0};
        found += json_path_get(doc, dn, path, pn, &out);
        sb_free(&out);
    }
    StrBuf out = {0};
    const char *good = "{\"a\":[1,{\"b\":\"x\"}]}";
    CHECK(json_path_get(good, strlen(good), "$.a[1].b", 8, &out));
    CHECK_STR(sb_cstr(&out), "x");
    sb_free(&out);
    char deep[2000];  // nesting beyond the depth limit is rejected, not a stack overflow
    memset(deep, '[', sizeof deep);
    CHECK(!json_path_get(deep, sizeof deep, "$", 1, &out));
    sb_free(&out);
    CHECK(found > 0);
}

int main(void) {
    RUN(extreme_values_everywhere);
    RUN(format_parse_round_trip);
    RUN(malformed_datetime_inputs);
    RUN(malformed_kernel_arguments);
    RUN(malformed_json);
    arena_free_all(&t_heap);
    return test_summary();
}
