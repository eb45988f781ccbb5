/* The function catalog and Spark's type rules (common/funcs.c, coerce.c): lookups
 * and aliases, argument counts, implicit casts, result types, decimal precision,
 * common types for comparisons versus CASE/COALESCE, castability. */
#include "test_fn_util.h"

static void lookup_and_aliases(void) {
    CHECK_STR(func_lookup("LEN")->name, "length");
    CHECK_STR(func_lookup("substr")->name, "substring");
    CHECK_STR(func_lookup("NVL")->name, "coalesce");
    CHECK_STR(func_lookup("ifnull")->name, "coalesce");
    CHECK_STR(func_lookup("mean")->name, "avg");
    CHECK_STR(func_lookup("now")->name, "current_timestamp");
    CHECK_STR(func_lookup("dayofmonth")->name, "day");
    CHECK_STR(func_lookup("power")->name, "pow");
    CHECK_STR(func_lookup("regexp_like")->name, "rlike");
    CHECK_STR(func_lookup("first_value")->name, "first");
    CHECK(func_lookup("no_such_fn") == NULL);
    CHECK(func_lookup(NULL) == NULL);
    CHECK(func_lookup("count")->kind == FN_AGG);
    CHECK(func_lookup("row_number")->kind == FN_WINDOW);
    CHECK(func_lookup("explode")->kind == FN_GENERATOR);
    CHECK(func_lookup("upper")->kind == FN_SCALAR);
    size_t n = 0;
    const char *const *names = func_all_names(&n);
    bool has_len = false, has_upper = false;
    for (size_t i = 0; i < n; i++) {
        has_len |= strcmp(names[i], "len") == 0;
        has_upper |= strcmp(names[i], "upper") == 0;
    }
    CHECK(n > 250 && has_len && has_upper);
}

/* Every scalar catalog function outside the operators has a kernel somewhere. */
static void kernels_exist(void) {
    static const char *const engine[] = {
        "add", "sub", "mul", "div", "intdiv", "mod", "neg", "eq", "ne", "lt", "le", "gt", "ge",
        "eq_null_safe", "and", "or", "not", "is_null", "is_not_null", "in", "like", "ilike",
        "concat", "bitand", "bitor", "bitxor", "bitnot", "case", "cast", "try_cast",
        "coalesce", "if", "field", "element_at", "subscript", "monotonically_increasing_id",
        "input_file_name", "array", "map", "struct", "named_struct", "size", "array_contains",
        "from_json", "to_json", "split", "transform", "filter", "exists",
        "forall", "aggregate", "zip_with", "array_sort", "sort_array", "array_distinct",
        "array_remove", "slice", "array_max", "array_min", "array_join", "array_position",
        "map_keys", "map_values", "flatten", "sequence", "arrays_overlap", "array_union",
        "array_intersect", "array_except", NULL};
    size_t n = 0;
    const char *const *names = func_all_names(&n);
    for (size_t i = 0; i < n; i++) {
        const FuncInfo *f = func_lookup(names[i]);
        if (f->kind != FN_SCALAR || strcmp(f->name, names[i]) != 0) continue;
        bool theirs = false;
        for (int k = 0; engine[k]; k++) theirs |= strcmp(engine[k], f->name) == 0;
        if (!theirs && !t_find(f->name)) {
            printf("  no kernel for %s\n", f->name);
            CHECK(t_find(f->name) != NULL);
        }
    }
}

static void argument_counts(void) {
    CHECK_STR(TC("upper", "string", "string"), "function 'upper' expects 1 argument, got 2");
    CHECK_STR(TC("substring", "string"), "function 'substring' expects 2 to 3 arguments, got 1");
    CHECK_STR(TC0("concat_ws"), "function 'concat_ws' expects at least 1 argument, got 0");
    CHECK_STR(TC("make_date", "int"), "function 'make_date' expects 3 arguments, got 1");
    CHECK_STR(TC("map", "int", "int", "int"),
              "function 'map' expects an even number of arguments, got 3");
}

