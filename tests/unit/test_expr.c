/* Expression evaluation: casts (Spark non-ANSI and ANSI), arithmetic with overflow,
 * DECIMAL rounding, three-valued logic, comparisons, CASE laziness, LIKE, IN. */
#include "test_exec_util.h"

static void cast_string_to_numbers(void) {
    CHECK_EXPR(F("cast", "int", 1, L("12", "string")), "int", "12");
    CHECK_EXPR(F("cast", "int", 1, L(" 7 ", "string")), "int", "7");
    CHECK_EXPR(F("cast", "int", 1, L("1.9", "string")), "int", "1");
    CHECK_EXPR(F("cast", "int", 1, L("-1.9", "string")), "int", "-1");
    CHECK_EXPR(F("cast", "int", 1, L("abc", "string")), "int", "NULL");
    CHECK_EXPR(F("cast", "int", 1, L("99999999999", "string")), "int", "NULL");
    CHECK_EXPR(F("cast", "bigint", 1, L("99999999999", "string")), "bigint", "99999999999");
    CHECK_EXPR(F("cast", "tinyint", 1, L("128", "string")), "tinyint", "NULL");
    CHECK_EXPR(F("cast", "double", 1, L("1e3", "string")), "double", "1000.0");
    CHECK_EXPR(F("cast", "double", 1, L("-inf", "string")), "double", "-Infinity");
    CHECK_EXPR(F("cast", "double", 1, L("NaN", "string")), "double", "NaN");
    CHECK_EXPR(F("cast", "double", 1, L("1.5x", "string")), "double", "NULL");
    CHECK_EXPR(F("cast", "boolean", 1, L(" Yes", "string")), "boolean", "true");
    CHECK_EXPR(F("cast", "boolean", 1, L("0", "string")), "boolean", "false");
    CHECK_EXPR(F("cast", "boolean", 1, L("maybe", "string")), "boolean", "NULL");
    CHECK_EXPR(F("cast", "decimal(4,2)", 1, L("1.005", "string")), "decimal(4,2)", "1.01");
    CHECK_EXPR(F("cast", "decimal(4,2)", 1, L("-1.005", "string")), "decimal(4,2)", "-1.01");
    CHECK_EXPR(F("cast", "decimal(4,2)", 1, L("123.4", "string")), "decimal(4,2)", "NULL");
    CHECK_EXPR(F("cast", "decimal(10,0)", 1, L("1.5e3", "string")), "decimal(10,0)", "1500");
    tx_done();
}

static void cast_overflow_wraps(void) {
    CHECK_EXPR(F("cast", "tinyint", 1, L("300", "int")), "tinyint", "44");
    CHECK_EXPR(F("cast", "int", 1, L("4294967297", "bigint")), "int", "1");
    CHECK_EXPR(F("cast", "smallint", 1, L("-32769", "int")), "smallint", "32767");
    CHECK_EXPR(F("cast", "int", 1, L("1e20", "double")), "int", "2147483647");
    CHECK_EXPR(F("cast", "bigint", 1, L("-2.9", "double")), "bigint", "-2");
    CHECK_EXPR(F("cast", "int", 1, L("NaN", "double")), "int", "0");
    CHECK_EXPR(F("cast", "decimal(3,1)", 1, L("123", "int")), "decimal(3,1)", "NULL");
    CHECK_EXPR(F("cast", "int", 1, L("12.99", "decimal(4,2)")), "int", "12");
    tx_done();
}

