/* Math kernels (runtime/fn_math.c) against Spark's results: HALF_UP round and
 * HALF_EVEN bround on the decimal form of doubles, floor/ceil to bigint, NULL for
 * logarithms of non-positive numbers, pmod signs, greatest/least skipping NULLs. */
#include "test_fn_util.h"

static void rounding_doubles(void) {
    CHECK_STR(EV("round", "double", "double:2.5"), "3.0");
    CHECK_STR(EV("round", "double", "double:-2.5"), "-3.0");
    CHECK_STR(EV("bround", "double", "double:2.5"), "2.0");
    CHECK_STR(EV("bround", "double", "double:3.5"), "4.0");
    CHECK_STR(EV("bround", "double", "double:-2.5"), "-2.0");
    CHECK_STR(EV("round", "double", "double:2.675", "int:2"), "2.68");   // not 2.67
    CHECK_STR(EV("round", "double", "double:1.005", "int:2"), "1.01");
    CHECK_STR(EV("bround", "double", "double:2.665", "int:2"), "2.66");
    CHECK_STR(EV("round", "double", "double:1234.5678", "int:-2"), "1200.0");
    CHECK_STR(EV("round", "double", "double:0.1", "int:5"), "0.1");
    CHECK_STR(EV("round", "double", "double:-0.4"), "0.0");
    CHECK_STR(EV("round", "double", "double:1.0E20", "int:-25"), "0.0");
    CHECK_STR(EV("round", "double", "double:NaN"), "NaN");
    CHECK_STR(EV("round", "float", "float:2.5"), "3.0");
}

static void rounding_integers_and_decimals(void) {
    CHECK_STR(EV("round", "int", "int:12345", "int:-2"), "12300");
    CHECK_STR(EV("round", "int", "int:12350", "int:-2"), "12400");
    CHECK_STR(EV("round", "int", "int:-12350", "int:-2"), "-12400");
    CHECK_STR(EV("bround", "int", "int:12350", "int:-2"), "12400");
    CHECK_STR(EV("bround", "int", "int:12250", "int:-2"), "12200");
    CHECK_STR(EV("round", "bigint", "bigint:7", "int:3"), "7");
    CHECK_STR(EV("round", "decimal(4,2)", "decimal(6,5):3.14159", "int:2"), "3.14");
    CHECK_STR(EV("round", "decimal(5,1)", "decimal(5,2):-2.55", "int:1"), "-2.6");
    CHECK_STR(EV("bround", "decimal(5,1)", "decimal(5,2):-2.55", "int:1"), "-2.6");
    CHECK_STR(EV("bround", "decimal(5,1)", "decimal(5,2):-2.45", "int:1"), "-2.4");
    CHECK_STR(EV("round", "decimal(4,0)", "decimal(5,2):999.50"), "1000");
    CHECK_STR(EV("round", "decimal(4,0)", "decimal(5,2):123.45", "int:-1"), "120");
    CHECK_STR(EV("round", "decimal(3,0)", "decimal(3,0):999", "int:-1"), "NULL");  // overflow
}

static void floor_ceil(void) {
    CHECK_STR(EV("floor", "bigint", "double:-3.5"), "-4");
    CHECK_STR(EV("ceil", "bigint", "double:3.1"), "4");
    CHECK_STR(EV("ceil", "bigint", "double:-0.5"), "0");
    CHECK_STR(EV("floor", "bigint", "bigint:5"), "5");
    CHECK_STR(EV("floor", "bigint", "double:1.0E30"), "9223372036854775807");
    CHECK_STR(EV("floor", "decimal(4,0)", "decimal(5,2):123.45"), "123");
    CHECK_STR(EV("floor", "decimal(4,0)", "decimal(5,2):-123.45"), "-124");
    CHECK_STR(EV("ceil", "decimal(2,0)", "decimal(2,1):-0.5"), "0");
    CHECK_STR(EV("ceil", "decimal(5,1)", "decimal(5,2):1.21", "int:1"), "1.3");
    CHECK_STR(EV("floor", "decimal(5,1)", "decimal(5,2):-1.21", "int:1"), "-1.3");
}

static void absolute_and_sign(void) {
    CHECK_STR(EV("abs", "int", "int:-5"), "5");
    CHECK_STR(EV("abs", "int", "int:-2147483648"), "-2147483648");  // wraps, non-ANSI
    CHECK_STR(EV("abs", "decimal(3,2)", "decimal(3,2):-1.50"), "1.50");
    CHECK_STR(EV("abs", "double", "double:-0.25"), "0.25");
    CHECK_STR(EV("abs", "tinyint", "tinyint:-7"), "7");
    CHECK_STR(EV("sign", "double", "double:-3.2"), "-1.0");
    CHECK_STR(EV("sign", "double", "double:0"), "0.0");
    CHECK_STR(EV("positive", "int", "int:-3"), "-3");
    t_ansi = true;
    CHECK(strncmp(EV("abs", "int", "int:-2147483648"), "ERROR", 5) == 0);
    t_ansi = false;
}