static void arithmetic(void) {
    CHECK_STR(TC("add", "int", "int"), "int <- (int,int)");
    CHECK_STR(TC("add", "int", "bigint"), "bigint <- (bigint,bigint)");
    CHECK_STR(TC("add", "tinyint", "smallint"), "smallint <- (smallint,smallint)");
    CHECK_STR(TC("add", "int", "string"), "double <- (double,double)");
    CHECK_STR(TC("add", "string", "string"), "double <- (double,double)");
    CHECK_STR(TC("add", "float", "bigint"), "float <- (float,float)");
    CHECK_STR(TC("add", "int", "void"), "int <- (int,int)");
    CHECK_STR(TC("add", "void", "void"), "double <- (double,double)");
    CHECK_STR(TC("add", "boolean", "int"), "cannot apply 'add' to boolean and int");
    CHECK_STR(TC("mul", "decimal(10,2)", "double"), "double <- (double,double)");
    CHECK_STR(TC("div", "int", "int"), "double <- (double,double)");
    CHECK_STR(TC("intdiv", "int", "int"), "bigint <- (bigint,bigint)");
    CHECK_STR(TC("intdiv", "decimal(10,2)", "int"),
              "bigint <- (decimal(12,2),decimal(12,2))");
    CHECK_STR(TC("mod", "int", "bigint"), "bigint <- (bigint,bigint)");
    CHECK_STR(TC("pmod", "int", "int"), "int <- (int,int)");
    CHECK_STR(TC("neg", "string"), "double <- (double)");
    CHECK_STR(TC("abs", "decimal(5,2)"), "decimal(5,2) <- (decimal(5,2))");
    CHECK_STR(TC("abs", "date"), "cannot apply 'abs' to date");
}

/* DecimalPrecision with precision loss allowed (Spark's default). */
static void decimal_precision(void) {
    CHECK_STR(TC("add", "decimal(10,2)", "decimal(5,3)"),
              "decimal(12,3) <- (decimal(10,2),decimal(5,3))");
    CHECK_STR(TC("add", "int", "decimal(5,2)"), "decimal(13,2) <- (decimal(10,0),decimal(5,2))");
    CHECK_STR(TC("sub", "decimal(38,0)", "decimal(38,0)"),
              "decimal(38,0) <- (decimal(38,0),decimal(38,0))");
    CHECK_STR(TC("mul", "decimal(10,2)", "decimal(5,3)"),
              "decimal(16,5) <- (decimal(10,2),decimal(5,3))");
    CHECK_STR(TC("mul", "decimal(38,10)", "decimal(38,10)"),
              "decimal(38,6) <- (decimal(38,10),decimal(38,10))");
    CHECK_STR(TC("div", "decimal(10,2)", "decimal(5,3)"),
              "decimal(19,8) <- (decimal(10,2),decimal(5,3))");
    CHECK_STR(TC("div", "decimal(38,18)", "decimal(38,18)"),
              "decimal(38,6) <- (decimal(38,18),decimal(38,18))");
    CHECK_STR(TC("div", "bigint", "decimal(2,1)"),
              "decimal(27,6) <- (decimal(20,0),decimal(2,1))");
    CHECK_STR(TC("mod", "decimal(10,2)", "decimal(5,3)"),
              "decimal(5,3) <- (decimal(10,2),decimal(5,3))");
    Type t = type_decimal_adjust(45, 10);
    CHECK(t.precision == 38 && t.scale == 6);
    t = type_decimal_adjust(40, 2);
    CHECK(t.precision == 38 && t.scale == 2);
}

static void datetime_arithmetic(void) {
    CHECK_STR(TC("add", "date", "int"), "date <- (date,int)");
    CHECK_STR(TC("add", "smallint", "date"), "date <- (int,date)");
    CHECK_STR(TC("sub", "date", "int"), "date <- (date,int)");
    CHECK_STR(TC("sub", "date", "date"), "interval <- (timestamp,timestamp)");
    CHECK_STR(TC("sub", "timestamp", "date"), "interval <- (timestamp,timestamp)");
    CHECK_STR(TC("add", "timestamp", "interval"), "timestamp <- (timestamp,interval)");
    CHECK_STR(TC("sub", "date", "interval"), "date <- (date,interval)");
    CHECK_STR(TC("add", "date", "date"), "cannot apply 'add' to date and date");
}

