/* Python literal decoding for the lexer: string scanning and escape decoding, f-string
 * splitting into literal parts and {expr!conv:spec} fields, and number values.
 * Private to the Python front end (grammar/py.re is the only user). */
#ifndef SLUICE_PY_STRINGS_H
#define SLUICE_PY_STRINGS_H

#include "py_lex.h"

typedef struct {
    const char *body, *body_end;  // the characters between the quotes
    const char *end;              // first byte after the literal (or where scanning stopped)
    bool        raw, bytes, is_f, triple;
} PyStrScan;

/* First byte of [s, e) that is not valid UTF-8 (CPython reads source as UTF-8), or NULL. */
const char *py_utf8_invalid(const char *s, const char *e);
/* Scan a literal starting at its prefix; NULL on success, else an error message. */
const char *py_string_scan(const char *tok, const char *lim, PyStrScan *sc);
PyExpr *py_string_const(PyParser *p, const PyStrScan *sc, SrcLoc at);
PyExpr *py_fstring(PyParser *p, const PyStrScan *sc, SrcLoc at);
/* A number literal's Constant; *err set (static message) when it is malformed. */
PyExpr *py_number(Arena *a, const char *s, uint32_t n, PyConstKind kind, SrcLoc at,
                  const char **err);

#endif
