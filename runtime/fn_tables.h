/* The kernel tables of the function library, one per family (runtime/fn_*.c);
 * runtime/fn_registry.c collects them. Each is terminated by an entry whose name
 * is NULL. Operators (add, eq, cast, ...) are in fn_core.c, not here. */
#ifndef SLUICE_FN_TABLES_H
#define SLUICE_FN_TABLES_H

#include "fn.h"

extern const FnImpl fn_string_impls[];  // upper, substring, concat_ws, lpad, ...
extern const FnImpl fn_math_impls[];    // abs, round, floor, pow, log, greatest, ...
extern const FnImpl fn_date_impls[];    // to_date, date_format, date_add, year, ...
extern const FnImpl fn_hash_impls[];    // md5, sha1, sha2, crc32, hash, uuid
extern const FnImpl fn_regex_impls[];   // rlike, regexp_replace, regexp_extract, ...
extern const FnImpl fn_misc_impls[];    // nullif, nvl2, current_user, format_string, ...
extern const FnImpl fn_array_impls[];   // array, map, size, element_at, sort_array, ...
/* Kernels of names other families own (cast, eq, coalesce, concat, reverse, ...) for calls
 * that take or yield ARRAY/MAP values: the evaluator picks these for such calls. */
extern const FnImpl fn_array_nested_impls[];

#endif