static void cast_to_string_like_spark(void) {
    CHECK_EXPR(F("cast", "string", 1, L("1", "double")), "string", "1.0");
    CHECK_EXPR(F("cast", "string", 1, L("1e10", "double")), "string", "1.0E10");
    CHECK_EXPR(F("cast", "string", 1, L("1234567.5", "double")), "string", "1234567.5");
    CHECK_EXPR(F("cast", "string", 1, L("12345678.5", "double")), "string", "1.23456785E7");
    CHECK_EXPR(F("cast", "string", 1, L("0.001", "double")), "string", "0.001");
    CHECK_EXPR(F("cast", "string", 1, L("0.0001", "double")), "string", "1.0E-4");
    CHECK_EXPR(F("cast", "string", 1, L("0.1", "double")), "string", "0.1");
    CHECK_EXPR(F("cast", "string", 1, L("-0.0", "double")), "string", "-0.0");
    CHECK_EXPR(F("cast", "string", 1, L("0.1", "float")), "string", "0.1");
    CHECK_EXPR(F("cast", "string", 1, L("3.14", "decimal(5,3)")), "string", "3.140");
    CHECK_EXPR(F("cast", "string", 1, L("-0.05", "decimal(3,2)")), "string", "-0.05");
    CHECK_EXPR(F("cast", "string", 1, L("2024-02-29", "date")), "string", "2024-02-29");
    CHECK_EXPR(F("cast", "string", 1, L("2024-01-31 10:00:00", "timestamp")), "string",
               "2024-01-31 10:00:00");
    CHECK_EXPR(F("cast", "string", 1, L("2024-01-31T10:00:00.120Z", "timestamp")), "string",
               "2024-01-31 10:00:00.12");
    CHECK_EXPR(F("cast", "string", 1, L("2024-01-31 10:00:00+01:00", "timestamp")), "string",
               "2024-01-31 09:00:00");
    CHECK_EXPR(F("cast", "string", 1, L("true", "boolean")), "string", "true");
    CHECK_EXPR(F("cast", "date", 1, L("2024-03-05 23:59:59", "timestamp")), "date", "2024-03-05");
    CHECK_EXPR(F("cast", "timestamp", 1, L("1969-12-31", "date")), "timestamp",
               "1969-12-31 00:00:00");
    CHECK_EXPR(F("cast", "date", 1, L("2024-02-30", "string")), "date", "NULL");
    CHECK_EXPR(F("cast", "date", 1, L("2024-7-4", "string")), "date", "2024-07-04");
    CHECK_EXPR(F("cast", "bigint", 1, L("1970-01-01 00:01:01.5", "timestamp")), "bigint", "61");
    tx_done();
}

static void cast_ansi_errors(void) {
    CHECK_EXPR_ANSI(F("cast", "int", 1, L("abc", "string")), "int",
                    "ERROR: [CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be "
                    "cast to \"INT\" because it is malformed.");
    CHECK_EXPR_ANSI(F("cast", "tinyint", 1, L("300", "int")), "tinyint",
                    "ERROR: [CAST_OVERFLOW] The value 300 of the type \"INT\" cannot be cast to "
                    "\"TINYINT\" due to an overflow.");
    CHECK_EXPR_ANSI(F("try_cast", "int", 1, L("abc", "string")), "int", "NULL\n");
    CHECK_EXPR_ANSI(F("try_cast", "tinyint", 1, L("300", "int")), "tinyint", "NULL\n");
    CHECK_EXPR_ANSI(F("cast", "int", 1, L("42", "string")), "int", "42\n");
    tx_done();
}

