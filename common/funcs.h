/* The SQL function catalog, shared by the planner (names, argument counts, type
 * checking, implicit casts, result types) and the runtime (which implements each
 * entry by name). Operators are functions too ("add", "eq", ...; docs/plan-format.md).
 * Type rules follow Spark SQL (non-ANSI by default). */
#ifndef SLUICE_FUNCS_H
#define SLUICE_FUNCS_H

#include "types.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    FN_SCALAR,     // row by row
    FN_AGG,        // aggregate (also usable over a window)
    FN_WINDOW,     // ranking/offset window functions only
    FN_GENERATOR,  // explode & co: only in SELECT lists / LATERAL VIEW
} FuncKind;

typedef struct {
    const char *name;      // canonical lower-case name used in plans
    FuncKind    kind;
    int         min_args;
    int         max_args;  // -1: variadic
} FuncInfo;

/* Look a function up by any spelling (case-insensitive, aliases such as len, mean,
 * substr, nvl, ifnull, dayofmonth, now); NULL when unknown. */
const FuncInfo *func_lookup(const char *name);
/* Every name and alias, for "did you mean" (static storage). */
const char *const *func_all_names(size_t *n);

/* Type-check a call of f with argument types args[0..n). On success returns NULL,
 * sets *result and, for each argument, the type it must be cast to (arg_to[i]; equal
 * to args[i] when no cast is needed). On failure returns a message (static or
 * thread-local storage) such as "function 'upper' expects 1 argument, got 2" or
 * "cannot apply 'add' to string and date".
 * Conventions and deliberate choices (Spark 3.x, non-ANSI):
 *  - cast/try_cast take the target type as a second pseudo-argument: (x, target).
 *  - case takes (c1, v1, c2, v2, ..., [else]); a lambda argument of a higher-order
 *    function (transform, filter, aggregate, ...) is passed as its body's type.
 *  - Comparisons use type_common_cmp ('1' = 1 compares as int); IN, CASE, COALESCE,
 *    greatest/least and UNION use type_common ('1' IN (1) compares as strings).
 *  - Arithmetic on a string operand casts it to double; int / int is double; a
 *    decimal with an integral operand keeps each side's own decimal type (the kernel
 *    rescales) and gets the DecimalPrecision result; date +- int is a date, date -
 *    date an interval, date +- interval a date (Spark: for day intervals).
 *  - nullif(a, b) returns the comparison type of a and b (Spark keeps a's type).
 *  - round/bround/floor/ceil of a decimal assume scale 0 here; with a literal scale
 *    call func_round_type. floor/ceil with a scale cast their argument to decimal.
 *  - struct/named_struct/from_json return TY_STRUCT without fields and "field"
 *    returns TY_NULL: the planner builds those types from the literal arguments.
 *  - Generators return their element type; exploding a map returns the map type. */
const char *func_check(const FuncInfo *f, const Type *args, int n, Type *arg_to, Type *result);

/* Spark's implicit coercion: the common type of two types for comparison, CASE,
 * COALESCE, IN and UNION (findWiderTypeForTwo); false when there is none. */
bool type_common(Type a, Type b, Type *out);
/* Whether CAST(from AS to) is allowed at all, and whether it is a widening
 * ("up-cast": no loss, used for declared schemas and BY NAME inserts). */
bool type_can_cast(Type from, Type to);
bool type_can_up_cast(Type from, Type to);

/* Comparison operands (=, <, <=>, ...): findCommonTypeForBinaryComparison, where a
 * string meets the other side's type ('1' = 1 compares as int; string vs decimal
 * as double; string vs date as date). IN, CASE and COALESCE use type_common. */
bool type_common_cmp(Type a, Type b, Type *out);
/* Decimal arithmetic result (Spark DecimalPrecision, precision loss allowed);
 * op is one of + - * / %. */
Type type_decimal_arith(char op, Type a, Type b);
Type type_decimal_adjust(int precision, int scale);  // 38-digit cap, scale kept >= 6
Type type_decimal_for(Type t);  // the decimal an integral type widens to: int -> (10,0)
/* Interned nested types (static storage, never freed): array<elem>, map<key,value>. */
Type type_array_of(Type elem);
Type type_map_of(Type key, Type value);
/* round/bround/floor/ceil with a literal scale argument: the exact result type
 * (func_check, which sees no literal values, assumes scale 0). */
Type func_round_type(const FuncInfo *f, Type arg, int scale);
/* extract(field FROM x) / date_part('field', x) with a literal field: decimal(8,6)
 * for SECOND (seconds with their fraction), int otherwise (func_check says int). */
Type func_extract_type(const char *field);

#endif
