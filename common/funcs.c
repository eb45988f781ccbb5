/* The SQL function catalog: every built-in function and operator with its aliases,
 * kind and argument counts, and func_check, which applies Spark's implicit casts
 * and result-type rules to one call. Most functions are described by a compact
 * signature string; the ones whose types depend on their arguments get a rule. */
#include "funcs.h"

#include "str.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef enum {
    R_SIG,        // fixed signature (sig string)
    R_ARITH,      // add sub mul mod pmod: numeric widening, decimals, date +- int
    R_DIV,        // /: double or decimal
    R_INTDIV,     // div: bigint
    R_NEG,        // neg, positive, abs: numeric, same type
    R_CMP,        // comparisons: type_common_cmp, boolean
    R_IN,         // x IN (v...): type_common over all, boolean
    R_CASE,       // c1, v1, ..., [else]
    R_CAST,       // cast/try_cast: args[1] is the target type
    R_COMMON,     // coalesce, greatest, least: type_common over all
    R_IF,         // if(c, a, b)
    R_NULLIF,     // nullif(a, b)
    R_NVL2,       // nvl2(x, a, b)
    R_BIT,        // bitand bitor bitxor bitnot: integral
    R_ROUND,      // round, bround, floor, ceil
    R_SUM,        // sum
    R_AVG,        // avg
    R_SAME,       // min max first last any_value lag lead nth_value: arg 0's type
    R_COLLECT,    // collect_list, collect_set: array<arg 0>
    R_EXPLODE,    // generators: the element type (maps: the map itself)
    R_ARRAY,      // array(v...)
    R_MAP,        // map(k, v, ...)
    R_STRUCT,     // struct, named_struct, from_json: a struct the planner completes
    R_ELEMENT_AT, // element_at, subscript
    R_CONTAINS,   // array_contains
    R_CONCAT,     // concat / ||: string, binary or array
    R_TO_DT,      // to_date / to_timestamp: 1 arg casts, 2 args parse a string
    R_UNIX_TS,    // unix_timestamp / to_unix_timestamp
    R_DATEDIFF,   // datediff(end, start) or datediff(unit, start, end)
    R_FIELD,      // struct field: resolved by the planner
    R_HOF,        // higher-order: transform filter exists forall aggregate zip_with
    R_COLL,       // array/map helpers: array_distinct, array_max, map_keys, ...
    R_SHIFT,      // shiftleft/shiftright: int or bigint by an int count
} Rule;

typedef struct {
    FuncInfo    info;  // first member: func_lookup hands out &def->info
    Rule        rule;
    const char *sig;   // R_SIG: argument classes, ':', result (see implicit_cast)
} FuncDef;

#define S(name, lo, hi, sig) {{name, FN_SCALAR, lo, hi}, R_SIG, sig}
#define X(name, lo, hi, rule) {{name, FN_SCALAR, lo, hi}, rule, ""}
#define AG(name, lo, hi, rule, sig) {{name, FN_AGG, lo, hi}, rule, sig}
#define WN(name, lo, hi, rule, sig) {{name, FN_WINDOW, lo, hi}, rule, sig}
#define GN(name) {{name, FN_GENERATOR, 1, 1}, R_EXPLODE, ""}

