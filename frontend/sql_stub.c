/* Placeholder until the SQL grammar lands (delete this file then). */
#include "sql.h"
SqlScript *sql_parse(Arena *a, const SourceSet *src, uint32_t buf, Diags *d) {
    (void)a, (void)src;
    diag_error(d, (SrcLoc){buf, 0, 0}, "SQL parser not built yet");
    return NULL;
}
void sql_ast_dump(const SqlScript *s, StrBuf *out) { (void)s, (void)out; }
