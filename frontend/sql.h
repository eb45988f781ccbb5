/* SQL front end interface: parse one source buffer (a cell or a whole .sql file,
 * after ${key} substitution) into a SqlScript AST, recovering after syntax errors
 * at the next statement; dump an AST as stable text for golden tests. */
#ifndef SLUICE_SQL_H
#define SLUICE_SQL_H

#include "arena.h"
#include "diag.h"
#include "source.h"
#include "str.h"

typedef struct SqlScript SqlScript;

SqlScript *sql_parse(Arena *a, const SourceSet *src, uint32_t buf, Diags *d);
void       sql_ast_dump(const SqlScript *s, StrBuf *out);

#endif