static void powers_and_logs(void) {
    CHECK_STR(EV("sqrt", "double", "double:4"), "2.0");
    CHECK_STR(EV("sqrt", "double", "double:-1"), "NaN");
    CHECK_STR(EV("cbrt", "double", "double:27"), "3.0");
    CHECK_STR(EV("pow", "double", "double:2", "double:10"), "1024.0");
    CHECK_STR(EV("pow", "double", "double:2", "double:-1"), "0.5");
    CHECK_STR(EV("exp", "double", "double:0"), "1.0");
    CHECK_STR(EV("ln", "double", "double:1"), "0.0");
    CHECK_STR(EV("ln", "double", "double:0"), "NULL");
    CHECK_STR(EV("ln", "double", "double:-1"), "NULL");
    CHECK_STR(EV("log10", "double", "double:100"), "2.0");
    CHECK_STR(EV("log2", "double", "double:8"), "3.0");
    CHECK_STR(EV("log", "double", "double:2", "double:8"), "3.0");
    CHECK_STR(EV("log", "double", "double:-2", "double:8"), "NULL");
    CHECK_STR(EV("log", "double", "double:1"), "0.0");
    CHECK_STR(EV("log1p", "double", "double:-1"), "NULL");
    CHECK_STR(EV("degrees", "double", "double:3.141592653589793"), "180.0");
    CHECK_STR(EV("radians", "double", "double:180"), "3.141592653589793");
    CHECK_STR(EV("atan2", "double", "double:0", "double:1"), "0.0");
    CHECK_STR(EV0("pi", "double"), "3.141592653589793");
    CHECK_STR(EV0("e", "double"), "2.718281828459045");
}

static void modulo(void) {
    CHECK_STR(EV("pmod", "int", "int:-7", "int:3"), "2");
    CHECK_STR(EV("pmod", "int", "int:7", "int:-3"), "1");
    CHECK_STR(EV("pmod", "int", "int:-7", "int:-3"), "-1");
    CHECK_STR(EV("pmod", "int", "int:5", "int:0"), "NULL");
    CHECK_STR(EV("pmod", "bigint", "bigint:-9223372036854775808", "bigint:-1"), "0");
    CHECK_STR(EV("pmod", "double", "double:-7.5", "double:2"), "0.5");
    CHECK_STR(EV("pmod", "decimal(3,1)", "decimal(3,1):-7.5", "decimal(2,0):2"), "0.5");
}

static void nulls_and_extremes(void) {
    CHECK_STR(EV("greatest", "int", "int:1", "null:int", "int:3"), "3");
    CHECK_STR(EV("least", "int", "int:1", "null:int", "int:3"), "1");
    CHECK_STR(EV("least", "int", "null:int", "null:int"), "NULL");
    CHECK_STR(EV("greatest", "string", "string:b", "string:abc"), "b");
    CHECK_STR(EV("greatest", "double", "double:1", "double:NaN"), "NaN");
    CHECK_STR(EV("greatest", "date", "date:2024-01-31", "date:2023-12-31"), "2024-01-31");
    CHECK_STR(EV("isnan", "boolean", "double:NaN"), "true");
    CHECK_STR(EV("isnan", "boolean", "null:double"), "false");
    CHECK_STR(EV("nanvl", "double", "double:NaN", "double:1"), "1.0");
    CHECK_STR(EV("nanvl", "double", "double:2", "double:1"), "2.0");
    CHECK_STR(EV("nanvl", "double", "null:double", "double:1"), "NULL");
}

static void formatting_and_bits(void) {
    CHECK_STR(EV("format_number", "string", "double:12332.123456", "int:4"), "12,332.1235");
    CHECK_STR(EV("format_number", "string", "double:1234567.891", "int:0"), "1,234,568");
    CHECK_STR(EV("format_number", "string", "double:2.5", "int:0"), "2");  // HALF_EVEN
    CHECK_STR(EV("format_number", "string", "double:-0.001", "int:2"), "-0.00");
    CHECK_STR(EV("format_number", "string", "int:-1234", "int:2"), "-1,234.00");
    CHECK_STR(EV("format_number", "string", "bigint:999", "int:0"), "999");
    CHECK_STR(EV("format_number", "string", "decimal(10,3):1234567.125", "int:2"),
              "1,234,567.12");
    CHECK_STR(EV("format_number", "string", "decimal(5,2):-0.50", "int:4"), "-0.5000");
    CHECK_STR(EV("format_number", "string", "double:1", "int:-1"), "NULL");
    CHECK_STR(EV("factorial", "bigint", "int:5"), "120");
    CHECK_STR(EV("factorial", "bigint", "int:20"), "2432902008176640000");
    CHECK_STR(EV("factorial", "bigint", "int:21"), "NULL");
    CHECK_STR(EV("hypot", "double", "double:3", "double:4"), "5.0");
    CHECK_STR(EV("bin", "string", "bigint:13"), "1101");
    CHECK_STR(EV("bin", "string", "bigint:-1"),
              "1111111111111111111111111111111111111111111111111111111111111111");
    CHECK_STR(EV("shiftleft", "int", "int:1", "int:33"), "2");  // count mod 32
    CHECK_STR(EV("shiftright", "int", "int:-8", "int:1"), "-4");
    CHECK_STR(EV("shiftrightunsigned", "int", "int:-8", "int:28"), "15");
    CHECK_STR(EV("shiftleft", "bigint", "bigint:1", "int:40"), "1099511627776");
    CHECK_STR(TC("shiftleft", "smallint", "int"), "int <- (int,int)");
    CHECK_STR(TC("shiftright", "bigint", "bigint"), "bigint <- (bigint,int)");
}

int main(void) {
    RUN(rounding_doubles);
    RUN(rounding_integers_and_decimals);
    RUN(floor_ceil);
    RUN(absolute_and_sign);
    RUN(powers_and_logs);
    RUN(modulo);
    RUN(nulls_and_extremes);
    RUN(formatting_and_bits);
    arena_free_all(&t_heap);
    return test_summary();
}