static void comparisons(void) {
    CHECK_STR(TC("eq", "int", "string"), "boolean <- (int,int)");
    CHECK_STR(TC("lt", "string", "bigint"), "boolean <- (bigint,bigint)");
    CHECK_STR(TC("eq", "string", "decimal(5,2)"), "boolean <- (double,double)");
    CHECK_STR(TC("ge", "date", "string"), "boolean <- (date,date)");
    CHECK_STR(TC("eq", "date", "timestamp"), "boolean <- (timestamp,timestamp)");
    CHECK_STR(TC("eq", "int", "decimal(5,2)"), "boolean <- (decimal(12,2),decimal(12,2))");
    CHECK_STR(TC("eq", "string", "boolean"), "boolean <- (boolean,boolean)");
    CHECK_STR(TC("eq_null_safe", "int", "void"), "boolean <- (int,int)");
    CHECK_STR(TC("eq", "int", "date"), "cannot apply 'eq' to int and date");
    CHECK_STR(TC("in", "string", "int", "int"), "boolean <- (string,string,string)");
    CHECK_STR(TC("in", "int", "bigint", "tinyint"), "boolean <- (bigint,bigint,bigint)");
    CHECK_STR(TC("like", "string", "string"), "boolean <- (string,string)");
    CHECK_STR(TC("and", "boolean", "void"), "boolean <- (boolean,boolean)");
    CHECK_STR(TC("and", "boolean", "int"), "argument 2 of 'and' must be boolean, got int");
}

static void conditionals(void) {
    CHECK_STR(TC("coalesce", "int", "string"), "string <- (string,string)");
    CHECK_STR(TC("coalesce", "int", "bigint", "void"), "bigint <- (bigint,bigint,bigint)");
    CHECK_STR(TC("coalesce", "int", "decimal(5,2)"),
              "decimal(12,2) <- (decimal(12,2),decimal(12,2))");
    CHECK_STR(TC("coalesce", "int", "date"),
              "cannot find a common type for the arguments of 'coalesce': int and date");
    CHECK_STR(TC("case", "boolean", "int", "double"), "double <- (boolean,double,double)");
    CHECK_STR(TC("case", "boolean", "int", "boolean", "string", "void"),
              "string <- (boolean,string,boolean,string,string)");
    CHECK_STR(TC("case", "boolean", "int"), "int <- (boolean,int)");
    CHECK_STR(TC("case", "int", "int"), "condition 1 of 'case' must be boolean, got int");
    CHECK_STR(TC("if", "boolean", "int", "void"), "int <- (boolean,int,int)");
    CHECK_STR(TC("if", "string", "int", "int"), "condition of 'if' must be boolean, got string");
    CHECK_STR(TC("nullif", "int", "string"), "int <- (int,int)");
    CHECK_STR(TC("nvl2", "string", "int", "bigint"), "bigint <- (string,bigint,bigint)");
    CHECK_STR(TC("greatest", "int", "double"), "double <- (double,double)");
    CHECK_STR(TC("least", "date", "timestamp"), "timestamp <- (timestamp,timestamp)");
    CHECK_STR(TC("cast", "string", "date"), "date <- (string,date)");
    CHECK_STR(TC("cast", "int", "date"), "cannot cast int to date");
    CHECK_STR(TC("try_cast", "date", "int"), "int <- (date,int)");
}

static void scalar_signatures(void) {
    CHECK_STR(TC("upper", "int"), "string <- (string)");
    CHECK_STR(TC("upper", "void"), "string <- (string)");
    CHECK_STR(TC("length", "binary"), "int <- (binary)");
    CHECK_STR(TC("length", "date"), "int <- (string)");
    CHECK_STR(TC("substring", "string", "string"), "string <- (string,int)");
    CHECK_STR(TC("concat_ws", "string", "int", "string", "date"),
              "string <- (string,string,string,string)");
    CHECK_STR(TC("concat", "string", "int"), "string <- (string,string)");
    CHECK_STR(TC("concat", "binary", "binary"), "binary <- (binary,binary)");
    CHECK_STR(TC("date_add", "string", "int"), "date <- (date,int)");
    CHECK_STR(TC("date_add", "timestamp", "double"), "date <- (date,int)");
    CHECK_STR(TC("date_add", "boolean", "int"),
              "argument 1 of 'date_add' must be date, got boolean");
    CHECK_STR(TC("year", "timestamp"), "int <- (date)");
    CHECK_STR(TC("hour", "string"), "int <- (timestamp)");
    CHECK_STR(TC("datediff", "date", "string"), "int <- (date,date)");
    CHECK_STR(TC("datediff", "string", "date", "timestamp"),
              "bigint <- (string,timestamp,timestamp)");
    CHECK_STR(TC("to_date", "string"), "date <- (date)");
    CHECK_STR(TC("to_date", "string", "string"), "date <- (string,string)");
    CHECK_STR(TC("to_timestamp", "date"), "timestamp <- (timestamp)");
    CHECK_STR(TC0("unix_timestamp"), "bigint <- ()");
    CHECK_STR(TC("unix_timestamp", "date"), "bigint <- (timestamp)");
    CHECK_STR(TC("unix_timestamp", "string", "string"), "bigint <- (string,string)");
    CHECK_STR(TC("unix_timestamp", "int"), "cannot apply 'unix_timestamp' to int");
    CHECK_STR(TC0("current_timestamp"), "timestamp <- ()");
    CHECK_STR(TC("months_between", "date", "date"), "double <- (timestamp,timestamp)");
    CHECK_STR(TC("md5", "string"), "string <- (binary)");
    CHECK_STR(TC("md5", "int"), "argument 1 of 'md5' must be binary, got int");
    CHECK_STR(TC("sha2", "string", "int"), "string <- (binary,int)");
    CHECK_STR(TC("crc32", "string"), "bigint <- (binary)");
    CHECK_STR(TC("hash", "int", "string"), "int <- (int,string)");
    CHECK_STR(TC0("uuid"), "string <- ()");
    CHECK_STR(TC("sqrt", "int"), "double <- (double)");
    CHECK_STR(TC("pow", "int", "string"), "double <- (double,double)");
    CHECK_STR(TC("format_string", "string", "int", "date"), "string <- (string,int,date)");
    CHECK_STR(TC("regexp_extract", "string", "string"), "string <- (string,string)");
    CHECK_STR(TC("split", "string", "string"), "array<string> <- (string,string)");
}