static const FuncDef defs[] = {
    // operators (docs/plan-format.md)
    X("add", 2, 2, R_ARITH), X("sub", 2, 2, R_ARITH), X("mul", 2, 2, R_ARITH),
    X("div", 2, 2, R_DIV), X("intdiv", 2, 2, R_INTDIV), X("mod", 2, 2, R_ARITH),
    X("pmod", 2, 2, R_ARITH), X("neg", 1, 1, R_NEG), X("positive", 1, 1, R_NEG),
    X("eq", 2, 2, R_CMP), X("ne", 2, 2, R_CMP), X("lt", 2, 2, R_CMP), X("le", 2, 2, R_CMP),
    X("gt", 2, 2, R_CMP), X("ge", 2, 2, R_CMP), X("eq_null_safe", 2, 2, R_CMP),
    S("and", 2, 2, "BB:B"), S("or", 2, 2, "BB:B"), S("not", 1, 1, "B:B"),
    S("is_null", 1, 1, "A:B"), S("is_not_null", 1, 1, "A:B"), X("in", 1, -1, R_IN),
    S("like", 2, 3, "SSS:B"), S("ilike", 2, 3, "SSS:B"), S("rlike", 2, 2, "SS:B"),
    X("concat", 0, -1, R_CONCAT), X("bitand", 2, 2, R_BIT), X("bitor", 2, 2, R_BIT),
    X("bitxor", 2, 2, R_BIT), X("bitnot", 1, 1, R_BIT), X("case", 1, -1, R_CASE),
    X("cast", 2, 2, R_CAST), X("try_cast", 2, 2, R_CAST), X("coalesce", 1, -1, R_COMMON),
    X("if", 3, 3, R_IF), X("field", 2, 2, R_FIELD), X("element_at", 2, 2, R_ELEMENT_AT),
    X("subscript", 2, 2, R_ELEMENT_AT),
    // null handling and conditionals
    X("nullif", 2, 2, R_NULLIF), X("nvl2", 3, 3, R_NVL2), X("greatest", 2, -1, R_COMMON),
    X("least", 2, -1, R_COMMON), S("isnan", 1, 1, "D:B"), S("nanvl", 2, 2, "DD:D"),
    // math
    X("abs", 1, 1, R_NEG), X("round", 1, 2, R_ROUND), X("bround", 1, 2, R_ROUND),
    X("floor", 1, 2, R_ROUND), X("ceil", 1, 2, R_ROUND), S("sqrt", 1, 1, "D:D"),
    S("cbrt", 1, 1, "D:D"), S("pow", 2, 2, "DD:D"), S("exp", 1, 1, "D:D"),
    S("expm1", 1, 1, "D:D"), S("ln", 1, 1, "D:D"), S("log", 1, 2, "DD:D"),
    S("log10", 1, 1, "D:D"), S("log2", 1, 1, "D:D"), S("log1p", 1, 1, "D:D"),
    S("sign", 1, 1, "D:D"), S("sin", 1, 1, "D:D"), S("cos", 1, 1, "D:D"),
    S("tan", 1, 1, "D:D"), S("asin", 1, 1, "D:D"), S("acos", 1, 1, "D:D"),
    S("atan", 1, 1, "D:D"), S("atan2", 2, 2, "DD:D"), S("sinh", 1, 1, "D:D"),
    S("cosh", 1, 1, "D:D"), S("tanh", 1, 1, "D:D"), S("degrees", 1, 1, "D:D"),
    S("radians", 1, 1, "D:D"), S("pi", 0, 0, ":D"), S("e", 0, 0, ":D"),
    S("rand", 0, 1, "L:D"), S("randn", 0, 1, "L:D"),
    // strings
    S("upper", 1, 1, "S:S"), S("lower", 1, 1, "S:S"), S("initcap", 1, 1, "S:S"),
    S("trim", 1, 2, "SS:S"), S("ltrim", 1, 2, "SS:S"), S("rtrim", 1, 2, "SS:S"),
    S("length", 1, 1, "X:I"), S("octet_length", 1, 1, "X:I"), S("bit_length", 1, 1, "X:I"),
    S("substring", 2, 3, "SII:S"), S("left", 2, 2, "SI:S"), S("right", 2, 2, "SI:S"),
    S("concat_ws", 1, -1, "SS:S"), S("replace", 2, 3, "SSS:S"),
    S("regexp_replace", 3, 4, "SSSI:S"), S("regexp_extract", 2, 3, "SSI:S"),
    S("regexp_count", 2, 2, "SS:I"), S("split_part", 3, 3, "SSI:S"),
    S("split", 2, 3, "SSI:a"), S("lpad", 2, 3, "SIS:S"), S("rpad", 2, 3, "SIS:S"),
    S("instr", 2, 2, "SS:I"), S("locate", 2, 3, "SSI:I"), S("startswith", 2, 2, "SS:B"),
    S("endswith", 2, 2, "SS:B"), S("contains", 2, 2, "SS:B"), X("reverse", 1, 1, R_COLL),
    S("repeat", 2, 2, "SI:S"), S("format_string", 1, -1, "SA:S"), S("ascii", 1, 1, "S:I"),
    S("chr", 1, 1, "L:S"), S("translate", 3, 3, "SSS:S"), S("space", 1, 1, "I:S"),
    S("substring_index", 3, 3, "SSI:S"), S("levenshtein", 2, 3, "SSI:I"),
    S("soundex", 1, 1, "S:S"), S("unhex", 1, 1, "S:b"), S("regexp_substr", 2, 2, "SS:S"),
    S("format_number", 2, 2, "NI:S"), S("factorial", 1, 1, "I:L"), S("hypot", 2, 2, "DD:D"),
    S("bin", 1, 1, "L:S"), X("shiftleft", 2, 2, R_SHIFT), X("shiftright", 2, 2, R_SHIFT),
    X("shiftrightunsigned", 2, 2, R_SHIFT), S("make_timestamp", 6, 6, "IIIIID:T"),
    S("base64", 1, 1, "b:S"), S("unbase64", 1, 1, "S:b"), S("hex", 1, 1, "H:S"),
    // hashes and ids
    S("md5", 1, 1, "b:S"), S("sha1", 1, 1, "b:S"), S("sha2", 2, 2, "bI:S"),
    S("crc32", 1, 1, "b:L"), S("hash", 1, -1, "A:I"), S("xxhash64", 1, -1, "A:L"),
    S("uuid", 0, 0, ":S"),
    // date and time
    S("current_timestamp", 0, 0, ":T"), S("current_date", 0, 0, ":d"),
    S("current_timezone", 0, 0, ":S"), X("to_date", 1, 2, R_TO_DT),
    X("to_timestamp", 1, 2, R_TO_DT), S("date_format", 2, 2, "TS:S"),
    S("date_add", 2, 2, "dI:d"), S("date_sub", 2, 2, "dI:d"), S("add_months", 2, 2, "dI:d"),
    S("months_between", 2, 3, "TTB:D"), X("datediff", 2, 3, R_DATEDIFF),
    S("timestampdiff", 3, 3, "STT:L"), S("timestampadd", 3, 3, "SLT:T"),
    S("date_trunc", 2, 2, "ST:T"), S("trunc", 2, 2, "dS:d"), S("year", 1, 1, "d:I"),
    S("quarter", 1, 1, "d:I"), S("month", 1, 1, "d:I"), S("day", 1, 1, "d:I"),
    S("dayofweek", 1, 1, "d:I"), S("weekday", 1, 1, "d:I"), S("dayofyear", 1, 1, "d:I"),
    S("weekofyear", 1, 1, "d:I"), S("hour", 1, 1, "T:I"), S("minute", 1, 1, "T:I"),
    S("second", 1, 1, "T:I"), S("last_day", 1, 1, "d:d"), S("next_day", 2, 2, "dS:d"),
    S("make_date", 3, 3, "III:d"), X("unix_timestamp", 0, 2, R_UNIX_TS),
    X("to_unix_timestamp", 1, 2, R_UNIX_TS), S("from_unixtime", 1, 2, "LS:S"),
    S("from_utc_timestamp", 2, 2, "TS:T"), S("to_utc_timestamp", 2, 2, "TS:T"),
    S("timestamp_seconds", 1, 1, "D:T"), S("timestamp_millis", 1, 1, "L:T"),
    S("timestamp_micros", 1, 1, "L:T"), S("unix_seconds", 1, 1, "T:L"),
    S("unix_millis", 1, 1, "T:L"), S("unix_micros", 1, 1, "T:L"),
    S("unix_date", 1, 1, "d:I"), S("date_from_unix_date", 1, 1, "I:d"),
    S("extract", 2, 2, "ST:I"),
    // misc
    S("monotonically_increasing_id", 0, 0, ":L"), S("input_file_name", 0, 0, ":S"),
    S("current_user", 0, 0, ":S"), S("current_database", 0, 0, ":S"),
    S("current_catalog", 0, 0, ":S"), S("spark_partition_id", 0, 0, ":I"),
    S("typeof", 1, 1, "A:S"),
    // collections and JSON
    X("array", 0, -1, R_ARRAY), X("map", 0, -1, R_MAP), X("struct", 0, -1, R_STRUCT),
    X("named_struct", 0, -1, R_STRUCT), S("size", 1, 1, "A:I"),
    X("array_contains", 2, 2, R_CONTAINS), X("from_json", 2, 3, R_STRUCT),
    S("to_json", 1, 2, "AA:S"), S("get_json_object", 2, 2, "SS:S"),
    X("transform", 2, 2, R_HOF), X("filter", 2, 2, R_HOF), X("exists", 2, 2, R_HOF),
    X("forall", 2, 2, R_HOF), X("aggregate", 3, 4, R_HOF), X("zip_with", 3, 3, R_HOF),
    X("array_sort", 1, 2, R_HOF), X("sort_array", 1, 2, R_COLL),
    X("array_distinct", 1, 1, R_COLL), X("array_remove", 2, 2, R_COLL),
    X("slice", 3, 3, R_COLL), X("array_max", 1, 1, R_COLL), X("array_min", 1, 1, R_COLL),
    X("array_join", 2, 3, R_COLL), X("array_position", 2, 2, R_COLL),
    X("map_keys", 1, 1, R_COLL), X("map_values", 1, 1, R_COLL), X("flatten", 1, 1, R_COLL),
    X("sequence", 2, 3, R_COLL), X("arrays_overlap", 2, 2, R_COLL),
    X("array_union", 2, 2, R_COLL), X("array_intersect", 2, 2, R_COLL),
    X("array_except", 2, 2, R_COLL), X("array_repeat", 2, 2, R_COLL),
    X("array_compact", 1, 1, R_COLL), X("array_append", 2, 2, R_COLL),
    X("array_prepend", 2, 2, R_COLL), X("array_size", 1, 1, R_COLL), X("get", 2, 2, R_COLL),
    X("map_contains_key", 2, 2, R_COLL), X("map_from_arrays", 2, 2, R_COLL),
    X("str_to_map", 1, 3, R_COLL),
    // aggregates
    AG("count", 0, -1, R_SIG, "A:L"), AG("sum", 1, 1, R_SUM, ""), AG("avg", 1, 1, R_AVG, ""),
    AG("min", 1, 1, R_SAME, "A"), AG("max", 1, 1, R_SAME, "A"),
    AG("first", 1, 2, R_SAME, "AB"), AG("last", 1, 2, R_SAME, "AB"),
    AG("any_value", 1, 2, R_SAME, "AB"), AG("collect_list", 1, 1, R_COLLECT, ""),
    AG("collect_set", 1, 1, R_COLLECT, ""), AG("approx_count_distinct", 1, 2, R_SIG, "AD:L"),
    AG("count_if", 1, 1, R_SIG, "B:L"), AG("max_by", 2, 2, R_SAME, "AA"),
    AG("min_by", 2, 2, R_SAME, "AA"), AG("stddev", 1, 1, R_SIG, "D:D"),
    AG("stddev_pop", 1, 1, R_SIG, "D:D"), AG("variance", 1, 1, R_SIG, "D:D"),
    AG("var_pop", 1, 1, R_SIG, "D:D"), AG("bool_or", 1, 1, R_SIG, "B:B"),
    AG("bool_and", 1, 1, R_SIG, "B:B"), AG("median", 1, 1, R_SIG, "D:D"),
    // window functions
    WN("row_number", 0, 0, R_SIG, ":I"), WN("rank", 0, 0, R_SIG, ":I"),
    WN("dense_rank", 0, 0, R_SIG, ":I"), WN("percent_rank", 0, 0, R_SIG, ":D"),
    WN("cume_dist", 0, 0, R_SIG, ":D"), WN("ntile", 1, 1, R_SIG, "I:I"),
    WN("lag", 1, 3, R_SAME, "AI0"), WN("lead", 1, 3, R_SAME, "AI0"),
    WN("nth_value", 2, 3, R_SAME, "AIB"),
    // generators
    GN("explode"), GN("explode_outer"), GN("posexplode"), GN("posexplode_outer"), GN("inline"),
};

