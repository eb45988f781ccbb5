/* Helpers for the function-library tests: call a kernel from the fn_*.c tables on
 * arguments written as "type:value" (parsed as Spark's CAST from string; "int:"
 * followed by nothing... use "null:int" for NULL) and get row 0 of the result
 * printed as CAST(x AS STRING), or "NULL". Also type-checks through func_check. */
#ifndef SLUICE_TEST_FN_UTIL_H
#define SLUICE_TEST_FN_UTIL_H

#include "expr_eval.h"
#include "fn_tables.h"
#include "funcs.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

__attribute__((unused)) static const FnImpl *t_find(const char *name) {
    const FnImpl *tables[] = {fn_string_impls, fn_math_impls,  fn_date_impls,
                              fn_hash_impls,   fn_regex_impls, fn_misc_impls, fn_array_impls};
    for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++)
        for (const FnImpl *f = tables[k]; f->name; f++)
            if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

static Type t_type(const char *s) {
    Type t = TYPE(TY_NULL);
    if (strcmp(s, "interval") == 0) return TYPE(TY_INTERVAL);
    if (!type_parse_primitive(s, &t)) {
        printf("  bad type %s\n", s);
        exit(3);
    }
    return t;
}

static char   t_result[512];
static Arena  t_heap;
static int64_t t_now = INT64_C(1706700000123456);  // 2024-01-31 11:20:00.123456 UTC
static bool   t_ansi;

/* Make a one-row vector from "type:value" or "null:type". */
static void t_vec(const char *spec, Vec *v) {
    memset(v, 0, sizeof *v);
    const char *colon = strchr(spec, ':');
    char tn[64];
    size_t k = (size_t)(colon - spec);
    memcpy(tn, spec, k);
    tn[k] = 0;
    bool is_null = strcmp(tn, "null") == 0;
    v->type = t_type(is_null ? colon + 1 : tn);
    v->data = calloc(BATCH_ROWS, 16);
    if (is_null) { vec_set_null(v, 0); return; }
    Datum d;
    char *err = NULL;
    int rc = value_parse(colon + 1, strlen(colon + 1), v->type, &t_heap, &d, false, &err);
    if (rc != 0) { printf("  bad literal %s\n", spec); free(err); exit(3); }
    vec_put_datum(v, 0, &d);
}

/* Call fn with result type rt on the arguments; returns row 0 as text, "NULL", or
 * "ERROR: message". */
__attribute__((unused)) static const char *t_call(const char *fn, const char *rt,
                                                   const char *const *specs) {
    const FnImpl *f = t_find(fn);
    if (!f) return "NO KERNEL";
    Vec args[8], out;
    Type types[8];
    int na = 0;
    for (; specs[na]; na++) t_vec(specs[na], &args[na]), types[na] = args[na].type;
    memset(&out, 0, sizeof out);
    out.type = t_type(rt);
    out.data = calloc(BATCH_ROWS, 16);
    FnCtx cx = {.heap = &t_heap, .ansi = t_ansi, .now_us = t_now, .arg_types = types,
                .result_type = out.type};
    if (!f->handles_nulls)
        for (int j = 0; j < na; j++)
            if (vec_is_null(&args[j], 0)) vec_set_null(&out, 0);
    f->fn(&cx, args, na, 1, &out);
    if (cx.err) {
        snprintf(t_result, sizeof t_result, "ERROR: %s", cx.err);
        free(cx.err);
    } else if (vec_is_null(&out, 0)) {
        snprintf(t_result, sizeof t_result, "NULL");
    } else {
        StrBuf b = {0};
        value_format(&out, 0, &b);
        snprintf(t_result, sizeof t_result, "%s", sb_cstr(&b));
        sb_free(&b);
    }
    for (int j = 0; j < na; j++) free(args[j].data), free(args[j].valid);
    free(out.data), free(out.valid);
    return t_result;
}

#define EV(fn, rt, ...) t_call(fn, rt, (const char *const[]){__VA_ARGS__, NULL})
#define EV0(fn, rt) t_call(fn, rt, (const char *const[]){NULL})

/* func_check on argument type names; returns "result <- (arg_to, ...)" or the error. */
__attribute__((unused)) static const char *t_check(const char *fn, const char *const *types) {
    const FuncInfo *f = func_lookup(fn);
    if (!f) return "UNKNOWN";
    Type args[16], to[16], res;
    int n = 0;
    for (; types[n]; n++) args[n] = t_type(types[n]);
    const char *err = func_check(f, args, n, to, &res);
    if (err) {
        snprintf(t_result, sizeof t_result, "%s", err);
        return t_result;
    }
    char a[96];
    int len = snprintf(t_result, sizeof t_result, "%s <- (", type_sql_name(res, a, sizeof a));
    for (int i = 0; i < n; i++)
        len += snprintf(t_result + len, sizeof t_result - (size_t)len, "%s%s", i ? "," : "",
                        type_sql_name(to[i], a, sizeof a));
    snprintf(t_result + len, sizeof t_result - (size_t)len, ")");
    return t_result;
}

#define TC(fn, ...) t_check(fn, (const char *const[]){__VA_ARGS__, NULL})
#define TC0(fn) t_check(fn, (const char *const[]){NULL})

#endif