static void rounding_types(void) {
    CHECK_STR(TC("round", "decimal(10,3)"), "decimal(8,0) <- (decimal(10,3))");
    CHECK_STR(TC("round", "int", "int"), "int <- (int,int)");
    CHECK_STR(TC("round", "double", "int"), "double <- (double,int)");
    CHECK_STR(TC("round", "string"), "double <- (double)");
    CHECK_STR(TC("floor", "double"), "bigint <- (double)");
    CHECK_STR(TC("ceil", "int"), "bigint <- (int)");
    CHECK_STR(TC("floor", "decimal(10,3)"), "decimal(8,0) <- (decimal(10,3))");
    CHECK_STR(TC("ceil", "double", "int"), "decimal(16,0) <- (decimal(30,15),int)");
    const FuncInfo *r = func_lookup("round"), *f = func_lookup("floor");
    Type t = func_round_type(r, type_decimal(10, 3), 2);
    CHECK(t.id == TY_DECIMAL && t.precision == 10 && t.scale == 2);
    t = func_round_type(r, type_decimal(10, 3), 5);
    CHECK(t.precision == 11 && t.scale == 3);
    t = func_round_type(r, type_decimal(10, 3), -1);
    CHECK(t.precision == 8 && t.scale == 0);
    t = func_round_type(r, type_decimal(2, 0), -5);
    CHECK(t.precision == 6 && t.scale == 0);
    t = func_round_type(f, type_decimal(10, 3), 1);
    CHECK(t.precision == 9 && t.scale == 1);
    CHECK(func_round_type(r, TYPE(TY_FLOAT), 2).id == TY_FLOAT);
}

static void aggregates_and_windows(void) {
    CHECK_STR(TC("sum", "int"), "bigint <- (int)");
    CHECK_STR(TC("sum", "float"), "double <- (float)");
    CHECK_STR(TC("sum", "decimal(10,2)"), "decimal(20,2) <- (decimal(10,2))");
    CHECK_STR(TC("sum", "decimal(30,2)"), "decimal(38,2) <- (decimal(30,2))");
    CHECK_STR(TC("sum", "string"), "double <- (double)");
    CHECK_STR(TC("sum", "date"), "cannot apply 'sum' to date");
    CHECK_STR(TC("avg", "int"), "double <- (int)");
    CHECK_STR(TC("avg", "decimal(10,2)"), "decimal(14,6) <- (decimal(10,2))");
    CHECK_STR(TC("avg", "decimal(36,36)"), "decimal(38,38) <- (decimal(36,36))");
    CHECK_STR(TC0("count"), "bigint <- ()");
    CHECK_STR(TC("count", "string", "int"), "bigint <- (string,int)");
    CHECK_STR(TC("count_if", "boolean"), "bigint <- (boolean)");
    CHECK_STR(TC("min", "date"), "date <- (date)");
    CHECK_STR(TC("first", "string", "boolean"), "string <- (string,boolean)");
    CHECK_STR(TC("max_by", "string", "int"), "string <- (string,int)");
    CHECK_STR(TC("stddev", "int"), "double <- (double)");
    CHECK_STR(TC("collect_list", "int"), "array<int> <- (int)");
    CHECK_STR(TC("approx_count_distinct", "string"), "bigint <- (string)");
    CHECK_STR(TC0("row_number"), "int <- ()");
    CHECK_STR(TC0("rank"), "int <- ()");
    CHECK_STR(TC0("percent_rank"), "double <- ()");
    CHECK_STR(TC("ntile", "bigint"), "int <- (int)");
    CHECK_STR(TC("lag", "int", "int", "bigint"), "int <- (int,int,int)");
    CHECK_STR(TC("lead", "date"), "date <- (date)");
}