static const struct {
    const char *alias, *name;
} aliases[] = {
    {"power", "pow"},         {"ceiling", "ceil"},        {"signum", "sign"},
    {"ucase", "upper"},       {"lcase", "lower"},         {"len", "length"},
    {"char_length", "length"}, {"character_length", "length"}, {"substr", "substring"},
    {"regexp_like", "rlike"}, {"regexp", "rlike"},        {"position", "locate"},
    {"sha", "sha1"},          {"char", "chr"},            {"now", "current_timestamp"},
    {"curdate", "current_date"}, {"dayofmonth", "day"},   {"dateadd", "date_add"},
    {"date_diff", "datediff"}, {"user", "current_user"},  {"session_user", "current_user"},
    {"current_schema", "current_database"}, {"nvl", "coalesce"}, {"ifnull", "coalesce"},
    {"iff", "if"},            {"isnull", "is_null"},      {"isnotnull", "is_not_null"},
    {"cardinality", "size"},  {"mean", "avg"},            {"std", "stddev"},
    {"stddev_samp", "stddev"}, {"var_samp", "variance"},  {"any", "bool_or"},
    {"some", "bool_or"},      {"every", "bool_and"},      {"array_agg", "collect_list"},
    {"first_value", "first"}, {"last_value", "last"},     {"random", "rand"},
    {"try_element_at", "element_at"}, {"date_part", "extract"}, {"create_map", "map"},
    {"printf", "format_string"}, {"btrim", "trim"}, {"equal_null", "eq_null_safe"},
};

enum { NDEFS = sizeof defs / sizeof defs[0], NALIASES = sizeof aliases / sizeof aliases[0] };

