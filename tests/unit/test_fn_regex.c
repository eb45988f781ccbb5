/* Regex and miscellaneous kernels (runtime/fn_regex.c, fn_misc.c): Java pattern
 * translation, group numbering, $n replacements, empty matches; nullif, nvl2,
 * format_string, base64/hex, session functions. */
#include "test_fn_util.h"

static void rlike_translation(void) {
    CHECK_STR(EV("rlike", "boolean", "string:abc123", "string:\\d+"), "true");
    CHECK_STR(EV("rlike", "boolean", "string:abc", "string:^\\d"), "false");
    CHECK_STR(EV("rlike", "boolean", "string:a_b", "string:^\\w+$"), "true");
    CHECK_STR(EV("rlike", "boolean", "string:a b", "string:a\\sb"), "true");
    CHECK_STR(EV("rlike", "boolean", "string:x-9", "string:[\\d-]{2}"), "true");
    CHECK_STR(EV("rlike", "boolean", "string:ABC", "string:(?i)abc"), "true");
    CHECK_STR(EV("rlike", "boolean", "string:a.c", "string:a\\.c"), "true");
    CHECK_STR(EV("rlike", "boolean", "string:abc", "string:a\\.c"), "false");
    CHECK_STR(EV("rlike", "boolean", "string:a/b", "string:a\\/b"), "true");
    CHECK(strncmp(EV("rlike", "boolean", "string:a", "string:(?<=a)b"), "ERROR", 5) == 0);
    CHECK(strncmp(EV("rlike", "boolean", "string:a", "string:a++"), "ERROR", 5) == 0);
    CHECK(strncmp(EV("rlike", "boolean", "string:a", "string:(a"), "ERROR", 5) == 0);
}

static void extract(void) {
    CHECK_STR(EV("regexp_extract", "string", "string:100-200", "string:(\\d+)-(\\d+)", "int:1"),
              "100");
    CHECK_STR(EV("regexp_extract", "string", "string:100-200", "string:(\\d+)-(\\d+)", "int:2"),
              "200");
    CHECK_STR(EV("regexp_extract", "string", "string:100-200", "string:(\\d+)-(\\d+)", "int:0"),
              "100-200");
    CHECK_STR(EV("regexp_extract", "string", "string:foo", "string:(\\d+)", "int:1"), "");
    CHECK_STR(EV("regexp_extract", "string", "string:k=v", "string:(?:k)=(\\w)"), "v");
    CHECK_STR(EV("regexp_extract", "string", "string:ab", "string:(a)|(x)", "int:2"), "");
    CHECK(strncmp(EV("regexp_extract", "string", "string:a", "string:(a)", "int:2"), "ERROR", 5)
          == 0);
    CHECK_STR(EV("regexp_count", "int", "string:a1b22c333", "string:\\d+"), "3");
    CHECK_STR(EV("regexp_substr", "string", "string:a1b22", "string:\\d{2}"), "22");
    CHECK_STR(EV("regexp_substr", "string", "string:abc", "string:\\d"), "NULL");
}

static void replace(void) {
    CHECK_STR(EV("regexp_replace", "string", "string:100-200", "string:(\\d+)", "string:num"),
              "num-num");
    CHECK_STR(EV("regexp_replace", "string", "string:John Smith", "string:(\\w+) (\\w+)",
                 "string:$2, $1"), "Smith, John");
    CHECK_STR(EV("regexp_replace", "string", "string:abc", "string:x*", "string:-"),
              "-a-b-c-");
    CHECK_STR(EV("regexp_replace", "string", "string:aaa", "string:a", "string:\\$"), "$$$");
    CHECK_STR(EV("regexp_replace", "string", "string:a1a1", "string:a", "string:b", "int:2"),
              "a1b1");
    CHECK_STR(EV("regexp_replace", "string", "string:  a  b ", "string:\\s+", "string: "),
              " a b ");
    CHECK_STR(EV("regexp_replace", "string", "null:string", "string:a", "string:b"), "NULL");
}

static void conditionals(void) {
    CHECK_STR(EV("nullif", "int", "int:2", "int:2"), "NULL");
    CHECK_STR(EV("nullif", "int", "int:2", "int:3"), "2");
    CHECK_STR(EV("nullif", "int", "int:2", "null:int"), "2");
    CHECK_STR(EV("nullif", "int", "null:int", "int:2"), "NULL");
    CHECK_STR(EV("nvl2", "string", "int:1", "string:a", "string:b"), "a");
    CHECK_STR(EV("nvl2", "string", "null:int", "string:a", "string:b"), "b");
    CHECK_STR(EV("nvl2", "string", "null:int", "string:a", "null:string"), "NULL");
}

