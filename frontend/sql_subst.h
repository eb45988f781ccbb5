/* ${key} substitution in SQL text, done before parsing as DLT does
 * (dlt-language.md 2.6): statement by statement, so a `SET key = value` is seen by
 * the statements after it in the same file; then the pipeline configuration. */
#ifndef SLUICE_SQL_SUBST_H
#define SLUICE_SQL_SUBST_H

#include "arena.h"
#include "diag.h"
#include "hashmap.h"
#include "source.h"

/* Substitute in buffer buf. conf: configuration (key -> char*); sets: the file's SET
 * values so far (updated; keys and values in a). Returns buf itself when nothing
 * changed, else a derived buffer. Unresolved references are located errors. */
uint32_t sql_substitute(SourceSet *src, uint32_t buf, const HashMap *conf, HashMap *sets,
                        Arena *a, Diags *d);

#endif