const FuncInfo *func_lookup(const char *name) {
    if (!name) return NULL;
    for (size_t i = 0; i < NDEFS; i++)
        if (str_ieq(defs[i].info.name, name)) return &defs[i].info;
    for (size_t i = 0; i < NALIASES; i++)
        if (str_ieq(aliases[i].alias, name)) return func_lookup(aliases[i].name);
    return NULL;
}

static const char *all_names[NDEFS + NALIASES];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void fill_names(void) {
    for (size_t i = 0; i < NDEFS; i++) all_names[i] = defs[i].info.name;
    for (size_t i = 0; i < NALIASES; i++) all_names[NDEFS + i] = aliases[i].alias;
}

const char *const *func_all_names(size_t *n) {
    pthread_once(&names_once, fill_names);
    *n = NDEFS + NALIASES;
    return all_names;
}

/* ---- type checking ---------------------------------------------------------- */

static _Thread_local char msg[256];

static const char *fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return msg;
}

static const char *tname(Type t, int which) {
    static _Thread_local char bufs[2][96];
    return type_sql_name(t, bufs[which], sizeof bufs[which]);
}

static bool is_atomic(TypeId t) {
    return t != TY_NULL && t != TY_ARRAY && t != TY_MAP && t != TY_STRUCT && t < TY_COUNT_;
}

static Type class_type(char cls) {
    switch (cls) {
    case 'S': case 'X': case 'H': return TYPE(TY_STRING);
    case 'b': return TYPE(TY_BINARY);
    case 'I': return TYPE(TY_INT);
    case 'L': return TYPE(TY_BIGINT);
    case 'D': case 'N': return TYPE(TY_DOUBLE);
    case 'B': return TYPE(TY_BOOLEAN);
    case 'd': return TYPE(TY_DATE);
    case 'T': return TYPE(TY_TIMESTAMP);
    case 'a': return type_array_of(TYPE(TY_STRING));
    default: return TYPE(TY_NULL);
    }
}

static const char *class_name(char cls) {
    switch (cls) {
    case 'X': return "string or binary";
    case 'H': return "bigint, string or binary";
    case 'N': return "numeric";
    default: return type_id_name(class_type(cls).id);
    }
}

/* ImplicitTypeCasts.implicitCast (non-ANSI): the type an argument of type `in`
 * is cast to for a parameter of class `cls`; false when Spark refuses. */
static bool implicit_cast(Type in, char cls, Type *out) {
    if (cls == 'A') { *out = in; return true; }
    Type want = class_type(cls);
    if (in.id == TY_NULL) { *out = want; return true; }
    switch (cls) {
    case 'S':
        *out = want;
        return is_atomic(in.id);
    case 'X':
        *out = in.id == TY_BINARY ? in : want;
        return is_atomic(in.id);
    case 'b':
        *out = want;
        return in.id == TY_BINARY || in.id == TY_STRING;
    case 'H':  // hex: TypeCollection(LongType, BinaryType, StringType)
        *out = type_is_numeric(in.id) ? TYPE(TY_BIGINT) : in.id == TY_BINARY ? in : want;
        return is_atomic(in.id);
    case 'N':
        *out = type_is_numeric(in.id) ? in : want;
        return type_is_numeric(in.id) || in.id == TY_STRING;
    case 'I': case 'L': case 'D':
        *out = want;
        return type_is_numeric(in.id) || in.id == TY_STRING;
    case 'B':
        *out = want;
        return in.id == TY_BOOLEAN;
    case 'd': case 'T':
        *out = want;
        return in.id == TY_STRING || in.id == TY_DATE || in.id == TY_TIMESTAMP;
    default:
        *out = in;
        return type_eq(in, want);
    }
}

static const char *check_sig(const FuncInfo *f, const char *sig, const Type *args, int n,
                             Type *arg_to, Type *result) {
    const char *colon = strchr(sig, ':');
    int ncls = colon ? (int)(colon - sig) : (int)strlen(sig);
    for (int i = 0; i < n; i++) {
        if (ncls == 0) { arg_to[i] = args[i]; continue; }
        char cls = sig[i < ncls ? i : ncls - 1];  // the last class repeats (variadic)
        if (cls >= '0' && cls <= '9') {           // "same type as argument k"
            Type t = arg_to[cls - '0'];
            if (!type_can_cast(args[i], t))
                return fail("argument %d of '%s' must be %s, got %s", i + 1, f->name,
                            tname(t, 0), tname(args[i], 1));
            arg_to[i] = t;
            continue;
        }
        if (!implicit_cast(args[i], cls, &arg_to[i]))
            return fail("argument %d of '%s' must be %s, got %s", i + 1, f->name,
                        class_name(cls), tname(args[i], 0));
    }
    char r = colon ? colon[1] : '0';
    if (r >= '0' && r <= '9') *result = r - '0' < n ? arg_to[r - '0'] : TYPE(TY_NULL);
    else *result = class_type(r);
    return NULL;
}

static const char *check_count(const FuncInfo *f, int n) {
    if (n >= f->min_args && (f->max_args < 0 || n <= f->max_args)) return NULL;
    const char *s = f->min_args == 1 ? "" : "s";
    if (f->max_args < 0)
        return fail("function '%s' expects at least %d argument%s, got %d", f->name,
                    f->min_args, s, n);
    if (f->min_args == f->max_args)
        return fail("function '%s' expects %d argument%s, got %d", f->name, f->min_args, s, n);
    return fail("function '%s' expects %d to %d arguments, got %d", f->name, f->min_args,
                f->max_args, n);
}


/* ---- rules for functions whose types depend on their arguments -------------- */

static const char *cannot(const FuncInfo *f, const Type *args, int n) {
    if (n == 1) return fail("cannot apply '%s' to %s", f->name, tname(args[0], 0));
    return fail("cannot apply '%s' to %s and %s", f->name, tname(args[0], 0), tname(args[1], 1));
}

static const char *no_common(const FuncInfo *f, Type a, Type b) {
    return fail("cannot find a common type for the arguments of '%s': %s and %s", f->name,
                tname(a, 0), tname(b, 1));
}

