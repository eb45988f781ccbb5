/* Python front end interface: parse one module buffer (the pipeline cells of a
 * notebook joined, or a .py file) into a PyModule AST; dump it as stable text. */
#ifndef SLUICE_PY_H
#define SLUICE_PY_H

#include "arena.h"
#include "diag.h"
#include "py_ast.h"
#include "source.h"
#include "str.h"

typedef struct PyModule PyModule;

/* Never NULL: on syntax errors the module holds the statements that parsed, and every
 * error is in d (the caller stops when diag_errors(d) > 0). The AST lives in a. */
PyModule *py_parse(Arena *a, const SourceSet *src, uint32_t buf, Diags *d);
/* Indented s-expressions, one statement per line with its original line:col. */
void      py_ast_dump(const PyModule *m, StrBuf *out);

#endif
