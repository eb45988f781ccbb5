/* String kernels (runtime/fn_string.c) against Spark's results: character (not
 * byte) positions, 1-based/zero/negative substring positions, NULL skipping. */
#include "test_fn_util.h"

static void case_mapping(void) {
    CHECK_STR(EV("upper", "string", "string:abc Déjà"), "ABC DÉJÀ");
    CHECK_STR(EV("lower", "string", "string:ÀB ПРИВЕТ"), "àb привет");
    CHECK_STR(EV("upper", "string", "null:string"), "NULL");
    CHECK_STR(EV("initcap", "string", "string:hELLO wORLD-x  y"), "Hello World-x  Y");
    CHECK_STR(EV("initcap", "string", "string:"), "");
}

static void trimming(void) {
    CHECK_STR(EV("trim", "string", "string:  a b  "), "a b");
    CHECK_STR(EV("ltrim", "string", "string:  a b  "), "a b  ");
    CHECK_STR(EV("rtrim", "string", "string:  a b  "), "  a b");
    CHECK_STR(EV("trim", "string", "string:\ta\t"), "\ta\t");  // spaces only
    CHECK_STR(EV("trim", "string", "string:xxayxx", "string:x"), "ay");
    CHECK_STR(EV("trim", "string", "string:éaé", "string:é"), "a");
    CHECK_STR(EV("ltrim", "string", "string:xyxab", "string:yx"), "ab");
    CHECK_STR(EV("rtrim", "string", "string:abxyx", "string:yx"), "ab");
    CHECK_STR(EV("trim", "string", "string:xxx", "string:x"), "");
}

static void lengths(void) {
    CHECK_STR(EV("length", "int", "string:héllo"), "5");
    CHECK_STR(EV("length", "int", "string:"), "0");
    CHECK_STR(EV("octet_length", "int", "string:héllo"), "6");
    CHECK_STR(EV("bit_length", "int", "string:ab"), "16");
    CHECK_STR(EV("length", "int", "null:string"), "NULL");
}

static void substrings(void) {
    CHECK_STR(EV("substring", "string", "string:Spark SQL", "int:5"), "k SQL");
    CHECK_STR(EV("substring", "string", "string:Spark SQL", "int:-3"), "SQL");
    CHECK_STR(EV("substring", "string", "string:Spark SQL", "int:5", "int:1"), "k");
    CHECK_STR(EV("substring", "string", "string:Spark SQL", "int:0", "int:3"), "Spa");
    CHECK_STR(EV("substring", "string", "string:Spark SQL", "int:1", "int:3"), "Spa");
    CHECK_STR(EV("substring", "string", "string:Spark", "int:-10", "int:7"), "Sp");
    CHECK_STR(EV("substring", "string", "string:Spark", "int:10"), "");
    CHECK_STR(EV("substring", "string", "string:Spark", "int:2", "int:-1"), "");
    CHECK_STR(EV("substring", "string", "string:héllo", "int:2", "int:3"), "éll");
    CHECK_STR(EV("left", "string", "string:Spark SQL", "int:3"), "Spa");
    CHECK_STR(EV("left", "string", "string:Spark", "int:0"), "");
    CHECK_STR(EV("left", "string", "string:Spark", "int:9"), "Spark");
    CHECK_STR(EV("right", "string", "string:Spark SQL", "int:3"), "SQL");
    CHECK_STR(EV("right", "string", "string:Spark", "int:-1"), "");
    CHECK_STR(EV("right", "string", "string:Spark", "int:9"), "Spark");
}

static void joining(void) {
    CHECK_STR(EV("concat_ws", "string", "string:-", "string:a", "null:string", "string:b"), "a-b");
    CHECK_STR(EV("concat_ws", "string", "null:string", "string:a"), "NULL");
    CHECK_STR(EV("concat_ws", "string", "string:,"), "");
    CHECK_STR(EV("concat_ws", "string", "string:, ", "string:x", "string:"), "x, ");
    CHECK_STR(EV("replace", "string", "string:ABCabc", "string:abc", "string:DEF"), "ABCDEF");
    CHECK_STR(EV("replace", "string", "string:aaa", "string:a", "string:bb"), "bbbbbb");
    CHECK_STR(EV("replace", "string", "string:abcab", "string:ab"), "c");
    CHECK_STR(EV("replace", "string", "string:abc", "string:", "string:x"), "abc");
    CHECK_STR(EV("split_part", "string", "string:11.12.13", "string:.", "int:3"), "13");
    CHECK_STR(EV("split_part", "string", "string:11.12.13", "string:.", "int:-1"), "13");
    CHECK_STR(EV("split_part", "string", "string:11.12.13", "string:.", "int:4"), "");
    CHECK_STR(EV("split_part", "string", "string:a,,b", "string:,", "int:2"), "");
    CHECK_STR(EV("split_part", "string", "string:abc", "string:", "int:1"), "abc");
    CHECK(strncmp(EV("split_part", "string", "string:a", "string:,", "int:0"), "ERROR", 5) == 0);
}

static void padding(void) {
    CHECK_STR(EV("lpad", "string", "string:hi", "int:5", "string:??"), "???hi");
    CHECK_STR(EV("lpad", "string", "string:hi", "int:1", "string:??"), "h");
    CHECK_STR(EV("lpad", "string", "string:hi", "int:5"), "   hi");
    CHECK_STR(EV("rpad", "string", "string:hi", "int:5", "string:ab"), "hiaba");
    CHECK_STR(EV("rpad", "string", "string:héllo", "int:3"), "hél");
    CHECK_STR(EV("lpad", "string", "string:hi", "int:-1", "string:x"), "");
    CHECK_STR(EV("lpad", "string", "string:hi", "int:5", "string:"), "hi");
    CHECK_STR(EV("rpad", "string", "string:x", "int:4", "string:é"), "xééé");
}