static bool is_num(Type t) { return type_is_numeric(t.id); }
static bool is_fp(Type t) { return t.id == TY_FLOAT || t.id == TY_DOUBLE; }
static bool is_int_ish(Type t) {
    return type_is_integral(t.id) || t.id == TY_STRING || t.id == TY_NULL;
}
static bool is_dt(Type t) { return t.id == TY_DATE || t.id == TY_TIMESTAMP; }

/* PromoteStrings: a string operand of arithmetic is cast to double. */
static Type promote(Type t) { return t.id == TY_STRING ? TYPE(TY_DOUBLE) : t; }

/* Numeric operands of a binary operator: integral/floating widen to the wider type;
 * a decimal with an integral keeps each side's own decimal (the kernel rescales)
 * and gets the DecimalPrecision result; a decimal with a float/double is double. */
static bool numeric_pair(char op, Type a, Type b, Type *to, Type *res) {
    if (a.id == TY_NULL && b.id == TY_NULL) a = b = TYPE(TY_DOUBLE);
    else if (a.id == TY_NULL) a = b;
    else if (b.id == TY_NULL) b = a;
    if (!is_num(a) || !is_num(b)) return false;
    if (a.id == TY_DECIMAL || b.id == TY_DECIMAL) {
        if (is_fp(a) || is_fp(b)) {
            to[0] = to[1] = *res = TYPE(TY_DOUBLE);
            return true;
        }
        to[0] = type_decimal_for(a);
        to[1] = type_decimal_for(b);
        *res = type_decimal_arith(op, to[0], to[1]);
        return true;
    }
    Type w;
    type_common(a, b, &w);
    to[0] = to[1] = *res = w;
    return true;
}

/* date +- days, date - date, timestamp - timestamp, +- interval. An interval added
 * to a date gives a date (Spark does so for day intervals, the usual case). */
static bool datetime_arith(bool add, const Type *args, Type *to, Type *res) {
    Type a = args[0], b = args[1];
    if (a.id == TY_DATE && is_int_ish(b)) {
        to[0] = a, to[1] = TYPE(TY_INT), *res = a;
        return true;
    }
    if (add && b.id == TY_DATE && is_int_ish(a)) {
        to[0] = TYPE(TY_INT), to[1] = b, *res = b;
        return true;
    }
    if (b.id == TY_INTERVAL && (is_dt(a) || a.id == TY_STRING || a.id == TY_INTERVAL)) {
        to[0] = a.id == TY_STRING ? TYPE(TY_TIMESTAMP) : a, to[1] = b, *res = to[0];
        return true;
    }
    if (add && a.id == TY_INTERVAL && (is_dt(b) || b.id == TY_STRING)) {
        to[0] = a, to[1] = b.id == TY_STRING ? TYPE(TY_TIMESTAMP) : b, *res = to[1];
        return true;
    }
    if (!add && is_dt(a) && is_dt(b)) {  // as micros: the interval counts whole days
        to[0] = to[1] = TYPE(TY_TIMESTAMP), *res = TYPE(TY_INTERVAL);
        return true;
    }
    return false;
}

static const char *rule_arith(const FuncDef *d, const Type *args, Type *to, Type *res) {
    const char *nm = d->info.name;
    char op = nm[0] == 'a' ? '+' : nm[0] == 's' ? '-' : nm[1] == 'u' ? '*' : '%';
    if ((op == '+' || op == '-') && datetime_arith(op == '+', args, to, res)) return NULL;
    if (numeric_pair(op, promote(args[0]), promote(args[1]), to, res)) return NULL;
    return cannot(&d->info, args, 2);
}

static const char *rule_div(const FuncDef *d, const Type *args, Type *to, Type *res, bool idiv) {
    Type a = promote(args[0]), b = promote(args[1]);
    if (a.id == TY_NULL) a = b.id == TY_NULL ? TYPE(TY_DOUBLE) : b;
    if (b.id == TY_NULL) b = a;
    if (!is_num(a) || !is_num(b)) return cannot(&d->info, args, 2);
    bool dec = (a.id == TY_DECIMAL || b.id == TY_DECIMAL) && !is_fp(a) && !is_fp(b);
    if (idiv) {
        if (dec) type_common(type_decimal_for(a), type_decimal_for(b), &to[0]), to[1] = to[0];
        else to[0] = to[1] = TYPE(TY_BIGINT);
        *res = TYPE(TY_BIGINT);
    } else if (dec) {
        to[0] = type_decimal_for(a), to[1] = type_decimal_for(b);
        *res = type_decimal_arith('/', to[0], to[1]);
    } else {
        to[0] = to[1] = *res = TYPE(TY_DOUBLE);
    }
    return NULL;
}

static const char *rule_neg(const FuncDef *d, const Type *args, Type *to, Type *res) {
    Type a = promote(args[0]);
    if (a.id == TY_NULL) a = TYPE(TY_DOUBLE);
    if (!is_num(a) && a.id != TY_INTERVAL) return cannot(&d->info, args, 1);
    to[0] = *res = a;
    return NULL;
}

/* Fold type_common (or type_common_cmp) over args[from, to) stepping by step. */
static const char *fold_common(const FuncInfo *f, const Type *args, int from, int end, int step,
                               Type *out) {
    *out = TYPE(TY_NULL);
    for (int i = from; i < end; i += step) {
        Type c;
        if (!type_common(*out, args[i], &c)) return no_common(f, *out, args[i]);
        *out = c;
    }
    return NULL;
}

static const char *rule_case(const FuncDef *d, const Type *args, int n, Type *to, Type *res) {
    int npairs = n / 2;
    for (int i = 0; i < npairs; i++)
        if (!implicit_cast(args[2 * i], 'B', &to[2 * i]))
            return fail("condition %d of 'case' must be boolean, got %s", i + 1,
                        tname(args[2 * i], 0));
    Type c = TYPE(TY_NULL);
    for (int i = 1; i < n; i += 2) {
        if (!type_common(c, args[i], &c)) return no_common(&d->info, c, args[i]);
    }
    if (n % 2 && !type_common(c, args[n - 1], &c)) return no_common(&d->info, c, args[n - 1]);
    for (int i = 1; i < n; i += 2) to[i] = c;
    if (n % 2) to[n - 1] = c;
    *res = c;
    return NULL;
}

