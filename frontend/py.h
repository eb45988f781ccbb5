/* Python front end interface: parse one module buffer (the pipeline cells of a
 * notebook joined, or a .py file) into a PyModule AST; dump it as stable text. */
#ifndef SLUICE_PY_H
#define SLUICE_PY_H

#include "arena.h"
#include "diag.h"
#include "source.h"
#include "str.h"

typedef struct PyModule PyModule;

PyModule *py_parse(Arena *a, const SourceSet *src, uint32_t buf, Diags *d);
void      py_ast_dump(const PyModule *m, StrBuf *out);

#endif