static void integer_arithmetic(void) {
    CHECK_EXPR(F("add", "int", 2, L("2147483647", "int"), L("1", "int")), "int", "-2147483648");
    CHECK_EXPR(F("mul", "bigint", 2, L("4611686018427387904", "bigint"), L("2", "bigint")),
               "bigint", "-9223372036854775808");
    CHECK_EXPR(F("sub", "tinyint", 2, L("-128", "tinyint"), L("1", "tinyint")), "tinyint", "127");
    CHECK_EXPR(F("div", "double", 2, L("1", "double"), L("0", "double")), "double", "NULL");
    CHECK_EXPR(F("div", "double", 2, L("7", "double"), L("2", "double")), "double", "3.5");
    CHECK_EXPR(F("intdiv", "bigint", 2, L("-7", "bigint"), L("2", "bigint")), "bigint", "-3");
    CHECK_EXPR(F("intdiv", "bigint", 2, L("7", "bigint"), L("0", "bigint")), "bigint", "NULL");
    CHECK_EXPR(F("mod", "int", 2, L("-7", "int"), L("3", "int")), "int", "-1");
    CHECK_EXPR(F("mod", "int", 2, L("7", "int"), L("0", "int")), "int", "NULL");
    CHECK_EXPR(F("mod", "double", 2, L("7.5", "double"), L("2", "double")), "double", "1.5");
    CHECK_EXPR(F("neg", "int", 1, L("5", "int")), "int", "-5");
    CHECK_EXPR(F("add", "int", 2, L("1", "int"), L(NULL, "int")), "int", "NULL");
    CHECK_EXPR(F("bitand", "int", 2, L("12", "int"), L("10", "int")), "int", "8");
    CHECK_EXPR(F("bitor", "int", 2, L("12", "int"), L("10", "int")), "int", "14");
    CHECK_EXPR(F("bitxor", "int", 2, L("12", "int"), L("10", "int")), "int", "6");
    CHECK_EXPR(F("bitnot", "int", 1, L("0", "int")), "int", "-1");
    CHECK_EXPR_ANSI(F("add", "int", 2, L("2147483647", "int"), L("1", "int")), "int",
                    "ERROR: [ARITHMETIC_OVERFLOW] integer overflow. If necessary set "
                    "\"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
    char *got = eval1(F("div", "double", 2, L("1", "double"), L("0", "double")), "double", true);
    CHECK(strncmp(got, "ERROR: [DIVIDE_BY_ZERO]", 23) == 0);
    free(got);
    tx_done();
}

static void decimal_arithmetic(void) {
    CHECK_EXPR(F("add", "decimal(5,3)", 2, L("1.10", "decimal(3,2)"), L("2.205", "decimal(4,3)")),
               "decimal(5,3)", "3.305");
    CHECK_EXPR(F("sub", "decimal(5,3)", 2, L("1.10", "decimal(3,2)"), L("2.205", "decimal(4,3)")),
               "decimal(5,3)", "-1.105");
    CHECK_EXPR(F("mul", "decimal(7,5)", 2, L("1.10", "decimal(3,2)"), L("2.205", "decimal(4,3)")),
               "decimal(7,5)", "2.42550");
    // 1 / 3 as decimal(38,6) (Spark: decimal(10,0) / decimal(10,0) -> decimal(21,11))
    CHECK_EXPR(F("div", "decimal(21,11)", 2, L("1", "decimal(10,0)"), L("3", "decimal(10,0)")),
               "decimal(21,11)", "0.33333333333");
    CHECK_EXPR(F("div", "decimal(8,6)", 2, L("2", "decimal(1,0)"), L("3", "decimal(1,0)")),
               "decimal(8,6)", "0.666667");
    CHECK_EXPR(F("div", "decimal(8,6)", 2, L("-2", "decimal(1,0)"), L("3", "decimal(1,0)")),
               "decimal(8,6)", "-0.666667");
    CHECK_EXPR(F("div", "decimal(8,6)", 2, L("2", "decimal(1,0)"), L("0", "decimal(1,0)")),
               "decimal(8,6)", "NULL");
    // overflow of the result precision gives NULL (non-ANSI)
    CHECK_EXPR(F("add", "decimal(2,0)", 2, L("99", "decimal(2,0)"), L("1", "decimal(2,0)")),
               "decimal(2,0)", "NULL");
    // a product needing more than 38 digits is rounded to the result scale
    CHECK_EXPR(F("mul", "decimal(38,6)", 2, L("12345678901234567890.123456", "decimal(38,6)"),
                 L("2.000001", "decimal(38,6)")),
               "decimal(38,6)", "24691370148148037014.814802");
    CHECK_EXPR(F("mod", "decimal(3,1)", 2, L("7.5", "decimal(2,1)"), L("2", "decimal(1,0)")),
               "decimal(3,1)", "1.5");
    CHECK_EXPR(F("cast", "double", 1, L("0.1", "decimal(2,1)")), "double", "0.1");
    tx_done();
}

static void three_valued_logic(void) {
    const char *t = L("true", "boolean"), *f = L("false", "boolean"), *n = L(NULL, "boolean");
    CHECK_EXPR(F("and", "boolean", 2, t, n), "boolean", "NULL");
    CHECK_EXPR(F("and", "boolean", 2, f, n), "boolean", "false");
    CHECK_EXPR(F("and", "boolean", 2, n, f), "boolean", "false");
    CHECK_EXPR(F("or", "boolean", 2, t, n), "boolean", "true");
    CHECK_EXPR(F("or", "boolean", 2, f, n), "boolean", "NULL");
    CHECK_EXPR(F("not", "boolean", 1, n), "boolean", "NULL");
    CHECK_EXPR(F("not", "boolean", 1, f), "boolean", "true");
    CHECK_EXPR(F("is_null", "boolean", 1, n), "boolean", "true");
    CHECK_EXPR(F("is_not_null", "boolean", 1, n), "boolean", "false");
    CHECK_EXPR(F("eq", "boolean", 2, L("1", "int"), L(NULL, "int")), "boolean", "NULL");
    CHECK_EXPR(F("eq_null_safe", "boolean", 2, L("1", "int"), L(NULL, "int")), "boolean", "false");
    CHECK_EXPR(F("eq_null_safe", "boolean", 2, L(NULL, "int"), L(NULL, "int")), "boolean", "true");
    CHECK_EXPR(F("eq", "boolean", 2, L("NaN", "double"), L("NaN", "double")), "boolean", "true");
    CHECK_EXPR(F("gt", "boolean", 2, L("NaN", "double"), L("Infinity", "double")), "boolean",
               "true");
    CHECK_EXPR(F("eq", "boolean", 2, L("-0.0", "double"), L("0.0", "double")), "boolean", "true");
    CHECK_EXPR(F("lt", "boolean", 2, L("ab", "string"), L("b", "string")), "boolean", "true");
    CHECK_EXPR(F("le", "boolean", 2, L("ab", "string"), L("a", "string")), "boolean", "false");
    CHECK_EXPR(F("in", "boolean", 3, L("1", "int"), L("2", "int"), L(NULL, "int")), "boolean",
               "NULL");
    CHECK_EXPR(F("in", "boolean", 3, L("2", "int"), L("2", "int"), L(NULL, "int")), "boolean",
               "true");
    CHECK_EXPR(F("in", "boolean", 3, L("1", "int"), L("2", "int"), L("3", "int")), "boolean",
               "false");
    tx_done();
}

static void case_if_coalesce_like(void) {
    const char *one = L("1", "int");
    CHECK_EXPR(F("case", "string", 5, F("eq", "boolean", 2, one, L("2", "int")), L("a", "string"),
                 F("eq", "boolean", 2, one, one), L("b", "string"), L("c", "string")),
               "string", "b");
    CHECK_EXPR(F("case", "string", 2, L("false", "boolean"), L("a", "string")), "string", "NULL");
    CHECK_EXPR(F("if", "decimal(20,2)", 3, L("true", "boolean"), L(NULL, "void"),
                 L("1.50", "decimal(20,2)")),
               "decimal(20,2)", "NULL");
    CHECK_EXPR(F("if", "int", 3, L(NULL, "boolean"), L("1", "int"), L("2", "int")), "int", "2");
    // the untaken branch is not evaluated: no ANSI error
    CHECK_EXPR_ANSI(F("if", "int", 3, L("true", "boolean"), L("1", "int"),
                      F("cast", "int", 1, L("x", "string"))),
                    "int", "1\n");
    CHECK_EXPR(F("coalesce", "int", 3, L(NULL, "int"), L("5", "int"), L("6", "int")), "int", "5");
    CHECK_EXPR(F("coalesce", "int", 2, L(NULL, "int"), L(NULL, "int")), "int", "NULL");
    CHECK_EXPR(F("like", "boolean", 2, L("hello", "string"), L("h%o", "string")), "boolean",
               "true");
    CHECK_EXPR(F("like", "boolean", 2, L("hello", "string"), L("h_llo", "string")), "boolean",
               "true");
    CHECK_EXPR(F("like", "boolean", 2, L("hello", "string"), L("H%", "string")), "boolean",
               "false");
    CHECK_EXPR(F("ilike", "boolean", 2, L("hello", "string"), L("H%", "string")), "boolean",
               "true");
    CHECK_EXPR(F("like", "boolean", 2, L("50%", "string"), L("50\\%", "string")), "boolean",
               "true");
    CHECK_EXPR(F("like", "boolean", 2, L("500", "string"), L("50\\%", "string")), "boolean",
               "false");
    CHECK_EXPR(F("like", "boolean", 2, L("a%b%c", "string"), L("%b%", "string")), "boolean",
               "true");
    CHECK_EXPR(F("concat", "string", 3, L("a", "string"), L("b", "string"), L("c", "string")),
               "string", "abc");
    CHECK_EXPR(F("concat", "string", 2, L("a", "string"), L(NULL, "string")), "string", "NULL");
    tx_done();
}

static void expressions_over_columns(void) {
    // filter + project over 10,000 generated rows across several batches
    const char *rel =
        tx_fmt("{\"op\":\"project\",\"schema\":%s,\"exprs\":[%s,%s],\"input\":"
               "{\"op\":\"filter\",\"schema\":%s,\"cond\":%s,\"input\":%s}}",
               SCH("id:bigint y:double"), C(0, "bigint"),
               F("case", "double", 3, F("is_null", "boolean", 1, C(3, "double")), L("-1", "double"),
                 F("mul", "double", 2, C(3, "double"), L("2", "double"))),
               SCH("id:bigint g:int s:string x:double"),
               F("and", "boolean", 2, F("ge", "boolean", 2, C(0, "bigint"), L("4095", "bigint")),
                 F("lt", "boolean", 2, C(0, "bigint"), L("4101", "bigint"))),
               GEN(10000));
    CHECK_ROWS(rel, "4095\t-1.0\n4096\t4096.0\n4097\t4097.0\n4098\t4098.0\n4099\t4099.0\n"
                    "4100\t-1.0\n");
    tx_done();
}

static void intervals(void) {
    CHECK_EXPR(F("cast", "string", 1, L("90 minutes", "interval")), "string",
               "INTERVAL '0 01:30:00' DAY TO SECOND");
    CHECK_EXPR(F("cast", "string", 1, L("-1 day 1.5 seconds", "interval")), "string",
               "INTERVAL '-0 23:59:58.5' DAY TO SECOND");
    CHECK_EXPR(
        F("add", "timestamp", 2, L("2024-01-31 10:00:00", "timestamp"), L("1 day", "interval")),
        "timestamp", "2024-02-01 10:00:00");
    CHECK_EXPR(F("sub", "date", 2, L("2024-03-01", "date"), L("2 days", "interval")), "date",
               "2024-02-28");
    CHECK_EXPR(F("add", "date", 2, L("2024-02-28", "date"), L("1", "int")), "date", "2024-02-29");
    char *got = eval1(L("3 months", "interval"), "interval", false);
    CHECK_STR(got, "ERROR: plan: invalid interval literal '3 months'");
    free(got);
    tx_done();
}

static void extreme_values(void) {
    const char *big = L("99999999999999999999999999999999999999", "decimal(38,0)");
    CHECK_EXPR(F("add", "decimal(38,0)", 2, big, big), "decimal(38,0)", "NULL");
    CHECK_EXPR(F("sub", "decimal(38,0)", 2, F("neg", "decimal(38,0)", 1, big), big),
               "decimal(38,0)", "NULL");
    CHECK_EXPR(F("neg", "bigint", 1, L("-9223372036854775808", "bigint")), "bigint",
               "-9223372036854775808");
    CHECK_EXPR(
        F("cast", "decimal(38,0)", 1, L("999999999999999999999999999999999999999", "string")),
        "decimal(38,0)", "NULL");
    CHECK_EXPR(F("cast", "timestamp", 1, L("9999999-01-01", "string")), "timestamp", "NULL");
    CHECK_EXPR(F("cast", "string", 1, L("-9223372036854775808", "bigint")), "string",
               "-9223372036854775808");
    CHECK_EXPR(F("intdiv", "bigint", 2, L("-9223372036854775808", "bigint"), L("-1", "bigint")),
               "bigint", "-9223372036854775808");
    CHECK_EXPR(F("mod", "bigint", 2, L("-9223372036854775808", "bigint"), L("-1", "bigint")),
               "bigint", "0");
    tx_done();
}

int main(void) {
    RUN(extreme_values);
    RUN(intervals);
    RUN(cast_string_to_numbers);
    RUN(cast_overflow_wraps);
    RUN(cast_to_string_like_spark);
    RUN(cast_ansi_errors);
    RUN(integer_arithmetic);
    RUN(decimal_arithmetic);
    RUN(three_valued_logic);
    RUN(case_if_coalesce_like);
    RUN(expressions_over_columns);
    return test_summary();
}