static const char *rule_round(const FuncDef *d, const Type *args, int n, Type *to, Type *res) {
    Type a = promote(args[0]);
    if (a.id == TY_NULL) a = TYPE(TY_DOUBLE);
    if (!is_num(a)) return cannot(&d->info, args, 1);
    bool floor_ceil = d->info.name[0] == 'f' || d->info.name[0] == 'c';
    if (floor_ceil && n == 2 && a.id != TY_DECIMAL) a = type_decimal_for(a);  // RoundFloor
    to[0] = a;
    if (n == 2 && !implicit_cast(args[1], 'I', &to[1]))
        return fail("argument 2 of '%s' must be int, got %s", d->info.name, tname(args[1], 0));
    *res = func_round_type(&d->info, a, 0);
    return NULL;
}

Type func_extract_type(const char *field) {
    static const char *const secs[] = {"SECOND", "S", "SEC", "SECONDS", "SECS"};
    for (size_t i = 0; field && i < sizeof secs / sizeof secs[0]; i++)
        if (str_ieq(field, secs[i])) return type_decimal(8, 6);
    return TYPE(TY_INT);
}

Type func_round_type(const FuncInfo *f, Type t, int scale) {
    bool floor_ceil = f && (f->name[0] == 'f' || f->name[0] == 'c');
    if (t.id != TY_DECIMAL) return floor_ceil ? TYPE(TY_BIGINT) : t;
    // RoundBase.dataType: one more integral digit, since 9.9 may round to 10
    int int_digits = t.precision - t.scale + 1;
    if (scale < 0) {
        int p = int_digits > 1 - scale ? int_digits : 1 - scale;
        return type_decimal(p > 38 ? 38 : p, 0);
    }
    int s = scale < t.scale ? scale : t.scale;
    int p = int_digits + s;
    return type_decimal(p > 38 ? 38 : p, s);
}

static const char *rule_sum_avg(const FuncDef *d, const Type *args, Type *to, Type *res) {
    bool avg = d->rule == R_AVG;
    Type a = promote(args[0]);
    if (a.id == TY_NULL) a = TYPE(TY_DOUBLE);
    to[0] = a;
    if (a.id == TY_INTERVAL) *res = a;
    else if (a.id == TY_DECIMAL && avg)
        *res = type_decimal(a.precision + 4 > 38 ? 38 : a.precision + 4,
                            a.scale + 4 > 38 ? 38 : a.scale + 4);
    else if (a.id == TY_DECIMAL) *res = type_decimal(a.precision + 10 > 38 ? 38 : a.precision + 10,
                                                     a.scale);
    else if (type_is_integral(a.id) && !avg) *res = TYPE(TY_BIGINT);
    else if (is_num(a)) *res = TYPE(TY_DOUBLE);
    else return cannot(&d->info, args, 1);
    return NULL;
}

static const char *rule_explode(const FuncDef *d, const Type *args, Type *res) {
    Type a = args[0];
    bool is_inline = strcmp(d->info.name, "inline") == 0;
    if (a.id == TY_ARRAY && a.nested) {
        *res = a.nested->elem;
        if (is_inline && res->id != TY_STRUCT)
            return fail("function 'inline' expects an array of structs, got %s", tname(a, 0));
        return NULL;
    }
    if (a.id == TY_MAP && !is_inline) { *res = a; return NULL; }
    if (a.id == TY_NULL) { *res = a; return NULL; }
    return fail("function '%s' expects an array%s, got %s", d->info.name,
                is_inline ? " of structs" : " or map", tname(a, 0));
}

static const char *rule_element_at(const FuncDef *d, const Type *args, Type *to, Type *res) {
    Type a = args[0];
    if (a.id == TY_NULL) { *res = a; return NULL; }
    if (a.id == TY_ARRAY && a.nested) {
        if (!implicit_cast(args[1], 'I', &to[1])) return cannot(&d->info, args, 2);
        *res = a.nested->elem;
        return NULL;
    }
    if (a.id == TY_MAP && a.nested) {
        if (!type_can_cast(args[1], a.nested->elem)) return cannot(&d->info, args, 2);
        to[1] = a.nested->elem;
        *res = a.nested->value;
        return NULL;
    }
    return cannot(&d->info, args, 2);
}

static const char *rule_concat(const FuncDef *d, const Type *args, int n, Type *to, Type *res) {
    bool all_bin = n > 0, all_arr = n > 0;
    for (int i = 0; i < n; i++) {
        all_bin &= args[i].id == TY_BINARY || args[i].id == TY_NULL;
        all_arr &= args[i].id == TY_ARRAY || args[i].id == TY_NULL;
    }
    if (all_arr) {  // every array to the common element type
        const char *err = fold_common(&d->info, args, 0, n, 1, res);
        for (int i = 0; !err && i < n; i++) to[i] = *res;
        return err;
    }
    *res = TYPE(all_bin ? TY_BINARY : TY_STRING);
    for (int i = 0; i < n; i++)
        if (!implicit_cast(args[i], all_bin ? 'b' : 'S', &to[i]))
            return fail("argument %d of '%s' must be string, got %s", i + 1, d->info.name,
                        tname(args[i], 0));
    return NULL;
}

static const char *rule_map(const FuncDef *d, const Type *args, int n, Type *to, Type *res) {
    if (n % 2) return fail("function 'map' expects an even number of arguments, got %d", n);
    Type k, v;
    const char *err = fold_common(&d->info, args, 0, n, 2, &k);
    if (!err) err = fold_common(&d->info, args, 1, n, 2, &v);
    if (err) return err;
    for (int i = 0; i < n; i++) to[i] = i % 2 ? v : k;
    *res = type_map_of(k, v);
    return NULL;
}