static void nested_types(void) {
    Type ai = type_array_of(TYPE(TY_INT)), al = type_array_of(TYPE(TY_BIGINT));
    CHECK(type_array_of(TYPE(TY_INT)).nested == ai.nested);  // interned
    Type m = type_map_of(TYPE(TY_STRING), TYPE(TY_INT));
    Type args[3], to[3], res;
    const FuncInfo *f = func_lookup("explode");
    args[0] = ai;
    CHECK(func_check(f, args, 1, to, &res) == NULL && res.id == TY_INT);
    args[0] = m;
    CHECK(func_check(f, args, 1, to, &res) == NULL && type_eq(res, m));
    args[0] = TYPE(TY_INT);
    CHECK_STR(func_check(f, args, 1, to, &res),
              "function 'explode' expects an array or map, got int");
    args[0] = ai, args[1] = TYPE(TY_SMALLINT);
    CHECK(func_check(func_lookup("element_at"), args, 2, to, &res) == NULL && res.id == TY_INT &&
          to[1].id == TY_INT);
    args[0] = m, args[1] = TYPE(TY_STRING);
    CHECK(func_check(func_lookup("element_at"), args, 2, to, &res) == NULL && res.id == TY_INT);
    args[0] = TYPE(TY_INT), args[1] = TYPE(TY_BIGINT);
    CHECK(func_check(func_lookup("array"), args, 2, to, &res) == NULL && type_eq(res, al));
    args[0] = TYPE(TY_STRING), args[1] = TYPE(TY_INT);
    CHECK(func_check(func_lookup("map"), args, 2, to, &res) == NULL && type_eq(res, m));
    Type c;
    CHECK(type_common(ai, al, &c) && type_eq(c, al));
    args[0] = ai, args[1] = TYPE(TY_INT);
    CHECK(func_check(func_lookup("array_contains"), args, 2, to, &res) == NULL &&
          res.id == TY_BOOLEAN);
    args[0] = ai;
    CHECK(func_check(func_lookup("size"), args, 1, to, &res) == NULL && res.id == TY_INT);
    // higher-order functions see a lambda as its body's type
    args[0] = ai, args[1] = TYPE(TY_STRING);
    CHECK(func_check(func_lookup("transform"), args, 2, to, &res) == NULL &&
          type_eq(res, type_array_of(TYPE(TY_STRING))));
    args[1] = TYPE(TY_BOOLEAN);
    CHECK(func_check(func_lookup("filter"), args, 2, to, &res) == NULL && type_eq(res, ai));
    CHECK(func_check(func_lookup("exists"), args, 2, to, &res) == NULL &&
          res.id == TY_BOOLEAN);
    args[1] = TYPE(TY_BIGINT), args[2] = TYPE(TY_INT);
    CHECK(func_check(func_lookup("aggregate"), args, 3, to, &res) == NULL &&
          res.id == TY_BIGINT && to[2].id == TY_BIGINT);
    args[0] = TYPE(TY_INT);
    CHECK_STR(func_check(func_lookup("transform"), args, 2, to, &res),
              "argument 1 of 'transform' must be an array, got int");
    args[0] = m;
    CHECK(func_check(func_lookup("map_keys"), args, 1, to, &res) == NULL &&
          type_eq(res, type_array_of(TYPE(TY_STRING))));
    args[0] = ai;
    CHECK(func_check(func_lookup("array_max"), args, 1, to, &res) == NULL && res.id == TY_INT);
    CHECK(func_check(func_lookup("reverse"), args, 1, to, &res) == NULL && type_eq(res, ai));
    args[1] = TYPE(TY_STRING);
    CHECK(func_check(func_lookup("array_join"), args, 2, to, &res) == NULL &&
          res.id == TY_STRING);
    args[0] = TYPE(TY_INT), args[1] = TYPE(TY_BIGINT);
    CHECK(func_check(func_lookup("sequence"), args, 2, to, &res) == NULL && type_eq(res, al));
}

