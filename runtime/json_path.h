/* JSON path extraction for get_json_object (runtime/fn_misc.c): a small validating
 * scanner over the JSON text (no tree, no allocation besides the output) and
 * Spark's path subset: $ .name ['name'] [n] [*]. */
#ifndef SLUICE_JSON_PATH_H
#define SLUICE_JSON_PATH_H

#include "str.h"

#include <stdbool.h>
#include <stddef.h>

/* Append the value at path in json to out: a string value unescaped, anything else
 * as compact JSON (numbers keep their original text: Jackson would print 3.50 as 3.5). With [*] several matches become a JSON array (one match stays
 * itself). false (out unspecified) when the JSON or the path is invalid or nothing
 * matches: get_json_object's NULL. */
bool json_path_get(const char *json, size_t n, const char *path, size_t pn, StrBuf *out);

#endif
