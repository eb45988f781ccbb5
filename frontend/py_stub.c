/* Placeholder until the Python grammar lands (delete this file then). */
#include "py.h"
PyModule *py_parse(Arena *a, const SourceSet *src, uint32_t buf, Diags *d) {
    (void)a, (void)src;
    diag_error(d, (SrcLoc){buf, 0, 0}, "Python parser not built yet");
    return NULL;
}
void py_ast_dump(const PyModule *m, StrBuf *out) { (void)m, (void)out; }