static const char *rule_unix_ts(const FuncDef *d, const Type *args, int n, Type *to, Type *res) {
    *res = TYPE(TY_BIGINT);
    if (n == 0) return NULL;
    Type a = args[0];
    if (a.id == TY_NULL || a.id == TY_STRING) to[0] = TYPE(TY_STRING);
    else if (is_dt(a)) to[0] = TYPE(TY_TIMESTAMP);
    else return cannot(&d->info, args, 1);
    if (n == 2 && !implicit_cast(args[1], 'S', &to[1])) return cannot(&d->info, args, 2);
    return NULL;
}

/* Higher-order functions: the planner passes a lambda argument as its body's type
 * (transform(a, x -> x + 1) is checked as (array<int>, int)). */
static const char *rule_hof(const FuncDef *d, const Type *args, int n, Type *to, Type *res) {
    const char *nm = d->info.name;
    Type a = args[0];
    if (a.id != TY_ARRAY || !a.nested) {
        if (a.id == TY_NULL) { *res = a; return NULL; }
        return fail("argument 1 of '%s' must be an array, got %s", nm, tname(a, 0));
    }
    if (!strcmp(nm, "transform")) *res = type_array_of(args[1]);
    else if (!strcmp(nm, "filter") || !strcmp(nm, "array_sort")) *res = a;
    else if (!strcmp(nm, "exists") || !strcmp(nm, "forall")) *res = TYPE(TY_BOOLEAN);
    else if (!strcmp(nm, "zip_with")) *res = type_array_of(args[2]);
    else {  // aggregate(a, zero, merge[, finish]): merge yields the zero's type
        if (!type_can_cast(args[2], args[1])) return cannot(&d->info, args + 1, 2);
        to[2] = args[1];
        *res = n == 4 ? args[3] : args[1];
    }
    return NULL;
}

static bool arr_elem(Type t, Type *elem) {
    if (t.id != TY_ARRAY || !t.nested) return false;
    *elem = t.nested->elem;
    return true;
}

static const char *rule_coll(const FuncDef *d, const Type *args, int n, Type *to, Type *res) {
    const char *nm = d->info.name;
    Type e, c;
    if (!strcmp(nm, "reverse"))  // strings here, arrays in the collection kernels
        return args[0].id == TY_ARRAY ? (*res = args[0], NULL)
                                      : check_sig(&d->info, "S:S", args, n, to, res);
    if (!strcmp(nm, "map_keys") || !strcmp(nm, "map_values")) {
        if (args[0].id != TY_MAP || !args[0].nested) return cannot(&d->info, args, 1);
        *res = type_array_of(nm[4] == 'k' ? args[0].nested->elem : args[0].nested->value);
        return NULL;
    }
    if (!strcmp(nm, "array_repeat")) {
        if (!implicit_cast(args[1], 'I', &to[1])) return cannot(&d->info, args, 2);
        *res = type_array_of(args[0]);
        return NULL;
    }
    if (!strcmp(nm, "str_to_map")) {  // text[, pair delimiter[, key-value delimiter]]
        for (int i = 0; i < n; i++)
            if (!implicit_cast(args[i], 'S', &to[i])) return cannot(&d->info, args, n);
        *res = type_map_of(TYPE(TY_STRING), TYPE(TY_STRING));
        return NULL;
    }
    if (!strcmp(nm, "map_from_arrays")) {
        Type k, v;
        if (!arr_elem(args[0], &k) || !arr_elem(args[1], &v)) return cannot(&d->info, args, 2);
        *res = type_map_of(k, v);
        return NULL;
    }
    if (!strcmp(nm, "map_contains_key")) {
        if (args[0].id != TY_MAP || !args[0].nested ||
            !type_can_cast(args[1], args[0].nested->elem))
            return cannot(&d->info, args, 2);
        to[1] = args[0].nested->elem;
        *res = TYPE(TY_BOOLEAN);
        return NULL;
    }
    if (!strcmp(nm, "sequence")) {
        if (fold_common(&d->info, args, 0, n, 1, &c) || !type_is_integral(c.id))
            return cannot(&d->info, args, n);
        for (int i = 0; i < n; i++) to[i] = c;
        *res = type_array_of(c);
        return NULL;
    }
    if (!arr_elem(args[0], &e)) return cannot(&d->info, args, n);
    if (!strcmp(nm, "array_max") || !strcmp(nm, "array_min")) *res = e;
    else if (!strcmp(nm, "array_compact")) *res = args[0];
    else if (!strcmp(nm, "array_size")) *res = TYPE(TY_INT);
    else if (!strcmp(nm, "get")) {
        if (!implicit_cast(args[1], 'I', &to[1])) return cannot(&d->info, args, 2);
        *res = e;
    } else if (!strcmp(nm, "array_append") || !strcmp(nm, "array_prepend")) {
        if (!type_can_cast(args[1], e)) return cannot(&d->info, args, 2);
        to[1] = e;
        *res = args[0];
    }
    else if (!strcmp(nm, "flatten")) {
        if (!arr_elem(e, res)) return cannot(&d->info, args, 1);
        *res = e;
    } else if (!strcmp(nm, "array_join")) {
        for (int i = 1; i < n; i++)
            if (!implicit_cast(args[i], 'S', &to[i])) return cannot(&d->info, args, n);
        *res = TYPE(TY_STRING);
    } else if (!strcmp(nm, "array_position") || !strcmp(nm, "array_remove")) {
        if (!type_can_cast(args[1], e)) return cannot(&d->info, args, 2);
        to[1] = e;
        *res = nm[6] == 'p' ? TYPE(TY_BIGINT) : args[0];
    } else if (!strcmp(nm, "slice")) {
        for (int i = 1; i < 3; i++)
            if (!implicit_cast(args[i], 'I', &to[i])) return cannot(&d->info, args, n);
        *res = args[0];
    } else if (!strcmp(nm, "sort_array")) {
        if (n == 2 && !implicit_cast(args[1], 'B', &to[1])) return cannot(&d->info, args, 2);
        *res = args[0];
    } else if (n == 2) {  // arrays_overlap, array_union, array_intersect, array_except
        if (!type_common(args[0], args[1], &c)) return no_common(&d->info, args[0], args[1]);
        to[0] = to[1] = c;
        *res = !strcmp(nm, "arrays_overlap") ? TYPE(TY_BOOLEAN) : c;
    } else {
        *res = args[0];  // array_distinct
    }
    return NULL;
}