static void searching(void) {
    CHECK_STR(EV("instr", "int", "string:SparkSQL", "string:SQL"), "6");
    CHECK_STR(EV("instr", "int", "string:héllo", "string:l"), "3");
    CHECK_STR(EV("instr", "int", "string:abc", "string:z"), "0");
    CHECK_STR(EV("instr", "int", "string:abc", "string:"), "1");
    CHECK_STR(EV("locate", "int", "string:bar", "string:foobarbar"), "4");
    CHECK_STR(EV("locate", "int", "string:bar", "string:foobarbar", "int:5"), "7");
    CHECK_STR(EV("locate", "int", "string:bar", "string:foobarbar", "int:0"), "0");
    CHECK_STR(EV("locate", "int", "string:bar", "string:foobarbar", "int:99"), "0");
    CHECK_STR(EV("startswith", "boolean", "string:Spark SQL", "string:Spark"), "true");
    CHECK_STR(EV("startswith", "boolean", "string:Spark SQL", "string:SQL"), "false");
    CHECK_STR(EV("endswith", "boolean", "string:Spark SQL", "string:SQL"), "true");
    CHECK_STR(EV("contains", "boolean", "string:Spark SQL", "string:k S"), "true");
    CHECK_STR(EV("contains", "boolean", "string:Spark", "string:"), "true");
    CHECK_STR(EV("contains", "boolean", "string:a", "string:ab"), "false");
}

static void rearranging(void) {
    CHECK_STR(EV("reverse", "string", "string:Spark é"), "é krapS");
    CHECK_STR(EV("repeat", "string", "string:ab", "int:3"), "ababab");
    CHECK_STR(EV("repeat", "string", "string:ab", "int:-1"), "");
    CHECK_STR(EV("space", "string", "int:3"), "   ");
    CHECK_STR(EV("ascii", "int", "string:222"), "50");
    CHECK_STR(EV("ascii", "int", "string:é"), "233");
    CHECK_STR(EV("ascii", "int", "string:"), "0");
    CHECK_STR(EV("chr", "string", "bigint:65"), "A");
    CHECK_STR(EV("chr", "string", "bigint:321"), "A");
    CHECK_STR(EV("translate", "string", "string:AaBbCc", "string:abc", "string:123"), "A1B2C3");
    CHECK_STR(EV("translate", "string", "string:abcd", "string:bd", "string:x"), "axc");
}

static void more_strings(void) {
    CHECK_STR(EV("substring_index", "string", "string:www.apache.org", "string:.", "int:2"),
              "www.apache");
    CHECK_STR(EV("substring_index", "string", "string:www.apache.org", "string:.", "int:-2"),
              "apache.org");
    CHECK_STR(EV("substring_index", "string", "string:www.apache.org", "string:.", "int:9"),
              "www.apache.org");
    CHECK_STR(EV("substring_index", "string", "string:a..b", "string:..", "int:-1"), "b");
    CHECK_STR(EV("substring_index", "string", "string:abc", "string:.", "int:0"), "");
    CHECK_STR(EV("levenshtein", "int", "string:kitten", "string:sitting"), "3");
    CHECK_STR(EV("levenshtein", "int", "string:héllo", "string:hello"), "1");
    CHECK_STR(EV("levenshtein", "int", "string:", "string:abc"), "3");
    CHECK_STR(EV("levenshtein", "int", "string:kitten", "string:sitting", "int:2"), "-1");
    CHECK_STR(EV("soundex", "string", "string:Miller"), "M460");
    CHECK_STR(EV("soundex", "string", "string:Robert"), "R163");
    CHECK_STR(EV("soundex", "string", "string:Ashcraft"), "A261");
    CHECK_STR(EV("soundex", "string", "string:Tymczak"), "T522");
    CHECK_STR(EV("soundex", "string", "string:1abc"), "1abc");
}

/* Non-constant vectors over several rows, with NULLs the evaluator already set. */
static void vector_rows(void) {
    Vec s = {.type = TYPE(TY_STRING), .data = calloc(BATCH_ROWS, sizeof(Str))};
    Vec k = {.type = TYPE(TY_INT), .data = calloc(BATCH_ROWS, 4), .is_const = true};
    ((Str *)s.data)[0] = (Str){5, "hello"};
    ((Str *)s.data)[2] = (Str){2, "hi"};
    vec_set_null(&s, 1);
    ((int32_t *)k.data)[0] = 2;
    Vec args[2] = {s, k};
    Vec out = {.type = TYPE(TY_STRING), .data = calloc(BATCH_ROWS, sizeof(Str))};
    vec_set_null(&out, 1);
    Type types[2] = {s.type, k.type};
    FnCtx cx = {.heap = &t_heap, .arg_types = types, .result_type = out.type};
    t_find("left")->fn(&cx, args, 2, 3, &out);
    Str *o = out.data;
    CHECK(o[0].len == 2 && memcmp(o[0].ptr, "he", 2) == 0);
    CHECK(vec_is_null(&out, 1));
    CHECK(o[2].len == 2 && memcmp(o[2].ptr, "hi", 2) == 0);
    free(s.data), free(s.valid), free(k.data), free(out.data), free(out.valid);
}

int main(void) {
    RUN(case_mapping);
    RUN(trimming);
    RUN(lengths);
    RUN(substrings);
    RUN(joining);
    RUN(padding);
    RUN(searching);
    RUN(rearranging);
    RUN(more_strings);
    RUN(vector_rows);
    arena_free_all(&t_heap);
    return test_summary();
}