static void formatting(void) {
    CHECK_STR(EV("format_string", "string", "string:Hello World %d %s", "int:100",
                 "string:days"), "Hello World 100 days");
    CHECK_STR(EV("format_string", "string", "string:%5d|%-5d|%05d", "int:42", "int:42",
                 "int:42"), "   42|42   |00042");
    CHECK_STR(EV("format_string", "string", "string:%.2f %e", "double:3.14159",
                 "double:1234.5"), "3.14 1.234500e+03");
    CHECK_STR(EV("format_string", "string", "string:%,d", "bigint:1234567"), "1,234,567");
    CHECK_STR(EV("format_string", "string", "string:%2$s %1$s", "string:a", "string:b"), "b a");
    CHECK_STR(EV("format_string", "string", "string:%s %b %%", "null:string", "boolean:true"),
              "null true %");
    CHECK_STR(EV("format_string", "string", "string:%x %S %.2s", "int:255", "string:ab",
                 "string:xyz"), "ff AB xy");
    CHECK_STR(EV("format_string", "string", "string:%s", "double:1.5"), "1.5");
    CHECK(strncmp(EV("format_string", "string", "string:%d", "double:1.5"), "ERROR", 5) == 0);
    CHECK(strncmp(EV("format_string", "string", "string:%s %s", "int:1"), "ERROR", 5) == 0);
    CHECK_STR(EV("format_string", "string", "null:string", "int:1"), "NULL");
}

static void encodings(void) {
    CHECK_STR(EV("base64", "string", "string:Spark SQL"), "U3BhcmsgU1FM");
    CHECK_STR(EV("base64", "string", "string:ab"), "YWI=");
    CHECK_STR(EV("unbase64", "string", "string:U3BhcmsgU1FM"), "Spark SQL");
    CHECK_STR(EV("unbase64", "string", "string:YWI="), "ab");
    CHECK_STR(EV("hex", "string", "bigint:17"), "11");
    CHECK_STR(EV("hex", "string", "bigint:-1"), "FFFFFFFFFFFFFFFF");
    CHECK_STR(EV("hex", "string", "string:Spark SQL"), "537061726B2053514C");
    CHECK_STR(EV("unhex", "string", "string:537061726B2053514C"), "Spark SQL");
    CHECK_STR(EV("unhex", "string", "string:141"), "\x01" "A");
    CHECK_STR(EV("unhex", "string", "string:GG"), "NULL");
}

static void json_paths(void) {
    const char *doc = "string:{\"a\": {\"b\": [1, {\"c\": \"x\\u00e9\\n\"}, 3.50]},"
                      " \"s\": \"hi\", \"n\": null, \"t\": true, \"k y\": 7}";
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.s"), "hi");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.a.b[0]"), "1");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.a.b[1].c"), "x\xc3\xa9\n");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.a.b[2]"), "3.50");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.a"),
              "{\"b\":[1,{\"c\":\"x\\u00e9\\n\"},3.50]}");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$['k y']"), "7");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.t"), "true");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.n"), "NULL");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.missing"), "NULL");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.a.b[9]"), "NULL");
    CHECK_STR(EV("get_json_object", "string", doc, "string:$.a.b[*]"),
              "[1,{\"c\":\"x\\u00e9\\n\"},3.50]");
    CHECK_STR(EV("get_json_object", "string", "string:[{\"v\":1},{\"v\":2},{}]",
                 "string:$[*].v"), "[1,2]");
    CHECK_STR(EV("get_json_object", "string", "string:[{\"v\":\"a\"}]", "string:$[*].v"),
              "a");
    CHECK_STR(EV("get_json_object", "string", doc, "string:a.b"), "NULL");  // no $
    CHECK_STR(EV("get_json_object", "string", "string:{\"a\": 1,}", "string:$.a"), "NULL");
    CHECK_STR(EV("get_json_object", "string", "string:{\"a\": 1} x", "string:$.a"), "NULL");
    CHECK_STR(EV("get_json_object", "string", "string:{\"a\\u0062\": 2}", "string:$.ab"), "2");
    CHECK_STR(EV("get_json_object", "string", "string:\"top\"", "string:$"), "top");
}

static void session(void) {
    CHECK_STR(EV0("current_database", "string"), "default");
    CHECK_STR(EV0("current_catalog", "string"), "spark_catalog");
    const char *u = getenv("USER");
    CHECK_STR(EV0("current_user", "string"), u && *u ? u : "sluice");
    CHECK_STR(EV("typeof", "string", "decimal(5,2):1.00"), "decimal(5,2)");
    double r = atof(EV0("rand", "double"));
    CHECK(r >= 0 && r < 1);
    CHECK_STR(EV0("spark_partition_id", "int"), "0");
}

int main(void) {
    RUN(rlike_translation);
    RUN(extract);
    RUN(replace);
    RUN(conditionals);
    RUN(formatting);
    RUN(encodings);
    RUN(json_paths);
    RUN(session);
    arena_free_all(&t_heap);
    return test_summary();
}