static void common_and_casts(void) {
    Type c;
    CHECK(type_common(TYPE(TY_INT), TYPE(TY_STRING), &c) && c.id == TY_STRING);
    CHECK(!type_common(TYPE(TY_STRING), TYPE(TY_BOOLEAN), &c));
    CHECK(!type_common(TYPE(TY_BINARY), TYPE(TY_STRING), &c));
    CHECK(type_common(TYPE(TY_DATE), TYPE(TY_TIMESTAMP), &c) && c.id == TY_TIMESTAMP);
    CHECK(type_common(TYPE(TY_NULL), TYPE(TY_DATE), &c) && c.id == TY_DATE);
    CHECK(type_common(type_decimal(10, 2), TYPE(TY_DOUBLE), &c) && c.id == TY_DOUBLE);
    CHECK(type_common(type_decimal(10, 2), type_decimal(5, 4), &c) && c.precision == 12 &&
          c.scale == 4);
    CHECK(type_common(type_decimal(38, 0), type_decimal(38, 38), &c) && c.precision == 38 &&
          c.scale == 38);
    CHECK(type_common(TYPE(TY_BIGINT), type_decimal(5, 2), &c) && c.precision == 22 &&
          c.scale == 2);
    CHECK(type_common_cmp(TYPE(TY_STRING), TYPE(TY_INT), &c) && c.id == TY_INT);
    CHECK(!type_common(TYPE(TY_INT), TYPE(TY_DATE), &c));

    CHECK(type_can_cast(TYPE(TY_STRING), TYPE(TY_INT)));
    CHECK(!type_can_up_cast(TYPE(TY_STRING), TYPE(TY_INT)));
    CHECK(type_can_up_cast(TYPE(TY_INT), TYPE(TY_STRING)));
    CHECK(type_can_up_cast(TYPE(TY_INT), TYPE(TY_BIGINT)));
    CHECK(!type_can_up_cast(TYPE(TY_BIGINT), TYPE(TY_INT)));
    CHECK(type_can_up_cast(TYPE(TY_BIGINT), TYPE(TY_DOUBLE)));
    CHECK(!type_can_up_cast(TYPE(TY_DOUBLE), TYPE(TY_FLOAT)));
    CHECK(type_can_up_cast(type_decimal(10, 2), type_decimal(12, 2)));
    CHECK(!type_can_up_cast(type_decimal(10, 2), type_decimal(10, 3)));
    CHECK(type_can_up_cast(TYPE(TY_INT), type_decimal(10, 0)));
    CHECK(!type_can_up_cast(TYPE(TY_INT), type_decimal(9, 0)));
    CHECK(type_can_up_cast(type_decimal(5, 0), TYPE(TY_INT)));
    CHECK(type_can_up_cast(TYPE(TY_DATE), TYPE(TY_TIMESTAMP)));
    CHECK(!type_can_up_cast(TYPE(TY_TIMESTAMP), TYPE(TY_DATE)));
    CHECK(type_can_up_cast(TYPE(TY_NULL), TYPE(TY_DATE)));
    CHECK(type_can_cast(TYPE(TY_TIMESTAMP), TYPE(TY_DATE)));
    CHECK(!type_can_cast(TYPE(TY_INT), TYPE(TY_DATE)));
    CHECK(type_can_cast(TYPE(TY_BOOLEAN), TYPE(TY_INT)));
    CHECK(type_can_cast(TYPE(TY_BIGINT), TYPE(TY_TIMESTAMP)));
    CHECK(!type_can_cast(TYPE(TY_BINARY), TYPE(TY_INT)));
    CHECK(type_can_cast(TYPE(TY_INT), TYPE(TY_BINARY)));
    CHECK(type_can_cast(type_array_of(TYPE(TY_INT)), type_array_of(TYPE(TY_STRING))));
    CHECK(!type_can_cast(type_array_of(TYPE(TY_INT)), TYPE(TY_INT)));
}

int main(void) {
    RUN(lookup_and_aliases);
    RUN(kernels_exist);
    RUN(argument_counts);
    RUN(arithmetic);
    RUN(decimal_precision);
    RUN(datetime_arithmetic);
    RUN(comparisons);
    RUN(conditionals);
    RUN(scalar_signatures);
    RUN(rounding_types);
    RUN(aggregates_and_windows);
    RUN(nested_types);
    RUN(common_and_casts);
    arena_free_all(&t_heap);
    return test_summary();
}