static const char *check_rule(const FuncDef *d, const Type *args, int n, Type *to, Type *res) {
    const FuncInfo *f = &d->info;
    const char *err;
    Type c;
    switch (d->rule) {
    case R_ARITH: return rule_arith(d, args, to, res);
    case R_DIV: return rule_div(d, args, to, res, false);
    case R_INTDIV: return rule_div(d, args, to, res, true);
    case R_NEG: return rule_neg(d, args, to, res);
    case R_CMP:
        if (!type_common_cmp(args[0], args[1], &c)) return cannot(f, args, 2);
        to[0] = to[1] = c, *res = TYPE(TY_BOOLEAN);
        return NULL;
    case R_NULLIF:
        if (!type_common_cmp(args[0], args[1], &c)) return cannot(f, args, 2);
        to[0] = to[1] = *res = c;
        return NULL;
    case R_IN:
    case R_COMMON:
        if ((err = fold_common(f, args, 0, n, 1, &c))) return err;
        for (int i = 0; i < n; i++) to[i] = c;
        *res = d->rule == R_IN ? TYPE(TY_BOOLEAN) : c;
        return NULL;
    case R_CASE: return rule_case(d, args, n, to, res);
    case R_CAST:
        if (!type_can_cast(args[0], args[1]))
            return fail("cannot cast %s to %s", tname(args[0], 0), tname(args[1], 1));
        *res = args[1];
        return NULL;
    case R_IF:
    case R_NVL2:
        if (d->rule == R_IF && !implicit_cast(args[0], 'B', &to[0]))
            return fail("condition of 'if' must be boolean, got %s", tname(args[0], 0));
        if ((err = fold_common(f, args, 1, 3, 1, &c))) return err;
        to[1] = to[2] = *res = c;
        return NULL;
    case R_BIT:
        if ((err = fold_common(f, args, 0, n, 1, &c))) return err;
        if (c.id == TY_NULL) c = TYPE(TY_INT);
        if (!type_is_integral(c.id)) return cannot(f, args, n);
        for (int i = 0; i < n; i++) to[i] = c;
        *res = c;
        return NULL;
    case R_ROUND: return rule_round(d, args, n, to, res);
    case R_SUM:
    case R_AVG: return rule_sum_avg(d, args, to, res);
    case R_SAME: return check_sig(f, d->sig, args, n, to, res);
    case R_COLLECT: *res = type_array_of(args[0]); return NULL;
    case R_EXPLODE: return rule_explode(d, args, res);
    case R_ARRAY:
        if ((err = fold_common(f, args, 0, n, 1, &c))) return err;
        for (int i = 0; i < n; i++) to[i] = c;
        *res = type_array_of(c);
        return NULL;
    case R_MAP: return rule_map(d, args, n, to, res);
    case R_STRUCT:
        // the planner builds the struct type: field names are literals, from_json's
        // schema is a literal string
        if (strcmp(f->name, "from_json") == 0 && !implicit_cast(args[0], 'S', &to[0]))
            return cannot(f, args, 1);
        *res = TYPE(TY_STRUCT);
        return NULL;
    case R_ELEMENT_AT: return rule_element_at(d, args, to, res);
    case R_CONTAINS:
        if (args[0].id == TY_NULL) { *res = TYPE(TY_BOOLEAN); return NULL; }
        if (args[0].id != TY_ARRAY || !args[0].nested ||
            !type_common(args[0].nested->elem, args[1], &c))
            return cannot(f, args, 2);
        to[1] = c;  // Spark: both sides to the wider type (array() holds void elements)
        if (!type_eq(c, args[0].nested->elem)) to[0] = type_array_of(c);
        *res = TYPE(TY_BOOLEAN);
        return NULL;
    case R_CONCAT: return rule_concat(d, args, n, to, res);
    case R_TO_DT: {
        bool date = f->name[3] == 'd';
        const char *sig = n == 2 ? (date ? "SS:d" : "SS:T") : (date ? "d:d" : "T:T");
        return check_sig(f, sig, args, n, to, res);
    }
    case R_UNIX_TS: return rule_unix_ts(d, args, n, to, res);
    case R_DATEDIFF: return check_sig(f, n == 2 ? "dd:I" : "STT:L", args, n, to, res);
    case R_FIELD:
        if (args[0].id != TY_STRUCT && args[0].id != TY_NULL) return cannot(f, args, 1);
        return NULL;  // the planner knows the field's type
    case R_SHIFT:
        c = promote(args[0]);
        if (c.id == TY_NULL || c.id == TY_TINYINT || c.id == TY_SMALLINT) c = TYPE(TY_INT);
        if (c.id != TY_INT && c.id != TY_BIGINT) c = TYPE(TY_BIGINT);
        if (!type_is_numeric(args[0].id) && args[0].id != TY_NULL && args[0].id != TY_STRING)
            return cannot(f, args, 2);
        if (!implicit_cast(args[1], 'I', &to[1])) return cannot(f, args, 2);
        to[0] = *res = c;
        return NULL;
    case R_HOF: return rule_hof(d, args, n, to, res);
    case R_COLL: return rule_coll(d, args, n, to, res);
    case R_SIG: break;
    }
    return check_sig(f, d->sig, args, n, to, res);
}

const char *func_check(const FuncInfo *f, const Type *args, int n, Type *arg_to, Type *result) {
    if (!f) return fail("unknown function");
    const char *err = check_count(f, n);
    if (err) return err;
    for (int i = 0; i < n; i++) arg_to[i] = args[i];
    *result = TYPE(TY_NULL);
    const FuncDef *d = (const FuncDef *)f;
    if (d < defs || d >= defs + NDEFS) return fail("'%s' is not a catalog function", f->name);
    if (d->rule == R_SIG) return check_sig(f, d->sig, args, n, arg_to, result);
    return check_rule(d, args, n, arg_to, result);
}
